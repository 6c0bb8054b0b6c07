//! Carbon credits of the park: a registry of verified emission reductions that no tonne can
//! be counted in twice.
//!
//! - **Standards** ([`Standard`]): VCS, CDM, Gold Standard, or another programme by name. Each
//!   standard keeps one serial-number registry. The registry's administrator registers the
//!   third-party **verifiers** of each standard.
//! - **Classes**: an id, a standard, a methodology reference, an administrator (who manages
//!   the class's issuers) and its issuers, created by the registry's administrator.
//! - **Projects**: an id, a class, a jurisdiction (ISO 3166-1 alpha-2, optionally with an
//!   ISO 3166-2 subdivision: `KE` or `KE-110`), a developer and metadata; created by an issuer
//!   of the class.
//! - **Batches**: a project's credits of one vintage (`[vintage_start, vintage_end)`, unix
//!   seconds) with a serial range `[serial_first, serial_last]` of the class's standard.
//!   *Sign-off*: an issuer of the class proposes the batch ([`ExecuteMsg::ProposeBatch`],
//!   which already reserves its serial range), then a verifier registered for the standard,
//!   who is neither the proposer nor an issuer or the administrator of the class, approves it ([`ExecuteMsg::ApproveBatch`]): only then are the
//!   credits issued to the holders, and the verifier and time are recorded on the batch. A
//!   verifier may reject the proposal instead, which frees the range.
//! - **No double counting**: serial numbers are plain integers inside their standard's
//!   registry (the registry's key is the standard; there is no per-project prefix). A range
//!   that overlaps any range of the same standard, proposed or issued, is refused
//!   (`park_credits.serial_overlap`, naming the batch that holds it).
//! - **Precision**: one credit is one tonne of CO2-equivalent and carries one serial number;
//!   amounts are whole credits (`u64`), and a batch issues exactly as many credits as its
//!   range holds serials. Within a batch credits are fungible: a retirement or a cancellation
//!   names an amount, not particular serials.
//! - **Holding**: per (holder, batch) a tradable and a retired balance; per batch the running
//!   totals keep `issued = tradable + retired + cancelled`. Holders transfer (optionally
//!   retiring on arrival), retire (for a beneficiary, on behalf of someone, in a jurisdiction,
//!   for a reason: each retirement is a [`Retirement`] certificate with an id) and cancel
//!   (tradable credits withdrawn for ever, with a reason).
//! - **Link to the park**: a retirement may name the metered consumption it offsets
//!   ([`ConsumptionClaim`]: a consumption meter of the registry owned by the holder or by the
//!   address it retires on behalf of, and a period); the retirement shows the meter, and the
//!   meter's retirements are listed ([`QueryMsg::RetirementsByMeter`]). It may instead (or
//!   as well) name a product footprint version of the footprints contract ([`ProductClaim`]),
//!   declared by the holder or by the address it retires on behalf of: the credits contract
//!   checks the footprint with the footprints contract, lists the product's retirements
//!   ([`QueryMsg::RetirementsByProduct`]) and records the retirement there too, where the
//!   footprint shows the credits retired against it.
//! - **Market**: a holder offers tradable credits at a price per credit in the settlement
//!   token ([`ExecuteMsg::Sell`]), which escrows them in the contract until they are bought or
//!   the order is withdrawn; a buyer pays exactly `amount × price` through the token's `Send`
//!   ([`ReceiveMsg::Buy`]), optionally retiring the credits in the same message, and the
//!   contract pays the seller at once. Escrowed credits count as tradable in the batch's
//!   totals but are in no holder's balance.
//! - **History**: every issuance, transfer, retirement, cancellation, listing and withdrawal
//!   is appended to one log with a running index, listed per batch and per holder.

use cosmwasm_schema::{QueryResponses, cw_serde};
use cosmwasm_std::Uint128;
use cw20::Cw20ReceiveMsg;

