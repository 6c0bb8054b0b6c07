//! A small world: the endpoint instantiated, its channel, a mocked tariff contract with the
//! tariff "flat", and the meter contract of consumer "alice" holding a bill of November 2026
//! with three days of totals.

use cosmwasm_std::testing::{
    MockApi, MockQuerier, MockStorage, message_info, mock_dependencies, mock_env, mock_ibc_channel,
    mock_ibc_packet_ack, mock_ibc_packet_recv, mock_ibc_packet_timeout,
};
use cosmwasm_std::{
    Addr, Binary, ContractResult, CosmosMsg, Env, Event, IbcAcknowledgement, IbcBasicResponse,
    IbcChannel, IbcChannelConnectMsg, IbcChannelOpenMsg, IbcMsg, IbcOrder, IbcReceiveResponse,
    Order, OwnedDeps, QuerierResult, Reply, Response, StdAck, SubMsgResponse, SubMsgResult,
    SystemError, SystemResult, Timestamp, Uint128, WasmMsg, WasmQuery, from_json, to_json_binary,
};
use ledger_types::bank::{AdvanceNotice, AdvanceTerm, BillNotice};
use ledger_types::billing::MeterSettings;
use ledger_types::emergency::PauseStatus;
use ledger_types::meter::MeterKind;
use ledger_types::meter::{
    self, Bill, DailyTotal, DailyTotalsResponse, NewMeter, QueryMsg as MeterQuery,
};
use ledger_types::region::{CHANNEL_ORDER, PROTOCOL_VERSION, Packet, ToMain, ToRegion};
use ledger_types::region_endpoint::{Delivery, ExecuteMsg, InstantiateMsg, QueryMsg};
use ledger_types::tariff::{QueryMsg as TariffQuery, TariffInfo, TariffOwner};
use serde::de::DeserializeOwned;

use crate::ContractError;
use crate::contract::{execute, instantiate, query, reply};
use crate::ibc::{
    ibc_channel_connect, ibc_channel_open, ibc_packet_ack, ibc_packet_receive, ibc_packet_timeout,
};

pub type Deps = OwnedDeps<MockStorage, MockApi, MockQuerier>;

pub const CHANNEL: &str = "channel-0";
pub const CONNECTION: &str = "connection-2";
pub const ROUTER_PORT: &str = "wasm.router";
pub const METER: &str = "m-1";
/// The calendar-month period of November 2026 and its bounds.
pub const NOV: u32 = 682;
pub const NOV_2026: u64 = 1_793_491_200;
pub const DEC_2026: u64 = NOV_2026 + 30 * 86_400;
/// Day index of 1 November 2026 (days since 1970).
pub const NOV_FIRST_DAY: u64 = NOV_2026 / 86_400;
pub const TIMEOUT: u64 = 600;
pub const MAX_ATTEMPTS: u32 = 3;

pub fn addr(name: &str) -> Addr {
    MockApi::default().addr_make(name)
}

/// The meter contract of consumer "alice".
pub fn alice_meters() -> Addr {
    addr("alice-meters")
}

pub fn env_at(time: u64) -> Env {
    let mut env = mock_env();
    env.block.time = Timestamp::from_seconds(time);
    env
}

pub fn instantiate_msg() -> InstantiateMsg {
    InstantiateMsg {
        admin: addr("operator").to_string(),
        main_connection_id: CONNECTION.to_string(),
        router_port: ROUTER_PORT.to_string(),
        meter_code_id: 7,
        tariff_contract: addr("tariff").to_string(),
        meter_settings: MeterSettings::default(),
        delivery: Delivery {
            timeout_seconds: TIMEOUT,
            max_attempts: MAX_ATTEMPTS,
        },
    }
}

/// The days the mocked meter contract holds in November (days 1, 2 and 30).
pub fn november_days() -> Vec<DailyTotal> {
    [(0, 1_000, 48), (1, 2_000, 48), (29, 500, 12)]
        .map(|(offset, energy_wh, readings)| DailyTotal {
            day: NOV_FIRST_DAY + offset,
            day_start: NOV_2026 + offset * 86_400,
            energy_wh,
            readings,
        })
        .to_vec()
}

