//! Dating instalments and telling the bank about them.

use cosmwasm_std::{Addr, CosmosMsg, StdResult, Uint128, WasmMsg, to_json_binary};
use ledger_types::bank::{AdvanceNotice, AdvanceTerm, ExecuteMsg as BankExecuteMsg};
use ledger_types::billing::{BillingCycle, PaymentSchedule};

use crate::ContractResult;
use crate::error::ContractError;

/// A period's advances as shares of `estimate`, each due on its day of the period.
pub fn advance_notice(
    cycle: &BillingCycle,
    schedule: &PaymentSchedule,
    meter_id: &str,
    period: u32,
    estimate: Uint128,
) -> ContractResult<AdvanceNotice> {
    let advances = schedule
        .advances
        .iter()
        .map(|rule| {
            Ok(AdvanceTerm {
                bps: rule.bps,
                due: day_start(cycle, period, rule.day)?,
            })
        })
        .collect::<ContractResult<_>>()?;
    Ok(AdvanceNotice {
        meter_id: meter_id.to_string(),
        period,
        estimate,
        advances,
    })
}

/// Start of day `day` (from 1) of `period`.
pub fn day_start(cycle: &BillingCycle, period: u32, day: u32) -> ContractResult<u64> {
    cycle
        .day_start(period, day)
        .ok_or(ContractError::PeriodOutOfRange { period })
}

/// A plain execute message to the bank, without funds.
pub fn bank_msg(bank: &Addr, msg: &BankExecuteMsg) -> StdResult<CosmosMsg> {
    Ok(WasmMsg::Execute {
        contract_addr: bank.to_string(),
        msg: to_json_binary(msg)?,
        funds: vec![],
    }
    .into())
}
