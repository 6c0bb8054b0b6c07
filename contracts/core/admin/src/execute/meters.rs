//! Meters: registration (which onboards the owner's meter contract on the first meter) and
//! status changes, both mirrored into the owner's meter contract. A regional meter's contract
//! is on its region's chain: the router carries both there, and the registry records the
//! router as the meter's contract, so that the bank takes the region's billing from it.

use cosmwasm_std::{
    Addr, DepsMut, Env, MessageInfo, QuerierWrapper, Response, Storage, SubMsg, Uint128, WasmMsg,
    to_json_binary,
};
use ledger_contract_kit::adapters::{Tariff, UnknownTariff};
use ledger_types::admin::{
    MeterInfo, MeterKind, MeterStatus, Participant, ParticipantStatus, RegisterMeter, Role,
};
use ledger_types::{meter, router};

use crate::ContractError;
use crate::ContractResult;
use crate::auth::ensure_admin_action;
use crate::execute::participants;
use crate::state::{
    CONFIG, Config, METERS, MeterRegistration, PARTICIPANTS, PENDING_METERS, REGIONAL_OWNERS,
};
use crate::validate;

/// Refuses a participant who cannot act in `role` now, saying why.
fn ensure_can_act(participant: &Participant, role: Role) -> ContractResult<()> {
    let address = participant.address.clone();
    if !participant.roles.contains(&role) {
        return Err(ContractError::MissingRole {
            address,
            role: role.as_str().to_string(),
        });
    }
    if participant.status != ParticipantStatus::Active {
        return Err(ContractError::ParticipantSuspended { address });
    }
    if let Some(reason) = &participant.blacklisted {
        return Err(ContractError::ParticipantBlacklisted {
            address,
            reason: reason.clone(),
        });
    }
    Ok(())
}

/// Asks the tariff contract whether `tariff_id` exists.
fn ensure_tariff_exists(
    querier: &QuerierWrapper,
    tariff_contract: &Addr,
    tariff_id: &str,
) -> ContractResult<()> {
    Tariff::new(tariff_contract.clone())
        .known_tariff(querier, tariff_id)
        .map(|_| ())
        .map_err(
            |UnknownTariff { tariff_id, reason }| ContractError::UnknownTariff {
                tariff_id,
                reason,
            },
        )
}

/// The registry's record of a meter whose contract is known.
fn meter_info(
    owner: &Addr,
    meter: MeterRegistration,
    contract: &Addr,
    registered_at: u64,
    region: Option<String>,
) -> MeterInfo {
    MeterInfo {
        meter_id: meter.meter_id,
        owner: owner.clone(),
        retailer: meter.retailer,
        pubkey: meter.pubkey,
        tariff_id: meter.tariff_id,
        status: MeterStatus::Active,
        contract: contract.clone(),
        registered_at,
        region,
        kind: meter.kind,
    }
}

/// The meter as its meter contract (local, or in the region) takes it.
fn new_meter(
    info: &MeterInfo,
    initial_register_wh: u64,
    contracted_monthly_amount: Uint128,
) -> meter::NewMeter {
    meter::NewMeter {
        meter_id: info.meter_id.clone(),
        retailer: info.retailer.to_string(),
        pubkey: info.pubkey.clone(),
        tariff_id: info.tariff_id.clone(),
        initial_register_wh,
        contracted_monthly_amount,
        kind: info.kind,
    }
}

/// The message adding a registered meter to its owner's meter contract.
fn add_meter_msg(
    info: &MeterInfo,
    initial_register_wh: u64,
    contracted_monthly_amount: Uint128,
) -> ContractResult<WasmMsg> {
    Ok(WasmMsg::Execute {
        contract_addr: info.contract.to_string(),
        msg: to_json_binary(&meter::ExecuteMsg::AddMeter {
            meter: new_meter(info, initial_register_wh, contracted_monthly_amount),
        })?,
        funds: vec![],
    })
}

/// Saves a meter whose owner's contract is known and adds it to that contract.
fn record_meter(
    storage: &mut dyn Storage,
    owner: &Addr,
    pending: MeterRegistration,
    contract: &Addr,
    registered_at: u64,
) -> ContractResult<WasmMsg> {
    let initial_register_wh = pending.initial_register_wh;
    let contracted_monthly_amount = pending.contracted_monthly_amount;
    let info = meter_info(owner, pending, contract, registered_at, None);
    METERS.save(storage, &info.meter_id, &info)?;
    add_meter_msg(&info, initial_register_wh, contracted_monthly_amount)
}

