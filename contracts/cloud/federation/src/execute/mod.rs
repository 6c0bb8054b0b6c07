//! Execute handlers, one module per group of actions. Every handler checks funds (in
//! `contract`), then who is asking, then the input, and writes only after all checks passed.

pub mod closing;
pub mod leases;
pub mod offers;
pub mod organisations;
pub mod receive;
pub mod terms;
pub mod usage;
