//! The API under `/api`: who the caller is, participants, meters and bills, the audit log,
//! the bank's reads, and the organisation's actions.

pub mod actions;
pub mod audit;
pub mod bank;
pub mod me;
pub mod meters;
pub mod paging;
pub mod participants;
pub mod views;
