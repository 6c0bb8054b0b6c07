//! The emergency pause every contract has.
//!
//! A guardian (a registry role) or the administrator pauses a contract at once; only the
//! registry's administrator resumes it. While paused a contract refuses every message that
//! moves value or changes records, with `common.paused`; its queries, and the pause and resume
//! messages themselves, keep working.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::Addr;

/// Whether a contract is paused, and since when and by whom.
#[cw_serde]
pub struct PauseStatus {
    pub paused: bool,
    /// Who paused it, while paused.
    pub by: Option<Addr>,
    /// Block time of the pause, unix seconds, while paused.
    pub since: Option<u64>,
    /// The guardian's stated reason, while paused.
    pub reason: Option<String>,
}
