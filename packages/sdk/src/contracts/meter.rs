//! The per-consumer meter contracts: readings, daily totals, periods and bills. Their
//! addresses are not in the deployment file; [`Ledger::meter_contract`] finds a meter's
//! through the registry.

use ledger_client::{ClientError, ExecuteCall, TxOutcome};
pub use ledger_types::meter::*;

use crate::error::Result;
use crate::ledger::Ledger;
use crate::paging::Paged;
use crate::sender::Sender;

impl Ledger {
    /// A meter contract's wiring and billing settings.
    pub async fn meter_config(&self, contract: &str) -> Result<ConfigResponse> {
        self.query(contract, &QueryMsg::Config {}).await
    }

    /// A meter's state in its contract (registers, open period, next period to close).
    pub async fn meter_state(&self, contract: &str, meter_id: &str) -> Result<MeterState> {
        self.query(
            contract,
            &QueryMsg::Meter {
                meter_id: meter_id.to_string(),
            },
        )
        .await
    }

    /// Every meter of the meter contract at `contract`, in id order.
    pub async fn meter_states(&self, contract: &str, cap: usize) -> Result<Paged<MeterState>> {
        self.list(
            contract,
            cap,
            |start_after, limit| QueryMsg::Meters { start_after, limit },
            |r: MetersResponse| r.meters,
            |m| m.meter_id.clone(),
        )
        .await
    }

    /// The billing period holding the unix time `at`.
    pub async fn period_at(&self, contract: &str, at: u64) -> Result<PeriodInfo> {
        self.query(contract, &QueryMsg::PeriodAt { at }).await
    }

    /// A meter's usage in `period` so far.
    pub async fn period_totals(
        &self,
        contract: &str,
        meter_id: &str,
        period: u32,
    ) -> Result<PeriodUsage> {
        self.query(
            contract,
            &QueryMsg::PeriodTotals {
                meter_id: meter_id.to_string(),
                period,
            },
        )
        .await
    }

    /// A closed period's bill.
    pub async fn bill(&self, contract: &str, meter_id: &str, period: u32) -> Result<Bill> {
        self.query(
            contract,
            &QueryMsg::Bill {
                meter_id: meter_id.to_string(),
                period,
            },
        )
        .await
    }

    /// A meter's readings whose interval starts in `[from, to)`.
    pub async fn readings(
        &self,
        contract: &str,
        meter_id: &str,
        from: Option<u64>,
        to: Option<u64>,
        cap: usize,
    ) -> Result<Paged<StoredReading>> {
        self.list(
            contract,
            cap,
            |start_after, limit| QueryMsg::Readings {
                meter_id: meter_id.to_string(),
                from,
                to,
                start_after,
                limit,
            },
            |r: ReadingsResponse| r.readings,
            |r| r.interval_start,
        )
        .await
    }

    /// A meter's daily totals for day indices in `[from_day, to_day)`.
    pub async fn daily(
        &self,
        contract: &str,
        meter_id: &str,
        from_day: Option<u64>,
        to_day: Option<u64>,
        cap: usize,
    ) -> Result<Paged<DailyTotal>> {
        self.list(
            contract,
            cap,
            |start_after, limit| QueryMsg::DailyTotals {
                meter_id: meter_id.to_string(),
                from_day,
                to_day,
                start_after,
                limit,
            },
            |r: DailyTotalsResponse| r.days,
            |d| d.day,
        )
        .await
    }

    /// A meter's bills in period order.
    pub async fn bills(&self, contract: &str, meter_id: &str, cap: usize) -> Result<Paged<Bill>> {
        self.list(
            contract,
            cap,
            |start_after, limit| QueryMsg::Bills {
                meter_id: meter_id.to_string(),
                start_after,
                limit,
            },
            |r: BillsResponse| r.bills,
            |b| b.period,
        )
        .await
    }

    /// Submits signed readings to the meter contract at `contract`, packed (see
    /// [`submit_readings_call`]): the transaction's outcome and the contract's verdict. The
    /// transaction succeeds when only some readings (or none) are accepted;
    /// [`SubmitReadingsResponse::refused`] lists the others with their codes ([`codes`]). It
    /// fails only for what concerns the whole message (funds, the pause, an empty or oversized
    /// batch).
    pub async fn submit_readings(
        &self,
        sender: &Sender,
        contract: &str,
        readings: Vec<ledger_types::reading::SignedReading>,
    ) -> Result<(TxOutcome, SubmitReadingsResponse)> {
        let outcome = self
            .exec(sender, contract, &packed_readings_msg(&readings)?)
            .await?;
        let response = submit_readings_response(&outcome, 0)?;
        Ok((outcome, response))
    }

    /// Closes a meter's billing `period`, which writes its bill.
    pub async fn close_period(
        &self,
        sender: &Sender,
        contract: &str,
        meter_id: String,
        period: u32,
    ) -> Result<TxOutcome> {
        self.exec(
            sender,
            contract,
            &ExecuteMsg::ClosePeriod { meter_id, period },
        )
        .await
    }
}

