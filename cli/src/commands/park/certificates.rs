//! `ledger park certificates` (alias `cert`): the park's hourly green certificates.
//!
//! * anyone: `list [--owner]`, `show <ID>` (with its history), `meter-hour --meter --hour`,
//!   `verify --file IDS` (any number of ids, one a line or a JSON array; `-` reads stdin),
//!   `config` (tables, or `-o json`);
//! * a certificate's owner: `transfer --id --to`, `claim --id --beneficiary --purpose
//!   --period-from --period-to`;
//! * a generation meter's owner: `issue-unsold --meter --hour` once the hour's trades have
//!   had their time to be certified.
//!
//! Times are typed as everywhere in the CLI (`now`, unix seconds, `2026-11-01T10:00Z`); an
//! hour is named by any instant inside it.

use std::io::Read;
use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use ledger_sdk::contracts::park::certificates::{
    Certificate, HistoryEvent, VerdictCounts, Verification, certificate_id_of, hour_of,
    verdict_counts,
};
use ledger_sdk::paging::ALL;
use serde::Serialize;

use crate::args::Limit;
use crate::context::{App, chain_now};
use crate::render::park_certificates::{
    certificate_record, certificates_table, config_record, counts_line, history_table,
    meter_hour_record, status, verdict_line,
};
use crate::render::{self, Output};
use crate::units::kwh;
use crate::when::{self, When};

/// `ledger park certificates ...`
#[derive(Subcommand, Debug)]
pub enum CertificatesCmd {
    /// An owner's certificates (active, claimed and expired), by id
    List {
        /// The owner (an address or a key name; the --from key when left out)
        #[arg(long)]
        owner: Option<String>,
        #[command(flatten)]
        limit: Limit,
    },
    /// One certificate and its history: issuance, every transfer, the claim
    Show {
        /// The certificate's id
        id: u64,
    },
    /// What a generation meter has certified in one hour, all certificates together
    MeterHour {
        /// The generation meter
        #[arg(long)]
        meter: String,
        /// Any time in the hour (e.g. 2026-11-01T10:00Z, unix seconds)
        #[arg(long)]
        hour: When,
    },
    /// Hand a certificate to another participant (its owner; an active, unexpired one)
    Transfer {
        /// The certificate's id
        #[arg(long)]
        id: u64,
        /// The new owner (an address or a key name)
        #[arg(long, value_name = "ADDR")]
        to: String,
    },
    /// Retire a certificate for a beneficiary's consumption; nothing moves it after that (its
    /// owner; an active, unexpired one)
    Claim {
        /// The certificate's id
        #[arg(long)]
        id: u64,
        /// For whom (up to 128 bytes)
        #[arg(long)]
        beneficiary: String,
        /// What for (up to 256 bytes)
        #[arg(long)]
        purpose: String,
        /// Start of the consumption it is claimed for
        #[arg(long)]
        period_from: When,
        /// End of that consumption (after its start)
        #[arg(long)]
        period_to: When,
    },
    /// Certify what a generation meter signed for in an hour that no trade certified (the
    /// meter's owner, once the hour has ended and the direct-issuance delay passed)
    IssueUnsold {
        /// The generation meter
        #[arg(long)]
        meter: String,
        /// Any time in the hour (e.g. 2026-11-01T10:00Z, unix seconds)
        #[arg(long)]
        hour: When,
    },
    /// Verify many certificates at once: valid, claimed, expired or unknown, one line each
    /// and a count per answer
    Verify {
        /// A file of ids, one a line (`#` starts a comment) or a JSON array; `-` reads stdin
        #[arg(long, value_name = "IDS.txt|-")]
        file: PathBuf,
    },
    /// The contract's registry, market, validity and direct-issuance delay
    Config,
}

/// A certificate with its history, as `show -o json` gives it.
#[derive(Serialize)]
pub struct CertificateView {
    /// The certificate.
    #[serde(flatten)]
    pub certificate: Certificate,
    /// Its status at the latest block: `active`, `claimed` or `expired`.
    pub state: &'static str,
    /// Issuance, transfers and the claim, oldest first.
    pub history: Vec<HistoryEvent>,
}

/// What `verify -o json` gives: every answer in the order of the file, and their counts.
#[derive(Serialize)]
pub struct VerifyReport {
    /// One per id.
    pub results: Vec<Verification>,
    /// How many of each answer.
    pub counts: VerdictCounts,
}

#[derive(Serialize)]
struct Transferred {
    id: u64,
    to: String,
}

#[derive(Serialize)]
struct Claimed {
    id: u64,
    beneficiary: String,
    purpose: String,
    period_from: u64,
    period_to: u64,
}

#[derive(Serialize)]
struct IssuedUnsold {
    certificate_id: Option<u64>,
    meter_id: String,
    hour_start: u64,
    energy_wh: Option<u64>,
}

/// Certificate ids from a file's text: a JSON array of numbers, or one id a line (blank lines
/// and `#` comments skipped). A bad line is named by its number.
pub fn parse_ids(text: &str) -> Result<Vec<u64>, String> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        return serde_json::from_str(trimmed)
            .map_err(|e| format!("not a JSON array of certificate ids: {e}"));
    }
    let mut ids = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let id = line.parse().map_err(|_| {
            format!(
                "line {}: '{line}' is not a certificate id; give one id (a whole number) a line, \
                 or a JSON array",
                n + 1
            )
        })?;
        ids.push(id);
    }
    Ok(ids)
}

