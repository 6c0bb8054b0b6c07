//! The router beside the registry, the bank and its token in cw-multi-test, with one region,
//! "north", and Alice's meter living there. cw-multi-test has no IBC: packets the router
//! sends are accepted and left in its outbox, where the tests read them, and the relayer's
//! part (opening the channel, delivering the region's packets and its acknowledgements) is
//! played through the router's `sudo`, which in these tests runs its IBC entry points. The
//! world's actions and queries are in `region` (packets both ways) and `bank_side` (Alice's
//! money).

#![allow(dead_code)]

mod bank_side;
mod region;

use cosmwasm_schema::cw_serde;
use cosmwasm_std::testing::{
    MockApi, MockStorage, mock_ibc_channel, mock_ibc_packet_ack, mock_ibc_packet_recv,
};
use cosmwasm_std::{
    Addr, Binary, BlockInfo, DepsMut, Empty, Env, IbcAcknowledgement, IbcChannelConnectMsg,
    IbcChannelOpenMsg, Response, Timestamp, Uint128,
};
use cw_multi_test::{
    App, AppBuilder, AppResponse, BankKeeper, ContractWrapper, DistributionKeeper, Executor,
    FailingModule, GovFailingModule, IbcAcceptingModule, StakeKeeper, StargateFailing, WasmKeeper,
};
use ledger_router::ContractError;
use ledger_types::admin::{self, RegisterMeter, Role};
use ledger_types::bank;
use ledger_types::billing::MeterSettings;
use ledger_types::meter::MeterKind;
use ledger_types::region::{CHANNEL_ORDER, PROTOCOL_VERSION, Packet, ToMain, ToRegion};
use ledger_types::router::{self, Delivery};
use serde::Serialize;
use std::fmt::Debug;

/// cw-multi-test's default App, but accepting the router's IBC messages.
pub type RegionApp = App<
    BankKeeper,
    MockApi,
    MockStorage,
    FailingModule<Empty, Empty, Empty>,
    WasmKeeper<Empty, Empty>,
    StakeKeeper,
    DistributionKeeper,
    IbcAcceptingModule,
    GovFailingModule,
    StargateFailing,
>;

pub const START: u64 = ledger_testing::START;
pub const DAY: u64 = 86_400;
pub const REGION: &str = "north";
pub const CONNECTION: &str = "connection-0";
pub const CHANNEL: &str = "channel-0";
/// Alice's meter, living in the region.
pub const METER: &str = "north-1";

/// What the relayer does to the router's end of the channel.
#[cw_serde]
pub enum Relay {
    /// Opens the router's channel to the region's endpoint (OpenTry, then the ack).
    Connect {},
    /// Delivers a packet the region sent.
    Receive { id: u64, body: ToMain },
    /// Delivers the region's acknowledgement of the router's packet `id`.
    Ack {
        id: u64,
        body: ToRegion,
        ack: Binary,
    },
}

/// The router's IBC entry points, driven as the relayer would.
fn relay(mut deps: DepsMut, env: Env, msg: Relay) -> Result<Response, ContractError> {
    match msg {
        Relay::Connect {} => {
            let mut channel = mock_ibc_channel(CHANNEL, CHANNEL_ORDER, PROTOCOL_VERSION);
            channel.counterparty_endpoint.port_id = endpoint_port();
            channel.connection_id = CONNECTION.to_string();
            let open = IbcChannelOpenMsg::new_try(channel.clone(), PROTOCOL_VERSION);
            ledger_router::channel::open(deps.branch(), env.clone(), open)?;
            let connect = IbcChannelConnectMsg::new_ack(channel, PROTOCOL_VERSION);
            let res = ledger_router::channel::connect(deps, env, connect)?;
            Ok(Response::new().add_attributes(res.attributes))
        }
        Relay::Receive { id, body } => {
            let packet = mock_ibc_packet_recv(CHANNEL, &Packet { id, body })?;
            let res = ledger_router::receive::packet_receive(deps, env, packet)?;
            let mut response = Response::new()
                .add_submessages(res.messages)
                .add_attributes(res.attributes)
                .add_events(res.events);
            if let Some(ack) = res.acknowledgement {
                response = response.set_data(ack);
            }
            Ok(response)
        }
        Relay::Ack { id, body, ack } => {
            let packet =
                mock_ibc_packet_ack(CHANNEL, &Packet { id, body }, IbcAcknowledgement::new(ack))?;
            let res = ledger_router::acks::packet_ack(deps, env, packet)?;
            Ok(Response::new()
                .add_attributes(res.attributes)
                .add_events(res.events))
        }
    }
}

fn endpoint_port() -> String {
    format!("wasm.endpoint-{REGION}")
}

pub struct World {
    pub app: RegionApp,
    pub administrator: Addr,
    pub operator: Addr,
    pub retailer: Addr,
    pub alice: Addr,
    pub admin: Addr,
    pub bank: Addr,
    pub router: Addr,
    /// Ids of the packets the region sent so far.
    pub region_packets: u64,
    /// Deposits made so far, for unique references.
    pub deposits: u32,
}

