//! Starting the gateway: the chain connection through the SDK, the token secret, the event
//! indexes (the main chain's and each region's) and their follower tasks, the listener.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use ledger_client::{ChainConfig, Client, Deployment, KeyStore, Signer};
use ledger_sdk::Ledger;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::api::wallet::WalletChain;
use crate::auth::challenge::ChallengeStore;
use crate::auth::token::TokenKey;
use crate::bank_reads::SdkBankReads;
use crate::chain::SdkReads;
use crate::config::Config;
use crate::contract_reads::SdkContractReads;
use crate::finance_reads::SdkFinanceReads;
use crate::index::events::ContractNames;
use crate::index::follow::{
    BATCH_BLOCKS, BlockSource, FollowSettings, Follower, RegionSource, RpcSource,
};
use crate::ops::metrics::Metrics;
use crate::ops::rate_limit::RateLimiter;
use crate::own_tx::SdkOwnTransactions;
use crate::signer::{Actions, SdkActions};
use crate::state::{AppState, Settings, Shared};
use crate::tariff_reads::SdkTariffReads;
use crate::workbook_reads::SdkWorkbooks;

/// The ledger of `config`'s deployment, as the CLI builds it: the node and chain id from the
/// flags or file, else the deployment's; the deployment must be for that chain.
pub async fn connect(config: &Config) -> anyhow::Result<Ledger> {
    let deployment = Deployment::load(&config.deployment).with_context(|| {
        format!(
            "reading the deployment file {}",
            config.deployment.display()
        )
    })?;
    let chain_id = config.chain_id_or(Some(&deployment.chain_id));
    deployment.ensure_chain(&chain_id).with_context(|| {
        format!(
            "the deployment file {} is for chain '{}'",
            config.deployment.display(),
            deployment.chain_id
        )
    })?;
    let chain = ChainConfig {
        node: config.node_or(Some(&deployment.node)),
        chain_id,
        ..ChainConfig::localnet()
    };
    let client = Client::connect(chain).await?;
    Ok(Ledger::new(client, deployment))
}

/// The key of `config`'s `--signer`, unlocked with `passphrase` (the value of
/// [`crate::signer::PASSPHRASE_ENV`]); `None` for a read-only gateway. Called before anything
/// else, so that an operator learns of a wrong key or passphrase before the gateway serves.
pub fn unlock_signer(config: &Config, passphrase: Option<&str>) -> anyhow::Result<Option<Signer>> {
    let Some(key) = &config.signer else {
        return Ok(None);
    };
    let store = KeyStore::open(&key.keys_dir, &config.account_prefix);
    crate::signer::unlock(&store, &key.name, passphrase).map(Some)
}

/// A regional sub-chain's follower, with the region's name.
pub type RegionFollower = (String, Follower<RegionSource>);

/// The event indexes' followers, not yet started: the main chain's and each regional
/// sub-chain's.
pub struct Followers {
    /// The main chain's.
    pub main: Follower<RpcSource>,
    /// Each region's, by name.
    pub regions: Vec<RegionFollower>,
}

/// The indexes of the regional sub-chains of `ledger`'s deployment, each with its follower.
fn region_indexes(
    config: &Config,
    ledger: &Ledger,
    metrics: &Metrics,
) -> anyhow::Result<(BTreeMap<String, crate::index::Index>, Vec<RegionFollower>)> {
    let mut indexes = BTreeMap::new();
    let mut followers = Vec::new();
    for region in &ledger.deployment()?.regions {
        let dir = crate::index::region_dir(&config.data_dir, &region.region)?;
        let (writer, index) = crate::index::open(&dir, &region.chain_id)?;
        let mut names = ContractNames::of_region(region);
        names.learn(writer.contracts()?);
        let node = ChainConfig {
            node: region.node.clone(),
            chain_id: region.chain_id.clone(),
            ..ledger.client.config().clone()
        };
        let follower = Follower {
            source: RegionSource::new(node),
            store: writer,
            names,
            status: index.status.clone(),
            metrics: metrics.region_index(&region.region),
            settings: FollowSettings {
                // A region's chain starts with the region: its index starts at its first
                // block.
                from_height: 1,
                poll: config.index_poll,
                batch: BATCH_BLOCKS,
            },
            history_checked: false,
        };
        indexes.insert(region.region.clone(), index);
        followers.push((region.region.clone(), follower));
    }
    Ok((indexes, followers))
}

