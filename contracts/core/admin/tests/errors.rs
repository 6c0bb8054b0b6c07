//! Every admin `ExecuteMsg`: refused for a sender without the right, and refused for bad
//! input, each with its exact error and no change anywhere.

// Money is written as units_cents (400_00 is 400.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::{Addr, Api, Binary, StdError, Uint128, coin};
use cw_utils::PaymentError;
use ledger_admin::ContractError;
use ledger_testing::tariffs::{self, TIERED};
use ledger_testing::{MeterDevice, MeterSpec, Suite, SuiteBuilder};
use ledger_types::admin::{ExecuteMsg, MeterStatus, ParticipantStatus, RegisterMeter, Role};
use ledger_types::billing::{AdvanceRule, MeterSettings, PaymentSchedule};
use ledger_types::meter::MeterKind;

/// Who acts in these tests; "dave" is not registered.
struct Cast {
    admin: Addr,
    blacklister: Addr,
    retailer: Addr,
    operator: Addr,
    stranger: Addr,
    alice: Addr,
    bob: Addr,
    dave: Addr,
}

/// Alice has a meter; Bob is a consumer without one.
fn world() -> (Suite, Cast) {
    let s = SuiteBuilder::new()
        .with_tariff(tariffs::tiered())
        .with_meter(MeterSpec::new("alice-meter", "alice", TIERED).contracted(50_00))
        .with_consumer("bob")
        .build();
    let cast = Cast {
        admin: s.addrs.administrator.clone(),
        blacklister: s.addrs.blacklister.clone(),
        retailer: s.addrs.retailer.clone(),
        operator: s.addrs.bank_operator.clone(),
        stranger: s.addrs.stranger.clone(),
        alice: s.consumer("alice"),
        bob: s.consumer("bob"),
        dave: s.addr("dave"),
    };
    (s, cast)
}

/// Each message refused for its sender with exactly its error, and nothing changed anywhere.
fn assert_each_refused(s: &mut Suite, cases: Vec<(&Addr, ExecuteMsg, ContractError)>) {
    for (sender, msg, expected) in cases {
        s.assert_refused(|s| s.execute_admin(sender, &msg), expected);
    }
}

fn not_admin(sender: &Addr, action: &str) -> ContractError {
    ContractError::NotAdmin {
        sender: sender.clone(),
        action: action.to_string(),
    }
}

/// The error the App's address validation gives for `text`.
fn bad_address(suite: &Suite, text: &str) -> ContractError {
    let e: StdError = suite.app.api().addr_validate(text).unwrap_err();
    ContractError::Std(e)
}

/// A registration of a new meter for Bob, valid unless changed.
fn bob_meter(suite: &Suite) -> RegisterMeter {
    let device = MeterDevice::new("bob-meter", &suite.chain_id(), suite.now(), 0);
    RegisterMeter {
        meter_id: "bob-meter".to_string(),
        owner: suite.consumer("bob").to_string(),
        retailer: suite.addrs.retailer.to_string(),
        pubkey: device.pubkey(),
        tariff_id: TIERED.to_string(),
        initial_register_wh: 0,
        contracted_monthly_amount: Uint128::zero(),
        region: None,
        kind: MeterKind::Consumption,
    }
}

/// Settings whose advances add up to 105%.
fn greedy_settings() -> MeterSettings {
    MeterSettings {
        schedule: PaymentSchedule {
            advances: vec![
                AdvanceRule { bps: 6_000, day: 5 },
                AdvanceRule {
                    bps: 4_500,
                    day: 20,
                },
            ],
            final_day: 18,
        },
        ..MeterSettings::default()
    }
}

// ------------------------------------------------------------------- senders without the right

