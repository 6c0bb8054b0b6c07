//! The `ledger cloud` command line: subcommands, their flags and the values they parse into.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use ledger_sdk::contracts::cloud::bills::{BillFilter, TotalsOf};
use ledger_sdk::contracts::cloud::leases::LeaseFilter;
use ledger_sdk::contracts::cloud::{InstanceType, Prices, Quota, Resources};

use super::instance::InstanceSpec;
use super::query::CloudQuery;
use super::terms::TermsCmd;
use crate::args::Limit;
use crate::units::{Money, Span};
use crate::when::When;

/// `ledger cloud ...`
#[derive(Subcommand, Debug)]
pub enum CloudCmd {
    /// Create an organisation of the federation; its administrator acts for it as a provider
    /// and manages its users (the registry's administrator)
    RegisterOrg {
        /// The organisation's id (letters, digits, '-', '_', '.'; at most 32)
        #[arg(long)]
        id: String,
        /// Its name as people read it
        #[arg(long)]
        name: String,
        /// Its administrator (an address or a key name), also its first payout address; holds
        /// the registry's cloud-provider role to act as a provider
        #[arg(long)]
        admin: String,
        /// Compressed secp256k1 public key (66 hex digits) partners seal private terms to
        #[arg(
            long,
            value_name = "HEX",
            required_unless_present = "encryption_key_from",
            conflicts_with = "encryption_key_from"
        )]
        encryption_key: Option<String>,
        /// The public half of this encryption key of the home, instead of --encryption-key
        /// (made with `ledger cloud terms new-key`)
        #[arg(long, value_name = "NAME")]
        encryption_key_from: Option<String>,
    },
    /// Replace an organisation's encryption key and/or payout address (its administrator)
    UpdateOrg {
        /// The organisation's id
        #[arg(long)]
        org: String,
        /// A new compressed secp256k1 public key (66 hex digits); terms sealed before keep
        /// the key they were sealed to
        #[arg(long, value_name = "HEX", conflicts_with = "encryption_key_from")]
        encryption_key: Option<String>,
        /// The public half of this encryption key of the home, instead of --encryption-key
        #[arg(long, value_name = "NAME")]
        encryption_key_from: Option<String>,
        /// A new payout address (or a key name)
        #[arg(long)]
        payout: Option<String>,
    },
    /// Add a user, who holds the registry's cloud-user role, to an organisation (its
    /// administrator)
    AddUser {
        /// The organisation's id
        #[arg(long)]
        org: String,
        /// The user (an address or a key name)
        #[arg(long)]
        user: String,
    },
    /// Remove a user from an organisation; its leases run on (its administrator)
    RemoveUser {
        /// The organisation's id
        #[arg(long)]
        org: String,
        /// The user (an address or a key name)
        #[arg(long)]
        user: String,
    },
    /// Set what a consuming organisation may hold at a provider at once (the provider's
    /// administrator)
    SetQuota(Box<QuotaArgs>),
    /// Publish a new version of a provider's price list; running leases keep theirs (the
    /// provider's administrator)
    PublishPrices(Box<PricesArgs>),
    /// Request a host from a provider, escrowing the settlement token for it (a cloud user
    /// of the consuming organisation)
    Request(Box<RequestArgs>),
    /// Add to a lease's escrow (a cloud user of its consuming organisation)
    TopUp {
        /// The lease's id
        #[arg(long)]
        lease: u64,
        /// Tokens to add, e.g. 12.50
        #[arg(long)]
        amount: Money,
    },
    /// Accept a requested lease; it is charged from this block on (the provider's
    /// administrator)
    Accept {
        /// The lease's id
        #[arg(long)]
        lease: u64,
    },
    /// Reject a requested lease; its escrow goes back (the provider's administrator)
    Reject {
        /// The lease's id
        #[arg(long)]
        lease: u64,
        /// Why, as the consumer will read it
        #[arg(long)]
        reason: String,
    },
    /// Release a running lease, which is billed at once, or withdraw a request (either side)
    Release {
        /// The lease's id
        #[arg(long)]
        lease: u64,
    },
    /// Close a lease whose holding period is over or whose escrow is used up (anyone)
    Close {
        /// The lease's id
        #[arg(long)]
        lease: u64,
    },
    /// Pay out what a lease's end held for a blacklisted or suspended party, once none is
    /// (anyone)
    ReleaseHeld {
        /// The lease's id
        #[arg(long)]
        lease: u64,
    },
    /// A lease's private terms, sealed to both its organisations' encryption keys, and those
    /// keys (`new-key`, `key`, `seal`, `open`)
    Terms {
        #[command(subcommand)]
        cmd: TermsCmd,
    },
    /// Organisations of the federation
    Orgs {
        #[command(flatten)]
        limit: Limit,
    },
    /// One organisation
    Org {
        /// The organisation's id
        id: String,
    },
    /// An organisation's users
    Users {
        /// The organisation's id
        #[arg(long)]
        org: String,
        #[command(flatten)]
        limit: Limit,
    },
    /// A provider's quota for a consumer with what is in use and left, or all its quotas
    Quotas {
        /// The provider organisation
        #[arg(long)]
        provider: String,
        /// Only this consumer organisation's
        #[arg(long)]
        consumer: Option<String>,
        #[command(flatten)]
        limit: Limit,
    },
    /// Every provider's prices in force now, side by side (anyone)
    Prices {
        #[command(flatten)]
        limit: Limit,
    },
    /// A provider's price-list versions, oldest first
    PriceHistory {
        /// The provider organisation
        #[arg(long)]
        provider: String,
        #[command(flatten)]
        limit: Limit,
    },
    /// One lease, with what it would be billed if closed now
    Lease {
        /// The lease's id
        lease_id: u64,
    },
    /// Leases: every one, or a provider's requested and running ones
    Leases {
        /// Only this provider's requested and running leases
        #[arg(long)]
        open_at: Option<String>,
        #[command(flatten)]
        limit: Limit,
    },
    /// Bills by close time: a provider's (optionally to one consumer) or a consumer's; `bills
    /// export` writes a provider's bills with a totals row for settlement
    #[command(args_conflicts_with_subcommands = true)]
    Bills(BillsArgs),
    /// Running totals of bills: a provider's, a consumer's, or a pair's (both flags)
    Totals {
        /// The provider organisation
        #[arg(long, required_unless_present = "consumer")]
        provider: Option<String>,
        /// The consumer organisation
        #[arg(long)]
        consumer: Option<String>,
    },
}

