//! Batches: an issuer of the class proposes (reserving the serial range), a verifier of the
//! standard other than the proposer approves (issuing the credits to the holders) or rejects
//! (freeing the range).

use std::collections::BTreeSet;

use cosmwasm_std::{Addr, DepsMut, Env, Event, MessageInfo, Response, Storage};
use ledger_contract_kit::sequence::next_id;
use ledger_types::park::credits::{
    BatchIssuance, BatchStatus, BatchTotals, HistoryEntry, MAX_HOLDERS, MAX_METADATA_LEN,
    MAX_REASON_LEN, RetiredThrough,
};

use crate::execute::classes::ensure_issuer;
use crate::execute::retirements::{NewRetirement, certify, checked_terms};
use crate::execute::{add, sub};
use crate::registry::{ensure_in_good_standing, load_registry};
use crate::serials;
use crate::state::{
    BATCHES, CLASSES, HOLDINGS, LAST_BATCH_ID, PROJECTS, StoredBatch, VERIFIERS, record_event,
};
use crate::validate;
use crate::{ContractError, ContractResult};

/// What an issuer proposes.
pub struct Proposal {
    pub project_id: String,
    pub vintage_start: u64,
    pub vintage_end: u64,
    pub serial_first: u64,
    pub serial_last: u64,
    pub issuance: Vec<BatchIssuance>,
    pub metadata: String,
}

/// The status's name, for refusals.
pub fn status_name(status: &BatchStatus) -> &'static str {
    match status {
        BatchStatus::Proposed => "proposed",
        BatchStatus::Issued { .. } => "issued",
        BatchStatus::Rejected { .. } => "rejected",
    }
}

pub fn propose_batch(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    proposal: Proposal,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    let project = PROJECTS
        .may_load(deps.storage, &proposal.project_id)?
        .ok_or_else(|| ContractError::UnknownProject {
            id: proposal.project_id.clone(),
        })?;
    let class = CLASSES.load(deps.storage, &project.class_id)?;
    ensure_issuer(&class, &project.class_id, &info.sender)?;
    if proposal.vintage_start >= proposal.vintage_end {
        return Err(ContractError::InvalidVintage {
            start: proposal.vintage_start,
            end: proposal.vintage_end,
        });
    }
    let (first, last) = (proposal.serial_first, proposal.serial_last);
    if first > last {
        return Err(ContractError::InvalidSerialRange { first, last });
    }
    let serials = add(sub(last, first)?, 1)?;
    if proposal.issuance.is_empty() || proposal.issuance.len() > MAX_HOLDERS {
        return Err(ContractError::InvalidHolders {
            given: proposal.issuance.len(),
            max: MAX_HOLDERS,
        });
    }
    let mut recipients = BTreeSet::new();
    let mut issuance = Vec::with_capacity(proposal.issuance.len());
    let mut given = 0u64;
    for share in proposal.issuance {
        let recipient = deps.api.addr_validate(&share.recipient)?;
        if !recipients.insert(recipient.clone()) {
            return Err(ContractError::DuplicateHolder { recipient });
        }
        ensure_in_good_standing(&deps.querier, &registry, &recipient)?;
        let credits = add(share.tradable, share.retired)?;
        if credits == 0 {
            return Err(ContractError::ZeroAmount {
                field: format!("the issuance to {recipient}"),
            });
        }
        let retirement = match (share.retired, share.retirement) {
            (0, _) => None,
            (_, Some(terms)) => Some(checked_terms(
                deps.storage,
                &deps.querier,
                &registry,
                terms,
                &recipient,
            )?),
            (retired, None) => {
                return Err(ContractError::MissingRetirement { recipient, retired });
            }
        };
        given = add(given, credits)?;
        issuance.push(BatchIssuance {
            recipient: recipient.to_string(),
            tradable: share.tradable,
            retired: share.retired,
            retirement,
        });
    }
    if given != serials {
        return Err(ContractError::IssuanceMismatch { serials, given });
    }
    let metadata = validate::optional_text("metadata", &proposal.metadata, MAX_METADATA_LEN)?;
    serials::ensure_free(deps.storage, &class.standard, first, last)?;

    let id = next_id(deps.storage, &LAST_BATCH_ID)?;
    serials::reserve(deps.storage, &class.standard, first, last, id)?;
    let batch = StoredBatch {
        project_id: proposal.project_id,
        class_id: project.class_id,
        standard: class.standard,
        vintage_start: proposal.vintage_start,
        vintage_end: proposal.vintage_end,
        serial_first: first,
        serial_last: last,
        issuance,
        metadata,
        proposed_by: info.sender,
        proposed_at: env.block.time.seconds(),
        status: BatchStatus::Proposed,
        totals: BatchTotals::default(),
    };
    BATCHES.save(deps.storage, id, &batch)?;
    Ok(Response::new()
        .add_attribute("action", "propose_batch")
        .add_attribute("batch_id", id.to_string())
        .add_attribute("project_id", batch.project_id)
        .add_attribute("standard", batch.standard.registry_key())
        .add_attribute("serial_first", first.to_string())
        .add_attribute("serial_last", last.to_string())
        .add_attribute("credits", serials.to_string()))
}

