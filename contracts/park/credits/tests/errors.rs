//! Every execute message refused for a sender who may not send it and for bad input, each with
//! the exact error and nothing changed (the whole [`common::Snapshot`] before and after).

mod common;

use common::{ALICE_PV, CAROL_METER, CLASS, PROJECT, VINTAGE_START, World, terms};
use cosmwasm_std::{Addr, Uint128};
use ledger_contract_kit::GuardError;
use ledger_park_credits::ContractError;
use ledger_testing::err;
use ledger_types::admin::ParticipantStatus;
use ledger_types::park::credits::{
    BatchIssuance, ConsumptionClaim, ExecuteMsg, MAX_HOLDERS, MAX_ID_LEN, MAX_ISSUERS,
    MAX_NAME_LEN, MAX_STANDARD_NAME_LEN, ProductClaim, ReceiveMsg, RetirementTerms, Standard,
};

fn refused(world: &mut World, sender: &Addr, msg: ExecuteMsg, expected: ContractError) {
    let before = world.snapshot();
    let got: ContractError = err(world.try_execute(sender, &msg));
    assert_eq!(got, expected, "{msg:?}");
    assert_eq!(world.snapshot(), before, "{msg:?} changed state");
}

/// A world with batch 1 (serials 1..=100) issued: 100 tradable credits Alice's.
fn with_a_batch() -> World {
    let mut world = World::new();
    let share = world.share("alice", 100);
    world.issue(1, 100, vec![share]);
    world
}

fn retire(amount: u64, jurisdiction: &str) -> ExecuteMsg {
    ExecuteMsg::Retire {
        batch_id: 1,
        amount,
        beneficiary: "Carol's bakery".into(),
        on_behalf_of: None,
        jurisdiction: jurisdiction.into(),
        reason: "scope 2".into(),
        consumption: None,
        product: None,
    }
}

#[test]
fn verifiers_are_the_registry_administrators_to_add_and_remove() {
    let mut world = World::new();
    let (admin, alice, dnv) = (world.admin(), world.person("alice"), world.person("dnv"));
    let add = |address: &Addr, standard: Standard| ExecuteMsg::AddVerifier {
        standard,
        address: address.to_string(),
    };
    refused(
        &mut world,
        &alice,
        add(&alice, Standard::Vcs),
        ContractError::NotRegistryAdmin {
            sender: alice.clone(),
        },
    );
    refused(
        &mut world,
        &admin,
        add(&dnv, Standard::GoldStandard),
        ContractError::VerifierExists {
            standard: "gold_standard".into(),
            address: dnv.clone(),
        },
    );
    refused(
        &mut world,
        &admin,
        add(&dnv, Standard::Other("Gold Standard".into())),
        ContractError::InvalidStandard {
            name: "Gold Standard".into(),
            max: MAX_STANDARD_NAME_LEN,
        },
    );
    let stranger = world.suite.addr("stranger");
    refused(
        &mut world,
        &admin,
        add(&stranger, Standard::Vcs),
        ContractError::NotAParticipant { address: stranger },
    );
    let remove = |address: &Addr| ExecuteMsg::RemoveVerifier {
        standard: Standard::GoldStandard,
        address: address.to_string(),
    };
    refused(
        &mut world,
        &dnv,
        remove(&dnv),
        ContractError::NotRegistryAdmin {
            sender: dnv.clone(),
        },
    );
    refused(
        &mut world,
        &admin,
        remove(&alice),
        ContractError::NotAVerifier {
            standard: "gold_standard".into(),
            address: alice.clone(),
        },
    );
    // Removed, dnv no longer signs off.
    world.execute(&admin, &remove(&dnv));
    let developer = world.person("developer");
    let msg = world.proposal(1, 10, vec![world.share("alice", 10)]);
    world.execute(&developer, &msg);
    refused(
        &mut world,
        &dnv,
        ExecuteMsg::ApproveBatch { batch_id: 1 },
        ContractError::NotAVerifier {
            standard: "gold_standard".into(),
            address: dnv.clone(),
        },
    );
}

