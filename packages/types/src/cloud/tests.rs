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
        resources: Resources {
            vcpus: 2,
            memory_mib: 4096,
            disk_gib: 20,
            public_ips: 1,
            gpus: 0,
        },
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
fn statuses_and_reasons_have_stable_names() {
    assert!(LeaseStatus::Requested.is_open() && LeaseStatus::Running.is_open());
    assert!(!LeaseStatus::Closed.is_open() && !LeaseStatus::Rejected.is_open());
    assert_eq!(CloseReason::FundsExhausted.as_str(), "funds_exhausted");
    assert_eq!(
        to_json_binary(&CloseReason::HoldingPeriodOver).unwrap(),
        to_json_binary(&"holding_period_over").unwrap()
    );
}
