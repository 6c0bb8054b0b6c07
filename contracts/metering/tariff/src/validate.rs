//! Input checks for tariffs and their versions. Each returns the first problem found as a
//! typed error; none of them touches storage.

use ledger_types::tariff::{MAX_TIERS, MAX_TOU_BANDS, TariffComponents, Tier, TimeOfUse};
use ledger_types::time;

use crate::ContractError;
use crate::ContractResult;

/// Longest tariff id, in characters.
pub const MAX_TARIFF_ID_LEN: usize = 64;
/// Longest tariff name, in characters.
pub const MAX_NAME_LEN: usize = 128;
/// Basis points of 100%.
pub const MAX_TAX_BPS: u16 = 10_000;
/// Rows of a time-of-use table: one per month.
pub const TOU_MONTHS: usize = 12;
/// Entries of a time-of-use row: one per hour.
pub const TOU_HOURS: usize = 24;

/// A tariff id: 1 to 64 characters of `[A-Za-z0-9._-]`.
pub fn tariff_id(tariff_id: &str) -> ContractResult<()> {
    if tariff_id.is_empty() {
        return Err(ContractError::EmptyTariffId);
    }
    let length = tariff_id.chars().count();
    if length > MAX_TARIFF_ID_LEN {
        return Err(ContractError::TariffIdTooLong {
            length,
            max: MAX_TARIFF_ID_LEN,
        });
    }
    if let Some(character) = tariff_id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        return Err(ContractError::TariffIdInvalidCharacter {
            tariff_id: tariff_id.to_string(),
            character,
        });
    }
    Ok(())
}

/// A tariff name: not blank, at most 128 characters.
pub fn name(tariff_id: &str, name: &str) -> ContractResult<()> {
    if name.trim().is_empty() {
        return Err(ContractError::EmptyName {
            tariff_id: tariff_id.to_string(),
        });
    }
    let length = name.chars().count();
    if length > MAX_NAME_LEN {
        return Err(ContractError::NameTooLong {
            tariff_id: tariff_id.to_string(),
            length,
            max: MAX_NAME_LEN,
        });
    }
    Ok(())
}

/// A UTC offset some place on Earth uses.
pub fn utc_offset(minutes: i32) -> ContractResult<()> {
    if time::is_valid_offset(minutes) {
        Ok(())
    } else {
        Err(ContractError::InvalidUtcOffset { minutes })
    }
}

/// A version's components: at least one charge, and every present component well formed.
/// A tax alone is no charge (it would always be 0).
pub fn components(c: &TariffComponents) -> ContractResult<()> {
    let charges = c.fixed_charge.is_some()
        || c.flat_rate.is_some()
        || c.tiers.is_some()
        || c.time_of_use.is_some()
        || c.demand_charge_per_kw.is_some()
        || c.minimum_charge.is_some();
    if !charges {
        return Err(ContractError::EmptyTariff);
    }
    if let Some(t) = &c.tiers {
        tiers(t)?;
    }
    if let Some(tou) = &c.time_of_use {
        time_of_use(tou)?;
    }
    if let Some(tax_bps) = c.tax_bps {
        if tax_bps > MAX_TAX_BPS {
            return Err(ContractError::TaxTooHigh { tax_bps });
        }
    }
    Ok(())
}

/// A tier table: 1 to [`MAX_TIERS`] tiers, bounds strictly ascending (and above 0), only the
/// last tier unbounded, and the last tier unbounded. Tiers are counted from 1 in errors.
pub fn tiers(tiers: &[Tier]) -> ContractResult<()> {
    if tiers.is_empty() {
        return Err(ContractError::NoTiers);
    }
    if tiers.len() > MAX_TIERS {
        return Err(ContractError::TooManyTiers {
            count: tiers.len(),
            max: MAX_TIERS,
        });
    }
    let last = tiers.len().saturating_sub(1);
    let mut previous_wh = 0u64;
    for (index, tier) in tiers.iter().enumerate() {
        match tier.up_to_wh {
            None if index != last => {
                return Err(ContractError::UnboundedTierNotLast {
                    tier: index.saturating_add(1),
                });
            }
            None => {}
            Some(up_to_wh) if up_to_wh <= previous_wh => {
                return Err(ContractError::TierBoundsNotAscending {
                    tier: index.saturating_add(1),
                    up_to_wh,
                    previous_wh,
                });
            }
            Some(up_to_wh) if index == last => {
                return Err(ContractError::LastTierBounded { up_to_wh });
            }
            Some(up_to_wh) => previous_wh = up_to_wh,
        }
    }
    Ok(())
}

