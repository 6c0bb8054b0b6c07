//! The client side of the loan-share cryptography, on `ledger-crypto`: what the contributor's
//! CLI seals when it posts a plan, what its watcher re-seals for a participant, and what a
//! participant's CLI opens and checks. Nothing here talks to the chain, so every step is
//! tested offline.
//!
//! The contexts (`ledger_crypto::Context`) bind every ciphertext to the contract, the parties,
//! the plan or confirmation and the field, so a ciphertext moved anywhere else does not
//! decrypt.

use cosmwasm_std::{Binary, HexBinary};
use ledger_crypto::{Context, CryptoError, Opening, SecretKey, open_field_verified, seal_field};
use ledger_types::loan_share::{
    Confirmation, Disclosure, FieldCiphertext, Plan, SealedField, SensitiveField,
};

use super::files::{LoanRow, Sensitive};

/// Seals each sensitive field of `row` to the contributor's own key (`own_key`, compressed)
/// under the plan-field context, with a fresh salt and its commitment.
pub fn seal_row(
    row: &LoanRow,
    contract: &str,
    contributor: &str,
    own_key: &[u8],
) -> Result<Vec<SealedField>, CryptoError> {
    row.sensitive
        .iter()
        .map(|(field, value)| {
            let context = Context::PlanField {
                contract,
                contributor,
                asset_id: &row.asset_id,
                field: field.as_str(),
            };
            let (envelope, commitment) =
                seal_field(own_key, &context, &Opening::new(value.expose()))?;
            Ok(SealedField {
                field: *field,
                ciphertext: Binary::from(envelope),
                commitment: HexBinary::from(commitment.to_vec()),
            })
        })
        .collect()
}

/// Why the watcher could not re-seal a field for a participant.
#[derive(Debug)]
pub enum DiscloseError {
    /// The contributor's own copy does not open (another key, or altered) or does not match
    /// its commitment.
    OwnCopy {
        /// The field.
        field: SensitiveField,
        /// Why.
        source: CryptoError,
    },
    /// The participant key the confirmation recorded is not a valid key.
    ParticipantKey {
        /// Why.
        source: CryptoError,
    },
}

/// The fields of `plan` still owed to `confirmation`'s participant, each opened from the
/// contributor's own copy, checked against the plan's commitment, and sealed to the
/// participant key the confirmation recorded under the disclosure context. Fields already
/// disclosed are left out, so that nothing is disclosed twice.
pub fn disclosure_fields(
    secret: &SecretKey,
    contract: &str,
    plan: &Plan,
    confirmation: &Confirmation,
) -> Result<Vec<FieldCiphertext>, DiscloseError> {
    let mut out = Vec::new();
    for sealed in &plan.sealed_fields {
        if confirmation.disclosed.contains(&sealed.field) {
            continue;
        }
        let field = sealed.field.as_str();
        let own = Context::PlanField {
            contract,
            contributor: plan.contributor.as_str(),
            asset_id: &plan.asset_id,
            field,
        };
        // Opening with the commitment checked: a contributor never discloses a value other
        // than the one it committed to, even if its own copy were damaged.
        let opening = open_field_verified(
            secret,
            sealed.ciphertext.as_slice(),
            &own,
            sealed.commitment.as_slice(),
        )
        .map_err(|source| DiscloseError::OwnCopy {
            field: sealed.field,
            source,
        })?;
        let to = Context::Disclosure {
            contract,
            plan_id: plan.id,
            confirmation_id: confirmation.id,
            participant: confirmation.participant.as_str(),
            field,
        };
        let (envelope, _) = seal_field(confirmation.participant_key.as_slice(), &to, &opening)
            .map_err(|source| DiscloseError::ParticipantKey { source })?;
        out.push(FieldCiphertext {
            field: sealed.field,
            ciphertext: Binary::from(envelope),
        });
    }
    Ok(out)
}

/// One disclosed field as the participant reads it: the value when it decrypts and matches the
/// plan's commitment, the reason otherwise.
#[derive(Debug)]
pub struct Revealed {
    /// The field.
    pub field: SensitiveField,
    /// When it was disclosed (unix seconds).
    pub disclosed_at: u64,
    /// The verified value, or why there is none.
    pub value: Result<Sensitive, CryptoError>,
}

/// Decrypts every disclosure of `confirmation` with the participant's `secret` and checks each
/// against `plan`'s commitment of the field. A field whose commitment is missing from the
/// plan counts as a mismatch.
pub fn reveal(
    secret: &SecretKey,
    contract: &str,
    plan: &Plan,
    confirmation: &Confirmation,
    disclosures: &[Disclosure],
) -> Vec<Revealed> {
    disclosures
        .iter()
        .map(|d| {
            let context = Context::Disclosure {
                contract,
                plan_id: plan.id,
                confirmation_id: confirmation.id,
                participant: confirmation.participant.as_str(),
                field: d.field.as_str(),
            };
            let commitment = plan
                .sealed_fields
                .iter()
                .find(|s| s.field == d.field)
                .map(|s| s.commitment.to_vec())
                .unwrap_or_default();
            let value = open_field_verified(secret, d.ciphertext.as_slice(), &context, &commitment)
                .map(|opening| Sensitive::new(&opening.value));
            Revealed {
                field: d.field,
                disclosed_at: d.disclosed_at,
                value,
            }
        })
        .collect()
}

