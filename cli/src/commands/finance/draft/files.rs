//! The files `ledger draft` reads: an application and a draft's terms (JSON, see
//! `cli/examples/draft-*.json`) and a bank statement (CSV). Everything is parsed and checked
//! here, line by line, before anything is sent, so that a mistake is reported with the field or
//! line it is on rather than as the contract's refusal of a whole message.
//!
//! Parties (the implementing unit, holders, final recipients, a statement's payer and payee)
//! may be written as addresses or as the names of keys in the key store; the caller passes the
//! function that turns them into addresses.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use anyhow::{Context, anyhow, bail};
use cosmwasm_std::Uint128;
use ledger_types::draft::{
    Application, BPS_WHOLE, BankRecordInput, DraftTerms, HopPlan, MAX_BANK_RECORDS, MAX_HOPS,
    MAX_SHORT_TEXT, StagePlan,
};
use serde::{Deserialize, Deserializer};

use crate::units::Money;
use crate::when::When;

/// The columns of a bank statement, in the order the example uses (any order is accepted).
pub const STATEMENT_COLUMNS: [&str; 6] = ["serial", "draft", "payer", "payee", "amount", "time"];

/// How many bad lines of a statement an error lists before it says how many more there are.
const MAX_LISTED_ERRORS: usize = 20;

/// An application file: the draft contract's `Application`, with the implementing unit given as
/// an address or a key name and the dates as unix seconds or UTC dates (`"2026-01-01"`).
///
/// Money is minor units as strings (`"30000000"` is 300,000.00), as in the contracts' messages
/// and the tariff files; the budget must equal the sum of the stages.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApplicationFile {
    /// The project's name.
    pub name: String,
    /// The project's type (industry, infrastructure, ...).
    pub project_type: String,
    /// The county department responsible.
    pub department: String,
    /// The whole budget, minor units.
    pub budget: Uint128,
    /// What the project is.
    pub description: String,
    /// The implementing unit (draft role implementing-unit): an address or a key name.
    pub implementing_unit: String,
    /// The unit's qualifications.
    pub unit_qualifications: String,
    /// When the project starts.
    #[serde(deserialize_with = "when_from_json")]
    pub start_date: When,
    /// When it ends (after the start).
    #[serde(deserialize_with = "when_from_json")]
    pub end_date: When,
    /// The funding plan, one stage after the other.
    pub stages: Vec<StageFile>,
    /// Notes for people; not sent to the chain.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A stage of an application file.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageFile {
    /// Minor units, more than zero.
    pub amount: Uint128,
    /// What the stage pays for.
    pub purpose: String,
}

impl ApplicationFile {
    /// Reads and parses an application file.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the application file {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("application file {}", path.display()))
    }

    /// Parses an application's JSON and checks what can be checked without the chain.
    pub fn parse(json: &str) -> anyhow::Result<Self> {
        let file: ApplicationFile =
            serde_json::from_str(json).map_err(|e| anyhow!("not a valid application: {e}"))?;
        if file.stages.is_empty() {
            bail!("not a valid application: `stages` is empty; give at least one stage");
        }
        if let Some(i) = file.stages.iter().position(|s| s.amount.is_zero()) {
            bail!("not a valid application: stage {} is for nothing", i + 1);
        }
        let planned = file
            .stages
            .iter()
            .try_fold(Uint128::zero(), |sum, s| sum.checked_add(s.amount))
            .map_err(|_| anyhow!("not a valid application: the stages' amounts overflow"))?;
        if planned != file.budget {
            bail!(
                "not a valid application: the budget is {} but the stages add up to {} \
                 (amounts are minor units: \"100\" is 1.00)",
                Money::from_minor(file.budget.u128()),
                Money::from_minor(planned.u128())
            );
        }
        Ok(file)
    }

    /// The contract's `Application`, parties resolved and `now` standing for `"now"`.
    pub fn resolve(
        &self,
        address: impl Fn(&str) -> anyhow::Result<String>,
        now: u64,
    ) -> anyhow::Result<Application> {
        let implementing_unit =
            address(&self.implementing_unit).context("application file: implementing_unit")?;
        Ok(Application {
            name: self.name.clone(),
            project_type: self.project_type.clone(),
            department: self.department.clone(),
            budget: self.budget,
            description: self.description.clone(),
            implementing_unit,
            unit_qualifications: self.unit_qualifications.clone(),
            start_date: self.start_date.resolve(now),
            end_date: self.end_date.resolve(now),
            stages: self
                .stages
                .iter()
                .map(|s| StagePlan {
                    amount: s.amount,
                    purpose: s.purpose.clone(),
                })
                .collect(),
        })
    }
}

