//! A consumer blacklisted on the main chain while a bill of theirs is crossing from the region.
//!
//! The region closed a period and its endpoint put the bill on the channel; before the relayer
//! delivers it, the main chain blacklists the consumer. What the ledger does, and why:
//!
//! - The bill is a debt for energy already consumed, and the blacklisting does not undo it. The
//!   bank records it like any other (`RecordBill` asks the sender, never the consumer's
//!   standing), the router confirms it, and the region marks it confirmed: the consumer owes
//!   it, and nothing is lost on either chain.
//! - Blacklisting stops value moving: nothing of the bill is collected while it lasts (`Settle`
//!   holds the instalment, `MakePayment` refuses with `common.blacklisted`); once the
//!   blacklisting is lifted, the next `Settle` collects it once, and the region learns it is
//!   paid.
//! - Refusing the bill instead would only park a true debt on the other chain, where nobody on
//!   the main chain could see or collect it, and make its recording depend on a standing that
//!   changes.
//!
//! The router's side (registry, bank, token, router) runs in cw-multi-test (`common`); the
//! region's side is the real region endpoint with cosmwasm's mocks, its meter contract and
//! tariff contract mocked queriers. Packets and acknowledgements are carried between the two
//! by the test, as the relayer would.

mod common;

use cosmwasm_std::testing::{
    MockApi, MockQuerier, MockStorage, message_info, mock_dependencies, mock_env, mock_ibc_channel,
    mock_ibc_packet_ack, mock_ibc_packet_recv,
};
use cosmwasm_std::{
    Addr, Binary, ContractResult, CosmosMsg, Env, Event, IbcAcknowledgement, IbcChannelConnectMsg,
    IbcChannelOpenMsg, IbcMsg, OwnedDeps, QuerierResult, Reply, StdAck, SubMsgResponse,
    SubMsgResult, SystemError, SystemResult, Timestamp, Uint128, WasmMsg, WasmQuery, from_json,
    to_json_binary,
};
use cw_multi_test::{AppResponse, Executor};
use ledger_region_endpoint::contract::{execute, instantiate, query, reply};
use ledger_region_endpoint::ibc::{
    ibc_channel_connect, ibc_channel_open, ibc_packet_ack, ibc_packet_receive,
};
use ledger_types::admin;
use ledger_types::bank::{self, AdvanceNotice, BillNotice, InstalmentKind, InstalmentStatus};
use ledger_types::billing::MeterSettings;
use ledger_types::emergency::PauseStatus;
use ledger_types::error_code::HasCode;
use ledger_types::meter::{self, Bill, DailyTotalsResponse, QueryMsg as MeterQuery};
use ledger_types::region::{
    BillConfirmed, CHANNEL_ORDER, OutboxEntry, OutboxResponse, PROTOCOL_VERSION, Packet, ToMain,
    ToRegion,
};
use ledger_types::region_endpoint::{self as endpoint, BillRecord, Delivery};
use ledger_types::router::{self, RouteState};
use ledger_types::tariff::{QueryMsg as TariffQuery, TariffInfo, TariffOwner};

use common::{DAY, METER, Relay, START, World, attribute};

/// The endpoint's end of the channel, on the region's chain.
const REGION_CHANNEL: &str = "channel-5";
const REGION_CONNECTION: &str = "connection-3";
const TARIFF: &str = "north-flat";
const TOTAL: u128 = 42_00;
/// Alice's prepaid balance: enough for the bill, so only the blacklisting stops its payment.
const PREPAID: u128 = 10_000;

type EndpointDeps = OwnedDeps<MockStorage, MockApi, MockQuerier>;

fn addr(name: &str) -> Addr {
    MockApi::default().addr_make(name)
}

/// Alice's meter contract in the region.
fn alice_meters() -> Addr {
    addr("alice-meters")
}

/// The period the bill is for: the one the meters start in.
fn period() -> u32 {
    MeterSettings::default()
        .cycle
        .period_of(START)
        .expect("START lies in the meters' calendar")
}

fn final_due() -> u64 {
    START + 45 * DAY
}

/// The bill Alice's meter contract closed, as the endpoint reads it.
fn bill() -> Bill {
    Bill {
        meter_id: METER.to_string(),
        period: period(),
        period_start: START,
        period_end: START + 30 * DAY,
        billed_from: START,
        billed_to: START + 30 * DAY,
        energy_wh: 250_000,
        late_energy_wh: 0,
        max_power_w: 4_000,
        tariff_id: TARIFF.to_string(),
        tariff_version: 1,
        lines: vec![],
        subtotal: Uint128::new(TOTAL),
        tax: Uint128::zero(),
        total: Uint128::new(TOTAL),
        closed_at: START + 30 * DAY,
    }
}

