//! One row of an applications file read by column name into a [`LoanRow`], its problems
//! collected as [`RowError`]s, and the parsers of single cells.

use std::collections::BTreeMap;

use cosmwasm_std::Uint128;
use ledger_types::loan_share::{
    LoanType, MAX_DATA_LINKS, MAX_FEE_PER_10K, MAX_LINK_LEN, MAX_PARTICIPANTS, MAX_RATE_BPS,
    MAX_SHORT_TEXT, RiskSummary, SensitiveField, VehicleInfo,
};

use crate::units::{Money, parse_fixed};
use crate::when::When;

use super::{End, LoanRow, MAX_SENSITIVE_BYTES, RowError, Sensitive};

/// Reads the cells of one row by column name and collects its problems.
pub(super) struct RowReader<'a> {
    pub(super) row: u64,
    pub(super) cells: &'a [Result<String, String>],
    pub(super) index: &'a BTreeMap<&'static str, usize>,
    pub(super) errors: Vec<RowError>,
}

impl RowReader<'_> {
    pub(super) fn error(&mut self, column: &'static str, message: String) {
        self.errors.push(RowError {
            row: self.row,
            column: Some(column),
            message,
        });
    }

    /// The cell's text ("" when the column is absent or the row is short), or `None` after
    /// recording why it cannot be read.
    pub(super) fn cell(&mut self, column: &'static str) -> Option<String> {
        let Some(&i) = self.index.get(column) else {
            return Some(String::new());
        };
        match self.cells.get(i) {
            None => Some(String::new()),
            Some(Ok(text)) => Some(text.trim().to_string()),
            Some(Err(why)) => {
                self.error(column, why.clone());
                None
            }
        }
    }

    /// A cell that must not be blank.
    fn required(&mut self, column: &'static str, what: &str) -> Option<String> {
        let text = self.cell(column)?;
        if text.is_empty() {
            self.error(column, format!("empty; give {what}"));
            return None;
        }
        Some(text)
    }

    fn parsed<T>(
        &mut self,
        column: &'static str,
        what: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let text = self.required(column, what)?;
        match parse(&text) {
            Ok(v) => Some(v),
            Err(why) => {
                self.error(column, why);
                None
            }
        }
    }

    fn money(&mut self, column: &'static str, positive: bool) -> Option<Money> {
        let value = self.parsed(column, "an amount in currency units, e.g. 100000.00", |s| {
            s.replace(',', "").parse::<Money>()
        })?;
        if positive && value.minor() == 0 {
            self.error(column, "must be more than zero".to_string());
            return None;
        }
        Some(value)
    }

    fn whole(&mut self, column: &'static str, what: &str, range: (u32, u32)) -> Option<u32> {
        let (min, max) = range;
        self.parsed(column, what, |s| {
            s.parse::<u32>()
                .ok()
                .filter(|v| (min..=max).contains(v))
                .ok_or_else(|| format!("'{s}' is not a whole number from {min} to {max}"))
        })
    }

    fn rate(&mut self, column: &'static str) -> Option<u32> {
        self.parsed(column, "an annual rate in percent, e.g. 18.5", |s| {
            let bad = || {
                format!(
                    "'{s}' is not an annual rate: give percent with up to 2 decimals from 0 to \
                     100, e.g. 18.5"
                )
            };
            let bps = parse_fixed(s.trim_end_matches('%').trim(), 2).map_err(|_| bad())?;
            u32::try_from(bps)
                .ok()
                .filter(|b| *b <= MAX_RATE_BPS)
                .ok_or_else(bad)
        })
    }

    fn text(&mut self, column: &'static str, what: &str, identifier: bool) -> Option<String> {
        let text = self.required(column, what)?;
        let len = text.chars().count();
        if len > MAX_SHORT_TEXT {
            self.error(
                column,
                format!("{len} characters; at most {MAX_SHORT_TEXT} are allowed"),
            );
            return None;
        }
        if identifier && text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            self.error(
                column,
                format!("'{text}' must not contain spaces or control characters"),
            );
            return None;
        }
        Some(text)
    }

    /// A sensitive cell: its problems are described without quoting it.
    fn sensitive(&mut self, field: SensitiveField) -> Option<Sensitive> {
        let column = sensitive_column(field);
        let text = self.required(
            column,
            "the borrower's value (it is encrypted before sending)",
        )?;
        let value = Sensitive::new(&text);
        if text.chars().any(char::is_control) {
            self.error(column, "contains control characters".to_string());
            return None;
        }
        if text.len() > MAX_SENSITIVE_BYTES {
            self.error(
                column,
                format!(
                    "{} bytes long; at most {MAX_SENSITIVE_BYTES} fit a ciphertext",
                    text.len()
                ),
            );
            return None;
        }
        Some(value)
    }

    fn when(&mut self, column: &'static str, what: &str) -> Option<When> {
        self.parsed(column, what, |s| s.parse::<When>())
    }

    pub(super) fn application(&mut self) -> Option<LoanRow> {
        let asset_id = self.text("asset_id", "the loan's id in your system", true);
        let loan_type = self.parsed("loan_type", "the kind of loan", parse_loan_type);
        let loan_amount = self.money("loan_amount", true);
        let risk_score = self.text("risk_score", "the risk score or grade", false);
        let loan_limit = self.money("loan_limit", false);
        let suggested = self.money("suggested_share_limit", false);
        let offered = self.money("offered", true);
        let min_rate = self.rate("min_rate");
        let max_rate = self.rate("max_rate");
        let fee = self.whole(
            "fee_per_10k",
            "token units per 10,000 confirmed, e.g. 1",
            (1, MAX_FEE_PER_10K),
        );
        let participants = self.whole(
            "max_participants",
            "how many lenders may join",
            (1, MAX_PARTICIPANTS),
        );
        let start = match self.cell("start") {
            Some(s) if s.is_empty() => Some(When::Now),
            Some(s) => match s.parse::<When>() {
                Ok(w) => Some(w),
                Err(why) => {
                    self.error("start", why);
                    None
                }
            },
            None => None,
        };
        let end = self.parsed(
            "end",
            "when the plan closes: a UTC date or date-time, or a time after the start (30d, 12h)",
            parse_end,
        );
        let data_links = self.data_links();

        // Sensitive fields: the first three always; plate and engine numbers exactly for car
        // loans.
        let mut sensitive = Vec::new();
        for field in &SensitiveField::ALL[..3] {
            if let Some(v) = self.sensitive(*field) {
                sensitive.push((*field, v));
            }
        }
        let car_columns = [
            "plate_number",
            "engine_number",
            "mileage_km",
            "purchased_at",
        ];
        let mut vehicle = None;
        if let Some(loan_type) = loan_type {
            if loan_type.is_car_loan() {
                for field in &SensitiveField::ALL[3..] {
                    if let Some(v) = self.sensitive(*field) {
                        sensitive.push((*field, v));
                    }
                }
                vehicle = self.vehicle();
            } else {
                for column in car_columns {
                    if self.cell(column).is_some_and(|c| !c.is_empty()) {
                        self.error(
                            column,
                            format!(
                                "car details belong to car loans (car_mortgage, car_pledge), not \
                                 to a {} loan; leave it empty",
                                loan_type.as_str()
                            ),
                        );
                    }
                }
            }
        }

        if let (Some(amount), Some(offered)) = (loan_amount, offered) {
            if offered.minor() > amount.minor() {
                self.error(
                    "offered",
                    format!("{offered} is more than the loan amount {amount}"),
                );
            }
        }
        if let (Some(min), Some(max)) = (min_rate, max_rate) {
            if min > max {
                self.error(
                    "max_rate",
                    "the highest accepted rate is below the lowest (min_rate)".to_string(),
                );
            }
        }
        if let (Some(When::At(start)), Some(End::At(When::At(end)))) = (start, end) {
            if end <= start {
                self.error(
                    "end",
                    "the plan must close after it opens (start)".to_string(),
                );
            }
        }
        if let Some(End::At(When::Now)) = end {
            self.error(
                "end",
                "a plan cannot close now; give a later date or a time after the start (30d)"
                    .to_string(),
            );
        }

        if !self.errors.is_empty() {
            return None;
        }
        Some(LoanRow {
            row: self.row,
            asset_id: asset_id?,
            loan_type: loan_type?,
            loan_amount: loan_amount?,
            sensitive,
            vehicle,
            risk: RiskSummary {
                score: risk_score?,
                loan_limit: Uint128::new(loan_limit?.minor()),
                suggested_share_limit: Uint128::new(suggested?.minor()),
            },
            data_links: data_links?,
            offered: offered?,
            min_rate_bps: min_rate?,
            max_rate_bps: max_rate?,
            fee_per_10k: fee?,
            max_participants: participants?,
            start: start?,
            end: end?,
        })
    }

    fn data_links(&mut self) -> Option<Vec<String>> {
        let text = self.cell("data_links")?;
        let links: Vec<String> = text
            .split(|c: char| c == ';' || c.is_whitespace())
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if links.len() > MAX_DATA_LINKS {
            self.error(
                "data_links",
                format!(
                    "{} links; at most {MAX_DATA_LINKS} are allowed (separate them with ';')",
                    links.len()
                ),
            );
            return None;
        }
        if let Some(long) = links.iter().find(|l| l.chars().count() > MAX_LINK_LEN) {
            self.error(
                "data_links",
                format!("the link '{long}' is longer than {MAX_LINK_LEN} characters"),
            );
            return None;
        }
        Some(links)
    }

    /// Mileage and purchase time of a car loan: both or neither.
    fn vehicle(&mut self) -> Option<VehicleInfo> {
        let mileage = self.cell("mileage_km")?;
        let purchased = self.cell("purchased_at")?;
        if mileage.is_empty() && purchased.is_empty() {
            return None;
        }
        let mileage_km = self.parsed("mileage_km", "the car's mileage in km", |s| {
            s.replace(',', "")
                .parse::<u64>()
                .map_err(|_| format!("'{s}' is not a whole number of kilometres"))
        });
        let purchased_at = self.when("purchased_at", "when the borrower bought the car");
        match (mileage_km, purchased_at) {
            (Some(mileage_km), Some(When::At(purchased_at))) => Some(VehicleInfo {
                mileage_km,
                purchased_at,
            }),
            (_, Some(When::Now)) => {
                self.error(
                    "purchased_at",
                    "give the purchase date (YYYY-MM-DD), not now".to_string(),
                );
                None
            }
            _ => None,
        }
    }
}

