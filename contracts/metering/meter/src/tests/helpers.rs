//! A small world for unit tests: the meter contract, a mocked tariff contract, and feeds of
//! signed readings.

use cosmwasm_std::testing::{
    MockApi, MockQuerier, MockStorage, message_info, mock_dependencies, mock_env,
};
use cosmwasm_std::{
    Addr, Binary, Coin, ContractResult, CosmosMsg, DepsMut, Env, Order, OwnedDeps, QuerierResult,
    Response, Storage, SystemError, SystemResult, Timestamp, Uint128, WasmMsg, WasmQuery,
    from_json, to_json_binary,
};
use ledger_reading::signer::MeterKey;
use ledger_types::bank::{AdvanceTerm, ExecuteMsg as BankExecuteMsg};
use ledger_types::billing::{BillingCycle, MeterSettings};
use ledger_types::meter::MeterKind;
use ledger_types::meter::{
    DailyTotalsResponse, ExecuteMsg, InstantiateMsg, MeterState, NewMeter, PeriodUsage, QueryMsg,
    ReadingsResponse, RefusedReading, SubmitReadingsResponse, refused_event,
};
use ledger_types::reading::{Reading, SignedReading};
use ledger_types::tariff::{
    LineItem, LineKind, QueryMsg as TariffQueryMsg, QuoteResponse, TariffInfo, TariffOwner,
    UsageProfile,
};
use serde::de::DeserializeOwned;

use crate::ContractError;
use crate::contract::{execute, instantiate, query};
use crate::execute::readings::refusals;
use ledger_types::error_code::HasCode;

pub const DAY: u64 = 86_400;
/// 2026-11-01T00:00:00Z, a Sunday.
pub const NOV_2026: u64 = 1_793_491_200;
/// 2026-12-01T00:00:00Z.
pub const DEC_2026: u64 = NOV_2026 + 30 * DAY;
/// The calendar-month period of November 2026 (months since January 1970).
pub const NOV: u32 = 682;
pub const HALF_HOUR: u32 = 1_800;
pub const METER: &str = "m-1";
pub const CONTRACTED: u128 = 10_000;

pub type MockDeps = OwnedDeps<MockStorage, MockApi, MockQuerier>;
/// Raw storage, and query results as JSON.
pub type Snapshot = (Vec<cosmwasm_std::Record>, Vec<String>);

/// Offsets of the mocked tariffs; "broken" is known but cannot quote.
fn tariff_offset(tariff_id: &str) -> Option<i32> {
    match tariff_id {
        "flat" | "broken" => Some(0),
        "east" => Some(330),
        "west" => Some(-300),
        _ => None,
    }
}

/// The mocked tariff's price: 2 per Wh, 1 more per weekend Wh, 3 per W of the highest
/// interval power, and 10% tax rounded down.
pub fn mock_quote(tariff_id: &str, usage: &UsageProfile) -> QuoteResponse {
    let weekend: u64 = usage.hourly.iter().flat_map(|m| m.weekend_wh).sum();
    let line = |kind, quantity: u64, price: u128| LineItem {
        kind,
        description: "test".into(),
        quantity,
        unit_price: Uint128::new(price),
        amount: Uint128::new(u128::from(quantity) * price),
    };
    let lines = vec![
        line(LineKind::FlatRate, usage.energy_wh, 2),
        line(LineKind::TimeOfUse { band: 1 }, weekend, 1),
        line(LineKind::Demand, usage.max_power_w, 3),
    ];
    let subtotal: Uint128 = lines.iter().map(|l| l.amount).sum();
    let tax = subtotal / Uint128::new(10);
    QuoteResponse {
        tariff_id: tariff_id.to_string(),
        version: 3,
        lines,
        subtotal,
        tax,
        total: subtotal + tax,
    }
}

/// What the mocked tariff charges, computed from the totals alone.
pub fn expected_total(energy_wh: u64, weekend_wh: u64, max_power_w: u64) -> Uint128 {
    let subtotal = 2 * u128::from(energy_wh) + u128::from(weekend_wh) + 3 * u128::from(max_power_w);
    Uint128::new(subtotal + subtotal / 10)
}

