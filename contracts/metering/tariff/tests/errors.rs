//! Every tariff `ExecuteMsg`: refused for a sender who is neither the administrator nor an
//! active retailer, and refused for bad input, each with its exact error and no change
//! anywhere.

// Money is written as units_cents (400_00 is 400.00) throughout.
#![allow(clippy::inconsistent_digit_grouping)]

use cosmwasm_std::{Addr, Uint128, coin};
use cw_utils::PaymentError;
use ledger_tariff::ContractError;
use ledger_testing::DAY;
use ledger_testing::tariffs::{self, TIERED, TariffDef};
use ledger_testing::{START, Suite, SuiteBuilder};
use ledger_types::admin::ParticipantStatus;
use ledger_types::tariff::{ExecuteMsg, TariffComponents, Tier, UsageProfile};

fn world() -> Suite {
    SuiteBuilder::new()
        .with_tariff(tariffs::tiered())
        .with_consumer("alice")
        .build()
}

/// [`world`], and its retailer.
fn world_and_retailer() -> (Suite, Addr) {
    let s = world();
    let retailer = s.addrs.retailer.clone();
    (s, retailer)
}

fn tier(up_to_wh: Option<u64>, price: u128) -> Tier {
    Tier {
        up_to_wh,
        price_per_mwh: Uint128::new(price),
    }
}

fn with_tiers(tiers: Vec<Tier>) -> TariffComponents {
    TariffComponents {
        tiers: Some(tiers),
        ..TariffComponents::default()
    }
}

fn unauthorized(sender: &cosmwasm_std::Addr) -> ContractError {
    ContractError::Unauthorized {
        sender: sender.to_string(),
    }
}

// ----------------------------------------------------------------------------- CreateTariff

#[test]
fn create_tariff_by_a_consumer_a_stranger_or_a_suspended_retailer_is_refused() {
    let mut s = world();
    let flat = tariffs::flat();
    for sender in [
        s.consumer("alice"),
        s.addrs.stranger.clone(),
        s.addrs.bank_operator.clone(),
    ] {
        s.assert_refused(
            |s| s.create_tariff(&sender, &flat, START),
            unauthorized(&sender),
        );
    }
    let admin = s.addrs.administrator.clone();
    let retailer = s.addrs.retailer.clone();
    s.set_participant_status(&admin, &retailer, ParticipantStatus::Suspended)
        .unwrap();
    s.assert_refused(
        |s| s.create_tariff(&retailer, &flat, START),
        unauthorized(&retailer),
    );
    // The administrator may always manage tariffs.
    s.create_tariff(&admin, &flat, START).unwrap();
}

#[test]
fn a_tier_table_whose_last_tier_is_bounded_is_refused() {
    let (mut s, retailer) = world_and_retailer();
    let bounded = TariffDef::new(
        "bounded",
        0,
        with_tiers(vec![
            tier(Some(100_000), 10_000),
            tier(Some(200_000), 20_000),
        ]),
    );
    s.assert_refused(
        |s| s.create_tariff(&retailer, &bounded, START),
        ContractError::LastTierBounded { up_to_wh: 200_000 },
    );
    let open_middle = TariffDef::new(
        "open-middle",
        0,
        with_tiers(vec![tier(None, 10_000), tier(None, 20_000)]),
    );
    s.assert_refused(
        |s| s.create_tariff(&retailer, &open_middle, START),
        ContractError::UnboundedTierNotLast { tier: 1 },
    );
    let descending = TariffDef::new(
        "descending",
        0,
        with_tiers(vec![
            tier(Some(200_000), 10_000),
            tier(Some(100_000), 20_000),
            tier(None, 30_000),
        ]),
    );
    s.assert_refused(
        |s| s.create_tariff(&retailer, &descending, START),
        ContractError::TierBoundsNotAscending {
            tier: 2,
            up_to_wh: 100_000,
            previous_wh: 200_000,
        },
    );
    let empty = TariffDef::new("empty", 0, with_tiers(vec![]));
    s.assert_refused(
        |s| s.create_tariff(&retailer, &empty, START),
        ContractError::NoTiers,
    );
}

#[test]
fn create_tariff_with_other_bad_input_is_refused() {
    let (mut s, retailer) = world_and_retailer();
    s.assert_refused(
        |s| s.create_tariff(&retailer, &tariffs::tiered(), START),
        ContractError::TariffExists {
            tariff_id: TIERED.to_string(),
        },
    );
    let nothing = TariffDef::new(
        "tax-only",
        0,
        TariffComponents {
            tax_bps: Some(2_000),
            ..TariffComponents::default()
        },
    );
    s.assert_refused(
        |s| s.create_tariff(&retailer, &nothing, START),
        ContractError::EmptyTariff,
    );
    let mut taxing = tariffs::flat();
    taxing.tariff_id = "taxing".into();
    taxing.components.tax_bps = Some(10_001);
    s.assert_refused(
        |s| s.create_tariff(&retailer, &taxing, START),
        ContractError::TaxTooHigh { tax_bps: 10_001 },
    );
    let mut mars = tariffs::flat();
    mars.tariff_id = "mars".into();
    mars.utc_offset_minutes = 15 * 60;
    s.assert_refused(
        |s| s.create_tariff(&retailer, &mars, START),
        ContractError::InvalidUtcOffset { minutes: 900 },
    );
    let mut spaced = tariffs::flat();
    spaced.tariff_id = "flat basic".into();
    s.assert_refused(
        |s| s.create_tariff(&retailer, &spaced, START),
        ContractError::TariffIdInvalidCharacter {
            tariff_id: "flat basic".to_string(),
            character: ' ',
        },
    );
    let mut short_year = tariffs::time_of_use();
    short_year.tariff_id = "short-year".into();
    if let Some(tou) = short_year.components.time_of_use.as_mut() {
        tou.weekday.truncate(11);
    }
    s.assert_refused(
        |s| s.create_tariff(&retailer, &short_year, START),
        ContractError::TouTableMonths {
            table: "weekday".to_string(),
            rows: 11,
        },
    );
    let mut unknown_band = tariffs::time_of_use();
    unknown_band.tariff_id = "unknown-band".into();
    if let Some(tou) = unknown_band.components.time_of_use.as_mut() {
        tou.weekend[6][13] = 9;
    }
    s.assert_refused(
        |s| s.create_tariff(&retailer, &unknown_band, START),
        ContractError::TouUnknownBand {
            table: "weekend".to_string(),
            month: 7,
            hour: 13,
            band: 9,
            last_band: 3,
        },
    );
}

