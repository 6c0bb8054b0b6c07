//! Signing, simulating, broadcasting and waiting for transactions.

use std::time::{Duration, Instant};

use cosmrs::Any;
use cosmrs::proto::cosmos::tx::v1beta1::{SimulateRequest, SimulateResponse};
use cosmrs::tendermint::Hash;
use cosmrs::tx::{Body, Fee, SignDoc, SignerInfo};
use sha2::{Digest, Sha256};
use tendermint_rpc::Client as _;

use super::{AccountInfo, Client};
use crate::error::ClientError;
use crate::keys::Signer;
use crate::outcome::{Event, TxOutcome, msg_responses_of};
use crate::rawlog;

const SIMULATE_PATH: &str = "/cosmos.tx.v1beta1.Service/Simulate";
/// How often [`Client::wait_for_tx`] asks whether a transaction is in a block.
const POLL_INTERVAL: Duration = Duration::from_millis(400);
/// How many times [`Client::broadcast`] re-signs after a sequence mismatch.
const SEQUENCE_RETRIES: u32 = 2;

/// How much gas a transaction may use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Gas {
    /// Simulate first, then ask for the simulated gas × `gas_adjustment`.
    #[default]
    Auto,
    /// A fixed gas limit.
    Fixed(u64),
}

impl Client {
    /// Gas the messages use, by simulating them signed by `signer` at its current sequence.
    ///
    /// A contract's refusal surfaces here already, as [`ClientError::Contract`].
    pub async fn simulate(
        &self,
        signer: &Signer,
        msgs: &[Any],
        memo: &str,
    ) -> Result<u64, ClientError> {
        let account = self.require_account(signer.address().as_ref()).await?;
        self.simulate_at(signer, msgs, memo, account.account_number, account.sequence)
            .await
    }

    /// [`Client::simulate`] at a given account number and sequence, for callers that track
    /// their sequence themselves.
    pub async fn simulate_at(
        &self,
        signer: &Signer,
        msgs: &[Any],
        memo: &str,
        account_number: u64,
        sequence: u64,
    ) -> Result<u64, ClientError> {
        // The fee's amount does not change the gas used, but whether there is one does:
        // deducting it costs gas. Simulate with the smallest fee so the estimate includes it
        // (the minimum gas price is not enforced in simulation).
        let token_fee = if self.config.fee_for_gas(1)? == 0 {
            Vec::new()
        } else {
            vec![crate::msgs::coin(1, &self.config.denom)?]
        };
        let fee = Fee {
            amount: token_fee,
            gas_limit: 0,
            payer: None,
            granter: None,
        };
        let tx_bytes = self.sign_with_fee(signer, msgs, fee, account_number, sequence, memo)?;
        self.simulate_bytes(tx_bytes).await
    }

    /// Gas a transaction's bytes use in simulation (signatures are not checked there).
    pub(super) async fn simulate_bytes(&self, tx_bytes: Vec<u8>) -> Result<u64, ClientError> {
        #[allow(deprecated)] // `tx` is the deprecated alternative to `tx_bytes`
        let request = SimulateRequest { tx: None, tx_bytes };
        let answer = self.abci_query_raw(SIMULATE_PATH, &request).await?;
        if answer.code.is_err() {
            return Err(rawlog::classify_tx_failure(
                answer.code.value(),
                &answer.codespace,
                &answer.log,
                None,
            ));
        }
        let response =
            <SimulateResponse as cosmrs::proto::prost::Message>::decode(answer.value.as_slice())
                .map_err(|e| ClientError::decode("simulation result", e))?;
        let gas_used = response.gas_info.map(|g| g.gas_used).unwrap_or_default();
        tracing::debug!(gas_used, "simulated");
        Ok(gas_used)
    }

    /// Signs `msgs` into transaction bytes with a gas limit and the fee the configured gas
    /// price asks for it (`ceil(gas_limit × gas_price)`).
    pub fn sign(
        &self,
        signer: &Signer,
        msgs: &[Any],
        gas_limit: u64,
        account_number: u64,
        sequence: u64,
        memo: &str,
    ) -> Result<Vec<u8>, ClientError> {
        let fee = self.fee(gas_limit)?;
        self.sign_with_fee(signer, msgs, fee, account_number, sequence, memo)
    }

