//! `ledger deploy`: stores every contract, instantiates and wires them, and writes the
//! deployment file every other command reads.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use ledger_sdk::deploy::{
    Artifacts, DEFAULT_PARK_CERTIFICATE_VALIDITY_SECONDS, DEFAULT_PARK_MAX_ORDERS_PER_SLOT,
    DEFAULT_PARK_SCHEDULE, DeployPlan, DeploySettings, DraftSettings, TokenSettings,
    certificate_settings_problem, default_direct_issuance_delay,
};
use ledger_types::admin;
use ledger_types::billing::{AdvanceRule, BillingCycle, MeterSettings, PaymentSchedule};
use ledger_types::cloud;
use ledger_types::draft;
use ledger_types::park;

use crate::context::{App, chain_now};
use crate::render::progress::Progress;
use crate::render::{self, Output};
use crate::when::When;

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
    /// settlement_token.wasm, draft.wasm, loan_share.wasm, cloud_federation.wasm,
    /// park_market.wasm, park_certificates.wasm, park_footprints.wasm and park_credits.wasm
    /// (`make wasm` builds them)
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

    /// The cloud federation's shortest lease, seconds (10 s to 30 days; an hour unless a test
    /// network wants leases that end within minutes)
    #[arg(long, default_value_t = cloud::DEFAULT_MIN_HOLDING_SECONDS)]
    pub cloud_min_holding_seconds: u64,

    /// The least time a cloud lease's escrow must pay for at its price, seconds (10 s to 30
    /// days)
    #[arg(long, default_value_t = cloud::DEFAULT_MIN_PREPAID_SECONDS)]
    pub cloud_min_prepaid_seconds: u64,

    /// Length of a park-market slot, seconds: 60 to 3600, dividing an hour (quarter hours
    /// unless a test network wants slots that pass within minutes)
    #[arg(long, default_value_t = DEFAULT_PARK_SCHEDULE.slot_seconds)]
    pub park_slot_seconds: u64,

    /// Start of park-market slot 0, unix seconds: a multiple of the slot length (the epoch,
    /// 0, is a multiple of every one, so slots line up with clock hours)
    #[arg(long, default_value_t = DEFAULT_PARK_SCHEDULE.origin)]
    pub park_origin: u64,

    /// How long before a park-market slot starts its gate closes, seconds: no orders after
    #[arg(long, default_value_t = DEFAULT_PARK_SCHEDULE.gate_closure_seconds)]
    pub park_gate_closure_seconds: u64,

    /// How long after a park-market slot ends its offers may be settled, seconds: the time
    /// the generation meters' readings of the slot have to arrive
    #[arg(long, default_value_t = DEFAULT_PARK_SCHEDULE.settlement_delay_seconds)]
    pub park_settlement_delay_seconds: u64,

    /// Most orders (offers and bids together) one park-market slot takes (2 to 500)
    #[arg(long, default_value_t = DEFAULT_PARK_MAX_ORDERS_PER_SLOT)]
    pub park_max_orders_per_slot: u32,

    /// How long a park green certificate stays valid after the end of its generation hour,
    /// days (1 to 1825); an expired certificate can be neither transferred nor claimed
    #[arg(long, default_value_t = DEFAULT_PARK_CERTIFICATE_VALIDITY_SECONDS / 86_400)]
    pub park_certificate_validity_days: u64,

    /// How long after an hour ends a generator may certify its unsold output of it, seconds
    /// (at most a week); by default the market's settlement delay plus one slot, so that the
    /// hour's trades are certified first
    #[arg(long, value_name = "SECONDS")]
    pub park_certificate_issuance_delay_seconds: Option<u64>,

    /// Prefix of the contracts' on-chain labels
    #[arg(long, default_value = "ledger")]
    pub label: String,

    /// Replace an existing deployment file
    #[arg(long)]
    pub force: bool,
}

