//! Deployment as a plan: upload the artifacts, instantiate the contracts in order, wire them,
//! and write the deployment file. `ledger deploy`, the benchmark and the chain tests run the
//! same plan with their own settings.
//!
//! ```no_run
//! use ledger_client::{ChainConfig, Client, KeyStore};
//! use ledger_sdk::deploy::{Artifacts, DeployPlan, Quiet};
//! use ledger_sdk::Sender;
//! # async fn run() -> ledger_sdk::Result<()> {
//! let client = Client::connect(ChainConfig::localnet()).await?;
//! let key = KeyStore::open("keys", "wasm")
//!     .load("admin", "passphrase")
//!     .map_err(ledger_client::ClientError::from)?;
//! let sender = Sender::new(client, key);
//! let plan = DeployPlan::new(Artifacts::read("artifacts".as_ref())?)
//!     .write_to("deployment.json");
//! let deployment = plan.run(&sender, &mut Quiet).await?;
//! println!("registry at {}", deployment.contracts.admin);
//! # Ok(()) }
//! ```

use std::path::{Path, PathBuf};

use ledger_client::{CodeIds, Contracts, Deployment};
use ledger_types::admin::{self, DEFAULT_TIMELOCK_DELAY_SECONDS};
use ledger_types::bank;
use ledger_types::billing::MeterSettings;
use ledger_types::cloud;
use ledger_types::draft;
use ledger_types::loan_share;
use ledger_types::park;
use ledger_types::tariff;

use crate::error::{Error, Result};
use crate::sender::Sender;
use crate::words::describe_cycle;

mod region;
pub use region::{RegionPlan, RegionSettings, port_of};

/// A contract the plan stores, in upload order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    /// The admin contract (registry).
    Admin,
    /// The per-consumer meter contract (instantiated by the registry, stored here).
    Meter,
    /// The tariff contract.
    Tariff,
    /// The bank.
    Bank,
    /// The settlement token (also the code of the loan-share contract's consortium token).
    SettlementToken,
    /// The draft contract.
    Draft,
    /// The loan-share contract.
    LoanShare,
    /// The main chain's router of regional meters.
    Router,
    /// A regional sub-chain's endpoint.
    RegionEndpoint,
    /// The cloud-federation contract (leases of research clouds).
    CloudFederation,
    /// The park's energy market (slots of offers and bids, settled on generation readings).
    ParkMarket,
    /// The park's hourly green certificates (issued by the market's settlements).
    ParkCertificates,
    /// The park's product carbon footprints (PACT), which record retirements against them.
    ParkFootprints,
    /// The park's carbon-credit registry (retirements may offset a product footprint).
    ParkCredits,
}

impl Code {
    /// Every contract of a full deployment, in upload order.
    pub const ALL: [Code; 12] = [
        Code::Admin,
        Code::Meter,
        Code::Tariff,
        Code::Bank,
        Code::SettlementToken,
        Code::Draft,
        Code::LoanShare,
        Code::CloudFederation,
        Code::ParkMarket,
        Code::ParkCertificates,
        Code::ParkFootprints,
        Code::ParkCredits,
    ];

    /// The contracts a deployment adds when their artifacts are present, each instantiated
    /// in a step of its own (the certificates only beside the market, whose address they
    /// take; the credits and footprints only together, as each names the other).
    pub const OPTIONAL: [Code; 7] = [
        Code::Draft,
        Code::LoanShare,
        Code::CloudFederation,
        Code::ParkMarket,
        Code::ParkCertificates,
        Code::ParkFootprints,
        Code::ParkCredits,
    ];

    /// The contracts of a ledger without drafts, loan sharing, cloud federation and park
    /// market.
    pub const CORE: [Code; 5] = [
        Code::Admin,
        Code::Meter,
        Code::Tariff,
        Code::Bank,
        Code::SettlementToken,
    ];

    /// The contracts of a regional sub-chain ([`RegionPlan`]).
    pub const REGION: [Code; 4] = [Code::Admin, Code::Meter, Code::Tariff, Code::RegionEndpoint];