#[test]
fn every_action_refuses_a_sender_without_the_right() {
    let (
        mut s,
        Cast {
            stranger,
            retailer,
            operator,
            alice,
            bob,
            dave,
            ..
        },
    ) = world();
    let cases = vec![
        (
            &stranger,
            ExecuteMsg::SetContracts {
                tariff: s.tariff.to_string(),
                bank: s.bank.to_string(),
            },
            not_admin(&stranger, "set the tariff and bank contracts"),
        ),
        (
            &retailer,
            ExecuteMsg::UpdateMeterDefaults {
                meter_code_id: Some(s.codes.meter),
                meter_settings: None,
            },
            not_admin(&retailer, "change the meter defaults"),
        ),
        (
            &retailer,
            ExecuteMsg::RegisterParticipant {
                address: dave.to_string(),
                name: "Dave".to_string(),
                roles: vec![Role::Consumer],
            },
            not_admin(&retailer, "register participants"),
        ),
        (
            &stranger,
            ExecuteMsg::SetRoles {
                address: alice.to_string(),
                roles: vec![Role::Consumer, Role::Retailer],
            },
            not_admin(&stranger, "change participants' roles"),
        ),
        (
            &operator,
            ExecuteMsg::SetParticipantStatus {
                address: alice.to_string(),
                status: ParticipantStatus::Suspended,
            },
            not_admin(&operator, "change participants' status"),
        ),
        (
            &alice,
            ExecuteMsg::Blacklist {
                address: bob.to_string(),
                reason: "noisy neighbour".to_string(),
            },
            ContractError::NotBlacklister {
                sender: alice.clone(),
            },
        ),
        (
            &retailer,
            ExecuteMsg::RegisterMeter(bob_meter(&s)),
            not_admin(&retailer, "register meters"),
        ),
        (
            &stranger,
            ExecuteMsg::SetMeterStatus {
                meter_id: "alice-meter".to_string(),
                status: MeterStatus::Suspended,
            },
            not_admin(&stranger, "change meters' status"),
        ),
        (
            &stranger,
            ExecuteMsg::ProposeAdmin {
                address: stranger.to_string(),
            },
            not_admin(&stranger, "propose a new administrator"),
        ),
    ];
    assert_each_refused(&mut s, cases);
}

#[test]
fn unblacklist_by_a_stranger_is_refused() {
    let (
        mut s,
        Cast {
            admin,
            blacklister,
            stranger,
            alice,
            ..
        },
    ) = world();
    s.blacklist(&blacklister, &alice, "sanctions list").unwrap();
    s.assert_refused(
        |s| s.unblacklist(&stranger, &alice),
        ContractError::NotBlacklister {
            sender: stranger.clone(),
        },
    );
    // A blacklisted blacklister cannot clear anyone either, itself included.
    s.blacklist(&admin, &blacklister, "rogue").unwrap();
    s.assert_refused(
        |s| s.unblacklist(&blacklister, &blacklister),
        ContractError::NotBlacklister {
            sender: blacklister.clone(),
        },
    );
}

// ------------------------------------------------------------------------------- bad input

