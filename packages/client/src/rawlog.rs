//! Turning the chain's raw failure logs into [`ClientError`]s a person can act on.
//!
//! The Cosmos SDK reports a failed transaction as an ABCI code, a codespace (the module that
//! failed) and a raw log that wraps the cause in layers of context, for example
//!
//! ```text
//! failed to execute message; message index: 0: Unauthorized: execute wasm contract failed
//! ```
//!
//! The functions here peel those layers so that a contract's refusal reads as the contract
//! wrote it (`Unauthorized`), and recognise the SDK failures that have a known remedy.

use crate::error::ClientError;

/// Codespace of the Cosmos SDK's own errors.
const SDK: &str = "sdk";

/// SDK error codes (cosmos-sdk `types/errors/errors.go`) that have a variant of their own.
mod sdk_code {
    pub const INSUFFICIENT_FUNDS: u32 = 5;
    pub const UNKNOWN_REQUEST: u32 = 6;
    pub const UNKNOWN_ADDRESS: u32 = 9;
    pub const OUT_OF_GAS: u32 = 11;
    pub const INSUFFICIENT_FEE: u32 = 13;
    pub const WRONG_SEQUENCE: u32 = 32;
}

/// Suffixes wasmd appends to a contract's error (`x/wasm/types/errors.go`).
const WASM_SUFFIXES: [&str; 6] = [
    ": execute wasm contract failed",
    ": instantiate wasm contract failed",
    ": query wasm contract failed",
    ": migrate wasm contract failed",
    ": sudo wasm contract failed",
    ": reply wasm contract failed",
];

/// Classifies a failed transaction (CheckTx, DeliverTx or simulation).
///
/// `gas` is `(wanted, used)` when the chain reported it.
pub fn classify_tx_failure(
    code: u32,
    codespace: &str,
    log: &str,
    gas: Option<(u64, u64)>,
) -> ClientError {
    let log = clean(log);
    // A contract failure is recognisable by wasmd's suffix whatever the codespace: simulation
    // reports it as the SDK's "unknown request" (code 6).
    if let Some(message) = contract_message(&log) {
        return ClientError::Contract { message };
    }
    if codespace == SDK || codespace.is_empty() {
        if let Some(error) = classify_sdk(code, codespace, &log, gas) {
            return error;
        }
    }
    ClientError::TxFailed {
        code,
        codespace: codespace.to_string(),
        log,
    }
}

/// Classifies a failed ABCI query on `path`: a contract's refusal becomes
/// [`ClientError::Contract`], anything else [`ClientError::QueryFailed`].
pub fn classify_query_failure(path: &str, code: u32, codespace: &str, log: &str) -> ClientError {
    let log = clean(log);
    if let Some(message) = contract_message(&log) {
        return ClientError::Contract { message };
    }
    ClientError::QueryFailed {
        path: path.to_string(),
        code,
        codespace: codespace.to_string(),
        log,
    }
}

/// The SDK failures with a remedy of their own. With an empty codespace, or the "unknown
/// request" code a failed simulation carries, the log text alone decides.
fn classify_sdk(
    code: u32,
    codespace: &str,
    log: &str,
    gas: Option<(u64, u64)>,
) -> Option<ClientError> {
    // Simulation reports every failure as "unknown request" (code 6); only the text tells.
    let by_text = codespace.is_empty() || code == sdk_code::UNKNOWN_REQUEST;
    let known = |expected: u32, marker: &str| {
        if by_text {
            log.contains(marker)
        } else {
            code == expected
        }
    };
    if known(sdk_code::INSUFFICIENT_FEE, "insufficient fee") {
        let (offered, required) = parse_insufficient_fees(log)?;
        return Some(ClientError::InsufficientFees { required, offered });
    }
    if known(sdk_code::OUT_OF_GAS, "out of gas") {
        let (wanted, used) = parse_out_of_gas(log).or(gas).unwrap_or_default();
        return Some(ClientError::OutOfGas { wanted, used });
    }
    if known(sdk_code::WRONG_SEQUENCE, "account sequence mismatch") {
        let (expected, got) = parse_sequence_mismatch(log)?;
        return Some(ClientError::SequenceMismatch { expected, got });
    }
    if known(sdk_code::INSUFFICIENT_FUNDS, "insufficient funds") {
        let log = strip_message_index(log);
        let log = log.strip_suffix(": insufficient funds").unwrap_or(log);
        return Some(ClientError::InsufficientFunds {
            log: log.to_string(),
        });
    }
    if known(sdk_code::UNKNOWN_ADDRESS, "unknown address") {
        let address = between(log, "account ", " not found")?;
        return Some(ClientError::AccountNotFound {
            address: address.to_string(),
        });
    }
    None
}

