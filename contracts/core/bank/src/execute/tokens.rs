//! The token's life at the bank: minting against deposits, prepaying, redemption requests and
//! burning on redemption.

use cosmwasm_std::{
    Addr, DepsMut, Env, MessageInfo, Response, Uint128, WasmMsg, from_json, to_json_binary,
};
use cw_utils::nonpayable;
use cw20::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use ledger_contract_kit::pause::ensure_running;
use ledger_types::bank::{Deposit, ReceiveMsg, Redemption, RedemptionStatus, normalise_reference};

use crate::ContractError;
use crate::ContractResult;
use crate::execute::{ensure_operator_action, load_registry, load_token, validate_text};
use crate::ledger::{PREPAID_BALANCES, queue_if_overdue};
use crate::registry::ensure_prepaying_consumer;
use crate::state::{DEPOSITS, LAST_REDEMPTION_ID, PAYOUT_REFERENCES, REDEMPTIONS, TOTALS, next_id};

/// Bank operator: mints against a fiat deposit, to the recipient's wallet or prepaid balance.
/// The reference is normalised ([`normalise_reference`]) before the uniqueness check and kept
/// under its normalised form; the record keeps the text as the operator gave it. A blacklisted
/// or suspended recipient receives nothing. A prepaid deposit queues the consumer's overdue
/// instalments for the next `Settle`.
pub fn deposit(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    reference: String,
    recipient: String,
    amount: Uint128,
    prepay: bool,
) -> ContractResult {
    let registry = ensure_operator_action(deps.as_ref(), &info)?;

    validate_text(&reference, "deposit reference")?;
    let key = normalise_reference(&reference);
    if DEPOSITS.has(deps.storage, &key) {
        return Err(ContractError::DepositReferenceUsed { reference });
    }
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {
            what: "deposit".to_string(),
        });
    }
    let recipient = deps.api.addr_validate(&recipient)?;
    if prepay {
        ensure_prepaying_consumer(&deps.querier, &registry, &recipient)?;
    } else {
        registry.ensure_may_receive(&deps.querier, &recipient)?;
    }
    let token = load_token(deps.storage)?;

    let mut totals = TOTALS.load(deps.storage)?;
    totals.minted = totals.minted.checked_add(amount)?;
    let mint_to = if prepay {
        let balance = PREPAID_BALANCES
            .get(deps.storage, &recipient)?
            .checked_add(amount)?;
        PREPAID_BALANCES.set(deps.storage, &recipient, balance)?;
        queue_if_overdue(deps.storage, &recipient)?;
        totals.prepaid = totals.prepaid.checked_add(amount)?;
        env.contract.address
    } else {
        recipient.clone()
    };
    TOTALS.save(deps.storage, &totals)?;
    DEPOSITS.save(
        deps.storage,
        &key,
        &Deposit {
            reference: reference.clone(),
            recipient: recipient.clone(),
            amount,
            prepay,
            operator: info.sender.clone(),
            at: env.block.time.seconds(),
        },
    )?;

    let mint = WasmMsg::Execute {
        contract_addr: token.to_string(),
        msg: to_json_binary(&Cw20ExecuteMsg::Mint {
            recipient: mint_to.to_string(),
            amount,
        })?,
        funds: vec![],
    };
    Ok(Response::new()
        .add_message(mint)
        .add_attribute("action", "deposit")
        .add_attribute("reference", reference)
        .add_attribute("normalised_reference", key)
        .add_attribute("recipient", recipient)
        .add_attribute("amount", amount)
        .add_attribute("prepay", prepay.to_string())
        .add_attribute("operator", info.sender))
}

/// The settlement token's `Send` hook: prepayment or redemption request.
pub fn receive(deps: DepsMut, env: Env, info: MessageInfo, msg: Cw20ReceiveMsg) -> ContractResult {
    nonpayable(&info)?;
    ensure_running(deps.storage)?;
    let token = load_token(deps.storage)?;
    if info.sender != token {
        return Err(ContractError::WrongToken {
            token,
            sender: info.sender,
        });
    }

    let sender = deps.api.addr_validate(&msg.sender)?;
    if msg.amount.is_zero() {
        return Err(ContractError::ZeroAmount {
            what: "received".to_string(),
        });
    }
    match from_json(&msg.msg)? {
        ReceiveMsg::Prepay {} => prepay(deps, sender, msg.amount),
        ReceiveMsg::RequestRedemption { payout_account } => {
            request_redemption(deps, env, sender, msg.amount, payout_account)
        }
    }
}