impl std::fmt::Display for DiscloseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiscloseError::OwnCopy { field, source } => write!(
                f,
                "cannot open your own copy of {}: {source}; was the plan posted with another \
                 encryption key?",
                field.as_str()
            ),
            DiscloseError::ParticipantKey { source } => {
                write!(
                    f,
                    "the participant's registered key cannot be used: {source}"
                )
            }
        }
    }
}

impl std::error::Error for DiscloseError {}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{Addr, Uint128};
    use ledger_crypto::{public_key_bytes, secret_key_from_bytes};
    use ledger_types::loan_share::{JoinTerms, LoanType, RiskSummary};

    use super::super::files::{End, LoanRow};
    use crate::units::Money;
    use crate::when::When;

    const CONTRACT: &str = "wasm1loanshare";
    const CONTRIBUTOR: &str = "wasm1contributor";
    const PARTICIPANT: &str = "wasm1participant";

    fn row() -> LoanRow {
        LoanRow {
            row: 2,
            asset_id: "LA-1".into(),
            loan_type: LoanType::CarPledge,
            loan_amount: Money::from_minor(100),
            sensitive: vec![
                (SensitiveField::BorrowerName, Sensitive::new("王芳")),
                (
                    SensitiveField::IdNumber,
                    Sensitive::new("110101199003071234"),
                ),
                (SensitiveField::Phone, Sensitive::new("13800138000")),
                (SensitiveField::PlateNumber, Sensitive::new("粤B7Q2K9")),
                (
                    SensitiveField::EngineNumber,
                    Sensitive::new("LJ465Q1A2345678"),
                ),
            ],
            vehicle: None,
            risk: RiskSummary {
                score: "A".into(),
                loan_limit: Uint128::new(1),
                suggested_share_limit: Uint128::new(1),
            },
            data_links: vec![],
            offered: Money::from_minor(100),
            min_rate_bps: 1,
            max_rate_bps: 2,
            fee_per_10k: 1,
            max_participants: 2,
            start: When::Now,
            end: End::After(60),
        }
    }

    fn plan(sealed_fields: Vec<SealedField>) -> Plan {
        let input = row().plan_input(sealed_fields, 0);
        Plan {
            id: 4,
            contributor: Addr::unchecked(CONTRIBUTOR),
            asset_id: input.asset_id,
            loan_type: input.loan_type,
            loan_amount: input.loan_amount,
            sealed_fields: input.sealed_fields,
            risk: input.risk,
            vehicle: None,
            data_links: vec![],
            terms: JoinTerms { ..input.terms },
            confirmed: Uint128::zero(),
            participants: 0,
            fees: Uint128::zero(),
            posted_at: 0,
            withdrawn_at: None,
        }
    }

    fn confirmation(participant_key: &[u8], disclosed: Vec<SensitiveField>) -> Confirmation {
        Confirmation {
            id: 9,
            plan_id: 4,
            asset_id: "LA-1".into(),
            contributor: Addr::unchecked(CONTRIBUTOR),
            participant: Addr::unchecked(PARTICIPANT),
            amount: Uint128::new(50),
            rate_bps: 1,
            fee: Uint128::new(1),
            participant_key: HexBinary::from(participant_key.to_vec()),
            fields: SensitiveField::ALL.to_vec(),
            disclosed,
            confirmed_at: 0,
            height: 0,
        }
    }

    fn disclosures(fields: &[FieldCiphertext]) -> Vec<Disclosure> {
        fields
            .iter()
            .enumerate()
            .map(|(i, f)| Disclosure {
                id: i as u64 + 1,
                confirmation_id: 9,
                plan_id: 4,
                field: f.field,
                contributor: Addr::unchecked(CONTRIBUTOR),
                participant: Addr::unchecked(PARTICIPANT),
                ciphertext: f.ciphertext.clone(),
                disclosed_at: 77,
                height: 5,
            })
            .collect()
    }

    #[test]
    fn a_row_travels_sealed_from_contributor_to_participant() {
        let contributor = secret_key_from_bytes(&[1u8; 32]).unwrap();
        let participant = secret_key_from_bytes(&[2u8; 32]).unwrap();
        let sealed = seal_row(
            &row(),
            CONTRACT,
            CONTRIBUTOR,
            &public_key_bytes(&contributor),
        )
        .unwrap();
        assert_eq!(sealed.len(), 5);
        // Ciphertexts and commitments hold no plaintext.
        for s in &sealed {
            assert_eq!(s.commitment.len(), 32);
            let bytes = s.ciphertext.as_slice();
            for value in ["王芳", "13800138000", "LJ465Q1A2345678"] {
                assert!(!bytes.windows(value.len()).any(|w| w == value.as_bytes()));
            }
        }
        let plan = plan(sealed);
        let key = public_key_bytes(&participant);
        let fields =
            disclosure_fields(&contributor, CONTRACT, &plan, &confirmation(&key, vec![])).unwrap();
        assert_eq!(fields.len(), 5);
        let revealed = reveal(
            &participant,
            CONTRACT,
            &plan,
            &confirmation(&key, vec![]),
            &disclosures(&fields),
        );
        let values: Vec<String> = revealed
            .iter()
            .map(|r| r.value.as_ref().unwrap().expose().to_string())
            .collect();
        assert_eq!(
            values,
            [
                "王芳",
                "110101199003071234",
                "13800138000",
                "粤B7Q2K9",
                "LJ465Q1A2345678"
            ]
        );
        // Another key, or another confirmation, opens nothing.
        let stranger = secret_key_from_bytes(&[3u8; 32]).unwrap();
        let by_stranger = reveal(
            &stranger,
            CONTRACT,
            &plan,
            &confirmation(&key, vec![]),
            &disclosures(&fields),
        );
        assert!(
            by_stranger
                .iter()
                .all(|r| r.value == Err(CryptoError::DecryptionFailed))
        );
    }

    #[test]
    fn fields_already_disclosed_are_not_disclosed_again() {
        let contributor = secret_key_from_bytes(&[1u8; 32]).unwrap();
        let key = public_key_bytes(&secret_key_from_bytes(&[2u8; 32]).unwrap());
        let plan = plan(
            seal_row(
                &row(),
                CONTRACT,
                CONTRIBUTOR,
                &public_key_bytes(&contributor),
            )
            .unwrap(),
        );
        let some = confirmation(
            &key,
            vec![SensitiveField::BorrowerName, SensitiveField::PlateNumber],
        );
        let fields = disclosure_fields(&contributor, CONTRACT, &plan, &some).unwrap();
        let names: Vec<SensitiveField> = fields.iter().map(|f| f.field).collect();
        assert_eq!(
            names,
            [
                SensitiveField::IdNumber,
                SensitiveField::Phone,
                SensitiveField::EngineNumber
            ]
        );
        let all = confirmation(&key, SensitiveField::ALL.to_vec());
        assert!(
            disclosure_fields(&contributor, CONTRACT, &plan, &all)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_disclosure_that_does_not_match_the_commitment_is_an_error() {
        let contributor = secret_key_from_bytes(&[1u8; 32]).unwrap();
        let participant = secret_key_from_bytes(&[2u8; 32]).unwrap();
        let key = public_key_bytes(&participant);
        let plan = plan(
            seal_row(
                &row(),
                CONTRACT,
                CONTRIBUTOR,
                &public_key_bytes(&contributor),
            )
            .unwrap(),
        );
        let conf = confirmation(&key, vec![]);
        // A dishonest contributor seals another phone number under the right context.
        let to = Context::Disclosure {
            contract: CONTRACT,
            plan_id: 4,
            confirmation_id: 9,
            participant: PARTICIPANT,
            field: "phone",
        };
        let (lie, _) = seal_field(&key, &to, &Opening::new("13900139000")).unwrap();
        let forged = FieldCiphertext {
            field: SensitiveField::Phone,
            ciphertext: Binary::from(lie),
        };
        let revealed = reveal(
            &participant,
            CONTRACT,
            &plan,
            &conf,
            &disclosures(&[forged]),
        );
        assert_eq!(
            revealed[0].value,
            Err(CryptoError::CommitmentMismatch {
                field: "phone".into()
            })
        );
    }

    #[test]
    fn a_plan_sealed_to_another_key_cannot_be_disclosed() {
        let contributor = secret_key_from_bytes(&[1u8; 32]).unwrap();
        let other = secret_key_from_bytes(&[4u8; 32]).unwrap();
        let key = public_key_bytes(&secret_key_from_bytes(&[2u8; 32]).unwrap());
        let plan =
            plan(seal_row(&row(), CONTRACT, CONTRIBUTOR, &public_key_bytes(&other)).unwrap());
        let err = disclosure_fields(&contributor, CONTRACT, &plan, &confirmation(&key, vec![]))
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot open your own copy of borrower_name"),
            "{err}"
        );
        // 0x05 is no SEC1 prefix of a compressed point.
        let bad_key = confirmation(&[5u8; 33], vec![]);
        let plan = plan_with(&contributor);
        assert!(matches!(
            disclosure_fields(&contributor, CONTRACT, &plan, &bad_key),
            Err(DiscloseError::ParticipantKey { .. })
        ));
    }

    fn plan_with(contributor: &SecretKey) -> Plan {
        plan(
            seal_row(
                &row(),
                CONTRACT,
                CONTRIBUTOR,
                &public_key_bytes(contributor),
            )
            .unwrap(),
        )
    }
}