/// The contract's own error text inside a wasmd log, if the log is a contract failure.
///
/// ```
/// use ledger_client::rawlog::contract_message;
/// let log = "failed to execute message; message index: 0: \
///            meter 7 is not active (status: suspended): execute wasm contract failed";
/// assert_eq!(
///     contract_message(log).as_deref(),
///     Some("meter 7 is not active (status: suspended)")
/// );
/// assert_eq!(contract_message("out of gas"), None);
/// ```
pub fn contract_message(log: &str) -> Option<String> {
    let log = clean(log);
    let mut text = strip_message_index(&log);
    let mut found = false;
    // A failing submessage is wrapped once more per level ("dispatch: submessages: ...:
    // execute wasm contract failed: execute wasm contract failed").
    loop {
        let before = text;
        for suffix in WASM_SUFFIXES {
            if let Some(rest) = text.strip_suffix(suffix) {
                text = rest;
                found = true;
            }
        }
        for prefix in ["dispatch: submessages: ", "dispatch: "] {
            if let Some(rest) = text.strip_prefix(prefix) {
                text = rest;
            }
        }
        if text == before {
            break;
        }
    }
    let text = text.trim();
    (found && !text.is_empty()).then(|| text.to_string())
}

/// `(offered, required)` from `insufficient fees; got: 1stake required: 2500stake: ...`.
pub fn parse_insufficient_fees(log: &str) -> Option<(String, String)> {
    let rest = &log[log.find("insufficient fees; got: ")? + "insufficient fees; got: ".len()..];
    let (offered, rest) = rest.split_once(" required: ")?;
    let required = rest.split(':').next().unwrap_or(rest).trim();
    let offered = offered.trim();
    Some((
        if offered.is_empty() {
            "nothing"
        } else {
            offered
        }
        .to_string(),
        required.to_string(),
    ))
}

/// `(expected, got)` from `account sequence mismatch, expected 5, got 4: ...`.
pub fn parse_sequence_mismatch(log: &str) -> Option<(u64, u64)> {
    let expected = between(log, "expected ", ",")?.trim().parse().ok()?;
    let rest = &log[log.find(", got ")? + ", got ".len()..];
    let got = rest
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()?;
    Some((expected, got))
}

/// `(wanted, used)` from `out of gas in location: ...; gasWanted: 100000, gasUsed: 100313: ...`.
pub fn parse_out_of_gas(log: &str) -> Option<(u64, u64)> {
    let number_after = |marker: &str| -> Option<u64> {
        let rest = &log[log.find(marker)? + marker.len()..];
        rest.trim_start()
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    };
    Some((number_after("gasWanted:")?, number_after("gasUsed:")?))
}

