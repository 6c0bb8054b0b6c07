//! The regional phase (issue 13): how ingestion scales with sub-chains, and how long a bill
//! takes between a region and the main chain.
//!
//! Two one-validator regions and the relayer come up beside the main localnet
//! (`relayer/regions.sh up`); a regional ledger of the benchmark's own is deployed across the
//! three chains and linked. Then:
//!
//! 1. **Latency**: bills closed on both regions, confirmed by the main chain, paid there and
//!    their status seen back on the region ([`latency`]), before any load.
//! 2. **Ingestion**: the batched load of the main phases, on region-1 alone, then on region-1
//!    and region-2 at once with the same load shape per region. Verified readings are counted
//!    from the transactions' results in the regions' blocks; each window also records the CPU of
//!    each chain's node processes and of the whole machine (from `/proc`).

mod chains;
mod deploy;
mod latency;

use std::path::Path;
use std::time::Duration;

use ledger_client::Client;

use crate::load::{self, Kind, Outcome, Spec, Target};
use crate::localnet::Localnet;
use crate::report::Figures;
use chains::{Regions, Unavailable};
use deploy::{Region, Sizes};

/// How the regional phase runs.
pub struct Options {
    pub warmup: Duration,
    pub duration: Duration,
    /// Fleet meters per region (500 per batch loader).
    pub meters: u32,
    /// Bills closed per region for the latency figures.
    pub bills: u32,
    pub presign_scale: f64,
}

/// Readings per second signed in advance for one region: above what a one-validator chain took
/// in the recorded runs when it had the machine to itself.
const PRESIGN_RATE: f64 = 5_000.0;

fn say(message: &str) {
    eprintln!("bench: regions: {message}");
}

/// Runs the regional phase; a relayer that cannot be installed skips it with a line saying so.
/// The sub-chains and the relayer are taken down afterwards when this phase started them.
pub async fn measure(
    main_client: &Client,
    main_pids: Vec<u32>,
    localnet: &Localnet,
    repo: &Path,
    work: &Path,
    options: &Options,
    figures: &mut Figures,
) -> anyhow::Result<()> {
    say("bringing up two one-validator regions and the relayer (relayer/regions.sh up)");
    let regions = match Regions::up(repo)? {
        Ok(regions) => regions,
        Err(Unavailable::NoRelayer(why)) => {
            say(&format!(
                "regional phase skipped: the relayer could not be installed ({why}); \
                 run relayer/install.sh to see why"
            ));
            figures.flag("regions_skipped", true);
            return Ok(());
        }
    };
    let result = run(
        main_client,
        main_pids,
        localnet,
        repo,
        work,
        &regions,
        options,
        figures,
    )
    .await;
    let down = regions.down();
    result?;
    down
}