/// `readings` to the meter contract at `contract` as a call, for a transaction of several
/// calls or a pre-signed one (see [`Sender::execute_all`]). The readings travel packed
/// (`SubmitPackedReadings`, [`ledger_types::reading::packed`]): about 40% of the bytes of
/// their JSON, so less gas and less parsing in the contract, with the same verdict.
///
/// ```
/// # use ledger_sdk::contracts::meter::submit_readings_call;
/// # use ledger_types::reading::{Reading, SignedReading};
/// let reading = Reading {
///     meter_id: "m-1".into(),
///     sequence: 1,
///     interval_start: 1_796_083_200,
///     interval_length: 900,
///     energy_wh: 120,
///     register_wh: 5_120,
/// };
/// let signed = SignedReading::new(reading, vec![0u8; 64]);
/// let call = submit_readings_call("wasm1meters", vec![signed]).unwrap();
/// assert!(String::from_utf8(call.msg).unwrap().starts_with(r#"{"submit_packed_readings":"#));
/// ```
pub fn submit_readings_call(
    contract: &str,
    readings: Vec<ledger_types::reading::SignedReading>,
) -> Result<ExecuteCall> {
    Ok(ExecuteCall::new(
        contract,
        &packed_readings_msg(&readings)?,
    )?)
}

/// [`submit_readings_call`] in JSON (`SubmitReadings`), as a meter contract from before packed
/// readings takes them; the benchmark weighs the two.
pub fn submit_readings_json_call(
    contract: &str,
    readings: Vec<ledger_types::reading::SignedReading>,
) -> Result<ExecuteCall> {
    Ok(ExecuteCall::new(
        contract,
        &ExecuteMsg::SubmitReadings { readings },
    )?)
}

fn packed_readings_msg(readings: &[ledger_types::reading::SignedReading]) -> Result<ExecuteMsg> {
    let packed =
        ledger_types::reading::packed::pack(readings).map_err(|e| ClientError::InvalidInput {
            what: "readings".to_string(),
            reason: e.to_string(),
        })?;
    Ok(ExecuteMsg::SubmitPackedReadings {
        readings: packed.into(),
    })
}

/// The verdict on the readings of message `index` (0-based) of `outcome`, a `SubmitReadings`
/// (for a transaction of [`submit_readings_call`]s sent with [`Sender::execute_all`], one per
/// call, in order).
pub fn submit_readings_response(
    outcome: &TxOutcome,
    index: usize,
) -> Result<SubmitReadingsResponse> {
    let decode_error = |reason: String| ClientError::Decode {
        what: format!(
            "the SubmitReadings response of message {index} of transaction {}",
            outcome.hash
        ),
        reason,
    };
    let data = outcome
        .execute_data(index)?
        .ok_or_else(|| decode_error("the meter contract set no response data".into()))?;
    Ok(serde_json::from_slice(&data).map_err(|e| decode_error(e.to_string()))?)
}

/// `AddMeter` of `meter` to the meter contract at `contract` as a call. Only the contract's
/// instantiator may add meters: in a deployment that is the registry, which does it when a
/// meter is registered ([`Ledger::register_meter_call`]); a meter contract instantiated by hand
/// (the benchmark's encoding comparison) takes its meters this way.
pub fn add_meter_call(contract: &str, meter: NewMeter) -> Result<ExecuteCall> {
    Ok(ExecuteCall::new(contract, &ExecuteMsg::AddMeter { meter })?)
}

#[cfg(test)]
mod tests {
    use ledger_client::MsgResponse;
    use ledger_client::cosmrs::proto::cosmwasm::wasm::v1::MsgExecuteContractResponse;
    use ledger_client::cosmrs::proto::prost::{Message, Name};

    use super::*;

    fn outcome(data: &[&[u8]]) -> TxOutcome {
        TxOutcome {
            hash: "AB".into(),
            height: 1,
            gas_wanted: 2,
            gas_used: 1,
            events: vec![],
            msg_responses: data
                .iter()
                .map(|d| MsgResponse {
                    type_url: MsgExecuteContractResponse::type_url(),
                    value: MsgExecuteContractResponse { data: d.to_vec() }.encode_to_vec(),
                })
                .collect(),
        }
    }

    #[test]
    fn each_calls_verdict_is_decoded_in_order() {
        let refused = SubmitReadingsResponse {
            accepted: 1,
            refused: vec![RefusedReading {
                meter_id: "m-1".into(),
                sequence: 7,
                code: codes::FUTURE_READING.into(),
            }],
        };
        let clean = SubmitReadingsResponse {
            accepted: 3,
            refused: vec![],
        };
        let json = |r: &SubmitReadingsResponse| serde_json::to_vec(r).unwrap();
        let tx = outcome(&[&json(&clean), &json(&refused), b"", b"not json"]);
        assert_eq!(submit_readings_response(&tx, 0).unwrap(), clean);
        assert_eq!(submit_readings_response(&tx, 1).unwrap(), refused);
        for index in [2, 3, 4] {
            let error = submit_readings_response(&tx, index).unwrap_err();
            assert!(
                matches!(error, crate::Error::Client(ClientError::Decode { .. })),
                "{error}"
            );
        }
    }
}
