use cosmwasm_std::{Addr, Uint128};
use ledger_crypto::{CryptoError, generate_secret_key, public_key_bytes};

use super::*;
use crate::contracts::cloud::{LeaseStatus, Prices, Resources};

const CONTRACT: &str = "wasm1cloud";
const TERMS: &str = "host gpu-07.uni-a.example, 10.0.4.17, ssh key fingerprint SHA256:q2x";

fn lease(id: u64) -> Lease {
    Lease {
        id,
        provider: "uni-a".into(),
        consumer: "uni-b".into(),
        payer: Addr::unchecked("wasm1user"),
        resources: Resources::default(),
        holding_seconds: 3_600,
        price_version: 1,
        prices: Prices::default(),
        instance_type: None,
        escrow: Uint128::new(100),
        status: LeaseStatus::Running,
        requested_at: 1,
        started_at: Some(2),
        ended_at: None,
        rejection: None,
        usage_gb: 0,
        usage_sequence: 0,
        usage_until: 0,
    }
}

/// The three organisations' keys: provider, consumer, and a third organisation.
struct Keys {
    provider: SecretKey,
    consumer: SecretKey,
    third: SecretKey,
}

impl Keys {
    fn new() -> Keys {
        Keys {
            provider: generate_secret_key(),
            consumer: generate_secret_key(),
            third: generate_secret_key(),
        }
    }

    fn public(key: &SecretKey) -> Vec<u8> {
        public_key_bytes(key).to_vec()
    }

    /// `sealed` as the contract stores it for `lease`.
    fn stored(&self, lease: &Lease, sealed: SealedTerms) -> StoredTerms {
        StoredTerms {
            lease_id: lease.id,
            for_provider: sealed.for_provider,
            for_consumer: sealed.for_consumer,
            commitment: sealed.commitment,
            provider_key: HexBinary::from(Keys::public(&self.provider)),
            consumer_key: HexBinary::from(Keys::public(&self.consumer)),
            sealed_by: Addr::unchecked("wasm1user"),
            sealed_at: 10,
            revision: 1,
        }
    }

    fn seal(&self, contract: &str, lease: &Lease, text: &str) -> SealedTerms {
        seal_terms(
            contract,
            lease,
            &Keys::public(&self.provider),
            &Keys::public(&self.consumer),
            text,
        )
        .unwrap()
    }
}

fn open(
    lease: &Lease,
    stored: &StoredTerms,
    secret: &SecretKey,
    provider_now: &[u8],
    consumer_now: &[u8],
) -> std::result::Result<OpenedTerms, TermsError> {
    let now = KeysNow {
        provider: provider_now,
        consumer: consumer_now,
    };
    open_terms(CONTRACT, lease, stored, secret, now)
}

#[test]
fn both_organisations_open_the_same_terms_and_the_commitment_is_checked() {
    let keys = Keys::new();
    let lease = lease(7);
    let sealed = keys.seal(CONTRACT, &lease, TERMS);
    assert_ne!(sealed.for_provider, sealed.for_consumer);
    assert_eq!(sealed.commitment.len(), 32);
    let stored = keys.stored(&lease, sealed);
    let (p, c) = (Keys::public(&keys.provider), Keys::public(&keys.consumer));
    for (secret, org, side) in [
        (&keys.provider, "uni-a", Side::Provider),
        (&keys.consumer, "uni-b", Side::Consumer),
    ] {
        let opened = open(&lease, &stored, secret, &p, &c).unwrap();
        assert_eq!(opened.text(), TERMS);
        assert_eq!((opened.org.as_str(), opened.side), (org, side));
        assert_eq!(opened.lease_id, 7);
        assert_eq!(opened.revision, 1);
        assert_eq!(opened.commitment, stored.commitment);
        assert!(
            !format!("{opened:?}").contains("gpu-07"),
            "Debug hides the text"
        );
    }
    // The commitment is the crate's commitment of the terms under the lease-terms field.
    let context = ledger_crypto::Context::LeaseTerms {
        contract: CONTRACT,
        lease_id: 7,
    };
    let opening =
        ledger_crypto::open_field(&keys.provider, &stored.for_provider, &context).unwrap();
    assert_eq!(
        ledger_crypto::commit(LEASE_TERMS_FIELD, TERMS, &opening.salt).to_vec(),
        stored.commitment.to_vec()
    );
}

#[test]
fn a_tampered_commitment_is_refused_and_nothing_is_shown() {
    let keys = Keys::new();
    let lease = lease(7);
    let mut stored = keys.stored(&lease, keys.seal(CONTRACT, &lease, TERMS));
    let mut commitment = stored.commitment.to_vec();
    commitment[0] ^= 1;
    stored.commitment = HexBinary::from(commitment);
    let (p, c) = (Keys::public(&keys.provider), Keys::public(&keys.consumer));
    for (secret, org) in [(&keys.provider, "uni-a"), (&keys.consumer, "uni-b")] {
        assert_eq!(
            open(&lease, &stored, secret, &p, &c).unwrap_err(),
            TermsError::CommitmentMismatch {
                lease_id: 7,
                org: org.into()
            }
        );
    }
    // Each side given other terms than the other: the commitment is of the provider's.
    let other = keys.seal(CONTRACT, &lease, "host gpu-08");
    let mut mixed = keys.stored(&lease, keys.seal(CONTRACT, &lease, TERMS));
    mixed.for_consumer = other.for_consumer;
    assert_eq!(
        open(&lease, &mixed, &keys.provider, &p, &c).unwrap().text(),
        TERMS
    );
    assert_eq!(
        open(&lease, &mixed, &keys.consumer, &p, &c)
            .unwrap_err()
            .code(),
        codes::COMMITMENT_MISMATCH
    );
}

