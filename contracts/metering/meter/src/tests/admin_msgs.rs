//! Instantiation, migration, and the messages only the admin contract may send.

use cosmwasm_std::testing::{MockApi, message_info, mock_dependencies, mock_env};
use cosmwasm_std::{StdError, Storage, Uint128, coins};
use cw_utils::PaymentError;
use ledger_types::admin::MeterStatus;
use ledger_types::bank::{AdvanceNotice, ExecuteMsg as BankExecuteMsg};
use ledger_types::billing::{AdvanceRule, MeterSettings};
use ledger_types::meter::MeterKind;
use ledger_types::meter::{
    ConfigResponse, ExecuteMsg, InstantiateMsg, MeterState, MigrateMsg, NewMeter,
};

use super::helpers::*;
use crate::ContractError;
use crate::contract::{instantiate, migrate};
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};
use ledger_contract_kit::GuardError;

#[test]
fn instantiate_stores_wiring_and_settings() {
    let ctx = Ctx::with_meter();
    let config: ConfigResponse = ctx.query(ledger_types::meter::QueryMsg::Config {});
    assert_eq!(
        config,
        ConfigResponse {
            owner: ctx.owner.clone(),
            admin_contract: ctx.admin.clone(),
            tariff_contract: ctx.tariff.clone(),
            bank_contract: ctx.bank.clone(),
            settings: MeterSettings::default(),
            owner_blocked: false,
        }
    );
    assert_eq!(
        cw2::get_contract_version(&ctx.deps.storage).unwrap(),
        cw2::ContractVersion {
            contract: CONTRACT_NAME.into(),
            version: CONTRACT_VERSION.into(),
        }
    );
}

#[test]
fn instantiate_refuses_bad_input() {
    let mut deps = mock_dependencies();
    let admin = deps.api.addr_make("admin-contract");
    let good = |api: &MockApi| InstantiateMsg {
        owner: api.addr_make("consumer").to_string(),
        tariff_contract: api.addr_make("tariff").to_string(),
        bank_contract: api.addr_make("bank").to_string(),
        settings: MeterSettings::default(),
    };

    let mut msg = good(&deps.api);
    msg.settings.schedule.advances = vec![
        AdvanceRule { bps: 6_000, day: 5 },
        AdvanceRule { bps: 5_000, day: 6 },
    ];
    let err = instantiate(deps.as_mut(), mock_env(), message_info(&admin, &[]), msg).unwrap_err();
    assert_eq!(
        err,
        ContractError::InvalidSettings {
            reason: "advances add up to 11000 basis points, more than the whole (10000)".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "invalid meter settings: advances add up to 11000 basis points, more than the whole (10000)"
    );

    let mut msg = good(&deps.api);
    msg.settings.max_power_w = 0;
    let err = instantiate(deps.as_mut(), mock_env(), message_info(&admin, &[]), msg).unwrap_err();
    assert!(
        matches!(err, ContractError::InvalidSettings { .. }),
        "{err}"
    );

    let mut msg = good(&deps.api);
    msg.bank_contract = "not-an-address".into();
    let err = instantiate(deps.as_mut(), mock_env(), message_info(&admin, &[]), msg).unwrap_err();
    assert!(
        matches!(err, ContractError::Guard(GuardError::Std(_))),
        "{err}"
    );

    let msg = good(&deps.api);
    let err = instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&admin, &coins(5, "ustake")),
        msg,
    )
    .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));

    // Nothing was stored by the failed attempts.
    assert_eq!(
        deps.storage
            .range(None, None, cosmwasm_std::Order::Ascending)
            .count(),
        0
    );
}

