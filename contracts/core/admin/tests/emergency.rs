//! The registry's emergency controls through the public interface: its own pause, the time
//! lock on the administrator transfer and on bulk role changes, and suspension refusing a
//! participant's readings the way blacklisting does. Every refusal: the exact error and no
//! change anywhere.

use cosmwasm_std::{Addr, coin};
use cw_utils::PaymentError;
use ledger_admin::ContractError;
use ledger_contract_kit::GuardError;
use ledger_testing::tariffs::{self, TIERED};
use ledger_testing::{MeterSpec, Suite, SuiteBuilder, TIMELOCK_DELAY};
use ledger_types::admin::{
    ExecuteMsg, ParticipantStatus, Role, RoleChange, Standing, TimelockedAction,
    TimelockedOperation,
};
use ledger_types::emergency::PauseStatus;

/// Who acts in these tests.
struct Cast {
    guardian: Addr,
    admin: Addr,
    blacklister: Addr,
    retailer: Addr,
    stranger: Addr,
    alice: Addr,
    bob: Addr,
}

/// Alice has a meter; Bob is a consumer without one; "guardian" holds the guardian role.
fn world() -> (Suite, Cast) {
    let mut s = SuiteBuilder::new()
        .with_tariff(tariffs::tiered())
        .with_meter(MeterSpec::new("alice-meter", "alice", TIERED).contracted(50_00))
        .with_consumer("bob")
        .build();
    let who = Cast {
        guardian: s.add_guardian("guardian").unwrap(),
        admin: s.addrs.administrator.clone(),
        blacklister: s.addrs.blacklister.clone(),
        retailer: s.addrs.retailer.clone(),
        stranger: s.addrs.stranger.clone(),
        alice: s.consumer("alice"),
        bob: s.consumer("bob"),
    };
    (s, who)
}

fn paused(by: &Addr, since: u64, reason: &str) -> ContractError {
    ContractError::Guard(GuardError::Paused {
        by: by.clone(),
        since,
        reason: reason.to_string(),
    })
}

fn standing(s: &Suite, address: &Addr) -> Standing {
    s.query(
        &s.admin,
        &ledger_types::admin::QueryMsg::Standing {
            address: address.to_string(),
        },
    )
    .unwrap()
}

// ------------------------------------------------------------------------------ Pause, Unpause

#[test]
fn pausing_by_a_stranger_or_a_consumer_is_refused() {
    let (mut s, who) = world();
    for sender in [who.stranger.clone(), s.consumer("alice")] {
        s.assert_refused(
            |s| s.pause_registry(&sender, "x"),
            ContractError::Guard(GuardError::NotGuardian {
                sender: sender.clone(),
            }),
        );
    }
}

#[test]
fn pausing_with_an_overlong_reason_or_twice_is_refused() {
    let (mut s, who) = world();
    s.assert_refused(
        |s| s.pause_registry(&who.guardian, &"r".repeat(300)),
        ContractError::Guard(GuardError::PauseReasonTooLong { len: 300, max: 256 }),
    );
    s.pause_registry(&who.guardian, "incident").unwrap();
    s.assert_refused(
        |s| s.pause_registry(&who.admin, "again"),
        ContractError::Guard(GuardError::PauseUnchanged {
            state: "paused".to_string(),
        }),
    );
}

#[test]
fn a_guardian_pauses_the_registry_and_only_the_administrator_resumes_it() {
    let (mut s, who) = world();
    let since = s.now();
    s.pause_registry(&who.guardian, "registry bug under review")
        .unwrap();
    assert_eq!(
        s.registry_pause_status(),
        PauseStatus {
            paused: true,
            by: Some(who.guardian.clone()),
            since: Some(since),
            reason: Some("registry bug under review".to_string()),
        }
    );
    // Records do not change while paused; queries still answer.
    let dave = s.addr("dave");
    s.assert_refused(
        |s| s.register_participant(&who.admin, &dave, "Dave", vec![Role::Consumer]),
        paused(&who.guardian, since, "registry bug under review"),
    );
    assert!(s.has_role(&s.consumer("alice"), Role::Consumer));
    // The guardian cannot resume; the administrator can.
    s.assert_refused(
        |s| s.unpause_registry(&who.guardian),
        ContractError::Guard(GuardError::NotAdminToUnpause {
            sender: who.guardian.clone(),
        }),
    );
    s.unpause_registry(&who.admin).unwrap();
    assert!(!s.registry_pause_status().paused);
    s.assert_refused(
        |s| s.unpause_registry(&who.admin),
        ContractError::Guard(GuardError::PauseUnchanged {
            state: "running".to_string(),
        }),
    );
    s.register_participant(&who.admin, &dave, "Dave", vec![Role::Consumer])
        .unwrap();
}