    /// The artifact's file name (`make wasm` writes `artifacts/<name>`).
    pub fn file_name(self) -> &'static str {
        match self {
            Code::Admin => "admin.wasm",
            Code::Meter => "meter.wasm",
            Code::Tariff => "tariff.wasm",
            Code::Bank => "bank.wasm",
            Code::SettlementToken => "settlement_token.wasm",
            Code::Draft => "draft.wasm",
            Code::LoanShare => "loan_share.wasm",
            Code::Router => "router.wasm",
            Code::RegionEndpoint => "region_endpoint.wasm",
            Code::CloudFederation => "cloud_federation.wasm",
            Code::ParkMarket => "park_market.wasm",
            Code::ParkCertificates => "park_certificates.wasm",
            Code::ParkFootprints => "park_footprints.wasm",
            Code::ParkCredits => "park_credits.wasm",
        }
    }
}

/// The artifacts of a deployment, read into memory.
#[derive(Clone, Debug)]
pub struct Artifacts {
    wasm: Vec<(Code, Vec<u8>)>,
}

impl Artifacts {
    /// Reads every artifact of a full deployment from `dir`, naming all that are missing at
    /// once.
    pub fn read(dir: &Path) -> Result<Self> {
        Self::read_only(dir, &Code::ALL)
    }

    /// Reads the artifacts of `codes` from `dir` (the plan deploys only what it has).
    pub fn read_only(dir: &Path, codes: &[Code]) -> Result<Self> {
        let missing: Vec<String> = codes
            .iter()
            .map(|c| c.file_name())
            .filter(|f| !dir.join(f).is_file())
            .map(str::to_string)
            .collect();
        if !missing.is_empty() {
            return Err(Error::MissingArtifacts {
                dir: dir.to_path_buf(),
                missing,
            });
        }
        let wasm = codes
            .iter()
            .map(|&code| {
                let path = dir.join(code.file_name());
                std::fs::read(&path)
                    .map(|bytes| (code, bytes))
                    .map_err(|source| Error::ReadArtifact { path, source })
            })
            .collect::<Result<_>>()?;
        Ok(Artifacts { wasm })
    }

    /// The code of `code`, if it is among them.
    fn get(&self, code: Code) -> Option<&[u8]> {
        self.wasm
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, bytes)| bytes.as_slice())
    }

    /// Whether `code` is among them.
    pub fn has(&self, code: Code) -> bool {
        self.wasm.iter().any(|(c, _)| *c == code)
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.wasm.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.wasm.is_empty()
    }
}

/// A cw20 token's name, symbol and decimals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenSettings {
    /// Name (3 to 50 bytes).
    pub name: String,
    /// Symbol (3 to 12 letters or '-').
    pub symbol: String,
    /// Decimals; 2 makes one base unit one cent.
    pub decimals: u8,
}

/// The draft contract's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftSettings {
    /// The cw20 token drafts lock (`None`: the settlement token).
    pub fund_token: Option<String>,
    /// Approval levels, lowest first.
    pub approval_levels: Vec<String>,
    /// How long a higher level may veto a stage after a lower one approved it, seconds.
    pub veto_window_seconds: u64,
}

/// What the plan instantiates the contracts with.
#[derive(Clone, Debug, PartialEq)]
pub struct DeploySettings {
    /// The registry's administrator (`None`: the deploying key).
    pub admin: Option<String>,
    /// Billing settings of every meter contract.
    pub meter_settings: MeterSettings,
    /// The registry's time lock, seconds.
    pub timelock_delay_seconds: u64,
    /// The settlement token the bank issues.
    pub token: TokenSettings,
    /// The draft contract's settings (used when the draft artifact is in the plan).
    pub draft: DraftSettings,
    /// The consortium token of the loan-share contract (used when its artifact is in the plan).
    pub loan_token: TokenSettings,
    /// The cloud federation's shortest lease and least prepaid time (used when its artifact is
    /// in the plan).
    pub cloud_minimums: cloud::Minimums,
    /// When the park market's slots run and their gates close (used when its artifact is in
    /// the plan).
    pub park_schedule: park::SlotSchedule,
    /// Most orders (offers and bids together) one park-market slot takes.
    pub park_max_orders_per_slot: u32,
    /// How long a green certificate stays valid after the end of its hour, seconds (used
    /// when the certificates' artifact is in the plan).
    pub park_certificate_validity_seconds: u64,
    /// How long after an hour ends its generators may certify their unsold output, seconds
    /// (`None`: [`default_direct_issuance_delay`] of the market's schedule).
    pub park_certificate_issuance_delay_seconds: Option<u64>,
    /// Prefix of the on-chain labels (`<label>-admin`, ...).
    pub label: String,
}