/// `ledger cloud set-quota`
#[derive(Args, Debug)]
pub struct QuotaArgs {
    /// The provider organisation
    #[arg(long)]
    pub provider: String,
    /// The consuming organisation
    #[arg(long)]
    pub consumer: String,
    /// Longest holding period of one lease (seconds, or 8h, 2d...; at least the contract's
    /// shortest lease, 1h unless deployed otherwise)
    #[arg(long)]
    pub max_holding: Span,
    /// vCPUs its open leases may hold together
    #[arg(long)]
    pub vcpus: u32,
    /// Memory, MiB
    #[arg(long)]
    pub memory_mib: u64,
    /// Disk, GiB
    #[arg(long)]
    pub disk_gib: u64,
    /// Public IP addresses
    #[arg(long, default_value_t = 0)]
    pub public_ips: u32,
    /// GPUs (none granted when left out)
    #[arg(long)]
    pub gpus: Option<u32>,
}

impl QuotaArgs {
    /// The quota as the contract takes it.
    pub fn quota(&self) -> Quota {
        Quota {
            max_holding_seconds: self.max_holding.0,
            vcpus: self.vcpus,
            memory_mib: self.memory_mib,
            disk_gib: self.disk_gib,
            public_ips: self.public_ips,
            gpus: self.gpus,
        }
    }
}

