//! Errors as the user reads them (one line, causes in order) and the contract refusal codes
//! commands decide on.

/// An error and its causes on one line, outermost first, without repeating a cause that its
/// context already quotes.
pub fn error_text(error: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in error.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

/// The stable code of the contract refusal behind `error`, if a contract refused (see
/// `ledger_types::error_code`): what commands decide on, never the words.
pub fn error_code(error: &anyhow::Error) -> Option<String> {
    let refusal = error.chain().find_map(|cause| {
        if let Some(client) = cause.downcast_ref::<ledger_client::ClientError>() {
            return Some(client.contract_code());
        }
        cause
            .downcast_ref::<ledger_sdk::Error>()
            .map(ledger_sdk::Error::contract_code)
    });
    match refusal {
        Some(code) => code.map(str::to_string),
        // A refusal carried on as text keeps its code in it.
        None => ledger_types::error_code::code_in(&error_text(error)).map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_read_from_the_client_error_or_the_text() {
        let refusal = ledger_client::ClientError::Contract {
            message: "[ledger:draft.bank_record_not_found] no bank record S-1".to_string(),
        };
        let error = anyhow::Error::new(refusal).context("looking up S-1");
        assert_eq!(
            error_code(&error).as_deref(),
            Some("draft.bank_record_not_found")
        );
        let text = anyhow::anyhow!("[ledger:common.paused] the contract is paused");
        assert_eq!(error_code(&text).as_deref(), Some("common.paused"));
        assert_eq!(error_code(&anyhow::anyhow!("node unreachable")), None);
    }
}
