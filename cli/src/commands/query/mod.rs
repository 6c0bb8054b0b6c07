//! `ledger query`: read the ledger, as tables or `-o json`. Lists page through the contracts'
//! results automatically up to `--limit` items.

mod emergency;

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Subcommand;
use ledger_types::admin::{self, MeterInfo, Participant, Role};
use ledger_types::bank::{BillAccount, Instalment, Payment, PrepaidResponse, TotalsResponse};
use ledger_types::meter::{Bill, MeterState, PeriodUsage};
use ledger_types::tariff::{QuoteResponse, TariffInfo, TariffVersion, UsageProfile};
use serde::Serialize;

use crate::args::{ContractArg, Limit, RegionArg, RoleArg};
use crate::context::{App, chain_now};
use crate::render::core::{
    bps, deployment_table, instalments_table, participant_record, participants_table,
    payments_table, prepaid_table, redemptions_table, totals_record,
};
use crate::render::metering::{
    MeterPlace, bills_table, daily_table, hourly_table, lines_table, meter_record, meters_table,
    period_record, readings_table, tariff_record, tariffs_table,
};
use crate::render::{self, Output};
use crate::units::{Kwh, kw, kwh, money};
use crate::when::{self, When};
use ledger_sdk::Ledger;
use ledger_sdk::words::describe_cycle;

