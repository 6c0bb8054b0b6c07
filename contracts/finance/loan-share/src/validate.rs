//! Checks of user input that do not depend on storage.

use std::collections::BTreeSet;

use cosmwasm_std::{Binary, Uint128};
use ledger_types::loan_share::{
    COMMITMENT_LEN, JoinTerms, LoanType, MAX_CIPHERTEXT_LEN, MAX_DATA_LINKS, MAX_FEE_PER_10K,
    MAX_LINK_LEN, MAX_PARTICIPANTS, MAX_RATE_BPS, MAX_SHORT_TEXT, MIN_CIPHERTEXT_LEN, PlanInput,
    SealedField, SensitiveField,
};

use crate::ContractError;
use crate::ContractResult;

/// Free text: not blank, at most `max` characters.
pub fn text(value: &str, field: &str, max: usize) -> ContractResult<()> {
    if value.trim().is_empty() {
        return Err(ContractError::EmptyText {
            field: field.to_string(),
        });
    }
    let len = value.chars().count();
    if len > max {
        return Err(ContractError::TextTooLong {
            field: field.to_string(),
            len,
            max,
        });
    }
    Ok(())
}

/// An identifier (asset id, payment or payout reference, link): text of at most `max`
/// characters without whitespace or control characters, so that it is matched exactly as
/// written.
pub fn identifier(value: &str, field: &str, max: usize) -> ContractResult<()> {
    text(value, field, max)?;
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ContractError::InvalidIdentifier {
            field: field.to_string(),
            value: value.to_string(),
        });
    }
    Ok(())
}

/// A ciphertext: [`MIN_CIPHERTEXT_LEN`] to [`MAX_CIPHERTEXT_LEN`] bytes (only the length is
/// looked at).
pub fn ciphertext(field: SensitiveField, ciphertext: &Binary) -> ContractResult<()> {
    let len = ciphertext.len();
    if !(MIN_CIPHERTEXT_LEN..=MAX_CIPHERTEXT_LEN).contains(&len) {
        return Err(ContractError::CiphertextLength {
            field: field.as_str().to_string(),
            len,
            min: MIN_CIPHERTEXT_LEN,
            max: MAX_CIPHERTEXT_LEN,
        });
    }
    Ok(())
}

/// A plan as posted at block time `now`; returns its sealed fields in the loan type's order.
pub fn plan(input: &PlanInput, now: u64) -> ContractResult<Vec<SealedField>> {
    identifier(&input.asset_id, "asset id", MAX_SHORT_TEXT)?;
    if input.loan_amount.is_zero() {
        return Err(ContractError::ZeroAmount {
            what: "loan amount".to_string(),
        });
    }
    let sealed = sealed_fields(input.loan_type, &input.sealed_fields)?;
    text(&input.risk.score, "risk score", MAX_SHORT_TEXT)?;
    if input.vehicle.is_some() && !input.loan_type.is_car_loan() {
        return Err(ContractError::VehicleNotCarLoan {
            loan_type: input.loan_type.as_str().to_string(),
        });
    }
    if input.data_links.len() > MAX_DATA_LINKS {
        return Err(ContractError::TooManyDataLinks {
            count: input.data_links.len(),
            max: MAX_DATA_LINKS,
        });
    }
    for link in &input.data_links {
        identifier(link, "data link", MAX_LINK_LEN)?;
    }
    terms(&input.terms, input.loan_amount, now)?;
    Ok(sealed)
}

/// Exactly the loan type's sensitive fields, each once, with a ciphertext of acceptable length
/// and a 32-byte commitment; returned in the loan type's order.
pub fn sealed_fields(
    loan_type: LoanType,
    given: &[SealedField],
) -> ContractResult<Vec<SealedField>> {
    let expected = loan_type.sensitive_fields();
    let mut seen = BTreeSet::new();
    for sealed in given {
        let name = sealed.field.as_str().to_string();
        if !expected.contains(&sealed.field) {
            return Err(ContractError::UnexpectedField {
                loan_type: loan_type.as_str().to_string(),
                field: name,
            });
        }
        if !seen.insert(sealed.field) {
            return Err(ContractError::DuplicateField { field: name });
        }
        ciphertext(sealed.field, &sealed.ciphertext)?;
        if sealed.commitment.len() != COMMITMENT_LEN {
            return Err(ContractError::CommitmentLength {
                field: name,
                len: sealed.commitment.len(),
            });
        }
    }
    let mut ordered = Vec::with_capacity(expected.len());
    for field in expected {
        let sealed = given
            .iter()
            .find(|sealed| sealed.field == *field)
            .ok_or_else(|| ContractError::MissingSealedField {
                loan_type: loan_type.as_str().to_string(),
                field: field.as_str().to_string(),
            })?;
        ordered.push(sealed.clone());
    }
    Ok(ordered)
}

