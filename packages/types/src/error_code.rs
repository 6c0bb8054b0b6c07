//! Stable, machine-readable error codes.
//!
//! Every contract error has a code: a short lowercase name such as `bank.not_bank_operator`,
//! written `<contract>.<what>` (or `common.<what>` for refusals every contract shares, such as
//! a pause). Codes are defined once, here, in the `codes` module of each contract's types, and
//! never change meaning: clients decide what to do from the code alone and show the English
//! text to people. Rewording a message therefore changes no client's behaviour.
//!
//! On the chain a contract's error text starts with its code in one format:
//!
//! ```text
//! [ledger:meter.reading_in_future] reading 3 of meter m-1: interval ends at 9, in the future
//! ```
//!
//! wasmd wraps that text in its own words ("failed to execute message; message index: 0:
//! ... : execute wasm contract failed"); [`code_in`] finds the code anywhere in such a log.

use std::fmt;

/// What opens a coded error text; the code and `] ` follow.
pub const MARKER: &str = "[ledger:";

/// An error that carries a stable code.
pub trait HasCode {
    /// The error's stable code, for example `bank.not_bank_operator`.
    fn code(&self) -> &'static str;
}

/// A contract error as the chain shows it: `[ledger:<code>] <message>`.
///
/// The contracts' wasm entry points return this; their Rust functions (which tests call)
/// return the contract's own `ContractError`, so tests compare typed errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Coded<E>(pub E);

impl<E: HasCode + fmt::Display> fmt::Display for Coded<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{MARKER}{}] {}", self.0.code(), self.0)
    }
}

impl<E: HasCode + fmt::Display + fmt::Debug> std::error::Error for Coded<E> {}

impl<E> From<E> for Coded<E> {
    fn from(error: E) -> Self {
        Coded(error)
    }
}

/// The first error code in `text` (a contract's error, or a transaction log that wraps one).
pub fn code_in(text: &str) -> Option<&str> {
    let start = text.find(MARKER)? + MARKER.len();
    let rest = &text[start..];
    let end = rest.find(']')?;
    let code = &rest[..end];
    let valid = !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.');
    valid.then_some(code)
}

/// The text after the code marker (what people read), or the whole text when it has none.
pub fn message_of(text: &str) -> &str {
    match text.find(MARKER) {
        Some(start) => match text[start..].find("] ") {
            Some(end) => &text[start + end + 2..],
            None => text,
        },
        None => text,
    }
}

/// Panics, naming them, if two entries of `codes` are equal or one is not a well-formed code.
/// Every contract's tests call this on its `ContractError::codes()`.
pub fn assert_distinct(codes: &[&str]) {
    let mut seen = std::collections::BTreeSet::new();
    for code in codes {
        assert_eq!(
            code_in(&format!("{MARKER}{code}] x")),
            Some(*code),
            "{code:?} is not a well-formed error code"
        );
        assert!(code.contains('.'), "{code:?} has no `<contract>.` prefix");
        assert!(
            seen.insert(*code),
            "two error variants share the code {code:?}"
        );
    }
}

/// Codes of refusals that every contract shares, so that a client handles them once.
pub mod common {
    /// A cosmwasm-std error (storage, serialisation, address validation, a failed query).
    pub const STD: &str = "common.std";
    /// Arithmetic overflowed.
    pub const OVERFLOW: &str = "common.overflow";
    /// Funds were sent where none are taken, or the wrong funds.
    pub const PAYMENT: &str = "common.payment";
    /// A submessage's reply could not be parsed.
    pub const PARSE_REPLY: &str = "common.parse_reply";
    /// The contract is paused: value movements are stopped until the administrator resumes.
    pub const PAUSED: &str = "common.paused";
    /// Only a guardian or the administrator may pause.
    pub const NOT_GUARDIAN: &str = "common.not_guardian";
    /// Only the administrator may resume a paused contract.
    pub const NOT_ADMIN_TO_UNPAUSE: &str = "common.not_admin_to_unpause";
    /// A pause reason too long to keep.
    pub const PAUSE_REASON_TOO_LONG: &str = "common.pause_reason_too_long";
    /// Paused twice, or resumed while running.
    pub const PAUSE_UNCHANGED: &str = "common.pause_unchanged";
    /// A participant is blacklisted: no value may reach or leave it.
    pub const BLACKLISTED: &str = "common.blacklisted";
    /// A participant is suspended: it may not act or receive new value.
    pub const SUSPENDED: &str = "common.suspended";
    /// Migration from another contract's state.
    pub const WRONG_CONTRACT: &str = "common.wrong_contract";
    /// Migration to an older version.
    pub const DOWNGRADE: &str = "common.downgrade";
    /// A stored or new version that is not semantic versioning.
    pub const INVALID_VERSION: &str = "common.invalid_version";
    /// An IBC channel of another order than the protocol's.
    pub const CHANNEL_ORDER: &str = "common.channel_order";
    /// An IBC channel of another version than the protocol's.
    pub const CHANNEL_VERSION: &str = "common.channel_version";
    /// The other chain refused a packet without a ledger code (wasmd's own error
    /// acknowledgement when a contract failed, which redacts the contract's text).
    pub const UNCODED_REFUSAL: &str = "common.uncoded_refusal";
    /// No such packet waits in a contract's outbox.
    pub const UNKNOWN_PACKET: &str = "common.unknown_packet";
    /// A packet still in flight cannot be sent again by hand.
    pub const PACKET_IN_FLIGHT: &str = "common.packet_in_flight";
}

