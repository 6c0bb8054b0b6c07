//! Fixture tariffs the scenario tests bill with. Prices are minor units (cents) per MWh, so
//! 18_000 is 18 cents per kWh.

use cosmwasm_std::Uint128;
use ledger_types::tariff::{TariffComponents, Tier, TimeOfUse};

/// A tariff to create at build time.
#[derive(Clone, Debug, PartialEq)]
pub struct TariffDef {
    pub tariff_id: String,
    pub name: String,
    pub utc_offset_minutes: i32,
    pub components: TariffComponents,
}

impl TariffDef {
    pub fn new(tariff_id: &str, utc_offset_minutes: i32, components: TariffComponents) -> Self {
        TariffDef {
            tariff_id: tariff_id.to_string(),
            name: tariff_id.replace('-', " "),
            utc_offset_minutes,
            components,
        }
    }
}

pub const TIERED: &str = "tiered-home";
pub const TIME_OF_USE: &str = "tou-city";
pub const DEMAND: &str = "demand-business";
pub const FLAT: &str = "flat-basic";

fn u(n: u128) -> Uint128 {
    Uint128::new(n)
}

/// Household block tariff in UTC: a fixed charge, three blocks, 20% tax.
pub fn tiered() -> TariffDef {
    TariffDef::new(
        TIERED,
        0,
        TariffComponents {
            fixed_charge: Some(u(450)),
            tiers: Some(vec![
                Tier {
                    up_to_wh: Some(150_000),
                    price_per_mwh: u(18_000),
                },
                Tier {
                    up_to_wh: Some(350_000),
                    price_per_mwh: u(24_500),
                },
                Tier {
                    up_to_wh: None,
                    price_per_mwh: u(31_250),
                },
            ]),
            tax_bps: Some(2_000),
            ..TariffComponents::default()
        },
    )
}

/// Band indices of [`time_of_use`].
pub const OFF_PEAK: u8 = 0;
pub const SHOULDER: u8 = 1;
pub const PEAK: u8 = 2;
pub const WINTER_PEAK: u8 = 3;

/// City time-of-use tariff read at UTC+1: off-peak nights and weekends, a shoulder by day,
/// an evening peak that is dearer from November to February; fixed charge, 5% tax.
pub fn time_of_use() -> TariffDef {
    let weekday_row = |peak: u8| -> Vec<u8> {
        (0..24)
            .map(|h| match h {
                0..=6 => OFF_PEAK,
                17..=20 => peak,
                _ => SHOULDER,
            })
            .collect()
    };
    let weekend_row: Vec<u8> = (0..24)
        .map(|h| {
            if (17..=20).contains(&h) {
                SHOULDER
            } else {
                OFF_PEAK
            }
        })
        .collect();
    let winter = |month: usize| matches!(month, 1 | 2 | 11 | 12);
    TariffDef::new(
        TIME_OF_USE,
        60,
        TariffComponents {
            fixed_charge: Some(u(390)),
            time_of_use: Some(TimeOfUse {
                band_names: vec![
                    "off-peak".into(),
                    "shoulder".into(),
                    "peak".into(),
                    "winter peak".into(),
                ],
                band_prices: vec![u(12_000), u(21_000), u(34_500), u(41_000)],
                weekday: (1..=12)
                    .map(|m| weekday_row(if winter(m) { WINTER_PEAK } else { PEAK }))
                    .collect(),
                weekend: (1..=12).map(|_| weekend_row.clone()).collect(),
            }),
            tax_bps: Some(500),
            ..TariffComponents::default()
        },
    )
}

/// Small-business tariff: flat energy price, a demand charge on the period's highest
/// interval power, a fixed charge and a minimum charge; 20% tax.
pub fn demand() -> TariffDef {
    TariffDef::new(
        DEMAND,
        0,
        TariffComponents {
            fixed_charge: Some(u(1_200)),
            flat_rate: Some(u(15_500)),
            demand_charge_per_kw: Some(u(725)),
            minimum_charge: Some(u(25_000)),
            tax_bps: Some(2_000),
            ..TariffComponents::default()
        },
    )
}

/// The simplest tariff: one flat price, no tax. Property tests use it.
pub fn flat() -> TariffDef {
    TariffDef::new(
        FLAT,
        0,
        TariffComponents {
            flat_rate: Some(u(200_000)),
            ..TariffComponents::default()
        },
    )
}
