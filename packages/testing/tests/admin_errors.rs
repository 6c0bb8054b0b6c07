//! Every admin `ExecuteMsg`: refused for a sender without the right, and refused for bad
//! input, each with its exact error and no change anywhere.

// Money is written as units_cents (400_00 is 400.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::{Addr, Api, Binary, StdError, Uint128, coins};
use cw_utils::PaymentError;
use ledger_admin::ContractError;
use ledger_testing::tariffs::{self, TIERED};
use ledger_testing::{MeterDevice, MeterSpec, Suite, SuiteBuilder};
use ledger_types::admin::{ExecuteMsg, MeterStatus, ParticipantStatus, RegisterMeter, Role};
use ledger_types::billing::{AdvanceRule, MeterSettings, PaymentSchedule};

/// Alice has a meter; Bob is a consumer without one.
fn world() -> Suite {
    SuiteBuilder::new()
        .with_tariff(tariffs::tiered())
        .with_meter(MeterSpec::new("alice-meter", "alice", TIERED).contracted(50_00))
        .with_consumer("bob")
        .build()
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
    }
}

// ---------------------------------------------------------------------------- SetContracts

#[test]
fn set_contracts_by_a_stranger_is_refused() {
    let mut s = world();
    let stranger = s.addrs.stranger.clone();
    let msg = ExecuteMsg::SetContracts {
        tariff: s.tariff.to_string(),
        bank: s.bank.to_string(),
    };
    s.assert_refused(
        |s| s.execute_admin(&stranger, &msg),
        not_admin(&stranger, "set the tariff and bank contracts"),
    );
}

#[test]
fn set_contracts_with_a_bad_address_is_refused() {
    let mut s = world();
    let admin = s.addrs.administrator.clone();
    let msg = ExecuteMsg::SetContracts {
        tariff: "Not-An-Address".to_string(),
        bank: s.bank.to_string(),
    };
    let expected = bad_address(&s, "Not-An-Address");
    s.assert_refused(|s| s.execute_admin(&admin, &msg), expected);
}

// ---------------------------------------------------------------------- UpdateMeterDefaults

#[test]
fn update_meter_defaults_by_the_retailer_is_refused() {
    let mut s = world();
    let retailer = s.addrs.retailer.clone();
    let msg = ExecuteMsg::UpdateMeterDefaults {
        meter_code_id: Some(s.codes.meter),
        meter_settings: None,
    };
    s.assert_refused(
        |s| s.execute_admin(&retailer, &msg),
        not_admin(&retailer, "change the meter defaults"),
    );
}

#[test]
fn meter_defaults_with_advances_over_100_percent_are_refused() {
    let mut s = world();
    let admin = s.addrs.administrator.clone();
    let greedy = MeterSettings {
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
    };
    let msg = ExecuteMsg::UpdateMeterDefaults {
        meter_code_id: None,
        meter_settings: Some(greedy),
    };
    s.assert_refused(
        |s| s.execute_admin(&admin, &msg),
        ContractError::InvalidMeterSettings {
            reason: "advances add up to 10500 basis points, more than the whole (10000)"
                .to_string(),
        },
    );
    let nothing = ExecuteMsg::UpdateMeterDefaults {
        meter_code_id: None,
        meter_settings: None,
    };
    s.assert_refused(
        |s| s.execute_admin(&admin, &nothing),
        ContractError::NothingToUpdate {},
    );
    let zero_code = ExecuteMsg::UpdateMeterDefaults {
        meter_code_id: Some(0),
        meter_settings: None,
    };
    s.assert_refused(
        |s| s.execute_admin(&admin, &zero_code),
        ContractError::InvalidCodeId {},
    );
}

// ---------------------------------------------------------------------- RegisterParticipant

#[test]
fn register_participant_by_the_retailer_is_refused() {
    let mut s = world();
    let retailer = s.addrs.retailer.clone();
    let dave = s.addr("dave");
    s.assert_refused(
        |s| s.register_participant(&retailer, &dave, "Dave", vec![Role::Consumer]),
        not_admin(&retailer, "register participants"),
    );
}

