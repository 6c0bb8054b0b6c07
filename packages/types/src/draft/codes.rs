//! Stable error codes of the draft contract (see [`crate::error_code`]). Refusals every
//! contract shares (pause, blacklist, suspension, migration) carry `common.*` codes.

/// A multiplication of an amount by a share overflowed.
pub const RATIO_OVERFLOW: &str = "draft.ratio_overflow";
/// Instantiation with a number of approval levels outside 1..=5.
pub const INVALID_APPROVAL_LEVELS: &str = "draft.invalid_approval_levels";
/// Instantiation with a veto window outside the allowed range.
pub const INVALID_VETO_WINDOW: &str = "draft.invalid_veto_window";
/// The fund token given at instantiation does not answer as a cw20.
pub const NOT_A_FUND_TOKEN: &str = "draft.not_a_fund_token";
/// Only the registry's administrator may do this.
pub const NOT_REGISTRY_ADMIN: &str = "draft.not_registry_admin";
/// Only a bank operator posts bank records.
pub const NOT_BANK_OPERATOR: &str = "draft.not_bank_operator";
/// The address lacks the draft role needed.
pub const MISSING_ROLE: &str = "draft.missing_role";
/// The sender is not an approver at any level.
pub const NOT_APPROVER: &str = "draft.not_approver";
/// The sender is not an approver at the level whose turn it is.
pub const WRONG_APPROVAL_LEVEL: &str = "draft.wrong_approval_level";
/// Only a level above the last approval may veto it.
pub const NOT_HIGHER_APPROVER: &str = "draft.not_higher_approver";
/// Only the project's applicant may do this.
pub const NOT_PROJECT_APPLICANT: &str = "draft.not_project_applicant";
/// Only the project's implementing unit reports progress.
pub const NOT_PROJECT_UNIT: &str = "draft.not_project_unit";
/// Only the draft's current holder endorses it.
pub const NOT_CURRENT_HOLDER: &str = "draft.not_current_holder";
/// Only the draft's own issuer (or the registry's administrator) may cancel or claw back.
pub const NOT_DRAFT_ISSUER: &str = "draft.not_draft_issuer";
/// Tokens came from another token than the fund token.
pub const WRONG_TOKEN: &str = "draft.wrong_token";
/// A required text is empty.
pub const EMPTY_TEXT: &str = "draft.empty_text";
/// A text is too long.
pub const TEXT_TOO_LONG: &str = "draft.text_too_long";
/// A serial number contains whitespace or control characters.
pub const INVALID_SERIAL: &str = "draft.invalid_serial";
/// A role names an approval level that does not exist.
pub const UNKNOWN_APPROVAL_LEVEL: &str = "draft.unknown_approval_level";
/// An amount must be more than zero.
pub const ZERO_AMOUNT: &str = "draft.zero_amount";
/// A funding plan with too few or too many stages.
pub const INVALID_STAGE_COUNT: &str = "draft.invalid_stage_count";
/// The stages do not add up to the budget.
pub const BUDGET_MISMATCH: &str = "draft.budget_mismatch";
/// The project ends before it starts.
pub const INVALID_DATES: &str = "draft.invalid_dates";
/// No such project.
pub const PROJECT_NOT_FOUND: &str = "draft.project_not_found";
/// No such stage.
pub const STAGE_NOT_FOUND: &str = "draft.stage_not_found";
/// No such draft.
pub const DRAFT_NOT_FOUND: &str = "draft.draft_not_found";
/// No bank record with that serial.
pub const BANK_RECORD_NOT_FOUND: &str = "draft.bank_record_not_found";
/// The stage is not the project's current one.
pub const NOT_CURRENT_STAGE: &str = "draft.not_current_stage";
/// The stage does not await approval.
pub const STAGE_NOT_PENDING: &str = "draft.stage_not_pending";
/// Nothing has been approved yet, so nothing can be vetoed.
pub const NOTHING_TO_VETO: &str = "draft.nothing_to_veto";
/// The veto window has closed.
pub const VETO_WINDOW_CLOSED: &str = "draft.veto_window_closed";
/// The stage is not approved for issue.
pub const STAGE_NOT_APPROVED: &str = "draft.stage_not_approved";
/// The tokens sent are not the stage's amount.
pub const AMOUNT_MISMATCH: &str = "draft.amount_mismatch";
/// A draft with too few or too many hops.
pub const INVALID_HOP_COUNT: &str = "draft.invalid_hop_count";
/// The hops' shares add up to more than the whole.
pub const SHARES_EXCEED_WHOLE: &str = "draft.shares_exceed_whole";
/// The hops' shares add up to nothing.
pub const NO_SHARES: &str = "draft.no_shares";
/// An address appears twice in a draft's chain.
pub const DUPLICATE_HOLDER: &str = "draft.duplicate_holder";
/// Too few or too many allowed final recipients.
pub const INVALID_FINAL_RECIPIENT_COUNT: &str = "draft.invalid_final_recipient_count";
/// The last holder is not an allowed final recipient.
pub const FINAL_HOLDER_NOT_ALLOWED: &str = "draft.final_holder_not_allowed";
/// The expiry is not in the future.
pub const EXPIRY_NOT_IN_FUTURE: &str = "draft.expiry_not_in_future";
/// The draft is not active (delivered or closed).
pub const DRAFT_NOT_ACTIVE: &str = "draft.draft_not_active";
/// The draft has expired.
pub const DRAFT_EXPIRED: &str = "draft.draft_expired";
/// The draft must go to the next holder of its plan.
pub const NOT_NEXT_HOLDER: &str = "draft.not_next_holder";
/// The serial number was already endorsed on this draft.
pub const SERIAL_USED: &str = "draft.serial_used";
/// The bank posted this serial for another draft; it cannot be endorsed on this one.
pub const SERIAL_OF_ANOTHER_DRAFT: &str = "draft.serial_of_another_draft";
/// A release would exceed what the draft locks.
pub const EXCEEDS_LOCKED: &str = "draft.exceeds_locked";
/// Too few or too many bank records in one message.
pub const INVALID_RECORD_COUNT: &str = "draft.invalid_record_count";
/// A bank record with that serial was already posted.
pub const BANK_RECORD_EXISTS: &str = "draft.bank_record_exists";
/// A serial appears twice in one batch.
pub const DUPLICATE_SERIAL: &str = "draft.duplicate_serial";
/// A bank record is dated after the block time.
pub const BANK_RECORD_IN_FUTURE: &str = "draft.bank_record_in_future";
/// The stage is not in progress.
pub const STAGE_NOT_IN_PROGRESS: &str = "draft.stage_not_in_progress";
/// Progress above 100%.
pub const PERCENT_OUT_OF_RANGE: &str = "draft.percent_out_of_range";
/// Progress may not go backwards.
pub const PROGRESS_BACKWARDS: &str = "draft.progress_backwards";
/// The evidence hash is not 32 bytes.
pub const EVIDENCE_HASH_LENGTH: &str = "draft.evidence_hash_length";
/// The current stage is not complete yet.
pub const PREVIOUS_STAGE_NOT_COMPLETED: &str = "draft.previous_stage_not_completed";
/// The project has no stage left.
pub const NO_STAGE_LEFT: &str = "draft.no_stage_left";
/// The draft has not expired yet.
pub const NOT_YET_EXPIRED: &str = "draft.not_yet_expired";
/// The draft is already closed.
pub const DRAFT_CLOSED: &str = "draft.draft_closed";
/// The draft locks nothing; there is nothing to return.
pub const NOTHING_TO_RETURN: &str = "draft.nothing_to_return";
/// A clawback while the draft's holder is not blacklisted.
pub const HOLDER_NOT_BLACKLISTED: &str = "draft.holder_not_blacklisted";
