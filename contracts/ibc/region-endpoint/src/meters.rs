//! A region's meter contract as the endpoint talks to it: the questions it asks (a bill and
//! the daily totals it was made from) and the messages it pushes (meters, statuses, standing).

use cosmwasm_std::{Addr, CosmosMsg, QuerierWrapper, StdResult, WasmMsg, to_json_binary};
use ledger_types::emergency::PauseStatus;
use ledger_types::meter::{
    Bill, ConfigResponse, DailyTotal, DailyTotalsResponse, ExecuteMsg, QueryMsg,
};
use ledger_types::paging::MAX_LIMIT;

/// A meter contract's address, with what the endpoint asks and tells it.
pub struct MeterContract<'a>(pub &'a Addr);

impl MeterContract<'_> {
    pub fn bill(&self, querier: &QuerierWrapper, meter_id: &str, period: u32) -> StdResult<Bill> {
        querier.query_wasm_smart(
            self.0,
            &QueryMsg::Bill {
                meter_id: meter_id.to_string(),
                period,
            },
        )
    }

    /// The daily totals of the bill's period, in day order: the pages of the period's days
    /// only, so the work is bounded by the period's length whatever the meter's history.
    pub fn days_of(
        &self,
        querier: &QuerierWrapper,
        bill: &Bill,
    ) -> Result<Vec<DailyTotal>, String> {
        let config: ConfigResponse = querier
            .query_wasm_smart(self.0, &QueryMsg::Config {})
            .map_err(|err| err.to_string())?;
        let cycle = &config.settings.cycle;
        let (Some(from_day), Some(to_day)) = (
            cycle.day_index(bill.period_start),
            cycle.day_index(bill.period_end),
        ) else {
            return Err("the period lies outside the meter contract's calendar".to_string());
        };
        // Every page but the last holds at least one of the period's days, so there are at
        // most as many pages as days, plus the last.
        let period_days = to_day.saturating_sub(from_day);
        let mut days = Vec::new();
        let mut start_after = None;
        for _ in 0..=period_days {
            let page: DailyTotalsResponse = querier
                .query_wasm_smart(
                    self.0,
                    &QueryMsg::DailyTotals {
                        meter_id: bill.meter_id.clone(),
                        from_day: Some(from_day),
                        to_day: Some(to_day),
                        start_after,
                        limit: Some(MAX_LIMIT),
                    },
                )
                .map_err(|err| err.to_string())?;
            if !page.has_more {
                days.extend(page.days);
                return Ok(days);
            }
            let Some(last) = page.days.last() else {
                return Err("the meter contract answered an empty page with more to follow".into());
            };
            start_after = Some(last.day);
            days.extend(page.days);
        }
        Err(format!(
            "the meter contract lists more days than the period's {period_days}"
        ))
    }

    /// Whether the contract is paused (a paused meter contract takes no new meter).
    pub fn pause_status(&self, querier: &QuerierWrapper) -> StdResult<PauseStatus> {
        querier.query_wasm_smart(self.0, &QueryMsg::PauseStatus {})
    }

    pub fn execute(&self, msg: &ExecuteMsg) -> StdResult<CosmosMsg> {
        Ok(WasmMsg::Execute {
            contract_addr: self.0.to_string(),
            msg: to_json_binary(msg)?,
            funds: vec![],
        }
        .into())
    }
}
