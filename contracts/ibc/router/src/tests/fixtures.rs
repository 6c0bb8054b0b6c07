//! Fixtures: a router wired to a mocked registry, regions with open channels, onboarded
//! meters, packets of both directions and readers of what the router sent.

use cosmwasm_std::testing::{
    MockApi, MockQuerier, MockStorage, message_info, mock_dependencies, mock_env, mock_ibc_channel,
};
use cosmwasm_std::{
    Addr, Binary, ContractResult as QueryResult, CosmosMsg, IbcChannel, IbcChannelConnectMsg,
    IbcChannelOpenMsg, IbcMsg, Order, OwnedDeps, Response, Storage, SystemError, SystemResult,
    Uint128, WasmQuery, from_json, to_json_binary,
};
use ledger_types::admin::{QueryMsg as RegistryQuery, Role};
use ledger_types::bank::{AdvanceNotice, AdvanceTerm, BillNotice};
use ledger_types::meter::MeterKind;
use ledger_types::meter::{Bill, NewMeter};
use ledger_types::region::{CHANNEL_ORDER, PROTOCOL_VERSION, Packet, RegionBill, ToMain, ToRegion};
use ledger_types::router::{Delivery, ExecuteMsg, InstantiateMsg};
use serde::de::DeserializeOwned;

use crate::{ContractResult, channel, contract};

pub type Deps = OwnedDeps<MockStorage, MockApi, MockQuerier>;

pub const DELIVERY: Delivery = Delivery {
    timeout_seconds: 600,
    max_attempts: 3,
};
/// The regions of the fixtures: id, connection, the router's channel to it.
pub const NORTH: (&str, &str, &str) = ("north", "connection-0", "channel-0");
pub const SOUTH: (&str, &str, &str) = ("south", "connection-1", "channel-1");

pub fn addr(name: &str) -> Addr {
    MockApi::default().addr_make(name)
}

/// The endpoint contract's port in `region`.
pub fn port(region: &str) -> String {
    format!("wasm.endpoint-{region}")
}

/// A router whose registry's administrator is "admin"; no region yet.
pub fn instantiated() -> Deps {
    let mut deps = mock_dependencies();
    let registry = addr("registry").to_string();
    let admin = addr("admin").to_string();
    deps.querier.update_wasm(move |query| match query {
        WasmQuery::Smart { contract_addr, msg } if *contract_addr == registry => {
            match from_json::<RegistryQuery>(msg) {
                Ok(RegistryQuery::HasRole { address, role }) => {
                    let admin = role == Role::Admin && address == admin;
                    SystemResult::Ok(QueryResult::Ok(to_json_binary(&admin).unwrap()))
                }
                _ => SystemResult::Ok(QueryResult::Err("unexpected query".to_string())),
            }
        }
        other => SystemResult::Err(SystemError::NoSuchContract {
            addr: format!("{other:?}"),
        }),
    });
    contract::instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&addr("deployer"), &[]),
        instantiate_msg(DELIVERY),
    )
    .unwrap();
    deps
}

pub fn instantiate_msg(delivery: Delivery) -> InstantiateMsg {
    InstantiateMsg {
        registry: addr("registry").to_string(),
        bank: addr("bank").to_string(),
        delivery,
    }
}

/// A router with regions north and south, each with an open channel.
pub fn setup() -> Deps {
    let mut deps = instantiated();
    for region in [NORTH, SOUTH] {
        add_region(&mut deps, region);
        connect(&mut deps, region).unwrap();
    }
    deps
}

/// The administrator adds `region`.
pub fn add_region(deps: &mut Deps, (region, connection, _): (&str, &str, &str)) {
    let msg = ExecuteMsg::AddRegion {
        region: region.to_string(),
        connection_id: connection.to_string(),
        endpoint_port: port(region),
    };
    exec(deps, "admin", msg).unwrap();
}

/// The channel the relayer opens towards `region`'s endpoint.
pub fn region_channel((region, connection, channel_id): (&str, &str, &str)) -> IbcChannel {
    let mut channel = mock_ibc_channel(channel_id, CHANNEL_ORDER, PROTOCOL_VERSION);
    channel.endpoint.port_id = "wasm.router".to_string();
    channel.counterparty_endpoint.port_id = port(region);
    channel.connection_id = connection.to_string();
    channel
}

/// Both handshake steps of the router's end (OpenTry, OpenAck) for `region`'s channel.
pub fn connect(deps: &mut Deps, region: (&str, &str, &str)) -> ContractResult {
    let channel = region_channel(region);
    let open = IbcChannelOpenMsg::new_try(channel.clone(), PROTOCOL_VERSION);
    channel::open(deps.as_mut(), mock_env(), open)?;
    let connect = IbcChannelConnectMsg::new_ack(channel, PROTOCOL_VERSION);
    channel::connect(deps.as_mut(), mock_env(), connect)?;
    Ok(Response::new())
}

