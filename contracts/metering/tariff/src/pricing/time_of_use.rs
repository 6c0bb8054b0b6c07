//! Time-of-use tariffs: a period's hourly energy gathered into the bands its table names.

use cosmwasm_std::{OverflowError, OverflowOperation};
use ledger_types::tariff::{MonthHours, TimeOfUse};

use crate::ContractError;
use crate::ContractResult;
use crate::validate::{TOU_HOURS, TOU_MONTHS};

/// Energy per time-of-use band, Wh: every hour of every month's weekday and weekend buckets
/// goes to the band its table cell names.
pub fn tou_band_energy(tou: &TimeOfUse, hourly: &[MonthHours]) -> ContractResult<Vec<u64>> {
    let mut energy = vec![0u64; tou.band_prices.len()];
    for month in hourly {
        let row = usize::from(month.month)
            .checked_sub(1)
            .filter(|&m| m < TOU_MONTHS)
            .ok_or(ContractError::InvalidUsageMonth { month: month.month })?;
        for (table_name, table, buckets) in [
            ("weekday", &tou.weekday, &month.weekday_wh),
            ("weekend", &tou.weekend, &month.weekend_wh),
        ] {
            let bands = table
                .get(row)
                .filter(|r| r.len() == TOU_HOURS)
                .ok_or_else(|| ContractError::TouTableMonths {
                    table: table_name.to_string(),
                    rows: table.len(),
                })?;
            for (hour, (&band, &wh)) in bands.iter().zip(buckets.iter()).enumerate() {
                let slot = energy.get_mut(usize::from(band)).ok_or_else(|| {
                    ContractError::TouUnknownBand {
                        table: table_name.to_string(),
                        month: row.saturating_add(1),
                        hour,
                        band,
                        last_band: tou.band_prices.len().saturating_sub(1),
                    }
                })?;
                *slot = slot
                    .checked_add(wh)
                    .ok_or_else(|| OverflowError::new(OverflowOperation::Add))?;
            }
        }
    }
    Ok(energy)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::pricing::fixtures::{arb_month, arb_tou, month, tou_table};

    #[test]
    fn time_of_use_reads_the_month_row() {
        // Band 1 only in July at hour 12 on weekdays.
        let mut t = tou_table();
        t.weekday = vec![vec![0u8; 24]; 12];
        t.weekday[6][12] = 1;
        let energy = tou_band_energy(
            &t,
            &[month(7, &[(12, 7)], &[]), month(8, &[(12, 9)], &[(12, 4)])],
        )
        .unwrap();
        assert_eq!(energy, vec![9, 7, 4]);
    }

    #[test]
    fn malformed_tables_are_errors_not_panics() {
        let mut t = tou_table();
        t.weekend.truncate(3);
        assert_eq!(
            tou_band_energy(&t, &[month(5, &[], &[])]),
            Err(ContractError::TouTableMonths {
                table: "weekend".to_string(),
                rows: 3
            })
        );
        let mut t = tou_table();
        t.weekday[0][5] = 9;
        assert_eq!(
            tou_band_energy(&t, &[month(1, &[], &[])]),
            Err(ContractError::TouUnknownBand {
                table: "weekday".to_string(),
                month: 1,
                hour: 5,
                band: 9,
                last_band: 2
            })
        );
    }

    #[test]
    fn band_energy_overflow_is_an_error() {
        let t = tou_table();
        let hourly = [month(1, &[(0, u64::MAX)], &[]), month(2, &[(0, 1)], &[])];
        assert_eq!(
            tou_band_energy(&t, &hourly),
            Err(OverflowError::new(OverflowOperation::Add).into())
        );
    }

    proptest! {
        #[test]
        fn tou_split_conserves_energy(tou in arb_tou(), hourly in prop::collection::vec(arb_month(), 0..4)) {
            let energy = tou_band_energy(&tou, &hourly).unwrap();
            let total: u64 = hourly
                .iter()
                .map(|m| m.weekday_wh.iter().chain(m.weekend_wh.iter()).sum::<u64>())
                .sum();
            prop_assert_eq!(energy.iter().sum::<u64>(), total);
        }
    }
}
