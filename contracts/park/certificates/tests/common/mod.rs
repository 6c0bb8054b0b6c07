//! The certificates' test world: the ledger's multi-test Suite (registry, meters, settlement
//! token) with the park market and the certificates contract beside it, two generators (a
//! solar meter signing 2 kWh and a wind meter 1 kWh every five minutes) and two buyers.
//! Trade certificates are issued by sending `Issue` as the market's address, as its
//! settlement does; a snapshot of everything the contract holds lets a refused action be
//! shown to have changed nothing.

#![allow(dead_code)]

use cosmwasm_std::Addr;
use cw_multi_test::error::AnyResult;
use cw_multi_test::{AppResponse, ContractWrapper, Executor};
use ledger_testing::{LoadCurve, MeterSpec, START, Suite, SuiteBuilder, tariffs};
use ledger_types::emergency::PauseStatus;
use ledger_types::park::certificates::{
    Certificate, CertificatesResponse, ConfigResponse, ExecuteMsg, HistoryResponse, InstantiateMsg,
    MeterHourResponse, QueryMsg, TradeCertificate,
};
use ledger_types::park::{
    EnergyType, ExecuteMsg as MarketMsg, InstantiateMsg as MarketInstantiate, SlotSchedule,
};

/// The first two clock hours of the world: the meters sign from `START` on.
pub const H0: u64 = START;
pub const H1: u64 = START + 3_600;
pub const VALIDITY: u64 = 86_400;
pub const DELAY: u64 = 1_800;
/// What each meter signs for in a whole hour: twelve five-minute readings.
pub const SOLAR_HOUR_WH: u64 = 12 * 2_000;
pub const WIND_HOUR_WH: u64 = 12 * 1_000;
pub const PEOPLE: [&str; 4] = ["sol", "wendy", "alice", "bob"];
pub const METERS: [&str; 2] = ["solar-1", "wind-1"];

pub struct World {
    pub suite: Suite,
    pub market: Addr,
    pub certificates: Addr,
}

pub fn certificates_code(suite: &mut Suite) -> u64 {
    suite.app.store_code(Box::new(ContractWrapper::new(
        ledger_park_certificates::contract::execute,
        ledger_park_certificates::contract::instantiate,
        ledger_park_certificates::contract::query,
    )))
}

impl World {
    pub fn new() -> World {
        let mut suite = SuiteBuilder::new()
            .with_tariff(tariffs::flat())
            .with_meter(
                MeterSpec::new("solar-1", "sol", tariffs::FLAT)
                    .generation()
                    .load(LoadCurve::Constant { energy_wh: 2_000 }),
            )
            .with_meter(
                MeterSpec::new("wind-1", "wendy", tariffs::FLAT)
                    .generation()
                    .load(LoadCurve::Constant { energy_wh: 1_000 }),
            )
            .with_consumer("alice")
            .with_consumer("bob")
            .build();
        for meter in METERS {
            suite.device_mut(meter).interval = 300;
        }
        let market_code = suite.app.store_code(Box::new(ContractWrapper::new(
            ledger_park_market::contract::execute,
            ledger_park_market::contract::instantiate,
            ledger_park_market::contract::query,
        )));
        let admin = suite.addrs.administrator.clone();
        let market = suite
            .app
            .instantiate_contract(
                market_code,
                admin.clone(),
                &MarketInstantiate {
                    admin_contract: suite.admin.to_string(),
                    token: suite.token.to_string(),
                    schedule: SlotSchedule {
                        origin: H1,
                        slot_seconds: 900,
                        gate_closure_seconds: 300,
                        settlement_delay_seconds: 600,
                    },
                    max_orders_per_slot: 50,
                },
                &[],
                "ledger-park-market",
                None,
            )
            .unwrap();
        let code = certificates_code(&mut suite);
        let certificates = suite
            .app
            .instantiate_contract(
                code,
                admin.clone(),
                &InstantiateMsg {
                    admin_contract: suite.admin.to_string(),
                    market: market.to_string(),
                    validity_seconds: VALIDITY,
                    direct_issuance_delay_seconds: DELAY,
                },
                &[],
                "ledger-park-certificates",
                None,
            )
            .unwrap();
        for (meter_id, energy_type, carbon_g_per_kwh) in [
            ("solar-1", EnergyType::Solar, 20),
            ("wind-1", EnergyType::Wind, 10),
        ] {
            suite
                .app
                .execute_contract(
                    admin.clone(),
                    market.clone(),
                    &MarketMsg::RegisterGenerator {
                        meter_id: meter_id.into(),
                        energy_type,
                        carbon_g_per_kwh,
                    },
                    &[],
                )
                .unwrap();
        }
        suite
            .app
            .execute_contract(
                admin,
                market.clone(),
                &MarketMsg::SetCertificates {
                    address: certificates.to_string(),
                },
                &[],
            )
            .unwrap();
        World {
            suite,
            market,
            certificates,
        }
    }

