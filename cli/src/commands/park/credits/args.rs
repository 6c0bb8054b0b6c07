//! The `ledger park credits` command line: subcommands, their flags and the values they parse
//! into (serial ranges `1-1000`, spans `2025-01-01..2026-01-01`, holders' shares
//! `ADDR=TRADABLE[:RETIRED]`, product claims `PRODUCT@VERSION`).

use std::path::PathBuf;
use std::str::FromStr;

use clap::{ArgGroup, Args, Subcommand};
use ledger_sdk::contracts::park::credits::{
    ConsumptionClaim, ProductClaim, RetirementTerms, Standard, parse_standard,
};

use crate::args::Limit;
use crate::units::Money;
use crate::when::When;

/// `ledger park credits ...`
#[derive(Subcommand, Debug)]
pub enum CreditsCmd {
    /// Let an address sign off batches of a standard (the registry's administrator)
    AddVerifier {
        /// The standard: vcs, cdm, gold-standard, or another programme's name
        #[arg(long, value_parser = standard)]
        standard: Standard,
        /// The verifier (an address or a key name)
        address: String,
    },
    /// Withdraw a verifier of a standard (the registry's administrator)
    RemoveVerifier {
        /// The standard: vcs, cdm, gold-standard, or another programme's name
        #[arg(long, value_parser = standard)]
        standard: Standard,
        /// The verifier (an address or a key name)
        address: String,
    },
    /// Create a class of credits under a standard (the registry's administrator)
    CreateClass {
        /// The class's id (letters, digits, '.', '_', '-'; up to 32)
        id: String,
        /// The standard: vcs, cdm, gold-standard, or another programme's name
        #[arg(long, value_parser = standard)]
        standard: Standard,
        /// The methodology's reference (e.g. VM0042)
        #[arg(long, value_name = "REF")]
        methodology: String,
        /// Who manages the class's issuers (an address or a key name; the --from key when
        /// left out)
        #[arg(long, value_name = "ADDR")]
        admin: Option<String>,
        /// An issuer of the class; repeat for more
        #[arg(long, value_name = "ADDR")]
        issuer: Vec<String>,
    },
    /// Add and remove a class's issuers (the class's administrator)
    UpdateIssuers {
        /// The class
        class: String,
        /// An issuer to add; repeat for more
        #[arg(long, value_name = "ADDR", required_unless_present = "remove")]
        add: Vec<String>,
        /// An issuer to remove; repeat for more
        #[arg(long, value_name = "ADDR")]
        remove: Vec<String>,
    },
    /// Create a project whose batches the class credits (an issuer of the class)
    CreateProject {
        /// The project's id (letters, digits, '.', '_', '-'; up to 32)
        id: String,
        /// The class
        #[arg(long)]
        class: String,
        /// Where it reduces emissions: ISO 3166-1 alpha-2, optionally with a subdivision
        /// (KE, KE-110)
        #[arg(long, value_name = "CODE")]
        jurisdiction: String,
        /// The developer (an organisation's name)
        #[arg(long, value_name = "NAME")]
        developer: String,
        /// A URI or a short JSON document about the project
        #[arg(long, default_value = "")]
        metadata: String,
    },
    /// Propose a batch of a project's credits, reserving its serial range; prints the batch's
    /// id (an issuer of the project's class)
    ProposeBatch(Box<ProposeArgs>),
    /// Sign a proposed batch off, issuing its credits (a verifier of the class's standard who
    /// neither proposed it nor issues for or administers its class)
    ApproveBatch {
        /// The batch's id
        id: u64,
    },
    /// Refuse a proposed batch, freeing its serial range (a verifier of the class's standard)
    RejectBatch {
        /// The batch's id
        id: u64,
        /// Why (up to 256 bytes)
        #[arg(long)]
        reason: String,
    },
    /// Move tradable credits to another holder, with --retire retired on arrival in its name
    /// (a holder)
    Transfer(Box<TransferArgs>),
    /// Retire tradable credits for a beneficiary; prints the retirement certificate's id (a
    /// holder)
    Retire(Box<RetireArgs>),
    /// Cancel tradable credits for ever, unclaimed (a holder)
    Cancel {
        /// The batch
        batch: u64,
        /// Credits
        amount: u64,
        /// Why (up to 256 bytes; e.g. exported to another registry)
        #[arg(long)]
        reason: String,
    },
    /// Offer tradable credits at a price per credit, escrowing them; prints the order's id (a
    /// holder)
    Sell {
        /// The batch
        batch: u64,
        /// Credits
        amount: u64,
        /// Price per credit in the settlement token (e.g. 12.50)
        #[arg(long)]
        price: Money,
    },
    /// Withdraw what is left of a sell order (its seller)
    CancelOrder {
        /// The order's id
        order: u64,
    },
    /// Buy credits of a sell order, paying exactly amount × price in the settlement token;
    /// with --retire they are retired in the buyer's name at once
    Buy(Box<BuyArgs>),
    /// Every class, by id
    Classes {
        #[command(flatten)]
        limit: Limit,
    },
    /// One class: its standard, methodology, administrator and issuers
    Class {
        /// The class's id
        id: String,
    },
    /// Every project, by id
    Projects {
        #[command(flatten)]
        limit: Limit,
    },
    /// One project
    Project {
        /// The project's id
        id: String,
    },
    /// Every batch (proposed, issued or rejected), by id
    Batches {
        #[command(flatten)]
        limit: Limit,
    },
    /// One batch: its vintage, serials, sign-off, issuance and totals
    Batch {
        /// The batch's id
        id: u64,
    },
    /// A holder's tradable and retired credits, by batch
    Balances {
        /// The holder (an address or a key name; the --from key when left out)
        holder: Option<String>,
        #[command(flatten)]
        limit: Limit,
    },
    /// One retirement certificate
    Retirement {
        /// The retirement's id
        id: u64,
    },
    /// Retirements of a holder, for a beneficiary, against a meter or against a product
    Retirements(Box<RetirementsArgs>),
    /// A batch's or a holder's history, oldest first
    History {
        /// The batch
        #[arg(long, required_unless_present = "holder", conflicts_with = "holder")]
        batch: Option<u64>,
        /// The holder (an address or a key name)
        #[arg(long)]
        holder: Option<String>,
        #[command(flatten)]
        limit: Limit,
    },
    /// Open sell orders, every seller's or one's
    Orders {
        /// Only this seller's (an address or a key name)
        #[arg(long)]
        seller: Option<String>,
        #[command(flatten)]
        limit: Limit,
    },
    /// The batch whose range covers a serial number of a standard
    Serial {
        /// The standard: vcs, cdm, gold-standard, or another programme's name
        #[arg(long, value_parser = standard)]
        standard: Standard,
        /// The serial number
        serial: u64,
    },
    /// A standard's verifiers
    Verifiers {
        /// The standard: vcs, cdm, gold-standard, or another programme's name
        #[arg(long, value_parser = standard)]
        standard: Standard,
        #[command(flatten)]
        limit: Limit,
    },
    /// The registry, settlement token and footprints contract the credits contract uses
    Config,
    /// Write a holder's credit history and retirement certificates to an XLSX workbook
    Export {
        /// The holder (an address or a key name)
        holder: String,
        /// The workbook to write
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
    },
}