impl DeployArgs {
    /// What the deployment plan instantiates the contracts with.
    pub fn deploy_settings(&self, meter_settings: MeterSettings) -> DeploySettings {
        DeploySettings {
            admin: None,
            meter_settings,
            timelock_delay_seconds: self.timelock_delay_seconds,
            token: TokenSettings {
                name: self.token_name.clone(),
                symbol: self.token_symbol.clone(),
                decimals: self.token_decimals,
            },
            draft: DraftSettings {
                fund_token: self.draft_fund_token.clone(),
                approval_levels: self.draft_approval_levels.clone(),
                veto_window_seconds: self.draft_veto_window_seconds,
            },
            loan_token: TokenSettings {
                name: self.loan_token_name.clone(),
                symbol: self.loan_token_symbol.clone(),
                decimals: self.loan_token_decimals,
            },
            cloud_minimums: cloud::Minimums {
                holding_seconds: self.cloud_min_holding_seconds,
                prepaid_seconds: self.cloud_min_prepaid_seconds,
            },
            park_schedule: self.park_schedule(),
            park_max_orders_per_slot: self.park_max_orders_per_slot,
            park_certificate_validity_seconds: self
                .park_certificate_validity_days
                .saturating_mul(86_400),
            park_certificate_issuance_delay_seconds: self.park_certificate_issuance_delay_seconds,
            label: self.label.clone(),
        }
    }

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

    /// The park market's schedule these flags describe.
    pub fn park_schedule(&self) -> park::SlotSchedule {
        park::SlotSchedule {
            origin: self.park_origin,
            slot_seconds: self.park_slot_seconds,
            gate_closure_seconds: self.park_gate_closure_seconds,
            settlement_delay_seconds: self.park_settlement_delay_seconds,
        }
    }

    /// Checks the park-market flags before anything is stored: the market's own rules, and
    /// that slots tile the hour from an origin on a slot boundary, so that a slot never
    /// straddles two hours (the hourly green certificates count energy per hour).
    pub fn check_park_settings(&self) -> anyhow::Result<()> {
        let schedule = self.park_schedule();
        // The schedule's own rules (slots dividing an hour, origin a multiple of the slot).
        if let Some(problem) = schedule.problem() {
            bail!("--park-slot-seconds and the other --park-* flags: {problem}");
        }
        if !(2..=500).contains(&self.park_max_orders_per_slot) {
            bail!(
                "--park-max-orders-per-slot: give 2 to 500 (not {})",
                self.park_max_orders_per_slot
            );
        }
        if !(1..=5 * 365).contains(&self.park_certificate_validity_days) {
            bail!(
                "--park-certificate-validity-days: give 1 to 1825 days (five years), not {}",
                self.park_certificate_validity_days
            );
        }
        let delay = self
            .park_certificate_issuance_delay_seconds
            .unwrap_or_else(|| default_direct_issuance_delay(&schedule));
        if let Some(problem) = certificate_settings_problem(
            self.park_certificate_validity_days.saturating_mul(86_400),
            delay,
        ) {
            bail!("--park-certificate-issuance-delay-seconds: {problem}");
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
pub fn read_artifacts(dir: &Path) -> anyhow::Result<Artifacts> {
    Artifacts::read(dir).map_err(|e| match e {
        ledger_sdk::Error::MissingArtifacts { .. } => {
            anyhow::anyhow!("{e} or pass --artifacts <dir>")
        }
        other => other.into(),
    })
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
    args.check_park_settings()?;
    let artifacts = read_artifacts(&args.artifacts)?;
    let from = app.require_from()?;
    let client = app.connect(None).await?;
    let now = chain_now(&client).await?;
    let settings = args.meter_settings(now)?;
    let signer = app.signer(&from)?;
    let sender = app.sender(client.clone(), signer);

    let plan = DeployPlan::new(artifacts)
        .settings(args.deploy_settings(settings))
        .write_to(&path);
    let mut progress = Progress::new(plan.steps() as u64);
    let deployment = match plan.run(&sender, &mut progress).await {
        Ok(d) => d,
        Err(e) => {
            progress.fail();
            return Err(e.into());
        }
    };
    progress.finish();

    match app.output() {
        Output::Json => render::json(&deployment)?,
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

use crate::render::core::deployment_table;
pub use ledger_sdk::words::describe_cycle;

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
                 loan_share.wasm, cloud_federation.wasm, park_market.wasm, \
                 park_certificates.wasm, park_footprints.wasm, park_credits.wasm"
            ),
            "{err}"
        );
        assert!(err.contains("make wasm"), "{err}");
    }
}
