//! Property test: random sequences of deposits, prepayments, token transfers, time passing,
//! period closings, settlements, operator payments, redemption requests and redemptions,
//! interleaved with blacklisting, clearing, suspending and reactivating the consumers and the
//! retailer, never move value to or from an address while it is blacklisted, never give a
//! suspended consumer new value, and conserve value:
//!
//! - across every step during which an address stays blacklisted, its token balance, its
//!   prepaid balance and its redemption escrow are unchanged;
//! - across every step during which a consumer stays suspended, neither its wallet nor its
//!   prepaid balance grows;
//! - after every step the token supply is the sum of all balances, the bank holds exactly the
//!   prepaid balances and the escrowed redemptions, minted minus burned is the supply, and
//!   every token the bank paid out is a recorded payment to the retailer.

// Money is written as units_cents (400_00 is 400.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::Addr;
use ledger_testing::HOUR;
use ledger_testing::tariffs::{self, FLAT};
use ledger_testing::{MeterSpec, Suite, SuiteBuilder};
use ledger_types::admin::ParticipantStatus;
use ledger_types::bank::{PaymentSource, RedemptionStatus};
use proptest::prelude::*;

const CONSUMERS: [&str; 2] = ["alice", "bob"];
const METERS: [&str; 2] = ["alice-meter", "bob-meter"];
/// Parties whose standing changes: the two consumers and (index 2) the retailer.
const PARTIES: usize = 3;

