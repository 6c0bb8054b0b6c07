//! Storage gas, modelled on the Cosmos SDK's KV gas table as wasmd charges it (every key
//! carries the 33-byte contract-store prefix): read 1000 + 3/byte, write 2000 + 30/byte,
//! iteration 30 + 3/byte per item, delete 1000. Storage is what differs between a reading and
//! a cw20 transfer; instance, ante-handler and signature costs are the chain's and are
//! measured by the benchmarks on a real node. The numbers print with `--nocapture`.

use std::cell::Cell;
use std::marker::PhantomData;

use cosmwasm_std::testing::{MockApi, MockQuerier, MockStorage, message_info, mock_env};
use cosmwasm_std::{
    Addr, CanonicalAddr, Env, Order, OwnedDeps, Record, Storage, Timestamp, Uint128,
};
use cw20::Cw20Coin;
use ledger_types::billing::MeterSettings;
use ledger_types::meter::MeterKind;
use ledger_types::meter::{ExecuteMsg, NewMeter};
use ledger_types::reading::SignedReading;

use super::helpers::{
    DAY, DEC_2026, HALF_HOUR, NOV, NOV_2026, Wiring, instantiate_meters, key,
    tariff_handler_owned_by,
};
use crate::contract::execute;

const PREFIX: u64 = 33;

#[derive(Default)]
struct GasStorage {
    inner: MockStorage,
    gas: Cell<u64>,
    reads: Cell<u32>,
    writes: Cell<u32>,
}

impl GasStorage {
    fn charge(&self, gas: u64) {
        self.gas.set(self.gas.get() + gas);
    }

    /// Gas and (reads, writes) since the last call.
    fn take(&self) -> (u64, u32, u32) {
        (self.gas.take(), self.reads.take(), self.writes.take())
    }
}

impl Storage for GasStorage {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        let value = self.inner.get(key);
        let len = value.as_ref().map_or(0, Vec::len) as u64;
        self.charge(1_000 + 3 * (PREFIX + key.len() as u64 + len));
        self.reads.set(self.reads.get() + 1);
        value
    }

    fn range<'a>(
        &'a self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: Order,
    ) -> Box<dyn Iterator<Item = Record> + 'a> {
        Box::new(self.inner.range(start, end, order).map(move |(k, v)| {
            self.charge(30 + 3 * (PREFIX + (k.len() + v.len()) as u64));
            (k, v)
        }))
    }

    fn set(&mut self, key: &[u8], value: &[u8]) {
        self.charge(2_000 + 30 * (PREFIX + (key.len() + value.len()) as u64));
        self.writes.set(self.writes.get() + 1);
        self.inner.set(key, value);
    }

    fn remove(&mut self, key: &[u8]) {
        self.charge(1_000);
        self.inner.remove(key);
    }
}

type GasDeps = OwnedDeps<GasStorage, MockApi, MockQuerier>;

fn gas_deps() -> GasDeps {
    OwnedDeps {
        storage: GasStorage::default(),
        api: MockApi::default().with_prefix("wasm"),
        querier: MockQuerier::default(),
        custom_query_type: PhantomData,
    }
}

/// A 20-byte account address, as wallets have on chain.
fn account(deps: &GasDeps, n: u8) -> Addr {
    use cosmwasm_std::Api;
    deps.api
        .addr_humanize(&CanonicalAddr::from(vec![n; 20]))
        .unwrap()
}

/// Storage gas of a cw20-base transfer between two holders.
fn cw20_transfer_gas() -> (u64, u32, u32) {
    let mut deps = gas_deps();
    let alice = account(&deps, 1);
    let bob = account(&deps, 2);
    cw20_base::contract::instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&alice, &[]),
        cw20_base::msg::InstantiateMsg {
            name: "Settlement".into(),
            symbol: "EURS".into(),
            decimals: 2,
            initial_balances: vec![
                Cw20Coin {
                    address: alice.to_string(),
                    amount: Uint128::new(1_000_000),
                },
                Cw20Coin {
                    address: bob.to_string(),
                    amount: Uint128::new(1_000),
                },
            ],
            mint: None,
            marketing: None,
        },
    )
    .unwrap();
    deps.storage.take();
    cw20_base::contract::execute(
        deps.as_mut(),
        mock_env(),
        message_info(&alice, &[]),
        cw20::Cw20ExecuteMsg::Transfer {
            recipient: bob.to_string(),
            amount: Uint128::new(100),
        },
    )
    .unwrap();
    deps.storage.take()
}

struct GasWorld {
    deps: GasDeps,
    env: Env,
    admin: Addr,
    sequence: u64,
    next_start: u64,
    register: u64,
}

const METER_ID: &str = "m-000123";

impl GasWorld {
    fn new() -> Self {
        let mut deps = gas_deps();
        let admin = deps.api.addr_make("admin-contract");
        let tariff = deps.api.addr_make("tariff-contract");
        let owner = account(&deps, 3);
        let retailer = account(&deps, 4);
        deps.querier
            .update_wasm(tariff_handler_owned_by(tariff.clone(), retailer.clone()));
        let mut env = mock_env();
        env.block.time = Timestamp::from_seconds(NOV_2026);
        let bank = deps.api.addr_make("bank-contract");
        let wiring = Wiring {
            admin: &admin,
            owner: &owner,
            tariff: &tariff,
            bank: &bank,
        };
        instantiate_meters(deps.as_mut(), &env, wiring, MeterSettings::default());
        execute(
            deps.as_mut(),
            env.clone(),
            message_info(&admin, &[]),
            ExecuteMsg::AddMeter {
                meter: NewMeter {
                    meter_id: METER_ID.into(),
                    retailer: retailer.to_string(),
                    pubkey: key(1).public_key().to_vec().into(),
                    tariff_id: "flat".into(),
                    initial_register_wh: 12_345_678,
                    contracted_monthly_amount: Uint128::new(10_000),
                    kind: MeterKind::Consumption,
                },
            },
        )
        .unwrap();
        deps.storage.take();
        GasWorld {
            deps,
            env,
            admin,
            sequence: 0,
            next_start: NOV_2026,
            register: 12_345_678,
        }
    }