#[test]
fn configuration_and_participant_actions_refuse_bad_input() {
    let (
        mut s,
        Cast {
            admin,
            blacklister,
            alice,
            bob,
            dave,
            ..
        },
    ) = world();
    let register = |address: &Addr, name: &str, roles: Vec<Role>| ExecuteMsg::RegisterParticipant {
        address: address.to_string(),
        name: name.to_string(),
        roles,
    };
    let set_roles = |address: &Addr, roles: Vec<Role>| ExecuteMsg::SetRoles {
        address: address.to_string(),
        roles,
    };
    let set_status = |address: &Addr, status| ExecuteMsg::SetParticipantStatus {
        address: address.to_string(),
        status,
    };
    let blacklist = |address: &Addr, reason: &str| ExecuteMsg::Blacklist {
        address: address.to_string(),
        reason: reason.to_string(),
    };
    let cases = vec![
        (
            &admin,
            ExecuteMsg::SetContracts {
                tariff: "Not-An-Address".to_string(),
                bank: s.bank.to_string(),
            },
            bad_address(&s, "Not-An-Address"),
        ),
        (
            &admin,
            ExecuteMsg::UpdateMeterDefaults {
                meter_code_id: None,
                meter_settings: Some(greedy_settings()),
            },
            ContractError::InvalidMeterSettings {
                reason: "advances add up to 10500 basis points, more than the whole (10000)"
                    .to_string(),
            },
        ),
        (
            &admin,
            ExecuteMsg::UpdateMeterDefaults {
                meter_code_id: None,
                meter_settings: None,
            },
            ContractError::NothingToUpdate {},
        ),
        (
            &admin,
            ExecuteMsg::UpdateMeterDefaults {
                meter_code_id: Some(0),
                meter_settings: None,
            },
            ContractError::InvalidCodeId {},
        ),
        (
            &admin,
            register(&alice, "Alice again", vec![Role::Consumer]),
            ContractError::ParticipantExists {
                address: alice.clone(),
            },
        ),
        (
            &admin,
            register(&dave, "Dave", vec![Role::Consumer, Role::Admin]),
            ContractError::AdminRoleNotGrantable {},
        ),
        (
            &admin,
            register(&dave, "Dave", vec![]),
            ContractError::NoRoles {},
        ),
        (
            &admin,
            register(&dave, "", vec![Role::Consumer]),
            ContractError::InvalidName { len: 0, max: 128 },
        ),
        (&admin, set_roles(&alice, vec![]), ContractError::NoRoles {}),
        (
            &admin,
            set_roles(&alice, vec![Role::Consumer, Role::Consumer]),
            ContractError::DuplicateRole {
                role: "consumer".to_string(),
            },
        ),
        (
            &admin,
            set_roles(&dave, vec![Role::Consumer]),
            ContractError::ParticipantNotFound {
                address: dave.clone(),
            },
        ),
        (
            &admin,
            set_status(&alice, ParticipantStatus::Active),
            ContractError::ParticipantStatusUnchanged {
                address: alice.clone(),
                status: "active".to_string(),
            },
        ),
        (
            &admin,
            set_status(&dave, ParticipantStatus::Suspended),
            ContractError::ParticipantNotFound {
                address: dave.clone(),
            },
        ),
        (
            &blacklister,
            blacklist(&alice, "   "),
            ContractError::InvalidReason { len: 3, max: 256 },
        ),
        (
            &blacklister,
            blacklist(&dave, "unknown"),
            ContractError::ParticipantNotFound {
                address: dave.clone(),
            },
        ),
        (
            &blacklister,
            ExecuteMsg::Unblacklist {
                address: bob.to_string(),
            },
            ContractError::NotBlacklisted {
                address: bob.clone(),
            },
        ),
    ];
    assert_each_refused(&mut s, cases);

    s.blacklist(&blacklister, &alice, "sanctions list").unwrap();
    s.assert_refused(
        |s| s.blacklist(&blacklister, &alice, "again"),
        ContractError::AlreadyBlacklisted {
            address: alice.clone(),
            reason: "sanctions list".to_string(),
        },
    );
}

#[test]
fn register_meter_with_bad_input_is_refused() {
    let (
        mut s,
        Cast {
            admin,
            blacklister,
            retailer,
            bob,
            ..
        },
    ) = world();
    let register = |change: &dyn Fn(&mut RegisterMeter), s: &Suite| {
        let mut msg = bob_meter(s);
        change(&mut msg);
        ExecuteMsg::RegisterMeter(msg)
    };
    let cases = vec![
        (
            &admin,
            register(&|m| m.meter_id = "alice-meter".into(), &s),
            ContractError::MeterExists {
                meter_id: "alice-meter".to_string(),
            },
        ),
        (
            &admin,
            register(&|m| m.meter_id = "bob meter".into(), &s),
            ContractError::InvalidMeterId {
                meter_id: "bob meter".to_string(),
                reason: "' ' is not allowed; use letters, digits, '.', '_' and '-'".to_string(),
            },
        ),
        (
            &admin,
            register(&|m| m.pubkey = Binary::from(vec![2u8; 32]), &s),
            ContractError::InvalidPubkey {
                reason: "it has 32 bytes".to_string(),
            },
        ),
        (
            &admin,
            register(&|m| m.pubkey = Binary::from(vec![4u8; 33]), &s),
            ContractError::InvalidPubkey {
                reason: "it starts with 0x04".to_string(),
            },
        ),
        (
            &admin,
            register(&|m| m.owner = retailer.to_string(), &s),
            ContractError::MissingRole {
                address: retailer.clone(),
                role: "consumer".to_string(),
            },
        ),
        (
            &admin,
            register(&|m| m.retailer = bob.to_string(), &s),
            ContractError::MissingRole {
                address: bob.clone(),
                role: "retailer".to_string(),
            },
        ),
    ];
    assert_each_refused(&mut s, cases);
    let no_tariff = register(&|m| m.tariff_id = "no-such-tariff".into(), &s);
    s.assert_refused_with(
        |s| s.execute_admin(&admin, &no_tariff),
        |e: &ContractError| {
            assert!(
                matches!(e, ContractError::UnknownTariff { tariff_id, .. } if tariff_id == "no-such-tariff"),
                "{e:?}"
            )
        },
    );
    s.blacklist(&blacklister, &bob, "fraud").unwrap();
    let barred = register(&|_| {}, &s);
    s.assert_refused(
        |s| s.execute_admin(&admin, &barred),
        ContractError::ParticipantBlacklisted {
            address: bob.clone(),
            reason: "fraud".to_string(),
        },
    );
    // Nothing of Bob's meter exists anywhere.
    assert!(s.meter_info("bob-meter").is_err());
    assert_eq!(s.participant(&bob).unwrap().meter_contract, None);
}