#[test]
fn a_quote_whose_amount_overflows_is_refused() {
    let (mut s, retailer) = world_and_retailer();
    let dear = TariffDef::new(
        "dear",
        0,
        TariffComponents {
            flat_rate: Some(Uint128::MAX),
            demand_charge_per_kw: Some(Uint128::MAX),
            ..TariffComponents::default()
        },
    );
    // Such prices are legal; what they would charge is not representable, and a quote says so.
    s.create_tariff(&retailer, &dear, START).unwrap();
    let usage = UsageProfile {
        period_start: START,
        period_end: START + 30 * DAY,
        energy_wh: 2_000_000,
        ..UsageProfile::default()
    };
    let error = s.quote("dear", usage.clone()).unwrap_err().to_string();
    assert!(
        error.contains("Energy at the flat rate") && error.contains("128 bits"),
        "{error}"
    );
    // Within range the same tariff prices fine: 1 Wh at u128::MAX per MWh (the remainder,
    // 0.211455 of a minor unit, rounds down), and no demand.
    let small = UsageProfile {
        energy_wh: 1,
        ..usage
    };
    let quote = s.quote("dear", small).unwrap();
    assert_eq!(quote.total.u128(), u128::MAX / 1_000_000);
}

// ------------------------------------------------------------------------------ AddVersion

#[test]
fn add_version_by_a_stranger_or_a_blacklisted_retailer_is_refused() {
    let mut s = world();
    let stranger = s.addrs.stranger.clone();
    let components = tariffs::tiered().components;
    let later = START + 30 * DAY;
    s.assert_refused(
        |s| s.add_version(&stranger, TIERED, components.clone(), later),
        unauthorized(&stranger),
    );
    let blacklister = s.addrs.blacklister.clone();
    let retailer = s.addrs.retailer.clone();
    s.blacklist(&blacklister, &retailer, "price fixing")
        .unwrap();
    s.assert_refused(
        |s| s.add_version(&retailer, TIERED, components.clone(), later),
        unauthorized(&retailer),
    );
}

#[test]
fn add_version_with_bad_input_is_refused() {
    let (mut s, retailer) = world_and_retailer();
    let components = tariffs::tiered().components;
    s.advance_time(5 * DAY);
    let now = s.now();
    s.assert_refused(
        |s| s.add_version(&retailer, "no-such-tariff", components.clone(), now + DAY),
        ContractError::TariffNotFound {
            tariff_id: "no-such-tariff".to_string(),
        },
    );
    // A version that would reprice the period already running.
    s.assert_refused(
        |s| s.add_version(&retailer, TIERED, components.clone(), now - DAY),
        ContractError::RetroactiveVersion {
            tariff_id: TIERED.to_string(),
            effective_from: now - DAY,
            now,
        },
    );
    s.add_version(&retailer, TIERED, components.clone(), now + 10 * DAY)
        .unwrap();
    s.assert_refused(
        |s| s.add_version(&retailer, TIERED, components.clone(), now + 5 * DAY),
        ContractError::EffectiveFromNotAfterLatest {
            tariff_id: TIERED.to_string(),
            effective_from: now + 5 * DAY,
            latest: now + 10 * DAY,
        },
    );
    let bounded = with_tiers(vec![tier(Some(1_000), 1)]);
    s.assert_refused(
        |s| s.add_version(&retailer, TIERED, bounded, now + 20 * DAY),
        ContractError::LastTierBounded { up_to_wh: 1_000 },
    );
}

#[test]
fn native_funds_are_refused_by_every_tariff_action() {
    let (mut s, retailer) = world_and_retailer();
    let contract = s.tariff.clone();
    let flat = tariffs::flat();
    let create = ExecuteMsg::CreateTariff {
        tariff_id: flat.tariff_id,
        name: flat.name,
        utc_offset_minutes: 0,
        components: flat.components.clone(),
        effective_from: START,
    };
    let version = ExecuteMsg::AddVersion {
        tariff_id: TIERED.to_string(),
        components: flat.components,
        effective_from: START + DAY,
    };
    let nonpayable = ContractError::Payment(PaymentError::NonPayable {});
    s.assert_funds_refused(
        &retailer,
        &contract,
        coin(5, "ustake"),
        [create, version],
        nonpayable,
    );
}
