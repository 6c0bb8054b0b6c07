//! A certificate's whole life on the multi-test Suite: the market issues for trades beyond
//! what the solar meter signed (the excess is clamped and reported), the wind meter's owner
//! certifies its unsold hour, a certificate changes hands and is claimed, its history shows
//! every holder and the claim, and one batch verification answers valid, claimed, expired
//! and unknown at once.

mod common;

use common::{DELAY, H0, H1, SOLAR_HOUR_WH, VALIDITY, WIND_HOUR_WH, World};
use cw_multi_test::AppResponse;
use ledger_types::park::EnergyType;
use ledger_types::park::certificates::ExecuteMsg;
use ledger_types::park::certificates::{
    CertificateStatus, HistoryEntry, Origin, QueryMsg, Verdict, Verification, VerifyResponse,
};

fn attribute(response: &AppResponse, key: &str) -> String {
    response
        .events
        .iter()
        .filter(|e| e.ty == "wasm")
        .flat_map(|e| &e.attributes)
        .find(|a| a.key == key)
        .unwrap_or_else(|| panic!("no attribute {key}: {response:?}"))
        .value
        .clone()
}

#[test]
fn certificates_are_issued_within_the_signed_energy_move_once_claimed_never() {
    let mut world = World::new();
    world.sign_until(H1);
    assert_eq!(world.signed_wh("solar-1", H0), SOLAR_HOUR_WH);

    // The market settles 20 kWh to Alice and 10 kWh to Bob of the solar meter's first hour,
    // which signed for 24 kWh: Bob's is clamped to the 4 kWh left, 6 kWh are not certified.
    let (a, b) = (
        world.trade("alice", "solar-1", H0, 20_000),
        world.trade("bob", "solar-1", H0, 10_000),
    );
    let response = world.issue(vec![a, b]);
    assert_eq!(attribute(&response, "action"), "issue");
    assert_eq!(attribute(&response, "issued"), "2");
    assert_eq!(attribute(&response, "shortfall_wh"), "6000");
    let issued: Vec<_> = response
        .events
        .iter()
        .filter(|e| e.ty == "wasm-certificate_issued")
        .collect();
    assert_eq!(issued.len(), 2);
    let hour = world.meter_hour("solar-1", H0);
    assert_eq!((hour.certified_wh, hour.certificates), (SOLAR_HOUR_WH, 2));
    let first = world.certificate(1);
    assert_eq!(first.owner, world.person("alice").to_string());
    assert_eq!(
        (first.energy_wh, first.energy_type),
        (20_000, EnergyType::Solar)
    );
    assert_eq!(first.carbon_g_per_kwh, 20);
    assert_eq!(first.expires_at, H1 + VALIDITY);
    assert_eq!(
        first.origin,
        Origin::Trade {
            slot: 0,
            fill_id: 1,
            seller: world.person("sol").to_string()
        }
    );
    assert_eq!(world.certificate(2).energy_wh, 4_000);
    // A full hour certifies nothing more, and the settlement does not fail for it.
    let late = world.trade("bob", "solar-1", H0, 1_000);
    let response = world.issue(vec![late]);
    assert_eq!(attribute(&response, "issued"), "0");
    assert_eq!(attribute(&response, "shortfall_wh"), "1000");

    // Nothing of the wind meter's first hour was sold: its owner certifies all of it once the
    // market's settlements have had their time.
    world.sign_until(H1 + DELAY);
    let wendy = world.person("wendy");
    world.execute(
        &wendy,
        &ExecuteMsg::IssueUnsold {
            meter_id: "wind-1".into(),
            hour_start: H0,
        },
    );
    let unsold = world.certificate(3);
    assert_eq!(
        (
            unsold.energy_wh,
            unsold.energy_type,
            unsold.carbon_g_per_kwh
        ),
        (WIND_HOUR_WH, EnergyType::Wind, 10)
    );
    assert_eq!(
        unsold.origin,
        Origin::Unsold {
            generator: wendy.to_string()
        }
    );

    // Alice hands hers to Bob, who claims it for his shop's consumption of the day.
    let (alice, bob) = (world.person("alice"), world.person("bob"));
    world.execute(
        &alice,
        &ExecuteMsg::Transfer {
            id: 1,
            recipient: bob.to_string(),
        },
    );
    world.execute(
        &bob,
        &ExecuteMsg::Claim {
            id: 1,
            beneficiary: "Bob's shop".into(),
            purpose: "scope 2 reporting".into(),
            period_from: H0,
            period_to: H0 + 86_400,
        },
    );
    assert!(world.owned(&alice).is_empty());
    let bobs: Vec<u64> = world.owned(&bob).iter().map(|c| c.id).collect();
    assert_eq!(bobs, vec![1, 2]);
    let claimed_at = world.suite.now();
    assert_eq!(
        world.certificate(1).status,
        CertificateStatus::Claimed {
            beneficiary: "Bob's shop".into(),
            purpose: "scope 2 reporting".into(),
            period_from: H0,
            period_to: H0 + 86_400,
            claimed_by: bob.to_string(),
            claimed_at,
        }
    );
    let history: Vec<HistoryEntry> = world
        .history(1)
        .events
        .into_iter()
        .map(|e| e.entry)
        .collect();
    assert_eq!(
        history,
        vec![
            HistoryEntry::Issued {
                to: alice.to_string()
            },
            HistoryEntry::Transferred {
                from: alice.to_string(),
                to: bob.to_string()
            },
            HistoryEntry::Claimed {
                by: bob.to_string(),
                beneficiary: "Bob's shop".into(),
                purpose: "scope 2 reporting".into(),
                period_from: H0,
                period_to: H0 + 86_400,
            },
        ]
    );

    // A certificate of the second hour outlives those of the first by an hour.
    world.sign_until(H1 + 3_600);
    let later = world.trade("alice", "wind-1", H1, 500);
    world.issue(vec![later]);
    world.suite.advance_to(H1 + VALIDITY);
    let answer: VerifyResponse = world.query(&QueryMsg::Verify {
        ids: vec![1, 2, 4, 99],
    });
    assert_eq!(
        answer.results,
        vec![
            Verification {
                id: 1,
                verdict: Verdict::Claimed {
                    claimed_by: bob.to_string(),
                    beneficiary: "Bob's shop".into(),
                    purpose: "scope 2 reporting".into(),
                }
            },
            Verification {
                id: 2,
                verdict: Verdict::Expired {
                    owner: bob.to_string()
                }
            },
            Verification {
                id: 4,
                verdict: Verdict::Valid {
                    owner: alice.to_string(),
                    expires_at: H1 + 3_600 + VALIDITY,
                }
            },
            Verification {
                id: 99,
                verdict: Verdict::Unknown
            },
        ]
    );
}
