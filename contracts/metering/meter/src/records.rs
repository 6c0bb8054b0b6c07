//! The binary records on the reading path and their encodings (see [`crate::codec`]).

use cosmwasm_std::StdResult;
use ledger_types::admin::MeterStatus;
use ledger_types::billing::BillingCycle;
use ledger_types::tariff::MonthHours;

use crate::codec::{Reader, Record, put_i64, put_u64};

/// The part of the settings every submission needs, and the owner's blacklisting.
#[cfg_attr(
    feature = "postcard-records",
    derive(serde::Serialize, serde::Deserialize)
)]
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    pub cycle: BillingCycle,
    pub future_tolerance_seconds: u64,
    pub max_interval_seconds: u32,
    pub max_power_w: u64,
    pub owner_blocked: bool,
}

/// A meter's key, status and running state: the one record a reading reads and rewrites.
#[cfg_attr(
    feature = "postcard-records",
    derive(serde::Serialize, serde::Deserialize)
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeterRecord {
    /// The meter's number in this contract, which keys its readings, days and periods.
    pub number: u32,
    pub status: MeterStatus,
    /// 33-byte compressed secp256k1 key.
    pub pubkey: Vec<u8>,
    pub tariff_offset_minutes: i32,
    pub next_period_to_close: u32,
    pub last_sequence: u64,
    pub last_interval_end: u64,
    pub register_wh: u64,
    pub readings: u64,
    /// The day of the latest reading, not yet moved into the daily and period records.
    pub open_day: Option<OpenDay>,
}

/// Most consecutive tariff-local hours the open day holds before they are moved into the
/// period record. A civil day touches at most 25 hours of a tariff whose offset differs by a
/// fraction of an hour; the margin keeps that case from ever moving hours mid-day.
pub const OPEN_HOURS: usize = 26;

/// Totals of the day the latest reading fell in. Readings arrive in time order, so once a
/// reading of a later day arrives this day is complete: it is then written as a daily total
/// and added to its period's record. Until then queries and closing add it in themselves.
#[cfg_attr(
    feature = "postcard-records",
    derive(serde::Serialize, serde::Deserialize)
)]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenDay {
    /// Day index (see `BillingCycle::day_index`).
    pub day: u64,
    /// The period the day lies in.
    pub period: u32,
    pub energy_wh: u64,
    pub readings: u32,
    pub max_power_w: u64,
    /// Tariff-local hour index (local seconds / 3600) of `hours[0]`.
    pub first_hour: u64,
    /// Wh per consecutive tariff-local hour from `first_hour`, not yet in the period record.
    pub hours: Vec<u64>,
}

/// A period's totals over its completed days (the open day is kept in the meter record).
#[cfg_attr(
    feature = "postcard-records",
    derive(serde::Serialize, serde::Deserialize)
)]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PeriodRecord {
    pub energy_wh: u64,
    pub readings: u32,
    pub max_power_w: u64,
    pub hourly: Vec<MonthHours>,
}

/// Energy of readings of already closed periods, carried into one later bill.
#[cfg_attr(
    feature = "postcard-records",
    derive(serde::Serialize, serde::Deserialize)
)]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LateRecord {
    /// The earliest and latest closed period the late readings fell in.
    pub from_period: u32,
    pub to_period: u32,
    /// Their totals and hourly profile (in the tariff's local time).
    pub usage: PeriodRecord,
}

/// A completed day's totals.
#[cfg_attr(
    feature = "postcard-records",
    derive(serde::Serialize, serde::Deserialize)
)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DayRecord {
    pub energy_wh: u64,
    pub readings: u32,
}

/// A reading as stored; its interval start is the key.
#[cfg_attr(
    feature = "postcard-records",
    derive(serde::Serialize, serde::Deserialize)
)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadingRecord {
    pub sequence: u64,
    pub interval_length: u32,
    pub energy_wh: u64,
    pub register_wh: u64,
}

fn status_code(status: MeterStatus) -> u8 {
    match status {
        MeterStatus::Active => 0,
        MeterStatus::Suspended => 1,
        MeterStatus::Retired => 2,
    }
}

