//! The bank contract: issues the settlement token against deposits, holds consumers' prepaid
//! balances and pays bills' instalments to retailers.

use cosmwasm_schema::{QueryResponses, cw_serde};
use cosmwasm_std::{Addr, Uint128};
use cw20::Cw20ReceiveMsg;

/// Most instalments one `Settle` processes when it gives no limit.
pub const DEFAULT_SETTLE_LIMIT: u32 = 20;
/// Most instalments one `Settle` may process.
pub const MAX_SETTLE_LIMIT: u32 = 100;

#[cw_serde]
pub struct InstantiateMsg {
    /// The admin contract, asked for roles, meters and blacklisting.
    pub admin_contract: String,
    /// Code id of cw20-base; the bank instantiates the settlement token and is its only minter.
    pub token_code_id: u64,
    pub token_name: String,
    pub token_symbol: String,
    pub token_decimals: u8,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// The settlement token's `Send` hook; carries a [`ReceiveMsg`].
    Receive(Cw20ReceiveMsg),
    /// Bank operator: mints `amount` against a fiat deposit. A reference is credited once.
    /// With `prepay`, the tokens go straight to `recipient`'s prepaid balance at the bank;
    /// otherwise to `recipient`'s wallet.
    Deposit {
        reference: String,
        recipient: String,
        amount: Uint128,
        prepay: bool,
    },
    /// Bank operator: burns the tokens of a redemption request once the fiat is paid out.
    Redeem {
        request_id: u64,
        payout_reference: String,
    },
    /// Bank operator: pays `amount` of a meter's open instalments from its owner's prepaid
    /// balance, oldest due first. Refused beyond what is open.
    MakePayment { meter_id: String, amount: Uint128 },
    /// Anyone: pays instalments that have fallen due, in due-date order, at most `limit`
    /// (default [`DEFAULT_SETTLE_LIMIT`]); those the prepaid balance cannot cover become overdue.
    Settle { limit: Option<u32> },
    /// The owner's meter contract only: schedules a period's advances.
    ScheduleAdvances(AdvanceNotice),
    /// The owner's meter contract only: records a closed period's bill, replaces the period's
    /// unpaid advances by a final instalment and schedules the next period's advances.
    RecordBill(BillNotice),
}

/// What the settlement token's `Send` to the bank is for.
#[cw_serde]
pub enum ReceiveMsg {
    /// Adds the tokens to the sender's prepaid balance.
    Prepay {},
    /// Escrows the tokens until a bank operator pays out the fiat and burns them.
    RequestRedemption {
        /// Where the fiat goes, as the bank knows it (an account number or IBAN).
        payout_account: String,
    },
}

/// A period's advances as the meter contract dates them.
#[cw_serde]
pub struct AdvanceNotice {
    pub meter_id: String,
    pub period: u32,
    /// The estimate the advances are shares of: the previous bill, or the contracted amount.
    pub estimate: Uint128,
    pub advances: Vec<AdvanceTerm>,
}

#[cw_serde]
pub struct AdvanceTerm {
    /// Share of the estimate, basis points.
    pub bps: u16,
    /// Due date, unix seconds.
    pub due: u64,
}

/// A closed period's bill as the meter contract reports it.
#[cw_serde]
pub struct BillNotice {
    pub meter_id: String,
    pub period: u32,
    pub total: Uint128,
    /// Due date of the final instalment, unix seconds.
    pub final_due: u64,
    /// The next period's advances, estimated from this bill.
    pub next: AdvanceNotice,
}

/// What an instalment is.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum InstalmentKind {
    /// The n-th advance of the period, counting from 1.
    Advance { number: u8 },
    /// The bill minus the advances paid.
    Final,
}

/// Where an instalment stands.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum InstalmentStatus {
    /// Not yet settled; due when its date has passed.
    Open,
    /// Fell due and the prepaid balance could not cover it (or the owner is blacklisted).
    Overdue,
    Paid,
    /// An unpaid advance replaced by its period's final instalment.
    Superseded,
}

#[cw_serde]
pub struct Instalment {
    pub id: u64,
    pub meter_id: String,
    pub consumer: Addr,
    pub retailer: Addr,
    pub period: u32,
    pub kind: InstalmentKind,
    pub due: u64,
    pub amount: Uint128,
    /// Paid so far, tokens and credit together.
    pub paid: Uint128,
    pub status: InstalmentStatus,
}