pub fn november_bill() -> Bill {
    Bill {
        meter_id: METER.to_string(),
        period: NOV,
        period_start: NOV_2026,
        period_end: DEC_2026,
        billed_from: NOV_2026,
        billed_to: DEC_2026,
        energy_wh: 3_500,
        late_energy_wh: 0,
        max_power_w: 4_000,
        tariff_id: "flat".to_string(),
        tariff_version: 1,
        lines: vec![],
        subtotal: Uint128::new(7_000),
        tax: Uint128::new(700),
        total: Uint128::new(7_700),
        closed_at: DEC_2026 + 60,
    }
}

fn answer<T: serde::Serialize>(value: &T) -> QuerierResult {
    SystemResult::Ok(ContractResult::Ok(to_json_binary(value).unwrap()))
}

fn refusal(text: &str) -> QuerierResult {
    SystemResult::Ok(ContractResult::Err(text.to_string()))
}

/// One page of `days` as the meter contract's `DailyTotals` answers it: in `[from, to)`, after
/// `start_after`, at most `limit`.
fn days_page(
    meter_id: String,
    from: u64,
    to: u64,
    start_after: Option<u64>,
    limit: usize,
) -> DailyTotalsResponse {
    let mut days = november_days()
        .into_iter()
        .filter(|d| d.day >= from && d.day < to && start_after.is_none_or(|after| d.day > after));
    let page: Vec<_> = days.by_ref().take(limit).collect();
    DailyTotalsResponse {
        meter_id,
        days: page,
        has_more: days.next().is_some(),
    }
}

/// The tariffs the mocked tariff contract knows: id, owner, when the first version takes
/// effect. "flat" is the meters' retailer's and in force; "rival" is another retailer's;
/// "orphan" has no owner yet; "spring" takes effect after [`NOV_2026`].
pub const TARIFFS: [(&str, Option<&str>, u64); 4] = [
    ("flat", Some("retailer"), 0),
    ("rival", Some("rival-retailer"), 0),
    ("orphan", None, 0),
    ("spring", Some("retailer"), NOV_2026 + 120 * 86_400),
];

fn tariff_answer(query: TariffQuery) -> QuerierResult {
    let known = |id: &str| TARIFFS.iter().find(|(known, ..)| *known == id).copied();
    match query {
        TariffQuery::Tariff { tariff_id } => match known(&tariff_id) {
            Some((_, _, first)) => answer(&TariffInfo {
                tariff_id,
                name: "Flat".to_string(),
                utc_offset_minutes: 0,
                versions: 1,
                effective_from: vec![first],
            }),
            None => refusal(&format!("no tariff {tariff_id}")),
        },
        TariffQuery::Owner { tariff_id } => match known(&tariff_id) {
            Some((_, owner, _)) => answer(&TariffOwner {
                tariff_id,
                owner: owner.map(addr),
            }),
            None => refusal(&format!("no tariff {tariff_id}")),
        },
        other => refusal(&format!("no answer to {other:?}")),
    }
}

/// The tariff contract ([`TARIFFS`]) and alice's running meter contract (its config, the bill
/// of November for meter [`METER`], and its days).
pub fn handler(query: &WasmQuery) -> QuerierResult {
    let WasmQuery::Smart { contract_addr, msg } = query else {
        return SystemResult::Err(SystemError::Unknown {});
    };
    if *contract_addr == addr("tariff").as_str() {
        return tariff_answer(from_json(msg).unwrap());
    }
    if *contract_addr == alice_meters().as_str() {
        return match from_json(msg).unwrap() {
            MeterQuery::PauseStatus {} => answer(&PauseStatus {
                paused: false,
                by: None,
                since: None,
                reason: None,
            }),
            MeterQuery::Config {} => answer(&meter::ConfigResponse {
                owner: addr("alice"),
                admin_contract: addr("endpoint"),
                tariff_contract: addr("tariff"),
                bank_contract: addr("endpoint"),
                settings: MeterSettings::default(),
                owner_blocked: false,
            }),
            MeterQuery::Bill { meter_id, period } if meter_id == METER && period == NOV => {
                answer(&november_bill())
            }
            MeterQuery::DailyTotals {
                meter_id,
                from_day,
                to_day,
                start_after,
                limit,
            } => answer(&days_page(
                meter_id,
                from_day.unwrap_or(0),
                to_day.unwrap_or(u64::MAX),
                start_after,
                // Pages of two, so that the endpoint must follow `has_more`.
                limit.unwrap_or(30).min(2) as usize,
            )),
            other => refusal(&format!("no answer to {other:?}")),
        };
    }
    SystemResult::Err(SystemError::NoSuchContract {
        addr: contract_addr.clone(),
    })
}