/// The park market's schedule of `ledger deploy` without flags: quarter-hour slots counted
/// from the unix epoch (a multiple of every slot length the market accepts, so that slots
/// line up with clock hours), gates closing five minutes ahead, and a quarter of an hour for
/// the generation meters' readings of a slot to arrive before it is settled.
pub const DEFAULT_PARK_SCHEDULE: park::SlotSchedule = park::SlotSchedule {
    origin: 0,
    slot_seconds: 900,
    gate_closure_seconds: 300,
    settlement_delay_seconds: 900,
};

/// Orders per park-market slot of `ledger deploy` without flags: room for a park of a few
/// dozen members while a slot clears in a handful of pages.
pub const DEFAULT_PARK_MAX_ORDERS_PER_SLOT: u32 = 200;

/// A green certificate's validity of `ledger deploy` without flags: a year of 365 days after
/// its hour, the span over which consumption is usually reported.
pub const DEFAULT_PARK_CERTIFICATE_VALIDITY_SECONDS: u64 = 365 * 86_400;

/// How long after an hour ends its generators may certify their unsold output, when not
/// given: the market's settlement delay plus one slot. The hour's last slot ends with the
/// hour and may be settled from `settlement_delay_seconds` later; the extra slot is the
/// settlers' time to send their settlements, which certify the traded energy first, so that
/// a generator's direct issuance does not take energy a buyer was about to be certified for.
pub fn default_direct_issuance_delay(schedule: &park::SlotSchedule) -> u64 {
    schedule
        .settlement_delay_seconds
        .saturating_add(schedule.slot_seconds)
        .min(park::certificates::MAX_DIRECT_ISSUANCE_DELAY_SECONDS)
}

/// Why the certificates' validity or delay cannot be used, if they cannot (the contract's
/// own bounds, checked before any code is stored).
pub fn certificate_settings_problem(validity_seconds: u64, delay_seconds: u64) -> Option<String> {
    use park::certificates::{
        MAX_DIRECT_ISSUANCE_DELAY_SECONDS, MAX_VALIDITY_SECONDS, MIN_VALIDITY_SECONDS,
    };
    if !(MIN_VALIDITY_SECONDS..=MAX_VALIDITY_SECONDS).contains(&validity_seconds) {
        return Some(format!(
            "a certificate validity of {validity_seconds} s is refused; it must be one day to \
             five years ({MIN_VALIDITY_SECONDS} s to {MAX_VALIDITY_SECONDS} s)"
        ));
    }
    if delay_seconds > MAX_DIRECT_ISSUANCE_DELAY_SECONDS {
        return Some(format!(
            "a direct-issuance delay of {delay_seconds} s is refused; it may be at most a week \
             ({MAX_DIRECT_ISSUANCE_DELAY_SECONDS} s)"
        ));
    }
    None
}

impl Default for DeploySettings {
    /// The settings of `ledger deploy` without flags (calendar months in UTC).
    fn default() -> Self {
        DeploySettings {
            admin: None,
            meter_settings: MeterSettings::default(),
            timelock_delay_seconds: DEFAULT_TIMELOCK_DELAY_SECONDS,
            token: TokenSettings {
                name: "Ledger Euro".into(),
                symbol: "LEUR".into(),
                decimals: 2,
            },
            draft: DraftSettings {
                fund_token: None,
                approval_levels: vec!["county-finance".into(), "provincial-office".into()],
                veto_window_seconds: 3 * 86_400,
            },
            loan_token: TokenSettings {
                name: "Consortium Yuan".into(),
                symbol: "CSY".into(),
                decimals: 2,
            },
            cloud_minimums: cloud::Minimums::default(),
            park_schedule: DEFAULT_PARK_SCHEDULE,
            park_max_orders_per_slot: DEFAULT_PARK_MAX_ORDERS_PER_SLOT,
            park_certificate_validity_seconds: DEFAULT_PARK_CERTIFICATE_VALIDITY_SECONDS,
            park_certificate_issuance_delay_seconds: None,
            label: "ledger".into(),
        }
    }
}

/// Told about each step as the plan runs it (a progress bar, log lines, or nothing).
pub trait Progress {
    /// A step starts; `what` says what it does.
    fn begin(&mut self, what: &str);
    /// The step finished; `result` says what it made.
    fn done(&mut self, result: &str);
}

/// Progress that reports nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Quiet;