#[test]
fn register_participant_with_bad_input_is_refused() {
    let mut s = world();
    let admin = s.addrs.administrator.clone();
    let alice = s.consumer("alice");
    let dave = s.addr("dave");
    s.assert_refused(
        |s| s.register_participant(&admin, &alice, "Alice again", vec![Role::Consumer]),
        ContractError::ParticipantExists {
            address: alice.clone(),
        },
    );
    s.assert_refused(
        |s| s.register_participant(&admin, &dave, "Dave", vec![Role::Consumer, Role::Admin]),
        ContractError::AdminRoleNotGrantable {},
    );
    s.assert_refused(
        |s| s.register_participant(&admin, &dave, "Dave", vec![]),
        ContractError::NoRoles {},
    );
    s.assert_refused(
        |s| s.register_participant(&admin, &dave, "", vec![Role::Consumer]),
        ContractError::InvalidName { len: 0, max: 128 },
    );
}

// ------------------------------------------------------------------------------- SetRoles

#[test]
fn set_roles_by_a_stranger_is_refused() {
    let mut s = world();
    let stranger = s.addrs.stranger.clone();
    let alice = s.consumer("alice");
    s.assert_refused(
        |s| s.set_roles(&stranger, &alice, vec![Role::Consumer, Role::Retailer]),
        not_admin(&stranger, "change participants' roles"),
    );
}

#[test]
fn set_roles_with_bad_input_is_refused() {
    let mut s = world();
    let admin = s.addrs.administrator.clone();
    let alice = s.consumer("alice");
    let dave = s.addr("dave");
    s.assert_refused(
        |s| s.set_roles(&admin, &alice, vec![]),
        ContractError::NoRoles {},
    );
    s.assert_refused(
        |s| s.set_roles(&admin, &alice, vec![Role::Consumer, Role::Consumer]),
        ContractError::DuplicateRole {
            role: "consumer".to_string(),
        },
    );
    s.assert_refused(
        |s| s.set_roles(&admin, &dave, vec![Role::Consumer]),
        ContractError::ParticipantNotFound {
            address: dave.clone(),
        },
    );
}

// -------------------------------------------------------------------- SetParticipantStatus

#[test]
fn set_participant_status_by_the_bank_operator_is_refused() {
    let mut s = world();
    let operator = s.addrs.bank_operator.clone();
    let alice = s.consumer("alice");
    s.assert_refused(
        |s| s.set_participant_status(&operator, &alice, ParticipantStatus::Suspended),
        not_admin(&operator, "change participants' status"),
    );
}

#[test]
fn set_participant_status_with_bad_input_is_refused() {
    let mut s = world();
    let admin = s.addrs.administrator.clone();
    let alice = s.consumer("alice");
    let dave = s.addr("dave");
    s.assert_refused(
        |s| s.set_participant_status(&admin, &alice, ParticipantStatus::Active),
        ContractError::ParticipantStatusUnchanged {
            address: alice.clone(),
            status: "active".to_string(),
        },
    );
    s.assert_refused(
        |s| s.set_participant_status(&admin, &dave, ParticipantStatus::Suspended),
        ContractError::ParticipantNotFound {
            address: dave.clone(),
        },
    );
}

// ------------------------------------------------------------------------------ Blacklist

#[test]
fn blacklist_by_a_consumer_is_refused() {
    let mut s = world();
    let alice = s.consumer("alice");
    let bob = s.consumer("bob");
    s.assert_refused(
        |s| s.blacklist(&alice, &bob, "noisy neighbour"),
        ContractError::NotBlacklister {
            sender: alice.clone(),
        },
    );
}

#[test]
fn blacklist_with_bad_input_is_refused() {
    let mut s = world();
    let blacklister = s.addrs.blacklister.clone();
    let alice = s.consumer("alice");
    let dave = s.addr("dave");
    s.assert_refused(
        |s| s.blacklist(&blacklister, &alice, "   "),
        ContractError::InvalidReason { len: 3, max: 256 },
    );
    s.assert_refused(
        |s| s.blacklist(&blacklister, &dave, "unknown"),
        ContractError::ParticipantNotFound {
            address: dave.clone(),
        },
    );
    s.blacklist(&blacklister, &alice, "sanctions list").unwrap();
    s.assert_refused(
        |s| s.blacklist(&blacklister, &alice, "again"),
        ContractError::AlreadyBlacklisted {
            address: alice.clone(),
            reason: "sanctions list".to_string(),
        },
    );
}

