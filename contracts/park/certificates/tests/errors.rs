//! Every execute message refused for a sender who may not send it and for bad input, each with
//! the exact error and nothing changed (the whole [`common::Snapshot`] before and after).

mod common;

use common::{DELAY, H0, H1, SOLAR_HOUR_WH, VALIDITY, World, certificates_code};
use cosmwasm_std::Addr;
use cw_multi_test::Executor;
use ledger_contract_kit::GuardError;
use ledger_park_certificates::ContractError;
use ledger_testing::err;
use ledger_types::admin::ParticipantStatus;
use ledger_types::park::certificates::{
    ExecuteMsg, InstantiateMsg, MAX_BENEFICIARY_LEN, MAX_DIRECT_ISSUANCE_DELAY_SECONDS,
    MAX_ISSUE_BATCH, MAX_PURPOSE_LEN, MAX_VALIDITY_SECONDS, MAX_VERIFY_IDS, MIN_VALIDITY_SECONDS,
    QueryMsg, VerifyResponse,
};

fn refused(world: &mut World, sender: &Addr, msg: ExecuteMsg, expected: ContractError) {
    let before = world.snapshot();
    let got: ContractError = err(world.try_execute(sender, &msg));
    assert_eq!(got, expected, "{msg:?}");
    assert_eq!(world.snapshot(), before, "{msg:?} changed state");
}

fn claim(id: u64) -> ExecuteMsg {
    ExecuteMsg::Claim {
        id,
        beneficiary: "Alice's bakery".into(),
        purpose: "scope 2, market-based".into(),
        period_from: H0,
        period_to: H1,
    }
}

fn transfer(id: u64, to: &Addr) -> ExecuteMsg {
    ExecuteMsg::Transfer {
        id,
        recipient: to.to_string(),
    }
}

/// A world whose solar meter signed its first hour, with certificate 1 (5 kWh) Alice's.
fn with_a_certificate() -> World {
    let mut world = World::new();
    world.sign_until(H1);
    let c = world.trade("alice", "solar-1", H0, 5_000);
    world.issue(vec![c]);
    world
}

#[test]
fn instantiation_refuses_a_validity_and_a_delay_out_of_bounds() {
    let mut world = World::new();
    let code = certificates_code(&mut world.suite);
    let admin = world.suite.addrs.administrator.clone();
    let msg = |validity_seconds, direct_issuance_delay_seconds| InstantiateMsg {
        admin_contract: world.suite.admin.to_string(),
        market: world.market.to_string(),
        validity_seconds,
        direct_issuance_delay_seconds,
    };
    for (validity, delay, expected) in [
        (
            MIN_VALIDITY_SECONDS - 1,
            DELAY,
            ContractError::InvalidValidity {
                given: MIN_VALIDITY_SECONDS - 1,
                min: MIN_VALIDITY_SECONDS,
                max: MAX_VALIDITY_SECONDS,
            },
        ),
        (
            MAX_VALIDITY_SECONDS + 1,
            DELAY,
            ContractError::InvalidValidity {
                given: MAX_VALIDITY_SECONDS + 1,
                min: MIN_VALIDITY_SECONDS,
                max: MAX_VALIDITY_SECONDS,
            },
        ),
        (
            VALIDITY,
            MAX_DIRECT_ISSUANCE_DELAY_SECONDS + 1,
            ContractError::InvalidDelay {
                given: MAX_DIRECT_ISSUANCE_DELAY_SECONDS + 1,
                max: MAX_DIRECT_ISSUANCE_DELAY_SECONDS,
            },
        ),
    ] {
        let m = msg(validity, delay);
        let got: ContractError = err(world
            .suite
            .app
            .instantiate_contract(code, admin.clone(), &m, &[], "certificates", None)
            .map(|_| cw_multi_test::AppResponse::default()));
        assert_eq!(got, expected);
    }
}

#[test]
fn only_the_market_issues_and_only_whole_hours_of_some_energy() {
    let mut world = World::new();
    world.sign_until(H1);
    let (alice, market) = (world.person("alice"), world.market.clone());
    let c = world.trade("alice", "solar-1", H0, 1_000);
    refused(
        &mut world,
        &alice.clone(),
        ExecuteMsg::Issue {
            certificates: vec![c.clone()],
        },
        ContractError::NotTheMarket {
            market: market.clone(),
            sender: alice,
        },
    );
    refused(
        &mut world,
        &market,
        ExecuteMsg::Issue {
            certificates: vec![],
        },
        ContractError::EmptyIssue {},
    );
    refused(
        &mut world,
        &market,
        ExecuteMsg::Issue {
            certificates: vec![c.clone(); MAX_ISSUE_BATCH + 1],
        },
        ContractError::TooManyCertificates {
            given: MAX_ISSUE_BATCH + 1,
            max: MAX_ISSUE_BATCH,
        },
    );
    let mut zero = c.clone();
    zero.energy_wh = 0;
    refused(
        &mut world,
        &market,
        ExecuteMsg::Issue {
            certificates: vec![c.clone(), zero],
        },
        ContractError::ZeroEnergy {
            meter_id: "solar-1".into(),
            hour_start: H0,
        },
    );
    let mut off_hour = c;
    off_hour.hour_start = H0 + 900;
    refused(
        &mut world,
        &market,
        ExecuteMsg::Issue {
            certificates: vec![off_hour],
        },
        ContractError::InvalidHour {
            hour_start: H0 + 900,
        },
    );
}