/// `ledger cloud publish-prices`: prices in currency units per unit-hour (2 decimals).
#[derive(Args, Debug)]
pub struct PricesArgs {
    /// The provider organisation
    #[arg(long)]
    pub provider: String,
    /// Per vCPU-hour, e.g. 0.10
    #[arg(long)]
    pub vcpu_hour: Money,
    /// Per GiB of memory per hour
    #[arg(long)]
    pub memory_gib_hour: Money,
    /// Per GiB of disk per hour
    #[arg(long)]
    pub disk_gib_hour: Money,
    /// Per public IP per hour
    #[arg(long, default_value = "0")]
    pub ip_hour: Money,
    /// Per GPU-hour
    #[arg(long, default_value = "0")]
    pub gpu_hour: Money,
    /// Per whole GB transferred (from the metering agent's signed usage records)
    #[arg(long, default_value = "0")]
    pub gb_transferred: Money,
    /// A named instance type sold at one price per hour, beside the unit prices; repeat for
    /// more (at most 32): e.g. m1.large:4:8192:100=1.25 is 4 vCPUs, 8192 MiB, 100 GiB (then
    /// optionally public IPs and GPUs) for 1.25 an hour
    #[arg(
        long = "instance",
        value_name = "NAME:VCPUS:MEMORY_MIB:DISK_GIB[:IPS[:GPUS]]=PRICE"
    )]
    pub instances: Vec<InstanceSpec>,
    /// In force from (`now`: the latest block's time plus 10 s, so that it is not past when
    /// the transaction lands; unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM UTC); after the
    /// latest version's
    #[arg(long, default_value = "now")]
    pub effective_from: When,
}

impl PricesArgs {
    /// The price list in minor units, or the flag whose price is too large.
    pub fn prices(&self) -> Result<Prices, String> {
        let minor = |flag: &str, m: Money| {
            u64::try_from(m.minor())
                .map_err(|_| format!("--{flag}: {m} is too large a price per unit-hour"))
        };
        Ok(Prices {
            per_vcpu_hour: minor("vcpu-hour", self.vcpu_hour)?,
            per_memory_gib_hour: minor("memory-gib-hour", self.memory_gib_hour)?,
            per_disk_gib_hour: minor("disk-gib-hour", self.disk_gib_hour)?,
            per_public_ip_hour: minor("ip-hour", self.ip_hour)?,
            per_gpu_hour: minor("gpu-hour", self.gpu_hour)?,
            per_gb_transferred: minor("gb-transferred", self.gb_transferred)?,
        })
    }

    /// The instance types given with `--instance`, in their order.
    pub fn instance_types(&self) -> Vec<InstanceType> {
        self.instances.iter().map(|i| i.0.clone()).collect()
    }
}

/// `ledger cloud request`: a host by its resources, or by an instance type of the provider's
/// price list in force (`--instance`), never both.
#[derive(Args, Debug)]
pub struct RequestArgs {
    /// The provider organisation
    #[arg(long)]
    pub provider: String,
    /// An instance type of the provider's price list in force, instead of resources: the
    /// lease holds its resources and is charged its price per hour
    #[arg(long, value_name = "NAME", conflicts_with_all = ["vcpus", "memory_mib", "disk_gib", "public_ips", "gpus"])]
    pub instance: Option<String>,
    /// vCPUs
    #[arg(long, required_unless_present = "instance")]
    pub vcpus: Option<u32>,
    /// Memory, MiB
    #[arg(long, required_unless_present = "instance")]
    pub memory_mib: Option<u64>,
    /// Disk, GiB [default: 0]
    #[arg(long)]
    pub disk_gib: Option<u64>,
    /// Public IP addresses [default: 0]
    #[arg(long)]
    pub public_ips: Option<u32>,
    /// GPUs [default: 0]
    #[arg(long)]
    pub gpus: Option<u32>,
    /// How long the host is held at most (seconds, or 8h, 2d...; at least the contract's
    /// shortest lease, 1h unless deployed otherwise; at most the quota's)
    #[arg(long)]
    pub holding: Span,
    /// Tokens to escrow [default: the whole holding period at the provider's prices in force]
    #[arg(long)]
    pub escrow: Option<Money>,
}

