//! What the client needs from the chain, as a trait ([`Chain`]) so that the sending logic can
//! be tested against a simulated contract, and its implementation over the client library
//! ([`LedgerChain`]).

use std::future::Future;
use std::sync::Arc;

use ledger_client::{ChainConfig, Client, ClientError, Deployment, Signer};
use ledger_reading::SignedReading;
use ledger_sdk::contracts::meter::submit_readings_call;
use ledger_sdk::paging::ALL;
use ledger_sdk::{Ledger, Sender};
use ledger_types::admin::MeterInfo;
use ledger_types::meter::MeterState;
use tokio::sync::OnceCell;

use crate::checkpoint::Limits;
use crate::tariff_clock::TariffClock;

/// One `SubmitReadings` message: readings of meters of one meter contract.
#[derive(Clone, Debug, PartialEq)]
pub struct Submission {
    /// The meter contract.
    pub contract: String,
    /// At most `MAX_READINGS_PER_MSG` readings, in sequence order per meter.
    pub readings: Vec<SignedReading>,
}

/// A transaction in a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submitted {
    /// Its hash.
    pub hash: String,
    /// The block's height.
    pub height: u64,
    /// Gas it used.
    pub gas_used: u64,
}

/// The chain as the sender sees it.
pub trait Chain: Send + Sync + 'static {
    /// Broadcasts the messages in one transaction (paid by the gateway) and waits until it is
    /// in a block.
    fn submit(
        &self,
        messages: Vec<Submission>,
    ) -> impl Future<Output = Result<Submitted, ClientError>> + Send;

    /// One meter's state in its meter contract; `None` if the contract does not know it.
    fn meter(
        &self,
        contract: &str,
        meter_id: &str,
    ) -> impl Future<Output = Result<Option<MeterState>, ClientError>> + Send;

    /// Every meter of a meter contract.
    fn meters(
        &self,
        contract: &str,
    ) -> impl Future<Output = Result<Vec<MeterState>, ClientError>> + Send;
}

/// Whether a contract's answer means "no such meter".
pub fn is_unknown_meter(error: &ClientError) -> bool {
    matches!(
        error.contract_code(),
        Some(ledger_types::meter::codes::UNKNOWN_METER)
    )
}

/// The SDK's error as the client library's: the SDK fails only in the client library, or for
/// want of the deployment file.
fn sdk_error(error: ledger_sdk::Error) -> ClientError {
    match error {
        ledger_sdk::Error::Client(e) => e,
        other => ClientError::InvalidInput {
            what: "the ledger".to_string(),
            reason: other.to_string(),
        },
    }
}

/// The real chain, through the SDK: connects on first use (so that the client starts, and
/// records readings, while the chain is down) and broadcasts from the gateway account.
pub struct LedgerChain {
    config: ChainConfig,
    deployment: Option<Deployment>,
    gateway: Arc<Signer>,
    ledger: OnceCell<(Ledger, Sender)>,
}

impl LedgerChain {
    /// A chain reached with `config`, paid by `gateway`; `deployment`, when given, names the
    /// admin contract that knows the meters.
    pub fn new(config: ChainConfig, gateway: Signer, deployment: Option<Deployment>) -> Self {
        LedgerChain {
            config,
            deployment,
            gateway: Arc::new(gateway),
            ledger: OnceCell::new(),
        }
    }

    /// The gateway's address.
    pub fn gateway_address(&self) -> String {
        self.gateway.address().to_string()
    }

    /// The chain settings.
    pub fn config(&self) -> &ChainConfig {
        &self.config
    }

    /// The ledger and the gateway's sender (connecting now if this is the first use).
    async fn ledger(&self) -> Result<&(Ledger, Sender), ClientError> {
        self.ledger
            .get_or_try_init(|| async {
                let client = Client::connect(self.config.clone()).await?;
                let sender = Sender::new(client.clone(), (*self.gateway).clone());
                let ledger = match &self.deployment {
                    Some(d) => Ledger::new(client, d.clone()),
                    None => Ledger::without_deployment(client),
                };
                Ok((ledger, sender))
            })
            .await
    }

    /// A meter contract's reading limits.
    pub async fn limits(&self, contract: &str) -> Result<Limits, ClientError> {
        let (ledger, _) = self.ledger().await?;
        let config = ledger.meter_config(contract).await.map_err(sdk_error)?;
        Ok(Limits {
            max_interval_seconds: config.settings.max_interval_seconds,
            max_power_w: config.settings.max_power_w,
            future_tolerance_seconds: config.settings.future_tolerance_seconds,
            clock: TariffClock::of(&config.settings.cycle),
        })
    }

    /// The admin contract's meters whose ids start with `prefix`, in id order (needs the
    /// deployment file).
    pub async fn meters_with_prefix(&self, prefix: &str) -> Result<Vec<MeterInfo>, ClientError> {
        let (ledger, _) = self.ledger().await?;
        ledger.meters_with_prefix(prefix).await.map_err(sdk_error)
    }
}

impl Chain for LedgerChain {
    async fn submit(&self, messages: Vec<Submission>) -> Result<Submitted, ClientError> {
        let (_, sender) = self.ledger().await?;
        let calls = messages
            .into_iter()
            .map(|m| submit_readings_call(&m.contract, m.readings))
            .collect::<Result<Vec<_>, _>>()
            .map_err(sdk_error)?;
        let outcome = sender.execute_all(calls).await.map_err(sdk_error)?;
        Ok(Submitted {
            hash: outcome.hash,
            height: outcome.height,
            gas_used: outcome.gas_used,
        })
    }

    async fn meter(
        &self,
        contract: &str,
        meter_id: &str,
    ) -> Result<Option<MeterState>, ClientError> {
        let (ledger, _) = self.ledger().await?;
        match ledger
            .meter_state(contract, meter_id)
            .await
            .map_err(sdk_error)
        {
            Ok(state) => Ok(Some(state)),
            Err(e) if is_unknown_meter(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn meters(&self, contract: &str) -> Result<Vec<MeterState>, ClientError> {
        let (ledger, _) = self.ledger().await?;
        let all = ledger
            .meter_states(contract, ALL)
            .await
            .map_err(sdk_error)?;
        Ok(all.items)
    }
}
