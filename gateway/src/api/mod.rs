//! The read API under `/api`: who the caller is, participants, meters and bills.

pub mod me;
pub mod meters;
pub mod paging;
pub mod participants;
pub mod views;
