//! The regional sub-chains and the relayer (`relayer/`), as the regional chain tests use them:
//! brought up beside the main localnet, linked, the relayer stopped and started, a sub-chain
//! halted and restarted.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use serde_json::Value;

use crate::repo;

/// A regional sub-chain as `relayer/regions.sh up` left it.
#[derive(Clone, Debug)]
pub struct RegionChain {
    /// `region-k`.
    pub name: String,
    /// Its chain id.
    pub chain_id: String,
    /// Its first node's RPC.
    pub node: String,
    /// The IBC connection on the main chain to it.
    pub main_connection: String,
    /// The IBC connection on it to the main chain.
    pub region_connection: String,
}

/// Runs a script of `relayer/` with `envs`, which must succeed; returns its stdout.
fn relayer_script(script: &str, args: &[&str], envs: &[(&str, &str)]) -> String {
    let started = Instant::now();
    let out = Command::new(repo().join("relayer").join(script))
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(repo())
        .output()
        .unwrap_or_else(|e| panic!("cannot run relayer/{script}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "relayer/{script} {} failed:\n{stdout}{stderr}",
        args.join(" ")
    );
    eprintln!(
        "relayer/{script} {} ({:.1} s)",
        args.join(" "),
        started.elapsed().as_secs_f64()
    );
    stdout
}

fn read_json(path: PathBuf) -> Value {
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn text(v: &Value, field: &str) -> String {
    v[field]
        .as_str()
        .unwrap_or_else(|| panic!("no {field} in {v}"))
        .to_string()
}

/// Brings up `regions` sub-chains and the relayer (a no-op for what already runs) and returns
/// each sub-chain with its connections, read from what `relayer/link.sh` recorded for the
/// transfer channel that `regions.sh up` links first.
pub fn up(regions: u32) -> Vec<RegionChain> {
    relayer_script("regions.sh", &["up"], &[("REGIONS", &regions.to_string())]);
    (1..=regions)
        .map(|k| {
            let name = format!("region-{k}");
            let network = read_json(repo().join(format!("localnet/data-{name}/network.json")));
            let channel = read_json(
                repo()
                    .join("relayer/data/channels")
                    .join(format!("main-{name}.transfer.transfer.json")),
            );
            RegionChain {
                chain_id: text(&network, "chain_id"),
                node: text(&network["nodes"][0], "rpc"),
                main_connection: text(&channel["src"], "connection"),
                region_connection: text(&channel["dst"], "connection"),
                name,
            }
        })
        .collect()
}

/// Opens the channel of the ledger's region protocol between the main chain's `router` and the
/// `endpoint` of `region` (`relayer/link.sh`); returns link.sh's description of it.
pub fn link(region: &str, router: &str, endpoint: &str) -> Value {
    let out = try_link(
        region,
        router,
        endpoint,
        ledger_types::region::PROTOCOL_VERSION,
    );
    out.unwrap_or_else(|e| panic!("linking {region} failed:\n{e}"))
}

/// [`link`] with any version: `Err` with the script's output when the handshake fails.
pub fn try_link(
    region: &str,
    router: &str,
    endpoint: &str,
    version: &str,
) -> Result<Value, String> {
    let (src, dst) = (format!("wasm.{router}"), format!("wasm.{endpoint}"));
    let path = format!("main-{region}");
    let out = Command::new(repo().join("relayer/link.sh"))
        .args([
            path.as_str(),
            "--src-port",
            &src,
            "--dst-port",
            &dst,
            "--version",
            version,
            "--order",
            "unordered",
        ])
        .current_dir(repo())
        .output()
        .unwrap_or_else(|e| panic!("cannot run relayer/link.sh: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    if !out.status.success() {
        return Err(format!("{stdout}{}", String::from_utf8_lossy(&out.stderr)));
    }
    let line = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(line).map_err(|e| format!("link.sh printed no channel ({e}): {stdout}"))
}

/// Stops the relayer (packets wait on their chains).
pub fn stop_relayer() {
    relayer_script("stop.sh", &[], &[]);
}

/// Starts the relayer again; it relays, or times out, what waited.
pub fn start_relayer() {
    relayer_script("start.sh", &[], &[]);
}

/// Runs `localnet/<script>` for the sub-chain `region` (`stop.sh` halts it with its state kept,
/// `start.sh` resumes it from disk).
pub fn region_script(region: &str, script: &str) {
    let k = region
        .strip_prefix("region-")
        .unwrap_or_else(|| panic!("'{region}' is not region-k"));
    let out = Command::new(repo().join("localnet").join(script))
        .env("LOCALNET_REGION", k)
        .current_dir(repo())
        .output()
        .unwrap_or_else(|e| panic!("cannot run localnet/{script}: {e}"));
    assert!(
        out.status.success(),
        "localnet/{script} for {region} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