/// Reply id of the submessage that instantiates a consumer's meter contract.
pub const INSTANTIATE_METER_REPLY_ID: u64 = 1;

pub fn register(deps: DepsMut, env: Env, info: MessageInfo, msg: RegisterMeter) -> ContractResult {
    ensure_admin_action(deps.storage, &info, "register meters")?;
    ensure_kind_fits(&msg)?;
    let config = CONFIG.load(deps.storage)?;
    let wiring = wiring(&config, msg.region)?;
    let regional = matches!(wiring, Wiring::Regional { .. });
    validate::meter_id(&msg.meter_id)?;
    if METERS.has(deps.storage, &msg.meter_id) {
        return Err(ContractError::MeterExists {
            meter_id: msg.meter_id,
        });
    }
    let owner_addr = deps.api.addr_validate(&msg.owner)?;
    let owner = participants::load(deps.storage, &owner_addr)?;
    ensure_can_act(&owner, Role::Consumer)?;
    let retailer_addr = deps.api.addr_validate(&msg.retailer)?;
    let retailer = participants::load(deps.storage, &retailer_addr)?;
    ensure_can_act(&retailer, Role::Retailer)?;
    validate::pubkey(&msg.pubkey)?;
    ensure_one_kind(deps.storage, &owner, regional)?;
    if let Wiring::Local { tariff, .. } = &wiring {
        // A region checks the tariff against its own tariff contract.
        ensure_tariff_exists(&deps.querier, tariff, &msg.tariff_id)?;
    }

    let pending = MeterRegistration {
        meter_id: msg.meter_id.clone(),
        retailer: retailer_addr,
        pubkey: msg.pubkey,
        tariff_id: msg.tariff_id,
        initial_register_wh: msg.initial_register_wh,
        contracted_monthly_amount: msg.contracted_monthly_amount,
        kind: msg.kind,
    };
    let response = Response::new()
        .add_attribute("action", "register_meter")
        .add_attribute("meter_id", &msg.meter_id)
        .add_attribute("owner", &owner_addr)
        .add_attribute("retailer", &pending.retailer)
        .add_attribute("tariff_id", &pending.tariff_id)
        .add_attribute("kind", msg.kind.as_str());
    let registered_at = env.block.time.seconds();

    let (tariff, bank) = match wiring {
        Wiring::Regional { router, region } => {
            let onboard = record_regional(
                deps.storage,
                &owner_addr,
                pending,
                router,
                region.clone(),
                registered_at,
            )?;
            return Ok(response
                .add_attribute("region", region)
                .add_attribute("meter_contract", router)
                .add_message(onboard));
        }
        Wiring::Local { tariff, bank } => (tariff, bank),
    };
    match &owner.meter_contract {
        Some(contract) => {
            let add = record_meter(deps.storage, &owner_addr, pending, contract, registered_at)?;
            Ok(response
                .add_attribute("meter_contract", contract)
                .add_message(add))
        }
        None => {
            PENDING_METERS.save(deps.storage, &owner_addr, &pending)?;
            let instantiate = WasmMsg::Instantiate {
                admin: Some(env.contract.address.to_string()),
                code_id: config.meter_code_id,
                msg: to_json_binary(&meter::InstantiateMsg {
                    owner: owner_addr.to_string(),
                    tariff_contract: tariff.to_string(),
                    bank_contract: bank.to_string(),
                    settings: config.meter_settings.clone(),
                })?,
                funds: vec![],
                label: format!("meter-{owner_addr}"),
            };
            Ok(response.add_submessage(
                SubMsg::reply_on_success(instantiate, INSTANTIATE_METER_REPLY_ID)
                    .with_payload(owner_addr.as_bytes().to_vec()),
            ))
        }
    }
}

/// Refuses what a generation meter cannot have. It is never billed, so there is nothing to
/// advance against a contracted amount; and the park market, which settles its energy, reads
/// main-chain meter contracts only.
fn ensure_kind_fits(msg: &RegisterMeter) -> ContractResult<()> {
    if msg.kind != MeterKind::Generation {
        return Ok(());
    }
    if let Some(region) = &msg.region {
        return Err(ContractError::RegionalGenerationMeter {
            meter_id: msg.meter_id.clone(),
            region: region.clone(),
        });
    }
    if !msg.contracted_monthly_amount.is_zero() {
        return Err(ContractError::GenerationContractedAmount {
            meter_id: msg.meter_id.clone(),
            amount: msg.contracted_monthly_amount,
        });
    }
    Ok(())
}