#[test]
fn classes_and_issuers_are_refused_to_the_wrong_people_and_for_bad_shapes() {
    let mut world = World::new();
    let (admin, gsf, alice, developer) = (
        world.admin(),
        world.person("gsf"),
        world.person("alice"),
        world.person("developer"),
    );
    let class = |id: &str, methodology: &str, issuers: Vec<String>| ExecuteMsg::CreateClass {
        id: id.into(),
        standard: Standard::Vcs,
        methodology: methodology.into(),
        admin: gsf.to_string(),
        issuers,
    };
    refused(
        &mut world,
        &gsf,
        class("VCS-1", "VM0042", vec![]),
        ContractError::NotRegistryAdmin {
            sender: gsf.clone(),
        },
    );
    refused(
        &mut world,
        &admin,
        class("VCS 1", "VM0042", vec![]),
        ContractError::InvalidId {
            field: "class id".into(),
            id: "VCS 1".into(),
            max: MAX_ID_LEN,
        },
    );
    refused(
        &mut world,
        &admin,
        class("VCS-1", "  ", vec![]),
        ContractError::InvalidText {
            field: "methodology".into(),
            len: 0,
            max: 128,
        },
    );
    refused(
        &mut world,
        &admin,
        class(CLASS, "VM0042", vec![]),
        ContractError::ClassExists { id: CLASS.into() },
    );
    let many: Vec<String> = (0..=MAX_ISSUERS)
        .map(|i| world.suite.addr(&format!("issuer-{i}")).to_string())
        .collect();
    refused(
        &mut world,
        &admin,
        class("VCS-1", "VM0042", many),
        ContractError::TooManyIssuers {
            class_id: "VCS-1".into(),
            given: MAX_ISSUERS + 1,
            max: MAX_ISSUERS,
        },
    );
    refused(
        &mut world,
        &admin,
        class(
            "VCS-1",
            "VM0042",
            vec![alice.to_string(), alice.to_string()],
        ),
        ContractError::IssuersUnchanged {
            class_id: "VCS-1".into(),
            address: alice.clone(),
            problem: "it is an issuer already, or is named twice".into(),
        },
    );

    let update = |add: Vec<&Addr>, remove: Vec<&Addr>| ExecuteMsg::UpdateIssuers {
        class_id: CLASS.into(),
        add: add.into_iter().map(Addr::to_string).collect(),
        remove: remove.into_iter().map(Addr::to_string).collect(),
    };
    refused(
        &mut world,
        &developer,
        update(vec![&alice], vec![]),
        ContractError::NotClassAdmin {
            class_id: CLASS.into(),
            admin: gsf.clone(),
            sender: developer.clone(),
        },
    );
    refused(
        &mut world,
        &gsf,
        update(vec![&developer], vec![]),
        ContractError::IssuersUnchanged {
            class_id: CLASS.into(),
            address: developer.clone(),
            problem: "it is an issuer already, or is named twice".into(),
        },
    );
    refused(
        &mut world,
        &gsf,
        update(vec![], vec![&alice]),
        ContractError::IssuersUnchanged {
            class_id: CLASS.into(),
            address: alice.clone(),
            problem: "it is not an issuer, or is named twice".into(),
        },
    );
    refused(
        &mut world,
        &gsf,
        ExecuteMsg::UpdateIssuers {
            class_id: "GS-NONE".into(),
            add: vec![],
            remove: vec![],
        },
        ContractError::UnknownClass {
            id: "GS-NONE".into(),
        },
    );
    // The class's administrator swaps the developer for Alice: Alice may now propose.
    world.execute(&gsf, &update(vec![&alice], vec![&developer]));
    let msg = world.proposal(1, 10, vec![world.share("bob", 10)]);
    refused(
        &mut world,
        &developer,
        msg.clone(),
        ContractError::NotAnIssuer {
            class_id: CLASS.into(),
            sender: developer.clone(),
        },
    );
    world.execute(&alice, &msg);
}

