//! The cloud-federation contract: research organisations lend each other compute, metered and
//! settled on the ledger.
//!
//! **Organisations** are created by the registry's administrator; each has an administrator
//! (who acts for it as a provider, and manages its users), a payout address, and an
//! encryption key its partners seal private terms to. The registry stays the one source of who
//! is a participant: a provider's administrator acts under the registry role
//! [`crate::admin::Role::CloudProvider`], a requesting user under
//! [`crate::admin::Role::CloudUser`], each checked when it acts.
//!
//! A provider sets a **quota** per consuming organisation (longest holding period, vCPUs,
//! memory, disk, public IPs, optionally GPUs) and publishes versioned, public **price lists**.
//! A user **requests** a host by sending the settlement token (cw20 `Send` with a
//! [`ReceiveMsg::RequestLease`] hook); the request is checked against the quota, priced under
//! the price list in force and escrowed at once. The provider accepts or rejects it. Either
//! side releases a running lease; anyone closes one whose holding period is over or whose
//! escrow is used up. Closing bills the lease once ([`pricing`]), pays the provider, refunds
//! the rest and records the bill with its [`CloseReason`].
//!
//! Units (every figure the contract computes with is in clear):
//! - vCPUs, public IPs and GPUs are counts; memory is MiB; disk is GiB; time is unix seconds;
//! - prices are settlement-token minor units per unit-hour: per vCPU-hour, per **GiB**-hour of
//!   memory (a lease's memory is MiB, so 512 MiB costs half the GiB price), per GiB-hour of
//!   disk, per IP-hour, per GPU-hour; and per whole GB transferred for usage.
//!
//! Pairwise privacy: what only the two organisations of a lease should read (host names,
//! addresses, access details, notes) reaches the chain only as [`SealedTerms`], envelopes of
//! the `ledger-crypto` scheme to each organisation's key and a SHA-256 commitment. See
//! [`SealedTerms`] for what a third organisation can and cannot learn.

mod query;
mod stored;

pub mod codes;
pub mod pricing;
pub mod usage;

pub use query::*;
pub use stored::*;

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Binary, HexBinary};
use cw20::Cw20ReceiveMsg;

/// Longest organisation id, bytes (letters, digits, `-`, `_`, `.`).
pub const MAX_ORG_ID_LEN: usize = 32;
/// Longest organisation name, a rejection reason or another free text, characters.
pub const MAX_TEXT_LEN: usize = 256;
/// A compressed secp256k1 public key (encryption keys and metering agents' keys), bytes.
pub const PUBLIC_KEY_LEN: usize = 33;
/// Shortest holding period a lease may ask for, unless the contract was instantiated with
/// other [`Minimums`]: one hour.
pub const DEFAULT_MIN_HOLDING_SECONDS: u64 = 3_600;
/// The escrow a request must bring covers at least this much of the lease's time at its
/// price, unless the contract was instantiated with other [`Minimums`]: one hour.
pub const DEFAULT_MIN_PREPAID_SECONDS: u64 = 3_600;
/// The range either minimum may be set to: ten seconds (a test network's leases) to thirty
/// days.
pub const MINIMUM_RANGE_SECONDS: std::ops::RangeInclusive<u64> = 10..=30 * 86_400;
/// Largest sealed envelope accepted, bytes.
pub const MAX_ENVELOPE_LEN: usize = 4_096;
/// Most usage records in one `SubmitUsage`.
pub const MAX_USAGE_BATCH: usize = 50;
/// Most instance types one price list may carry.
pub const MAX_INSTANCE_TYPES: usize = 32;
/// Longest instance-type name, bytes (letters, digits, `-`, `_`, `.`, as in `m1.large`).
pub const MAX_INSTANCE_NAME_LEN: usize = 32;

#[cw_serde]
pub struct InstantiateMsg {
    /// The registry (admin contract): its administrator creates organisations; it answers who
    /// holds the cloud roles and who is blacklisted or suspended.
    pub admin_contract: String,
    /// The settlement token (cw20) leases are escrowed and paid in; the only token accepted.
    pub token: String,
    /// The shortest lease and the least prepaid time; one hour each when not given. Fixed at
    /// instantiation, so that no request is judged by rules changed under it.
    #[serde(default)]
    pub minimums: Option<Minimums>,
}

/// The shortest lease a request may ask for and the least time its escrow must pay for.
#[cw_serde]
pub struct Minimums {
    /// Shortest holding period, seconds; also the least a quota's longest holding may be.
    pub holding_seconds: u64,
    /// Seconds of the lease at its price that the escrow must cover at least.
    pub prepaid_seconds: u64,
}

