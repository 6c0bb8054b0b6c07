//! Whatever the relayer does with the main chain's answers to the region's bills
//! (acknowledgements delivered again, timeouts that send a packet again, payment statuses out
//! of order and twice), a bill's record holds the one confirmation the main chain gave, the
//! status of the highest revision (what is paid never goes back), and its packet leaves the
//! outbox once. The endpoint's entry points are called as the chain would, with cosmwasm's
//! mocks; the consumer's meter contract is a mocked querier.

use std::collections::BTreeMap;

use cosmwasm_std::testing::{
    MockApi, MockQuerier, MockStorage, message_info, mock_dependencies, mock_env, mock_ibc_channel,
    mock_ibc_packet_ack, mock_ibc_packet_recv, mock_ibc_packet_timeout,
};
use cosmwasm_std::{
    Addr, Binary, ContractResult, CosmosMsg, Env, Event, IbcAcknowledgement, IbcBasicResponse,
    IbcChannelConnectMsg, IbcChannelOpenMsg, IbcMsg, OwnedDeps, QuerierResult, Reply, StdAck,
    SubMsgResponse, SubMsgResult, SystemError, SystemResult, Timestamp, Uint128, WasmQuery,
    from_json, to_json_binary,
};
use ledger_contract_kit::ibc::applied;
use ledger_region_endpoint::contract::{execute, instantiate, query, reply};
use ledger_region_endpoint::ibc::{
    ibc_channel_connect, ibc_channel_open, ibc_packet_ack, ibc_packet_receive, ibc_packet_timeout,
};
use ledger_types::bank::{AdvanceNotice, BillNotice};
use ledger_types::billing::MeterSettings;
use ledger_types::meter::MeterKind;
use ledger_types::meter::{self, Bill, DailyTotalsResponse, NewMeter, QueryMsg as MeterQuery};
use ledger_types::region::{
    BillConfirmed, BillStatus, CHANNEL_ORDER, ChainPoint, OutboxResponse, OutboxState,
    PROTOCOL_VERSION, Packet, ToMain, ToRegion,
};
use ledger_types::region_endpoint::{BillRecord, Delivery, ExecuteMsg, InstantiateMsg, QueryMsg};
use ledger_types::tariff::{QueryMsg as TariffQuery, TariffInfo, TariffOwner};
use proptest::prelude::*;

type Deps = OwnedDeps<MockStorage, MockApi, MockQuerier>;

const CHANNEL: &str = "channel-0";
const CONNECTION: &str = "connection-2";
const ROUTER_PORT: &str = "wasm.router";
const METER: &str = "m-1";
/// November 2026 as a calendar-month period: the first bill's.
const FIRST_PERIOD: u32 = 682;
const MAX_ATTEMPTS: u32 = 3;
/// Time of every call: the bills are closed, nothing depends on the clock here.
const NOW: u64 = 1_800_000_000;

fn addr(name: &str) -> Addr {
    MockApi::default().addr_make(name)
}

fn alice_meters() -> Addr {
    addr("alice-meters")
}

fn env() -> Env {
    let mut env = mock_env();
    env.block.time = Timestamp::from_seconds(NOW);
    env
}

fn bill_of(period: u32) -> Bill {
    let (start, end) = MeterSettings::default()
        .cycle
        .bounds(period)
        .expect("a calendar month");
    let total = Uint128::new(1_000 + u128::from(period));
    Bill {
        meter_id: METER.to_string(),
        period,
        period_start: start,
        period_end: end,
        billed_from: start,
        billed_to: end,
        energy_wh: 3_500,
        late_energy_wh: 0,
        max_power_w: 4_000,
        tariff_id: "flat".to_string(),
        tariff_version: 1,
        lines: vec![],
        subtotal: total,
        tax: Uint128::zero(),
        total,
        closed_at: end + 60,
    }
}

fn answer<T: serde::Serialize>(value: &T) -> QuerierResult {
    match to_json_binary(value) {
        Ok(data) => SystemResult::Ok(ContractResult::Ok(data)),
        Err(err) => SystemResult::Ok(ContractResult::Err(err.to_string())),
    }
}

