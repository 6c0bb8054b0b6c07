//! A WBCSD PACT v2 `ProductFootprint` JSON document made into the [`Declaration`] the
//! footprints contract takes ([`declaration`]), and the document's hash ([`document_sha256`]).
//!
//! - **Exact.** PACT writes quantities as decimal strings; they become the contract's
//!   integers digit by digit, never through a float: emissions and amounts in millionths
//!   (micro-kgCO2e, micro-units, micro-kgC), data quality ratings in thousandths (1.0-3.0 →
//!   1000-3000), coverage in whole percent, times (ISO 8601 in UTC) in unix seconds. A
//!   value that would lose digits, overflow, be negative where PACT forbids it, or is out of
//!   range is refused with a [`PactError`] naming the field by its JSON path. A JSON number
//!   is read through its text the same way (PACT writes a few, such as percentages).
//! - **What PACT does not say.** PACT v2 lists no inputs and gives only the total
//!   `pCfExcludingBiogenic`, so the caller gives the inputs (product, the version used,
//!   amount per declared unit) and the company's own process emissions; with no inputs those
//!   default to `pCfExcludingBiogenic`. The document's own `version` is not used: the ledger
//!   numbers a product's versions itself.
//! - **Hash.** `document_sha256` is the SHA-256 of the whole document canonicalised by RFC
//!   8785 ([`canonical_json`]), so a reformatted or reordered copy verifies and any changed
//!   value does not.
//!
//! ```
//! use ledger_sdk::contracts::park::pact::{PactImport, declaration, micro};
//! let document = include_str!("../../../../testdata/pact/steel-bracket.json");
//! let import = PactImport {
//!     product_id: "urn:gtin:4012345000017".into(),
//!     process_emissions: Some(micro("--process-emissions", "0.35")?),
//!     inputs: vec![],
//! };
//! let d = declaration(document, import)?;
//! assert_eq!(d.pcf.process_emissions.u128(), 350_000);
//! # Ok::<(), ledger_sdk::contracts::park::pact::PactError>(())
//! ```

mod decimal;
mod jcs;
mod time;

use cosmwasm_std::{HexBinary, Int128, Uint128};
use ledger_types::error_code::{Coded, HasCode};
use ledger_types::park::footprints::{
    CarbonFootprint, DataQuality, Declaration, DeclaredUnit, InputUse, MAX_DQR, MIN_DQR,
};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::error::Error;
use decimal::DecimalError;

/// Stable codes of [`PactError`]: checks made on the client before anything is signed, in
/// the `[ledger:<code>]` form so that a client acts on them as on a contract's refusal.
pub mod codes {
    /// The document is not JSON, or not a JSON object.
    pub const INVALID_JSON: &str = "pact.invalid_json";
    /// A field PACT requires is absent.
    pub const MISSING_FIELD: &str = "pact.missing_field";
    /// A field of the wrong JSON type (a number where PACT has a string, ...).
    pub const WRONG_TYPE: &str = "pact.wrong_type";
    /// A decimal that is not of the form `-?\d+(\.\d+)?`.
    pub const INVALID_DECIMAL: &str = "pact.invalid_decimal";
    /// A decimal with more fractional digits than the ledger keeps.
    pub const TOO_PRECISE: &str = "pact.too_precise";
    /// A negative value where PACT allows none.
    pub const NEGATIVE: &str = "pact.negative";
    /// A value too large for the ledger's integers.
    pub const OVERFLOW: &str = "pact.overflow";
    /// A value outside its range (data quality ratings 1-3, coverage 0-100).
    pub const OUT_OF_RANGE: &str = "pact.out_of_range";
    /// A time that is not ISO 8601 in UTC to the second.
    pub const INVALID_TIME: &str = "pact.invalid_time";
    /// A declared unit PACT does not define.
    pub const UNKNOWN_UNIT: &str = "pact.unknown_unit";
    /// Inputs given without the company's own process emissions.
    pub const PROCESS_EMISSIONS_NEEDED: &str = "pact.process_emissions_needed";
}

