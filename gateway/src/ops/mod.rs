//! Operations: health, metrics, the sign-in rate limit.

pub mod health;
pub mod metrics;
pub mod rate_limit;
