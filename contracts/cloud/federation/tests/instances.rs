//! Named instance types of a price list: checked on publish, requested by name instead of
//! resources, counted against the quota by the type's resources, and billed at the type's
//! price per hour with the one rounding rule: floor(seconds × per_hour / 3600), capped at
//! the escrow.

mod common;

use common::{HOUR, World, attr, host, hourly, prices, quota};
use ledger_cloud_federation::ContractError;
use ledger_types::cloud::{
    CloseReason, ExecuteMsg, InstanceType, LeaseStatus, LeasedInstance, PriceVersion, QueryMsg,
    ReceiveMsg, Resources,
};
use ledger_types::error_code::HasCode;
use proptest::prelude::*;

const CNIC: usize = 0;
const PKU: usize = 1;

/// cnic's `m1.large`: the tests' standard host, cheaper by the instance (125 per hour) than
/// by its resources (175 per hour).
const LARGE_PER_HOUR: u64 = 125;

fn flavor(name: &str, resources: Resources, per_hour: u64) -> InstanceType {
    InstanceType {
        name: name.to_string(),
        resources,
        per_hour,
    }
}

fn m1_large() -> InstanceType {
    flavor("m1.large", host(), LARGE_PER_HOUR)
}

/// A host twice the quota's vCPUs.
fn too_big() -> InstanceType {
    flavor(
        "x1.huge",
        Resources {
            vcpus: 2 * quota().vcpus,
            memory_mib: 1024,
            ..Resources::default()
        },
        1_000,
    )
}

/// The standard world a minute on, with cnic's version 2 in force: its first prices and the
/// types `m1.large` and `x1.huge`.
fn world_with_types() -> World {
    let mut w = World::new();
    w.s.advance_time(60);
    let now = w.s.now();
    w.publish_list(CNIC, prices(CNIC), vec![m1_large(), too_big()], now)
        .unwrap();
    w
}

fn by_type(w: &World, name: &str) -> ReceiveMsg {
    held_by_type(w, name, 2 * HOUR)
}

fn held_by_type(w: &World, name: &str, holding_seconds: u64) -> ReceiveMsg {
    ReceiveMsg::RequestLease {
        provider: w.id(CNIC),
        resources: None,
        instance_type: Some(name.to_string()),
        holding_seconds,
        terms: None,
    }
}

#[test]
fn bad_instance_types_are_refused_on_publish_with_their_codes() {
    let mut w = World::new();
    w.s.advance_time(60);
    let now = w.s.now();
    let (admin, user) = (w.admin(CNIC), w.user(CNIC));
    let publish = |types: Vec<InstanceType>| ExecuteMsg::PublishPrices {
        provider: "cnic".into(),
        prices: prices(CNIC),
        effective_from: now,
        instance_types: types,
    };
    let tiny = |name: &str| {
        flavor(
            name,
            Resources {
                vcpus: 1,
                memory_mib: 512,
                ..Resources::default()
            },
            5,
        )
    };
    let cases = [
        (
            user.clone(),
            publish(vec![m1_large()]),
            ContractError::NotOrganisationAdmin {
                org: "cnic".into(),
                admin: admin.clone(),
                sender: user,
            },
            "cloud.not_organisation_admin",
        ),
        (
            admin.clone(),
            publish((0..33).map(|i| tiny(&format!("t{i}"))).collect()),
            ContractError::TooManyInstanceTypes { count: 33, max: 32 },
            "cloud.too_many_instance_types",
        ),
        (
            admin.clone(),
            publish(vec![tiny("m1 large")]),
            ContractError::InvalidInstanceName {
                name: "m1 large".into(),
                max: 32,
            },
            "cloud.invalid_instance_name",
        ),
        (
            admin.clone(),
            publish(vec![m1_large(), tiny("m1.large")]),
            ContractError::DuplicateInstanceType {
                name: "m1.large".into(),
            },
            "cloud.duplicate_instance_type",
        ),
        (
            admin.clone(),
            publish(vec![flavor("disk-only", Resources::default(), 1)]),
            ContractError::EmptyInstanceType {
                name: "disk-only".into(),
            },
            "cloud.empty_instance_type",
        ),
    ];
    for (sender, msg, expected, code) in cases {
        assert_eq!(expected.code(), code);
        w.assert_refused(|w| w.exec(&sender, &msg), expected);
    }
    // 32 well-formed types are accepted, and the version shows them in their order.
    let full: Vec<_> = (0..32).map(|i| tiny(&format!("t{i}"))).collect();
    let res = w.exec(&admin, &publish(full.clone())).unwrap();
    assert_eq!(attr(&res, "instance_types"), "32");
    let version: PriceVersion = w.query(&QueryMsg::PriceVersion {
        provider: "cnic".into(),
        version: 2,
    });
    assert_eq!(version.instance_types, full);
}

