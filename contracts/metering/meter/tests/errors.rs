//! Every meter `ExecuteMsg`: refused for a sender without the right (or, for messages anyone
//! may send, the closest refusal: a forged or foreign signature, a period not yet over), and
//! refused for bad input, each with its exact error and no change anywhere.

// Money is written as units_cents (400_00 is 400.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::{Addr, Binary, Uint128, coins};
use cw_utils::PaymentError;
use ledger_meter::ContractError;
use ledger_reading::{Reading, SignedReading};
use ledger_testing::tariffs::{self, FLAT, TIERED, TariffDef};
use ledger_testing::{
    ALICE_METER as ALICE, BOB_METER as BOB, DAY, LoadCurve, MeterDevice, MeterSpec, START, Suite,
    SuiteBuilder, readings_outcome, refusals,
};
use ledger_types::admin::MeterStatus;
use ledger_types::error_code::HasCode;
use ledger_types::meter::MeterKind;
use ledger_types::meter::{
    ExecuteMsg, MAX_READINGS_PER_MSG, NewMeter, RefusedReading, SubmitReadingsResponse, codes,
};
use ledger_types::tariff::TariffComponents;

/// Alice's and Bob's meters, one day in, Alice's day of readings accepted.
fn world() -> Suite {
    let mut s = SuiteBuilder::alice_and_bob().build();
    s.advance_time(DAY);
    assert_eq!(s.feed(ALICE, 48).unwrap().len(), 48);
    s
}

fn unauthorized(sender: &Addr, action: &'static str) -> ContractError {
    ContractError::Unauthorized {
        sender: sender.to_string(),
        action,
    }
}

/// Submits readings to Alice's meter contract through the gateway.
fn submit(
    s: &mut Suite,
    readings: Vec<SignedReading>,
) -> cw_multi_test::error::AnyResult<cw_multi_test::AppResponse> {
    let contract = s.meter_contract(ALICE);
    let gateway = s.addrs.gateway.clone();
    s.submit_readings_to(&gateway, &contract, readings)
}

/// Alice's next reading, as her meter would sign it.
fn next(s: &Suite, energy_wh: u64) -> Reading {
    s.device(ALICE).peek(energy_wh)
}

/// Signs `reading` with Alice's key and submits it, expecting it refused with `expected`'s
/// code (the message succeeds; a reading's refusal is reported in its response data) and no
/// change anywhere. The exact errors are asserted in the contract's unit tests.
fn refused_reading(s: &mut Suite, reading: Reading, expected: ContractError) {
    let signed = s.device(ALICE).sign(reading);
    refused_batch(s, vec![signed], expected);
}

/// Submits `readings` to Alice's contract, expecting each refused with `expected`'s code and
/// no change anywhere.
fn refused_batch(s: &mut Suite, readings: Vec<SignedReading>, expected: ContractError) {
    let expected = refusals(&readings, expected.code());
    s.assert_readings_refused(|s| submit(s, readings), &expected);
}

/// Sends `msg` to Alice's meter contract from the admin contract, expecting exactly `expected`
/// and no change anywhere.
fn refused_from_the_admin_contract(s: &mut Suite, msg: &ExecuteMsg, expected: ContractError) {
    let contract = s.meter_contract(ALICE);
    let admin_contract = s.admin.clone();
    s.assert_refused(
        |s| s.execute_meter(&admin_contract, &contract, msg),
        expected,
    );
}

/// Sends `msg` to Alice's meter contract from each of `senders`, none of them the admin
/// contract: each is refused as unauthorized to `action`, with no change anywhere.
fn only_the_admin_contract(
    s: &mut Suite,
    msg: &ExecuteMsg,
    action: &'static str,
    senders: &[Addr],
) {
    let contract = s.meter_contract(ALICE);
    for sender in senders {
        s.assert_refused(
            |s| s.execute_meter(sender, &contract, msg),
            unauthorized(sender, action),
        );
    }
}

// --------------------------------------------------------------------------- SubmitReadings:
// anyone may relay readings; what stands in for the sender's right is the meter's signature.

/// The world an hour later, and Alice's next reading (sequence 49), unsigned.
fn an_hour_later() -> (Suite, Reading) {
    let mut s = world();
    s.advance_time(3_600);
    let reading = next(&s, 150);
    (s, reading)
}

/// Alice's reading 49 refused for its signature.
fn invalid_signature() -> ContractError {
    ContractError::InvalidSignature {
        meter_id: ALICE.to_string(),
        sequence: 49,
    }
}