/// `propose-batch`
#[derive(Args, Debug)]
pub struct ProposeArgs {
    /// The project credited
    #[arg(long)]
    pub project: String,
    /// The vintage, FROM..TO (TO excluded; e.g. 2025-01-01..2026-01-01)
    #[arg(long, value_name = "FROM..TO")]
    pub vintage: Period,
    /// The serial range, FIRST-LAST (both included; e.g. 1-1000)
    #[arg(long, value_name = "FIRST-LAST")]
    pub serials: SerialRange,
    /// A holder's share, ADDR=TRADABLE[:RETIRED] (an address or a key name); repeat for more.
    /// Retired shares take the retirement flags below
    #[arg(long = "to", value_name = "ADDR=TRADABLE[:RETIRED]", required = true)]
    pub to: Vec<Share>,
    /// A URI or a short JSON document about the batch
    #[arg(long, default_value = "")]
    pub metadata: String,
    #[command(flatten)]
    pub terms: TermsArgs,
}

/// `transfer`
#[derive(Args, Debug)]
pub struct TransferArgs {
    /// The batch
    pub batch: u64,
    /// Credits
    pub amount: u64,
    /// The recipient (an address or a key name)
    #[arg(long, value_name = "ADDR")]
    pub to: String,
    /// Retire the credits on arrival in the recipient's name (give the retirement flags)
    #[arg(long)]
    pub retire: bool,
    #[command(flatten)]
    pub terms: TermsArgs,
}