/// A registered consumer, neither blacklisted nor suspended, adds to its prepaid balance; its
/// overdue instalments are queued for the next `Settle`.
fn prepay(deps: DepsMut, consumer: Addr, amount: Uint128) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_prepaying_consumer(&deps.querier, &registry, &consumer)?;

    let balance = PREPAID_BALANCES
        .get(deps.storage, &consumer)?
        .checked_add(amount)?;
    let mut totals = TOTALS.load(deps.storage)?;
    totals.prepaid = totals.prepaid.checked_add(amount)?;
    PREPAID_BALANCES.set(deps.storage, &consumer, balance)?;
    queue_if_overdue(deps.storage, &consumer)?;
    TOTALS.save(deps.storage, &totals)?;
    Ok(Response::new()
        .add_attribute("action", "prepay")
        .add_attribute("consumer", consumer)
        .add_attribute("amount", amount)
        .add_attribute("balance", balance))
}

fn request_redemption(
    deps: DepsMut,
    env: Env,
    holder: Addr,
    amount: Uint128,
    payout_account: String,
) -> ContractResult {
    // Starting a redemption takes value out: neither a blacklisted nor a suspended holder may.
    let registry = load_registry(deps.storage)?;
    registry.ensure_may_receive(&deps.querier, &holder)?;
    validate_text(&payout_account, "payout account")?;

    let mut totals = TOTALS.load(deps.storage)?;
    totals.escrowed = totals.escrowed.checked_add(amount)?;
    let id = next_id(deps.storage, &LAST_REDEMPTION_ID)?;
    REDEMPTIONS.save(
        deps.storage,
        id,
        &Redemption {
            id,
            holder: holder.clone(),
            amount,
            payout_account,
            status: RedemptionStatus::Requested,
            payout_reference: None,
            requested_at: env.block.time.seconds(),
        },
    )?;
    TOTALS.save(deps.storage, &totals)?;
    Ok(Response::new()
        .add_attribute("action", "request_redemption")
        .add_attribute("redemption_id", id.to_string())
        .add_attribute("holder", holder)
        .add_attribute("amount", amount))
}

/// Bank operator: the fiat of a redemption request is paid out; burn its escrowed tokens.
/// Refused while the holder is blacklisted (the escrow stays where it is); a suspended
/// holder's request was already in flight and is redeemed.
pub fn redeem(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    request_id: u64,
    payout_reference: String,
) -> ContractResult {
    let registry = ensure_operator_action(deps.as_ref(), &info)?;

    let mut request = REDEMPTIONS
        .may_load(deps.storage, request_id)?
        .ok_or(ContractError::RedemptionNotFound { id: request_id })?;
    if request.status == RedemptionStatus::Redeemed {
        return Err(ContractError::AlreadyRedeemed {
            id: request_id,
            payout_reference: request.payout_reference.unwrap_or_default(),
        });
    }
    registry.ensure_not_blacklisted(&deps.querier, &request.holder)?;
    validate_text(&payout_reference, "payout reference")?;
    if let Some(used_by) = PAYOUT_REFERENCES.may_load(deps.storage, &payout_reference)? {
        return Err(ContractError::PayoutReferenceUsed {
            reference: payout_reference,
            request_id: used_by,
        });
    }
    let token = load_token(deps.storage)?;

    let mut totals = TOTALS.load(deps.storage)?;
    totals.escrowed = totals.escrowed.checked_sub(request.amount)?;
    totals.burned = totals.burned.checked_add(request.amount)?;
    request.status = RedemptionStatus::Redeemed;
    request.payout_reference = Some(payout_reference.clone());
    REDEMPTIONS.save(deps.storage, request_id, &request)?;
    PAYOUT_REFERENCES.save(deps.storage, &payout_reference, &request_id)?;
    TOTALS.save(deps.storage, &totals)?;

    let burn = WasmMsg::Execute {
        contract_addr: token.to_string(),
        msg: to_json_binary(&Cw20ExecuteMsg::Burn {
            amount: request.amount,
        })?,
        funds: vec![],
    };
    Ok(Response::new()
        .add_message(burn)
        .add_attribute("action", "redeem")
        .add_attribute("redemption_id", request_id.to_string())
        .add_attribute("holder", request.holder)
        .add_attribute("amount", request.amount)
        .add_attribute("payout_reference", payout_reference)
        .add_attribute("operator", info.sender))
}