#[allow(clippy::too_many_arguments)]
async fn run(
    main_client: &Client,
    main_pids: Vec<u32>,
    localnet: &Localnet,
    repo: &Path,
    work: &Path,
    regions: &Regions,
    options: &Options,
    figures: &mut Figures,
) -> anyhow::Result<()> {
    let per_loader = ledger_sdk::contracts::meter::MAX_READINGS_PER_MSG as u32;
    let sizes = Sizes {
        meters: options.meters.max(per_loader),
        loaders: (options.meters.max(per_loader) / per_loader) as usize,
        bills: options.bills,
    };
    std::fs::create_dir_all(work)?;
    let mut ledger = deploy::deploy(main_client, localnet, repo, work, regions, &sizes).await?;

    say(&format!(
        "latency: closing {} bills on the regions",
        sizes.bills as usize * ledger.regions.len()
    ));
    let (samples, restarts) = latency::measure(&ledger, regions).await?;
    record_latency(&samples, figures);
    figures.gas("regions_latency_relayer_restarts", u64::from(restarts));

    let spec = Spec {
        kind: Kind::Batch,
        warmup: options.warmup,
        duration: options.duration,
        presign_rate: PRESIGN_RATE * options.presign_scale,
    };
    figures.gas("regions_meters_per_region", u64::from(sizes.meters));
    figures.gas("regions_loaders_per_region", sizes.loaders as u64);
    let region_pids: Vec<Vec<u32>> = ledger
        .regions
        .iter()
        .map(|r| r.chain.pids.clone())
        .collect();

    say("ingestion: batched readings on region-1 alone");
    let [one, two] = &mut ledger.regions[..] else {
        anyhow::bail!("the regional phase needs two regions");
    };
    let others_of_one = vec![main_pids.clone(), region_pids[1].clone()];
    let others_of_two = vec![main_pids, region_pids[0].clone()];
    let ready = prepare_region(one, spec).await?;
    let alone = send_region(one, spec, others_of_one.clone(), ready).await?;
    record_window("regions_1", &[&alone], &alone, figures);

    // Both regions sign first, one after the other, so that the two windows start together
    // and neither overlaps the other's signing (which takes every core).
    say("ingestion: batched readings on region-1 and region-2 at once");
    let ready_one = prepare_region(one, spec).await?;
    let ready_two = prepare_region(two, spec).await?;
    let (a, b) = tokio::join!(
        send_region(one, spec, others_of_one, ready_one),
        send_region(two, spec, others_of_two, ready_two)
    );
    let (a, b) = (a?, b?);
    record_window("regions_2", &[&a, &b], &a, figures);
    figures.num("regions_2_region1_readings_per_s", a.units_per_s);
    figures.num("regions_2_region2_readings_per_s", b.units_per_s);
    figures.ratio(
        "ratio_regions_2_to_1_readings_per_s",
        "regions_2_readings_per_s",
        "regions_1_readings_per_s",
    );
    project_one_machine_per_chain(figures);
    Ok(())
}

/// Reads the cursors of `region`'s fleet and signs a window of batched load for it.
async fn prepare_region(region: &mut Region, spec: Spec) -> anyhow::Result<load::Prepared> {
    let client = region.sdk.client.clone();
    let mut target = target(region, Vec::new());
    load::prepare(&client, &mut target, spec).await
}

/// One window of batched load on `region`; `others` are the processes of the main chain and
/// of the other region, in that order, whose CPU the window records too.
async fn send_region(
    region: &mut Region,
    spec: Spec,
    others: Vec<Vec<u32>>,
    ready: load::Prepared,
) -> anyhow::Result<Outcome> {
    let client = region.sdk.client.clone();
    let target = target(region, others);
    load::send(&[client], &target, spec, ready).await
}

fn target(region: &mut Region, other_pids: Vec<Vec<u32>>) -> Target<'_> {
    Target {
        sdk: &region.sdk,
        loaders: &region.loaders,
        fleet: &mut region.fleet,
        pids: region.chain.pids.clone(),
        other_pids,
    }
}

/// A window's figures under `key`: the rate summed over the loaded regions, and the CPU of the
/// main chain, of each region and of the machine as `first` (region-1's run) measured them.
fn record_window(key: &str, runs: &[&Outcome], first: &Outcome, f: &mut Figures) {
    let k = |s: &str| format!("{key}_{s}");
    let rate: f64 = runs.iter().map(|o| o.units_per_s).sum();
    f.num(&k("readings_per_s"), rate);
    f.num(&k("window_s"), first.window_s);
    f.gas(&k("failed_txs"), runs.iter().map(|o| o.failed).sum());
    f.flag(&k("ran_dry"), runs.iter().any(|o| o.ran_dry));
    f.num(
        &k("latency_p95_blocks"),
        runs.iter()
            .map(|o| o.latency_blocks_p95)
            .fold(0.0, f64::max),
    );
    f.num(&k("cpu_cores_region1"), first.chain_cpu_cores);
    let main = first.other_cpu_cores.first().copied().unwrap_or(f64::NAN);
    let region2 = first.other_cpu_cores.get(1).copied().unwrap_or(f64::NAN);
    f.num(&k("cpu_cores_main"), main);
    f.num(&k("cpu_cores_region2"), region2);
    f.num(&k("cpu_cores_machine"), first.machine_busy_cores);
    let regions_cpu = first.chain_cpu_cores + region2;
    if rate > 0.0 {
        f.num(&k("region_cpu_ms_per_reading"), regions_cpu * 1e3 / rate);
    }
    say(&format!(
        "{key}: {rate:.0} verified readings/s over {:.0} s; CPU in cores: main {main:.2}, \
         region-1 {:.2}, region-2 {region2:.2}, machine {:.2}; {} failed{}",
        first.window_s,
        first.chain_cpu_cores,
        first.machine_busy_cores,
        runs.iter().map(|o| o.failed).sum::<u64>(),
        if runs.iter().any(|o| o.ran_dry) {
            " (ran dry: a lower bound)"
        } else {
            ""
        }
    ));
}