#[test]
fn blacklisting_still_works_while_the_registry_is_paused() {
    let (mut s, who) = world();
    s.pause_registry(&who.guardian, "incident").unwrap();
    s.blacklist(&who.blacklister, &who.alice, "stolen key")
        .unwrap();
    let contract = s.meter_contract("alice-meter");
    assert!(s.meter_config(&contract).owner_blocked);
    assert_eq!(
        standing(&s, &who.alice),
        Standing::Blacklisted {
            reason: "stolen key".to_string()
        }
    );
}

#[test]
fn the_emergency_messages_take_no_funds() {
    let (mut s, who) = world();
    let contract = s.admin.clone();
    let messages = [
        ExecuteMsg::Pause {
            reason: "x".to_string(),
        },
        ExecuteMsg::Unpause {},
        ExecuteMsg::ScheduleRoleChanges { changes: vec![] },
        ExecuteMsg::ExecuteTimelocked { id: 1 },
        ExecuteMsg::CancelTimelocked { id: 1 },
    ];
    let nonpayable = ContractError::Payment(PaymentError::NonPayable {});
    s.assert_funds_refused(
        &who.guardian,
        &contract,
        coin(10, "ustake"),
        messages,
        nonpayable,
    );
}

// ------------------------------------------------------------------------------- suspension

#[test]
fn a_suspended_consumer_s_readings_are_refused_until_it_is_reactivated() {
    let (mut s, who) = world();
    let contract = s.meter_contract("alice-meter");
    s.advance_time(3_600);

    s.set_participant_status(&who.admin, &who.alice, ParticipantStatus::Suspended)
        .unwrap();
    assert!(s.meter_config(&contract).owner_blocked);
    assert_eq!(standing(&s, &who.alice), Standing::Suspended);
    let due = s.device("alice-meter").due_intervals(s.now());
    let readings = s.device("alice-meter").next_batch(due);
    let gateway = s.addrs.gateway.clone();
    s.assert_readings_refused(
        |s| s.submit_readings_to(&gateway, &contract, readings.clone()),
        &ledger_testing::refusals(&readings, ledger_types::meter::codes::OWNER_BLOCKED),
    );

    // Blacklisting and clearing a suspended participant leaves it blocked.
    s.blacklist(&who.blacklister, &who.alice, "fraud").unwrap();
    s.unblacklist(&who.blacklister, &who.alice).unwrap();
    assert!(s.meter_config(&contract).owner_blocked);
    assert_eq!(standing(&s, &who.alice), Standing::Suspended);

    s.set_participant_status(&who.admin, &who.alice, ParticipantStatus::Active)
        .unwrap();
    assert!(!s.meter_config(&contract).owner_blocked);
    s.submit_readings("alice-meter", readings).unwrap();
}

#[test]
fn suspending_by_a_stranger_or_twice_is_refused() {
    let (mut s, who) = world();
    s.assert_refused(
        |s| s.set_participant_status(&who.stranger, &who.alice, ParticipantStatus::Suspended),
        ContractError::NotAdmin {
            sender: who.stranger.clone(),
            action: "change participants' status".to_string(),
        },
    );
    s.set_participant_status(&who.admin, &who.alice, ParticipantStatus::Suspended)
        .unwrap();
    s.assert_refused(
        |s| s.set_participant_status(&who.admin, &who.alice, ParticipantStatus::Suspended),
        ContractError::ParticipantStatusUnchanged {
            address: who.alice.clone(),
            status: "suspended".to_string(),
        },
    );
}

// ------------------------------------------------------------------- the administrator transfer

#[test]
fn the_administrator_transfer_waits_for_the_time_lock() {
    let (mut s, who) = world();
    let successor = s.addr("successor");
    let proposed_at = s.now();
    s.propose_admin(&who.admin, &successor).unwrap();
    let ops = s.timelocked_operations();
    assert_eq!(ops.delay_seconds, TIMELOCK_DELAY);
    assert_eq!(
        ops.operations,
        vec![TimelockedOperation {
            id: 1,
            action: TimelockedAction::TransferAdmin {
                to: successor.clone()
            },
            scheduled_by: who.admin.clone(),
            scheduled_at: proposed_at,
            effective_at: proposed_at + TIMELOCK_DELAY,
        }]
    );
    assert_eq!(
        s.administrator().pending_effective_at,
        Some(proposed_at + TIMELOCK_DELAY)
    );

    s.advance_time(TIMELOCK_DELAY - 10);
    let now = s.now();
    s.assert_refused(
        |s| s.accept_admin(&successor),
        ContractError::TimelockNotElapsed {
            id: 1,
            effective_at: proposed_at + TIMELOCK_DELAY,
            now,
        },
    );
    s.advance_time(10);
    s.accept_admin(&successor).unwrap();
    assert_eq!(s.administrator().admin, successor);
    assert!(s.timelocked_operations().operations.is_empty());
}

