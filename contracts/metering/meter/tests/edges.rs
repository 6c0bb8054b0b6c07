//! The edges of metering and billing (issue 11): a period closed by anyone at its end strands
//! no meter and loses no energy; a meter registered mid-period is billed; a tariff belongs to
//! its retailer; a retired meter is billed up to its retirement and not after; the emergency
//! pause of the meter and tariff contracts. Every refusal is asserted exactly, with no state
//! changed anywhere.

// Money is written as units_cents (400_00 is 400.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use ::ledger_meter::ContractError as MeterError;
use ::ledger_tariff::ContractError as TariffError;
use cosmwasm_std::{Addr, Uint128};
use ledger_contract_kit::GuardError;
use ledger_testing::expected::ExpectedBill;
use ledger_testing::tariffs::{self, FLAT, TariffDef};
use ledger_testing::{
    ALICE_METER as ALICE, DAY, LoadCurve, MeterSpec, START, Suite, SuiteBuilder, expected, refusals,
};
use ledger_types::admin::{MeterStatus, Role};
use ledger_types::emergency::PauseStatus;
use ledger_types::error_code::HasCode;
use ledger_types::meter::{self, Bill};
use ledger_types::tariff::{self, LineKind, TariffComponents, TariffOwner};

/// November 2026 in months since January 1970.
const NOV: u32 = 682;
const DEC_1: u64 = START + 30 * DAY;
const JAN_1: u64 = DEC_1 + 31 * DAY;

/// Alice's meter on the flat tariff (200_000 minor units per MWh, i.e. 0.20 per kWh; no tax),
/// 100 Wh every half hour, with a contracted amount so that advances are scheduled.
fn world() -> Suite {
    SuiteBuilder::new()
        .with_tariff(tariffs::flat())
        .with_meter(
            MeterSpec::new(ALICE, "alice", FLAT)
                .contracted(10_00)
                .load(LoadCurve::Constant { energy_wh: 100 }),
        )
        .build()
}

/// Sends every interval of `meter_id` that ended by `until` (at most), in batches.
fn read_until(s: &mut Suite, meter_id: &str, until: u64) {
    loop {
        let due = s.device(meter_id).due_intervals(until.min(s.now()));
        if due == 0 {
            return;
        }
        let batch = s.device(meter_id).next_batch(due.min(400));
        s.submit_readings(meter_id, batch).unwrap();
    }
}

fn billed_energy(s: &Suite, meter_id: &str) -> u64 {
    s.bills(meter_id)
        .iter()
        .map(|b| b.energy_wh + b.late_energy_wh)
        .sum()
}

fn lines_add_up(bill: &Bill) {
    let sum: Uint128 = bill.lines.iter().map(|l| l.amount).sum();
    assert_eq!(sum, bill.subtotal, "lines of bill {}", bill.period);
    assert_eq!(bill.subtotal + bill.tax, bill.total);
}

// ------------------------------------------------------------------ late readings

/// Alice's December bill as the independent calculator has it, from her readings since
/// `late_from`: those before December 1st are November's, late; with their count.
fn expected_december(s: &Suite, tariff: &TariffDef, late_from: u64) -> (ExpectedBill, usize) {
    let (late, own): (Vec<_>, Vec<_>) = s
        .readings(ALICE)
        .into_iter()
        .filter(|r| r.interval_start >= late_from)
        .partition(|r| r.interval_start < DEC_1);
    let expected = expected::bill_with_late(
        &tariff.components,
        tariff.utc_offset_minutes,
        &own,
        &late,
        NOV,
        NOV,
    );
    (expected, late.len())
}

