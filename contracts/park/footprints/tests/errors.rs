//! Every execute message refused for a sender who may not send it and for bad input, each with
//! the exact error and nothing changed (the contract's raw storage before and after).

mod common;

use common::{UNIT, World};
use cosmwasm_std::{Addr, Int128, Uint128, coins};
use cw_multi_test::Executor;
use ledger_contract_kit::GuardError;
use ledger_park_footprints::ContractError;
use ledger_testing::err;
use ledger_types::admin::ParticipantStatus;
use ledger_types::park::footprints::{
    CreditRetirement, DataQuality, Declaration, ExecuteMsg, InputUse, MAX_ID_LEN, MAX_IDS,
    MAX_INPUTS, MAX_TEXT_LEN,
};

fn refused(world: &mut World, sender: &Addr, msg: ExecuteMsg, expected: ContractError) {
    let before = world.snapshot();
    let got: ContractError = err(world.try_execute(sender, &msg));
    assert_eq!(got, expected, "{msg:?}");
    assert_eq!(world.snapshot(), before, "{msg:?} changed state");
}

fn publish(declaration: Declaration) -> ExecuteMsg {
    ExecuteMsg::Publish {
        footprint: Box::new(declaration),
    }
}

/// A world where the mine published steel v1 (2 kgCO2e per kg).
fn with_steel() -> World {
    let mut world = World::new();
    let steel = world.declaration("steel", 2 * UNIT, &[]);
    world.publish("mine", steel);
    world
}

#[test]
fn publishing_is_for_participants_in_good_standing_and_the_declaring_company() {
    let mut world = with_steel();
    let eve = world.suite.addr("eve");
    let frame = world.declaration("frame", UNIT, &[]);
    refused(
        &mut world,
        &eve,
        publish(frame.clone()),
        ContractError::NotAParticipant {
            address: eve.clone(),
        },
    );

    let parts = world.company("parts");
    let admin = world.suite.addrs.administrator.clone();
    world
        .suite
        .set_participant_status(&admin, &parts, ParticipantStatus::Suspended)
        .unwrap();
    refused(
        &mut world,
        &parts,
        publish(frame.clone()),
        ContractError::Guard(GuardError::Suspended {
            address: parts.clone(),
        }),
    );
    world
        .suite
        .set_participant_status(&admin, &parts, ParticipantStatus::Active)
        .unwrap();
    world.suite.blacklist(&admin, &parts, "fraud").unwrap();
    refused(
        &mut world,
        &parts,
        publish(frame),
        ContractError::Guard(GuardError::Blacklisted {
            address: parts.clone(),
            reason: "fraud".into(),
        }),
    );

    // Another company may not publish a version of the mine's steel.
    let maker = world.company("maker");
    let steel = world.declaration("steel", UNIT, &[]);
    let mine = world.company("mine");
    refused(
        &mut world,
        &maker,
        publish(steel),
        ContractError::NotDeclaringCompany {
            product_id: "steel".into(),
            company: mine,
            sender: maker.clone(),
        },
    );

    // Funds are refused before anything else.
    let funded = maker.clone();
    world.suite.app.init_modules(|router, _, storage| {
        router
            .bank
            .init_balance(storage, &funded, coins(1, "ustake"))
            .unwrap()
    });
    let frame = world.declaration("frame", UNIT, &[]);
    let before = world.snapshot();
    let got: ContractError = err(world.suite.app.execute_contract(
        maker,
        world.footprints.clone(),
        &publish(frame),
        &coins(1, "ustake"),
    ));
    assert_eq!(
        got,
        ContractError::Payment(cw_utils::PaymentError::NonPayable {})
    );
    assert_eq!(world.snapshot(), before);
}