#[test]
fn unsold_output_is_certified_by_its_owner_after_the_delay_while_any_is_left() {
    let mut world = World::new();
    let (sol, wendy) = (world.person("sol"), world.person("wendy"));
    let stranger = world.suite.addrs.stranger.clone();
    let unsold = |meter: &str, hour_start| ExecuteMsg::IssueUnsold {
        meter_id: meter.into(),
        hour_start,
    };
    world.sign_until(H1 + DELAY - 1);
    refused(
        &mut world,
        &stranger.clone(),
        unsold("solar-1", H0),
        ContractError::NotAParticipant { address: stranger },
    );
    refused(
        &mut world,
        &wendy.clone(),
        unsold("solar-1", H0),
        ContractError::NotGeneratorOwner {
            meter_id: "solar-1".into(),
            owner: sol.to_string(),
            sender: wendy,
        },
    );
    refused(
        &mut world,
        &sol,
        unsold("solar-9", H0),
        ContractError::UnknownGenerator {
            meter_id: "solar-9".into(),
        },
    );
    refused(
        &mut world,
        &sol,
        unsold("solar-1", H0 + 1),
        ContractError::InvalidHour { hour_start: H0 + 1 },
    );
    refused(
        &mut world,
        &sol,
        unsold("solar-1", H0),
        ContractError::TooEarly {
            meter_id: "solar-1".into(),
            hour_start: H0,
            issuable_at: H1 + DELAY,
        },
    );
    world.sign_until(H1 + DELAY);
    world.execute(&sol, &unsold("solar-1", H0));
    refused(
        &mut world,
        &sol,
        unsold("solar-1", H0),
        ContractError::NothingToCertify {
            meter_id: "solar-1".into(),
            hour_start: H0,
            generated_wh: SOLAR_HOUR_WH,
        },
    );
    let blacklister = world.suite.addrs.blacklister.clone();
    world.suite.blacklist(&blacklister, &sol, "audit").unwrap();
    refused(
        &mut world,
        &sol,
        unsold("solar-1", H1),
        ContractError::Guard(GuardError::Blacklisted {
            address: sol.clone(),
            reason: "audit".into(),
        }),
    );
    world.suite.unblacklist(&blacklister, &sol).unwrap();
    world.suite.advance_to(H1 + 3_600 + VALIDITY);
    refused(
        &mut world,
        &sol,
        unsold("solar-1", H0),
        ContractError::HourExpired {
            hour_start: H0,
            expired_at: H1 + VALIDITY,
        },
    );
}

#[test]
fn only_the_owner_transfers_an_active_certificate_to_another_participant_in_good_standing() {
    let mut world = with_a_certificate();
    let (alice, bob) = (world.person("alice"), world.person("bob"));
    let stranger = world.suite.addrs.stranger.clone();
    refused(
        &mut world,
        &bob.clone(),
        transfer(1, &bob),
        ContractError::NotOwner {
            id: 1,
            owner: alice.clone(),
            sender: bob.clone(),
        },
    );
    refused(
        &mut world,
        &alice,
        transfer(9, &bob),
        ContractError::UnknownCertificate { id: 9 },
    );
    refused(
        &mut world,
        &alice,
        transfer(1, &alice),
        ContractError::TransferToSelf {
            id: 1,
            owner: alice.clone(),
        },
    );
    refused(
        &mut world,
        &alice,
        transfer(1, &stranger),
        ContractError::NotAParticipant { address: stranger },
    );
    let admin = world.suite.addrs.administrator.clone();
    world
        .suite
        .set_participant_status(&admin, &bob, ParticipantStatus::Suspended)
        .unwrap();
    refused(
        &mut world,
        &alice,
        transfer(1, &bob),
        ContractError::Guard(GuardError::Suspended {
            address: bob.clone(),
        }),
    );
    world
        .suite
        .set_participant_status(&admin, &alice, ParticipantStatus::Suspended)
        .unwrap();
    refused(
        &mut world,
        &alice,
        transfer(1, &bob),
        ContractError::Guard(GuardError::Suspended {
            address: alice.clone(),
        }),
    );
    for who in [&alice, &bob] {
        world
            .suite
            .set_participant_status(&admin, who, ParticipantStatus::Active)
            .unwrap();
    }

    world.execute(&alice, &claim(1));
    refused(
        &mut world,
        &alice,
        transfer(1, &bob),
        ContractError::Claimed { id: 1 },
    );

    let c = world.trade("bob", "solar-1", H0, 1_000);
    world.issue(vec![c]);
    world.suite.advance_to(H1 + VALIDITY);
    refused(
        &mut world,
        &bob,
        transfer(2, &alice),
        ContractError::Expired {
            id: 2,
            expired_at: H1 + VALIDITY,
        },
    );
}