#[derive(Clone, Debug)]
enum Op {
    Deposit {
        who: usize,
        amount: u128,
        prepay: bool,
    },
    Prepay {
        who: usize,
        amount: u128,
    },
    /// A token transfer between two parties (consumers or the retailer).
    Transfer {
        from: usize,
        to: usize,
        amount: u128,
    },
    Advance {
        seconds: u64,
    },
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
    Redeem {
        index: usize,
    },
    ToggleBlacklist {
        who: usize,
    },
    ToggleSuspension {
        who: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0..CONSUMERS.len();
    let party = 0..PARTIES;
    prop_oneof![
        3 => (who.clone(), 1u128..3_000, any::<bool>())
            .prop_map(|(who, amount, prepay)| Op::Deposit { who, amount, prepay }),
        2 => (who.clone(), 1u128..2_000).prop_map(|(who, amount)| Op::Prepay { who, amount }),
        2 => (party.clone(), party.clone(), 1u128..1_500)
            .prop_map(|(from, to, amount)| Op::Transfer { from, to, amount }),
        4 => (HOUR / 2..8 * HOUR).prop_map(|seconds| Op::Advance { seconds }),
        2 => who.clone().prop_map(|meter| Op::Close { meter }),
        4 => (1u32..6).prop_map(|limit| Op::Settle { limit }),
        2 => (who.clone(), 1u128..300).prop_map(|(meter, amount)| Op::Pay { meter, amount }),
        1 => (who.clone(), 1u128..1_500)
            .prop_map(|(who, amount)| Op::RequestRedemption { who, amount }),
        1 => (0usize..8).prop_map(|index| Op::Redeem { index }),
        2 => party.clone().prop_map(|who| Op::ToggleBlacklist { who }),
        2 => party.prop_map(|who| Op::ToggleSuspension { who }),
    ]
}

#[derive(Default)]
struct Model {
    deposits: u32,
    blacklisted: [bool; PARTIES],
    suspended: [bool; PARTIES],
}

/// What the property compares of one party before and after a step.
#[derive(Debug, PartialEq)]
struct Holdings {
    wallet: u128,
    prepaid: u128,
    /// Escrowed redemption requests not yet redeemed: (id, amount).
    escrow: Vec<(u64, u128)>,
}

fn party(s: &Suite, index: usize) -> Addr {
    match index {
        i if i < CONSUMERS.len() => s.consumer(CONSUMERS[i]),
        _ => s.addrs.retailer.clone(),
    }
}

fn holdings(s: &Suite, address: &Addr) -> Holdings {
    Holdings {
        wallet: s.balance(address),
        prepaid: s.prepaid(address),
        escrow: s
            .redemptions()
            .into_iter()
            .filter(|r| r.holder == *address && r.status == RedemptionStatus::Requested)
            .map(|r| (r.id, r.amount.u128()))
            .collect(),
    }
}

/// Both consumers have a contracted amount (advances from the start) and periods of six
/// one-hour days; each starts with 15.00 prepaid and 10.00 in its wallet.
fn world() -> Suite {
    let mut s = SuiteBuilder::new()
        .with_day_cycle(6, HOUR)
        .with_tariff(tariffs::flat())
        .with_meter(MeterSpec::new(METERS[0], CONSUMERS[0], FLAT).contracted(10_00))
        .with_meter(MeterSpec::new(METERS[1], CONSUMERS[1], FLAT).contracted(6_00))
        .build();
    let operator = s.addrs.bank_operator.clone();
    for (i, who) in CONSUMERS.iter().enumerate() {
        let consumer = s.consumer(who);
        s.deposit(&operator, &format!("OPEN-P{i}"), &consumer, 15_00, true)
            .unwrap();
        s.deposit(&operator, &format!("OPEN-W{i}"), &consumer, 10_00, false)
            .unwrap();
    }
    s
}

fn run(s: &mut Suite, model: &mut Model, op: &Op) {
    let operator = s.addrs.bank_operator.clone();
    let stranger = s.addrs.stranger.clone();
    match *op {
        Op::Deposit {
            who,
            amount,
            prepay,
        } => {
            model.deposits += 1;
            let recipient = party(s, who);
            let res = s.deposit(
                &operator,
                &format!("REF-{}", model.deposits),
                &recipient,
                amount,
                prepay,
            );
            let barred = model.blacklisted[who] || model.suspended[who];
            assert_eq!(res.is_ok(), !barred, "{op:?}: {res:?}");
        }
        Op::Prepay { who, amount } => {
            let consumer = party(s, who);
            let affordable = s.balance(&consumer) >= amount;
            let res = s.prepay(&consumer, amount);
            let barred = model.blacklisted[who] || model.suspended[who];
            assert_eq!(res.is_ok(), affordable && !barred, "{op:?}: {res:?}");
        }
        Op::Transfer { from, to, amount } => {
            if from == to {
                return;
            }
            let (sender, recipient) = (party(s, from), party(s, to));
            let affordable = s.balance(&sender) >= amount;
            let res = s.transfer(&sender, &recipient, amount);
            let barred = model.blacklisted[from]
                || model.blacklisted[to]
                || model.suspended[from]
                || model.suspended[to];
            assert_eq!(res.is_ok(), affordable && !barred, "{op:?}: {res:?}");
        }
        Op::Advance { seconds } => s.advance_time(seconds),
        Op::Close { meter } => {
            // Whether the period may close is the meter contract's business; only the money
            // matters here.
            let id = METERS[meter];
            let period = s.meter_state(id).next_period_to_close;
            let _ = s.close_period(&stranger, id, period);
        }
        Op::Settle { limit } => {
            s.settle(&stranger, Some(limit)).unwrap();
        }
        Op::Pay { meter, amount } => {
            let res = s.make_payment(&operator, METERS[meter], amount);
            if model.blacklisted[meter] || model.blacklisted[2] {
                assert!(res.is_err(), "{op:?} paid: {res:?}");
            }
        }
        Op::RequestRedemption { who, amount } => {
            let holder = party(s, who);
            let affordable = s.balance(&holder) >= amount;
            let res = s.request_redemption(&holder, amount, "IBAN DE00 0000");
            let barred = model.blacklisted[who] || model.suspended[who];
            assert_eq!(res.is_ok(), affordable && !barred, "{op:?}: {res:?}");
        }
        Op::Redeem { index } => {
            let pending: Vec<(u64, Addr)> = s
                .redemptions()
                .into_iter()
                .filter(|r| r.status == RedemptionStatus::Requested)
                .map(|r| (r.id, r.holder))
                .collect();
            if pending.is_empty() {
                return;
            }
            let (id, holder) = pending[index % pending.len()].clone();
            let blacklisted = (0..PARTIES).any(|i| model.blacklisted[i] && party(s, i) == holder);
            let res = s.redeem(&operator, id, &format!("PAYOUT-{id}"));
            assert_eq!(res.is_ok(), !blacklisted, "{op:?}: {res:?}");
        }
        Op::ToggleBlacklist { who } => {
            let blacklister = s.addrs.blacklister.clone();
            let address = party(s, who);
            if model.blacklisted[who] {
                s.unblacklist(&blacklister, &address).unwrap();
            } else {
                s.blacklist(&blacklister, &address, "property test")
                    .unwrap();
            }
            model.blacklisted[who] = !model.blacklisted[who];
        }
        Op::ToggleSuspension { who } => {
            let admin = s.addrs.administrator.clone();
            let address = party(s, who);
            let status = if model.suspended[who] {
                ParticipantStatus::Active
            } else {
                ParticipantStatus::Suspended
            };
            s.set_participant_status(&admin, &address, status).unwrap();
            model.suspended[who] = !model.suspended[who];
        }
    }
}

fn check_conservation(s: &Suite) {
    s.assert_token_conservation();
    let totals = s.bank_totals();
    assert_eq!(
        totals.minted.u128() - totals.burned.u128(),
        s.token_supply(),
        "minted - burned vs supply"
    );
    let prepaid: u128 = s.prepaid_balances().iter().map(|p| p.balance.u128()).sum();
    assert_eq!(prepaid, totals.prepaid.u128(), "prepaid balances vs total");
    let retailer = s.addrs.retailer.clone();
    let mut paid = 0u128;
    for who in CONSUMERS {
        for p in s.payments(&s.consumer(who)) {
            assert_eq!(p.retailer, retailer);
            if p.source != PaymentSource::Credit {
                paid += p.amount.u128();
            }
        }
    }
    assert_eq!(paid, totals.paid_out.u128(), "payments vs paid out");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_value_reaches_or_leaves_a_blacklisted_address(ops in prop::collection::vec(op(), 10..=40)) {
        let mut model = Model::default();
        let mut s = world();
        for op in &ops {
            let before: Vec<Holdings> = (0..PARTIES).map(|i| holdings(&s, &party(&s, i))).collect();
            let was_blacklisted = model.blacklisted;
            let was_suspended = model.suspended;
            run(&mut s, &mut model, op);
            for i in 0..PARTIES {
                let after = holdings(&s, &party(&s, i));
                if was_blacklisted[i] && model.blacklisted[i] {
                    prop_assert_eq!(&after, &before[i], "{:?} moved value of blacklisted party {}", op, i);
                }
                if i < CONSUMERS.len() && was_suspended[i] && model.suspended[i] {
                    prop_assert!(after.wallet <= before[i].wallet, "{:?} paid suspended {}", op, i);
                    prop_assert!(after.prepaid <= before[i].prepaid, "{:?} prepaid for suspended {}", op, i);
                }
            }
            check_conservation(&s);
        }
        for meter in METERS {
            s.assert_instalments_sound(meter);
        }
    }
}