impl Progress for Quiet {
    fn begin(&mut self, _: &str) {}
    fn done(&mut self, _: &str) {}
}

/// A deployment to run: artifacts, settings and where the deployment file goes.
#[derive(Clone, Debug)]
pub struct DeployPlan {
    /// The contracts' code.
    pub artifacts: Artifacts,
    /// What they are instantiated with.
    pub settings: DeploySettings,
    /// Where the deployment file is written (`None`: not written).
    pub file: Option<PathBuf>,
}

impl DeployPlan {
    /// A plan with the default settings that writes no file.
    pub fn new(artifacts: Artifacts) -> Self {
        DeployPlan {
            artifacts,
            settings: DeploySettings::default(),
            file: None,
        }
    }

    /// The same plan with other settings.
    pub fn settings(mut self, settings: DeploySettings) -> Self {
        self.settings = settings;
        self
    }

    /// The same plan, writing the deployment file to `path` at the end.
    pub fn write_to(mut self, path: impl Into<PathBuf>) -> Self {
        self.file = Some(path.into());
        self
    }

    /// How many steps [`DeployPlan::run`] reports: one per upload and instantiation, the
    /// wiring (the certificates' into the market, the credits' into the footprints), and the
    /// file.
    pub fn steps(&self) -> usize {
        let optional = Code::OPTIONAL
            .iter()
            .filter(|c| self.artifacts.has(**c))
            .count();
        let certificates = usize::from(self.artifacts.has(Code::ParkCertificates));
        let credits = usize::from(self.artifacts.has(Code::ParkCredits));
        self.artifacts.len()
            + 4
            + optional
            + certificates
            + credits
            + usize::from(self.file.is_some())
    }

    /// The direct-issuance delay the certificates are instantiated with.
    pub fn certificate_issuance_delay(&self) -> u64 {
        let s = &self.settings;
        s.park_certificate_issuance_delay_seconds
            .unwrap_or_else(|| default_direct_issuance_delay(&s.park_schedule))
    }

    /// Refuses settings the contracts would refuse, before any code is stored: the market's
    /// schedule, and the certificates' validity and delay (and the certificates without the
    /// market they take the address of, the credits without the footprints or the other way
    /// round).
    pub fn check(&self) -> Result<()> {
        let s = &self.settings;
        let (credits, footprints) = (
            self.artifacts.has(Code::ParkCredits),
            self.artifacts.has(Code::ParkFootprints),
        );
        if credits != footprints {
            let (present, absent) = if credits {
                ("park_credits.wasm", "park_footprints.wasm")
            } else {
                ("park_footprints.wasm", "park_credits.wasm")
            };
            return Err(Error::Invalid(format!(
                "{present} is deployed with the other of the park's credits and footprints \
                contracts, each linked to the other, and {absent} is not in the plan: build both \
                (`make wasm`)"
            )));
        }
        // A schedule the market would refuse is refused before any code is stored.
        let park_problem = self
            .artifacts
            .has(Code::ParkMarket)
            .then(|| s.park_schedule.problem())
            .flatten();
        if let Some(problem) = park_problem {
            return Err(Error::Invalid(format!(
                "the park market's schedule: {problem}; give other --park-* settings"
            )));
        }
        if self.artifacts.has(Code::ParkCertificates) {
            if !self.artifacts.has(Code::ParkMarket) {
                return Err(Error::Invalid(
                    "park_certificates.wasm is deployed with the park market, whose address it \
                     takes, and park_market.wasm is not in the plan: build both (`make wasm`)"
                        .into(),
                ));
            }
            let delay = self.certificate_issuance_delay();
            if let Some(problem) =
                certificate_settings_problem(s.park_certificate_validity_seconds, delay)
            {
                return Err(Error::Invalid(format!(
                    "the park certificates: {problem}; give other --park-certificate-* settings"
                )));
            }
        }
        Ok(())
    }

    /// Stores the code, instantiates admin, tariff, bank (with its token), draft, loan-share
    /// (with its token), cloud federation, park market and its certificates (wired into the
    /// market), park footprints and credits (linked to the footprints) as their artifacts are
    /// present, wires tariff and bank into the registry, and writes the deployment file when
    /// asked. `sender` pays for everything
    /// and becomes every contract's migration admin.
    pub async fn run(&self, sender: &Sender, progress: &mut impl Progress) -> Result<Deployment> {
        self.run_with_uploader(sender, sender, progress).await
    }

