//! Every cloud `ExecuteMsg` (and each settlement-token hook): refused for a sender without
//! the right and for bad input, each with its exact error and no change anywhere (the snapshot
//! covers every contract of the world, every cloud query and every token balance).

mod common;

use common::{HOUR, World, host, hourly, prices, quota};
use cosmwasm_std::{Addr, Binary, HexBinary, Uint128, coin};
use cw_multi_test::Executor;
use cw_utils::PaymentError;
use ledger_cloud_federation::ContractError;
use ledger_contract_kit::GuardError;
use ledger_types::admin::Role;
use ledger_types::cloud::{
    ExecuteMsg, LeaseStatus, Prices, QueryMsg, Quota, ReceiveMsg, Resources, SealedTerms,
};
use ledger_types::error_code::HasCode;

const CNIC: usize = 0;
const PKU: usize = 1;
const USTC: usize = 2;

/// The world with lease 1 (pku at cnic, running, 10 hours prepaid), lease 2 (ustc at cnic,
/// requested) and lease 3 (cnic at pku, released and billed).
fn world() -> World {
    let mut w = World::new();
    assert_eq!(
        w.running(
            PKU,
            CNIC,
            host(),
            10 * HOUR,
            10 * hourly(&host(), &prices(CNIC))
        ),
        1
    );
    assert_eq!(w.requested(USTC, CNIC, host(), 2 * HOUR, 1_000), 2);
    assert_eq!(w.running(CNIC, PKU, host(), 2 * HOUR, 1_000), 3);
    let user = w.user(CNIC);
    w.release(&user, 3).unwrap();
    w
}

fn not_admin(w: &World, org: usize, sender: &Addr) -> ContractError {
    ContractError::NotOrganisationAdmin {
        org: w.id(org),
        admin: w.admin(org),
        sender: sender.clone(),
    }
}

fn key(bytes: Vec<u8>) -> HexBinary {
    HexBinary::from(bytes)
}

/// Runs each (sender, message, expected error) case against a fresh [`world`].
fn refused(cases: Vec<(Addr, ExecuteMsg, ContractError)>) {
    let mut w = world();
    for (sender, msg, expected) in cases {
        w.assert_refused(|w| w.exec(&sender, &msg), expected);
    }
}

