//! The global flags and what commands build from them: the chain settings, the key store,
//! the deployment file, a signed-transaction sender.

use std::path::PathBuf;

use anyhow::{Context, anyhow, bail};
use clap::Args;
use ledger_client::config::{LOCALNET_CHAIN_ID, LOCALNET_NODE};
use ledger_client::{
    ChainConfig, Client, DEFAULT_DEPLOYMENT_FILE, Decimal, Deployment, KeyError, KeyStore, Signer,
    msgs,
};
pub use ledger_sdk::Sender;
use ledger_sdk::{FixedFee, Ledger};

use crate::render::Output;
use crate::secrets::{self, PASSPHRASE_ENV};
use crate::units::{Fees, GasPrice, GasSetting};

/// Bech32 prefix of the chain's account addresses.
pub const ACCOUNT_PREFIX: &str = "wasm";

/// Flags every command accepts, in the spirit of `wasmd`'s.
#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// CometBFT RPC address of a node [default: the deployment file's, else
    /// http://127.0.0.1:26657]
    #[arg(long, global = true, env = "LEDGER_NODE", value_name = "URL")]
    pub node: Option<String>,

    /// Chain id the node must serve [default: the deployment file's, else ledger-localnet-1]
    #[arg(long, global = true, env = "LEDGER_CHAIN_ID", value_name = "ID")]
    pub chain_id: Option<String>,

    /// Directory of the key store (`keys/`) and the default deployment file [default: ~/.ledger]
    #[arg(long, global = true, env = "LEDGER_HOME", value_name = "DIR")]
    pub home: Option<PathBuf>,

    /// Deployment file written by `ledger deploy` [default: <home>/deployment.json]
    #[arg(long, global = true, env = "LEDGER_DEPLOYMENT", value_name = "FILE")]
    pub deployment: Option<PathBuf>,

    /// Output format
    #[arg(short, long, global = true, value_enum, default_value_t = Output::Table)]
    pub output: Output,
}

/// Flags of the commands that send transactions (as `wasmd tx` has them; queries use
/// `--from`/`--to` for times instead).
#[derive(Args, Clone, Debug)]
#[command(next_help_heading = "Transaction options")]
pub struct TxArgs {
    /// Name of the key that signs the transaction (see `ledger keys list`)
    #[arg(long, global = true, env = "LEDGER_FROM", value_name = "KEY")]
    pub from: Option<String>,

    /// Gas limit: `auto` simulates the transaction and multiplies the gas it used by
    /// --gas-adjustment, or a fixed number
    #[arg(long, global = true, default_value = "auto", value_name = "auto|N")]
    pub gas: GasSetting,

    /// Factor applied to simulated gas with --gas auto
    #[arg(long, global = true, default_value = "1.4", value_name = "FACTOR")]
    pub gas_adjustment: Decimal,

    /// Price per unit of gas; the fee is ceil(gas limit × price)
    #[arg(
        long,
        global = true,
        default_value = "0.025stake",
        value_name = "PRICE"
    )]
    pub gas_prices: GasPrice,

    /// A fixed fee instead of one computed from --gas-prices, e.g. 5000stake
    #[arg(long, global = true, value_name = "AMOUNT")]
    pub fees: Option<Fees>,

    /// Seconds to wait for a sent transaction to be in a block before giving up on it (it may
    /// still land: the error names its hash)
    #[arg(
        long,
        global = true,
        env = "LEDGER_TX_TIMEOUT",
        default_value_t = 60,
        value_name = "SECONDS"
    )]
    pub tx_timeout: u64,
}

impl Default for TxArgs {
    /// The same defaults as the flags'.
    fn default() -> Self {
        let config = ChainConfig::localnet();
        TxArgs {
            from: None,
            gas: GasSetting::Auto,
            gas_adjustment: config.gas_adjustment,
            gas_prices: GasPrice {
                amount: config.gas_price,
                denom: config.denom,
            },
            fees: None,
            tx_timeout: config.tx_timeout.as_secs(),
        }
    }
}

/// What commands run with: the parsed global flags.
#[derive(Clone, Debug)]
pub struct App {
    /// The global flags.
    pub args: GlobalArgs,
    /// The transaction flags (their defaults for commands that send none).
    pub tx: TxArgs,
}

impl App {
    /// The requested output format.
    pub fn output(&self) -> Output {
        self.args.output
    }

    /// `--home`, or `~/.ledger`.
    pub fn home(&self) -> anyhow::Result<PathBuf> {
        if let Some(home) = &self.args.home {
            return Ok(home.clone());
        }
        let user_home = std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .ok_or_else(|| anyhow!("HOME is not set: pass --home <dir>"))?;
        Ok(PathBuf::from(user_home).join(".ledger"))
    }