/// The batch, if `sender` verifies its standard and it awaits sign-off.
fn awaiting_sign_off(
    storage: &dyn Storage,
    batch_id: u64,
    sender: &Addr,
) -> ContractResult<StoredBatch> {
    let batch = BATCHES
        .may_load(storage, batch_id)?
        .ok_or(ContractError::UnknownBatch { id: batch_id })?;
    let key = batch.standard.registry_key();
    if !VERIFIERS.has(storage, (&key, sender)) {
        return Err(ContractError::NotAVerifier {
            standard: key,
            address: sender.clone(),
        });
    }
    if batch.status != BatchStatus::Proposed {
        return Err(ContractError::NotProposed {
            batch_id,
            status: status_name(&batch.status).to_string(),
        });
    }
    Ok(batch)
}

pub fn approve_batch(deps: DepsMut, env: Env, info: MessageInfo, batch_id: u64) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    let mut batch = awaiting_sign_off(deps.storage, batch_id, &info.sender)?;
    // Third-party verification: not the proposer, nor anyone who issues or runs the class.
    let class = CLASSES.load(deps.storage, &batch.class_id)?;
    if batch.proposed_by == info.sender
        || class.admin == info.sender
        || class.issuers.contains(&info.sender)
    {
        return Err(ContractError::SelfVerification {
            batch_id,
            verifier: info.sender,
        });
    }
    // A holder barred since the proposal would receive value it may not hold.
    let mut holders = Vec::with_capacity(batch.issuance.len());
    for share in &batch.issuance {
        let holder = deps.api.addr_validate(&share.recipient)?;
        ensure_in_good_standing(&deps.querier, &registry, &holder)?;
        holders.push(holder);
    }

    let now = env.block.time.seconds();
    batch.status = BatchStatus::Issued {
        verifier: info.sender.to_string(),
        verified_at: now,
    };
    let mut response = Response::new()
        .add_attribute("action", "approve_batch")
        .add_attribute("batch_id", batch_id.to_string())
        .add_attribute("verifier", info.sender.as_str());
    let mut retirements = Vec::new();
    for (share, holder) in batch.issuance.iter().zip(&holders) {
        let mut holding = HOLDINGS
            .may_load(deps.storage, (holder, batch_id))?
            .unwrap_or_default();
        holding.tradable = add(holding.tradable, share.tradable)?;
        holding.retired = add(holding.retired, share.retired)?;
        HOLDINGS.save(deps.storage, (holder, batch_id), &holding)?;
        batch.totals.tradable = add(batch.totals.tradable, share.tradable)?;
        batch.totals.retired = add(batch.totals.retired, share.retired)?;
        batch.totals.issued = add(batch.totals.issued, add(share.tradable, share.retired)?)?;
        record_event(
            deps.storage,
            batch_id,
            now,
            &[holder],
            HistoryEntry::Issued {
                to: holder.to_string(),
                tradable: share.tradable,
                retired: share.retired,
            },
        )?;
        response = response.add_event(
            Event::new("credits_issued")
                .add_attribute("batch_id", batch_id.to_string())
                .add_attribute("to", holder.as_str())
                .add_attribute("tradable", share.tradable.to_string())
                .add_attribute("retired", share.retired.to_string()),
        );
        if let Some(terms) = &share.retirement {
            retirements.push((holder, share.retired, terms.clone()));
        }
    }
    for (holder, amount, terms) in retirements {
        let certified = certify(
            deps.storage,
            NewRetirement {
                batch_id,
                batch: &batch,
                holder,
                amount,
                terms,
                through: RetiredThrough::Issuance,
                at: now,
            },
        )?;
        response = certified.add_to(response);
    }
    BATCHES.save(deps.storage, batch_id, &batch)?;
    Ok(response
        .add_attribute("issued", batch.totals.issued.to_string())
        .add_attribute("retired", batch.totals.retired.to_string()))
}

pub fn reject_batch(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    batch_id: u64,
    reason: String,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    let mut batch = awaiting_sign_off(deps.storage, batch_id, &info.sender)?;
    let reason = validate::text("reason", &reason, MAX_REASON_LEN)?;
    serials::release(deps.storage, &batch.standard, batch.serial_first);
    batch.status = BatchStatus::Rejected {
        verifier: info.sender.to_string(),
        reason: reason.clone(),
        rejected_at: env.block.time.seconds(),
    };
    BATCHES.save(deps.storage, batch_id, &batch)?;
    Ok(Response::new()
        .add_attribute("action", "reject_batch")
        .add_attribute("batch_id", batch_id.to_string())
        .add_attribute("verifier", info.sender)
        .add_attribute("reason", reason)
        .add_attribute(
            "serials_freed",
            add(sub(batch.serial_last, batch.serial_first)?, 1)?.to_string(),
        ))
}
