//! `SubmitPackedReadings`: the same readings as `SubmitReadings`, judged the same way, and
//! bytes that are not a packed batch refused as a whole.

use cosmwasm_std::{Binary, coins};
use ledger_types::meter::{ExecuteMsg, MAX_READINGS_PER_MSG};
use ledger_types::reading::SignedReading;
use ledger_types::reading::packed::pack;

use super::helpers::*;
use crate::ContractError;

fn packed(readings: &[SignedReading]) -> ExecuteMsg {
    ExecuteMsg::SubmitPackedReadings {
        readings: Binary::from(pack(readings).unwrap()),
    }
}

/// A meter with a day of readings, at the start of its second day.
fn a_day_in() -> (Ctx, Feed) {
    let mut ctx = Ctx::with_meter();
    let mut feed = Feed::new(&ctx, METER, 1);
    ctx.at(NOV_2026 + DAY);
    ctx.submit(feed.half_hours(48, |i| 100 + i as u64)).unwrap();
    ctx.at(NOV_2026 + 2 * DAY);
    (ctx, feed)
}

fn malformed(reason: &str) -> ContractError {
    ContractError::MalformedPackedReadings {
        reason: reason.to_string(),
    }
}

#[test]
fn a_packed_batch_is_judged_as_the_same_readings_in_json() {
    let (mut json, mut feed) = a_day_in();
    let (mut bin, _) = a_day_in();
    let first = feed.next(HALF_HOUR, 7);
    let replayed = {
        let mut r = feed.peek(HALF_HOUR, 3);
        r.sequence = 2;
        feed.sign(r)
    };
    let mut bad_signature = feed.sign(feed.peek(HALF_HOUR, 5));
    bad_signature.signature = Binary::from(vec![7u8; 64]);
    let second = feed.next(HALF_HOUR, 9);
    let batch = vec![first, replayed, bad_signature, second];

    let from_json = json.submit(batch.clone()).unwrap();
    let gateway = bin.gateway.clone();
    let from_packed = bin.exec(&gateway, packed(&batch)).unwrap();

    assert_eq!(outcome(&from_packed).accepted, 2);
    assert_eq!(outcome(&from_packed).refused.len(), 2);
    assert_eq!(from_packed, from_json);
    assert_eq!(storage(&bin), storage(&json));
}

#[test]
fn bytes_that_are_not_a_packed_batch_fail_the_message() {
    let (mut ctx, mut feed) = a_day_in();
    let gateway = ctx.gateway.clone();
    let good = pack(&[feed.next(HALF_HOUR, 7)]).unwrap();
    let send = |bytes: &[u8]| ExecuteMsg::SubmitPackedReadings {
        readings: Binary::from(bytes),
    };

    ctx.refused(
        &gateway,
        send(&[]),
        malformed("no bytes: a packed batch starts with its version"),
    );
    let mut version_2 = good.clone();
    version_2[0] = 2;
    ctx.refused(
        &gateway,
        send(&version_2),
        malformed("unknown packed-readings version 2; this contract reads version 1"),
    );
    ctx.refused_as(&gateway, send(&good[..good.len() - 1]), &[], |err| {
        assert!(
            matches!(err, ContractError::MalformedPackedReadings { reason }
                if reason.starts_with("not a packed batch of readings")),
            "{err}"
        )
    });
    let mut trailing = good.clone();
    trailing.push(0);
    ctx.refused(
        &gateway,
        send(&trailing),
        malformed("not a packed batch of readings: 1 bytes after the last reading"),
    );
    // The whole-message rules of SubmitReadings hold for the unpacked batch.
    ctx.refused(&gateway, send(&[1, 0]), ContractError::NoReadings {});
    let many: Vec<SignedReading> = (0..=MAX_READINGS_PER_MSG)
        .map(|_| feed.sign(feed.peek(HALF_HOUR, 1)))
        .collect();
    ctx.refused(
        &gateway,
        packed(&many),
        ContractError::TooManyReadings {
            count: MAX_READINGS_PER_MSG + 1,
            max: MAX_READINGS_PER_MSG,
        },
    );
    // Funds are refused before the bytes are read.
    ctx.refused_with_funds(
        &gateway,
        send(&trailing),
        &coins(1, "ustake"),
        ContractError::Payment(cw_utils::PaymentError::NonPayable {}),
    );
    // And the good batch is still accepted afterwards: nothing above changed the meter.
    let response = ctx.exec(&gateway, send(&good)).unwrap();
    assert_eq!(outcome(&response).accepted, 1);
    assert_eq!(ctx.meter(METER).last_sequence, 49);
}
