//! Chain client for the ledger contracts on wasmd, shared by the admin CLI, the meter client,
//! the chain-backed tests and the benchmarks.
//!
//! * [`config`]: where the chain is and how fees are computed (exact decimals, no floats).
//! * [`keys`]: signing keys from a BIP-39 mnemonic or a `wasmd` hex export, and a
//!   [`KeyStore`] that keeps them encrypted at rest.
//! * [`Client`]: connect, query accounts, balances and contracts, sign, simulate, broadcast and
//!   wait for inclusion, upload and instantiate contracts.
//! * [`ClientError`]: failures in words, with the contract's own error text extracted from the
//!   chain's raw log ([`rawlog`]).
//! * [`Deployment`]: the file that records where the contracts are.
//!
//! ```no_run
//! use ledger_client::{ChainConfig, Client, Gas, KeyStore};
//! # async fn run() -> Result<(), ledger_client::ClientError> {
//! let client = Client::connect(ChainConfig::localnet()).await?;
//! let admin = KeyStore::open("keys", "wasm").load("admin", "passphrase")?;
//! let outcome = client
//!     .send(&admin, "wasm1jzdgvldf65xrqgue3f8ru3dcef639hdrm94dcm", 1_000, Gas::Auto)
//!     .await?;
//! println!("in block {} using {} gas", outcome.height, outcome.gas_used);
//! # Ok(()) }
//! ```
//!
//! # Dependencies and why
//!
//! * Chain access is cosmrs 0.22 (transactions, protobuf types, BIP-32) and tendermint-rpc
//!   0.40 (CometBFT 0.38 RPC over HTTP), the maintained Rust clients of the Cosmos stack.
//! * Key encryption uses RustCrypto crates: `argon2` (Argon2id, the Password Hashing
//!   Competition winner, RFC 9106, checked against the RFC's test vectors) and
//!   `chacha20poly1305` (XChaCha20-Poly1305 AEAD, audited by NCC Group in 2020). Both are pure
//!   Rust without `unsafe` in their cores, so the meter client cross-compiles them for a
//!   Raspberry Pi without a C toolchain, and both come from the project that also provides
//!   `k256`, the secp256k1 implementation cosmrs signs with. Secrets are wiped from memory with
//!   `zeroize`.
//! * Mnemonics are read by `bip39` (rust-bitcoin), which accepts 12 to 24 words.
//!
//! The HTTP client inside tendermint-rpc (reqwest 0.11 with rustls) pulls in `ring`, which
//! compiles C and assembly: cross-compiling needs a C cross compiler for the target (for
//! aarch64, `gcc-aarch64-linux-gnu`), as linking a binary for that target does anyway. No
//! OpenSSL is involved; plain HTTP to `127.0.0.1` is what the localnet uses.
//!
//! Nothing secret appears in `Debug` output, error messages or logs.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod client;
pub mod config;
pub mod deployment;
pub mod error;
pub mod keys;
pub mod msgs;
pub mod outcome;
pub mod rawlog;

pub use client::{AccountInfo, Client, Gas, UnsignedTx, secp256k1_public_key};
pub use config::{ChainConfig, Decimal};
pub use deployment::{
    CodeIds, Contracts, DEFAULT_DEPLOYMENT_FILE, Deployment, RegionCodeIds, RegionContracts,
    RegionDeployment,
};
pub use error::ClientError;
pub use keys::{KdfParams, KeyError, KeyInfo, KeyStore, Signer};
pub use msgs::ExecuteCall;
pub use outcome::{Attribute, Event, MsgResponse, TxOutcome};

/// Upper-case hex SHA-256 of signed transaction bytes, the hash the chain gives them.
pub use client::tx_hash;

/// The cosmrs crate this library is built on (coins, account ids, protobuf types).
pub use cosmrs;
/// The CometBFT RPC client this library is built on.
pub use tendermint_rpc;