/// Why a PACT document (or a value given beside it) does not make a declaration. Each names
/// the field by its JSON path (`pcf.pCfExcludingBiogenic`) or flag; a client decides on
/// [`HasCode::code`] ([`codes`]), never on the words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PactError {
    /// Not JSON, or not an object.
    #[error("the PACT document is not a JSON object: {reason}")]
    InvalidJson {
        /// What the parser said.
        reason: String,
    },
    /// A required field is absent.
    #[error("the PACT document has no `{field}`, which PACT requires")]
    MissingField {
        /// The field's path.
        field: String,
    },
    /// A field of the wrong type.
    #[error("`{field}` must be {expected}")]
    WrongType {
        /// The field's path.
        field: String,
        /// What PACT has there, in words.
        expected: &'static str,
    },
    /// Not a plain decimal.
    #[error("`{field}` is \"{value}\", not a decimal (digits, one optional '.', optional '-')")]
    InvalidDecimal {
        /// The field's path or flag.
        field: String,
        /// As given.
        value: String,
    },
    /// More fractional digits than kept.
    #[error(
        "`{field}` is \"{value}\": the ledger keeps {digits} decimal places and will not round; \
         give at most {digits}"
    )]
    TooPrecise {
        /// The field's path or flag.
        field: String,
        /// As given.
        value: String,
        /// Decimal places kept.
        digits: u32,
    },
    /// Negative where PACT allows no sign.
    #[error("`{field}` is \"{value}\": it cannot be negative")]
    Negative {
        /// The field's path or flag.
        field: String,
        /// As given.
        value: String,
    },
    /// Too large.
    #[error("`{field}` is \"{value}\", too large for the ledger")]
    Overflow {
        /// The field's path or flag.
        field: String,
        /// As given.
        value: String,
    },
    /// Outside its range.
    #[error("`{field}` is \"{value}\", outside {min} to {max}")]
    OutOfRange {
        /// The field's path.
        field: String,
        /// As given.
        value: String,
        /// Least allowed, as PACT writes it.
        min: &'static str,
        /// Most allowed.
        max: &'static str,
    },
    /// Not ISO 8601 UTC to the second.
    #[error("`{field}` is \"{value}\", not a UTC time to the second such as 2024-01-01T00:00:00Z")]
    InvalidTime {
        /// The field's path.
        field: String,
        /// As given.
        value: String,
    },
    /// Not a PACT declared unit.
    #[error(
        "`pcf.declaredUnit` is \"{value}\"; PACT's units are liter, kilogram, cubic meter, \
         kilowatt hour, megajoule, ton kilometer, square meter"
    )]
    UnknownUnit {
        /// As given.
        value: String,
    },
    /// Inputs without process emissions.
    #[error(
        "with inputs, give the company's own process emissions per declared unit (inputs left \
         out): PACT's pCfExcludingBiogenic includes the inputs' share"
    )]
    ProcessEmissionsNeeded,
}

impl HasCode for PactError {
    fn code(&self) -> &'static str {
        match self {
            PactError::InvalidJson { .. } => codes::INVALID_JSON,
            PactError::MissingField { .. } => codes::MISSING_FIELD,
            PactError::WrongType { .. } => codes::WRONG_TYPE,
            PactError::InvalidDecimal { .. } => codes::INVALID_DECIMAL,
            PactError::TooPrecise { .. } => codes::TOO_PRECISE,
            PactError::Negative { .. } => codes::NEGATIVE,
            PactError::Overflow { .. } => codes::OVERFLOW,
            PactError::OutOfRange { .. } => codes::OUT_OF_RANGE,
            PactError::InvalidTime { .. } => codes::INVALID_TIME,
            PactError::UnknownUnit { .. } => codes::UNKNOWN_UNIT,
            PactError::ProcessEmissionsNeeded => codes::PROCESS_EMISSIONS_NEEDED,
        }
    }
}

impl From<PactError> for Error {
    fn from(e: PactError) -> Self {
        Error::Pact(Coded(e))
    }
}

/// What the caller adds to a PACT document: the ledger's product id and what PACT v2 does
/// not carry.
#[derive(Clone, Debug, PartialEq)]
pub struct PactImport {
    /// The ledger's key for the product, one of the document's `productIds`.
    pub product_id: String,
    /// The company's own process emissions, micro-kgCO2e per declared unit, inputs left out;
    /// `None`: `pCfExcludingBiogenic`, allowed only without inputs.
    pub process_emissions: Option<Uint128>,
    /// The inputs consumed per declared unit.
    pub inputs: Vec<InputUse>,
}

