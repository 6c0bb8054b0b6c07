//! The multi-test world every scenario test of the ledger shares.
//!
//! [`SuiteBuilder`] makes the world: an App with a known chain id and start time, the admin,
//! meter, tariff and bank contracts and the cw20 settlement token, wired together, with
//! participants, fixture tariffs ([`tariffs`]) and meters registered. [`Suite`] then offers one
//! method per action (with the sender explicit), queries that read every page, and assertions
//! of the ledger's invariants. With [`SuiteBuilder::with_drafts`] the world also has the draft
//! contract on the settlement token, and the [`DraftParties`] of the draft flow with their
//! roles ([`drafts`]). With [`SuiteBuilder::with_loan_share`] it has the loan-share contract
//! and its consortium token, the [`LoanParties`] with their roles and encryption keys, and the
//! client side of sealing and disclosing borrowers' fields ([`loans`]). [`MeterDevice`]
//! simulates a meter signing its readings, and [`err`] recovers a contract's typed error from a
//! failed action. [`expected`] computes bills
//! independently of the contracts, for the story here and the chain tests of `e2e/`.
//!
//! # The Suite by domain
//!
//! The Suite's methods sit beside the contracts they drive, as the contracts sit in
//! `contracts/<domain>/`: `suite/` holds the world itself (people, time, raw execution) and
//! the core and metering domains (`registry` for the admin contract, `banking` for the bank
//! and any cw20 token, `metering` for meters and tariffs); `drafts/` and `loans/` the finance
//! domain (set-up in `mod.rs`, then `actions`, `queries` and, for loans, the `client` side);
//! the people of those flows, which every world carries, in `parties`, below the Suite, so
//! that no module imports one that imports it back.
//! [`Suite::assert_refused`] and the snapshots it compares are in `snapshot`, the bank's and
//! the token's emergency controls in `bank_guard`. Every list query reads to its last page
//! through one pager.
//!
//! # Where tests live
//!
//! - **Unit tests** of a contract's private logic stay in its `src/`, beside the code
//!   (`#[cfg(test)] mod tests` in the module, or `src/tests/<topic>.rs` where they outgrow it),
//!   on `mock_dependencies`, with their fixtures (a mocked registry, a storage snapshot) in
//!   `src/testing.rs`. They never use this crate: a unit test linking it would see a second
//!   copy of the contract's library.
//! - **Integration tests of one contract** (its errors, edges, properties and its own story,
//!   driven through the Suite) live in that contract's crate, in
//!   `contracts/<domain>/<contract>/tests/*.rs`, the crate dev-depending on `ledger-testing`
//!   (a cycle Cargo allows for integration tests). A test belongs to the contract whose
//!   behaviour it asserts, even when other contracts are in its world: the admin's multisig
//!   test asserts the registry's administrator transfer, so it is the admin's.
//! - **Cross-contract stories and invariants** live here, in `packages/testing/tests`: the
//!   month of energy retail (`story.rs`), which asserts bills of the meter and tariff
//!   contracts against payments at the bank and balances of the token, and the ledger's
//!   properties (`properties.rs`), whose invariants (token conservation, readings counted
//!   once, instalments sound) each span the meter, the bank and the token.
//! - **Chain tests** (a real wasmd localnet) live with the program they exercise (`cli/`,
//!   `meter-client/`, `e2e/`).
//!
//! A step two tests repeat belongs in the Suite (an action, a query, an assertion or a
//! [`SuiteBuilder`] preset such as [`SuiteBuilder::alice_and_bob`]), not copied between test
//! files.

mod bank_guard;
mod builder;
pub mod drafts;
mod errors;
pub mod expected;
pub mod loans;
pub mod meters;
mod pages;
mod parties;
mod snapshot;
mod suite;
pub mod tariffs;

pub use builder::{
    ALICE_METER, BOB_METER, CHAIN_ID, MeterSpec, START, SuiteBuilder, TIMELOCK_DELAY, admin_code,
    bank_code, cw20_code, draft_code, loan_share_code, meter_code, tariff_code,
};
pub use drafts::{DRAFT_VETO_WINDOW, DraftParties, attribute, bank_record, evidence_hash};
pub use errors::{err, root_message};
pub use ledger_types::time::DAY;
pub use loans::{LoanApplication, LoanParties, LoanWorld, PLAN_DAYS, sample_applications};
pub use meters::{HALF_HOUR, HOUR, LoadCurve, MeterDevice};
pub use snapshot::{
    AdminSnapshot, BankSnapshot, DraftSnapshot, LoanShareSnapshot, MeterContractSnapshot,
    MeterSnapshot, TariffSnapshot, WorldSnapshot,
};
pub use suite::{Addrs, BLOCK_SECONDS, Codes, Suite, readings_outcome, refusals};
