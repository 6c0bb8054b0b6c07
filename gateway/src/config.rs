//! The gateway's settings: a TOML file, overridden by flags, with the localnet's defaults.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Parser;
use ledger_client::config::{LOCALNET_CHAIN_ID, LOCALNET_NODE};
use serde::Deserialize;

/// Default listen address: loopback only.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";

/// Command-line flags; each overrides the config file's setting of the same name.
#[derive(Parser, Clone, Debug, Default)]
#[command(
    name = "ledger-gateway",
    version,
    about = "REST gateway of the obligation ledger"
)]
pub struct Flags {
    /// TOML config file
    #[arg(long, short, env = "LEDGER_GATEWAY_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// CometBFT RPC address of a node [default: the deployment file's]
    #[arg(long, env = "LEDGER_NODE", value_name = "URL")]
    pub node: Option<String>,
    /// Chain id the node must serve [default: the deployment file's]
    #[arg(long, env = "LEDGER_CHAIN_ID", value_name = "ID")]
    pub chain_id: Option<String>,
    /// Deployment file written by `ledger deploy` [default: ~/.ledger/deployment.json]
    #[arg(long, env = "LEDGER_DEPLOYMENT", value_name = "FILE")]
    pub deployment: Option<PathBuf>,
    /// Directory of the gateway's own files (the token secret) [default: ~/.ledger/gateway]
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Key of the ledger's key store that signs the organisation's actions; its passphrase
    /// comes from LEDGER_GATEWAY_PASSPHRASE [default: none, the gateway is read-only]
    #[arg(long, value_name = "NAME")]
    pub signer: Option<String>,
    /// Directory of the key store [default: ~/.ledger/keys]
    #[arg(long, value_name = "DIR")]
    pub keys_dir: Option<PathBuf>,
}

/// The config file; every field optional.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// Address to listen on.
    pub listen: Option<SocketAddr>,
    /// CometBFT RPC address.
    pub node: Option<String>,
    /// Chain id.
    pub chain_id: Option<String>,
    /// Deployment file.
    pub deployment: Option<PathBuf>,
    /// Data directory.
    pub data_dir: Option<PathBuf>,
    /// Bech32 prefix of account addresses (`wasm`).
    pub account_prefix: Option<String>,
    /// Session lifetime, seconds (3600).
    pub session_ttl_secs: Option<u64>,
    /// Challenge lifetime, seconds (300).
    pub challenge_ttl_secs: Option<u64>,
    /// How many challenges may be pending at once (10000).
    pub max_challenges: Option<usize>,
    /// Sign-in requests one client address may make at once (10).
    pub auth_burst: Option<u32>,
    /// Sign-in requests one client address may make per minute, sustained (30).
    pub auth_per_minute: Option<u32>,
    /// The first block an empty event index reads (1; the deployment file records no
    /// height of its own).
    pub index_from_height: Option<u64>,
    /// How often the event index asks the node for new blocks, milliseconds (1000).
    pub index_poll_ms: Option<u64>,
    /// Key that signs the organisation's actions.
    pub signer: Option<String>,
    /// Directory of the key store.
    pub keys_dir: Option<PathBuf>,
    /// Addresses that may have the gateway sign (beside the signer's own).
    pub operators: Option<Vec<String>>,
    /// The node's RPC address as browsers reach it, offered to wallets with `wallet_rest`.
    pub wallet_rpc: Option<String>,
    /// The node's REST (LCD) address as browsers reach it.
    pub wallet_rest: Option<String>,
}

/// The settings the gateway runs with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Node address; `None`: the deployment file's.
    pub node: Option<String>,
    /// Chain id; `None`: the deployment file's.
    pub chain_id: Option<String>,
    /// Deployment file.
    pub deployment: PathBuf,
    /// Data directory.
    pub data_dir: PathBuf,
    /// Bech32 prefix.
    pub account_prefix: String,
    /// Session lifetime.
    pub session_ttl: Duration,
    /// Challenge lifetime.
    pub challenge_ttl: Duration,
    /// Pending challenges at most.
    pub max_challenges: usize,
    /// Sign-in burst per client address.
    pub auth_burst: u32,
    /// Sign-in rate per client address, per minute.
    pub auth_per_minute: u32,
    /// The first block an empty event index reads.
    pub index_from_height: u64,
    /// The event index's poll interval.
    pub index_poll: Duration,
    /// The key that signs actions; `None`: read-only.
    pub signer: Option<SignerKey>,
    /// Addresses that may have the gateway sign, validated.
    pub operators: Vec<String>,
    /// Where browsers' wallets reach the chain; `None`: the page offers wallets no chain
    /// settings.
    pub wallet: Option<WalletEndpoints>,
}

