//! Every execute message refused for a sender who may not send it and for bad input, each with
//! the exact error and nothing changed (the whole [`common::Snapshot`] before and after).

mod common;

use common::{DELAY, GATE, ORIGIN, Park, SLOT};
use cosmwasm_std::{Addr, Uint128};
use ledger_contract_kit::GuardError;
use ledger_park_market::ContractError;
use ledger_testing::{err, tariffs};
use ledger_types::park::{EnergyType, ExecuteMsg, MAX_PREFERRED_SELLERS, Requirements};

fn refused(park: &mut Park, sender: &Addr, msg: ExecuteMsg, expected: ContractError) {
    let before = park.snapshot();
    let got: ContractError = err(park.try_execute(sender, &msg));
    assert_eq!(got, expected, "{msg:?}");
    assert_eq!(park.snapshot(), before, "{msg:?} changed state");
}

fn offer(meter: &str, energy_wh: u64, min_price: u64) -> ExecuteMsg {
    ExecuteMsg::PostOffer {
        slot: 0,
        meter_id: meter.into(),
        energy_wh,
        min_price,
    }
}

#[test]
fn generators_are_registered_by_the_registry_administrator_once() {
    let mut park = Park::new();
    let sol = park.suite.consumer("sol");
    let msg = ExecuteMsg::RegisterGenerator {
        meter_id: "solar-1".into(),
        energy_type: EnergyType::Solar,
        carbon_g_per_kwh: 5,
    };
    refused(
        &mut park,
        &sol.clone(),
        msg.clone(),
        ContractError::NotRegistryAdmin { sender: sol },
    );
    let admin = park.suite.addrs.administrator.clone();
    refused(
        &mut park,
        &admin,
        msg,
        ContractError::GeneratorExists {
            meter_id: "solar-1".into(),
        },
    );
    // A consumption meter never offers energy, whatever its owner says it generates.
    park.suite
        .register_meter(&admin, "house-1", "alice", tariffs::FLAT, 0)
        .unwrap();
    refused(
        &mut park,
        &admin,
        ExecuteMsg::RegisterGenerator {
            meter_id: "house-1".into(),
            energy_type: EnergyType::Solar,
            carbon_g_per_kwh: 5,
        },
        ContractError::NotAGenerationMeter {
            meter_id: "house-1".into(),
            kind: "consumption".into(),
        },
    );
}

#[test]
fn the_certificates_contract_is_set_by_the_registry_administrator_once() {
    let mut park = Park::new();
    let alice = park.suite.consumer("alice");
    let msg = ExecuteMsg::SetCertificates {
        address: alice.to_string(),
    };
    refused(
        &mut park,
        &alice.clone(),
        msg.clone(),
        ContractError::NotRegistryAdmin {
            sender: alice.clone(),
        },
    );
    // An address that is no certificates contract would hold every settlement: refused.
    let admin = park.suite.addrs.administrator.clone();
    let before = park.snapshot();
    let got: ContractError = err(park.try_execute(&admin, &msg));
    assert!(
        matches!(&got, ContractError::WrongCertificates { address, .. } if *address == alice),
        "{got:?}"
    );
    assert_eq!(park.snapshot(), before);
    let certificates = park.with_certificates(86_400);
    refused(
        &mut park,
        &admin,
        msg,
        ContractError::CertificatesSet {
            address: certificates,
        },
    );
}

#[test]
fn offers_come_from_the_meters_owner_with_energy_and_a_price_before_the_gate() {
    let mut park = Park::new();
    let (sol, wendy) = (park.suite.consumer("sol"), park.suite.consumer("wendy"));
    refused(
        &mut park,
        &wendy.clone(),
        offer("solar-1", 1_000, 10),
        ContractError::NotGeneratorOwner {
            meter_id: "solar-1".into(),
            owner: sol.clone(),
            sender: wendy,
        },
    );
    refused(
        &mut park,
        &sol,
        offer("solar-9", 1_000, 10),
        ContractError::UnknownGenerator {
            meter_id: "solar-9".into(),
        },
    );
    refused(
        &mut park,
        &sol,
        offer("solar-1", 0, 10),
        ContractError::ZeroEnergy {},
    );
    refused(
        &mut park,
        &sol,
        offer("solar-1", 1_000, 0),
        ContractError::ZeroPrice {},
    );
    let far = 7 * 86_400 / SLOT + 1;
    refused(
        &mut park,
        &sol,
        ExecuteMsg::PostOffer {
            slot: far,
            meter_id: "solar-1".into(),
            energy_wh: 1_000,
            min_price: 10,
        },
        ContractError::SlotTooFar {
            slot: far,
            current: 0,
            max_ahead: 7 * 86_400 / SLOT,
        },
    );
    park.suite.advance_to(ORIGIN - GATE);
    refused(
        &mut park,
        &sol,
        offer("solar-1", 1_000, 10),
        ContractError::GateClosed {
            slot: 0,
            gate_closed_at: ORIGIN - GATE,
        },
    );
}