#[test]
fn organisations() {
    let w = world();
    let owner = w.s.addrs.administrator.clone();
    let stranger = w.s.addrs.stranger.clone();
    let good_key = w.orgs[0].public_key();
    let register =
        |id: &str, name: &str, admin: &Addr, key: HexBinary| ExecuteMsg::RegisterOrganisation {
            id: id.into(),
            name: name.into(),
            admin: admin.to_string(),
            encryption_key: key,
        };
    let (a0, u0, u1) = (w.admin(CNIC), w.user(CNIC), w.user(PKU));
    let operator = w.s.addrs.bank_operator.clone();
    let mut uncompressed = good_key.to_vec();
    uncompressed[0] = 4;
    refused(vec![
        (
            stranger.clone(),
            register("iscas", "ISCAS", &a0, good_key.clone()),
            ContractError::NotRegistryAdmin {
                sender: stranger.clone(),
            },
        ),
        (
            owner.clone(),
            register("bad id", "ISCAS", &a0, good_key.clone()),
            ContractError::InvalidOrgId {
                id: "bad id".into(),
                max: 32,
            },
        ),
        (
            owner.clone(),
            register("iscas", " ", &a0, good_key.clone()),
            ContractError::EmptyText {
                field: "organisation name".into(),
            },
        ),
        (
            owner.clone(),
            register("iscas", "ISCAS", &a0, key(vec![2; 32])),
            ContractError::PublicKeyLength {
                what: "encryption key".into(),
                len: 32,
            },
        ),
        (
            owner.clone(),
            register("iscas", "ISCAS", &stranger, good_key.clone()),
            ContractError::NotAParticipant {
                address: stranger.clone(),
            },
        ),
        (
            owner.clone(),
            register("cnic", "Again", &a0, good_key.clone()),
            ContractError::OrganisationExists { id: "cnic".into() },
        ),
        (
            u0.clone(),
            ExecuteMsg::UpdateOrganisation {
                org: w.id(CNIC),
                encryption_key: None,
                payout: Some(u0.to_string()),
            },
            not_admin(&w, CNIC, &u0),
        ),
        (
            a0.clone(),
            ExecuteMsg::UpdateOrganisation {
                org: w.id(CNIC),
                encryption_key: None,
                payout: None,
            },
            ContractError::NothingToUpdate {},
        ),
        (
            a0.clone(),
            ExecuteMsg::UpdateOrganisation {
                org: w.id(CNIC),
                encryption_key: Some(key(uncompressed)),
                payout: None,
            },
            ContractError::PublicKeyNotCompressed {
                what: "encryption key".into(),
                prefix: 4,
            },
        ),
        (
            u0.clone(),
            ExecuteMsg::AddUser {
                org: w.id(CNIC),
                user: u1.to_string(),
            },
            not_admin(&w, CNIC, &u0),
        ),
        (
            a0.clone(),
            ExecuteMsg::AddUser {
                org: "nope".into(),
                user: u1.to_string(),
            },
            ContractError::UnknownOrganisation { id: "nope".into() },
        ),
        (
            a0.clone(),
            ExecuteMsg::AddUser {
                org: w.id(CNIC),
                user: stranger.to_string(),
            },
            ContractError::NotAParticipant {
                address: stranger.clone(),
            },
        ),
        (
            a0.clone(),
            ExecuteMsg::AddUser {
                org: w.id(CNIC),
                user: operator.to_string(),
            },
            ContractError::NotCloudUser {
                address: operator.clone(),
            },
        ),
        (
            a0.clone(),
            ExecuteMsg::AddUser {
                org: w.id(CNIC),
                user: u1.to_string(),
            },
            ContractError::UserInOtherOrganisation {
                user: u1.clone(),
                org: "pku".into(),
            },
        ),
        (
            u0.clone(),
            ExecuteMsg::RemoveUser {
                org: w.id(CNIC),
                user: u0.to_string(),
            },
            not_admin(&w, CNIC, &u0),
        ),
        (
            a0.clone(),
            ExecuteMsg::RemoveUser {
                org: w.id(CNIC),
                user: u1.to_string(),
            },
            ContractError::NotAUser {
                user: u1.clone(),
                org: "cnic".into(),
            },
        ),
    ]);
}

