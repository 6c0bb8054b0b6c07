//! `ledger deploy`: stores every contract, instantiates and wires them, and writes the
//! deployment file every other command reads.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use ledger_client::{CodeIds, Contracts, Deployment};
use ledger_types::admin;
use ledger_types::bank;
use ledger_types::billing::{AdvanceRule, BillingCycle, MeterSettings, PaymentSchedule};
use ledger_types::draft;
use ledger_types::loan_share;
use ledger_types::tariff;

use crate::context::{App, chain_now};
use crate::output::{self, Output};
use crate::when::{self, When};

/// The artifacts `deploy` stores, by file name, in upload order.
pub const ARTIFACTS: [&str; 7] = [
    "admin.wasm",
    "meter.wasm",
    "tariff.wasm",
    "bank.wasm",
    "settlement_token.wasm",
    "draft.wasm",
    "loan_share.wasm",
];

/// The draft contract's approval levels unless `--draft-approval-levels` says otherwise.
pub const DEFAULT_DRAFT_APPROVAL_LEVELS: &str = "county-finance,provincial-office";

/// How time is cut into billing periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CycleKind {
    /// Calendar months counted in --utc-offset-minutes.
    Month,
    /// Periods of --days days of --day-seconds seconds from --origin.
    Days,
}

/// An advance rule written `BPS@DAY`, e.g. `3000@10` (30% of the estimate due on day 10).
#[derive(Clone, Debug, PartialEq)]
pub struct AdvanceArg(pub AdvanceRule);

impl FromStr for AdvanceArg {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad =
            || format!("'{s}' is not an advance: use BPS@DAY, e.g. 3000@10 for 30% due on day 10");
        let (bps, day) = s.split_once('@').ok_or_else(bad)?;
        let bps: u16 = bps.parse().map_err(|_| bad())?;
        let day: u32 = day.parse().map_err(|_| bad())?;
        if bps == 0 || bps > 10_000 || day == 0 {
            return Err(bad());
        }
        Ok(AdvanceArg(AdvanceRule { bps, day }))
    }
}

/// `ledger deploy`
#[derive(Args, Debug)]
pub struct DeployArgs {
    /// Directory holding admin.wasm, meter.wasm, tariff.wasm, bank.wasm,
    /// settlement_token.wasm, draft.wasm and loan_share.wasm (`make wasm` builds them)
    #[arg(long, default_value = "artifacts", value_name = "DIR")]
    pub artifacts: PathBuf,

    /// How time is cut into billing periods
    #[arg(long, value_enum, default_value_t = CycleKind::Month)]
    pub cycle: CycleKind,

    /// Days per billing period (--cycle days)
    #[arg(long, default_value_t = 30)]
    pub days: u32,

    /// Seconds per day (--cycle days); demos use short days so that a period passes in minutes
    #[arg(long, default_value_t = 86_400)]
    pub day_seconds: u64,

    /// UTC offset, minutes east, in which calendar months are counted (--cycle month)
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    pub utc_offset_minutes: i32,

    /// Start of the first period (--cycle days): `now` (the latest block's time), unix
    /// seconds or a UTC date-time
    #[arg(long, default_value = "now")]
    pub origin: When,

    /// An advance: share of the period's estimate in basis points and its due day, e.g.
    /// 3000@10; repeat for several [default: 3000@10 and 4000@25]
    #[arg(long = "advance", value_name = "BPS@DAY")]
    pub advances: Vec<AdvanceArg>,

    /// No advances: each bill is paid by its final instalment alone
    #[arg(long, conflicts_with = "advances")]
    pub no_advances: bool,

    /// Day of the following period on which the final instalment falls due
    #[arg(long, default_value_t = 18)]
    pub final_day: u32,

    /// How far past the block time a reading's interval may end, seconds
    #[arg(long, default_value_t = 60)]
    pub future_tolerance_seconds: u64,

    /// Longest interval one reading may cover, seconds
    #[arg(long, default_value_t = 86_400)]
    pub max_interval_seconds: u32,

    /// Highest average power a reading may imply, watts
    #[arg(long, default_value_t = 1_000_000)]
    pub max_power_w: u64,

    /// The registry's time lock: seconds between proposing an administrator (or scheduling
    /// a bulk role change) and the earliest moment it may take effect (at most 30 days)
    #[arg(long, default_value_t = admin::DEFAULT_TIMELOCK_DELAY_SECONDS)]
    pub timelock_delay_seconds: u64,

