//! Property test of the loan-share contract's books: random sequences of plans (of various
//! offers, places, fee rates and windows), confirmations (honest, beyond the offer, at rates
//! out of range, paying too little or too much, by the contributor itself, twice by the same
//! lender), withdrawals, time passing, recharges, data service payments and redemptions,
//! checking after every step that
//!
//! - tokens are conserved: every balance is what a model moving the tokens on its own expects,
//!   the supply is the sum of the balances and minted minus burned, and the contract holds
//!   exactly the escrowed redemptions;
//! - the confirmations of a plan never add up to more than its offer, nor outnumber its places,
//!   and each paid exactly the plan's fee;
//! - an action is accepted exactly when the model says it should be, and a refused action
//!   changes nothing;
//! - no value ever reaches or leaves an address while it is blacklisted (lenders, the
//!   contributor and the data provider are blacklisted and cleared at random): its balance
//!   never moves, it is not recharged, pays and is paid no fee or data service, starts no
//!   redemption and is not paid out one it requested before (the tokens stay in escrow).

// Money is written as units_cents (100_000_00 is 100,000.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use std::collections::{BTreeMap, BTreeSet};

use cosmwasm_std::{Addr, Uint128};
use ledger_testing::{DAY, LoanShareSnapshot, Suite, SuiteBuilder, sample_applications};
use ledger_types::admin::Role;
use ledger_types::loan_share::fee_for;
use proptest::prelude::*;

const OFFERS: [u128; 5] = [1, 9_999, 10_000, 100_000_00, 33_333_33];
const FEE_RATES: [u32; 4] = [1, 3, 7, 10_000];
const START_BALANCE: u128 = 1_000_00;

#[derive(Clone, Debug)]
enum Amount {
    /// This percentage of what remains (at least 1).
    Share(u128),
    /// What remains plus this much.
    Beyond(u128),
    Zero,
}