#[test]
fn requests_by_type_are_refused_with_their_codes_and_change_nothing() {
    let mut w = world_with_types();
    let user = w.user(PKU);
    let both = ReceiveMsg::RequestLease {
        provider: w.id(CNIC),
        resources: Some(host()),
        instance_type: Some("m1.large".into()),
        holding_seconds: 2 * HOUR,
        terms: None,
    };
    let neither = ReceiveMsg::RequestLease {
        provider: w.id(CNIC),
        resources: None,
        instance_type: None,
        holding_seconds: 2 * HOUR,
        terms: None,
    };
    let short = held_by_type(&w, "m1.large", HOUR - 1);
    let in_use = w.quota_of(CNIC, PKU);
    let cases = [
        (
            both,
            1_000,
            ContractError::InstanceTypeWithResources {
                instance_type: "m1.large".into(),
            },
            "cloud.instance_type_with_resources",
        ),
        (
            neither,
            1_000,
            ContractError::NoResources {},
            "cloud.no_resources",
        ),
        (
            by_type(&w, "m1.xlarge"),
            1_000,
            ContractError::UnknownInstanceType {
                provider: "cnic".into(),
                version: 2,
                instance_type: "m1.xlarge".into(),
            },
            "cloud.unknown_instance_type",
        ),
        (
            short,
            1_000,
            ContractError::HoldingTooShort {
                holding_seconds: HOUR - 1,
                min: HOUR,
            },
            "cloud.holding_too_short",
        ),
        (
            by_type(&w, "x1.huge"),
            10_000,
            ContractError::OverQuota {
                resource: "vcpus".into(),
                requested: u64::from(2 * quota().vcpus),
                limit: u64::from(quota().vcpus),
                in_use: u64::from(in_use.in_use.vcpus),
                left: u64::from(quota().vcpus - in_use.in_use.vcpus),
            },
            "cloud.over_quota",
        ),
        // One hour at the type's price is the least escrow, not an hour of its resources.
        (
            by_type(&w, "m1.large"),
            u128::from(LARGE_PER_HOUR) - 1,
            ContractError::EscrowTooSmall {
                sent: (u128::from(LARGE_PER_HOUR) - 1).into(),
                min: u128::from(LARGE_PER_HOUR).into(),
            },
            "cloud.escrow_too_small",
        ),
    ];
    for (hook, escrow, expected, code) in cases {
        assert_eq!(expected.code(), code);
        w.assert_refused(|w| w.send(&user, escrow, &hook), expected);
    }
    // Exactly one hour at the type's price is enough (an hour of its resources would be 175).
    assert!(hourly(&host(), &prices(CNIC)) > u128::from(LARGE_PER_HOUR));
    w.send(&user, u128::from(LARGE_PER_HOUR), &by_type(&w, "m1.large"))
        .unwrap();
}

