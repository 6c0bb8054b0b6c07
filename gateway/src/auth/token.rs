//! Session tokens: the address that signed in, with an expiry (what it may do is read from the
//! registry on every request), signed with HMAC-SHA256 under a secret kept in the data directory.
//!
//! Form: `v1.<base64url claims JSON>.<base64url tag>`, the tag over everything before the
//! last dot. HMAC rather than JWT: one issuer checks its own tokens, so a shared-key MAC is
//! all that is needed and there is no algorithm header to get wrong.

use std::fs;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The token secret's file name in the data directory.
pub const SECRET_FILE: &str = "token-secret";
const SECRET_LEN: usize = 32;
const PREFIX: &str = "v1.";

type HmacSha256 = Hmac<Sha256>;

/// What a session token says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The signed-in address.
    pub sub: String,
    /// Issued at, unix seconds.
    pub iat: u64,
    /// Expires at, unix seconds.
    pub exp: u64,
}

/// Why a token is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// Not a token of this gateway's form.
    #[error("the session token is malformed")]
    Malformed,
    /// The tag does not match: forged, altered, or signed under another secret.
    #[error("the session token's signature does not match")]
    BadSignature,
    /// Past its expiry.
    #[error("the session expired: sign in again")]
    Expired,
}

/// The key that signs and checks session tokens.
#[derive(Clone)]
pub struct TokenKey {
    /// The HMAC keyed with the secret, cloned for each token.
    mac: HmacSha256,
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKey(..)")
    }
}

impl TokenKey {
    /// A key from raw secret bytes.
    pub fn from_secret(secret: [u8; SECRET_LEN]) -> anyhow::Result<Self> {
        let mac = <HmacSha256 as Mac>::new_from_slice(&secret)
            .map_err(|e| anyhow::anyhow!("the token secret cannot key HMAC-SHA256: {e}"))?;
        Ok(TokenKey { mac })
    }

    /// The secret in `data_dir/token-secret`, made (32 random bytes, mode 0600) on first
    /// start; an existing file that others may read is refused.
    pub fn load_or_create(data_dir: &Path) -> anyhow::Result<Self> {
        fs::create_dir_all(data_dir)
            .with_context(|| format!("creating the data directory {}", data_dir.display()))?;
        let path = data_dir.join(SECRET_FILE);
        if !path.exists() {
            let mut secret = [0u8; SECRET_LEN];
            OsRng.fill_bytes(&mut secret);
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
                .with_context(|| format!("creating the token secret {}", path.display()))?;
            file.write_all(&secret)
                .with_context(|| format!("writing the token secret {}", path.display()))?;
            tracing::info!(path = %path.display(), "made a new token secret");
            return Self::from_secret(secret);
        }
        let mode = fs::metadata(&path)
            .with_context(|| format!("reading {}", path.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            bail!(
                "the token secret {} may be read by others (mode {:o}): chmod 600 it",
                path.display(),
                mode & 0o777
            );
        }
        let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let secret: [u8; SECRET_LEN] = bytes.try_into().map_err(|b: Vec<u8>| {
            anyhow::anyhow!(
                "the token secret {} has {} bytes, not {SECRET_LEN}: delete it to make a new one \
                 (sessions open now end)",
                path.display(),
                b.len()
            )
        })?;
        Self::from_secret(secret)
    }

    /// A signed token carrying `claims`.
    pub fn issue(&self, claims: &Claims) -> serde_json::Result<String> {
        let json = serde_json::to_vec(claims)?;
        let signed = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(json));
        let mut mac = self.mac.clone();
        mac.update(signed.as_bytes());
        let tag = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        Ok(format!("{signed}.{tag}"))
    }

    /// The claims of `token` if this key signed it and it is live at `now` (unix seconds).
    pub fn verify(&self, token: &str, now: u64) -> Result<Claims, TokenError> {
        let (signed, tag) = token.rsplit_once('.').ok_or(TokenError::Malformed)?;
        let payload = signed.strip_prefix(PREFIX).ok_or(TokenError::Malformed)?;
        let tag = URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| TokenError::Malformed)?;
        let mut mac = self.mac.clone();
        mac.update(signed.as_bytes());
        // Constant-time comparison.
        mac.verify_slice(&tag)
            .map_err(|_| TokenError::BadSignature)?;
        let json = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| TokenError::Malformed)?;
        let claims: Claims = serde_json::from_slice(&json).map_err(|_| TokenError::Malformed)?;
        if now >= claims.exp {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: u64) -> Claims {
        Claims {
            sub: "wasm1a".to_string(),
            iat: 100,
            exp,
        }
    }

    #[test]
    fn a_token_round_trips_until_it_expires() {
        let key = TokenKey::from_secret([1; 32]).unwrap();
        let token = key.issue(&claims(200)).unwrap();
        assert_eq!(key.verify(&token, 150), Ok(claims(200)));
        assert_eq!(key.verify(&token, 200), Err(TokenError::Expired));
    }

    #[test]
    fn forged_altered_and_foreign_tokens_are_refused() {
        let key = TokenKey::from_secret([1; 32]).unwrap();
        let token = key.issue(&claims(200)).unwrap();
        let other = TokenKey::from_secret([2; 32]).unwrap();
        assert_eq!(other.verify(&token, 150), Err(TokenError::BadSignature));

        // Claims rewritten to another address, the tag kept.
        let (_, tag) = token.rsplit_once('.').unwrap();
        let mut forged = claims(200);
        forged.sub = "wasm1admin".to_string();
        let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap());
        let forged = format!("{PREFIX}{body}.{tag}");
        assert_eq!(key.verify(&forged, 150), Err(TokenError::BadSignature));

        assert_eq!(key.verify("nonsense", 150), Err(TokenError::Malformed));
        assert_eq!(key.verify("v2.abc.def", 150), Err(TokenError::Malformed));
    }

    #[test]
    fn the_secret_is_made_once_with_owner_only_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let first = TokenKey::load_or_create(dir.path()).unwrap();
        let path = dir.path().join(SECRET_FILE);
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let second = TokenKey::load_or_create(dir.path()).unwrap();
        let token = first.issue(&claims(200)).unwrap();
        assert!(second.verify(&token, 150).is_ok());

        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let refused = TokenKey::load_or_create(dir.path()).unwrap_err();
        assert!(refused.to_string().contains("chmod 600"), "{refused}");
    }
}
