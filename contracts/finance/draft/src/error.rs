use cosmwasm_std::{Addr, CheckedMultiplyRatioError, OverflowError, Response, StdError, Uint128};
use cw_utils::PaymentError;
use ledger_contract_kit::GuardError;
use ledger_types::draft::codes;
use ledger_types::error_code::common;
use thiserror::Error;

/// What the entry points and handlers return: a `Response` unless another type is named.
pub type ContractResult<T = Response> = Result<T, ContractError>;

/// Everything the draft contract refuses, each with the context a user needs to understand why.
#[derive(Error, Debug, PartialEq)]
pub enum ContractError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{0}")]
    Payment(#[from] PaymentError),

    #[error("{0}")]
    Overflow(#[from] OverflowError),

    #[error("{0}")]
    MultiplyRatio(#[from] CheckedMultiplyRatioError),

    /// The pause, a participant's standing (blacklisted, suspended), migration.
    #[error(transparent)]
    Guard(#[from] GuardError),

    // --- set-up -------------------------------------------------------------------------------
    #[error("{count} approval levels given; 1 to {max} are allowed")]
    InvalidApprovalLevels { count: usize, max: usize },

    #[error("a veto window of {seconds} seconds is outside 1..={max}")]
    InvalidVetoWindow { seconds: u64, max: u64 },

    #[error("{address} is not a cw20 token contract")]
    NotAFundToken { address: String },

    // --- who may act ----------------------------------------------------------------------------
    #[error("{sender} is not the registry's administrator; only it manages draft roles")]
    NotRegistryAdmin { sender: Addr },

    #[error("{sender} is not a bank operator")]
    NotBankOperator { sender: Addr },

    #[error("{address} does not hold the draft role {role}")]
    MissingRole { address: Addr, role: String },

    #[error("{sender} is not an approver at any level")]
    NotApprover { sender: Addr },

    #[error(
        "stage {stage} of project {project_id} awaits level {level} ({level_name}); \
         {sender} is not an approver at that level"
    )]
    WrongApprovalLevel {
        project_id: u64,
        stage: u32,
        level: u8,
        level_name: String,
        sender: Addr,
    },

    #[error(
        "only an approver above level {level} (which approved last) may veto stage {stage} of \
         project {project_id}; {sender} is not"
    )]
    NotHigherApprover {
        project_id: u64,
        stage: u32,
        level: u8,
        sender: Addr,
    },

    #[error("only project {project_id}'s applicant {applicant} may do this, not {sender}")]
    NotProjectApplicant {
        project_id: u64,
        applicant: Addr,
        sender: Addr,
    },

    #[error(
        "only project {project_id}'s implementing unit {unit} may report progress, not {sender}"
    )]
    NotProjectUnit {
        project_id: u64,
        unit: Addr,
        sender: Addr,
    },

    #[error("draft {draft_id} is held by {holder}; only its holder may endorse it, not {sender}")]
    NotCurrentHolder {
        draft_id: u64,
        holder: Addr,
        sender: Addr,
    },

    #[error(
        "only draft {draft_id}'s issuer {issuer} or the registry's administrator may do this, \
         not {sender}"
    )]
    NotDraftIssuer {
        draft_id: u64,
        issuer: Addr,
        sender: Addr,
    },

    #[error("only the fund token {token} may send tokens to the draft contract, not {sender}")]
    WrongToken { token: Addr, sender: Addr },

    // --- text and roles -------------------------------------------------------------------------
    #[error("the {field} must not be empty")]
    EmptyText { field: String },

    #[error("the {field} is {len} characters long; at most {max} are allowed")]
    TextTooLong {
        field: String,
        len: usize,
        max: usize,
    },

    #[error("serial number {serial:?} must not contain whitespace or control characters")]
    InvalidSerial { serial: String },

    #[error("approval level {level} does not exist; there are {levels} levels, numbered from 0")]
    UnknownApprovalLevel { level: u8, levels: usize },

    // --- applications ---------------------------------------------------------------------------
    #[error("the {what} must be more than zero")]
    ZeroAmount { what: String },

    #[error("the funding plan has {count} stages; 1 to {max} are allowed")]
    InvalidStageCount { count: usize, max: usize },

    #[error("the stages add up to {planned}, not the budget of {budget}")]
    BudgetMismatch { budget: Uint128, planned: Uint128 },

    #[error("the project must start before it ends (start {start_date}, end {end_date})")]
    InvalidDates { start_date: u64, end_date: u64 },

    // --- records that do not exist --------------------------------------------------------------
    #[error("project {project_id} does not exist")]
    ProjectNotFound { project_id: u64 },

    #[error("project {project_id} has no stage {stage}")]
    StageNotFound { project_id: u64, stage: u32 },

    #[error("draft {draft_id} does not exist")]
    DraftNotFound { draft_id: u64 },

    #[error("no bank record has serial number {serial:?}")]
    BankRecordNotFound { serial: String },

    // --- approval -------------------------------------------------------------------------------
    #[error("stage {stage} of project {project_id} is not in play; the current stage is {current}")]
    NotCurrentStage {
        project_id: u64,
        stage: u32,
        current: u32,
    },

    #[error("stage {stage} of project {project_id} does not await approval (it is {status})")]
    StageNotPending {
        project_id: u64,
        stage: u32,
        status: String,
    },

    #[error(
        "no level has approved stage {stage} of project {project_id} yet; there is nothing to veto"
    )]
    NothingToVeto { project_id: u64, stage: u32 },

    #[error(
        "the veto window on level {level}'s approval of stage {stage} of project {project_id} \
         closed at {closed_at} (approved at {approved_at})"
    )]
    VetoWindowClosed {
        project_id: u64,
        stage: u32,
        level: u8,
        approved_at: u64,
        closed_at: u64,
    },

    // --- issue ----------------------------------------------------------------------------------
    #[error("stage {stage} of project {project_id} is not approved for issue (it is {status})")]
    StageNotApproved {
        project_id: u64,
        stage: u32,
        status: String,
    },

    #[error("stage {stage} of project {project_id} is for {expected}; {sent} was sent")]
    AmountMismatch {
        project_id: u64,
        stage: u32,
        expected: Uint128,
        sent: Uint128,
    },

    #[error("a draft has {count} hops; 1 to {max} are allowed")]
    InvalidHopCount { count: usize, max: usize },

    #[error("the hops' shares add up to {total_bps} basis points, more than the whole (10000)")]
    SharesExceedWhole { total_bps: u32 },

    #[error("the hops' shares add up to 0 basis points; a draft must release something")]
    NoShares {},

    #[error("{address} appears twice in the draft's chain (the issuer counts as its first holder)")]
    DuplicateHolder { address: Addr },

    #[error("a draft has {count} allowed final recipients; 1 to {max} are allowed")]
    InvalidFinalRecipientCount { count: usize, max: usize },

    #[error("the last holder {address} is not among the allowed final recipients")]
    FinalHolderNotAllowed { address: Addr },

    #[error("the expiry {expires_at} is not after the block time {now}")]
    ExpiryNotInFuture { expires_at: u64, now: u64 },

    // --- endorsement ----------------------------------------------------------------------------
    #[error("draft {draft_id} cannot be endorsed: it is {status}")]
    DraftNotActive { draft_id: u64, status: String },

    #[error("draft {draft_id} expired at {expires_at}; nothing can be endorsed")]
    DraftExpired { draft_id: u64, expires_at: u64 },

    #[error("draft {draft_id} must go to {expected}, the next holder of its plan, not {to}")]
    NotNextHolder {
        draft_id: u64,
        expected: Addr,
        to: Addr,
    },

    #[error("serial number {serial:?} was already endorsed on hop {hop} of draft {draft_id}")]
    SerialUsed {
        serial: String,
        draft_id: u64,
        hop: u32,
    },

    #[error(
        "the bank posted serial number {serial:?} for draft {bound_to}; it cannot be endorsed \
         on draft {draft_id}"
    )]
    SerialOfAnotherDraft {
        serial: String,
        bound_to: u64,
        draft_id: u64,
    },

    #[error("draft {draft_id} locks {locked}; releasing {requested} would exceed it")]
    ExceedsLocked {
        draft_id: u64,
        locked: Uint128,
        requested: Uint128,
    },

    // --- bank records ---------------------------------------------------------------------------
    #[error("{count} bank records given; 1 to {max} are allowed per message")]
    InvalidRecordCount { count: usize, max: usize },

    #[error("a bank record with serial number {serial:?} was already posted")]
    BankRecordExists { serial: String },

    #[error("serial number {serial:?} appears twice in the records posted")]
    DuplicateSerial { serial: String },

    #[error("bank record {serial:?} is dated {time}, after the block time {now}")]
    BankRecordInFuture { serial: String, time: u64, now: u64 },

    // --- progress -------------------------------------------------------------------------------
    #[error("stage {stage} of project {project_id} is not in progress (it is {status})")]
    StageNotInProgress {
        project_id: u64,
        stage: u32,
        status: String,
    },

    #[error("progress {percent}% is more than 100%")]
    PercentOutOfRange { percent: u8 },

    #[error(
        "progress of stage {stage} of project {project_id} cannot go back from {previous}% to {percent}%"
    )]
    ProgressBackwards {
        project_id: u64,
        stage: u32,
        previous: u8,
        percent: u8,
    },

    #[error("the evidence hash is {len} bytes; it must be a 32-byte SHA-256")]
    EvidenceHashLength { len: usize },

    #[error(
        "stage {stage} of project {project_id} is not complete (it is {status}); the next stage must wait"
    )]
    PreviousStageNotCompleted {
        project_id: u64,
        stage: u32,
        status: String,
    },

    #[error("project {project_id} has no stage left to apply for")]
    NoStageLeft { project_id: u64 },

    // --- expiry and cancellation ----------------------------------------------------------------
    #[error("draft {draft_id} expires at {expires_at}; it is {now} now")]
    NotYetExpired {
        draft_id: u64,
        expires_at: u64,
        now: u64,
    },

    #[error("draft {draft_id} is already closed (it is {status})")]
    DraftClosed { draft_id: u64, status: String },

    #[error("draft {draft_id} was delivered and locks nothing; there is nothing to return")]
    NothingToReturn { draft_id: u64 },

    #[error(
        "draft {draft_id} is held by {holder}, which is not blacklisted; only a blacklisted \
         holder's draft is clawed back (cancel it instead)"
    )]
    HolderNotBlacklisted { draft_id: u64, holder: Addr },
}

