//! Property tests: random sequences of deposits, prepayments, readings, replays, time passing,
//! closings, settlements, payments, redemptions and blacklistings on a small world whose
//! billing periods last six hours, checking the ledger's invariants after every step:
//!
//! - the token supply is the sum of all balances, the bank holds exactly the prepaid
//!   balances and the escrowed redemptions, and minted minus burned is the supply;
//! - every token paid out went to the retailer, and is recorded as a payment;
//! - no instalment is paid beyond its amount, and its payments add up to what it records;
//! - every accepted reading is stored and counted once, in its day and in its period, and a
//!   replayed batch is refused and changes nothing.

// Money is written as units_cents (400_00 is 400.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use std::collections::BTreeMap;

use cosmwasm_std::Addr;
use ledger_reading::SignedReading;
use ledger_testing::HOUR;
use ledger_testing::tariffs::{self, FLAT};
use ledger_testing::{
    BankSnapshot, MeterSpec, Suite, SuiteBuilder, err, readings_outcome, refusals,
};
use ledger_types::bank::PaymentSource;
use ledger_types::meter::{MeterState, codes};
use proptest::prelude::*;

const PEOPLE: [&str; 2] = ["alice", "bob"];
const METERS: [&str; 2] = ["alice-meter", "bob-meter"];

