//! Issuance: the market's, for the fills it settles, and the generator's own, for the output
//! of an hour no trade certified. Both go through the cap: the (meter, hour)'s running total
//! never passes what the meter signed for in the hour.

use std::collections::BTreeMap;

use cosmwasm_std::{Addr, DepsMut, Env, Event, MessageInfo, Response, Storage};
use ledger_contract_kit::Registry;
use ledger_contract_kit::sequence::next_id;
use ledger_types::park::certificates::{
    CertificateStatus, HOUR_SECONDS, HistoryEntry, MAX_ISSUE_BATCH, Origin, TradeCertificate,
};
use ledger_types::park::{EnergyType, Generator, QueryMsg as MarketQuery};

use crate::execute::generation::generated_wh;
use crate::registry::{ensure_in_good_standing, load_registry};
use crate::state::{
    CERTIFICATES, CERTIFIED, CONFIG, Certified, Config, LAST_CERTIFICATE_ID, OWNED,
    StoredCertificate, record_event,
};
use crate::{ContractError, ContractResult};

/// A certificate about to be issued, its energy already within the cap.
struct NewCertificate {
    meter_id: String,
    hour_start: u64,
    energy_wh: u64,
    energy_type: EnergyType,
    carbon_g_per_kwh: u32,
    owner: Addr,
    origin: Origin,
}

/// The market, on settlement: issues each certificate as far as its (meter, hour) has signed
/// energy left, in the order given. What does not fit is not issued and is reported in
/// `shortfall_wh`, so that the cap never fails the settlement.
pub fn issue(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    certificates: Vec<TradeCertificate>,
) -> ContractResult {
    let config = CONFIG.load(deps.storage)?;
    if info.sender != config.market {
        return Err(ContractError::NotTheMarket {
            market: config.market,
            sender: info.sender,
        });
    }
    if certificates.is_empty() {
        return Err(ContractError::EmptyIssue {});
    }
    if certificates.len() > MAX_ISSUE_BATCH {
        return Err(ContractError::TooManyCertificates {
            given: certificates.len(),
            max: MAX_ISSUE_BATCH,
        });
    }
    let mut owners = Vec::with_capacity(certificates.len());
    for c in &certificates {
        ensure_hour(c.hour_start)?;
        if c.energy_wh == 0 {
            return Err(ContractError::ZeroEnergy {
                meter_id: c.meter_id.clone(),
                hour_start: c.hour_start,
            });
        }
        owners.push(deps.api.addr_validate(&c.owner)?);
    }

    let registry = Registry::new(config.admin_contract.clone());
    // (meter, hour) → (signed, certified), each read once per message.
    let mut hours: BTreeMap<(String, u64), (u64, Certified)> = BTreeMap::new();
    let mut response = Response::new().add_attribute("action", "issue");
    let (mut issued, mut issued_wh, mut shortfall_wh) = (0u32, 0u64, 0u64);
    for (c, owner) in certificates.into_iter().zip(owners) {
        let key = (c.meter_id.clone(), c.hour_start);
        if !hours.contains_key(&key) {
            let signed = match generated_wh(&deps.querier, &registry, &c.meter_id, c.hour_start) {
                Ok(wh) => wh,
                // Readings the contract cannot count certify nothing; the settlement goes on.
                Err(
                    ContractError::TooManyReadings { .. } | ContractError::RegionalMeter { .. },
                ) => 0,
                Err(e) => return Err(e),
            };
            let certified = CERTIFIED
                .may_load(deps.storage, (&c.meter_id, c.hour_start))?
                .unwrap_or_default();
            hours.insert(key.clone(), (signed, certified));
        }
        let Some((signed, certified)) = hours.get_mut(&key) else {
            continue;
        };
        let fits = c.energy_wh.min(signed.saturating_sub(certified.energy_wh));
        shortfall_wh = shortfall_wh.saturating_add(c.energy_wh.saturating_sub(fits));
        if fits == 0 {
            continue;
        }
        certified.energy_wh = certified.energy_wh.saturating_add(fits);
        certified.certificates = certified.certificates.saturating_add(1);
        let new = NewCertificate {
            meter_id: c.meter_id,
            hour_start: c.hour_start,
            energy_wh: fits,
            energy_type: c.energy_type,
            carbon_g_per_kwh: c.carbon_g_per_kwh,
            owner,
            origin: Origin::Trade {
                slot: c.slot,
                fill_id: c.fill_id,
                seller: c.seller,
            },
        };
        let event = mint(deps.storage, &config, env.block.time.seconds(), new)?;
        response = response.add_event(event);
        issued += 1;
        issued_wh = issued_wh.saturating_add(fits);
    }
    for ((meter_id, hour_start), (_, certified)) in &hours {
        CERTIFIED.save(deps.storage, (meter_id, *hour_start), certified)?;
    }
    Ok(response
        .add_attribute("issued", issued.to_string())
        .add_attribute("issued_wh", issued_wh.to_string())
        .add_attribute("shortfall_wh", shortfall_wh.to_string()))
}

