use cosmwasm_std::testing::{MockStorage, mock_env};
use cosmwasm_std::{IbcMsg, IbcTimeout, from_json};
use ledger_types::region::{OutboxState, Packet};

use super::*;

const OUTBOX: Outbox<String> = Outbox::new("outbox", "outbox_last");
const DELIVERY: Delivery = Delivery {
    timeout_seconds: 60,
    max_attempts: 3,
};

fn sent(msg: &IbcMsg) -> (String, Packet<String>, IbcTimeout) {
    let IbcMsg::SendPacket {
        channel_id,
        data,
        timeout,
    } = msg
    else {
        panic!("expected a SendPacket, got {msg:?}");
    };
    (
        channel_id.clone(),
        from_json(data).unwrap(),
        timeout.clone(),
    )
}

#[test]
fn a_sent_packet_is_kept_until_applied() {
    let mut storage = MockStorage::new();
    let env = mock_env();
    let (id, msg) = OUTBOX
        .send(&mut storage, &env, "channel-3", "bill".into(), &DELIVERY)
        .unwrap();
    assert_eq!(id, 1);
    let (channel, packet, timeout) = sent(&msg);
    assert_eq!(channel, "channel-3");
    assert_eq!(
        packet,
        Packet {
            id: 1,
            body: "bill".to_string()
        }
    );
    assert_eq!(timeout.timestamp(), Some(env.block.time.plus_seconds(60)));
    assert_eq!(packet_id(&to_json_binary(&packet).unwrap()).unwrap(), 1);

    let waiting = OUTBOX.get(&storage, 1).unwrap().unwrap();
    assert_eq!(waiting.state, OutboxState::InFlight);
    assert_eq!(waiting.attempts, 1);

    let applied = OUTBOX.applied(&mut storage, 1).unwrap().unwrap();
    assert_eq!(applied.body, "bill");
    assert_eq!(OUTBOX.get(&storage, 1).unwrap(), None);
    // An acknowledgement for a packet no longer waiting changes nothing.
    assert_eq!(OUTBOX.applied(&mut storage, 1).unwrap(), None);
    // Ids are never reused.
    let (next, _) = OUTBOX
        .send(&mut storage, &env, "channel-3", "x".into(), &DELIVERY)
        .unwrap();
    assert_eq!(next, 2);
}

#[test]
fn a_timed_out_packet_is_sent_again_under_its_id_until_it_is_stuck() {
    let mut storage = MockStorage::new();
    let mut env = mock_env();
    let (id, first) = OUTBOX
        .send(&mut storage, &env, "channel-0", "bill".into(), &DELIVERY)
        .unwrap();
    env.block.time = env.block.time.plus_seconds(100);
    for attempt in 2..=3 {
        let again = OUTBOX
            .timed_out(&mut storage, &env, id, &DELIVERY)
            .unwrap()
            .expect("sent again");
        let (_, packet, timeout) = sent(&again);
        assert_eq!(packet, sent(&first).1, "same id, same body");
        assert_eq!(timeout.timestamp(), Some(env.block.time.plus_seconds(60)));
        let entry = OUTBOX.get(&storage, id).unwrap().unwrap();
        assert_eq!(entry.attempts, attempt);
        assert_eq!(entry.last_sent, env.block.time.seconds());
    }
    assert_eq!(
        OUTBOX.timed_out(&mut storage, &env, id, &DELIVERY).unwrap(),
        None
    );
    let stuck = OUTBOX.get(&storage, id).unwrap().unwrap();
    assert_eq!(stuck.state, OutboxState::Stuck);
    assert_eq!(stuck.attempts, 3);

    // An operator sends it again; it is in flight once more.
    let retried = OUTBOX
        .retry(&mut storage, &env, id, "channel-9", &DELIVERY)
        .unwrap();
    let (channel, packet, _) = sent(&retried);
    assert_eq!(
        (channel.as_str(), packet.id),
        ("channel-9", id),
        "on the channel open now"
    );
    let entry = OUTBOX.get(&storage, id).unwrap().unwrap();
    assert_eq!((entry.state, entry.attempts), (OutboxState::InFlight, 4));
}

