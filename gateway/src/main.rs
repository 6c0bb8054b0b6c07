//! `ledger-gateway`: reads the config and flags, unlocks the signer's key, connects to the
//! chain, serves the API.

use anyhow::Context;
use clap::Parser;
use ledger_gateway::config::{Config, Flags};
use ledger_gateway::server;
use ledger_gateway::signer::PASSPHRASE_ENV;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        // Logs go to stderr (as the README says), keeping stdout free for what a caller reads.
        .with_writer(std::io::stderr)
        .init();
    let flags = Flags::parse();
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty());
    let config = Config::resolve(flags, home.as_deref().map(std::path::Path::new))?;
    // Wiped from memory once the key is unlocked.
    let passphrase = std::env::var(PASSPHRASE_ENV)
        .ok()
        .map(zeroize::Zeroizing::new);
    let signer = server::unlock_signer(&config, passphrase.as_deref().map(String::as_str))?;
    drop(passphrase);
    let ledger = server::connect(&config)
        .await
        .context("connecting to the chain")?;
    let (state, followers) = server::state(&config, ledger, signer)?;
    server::run(&config, state, followers).await
}
