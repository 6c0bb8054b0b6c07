//! Settlements and the certificates contract: while it is paused a settlement waits (refused,
//! nothing changed) and goes through once it resumes, certifying then what was delivered.

mod common;

use common::{DELAY, GATE, ORIGIN, Park, SLOT};
use cw_multi_test::Executor;
use ledger_contract_kit::GuardError;
use ledger_park_certificates::ContractError as CertificatesError;
use ledger_testing::err;
use ledger_types::park::certificates::{
    ExecuteMsg as CertificatesMsg, MeterHourResponse, QueryMsg as CertificatesQuery,
};
use ledger_types::park::{ExecuteMsg, Requirements};

#[test]
fn a_settlement_waits_while_the_certificates_contract_is_paused() {
    let mut park = Park::new();
    let certificates = park.with_certificates(86_400);
    park.offer("wendy", "wind-1", 5_000, 20); // order 1
    park.bid("alice", 5_000, 30, Requirements::default());
    let anyone = park.suite.addrs.stranger.clone();
    park.suite.advance_to(ORIGIN - GATE);
    park.execute(
        &anyone,
        &ExecuteMsg::ClearSlot {
            slot: 0,
            limit: None,
        },
    );
    park.suite.advance_to(ORIGIN + SLOT + DELAY);
    park.suite.feed("wind-1", 50).unwrap();

    let admin = park.suite.addrs.administrator.clone();
    park.suite
        .app
        .execute_contract(
            admin.clone(),
            certificates.clone(),
            &CertificatesMsg::Pause {
                reason: "audit".into(),
            },
            &[],
        )
        .unwrap();
    let before = park.snapshot();
    let got: CertificatesError =
        err(park.try_execute(&anyone, &ExecuteMsg::SettleOffer { offer_id: 1 }));
    assert_eq!(
        got,
        CertificatesError::Guard(GuardError::Paused {
            by: admin.clone(),
            since: park.suite.now(),
            reason: "audit".into(),
        })
    );
    assert_eq!(park.snapshot(), before);

    park.suite
        .app
        .execute_contract(
            admin,
            certificates.clone(),
            &CertificatesMsg::Unpause {},
            &[],
        )
        .unwrap();
    park.execute(&anyone, &ExecuteMsg::SettleOffer { offer_id: 1 });
    // The wind meter signed 3 kWh in the slot: 3 kWh paid and certified to Alice.
    assert_eq!(park.balance("wendy"), 3 * 25);
    let hour: MeterHourResponse = park
        .suite
        .query(
            &certificates,
            &CertificatesQuery::MeterHour {
                meter_id: "wind-1".into(),
                hour_start: ORIGIN,
            },
        )
        .unwrap();
    assert_eq!((hour.certified_wh, hour.certificates), (3_000, 1));
}
