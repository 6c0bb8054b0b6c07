//! The bank's bill payments: only the bank may report them, bad ones are refused with nothing
//! written, and each becomes a `BillStatus` for the meter's region with the bill's next
//! revision, kept unsent while the region is cut off.

use cosmwasm_std::testing::mock_env;
use cosmwasm_std::{IbcChannelCloseMsg, Uint128};
use ledger_types::region::{BillStatus, ChainPoint, OutboxResponse, OutboxState, ToRegion};
use ledger_types::router::{BillPayment, BillStatusResponse, ExecuteMsg, QueryMsg};

use super::fixtures::*;
use crate::ContractError;

/// The bank's report that `paid` of the bill of `total` is paid.
pub fn payment(meter_id: &str, period: u32, total: u128, paid: u128) -> BillPayment {
    BillPayment {
        meter_id: meter_id.to_string(),
        period,
        total: Uint128::new(total),
        paid: Uint128::new(paid),
        settled: paid >= total,
    }
}

fn paid(meter_id: &str, period: u32, total: u128, amount: u128) -> ExecuteMsg {
    ExecuteMsg::BillPaid(payment(meter_id, period, total, amount))
}

fn last_status(deps: &Deps, meter_id: &str, period: u32) -> Option<BillStatus> {
    let response: BillStatusResponse = query(
        deps,
        QueryMsg::BillStatus {
            meter_id: meter_id.to_string(),
            period,
        },
    );
    response.status
}

fn attribute(res: &cosmwasm_std::Response, key: &str) -> String {
    res.attributes
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
        .unwrap_or_else(|| panic!("no attribute {key} in {res:?}"))
}

#[test]
fn payments_go_to_the_region_with_rising_revisions() {
    let mut deps = setup();
    onboard(&mut deps, "south", "alice", "m-1");
    let env = mock_env();
    let at = ChainPoint {
        height: env.block.height,
        time: env.block.time.seconds(),
    };
    for (revision, amount) in [(1u64, 0u128), (2, 40), (3, 100)] {
        let res = exec(&mut deps, "bank", paid("m-1", 7, 100, amount)).unwrap();
        let msgs: Vec<_> = res.messages.iter().map(|m| m.msg.clone()).collect();
        let [sent] = &sent_packets(&msgs)[..] else {
            panic!("expected one packet, got {msgs:?}");
        };
        let expected = BillStatus {
            meter_id: "m-1".to_string(),
            period: 7,
            total: Uint128::new(100),
            paid: Uint128::new(amount),
            settled: amount == 100,
            revision,
            at,
        };
        assert_eq!(sent.channel_id, "channel-1");
        assert_eq!(sent.packet.body, ToRegion::BillStatus(expected.clone()));
        for (key, value) in [
            ("action", "bill_paid".to_string()),
            ("region", "south".to_string()),
            ("meter_id", "m-1".to_string()),
            ("period", "7".to_string()),
            ("total", "100".to_string()),
            ("paid", amount.to_string()),
            ("settled", (amount == 100).to_string()),
            ("revision", revision.to_string()),
            ("packet_id", sent.packet.id.to_string()),
        ] {
            assert_eq!(attribute(&res, key), value, "attribute {key}");
        }
        assert_eq!(last_status(&deps, "m-1", 7), Some(expected));
    }
    // Each bill counts its own revisions.
    let res = exec(&mut deps, "bank", paid("m-1", 8, 50, 10)).unwrap();
    assert_eq!(attribute(&res, "revision"), "1");
    assert_eq!(last_status(&deps, "m-1", 7).unwrap().revision, 3);
}

#[test]
fn only_the_bank_reports_payments() {
    let mut deps = setup();
    onboard(&mut deps, "north", "alice", "m-1");
    for sender in ["registry", "admin", "alice", "mallory"] {
        assert_refused(
            &mut deps,
            sender,
            paid("m-1", 7, 100, 40),
            ContractError::NotBank {
                bank: addr("bank"),
                sender: addr(sender),
            },
        );
    }
}