    /// The encrypted key store in `<home>/keys`.
    pub fn key_store(&self) -> anyhow::Result<KeyStore> {
        Ok(KeyStore::open(self.home()?.join("keys"), ACCOUNT_PREFIX))
    }

    /// `--deployment`, or `<home>/deployment.json`.
    pub fn deployment_path(&self) -> anyhow::Result<PathBuf> {
        match &self.args.deployment {
            Some(path) => Ok(path.clone()),
            None => Ok(self.home()?.join(DEFAULT_DEPLOYMENT_FILE)),
        }
    }

    /// Reads the deployment file.
    pub fn load_deployment(&self) -> anyhow::Result<Deployment> {
        Ok(Deployment::load(self.deployment_path()?)?)
    }

    /// Chain settings: flags first, then the deployment file, then the localnet's.
    pub fn chain_config(&self, deployment: Option<&Deployment>) -> anyhow::Result<ChainConfig> {
        let node = self
            .args
            .node
            .clone()
            .or_else(|| deployment.map(|d| d.node.clone()))
            .unwrap_or_else(|| LOCALNET_NODE.to_string());
        let chain_id = self
            .args
            .chain_id
            .clone()
            .or_else(|| deployment.map(|d| d.chain_id.clone()))
            .unwrap_or_else(|| LOCALNET_CHAIN_ID.to_string());
        if let Some(d) = deployment {
            d.ensure_chain(&chain_id).with_context(|| {
                format!(
                    "the deployment file {} is for chain '{}'",
                    self.deployment_path()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    d.chain_id
                )
            })?;
        }
        Ok(self.config_for(node, chain_id))
    }

    /// The settings of the chain at `node` serving `chain_id`, with the fee flags.
    pub fn config_for(&self, node: String, chain_id: String) -> ChainConfig {
        ChainConfig {
            node,
            chain_id,
            denom: self.tx.gas_prices.denom.clone(),
            gas_price: self.tx.gas_prices.amount,
            gas_adjustment: self.tx.gas_adjustment,
            tx_timeout: std::time::Duration::from_secs(self.tx.tx_timeout.max(1)),
            ..ChainConfig::localnet()
        }
    }

    /// Connects to the node (and checks its chain id).
    pub async fn connect(&self, deployment: Option<&Deployment>) -> anyhow::Result<Client> {
        Ok(Client::connect(self.chain_config(deployment)?).await?)
    }

    /// The deployment and a connection to its chain, for queries.
    pub async fn ledger(&self) -> anyhow::Result<Ledger> {
        let deployment = self.load_deployment()?;
        let client = self.connect(Some(&deployment)).await?;
        Ok(Ledger::new(client, deployment))
    }

    /// The deployment, a connection and the `--from` key, for transactions.
    pub async fn ledger_and_sender(&self) -> anyhow::Result<(Ledger, Sender)> {
        let name = self.require_from()?;
        let deployment = self.load_deployment()?;
        let client = self.connect(Some(&deployment)).await?;
        let signer = self.signer(&name)?;
        let sender = self.sender(client.clone(), signer);
        Ok((Ledger::new(client, deployment), sender))
    }

    /// Connects, loads the `--from` key and runs `call` with the ledger and its sender: one
    /// transaction of an SDK method, after the command's own arguments were checked.
    pub async fn transact<T>(
        &self,
        call: impl AsyncFnOnce(&Ledger, &Sender) -> ledger_sdk::Result<T>,
    ) -> anyhow::Result<T> {
        let (ledger, sender) = self.ledger_and_sender().await?;
        Ok(call(&ledger, &sender).await?)
    }

    /// The ledger of the chain that holds `meter_id`'s meter contract, and that contract: the
    /// main chain's for a meter of the main chain, the region's for a regional meter (found
    /// through the router). A meter whose region has not acknowledged it yet, or refused it,
    /// gives the SDK's `MeterPending` / `MeterRefused` error, which says what to do.
    pub async fn meter_chain(&self, ledger: &Ledger, meter_id: &str) -> anyhow::Result<MeterChain> {
        let location = ledger.locate_meter(meter_id).await?;
        let ledger = match &location.region {
            Some(region) => ledger.in_region(region).await?,
            None => ledger.clone(),
        };
        Ok(MeterChain {
            ledger,
            region: location.region,
            contract: location.contract,
        })
    }

    /// The ledger of the regional sub-chain `region` and `sender`'s key signing there (the
    /// same key exists on every chain of the deployment).
    pub async fn on_region(
        &self,
        ledger: &Ledger,
        sender: &Sender,
        region: &str,
    ) -> anyhow::Result<(Ledger, Sender)> {
        let regional = ledger.in_region(region).await?;
        let sender = sender.on(regional.client.clone());
        Ok((regional, sender))
    }

