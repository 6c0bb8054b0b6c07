//! `ledger query`: read the ledger, as tables or `-o json`. Lists page through the contracts'
//! results automatically up to `--limit` items.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use comfy_table::Table;
use ledger_types::admin::{self, MeterInfo, Participant, Role};
use ledger_types::bank::{
    self, BillAccount, Instalment, InstalmentKind, InstalmentStatus, Payment, PaymentSource,
    PrepaidResponse, Redemption, RedemptionStatus, TotalsResponse,
};
use ledger_types::billing::BillingCycle;
use ledger_types::meter::{
    self, Bill, DailyTotal, MeterState, PeriodInfo, PeriodUsage, StoredReading,
};
use ledger_types::tariff::{
    self, LineItem, QuoteResponse, TariffComponents, TariffInfo, TariffVersion, UsageProfile,
};
use serde::Serialize;

use crate::commands::core::admin::{RoleArg, role_list};
use crate::commands::core::deploy::{deployment_table, describe_cycle};
use crate::context::{App, chain_now};
use crate::render::{self, Output, num};
use crate::units::{self, Kwh, kw, kwh, money};
use crate::when::{self, When};
use ledger_sdk::Ledger;

/// `--limit`: a cap on how many items a list query reads.
#[derive(Args, Clone, Copy, Debug)]
pub struct Limit {
    /// Most items to read; pages of up to 100 are fetched until then
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
}

