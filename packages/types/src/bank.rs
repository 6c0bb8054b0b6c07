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
    /// Bank operator: mints `amount` against a fiat deposit. A reference is credited once,
    /// compared after normalising it (see [`normalise_reference`]: surrounding whitespace
    /// trimmed, inner runs of whitespace collapsed to one space, ASCII letters lower-cased; so
    /// "SEPA-1 " and "sepa-1" are the same reference). With `prepay`, the tokens go straight to
    /// `recipient`'s prepaid balance at the bank (a registered consumer); otherwise to
    /// `recipient`'s wallet. Refused for a blacklisted or suspended recipient.
    Deposit {
        reference: String,
        recipient: String,
        amount: Uint128,
        prepay: bool,
    },
    /// Bank operator: burns the tokens of a redemption request once the fiat is paid out.
    /// Refused while the holder is blacklisted (the request stays escrowed); a suspended
    /// holder's request, already in flight, is redeemed.
    Redeem {
        request_id: u64,
        payout_reference: String,
    },
    /// Bank operator: pays `amount` of a meter's open instalments from its owner's prepaid
    /// balance, oldest due first. Refused beyond what is open, and refused (the instalments
    /// stay open) when the consumer or the retailer of an instalment it would pay is
    /// blacklisted.
    MakePayment { meter_id: String, amount: Uint128 },
    /// Anyone: first pays the overdue instalments of consumers funded since they went overdue
    /// (oldest first, each consumer's while the balance covers them), then the Open
    /// instalments that have fallen due in due-date order (those the prepaid balance cannot
    /// cover become overdue), then re-checks held instalments; each step at most `limit`
    /// instalments (default [`DEFAULT_SETTLE_LIMIT`]). An instalment whose consumer or retailer
    /// is blacklisted is never paid: it stays unpaid, is *held* (query [`QueryMsg::Held`]) and
    /// counted in the `held_blacklisted` attribute, and is paid once both are cleared.
    Settle { limit: Option<u32> },
    /// The owner's meter contract only: schedules a period's advances.
    ScheduleAdvances(AdvanceNotice),
    /// The owner's meter contract only: records a closed period's bill, replaces the period's
    /// unpaid advances by a final instalment and schedules the next period's advances.
    RecordBill(BillNotice),
    /// Guardian or administrator: stops every message that moves value or changes records.
    Pause { reason: String },
    /// Administrator: resumes the bank.
    Unpause {},
}

