//! Fixtures shared by the bank's scenario tests: who acts, Alice's opening balances, and the
//! registry changes the tests make along the way.

// Each test binary uses only some of these.
#![allow(dead_code)]

use cosmwasm_std::Addr;
use ledger_contract_kit::GuardError;
use ledger_testing::Suite;
use ledger_types::admin::ParticipantStatus;

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