// -------------------------------------------------------------------------- bulk role changes

fn changes(s: &Suite) -> Vec<(Addr, Vec<Role>)> {
    vec![
        (s.consumer("bob"), vec![Role::Consumer, Role::Guardian]),
        (
            s.addrs.retailer.clone(),
            vec![Role::Retailer, Role::Auditor],
        ),
    ]
}

#[test]
fn scheduling_role_changes_by_a_non_administrator_is_refused() {
    let (mut s, who) = world();
    let changes = changes(&s);
    s.assert_refused(
        |s| s.schedule_role_changes(&who.guardian, changes),
        ContractError::NotAdmin {
            sender: who.guardian.clone(),
            action: "change roles in bulk".to_string(),
        },
    );
}

#[test]
fn a_bad_role_change_batch_is_refused() {
    let (mut s, who) = world();
    s.assert_refused(
        |s| s.schedule_role_changes(&who.admin, vec![]),
        ContractError::NoRoleChanges {},
    );
    s.assert_refused(
        |s| {
            s.schedule_role_changes(
                &who.admin,
                vec![
                    (who.bob.clone(), vec![Role::Auditor]),
                    (who.bob.clone(), vec![Role::Guardian]),
                ],
            )
        },
        ContractError::DuplicateRoleChange {
            address: who.bob.clone(),
        },
    );
    s.assert_refused(
        |s| {
            s.schedule_role_changes(
                &who.admin,
                vec![(who.stranger.clone(), vec![Role::Guardian])],
            )
        },
        ContractError::ParticipantNotFound {
            address: who.stranger.clone(),
        },
    );
    s.assert_refused(
        |s| s.schedule_role_changes(&who.admin, vec![(who.bob.clone(), vec![Role::Admin])]),
        ContractError::AdminRoleNotGrantable {},
    );
    let bad = ExecuteMsg::ScheduleRoleChanges {
        changes: vec![RoleChange {
            address: "Not-An-Address".to_string(),
            roles: vec![Role::Auditor],
        }],
    };
    let expected = ContractError::Std(
        cosmwasm_std::Api::addr_validate(s.app.api(), "Not-An-Address").unwrap_err(),
    );
    s.assert_refused(|s| s.execute_admin(&who.admin, &bad), expected);
}

#[test]
fn role_changes_take_effect_after_the_delay_and_can_be_cancelled_before() {
    let (mut s, who) = world();
    let at = s.now();
    let changes = changes(&s);
    s.schedule_role_changes(&who.admin, changes.clone())
        .unwrap();
    // A second batch, to be cancelled.
    s.schedule_role_changes(
        &who.admin,
        vec![(who.bob.clone(), vec![Role::BankOperator])],
    )
    .unwrap();
    let ops = s.timelocked_operations().operations;
    assert_eq!(ops.len(), 2);
    assert_eq!(ops[0].effective_at, at + TIMELOCK_DELAY);

    s.assert_refused(
        |s| s.execute_timelocked(&who.admin, 1),
        ContractError::TimelockNotElapsed {
            id: 1,
            effective_at: at + TIMELOCK_DELAY,
            now: at,
        },
    );
    s.assert_refused(
        |s| s.cancel_timelocked(&who.stranger, 2),
        ContractError::NotAdmin {
            sender: who.stranger.clone(),
            action: "cancel time-locked operations".to_string(),
        },
    );
    s.cancel_timelocked(&who.admin, 2).unwrap();

    s.advance_time(TIMELOCK_DELAY);
    s.assert_refused(
        |s| s.execute_timelocked(&who.stranger, 1),
        ContractError::NotAdmin {
            sender: who.stranger.clone(),
            action: "carry out time-locked operations".to_string(),
        },
    );
    s.assert_refused(
        |s| s.execute_timelocked(&who.admin, 2),
        ContractError::TimelockedNotFound { id: 2 },
    );
    s.execute_timelocked(&who.admin, 1).unwrap();
    assert!(s.has_role(&who.bob, Role::Guardian));
    assert!(!s.has_role(&who.bob, Role::BankOperator));
    assert!(s.has_role(&who.retailer, Role::Auditor));
    assert!(s.timelocked_operations().operations.is_empty());
    // The new guardian can pause.
    s.pause_registry(&who.bob, "drill").unwrap();
}