/// A time-of-use schedule: 1 to [`MAX_TOU_BANDS`] named bands with one price each, and two
/// 12 x 24 tables whose every entry names an existing band.
pub fn time_of_use(tou: &TimeOfUse) -> ContractResult<()> {
    let bands = tou.band_prices.len();
    if tou.band_names.len() != bands {
        return Err(ContractError::TouBandCountMismatch {
            names: tou.band_names.len(),
            prices: bands,
        });
    }
    if bands == 0 {
        return Err(ContractError::NoTouBands);
    }
    if bands > MAX_TOU_BANDS {
        return Err(ContractError::TooManyTouBands {
            count: bands,
            max: MAX_TOU_BANDS,
        });
    }
    if let Some(band) = tou.band_names.iter().position(|n| n.trim().is_empty()) {
        return Err(ContractError::EmptyTouBandName { band });
    }
    tou_table("weekday", &tou.weekday, bands)?;
    tou_table("weekend", &tou.weekend, bands)
}

fn tou_table(table: &str, rows: &[Vec<u8>], bands: usize) -> ContractResult<()> {
    if rows.len() != TOU_MONTHS {
        return Err(ContractError::TouTableMonths {
            table: table.to_string(),
            rows: rows.len(),
        });
    }
    for (m, row) in rows.iter().enumerate() {
        if row.len() != TOU_HOURS {
            return Err(ContractError::TouTableHours {
                table: table.to_string(),
                month: m.saturating_add(1),
                hours: row.len(),
            });
        }
        if let Some((hour, &band)) = row
            .iter()
            .enumerate()
            .find(|&(_, &band)| usize::from(band) >= bands)
        {
            return Err(ContractError::TouUnknownBand {
                table: table.to_string(),
                month: m.saturating_add(1),
                hour,
                band,
                last_band: bands.saturating_sub(1),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::Uint128;

    fn tier(up_to_wh: Option<u64>, price: u128) -> Tier {
        Tier {
            up_to_wh,
            price_per_mwh: Uint128::new(price),
        }
    }

    fn tou(bands: usize) -> TimeOfUse {
        TimeOfUse {
            band_names: (0..bands).map(|b| format!("band {b}")).collect(),
            band_prices: (0..bands).map(|b| Uint128::new(b as u128 + 1)).collect(),
            weekday: vec![vec![0; 24]; 12],
            weekend: vec![vec![0; 24]; 12],
        }
    }

    #[test]
    fn tariff_ids() {
        assert_eq!(tariff_id("home-2026_v1.a"), Ok(()));
        assert_eq!(tariff_id(&"a".repeat(64)), Ok(()));
        assert_eq!(tariff_id(""), Err(ContractError::EmptyTariffId));
        assert_eq!(
            tariff_id(&"a".repeat(65)),
            Err(ContractError::TariffIdTooLong {
                length: 65,
                max: 64
            })
        );
        assert_eq!(
            tariff_id("home tariff"),
            Err(ContractError::TariffIdInvalidCharacter {
                tariff_id: "home tariff".to_string(),
                character: ' '
            })
        );
        assert_eq!(
            tariff_id("tarif-é"),
            Err(ContractError::TariffIdInvalidCharacter {
                tariff_id: "tarif-é".to_string(),
                character: 'é'
            })
        );
    }

    #[test]
    fn names() {
        assert_eq!(name("t", "Home"), Ok(()));
        assert_eq!(name("t", &"é".repeat(128)), Ok(()));
        assert_eq!(
            name("t", "  "),
            Err(ContractError::EmptyName {
                tariff_id: "t".to_string()
            })
        );
        assert_eq!(
            name("t", &"n".repeat(129)),
            Err(ContractError::NameTooLong {
                tariff_id: "t".to_string(),
                length: 129,
                max: 128
            })
        );
    }

    #[test]
    fn offsets() {
        assert_eq!(utc_offset(-720), Ok(()));
        assert_eq!(utc_offset(840), Ok(()));
        assert_eq!(
            utc_offset(841),
            Err(ContractError::InvalidUtcOffset { minutes: 841 })
        );
    }

    #[test]
    fn a_tariff_needs_a_charge() {
        assert_eq!(
            components(&TariffComponents::default()),
            Err(ContractError::EmptyTariff)
        );
        let tax_only = TariffComponents {
            tax_bps: Some(2000),
            ..Default::default()
        };
        assert_eq!(components(&tax_only), Err(ContractError::EmptyTariff));
        let minimum_only = TariffComponents {
            minimum_charge: Some(Uint128::new(1)),
            ..Default::default()
        };
        assert_eq!(components(&minimum_only), Ok(()));
    }

    #[test]
    fn tax_is_at_most_100_percent() {
        let mut c = TariffComponents {
            fixed_charge: Some(Uint128::new(1)),
            tax_bps: Some(10_000),
            ..Default::default()
        };
        assert_eq!(components(&c), Ok(()));
        c.tax_bps = Some(10_001);
        assert_eq!(
            components(&c),
            Err(ContractError::TaxTooHigh { tax_bps: 10_001 })
        );
    }

    #[test]
    fn good_tier_tables() {
        assert_eq!(tiers(&[tier(None, 1)]), Ok(()));
        assert_eq!(
            tiers(&[tier(Some(1), 1), tier(Some(2), 2), tier(None, 3)]),
            Ok(())
        );
        let mut max: Vec<Tier> = (1..MAX_TIERS as u64).map(|b| tier(Some(b), 1)).collect();
        max.push(tier(None, 1));
        assert_eq!(tiers(&max), Ok(()));
    }

    #[test]
    fn bad_tier_tables() {
        assert_eq!(tiers(&[]), Err(ContractError::NoTiers));
        let mut too_many: Vec<Tier> = (1..=MAX_TIERS as u64).map(|b| tier(Some(b), 1)).collect();
        too_many.push(tier(None, 1));
        assert_eq!(
            tiers(&too_many),
            Err(ContractError::TooManyTiers { count: 17, max: 16 })
        );
        assert_eq!(
            tiers(&[tier(Some(100), 1)]),
            Err(ContractError::LastTierBounded { up_to_wh: 100 })
        );
        assert_eq!(
            tiers(&[tier(Some(100), 1), tier(Some(200), 1)]),
            Err(ContractError::LastTierBounded { up_to_wh: 200 })
        );
        assert_eq!(
            tiers(&[tier(None, 1), tier(None, 1)]),
            Err(ContractError::UnboundedTierNotLast { tier: 1 })
        );
        assert_eq!(
            tiers(&[tier(Some(100), 1), tier(None, 1), tier(None, 1)]),
            Err(ContractError::UnboundedTierNotLast { tier: 2 })
        );
        assert_eq!(
            tiers(&[tier(Some(100), 1), tier(Some(100), 1), tier(None, 1)]),
            Err(ContractError::TierBoundsNotAscending {
                tier: 2,
                up_to_wh: 100,
                previous_wh: 100
            })
        );
        assert_eq!(
            tiers(&[tier(Some(100), 1), tier(Some(50), 1), tier(None, 1)]),
            Err(ContractError::TierBoundsNotAscending {
                tier: 2,
                up_to_wh: 50,
                previous_wh: 100
            })
        );
        assert_eq!(
            tiers(&[tier(Some(0), 1), tier(None, 1)]),
            Err(ContractError::TierBoundsNotAscending {
                tier: 1,
                up_to_wh: 0,
                previous_wh: 0
            })
        );
        // Tiers are checked through `components` too.
        let c = TariffComponents {
            tiers: Some(vec![]),
            ..Default::default()
        };
        assert_eq!(components(&c), Err(ContractError::NoTiers));
    }

    #[test]
    fn good_time_of_use() {
        assert_eq!(time_of_use(&tou(1)), Ok(()));
        let mut t = tou(MAX_TOU_BANDS);
        t.weekend[11][23] = (MAX_TOU_BANDS - 1) as u8;
        assert_eq!(time_of_use(&t), Ok(()));
    }

    #[test]
    fn bad_time_of_use() {
        let mut t = tou(2);
        t.band_names.pop();
        assert_eq!(
            time_of_use(&t),
            Err(ContractError::TouBandCountMismatch {
                names: 1,
                prices: 2
            })
        );
        assert_eq!(time_of_use(&tou(0)), Err(ContractError::NoTouBands));
        assert_eq!(
            time_of_use(&tou(25)),
            Err(ContractError::TooManyTouBands { count: 25, max: 24 })
        );
        let mut t = tou(2);
        t.band_names[1] = " ".to_string();
        assert_eq!(
            time_of_use(&t),
            Err(ContractError::EmptyTouBandName { band: 1 })
        );
        let mut t = tou(2);
        t.weekday.pop();
        assert_eq!(
            time_of_use(&t),
            Err(ContractError::TouTableMonths {
                table: "weekday".to_string(),
                rows: 11
            })
        );
        let mut t = tou(2);
        t.weekend.push(vec![0; 24]);
        assert_eq!(
            time_of_use(&t),
            Err(ContractError::TouTableMonths {
                table: "weekend".to_string(),
                rows: 13
            })
        );
        let mut t = tou(2);
        t.weekend[3].push(0);
        assert_eq!(
            time_of_use(&t),
            Err(ContractError::TouTableHours {
                table: "weekend".to_string(),
                month: 4,
                hours: 25
            })
        );
        let mut t = tou(2);
        t.weekday[0] = vec![];
        assert_eq!(
            time_of_use(&t),
            Err(ContractError::TouTableHours {
                table: "weekday".to_string(),
                month: 1,
                hours: 0
            })
        );
        let mut t = tou(2);
        t.weekday[6][17] = 2;
        assert_eq!(
            time_of_use(&t),
            Err(ContractError::TouUnknownBand {
                table: "weekday".to_string(),
                month: 7,
                hour: 17,
                band: 2,
                last_band: 1
            })
        );
        // Through `components` too.
        let c = TariffComponents {
            time_of_use: Some(tou(0)),
            ..Default::default()
        };
        assert_eq!(components(&c), Err(ContractError::NoTouBands));
    }
}