#[test]
fn add_meter_records_the_meter_and_schedules_advances() {
    let mut ctx = Ctx::new(MeterSettings::default(), NOV_2026 + 3 * DAY + 17);
    let response = ctx.add_meter(METER, 1, "east").unwrap();
    assert_attrs(
        &response,
        &[
            ("action", "add_meter"),
            ("meter_id", METER),
            ("first_period", &NOV.to_string()),
        ],
    );
    ctx.assert_to_bank(
        &response,
        BankExecuteMsg::ScheduleAdvances(AdvanceNotice {
            meter_id: METER.into(),
            period: NOV,
            estimate: Uint128::new(CONTRACTED),
            advances: default_advances(NOV_2026),
        }),
    );
    assert_eq!(
        ctx.meter(METER),
        MeterState {
            meter_id: METER.into(),
            retailer: ctx.retailer.clone(),
            pubkey: key(1).public_key().to_vec().into(),
            tariff_id: "east".into(),
            tariff_utc_offset_minutes: 330,
            status: MeterStatus::Active,
            contracted_monthly_amount: Uint128::new(CONTRACTED),
            last_sequence: 0,
            last_interval_end: NOV_2026 + 3 * DAY + 17,
            register_wh: 1_000,
            readings: 0,
            next_period_to_close: NOV,
            started_at: NOV_2026 + 3 * DAY + 17,
            retired_at: None,
            kind: MeterKind::Consumption,
        }
    );

    // Without a contracted amount there is no estimate and nothing to schedule.
    let mut meter = ctx.new_meter("m-2", 2, "flat");
    meter.contracted_monthly_amount = Uint128::zero();
    let admin = ctx.admin.clone();
    let response = ctx.exec(&admin, ExecuteMsg::AddMeter { meter }).unwrap();
    assert!(response.messages.is_empty());
}

#[test]
fn add_meter_in_a_day_cycle_dates_advances_in_cycle_days() {
    let settings = day_cycle(1_000_000, 10);
    // Period 2 runs from 1_000_600 to 1_000_900.
    let mut ctx = Ctx::new(settings.clone(), 1_000_650);
    let response = ctx.add_meter(METER, 1, "flat").unwrap();
    let [(_, BankExecuteMsg::ScheduleAdvances(notice))] = &bank_messages(&response)[..] else {
        panic!("expected one ScheduleAdvances");
    };
    assert_eq!(notice.period, 2);
    let dues: Vec<u64> = notice.advances.iter().map(|a| a.due).collect();
    assert_eq!(dues, vec![1_000_690, 1_000_840]);
    assert_eq!(ctx.meter(METER).next_period_to_close, 2);

    // Before the cycle's origin the meter's first period is period 0.
    let mut early = Ctx::new(settings, 999_000);
    let response = early.add_meter(METER, 1, "flat").unwrap();
    assert_eq!(attr(&response, "first_period"), "0");
    assert_eq!(early.meter(METER).next_period_to_close, 0);
}

#[test]
fn add_meter_is_for_the_admin_contract_only() {
    let mut ctx = Ctx::with_meter();
    let stranger = ctx.deps.api.addr_make("stranger");
    // The owner is no better placed than a stranger.
    for sender in [stranger, ctx.owner.clone()] {
        let meter = ctx.new_meter("m-2", 2, "flat");
        ctx.refused(
            &sender,
            ExecuteMsg::AddMeter { meter },
            ContractError::Unauthorized {
                sender: sender.to_string(),
                action: "add meters",
            },
        );
    }
}

