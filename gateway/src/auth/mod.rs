//! Sign-in by chain key: ADR-036 signatures, one-time challenges, session tokens, and the
//! extractors that check them on every request.

pub mod adr036;
pub mod challenge;
pub mod handlers;
pub mod session;
pub mod token;
