//! The contract's actions: verifiers, classes and projects, batches (proposal and sign-off),
//! holding (transfer, retire, cancel), the market (sell orders, purchases), and the
//! retirement certificates they make.

use cosmwasm_std::{OverflowError, OverflowOperation};

pub mod batches;
pub mod classes;
pub mod holding;
pub mod market;
pub mod retirements;
pub mod verifiers;

/// `a + b`, refused on overflow.
pub(crate) fn add(a: u64, b: u64) -> Result<u64, OverflowError> {
    a.checked_add(b)
        .ok_or(OverflowError::new(OverflowOperation::Add))
}

/// `a - b`, refused below zero (callers check balances first; this keeps arithmetic checked).
pub(crate) fn sub(a: u64, b: u64) -> Result<u64, OverflowError> {
    a.checked_sub(b)
        .ok_or(OverflowError::new(OverflowOperation::Sub))
}
