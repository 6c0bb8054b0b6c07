//! The ledger's REST gateway: sign-in by chain key (ADR-036), an API checked against the
//! roles in the on-chain registry, the organisation's actions signed by its own key, an
//! OpenAPI document generated from the code, health and Prometheus metrics. It reaches the chain only through `ledger-sdk`.
//!
//! Dependencies beyond the workspace's usual ones, and why:
//! * `axum`: the HTTP server and its extractors (on tokio and hyper, which the chain client
//!   already brings).
//! * `tower`, `tower-http`: the request body limit and request tracing as middleware.
//! * `utoipa`: the OpenAPI document derived from the handlers and types, so it cannot drift.
//! * `hmac` (with the workspace's `sha2`): HMAC-SHA256 session tokens; one issuer checks its
//!   own tokens, so a MAC is enough and a JWT library's algorithm choices are not needed.
//! * `toml`: the config file.
//! * `prometheus-client`: the metrics, as the meter client already does.
//! * `rusqlite` (`bundled`): the event index in an embedded SQLite file; SQLite is compiled
//!   in, so a fresh machine needs no system library.
//! * `tendermint-rpc`: the node's blocks and their results for the index, through the chain
//!   client's own RPC connection.
//! * `csv` (as the CLI): the audit export, quoted as RFC 4180 says.
//! * `cosmwasm-std`: the contracts' amount type (`Uint128`) in the actions it signs.
//! * `hex` (as the CLI): meters' public keys as the administrator types them.
//! * `zeroize` (as the key store): the signer's passphrase is wiped once the key is unlocked.
//! * `futures-util` (already under axum and the chain client): the live updates' stream of
//!   server-sent events, unfolded from the index's announcements.
//! * `ledger-workbooks`: the XLSX downloads, the same workbooks as `ledger export`.
//!
//! Modules: [`config`] settings; [`app`] the router; [`auth`] sign-in and sessions; [`api`]
//! the read endpoints, the audit log, the organisation's actions and the participant's own;
//! [`signer`] the key that signs the organisation's; [`own_tx`] participants' transactions
//! prepared for their browsers and relayed once signed; [`chain`] the chain reads behind a
//! trait, [`bank_reads`] the bank's, [`tariff_reads`] the tariffs', [`workbook_reads`] the
//! downloads', [`finance_reads`] the drafts' and loan shares'; [`index`] the event index
//! and the task that follows the chain; [`ops`] health, metrics and the sign-in rate limit;
//! [`openapi`] the document and the docs page; [`web`] the web cabinets' pages and modules;
//! [`error`] the coded refusals.
#![forbid(unsafe_code)]

pub mod api;
pub mod app;
pub mod auth;
pub mod bank_reads;
pub mod chain;
pub mod config;
pub mod contract_kinds;
pub mod contract_reads;
pub mod error;
pub mod finance_reads;
pub mod index;
pub mod json;
pub mod openapi;
pub mod ops;
pub mod own_tx;
pub mod server;
pub mod signer;
pub mod state;
pub mod tariff_reads;
pub mod web;
pub mod workbook_reads;

#[cfg(test)]
mod tests;
