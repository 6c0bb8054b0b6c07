//! The two ways of changing tariffs: a new tariff, or a later version of one.

use cosmwasm_std::{Deps, DepsMut, Env, MessageInfo, Response};
use cw_utils::nonpayable;
use ledger_types::tariff::TariffComponents;

use ledger_contract_kit::Registry;
use ledger_contract_kit::pause;
use ledger_types::admin::Role;

use crate::ContractResult;
use crate::auth::{ensure_owner_or_admin, ensure_tariff_manager, holds};
use crate::query::load_header;
use crate::state::{CONFIG, MAX_VERSIONS, TARIFFS, TariffHeader, VERSIONS};
use crate::{ContractError, validate};

/// Refuses funds, a paused contract and a sender who may not manage tariffs, in that order.
fn ensure_manager_action(deps: Deps, info: &MessageInfo) -> ContractResult<()> {
    nonpayable(info)?;
    pause::ensure_running(deps.storage)?;
    ensure_tariff_manager(deps, &info.sender)
}

/// The response to a saved version: what was done, to which tariff, which version and from
/// when.
fn version_saved(action: &str, tariff_id: String, version: u32, effective_from: u64) -> Response {
    Response::new()
        .add_attribute("action", action)
        .add_attribute("tariff_id", tariff_id)
        .add_attribute("version", version.to_string())
        .add_attribute("effective_from", effective_from.to_string())
}

/// Admin or retailer: a new tariff whose first version applies from `effective_from`
/// (any time: nothing was priced with this tariff before).
pub fn create_tariff(
    deps: DepsMut,
    info: MessageInfo,
    tariff_id: String,
    name: String,
    utc_offset_minutes: i32,
    components: TariffComponents,
    effective_from: u64,
) -> ContractResult {
    ensure_manager_action(deps.as_ref(), &info)?;

    validate::tariff_id(&tariff_id)?;
    if TARIFFS.has(deps.storage, &tariff_id) {
        return Err(ContractError::TariffExists { tariff_id });
    }
    validate::name(&tariff_id, &name)?;
    validate::utc_offset(utc_offset_minutes)?;
    validate::components(&components)?;

    let header = TariffHeader {
        name,
        utc_offset_minutes,
        effective_from: vec![effective_from],
        owner: Some(info.sender.clone()),
    };
    TARIFFS.save(deps.storage, &tariff_id, &header)?;
    VERSIONS.save(deps.storage, (&tariff_id, 1), &components)?;

    Ok(version_saved("create_tariff", tariff_id, 1, effective_from)
        .add_attribute("utc_offset_minutes", utc_offset_minutes.to_string())
        .add_attribute("sender", info.sender))
}

/// The tariff's owner or the administrator: a version taking effect after the latest one and
/// not before now, so that the price of a period already running never changes.
pub fn add_version(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    tariff_id: String,
    components: TariffComponents,
    effective_from: u64,
) -> ContractResult {
    ensure_manager_action(deps.as_ref(), &info)?;

    let mut header = load_header(deps.storage, &tariff_id)?;
    ensure_owner_or_admin(
        deps.as_ref(),
        &info.sender,
        &tariff_id,
        header.owner.as_ref(),
    )?;
    validate::components(&components)?;
    if header.versions() >= MAX_VERSIONS {
        return Err(ContractError::TooManyVersions {
            tariff_id,
            max: MAX_VERSIONS,
        });
    }
    if let Some(&latest) = header.effective_from.last() {
        if effective_from <= latest {
            return Err(ContractError::EffectiveFromNotAfterLatest {
                tariff_id,
                effective_from,
                latest,
            });
        }
    }
    let now = env.block.time.seconds();
    if effective_from < now {
        return Err(ContractError::RetroactiveVersion {
            tariff_id,
            effective_from,
            now,
        });
    }

    header.effective_from.push(effective_from);
    let version = header.versions();
    TARIFFS.save(deps.storage, &tariff_id, &header)?;
    VERSIONS.save(deps.storage, (&tariff_id, version), &components)?;

    Ok(
        version_saved("add_version", tariff_id, version, effective_from)
            .add_attribute("sender", info.sender),
    )
}

/// The administrator: names the retailer a tariff belongs to (for tariffs created before
/// owners were recorded, or when a tariff changes hands).
pub fn set_tariff_owner(
    deps: DepsMut,
    info: MessageInfo,
    tariff_id: String,
    owner: String,
) -> ContractResult {
    nonpayable(&info)?;
    pause::ensure_running(deps.storage)?;
    if !holds(deps.as_ref(), &info.sender, Role::Admin)? {
        return Err(ContractError::NotAdministrator {
            sender: info.sender.to_string(),
            action: "name a tariff's owner",
        });
    }
    let mut header = load_header(deps.storage, &tariff_id)?;
    let owner = deps.api.addr_validate(&owner)?;
    if !holds(deps.as_ref(), &owner, Role::Retailer)? {
        return Err(ContractError::OwnerNotRetailer {
            owner: owner.to_string(),
            tariff_id,
        });
    }
    header.owner = Some(owner.clone());
    TARIFFS.save(deps.storage, &tariff_id, &header)?;
    Ok(Response::new()
        .add_attribute("action", "set_tariff_owner")
        .add_attribute("tariff_id", tariff_id)
        .add_attribute("owner", owner))
}

