//! Contract helpers: upload, instantiate, execute. Each uses [`Gas::Auto`].

use cosmrs::Coin;
use serde::Serialize;

use super::{Client, Gas};
use crate::error::ClientError;
use crate::keys::Signer;
use crate::msgs::{self, ExecuteCall};
use crate::outcome::TxOutcome;

impl Client {
    /// Uploads contract code and returns its code id.
    pub async fn store_code(&self, signer: &Signer, wasm: Vec<u8>) -> Result<u64, ClientError> {
        let msg = msgs::store_code(signer.address(), wasm)?;
        let outcome = self.broadcast(signer, vec![msg], Gas::Auto).await?;
        let code_id = outcome
            .attribute("store_code", "code_id")
            .ok_or_else(|| missing(&outcome, "store_code.code_id"))?;
        code_id
            .parse()
            .map_err(|e| ClientError::decode(format!("code id '{code_id}'"), e))
    }

    /// Instantiates `code_id` with `msg` and returns the new contract's address. `admin` is
    /// the address allowed to migrate it (`None`: nobody).
    pub async fn instantiate(
        &self,
        signer: &Signer,
        code_id: u64,
        msg: &(impl Serialize + ?Sized),
        label: &str,
        admin: Option<&str>,
    ) -> Result<String, ClientError> {
        let msg = msgs::instantiate(signer.address(), code_id, msg, label, admin, Vec::new())?;
        let outcome = self.broadcast(signer, vec![msg], Gas::Auto).await?;
        outcome
            .attribute("instantiate", "_contract_address")
            .map(str::to_string)
            .ok_or_else(|| missing(&outcome, "instantiate._contract_address"))
    }

    /// Executes `msg` on `contract`, sending `funds` along.
    pub async fn execute(
        &self,
        signer: &Signer,
        contract: &str,
        msg: &(impl Serialize + ?Sized),
        funds: Vec<Coin>,
    ) -> Result<TxOutcome, ClientError> {
        let msg = msgs::execute(signer.address(), contract, msg, funds)?;
        self.broadcast(signer, vec![msg], Gas::Auto).await
    }

    /// Executes several contract calls in one transaction: all succeed or none does.
    pub async fn execute_multi(
        &self,
        signer: &Signer,
        calls: Vec<ExecuteCall>,
    ) -> Result<TxOutcome, ClientError> {
        let msgs = calls
            .into_iter()
            .map(|call| msgs::execute_raw(signer.address(), &call.contract, call.msg, call.funds))
            .collect::<Result<Vec<_>, _>>()?;
        self.broadcast(signer, msgs, Gas::Auto).await
    }
}

fn missing(outcome: &TxOutcome, what: &str) -> ClientError {
    ClientError::decode(
        format!("transaction {}", outcome.hash),
        format!("no {what} attribute in its events"),
    )
}