#[test]
fn a_malformed_declaration_is_refused_with_what_is_wrong() {
    let mut world = with_steel();
    let parts = world.company("parts");
    type Change = fn(&mut Declaration);
    let long_id = "x".repeat(MAX_ID_LEN + 1);
    let cases: Vec<(Change, ContractError)> = vec![
        (
            |d| d.product_id = String::new(),
            ContractError::InvalidText {
                field: "product_id".into(),
                len: 0,
                max: MAX_ID_LEN,
            },
        ),
        (
            |d| d.pf_id = "not-a-uuid".into(),
            ContractError::InvalidPfId {
                pf_id: "not-a-uuid".into(),
            },
        ),
        (
            |d| d.spec_version = " 2.2.0".into(),
            ContractError::InvalidText {
                field: "spec_version".into(),
                len: 6,
                max: MAX_TEXT_LEN,
            },
        ),
        (
            |d| d.company_ids.clear(),
            ContractError::InvalidIdList {
                field: "company_ids".into(),
                len: 0,
                max: MAX_IDS,
            },
        ),
        (
            |d| d.product_ids = vec!["urn:other".into()],
            ContractError::ProductIdNotListed {
                product_id: "frame".into(),
            },
        ),
        (
            |d| d.pcf.unitary_product_amount = Uint128::zero(),
            ContractError::ZeroProductAmount {},
        ),
        (
            |d| d.pcf.reference_period_end = d.pcf.reference_period_start,
            ContractError::InvalidReferencePeriod {
                start: common::PERIOD_START,
                end: common::PERIOD_START,
            },
        ),
        (
            |d| {
                d.pcf.data_quality = Some(DataQuality {
                    coverage_percent: 100,
                    technological_dqr: 1_000,
                    temporal_dqr: 3_001,
                    geographical_dqr: 1_000,
                    completeness_dqr: 1_000,
                    reliability_dqr: 1_000,
                })
            },
            ContractError::InvalidDataQuality {
                field: "temporal_dqr".into(),
                given: 3_001,
            },
        ),
        (
            |d| d.document_sha256 = vec![7u8; 31].into(),
            ContractError::InvalidDocumentHash { len: 31 },
        ),
        (
            |d| d.inputs[0].product_id = "frame".into(),
            ContractError::SelfInput {
                product_id: "frame".into(),
            },
        ),
        (
            |d| {
                let again = d.inputs[0].clone();
                d.inputs.push(again)
            },
            ContractError::DuplicateInput {
                product_id: "steel".into(),
            },
        ),
        (
            |d| d.inputs[0].amount_per_unit = Uint128::zero(),
            ContractError::ZeroInputAmount {
                product_id: "steel".into(),
            },
        ),
        (
            |d| {
                d.inputs = (0..=MAX_INPUTS)
                    .map(|n| InputUse {
                        product_id: format!("input-{n}"),
                        version: 1,
                        amount_per_unit: Uint128::one(),
                    })
                    .collect()
            },
            ContractError::TooManyInputs {
                given: MAX_INPUTS + 1,
                max: MAX_INPUTS,
            },
        ),
        (
            |d| d.inputs[0].product_id = "copper".into(),
            ContractError::UnknownProduct {
                product_id: "copper".into(),
            },
        ),
        (
            |d| d.inputs[0].version = 2,
            ContractError::UnknownVersion {
                product_id: "steel".into(),
                version: 2,
                current: 1,
            },
        ),
        (
            |d| d.pcf.process_emissions = Uint128::MAX,
            ContractError::Overflow(cosmwasm_std::OverflowError::new(
                cosmwasm_std::OverflowOperation::Add,
            )),
        ),
    ];
    for (change, expected) in cases {
        let mut frame = world.declaration("frame", UNIT, &[("steel", 1, 1_200_000)]);
        change(&mut frame);
        refused(&mut world, &parts, publish(frame), expected);
    }

    let mut frame = world.declaration("frame", UNIT, &[]);
    frame.company_ids = vec![long_id.clone()];
    refused(
        &mut world,
        &parts,
        publish(frame),
        ContractError::InvalidText {
            field: "company_ids".into(),
            len: MAX_ID_LEN + 1,
            max: MAX_ID_LEN,
        },
    );

    // An input amount so large that its contribution overflows.
    let mut frame = world.declaration("frame", UNIT, &[("steel", 1, 1)]);
    frame.inputs[0].amount_per_unit = Uint128::MAX;
    refused(
        &mut world,
        &parts,
        publish(frame),
        ContractError::Overflow(cosmwasm_std::OverflowError::new(
            cosmwasm_std::OverflowOperation::Mul,
        )),
    );

    // A footprint id is used once in the whole ledger.
    let used = world.footprint("steel", Some(1)).footprint.id;
    let mut frame = world.declaration("frame", UNIT, &[]);
    frame.pf_id = used.clone();
    frame.pcf.pcf_including_biogenic = Int128::new(-5);
    refused(
        &mut world,
        &parts,
        publish(frame),
        ContractError::DuplicatePfId {
            pf_id: used,
            product_id: "steel".into(),
            version: 1,
        },
    );
}