/// `ledger query ...`
#[derive(Subcommand, Debug)]
pub enum QueryCmd {
    /// Registered participants
    Participants {
        /// Only those holding this role
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
        #[command(flatten)]
        limit: Limit,
    },
    /// One participant
    Participant {
        /// The participant's address (or a key name)
        address: String,
    },
    /// Registered meters
    Meters {
        /// Only this owner's meters (an address or a key name)
        #[arg(long)]
        owner: Option<String>,
        #[command(flatten)]
        limit: Limit,
    },
    /// One meter: its registration and its state in its meter contract
    Meter {
        /// The meter's id
        meter_id: String,
    },
    /// A meter's verified readings
    Readings {
        /// The meter's id
        #[arg(long)]
        meter: String,
        /// Only readings whose interval starts at or after this time (`now`, unix seconds or
        /// a UTC date-time)
        #[arg(long, value_name = "WHEN")]
        from: Option<When>,
        /// Only readings whose interval starts before this time
        #[arg(long, value_name = "WHEN")]
        to: Option<When>,
        #[command(flatten)]
        limit: Limit,
    },
    /// A meter's daily energy totals
    Daily {
        /// The meter's id
        #[arg(long)]
        meter: String,
        /// First day: the day containing this time
        #[arg(long, value_name = "WHEN")]
        from: Option<When>,
        /// End: days starting before this time
        #[arg(long, value_name = "WHEN")]
        to: Option<When>,
        #[command(flatten)]
        limit: Limit,
    },
    /// A billing period's running totals and hourly profile
    Period {
        /// The meter's id
        #[arg(long)]
        meter: String,
        /// The period number [default: the current period]
        #[arg(long)]
        period: Option<u32>,
    },
    /// A meter's bills
    Bills {
        /// The meter's id
        #[arg(long)]
        meter: String,
        #[command(flatten)]
        limit: Limit,
    },
    /// One bill with its line items, instalments and payments
    Bill {
        /// The meter's id
        #[arg(long)]
        meter: String,
        /// The period billed
        #[arg(long)]
        period: u32,
    },
    /// A meter's instalments at the bank
    Instalments {
        /// The meter's id
        #[arg(long)]
        meter: String,
        #[command(flatten)]
        limit: Limit,
    },
    /// Overdue instalments of every meter, oldest due first
    Overdue {
        #[command(flatten)]
        limit: Limit,
    },
    /// Payments of a consumer, or of one bill (--meter and --period)
    Payments {
        /// The consumer (an address or a key name)
        #[arg(long, conflicts_with_all = ["meter", "period"], required_unless_present = "meter")]
        consumer: Option<String>,
        /// The bill's meter
        #[arg(long, requires = "period")]
        meter: Option<String>,
        /// The bill's period
        #[arg(long, requires = "meter")]
        period: Option<u32>,
        #[command(flatten)]
        limit: Limit,
    },
    /// Prepaid balances at the bank, or one consumer's
    Prepaid {
        /// Only this consumer (an address or a key name)
        #[arg(long)]
        consumer: Option<String>,
        #[command(flatten)]
        limit: Limit,
    },
    /// Redemption requests
    Redemptions {
        #[command(flatten)]
        limit: Limit,
    },
    /// Tariffs
    Tariffs {
        #[command(flatten)]
        limit: Limit,
        #[command(flatten)]
        region: RegionArg,
    },
    /// One tariff and the components of one of its versions
    Tariff {
        /// The tariff's id
        tariff_id: String,
        /// The version number [default: the version in force now]
        #[arg(long, conflicts_with = "at")]
        version: Option<u32>,
        /// Show the version in force at this time
        #[arg(long)]
        at: Option<When>,
        #[command(flatten)]
        region: RegionArg,
    },
    /// Price usage with a tariff: a meter's period so far, a usage file, or an energy amount
    Quote {
        /// The tariff [default: the meter's tariff with --meter]
        #[arg(long, required_unless_present = "meter")]
        tariff: Option<String>,
        /// Price this meter's period (its running totals and profile)
        #[arg(long, conflicts_with_all = ["usage", "energy_kwh"])]
        meter: Option<String>,
        /// The period of --meter [default: the current period]
        #[arg(long, requires = "meter")]
        period: Option<u32>,
        /// A UsageProfile JSON file (period_start, period_end, energy_wh, max_power_w, hourly)
        #[arg(long, value_name = "FILE", conflicts_with = "energy_kwh")]
        usage: Option<PathBuf>,
        /// Energy of the period in kWh (no hourly profile: time-of-use bands see nothing)
        #[arg(long, value_name = "KWH")]
        energy_kwh: Option<Kwh>,
        /// Highest interval power in kW, for demand charges
        #[arg(long, value_name = "KW", default_value = "0")]
        max_power_kw: Kwh,
        /// Start of the period priced (selects the tariff version) with --energy-kwh
        #[arg(long, default_value = "now")]
        at: When,
        /// Price with this regional sub-chain's tariff contract (with --meter, the meter's own
        /// chain is used)
        #[arg(long, value_name = "NAME", conflicts_with = "meter")]
        region: Option<String>,
    },
    /// The bank's running totals: minted, burned, prepaid, escrowed, paid out
    #[command(visible_alias = "bank-totals")]
    Totals,
    /// Settlement token balance of an address
    Balance {
        /// The holder (an address or a key name)
        address: String,
    },
    /// The registry: administrator, pending transfer, wiring and billing settings
    Registry,
    /// The deployment file: chain, code ids and contract addresses
    Deployment,
    /// Whether each contract is paused (every deployed contract, or one with --contract)
    PauseStatus {
        /// Only this contract
        #[arg(long, value_enum)]
        contract: Option<ContractArg>,
        /// A meter whose meter contract to include (needed with --contract meter)
        #[arg(long, value_name = "METER_ID")]
        meter: Option<String>,
    },
    /// The registry's pending time-locked operations (admin transfer, bulk role changes) and
    /// when each may take effect
    Timelocked,
}

