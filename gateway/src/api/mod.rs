//! The API under `/api`: who the caller is, participants, meters and bills, tariffs, XLSX
//! downloads, drafts and loan shares, every contract's queries, the audit log,
//! the bank's reads, the organisation's actions, and the participant's own money and
//! transactions.

pub mod actions;
pub mod audit;
pub mod bank;
pub mod contracts;
pub mod downloads;
pub mod drafts;
pub mod live;
pub mod loans;
pub mod me;
pub mod meters;
pub mod own;
pub mod paging;
pub mod participants;
pub mod tariffs;
pub mod usage;
pub mod views;
pub mod wallet;