#[test]
fn pausing_is_for_guardians_and_stops_publishing_until_resumed() {
    let mut world = with_steel();
    let mine = world.company("mine");
    refused(
        &mut world,
        &mine.clone(),
        ExecuteMsg::Pause {
            reason: "audit".into(),
        },
        ContractError::Guard(GuardError::NotGuardian {
            sender: mine.clone(),
        }),
    );
    let admin = world.suite.addrs.administrator.clone();
    world
        .try_execute(
            &admin,
            &ExecuteMsg::Pause {
                reason: "audit".into(),
            },
        )
        .unwrap();
    let now = world.suite.now();
    let steel = world.declaration("steel", UNIT, &[]);
    refused(
        &mut world,
        &mine,
        publish(steel.clone()),
        ContractError::Guard(GuardError::Paused {
            by: admin.clone(),
            since: now,
            reason: "audit".into(),
        }),
    );
    refused(
        &mut world,
        &mine,
        ExecuteMsg::Unpause {},
        ContractError::Guard(GuardError::NotAdminToUnpause {
            sender: mine.clone(),
        }),
    );
    world.try_execute(&admin, &ExecuteMsg::Unpause {}).unwrap();
    world.publish("mine", steel);
    assert_eq!(world.attributed("steel"), UNIT);
}

fn retirement(id: u64, product_id: &str, version: u32, amount: u64) -> CreditRetirement {
    CreditRetirement {
        retirement_id: id,
        product_id: product_id.into(),
        version,
        amount,
        batch_id: 1,
        holder: "holder".into(),
        beneficiary: "Mine Ltd".into(),
        on_behalf_of: None,
        retired_at: 1_767_225_600,
    }
}

#[test]
fn only_the_registry_administrator_links_the_credits_contract() {
    let mut world = with_steel();
    let mine = world.company("mine");
    refused(
        &mut world,
        &mine.clone(),
        ExecuteMsg::LinkCredits {
            address: mine.to_string(),
        },
        ContractError::NotRegistryAdmin { sender: mine },
    );
    let admin = world.suite.addrs.administrator.clone();
    let got: ContractError = err(world.try_execute(
        &admin,
        &ExecuteMsg::LinkCredits {
            address: "Not An Address".into(),
        },
    ));
    assert!(matches!(got, ContractError::Std(_)), "{got:?}");
}

#[test]
fn only_the_linked_credits_contract_records_retirements_against_published_versions() {
    let mut world = with_steel();
    let (admin, credits, mine) = (
        world.suite.addrs.administrator.clone(),
        world.company("parts"),
        world.company("mine"),
    );
    // Before any link, nobody records.
    refused(
        &mut world,
        &credits.clone(),
        ExecuteMsg::RecordRetirement {
            retirement: retirement(1, "steel", 1, 5),
        },
        ContractError::NotCreditsContract {
            sender: credits.clone(),
        },
    );
    world
        .try_execute(
            &admin,
            &ExecuteMsg::LinkCredits {
                address: credits.to_string(),
            },
        )
        .unwrap();
    refused(
        &mut world,
        &mine.clone(),
        ExecuteMsg::RecordRetirement {
            retirement: retirement(1, "steel", 1, 5),
        },
        ContractError::NotCreditsContract { sender: mine },
    );
    refused(
        &mut world,
        &credits,
        ExecuteMsg::RecordRetirement {
            retirement: retirement(1, "copper", 1, 5),
        },
        ContractError::UnknownProduct {
            product_id: "copper".into(),
        },
    );
    refused(
        &mut world,
        &credits,
        ExecuteMsg::RecordRetirement {
            retirement: retirement(1, "steel", 2, 5),
        },
        ContractError::UnknownVersion {
            product_id: "steel".into(),
            version: 2,
            current: 1,
        },
    );
    world
        .try_execute(
            &credits,
            &ExecuteMsg::RecordRetirement {
                retirement: retirement(1, "steel", 1, 5),
            },
        )
        .unwrap();
    refused(
        &mut world,
        &credits,
        ExecuteMsg::RecordRetirement {
            retirement: retirement(1, "steel", 1, 7),
        },
        ContractError::DuplicateRetirement {
            retirement_id: 1,
            product_id: "steel".into(),
        },
    );
    assert_eq!(world.footprint("steel", Some(1)).ledger.credits_retired, 5);
}
