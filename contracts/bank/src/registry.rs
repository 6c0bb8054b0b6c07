//! Questions the bank asks the admin contract: who is a bank operator, which contract reports
//! a meter's billing, and who is blacklisted.

use cosmwasm_std::{Addr, QuerierWrapper};
use ledger_types::admin::{MeterInfo, Participant, QueryMsg as AdminQuery, Role};

use crate::ContractError;

/// Refuses `sender` unless the admin contract says it may act as a bank operator now.
pub fn ensure_bank_operator(
    querier: &QuerierWrapper,
    admin: &Addr,
    sender: &Addr,
) -> Result<(), ContractError> {
    let allowed: bool = querier.query_wasm_smart(
        admin,
        &AdminQuery::HasRole {
            address: sender.to_string(),
            role: Role::BankOperator,
        },
    )?;
    if allowed {
        Ok(())
    } else {
        Err(ContractError::NotBankOperator {
            sender: sender.clone(),
        })
    }
}

/// The meter as the admin contract registered it; `UnknownMeter` when it has no such meter.
pub fn meter(
    querier: &QuerierWrapper,
    admin: &Addr,
    meter_id: &str,
) -> Result<MeterInfo, ContractError> {
    querier
        .query_wasm_smart(
            admin,
            &AdminQuery::Meter {
                meter_id: meter_id.to_string(),
            },
        )
        .map_err(|_| ContractError::UnknownMeter {
            meter_id: meter_id.to_string(),
        })
}

/// The meter, if `sender` is the contract the admin recorded for it; refused otherwise.
pub fn ensure_meter_contract(
    querier: &QuerierWrapper,
    admin: &Addr,
    sender: &Addr,
    meter_id: &str,
) -> Result<MeterInfo, ContractError> {
    let info = meter(querier, admin, meter_id)?;
    if info.contract != *sender {
        return Err(ContractError::NotMeterContract {
            meter_id: meter_id.to_string(),
            expected: info.contract,
            sender: sender.clone(),
        });
    }
    Ok(info)
}

/// The blacklisting reason of a registered participant, if blacklisted.
pub fn blacklisting(
    querier: &QuerierWrapper,
    admin: &Addr,
    address: &Addr,
) -> Result<Option<String>, ContractError> {
    let participant: Participant = querier.query_wasm_smart(
        admin,
        &AdminQuery::Participant {
            address: address.to_string(),
        },
    )?;
    Ok(participant.blacklisted)
}

/// Refuses `address` as a holder of a prepaid balance unless it is a registered consumer
/// that is not blacklisted.
pub fn ensure_prepaying_consumer(
    querier: &QuerierWrapper,
    admin: &Addr,
    address: &Addr,
) -> Result<(), ContractError> {
    let participant: Participant = querier
        .query_wasm_smart(
            admin,
            &AdminQuery::Participant {
                address: address.to_string(),
            },
        )
        .map_err(|_| ContractError::NotAConsumer {
            address: address.clone(),
        })?;
    if let Some(reason) = participant.blacklisted {
        return Err(ContractError::Blacklisted {
            address: address.clone(),
            reason,
        });
    }
    if !participant.roles.contains(&Role::Consumer) {
        return Err(ContractError::NotAConsumer {
            address: address.clone(),
        });
    }
    Ok(())
}

/// Refuses a blacklisted address.
pub fn ensure_not_blacklisted(
    querier: &QuerierWrapper,
    admin: &Addr,
    address: &Addr,
) -> Result<(), ContractError> {
    match blacklisting(querier, admin, address)? {
        Some(reason) => Err(ContractError::Blacklisted {
            address: address.clone(),
            reason,
        }),
        None => Ok(()),
    }
}
