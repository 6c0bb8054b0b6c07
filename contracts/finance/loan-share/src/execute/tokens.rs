//! The consortium token's life: the issuer mints against off-chain payments, lenders pay data
//! service providers, holders ask for redemption and the issuer burns what it paid out.
//!
//! The token is worth one unit of the currency. Minting and burning both go through this
//! contract (the token's only minter), each tied to a reference used once, so the token's
//! supply is always what was paid in minus what was paid out.
//!
//! Blacklisting and suspension, asked of the registry: the issuer acting must be neither; a
//! recharge's recipient, a data service payment's payer and provider, and a redemption's
//! holder (who starts it) must be neither. A redemption already requested is paid out to a
//! suspended holder (it is in flight) but not to a blacklisted one: its tokens stay in escrow
//! and the request stays open, reported by the `Redemptions` query, until the blacklisting is
//! lifted.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, Uint128};
use cw_utils::nonpayable;
use cw20::Cw20ExecuteMsg;
use ledger_types::loan_share::{
    DataServicePayment, LoanShareRole, MAX_SHORT_TEXT, Recharge, Redemption, RedemptionStatus,
};

use crate::ContractError;
use crate::ContractResult;
use crate::execute::{load_token, token_msg, transfer};
use crate::roles::{ensure_acting_role, ensure_lender, ensure_member, ensure_role};
use crate::state::{
    CONFIG, DATA_PAYMENTS, DATA_PAYMENTS_BY_PROVIDER, LAST_DATA_PAYMENT_ID, LAST_REDEMPTION_ID,
    PAYOUT_REFERENCES, RECHARGES, REDEMPTIONS, TOTALS, next_id,
};
use crate::validate;
use ledger_contract_kit::registry::{ensure_may_receive, ensure_not_blacklisted};

/// Token issuer: mints `amount` to a member against an off-chain payment.
pub fn recharge(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    reference: String,
    recipient: String,
    amount: Uint128,
) -> ContractResult {
    nonpayable(&info)?;
    let admin = ensure_acting_role(deps.as_ref(), &info.sender, LoanShareRole::TokenIssuer)?;
    validate::identifier(&reference, "payment reference", MAX_SHORT_TEXT)?;
    if RECHARGES.has(deps.storage, &reference) {
        return Err(ContractError::RechargeReferenceUsed { reference });
    }
    if amount.is_zero() {
        return Err(ContractError::ZeroAmount {
            what: "recharge".to_string(),
        });
    }
    let recipient = deps.api.addr_validate(&recipient)?;
    ensure_member(deps.storage, &recipient)?;
    ensure_may_receive(&deps.querier, &admin, &recipient)?;
    let token = load_token(deps.storage)?;

    let mut totals = TOTALS.load(deps.storage)?;
    totals.minted = totals.minted.checked_add(amount)?;
    RECHARGES.save(
        deps.storage,
        &reference,
        &Recharge {
            reference: reference.clone(),
            recipient: recipient.clone(),
            amount,
            issuer: info.sender.clone(),
            at: env.block.time.seconds(),
        },
    )?;
    TOTALS.save(deps.storage, &totals)?;

    let mint = token_msg(
        &token,
        &Cw20ExecuteMsg::Mint {
            recipient: recipient.to_string(),
            amount,
        },
    )?;
    Ok(Response::new()
        .add_message(mint)
        .add_attribute("action", "recharge")
        .add_attribute("reference", reference)
        .add_attribute("recipient", recipient)
        .add_attribute("amount", amount)
        .add_attribute("issuer", info.sender))
}

/// Hook: escrows the tokens sent until the issuer pays the currency out.
pub fn request_redemption(
    deps: DepsMut,
    env: Env,
    holder: Addr,
    amount: Uint128,
    payout_account: String,
) -> ContractResult {
    let admin = CONFIG.load(deps.storage)?.admin_contract;
    ensure_may_receive(&deps.querier, &admin, &holder)?;
    validate::text(&payout_account, "payout account", MAX_SHORT_TEXT)?;

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
            redeemed_at: None,
        },
    )?;
    TOTALS.save(deps.storage, &totals)?;
    Ok(Response::new()
        .add_attribute("action", "request_redemption")
        .add_attribute("redemption_id", id.to_string())
        .add_attribute("holder", holder)
        .add_attribute("amount", amount))
}

