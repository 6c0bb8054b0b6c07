//! Credits retired against a product's footprint: at issuance, on arrival of a transfer, on
//! purchase and by the holder, across two footprint versions. Each retirement is listed by the
//! credits contract under the product and recorded once by the footprints contract, whose
//! totals per version and per product are the sums of the certificates that name them.

mod common;

use common::{World, attribute, terms};
use cosmwasm_std::Uint128;
use ledger_types::park::credits::{
    BatchIssuance, ExecuteMsg, ProductClaim, QueryMsg, RetiredThrough, RetirementTerms,
    RetirementsResponse,
};
use ledger_types::park::footprints::{FootprintResponse, QueryMsg as FootprintsQuery};

fn for_bracket(version: u32, on_behalf_of: Option<String>) -> RetirementTerms {
    RetirementTerms {
        on_behalf_of,
        product: Some(ProductClaim {
            product_id: "bracket".into(),
            version,
        }),
        ..terms("Carol's workshop", None)
    }
}

fn footprint(world: &World, version: u32) -> FootprintResponse {
    world
        .suite
        .app
        .wrap()
        .query_wasm_smart(
            &world.footprints,
            &FootprintsQuery::Footprint {
                product_id: "bracket".into(),
                version: Some(version),
            },
        )
        .unwrap()
}

#[test]
fn retirements_against_a_product_are_known_to_both_contracts_once_each() {
    let mut world = World::new();
    world.publish_footprint("carol", "bracket", 4);
    let (alice, carol) = (world.person("alice"), world.person("carol"));
    let carol_address = Some(carol.to_string());

    // Issuance: 10 of Carol's share retired against bracket v1 once the batch is signed off.
    let issuance = vec![
        world.share("alice", 90),
        BatchIssuance {
            recipient: carol.to_string(),
            tradable: 0,
            retired: 10,
            retirement: Some(for_bracket(1, None)),
        },
    ];
    let batch_id = world.issue(1, 100, issuance);

    // Transfer: Alice sends 5 to Carol, retired on arrival against v1.
    world.execute(
        &alice,
        &ExecuteMsg::Transfer {
            batch_id,
            recipient: carol.to_string(),
            amount: 5,
            retire: Some(for_bracket(1, None)),
        },
    );

    // Purchase: Carol buys 7 from Alice's order and retires them against v1 in one message.
    let res = world.execute(
        &alice,
        &ExecuteMsg::Sell {
            batch_id,
            amount: 20,
            price: Uint128::new(1_000),
        },
    );
    let order_id: u64 = attribute(&res, "order_id").parse().unwrap();
    world.fund("carol", 7_000);
    let res = world
        .try_buy("carol", 7_000, order_id, 7, Some(for_bracket(1, None)))
        .unwrap();
    let offset_total = res
        .events
        .iter()
        .find(|e| e.ty == "wasm-footprint_offset")
        .and_then(|e| e.attributes.iter().find(|a| a.key == "product_total"))
        .map(|a| a.value.clone());
    assert_eq!(offset_total.as_deref(), Some("22"));

    // A new version; Alice retires 3 of her own on Carol's behalf against it.
    world.publish_footprint("carol", "bracket", 3);
    world.execute(
        &alice,
        &ExecuteMsg::Retire {
            batch_id,
            amount: 3,
            beneficiary: "Carol's workshop".into(),
            on_behalf_of: carol_address.clone(),
            jurisdiction: "KE".into(),
            reason: "the brackets of 2026".into(),
            consumption: None,
            product: Some(ProductClaim {
                product_id: "bracket".into(),
                version: 2,
            }),
        },
    );

    // The credits side: four certificates under the product, each naming its version.
    let listed: RetirementsResponse = world.query(&QueryMsg::RetirementsByProduct {
        product_id: "bracket".into(),
        start_after: None,
        limit: Some(10),
    });
    let seen: Vec<(u64, u32, RetiredThrough)> = listed
        .retirements
        .iter()
        .map(|r| {
            let claim = r.product.as_ref().unwrap();
            assert_eq!(claim.product_id, "bracket");
            (r.amount, claim.version, r.through.clone())
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (10, 1, RetiredThrough::Issuance),
            (
                5,
                1,
                RetiredThrough::Transfer {
                    from: alice.to_string()
                }
            ),
            (
                7,
                1,
                RetiredThrough::Purchase {
                    order_id,
                    seller: alice.to_string()
                }
            ),
            (3, 2, RetiredThrough::Retire),
        ]
    );

    // The footprints side: the same four, once each, with totals that are their sums.
    let recorded = world.product_retirements("bracket").unwrap();
    let ids: Vec<u64> = recorded
        .retirements
        .iter()
        .map(|r| r.retirement_id)
        .collect();
    let listed_ids: Vec<u64> = listed.retirements.iter().map(|r| r.id).collect();
    assert_eq!(ids, listed_ids);
    assert_eq!(recorded.total, 25);
    assert_eq!(footprint(&world, 1).ledger.credits_retired, 22);
    assert_eq!(footprint(&world, 2).ledger.credits_retired, 3);
    assert_eq!(footprint(&world, 2).ledger.company, carol.to_string());
}
