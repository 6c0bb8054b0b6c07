//! A token bucket per client IP address, in front of `/auth/*`: sign-in costs a signature
//! check and a chain query, so one client may not ask for it faster than the rate.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{ApiError, codes};
use crate::state::AppState;

/// Beyond this many tracked addresses, full (idle) buckets are dropped: a full bucket is
/// what a new address would get anyway.
const MAX_TRACKED: usize = 10_000;

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Per-address token buckets: `burst` requests at once, refilled at `per_second`.
pub struct RateLimiter {
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
    burst: f64,
    per_second: f64,
}

impl RateLimiter {
    /// A limiter allowing `burst` requests at once and `per_minute` sustained.
    pub fn new(burst: u32, per_minute: u32) -> Self {
        RateLimiter {
            buckets: Mutex::new(HashMap::new()),
            burst: f64::from(burst.max(1)),
            per_second: f64::from(per_minute) / 60.0,
        }
    }

    /// Takes a token for `ip` at `now`; false when its bucket is empty.
    pub fn allow_at(&self, ip: IpAddr, now: Instant) -> bool {
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() >= MAX_TRACKED && !buckets.contains_key(&ip) {
            let (burst, rate) = (self.burst, self.per_second);
            buckets.retain(|_, b| refilled(b, now, burst, rate) < burst);
        }
        let bucket = buckets.entry(ip).or_insert(Bucket {
            tokens: self.burst,
            updated: now,
        });
        bucket.tokens = refilled(bucket, now, self.burst, self.per_second);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

fn refilled(bucket: &Bucket, now: Instant, burst: f64, per_second: f64) -> f64 {
    let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
    (bucket.tokens + elapsed * per_second).min(burst)
}

/// Middleware: refuses with 429 `gateway.rate_limited` when the client's bucket is empty.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // The server is run with connection info; a request without it (an in-process call)
    // shares one bucket rather than escaping the limit.
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
    if !state.auth_limiter.allow_at(ip, Instant::now()) {
        return ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            codes::RATE_LIMITED,
            "too many sign-in requests from this address; wait a little",
        )
        .into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_then_the_sustained_rate() {
        let limiter = RateLimiter::new(3, 60);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let t0 = Instant::now();
        assert!((0..3).all(|_| limiter.allow_at(ip, t0)));
        assert!(!limiter.allow_at(ip, t0));
        // One token a second comes back.
        assert!(limiter.allow_at(ip, t0 + Duration::from_secs(1)));
        assert!(!limiter.allow_at(ip, t0 + Duration::from_secs(1)));
        // Never more than the burst, however long the wait.
        let later = t0 + Duration::from_secs(3600);
        assert!((0..3).all(|_| limiter.allow_at(ip, later)));
        assert!(!limiter.allow_at(ip, later));
    }

    #[test]
    fn addresses_have_buckets_of_their_own() {
        let limiter = RateLimiter::new(1, 1);
        let t0 = Instant::now();
        assert!(limiter.allow_at("10.0.0.1".parse().unwrap(), t0));
        assert!(!limiter.allow_at("10.0.0.1".parse().unwrap(), t0));
        assert!(limiter.allow_at("10.0.0.2".parse().unwrap(), t0));
    }
}