/// The join conditions: an offer within the loan, an ordered rate range, a fee rate and a
/// participant limit within bounds, and a window that ends after `now`.
pub fn terms(terms: &JoinTerms, loan_amount: Uint128, now: u64) -> ContractResult<()> {
    if terms.offered.is_zero() {
        return Err(ContractError::ZeroAmount {
            what: "amount offered".to_string(),
        });
    }
    if terms.offered > loan_amount {
        return Err(ContractError::OfferExceedsLoan {
            offered: terms.offered,
            loan_amount,
        });
    }
    if terms.min_rate_bps > terms.max_rate_bps || terms.max_rate_bps > MAX_RATE_BPS {
        return Err(ContractError::InvalidRateRange {
            min_rate_bps: terms.min_rate_bps,
            max_rate_bps: terms.max_rate_bps,
            max: MAX_RATE_BPS,
        });
    }
    if terms.fee_per_10k == 0 || terms.fee_per_10k > MAX_FEE_PER_10K {
        return Err(ContractError::InvalidFeeRate {
            fee_per_10k: terms.fee_per_10k,
            max: MAX_FEE_PER_10K,
        });
    }
    if terms.max_participants == 0 || terms.max_participants > MAX_PARTICIPANTS {
        return Err(ContractError::InvalidParticipantLimit {
            max_participants: terms.max_participants,
            max: MAX_PARTICIPANTS,
        });
    }
    if terms.start >= terms.end {
        return Err(ContractError::InvalidWindow {
            start: terms.start,
            end: terms.end,
        });
    }
    if terms.end <= now {
        return Err(ContractError::EndNotInFuture {
            end: terms.end,
            now,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::plan_input;
    use cosmwasm_std::HexBinary;

    #[test]
    fn texts_and_identifiers() {
        assert_eq!(
            text(" ", "risk score", 5),
            Err(ContractError::EmptyText {
                field: "risk score".into()
            })
        );
        assert_eq!(
            text("abcdef", "risk score", 5),
            Err(ContractError::TextTooLong {
                field: "risk score".into(),
                len: 6,
                max: 5
            })
        );
        assert_eq!(text("信用良好", "risk score", 4), Ok(()));
        assert_eq!(identifier("LA-2026-001", "asset id", 20), Ok(()));
        assert_eq!(
            identifier("LA 1", "asset id", 20),
            Err(ContractError::InvalidIdentifier {
                field: "asset id".into(),
                value: "LA 1".into()
            })
        );
    }

    #[test]
    fn a_good_plan_passes_and_its_fields_come_back_in_order() {
        let mut input = plan_input("A-1", LoanType::CarMortgage, 100);
        input.sealed_fields.reverse();
        let sealed = plan(&input, 50).unwrap();
        let order: Vec<SensitiveField> = sealed.iter().map(|s| s.field).collect();
        assert_eq!(order, SensitiveField::ALL.to_vec());
    }

    #[test]
    fn sealed_fields_must_match_the_loan_type() {
        let car = plan_input("A-1", LoanType::CarPledge, 100).sealed_fields;
        assert_eq!(
            sealed_fields(LoanType::Cash, &car),
            Err(ContractError::UnexpectedField {
                loan_type: "cash".into(),
                field: "plate_number".into()
            })
        );
        assert_eq!(
            sealed_fields(LoanType::CarPledge, &car[..4]),
            Err(ContractError::MissingSealedField {
                loan_type: "car_pledge".into(),
                field: "engine_number".into()
            })
        );
        let mut twice = car.clone();
        twice[1] = twice[0].clone();
        assert_eq!(
            sealed_fields(LoanType::CarPledge, &twice),
            Err(ContractError::DuplicateField {
                field: "borrower_name".into()
            })
        );
        let mut short = car.clone();
        short[2].ciphertext = Binary::from(vec![1u8; MIN_CIPHERTEXT_LEN - 1]);
        assert_eq!(
            sealed_fields(LoanType::CarPledge, &short),
            Err(ContractError::CiphertextLength {
                field: "phone".into(),
                len: MIN_CIPHERTEXT_LEN - 1,
                min: MIN_CIPHERTEXT_LEN,
                max: MAX_CIPHERTEXT_LEN
            })
        );
        let mut long = car.clone();
        long[2].ciphertext = Binary::from(vec![1u8; MAX_CIPHERTEXT_LEN + 1]);
        assert!(matches!(
            sealed_fields(LoanType::CarPledge, &long),
            Err(ContractError::CiphertextLength { .. })
        ));
        let mut commitment = car;
        commitment[3].commitment = HexBinary::from(vec![0u8; 31]);
        assert_eq!(
            sealed_fields(LoanType::CarPledge, &commitment),
            Err(ContractError::CommitmentLength {
                field: "plate_number".into(),
                len: 31
            })
        );
    }

    #[test]
    fn bad_plans_are_refused() {
        let good = plan_input("A-1", LoanType::Cash, 100);
        let check = |change: &dyn Fn(&mut PlanInput), expected: ContractError| {
            let mut input = good.clone();
            change(&mut input);
            assert_eq!(plan(&input, 50), Err(expected));
        };
        check(
            &|p| p.loan_amount = Uint128::zero(),
            ContractError::ZeroAmount {
                what: "loan amount".into(),
            },
        );
        check(
            &|p| {
                p.vehicle = Some(ledger_types::loan_share::VehicleInfo {
                    mileage_km: 1,
                    purchased_at: 1,
                })
            },
            ContractError::VehicleNotCarLoan {
                loan_type: "cash".into(),
            },
        );
        check(
            &|p| p.data_links = vec!["https://dsp.example/r/1".into(); 6],
            ContractError::TooManyDataLinks { count: 6, max: 5 },
        );
        check(
            &|p| p.data_links = vec!["not a link".into()],
            ContractError::InvalidIdentifier {
                field: "data link".into(),
                value: "not a link".into(),
            },
        );
        check(
            &|p| p.terms.offered = Uint128::zero(),
            ContractError::ZeroAmount {
                what: "amount offered".into(),
            },
        );
        check(
            &|p| p.terms.offered = p.loan_amount + Uint128::one(),
            ContractError::OfferExceedsLoan {
                offered: good.loan_amount + Uint128::one(),
                loan_amount: good.loan_amount,
            },
        );
        check(
            &|p| p.terms.min_rate_bps = 2_500,
            ContractError::InvalidRateRange {
                min_rate_bps: 2_500,
                max_rate_bps: 2_000,
                max: MAX_RATE_BPS,
            },
        );
        check(
            &|p| p.terms.max_rate_bps = MAX_RATE_BPS + 1,
            ContractError::InvalidRateRange {
                min_rate_bps: 1_800,
                max_rate_bps: MAX_RATE_BPS + 1,
                max: MAX_RATE_BPS,
            },
        );
        check(
            &|p| p.terms.fee_per_10k = 0,
            ContractError::InvalidFeeRate {
                fee_per_10k: 0,
                max: MAX_FEE_PER_10K,
            },
        );
        check(
            &|p| p.terms.max_participants = MAX_PARTICIPANTS + 1,
            ContractError::InvalidParticipantLimit {
                max_participants: MAX_PARTICIPANTS + 1,
                max: MAX_PARTICIPANTS,
            },
        );
        check(
            &|p| p.terms.start = p.terms.end,
            ContractError::InvalidWindow {
                start: good.terms.end,
                end: good.terms.end,
            },
        );
        assert_eq!(
            plan(&good, good.terms.end),
            Err(ContractError::EndNotInFuture {
                end: good.terms.end,
                now: good.terms.end
            })
        );
    }
}
