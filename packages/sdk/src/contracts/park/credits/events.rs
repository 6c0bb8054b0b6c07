//! The ids the credits contract assigns, read back from a transaction's events.

use ledger_client::TxOutcome;

/// The custom event of every retirement certificate, as the chain names it.
pub const RETIRED_EVENT: &str = "wasm-credits_retired";
/// The custom event of each holder's share of an approved batch.
pub const ISSUED_EVENT: &str = "wasm-credits_issued";

/// The values of `key` in `outcome`'s events of type `kind` emitted by `contract` (a cw20
/// `Send` also emits `wasm` events, of the token, so the emitter is checked).
fn values_of<'a>(
    outcome: &'a TxOutcome,
    contract: &'a str,
    kind: &'a str,
    key: &'a str,
) -> impl Iterator<Item = &'a str> + 'a {
    outcome
        .events_of(kind)
        .filter(move |e| e.attribute("_contract_address") == Some(contract))
        .filter_map(move |e| e.attribute(key))
}

fn first_id(outcome: &TxOutcome, contract: &str, kind: &str, key: &str) -> Option<u64> {
    values_of(outcome, contract, kind, key)
        .next()
        .and_then(|v| v.parse().ok())
}

/// The id of the batch a proposal reserved, from the credits contract's `batch_id`.
pub fn batch_id_of(outcome: &TxOutcome, contract: &str) -> Option<u64> {
    first_id(outcome, contract, "wasm", "batch_id")
}

/// The id of the sell order a `Sell` opened, from the credits contract's `order_id`.
pub fn order_id_of(outcome: &TxOutcome, contract: &str) -> Option<u64> {
    first_id(outcome, contract, "wasm", "order_id")
}

/// The ids of every retirement certificate the transaction made, in order (an approval makes
/// one per holder retiring at issuance; a retire, transfer or buy at most one).
pub fn retirement_ids_of(outcome: &TxOutcome, contract: &str) -> Vec<u64> {
    values_of(outcome, contract, RETIRED_EVENT, "retirement_id")
        .filter_map(|v| v.parse().ok())
        .collect()
}