#[test]
fn offers() {
    let w = world();
    let now = w.s.now();
    let (a0, u0, a1) = (w.admin(CNIC), w.user(CNIC), w.admin(PKU));
    let set_quota = |consumer: &str, quota: Quota| ExecuteMsg::SetQuota {
        provider: "cnic".into(),
        consumer: consumer.into(),
        quota,
    };
    let publish = |effective_from: u64| ExecuteMsg::PublishPrices {
        provider: "cnic".into(),
        prices: prices(CNIC),
        effective_from,
        instance_types: vec![],
    };
    refused(vec![
        (
            u0.clone(),
            set_quota("pku", quota()),
            not_admin(&w, CNIC, &u0),
        ),
        (
            a1.clone(),
            set_quota("pku", quota()),
            not_admin(&w, CNIC, &a1),
        ),
        (
            a0.clone(),
            set_quota("cnic", quota()),
            ContractError::SelfLease { org: "cnic".into() },
        ),
        (
            a0.clone(),
            set_quota("nope", quota()),
            ContractError::UnknownOrganisation { id: "nope".into() },
        ),
        (
            a0.clone(),
            set_quota(
                "pku",
                Quota {
                    max_holding_seconds: HOUR - 1,
                    ..quota()
                },
            ),
            ContractError::HoldingLimitTooShort {
                max_holding_seconds: HOUR - 1,
                min: HOUR,
            },
        ),
        (u0.clone(), publish(now + 10), not_admin(&w, CNIC, &u0)),
        (
            a0.clone(),
            publish(now - 1),
            ContractError::EffectiveInPast {
                effective_from: now - 1,
                now,
            },
        ),
        (
            a0.clone(),
            publish(now),
            ContractError::EffectiveNotAfterLatest {
                effective_from: now,
                version: 1,
                latest_from: now,
            },
        ),
        (
            u0.clone(),
            ExecuteMsg::RegisterAgent {
                provider: "cnic".into(),
                public_key: w.orgs[0].agent_key(),
            },
            not_admin(&w, CNIC, &u0),
        ),
        (
            a0.clone(),
            ExecuteMsg::RegisterAgent {
                provider: "cnic".into(),
                public_key: key(vec![]),
            },
            ContractError::PublicKeyLength {
                what: "agent key".into(),
                len: 0,
            },
        ),
    ]);

    // One version waits for its date at a time.
    let mut w = world();
    w.publish(CNIC, prices(PKU), now + HOUR).unwrap();
    w.assert_refused(
        |w| w.publish(CNIC, prices(USTC), now + 2 * HOUR),
        ContractError::PriceVersionPending {
            version: 2,
            effective_from: now + HOUR,
        },
    );
    // An administrator whose cloud_provider role was withdrawn no longer acts for it.
    let owner = w.s.addrs.administrator.clone();
    w.s.set_roles(&owner, &a0, vec![Role::Consumer]).unwrap();
    w.assert_refused(
        |w| w.set_quota(CNIC, PKU, quota()),
        ContractError::NotCloudProvider {
            address: a0.clone(),
        },
    );
}

