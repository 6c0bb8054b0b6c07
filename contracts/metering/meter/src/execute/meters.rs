//! What the admin contract mirrors into this one: new meters, status changes, blacklisting.

use cosmwasm_std::{
    Api, DepsMut, Env, MessageInfo, OverflowError, OverflowOperation, Response, Storage, Uint128,
};
use ledger_contract_kit::Registry;
use ledger_contract_kit::adapters::{Tariff, UnknownTariff};
use ledger_contract_kit::pause;
use ledger_types::admin::MeterStatus;
use ledger_types::bank::ExecuteMsg as BankExecuteMsg;
use ledger_types::meter::{MeterKind, NewMeter};
use ledger_types::reading::MAX_METER_ID_LEN;

use crate::ContractResult;
use crate::billing::{advance_notice, bank_msg};
use crate::error::ContractError;
use crate::query::load_record;
use crate::records::MeterRecord;
use crate::state::{CONFIG, Config, METER_COUNT, METER_RECORDS, METERS, MeterProfile, RULES};

/// Length of a compressed secp256k1 public key.
const PUBKEY_LEN: usize = 33;

/// The configuration, if `sender` is the admin contract.
fn admin_only(
    storage: &dyn Storage,
    sender: &cosmwasm_std::Addr,
    action: &'static str,
) -> ContractResult<Config> {
    let config = CONFIG.load(storage)?;
    if *sender != config.admin_contract {
        return Err(ContractError::Unauthorized {
            sender: sender.to_string(),
            action,
        });
    }
    Ok(config)
}

fn check_pubkey(api: &dyn Api, meter_id: &str, pubkey: &[u8]) -> ContractResult<()> {
    let invalid = |reason: String| ContractError::InvalidPubkey {
        meter_id: meter_id.to_string(),
        reason,
    };
    if pubkey.len() != PUBKEY_LEN {
        return Err(invalid(format!(
            "expected a {PUBKEY_LEN}-byte compressed secp256k1 key, got {} bytes",
            pubkey.len()
        )));
    }
    if !matches!(pubkey.first(), Some(0x02 | 0x03)) {
        return Err(invalid(
            "a compressed secp256k1 key starts with 0x02 or 0x03".to_string(),
        ));
    }
    // Verifying any well-formed signature fails with an error, rather than returning false,
    // only when the key is not a point of the curve.
    if api.secp256k1_verify(&[0; 32], &[1; 64], pubkey).is_err() {
        return Err(invalid("not a point of the secp256k1 curve".to_string()));
    }
    Ok(())
}