#[test]
fn a_reading_signed_with_another_meters_key_is_refused() {
    let (mut s, reading) = an_hour_later();
    let alice_contract = s.meter_contract(ALICE).to_string();
    let chain = s.chain_id();
    let forged = s.device(BOB).sign_for(&chain, &alice_contract, reading);
    refused_batch(&mut s, vec![forged], invalid_signature());
}

#[test]
fn a_reading_signed_for_another_contract_or_chain_is_refused() {
    let (mut s, reading) = an_hour_later();
    let bob_contract = s.meter_contract(BOB).to_string();
    let chain = s.chain_id();
    let for_bob = s
        .device(ALICE)
        .sign_for(&chain, &bob_contract, reading.clone());
    refused_batch(&mut s, vec![for_bob], invalid_signature());
    let alice_contract = s.meter_contract(ALICE).to_string();
    let other_chain = s
        .device(ALICE)
        .sign_for("another-chain-1", &alice_contract, reading.clone());
    refused_batch(&mut s, vec![other_chain], invalid_signature());
    // A reading altered after signing: more energy and a register to match.
    let mut tampered = s.device(ALICE).sign(reading);
    tampered.energy_wh += 10;
    tampered.register_wh += 10;
    refused_batch(&mut s, vec![tampered], invalid_signature());
    let mut garbage = s.device(ALICE).sign(next(&s, 150));
    garbage.signature = Binary::from(vec![7u8; 64]);
    refused_batch(&mut s, vec![garbage], invalid_signature());
}

#[test]
fn a_replayed_batch_is_refused_and_counts_nothing_twice() {
    let mut s = SuiteBuilder::new()
        .with_tariff(tariffs::flat())
        .with_meter(MeterSpec::new(ALICE, "alice", FLAT))
        .build();
    s.advance_time(DAY);
    let batch = s.device(ALICE).next_batch(48);
    s.submit_readings(ALICE, batch.clone()).unwrap();
    let energy: u64 = batch.iter().map(|r| r.energy_wh).sum();
    // Every reading of the batch is refused on its own; the message succeeds.
    refused_batch(
        &mut s,
        batch.clone(),
        ContractError::ReplayedOrOutOfOrder {
            meter_id: ALICE.to_string(),
            sequence: 1,
            last: 48,
        },
    );
    // Only the last reading again.
    let last = batch.last().cloned().unwrap();
    refused_batch(
        &mut s,
        vec![last],
        ContractError::ReplayedOrOutOfOrder {
            meter_id: ALICE.to_string(),
            sequence: 48,
            last: 48,
        },
    );
    let period = s.current_period();
    assert_eq!(s.period_totals(ALICE, period).unwrap().energy_wh, energy);
    assert_eq!(s.meter_state(ALICE).readings, 48);
}

#[test]
fn an_out_of_order_reading_is_refused_and_the_one_before_it_kept() {
    let mut s = world();
    s.advance_time(DAY);
    // Two consecutive half hours numbered 50 then 49: the second is out of order; the first,
    // valid on its own, is stored.
    let first = Reading {
        sequence: 50,
        ..next(&s, 100)
    };
    let second = Reading {
        sequence: 49,
        interval_start: first.interval_start + 1_800,
        energy_wh: 100,
        register_wh: first.register_wh + 100,
        ..first.clone()
    };
    let first = s.device(ALICE).sign(first);
    let swapped = vec![first.clone(), s.device(ALICE).sign(second)];
    let response = submit(&mut s, swapped).unwrap();
    assert_eq!(
        readings_outcome(&response),
        SubmitReadingsResponse {
            accepted: 1,
            refused: vec![RefusedReading {
                meter_id: ALICE.to_string(),
                sequence: 49,
                code: codes::REPLAYED_OR_OUT_OF_ORDER.to_string(),
            }],
        }
    );
    assert_eq!(s.meter_state(ALICE).last_sequence, 50);
    s.device_mut(ALICE).accept(&[first]);
    // A later sequence number for an interval that starts before the last one ended.
    let mut overlapping = next(&s, 100);
    overlapping.interval_start -= 900;
    refused_reading(
        &mut s,
        overlapping,
        ContractError::OverlappingInterval {
            meter_id: ALICE.to_string(),
            sequence: 51,
            start: START + DAY + 900,
            last_end: START + DAY + 1_800,
        },
    );
}