pub fn tariff_handler(tariff: Addr) -> impl Fn(&WasmQuery) -> QuerierResult {
    tariff_handler_owned_by(tariff, MockApi::default().addr_make("retailer"))
}

/// The mocked tariff contract, whose tariffs all belong to `retailer`.
pub fn tariff_handler_owned_by(
    tariff: Addr,
    retailer: Addr,
) -> impl Fn(&WasmQuery) -> QuerierResult {
    move |query| {
        let reply = |r: Result<Binary, String>| SystemResult::Ok(ContractResult::from(r));
        match query {
            WasmQuery::Smart { contract_addr, msg } if *contract_addr == tariff.as_str() => {
                match from_json(msg).unwrap() {
                    TariffQueryMsg::Tariff { tariff_id } => match tariff_offset(&tariff_id) {
                        Some(offset) => reply(Ok(to_json_binary(&TariffInfo {
                            tariff_id,
                            name: "test".into(),
                            utc_offset_minutes: offset,
                            versions: 3,
                            effective_from: vec![0, 1, 2],
                        })
                        .unwrap())),
                        None => reply(Err(format!("tariff {tariff_id} not found"))),
                    },
                    TariffQueryMsg::Owner { tariff_id } => {
                        reply(Ok(to_json_binary(&TariffOwner {
                            tariff_id,
                            owner: Some(retailer.clone()),
                        })
                        .unwrap()))
                    }
                    TariffQueryMsg::Quote { tariff_id, usage } if tariff_id != "broken" => {
                        reply(Ok(to_json_binary(&mock_quote(&tariff_id, &usage)).unwrap()))
                    }
                    _ => reply(Err("no version in force".into())),
                }
            }
            WasmQuery::Smart { contract_addr, .. } => {
                SystemResult::Err(SystemError::NoSuchContract {
                    addr: contract_addr.clone(),
                })
            }
            _ => SystemResult::Err(SystemError::Unknown {}),
        }
    }
}

/// Default settings but for a cycle of 30 days of `day_seconds` each from `origin`.
pub fn day_cycle(origin: u64, day_seconds: u64) -> MeterSettings {
    MeterSettings {
        cycle: BillingCycle::Days {
            origin,
            days: 30,
            day_seconds,
        },
        ..MeterSettings::default()
    }
}

/// The advances of the default payment schedule for a period starting at `start`: 30% due on
/// its 10th day, 40% on its 25th.
pub fn default_advances(start: u64) -> Vec<AdvanceTerm> {
    vec![
        AdvanceTerm {
            bps: 3_000,
            due: start + 9 * DAY,
        },
        AdvanceTerm {
            bps: 4_000,
            due: start + 24 * DAY,
        },
    ]
}

/// Who a meter contract is instantiated by (`admin`, the admin contract) and wired to.
pub struct Wiring<'a> {
    pub admin: &'a Addr,
    pub owner: &'a Addr,
    pub tariff: &'a Addr,
    pub bank: &'a Addr,
}

/// Instantiates the meter contract as `wiring` says, with `settings`.
pub fn instantiate_meters(deps: DepsMut, env: &Env, wiring: Wiring, settings: MeterSettings) {
    instantiate(
        deps,
        env.clone(),
        message_info(wiring.admin, &[]),
        InstantiateMsg {
            owner: wiring.owner.to_string(),
            tariff_contract: wiring.tariff.to_string(),
            bank_contract: wiring.bank.to_string(),
            settings,
        },
    )
    .unwrap();
}

/// The deterministic key of test meter `seed`.
pub fn key(seed: u8) -> MeterKey {
    MeterKey::from_bytes(&[seed; 32]).unwrap()
}

pub struct Ctx {
    pub deps: MockDeps,
    pub env: Env,
    /// The admin contract, which instantiated the meter contract.
    pub admin: Addr,
    pub tariff: Addr,
    pub bank: Addr,
    pub owner: Addr,
    pub retailer: Addr,
    pub gateway: Addr,
}

