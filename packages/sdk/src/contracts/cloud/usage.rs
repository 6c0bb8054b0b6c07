//! A provider's metering agent: its key on chain, and the signed usage records it sends.
//!
//! The provider's administrator registers the agent's compressed secp256k1 public key
//! ([`Ledger::register_agent`]); from then on the contract accepts usage records of the
//! provider's running leases signed with that key ([`Ledger::submit_usage`]), whoever sends
//! them. The bytes an agent signs are [`ledger_types::cloud::usage::digest`]'s.

use cosmwasm_std::HexBinary;
use ledger_client::{ExecuteCall, TxOutcome};
use ledger_types::cloud::{ExecuteMsg, Lease, LeaseStatus, QueryMsg, SignedUsage};

pub use ledger_types::cloud::usage::{DOMAIN_TAG, digest, signing_bytes};

use crate::error::Result;
use crate::ledger::Ledger;
use crate::sender::Sender;

/// What the contract has recorded of a lease's usage: enough for an agent to know whether to
/// go on metering it and where its records stand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeaseUsage {
    /// The lease's state; usage is accepted only while it is [`LeaseStatus::Running`].
    pub status: LeaseStatus,
    /// GB transferred, summed over the accepted records.
    pub usage_gb: u64,
    /// The last accepted record's sequence (0 before the first).
    pub usage_sequence: u64,
    /// The last accepted record's period end (0 before the first).
    pub usage_until: u64,
}

impl From<&Lease> for LeaseUsage {
    fn from(lease: &Lease) -> Self {
        LeaseUsage {
            status: lease.status,
            usage_gb: lease.usage_gb,
            usage_sequence: lease.usage_sequence,
            usage_until: lease.usage_until,
        }
    }
}

/// The `SubmitUsage` call carrying `records`, for a transaction of several calls (see
/// [`Sender::execute_all`]).
pub fn submit_usage_call(federation: &str, records: Vec<SignedUsage>) -> Result<ExecuteCall> {
    Ok(ExecuteCall::new(
        federation,
        &ExecuteMsg::SubmitUsage { records },
    )?)
}

impl Ledger {
    /// The provider's administrator (`sender`) registers, or replaces, the provider's
    /// metering agent key: a compressed secp256k1 public key (33 bytes). Records signed with
    /// an earlier key are refused from then on (`cloud.bad_usage_signature`).
    pub async fn register_agent(
        &self,
        sender: &Sender,
        federation: &str,
        provider: &str,
        public_key: &[u8],
    ) -> Result<TxOutcome> {
        self.exec(
            sender,
            federation,
            &ExecuteMsg::RegisterAgent {
                provider: provider.to_string(),
                public_key: HexBinary::from(public_key),
            },
        )
        .await
    }

    /// Sends signed usage records (at most
    /// [`MAX_USAGE_BATCH`](ledger_types::cloud::MAX_USAGE_BATCH)) in one message; anyone may
    /// send them, the signatures are the authority. The contract takes the batch whole or
    /// refuses it whole, with the code of the first record it refused
    /// ([`crate::Error::contract_code`]; the codes are in `ledger_types::cloud::codes`).
    pub async fn submit_usage(
        &self,
        sender: &Sender,
        federation: &str,
        records: Vec<SignedUsage>,
    ) -> Result<TxOutcome> {
        self.exec(sender, federation, &ExecuteMsg::SubmitUsage { records })
            .await
    }

    /// A lease's usage as the contract has recorded it.
    pub async fn lease_usage(&self, federation: &str, lease_id: u64) -> Result<LeaseUsage> {
        let lease: Lease = self
            .query(federation, &QueryMsg::Lease { lease_id })
            .await?;
        Ok(LeaseUsage::from(&lease))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_submit_call_carries_the_records_as_the_contract_reads_them() {
        let record = SignedUsage {
            lease_id: 7,
            sequence: 3,
            gb: 12,
            period_start: 1_000,
            period_end: 4_600,
            signature: cosmwasm_std::Binary::from(vec![9u8; 64]),
        };
        let call = submit_usage_call("wasm1cloud", vec![record.clone()]).unwrap();
        assert_eq!(call.contract, "wasm1cloud");
        assert!(call.funds.is_empty());
        let msg: ExecuteMsg = serde_json::from_slice(&call.msg).unwrap();
        let ExecuteMsg::SubmitUsage { records } = msg else {
            panic!("not SubmitUsage: {msg:?}");
        };
        assert_eq!(records, vec![record]);
        assert_eq!(records[0].signature.len(), 64);
    }
}