/// Runs a `query` command.
pub async fn run(app: &App, cmd: QueryCmd) -> anyhow::Result<()> {
    let out = app.output();
    if let QueryCmd::Deployment = cmd {
        let d = app.load_deployment()?;
        return match out {
            Output::Json => render::json(&d),
            Output::Table => {
                println!("{}", deployment_table(&d));
                Ok(())
            }
        };
    }
    let ledger = app.ledger().await?;
    match cmd {
        QueryCmd::PauseStatus { contract, meter } => {
            emergency::pause_status(app, &ledger, contract, meter).await
        }
        QueryCmd::Timelocked => emergency::list_timelocked(app, &ledger).await,
        QueryCmd::Participants { role, limit } => {
            let page = ledger
                .participants(role.map(Role::from), limit.cap())
                .await?;
            render::list(out, "participants", &page.items, page.truncated, |ps| {
                participants_table(ps)
            })
        }
        QueryCmd::Participant { address } => {
            let address = app.address(&address)?;
            let p: Participant = ledger.participant(&address).await?;
            match out {
                Output::Json => render::json(&p),
                Output::Table => {
                    println!("{}", participant_record(&p));
                    Ok(())
                }
            }
        }
        QueryCmd::Meters { owner, limit } => {
            let owner = owner.map(|o| app.address(&o)).transpose()?;
            let page = ledger.meters(owner.as_deref(), limit.cap()).await?;
            render::list(out, "meters", &page.items, page.truncated, |ms| {
                meters_table(ms)
            })
        }
        QueryCmd::Meter { meter_id } => {
            let info = ledger.meter_info(&meter_id).await?;
            let chain = app.meter_chain(&ledger, &meter_id).await?;
            let state: MeterState = chain.ledger.meter_state(&chain.contract, &meter_id).await?;
            match out {
                Output::Json => render::json(&MeterView {
                    registry: &info,
                    region: chain.region.as_deref(),
                    meter_contract: &chain.contract,
                    state: &state,
                }),
                Output::Table => {
                    let place = MeterPlace {
                        region: chain.region.as_deref(),
                        contract: &chain.contract,
                    };
                    println!("{}", meter_record(&info, &place, &state));
                    Ok(())
                }
            }
        }
        QueryCmd::Readings {
            meter,
            from,
            to,
            limit,
        } => {
            let chain = app.meter_chain(&ledger, &meter).await?;
            let (ledger, contract) = (&chain.ledger, chain.contract.as_str());
            let now = needs_now(&[from, to], ledger).await?;
            let page = ledger
                .readings(
                    contract,
                    &meter,
                    from.map(|w| w.resolve(now)),
                    to.map(|w| w.resolve(now)),
                    limit.cap(),
                )
                .await?;
            render::list(out, "readings", &page.items, page.truncated, |rs| {
                readings_table(rs)
            })
        }
        QueryCmd::Daily {
            meter,
            from,
            to,
            limit,
        } => {
            let chain = app.meter_chain(&ledger, &meter).await?;
            let (ledger, contract) = (&chain.ledger, chain.contract.as_str());
            let cycle = ledger.meter_config(contract).await?.settings.cycle;
            let now = needs_now(&[from, to], ledger).await?;
            let from_day = from.and_then(|w| cycle.day_index(w.resolve(now)));
            let to_day = to.and_then(|w| {
                let t = w.resolve(now);
                // Days that start before `to`: up to and including the day containing t - 1.
                t.checked_sub(1)
                    .and_then(|t| cycle.day_index(t))
                    .map(|d| d + 1)
            });
            let page = ledger
                .daily(contract, &meter, from_day, to_day, limit.cap())
                .await?;
            render::list(out, "daily totals", &page.items, page.truncated, |ds| {
                daily_table(ds, &cycle)
            })
        }
        QueryCmd::Period { meter, period } => {
            let chain = app.meter_chain(&ledger, &meter).await?;
            let (ledger, contract) = (&chain.ledger, chain.contract.as_str());
            let usage = period_usage(ledger, contract, &meter, period).await?;
            match out {
                Output::Json => render::json(&usage),
                Output::Table => {
                    println!("{}", period_record(&meter, &usage));
                    if let Some(t) = hourly_table(&usage) {
                        println!("Hourly profile (local hours of the meter's tariff):\n{t}");
                    }
                    Ok(())
                }
            }
        }
        QueryCmd::Bills { meter, limit } => {
            let chain = app.meter_chain(&ledger, &meter).await?;
            let (ledger, contract) = (&chain.ledger, chain.contract.as_str());
            let page = ledger.bills(contract, &meter, limit.cap()).await?;
            render::list(out, "bills", &page.items, page.truncated, |bs| {
                bills_table(bs)
            })
        }
        QueryCmd::Bill { meter, period } => bill(app, &ledger, &meter, period).await,
        QueryCmd::Instalments { meter, limit } => {
            let page = ledger.instalments(&meter, limit.cap()).await?;
            render::list(out, "instalments", &page.items, page.truncated, |is| {
                instalments_table(is, false)
            })
        }
        QueryCmd::Overdue { limit } => {
            let page = ledger.overdue(limit.cap()).await?;
            render::list(
                out,
                "overdue instalments",
                &page.items,
                page.truncated,
                |is| instalments_table(is, true),
            )
        }
        QueryCmd::Payments {
            consumer,
            meter,
            period,
            limit,
        } => {
            let page = match (consumer, meter, period) {
                (Some(c), _, _) => {
                    let c = app.address(&c)?;
                    ledger.payments_by_consumer(&c, limit.cap()).await?
                }
                (None, Some(m), Some(p)) => ledger.payments_by_bill(&m, p, limit.cap()).await?,
                _ => bail!("give --consumer, or --meter with --period"),
            };
            render::list(out, "payments", &page.items, page.truncated, |ps| {
                payments_table(ps)
            })
        }
        QueryCmd::Prepaid { consumer, limit } => match consumer {
            Some(c) => {
                let consumer = app.address(&c)?;
                let p: PrepaidResponse = ledger.prepaid(&consumer).await?;
                render::list(out, "prepaid balances", &[p], false, prepaid_table)
            }
            None => {
                let page = ledger.prepaid_balances(limit.cap()).await?;
                render::list(
                    out,
                    "prepaid balances",
                    &page.items,
                    page.truncated,
                    prepaid_table,
                )
            }
        },
        QueryCmd::Redemptions { limit } => {
            let page = ledger.redemptions(limit.cap()).await?;
            render::list(
                out,
                "redemption requests",
                &page.items,
                page.truncated,
                redemptions_table,
            )
        }
        QueryCmd::Tariffs { limit, region } => {
            let ledger = in_region(&ledger, region.name()).await?;
            let page = ledger.tariffs(limit.cap()).await?;
            render::list(out, "tariffs", &page.items, page.truncated, tariffs_table)
        }
        QueryCmd::Tariff {
            tariff_id,
            version,
            at,
            region,
        } => {
            let ledger = in_region(&ledger, region.name()).await?;
            let info: TariffInfo = ledger.tariff_info(&tariff_id).await?;
            let version: TariffVersion = match version {
                Some(v) => ledger.tariff_version(&tariff_id, v).await?,
                None => {
                    let now = chain_now(&ledger.client).await?;
                    let at = at.unwrap_or(When::Now).resolve(now);
                    ledger.tariff_version_at(&tariff_id, at).await?
                }
            };
            match out {
                Output::Json => render::json(&TariffView {
                    tariff: &info,
                    version: &version,
                }),
                Output::Table => {
                    println!("{}", tariff_record(&info, &version));
                    Ok(())
                }
            }
        }
        QueryCmd::Quote {
            tariff,
            meter,
            period,
            usage,
            energy_kwh,
            max_power_kw,
            at,
            region,
        } => {
            // A meter is priced by the tariff contract of its own chain.
            let mut pricing = in_region(&ledger, region.as_deref()).await?;
            let (tariff_id, usage) = match (meter, usage, energy_kwh) {
                (Some(m), _, _) => {
                    let info = ledger.meter_info(&m).await?;
                    let chain = app.meter_chain(&ledger, &m).await?;
                    let u = period_usage(&chain.ledger, &chain.contract, &m, period).await?;
                    pricing = chain.ledger;
                    (
                        tariff.unwrap_or(info.tariff_id),
                        UsageProfile {
                            period_start: u.start,
                            period_end: u.end,
                            energy_wh: u.energy_wh,
                            max_power_w: u.max_power_w,
                            hourly: u.hourly,
                        },
                    )
                }
                (None, Some(file), _) => {
                    let text = std::fs::read_to_string(&file)
                        .with_context(|| format!("cannot read {}", file.display()))?;
                    let usage: UsageProfile = serde_json::from_str(&text)
                        .with_context(|| format!("{} is not a usage profile", file.display()))?;
                    (tariff.unwrap_or_default(), usage)
                }
                (None, None, Some(energy)) => {
                    let now = chain_now(&ledger.client).await?;
                    let start = at.resolve(now);
                    (
                        tariff.unwrap_or_default(),
                        UsageProfile {
                            period_start: start,
                            period_end: start,
                            energy_wh: energy.0,
                            max_power_w: max_power_kw.0,
                            hourly: Vec::new(),
                        },
                    )
                }
                (None, None, None) => bail!("say what to price: --meter, --usage or --energy-kwh"),
            };
            let quote: QuoteResponse = pricing.quote(&tariff_id, usage).await?;
            match out {
                Output::Json => render::json(&quote),
                Output::Table => {
                    println!(
                        "Quote with tariff {} version {}:\n{}",
                        quote.tariff_id,
                        quote.version,
                        lines_table(&quote.lines, quote.subtotal, quote.tax, quote.total)
                    );
                    Ok(())
                }
            }
        }
        QueryCmd::Totals => {
            let t: TotalsResponse = ledger.bank_totals().await?;
            match out {
                Output::Json => render::json(&t),
                Output::Table => {
                    println!("{}", totals_record(&t));
                    Ok(())
                }
            }
        }
        QueryCmd::Balance { address } => {
            let address = app.address(&address)?;
            let balance = ledger.token_balance(&address).await?;
            #[derive(Serialize)]
            struct BalanceView<'a> {
                address: &'a str,
                balance: cosmwasm_std::Uint128,
            }
            match out {
                Output::Json => render::json(&BalanceView {
                    address: &address,
                    balance,
                }),
                Output::Table => {
                    println!(
                        "{}",
                        render::record(vec![
                            ("address", address.clone()),
                            ("token balance", money(balance)),
                        ])
                    );
                    Ok(())
                }
            }
        }
        QueryCmd::Registry => {
            let config: admin::ConfigResponse = ledger.registry_config().await?;
            let adm: admin::AdminResponse = ledger.registry_admin().await?;
            #[derive(Serialize)]
            struct RegistryView<'a> {
                admin: &'a admin::AdminResponse,
                config: &'a admin::ConfigResponse,
            }
            match out {
                Output::Json => render::json(&RegistryView {
                    admin: &adm,
                    config: &config,
                }),
                Output::Table => {
                    let s = &config.meter_settings;
                    let advances = s
                        .schedule
                        .advances
                        .iter()
                        .map(|a| format!("{}% on day {}", bps(a.bps), a.day))
                        .collect::<Vec<_>>()
                        .join(", ");
                    println!(
                        "{}",
                        render::record(vec![
                            ("administrator", adm.admin.to_string()),
                            (
                                "pending administrator",
                                adm.pending.map(|a| a.to_string()).unwrap_or_default()
                            ),
                            (
                                "pending transfer effective at",
                                adm.pending_effective_at
                                    .map(crate::when::datetime)
                                    .unwrap_or_default()
                            ),
                            ("meter code id", config.meter_code_id.to_string()),
                            ("billing cycle", describe_cycle(&s.cycle)),
                            (
                                "advances",
                                if advances.is_empty() {
                                    "none".into()
                                } else {
                                    advances
                                }
                            ),
                            (
                                "final instalment",
                                format!("day {} of the next period", s.schedule.final_day)
                            ),
                            (
                                "tariff contract",
                                config.tariff.map(|a| a.to_string()).unwrap_or_default()
                            ),
                            (
                                "bank contract",
                                config.bank.map(|a| a.to_string()).unwrap_or_default()
                            ),
                        ])
                    );
                    Ok(())
                }
            }
        }
        QueryCmd::Deployment => unreachable!("handled above"),
    }
}