    fn readings(&mut self, n: usize) -> Vec<SignedReading> {
        let k = key(1);
        (0..n)
            .map(|i| {
                self.sequence += 1;
                let energy = 180 + (i as u64 * 37) % 400;
                self.register += energy;
                let reading = ledger_types::reading::Reading {
                    meter_id: METER_ID.into(),
                    sequence: self.sequence,
                    interval_start: self.next_start,
                    interval_length: HALF_HOUR,
                    energy_wh: energy,
                    register_wh: self.register,
                };
                self.next_start += u64::from(HALF_HOUR);
                k.sign(
                    &self.env.block.chain_id,
                    self.env.contract.address.as_str(),
                    reading,
                )
            })
            .collect()
    }

    /// Runs `msg` from the admin contract at `time`; returns the storage gas it took (gas,
    /// reads, writes).
    fn measure(&mut self, time: u64, msg: ExecuteMsg) -> (u64, u32, u32) {
        self.env.block.time = Timestamp::from_seconds(time);
        self.deps.storage.take();
        let sender = self.admin.clone();
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(&sender, &[]),
            msg,
        )
        .unwrap();
        self.deps.storage.take()
    }

    /// Submits `n` readings in one message; returns the storage gas.
    fn submit(&mut self, n: usize) -> (u64, u32, u32) {
        let readings = self.readings(n);
        self.measure(self.next_start, ExecuteMsg::SubmitReadings { readings })
    }

    fn close_november(&mut self) -> u64 {
        let close = ExecuteMsg::ClosePeriod {
            meter_id: METER_ID.into(),
            period: NOV,
        };
        self.measure(DEC_2026 + DAY, close).0
    }
}

#[test]
fn a_single_reading_costs_about_a_cw20_transfer_in_storage() {
    let (cw20, cw20_reads, cw20_writes) = cw20_transfer_gas();
    assert_eq!((cw20_reads, cw20_writes), (2, 2));

    let mut world = GasWorld::new();
    let (first, _, _) = world.submit(1);
    world.submit(20);
    // A reading within the same day: two writes, like the transfer, and three reads: the
    // reading rules, the meter record and the emergency pause (an absent key while running).
    let (steady, reads, writes) = world.submit(1);
    assert_eq!((reads, writes), (3, 2));
    world.submit(48 - 22);
    // The first reading of a new day also writes the finished day and its period.
    let (new_day, _, _) = world.submit(1);
    let (batch_of_100, _, _) = world.submit(100);

    eprintln!(
        "storage gas: cw20 transfer {cw20}; meter: first reading {first}, single reading {steady}, \
         first of a day {new_day}, per reading in a batch of 100 {}",
        batch_of_100 / 100
    );
    // Within a sixth of the transfer's storage gas; the rest of a transaction (instance,
    // ante handler) is the same for both, plus ~1100 gas for the signature check.
    assert!(steady * 6 <= cw20 * 7, "{steady} vs {cw20}");
    assert!(first * 6 <= cw20 * 7, "{first} vs {cw20}");
    // A batched reading costs well under half a transfer's storage.
    assert!(batch_of_100 / 100 * 2 < cw20, "{batch_of_100}");
}

/// The open day in the meter record, which every reading rewrites, carries the day's hourly
/// totals so far: a reading late in the day writes more bytes than an early one. The benchmark
/// measures its single reading at 11:00 for that reason; this bounds the growth.
#[test]
fn a_reading_costs_a_little_more_each_hour_of_the_day() {
    let mut world = GasWorld::new();
    world.submit(48);
    let by_position: Vec<u64> = (0..48).map(|_| world.submit(1).0).collect();
    let (second, midday, last) = (by_position[1], by_position[22], by_position[47]);
    let day_average = by_position[1..].iter().sum::<u64>() / 47;
    eprintln!(
        "storage gas by reading of the day: 2nd {second}, 23rd {midday}, 48th {last}, \
         average of the 2nd to the 48th {day_average}"
    );
    // A varint-coded hourly total or two per hour: at most 100 gas (~3 bytes) an hour.
    assert!(second < midday && midday < last, "{by_position:?}");
    assert!(last - second <= 100 * 24, "{second} to {last}");
    // The reading at 11:00 stands for the day within 1%.
    assert!(
        midday.abs_diff(day_average) * 100 <= day_average,
        "{midday} vs {day_average}"
    );
}

#[test]
fn closing_costs_the_same_for_48_or_1440_readings() {
    let mut one_day = GasWorld::new();
    one_day.submit(48);
    let small = one_day.close_november();

    let mut month = GasWorld::new();
    for _ in 0..3 {
        month.submit(480);
    }
    let large = month.close_november();
    eprintln!("storage gas of closing: 48 readings {small}, 1440 readings {large}");
    // Only the widths of the numbers and the filled hours differ.
    assert!(large * 100 <= small * 110, "{small} vs {large}");
}