#[test]
fn set_meter_status_and_the_admin_transfer_refuse_bad_input() {
    let (mut s, Cast { admin, .. }) = world();
    let meter_status = |meter_id: &str, status| ExecuteMsg::SetMeterStatus {
        meter_id: meter_id.to_string(),
        status,
    };
    let cases = vec![
        (
            &admin,
            meter_status("no-such-meter", MeterStatus::Suspended),
            ContractError::MeterNotFound {
                meter_id: "no-such-meter".to_string(),
            },
        ),
        (
            &admin,
            meter_status("alice-meter", MeterStatus::Active),
            ContractError::MeterStatusUnchanged {
                meter_id: "alice-meter".to_string(),
                status: "active".to_string(),
            },
        ),
        (
            &admin,
            ExecuteMsg::ProposeAdmin {
                address: admin.to_string(),
            },
            ContractError::AlreadyAdmin {
                address: admin.clone(),
            },
        ),
        (
            &admin,
            ExecuteMsg::ProposeAdmin {
                address: "Not-An-Address".to_string(),
            },
            bad_address(&s, "Not-An-Address"),
        ),
        (
            &admin,
            ExecuteMsg::CancelAdminProposal {},
            ContractError::NoAdminProposal {},
        ),
    ];
    assert_each_refused(&mut s, cases);
    s.set_meter_status(&admin, "alice-meter", MeterStatus::Retired)
        .unwrap();
    s.assert_refused(
        |s| s.set_meter_status(&admin, "alice-meter", MeterStatus::Active),
        ContractError::MeterRetired {
            meter_id: "alice-meter".to_string(),
        },
    );
}

// ------------------------------------------------------------------ AcceptAdmin and cancelling

#[test]
fn accept_admin_by_someone_not_proposed_is_refused() {
    let (
        mut s,
        Cast {
            admin, stranger, ..
        },
    ) = world();
    let successor = s.addr("successor");
    s.propose_admin(&admin, &successor).unwrap();
    s.assert_refused(
        |s| s.accept_admin(&stranger),
        ContractError::NotProposedAdmin {
            sender: stranger.clone(),
        },
    );
    // The administrator cannot accept on the successor's behalf.
    s.assert_refused(
        |s| s.accept_admin(&admin),
        ContractError::NotProposedAdmin {
            sender: admin.clone(),
        },
    );
    // Even the proposed address cannot cancel: only the administrator can.
    s.assert_refused(
        |s| s.cancel_admin_proposal(&successor),
        not_admin(&successor, "cancel an administrator proposal"),
    );
    s.cancel_admin_proposal(&admin).unwrap();
    s.assert_refused(
        |s| s.accept_admin(&successor),
        ContractError::NotProposedAdmin {
            sender: successor.clone(),
        },
    );
    assert_eq!(s.administrator().admin, admin);
}

// ------------------------------------------------------------------------------------ funds

#[test]
fn native_funds_are_refused_by_every_admin_action() {
    let (mut s, Cast { admin, alice, .. }) = world();
    let contract = s.admin.clone();
    let messages = [
        ExecuteMsg::SetRoles {
            address: alice.to_string(),
            roles: vec![Role::Consumer],
        },
        ExecuteMsg::RegisterMeter(bob_meter(&s)),
        ExecuteMsg::Blacklist {
            address: alice.to_string(),
            reason: "test".into(),
        },
        ExecuteMsg::CancelAdminProposal {},
    ];
    let nonpayable = ContractError::Payment(PaymentError::NonPayable {});
    s.assert_funds_refused(&admin, &contract, coin(10, "ustake"), messages, nonpayable);
}
