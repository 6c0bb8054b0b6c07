//! `ledger meter`: actions on a meter contract that anyone may take: closing a period, and
//! submitting signed readings from a file (what a meter's gateway does).

use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use clap::Subcommand;
use ledger_sdk::Ledger;
use ledger_types::admin::Participant;
use ledger_types::meter::{MAX_READINGS_PER_MSG, MeterState, RefusedReading};
use ledger_types::reading::SignedReading;
use serde::{Deserialize, Serialize};

use crate::args::RegionArg;
use crate::context::App;
use crate::errors::PartlyRefused;
use crate::render;
use crate::units;

/// `ledger meter ...`
#[derive(Subcommand, Debug)]
pub enum MeterCmd {
    /// Close a period that has ended: the meter contract prices it with the tariff, records
    /// the bill and hands it to the bank (anyone; periods close in order)
    ClosePeriod {
        /// The meter's id; its meter contract is found through the registry, and for a
        /// regional meter through the router on its region's chain
        #[arg(long)]
        meter: String,
        /// The period to close [default: the next one not yet closed]
        #[arg(long)]
        period: Option<u32>,
    },
    /// Submit signed readings from a JSON file, as a meter's gateway does (anyone; the meter
    /// contract stores the valid readings and reports each refused one with its code). Exits 0
    /// when every reading was stored, 3 when the transaction landed with some refused (listed
    /// with their codes), 1 when nothing landed
    Submit {
        /// A JSON file: an array of signed readings, or `{"readings": [...]}` as in the meter
        /// contract's SubmitReadings message (at most 500 readings)
        #[arg(long, value_name = "FILE")]
        file: PathBuf,
        /// The meter contract to send them to [default: the contract of the first reading's
        /// meter, found through the registry (and the router, on its region's chain)]
        #[arg(long, value_name = "ADDRESS", conflicts_with = "owner")]
        contract: Option<String>,
        /// Send them to this consumer's meter contract (an address or a key name; found in
        /// the consumer's region when it lives in one)
        #[arg(long)]
        owner: Option<String>,
        /// With --contract: the contract is on this regional sub-chain
        #[arg(long, value_name = "NAME", requires = "contract")]
        region: Option<String>,
    },
}

/// What a readings file may hold: the readings alone, or the body of a SubmitReadings
/// message.
#[derive(Deserialize)]
#[serde(untagged)]
enum ReadingsFile {
    List(Vec<SignedReading>),
    Message { readings: Vec<SignedReading> },
}

/// Parses a readings file's JSON and checks that it holds 1 to [`MAX_READINGS_PER_MSG`]
/// readings.
pub fn parse_readings(json: &str) -> anyhow::Result<Vec<SignedReading>> {
    let file: ReadingsFile = serde_json::from_str(json).map_err(|e| {
        anyhow!(
            "not a readings file ({e}): expected a JSON array of signed readings (meter_id, \
             sequence, interval_start, interval_length, energy_wh, register_wh, signature in \
             base64), or {{\"readings\": [...]}}"
        )
    })?;
    let readings = match file {
        ReadingsFile::List(r) | ReadingsFile::Message { readings: r } => r,
    };
    if readings.is_empty() {
        bail!("the file holds no readings");
    }
    if readings.len() > MAX_READINGS_PER_MSG {
        bail!(
            "the file holds {} readings, more than the {MAX_READINGS_PER_MSG} one submission \
             may carry: split it",
            readings.len()
        );
    }
    Ok(readings)
}

/// Reads and parses a readings file.
pub fn load_readings(path: &Path) -> anyhow::Result<Vec<SignedReading>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the readings file {}", path.display()))?;
    parse_readings(&text).with_context(|| format!("readings file {}", path.display()))
}

#[derive(Serialize)]
struct Submitted {
    contract: String,
    /// Readings sent.
    readings: usize,
    meters: Vec<String>,
    /// Readings the contract stored.
    accepted: u32,
    /// Readings it refused, each with its code.
    refused: Vec<RefusedReading>,
}

#[derive(Serialize)]
struct Closed {
    meter_id: String,
    period: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<String>,
}

/// Runs a `meter` command.
pub async fn run(app: &App, cmd: MeterCmd) -> anyhow::Result<()> {
    match cmd {
        MeterCmd::Submit {
            file,
            contract,
            owner,
            region,
        } => submit(app, &file, contract, owner, RegionArg { region }).await,
        MeterCmd::ClosePeriod { meter, period } => {
            let (main, sender) = app.ledger_and_sender().await?;
            let chain = app.meter_chain(&main, &meter).await?;
            let sender = chain.sender(&sender);
            let (ledger, contract) = (&chain.ledger, chain.contract.clone());
            let period = match period {
                Some(p) => p,
                None => {
                    let state: MeterState = ledger.meter_state(&contract, &meter).await?;
                    state.next_period_to_close
                }
            };
            let outcome = ledger
                .close_period(&sender, &contract, meter.clone(), period)
                .await?;
            let bill = ledger.bill(&contract, &meter, period).await.ok();
            let total = bill.map(|b| units::money(b.total));
            let place = chain
                .region
                .as_deref()
                .map(|r| format!(" in {r}"))
                .unwrap_or_default();
            let action = match &total {
                Some(t) => {
                    format!("closed period {period} of meter {meter}{place}: bill total {t}")
                }
                None => format!("closed period {period} of meter {meter}{place}"),
            };
            render::tx(
                app.output(),
                &action,
                &outcome,
                Closed {
                    meter_id: meter,
                    period,
                    total,
                },
            )
        }
    }
}