#[test]
fn a_stranger_closing_at_the_period_end_strands_no_meter_and_loses_no_energy() {
    let mut s = world();
    // The meter uploads with an hour's delay: at the end of November its last two half
    // hours are not in yet when a stranger closes the period.
    s.advance_to(DEC_1 - 3_600);
    read_until(&mut s, ALICE, DEC_1 - 3_600);
    s.advance_to(DEC_1);
    let stranger = s.addrs.stranger.clone();
    s.close_period(&stranger, ALICE, NOV).unwrap();
    let november = s.bill(ALICE, NOV).unwrap();
    assert_eq!(
        (november.energy_wh, november.late_energy_wh),
        (1_438 * 100, 0)
    );

    // The late readings are accepted, and so is the meter's next reading.
    s.advance_time(3_600);
    read_until(&mut s, ALICE, DEC_1 + 3_600);
    assert_eq!(s.meter_state(ALICE).readings, 1_442);
    // The period's totals show what November consumed; its bill is unchanged.
    assert_eq!(s.period_totals(ALICE, NOV).unwrap().energy_wh, 1_440 * 100);
    assert_eq!(s.bill(ALICE, NOV).unwrap(), november);

    // December's bill carries the two late half hours as their own line, priced as the
    // tariff prices energy: 200 Wh at 200_000 per MWh = 0.40.
    s.advance_to(JAN_1);
    read_until(&mut s, ALICE, JAN_1);
    s.close_period(&stranger, ALICE, NOV + 1).unwrap();
    let december = s.bill(ALICE, NOV + 1).unwrap();
    assert_eq!(
        (december.energy_wh, december.late_energy_wh),
        (31 * 48 * 100, 200)
    );
    let late = december.lines.last().unwrap();
    assert_eq!(
        late.kind,
        LineKind::LateEnergy {
            from_period: NOV,
            to_period: NOV
        }
    );
    assert_eq!(late.description, "Late energy from period 682");
    assert_eq!(
        (late.quantity, late.unit_price, late.amount),
        (200, Uint128::new(200_000), Uint128::new(40))
    );
    lines_add_up(&december);
    assert_eq!(december.total, Uint128::new(31 * 48 * 20 + 40));
    // And line by line as the independent calculator has it.
    let (expected, _) = expected_december(&s, &tariffs::flat(), DEC_1 - 3_600);
    assert_eq!(expected::line_tuples(&december.lines), expected.lines);
    assert_eq!(
        (december.subtotal.u128(), december.total.u128()),
        (expected.subtotal, expected.total)
    );
    assert_eq!(
        (december.energy_wh, december.late_energy_wh),
        (expected.energy_wh, expected.late_energy_wh)
    );
    // Every Wh the register advanced by is in exactly one bill.
    assert_eq!(billed_energy(&s, ALICE), s.meter_state(ALICE).register_wh);
    s.assert_readings_counted_once(ALICE);
}

#[test]
fn late_energy_on_a_tiered_tariff_is_priced_on_top_of_the_period() {
    // The tiered tariff (fixed charge, three tiers, tax): the late energy lands in the tier the
    // period's own energy reached, as the independent calculator says.
    let mut s = SuiteBuilder::new()
        .with_tariff(tariffs::tiered())
        .with_meter(
            MeterSpec::new(ALICE, "alice", tariffs::TIERED)
                .load(LoadCurve::Constant { energy_wh: 333 }),
        )
        .build();
    s.advance_to(DEC_1 - 6 * 3_600);
    read_until(&mut s, ALICE, DEC_1 - 6 * 3_600);
    s.advance_to(DEC_1);
    let stranger = s.addrs.stranger.clone();
    s.close_period(&stranger, ALICE, NOV).unwrap();
    s.advance_to(JAN_1);
    read_until(&mut s, ALICE, JAN_1);
    s.close_period(&stranger, ALICE, NOV + 1).unwrap();
    let december = s.bill(ALICE, NOV + 1).unwrap();
    let (expected, late) = expected_december(&s, &tariffs::tiered(), DEC_1 - 6 * 3_600);
    assert_eq!(late, 12);
    assert_eq!(expected::line_tuples(&december.lines), expected.lines);
    assert_eq!(
        (
            december.subtotal.u128(),
            december.tax.u128(),
            december.total.u128()
        ),
        (expected.subtotal, expected.tax, expected.total)
    );
    lines_add_up(&december);
    assert_eq!(billed_energy(&s, ALICE), s.meter_state(ALICE).register_wh);
}

