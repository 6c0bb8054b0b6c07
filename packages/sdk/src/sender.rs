//! Signing and broadcasting for one key: every execute of the SDK goes through a [`Sender`].

use ledger_client::cosmrs::Any;
use ledger_client::cosmrs::tx::Fee;
use ledger_client::{Client, ClientError, ExecuteCall, Gas, Signer, TxOutcome, msgs};
use serde::Serialize;

use crate::error::Result;

/// A fee fixed in advance instead of one computed from the gas price.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixedFee {
    /// Amount in base units of `denom`.
    pub amount: u128,
    /// The fee's denomination.
    pub denom: String,
}

/// Signs and broadcasts transactions for one key and waits until they are in a block.
///
/// ```no_run
/// use ledger_client::{ChainConfig, Client, Gas, KeyStore};
/// use ledger_sdk::Sender;
/// # async fn run() -> ledger_sdk::Result<()> {
/// let client = Client::connect(ChainConfig::localnet()).await?;
/// let key = KeyStore::open("keys", "wasm")
///     .load("operator", "passphrase")
///     .map_err(ledger_client::ClientError::from)?;
/// let sender = Sender::new(client, key).with_gas(Gas::Fixed(400_000));
/// println!("signing as {}", sender.address());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Sender {
    client: Client,
    signer: Signer,
    gas: Gas,
    fee: Option<FixedFee>,
}

impl Sender {
    /// A sender that simulates each transaction for its gas and pays the client's gas price.
    pub fn new(client: Client, signer: Signer) -> Self {
        Sender {
            client,
            signer,
            gas: Gas::Auto,
            fee: None,
        }
    }

    /// The same sender with another gas setting.
    pub fn with_gas(mut self, gas: Gas) -> Self {
        self.gas = gas;
        self
    }

    /// The same sender paying `fee` for every transaction (`None`: computed from gas).
    pub fn with_fee(mut self, fee: Option<FixedFee>) -> Self {
        self.fee = fee;
        self
    }

    /// The signer's address.
    pub fn address(&self) -> String {
        self.signer.address().to_string()
    }

    /// The signing key.
    pub fn signer(&self) -> &Signer {
        &self.signer
    }

    /// The same key and fee settings, signing on the chain `client` talks to (a regional
    /// sub-chain's, see [`crate::Ledger::in_region`]).
    pub fn on(&self, client: Client) -> Sender {
        Sender {
            client,
            ..self.clone()
        }
    }

    /// The chain connection.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Signs `msgs` into one transaction, broadcasts it and waits until it is in a block.
    pub async fn send(&self, msgs: Vec<Any>) -> Result<TxOutcome> {
        let Some(fixed) = &self.fee else {
            return Ok(self.client.broadcast(&self.signer, msgs, self.gas).await?);
        };
        // A fixed fee: the client library computes fees from the gas price only, so this
        // path signs with the given fee itself.
        let address = self.address();
        let account = self.client.require_account(&address).await?;
        let gas_limit = match self.gas {
            Gas::Fixed(limit) => limit,
            Gas::Auto => {
                let used = self
                    .client
                    .simulate_at(
                        &self.signer,
                        &msgs,
                        "",
                        account.account_number,
                        account.sequence,
                    )
                    .await?;
                self.client.config().adjusted_gas(used)?
            }
        };
        let fee = Fee {
            amount: vec![msgs::coin(fixed.amount, &fixed.denom)?],
            gas_limit,
            payer: None,
            granter: None,
        };
        let tx = self.client.sign_with_fee(
            &self.signer,
            &msgs,
            fee,
            account.account_number,
            account.sequence,
            "",
        )?;
        let hash = self.client.broadcast_sync_raw(tx).await?;
        Ok(self
            .client
            .wait_for_tx(&hash, self.client.config().tx_timeout)
            .await?)
    }

    /// Executes `msg` on `contract`. The typed executes of [`crate::contracts`] call this;
    /// prefer them.
    pub async fn execute(
        &self,
        contract: &str,
        msg: &(impl Serialize + ?Sized),
    ) -> Result<TxOutcome> {
        let msg = msgs::execute(self.signer.address(), contract, msg, Vec::new())?;
        self.send(vec![msg]).await
    }

    /// Executes several calls in one transaction: all succeed or none does.
    pub async fn execute_all(&self, calls: Vec<ExecuteCall>) -> Result<TxOutcome> {
        let msgs = calls
            .into_iter()
            .map(|c| msgs::execute_raw(self.signer.address(), &c.contract, c.msg, c.funds))
            .collect::<Result<Vec<_>, ClientError>>()?;
        self.send(msgs).await
    }

    /// Uploads contract code and returns its code id.
    pub async fn store_code(&self, wasm: Vec<u8>) -> Result<(u64, TxOutcome)> {
        let msg = msgs::store_code(self.signer.address(), wasm)?;
        let outcome = self.send(vec![msg]).await?;
        let code_id = outcome
            .attribute("store_code", "code_id")
            .ok_or_else(|| missing(&outcome, "code id"))?
            .parse()
            .map_err(|e: std::num::ParseIntError| decode("the chain's code id", e.to_string()))?;
        Ok((code_id, outcome))
    }

    /// Instantiates `code_id` and returns the new contract's address. The signer becomes the
    /// contract's migration admin.
    pub async fn instantiate(
        &self,
        code_id: u64,
        msg: &(impl Serialize + ?Sized),
        label: &str,
    ) -> Result<(String, TxOutcome)> {
        let admin = self.address();
        let msg = msgs::instantiate(
            self.signer.address(),
            code_id,
            msg,
            label,
            Some(&admin),
            Vec::new(),
        )?;
        let outcome = self.send(vec![msg]).await?;
        let address = outcome
            .attribute("instantiate", "_contract_address")
            .ok_or_else(|| missing(&outcome, "contract address"))?
            .to_string();
        Ok((address, outcome))
    }
}

fn missing(outcome: &TxOutcome, what: &str) -> ClientError {
    decode(
        format!("transaction {}", outcome.hash),
        format!("it reported no {what}"),
    )
}

fn decode(what: impl Into<String>, reason: String) -> ClientError {
    ClientError::Decode {
        what: what.into(),
        reason,
    }
}
