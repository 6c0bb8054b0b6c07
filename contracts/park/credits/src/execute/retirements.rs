//! Retirement certificates: made whenever credits become retired (at issuance, by their
//! holder, or on arrival of a transfer), indexed by holder and beneficiary, and announced in
//! a `credits_retired` event that carries everything the certificate says.

use cosmwasm_std::{Addr, Event, QuerierWrapper, Storage};
use ledger_contract_kit::Registry;
use ledger_contract_kit::sequence::next_id;
use ledger_types::meter::MeterKind;
use ledger_types::park::credits::{HistoryEntry, RetiredThrough, Retirement, RetirementTerms};

use crate::state::{
    LAST_RETIREMENT_ID, RETIREMENTS, RETIREMENTS_BY_BENEFICIARY, RETIREMENTS_BY_HOLDER,
    RETIREMENTS_BY_METER, StoredBatch, record_event,
};
use crate::validate;
use crate::{ContractError, ContractResult};

/// The terms validated and, when they claim a meter's consumption, checked against the
/// registry: a registered consumption meter owned by `holder` or by the address `holder`
/// retires on behalf of, and a period that ends after it starts.
pub fn checked_terms(
    querier: &QuerierWrapper,
    registry: &Registry,
    terms: RetirementTerms,
    holder: &Addr,
) -> ContractResult<RetirementTerms> {
    let terms = validate::terms(terms)?;
    let Some(claim) = &terms.consumption else {
        return Ok(terms);
    };
    if claim.period_from >= claim.period_to {
        return Err(ContractError::InvalidPeriod {
            from: claim.period_from,
            to: claim.period_to,
        });
    }
    let meter =
        registry
            .meter(querier, &claim.meter_id)
            .map_err(|_| ContractError::UnknownMeter {
                meter_id: claim.meter_id.clone(),
            })?;
    if meter.kind != MeterKind::Consumption {
        return Err(ContractError::NotAConsumptionMeter {
            meter_id: claim.meter_id.clone(),
        });
    }
    let on_behalf_of_owner = terms.on_behalf_of.as_deref() == Some(meter.owner.as_str());
    if meter.owner != *holder && !on_behalf_of_owner {
        return Err(ContractError::NotMeterOwner {
            meter_id: claim.meter_id.clone(),
            owner: meter.owner,
            holder: holder.clone(),
        });
    }
    Ok(terms)
}

/// A retirement about to be certified (the balances already moved by the caller).
pub struct NewRetirement<'a> {
    pub batch_id: u64,
    pub batch: &'a StoredBatch,
    pub holder: &'a Addr,
    pub amount: u64,
    pub terms: RetirementTerms,
    pub through: RetiredThrough,
    pub at: u64,
}

/// Stores the certificate and its `Retired` history entry; returns the event describing it.
pub fn certify(storage: &mut dyn Storage, new: NewRetirement) -> ContractResult<Event> {
    let id = next_id(storage, &LAST_RETIREMENT_ID)?;
    let retirement = Retirement {
        id,
        batch_id: new.batch_id,
        project_id: new.batch.project_id.clone(),
        class_id: new.batch.class_id.clone(),
        standard: new.batch.standard.clone(),
        vintage_start: new.batch.vintage_start,
        vintage_end: new.batch.vintage_end,
        holder: new.holder.to_string(),
        amount: new.amount,
        beneficiary: new.terms.beneficiary,
        on_behalf_of: new.terms.on_behalf_of,
        jurisdiction: new.terms.jurisdiction,
        reason: new.terms.reason,
        consumption: new.terms.consumption,
        through: new.through,
        retired_at: new.at,
    };
    RETIREMENTS.save(storage, id, &retirement)?;
    RETIREMENTS_BY_HOLDER.save(storage, (new.holder, id), &())?;
    RETIREMENTS_BY_BENEFICIARY.save(storage, (&retirement.beneficiary, id), &())?;
    if let Some(claim) = &retirement.consumption {
        RETIREMENTS_BY_METER.save(storage, (&claim.meter_id, id), &())?;
    }
    record_event(
        storage,
        new.batch_id,
        new.at,
        &[new.holder],
        HistoryEntry::Retired {
            holder: retirement.holder.clone(),
            amount: new.amount,
            retirement_id: id,
        },
    )?;
    Ok(Event::new("credits_retired")
        .add_attribute("retirement_id", id.to_string())
        .add_attribute("batch_id", new.batch_id.to_string())
        .add_attribute("standard", retirement.standard.registry_key())
        .add_attribute("holder", retirement.holder)
        .add_attribute("amount", new.amount.to_string())
        .add_attribute("beneficiary", retirement.beneficiary)
        .add_attribute("on_behalf_of", retirement.on_behalf_of.unwrap_or_default())
        .add_attribute("jurisdiction", retirement.jurisdiction)
        .add_attribute("reason", retirement.reason)
        .add_attribute(
            "meter_id",
            retirement
                .consumption
                .map(|claim| claim.meter_id)
                .unwrap_or_default(),
        ))
}
