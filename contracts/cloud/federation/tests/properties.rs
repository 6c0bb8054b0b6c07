//! Invariants of the cloud contract under random sequences of requests, acceptances,
//! rejections, releases, closes, top-ups, usage records, price changes and time, each action
//! allowed to fail as the contract decides. After every step:
//!
//! - no consumer's requested and running leases at a provider hold more than its quota, and
//!   what the contract counts as in use is exactly what those leases hold;
//! - escrow is conserved: every token received is billed, refunded or still in escrow, and the
//!   contract's balance is exactly what it holds; no token is created or lost anywhere;
//! - no lease is billed twice: one bill per closed lease, none for others, and the running
//!   totals are the sums of the bills.

mod common;

use std::collections::BTreeMap;

use common::{HOUR, World, attr};
use cosmwasm_std::Uint128;
use ledger_types::cloud::pricing::min_escrow;
use ledger_types::cloud::{
    BillTotals, CurrentPricesResponse, ExecuteMsg, Lease, LeaseStatus, Prices, QueryMsg, Quota,
    ReceiveMsg, Resources,
};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Request {
        consumer: usize,
        provider: usize,
        res: Resources,
        holding_hours: u64,
        prepaid_hours: u64,
    },
    Accept(usize),
    Reject(usize),
    Release {
        pick: usize,
        by_provider: bool,
    },
    Close(usize),
    TopUp {
        pick: usize,
        amount: u128,
    },
    Usage {
        pick: usize,
        gb: u64,
    },
    Publish {
        provider: usize,
        factor: u64,
        delay: u64,
    },
    Advance(u64),
}

fn op() -> impl Strategy<Value = Op> {
    let res =
        (1u32..6, 1u64..12, 0u64..200, 0u32..2).prop_map(|(vcpus, gib, disk, ips)| Resources {
            vcpus,
            memory_mib: gib * 1024,
            disk_gib: disk,
            public_ips: ips,
            gpus: 0,
        });
    prop_oneof![
        5 => (0usize..3, 1usize..3, res, 1u64..5, 1u64..4).prop_map(
            |(consumer, step, res, holding_hours, prepaid_hours)| Op::Request {
                consumer,
                provider: (consumer + step) % 3,
                res,
                holding_hours,
                prepaid_hours,
            }
        ),
        3 => any::<usize>().prop_map(Op::Accept),
        1 => any::<usize>().prop_map(Op::Reject),
        2 => (any::<usize>(), any::<bool>())
            .prop_map(|(pick, by_provider)| Op::Release { pick, by_provider }),
        2 => any::<usize>().prop_map(Op::Close),
        1 => (any::<usize>(), 1u128..2_000).prop_map(|(pick, amount)| Op::TopUp { pick, amount }),
        2 => (any::<usize>(), 0u64..50).prop_map(|(pick, gb)| Op::Usage { pick, gb }),
        1 => (0usize..3, 1u64..4, 0u64..3_600)
            .prop_map(|(provider, factor, delay)| Op::Publish { provider, factor, delay }),
        3 => (60u64..4 * HOUR).prop_map(Op::Advance),
    ]
}

/// Tight quotas, so that requests often meet them.
fn tight(vcpus: u32, gib: u64) -> Quota {
    Quota {
        max_holding_seconds: 4 * HOUR,
        vcpus,
        memory_mib: gib * 1024,
        disk_gib: 300,
        public_ips: 2,
        gpus: None,
    }
}

struct Run {
    w: World,
    /// Bills seen per lease (from the responses' `bill_lease` events).
    billed: BTreeMap<u64, u32>,
    supply: u128,
}

impl Run {
    /// A lease to act on: mostly one in `wanted` (so that actions often succeed), sometimes
    /// any (so that refusals are exercised too).
    fn lease(&self, pick: usize, wanted: &[LeaseStatus]) -> Option<Lease> {
        let leases = self.w.leases();
        let fitting: Vec<&Lease> = leases
            .iter()
            .filter(|l| wanted.contains(&l.status))
            .collect();
        if pick % 5 != 0 && !fitting.is_empty() {
            return Some(fitting[pick % fitting.len()].clone());
        }
        (!leases.is_empty()).then(|| leases[pick % leases.len()].clone())
    }

