//! What a generation meter signed for in a clock hour: the sum of its readings whose interval
//! starts in the hour, read from the meter's contract (as the registry records it) every time
//! it is needed, so that readings that arrived late count.

use cosmwasm_std::QuerierWrapper;
use ledger_contract_kit::Registry;
use ledger_types::meter::{QueryMsg as MeterQuery, ReadingsResponse};
use ledger_types::paging::MAX_LIMIT;
use ledger_types::park::certificates::HOUR_SECONDS;

use crate::{ContractError, ContractResult};

/// Most readings an issuance reads for one meter and hour: an hour of one-second readings,
/// the market's own bound for a slot.
pub const MAX_READINGS_PER_HOUR: usize = 3_600;

/// The energy of `meter_id`'s readings whose interval starts in `[hour_start, hour_start +
/// 3600)`.
pub fn generated_wh(
    querier: &QuerierWrapper,
    registry: &Registry,
    meter_id: &str,
    hour_start: u64,
) -> ContractResult<u64> {
    let meter = registry.meter(querier, meter_id)?;
    if let Some(region) = meter.region {
        return Err(ContractError::RegionalMeter {
            meter_id: meter_id.to_string(),
            region,
        });
    }
    let mut total: u64 = 0;
    let mut read = 0usize;
    let mut start_after = None;
    loop {
        let page: ReadingsResponse = querier.query_wasm_smart(
            &meter.contract,
            &MeterQuery::Readings {
                meter_id: meter_id.to_string(),
                from: Some(hour_start),
                to: Some(hour_start.saturating_add(HOUR_SECONDS)),
                start_after,
                limit: Some(MAX_LIMIT),
            },
        )?;
        read = read.saturating_add(page.readings.len());
        if read > MAX_READINGS_PER_HOUR {
            return Err(ContractError::TooManyReadings {
                meter_id: meter_id.to_string(),
                hour_start,
                max: MAX_READINGS_PER_HOUR,
            });
        }
        for reading in &page.readings {
            total = total.saturating_add(reading.energy_wh);
        }
        match (page.has_more, page.readings.last()) {
            (true, Some(last)) => start_after = Some(last.interval_start),
            _ => return Ok(total),
        }
    }
}