#[test]
fn requests_and_top_ups() {
    let mut w = world();
    let owner = w.s.addrs.administrator.clone();
    let operator = w.s.addrs.bank_operator.clone();
    let stranger = w.s.addrs.stranger.clone();
    let loner = w.loner.clone();
    let (u0, u1, u2) = (w.user(CNIC), w.user(PKU), w.user(USTC));
    for who in [&stranger, &operator] {
        w.s.deposit(&operator, &format!("fund-{who}"), who, 10_000, false)
            .unwrap();
    }

    // Only the settlement token pays in.
    let fake =
        w.s.counterfeit_token(&owner, &u1, ("Fake Coin", "FAKE"), 10_000);
    let hook = ReceiveMsg::RequestLease {
        provider: "cnic".into(),
        resources: Some(host()),
        instance_type: None,
        holding_seconds: HOUR,
        terms: None,
    };
    let cloud = w.cloud.clone();
    w.assert_refused(
        |w| w.s.cw20_send(&fake, &u1, &cloud, 5_000, &hook),
        ContractError::WrongToken {
            token: w.s.token.clone(),
            sender: fake.clone(),
        },
    );

    let min = hourly(&host(), &prices(CNIC));
    let cases: Vec<(Addr, usize, Resources, u64, u128, ContractError)> = vec![
        (
            stranger.clone(),
            CNIC,
            host(),
            HOUR,
            min,
            ContractError::NotAParticipant {
                address: stranger.clone(),
            },
        ),
        (
            operator.clone(),
            CNIC,
            host(),
            HOUR,
            min,
            ContractError::NotCloudUser {
                address: operator.clone(),
            },
        ),
        (
            loner.clone(),
            CNIC,
            host(),
            HOUR,
            min,
            ContractError::NotAMember {
                address: loner.clone(),
                expected: "any organisation".into(),
            },
        ),
        (
            u1.clone(),
            PKU,
            host(),
            HOUR,
            min,
            ContractError::SelfLease { org: "pku".into() },
        ),
        (
            u1.clone(),
            CNIC,
            Resources {
                memory_mib: 0,
                ..host()
            },
            HOUR,
            min,
            ContractError::EmptyResources {},
        ),
        (
            u1.clone(),
            CNIC,
            host(),
            HOUR - 1,
            min,
            ContractError::HoldingTooShort {
                holding_seconds: HOUR - 1,
                min: HOUR,
            },
        ),
        (
            u1.clone(),
            CNIC,
            host(),
            8 * 24 * HOUR,
            min,
            ContractError::HoldingOverQuota {
                holding_seconds: 8 * 24 * HOUR,
                max: 7 * 24 * HOUR,
            },
        ),
        (
            u1.clone(),
            CNIC,
            Resources {
                memory_mib: 57 * 1024,
                ..host()
            },
            HOUR,
            5_000,
            ContractError::OverQuota {
                resource: "memory_mib".into(),
                requested: 57 * 1024,
                limit: 64 * 1024,
                in_use: 8 * 1024,
                left: 56 * 1024,
            },
        ),
        (
            u1.clone(),
            CNIC,
            Resources { gpus: 1, ..host() },
            HOUR,
            5_000,
            ContractError::OverQuota {
                resource: "gpus".into(),
                requested: 1,
                limit: 0,
                in_use: 0,
                left: 0,
            },
        ),
        (
            u1.clone(),
            CNIC,
            host(),
            HOUR,
            min - 1,
            ContractError::EscrowTooSmall {
                sent: Uint128::new(min - 1),
                min: Uint128::new(min),
            },
        ),
    ];
    for (sender, provider, res, holding, escrow, expected) in cases {
        w.assert_refused(
            |w| w.request(&sender, provider, res, holding, escrow),
            expected,
        );
    }
    let unknown = ReceiveMsg::RequestLease {
        provider: "nope".into(),
        resources: Some(host()),
        instance_type: None,
        holding_seconds: HOUR,
        terms: None,
    };
    w.assert_refused(
        |w| w.send(&u1, min, &unknown),
        ContractError::UnknownOrganisation { id: "nope".into() },
    );
    let short_envelope = ReceiveMsg::RequestLease {
        provider: "cnic".into(),
        resources: Some(host()),
        instance_type: None,
        holding_seconds: HOUR,
        terms: Some(SealedTerms {
            for_provider: Binary::from(vec![1; 10]),
            for_consumer: Binary::from(vec![1; 100]),
            commitment: HexBinary::from(vec![0; 32]),
        }),
    };
    w.assert_refused(
        |w| w.send(&u1, min, &short_envelope),
        ContractError::EnvelopeLength {
            which: "for_provider".into(),
            len: 10,
            min: 63,
            max: 4_096,
        },
    );

    // Top-ups: only the lease's consumer organisation, only open leases.
    w.assert_refused(
        |w| w.send(&u2, 100, &ReceiveMsg::TopUp { lease_id: 1 }),
        ContractError::NotAMember {
            address: u2.clone(),
            expected: "pku".into(),
        },
    );
    w.assert_refused(
        |w| w.send(&u0, 100, &ReceiveMsg::TopUp { lease_id: 3 }),
        ContractError::LeaseNotOpen {
            lease_id: 3,
            status: "closed".into(),
        },
    );
    w.assert_refused(
        |w| w.send(&u1, 100, &ReceiveMsg::TopUp { lease_id: 99 }),
        ContractError::UnknownLease { lease_id: 99 },
    );
}