/// The chain's public addresses a browser wallet is given with the chain's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalletEndpoints {
    /// CometBFT RPC.
    pub rpc: String,
    /// REST (LCD).
    pub rest: String,
}

/// Where the signer's key is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignerKey {
    /// Its name in the key store.
    pub name: String,
    /// The key store's directory.
    pub keys_dir: PathBuf,
}

impl Config {
    /// The settings from `flags`, the config file they name, and the defaults; `home` is
    /// the user's home directory for the defaults under `~/.ledger`.
    pub fn resolve(flags: Flags, home: Option<&Path>) -> anyhow::Result<Config> {
        let file = match &flags.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading the config file {}", path.display()))?;
                toml::from_str::<FileConfig>(&text)
                    .with_context(|| format!("reading the config file {}", path.display()))?
            }
            None => FileConfig::default(),
        };
        let ledger_home = || -> anyhow::Result<PathBuf> {
            match home {
                Some(h) => Ok(h.join(".ledger")),
                None => bail!("HOME is not set: give --deployment and --data-dir"),
            }
        };
        let deployment = match flags.deployment.or(file.deployment) {
            Some(p) => p,
            None => ledger_home()?.join(ledger_client::DEFAULT_DEPLOYMENT_FILE),
        };
        let data_dir = match flags.data_dir.or(file.data_dir) {
            Some(p) => p,
            None => ledger_home()?.join("gateway"),
        };
        let account_prefix = file.account_prefix.unwrap_or_else(|| "wasm".to_string());
        let signer = match flags.signer.or(file.signer) {
            Some(name) => Some(SignerKey {
                name,
                keys_dir: match flags.keys_dir.or(file.keys_dir) {
                    Some(dir) => dir,
                    None => ledger_home()?.join("keys"),
                },
            }),
            None => None,
        };
        let operators = file.operators.unwrap_or_default();
        for operator in &operators {
            let prefix = format!("{account_prefix}1");
            if !operator.starts_with(&prefix) || ledger_client::msgs::account_id(operator).is_err()
            {
                bail!("operators: '{operator}' is not an address of this chain ({prefix}...)");
            }
        }
        let wallet = match (file.wallet_rpc, file.wallet_rest) {
            (Some(rpc), Some(rest)) => {
                for (key, url) in [("wallet_rpc", &rpc), ("wallet_rest", &rest)] {
                    if !(url.starts_with("http://") || url.starts_with("https://")) {
                        bail!("{key}: '{url}' is not an http:// or https:// address");
                    }
                }
                Some(WalletEndpoints { rpc, rest })
            }
            (None, None) => None,
            _ => bail!("wallet_rpc and wallet_rest go together: give both or neither"),
        };
        let default_listen: SocketAddr = DEFAULT_LISTEN
            .parse()
            .context("the default listen address")?;
        Ok(Config {
            listen: flags.listen.or(file.listen).unwrap_or(default_listen),
            node: flags.node.or(file.node),
            chain_id: flags.chain_id.or(file.chain_id),
            deployment,
            data_dir,
            account_prefix,
            session_ttl: Duration::from_secs(file.session_ttl_secs.unwrap_or(3600)),
            challenge_ttl: Duration::from_secs(file.challenge_ttl_secs.unwrap_or(300)),
            max_challenges: file.max_challenges.unwrap_or(10_000),
            auth_burst: file.auth_burst.unwrap_or(10),
            auth_per_minute: file.auth_per_minute.unwrap_or(30),
            index_from_height: file.index_from_height.unwrap_or(1).max(1),
            index_poll: Duration::from_millis(file.index_poll_ms.unwrap_or(1000).max(100)),
            signer,
            operators,
            wallet,
        })
    }

    /// The node to use: the flag or file's, else the deployment's, else the localnet's.
    pub fn node_or(&self, deployment_node: Option<&str>) -> String {
        self.node
            .clone()
            .or_else(|| deployment_node.map(str::to_string))
            .unwrap_or_else(|| LOCALNET_NODE.to_string())
    }

    /// The chain id to use, in the same order as [`Config::node_or`].
    pub fn chain_id_or(&self, deployment_chain: Option<&str>) -> String {
        self.chain_id
            .clone()
            .or_else(|| deployment_chain.map(str::to_string))
            .unwrap_or_else(|| LOCALNET_CHAIN_ID.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_loopback_and_under_the_ledger_home() {
        let config = Config::resolve(Flags::default(), Some(Path::new("/home/u"))).unwrap();
        assert_eq!(config.listen.to_string(), DEFAULT_LISTEN);
        assert_eq!(
            config.deployment,
            Path::new("/home/u/.ledger/deployment.json")
        );
        assert_eq!(config.data_dir, Path::new("/home/u/.ledger/gateway"));
        assert_eq!(config.account_prefix, "wasm");
        assert_eq!(config.node_or(Some("http://n:26657")), "http://n:26657");
        assert_eq!(config.index_from_height, 1);
        assert_eq!(config.index_poll, Duration::from_secs(1));
    }

    #[test]
    fn flags_override_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gateway.toml");
        std::fs::write(
            &path,
            "listen = \"127.0.0.1:9000\"\nnode = \"http://file:26657\"\naccount_prefix = \"cosmos\"\nsession_ttl_secs = 60\nindex_from_height = 120\nindex_poll_ms = 500\n",
        )
        .unwrap();
        let flags = Flags {
            config: Some(path.clone()),
            node: Some("http://flag:26657".to_string()),
            ..Flags::default()
        };
        let config = Config::resolve(flags, Some(Path::new("/h"))).unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:9000");
        assert_eq!(config.node_or(None), "http://flag:26657");
        assert_eq!(config.account_prefix, "cosmos");
        assert_eq!(config.session_ttl, Duration::from_secs(60));
        assert_eq!(config.index_from_height, 120);
        assert_eq!(config.index_poll, Duration::from_millis(500));

        std::fs::write(&path, "lisen = \"x\"\n").unwrap();
        let flags = Flags {
            config: Some(path),
            ..Flags::default()
        };
        let refused = Config::resolve(flags, Some(Path::new("/h"))).unwrap_err();
        assert!(format!("{refused:#}").contains("lisen"), "{refused:#}");
    }

    #[test]
    fn wallet_addresses_come_together_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gateway.toml");
        let resolve = |text: &str| {
            std::fs::write(&path, text).unwrap();
            let flags = Flags {
                config: Some(path.clone()),
                ..Flags::default()
            };
            Config::resolve(flags, Some(Path::new("/h")))
        };
        let config = resolve(
            "wallet_rpc = \"https://rpc.example\"\nwallet_rest = \"https://rest.example\"\n",
        )
        .unwrap();
        assert_eq!(
            config.wallet,
            Some(WalletEndpoints {
                rpc: "https://rpc.example".to_string(),
                rest: "https://rest.example".to_string(),
            })
        );
        assert_eq!(resolve("").unwrap().wallet, None);
        let alone = resolve("wallet_rpc = \"https://rpc.example\"\n").unwrap_err();
        assert!(format!("{alone:#}").contains("go together"), "{alone:#}");
        let odd =
            resolve("wallet_rpc = \"rpc.example\"\nwallet_rest = \"https://rest\"\n").unwrap_err();
        assert!(format!("{odd:#}").contains("wallet_rpc"), "{odd:#}");
    }

    #[test]
    fn the_signer_and_operators_come_from_flags_and_file() {
        let config = Config::resolve(Flags::default(), Some(Path::new("/h"))).unwrap();
        assert_eq!(config.signer, None);
        assert!(config.operators.is_empty());

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gateway.toml");
        let operator = "wasm1m9l358xunhhwds0568za49mzhvuxx9uxf9974x";
        std::fs::write(
            &path,
            format!("signer = \"retail\"\noperators = [\"{operator}\"]\n"),
        )
        .unwrap();
        let flags = Flags {
            config: Some(path.clone()),
            ..Flags::default()
        };
        let config = Config::resolve(flags, Some(Path::new("/h"))).unwrap();
        assert_eq!(
            config.signer,
            Some(SignerKey {
                name: "retail".to_string(),
                keys_dir: PathBuf::from("/h/.ledger/keys"),
            })
        );
        assert_eq!(config.operators, [operator]);

        let flags = Flags {
            config: Some(path.clone()),
            signer: Some("bank".to_string()),
            keys_dir: Some(PathBuf::from("/srv/keys")),
            ..Flags::default()
        };
        let config = Config::resolve(flags, Some(Path::new("/h"))).unwrap();
        assert_eq!(
            config.signer,
            Some(SignerKey {
                name: "bank".to_string(),
                keys_dir: PathBuf::from("/srv/keys"),
            })
        );
    }

    #[test]
    fn an_operator_that_is_not_an_address_of_this_chain_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gateway.toml");
        for bad in ["bank", "cosmos1m9l358xunhhwds0568za49mzhvuxx9uxre5tud"] {
            std::fs::write(&path, format!("operators = [\"{bad}\"]\n")).unwrap();
            let flags = Flags {
                config: Some(path.clone()),
                ..Flags::default()
            };
            let refused = Config::resolve(flags, Some(Path::new("/h"))).unwrap_err();
            assert!(format!("{refused:#}").contains(bad), "{refused:#}");
        }
    }
}