/// What one machine per chain would give, from the CPU figures: a region's node used
/// `region_cpu_ms_per_reading` of CPU per reading with region-1 alone; on a machine of its own
/// with this machine's cores it could spend all of them, so each region would take up to
/// cores / CPU-per-reading, and regions would add up, since they share nothing but the main
/// chain (idle in ingestion). An extrapolation, not a measurement.
fn project_one_machine_per_chain(f: &mut Figures) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    if let Some(ms) = f.get("regions_1_region_cpu_ms_per_reading") {
        if ms > 0.0 {
            let per_region = cores * 1e3 / ms;
            f.num(
                "regions_projected_per_region_own_machine_readings_per_s",
                per_region,
            );
            f.num(
                "regions_projected_2_regions_own_machines_readings_per_s",
                2.0 * per_region,
            );
        }
    }
}

fn percentile(values: &[f64], q: f64) -> f64 {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let rank = ((v.len() as f64) * q).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

fn record_latency(samples: &[latency::Sample], f: &mut Figures) {
    f.gas("regions_bills", samples.len() as u64);
    let series: [(&str, Vec<f64>); 4] = [
        (
            "close_to_confirm_blocks",
            samples.iter().map(|s| s.close_to_confirm_blocks).collect(),
        ),
        (
            "close_to_confirm_s",
            samples.iter().map(|s| s.close_to_confirm_s).collect(),
        ),
        (
            "pay_to_status_blocks",
            samples.iter().map(|s| s.pay_to_status_blocks).collect(),
        ),
        (
            "pay_to_status_s",
            samples.iter().map(|s| s.pay_to_status_s).collect(),
        ),
    ];
    let mut line = Vec::new();
    for (name, values) in &series {
        let (p50, p95) = (percentile(values, 0.50), percentile(values, 0.95));
        let (what, unit) = name.rsplit_once('_').unwrap_or((name, ""));
        f.num(&format!("regions_{what}_p50_{unit}"), p50);
        f.num(&format!("regions_{what}_p95_{unit}"), p95);
        line.push(format!("{name} p50 {p50:.1} p95 {p95:.1}"));
    }
    say(&format!(
        "latency over {} bills: {}",
        samples.len(),
        line.join(", ")
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_skip_missing_samples() {
        let v = [3.0, f64::NAN, 1.0, 2.0];
        assert_eq!(percentile(&v, 0.5), 2.0);
        assert_eq!(percentile(&v, 0.95), 3.0);
        assert!(percentile(&[f64::NAN], 0.5).is_nan());
    }

    #[test]
    fn latency_figures_carry_their_units() {
        let s = |b: f64, t: f64| latency::Sample {
            close_to_confirm_blocks: b,
            close_to_confirm_s: t,
            pay_to_status_blocks: b + 1.0,
            pay_to_status_s: t + 1.0,
        };
        let mut f = Figures::default();
        record_latency(&[s(2.0, 3.0), s(4.0, 5.0)], &mut f);
        assert_eq!(f.get("regions_close_to_confirm_p50_blocks"), Some(2.0));
        assert_eq!(f.get("regions_close_to_confirm_p95_s"), Some(5.0));
        assert_eq!(f.get("regions_pay_to_status_p95_blocks"), Some(5.0));
        assert_eq!(f.get("regions_pay_to_status_p50_s"), Some(4.0));
        assert_eq!(f.get("regions_bills"), Some(2.0));
    }
}
