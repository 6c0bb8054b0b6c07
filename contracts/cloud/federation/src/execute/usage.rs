//! Usage records of running leases, signed by the provider's metering agent over the
//! canonical bytes of `ledger_types::cloud::usage`, verified here one by one. A batch is
//! accepted whole or not at all.

use cosmwasm_std::{DepsMut, Env, Response};
use ledger_types::cloud::usage::digest;
use ledger_types::cloud::{LeaseStatus, MAX_USAGE_BATCH, SignedUsage};

use crate::execute::leases::{load_lease, not_running};
use crate::registry::load_org;
use crate::state::LEASES;
use crate::{ContractError, ContractResult};

/// Anyone relays signed usage records; the signatures are the authority.
pub fn submit(deps: DepsMut, env: Env, records: Vec<SignedUsage>) -> ContractResult {
    if records.is_empty() {
        return Err(ContractError::EmptyUsageBatch {});
    }
    if records.len() > MAX_USAGE_BATCH {
        return Err(ContractError::TooManyUsageRecords {
            count: records.len(),
            max: MAX_USAGE_BATCH,
        });
    }
    let now = env.block.time.seconds();
    let (chain_id, contract) = (env.block.chain_id.as_str(), env.contract.address.as_str());
    let mut total_gb: u64 = 0;
    for record in &records {
        // Loaded afresh for each record, so that a batch may carry several of one lease.
        let mut lease = load_lease(deps.storage, record.lease_id)?;
        let (lease_id, sequence) = (record.lease_id, record.sequence);
        if lease.status != LeaseStatus::Running {
            return Err(not_running(&lease));
        }
        let provider = load_org(deps.storage, &lease.provider)?;
        let key = provider
            .agent_key
            .ok_or_else(|| ContractError::NoAgentKey {
                provider: lease.provider.clone(),
            })?;
        let verified = deps
            .api
            .secp256k1_verify(&digest(chain_id, contract, record), &record.signature, &key)
            .unwrap_or(false);
        if !verified {
            return Err(ContractError::BadUsageSignature {
                lease_id,
                sequence,
                provider: lease.provider,
            });
        }
        if sequence <= lease.usage_sequence {
            return Err(ContractError::UsageSequence {
                lease_id,
                sequence,
                last: lease.usage_sequence,
            });
        }
        if record.period_start >= record.period_end {
            return Err(ContractError::UsagePeriodInvalid {
                lease_id,
                sequence,
                start: record.period_start,
                end: record.period_end,
            });
        }
        let from = lease.usage_until.max(lease.started_at.unwrap_or_default());
        // A host is not held past its holding period, so nothing is metered after it.
        if record.period_start < from {
            return Err(ContractError::UsagePeriodOverlap {
                lease_id,
                sequence,
                start: record.period_start,
                from,
            });
        }
        let started_at = lease.started_at.unwrap_or_default();
        let holding_ends_at = started_at.saturating_add(lease.holding_seconds);
        if record.period_end > holding_ends_at {
            return Err(ContractError::UsageAfterHoldingEnd {
                lease_id,
                sequence,
                end: record.period_end,
                holding_ends_at,
            });
        }
        if record.period_end > now {
            return Err(ContractError::UsageInFuture {
                lease_id,
                sequence,
                end: record.period_end,
                now,
            });
        }
        lease.usage_gb = lease.usage_gb.checked_add(record.gb).ok_or_else(|| {
            cosmwasm_std::OverflowError::new(cosmwasm_std::OverflowOperation::Add)
        })?;
        lease.usage_sequence = sequence;
        lease.usage_until = record.period_end;
        LEASES.save(deps.storage, lease_id, &lease)?;
        total_gb = total_gb.saturating_add(record.gb);
    }
    let leases: Vec<String> = records.iter().map(|r| r.lease_id.to_string()).collect();
    Ok(Response::new()
        .add_attribute("action", "submit_usage")
        .add_attribute("records", records.len().to_string())
        .add_attribute("lease_ids", leases.join(","))
        .add_attribute("gb", total_gb.to_string()))
}
