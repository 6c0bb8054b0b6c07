//! The simulated park (`fleet --park`) on the real chain: a suite of its own, because it waits
//! for the market's slots to pass, so that `scripts/chain-test.sh` runs it beside other suites
//! rather than with the meter client's network-stopping ones.
//!
//! Needs the localnet and `artifacts/park_market.wasm` (`./scripts/build-wasm.sh`):
//!
//! ```sh
//! cargo test -p meter-client --test park_chain -- --ignored --test-threads=1
//! ```

#[path = "chain/deployed.rs"]
#[allow(dead_code)]
mod deployed;
#[path = "chain/park.rs"]
mod park;
#[path = "chain/process.rs"]
#[allow(dead_code)]
mod process;
