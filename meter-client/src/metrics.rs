//! Prometheus metrics (`--metrics 127.0.0.1:9464`): what the sender and the inputs did, in
//! the text exposition format, served on `GET /metrics`.
//!
//! * [`Metrics`]: the counters and gauges, moved by the [`Engine`](crate::engine::Engine);
//! * [`MetricsArgs`]: the command-line switches, and where they may listen;
//! * [`serve`]: a minimal HTTP responder on the client's tokio runtime (a scrape is one
//!   short request; a web framework would weigh more than the rest of the client).

mod http;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use anyhow::bail;
use clap::Args;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::{Metric, Registry};

use crate::inputs::{ErrorReason, InputCounters};

pub use http::serve;

/// The label of a refusal: the contract's stable error code, `unknown` when the refusal
/// carries none.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CodeLabel {
    /// The code (`ledger_types::error_code`).
    pub code: String,
}

/// The label of an input error: why the sample was skipped ([`ErrorReason::label`]).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ReasonLabel {
    /// `crc`, `parse`, `cut`, `timeout`, `disconnected`, ...
    pub reason: &'static str,
}

/// The metrics of one client process (one meter, or a fleet).
pub struct Metrics {
    registry: Registry,
    /// Readings signed and stored in the outbox.
    pub recorded: Counter,
    /// Readings put in transactions (each try counts).
    pub sent: Counter,
    /// Readings in transactions that landed in a block.
    pub accepted: Counter,
    /// Transactions the contract refused, by its error code.
    pub refused: Family<CodeLabel, Counter>,
    /// Readings set aside in `rejected.jsonl`.
    pub set_aside: Counter,
    /// Readings in the outbox, not yet on chain.
    pub outbox: Gauge,
    /// When a transaction last landed, unix seconds (0: not yet).
    pub last_send: Gauge,
    input_samples: Counter,
    input_errors: Family<ReasonLabel, Counter>,
    /// The inputs' own counters, copied into the two above at each scrape.
    inputs: Mutex<Vec<Arc<InputCounters>>>,
}

/// A new metric of type `M`, registered in `registry` as `name`.
fn registered<M: Metric + Clone + Default>(registry: &mut Registry, name: &str, help: &str) -> M {
    let metric = M::default();
    registry.register(name, help, metric.clone());
    metric
}

impl Default for Metrics {
    fn default() -> Self {
        let mut r = Registry::with_prefix("meter_client");
        Metrics {
            recorded: registered(
                &mut r,
                "readings_recorded",
                "Readings signed and stored in the outbox",
            ),
            sent: registered(
                &mut r,
                "readings_sent",
                "Readings put in transactions, each try counted",
            ),
            accepted: registered(
                &mut r,
                "readings_accepted",
                "Readings in transactions that landed in a block",
            ),
            refused: registered(
                &mut r,
                "refusals",
                "Transactions the meter contract refused, by its stable error code",
            ),
            set_aside: registered(
                &mut r,
                "readings_set_aside",
                "Readings refused for good and moved to rejected.jsonl",
            ),
            outbox: registered(
                &mut r,
                "outbox_readings",
                "Readings in the outbox, not yet on chain",
            ),
            last_send: registered(
                &mut r,
                "last_send_timestamp_seconds",
                "When a transaction last landed, unix seconds (0: none yet)",
            ),
            input_samples: registered(
                &mut r,
                "input_samples",
                "Good samples of a real meter's register (telegrams, frames, polls)",
            ),
            input_errors: registered(
                &mut r,
                "input_errors",
                "Samples or polls of a real meter skipped, by reason",
            ),
            inputs: Mutex::new(Vec::new()),
            registry: r,
        }
    }
}

impl Metrics {
    /// Counts a refusal under the contract's code (`None`: the refusal named no code).
    pub fn refusal(&self, code: Option<&str>) {
        let code = code.unwrap_or("unknown").to_string();
        self.refused.get_or_create(&CodeLabel { code }).inc();
    }

    /// Reports `counters` (a real meter's input) in the input metrics from now on.
    pub fn watch_input(&self, counters: Arc<InputCounters>) {
        self.inputs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(counters);
    }

    /// The exposition text (`text/plain; version=0.0.4`).
    pub fn render(&self) -> String {
        self.copy_inputs();
        let mut text = String::new();
        // Writing into a String cannot fail; an encoding error would be a bug in a metric's
        // name, which the tests would show.
        if let Err(error) = prometheus_client::encoding::text::encode(&mut text, &self.registry) {
            tracing::error!(%error, "cannot encode the metrics");
        }
        text
    }

    /// Brings the input counters up to the inputs' own, which only grow; every reason, even
    /// at zero, so that `rate()` and alerts see a series before its first error.
    fn copy_inputs(&self) {
        let inputs = self
            .inputs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let catch_up = |counter: &Counter, now: u64| {
            counter.inc_by(now.saturating_sub(counter.get()));
        };
        catch_up(
            &self.input_samples,
            inputs.iter().map(|c| c.samples()).sum(),
        );
        for reason in ErrorReason::ALL {
            let label = ReasonLabel {
                reason: reason.label(),
            };
            catch_up(
                &self.input_errors.get_or_create(&label),
                inputs.iter().map(|c| c.errors(reason)).sum(),
            );
        }
    }
}

/// Metrics switches shared by `run` and `fleet`.
#[derive(Args, Debug, Clone, Default)]
pub struct MetricsArgs {
    /// Serve Prometheus metrics on this address, `GET /metrics` (e.g. 127.0.0.1:9464)
    /// [default: no metrics]
    #[arg(long, value_name = "HOST:PORT")]
    pub metrics: Option<SocketAddr>,
    /// Let --metrics listen on an address other than loopback (the metrics carry no secret,
    /// but say how much a household uses and when it is away)
    #[arg(long)]
    pub metrics_public: bool,
}

impl MetricsArgs {
    /// The address to listen on, if any; a non-loopback address only with
    /// `--metrics-public`.
    pub fn address(&self) -> anyhow::Result<Option<SocketAddr>> {
        match self.metrics {
            Some(address) if !address.ip().is_loopback() && !self.metrics_public => bail!(
                "--metrics {address} is not a loopback address: listen on 127.0.0.1 (and let \
                 the scraper reach it through a tunnel or a local agent), or add \
                 --metrics-public to serve the network"
            ),
            other => Ok(other),
        }
    }

    /// Starts serving `metrics` when `--metrics` is given; returns the bound address.
    pub async fn start(&self, metrics: &Arc<Metrics>) -> anyhow::Result<Option<SocketAddr>> {
        match self.address()? {
            Some(address) => Ok(Some(serve(address, Arc::clone(metrics)).await?)),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests;
