//! `ledger-bench` (`make bench`): what a reading costs and how many readings the chain takes,
//! measured on the localnet against the chain's own references in one run. See
//! `bench/README.md` for what each figure means.

#![forbid(unsafe_code)]

mod cloud;
mod codec;
mod deploy;
mod fleet;
mod gas;
mod load;
mod localnet;
mod meterclient;
mod park;
mod regions;
mod report;
mod tx;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::builder::FalseyValueParser;
use clap::{ArgAction, Parser};
use ledger_client::Client;
use serde_json::Value;

use crate::localnet::{Localnet, Net};
use crate::report::{Figures, Target};

/// Gas and ingestion throughput of the ledger on the localnet (run `make localnet` first).
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// Seconds of measured load per throughput phase, after the warm-up
    #[arg(long, env = "BENCH_DURATION", default_value_t = 60)]
    duration: u64,
    /// Seconds of load before each measuring window begins
    #[arg(long, env = "BENCH_WARMUP", default_value_t = 10)]
    warmup: u64,
    /// Meters of the benchmark's fleet (one consumer; also the fleet process's size)
    #[arg(long, env = "BENCH_METERS", default_value_t = 10_000)]
    meters: u32,
    /// Accounts sending the load in parallel, each one transaction at a time (each owns a
    /// share of the meters; batches use one per 500 meters)
    #[arg(long, env = "BENCH_LOADERS", default_value_t = 2_000)]
    loaders: usize,
    /// Factor on the rates transactions are signed in advance for; raise it if a phase
    /// reports that the generator ran dry
    #[arg(long, env = "BENCH_PRESIGN_SCALE", default_value_t = 1.0)]
    presign_scale: f64,
    /// A short run that checks every step (5-second phases, a 96-second period to close,
    /// 1,200 meters); its figures mean little
    #[arg(long, env = "BENCH_SMOKE", action = ArgAction::SetTrue, value_parser = FalseyValueParser::new())]
    smoke: bool,
    /// Leave out the one-validator chain (running it stops the localnet for a few minutes)
    #[arg(long, env = "BENCH_SKIP_SINGLE", action = ArgAction::SetTrue, value_parser = FalseyValueParser::new())]
    skip_single: bool,
    /// The throughput phases to run, in this order
    #[arg(
        long,
        env = "BENCH_LOADS",
        value_enum,
        value_delimiter = ',',
        default_value = "bank,single,batched"
    )]
    loads: Vec<load::Kind>,
    /// Only the throughput phases: no gas figures, meter client or period closing (to compare
    /// chain settings in a few minutes)
    #[arg(long, env = "BENCH_THROUGHPUT_ONLY", action = ArgAction::SetTrue, value_parser = FalseyValueParser::new())]
    throughput_only: bool,
    /// The regional phase: two sub-chains and the relayer beside the localnet, ingestion on
    /// one region and on two, and the bills' latency between a region and the main chain
    /// (`BENCH_REGIONS=0` leaves it out)
    #[arg(long, env = "BENCH_REGIONS", default_value_t = true, action = ArgAction::Set, value_parser = FalseyValueParser::new())]
    regions: bool,
    /// Fleet meters per region in the regional phase (500 per loader account)
    #[arg(long, env = "BENCH_REGION_METERS", default_value_t = 2_000)]
    region_meters: u32,
    /// Bills closed per region for the latency figures
    #[arg(long, env = "BENCH_REGION_BILLS", default_value_t = 10)]
    region_bills: u32,
    /// Where the figures are written
    #[arg(long, default_value = "bench/results/latest.json", value_name = "FILE")]
    out: PathBuf,
    /// The meter-client binary [default: beside this one]
    #[arg(long, value_name = "FILE")]
    meter_client: Option<PathBuf>,
}

/// Rates (units per second) transactions are signed in advance for, per chain and load:
/// above what the chain took in the runs recorded in bench/README.md.
fn presign_rate(net: Net, kind: load::Kind) -> f64 {
    use load::Kind::*;
    match (net, kind) {
        (Net::Four, BankSend) => 800.0,
        (Net::Four, SingleReading) => 600.0,
        (Net::Four, Batch) => 4_000.0,
        (Net::Single, BankSend) => 1_600.0,
        (Net::Single, SingleReading) => 1_200.0,
        (Net::Single, Batch) => 10_000.0,
    }
}

