//! What the credits contract would refuse, checked before anything is signed: standards'
//! names, costs, serial ranges, retirement terms and whole batch proposals.

use cosmwasm_std::Uint128;
use ledger_types::error_code::{Coded, HasCode, common};
use ledger_types::park::codes::credits as codes;
use ledger_types::park::credits::*;

use crate::error::Error;

/// A credits call the contract would refuse, caught before anything is signed; its code is
/// the contract's for the same refusal (`park_credits.*`, or `common.overflow`), so a client
/// decides on both alike.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditsError {
    /// An amount of zero credits.
    #[error("an amount of 0 credits moves nothing: give a whole number of credits above zero")]
    ZeroAmount,
    /// A sell order at a price of zero.
    #[error("a sell order at a price of 0 is refused: give a price per credit above zero")]
    ZeroPrice,
    /// `amount × price` does not fit the token's amounts.
    #[error("{amount} credits at {price} per credit cost more than a token amount can hold")]
    CostOverflow {
        /// Credits.
        amount: u64,
        /// Token units per credit.
        price: Uint128,
    },
    /// A serial range that ends before it starts.
    #[error("serials {first} to {last} end before they start: give FIRST-LAST with FIRST <= LAST")]
    InvalidSerialRange {
        /// First serial.
        first: u64,
        /// Last serial.
        last: u64,
    },
    /// A vintage that does not end after it starts.
    #[error("a vintage from {start} to {end} does not end after it starts")]
    InvalidVintage {
        /// Start, unix seconds.
        start: u64,
        /// End (exclusive), unix seconds.
        end: u64,
    },
    /// Holders given more or fewer credits than the range has serials.
    #[error(
        "the holders are given {given} credits and serials {first} to {last} number {serials}: \
         a batch issues exactly one credit per serial"
    )]
    IssuanceMismatch {
        /// Credits given to holders, tradable and retired.
        given: u128,
        /// Serials in the range.
        serials: u128,
        /// First serial.
        first: u64,
        /// Last serial.
        last: u64,
    },
    /// Credits retired at issuance without the retirement's terms.
    #[error(
        "{recipient} is issued {retired} retired credits without retirement terms: give the \
         beneficiary, jurisdiction and reason"
    )]
    MissingRetirement {
        /// The holder.
        recipient: String,
        /// Credits retired at issuance.
        retired: u64,
    },
    /// A consumption claim's period that ends before it starts.
    #[error("a consumption period from {from} to {to} ends before it starts")]
    InvalidPeriod {
        /// Start, unix seconds.
        from: u64,
        /// End, unix seconds.
        to: u64,
    },
}

impl HasCode for CreditsError {
    fn code(&self) -> &'static str {
        match self {
            CreditsError::ZeroAmount => codes::ZERO_AMOUNT,
            CreditsError::ZeroPrice => codes::ZERO_PRICE,
            CreditsError::CostOverflow { .. } => common::OVERFLOW,
            CreditsError::InvalidSerialRange { .. } => codes::INVALID_SERIAL_RANGE,
            CreditsError::InvalidVintage { .. } => codes::INVALID_VINTAGE,
            CreditsError::IssuanceMismatch { .. } => codes::ISSUANCE_MISMATCH,
            CreditsError::MissingRetirement { .. } => codes::MISSING_RETIREMENT,
            CreditsError::InvalidPeriod { .. } => codes::INVALID_PERIOD,
        }
    }
}

impl From<CreditsError> for Error {
    fn from(e: CreditsError) -> Self {
        Error::ParkCredits(Coded(e))
    }
}

/// A standard by name: `vcs`, `cdm`, `gold-standard` (or `gold_standard`), any other name
/// being another programme's (`[A-Za-z0-9._-]`, at most [`MAX_STANDARD_NAME_LEN`] bytes).
pub fn parse_standard(name: &str) -> Result<Standard, String> {
    match name.to_ascii_lowercase().as_str() {
        "vcs" => return Ok(Standard::Vcs),
        "cdm" => return Ok(Standard::Cdm),
        "gold-standard" | "gold_standard" | "goldstandard" => return Ok(Standard::GoldStandard),
        _ => {}
    }
    let well_formed = !name.is_empty()
        && name.len() <= MAX_STANDARD_NAME_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if !well_formed {
        return Err(format!(
            "'{name}' is not a standard: give vcs, cdm, gold-standard, or another programme's \
             name of 1 to {MAX_STANDARD_NAME_LEN} letters, digits, '.', '_' or '-'"
        ));
    }
    Ok(Standard::Other(name.to_string()))
}

/// A standard's name as [`parse_standard`] reads it back.
pub fn standard_name(standard: &Standard) -> String {
    match standard {
        Standard::Vcs => "vcs".to_string(),
        Standard::Cdm => "cdm".to_string(),
        Standard::GoldStandard => "gold-standard".to_string(),
        Standard::Other(name) => name.clone(),
    }
}

/// What a buyer sends for `amount` credits at `price` token units each: exactly their
/// product, which the contract requires.
pub fn purchase_cost(amount: u64, price: Uint128) -> Result<Uint128, CreditsError> {
    if amount == 0 {
        return Err(CreditsError::ZeroAmount);
    }
    price
        .checked_mul(Uint128::from(amount))
        .map_err(|_| CreditsError::CostOverflow { amount, price })
}

/// How many serials `[first, last]` numbers, or why the range is refused.
pub fn serial_count(first: u64, last: u64) -> Result<u128, CreditsError> {
    if last < first {
        return Err(CreditsError::InvalidSerialRange { first, last });
    }
    Ok(u128::from(last - first) + 1)
}

/// Checks a retirement's consumption period as the contract will.
pub fn check_terms(terms: &RetirementTerms) -> Result<(), CreditsError> {
    match &terms.consumption {
        Some(c) if c.period_to < c.period_from => Err(CreditsError::InvalidPeriod {
            from: c.period_from,
            to: c.period_to,
        }),
        _ => Ok(()),
    }
}

/// A batch an issuer proposes: its project, vintage, serial range and holders.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchProposal {
    /// The project credited.
    pub project_id: String,
    /// Start of the vintage, unix seconds.
    pub vintage_start: u64,
    /// End of the vintage (exclusive), unix seconds.
    pub vintage_end: u64,
    /// First serial of the range.
    pub serial_first: u64,
    /// Last serial of the range (inclusive).
    pub serial_last: u64,
    /// Who gets the credits, tradable and retired.
    pub issuance: Vec<BatchIssuance>,
    /// A URI or a short JSON document about the batch.
    pub metadata: String,
}

impl BatchProposal {
    /// Checks the vintage, range, issuance and retirement terms as the contract will, so that
    /// a proposal that would only reserve nothing is never signed.
    pub fn check(&self) -> Result<(), CreditsError> {
        if self.vintage_end <= self.vintage_start {
            return Err(CreditsError::InvalidVintage {
                start: self.vintage_start,
                end: self.vintage_end,
            });
        }
        let serials = serial_count(self.serial_first, self.serial_last)?;
        let mut given = 0u128;
        for share in &self.issuance {
            given += u128::from(share.tradable) + u128::from(share.retired);
            match &share.retirement {
                None if share.retired > 0 => {
                    return Err(CreditsError::MissingRetirement {
                        recipient: share.recipient.clone(),
                        retired: share.retired,
                    });
                }
                Some(terms) => check_terms(terms)?,
                None => {}
            }
        }
        if given != serials {
            return Err(CreditsError::IssuanceMismatch {
                given,
                serials,
                first: self.serial_first,
                last: self.serial_last,
            });
        }
        Ok(())
    }
}