/// A guardian or the administrator: pauses tariff changes.
pub fn pause(deps: DepsMut, env: Env, info: MessageInfo, reason: String) -> ContractResult {
    nonpayable(&info)?;
    let registry = Registry::new(CONFIG.load(deps.storage)?.admin_contract);
    Ok(registry.pause(deps, &env, &info.sender, reason)?)
}

/// The administrator: lifts the pause.
pub fn unpause(deps: DepsMut, info: MessageInfo) -> ContractResult {
    nonpayable(&info)?;
    let registry = Registry::new(CONFIG.load(deps.storage)?.admin_contract);
    Ok(registry.unpause(deps, &info.sender)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract;
    use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};
    use crate::testing::{Setup, flat, tiered};
    use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};
    use cosmwasm_std::{Addr, Coin, StdError, Uint128, coins};
    use cw_utils::PaymentError;
    use ledger_contract_kit::GuardError;
    use ledger_types::tariff::{ExecuteMsg, InstantiateMsg, Tier, TimeOfUse};

    fn create_msg(tariff_id: &str, components: TariffComponents) -> ExecuteMsg {
        ExecuteMsg::CreateTariff {
            tariff_id: tariff_id.to_string(),
            name: "Home".to_string(),
            utc_offset_minutes: 60,
            components,
            effective_from: 1_000,
        }
    }

    fn version_msg(tariff_id: &str, effective_from: u64) -> ExecuteMsg {
        ExecuteMsg::AddVersion {
            tariff_id: tariff_id.to_string(),
            components: flat(30_000),
            effective_from,
        }
    }

    /// Runs `msg` from `sender` and asserts it fails with `expected`, leaving state untouched.
    fn assert_refused(s: &mut Setup, sender: &Addr, msg: ExecuteMsg, expected: ContractError) {
        assert_refused_with_funds(s, sender, msg, &[], expected);
    }

    /// [`assert_refused`] for `msg` sent with a coin attached: refused as not payable.
    fn assert_funds_refused(s: &mut Setup, sender: &Addr, msg: ExecuteMsg) {
        let not_payable = ContractError::Payment(PaymentError::NonPayable {});
        assert_refused_with_funds(s, sender, msg, &coins(1, "ustake"), not_payable);
    }

    /// [`assert_refused`] for `msg` sent with `funds`.
    fn assert_refused_with_funds(
        s: &mut Setup,
        sender: &Addr,
        msg: ExecuteMsg,
        funds: &[Coin],
        expected: ContractError,
    ) {
        let before = s.snapshot();
        let err = s.execute_with_funds(sender, msg, funds).unwrap_err();
        assert_eq!(err, expected);
        assert_eq!(s.snapshot(), before, "state changed on {expected}");
    }

    #[test]
    fn instantiate_stores_the_admin_contract_and_version() {
        let s = Setup::new();
        assert_eq!(s.config().admin_contract, s.admin_contract);
        let v = cw2::get_contract_version(&s.deps.storage).unwrap();
        assert_eq!(
            (v.contract.as_str(), v.version.as_str()),
            (CONTRACT_NAME, CONTRACT_VERSION)
        );
    }

    #[test]
    fn instantiate_refuses_bad_input() {
        let mut deps = mock_dependencies();
        let creator = deps.api.addr_make("creator");
        let err = contract::instantiate(
            deps.as_mut(),
            mock_env(),
            message_info(&creator, &[]),
            InstantiateMsg {
                admin_contract: "not an address".to_string(),
            },
        )
        .unwrap_err();
        assert!(matches!(
            err,
            ContractError::Guard(GuardError::Std(StdError::GenericErr { .. }))
        ));
        let admin_contract = deps.api.addr_make("admin-contract").to_string();
        let err = contract::instantiate(
            deps.as_mut(),
            mock_env(),
            message_info(&creator, &coins(5, "ustake")),
            InstantiateMsg { admin_contract },
        )
        .unwrap_err();
        assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
        assert!(CONFIG.may_load(&deps.storage).unwrap().is_none());
    }

    #[test]
    fn admin_and_retailer_create_tariffs() {
        let mut s = Setup::new();
        let (admin, retailer) = (s.admin.clone(), s.retailer.clone());
        let res = s.execute(&admin, create_msg("home", flat(23_450))).unwrap();
        let attrs: Vec<(&str, &str)> = res
            .attributes
            .iter()
            .map(|a| (a.key.as_str(), a.value.as_str()))
            .collect();
        assert_eq!(
            attrs,
            vec![
                ("action", "create_tariff"),
                ("tariff_id", "home"),
                ("version", "1"),
                ("effective_from", "1000"),
                ("utc_offset_minutes", "60"),
                ("sender", admin.as_str()),
            ]
        );
        s.execute(&retailer, create_msg("business", tiered()))
            .unwrap();

        let info = s.tariff("home");
        assert_eq!(info.name, "Home");
        assert_eq!(info.utc_offset_minutes, 60);
        assert_eq!(info.versions, 1);
        assert_eq!(info.effective_from, vec![1_000]);
        assert_eq!(s.version("home", 1).components, flat(23_450));
        assert_eq!(s.version("business", 1).components, tiered());
    }

    #[test]
    fn the_first_version_may_start_in_the_past() {
        let mut s = Setup::new();
        let admin = s.admin.clone();
        let mut msg = create_msg("old", flat(1));
        if let ExecuteMsg::CreateTariff { effective_from, .. } = &mut msg {
            *effective_from = 0;
        }
        s.execute(&admin, msg).unwrap();
        assert_eq!(s.tariff("old").effective_from, vec![0]);
    }

    #[test]
    fn create_tariff_refuses_strangers_and_funds() {
        let mut s = Setup::new();
        let (admin, stranger, consumer) = (s.admin.clone(), s.stranger.clone(), s.consumer.clone());
        s.execute(&admin, create_msg("home", flat(1))).unwrap();
        for sender in [&stranger, &consumer] {
            assert_refused(
                &mut s,
                sender,
                create_msg("other", flat(2)),
                ContractError::Unauthorized {
                    sender: sender.to_string(),
                },
            );
        }
        // Funds are refused before anything else, even from the admin.
        assert_funds_refused(&mut s, &admin, create_msg("paid", flat(1)));
    }

    #[test]
    fn create_tariff_refuses_bad_ids_and_names() {
        let mut s = Setup::new();
        let admin = s.admin.clone();
        s.execute(&admin, create_msg("home", flat(1))).unwrap();

        // A new tariff "n" with a name and an offset of its own.
        let create_n = |name: String, utc_offset_minutes: i32| ExecuteMsg::CreateTariff {
            tariff_id: "n".to_string(),
            name,
            utc_offset_minutes,
            components: flat(1),
            effective_from: 0,
        };
        let mut cases = vec![
            (create_msg("", flat(1)), ContractError::EmptyTariffId),
            (
                create_msg(&"x".repeat(65), flat(1)),
                ContractError::TariffIdTooLong {
                    length: 65,
                    max: 64,
                },
            ),
            (
                create_msg("home/2", flat(1)),
                ContractError::TariffIdInvalidCharacter {
                    tariff_id: "home/2".to_string(),
                    character: '/',
                },
            ),
            (
                create_msg("home", flat(99)),
                ContractError::TariffExists {
                    tariff_id: "home".to_string(),
                },
            ),
            (
                create_n(String::new(), 0),
                ContractError::EmptyName {
                    tariff_id: "n".to_string(),
                },
            ),
            (
                create_n("n".repeat(129), 0),
                ContractError::NameTooLong {
                    tariff_id: "n".to_string(),
                    length: 129,
                    max: 128,
                },
            ),
        ];
        for minutes in [-721, 841, i32::MIN] {
            cases.push((
                create_n("N".to_string(), minutes),
                ContractError::InvalidUtcOffset { minutes },
            ));
        }
        for (msg, expected) in cases {
            assert_refused(&mut s, &admin, msg, expected);
        }
    }

    #[test]
    fn create_tariff_refuses_bad_components() {
        let mut s = Setup::new();
        let admin = s.admin.clone();
        s.execute(&admin, create_msg("home", flat(1))).unwrap();

        let bounded_last = TariffComponents {
            tiers: Some(vec![Tier {
                up_to_wh: Some(100),
                price_per_mwh: Uint128::new(1),
            }]),
            ..Default::default()
        };
        let bad_tou = TariffComponents {
            time_of_use: Some(TimeOfUse {
                band_names: vec!["peak".to_string()],
                band_prices: vec![Uint128::new(1)],
                weekday: vec![vec![0; 24]; 12],
                weekend: vec![vec![0; 24]; 11],
            }),
            ..Default::default()
        };
        let high_tax = TariffComponents {
            tax_bps: Some(10_001),
            ..flat(1)
        };
        for (components, expected) in [
            (TariffComponents::default(), ContractError::EmptyTariff),
            (
                bounded_last,
                ContractError::LastTierBounded { up_to_wh: 100 },
            ),
            (
                bad_tou,
                ContractError::TouTableMonths {
                    table: "weekend".to_string(),
                    rows: 11,
                },
            ),
            (high_tax, ContractError::TaxTooHigh { tax_bps: 10_001 }),
        ] {
            assert_refused(&mut s, &admin, create_msg("new", components), expected);
        }
    }

    #[test]
    fn add_version_appends_a_later_version() {
        let mut s = Setup::new();
        let (admin, retailer) = (s.admin.clone(), s.retailer.clone());
        // The retailer's own tariff: it and the administrator add versions.
        s.execute(&retailer, create_msg("home", flat(1))).unwrap();
        let now = s.env.block.time.seconds();

        let res = s.execute(&retailer, version_msg("home", now)).unwrap();
        assert_eq!(res.attributes[0].value, "add_version");
        assert_eq!(res.attributes[2].value, "2");
        s.execute(&admin, version_msg("home", now + 10)).unwrap();

        let info = s.tariff("home");
        assert_eq!(info.versions, 3);
        assert_eq!(info.effective_from, vec![1_000, now, now + 10]);
        assert_eq!(s.version("home", 2).components, flat(30_000));
        assert_eq!(s.version("home", 3).effective_from, now + 10);
    }

    #[test]
    fn add_version_refuses_strangers_and_funds() {
        let mut s = Setup::new();
        let (admin, stranger) = (s.admin.clone(), s.stranger.clone());
        s.execute(&admin, create_msg("home", flat(1))).unwrap();
        let later = s.env.block.time.seconds() + 100;
        assert_refused(
            &mut s,
            &stranger,
            version_msg("home", later),
            ContractError::Unauthorized {
                sender: stranger.to_string(),
            },
        );
        assert_funds_refused(&mut s, &admin, version_msg("home", later));
    }

    #[test]
    fn add_version_refuses_bad_input() {
        let mut s = Setup::new();
        let admin = s.admin.clone();
        let now = s.env.block.time.seconds();
        s.execute(&admin, create_msg("home", flat(1))).unwrap();
        s.execute(&admin, version_msg("home", now + 500)).unwrap();

        assert_refused(
            &mut s,
            &admin,
            version_msg("nope", now + 1_000),
            ContractError::TariffNotFound {
                tariff_id: "nope".to_string(),
            },
        );
        assert_refused(
            &mut s,
            &admin,
            ExecuteMsg::AddVersion {
                tariff_id: "home".to_string(),
                components: TariffComponents::default(),
                effective_from: now + 1_000,
            },
            ContractError::EmptyTariff,
        );
        for effective_from in [now + 500, now + 499] {
            assert_refused(
                &mut s,
                &admin,
                version_msg("home", effective_from),
                ContractError::EffectiveFromNotAfterLatest {
                    tariff_id: "home".to_string(),
                    effective_from,
                    latest: now + 500,
                },
            );
        }
    }

    #[test]
    fn add_version_refuses_retroactive_dates() {
        let mut s = Setup::new();
        let admin = s.admin.clone();
        let now = s.env.block.time.seconds();
        s.execute(&admin, create_msg("home", flat(1))).unwrap();
        // After the latest version (1_000) but before the block time.
        assert_refused(
            &mut s,
            &admin,
            version_msg("home", now - 1),
            ContractError::RetroactiveVersion {
                tariff_id: "home".to_string(),
                effective_from: now - 1,
                now,
            },
        );
    }

    #[test]
    fn versions_are_capped() {
        let mut s = Setup::new();
        let admin = s.admin.clone();
        let now = s.env.block.time.seconds();
        s.execute(&admin, create_msg("home", flat(1))).unwrap();
        for i in 1..u64::from(MAX_VERSIONS) {
            s.execute(&admin, version_msg("home", now + i)).unwrap();
        }
        assert_eq!(s.tariff("home").versions, MAX_VERSIONS);
        assert_refused(
            &mut s,
            &admin,
            version_msg("home", now + 1_000),
            ContractError::TooManyVersions {
                tariff_id: "home".to_string(),
                max: MAX_VERSIONS,
            },
        );
    }

    #[test]
    fn an_unreachable_admin_contract_refuses_everyone() {
        let mut s = Setup::new();
        let admin = s.admin.clone();
        s.deps.querier.update_wasm(|_| {
            cosmwasm_std::SystemResult::Err(cosmwasm_std::SystemError::NoSuchContract {
                addr: "admin".to_string(),
            })
        });
        let before = s.snapshot();
        let err = s.execute(&admin, create_msg("home", flat(1))).unwrap_err();
        assert!(
            matches!(err, ContractError::Guard(GuardError::Std(_))),
            "{err}"
        );
        assert_eq!(s.snapshot(), before);
    }
}
