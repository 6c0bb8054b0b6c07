//! The consortium token's `Send` hook: confirmations, data service payments and redemption
//! requests. Only the consortium token may call it; the hook's `sender` is the wallet whose
//! tokens moved.

use cosmwasm_std::{DepsMut, Env, MessageInfo, from_json};
use cw_utils::nonpayable;
use cw20::Cw20ReceiveMsg;
use ledger_types::loan_share::ReceiveMsg;

use crate::ContractError;
use crate::ContractResult;
use crate::execute::{confirm, load_token, tokens};

pub fn receive(deps: DepsMut, env: Env, info: MessageInfo, msg: Cw20ReceiveMsg) -> ContractResult {
    nonpayable(&info)?;
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
            what: "amount sent".to_string(),
        });
    }
    match from_json(&msg.msg)? {
        ReceiveMsg::Confirm {
            plan_id,
            amount,
            rate_bps,
        } => confirm::confirm(
            deps, env, token, sender, msg.amount, plan_id, amount, rate_bps,
        ),
        ReceiveMsg::PayDataService {
            provider,
            reference,
        } => tokens::pay_data_service(deps, env, token, sender, msg.amount, provider, reference),
        ReceiveMsg::RequestRedemption { payout_account } => {
            tokens::request_redemption(deps, env, sender, msg.amount, payout_account)
        }
    }
}