/// What Alice's meter contract sends its bank (the endpoint) when it closes the period.
fn bill_notice() -> BillNotice {
    BillNotice {
        meter_id: METER.to_string(),
        period: period(),
        total: Uint128::new(TOTAL),
        final_due: final_due(),
        next: AdvanceNotice {
            meter_id: METER.to_string(),
            period: period() + 1,
            estimate: Uint128::new(TOTAL),
            advances: vec![],
        },
    }
}

fn answer<T: serde::Serialize>(value: &T) -> QuerierResult {
    SystemResult::Ok(ContractResult::Ok(
        to_json_binary(value).expect("an answer"),
    ))
}

/// The region's tariff contract (the retailer's tariff, in force) and Alice's running meter
/// contract holding the closed bill and no daily totals.
fn region_contracts(query: &WasmQuery) -> QuerierResult {
    let WasmQuery::Smart { contract_addr, msg } = query else {
        return SystemResult::Err(SystemError::Unknown {});
    };
    if *contract_addr == addr("north-tariff").as_str() {
        return match from_json(msg).expect("a tariff query") {
            TariffQuery::Tariff { tariff_id } => answer(&TariffInfo {
                tariff_id,
                name: "North flat".to_string(),
                utc_offset_minutes: 0,
                versions: 1,
                effective_from: vec![0],
            }),
            TariffQuery::Owner { tariff_id } => answer(&TariffOwner {
                tariff_id,
                owner: Some(addr("retailer")),
            }),
            other => SystemResult::Ok(ContractResult::Err(format!("no answer to {other:?}"))),
        };
    }
    if *contract_addr == alice_meters().as_str() {
        return match from_json(msg).expect("a meter query") {
            MeterQuery::Config {} => answer(&meter::ConfigResponse {
                owner: addr("alice"),
                admin_contract: addr("north-endpoint"),
                tariff_contract: addr("north-tariff"),
                bank_contract: addr("north-endpoint"),
                settings: MeterSettings::default(),
                owner_blocked: false,
            }),
            MeterQuery::Bill { .. } => answer(&bill()),
            MeterQuery::DailyTotals { meter_id, .. } => answer(&DailyTotalsResponse {
                meter_id,
                days: vec![],
                has_more: false,
            }),
            MeterQuery::PauseStatus {} => answer(&PauseStatus {
                paused: false,
                by: None,
                since: None,
                reason: None,
            }),
            other => SystemResult::Ok(ContractResult::Err(format!("no answer to {other:?}"))),
        };
    }
    SystemResult::Err(SystemError::NoSuchContract {
        addr: contract_addr.clone(),
    })
}

/// The region's endpoint, its channel to the router open.
struct Region {
    deps: EndpointDeps,
    now: u64,
}

impl Region {
    fn new(router: &Addr, now: u64) -> Region {
        let mut deps = mock_dependencies();
        deps.querier.update_wasm(region_contracts);
        let router_port = format!("wasm.{router}");
        let mut region = Region { deps, now };
        let msg = endpoint::InstantiateMsg {
            admin: addr("north-operator").to_string(),
            main_connection_id: REGION_CONNECTION.to_string(),
            router_port: router_port.clone(),
            meter_code_id: 7,
            tariff_contract: addr("north-tariff").to_string(),
            meter_settings: MeterSettings::default(),
            delivery: Delivery {
                timeout_seconds: 600,
                max_attempts: 3,
            },
        };
        let env = region.env();
        instantiate(
            region.deps.as_mut(),
            env.clone(),
            message_info(&addr("deployer"), &[]),
            msg,
        )
        .expect("the endpoint instantiates");
        let mut channel = mock_ibc_channel(REGION_CHANNEL, CHANNEL_ORDER, PROTOCOL_VERSION);
        channel.connection_id = REGION_CONNECTION.to_string();
        channel.counterparty_endpoint.port_id = router_port;
        let open = IbcChannelOpenMsg::new_try(channel.clone(), PROTOCOL_VERSION);
        ibc_channel_open(region.deps.as_mut(), env.clone(), open).expect("open");
        let connect = IbcChannelConnectMsg::new_ack(channel, PROTOCOL_VERSION);
        ibc_channel_connect(region.deps.as_mut(), env, connect).expect("connect");
        region
    }