/// Longest class or project id, bytes (`[A-Za-z0-9._-]`).
pub const MAX_ID_LEN: usize = 32;
/// Longest name of a standard outside the three known ones, bytes (`[A-Za-z0-9._-]`).
pub const MAX_STANDARD_NAME_LEN: usize = 32;
/// Longest methodology reference, bytes.
pub const MAX_METHODOLOGY_LEN: usize = 128;
/// Longest project developer (an organisation's name), bytes.
pub const MAX_DEVELOPER_LEN: usize = 128;
/// Longest metadata of a project or batch (a URI or a short JSON document), bytes.
pub const MAX_METADATA_LEN: usize = 1_024;
/// Longest beneficiary or on-behalf-of name of a retirement, bytes.
pub const MAX_NAME_LEN: usize = 128;
/// Longest reason of a retirement, cancellation or rejection, bytes.
pub const MAX_REASON_LEN: usize = 256;
/// Most issuers a class has.
pub const MAX_ISSUERS: usize = 20;
/// Most holders a batch is issued to.
pub const MAX_HOLDERS: usize = 50;

/// A carbon-crediting programme; each keeps one registry of serial numbers.
#[cw_serde]
#[derive(Eq, PartialOrd, Ord)]
pub enum Standard {
    /// Verra's Verified Carbon Standard.
    Vcs,
    /// The UN's Clean Development Mechanism.
    Cdm,
    GoldStandard,
    /// Another programme, by its name (`[A-Za-z0-9._-]`, not one of the three above).
    Other(String),
}

impl Standard {
    /// The key of the standard's serial registry, also its name in events and storage. An
    /// `Other` name is folded to lower case, so that `Puro.earth` and `puro.earth` are one
    /// registry and cannot number the same serial twice.
    pub fn registry_key(&self) -> String {
        match self {
            Standard::Vcs => "vcs".to_string(),
            Standard::Cdm => "cdm".to_string(),
            Standard::GoldStandard => "gold_standard".to_string(),
            Standard::Other(name) => format!("other:{}", name.to_ascii_lowercase()),
        }
    }
}

#[cw_serde]
pub struct InstantiateMsg {
    /// The registry (admin contract): its administrator, participants and their standing.
    pub admin_contract: String,
    /// The settlement token, in which the credit market will price credits.
    pub token: String,
    /// The product-footprints contract, against whose footprints credits may be retired; none
    /// means product claims are refused (`park_credits.no_footprints`).
    pub footprints: Option<String>,
}

/// One holder's share of a batch.
#[cw_serde]
pub struct BatchIssuance {
    pub recipient: String,
    /// Credits the recipient may trade.
    pub tradable: u64,
    /// Credits retired in the recipient's name at issuance.
    pub retired: u64,
    /// The retirement's terms; required when `retired` is more than 0.
    pub retirement: Option<RetirementTerms>,
}

/// What a retirement is for.
#[cw_serde]
pub struct RetirementTerms {
    /// Who may claim the reduction (an organisation or a person), 1 to 128 bytes.
    pub beneficiary: String,
    /// Whom the retiring holder acts for, if anyone ("retired by X on behalf of Y").
    pub on_behalf_of: Option<String>,
    /// Where the reduction is claimed: ISO 3166-1 alpha-2, optionally with a subdivision.
    pub jurisdiction: String,
    /// Why, 1 to 256 bytes.
    pub reason: String,
    /// The metered consumption the retirement offsets, if any: a park member's link between
    /// its credits and its meter, listed by [`QueryMsg::RetirementsByMeter`].
    pub consumption: Option<ConsumptionClaim>,
    /// The product footprint the retirement offsets, if any.
    pub product: Option<ProductClaim>,
}

/// A version of a product's footprint in the footprints contract. The product's declaring
/// company must be the retirement's holder, or the address the holder retires on behalf of.
#[cw_serde]
pub struct ProductClaim {
    pub product_id: String,
    pub version: u32,
}

