//! Properties over random sequences of issuance (the market's, clamped; the generators' own,
//! for what is left) while readings keep arriving: the energy certified per (meter, hour)
//! never exceeds what the meter signed for there, and the certificates of a (meter, hour)
//! carry exactly its running total.

mod common;

use std::collections::BTreeMap;

use common::{DELAY, H0, H1, METERS, World};
use ledger_park_certificates::ContractError;
use ledger_testing::err;
use ledger_types::park::certificates::ExecuteMsg;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    /// The market issues these (buyer is Bob when true, meter index, second hour, Wh).
    Trade(Vec<(bool, usize, bool, u64)>),
    /// The meter's owner certifies the hour's unsold rest.
    Unsold { meter: usize, second_hour: bool },
    /// Time passes and the meters sign what has ended.
    Wait { seconds: u64 },
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    let trade = proptest::collection::vec(
        (any::<bool>(), 0usize..2, any::<bool>(), 1u64..15_000),
        1..4,
    )
    .prop_map(Op::Trade);
    let unsold = (0usize..2, any::<bool>())
        .prop_map(|(meter, second_hour)| Op::Unsold { meter, second_hour });
    let wait = (300u64..2_400).prop_map(|seconds| Op::Wait { seconds });
    proptest::collection::vec(prop_oneof![3 => trade, 2 => unsold, 2 => wait], 1..12)
}

fn check(world: &World) -> Result<(), TestCaseError> {
    let mut carried: BTreeMap<(String, u64), (u64, u32)> = BTreeMap::new();
    for c in world.all_certificates() {
        let entry = carried
            .entry((c.meter_id.clone(), c.hour_start))
            .or_default();
        entry.0 += c.energy_wh;
        entry.1 += 1;
    }
    for meter in METERS {
        for hour in [H0, H1] {
            let certified = world.meter_hour(meter, hour);
            prop_assert!(
                certified.certified_wh <= world.signed_wh(meter, hour),
                "{meter} {hour}: {} certified, {} signed",
                certified.certified_wh,
                world.signed_wh(meter, hour)
            );
            let (energy, count) = carried
                .get(&(meter.to_string(), hour))
                .copied()
                .unwrap_or_default();
            prop_assert_eq!(energy, certified.certified_wh);
            prop_assert_eq!(count, certified.certificates);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn certified_energy_never_exceeds_signed_generation(ops in ops()) {
        let mut world = World::new();
        // The first hour is signed; the second fills in as time passes.
        world.sign_until(H1 + 600);
        for op in ops {
            match op {
                Op::Trade(items) => {
                    let certificates = items
                        .iter()
                        .map(|&(bob, meter, second, wh)| {
                            let owner = if bob { "bob" } else { "alice" };
                            world.trade(owner, METERS[meter], if second { H1 } else { H0 }, wh)
                        })
                        .collect();
                    // The market's issuance never fails for the cap.
                    world.issue(certificates);
                }
                Op::Unsold { meter, second_hour } => {
                    let owner = world.person(["sol", "wendy"][meter]);
                    let hour_start = if second_hour { H1 } else { H0 };
                    let msg = ExecuteMsg::IssueUnsold { meter_id: METERS[meter].into(), hour_start };
                    if let Err(e) = world.try_execute(&owner, &msg) {
                        let got: ContractError = err(Err(e));
                        let issuable_at = hour_start + 3_600 + DELAY;
                        prop_assert!(
                            matches!(got, ContractError::NothingToCertify { .. })
                                || (matches!(got, ContractError::TooEarly { .. })
                                    && world.suite.now() < issuable_at),
                            "{:?}", got
                        );
                    }
                }
                Op::Wait { seconds } => {
                    let until = world.suite.now() + seconds;
                    world.sign_until(until);
                }
            }
            check(&world)?;
        }
    }
}
