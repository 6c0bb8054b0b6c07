//! The regional sub-chains and the relayer, through `relayer/`'s scripts: brought up beside the
//! main localnet (`regions.sh up`), the ledger's channels linked (`link.sh`), and taken down
//! afterwards only when the benchmark started them.

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::Value;

use crate::localnet;

/// Sub-chains of the regional phase.
pub const REGIONS: u32 = 2;

/// A regional sub-chain as `relayer/regions.sh up` left it.
#[derive(Clone, Debug)]
pub struct RegionChain {
    /// `region-k`.
    pub name: String,
    pub chain_id: String,
    /// Its node's CometBFT RPC.
    pub node: String,
    /// The IBC connection on the main chain to it.
    pub main_connection: String,
    /// The IBC connection on it to the main chain.
    pub region_connection: String,
    /// Its validator processes.
    pub pids: Vec<u32>,
}

/// The sub-chains and the relayer, and whether the benchmark started them.
pub struct Regions {
    repo: PathBuf,
    /// The relayer binary (`relayer/install.sh` prints it).
    relayer: PathBuf,
    pub chains: Vec<RegionChain>,
    started: bool,
}

/// Why the regional phase cannot run (reported, and the run goes on without it).
pub enum Unavailable {
    /// `relayer/install.sh` failed; its last lines.
    NoRelayer(String),
}

impl Regions {
    /// Installs the relayer (instant when cached) and brings up the sub-chains and the relayer
    /// with `relayer/regions.sh up` (a no-op for what already runs); `Ok(Err(..))` when the
    /// relayer cannot be installed.
    pub fn up(repo: &Path) -> anyhow::Result<Result<Regions, Unavailable>> {
        let install = Command::new(repo.join("relayer/install.sh"))
            .current_dir(repo)
            .output()
            .context("could not run relayer/install.sh")?;
        if !install.status.success() {
            let err = String::from_utf8_lossy(&install.stderr);
            let tail: Vec<&str> = err.lines().rev().take(3).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            return Ok(Err(Unavailable::NoRelayer(tail.join(" / "))));
        }
        let relayer = PathBuf::from(String::from_utf8_lossy(&install.stdout).trim());
        let running_before = relayer_running(repo) && (1..=REGIONS).all(region_answers);
        // Regions that do not run are made afresh: what their data and the relayer's paths on
        // disk describe may belong to a main chain that has been reset since (the relayer
        // would then take the old client ids for the new chain's and never link).
        let status = Command::new(repo.join("relayer/regions.sh"))
            .arg("up")
            .env("RESET", if running_before { "0" } else { "1" })
            .env("REGIONS", REGIONS.to_string())
            .env("REGION_NODES", "1")
            .current_dir(repo)
            .status()
            .context("could not run relayer/regions.sh")?;
        if !status.success() {
            bail!(
                "relayer/regions.sh up failed ({status}); its output is above. \
                 `relayer/regions.sh status` shows what runs"
            );
        }
        let chains = (1..=REGIONS)
            .map(|k| read_chain(repo, &relayer, k))
            .collect::<anyhow::Result<_>>()?;
        Ok(Ok(Regions {
            repo: repo.to_path_buf(),
            relayer,
            chains,
            started: !running_before,
        }))
    }

    /// Takes down the sub-chains and the relayer when the benchmark started them
    /// (`regions.sh down` keeps their state); leaves them running otherwise.
    pub fn down(&self) -> anyhow::Result<()> {
        if !self.started {
            say("the regions and the relayer were running before: left running");
            return Ok(());
        }
        let status = Command::new(self.repo.join("relayer/regions.sh"))
            .arg("down")
            .current_dir(&self.repo)
            .status()
            .context("could not run relayer/regions.sh down")?;
        if !status.success() {
            bail!("relayer/regions.sh down failed ({status}); see its output above");
        }
        Ok(())
    }