    fn env(&self) -> Env {
        let mut env = mock_env();
        env.block.time = Timestamp::from_seconds(self.now);
        env
    }

    /// Applies the router's packet; returns the acknowledgement the chain writes (for a
    /// consumer's first meter, the one the instantiation's reply sets) and the messages the
    /// endpoint sent its meter contracts.
    fn receive(&mut self, entry: &OutboxEntry<ToRegion>) -> (Binary, Vec<CosmosMsg>) {
        let packet = Packet {
            id: entry.id,
            body: entry.body.clone(),
        };
        let msg = mock_ibc_packet_recv(REGION_CHANNEL, &packet).expect("a packet");
        let env = self.env();
        let res = ibc_packet_receive(self.deps.as_mut(), env.clone(), msg).expect("an answer");
        let instantiation = res
            .messages
            .iter()
            .find(|sub| matches!(sub.msg, CosmosMsg::Wasm(WasmMsg::Instantiate { .. })));
        let Some(sub) = instantiation else {
            let ack = res.acknowledgement.expect("an acknowledgement");
            return (ack, res.messages.into_iter().map(|sub| sub.msg).collect());
        };
        #[allow(deprecated)]
        let result = SubMsgResult::Ok(SubMsgResponse {
            events: vec![
                Event::new("instantiate").add_attribute("_contract_address", alice_meters()),
            ],
            data: None,
            msg_responses: vec![],
        });
        let instantiated = Reply {
            id: sub.id,
            payload: sub.payload.clone(),
            gas_used: 0,
            result,
        };
        let res = reply(self.deps.as_mut(), env, instantiated).expect("the reply");
        let ack = res.data.expect("the reply sets the acknowledgement");
        (ack, res.messages.into_iter().map(|sub| sub.msg).collect())
    }

    /// Alice's meter contract closes the period and reports the bill: the endpoint puts it on
    /// the channel. Returns the packet.
    fn send_bill(&mut self) -> Packet<ToMain> {
        let env = self.env();
        let res = execute(
            self.deps.as_mut(),
            env,
            message_info(&alice_meters(), &[]),
            endpoint::ExecuteMsg::RecordBill(bill_notice()),
        )
        .expect("the endpoint sends the bill");
        match &res.messages[..] {
            [sub] => match &sub.msg {
                CosmosMsg::Ibc(IbcMsg::SendPacket {
                    channel_id, data, ..
                }) => {
                    assert_eq!(channel_id, REGION_CHANNEL);
                    from_json(data).expect("a packet of the protocol")
                }
                other => panic!("not a packet: {other:?}"),
            },
            other => panic!("one packet expected, got {other:?}"),
        }
    }

    /// The main chain's acknowledgement of the endpoint's packet reaches it.
    fn acknowledge(&mut self, packet: &Packet<ToMain>, ack: &Binary) -> String {
        let msg = mock_ibc_packet_ack(REGION_CHANNEL, packet, IbcAcknowledgement::new(ack.clone()))
            .expect("an acknowledgement");
        let env = self.env();
        let res = ibc_packet_ack(self.deps.as_mut(), env, msg).expect("the endpoint answers");
        res.attributes
            .iter()
            .find(|a| a.key == "action")
            .map(|a| a.value.clone())
            .expect("an action")
    }

    fn bill_record(&self) -> BillRecord {
        let msg = endpoint::QueryMsg::Bill {
            meter_id: METER.to_string(),
            period: period(),
        };
        from_json(query(self.deps.as_ref(), self.env(), msg).expect("the bill's record"))
            .expect("a BillRecord")
    }

    fn outbox(&self) -> Vec<OutboxEntry<ToMain>> {
        let msg = endpoint::QueryMsg::Outbox {
            start_after: None,
            limit: None,
        };
        let page: OutboxResponse<ToMain> =
            from_json(query(self.deps.as_ref(), self.env(), msg).expect("the outbox"))
                .expect("an outbox page");
        page.entries
    }
}

/// The router's packets not yet answered by the region, in id order.
fn router_outbox(world: &World) -> Vec<OutboxEntry<ToRegion>> {
    let page: OutboxResponse<ToRegion> = world
        .app
        .wrap()
        .query_wasm_smart(
            &world.router,
            &router::QueryMsg::Outbox {
                start_after: None,
                limit: Some(30),
            },
        )
        .expect("the router's outbox");
    page.entries
}

