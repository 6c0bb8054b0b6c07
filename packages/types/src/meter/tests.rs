use cosmwasm_std::{Binary, Uint128, from_json, to_json_string};

use super::*;
use crate::admin::RegisterMeter;

fn new_meter(kind: MeterKind) -> NewMeter {
    NewMeter {
        meter_id: "g-1".into(),
        retailer: "wasm1retailer".into(),
        pubkey: Binary::from(vec![2u8; 33]),
        tariff_id: "flat".into(),
        initial_register_wh: 0,
        contracted_monthly_amount: Uint128::zero(),
        kind,
    }
}

/// A consumption meter's messages are those of code from before meter kinds, which refuses
/// fields it does not know; a generation meter's say what it is.
#[test]
fn only_a_generation_meter_carries_its_kind() {
    let consumption = to_json_string(&new_meter(MeterKind::Consumption)).unwrap();
    assert_eq!(
        consumption,
        r#"{"meter_id":"g-1","retailer":"wasm1retailer","pubkey":"AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIC","tariff_id":"flat","initial_register_wh":0,"contracted_monthly_amount":"0"}"#
    );
    assert_eq!(
        from_json::<NewMeter>(&consumption).unwrap(),
        new_meter(MeterKind::Consumption)
    );

    let generation = to_json_string(&new_meter(MeterKind::Generation)).unwrap();
    assert!(generation.ends_with(r#","contracted_monthly_amount":"0","kind":"generation"}"#));
    assert_eq!(
        from_json::<NewMeter>(&generation).unwrap(),
        new_meter(MeterKind::Generation)
    );

    let register = RegisterMeter {
        meter_id: "g-1".into(),
        owner: "wasm1owner".into(),
        retailer: "wasm1retailer".into(),
        pubkey: Binary::from(vec![2u8; 33]),
        tariff_id: "flat".into(),
        initial_register_wh: 0,
        contracted_monthly_amount: Uint128::zero(),
        region: None,
        kind: MeterKind::Consumption,
    };
    assert!(!to_json_string(&register).unwrap().contains("kind"));
    let generation = RegisterMeter {
        kind: MeterKind::Generation,
        ..register
    };
    let text = to_json_string(&generation).unwrap();
    assert!(
        text.ends_with(r#""region":null,"kind":"generation"}"#),
        "{text}"
    );
    assert_eq!(from_json::<RegisterMeter>(&text).unwrap(), generation);
}

/// Meters stored before kinds existed were all billed: they read as consumption meters.
#[test]
fn meters_recorded_without_a_kind_are_consumption_meters() {
    let state = r#"{"meter_id":"m-1","retailer":"wasm1retailer","pubkey":"AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIC","tariff_id":"flat","tariff_utc_offset_minutes":0,"status":"active","contracted_monthly_amount":"0","last_sequence":0,"last_interval_end":0,"register_wh":0,"readings":0,"next_period_to_close":0}"#;
    assert_eq!(
        from_json::<MeterState>(state).unwrap().kind,
        MeterKind::Consumption
    );
    let info = r#"{"meter_id":"m-1","owner":"wasm1owner","retailer":"wasm1retailer","pubkey":"AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIC","tariff_id":"flat","status":"active","contract":"wasm1meters","registered_at":0}"#;
    assert_eq!(
        from_json::<crate::admin::MeterInfo>(info).unwrap().kind,
        MeterKind::Consumption
    );
    assert_eq!(MeterKind::default(), MeterKind::Consumption);
    assert_eq!(MeterKind::Generation.as_str(), "generation");
    assert_eq!(MeterKind::Consumption.as_str(), "consumption");
}