#[test]
fn projects_are_for_issuers_with_a_jurisdiction_of_iso_shape() {
    let mut world = World::new();
    let (developer, alice) = (world.person("developer"), world.person("alice"));
    let project = |id: &str, class_id: &str, jurisdiction: &str| ExecuteMsg::CreateProject {
        id: id.into(),
        class_id: class_id.into(),
        jurisdiction: jurisdiction.into(),
        developer: "Lake Wind Ltd".into(),
        metadata: String::new(),
    };
    refused(
        &mut world,
        &alice,
        project("lake-wind", CLASS, "KE"),
        ContractError::NotAnIssuer {
            class_id: CLASS.into(),
            sender: alice.clone(),
        },
    );
    refused(
        &mut world,
        &developer,
        project("lake-wind", "GS-NONE", "KE"),
        ContractError::UnknownClass {
            id: "GS-NONE".into(),
        },
    );
    refused(
        &mut world,
        &developer,
        project("lake-wind", CLASS, "Kenya"),
        ContractError::InvalidJurisdiction {
            jurisdiction: "Kenya".into(),
        },
    );
    refused(
        &mut world,
        &developer,
        project(PROJECT, CLASS, "KE"),
        ContractError::ProjectExists { id: PROJECT.into() },
    );
    refused(
        &mut world,
        &developer,
        project("", CLASS, "KE"),
        ContractError::InvalidId {
            field: "project id".into(),
            id: String::new(),
            max: MAX_ID_LEN,
        },
    );
}

#[test]
fn proposals_are_refused_for_outsiders_and_every_bad_shape() {
    let mut world = World::new();
    let (developer, alice) = (world.person("developer"), world.person("alice"));
    let msg = world.proposal(1, 10, vec![world.share("alice", 10)]);
    refused(
        &mut world,
        &alice,
        msg,
        ContractError::NotAnIssuer {
            class_id: CLASS.into(),
            sender: alice.clone(),
        },
    );
    let proposal = |world: &World, f: &dyn Fn(&mut ExecuteMsg)| {
        let mut msg = world.proposal(1, 10, vec![world.share("alice", 10)]);
        f(&mut msg);
        msg
    };
    let cases: Vec<(ExecuteMsg, ContractError)> = vec![
        (
            proposal(&world, &|m| {
                if let ExecuteMsg::ProposeBatch { project_id, .. } = m {
                    *project_id = "nowhere".into();
                }
            }),
            ContractError::UnknownProject {
                id: "nowhere".into(),
            },
        ),
        (
            proposal(&world, &|m| {
                if let ExecuteMsg::ProposeBatch { vintage_end, .. } = m {
                    *vintage_end = VINTAGE_START;
                }
            }),
            ContractError::InvalidVintage {
                start: VINTAGE_START,
                end: VINTAGE_START,
            },
        ),
        (
            world.proposal(10, 9, vec![world.share("alice", 1)]),
            ContractError::InvalidSerialRange { first: 10, last: 9 },
        ),
        (
            world.proposal(1, 10, vec![world.share("alice", 9)]),
            ContractError::IssuanceMismatch {
                serials: 10,
                given: 9,
            },
        ),
        (
            world.proposal(1, 10, vec![]),
            ContractError::InvalidHolders {
                given: 0,
                max: MAX_HOLDERS,
            },
        ),
        (
            world.proposal(
                1,
                10,
                (0..=MAX_HOLDERS).map(|_| world.share("alice", 1)).collect(),
            ),
            ContractError::InvalidHolders {
                given: MAX_HOLDERS + 1,
                max: MAX_HOLDERS,
            },
        ),
        (
            world.proposal(
                1,
                10,
                vec![world.share("alice", 5), world.share("alice", 5)],
            ),
            ContractError::DuplicateHolder {
                recipient: alice.clone(),
            },
        ),
        (
            world.proposal(1, 10, vec![world.share("alice", 10), world.share("bob", 0)]),
            ContractError::ZeroAmount {
                field: format!("the issuance to {}", world.person("bob")),
            },
        ),
        (
            world.proposal(
                1,
                10,
                vec![BatchIssuance {
                    recipient: alice.to_string(),
                    tradable: 5,
                    retired: 5,
                    retirement: None,
                }],
            ),
            ContractError::MissingRetirement {
                recipient: alice.clone(),
                retired: 5,
            },
        ),
        (
            world.proposal(
                1,
                10,
                vec![BatchIssuance {
                    recipient: alice.to_string(),
                    tradable: 5,
                    retired: 5,
                    retirement: Some(RetirementTerms {
                        beneficiary: "x".repeat(MAX_NAME_LEN + 1),
                        ..terms("x", None)
                    }),
                }],
            ),
            ContractError::InvalidText {
                field: "beneficiary".into(),
                len: MAX_NAME_LEN + 1,
                max: MAX_NAME_LEN,
            },
        ),
        (
            world.proposal(
                1,
                10,
                vec![world.share_of(&world.suite.addr("stranger"), 10)],
            ),
            ContractError::NotAParticipant {
                address: world.suite.addr("stranger"),
            },
        ),
    ];
    for (msg, expected) in cases {
        refused(&mut world, &developer, msg, expected);
    }
}

