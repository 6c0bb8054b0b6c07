//! A month of energy retail, told as a story.
//!
//! The administrator registers three consumers, each with a meter on a different tariff
//! (tiered, time-of-use, demand). Through November 2026 every meter sends its 1,440
//! half-hourly signed readings in batches; the bank credits two consumers' deposits and they
//! prepay. The first advances fall due and are paid automatically for the funded consumers,
//! while the unfunded consumer's go overdue. December comes: anyone closes November, and each
//! bill is checked line by line against an amount this test computes on its own from the
//! tariff's definition and the readings it generated. The funded consumers' final instalments
//! are paid automatically; the unfunded consumer's are settled by the bank operator after a
//! deposit. At the end every token is accounted for.

// Money is written as units_cents (400_00 is 400.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::{Addr, Uint128};
use ledger_reading::Reading;
use ledger_testing::DAY;
use ledger_testing::expected::{self, ExpectedBill, Line};
use ledger_testing::tariffs::{self, TariffDef};
use ledger_testing::{START, Suite, SuiteBuilder, meters};
use ledger_types::admin::Role;
use ledger_types::bank::{InstalmentKind, InstalmentStatus, PaymentSource};
use ledger_types::tariff::{LineItem, LineKind, MonthHours};

/// 2026-12-01T00:00:00Z, the end of November.
const DECEMBER: u64 = START + 30 * DAY;
/// Readings per meter in November: 30 days of 48 half hours.
const READINGS_PER_MONTH: usize = 30 * 48;
const BATCH: usize = 240;

// The bills are checked against `ledger_testing::expected`, an independent calculator that
// knows the tariff rules from the interface's documentation and nothing of the tariff
// contract's code (the chain tests of `e2e/` use it too).

fn expected_profile(readings: &[Reading], offset_minutes: i32) -> Vec<MonthHours> {
    expected::profile(readings, offset_minutes)
}

fn expected_bill(def: &TariffDef, readings: &[Reading]) -> ExpectedBill {
    expected::bill(&def.components, def.utc_offset_minutes, readings)
}

fn as_tuples(lines: &[LineItem]) -> Vec<Line> {
    expected::line_tuples(lines)
}

// ------------------------------------------------------------------------------------------

struct Household {
    name: &'static str,
    meter: &'static str,
    tariff: TariffDef,
    contracted: u128,
    /// Size of the household's load against the base curve, percent.
    scale: u64,
}

fn households() -> [Household; 3] {
    [
        Household {
            name: "alice",
            meter: "alice-meter",
            tariff: tariffs::tiered(),
            contracted: 90_00,
            scale: 180,
        },
        Household {
            name: "bob",
            meter: "bob-meter",
            tariff: tariffs::time_of_use(),
            contracted: 60_00,
            scale: 120,
        },
        Household {
            name: "carol",
            meter: "carol-meter",
            tariff: tariffs::demand(),
            contracted: 100_00,
            scale: 250,
        },
    ]
}

fn instalment_statuses(
    suite: &Suite,
    meter: &str,
    period: u32,
) -> Vec<(InstalmentKind, InstalmentStatus)> {
    suite
        .period_instalments(meter, period)
        .iter()
        .map(|i| (i.kind, i.status))
        .collect()
}

/// A period's two advances with `advances` as their statuses, then its final instalment
/// with status `last` when it has one yet.
fn advances_then_final(
    advances: [InstalmentStatus; 2],
    last: Option<InstalmentStatus>,
) -> Vec<(InstalmentKind, InstalmentStatus)> {
    let advances = (1..)
        .zip(advances)
        .map(|(number, status)| (InstalmentKind::Advance { number }, status));
    advances
        .chain(last.map(|status| (InstalmentKind::Final, status)))
        .collect()
}