/// A terms file: the rules a draft carries ([`DraftTerms`]), with holders and final recipients
/// as addresses or key names and the expiry as unix seconds or a UTC date-time. `project_id`
/// and `stage` may be left out and given on the command line instead (the stage defaults to
/// the project's current one).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermsFile {
    /// The project.
    #[serde(default)]
    pub project_id: Option<u64>,
    /// The approved stage the draft pays for.
    #[serde(default)]
    pub stage: Option<u32>,
    /// The chain of holders after the issuer, in order.
    pub hops: Vec<HopFile>,
    /// Who the draft may end with; the last hop's holder must be one of them.
    pub final_recipients: Vec<String>,
    /// After this nothing can be endorsed and what is still locked may return to the issuer.
    #[serde(deserialize_with = "when_from_json")]
    pub expires_at: When,
    /// Notes for people; not sent to the chain.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A hop of a terms file.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HopFile {
    /// The holder (draft role holder): an address or a key name.
    pub holder: String,
    /// What the holder is in the chain, e.g. "commercial bank".
    pub label: String,
    /// Share of the draft's amount released to the holder, basis points (600 is 6%).
    pub release_bps: u16,
}

impl TermsFile {
    /// Reads and parses a terms file.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the terms file {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("terms file {}", path.display()))
    }

    /// Parses a terms file's JSON and checks the shares.
    pub fn parse(json: &str) -> anyhow::Result<Self> {
        let file: TermsFile =
            serde_json::from_str(json).map_err(|e| anyhow!("not valid draft terms: {e}"))?;
        if file.hops.is_empty() || file.hops.len() > MAX_HOPS {
            bail!(
                "not valid draft terms: give 1 to {MAX_HOPS} hops, got {}",
                file.hops.len()
            );
        }
        let total: u32 = file.hops.iter().map(|h| u32::from(h.release_bps)).sum();
        if total == 0 || total > BPS_WHOLE {
            bail!(
                "not valid draft terms: the hops' release_bps add up to {total}; they must add \
                 up to 1 to {BPS_WHOLE} (10000 is the whole amount)"
            );
        }
        if file.final_recipients.is_empty() {
            bail!("not valid draft terms: `final_recipients` is empty");
        }
        Ok(file)
    }

    /// The contract's `DraftTerms` for `project_id` and `stage`, parties resolved.
    pub fn resolve(
        &self,
        project_id: u64,
        stage: u32,
        address: impl Fn(&str) -> anyhow::Result<String>,
        now: u64,
    ) -> anyhow::Result<DraftTerms> {
        let hops = self
            .hops
            .iter()
            .enumerate()
            .map(|(i, h)| {
                Ok(HopPlan {
                    holder: address(&h.holder)
                        .with_context(|| format!("terms file: holder of hop {i}"))?,
                    label: h.label.clone(),
                    release_bps: h.release_bps,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let final_recipients = self
            .final_recipients
            .iter()
            .map(|r| address(r).context("terms file: final_recipients"))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(DraftTerms {
            project_id,
            stage,
            hops,
            final_recipients,
            expires_at: self.expires_at.resolve(now),
        })
    }
}

/// Unix seconds, or a string `When` parses (`"now"`, `"2026-01-01"`, ...).
pub fn when_from_json<'de, D: Deserializer<'de>>(d: D) -> Result<When, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Unix(u64),
        Text(String),
    }
    match Raw::deserialize(d)? {
        Raw::Unix(t) => Ok(When::At(t)),
        Raw::Text(s) => s.parse().map_err(serde::de::Error::custom),
    }
}

/// One transfer of a bank statement, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementLine {
    /// Line of the file the record is on (1 is the header).
    pub line: u64,
    /// The bank transfer's serial number.
    pub serial: String,
    /// The draft the transfer belongs to.
    pub draft: u64,
    /// Who paid (an address).
    pub payer: String,
    /// Who was paid (an address).
    pub payee: String,
    /// The amount.
    pub amount: Money,
    /// When the bank booked it.
    pub time: When,
}

impl StatementLine {
    /// The record as the contract takes it, `now` standing for `"now"`.
    pub fn input(&self, now: u64) -> BankRecordInput {
        BankRecordInput {
            serial: self.serial.clone(),
            draft_id: self.draft,
            payer: self.payer.clone(),
            payee: self.payee.clone(),
            amount: self.amount.uint(),
            time: self.time.resolve(now),
        }
    }
}