    /// The fee for `gas_limit` at the configured gas price.
    pub fn fee(&self, gas_limit: u64) -> Result<Fee, ClientError> {
        let amount = self.config.fee_for_gas(gas_limit)?;
        let amount = if amount == 0 {
            Vec::new()
        } else {
            vec![crate::msgs::coin(amount, &self.config.denom)?]
        };
        Ok(Fee {
            amount,
            gas_limit,
            payer: None,
            granter: None,
        })
    }

    /// Signs `msgs` with an explicit fee (SIGN_MODE_DIRECT).
    pub fn sign_with_fee(
        &self,
        signer: &Signer,
        msgs: &[Any],
        fee: Fee,
        account_number: u64,
        sequence: u64,
        memo: &str,
    ) -> Result<Vec<u8>, ClientError> {
        let signing_failed = |e: cosmrs::ErrorReport| ClientError::invalid("transaction", e);
        let body = Body::new(msgs.to_vec(), memo, 0u32);
        let auth_info =
            SignerInfo::single_direct(Some(signer.public_key()), sequence).auth_info(fee);
        let doc = SignDoc::new(&body, &auth_info, &self.chain_id, account_number)
            .map_err(signing_failed)?;
        doc.sign(signer.signing_key())
            .and_then(|raw| raw.to_bytes())
            .map_err(signing_failed)
    }

    /// Signs and broadcasts `msgs`, then waits until they are in a block.
    ///
    /// With [`Gas::Auto`] the messages are simulated first and the gas limit is the simulated
    /// gas × `gas_adjustment`. The fee is `ceil(gas_limit × gas_price)` in the configured
    /// denom. A CheckTx refusal or a failure in the block is returned as a classified
    /// [`ClientError`]; a sequence mismatch (another transaction of the same account got in
    /// first) is retried with the sequence the chain expects.
    pub async fn broadcast(
        &self,
        signer: &Signer,
        msgs: Vec<Any>,
        gas: Gas,
    ) -> Result<TxOutcome, ClientError> {
        self.broadcast_with_memo(signer, msgs, gas, "").await
    }

