//! A project's history: one event for each thing that happened to it or its drafts.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, HexBinary, Uint128};

use super::{ClawbackReason, HopCheck};

/// Something that happened to a project or one of its drafts.
#[cw_serde]
pub enum EventKind {
    /// The project was applied for, with its first stage.
    Applied {
        stage: u32,
        amount: Uint128,
    },
    /// A later stage was applied for.
    StageApplied {
        stage: u32,
        amount: Uint128,
        note: String,
    },
    Approved {
        stage: u32,
        level: u8,
        comment: String,
    },
    Rejected {
        stage: u32,
        level: u8,
        comment: String,
    },
    /// `level` overturned the approval of `vetoed_level`.
    Vetoed {
        stage: u32,
        level: u8,
        vetoed_level: u8,
        comment: String,
    },
    Issued {
        stage: u32,
        draft_id: u64,
        amount: Uint128,
        expires_at: u64,
    },
    Endorsed {
        draft_id: u64,
        hop: u32,
        from: Addr,
        to: Addr,
        value: Uint128,
        release: Uint128,
        serial: String,
    },
    /// A bank record was matched with an endorsement (whichever came first).
    BankRecordMatched {
        draft_id: u64,
        hop: u32,
        serial: String,
        check: HopCheck,
    },
    /// The last hop was endorsed.
    Delivered {
        draft_id: u64,
    },
    Progress {
        stage: u32,
        percent: u8,
        text: String,
        evidence: HexBinary,
    },
    Opinion {
        stage: u32,
        text: String,
    },
    StageCompleted {
        stage: u32,
    },
    /// What a draft still locked went back to its issuer.
    ClawedBack {
        draft_id: u64,
        amount: Uint128,
        reason: ClawbackReason,
        /// The cancellation's or clawback's reason (empty for expiry).
        note: String,
    },
}

/// One entry of a project's history.
#[cw_serde]
pub struct Event {
    /// Position in the project's history, from 1.
    pub seq: u32,
    pub project_id: u64,
    /// The draft it concerns, if any.
    pub draft_id: Option<u64>,
    /// Position in that draft's own history, from 1 (what `DraftHistory` pages by).
    pub draft_seq: Option<u32>,
    /// Who caused it.
    pub actor: Addr,
    /// Block time and height.
    pub at: u64,
    pub height: u64,
    pub kind: EventKind,
}
