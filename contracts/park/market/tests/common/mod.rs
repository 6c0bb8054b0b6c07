//! The park's test world: the ledger's multi-test Suite (registry, meters, bank, settlement
//! token) with the market beside it, two generators (a solar and a wind meter) and two buyers
//! holding settlement tokens; actions take the sender explicitly, and a snapshot of everything
//! the market and the token hold lets a refused action be shown to have changed nothing.

#![allow(dead_code)]

use cosmwasm_std::Addr;
use cw_multi_test::error::AnyResult;
use cw_multi_test::{AppResponse, ContractWrapper, Executor};
use ledger_testing::{LoadCurve, MeterSpec, START, Suite, SuiteBuilder, tariffs};
use ledger_types::park::certificates::InstantiateMsg as CertificatesInstantiate;
use ledger_types::park::clearing::{Side, cost_ceil};
use ledger_types::park::{
    ConfigResponse, EnergyType, ExecuteMsg, FillsResponse, InstantiateMsg, OrdersResponse,
    QueryMsg, ReceiveMsg, Requirements, SellerRecord, SlotResponse, SlotSchedule,
};

pub const SLOT: u64 = 900;
pub const ORIGIN: u64 = START + 3_600;
pub const GATE: u64 = 300;
pub const DELAY: u64 = 600;

pub struct Park {
    pub suite: Suite,
    pub market: Addr,
}

/// A generation meter of the story: its id, owner, curve, type and carbon intensity.
pub struct GeneratorSpec {
    pub meter_id: &'static str,
    pub owner: &'static str,
    pub load: LoadCurve,
    pub energy_type: EnergyType,
    pub carbon_g_per_kwh: u32,
}

impl Park {
    /// The two-generator, two-buyer world most tests use.
    pub fn new() -> Park {
        Park::build(
            &[
                GeneratorSpec {
                    meter_id: "solar-1",
                    owner: "sol",
                    load: LoadCurve::Constant { energy_wh: 2_000 },
                    energy_type: EnergyType::Solar,
                    carbon_g_per_kwh: 20,
                },
                GeneratorSpec {
                    meter_id: "wind-1",
                    owner: "wendy",
                    load: LoadCurve::Constant { energy_wh: 1_000 },
                    energy_type: EnergyType::Wind,
                    carbon_g_per_kwh: 10,
                },
            ],
            &["alice", "bob"],
            10_000,
        )
    }

    /// A park of these generators (meters reading every five minutes) and buyers, each buyer
    /// holding `deposit` settlement tokens, with the market on the [`SLOT`] schedule.
    pub fn build(generators: &[GeneratorSpec], buyers: &[&str], deposit: u128) -> Park {
        let mut builder = SuiteBuilder::new().with_tariff(tariffs::flat());
        for g in generators {
            builder = builder.with_meter(
                MeterSpec::new(g.meter_id, g.owner, tariffs::FLAT)
                    .generation()
                    .load(g.load.clone()),
            );
        }
        for buyer in buyers {
            builder = builder.with_consumer(buyer);
        }
        let mut suite = builder.build();
        for g in generators {
            suite.device_mut(g.meter_id).interval = 300;
        }
        let code = suite.app.store_code(Box::new(ContractWrapper::new(
            ledger_park_market::contract::execute,
            ledger_park_market::contract::instantiate,
            ledger_park_market::contract::query,
        )));
        let admin = suite.addrs.administrator.clone();
        let market = suite
            .app
            .instantiate_contract(
                code,
                admin.clone(),
                &InstantiateMsg {
                    admin_contract: suite.admin.to_string(),
                    token: suite.token.to_string(),
                    schedule: SlotSchedule {
                        origin: ORIGIN,
                        slot_seconds: SLOT,
                        gate_closure_seconds: GATE,
                        settlement_delay_seconds: DELAY,
                    },
                    max_orders_per_slot: 50,
                },
                &[],
                "ledger-park-market",
                None,
            )
            .unwrap();
        let operator = suite.addrs.bank_operator.clone();
        for (i, buyer) in buyers.iter().enumerate() {
            let to = suite.consumer(buyer);
            suite
                .deposit(&operator, &format!("dep-{i}"), &to, deposit, false)
                .unwrap();
        }
        let mut park = Park { suite, market };
        for g in generators {
            park.execute(
                &admin,
                &ExecuteMsg::RegisterGenerator {
                    meter_id: g.meter_id.into(),
                    energy_type: g.energy_type,
                    carbon_g_per_kwh: g.carbon_g_per_kwh,
                },
            );
        }
        park
    }

