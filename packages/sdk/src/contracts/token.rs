//! The settlement token: cw20-base gated by the registry. Sending it to the bank prepays or
//! requests a redemption (the bank's [`ReceiveMsg`]).

use cosmwasm_std::{Uint128, to_json_binary};
use cw20::{BalanceResponse, Cw20ExecuteMsg, Cw20QueryMsg, TokenInfoResponse};
use ledger_client::{ClientError, ExecuteCall, TxOutcome};
use ledger_types::bank::ReceiveMsg;
pub use ledger_types::token::*;
use serde::Serialize;

use crate::error::Result;
use crate::ledger::Ledger;
use crate::sender::Sender;

impl Ledger {
    /// The settlement token balance of `address`.
    pub async fn token_balance(&self, address: &str) -> Result<Uint128> {
        self.cw20_balance(&self.contracts()?.token, address).await
    }

    /// The settlement token's name, symbol and decimals.
    pub async fn token_info(&self) -> Result<TokenInfoResponse> {
        self.cw20_info(&self.contracts()?.token).await
    }

    /// The balance of `address` in any cw20 token.
    pub async fn cw20_balance(&self, token: &str, address: &str) -> Result<Uint128> {
        let r: BalanceResponse = self
            .query(
                token,
                &Cw20QueryMsg::Balance {
                    address: address.to_string(),
                },
            )
            .await?;
        Ok(r.balance)
    }

    /// Name, symbol and decimals of any cw20 token.
    pub async fn cw20_info(&self, token: &str) -> Result<TokenInfoResponse> {
        self.query(token, &Cw20QueryMsg::TokenInfo {}).await
    }

    /// Sends `amount` of the settlement token to the bank with its hook message: prepay, or
    /// request a redemption.
    pub async fn send_to_bank(
        &self,
        sender: &Sender,
        amount: Uint128,
        hook: &ReceiveMsg,
    ) -> Result<TxOutcome> {
        self.cw20_send(
            sender,
            &self.contracts()?.token,
            &self.contracts()?.bank,
            amount,
            hook,
        )
        .await
    }

    /// Sends `amount` of the cw20 `token` to `contract`, which receives `hook` with it.
    pub async fn cw20_send(
        &self,
        sender: &Sender,
        token: &str,
        contract: &str,
        amount: Uint128,
        hook: &(impl Serialize + ?Sized),
    ) -> Result<TxOutcome> {
        self.exec(sender, token, &send_msg(contract, amount, hook)?)
            .await
    }
}

fn send_msg(
    contract: &str,
    amount: Uint128,
    hook: &(impl Serialize + ?Sized),
) -> Result<Cw20ExecuteMsg> {
    Ok(Cw20ExecuteMsg::Send {
        contract: contract.to_string(),
        amount,
        msg: to_json_binary(hook).map_err(|e| ClientError::InvalidInput {
            what: "hook message".to_string(),
            reason: e.to_string(),
        })?,
    })
}

/// A cw20 `Send` of `amount` of `token` to `contract` with `hook` as a call, for a
/// transaction of several (send it with [`Sender::execute_all`]).
pub fn cw20_send_call(
    token: &str,
    contract: &str,
    amount: Uint128,
    hook: &(impl Serialize + ?Sized),
) -> Result<ExecuteCall> {
    Ok(ExecuteCall::new(token, &send_msg(contract, amount, hook)?)?)
}

/// A cw20 `Transfer` of `amount` of `token` to `recipient` as a call (send it with
/// [`Sender::execute_all`]; its `msg` is the message's bytes on the wire).
pub fn cw20_transfer_call(token: &str, recipient: &str, amount: Uint128) -> Result<ExecuteCall> {
    Ok(ExecuteCall::new(
        token,
        &Cw20ExecuteMsg::Transfer {
            recipient: recipient.to_string(),
            amount,
        },
    )?)
}