// ---------------------------------------------------------------------------- Unblacklist

#[test]
fn unblacklist_by_a_stranger_is_refused() {
    let mut s = world();
    let blacklister = s.addrs.blacklister.clone();
    let stranger = s.addrs.stranger.clone();
    let alice = s.consumer("alice");
    s.blacklist(&blacklister, &alice, "sanctions list").unwrap();
    s.assert_refused(
        |s| s.unblacklist(&stranger, &alice),
        ContractError::NotBlacklister {
            sender: stranger.clone(),
        },
    );
    // A blacklisted blacklister cannot clear anyone either, itself included.
    let admin = s.addrs.administrator.clone();
    s.blacklist(&admin, &blacklister, "rogue").unwrap();
    s.assert_refused(
        |s| s.unblacklist(&blacklister, &blacklister),
        ContractError::NotBlacklister {
            sender: blacklister.clone(),
        },
    );
}

#[test]
fn unblacklisting_someone_not_blacklisted_is_refused() {
    let mut s = world();
    let blacklister = s.addrs.blacklister.clone();
    let bob = s.consumer("bob");
    s.assert_refused(
        |s| s.unblacklist(&blacklister, &bob),
        ContractError::NotBlacklisted {
            address: bob.clone(),
        },
    );
}

// ---------------------------------------------------------------------------- RegisterMeter

#[test]
fn register_meter_by_the_retailer_is_refused() {
    let mut s = world();
    let retailer = s.addrs.retailer.clone();
    let msg = ExecuteMsg::RegisterMeter(bob_meter(&s));
    s.assert_refused(
        |s| s.execute_admin(&retailer, &msg),
        not_admin(&retailer, "register meters"),
    );
}

