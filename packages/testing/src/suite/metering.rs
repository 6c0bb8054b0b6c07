//! Metering in the Suite: tariffs, meter readings and periods, bills, and the invariant that
//! every reading is counted once.

use std::collections::BTreeMap;

use cosmwasm_std::{Addr, StdResult};
use cw_multi_test::AppResponse;
use cw_multi_test::error::AnyResult;
use ledger_reading::SignedReading;
use ledger_types::meter::{self, Bill, DailyTotal, MeterState, PeriodUsage, StoredReading};
use ledger_types::tariff::{self, QuoteResponse, TariffComponents, UsageProfile};

use super::Suite;
use crate::tariffs::TariffDef;

use crate::pages::read_all;

/// The response data of a `SubmitReadings`: how many readings were stored, which refused.
pub fn readings_outcome(response: &AppResponse) -> meter::SubmitReadingsResponse {
    let data = response
        .data
        .as_ref()
        .expect("SubmitReadings always sets its response data");
    cosmwasm_std::from_json(data).expect("SubmitReadings data is a SubmitReadingsResponse")
}

/// Each of `readings` refused with `code`, as a `SubmitReadings` reports it.
pub fn refusals(readings: &[SignedReading], code: &str) -> Vec<meter::RefusedReading> {
    readings
        .iter()
        .map(|r| meter::RefusedReading {
            meter_id: r.meter_id.clone(),
            sequence: r.sequence,
            code: code.to_string(),
        })
        .collect()
}

impl Suite {
    // ---------------------------------------------------------------- tariff actions

    pub fn create_tariff(
        &mut self,
        sender: &Addr,
        def: &TariffDef,
        effective_from: u64,
    ) -> AnyResult<AppResponse> {
        self.execute_tariff(
            sender,
            &tariff::ExecuteMsg::CreateTariff {
                tariff_id: def.tariff_id.clone(),
                name: def.name.clone(),
                utc_offset_minutes: def.utc_offset_minutes,
                components: def.components.clone(),
                effective_from,
            },
        )
    }

    pub fn add_version(
        &mut self,
        sender: &Addr,
        tariff_id: &str,
        components: TariffComponents,
        effective_from: u64,
    ) -> AnyResult<AppResponse> {
        self.execute_tariff(
            sender,
            &tariff::ExecuteMsg::AddVersion {
                tariff_id: tariff_id.to_string(),
                components,
                effective_from,
            },
        )
    }

    // ---------------------------------------------------------------- meter actions

    /// Sends readings to a meter contract (anyone may relay them).
    pub fn submit_readings_to(
        &mut self,
        sender: &Addr,
        contract: &Addr,
        readings: Vec<SignedReading>,
    ) -> AnyResult<AppResponse> {
        self.execute_meter(
            sender,
            contract,
            &meter::ExecuteMsg::SubmitReadings { readings },
        )
    }

    /// Sends a batch of a meter's readings through the gateway to its contract; the device
    /// moves past those the contract accepted (see [`readings_outcome`] for the refused).
    pub fn submit_readings(
        &mut self,
        meter_id: &str,
        readings: Vec<SignedReading>,
    ) -> AnyResult<AppResponse> {
        let contract = self.meter_contract(meter_id);
        let gateway = self.addrs.gateway.clone();
        let res = self.submit_readings_to(&gateway, &contract, readings.clone())?;
        let outcome = readings_outcome(&res);
        let accepted: Vec<SignedReading> = readings
            .into_iter()
            .filter(|r| {
                !outcome
                    .refused
                    .iter()
                    .any(|x| x.meter_id == r.meter_id && x.sequence == r.sequence)
            })
            .collect();
        self.device_mut(meter_id).accept(&accepted);
        Ok(res)
    }

    /// Reads every whole interval that has ended by now from the meter's load curve and
    /// submits them in batches of `batch`; returns the readings submitted.
    pub fn feed(&mut self, meter_id: &str, batch: usize) -> AnyResult<Vec<SignedReading>> {
        let mut all = vec![];
        loop {
            let due = self.device(meter_id).due_intervals(self.now());
            if due == 0 {
                return Ok(all);
            }
            let readings = self.device(meter_id).next_batch(due.min(batch));
            self.submit_readings(meter_id, readings.clone())?;
            all.extend(readings);
        }
    }

    pub fn close_period(
        &mut self,
        sender: &Addr,
        meter_id: &str,
        period: u32,
    ) -> AnyResult<AppResponse> {
        let contract = self.meter_contract(meter_id);
        self.execute_meter(
            sender,
            &contract,
            &meter::ExecuteMsg::ClosePeriod {
                meter_id: meter_id.to_string(),
                period,
            },
        )
    }

    // meter

    pub fn meter_config(&self, contract: &Addr) -> meter::ConfigResponse {
        self.query(contract, &meter::QueryMsg::Config {})
            .expect("meter config")
    }