fn status_from(code: u8, input: &Reader<'_>) -> StdResult<MeterStatus> {
    match code {
        0 => Ok(MeterStatus::Active),
        1 => Ok(MeterStatus::Suspended),
        2 => Ok(MeterStatus::Retired),
        _ => Err(input.corrupt("unknown meter status")),
    }
}

impl Record for Rules {
    const NAME: &'static str = "reading rules";

    fn encode(&self, out: &mut Vec<u8>) {
        match &self.cycle {
            BillingCycle::CalendarMonth { utc_offset_minutes } => {
                out.push(0);
                put_i64(out, i64::from(*utc_offset_minutes));
            }
            BillingCycle::Days {
                origin,
                days,
                day_seconds,
            } => {
                out.push(1);
                put_u64(out, *origin);
                put_u64(out, u64::from(*days));
                put_u64(out, *day_seconds);
            }
        }
        put_u64(out, self.future_tolerance_seconds);
        put_u64(out, u64::from(self.max_interval_seconds));
        put_u64(out, self.max_power_w);
        out.push(u8::from(self.owner_blocked));
    }

    fn decode(input: &mut Reader<'_>) -> StdResult<Self> {
        let cycle = match input.byte()? {
            0 => BillingCycle::CalendarMonth {
                utc_offset_minutes: input.i32()?,
            },
            1 => BillingCycle::Days {
                origin: input.u64()?,
                days: input.u32()?,
                day_seconds: input.u64()?,
            },
            _ => return Err(input.corrupt("unknown billing cycle")),
        };
        Ok(Rules {
            cycle,
            future_tolerance_seconds: input.u64()?,
            max_interval_seconds: input.u32()?,
            max_power_w: input.u64()?,
            owner_blocked: input.bool()?,
        })
    }
}

impl Record for MeterRecord {
    const NAME: &'static str = "meter record";

    fn encode(&self, out: &mut Vec<u8>) {
        // Status in the low bits, whether a day is open in bit 7.
        let open = if self.open_day.is_some() { 0x80 } else { 0 };
        out.push(status_code(self.status) | open);
        put_u64(out, u64::from(self.number));
        out.push(self.pubkey.len() as u8);
        out.extend_from_slice(&self.pubkey);
        put_i64(out, i64::from(self.tariff_offset_minutes));
        put_u64(out, u64::from(self.next_period_to_close));
        put_u64(out, self.last_sequence);
        put_u64(out, self.last_interval_end);
        put_u64(out, self.register_wh);
        put_u64(out, self.readings);
        if let Some(day) = &self.open_day {
            put_u64(out, day.day);
            put_u64(out, u64::from(day.period));
            put_u64(out, day.energy_wh);
            put_u64(out, u64::from(day.readings));
            put_u64(out, day.max_power_w);
            put_u64(out, day.first_hour);
            put_u64(out, day.hours.len() as u64);
            for wh in &day.hours {
                put_u64(out, *wh);
            }
        }
    }

    fn decode(input: &mut Reader<'_>) -> StdResult<Self> {
        let flags = input.byte()?;
        let status = status_from(flags & 0x7f, input)?;
        let number = input.u32()?;
        let key_len = usize::from(input.byte()?);
        let pubkey = input.slice(key_len)?.to_vec();
        let mut record = MeterRecord {
            number,
            status,
            pubkey,
            tariff_offset_minutes: input.i32()?,
            next_period_to_close: input.u32()?,
            last_sequence: input.u64()?,
            last_interval_end: input.u64()?,
            register_wh: input.u64()?,
            readings: input.u64()?,
            open_day: None,
        };
        if flags & 0x80 != 0 {
            let mut day = OpenDay {
                day: input.u64()?,
                period: input.u32()?,
                energy_wh: input.u64()?,
                readings: input.u32()?,
                max_power_w: input.u64()?,
                first_hour: input.u64()?,
                hours: Vec::new(),
            };
            let count = input.u16()?;
            if usize::from(count) > OPEN_HOURS {
                return Err(input.corrupt("too many open hours"));
            }
            for _ in 0..count {
                day.hours.push(input.u64()?);
            }
            record.open_day = Some(day);
        }
        Ok(record)
    }
}