#[derive(Clone, Debug)]
enum Op {
    Post {
        offer: usize,
        places: u32,
        fee: usize,
        later: bool,
        days: u64,
    },
    /// Lender 0..3 (3 is the contributor) confirms; `pay` -1, 0 or +1 against the fee.
    Confirm {
        who: usize,
        plan: usize,
        amount: Amount,
        rate: u32,
        pay: i8,
    },
    Withdraw {
        plan: usize,
        by_contributor: bool,
    },
    Advance {
        seconds: u64,
    },
    Recharge {
        who: usize,
        amount: u128,
    },
    PayData {
        who: usize,
        percent: u128,
    },
    RequestRedemption {
        who: usize,
        percent: u128,
    },
    Redeem {
        request: usize,
    },
    /// The blacklister blacklists lender A, B, C, the contributor or the data provider, or
    /// clears it when it is blacklisted.
    Blacklist {
        party: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let amount = prop_oneof![
        8 => (1u128..=100).prop_map(Amount::Share),
        2 => (1u128..1_000).prop_map(Amount::Beyond),
        1 => Just(Amount::Zero),
    ];
    prop_oneof![
        2 => (0..OFFERS.len(), 1u32..4, 0..FEE_RATES.len(), prop::bool::weighted(0.2), 1u64..5)
            .prop_map(|(offer, places, fee, later, days)| Op::Post { offer, places, fee, later, days }),
        8 => (0usize..4, 0usize..6, amount, 1_790u32..2_010, prop_oneof![8 => Just(0i8), 1 => Just(-1i8), 1 => Just(1i8)])
            .prop_map(|(who, plan, amount, rate, pay)| Op::Confirm { who, plan, amount, rate, pay }),
        1 => (0usize..6, prop::bool::weighted(0.8))
            .prop_map(|(plan, by_contributor)| Op::Withdraw { plan, by_contributor }),
        2 => (3_600u64..2 * DAY).prop_map(|seconds| Op::Advance { seconds }),
        1 => (0usize..4, 1u128..500_00).prop_map(|(who, amount)| Op::Recharge { who, amount }),
        1 => (0usize..4, 0u128..=100).prop_map(|(who, percent)| Op::PayData { who, percent }),
        1 => (0usize..4, 0u128..=100).prop_map(|(who, percent)| Op::RequestRedemption { who, percent }),
        1 => (0usize..4).prop_map(|request| Op::Redeem { request }),
        2 => (0usize..5).prop_map(|party| Op::Blacklist { party }),
    ]
}

/// What the test expects of one plan, kept without the contract.
#[derive(Debug)]
struct ModelPlan {
    id: u64,
    offered: u128,
    places: u32,
    fee_rate: u32,
    start: u64,
    end: u64,
    confirmed: u128,
    participants: Vec<Addr>,
    withdrawn: bool,
}

struct World {
    s: Suite,
    /// Lenders A, B, C, then the contributor.
    lenders: Vec<Addr>,
    contributor: Addr,
    provider: Addr,
    issuer: Addr,
    balances: BTreeMap<Addr, u128>,
    plans: Vec<ModelPlan>,
    /// (request id, amount, redeemed, holder)
    requests: Vec<(u64, u128, bool, Addr)>,
    /// Parties blacklisted now.
    banned: BTreeSet<Addr>,
    minted: u128,
    burned: u128,
    references: u64,
}

/// The index into `len` model entries that the generated `pick` stands for; none while
/// there are no entries.
fn pick(pick: usize, len: usize) -> Option<usize> {
    pick.checked_rem(len)
}

fn world() -> World {
    let mut s = SuiteBuilder::new().with_loan_share().build();
    let l = s.lenders();
    let lenders = vec![
        l.lender_a.clone(),
        l.lender_b.clone(),
        l.lender_c.clone(),
        l.contributor.clone(),
    ];
    let admin = s.addrs.administrator.clone();
    for (address, _) in l.roles() {
        s.register_participant(&admin, &address, "lender", vec![Role::Consumer])
            .unwrap();
    }
    let mut balances = BTreeMap::new();
    for (i, lender) in lenders.iter().enumerate() {
        s.recharge(&l.issuer, &format!("START-{i}"), lender, START_BALANCE)
            .unwrap();
        balances.insert(lender.clone(), START_BALANCE);
    }
    World {
        s,
        contributor: l.contributor.clone(),
        provider: l.data_provider.clone(),
        issuer: l.issuer.clone(),
        minted: START_BALANCE * lenders.len() as u128,
        lenders,
        balances,
        plans: vec![],
        requests: vec![],
        banned: BTreeSet::new(),
        burned: 0,
        references: 0,
    }
}

fn balance(w: &World, who: &Addr) -> u128 {
    w.balances.get(who).copied().unwrap_or_default()
}

fn move_tokens(w: &mut World, from: &Addr, to: &Addr, amount: u128) {
    *w.balances.entry(from.clone()).or_default() -= amount;
    *w.balances.entry(to.clone()).or_default() += amount;
}

fn books(s: &Suite) -> LoanShareSnapshot {
    s.loan_share_snapshot()
}

fn run(w: &mut World, op: &Op) {
    let before = books(&w.s);
    let now = w.s.now();
    let contract = w.s.loan_contract();
    let banned = w.banned.clone();
    let balances_of_banned: Vec<(Addr, u128)> = banned
        .iter()
        .map(|a| (a.clone(), w.s.loan_balance(a)))
        .collect();
    let accepted = match op.clone() {
        Op::Post {
            offer,
            places,
            fee,
            later,
            days,
        } => {
            let mut app = sample_applications()[(w.plans.len()) % 3].clone();
            app.asset_id = format!("P-{}", w.plans.len());
            app.amount = OFFERS[offer];
            let mut input = w.s.plan_of(&w.contributor, &app, OFFERS[offer], places);
            input.terms.fee_per_10k = FEE_RATES[fee];
            input.terms.start = if later { now + DAY } else { now };
            input.terms.end = input.terms.start + days * DAY;
            let (start, end) = (input.terms.start, input.terms.end);
            let res = w.s.posted_plan(&w.contributor.clone(), input);
            let ok = !banned.contains(&w.contributor);
            assert_eq!(res.is_ok(), ok, "post {op:?}: {res:?}");
            let Ok(id) = res else {
                return assert_eq!(books(&w.s), before);
            };
            w.plans.push(ModelPlan {
                id,
                offered: OFFERS[offer],
                places,
                fee_rate: FEE_RATES[fee],
                start,
                end,
                confirmed: 0,
                participants: vec![],
                withdrawn: false,
            });
            true
        }
        Op::Confirm {
            who,
            plan,
            amount,
            rate,
            pay,
        } => {
            let Some(index) = pick(plan, w.plans.len()) else {
                return;
            };
            let who = w.lenders[who].clone();
            let m = &w.plans[index];
            let remaining = m.offered - m.confirmed;
            let amount = match amount {
                Amount::Share(percent) => (remaining * percent / 100).max(1),
                Amount::Beyond(extra) => remaining + extra,
                Amount::Zero => 0,
            };
            let fee = fee_for(Uint128::new(amount), m.fee_rate).unwrap().u128();
            let sent = match pay {
                -1 => fee.saturating_sub(1),
                1 => fee + 1,
                _ => fee,
            };
            let ok = who != w.contributor
                && !m.withdrawn
                && m.start <= now
                && now < m.end
                && !m.participants.contains(&who)
                && (m.participants.len() as u32) < m.places
                && (1_800..=2_000).contains(&rate)
                && amount > 0
                && amount <= remaining
                && sent == fee
                && sent > 0
                && balance(w, &who) >= sent
                && !banned.contains(&who)
                && !banned.contains(&w.contributor);
            let id = m.id;
            let res = w.s.confirm_share_paying(&who, id, amount, rate, sent);
            assert_eq!(
                res.is_ok(),
                ok,
                "confirm {op:?} (amount {amount}, sent {sent}): {res:?}"
            );
            if ok {
                let contributor = w.contributor.clone();
                move_tokens(w, &who, &contributor, fee);
                let m = &mut w.plans[index];
                m.confirmed += amount;
                m.participants.push(who);
            }
            ok
        }
        Op::Withdraw {
            plan,
            by_contributor,
        } => {
            let Some(index) = pick(plan, w.plans.len()) else {
                return;
            };
            let sender = if by_contributor {
                w.contributor.clone()
            } else {
                w.lenders[0].clone()
            };
            let m = &w.plans[index];
            let ok = by_contributor && !m.withdrawn && now < m.end && m.participants.is_empty();
            let res = w.s.withdraw_plan(&sender, m.id);
            assert_eq!(res.is_ok(), ok, "withdraw {op:?}: {res:?}");
            if ok {
                w.plans[index].withdrawn = true;
            }
            ok
        }
        Op::Advance { seconds } => {
            w.s.advance_time(seconds);
            true
        }
        Op::Recharge { who, amount } => {
            let who = w.lenders[who].clone();
            w.references += 1;
            let reference = format!("PAY-{}", w.references);
            let issuer = w.issuer.clone();
            let res = w.s.recharge(&issuer, &reference, &who, amount);
            let ok = !banned.contains(&who);
            assert_eq!(res.is_ok(), ok, "recharge {op:?}: {res:?}");
            if ok {
                *w.balances.entry(who).or_default() += amount;
                w.minted += amount;
            }
            ok
        }
        Op::PayData { who, percent } => {
            let who = w.lenders[who].clone();
            let amount = balance(w, &who) * percent / 100;
            let provider = w.provider.clone();
            let res = w.s.pay_data_service(&who, amount, &provider, "REPORT-1");
            let ok = amount > 0 && !banned.contains(&who) && !banned.contains(&provider);
            assert_eq!(res.is_ok(), ok, "pay data {op:?}: {res:?}");
            if ok {
                move_tokens(w, &who, &provider, amount);
            }
            ok
        }
        Op::RequestRedemption { who, percent } => {
            let who = w.lenders[who].clone();
            let amount = balance(w, &who) * percent / 100;
            let res = w.s.request_loan_redemption(&who, amount, "ACCOUNT 1");
            let ok = amount > 0 && !banned.contains(&who);
            assert_eq!(res.is_ok(), ok, "request redemption {op:?}: {res:?}");
            if ok {
                move_tokens(w, &who, &contract, amount);
                let id = w.requests.len() as u64 + 1;
                w.requests.push((id, amount, false, who));
            }
            ok
        }
        Op::Redeem { request } => {
            let Some(index) = pick(request, w.requests.len()) else {
                return;
            };
            let (id, amount, redeemed, holder) = w.requests[index].clone();
            w.references += 1;
            let reference = format!("OUT-{}", w.references);
            let issuer = w.issuer.clone();
            let res = w.s.redeem_loan_tokens(&issuer, id, &reference);
            // A blacklisted holder is not paid out: the tokens stay in escrow.
            let ok = !redeemed && !banned.contains(&holder);
            assert_eq!(res.is_ok(), ok, "redeem {op:?}: {res:?}");
            if ok {
                *w.balances.entry(contract.clone()).or_default() -= amount;
                w.burned += amount;
                w.requests[index].2 = true;
            }
            ok
        }
        Op::Blacklist { party } => {
            let parties = [
                w.lenders[0].clone(),
                w.lenders[1].clone(),
                w.lenders[2].clone(),
                w.contributor.clone(),
                w.provider.clone(),
            ];
            let who = parties[party % parties.len()].clone();
            let blacklister = w.s.addrs.blacklister.clone();
            if w.banned.remove(&who) {
                w.s.unblacklist(&blacklister, &who).unwrap();
            } else {
                w.s.blacklist(&blacklister, &who, "property test").unwrap();
                w.banned.insert(who);
            }
            assert_eq!(books(&w.s), before);
            true
        }
    };
    // No value reached or left an address blacklisted during the step.
    for (address, balance) in balances_of_banned {
        assert_eq!(
            w.s.loan_balance(&address),
            balance,
            "{op:?} moved value of blacklisted {address}"
        );
    }
    if !accepted {
        assert_eq!(books(&w.s), before, "a refused {op:?} changed the books");
    }
    check(w);
}

fn check(w: &World) {
    for (who, expected) in &w.balances {
        assert_eq!(w.s.loan_balance(who), *expected, "balance of {who}");
    }
    let held: u128 = w.balances.values().sum();
    assert_eq!(
        w.s.loan_token_supply(),
        held,
        "supply vs the model's balances"
    );
    assert_eq!(held, w.minted - w.burned, "minted - burned");
    for m in &w.plans {
        let plan = w.s.plan(m.id).expect("plan").plan;
        assert_eq!(
            plan.confirmed.u128(),
            m.confirmed,
            "plan {} confirmed",
            m.id
        );
        assert!(
            plan.confirmed.u128() <= m.offered,
            "plan {} beyond its offer",
            m.id
        );
        let confirmations = w.s.plan_confirmations(m.id);
        let sum: u128 = confirmations.iter().map(|c| c.amount.u128()).sum();
        assert_eq!(sum, m.confirmed, "plan {} confirmations", m.id);
        assert_eq!(confirmations.len(), m.participants.len());
    }
    w.s.assert_loan_books();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn tokens_are_conserved_and_no_plan_is_confirmed_beyond_its_offer(
        ops in prop::collection::vec(op(), 1..50)
    ) {
        let mut w = world();
        for op in &ops {
            run(&mut w, op);
        }
    }
}