    fn current_prices(&self, provider: usize) -> Prices {
        let r: CurrentPricesResponse = self.w.query(&QueryMsg::CurrentPrices {
            start_after: None,
            limit: None,
        });
        r.prices
            .into_iter()
            .find(|v| v.provider == self.w.id(provider))
            .map(|v| v.prices)
            .unwrap_or_default()
    }

    fn apply(&mut self, op: Op) {
        let w = &mut self.w;
        let result = match op {
            Op::Request {
                consumer,
                provider,
                res,
                holding_hours,
                prepaid_hours,
            } => {
                let min = min_escrow(&res, &self.current_prices(provider), 3_600)
                    .unwrap()
                    .u128();
                let user = self.w.user(consumer);
                self.w.request(
                    &user,
                    provider,
                    res,
                    holding_hours * HOUR,
                    min * u128::from(prepaid_hours),
                )
            }
            Op::Accept(pick) => match self.lease(pick, &[LeaseStatus::Requested]) {
                Some(l) => {
                    let p = self.org(&l.provider);
                    self.w.accept(p, l.id)
                }
                None => return,
            },
            Op::Reject(pick) => match self.lease(pick, &[LeaseStatus::Requested]) {
                Some(l) => {
                    let admin = self.w.admin(self.org(&l.provider));
                    self.w.exec(
                        &admin,
                        &ExecuteMsg::RejectLease {
                            lease_id: l.id,
                            reason: "capacity".into(),
                        },
                    )
                }
                None => return,
            },
            Op::Release { pick, by_provider } => match self.lease(pick, &[LeaseStatus::Running]) {
                Some(l) => {
                    let sender = if by_provider {
                        self.w.admin(self.org(&l.provider))
                    } else {
                        l.payer.clone()
                    };
                    self.w.release(&sender, l.id)
                }
                None => return,
            },
            Op::Close(pick) => match self.lease(pick, &[LeaseStatus::Running]) {
                Some(l) => {
                    let anyone = self.w.s.addrs.stranger.clone();
                    self.w.close(&anyone, l.id)
                }
                None => return,
            },
            Op::TopUp { pick, amount } => {
                match self.lease(pick, &[LeaseStatus::Requested, LeaseStatus::Running]) {
                    Some(l) => {
                        let payer = l.payer.clone();
                        self.w
                            .send(&payer, amount, &ReceiveMsg::TopUp { lease_id: l.id })
                    }
                    None => return,
                }
            }
            Op::Usage { pick, gb } => match self.lease(pick, &[LeaseStatus::Running]) {
                Some(l) if l.started_at.is_some() => {
                    let started = l.started_at.unwrap_or_default();
                    let from = l.usage_until.max(started);
                    let end = self.w.s.now().min(started + l.holding_seconds);
                    if from >= end {
                        return;
                    }
                    let p = self.org(&l.provider);
                    let record = self.w.usage(p, l.id, l.usage_sequence + 1, gb, (from, end));
                    self.w.submit(vec![record])
                }
                _ => return,
            },
            Op::Publish {
                provider,
                factor,
                delay,
            } => {
                let base = common::prices(provider);
                let scaled = Prices {
                    per_vcpu_hour: base.per_vcpu_hour * factor,
                    per_memory_gib_hour: base.per_memory_gib_hour * factor,
                    per_gb_transferred: base.per_gb_transferred * factor,
                    ..base
                };
                let at = w.s.now() + delay;
                self.w.publish(provider, scaled, at)
            }
            Op::Advance(seconds) => {
                w.s.advance_time(seconds);
                return;
            }
        };
        if let Ok(res) = result {
            for event in res.events.iter().filter(|e| e.ty == "wasm") {
                let is_bill = event
                    .attributes
                    .iter()
                    .any(|a| a.key == "action" && a.value == "bill_lease");
                if is_bill {
                    let id: u64 = attr(&res, "lease_id").parse().unwrap();
                    *self.billed.entry(id).or_default() += 1;
                }
            }
        }
    }