#[test]
fn a_fourth_organisation_without_quota_prices_or_agent() {
    let mut w = world();
    let owner = w.s.addrs.administrator.clone();
    let loner = w.loner.clone();
    let u1 = w.user(PKU);
    w.s.set_roles(&owner, &loner, vec![Role::CloudProvider])
        .unwrap();
    let encryption_key = w.orgs[0].public_key();
    w.exec(
        &owner,
        &ExecuteMsg::RegisterOrganisation {
            id: "iscas".into(),
            name: "ISCAS".into(),
            admin: loner.to_string(),
            encryption_key,
        },
    )
    .unwrap();
    let ask = ReceiveMsg::RequestLease {
        provider: "iscas".into(),
        resources: Some(host()),
        instance_type: None,
        holding_seconds: HOUR,
        terms: None,
    };
    w.assert_refused(
        |w| w.send(&u1, 1_000, &ask),
        ContractError::NoQuota {
            provider: "iscas".into(),
            consumer: "pku".into(),
        },
    );
    w.exec(
        &loner,
        &ExecuteMsg::SetQuota {
            provider: "iscas".into(),
            consumer: "pku".into(),
            quota: quota(),
        },
    )
    .unwrap();
    w.assert_refused(
        |w| w.send(&u1, 1_000, &ask),
        ContractError::NoPrices {
            provider: "iscas".into(),
        },
    );
    let now = w.s.now();
    w.exec(
        &loner,
        &ExecuteMsg::PublishPrices {
            provider: "iscas".into(),
            prices: Prices::default(),
            effective_from: now,
            instance_types: vec![],
        },
    )
    .unwrap();
    let res = w.send(&u1, 1, &ask).unwrap();
    let lease_id: u64 = common::attr(&res, "lease_id").parse().unwrap();
    w.exec(&loner, &ExecuteMsg::AcceptLease { lease_id })
        .unwrap();
    w.s.advance_time(HOUR);
    // Signed by some agent, but iscas registered none.
    let record = w.usage(CNIC, lease_id, 1, 1, (now, now + 60));
    w.assert_refused(
        |w| w.submit(vec![record]),
        ContractError::NoAgentKey {
            provider: "iscas".into(),
        },
    );
}

#[test]
fn lease_actions() {
    let w = world();
    let t0 = w.s.now();
    let stranger = w.s.addrs.stranger.clone();
    let (a0, u0, a1, u2) = (w.admin(CNIC), w.user(CNIC), w.admin(PKU), w.user(USTC));
    let a1_not_admin = not_admin(&w, CNIC, &a1);
    refused(vec![
        (
            u0.clone(),
            ExecuteMsg::AcceptLease { lease_id: 2 },
            not_admin(&w, CNIC, &u0),
        ),
        (
            a1.clone(),
            ExecuteMsg::AcceptLease { lease_id: 2 },
            a1_not_admin,
        ),
        (
            a0.clone(),
            ExecuteMsg::AcceptLease { lease_id: 99 },
            ContractError::UnknownLease { lease_id: 99 },
        ),
        (
            a0.clone(),
            ExecuteMsg::AcceptLease { lease_id: 1 },
            ContractError::LeaseNotRequested {
                lease_id: 1,
                status: "running".into(),
            },
        ),
        (
            u2.clone(),
            ExecuteMsg::RejectLease {
                lease_id: 2,
                reason: "no".into(),
            },
            not_admin(&w, CNIC, &u2),
        ),
        (
            a0.clone(),
            ExecuteMsg::RejectLease {
                lease_id: 2,
                reason: "".into(),
            },
            ContractError::EmptyText {
                field: "rejection reason".into(),
            },
        ),
        (
            a0.clone(),
            ExecuteMsg::RejectLease {
                lease_id: 1,
                reason: "too late".into(),
            },
            ContractError::LeaseNotRequested {
                lease_id: 1,
                status: "running".into(),
            },
        ),
        (
            stranger.clone(),
            ExecuteMsg::ReleaseLease { lease_id: 1 },
            ContractError::NotLeaseParty {
                lease_id: 1,
                sender: stranger.clone(),
            },
        ),
        (
            u2.clone(),
            ExecuteMsg::ReleaseLease { lease_id: 1 },
            ContractError::NotLeaseParty {
                lease_id: 1,
                sender: u2.clone(),
            },
        ),
        (
            a0.clone(),
            ExecuteMsg::ReleaseLease { lease_id: 2 },
            ContractError::LeaseNotAccepted { lease_id: 2 },
        ),
        (
            u0.clone(),
            ExecuteMsg::ReleaseLease { lease_id: 3 },
            ContractError::LeaseNotRunning {
                lease_id: 3,
                status: "closed".into(),
            },
        ),
        (
            stranger.clone(),
            ExecuteMsg::CloseLease { lease_id: 1 },
            ContractError::LeaseNotClosable {
                lease_id: 1,
                holding_ends_at: t0 + 10 * HOUR,
                charge: Uint128::zero(),
                escrow: Uint128::new(10 * hourly(&host(), &prices(CNIC))),
            },
        ),
        (
            stranger.clone(),
            ExecuteMsg::CloseLease { lease_id: 2 },
            ContractError::LeaseNotAccepted { lease_id: 2 },
        ),
        (
            stranger.clone(),
            ExecuteMsg::SealTerms {
                lease_id: 1,
                terms: w.seal(CNIC, PKU, 1, "x").0,
            },
            ContractError::NotLeaseParty {
                lease_id: 1,
                sender: stranger.clone(),
            },
        ),
        (
            w.user(PKU),
            ExecuteMsg::SealTerms {
                lease_id: 1,
                terms: SealedTerms {
                    commitment: HexBinary::from(vec![0; 31]),
                    ..w.seal(CNIC, PKU, 1, "x").0
                },
            },
            ContractError::CommitmentLength { len: 31 },
        ),
        (
            stranger.clone(),
            ExecuteMsg::ReleaseHeld { lease_id: 1 },
            ContractError::NothingHeld { lease_id: 1 },
        ),
    ]);
}

