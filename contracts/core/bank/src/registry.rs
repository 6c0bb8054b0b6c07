//! Questions the bank asks the registry (the admin contract): who is a bank operator, which
//! contract reports a meter's billing, and how a participant stands (blacklisted, suspended).
//! The questions themselves are the shared [`ledger_contract_kit::Registry`]'s.

use std::collections::BTreeMap;

use cosmwasm_std::{Addr, QuerierWrapper};
use ledger_contract_kit::{GuardError, Registry};
use ledger_types::admin::{MeterInfo, ParticipantStatus, Role, Standing};
use ledger_types::bank::Instalment;

use crate::ContractError;
use crate::ContractResult;

/// Refuses `sender` unless the registry says it may act as a bank operator now.
pub fn ensure_bank_operator(
    querier: &QuerierWrapper,
    registry: &Registry,
    sender: &Addr,
) -> ContractResult<()> {
    registry.ensure_role(querier, sender, Role::BankOperator, |sender| {
        ContractError::NotBankOperator { sender }
    })
}

/// The meter as the registry recorded it; `UnknownMeter` when it has no such meter.
pub fn meter(
    querier: &QuerierWrapper,
    registry: &Registry,
    meter_id: &str,
) -> ContractResult<MeterInfo> {
    registry
        .meter(querier, meter_id)
        .map_err(|_| ContractError::UnknownMeter {
            meter_id: meter_id.to_string(),
        })
}

/// The meter, if `sender` is the contract the registry recorded for it; refused otherwise.
pub fn ensure_meter_contract(
    querier: &QuerierWrapper,
    registry: &Registry,
    sender: &Addr,
    meter_id: &str,
) -> ContractResult<MeterInfo> {
    let info = meter(querier, registry, meter_id)?;
    if info.contract != *sender {
        return Err(ContractError::NotMeterContract {
            meter_id: meter_id.to_string(),
            expected: info.contract,
            sender: sender.clone(),
        });
    }
    Ok(info)
}

/// Refuses `address` as the holder of a prepaid balance receiving new value unless it is a
/// registered consumer that is neither blacklisted nor suspended.
pub fn ensure_prepaying_consumer(
    querier: &QuerierWrapper,
    registry: &Registry,
    address: &Addr,
) -> ContractResult<()> {
    let participant =
        registry
            .participant(querier, address)
            .map_err(|_| ContractError::NotAConsumer {
                address: address.clone(),
            })?;
    if let Some(reason) = participant.blacklisted {
        return Err(GuardError::Blacklisted {
            address: address.clone(),
            reason,
        }
        .into());
    }
    if participant.status == ParticipantStatus::Suspended {
        return Err(GuardError::Suspended {
            address: address.clone(),
        }
        .into());
    }
    if !participant.roles.contains(&Role::Consumer) {
        return Err(ContractError::NotAConsumer {
            address: address.clone(),
        });
    }
    Ok(())
}

/// Blacklisting as one action sees it: each address asked once.
pub struct Blacklist<'a> {
    registry: &'a Registry,
    querier: &'a QuerierWrapper<'a>,
    known: BTreeMap<Addr, Option<String>>,
}

impl<'a> Blacklist<'a> {
    pub fn new(registry: &'a Registry, querier: &'a QuerierWrapper<'a>) -> Self {
        Blacklist {
            registry,
            querier,
            known: BTreeMap::new(),
        }
    }

    /// The blacklisting reason of `address`, if blacklisted.
    pub fn reason(&mut self, address: &Addr) -> ContractResult<Option<String>> {
        if let Some(reason) = self.known.get(address) {
            return Ok(reason.clone());
        }
        let reason = match self.registry.standing(self.querier, address)? {
            Standing::Blacklisted { reason } => Some(reason),
            _ => None,
        };
        self.known.insert(address.clone(), reason.clone());
        Ok(reason)
    }

    /// The blacklisted party of an instalment (the consumer first, then the retailer) with
    /// the reason; `None` when the bank may pay it.
    pub fn barred(&mut self, inst: &Instalment) -> ContractResult<Option<(Addr, String)>> {
        for party in [&inst.consumer, &inst.retailer] {
            if let Some(reason) = self.reason(party)? {
                return Ok(Some((party.clone(), reason)));
            }
        }
        Ok(None)
    }

    /// Refuses an instalment a party of which is blacklisted.
    pub fn ensure_payable(&mut self, inst: &Instalment) -> ContractResult<()> {
        match self.barred(inst)? {
            Some((address, reason)) => Err(GuardError::Blacklisted { address, reason }.into()),
            None => Ok(()),
        }
    }
}