impl Limit {
    /// The cap as a count.
    pub fn cap(self) -> usize {
        self.limit as usize
    }
}

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
        contract: Option<crate::commands::core::admin::emergency::ContractArg>,
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
            crate::commands::core::admin::emergency::pause_status(app, &ledger, contract, meter)
                .await
        }
        QueryCmd::Timelocked => {
            crate::commands::core::admin::emergency::list_timelocked(app, &ledger).await
        }
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
            let p: Participant = ledger
                .admin(&admin::QueryMsg::Participant { address })
                .await?;
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
            let state: MeterState = ledger
                .query(
                    info.contract.as_str(),
                    &meter::QueryMsg::Meter {
                        meter_id: meter_id.clone(),
                    },
                )
                .await?;
            match out {
                Output::Json => render::json(&MeterView {
                    registry: &info,
                    state: &state,
                }),
                Output::Table => {
                    println!("{}", meter_record(&info, &state));
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
            let contract = ledger.meter_contract(&meter).await?;
            let now = needs_now(&[from, to], &ledger).await?;
            let page = ledger
                .readings(
                    &contract,
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
            let contract = ledger.meter_contract(&meter).await?;
            let cycle = ledger.meter_config(&contract).await?.settings.cycle;
            let now = needs_now(&[from, to], &ledger).await?;
            let from_day = from.and_then(|w| cycle.day_index(w.resolve(now)));
            let to_day = to.and_then(|w| {
                let t = w.resolve(now);
                // Days that start before `to`: up to and including the day containing t - 1.
                t.checked_sub(1)
                    .and_then(|t| cycle.day_index(t))
                    .map(|d| d + 1)
            });
            let page = ledger
                .daily(&contract, &meter, from_day, to_day, limit.cap())
                .await?;
            render::list(out, "daily totals", &page.items, page.truncated, |ds| {
                daily_table(ds, &cycle)
            })
        }
        QueryCmd::Period { meter, period } => {
            let contract = ledger.meter_contract(&meter).await?;
            let period = match period {
                Some(p) => p,
                None => {
                    let now = chain_now(&ledger.client).await?;
                    let info: PeriodInfo = ledger
                        .query(&contract, &meter::QueryMsg::PeriodAt { at: now })
                        .await?;
                    info.period
                }
            };
            let usage: PeriodUsage = ledger
                .query(
                    &contract,
                    &meter::QueryMsg::PeriodTotals {
                        meter_id: meter.clone(),
                        period,
                    },
                )
                .await?;
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
            let contract = ledger.meter_contract(&meter).await?;
            let page = ledger.bills(&contract, &meter, limit.cap()).await?;
            render::list(out, "bills", &page.items, page.truncated, |bs| {
                bills_table(bs)
            })
        }
        QueryCmd::Bill { meter, period } => bill(&ledger, out, &meter, period).await,
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
                let p: PrepaidResponse = ledger.bank(&bank::QueryMsg::Prepaid { consumer }).await?;
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
        QueryCmd::Tariffs { limit } => {
            let page = ledger.tariffs(limit.cap()).await?;
            render::list(out, "tariffs", &page.items, page.truncated, tariffs_table)
        }
        QueryCmd::Tariff {
            tariff_id,
            version,
            at,
        } => {
            let info: TariffInfo = ledger
                .tariff(&tariff::QueryMsg::Tariff {
                    tariff_id: tariff_id.clone(),
                })
                .await?;
            let version: TariffVersion = match version {
                Some(v) => {
                    ledger
                        .tariff(&tariff::QueryMsg::Version {
                            tariff_id: tariff_id.clone(),
                            version: v,
                        })
                        .await?
                }
                None => {
                    let now = chain_now(&ledger.client).await?;
                    let at = at.unwrap_or(When::Now).resolve(now);
                    ledger
                        .tariff(&tariff::QueryMsg::VersionAt {
                            tariff_id: tariff_id.clone(),
                            at,
                        })
                        .await?
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
        } => {
            let (tariff_id, usage) = match (meter, usage, energy_kwh) {
                (Some(m), _, _) => {
                    let info = ledger.meter_info(&m).await?;
                    let contract = info.contract.to_string();
                    let period = match period {
                        Some(p) => p,
                        None => {
                            let now = chain_now(&ledger.client).await?;
                            let p: PeriodInfo = ledger
                                .query(&contract, &meter::QueryMsg::PeriodAt { at: now })
                                .await?;
                            p.period
                        }
                    };
                    let u: PeriodUsage = ledger
                        .query(
                            &contract,
                            &meter::QueryMsg::PeriodTotals {
                                meter_id: m.clone(),
                                period,
                            },
                        )
                        .await?;
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
            let quote: QuoteResponse = ledger
                .tariff(&tariff::QueryMsg::Quote { tariff_id, usage })
                .await?;
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
            let t: TotalsResponse = ledger.bank(&bank::QueryMsg::Totals {}).await?;
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
            let config: admin::ConfigResponse = ledger.admin(&admin::QueryMsg::Config {}).await?;
            let adm: admin::AdminResponse = ledger.admin(&admin::QueryMsg::Admin {}).await?;
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

async fn bill(ledger: &Ledger, out: Output, meter_id: &str, period: u32) -> anyhow::Result<()> {
    let contract = ledger.meter_contract(meter_id).await?;
    let bill: Bill = ledger
        .query(
            &contract,
            &meter::QueryMsg::Bill {
                meter_id: meter_id.to_string(),
                period,
            },
        )
        .await?;
    let account: Option<BillAccount> = ledger
        .bank(&bank::QueryMsg::BillAccount {
            meter_id: meter_id.to_string(),
            period,
        })
        .await
        .ok();
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
    state: &'a MeterState,
}

#[derive(Serialize)]
struct TariffView<'a> {
    tariff: &'a TariffInfo,
    version: &'a TariffVersion,
}

/// Basis points as a percentage: `3000` is `30`, `1250` is `12.5`.
pub fn bps(b: u16) -> String {
    if b % 100 == 0 {
        (b / 100).to_string()
    } else {
        format!("{}.{:02}", b / 100, b % 100)
            .trim_end_matches('0')
            .to_string()
    }
}

/// An instalment's kind in words.
pub fn instalment_kind(kind: &InstalmentKind) -> String {
    match kind {
        InstalmentKind::Advance { number } => format!("advance {number}"),
        InstalmentKind::Final => "final".to_string(),
    }
}

/// An instalment's status in words.
pub fn instalment_status(status: &InstalmentStatus) -> &'static str {
    match status {
        InstalmentStatus::Open => "open",
        InstalmentStatus::Overdue => "overdue",
        InstalmentStatus::Paid => "paid",
        InstalmentStatus::Superseded => "superseded",
    }
}

fn payment_source(source: &PaymentSource) -> &'static str {
    match source {
        PaymentSource::Automatic => "automatic (settle)",
        PaymentSource::Operator => "bank operator",
        PaymentSource::Credit => "credit",
    }
}

fn participants_table(ps: &[Participant]) -> Table {
    let mut t = render::table([
        "address",
        "name",
        "roles",
        "status",
        "blacklisted",
        "meter contract",
    ]);
    for p in ps {
        t.add_row(vec![
            p.address.to_string(),
            p.name.clone(),
            role_list(&p.roles),
            p.status.as_str().to_string(),
            p.blacklisted.clone().unwrap_or_else(|| "no".into()),
            p.meter_contract
                .as_ref()
                .map(|a| a.to_string())
                .unwrap_or_default(),
        ]);
    }
    t
}

fn participant_record(p: &Participant) -> Table {
    render::record(vec![
        ("address", p.address.to_string()),
        ("name", p.name.clone()),
        ("roles", role_list(&p.roles)),
        ("status", p.status.as_str().to_string()),
        (
            "blacklisted",
            p.blacklisted
                .as_ref()
                .map(|r| format!("yes: {r}"))
                .unwrap_or_else(|| "no".into()),
        ),
        (
            "meter contract",
            p.meter_contract
                .as_ref()
                .map(|a| a.to_string())
                .unwrap_or_else(|| "none yet".into()),
        ),
        ("registered", when::datetime(p.registered_at)),
    ])
}

fn meters_table(ms: &[MeterInfo]) -> Table {
    let mut t = render::table([
        "meter",
        "owner",
        "retailer",
        "tariff",
        "status",
        "meter contract",
    ]);
    for m in ms {
        t.add_row(vec![
            m.meter_id.clone(),
            m.owner.to_string(),
            m.retailer.to_string(),
            m.tariff_id.clone(),
            m.status.as_str().to_string(),
            m.contract.to_string(),
        ]);
    }
    t
}

fn meter_record(m: &MeterInfo, s: &MeterState) -> Table {
    render::record(vec![
        ("meter", m.meter_id.clone()),
        ("owner", m.owner.to_string()),
        ("retailer", m.retailer.to_string()),
        ("status", m.status.as_str().to_string()),
        (
            "tariff",
            format!(
                "{} (hours in {})",
                m.tariff_id,
                when::offset(s.tariff_utc_offset_minutes)
            ),
        ),
        ("public key", hex::encode(m.pubkey.as_slice())),
        ("meter contract", m.contract.to_string()),
        ("registered", when::datetime(m.registered_at)),
        ("readings", s.readings.to_string()),
        ("last sequence", s.last_sequence.to_string()),
        ("last interval end", when::datetime(s.last_interval_end)),
        ("register", format!("{} kWh", kwh(s.register_wh))),
        (
            "contracted monthly amount",
            money(s.contracted_monthly_amount),
        ),
        ("next period to close", s.next_period_to_close.to_string()),
    ])
}

fn readings_table(rs: &[StoredReading]) -> Table {
    let mut t = render::table([
        "sequence",
        "interval start",
        "length (s)",
        "energy (kWh)",
        "register (kWh)",
    ]);
    for r in rs {
        t.add_row(vec![
            num(r.sequence),
            comfy_table::Cell::new(when::datetime(r.interval_start)),
            num(r.interval_length),
            num(kwh(r.energy_wh)),
            num(kwh(r.register_wh)),
        ]);
    }
    t
}

fn daily_table(ds: &[DailyTotal], cycle: &BillingCycle) -> Table {
    let whole_days = cycle.day_seconds() % 86_400 == 0;
    let mut t = render::table(["day", "starts", "energy (kWh)", "readings"]);
    for d in ds {
        let starts = if whole_days {
            when::date(local_start(cycle, d.day_start))
        } else {
            when::datetime(d.day_start)
        };
        t.add_row(vec![
            num(d.day),
            comfy_table::Cell::new(starts),
            num(kwh(d.energy_wh)),
            num(d.readings),
        ]);
    }
    t
}

/// A day's start shifted into the cycle's local time, so that its date is the local date.
pub fn local_start(cycle: &BillingCycle, unix: u64) -> u64 {
    match cycle {
        BillingCycle::CalendarMonth { utc_offset_minutes } => {
            ledger_types::time::to_local(unix, *utc_offset_minutes).unwrap_or(unix)
        }
        BillingCycle::Days { .. } => unix,
    }
}

fn period_record(meter_id: &str, u: &PeriodUsage) -> Table {
    render::record(vec![
        ("meter", meter_id.to_string()),
        ("period", u.period.to_string()),
        ("starts", when::datetime(u.start)),
        ("ends", when::datetime(u.end)),
        ("energy", format!("{} kWh", kwh(u.energy_wh))),
        ("readings", u.readings.to_string()),
        (
            "highest interval power",
            format!("{} kW", kw(u.max_power_w)),
        ),
        ("closed", if u.closed { "yes" } else { "no" }.to_string()),
    ])
}

fn hourly_table(u: &PeriodUsage) -> Option<Table> {
    let mut t = render::table(["month", "hour", "weekdays (kWh)", "weekends (kWh)"]);
    let mut any = false;
    for m in &u.hourly {
        for h in 0..24 {
            let (wd, we) = (m.weekday_wh[h], m.weekend_wh[h]);
            if wd == 0 && we == 0 {
                continue;
            }
            any = true;
            t.add_row(vec![
                num(m.month),
                num(format!("{h:02}")),
                num(kwh(wd)),
                num(kwh(we)),
            ]);
        }
    }
    any.then_some(t)
}

fn bills_table(bs: &[Bill]) -> Table {
    let mut t = render::table([
        "period",
        "from",
        "to",
        "energy (kWh)",
        "max (kW)",
        "tariff",
        "subtotal",
        "tax",
        "total",
    ]);
    for b in bs {
        t.add_row(vec![
            num(b.period),
            comfy_table::Cell::new(when::datetime(b.period_start)),
            comfy_table::Cell::new(when::datetime(b.period_end)),
            num(kwh(b.energy_wh)),
            num(kw(b.max_power_w)),
            comfy_table::Cell::new(format!("{} v{}", b.tariff_id, b.tariff_version)),
            num(money(b.subtotal)),
            num(money(b.tax)),
            num(money(b.total)),
        ]);
    }
    t
}

/// A bill's (or quote's) lines with subtotal, tax and total.
pub fn lines_table(
    lines: &[LineItem],
    subtotal: cosmwasm_std::Uint128,
    tax: cosmwasm_std::Uint128,
    total: cosmwasm_std::Uint128,
) -> Table {
    let mut t = render::table(["line", "quantity", "unit price", "amount"]);
    for l in lines {
        t.add_row(vec![
            comfy_table::Cell::new(&l.description),
            num(units::line_quantity(&l.kind, l.quantity)),
            num(units::line_price(&l.kind, l.unit_price)),
            num(money(l.amount)),
        ]);
    }
    for (label, v) in [("subtotal", subtotal), ("tax", tax), ("total", total)] {
        t.add_row(vec![
            comfy_table::Cell::new(label),
            comfy_table::Cell::new(""),
            comfy_table::Cell::new(""),
            num(money(v)),
        ]);
    }
    t
}

fn instalments_table(is: &[Instalment], with_meter: bool) -> Table {
    let mut header = vec!["id"];
    if with_meter {
        header.extend(["meter", "consumer"]);
    }
    header.extend(["period", "instalment", "due", "amount", "paid", "status"]);
    let mut t = render::table(header);
    for i in is {
        let mut row = vec![num(i.id)];
        if with_meter {
            row.push(comfy_table::Cell::new(&i.meter_id));
            row.push(comfy_table::Cell::new(i.consumer.as_str()));
        }
        row.extend([
            num(i.period),
            comfy_table::Cell::new(instalment_kind(&i.kind)),
            comfy_table::Cell::new(when::datetime(i.due)),
            num(money(i.amount)),
            num(money(i.paid)),
            comfy_table::Cell::new(instalment_status(&i.status)),
        ]);
        t.add_row(row);
    }
    t
}

fn payments_table(ps: &[Payment]) -> Table {
    let mut t = render::table([
        "id",
        "instalment",
        "meter",
        "period",
        "consumer",
        "amount",
        "source",
        "at",
    ]);
    for p in ps {
        t.add_row(vec![
            num(p.id),
            num(p.instalment_id),
            comfy_table::Cell::new(&p.meter_id),
            num(p.period),
            comfy_table::Cell::new(p.consumer.as_str()),
            num(money(p.amount)),
            comfy_table::Cell::new(payment_source(&p.source)),
            comfy_table::Cell::new(when::datetime(p.at)),
        ]);
    }
    t
}

fn prepaid_table(ps: &[PrepaidResponse]) -> Table {
    let mut t = render::table(["consumer", "prepaid balance"]);
    for p in ps {
        t.add_row(vec![
            comfy_table::Cell::new(p.consumer.as_str()),
            num(money(p.balance)),
        ]);
    }
    t
}

fn redemptions_table(rs: &[Redemption]) -> Table {
    let mut t = render::table([
        "id",
        "holder",
        "amount",
        "payout account",
        "status",
        "payout reference",
        "requested",
    ]);
    for r in rs {
        t.add_row(vec![
            num(r.id),
            comfy_table::Cell::new(r.holder.as_str()),
            num(money(r.amount)),
            comfy_table::Cell::new(&r.payout_account),
            comfy_table::Cell::new(match r.status {
                RedemptionStatus::Requested => "requested",
                RedemptionStatus::Redeemed => "redeemed",
            }),
            comfy_table::Cell::new(r.payout_reference.clone().unwrap_or_default()),
            comfy_table::Cell::new(when::datetime(r.requested_at)),
        ]);
    }
    t
}

fn tariffs_table(ts: &[TariffInfo]) -> Table {
    let mut t = render::table(["tariff", "name", "hours in", "versions", "latest from"]);
    for ti in ts {
        t.add_row(vec![
            comfy_table::Cell::new(&ti.tariff_id),
            comfy_table::Cell::new(&ti.name),
            comfy_table::Cell::new(when::offset(ti.utc_offset_minutes)),
            num(ti.versions),
            comfy_table::Cell::new(
                ti.effective_from
                    .last()
                    .map(|t| when::datetime(*t))
                    .unwrap_or_default(),
            ),
        ]);
    }
    t
}

fn tariff_record(info: &TariffInfo, v: &TariffVersion) -> Table {
    let mut rows = vec![
        ("tariff", info.tariff_id.clone()),
        ("name", info.name.clone()),
        ("hours in", when::offset(info.utc_offset_minutes)),
        (
            "versions",
            info.effective_from
                .iter()
                .enumerate()
                .map(|(i, t)| format!("{} from {}", i + 1, when::datetime(*t)))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        (
            "shown",
            format!(
                "version {} from {}",
                v.version,
                when::datetime(v.effective_from)
            ),
        ),
    ];
    rows.extend(components_rows(&v.components));
    render::record(rows)
}

/// A version's components in words, one row per component.
pub fn components_rows(c: &TariffComponents) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    if let Some(f) = c.fixed_charge {
        rows.push(("fixed charge", format!("{} per period", money(f))));
    }
    if let Some(r) = c.flat_rate {
        rows.push(("flat rate", format!("{}/kWh", units::price_per_kwh(r))));
    }
    if let Some(tiers) = &c.tiers {
        let mut from = 0;
        let text = tiers
            .iter()
            .map(|t| {
                let range = match t.up_to_wh {
                    Some(up) => format!("{} to {} kWh", kwh(from), kwh(up)),
                    None => format!("above {} kWh", kwh(from)),
                };
                from = t.up_to_wh.unwrap_or(from);
                format!("{range}: {}/kWh", units::price_per_kwh(t.price_per_mwh))
            })
            .collect::<Vec<_>>()
            .join("\n");
        rows.push(("tiers", text));
    }
    if let Some(tou) = &c.time_of_use {
        let text = tou
            .band_names
            .iter()
            .zip(&tou.band_prices)
            .map(|(n, p)| format!("{n}: {}/kWh", units::price_per_kwh(*p)))
            .collect::<Vec<_>>()
            .join("\n");
        rows.push(("time-of-use bands", text));
    }
    if let Some(d) = c.demand_charge_per_kw {
        rows.push((
            "demand charge",
            format!("{}/kW of the highest power", money(d)),
        ));
    }
    if let Some(m) = c.minimum_charge {
        rows.push(("minimum charge", format!("{} per period", money(m))));
    }
    if let Some(t) = c.tax_bps {
        rows.push(("tax", format!("{}%", bps(t))));
    }
    rows
}

fn totals_record(t: &TotalsResponse) -> Table {
    render::record(vec![
        ("minted", money(t.minted)),
        ("burned", money(t.burned)),
        ("in circulation", money(t.minted.saturating_sub(t.burned))),
        ("prepaid balances", money(t.prepaid)),
        ("escrowed for redemption", money(t.escrowed)),
        ("paid to retailers", money(t.paid_out)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basis_points_read_as_percentages() {
        assert_eq!(bps(3000), "30");
        assert_eq!(bps(1250), "12.5");
        assert_eq!(bps(5), "0.05");
        assert_eq!(bps(2000), "20");
    }
}
