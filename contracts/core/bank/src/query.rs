//! Queries. Every list is one page after an exclusive `start_after`, with `has_more`
//! (`ledger_contract_kit::paging`).

use cosmwasm_std::{Binary, Deps, Env, Order, StdResult, Uint128, to_json_binary};
use ledger_contract_kit::paging::{after, page};
use ledger_contract_kit::pause;
use ledger_types::bank::{
    BillAccount, ConfigResponse, Deposit, HeldInstalment, HeldResponse, Instalment,
    InstalmentsResponse, PaymentsResponse, PrepaidListResponse, PrepaidResponse, QueryMsg,
    Redemption, RedemptionsResponse, normalise_reference,
};

use crate::ContractError;
use crate::ContractResult;
use crate::execute::load_token;
use crate::ledger::{CREDITS, PREPAID_BALANCES};
use crate::state::{
    BILLS, CONFIG, DEPOSITS, HELD, INSTALMENTS, INSTALMENTS_BY_METER, OVERDUE_BY_DUE, PAYMENTS,
    PAYMENTS_BY_BILL, PAYMENTS_BY_CONSUMER, PREPAID, REDEMPTIONS, TOTALS,
};

pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> ContractResult<Binary> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&config(deps)?)?,
        QueryMsg::Totals {} => to_json_binary(&TOTALS.load(deps.storage)?)?,
        QueryMsg::Deposit { reference } => to_json_binary(&deposit(deps, reference)?)?,
        QueryMsg::Prepaid { consumer } => to_json_binary(&prepaid(deps, consumer)?)?,
        QueryMsg::PrepaidBalances { start_after, limit } => {
            to_json_binary(&prepaid_balances(deps, start_after, limit)?)?
        }
        QueryMsg::Credit { meter_id } => to_json_binary(&CREDITS.get(deps.storage, &meter_id)?)?,
        QueryMsg::Instalment { id } => to_json_binary(&instalment(deps, id)?)?,
        QueryMsg::InstalmentsByMeter {
            meter_id,
            start_after,
            limit,
        } => to_json_binary(&instalments_by_meter(deps, meter_id, start_after, limit)?)?,
        QueryMsg::Overdue { start_after, limit } => {
            to_json_binary(&overdue(deps, start_after, limit)?)?
        }
        QueryMsg::BillAccount { meter_id, period } => {
            to_json_binary(&bill_account(deps, meter_id, period)?)?
        }
        QueryMsg::PaymentsByConsumer {
            consumer,
            start_after,
            limit,
        } => to_json_binary(&payments_by_consumer(deps, consumer, start_after, limit)?)?,
        QueryMsg::PaymentsByBill {
            meter_id,
            period,
            start_after,
            limit,
        } => to_json_binary(&payments_by_bill(
            deps,
            meter_id,
            period,
            start_after,
            limit,
        )?)?,
        QueryMsg::Held { start_after, limit } => to_json_binary(&held(deps, start_after, limit)?)?,
        QueryMsg::PauseStatus {} => to_json_binary(&pause::status(deps.storage)?)?,
        QueryMsg::Redemption { id } => to_json_binary(&redemption(deps, id)?)?,
        QueryMsg::Redemptions { start_after, limit } => {
            to_json_binary(&redemptions(deps, start_after, limit)?)?
        }
    })
}

fn config(deps: Deps) -> ContractResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        admin_contract: config.admin_contract,
        token: load_token(deps.storage)?,
    })
}

fn deposit(deps: Deps, reference: String) -> ContractResult<Deposit> {
    DEPOSITS
        .may_load(deps.storage, &normalise_reference(&reference))?
        .ok_or(ContractError::DepositNotFound { reference })
}

fn prepaid(deps: Deps, consumer: String) -> ContractResult<PrepaidResponse> {
    let consumer = deps.api.addr_validate(&consumer)?;
    let balance = PREPAID_BALANCES.get(deps.storage, &consumer)?;
    Ok(PrepaidResponse { consumer, balance })
}