/// Token issuer: the currency of a redemption request is paid out; burns its escrowed tokens.
pub fn redeem(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    request_id: u64,
    payout_reference: String,
) -> ContractResult {
    nonpayable(&info)?;
    let admin = ensure_acting_role(deps.as_ref(), &info.sender, LoanShareRole::TokenIssuer)?;
    let mut request = REDEMPTIONS
        .may_load(deps.storage, request_id)?
        .ok_or(ContractError::RedemptionNotFound { id: request_id })?;
    ensure_not_blacklisted(&deps.querier, &admin, &request.holder)?;
    if request.status == RedemptionStatus::Redeemed {
        return Err(ContractError::AlreadyRedeemed {
            id: request_id,
            payout_reference: request.payout_reference.unwrap_or_default(),
        });
    }
    validate::identifier(&payout_reference, "payout reference", MAX_SHORT_TEXT)?;
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
    request.redeemed_at = Some(env.block.time.seconds());
    REDEMPTIONS.save(deps.storage, request_id, &request)?;
    PAYOUT_REFERENCES.save(deps.storage, &payout_reference, &request_id)?;
    TOTALS.save(deps.storage, &totals)?;

    let burn = token_msg(
        &token,
        &Cw20ExecuteMsg::Burn {
            amount: request.amount,
        },
    )?;
    Ok(Response::new()
        .add_message(burn)
        .add_attribute("action", "redeem")
        .add_attribute("redemption_id", request_id.to_string())
        .add_attribute("holder", request.holder)
        .add_attribute("amount", request.amount)
        .add_attribute("payout_reference", payout_reference)
        .add_attribute("issuer", info.sender))
}

