//! The `ledger park` command line: subcommands, their flags and the values they parse into.
//! Energy is typed in kWh (three decimals) and prices in currency per kWh (two decimals), as
//! everywhere in the CLI; the market counts Wh and minor units per kWh.

use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use clap::{Args, Subcommand, ValueEnum};
use ledger_sdk::contracts::park::EnergyType;
use ledger_sdk::contracts::park::clearing::Side;

use super::certificates::CertificatesCmd;
use super::credits::CreditsCmd;
use super::footprints::FootprintsCmd;
use super::query::ParkQuery;
use crate::args::Limit;
use crate::units::{Kwh, Money};

/// `ledger park ...`
#[derive(Subcommand, Debug)]
pub enum ParkCmd {
    /// A generation meter: `generator register` (the registry's administrator), or
    /// `generator <METER_ID>` to see one
    #[command(args_conflicts_with_subcommands = true)]
    Generator(GeneratorArgs),
    /// Offer energy from a generation meter in a slot whose gate is open (the meter's owner)
    Offer(Box<OfferArgs>),
    /// Bid for energy in a slot whose gate is open, escrowing the bid's maximum cost in the
    /// settlement token (any participant)
    Bid(Box<BidArgs>),
    /// Withdraw an order while its slot's gate is open; a bid's escrow comes back (its owner)
    Cancel {
        /// The order's id
        #[arg(long)]
        order: u64,
    },
    /// Clear a slot after its gate has closed: one price, then the fills, a page of bids per
    /// transaction until every bid is matched (anyone)
    Clear {
        /// The slot
        #[arg(long)]
        slot: u64,
        /// Bids cleared per transaction (1 to 100)
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=100))]
        page_size: u32,
    },
    /// Settle one offer, or every unsettled offer of a slot, on the generation meters'
    /// signed readings once the slot's settlement delay has passed: buyers pay for what was
    /// delivered, sellers are paid, the rest of each escrow goes back (anyone)
    Settle {
        /// The offer's id
        #[arg(long, required_unless_present = "slot", conflicts_with = "slot")]
        offer: Option<u64>,
        /// Every offer of this cleared slot with fills not settled yet
        #[arg(long)]
        slot: Option<u64>,
    },
    /// Pay an order's owner what was held for it while it was blacklisted or suspended, once
    /// it may receive again (anyone)
    Release {
        /// The order's id
        #[arg(long)]
        order: u64,
    },
    /// A slot's times, state, price and order counts (the first slot still open for orders
    /// when none is given)
    Slot {
        /// The slot
        slot: Option<u64>,
    },
    /// A slot's order book: offers and bids by id
    Book {
        /// The slot
        #[arg(long)]
        slot: u64,
        /// Only this side
        #[arg(long, value_enum)]
        side: Option<SideArg>,
        #[command(flatten)]
        limit: Limit,
    },
    /// A slot's fills in the order clearing made them, with what was delivered and paid
    Fills {
        /// The slot
        #[arg(long)]
        slot: u64,
        #[command(flatten)]
        limit: Limit,
    },
    /// A participant's trades as buyer or seller, newest first
    Trades {
        /// The participant (an address or a key name)
        #[arg(long)]
        participant: String,
        #[command(flatten)]
        limit: Limit,
    },
    /// Cleared slots' prices and volumes, oldest first
    Prices {
        #[command(flatten)]
        limit: Limit,
    },
    /// What a seller sold and delivered over every settled slot, and its delivery ratio
    Seller {
        /// The seller (an address or a key name)
        seller: String,
    },
    /// The market's registry, token, schedule, order cap, and the slot open for orders now
    Config,
    /// Write a participant's trades to an XLSX workbook (a Trades sheet with a totals row, a
    /// Certificates sheet of the green certificates it holds, and an About sheet)
    Export(Box<ExportArgs>),
    /// The hourly green certificates settlements issue: list, show, meter-hour, transfer,
    /// claim, issue-unsold, verify, config
    #[command(subcommand, visible_alias = "cert")]
    Certificates(CertificatesCmd),
    /// Product carbon footprints along the supply chain, from PACT documents: publish,
    /// link-credits, show, versions, tree, dependants, verify, products, retirements, config
    #[command(subcommand, visible_alias = "fp")]
    Footprints(FootprintsCmd),
    /// The carbon-credit registry: verifiers, classes, projects, batches and their sign-off,
    /// transfers, retirements, cancellations, sell orders, queries and the holder's export
    #[command(subcommand)]
    Credits(Box<CreditsCmd>),
}

/// `ledger park generator [register]`
#[derive(Args, Debug)]
pub struct GeneratorArgs {
    /// The generation meter to show
    #[arg(required = true)]
    pub meter_id: Option<String>,
    #[command(subcommand)]
    pub register: Option<GeneratorSub>,
}

/// `ledger park generator register`
#[derive(Subcommand, Debug)]
pub enum GeneratorSub {
    /// Make a registered meter a generation meter of its owner, with the energy type and
    /// carbon intensity its offers carry (the registry's administrator)
    Register {
        /// The meter (registered with `ledger admin meter register`)
        #[arg(long)]
        meter: String,
        /// Where its energy comes from
        #[arg(long, value_enum)]
        energy_type: EnergyTypeArg,
        /// Its carbon intensity, grams of CO2-equivalent per kWh
        #[arg(long, value_name = "G_PER_KWH")]
        carbon: u32,
    },
}

