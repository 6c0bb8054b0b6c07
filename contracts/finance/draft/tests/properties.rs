//! Property test of the draft contract's books: random sequences of issues (with whole and
//! partial share plans), honest and forged endorsements, bank records (agreeing, disagreeing,
//! before or after their endorsement, repeated), time passing, expiries and cancellations,
//! checking after every step that
//!
//! - for every draft, locked at issue = released + still locked + clawed back, each equal to
//!   what a model computing the shares on its own expects;
//! - the totals are the sums over the drafts and the contract holds exactly what is locked;
//! - every endorsed hop's reconciliation is what the records posted for it say, whatever the
//!   order, and the drafts listed with discrepancies are exactly those with one;
//! - a refused action changes nothing;
//! - no value ever reaches or leaves an address while it is blacklisted (parties are blacklisted
//!   and cleared at random): its fund-token balance never moves while it is blacklisted, no draft
//!   is issued to a chain with a blacklisted holder or endorsed from or to one, nothing returns to
//!   a blacklisted issuer, and a blacklisted holder's draft can be clawed back by its issuer.

// Money is written as units_cents (100_000_00 is 100,000.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use std::collections::BTreeSet;

use cosmwasm_std::Addr;
use ledger_testing::{DAY, DraftParties, DraftSnapshot, Suite, SuiteBuilder, bank_record};
use ledger_types::admin::Role;
use ledger_types::draft::{DraftTerms, HopCheck, HopPlan};
use proptest::prelude::*;

/// Stage amounts of the projects, one stage each.
const AMOUNTS: [u128; 5] = [100_000_00, 33_333_33, 7, 1_000_000_00, 10_01];
/// Share plans over the chain (finance department, commercial bank, county fund, unit); a
/// plan shorter than the chain uses its last holders.
const PLANS: [&[u16]; 5] = [
    &[0, 0, 600, 9_400],
    &[1_000, 0, 2_000, 5_000],
    &[3_333, 3_333, 3_334],
    &[10_000],
    &[0, 0, 0, 1],
];

#[derive(Clone, Debug)]
enum Op {
    Issue {
        project: usize,
        plan: usize,
        days: u64,
    },
    /// The holder endorses honestly, or a stranger tries to.
    Endorse {
        draft: usize,
        honest: bool,
    },
    /// The bank posts a record for a hop: agreeing (`tamper` 0) or not (1: amount, 2: payee).
    Post {
        draft: usize,
        hop: usize,
        tamper: u8,
    },
    Advance {
        seconds: u64,
    },
    Expire {
        draft: usize,
    },
    /// The province cancels, or the county office tries to.
    Cancel {
        draft: usize,
        by_issuer: bool,
    },
    /// The blacklister blacklists a party (the province or a holder of the chain), or clears
    /// it when it is blacklisted.
    Blacklist {
        party: usize,
    },
    /// The province claws a draft back, or the county office tries to.
    Clawback {
        draft: usize,
        by_issuer: bool,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (0..AMOUNTS.len(), 0..PLANS.len(), 1u64..6)
            .prop_map(|(project, plan, days)| Op::Issue { project, plan, days }),
        8 => (0usize..5, prop::bool::weighted(0.85))
            .prop_map(|(draft, honest)| Op::Endorse { draft, honest }),
        4 => (0usize..5, 0usize..4, prop_oneof![4 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8)])
            .prop_map(|(draft, hop, tamper)| Op::Post { draft, hop, tamper }),
        2 => (3_600u64..2 * DAY).prop_map(|seconds| Op::Advance { seconds }),
        1 => (0usize..5).prop_map(|draft| Op::Expire { draft }),
        1 => (0usize..5, any::<bool>()).prop_map(|(draft, by_issuer)| Op::Cancel { draft, by_issuer }),
        2 => (0usize..5).prop_map(|party| Op::Blacklist { party }),
        1 => (0usize..5, prop::bool::weighted(0.8))
            .prop_map(|(draft, by_issuer)| Op::Clawback { draft, by_issuer }),
    ]
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum State {
    Active,
    Delivered,
    Closed,
}