/// Hook: a lender pays a data service provider; the tokens go on at once.
pub fn pay_data_service(
    deps: DepsMut,
    env: Env,
    token: Addr,
    payer: Addr,
    amount: Uint128,
    provider: String,
    reference: String,
) -> ContractResult {
    ensure_lender(deps.storage, &payer)?;
    let admin = CONFIG.load(deps.storage)?.admin_contract;
    ensure_may_receive(&deps.querier, &admin, &payer)?;
    let provider = deps.api.addr_validate(&provider)?;
    ensure_role(deps.storage, &provider, LoanShareRole::DataServiceProvider)?;
    ensure_may_receive(&deps.querier, &admin, &provider)?;
    validate::identifier(&reference, "service reference", MAX_SHORT_TEXT)?;

    let mut totals = TOTALS.load(deps.storage)?;
    totals.data_service_paid = totals.data_service_paid.checked_add(amount)?;
    let id = next_id(deps.storage, &LAST_DATA_PAYMENT_ID)?;
    DATA_PAYMENTS.save(
        deps.storage,
        id,
        &DataServicePayment {
            id,
            payer: payer.clone(),
            provider: provider.clone(),
            amount,
            reference: reference.clone(),
            at: env.block.time.seconds(),
        },
    )?;
    DATA_PAYMENTS_BY_PROVIDER.save(deps.storage, (&provider, id), &())?;
    TOTALS.save(deps.storage, &totals)?;
    Ok(Response::new()
        .add_message(transfer(&token, &provider, amount)?)
        .add_attribute("action", "pay_data_service")
        .add_attribute("payment_id", id.to_string())
        .add_attribute("payer", payer)
        .add_attribute("provider", provider)
        .add_attribute("amount", amount)
        .add_attribute("reference", reference))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::setup;
    use cosmwasm_std::testing::{message_info, mock_env};
    use cosmwasm_std::{CosmosMsg, from_json};

    fn wasm_msg(res: &Response) -> (String, Cw20ExecuteMsg) {
        match &res.messages[0].msg {
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr, msg, ..
            }) => (contract_addr.clone(), from_json(msg).unwrap()),
            other => panic!("unexpected message {other:?}"),
        }
    }
    use cosmwasm_std::WasmMsg;

    /// `sender` recharges `amount` to `recipient` against the payment `reference`.
    fn recharge_by(
        deps: &mut crate::testing::Deps,
        sender: &Addr,
        reference: &str,
        recipient: &Addr,
        amount: u128,
    ) -> ContractResult {
        let info = message_info(sender, &[]);
        let recipient = recipient.to_string();
        let amount = Uint128::new(amount);
        recharge(
            deps.as_mut(),
            mock_env(),
            info,
            reference.into(),
            recipient,
            amount,
        )
    }

    /// `payer` pays 40 to `provider` for the data service invoiced as `reference`.
    fn pay_40(
        deps: &mut crate::testing::Deps,
        token: &Addr,
        payer: &Addr,
        provider: &Addr,
        reference: &str,
    ) -> ContractResult {
        pay_data_service(
            deps.as_mut(),
            mock_env(),
            token.clone(),
            payer.clone(),
            Uint128::new(40),
            provider.to_string(),
            reference.into(),
        )
    }

    #[test]
    fn a_recharge_mints_once_per_reference_to_a_member() {
        let (mut deps, a) = setup();
        let res = recharge_by(&mut deps, &a.issuer, "PAY-001", &a.participant, 500).unwrap();
        assert_eq!(
            wasm_msg(&res),
            (
                a.token.to_string(),
                Cw20ExecuteMsg::Mint {
                    recipient: a.participant.to_string(),
                    amount: Uint128::new(500)
                }
            )
        );
        assert_eq!(
            TOTALS.load(&deps.storage).unwrap().minted,
            Uint128::new(500)
        );
        assert_eq!(
            recharge_by(&mut deps, &a.issuer, "PAY-001", &a.participant, 1),
            Err(ContractError::RechargeReferenceUsed {
                reference: "PAY-001".into()
            })
        );
        assert_eq!(
            recharge_by(&mut deps, &a.issuer, "PAY-002", &a.stranger, 1),
            Err(ContractError::NotAMember {
                address: a.stranger.clone()
            })
        );
        assert_eq!(
            recharge_by(&mut deps, &a.contributor, "PAY-003", &a.contributor, 1),
            Err(ContractError::MissingRole {
                address: a.contributor.clone(),
                role: "token_issuer".into()
            })
        );
    }

    #[test]
    fn a_redemption_escrows_then_burns_once() {
        let (mut deps, a) = setup();
        request_redemption(
            deps.as_mut(),
            mock_env(),
            a.contributor.clone(),
            Uint128::new(300),
            "ICBC 6222 0000 1111".into(),
        )
        .unwrap();
        assert_eq!(
            TOTALS.load(&deps.storage).unwrap().escrowed,
            Uint128::new(300)
        );
        let info = message_info(&a.issuer, &[]);
        let res = redeem(deps.as_mut(), mock_env(), info.clone(), 1, "OUT-1".into()).unwrap();
        assert_eq!(
            wasm_msg(&res).1,
            Cw20ExecuteMsg::Burn {
                amount: Uint128::new(300)
            }
        );
        let totals = TOTALS.load(&deps.storage).unwrap();
        assert_eq!(
            (totals.escrowed, totals.burned),
            (Uint128::zero(), Uint128::new(300))
        );
        assert_eq!(
            redeem(deps.as_mut(), mock_env(), info.clone(), 1, "OUT-2".into()),
            Err(ContractError::AlreadyRedeemed {
                id: 1,
                payout_reference: "OUT-1".into()
            })
        );
        assert_eq!(
            redeem(deps.as_mut(), mock_env(), info, 2, "OUT-2".into()),
            Err(ContractError::RedemptionNotFound { id: 2 })
        );
    }

    #[test]
    fn data_service_payments_go_to_providers_only() {
        let (mut deps, a) = setup();
        let res = pay_40(&mut deps, &a.token, &a.participant, &a.provider, "INV-7").unwrap();
        assert_eq!(
            wasm_msg(&res).1,
            Cw20ExecuteMsg::Transfer {
                recipient: a.provider.to_string(),
                amount: Uint128::new(40)
            }
        );
        assert_eq!(
            DATA_PAYMENTS.load(&deps.storage, 1).unwrap().reference,
            "INV-7"
        );
        assert_eq!(
            pay_40(&mut deps, &a.token, &a.participant, &a.contributor, "INV-8"),
            Err(ContractError::MissingRole {
                address: a.contributor.clone(),
                role: "data_service_provider".into()
            })
        );
        assert_eq!(
            pay_40(&mut deps, &a.token, &a.issuer, &a.provider, "INV-9"),
            Err(ContractError::NotALender {
                address: a.issuer.clone()
            })
        );
    }
}
