//! The draft contract's storage. Projects carry their stages and drafts their hops inline
//! (both bounded), so that every action loads one record; the maps beside them are indexes
//! kept current on every change (projects by status, drafts by holder, drafts with open
//! discrepancies, unmatched bank records), so that no action and no query walks history.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, OverflowError, OverflowOperation};
use cw_storage_plus::{Item, Map};
pub use ledger_contract_kit::sequence::next_id;
use ledger_types::draft::{BankRecord, Draft, DraftRole, Event, Project, TotalsResponse};

/// The name stored with cw2: the crate's own; `migrate` refuses state stored under another.
pub const CONTRACT_NAME: &str = env!("CARGO_PKG_NAME");
/// This code's version, stored with cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cw_serde]
pub struct Config {
    /// The admin contract: its administrator manages roles, its bank operators post records.
    pub admin_contract: Addr,
    /// The cw20 token drafts lock.
    pub fund_token: Addr,
    /// Approval level names, lowest first.
    pub approval_levels: Vec<String>,
    pub veto_window_seconds: u64,
}

/// The contract's wiring and approval rules.
pub const CONFIG: Item<Config> = Item::new("config");
/// Running totals over every draft: issued, locked, released, clawed back.
pub const TOTALS: Item<TotalsResponse> = Item::new("totals");

/// Address -> its draft roles (absent when it has none).
pub const ROLES: Map<&Addr, Vec<DraftRole>> = Map::new("roles");

/// Last project id handed out (ids start at 1).
pub const LAST_PROJECT_ID: Item<u64> = Item::new("last_project_id");
/// Last draft id handed out (ids start at 1).
pub const LAST_DRAFT_ID: Item<u64> = Item::new("last_draft_id");

/// Project id -> project with its stages.
pub const PROJECTS: Map<u64, Project> = Map::new("projects");
/// (status name, project id) -> (): every project under its current status.
pub const PROJECTS_BY_STATUS: Map<(&str, u64), ()> = Map::new("projects_by_status");

/// Draft id -> draft with its hops and reconciliation counts.
pub const DRAFTS: Map<u64, Draft> = Map::new("drafts");
/// (holder, draft id) -> (): every draft under the address holding it now.
pub const DRAFTS_BY_HOLDER: Map<(&Addr, u64), ()> = Map::new("drafts_by_holder");
/// Draft id -> (): drafts with a hop missing its bank record or disagreeing with it.
pub const DISCREPANCIES: Map<u64, ()> = Map::new("discrepancies");

/// (project id, seq) -> event: each project's append-only history.
pub const EVENTS: Map<(u64, u32), Event> = Map::new("events");
/// (draft id, draft seq) -> project seq: a draft's events within its project's history.
pub const DRAFT_EVENTS: Map<(u64, u32), u32> = Map::new("draft_events");

/// (draft id, serial number) -> the hop of that draft endorsed with it. A serial is endorsed
/// once per draft; serials are kept per draft so that an endorsement of one draft can never
/// claim (and so block) a serial the bank posted for another.
pub const ENDORSED_SERIALS: Map<(u64, &str), u32> = Map::new("draft_serials");
/// Serial number -> the bank's record of that transfer (posted once), which names its draft.
pub const BANK_RECORDS: Map<&str, BankRecord> = Map::new("bank_records");
/// Serial number -> (): bank records no endorsement has claimed yet.
pub const UNMATCHED_RECORDS: Map<&str, ()> = Map::new("unmatched_records");

/// `n + 1`, refused on overflow.
pub fn increment(n: u32) -> Result<u32, OverflowError> {
    n.checked_add(1)
        .ok_or(OverflowError::new(OverflowOperation::Add))
}

/// `n - 1`, refused below zero.
pub fn decrement(n: u32) -> Result<u32, OverflowError> {
    n.checked_sub(1)
        .ok_or(OverflowError::new(OverflowOperation::Sub))
}
