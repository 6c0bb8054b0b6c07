//! A three-tier supply chain: steel from a mine, a frame made of it, a bike made of the frame
//! and some steel of its own. The bike's footprint carries its inputs' emissions to the
//! micro-kgCO2e; a new steel footprint leaves the frame and the bike resting on a superseded
//! version until they publish again; anyone verifies a document against its on-chain hash and
//! reads the footprint in PACT's JSON shape.

mod common;

use common::{PERIOD_END, UNIT, World, document_hash};
use cosmwasm_std::Uint128;
use ledger_types::park::footprints::{
    Dependant, InputsTreeResponse, PfStatus, ProductsResponse, QueryMsg, VersionsResponse,
};

/// Steel: 2 kgCO2e per kg. Frame: 1.5 of its own plus 1.2 kg steel per kg. Bike: 10 of its
/// own, 2.500001 kg frame and 0.333333 kg steel per kg.
fn chain() -> World {
    let mut world = World::new();
    let steel = world.declaration("steel", 2 * UNIT, &[]);
    world.publish("mine", steel);
    let frame = world.declaration("frame", 1_500_000, &[("steel", 1, 1_200_000)]);
    world.publish("parts", frame);
    let bike = world.declaration(
        "bike",
        10 * UNIT,
        &[("frame", 1, 2_500_001), ("steel", 1, 333_333)],
    );
    world.publish("maker", bike);
    world
}

#[test]
fn the_finished_product_carries_its_inputs_emissions() {
    let world = chain();
    assert_eq!(world.attributed("steel"), 2_000_000);
    // 1.5 + 1.2 × 2.0 = 3.9
    assert_eq!(world.attributed("frame"), 3_900_000);
    // 10 + ⌈2.500001 × 3.9⌉ + 0.333333 × 2.0 = 10 + 9.750004 (9.7500039 rounded up) + 0.666666
    assert_eq!(world.attributed("bike"), 20_416_670);

    let bike = world.footprint("bike", None);
    let shares: Vec<(String, u128)> = bike
        .ledger
        .inputs
        .iter()
        .map(|i| (i.product_id.clone(), i.contribution.u128()))
        .collect();
    assert_eq!(
        shares,
        vec![("frame".into(), 9_750_004), ("steel".into(), 666_666)]
    );
    assert_eq!(bike.ledger.process_emissions, Uint128::new(10 * UNIT));
    assert_eq!(bike.ledger.company, world.company("maker").to_string());
    assert_eq!(bike.footprint.status, PfStatus::Active);
    assert_eq!(bike.footprint.pcf.p_cf_excluding_biogenic, "20.41667");

    // The inputs tree, depth first in product-id order, over two pages.
    let first = world.tree("bike", None, Some(2));
    let walk: Vec<(u32, u32, &str, &str)> = first
        .nodes
        .iter()
        .map(|n| {
            (
                n.position,
                n.depth,
                n.parent_product_id.as_str(),
                n.input.product_id.as_str(),
            )
        })
        .collect();
    assert_eq!(
        walk,
        vec![(1, 1, "bike", "frame"), (2, 2, "frame", "steel")]
    );
    assert!(first.has_more && !first.truncated);
    let rest = world.tree("bike", Some(2), Some(2));
    assert_eq!(rest.nodes.len(), 1);
    assert_eq!((rest.nodes[0].position, rest.nodes[0].depth), (3, 1));
    assert_eq!(rest.nodes[0].input.product_id, "steel");
    assert!(!rest.has_more);
    assert_eq!(rest.attributed_emissions, Uint128::new(20_416_670));

    // One level deep: the bike's own inputs only.
    let shallow: InputsTreeResponse = world.query(&QueryMsg::InputsTree {
        product_id: "bike".into(),
        version: Some(1),
        max_depth: Some(1),
        start_after: None,
        limit: None,
    });
    let inputs: Vec<&str> = shallow
        .nodes
        .iter()
        .map(|n| n.input.product_id.as_str())
        .collect();
    assert_eq!(inputs, vec!["frame", "steel"]);
    assert!(!shallow.has_more && !shallow.truncated);
}