impl Record for PeriodRecord {
    const NAME: &'static str = "period record";

    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.energy_wh);
        put_u64(out, u64::from(self.readings));
        put_u64(out, self.max_power_w);
        out.push(self.hourly.len() as u8);
        for month in &self.hourly {
            out.push(month.month);
            for wh in month.weekday_wh.iter().chain(month.weekend_wh.iter()) {
                put_u64(out, *wh);
            }
        }
    }

    fn decode(input: &mut Reader<'_>) -> StdResult<Self> {
        let mut record = PeriodRecord {
            energy_wh: input.u64()?,
            readings: input.u32()?,
            max_power_w: input.u64()?,
            hourly: Vec::new(),
        };
        let months = input.byte()?;
        if months > 12 {
            return Err(input.corrupt("more than 12 months"));
        }
        for _ in 0..months {
            let mut month = MonthHours {
                month: input.byte()?,
                weekday_wh: [0; 24],
                weekend_wh: [0; 24],
            };
            for wh in month.weekday_wh.iter_mut() {
                *wh = input.u64()?;
            }
            for wh in month.weekend_wh.iter_mut() {
                *wh = input.u64()?;
            }
            record.hourly.push(month);
        }
        Ok(record)
    }
}

impl Record for LateRecord {
    const NAME: &'static str = "late energy";

    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, u64::from(self.from_period));
        put_u64(out, u64::from(self.to_period));
        self.usage.encode(out);
    }

    fn decode(input: &mut Reader<'_>) -> StdResult<Self> {
        Ok(LateRecord {
            from_period: input.u32()?,
            to_period: input.u32()?,
            usage: PeriodRecord::decode(input)?,
        })
    }
}

impl Record for DayRecord {
    const NAME: &'static str = "daily total";

    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.energy_wh);
        put_u64(out, u64::from(self.readings));
    }

    fn decode(input: &mut Reader<'_>) -> StdResult<Self> {
        Ok(DayRecord {
            energy_wh: input.u64()?,
            readings: input.u32()?,
        })
    }
}