/// The endpoint, instantiated, without a channel.
pub fn setup() -> Deps {
    let mut deps = mock_dependencies();
    deps.querier.update_wasm(handler);
    instantiate(
        deps.as_mut(),
        env_at(NOV_2026),
        message_info(&addr("deployer"), &[]),
        instantiate_msg(),
    )
    .unwrap();
    deps
}

/// A channel from the main chain's connection to the router's port.
pub fn router_channel(channel_id: &str, order: IbcOrder, version: &str) -> IbcChannel {
    let mut channel = mock_ibc_channel(channel_id, order, version);
    channel.connection_id = CONNECTION.to_string();
    channel.counterparty_endpoint.port_id = ROUTER_PORT.to_string();
    channel
}

pub fn open_try(channel: IbcChannel) -> IbcChannelOpenMsg {
    IbcChannelOpenMsg::new_try(channel, PROTOCOL_VERSION)
}

pub fn connect_ack(channel: IbcChannel) -> IbcChannelConnectMsg {
    IbcChannelConnectMsg::new_ack(channel, PROTOCOL_VERSION)
}

/// The endpoint with its channel to the router open.
pub fn connected() -> Deps {
    let mut deps = setup();
    let channel = router_channel(CHANNEL, CHANNEL_ORDER, PROTOCOL_VERSION);
    ibc_channel_open(deps.as_mut(), mock_env(), open_try(channel.clone())).unwrap();
    ibc_channel_connect(deps.as_mut(), mock_env(), connect_ack(channel)).unwrap();
    deps
}

pub fn new_meter(meter_id: &str, tariff_id: &str) -> NewMeter {
    NewMeter {
        meter_id: meter_id.to_string(),
        retailer: addr("retailer").to_string(),
        // x = 0x0202..02 is the x of a point of the secp256k1 curve.
        pubkey: Binary::from(vec![2; 33]),
        tariff_id: tariff_id.to_string(),
        initial_register_wh: 0,
        contracted_monthly_amount: Uint128::new(10_000),
        kind: MeterKind::Consumption,
    }
}

pub fn register(consumer: &str, meter_id: &str) -> ToRegion {
    ToRegion::RegisterMeter {
        consumer: addr(consumer).to_string(),
        meter: new_meter(meter_id, "flat"),
    }
}

/// Delivers packet `id` carrying `body` on the bound channel.
pub fn receive(deps: &mut Deps, id: u64, body: ToRegion) -> IbcReceiveResponse {
    receive_raw(deps, CHANNEL, &Packet { id, body })
}

pub fn receive_raw(
    deps: &mut Deps,
    channel_id: &str,
    data: &impl serde::Serialize,
) -> IbcReceiveResponse {
    let msg = mock_ibc_packet_recv(channel_id, data).unwrap();
    ibc_packet_receive(deps.as_mut(), env_at(NOV_2026), msg).unwrap()
}

/// The acknowledgement's answer, or its error text.
pub fn ack_of(response: &IbcReceiveResponse) -> Result<Binary, String> {
    ack_data(response.acknowledgement.as_ref().unwrap())
}

pub fn ack_data(data: &Binary) -> Result<Binary, String> {
    match from_json::<StdAck>(data).unwrap() {
        StdAck::Success(data) => Ok(data),
        StdAck::Error(text) => Err(text),
    }
}

/// The coded refusal an error acknowledgement carries.
pub fn refused_code(response: &IbcReceiveResponse) -> String {
    let text = ack_of(response).unwrap_err();
    ledger_types::error_code::code_in(&text)
        .unwrap()
        .to_string()
}

/// The reply a CosmWasm 2 chain sends when the submessage of `response` instantiated a
/// contract at `contract` (told by the `instantiate` event, as the kit reads it).
pub fn instantiated(payload: &Binary, contract: &Addr) -> Reply {
    #[allow(deprecated)]
    let result = SubMsgResult::Ok(SubMsgResponse {
        events: vec![Event::new("instantiate").add_attribute("_contract_address", contract)],
        data: None,
        msg_responses: vec![],
    });
    Reply {
        id: crate::receive::INSTANTIATE_METER_REPLY_ID,
        payload: payload.clone(),
        gas_used: 0,
        result,
    }
}

