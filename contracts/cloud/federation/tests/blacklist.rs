//! The bank's rule for value and standing, in the cloud contract: a blacklisted or suspended
//! party may not act; a lease that ends while its payer or its provider may not receive value
//! is billed (its charge stops) but what it owes stays in the contract, reported, until the
//! registry clears the party and anyone releases it.

mod common;

use common::{HOUR, World, host, hourly, prices};
use cosmwasm_std::Uint128;
use ledger_cloud_federation::ContractError;
use ledger_contract_kit::GuardError;
use ledger_types::admin::ParticipantStatus;
use ledger_types::cloud::{
    CloseReason, ExecuteMsg, HeldPayout, HeldPayoutsResponse, LeaseStatus, QueryMsg,
};

const CNIC: usize = 0;
const USTC: usize = 2;

fn held(w: &World) -> Vec<HeldPayout> {
    let r: HeldPayoutsResponse = w.query(&QueryMsg::HeldPayouts {
        start_after: None,
        limit: None,
    });
    r.held
}

#[test]
fn a_blacklisted_payer_s_lease_is_billed_and_its_payout_held_until_cleared() {
    let mut w = World::new();
    let rate = hourly(&host(), &prices(CNIC));
    let a = w.running(1, CNIC, host(), 2 * HOUR, 10 * rate);
    let (payer, provider) = (w.user(1), w.admin(CNIC));
    let (blacklister, stranger) = (w.s.addrs.blacklister.clone(), w.s.addrs.stranger.clone());
    w.s.blacklist(&blacklister, &payer, "fraud").unwrap();

    // It may not act.
    w.assert_refused(
        |w| w.release(&payer, a),
        ContractError::Guard(GuardError::Blacklisted {
            address: payer.clone(),
            reason: "fraud".into(),
        }),
    );

    // Its lease still ends: billed once, nothing paid, all of it held and reported.
    w.s.advance_time(3 * HOUR);
    let (payer_before, provider_before) = (w.balance(&payer), w.balance(&provider));
    w.close(&stranger, a).unwrap();
    let bill = w.bill(a);
    assert_eq!(bill.reason, CloseReason::HoldingPeriodOver);
    assert_eq!(bill.amount.u128(), 2 * rate);
    assert_eq!(bill.refund.u128(), 8 * rate);
    assert_eq!(w.lease(a).status, LeaseStatus::Closed);
    assert_eq!(
        (w.balance(&payer), w.balance(&provider)),
        (payer_before, provider_before)
    );
    assert_eq!(
        held(&w),
        vec![HeldPayout {
            lease_id: a,
            provider_payout: provider.clone(),
            provider_amount: Uint128::new(2 * rate),
            payer: payer.clone(),
            refund: Uint128::new(8 * rate),
            barred: payer.clone(),
            reason: "blacklisted: fraud".into(),
            held_at: w.s.now(),
        }]
    );
    assert_eq!(w.escrow().held.u128(), 10 * rate);
    w.assert_escrow_conserved();

    w.assert_refused(
        |w| w.exec(&stranger, &ExecuteMsg::ReleaseHeld { lease_id: a }),
        ContractError::StillBarred {
            lease_id: a,
            address: payer.clone(),
            reason: "blacklisted: fraud".into(),
        },
    );

    // Cleared, anyone releases it: both parties are paid, once.
    w.s.unblacklist(&blacklister, &payer).unwrap();
    w.exec(&stranger, &ExecuteMsg::ReleaseHeld { lease_id: a })
        .unwrap();
    assert_eq!(w.balance(&payer), payer_before + 8 * rate);
    assert_eq!(w.balance(&provider), provider_before + 2 * rate);
    assert!(held(&w).is_empty());
    assert_eq!(w.balance(&w.cloud), 0);
    w.assert_escrow_conserved();
    w.assert_refused(
        |w| w.exec(&stranger, &ExecuteMsg::ReleaseHeld { lease_id: a }),
        ContractError::NothingHeld { lease_id: a },
    );
}

#[test]
fn a_suspended_provider_may_not_accept_and_its_earnings_wait() {
    let mut w = World::new();
    let owner = w.s.addrs.administrator.clone();
    let stranger = w.s.addrs.stranger.clone();
    let rate = hourly(&host(), &prices(CNIC));
    let running = w.running(USTC, CNIC, host(), 4 * HOUR, 4 * rate);
    let waiting = w.requested(USTC, CNIC, host(), 4 * HOUR, 4 * rate);
    let (provider, user) = (w.admin(CNIC), w.user(USTC));
    w.s.set_participant_status(&owner, &provider, ParticipantStatus::Suspended)
        .unwrap();

    w.assert_refused(
        |w| w.accept(CNIC, waiting),
        ContractError::Guard(GuardError::Suspended {
            address: provider.clone(),
        }),
    );
    // The consumer withdraws its request: its refund owes the provider nothing, so it is paid.
    let before = w.balance(&user);
    w.release(&user, waiting).unwrap();
    assert_eq!(w.balance(&user), before + 4 * rate);
    assert_eq!(w.lease(waiting).status, LeaseStatus::Withdrawn);

    // The running lease is released after an hour: billed, but held for the provider.
    w.s.advance_time(HOUR);
    w.release(&user, running).unwrap();
    assert_eq!(w.bill(running).amount.u128(), rate);
    let h = held(&w);
    assert_eq!(h.len(), 1);
    assert_eq!(
        (h[0].barred.clone(), h[0].reason.as_str()),
        (provider.clone(), "suspended")
    );
    w.assert_escrow_conserved();

    w.s.set_participant_status(&owner, &provider, ParticipantStatus::Active)
        .unwrap();
    let earned = w.balance(&provider);
    w.exec(&stranger, &ExecuteMsg::ReleaseHeld { lease_id: running })
        .unwrap();
    assert_eq!(w.balance(&provider), earned + rate);
    assert_eq!(w.balance(&user), before + 4 * rate + 3 * rate);
    w.assert_escrow_conserved();
}