#[test]
fn a_future_dated_reading_is_refused() {
    let mut s = world();
    // The block time is the end of Alice's last interval: the next one has not ended yet.
    let now = s.now();
    let early = next(&s, 100);
    refused_reading(
        &mut s,
        early,
        ContractError::FutureReading {
            meter_id: ALICE.to_string(),
            sequence: 49,
            end: now + 1_800,
            latest: now + 60,
        },
    );
    // Within the minute of tolerance it is accepted.
    s.advance_time(1_800 - 60);
    let on_time = s.device(ALICE).next_batch(1);
    s.submit_readings(ALICE, on_time).unwrap();
}

#[test]
fn a_register_going_backwards_or_not_matching_the_energy_is_refused() {
    let mut s = world();
    s.advance_time(DAY);
    let last_wh = s.device(ALICE).register_wh;
    let next_one = next(&s, 100);
    let backwards = Reading {
        register_wh: last_wh - 1,
        ..next_one.clone()
    };
    let mismatch = Reading {
        register_wh: next_one.register_wh + 5,
        ..next_one
    };
    for (reading, expected) in [
        (
            backwards,
            ContractError::RegisterWentBackwards {
                meter_id: ALICE.to_string(),
                sequence: 49,
                register_wh: last_wh - 1,
                last_wh,
            },
        ),
        (
            mismatch,
            ContractError::EnergyMismatch {
                meter_id: ALICE.to_string(),
                sequence: 49,
                energy_wh: 100,
                delta_wh: 105,
            },
        ),
    ] {
        refused_reading(&mut s, reading, expected);
    }
}

#[test]
fn impossible_values_and_overflows_are_refused() {
    let mut s = world();
    s.advance_time(DAY);
    // 600 kWh in half an hour is 1.2 MW, beyond the connection's 1 MW.
    let huge = next(&s, 600_000);
    let instant = Reading {
        interval_length: 0,
        ..next(&s, 0)
    };
    let end_of_time = Reading {
        interval_start: u64::MAX - 100,
        ..next(&s, 1)
    };
    for (reading, expected) in [
        (
            huge,
            ContractError::ImpossiblePower {
                meter_id: ALICE.to_string(),
                sequence: 49,
                power_w: 1_200_000,
                max_w: 1_000_000,
            },
        ),
        (
            instant,
            ContractError::BadIntervalLength {
                meter_id: ALICE.to_string(),
                sequence: 49,
                length: 0,
                max: 86_400,
            },
        ),
        (
            end_of_time,
            ContractError::ReadingOverflow {
                meter_id: ALICE.to_string(),
                sequence: 49,
                what: "interval end",
            },
        ),
    ] {
        refused_reading(&mut s, reading, expected);
    }
}

#[test]
fn empty_oversized_and_foreign_batches_are_refused() {
    let mut s = world();
    s.assert_refused(|s| submit(s, vec![]), ContractError::NoReadings {});
    s.advance_time(20 * DAY);
    let too_many = s.device(ALICE).next_batch(MAX_READINGS_PER_MSG + 1);
    s.assert_refused(
        |s| submit(s, too_many),
        ContractError::TooManyReadings {
            count: MAX_READINGS_PER_MSG + 1,
            max: MAX_READINGS_PER_MSG,
        },
    );
    // Bob's reading sent to Alice's contract: Bob's meter is not there.
    let bobs = s.device(BOB).next_batch(1);
    refused_batch(
        &mut s,
        bobs,
        ContractError::ReadingUnknownMeter {
            meter_id: BOB.to_string(),
            sequence: 1,
        },
    );
}

#[test]
fn readings_of_a_suspended_meter_or_a_blacklisted_owner_are_refused() {
    let mut s = world();
    s.advance_time(DAY);
    let admin = s.addrs.administrator.clone();
    let batch = s.device(ALICE).next_batch(2);
    s.set_meter_status(&admin, ALICE, MeterStatus::Suspended)
        .unwrap();
    refused_batch(
        &mut s,
        batch.clone(),
        ContractError::MeterNotActive {
            meter_id: ALICE.to_string(),
            sequence: 49,
            status: "suspended".to_string(),
        },
    );
    s.set_meter_status(&admin, ALICE, MeterStatus::Active)
        .unwrap();
    let blacklister = s.addrs.blacklister.clone();
    let alice = s.consumer("alice");
    s.blacklist(&blacklister, &alice, "meter tampering")
        .unwrap();
    refused_batch(
        &mut s,
        batch.clone(),
        ContractError::OwnerBlocked {
            meter_id: ALICE.to_string(),
            sequence: 49,
        },
    );
    // Cleared, the same readings are accepted.
    s.unblacklist(&blacklister, &alice).unwrap();
    s.submit_readings(ALICE, batch).unwrap();
    assert_eq!(s.meter_state(ALICE).readings, 50);
}