/// Checks a serial number as the contract will: 1 to 128 characters, no spaces or control
/// characters.
pub fn check_serial(serial: &str) -> Result<(), String> {
    if serial.is_empty() {
        return Err("the serial number is empty".into());
    }
    if serial.chars().count() > MAX_SHORT_TEXT {
        return Err(format!(
            "serial '{serial}' is longer than {MAX_SHORT_TEXT} characters"
        ));
    }
    if serial.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "serial '{serial}' contains spaces or control characters"
        ));
    }
    Ok(())
}

/// Reads a bank statement: CSV with a header naming the columns serial, draft, payer, payee,
/// amount and time (in any order; `#` starts a comment line). The draft is the id of the draft
/// the transfer belongs to (a bank record matches only that draft's endorsement). Amounts are currency units with up to
/// two decimals (`3000.00`); times are unix seconds, UTC date-times (`2026-11-21T10:30:00Z`) or
/// `now`. Every line is checked; the error lists each bad line with what is wrong with it.
pub fn read_statement(
    path: &Path,
    address: impl Fn(&str) -> anyhow::Result<String>,
) -> anyhow::Result<Vec<StatementLine>> {
    let file = std::fs::File::open(path)
        .with_context(|| format!("cannot read the statement {}", path.display()))?;
    parse_statement(file, address).with_context(|| format!("statement {}", path.display()))
}

/// [`read_statement`] on any reader.
pub fn parse_statement(
    mut reader: impl Read,
    address: impl Fn(&str) -> anyhow::Result<String>,
) -> anyhow::Result<Vec<StatementLine>> {
    let mut text = Vec::new();
    reader
        .read_to_end(&mut text)
        .map_err(|e| anyhow!("cannot read it: {e}"))?;
    // The csv reader numbers records' lines without the comment and blank lines it skips, and
    // a record's byte position is where those skipped lines begin; the record's line in the
    // file is the first line from there that is neither blank nor a comment.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            text.iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    let line_at = |pos: Option<&csv::Position>| {
        let Some(pos) = pos else { return 0 };
        let offset = usize::try_from(pos.byte()).unwrap_or(usize::MAX);
        let mut line = starts.partition_point(|s| *s <= offset).max(1) - 1;
        while line + 1 < starts.len() {
            let end = starts[line + 1];
            let content = String::from_utf8_lossy(&text[starts[line]..end]);
            let content = content.trim();
            if !content.is_empty() && !content.starts_with('#') {
                break;
            }
            line += 1;
        }
        line as u64 + 1
    };
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_slice());
    let headers = csv
        .headers()
        .map_err(|e| anyhow!("cannot read the header line: {e}"))?
        .clone();
    if headers.is_empty() {
        bail!(
            "the file is empty; its first line must name the columns {}",
            STATEMENT_COLUMNS.join(",")
        );
    }
    let mut column = BTreeMap::new();
    for (i, name) in headers.iter().enumerate() {
        let name = name.to_ascii_lowercase();
        if !STATEMENT_COLUMNS.contains(&name.as_str()) {
            bail!(
                "line 1: unknown column '{name}'; the columns are {}",
                STATEMENT_COLUMNS.join(",")
            );
        }
        if column.insert(name.clone(), i).is_some() {
            bail!("line 1: column '{name}' appears twice");
        }
    }
    let missing: Vec<&str> = STATEMENT_COLUMNS
        .iter()
        .copied()
        .filter(|c| !column.contains_key(*c))
        .collect();
    if !missing.is_empty() {
        bail!(
            "line 1: the header lacks {}; it must name the columns {}",
            missing.join(", "),
            STATEMENT_COLUMNS.join(",")
        );
    }

    let mut lines = Vec::new();
    let mut errors = Vec::new();
    let mut first_line_of: BTreeMap<String, u64> = BTreeMap::new();
    for record in csv.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = line_at(e.position());
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let line = line_at(record.position());
        if record.len() != headers.len() {
            errors.push(format!(
                "line {line}: {} fields, expected {} ({})",
                record.len(),
                headers.len(),
                headers.iter().collect::<Vec<_>>().join(",")
            ));
            continue;
        }
        let field = |name: &str| record.get(column[name]).unwrap_or_default();
        let mut problems = Vec::new();
        let serial = field("serial").to_string();
        if let Err(why) = check_serial(&serial) {
            problems.push(why);
        } else if let Some(first) = first_line_of.get(&serial) {
            problems.push(format!("serial '{serial}' is also on line {first}"));
        } else {
            first_line_of.insert(serial.clone(), line);
        }
        let draft = match field("draft").parse::<u64>() {
            Ok(id) if id > 0 => id,
            _ => {
                problems.push(format!("'{}' is not a draft id", field("draft")));
                0
            }
        };
        let mut party = |name: &str| match field(name) {
            "" => {
                problems.push(format!("the {name} is empty"));
                String::new()
            }
            given => address(given).unwrap_or_else(|e| {
                problems.push(format!("{name}: {}", crate::errors::error_text(&e)));
                String::new()
            }),
        };
        let payer = party("payer");
        let payee = party("payee");
        let amount = match field("amount").parse::<Money>() {
            Ok(m) if m.minor() == 0 => {
                problems.push("the amount is zero".into());
                Money::from_minor(0)
            }
            Ok(m) => m,
            Err(why) => {
                problems.push(why);
                Money::from_minor(0)
            }
        };
        let time = match field("time").parse::<When>() {
            Ok(t) => t,
            Err(why) => {
                problems.push(why);
                When::Now
            }
        };
        if problems.is_empty() {
            lines.push(StatementLine {
                line,
                serial,
                draft,
                payer,
                payee,
                amount,
                time,
            });
        } else {
            errors.push(format!("line {line}: {}", problems.join("; ")));
        }
    }
    if !errors.is_empty() {
        let more = errors.len().saturating_sub(MAX_LISTED_ERRORS);
        let mut text = format!(
            "{} bad line{}, nothing was posted:",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        );
        for e in errors.iter().take(MAX_LISTED_ERRORS) {
            text.push_str("\n  ");
            text.push_str(e);
        }
        if more > 0 {
            text.push_str(&format!("\n  ... and {more} more"));
        }
        bail!(text);
    }
    if lines.is_empty() {
        bail!("no records: the file has a header line and nothing else");
    }
    Ok(lines)
}