#[test]
fn late_readings_of_several_closed_periods_go_into_one_line() {
    let mut s = world();
    // The meter is offline all of November and December; both periods are closed empty.
    s.advance_to(JAN_1);
    let stranger = s.addrs.stranger.clone();
    s.close_period(&stranger, ALICE, NOV).unwrap();
    s.close_period(&stranger, ALICE, NOV + 1).unwrap();
    // Back online, it uploads its whole backlog; January's bill carries it.
    s.advance_to(JAN_1 + 31 * DAY);
    read_until(&mut s, ALICE, JAN_1);
    read_until(&mut s, ALICE, JAN_1 + 31 * DAY);
    s.close_period(&stranger, ALICE, NOV + 2).unwrap();
    let january = s.bill(ALICE, NOV + 2).unwrap();
    assert_eq!(january.late_energy_wh, 61 * 48 * 100);
    let late = january.lines.last().unwrap();
    assert_eq!(
        late.kind,
        LineKind::LateEnergy {
            from_period: NOV,
            to_period: NOV + 1
        }
    );
    assert_eq!(late.description, "Late energy from periods 682 to 683");
    lines_add_up(&january);
    assert_eq!(billed_energy(&s, ALICE), s.meter_state(ALICE).register_wh);
}

// ------------------------------------------------------------------ mid-period starts

/// A tariff of the suite's retailer with a fixed charge, created now and in force from
/// `effective_from`.
fn starter(s: &mut Suite, tariff_id: &str, effective_from: u64) {
    let retailer = s.addrs.retailer.clone();
    let def = TariffDef::new(
        tariff_id,
        0,
        TariffComponents {
            fixed_charge: Some(Uint128::new(5_00)),
            flat_rate: Some(Uint128::new(200_000)),
            ..TariffComponents::default()
        },
    );
    s.create_tariff(&retailer, &def, effective_from).unwrap();
}

#[test]
fn a_meter_registered_mid_period_is_billed_with_the_version_in_force_then() {
    let mut s = world();
    s.advance_to(START + 14 * DAY);
    let registered = s.now();
    starter(&mut s, "starter", registered);
    let administrator = s.addrs.administrator.clone();
    s.register_meter(&administrator, "carol-meter", "alice", "starter", 0)
        .unwrap();
    assert_eq!(s.meter_state("carol-meter").started_at, registered);
    s.advance_to(DEC_1);
    read_until(&mut s, "carol-meter", DEC_1);
    let stranger = s.addrs.stranger.clone();
    // October is before the meter existed: its own refusal.
    s.assert_refused(
        |s| s.close_period(&stranger, "carol-meter", NOV - 1),
        MeterError::PeriodBeforeRegistration {
            meter_id: "carol-meter".into(),
            period: NOV - 1,
            first_period: NOV,
        },
    );
    s.close_period(&stranger, "carol-meter", NOV).unwrap();
    let bill = s.bill("carol-meter", NOV).unwrap();
    // Billed from its registration with version 1; the fixed charge is not prorated.
    assert_eq!((bill.period_start, bill.period_end), (START, DEC_1));
    assert_eq!((bill.billed_from, bill.billed_to), (registered, DEC_1));
    assert_eq!(bill.tariff_version, 1);
    assert_eq!(bill.lines[0].kind, LineKind::FixedCharge);
    assert_eq!(bill.lines[0].amount, Uint128::new(5_00));
    lines_add_up(&bill);
    assert_eq!(
        billed_energy(&s, "carol-meter"),
        s.meter_state("carol-meter").register_wh
    );
}

#[test]
fn a_meter_on_a_tariff_not_yet_in_force_is_refused_up_front() {
    let mut s = world();
    s.advance_to(START + 14 * DAY);
    starter(&mut s, "from-december", DEC_1);
    let administrator = s.addrs.administrator.clone();
    let now = s.now();
    s.assert_refused(
        |s| s.register_meter(&administrator, "carol-meter", "alice", "from-december", 0),
        MeterError::TariffNotInForce {
            tariff_id: "from-december".into(),
            starts_at: now,
            first: DEC_1,
        },
    );
    // From December on, the same registration is accepted.
    s.advance_to(DEC_1);
    s.register_meter(&administrator, "carol-meter", "alice", "from-december", 0)
        .unwrap();
}

// ------------------------------------------------------------------ tariff ownership

/// A second retailer with a tariff of its own.
fn with_rival(s: &mut Suite) -> Addr {
    let administrator = s.addrs.administrator.clone();
    let rival = s.addr("rival-retailer");
    s.register_participant(&administrator, &rival, "Rival Energy", vec![Role::Retailer])
        .unwrap();
    let def = TariffDef::new("rival-flat", 0, tariffs::flat().components);
    s.create_tariff(&rival, &def, START).unwrap();
    rival
}