/// The ledger of the chain holding `owner`'s meter contract, and that contract: the region's
/// when the router says the consumer lives in one, else the main registry's.
async fn owner_contract(main: &Ledger, owner: &str) -> anyhow::Result<(Ledger, String)> {
    let region = match main.deployment()?.contracts.router {
        Some(_) => main.consumer_region(owner).await?.region,
        None => None,
    };
    let no_contract = || anyhow!("{owner} has no meter contract: no meter is registered to it");
    match region {
        Some(region) => {
            let regional = main.in_region(&region).await?;
            let contract = regional
                .region_consumer(owner)
                .await?
                .contract
                .ok_or_else(|| {
                    anyhow!(
                        "{owner} lives in {region}, which has not created its meter contract                          yet: see `ledger region routes {region}`"
                    )
                })?
                .into_string();
            Ok((regional, contract))
        }
        None => {
            let p: Participant = main.participant(owner).await?;
            let contract = p.meter_contract.ok_or_else(no_contract)?.into_string();
            Ok((main.clone(), contract))
        }
    }
}

async fn submit(
    app: &App,
    file: &Path,
    contract: Option<String>,
    owner: Option<String>,
    region: RegionArg,
) -> anyhow::Result<()> {
    let readings = load_readings(file)?;
    let owner = owner.map(|o| app.address(&o)).transpose()?;
    let (main, sender) = app.ledger_and_sender().await?;
    let (ledger, contract) = match (contract, owner) {
        (Some(c), _) => match region.name() {
            Some(region) => (main.in_region(region).await?, c),
            None => (main, c),
        },
        (None, Some(owner)) => owner_contract(&main, &owner).await?,
        (None, None) => {
            let chain = app.meter_chain(&main, &readings[0].meter_id).await?;
            (chain.ledger, chain.contract)
        }
    };
    let sender = match ledger.region() {
        Some(_) => sender.on(ledger.client.clone()),
        None => sender,
    };
    let mut meters: Vec<String> = readings.iter().map(|r| r.meter_id.clone()).collect();
    meters.sort();
    meters.dedup();
    let count = readings.len();
    let (outcome, verdict) = ledger.submit_readings(&sender, &contract, readings).await?;
    let refused = match verdict.refused.as_slice() {
        [] => String::new(),
        refused => format!(
            "; refused: {}",
            refused
                .iter()
                .map(|r| format!("{} #{} ({})", r.meter_id, r.sequence, r.code))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let partly = PartlyRefused {
        submitted: count,
        accepted: verdict.accepted,
        refused: verdict.refused.len(),
    };
    render::tx(
        app.output(),
        &format!(
            "submitted {count} reading(s) of {} to meter contract {contract}: {} accepted{refused}",
            meters.join(", "),
            verdict.accepted
        ),
        &outcome,
        Submitted {
            contract: contract.clone(),
            readings: count,
            meters,
            accepted: verdict.accepted,
            refused: verdict.refused,
        },
    )?;
    match partly.refused {
        0 => Ok(()),
        _ => Err(partly.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::Binary;

    fn reading(sequence: u64) -> SignedReading {
        SignedReading {
            meter_id: "m-1".into(),
            sequence,
            interval_start: 1_793_491_200 + 60 * sequence,
            interval_length: 60,
            energy_wh: 7,
            register_wh: 7 * sequence,
            signature: Binary::from(vec![1u8; 64]),
        }
    }

    #[test]
    fn readings_files_are_lists_or_messages() {
        let list = serde_json::to_string(&vec![reading(1), reading(2)]).unwrap();
        assert_eq!(parse_readings(&list).unwrap(), vec![reading(1), reading(2)]);
        let message = serde_json::json!({ "readings": [reading(3)] }).to_string();
        assert_eq!(parse_readings(&message).unwrap(), vec![reading(3)]);

        let empty = parse_readings("[]").unwrap_err().to_string();
        assert!(empty.contains("no readings"), "{empty}");
        let too_many: Vec<SignedReading> =
            (1..=MAX_READINGS_PER_MSG as u64 + 1).map(reading).collect();
        let err = parse_readings(&serde_json::to_string(&too_many).unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("split it"), "{err}");
        let garbage = parse_readings(r#"{"reading": []}"#)
            .unwrap_err()
            .to_string();
        assert!(garbage.contains("not a readings file"), "{garbage}");
    }

    #[test]
    fn submit_takes_a_file_and_a_contract_or_an_owner() {
        use clap::Parser;
        let parse = |args: &[&str]| {
            crate::cli::Cli::try_parse_from(
                ["ledger", "meter", "submit"]
                    .iter()
                    .chain(args.iter())
                    .copied(),
            )
        };
        let cli = parse(&["--file", "r.json", "--owner", "alice", "--from", "gw"]).unwrap();
        let crate::cli::Command::Meter { tx, cmd } = cli.command else {
            panic!("not a meter command");
        };
        assert_eq!(tx.from.as_deref(), Some("gw"));
        let MeterCmd::Submit {
            file,
            contract,
            owner,
            region,
        } = cmd
        else {
            panic!("not submit");
        };
        assert_eq!(
            (file, contract, owner.as_deref(), region),
            (PathBuf::from("r.json"), None, Some("alice"), None)
        );
        assert!(parse(&["--file", "r.json", "--owner", "a", "--contract", "wasm1x"]).is_err());
        assert!(parse(&["--owner", "a"]).is_err());
    }
}
