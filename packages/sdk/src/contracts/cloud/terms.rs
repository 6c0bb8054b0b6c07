//! A lease's private terms (host names, addresses, access details, notes): sealed on the
//! client to both organisations' encryption keys, stored by the contract as two envelopes and a
//! commitment, and opened by either organisation's secret key with the commitment checked.
//!
//! Both envelopes hold the same opening (a random 32-byte salt and the terms' UTF-8 text)
//! under `ledger_crypto::Context::LeaseTerms { contract, lease_id }`, so an envelope moved to
//! another lease or another contract does not open; the commitment is
//! `ledger_crypto::commit(LEASE_TERMS_FIELD, terms, salt)`. Nothing here signs: sealing needs
//! only the organisations' public keys, which the contract keeps.
//!
//! ```no_run
//! # async fn run(ledger: ledger_sdk::Ledger, user: ledger_sdk::Sender,
//! #     key: ledger_sdk::contracts::cloud::terms::SecretKey) -> ledger_sdk::Result<()> {
//! ledger.cloud_seal_terms_text(&user, 7, "host gpu-07, 10.0.4.17").await?;
//! let opened = ledger.cloud_open_terms(7, &key).await?;
//! println!("{} (opened with {}'s key)", opened.text(), opened.org);
//! # Ok(()) }
//! ```

use cosmwasm_std::{Addr, Binary, HexBinary};
use ledger_client::TxOutcome;
use ledger_crypto::{
    CryptoError, ENVELOPE_OVERHEAD, Opening, SALT_LEN, open_field, public_key_bytes, seal_field,
};
use ledger_types::error_code::{Coded, HasCode};

pub use ledger_crypto::{LEASE_TERMS_FIELD, SecretKey};

use super::{Lease, MAX_ENVELOPE_LEN, SealedTerms, StoredTerms, codes as contract_codes};
use crate::error::{Error, Result};
use crate::ledger::Ledger;
use crate::sender::Sender;

/// Longest terms, bytes of UTF-8: what the contract's largest envelope holds beside the salt.
pub const MAX_TERMS_LEN: usize = MAX_ENVELOPE_LEN - ENVELOPE_OVERHEAD - SALT_LEN;

/// Stable codes of [`TermsError`]: checks made on the client, never sent by a contract, in the
/// same `[ledger:<code>]` form so that a client acts on them as on a contract's refusal.
pub mod codes {
    /// The lease exists and no terms were sealed for it.
    pub const NONE_STORED: &str = "cloud_terms.none_stored";
    /// The key is not a key of either organisation of the lease.
    pub const NOT_A_PARTY: &str = "cloud_terms.not_a_party";
    /// The key is an organisation's key now, and the terms were sealed to an earlier one.
    pub const WRONG_KEY: &str = "cloud_terms.wrong_key";
    /// The envelope sealed to the key does not open with it.
    pub const ENVELOPE_DOES_NOT_OPEN: &str = "cloud_terms.envelope_does_not_open";
    /// The opened terms do not match the stored commitment.
    pub const COMMITMENT_MISMATCH: &str = "cloud_terms.commitment_mismatch";
    /// Terms with no text.
    pub const EMPTY: &str = "cloud_terms.empty";
    /// Terms longer than an envelope holds.
    pub const TOO_LONG: &str = "cloud_terms.too_long";
    /// An organisation's registered key cannot be sealed to.
    pub const UNUSABLE_KEY: &str = "cloud_terms.unusable_key";
}

/// Which organisation of a lease.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The organisation that runs the host.
    Provider,
    /// The organisation whose user requested it.
    Consumer,
}

impl Side {
    /// `provider` or `consumer`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Side::Provider => "provider",
            Side::Consumer => "consumer",
        }
    }
}

