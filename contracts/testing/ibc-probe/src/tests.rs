use cosmwasm_std::testing::{MockApi, MockQuerier, MockStorage};
use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, mock_ibc_channel_open_init,
    mock_ibc_channel_open_try, mock_ibc_packet_ack, mock_ibc_packet_recv, mock_ibc_packet_timeout,
};
use cosmwasm_std::{
    Binary, CosmosMsg, IbcAcknowledgement, IbcMsg, IbcOrder, IbcTimeout, OwnedDeps, StdAck, coins,
    from_json,
};
use ledger_contract_kit::ibc::ChannelError;
use ledger_types::region::PROTOCOL_VERSION;

use crate::ProbeError;
use crate::contract::{execute, instantiate, query};
use crate::ibc::{ibc_channel_open, ibc_packet_ack, ibc_packet_receive, ibc_packet_timeout};
use crate::msg::{Answer, AnswersResponse, ExecuteMsg, InstantiateMsg, Outcome, QueryMsg};

type Deps = OwnedDeps<MockStorage, MockApi, MockQuerier>;

fn probe() -> Deps {
    let mut deps = mock_dependencies();
    let info = message_info(&deps.api.addr_make("tester"), &[]);
    instantiate(deps.as_mut(), mock_env(), info, InstantiateMsg {}).unwrap();
    deps
}

fn answers(deps: &Deps, start_after: Option<u64>, limit: Option<u32>) -> AnswersResponse {
    let msg = QueryMsg::Answers { start_after, limit };
    from_json(query(deps.as_ref(), mock_env(), msg).unwrap()).unwrap()
}

fn acknowledge(deps: &mut Deps, data: &str, ack: Binary) {
    let msg = mock_ibc_packet_ack("channel-7", &data, IbcAcknowledgement::new(ack)).unwrap();
    ibc_packet_ack(deps.as_mut(), mock_env(), msg).unwrap();
}

#[test]
fn only_the_protocol_s_channels_open() {
    let mut deps = probe();
    for open in [
        mock_ibc_channel_open_init("channel-7", IbcOrder::Unordered, PROTOCOL_VERSION),
        mock_ibc_channel_open_try("channel-7", IbcOrder::Unordered, PROTOCOL_VERSION),
    ] {
        let answer = ibc_channel_open(deps.as_mut(), mock_env(), open).unwrap();
        assert_eq!(answer.unwrap().version, PROTOCOL_VERSION);
    }
    let other = mock_ibc_channel_open_try("channel-7", IbcOrder::Unordered, "ics20-1");
    assert!(matches!(
        ibc_channel_open(deps.as_mut(), mock_env(), other),
        Err(ProbeError::Channel(ChannelError::Version { .. }))
    ));
    let ordered = mock_ibc_channel_open_try("channel-7", IbcOrder::Ordered, PROTOCOL_VERSION);
    assert!(matches!(
        ibc_channel_open(deps.as_mut(), mock_env(), ordered),
        Err(ProbeError::Channel(ChannelError::Order { .. }))
    ));
}

#[test]
fn sends_the_bytes_it_is_given_unchanged() {
    let mut deps = probe();
    let env = mock_env();
    let data = Binary::from(b"\x00not json".to_vec());
    let info = message_info(&deps.api.addr_make("tester"), &[]);
    let msg = ExecuteMsg::Send {
        channel_id: "channel-7".into(),
        data: data.clone(),
        timeout_seconds: 60,
    };
    let response = execute(deps.as_mut(), env.clone(), info, msg).unwrap();
    assert_eq!(response.messages.len(), 1);
    assert_eq!(
        response.messages[0].msg,
        CosmosMsg::Ibc(IbcMsg::SendPacket {
            channel_id: "channel-7".into(),
            data,
            timeout: IbcTimeout::with_timestamp(env.block.time.plus_seconds(60)),
        })
    );
}

#[test]
fn a_send_without_a_timeout_or_with_funds_is_refused() {
    let mut deps = probe();
    let tester = deps.api.addr_make("tester");
    let send = |timeout_seconds| ExecuteMsg::Send {
        channel_id: "channel-7".into(),
        data: Binary::from(b"{}".to_vec()),
        timeout_seconds,
    };
    let refused = execute(
        deps.as_mut(),
        mock_env(),
        message_info(&tester, &[]),
        send(0),
    );
    assert_eq!(
        refused.unwrap_err(),
        ProbeError::ZeroTimeout { timeout_seconds: 0 }
    );
    let paid = execute(
        deps.as_mut(),
        mock_env(),
        message_info(&tester, &coins(5, "stake")),
        send(60),
    );
    assert_eq!(
        paid.unwrap_err(),
        ProbeError::Funds {
            funds: "5stake".into()
        }
    );
}

#[test]
fn every_answer_is_recorded_in_order_of_arrival() {
    let mut deps = probe();
    acknowledge(&mut deps, "a", StdAck::success(b"{}").to_binary());
    acknowledge(
        &mut deps,
        "b",
        StdAck::error("[ledger:router.bad_packet] not a packet").to_binary(),
    );
    acknowledge(
        &mut deps,
        "c",
        StdAck::error("ABCI code: 5: error handling packet").to_binary(),
    );
    acknowledge(&mut deps, "d", Binary::from(b"\x01".to_vec()));
    let timeout = mock_ibc_packet_timeout("channel-7", &"e").unwrap();
    ibc_packet_timeout(deps.as_mut(), mock_env(), timeout).unwrap();

    let all = answers(&deps, None, None);
    assert!(!all.has_more);
    let outcomes: Vec<Outcome> = all.answers.iter().map(|a| a.outcome.clone()).collect();
    assert_eq!(
        outcomes,
        vec![
            Outcome::Applied {
                data: Binary::from(b"{}".to_vec())
            },
            Outcome::Refused {
                text: "[ledger:router.bad_packet] not a packet".into(),
                code: Some("router.bad_packet".into())
            },
            Outcome::Refused {
                text: "ABCI code: 5: error handling packet".into(),
                code: None
            },
            Outcome::Unreadable {
                ack: Binary::from(b"\x01".to_vec())
            },
            Outcome::TimedOut {},
        ]
    );
    let first = &all.answers[0];
    assert_eq!(
        (first.id, first.channel_id.as_str(), first.sequence),
        (1, "channel-7", 29)
    );
    assert_eq!(first.data, Binary::from(br#""a""#.to_vec()));
}

#[test]
fn answers_page() {
    let mut deps = probe();
    for data in ["a", "b", "c"] {
        acknowledge(&mut deps, data, StdAck::success(b"{}").to_binary());
    }
    let first = answers(&deps, None, Some(2));
    assert!(first.has_more);
    let ids: Vec<u64> = first.answers.iter().map(|a: &Answer| a.id).collect();
    assert_eq!(ids, vec![1, 2]);
    let rest = answers(&deps, Some(2), Some(2));
    assert!(!rest.has_more);
    assert_eq!(rest.answers.len(), 1);
    assert_eq!(rest.answers[0].id, 3);
}

#[test]
fn a_packet_sent_to_the_probe_is_refused() {
    let mut deps = probe();
    let msg = mock_ibc_packet_recv("channel-7", &"anything").unwrap();
    let response = ibc_packet_receive(deps.as_mut(), mock_env(), msg).unwrap();
    let ack: StdAck = from_json(response.acknowledgement.unwrap()).unwrap();
    assert!(matches!(ack, StdAck::Error(_)), "{ack:?}");
}
