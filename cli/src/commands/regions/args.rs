//! The `ledger region` command line: subcommands and their flags.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::args::Limit;

/// `ledger region ...`
#[derive(Subcommand, Debug)]
pub enum RegionCmd {
    /// Add a regional sub-chain: the router on the main chain (the first time), the region's
    /// registry, tariff contract and endpoint on the sub-chain, registered with the router.
    /// The global --node and --chain-id name the sub-chain here; the main chain is the
    /// deployment file's
    Deploy(DeployRegionArgs),
    /// The regions of the deployment file with the router's view of each: connection,
    /// endpoint port, channel
    List,
    /// One region: the router's record, and the endpoint's channel and settings on the
    /// sub-chain
    Show {
        /// The region's name (see `ledger region list`)
        name: String,
    },
    /// The meters the router sends to a region and how far each registration has come
    Routes {
        /// The region's name
        name: String,
        #[command(flatten)]
        limit: Limit,
    },
    /// Where the router sends one meter, and its meter contract once the region created it
    Route {
        /// The meter's id
        meter: String,
    },
    /// Packets not yet applied by the other chain: the router's, or a region endpoint's
    Outbox {
        /// Show this region's endpoint's outbox instead of the router's
        #[arg(long, value_name = "NAME")]
        region: Option<String>,
        #[command(flatten)]
        limit: Limit,
    },
    /// The bills a region sent to the main chain, with their confirmation and payment status
    Bills {
        /// The region's name
        name: String,
        #[command(flatten)]
        limit: Limit,
    },
    /// The digests of a region's bills the main chain confirmed for one period
    Confirmations {
        /// The region's name
        name: String,
        /// The billing period
        period: u32,
        #[command(flatten)]
        limit: Limit,
    },
    /// Send a stuck, unsent or refused packet again: the router's, or with --region the
    /// region endpoint's (the registry's administrator, or the endpoint's)
    Retry {
        /// The packet's id (see `ledger region outbox`)
        id: u64,
        /// Retry this region's endpoint's packet instead of the router's
        #[arg(long, value_name = "NAME")]
        region: Option<String>,
    },
}

/// `ledger region deploy`
#[derive(Args, Debug)]
pub struct DeployRegionArgs {
    /// The region's name in the router: 1 to 32 of a-z, 0-9 and '-' (e.g. region-1)
    pub name: String,
    /// The IBC connection on the main chain to the sub-chain (the router's end)
    #[arg(long, value_name = "CONNECTION")]
    pub main_connection: String,
    /// The IBC connection on the sub-chain to the main chain (the endpoint's end)
    #[arg(long, value_name = "CONNECTION")]
    pub region_connection: String,
    /// Directory holding admin.wasm, meter.wasm, tariff.wasm, region_endpoint.wasm and, if
    /// the main chain has no router yet, router.wasm (`make wasm` builds them)
    #[arg(long, default_value = "artifacts", value_name = "DIR")]
    pub artifacts: PathBuf,
    /// How long a packet waits for the relayer before it times out, seconds
    #[arg(long, default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_seconds: u64,
    /// How many times a timed-out packet is sent before it is left stuck for `region retry`
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_attempts: u32,
    /// Prefix of the contracts' on-chain labels (<label>-<region>-endpoint, ...)
    #[arg(long, default_value = "ledger")]
    pub label: String,
}