/// Why terms cannot be sealed or opened. Each names the problem and what puts it right; a
/// client decides on [`HasCode::code`] ([`codes`]), never on the words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TermsError {
    /// No terms are stored for the lease.
    #[error(
        "no terms are sealed for lease {lease_id} yet: a member of either organisation seals \
         them (`ledger cloud terms seal --lease {lease_id}`)"
    )]
    NoneStored {
        /// The lease.
        lease_id: u64,
    },
    /// The key is neither key the terms were sealed to, nor either organisation's key now.
    #[error(
        "this encryption key (public {public_key}) belongs to neither organisation of lease \
         {lease_id} ({provider} and {consumer}): only their keys open its terms; use the key \
         your organisation registered"
    )]
    NotAParty {
        /// The lease.
        lease_id: u64,
        /// The provider organisation.
        provider: String,
        /// The consumer organisation.
        consumer: String,
        /// The key's public half, hex.
        public_key: String,
    },
    /// The key is the organisation's key now, but the terms were sealed to an earlier one.
    #[error(
        "lease {lease_id}'s terms were sealed to {org}'s earlier key {sealed_to}, not to this \
         one: open them with that key, or have a member of either organisation seal them again \
         (`ledger cloud terms seal --lease {lease_id}`)"
    )]
    WrongKey {
        /// The lease.
        lease_id: u64,
        /// The organisation whose key it is.
        org: String,
        /// The key the terms were sealed to, hex.
        sealed_to: String,
    },
    /// The envelope recorded as sealed to this key does not open with it: it was made for
    /// another key, lease or contract, or changed.
    #[error(
        "the envelope of lease {lease_id}'s terms for {org} does not open with {org}'s key: its \
         sealer made it for another key, lease or contract; have a member of either \
         organisation seal the terms again (`ledger cloud terms seal --lease {lease_id}`)"
    )]
    EnvelopeDoesNotOpen {
        /// The lease.
        lease_id: u64,
        /// The organisation whose envelope it is.
        org: String,
    },
    /// The opened terms are not the terms the commitment was made to.
    #[error(
        "the terms {org} opened for lease {lease_id} do not match the commitment stored with \
         them, so they are not shown: the two organisations may have been given different \
         terms; have them sealed again (`ledger cloud terms seal --lease {lease_id}`)"
    )]
    CommitmentMismatch {
        /// The lease.
        lease_id: u64,
        /// The organisation whose envelope it is.
        org: String,
    },
    /// Terms with no text.
    #[error("the terms are empty: give the text to seal")]
    Empty,
    /// Terms longer than an envelope holds.
    #[error("the terms are {len} bytes, more than the {max} an envelope holds: shorten them")]
    TooLong {
        /// Their length, bytes.
        len: usize,
        /// [`MAX_TERMS_LEN`].
        max: usize,
    },
    /// An organisation's registered encryption key cannot be sealed to.
    #[error(
        "{org}'s registered encryption key cannot be sealed to ({reason}): its administrator \
         registers a valid one (`ledger cloud update-org --org {org} --encryption-key-from \
         <name>`)"
    )]
    UnusableKey {
        /// The organisation.
        org: String,
        /// Why.
        reason: CryptoError,
    },
}

impl HasCode for TermsError {
    fn code(&self) -> &'static str {
        match self {
            TermsError::NoneStored { .. } => codes::NONE_STORED,
            TermsError::NotAParty { .. } => codes::NOT_A_PARTY,
            TermsError::WrongKey { .. } => codes::WRONG_KEY,
            TermsError::EnvelopeDoesNotOpen { .. } => codes::ENVELOPE_DOES_NOT_OPEN,
            TermsError::CommitmentMismatch { .. } => codes::COMMITMENT_MISMATCH,
            TermsError::Empty => codes::EMPTY,
            TermsError::TooLong { .. } => codes::TOO_LONG,
            TermsError::UnusableKey { .. } => codes::UNUSABLE_KEY,
        }
    }
}

impl From<TermsError> for Error {
    fn from(error: TermsError) -> Self {
        Error::Terms(Coded(error))
    }
}

/// A lease's terms opened with one organisation's key and checked against the commitment (an
/// `OpenedTerms` exists only for terms that matched it). The text is wiped from memory when
/// dropped.
#[derive(Debug)]
pub struct OpenedTerms {
    /// The lease.
    pub lease_id: u64,
    /// The organisation whose envelope was opened.
    pub org: String,
    /// Its side of the lease.
    pub side: Side,
    /// The stored revision (1 for the first terms of the lease).
    pub revision: u32,
    /// Who stored them, and when (unix seconds).
    pub sealed_by: Addr,
    /// When they were stored (unix seconds).
    pub sealed_at: u64,
    /// The commitment they matched.
    pub commitment: HexBinary,
    opening: Opening,
}

impl OpenedTerms {
    /// The terms' text.
    pub fn text(&self) -> &str {
        &self.opening.value
    }
}

/// Seals `text` as `lease`'s terms to both organisations' keys (compressed public keys, as the
/// contract holds them) under the lease's context in `contract`, with a fresh salt.
pub fn seal_terms(
    contract: &str,
    lease: &Lease,
    provider_key: &[u8],
    consumer_key: &[u8],
    text: &str,
) -> std::result::Result<SealedTerms, TermsError> {
    if text.trim().is_empty() {
        return Err(TermsError::Empty);
    }
    if text.len() > MAX_TERMS_LEN {
        return Err(TermsError::TooLong {
            len: text.len(),
            max: MAX_TERMS_LEN,
        });
    }
    let context = ledger_crypto::Context::LeaseTerms {
        contract,
        lease_id: lease.id,
    };
    let opening = Opening::new(text);
    let seal_to = |org: &str, key: &[u8]| {
        seal_field(key, &context, &opening).map_err(|reason| TermsError::UnusableKey {
            org: org.to_string(),
            reason,
        })
    };
    let (for_provider, commitment) = seal_to(&lease.provider, provider_key)?;
    let (for_consumer, _) = seal_to(&lease.consumer, consumer_key)?;
    Ok(SealedTerms {
        for_provider: Binary::from(for_provider),
        for_consumer: Binary::from(for_consumer),
        commitment: HexBinary::from(commitment.to_vec()),
    })
}