fn owner_of(s: &Suite, tariff_id: &str) -> Option<Addr> {
    let owner: TariffOwner = s
        .query(
            &s.tariff,
            &tariff::QueryMsg::Owner {
                tariff_id: tariff_id.into(),
            },
        )
        .unwrap();
    owner.owner
}

#[test]
fn a_tariff_belongs_to_the_retailer_that_created_it() {
    let mut s = world();
    let rival = with_rival(&mut s);
    assert_eq!(owner_of(&s, "rival-flat"), Some(rival.clone()));
    assert_eq!(owner_of(&s, FLAT), Some(s.addrs.retailer.clone()));

    // Another retailer may not add a version (say, a huge fixed charge) to it...
    let retailer = s.addrs.retailer.clone();
    let huge = TariffComponents {
        fixed_charge: Some(Uint128::new(1_000_000_00)),
        ..TariffComponents::default()
    };
    s.assert_refused(
        |s| s.add_version(&retailer, "rival-flat", huge.clone(), START + DAY),
        TariffError::NotTariffOwner {
            sender: retailer.to_string(),
            tariff_id: "rival-flat".into(),
            owner: rival.to_string(),
        },
    );
    // ...nor may a stranger (not a retailer at all)...
    let stranger = s.addrs.stranger.clone();
    s.assert_refused(
        |s| s.add_version(&stranger, "rival-flat", huge.clone(), START + DAY),
        TariffError::Unauthorized {
            sender: stranger.to_string(),
        },
    );
    // ...while its owner and the administrator may.
    s.add_version(&rival, "rival-flat", huge.clone(), START + DAY)
        .unwrap();
    let administrator = s.addrs.administrator.clone();
    s.add_version(&administrator, "rival-flat", huge, START + 2 * DAY)
        .unwrap();
    assert_eq!(s.tariff_info("rival-flat").unwrap().versions, 3);
}

#[test]
fn a_meter_goes_only_on_a_tariff_of_its_own_retailer() {
    let mut s = world();
    let rival = with_rival(&mut s);
    let administrator = s.addrs.administrator.clone();
    // `register_meter` registers with the suite's retailer.
    s.assert_refused(
        |s| s.register_meter(&administrator, "carol-meter", "alice", "rival-flat", 0),
        MeterError::TariffOfAnotherRetailer {
            tariff_id: "rival-flat".into(),
            retailer: s.addrs.retailer.to_string(),
            owner: rival.to_string(),
        },
    );
    // Once the administrator hands the tariff to the suite's retailer, it may.
    let retailer = s.addrs.retailer.clone();
    s.execute_tariff(
        &administrator,
        &tariff::ExecuteMsg::SetTariffOwner {
            tariff_id: "rival-flat".into(),
            owner: retailer.to_string(),
        },
    )
    .unwrap();
    assert_eq!(owner_of(&s, "rival-flat"), Some(retailer));
    s.register_meter(&administrator, "carol-meter", "alice", "rival-flat", 0)
        .unwrap();
}

#[test]
fn only_the_administrator_names_a_tariffs_owner_and_only_a_retailer() {
    let mut s = world();
    let rival = with_rival(&mut s);
    let retailer = s.addrs.retailer.clone();
    let administrator = s.addrs.administrator.clone();
    let set = |tariff_id: &str, owner: &Addr| tariff::ExecuteMsg::SetTariffOwner {
        tariff_id: tariff_id.into(),
        owner: owner.to_string(),
    };
    // Not even the owner may give its tariff away.
    let msg = set("rival-flat", &retailer);
    s.assert_refused(
        |s| s.execute_tariff(&rival, &msg),
        TariffError::NotAdministrator {
            sender: rival.to_string(),
            action: "name a tariff's owner",
        },
    );
    let stranger = s.addrs.stranger.clone();
    let msg = set("rival-flat", &stranger);
    s.assert_refused(
        |s| s.execute_tariff(&administrator, &msg),
        TariffError::OwnerNotRetailer {
            owner: stranger.to_string(),
            tariff_id: "rival-flat".into(),
        },
    );
    let msg = set("no-such-tariff", &retailer);
    s.assert_refused(
        |s| s.execute_tariff(&administrator, &msg),
        TariffError::TariffNotFound {
            tariff_id: "no-such-tariff".into(),
        },
    );
    assert_eq!(owner_of(&s, "rival-flat"), Some(rival));
}

