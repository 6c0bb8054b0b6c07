//! Builders for the messages a transaction carries, as protobuf `Any` values.
//!
//! Callers that sign and broadcast themselves (the meter fleet, benchmarks) build their
//! messages here and pass them to [`crate::Client::sign`].

use cosmrs::bank::MsgSend;
use cosmrs::cosmwasm::{MsgExecuteContract, MsgInstantiateContract, MsgStoreCode};
use cosmrs::tx::Msg;
use cosmrs::{AccountId, Any, Coin};
use serde::Serialize;

use crate::error::ClientError;

/// Parses a bech32 address.
pub fn account_id(address: &str) -> Result<AccountId, ClientError> {
    address
        .parse()
        .map_err(|e| ClientError::invalid(format!("address '{address}'"), e))
}

/// `amount` of `denom` as a cosmrs coin.
pub fn coin(amount: u128, denom: &str) -> Result<Coin, ClientError> {
    Coin::new(amount, denom).map_err(|e| ClientError::invalid(format!("denom '{denom}'"), e))
}

/// A contract message serialized as JSON.
pub fn json<T: Serialize + ?Sized>(msg: &T) -> Result<Vec<u8>, ClientError> {
    serde_json::to_vec(msg).map_err(|e| ClientError::invalid("contract message", e))
}

/// `MsgSend` of `amount` `denom` from `from` to `to`.
pub fn bank_send(
    from: &AccountId,
    to: &str,
    amount: u128,
    denom: &str,
) -> Result<Any, ClientError> {
    to_any(MsgSend {
        from_address: from.clone(),
        to_address: account_id(to)?,
        amount: vec![coin(amount, denom)?],
    })
}

/// `MsgStoreCode` uploading `wasm` (raw or gzip-compressed).
pub fn store_code(sender: &AccountId, wasm: Vec<u8>) -> Result<Any, ClientError> {
    to_any(MsgStoreCode {
        sender: sender.clone(),
        wasm_byte_code: wasm,
        instantiate_permission: None,
    })
}

/// `MsgInstantiateContract` of `code_id` with the JSON message `msg`.
pub fn instantiate<T: Serialize + ?Sized>(
    sender: &AccountId,
    code_id: u64,
    msg: &T,
    label: &str,
    admin: Option<&str>,
    funds: Vec<Coin>,
) -> Result<Any, ClientError> {
    to_any(MsgInstantiateContract {
        sender: sender.clone(),
        admin: admin.map(account_id).transpose()?,
        code_id,
        label: Some(label.to_string()),
        msg: json(msg)?,
        funds,
    })
}

/// `MsgExecuteContract` sending the JSON message `msg` to `contract`.
pub fn execute<T: Serialize + ?Sized>(
    sender: &AccountId,
    contract: &str,
    msg: &T,
    funds: Vec<Coin>,
) -> Result<Any, ClientError> {
    execute_raw(sender, contract, json(msg)?, funds)
}

/// `MsgExecuteContract` with an already serialized JSON message.
pub fn execute_raw(
    sender: &AccountId,
    contract: &str,
    msg: Vec<u8>,
    funds: Vec<Coin>,
) -> Result<Any, ClientError> {
    to_any(MsgExecuteContract {
        sender: sender.clone(),
        contract: account_id(contract)?,
        msg,
        funds,
    })
}

/// One contract call of a multi-message transaction ([`crate::Client::execute_multi`]).
#[derive(Clone, Debug)]
pub struct ExecuteCall {
    /// Contract address.
    pub contract: String,
    /// JSON execute message.
    pub msg: Vec<u8>,
    /// Native funds sent along.
    pub funds: Vec<Coin>,
}

impl ExecuteCall {
    /// A call of `contract` with `msg` serialized as JSON and no funds.
    pub fn new<T: Serialize + ?Sized>(contract: &str, msg: &T) -> Result<Self, ClientError> {
        Ok(Self {
            contract: contract.to_string(),
            msg: json(msg)?,
            funds: Vec::new(),
        })
    }
}

fn to_any(msg: impl Msg) -> Result<Any, ClientError> {
    msg.into_any()
        .map_err(|e| ClientError::invalid("message", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADMIN: &str = "wasm19v0ezculzdfhdg3y2nak2tzuud8vdmm23wdej5";

    #[test]
    fn messages_carry_their_type_urls() {
        let sender = account_id(ADMIN).unwrap();
        let send = bank_send(&sender, ADMIN, 5, "stake").unwrap();
        assert_eq!(send.type_url, "/cosmos.bank.v1beta1.MsgSend");
        let exec = execute(&sender, ADMIN, &serde_json::json!({"release": {}}), vec![]).unwrap();
        assert_eq!(exec.type_url, "/cosmwasm.wasm.v1.MsgExecuteContract");
        let parsed = MsgExecuteContract::from_any(&exec).unwrap();
        assert_eq!(parsed.msg, br#"{"release":{}}"#);
        let init =
            instantiate(&sender, 1, &serde_json::json!({}), "l", Some(ADMIN), vec![]).unwrap();
        assert_eq!(init.type_url, "/cosmwasm.wasm.v1.MsgInstantiateContract");
        assert_eq!(
            store_code(&sender, vec![0]).unwrap().type_url,
            "/cosmwasm.wasm.v1.MsgStoreCode"
        );
    }

    #[test]
    fn bad_addresses_and_denoms_are_named() {
        let sender = account_id(ADMIN).unwrap();
        let err = bank_send(&sender, "not-an-address", 1, "stake").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("invalid address 'not-an-address'"),
            "{err}"
        );
        let err = coin(1, "x").unwrap_err();
        assert!(err.to_string().starts_with("invalid denom 'x'"), "{err}");
    }
}
