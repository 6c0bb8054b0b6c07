//! The registry's wiring: meter code, meter settings, tariff and bank.

use cosmwasm_std::{DepsMut, MessageInfo, Response};
use ledger_types::billing::MeterSettings;

use crate::ContractError;
use crate::ContractResult;
use crate::auth::ensure_admin_action;
use crate::state::CONFIG;
use crate::validate;

pub fn set_contracts(
    deps: DepsMut,
    info: MessageInfo,
    tariff: String,
    bank: String,
) -> ContractResult {
    ensure_admin_action(deps.storage, &info, "set the tariff and bank contracts")?;
    let tariff = deps.api.addr_validate(&tariff)?;
    let bank = deps.api.addr_validate(&bank)?;

    let mut config = CONFIG.load(deps.storage)?;
    config.tariff = Some(tariff.clone());
    config.bank = Some(bank.clone());
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "set_contracts")
        .add_attribute("tariff", tariff)
        .add_attribute("bank", bank))
}

pub fn set_router(deps: DepsMut, info: MessageInfo, address: String) -> ContractResult {
    ensure_admin_action(deps.storage, &info, "set the router")?;
    let router = deps.api.addr_validate(&address)?;

    let mut config = CONFIG.load(deps.storage)?;
    config.router = Some(router.clone());
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "set_router")
        .add_attribute("router", router))
}