impl Ctx {
    /// A meter contract instantiated at `time` with `settings`, without meters.
    pub fn new(settings: MeterSettings, time: u64) -> Self {
        let mut deps = mock_dependencies();
        let [admin, tariff, bank, owner, retailer, gateway] = [
            "admin-contract",
            "tariff-contract",
            "bank-contract",
            "consumer",
            "retailer",
            "gateway",
        ]
        .map(|name| deps.api.addr_make(name));
        deps.querier.update_wasm(tariff_handler(tariff.clone()));
        let mut env = mock_env();
        env.block.time = Timestamp::from_seconds(time);
        let wiring = Wiring {
            admin: &admin,
            owner: &owner,
            tariff: &tariff,
            bank: &bank,
        };
        instantiate_meters(deps.as_mut(), &env, wiring, settings);
        Ctx {
            deps,
            env,
            admin,
            tariff,
            bank,
            owner,
            retailer,
            gateway,
        }
    }

    /// Default settings at the start of November 2026, with meter [`METER`] (key 1, tariff
    /// "flat", register 1000 Wh, contracted amount [`CONTRACTED`]).
    pub fn with_meter() -> Self {
        let mut ctx = Ctx::new(MeterSettings::default(), NOV_2026);
        ctx.add_meter(METER, 1, "flat").unwrap();
        ctx
    }

    pub fn at(&mut self, time: u64) {
        self.env.block.time = Timestamp::from_seconds(time);
    }

    pub fn new_meter(&self, meter_id: &str, seed: u8, tariff_id: &str) -> NewMeter {
        NewMeter {
            meter_id: meter_id.to_string(),
            retailer: self.retailer.to_string(),
            pubkey: key(seed).public_key().to_vec().into(),
            tariff_id: tariff_id.to_string(),
            initial_register_wh: 1_000,
            contracted_monthly_amount: Uint128::new(CONTRACTED),
            kind: MeterKind::Consumption,
        }
    }

    pub fn add_meter(
        &mut self,
        meter_id: &str,
        seed: u8,
        tariff_id: &str,
    ) -> Result<Response, ContractError> {
        let meter = self.new_meter(meter_id, seed, tariff_id);
        let admin = self.admin.clone();
        self.exec(&admin, ExecuteMsg::AddMeter { meter })
    }

    pub fn exec(&mut self, sender: &Addr, msg: ExecuteMsg) -> Result<Response, ContractError> {
        self.exec_with_funds(sender, msg, &[])
    }