#[test]
fn sign_off_is_a_third_party_verifiers_and_happens_once() {
    let mut world = World::new();
    let (developer, auditor, alice) = (
        world.person("developer"),
        world.person("auditor"),
        world.person("alice"),
    );
    let admin = world.admin();
    // The developer is made a verifier too: it still may not sign off its own proposal.
    world.execute(
        &admin,
        &ExecuteMsg::AddVerifier {
            standard: Standard::GoldStandard,
            address: developer.to_string(),
        },
    );
    let msg = world.proposal(1, 10, vec![world.share("alice", 10)]);
    world.execute(&developer, &msg);
    refused(
        &mut world,
        &alice,
        ExecuteMsg::ApproveBatch { batch_id: 1 },
        ContractError::NotAVerifier {
            standard: "gold_standard".into(),
            address: alice.clone(),
        },
    );
    refused(
        &mut world,
        &developer,
        ExecuteMsg::ApproveBatch { batch_id: 1 },
        ContractError::SelfVerification {
            batch_id: 1,
            verifier: developer.clone(),
        },
    );
    // Nor may the class's administrator, made a verifier of the standard.
    let gsf = world.person("gsf");
    world.execute(
        &admin,
        &ExecuteMsg::AddVerifier {
            standard: Standard::GoldStandard,
            address: gsf.to_string(),
        },
    );
    refused(
        &mut world,
        &gsf,
        ExecuteMsg::ApproveBatch { batch_id: 1 },
        ContractError::SelfVerification {
            batch_id: 1,
            verifier: gsf.clone(),
        },
    );
    refused(
        &mut world,
        &auditor,
        ExecuteMsg::ApproveBatch { batch_id: 9 },
        ContractError::UnknownBatch { id: 9 },
    );
    refused(
        &mut world,
        &alice,
        ExecuteMsg::RejectBatch {
            batch_id: 1,
            reason: "no monitoring report".into(),
        },
        ContractError::NotAVerifier {
            standard: "gold_standard".into(),
            address: alice.clone(),
        },
    );
    refused(
        &mut world,
        &auditor,
        ExecuteMsg::RejectBatch {
            batch_id: 1,
            reason: " ".into(),
        },
        ContractError::InvalidText {
            field: "reason".into(),
            len: 0,
            max: 256,
        },
    );
    // Credits of a batch awaiting sign-off do not move.
    refused(
        &mut world,
        &alice,
        retire(1, "KE"),
        ContractError::NotIssued {
            batch_id: 1,
            status: "proposed".into(),
        },
    );
    world.execute(&auditor, &ExecuteMsg::ApproveBatch { batch_id: 1 });
    refused(
        &mut world,
        &auditor,
        ExecuteMsg::ApproveBatch { batch_id: 1 },
        ContractError::NotProposed {
            batch_id: 1,
            status: "issued".into(),
        },
    );

    // A rejected proposal frees its range and can be signed off no more.
    let msg = world.proposal(11, 20, vec![world.share("alice", 10)]);
    world.execute(&developer, &msg);
    world.execute(
        &auditor,
        &ExecuteMsg::RejectBatch {
            batch_id: 2,
            reason: "no monitoring report".into(),
        },
    );
    refused(
        &mut world,
        &auditor,
        ExecuteMsg::ApproveBatch { batch_id: 2 },
        ContractError::NotProposed {
            batch_id: 2,
            status: "rejected".into(),
        },
    );
    world.execute(&developer, &msg);
}