impl World {
    /// Registry, bank, token and router wired; the region's channel open; Alice's meter
    /// registered in the region (the registry onboards it through the router).
    pub fn new() -> World {
        let mut app: RegionApp = AppBuilder::new()
            .with_ibc(IbcAcceptingModule::new())
            .with_block(BlockInfo {
                height: 1,
                time: Timestamp::from_seconds(START),
                chain_id: ledger_testing::CHAIN_ID.to_string(),
            })
            .build(|_, _, _| {});
        let api = app.api();
        let administrator = api.addr_make("administrator");
        let operator = api.addr_make("bank-operator");
        let retailer = api.addr_make("retailer");
        let alice = api.addr_make("alice");

        let token_code = app.store_code(ledger_testing::cw20_code());
        let admin_code = app.store_code(ledger_testing::admin_code());
        let meter_code = app.store_code(ledger_testing::meter_code());
        let bank_code = app.store_code(ledger_testing::bank_code());
        let router_code = app.store_code(Box::new(
            ContractWrapper::new(
                ledger_router::contract::execute,
                ledger_router::contract::instantiate,
                ledger_router::contract::query,
            )
            .with_reply(ledger_router::contract::reply)
            .with_sudo(relay),
        ));
        let owner = administrator.clone();
        let admin = instantiate(
            &mut app,
            &owner,
            admin_code,
            &admin::InstantiateMsg {
                admin: Some(administrator.to_string()),
                meter_code_id: meter_code,
                meter_settings: MeterSettings::default(),
                timelock_delay_seconds: Some(ledger_testing::TIMELOCK_DELAY),
            },
            "registry",
        );
        let bank = instantiate(
            &mut app,
            &owner,
            bank_code,
            &bank::InstantiateMsg {
                admin_contract: admin.to_string(),
                token_code_id: token_code,
                token_name: "Ledger Euro".to_string(),
                token_symbol: "LEUR".to_string(),
                token_decimals: 2,
            },
            "bank",
        );
        let router = instantiate(
            &mut app,
            &owner,
            router_code,
            &router::InstantiateMsg {
                registry: admin.to_string(),
                bank: bank.to_string(),
                delivery: Delivery {
                    timeout_seconds: 600,
                    max_attempts: 3,
                },
            },
            "router",
        );
        let mut world = World {
            app,
            administrator,
            operator,
            retailer,
            alice,
            admin,
            bank,
            router,
            region_packets: 0,
            deposits: 0,
        };
        world.wire();
        world
    }

    fn wire(&mut self) {
        let administrator = self.administrator.clone();
        let router = self.router.clone();
        let registry = self.admin.clone();
        let app = &mut self.app;
        execute(
            app,
            &administrator,
            &registry,
            &admin::ExecuteMsg::SetRouter {
                address: router.to_string(),
            },
        );
        let (alice, retailer) = (self.alice.clone(), self.retailer.clone());
        for (address, name, role) in [
            (retailer.clone(), "Retailer", Role::Retailer),
            (self.operator.clone(), "Bank", Role::BankOperator),
            (alice.clone(), "alice", Role::Consumer),
        ] {
            execute(
                app,
                &administrator,
                &registry,
                &admin::ExecuteMsg::RegisterParticipant {
                    address: address.to_string(),
                    name: name.to_string(),
                    roles: vec![role],
                },
            );
        }
        execute(
            app,
            &administrator,
            &router,
            &router::ExecuteMsg::AddRegion {
                region: REGION.to_string(),
                connection_id: CONNECTION.to_string(),
                endpoint_port: endpoint_port(),
            },
        );
        app.wasm_sudo(router.clone(), &Relay::Connect {})
            .expect("the relayer opens the region's channel");
        execute(
            app,
            &administrator,
            &registry,
            &admin::ExecuteMsg::RegisterMeter(RegisterMeter {
                meter_id: METER.to_string(),
                owner: alice.to_string(),
                retailer: retailer.to_string(),
                pubkey: Binary::from(vec![0x02; 33]),
                tariff_id: "north-flat".to_string(),
                initial_register_wh: 0,
                contracted_monthly_amount: Uint128::new(50_00),
                region: Some(REGION.to_string()),
                kind: MeterKind::Consumption,
            }),
        );
    }

    pub fn now(&self) -> u64 {
        self.app.block_info().time.seconds()
    }

    /// Moves block time (and height) forward to `unix`, if it is later.
    pub fn advance_to(&mut self, unix: u64) {
        let now = self.now();
        if unix > now {
            self.app.update_block(|block| {
                block.time = Timestamp::from_seconds(unix);
                block.height += 1;
            });
        }
    }
}

/// The value of the first attribute `key` among a response's events.
pub fn attribute(res: &AppResponse, key: &str) -> Option<String> {
    res.events
        .iter()
        .flat_map(|event| &event.attributes)
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
}

/// The attributes of every event of type `ty` in a response.
pub fn events(res: &AppResponse, ty: &str) -> Vec<Vec<(String, String)>> {
    res.events
        .iter()
        .filter(|event| event.ty == ty)
        .map(|event| {
            event
                .attributes
                .iter()
                .map(|a| (a.key.clone(), a.value.clone()))
                .collect()
        })
        .collect()
}

fn instantiate(
    app: &mut RegionApp,
    owner: &Addr,
    code_id: u64,
    msg: &impl Serialize,
    label: &str,
) -> Addr {
    app.instantiate_contract(code_id, owner.clone(), msg, &[], label, None)
        .unwrap_or_else(|e| panic!("instantiate {label}: {e:?}"))
}

fn execute(app: &mut RegionApp, sender: &Addr, contract: &Addr, msg: &(impl Serialize + Debug)) {
    app.execute_contract(sender.clone(), contract.clone(), msg, &[])
        .unwrap_or_else(|e| panic!("execute on {contract}: {e:?}"));
}
