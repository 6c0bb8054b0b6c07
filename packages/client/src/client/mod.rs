//! The connection to a chain node: queries, signing, broadcasting and contract helpers.
//!
//! Everything goes through the node's CometBFT RPC (`tendermint-rpc`'s HTTP client in
//! CometBFT 0.38 mode): Cosmos SDK and wasmd gRPC queries travel as ABCI queries, so one
//! address (`--node`) is all a program needs.

mod external;
mod query;
mod tx;
mod wasm;

use std::time::Duration;

use cosmrs::proto::prost::Message;
use cosmrs::tendermint::chain;
use tendermint_rpc::client::CompatMode;
use tendermint_rpc::endpoint::abci_query::AbciQuery;
use tendermint_rpc::{Client as _, HttpClient, HttpClientUrl};

use crate::config::ChainConfig;
use crate::error::ClientError;
use crate::rawlog;

pub use external::{UnsignedTx, secp256k1_public_key};
pub use query::AccountInfo;
pub use tx::{Gas, tx_hash};

/// Timeout of a single RPC request.
const RPC_TIMEOUT: Duration = Duration::from_secs(30);

/// How long an idle connection may wait in the pool for reuse. CometBFT's RPC server closes
/// idle keep-alive connections on its own schedule; a client that sends on one the server has
/// just closed fails with "connection closed before message completed". Dropping idle
/// connections early makes that rare, and [`Client::call`] retries the rest once on a new
/// connection.
const POOL_IDLE: Duration = Duration::from_secs(5);

/// A transport failure faster than this is taken for a closed pooled connection and retried.
const STALE_WITHIN: Duration = Duration::from_secs(1);

/// A connection to one node of one chain.
///
/// Cheap to clone (the HTTP client is shared); every method takes `&self`, so one client can
/// serve many tasks.
#[derive(Clone, Debug)]
pub struct Client {
    rpc: HttpClient,
    config: ChainConfig,
    chain_id: chain::Id,
}

impl Client {
    /// Connects to `config.node` and checks that it serves `config.chain_id`.
    ///
    /// Fails with [`ClientError::NodeUnreachable`] when nothing answers and
    /// [`ClientError::ChainIdMismatch`] when the node belongs to another chain.
    pub async fn connect(config: ChainConfig) -> Result<Self, ClientError> {
        let url: HttpClientUrl = config
            .node
            .parse()
            .map_err(|e| ClientError::invalid(format!("node address '{}'", config.node), e))?;
        let chain_id: chain::Id = config
            .chain_id
            .parse()
            .map_err(|e| ClientError::invalid(format!("chain id '{}'", config.chain_id), e))?;
        let http = reqwest::Client::builder()
            .user_agent(concat!("ledger-client/", env!("CARGO_PKG_VERSION")))
            .timeout(RPC_TIMEOUT)
            .pool_idle_timeout(POOL_IDLE)
            .build()
            .map_err(|e| ClientError::invalid("HTTP client settings", e))?;
        let rpc = HttpClient::builder(url)
            .compat_mode(CompatMode::V0_38)
            .client(http)
            .build()
            .map_err(|e| ClientError::invalid(format!("node address '{}'", config.node), e))?;
        let client = Self {
            rpc,
            config,
            chain_id,
        };
        let status = client
            .call(|| client.rpc.status())
            .await
            .map_err(|e| client.rpc_error(e))?;
        let actual = status.node_info.network.to_string();
        if actual != client.config.chain_id {
            return Err(ClientError::ChainIdMismatch {
                node: client.config.node.clone(),
                expected: client.config.chain_id.clone(),
                actual,
            });
        }
        tracing::debug!(node = %client.config.node, chain_id = %actual, "connected");
        Ok(client)
    }

    /// The settings this client was connected with.
    pub fn config(&self) -> &ChainConfig {
        &self.config
    }

    /// The underlying CometBFT RPC client, for anything this crate does not wrap.
    pub fn rpc(&self) -> &HttpClient {
        &self.rpc
    }