#[test]
fn a_third_organisation_s_key_is_not_a_party() {
    let keys = Keys::new();
    let lease = lease(7);
    let stored = keys.stored(&lease, keys.seal(CONTRACT, &lease, TERMS));
    let (p, c) = (Keys::public(&keys.provider), Keys::public(&keys.consumer));
    let error = open(&lease, &stored, &keys.third, &p, &c).unwrap_err();
    assert_eq!(
        error,
        TermsError::NotAParty {
            lease_id: 7,
            provider: "uni-a".into(),
            consumer: "uni-b".into(),
            public_key: hex::encode(Keys::public(&keys.third)),
        }
    );
    assert_eq!(error.code(), codes::NOT_A_PARTY);
    // Neither envelope opens with it, whichever one it tried.
    let context = ledger_crypto::Context::LeaseTerms {
        contract: CONTRACT,
        lease_id: 7,
    };
    for envelope in [&stored.for_provider, &stored.for_consumer] {
        assert_eq!(
            ledger_crypto::open_field(&keys.third, envelope, &context),
            Err(CryptoError::DecryptionFailed)
        );
    }
}

#[test]
fn another_lease_s_or_contract_s_terms_do_not_open() {
    let keys = Keys::new();
    let (p, c) = (Keys::public(&keys.provider), Keys::public(&keys.consumer));
    // Sealed for lease 8 (or for lease 7 of another contract), stored as lease 7's.
    for sealed in [
        keys.seal(CONTRACT, &lease(8), TERMS),
        keys.seal("wasm1othercloud", &lease(7), TERMS),
    ] {
        let stored = keys.stored(&lease(7), sealed);
        for (secret, org) in [(&keys.provider, "uni-a"), (&keys.consumer, "uni-b")] {
            let error = open(&lease(7), &stored, secret, &p, &c).unwrap_err();
            assert_eq!(
                error,
                TermsError::EnvelopeDoesNotOpen {
                    lease_id: 7,
                    org: org.into()
                }
            );
            assert_eq!(error.code(), codes::ENVELOPE_DOES_NOT_OPEN);
        }
    }
}

#[test]
fn a_key_that_replaced_the_one_sealed_to_is_the_wrong_key() {
    let keys = Keys::new();
    let lease = lease(7);
    let stored = keys.stored(&lease, keys.seal(CONTRACT, &lease, TERMS));
    // uni-b registered a new key after the terms were sealed.
    let replacement = generate_secret_key();
    let error = open(
        &lease,
        &stored,
        &replacement,
        &Keys::public(&keys.provider),
        &Keys::public(&replacement),
    )
    .unwrap_err();
    assert_eq!(
        error,
        TermsError::WrongKey {
            lease_id: 7,
            org: "uni-b".into(),
            sealed_to: hex::encode(Keys::public(&keys.consumer)),
        }
    );
    assert_eq!(error.code(), codes::WRONG_KEY);
    // The earlier key still opens them.
    assert!(
        open(
            &lease,
            &stored,
            &keys.consumer,
            &Keys::public(&keys.provider),
            &Keys::public(&replacement),
        )
        .is_ok()
    );
}

#[test]
fn terms_are_refused_before_sealing_when_empty_too_long_or_to_a_bad_key() {
    let keys = Keys::new();
    let lease = lease(7);
    let p = Keys::public(&keys.provider);
    let c = Keys::public(&keys.consumer);
    assert_eq!(
        seal_terms(CONTRACT, &lease, &p, &c, " \n"),
        Err(TermsError::Empty)
    );
    let longest = "x".repeat(MAX_TERMS_LEN);
    let sealed = seal_terms(CONTRACT, &lease, &p, &c, &longest).unwrap();
    assert_eq!(sealed.for_provider.len(), MAX_ENVELOPE_LEN);
    assert_eq!(
        seal_terms(CONTRACT, &lease, &p, &c, &format!("{longest}x")),
        Err(TermsError::TooLong {
            len: MAX_TERMS_LEN + 1,
            max: MAX_TERMS_LEN
        })
    );
    assert_eq!(
        seal_terms(CONTRACT, &lease, &p, &[2u8; 32], TERMS),
        Err(TermsError::UnusableKey {
            org: "uni-b".into(),
            reason: CryptoError::InvalidPublicKey
        })
    );
}

#[test]
fn terms_errors_carry_distinct_codes_in_the_ledger_form() {
    ledger_types::error_code::assert_distinct(&[
        codes::NONE_STORED,
        codes::NOT_A_PARTY,
        codes::WRONG_KEY,
        codes::ENVELOPE_DOES_NOT_OPEN,
        codes::COMMITMENT_MISMATCH,
        codes::EMPTY,
        codes::TOO_LONG,
        codes::UNUSABLE_KEY,
    ]);
    let error: Error = TermsError::NoneStored { lease_id: 3 }.into();
    assert_eq!(error.contract_code(), Some(codes::NONE_STORED));
    let text = error.to_string();
    assert!(
        text.starts_with("[ledger:cloud_terms.none_stored] no terms are sealed for lease 3"),
        "{text}"
    );
    assert_eq!(
        ledger_types::error_code::code_in(&text),
        Some(codes::NONE_STORED)
    );
}