/// What the test expects of one draft, computed without the contract.
#[derive(Debug)]
struct ModelDraft {
    id: u64,
    amount: u128,
    /// (holder, value, release) per hop.
    hops: Vec<(Addr, u128, u128)>,
    endorsed: usize,
    released: u128,
    clawed_back: u128,
    expires_at: u64,
    state: State,
    /// Per hop: the record posted for its serial, if any (tamper kind).
    posted: Vec<Option<u8>>,
}

impl ModelDraft {
    fn locked(&self) -> u128 {
        self.amount - self.released - self.clawed_back
    }

    /// Who holds the draft now (the issuer until the first endorsement).
    fn holder(&self, issuer: &Addr) -> Addr {
        if self.endorsed == 0 {
            issuer.clone()
        } else {
            self.hops[self.endorsed - 1].0.clone()
        }
    }

    fn expected_check(&self, hop: usize) -> HopCheck {
        if hop >= self.endorsed {
            return HopCheck::NotEndorsed;
        }
        match self.posted[hop] {
            None => HopCheck::MissingBankRecord,
            Some(0) => HopCheck::Reconciled,
            Some(_) => HopCheck::Mismatch {
                disagreements: vec![],
            },
        }
    }
}

/// Shares computed independently: rounded down, the last hop of a whole plan takes the rest.
fn model_hops(amount: u128, plan: &[u16], chain: &[Addr]) -> Vec<(Addr, u128, u128)> {
    let holders = &chain[chain.len() - plan.len()..];
    let whole = plan.iter().map(|b| u32::from(*b)).sum::<u32>() == 10_000;
    let mut remaining = amount;
    let mut out = vec![];
    for (i, (holder, bps)) in holders.iter().zip(plan).enumerate() {
        let release = if whole && i == plan.len() - 1 {
            remaining
        } else {
            amount * u128::from(*bps) / 10_000
        };
        out.push((holder.clone(), remaining, release));
        remaining -= release;
    }
    out
}

struct World {
    s: Suite,
    projects: Vec<u64>,
    issued: Vec<bool>,
    drafts: Vec<ModelDraft>,
    chain: Vec<Addr>,
    /// Parties blacklisted now.
    blacklisted: BTreeSet<Addr>,
}

fn world() -> World {
    let mut s = SuiteBuilder::new().with_drafts().build();
    let p = s.parties.clone();
    let operator = s.addrs.bank_operator.clone();
    let admin = s.addrs.administrator.clone();
    for (address, _) in p.roles() {
        s.register_participant(&admin, &address, "draft party", vec![Role::Consumer])
            .unwrap();
    }
    let total: u128 = AMOUNTS.iter().sum();
    s.deposit(&operator, "PROV-1", &p.province, total, false)
        .unwrap();
    let mut projects = vec![];
    for (i, amount) in AMOUNTS.iter().enumerate() {
        let app = s.application(&format!("project {i}"), &[*amount]);
        let id = s.applied_project(&p.county, app).unwrap();
        s.approve_all_levels(id, 1).unwrap();
        projects.push(id);
    }
    World {
        chain: vec![
            p.finance_department.clone(),
            p.commercial_bank.clone(),
            p.county_fund.clone(),
            p.unit.clone(),
        ],
        s,
        projects,
        issued: vec![false; AMOUNTS.len()],
        drafts: vec![],
        blacklisted: BTreeSet::new(),
    }
}

fn books(s: &Suite) -> (DraftSnapshot, Vec<(Addr, u128)>) {
    (s.draft_snapshot(), s.token_holders())
}

/// The `index`-th draft issued so far (modulo their number).
/// The draft's issuer (the province), or the county office, which may not close it.
fn issuer_or_not(p: &DraftParties, by_issuer: bool) -> Addr {
    if by_issuer {
        p.province.clone()
    } else {
        p.county.clone()
    }
}

fn pick(drafts: &mut [ModelDraft], index: usize) -> Option<&mut ModelDraft> {
    let n = drafts.len();
    if n == 0 {
        None
    } else {
        drafts.get_mut(index % n)
    }
}

fn serial(draft: u64, hop: usize) -> String {
    format!("D{draft}-H{hop}")
}

