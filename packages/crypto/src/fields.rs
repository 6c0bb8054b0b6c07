//! Sensitive fields end to end: sealing a field for a plan, re-sealing it for a participant,
//! and opening it with its commitment checked.

use k256::SecretKey;

use crate::context::Context;
use crate::envelope::{decrypt, encrypt_to};
use crate::opening::Opening;
use crate::{COMMITMENT_LEN, CryptoError};

/// Encrypts `opening` to `recipient` under `context`; returns the envelope and the commitment
/// of the opening for the context's field.
pub fn seal_field(
    recipient: &[u8],
    context: &Context<'_>,
    opening: &Opening,
) -> Result<(Vec<u8>, [u8; COMMITMENT_LEN]), CryptoError> {
    let plaintext = zeroize::Zeroizing::new(opening.to_bytes());
    let envelope = encrypt_to(recipient, &plaintext, &context.aad())?;
    Ok((envelope, opening.commitment(context.field())))
}

/// Decrypts a field sealed to `secret`'s key under `context`.
pub fn open_field(
    secret: &SecretKey,
    envelope: &[u8],
    context: &Context<'_>,
) -> Result<Opening, CryptoError> {
    let plaintext = decrypt(secret, envelope, &context.aad())?;
    Opening::from_bytes(&plaintext)
}

/// [`open_field`], then checks the opening against the plan's commitment: a mismatch is an
/// error, never a value.
pub fn open_field_verified(
    secret: &SecretKey,
    envelope: &[u8],
    context: &Context<'_>,
    commitment: &[u8],
) -> Result<Opening, CryptoError> {
    let opening = open_field(secret, envelope, context)?;
    if !opening.verify(context.field(), commitment) {
        return Err(CryptoError::CommitmentMismatch {
            field: context.field().to_string(),
        });
    }
    Ok(opening)
}

/// The contributor's step after a confirmation: opens its own copy (`from`, sealed to its own
/// key) and seals the same opening to `recipient` under `to`. Both contexts must name the same
/// field.
pub fn reseal_field(
    secret: &SecretKey,
    envelope: &[u8],
    from: &Context<'_>,
    recipient: &[u8],
    to: &Context<'_>,
) -> Result<Vec<u8>, CryptoError> {
    if from.field() != to.field() {
        return Err(CryptoError::MalformedOpening {
            reason: format!("a {} cannot be disclosed as a {}", from.field(), to.field()),
        });
    }
    let opening = open_field(secret, envelope, from)?;
    let (sealed, _) = seal_field(recipient, to, &opening)?;
    Ok(sealed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{public_key_bytes, secret_key_from_bytes};

    const CONTRACT: &str = "wasm1loanshare";

    fn own<'a>(asset_id: &'a str, field: &'a str) -> Context<'a> {
        Context::PlanField {
            contract: CONTRACT,
            contributor: "wasm1contributor",
            asset_id,
            field,
        }
    }

    fn disclosure(confirmation_id: u64, field: &str) -> Context<'_> {
        Context::Disclosure {
            contract: CONTRACT,
            plan_id: 3,
            confirmation_id,
            participant: "wasm1participant",
            field,
        }
    }

    #[test]
    fn a_field_travels_from_the_plan_to_a_participant() {
        let contributor = secret_key_from_bytes(&[1u8; 32]).unwrap();
        let participant = secret_key_from_bytes(&[2u8; 32]).unwrap();
        let opening = Opening::new("110101199003071234");
        let (own_copy, commitment) = seal_field(
            &public_key_bytes(&contributor),
            &own("A-7", "id_number"),
            &opening,
        )
        .unwrap();

        let disclosed = reseal_field(
            &contributor,
            &own_copy,
            &own("A-7", "id_number"),
            &public_key_bytes(&participant),
            &disclosure(5, "id_number"),
        )
        .unwrap();
        let got = open_field_verified(
            &participant,
            &disclosed,
            &disclosure(5, "id_number"),
            &commitment,
        )
        .unwrap();
        assert_eq!(got.value, "110101199003071234");
        assert_eq!(got, opening);

        // The participant cannot read the contributor's own copy, nor the disclosure as another
        // confirmation's or field's.
        assert_eq!(
            open_field(&participant, &own_copy, &own("A-7", "id_number")),
            Err(CryptoError::DecryptionFailed)
        );
        assert_eq!(
            open_field(&participant, &disclosed, &disclosure(6, "id_number")),
            Err(CryptoError::DecryptionFailed)
        );
        assert_eq!(
            open_field(&participant, &disclosed, &disclosure(5, "phone")),
            Err(CryptoError::DecryptionFailed)
        );
        // Moving the own copy to another asset or field fails too.
        assert_eq!(
            open_field(&contributor, &own_copy, &own("A-8", "id_number")),
            Err(CryptoError::DecryptionFailed)
        );
        assert!(matches!(
            reseal_field(
                &contributor,
                &own_copy,
                &own("A-7", "id_number"),
                &public_key_bytes(&participant),
                &disclosure(5, "phone"),
            ),
            Err(CryptoError::MalformedOpening { .. })
        ));
    }

    #[test]
    fn a_disclosure_that_does_not_match_the_commitment_is_refused() {
        let contributor = secret_key_from_bytes(&[1u8; 32]).unwrap();
        let participant = secret_key_from_bytes(&[2u8; 32]).unwrap();
        let (_, commitment) = seal_field(
            &public_key_bytes(&contributor),
            &own("A-7", "phone"),
            &Opening::new("13800138000"),
        )
        .unwrap();
        // A dishonest contributor discloses another number (or the right number with another
        // salt).
        for lie in [Opening::new("13900139000"), Opening::new("13800138000")] {
            let (disclosed, _) = seal_field(
                &public_key_bytes(&participant),
                &disclosure(5, "phone"),
                &lie,
            )
            .unwrap();
            assert_eq!(
                open_field_verified(
                    &participant,
                    &disclosed,
                    &disclosure(5, "phone"),
                    &commitment
                ),
                Err(CryptoError::CommitmentMismatch {
                    field: "phone".into()
                })
            );
        }
    }
}
