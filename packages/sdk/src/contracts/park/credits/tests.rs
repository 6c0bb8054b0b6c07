use super::*;
use crate::Error;
use ledger_client::{Attribute, Event};
use ledger_types::error_code::common;
use ledger_types::park::codes::credits as codes;

const CREDITS: &str = "wasm1credits";
const TOKEN: &str = "wasm1token";

fn event(kind: &str, contract: &str, pairs: &[(&str, &str)]) -> Event {
    let mut attributes = vec![Attribute {
        key: "_contract_address".into(),
        value: contract.into(),
    }];
    attributes.extend(pairs.iter().map(|(k, v)| Attribute {
        key: (*k).into(),
        value: (*v).into(),
    }));
    Event {
        kind: kind.into(),
        attributes,
    }
}

fn outcome(events: Vec<Event>) -> TxOutcome {
    TxOutcome {
        hash: "AB".into(),
        height: 9,
        gas_wanted: 200_000,
        gas_used: 150_000,
        events,
        msg_responses: vec![],
    }
}

fn code(e: CreditsError) -> String {
    Error::from(e)
        .contract_code()
        .unwrap_or_default()
        .to_string()
}

fn terms() -> RetirementTerms {
    RetirementTerms {
        beneficiary: "Acme Ltd".into(),
        on_behalf_of: None,
        jurisdiction: "KE".into(),
        reason: "2025 scope 2".into(),
        consumption: None,
        product: None,
    }
}

#[test]
fn ids_are_read_from_the_credits_contract_s_events_only() {
    // A buy: the token's `send` event comes first and names another contract's ids.
    let buy = outcome(vec![
        event("wasm", TOKEN, &[("action", "send"), ("order_id", "99")]),
        event("wasm", CREDITS, &[("action", "buy"), ("order_id", "4")]),
        event(RETIRED_EVENT, CREDITS, &[("retirement_id", "12")]),
    ]);
    assert_eq!(order_id_of(&buy, CREDITS), Some(4));
    assert_eq!(retirement_ids_of(&buy, CREDITS), vec![12]);
    assert_eq!(batch_id_of(&buy, CREDITS), None);

    let proposal = outcome(vec![event(
        "wasm",
        CREDITS,
        &[("action", "propose_batch"), ("batch_id", "7")],
    )]);
    assert_eq!(batch_id_of(&proposal, CREDITS), Some(7));
    assert_eq!(batch_id_of(&proposal, "wasm1other"), None);

    // An approval retiring two holders' shares at issuance makes two certificates.
    let approval = outcome(vec![
        event(
            "wasm",
            CREDITS,
            &[("action", "approve_batch"), ("batch_id", "7")],
        ),
        event(RETIRED_EVENT, CREDITS, &[("retirement_id", "3")]),
        event(ISSUED_EVENT, CREDITS, &[("batch_id", "7")]),
        event(RETIRED_EVENT, CREDITS, &[("retirement_id", "4")]),
    ]);
    assert_eq!(retirement_ids_of(&approval, CREDITS), vec![3, 4]);
}

#[test]
fn a_purchase_costs_amount_times_price_and_refuses_overflow() {
    assert_eq!(
        purchase_cost(5, Uint128::new(1_250)),
        Ok(Uint128::new(6_250))
    );
    assert_eq!(
        purchase_cost(u64::MAX, Uint128::new(2)),
        Ok(Uint128::new(u128::from(u64::MAX) * 2))
    );
    let overflow = purchase_cost(3, Uint128::MAX).unwrap_err();
    assert_eq!(
        overflow,
        CreditsError::CostOverflow {
            amount: 3,
            price: Uint128::MAX
        }
    );
    assert_eq!(code(overflow), common::OVERFLOW);
    assert_eq!(
        code(purchase_cost(0, Uint128::one()).unwrap_err()),
        codes::ZERO_AMOUNT
    );
}

#[test]
fn a_buy_sends_exactly_its_cost_to_the_credits_contract() {
    let call = buy_call(TOKEN, CREDITS, 4, 3, Uint128::new(700), Some(terms())).unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&call.msg).unwrap();
    assert_eq!(sent["send"]["contract"], CREDITS);
    assert_eq!(sent["send"]["amount"], "2100");
    let hook = sent["send"]["msg"].as_str().unwrap();
    let hook: ReceiveMsg = cosmwasm_std::from_base64(hook)
        .and_then(cosmwasm_std::from_json)
        .unwrap();
    assert_eq!(
        hook,
        ReceiveMsg::Buy {
            order_id: 4,
            amount: 3,
            retire: Some(terms())
        }
    );
}

#[test]
fn proposals_the_contract_would_refuse_carry_its_codes() {
    let share = |recipient: &str, tradable, retired, retirement| BatchIssuance {
        recipient: recipient.into(),
        tradable,
        retired,
        retirement,
    };
    let mut p = BatchProposal {
        project_id: "kenya-cookstoves".into(),
        vintage_start: 1_735_689_600,
        vintage_end: 1_767_225_600,
        serial_first: 1,
        serial_last: 1_000,
        issuance: vec![
            share("wasm1dev", 900, 0, None),
            share("wasm1buyer", 0, 100, Some(terms())),
        ],
        metadata: String::new(),
    };
    assert_eq!(p.check(), Ok(()));

    p.issuance[0].tradable = 899;
    let short = p.check().unwrap_err();
    assert_eq!(code(short.clone()), codes::ISSUANCE_MISMATCH);
    assert!(short.to_string().contains("given 999 credits"), "{short}");
    p.issuance[0].tradable = 900;

    p.issuance[1].retirement = None;
    assert_eq!(code(p.check().unwrap_err()), codes::MISSING_RETIREMENT);
    p.issuance[1].retirement = Some(terms());

    p.serial_last = 0;
    assert_eq!(code(p.check().unwrap_err()), codes::INVALID_SERIAL_RANGE);
    p.serial_last = 1_000;

    p.vintage_end = p.vintage_start;
    assert_eq!(code(p.check().unwrap_err()), codes::INVALID_VINTAGE);
    p.vintage_end = 1_767_225_600;

    let mut backwards = terms();
    backwards.consumption = Some(ConsumptionClaim {
        meter_id: "m-1".into(),
        period_from: 10,
        period_to: 5,
    });
    p.issuance[1].retirement = Some(backwards);
    assert_eq!(code(p.check().unwrap_err()), codes::INVALID_PERIOD);
}

#[test]
fn standards_are_named_as_people_type_them() {
    assert_eq!(parse_standard("VCS"), Ok(Standard::Vcs));
    assert_eq!(parse_standard("cdm"), Ok(Standard::Cdm));
    assert_eq!(parse_standard("gold-standard"), Ok(Standard::GoldStandard));
    assert_eq!(
        parse_standard("Puro.earth"),
        Ok(Standard::Other("Puro.earth".into()))
    );
    assert!(parse_standard("puro earth").is_err());
    assert!(parse_standard("").is_err());
    assert!(parse_standard(&"x".repeat(MAX_STANDARD_NAME_LEN + 1)).is_err());
    for s in [
        Standard::Vcs,
        Standard::Cdm,
        Standard::GoldStandard,
        Standard::Other("Puro.earth".into()),
    ] {
        assert_eq!(parse_standard(&standard_name(&s)), Ok(s));
    }
}