// ------------------------------------------------------------------ retirement

#[test]
fn a_retired_meter_is_billed_up_to_its_retirement_and_not_after() {
    let mut s = world();
    let retired_at = START + 19 * DAY + 12 * 3_600;
    // The meter uploads with an hour's delay; it is retired at noon on 20 November.
    s.advance_to(retired_at);
    read_until(&mut s, ALICE, retired_at - 3_600);
    let administrator = s.addrs.administrator.clone();
    s.set_meter_status(&administrator, ALICE, MeterStatus::Retired)
        .unwrap();
    assert_eq!(s.meter_state(ALICE).retired_at, Some(retired_at));
    // Its last hour before the retirement still counts...
    s.advance_time(3_600);
    read_until(&mut s, ALICE, retired_at);
    assert_eq!(s.meter_state(ALICE).last_interval_end, retired_at);
    // ...but nothing after it.
    let after = s.device(ALICE).next_batch(1);
    let gateway = s.addrs.gateway.clone();
    let contract = s.meter_contract(ALICE);
    s.assert_readings_refused(
        |s| s.submit_readings_to(&gateway, &contract, after.clone()),
        &refusals(
            &after,
            MeterError::MeterNotActive {
                meter_id: ALICE.into(),
                sequence: 19 * 48 + 24 + 1,
                status: "retired".into(),
            }
            .code(),
        ),
    );

    s.advance_to(DEC_1);
    let stranger = s.addrs.stranger.clone();
    s.close_period(&stranger, ALICE, NOV).unwrap();
    let bill = s.bill(ALICE, NOV).unwrap();
    assert_eq!((bill.period_start, bill.period_end), (START, DEC_1));
    assert_eq!((bill.billed_from, bill.billed_to), (START, retired_at));
    assert_eq!(bill.energy_wh, (19 * 48 + 24) * 100);
    // Nothing falls due for December: no advances were scheduled.
    assert!(
        s.instalments(ALICE).iter().all(|i| i.period <= NOV),
        "{:?}",
        s.instalments(ALICE)
    );
    // December is after the retirement: no bill.
    s.advance_to(JAN_1);
    s.assert_refused(
        |s| s.close_period(&stranger, ALICE, NOV + 1),
        MeterError::PeriodAfterRetirement {
            meter_id: ALICE.into(),
            period: NOV + 1,
            retired_in: NOV,
        },
    );
    assert_eq!(billed_energy(&s, ALICE), s.meter_state(ALICE).register_wh);
}

// ------------------------------------------------------------------ emergency pause

fn meter_pause_status(s: &Suite) -> PauseStatus {
    s.query(&s.meter_contract(ALICE), &meter::QueryMsg::PauseStatus {})
        .unwrap()
}

