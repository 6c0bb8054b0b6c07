//! What the chain tests of issue 3 (`tests/`) share: the localnet's scripts and state, the
//! `ledger` and `meter-client` binaries run as a user runs them, a small world deployed with
//! the CLI, meter clients running in the background, and the bills the example tariffs must
//! produce, computed independently of the contracts.
//!
//! The tests themselves are ignored by a plain `cargo test` (they need a chain); `make chain-test`
//! (`scripts/chain-test.sh`) builds what they need, starts a fresh localnet, runs them one at a
//! time and stops the network again.
//!
//! # Dependencies and why
//!
//! * `ledger-client`: the chain's height and time, and the signing keys of the localnet's
//!   accounts; `ledger-types` and `ledger-reading` (feature `signer`): the contracts' messages
//!   and signed readings, for the readings files of the bad-input test.
//! * `ledger-testing`: its independent bill calculator (`expected`), shared with the
//!   multi-test story.
//! * `ledger-ibc-probe` (feature `library`): the messages of the test contract that puts
//!   packets no region would send on a channel to the router ([`probe`]).
//! * `meter-client`: the simulator's load curve, to know which readings a fleet must have
//!   produced.
//! * `ledger-gateway`: the ADR-036 document a wallet signs to sign in to the gateway
//!   ([`gateway`]); `k256` and `base64` sign it, `reqwest` (the chain client's HTTP client)
//!   calls the gateway.
//! * `jsonschema` (tests only): validates hand-written messages against the committed schema.
//! * `serde_json`, `tempfile`, `tokio`, `hex`, `cosmwasm-std`: already in the workspace.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod browser;
pub mod chain;
pub mod cli;
pub mod fleet;
pub mod gateway;
pub mod probe;
pub mod readings;
pub mod regions;
pub mod tariffs;

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e/ lies in the workspace")
        .to_path_buf()
}

/// A binary of the workspace built in the same target directory and profile as the running
/// test (`<target>/debug/<name>`), or in `$E2E_BIN_DIR`. `make chain-test` builds them.
pub fn binary(name: &str) -> PathBuf {
    let dir = match std::env::var_os("E2E_BIN_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => {
            // A test binary is <target>/<profile>/deps/<name>-<hash>.
            let exe = std::env::current_exe().expect("the test knows its own path");
            exe.parent()
                .and_then(Path::parent)
                .expect("a test binary lies in <target>/<profile>/deps")
                .to_path_buf()
        }
    };
    let path = dir.join(name);
    assert!(
        path.is_file(),
        "{} is missing: build it with `cargo build -p ledger-cli -p meter-client` (make \
         chain-test does) or point E2E_BIN_DIR at it",
        path.display()
    );
    path
}

/// A name unique to this run: `prefix` and a few hex digits of the clock.
pub fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_nanos() as u64;
    format!(
        "{prefix}{:06x}",
        meter_client::curve::mix(nanos ^ u64::from(std::process::id())) & 0xff_ffff
    )
}

/// Unix seconds now, by this machine's clock.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs()
}

/// A number in a JSON document, written as a number or as a string (`Uint128`).
pub fn num(v: &serde_json::Value) -> u128 {
    match v {
        serde_json::Value::Number(n) => u128::from(n.as_u64().expect("a whole number")),
        serde_json::Value::String(s) => s.parse().unwrap_or_else(|_| panic!("not a number: {s}")),
        other => panic!("not a number: {other}"),
    }
}