#[test]
fn a_lease_by_type_holds_its_resources_and_is_billed_its_hourly_price() {
    let mut w = world_with_types();
    let user = w.user(PKU);
    let before = w.quota_of(CNIC, PKU).in_use;
    let escrow = 10 * u128::from(LARGE_PER_HOUR);
    let res = w.send(&user, escrow, &by_type(&w, "m1.large")).unwrap();
    assert_eq!(attr(&res, "instance_type"), "m1.large");
    assert_eq!(attr(&res, "price_version"), "2");
    let lease_id: u64 = attr(&res, "lease_id").parse().unwrap();
    let lease = w.lease(lease_id);
    assert_eq!(lease.resources, host());
    assert_eq!(
        lease.instance_type,
        Some(LeasedInstance {
            name: "m1.large".into(),
            per_hour: LARGE_PER_HOUR,
        })
    );
    let after = w.quota_of(CNIC, PKU).in_use;
    assert_eq!(after.vcpus, before.vcpus + host().vcpus);
    assert_eq!(after.memory_mib, before.memory_mib + host().memory_mib);

    // A later version without the type does not touch the lease: it keeps version 2's price.
    w.s.advance_time(60);
    let now = w.s.now();
    w.publish_list(CNIC, prices(CNIC), vec![], now).unwrap();
    w.accept(CNIC, lease_id).unwrap();
    let seconds = 5_000;
    w.s.advance_time(seconds);
    w.release(&user, lease_id).unwrap();
    let bill = w.bill(lease_id);
    let want = u128::from(seconds) * u128::from(LARGE_PER_HOUR) / 3600;
    assert_eq!(bill.seconds, seconds);
    assert_eq!(bill.time_charge.u128(), want);
    assert_eq!(bill.amount.u128(), want);
    assert_eq!(bill.refund.u128(), escrow - want);
    assert_eq!(bill.instance_type.as_deref(), Some("m1.large"));
    assert_eq!(bill.price_version, 2);
    assert_eq!(bill.reason, CloseReason::ReleasedByUser);
    assert_eq!(w.lease(lease_id).status, LeaseStatus::Closed);
    assert_eq!(w.quota_of(CNIC, PKU).in_use, before);
    // The type is gone from the list in force now.
    w.assert_refused(
        |w| {
            let hook = by_type(w, "m1.large");
            w.send(&user, 1_000, &hook)
        },
        ContractError::UnknownInstanceType {
            provider: "cnic".into(),
            version: 3,
            instance_type: "m1.large".into(),
        },
    );
    w.assert_escrow_conserved();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// A typed lease's bill is floor(seconds × per_hour / 3600) capped at its escrow, whatever
    /// the price, the time it ran (to past its holding period) and the escrow.
    #[test]
    fn a_typed_lease_bills_the_rule(
        per_hour in 0u64..100_000,
        ran in 0u64..(3 * HOUR),
        extra_escrow in 0u128..400_000,
        closed_by_anyone in any::<bool>(),
    ) {
        let mut w = World::new();
        w.s.advance_time(60);
        let now = w.s.now();
        w.publish_list(CNIC, prices(CNIC), vec![flavor("t", host(), per_hour)], now)
            .unwrap();
        let user = w.user(PKU);
        let min = u128::from(per_hour).max(1);
        let escrow = min + extra_escrow;
        let res = w.send(&user, escrow, &by_type(&w, "t")).unwrap();
        let lease_id: u64 = attr(&res, "lease_id").parse().unwrap();
        w.accept(CNIC, lease_id).unwrap();
        w.s.advance_time(ran);
        let holding = 2 * HOUR;
        let charged = ran.min(holding);
        let want = (u128::from(charged) * u128::from(per_hour) / 3600).min(escrow);
        let stranger = w.s.addrs.stranger.clone();
        let closable = ran >= holding || want >= escrow;
        if closed_by_anyone && closable {
            w.close(&stranger, lease_id).unwrap();
        } else {
            w.release(&user, lease_id).unwrap();
        }
        let bill = w.bill(lease_id);
        prop_assert_eq!(bill.seconds, charged);
        prop_assert_eq!(
            bill.time_charge.u128(),
            u128::from(charged) * u128::from(per_hour) / 3600
        );
        prop_assert_eq!(bill.amount.u128(), want);
        prop_assert_eq!(bill.refund.u128(), escrow - want);
        w.assert_escrow_conserved();
    }
}