// A reading of a closed period is accepted and billed late: see edges.rs.

// ------------------------------------------------------------------------------ ClosePeriod:
// anyone may close; what stands in for the right is that the period has ended.

#[test]
fn closing_a_period_before_it_ends_is_refused() {
    let mut s = world();
    let november = s.current_period();
    let stranger = s.addrs.stranger.clone();
    s.assert_refused(
        |s| s.close_period(&stranger, ALICE, november),
        ContractError::PeriodNotEnded {
            meter_id: ALICE.to_string(),
            period: november,
            ends_at: START + 30 * DAY,
        },
    );
}

#[test]
fn a_period_closed_twice_skipped_or_unknown_is_refused() {
    let mut s = world();
    let november = s.current_period();
    let stranger = s.addrs.stranger.clone();
    s.advance_to(START + 61 * DAY);
    s.assert_refused(
        |s| s.close_period(&stranger, ALICE, november + 1),
        ContractError::PeriodNotNext {
            meter_id: ALICE.to_string(),
            period: november + 1,
            expected: november,
        },
    );
    s.close_period(&stranger, ALICE, november).unwrap();
    s.assert_refused(
        |s| s.close_period(&stranger, ALICE, november),
        ContractError::PeriodAlreadyClosed {
            meter_id: ALICE.to_string(),
            period: november,
        },
    );
    let contract = s.meter_contract(ALICE);
    let msg = ExecuteMsg::ClosePeriod {
        meter_id: BOB.to_string(),
        period: november,
    };
    s.assert_refused(
        |s| s.execute_meter(&stranger, &contract, &msg),
        ContractError::UnknownMeter {
            meter_id: BOB.to_string(),
        },
    );
}

#[test]
fn a_bill_that_overflows_is_refused_and_the_period_stays_open() {
    let dear = TariffDef::new(
        "dear",
        0,
        TariffComponents {
            flat_rate: Some(Uint128::MAX),
            ..TariffComponents::default()
        },
    );
    let mut s = SuiteBuilder::new()
        .with_tariff(dear)
        // 10 kW around the clock: 2.4 MWh in ten days, priced beyond any 128-bit amount.
        .with_meter(
            MeterSpec::new(ALICE, "alice", "dear").load(LoadCurve::Constant { energy_wh: 5_000 }),
        )
        .build();
    let november = s.current_period();
    s.advance_to(START + 30 * DAY);
    s.feed(ALICE, 480).unwrap();
    let stranger = s.addrs.stranger.clone();
    s.assert_refused_with(
        |s| s.close_period(&stranger, ALICE, november),
        |e: &ContractError| {
            assert!(
                matches!(e, ContractError::QuoteFailed { meter_id, period, reason }
                    if meter_id == ALICE && *period == november && reason.contains("Energy at the flat rate") && reason.contains("128 bits")),
                "{e:?}"
            )
        },
    );
    assert_eq!(s.meter_state(ALICE).next_period_to_close, november);
}

// -------------------------------------------------------------------------------- AddMeter

fn new_meter(s: &Suite, meter_id: &str) -> NewMeter {
    NewMeter {
        meter_id: meter_id.to_string(),
        retailer: s.addrs.retailer.to_string(),
        pubkey: MeterDevice::new(meter_id, &s.chain_id(), s.now(), 0).pubkey(),
        tariff_id: TIERED.to_string(),
        initial_register_wh: 0,
        contracted_monthly_amount: Uint128::zero(),
        kind: MeterKind::Consumption,
    }
}

#[test]
fn add_meter_by_anyone_but_the_admin_contract_is_refused() {
    let mut s = world();
    let msg = ExecuteMsg::AddMeter {
        meter: new_meter(&s, "alice-second"),
    };
    let senders = [
        s.addrs.stranger.clone(),
        s.addrs.administrator.clone(),
        s.consumer("alice"),
    ];
    only_the_admin_contract(&mut s, &msg, "add meters", &senders);
}