#[test]
fn payments_of_unrouted_meters_and_bad_payments_are_refused() {
    let mut deps = setup();
    onboard(&mut deps, "north", "alice", "m-1");
    // A main-chain meter, or one nobody registered, has no route.
    assert_refused(
        &mut deps,
        "bank",
        paid("m-local", 7, 100, 40),
        ContractError::UnknownMeter {
            meter_id: "m-local".to_string(),
        },
    );
    let invalid = |reason: &str| ContractError::InvalidBillPayment {
        meter_id: "m-1".to_string(),
        period: 7,
        reason: reason.to_string(),
    };
    let settled_early = BillPayment {
        settled: true,
        ..payment("m-1", 7, 100, 40)
    };
    let unsettled_paid = BillPayment {
        settled: false,
        ..payment("m-1", 7, 100, 100)
    };
    for (bad, reason) in [
        (settled_early, "settled is true while 40 of 100 is paid"),
        (unsettled_paid, "settled is false while 100 of 100 is paid"),
    ] {
        assert_refused(
            &mut deps,
            "bank",
            ExecuteMsg::BillPaid(bad),
            invalid(reason),
        );
    }

    exec(&mut deps, "bank", paid("m-1", 7, 100, 40)).unwrap();
    assert_refused(
        &mut deps,
        "bank",
        paid("m-1", 7, 90, 40),
        invalid("the bill's total is 90, not 100 as before"),
    );
    assert_refused(
        &mut deps,
        "bank",
        paid("m-1", 7, 100, 30),
        invalid("30 paid is less than the 40 already reported"),
    );
    assert_eq!(last_status(&deps, "m-1", 7).unwrap().revision, 1);
}

/// A payment must not fail because a region is cut off: the status is kept unsent for the
/// operator's retry, and its revision still counts.
#[test]
fn a_status_for_a_cut_off_region_is_kept_unsent() {
    let mut deps = setup();
    onboard(&mut deps, "south", "alice", "m-1");
    crate::channel::close(
        deps.as_mut(),
        mock_env(),
        IbcChannelCloseMsg::new_init(region_channel(SOUTH)),
    )
    .unwrap();
    let res = exec(&mut deps, "bank", paid("m-1", 7, 100, 40)).unwrap();
    assert!(res.messages.is_empty(), "nothing can be sent now");
    assert_eq!(attribute(&res, "held"), "true");
    assert_eq!(attribute(&res, "revision"), "1");
    let outbox: OutboxResponse<ToRegion> = query(
        &deps,
        QueryMsg::Outbox {
            start_after: Some(1),
            limit: None,
        },
    );
    let [entry] = &outbox.entries[..] else {
        panic!("expected the kept status, got {outbox:?}");
    };
    assert_eq!(entry.state, OutboxState::Unsent);
    assert_eq!(attribute(&res, "packet_id"), entry.id.to_string());
    let ToRegion::BillStatus(status) = &entry.body else {
        panic!("expected a bill status, got {:?}", entry.body);
    };
    assert_eq!((status.paid, status.revision), (Uint128::new(40), 1));

    // The channel reopens: the next payment is sent with the next revision.
    connect(&mut deps, ("south", "connection-1", "channel-5")).unwrap();
    let res = exec(&mut deps, "bank", paid("m-1", 7, 100, 100)).unwrap();
    let msgs: Vec<_> = res.messages.iter().map(|m| m.msg.clone()).collect();
    let [sent] = &sent_packets(&msgs)[..] else {
        panic!("expected one packet");
    };
    assert_eq!(sent.channel_id, "channel-5");
    let ToRegion::BillStatus(status) = &sent.packet.body else {
        panic!("expected a bill status");
    };
    assert_eq!((status.revision, status.settled), (2, true));
}