pub fn exec(deps: &mut Deps, sender: &str, msg: ExecuteMsg) -> ContractResult {
    contract::execute(
        deps.as_mut(),
        mock_env(),
        message_info(&addr(sender), &[]),
        msg,
    )
}

pub fn query<T: DeserializeOwned>(deps: &Deps, msg: ledger_types::router::QueryMsg) -> T {
    from_json(contract::query(deps.as_ref(), mock_env(), msg).unwrap()).unwrap()
}

/// Every stored key and value, to show that a refusal wrote nothing.
pub fn snapshot(deps: &Deps) -> Vec<(Vec<u8>, Vec<u8>)> {
    deps.storage.range(None, None, Order::Ascending).collect()
}

/// `sender` sends `msg`: refused with exactly `expected`, nothing written.
pub fn assert_refused(
    deps: &mut Deps,
    sender: &str,
    msg: ExecuteMsg,
    expected: crate::ContractError,
) {
    let before = snapshot(deps);
    let err = exec(deps, sender, msg.clone()).unwrap_err();
    assert_eq!(err, expected, "refusal of {msg:?}");
    assert_eq!(snapshot(deps), before, "state changed by refused {msg:?}");
}

pub fn new_meter(meter_id: &str) -> NewMeter {
    NewMeter {
        meter_id: meter_id.to_string(),
        retailer: addr("retailer").to_string(),
        pubkey: Binary::from(vec![0x02; 33]),
        tariff_id: "flat".to_string(),
        initial_register_wh: 0,
        contracted_monthly_amount: Uint128::new(50_00),
        kind: MeterKind::Consumption,
    }
}

pub fn onboard_msg(region: &str, consumer: &str, meter_id: &str) -> ExecuteMsg {
    ExecuteMsg::Onboard {
        region: region.to_string(),
        consumer: addr(consumer).to_string(),
        meter: new_meter(meter_id),
    }
}

/// The registry onboards `meter_id` of `consumer` in `region`; returns the packet sent.
pub fn onboard(deps: &mut Deps, region: &str, consumer: &str, meter_id: &str) -> SentPacket {
    let res = exec(deps, "registry", onboard_msg(region, consumer, meter_id)).unwrap();
    sent_packets(
        &res.messages
            .iter()
            .map(|m| m.msg.clone())
            .collect::<Vec<_>>(),
    )
    .pop()
    .unwrap()
}

/// A packet the router sent: its channel and what it carried.
#[derive(Debug, Clone, PartialEq)]
pub struct SentPacket {
    pub channel_id: String,
    pub packet: Packet<ToRegion>,
    pub timeout: u64,
}

pub fn sent_packets(msgs: &[CosmosMsg]) -> Vec<SentPacket> {
    msgs.iter()
        .map(|msg| {
            let CosmosMsg::Ibc(IbcMsg::SendPacket {
                channel_id,
                data,
                timeout,
            }) = msg
            else {
                panic!("expected a packet, got {msg:?}");
            };
            SentPacket {
                channel_id: channel_id.clone(),
                packet: from_json(data).unwrap(),
                timeout: timeout.timestamp().unwrap().seconds(),
            }
        })
        .collect()
}

pub fn advances(meter_id: &str, period: u32) -> AdvanceNotice {
    AdvanceNotice {
        meter_id: meter_id.to_string(),
        period,
        estimate: Uint128::new(90_00),
        advances: vec![AdvanceTerm {
            bps: 5_000,
            due: 1_000,
        }],
    }
}

/// A region's bill of `total` for the meter's period.
pub fn region_bill(meter_id: &str, period: u32, total: u128) -> RegionBill {
    RegionBill {
        notice: BillNotice {
            meter_id: meter_id.to_string(),
            period,
            total: Uint128::new(total),
            final_due: 2_000,
            next: advances(meter_id, period + 1),
        },
        bill: Bill {
            meter_id: meter_id.to_string(),
            period,
            period_start: 0,
            period_end: 1_000,
            billed_from: 0,
            billed_to: 1_000,
            energy_wh: 100,
            late_energy_wh: 0,
            max_power_w: 10,
            tariff_id: "flat".to_string(),
            tariff_version: 1,
            lines: vec![],
            subtotal: Uint128::new(total),
            tax: Uint128::zero(),
            total: Uint128::new(total),
            closed_at: 1_000,
        },
        readings_digest: "ab".repeat(32),
    }
}

pub fn to_main(id: u64, body: ToMain) -> Packet<ToMain> {
    Packet { id, body }
}