/// The generation meter's owner, once the hour has ended and the direct-issuance delay
/// passed: certifies what the meter signed for in the hour that nothing certified yet, in one
/// certificate of its own.
pub fn issue_unsold(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    meter_id: String,
    hour_start: u64,
) -> ContractResult {
    let config = CONFIG.load(deps.storage)?;
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    ensure_hour(hour_start)?;
    let generator: Generator = deps
        .querier
        .query_wasm_smart(
            &config.market,
            &MarketQuery::Generator {
                meter_id: meter_id.clone(),
            },
        )
        .map_err(|_| ContractError::UnknownGenerator {
            meter_id: meter_id.clone(),
        })?;
    if generator.owner != info.sender.as_str() {
        return Err(ContractError::NotGeneratorOwner {
            meter_id,
            owner: generator.owner,
            sender: info.sender,
        });
    }
    let now = env.block.time.seconds();
    let hour_end = hour_start.saturating_add(HOUR_SECONDS);
    let issuable_at = hour_end.saturating_add(config.direct_issuance_delay_seconds);
    if now < issuable_at {
        return Err(ContractError::TooEarly {
            meter_id,
            hour_start,
            issuable_at,
        });
    }
    let expired_at = hour_end.saturating_add(config.validity_seconds);
    if now >= expired_at {
        return Err(ContractError::HourExpired {
            hour_start,
            expired_at,
        });
    }
    let signed = generated_wh(&deps.querier, &registry, &meter_id, hour_start)?;
    let mut certified = CERTIFIED
        .may_load(deps.storage, (&meter_id, hour_start))?
        .unwrap_or_default();
    let remainder = signed.saturating_sub(certified.energy_wh);
    if remainder == 0 {
        return Err(ContractError::NothingToCertify {
            meter_id,
            hour_start,
            generated_wh: signed,
        });
    }
    certified.energy_wh = certified.energy_wh.saturating_add(remainder);
    certified.certificates = certified.certificates.saturating_add(1);
    CERTIFIED.save(deps.storage, (&meter_id, hour_start), &certified)?;
    let new = NewCertificate {
        meter_id,
        hour_start,
        energy_wh: remainder,
        energy_type: generator.energy_type,
        carbon_g_per_kwh: generator.carbon_g_per_kwh,
        owner: info.sender.clone(),
        origin: Origin::Unsold {
            generator: info.sender.to_string(),
        },
    };
    let event = mint(deps.storage, &config, now, new)?;
    Ok(Response::new()
        .add_attribute("action", "issue_unsold")
        .add_attribute("issued", "1")
        .add_attribute("issued_wh", remainder.to_string())
        .add_attribute("generated_wh", signed.to_string())
        .add_event(event))
}

fn ensure_hour(hour_start: u64) -> ContractResult<()> {
    if hour_start % HOUR_SECONDS != 0 {
        return Err(ContractError::InvalidHour { hour_start });
    }
    Ok(())
}

/// Stores a new certificate under its owner with its first history entry, and describes it
/// for indexers.
fn mint(
    storage: &mut dyn Storage,
    config: &Config,
    now: u64,
    new: NewCertificate,
) -> ContractResult<Event> {
    let id = next_id(storage, &LAST_CERTIFICATE_ID)?;
    let mut certificate = StoredCertificate {
        meter_id: new.meter_id,
        hour_start: new.hour_start,
        energy_wh: new.energy_wh,
        energy_type: new.energy_type,
        carbon_g_per_kwh: new.carbon_g_per_kwh,
        owner: new.owner,
        issued_at: now,
        expires_at: new
            .hour_start
            .saturating_add(HOUR_SECONDS)
            .saturating_add(config.validity_seconds),
        origin: new.origin,
        status: CertificateStatus::Active,
        events: 0,
    };
    let to = certificate.owner.to_string();
    record_event(
        storage,
        id,
        &mut certificate,
        now,
        HistoryEntry::Issued { to: to.clone() },
    )?;
    CERTIFICATES.save(storage, id, &certificate)?;
    OWNED.save(storage, (&certificate.owner, id), &())?;
    Ok(Event::new("certificate_issued")
        .add_attribute("id", id.to_string())
        .add_attribute("meter_id", certificate.meter_id)
        .add_attribute("hour_start", certificate.hour_start.to_string())
        .add_attribute("energy_wh", certificate.energy_wh.to_string())
        .add_attribute("energy_type", certificate.energy_type.as_str())
        .add_attribute("to", to)
        .add_attribute("expires_at", certificate.expires_at.to_string()))
}
