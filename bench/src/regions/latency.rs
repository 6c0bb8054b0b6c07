//! The bills' round trip between a region and the main chain: each bill meter's period closed
//! on its region, then paid on the main chain.
//!
//! * **Close to confirmation**: from the block of the `ClosePeriod` transaction on the region
//!   to the main-chain block where the bank recorded the bill (the router's
//!   `confirmation(..).confirmed`, exact). Blocks are main-chain blocks, counted from the main
//!   chain's height when the close was in its block.
//! * **Payment to status**: from the main-chain block of the `MakePayment` to the first
//!   region block whose state shows the paid status (`region_bill(..).status`, polled every
//!   quarter second, so up to a quarter second late). Blocks are region blocks, counted from the
//!   region's height when the payment was in its block.

use std::time::Duration;

use anyhow::{Context, bail};
use cosmwasm_std::Uint128;
use ledger_client::Client;
use ledger_client::tendermint_rpc::Client as _;
use ledger_reading::Reading;

use super::chains::Regions;
use super::deploy::{BILL_DAY_SECONDS, BILL_DAYS, Region, RegionalLedger, eventually};

/// Length of the bill meters' readings.
const INTERVAL: u64 = 5;

/// How long a packet may go unrelayed before the relayer is restarted. The relayer (v2.6.0)
/// has been seen to stop relaying one direction after a refused `MsgUpdateClient`
/// ("TrustedHeight … must be less than header height") while it keeps running; a restart
/// flushes what waits. Far above the few blocks a relayed packet takes here.
const STALL: Duration = Duration::from_secs(60);

/// The whole wait for one packet, restarts included.
const PACKET_WAIT: Duration = Duration::from_secs(300);

/// One bill's round trip.
#[derive(Clone, Debug)]
pub struct Sample {
    pub close_to_confirm_blocks: f64,
    pub close_to_confirm_s: f64,
    pub pay_to_status_blocks: f64,
    pub pay_to_status_s: f64,
}

/// A closed bill on its way.
struct Closed {
    region: usize,
    meter: String,
    period: u32,
    close_time: f64,
    main_height_at_close: u64,
}

/// Block time of `height`, unix seconds with fractions.
async fn block_time(client: &Client, height: u64) -> anyhow::Result<f64> {
    let h = ledger_client::cosmrs::tendermint::block::Height::try_from(height)
        .context("block height")?;
    let block = client.rpc().block(h).await.context("reading a block")?;
    let t = block.block.header.time.unix_timestamp_nanos();
    Ok(t as f64 / 1e9)
}

async fn latest(client: &Client) -> anyhow::Result<(u64, f64)> {
    let (h, t) = client.latest_height_and_time().await?;
    Ok((h, t.unix_timestamp_nanos() as f64 / 1e9))
}

/// Reads every bill meter of `region` to the end of its next period, waits for the period to
/// end, closes each meter's period in a transaction of its own.
async fn close_all(main: &Client, r: usize, region: &Region) -> anyhow::Result<Vec<Closed>> {
    let sdk = &region.sdk;
    let period_s = BILL_DAY_SECONDS * u64::from(BILL_DAYS);
    let chain_id = sdk.client.config().chain_id.clone();
    let mut readings = Vec::new();
    let mut closes = Vec::new();
    let mut last_end = 0;
    for (id, key) in region.bills.ids.iter().zip(&region.bills.keys) {
        let state = sdk.meter_state(&region.bills.contract, id).await?;
        let period = state.next_period_to_close;
        let end = region.bills.origin + (u64::from(period) + 1) * period_s;
        let (mut start, mut seq, mut register) = (
            state.last_interval_end,
            state.last_sequence,
            state.register_wh,
        );
        while start < end {
            let length = INTERVAL.min(end - start);
            seq += 1;
            register += 120;
            readings.push(key.sign(
                &chain_id,
                &region.bills.contract,
                Reading {
                    meter_id: id.clone(),
                    sequence: seq,
                    interval_start: start,
                    interval_length: length as u32,
                    energy_wh: 120,
                    register_wh: register,
                },
            ));
            start += length;
        }
        closes.push((id.clone(), period));
        last_end = last_end.max(end);
    }
    eventually(
        "the bill meters' period ends on the region",
        Duration::from_secs(120),
        || async {
            let (_, now) = latest(&sdk.client).await.ok()?;
            (now > last_end as f64 + 1.0).then_some(())
        },
    )
    .await?;
    for chunk in readings.chunks(400) {
        let (_, verdict) = sdk
            .submit_readings(&region.operator, &region.bills.contract, chunk.to_vec())
            .await
            .with_context(|| format!("reading the bill meters of {}", region.chain.name))?;
        anyhow::ensure!(
            verdict.refused.is_empty(),
            "bill meter readings of {} were refused: {:?}",
            region.chain.name,
            verdict.refused
        );
    }
    let mut out = Vec::new();
    for (meter, period) in closes {
        let done = sdk
            .close_period(
                &region.operator,
                &region.bills.contract,
                meter.clone(),
                period,
            )
            .await
            .with_context(|| format!("closing period {period} of {meter}"))?;
        let close_time = block_time(&sdk.client, done.height).await?;
        let (main_height_at_close, _) = latest(main).await?;
        out.push(Closed {
            region: r,
            meter,
            period,
            close_time,
            main_height_at_close,
        });
    }
    Ok(out)
}

