//! The typed SDK of the obligation ledger's contracts, over the chain client
//! (`ledger-client`: transport, keys, the deployment file).
//!
//! # Why it exists
//!
//! The knowledge of how to talk to the contracts (which message a query takes, how a list is
//! paged, which token is sent where with which hook, in which order a ledger is deployed and
//! wired) used to live inside the admin CLI, and the benchmark and the chain tests each wrote
//! their own copy. This crate holds it once, typed, for every program that talks to the
//! ledger: the CLI, the meter client, the benchmark, the chain tests, and next the REST gateway
//! and outside integrators. Nothing outside it builds a contract message by hand.
//!
//! # Map
//!
//! * [`Ledger`]: a chain connection and a [`ledger_client::Deployment`]; each contract's typed
//!   queries and executes are methods on it, written in one module per contract under
//!   [`contracts`] (whose modules also re-export that contract's message types).
//! * [`Sender`]: signs and broadcasts for one key, with the gas and fee settings.
//! * [`paging`]: the one loop that reads a list query page by page to its end or a cap.
//! * [`deploy`]: deployment as a [`DeployPlan`]: upload, instantiate in order, wire, write the
//!   deployment file.
//! * [`Error`]: the client library's errors, a contract missing from the deployment file,
//!   missing artifacts, and the deployment step that failed.
//!
//! Beyond the workspace's chain crates it depends on `sha2`, for the SHA-256 of a PACT
//! document that a product footprint publishes and verification compares.
//!
//! # Example
//!
//! ```no_run
//! use ledger_client::{ChainConfig, Client, Deployment, KeyStore};
//! use ledger_sdk::{Ledger, Sender, paging};
//! use cosmwasm_std::Uint128;
//! # async fn run() -> ledger_sdk::Result<()> {
//! let deployment = Deployment::load("deployment.json")?;
//! let client = Client::connect(ChainConfig::localnet()).await?;
//! let ledger = Ledger::new(client.clone(), deployment);
//!
//! // Queries: one call, typed answer; lists are read to the end.
//! let overdue = ledger.overdue(paging::ALL).await?;
//! println!("{} instalments overdue", overdue.items.len());
//!
//! // Executes: signed by a sender.
//! let key = KeyStore::open("keys", "wasm")
//!     .load("bank-operator", "passphrase")
//!     .map_err(ledger_client::ClientError::from)?;
//! let sender = Sender::new(client, key);
//! let outcome = ledger
//!     .deposit(&sender, "DEP-1".into(), "wasm1...".into(), Uint128::new(10_000), true)
//!     .await?;
//! println!("deposited in block {}", outcome.height);
//! # Ok(()) }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod contracts;
pub mod deploy;
pub mod error;
mod ledger;
pub mod paging;
mod sender;
pub mod words;

pub use deploy::{Artifacts, DeployPlan, DeploySettings};
pub use error::{Error, Result};
pub use ledger::Ledger;
pub use paging::Paged;
pub use sender::{FixedFee, Sender};

/// The chain client this SDK is built on.
pub use ledger_client;
/// The contracts' message types.
pub use ledger_types;
