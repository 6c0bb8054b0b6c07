//! Attribution over random supply-chain graphs: every footprint's attributed emissions equal
//! an independent recomputation (own emissions plus, per input, the amount times the input
//! version's attributed emissions, rounded up to the micro-kgCO2e), whatever the graph and
//! whichever suppliers publish new versions in between.

mod common;

use common::{COMPANIES, World};
use proptest::prelude::*;

/// A product to publish: its own emissions and (earlier product index, amount) inputs.
#[derive(Debug, Clone)]
struct Step {
    process: u64,
    inputs: Vec<(usize, u64)>,
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        (
            0u64..50_000_000,
            prop::collection::vec((any::<prop::sample::Index>(), 1u64..5_000_000), 0..4),
        ),
        1..12,
    )
    .prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(|(n, (process, inputs))| {
                // Inputs point at earlier steps only: the graph is a DAG by construction, as
                // the contract demands (an input must be published already).
                let mut chosen: Vec<(usize, u64)> = if n == 0 {
                    vec![]
                } else {
                    inputs.into_iter().map(|(i, a)| (i.index(n), a)).collect()
                };
                chosen.sort_by_key(|(i, _)| *i);
                chosen.dedup_by_key(|(i, _)| *i);
                Step {
                    process,
                    inputs: chosen,
                }
            })
            .collect()
    })
}

/// ⌈amount × per_unit / 10^6⌉ in plain u128 arithmetic: the model the contract is held to.
fn share(amount: u128, per_unit: u128) -> u128 {
    (amount * per_unit).div_ceil(1_000_000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn attributed_emissions_equal_a_recomputation(plan in steps(), republish in prop::collection::vec(any::<prop::sample::Index>(), 0..4)) {
        let mut world = World::new();
        // (product id, version) → attributed emissions, as the model computes them.
        let mut model: Vec<Vec<u128>> = Vec::new();
        let name = |n: usize| format!("product-{n:02}");
        let company = |n: usize| COMPANIES[n % COMPANIES.len()];
        for (n, step) in plan.iter().enumerate() {
            // Before each publication, a supplier may publish a new version of an earlier
            // product (its own emissions doubled, its inputs as they were).
            if let Some(pick) = republish.get(n).filter(|_| n > 0) {
                let earlier = pick.index(n);
                let previous = &plan[earlier];
                let inputs: Vec<(String, u32, u128)> = previous
                    .inputs
                    .iter()
                    .map(|(i, a)| (name(*i), model[*i].len() as u32, u128::from(*a)))
                    .collect();
                let borrowed: Vec<(&str, u32, u128)> =
                    inputs.iter().map(|(p, v, a)| (p.as_str(), *v, *a)).collect();
                let process = u128::from(previous.process) * 2;
                let declaration = world.declaration(&name(earlier), process, &borrowed);
                world.publish(company(earlier), declaration);
                let expected = inputs.iter().fold(process, |total, (p, v, a)| {
                    let index: usize = p[8..].parse().unwrap();
                    total + share(*a, model[index][*v as usize - 1])
                });
                model[earlier].push(expected);
            }
            // Each input uses the supplier's latest version.
            let inputs: Vec<(String, u32, u128)> = step
                .inputs
                .iter()
                .map(|(i, a)| (name(*i), model[*i].len() as u32, u128::from(*a)))
                .collect();
            let borrowed: Vec<(&str, u32, u128)> =
                inputs.iter().map(|(p, v, a)| (p.as_str(), *v, *a)).collect();
            let declaration = world.declaration(&name(n), u128::from(step.process), &borrowed);
            world.publish(company(n), declaration);
            let expected = step.inputs.iter().fold(u128::from(step.process), |total, (i, a)| {
                total + share(u128::from(*a), *model[*i].last().unwrap())
            });
            model.push(vec![expected]);
        }
        for (n, versions) in model.iter().enumerate() {
            for (v, expected) in versions.iter().enumerate() {
                let got = world.footprint(&name(n), Some(v as u32 + 1)).ledger.attributed_emissions.u128();
                prop_assert_eq!(got, *expected, "{} v{}", name(n), v + 1);
            }
            // The dependants index holds the current footprints only, and says which rest on a
            // superseded input version.
            let dependants = world.dependants(&name(n), false);
            for d in &dependants.dependants {
                let dependant: usize = d.product_id[8..].parse().unwrap();
                prop_assert_eq!(d.version as usize, model[dependant].len());
                prop_assert_eq!(d.superseded_input, (d.input_version as usize) < versions.len());
            }
        }
    }
}