    pub fn exec_with_funds(
        &mut self,
        sender: &Addr,
        msg: ExecuteMsg,
        funds: &[Coin],
    ) -> Result<Response, ContractError> {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, funds),
            msg,
        )
    }

    pub fn submit(&mut self, readings: Vec<SignedReading>) -> Result<Response, ContractError> {
        let gateway = self.gateway.clone();
        self.exec(&gateway, ExecuteMsg::SubmitReadings { readings })
    }

    pub fn close(&mut self, meter_id: &str, period: u32) -> Result<Response, ContractError> {
        let gateway = self.gateway.clone();
        self.exec(
            &gateway,
            ExecuteMsg::ClosePeriod {
                meter_id: meter_id.to_string(),
                period,
            },
        )
    }

    pub fn try_query<T: DeserializeOwned>(&self, msg: QueryMsg) -> Result<T, ContractError> {
        query(self.deps.as_ref(), self.env.clone(), msg).map(|b| from_json(b).unwrap())
    }

    pub fn query<T: DeserializeOwned>(&self, msg: QueryMsg) -> T {
        self.try_query(msg).unwrap()
    }

    pub fn meter(&self, meter_id: &str) -> MeterState {
        self.query(QueryMsg::Meter {
            meter_id: meter_id.to_string(),
        })
    }

    pub fn period(&self, meter_id: &str, period: u32) -> PeriodUsage {
        self.query(QueryMsg::PeriodTotals {
            meter_id: meter_id.to_string(),
            period,
        })
    }

    pub fn days(&self, meter_id: &str) -> DailyTotalsResponse {
        self.query(QueryMsg::DailyTotals {
            meter_id: meter_id.to_string(),
            from_day: None,
            to_day: None,
            start_after: None,
            limit: Some(100),
        })
    }

    pub fn readings(&self, meter_id: &str) -> ReadingsResponse {
        self.query(QueryMsg::Readings {
            meter_id: meter_id.to_string(),
            from: None,
            to: None,
            start_after: None,
            limit: Some(100),
        })
    }

    /// Everything in storage, and what the queries show of [`METER`].
    pub fn snapshot(&self) -> Snapshot {
        let raw = self
            .deps
            .storage
            .range(None, None, Order::Ascending)
            .collect();
        let view = |msg: QueryMsg| match query(self.deps.as_ref(), self.env.clone(), msg) {
            Ok(bin) => bin.to_string(),
            Err(e) => e.to_string(),
        };
        let meter_id = METER.to_string();
        let views = vec![
            view(QueryMsg::Config {}),
            view(QueryMsg::Meter {
                meter_id: meter_id.clone(),
            }),
            view(QueryMsg::Readings {
                meter_id: meter_id.clone(),
                from: None,
                to: None,
                start_after: None,
                limit: Some(100),
            }),
            view(QueryMsg::DailyTotals {
                meter_id: meter_id.clone(),
                from_day: None,
                to_day: None,
                start_after: None,
                limit: Some(100),
            }),
            view(QueryMsg::PeriodTotals {
                meter_id: meter_id.clone(),
                period: NOV,
            }),
            view(QueryMsg::PeriodTotals {
                meter_id,
                period: NOV + 1,
            }),
        ];
        (raw, views)
    }

    /// Asserts that `response` sends the bank exactly `msg`, and nothing else.
    pub fn assert_to_bank(&self, response: &Response, msg: BankExecuteMsg) {
        assert_eq!(bank_messages(response), vec![(self.bank.to_string(), msg)]);
    }

    /// Runs `msg` from `sender`, expecting exactly `expected` and no change to the state.
    pub fn refused(&mut self, sender: &Addr, msg: ExecuteMsg, expected: ContractError) {
        self.refused_with_funds(sender, msg, &[], expected);
    }

    /// [`Ctx::refused`] for `msg` sent with `funds`.
    pub fn refused_with_funds(
        &mut self,
        sender: &Addr,
        msg: ExecuteMsg,
        funds: &[Coin],
        expected: ContractError,
    ) {
        self.refused_as(sender, msg, funds, |err| {
            assert_eq!(*err, expected, "{err}")
        });
    }

    /// Runs `msg` from `sender` with `funds`, expecting an error that passes `check` and no
    /// change to the state.
    pub fn refused_as(
        &mut self,
        sender: &Addr,
        msg: ExecuteMsg,
        funds: &[Coin],
        check: impl FnOnce(&ContractError),
    ) {
        let before = self.snapshot();
        let err = self.exec_with_funds(sender, msg, funds).unwrap_err();
        check(&err);
        assert_eq!(self.snapshot(), before, "state changed after: {err}");
    }

    /// Submits `readings`, expecting the whole message to fail with exactly `expected` and
    /// no change to the state.
    pub fn refused_submission(&mut self, readings: Vec<SignedReading>, expected: ContractError) {
        let gateway = self.gateway.clone();
        self.refused(&gateway, ExecuteMsg::SubmitReadings { readings }, expected);
    }

    /// Submits one reading, expecting it refused with exactly `expected`: the message
    /// succeeds, reports the refusal with `expected`'s code, and changes nothing.
    pub fn refused_readings(&mut self, readings: Vec<SignedReading>, expected: ContractError) {
        assert_eq!(readings.len(), 1, "one reading at a time");
        let typed = refusals(self.deps.as_ref(), &self.env, &readings).unwrap();
        assert_eq!(
            typed.as_slice(),
            std::slice::from_ref(&expected),
            "{expected}"
        );
        let before = self.snapshot();
        let response = self.submit(readings.clone()).unwrap();
        let expected_refused: Vec<RefusedReading> = readings
            .iter()
            .map(|r| RefusedReading {
                meter_id: r.meter_id.clone(),
                sequence: r.sequence,
                code: expected.code().to_string(),
            })
            .collect();
        assert_eq!(
            outcome(&response),
            SubmitReadingsResponse {
                accepted: 0,
                refused: expected_refused
            }
        );
        assert_eq!(self.snapshot(), before, "state changed after: {expected}");
    }
}

