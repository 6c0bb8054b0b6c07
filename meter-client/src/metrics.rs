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
use prometheus_client::registry::Registry;

use crate::inputs::InputCounters;

pub use http::serve;

/// The label of a refusal: the contract's stable error code, `unknown` when the refusal
/// carries none.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct CodeLabel {
    /// The code (`ledger_types::error_code`).
    pub code: String,
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
    input_errors: Counter,
    /// The inputs' own counters, copied into the two above at each scrape.
    inputs: Mutex<Vec<Arc<InputCounters>>>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("meter_client");
        let metrics = Metrics {
            recorded: Counter::default(),
            sent: Counter::default(),
            accepted: Counter::default(),
            refused: Family::default(),
            set_aside: Counter::default(),
            outbox: Gauge::default(),
            last_send: Gauge::default(),
            input_samples: Counter::default(),
            input_errors: Counter::default(),
            inputs: Mutex::new(Vec::new()),
            registry: Registry::default(),
        };
        registry.register(
            "readings_recorded",
            "Readings signed and stored in the outbox",
            metrics.recorded.clone(),
        );
        registry.register(
            "readings_sent",
            "Readings put in transactions, each try counted",
            metrics.sent.clone(),
        );
        registry.register(
            "readings_accepted",
            "Readings in transactions that landed in a block",
            metrics.accepted.clone(),
        );
        registry.register(
            "refusals",
            "Transactions the meter contract refused, by its stable error code",
            metrics.refused.clone(),
        );
        registry.register(
            "readings_set_aside",
            "Readings refused for good and moved to rejected.jsonl",
            metrics.set_aside.clone(),
        );
        registry.register(
            "outbox_readings",
            "Readings in the outbox, not yet on chain",
            metrics.outbox.clone(),
        );
        registry.register(
            "last_send_timestamp_seconds",
            "When a transaction last landed, unix seconds (0: none yet)",
            metrics.last_send.clone(),
        );
        registry.register(
            "input_samples",
            "Good samples of a real meter's register (telegrams, frames, polls)",
            metrics.input_samples.clone(),
        );
        registry.register(
            "input_errors",
            "Samples skipped: damaged, cut, without the register, or a register going back",
            metrics.input_errors.clone(),
        );
        Metrics {
            registry,
            ..metrics
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

    /// Brings the input counters up to the inputs' own, which only grow.
    fn copy_inputs(&self) {
        use std::sync::atomic::Ordering::Relaxed;
        let inputs = self
            .inputs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let samples: u64 = inputs.iter().map(|c| c.samples.load(Relaxed)).sum();
        let errors: u64 = inputs.iter().map(|c| c.errors.load(Relaxed)).sum();
        self.input_samples
            .inc_by(samples.saturating_sub(self.input_samples.get()));
        self.input_errors
            .inc_by(errors.saturating_sub(self.input_errors.get()));
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