    /// Deploys the certificates contract (valid `validity_seconds` after the generation hour)
    /// and has the market's settlements issue in it.
    pub fn with_certificates(&mut self, validity_seconds: u64) -> Addr {
        let code = self.suite.app.store_code(Box::new(ContractWrapper::new(
            ledger_park_certificates::contract::execute,
            ledger_park_certificates::contract::instantiate,
            ledger_park_certificates::contract::query,
        )));
        let admin = self.suite.addrs.administrator.clone();
        let certificates = self
            .suite
            .app
            .instantiate_contract(
                code,
                admin.clone(),
                &CertificatesInstantiate {
                    admin_contract: self.suite.admin.to_string(),
                    market: self.market.to_string(),
                    validity_seconds,
                    direct_issuance_delay_seconds: 3_600,
                },
                &[],
                "ledger-park-certificates",
                None,
            )
            .unwrap();
        self.execute(
            &admin,
            &ExecuteMsg::SetCertificates {
                address: certificates.to_string(),
            },
        );
        certificates
    }

    pub fn try_execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AnyResult<AppResponse> {
        self.suite
            .app
            .execute_contract(sender.clone(), self.market.clone(), msg, &[])
    }

    pub fn execute(&mut self, sender: &Addr, msg: &ExecuteMsg) {
        self.try_execute(sender, msg)
            .unwrap_or_else(|e| panic!("{msg:?}: {e:?}"));
    }

    pub fn offer(&mut self, seller: &str, meter: &str, energy_wh: u64, min_price: u64) {
        self.offer_in(0, seller, meter, energy_wh, min_price);
    }

    pub fn offer_in(
        &mut self,
        slot: u64,
        seller: &str,
        meter: &str,
        energy_wh: u64,
        min_price: u64,
    ) {
        let sender = self.suite.consumer(seller);
        self.execute(
            &sender,
            &ExecuteMsg::PostOffer {
                slot,
                meter_id: meter.into(),
                energy_wh,
                min_price,
            },
        );
    }

    pub fn bid(&mut self, buyer: &str, energy_wh: u64, max_price: u64, requirements: Requirements) {
        self.bid_in(0, buyer, energy_wh, max_price, requirements);
    }

    pub fn bid_in(
        &mut self,
        slot: u64,
        buyer: &str,
        energy_wh: u64,
        max_price: u64,
        requirements: Requirements,
    ) {
        let escrow = cost_ceil(energy_wh, max_price);
        self.try_bid_in(slot, buyer, escrow, energy_wh, max_price, requirements)
            .unwrap();
    }

    /// Sends `amount` with a bid in slot 0.
    pub fn try_bid(
        &mut self,
        buyer: &str,
        amount: u128,
        energy_wh: u64,
        max_price: u64,
        requirements: Requirements,
    ) -> AnyResult<AppResponse> {
        self.try_bid_in(0, buyer, amount, energy_wh, max_price, requirements)
    }

    /// Sends `amount` with a bid in `slot`.
    pub fn try_bid_in(
        &mut self,
        slot: u64,
        buyer: &str,
        amount: u128,
        energy_wh: u64,
        max_price: u64,
        requirements: Requirements,
    ) -> AnyResult<AppResponse> {
        let sender = self.suite.consumer(buyer);
        let (token, market) = (self.suite.token.clone(), self.market.clone());
        self.suite.cw20_send(
            &token,
            &sender,
            &market,
            amount,
            &ReceiveMsg::PostBid {
                slot,
                energy_wh,
                max_price,
                requirements,
            },
        )
    }

    pub fn balance(&self, who: &str) -> u128 {
        self.suite.balance(&self.suite.consumer(who))
    }

    pub fn query<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.suite.query(&self.market, msg).unwrap()
    }
}

/// Everything a market action can change: slot 0's book, state and fills, the sellers'
/// records, and the token balances of everyone in the story and of the market.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    config: ConfigResponse,
    bids: OrdersResponse,
    offers: OrdersResponse,
    slot: SlotResponse,
    fills: FillsResponse,
    sellers: Vec<SellerRecord>,
    balances: Vec<u128>,
}

impl Park {
    pub fn snapshot(&self) -> Snapshot {
        let book = |side| {
            self.query(&QueryMsg::OrderBook {
                slot: 0,
                side,
                start_after: None,
                limit: Some(100),
            })
        };
        let people = ["sol", "wendy", "alice", "bob"];
        let mut balances: Vec<u128> = people.iter().map(|p| self.balance(p)).collect();
        balances.push(self.suite.balance(&self.market));
        Snapshot {
            config: self.query(&QueryMsg::Config {}),
            bids: book(Side::Bid),
            offers: book(Side::Offer),
            slot: self.query(&QueryMsg::Slot { slot: 0 }),
            fills: self.query(&QueryMsg::Fills {
                slot: 0,
                start_after: None,
                limit: Some(100),
            }),
            sellers: ["sol", "wendy"]
                .iter()
                .map(|s| {
                    self.query(&QueryMsg::Seller {
                        seller: self.suite.consumer(s).to_string(),
                    })
                })
                .collect(),
            balances,
        }
    }
}