#[test]
fn holders_move_only_what_they_have_to_participants_in_good_standing() {
    let mut world = with_a_batch();
    let (alice, bob) = (world.person("alice"), world.person("bob"));
    let transfer = |to: &Addr, amount: u64| ExecuteMsg::Transfer {
        batch_id: 1,
        recipient: to.to_string(),
        amount,
        retire: None,
    };
    refused(
        &mut world,
        &bob,
        transfer(&alice, 1),
        ContractError::InsufficientCredits {
            batch_id: 1,
            holder: bob.clone(),
            available: 0,
            requested: 1,
        },
    );
    refused(
        &mut world,
        &alice,
        transfer(&bob, 101),
        ContractError::InsufficientCredits {
            batch_id: 1,
            holder: alice.clone(),
            available: 100,
            requested: 101,
        },
    );
    refused(
        &mut world,
        &alice,
        transfer(&bob, 0),
        ContractError::ZeroAmount {
            field: "a transfer's amount".into(),
        },
    );
    refused(
        &mut world,
        &alice,
        transfer(&alice, 1),
        ContractError::TransferToSelf {
            holder: alice.clone(),
        },
    );
    let stranger = world.suite.addr("stranger");
    refused(
        &mut world,
        &alice,
        transfer(&stranger, 1),
        ContractError::NotAParticipant { address: stranger },
    );
    refused(
        &mut world,
        &alice,
        ExecuteMsg::Transfer {
            batch_id: 1,
            recipient: bob.to_string(),
            amount: 1,
            retire: Some(RetirementTerms {
                jurisdiction: "ke".into(),
                ..terms("Bob", None)
            }),
        },
        ContractError::InvalidJurisdiction {
            jurisdiction: "ke".into(),
        },
    );
    refused(
        &mut world,
        &alice,
        ExecuteMsg::Transfer {
            batch_id: 7,
            recipient: bob.to_string(),
            amount: 1,
            retire: None,
        },
        ContractError::UnknownBatch { id: 7 },
    );

    refused(
        &mut world,
        &bob,
        retire(1, "KE"),
        ContractError::InsufficientCredits {
            batch_id: 1,
            holder: bob.clone(),
            available: 0,
            requested: 1,
        },
    );
    refused(
        &mut world,
        &alice,
        retire(0, "KE"),
        ContractError::ZeroAmount {
            field: "a retirement's amount".into(),
        },
    );
    refused(
        &mut world,
        &alice,
        retire(1, "KE-"),
        ContractError::InvalidJurisdiction {
            jurisdiction: "KE-".into(),
        },
    );

    let cancel = |amount: u64, reason: &str| ExecuteMsg::Cancel {
        batch_id: 1,
        amount,
        reason: reason.into(),
    };
    refused(
        &mut world,
        &bob,
        cancel(1, "export"),
        ContractError::InsufficientCredits {
            batch_id: 1,
            holder: bob.clone(),
            available: 0,
            requested: 1,
        },
    );
    refused(
        &mut world,
        &alice,
        cancel(0, "export"),
        ContractError::ZeroAmount {
            field: "a cancellation's amount".into(),
        },
    );
    refused(
        &mut world,
        &alice,
        cancel(1, ""),
        ContractError::InvalidText {
            field: "reason".into(),
            len: 0,
            max: 256,
        },
    );
    // Retired credits are not tradable any more.
    world.execute(&alice, &retire(100, "KE"));
    refused(
        &mut world,
        &alice,
        cancel(1, "export"),
        ContractError::InsufficientCredits {
            batch_id: 1,
            holder: alice.clone(),
            available: 0,
            requested: 1,
        },
    );
}

#[test]
fn barred_participants_are_refused_before_anything_else() {
    let mut world = with_a_batch();
    let (alice, bob, auditor, developer) = (
        world.person("alice"),
        world.person("bob"),
        world.person("auditor"),
        world.person("developer"),
    );
    let blacklister = world.suite.addrs.blacklister.clone();
    world
        .suite
        .blacklist(&blacklister, &alice, "fraud")
        .unwrap();
    // Even a message that is bad in itself is refused for the sender's standing first.
    refused(
        &mut world,
        &alice,
        retire(0, "nowhere"),
        ContractError::Guard(GuardError::Blacklisted {
            address: alice.clone(),
            reason: "fraud".into(),
        }),
    );
    refused(
        &mut world,
        &bob,
        ExecuteMsg::Transfer {
            batch_id: 1,
            recipient: alice.to_string(),
            amount: 1,
            retire: None,
        },
        ContractError::Guard(GuardError::Blacklisted {
            address: alice.clone(),
            reason: "fraud".into(),
        }),
    );
    // A holder barred since the proposal holds up its sign-off.
    let msg = world.proposal(101, 110, vec![world.share("bob", 10)]);
    world.execute(&developer, &msg);
    let admin = world.admin();
    world
        .suite
        .set_participant_status(&admin, &bob, ParticipantStatus::Suspended)
        .unwrap();
    refused(
        &mut world,
        &auditor,
        ExecuteMsg::ApproveBatch { batch_id: 2 },
        ContractError::Guard(GuardError::Suspended {
            address: bob.clone(),
        }),
    );
    refused(
        &mut world,
        &bob,
        ExecuteMsg::Cancel {
            batch_id: 1,
            amount: 1,
            reason: "export".into(),
        },
        ContractError::Guard(GuardError::Suspended {
            address: bob.clone(),
        }),
    );
    world
        .suite
        .set_participant_status(&admin, &bob, ParticipantStatus::Active)
        .unwrap();
    world.execute(&auditor, &ExecuteMsg::ApproveBatch { batch_id: 2 });
}