    /// Name of the settlement token
    #[arg(long, default_value = "Ledger Euro")]
    pub token_name: String,

    /// Symbol of the settlement token (3 to 12 letters)
    #[arg(long, default_value = "LEUR")]
    pub token_symbol: String,

    /// Decimals of the settlement token; 2 makes one token base unit one minor unit (cent)
    #[arg(long, default_value_t = 2)]
    pub token_decimals: u8,

    /// The cw20 token the draft contract locks and releases [default: the bank's settlement
    /// token]
    #[arg(long, value_name = "ADDRESS")]
    pub draft_fund_token: Option<String>,

    /// The draft contract's approval levels, lowest first, comma-separated (1 to 5)
    #[arg(
        long,
        value_delimiter = ',',
        default_value = DEFAULT_DRAFT_APPROVAL_LEVELS,
        value_name = "LEVEL,..."
    )]
    pub draft_approval_levels: Vec<String>,

    /// How long after a level approves a stage a higher level may still veto it, seconds
    /// (at most a year)
    #[arg(long, default_value_t = 3 * 86_400)]
    pub draft_veto_window_seconds: u64,

    /// Name of the loan-share contract's consortium token (3 to 50 bytes)
    #[arg(long, default_value = "Consortium Yuan")]
    pub loan_token_name: String,

    /// Symbol of the consortium token (3 to 12 letters or '-')
    #[arg(long, default_value = "CSY")]
    pub loan_token_symbol: String,

    /// Decimals of the consortium token; 2 makes one token base unit one minor unit, so that
    /// one token is worth one unit of the currency
    #[arg(long, default_value_t = 2)]
    pub loan_token_decimals: u8,

    /// Prefix of the contracts' on-chain labels
    #[arg(long, default_value = "ledger")]
    pub label: String,

    /// Replace an existing deployment file
    #[arg(long)]
    pub force: bool,
}

impl DeployArgs {
    /// The meter settings these flags describe, checked; `now` resolves `--origin now`.
    pub fn meter_settings(&self, now: u64) -> anyhow::Result<MeterSettings> {
        let cycle = match self.cycle {
            CycleKind::Month => BillingCycle::CalendarMonth {
                utc_offset_minutes: self.utc_offset_minutes,
            },
            CycleKind::Days => BillingCycle::Days {
                origin: self.origin.resolve(now),
                days: self.days,
                day_seconds: self.day_seconds,
            },
        };
        let advances = if self.no_advances {
            Vec::new()
        } else if self.advances.is_empty() {
            PaymentSchedule::default().advances
        } else {
            self.advances.iter().map(|a| a.0.clone()).collect()
        };
        let settings = MeterSettings {
            cycle,
            schedule: PaymentSchedule {
                advances,
                final_day: self.final_day,
            },
            future_tolerance_seconds: self.future_tolerance_seconds,
            max_interval_seconds: self.max_interval_seconds,
            max_power_w: self.max_power_w,
        };
        settings
            .validate()
            .map_err(|p| anyhow::anyhow!("these billing settings cannot be used: {p}"))?;
        Ok(settings)
    }

    /// Checks the draft flags before anything is stored (the contract checks them again).
    pub fn check_draft_settings(&self) -> anyhow::Result<()> {
        let levels = &self.draft_approval_levels;
        if levels.is_empty() || levels.len() > draft::MAX_APPROVAL_LEVELS {
            bail!(
                "--draft-approval-levels: give 1 to {} level names, lowest first, separated by \
                 commas (e.g. {DEFAULT_DRAFT_APPROVAL_LEVELS})",
                draft::MAX_APPROVAL_LEVELS
            );
        }
        for level in levels {
            if level.trim().is_empty() || level.chars().count() > draft::MAX_SHORT_TEXT {
                bail!(
                    "--draft-approval-levels: '{level}' is not a level name (1 to {} characters)",
                    draft::MAX_SHORT_TEXT
                );
            }
        }
        if self.draft_veto_window_seconds == 0
            || self.draft_veto_window_seconds > draft::MAX_VETO_WINDOW
        {
            bail!(
                "--draft-veto-window-seconds: give 1 to {} seconds (a year)",
                draft::MAX_VETO_WINDOW
            );
        }
        if let Some(token) = &self.draft_fund_token {
            ledger_client::msgs::account_id(token).context("--draft-fund-token")?;
        }
        Ok(())
    }

