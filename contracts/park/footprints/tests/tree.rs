//! The inputs tree's bounds: a ladder of products, each made of both products of the rung
//! below, doubles its tree with every rung, so that the walk reaches its node bound before
//! the tree's end and says so.

mod common;

use common::{UNIT, World};
use ledger_types::park::footprints::{
    InputsTreeResponse, MAX_TREE_DEPTH, MAX_TREE_NODES, QueryMsg,
};

fn tree(
    world: &World,
    product: &str,
    max_depth: Option<u32>,
    start_after: Option<u32>,
) -> InputsTreeResponse {
    world.query(&QueryMsg::InputsTree {
        product_id: product.into(),
        version: None,
        max_depth,
        start_after,
        limit: Some(100),
    })
}

#[test]
fn the_walk_stops_at_its_bounds_and_says_so() {
    let mut world = World::new();
    let rung = |n: u32, side: &str| format!("rung-{n}-{side}");
    for side in ["a", "b"] {
        let base = world.declaration(&rung(0, side), UNIT, &[]);
        world.publish("mine", base);
    }
    // Rungs 1..=MAX_TREE_DEPTH: the top's full tree has 2 + 4 + … + 2^MAX_TREE_DEPTH nodes.
    for n in 1..=MAX_TREE_DEPTH {
        let (a, b) = (rung(n - 1, "a"), rung(n - 1, "b"));
        for side in ["a", "b"] {
            let product = world.declaration(
                &rung(n, side),
                UNIT,
                &[(a.as_str(), 1, UNIT), (b.as_str(), 1, UNIT)],
            );
            world.publish("parts", product);
        }
    }
    let top = rung(MAX_TREE_DEPTH, "a");
    // Every rung doubles: 1 + 2 × (what the rung below carries).
    let expected: u128 = (1..=MAX_TREE_DEPTH).fold(1, |below, _| 1 + 2 * below);
    assert_eq!(world.attributed(&top) / UNIT, expected);

    // Three levels deep: 2 + 4 + 8 nodes, in one page.
    let shallow = tree(&world, &top, Some(3), None);
    assert_eq!(shallow.nodes.len(), 14);
    assert!(shallow.nodes.iter().all(|n| n.depth <= 3));
    assert!(!shallow.has_more && !shallow.truncated);

    // The whole tree (510 nodes) is more than one query walks: pages up to the node bound,
    // then the walk says it was cut short.
    let mut start_after = None;
    let mut positions = Vec::new();
    loop {
        let page = tree(&world, &top, None, start_after);
        positions.extend(page.nodes.iter().map(|n| n.position));
        if !page.has_more {
            assert!(page.truncated);
            break;
        }
        start_after = page.nodes.last().map(|n| n.position);
    }
    assert_eq!(positions, (1..=MAX_TREE_NODES).collect::<Vec<_>>());
    // A depth beyond the bound is clamped to it.
    let deepest = tree(
        &world,
        &top,
        Some(MAX_TREE_DEPTH + 5),
        Some(MAX_TREE_NODES - 10),
    );
    assert!(deepest.nodes.iter().all(|n| n.depth <= MAX_TREE_DEPTH));
}
