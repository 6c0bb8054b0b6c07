//! Execute handlers: a declaration's checks and its publication, and the credits retired
//! against footprints.

pub mod declaration;
pub mod offsets;
pub mod publish;
