//! The registry (the admin contract) as other contracts ask it: one typed adapter instead of
//! a copy of the same queries in every contract.

use cosmwasm_std::{Addr, DepsMut, Env, QuerierWrapper, Response, StdError, StdResult};
use ledger_types::admin::{MeterInfo, Participant, QueryMsg, Role, Standing};

use crate::GuardError;
use crate::pause::{self, RegistryAuthority};

/// The registry's address, with the questions contracts ask it.
#[derive(Clone, Debug, PartialEq)]
pub struct Registry(pub Addr);

impl Registry {
    pub fn new(address: Addr) -> Self {
        Registry(address)
    }

    pub fn address(&self) -> &Addr {
        &self.0
    }

    /// Whether `address` may act in `role` now (registered, active, not blacklisted, holding
    /// the role; for [`Role::Admin`], being the administrator).
    pub fn has_role(
        &self,
        querier: &QuerierWrapper,
        address: &Addr,
        role: Role,
    ) -> StdResult<bool> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::HasRole {
                address: address.to_string(),
                role,
            },
        )
    }

    /// Refuses `address` with the caller's own refusal (`refused(address)`) unless it may act
    /// in `role` now (see [`Registry::has_role`]).
    pub fn ensure_role<E: From<StdError>>(
        &self,
        querier: &QuerierWrapper,
        address: &Addr,
        role: Role,
        refused: impl FnOnce(Addr) -> E,
    ) -> Result<(), E> {
        if self.has_role(querier, address, role)? {
            Ok(())
        } else {
            Err(refused(address.clone()))
        }
    }

    /// How `address` stands: blacklisted, suspended, active or unregistered.
    pub fn standing(&self, querier: &QuerierWrapper, address: &Addr) -> StdResult<Standing> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::Standing {
                address: address.to_string(),
            },
        )
    }

    /// The participant record; an error when `address` is not registered.
    pub fn participant(&self, querier: &QuerierWrapper, address: &Addr) -> StdResult<Participant> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::Participant {
                address: address.to_string(),
            },
        )
    }

    /// The meter as the registry recorded it; an error when it has no such meter.
    pub fn meter(&self, querier: &QuerierWrapper, meter_id: &str) -> StdResult<MeterInfo> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::Meter {
                meter_id: meter_id.to_string(),
            },
        )
    }

    /// Refuses a blacklisted address: no value may reach or leave it. Suspended and
    /// unregistered addresses pass (see [`Registry::ensure_may_receive`] for new value).
    pub fn ensure_not_blacklisted(
        &self,
        querier: &QuerierWrapper,
        address: &Addr,
    ) -> Result<Standing, GuardError> {
        let standing = self.standing(querier, address)?;
        if let Standing::Blacklisted { reason } = standing {
            return Err(GuardError::Blacklisted {
                address: address.clone(),
                reason,
            });
        }
        Ok(standing)
    }

    /// Refuses a blacklisted or suspended address as the receiver or sender of new value (a
    /// deposit, a prepayment, a redemption, a draft): what [`Standing`] documents for both.
    /// Unregistered addresses pass; a contract that needs a registered participant checks its
    /// role as well.
    pub fn ensure_may_receive(
        &self,
        querier: &QuerierWrapper,
        address: &Addr,
    ) -> Result<Standing, GuardError> {
        match self.ensure_not_blacklisted(querier, address)? {
            Standing::Suspended => Err(GuardError::Suspended {
                address: address.clone(),
            }),
            standing => Ok(standing),
        }
    }

    /// Refuses `address` unless it is a registered participant, active and not blacklisted:
    /// a blacklisted or suspended one with the [`GuardError`] that says so, an unregistered one
    /// with the caller's own refusal (`unregistered(address)`).
    pub fn ensure_in_good_standing<E: From<StdError> + From<GuardError>>(
        &self,
        querier: &QuerierWrapper,
        address: &Addr,
        unregistered: impl FnOnce(Addr) -> E,
    ) -> Result<(), E> {
        match self.standing(querier, address)? {
            Standing::Active => Ok(()),
            Standing::Unregistered => Err(unregistered(address.clone())),
            Standing::Suspended => Err(GuardError::Suspended {
                address: address.clone(),
            }
            .into()),
            Standing::Blacklisted { reason } => Err(GuardError::Blacklisted {
                address: address.clone(),
                reason,
            }
            .into()),
        }
    }

    /// Pauses the calling contract, for a guardian or the administrator of this registry (see
    /// [`pause::pause`]). Every contract but the registry itself pauses this way.
    pub fn pause(
        &self,
        deps: DepsMut,
        env: &Env,
        sender: &Addr,
        reason: String,
    ) -> Result<Response, GuardError> {
        let authority = RegistryAuthority {
            registry: self,
            querier: &deps.querier,
        };
        pause::pause(deps.storage, &authority, env, sender, reason)
    }

    /// Resumes the calling contract, for the administrator of this registry only.
    pub fn unpause(&self, deps: DepsMut, sender: &Addr) -> Result<Response, GuardError> {
        let authority = RegistryAuthority {
            registry: self,
            querier: &deps.querier,
        };
        pause::unpause(deps.storage, &authority, sender)
    }
}

/// [`Registry::ensure_not_blacklisted`] for a contract that keeps the registry's address.
pub fn ensure_not_blacklisted(
    querier: &QuerierWrapper,
    registry: &Addr,
    address: &Addr,
) -> Result<Standing, GuardError> {
    Registry::new(registry.clone()).ensure_not_blacklisted(querier, address)
}

/// [`Registry::ensure_may_receive`] for a contract that keeps the registry's address.
pub fn ensure_may_receive(
    querier: &QuerierWrapper,
    registry: &Addr,
    address: &Addr,
) -> Result<Standing, GuardError> {
    Registry::new(registry.clone()).ensure_may_receive(querier, address)
}