#[test]
fn a_month_of_energy_retail() {
    let homes = households();
    // The world: the contracts wired, a retailer, a bank operator and a blacklister
    // registered, and the retailer's three tariffs defined.
    let mut suite = SuiteBuilder::new()
        .with_tariff(tariffs::tiered())
        .with_tariff(tariffs::time_of_use())
        .with_tariff(tariffs::demand())
        .build();
    let admin = suite.addrs.administrator.clone();
    let operator = suite.addrs.bank_operator.clone();
    let retailer = suite.addrs.retailer.clone();
    let stranger = suite.addrs.stranger.clone();
    assert_eq!(suite.now(), START);
    assert!(suite.has_role(&retailer, Role::Retailer));
    assert!(suite.has_role(&operator, Role::BankOperator));

    // The administrator registers the three consumers and their meters. Each consumer's
    // first meter brings that consumer's own meter contract into being.
    for h in &homes {
        let consumer = suite.add_consumer(h.name).unwrap();
        suite
            .register_meter(&admin, h.meter, h.name, &h.tariff.tariff_id, h.contracted)
            .unwrap();
        suite.device_mut(h.meter).load = meters::LoadCurve::Household {
            seed: meters::hash_str(h.meter),
            scale_percent: h.scale,
        };
        let info = suite.meter_info(h.meter).unwrap();
        assert_eq!(info.owner, consumer);
        assert_eq!(info.retailer, retailer);
        assert_eq!(info.tariff_id, h.tariff.tariff_id);
        let participant = suite.participant(&consumer).unwrap();
        assert_eq!(participant.meter_contract, Some(info.contract.clone()));
        assert_eq!(suite.meter_config(&info.contract).owner, consumer);
        let state = suite.meter_state(h.meter);
        assert_eq!(state.tariff_utc_offset_minutes, h.tariff.utc_offset_minutes);
        assert_eq!(state.last_interval_end, START);
    }
    let contracts: Vec<Addr> = homes
        .iter()
        .map(|h| suite.meter_contract(h.meter))
        .collect();
    assert!(contracts[0] != contracts[1] && contracts[1] != contracts[2]);
    let [alice, bob, carol] = homes.each_ref().map(|h| suite.consumer(h.name));

    // November's advances were scheduled from the contracted amounts: 30% on day 10 and
    // 40% on day 25.
    let november = suite.current_period();
    for h in &homes {
        let advances = suite.period_instalments(h.meter, november);
        let terms: Vec<_> = advances
            .iter()
            .map(|i| (i.kind, i.due, i.amount.u128(), i.status))
            .collect();
        assert_eq!(
            terms,
            vec![
                (
                    InstalmentKind::Advance { number: 1 },
                    START + 9 * DAY,
                    h.contracted * 3 / 10,
                    InstalmentStatus::Open
                ),
                (
                    InstalmentKind::Advance { number: 2 },
                    START + 24 * DAY,
                    h.contracted * 4 / 10,
                    InstalmentStatus::Open
                ),
            ],
            "advances of {}",
            h.meter
        );
    }

    // The bank credits Alice's and Bob's fiat deposits to their wallets, and they prepay.
    suite
        .deposit(&operator, "SEPA-2026-0001", &alice, 400_00, false)
        .unwrap();
    suite
        .deposit(&operator, "SEPA-2026-0002", &bob, 300_00, false)
        .unwrap();
    assert_eq!(suite.balance(&alice), 400_00);
    suite.prepay(&alice, 350_00).unwrap();
    suite.prepay(&bob, 300_00).unwrap();
    assert_eq!(suite.balance(&alice), 50_00);
    assert_eq!(suite.balance(&bob), 0);
    assert_eq!(suite.prepaid(&alice), 350_00);
    assert_eq!(suite.prepaid(&bob), 300_00);
    assert_eq!(suite.balance(&suite.bank), 650_00);

    // November passes: every five days each meter's gateway sends the readings of the
    // intervals that have ended, 240 per message. Settle runs after each due date.
    let mut sent: Vec<Vec<Reading>> = vec![vec![]; homes.len()];
    for round in 1..=6u64 {
        suite.advance_time(5 * DAY);
        for (i, h) in homes.iter().enumerate() {
            let readings = suite.feed(h.meter, BATCH).unwrap();
            assert_eq!(readings.len(), BATCH, "{} round {round}", h.meter);
            sent[i].extend(meters::unsigned(&readings));
        }
        if round == 2 || round == 5 {
            // Day 11 and day 26: the advance of day 10, then of day 25, has fallen due.
            suite.settle(&stranger, None).unwrap();
            let number = if round == 2 { 1 } else { 2 };
            for h in &homes {
                let advance = suite
                    .period_instalments(h.meter, november)
                    .into_iter()
                    .find(|i| i.kind == InstalmentKind::Advance { number })
                    .unwrap();
                let expected = if h.name == "carol" {
                    InstalmentStatus::Overdue
                } else {
                    InstalmentStatus::Paid
                };
                assert_eq!(advance.status, expected, "advance {number} of {}", h.meter);
            }
        }
    }
    assert_eq!(suite.now(), DECEMBER);
    let advances_paid = |h: &Household| h.contracted * 7 / 10;
    assert_eq!(suite.prepaid(&alice), 350_00 - advances_paid(&homes[0]));
    assert_eq!(suite.prepaid(&bob), 300_00 - advances_paid(&homes[1]));
    assert_eq!(
        suite.balance(&retailer),
        advances_paid(&homes[0]) + advances_paid(&homes[1])
    );

    // Every reading was stored once and counted once, by day and by period.
    for (i, h) in homes.iter().enumerate() {
        assert_eq!(sent[i].len(), READINGS_PER_MONTH);
        let state = suite.meter_state(h.meter);
        assert_eq!(state.readings, READINGS_PER_MONTH as u64);
        assert_eq!(state.last_sequence, READINGS_PER_MONTH as u64);
        let energy: u64 = sent[i].iter().map(|r| r.energy_wh).sum();
        assert_eq!(state.register_wh, energy);
        let totals = suite.period_totals(h.meter, november).unwrap();
        assert_eq!((totals.start, totals.end), (START, DECEMBER));
        assert_eq!(totals.energy_wh, energy);
        assert_eq!(totals.readings, READINGS_PER_MONTH as u32);
        assert!(!totals.closed);
        let days = suite.daily_totals(h.meter);
        assert_eq!(days.len(), 30);
        assert!(days.iter().all(|d| d.readings == 48));
        assert_eq!(days.iter().map(|d| d.energy_wh).sum::<u64>(), energy);
        suite.assert_readings_counted_once(h.meter);
    }
    // Bob's tariff reads time at UTC+1: his last hour of November is already 1 December,
    // 00:00-01:00 local time (a Tuesday), and his hourly profile says so.
    let bob_profile = suite.period_totals("bob-meter", november).unwrap().hourly;
    let months: Vec<u8> = bob_profile.iter().map(|m| m.month).collect();
    assert_eq!(months, vec![11, 12]);
    let last_hour: u64 = sent[1][READINGS_PER_MONTH - 2..]
        .iter()
        .map(|r| r.energy_wh)
        .sum();
    let december = &bob_profile[1];
    let mut only_first_hour = [0u64; 24];
    only_first_hour[0] = last_hour;
    assert_eq!(december.weekday_wh, only_first_hour);
    assert_eq!(december.weekend_wh, [0u64; 24]);
    // The whole profile, hour by hour, weekdays and weekends apart, in local time: a
    // Friday's last UTC hour is already Saturday at UTC+1.
    for (i, h) in homes.iter().enumerate() {
        let profile = suite.period_totals(h.meter, november).unwrap().hourly;
        assert_eq!(
            profile,
            expected_profile(&sent[i], h.tariff.utc_offset_minutes),
            "{}",
            h.meter
        );
    }

    // November has ended: anyone may close it. Each bill is what the tariff says.
    let mut bills = vec![];
    for (i, h) in homes.iter().enumerate() {
        suite.close_period(&stranger, h.meter, november).unwrap();
        let bill = suite.bill(h.meter, november).unwrap();
        let expected = expected_bill(&h.tariff, &sent[i]);
        assert_eq!(
            as_tuples(&bill.lines),
            expected.lines,
            "lines of {}",
            h.meter
        );
        assert_eq!(
            bill.subtotal.u128(),
            expected.subtotal,
            "subtotal of {}",
            h.meter
        );
        assert_eq!(bill.tax.u128(), expected.tax, "tax of {}", h.meter);
        assert_eq!(bill.total.u128(), expected.total, "total of {}", h.meter);
        assert_eq!(bill.energy_wh, expected.energy_wh);
        assert_eq!(bill.max_power_w, expected.max_power_w);
        assert_eq!((bill.period_start, bill.period_end), (START, DECEMBER));
        assert_eq!(
            (bill.tariff_id.as_str(), bill.tariff_version),
            (h.tariff.tariff_id.as_str(), 1)
        );
        assert!(suite.period_totals(h.meter, november).unwrap().closed);
        assert!(
            expected.total > h.contracted,
            "the story expects each bill to exceed the advances"
        );
        bills.push(expected.total);
    }
    // The story's tariffs each show their character on the bill.
    let kinds = |i: usize| -> Vec<LineKind> {
        expected_bill(&homes[i].tariff, &sent[i])
            .lines
            .into_iter()
            .map(|l| l.0)
            .collect()
    };
    assert_eq!(
        kinds(0),
        vec![
            LineKind::FixedCharge,
            LineKind::Tier { index: 0 },
            LineKind::Tier { index: 1 },
            LineKind::Tier { index: 2 }
        ]
    );
    // November is winter: the summer peak band is not used, so it has no line.
    let tou = |band| LineKind::TimeOfUse { band };
    assert_eq!(
        kinds(1),
        vec![LineKind::FixedCharge, tou(0), tou(1), tou(3)]
    );
    assert_eq!(kinds(2).last(), Some(&LineKind::MinimumTopUp));

    // The bank replaced the unpaid advances by final instalments due on 18 December and
    // scheduled December's advances from each bill.
    for (i, h) in homes.iter().enumerate() {
        let account = suite.bill_account(h.meter, november).unwrap();
        assert_eq!(account.total, Some(Uint128::new(bills[i])));
        let finals: Vec<_> = suite
            .period_instalments(h.meter, november)
            .into_iter()
            .filter(|i| i.kind == InstalmentKind::Final)
            .collect();
        assert_eq!(finals.len(), 1);
        assert_eq!(finals[0].due, DECEMBER + 17 * DAY);
        let paid_ahead = if h.name == "carol" {
            0
        } else {
            advances_paid(h)
        };
        assert_eq!(account.advances_paid.u128(), paid_ahead);
        assert_eq!(finals[0].amount.u128(), bills[i] - paid_ahead);
        let next: Vec<_> = suite
            .period_instalments(h.meter, november + 1)
            .iter()
            .map(|i| (i.due, i.amount.u128()))
            .collect();
        assert_eq!(
            next,
            vec![
                (DECEMBER + 9 * DAY, bills[i] * 3 / 10),
                (DECEMBER + 24 * DAY, bills[i] * 4 / 10)
            ]
        );
    }
    assert_eq!(
        instalment_statuses(&suite, "carol-meter", november),
        advances_then_final(
            [InstalmentStatus::Superseded, InstalmentStatus::Superseded],
            Some(InstalmentStatus::Open)
        )
    );

    // 18 December, past noon: Settle pays December's first advance and November's final
    // instalment from Alice's and Bob's prepaid balances. Carol has nothing prepaid.
    suite.advance_to(DECEMBER + 17 * DAY + 12 * 3600);
    suite.settle(&stranger, None).unwrap();
    for h in &homes[..2] {
        assert_eq!(
            instalment_statuses(&suite, h.meter, november),
            advances_then_final(
                [InstalmentStatus::Paid, InstalmentStatus::Paid],
                Some(InstalmentStatus::Paid)
            ),
            "{}",
            h.meter
        );
        assert_eq!(
            instalment_statuses(&suite, h.meter, november + 1),
            advances_then_final([InstalmentStatus::Paid, InstalmentStatus::Open], None)
        );
    }
    let spent = |i: usize| bills[i] + bills[i] * 3 / 10;
    assert_eq!(suite.prepaid(&alice), 350_00 - spent(0));
    assert_eq!(suite.prepaid(&bob), 300_00 - spent(1));
    let overdue: Vec<_> = suite
        .overdue()
        .into_iter()
        .map(|i| (i.meter_id, i.period, i.kind, i.amount.u128()))
        .collect();
    assert_eq!(
        overdue,
        vec![
            (
                "carol-meter".to_string(),
                november + 1,
                InstalmentKind::Advance { number: 1 },
                bills[2] * 3 / 10
            ),
            (
                "carol-meter".to_string(),
                november,
                InstalmentKind::Final,
                bills[2]
            ),
        ]
    );

    // Carol pays at the bank counter: the operator credits her deposit to her prepaid balance
    // and pays what is overdue.
    let owed = bills[2] + bills[2] * 3 / 10;
    suite
        .deposit(&operator, "COUNTER-2026-0417", &carol, owed, true)
        .unwrap();
    assert_eq!(suite.prepaid(&carol), owed);
    suite.make_payment(&operator, "carol-meter", owed).unwrap();
    assert!(suite.overdue().is_empty());
    assert_eq!(suite.prepaid(&carol), 0);
    let carol_payments: Vec<_> = suite
        .payments(&carol)
        .into_iter()
        .map(|p| (p.period, p.amount.u128(), p.source, p.retailer))
        .collect();
    assert_eq!(
        carol_payments,
        vec![
            (
                november + 1,
                bills[2] * 3 / 10,
                PaymentSource::Operator,
                retailer.clone()
            ),
            (
                november,
                bills[2],
                PaymentSource::Operator,
                retailer.clone()
            ),
        ]
    );
    assert_eq!(
        instalment_statuses(&suite, "carol-meter", november).last(),
        Some(&(InstalmentKind::Final, InstalmentStatus::Paid))
    );

    // Every payment of Alice and Bob was automatic and went to the retailer.
    for consumer in [&alice, &bob] {
        let payments = suite.payments(consumer);
        assert_eq!(payments.len(), 4);
        assert!(
            payments
                .iter()
                .all(|p| p.source == PaymentSource::Automatic && p.retailer == retailer)
        );
    }

    // The books balance: the retailer holds every payment, the bank holds what is prepaid,
    // and the supply is what was deposited.
    let deposited = 400_00 + 300_00 + owed;
    let paid_to_retailer = spent(0) + spent(1) + owed;
    assert_eq!(suite.balance(&retailer), paid_to_retailer);
    let totals = suite.bank_totals();
    assert_eq!(totals.minted.u128(), deposited);
    assert_eq!(totals.burned.u128(), 0);
    assert_eq!(totals.paid_out.u128(), paid_to_retailer);
    assert_eq!(
        totals.prepaid.u128(),
        suite.prepaid(&alice) + suite.prepaid(&bob)
    );
    assert_eq!(suite.token_supply(), deposited);
    assert_eq!(
        suite.balance(&retailer)
            + suite.balance(&alice)
            + suite.balance(&bob)
            + suite.balance(&carol)
            + suite.balance(&suite.bank),
        deposited
    );
    suite.assert_token_conservation();
    for h in &homes {
        suite.assert_instalments_sound(h.meter);
    }
}
