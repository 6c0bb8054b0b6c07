//! Properties over random sequences of imports (proposals of random serial ranges, some
//! signed off, some rejected), transfers (some retiring on arrival), retirements,
//! cancellations, sell orders, purchases (some retiring) and withdrawals: per batch,
//! `issued = tradable + retired + cancelled` at every step, and the holders' balances with
//! the credits escrowed in sell orders add up to the batch's totals; an import is refused
//! exactly when its range meets a range already held, so no serial is ever covered twice.

mod common;

use common::{World, attribute, terms};
use cosmwasm_std::{Addr, Uint128};
use ledger_park_credits::ContractError;
use ledger_testing::err;
use ledger_types::park::credits::{
    BatchStatus, BatchTotals, ExecuteMsg, QueryMsg, SerialLookupResponse, Standard,
};
use proptest::prelude::*;

const HOLDERS: [&str; 3] = ["alice", "bob", "carol"];

#[derive(Clone, Debug)]
enum Op {
    /// The developer proposes `[first, first + len - 1]`, split between two holders; the
    /// verifier approves it unless `reject`.
    Import {
        first: u64,
        len: u64,
        to: usize,
        reject: bool,
    },
    Transfer {
        batch: usize,
        from: usize,
        to: usize,
        amount: u64,
        retire: bool,
    },
    Retire {
        batch: usize,
        holder: usize,
        amount: u64,
    },
    Cancel {
        batch: usize,
        holder: usize,
        amount: u64,
    },
    Sell {
        batch: usize,
        holder: usize,
        amount: u64,
        price: u128,
    },
    /// Buys from the `order`-th open order (if any), paying the exact cost.
    Buy {
        order: usize,
        buyer: usize,
        amount: u64,
        retire: bool,
    },
    Withdraw {
        order: usize,
    },
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    let import = (
        0u64..400,
        1u64..80,
        0usize..3,
        proptest::bool::weighted(0.2),
    )
        .prop_map(|(first, len, to, reject)| Op::Import {
            first,
            len,
            to,
            reject,
        });
    let transfer = (0usize..4, 0usize..3, 0usize..3, 1u64..40, any::<bool>()).prop_map(
        |(batch, from, to, amount, retire)| Op::Transfer {
            batch,
            from,
            to,
            amount,
            retire,
        },
    );
    let retire = (0usize..4, 0usize..3, 1u64..40).prop_map(|(batch, holder, amount)| Op::Retire {
        batch,
        holder,
        amount,
    });
    let cancel = (0usize..4, 0usize..3, 1u64..40).prop_map(|(batch, holder, amount)| Op::Cancel {
        batch,
        holder,
        amount,
    });
    let sell =
        (0usize..4, 0usize..3, 1u64..40, 1u128..5).prop_map(|(batch, holder, amount, price)| {
            Op::Sell {
                batch,
                holder,
                amount,
                price,
            }
        });
    let buy = (0usize..3, 0usize..3, 1u64..30, any::<bool>()).prop_map(
        |(order, buyer, amount, retire)| Op::Buy {
            order,
            buyer,
            amount,
            retire,
        },
    );
    let withdraw = (0usize..3).prop_map(|order| Op::Withdraw { order });
    proptest::collection::vec(
        prop_oneof![
            3 => import, 3 => transfer, 2 => retire, 1 => cancel, 2 => sell, 2 => buy,
            1 => withdraw
        ],
        1..16,
    )
}

