//! What the client needs from the chains, as a trait ([`Chain`]) so that the sending logic can
//! be tested against a simulated contract, and its implementation over the client library
//! ([`LedgerChain`]).
//!
//! A deployment with regional sub-chains keeps a regional meter's contract on its region's
//! chain, so every call names the chain (its chain id) it is for: the main chain's, or a
//! region's from the deployment file.

use std::future::Future;
use std::sync::Arc;

use ledger_client::{ChainConfig, Client, ClientError, Deployment, Signer};
use ledger_reading::SignedReading;
use ledger_sdk::contracts::meter::{submit_readings_call, submit_readings_response};
use ledger_sdk::contracts::router::RouteState;
use ledger_sdk::paging::ALL;
use ledger_sdk::{Ledger, Sender};
use ledger_types::admin::MeterInfo;
use ledger_types::meter::{MeterState, RefusedReading};
use tokio::sync::OnceCell;

use crate::checkpoint::Limits;
use crate::engine::{Refusal, refusal_kind};
use crate::tariff_clock::TariffClock;

/// One message of readings (packed, `SubmitPackedReadings`) to one meter contract.
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
    /// The readings the meter contracts refused, every message's; `None` when the node's
    /// answer did not say (then the chain is asked where the batch's meters stand).
    pub refused: Option<Vec<Refusal>>,
}

