//! Who may do what: the administrator check and the role rule other contracts rely on.

use cosmwasm_std::{Addr, MessageInfo, StdResult, Storage};
use ledger_contract_kit::pause::{self, Authority};
use ledger_types::admin::{ParticipantStatus, Role};

use crate::ContractError;
use crate::ContractResult;
use crate::state::{ADMIN, PARTICIPANTS};

/// Refuses anyone but the administrator; `action` completes "only the administrator may ...".
pub fn ensure_admin(storage: &dyn Storage, sender: &Addr, action: &str) -> ContractResult<()> {
    if ADMIN.load(storage)? == sender {
        Ok(())
    } else {
        Err(ContractError::NotAdmin {
            sender: sender.clone(),
            action: action.to_string(),
        })
    }
}

/// The guards of an administrator action that is refused while paused, in their order: no
/// funds attached, the registry running, the sender the administrator.
pub fn ensure_admin_action(
    storage: &dyn Storage,
    info: &MessageInfo,
    action: &str,
) -> ContractResult<()> {
    cw_utils::nonpayable(info)?;
    ensure_running(storage)?;
    ensure_admin(storage, &info.sender, action)
}

/// Whether `address` may act in `role` now: for [`Role::Admin`], being the administrator;
/// for any other role, being a registered, active, not blacklisted participant holding it.
pub fn has_role(storage: &dyn Storage, address: &Addr, role: Role) -> StdResult<bool> {
    if role == Role::Admin {
        return Ok(ADMIN.load(storage)? == address);
    }
    Ok(PARTICIPANTS.may_load(storage, address)?.is_some_and(|p| {
        p.status == ParticipantStatus::Active && p.blacklisted.is_none() && p.roles.contains(&role)
    }))
}

/// Refuses anyone who is neither the administrator nor able to act as a blacklister.
pub fn ensure_blacklister(storage: &dyn Storage, sender: &Addr) -> ContractResult<()> {
    if has_role(storage, sender, Role::Admin)? || has_role(storage, sender, Role::Blacklister)? {
        Ok(())
    } else {
        Err(ContractError::NotBlacklister {
            sender: sender.clone(),
        })
    }
}

/// Refuses while the registry is paused (`common.paused`).
pub fn ensure_running(storage: &dyn Storage) -> ContractResult<()> {
    Ok(pause::ensure_running(storage)?)
}

/// Who may pause and resume the registry, answered from its own storage (the registry cannot
/// query itself): guardians and the administrator pause; only the administrator resumes.
/// Decided for one sender before the pause's storage is borrowed for writing.
pub struct OwnAuthority {
    sender: Addr,
    may_pause: bool,
    may_unpause: bool,
}

impl OwnAuthority {
    pub fn for_sender(storage: &dyn Storage, sender: &Addr) -> StdResult<Self> {
        let admin = has_role(storage, sender, Role::Admin)?;
        Ok(OwnAuthority {
            sender: sender.clone(),
            may_pause: admin || has_role(storage, sender, Role::Guardian)?,
            may_unpause: admin,
        })
    }
}

impl Authority for OwnAuthority {
    fn may_pause(&self, sender: &Addr) -> StdResult<bool> {
        Ok(*sender == self.sender && self.may_pause)
    }

    fn may_unpause(&self, sender: &Addr) -> StdResult<bool> {
        Ok(*sender == self.sender && self.may_unpause)
    }
}