#[test]
fn bids_bring_their_exact_escrow_from_a_participant_in_good_standing() {
    let mut park = Park::new();
    let before = park.snapshot();
    let got: ContractError = err(park.try_bid("alice", 149, 5_000, 30, Requirements::default()));
    assert_eq!(
        got,
        ContractError::WrongEscrow {
            energy_wh: 5_000,
            max_price: 30,
            expected: Uint128::new(150),
            sent: Uint128::new(149),
        }
    );
    let too_many = Requirements {
        preferred_sellers: vec![park.suite.consumer("sol").to_string(); MAX_PREFERRED_SELLERS + 1],
        ..Requirements::default()
    };
    let got: ContractError = err(park.try_bid("alice", 150, 5_000, 30, too_many));
    assert_eq!(
        got,
        ContractError::TooManyPreferred {
            given: MAX_PREFERRED_SELLERS + 1,
            max: MAX_PREFERRED_SELLERS,
        }
    );
    let got: ContractError = err(park.try_bid("alice", 1, 5_000, 0, Requirements::default()));
    assert_eq!(got, ContractError::ZeroPrice {});
    // A blacklisted buyer's tokens cannot even reach the market: the token refuses them.
    let (blacklister, alice) = (
        park.suite.addrs.blacklister.clone(),
        park.suite.consumer("alice"),
    );
    park.suite.blacklist(&blacklister, &alice, "fraud").unwrap();
    assert!(
        park.try_bid("alice", 150, 5_000, 30, Requirements::default())
            .is_err()
    );
    park.suite.unblacklist(&blacklister, &alice).unwrap();
    assert_eq!(park.snapshot(), before);
    // Tokens from any other contract than the settlement token are refused.
    let stranger = park.suite.addrs.stranger.clone();
    let got: ContractError = err(park.try_execute(
        &stranger,
        &ExecuteMsg::Receive(cw20::Cw20ReceiveMsg {
            sender: alice.to_string(),
            amount: Uint128::new(150),
            msg: cosmwasm_std::to_json_binary(&ledger_types::park::ReceiveMsg::PostBid {
                slot: 0,
                energy_wh: 5_000,
                max_price: 30,
                requirements: Requirements::default(),
            })
            .unwrap(),
        }),
    ));
    assert_eq!(
        got,
        ContractError::WrongToken {
            token: park.suite.token.clone(),
            sender: stranger,
        }
    );
    assert_eq!(park.snapshot(), before);
}

#[test]
fn only_an_orders_owner_cancels_it_and_only_before_the_gate() {
    let mut park = Park::new();
    park.offer("sol", "solar-1", 5_000, 10);
    let (sol, wendy) = (park.suite.consumer("sol"), park.suite.consumer("wendy"));
    refused(
        &mut park,
        &wendy.clone(),
        ExecuteMsg::CancelOrder { order_id: 1 },
        ContractError::NotOrderOwner {
            order_id: 1,
            owner: sol.clone(),
            sender: wendy,
        },
    );
    refused(
        &mut park,
        &sol,
        ExecuteMsg::CancelOrder { order_id: 7 },
        ContractError::UnknownOrder { order_id: 7 },
    );
    park.suite.advance_to(ORIGIN - GATE);
    refused(
        &mut park,
        &sol,
        ExecuteMsg::CancelOrder { order_id: 1 },
        ContractError::GateClosed {
            slot: 0,
            gate_closed_at: ORIGIN - GATE,
        },
    );
}