#[test]
fn a_lease_never_accepted_is_told_apart_from_one_that_ended() {
    let mut w = world();
    // Lease 2 waits for its provider; lease 3 was closed.
    assert_eq!(w.lease(2).status, LeaseStatus::Requested);
    assert_eq!(w.lease(3).status, LeaseStatus::Closed);
    w.assert_query_refused(
        &QueryMsg::LeaseCharge { lease_id: 2 },
        ContractError::LeaseNotAccepted { lease_id: 2 },
    );
    let stranger = w.s.addrs.stranger.clone();
    w.assert_refused(
        |w| w.close(&stranger, 2),
        ContractError::LeaseNotAccepted { lease_id: 2 },
    );
    w.assert_refused(
        |w| w.close(&stranger, 3),
        ContractError::LeaseNotRunning {
            lease_id: 3,
            status: "closed".into(),
        },
    );
    assert_eq!(
        ContractError::LeaseNotAccepted { lease_id: 2 }.code(),
        "cloud.lease_not_accepted"
    );
    assert_ne!(
        ContractError::LeaseNotAccepted { lease_id: 2 }.code(),
        ContractError::LeaseNotRunning {
            lease_id: 2,
            status: "requested".into()
        }
        .code()
    );
}

#[test]
fn usage_records() {
    let mut w = world();
    let t0 = w.s.now();
    w.s.advance_time(2 * HOUR);
    let now = w.s.now();
    w.assert_refused(|w| w.submit(vec![]), ContractError::EmptyUsageBatch {});
    let many: Vec<_> = (1..=51)
        .map(|n| w.usage(CNIC, 1, n, 1, (t0 + n, t0 + n + 1)))
        .collect();
    w.assert_refused(
        |w| w.submit(many),
        ContractError::TooManyUsageRecords { count: 51, max: 50 },
    );
    let cases = vec![
        (
            w.usage(PKU, 1, 1, 5, (t0, t0 + HOUR)),
            ContractError::BadUsageSignature {
                lease_id: 1,
                sequence: 1,
                provider: "cnic".into(),
            },
        ),
        (
            w.usage(CNIC, 2, 1, 5, (t0, t0 + HOUR)),
            ContractError::LeaseNotAccepted { lease_id: 2 },
        ),
        (
            w.usage(CNIC, 1, 1, 5, (t0 + HOUR, t0 + HOUR)),
            ContractError::UsagePeriodInvalid {
                lease_id: 1,
                sequence: 1,
                start: t0 + HOUR,
                end: t0 + HOUR,
            },
        ),
        (
            w.usage(CNIC, 1, 1, 5, (t0 - 1, t0 + HOUR)),
            ContractError::UsagePeriodOverlap {
                lease_id: 1,
                sequence: 1,
                start: t0 - 1,
                from: t0,
            },
        ),
        (
            w.usage(CNIC, 1, 1, 5, (t0, now + 1)),
            ContractError::UsageInFuture {
                lease_id: 1,
                sequence: 1,
                end: now + 1,
                now,
            },
        ),
    ];
    for (record, expected) in cases {
        w.assert_refused(|w| w.submit(vec![record]), expected);
    }
    // A tampered amount breaks the signature.
    let mut tampered = w.usage(CNIC, 1, 1, 5, (t0, t0 + HOUR));
    tampered.gb = 500;
    w.assert_refused(
        |w| w.submit(vec![tampered]),
        ContractError::BadUsageSignature {
            lease_id: 1,
            sequence: 1,
            provider: "cnic".into(),
        },
    );
    // A good record, then its replay and an overlapping one, each refused; a batch with one
    // bad record is refused whole.
    let first = w.usage(CNIC, 1, 1, 5, (t0, t0 + HOUR));
    w.submit(vec![first.clone()]).unwrap();
    w.assert_refused(
        |w| w.submit(vec![first]),
        ContractError::UsageSequence {
            lease_id: 1,
            sequence: 1,
            last: 1,
        },
    );
    let good = w.usage(CNIC, 1, 2, 3, (t0 + HOUR, t0 + 2 * HOUR));
    let overlapping = w.usage(CNIC, 1, 3, 3, (t0 + HOUR, t0 + 2 * HOUR));
    w.assert_refused(
        |w| w.submit(vec![good, overlapping]),
        ContractError::UsagePeriodOverlap {
            lease_id: 1,
            sequence: 3,
            start: t0 + HOUR,
            from: t0 + 2 * HOUR,
        },
    );
    assert_eq!(w.lease(1).usage_gb, 5);

    // Nothing is metered past the holding period (lease 1 holds 10 hours from t0).
    w.s.advance_time(10 * HOUR);
    let late = w.usage(CNIC, 1, 2, 1, (t0 + HOUR, t0 + 11 * HOUR));
    w.assert_refused(
        |w| w.submit(vec![late]),
        ContractError::UsageAfterHoldingEnd {
            lease_id: 1,
            sequence: 2,
            end: t0 + 11 * HOUR,
            holding_ends_at: t0 + 10 * HOUR,
        },
    );
}

