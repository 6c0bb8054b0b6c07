//! What the consumer's meter contract would refuse of a new meter, checked by the endpoint
//! before it instantiates the contract or sends it the meter. A refusal inside the meter
//! contract's own execution fails the whole packet, and the chain then writes an error
//! acknowledgement without the refusal's code (it keeps only the codespace of a failed
//! submessage); refused here, the router records the endpoint's stable code and its words.
//!
//! The meter id's form is the main chain registry's check, which every registration passes
//! before it is sent; whether the meter id is already here is `register`'s.

use cosmwasm_std::{Addr, Api, QuerierWrapper};
use ledger_contract_kit::adapters::{Tariff, UnknownTariff};
use ledger_types::meter::NewMeter;

use crate::meters::MeterContract;
use crate::{ContractError, ContractResult};

/// Length of a compressed secp256k1 public key.
const PUBKEY_LEN: usize = 33;

/// Refuses `meter` as the meter contract's `AddMeter` would at block time `now`: an unusable
/// key or retailer, a tariff the region's tariff contract does not know, one owned by another
/// retailer, or one with no version in force yet; and, when the consumer already has a meter
/// contract, that contract being paused.
pub fn ensure_addable(
    api: &dyn Api,
    querier: &QuerierWrapper,
    tariffs: &Tariff,
    meter: &NewMeter,
    contract: Option<&Addr>,
    consumer: &Addr,
    now: u64,
) -> ContractResult<()> {
    ensure_pubkey(api, meter)?;
    let retailer =
        api.addr_validate(&meter.retailer)
            .map_err(|err| ContractError::InvalidRetailer {
                meter_id: meter.meter_id.clone(),
                retailer: meter.retailer.clone(),
                reason: err.to_string(),
            })?;
    ensure_retailers_tariff_in_force(querier, tariffs, &meter.tariff_id, &retailer, now)?;
    if let Some(contract) = contract {
        if MeterContract(contract).pause_status(querier)?.paused {
            return Err(ContractError::MeterContractPaused {
                consumer: consumer.to_string(),
                contract: contract.to_string(),
            });
        }
    }
    Ok(())
}

/// The tariff exists, belongs to `retailer`, and has a version in force at `now`: the meter's
/// first bill is priced with the version in force when it starts.
fn ensure_retailers_tariff_in_force(
    querier: &QuerierWrapper,
    tariffs: &Tariff,
    tariff_id: &str,
    retailer: &Addr,
    now: u64,
) -> ContractResult<()> {
    let info = tariffs.known_tariff(querier, tariff_id).map_err(
        |UnknownTariff { tariff_id, reason }| ContractError::UnknownTariff { tariff_id, reason },
    )?;
    let owner = tariffs.owner(querier, tariff_id)?.owner;
    if owner.as_ref() != Some(retailer) {
        return Err(ContractError::TariffOfAnotherRetailer {
            tariff_id: tariff_id.to_string(),
            retailer: retailer.to_string(),
            owner: owner.map_or_else(|| "nobody yet".to_string(), |owner| owner.to_string()),
        });
    }
    let first = info.effective_from.first().copied().unwrap_or(u64::MAX);
    if first > now {
        return Err(ContractError::TariffNotInForce {
            tariff_id: tariff_id.to_string(),
            now,
            first,
        });
    }
    Ok(())
}

/// A compressed secp256k1 key that is a point of the curve, as the meter contract verifies
/// readings with.
fn ensure_pubkey(api: &dyn Api, meter: &NewMeter) -> ContractResult<()> {
    let invalid = |reason: String| ContractError::InvalidPubkey {
        meter_id: meter.meter_id.clone(),
        reason,
    };
    let key = meter.pubkey.as_slice();
    if key.len() != PUBKEY_LEN || !matches!(key.first(), Some(0x02 | 0x03)) {
        return Err(invalid(format!(
            "a compressed secp256k1 key is {PUBKEY_LEN} bytes starting with 0x02 or 0x03, got \
             {} bytes",
            key.len()
        )));
    }
    // Verifying any well-formed signature errs, rather than answering false, only when the
    // key is not a point of the curve.
    if api.secp256k1_verify(&[0; 32], &[1; 64], key).is_err() {
        return Err(invalid(
            "it is not a point of the secp256k1 curve".to_string(),
        ));
    }
    Ok(())
}