/// The column holding a sensitive field.
pub fn sensitive_column(field: SensitiveField) -> &'static str {
    match field {
        SensitiveField::BorrowerName => "borrower_name",
        SensitiveField::IdNumber => "id_number",
        SensitiveField::Phone => "phone",
        SensitiveField::PlateNumber => "plate_number",
        SensitiveField::EngineNumber => "engine_number",
    }
}

/// A loan type by its name (`car_mortgage`, `car-mortgage`, `Car Mortgage`).
pub fn parse_loan_type(s: &str) -> Result<LoanType, String> {
    let wanted: String = s
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect();
    LoanType::ALL
        .into_iter()
        .find(|t| t.as_str() == wanted)
        .ok_or_else(|| {
            let names: Vec<&str> = LoanType::ALL.iter().map(LoanType::as_str).collect();
            format!("'{s}' is not a loan type; use one of {}", names.join(", "))
        })
}

/// A plan's end: `30d` or `12h` after its start, or an instant.
pub fn parse_end(s: &str) -> Result<End, String> {
    let relative = |digits: &str, unit: u64| {
        digits
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
            .and_then(|n| n.checked_mul(unit))
            .map(End::After)
    };
    if let Some(d) = s.strip_suffix('d').and_then(|d| relative(d, 86_400)) {
        return Ok(d);
    }
    if let Some(h) = s.strip_suffix('h').and_then(|h| relative(h, 3_600)) {
        return Ok(h);
    }
    s.parse::<When>().map(End::At).map_err(|_| {
        format!(
            "'{s}' is not an end: give a time after the start (30d, 12h) or a UTC date or \
             date-time (2026-12-31, 2026-12-31T18:00)"
        )
    })
}