/// `retire`
#[derive(Args, Debug)]
pub struct RetireArgs {
    /// The batch
    pub batch: u64,
    /// Credits
    pub amount: u64,
    #[command(flatten)]
    pub terms: TermsArgs,
}

/// `buy`
#[derive(Args, Debug)]
pub struct BuyArgs {
    /// The sell order
    pub order: u64,
    /// Credits
    pub amount: u64,
    /// Retire the credits in the buyer's name at once (give the retirement flags)
    #[arg(long)]
    pub retire: bool,
    #[command(flatten)]
    pub terms: TermsArgs,
}

/// `retirements`: exactly one of the four.
#[derive(Args, Debug)]
#[command(group(
    ArgGroup::new("whose")
        .required(true)
        .args(["holder", "beneficiary", "meter", "product"])
))]
pub struct RetirementsArgs {
    /// In this holder's name (an address or a key name)
    #[arg(long)]
    pub holder: Option<String>,
    /// For this beneficiary (the exact name given at retirement)
    #[arg(long)]
    pub beneficiary: Option<String>,
    /// Against this consumption meter
    #[arg(long)]
    pub meter: Option<String>,
    /// Against any version of this product's footprint
    #[arg(long)]
    pub product: Option<String>,
    #[command(flatten)]
    pub limit: Limit,
}

/// What a retirement is for: the flags `retire` requires and `transfer --retire`, `buy
/// --retire` and `propose-batch` with retired shares take.
#[derive(Args, Debug, Default, Clone, PartialEq)]
pub struct TermsArgs {
    /// Who may claim the reduction (an organisation or a person, up to 128 bytes)
    #[arg(long, value_name = "NAME")]
    pub beneficiary: Option<String>,
    /// Whom the holder retires for (a name, or the address owning the --meter or declaring
    /// the --product)
    #[arg(long, value_name = "NAME")]
    pub on_behalf_of: Option<String>,
    /// Where the reduction is claimed: ISO 3166-1 alpha-2, optionally with a subdivision
    #[arg(long, value_name = "CODE")]
    pub jurisdiction: Option<String>,
    /// Why (up to 256 bytes)
    #[arg(long)]
    pub reason: Option<String>,
    /// The consumption meter whose consumption it offsets (with --period)
    #[arg(long, requires = "period")]
    pub meter: Option<String>,
    /// The consumption period offset, FROM..TO (e.g. 2025-01-01..2026-01-01)
    #[arg(long, value_name = "FROM..TO", requires = "meter")]
    pub period: Option<Period>,
    /// The product footprint it offsets, PRODUCT@VERSION (e.g. urn:gtin:0123@2)
    #[arg(long, value_name = "PRODUCT@VERSION")]
    pub product: Option<ProductArg>,
}

impl TermsArgs {
    /// Whether any retirement flag was given.
    pub fn any(&self) -> bool {
        *self != TermsArgs::default()
    }

    /// The terms, with the period's `now` resolved against `now`; an error naming the
    /// missing flags when the beneficiary, jurisdiction or reason is left out.
    pub fn terms(&self, now: u64) -> Result<RetirementTerms, String> {
        let missing: Vec<&str> = [
            ("--beneficiary", &self.beneficiary),
            ("--jurisdiction", &self.jurisdiction),
            ("--reason", &self.reason),
        ]
        .into_iter()
        .filter(|(_, v)| v.is_none())
        .map(|(flag, _)| flag)
        .collect();
        if !missing.is_empty() {
            return Err(format!(
                "a retirement needs {}: say for whom, where and why the credits are retired",
                missing.join(", ")
            ));
        }
        let consumption = match (&self.meter, self.period) {
            (Some(meter_id), Some(period)) => {
                let (period_from, period_to) = period.resolve(now);
                Some(ConsumptionClaim {
                    meter_id: meter_id.clone(),
                    period_from,
                    period_to,
                })
            }
            // clap requires the two together.
            _ => None,
        };
        Ok(RetirementTerms {
            beneficiary: self.beneficiary.clone().unwrap_or_default(),
            on_behalf_of: self.on_behalf_of.clone(),
            jurisdiction: self.jurisdiction.clone().unwrap_or_default(),
            reason: self.reason.clone().unwrap_or_default(),
            consumption,
            product: self.product.clone().map(|p| p.0),
        })
    }