/// The tariff contract (knows "flat", the retailer's) and alice's meter contract: its config, a bill for
/// every period and no daily totals.
fn contracts(query: &WasmQuery) -> QuerierResult {
    let WasmQuery::Smart { contract_addr, msg } = query else {
        return SystemResult::Err(SystemError::Unknown {});
    };
    if *contract_addr == addr("tariff").as_str() {
        return match from_json(msg).expect("a tariff query") {
            TariffQuery::Tariff { tariff_id } => answer(&TariffInfo {
                tariff_id,
                name: "Flat".to_string(),
                utc_offset_minutes: 0,
                versions: 1,
                effective_from: vec![0],
            }),
            TariffQuery::Owner { tariff_id } => answer(&TariffOwner {
                tariff_id,
                owner: Some(addr("retailer")),
            }),
            _ => SystemResult::Err(SystemError::Unknown {}),
        };
    }
    if *contract_addr == alice_meters().as_str() {
        return match from_json(msg).expect("a meter query") {
            MeterQuery::Config {} => answer(&meter::ConfigResponse {
                owner: addr("alice"),
                admin_contract: addr("endpoint"),
                tariff_contract: addr("tariff"),
                bank_contract: addr("endpoint"),
                settings: MeterSettings::default(),
                owner_blocked: false,
            }),
            MeterQuery::Bill { period, .. } => answer(&bill_of(period)),
            MeterQuery::DailyTotals { meter_id, .. } => answer(&DailyTotalsResponse {
                meter_id,
                days: vec![],
                has_more: false,
            }),
            other => SystemResult::Ok(ContractResult::Err(format!("no answer to {other:?}"))),
        };
    }
    SystemResult::Err(SystemError::NoSuchContract {
        addr: contract_addr.clone(),
    })
}

/// The endpoint with its channel open and alice's meter [`METER`] registered.
fn onboarded() -> Deps {
    let mut deps = mock_dependencies();
    deps.querier.update_wasm(contracts);
    let msg = InstantiateMsg {
        admin: addr("operator").to_string(),
        main_connection_id: CONNECTION.to_string(),
        router_port: ROUTER_PORT.to_string(),
        meter_code_id: 7,
        tariff_contract: addr("tariff").to_string(),
        meter_settings: MeterSettings::default(),
        delivery: Delivery {
            timeout_seconds: 600,
            max_attempts: MAX_ATTEMPTS,
        },
    };
    instantiate(
        deps.as_mut(),
        env(),
        message_info(&addr("deployer"), &[]),
        msg,
    )
    .expect("instantiate");
    let mut channel = mock_ibc_channel(CHANNEL, CHANNEL_ORDER, PROTOCOL_VERSION);
    channel.connection_id = CONNECTION.to_string();
    channel.counterparty_endpoint.port_id = ROUTER_PORT.to_string();
    let open = IbcChannelOpenMsg::new_try(channel.clone(), PROTOCOL_VERSION);
    ibc_channel_open(deps.as_mut(), env(), open).expect("open");
    let connect = IbcChannelConnectMsg::new_ack(channel, PROTOCOL_VERSION);
    ibc_channel_connect(deps.as_mut(), env(), connect).expect("connect");

    let register = ToRegion::RegisterMeter {
        consumer: addr("alice").to_string(),
        meter: NewMeter {
            meter_id: METER.to_string(),
            retailer: addr("retailer").to_string(),
            pubkey: Binary::from(vec![2; 33]),
            tariff_id: "flat".to_string(),
            initial_register_wh: 0,
            contracted_monthly_amount: Uint128::new(10_000),
            kind: MeterKind::Consumption,
        },
    };
    let packet = mock_ibc_packet_recv(
        CHANNEL,
        &Packet {
            id: 1,
            body: register,
        },
    )
    .expect("packet");
    let res = ibc_packet_receive(deps.as_mut(), env(), packet).expect("register");
    #[allow(deprecated)]
    let result = SubMsgResult::Ok(SubMsgResponse {
        events: vec![Event::new("instantiate").add_attribute("_contract_address", alice_meters())],
        data: None,
        msg_responses: vec![],
    });
    let instantiated = Reply {
        id: res.messages[0].id,
        payload: res.messages[0].payload.clone(),
        gas_used: 0,
        result,
    };
    reply(deps.as_mut(), env(), instantiated).expect("the meter contract instantiated");
    deps
}

/// Alice's meter contract hands the endpoint the bill of `period`; the packet it sent.
fn record_bill(deps: &mut Deps, period: u32) -> Packet<ToMain> {
    let bill = bill_of(period);
    let notice = BillNotice {
        meter_id: METER.to_string(),
        period,
        total: bill.total,
        final_due: bill.period_end + 14 * 86_400,
        next: AdvanceNotice {
            meter_id: METER.to_string(),
            period: period + 1,
            estimate: bill.total,
            advances: vec![],
        },
    };
    let res = execute(
        deps.as_mut(),
        env(),
        message_info(&alice_meters(), &[]),
        ExecuteMsg::RecordBill(notice),
    )
    .expect("the bill is sent");
    sent(&res.messages[0].msg)
}

