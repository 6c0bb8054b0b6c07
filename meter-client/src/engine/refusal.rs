//! A contract's refusal of a reading, and what the sender does about it, decided by the
//! contract's stable error code.

/// Why the contract refused a reading, from its error code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefusalKind {
    /// The interval ends in the future (the meter's clock is ahead): wait.
    Future,
    /// The meter is suspended or retired, or its owner blacklisted: hold the meter.
    NotAccepting,
    /// The contract does not know the meter: hold it.
    UnknownMeter,
    /// The registered key is another one: hold the meter.
    BadSignature,
    /// A replay: resolved by asking the chain for the last sequence.
    Replay,
    /// Refused for good: set the reading aside.
    Permanent,
}

/// A reading the contract refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The meter.
    pub meter_id: String,
    /// The reading's sequence.
    pub sequence: u64,
    /// Why, classified.
    pub kind: RefusalKind,
    /// The contract's stable error code, when it gave one.
    pub code: Option<String>,
    /// The contract's words (or its code, when a batch's verdict gives no words).
    pub message: String,
}

/// What to do about a refusal, decided by the contract's stable error code alone (see
/// `ledger_types::error_code`); the words are only shown to people.
pub fn refusal_kind(code: Option<&str>) -> RefusalKind {
    use ledger_types::error_code::common;
    use ledger_types::meter::codes;
    match code {
        Some(codes::FUTURE_READING) => RefusalKind::Future,
        // Suspended or retired meter, blacklisted or suspended owner, a paused contract:
        // nothing wrong with the reading, the contract does not take it now.
        Some(
            codes::METER_NOT_ACTIVE
            | codes::OWNER_BLOCKED
            | common::PAUSED
            | common::BLACKLISTED
            | common::SUSPENDED,
        ) => RefusalKind::NotAccepting,
        Some(codes::READING_UNKNOWN_METER | codes::UNKNOWN_METER) => RefusalKind::UnknownMeter,
        Some(codes::INVALID_SIGNATURE) => RefusalKind::BadSignature,
        Some(codes::REPLAYED_OR_OUT_OF_ORDER) => RefusalKind::Replay,
        _ => RefusalKind::Permanent,
    }
}

/// Reads a contract's refusal of one reading: `[ledger:<code>] reading <sequence> of meter
/// <id>: <reason>`, the meter contract's documented form for every refusal of a reading. The
/// kind comes from the code; the meter and sequence from the fixed prefix.
pub fn parse_refusal(message: &str) -> Option<Refusal> {
    let words = ledger_types::error_code::message_of(message);
    let rest = words.strip_prefix("reading ")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let sequence = rest[..digits].parse().ok()?;
    let rest = rest[digits..].strip_prefix(" of meter ")?;
    let (meter_id, _reason) = rest.split_once(": ")?;
    let code = ledger_types::error_code::code_in(message);
    Some(Refusal {
        meter_id: meter_id.to_string(),
        sequence,
        kind: refusal_kind(code),
        code: code.map(str::to_string),
        message: message.to_string(),
    })
}