/// Removes the transport and stack-trace decorations some paths add around the SDK's error:
/// a gRPC status prefix, Go source locations in brackets, and the gas report of a failed
/// simulation.
fn clean(log: &str) -> String {
    let mut text = log.trim();
    if let Some(index) = text.find(" desc = ") {
        if text.starts_with("rpc error:") {
            text = &text[index + " desc = ".len()..];
        }
    }
    // A failed simulation appends its gas report.
    for marker in [" With gas wanted:", " with gas used:"] {
        if let Some(index) = text.find(marker) {
            text = &text[..index];
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(" [") {
        let Some(len) = rest[start..].find(']') else {
            break;
        };
        let inside = &rest[start + 2..start + len];
        out.push_str(&rest[..start]);
        if !inside.contains(".go:") {
            out.push_str(&rest[start..=start + len]);
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    let trimmed = out.trim_end().trim_end_matches(": unknown request").trim();
    trimmed.to_string()
}

/// Drops the SDK's `failed to execute message; message index: N: ` prefix.
fn strip_message_index(log: &str) -> &str {
    const PREFIX: &str = "failed to execute message; message index: ";
    match log.strip_prefix(PREFIX) {
        Some(rest) => rest
            .split_once(": ")
            .filter(|(index, _)| index.bytes().all(|b| b.is_ascii_digit()))
            .map_or(rest, |(_, text)| text),
        None => log,
    }
}

/// The text between the first `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_error_is_unwrapped_from_execute_log() {
        let log = "failed to execute message; message index: 0: Unauthorized: execute wasm contract failed";
        match classify_tx_failure(5, "wasm", log, Some((200_000, 120_000))) {
            ClientError::Contract { message } => assert_eq!(message, "Unauthorized"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn contract_error_keeps_colons_of_its_own() {
        let log = "failed to execute message; message index: 2: reading 4 of meter m-1: \
                   signature does not verify: execute wasm contract failed";
        assert_eq!(
            contract_message(log).as_deref(),
            Some("reading 4 of meter m-1: signature does not verify")
        );
    }

    #[test]
    fn a_coded_contract_error_gives_its_code() {
        let log = "failed to execute message; message index: 0: dispatch: submessages: \
                   [ledger:bank.overpayment] 5.00 is more than the 3.00 due: execute wasm \
                   contract failed: execute wasm contract failed";
        let error = classify_tx_failure(5, "wasm", log, None);
        assert_eq!(error.contract_code(), Some("bank.overpayment"));
        let uncoded = classify_tx_failure(
            5,
            "wasm",
            "Unauthorized: execute wasm contract failed",
            None,
        );
        assert_eq!(uncoded.contract_code(), None);
    }

    #[test]
    fn contract_error_from_a_submessage_is_unwrapped_at_every_level() {
        let log = "failed to execute message; message index: 0: dispatch: submessages: \
                   unknown tariff 9: execute wasm contract failed: execute wasm contract failed";
        assert_eq!(contract_message(log).as_deref(), Some("unknown tariff 9"));
    }

    #[test]
    fn instantiate_and_query_failures_are_contract_errors() {
        let log = "failed to execute message; message index: 0: Generic error: \
                   verifier address too short: instantiate wasm contract failed";
        assert_eq!(
            contract_message(log).as_deref(),
            Some("Generic error: verifier address too short")
        );
        let log = "Error parsing into type hackatom::msg::QueryMsg: unknown variant `nope`, \
                   expected one of `verifier`, `other_balance`: query wasm contract failed";
        match classify_query_failure("/cosmwasm.wasm.v1.Query/SmartContractState", 9, "wasm", log) {
            ClientError::Contract { message } => assert!(
                message.starts_with("Error parsing into type hackatom::msg::QueryMsg"),
                "{message}"
            ),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn simulation_error_with_grpc_and_stack_decorations_is_unwrapped() {
        let log = "rpc error: code = Unknown desc = failed to execute message; message index: 0: \
                   Unauthorized: execute wasm contract failed \
                   [CosmWasm/wasmd@v0.61.14/x/wasm/keeper/keeper.go:431] \
                   With gas wanted: '18446744073709551615' and gas used: '101833' : unknown request";
        match classify_tx_failure(5, "wasm", log, None) {
            ClientError::Contract { message } => assert_eq!(message, "Unauthorized"),
            other => panic!("unexpected {other:?}"),
        }
        // Same text reported without a codespace.
        match classify_tx_failure(1, "", log, None) {
            ClientError::Contract { message } => assert_eq!(message, "Unauthorized"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn simulation_error_as_wasmd_0_61_reports_it() {
        // Seen from /cosmos.tx.v1beta1.Service/Simulate on wasmd v0.61.14: codespace sdk, code 6.
        let log = "failed to execute message; message index: 0: Unauthorized: \
                   execute wasm contract failed with gas used: '110323'";
        match classify_tx_failure(6, "sdk", log, None) {
            ClientError::Contract { message } => assert_eq!(message, "Unauthorized"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn simulated_sdk_failures_are_recognised_by_their_text() {
        let log = "failed to execute message; message index: 0: spendable balance \
                   999999985016stake is smaller than 100000000000000000000stake: insufficient funds";
        match classify_tx_failure(6, "sdk", log, None) {
            ClientError::InsufficientFunds { log } => assert_eq!(
                log,
                "spendable balance 999999985016stake is smaller than 100000000000000000000stake"
            ),
            other => panic!("unexpected {other:?}"),
        }
        let log = "failed to execute message; message index: 0: can not create code: unauthorized";
        assert!(matches!(
            classify_tx_failure(6, "sdk", log, None),
            ClientError::TxFailed { code: 6, .. }
        ));
    }

    #[test]
    fn brackets_that_are_not_stack_frames_survive() {
        let log = "failed to execute message; message index: 0: \
                   tiers [0, 100] must end unbounded: execute wasm contract failed";
        assert_eq!(
            contract_message(log).as_deref(),
            Some("tiers [0, 100] must end unbounded")
        );
    }

    #[test]
    fn insufficient_fees_names_both_amounts() {
        let log = "insufficient fees; got: 1stake required: 2500stake: insufficient fee";
        match classify_tx_failure(13, "sdk", log, None) {
            ClientError::InsufficientFees { required, offered } => {
                assert_eq!(required, "2500stake");
                assert_eq!(offered, "1stake");
            }
            other => panic!("unexpected {other:?}"),
        }
        let log = "insufficient fees; got:  required: 5000stake,10uatom: insufficient fee";
        assert_eq!(
            parse_insufficient_fees(log),
            Some(("nothing".to_string(), "5000stake,10uatom".to_string()))
        );
    }

    #[test]
    fn out_of_gas_reads_the_numbers_from_the_log() {
        let log =
            "out of gas in location: WriteFlat; gasWanted: 100000, gasUsed: 100313: out of gas";
        match classify_tx_failure(11, "sdk", log, Some((100_000, 100_313))) {
            ClientError::OutOfGas { wanted, used } => {
                assert_eq!((wanted, used), (100_000, 100_313));
            }
            other => panic!("unexpected {other:?}"),
        }
        // Without numbers in the log, the tx result's numbers are used.
        match classify_tx_failure(11, "sdk", "out of gas", Some((5, 6))) {
            ClientError::OutOfGas { wanted, used } => assert_eq!((wanted, used), (5, 6)),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn sequence_mismatch_names_the_expected_sequence() {
        let log = "account sequence mismatch, expected 5, got 4: incorrect account sequence";
        match classify_tx_failure(32, "sdk", log, None) {
            ClientError::SequenceMismatch { expected, got } => assert_eq!((expected, got), (5, 4)),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn insufficient_funds_and_unknown_account() {
        let log = "failed to execute message; message index: 0: \
                   spendable balance 10stake is smaller than 100stake: insufficient funds";
        match classify_tx_failure(5, "sdk", log, None) {
            ClientError::InsufficientFunds { log } => {
                assert_eq!(log, "spendable balance 10stake is smaller than 100stake");
            }
            other => panic!("unexpected {other:?}"),
        }
        let log = "account wasm1jzdgvldf65xrqgue3f8ru3dcef639hdrm94dcm not found: unknown address";
        match classify_tx_failure(9, "sdk", log, None) {
            ClientError::AccountNotFound { address } => {
                assert_eq!(address, "wasm1jzdgvldf65xrqgue3f8ru3dcef639hdrm94dcm");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn contract_text_mentioning_sdk_words_stays_a_contract_error() {
        let log = "failed to execute message; message index: 0: \
                   insufficient funds: prepaid balance 3 is below 10: execute wasm contract failed";
        match classify_tx_failure(5, "wasm", log, None) {
            ClientError::Contract { message } => {
                assert_eq!(message, "insufficient funds: prepaid balance 3 is below 10");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn anything_else_is_kept_whole() {
        let log = "invalid coins: 0stake: invalid coins";
        match classify_tx_failure(10, "sdk", log, None) {
            ClientError::TxFailed {
                code,
                codespace,
                log: kept,
            } => {
                assert_eq!((code, codespace.as_str(), kept.as_str()), (10, "sdk", log));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(contract_message("tx parse error"), None);
        assert_eq!(contract_message(": execute wasm contract failed"), None);
    }
}