/// Admin contract: adds a meter. Its first period is the one running now (period 0 if the
/// billing cycle has not started yet); with a contracted amount, that period's advances are
/// scheduled at the bank. A generation meter has none: it is never billed.
pub fn add_meter(deps: DepsMut, env: Env, info: MessageInfo, meter: NewMeter) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    pause::ensure_running(deps.storage)?;
    let config = admin_only(deps.storage, &info.sender, "add meters")?;

    let meter_id = meter.meter_id;
    if meter_id.is_empty() || meter_id.len() > MAX_METER_ID_LEN {
        return Err(ContractError::InvalidMeterId {
            meter_id,
            max: MAX_METER_ID_LEN,
        });
    }
    if METERS.has(deps.storage, &meter_id) {
        return Err(ContractError::MeterExists { meter_id });
    }
    check_pubkey(deps.api, &meter_id, &meter.pubkey)?;
    // The registry refuses this already; the check keeps a generation meter from ever
    // having its amount advanced at the bank, whoever adds it.
    if meter.kind == MeterKind::Generation && !meter.contracted_monthly_amount.is_zero() {
        return Err(ContractError::GenerationContractedAmount {
            meter_id,
            amount: meter.contracted_monthly_amount,
        });
    }
    let retailer = deps.api.addr_validate(&meter.retailer)?;
    let tariffs = Tariff::new(config.tariff_contract.clone());
    let tariff = tariffs
        .known_tariff(&deps.querier, &meter.tariff_id)
        .map_err(
            |UnknownTariff { tariff_id, reason }| ContractError::UnknownTariff {
                tariff_id,
                reason,
            },
        )?;
    // A tariff belongs to its retailer: a meter goes only on a tariff of its own retailer.
    let owner = tariffs.owner(&deps.querier, &meter.tariff_id)?;
    if owner.owner.as_ref() != Some(&retailer) {
        return Err(ContractError::TariffOfAnotherRetailer {
            tariff_id: meter.tariff_id,
            retailer: retailer.to_string(),
            owner: owner
                .owner
                .map_or_else(|| "nobody yet".to_string(), |o| o.to_string()),
        });
    }
    // The first bill is priced with the version in force when the meter starts: one must be.
    let now = env.block.time.seconds();
    let first = tariff.effective_from.first().copied().unwrap_or(u64::MAX);
    if first > now {
        return Err(ContractError::TariffNotInForce {
            tariff_id: meter.tariff_id,
            starts_at: now,
            first,
        });
    }

    let number = METER_COUNT.may_load(deps.storage)?.unwrap_or(0);
    let meter_count = number
        .checked_add(1)
        .ok_or(OverflowError::new(OverflowOperation::Add))?;
    let rules = RULES.load(deps.storage)?;
    let first_period = rules.cycle.period_of(now).unwrap_or(0);
    let mut response = Response::new()
        .add_attribute("action", "add_meter")
        .add_attribute("meter_id", &meter_id)
        .add_attribute("retailer", &retailer)
        .add_attribute("tariff_id", &meter.tariff_id)
        .add_attribute("kind", meter.kind.as_str())
        .add_attribute("first_period", first_period.to_string());
    if meter.contracted_monthly_amount > Uint128::zero() && !config.schedule.advances.is_empty() {
        let notice = advance_notice(
            &rules.cycle,
            &config.schedule,
            &meter_id,
            first_period,
            meter.contracted_monthly_amount,
        )?;
        response = response.add_message(bank_msg(
            &config.bank_contract,
            &BankExecuteMsg::ScheduleAdvances(notice),
        )?);
    }

    let record = MeterRecord {
        number,
        status: MeterStatus::Active,
        pubkey: meter.pubkey.to_vec(),
        tariff_offset_minutes: tariff.utc_offset_minutes,
        next_period_to_close: first_period,
        last_sequence: 0,
        last_interval_end: now,
        register_wh: meter.initial_register_wh,
        readings: 0,
        open_day: None,
    };
    let profile = MeterProfile {
        retailer,
        tariff_id: meter.tariff_id,
        contracted_monthly_amount: meter.contracted_monthly_amount,
        kind: meter.kind,
        started_at: now,
        first_period,
        retired_at: None,
    };
    METERS.save(deps.storage, &meter_id, &profile)?;
    METER_RECORDS.save(deps.storage, &meter_id, &record)?;
    METER_COUNT.save(deps.storage, &meter_count)?;
    Ok(response)
}

/// Admin contract: mirrors a meter's status. Retired is final; the retirement time is
/// recorded: the meter is billed up to it and for no later period.
pub fn set_meter_status(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    meter_id: String,
    status: MeterStatus,
) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    pause::ensure_running(deps.storage)?;
    admin_only(deps.storage, &info.sender, "change meter status")?;
    let mut record = load_record(deps.storage, &meter_id)?;
    if record.status == MeterStatus::Retired && status != MeterStatus::Retired {
        return Err(ContractError::MeterRetired { meter_id });
    }
    if status == MeterStatus::Retired && record.status != MeterStatus::Retired {
        let mut profile = METERS.load(deps.storage, &meter_id)?;
        profile.retired_at = Some(env.block.time.seconds());
        METERS.save(deps.storage, &meter_id, &profile)?;
    }
    record.status = status;
    METER_RECORDS.save(deps.storage, &meter_id, &record)?;
    Ok(Response::new()
        .add_attribute("action", "set_meter_status")
        .add_attribute("meter_id", meter_id)
        .add_attribute("status", status.as_str()))
}

/// Admin contract: mirrors the owner's blacklisting; a blocked owner's readings are refused.
pub fn set_owner_blocked(deps: DepsMut, info: MessageInfo, blocked: bool) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    // Not stopped by the pause: mirroring a blacklisting only restricts, and the registry's
    // `Blacklist` (which sends this) must not fail because this contract is paused.
    let config = admin_only(deps.storage, &info.sender, "block or unblock the owner")?;
    let mut rules = RULES.load(deps.storage)?;
    rules.owner_blocked = blocked;
    RULES.save(deps.storage, &rules)?;
    Ok(Response::new()
        .add_attribute("action", "set_owner_blocked")
        .add_attribute("owner", config.owner)
        .add_attribute("blocked", blocked.to_string()))
}

/// A guardian or the administrator: pauses the contract.
pub fn pause(deps: DepsMut, env: Env, info: MessageInfo, reason: String) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    let registry = Registry::new(CONFIG.load(deps.storage)?.admin_contract);
    Ok(registry.pause(deps, &env, &info.sender, reason)?)
}

/// The administrator: lifts the pause.
pub fn unpause(deps: DepsMut, info: MessageInfo) -> ContractResult {
    cw_utils::nonpayable(&info)?;
    let registry = Registry::new(CONFIG.load(deps.storage)?.admin_contract);
    Ok(registry.unpause(deps, &info.sender)?)
}
