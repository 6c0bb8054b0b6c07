//! Migration: only this contract, only forward (or to the same version), versions ordered as
//! semantic versioning orders them (`1.0.0-rc` before `1.0.0`).

use cosmwasm_std::{DepsMut, Env, Order, StdResult};
use ledger_contract_kit::migrate::migrate_forward;
use ledger_types::bank::MigrateMsg;

use crate::ContractResult;
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};
use crate::state::{HELD, INSTALMENTS, OVERDUE_BY_CONSUMER, OVERDUE_BY_DUE, RECHECK};

pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> ContractResult {
    let response = migrate_forward(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    // Versions before the per-consumer overdue index: index every overdue instalment that is
    // not held and queue its consumer, so that the next `Settle`s pay what prepaid balances
    // cover. Idempotent; a one-off walk of the overdue instalments, never run by an action.
    let overdue = OVERDUE_BY_DUE
        .keys(deps.storage, None, None, Order::Ascending)
        .collect::<StdResult<Vec<_>>>()?;
    let mut indexed = 0u64;
    for (due, id) in overdue {
        if HELD.has(deps.storage, id) {
            continue;
        }
        let inst = INSTALMENTS.load(deps.storage, id)?;
        if !OVERDUE_BY_CONSUMER.has(deps.storage, (&inst.consumer, due, id)) {
            OVERDUE_BY_CONSUMER.save(deps.storage, (&inst.consumer, due, id), &())?;
            RECHECK.save(deps.storage, &inst.consumer, &())?;
            indexed += 1;
        }
    }
    Ok(response.add_attribute("overdue_indexed", indexed.to_string()))
}