impl Default for Minimums {
    fn default() -> Self {
        Minimums {
            holding_seconds: DEFAULT_MIN_HOLDING_SECONDS,
            prepaid_seconds: DEFAULT_MIN_PREPAID_SECONDS,
        }
    }
}

#[cw_serde]
pub enum ExecuteMsg {
    /// The settlement token's `Send` hook; carries a [`ReceiveMsg`].
    Receive(Cw20ReceiveMsg),
    /// Registry administrator: creates an organisation. Its administrator must be a registered
    /// participant that is not blacklisted; it is also the first payout address.
    RegisterOrganisation {
        id: String,
        name: String,
        admin: String,
        /// Compressed secp256k1 public key (33 bytes) partners seal terms to.
        encryption_key: HexBinary,
    },
    /// The organisation's administrator: replaces its encryption key and/or payout address.
    /// Terms sealed before keep the key they were sealed to.
    UpdateOrganisation {
        org: String,
        encryption_key: Option<HexBinary>,
        payout: Option<String>,
    },
    /// The organisation's administrator: adds a user, who must hold the registry's
    /// `CloudUser` role. An address belongs to one organisation at most.
    AddUser { org: String, user: String },
    /// The organisation's administrator: removes a user. Leases it requested run on; their
    /// refunds still go to it.
    RemoveUser { org: String, user: String },
    /// The provider's administrator: sets the quota of a consuming organisation (replacing
    /// any earlier one). A quota below what is in use stops new requests only.
    SetQuota {
        provider: String,
        consumer: String,
        quota: Quota,
    },
    /// The provider's administrator: publishes a new price-list version, in force from
    /// `effective_from` (not in the past, after the latest version's). One version at a
    /// time may wait for its date.
    PublishPrices {
        provider: String,
        prices: Prices,
        effective_from: u64,
        /// Named instance types sold at one price per hour each, beside the per-unit prices
        /// (optional): at most [`MAX_INSTANCE_TYPES`], names unique and well formed, each
        /// with vCPUs and memory.
        #[serde(default)]
        instance_types: Vec<InstanceType>,
    },
    /// The provider's administrator: registers (or replaces) its metering agent's compressed
    /// secp256k1 public key. Records signed by an earlier key are refused from then on.
    RegisterAgent {
        provider: String,
        public_key: HexBinary,
    },
    /// The provider's administrator: accepts a requested lease; it runs (and is charged) from
    /// this block on.
    AcceptLease { lease_id: u64 },
    /// The provider's administrator: rejects a requested lease; the escrow is refunded and
    /// the quota released.
    RejectLease { lease_id: u64, reason: String },
    /// The consumer's side (the payer, a user or the administrator of the consumer
    /// organisation) or the provider's administrator: releases a running lease, which is
    /// billed at once. On a lease not yet accepted, the consumer's side withdraws the request
    /// (escrow refunded, nothing billed).
    ReleaseLease { lease_id: u64 },
    /// Anyone: closes a running lease whose holding period is over or whose escrow the
    /// charge has reached at this block's time (a contract cannot wake itself).
    CloseLease { lease_id: u64 },
    /// Anyone (the metering agent, or a relay): usage records of running leases, each
    /// signed by the provider's registered agent key ([`usage`]).
    SubmitUsage { records: Vec<SignedUsage> },
    /// A member of one of the lease's two organisations (an administrator or a user): stores
    /// (or replaces) the lease's sealed terms.
    SealTerms { lease_id: u64, terms: SealedTerms },
    /// Anyone: pays out what was held for a lease because a party was blacklisted or
    /// suspended, once neither its payer nor its provider is.
    ReleaseHeld { lease_id: u64 },
    /// Guardian or the registry's administrator: stops every message but the pause's own.
    Pause { reason: String },
    /// The registry's administrator: resumes the contract.
    Unpause {},
}

/// What a settlement-token `Send` to the cloud contract is for.
#[cw_serde]
pub enum ReceiveMsg {
    /// A `CloudUser` member of an organisation: requests a host from `provider` for its
    /// organisation. The tokens sent are the lease's escrow; they must cover at least the
    /// contract's [`Minimums::prepaid_seconds`] at the lease's price.
    ///
    /// The host is given either as `resources` (charged per unit-hour) or as the name of an
    /// `instance_type` of the provider's price list in force (the lease then holds exactly
    /// that type's resources, against the quota as any lease, and is charged the type's price
    /// per hour). A request giving both is refused (`cloud.instance_type_with_resources`),
    /// one giving neither too (`cloud.no_resources`): the contract never guesses which of
    /// two prices the user meant.
    RequestLease {
        provider: String,
        #[serde(default)]
        resources: Option<Resources>,
        /// The name of an instance type of the provider's price list in force.
        #[serde(default)]
        instance_type: Option<String>,
        /// How long the host is held at most, seconds; from the contract's
        /// [`Minimums::holding_seconds`] to the quota's maximum.
        holding_seconds: u64,
        /// The pair's private terms, sealed to both organisations (optional; may follow with
        /// `SealTerms`).
        terms: Option<SealedTerms>,
    },
    /// A `CloudUser` member of the lease's consumer organisation: adds the tokens sent to the
    /// escrow of a requested or running lease. Refunds go to the lease's payer.
    TopUp { lease_id: u64 },
}

