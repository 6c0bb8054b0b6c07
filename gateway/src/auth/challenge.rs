//! One-time sign-in challenges, kept in memory: one live challenge per address, bounded in
//! number, taken out on first use whatever the outcome.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand_core::{OsRng, RngCore};

/// A challenge handed to a client.
#[derive(Clone, Debug)]
pub struct Challenge {
    /// The text the client signs (ADR-036 `data`).
    pub text: String,
    /// The nonce inside the text.
    pub nonce: String,
    /// When it expires, unix seconds.
    pub expires_at: u64,
}

/// Why a challenge cannot be issued or used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChallengeError {
    /// As many challenges are pending as the store holds.
    #[error("too many sign-ins are pending; try again in a minute")]
    Full,
    /// None pending for the address (never issued, used, or replaced by a newer one).
    #[error("no pending challenge for this address: ask for one at /auth/challenge")]
    Unknown,
    /// It expired.
    #[error("the challenge expired: ask for a new one")]
    Expired,
}

struct Pending {
    text: String,
    expires: Instant,
}

/// The pending challenges.
pub struct ChallengeStore {
    pending: Mutex<HashMap<String, Pending>>,
    ttl: Duration,
    capacity: usize,
}

impl ChallengeStore {
    /// A store of at most `capacity` challenges, each live for `ttl`.
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        ChallengeStore {
            pending: Mutex::new(HashMap::new()),
            ttl,
            capacity,
        }
    }

    /// A new challenge for `address`, replacing any pending one.
    pub fn issue(&self, address: &str) -> Result<Challenge, ChallengeError> {
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        let nonce = URL_SAFE_NO_PAD.encode(bytes);
        let expires_at = SystemTime::now()
            .checked_add(self.ttl)
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs());
        let text = format!(
            "Sign in to the obligation ledger gateway\naddress: {address}\nnonce: {nonce}\nexpires: {expires_at}"
        );
        let now = Instant::now();
        let mut pending = self.lock();
        if pending.len() >= self.capacity && !pending.contains_key(address) {
            pending.retain(|_, p| p.expires > now);
            if pending.len() >= self.capacity {
                return Err(ChallengeError::Full);
            }
        }
        pending.insert(
            address.to_string(),
            Pending {
                text: text.clone(),
                expires: now + self.ttl,
            },
        );
        Ok(Challenge {
            text,
            nonce,
            expires_at,
        })
    }

    /// Takes `address`'s pending challenge text out of the store: a second use finds none.
    pub fn take(&self, address: &str) -> Result<String, ChallengeError> {
        let taken = self.lock().remove(address).ok_or(ChallengeError::Unknown)?;
        if Instant::now() >= taken.expires {
            return Err(ChallengeError::Expired);
        }
        Ok(taken.text)
    }

    /// How many challenges are held.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// True when none is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Pending>> {
        // A panic while holding the lock cannot leave the map half-changed (every change is
        // one call), so a poisoned lock is still usable.
        self.pending
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_challenge_is_used_once() {
        let store = ChallengeStore::new(Duration::from_secs(60), 10);
        let challenge = store.issue("wasm1a").unwrap();
        assert!(challenge.text.contains(&challenge.nonce));
        assert!(challenge.text.contains("wasm1a"));
        assert_eq!(store.take("wasm1a"), Ok(challenge.text));
        assert_eq!(store.take("wasm1a"), Err(ChallengeError::Unknown));
    }

    #[test]
    fn a_newer_challenge_replaces_the_older() {
        let store = ChallengeStore::new(Duration::from_secs(60), 10);
        let first = store.issue("wasm1a").unwrap();
        let second = store.issue("wasm1a").unwrap();
        assert_ne!(first.nonce, second.nonce);
        assert_eq!(store.len(), 1);
        assert_eq!(store.take("wasm1a"), Ok(second.text));
    }

    #[test]
    fn an_expired_challenge_is_refused_and_gone() {
        let store = ChallengeStore::new(Duration::ZERO, 10);
        store.issue("wasm1a").unwrap();
        assert_eq!(store.take("wasm1a"), Err(ChallengeError::Expired));
        assert!(store.is_empty());
    }

    #[test]
    fn the_store_is_bounded_but_makes_room_from_expired_ones() {
        let store = ChallengeStore::new(Duration::from_secs(60), 2);
        store.issue("wasm1a").unwrap();
        store.issue("wasm1b").unwrap();
        assert_eq!(store.issue("wasm1c").unwrap_err(), ChallengeError::Full);
        // Asking again for an address already pending is a replacement, not a new entry.
        store.issue("wasm1b").unwrap();

        let expiring = ChallengeStore::new(Duration::ZERO, 2);
        expiring.issue("wasm1a").unwrap();
        expiring.issue("wasm1b").unwrap();
        expiring.issue("wasm1c").unwrap();
        assert_eq!(expiring.len(), 1);
    }
}