#[test]
fn the_pause_stops_everything_but_itself() {
    let mut world = with_a_batch();
    let (admin, alice) = (world.admin(), world.person("alice"));
    refused(
        &mut world,
        &alice,
        ExecuteMsg::Pause {
            reason: "keys leaked".into(),
        },
        ContractError::Guard(GuardError::NotGuardian {
            sender: alice.clone(),
        }),
    );
    world.execute(
        &admin,
        &ExecuteMsg::Pause {
            reason: "keys leaked".into(),
        },
    );
    let now = world.suite.now();
    refused(
        &mut world,
        &alice,
        retire(1, "KE"),
        ContractError::Guard(GuardError::Paused {
            by: admin.clone(),
            since: now,
            reason: "keys leaked".into(),
        }),
    );
    refused(
        &mut world,
        &alice,
        ExecuteMsg::Unpause {},
        ContractError::Guard(GuardError::NotAdminToUnpause {
            sender: alice.clone(),
        }),
    );
    world.execute(&admin, &ExecuteMsg::Unpause {});
    world.execute(&alice, &retire(1, "KE"));
}

#[test]
fn sell_orders_escrow_only_what_the_seller_has_and_only_it_withdraws_them() {
    let mut world = with_a_batch();
    let (alice, bob) = (world.person("alice"), world.person("bob"));
    let sell = |batch_id: u64, amount: u64, price: u128| ExecuteMsg::Sell {
        batch_id,
        amount,
        price: Uint128::new(price),
    };
    refused(
        &mut world,
        &bob,
        sell(1, 10, 5),
        ContractError::InsufficientCredits {
            batch_id: 1,
            holder: bob.clone(),
            available: 0,
            requested: 10,
        },
    );
    refused(
        &mut world,
        &alice,
        sell(1, 0, 5),
        ContractError::ZeroAmount {
            field: "a sell order's amount".into(),
        },
    );
    refused(
        &mut world,
        &alice,
        sell(1, 10, 0),
        ContractError::ZeroPrice {},
    );
    refused(
        &mut world,
        &alice,
        sell(3, 10, 5),
        ContractError::UnknownBatch { id: 3 },
    );
    world.execute(&alice, &sell(1, 10, 5));
    refused(
        &mut world,
        &bob,
        ExecuteMsg::CancelSellOrder { order_id: 1 },
        ContractError::NotOrderSeller {
            order_id: 1,
            seller: alice.clone(),
            sender: bob.clone(),
        },
    );
    refused(
        &mut world,
        &alice,
        ExecuteMsg::CancelSellOrder { order_id: 2 },
        ContractError::UnknownOrder { id: 2 },
    );
}