/// The resources a lease holds (and a quota bounds). Memory is MiB; disk is GiB.
#[cw_serde]
#[derive(Default, Copy, Eq)]
pub struct Resources {
    pub vcpus: u32,
    pub memory_mib: u64,
    pub disk_gib: u64,
    pub public_ips: u32,
    #[serde(default)]
    pub gpus: u32,
}

/// What a provider grants one consuming organisation: its active and requested leases at the
/// provider together never hold more.
#[cw_serde]
#[derive(Copy, Eq)]
pub struct Quota {
    /// Longest holding period of one lease, seconds.
    pub max_holding_seconds: u64,
    pub vcpus: u32,
    pub memory_mib: u64,
    pub disk_gib: u64,
    pub public_ips: u32,
    /// GPUs granted; `None` (or 0) grants none.
    #[serde(default)]
    pub gpus: Option<u32>,
}

/// One price list: minor units of the settlement token per unit-hour, and per GB transferred.
#[cw_serde]
#[derive(Default, Copy, Eq)]
pub struct Prices {
    pub per_vcpu_hour: u64,
    /// Per GiB of memory per hour (a lease's memory is MiB; see [`pricing`]).
    pub per_memory_gib_hour: u64,
    pub per_disk_gib_hour: u64,
    pub per_public_ip_hour: u64,
    #[serde(default)]
    pub per_gpu_hour: u64,
    /// Per whole GB transferred, from signed usage records.
    pub per_gb_transferred: u64,
}

/// A named instance type of a price list: a fixed set of resources sold at one price per hour
/// (as cloud flavors are), charged with the same rounding rule as per-unit prices
/// ([`pricing`]).
#[cw_serde]
pub struct InstanceType {
    /// Unique within its price list: 1 to [`MAX_INSTANCE_NAME_LEN`] letters, digits, `-`,
    /// `_`, `.`.
    pub name: String,
    /// What a lease of this type holds (and counts against the quota); vCPUs and memory at
    /// least.
    pub resources: Resources,
    /// Minor units of the settlement token per hour for the whole instance.
    pub per_hour: u64,
}

/// A pair's private terms: the same terms sealed twice, once to each organisation's
/// encryption key, with the `ledger-crypto` envelope (ECIES: ECDH on secp256k1, HKDF-SHA256,
/// ChaCha20-Poly1305), and a commitment to them.
///
/// What a third organisation (or anyone reading the chain) **can** learn: that the two
/// organisations have a lease, its resources, holding period, price version, escrow, usage,
/// bill and close reason (the contract computes with these, so they are clear), who sealed
/// the terms and when, and the envelopes' lengths. What it **cannot**: the terms themselves
/// (host names, IP addresses, access details, notes), which only the holders of the two
/// organisations' secret keys can open; nor can it test a guess against the commitment,
/// because the committed opening carries a random 32-byte salt.
#[cw_serde]
pub struct SealedTerms {
    /// The envelope to the provider organisation's encryption key.
    pub for_provider: Binary,
    /// The envelope to the consumer organisation's encryption key.
    pub for_consumer: Binary,
    /// SHA-256 commitment to the salted terms (32 bytes), as `ledger-crypto`'s `commit`
    /// makes it; each party checks its opened copy against it.
    pub commitment: HexBinary,
}

/// A usage record signed by the provider's metering agent (see [`usage`]).
#[cw_serde]
pub struct SignedUsage {
    pub lease_id: u64,
    /// Strictly increasing per lease.
    pub sequence: u64,
    /// Whole GB transferred in the period (the agent carries fractions into its next record).
    pub gb: u64,
    /// The measured period, unix seconds: `period_start` before `period_end`, within the
    /// lease's running time (from acceptance to the holding period's end), after the previous
    /// record's end, not in the future.
    pub period_start: u64,
    pub period_end: u64,
    /// 64-byte compact secp256k1 signature over [`usage::digest`].
    pub signature: Binary,
}

#[cw_serde]
pub struct MigrateMsg {}

#[cfg(test)]
mod tests;
