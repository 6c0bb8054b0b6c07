//! Execute handlers: a declaration's checks and its publication.

pub mod declaration;
pub mod publish;