/// Waits up to [`PACKET_WAIT`] for `check`, restarting the relayer each time [`STALL`] passes
/// without it; `restarts` counts the restarts, which the report states beside the figures (a
/// sample that waited for one includes the restart).
async fn relayed<T, F, Fut>(
    regions: &Regions,
    restarts: &mut u32,
    what: &str,
    mut check: F,
) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let started = std::time::Instant::now();
    loop {
        let left = PACKET_WAIT.saturating_sub(started.elapsed());
        match eventually(what, STALL.min(left), &mut check).await {
            Ok(v) => return Ok(v),
            Err(e) if left <= STALL => return Err(e),
            Err(_) => {
                say(&format!(
                    "{what}: nothing for {} s; restarting the relayer",
                    STALL.as_secs()
                ));
                regions.restart_relayer()?;
                *restarts += 1;
            }
        }
    }
}

/// Closes every bill meter's period on its region, waits for the main chain's confirmations,
/// pays each bill on the main chain and waits for the paid status on the region. Returns the
/// samples and how many times the relayer had to be restarted.
pub async fn measure(
    ledger: &RegionalLedger,
    regions: &Regions,
) -> anyhow::Result<(Vec<Sample>, u32)> {
    let mut restarts = 0;
    let main = &ledger.main;
    // Both regions close at once, as their chains run side by side.
    let [one, two] = &ledger.regions[..] else {
        bail!(
            "the latency figures need the two regions, found {}",
            ledger.regions.len()
        );
    };
    let (a, b) = tokio::join!(
        close_all(&main.client, 0, one),
        close_all(&main.client, 1, two)
    );
    let mut closed = a?;
    closed.extend(b?);
    say(&format!(
        "{} bills closed; waiting for the main chain's confirmations",
        closed.len()
    ));

    let mut samples = Vec::new();
    let mut totals = Vec::new();
    for c in &closed {
        let confirmation = relayed(
            regions,
            &mut restarts,
            "the main chain confirms a regional bill",
            || async { main.confirmation(&c.meter, c.period).await.ok().flatten() },
        )
        .await?;
        samples.push(Sample {
            close_to_confirm_blocks: confirmation
                .confirmed
                .height
                .saturating_sub(c.main_height_at_close) as f64,
            close_to_confirm_s: (confirmation.confirmed.time as f64 - c.close_time).max(0.0),
            pay_to_status_blocks: f64::NAN,
            pay_to_status_s: f64::NAN,
        });
        totals.push(confirmation.total);
    }

    say("paying each bill on the main chain; waiting for its status on the region");
    // The bank takes a payment from the consumer's prepaid balance: each bill owner gets
    // what its bills need (the deposit pays nothing by itself).
    let operator = &ledger.operator;
    for (r, region) in ledger.regions.iter().enumerate() {
        let need: Uint128 = closed
            .iter()
            .zip(&totals)
            .filter(|(c, _)| c.region == r)
            .map(|(_, t)| *t)
            .sum();
        main.deposit(
            operator,
            format!("bench-{}-prepay", region.chain.name),
            region.bills.owner.clone(),
            need,
            true,
        )
        .await?;
    }
    for ((c, total), sample) in closed.iter().zip(&totals).zip(&mut samples) {
        let region = &ledger.regions[c.region];
        let paid = main
            .make_payment(operator, c.meter.clone(), *total)
            .await
            .with_context(|| format!("paying {}'s bill", c.meter))?;
        let pay_time = block_time(&main.client, paid.height).await?;
        let (region_height_at_pay, _) = latest(&region.sdk.client).await?;
        let (seen_height, seen_time) = relayed(
            regions,
            &mut restarts,
            "the region learns the bill's payment",
            || async {
                let bill = region.sdk.region_bill(&c.meter, c.period).await.ok()?;
                let status = bill.status?;
                if status.paid.is_zero() {
                    return None;
                }
                latest(&region.sdk.client).await.ok()
            },
        )
        .await?;
        sample.pay_to_status_blocks = seen_height.saturating_sub(region_height_at_pay) as f64;
        sample.pay_to_status_s = (seen_time - pay_time).max(0.0);
    }
    Ok((samples, restarts))
}

fn say(message: &str) {
    eprintln!("bench: regions: {message}");
}