/// `document` (a PACT v2 `ProductFootprint`, JSON) as the declaration to publish.
pub fn declaration(document: &str, import: PactImport) -> Result<Declaration, PactError> {
    let value = parse(document)?;
    let root = Fields::root(&value)?;
    let pcf = root.object("pcf")?;
    let excluding = pcf.micro("pCfExcludingBiogenic")?;
    let process_emissions = match import.process_emissions {
        Some(own) => own,
        None if import.inputs.is_empty() => excluding,
        None => return Err(PactError::ProcessEmissionsNeeded),
    };
    let data_quality = match pcf.optional("dqi") {
        Some(_) => Some(data_quality(&pcf.object("dqi")?)?),
        None => None,
    };
    Ok(Declaration {
        product_id: import.product_id,
        pf_id: root.string("id")?,
        spec_version: root.string("specVersion")?,
        company_name: root.string("companyName")?,
        company_ids: root.strings("companyIds")?,
        product_ids: root.strings("productIds")?,
        product_category_cpc: root.string("productCategoryCpc")?,
        product_name_company: root.string("productNameCompany")?,
        pcf: CarbonFootprint {
            declared_unit: pcf.unit("declaredUnit")?,
            unitary_product_amount: pcf.micro("unitaryProductAmount")?,
            process_emissions,
            pcf_including_biogenic: pcf.signed_micro("pCfIncludingBiogenic")?,
            fossil_ghg_emissions: pcf.micro("fossilGhgEmissions")?,
            biogenic_carbon_content: pcf.micro("biogenicCarbonContent")?,
            reference_period_start: pcf.time("referencePeriodStart")?,
            reference_period_end: pcf.time("referencePeriodEnd")?,
            data_quality,
        },
        inputs: import.inputs,
        document_sha256: HexBinary::from(Sha256::digest(jcs::canonical(&value)).to_vec()),
    })
}

/// The SHA-256 of `document` canonicalised by RFC 8785: what a footprint's
/// `document_sha256` is and what `Verify` compares.
pub fn document_sha256(document: &str) -> Result<HexBinary, PactError> {
    let canonical = canonical_json(document)?;
    Ok(HexBinary::from(Sha256::digest(canonical).to_vec()))
}

/// `document` canonicalised by RFC 8785 (JCS); see the limits in `jcs`'s docs: exact for
/// PACT's decimal strings and short numbers.
pub fn canonical_json(document: &str) -> Result<String, PactError> {
    Ok(jcs::canonical(&parse(document)?))
}

/// A decimal given beside a document (a CLI flag) in millionths, named `field` in errors:
/// `micro("--process-emissions", "0.35")` is 350_000.
pub fn micro(field: &str, text: &str) -> Result<Uint128, PactError> {
    let value = fixed(field, text, 6)?;
    unsigned(field, text, value).map(Uint128::new)
}

fn parse(document: &str) -> Result<Value, PactError> {
    let value: Value = serde_json::from_str(document).map_err(|e| PactError::InvalidJson {
        reason: e.to_string(),
    })?;
    if !value.is_object() {
        return Err(PactError::InvalidJson {
            reason: "the document is not an object".to_string(),
        });
    }
    Ok(value)
}

fn data_quality(dqi: &Fields<'_>) -> Result<DataQuality, PactError> {
    let rating = |name: &str| dqi.bounded(name, 3, MIN_DQR, MAX_DQR, "1", "3");
    let coverage = dqi.bounded("coveragePercent", 0, 0, 100, "0", "100")?;
    Ok(DataQuality {
        coverage_percent: u8::try_from(coverage).map_err(|_| dqi.overflow("coveragePercent"))?,
        technological_dqr: rating("technologicalDQR")?,
        temporal_dqr: rating("temporalDQR")?,
        geographical_dqr: rating("geographicalDQR")?,
        completeness_dqr: rating("completenessDQR")?,
        reliability_dqr: rating("reliabilityDQR")?,
    })
}