    /// [`Client::broadcast`] with a memo.
    pub async fn broadcast_with_memo(
        &self,
        signer: &Signer,
        msgs: Vec<Any>,
        gas: Gas,
        memo: &str,
    ) -> Result<TxOutcome, ClientError> {
        let mut account = self.require_account(signer.address().as_ref()).await?;
        let mut retries = 0;
        loop {
            match self.sign_and_send(signer, &msgs, gas, memo, account).await {
                Ok(hash) => return self.wait_for_tx(&hash, self.config.tx_timeout).await,
                Err(ClientError::SequenceMismatch { expected, got })
                    if retries < SEQUENCE_RETRIES =>
                {
                    tracing::warn!(expected, got, "account sequence moved on; signing again");
                    account.sequence = expected;
                    retries += 1;
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// Simulates (for [`Gas::Auto`]), signs at `account`'s sequence and hands the transaction
    /// to the mempool; returns its hash.
    async fn sign_and_send(
        &self,
        signer: &Signer,
        msgs: &[Any],
        gas: Gas,
        memo: &str,
        account: AccountInfo,
    ) -> Result<String, ClientError> {
        let AccountInfo {
            account_number,
            sequence,
        } = account;
        let gas_limit = match gas {
            Gas::Fixed(limit) => limit,
            Gas::Auto => {
                let simulated = self
                    .simulate_at(signer, msgs, memo, account_number, sequence)
                    .await?;
                self.config.adjusted_gas(simulated)?
            }
        };
        let tx = self.sign(signer, msgs, gas_limit, account_number, sequence, memo)?;
        let hash = self.broadcast_sync_raw(tx).await?;
        tracing::info!(%hash, gas_limit, sequence, "broadcast");
        Ok(hash)
    }

    /// Hands signed transaction bytes to the node's mempool (`broadcast_tx_sync`) and returns
    /// the transaction's hash once CheckTx accepted it. Does not wait for a block: see
    /// [`Client::wait_for_tx`].
    ///
    /// Sending bytes the mempool already holds gives [`ClientError::AlreadyInMempool`] with the
    /// hash to wait for.
    pub async fn broadcast_sync_raw(&self, tx: Vec<u8>) -> Result<String, ClientError> {
        let hash = tx_hash(&tx);
        let response = match self.call(|| self.rpc.broadcast_tx_sync(tx.clone())).await {
            Ok(response) => response,
            Err(error) => {
                let error = self.rpc_error(error);
                if let ClientError::Rpc { reason, .. } = &error {
                    if reason.contains("tx already exists in cache") {
                        return Err(ClientError::AlreadyInMempool { hash });
                    }
                }
                return Err(error);
            }
        };
        if response.code.is_err() {
            return Err(rawlog::classify_tx_failure(
                response.code.value(),
                &response.codespace,
                &response.log,
                None,
            ));
        }
        Ok(response.hash.to_string())
    }

    /// Waits until the transaction `hash` is in a block, asking the node every 400 ms, and
    /// returns what it did. Gives [`ClientError::TxTimeout`] if it is not seen within
    /// `timeout`, or the classified failure if it failed in the block.
    pub async fn wait_for_tx(
        &self,
        hash: &str,
        timeout: Duration,
    ) -> Result<TxOutcome, ClientError> {
        let parsed: Hash = hash
            .to_ascii_uppercase()
            .parse()
            .map_err(|e| ClientError::invalid(format!("transaction hash '{hash}'"), e))?;
        let deadline = Instant::now() + timeout;
        loop {
            match self.rpc.tx(parsed, false).await {
                Ok(response) => return outcome_of(response),
                // "tx (HASH) not found" until the block is committed and indexed; transport
                // errors are retried too, so a node restarting does not lose the transaction.
                Err(error) => tracing::trace!(%hash, %error, "not in a block yet"),
            }
            if Instant::now() >= deadline {
                return Err(ClientError::TxTimeout {
                    hash: hash.to_string(),
                    timeout,
                });
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Sends `amount` of the configured denom from `signer` to `to`.
    pub async fn send(
        &self,
        signer: &Signer,
        to: &str,
        amount: u128,
        gas: Gas,
    ) -> Result<TxOutcome, ClientError> {
        let msg = crate::msgs::bank_send(signer.address(), to, amount, &self.config.denom)?;
        self.broadcast(signer, vec![msg], gas).await
    }
}

/// Upper-case hex SHA-256 of transaction bytes: the hash CometBFT gives the transaction.
pub fn tx_hash(tx: &[u8]) -> String {
    hex::encode_upper(Sha256::digest(tx))
}

/// A [`TxOutcome`] from the node's `/tx` answer, or the classified failure.
fn outcome_of(response: tendermint_rpc::endpoint::tx::Response) -> Result<TxOutcome, ClientError> {
    let result = response.tx_result;
    let gas_wanted = u64::try_from(result.gas_wanted).unwrap_or_default();
    let gas_used = u64::try_from(result.gas_used).unwrap_or_default();
    if result.code.is_err() {
        return Err(rawlog::classify_tx_failure(
            result.code.value(),
            &result.codespace,
            &result.log,
            Some((gas_wanted, gas_used)),
        ));
    }
    Ok(TxOutcome {
        hash: response.hash.to_string(),
        height: response.height.value(),
        gas_wanted,
        gas_used,
        events: result.events.iter().map(Event::from).collect(),
        msg_responses: msg_responses_of(&tx_data(&result.data)),
    })
}

/// The bytes of a transaction result's `data`. tendermint-rpc keeps the field as the base64
/// text the node sent rather than the bytes it stands for; text that is not base64 is taken
/// as the bytes themselves.
fn tx_data(data: &[u8]) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(data)
        .unwrap_or_else(|_| data.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A node's `/tx` answer for a `SubmitReadings` (events, log and transaction left out),
    /// as wasmd 0.61 sends it.
    const TX_ANSWER: &str = r#"{"hash":"68E9C13CE3795B0C58BCC4155C8624EC5B5E7BDB478126D1F6E6620D4A2CAC69","height":"370","index":0,"tx_result":{"code":0,"data":"Ek0KLC9jb3Ntd2FzbS53YXNtLnYxLk1zZ0V4ZWN1dGVDb250cmFjdFJlc3BvbnNlEh0KG3siYWNjZXB0ZWQiOjMsInJlZnVzZWQiOltdfQ==","log":"","info":"","gas_wanted":"217840","gas_used":"159199","events":[],"codespace":""},"tx":"AA=="}"#;

    #[test]
    fn the_contracts_response_data_is_read_from_a_nodes_answer() {
        let response: tendermint_rpc::endpoint::tx::Response =
            serde_json::from_str(TX_ANSWER).unwrap();
        let outcome = outcome_of(response).unwrap();
        assert_eq!(outcome.msg_responses.len(), 1);
        assert_eq!(
            outcome.execute_data(0).unwrap().as_deref(),
            Some(&br#"{"accepted":3,"refused":[]}"#[..])
        );
        assert_eq!((outcome.height, outcome.gas_used), (370, 159_199));
    }
}