ledger_types::error_codes!(ContractError {
    Std => common::STD,
    Payment => common::PAYMENT,
    Overflow => common::OVERFLOW,
    MultiplyRatio => codes::RATIO_OVERFLOW,
    Guard(GuardError) => inner,
    InvalidApprovalLevels => codes::INVALID_APPROVAL_LEVELS,
    InvalidVetoWindow => codes::INVALID_VETO_WINDOW,
    NotAFundToken => codes::NOT_A_FUND_TOKEN,
    NotRegistryAdmin => codes::NOT_REGISTRY_ADMIN,
    NotBankOperator => codes::NOT_BANK_OPERATOR,
    MissingRole => codes::MISSING_ROLE,
    NotApprover => codes::NOT_APPROVER,
    WrongApprovalLevel => codes::WRONG_APPROVAL_LEVEL,
    NotHigherApprover => codes::NOT_HIGHER_APPROVER,
    NotProjectApplicant => codes::NOT_PROJECT_APPLICANT,
    NotProjectUnit => codes::NOT_PROJECT_UNIT,
    NotCurrentHolder => codes::NOT_CURRENT_HOLDER,
    NotDraftIssuer => codes::NOT_DRAFT_ISSUER,
    WrongToken => codes::WRONG_TOKEN,
    EmptyText => codes::EMPTY_TEXT,
    TextTooLong => codes::TEXT_TOO_LONG,
    InvalidSerial => codes::INVALID_SERIAL,
    UnknownApprovalLevel => codes::UNKNOWN_APPROVAL_LEVEL,
    ZeroAmount => codes::ZERO_AMOUNT,
    InvalidStageCount => codes::INVALID_STAGE_COUNT,
    BudgetMismatch => codes::BUDGET_MISMATCH,
    InvalidDates => codes::INVALID_DATES,
    ProjectNotFound => codes::PROJECT_NOT_FOUND,
    StageNotFound => codes::STAGE_NOT_FOUND,
    DraftNotFound => codes::DRAFT_NOT_FOUND,
    BankRecordNotFound => codes::BANK_RECORD_NOT_FOUND,
    NotCurrentStage => codes::NOT_CURRENT_STAGE,
    StageNotPending => codes::STAGE_NOT_PENDING,
    NothingToVeto => codes::NOTHING_TO_VETO,
    VetoWindowClosed => codes::VETO_WINDOW_CLOSED,
    StageNotApproved => codes::STAGE_NOT_APPROVED,
    AmountMismatch => codes::AMOUNT_MISMATCH,
    InvalidHopCount => codes::INVALID_HOP_COUNT,
    SharesExceedWhole => codes::SHARES_EXCEED_WHOLE,
    NoShares => codes::NO_SHARES,
    DuplicateHolder => codes::DUPLICATE_HOLDER,
    InvalidFinalRecipientCount => codes::INVALID_FINAL_RECIPIENT_COUNT,
    FinalHolderNotAllowed => codes::FINAL_HOLDER_NOT_ALLOWED,
    ExpiryNotInFuture => codes::EXPIRY_NOT_IN_FUTURE,
    DraftNotActive => codes::DRAFT_NOT_ACTIVE,
    DraftExpired => codes::DRAFT_EXPIRED,
    NotNextHolder => codes::NOT_NEXT_HOLDER,
    SerialUsed => codes::SERIAL_USED,
    SerialOfAnotherDraft => codes::SERIAL_OF_ANOTHER_DRAFT,
    ExceedsLocked => codes::EXCEEDS_LOCKED,
    InvalidRecordCount => codes::INVALID_RECORD_COUNT,
    BankRecordExists => codes::BANK_RECORD_EXISTS,
    DuplicateSerial => codes::DUPLICATE_SERIAL,
    BankRecordInFuture => codes::BANK_RECORD_IN_FUTURE,
    StageNotInProgress => codes::STAGE_NOT_IN_PROGRESS,
    PercentOutOfRange => codes::PERCENT_OUT_OF_RANGE,
    ProgressBackwards => codes::PROGRESS_BACKWARDS,
    EvidenceHashLength => codes::EVIDENCE_HASH_LENGTH,
    PreviousStageNotCompleted => codes::PREVIOUS_STAGE_NOT_COMPLETED,
    NoStageLeft => codes::NO_STAGE_LEFT,
    NotYetExpired => codes::NOT_YET_EXPIRED,
    DraftClosed => codes::DRAFT_CLOSED,
    NothingToReturn => codes::NOTHING_TO_RETURN,
    HolderNotBlacklisted => codes::HOLDER_NOT_BLACKLISTED,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_variant_has_its_own_code() {
        ledger_types::error_code::assert_distinct(&ContractError::codes());
    }
}