#[test]
fn add_meter_refuses_bad_input() {
    let mut ctx = Ctx::with_meter();
    let admin = ctx.admin.clone();
    let with_pubkey = |pubkey: Vec<u8>| NewMeter {
        pubkey: pubkey.into(),
        ..ctx.new_meter("m-2", 2, "flat")
    };
    let invalid_pubkey = |reason: &str| ContractError::InvalidPubkey {
        meter_id: "m-2".into(),
        reason: reason.into(),
    };
    let mut uncompressed = key(2).public_key().to_vec();
    uncompressed[0] = 0x04;
    let mut off_curve = vec![0xffu8; 33];
    off_curve[0] = 0x02;

    let mut cases = vec![(
        ctx.new_meter(METER, 2, "flat"),
        ContractError::MeterExists {
            meter_id: METER.into(),
        },
    )];
    for bad_id in [String::new(), "x".repeat(65)] {
        cases.push((
            ctx.new_meter(&bad_id, 2, "flat"),
            ContractError::InvalidMeterId {
                meter_id: bad_id,
                max: 64,
            },
        ));
    }
    cases.extend([
        (
            with_pubkey(vec![2u8; 32]),
            invalid_pubkey("expected a 33-byte compressed secp256k1 key, got 32 bytes"),
        ),
        (
            with_pubkey(uncompressed),
            invalid_pubkey("a compressed secp256k1 key starts with 0x02 or 0x03"),
        ),
        (
            with_pubkey(off_curve),
            invalid_pubkey("not a point of the secp256k1 curve"),
        ),
        (
            ctx.new_meter("m-2", 2, "nope"),
            ContractError::UnknownTariff {
                tariff_id: "nope".into(),
                reason: "Generic error: Querier contract error: tariff nope not found".into(),
            },
        ),
    ]);
    for (meter, expected) in cases {
        ctx.refused(&admin, ExecuteMsg::AddMeter { meter }, expected);
    }

    let meter = NewMeter {
        retailer: "not-an-address".into(),
        ..ctx.new_meter("m-2", 2, "flat")
    };
    ctx.refused_as(&admin, ExecuteMsg::AddMeter { meter }, &[], |err| {
        assert!(
            matches!(
                err,
                ContractError::Guard(GuardError::Std(StdError::GenericErr { .. }))
            ),
            "{err}"
        )
    });

    let meter = ctx.new_meter("m-2", 2, "flat");
    ctx.refused_with_funds(
        &admin,
        ExecuteMsg::AddMeter { meter },
        &coins(1, "ustake"),
        ContractError::Payment(PaymentError::NonPayable {}),
    );
}

#[test]
fn set_meter_status_mirrors_the_admin() {
    let mut ctx = Ctx::with_meter();
    let admin = ctx.admin.clone();
    let stranger = ctx.deps.api.addr_make("stranger");
    let set = |status| ExecuteMsg::SetMeterStatus {
        meter_id: METER.into(),
        status,
    };

    ctx.refused(
        &stranger,
        set(MeterStatus::Suspended),
        ContractError::Unauthorized {
            sender: stranger.to_string(),
            action: "change meter status",
        },
    );
    ctx.refused(
        &admin,
        ExecuteMsg::SetMeterStatus {
            meter_id: "m-9".into(),
            status: MeterStatus::Suspended,
        },
        ContractError::UnknownMeter {
            meter_id: "m-9".into(),
        },
    );

    let response = ctx.exec(&admin, set(MeterStatus::Suspended)).unwrap();
    assert_eq!(attr(&response, "action"), "set_meter_status");
    assert_eq!(attr(&response, "status"), "suspended");
    assert_eq!(ctx.meter(METER).status, MeterStatus::Suspended);
    ctx.exec(&admin, set(MeterStatus::Active)).unwrap();
    ctx.exec(&admin, set(MeterStatus::Retired)).unwrap();
    ctx.refused(
        &admin,
        set(MeterStatus::Active),
        ContractError::MeterRetired {
            meter_id: METER.into(),
        },
    );
    assert_eq!(ctx.meter(METER).status, MeterStatus::Retired);
}