    /// [`DeployPlan::run`] with the code stored by `uploader`, for a chain that lets only some
    /// accounts upload code (wasmd's upload permission): `sender` instantiates, wires and
    /// becomes every contract's migration admin as in `run`.
    pub async fn run_with_uploader(
        &self,
        uploader: &Sender,
        sender: &Sender,
        progress: &mut impl Progress,
    ) -> Result<Deployment> {
        self.check()?;
        let s = &self.settings;
        let mut stored = Vec::with_capacity(self.artifacts.len());
        for (code, bytes) in &self.artifacts.wasm {
            let file = code.file_name();
            let kib = bytes.len().div_ceil(1024);
            progress.begin(&format!("storing {file} ({kib} KiB)"));
            let (code_id, _) = uploader
                .store_code(bytes.clone())
                .await
                .map_err(|e| e.during(format!("storing {file}")))?;
            progress.done(&format!("stored {file}: code id {code_id}"));
            stored.push((*code, code_id));
        }
        let id = |code: Code| stored.iter().find(|(c, _)| *c == code).map(|(_, id)| *id);
        let need = |code: Code| {
            id(code).ok_or_else(|| Error::MissingArtifacts {
                dir: PathBuf::from("."),
                missing: vec![code.file_name().to_string()],
            })
        };
        let code_ids = CodeIds {
            admin: need(Code::Admin)?,
            meter: need(Code::Meter)?,
            tariff: need(Code::Tariff)?,
            bank: need(Code::Bank)?,
            settlement_token: need(Code::SettlementToken)?,
            draft: id(Code::Draft),
            loan_share: id(Code::LoanShare),
            router: None,
            cloud_federation: id(Code::CloudFederation),
            park_market: id(Code::ParkMarket),
            park_certificates: id(Code::ParkCertificates),
            park_credits: id(Code::ParkCredits),
            park_footprints: id(Code::ParkFootprints),
        };

        let cycle = describe_cycle(&s.meter_settings.cycle);
        let admin_addr = step(
            progress,
            "instantiating the admin contract",
            sender.instantiate(
                code_ids.admin,
                &admin::InstantiateMsg {
                    admin: s.admin.clone(),
                    meter_code_id: code_ids.meter,
                    meter_settings: s.meter_settings.clone(),
                    timelock_delay_seconds: Some(s.timelock_delay_seconds),
                },
                &format!("{}-admin", s.label),
            ),
        )
        .await?
        .0;
        progress.done(&format!("admin contract {admin_addr} ({cycle})"));

        let tariff_addr = step(
            progress,
            "instantiating the tariff contract",
            sender.instantiate(
                code_ids.tariff,
                &tariff::InstantiateMsg {
                    admin_contract: admin_addr.clone(),
                },
                &format!("{}-tariff", s.label),
            ),
        )
        .await?
        .0;
        progress.done(&format!("tariff contract {tariff_addr}"));

        progress.begin("instantiating the bank contract and its settlement token");
        let bank_addr = sender
            .instantiate(
                code_ids.bank,
                &bank::InstantiateMsg {
                    admin_contract: admin_addr.clone(),
                    token_code_id: code_ids.settlement_token,
                    token_name: s.token.name.clone(),
                    token_symbol: s.token.symbol.clone(),
                    token_decimals: s.token.decimals,
                },
                &format!("{}-bank", s.label),
            )
            .await
            .map_err(|e| e.during("instantiating the bank contract"))?
            .0;
        let bank_config: bank::ConfigResponse = sender
            .client()
            .query_smart(&bank_addr, &bank::QueryMsg::Config {})
            .await
            .map_err(|e| Error::from(e).during("asking the bank for its token"))?;
        let token = bank_config.token.into_string();
        progress.done(&format!(
            "bank contract {bank_addr}, token {} {token}",
            s.token.symbol
        ));

        let mut draft_addr = None;
        if let Some(code_id) = code_ids.draft {
            let fund_token = s.draft.fund_token.clone().unwrap_or_else(|| token.clone());
            let addr = step(
                progress,
                "instantiating the draft contract",
                sender.instantiate(
                    code_id,
                    &draft::InstantiateMsg {
                        admin_contract: admin_addr.clone(),
                        fund_token: fund_token.clone(),
                        approval_levels: s.draft.approval_levels.clone(),
                        veto_window_seconds: s.draft.veto_window_seconds,
                    },
                    &format!("{}-draft", s.label),
                ),
            )
            .await?
            .0;
            progress.done(&format!(
                "draft contract {addr} (approval levels {}; veto window {} s; fund token \
                 {fund_token})",
                s.draft.approval_levels.join(", "),
                s.draft.veto_window_seconds
            ));
            draft_addr = Some(addr);
        }

        let (mut loan_addr, mut loan_token) = (None, None);
        if let Some(code_id) = code_ids.loan_share {
            progress.begin("instantiating the loan-share contract and its consortium token");
            let addr = sender
                .instantiate(
                    code_id,
                    &loan_share::InstantiateMsg {
                        admin_contract: admin_addr.clone(),
                        // The consortium token is the same code as the settlement token (cw20
                        // gated by the registry); the loan-share contract instantiates it by
                        // submessage, naming its registry, and is its only minter.
                        token_code_id: code_ids.settlement_token,
                        token_name: s.loan_token.name.clone(),
                        token_symbol: s.loan_token.symbol.clone(),
                        token_decimals: s.loan_token.decimals,
                    },
                    &format!("{}-loan-share", s.label),
                )
                .await
                .map_err(|e| e.during("instantiating the loan-share contract"))?
                .0;
            let config: loan_share::ConfigResponse = sender
                .client()
                .query_smart(&addr, &loan_share::QueryMsg::Config {})
                .await
                .map_err(|e| {
                    Error::from(e).during("asking the loan-share contract for its consortium token")
                })?;
            let t = config.token.into_string();
            progress.done(&format!(
                "loan-share contract {addr}, consortium token {} {t}",
                s.loan_token.symbol
            ));
            loan_addr = Some(addr);
            loan_token = Some(t);
        }

        let mut cloud_addr = None;
        if let Some(code_id) = code_ids.cloud_federation {
            // Leases are escrowed and paid in the settlement token, and the registry says who
            // may act as a cloud provider or user.
            let addr = step(
                progress,
                "instantiating the cloud-federation contract",
                sender.instantiate(
                    code_id,
                    &cloud::InstantiateMsg {
                        admin_contract: admin_addr.clone(),
                        token: token.clone(),
                        minimums: Some(s.cloud_minimums.clone()),
                    },
                    &format!("{}-cloud-federation", s.label),
                ),
            )
            .await?
            .0;
            progress.done(&format!(
                "cloud-federation contract {addr} (escrow in {})",
                s.token.symbol
            ));
            cloud_addr = Some(addr);
        }

        let mut park_addr = None;
        if let Some(code_id) = code_ids.park_market {
            // Bids escrow the settlement token, and the registry says who trades and which
            // meters are whose.
            let schedule = s.park_schedule;
            let addr = step(
                progress,
                "instantiating the park market",
                sender.instantiate(
                    code_id,
                    &park::InstantiateMsg {
                        admin_contract: admin_addr.clone(),
                        token: token.clone(),
                        schedule,
                        max_orders_per_slot: s.park_max_orders_per_slot,
                    },
                    &format!("{}-park-market", s.label),
                ),
            )
            .await?
            .0;
            progress.done(&format!(
                "park market {addr} ({} s slots, gates close {} s ahead, settled {} s after)",
                schedule.slot_seconds,
                schedule.gate_closure_seconds,
                schedule.settlement_delay_seconds
            ));
            park_addr = Some(addr);
        }

        let mut certificates_addr = None;
        if let (Some(code_id), Some(market)) = (code_ids.park_certificates, &park_addr) {
            let validity_seconds = s.park_certificate_validity_seconds;
            let delay = self.certificate_issuance_delay();
            let addr = step(
                progress,
                "instantiating the park certificates",
                sender.instantiate(
                    code_id,
                    &park::certificates::InstantiateMsg {
                        admin_contract: admin_addr.clone(),
                        market: market.clone(),
                        validity_seconds,
                        direct_issuance_delay_seconds: delay,
                    },
                    &format!("{}-park-certificates", s.label),
                ),
            )
            .await?
            .0;
            progress.done(&format!(
                "park certificates {addr} (valid {} days after their hour; unsold output \
                 certified from {delay} s after it)",
                validity_seconds / 86_400
            ));
            certificates_addr = Some(addr);
        }

        // The footprints first: the credits contract takes its address, and checks every
        // product claim against it.
        let mut footprints_addr = None;
        if let Some(code_id) = code_ids.park_footprints {
            let addr = step(
                progress,
                "instantiating the park footprints",
                sender.instantiate(
                    code_id,
                    &park::footprints::InstantiateMsg {
                        admin_contract: admin_addr.clone(),
                    },
                    &format!("{}-park-footprints", s.label),
                ),
            )
            .await?
            .0;
            progress.done(&format!("park footprints {addr}"));
            footprints_addr = Some(addr);
        }

        let mut credits_addr = None;
        if let Some(code_id) = code_ids.park_credits {
            // Credits are priced in the settlement token, and the registry says who takes
            // part, who administers and whose meters are whose.
            let addr = step(
                progress,
                "instantiating the park credits",
                sender.instantiate(
                    code_id,
                    &park::credits::InstantiateMsg {
                        admin_contract: admin_addr.clone(),
                        token: token.clone(),
                        footprints: footprints_addr.clone(),
                    },
                    &format!("{}-park-credits", s.label),
                ),
            )
            .await?
            .0;
            progress.done(&format!(
                "park credits {addr} (priced in {}{})",
                s.token.symbol,
                footprints_addr
                    .as_ref()
                    .map(|f| format!(", product claims checked with {f}"))
                    .unwrap_or_default()
            ));
            credits_addr = Some(addr);
        }

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
            .map_err(|e| e.during("SetContracts on the admin contract"))?;
        progress.done("wired tariff and bank into the admin contract");

        if let (Some(market), Some(certificates)) = (&park_addr, &certificates_addr) {
            // Only the registry's administrator sets the market's certificates; when the
            // deployer is not that administrator, it is left to it.
            let administrator = s.admin.clone().unwrap_or_else(|| sender.address());
            progress.begin("wiring the park certificates into the park market");
            if administrator == sender.address() {
                sender
                    .execute(
                        market,
                        &park::ExecuteMsg::SetCertificates {
                            address: certificates.clone(),
                        },
                    )
                    .await
                    .map_err(|e| e.during("SetCertificates on the park market"))?;
                progress.done("the park market's settlements issue certificates now");
            } else {
                progress.done(&format!(
                    "left to the registry's administrator {administrator}: the park market \
                     issues no certificates until it sends SetCertificates {{ address: \
                     {certificates} }} to the market"
                ));
            }
        }

        if let (Some(footprints), Some(credits)) = (&footprints_addr, &credits_addr) {
            // Only the registry's administrator links the credits contract; when the deployer
            // is not that administrator, it is left to it.
            let administrator = s.admin.clone().unwrap_or_else(|| sender.address());
            progress.begin("linking the park credits to the park footprints");
            if administrator == sender.address() {
                sender
                    .execute(
                        footprints,
                        &park::footprints::ExecuteMsg::LinkCredits {
                            address: credits.clone(),
                        },
                    )
                    .await
                    .map_err(|e| e.during("LinkCredits on the park footprints"))?;
                progress.done("retirements against product footprints are recorded now");
            } else {
                progress.done(&format!(
                    "left to the registry's administrator {administrator}: retirements naming a \
                    product footprint fail until it sends LinkCredits {{ address: {credits} }} to \
                    the footprints contract {footprints}"
                ));
            }
        }

        let config = sender.client().config();
        let deployment = Deployment {
            chain_id: config.chain_id.clone(),
            node: config.node.clone(),
            code_ids,
            contracts: Contracts {
                admin: admin_addr,
                tariff: tariff_addr,
                bank: bank_addr,
                token,
                draft: draft_addr,
                loan_share: loan_addr,
                loan_token,
                router: None,
                cloud_federation: cloud_addr,
                park_market: park_addr,
                park_certificates: certificates_addr,
                park_credits: credits_addr,
                park_footprints: footprints_addr,
            },
            regions: Vec::new(),
        };
        if let Some(path) = &self.file {
            progress.begin(&format!("writing {}", path.display()));
            deployment.save(path)?;
            progress.done(&format!("wrote {}", path.display()));
        }
        Ok(deployment)
    }
}