#[test]
fn register_meter_with_bad_input_is_refused() {
    let mut s = world();
    let admin = s.addrs.administrator.clone();
    let register = |change: &dyn Fn(&mut RegisterMeter), s: &Suite| {
        let mut msg = bob_meter(s);
        change(&mut msg);
        ExecuteMsg::RegisterMeter(msg)
    };

    let taken = register(&|m| m.meter_id = "alice-meter".into(), &s);
    s.assert_refused(
        |s| s.execute_admin(&admin, &taken),
        ContractError::MeterExists {
            meter_id: "alice-meter".to_string(),
        },
    );
    let spaced = register(&|m| m.meter_id = "bob meter".into(), &s);
    s.assert_refused(
        |s| s.execute_admin(&admin, &spaced),
        ContractError::InvalidMeterId {
            meter_id: "bob meter".to_string(),
            reason: "' ' is not allowed; use letters, digits, '.', '_' and '-'".to_string(),
        },
    );
    let short_key = register(&|m| m.pubkey = Binary::from(vec![2u8; 32]), &s);
    s.assert_refused(
        |s| s.execute_admin(&admin, &short_key),
        ContractError::InvalidPubkey {
            reason: "it has 32 bytes".to_string(),
        },
    );
    let uncompressed = register(&|m| m.pubkey = Binary::from(vec![4u8; 33]), &s);
    s.assert_refused(
        |s| s.execute_admin(&admin, &uncompressed),
        ContractError::InvalidPubkey {
            reason: "it starts with 0x04".to_string(),
        },
    );
    let retailer = s.addrs.retailer.clone();
    let not_consumer = register(&|m| m.owner = retailer.to_string(), &s);
    s.assert_refused(
        |s| s.execute_admin(&admin, &not_consumer),
        ContractError::MissingRole {
            address: retailer.clone(),
            role: "consumer".to_string(),
        },
    );
    let bob = s.consumer("bob");
    let not_retailer = register(&|m| m.retailer = bob.to_string(), &s);
    s.assert_refused(
        |s| s.execute_admin(&admin, &not_retailer),
        ContractError::MissingRole {
            address: bob.clone(),
            role: "retailer".to_string(),
        },
    );
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
    let blacklister = s.addrs.blacklister.clone();
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

// --------------------------------------------------------------------------- SetMeterStatus

#[test]
fn set_meter_status_by_a_stranger_is_refused() {
    let mut s = world();
    let stranger = s.addrs.stranger.clone();
    s.assert_refused(
        |s| s.set_meter_status(&stranger, "alice-meter", MeterStatus::Suspended),
        not_admin(&stranger, "change meters' status"),
    );
}

#[test]
fn set_meter_status_with_bad_input_is_refused() {
    let mut s = world();
    let admin = s.addrs.administrator.clone();
    s.assert_refused(
        |s| s.set_meter_status(&admin, "no-such-meter", MeterStatus::Suspended),
        ContractError::MeterNotFound {
            meter_id: "no-such-meter".to_string(),
        },
    );
    s.assert_refused(
        |s| s.set_meter_status(&admin, "alice-meter", MeterStatus::Active),
        ContractError::MeterStatusUnchanged {
            meter_id: "alice-meter".to_string(),
            status: "active".to_string(),
        },
    );
    s.set_meter_status(&admin, "alice-meter", MeterStatus::Retired)
        .unwrap();
    s.assert_refused(
        |s| s.set_meter_status(&admin, "alice-meter", MeterStatus::Active),
        ContractError::MeterRetired {
            meter_id: "alice-meter".to_string(),
        },
    );
}

// ------------------------------------------------------------------ ProposeAdmin, AcceptAdmin,
// ------------------------------------------------------------------ CancelAdminProposal

#[test]
fn propose_admin_by_a_stranger_is_refused() {
    let mut s = world();
    let stranger = s.addrs.stranger.clone();
    s.assert_refused(
        |s| s.propose_admin(&stranger, &stranger.clone()),
        not_admin(&stranger, "propose a new administrator"),
    );
}

#[test]
fn proposing_the_administrator_itself_is_refused() {
    let mut s = world();
    let admin = s.addrs.administrator.clone();
    s.assert_refused(
        |s| s.propose_admin(&admin, &admin.clone()),
        ContractError::AlreadyAdmin {
            address: admin.clone(),
        },
    );
    let msg = ExecuteMsg::ProposeAdmin {
        address: "Not-An-Address".to_string(),
    };
    let expected = bad_address(&s, "Not-An-Address");
    s.assert_refused(|s| s.execute_admin(&admin, &msg), expected);
}

#[test]
fn accept_admin_by_someone_not_proposed_is_refused() {
    let mut s = world();
    let admin = s.addrs.administrator.clone();
    let successor = s.addr("successor");
    let stranger = s.addrs.stranger.clone();
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
}

#[test]
fn accept_admin_after_the_proposal_was_cancelled_is_refused() {
    let mut s = world();
    let admin = s.addrs.administrator.clone();
    let successor = s.addr("successor");
    s.propose_admin(&admin, &successor).unwrap();
    s.cancel_admin_proposal(&admin).unwrap();
    s.assert_refused(
        |s| s.accept_admin(&successor),
        ContractError::NotProposedAdmin {
            sender: successor.clone(),
        },
    );
    assert_eq!(s.administrator().admin, admin);
}

#[test]
fn cancel_admin_proposal_by_a_stranger_is_refused() {
    let mut s = world();
    let admin = s.addrs.administrator.clone();
    let stranger = s.addrs.stranger.clone();
    s.propose_admin(&admin, &stranger).unwrap();
    // Even the proposed address cannot cancel: only the administrator can.
    s.assert_refused(
        |s| s.cancel_admin_proposal(&stranger),
        not_admin(&stranger, "cancel an administrator proposal"),
    );
}

#[test]
fn cancelling_without_a_proposal_is_refused() {
    let mut s = world();
    let admin = s.addrs.administrator.clone();
    s.assert_refused(
        |s| s.cancel_admin_proposal(&admin),
        ContractError::NoAdminProposal {},
    );
}

// ------------------------------------------------------------------------------------ funds

#[test]
fn native_funds_are_refused_by_every_admin_action() {
    let mut s = world();
    let admin = s.addrs.administrator.clone();
    s.fund(&admin, 1_000, "ustake");
    let contract = s.admin.clone();
    let alice = s.consumer("alice");
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
    for msg in messages {
        s.assert_refused(
            |s| s.execute_with_funds(&admin, &contract, &msg, &coins(10, "ustake")),
            ContractError::Payment(PaymentError::NonPayable {}),
        );
    }
}