fn prepaid_balances(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> ContractResult<PrepaidListResponse> {
    let start = start_after
        .map(|address| deps.api.addr_validate(&address))
        .transpose()?;
    let range = PREPAID.range(deps.storage, after(start.as_ref()), None, Order::Ascending);
    let balances = page(range, limit, |(consumer, balance): (_, Uint128)| {
        StdResult::Ok(PrepaidResponse { consumer, balance })
    })?;
    Ok(PrepaidListResponse {
        balances: balances.items,
        has_more: balances.has_more,
    })
}

fn instalment(deps: Deps, id: u64) -> ContractResult<Instalment> {
    INSTALMENTS
        .may_load(deps.storage, id)?
        .ok_or(ContractError::InstalmentNotFound { id })
}

fn instalments_by_meter(
    deps: Deps,
    meter_id: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> ContractResult<InstalmentsResponse> {
    let ids = INSTALMENTS_BY_METER.prefix(&meter_id).keys(
        deps.storage,
        after(start_after),
        None,
        Order::Ascending,
    );
    instalments(deps, ids, limit, |id| id)
}

fn overdue(
    deps: Deps,
    start_after: Option<(u64, u64)>,
    limit: Option<u32>,
) -> ContractResult<InstalmentsResponse> {
    let keys = OVERDUE_BY_DUE.keys(deps.storage, after(start_after), None, Order::Ascending);
    instalments(deps, keys, limit, |(_due, id)| id)
}

/// A page of the instalments named by `keys` (`id` picks the instalment id from a key).
fn instalments<K>(
    deps: Deps,
    keys: impl Iterator<Item = StdResult<K>>,
    limit: Option<u32>,
    id: impl Fn(K) -> u64,
) -> ContractResult<InstalmentsResponse> {
    let instalments = page(keys, limit, |key| INSTALMENTS.load(deps.storage, id(key)))?;
    Ok(InstalmentsResponse {
        instalments: instalments.items,
        has_more: instalments.has_more,
    })
}

fn bill_account(deps: Deps, meter_id: String, period: u32) -> ContractResult<BillAccount> {
    BILLS
        .may_load(deps.storage, (&meter_id, period))?
        .ok_or(ContractError::BillNotFound { meter_id, period })
}

fn payments_by_consumer(
    deps: Deps,
    consumer: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> ContractResult<PaymentsResponse> {
    let consumer = deps.api.addr_validate(&consumer)?;
    let ids = PAYMENTS_BY_CONSUMER.prefix(&consumer).keys(
        deps.storage,
        after(start_after),
        None,
        Order::Ascending,
    );
    payments(deps, ids, limit)
}

fn payments_by_bill(
    deps: Deps,
    meter_id: String,
    period: u32,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> ContractResult<PaymentsResponse> {
    let ids = PAYMENTS_BY_BILL.prefix((&meter_id, period)).keys(
        deps.storage,
        after(start_after),
        None,
        Order::Ascending,
    );
    payments(deps, ids, limit)
}

/// A page of the payments named by `ids`.
fn payments(
    deps: Deps,
    ids: impl Iterator<Item = StdResult<u64>>,
    limit: Option<u32>,
) -> ContractResult<PaymentsResponse> {
    let payments = page(ids, limit, |id| PAYMENTS.load(deps.storage, id))?;
    Ok(PaymentsResponse {
        payments: payments.items,
        has_more: payments.has_more,
    })
}

fn redemption(deps: Deps, id: u64) -> ContractResult<Redemption> {
    REDEMPTIONS
        .may_load(deps.storage, id)?
        .ok_or(ContractError::RedemptionNotFound { id })
}

fn redemptions(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> ContractResult<RedemptionsResponse> {
    let range = REDEMPTIONS.range(deps.storage, after(start_after), None, Order::Ascending);
    let redemptions = page(range, limit, |(_, redemption)| StdResult::Ok(redemption))?;
    Ok(RedemptionsResponse {
        redemptions: redemptions.items,
        has_more: redemptions.has_more,
    })
}

fn held(deps: Deps, start_after: Option<u64>, limit: Option<u32>) -> ContractResult<HeldResponse> {
    let range = HELD.range(deps.storage, after(start_after), None, Order::Ascending);
    let held = page(range, limit, |(id, hold)| {
        StdResult::Ok(HeldInstalment {
            instalment: INSTALMENTS.load(deps.storage, id)?,
            party: hold.party,
            reason: hold.reason,
            since: hold.since,
        })
    })?;
    Ok(HeldResponse {
        held: held.items,
        has_more: held.has_more,
    })
}