fn sent(msg: &CosmosMsg) -> Packet<ToMain> {
    match msg {
        CosmosMsg::Ibc(IbcMsg::SendPacket { data, .. }) => from_json(data).expect("a packet"),
        other => panic!("not a packet: {other:?}"),
    }
}

fn ask<T: serde::de::DeserializeOwned>(deps: &Deps, msg: QueryMsg) -> T {
    from_json(query(deps.as_ref(), env(), msg).expect("query")).expect("answer")
}

fn record(deps: &Deps, period: u32) -> BillRecord {
    ask(
        deps,
        QueryMsg::Bill {
            meter_id: METER.to_string(),
            period,
        },
    )
}

fn outbox(deps: &Deps) -> OutboxResponse<ToMain> {
    ask(
        deps,
        QueryMsg::Outbox {
            start_after: None,
            limit: Some(50),
        },
    )
}

fn action(res: &IbcBasicResponse) -> String {
    res.attributes
        .iter()
        .find(|a| a.key == "action")
        .map(|a| a.value.clone())
        .unwrap_or_default()
}

/// Where the main chain confirmed the bill of `period`: one block per bill, named by every
/// acknowledgement of it (the router answers a bill again as it answered it first).
fn point(period: u32) -> ChainPoint {
    ChainPoint {
        height: 800 + u64::from(period),
        time: NOW + u64::from(period),
    }
}

/// One thing the relayer does.
#[derive(Clone, Debug)]
enum Step {
    /// Delivers the main chain's confirmation of bill `n`.
    Ack(usize),
    /// Reports that bill `n`'s packet timed out.
    Timeout(usize),
    /// Delivers status packet `k` of bill `n` (a copy shares the packet's id).
    Status(usize, usize),
}

/// The payment statuses the main chain sent for one bill, in the order of their revisions:
/// what was paid each time (never less than before).
fn statuses() -> impl Strategy<Value = Vec<u128>> {
    prop::collection::vec(0u128..=300, 1..=4).prop_map(|steps| {
        steps
            .into_iter()
            .scan(0, |paid, step| {
                *paid += step;
                Some(*paid)
            })
            .collect()
    })
}

/// One to three bills, each with its statuses, and a shuffled schedule of acks (1..3 per
/// bill, or none), timeouts (0..4) and status deliveries (each 1..2 times).
fn run() -> impl Strategy<Value = (Vec<Vec<u128>>, Vec<Step>)> {
    let bill = (
        statuses(),
        0usize..=3,
        0usize..=4,
        prop::collection::vec(1usize..=2, 4),
    );
    prop::collection::vec(bill, 1..=3).prop_flat_map(|bills| {
        let mut steps = vec![];
        let mut paid = vec![];
        for (n, (status_paid, acks, timeouts, copies)) in bills.into_iter().enumerate() {
            steps.extend(std::iter::repeat_n(Step::Ack(n), acks));
            steps.extend(std::iter::repeat_n(Step::Timeout(n), timeouts));
            for (k, copies) in copies.into_iter().take(status_paid.len()).enumerate() {
                steps.extend(std::iter::repeat_n(Step::Status(n, k), copies));
            }
            paid.push(status_paid);
        }
        (Just(paid), Just(steps).prop_shuffle())
    })
}

fn status(n: usize, k: usize, paid: u128) -> BillStatus {
    let period = FIRST_PERIOD + n as u32;
    BillStatus {
        meter_id: METER.to_string(),
        period,
        total: bill_of(period).total,
        paid: Uint128::new(paid),
        settled: false,
        revision: k as u64 + 1,
        at: ChainPoint {
            height: 900 + k as u64,
            time: NOW + k as u64,
        },
    }
}

/// The main chain's packet id of status `k` of bill `n` (1 was the registration).
fn status_packet_id(n: usize, k: usize) -> u64 {
    2 + (n * 10 + k) as u64
}