/// Consumption of a registered consumption meter in `[period_from, period_to)` (unix
/// seconds). The meter's owner must be the retirement's holder, or the address the holder
/// retires on behalf of.
#[cw_serde]
pub struct ConsumptionClaim {
    pub meter_id: String,
    pub period_from: u64,
    pub period_to: u64,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// The registry's administrator: lets `address` sign off batches of `standard`.
    AddVerifier { standard: Standard, address: String },
    /// The registry's administrator: withdraws a verifier.
    RemoveVerifier { standard: Standard, address: String },
    /// The registry's administrator: a class of credits under a standard.
    CreateClass {
        id: String,
        standard: Standard,
        methodology: String,
        /// Manages the class's issuers.
        admin: String,
        issuers: Vec<String>,
    },
    /// The class's administrator: adds and removes issuers.
    UpdateIssuers {
        class_id: String,
        add: Vec<String>,
        remove: Vec<String>,
    },
    /// An issuer of the class: a project that the class's batches will credit.
    CreateProject {
        id: String,
        class_id: String,
        jurisdiction: String,
        developer: String,
        metadata: String,
    },
    /// An issuer of the project's class: proposes a batch, reserving its serial range.
    ProposeBatch {
        project_id: String,
        vintage_start: u64,
        vintage_end: u64,
        serial_first: u64,
        serial_last: u64,
        issuance: Vec<BatchIssuance>,
        metadata: String,
    },
    /// A verifier of the class's standard (not the proposer, nor an issuer or the
    /// administrator of the class): signs the batch off, which issues its credits.
    ApproveBatch { batch_id: u64 },
    /// A verifier of the class's standard: refuses the proposal, freeing its serial range.
    RejectBatch { batch_id: u64, reason: String },
    /// A holder: moves tradable credits; with `retire`, they arrive retired in the
    /// recipient's name and a retirement certificate is made.
    Transfer {
        batch_id: u64,
        recipient: String,
        amount: u64,
        retire: Option<RetirementTerms>,
    },
    /// A holder: retires tradable credits, making a retirement certificate.
    Retire {
        batch_id: u64,
        amount: u64,
        beneficiary: String,
        on_behalf_of: Option<String>,
        jurisdiction: String,
        reason: String,
        /// The metered consumption the retirement offsets, if any.
        consumption: Option<ConsumptionClaim>,
        /// The product footprint the retirement offsets, if any.
        product: Option<ProductClaim>,
    },
    /// A holder: cancels tradable credits (they leave circulation unclaimed, for example
    /// when exported to another registry).
    Cancel {
        batch_id: u64,
        amount: u64,
        reason: String,
    },
    /// A holder: offers tradable credits at `price` settlement-token units per credit,
    /// escrowing them until bought or withdrawn.
    Sell {
        batch_id: u64,
        amount: u64,
        price: Uint128,
    },
    /// The seller: withdraws what is left of a sell order, back to its tradable balance.
    CancelSellOrder { order_id: u64 },
    /// The settlement token's `Send` hook; carries a [`ReceiveMsg`].
    Receive(Cw20ReceiveMsg),
    /// Guardian or the registry's administrator: stops every message but the pause's own.
    Pause { reason: String },
    /// The registry's administrator: resumes the contract.
    Unpause {},
}

/// What a settlement-token `Send` to the contract asks for.
#[cw_serde]
pub enum ReceiveMsg {
    /// Buys `amount` credits of the order, paying exactly `amount × price` (the tokens sent);
    /// with `retire`, they are retired in the buyer's name at once.
    Buy {
        order_id: u64,
        amount: u64,
        retire: Option<RetirementTerms>,
    },
}

