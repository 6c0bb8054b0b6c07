//! What the client needs from the chain, as a trait ([`Chain`]) so that the sending logic can
//! be tested against a simulated contract, and its implementation over the client library
//! ([`LedgerChain`]).

use std::future::Future;
use std::sync::Arc;

use ledger_client::{ChainConfig, Client, ClientError, Gas, Signer, msgs};
use ledger_reading::SignedReading;
use ledger_sdk::contracts::meter::submit_readings_call;
use ledger_types::admin::{self, MeterInfo};
use ledger_types::meter::{self, ConfigResponse, MeterState, MetersResponse};
use ledger_types::paging::MAX_LIMIT;
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

/// The SDK's error as the client library's: building a call fails only in the client library.
fn sdk_error(error: ledger_sdk::Error) -> ClientError {
    match error {
        ledger_sdk::Error::Client(e) => e,
        other => ClientError::InvalidInput {
            what: "SubmitReadings".to_string(),
            reason: other.to_string(),
        },
    }
}

/// The real chain, through `ledger-client`: connects on first use (so that the client starts,
/// and records readings, while the chain is down) and broadcasts from the gateway account.
pub struct LedgerChain {
    config: ChainConfig,
    gateway: Arc<Signer>,
    client: OnceCell<Client>,
}

impl LedgerChain {
    /// A chain reached with `config`, paid by `gateway`.
    pub fn new(config: ChainConfig, gateway: Signer) -> Self {
        LedgerChain {
            config,
            gateway: Arc::new(gateway),
            client: OnceCell::new(),
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

    /// The connected client (connecting now if this is the first use).
    pub async fn client(&self) -> Result<&Client, ClientError> {
        self.client
            .get_or_try_init(|| Client::connect(self.config.clone()))
            .await
    }

    /// A meter contract's reading limits.
    pub async fn limits(&self, contract: &str) -> Result<Limits, ClientError> {
        let config: ConfigResponse = self
            .client()
            .await?
            .query_smart(contract, &meter::QueryMsg::Config {})
            .await?;
        Ok(Limits {
            max_interval_seconds: config.settings.max_interval_seconds,
            max_power_w: config.settings.max_power_w,
            future_tolerance_seconds: config.settings.future_tolerance_seconds,
            clock: TariffClock::of(&config.settings.cycle),
        })
    }

    /// The admin contract's meters whose ids start with `prefix`, in id order.
    pub async fn admin_meters_with_prefix(
        &self,
        admin_contract: &str,
        prefix: &str,
    ) -> Result<Vec<MeterInfo>, ClientError> {
        let client = self.client().await?;
        let mut out = Vec::new();
        let mut start_after = Some(prefix.to_string());
        loop {
            let page: admin::MetersResponse = client
                .query_smart(
                    admin_contract,
                    &admin::QueryMsg::Meters {
                        start_after: start_after.clone(),
                        limit: Some(MAX_LIMIT),
                    },
                )
                .await?;
            let full = page.meters.len() == MAX_LIMIT as usize;
            let mut past_prefix = false;
            for info in page.meters {
                if info.meter_id.starts_with(prefix) {
                    start_after = Some(info.meter_id.clone());
                    out.push(info);
                } else {
                    past_prefix = true;
                    break;
                }
            }
            if !full || past_prefix {
                return Ok(out);
            }
        }
    }
}

impl Chain for LedgerChain {
    async fn submit(&self, messages: Vec<Submission>) -> Result<Submitted, ClientError> {
        let client = self.client().await?;
        let sender = self.gateway.address();
        let msgs = messages
            .into_iter()
            .map(|m| {
                let call = submit_readings_call(&m.contract, m.readings).map_err(sdk_error)?;
                msgs::execute_raw(sender, &call.contract, call.msg, call.funds)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let outcome = client.broadcast(&self.gateway, msgs, Gas::Auto).await?;
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
        let client = self.client().await?;
        match client
            .query_smart::<MeterState>(
                contract,
                &meter::QueryMsg::Meter {
                    meter_id: meter_id.to_string(),
                },
            )
            .await
        {
            Ok(state) => Ok(Some(state)),
            Err(e) if is_unknown_meter(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn meters(&self, contract: &str) -> Result<Vec<MeterState>, ClientError> {
        let client = self.client().await?;
        let mut out: Vec<MeterState> = Vec::new();
        loop {
            let page: MetersResponse = client
                .query_smart(
                    contract,
                    &meter::QueryMsg::Meters {
                        start_after: out.last().map(|m| m.meter_id.clone()),
                        limit: Some(MAX_LIMIT),
                    },
                )
                .await?;
            let full = page.meters.len() == MAX_LIMIT as usize;
            out.extend(page.meters);
            if !full {
                return Ok(out);
            }
        }
    }
}