/// `ledger park offer`
#[derive(Args, Debug)]
pub struct OfferArgs {
    /// The slot (`next`: the first slot whose gate is open; see `ledger park slot`)
    #[arg(long)]
    pub slot: SlotArg,
    /// The generation meter the energy comes from
    #[arg(long)]
    pub meter: String,
    /// Energy offered, kWh (e.g. 1.5)
    #[arg(long)]
    pub energy: Kwh,
    /// The least price it sells at, per kWh (e.g. 0.20)
    #[arg(long)]
    pub min_price: Money,
}

/// `ledger park bid`
#[derive(Args, Debug)]
pub struct BidArgs {
    /// The slot (`next`: the first slot whose gate is open; see `ledger park slot`)
    #[arg(long)]
    pub slot: SlotArg,
    /// Energy wanted, kWh (e.g. 2)
    #[arg(long)]
    pub energy: Kwh,
    /// The most it pays, per kWh (e.g. 0.30); the bid escrows its energy at this price
    #[arg(long)]
    pub max_price: Money,
    /// Only energy of this type; repeat for more (any type when left out)
    #[arg(long, value_enum)]
    pub energy_type: Vec<EnergyTypeArg>,
    /// Only energy of at most this carbon intensity, g CO2e per kWh
    #[arg(long, value_name = "G_PER_KWH")]
    pub max_carbon: Option<u32>,
    /// A seller (an address or a key name) whose offers the bid takes first, in the order
    /// given; repeat for more (at most 10)
    #[arg(long, value_name = "SELLER")]
    pub prefer: Vec<String>,
}

/// `ledger park export`
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The participant whose trades are written (an address or a key name)
    #[arg(long)]
    pub participant: String,
    /// The workbook to write
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: PathBuf,
}

/// `--slot`: a slot's number, or `next`, the first slot whose gate is still open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotArg {
    /// The first slot whose gate is open when the command runs.
    Next,
    /// This slot.
    At(u64),
}

impl FromStr for SlotArg {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "next" {
            return Ok(SlotArg::Next);
        }
        s.parse().map(SlotArg::At).map_err(|_| {
            format!("'{s}' is not a slot: give its number, or `next` for the first open one")
        })
    }
}

impl fmt::Display for SlotArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SlotArg::Next => write!(f, "next"),
            SlotArg::At(slot) => write!(f, "{slot}"),
        }
    }
}

/// `--energy-type`
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EnergyTypeArg {
    /// Photovoltaic generation.
    Solar,
    /// Wind turbines.
    Wind,
    /// Energy released from storage.
    Storage,
    /// Energy from the grid.
    Grid,
}

impl From<EnergyTypeArg> for EnergyType {
    fn from(t: EnergyTypeArg) -> Self {
        match t {
            EnergyTypeArg::Solar => EnergyType::Solar,
            EnergyTypeArg::Wind => EnergyType::Wind,
            EnergyTypeArg::Storage => EnergyType::Storage,
            EnergyTypeArg::Grid => EnergyType::Grid,
        }
    }
}

/// `--side`
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SideArg {
    /// Buyers' bids.
    Bid,
    /// Sellers' offers.
    Offer,
}

impl From<SideArg> for Side {
    fn from(s: SideArg) -> Self {
        match s {
            SideArg::Bid => Side::Bid,
            SideArg::Offer => Side::Offer,
        }
    }
}

/// A price per kWh typed in currency as the market counts it (minor units per kWh), or the
/// flag whose price does not fit.
pub fn price_per_kwh(flag: &str, price: Money) -> Result<u64, String> {
    u64::try_from(price.minor()).map_err(|_| format!("--{flag}: {price} is too large a price"))
}

impl ParkCmd {
    /// The query this command asks, or the command back when it sends a transaction or
    /// writes an export.
    pub fn into_query(self) -> Result<ParkQuery, ParkCmd> {
        Ok(match self {
            ParkCmd::Generator(GeneratorArgs {
                meter_id: Some(meter_id),
                register: None,
            }) => ParkQuery::Generator(meter_id),
            ParkCmd::Slot { slot } => ParkQuery::Slot(slot),
            ParkCmd::Book { slot, side, limit } => ParkQuery::Book {
                slot,
                side: side.map(Side::from),
                cap: limit.cap(),
            },
            ParkCmd::Fills { slot, limit } => ParkQuery::Fills {
                slot,
                cap: limit.cap(),
            },
            ParkCmd::Trades { participant, limit } => ParkQuery::Trades {
                participant,
                cap: limit.cap(),
            },
            ParkCmd::Prices { limit } => ParkQuery::Prices { cap: limit.cap() },
            ParkCmd::Seller { seller } => ParkQuery::Seller(seller),
            ParkCmd::Config => ParkQuery::Config,
            other => return Err(other),
        })
    }
}