/// A deposit reference as the bank compares it: surrounding whitespace trimmed, every inner
/// run of whitespace collapsed to one space, ASCII letters lower-cased. Other characters are
/// kept as they are.
pub fn normalise_reference(reference: &str) -> String {
    reference
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
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
    /// Fell due and the prepaid balance could not cover it, or its consumer or retailer is
    /// blacklisted (then it is also *held*, see [`QueryMsg::Held`]).
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
    /// For a meter living in a region: the router that reported the bill (or the period's
    /// advances), which the bank tells of every change of what is paid of the recorded bill.
    /// Absent for a meter on the main chain.
    #[serde(default)]
    pub router: Option<Addr>,
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
    /// A deposit by its reference (normalised before the look-up).
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
    /// Overdue instalments held because their consumer or retailer is blacklisted, in id
    /// order, each with whom and why.
    #[returns(HeldResponse)]
    Held {
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// Whether the bank is paused.
    #[returns(crate::emergency::PauseStatus)]
    PauseStatus {},
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
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct InstalmentsResponse {
    pub instalments: Vec<Instalment>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

/// An instalment the bank will not pay while a party to it is blacklisted.
#[cw_serde]
pub struct HeldInstalment {
    pub instalment: Instalment,
    /// The blacklisted party (the consumer or the retailer) found by the last check.
    pub party: Addr,
    /// The blacklisting reason.
    pub reason: String,
    /// Block time the bank first held it, unix seconds.
    pub since: u64,
}

#[cw_serde]
pub struct HeldResponse {
    pub held: Vec<HeldInstalment>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct PaymentsResponse {
    pub payments: Vec<Payment>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct RedemptionsResponse {
    pub redemptions: Vec<Redemption>,
    /// More entries follow: ask again with `start_after` set to the last entry's key.
    #[serde(default)]
    pub has_more: bool,
}

#[cw_serde]
pub struct MigrateMsg {}

/// Stable error codes of the bank (see [`crate::error_code`]). Refusals every contract shares
/// (pause, blacklisting, suspension, migration, funds, overflow) carry `common.*` codes.
pub mod codes {
    /// A multiplication by a ratio overflowed or divided by zero.
    pub const MULTIPLY_RATIO: &str = "bank.multiply_ratio";
    /// The token code id is 0.
    pub const INVALID_TOKEN_CODE_ID: &str = "bank.invalid_token_code_id";
    /// The token name is not 3 to 50 bytes.
    pub const INVALID_TOKEN_NAME: &str = "bank.invalid_token_name";
    /// The token symbol is not 3 to 12 letters or '-'.
    pub const INVALID_TOKEN_SYMBOL: &str = "bank.invalid_token_symbol";
    /// The token decimals exceed 18.
    pub const INVALID_TOKEN_DECIMALS: &str = "bank.invalid_token_decimals";
    /// A reply the bank did not ask for.
    pub const UNKNOWN_REPLY_ID: &str = "bank.unknown_reply_id";
    /// The settlement token's instantiation failed.
    pub const TOKEN_INSTANTIATION_FAILED: &str = "bank.token_instantiation_failed";
    /// The token's instantiation reply names no contract.
    pub const MISSING_TOKEN_ADDRESS: &str = "bank.missing_token_address";
    /// The settlement token does not exist yet.
    pub const TOKEN_NOT_INSTANTIATED: &str = "bank.token_not_instantiated";
    /// The sender is not an active bank operator.
    pub const NOT_BANK_OPERATOR: &str = "bank.not_bank_operator";
    /// The registry has no such meter.
    pub const UNKNOWN_METER: &str = "bank.unknown_meter";
    /// Only the meter's own contract reports its billing.
    pub const NOT_METER_CONTRACT: &str = "bank.not_meter_contract";
    /// Tokens sent to the bank by a contract that is not the settlement token.
    pub const WRONG_TOKEN: &str = "bank.wrong_token";
    /// A prepaid balance for an address that is not a registered consumer.
    pub const NOT_A_CONSUMER: &str = "bank.not_a_consumer";
    /// Empty free text.
    pub const EMPTY_TEXT: &str = "bank.empty_text";
    /// Overlong free text.
    pub const TEXT_TOO_LONG: &str = "bank.text_too_long";
    /// A zero amount.
    pub const ZERO_AMOUNT: &str = "bank.zero_amount";
    /// The (normalised) deposit reference was credited before.
    pub const DEPOSIT_REFERENCE_USED: &str = "bank.deposit_reference_used";
    /// The payout reference was used before.
    pub const PAYOUT_REFERENCE_USED: &str = "bank.payout_reference_used";
    /// No such redemption request.
    pub const REDEMPTION_NOT_FOUND: &str = "bank.redemption_not_found";
    /// The redemption request was already redeemed.
    pub const ALREADY_REDEEMED: &str = "bank.already_redeemed";
    /// Settle's limit is out of range.
    pub const INVALID_SETTLE_LIMIT: &str = "bank.invalid_settle_limit";
    /// A payment beyond what is open on the meter.
    pub const PAYMENT_EXCEEDS_DUE: &str = "bank.payment_exceeds_due";
    /// A payment beyond the prepaid balance.
    pub const INSUFFICIENT_PREPAID: &str = "bank.insufficient_prepaid";
    /// The period already has advances or a bill.
    pub const ALREADY_SCHEDULED: &str = "bank.already_scheduled";
    /// The period's bill is already recorded.
    pub const BILL_ALREADY_RECORDED: &str = "bank.bill_already_recorded";
    /// Advances add up to more than the whole.
    pub const ADVANCES_EXCEED_WHOLE: &str = "bank.advances_exceed_whole";
    /// More advances than a period may have.
    pub const TOO_MANY_ADVANCES: &str = "bank.too_many_advances";
    /// A bill's next advances are for another meter or period.
    pub const NEXT_NOTICE_MISMATCH: &str = "bank.next_notice_mismatch";
    /// No deposit has the reference.
    pub const DEPOSIT_NOT_FOUND: &str = "bank.deposit_not_found";
    /// No such instalment.
    pub const INSTALMENT_NOT_FOUND: &str = "bank.instalment_not_found";
    /// No such bill account.
    pub const BILL_NOT_FOUND: &str = "bank.bill_not_found";
    /// Ledger guard: the instalment cannot take a payment.
    pub const INSTALMENT_NOT_PAYABLE: &str = "bank.instalment_not_payable";
    /// Ledger guard: the payment would exceed the instalment.
    pub const INSTALMENT_OVERPAID: &str = "bank.instalment_overpaid";
    /// Ledger guard: part of a payment found no open instalment.
    pub const DUE_MISMATCH: &str = "bank.due_mismatch";
}
