//! Disclosure: after a confirmation, the plan's contributor posts each sensitive field
//! re-encrypted to the participant key the confirmation recorded. Each field of the plan is
//! disclosed once per confirmation, in one message or several; the record says who received
//! which field, and when. The ciphertexts are opaque to the contract: whether a disclosure
//! opens to the committed value is for the participant to check (`ledger-crypto`), and a
//! mismatch is evidence against the contributor, who signed the disclosure. Disclosing is the
//! contributor's obligation once paid, so it needs no role: a contributor whose role was
//! removed since can still disclose to the participants it already took fees from.

use std::collections::BTreeSet;

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use ledger_types::loan_share::{Disclosure, FieldCiphertext};

use crate::ContractError;
use crate::ContractResult;
use crate::records::{contributors_confirmation, save_confirmation};
use crate::state::{
    CONFIRMATION_DISCLOSURES, DISCLOSURES, LAST_DISCLOSURE_ID, TOTALS, increment, next_id,
};
use crate::validate;

pub fn disclose(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    confirmation_id: u64,
    fields: Vec<FieldCiphertext>,
) -> ContractResult {
    nonpayable(&info)?;
    let mut confirmation = contributors_confirmation(deps.storage, &info.sender, confirmation_id)?;
    if fields.is_empty() {
        return Err(ContractError::NothingToDisclose {});
    }
    let mut seen = BTreeSet::new();
    for given in &fields {
        let name = given.field.as_str().to_string();
        if !seen.insert(given.field) {
            return Err(ContractError::DuplicateField { field: name });
        }
        if !confirmation.fields.contains(&given.field) {
            return Err(ContractError::FieldNotInPlan {
                confirmation_id,
                field: name,
            });
        }
        if confirmation.disclosed.contains(&given.field) {
            return Err(ContractError::AlreadyDisclosed {
                confirmation_id,
                field: name,
            });
        }
        validate::ciphertext(given.field, &given.ciphertext)?;
    }

    let now = env.block.time.seconds();
    let mut totals = TOTALS.load(deps.storage)?;
    let mut ids = Vec::with_capacity(fields.len());
    for given in fields {
        let id = next_id(deps.storage, &LAST_DISCLOSURE_ID)?;
        totals.disclosures = increment(totals.disclosures)?;
        DISCLOSURES.save(
            deps.storage,
            id,
            &Disclosure {
                id,
                confirmation_id,
                plan_id: confirmation.plan_id,
                field: given.field,
                contributor: confirmation.contributor.clone(),
                participant: confirmation.participant.clone(),
                ciphertext: given.ciphertext,
                disclosed_at: now,
                height: env.block.height,
            },
        )?;
        CONFIRMATION_DISCLOSURES.save(deps.storage, (confirmation_id, id), &())?;
        confirmation.disclosed.push(given.field);
        ids.push(id);
    }
    save_confirmation(deps.storage, &confirmation)?;
    TOTALS.save(deps.storage, &totals)?;

    let names: Vec<&str> = seen.iter().map(|f| f.as_str()).collect();
    let ids: Vec<String> = ids.iter().map(u64::to_string).collect();
    Ok(Response::new()
        .add_attribute("action", "disclose")
        .add_attribute("confirmation_id", confirmation_id.to_string())
        .add_attribute("plan_id", confirmation.plan_id.to_string())
        .add_attribute("contributor", confirmation.contributor.clone())
        .add_attribute("participant", confirmation.participant.clone())
        .add_attribute("fields", names.join(","))
        .add_attribute("disclosure_ids", ids.join(","))
        .add_attribute("complete", confirmation.fully_disclosed().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::execute::confirm::confirm;
    use crate::state::PENDING_DISCLOSURES;
    use crate::testing::{Deps, plan_input, post_contributors_plan, setup};
    use cosmwasm_std::testing::{message_info, mock_env};
    use cosmwasm_std::{Binary, Uint128};
    use ledger_types::loan_share::{
        LoanType, MAX_CIPHERTEXT_LEN, MIN_CIPHERTEXT_LEN, SensitiveField,
    };

    fn confirmed() -> (Deps, crate::testing::Actors) {
        let (mut deps, a) = setup();
        let input = plan_input("A-1", LoanType::Cash, 100_000_00);
        post_contributors_plan(&mut deps, &a, input);
        confirm(
            deps.as_mut(),
            mock_env(),
            a.token.clone(),
            a.participant.clone(),
            Uint128::new(5_00),
            1,
            Uint128::new(50_000_00),
            1_900,
        )
        .unwrap();
        (deps, a)
    }

    fn field(field: SensitiveField) -> FieldCiphertext {
        FieldCiphertext {
            field,
            ciphertext: Binary::from(vec![9u8; 90]),
        }
    }

    #[test]
    fn each_field_is_disclosed_once_by_the_contributor() {
        let (mut deps, a) = confirmed();
        let info = message_info(&a.contributor, &[]);
        let res = disclose(
            deps.as_mut(),
            mock_env(),
            info.clone(),
            1,
            vec![
                field(SensitiveField::Phone),
                field(SensitiveField::BorrowerName),
            ],
        )
        .unwrap();
        assert_eq!(res.attributes[5].value, "borrower_name,phone");
        assert_eq!(res.attributes[7].value, "false");
        assert!(PENDING_DISCLOSURES.has(&deps.storage, (&a.contributor, 1)));
        assert_eq!(
            disclose(
                deps.as_mut(),
                mock_env(),
                info.clone(),
                1,
                vec![field(SensitiveField::Phone)]
            ),
            Err(ContractError::AlreadyDisclosed {
                confirmation_id: 1,
                field: "phone".into()
            })
        );
        assert_eq!(
            disclose(
                deps.as_mut(),
                mock_env(),
                info.clone(),
                1,
                vec![field(SensitiveField::PlateNumber)]
            ),
            Err(ContractError::FieldNotInPlan {
                confirmation_id: 1,
                field: "plate_number".into()
            })
        );
        let res = disclose(
            deps.as_mut(),
            mock_env(),
            info,
            1,
            vec![field(SensitiveField::IdNumber)],
        )
        .unwrap();
        assert_eq!(res.attributes[7].value, "true");
        assert!(!PENDING_DISCLOSURES.has(&deps.storage, (&a.contributor, 1)));
        let confirmation = crate::records::load_confirmation(&deps.storage, 1).unwrap();
        assert_eq!(
            confirmation.disclosed,
            vec![
                SensitiveField::Phone,
                SensitiveField::BorrowerName,
                SensitiveField::IdNumber
            ]
        );
        assert_eq!(TOTALS.load(&deps.storage).unwrap().disclosures, 3);
    }

    #[test]
    fn bad_disclosures_are_refused() {
        let (mut deps, a) = confirmed();
        let info = message_info(&a.contributor, &[]);
        assert_eq!(
            disclose(
                deps.as_mut(),
                mock_env(),
                message_info(&a.participant, &[]),
                1,
                vec![field(SensitiveField::Phone)]
            ),
            Err(ContractError::NotConfirmationContributor {
                confirmation_id: 1,
                contributor: a.contributor.clone(),
                sender: a.participant.clone()
            })
        );
        assert_eq!(
            disclose(deps.as_mut(), mock_env(), info.clone(), 1, vec![]),
            Err(ContractError::NothingToDisclose {})
        );
        assert_eq!(
            disclose(
                deps.as_mut(),
                mock_env(),
                info.clone(),
                1,
                vec![field(SensitiveField::Phone), field(SensitiveField::Phone)]
            ),
            Err(ContractError::DuplicateField {
                field: "phone".into()
            })
        );
        let short = FieldCiphertext {
            field: SensitiveField::Phone,
            ciphertext: Binary::from(b"13800138000".to_vec()),
        };
        assert_eq!(
            disclose(deps.as_mut(), mock_env(), info.clone(), 1, vec![short]),
            Err(ContractError::CiphertextLength {
                field: "phone".into(),
                len: 11,
                min: MIN_CIPHERTEXT_LEN,
                max: MAX_CIPHERTEXT_LEN
            })
        );
        assert_eq!(
            disclose(
                deps.as_mut(),
                mock_env(),
                info,
                2,
                vec![field(SensitiveField::Phone)]
            ),
            Err(ContractError::ConfirmationNotFound { confirmation_id: 2 })
        );
        assert!(DISCLOSURES.is_empty(&deps.storage));
    }
}