#[derive(Clone, Debug)]
enum Op {
    /// The operator credits a deposit; `reuse` repeats the last reference (must be refused).
    Deposit {
        who: usize,
        amount: u128,
        prepay: bool,
        reuse: bool,
    },
    Prepay {
        who: usize,
        amount: u128,
    },
    /// The meter's gateway sends up to `count` readings of intervals that have ended.
    Read {
        meter: usize,
        count: usize,
    },
    /// The gateway sends the meter's last accepted batch again (must be refused).
    Replay {
        meter: usize,
    },
    Advance {
        seconds: u64,
    },
    /// Anyone closes the meter's next period (refused unless it has ended).
    Close {
        meter: usize,
    },
    Settle {
        limit: u32,
    },
    Pay {
        meter: usize,
        amount: u128,
    },
    RequestRedemption {
        who: usize,
        amount: u128,
    },
    /// The operator redeems the `index`-th redemption request (modulo their number).
    Redeem {
        index: usize,
    },
    /// The blacklister blacklists, or clears, a consumer.
    ToggleBlacklist {
        who: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0..PEOPLE.len();
    prop_oneof![
        2 => (who.clone(), 1u128..5_000, any::<bool>(), prop::bool::weighted(0.15))
            .prop_map(|(who, amount, prepay, reuse)| Op::Deposit { who, amount, prepay, reuse }),
        2 => (who.clone(), 1u128..3_000).prop_map(|(who, amount)| Op::Prepay { who, amount }),
        5 => (who.clone(), 1usize..24).prop_map(|(meter, count)| Op::Read { meter, count }),
        1 => who.clone().prop_map(|meter| Op::Replay { meter }),
        4 => (HOUR / 2..8 * HOUR).prop_map(|seconds| Op::Advance { seconds }),
        3 => who.clone().prop_map(|meter| Op::Close { meter }),
        3 => (1u32..6).prop_map(|limit| Op::Settle { limit }),
        2 => (who.clone(), 1u128..200).prop_map(|(meter, amount)| Op::Pay { meter, amount }),
        1 => (who.clone(), 1u128..2_000).prop_map(|(who, amount)| Op::RequestRedemption { who, amount }),
        1 => (0usize..8).prop_map(|index| Op::Redeem { index }),
        1 => who.prop_map(|who| Op::ToggleBlacklist { who }),
    ]
}

/// What the test knows independently of the contracts.
#[derive(Default)]
struct Model {
    deposits: u32,
    /// The last reference credited.
    last_reference: Option<String>,
    /// Each meter's last accepted batch.
    last_batch: BTreeMap<usize, Vec<SignedReading>>,
    /// Energy and number of readings each meter had accepted.
    energy: [u64; 2],
    readings: [u64; 2],
    blacklisted: [bool; 2],
}

/// Alice has a contracted amount (so advances from the start), Bob none; periods of six
/// one-hour days. Both start with 20.00 prepaid, Alice also with 5.00 in her wallet.
fn world(model: &mut Model) -> Suite {
    let mut s = SuiteBuilder::new()
        .with_day_cycle(6, HOUR)
        .with_tariff(tariffs::flat())
        .with_meter(MeterSpec::new(METERS[0], PEOPLE[0], FLAT).contracted(10_00))
        .with_meter(MeterSpec::new(METERS[1], PEOPLE[1], FLAT))
        .build();
    let operator = s.addrs.bank_operator.clone();
    for (i, who) in PEOPLE.iter().enumerate() {
        let consumer = s.consumer(who);
        s.deposit(&operator, &format!("OPENING-{i}"), &consumer, 20_00, true)
            .unwrap();
    }
    let alice = s.consumer(PEOPLE[0]);
    s.deposit(&operator, "OPENING-WALLET", &alice, 5_00, false)
        .unwrap();
    model.last_reference = Some("OPENING-WALLET".to_string());
    s
}

/// What a refused action must leave alone.
fn books(s: &Suite) -> (BankSnapshot, Vec<MeterState>) {
    (
        s.bank_snapshot(),
        METERS.iter().map(|m| s.meter_state(m)).collect(),
    )
}

fn run(s: &mut Suite, model: &mut Model, op: &Op) {
    let operator = s.addrs.bank_operator.clone();
    let stranger = s.addrs.stranger.clone();
    let before = books(s);
    let accepted = match *op {
        Op::Deposit {
            who,
            amount,
            prepay,
            reuse,
        } => {
            let recipient = s.consumer(PEOPLE[who]);
            let reference = match (&model.last_reference, reuse) {
                (Some(credited), true) => credited.clone(),
                _ => {
                    model.deposits += 1;
                    format!("REF-{}", model.deposits)
                }
            };
            let fresh = model.last_reference.as_ref() != Some(&reference);
            // A blacklisted consumer receives no deposit, into its wallet or prepaid.
            let barred = model.blacklisted[who];
            let res = s.deposit(&operator, &reference, &recipient, amount, prepay);
            assert_eq!(
                res.is_ok(),
                fresh && !barred,
                "deposit {reference}: {res:?}"
            );
            if res.is_ok() {
                model.last_reference = Some(reference);
            }
            res.is_ok()
        }
        Op::Prepay { who, amount } => {
            let consumer = s.consumer(PEOPLE[who]);
            let affordable = s.balance(&consumer) >= amount;
            let res = s.prepay(&consumer, amount);
            assert_eq!(
                res.is_ok(),
                affordable && !model.blacklisted[who],
                "{res:?}"
            );
            res.is_ok()
        }
        Op::Read { meter, count } => {
            let id = METERS[meter];
            // A meter offline past a closed period uploads its backlog all the same: its
            // readings are accepted and billed late (see the meter's
            // tests/energy_properties.rs).
            let due = s.device(id).due_intervals(s.now()).min(count);
            if due == 0 {
                return;
            }
            let batch = s.device(id).next_batch(due);
            let res = s
                .submit_readings(id, batch.clone())
                .unwrap_or_else(|e| panic!("the readings of {id} failed: {e:?}"));
            let outcome = readings_outcome(&res);
            if model.blacklisted[meter] {
                assert_eq!(outcome.refused, refusals(&batch, codes::OWNER_BLOCKED));
                false
            } else {
                assert!(
                    outcome.refused.is_empty(),
                    "readings of {id} refused: {outcome:?}"
                );
                model.energy[meter] += batch.iter().map(|r| r.energy_wh).sum::<u64>();
                model.readings[meter] += batch.len() as u64;
                model.last_batch.insert(meter, batch);
                true
            }
        }
        Op::Replay { meter } => {
            let Some(batch) = model.last_batch.get(&meter).cloned() else {
                return;
            };
            let contract = s.meter_contract(METERS[meter]);
            let gateway = s.addrs.gateway.clone();
            let res = s
                .submit_readings_to(&gateway, &contract, batch.clone())
                .unwrap_or_else(|e| panic!("a replay failed the message: {e:?}"));
            let outcome = readings_outcome(&res);
            assert_eq!(outcome.accepted, 0);
            assert_eq!(outcome.refused.len(), batch.len());
            for refused in &outcome.refused {
                assert!(
                    [codes::REPLAYED_OR_OUT_OF_ORDER, codes::OWNER_BLOCKED]
                        .contains(&refused.code.as_str()),
                    "{refused:?}"
                );
            }
            false
        }
        Op::Advance { seconds } => {
            s.advance_time(seconds);
            true
        }
        Op::Close { meter } => {
            let id = METERS[meter];
            let period = s.meter_state(id).next_period_to_close;
            let (_, end) = s.settings.cycle.bounds(period).unwrap();
            let usage = s.period_totals(id, period).unwrap();
            let res = s.close_period(&stranger, id, period);
            if end <= s.now() {
                res.unwrap_or_else(|e| panic!("closing {id} period {period}: {e:?}"));
                let bill = s.bill(id, period).unwrap();
                assert_eq!(bill.energy_wh, usage.energy_wh);
                // The flat tariff prices the period's energy and any late energy carried
                // into this bill alike.
                let billed = usage.energy_wh + bill.late_energy_wh;
                assert_eq!(
                    bill.total.u128(),
                    (u128::from(billed) * 200_000 + 500_000) / 1_000_000
                );
                true
            } else {
                let e: ledger_meter::ContractError = err(res);
                assert!(
                    matches!(e, ledger_meter::ContractError::PeriodNotEnded { .. }),
                    "{e:?}"
                );
                false
            }
        }
        Op::Settle { limit } => {
            s.settle(&stranger, Some(limit)).unwrap();
            true
        }
        Op::Pay { meter, amount } => s.make_payment(&operator, METERS[meter], amount).is_ok(),
        Op::RequestRedemption { who, amount } => {
            let holder = s.consumer(PEOPLE[who]);
            let affordable = s.balance(&holder) >= amount;
            let res = s.request_redemption(&holder, amount, "IBAN DE00 0000");
            assert_eq!(
                res.is_ok(),
                affordable && !model.blacklisted[who],
                "{res:?}"
            );
            res.is_ok()
        }
        Op::Redeem { index } => {
            let pending: Vec<u64> = s
                .redemptions()
                .iter()
                .filter(|r| r.payout_reference.is_none())
                .map(|r| r.id)
                .collect();
            if pending.is_empty() {
                return;
            }
            let id = pending[index % pending.len()];
            let holder = s.redemption(id).unwrap().holder;
            let blacklisted = PEOPLE
                .iter()
                .enumerate()
                .any(|(i, who)| model.blacklisted[i] && s.consumer(who) == holder);
            let res = s.redeem(&operator, id, &format!("PAYOUT-{id}"));
            // A blacklisted holder's escrow stays where it is.
            assert_eq!(res.is_ok(), !blacklisted, "{res:?}");
            res.is_ok()
        }
        Op::ToggleBlacklist { who } => {
            let blacklister = s.addrs.blacklister.clone();
            let address = s.consumer(PEOPLE[who]);
            if model.blacklisted[who] {
                s.unblacklist(&blacklister, &address).unwrap();
            } else {
                s.blacklist(&blacklister, &address, "property test")
                    .unwrap();
            }
            model.blacklisted[who] = !model.blacklisted[who];
            true
        }
    };
    if !accepted {
        assert!(books(s) == before, "refused {op:?} changed the books");
    }
}

fn check_invariants(s: &Suite, model: &Model) {
    s.assert_token_conservation();
    let totals = s.bank_totals();
    let retailer: Addr = s.addrs.retailer.clone();
    assert_eq!(
        s.balance(&retailer),
        totals.paid_out.u128(),
        "paid out vs retailer's balance"
    );
    let mut paid_in_tokens = 0u128;
    for who in PEOPLE {
        for p in s.payments(&s.consumer(who)) {
            assert_eq!(p.retailer, retailer);
            if p.source != PaymentSource::Credit {
                paid_in_tokens += p.amount.u128();
            }
        }
    }
    assert_eq!(
        paid_in_tokens,
        totals.paid_out.u128(),
        "payments vs paid out"
    );
    for (i, meter) in METERS.iter().enumerate() {
        s.assert_instalments_sound(meter);
        s.assert_readings_counted_once(meter);
        let state = s.meter_state(meter);
        assert_eq!(state.readings, model.readings[i], "{meter} reading count");
        let stored: u64 = s.readings(meter).iter().map(|r| r.energy_wh).sum();
        assert_eq!(stored, model.energy[i], "{meter} stored energy");
        assert_eq!(state.register_wh, model.energy[i], "{meter} register");
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_books_always_balance(ops in prop::collection::vec(op(), 10..=30)) {
        let mut model = Model::default();
        let mut s = world(&mut model);
        for op in &ops {
            run(&mut s, &mut model, op);
            check_invariants(&s, &model);
        }
    }
}

/// A fixed run through the same steps and checks: Alice's advances (7.00 on a contracted
/// 10.00) exceed her first bill, the excess becomes credit, and the credit pays her next
/// period's advances before any token moves.
#[test]
fn an_overpaid_period_becomes_credit_for_the_next() {
    let mut model = Model::default();
    let mut s = world(&mut model);
    let alice = s.consumer(PEOPLE[0]);
    let steps = [
        Op::Advance { seconds: 4 * HOUR },
        Op::Read {
            meter: 0,
            count: 24,
        },
        Op::Settle { limit: 5 },
        Op::Advance { seconds: 3 * HOUR },
        Op::Read {
            meter: 0,
            count: 24,
        },
        Op::Close { meter: 0 },
    ];
    for op in &steps {
        run(&mut s, &mut model, op);
        check_invariants(&s, &model);
    }
    let bill = s.bill(METERS[0], 0).unwrap().total.u128();
    let advances_paid = 3_00 + 4_00;
    assert!(
        bill < advances_paid,
        "the story needs a bill below the advances: {bill}"
    );
    assert_eq!(s.prepaid(&alice), 20_00 - advances_paid);
    // No final instalment: the advances covered the bill.
    let finals = s
        .period_instalments(METERS[0], 0)
        .into_iter()
        .filter(|i| i.kind == ledger_types::bank::InstalmentKind::Final)
        .count();
    assert_eq!(finals, 0);
    // The next period's advances are shares of this bill, paid from the credit first.
    let mut credit = advances_paid - bill;
    let mut from_credit = vec![];
    for share in [bill * 3_000 / 10_000, bill * 4_000 / 10_000] {
        let paid = share.min(credit);
        credit -= paid;
        if paid > 0 {
            from_credit.push(paid);
        }
    }
    assert_eq!(s.credit(METERS[0]), credit);
    let credit_payments: Vec<u128> = s
        .payments(&alice)
        .iter()
        .filter(|p| p.source == PaymentSource::Credit)
        .map(|p| p.amount.u128())
        .collect();
    assert_eq!(credit_payments, from_credit);
    assert_eq!(
        s.prepaid(&alice),
        20_00 - advances_paid,
        "credit moved no tokens"
    );
}
