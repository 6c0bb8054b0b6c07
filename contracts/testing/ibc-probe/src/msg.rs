//! The probe's messages and what it records.

use cosmwasm_schema::{QueryResponses, cw_serde};
use cosmwasm_std::Binary;

/// The probe takes no settings.
#[cw_serde]
pub struct InstantiateMsg {}

#[cw_serde]
pub enum ExecuteMsg {
    /// Sends `data`, unchanged, as one packet on `channel_id` (one of the probe's own
    /// channels), timing out `timeout_seconds` after this block.
    Send {
        channel_id: String,
        data: Binary,
        timeout_seconds: u64,
    },
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The answers received so far, oldest first.
    #[returns(AnswersResponse)]
    Answers {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
}

/// A page of answers.
#[cw_serde]
pub struct AnswersResponse {
    pub answers: Vec<Answer>,
    /// More answers follow: ask again with `start_after` set to the last answer's id.
    pub has_more: bool,
}

/// What the other end (or the chain, for a timeout) answered to one packet the probe sent.
#[cw_serde]
pub struct Answer {
    /// Order of arrival, from 1.
    pub id: u64,
    /// The probe's channel the packet was sent on.
    pub channel_id: String,
    /// The packet's IBC sequence on that channel.
    pub sequence: u64,
    /// The packet's data, as sent.
    pub data: Binary,
    pub outcome: Outcome,
}

/// How a packet was answered.
#[cw_serde]
pub enum Outcome {
    /// A success acknowledgement carrying `data`.
    Applied { data: Binary },
    /// An error acknowledgement: its text, and the ledger's error code in it if it carries one
    /// (`[ledger:<code>] ...`).
    Refused { text: String, code: Option<String> },
    /// An acknowledgement that is not a `StdAck` at all.
    Unreadable { ack: Binary },
    /// No acknowledgement: the packet timed out.
    TimedOut {},
}