    /// Checks the consortium token flags before anything is stored, with the rules the
    /// loan-share contract (and cw20-base) apply, so that a bad name fails before minutes of
    /// uploads rather than at the last instantiation.
    pub fn check_loan_settings(&self) -> anyhow::Result<()> {
        if !(3..=50).contains(&self.loan_token_name.len()) {
            bail!(
                "--loan-token-name: '{}' must be 3 to 50 bytes long",
                self.loan_token_name
            );
        }
        let symbol = &self.loan_token_symbol;
        if !(3..=12).contains(&symbol.len())
            || !symbol.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
        {
            bail!("--loan-token-symbol: '{symbol}' must be 3 to 12 letters or '-' (e.g. CSY)");
        }
        if self.loan_token_decimals > 18 {
            bail!("--loan-token-decimals: at most 18 (2 makes a base unit one cent)");
        }
        Ok(())
    }
}

/// Reads every artifact, naming all that are missing at once.
pub fn read_artifacts(dir: &Path) -> anyhow::Result<Vec<(&'static str, Vec<u8>)>> {
    let missing: Vec<&str> = ARTIFACTS
        .iter()
        .copied()
        .filter(|f| !dir.join(f).is_file())
        .collect();
    if !missing.is_empty() {
        bail!(
            "missing contract artifacts in {}: {}; build them with `make wasm` \
             (./scripts/build-wasm.sh) or pass --artifacts <dir>",
            dir.display(),
            missing.join(", ")
        );
    }
    ARTIFACTS
        .iter()
        .map(|f| {
            let path = dir.join(f);
            std::fs::read(&path)
                .with_context(|| format!("cannot read {}", path.display()))
                .map(|bytes| (*f, bytes))
        })
        .collect()
}

/// One progress bar over the steps, with a line per finished step.
struct Progress {
    bar: ProgressBar,
    started: Instant,
}