/// `ledger` itself, or with `region` the ledger of that regional sub-chain.
async fn in_region(ledger: &Ledger, region: Option<&str>) -> anyhow::Result<Ledger> {
    match region {
        Some(region) => Ok(ledger.in_region(region).await?),
        None => Ok(ledger.clone()),
    }
}

/// The chain's time if any of `whens` is `now` (else 0, unused).
async fn needs_now(whens: &[Option<When>], ledger: &Ledger) -> anyhow::Result<u64> {
    if whens.iter().any(|w| *w == Some(When::Now)) {
        chain_now(&ledger.client).await
    } else {
        Ok(0)
    }
}

/// A bill with what the bank knows about it.
#[derive(Serialize)]
pub struct BillView {
    /// The bill as the meter contract recorded it.
    pub bill: Bill,
    /// Its account at the bank.
    pub account: Option<BillAccount>,
    /// The period's instalments.
    pub instalments: Vec<Instalment>,
    /// Payments made towards it.
    pub payments: Vec<Payment>,
}

/// A meter's usage in `period`, or in the period open at the chain's time now.
async fn period_usage(
    ledger: &Ledger,
    contract: &str,
    meter_id: &str,
    period: Option<u32>,
) -> anyhow::Result<PeriodUsage> {
    let period = match period {
        Some(p) => p,
        None => {
            let now = chain_now(&ledger.client).await?;
            ledger.period_at(contract, now).await?.period
        }
    };
    Ok(ledger.period_totals(contract, meter_id, period).await?)
}