#[test]
fn a_slot_is_cleared_once_after_its_gate_and_offers_settled_once_after_the_delay() {
    let mut park = Park::new();
    let anyone = park.suite.addrs.stranger.clone();
    let clear = ExecuteMsg::ClearSlot {
        slot: 0,
        limit: None,
    };
    refused(
        &mut park,
        &anyone,
        clear.clone(),
        ContractError::EmptySlot { slot: 0 },
    );
    park.offer("sol", "solar-1", 5_000, 10);
    park.bid("alice", 5_000, 30, Requirements::default());
    refused(
        &mut park,
        &anyone,
        clear.clone(),
        ContractError::GateOpen {
            slot: 0,
            gate_closes_at: ORIGIN - GATE,
        },
    );
    refused(
        &mut park,
        &anyone,
        ExecuteMsg::SettleOffer { offer_id: 1 },
        ContractError::SlotNotCleared { slot: 0 },
    );
    park.suite.advance_to(ORIGIN - GATE);
    park.execute(&anyone, &clear);
    refused(
        &mut park,
        &anyone,
        clear,
        ContractError::SlotCleared { slot: 0 },
    );
    refused(
        &mut park,
        &anyone,
        ExecuteMsg::SettleOffer { offer_id: 1 },
        ContractError::NotSettleable {
            offer_id: 1,
            settleable_at: ORIGIN + SLOT + DELAY,
        },
    );
    refused(
        &mut park,
        &anyone,
        ExecuteMsg::SettleOffer { offer_id: 2 },
        ContractError::NotAnOffer { order_id: 2 },
    );
    park.suite.advance_to(ORIGIN + SLOT + DELAY);
    park.suite.feed("solar-1", 50).unwrap();
    park.execute(&anyone, &ExecuteMsg::SettleOffer { offer_id: 1 });
    refused(
        &mut park,
        &anyone,
        ExecuteMsg::SettleOffer { offer_id: 1 },
        ContractError::AlreadySettled { offer_id: 1 },
    );
}

#[test]
fn a_paused_market_refuses_orders_and_a_barred_seller_cannot_offer() {
    let mut park = Park::new();
    let admin = park.suite.addrs.administrator.clone();
    park.execute(
        &admin,
        &ExecuteMsg::Pause {
            reason: "audit".into(),
        },
    );
    let sol = park.suite.consumer("sol");
    let got: ContractError = err(park.try_execute(&sol, &offer("solar-1", 1_000, 10)));
    assert!(
        matches!(got, ContractError::Guard(GuardError::Paused { .. })),
        "{got:?}"
    );
    park.execute(&admin, &ExecuteMsg::Unpause {});
    let blacklister = park.suite.addrs.blacklister.clone();
    park.suite.blacklist(&blacklister, &sol, "fraud").unwrap();
    refused(
        &mut park,
        &sol.clone(),
        offer("solar-1", 1_000, 10),
        ContractError::Guard(GuardError::Blacklisted {
            address: sol,
            reason: "fraud".into(),
        }),
    );
}

#[test]
fn a_stranger_cannot_bid_and_a_suspended_seller_cannot_offer_or_cancel() {
    let mut park = Park::new();
    park.offer("sol", "solar-1", 5_000, 10);
    // A stranger holding settlement tokens is no participant: its bid is refused and the
    // tokens stay with it.
    let (alice, stranger) = (
        park.suite.consumer("alice"),
        park.suite.addrs.stranger.clone(),
    );
    park.suite.transfer(&alice, &stranger, 150).unwrap();
    let before = park.snapshot();
    let (token, market) = (park.suite.token.clone(), park.market.clone());
    let got: ContractError = err(park.suite.cw20_send(
        &token,
        &stranger,
        &market,
        150,
        &ledger_types::park::ReceiveMsg::PostBid {
            slot: 0,
            energy_wh: 5_000,
            max_price: 30,
            requirements: Requirements::default(),
        },
    ));
    assert_eq!(
        got,
        ContractError::NotAParticipant {
            address: stranger.clone()
        }
    );
    assert_eq!(park.suite.balance(&stranger), 150);
    assert_eq!(park.snapshot(), before);
    // A suspended seller may neither offer nor take its offer back.
    let (admin, sol) = (
        park.suite.addrs.administrator.clone(),
        park.suite.consumer("sol"),
    );
    park.suite
        .set_participant_status(
            &admin,
            &sol,
            ledger_types::admin::ParticipantStatus::Suspended,
        )
        .unwrap();
    let suspended = |address: &cosmwasm_std::Addr| {
        ContractError::Guard(GuardError::Suspended {
            address: address.clone(),
        })
    };
    refused(
        &mut park,
        &sol,
        offer("solar-1", 1_000, 10),
        suspended(&sol),
    );
    refused(
        &mut park,
        &sol,
        ExecuteMsg::CancelOrder { order_id: 1 },
        suspended(&sol),
    );
}