#[test]
fn set_owner_blocked_mirrors_the_blacklist() {
    let mut ctx = Ctx::with_meter();
    let admin = ctx.admin.clone();
    let owner = ctx.owner.clone();
    ctx.refused(
        &owner,
        ExecuteMsg::SetOwnerBlocked { blocked: true },
        ContractError::Unauthorized {
            sender: owner.to_string(),
            action: "block or unblock the owner",
        },
    );
    let response = ctx
        .exec(&admin, ExecuteMsg::SetOwnerBlocked { blocked: true })
        .unwrap();
    assert_eq!(attr(&response, "blocked"), "true");
    let config: ConfigResponse = ctx.query(ledger_types::meter::QueryMsg::Config {});
    assert!(config.owner_blocked);
    ctx.exec(&admin, ExecuteMsg::SetOwnerBlocked { blocked: false })
        .unwrap();
    let config: ConfigResponse = ctx.query(ledger_types::meter::QueryMsg::Config {});
    assert!(!config.owner_blocked);
}

#[test]
fn funds_are_refused_everywhere() {
    let mut ctx = Ctx::with_meter();
    let admin = ctx.admin.clone();
    let funds = coins(1, "ustake");
    let mut feed = Feed::new(&ctx, METER, 1);
    let reading = feed.next(HALF_HOUR, 10);
    for msg in [
        ExecuteMsg::SetMeterStatus {
            meter_id: METER.into(),
            status: MeterStatus::Suspended,
        },
        ExecuteMsg::SetOwnerBlocked { blocked: true },
        ExecuteMsg::SubmitReadings {
            readings: vec![reading],
        },
        ExecuteMsg::ClosePeriod {
            meter_id: METER.into(),
            period: NOV,
        },
    ] {
        ctx.refused_with_funds(
            &admin,
            msg,
            &funds,
            ContractError::Payment(PaymentError::NonPayable {}),
        );
    }
}

#[test]
fn migrate_refuses_other_contracts_and_downgrades() {
    let mut ctx = Ctx::with_meter();
    let env = ctx.env.clone();
    migrate(ctx.deps.as_mut(), env.clone(), MigrateMsg {}).unwrap();

    cw2::set_contract_version(&mut ctx.deps.storage, "ledger-bank", CONTRACT_VERSION).unwrap();
    let err = migrate(ctx.deps.as_mut(), env.clone(), MigrateMsg {}).unwrap_err();
    assert_eq!(
        err,
        ContractError::Guard(GuardError::WrongContract {
            expected: CONTRACT_NAME.into(),
            found: "ledger-bank".into(),
        })
    );

    cw2::set_contract_version(&mut ctx.deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
    let err = migrate(ctx.deps.as_mut(), env.clone(), MigrateMsg {}).unwrap_err();
    assert_eq!(
        err,
        ContractError::Guard(GuardError::Downgrade {
            stored: "99.0.0".into(),
            current: CONTRACT_VERSION.into(),
        })
    );

    // Semantic versioning order: a release candidate comes before its release.
    let rc = format!("{CONTRACT_VERSION}-rc.1");
    cw2::set_contract_version(&mut ctx.deps.storage, CONTRACT_NAME, &rc).unwrap();
    migrate(ctx.deps.as_mut(), env.clone(), MigrateMsg {}).unwrap();
    assert_eq!(
        cw2::get_contract_version(&ctx.deps.storage)
            .unwrap()
            .version,
        CONTRACT_VERSION
    );
    let newer_rc = "99.0.0-rc.1";
    cw2::set_contract_version(&mut ctx.deps.storage, CONTRACT_NAME, newer_rc).unwrap();
    assert_eq!(
        migrate(ctx.deps.as_mut(), env.clone(), MigrateMsg {}).unwrap_err(),
        ContractError::Guard(GuardError::Downgrade {
            stored: newer_rc.into(),
            current: CONTRACT_VERSION.into(),
        })
    );

    cw2::set_contract_version(&mut ctx.deps.storage, CONTRACT_NAME, "0.0.1").unwrap();
    let response = migrate(ctx.deps.as_mut(), env, MigrateMsg {}).unwrap();
    assert_eq!(attr(&response, "from_version"), "0.0.1");
    let version = cw2::get_contract_version(&ctx.deps.storage).unwrap();
    assert_eq!(version.version, CONTRACT_VERSION);
}