/// The organisations' encryption keys now (compressed public keys), to tell a key of a party
/// that the terms were not sealed to from a stranger's key.
#[derive(Clone, Copy, Debug)]
pub struct KeysNow<'a> {
    /// The provider organisation's registered key.
    pub provider: &'a [u8],
    /// The consumer organisation's registered key.
    pub consumer: &'a [u8],
}

/// Opens `stored`, the terms of `lease` in `contract`, with `secret`: the envelope of the
/// organisation whose key the terms were sealed to is `secret`'s public key, checked against
/// the commitment.
pub fn open_terms(
    contract: &str,
    lease: &Lease,
    stored: &StoredTerms,
    secret: &SecretKey,
    now: KeysNow<'_>,
) -> std::result::Result<OpenedTerms, TermsError> {
    let public = public_key_bytes(secret);
    let (side, org, envelope) = if stored.provider_key.as_slice() == public {
        (Side::Provider, &lease.provider, &stored.for_provider)
    } else if stored.consumer_key.as_slice() == public {
        (Side::Consumer, &lease.consumer, &stored.for_consumer)
    } else {
        let (org, sealed_to) = if now.provider == public {
            (&lease.provider, &stored.provider_key)
        } else if now.consumer == public {
            (&lease.consumer, &stored.consumer_key)
        } else {
            return Err(TermsError::NotAParty {
                lease_id: lease.id,
                provider: lease.provider.clone(),
                consumer: lease.consumer.clone(),
                public_key: hex_of(&public),
            });
        };
        return Err(TermsError::WrongKey {
            lease_id: lease.id,
            org: org.clone(),
            sealed_to: sealed_to.to_hex(),
        });
    };
    let context = ledger_crypto::Context::LeaseTerms {
        contract,
        lease_id: lease.id,
    };
    let opening = open_field(secret, envelope.as_slice(), &context).map_err(|_| {
        TermsError::EnvelopeDoesNotOpen {
            lease_id: lease.id,
            org: org.clone(),
        }
    })?;
    if !opening.verify(LEASE_TERMS_FIELD, stored.commitment.as_slice()) {
        return Err(TermsError::CommitmentMismatch {
            lease_id: lease.id,
            org: org.clone(),
        });
    }
    Ok(OpenedTerms {
        lease_id: lease.id,
        org: org.clone(),
        side,
        revision: stored.revision,
        sealed_by: stored.sealed_by.clone(),
        sealed_at: stored.sealed_at,
        commitment: stored.commitment.clone(),
        opening,
    })
}

fn hex_of(bytes: &[u8]) -> String {
    HexBinary::from(bytes).to_hex()
}

impl Ledger {
    /// `text` sealed as lease `lease_id`'s terms to the encryption keys its two organisations
    /// have registered now (read from the contract); store them with
    /// [`Ledger::cloud_seal_terms`].
    pub async fn cloud_sealed_terms_for(&self, lease_id: u64, text: &str) -> Result<SealedTerms> {
        let lease = self.cloud_lease(lease_id).await?;
        let provider = self.cloud_organisation(&lease.provider).await?;
        let consumer = self.cloud_organisation(&lease.consumer).await?;
        Ok(seal_terms(
            self.cloud_contract()?,
            &lease,
            provider.encryption_key.as_slice(),
            consumer.encryption_key.as_slice(),
            text,
        )?)
    }

    /// A member of either organisation of the lease: seals `text` to both organisations
    /// ([`Ledger::cloud_sealed_terms_for`]) and stores it as the lease's newest terms.
    pub async fn cloud_seal_terms_text(
        &self,
        sender: &Sender,
        lease_id: u64,
        text: &str,
    ) -> Result<TxOutcome> {
        let sealed = self.cloud_sealed_terms_for(lease_id, text).await?;
        self.cloud_seal_terms(sender, lease_id, sealed).await
    }

    /// Lease `lease_id`'s stored terms opened with `secret` (an organisation's encryption key)
    /// and checked against their commitment; [`TermsError`] says why not.
    pub async fn cloud_open_terms(&self, lease_id: u64, secret: &SecretKey) -> Result<OpenedTerms> {
        let lease = self.cloud_lease(lease_id).await?;
        let stored = match self.cloud_terms(lease_id).await {
            Ok(stored) => stored,
            Err(e) if e.contract_code() == Some(contract_codes::NO_TERMS) => {
                return Err(TermsError::NoneStored { lease_id }.into());
            }
            Err(e) => return Err(e),
        };
        let provider = self.cloud_organisation(&lease.provider).await?;
        let consumer = self.cloud_organisation(&lease.consumer).await?;
        let now = KeysNow {
            provider: provider.encryption_key.as_slice(),
            consumer: consumer.encryption_key.as_slice(),
        };
        Ok(open_terms(
            self.cloud_contract()?,
            &lease,
            &stored,
            secret,
            now,
        )?)
    }
}

#[cfg(test)]
mod tests;