#[test]
fn a_purchase_pays_exactly_in_the_settlement_token_for_what_the_order_holds() {
    let mut world = with_a_batch();
    let (alice, bob) = (world.person("alice"), world.person("bob"));
    world.execute(
        &alice,
        &ExecuteMsg::Sell {
            batch_id: 1,
            amount: 10,
            price: Uint128::new(500),
        },
    );
    world.fund("bob", 100_000);
    world.fund("alice", 100_000);
    let bought = |world: &mut World, name: &str, paid: u128, order: u64, amount: u64| {
        let before = world.snapshot();
        let got: ContractError = err(world.try_buy(name, paid, order, amount, None));
        assert_eq!(world.snapshot(), before, "a refused purchase changed state");
        got
    };
    assert_eq!(
        bought(&mut world, "bob", 4_999, 1, 10),
        ContractError::WrongPayment {
            amount: 10,
            price: Uint128::new(500),
            expected: Uint128::new(5_000),
            sent: Uint128::new(4_999),
        }
    );
    assert_eq!(
        bought(&mut world, "bob", 5_500, 1, 11),
        ContractError::OrderShort {
            order_id: 1,
            remaining: 10,
            requested: 11,
        }
    );
    assert_eq!(
        bought(&mut world, "bob", 500, 2, 1),
        ContractError::UnknownOrder { id: 2 }
    );
    assert_eq!(
        bought(&mut world, "bob", 1, 1, 0),
        ContractError::ZeroAmount {
            field: "a purchase's amount".into(),
        }
    );
    assert_eq!(
        bought(&mut world, "alice", 500, 1, 1),
        ContractError::OwnOrder {
            order_id: 1,
            buyer: alice.clone(),
        }
    );
    let before = world.snapshot();
    let got: ContractError = err(world.try_buy(
        "bob",
        500,
        1,
        1,
        Some(RetirementTerms {
            reason: String::new(),
            ..terms("Bob", None)
        }),
    ));
    assert_eq!(
        got,
        ContractError::InvalidText {
            field: "reason".into(),
            len: 0,
            max: 256,
        }
    );
    assert_eq!(world.snapshot(), before);

    // Only the settlement token's hook buys: a direct Receive, or another token, is refused.
    let token = world.suite.token.clone();
    let hook = cw20::Cw20ReceiveMsg {
        sender: bob.to_string(),
        amount: Uint128::new(500),
        msg: cosmwasm_std::to_json_binary(&ReceiveMsg::Buy {
            order_id: 1,
            amount: 1,
            retire: None,
        })
        .unwrap(),
    };
    refused(
        &mut world,
        &bob,
        ExecuteMsg::Receive(hook),
        ContractError::WrongToken {
            token: token.clone(),
            sender: bob.clone(),
        },
    );
    let admin = world.admin();
    let fake = world
        .suite
        .counterfeit_token(&admin, &bob, ("Fake", "FAKE"), 10_000);
    let before = world.snapshot();
    let credits = world.credits.clone();
    let got: ContractError = err(world.suite.cw20_send(
        &fake,
        &bob,
        &credits,
        500,
        &ReceiveMsg::Buy {
            order_id: 1,
            amount: 1,
            retire: None,
        },
    ));
    assert_eq!(
        got,
        ContractError::WrongToken {
            token,
            sender: fake,
        }
    );
    assert_eq!(world.snapshot(), before);

    // A seller barred since it listed cannot be paid, so its order cannot be bought.
    let blacklister = world.suite.addrs.blacklister.clone();
    world
        .suite
        .blacklist(&blacklister, &alice, "fraud")
        .unwrap();
    assert_eq!(
        bought(&mut world, "bob", 500, 1, 1),
        ContractError::Guard(GuardError::Blacklisted {
            address: alice.clone(),
            reason: "fraud".into(),
        })
    );
}

