//! The figures of a run: a flat JSON object (one key per figure, the unit in the key's name,
//! plus the commit and a timestamp) and the tables printed at the end.

use std::path::Path;
use std::process::Command;

use anyhow::Context;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use serde_json::{Map, Value};

/// Figures in the order they were taken.
#[derive(Default)]
pub struct Figures {
    values: Vec<(String, Value)>,
}

impl Figures {
    pub fn gas(&mut self, key: &str, gas: u64) {
        if key.starts_with("gas_") {
            eprintln!("bench: {key} = {gas}");
        }
        self.set(key, Value::from(gas));
    }

    pub fn num(&mut self, key: &str, value: f64) {
        let rounded = (value * 1000.0).round() / 1000.0;
        let v = serde_json::Number::from_f64(rounded).map_or(Value::Null, Value::Number);
        self.set(key, v);
    }

    pub fn flag(&mut self, key: &str, value: bool) {
        self.set(key, Value::Bool(value));
    }

    fn set(&mut self, key: &str, value: Value) {
        match self.values.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value,
            None => self.values.push((key.to_string(), value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<f64> {
        self.values
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.as_f64())
    }

    /// `a / b` as `key`, when both are known.
    pub fn ratio(&mut self, key: &str, a: &str, b: &str) -> Option<f64> {
        let r = self.get(a)? / self.get(b)?;
        self.num(key, r);
        Some(r)
    }

    /// Writes the JSON file (creating its folder).
    pub fn write(&self, path: &Path, header: &[(&str, Value)]) -> anyhow::Result<()> {
        let mut map = Map::new();
        for (k, v) in header {
            map.insert((*k).to_string(), v.clone());
        }
        for (k, v) in &self.values {
            map.insert(k.clone(), v.clone());
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let text = serde_json::to_string_pretty(&Value::Object(map))?;
        std::fs::write(path, text + "\n").with_context(|| format!("writing {}", path.display()))
    }
}

/// One target of the issue and whether the run met it.
pub struct Target {
    pub what: String,
    pub measured: String,
    pub met: Option<bool>,
}

fn fmt(v: Option<f64>, decimals: usize) -> String {
    match v {
        Some(v) if v.is_finite() => format!("{v:.decimals$}"),
        _ => "-".to_string(),
    }
}

fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_header(header.to_vec());
    t
}

/// Prints the tables.
pub fn print(f: &Figures, nets: &[&str], full: usize, targets: &[Target]) {
    let cw20 = f.get("gas_cw20_transfer");
    let close_label = format!("ClosePeriod after {full} readings");
    let close_key = format!("gas_close_period_{full}_readings");
    let mut gas = table(&["gas", "gas used", "per reading", "/ cw20 transfer"]);
    let rows: Vec<(&str, &str, Option<&str>)> = vec![
        ("bank MsgSend (reference)", "gas_bank_send", None),
        ("cw20 transfer (reference)", "gas_cw20_transfer", None),
        (
            "SubmitReadings, 1 reading (packed)",
            "gas_submit_1_reading",
            None,
        ),
        (
            "SubmitReadings, 1 reading (JSON, 11:30)",
            "gas_submit_1_reading_json",
            None,
        ),
        (
            "SubmitReadings, 10 meters",
            "gas_submit_batch_10",
            Some("gas_submit_batch_10_per_reading"),
        ),
        (
            "SubmitReadings, 100 meters",
            "gas_submit_batch_100",
            Some("gas_submit_batch_100_per_reading"),
        ),
        (
            "SubmitReadings, 500 (max) meters",
            "gas_submit_batch_500",
            Some("gas_submit_batch_500_per_reading"),
        ),
        (
            "SubmitReadings, 250 meters' 3rd, JSON",
            "gas_submit_batch_250_json_per_reading",
            Some("gas_submit_batch_250_json_per_reading"),
        ),
        (
            "SubmitReadings, 250 meters' 3rd, packed",
            "gas_submit_batch_250_packed_per_reading",
            Some("gas_submit_batch_250_packed_per_reading"),
        ),
        (
            "SubmitReadings, 500 of one meter",
            "gas_submit_batch_500_one_meter",
            Some("gas_submit_batch_500_one_meter_per_reading"),
        ),
        (
            "ClosePeriod after 48 readings",
            "gas_close_period_48_readings",
            None,
        ),
        (close_label.as_str(), close_key.as_str(), None),
        (
            "Settle (one automatic instalment)",
            "gas_settle_one_instalment",
            None,
        ),
        ("MakePayment", "gas_make_payment", None),
        (
            "cloud lease request (cw20 Send + hook)",
            "gas_cloud_lease_request",
            None,
        ),
        (
            "cloud usage record (1, signed)",
            "gas_cloud_usage_record",
            None,
        ),
        (
            "cloud release with billing",
            "gas_cloud_release_billed",
            None,
        ),
        ("park: post an offer", "gas_park_post_offer", None),
        (
            "park: post a bid (cw20 Send + hook)",
            "gas_park_post_bid",
            None,
        ),
        (
            "park: clear a slot of 100 orders",
            "gas_park_clear_100",
            None,
        ),
        (
            "park: settle an offer on its reading",
            "gas_park_settle_offer",
            None,
        ),
    ];
    for (label, key, per) in rows {
        let value = f.get(key);
        let per_value = per.and_then(|p| f.get(p));
        let basis = per_value.or(value);
        gas.add_row(vec![
            label.to_string(),
            fmt(value, 0),
            fmt(per_value, 0),
            fmt(basis.zip(cw20).map(|(a, b)| a / b), 3),
        ]);
    }
    println!("\n{gas}");

    let mut load = table(&[
        "throughput",
        "per s",
        "/ bank sends",
        "/ 556",
        "/ 1,111",
        "latency p50 / p95 blocks",
        "p50 / p95 s",
        "block s",
        "chain CPU cores",
    ]);
    for net in nets {
        for (label, kind) in [
            ("bank sends (reference)", "bank_sends"),
            ("readings, 1 per tx", "readings_single_tx"),
            ("readings, 500 per tx", "readings_batched"),
        ] {
            let k = |s: &str| format!("{net}_{kind}_{s}");
            let rate = f.get(&k("per_s"));
            let reading = kind != "bank_sends";
            let dry = f.get(&k("ran_dry")).is_some_and(|d| d > 0.0);
            load.add_row(vec![
                format!("{net}: {label}"),
                format!("{}{}", fmt(rate, 0), if dry { " (ran dry)" } else { "" }),
                if reading {
                    fmt(f.get(&format!("ratio_{net}_{kind}_to_bank_sends")), 2)
                } else {
                    "-".into()
                },
                if reading {
                    fmt(rate.map(|r| r / 556.0), 2)
                } else {
                    "-".into()
                },
                if reading {
                    fmt(rate.map(|r| r / 1111.0), 2)
                } else {
                    "-".into()
                },
                format!(
                    "{} / {}",
                    fmt(f.get(&k("latency_p50_blocks")), 0),
                    fmt(f.get(&k("latency_p95_blocks")), 0)
                ),
                format!(
                    "{} / {}",
                    fmt(f.get(&k("latency_p50_s")), 2),
                    fmt(f.get(&k("latency_p95_s")), 2)
                ),
                fmt(f.get(&k("block_interval_s")), 2),
                fmt(f.get(&k("chain_cpu_cores")), 2),
            ]);
        }
    }
    println!("{load}");

    let mut client = table(&["meter client", "value"]);
    for (label, key, decimals) in [
        (
            "CPU per signed reading (µs)",
            "meter_client_sign_cpu_us_per_reading",
            1,
        ),
        ("fleet process: meters", "fleet_meters", 0),
        (
            "fleet process: peak resident memory (MiB)",
            "fleet_peak_rss_mib",
            1,
        ),
        (
            "fleet process: CPU per reading sent (µs)",
            "fleet_cpu_us_per_reading",
            1,
        ),
    ] {
        client.add_row(vec![label.to_string(), fmt(f.get(key), decimals)]);
    }
    println!("{client}");

    print_regions(f);

    let mut t = table(&["target", "measured", "met"]);
    for target in targets {
        t.add_row(vec![
            target.what.clone(),
            target.measured.clone(),
            match target.met {
                Some(true) => "yes".into(),
                Some(false) => "NO".into(),
                None => "not measured".into(),
            },
        ]);
    }
    println!("{t}");
}

/// The regional phase's tables (nothing when it did not run).
fn print_regions(f: &Figures) {
    if f.get("regions_1_readings_per_s").is_none() && f.get("regions_bills").is_none() {
        return;
    }
    let mut ingest = table(&[
        "regional ingestion (batched)",
        "verified readings/s",
        "/ region-1 alone",
        "CPU cores: main",
        "region-1",
        "region-2",
        "machine",
        "region CPU ms / reading",
    ]);
    for (label, key) in [
        ("region-1 alone", "regions_1"),
        ("region-1 + region-2 at once", "regions_2"),
    ] {
        let k = |s: &str| format!("{key}_{s}");
        let dry = f.get(&k("ran_dry")).is_some_and(|d| d > 0.0);
        ingest.add_row(vec![
            label.to_string(),
            format!(
                "{}{}",
                fmt(f.get(&k("readings_per_s")), 0),
                if dry { " (ran dry)" } else { "" }
            ),
            if key == "regions_2" {
                fmt(f.get("ratio_regions_2_to_1_readings_per_s"), 2)
            } else {
                "1.00".into()
            },
            fmt(f.get(&k("cpu_cores_main")), 2),
            fmt(f.get(&k("cpu_cores_region1")), 2),
            fmt(f.get(&k("cpu_cores_region2")), 2),
            fmt(f.get(&k("cpu_cores_machine")), 2),
            fmt(f.get(&k("region_cpu_ms_per_reading")), 3),
        ]);
    }
    ingest.add_row(vec![
        "one machine per chain (from CPU, extrapolated)".to_string(),
        format!(
            "{} per region, {} for two",
            fmt(
                f.get("regions_projected_per_region_own_machine_readings_per_s"),
                0
            ),
            fmt(
                f.get("regions_projected_2_regions_own_machines_readings_per_s"),
                0
            )
        ),
        "-".into(),
        "-".into(),
        "-".into(),
        "-".into(),
        "-".into(),
        "-".into(),
    ]);
    println!("{ingest}");

    let mut latency = table(&[
        "IBC latency",
        "bills",
        "p50 blocks",
        "p95 blocks",
        "p50 s",
        "p95 s",
    ]);
    for (label, key, chain) in [
        (
            "close on region -> confirmed on main",
            "close_to_confirm",
            "main",
        ),
        (
            "payment on main -> status on region",
            "pay_to_status",
            "region",
        ),
    ] {
        let k = |s: &str| f.get(&format!("regions_{key}_{s}"));
        latency.add_row(vec![
            format!("{label} ({chain} blocks)"),
            fmt(f.get("regions_bills"), 0),
            fmt(k("p50_blocks"), 0),
            fmt(k("p95_blocks"), 0),
            fmt(k("p50_s"), 1),
            fmt(k("p95_s"), 1),
        ]);
    }
    println!("{latency}");
}

/// `git rev-parse HEAD` of the repository, with `-dirty` when the work tree has changes.
pub fn commit(repo: &Path) -> String {
    let run = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let hash = run(&["rev-parse", "HEAD"]).unwrap_or_else(|| "unknown".into());
    match run(&["status", "--porcelain", "--untracked-files=no"]) {
        Some(s) if !s.is_empty() => format!("{hash}-dirty"),
        _ => hash,
    }
}

/// The current UTC time, RFC 3339.
pub fn timestamp() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%dT%H:%M:%SZ"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}
