//! Read-only queries: accounts, balances, contract state, the latest block.

use cosmrs::proto::cosmos::auth::v1beta1::{
    BaseAccount, ModuleAccount, QueryAccountRequest, QueryAccountResponse,
};
use cosmrs::proto::cosmos::bank::v1beta1::{QueryBalanceRequest, QueryBalanceResponse};
use cosmrs::proto::cosmwasm::wasm::v1::{
    QuerySmartContractStateRequest, QuerySmartContractStateResponse,
};
use cosmrs::proto::prost::{Message, Name};
use cosmrs::tendermint::Time;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tendermint_rpc::Client as _;

use super::Client;
use crate::error::ClientError;
use crate::msgs;

const ACCOUNT_PATH: &str = "/cosmos.auth.v1beta1.Query/Account";
const BALANCE_PATH: &str = "/cosmos.bank.v1beta1.Query/Balance";
const SMART_PATH: &str = "/cosmwasm.wasm.v1.Query/SmartContractState";

/// The numbers a signer needs: the account's number and its next sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountInfo {
    /// Account number, fixed when the account was first funded.
    pub account_number: u64,
    /// Sequence the next transaction must carry.
    pub sequence: u64,
}

impl Client {
    /// Account number and sequence of `address`, or `None` if the chain has never seen it.
    pub async fn account(&self, address: &str) -> Result<Option<AccountInfo>, ClientError> {
        msgs::account_id(address)?;
        let request = QueryAccountRequest {
            address: address.to_string(),
        };
        let answer = self.abci_query_raw(ACCOUNT_PATH, &request).await?;
        if answer.code.is_err() {
            if answer.log.contains("not found") {
                return Ok(None);
            }
            return Err(crate::rawlog::classify_query_failure(
                ACCOUNT_PATH,
                answer.code.value(),
                &answer.codespace,
                &answer.log,
            ));
        }
        let response = QueryAccountResponse::decode(answer.value.as_slice())
            .map_err(|e| ClientError::decode("account", e))?;
        let Some(any) = response.account else {
            return Ok(None);
        };
        let base = if any.type_url == BaseAccount::type_url() {
            BaseAccount::decode(any.value.as_slice())
                .map_err(|e| ClientError::decode("account", e))?
        } else if any.type_url == ModuleAccount::type_url() {
            ModuleAccount::decode(any.value.as_slice())
                .map_err(|e| ClientError::decode("module account", e))?
                .base_account
                .unwrap_or_default()
        } else {
            return Err(ClientError::decode(
                format!("account {address}"),
                format!("unsupported account type {}", any.type_url),
            ));
        };
        Ok(Some(AccountInfo {
            account_number: base.account_number,
            sequence: base.sequence,
        }))
    }

    /// Like [`Client::account`], but an unknown account is an error that says to fund it.
    pub async fn require_account(&self, address: &str) -> Result<AccountInfo, ClientError> {
        self.account(address)
            .await?
            .ok_or_else(|| ClientError::AccountNotFound {
                address: address.to_string(),
            })
    }

    /// Balance of `address` in `denom` (zero when it holds none).
    pub async fn balance(&self, address: &str, denom: &str) -> Result<u128, ClientError> {
        msgs::account_id(address)?;
        let request = QueryBalanceRequest {
            address: address.to_string(),
            denom: denom.to_string(),
        };
        let response: QueryBalanceResponse = self.abci_query(BALANCE_PATH, &request).await?;
        match response.balance {
            None => Ok(0),
            Some(coin) => coin.amount.parse().map_err(|e| {
                ClientError::decode(format!("balance '{}' of {address}", coin.amount), e)
            }),
        }
    }

    /// Sends the JSON query `msg` to `contract` and decodes its JSON answer.
    ///
    /// A refusal by the contract is [`ClientError::Contract`] with the contract's text.
    pub async fn query_smart<T: DeserializeOwned>(
        &self,
        contract: &str,
        msg: &(impl Serialize + ?Sized),
    ) -> Result<T, ClientError> {
        let raw = self.query_smart_raw(contract, msgs::json(msg)?).await?;
        serde_json::from_slice(&raw)
            .map_err(|e| ClientError::decode(format!("answer of contract {contract}"), e))
    }

    /// Sends an already serialized JSON query to `contract` and returns the raw JSON answer.
    pub async fn query_smart_raw(
        &self,
        contract: &str,
        query: Vec<u8>,
    ) -> Result<Vec<u8>, ClientError> {
        msgs::account_id(contract)?;
        let request = QuerySmartContractStateRequest {
            address: contract.to_string(),
            query_data: query,
        };
        let response: QuerySmartContractStateResponse =
            self.abci_query(SMART_PATH, &request).await?;
        Ok(response.data)
    }

    /// Height and time of the latest block the node has.
    pub async fn latest_height_and_time(&self) -> Result<(u64, Time), ClientError> {
        let status = self
            .call(|| self.rpc.status())
            .await
            .map_err(|e| self.rpc_error(e))?;
        Ok((
            status.sync_info.latest_block_height.value(),
            status.sync_info.latest_block_time,
        ))
    }
}
