//! Generation meters: registered meters the registry's administrator vouches for, with the
//! energy type and carbon intensity their offers carry; and the certificates contract their
//! settled output is certified in, which the same administrator sets once.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response, StdResult};
use ledger_types::meter::MeterKind;
use ledger_types::park::EnergyType;
use ledger_types::park::certificates::{
    ConfigResponse as CertificatesConfig, QueryMsg as CertificatesQuery,
};

use crate::registry::{ensure_registry_admin, load_registry};
use crate::state::{CONFIG, GENERATORS, StoredGenerator};
use crate::{ContractError, ContractResult};

pub fn register(
    deps: DepsMut,
    info: MessageInfo,
    meter_id: String,
    energy_type: EnergyType,
    carbon_g_per_kwh: u32,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_registry_admin(&deps.querier, &registry, &info.sender)?;
    if GENERATORS.has(deps.storage, &meter_id) {
        return Err(ContractError::GeneratorExists { meter_id });
    }
    let meter = registry.meter(&deps.querier, &meter_id)?;
    if let Some(region) = meter.region {
        return Err(ContractError::RegionalMeter { meter_id, region });
    }
    if meter.kind != MeterKind::Generation {
        return Err(ContractError::NotAGenerationMeter {
            meter_id,
            kind: meter.kind.as_str().to_string(),
        });
    }
    let generator = StoredGenerator {
        owner: meter.owner,
        meter_contract: meter.contract,
        energy_type,
        carbon_g_per_kwh,
    };
    GENERATORS.save(deps.storage, &meter_id, &generator)?;
    Ok(Response::new()
        .add_attribute("action", "register_generator")
        .add_attribute("meter_id", meter_id)
        .add_attribute("owner", generator.owner)
        .add_attribute("energy_type", energy_type.as_str())
        .add_attribute("carbon_g_per_kwh", carbon_g_per_kwh.to_string()))
}

/// Sets the certificates contract, once: settlements issue in it from then on. Once only, so
/// that no (meter, hour) is ever certified in two contracts.
pub fn set_certificates(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    address: String,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_registry_admin(&deps.querier, &registry, &info.sender)?;
    let mut config = CONFIG.load(deps.storage)?;
    if let Some(address) = config.certificates {
        return Err(ContractError::CertificatesSet { address });
    }
    let address = deps.api.addr_validate(&address)?;
    // Set once and sent every settlement: a contract that would refuse the market's issuance
    // would hold every settlement, so it is asked now whether it takes ours.
    let answer: StdResult<CertificatesConfig> = deps
        .querier
        .query_wasm_smart(&address, &CertificatesQuery::Config {});
    let reason = match answer {
        Ok(c) if c.market == env.contract.address.as_str() => None,
        Ok(c) => Some(format!("it takes issuance from {}", c.market)),
        Err(e) => Some(e.to_string()),
    };
    if let Some(reason) = reason {
        return Err(ContractError::WrongCertificates { address, reason });
    }
    config.certificates = Some(address.clone());
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "set_certificates")
        .add_attribute("certificates", address))
}