/// Registers alice's first meter [`METER`] and answers the instantiation of her contract.
pub fn onboarded() -> Deps {
    let mut deps = connected();
    let response = receive(&mut deps, 1, register("alice", METER));
    let payload = response.messages[0].payload.clone();
    reply(
        deps.as_mut(),
        mock_env(),
        instantiated(&payload, &alice_meters()),
    )
    .unwrap();
    deps
}

pub fn exec(deps: &mut Deps, sender: &Addr, msg: ExecuteMsg) -> Result<Response, ContractError> {
    execute(
        deps.as_mut(),
        env_at(DEC_2026),
        message_info(sender, &[]),
        msg,
    )
}

pub fn ask<T: DeserializeOwned>(deps: &Deps, msg: QueryMsg) -> T {
    from_json(query(deps.as_ref(), mock_env(), msg).unwrap()).unwrap()
}

/// Every stored key and value, to show that a refusal wrote nothing.
pub fn snapshot(deps: &Deps) -> Vec<(Vec<u8>, Vec<u8>)> {
    use cosmwasm_std::Storage;
    deps.storage.range(None, None, Order::Ascending).collect()
}

/// The body of a wasm execute message, as `T`.
pub fn executed<T: DeserializeOwned>(msg: &CosmosMsg) -> (String, T) {
    match msg {
        CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr, msg, ..
        }) => (contract_addr.clone(), from_json(msg).unwrap()),
        other => panic!("not a wasm execute: {other:?}"),
    }
}

/// The channel and packet of an IBC send.
pub fn sent(msg: &CosmosMsg) -> (String, Packet<ToMain>) {
    match msg {
        CosmosMsg::Ibc(IbcMsg::SendPacket {
            channel_id, data, ..
        }) => (channel_id.clone(), from_json(data).unwrap()),
        other => panic!("not a packet: {other:?}"),
    }
}

pub fn advances() -> AdvanceNotice {
    AdvanceNotice {
        meter_id: METER.to_string(),
        period: NOV,
        estimate: Uint128::new(10_000),
        advances: vec![AdvanceTerm {
            bps: 3_000,
            due: NOV_2026 + 9 * 86_400,
        }],
    }
}

pub fn bill_notice() -> BillNotice {
    BillNotice {
        meter_id: METER.to_string(),
        period: NOV,
        total: Uint128::new(7_700),
        final_due: DEC_2026 + 14 * 86_400,
        next: AdvanceNotice {
            period: NOV + 1,
            ..advances()
        },
    }
}

/// The packet of `ToMain` with `id` as the main chain answers it with `ack`.
pub fn acknowledge(deps: &mut Deps, id: u64, body: ToMain, ack: Binary) -> IbcBasicResponse {
    let msg =
        mock_ibc_packet_ack(CHANNEL, &Packet { id, body }, IbcAcknowledgement::new(ack)).unwrap();
    ibc_packet_ack(deps.as_mut(), mock_env(), msg).unwrap()
}

pub fn time_out(deps: &mut Deps, id: u64, body: ToMain) -> IbcBasicResponse {
    let msg = mock_ibc_packet_timeout(CHANNEL, &Packet { id, body }).unwrap();
    ibc_packet_timeout(deps.as_mut(), env_at(DEC_2026), msg).unwrap()
}

/// Alice's meter contract has sent the bill of November: packet 2 (packet 1 is the advances).
pub fn bill_sent() -> (Deps, ToMain) {
    let mut deps = onboarded();
    exec(
        &mut deps,
        &alice_meters(),
        ExecuteMsg::ScheduleAdvances(advances()),
    )
    .unwrap();
    let res = exec(
        &mut deps,
        &alice_meters(),
        ExecuteMsg::RecordBill(bill_notice()),
    )
    .unwrap();
    let (_, packet) = sent(&res.messages[0].msg);
    assert_eq!(packet.id, 2);
    (deps, packet.body)
}

/// The first page of the outbox.
pub fn outbox(deps: &Deps) -> ledger_types::region::OutboxResponse<ToMain> {
    ask(
        deps,
        QueryMsg::Outbox {
            start_after: None,
            limit: None,
        },
    )
}