#[test]
fn add_meter_with_bad_input_is_refused() {
    let mut s = world();
    let contract = s.meter_contract(ALICE);
    let admin_contract = s.admin.clone();
    let add = |meter: NewMeter| ExecuteMsg::AddMeter { meter };
    let duplicate = add(new_meter(&s, ALICE));
    refused_from_the_admin_contract(
        &mut s,
        &duplicate,
        ContractError::MeterExists {
            meter_id: ALICE.to_string(),
        },
    );
    let mut bad_key = new_meter(&s, "alice-second");
    bad_key.pubkey = Binary::from(vec![2u8; 20]);
    refused_from_the_admin_contract(
        &mut s,
        &add(bad_key),
        ContractError::InvalidPubkey {
            meter_id: "alice-second".to_string(),
            reason: "expected a 33-byte compressed secp256k1 key, got 20 bytes".to_string(),
        },
    );
    let mut no_tariff = new_meter(&s, "alice-second");
    no_tariff.tariff_id = "no-such-tariff".to_string();
    s.assert_refused_with(
        |s| s.execute_meter(&admin_contract, &contract, &add(no_tariff)),
        |e: &ContractError| {
            assert!(
                matches!(e, ContractError::UnknownTariff { tariff_id, .. } if tariff_id == "no-such-tariff"),
                "{e:?}"
            )
        },
    );
}

// -------------------------------------------------------------------------- SetMeterStatus

#[test]
fn set_meter_status_by_anyone_but_the_admin_contract_is_refused() {
    let mut s = world();
    let alice = s.consumer("alice");
    let msg = ExecuteMsg::SetMeterStatus {
        meter_id: ALICE.to_string(),
        status: MeterStatus::Suspended,
    };
    only_the_admin_contract(&mut s, &msg, "change meter status", &[alice]);
}

#[test]
fn set_meter_status_with_bad_input_is_refused() {
    let mut s = world();
    let set = |meter_id: &str, status| ExecuteMsg::SetMeterStatus {
        meter_id: meter_id.to_string(),
        status,
    };
    let unknown = ContractError::UnknownMeter {
        meter_id: BOB.to_string(),
    };
    refused_from_the_admin_contract(&mut s, &set(BOB, MeterStatus::Suspended), unknown);
    let admin = s.addrs.administrator.clone();
    s.set_meter_status(&admin, ALICE, MeterStatus::Retired)
        .unwrap();
    let retired = ContractError::MeterRetired {
        meter_id: ALICE.to_string(),
    };
    refused_from_the_admin_contract(&mut s, &set(ALICE, MeterStatus::Active), retired);
}

// ------------------------------------------------------------------------- SetOwnerBlocked
// The message carries only a flag; its bad input is attached funds (see the last test).

#[test]
fn set_owner_blocked_by_anyone_but_the_admin_contract_is_refused() {
    let mut s = world();
    let contract = s.meter_contract(ALICE);
    let alice = s.consumer("alice");
    let blacklister = s.addrs.blacklister.clone();
    let unblock = ExecuteMsg::SetOwnerBlocked { blocked: false };
    s.blacklist(&blacklister, &alice, "fraud").unwrap();
    // Alice cannot unblock herself in her meter contract, nor can the blacklister bypass the
    // registry.
    let action = "block or unblock the owner";
    only_the_admin_contract(&mut s, &unblock, action, &[alice, blacklister]);
    assert!(s.meter_config(&contract).owner_blocked);
}

#[test]
fn native_funds_are_refused_by_every_meter_action() {
    let mut s = world();
    let contract = s.meter_contract(ALICE);
    let admin_contract = s.admin.clone();
    let gateway = s.addrs.gateway.clone();
    s.fund(&admin_contract, 1_000, "ustake");
    s.fund(&gateway, 1_000, "ustake");
    let funds = coins(1, "ustake");
    let nonpayable = || ContractError::Payment(PaymentError::NonPayable {});
    s.advance_time(3_600);
    let readings = s.device(ALICE).next_batch(1);
    let submit = ExecuteMsg::SubmitReadings { readings };
    s.assert_refused(
        |s| s.execute_with_funds(&gateway, &contract, &submit, &funds),
        nonpayable(),
    );
    let block = ExecuteMsg::SetOwnerBlocked { blocked: true };
    s.assert_refused(
        |s| s.execute_with_funds(&admin_contract, &contract, &block, &funds),
        nonpayable(),
    );
    let close = ExecuteMsg::ClosePeriod {
        meter_id: ALICE.to_string(),
        period: 0,
    };
    s.assert_refused(
        |s| s.execute_with_funds(&gateway, &contract, &close, &funds),
        nonpayable(),
    );
}
