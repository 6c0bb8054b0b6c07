use cosmwasm_std::{Addr, StdError};
use ledger_types::error_code::common;
use thiserror::Error;

/// Refusals shared by every contract: the pause, a participant's standing, migration.
#[derive(Error, Debug, PartialEq)]
pub enum GuardError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error(
        "the contract is paused since {since} by {by} ({reason}); it refuses this until the administrator resumes it"
    )]
    Paused {
        by: Addr,
        since: u64,
        reason: String,
    },

    #[error("{sender} is neither a guardian nor the administrator, so it may not pause")]
    NotGuardian { sender: Addr },

    #[error("{sender} is not the administrator; only the administrator resumes a paused contract")]
    NotAdminToUnpause { sender: Addr },

    #[error("a pause reason is {len} bytes long; at most {max} are kept")]
    PauseReasonTooLong { len: usize, max: usize },

    #[error("the contract is already {state}")]
    PauseUnchanged { state: String },

    #[error("{address} is blacklisted ({reason}); no value may reach or leave it")]
    Blacklisted { address: Addr, reason: String },

    #[error(
        "{address} is suspended; it may not act or receive value until the administrator reactivates it"
    )]
    Suspended { address: Addr },

    #[error("this is {expected}; cannot migrate from {found}")]
    WrongContract { expected: String, found: String },

    #[error("cannot migrate from version {stored} down to {current}")]
    Downgrade { stored: String, current: String },

    #[error("{version:?} is not a semantic version (major.minor.patch[-pre][+build])")]
    InvalidVersion { version: String },
}

ledger_types::error_codes!(GuardError {
    Std => common::STD,
    Paused => common::PAUSED,
    NotGuardian => common::NOT_GUARDIAN,
    NotAdminToUnpause => common::NOT_ADMIN_TO_UNPAUSE,
    PauseReasonTooLong => common::PAUSE_REASON_TOO_LONG,
    PauseUnchanged => common::PAUSE_UNCHANGED,
    Blacklisted => common::BLACKLISTED,
    Suspended => common::SUSPENDED,
    WrongContract => common::WRONG_CONTRACT,
    Downgrade => common::DOWNGRADE,
    InvalidVersion => common::INVALID_VERSION,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_own_code() {
        ledger_types::error_code::assert_distinct(&GuardError::codes());
    }
}