/// The text of `--file`: the file, or stdin for `-`.
fn read_ids(file: &PathBuf) -> anyhow::Result<Vec<u64>> {
    let text = if file.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading certificate ids from stdin")?;
        text
    } else {
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?
    };
    let ids = parse_ids(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    if ids.is_empty() {
        anyhow::bail!("{} holds no certificate ids", file.display());
    }
    Ok(ids)
}

/// Runs a `ledger park certificates` command.
pub async fn run(app: &App, cmd: CertificatesCmd) -> anyhow::Result<()> {
    let out = app.output();
    match cmd {
        CertificatesCmd::List { owner, limit } => {
            let owner = match owner {
                Some(owner) => app.address(&owner)?,
                None => app.address(&app.require_from().context(
                    "list whose certificates? give --owner <address or key>, or --from <key>",
                )?)?,
            };
            let ledger = app.ledger().await?;
            let page = ledger.park_certificates_of(&owner, limit.cap()).await?;
            let now = chain_now(&ledger.client).await?;
            render::list(out, "certificates", &page.items, page.truncated, |c| {
                certificates_table(c, now)
            })
        }
        CertificatesCmd::Show { id } => {
            let ledger = app.ledger().await?;
            let certificate = ledger.park_certificate(id).await?;
            let history = ledger.park_certificate_history(id, ALL).await?.items;
            let now = chain_now(&ledger.client).await?;
            let view = CertificateView {
                state: status(&certificate, now),
                certificate,
                history,
            };
            match out {
                Output::Json => render::json(&view),
                Output::Table => {
                    println!("{}", certificate_record(&view.certificate, now));
                    println!("{}", history_table(&view.history));
                    Ok(())
                }
            }
        }
        CertificatesCmd::MeterHour { meter, hour } => {
            let ledger = app.ledger().await?;
            let at = match hour {
                When::Now => chain_now(&ledger.client).await?,
                When::At(at) => at,
            };
            let certified = ledger.park_meter_hour(&meter, hour_of(at)).await?;
            match out {
                Output::Json => render::json(&certified),
                Output::Table => {
                    println!("{}", meter_hour_record(&certified));
                    Ok(())
                }
            }
        }
        CertificatesCmd::Verify { file } => {
            let ids = read_ids(&file)?;
            let ledger = app.ledger().await?;
            let results = ledger.park_verify(&ids).await?;
            let counts = verdict_counts(&results);
            match out {
                Output::Json => render::json(&VerifyReport { results, counts }),
                Output::Table => {
                    for r in &results {
                        println!("{}", verdict_line(r));
                    }
                    println!("{}", counts_line(&counts));
                    Ok(())
                }
            }
        }
        CertificatesCmd::Config => {
            let ledger = app.ledger().await?;
            let config = ledger.park_certificates_config().await?;
            match out {
                Output::Json => render::json(&config),
                Output::Table => {
                    println!("{}", config_record(&config));
                    Ok(())
                }
            }
        }
        CertificatesCmd::Transfer { id, to } => {
            let to = app.address(&to)?;
            let outcome = app
                .transact(async |l, s| l.park_transfer_certificate(s, id, &to).await)
                .await?;
            let action = format!("transferred certificate {id} to {to}");
            render::tx(out, &action, &outcome, Transferred { id, to })
        }
        CertificatesCmd::Claim {
            id,
            beneficiary,
            purpose,
            period_from,
            period_to,
        } => {
            let (ledger, sender) = app.ledger_and_sender().await?;
            let now = chain_now(&ledger.client).await?;
            let (from, to) = (period_from.resolve(now), period_to.resolve(now));
            let outcome = ledger
                .park_claim_certificate(&sender, id, &beneficiary, &purpose, from, to)
                .await?;
            let action = format!(
                "claimed certificate {id} for {beneficiary} ({purpose}), consumption {} to {}",
                when::datetime(from),
                when::datetime(to)
            );
            render::tx(
                out,
                &action,
                &outcome,
                Claimed {
                    id,
                    beneficiary,
                    purpose,
                    period_from: from,
                    period_to: to,
                },
            )
        }
        CertificatesCmd::IssueUnsold { meter, hour } => {
            let (ledger, sender) = app.ledger_and_sender().await?;
            let at = hour.resolve(chain_now(&ledger.client).await?);
            let hour_start = hour_of(at);
            let outcome = ledger
                .park_issue_unsold(&sender, &meter, hour_start)
                .await?;
            let certificate_id = certificate_id_of(&outcome);
            let energy_wh = outcome
                .attribute("wasm", "issued_wh")
                .and_then(|v| v.parse().ok());
            let action = format!(
                "certified {} kWh of meter {meter}'s unsold output of the hour from {} \
                 (certificate {})",
                energy_wh.map_or("?".to_string(), kwh),
                when::datetime(hour_start),
                certificate_id.map_or("?".to_string(), |id| id.to_string())
            );
            render::tx(
                out,
                &action,
                &outcome,
                IssuedUnsold {
                    certificate_id,
                    meter_id: meter,
                    hour_start,
                    energy_wh,
                },
            )
        }
    }
}