impl Record for ReadingRecord {
    const NAME: &'static str = "reading";

    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.sequence);
        put_u64(out, u64::from(self.interval_length));
        put_u64(out, self.energy_wh);
        put_u64(out, self.register_wh);
    }

    fn decode(input: &mut Reader<'_>) -> StdResult<Self> {
        Ok(ReadingRecord {
            sequence: input.u64()?,
            interval_length: input.u32()?,
            energy_wh: input.u64()?,
            register_wh: input.u64()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Record + PartialEq + std::fmt::Debug>(value: T) -> usize {
        let bytes = value.to_bytes().unwrap();
        assert_eq!(T::from_bytes(&bytes).unwrap(), value);
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(T::from_bytes(&longer).is_err());
        assert!(T::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        bytes.len()
    }

    #[cfg(not(feature = "postcard-records"))]
    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// A record encoded today must keep its exact bytes, and those bytes must decode to the
    /// same record and re-encode identically: deployed contracts hold their records in these
    /// layouts (a layout change needs a new storage prefix and a migration, see `codec`).
    #[cfg(not(feature = "postcard-records"))]
    fn pinned<T: Record + PartialEq + std::fmt::Debug>(value: T, golden: &str) {
        let bytes = value.to_bytes().unwrap();
        assert_eq!(hex(&bytes), golden, "{} changed its bytes", T::NAME);
        let decoded = T::from_bytes(&bytes).unwrap();
        assert_eq!(decoded, value);
        assert_eq!(hex(&decoded.to_bytes().unwrap()), golden);
    }

    #[test]
    #[cfg(not(feature = "postcard-records"))]
    fn todays_bytes_are_pinned() {
        pinned(
            Rules {
                cycle: BillingCycle::Days {
                    origin: 1_793_491_200,
                    days: 30,
                    day_seconds: 5,
                },
                future_tolerance_seconds: 60,
                max_interval_seconds: 86_400,
                max_power_w: 1_000_000,
                owner_blocked: false,
            },
            "0180829ad7061e053c80a305c0843d00",
        );
        pinned(
            Rules {
                cycle: BillingCycle::CalendarMonth {
                    utc_offset_minutes: -330,
                },
                future_tolerance_seconds: 60,
                max_interval_seconds: 1_800,
                max_power_w: 43_000,
                owner_blocked: true,
            },
            "0093053c880ef8cf0201",
        );
        let mut meter = MeterRecord {
            number: 7,
            status: MeterStatus::Active,
            pubkey: (0..33).collect(),
            tariff_offset_minutes: 60,
            next_period_to_close: 2,
            last_sequence: 1_440,
            last_interval_end: 1_795_000_000,
            register_wh: 1_234_567,
            readings: 1_440,
            open_day: None,
        };
        pinned(
            meter.clone(),
            concat!(
                "000721000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c",
                "1d1e1f207802a00bc08df6d70687ad4ba00b",
            ),
        );
        meter.status = MeterStatus::Retired;
        meter.open_day = Some(OpenDay {
            day: 20_765,
            period: 682,
            energy_wh: 12_000,
            readings: 3,
            max_power_w: 2_000,
            first_hour: 498_360,
            hours: vec![412, 0, 1_800],
        });
        pinned(
            meter,
            concat!(
                "820721000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c",
                "1d1e1f207802a00bc08df6d70687ad4ba00b9da201aa05e05d03d00fb8b51e03",
                "9c0300880e",
            ),
        );
        let mut hourly = MonthHours {
            month: 11,
            weekday_wh: [0; 24],
            weekend_wh: [0; 24],
        };
        hourly.weekday_wh[7] = 99_999;
        hourly.weekend_wh[23] = 5;
        let period = PeriodRecord {
            energy_wh: 500_000,
            readings: 1_440,
            max_power_w: 9_000,
            hourly: vec![hourly],
        };
        pinned(
            period.clone(),
            concat!(
                "a0c21ea00ba846010b000000000000009f8d0600000000000000000000000000",
                "000000000000000000000000000000000000000000000000000005",
            ),
        );
        pinned(
            LateRecord {
                from_period: 681,
                to_period: 682,
                usage: period,
            },
            concat!(
                "a905aa05a0c21ea00ba846010b000000000000009f8d06000000000000000000",
                "00000000000000000000000000000000000000000000000000000000000005",
            ),
        );
        pinned(
            DayRecord {
                energy_wh: 12_000,
                readings: 48,
            },
            "e05d30",
        );
        pinned(
            ReadingRecord {
                sequence: 1_440,
                interval_length: 1_800,
                energy_wh: 412,
                register_wh: 1_234_567,
            },
            "a00b880e9c0387ad4b",
        );
    }

    #[test]
    fn records_round_trip_and_stay_small() {
        round_trip(Rules {
            cycle: BillingCycle::Days {
                origin: 5,
                days: 30,
                day_seconds: 10,
            },
            future_tolerance_seconds: 60,
            max_interval_seconds: 86_400,
            max_power_w: 1_000_000,
            owner_blocked: true,
        });
        let mut meter = MeterRecord {
            number: 3,
            status: MeterStatus::Suspended,
            pubkey: vec![2; 33],
            tariff_offset_minutes: -330,
            next_period_to_close: 682,
            last_sequence: 1_440,
            last_interval_end: 1_795_000_000,
            register_wh: 1_234_567,
            readings: 1_440,
            open_day: None,
        };
        round_trip(meter.clone());
        meter.open_day = Some(OpenDay {
            day: 20_765,
            period: 682,
            energy_wh: 12_000,
            readings: 48,
            max_power_w: 2_000,
            first_hour: 498_360,
            hours: vec![500; 24],
        });
        // A whole day of half-hourly readings still fits in little more than a hundred bytes.
        assert!(round_trip(meter) <= 120);
        let mut hourly = MonthHours {
            month: 11,
            weekday_wh: [0; 24],
            weekend_wh: [0; 24],
        };
        hourly.weekday_wh[7] = 99_999;
        round_trip(PeriodRecord {
            energy_wh: 500_000,
            readings: 1_440,
            max_power_w: 9_000,
            hourly: vec![hourly],
        });
        round_trip(LateRecord {
            from_period: 681,
            to_period: 682,
            usage: PeriodRecord {
                energy_wh: 70,
                readings: 2,
                max_power_w: 100,
                hourly: vec![],
            },
        });
        round_trip(DayRecord {
            energy_wh: 12_000,
            readings: 48,
        });
        let reading = ReadingRecord {
            sequence: 1_440,
            interval_length: 1_800,
            energy_wh: 412,
            register_wh: 1_234_567,
        };
        assert!(round_trip(reading) <= 10);
    }
}