    pub fn meter_state(&self, meter_id: &str) -> MeterState {
        self.query(
            &self.meter_contract(meter_id),
            &meter::QueryMsg::Meter {
                meter_id: meter_id.to_string(),
            },
        )
        .expect("meter state")
    }

    /// Every stored reading of a meter, every page.
    pub fn readings(&self, meter_id: &str) -> Vec<StoredReading> {
        let contract = self.meter_contract(meter_id);
        read_all(|last: Option<&StoredReading>| {
            let page: meter::ReadingsResponse = self
                .query(
                    &contract,
                    &meter::QueryMsg::Readings {
                        meter_id: meter_id.to_string(),
                        from: None,
                        to: None,
                        start_after: last.map(|r| r.interval_start),
                        limit: Some(100),
                    },
                )
                .expect("readings");
            page.readings
        })
    }

    /// Every daily total of a meter, every page.
    pub fn daily_totals(&self, meter_id: &str) -> Vec<DailyTotal> {
        let contract = self.meter_contract(meter_id);
        read_all(|last: Option<&DailyTotal>| {
            let page: meter::DailyTotalsResponse = self
                .query(
                    &contract,
                    &meter::QueryMsg::DailyTotals {
                        meter_id: meter_id.to_string(),
                        from_day: None,
                        to_day: None,
                        start_after: last.map(|d| d.day),
                        limit: Some(100),
                    },
                )
                .expect("daily totals");
            page.days
        })
    }

    pub fn period_totals(&self, meter_id: &str, period: u32) -> StdResult<PeriodUsage> {
        self.query(
            &self.meter_contract(meter_id),
            &meter::QueryMsg::PeriodTotals {
                meter_id: meter_id.to_string(),
                period,
            },
        )
    }

    pub fn period_at(&self, meter_id: &str, at: u64) -> meter::PeriodInfo {
        self.query(
            &self.meter_contract(meter_id),
            &meter::QueryMsg::PeriodAt { at },
        )
        .expect("period at")
    }

    /// The period block time falls in, by the suite's billing cycle.
    pub fn current_period(&self) -> u32 {
        self.settings
            .cycle
            .period_of(self.now())
            .expect("now lies in a period")
    }

    pub fn bill(&self, meter_id: &str, period: u32) -> StdResult<Bill> {
        self.query(
            &self.meter_contract(meter_id),
            &meter::QueryMsg::Bill {
                meter_id: meter_id.to_string(),
                period,
            },
        )
    }

    pub fn bills(&self, meter_id: &str) -> Vec<Bill> {
        let page: meter::BillsResponse = self
            .query(
                &self.meter_contract(meter_id),
                &meter::QueryMsg::Bills {
                    meter_id: meter_id.to_string(),
                    start_after: None,
                    limit: Some(100),
                },
            )
            .expect("bills");
        page.bills
    }

    // tariff

    pub fn tariff_info(&self, tariff_id: &str) -> StdResult<tariff::TariffInfo> {
        self.query(
            &self.tariff,
            &tariff::QueryMsg::Tariff {
                tariff_id: tariff_id.to_string(),
            },
        )
    }

    pub fn tariff_version(
        &self,
        tariff_id: &str,
        version: u32,
    ) -> StdResult<tariff::TariffVersion> {
        self.query(
            &self.tariff,
            &tariff::QueryMsg::Version {
                tariff_id: tariff_id.to_string(),
                version,
            },
        )
    }

    pub fn quote(&self, tariff_id: &str, usage: UsageProfile) -> StdResult<QuoteResponse> {
        self.query(
            &self.tariff,
            &tariff::QueryMsg::Quote {
                tariff_id: tariff_id.to_string(),
                usage,
            },
        )
    }

    /// Sum of a meter's stored readings equals its register movement and each period's
    /// totals.
    pub fn assert_readings_counted_once(&self, meter_id: &str) {
        let readings = self.readings(meter_id);
        let state = self.meter_state(meter_id);
        assert_eq!(
            readings.len() as u64,
            state.readings,
            "stored readings vs count"
        );
        let mut per_period: BTreeMap<u32, (u64, u32)> = BTreeMap::new();
        for r in &readings {
            let period = self
                .settings
                .cycle
                .period_of(r.interval_start)
                .expect("reading in a period");
            let e = per_period.entry(period).or_default();
            e.0 += r.energy_wh;
            e.1 += 1;
        }
        for (period, (energy, count)) in per_period {
            let totals = self.period_totals(meter_id, period).expect("period totals");
            assert_eq!(totals.energy_wh, energy, "period {period} energy");
            assert_eq!(totals.readings, count, "period {period} reading count");
        }
        let daily: u64 = self
            .daily_totals(meter_id)
            .iter()
            .map(|d| d.energy_wh)
            .sum();
        let stored: u64 = readings.iter().map(|r| r.energy_wh).sum();
        assert_eq!(daily, stored, "daily totals vs stored readings");
    }
}