/// The chains as the sender sees them, each named by its chain id.
pub trait Chain: Send + Sync + 'static {
    /// Broadcasts the messages in one transaction on chain `chain_id` (paid by the gateway)
    /// and waits until it is in a block.
    fn submit(
        &self,
        chain_id: &str,
        messages: Vec<Submission>,
    ) -> impl Future<Output = Result<Submitted, ClientError>> + Send;

    /// One meter's state in its meter contract on chain `chain_id`; `None` if the contract
    /// does not know it.
    fn meter(
        &self,
        chain_id: &str,
        contract: &str,
        meter_id: &str,
    ) -> impl Future<Output = Result<Option<MeterState>, ClientError>> + Send;

    /// Every meter of a meter contract on chain `chain_id`.
    fn meters(
        &self,
        chain_id: &str,
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

/// A reading the contract refused, as the sender acts on it: by its code.
fn refusal_of(refused: RefusedReading) -> Refusal {
    Refusal {
        kind: refusal_kind(Some(&refused.code)),
        message: format!("refused by the meter contract: {}", refused.code),
        meter_id: refused.meter_id,
        sequence: refused.sequence,
        code: Some(refused.code),
    }
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

/// One chain [`LedgerChain`] reaches, connected on first use.
struct ChainLink {
    config: ChainConfig,
    /// The deployment, for the main chain only (its registry and router).
    deployment: Option<Deployment>,
    ledger: OnceCell<(Ledger, Sender)>,
}

/// The real chains, through the SDK: the main chain and, when the deployment file lists
/// regional sub-chains, each of them (same gateway key and fee settings). Each connects on
/// first use, so that the client starts, and records readings, while a chain is down; a
/// regional meter's readings never touch the main chain.
pub struct LedgerChain {
    links: Vec<ChainLink>,
    gateway: Arc<Signer>,
}

impl LedgerChain {
    /// The main chain reached with `config`, paid by `gateway`; `deployment`, when given,
    /// names the registry and router that know the meters, and the regional sub-chains
    /// (reached with `config`'s fee settings at the node the file records for each).
    pub fn new(config: ChainConfig, gateway: Signer, deployment: Option<Deployment>) -> Self {
        let regions = deployment
            .iter()
            .flat_map(|d| &d.regions)
            .map(|r| ChainLink {
                config: ChainConfig {
                    node: r.node.clone(),
                    chain_id: r.chain_id.clone(),
                    ..config.clone()
                },
                deployment: None,
                ledger: OnceCell::new(),
            });
        let main = ChainLink {
            config: config.clone(),
            deployment: deployment.clone(),
            ledger: OnceCell::new(),
        };
        LedgerChain {
            links: std::iter::once(main).chain(regions).collect(),
            gateway: Arc::new(gateway),
        }
    }

    /// The gateway's address.
    pub fn gateway_address(&self) -> String {
        self.gateway.address().to_string()
    }

    /// The main chain's settings.
    pub fn config(&self) -> &ChainConfig {
        &self.links[0].config
    }

    /// The ledger and the gateway's sender on `chain_id` (connecting now if this is the first
    /// use).
    async fn ledger(&self, chain_id: &str) -> Result<&(Ledger, Sender), ClientError> {
        let link = self
            .links
            .iter()
            .find(|l| l.config.chain_id == chain_id)
            .ok_or_else(|| ClientError::InvalidInput {
                what: format!("chain {chain_id}"),
                reason: format!(
                    "the deployment file lists no such chain (known: {}); use the deployment \
                     file of the deployment the meters belong to",
                    self.links
                        .iter()
                        .map(|l| l.config.chain_id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })?;
        link.ledger
            .get_or_try_init(|| async {
                let client = Client::connect(link.config.clone()).await?;
                let sender = Sender::new(client.clone(), (*self.gateway).clone());
                let ledger = match &link.deployment {
                    Some(d) => Ledger::new(client, d.clone()),
                    None => Ledger::without_deployment(client),
                };
                Ok((ledger, sender))
            })
            .await
    }

    /// The main chain's ledger.
    async fn main(&self) -> Result<&Ledger, ClientError> {
        Ok(&self.ledger(&self.links[0].config.chain_id).await?.0)
    }

    /// A meter contract's reading limits, on chain `chain_id`.
    pub async fn limits(&self, chain_id: &str, contract: &str) -> Result<Limits, ClientError> {
        let (ledger, _) = self.ledger(chain_id).await?;
        let config = ledger.meter_config(contract).await.map_err(sdk_error)?;
        Ok(Limits {
            max_interval_seconds: config.settings.max_interval_seconds,
            max_power_w: config.settings.max_power_w,
            future_tolerance_seconds: config.settings.future_tolerance_seconds,
            clock: TariffClock::of(&config.settings.cycle),
        })
    }

    /// The main registry's meters whose ids start with `prefix`, in id order (needs the
    /// deployment file).
    pub async fn meters_with_prefix(&self, prefix: &str) -> Result<Vec<MeterInfo>, ClientError> {
        self.main()
            .await?
            .meters_with_prefix(prefix)
            .await
            .map_err(sdk_error)
    }

    /// How far the main chain's router has brought each meter routed to `region`, by meter
    /// id (needs the deployment file).
    pub async fn routes(&self, region: &str) -> Result<Vec<(String, RouteState)>, ClientError> {
        let routes = self
            .main()
            .await?
            .routes(region, ALL)
            .await
            .map_err(sdk_error)?;
        Ok(routes
            .items
            .into_iter()
            .map(|r| (r.meter_id, r.state))
            .collect())
    }

    /// Where the main chain says `meter_id`'s contract is (needs the deployment file). The
    /// SDK's error is kept, so that its variants ([`ledger_sdk::Error::MeterPending`], ...)
    /// can be acted on.
    pub async fn locate_meter(
        &self,
        meter_id: &str,
    ) -> Result<ledger_sdk::contracts::router::MeterLocation, ledger_sdk::Error> {
        self.main().await?.locate_meter(meter_id).await
    }
}

impl Chain for LedgerChain {
    async fn submit(
        &self,
        chain_id: &str,
        messages: Vec<Submission>,
    ) -> Result<Submitted, ClientError> {
        let (_, sender) = self.ledger(chain_id).await?;
        let count = messages.len();
        let calls = messages
            .into_iter()
            .map(|m| submit_readings_call(&m.contract, m.readings))
            .collect::<Result<Vec<_>, _>>()
            .map_err(sdk_error)?;
        let outcome = sender.execute_all(calls).await.map_err(sdk_error)?;
        let refused = match (0..count)
            .map(|i| submit_readings_response(&outcome, i))
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(responses) => Some(
                responses
                    .into_iter()
                    .flat_map(|r| r.refused)
                    .map(refusal_of)
                    .collect(),
            ),
            Err(error) => {
                tracing::warn!(
                    hash = %outcome.hash,
                    "the transaction landed but its readings' verdicts cannot be read ({error}); \
                     asking the chain where its meters stand"
                );
                None
            }
        };
        Ok(Submitted {
            hash: outcome.hash,
            height: outcome.height,
            gas_used: outcome.gas_used,
            refused,
        })
    }

    async fn meter(
        &self,
        chain_id: &str,
        contract: &str,
        meter_id: &str,
    ) -> Result<Option<MeterState>, ClientError> {
        let (ledger, _) = self.ledger(chain_id).await?;
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

    async fn meters(&self, chain_id: &str, contract: &str) -> Result<Vec<MeterState>, ClientError> {
        let (ledger, _) = self.ledger(chain_id).await?;
        let all = ledger
            .meter_states(contract, ALL)
            .await
            .map_err(sdk_error)?;
        Ok(all.items)
    }
}