#[test]
fn the_meter_contract_pauses_for_a_guardian_or_the_administrator_only() {
    let mut s = world();
    s.advance_time(DAY);
    let contract = s.meter_contract(ALICE);
    let stranger = s.addrs.stranger.clone();
    let administrator = s.addrs.administrator.clone();
    let pause = |reason: &str| meter::ExecuteMsg::Pause {
        reason: reason.into(),
    };
    s.assert_refused(
        |s| s.execute_meter(&stranger, &contract, &pause("x")),
        MeterError::Guard(GuardError::NotGuardian {
            sender: stranger.clone(),
        }),
    );
    let long = "x".repeat(257);
    s.assert_refused(
        |s| s.execute_meter(&administrator, &contract, &pause(&long)),
        MeterError::Guard(GuardError::PauseReasonTooLong { len: 257, max: 256 }),
    );
    // Resuming a running contract is bad input.
    s.assert_refused(
        |s| s.execute_meter(&administrator, &contract, &meter::ExecuteMsg::Unpause {}),
        MeterError::Guard(GuardError::PauseUnchanged {
            state: "running".into(),
        }),
    );
    s.execute_meter(&administrator, &contract, &pause("keys leaked"))
        .unwrap();
    let since = s.now();
    assert!(meter_pause_status(&s).paused);
    let paused = || {
        MeterError::Guard(GuardError::Paused {
            by: administrator.clone(),
            since,
            reason: "keys leaked".into(),
        })
    };
    let batch = s.device(ALICE).next_batch(4);
    let gateway = s.addrs.gateway.clone();
    s.assert_refused(
        |s| s.submit_readings_to(&gateway, &contract, batch.clone()),
        paused(),
    );
    // Packed readings too, and before their bytes are read: a malformed batch earns the pause.
    let packed = |bytes: Vec<u8>| meter::ExecuteMsg::SubmitPackedReadings {
        readings: bytes.into(),
    };
    let good = ledger_types::reading::packed::pack(&batch).unwrap();
    s.assert_refused(
        |s| s.execute_meter(&gateway, &contract, &packed(good.clone())),
        paused(),
    );
    s.assert_refused(
        |s| s.execute_meter(&gateway, &contract, &packed(vec![9])),
        paused(),
    );
    // Queries keep working; only the administrator resumes.
    assert_eq!(s.meter_state(ALICE).readings, 0);
    let retailer = s.addrs.retailer.clone();
    s.assert_refused(
        |s| s.execute_meter(&retailer, &contract, &meter::ExecuteMsg::Unpause {}),
        MeterError::Guard(GuardError::NotAdminToUnpause {
            sender: retailer.clone(),
        }),
    );
    // The registry's blacklisting still reaches a paused meter contract.
    let blacklister = s.addrs.blacklister.clone();
    let alice = s.consumer("alice");
    s.blacklist(&blacklister, &alice, "fraud").unwrap();
    let config: meter::ConfigResponse = s.query(&contract, &meter::QueryMsg::Config {}).unwrap();
    assert!(config.owner_blocked);
    s.unblacklist(&blacklister, &alice).unwrap();
    s.execute_meter(&administrator, &contract, &meter::ExecuteMsg::Unpause {})
        .unwrap();
    assert!(!meter_pause_status(&s).paused);
    s.submit_readings(ALICE, batch).unwrap();
}

#[test]
fn the_tariff_contract_pauses_for_a_guardian_or_the_administrator_only() {
    let mut s = world();
    let stranger = s.addrs.stranger.clone();
    let administrator = s.addrs.administrator.clone();
    let retailer = s.addrs.retailer.clone();
    let pause = tariff::ExecuteMsg::Pause {
        reason: "audit".into(),
    };
    s.assert_refused(
        |s| s.execute_tariff(&retailer, &pause),
        TariffError::Guard(GuardError::NotGuardian {
            sender: retailer.clone(),
        }),
    );
    let long = tariff::ExecuteMsg::Pause {
        reason: "x".repeat(300),
    };
    s.assert_refused(
        |s| s.execute_tariff(&administrator, &long),
        TariffError::Guard(GuardError::PauseReasonTooLong { len: 300, max: 256 }),
    );
    s.execute_tariff(&administrator, &pause).unwrap();
    let since = s.now();
    s.assert_refused(
        |s| s.execute_tariff(&administrator, &pause),
        TariffError::Guard(GuardError::PauseUnchanged {
            state: "paused".into(),
        }),
    );
    let status: PauseStatus = s
        .query(&s.tariff, &tariff::QueryMsg::PauseStatus {})
        .unwrap();
    assert!(status.paused);
    s.assert_refused(
        |s| s.add_version(&retailer, FLAT, tariffs::flat().components, DEC_1),
        TariffError::Guard(GuardError::Paused {
            by: administrator.clone(),
            since,
            reason: "audit".into(),
        }),
    );
    // Quotes (queries) keep working while paused.
    assert_eq!(s.tariff_info(FLAT).unwrap().versions, 1);
    s.assert_refused(
        |s| s.execute_tariff(&stranger, &tariff::ExecuteMsg::Unpause {}),
        TariffError::Guard(GuardError::NotAdminToUnpause {
            sender: stranger.clone(),
        }),
    );
    s.execute_tariff(&administrator, &tariff::ExecuteMsg::Unpause {})
        .unwrap();
    s.add_version(&retailer, FLAT, tariffs::flat().components, DEC_1)
        .unwrap();
}