impl Progress {
    fn new(steps: u64) -> Self {
        let bar = ProgressBar::new(steps);
        bar.set_style(
            ProgressStyle::with_template("{spinner:.green} [{pos}/{len}] {wide_msg} {elapsed:>4}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress {
            bar,
            started: Instant::now(),
        }
    }

    fn begin(&mut self, what: impl Into<String>) {
        self.started = Instant::now();
        self.bar.set_message(what.into());
    }

    fn done(&self, result: impl AsRef<str>) {
        let line = format!(
            "✔ [{}/{}] {} ({:.1} s)",
            self.bar.position() + 1,
            self.bar.length().unwrap_or(0),
            result.as_ref(),
            self.started.elapsed().as_secs_f64()
        );
        self.bar.suspend(|| eprintln!("{line}"));
        self.bar.inc(1);
    }

    fn fail(&self) {
        let msg = self.bar.message();
        self.bar.abandon_with_message(format!("✘ {msg}"));
    }
}

/// Runs `ledger deploy`.
pub async fn run(app: &App, args: DeployArgs) -> anyhow::Result<()> {
    let path = app.deployment_path()?;
    if path.exists() && !args.force {
        bail!(
            "a deployment file already exists at {}: pass --force to replace it, or \
             --deployment <file> / --home <dir> to write another",
            path.display()
        );
    }
    args.check_draft_settings()?;
    args.check_loan_settings()?;
    let artifacts = read_artifacts(&args.artifacts)?;
    let from = app.require_from()?;
    let client = app.connect(None).await?;
    let now = chain_now(&client).await?;
    let settings = args.meter_settings(now)?;
    let signer = app.signer(&from)?;
    let sender = app.sender(client.clone(), signer);

    let mut progress = Progress::new(ARTIFACTS.len() as u64 + 7);
    let result = deploy_steps(&sender, &mut progress, &args, artifacts, settings).await;
    let (code_ids, contracts) = match result {
        Ok(r) => r,
        Err(e) => {
            progress.fail();
            return Err(e);
        }
    };
    let config = client.config();
    let deployment = Deployment {
        chain_id: config.chain_id.clone(),
        node: config.node.clone(),
        code_ids,
        contracts,
    };
    progress.begin(format!("writing {}", path.display()));
    deployment.save(&path)?;
    progress.done(format!("wrote {}", path.display()));
    progress.bar.finish_and_clear();

    match app.output() {
        Output::Json => output::json(&deployment)?,
        Output::Table => {
            println!("{}", deployment_table(&deployment));
            println!(
                "Deployed to {} ({}). Deployment file: {}\nEvery other command reads it; \
                 try `ledger query deployment` or `ledger query participants`.",
                deployment.chain_id,
                deployment.node,
                path.display()
            );
        }
    }
    Ok(())
}

async fn deploy_steps(
    sender: &crate::context::Sender,
    progress: &mut Progress,
    args: &DeployArgs,
    artifacts: Vec<(&'static str, Vec<u8>)>,
    settings: MeterSettings,
) -> anyhow::Result<(CodeIds, Contracts)> {
    let mut ids = Vec::with_capacity(artifacts.len());
    for (file, bytes) in artifacts {
        let kib = bytes.len().div_ceil(1024);
        progress.begin(format!("storing {file} ({kib} KiB)"));
        let (code_id, _) = sender
            .store_code(bytes)
            .await
            .with_context(|| format!("storing {file} failed"))?;
        progress.done(format!("stored {file}: code id {code_id}"));
        ids.push(code_id);
    }
    let code_ids = CodeIds {
        admin: ids[0],
        meter: ids[1],
        tariff: ids[2],
        bank: ids[3],
        settlement_token: ids[4],
        draft: Some(ids[5]),
        loan_share: Some(ids[6]),
    };

    let cycle = describe_cycle(&settings.cycle);
    progress.begin("instantiating the admin contract");
    let (admin_addr, _) = sender
        .instantiate(
            code_ids.admin,
            &admin::InstantiateMsg {
                admin: None,
                meter_code_id: code_ids.meter,
                meter_settings: settings,
                timelock_delay_seconds: Some(args.timelock_delay_seconds),
            },
            &format!("{}-admin", args.label),
        )
        .await
        .context("instantiating the admin contract failed")?;
    progress.done(format!("admin contract {admin_addr} ({cycle})"));

    progress.begin("instantiating the tariff contract");
    let (tariff_addr, _) = sender
        .instantiate(
            code_ids.tariff,
            &tariff::InstantiateMsg {
                admin_contract: admin_addr.clone(),
            },
            &format!("{}-tariff", args.label),
        )
        .await
        .context("instantiating the tariff contract failed")?;
    progress.done(format!("tariff contract {tariff_addr}"));

    progress.begin("instantiating the bank contract and its settlement token");
    let (bank_addr, _) = sender
        .instantiate(
            code_ids.bank,
            &bank::InstantiateMsg {
                admin_contract: admin_addr.clone(),
                token_code_id: code_ids.settlement_token,
                token_name: args.token_name.clone(),
                token_symbol: args.token_symbol.clone(),
                token_decimals: args.token_decimals,
            },
            &format!("{}-bank", args.label),
        )
        .await
        .context("instantiating the bank contract failed")?;
    let bank_config: bank::ConfigResponse = sender
        .client()
        .query_smart(&bank_addr, &bank::QueryMsg::Config {})
        .await
        .context("asking the bank for its token failed")?;
    let token = bank_config.token.into_string();
    progress.done(format!(
        "bank contract {bank_addr}, token {} {token}",
        args.token_symbol
    ));

    let fund_token = args
        .draft_fund_token
        .clone()
        .unwrap_or_else(|| token.clone());
    progress.begin("instantiating the draft contract");
    let (draft_addr, _) = sender
        .instantiate(
            ids[5],
            &draft::InstantiateMsg {
                admin_contract: admin_addr.clone(),
                fund_token: fund_token.clone(),
                approval_levels: args.draft_approval_levels.clone(),
                veto_window_seconds: args.draft_veto_window_seconds,
            },
            &format!("{}-draft", args.label),
        )
        .await
        .context("instantiating the draft contract failed")?;
    progress.done(format!(
        "draft contract {draft_addr} (approval levels {}; veto window {} s; fund token \
         {fund_token})",
        args.draft_approval_levels.join(", "),
        args.draft_veto_window_seconds
    ));

    progress.begin("instantiating the loan-share contract and its consortium token");
    let (loan_addr, _) = sender
        .instantiate(
            ids[6],
            &loan_share::InstantiateMsg {
                admin_contract: admin_addr.clone(),
                // The consortium token is the same code as the settlement token (cw20 gated by
                // the registry); the loan-share contract instantiates it by submessage, naming
                // its registry, and is its only minter.
                token_code_id: code_ids.settlement_token,
                token_name: args.loan_token_name.clone(),
                token_symbol: args.loan_token_symbol.clone(),
                token_decimals: args.loan_token_decimals,
            },
            &format!("{}-loan-share", args.label),
        )
        .await
        .context("instantiating the loan-share contract failed")?;
    let loan_config: loan_share::ConfigResponse = sender
        .client()
        .query_smart(&loan_addr, &loan_share::QueryMsg::Config {})
        .await
        .context("asking the loan-share contract for its consortium token failed")?;
    let loan_token = loan_config.token.into_string();
    progress.done(format!(
        "loan-share contract {loan_addr}, consortium token {} {loan_token}",
        args.loan_token_symbol
    ));

    progress.begin("wiring the tariff and bank contracts into the admin contract");
    sender
        .execute(
            &admin_addr,
            &admin::ExecuteMsg::SetContracts {
                tariff: tariff_addr.clone(),
                bank: bank_addr.clone(),
            },
        )
        .await
        .context("SetContracts on the admin contract failed")?;
    progress.done("wired tariff and bank into the admin contract");

    Ok((
        code_ids,
        Contracts {
            admin: admin_addr,
            tariff: tariff_addr,
            bank: bank_addr,
            token,
            draft: Some(draft_addr),
            loan_share: Some(loan_addr),
            loan_token: Some(loan_token),
        },
    ))
}

/// A billing cycle in words.
pub fn describe_cycle(cycle: &BillingCycle) -> String {
    match cycle {
        BillingCycle::CalendarMonth { utc_offset_minutes } => {
            format!("calendar months in {}", when::offset(*utc_offset_minutes))
        }
        BillingCycle::Days {
            origin,
            days,
            day_seconds,
        } => format!(
            "periods of {days} days of {day_seconds} s from {}",
            when::datetime(*origin)
        ),
    }
}

/// The deployment as a table.
pub fn deployment_table(d: &Deployment) -> comfy_table::Table {
    output::record(vec![
        ("chain id", d.chain_id.clone()),
        ("node", d.node.clone()),
        ("admin contract", d.contracts.admin.clone()),
        ("tariff contract", d.contracts.tariff.clone()),
        ("bank contract", d.contracts.bank.clone()),
        ("settlement token", d.contracts.token.clone()),
        (
            "draft contract",
            d.contracts
                .draft
                .clone()
                .unwrap_or_else(|| "not deployed (redeploy to add it)".into()),
        ),
        (
            "loan-share contract",
            d.contracts
                .loan_share
                .clone()
                .unwrap_or_else(|| "not deployed (redeploy to add it)".into()),
        ),
        (
            "consortium token",
            d.contracts
                .loan_token
                .clone()
                .unwrap_or_else(|| "not deployed (redeploy to add it)".into()),
        ),
        (
            "code ids",
            format!(
                "admin {}, meter {}, tariff {}, bank {}, token {}{}{}",
                d.code_ids.admin,
                d.code_ids.meter,
                d.code_ids.tariff,
                d.code_ids.bank,
                d.code_ids.settlement_token,
                d.code_ids
                    .draft
                    .map(|id| format!(", draft {id}"))
                    .unwrap_or_default(),
                d.code_ids
                    .loan_share
                    .map(|id| format!(", loan-share {id}"))
                    .unwrap_or_default()
            ),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advances_parse() {
        assert_eq!(
            "3000@10".parse::<AdvanceArg>(),
            Ok(AdvanceArg(AdvanceRule { bps: 3000, day: 10 }))
        );
        for bad in ["3000", "@10", "3000@", "0@1", "10001@1", "30%@10", "3000@0"] {
            assert!(
                bad.parse::<AdvanceArg>().is_err(),
                "{bad:?} should be refused"
            );
        }
    }

    #[test]
    fn missing_artifacts_are_all_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("admin.wasm"), b"\0asm").unwrap();
        let err = read_artifacts(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains(
                "meter.wasm, tariff.wasm, bank.wasm, settlement_token.wasm, draft.wasm, \
                 loan_share.wasm"
            ),
            "{err}"
        );
        assert!(err.contains("make wasm"), "{err}");
    }
}
