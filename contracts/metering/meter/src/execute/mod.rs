//! Execute handlers, one module per responsibility.

pub mod close;
pub mod meters;
pub mod readings;