    /// The terms of an optional retirement (`transfer`, `buy`): asked for with `retire`, and
    /// then required; retirement flags without it are refused rather than ignored.
    pub fn optional_terms(
        &self,
        retire: bool,
        now: u64,
    ) -> Result<Option<RetirementTerms>, String> {
        match (retire, self.any()) {
            (true, _) => self.terms(now).map(Some),
            (false, true) => Err(
                "retirement flags were given without --retire: add --retire to retire the \
                 credits on arrival, or leave the flags out"
                    .to_string(),
            ),
            (false, false) => Ok(None),
        }
    }
}

/// `--standard`
pub fn standard(s: &str) -> Result<Standard, String> {
    parse_standard(s)
}

/// `--serials FIRST-LAST`, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SerialRange {
    /// First serial.
    pub first: u64,
    /// Last serial.
    pub last: u64,
}

impl FromStr for SerialRange {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |why: &str| format!("'{s}' is not a serial range: {why} (e.g. 1-1000)");
        let (first, last) = s.split_once('-').ok_or_else(|| bad("give FIRST-LAST"))?;
        let number = |n: &str| {
            n.trim()
                .parse::<u64>()
                .map_err(|_| bad("give whole numbers"))
        };
        let (first, last) = (number(first)?, number(last)?);
        if last < first {
            return Err(bad("the last serial comes before the first"));
        }
        Ok(SerialRange { first, last })
    }
}

/// A span of time `FROM..TO` (vintages, consumption periods): each end as every time on the
/// command line (`now`, unix seconds, `2025-01-01`, `2025-01-01T10:00Z`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// Start.
    pub from: When,
    /// End (excluded).
    pub to: When,
}

impl Period {
    /// Both ends in unix seconds, `now` being `now`.
    pub fn resolve(self, now: u64) -> (u64, u64) {
        (self.from.resolve(now), self.to.resolve(now))
    }
}

impl FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (from, to) = s.split_once("..").ok_or_else(|| {
            format!("'{s}' is not a span of time: give FROM..TO (e.g. 2025-01-01..2026-01-01)")
        })?;
        let (from, to): (When, When) = (from.parse()?, to.parse()?);
        if let (When::At(a), When::At(b)) = (from, to) {
            if b <= a {
                return Err(format!("'{s}': the span must end after it starts"));
            }
        }
        Ok(Period { from, to })
    }
}

/// `--to ADDR=TRADABLE[:RETIRED]`: one holder's share of a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Share {
    /// The holder, as given (an address or a key name).
    pub holder: String,
    /// Credits it may trade.
    pub tradable: u64,
    /// Credits retired in its name at issuance.
    pub retired: u64,
}

impl FromStr for Share {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |why: &str| {
            format!(
                "'{s}' is not a holder's share: {why} (give ADDR=TRADABLE[:RETIRED], e.g. alice=900:100)"
            )
        };
        let (holder, amounts) = s.split_once('=').ok_or_else(|| bad("no '='"))?;
        if holder.trim().is_empty() {
            return Err(bad("no holder"));
        }
        let (tradable, retired) = amounts.split_once(':').unwrap_or((amounts, "0"));
        let number = |n: &str| {
            n.trim()
                .parse::<u64>()
                .map_err(|_| bad("amounts are whole credits"))
        };
        let (tradable, retired) = (number(tradable)?, number(retired)?);
        if tradable == 0 && retired == 0 {
            return Err(bad("the share holds no credits"));
        }
        Ok(Share {
            holder: holder.trim().to_string(),
            tradable,
            retired,
        })
    }
}

/// `--product PRODUCT@VERSION`: a version of a product's footprint. The product id may hold
/// '@' itself; the version follows the last one.
#[derive(Clone, Debug, PartialEq)]
pub struct ProductArg(pub ProductClaim);