/// The relayer carries the router's packet to the region and its acknowledgement back;
/// returns the messages the endpoint sent its meter contracts.
fn relay_to_region(world: &mut World, region: &mut Region, id: u64) -> Vec<CosmosMsg> {
    let entry = router_outbox(world)
        .into_iter()
        .find(|entry| entry.id == id)
        .expect("the packet waits in the router's outbox");
    let (ack, messages) = region.receive(&entry);
    let relay = Relay::Ack {
        id,
        body: entry.body,
        ack,
    };
    let res = world
        .app
        .wasm_sudo(world.router.clone(), &relay)
        .expect("the router takes the acknowledgement");
    assert_eq!(attribute(&res, "outcome").as_deref(), Some("applied"));
    messages
}

/// The relayer delivers the region's packet to the router; the router's whole response, whose
/// data is the acknowledgement.
fn deliver(world: &mut World, packet: &Packet<ToMain>) -> AppResponse {
    let relay = Relay::Receive {
        id: packet.id,
        body: packet.body.clone(),
    };
    world
        .app
        .wasm_sudo(world.router.clone(), &relay)
        .expect("the router answers every packet")
}

fn confirmation(res: &AppResponse) -> BillConfirmed {
    let data = res.data.as_ref().expect("an acknowledgement");
    match from_json::<StdAck>(data).expect("a StdAck") {
        StdAck::Success(answer) => from_json(&answer).expect("a BillConfirmed"),
        StdAck::Error(text) => panic!("the main chain refused the bill: {text}"),
    }
}

fn set_blacklisted(world: &mut World, blacklisted: bool) -> AppResponse {
    let address = world.alice.to_string();
    let msg = if blacklisted {
        admin::ExecuteMsg::Blacklist {
            address,
            reason: "fraudulent deposits under investigation".to_string(),
        }
    } else {
        admin::ExecuteMsg::Unblacklist { address }
    };
    world
        .app
        .execute_contract(world.administrator.clone(), world.admin.clone(), &msg, &[])
        .expect("the administrator changes Alice's blacklisting")
}

/// The bank's instalments of the bill's period.
fn bill_instalments(world: &World) -> Vec<bank::Instalment> {
    let page: bank::InstalmentsResponse = world
        .app
        .wrap()
        .query_wasm_smart(
            &world.bank,
            &bank::QueryMsg::InstalmentsByMeter {
                meter_id: METER.to_string(),
                start_after: None,
                limit: Some(100),
            },
        )
        .expect("instalments");
    page.instalments
        .into_iter()
        .filter(|inst| inst.period == period())
        .collect()
}

/// The bank holds the bill exactly once: its total recorded, one final instalment of the whole
/// total (no advances were paid), and nothing else of the period.
fn assert_recorded_once(world: &World) {
    let account = world.account(period());
    assert_eq!(account.total, Some(Uint128::new(TOTAL)), "the bill is lost");
    let instalments = bill_instalments(world);
    assert_eq!(instalments.len(), 1, "the bill is doubled: {instalments:?}");
    assert_eq!(instalments[0].kind, InstalmentKind::Final);
    assert_eq!(instalments[0].amount, Uint128::new(TOTAL));
    assert_eq!(account.instalment_ids, vec![instalments[0].id]);
}