#[test]
fn a_retirement_offsets_only_a_consumption_meter_of_its_holder_or_whom_it_acts_for() {
    let mut world = with_a_batch();
    let (alice, carol) = (world.person("alice"), world.person("carol"));
    let bob_address = world.person("bob").to_string();
    let against =
        |meter_id: &str, from: u64, to: u64, on_behalf_of: Option<&Addr>| ExecuteMsg::Transfer {
            batch_id: 1,
            recipient: bob_address.clone(),
            amount: 1,
            retire: Some(RetirementTerms {
                on_behalf_of: on_behalf_of.map(Addr::to_string),
                consumption: Some(ConsumptionClaim {
                    meter_id: meter_id.into(),
                    period_from: from,
                    period_to: to,
                }),
                ..terms("Carol's bakery", None)
            }),
        };
    let bob = world.person("bob");
    let cases = vec![
        (
            against(CAROL_METER, 10, 10, Some(&carol)),
            ContractError::InvalidPeriod { from: 10, to: 10 },
        ),
        (
            against("no-such-meter", 0, 10, Some(&carol)),
            ContractError::UnknownMeter {
                meter_id: "no-such-meter".into(),
            },
        ),
        (
            against(ALICE_PV, 0, 10, Some(&alice)),
            ContractError::NotAConsumptionMeter {
                meter_id: ALICE_PV.into(),
            },
        ),
        // Bob, the recipient, retires in his own name without acting for Carol.
        (
            against(CAROL_METER, 0, 10, None),
            ContractError::NotMeterOwner {
                meter_id: CAROL_METER.into(),
                owner: carol.clone(),
                holder: bob.clone(),
            },
        ),
    ];
    for (msg, expected) in cases {
        refused(&mut world, &alice, msg, expected);
    }
    // Not while Carol is suspended or blacklisted: the claim would credit her.
    let blacklister = world.suite.addrs.blacklister.clone();
    let admin = world.admin();
    world
        .suite
        .set_participant_status(&admin, &carol, ParticipantStatus::Suspended)
        .unwrap();
    refused(
        &mut world,
        &alice,
        against(CAROL_METER, 0, 10, Some(&carol)),
        ContractError::Guard(GuardError::Suspended {
            address: carol.clone(),
        }),
    );
    world
        .suite
        .set_participant_status(&admin, &carol, ParticipantStatus::Active)
        .unwrap();
    world
        .suite
        .blacklist(&blacklister, &carol, "greenwashing")
        .unwrap();
    refused(
        &mut world,
        &alice,
        against(CAROL_METER, 0, 10, Some(&carol)),
        ContractError::Guard(GuardError::Blacklisted {
            address: carol.clone(),
            reason: "greenwashing".into(),
        }),
    );
    world.suite.unblacklist(&blacklister, &carol).unwrap();
    // Acting for Carol in good standing, the same retirement is accepted.
    world.execute(&alice, &against(CAROL_METER, 0, 10, Some(&carol)));
}

#[test]
fn a_retirement_offsets_only_a_published_footprint_of_its_holder_or_whom_it_acts_for() {
    let mut world = with_a_batch();
    world.publish_footprint("carol", "bracket", 4);
    let (alice, carol) = (world.person("alice"), world.person("carol"));
    let against =
        |product_id: &str, version: u32, on_behalf_of: Option<&Addr>| ExecuteMsg::Retire {
            batch_id: 1,
            amount: 2,
            beneficiary: "Carol's workshop".into(),
            on_behalf_of: on_behalf_of.map(Addr::to_string),
            jurisdiction: "KE".into(),
            reason: "the brackets of 2026".into(),
            consumption: None,
            product: Some(ProductClaim {
                product_id: product_id.into(),
                version,
            }),
        };
    let cases = vec![
        (
            against("bracket", 2, Some(&carol)),
            ContractError::UnknownFootprint {
                product_id: "bracket".into(),
                version: 2,
            },
        ),
        (
            against("gearbox", 1, Some(&carol)),
            ContractError::UnknownFootprint {
                product_id: "gearbox".into(),
                version: 1,
            },
        ),
        // Alice retires in her own name against Carol's product.
        (
            against("bracket", 1, None),
            ContractError::NotProductCompany {
                product_id: "bracket".into(),
                company: carol.to_string(),
                holder: alice.clone(),
            },
        ),
    ];
    for (msg, expected) in cases {
        refused(&mut world, &alice, msg, expected);
    }
    // Not while Carol is blacklisted: the claim would credit her.
    let blacklister = world.suite.addrs.blacklister.clone();
    world
        .suite
        .blacklist(&blacklister, &carol, "greenwashing")
        .unwrap();
    refused(
        &mut world,
        &alice,
        against("bracket", 1, Some(&carol)),
        ContractError::Guard(GuardError::Blacklisted {
            address: carol.clone(),
            reason: "greenwashing".into(),
        }),
    );
    world.suite.unblacklist(&blacklister, &carol).unwrap();
    // Acting for Carol, the same retirement is accepted and recorded on both sides.
    world.execute(&alice, &against("bracket", 1, Some(&carol)));
    let recorded = world.product_retirements("bracket").unwrap();
    assert_eq!(recorded.total, 2);

    // A contract without a footprints contract refuses every product claim.
    let mut world = World::without_footprints();
    let share = world.share("alice", 10);
    world.issue(1, 10, vec![share]);
    let alice = world.person("alice");
    refused(
        &mut world,
        &alice,
        against("bracket", 1, None),
        ContractError::NoFootprints {
            product_id: "bracket".into(),
        },
    );
}