fn say(message: &str) {
    eprintln!("bench: {message}");
}

fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if let Err(e) = run(args).await {
        eprintln!("bench: error: {e:#}");
        std::process::exit(1);
    }
}

async fn connect_all(net: Net) -> anyhow::Result<Vec<Client>> {
    let mut clients = vec![localnet::connect(net).await?];
    for i in 1..net.validators() {
        clients.push(
            Client::connect(net.config(i))
                .await
                .with_context(|| format!("validator {i} of the {net:?} chain"))?,
        );
    }
    Ok(clients)
}

async fn throughput(
    clients: &[Client],
    net: Net,
    localnet: &Localnet,
    ledger: &mut deploy::Ledger,
    args: &Args,
    figures: &mut Figures,
) -> anyhow::Result<()> {
    for &kind in &args.loads {
        let spec = load::Spec {
            kind,
            warmup: Duration::from_secs(args.warmup),
            duration: Duration::from_secs(args.duration),
            presign_rate: presign_rate(net, kind) * args.presign_scale,
        };
        let mut target = load::Target {
            sdk: &ledger.sdk,
            loaders: &ledger.loaders,
            fleet: &mut ledger.fleet,
            pids: localnet.node_pids(net),
            other_pids: Vec::new(),
        };
        let o = load::run(clients, &mut target, spec).await?;
        let k = |s: &str| format!("{}_{}_{s}", net.key(), kind.key());
        figures.num(&k("per_s"), o.units_per_s);
        figures.num(&k("txs_per_s"), o.txs_per_s);
        figures.num(&k("latency_p50_blocks"), o.latency_blocks_p50);
        figures.num(&k("latency_p95_blocks"), o.latency_blocks_p95);
        figures.num(&k("latency_p50_s"), o.latency_s_p50);
        figures.num(&k("latency_p95_s"), o.latency_s_p95);
        figures.num(&k("window_s"), o.window_s);
        figures.gas(&k("window_blocks"), o.blocks);
        figures.num(&k("block_interval_s"), o.block_interval_s);
        figures.num(&k("block_gas_used"), o.block_gas_used);
        figures.num(&k("block_gas_wanted"), o.block_gas_wanted);
        figures.num(&k("block_bytes"), o.block_bytes);
        figures.num(&k("chain_cpu_cores"), o.chain_cpu_cores);
        figures.gas(&k("gas_limit_per_tx"), o.gas_limit_per_tx);
        figures.gas(&k("failed_txs"), o.failed);
        figures.flag(&k("ran_dry"), o.ran_dry);
        say(&format!(
            "{} {}: {:.0}/s over {:.0} s ({} blocks, {:.2} s apart), latency p50/p95 {}/{} blocks, \
             {:.2}/{:.2} s; {} failed{}",
            net.key(),
            kind.key(),
            o.units_per_s,
            o.window_s,
            o.blocks,
            o.block_interval_s,
            o.latency_blocks_p50,
            o.latency_blocks_p95,
            o.latency_s_p50,
            o.latency_s_p95,
            o.failed,
            o.first_failure
                .as_deref()
                .map(|f| format!(" (first: {f})"))
                .unwrap_or_default()
        ));
    }
    Ok(())
}

async fn single_validator(
    localnet: &Localnet,
    repo: &Path,
    work: &Path,
    args: &Args,
    figures: &mut Figures,
) -> anyhow::Result<()> {
    say("starting a fresh one-validator chain (localnet scripts, LOCALNET_NODES=1)");
    localnet.start(Net::Single)?;
    let clients = connect_all(Net::Single).await?;
    let options = deploy::Options {
        meters: args.meters,
        loaders: args.loaders,
        close_days: None,
        pay: false,
        half_hour: false,
    };
    let single_work = work.join("1val");
    std::fs::create_dir_all(&single_work)?;
    let mut ledger = deploy::deploy(
        &clients[0],
        Net::Single,
        localnet,
        repo,
        &single_work,
        &options,
    )
    .await?;
    throughput(&clients, Net::Single, localnet, &mut ledger, args, figures).await
}

