//! The story of a Gold Standard solar batch: proposed by the project's developer, signed off
//! by a verifier, issued to two holders (one share retired at once), traded, retired by Bob on
//! behalf of the park member Carol, partly cancelled; the retirement certificates and
//! histories read back; an overlapping import refused whoever proposes it; then offered for
//! sale and bought-and-retired in one message for Carol against her meter's consumption.

mod common;

use common::{
    CAROL_METER, CLASS, History, PROJECT, VINTAGE_END, VINTAGE_START, World, attribute, terms,
};
use cosmwasm_std::Uint128;
use ledger_park_credits::ContractError;
use ledger_testing::err;
use ledger_types::park::credits::{
    Balance, BatchIssuance, BatchStatus, BatchTotals, ConsumptionClaim, ExecuteMsg, HistoryEntry,
    QueryMsg, RetiredThrough, RetirementTerms, RetirementsResponse, SellOrder, SerialHolder,
    SerialLookupResponse, Standard,
};

#[test]
fn a_verified_batch_is_traded_retired_on_behalf_of_a_member_and_never_imported_twice() {
    let mut world = World::new();
    let (developer, auditor) = (world.person("developer"), world.person("auditor"));
    let (alice, bob, carol) = (
        world.person("alice"),
        world.person("bob"),
        world.person("carol"),
    );

    // The developer proposes serials 1001..=2000: 900 tradable to Alice, 100 retired at
    // issuance by the developer for the cooperative's own claim.
    let mut issuance = vec![world.share("alice", 900)];
    issuance.push(BatchIssuance {
        recipient: developer.to_string(),
        tradable: 0,
        retired: 100,
        retirement: Some(terms("Kisumu Solar Cooperative", None)),
    });
    let msg = world.proposal(1_001, 2_000, issuance);
    let res = world.execute(&developer, &msg);
    let batch_id: u64 = attribute(&res, "batch_id").parse().unwrap();
    assert_eq!(attribute(&res, "action"), "propose_batch");
    let proposed = world.batch(batch_id);
    assert_eq!(proposed.status, BatchStatus::Proposed);
    assert_eq!(proposed.totals, BatchTotals::default());
    assert_eq!(
        world.balance(batch_id, "alice"),
        Balance {
            batch_id,
            tradable: 0,
            retired: 0
        }
    );

    // The verifier signs it off: the credits exist from now on, the sign-off on the batch.
    let res = world.execute(&auditor, &ExecuteMsg::ApproveBatch { batch_id });
    assert_eq!(attribute(&res, "action"), "approve_batch");
    let batch = world.batch(batch_id);
    assert_eq!(
        batch.status,
        BatchStatus::Issued {
            verifier: auditor.to_string(),
            verified_at: world.suite.now()
        }
    );
    assert_eq!(
        (batch.class_id.as_str(), batch.project_id.as_str()),
        (CLASS, PROJECT)
    );
    assert_eq!(batch.standard, Standard::GoldStandard);
    assert_eq!(
        batch.totals,
        BatchTotals {
            issued: 1_000,
            tradable: 900,
            retired: 100,
            cancelled: 0
        }
    );
    let at_issuance = world.retirement(1);
    assert_eq!(at_issuance.through, RetiredThrough::Issuance);
    assert_eq!(
        (at_issuance.holder.as_str(), at_issuance.amount),
        (developer.as_str(), 100)
    );

    // Alice sells 300 to Bob; Bob retires 120 by himself on behalf of Carol, the park member.
    world.execute(
        &alice,
        &ExecuteMsg::Transfer {
            batch_id,
            recipient: bob.to_string(),
            amount: 300,
            retire: None,
        },
    );
    let res = world.execute(
        &bob,
        &ExecuteMsg::Retire {
            batch_id,
            amount: 120,
            beneficiary: "Carol's bakery".into(),
            on_behalf_of: Some(carol.to_string()),
            jurisdiction: "KE-042".into(),
            reason: "offsetting the bakery's 2026 grid consumption".into(),
            consumption: None,
            product: None,
        },
    );
    let retirement_id: u64 = attribute(&res, "retirement_id").parse().unwrap();
    let certificate = world.retirement(retirement_id);
    assert_eq!(certificate.batch_id, batch_id);
    assert_eq!(certificate.holder, bob.to_string());
    assert_eq!(certificate.amount, 120);
    assert_eq!(certificate.beneficiary, "Carol's bakery");
    assert_eq!(certificate.on_behalf_of, Some(carol.to_string()));
    assert_eq!(certificate.jurisdiction, "KE-042");
    assert_eq!(certificate.through, RetiredThrough::Retire);
    assert_eq!(
        (certificate.vintage_start, certificate.vintage_end),
        (VINTAGE_START, VINTAGE_END)
    );
    let by_beneficiary: RetirementsResponse = world.query(&QueryMsg::RetirementsByBeneficiary {
        beneficiary: "Carol's bakery".into(),
        start_after: None,
        limit: None,
    });
    assert_eq!(by_beneficiary.retirements, vec![certificate.clone()]);
    assert_eq!(world.retirements_of("bob"), vec![certificate]);

    // Alice gives 50 to Carol retired on arrival; she cancels 10 of her own for an export.
    world.execute(
        &alice,
        &ExecuteMsg::Transfer {
            batch_id,
            recipient: carol.to_string(),
            amount: 50,
            retire: Some(terms("Carol's bakery", None)),
        },
    );
    world.execute(
        &alice,
        &ExecuteMsg::Cancel {
            batch_id,
            amount: 10,
            reason: "exported to another registry".into(),
        },
    );
    let carols = world.retirements_of("carol");
    assert_eq!(carols.len(), 1);
    assert_eq!(
        carols[0].through,
        RetiredThrough::Transfer {
            from: alice.to_string()
        }
    );
    assert_eq!(
        world.balance(batch_id, "alice"),
        Balance {
            batch_id,
            tradable: 540,
            retired: 0
        }
    );
    assert_eq!(
        world.balance(batch_id, "bob"),
        Balance {
            batch_id,
            tradable: 180,
            retired: 120
        }
    );
    assert_eq!(
        world.balance(batch_id, "carol"),
        Balance {
            batch_id,
            tradable: 0,
            retired: 50
        }
    );
    assert_eq!(
        world.batch(batch_id).totals,
        BatchTotals {
            issued: 1_000,
            tradable: 720,
            retired: 270,
            cancelled: 10
        }
    );

    // The batch's history, in one running order.
    let entries: Vec<HistoryEntry> = world
        .history(History::Batch(batch_id))
        .into_iter()
        .map(|e| e.entry)
        .collect();
    assert_eq!(entries.len(), 8);
    assert!(matches!(
        entries[0],
        HistoryEntry::Issued { tradable: 900, .. }
    ));
    assert!(matches!(
        entries[2],
        HistoryEntry::Retired { amount: 100, .. }
    ));
    assert!(matches!(
        entries[5],
        HistoryEntry::Transferred {
            amount: 50,
            retired: true,
            ..
        }
    ));
    assert!(matches!(
        entries[7],
        HistoryEntry::Cancelled { amount: 10, .. }
    ));
    let bobs: Vec<u64> = world
        .history(History::Holder("bob"))
        .iter()
        .map(|e| e.seq)
        .collect();
    assert_eq!(bobs, vec![4, 5]);

    // Serial 1500 is this batch's; an overlapping import is refused, even from another
    // issuer of another class under the same standard.
    let lookup: SerialLookupResponse = world.query(&QueryMsg::Serial {
        standard: Standard::GoldStandard,
        serial: 1_500,
    });
    assert_eq!(
        lookup.batch,
        Some(SerialHolder {
            batch_id,
            serial_first: 1_001,
            serial_last: 2_000
        })
    );
    let gsf = world.person("gsf");
    let admin = world.admin();
    world.execute(
        &admin,
        &ExecuteMsg::CreateClass {
            id: "GS-COOKSTOVES".into(),
            standard: Standard::GoldStandard,
            methodology: "GS TPDDTEC v3.1 (cookstoves)".into(),
            admin: gsf.to_string(),
            issuers: vec![bob.to_string()],
        },
    );
    world.execute(
        &bob,
        &ExecuteMsg::CreateProject {
            id: "nairobi-stoves".into(),
            class_id: "GS-COOKSTOVES".into(),
            jurisdiction: "KE".into(),
            developer: "Nairobi Stoves Ltd".into(),
            metadata: String::new(),
        },
    );
    let msg = ExecuteMsg::ProposeBatch {
        project_id: "nairobi-stoves".into(),
        vintage_start: VINTAGE_START,
        vintage_end: VINTAGE_END,
        serial_first: 1_990,
        serial_last: 2_100,
        issuance: vec![world.share("bob", 111)],
        metadata: String::new(),
    };
    let got: ContractError = err(world.try_execute(&bob, &msg));
    assert_eq!(
        got,
        ContractError::SerialOverlap {
            standard: "gold_standard".into(),
            first: 1_990,
            last: 2_100,
            batch_id,
            batch_first: 1_001,
            batch_last: 2_000,
        }
    );
    // The next range up is free.
    let next = world.issue(2_001, 2_100, vec![world.share("bob", 100)]);
    assert_eq!(world.balance(next, "bob").tradable, 100);

    // Alice offers 200 credits at 2 000 token units each; Bob buys 40 for Carol's bakery and
    // retires them in the same message, on behalf of Carol.
    let res = world.execute(
        &alice,
        &ExecuteMsg::Sell {
            batch_id,
            amount: 200,
            price: Uint128::new(2_000),
        },
    );
    let order_id: u64 = attribute(&res, "order_id").parse().unwrap();
    assert_eq!(world.balance(batch_id, "alice").tradable, 340);
    world.fund("bob", 100_000);
    let (alice_tokens, bob_tokens) = (world.suite.balance(&alice), world.suite.balance(&bob));
    let claim = ConsumptionClaim {
        meter_id: CAROL_METER.into(),
        period_from: VINTAGE_END,
        period_to: VINTAGE_END + 30 * 86_400,
    };
    let for_carol = RetirementTerms {
        consumption: Some(claim.clone()),
        ..terms("Carol's bakery", Some(carol.as_str()))
    };
    let res = world
        .try_buy("bob", 80_000, order_id, 40, Some(for_carol))
        .unwrap();
    let bought: u64 = attribute(&res, "retirement_id").parse().unwrap();
    let certificate = world.retirement(bought);
    assert_eq!(
        certificate.through,
        RetiredThrough::Purchase {
            order_id,
            seller: alice.to_string()
        }
    );
    assert_eq!(
        (certificate.holder.as_str(), certificate.amount),
        (bob.as_str(), 40)
    );
    assert_eq!(certificate.on_behalf_of, Some(carol.to_string()));
    assert_eq!(certificate.consumption, Some(claim));
    // The link read from the meter's side.
    let by_meter: RetirementsResponse = world.query(&QueryMsg::RetirementsByMeter {
        meter_id: CAROL_METER.into(),
        start_after: None,
        limit: None,
    });
    assert_eq!(by_meter.retirements, vec![certificate.clone()]);
    assert_eq!(world.suite.balance(&alice), alice_tokens + 80_000);
    assert_eq!(world.suite.balance(&bob), bob_tokens - 80_000);
    assert_eq!(world.suite.balance(&world.credits), 0);
    let order: SellOrder = world.query(&QueryMsg::SellOrder { id: order_id });
    assert_eq!(order.remaining, 160);
    assert_eq!(world.balance(batch_id, "bob").retired, 160);
    // The escrowed 160 are still tradable in the batch, in nobody's balance.
    assert_eq!(
        world.batch(batch_id).totals,
        BatchTotals {
            issued: 1_000,
            tradable: 680,
            retired: 310,
            cancelled: 10
        }
    );
    // Alice withdraws the rest.
    world.execute(&alice, &ExecuteMsg::CancelSellOrder { order_id });
    assert_eq!(world.balance(batch_id, "alice").tradable, 500);
    assert!(world.orders().is_empty());
}