/// The contracts a local or a regional meter needs.
enum Wiring<'a> {
    Local { tariff: &'a Addr, bank: &'a Addr },
    Regional { router: &'a Addr, region: String },
}

fn wiring(config: &Config, region: Option<String>) -> ContractResult<Wiring<'_>> {
    if let Some(region) = region {
        return match &config.router {
            Some(router) => Ok(Wiring::Regional { router, region }),
            None => Err(ContractError::NoRouter {}),
        };
    }
    match (&config.tariff, &config.bank) {
        (Some(tariff), Some(bank)) => Ok(Wiring::Local { tariff, bank }),
        (None, _) => Err(ContractError::NotConfigured {
            missing: "tariff".to_string(),
        }),
        (Some(_), None) => Err(ContractError::NotConfigured {
            missing: "bank".to_string(),
        }),
    }
}

/// Refuses a regional meter for an owner with local meters, and the other way round: the
/// owner's standing is mirrored to one place, its meter contract or its region.
fn ensure_one_kind(
    storage: &dyn Storage,
    owner: &Participant,
    regional: bool,
) -> ContractResult<()> {
    let has = match (regional, &owner.meter_contract) {
        (true, Some(_)) => "local".to_string(),
        (false, _) => match REGIONAL_OWNERS.may_load(storage, &owner.address)? {
            Some(region) => format!("in region {region}"),
            None => return Ok(()),
        },
        (true, None) => return Ok(()),
    };
    Err(ContractError::MixedMeters {
        owner: owner.address.clone(),
        has,
    })
}

/// Saves a regional meter, with the router as its contract, and asks the router to onboard
/// it in `region` (the router refuses a region it cannot reach, and so the registration).
fn record_regional(
    storage: &mut dyn Storage,
    owner: &Addr,
    pending: MeterRegistration,
    router: &Addr,
    region: String,
    registered_at: u64,
) -> ContractResult<WasmMsg> {
    let initial_register_wh = pending.initial_register_wh;
    let contracted_monthly_amount = pending.contracted_monthly_amount;
    let info = meter_info(owner, pending, router, registered_at, Some(region.clone()));
    METERS.save(storage, &info.meter_id, &info)?;
    REGIONAL_OWNERS.save(storage, owner, &region)?;
    Ok(WasmMsg::Execute {
        contract_addr: router.to_string(),
        msg: to_json_binary(&router::ExecuteMsg::Onboard {
            region,
            consumer: owner.to_string(),
            meter: new_meter(&info, initial_register_wh, contracted_monthly_amount),
        })?,
        funds: vec![],
    })
}

pub fn set_status(
    deps: DepsMut,
    info: MessageInfo,
    meter_id: String,
    status: MeterStatus,
) -> ContractResult {
    ensure_admin_action(deps.storage, &info, "change meters' status")?;
    let Some(mut meter) = METERS.may_load(deps.storage, &meter_id)? else {
        return Err(ContractError::MeterNotFound { meter_id });
    };
    if meter.status == MeterStatus::Retired {
        return Err(ContractError::MeterRetired { meter_id });
    }
    if meter.status == status {
        return Err(ContractError::MeterStatusUnchanged {
            meter_id,
            status: status.as_str().to_string(),
        });
    }

    meter.status = status;
    METERS.save(deps.storage, &meter_id, &meter)?;
    // A regional meter's contract is the router, which carries the status to the region.
    let msg = match meter.region {
        Some(_) => to_json_binary(&router::ExecuteMsg::MeterStatus {
            meter_id: meter_id.clone(),
            status,
        })?,
        None => to_json_binary(&meter::ExecuteMsg::SetMeterStatus {
            meter_id: meter_id.clone(),
            status,
        })?,
    };
    let mirror = WasmMsg::Execute {
        contract_addr: meter.contract.to_string(),
        msg,
        funds: vec![],
    };
    Ok(Response::new()
        .add_attribute("action", "set_meter_status")
        .add_attribute("meter_id", meter_id)
        .add_attribute("status", status.as_str())
        .add_attribute("meter_contract", meter.contract)
        .add_message(mirror))
}