    /// Runs one RPC request, and once more on a fresh connection if the first failed only
    /// because the pooled connection it used had been closed by the node. Every request sent
    /// this way is safe to repeat: queries, and broadcasts (the mempool refuses a second copy
    /// of a transaction, which [`Client::broadcast_sync_raw`] reports as already there).
    pub(crate) async fn call<T, F, Fut>(&self, request: F) -> Result<T, tendermint_rpc::Error>
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = Result<T, tendermint_rpc::Error>>,
    {
        let started = std::time::Instant::now();
        match request().await {
            Err(error) if is_stale_connection(&error, started.elapsed()) => {
                tracing::debug!(node = %self.config.node, "pooled connection closed by the node; retrying once");
                request().await
            }
            other => other,
        }
    }

    /// Maps an RPC failure: transport problems mean the node is unreachable.
    pub(crate) fn rpc_error(&self, error: tendermint_rpc::Error) -> ClientError {
        use tendermint_rpc::error::ErrorDetail;
        match error.detail() {
            ErrorDetail::Http(_) | ErrorDetail::Io(_) | ErrorDetail::Timeout(_) => {
                ClientError::NodeUnreachable {
                    node: self.config.node.clone(),
                    reason: error_chain(&error),
                }
            }
            _ => ClientError::Rpc {
                node: self.config.node.clone(),
                reason: error_chain(&error),
            },
        }
    }

    /// Runs a gRPC query through ABCI and returns the raw answer, code included.
    async fn abci_query_raw<Req: Message>(
        &self,
        path: &str,
        request: &Req,
    ) -> Result<AbciQuery, ClientError> {
        let data = request.encode_to_vec();
        self.call(|| {
            self.rpc
                .abci_query(Some(path.to_string()), data.clone(), None, false)
        })
        .await
        .map_err(|e| self.rpc_error(e))
    }

    /// Runs a gRPC query through ABCI and decodes a successful answer.
    pub(crate) async fn abci_query<Req: Message, Resp: Message + Default>(
        &self,
        path: &str,
        request: &Req,
    ) -> Result<Resp, ClientError> {
        let answer = self.abci_query_raw(path, request).await?;
        if answer.code.is_err() {
            return Err(rawlog::classify_query_failure(
                path,
                answer.code.value(),
                &answer.codespace,
                &answer.log,
            ));
        }
        Resp::decode(answer.value.as_slice())
            .map_err(|e| ClientError::decode(format!("answer of {path}"), e))
    }
}

/// Whether a failed request may have met a pooled connection the node had closed: an HTTP
/// transport failure that came at once. tendermint-rpc keeps only the text of the HTTP
/// layer's error, so the kind is told by time, not by wording: a stale connection fails
/// immediately, while a node that does not answer fails after the request timeout and is not
/// asked twice.
fn is_stale_connection(error: &tendermint_rpc::Error, elapsed: Duration) -> bool {
    matches!(error.detail(), tendermint_rpc::error::ErrorDetail::Http(_)) && elapsed < STALE_WITHIN
}

/// An RPC error on one line. tendermint-rpc's errors print a multi-line report ("Caused
/// by:", indented causes, a source "Location:"); keep the causes, drop the rest.
fn error_chain(error: &tendermint_rpc::Error) -> String {
    one_line(&error.to_string())
}

fn one_line(report: &str) -> String {
    report
        .lines()
        .take_while(|line| line.trim() != "Location:")
        .map(str::trim)
        .filter(|line| !line.is_empty() && *line != "Caused by:")
        .map(|line| {
            // Numbered causes ("0: ...") when there are several.
            match line.split_once(": ") {
                Some((n, rest)) if n.bytes().all(|b| b.is_ascii_digit()) => rest,
                _ => line,
            }
        })
        .collect::<Vec<_>>()
        .join(": ")
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn rpc_reports_fit_on_one_line() {
        let report = "HTTP error\n\nCaused by:\n    error sending request for url \
                      (http://127.0.0.1:1/): error trying to connect: tcp connect error: \
                      Connection refused (os error 111)\n\nLocation:\n    \
                      /root/.cargo/registry/src/flex-error-0.4.4/src/tracer_impl/eyre.rs:10:9";
        assert_eq!(
            one_line(report),
            "HTTP error: error sending request for url (http://127.0.0.1:1/): error trying to \
             connect: tcp connect error: Connection refused (os error 111)"
        );
        let numbered = "response error\n\nCaused by:\n   0: Internal error: tx already exists \
                        in cache (code: -32603)\n   1: second";
        assert_eq!(
            one_line(numbered),
            "response error: Internal error: tx already exists in cache (code: -32603): second"
        );
    }
}
