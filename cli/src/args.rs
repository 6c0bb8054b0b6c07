//! Argument types that several command groups share (`--limit`, roles, contracts with a
//! pause), so that no command module borrows them from another.

use anyhow::bail;
use clap::{Args, ValueEnum};
use ledger_sdk::Ledger;

/// `--region`: a command that acts on a regional sub-chain's contract instead of the main
/// chain's (the sub-chain is found in the deployment file).
#[derive(Args, Clone, Debug, Default, PartialEq, Eq)]
pub struct RegionArg {
    /// Act on this regional sub-chain's contract instead of the main chain's (see
    /// `ledger region list`)
    #[arg(long, value_name = "NAME")]
    pub region: Option<String>,
}

impl RegionArg {
    /// The region's name, `None` for the main chain.
    pub fn name(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// " in <region>" for messages, empty for the main chain.
    pub fn suffix(&self) -> String {
        self.region
            .as_deref()
            .map(|r| format!(" in {r}"))
            .unwrap_or_default()
    }
}

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

/// A role that can be granted (the admin role moves only by propose/accept).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Owns meters and pays bills.
    Consumer,
    /// Supplies energy, receives payments, may manage tariffs.
    Retailer,
    /// Mints the token against deposits, redeems it, pays instalments.
    BankOperator,
    /// Blacklists and clears participants.
    Blacklister,
    /// Reads everything, changes nothing.
    Auditor,
    /// Pauses any contract in an emergency.
    Guardian,
    /// Administers a providing organisation of the cloud federation.
    CloudProvider,
    /// Requests cloud hosts for its organisation.
    CloudUser,
}

/// A contract with an emergency pause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ContractArg {
    /// The registry (admin contract).
    Registry,
    /// The tariff contract.
    Tariff,
    /// The bank.
    Bank,
    /// The settlement token.
    Token,
    /// A consumer's meter contract (name one of its meters with --meter).
    Meter,
    /// The draft contract.
    Draft,
    /// The loan-share contract.
    LoanShare,
    /// The loan-share contract's consortium token.
    LoanToken,
    /// The cloud-federation contract.
    Cloud,
    /// The park's energy market.
    Park,
    /// The park's green certificates.
    ParkCertificates,
    /// The park's carbon-credit registry.
    ParkCredits,
    /// The park's product carbon footprints.
    ParkFootprints,
}

impl ContractArg {
    pub fn name(self) -> &'static str {
        match self {
            ContractArg::Registry => "registry",
            ContractArg::Tariff => "tariff",
            ContractArg::Bank => "bank",
            ContractArg::Token => "token",
            ContractArg::Meter => "meter",
            ContractArg::Draft => "draft",
            ContractArg::LoanShare => "loan-share",
            ContractArg::LoanToken => "loan-token",
            ContractArg::Cloud => "cloud",
            ContractArg::Park => "park",
            ContractArg::ParkCertificates => "park-certificates",
            ContractArg::ParkCredits => "park-credits",
            ContractArg::ParkFootprints => "park-footprints",
        }
    }
}

/// The address of `contract` in the deployment (`meter`: the meter contract holding
/// `meter_id`).
pub async fn address_of(
    ledger: &Ledger,
    contract: ContractArg,
    meter_id: Option<&str>,
) -> anyhow::Result<String> {
    let c = ledger.contracts()?;
    let missing = |what: &str| {
        anyhow::anyhow!("the deployment file has no {what} contract; was it deployed?")
    };
    Ok(match contract {
        ContractArg::Registry => c.admin.clone(),
        ContractArg::Tariff => c.tariff.clone(),
        ContractArg::Bank => c.bank.clone(),
        ContractArg::Token => c.token.clone(),
        ContractArg::Draft => c.draft.clone().ok_or_else(|| missing("draft"))?,
        ContractArg::LoanShare => c.loan_share.clone().ok_or_else(|| missing("loan-share"))?,
        ContractArg::LoanToken => c.loan_token.clone().ok_or_else(|| missing("loan token"))?,
        ContractArg::Cloud => c
            .cloud_federation
            .clone()
            .ok_or_else(|| missing("cloud-federation"))?,
        ContractArg::Park => c
            .park_market
            .clone()
            .ok_or_else(|| missing("park-market"))?,
        ContractArg::ParkCertificates => c
            .park_certificates
            .clone()
            .ok_or_else(|| missing("park-certificates"))?,
        ContractArg::ParkCredits => c
            .park_credits
            .clone()
            .ok_or_else(|| missing("park-credits"))?,
        ContractArg::ParkFootprints => c
            .park_footprints
            .clone()
            .ok_or_else(|| missing("park-footprints"))?,
        ContractArg::Meter => {
            let Some(meter_id) = meter_id else {
                bail!(
                    "--contract meter needs --meter <METER_ID>: each consumer has its own meter contract"
                );
            };
            ledger.meter_contract(meter_id).await?
        }
    })
}