#[test]
fn a_refused_packet_stays_visible_with_its_code() {
    let mut storage = MockStorage::new();
    let env = mock_env();
    let (id, _) = OUTBOX
        .send(&mut storage, &env, "channel-0", "bill".into(), &DELIVERY)
        .unwrap();
    OUTBOX
        .refused(
            &mut storage,
            id,
            "bank.unknown_meter".into(),
            "no meter m-9".into(),
        )
        .unwrap();
    assert_eq!(
        OUTBOX.get(&storage, id).unwrap().unwrap().state,
        OutboxState::Refused {
            code: "bank.unknown_meter".into(),
            message: "no meter m-9".into()
        }
    );
    assert!(
        OUTBOX
            .retry(&mut storage, &env, id, "channel-0", &DELIVERY)
            .is_ok()
    );
}

#[test]
fn only_a_waiting_stuck_or_refused_packet_is_retried() {
    let mut storage = MockStorage::new();
    let env = mock_env();
    assert_eq!(
        OUTBOX
            .retry(&mut storage, &env, 4, "channel-0", &DELIVERY)
            .unwrap_err(),
        OutboxError::UnknownPacket { id: 4 }
    );
    let (id, _) = OUTBOX
        .send(&mut storage, &env, "channel-0", "bill".into(), &DELIVERY)
        .unwrap();
    let before = OUTBOX.get(&storage, id).unwrap();
    assert_eq!(
        OUTBOX
            .retry(&mut storage, &env, id, "channel-0", &DELIVERY)
            .unwrap_err(),
        OutboxError::PacketInFlight { id }
    );
    assert_eq!(OUTBOX.get(&storage, id).unwrap(), before);
    // A timeout for a packet no longer waiting sends nothing.
    OUTBOX.applied(&mut storage, id).unwrap();
    assert_eq!(
        OUTBOX.timed_out(&mut storage, &env, id, &DELIVERY).unwrap(),
        None
    );
}

#[test]
fn the_outbox_pages_in_id_order() {
    let mut storage = MockStorage::new();
    let env = mock_env();
    for n in 0..5 {
        OUTBOX
            .send(&mut storage, &env, "channel-0", format!("p{n}"), &DELIVERY)
            .unwrap();
    }
    let first = OUTBOX.page(&storage, None, Some(3)).unwrap();
    assert_eq!(
        first.entries.iter().map(|e| e.id).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert!(first.has_more);
    let rest = OUTBOX.page(&storage, Some(3), Some(3)).unwrap();
    assert_eq!(
        rest.entries.iter().map(|e| e.id).collect::<Vec<_>>(),
        [4, 5]
    );
    assert!(!rest.has_more);
}

#[test]
fn every_variant_has_its_own_code() {
    ledger_types::error_code::assert_distinct(&OutboxError::codes());
}

#[test]
fn a_kept_packet_waits_unsent_until_retried() {
    let mut storage = MockStorage::new();
    let env = mock_env();
    let id = OUTBOX
        .keep(&mut storage, &env, "channel-0", "standing".into())
        .unwrap();
    let kept = OUTBOX.get(&storage, id).unwrap().unwrap();
    assert_eq!((kept.state, kept.attempts), (OutboxState::Unsent, 0));
    let msg = OUTBOX
        .retry(&mut storage, &env, id, "channel-4", &DELIVERY)
        .unwrap();
    let (channel, packet, _) = sent(&msg);
    assert_eq!(channel, "channel-4");
    assert_eq!(packet.body, "standing");
    let entry = OUTBOX.get(&storage, id).unwrap().unwrap();
    assert_eq!(
        (entry.state, entry.attempts, entry.channel_id.as_str()),
        (OutboxState::InFlight, 1, "channel-4")
    );
}