#[test]
fn pause_and_native_funds() {
    let mut w = world();
    let owner = w.s.addrs.administrator.clone();
    let stranger = w.s.addrs.stranger.clone();
    let u1 = w.user(PKU);
    w.assert_refused(
        |w| w.exec(&stranger, &ExecuteMsg::Pause { reason: "x".into() }),
        ContractError::Guard(GuardError::NotGuardian {
            sender: stranger.clone(),
        }),
    );
    w.assert_refused(
        |w| w.exec(&owner, &ExecuteMsg::Unpause {}),
        ContractError::Guard(GuardError::PauseUnchanged {
            state: "running".into(),
        }),
    );

    // Native coins are refused by every message.
    w.s.fund(&u1, 10, "ustake");
    let cloud = w.cloud.clone();
    w.assert_refused(
        |w| {
            w.s.app.execute_contract(
                u1.clone(),
                cloud.clone(),
                &ExecuteMsg::ReleaseLease { lease_id: 1 },
                &[coin(10, "ustake")],
            )
        },
        ContractError::Payment(PaymentError::NonPayable {}),
    );

    // Paused, it refuses everything but the pause's own messages.
    w.exec(
        &owner,
        &ExecuteMsg::Pause {
            reason: "incident 7".into(),
        },
    )
    .unwrap();
    let since = w.s.now();
    let paused = || {
        ContractError::Guard(GuardError::Paused {
            by: owner.clone(),
            since,
            reason: "incident 7".into(),
        })
    };
    w.assert_refused(|w| w.release(&u1, 1), paused());
    w.assert_refused(|w| w.request(&u1, CNIC, host(), HOUR, 1_000), paused());
    w.exec(&owner, &ExecuteMsg::Unpause {}).unwrap();
    w.release(&u1, 1).unwrap();
}
