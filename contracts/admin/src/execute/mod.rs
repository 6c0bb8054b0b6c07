//! Execute handlers, one module per responsibility. Each checks funds, then the caller's
//! role, then the input, and writes only once every check has passed.

pub mod admin_transfer;
pub mod blacklist;
pub mod config;
pub mod meters;
pub mod participants;