#[test]
fn a_bill_in_flight_when_its_consumer_is_blacklisted_is_owed_once_and_collected_after() {
    let mut world = World::new();
    assert_eq!(world.alice, addr("alice"), "both chains name Alice alike");
    assert_eq!(world.retailer, addr("retailer"));
    let mut region = Region::new(&world.router, world.now());

    // Alice's registration crosses, and the region's answer makes her route active.
    let registration = router_outbox(&world)
        .into_iter()
        .find(|entry| matches!(entry.body, ToRegion::RegisterMeter { .. }))
        .expect("the registry onboarded Alice's meter through the router");
    relay_to_region(&mut world, &mut region, registration.id);
    let route: router::Route = world
        .app
        .wrap()
        .query_wasm_smart(
            &world.router,
            &router::QueryMsg::Route {
                meter_id: METER.to_string(),
            },
        )
        .expect("the route");
    assert_eq!(
        route.state,
        RouteState::Active {
            meter_contract: alice_meters().to_string()
        }
    );
    world.fund_alice(PREPAID);

    // The region closes the period and the bill goes on the channel...
    let bill = region.send_bill();
    // ...and before the relayer delivers it, the main chain blacklists Alice. Her standing
    // goes to the region in a packet of its own.
    set_blacklisted(&mut world, true);
    let standing = router_outbox(&world)
        .into_iter()
        .find(|entry| matches!(entry.body, ToRegion::OwnerStanding { blocked: true, .. }))
        .expect("the router carries the blacklisting to the region");

    // The bill arrives: the bank records it, the router confirms it, the region learns it.
    let res = deliver(&mut world, &bill);
    let confirmed = confirmation(&res);
    assert_eq!(
        (confirmed.meter_id.as_str(), confirmed.period),
        (METER, period())
    );
    assert_recorded_once(&world);
    assert_eq!(world.due(), Uint128::new(TOTAL), "Alice owes the bill");
    assert_eq!(
        region.acknowledge(&bill, res.data.as_ref().unwrap()),
        "bill_confirmed"
    );
    assert_eq!(region.bill_record().confirmed, Some(confirmed.confirmed));
    assert!(
        region.outbox().is_empty(),
        "the bill left the region's outbox"
    );

    // The blacklisting reaches the region after the bill (the channel is unordered): her meter
    // contract is told to refuse her readings; the bill already sent stays confirmed.
    let told = relay_to_region(&mut world, &mut region, standing.id);
    let [
        CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr, msg, ..
        }),
    ] = &told[..]
    else {
        panic!("one message to Alice's meter contract expected, got {told:?}");
    };
    assert_eq!(contract_addr, alice_meters().as_str());
    assert_eq!(
        from_json::<meter::ExecuteMsg>(msg).unwrap(),
        meter::ExecuteMsg::SetOwnerBlocked { blocked: true }
    );
    assert_eq!(region.bill_record().confirmed, Some(confirmed.confirmed));

    // The relayer delivers the bill again (its acknowledgement was lost, or the packet timed
    // out and was sent again): the same confirmation, and the bank does not record it twice.
    let again = deliver(&mut world, &bill);
    assert_eq!(
        attribute(&again, "already_confirmed").as_deref(),
        Some("true")
    );
    assert_eq!(confirmation(&again), confirmed);
    assert_recorded_once(&world);
    assert_eq!(
        region.acknowledge(&bill, again.data.as_ref().unwrap()),
        "packet_ack"
    );
    assert_eq!(region.bill_record().confirmed, Some(confirmed.confirmed));

    // Nothing is collected while she is blacklisted: the instalment falls due and is held,
    // her prepaid balance untouched, and an operator's payment is refused with its code.
    world.advance_to(final_due() + DAY);
    let settled = world.settle();
    assert_eq!(
        attribute(&settled, "held_blacklisted").as_deref(),
        Some("1")
    );
    assert_eq!(world.prepaid(), Uint128::new(PREPAID));
    assert_eq!(world.due(), Uint128::new(TOTAL));
    assert_eq!(world.bank_paid(period()), Uint128::zero());
    let refused = ledger_testing::err::<ledger_bank::ContractError>(world.make_payment(TOTAL));
    assert_eq!(refused.code(), "common.blacklisted");
    assert_eq!(
        bill_instalments(&world)[0].status,
        InstalmentStatus::Overdue
    );
    assert_recorded_once(&world);

    // Cleared: the next Settle collects the bill once, and the region is told it is paid.
    set_blacklisted(&mut world, false);
    world.settle();
    assert_eq!(world.due(), Uint128::zero());
    assert_eq!(world.bank_paid(period()), Uint128::new(TOTAL));
    assert_eq!(world.prepaid(), Uint128::new(PREPAID - TOTAL));
    assert_eq!(bill_instalments(&world)[0].status, InstalmentStatus::Paid);
    world.settle();
    assert_eq!(
        world.prepaid(),
        Uint128::new(PREPAID - TOTAL),
        "collected once"
    );
    assert_recorded_once(&world);

    let last_status = router_outbox(&world)
        .into_iter()
        .rev()
        .find(|entry| matches!(entry.body, ToRegion::BillStatus(_)))
        .expect("the router carries the bill's payment to the region");
    relay_to_region(&mut world, &mut region, last_status.id);
    let status = region
        .bill_record()
        .status
        .expect("the region knows the payment");
    assert!(status.settled, "{status:?}");
    assert_eq!(status.paid, Uint128::new(TOTAL));
}