    fn org(&self, id: &str) -> usize {
        self.w.orgs.iter().position(|o| o.id == id).unwrap()
    }

    fn check(&self) {
        let w = &self.w;
        let leases = w.leases();

        // Quotas hold, and in-use is exactly what the open leases hold.
        for p in 0..3 {
            for c in (0..3).filter(|c| *c != p) {
                let q = w.quota_of(p, c);
                let mut held = Resources::default();
                for l in leases.iter().filter(|l| {
                    l.status.is_open() && l.provider == w.id(p) && l.consumer == w.id(c)
                }) {
                    held.vcpus += l.resources.vcpus;
                    held.memory_mib += l.resources.memory_mib;
                    held.disk_gib += l.resources.disk_gib;
                    held.public_ips += l.resources.public_ips;
                    held.gpus += l.resources.gpus;
                }
                assert_eq!(q.in_use, held, "in use at {p} for {c}");
                assert!(held.vcpus <= q.quota.vcpus, "{held:?} over {:?}", q.quota);
                assert!(held.memory_mib <= q.quota.memory_mib);
                assert!(held.disk_gib <= q.quota.disk_gib);
                assert!(held.public_ips <= q.quota.public_ips);
                assert!(held.gpus <= q.quota.gpus.unwrap_or(0));
            }
        }

        // Escrow and the token are conserved.
        w.assert_escrow_conserved();
        assert_eq!(w.s.token_supply(), self.supply);

        // One bill per closed lease, none for any other; totals are the bills' sums.
        let mut all_bills = vec![];
        for p in 0..3 {
            all_bills.extend(w.provider_bills(p, None));
        }
        for l in &leases {
            let bills = all_bills.iter().filter(|b| b.lease_id == l.id).count();
            let expected = usize::from(l.status == LeaseStatus::Closed);
            assert_eq!(bills, expected, "bills of lease {}", l.id);
            assert!(self.billed.get(&l.id).copied().unwrap_or(0) as usize == expected);
        }
        let mut sum = BillTotals::default();
        let mut totals = BillTotals::default();
        for p in 0..3 {
            let t = w.provider_totals(p);
            totals.bills += t.bills;
            totals.amount += t.amount;
            totals.refunded += t.refunded;
        }
        for b in &all_bills {
            sum.bills += 1;
            sum.amount += b.amount;
            sum.refunded += b.refund;
        }
        assert_eq!(totals, sum);
        let e = w.escrow();
        assert_eq!(e.billed, sum.amount);
        let unbilled_refunds: Uint128 = leases
            .iter()
            .filter(|l| matches!(l.status, LeaseStatus::Rejected | LeaseStatus::Withdrawn))
            .map(|l| l.escrow)
            .sum();
        assert_eq!(e.refunded, sum.refunded + unbilled_refunds);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn quotas_escrow_and_bills_hold_at_every_step(
        quotas in proptest::collection::vec((2u32..10, 4u64..24), 6),
        ops in proptest::collection::vec(op(), 10..40),
    ) {
        let mut w = World::new();
        let mut pairs = vec![];
        for p in 0..3 {
            for c in (0..3).filter(|c| *c != p) {
                pairs.push((p, c));
            }
        }
        for ((p, c), (vcpus, gib)) in pairs.into_iter().zip(quotas) {
            w.set_quota(p, c, tight(vcpus, gib)).unwrap();
        }
        let supply = w.s.token_supply();
        let mut run = Run { w, billed: BTreeMap::new(), supply };
        run.check();
        for op in ops {
            run.apply(op);
            run.check();
        }
    }
}