#[test]
fn the_footprint_answers_in_pact_json() {
    let world = chain();
    // The contract answers with this type; its JSON is what a consumer reads.
    let answer = world.footprint("frame", None);
    let json = cosmwasm_std::to_json_string(&answer.footprint).unwrap();
    for field in [
        "\"specVersion\":\"2.2.0\"",
        "\"status\":\"Active\"",
        "\"companyIds\":[\"urn:example:company:frame\"]",
        "\"productIds\":[\"frame\"]",
        "\"productCategoryCpc\":\"4125\"",
        "\"declaredUnit\":\"kilogram\"",
        "\"unitaryProductAmount\":\"1\"",
        "\"pCfExcludingBiogenic\":\"3.9\"",
        "\"fossilGhgEmissions\":\"1.5\"",
        "\"referencePeriodEnd\":\"2026-01-01T00:00:00Z\"",
        "\"technologicalDQR\":\"1.5\"",
    ] {
        assert!(json.contains(field), "{field} missing from {json}");
    }
    assert_eq!(
        world
            .footprint("frame", None)
            .footprint
            .pcf
            .reference_period_end,
        ledger_types::park::footprints::iso8601(PERIOD_END)
    );
}

#[test]
fn a_suppliers_new_version_leaves_downstream_footprints_on_a_superseded_input() {
    let mut world = chain();
    assert!(world.dependants("steel", true).dependants.is_empty());

    let steel = world.declaration("steel", 1_800_000, &[]);
    world.publish("mine", steel);
    let old = world.footprint("steel", Some(1));
    assert_eq!(old.footprint.status, PfStatus::Deprecated);
    assert_eq!(
        old.footprint.status_comment.as_deref(),
        Some("superseded by version 2")
    );
    assert_eq!(old.ledger.superseded_by, Some(2));
    assert_eq!(world.attributed("steel"), 1_800_000);
    // Footprints rest on versions: the frame and the bike keep what they attributed.
    assert_eq!(world.attributed("frame"), 3_900_000);
    assert_eq!(world.attributed("bike"), 20_416_670);
    assert!(world.footprint("frame", None).ledger.inputs[0].superseded);

    let stale = |world: &World, product: &str| -> Vec<(u32, String, u32)> {
        world
            .dependants(product, true)
            .dependants
            .into_iter()
            .map(|d: Dependant| {
                assert!(d.superseded_input);
                (d.input_version, d.product_id, d.version)
            })
            .collect()
    };
    assert_eq!(
        stale(&world, "steel"),
        vec![(1, "bike".into(), 1), (1, "frame".into(), 1)]
    );

    // The frame's maker moves to steel v2: the frame drops out, and the bike now rests on a
    // superseded frame as well as on old steel.
    let frame = world.declaration("frame", 1_500_000, &[("steel", 2, 1_200_000)]);
    world.publish("parts", frame);
    assert_eq!(world.attributed("frame"), 3_660_000);
    assert_eq!(stale(&world, "steel"), vec![(1, "bike".into(), 1)]);
    assert_eq!(stale(&world, "frame"), vec![(1, "bike".into(), 1)]);
    let all = world.dependants("steel", false);
    assert_eq!(all.current, 2);
    let current: Vec<(u32, &str, bool)> = all
        .dependants
        .iter()
        .map(|d| (d.input_version, d.product_id.as_str(), d.superseded_input))
        .collect();
    assert_eq!(current, vec![(1, "bike", true), (2, "frame", false)]);

    let versions: VersionsResponse = world.query(&QueryMsg::Versions {
        product_id: "steel".into(),
        start_after: None,
        limit: None,
    });
    let summary: Vec<(u32, Option<u32>, u128)> = versions
        .versions
        .iter()
        .map(|v| (v.version, v.superseded_by, v.attributed_emissions.u128()))
        .collect();
    assert_eq!(summary, vec![(1, Some(2), 2_000_000), (2, None, 1_800_000)]);
    assert!(!versions.has_more);
}

#[test]
fn anyone_verifies_a_document_by_its_hash() {
    let mut world = World::new();
    let mut steel = world.declaration("steel", 2 * UNIT, &[]);
    let document = r#"{"id":"…","productIds":["steel"],"pcf":{"pCfExcludingBiogenic":"2"}}"#;
    steel.document_sha256 = document_hash(document);
    world.publish("mine", steel);
    assert!(world.verify("steel", 1, document_hash(document)));
    let altered = document.replace("\"2\"", "\"1.9\"");
    assert!(!world.verify("steel", 1, document_hash(&altered)));

    let products: ProductsResponse = world.query(&QueryMsg::ByCompany {
        company: world.company("mine").to_string(),
        start_after: None,
        limit: None,
    });
    let listed: Vec<(&str, u32)> = products
        .products
        .iter()
        .map(|p| (p.product_id.as_str(), p.current))
        .collect();
    assert_eq!(listed, vec![("steel", 1)]);
}
