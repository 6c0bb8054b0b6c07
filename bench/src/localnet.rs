//! The local chains: the four-validator localnet the user started with `make localnet`, and a
//! one-validator chain the benchmark starts itself with the same scripts (`LOCALNET_NODES=1`,
//! its own data folder and chain id). Both use node 0's ports, so only one runs at a time.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use ledger_client::{ChainConfig, Client, Signer};

/// Chain id of the one-validator chain.
pub const SINGLE_CHAIN_ID: &str = "ledger-single-1";
/// Data folder of the one-validator chain, under `localnet/` (git-ignored as `data-*`).
pub const SINGLE_DATA: &str = "data-single";

/// Which chain a step talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Net {
    /// The four-validator localnet (`make localnet`).
    Four,
    /// The benchmark's own one-validator chain.
    Single,
}

impl Net {
    /// How many validators.
    pub fn validators(self) -> usize {
        match self {
            Net::Four => 4,
            Net::Single => 1,
        }
    }

    /// Short name used in JSON keys.
    pub fn key(self) -> &'static str {
        match self {
            Net::Four => "4val",
            Net::Single => "1val",
        }
    }

    /// The chain's id: the localnet's follows `LOCALNET_CHAIN_ID`, as `localnet/env.sh` does.
    pub fn chain_id(self) -> String {
        match self {
            Net::Four => std::env::var("LOCALNET_CHAIN_ID")
                .ok()
                .filter(|id| !id.is_empty())
                .unwrap_or_else(|| ledger_client::config::LOCALNET_CHAIN_ID.to_string()),
            Net::Single => SINGLE_CHAIN_ID.to_string(),
        }
    }

    /// CometBFT RPC of validator `i` (both chains on the localnet's ports).
    pub fn rpc(self, i: usize) -> String {
        format!("http://127.0.0.1:{}", rpc_port(i))
    }

    /// Client settings for validator `i`.
    pub fn config(self, i: usize) -> ChainConfig {
        ChainConfig {
            node: self.rpc(i),
            chain_id: self.chain_id(),
            ..ChainConfig::localnet()
        }
    }
}

/// Ports of every local chain lie this far above the defaults (`LOCALNET_PORT_OFFSET`, read
/// as `localnet/env.sh` reads it), so that a second set of chains can run beside a busy one.
pub fn port_offset() -> u16 {
    std::env::var("LOCALNET_PORT_OFFSET")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// CometBFT RPC port of node `i` of the main chain (region k's are 100·k higher).
pub fn rpc_port(i: usize) -> u16 {
    26657 + port_offset() + i as u16
}

/// The repository's `localnet/` folder and its scripts.
pub struct Localnet {
    dir: PathBuf,
}

impl Localnet {
    /// The scripts of the repository at `repo`.
    pub fn new(repo: &Path) -> Self {
        Localnet {
            dir: repo.join("localnet"),
        }
    }

    fn data_dir(&self, net: Net) -> PathBuf {
        match net {
            Net::Four => self.dir.join("data"),
            Net::Single => self.dir.join(SINGLE_DATA),
        }
    }

    /// Runs a script for `net`; its output goes to the terminal.
    fn script(&self, net: Net, name: &str, args: &[&str]) -> anyhow::Result<()> {
        let mut cmd = Command::new(self.dir.join(name));
        // The localnet keeps the caller's LOCALNET_CHAIN_ID and LOCALNET_PORT_OFFSET (a set of
        // chains of its own); its size and folder are the defaults.
        cmd.args(args)
            .env_remove("LOCALNET_NODES")
            .env_remove("LOCALNET_DATA");
        if net == Net::Single {
            cmd.env("LOCALNET_NODES", "1")
                .env("LOCALNET_DATA", self.data_dir(net))
                .env("LOCALNET_CHAIN_ID", SINGLE_CHAIN_ID);
        }
        let status = cmd
            .status()
            .with_context(|| format!("could not run localnet/{name}"))?;
        if !status.success() {
            bail!("localnet/{name} failed ({status}) for the {net:?} chain; see its output above");
        }
        Ok(())
    }

    /// Starts `net` (a fresh network for the one-validator chain).
    pub fn start(&self, net: Net) -> anyhow::Result<()> {
        if net == Net::Single {
            let data = self.data_dir(net);
            if data.exists() {
                self.script(net, "stop.sh", &["--reset"])?;
            }
        }
        self.script(net, "start.sh", &[])
    }

    /// Stops `net`, keeping its state.
    pub fn stop(&self, net: Net) -> anyhow::Result<()> {
        self.script(net, "stop.sh", &[])
    }

    /// Process ids of `net`'s validators (from the scripts' pid files).
    pub fn node_pids(&self, net: Net) -> Vec<u32> {
        (0..net.validators())
            .filter_map(|i| {
                let file = self.data_dir(net).join(format!("node{i}.pid"));
                fs::read_to_string(file).ok()?.trim().parse().ok()
            })
            .collect()
    }

    /// A test account's signer from `localnet/accounts.json` (public test-only mnemonics).
    pub fn account(&self, name: &str) -> anyhow::Result<Signer> {
        let path = self.dir.join("accounts.json");
        let text = fs::read_to_string(&path)
            .with_context(|| format!("could not read {}", path.display()))?;
        let json: serde_json::Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not JSON", path.display()))?;
        let mnemonic = json["accounts"]
            .as_array()
            .and_then(|accounts| accounts.iter().find(|a| a["name"] == name))
            .and_then(|a| a["mnemonic"].as_str())
            .with_context(|| format!("no account '{name}' in {}", path.display()))?;
        Ok(Signer::from_mnemonic(mnemonic, "wasm")?)
    }
}

/// Connects to validator 0 of `net`, with a message that says what to do when it is not up.
pub async fn connect(net: Net) -> anyhow::Result<Client> {
    match Client::connect(net.config(0)).await {
        Ok(client) => Ok(client),
        Err(e) => match net {
            Net::Four => Err(anyhow::anyhow!(
                "the localnet is not running: run `make localnet` first ({e})"
            )),
            Net::Single => Err(anyhow::anyhow!(
                "the one-validator chain did not answer ({e})"
            )),
        },
    }
}

/// CPU seconds (user + system) a process has used so far, from `/proc/<pid>/stat`.
pub fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / clock_ticks())
}

/// CPU seconds the whole machine has been busy (every core, every process: user, nice,
/// system, interrupts and steal), from the first line of `/proc/stat`.
pub fn machine_busy_seconds() -> Option<f64> {
    let stat = fs::read_to_string("/proc/stat").ok()?;
    let line = stat.lines().find(|l| l.starts_with("cpu "))?;
    let f: Vec<f64> = line
        .split_whitespace()
        .skip(1)
        .map(|v| v.parse().unwrap_or(0.0))
        .collect();
    // user nice system idle iowait irq softirq steal: all but idle and iowait.
    let busy = f.first()? + f.get(1)? + f.get(2)? + f.get(5)? + f.get(6)? + f.get(7)?;
    Some(busy / clock_ticks())
}

/// Clock ticks per second (`getconf CLK_TCK`, asked once); 100 on Linux.
fn clock_ticks() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(100.0)
    })
}