/// Gives a contract error its codes: `error_codes!(ContractError { Variant => CODE, ... })`.
///
/// Every variant must be listed (the generated `match` is exhaustive), so a new variant does
/// not compile until it has a code. A one-field variant written `Variant(Inner) => inner`
/// wraps another coded error `Inner` (for example the shared contract library's) and takes
/// that error's code. The generated `ContractError::codes()` lists every code the error can
/// carry, for [`assert_distinct`].
#[macro_export]
macro_rules! error_codes {
    ($error:ident { $($variant:ident $(($inner:ty))? => $code:path),* $(,)? }) => {
        impl $crate::error_code::HasCode for $error {
            fn code(&self) -> &'static str {
                match self {
                    $( Self::$variant { .. } =>
                        $crate::error_codes!(@code self, $variant, $code, [$($inner)?]), )*
                }
            }
        }

        impl $error {
            /// Every code this error can carry: its own variants' codes, then those of the
            /// errors its wrapping variants carry that it does not already list (a wrapped
            /// `common.std` is the same refusal as the contract's own).
            pub fn codes() -> ::std::vec::Vec<&'static str> {
                #[allow(unused_mut)]
                let mut codes = ::std::vec::Vec::new();
                $( $crate::error_codes!(@own codes, $code, [$($inner)?]); )*
                $( $crate::error_codes!(@wrapped codes, $code, [$($inner)?]); )*
                codes
            }
        }
    };
    (@code $self:ident, $variant:ident, $code:path, []) => {
        $code
    };
    (@code $self:ident, $variant:ident, $code:path, [$inner:ty]) => {
        match $self {
            Self::$variant(inner) => $crate::error_code::HasCode::code(inner),
            // Only reached for `$variant`, matched just above.
            _ => $crate::error_code::common::STD,
        }
    };
    (@own $codes:ident, $code:path, []) => {
        $codes.push($code);
    };
    (@own $codes:ident, $code:path, [$inner:ty]) => {};
    (@wrapped $codes:ident, $code:path, []) => {};
    (@wrapped $codes:ident, $code:path, [$inner:ty]) => {
        for code in <$inner>::codes() {
            if !$codes.contains(&code) {
                $codes.push(code);
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Refusal;
    impl fmt::Display for Refusal {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "meter m-1 is suspended")
        }
    }
    impl HasCode for Refusal {
        fn code(&self) -> &'static str {
            "meter.meter_not_active"
        }
    }

    #[test]
    fn the_chain_text_carries_the_code_and_the_words() {
        let text = Coded(Refusal).to_string();
        assert_eq!(
            text,
            "[ledger:meter.meter_not_active] meter m-1 is suspended"
        );
        assert_eq!(code_in(&text), Some("meter.meter_not_active"));
        assert_eq!(message_of(&text), "meter m-1 is suspended");
    }

    #[test]
    fn the_code_is_found_inside_a_wasmd_log() {
        let log = "failed to execute message; message index: 0: [ledger:bank.overpayment] \
                   5.00 is more than the 3.00 due: execute wasm contract failed";
        assert_eq!(code_in(log), Some("bank.overpayment"));
        assert_eq!(code_in("out of gas in location: wasm contract"), None);
        assert_eq!(code_in("[ledger:Not A Code] x"), None);
        assert_eq!(code_in("[ledger:unterminated"), None);
    }

    #[test]
    #[should_panic(expected = "two error variants share the code \"common.paused\"")]
    fn a_shared_code_is_caught() {
        assert_distinct(&[common::PAUSED, common::STD, common::PAUSED]);
    }

    #[test]
    fn the_common_codes_are_distinct() {
        assert_distinct(&[
            common::STD,
            common::OVERFLOW,
            common::PAYMENT,
            common::PARSE_REPLY,
            common::PAUSED,
            common::NOT_GUARDIAN,
            common::NOT_ADMIN_TO_UNPAUSE,
            common::PAUSE_REASON_TOO_LONG,
            common::PAUSE_UNCHANGED,
            common::BLACKLISTED,
            common::SUSPENDED,
            common::WRONG_CONTRACT,
            common::DOWNGRADE,
            common::INVALID_VERSION,
        ]);
    }

    #[derive(Debug)]
    enum Inner {
        Paused,
    }
    impl HasCode for Inner {
        fn code(&self) -> &'static str {
            common::PAUSED
        }
    }
    impl Inner {
        fn codes() -> Vec<&'static str> {
            vec![common::STD, common::PAUSED]
        }
    }

    #[derive(Debug)]
    #[allow(dead_code)]
    enum Outer {
        Plain,
        Named { what: u8 },
        Wrapped(Inner),
    }
    crate::error_codes!(Outer {
        Plain => common::STD,
        Named => common::OVERFLOW,
        Wrapped(Inner) => inner,
    });

    #[test]
    fn the_macro_maps_every_variant_and_delegates_to_wrapped_errors() {
        assert_eq!(Outer::Plain.code(), common::STD);
        assert_eq!(Outer::Named { what: 1 }.code(), common::OVERFLOW);
        assert_eq!(Outer::Wrapped(Inner::Paused).code(), common::PAUSED);
        assert_eq!(
            Outer::codes(),
            vec![common::STD, common::OVERFLOW, common::PAUSED]
        );
        assert_distinct(&Outer::codes());
    }
}