/// The shared state of a gateway reading through `ledger` and signing with `signer` when
/// given, and the event indexes' followers (not yet started).
pub fn state(
    config: &Config,
    ledger: Ledger,
    signer: Option<Signer>,
) -> anyhow::Result<(AppState, Followers)> {
    let tokens = TokenKey::load_or_create(&config.data_dir)?;
    let actions = match signer {
        Some(signer) => {
            let actions = SdkActions::new(ledger.clone(), signer);
            tracing::info!(
                signer = %crate::signer::LedgerActions::address(&actions),
                operators = config.operators.len(),
                "actions are signed by the gateway's key"
            );
            Actions::signing(Arc::new(actions), &config.operators)
        }
        None => {
            tracing::info!("no --signer: the gateway is read-only");
            Actions::read_only()
        }
    };
    let ledger_chain_id = ledger.client.config().chain_id.clone();
    let wallet_chain = config
        .wallet
        .as_ref()
        .map(|endpoints| WalletChain::new(ledger.client.config(), endpoints));
    let mut names = ContractNames::of(ledger.deployment()?);
    let (writer, index) = crate::index::open(&config.data_dir, &ledger.client.config().chain_id)?;
    names.learn(writer.contracts()?);
    let metrics = Metrics::default();
    let (regions, regional) = region_indexes(config, &ledger, &metrics)?;
    let follower = Follower {
        source: RpcSource::new(ledger.client.clone()),
        store: writer,
        names,
        status: index.status.clone(),
        metrics: metrics.index.clone(),
        settings: FollowSettings {
            from_height: config.index_from_height,
            poll: config.index_poll,
            batch: BATCH_BLOCKS,
        },
        history_checked: false,
    };
    let state = AppState(Arc::new(Shared {
        bank: Arc::new(SdkBankReads::new(ledger.clone())),
        own: Arc::new(SdkOwnTransactions::new(ledger.clone())),
        tariffs: Arc::new(SdkTariffReads::new(ledger.clone())),
        workbooks: Arc::new(SdkWorkbooks::new(ledger.clone())),
        finance: Arc::new(SdkFinanceReads::new(ledger.clone())),
        contracts: Arc::new(SdkContractReads::new(ledger.clone())),
        actions,
        reads: Arc::new(SdkReads::new(ledger)),
        tokens,
        challenges: ChallengeStore::new(config.challenge_ttl, config.max_challenges),
        auth_limiter: RateLimiter::new(config.auth_burst, config.auth_per_minute),
        index,
        regions,
        metrics,
        settings: Settings {
            account_prefix: config.account_prefix.clone(),
            chain_id: ledger_chain_id,
            session_ttl: config.session_ttl,
            wallet_chain,
        },
    }));
    Ok((
        state,
        Followers {
            main: follower,
            regions: regional,
        },
    ))
}

/// Starts `follower` on the runtime, stopping at `stop`; logs where it writes.
fn start_following<S: BlockSource>(
    chain: &str,
    follower: Follower<S>,
    stop: watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tracing::info!(
        chain,
        file = %follower.store.path().display(),
        indexed = follower.status.indexed(),
        "event index following the chain"
    );
    tokio::spawn(follower.run(stop))
}

/// Serves `state` on `config.listen` and runs the indexes' `followers` beside it until
/// Ctrl-C; then lets each follower finish the batch it is committing.
pub async fn run(config: &Config, state: AppState, followers: Followers) -> anyhow::Result<()> {
    let listener = TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("listening on {}", config.listen))?;
    tracing::info!(address = %listener.local_addr()?, "gateway listening");
    let (stop, stopped) = watch::channel(false);
    let status = followers.main.status.clone();
    let mut following = vec![start_following("main", followers.main, stopped.clone())];
    for (region, follower) in followers.regions {
        following.push(start_following(&region, follower, stopped.clone()));
    }
    let app = crate::app::router(state).into_make_service_with_connect_info::<SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            if let Err(e) = tokio::signal::ctrl_c().await {
                tracing::warn!(error = %e, "cannot wait for Ctrl-C; stopping");
            }
            // Open live streams end now; the graceful shutdown waits for open requests.
            status.close();
        })
        .await
        .context("serving HTTP");
    // The follower ends at its next pause; a receiver already gone has ended anyway.
    let _ = stop.send(true);
    for task in following {
        if let Err(e) = task.await {
            tracing::warn!(error = %e, "an index's follower task failed");
        }
    }
    served
}