/// A bill from the meter's contract (in its region for a regional meter) with what the main
/// chain's bank knows of it.
async fn bill(app: &App, ledger: &Ledger, meter_id: &str, period: u32) -> anyhow::Result<()> {
    let out = app.output();
    let chain = app.meter_chain(ledger, meter_id).await?;
    let bill: Bill = chain.ledger.bill(&chain.contract, meter_id, period).await?;
    let account: Option<BillAccount> = ledger.bill_account(meter_id, period).await.ok();
    let mut instalments = ledger.instalments(meter_id, 10_000).await?.items;
    instalments.retain(|i| i.period == period);
    let payments = ledger
        .payments_by_bill(meter_id, period, 10_000)
        .await?
        .items;
    let view = BillView {
        bill,
        account,
        instalments,
        payments,
    };
    match out {
        Output::Json => render::json(&view),
        Output::Table => {
            let b = &view.bill;
            let mut fields = vec![
                ("meter", b.meter_id.clone()),
                ("period", b.period.to_string()),
                (
                    "from / to",
                    format!(
                        "{} / {}",
                        when::datetime(b.period_start),
                        when::datetime(b.period_end)
                    ),
                ),
            ];
            // A meter registered or retired during the period is billed for part of it.
            let partial = (b.billed_from, b.billed_to) != (b.period_start, b.period_end);
            if partial && b.billed_to > 0 {
                fields.push((
                    "billed from / to",
                    format!(
                        "{} / {}",
                        when::datetime(b.billed_from),
                        when::datetime(b.billed_to)
                    ),
                ));
            }
            fields.push(("energy", format!("{} kWh", kwh(b.energy_wh))));
            if b.late_energy_wh > 0 {
                fields.push((
                    "late energy",
                    format!("{} kWh (of periods already closed)", kwh(b.late_energy_wh)),
                ));
            }
            fields.extend([
                ("highest power", format!("{} kW", kw(b.max_power_w))),
                (
                    "tariff",
                    format!("{} version {}", b.tariff_id, b.tariff_version),
                ),
                ("closed at", when::datetime(b.closed_at)),
            ]);
            println!("{}", render::record(fields));
            println!("{}", lines_table(&b.lines, b.subtotal, b.tax, b.total));
            if !view.instalments.is_empty() {
                println!(
                    "Instalments:\n{}",
                    instalments_table(&view.instalments, false)
                );
            }
            if !view.payments.is_empty() {
                println!("Payments:\n{}", payments_table(&view.payments));
            }
            Ok(())
        }
    }
}

#[derive(Serialize)]
struct MeterView<'a> {
    registry: &'a MeterInfo,
    /// The regional sub-chain holding the meter contract (absent on the main chain).
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<&'a str>,
    /// The meter contract, on the main chain or in the region.
    meter_contract: &'a str,
    state: &'a MeterState,
}

#[derive(Serialize)]
struct TariffView<'a> {
    tariff: &'a TariffInfo,
    version: &'a TariffVersion,
}