impl FromStr for ProductArg {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |why: &str| {
            format!(
                "'{s}' is not a product footprint: {why} (give PRODUCT@VERSION, e.g. urn:gtin:0123@2)"
            )
        };
        let (product, version) = s.rsplit_once('@').ok_or_else(|| bad("no '@VERSION'"))?;
        if product.is_empty() {
            return Err(bad("no product id"));
        }
        let version: u32 = version
            .parse()
            .map_err(|_| bad("the version is a whole number"))?;
        if version == 0 {
            return Err(bad("versions count from 1"));
        }
        Ok(ProductArg(ProductClaim {
            product_id: product.to_string(),
            version,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JAN_2025: u64 = 1_735_689_600;
    const JAN_2026: u64 = 1_767_225_600;

    #[test]
    fn serial_ranges_are_first_dash_last_both_included() {
        assert_eq!(
            "1-1000".parse(),
            Ok(SerialRange {
                first: 1,
                last: 1_000
            })
        );
        assert_eq!("7-7".parse(), Ok(SerialRange { first: 7, last: 7 }));
        let backwards = "10-1".parse::<SerialRange>().unwrap_err();
        assert!(backwards.contains("comes before the first"), "{backwards}");
        for bad in ["1000", "a-b", "-5", "1-", "1..5"] {
            assert!(bad.parse::<SerialRange>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn vintages_and_periods_are_from_dot_dot_to() {
        assert_eq!(
            "2025-01-01..2026-01-01".parse(),
            Ok(Period {
                from: When::At(JAN_2025),
                to: When::At(JAN_2026)
            })
        );
        let p: Period = "1735689600..now".parse().unwrap();
        assert_eq!(p.resolve(JAN_2026), (JAN_2025, JAN_2026));
        let backwards = "2026-01-01..2025-01-01".parse::<Period>().unwrap_err();
        assert!(
            backwards.contains("must end after it starts"),
            "{backwards}"
        );
        assert!("2025-01-01".parse::<Period>().is_err());
        assert!("2025-13-01..2026-01-01".parse::<Period>().is_err());
    }

    #[test]
    fn holders_shares_are_addr_equals_tradable_colon_retired() {
        assert_eq!(
            "alice=900:100".parse(),
            Ok(Share {
                holder: "alice".into(),
                tradable: 900,
                retired: 100
            })
        );
        assert_eq!(
            "wasm1xyz=50".parse(),
            Ok(Share {
                holder: "wasm1xyz".into(),
                tradable: 50,
                retired: 0
            })
        );
        assert_eq!(
            "bob=0:10".parse::<Share>().map(|s| (s.tradable, s.retired)),
            Ok((0, 10))
        );
        for bad in [
            "alice",
            "=5",
            "alice=",
            "alice=x",
            "alice=1:y",
            "alice=0:0",
            "alice=-1",
        ] {
            assert!(bad.parse::<Share>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn products_are_named_with_their_version_after_the_last_at() {
        assert_eq!(
            "urn:gtin:0123@2".parse(),
            Ok(ProductArg(ProductClaim {
                product_id: "urn:gtin:0123".into(),
                version: 2
            }))
        );
        assert_eq!(
            "user@example@3"
                .parse::<ProductArg>()
                .map(|p| p.0.product_id),
            Ok("user@example".into())
        );
        for bad in ["steel", "@1", "steel@", "steel@0", "steel@v2"] {
            assert!(bad.parse::<ProductArg>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn retirement_terms_name_every_missing_flag_and_refuse_stray_ones() {
        let none = TermsArgs::default();
        let err = none.terms(0).unwrap_err();
        assert!(
            err.contains("--beneficiary, --jurisdiction, --reason"),
            "{err}"
        );
        assert_eq!(none.optional_terms(false, 0), Ok(None));

        let full = TermsArgs {
            beneficiary: Some("Acme Ltd".into()),
            on_behalf_of: Some("wasm1acme".into()),
            jurisdiction: Some("KE".into()),
            reason: Some("2025 scope 2".into()),
            meter: Some("m-7".into()),
            period: Some("2025-01-01..now".parse().unwrap()),
            product: Some("steel@2".parse().unwrap()),
        };
        let terms = full.terms(JAN_2026).unwrap();
        assert_eq!(
            terms.consumption,
            Some(ConsumptionClaim {
                meter_id: "m-7".into(),
                period_from: JAN_2025,
                period_to: JAN_2026
            })
        );
        assert_eq!(
            terms.product,
            Some(ProductClaim {
                product_id: "steel".into(),
                version: 2
            })
        );
        assert_eq!(terms.on_behalf_of.as_deref(), Some("wasm1acme"));
        let stray = full.optional_terms(false, 0).unwrap_err();
        assert!(stray.contains("without --retire"), "{stray}");
        assert!(full.optional_terms(true, JAN_2026).unwrap().is_some());
    }
}
