//! Fixtures shared by the bank's scenario tests: who acts, Alice's opening balances, and the
//! registry changes the tests make along the way.

// Each test binary uses only some of these.
#![allow(dead_code)]

use cosmwasm_std::Addr;
use ledger_contract_kit::GuardError;
use ledger_testing::tariffs::{self, FLAT, TIERED};
use ledger_testing::{ALICE_METER as ALICE, BOB_METER as BOB, MeterSpec, Suite, SuiteBuilder};
use ledger_types::admin::ParticipantStatus;

/// The settlement token's errors.
pub type TokenError = ledger_settlement_token::ContractError;

/// Who acts in a scenario.
pub struct Cast {
    pub admin: Addr,
    pub blacklister: Addr,
    pub operator: Addr,
    pub retailer: Addr,
    pub stranger: Addr,
    pub alice: Addr,
    pub bob: Addr,
}

impl Cast {
    pub fn of(s: &Suite) -> Cast {
        Cast {
            admin: s.addrs.administrator.clone(),
            blacklister: s.addrs.blacklister.clone(),
            operator: s.addrs.bank_operator.clone(),
            retailer: s.addrs.retailer.clone(),
            stranger: s.addrs.stranger.clone(),
            alice: s.consumer("alice"),
            bob: s.consumer("bob"),
        }
    }
}

/// Alice (advances of 15.00 and 20.00 from a contracted 50.00) holds 40.00 in her wallet and
/// 60.00 prepaid; Bob's meter (contracted 10.00: advances of 3.00 and 4.00) has nothing
/// prepaid.
pub fn contracted_world() -> (Suite, Cast) {
    let mut s = SuiteBuilder::new()
        .with_tariff(tariffs::tiered())
        .with_tariff(tariffs::flat())
        .with_meter(MeterSpec::new(ALICE, "alice", TIERED).contracted(50_00))
        .with_meter(MeterSpec::new(BOB, "bob", FLAT).contracted(10_00))
        .build();
    let who = fund_alice(&mut s);
    (s, who)
}

/// Alice gets 100.00 by deposit "SEPA-1" and prepays 60.00 of it; returns who acts.
pub fn fund_alice(s: &mut Suite) -> Cast {
    let who = Cast::of(s);
    s.deposit(&who.operator, "SEPA-1", &who.alice, 100_00, false)
        .unwrap();
    s.prepay(&who.alice, 60_00).unwrap();
    who
}

pub fn blacklisted(address: &Addr, reason: &str) -> GuardError {
    GuardError::Blacklisted {
        address: address.clone(),
        reason: reason.to_string(),
    }
}

pub fn suspended(address: &Addr) -> GuardError {
    GuardError::Suspended {
        address: address.clone(),
    }
}

/// The refusal of anything but queries while `by` keeps the contract paused.
pub fn paused_by(by: &Addr, since: u64, reason: &str) -> GuardError {
    GuardError::Paused {
        by: by.clone(),
        since,
        reason: reason.to_string(),
    }
}

pub fn suspend(s: &mut Suite, address: &Addr) {
    let admin = s.addrs.administrator.clone();
    s.set_participant_status(&admin, address, ParticipantStatus::Suspended)
        .unwrap();
}

pub fn blacklist(s: &mut Suite, address: &Addr, reason: &str) {
    let blacklister = s.addrs.blacklister.clone();
    s.blacklist(&blacklister, address, reason).unwrap();
}

pub fn unblacklist(s: &mut Suite, address: &Addr) {
    let blacklister = s.addrs.blacklister.clone();
    s.unblacklist(&blacklister, address).unwrap();
}