    pub fn person(&self, name: &str) -> Addr {
        self.suite.consumer(name)
    }

    /// Moves time to `at` and has both meters sign every interval that has ended by then.
    pub fn sign_until(&mut self, at: u64) {
        self.suite.advance_to(at);
        for meter in METERS {
            self.suite.feed(meter, 50).unwrap();
        }
    }

    pub fn try_execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AnyResult<AppResponse> {
        self.suite
            .app
            .execute_contract(sender.clone(), self.certificates.clone(), msg, &[])
    }

    pub fn execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AppResponse {
        self.try_execute(sender, msg)
            .unwrap_or_else(|e| panic!("{msg:?}: {e:?}"))
    }

    /// A trade certificate for `owner` of `energy_wh` from `meter` in the hour.
    pub fn trade(
        &self,
        owner: &str,
        meter: &str,
        hour_start: u64,
        energy_wh: u64,
    ) -> TradeCertificate {
        let (seller, energy_type, carbon_g_per_kwh) = match meter {
            "solar-1" => ("sol", EnergyType::Solar, 20),
            _ => ("wendy", EnergyType::Wind, 10),
        };
        TradeCertificate {
            owner: self.person(owner).to_string(),
            meter_id: meter.into(),
            hour_start,
            energy_wh,
            energy_type,
            carbon_g_per_kwh,
            slot: 0,
            fill_id: 1,
            seller: self.person(seller).to_string(),
        }
    }

    /// `Issue` as the market sends it.
    pub fn try_issue(&mut self, certificates: Vec<TradeCertificate>) -> AnyResult<AppResponse> {
        let market = self.market.clone();
        self.try_execute(&market, &ExecuteMsg::Issue { certificates })
    }

    pub fn issue(&mut self, certificates: Vec<TradeCertificate>) -> AppResponse {
        self.try_issue(certificates).unwrap()
    }

    pub fn query<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> T {
        self.suite.query(&self.certificates, msg).unwrap()
    }

    pub fn certificate(&self, id: u64) -> Certificate {
        self.query(&QueryMsg::Certificate { id })
    }

    pub fn meter_hour(&self, meter: &str, hour_start: u64) -> MeterHourResponse {
        self.query(&QueryMsg::MeterHour {
            meter_id: meter.into(),
            hour_start,
        })
    }

    /// Every certificate of `owner`, through every page.
    pub fn owned(&self, owner: &Addr) -> Vec<Certificate> {
        let mut all = Vec::new();
        loop {
            let page: CertificatesResponse = self.query(&QueryMsg::Certificates {
                owner: owner.to_string(),
                start_after: all.last().map(|c: &Certificate| c.id),
                limit: Some(2),
            });
            all.extend(page.certificates);
            if !page.has_more {
                return all;
            }
        }
    }

    /// Every certificate anyone in the world holds, by id.
    pub fn all_certificates(&self) -> Vec<Certificate> {
        let mut all: Vec<Certificate> = PEOPLE
            .iter()
            .flat_map(|p| self.owned(&self.person(p)))
            .collect();
        all.sort_by_key(|c| c.id);
        all
    }

    /// The energy of `meter`'s signed readings whose interval starts in the hour, summed here.
    pub fn signed_wh(&self, meter: &str, hour_start: u64) -> u64 {
        self.suite
            .readings(meter)
            .iter()
            .filter(|r| (hour_start..hour_start + 3_600).contains(&r.interval_start))
            .map(|r| r.energy_wh)
            .sum()
    }

    pub fn history(&self, id: u64) -> HistoryResponse {
        self.query(&QueryMsg::History {
            id,
            start_after: None,
            limit: Some(100),
        })
    }
}

/// Everything a certificates action can change: every certificate and its history, the
/// running totals of both meters' first two hours, the pause.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    config: ConfigResponse,
    pause: PauseStatus,
    certificates: Vec<Certificate>,
    histories: Vec<HistoryResponse>,
    hours: Vec<MeterHourResponse>,
}

impl World {
    pub fn snapshot(&self) -> Snapshot {
        let certificates = self.all_certificates();
        Snapshot {
            config: self.query(&QueryMsg::Config {}),
            pause: self.query(&QueryMsg::PauseStatus {}),
            histories: certificates.iter().map(|c| self.history(c.id)).collect(),
            certificates,
            hours: METERS
                .iter()
                .flat_map(|m| [H0, H1].map(|h| self.meter_hour(m, h)))
                .collect(),
        }
    }
}
