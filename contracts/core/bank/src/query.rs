//! Queries. Every list pages with an exclusive `start_after` and
//! `ledger_types::paging::page_size`.

use cosmwasm_std::{Binary, Deps, Env, Order, StdResult, Uint128, to_json_binary};
use cw_storage_plus::Bound;
use ledger_contract_kit::pause;
use ledger_types::bank::{
    BillAccount, ConfigResponse, Deposit, HeldInstalment, HeldResponse, Instalment,
    InstalmentsResponse, Payment, PaymentsResponse, PrepaidListResponse, PrepaidResponse, QueryMsg,
    Redemption, RedemptionsResponse, normalise_reference,
};
use ledger_types::paging::page_size;

use crate::ContractError;
use crate::execute::load_token;
use crate::ledger::{credit_of, prepaid_of};
use crate::state::{
    BILLS, CONFIG, DEPOSITS, HELD, INSTALMENTS, INSTALMENTS_BY_METER, OVERDUE_BY_DUE, PAYMENTS,
    PAYMENTS_BY_BILL, PAYMENTS_BY_CONSUMER, PREPAID, REDEMPTIONS, TOTALS,
};

pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Config {} => to_json_binary(&config(deps)?)?,
        QueryMsg::Totals {} => to_json_binary(&TOTALS.load(deps.storage)?)?,
        QueryMsg::Deposit { reference } => to_json_binary(&deposit(deps, reference)?)?,
        QueryMsg::Prepaid { consumer } => to_json_binary(&prepaid(deps, consumer)?)?,
        QueryMsg::PrepaidBalances { start_after, limit } => {
            to_json_binary(&prepaid_balances(deps, start_after, limit)?)?
        }
        QueryMsg::Credit { meter_id } => to_json_binary(&credit_of(deps.storage, &meter_id)?)?,
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

fn config(deps: Deps) -> Result<ConfigResponse, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        admin_contract: config.admin_contract,
        token: load_token(deps.storage)?,
    })
}

fn deposit(deps: Deps, reference: String) -> Result<Deposit, ContractError> {
    DEPOSITS
        .may_load(deps.storage, &normalise_reference(&reference))?
        .ok_or(ContractError::DepositNotFound { reference })
}

fn prepaid(deps: Deps, consumer: String) -> Result<PrepaidResponse, ContractError> {
    let consumer = deps.api.addr_validate(&consumer)?;
    let balance = prepaid_of(deps.storage, &consumer)?;
    Ok(PrepaidResponse { consumer, balance })
}

fn prepaid_balances(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<PrepaidListResponse, ContractError> {
    let start = start_after
        .map(|address| deps.api.addr_validate(&address))
        .transpose()?;
    let balances = PREPAID
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|item| {
            item.map(|(consumer, balance): (_, Uint128)| PrepaidResponse { consumer, balance })
        })
        .collect::<StdResult<_>>()?;
    Ok(PrepaidListResponse { balances })
}

fn instalment(deps: Deps, id: u64) -> Result<Instalment, ContractError> {
    INSTALMENTS
        .may_load(deps.storage, id)?
        .ok_or(ContractError::InstalmentNotFound { id })
}

fn instalments_by_meter(
    deps: Deps,
    meter_id: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<InstalmentsResponse, ContractError> {
    let instalments = INSTALMENTS_BY_METER
        .prefix(&meter_id)
        .keys(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|id| INSTALMENTS.load(deps.storage, id?))
        .collect::<StdResult<_>>()?;
    Ok(InstalmentsResponse { instalments })
}

fn overdue(
    deps: Deps,
    start_after: Option<(u64, u64)>,
    limit: Option<u32>,
) -> Result<InstalmentsResponse, ContractError> {
    let instalments = OVERDUE_BY_DUE
        .keys(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|key| INSTALMENTS.load(deps.storage, key?.1))
        .collect::<StdResult<_>>()?;
    Ok(InstalmentsResponse { instalments })
}

fn bill_account(deps: Deps, meter_id: String, period: u32) -> Result<BillAccount, ContractError> {
    BILLS
        .may_load(deps.storage, (&meter_id, period))?
        .ok_or(ContractError::BillNotFound { meter_id, period })
}

fn payments_by_consumer(
    deps: Deps,
    consumer: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<PaymentsResponse, ContractError> {
    let consumer = deps.api.addr_validate(&consumer)?;
    let payments = PAYMENTS_BY_CONSUMER
        .prefix(&consumer)
        .keys(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|id| load_payment(deps, id?))
        .collect::<StdResult<_>>()?;
    Ok(PaymentsResponse { payments })
}

fn payments_by_bill(
    deps: Deps,
    meter_id: String,
    period: u32,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<PaymentsResponse, ContractError> {
    let payments = PAYMENTS_BY_BILL
        .prefix((&meter_id, period))
        .keys(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|id| load_payment(deps, id?))
        .collect::<StdResult<_>>()?;
    Ok(PaymentsResponse { payments })
}

fn load_payment(deps: Deps, id: u64) -> StdResult<Payment> {
    PAYMENTS.load(deps.storage, id)
}

fn redemption(deps: Deps, id: u64) -> Result<Redemption, ContractError> {
    REDEMPTIONS
        .may_load(deps.storage, id)?
        .ok_or(ContractError::RedemptionNotFound { id })
}

fn redemptions(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<RedemptionsResponse, ContractError> {
    let redemptions = REDEMPTIONS
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|item| item.map(|(_, redemption)| redemption))
        .collect::<StdResult<_>>()?;
    Ok(RedemptionsResponse { redemptions })
}

fn held(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<HeldResponse, ContractError> {
    let held = HELD
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(page_size(limit))
        .map(|item| {
            let (id, hold) = item?;
            Ok(HeldInstalment {
                instalment: INSTALMENTS.load(deps.storage, id)?,
                party: hold.party,
                reason: hold.reason,
                since: hold.since,
            })
        })
        .collect::<StdResult<_>>()?;
    Ok(HeldResponse { held })
}