/// Every batch's totals balance, the holders' balances add up to them (no holder lists an
/// empty one), and the ranges held (proposed or issued) are pairwise apart and each found by a
/// serial lookup.
fn check(world: &World) -> Result<(), TestCaseError> {
    let batches = world.batches();
    let orders = world.orders();
    let mut held: Vec<(u64, u64, u64)> = Vec::new();
    for batch in &batches {
        let t = batch.totals;
        prop_assert_eq!(
            t.issued,
            t.tradable + t.retired + t.cancelled,
            "batch {}",
            batch.id
        );
        let escrowed: u64 = orders
            .iter()
            .filter(|o| o.batch_id == batch.id)
            .map(|o| o.remaining)
            .sum();
        let (tradable, retired) = HOLDERS.iter().fold((escrowed, 0), |(tr, re), h| {
            let b = world.balance(batch.id, h);
            (tr + b.tradable, re + b.retired)
        });
        prop_assert_eq!(
            (tradable, retired),
            (t.tradable, t.retired),
            "batch {}",
            batch.id
        );
        match batch.status {
            BatchStatus::Issued { .. } => {
                prop_assert_eq!(t.issued, batch.serial_last - batch.serial_first + 1)
            }
            BatchStatus::Proposed | BatchStatus::Rejected { .. } => {
                prop_assert_eq!(t, BatchTotals::default())
            }
        }
        if !matches!(batch.status, BatchStatus::Rejected { .. }) {
            held.push((batch.serial_first, batch.serial_last, batch.id));
        }
    }
    for holder in HOLDERS {
        for balance in world.balances(holder) {
            prop_assert!(
                balance.tradable + balance.retired > 0,
                "{holder} lists {balance:?}"
            );
        }
    }
    held.sort();
    for pair in held.windows(2) {
        prop_assert!(
            pair[0].1 < pair[1].0,
            "{:?} and {:?} overlap",
            pair[0],
            pair[1]
        );
    }
    for &(first, last, id) in &held {
        for serial in [first, last] {
            let lookup: SerialLookupResponse = world.query(&QueryMsg::Serial {
                standard: Standard::GoldStandard,
                serial,
            });
            prop_assert_eq!(lookup.batch.map(|b| b.batch_id), Some(id));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn totals_balance_and_no_serial_is_covered_twice(ops in ops()) {
        let mut world = World::new();
        for holder in HOLDERS {
            world.fund(holder, 1_000_000);
        }
        let (developer, auditor) = (world.person("developer"), world.person("auditor"));
        // Ranges of batches not rejected: the model the contract must agree with.
        let mut model: Vec<(u64, u64)> = Vec::new();
        let mut issued: Vec<u64> = Vec::new();
        for op in ops {
            match op {
                Op::Import { first, len, to, reject } => {
                    let last = first + len - 1;
                    let head = len / 2;
                    let mut shares = vec![world.share(HOLDERS[to], len - head)];
                    if head > 0 {
                        shares.push(world.share(HOLDERS[(to + 1) % 3], head));
                    }
                    let msg = world.proposal(first, last, shares);
                    let clash = model.iter().any(|&(f, l)| f <= last && first <= l);
                    match world.try_execute(&developer, &msg) {
                        Ok(res) => {
                            prop_assert!(!clash, "[{first}, {last}] accepted over {model:?}");
                            let id: u64 = attribute(&res, "batch_id").parse().unwrap();
                            let decision = if reject {
                                ExecuteMsg::RejectBatch { batch_id: id, reason: "no evidence".into() }
                            } else {
                                ExecuteMsg::ApproveBatch { batch_id: id }
                            };
                            world.execute(&auditor, &decision);
                            if !reject {
                                model.push((first, last));
                                issued.push(id);
                            }
                        }
                        Err(e) => {
                            let got: ContractError = err(Err(e));
                            prop_assert!(clash, "[{first}, {last}] refused: {got:?}");
                            prop_assert!(matches!(got, ContractError::SerialOverlap { .. }), "{got:?}");
                        }
                    }
                }
                Op::Transfer { batch, from, to, amount, retire } => {
                    let Some(&batch_id) = issued.get(batch) else { continue };
                    let sender = world.person(HOLDERS[from]);
                    let msg = ExecuteMsg::Transfer {
                        batch_id,
                        recipient: world.person(HOLDERS[to]).to_string(),
                        amount,
                        retire: retire.then(|| terms("Carol's bakery", Some("the park"))),
                    };
                    let available = world.balance(batch_id, HOLDERS[from]).tradable;
                    let res = world.try_execute(&sender, &msg);
                    prop_assert_eq!(res.is_ok(), from != to && amount <= available, "{:?}", res.err());
                }
                Op::Retire { batch, holder, amount } => {
                    let Some(&batch_id) = issued.get(batch) else { continue };
                    let sender = world.person(HOLDERS[holder]);
                    let available = world.balance(batch_id, HOLDERS[holder]).tradable;
                    let msg = ExecuteMsg::Retire {
                        batch_id,
                        amount,
                        beneficiary: "Carol's bakery".into(),
                        on_behalf_of: None,
                        jurisdiction: "KE".into(),
                        reason: "scope 2".into(),
                        consumption: None,
                        product: None,
                    };
                    let res = world.try_execute(&sender, &msg);
                    prop_assert_eq!(res.is_ok(), amount <= available, "{:?}", res.err());
                }
                Op::Cancel { batch, holder, amount } => {
                    let Some(&batch_id) = issued.get(batch) else { continue };
                    let sender = world.person(HOLDERS[holder]);
                    let available = world.balance(batch_id, HOLDERS[holder]).tradable;
                    let msg = ExecuteMsg::Cancel { batch_id, amount, reason: "export".into() };
                    let res = world.try_execute(&sender, &msg);
                    prop_assert_eq!(res.is_ok(), amount <= available, "{:?}", res.err());
                }
                Op::Sell { batch, holder, amount, price } => {
                    let Some(&batch_id) = issued.get(batch) else { continue };
                    let sender = world.person(HOLDERS[holder]);
                    let available = world.balance(batch_id, HOLDERS[holder]).tradable;
                    let msg = ExecuteMsg::Sell { batch_id, amount, price: Uint128::new(price) };
                    let res = world.try_execute(&sender, &msg);
                    prop_assert_eq!(res.is_ok(), amount <= available, "{:?}", res.err());
                }
                Op::Buy { order, buyer, amount, retire } => {
                    let Some(open) = world.orders().get(order).cloned() else { continue };
                    let paid = open.price.u128() * u128::from(amount);
                    let seller_tokens = world.suite.balance(&Addr::unchecked(&open.seller));
                    let retire = retire.then(|| terms("Carol's bakery", None));
                    let res = world.try_buy(HOLDERS[buyer], paid, open.id, amount, retire);
                    let own = world.person(HOLDERS[buyer]).as_str() == open.seller;
                    prop_assert_eq!(res.is_ok(), !own && amount <= open.remaining, "{:?}", res.err());
                    if res.is_ok() {
                        let now = world.suite.balance(&Addr::unchecked(&open.seller));
                        prop_assert_eq!(now, seller_tokens + paid);
                    }
                }
                Op::Withdraw { order } => {
                    let Some(open) = world.orders().get(order).cloned() else { continue };
                    let seller = Addr::unchecked(&open.seller);
                    world.execute(&seller, &ExecuteMsg::CancelSellOrder { order_id: open.id });
                }
            }
            prop_assert_eq!(world.suite.balance(&world.credits), 0);
            check(&world)?;
        }
    }
}
