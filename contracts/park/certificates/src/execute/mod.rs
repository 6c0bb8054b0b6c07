//! The contract's actions: issuance (for trades and for unsold output), the generation sums
//! that cap it, and holding (transfer, claim).

pub mod generation;
pub mod holding;
pub mod issuance;