/// Records the address of an owner's freshly instantiated meter contract on the participant,
/// then records the pending meter with it and adds the meter to the contract.
pub fn finish_onboarding(
    storage: &mut dyn Storage,
    owner: &Addr,
    contract: &Addr,
    registered_at: u64,
) -> ContractResult<(String, WasmMsg)> {
    let Some(pending) = PENDING_METERS.may_load(storage, owner)? else {
        return Err(ContractError::NoMeterRegistration {
            owner: owner.clone(),
        });
    };
    let mut participant = participants::load(storage, owner)?;
    participant.meter_contract = Some(contract.clone());
    PARTICIPANTS.save(storage, owner, &participant)?;
    PENDING_METERS.remove(storage, owner);
    let meter_id = pending.meter_id.clone();
    let add = record_meter(storage, owner, pending, contract, registered_at)?;
    Ok((meter_id, add))
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::mock_env;
    use cosmwasm_std::{Binary, ReplyOn, SubMsg, WasmMsg, to_json_binary};
    use ledger_types::admin::{
        ExecuteMsg, MeterInfo, MeterKind, MeterStatus, MetersResponse, Participant,
        ParticipantStatus, QueryMsg, RegisterMeter, Role,
    };
    use ledger_types::billing::MeterSettings;
    use ledger_types::meter;

    use super::INSTANTIATE_METER_REPLY_ID;
    use crate::ContractError;
    use crate::contract;
    use crate::testing::{
        Deps, METER_CODE_ID, addr, assert_refused, blacklist, exec, has_namespace,
        instantiate_reply, instantiated, meter_msg, onboard, query, set_status, setup,
        wasm_execute,
    };

    fn register(msg: RegisterMeter) -> ExecuteMsg {
        ExecuteMsg::RegisterMeter(msg)
    }

    fn all_meters(deps: &Deps) -> Vec<MeterInfo> {
        query::<MetersResponse>(
            deps,
            QueryMsg::Meters {
                start_after: None,
                limit: None,
            },
        )
        .meters
    }

    #[test]
    fn first_meter_instantiates_the_owners_contract() {
        let mut deps = setup();
        let alice = addr("alice");
        let res = exec(&mut deps, "admin", register(meter_msg("m-1", "alice"))).unwrap();
        assert_eq!(res.attributes[0].value, "register_meter");

        let expected = SubMsg::reply_on_success(
            WasmMsg::Instantiate {
                admin: Some(mock_env().contract.address.to_string()),
                code_id: METER_CODE_ID,
                msg: to_json_binary(&meter::InstantiateMsg {
                    owner: alice.to_string(),
                    tariff_contract: addr("tariff").to_string(),
                    bank_contract: addr("bank").to_string(),
                    settings: MeterSettings::default(),
                })
                .unwrap(),
                funds: vec![],
                label: format!("meter-{alice}"),
            },
            INSTANTIATE_METER_REPLY_ID,
        )
        .with_payload(alice.as_bytes().to_vec());
        assert_eq!(res.messages, vec![expected]);
        assert_eq!(res.messages[0].reply_on, ReplyOn::Success);
        assert_eq!(res.messages[0].payload, Binary::from(alice.as_bytes()));
        // The meter waits for the contract's address.
        assert!(all_meters(&deps).is_empty());
        assert!(has_namespace(&deps.storage, "pending_meters"));

        let contract = addr("alice-meters");
        let res = contract::reply(
            deps.as_mut(),
            mock_env(),
            instantiate_reply(&alice, &contract),
        )
        .unwrap();
        assert_eq!(res.attributes[0].value, "meter_contract_instantiated");
        assert!(!has_namespace(&deps.storage, "pending_meters"));

        let participant: Participant = query(
            &deps,
            QueryMsg::Participant {
                address: alice.to_string(),
            },
        );
        assert_eq!(participant.meter_contract, Some(contract.clone()));
        let info: MeterInfo = query(
            &deps,
            QueryMsg::Meter {
                meter_id: "m-1".to_string(),
            },
        );
        assert_eq!(
            info,
            MeterInfo {
                meter_id: "m-1".to_string(),
                owner: alice.clone(),
                retailer: addr("retailer"),
                pubkey: Binary::from(vec![0x02; 33]),
                tariff_id: "flat".to_string(),
                status: MeterStatus::Active,
                contract: contract.clone(),
                registered_at: mock_env().block.time.seconds(),
                region: None,
                kind: MeterKind::Consumption,
            }
        );

        assert_eq!(res.messages.len(), 1);
        assert_eq!(res.messages[0].reply_on, ReplyOn::Never);
        let (to, msg) = wasm_execute::<meter::ExecuteMsg>(&res.messages[0].msg);
        assert_eq!(to, contract.to_string());
        let template = meter_msg("m-1", "alice");
        assert_eq!(
            msg,
            meter::ExecuteMsg::AddMeter {
                meter: meter::NewMeter {
                    meter_id: "m-1".to_string(),
                    retailer: addr("retailer").to_string(),
                    pubkey: template.pubkey,
                    tariff_id: "flat".to_string(),
                    initial_register_wh: template.initial_register_wh,
                    contracted_monthly_amount: template.contracted_monthly_amount,
                    kind: MeterKind::Consumption,
                }
            }
        );
    }

    #[test]
    fn later_meters_go_straight_to_the_contract() {
        let mut deps = setup();
        let contract = onboard(&mut deps, "m-1", "alice");
        let mut second = meter_msg("m-2", "alice");
        second.tariff_id = "tou".to_string();
        let res = exec(&mut deps, "admin", register(second)).unwrap();
        assert_eq!(res.messages.len(), 1);
        assert_eq!(res.messages[0].reply_on, ReplyOn::Never);
        let (to, msg) = wasm_execute::<meter::ExecuteMsg>(&res.messages[0].msg);
        assert_eq!(to, contract.to_string());
        let meter::ExecuteMsg::AddMeter { meter } = msg else {
            panic!("expected AddMeter, got {msg:?}");
        };
        assert_eq!(meter.meter_id, "m-2");
        assert_eq!(meter.tariff_id, "tou");
        let info: MeterInfo = query(
            &deps,
            QueryMsg::Meter {
                meter_id: "m-2".to_string(),
            },
        );
        assert_eq!(info.contract, contract);
        assert!(!has_namespace(&deps.storage, "pending_meters"));
    }

    #[test]
    fn registration_needs_the_admin_and_the_wiring() {
        let mut deps = setup();
        assert_refused(
            &mut deps,
            "retailer",
            register(meter_msg("m-1", "alice")),
            ContractError::NotAdmin {
                sender: addr("retailer"),
                action: "register meters".to_string(),
            },
        );

        let mut bare = instantiated();
        for (name, role) in [("retailer", Role::Retailer), ("alice", Role::Consumer)] {
            exec(
                &mut bare,
                "admin",
                ExecuteMsg::RegisterParticipant {
                    address: addr(name).to_string(),
                    name: name.to_string(),
                    roles: vec![role],
                },
            )
            .unwrap();
        }
        assert_refused(
            &mut bare,
            "admin",
            register(meter_msg("m-1", "alice")),
            ContractError::NotConfigured {
                missing: "tariff".to_string(),
            },
        );
    }

    #[test]
    fn bad_meter_ids_and_keys_are_refused() {
        let mut deps = setup();
        onboard(&mut deps, "m-1", "alice");
        let long = "m".repeat(65);
        for (id, reason) in [
            ("", "it is empty".to_string()),
            (long.as_str(), "it is longer than 64 characters".to_string()),
            (
                "m 2",
                "' ' is not allowed; use letters, digits, '.', '_' and '-'".to_string(),
            ),
        ] {
            assert_refused(
                &mut deps,
                "admin",
                register(meter_msg(id, "bob")),
                ContractError::InvalidMeterId {
                    meter_id: id.to_string(),
                    reason,
                },
            );
        }
        assert_refused(
            &mut deps,
            "admin",
            register(meter_msg("m-1", "bob")),
            ContractError::MeterExists {
                meter_id: "m-1".to_string(),
            },
        );
        for (key, reason) in [
            (vec![0x02; 32], "it has 32 bytes"),
            (vec![0x04; 65], "it has 65 bytes"),
            (vec![0x04; 33], "it starts with 0x04"),
        ] {
            let mut msg = meter_msg("m-2", "bob");
            msg.pubkey = Binary::from(key);
            assert_refused(
                &mut deps,
                "admin",
                register(msg),
                ContractError::InvalidPubkey {
                    reason: reason.to_string(),
                },
            );
        }
    }

    #[test]
    fn owner_and_retailer_must_be_able_to_act() {
        let mut deps = setup();
        let mut msg = meter_msg("m-1", "nobody");
        assert_refused(
            &mut deps,
            "admin",
            register(msg.clone()),
            ContractError::ParticipantNotFound {
                address: addr("nobody"),
            },
        );
        msg.owner = addr("retailer").to_string();
        assert_refused(
            &mut deps,
            "admin",
            register(msg),
            ContractError::MissingRole {
                address: addr("retailer"),
                role: "consumer".to_string(),
            },
        );
        let mut msg = meter_msg("m-1", "alice");
        msg.retailer = addr("bob").to_string();
        assert_refused(
            &mut deps,
            "admin",
            register(msg),
            ContractError::MissingRole {
                address: addr("bob"),
                role: "retailer".to_string(),
            },
        );
        let mut msg = meter_msg("m-1", "alice");
        msg.retailer = "retailer".to_string();
        let bad = cosmwasm_std::Api::addr_validate(&deps.api, "retailer").unwrap_err();
        assert_refused(&mut deps, "admin", register(msg), ContractError::Std(bad));

        for name in ["alice", "retailer"] {
            set_status(&mut deps, name, ParticipantStatus::Suspended);
            let owner = if name == "alice" { "alice" } else { "bob" };
            assert_refused(
                &mut deps,
                "admin",
                register(meter_msg("m-1", owner)),
                ContractError::ParticipantSuspended {
                    address: addr(name),
                },
            );
            set_status(&mut deps, name, ParticipantStatus::Active);
        }

        blacklist(&mut deps, "alice", "fraud");
        assert_refused(
            &mut deps,
            "admin",
            register(meter_msg("m-1", "alice")),
            ContractError::ParticipantBlacklisted {
                address: addr("alice"),
                reason: "fraud".to_string(),
            },
        );
    }

    #[test]
    fn unknown_tariffs_are_refused() {
        let mut deps = setup();
        let mut msg = meter_msg("m-1", "alice");
        msg.tariff_id = "nope".to_string();
        assert_refused(
            &mut deps,
            "admin",
            register(msg),
            ContractError::UnknownTariff {
                tariff_id: "nope".to_string(),
                reason: "Generic error: Querier contract error: tariff nope not found".to_string(),
            },
        );
    }

    #[test]
    fn status_changes_are_mirrored() {
        let mut deps = setup();
        let contract = onboard(&mut deps, "m-1", "alice");
        let set = |status| ExecuteMsg::SetMeterStatus {
            meter_id: "m-1".to_string(),
            status,
        };
        assert_refused(
            &mut deps,
            "alice",
            set(MeterStatus::Suspended),
            ContractError::NotAdmin {
                sender: addr("alice"),
                action: "change meters' status".to_string(),
            },
        );
        assert_refused(
            &mut deps,
            "admin",
            ExecuteMsg::SetMeterStatus {
                meter_id: "m-9".to_string(),
                status: MeterStatus::Suspended,
            },
            ContractError::MeterNotFound {
                meter_id: "m-9".to_string(),
            },
        );
        assert_refused(
            &mut deps,
            "admin",
            set(MeterStatus::Active),
            ContractError::MeterStatusUnchanged {
                meter_id: "m-1".to_string(),
                status: "active".to_string(),
            },
        );

        for status in [
            MeterStatus::Suspended,
            MeterStatus::Active,
            MeterStatus::Retired,
        ] {
            let res = exec(&mut deps, "admin", set(status)).unwrap();
            assert_eq!(res.attributes[0].value, "set_meter_status");
            let (to, msg) = wasm_execute::<meter::ExecuteMsg>(&res.messages[0].msg);
            assert_eq!(to, contract.to_string());
            assert_eq!(
                msg,
                meter::ExecuteMsg::SetMeterStatus {
                    meter_id: "m-1".to_string(),
                    status
                }
            );
            let info: MeterInfo = query(
                &deps,
                QueryMsg::Meter {
                    meter_id: "m-1".to_string(),
                },
            );
            assert_eq!(info.status, status);
        }
        for status in [
            MeterStatus::Active,
            MeterStatus::Suspended,
            MeterStatus::Retired,
        ] {
            assert_refused(
                &mut deps,
                "admin",
                set(status),
                ContractError::MeterRetired {
                    meter_id: "m-1".to_string(),
                },
            );
        }
    }
}