/// Stores the artifact `file` of `dir` that no plan deploys (the multisig: each consortium
/// instantiates its own) and returns its code id.
pub async fn store_artifact(sender: &Sender, dir: &Path, file: &str) -> Result<u64> {
    let path = dir.join(file);
    if !path.is_file() {
        return Err(Error::MissingArtifacts {
            dir: dir.to_path_buf(),
            missing: vec![file.to_string()],
        });
    }
    let wasm = std::fs::read(&path).map_err(|source| Error::ReadArtifact { path, source })?;
    let (code_id, _) = sender
        .store_code(wasm)
        .await
        .map_err(|e| e.during(format!("storing {file}")))?;
    Ok(code_id)
}

/// Runs one instantiation as a step: announced, and its failure named.
async fn step<T>(
    progress: &mut impl Progress,
    what: &str,
    call: impl std::future::Future<Output = Result<T>>,
) -> Result<T> {
    progress.begin(what);
    call.await.map_err(|e| e.during(what))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_artifacts_are_all_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("admin.wasm"), b"\0asm").unwrap();
        let err = Artifacts::read(dir.path()).unwrap_err().to_string();
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

    #[test]
    fn the_plan_counts_its_steps() {
        let dir = tempfile::tempdir().unwrap();
        for code in Code::ALL {
            std::fs::write(dir.path().join(code.file_name()), b"\0asm").unwrap();
        }
        let full = DeployPlan::new(Artifacts::read(dir.path()).unwrap()).write_to("d.json");
        // Twelve uploads; admin, tariff, bank and the wiring; draft, loan share, cloud
        // federation, park market, certificates, footprints and credits; the certificates'
        // wiring and the credits' link; the file.
        assert_eq!(full.steps(), 12 + 4 + 7 + 2 + 1);
        let core = DeployPlan::new(Artifacts::read_only(dir.path(), &Code::CORE).unwrap());
        assert_eq!(core.steps(), 5 + 4);
    }

    #[test]
    fn certificates_wait_out_the_market_s_settlements_and_keep_their_bounds() {
        // Quarter-hour slots settled from 15 minutes after they end: the hour's last slot may
        // be settled from 15 minutes after the hour, and its settlers get one more slot.
        assert_eq!(default_direct_issuance_delay(&DEFAULT_PARK_SCHEDULE), 1_800);
        let minutes = park::SlotSchedule {
            origin: 0,
            slot_seconds: 60,
            gate_closure_seconds: 20,
            settlement_delay_seconds: 20,
        };
        assert_eq!(default_direct_issuance_delay(&minutes), 80);
        assert!(
            certificate_settings_problem(DEFAULT_PARK_CERTIFICATE_VALIDITY_SECONDS, 1_800)
                .is_none()
        );
        let short = certificate_settings_problem(3_600, 0).unwrap();
        assert!(short.contains("one day to five years"), "{short}");
        let late = certificate_settings_problem(86_400, 8 * 86_400).unwrap();
        assert!(late.contains("at most a week"), "{late}");
    }

    #[test]
    fn certificates_without_their_market_are_refused_before_anything_is_stored() {
        let dir = tempfile::tempdir().unwrap();
        let mut codes = Code::CORE.to_vec();
        codes.push(Code::ParkCertificates);
        for code in &codes {
            std::fs::write(dir.path().join(code.file_name()), b"\0asm").unwrap();
        }
        let plan = DeployPlan::new(Artifacts::read_only(dir.path(), &codes).unwrap());
        let err = plan.check().unwrap_err();
        assert!(
            err.to_string()
                .contains("park_market.wasm is not in the plan"),
            "{err}"
        );
    }

    #[test]
    fn credits_and_footprints_are_deployed_together_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        for code in Code::ALL {
            std::fs::write(dir.path().join(code.file_name()), b"\0asm").unwrap();
        }
        for (alone, absent) in [
            (Code::ParkCredits, "park_footprints.wasm is not in the plan"),
            (Code::ParkFootprints, "park_credits.wasm is not in the plan"),
        ] {
            let mut codes = Code::CORE.to_vec();
            codes.push(alone);
            let plan = DeployPlan::new(Artifacts::read_only(dir.path(), &codes).unwrap());
            let err = plan.check().unwrap_err().to_string();
            assert!(err.contains(absent), "{err}");
            assert!(err.contains("make wasm"), "{err}");
        }
        let mut both = Code::CORE.to_vec();
        both.extend([Code::ParkFootprints, Code::ParkCredits]);
        let plan = DeployPlan::new(Artifacts::read_only(dir.path(), &both).unwrap());
        assert!(plan.check().is_ok());
        // Seven uploads, the core's four steps, two instantiations and the link.
        assert_eq!(plan.steps(), 7 + 4 + 2 + 1);
    }
}
