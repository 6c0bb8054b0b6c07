//! Gas figures, each from a real transaction's result (`gas_used`), with the chain's own
//! references (a bank send and a cw20 transfer) measured on the same chain in the same run.

use std::path::Path;

use anyhow::{Context, bail};
use cosmwasm_std::Uint128;
use ledger_client::{Client, Gas, TxOutcome};
use ledger_sdk::Sender;
use ledger_sdk::contracts::meter::{
    MAX_READINGS_PER_MSG, submit_readings_call, submit_readings_json_call,
};
use ledger_sdk::contracts::token::cw20_transfer_call;
use ledger_sdk::deploy::store_artifact;

use crate::deploy::{CONTRACTED, Ledger};
use crate::report::Figures;

/// The reading of the half-hour meter whose gas is the single-reading figure: 11:00 to 11:30
/// of its day.
const MIDDAY_READING: usize = 23;

/// Measures every gas figure except closing periods (which must wait for the period's end).
pub async fn measure(
    client: &Client,
    ledger: &mut Ledger,
    out: &mut Figures,
) -> anyhow::Result<()> {
    let holder = ledger.holder.address().to_string();

    say("bank send (reference)");
    let send = client
        .send(ledger.gateway.signer(), &holder, 1, Gas::Auto)
        .await?;
    out.gas("gas_bank_send", send.gas_used);

    say("cw20 transfer on the settlement token (reference)");
    let sdk = &ledger.sdk;
    sdk.deposit(
        &ledger.operator,
        "bench-wallet".into(),
        ledger.operator.address(),
        Uint128::new(100_000_000),
        false,
    )
    .await?;
    let transfer = cw20_transfer_call(&sdk.contracts()?.token, &holder, Uint128::new(100))?;
    // The first transfer creates the holder's balance; the second is the steady case, between
    // two existing balances, as a payment between participants is.
    ledger.operator.execute_all(vec![transfer.clone()]).await?;
    let cw20 = ledger.operator.execute_all(vec![transfer.clone()]).await?;
    out.gas("gas_cw20_transfer", cw20.gas_used);

    say("SubmitReadings: one at 11:00, 10, 100 and 500 distinct meters, 500 of one meter");
    // One reading in a transaction: a meter's 23rd half hour of the day, whose day already
    // holds 11 hours of profile (the average reading of a day carries about as much).
    let chain_id = client.config().chain_id.clone();
    let half_hour = ledger
        .half_hour
        .as_mut()
        .context("the ledger was deployed without the half-hour meter")?;
    let morning: Vec<_> = (0..MIDDAY_READING - 1)
        .map(|_| half_hour.next(&chain_id))
        .collect();
    sdk.submit_readings(&ledger.gateway, &half_hour.contract, morning)
        .await?;
    let midday = half_hour.next(&chain_id);
    let reading = submit_readings_call(&half_hour.contract, vec![midday])?;
    // What the two messages weigh on the wire: the ante handler charges 10 gas per byte of
    // transaction.
    out.gas("bytes_msg_submit_1_reading", reading.msg.len() as u64);
    out.gas("bytes_msg_cw20_transfer", transfer.msg.len() as u64);
    let one = ledger.gateway.execute_all(vec![reading]).await?;
    out.gas("gas_submit_1_reading", one.gas_used);
    // The same in JSON (`SubmitReadings`), for the next half hour (11:30): its stored day
    // holds one hour more, a few tens of gas of storage.
    let next = half_hour.next(&chain_id);
    let json = submit_readings_json_call(&half_hour.contract, vec![next])?;
    out.gas("bytes_msg_submit_1_reading_json", json.msg.len() as u64);
    let one_json = ledger.gateway.execute_all(vec![json]).await?;
    out.gas("gas_submit_1_reading_json", one_json.gas_used);

    let max = MAX_READINGS_PER_MSG;
    let warm = 10 + 100 + max;
    if ledger.fleet.len() < warm {
        bail!(
            "the gas figures need {warm} meters; the fleet has {}",
            ledger.fleet.len()
        );
    }
    // Every measured batch reading is a meter's second: the first of a new meter only opens
    // its day.
    for start in (0..warm).step_by(max) {
        let meters: Vec<usize> = (start..(start + max).min(warm)).collect();
        submit(ledger, &meters).await?;
    }
    let mut next = 0usize;
    for n in [10usize, 100, max] {
        let meters: Vec<usize> = (next..next + n).collect();
        next += n;
        let outcome = submit(ledger, &meters).await?;
        out.gas(&format!("gas_submit_batch_{n}"), outcome.gas_used);
        out.gas(
            &format!("gas_submit_batch_{n}_per_reading"),
            outcome.gas_used / n as u64,
        );
    }
    // Packed against JSON: the third reading of 250 distinct meters in each encoding (meters
    // 1 to 500 all sent their second above; meter 0 is the backlog's below).
    let half = max / 2;
    for (json, meters) in [(true, 1..1 + half), (false, 1 + half..1 + max)] {
        let readings: Vec<_> = meters.map(|i| ledger.fleet.next(i)).collect();
        let call = if json {
            submit_readings_json_call(&ledger.fleet.contract, readings)?
        } else {
            submit_readings_call(&ledger.fleet.contract, readings)?
        };
        let outcome = ledger.gateway.execute_all(vec![call]).await?;
        let encoding = if json { "json" } else { "packed" };
        out.gas(
            &format!("gas_submit_batch_{half}_{encoding}_per_reading"),
            outcome.gas_used / half as u64,
        );
    }
    // A backlog: one meter's consecutive readings in one message.
    let backlog_meter = 0;
    let readings: Vec<_> = (0..max).map(|_| ledger.fleet.next(backlog_meter)).collect();
    let (backlog, _) = ledger
        .sdk
        .submit_readings(&ledger.gateway, &ledger.fleet.contract, readings)
        .await?;
    out.gas("gas_submit_batch_500_one_meter", backlog.gas_used);
    out.gas(
        "gas_submit_batch_500_one_meter_per_reading",
        backlog.gas_used / max as u64,
    );

    if let Some((_, [settle_meter, operator_meter])) = &ledger.payer {
        say("automatic instalment payment (Settle) and MakePayment");
        let settle = ledger.sdk.settle(&ledger.gateway, Some(1)).await?;
        if settle.attribute("wasm", "paid") != Some("1") {
            bail!(
                "Settle paid {:?} instalments instead of one (of {settle_meter}); the benchmark's \
                 instalments were not due",
                settle.attribute("wasm", "paid")
            );
        }
        out.gas("gas_settle_one_instalment", settle.gas_used);
        // The first advance: 30% of the contracted amount.
        let pay = ledger
            .sdk
            .make_payment(
                &ledger.operator,
                operator_meter.clone(),
                Uint128::new(CONTRACTED * 3 / 10),
            )
            .await?;
        out.gas("gas_make_payment", pay.gas_used);
    }
    Ok(())
}

