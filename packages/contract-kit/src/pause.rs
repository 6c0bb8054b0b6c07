//! The emergency pause (see [`ledger_types::emergency`]): a guardian or the administrator
//! switches it on at once; only the registry's administrator switches it off.

use cosmwasm_std::{Addr, Env, QuerierWrapper, Response, StdResult, Storage};
use cw_storage_plus::Item;
use ledger_types::admin::Role;
use ledger_types::emergency::PauseStatus;
use serde::{Deserialize, Serialize};

use crate::{GuardError, Registry};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
struct Pause {
    by: Addr,
    since: u64,
    reason: String,
}

/// Present while paused. Its own key, so that adding the pause to a deployed contract needs
/// no state migration: an absent key is "running".
const PAUSE: Item<Pause> = Item::new("emergency_pause");

/// Longest pause reason, bytes.
pub const MAX_REASON_LEN: usize = 256;

/// Refuses with [`GuardError::Paused`] while the contract is paused. Every message that moves
/// value or changes records calls this first.
pub fn ensure_running(storage: &dyn Storage) -> Result<(), GuardError> {
    match PAUSE.may_load(storage)? {
        Some(pause) => Err(GuardError::Paused {
            by: pause.by,
            since: pause.since,
            reason: pause.reason,
        }),
        None => Ok(()),
    }
}

/// Whether the contract is paused, for its `PauseStatus` query.
pub fn status(storage: &dyn Storage) -> StdResult<PauseStatus> {
    Ok(match PAUSE.may_load(storage)? {
        Some(pause) => PauseStatus {
            paused: true,
            by: Some(pause.by),
            since: Some(pause.since),
            reason: Some(pause.reason),
        },
        None => PauseStatus {
            paused: false,
            by: None,
            since: None,
            reason: None,
        },
    })
}

/// Who may pause and resume, as the caller knows it: asked of the registry by every contract
/// but the registry itself, which answers from its own storage.
pub trait Authority {
    fn may_pause(&self, sender: &Addr) -> StdResult<bool>;
    fn may_unpause(&self, sender: &Addr) -> StdResult<bool>;
}

/// The registry's answer: guardians and the administrator pause; the administrator resumes.
pub struct RegistryAuthority<'a> {
    pub registry: &'a Registry,
    pub querier: &'a QuerierWrapper<'a>,
}

impl Authority for RegistryAuthority<'_> {
    fn may_pause(&self, sender: &Addr) -> StdResult<bool> {
        Ok(self
            .registry
            .has_role(self.querier, sender, Role::Guardian)?
            || self.registry.has_role(self.querier, sender, Role::Admin)?)
    }

    fn may_unpause(&self, sender: &Addr) -> StdResult<bool> {
        self.registry.has_role(self.querier, sender, Role::Admin)
    }
}

/// Pauses the contract. Refused for anyone but a guardian or the administrator, for an
/// overlong reason, and when already paused. An empty reason is recorded as "no reason given":
/// in an emergency nobody should be slowed down by wording.
pub fn pause(
    storage: &mut dyn Storage,
    authority: &dyn Authority,
    env: &Env,
    sender: &Addr,
    reason: String,
) -> Result<Response, GuardError> {
    if !authority.may_pause(sender)? {
        return Err(GuardError::NotGuardian {
            sender: sender.clone(),
        });
    }
    if PAUSE.may_load(storage)?.is_some() {
        return Err(GuardError::PauseUnchanged {
            state: "paused".to_string(),
        });
    }
    let mut reason = reason.trim().to_string();
    if reason.is_empty() {
        reason = "no reason given".to_string();
    }
    if reason.len() > MAX_REASON_LEN {
        return Err(GuardError::PauseReasonTooLong {
            len: reason.len(),
            max: MAX_REASON_LEN,
        });
    }
    PAUSE.save(
        storage,
        &Pause {
            by: sender.clone(),
            since: env.block.time.seconds(),
            reason: reason.clone(),
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "pause")
        .add_attribute("by", sender)
        .add_attribute("reason", reason))
}

/// Resumes the contract. Refused for anyone but the administrator, and when not paused.
pub fn unpause(
    storage: &mut dyn Storage,
    authority: &dyn Authority,
    sender: &Addr,
) -> Result<Response, GuardError> {
    if !authority.may_unpause(sender)? {
        return Err(GuardError::NotAdminToUnpause {
            sender: sender.clone(),
        });
    }
    if PAUSE.may_load(storage)?.is_none() {
        return Err(GuardError::PauseUnchanged {
            state: "running".to_string(),
        });
    }
    PAUSE.remove(storage);
    Ok(Response::new()
        .add_attribute("action", "unpause")
        .add_attribute("by", sender))
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::{MockStorage, mock_env};

    use super::*;

    struct Fixed;
    impl Authority for Fixed {
        fn may_pause(&self, sender: &Addr) -> StdResult<bool> {
            Ok(sender.as_str() == "guardian" || sender.as_str() == "admin")
        }
        fn may_unpause(&self, sender: &Addr) -> StdResult<bool> {
            Ok(sender.as_str() == "admin")
        }
    }

    fn addr(name: &str) -> Addr {
        Addr::unchecked(name)
    }

    #[test]
    fn a_guardian_pauses_and_only_the_administrator_resumes() {
        let mut storage = MockStorage::new();
        let env = mock_env();
        assert_eq!(ensure_running(&storage), Ok(()));
        assert_eq!(
            pause(&mut storage, &Fixed, &env, &addr("mallory"), "x".into()),
            Err(GuardError::NotGuardian {
                sender: addr("mallory")
            })
        );
        assert!(!status(&storage).unwrap().paused);

        pause(
            &mut storage,
            &Fixed,
            &env,
            &addr("guardian"),
            " keys leaked ".into(),
        )
        .unwrap();
        assert_eq!(
            ensure_running(&storage),
            Err(GuardError::Paused {
                by: addr("guardian"),
                since: env.block.time.seconds(),
                reason: "keys leaked".into(),
            })
        );
        assert_eq!(
            pause(&mut storage, &Fixed, &env, &addr("admin"), "again".into()),
            Err(GuardError::PauseUnchanged {
                state: "paused".into()
            })
        );
        assert_eq!(
            unpause(&mut storage, &Fixed, &addr("guardian")),
            Err(GuardError::NotAdminToUnpause {
                sender: addr("guardian")
            })
        );
        assert!(status(&storage).unwrap().paused);

        unpause(&mut storage, &Fixed, &addr("admin")).unwrap();
        assert_eq!(ensure_running(&storage), Ok(()));
        assert_eq!(
            unpause(&mut storage, &Fixed, &addr("admin")),
            Err(GuardError::PauseUnchanged {
                state: "running".into()
            })
        );
    }
}
