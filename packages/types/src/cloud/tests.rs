use cosmwasm_std::{Binary, HexBinary, from_json, to_json_binary};

use super::*;

#[test]
fn gpus_may_be_left_out_of_messages() {
    let resources: Resources =
        from_json(br#"{"vcpus":2,"memory_mib":4096,"disk_gib":20,"public_ips":1}"#).unwrap();
    assert_eq!(resources.gpus, 0);
    let quota: Quota = from_json(
        br#"{"max_holding_seconds":86400,"vcpus":8,"memory_mib":16384,"disk_gib":200,"public_ips":2}"#,
    )
    .unwrap();
    assert_eq!(quota.gpus, None);
}

#[test]
fn the_hook_round_trips() {
    let hook = ReceiveMsg::RequestLease {
        provider: "org-1".into(),
        resources: Some(Resources {
            vcpus: 2,
            memory_mib: 4096,
            disk_gib: 20,
            public_ips: 1,
            gpus: 0,
        }),
        instance_type: None,
        holding_seconds: 7200,
        terms: Some(SealedTerms {
            for_provider: Binary::from(vec![1, 2]),
            for_consumer: Binary::from(vec![3]),
            commitment: HexBinary::from(vec![0; 32]),
        }),
    };
    let json = to_json_binary(&hook).unwrap();
    assert_eq!(from_json::<ReceiveMsg>(&json).unwrap(), hook);
}

#[test]
fn messages_and_records_from_before_instance_types_still_read() {
    // A request as clients sent it before instance types: resources given, no type.
    let hook: ReceiveMsg = from_json(
        br#"{"request_lease":{"provider":"org-1","resources":{"vcpus":1,"memory_mib":512,"disk_gib":0,"public_ips":0},"holding_seconds":3600,"terms":null}}"#,
    )
    .unwrap();
    let ReceiveMsg::RequestLease {
        resources,
        instance_type,
        ..
    } = hook
    else {
        panic!("not a request: {hook:?}");
    };
    assert_eq!(resources.map(|r| r.memory_mib), Some(512));
    assert_eq!(instance_type, None);
    // A publication and a stored price version without instance types.
    let publish: ExecuteMsg = from_json(
        br#"{"publish_prices":{"provider":"org-1","effective_from":5,"prices":{"per_vcpu_hour":1,"per_memory_gib_hour":1,"per_disk_gib_hour":0,"per_public_ip_hour":0,"per_gb_transferred":0}}}"#,
    )
    .unwrap();
    assert!(
        matches!(publish, ExecuteMsg::PublishPrices { ref instance_types, .. } if instance_types.is_empty())
    );
    let version: PriceVersion = from_json(
        br#"{"provider":"org-1","version":1,"effective_from":5,"published_at":5,"prices":{"per_vcpu_hour":1,"per_memory_gib_hour":1,"per_disk_gib_hour":0,"per_public_ip_hour":0,"per_gb_transferred":0}}"#,
    )
    .unwrap();
    assert!(version.instance_types.is_empty());
    assert_eq!(version.instance_type("m1.large"), None);
}

#[test]
fn a_version_finds_its_instance_types_by_exact_name() {
    let large = InstanceType {
        name: "m1.large".into(),
        resources: Resources {
            vcpus: 4,
            memory_mib: 8192,
            ..Resources::default()
        },
        per_hour: 120,
    };
    let version = PriceVersion {
        provider: "org-1".into(),
        version: 2,
        prices: Prices::default(),
        effective_from: 0,
        published_at: 0,
        instance_types: vec![large.clone()],
    };
    assert_eq!(version.instance_type("m1.large"), Some(&large));
    assert_eq!(version.instance_type("M1.LARGE"), None);
}

#[test]
fn statuses_and_reasons_have_stable_names() {
    assert!(LeaseStatus::Requested.is_open() && LeaseStatus::Running.is_open());
    assert!(!LeaseStatus::Closed.is_open() && !LeaseStatus::Rejected.is_open());
    assert_eq!(CloseReason::FundsExhausted.as_str(), "funds_exhausted");
    assert_eq!(
        to_json_binary(&CloseReason::HoldingPeriodOver).unwrap(),
        to_json_binary(&"holding_period_over").unwrap()
    );
}
