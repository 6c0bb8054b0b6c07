//! Holding a certificate: its owner hands it on whole, or claims it once and for all. Neither
//! is possible once it is claimed or expired.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, Storage};
use ledger_types::park::certificates::{
    CertificateStatus, HistoryEntry, MAX_BENEFICIARY_LEN, MAX_PURPOSE_LEN,
};

use crate::registry::{ensure_in_good_standing, load_registry};
use crate::state::{CERTIFICATES, OWNED, StoredCertificate, record_event};
use crate::{ContractError, ContractResult};

/// What a claim retires a certificate for.
pub struct ClaimTerms {
    pub beneficiary: String,
    pub purpose: String,
    pub period_from: u64,
    pub period_to: u64,
}

pub fn transfer(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    recipient: String,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    let now = env.block.time.seconds();
    let mut certificate = movable(deps.as_ref().storage, id, &info.sender, now)?;
    let recipient = deps.api.addr_validate(&recipient)?;
    if recipient == certificate.owner {
        return Err(ContractError::TransferToSelf {
            id,
            owner: recipient,
        });
    }
    ensure_in_good_standing(&deps.querier, &registry, &recipient)?;

    let from = certificate.owner.clone();
    OWNED.remove(deps.storage, (&from, id));
    OWNED.save(deps.storage, (&recipient, id), &())?;
    certificate.owner = recipient.clone();
    record_event(
        deps.storage,
        id,
        &mut certificate,
        now,
        HistoryEntry::Transferred {
            from: from.to_string(),
            to: recipient.to_string(),
        },
    )?;
    CERTIFICATES.save(deps.storage, id, &certificate)?;
    Ok(Response::new()
        .add_attribute("action", "transfer")
        .add_attribute("id", id.to_string())
        .add_attribute("meter_id", certificate.meter_id)
        .add_attribute("hour_start", certificate.hour_start.to_string())
        .add_attribute("energy_wh", certificate.energy_wh.to_string())
        .add_attribute("from", from)
        .add_attribute("to", recipient))
}

pub fn claim(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: u64,
    terms: ClaimTerms,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    let now = env.block.time.seconds();
    let mut certificate = movable(deps.as_ref().storage, id, &info.sender, now)?;
    let beneficiary = checked_text("beneficiary", terms.beneficiary, MAX_BENEFICIARY_LEN)?;
    let purpose = checked_text("purpose", terms.purpose, MAX_PURPOSE_LEN)?;
    if terms.period_from >= terms.period_to {
        return Err(ContractError::InvalidPeriod {
            from: terms.period_from,
            to: terms.period_to,
        });
    }

    certificate.status = CertificateStatus::Claimed {
        beneficiary: beneficiary.clone(),
        purpose: purpose.clone(),
        period_from: terms.period_from,
        period_to: terms.period_to,
        claimed_by: info.sender.to_string(),
        claimed_at: now,
    };
    record_event(
        deps.storage,
        id,
        &mut certificate,
        now,
        HistoryEntry::Claimed {
            by: info.sender.to_string(),
            beneficiary: beneficiary.clone(),
            purpose: purpose.clone(),
            period_from: terms.period_from,
            period_to: terms.period_to,
        },
    )?;
    CERTIFICATES.save(deps.storage, id, &certificate)?;
    Ok(Response::new()
        .add_attribute("action", "claim")
        .add_attribute("id", id.to_string())
        .add_attribute("meter_id", certificate.meter_id)
        .add_attribute("hour_start", certificate.hour_start.to_string())
        .add_attribute("energy_wh", certificate.energy_wh.to_string())
        .add_attribute("from", info.sender)
        .add_attribute("beneficiary", beneficiary)
        .add_attribute("purpose", purpose)
        .add_attribute("period_from", terms.period_from.to_string())
        .add_attribute("period_to", terms.period_to.to_string()))
}

/// The certificate, if `sender` owns it and it is neither claimed nor expired at `now`.
fn movable(
    storage: &dyn Storage,
    id: u64,
    sender: &Addr,
    now: u64,
) -> ContractResult<StoredCertificate> {
    let certificate = CERTIFICATES
        .may_load(storage, id)?
        .ok_or(ContractError::UnknownCertificate { id })?;
    if certificate.owner != *sender {
        return Err(ContractError::NotOwner {
            id,
            owner: certificate.owner,
            sender: sender.clone(),
        });
    }
    if matches!(certificate.status, CertificateStatus::Claimed { .. }) {
        return Err(ContractError::Claimed { id });
    }
    if certificate.expired_at(now) {
        return Err(ContractError::Expired {
            id,
            expired_at: certificate.expires_at,
        });
    }
    Ok(certificate)
}

/// `text` trimmed, if 1 to `max` bytes long.
fn checked_text(field: &str, text: String, max: usize) -> ContractResult<String> {
    let text = text.trim().to_string();
    if text.is_empty() || text.len() > max {
        return Err(ContractError::InvalidClaimText {
            field: field.to_string(),
            len: text.len(),
            max,
        });
    }
    Ok(text)
}
