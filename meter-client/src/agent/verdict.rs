//! What the agent does about a refused usage record, decided by the contract's stable error
//! code alone (`ledger_types::cloud::codes`); the contract's words are only shown to people.

use ledger_types::cloud::codes;
use ledger_types::error_code::common;

/// The agent's answer to a refusal of one record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The lease already holds this sequence (a record sent before a restart made it into a
    /// block): skip it.
    Repeated,
    /// The lease is no longer running (closed, or its holding period is over): drop the
    /// lease's records and sign no more for it.
    LeaseEnded,
    /// The record itself is wrong for the contract (a period overlapping the previous one):
    /// set it aside and go on.
    SetAside,
    /// Nothing is wrong with the record, the contract does not take it now (its period ends
    /// after the chain's clock, the contract is paused, the lease waits for its provider's
    /// acceptance): send it again later.
    Later,
    /// The agent cannot go on until a person acts (no agent key registered, or another one):
    /// stop, keeping the records.
    Stop,
}

/// The verdict on a record refused with `code`.
pub fn verdict(code: &str) -> Verdict {
    match code {
        codes::USAGE_SEQUENCE => Verdict::Repeated,
        codes::LEASE_NOT_RUNNING | codes::UNKNOWN_LEASE | codes::USAGE_AFTER_HOLDING_END => {
            Verdict::LeaseEnded
        }
        codes::USAGE_PERIOD_OVERLAP | codes::USAGE_PERIOD_INVALID => Verdict::SetAside,
        // A lease not yet accepted may still run: its records wait.
        codes::USAGE_IN_FUTURE | codes::LEASE_NOT_ACCEPTED | common::PAUSED => Verdict::Later,
        _ => Verdict::Stop,
    }
}

/// What a person must do after a refusal with `code` stopped the agent.
pub fn remedy(code: &str) -> &'static str {
    match code {
        codes::NO_AGENT_KEY => {
            "the provider's administrator must register this agent's key \
             (`meter-client agent pubkey` prints it) with RegisterAgent"
        }
        codes::BAD_USAGE_SIGNATURE => {
            "the provider's registered agent key is not this agent's: register this agent's key \
             (`meter-client agent pubkey`) or run the agent whose key is registered"
        }
        _ => "see the contract's message; the records stay in the agent's book",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_refusal_has_its_answer() {
        assert_eq!(verdict(codes::USAGE_SEQUENCE), Verdict::Repeated);
        assert_eq!(verdict(codes::LEASE_NOT_RUNNING), Verdict::LeaseEnded);
        assert_eq!(verdict(codes::UNKNOWN_LEASE), Verdict::LeaseEnded);
        assert_eq!(verdict(codes::USAGE_AFTER_HOLDING_END), Verdict::LeaseEnded);
        assert_eq!(verdict(codes::USAGE_PERIOD_OVERLAP), Verdict::SetAside);
        assert_eq!(verdict(codes::USAGE_PERIOD_INVALID), Verdict::SetAside);
        assert_eq!(verdict(codes::USAGE_IN_FUTURE), Verdict::Later);
        assert_eq!(verdict(common::PAUSED), Verdict::Later);
        assert_eq!(verdict(codes::LEASE_NOT_ACCEPTED), Verdict::Later);
        assert_eq!(verdict(codes::NO_AGENT_KEY), Verdict::Stop);
        assert_eq!(verdict(codes::BAD_USAGE_SIGNATURE), Verdict::Stop);
        assert_eq!(verdict("common.overflow"), Verdict::Stop);
        assert!(remedy(codes::NO_AGENT_KEY).contains("RegisterAgent"));
    }
}