/// Where `scripts/build-wasm.sh --bench` writes cw20-base as it is.
const CW20_BASE_FILE: &str = "cw20_reference.wasm";

/// The plain cw20-base transfer (`contracts/testing/cw20-reference`), the reference the
/// readings' gas targets are set against: the settlement token's transfer also asks the
/// registry about both holders.
pub async fn cw20_base_transfer(
    ledger: &Ledger,
    uploader: &Sender,
    repo: &Path,
    out: &mut Figures,
) -> anyhow::Result<()> {
    say("cw20-base transfer, without the registry's checks (reference)");
    let code_id = store_artifact(uploader, &repo.join("artifacts/bench"), CW20_BASE_FILE)
        .await
        .context("storing cw20-base (scripts/build-wasm.sh --bench builds it)")?;
    let operator = &ledger.operator;
    let instantiate = cw20_base::msg::InstantiateMsg {
        name: "Reference".into(),
        symbol: "REF".into(),
        decimals: 2,
        initial_balances: vec![cw20::Cw20Coin {
            address: operator.address(),
            amount: Uint128::new(1_000_000),
        }],
        mint: None,
        marketing: None,
    };
    let (token, _) = operator
        .instantiate(code_id, &instantiate, "bench cw20-base reference")
        .await
        .context("instantiating cw20-base")?;
    let holder = ledger.holder.address().to_string();
    let transfer = cw20_transfer_call(&token, &holder, Uint128::new(100))?;
    // As for the settlement token: the second transfer is between two existing balances.
    operator.execute_all(vec![transfer.clone()]).await?;
    let steady = operator.execute_all(vec![transfer]).await?;
    out.gas("gas_cw20_base_transfer", steady.gas_used);
    Ok(())
}

/// The next reading of each of `meters` in one `SubmitReadings`, paid by the gateway.
async fn submit(ledger: &mut Ledger, meters: &[usize]) -> anyhow::Result<TxOutcome> {
    let readings: Vec<_> = meters.iter().map(|&i| ledger.fleet.next(i)).collect();
    let (outcome, verdict) = ledger
        .sdk
        .submit_readings(&ledger.gateway, &ledger.fleet.contract, readings)
        .await?;
    anyhow::ensure!(
        verdict.refused.is_empty(),
        "the benchmark's readings were refused: {:?}",
        verdict.refused
    );
    Ok(outcome)
}

/// Closes the two close-period meters' period; call once the chain's clock has passed its end.
pub async fn close_periods(ledger: &Ledger, out: &mut Figures) -> anyhow::Result<()> {
    let Some(close) = &ledger.close else {
        return Ok(());
    };
    for (meter_id, readings) in &close.meters {
        let outcome = ledger
            .sdk
            .close_period(&ledger.gateway, &close.contract, meter_id.clone(), 0)
            .await
            .with_context(|| format!("closing the period of {meter_id}"))?;
        out.gas(
            &format!("gas_close_period_{readings}_readings"),
            outcome.gas_used,
        );
    }
    Ok(())
}

fn say(message: &str) {
    eprintln!("bench: gas: {message}");
}