    /// The ledger and the `--from` sender of the main chain, or with `region` of that
    /// regional sub-chain.
    pub async fn ledger_and_sender_in(
        &self,
        region: Option<&str>,
    ) -> anyhow::Result<(Ledger, Sender)> {
        let (ledger, sender) = self.ledger_and_sender().await?;
        match region {
            Some(region) => self.on_region(&ledger, &sender, region).await,
            None => Ok((ledger, sender)),
        }
    }

    /// The ledger of the main chain, or with `region` of that regional sub-chain.
    pub async fn ledger_in(&self, region: Option<&str>) -> anyhow::Result<Ledger> {
        let ledger = self.ledger().await?;
        match region {
            Some(region) => Ok(ledger.in_region(region).await?),
            None => Ok(ledger),
        }
    }

    /// A sender of transactions signed by `signer` with the fee flags.
    pub fn sender(&self, client: Client, signer: Signer) -> Sender {
        Sender::new(client, signer)
            .with_gas(self.tx.gas.into())
            .with_fee(self.tx.fees.clone().map(|f| FixedFee {
                amount: f.amount,
                denom: f.denom,
            }))
    }

    /// The `--from` key name, or an error saying to give one.
    pub fn require_from(&self) -> anyhow::Result<String> {
        let name = self.tx.from.clone().ok_or_else(|| {
            anyhow!(
                "this command sends a transaction: say which key signs it with --from <key name> \
                 (see `ledger keys list`)"
            )
        })?;
        // Fails early, before any prompt, when the key does not exist.
        self.key_info(&name)?;
        Ok(name)
    }

    /// An address given on the command line: a bech32 address as is, or the name of a key in
    /// the key store, replaced by its address.
    pub fn address(&self, given: &str) -> anyhow::Result<String> {
        if given.starts_with(&format!("{ACCOUNT_PREFIX}1")) {
            msgs::account_id(given)?;
            return Ok(given.to_string());
        }
        match self.key_store()?.info(given) {
            Ok(info) => Ok(info.address),
            Err(KeyError::NotFound { .. } | KeyError::InvalidName { .. }) => bail!(
                "'{given}' is neither an address ({ACCOUNT_PREFIX}1...) nor the name of a key in \
                 the key store"
            ),
            Err(e) => Err(e.into()),
        }
    }

    /// A stored key's public information, with a hint when it is missing.
    pub fn key_info(&self, name: &str) -> anyhow::Result<ledger_client::KeyInfo> {
        let store = self.key_store()?;
        store.info(name).map_err(|e| unknown_key_hint(e, name))
    }

    /// Decrypts the key `name`, asking for its passphrase unless `LEDGER_PASSPHRASE` is set.
    pub fn signer(&self, name: &str) -> anyhow::Result<Signer> {
        let store = self.key_store()?;
        store.info(name).map_err(|e| unknown_key_hint(e, name))?;
        let passphrase =
            secrets::passphrase(PASSPHRASE_ENV, &format!("Passphrase for key '{name}': "))?;
        store
            .load(name, &passphrase)
            .map_err(|e| unknown_key_hint(e, name))
    }
}

/// Where a meter's contract lives: the chain's ledger, the region (`None`: the main chain)
/// and the contract's address there.
#[derive(Clone, Debug)]
pub struct MeterChain {
    /// The ledger of the chain holding the meter contract.
    pub ledger: Ledger,
    /// The regional sub-chain, `None` for the main chain.
    pub region: Option<String>,
    /// The meter contract's address on that chain.
    pub contract: String,
}

impl MeterChain {
    /// `sender`'s key signing on this meter's chain.
    pub fn sender(&self, sender: &Sender) -> Sender {
        match self.region {
            Some(_) => sender.on(self.ledger.client.clone()),
            None => sender.clone(),
        }
    }
}

/// Rewrites "no such key" with the commands of this CLI that add one.
fn unknown_key_hint(error: KeyError, name: &str) -> anyhow::Error {
    match error {
        KeyError::NotFound { dir, .. } => anyhow!(
            "no key named '{name}' in {}: add it with `ledger keys add {name} --recover` \
             (BIP-39 mnemonic) or `ledger keys import-hex {name}`, or check --home and \
             `ledger keys list`",
            dir.display()
        ),
        other => other.into(),
    }
}

/// The latest block's time in unix seconds.
pub async fn chain_now(client: &Client) -> anyhow::Result<u64> {
    let (_, time) = client.latest_height_and_time().await?;
    let secs = time.unix_timestamp();
    if secs < 0 {
        bail!("the node reports a block time before 1970");
    }
    Ok(secs as u64)
}