    /// Opens the channel of the ledger's region protocol between the main chain's `router`
    /// and `endpoint` on `region`, on the connection the relayer's path holds (the one the
    /// region was deployed with): `relayer tx channel`, with the relayer stopped meanwhile.
    ///
    /// Not `relayer/link.sh`: its `relayer tx link` starts a new connection handshake on the
    /// path's clients, and finds the existing connection only while that handshake's blocks
    /// are within the relayer's block history; minutes after `regions.sh up` it makes a new
    /// connection, which the router refuses (it knows the region's connection).
    pub fn link(&self, region: &str, router: &str, endpoint: &str) -> anyhow::Result<()> {
        let path = format!("main-{region}");
        let was_running = relayer_running(&self.repo);
        if was_running {
            self.script("stop.sh")?;
        }
        let out = Command::new(&self.relayer)
            .arg("--home")
            .arg(self.repo.join("relayer/data/home"))
            .args([
                "tx",
                "channel",
                path.as_str(),
                "--src-port",
                &format!("wasm.{router}"),
                "--dst-port",
                &format!("wasm.{endpoint}"),
                "--version",
                ledger_types::region::PROTOCOL_VERSION,
                "--order",
                "unordered",
            ])
            .current_dir(&self.repo)
            .output()
            .context("could not run the relayer");
        if was_running {
            self.script("start.sh")?;
        }
        let out = out?;
        // Like `tx link`, the command may end with "context canceled" although the channel is
        // open; the caller waits for the router to see it open instead of trusting the status.
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            let tail: Vec<&str> = err.lines().rev().take(5).collect();
            say(&format!(
                "relayer tx channel {path} exited with {}; last lines: {}",
                out.status,
                tail.into_iter().rev().collect::<Vec<_>>().join(" / ")
            ));
        }
        Ok(())
    }

    /// Stops and starts the relayer: it then flushes what its chains hold unrelayed.
    pub fn restart_relayer(&self) -> anyhow::Result<()> {
        self.script("stop.sh")?;
        self.script("start.sh")
    }

    /// Runs `relayer/<name>`, which must succeed.
    fn script(&self, name: &str) -> anyhow::Result<()> {
        let status = Command::new(self.repo.join("relayer").join(name))
            .current_dir(&self.repo)
            .status()
            .with_context(|| format!("could not run relayer/{name}"))?;
        if !status.success() {
            bail!("relayer/{name} failed ({status}); see its output above");
        }
        Ok(())
    }
}

fn say(message: &str) {
    eprintln!("bench: regions: {message}");
}

/// Region `k`'s node 0 takes connections on its RPC port (every port 100·k above the main
/// chain's).
fn region_answers(k: u32) -> bool {
    let port = localnet::rpc_port(0) + 100 * k as u16;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_ok()
}

/// The relayer's pid file names a live process.
fn relayer_running(repo: &Path) -> bool {
    std::fs::read_to_string(repo.join("relayer/data/relayer.pid"))
        .ok()
        .and_then(|p| p.trim().parse::<u32>().ok())
        .is_some_and(|pid| Path::new(&format!("/proc/{pid}")).exists())
}

fn read_json(path: &Path) -> anyhow::Result<Value> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("could not read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))
}

fn field(v: &Value, name: &str, file: &str) -> anyhow::Result<String> {
    v[name]
        .as_str()
        .map(str::to_string)
        .with_context(|| format!("{file} has no {name}"))
}

/// The connection ids (main chain's, region's) the relayer's path `main-region-k` holds.
fn path_connections(repo: &Path, relayer: &Path, path: &str) -> anyhow::Result<(String, String)> {
    let out = Command::new(relayer)
        .arg("--home")
        .arg(repo.join("relayer/data/home"))
        .args(["paths", "show", path, "--json"])
        .output()
        .context("could not run the relayer")?;
    if !out.status.success() {
        bail!(
            "the relayer has no path {path}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let shown: Value = serde_json::from_slice(&out.stdout)
        .with_context(|| format!("`relayer paths show {path}` printed no JSON"))?;
    let conn = |end: &str| {
        shown["chains"][end]["connection-id"]
            .as_str()
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .with_context(|| {
                format!("the relayer's path {path} has no connection; run relayer/regions.sh up")
            })
    };
    Ok((conn("src")?, conn("dst")?))
}

/// Region `k` from its network file and the relayer's path to it.
fn read_chain(repo: &Path, relayer: &Path, k: u32) -> anyhow::Result<RegionChain> {
    let name = format!("region-{k}");
    let data = repo.join(format!("localnet/data-{name}"));
    let network = read_json(&data.join("network.json"))?;
    let (main_connection, region_connection) =
        path_connections(repo, relayer, &format!("main-{name}"))?;
    let nodes = network["nodes"].as_array().map_or(0, Vec::len);
    let pids = (0..nodes)
        .filter_map(|i| {
            std::fs::read_to_string(data.join(format!("node{i}.pid")))
                .ok()?
                .trim()
                .parse()
                .ok()
        })
        .collect();
    Ok(RegionChain {
        chain_id: field(&network, "chain_id", "network.json")?,
        node: field(&network["nodes"][0], "rpc", "network.json")?,
        main_connection,
        region_connection,
        pids,
        name,
    })
}