/// `text` in 10^-`digits`, errors naming `field`.
fn fixed(field: &str, text: &str, digits: u32) -> Result<i128, PactError> {
    decimal::fixed(text, digits).map_err(|e| {
        let (field, value) = (field.to_string(), text.to_string());
        match e {
            DecimalError::Malformed => PactError::InvalidDecimal { field, value },
            DecimalError::TooPrecise => PactError::TooPrecise {
                field,
                value,
                digits,
            },
            DecimalError::Overflow => PactError::Overflow { field, value },
        }
    })
}

fn unsigned(field: &str, text: &str, value: i128) -> Result<u128, PactError> {
    u128::try_from(value).map_err(|_| PactError::Negative {
        field: field.to_string(),
        value: text.to_string(),
    })
}

/// An object's fields, read with their JSON path for errors.
struct Fields<'a> {
    path: String,
    map: &'a Map<String, Value>,
}

impl<'a> Fields<'a> {
    fn root(value: &'a Value) -> Result<Self, PactError> {
        let map = value.as_object().ok_or_else(|| PactError::InvalidJson {
            reason: "the document is not an object".to_string(),
        })?;
        Ok(Fields {
            path: String::new(),
            map,
        })
    }

    fn path(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    fn optional(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    fn get(&self, name: &str) -> Result<&'a Value, PactError> {
        self.optional(name).ok_or_else(|| PactError::MissingField {
            field: self.path(name),
        })
    }

    fn wrong(&self, name: &str, expected: &'static str) -> PactError {
        PactError::WrongType {
            field: self.path(name),
            expected,
        }
    }

    fn overflow(&self, name: &str) -> PactError {
        PactError::Overflow {
            field: self.path(name),
            value: self.map.get(name).map(Value::to_string).unwrap_or_default(),
        }
    }

    fn object(&self, name: &str) -> Result<Fields<'a>, PactError> {
        let map = self
            .get(name)?
            .as_object()
            .ok_or_else(|| self.wrong(name, "an object"))?;
        Ok(Fields {
            path: self.path(name),
            map,
        })
    }

    fn string(&self, name: &str) -> Result<String, PactError> {
        self.get(name)?
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| self.wrong(name, "a string"))
    }

    fn strings(&self, name: &str) -> Result<Vec<String>, PactError> {
        let items = self
            .get(name)?
            .as_array()
            .ok_or_else(|| self.wrong(name, "an array of strings"))?;
        items
            .iter()
            .map(|item| item.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| self.wrong(name, "an array of strings"))
    }

    /// A decimal's text: PACT's decimal string, or a JSON number's text.
    fn decimal_text(&self, name: &str) -> Result<String, PactError> {
        match self.get(name)? {
            Value::String(s) => Ok(s.clone()),
            Value::Number(n) => Ok(n.to_string()),
            _ => Err(self.wrong(name, "a decimal string")),
        }
    }

    fn fixed(&self, name: &str, digits: u32) -> Result<(i128, String), PactError> {
        let text = self.decimal_text(name)?;
        Ok((fixed(&self.path(name), &text, digits)?, text))
    }

    fn micro(&self, name: &str) -> Result<Uint128, PactError> {
        let (value, text) = self.fixed(name, 6)?;
        unsigned(&self.path(name), &text, value).map(Uint128::new)
    }

    fn signed_micro(&self, name: &str) -> Result<Int128, PactError> {
        Ok(Int128::new(self.fixed(name, 6)?.0))
    }

    fn bounded(
        &self,
        name: &str,
        digits: u32,
        min: u32,
        max: u32,
        min_text: &'static str,
        max_text: &'static str,
    ) -> Result<u32, PactError> {
        let (value, text) = self.fixed(name, digits)?;
        u32::try_from(value)
            .ok()
            .filter(|v| (min..=max).contains(v))
            .ok_or_else(|| PactError::OutOfRange {
                field: self.path(name),
                value: text,
                min: min_text,
                max: max_text,
            })
    }

    fn time(&self, name: &str) -> Result<u64, PactError> {
        let text = self.string(name)?;
        time::unix_seconds(&text).ok_or_else(|| PactError::InvalidTime {
            field: self.path(name),
            value: text,
        })
    }

    fn unit(&self, name: &str) -> Result<DeclaredUnit, PactError> {
        let text = self.string(name)?;
        serde_json::from_value(Value::String(text.clone()))
            .map_err(|_| PactError::UnknownUnit { value: text })
    }
}

#[cfg(test)]
mod tests;