impl RequestArgs {
    /// The resources asked for, when the host is not asked by instance type (the parser
    /// then requires vCPUs and memory).
    pub fn resources(&self) -> Result<Resources, String> {
        match (self.vcpus, self.memory_mib) {
            (Some(vcpus), Some(memory_mib)) => Ok(Resources {
                vcpus,
                memory_mib,
                disk_gib: self.disk_gib.unwrap_or(0),
                public_ips: self.public_ips.unwrap_or(0),
                gpus: self.gpus.unwrap_or(0),
            }),
            _ => Err("give --vcpus and --memory-mib, or --instance NAME".to_string()),
        }
    }
}

/// `ledger cloud bills [export]`
#[derive(Args, Debug)]
pub struct BillsArgs {
    /// A provider's bills
    #[arg(long, required_unless_present = "consumer")]
    pub provider: Option<String>,
    /// A consumer organisation's bills (with --provider: only those between the two)
    #[arg(long)]
    pub consumer: Option<String>,
    #[command(flatten)]
    pub limit: Limit,
    #[command(subcommand)]
    pub export: Option<BillsSub>,
}

/// `ledger cloud bills export`
#[derive(Subcommand, Debug)]
pub enum BillsSub {
    /// Write a provider's bills with a totals row, for settlement, as CSV or XLSX
    Export(Box<ExportArgs>),
}

/// `ledger cloud bills export`
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The provider organisation
    #[arg(long)]
    pub provider: String,
    /// Only its bills to this consumer organisation
    #[arg(long)]
    pub consumer: Option<String>,
    /// The file's format
    #[arg(long, value_enum, default_value_t = ExportFormat::Xlsx)]
    pub format: ExportFormat,
    /// The file to write
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// The format of `ledger cloud bills export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Comma-separated values, amounts in currency units.
    Csv,
    /// An Excel workbook with a Bills sheet and an About sheet.
    Xlsx,
}

impl CloudCmd {
    /// The query this command asks, or the command back when it sends a transaction or
    /// writes an export.
    pub fn into_query(self) -> Result<CloudQuery, CloudCmd> {
        Ok(match self {
            CloudCmd::Orgs { limit } => CloudQuery::Organisations { cap: limit.cap() },
            CloudCmd::Org { id } => CloudQuery::Organisation(id),
            CloudCmd::Users { org, limit } => CloudQuery::Users {
                org,
                cap: limit.cap(),
            },
            CloudCmd::Quotas {
                provider,
                consumer,
                limit,
            } => CloudQuery::Quotas {
                provider,
                consumer,
                cap: limit.cap(),
            },
            CloudCmd::Prices { limit } => CloudQuery::Prices { cap: limit.cap() },
            CloudCmd::PriceHistory { provider, limit } => CloudQuery::PriceHistory {
                provider,
                cap: limit.cap(),
            },
            CloudCmd::Lease { lease_id } => CloudQuery::Lease(lease_id),
            CloudCmd::Leases { open_at, limit } => CloudQuery::Leases {
                filter: open_at.map_or(LeaseFilter::All, LeaseFilter::OpenAt),
                cap: limit.cap(),
            },
            CloudCmd::Bills(BillsArgs {
                provider,
                consumer,
                limit,
                export: None,
            }) => CloudQuery::Bills {
                filter: match (provider, consumer) {
                    (Some(provider), Some(consumer)) => BillFilter::Pair { provider, consumer },
                    (Some(provider), None) => BillFilter::Provider(provider),
                    (None, Some(consumer)) => BillFilter::Consumer(consumer),
                    // clap requires one of the two.
                    (None, None) => {
                        return Err(CloudCmd::Bills(BillsArgs {
                            provider: None,
                            consumer: None,
                            limit,
                            export: None,
                        }));
                    }
                },
                cap: limit.cap(),
            },
            CloudCmd::Totals { provider, consumer } => {
                CloudQuery::Totals(match (provider, consumer) {
                    (Some(provider), Some(consumer)) => TotalsOf::Pair { provider, consumer },
                    (Some(provider), None) => TotalsOf::Provider(provider),
                    (None, Some(consumer)) => TotalsOf::Consumer(consumer),
                    (None, None) => {
                        return Err(CloudCmd::Totals {
                            provider: None,
                            consumer: None,
                        });
                    }
                })
            }
            other => return Err(other),
        })
    }
}
