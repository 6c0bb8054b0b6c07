use cosmwasm_std::{Binary, Uint128, from_json, to_json_string};

use super::*;
use crate::meter::DailyTotal;
use crate::meter::MeterKind;

fn new_meter() -> NewMeter {
    NewMeter {
        meter_id: "m-1".into(),
        retailer: "wasm1retailer".into(),
        pubkey: Binary::from(vec![2u8; 33]),
        tariff_id: "flat".into(),
        initial_register_wh: 5,
        contracted_monthly_amount: Uint128::new(3000),
        kind: MeterKind::Consumption,
    }
}

/// The wire format is the protocol: a change here is a new `PROTOCOL_VERSION`.
#[test]
fn packets_have_the_documented_wire_format() {
    let packet = Packet {
        id: 7,
        body: ToRegion::RegisterMeter {
            consumer: "wasm1consumer".into(),
            meter: new_meter(),
        },
    };
    assert_eq!(
        to_json_string(&packet).unwrap(),
        r#"{"id":7,"body":{"register_meter":{"consumer":"wasm1consumer","meter":{"meter_id":"m-1","retailer":"wasm1retailer","pubkey":"AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIC","tariff_id":"flat","initial_register_wh":5,"contracted_monthly_amount":"3000"}}}}"#
    );

    let standing = Packet {
        id: 8,
        body: ToRegion::OwnerStanding {
            consumer: "wasm1consumer".into(),
            blocked: true,
            revision: 3,
        },
    };
    assert_eq!(
        to_json_string(&standing).unwrap(),
        r#"{"id":8,"body":{"owner_standing":{"consumer":"wasm1consumer","blocked":true,"revision":3}}}"#
    );

    let confirmed = BillConfirmed {
        meter_id: "m-1".into(),
        period: 2,
        confirmed: ChainPoint {
            height: 41,
            time: 1_700_000_000,
        },
    };
    assert_eq!(
        to_json_string(&confirmed).unwrap(),
        r#"{"meter_id":"m-1","period":2,"confirmed":{"height":41,"time":1700000000}}"#
    );
}

#[test]
fn packets_read_back_as_written() {
    let packet = Packet {
        id: 1,
        body: ToRegion::MeterStatus {
            meter_id: "m-1".into(),
            status: MeterStatus::Suspended,
            revision: 9,
        },
    };
    let back: Packet<ToRegion> = from_json(to_json_string(&packet).unwrap()).unwrap();
    assert_eq!(back, packet);
    // A body of the other direction is not a packet of this one.
    let wrong: Result<Packet<ToMain>, _> = from_json(to_json_string(&packet).unwrap());
    assert!(wrong.is_err());
}

#[test]
fn the_readings_digest_covers_every_field_of_every_day_in_order() {
    let days = [
        DailyTotal {
            day: 1,
            day_start: 86_400,
            energy_wh: 1_500,
            readings: 48,
        },
        DailyTotal {
            day: 2,
            day_start: 172_800,
            energy_wh: 0,
            readings: 0,
        },
    ];
    // Computed independently: sha256(pack(">QQI", 86400, 1500, 48) + pack(">QQI", 172800, 0, 0)).
    assert_eq!(
        readings_digest(&days),
        "f1a9182f1e0c32d99f8f49a4c83643a0732ed05ad847b7a1a41c41096d92f58f"
    );
    assert_eq!(
        readings_digest([]),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    let mut changed = days.clone();
    changed[1].readings = 1;
    assert_ne!(readings_digest(&changed), readings_digest(&days));
    let reversed = [days[1].clone(), days[0].clone()];
    assert_ne!(readings_digest(&reversed), readings_digest(&days));
}