/// A meter's stream of readings, continuing from where the last one ended.
pub struct Feed {
    pub meter_id: String,
    key: MeterKey,
    chain_id: String,
    contract: String,
    pub sequence: u64,
    pub next_start: u64,
    pub register: u64,
}

impl Feed {
    /// The feed of a meter added with [`Ctx::add_meter`] at the context's current time.
    pub fn new(ctx: &Ctx, meter_id: &str, seed: u8) -> Self {
        let state = ctx.meter(meter_id);
        Feed {
            meter_id: meter_id.to_string(),
            key: key(seed),
            chain_id: ctx.env.block.chain_id.clone(),
            contract: ctx.env.contract.address.to_string(),
            sequence: state.last_sequence,
            next_start: state.last_interval_end,
            register: state.register_wh,
        }
    }

    /// The next reading, unsigned, without advancing.
    pub fn peek(&self, length: u32, energy_wh: u64) -> Reading {
        Reading {
            meter_id: self.meter_id.clone(),
            sequence: self.sequence + 1,
            interval_start: self.next_start,
            interval_length: length,
            energy_wh,
            register_wh: self.register + energy_wh,
        }
    }

    pub fn sign(&self, reading: Reading) -> SignedReading {
        self.key.sign(&self.chain_id, &self.contract, reading)
    }

    /// Signs `reading` and advances the feed past it.
    pub fn take(&mut self, reading: Reading) -> SignedReading {
        self.sequence = reading.sequence;
        self.next_start = reading.interval_start + u64::from(reading.interval_length);
        self.register = reading.register_wh;
        self.sign(reading)
    }

    /// The next reading, signed; the feed advances.
    pub fn next(&mut self, length: u32, energy_wh: u64) -> SignedReading {
        let reading = self.peek(length, energy_wh);
        self.take(reading)
    }

    /// Skips `seconds` without a reading.
    pub fn skip(&mut self, seconds: u64) {
        self.next_start += seconds;
    }

    /// `n` half-hourly readings with the energies `energy(i)`.
    pub fn half_hours(&mut self, n: usize, energy: impl Fn(usize) -> u64) -> Vec<SignedReading> {
        (0..n).map(|i| self.next(HALF_HOUR, energy(i))).collect()
    }
}

/// The bank message a response carries.
pub fn bank_messages(response: &Response) -> Vec<(String, BankExecuteMsg)> {
    response
        .messages
        .iter()
        .map(|sub| match &sub.msg {
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr,
                msg,
                funds,
            }) => {
                assert!(funds.is_empty());
                (contract_addr.clone(), from_json(msg).unwrap())
            }
            other => panic!("unexpected message {other:?}"),
        })
        .collect()
}

/// Asserts that the response carries each `(key, value)` attribute.
/// The typed response data of a `SubmitReadings`.
pub fn outcome(response: &Response) -> SubmitReadingsResponse {
    from_json(
        response
            .data
            .as_ref()
            .expect("SubmitReadings sets its response data"),
    )
    .unwrap()
}

/// The `readings_refused` event's attributes (count, listing), if the response has one.
pub fn refused_event(response: &Response) -> Option<(String, String)> {
    let event = response
        .events
        .iter()
        .find(|e| e.ty == refused_event::TYPE)?;
    let value = |key: &str| {
        event
            .attributes
            .iter()
            .find(|a| a.key == key)
            .map(|a| a.value.clone())
            .unwrap_or_default()
    };
    Some((value(refused_event::COUNT), value(refused_event::READINGS)))
}

pub fn assert_attrs(response: &Response, expected: &[(&str, &str)]) {
    for (key, value) in expected {
        assert_eq!(attr(response, key), *value, "attribute {key}");
    }
}

/// The value of attribute `key`.
pub fn attr(response: &Response, key: &str) -> String {
    response
        .attributes
        .iter()
        .find(|a| a.key == key)
        .unwrap_or_else(|| panic!("no attribute {key}"))
        .value
        .clone()
}

/// Raw storage: the whole state of the contract.
pub fn storage(ctx: &Ctx) -> Vec<cosmwasm_std::Record> {
    use cosmwasm_std::Storage;
    ctx.deps
        .storage
        .range(None, None, cosmwasm_std::Order::Ascending)
        .collect()
}