pub fn update_meter_defaults(
    deps: DepsMut,
    info: MessageInfo,
    meter_code_id: Option<u64>,
    meter_settings: Option<MeterSettings>,
) -> ContractResult {
    ensure_admin_action(deps.storage, &info, "change the meter defaults")?;
    if meter_code_id.is_none() && meter_settings.is_none() {
        return Err(ContractError::NothingToUpdate {});
    }
    if let Some(code_id) = meter_code_id {
        validate::code_id(code_id)?;
    }
    if let Some(settings) = &meter_settings {
        validate::meter_settings(settings)?;
    }

    let mut config = CONFIG.load(deps.storage)?;
    if let Some(code_id) = meter_code_id {
        config.meter_code_id = code_id;
    }
    let settings_changed = meter_settings.is_some();
    if let Some(settings) = meter_settings {
        config.meter_settings = settings;
    }
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "update_meter_defaults")
        .add_attribute("meter_code_id", config.meter_code_id.to_string())
        .add_attribute("settings_changed", settings_changed.to_string()))
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::{message_info, mock_dependencies, mock_env};
    use cosmwasm_std::{Addr, coins};
    use cw_utils::PaymentError;
    use ledger_types::admin::{
        AdminResponse, ConfigResponse, ExecuteMsg, InstantiateMsg, QueryMsg,
    };
    use ledger_types::billing::{AdvanceRule, MeterSettings, PaymentSchedule};

    use cosmwasm_std::{Api, Storage};

    use crate::ContractError;
    use crate::contract;
    use crate::testing::{METER_CODE_ID, addr, assert_refused, exec, instantiated, query};

    fn too_much_advance() -> MeterSettings {
        MeterSettings {
            schedule: PaymentSchedule {
                advances: vec![AdvanceRule {
                    bps: 11_000,
                    day: 5,
                }],
                final_day: 18,
            },
            ..MeterSettings::default()
        }
    }

    #[test]
    fn instantiate_stores_admin_and_config() {
        let mut deps = mock_dependencies();
        let creator = deps.api.addr_make("creator");
        let boss = deps.api.addr_make("boss");
        let res = contract::instantiate(
            deps.as_mut(),
            mock_env(),
            message_info(&creator, &[]),
            InstantiateMsg {
                admin: Some(boss.to_string()),
                meter_code_id: 3,
                meter_settings: MeterSettings::default(),
                timelock_delay_seconds: None,
            },
        )
        .unwrap();
        assert_eq!(res.attributes[0].value, "instantiate");
        let admin: AdminResponse = query(&deps, QueryMsg::Admin {});
        assert_eq!(
            admin,
            AdminResponse {
                admin: boss,
                pending: None,
                pending_effective_at: None,
            }
        );
        let config: ConfigResponse = query(&deps, QueryMsg::Config {});
        assert_eq!(
            config,
            ConfigResponse {
                meter_code_id: 3,
                meter_settings: MeterSettings::default(),
                tariff: None,
                bank: None,
                router: None,
            }
        );
        let version = cw2::get_contract_version(&deps.storage).unwrap();
        assert_eq!(version.contract, "ledger-admin");
    }

    #[test]
    fn instantiate_refuses_bad_input() {
        let mut deps = mock_dependencies();
        let creator = deps.api.addr_make("creator");
        let cases = [
            (
                InstantiateMsg {
                    admin: None,
                    meter_code_id: 1,
                    meter_settings: too_much_advance(),
                    timelock_delay_seconds: None,
                },
                ContractError::InvalidMeterSettings {
                    reason: "advances add up to 11000 basis points, more than the whole (10000)"
                        .to_string(),
                },
            ),
            (
                InstantiateMsg {
                    admin: None,
                    meter_code_id: 0,
                    meter_settings: MeterSettings::default(),
                    timelock_delay_seconds: None,
                },
                ContractError::InvalidCodeId {},
            ),
            (
                InstantiateMsg {
                    admin: Some("nobody".to_string()),
                    meter_code_id: 1,
                    meter_settings: MeterSettings::default(),
                    timelock_delay_seconds: None,
                },
                ContractError::Std(deps.api.addr_validate("nobody").unwrap_err()),
            ),
        ];
        for (msg, expected) in cases {
            let err =
                contract::instantiate(deps.as_mut(), mock_env(), message_info(&creator, &[]), msg)
                    .unwrap_err();
            assert_eq!(err, expected);
        }
        let err = contract::instantiate(
            deps.as_mut(),
            mock_env(),
            message_info(&creator, &coins(5, "ucosm")),
            InstantiateMsg {
                admin: None,
                meter_code_id: 1,
                meter_settings: MeterSettings::default(),
                timelock_delay_seconds: None,
            },
        )
        .unwrap_err();
        assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
        assert!(
            deps.storage
                .range(None, None, cosmwasm_std::Order::Ascending)
                .next()
                .is_none()
        );
    }

    #[test]
    fn set_contracts() {
        let mut deps = instantiated();
        let tariff = addr("tariff");
        let bank = addr("bank");
        let mallory = addr("mallory");
        assert_refused(
            &mut deps,
            "mallory",
            ExecuteMsg::SetContracts {
                tariff: tariff.to_string(),
                bank: bank.to_string(),
            },
            ContractError::NotAdmin {
                sender: mallory,
                action: "set the tariff and bank contracts".to_string(),
            },
        );
        let bad = deps.api.addr_validate("bank!").unwrap_err();
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::SetContracts {
                tariff: tariff.to_string(),
                bank: "bank!".to_string(),
            },
            ContractError::Std(bad),
        );
        let bad = deps.api.addr_validate("Tariff").unwrap_err();
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::SetContracts {
                tariff: "Tariff".to_string(),
                bank: bank.to_string(),
            },
            ContractError::Std(bad),
        );
        let res = exec(
            &mut deps,
            "admin",
            ExecuteMsg::SetContracts {
                tariff: tariff.to_string(),
                bank: bank.to_string(),
            },
        )
        .unwrap();
        assert_eq!(res.attributes[0].value, "set_contracts");
        let config: ConfigResponse = query(&deps, QueryMsg::Config {});
        assert_eq!(config.tariff, Some(tariff));
        assert_eq!(config.bank, Some(bank));
    }

    #[test]
    fn update_meter_defaults() {
        let mut deps = instantiated();
        let mallory: Addr = addr("mallory");
        assert_refused(
            &mut deps,
            "mallory",
            ExecuteMsg::UpdateMeterDefaults {
                meter_code_id: Some(9),
                meter_settings: None,
            },
            ContractError::NotAdmin {
                sender: mallory,
                action: "change the meter defaults".to_string(),
            },
        );
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::UpdateMeterDefaults {
                meter_code_id: None,
                meter_settings: None,
            },
            ContractError::NothingToUpdate {},
        );
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::UpdateMeterDefaults {
                meter_code_id: Some(0),
                meter_settings: Some(MeterSettings::default()),
            },
            ContractError::InvalidCodeId {},
        );
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::UpdateMeterDefaults {
                meter_code_id: Some(9),
                meter_settings: Some(MeterSettings {
                    max_power_w: 0,
                    ..MeterSettings::default()
                }),
            },
            ContractError::InvalidMeterSettings {
                reason: "billing cycle: max_interval_seconds and max_power_w must be positive"
                    .to_string(),
            },
        );

        exec(
            &mut deps,
            "admin",
            ExecuteMsg::UpdateMeterDefaults {
                meter_code_id: None,
                meter_settings: Some(MeterSettings {
                    max_power_w: 5_000,
                    ..MeterSettings::default()
                }),
            },
        )
        .unwrap();
        let config: ConfigResponse = query(&deps, QueryMsg::Config {});
        assert_eq!(config.meter_code_id, METER_CODE_ID);
        assert_eq!(config.meter_settings.max_power_w, 5_000);
        exec(
            &mut deps,
            "admin",
            ExecuteMsg::UpdateMeterDefaults {
                meter_code_id: Some(9),
                meter_settings: None,
            },
        )
        .unwrap();
        let config: ConfigResponse = query(&deps, QueryMsg::Config {});
        assert_eq!(config.meter_code_id, 9);
        assert_eq!(config.meter_settings.max_power_w, 5_000);
    }
}