/// The statement cut into the messages it is posted in: at most [`MAX_BANK_RECORDS`] records
/// each, in file order.
pub fn batches(lines: &[StatementLine]) -> impl Iterator<Item = &[StatementLine]> {
    lines.chunks(MAX_BANK_RECORDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: &str = "wasm1jzdgvldf65xrqgue3f8ru3dcef639hdrm94dcm";
    const BOB: &str = "wasm1ch7wlvta4e32pck0fjhygufjrhlfcrnhuunvnf";

    /// Addresses pass; `alice` and `bob` are key names; anything else is unknown.
    fn resolve(given: &str) -> anyhow::Result<String> {
        match given {
            "alice" => Ok(ALICE.into()),
            "bob" => Ok(BOB.into()),
            a if a.starts_with("wasm1") => Ok(a.into()),
            other => bail!("'{other}' is neither an address (wasm1...) nor the name of a key"),
        }
    }

    fn statement(text: &str) -> anyhow::Result<Vec<StatementLine>> {
        parse_statement(text.as_bytes(), resolve)
    }

    #[test]
    fn a_good_statement_parses_in_any_column_order() {
        let lines = statement(
            "serial,draft,payer,payee,amount,time\n\
             ICBC-0001,1,alice,bob,3000.00,2026-11-01T10:30:00Z\n\
             # a comment line is skipped\n\
             \n\
             ICBC-0002, 2 , bob , alice ,0.5,1793491200\n",
        )
        .unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(
            lines[0],
            StatementLine {
                line: 2,
                serial: "ICBC-0001".into(),
                draft: 1,
                payer: ALICE.into(),
                payee: BOB.into(),
                amount: Money::from_minor(300_000),
                time: When::At(1_793_491_200 + 37_800),
            }
        );
        assert_eq!(lines[1].line, 5);
        assert_eq!(lines[1].payer, BOB);
        assert_eq!(lines[1].amount.minor(), 50);
        let input = lines[1].input(9);
        assert_eq!(input.amount, Uint128::new(50));
        assert_eq!(input.time, 1_793_491_200);
        assert_eq!(input.draft_id, 2);

        let reordered =
            statement("time,amount,payee,payer,serial,draft\nnow,12,bob,alice,S-1,3\n").unwrap();
        assert_eq!(reordered[0].serial, "S-1");
        assert_eq!(reordered[0].payee, BOB);
        assert_eq!(reordered[0].time, When::Now);
        assert_eq!(reordered[0].input(77).time, 77);
        let upper =
            statement("Serial,Draft,Payer,Payee,Amount,Time\nS-1,1,alice,bob,1,now\n").unwrap();
        assert_eq!(upper.len(), 1);
    }

    #[test]
    fn every_bad_line_is_named_with_its_problem() {
        let err = statement(
            "serial,draft,payer,payee,amount,time\n\
             S-1,1,alice,bob,10.00,now\n\
             # comment and blank lines count in the line numbers\n\
             \n\
             S-2,1,carol,bob,10.00,now\n\
             S 3,x,alice,bob,1.234,yesterday\n\
             S-1,1,alice,bob,0,now\n\
             S-5,1,alice,bob\n\
             ,1,alice,,-1,now\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("5 bad lines, nothing was posted:"), "{err}");
        let lines: Vec<&str> = err.lines().skip(1).map(str::trim).collect();
        assert_eq!(lines.len(), 5, "{err}");
        assert!(
            lines[0].starts_with("line 5: payer: 'carol' is neither an address"),
            "{err}"
        );
        assert!(
            lines[1].starts_with("line 6: serial 'S 3' contains spaces")
                && lines[1].contains("'x' is not a draft id")
                && lines[1].contains("'1.234' is not an amount: at most 2 decimals")
                && lines[1].contains("'yesterday' is not a time"),
            "{err}"
        );
        assert_eq!(
            lines[2],
            "line 7: serial 'S-1' is also on line 2; the amount is zero"
        );
        assert!(
            lines[3].starts_with("line 8: 4 fields, expected 6"),
            "{err}"
        );
        assert!(
            lines[4].starts_with("line 9: the serial number is empty; the payee is empty; '-1'"),
            "{err}"
        );
    }

    #[test]
    fn a_bad_header_is_refused_before_any_line() {
        let err = |text: &str| statement(text).unwrap_err().to_string();
        assert!(
            err("serial,draft,payer,payee,amount\nS,1,alice,bob,1\n")
                .contains("the header lacks time"),
            "missing column"
        );
        assert!(
            err("serial,draft,payer,payee,amount,time,memo\n").contains("unknown column 'memo'")
        );
        assert!(err("serial,draft,payer,payee,amount,time,serial\n").contains("appears twice"));
        assert!(
            err("serial,payer,payee,amount,time\nS,alice,bob,1,now\n")
                .contains("the header lacks draft"),
            "a statement without the draft column"
        );
        assert!(err("").contains("the file is empty"));
        assert!(err("serial,draft,payer,payee,amount,time\n").contains("no records"));
    }

    #[test]
    fn statements_are_posted_in_batches_of_the_contracts_maximum() {
        let mut text = String::from("serial,draft,payer,payee,amount,time\n");
        for i in 0..(2 * MAX_BANK_RECORDS + 3) {
            text.push_str(&format!("S-{i},1,alice,bob,1.00,now\n"));
        }
        let lines = statement(&text).unwrap();
        let sizes: Vec<usize> = batches(&lines).map(<[_]>::len).collect();
        assert_eq!(sizes, [MAX_BANK_RECORDS, MAX_BANK_RECORDS, 3]);
        assert_eq!(batches(&lines).nth(1).unwrap()[0].serial, "S-50");
    }

    #[test]
    fn the_example_application_parses_and_resolves() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/draft-application.json");
        let file = ApplicationFile::load(&path).unwrap();
        let app = file
            .resolve(|_: &str| Ok(ALICE.to_string()), 1_000)
            .unwrap();
        assert_eq!(app.implementing_unit, ALICE);
        assert_eq!(app.stages.len(), 2);
        assert_eq!(
            app.budget,
            app.stages.iter().map(|s| s.amount).sum::<Uint128>()
        );
        assert!(app.start_date < app.end_date);
    }

    #[test]
    fn applications_are_checked_field_by_field() {
        let good = r#"{
            "name": "Rural planting", "project_type": "industry",
            "department": "county agriculture bureau", "budget": "500",
            "description": "greenhouses", "implementing_unit": "alice",
            "unit_qualifications": "grade B", "start_date": "2026-01-01",
            "end_date": 1900000000,
            "stages": [{"amount": "300", "purpose": "frames"}, {"amount": "200", "purpose": "seedlings"}]
        }"#;
        let file = ApplicationFile::parse(good).unwrap();
        assert_eq!(file.start_date, When::At(1_767_225_600));
        assert_eq!(file.end_date, When::At(1_900_000_000));
        let app = file.resolve(resolve, 0).unwrap();
        assert_eq!(app.implementing_unit, ALICE);
        assert_eq!(app.budget, Uint128::new(500));

        let bad = |from: &str, to: &str| {
            ApplicationFile::parse(&good.replace(from, to))
                .unwrap_err()
                .to_string()
        };
        assert!(
            bad(r#""budget": "500""#, r#""budget": "501""#)
                .contains("the budget is 5.01 but the stages add up to 5.00"),
        );
        assert!(bad(r#""budget": "500""#, r#""budget": 5.0"#).contains("not a valid application"));
        assert!(bad(r#""name""#, r#""nmae""#).contains("unknown field `nmae`"));
        assert!(bad(r#""2026-01-01""#, r#""2026-13-01""#).contains("is not a time"));
        assert!(bad(r#""amount": "300""#, r#""amount": "0""#).contains("stage 1 is for nothing"),);
        let unknown = ApplicationFile::parse(&good.replace("\"alice\"", "\"carol\""))
            .unwrap()
            .resolve(resolve, 0)
            .unwrap_err();
        assert!(
            crate::errors::error_text(&unknown).contains("implementing_unit: 'carol' is neither"),
            "{unknown:#}"
        );
    }

    #[test]
    fn the_example_terms_parse_and_shares_are_checked() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/draft-terms.json");
        let file = TermsFile::load(&path).unwrap();
        let terms = file
            .resolve(7, 1, |_: &str| Ok(BOB.to_string()), 1_000)
            .unwrap();
        assert_eq!((terms.project_id, terms.stage), (7, 1));
        let shares: u32 = terms.hops.iter().map(|h| u32::from(h.release_bps)).sum();
        assert_eq!(shares, BPS_WHOLE);
        assert!(terms.expires_at > 1_000);

        let good = r#"{
            "hops": [
                {"holder": "alice", "label": "finance department", "release_bps": 0},
                {"holder": "bob", "label": "implementing unit", "release_bps": 10000}
            ],
            "final_recipients": ["bob"],
            "expires_at": "2027-06-30"
        }"#;
        let file = TermsFile::parse(good).unwrap();
        assert_eq!(file.project_id, None);
        let terms = file.resolve(3, 2, resolve, 0).unwrap();
        assert_eq!(terms.hops[0].holder, ALICE);
        assert_eq!(terms.final_recipients, [BOB]);
        let bad = |from: &str, to: &str| {
            TermsFile::parse(&good.replace(from, to))
                .unwrap_err()
                .to_string()
        };
        assert!(bad("10000", "10001").contains("add up to 10001; they must add up to 1 to 10000"),);
        assert!(bad("10000", "0").contains("add up to 0"));
        assert!(bad("10000", "70000").contains("not valid draft terms"));
        assert!(bad(r#"["bob"]"#, "[]").contains("`final_recipients` is empty"));
        assert!(bad("release_bps\": 0", "share\": 0").contains("unknown field `share`"));
        let unknown = TermsFile::parse(&good.replace("\"bob\"", "\"carol\""))
            .unwrap()
            .resolve(1, 1, resolve, 0)
            .unwrap_err();
        assert!(
            crate::errors::error_text(&unknown).contains("holder of hop 1: 'carol' is neither"),
            "{unknown:#}"
        );
    }

    #[test]
    fn the_example_statement_parses() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/draft-statement.csv");
        let named = |name: &str| Ok(format!("wasm1{}", name.replace('-', "")));
        let lines = read_statement(&path, named).unwrap();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].line, 7, "after five comment lines and the header");
        assert_eq!(lines[0].payer, "wasm1provincialoffice");
        assert_eq!(lines[0].draft, 1);
        assert_eq!(lines[3].amount, "282000.00".parse::<Money>().unwrap());
        let err = read_statement(Path::new("/nonexistent.csv"), named).unwrap_err();
        assert!(
            crate::errors::error_text(&err)
                .starts_with("cannot read the statement /nonexistent.csv"),
            "{err:#}"
        );
    }

    #[test]
    fn serials_follow_the_contracts_rule() {
        assert!(check_serial("ICBC-2026-0001").is_ok());
        assert!(check_serial("").is_err());
        assert!(check_serial("A B").is_err());
        assert!(check_serial("A\tB").is_err());
        assert!(check_serial(&"x".repeat(129)).is_err());
        assert!(check_serial(&"x".repeat(128)).is_ok());
    }
}