fn check(paid: &[Vec<u128>], steps: &[Step]) -> Result<(), TestCaseError> {
    let mut deps = onboarded();
    let packets: Vec<Packet<ToMain>> = (0..paid.len())
        .map(|n| record_bill(&mut deps, FIRST_PERIOD + n as u32))
        .collect();

    // Per bill: confirmations applied, sendings, whether an ack has arrived, highest revision.
    let mut confirmations = vec![0usize; paid.len()];
    let mut sendings = vec![1u32; paid.len()];
    let mut answered = vec![false; paid.len()];
    let mut newest: BTreeMap<usize, usize> = BTreeMap::new();
    let mut paid_shown: BTreeMap<usize, Option<Uint128>> = BTreeMap::new();
    for step in steps {
        match *step {
            Step::Ack(n) => {
                let period = FIRST_PERIOD + n as u32;
                let confirmed = BillConfirmed {
                    meter_id: METER.to_string(),
                    period,
                    confirmed: point(period),
                };
                let ack = applied(&confirmed).expect("an acknowledgement");
                let msg = mock_ibc_packet_ack(CHANNEL, &packets[n], IbcAcknowledgement::new(ack))
                    .expect("ack message");
                let res = ibc_packet_ack(deps.as_mut(), env(), msg).expect("the ack is taken");
                if action(&res) == "bill_confirmed" {
                    confirmations[n] += 1;
                }
                answered[n] = true;
            }
            Step::Timeout(n) => {
                let msg = mock_ibc_packet_timeout(CHANNEL, &packets[n]).expect("timeout message");
                let res =
                    ibc_packet_timeout(deps.as_mut(), env(), msg).expect("the timeout is taken");
                for resend in &res.messages {
                    prop_assert!(!answered[n], "bill {} sent again after its ack", n);
                    prop_assert_eq!(&sent(&resend.msg), &packets[n], "resent as it was");
                    sendings[n] += 1;
                }
            }
            Step::Status(n, k) => {
                let body = ToRegion::BillStatus(status(n, k, paid[n][k]));
                let packet = Packet {
                    id: status_packet_id(n, k),
                    body,
                };
                let msg = mock_ibc_packet_recv(CHANNEL, &packet).expect("status packet");
                let res = ibc_packet_receive(deps.as_mut(), env(), msg).expect("received");
                let ack = res.acknowledgement.expect("an acknowledgement");
                if let StdAck::Error(text) = from_json::<StdAck>(&ack).expect("a StdAck") {
                    return Err(TestCaseError::fail(format!("status refused: {text}")));
                }
                let before = newest.get(&n).copied();
                let now = before.map_or(k, |before| before.max(k));
                newest.insert(n, now);
                let shown = record(&deps, FIRST_PERIOD + n as u32).status;
                let paid_now = shown.as_ref().map(|status| status.paid);
                prop_assert!(
                    paid_now >= paid_shown.insert(n, paid_now).flatten(),
                    "bill {}: paid went back",
                    n
                );
                prop_assert_eq!(shown, Some(status(n, now, paid[n][now])), "bill {}", n);
            }
        }
    }

    let waiting = outbox(&deps).entries;
    for (n, packet) in packets.iter().enumerate() {
        let period = FIRST_PERIOD + n as u32;
        let bill = record(&deps, period);
        let entry = waiting.iter().find(|entry| entry.id == packet.id);
        if answered[n] {
            prop_assert_eq!(confirmations[n], 1, "bill {} confirmed more than once", n);
            prop_assert_eq!(bill.confirmed, Some(point(period)));
            prop_assert!(entry.is_none(), "bill {} still in the outbox", n);
        } else {
            prop_assert_eq!(bill.confirmed, None);
            let entry = entry.expect("an unanswered bill stays in the outbox");
            prop_assert_eq!(entry.attempts, sendings[n]);
            // Sent as often as allowed and timed out each time: left for the operator.
            let state = if timeouts(steps, n) >= MAX_ATTEMPTS as usize {
                OutboxState::Stuck
            } else {
                OutboxState::InFlight
            };
            prop_assert_eq!(&entry.state, &state, "bill {}", n);
        }
        let expected = newest.get(&n).map(|&k| status(n, k, paid[n][k]));
        prop_assert_eq!(bill.status, expected, "bill {}", n);
    }
    Ok(())
}

/// How many timeouts of bill `n`'s packet the schedule reports.
fn timeouts(steps: &[Step], n: usize) -> usize {
    steps
        .iter()
        .filter(|step| matches!(step, Step::Timeout(m) if *m == n))
        .count()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_bill_is_confirmed_once_and_keeps_its_newest_status((paid, steps) in run()) {
        check(&paid, &steps)?;
    }
}