/// Where a payment's value came from.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum PaymentSource {
    /// Taken from the prepaid balance by `Settle`.
    Automatic,
    /// Taken from the prepaid balance by a bank operator's `MakePayment`.
    Operator,
    /// An earlier period's overpayment.
    Credit,
}

#[cw_serde]
pub struct Payment {
    pub id: u64,
    pub instalment_id: u64,
    pub meter_id: String,
    pub period: u32,
    pub consumer: Addr,
    pub retailer: Addr,
    pub amount: Uint128,
    pub source: PaymentSource,
    /// Block time, unix seconds.
    pub at: u64,
}

/// A bill's account at the bank.
#[cw_serde]
pub struct BillAccount {
    pub meter_id: String,
    pub period: u32,
    /// The bill, once the period is closed.
    pub total: Option<Uint128>,
    /// Paid towards the period's advances.
    pub advances_paid: Uint128,
    /// Paid towards the final instalment.
    pub final_paid: Uint128,
    pub instalment_ids: Vec<u64>,
}

#[cw_serde]
pub struct Deposit {
    pub reference: String,
    pub recipient: Addr,
    pub amount: Uint128,
    pub prepay: bool,
    pub operator: Addr,
    pub at: u64,
}

#[cw_serde]
#[derive(Copy, Eq)]
pub enum RedemptionStatus {
    Requested,
    Redeemed,
}

#[cw_serde]
pub struct Redemption {
    pub id: u64,
    pub holder: Addr,
    pub amount: Uint128,
    pub payout_account: String,
    pub status: RedemptionStatus,
    pub payout_reference: Option<String>,
    pub requested_at: u64,
}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The bank's wiring.
    #[returns(ConfigResponse)]
    Config {},
    /// Running totals of the token's life: minted, burned, held for consumers.
    #[returns(TotalsResponse)]
    Totals {},
    /// A deposit by its reference.
    #[returns(Deposit)]
    Deposit { reference: String },
    /// A consumer's prepaid balance.
    #[returns(PrepaidResponse)]
    Prepaid { consumer: String },
    /// Prepaid balances in address order.
    #[returns(PrepaidListResponse)]
    PrepaidBalances {
        start_after: Option<String>,
        limit: Option<u32>,
    },
    /// Unused overpayment of a meter, applied to its next instalments.
    #[returns(Uint128)]
    Credit { meter_id: String },
    /// One instalment.
    #[returns(Instalment)]
    Instalment { id: u64 },
    /// A meter's instalments in id order.
    #[returns(InstalmentsResponse)]
    InstalmentsByMeter {
        meter_id: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// Overdue instalments in due-date order; paged by (due, id).
    #[returns(InstalmentsResponse)]
    Overdue {
        start_after: Option<(u64, u64)>,
        limit: Option<u32>,
    },
    /// A bill's account.
    #[returns(BillAccount)]
    BillAccount { meter_id: String, period: u32 },
    /// A consumer's payments in id order.
    #[returns(PaymentsResponse)]
    PaymentsByConsumer {
        consumer: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// A bill's payments in id order.
    #[returns(PaymentsResponse)]
    PaymentsByBill {
        meter_id: String,
        period: u32,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// One redemption request.
    #[returns(Redemption)]
    Redemption { id: u64 },
    /// Redemption requests in id order.
    #[returns(RedemptionsResponse)]
    Redemptions {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
}

#[cw_serde]
pub struct ConfigResponse {
    pub admin_contract: Addr,
    /// The settlement token (cw20), once instantiated.
    pub token: Addr,
}

#[cw_serde]
pub struct TotalsResponse {
    pub minted: Uint128,
    pub burned: Uint128,
    /// Sum of all prepaid balances.
    pub prepaid: Uint128,
    /// Tokens escrowed by redemption requests not yet redeemed.
    pub escrowed: Uint128,
    /// Paid to retailers, all time.
    pub paid_out: Uint128,
}

#[cw_serde]
pub struct PrepaidResponse {
    pub consumer: Addr,
    pub balance: Uint128,
}

#[cw_serde]
pub struct PrepaidListResponse {
    pub balances: Vec<PrepaidResponse>,
}

#[cw_serde]
pub struct InstalmentsResponse {
    pub instalments: Vec<Instalment>,
}

#[cw_serde]
pub struct PaymentsResponse {
    pub payments: Vec<Payment>,
}

#[cw_serde]
pub struct RedemptionsResponse {
    pub redemptions: Vec<Redemption>,
}

#[cw_serde]
pub struct MigrateMsg {}