fn run(w: &mut World, op: &Op) {
    let before = books(&w.s);
    let p = w.s.parties.clone();
    let now = w.s.now();
    let banned = w.blacklisted.clone();
    let balances_of_banned: Vec<(Addr, u128)> =
        banned.iter().map(|a| (a.clone(), w.s.balance(a))).collect();
    let accepted = match *op {
        Op::Issue {
            project,
            plan,
            days,
        } => {
            let holders = &w.chain[w.chain.len() - PLANS[plan].len()..];
            let terms = DraftTerms {
                project_id: w.projects[project],
                stage: 1,
                hops: holders
                    .iter()
                    .zip(PLANS[plan])
                    .map(|(holder, bps)| HopPlan {
                        holder: holder.to_string(),
                        label: "holder".to_string(),
                        release_bps: *bps,
                    })
                    .collect(),
                final_recipients: vec![p.unit.to_string()],
                expires_at: now + days * DAY,
            };
            let res = w.s.issued_draft(&p.province, AMOUNTS[project], terms);
            let clean =
                !banned.contains(&p.province) && holders.iter().all(|h| !banned.contains(h));
            assert_eq!(res.is_ok(), !w.issued[project] && clean, "issue: {res:?}");
            if let Ok(id) = res {
                w.issued[project] = true;
                let hops = model_hops(AMOUNTS[project], PLANS[plan], &w.chain);
                w.drafts.push(ModelDraft {
                    id,
                    amount: AMOUNTS[project],
                    posted: vec![None; hops.len()],
                    hops,
                    endorsed: 0,
                    released: 0,
                    clawed_back: 0,
                    expires_at: now + days * DAY,
                    state: State::Active,
                });
                true
            } else {
                false
            }
        }
        Op::Endorse { draft, honest } => {
            let Some(d) = pick(&mut w.drafts, draft) else {
                return;
            };
            let holder = if d.endorsed == 0 {
                p.province.clone()
            } else {
                d.hops[d.endorsed - 1].0.clone()
            };
            let sender = if honest {
                holder
            } else {
                w.s.addrs.stranger.clone()
            };
            let Some((to, _, release)) = d.hops.get(d.endorsed).cloned() else {
                // Delivered (or closed after delivery): nothing left to endorse.
                let res = w.s.endorse(&sender, d.id, &p.unit, "X");
                assert!(res.is_err());
                return assert_eq!(books(&w.s), before);
            };
            let res = w.s.endorse(&sender, d.id, &to, &serial(d.id, d.endorsed));
            let ok = honest
                && d.state == State::Active
                && now < d.expires_at
                && !banned.contains(&sender)
                && !banned.contains(&to);
            assert_eq!(res.is_ok(), ok, "endorse {op:?}: {res:?}");
            if ok {
                d.endorsed += 1;
                d.released += release;
                if d.endorsed == d.hops.len() {
                    d.state = State::Delivered;
                }
            }
            ok
        }
        Op::Post { draft, hop, tamper } => {
            let Some(d) = pick(&mut w.drafts, draft) else {
                return;
            };
            let Some((to, value, _)) = d.hops.get(hop).cloned() else {
                return;
            };
            let from = if hop == 0 {
                p.province.clone()
            } else {
                d.hops[hop - 1].0.clone()
            };
            let (amount, payee) = match tamper {
                0 => (value, to),
                1 => (value + 1, to),
                _ => (value, p.county.clone()),
            };
            let operator = w.s.addrs.bank_operator.clone();
            let record = bank_record(d.id, &serial(d.id, hop), &from, &payee, amount, now);
            let res = w.s.post_bank_records(&operator, vec![record]);
            let ok = d.posted[hop].is_none();
            assert_eq!(res.is_ok(), ok, "post {op:?}: {res:?}");
            if ok {
                d.posted[hop] = Some(tamper);
            }
            ok
        }
        Op::Advance { seconds } => {
            w.s.advance_time(seconds);
            true
        }
        Op::Expire { draft } => {
            let Some(d) = pick(&mut w.drafts, draft) else {
                return;
            };
            let stranger = w.s.addrs.stranger.clone();
            let res = w.s.expire_draft(&stranger, d.id);
            let closable =
                d.state == State::Active || (d.state == State::Delivered && d.locked() > 0);
            let ok = closable && now >= d.expires_at && !banned.contains(&p.province);
            assert_eq!(res.is_ok(), ok, "expire {op:?}: {res:?}");
            if ok {
                d.clawed_back += d.locked();
                d.state = State::Closed;
            }
            ok
        }
        Op::Cancel { draft, by_issuer } => {
            let Some(d) = pick(&mut w.drafts, draft) else {
                return;
            };
            let sender = issuer_or_not(&p, by_issuer);
            let res = w.s.cancel_draft(&sender, d.id, "property test");
            let closable =
                d.state == State::Active || (d.state == State::Delivered && d.locked() > 0);
            let ok = by_issuer && closable && !banned.contains(&p.province);
            assert_eq!(res.is_ok(), ok, "cancel {op:?}: {res:?}");
            if ok {
                d.clawed_back += d.locked();
                d.state = State::Closed;
            }
            ok
        }
        Op::Blacklist { party } => {
            let parties = [
                p.province.clone(),
                p.finance_department.clone(),
                p.commercial_bank.clone(),
                p.county_fund.clone(),
                p.unit.clone(),
            ];
            let who = &parties[party % parties.len()];
            let blacklister = w.s.addrs.blacklister.clone();
            if w.blacklisted.remove(who) {
                w.s.unblacklist(&blacklister, who).unwrap();
            } else {
                w.s.blacklist(&blacklister, who, "property test").unwrap();
                w.blacklisted.insert(who.clone());
            }
            // Standing lives in the registry; the draft books do not move.
            assert_eq!(books(&w.s), before);
            true
        }
        Op::Clawback { draft, by_issuer } => {
            let Some(d) = pick(&mut w.drafts, draft) else {
                return;
            };
            let sender = issuer_or_not(&p, by_issuer);
            let res = w.s.execute_draft(
                &sender,
                &ledger_types::draft::ExecuteMsg::Clawback {
                    draft_id: d.id,
                    reason: "property test".to_string(),
                },
            );
            let closable =
                d.state == State::Active || (d.state == State::Delivered && d.locked() > 0);
            let ok = by_issuer
                && closable
                && banned.contains(&d.holder(&p.province))
                && !banned.contains(&p.province);
            assert_eq!(res.is_ok(), ok, "clawback {op:?}: {res:?}");
            if ok {
                d.clawed_back += d.locked();
                d.state = State::Closed;
            }
            ok
        }
    };
    // No value reached or left an address blacklisted during the step.
    for (address, balance) in balances_of_banned {
        assert_eq!(
            w.s.balance(&address),
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
    for m in &w.drafts {
        let d = w.s.draft(m.id).expect("draft");
        assert_eq!(
            d.amount,
            d.released + d.locked + d.clawed_back,
            "draft {} does not add up",
            d.id
        );
        assert_eq!(d.amount.u128(), m.amount);
        assert_eq!(d.released.u128(), m.released, "released of draft {}", d.id);
        assert_eq!(d.locked.u128(), m.locked(), "locked of draft {}", d.id);
        assert_eq!(
            d.clawed_back.u128(),
            m.clawed_back,
            "clawed back of {}",
            d.id
        );
        assert_eq!(d.endorsed as usize, m.endorsed);
        for (i, (hop, (to, value, release))) in d.hops.iter().zip(&m.hops).enumerate() {
            assert_eq!(
                (&hop.to, hop.value.u128(), hop.release.u128()),
                (to, *value, *release)
            );
            let expected = m.expected_check(i);
            match (&hop.check, &expected) {
                (HopCheck::Mismatch { disagreements }, HopCheck::Mismatch { .. }) => {
                    assert_eq!(disagreements.len(), 1, "{disagreements:?}")
                }
                (got, want) => assert_eq!(got, want, "hop {i} of draft {}", d.id),
            }
        }
    }
    w.s.assert_draft_books();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_draft_adds_up_at_every_step(ops in prop::collection::vec(op(), 1..60)) {
        let mut w = world();
        for op in &ops {
            run(&mut w, op);
        }
    }
}