fn machine() -> Vec<(&'static str, Value)> {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    let mem_kib: u64 = read("/proc/meminfo")
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or_default();
    let load = read("/proc/loadavg");
    vec![
        (
            "machine_cores",
            Value::from(std::thread::available_parallelism().map_or(0, |n| n.get())),
        ),
        ("machine_cpu", Value::from(cpu)),
        ("machine_memory_mib", Value::from(mem_kib / 1024)),
        (
            "machine_load_average_at_start",
            Value::from(
                load.split_whitespace()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ),
    ]
}

async fn run(mut args: Args) -> anyhow::Result<()> {
    let began = Instant::now();
    if args.smoke {
        args.duration = args.duration.min(5);
        args.warmup = args.warmup.min(3);
        args.meters = args.meters.min(1_200);
        args.loaders = args.loaders.min(200);
        args.region_meters = args.region_meters.min(500);
        args.region_bills = args.region_bills.min(2);
    }
    let repo = repo_root();
    let localnet = Localnet::new(&repo);
    let out = if args.out.is_absolute() {
        args.out.clone()
    } else {
        repo.join(&args.out)
    };
    let work = out
        .parent()
        .map_or_else(|| repo.join("bench/results"), Path::to_path_buf)
        .join("work");
    std::fs::create_dir_all(work.join("4val"))
        .with_context(|| format!("creating {}", work.display()))?;
    let meter_client = match &args.meter_client {
        Some(p) => p.clone(),
        None => std::env::current_exe()?
            .parent()
            .context("the benchmark binary has no folder")?
            .join("meter-client"),
    };
    let header = machine();
    let mut figures = Figures::default();

    let clients = connect_all(Net::Four).await?;
    let client = &clients[0];
    say(&format!(
        "deploying a fresh ledger on {} ({} meters, {} loader accounts)",
        Net::Four.chain_id(),
        args.meters,
        args.loaders
    ));
    let close_days = if args.smoke { 2 } else { 30 };
    let all_steps = !args.throughput_only;
    let options = deploy::Options {
        meters: args.meters,
        loaders: args.loaders,
        close_days: all_steps.then_some(close_days),
        pay: all_steps,
        half_hour: all_steps,
    };
    let mut ledger = deploy::deploy(
        client,
        Net::Four,
        &localnet,
        &repo,
        &work.join("4val"),
        &options,
    )
    .await?;
    if all_steps {
        gas::measure(client, &mut ledger, &mut figures).await?;
        // The localnet lets only its own accounts upload code.
        let uploader = ledger_sdk::Sender::new(client.clone(), localnet.account("admin")?);
        gas::cw20_base_transfer(&ledger, &uploader, &repo, &mut figures).await?;
        codec::compare(&ledger, &uploader, &repo, &mut figures).await?;
        cloud::measure(&ledger, &mut figures).await?;
        park::measure(&ledger, &mut figures).await?;
    }
    throughput(
        &clients,
        Net::Four,
        &localnet,
        &mut ledger,
        &args,
        &mut figures,
    )
    .await?;

    if all_steps {
        say("meter client: CPU time per signed reading");
        let us =
            meterclient::signing_cpu_us(&ledger.fleet.chain_id, &ledger.fleet.contract, 20_000)?;
        figures.num("meter_client_sign_cpu_us_per_reading", us);
    }
    say("the floor: CPU time of one secp256k1 verification, as a validator runs it");
    let floor =
        meterclient::verifying_cpu_us(&ledger.fleet.chain_id, &ledger.fleet.contract, 2_000)?;
    figures.num("secp256k1_verify_cpu_us", floor);

    let mut nets = vec![Net::Four.key()];
    if !args.skip_single {
        say("stopping the localnet while the one-validator chain uses its ports");
        localnet.stop(Net::Four)?;
        let result = single_validator(&localnet, &repo, &work, &args, &mut figures).await;
        let stopped = localnet.stop(Net::Single);
        say("starting the localnet again");
        localnet.start(Net::Four)?;
        result?;
        stopped?;
        nets.push(Net::Single.key());
    }

    if all_steps {
        fleet_process(&mut ledger, &meter_client, &work, args.smoke, &mut figures).await;
    }

    if args.regions {
        let options = regions::Options {
            warmup: Duration::from_secs(args.warmup),
            duration: Duration::from_secs(args.duration),
            meters: args.region_meters,
            bills: args.region_bills,
            presign_scale: args.presign_scale,
        };
        regions::measure(
            client,
            localnet.node_pids(Net::Four),
            &localnet,
            &repo,
            &work.join("regions"),
            &options,
            &mut figures,
        )
        .await?;
    }

    if let Some(close) = &ledger.close {
        loop {
            let now = deploy::chain_now(client).await?;
            if now > close.period_end {
                break;
            }
            say(&format!(
                "waiting {} s for the close-period meters' period to end",
                close.period_end + 1 - now
            ));
            tokio::time::sleep(Duration::from_secs((close.period_end + 1 - now).min(30))).await;
        }
        gas::close_periods(&ledger, &mut figures).await?;
    }

    let full = close_days as usize * 48;
    let targets = ratios_and_targets(&mut figures, &nets, full);
    report::print(&figures, &nets, full, &targets);
    let mut head: Vec<(&str, Value)> = vec![
        ("commit", Value::from(report::commit(&repo))),
        ("timestamp", Value::from(report::timestamp())),
        ("smoke", Value::from(args.smoke)),
        ("duration_s", Value::from(args.duration)),
        ("warmup_s", Value::from(args.warmup)),
        ("run_s", Value::from(began.elapsed().as_secs())),
    ];
    head.extend(header);
    figures.write(&out, &head)?;
    say(&format!("figures written to {}", out.display()));
    Ok(())
}

/// `meter-client fleet` over the benchmark's fleet for a minute: its memory and CPU. A failure
/// is reported and the run goes on (the close-period figures still follow).
async fn fleet_process(
    ledger: &mut deploy::Ledger,
    meter_client: &Path,
    work: &Path,
    smoke: bool,
    figures: &mut Figures,
) {
    say(&format!(
        "meter client: a fleet process of {} meters for a minute",
        ledger.fleet.len()
    ));
    let (interval, run_for) = if smoke { (5, 15) } else { (10, 60) };
    match meterclient::fleet_run(ledger, meter_client, &work.join("4val"), interval, run_for).await
    {
        Ok(fleet) => {
            figures.gas("fleet_meters", fleet.meters as u64);
            figures.num("fleet_peak_rss_mib", fleet.peak_rss_mib);
            figures.gas("fleet_readings", fleet.readings);
            figures.num("fleet_cpu_s", fleet.cpu_s);
            figures.num("fleet_wall_s", fleet.wall_s);
            if fleet.readings > 0 {
                figures.num(
                    "fleet_cpu_us_per_reading",
                    fleet.cpu_s * 1e6 / fleet.readings as f64,
                );
            }
        }
        Err(e) => say(&format!("the fleet process failed: {e:#}")),
    }
}

fn ratios_and_targets(f: &mut Figures, nets: &[&str], full: usize) -> Vec<Target> {
    // The targets are set against cw20-base as it is; the settlement token's own transfer
    // (which also asks the registry) is the second reference.
    let single = f.ratio(
        "ratio_single_reading_gas_to_cw20_base_transfer",
        "gas_submit_1_reading",
        "gas_cw20_base_transfer",
    );
    let batched = f.ratio(
        "ratio_batched_reading_gas_to_cw20_base_transfer",
        "gas_submit_batch_500_per_reading",
        "gas_cw20_base_transfer",
    );
    f.ratio(
        "ratio_single_reading_gas_to_cw20_transfer",
        "gas_submit_1_reading",
        "gas_cw20_transfer",
    );
    f.ratio(
        "ratio_batched_reading_gas_to_cw20_transfer",
        "gas_submit_batch_500_per_reading",
        "gas_cw20_transfer",
    );
    f.ratio(
        "ratio_backlog_reading_gas_to_cw20_transfer",
        "gas_submit_batch_500_one_meter_per_reading",
        "gas_cw20_transfer",
    );
    f.ratio(
        "ratio_packed_to_json_batch_250",
        "gas_submit_batch_250_packed_per_reading",
        "gas_submit_batch_250_json_per_reading",
    );
    f.ratio(
        "ratio_packed_to_json_single",
        "gas_submit_1_reading",
        "gas_submit_1_reading_json",
    );
    for action in ["lease_request", "usage_record", "release_billed"] {
        f.ratio(
            &format!("ratio_cloud_{action}_to_cw20_transfer"),
            &format!("gas_cloud_{action}"),
            "gas_cw20_transfer",
        );
    }
    for action in ["post_offer", "post_bid", "clear_100", "settle_offer"] {
        f.ratio(
            &format!("ratio_park_{action}_to_cw20_transfer"),
            &format!("gas_park_{action}"),
            "gas_cw20_transfer",
        );
    }
    let close = f.ratio(
        &format!("ratio_close_{full}_to_48"),
        &format!("gas_close_period_{full}_readings"),
        "gas_close_period_48_readings",
    );
    for net in nets {
        for kind in ["readings_single_tx", "readings_batched"] {
            let rate = format!("{net}_{kind}_per_s");
            f.ratio(
                &format!("ratio_{net}_{kind}_to_bank_sends"),
                &rate,
                &format!("{net}_bank_sends_per_s"),
            );
            if let Some(r) = f.get(&rate) {
                f.num(&format!("ratio_{net}_{kind}_to_556"), r / 556.0);
                f.num(&format!("ratio_{net}_{kind}_to_1111"), r / 1111.0);
            }
        }
    }
    let rate = f.get("4val_readings_batched_per_s");
    let vs_bank = f.get("ratio_4val_readings_batched_to_bank_sends");
    let p95 = f.get("4val_readings_batched_latency_p95_blocks");
    // Each of the four validators executes every reading.
    let per_validator = f
        .get("4val_readings_batched_chain_cpu_cores")
        .zip(rate)
        .filter(|(_, rate)| *rate > 0.0)
        .map(|(cores, rate)| cores * 1e6 / rate / 4.0);
    if let Some(us) = per_validator {
        f.num("4val_readings_batched_cpu_us_per_reading_per_validator", us);
    }
    let vs_floor = f.ratio(
        "ratio_4val_batched_cpu_per_reading_to_secp256k1_floor",
        "4val_readings_batched_cpu_us_per_reading_per_validator",
        "secp256k1_verify_cpu_us",
    );
    let fleet_rss = f.get("fleet_peak_rss_mib");
    let fleet_cpu = f.get("fleet_cpu_us_per_reading");
    let fleet_meters = f.get("fleet_meters");
    let show = |v: Option<f64>, d: usize| v.map_or("-".to_string(), |v| format!("{v:.d$}"));
    vec![
        Target {
            what: "single-reading tx gas <= cw20-base transfer".into(),
            measured: format!("{} x", show(single, 3)),
            met: single.map(|r| r <= 1.0),
        },
        Target {
            what: "gas per reading in a full batch <= 0.08 x cw20-base transfer".into(),
            measured: format!("{} x", show(batched, 3)),
            met: batched.map(|r| r <= 0.08),
        },
        Target {
            what: format!("close period: {full} readings within 5% of 48"),
            measured: format!("{} x", show(close, 3)),
            met: close.map(|r| (r - 1.0).abs() <= 0.05),
        },
        Target {
            what: "4 validators: batched >= 1,111 readings/s".into(),
            measured: format!("{}/s", show(rate, 0)),
            met: rate.map(|r| r >= 1111.0),
        },
        Target {
            what: "4 validators: batched >= 2 x bank sends/s".into(),
            measured: format!("{} x", show(vs_bank, 2)),
            met: vs_bank.map(|r| r >= 2.0),
        },
        Target {
            what: "4 validators: batched inclusion p95 <= 3 blocks".into(),
            measured: format!("{} blocks", show(p95, 0)),
            met: p95.map(|b| b <= 3.0),
        },
        Target {
            what: "validator CPU per batched reading <= 4 x one secp256k1 verification".into(),
            measured: format!(
                "{} us = {} x {} us",
                show(per_validator, 0),
                show(vs_floor, 2),
                show(f.get("secp256k1_verify_cpu_us"), 0)
            ),
            met: vs_floor.map(|r| r <= 4.0),
        },
        Target {
            what: "fleet of 10,000 meters: <= 100 MiB resident".into(),
            measured: format!(
                "{} MiB, {} meters",
                show(fleet_rss, 1),
                show(fleet_meters, 0)
            ),
            met: fleet_rss
                .zip(fleet_meters)
                .map(|(rss, meters)| rss <= 100.0 && meters >= 10_000.0),
        },
        Target {
            what: "fleet: <= 150 us of client CPU per reading".into(),
            measured: format!("{} us", show(fleet_cpu, 0)),
            met: fleet_cpu.map(|us| us <= 150.0),
        },
    ]
}
