//! The read API under `/api`: who the caller is, participants, meters and bills, and the
//! audit log.

pub mod audit;
pub mod me;
pub mod meters;
pub mod paging;
pub mod participants;
pub mod views;