#[test]
fn only_the_owner_claims_an_active_certificate_once_with_a_beneficiary_purpose_and_period() {
    let mut world = with_a_certificate();
    let (alice, bob) = (world.person("alice"), world.person("bob"));
    refused(
        &mut world,
        &bob.clone(),
        claim(1),
        ContractError::NotOwner {
            id: 1,
            owner: alice.clone(),
            sender: bob,
        },
    );
    refused(
        &mut world,
        &alice,
        claim(7),
        ContractError::UnknownCertificate { id: 7 },
    );
    refused(
        &mut world,
        &alice,
        ExecuteMsg::Claim {
            id: 1,
            beneficiary: "  ".into(),
            purpose: "scope 2".into(),
            period_from: H0,
            period_to: H1,
        },
        ContractError::InvalidClaimText {
            field: "beneficiary".into(),
            len: 0,
            max: MAX_BENEFICIARY_LEN,
        },
    );
    refused(
        &mut world,
        &alice,
        ExecuteMsg::Claim {
            id: 1,
            beneficiary: "Alice".into(),
            purpose: "x".repeat(MAX_PURPOSE_LEN + 1),
            period_from: H0,
            period_to: H1,
        },
        ContractError::InvalidClaimText {
            field: "purpose".into(),
            len: MAX_PURPOSE_LEN + 1,
            max: MAX_PURPOSE_LEN,
        },
    );
    refused(
        &mut world,
        &alice,
        ExecuteMsg::Claim {
            id: 1,
            beneficiary: "Alice".into(),
            purpose: "scope 2".into(),
            period_from: H1,
            period_to: H1,
        },
        ContractError::InvalidPeriod { from: H1, to: H1 },
    );
    let blacklister = world.suite.addrs.blacklister.clone();
    world
        .suite
        .blacklist(&blacklister, &alice, "fraud")
        .unwrap();
    refused(
        &mut world,
        &alice,
        claim(1),
        ContractError::Guard(GuardError::Blacklisted {
            address: alice.clone(),
            reason: "fraud".into(),
        }),
    );
    world.suite.unblacklist(&blacklister, &alice).unwrap();
    world.execute(&alice, &claim(1));
    refused(
        &mut world,
        &alice,
        claim(1),
        ContractError::Claimed { id: 1 },
    );

    let c = world.trade("alice", "solar-1", H0, 1_000);
    world.issue(vec![c]);
    world.suite.advance_to(H1 + VALIDITY);
    refused(
        &mut world,
        &alice,
        claim(2),
        ContractError::Expired {
            id: 2,
            expired_at: H1 + VALIDITY,
        },
    );
}

#[test]
fn a_paused_contract_refuses_everything_but_the_pause_and_only_the_administrator_resumes() {
    let mut world = with_a_certificate();
    let (alice, bob) = (world.person("alice"), world.person("bob"));
    refused(
        &mut world,
        &alice.clone(),
        ExecuteMsg::Pause {
            reason: "leak".into(),
        },
        ContractError::Guard(GuardError::NotGuardian {
            sender: alice.clone(),
        }),
    );
    let admin = world.suite.addrs.administrator.clone();
    world.execute(
        &admin,
        &ExecuteMsg::Pause {
            reason: "leak".into(),
        },
    );
    let now = world.suite.now();
    let paused = || {
        ContractError::Guard(GuardError::Paused {
            by: admin.clone(),
            since: now,
            reason: "leak".into(),
        })
    };
    refused(&mut world, &alice, transfer(1, &bob), paused());
    refused(&mut world, &alice, claim(1), paused());
    let c = world.trade("bob", "solar-1", H0, 1_000);
    let market = world.market.clone();
    refused(
        &mut world,
        &market,
        ExecuteMsg::Issue {
            certificates: vec![c],
        },
        paused(),
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
    world.execute(&alice, &transfer(1, &bob));
}

#[test]
fn a_batch_verification_answers_up_to_its_bound_and_refuses_more() {
    let world = with_a_certificate();
    let full: VerifyResponse = world.query(&QueryMsg::Verify {
        ids: (1..=MAX_VERIFY_IDS as u64).collect(),
    });
    assert_eq!(full.results.len(), MAX_VERIFY_IDS);
    // The exact refusal (TooManyIds) is asserted on the query function in src/query.rs: a
    // multi-test query error carries only text.
    let more = world.suite.query::<VerifyResponse>(
        &world.certificates,
        &QueryMsg::Verify {
            ids: (1..=MAX_VERIFY_IDS as u64 + 1).collect(),
        },
    );
    assert!(more.is_err());
}