#[cw_serde]
pub struct MigrateMsg {}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    #[returns(ConfigResponse)]
    Config {},
    /// Whether the contract is paused, by whom, since when and why.
    #[returns(crate::emergency::PauseStatus)]
    PauseStatus {},
    /// A standard's verifiers, by address.
    #[returns(VerifiersResponse)]
    Verifiers {
        standard: Standard,
        start_after: Option<String>,
        limit: Option<u32>,
    },
    #[returns(Class)]
    Class { id: String },
    /// Every class, by id.
    #[returns(ClassesResponse)]
    Classes {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    #[returns(Project)]
    Project { id: String },
    /// Every project, by id.
    #[returns(ProjectsResponse)]
    Projects {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    #[returns(Batch)]
    Batch { id: u64 },
    /// Every batch (proposed, issued or rejected), by id.
    #[returns(BatchesResponse)]
    Batches {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// A holder's balance in a batch (zero when it holds none).
    #[returns(Balance)]
    Balance { batch_id: u64, holder: String },
    /// A holder's balances, by batch.
    #[returns(BalancesResponse)]
    Balances {
        holder: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    #[returns(Retirement)]
    Retirement { id: u64 },
    /// Retirements in a holder's name, by id.
    #[returns(RetirementsResponse)]
    RetirementsByHolder {
        holder: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// Retirements for a beneficiary (the exact name given), by id.
    #[returns(RetirementsResponse)]
    RetirementsByBeneficiary {
        beneficiary: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// A batch's history, oldest first.
    #[returns(HistoryResponse)]
    BatchHistory {
        batch_id: u64,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// Every history entry that moved a holder's credits, oldest first.
    #[returns(HistoryResponse)]
    HolderHistory {
        holder: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    #[returns(SellOrder)]
    SellOrder { id: u64 },
    /// Every open sell order, by id.
    #[returns(SellOrdersResponse)]
    SellOrders {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// A seller's open sell orders, by id.
    #[returns(SellOrdersResponse)]
    SellOrdersBySeller {
        seller: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// Retirements claimed against a meter's consumption, by id.
    #[returns(RetirementsResponse)]
    RetirementsByMeter {
        meter_id: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// The retirements that name a product (any version), by retirement id.
    #[returns(RetirementsResponse)]
    RetirementsByProduct {
        product_id: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// The batch whose range (proposed or issued) covers `serial` in `standard`'s registry.
    #[returns(SerialLookupResponse)]
    Serial { standard: Standard, serial: u64 },
}

#[cw_serde]
pub struct ConfigResponse {
    pub admin_contract: String,
    pub token: String,
    pub footprints: Option<String>,
}

#[cw_serde]
pub struct VerifiersResponse {
    pub standard: Standard,
    pub verifiers: Vec<String>,
    pub has_more: bool,
}

#[cw_serde]
pub struct Class {
    pub id: String,
    pub standard: Standard,
    pub methodology: String,
    pub admin: String,
    pub issuers: Vec<String>,
    pub created_at: u64,
}

#[cw_serde]
pub struct ClassesResponse {
    pub classes: Vec<Class>,
    pub has_more: bool,
}

#[cw_serde]
pub struct Project {
    pub id: String,
    pub class_id: String,
    pub jurisdiction: String,
    pub developer: String,
    pub metadata: String,
    pub created_by: String,
    pub created_at: u64,
}

#[cw_serde]
pub struct ProjectsResponse {
    pub projects: Vec<Project>,
    pub has_more: bool,
}

/// Where a batch is in its sign-off.
#[cw_serde]
pub enum BatchStatus {
    /// Proposed by an issuer; its range is reserved; nothing is issued yet.
    Proposed,
    /// Signed off by `verifier`: the credits are issued.
    Issued { verifier: String, verified_at: u64 },
    /// Refused by `verifier`; its range is free again.
    Rejected {
        verifier: String,
        reason: String,
        rejected_at: u64,
    },
}

/// A batch's running totals: `issued = tradable + retired + cancelled` at every moment.
#[cw_serde]
#[derive(Default, Copy, Eq)]
pub struct BatchTotals {
    pub issued: u64,
    pub tradable: u64,
    pub retired: u64,
    pub cancelled: u64,
}

#[cw_serde]
pub struct Batch {
    pub id: u64,
    pub project_id: String,
    pub class_id: String,
    pub standard: Standard,
    pub vintage_start: u64,
    pub vintage_end: u64,
    pub serial_first: u64,
    pub serial_last: u64,
    /// The issuance as proposed.
    pub issuance: Vec<BatchIssuance>,
    pub metadata: String,
    pub proposed_by: String,
    pub proposed_at: u64,
    pub status: BatchStatus,
    pub totals: BatchTotals,
}

#[cw_serde]
pub struct BatchesResponse {
    pub batches: Vec<Batch>,
    pub has_more: bool,
}

/// What a holder has of a batch, in whole credits.
#[cw_serde]
#[derive(Default, Copy, Eq)]
pub struct Balance {
    pub batch_id: u64,
    pub tradable: u64,
    pub retired: u64,
}

#[cw_serde]
pub struct BalancesResponse {
    pub holder: String,
    pub balances: Vec<Balance>,
    pub has_more: bool,
}

/// How a retirement came about.
#[cw_serde]
pub enum RetiredThrough {
    /// Retired at issuance.
    Issuance,
    /// Retired by its holder.
    Retire,
    /// Retired on arrival of a transfer from `from`.
    Transfer { from: String },
    /// Bought from sell order `order_id` of `seller` and retired in the same message.
    Purchase { order_id: u64, seller: String },
}

/// A retirement certificate: who retired how many credits of which batch, for whom and why.
#[cw_serde]
pub struct Retirement {
    pub id: u64,
    pub batch_id: u64,
    pub project_id: String,
    pub class_id: String,
    pub standard: Standard,
    pub vintage_start: u64,
    pub vintage_end: u64,
    /// In whose retired balance the credits are.
    pub holder: String,
    pub amount: u64,
    pub beneficiary: String,
    pub on_behalf_of: Option<String>,
    pub jurisdiction: String,
    pub reason: String,
    /// The metered consumption it offsets, if any.
    pub consumption: Option<ConsumptionClaim>,
    /// The product footprint it offsets, if any.
    #[serde(default)]
    pub product: Option<ProductClaim>,
    pub through: RetiredThrough,
    pub retired_at: u64,
}

#[cw_serde]
pub struct RetirementsResponse {
    pub retirements: Vec<Retirement>,
    pub has_more: bool,
}

/// One change to a batch's credits.
#[cw_serde]
pub enum HistoryEntry {
    Issued {
        to: String,
        tradable: u64,
        retired: u64,
    },
    Transferred {
        from: String,
        to: String,
        amount: u64,
        /// Whether they arrived retired.
        retired: bool,
    },
    Retired {
        holder: String,
        amount: u64,
        retirement_id: u64,
    },
    Cancelled {
        holder: String,
        amount: u64,
        reason: String,
    },
    /// Tradable credits escrowed in a sell order.
    Listed {
        seller: String,
        order_id: u64,
        amount: u64,
        price: Uint128,
    },
    /// What was left of a sell order, back to the seller.
    Unlisted {
        seller: String,
        order_id: u64,
        amount: u64,
    },
}

#[cw_serde]
pub struct HistoryEvent {
    /// Position in the contract's one log, from 1; the same in every list it appears in.
    pub seq: u64,
    pub batch_id: u64,
    pub at: u64,
    pub entry: HistoryEntry,
}

#[cw_serde]
pub struct HistoryResponse {
    pub events: Vec<HistoryEvent>,
    pub has_more: bool,
}

/// An open sell order.
#[cw_serde]
pub struct SellOrder {
    pub id: u64,
    pub batch_id: u64,
    pub seller: String,
    /// Credits still escrowed for sale.
    pub remaining: u64,
    /// Settlement-token units per credit.
    pub price: Uint128,
    pub created_at: u64,
}

#[cw_serde]
pub struct SellOrdersResponse {
    pub orders: Vec<SellOrder>,
    pub has_more: bool,
}

#[cw_serde]
pub struct SerialLookupResponse {
    pub standard: Standard,
    pub serial: u64,
    /// The batch covering it, with its range; none when no range covers it.
    pub batch: Option<SerialHolder>,
}

#[cw_serde]
pub struct SerialHolder {
    pub batch_id: u64,
    pub serial_first: u64,
    pub serial_last: u64,
}
