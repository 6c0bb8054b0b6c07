//! Retirement certificates: made whenever credits become retired (at issuance, by their
//! holder, on arrival of a transfer or on purchase), indexed by holder, beneficiary, meter and
//! product, and announced in a `credits_retired` event that carries everything the
//! certificate says. A retirement against a product is also recorded by the footprints
//! contract, by a message in the same transaction, so that either both know it or neither.

use cosmwasm_std::{
    Addr, CosmosMsg, Event, QuerierWrapper, Response, Storage, WasmMsg, to_json_binary,
};
use ledger_contract_kit::Registry;
use ledger_contract_kit::sequence::next_id;
use ledger_types::meter::MeterKind;
use ledger_types::park::credits::{
    ConsumptionClaim, HistoryEntry, ProductClaim, RetiredThrough, Retirement, RetirementTerms,
};
use ledger_types::park::footprints;

use crate::state::{
    CONFIG, LAST_RETIREMENT_ID, RETIREMENTS, RETIREMENTS_BY_BENEFICIARY, RETIREMENTS_BY_HOLDER,
    RETIREMENTS_BY_METER, RETIREMENTS_BY_PRODUCT, StoredBatch, record_event,
};
use crate::validate;
use crate::{ContractError, ContractResult};

/// The terms validated and their claims checked: a consumption claim against the registry (a
/// registered consumption meter owned by `holder` or by the address `holder` retires on
/// behalf of, and a period that ends after it starts), a product claim against the footprints
/// contract (a published version of a product declared by one of the same two). A claim made
/// on behalf of another participant credits that participant with the retirement, so one
/// blacklisted or suspended is refused, as for any new value.
pub fn checked_terms(
    storage: &dyn Storage,
    querier: &QuerierWrapper,
    registry: &Registry,
    terms: RetirementTerms,
    holder: &Addr,
) -> ContractResult<RetirementTerms> {
    let terms = validate::terms(terms)?;
    if let Some(claim) = &terms.consumption {
        check_consumption(querier, registry, claim, &terms, holder)?;
    }
    if let Some(claim) = &terms.product {
        check_product(storage, querier, registry, claim, &terms, holder)?;
    }
    Ok(terms)
}

/// Refuses a claim made on behalf of `party` (not the holder) when the registry bars it.
fn ensure_party_may_receive(
    querier: &QuerierWrapper,
    registry: &Registry,
    party: &str,
    holder: &Addr,
) -> ContractResult<()> {
    if party != holder.as_str() {
        registry.ensure_may_receive(querier, &Addr::unchecked(party))?;
    }
    Ok(())
}

fn check_product(
    storage: &dyn Storage,
    querier: &QuerierWrapper,
    registry: &Registry,
    claim: &ProductClaim,
    terms: &RetirementTerms,
    holder: &Addr,
) -> ContractResult<()> {
    let Some(footprints) = CONFIG.load(storage)?.footprints else {
        return Err(ContractError::NoFootprints {
            product_id: claim.product_id.clone(),
        });
    };
    let unknown = || ContractError::UnknownFootprint {
        product_id: claim.product_id.clone(),
        version: claim.version,
    };
    let found: footprints::FootprintResponse = querier
        .query_wasm_smart(
            footprints,
            &footprints::QueryMsg::Footprint {
                product_id: claim.product_id.clone(),
                version: Some(claim.version),
            },
        )
        .map_err(|_| unknown())?;
    let company = found.ledger.company;
    if company != holder.as_str() && terms.on_behalf_of.as_deref() != Some(company.as_str()) {
        return Err(ContractError::NotProductCompany {
            product_id: claim.product_id.clone(),
            company,
            holder: holder.clone(),
        });
    }
    ensure_party_may_receive(querier, registry, &company, holder)
}

fn check_consumption(
    querier: &QuerierWrapper,
    registry: &Registry,
    claim: &ConsumptionClaim,
    terms: &RetirementTerms,
    holder: &Addr,
) -> ContractResult<()> {
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
    ensure_party_may_receive(querier, registry, meter.owner.as_str(), holder)
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

/// What certifying a retirement adds to the response: its event and, for a product claim, the
/// message that records it with the footprints contract.
pub struct Certified {
    event: Event,
    record: Option<CosmosMsg>,
}

impl Certified {
    pub fn add_to(self, response: Response) -> Response {
        let response = response.add_event(self.event);
        match self.record {
            Some(msg) => response.add_message(msg),
            None => response,
        }
    }
}

/// Stores the certificate and its `Retired` history entry; returns what the response must
/// carry of it.
pub fn certify(storage: &mut dyn Storage, new: NewRetirement) -> ContractResult<Certified> {
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
        product: new.terms.product,
        through: new.through,
        retired_at: new.at,
    };
    RETIREMENTS.save(storage, id, &retirement)?;
    RETIREMENTS_BY_HOLDER.save(storage, (new.holder, id), &())?;
    RETIREMENTS_BY_BENEFICIARY.save(storage, (&retirement.beneficiary, id), &())?;
    if let Some(claim) = &retirement.consumption {
        RETIREMENTS_BY_METER.save(storage, (&claim.meter_id, id), &())?;
    }
    let record = match &retirement.product {
        Some(claim) => {
            RETIREMENTS_BY_PRODUCT.save(storage, (&claim.product_id, id), &())?;
            Some(record_with_footprints(storage, &retirement, claim)?)
        }
        None => None,
    };
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
    let event = Event::new("credits_retired")
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
        )
        .add_attribute(
            "product",
            retirement
                .product
                .map(|claim| format!("{}@{}", claim.product_id, claim.version))
                .unwrap_or_default(),
        );
    Ok(Certified { event, record })
}

/// The message by which the footprints contract records a retirement against a product (the
/// claim was checked with it, so the contract is configured).
fn record_with_footprints(
    storage: &dyn Storage,
    retirement: &Retirement,
    claim: &ProductClaim,
) -> ContractResult<CosmosMsg> {
    let footprints =
        CONFIG
            .load(storage)?
            .footprints
            .ok_or_else(|| ContractError::NoFootprints {
                product_id: claim.product_id.clone(),
            })?;
    let record = footprints::ExecuteMsg::RecordRetirement {
        retirement: footprints::CreditRetirement {
            retirement_id: retirement.id,
            product_id: claim.product_id.clone(),
            version: claim.version,
            amount: retirement.amount,
            batch_id: retirement.batch_id,
            holder: retirement.holder.clone(),
            beneficiary: retirement.beneficiary.clone(),
            on_behalf_of: retirement.on_behalf_of.clone(),
            retired_at: retirement.retired_at,
        },
    };
    Ok(WasmMsg::Execute {
        contract_addr: footprints.to_string(),
        msg: to_json_binary(&record)?,
        funds: vec![],
    }
    .into())
}
