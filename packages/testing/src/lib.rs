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

mod bank_guard;
mod builder;
pub mod drafts;
mod errors;
pub mod expected;
pub mod loans;
pub mod meters;
mod pages;
mod snapshot;
mod suite;
pub mod tariffs;

pub use builder::{
    BLOCK_SECONDS, CHAIN_ID, MeterSpec, START, SuiteBuilder, TIMELOCK_DELAY, admin_code, bank_code,
    cw20_code, draft_code, loan_share_code, meter_code, tariff_code,
};
pub use drafts::{DRAFT_VETO_WINDOW, DraftParties, attribute, bank_record, evidence_hash};
pub use errors::{err, root_message};
pub use loans::{LoanApplication, LoanParties, LoanWorld, PLAN_DAYS, sample_applications};
pub use meters::{HALF_HOUR, LoadCurve, MeterDevice};
pub use snapshot::{
    AdminSnapshot, BankSnapshot, DraftSnapshot, LoanShareSnapshot, MeterContractSnapshot,
    MeterSnapshot, TariffSnapshot, WorldSnapshot,
};
pub use suite::{Addrs, Codes, Suite};
