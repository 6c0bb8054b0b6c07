//! What a transaction did once it is in a block.

use serde::{Deserialize, Serialize};

/// A transaction included in a block and executed successfully.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxOutcome {
    /// Hex hash of the transaction (upper case, as CometBFT prints it).
    pub hash: String,
    /// Height of the block that includes it.
    pub height: u64,
    /// Gas limit of the transaction.
    pub gas_wanted: u64,
    /// Gas it used.
    pub gas_used: u64,
    /// Events emitted while it executed, in order.
    pub events: Vec<Event>,
}

/// One ABCI event: a type such as `wasm` or `transfer` and its attributes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Event type, e.g. `wasm`, `instantiate`, `store_code`, `transfer`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Key/value pairs in order.
    pub attributes: Vec<Attribute>,
}

/// One key/value pair of an [`Event`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    /// Attribute key, e.g. `action` or `_contract_address`.
    pub key: String,
    /// Attribute value.
    pub value: String,
}

impl Event {
    /// The value of the first attribute named `key`.
    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.key == key)
            .map(|a| a.value.as_str())
    }
}

impl TxOutcome {
    /// The value of `key` in the first event of type `event_type` that has it.
    ///
    /// ```
    /// # use ledger_client::{TxOutcome, Event, Attribute};
    /// let outcome = TxOutcome {
    ///     hash: "AB".into(), height: 7, gas_wanted: 100, gas_used: 90,
    ///     events: vec![Event {
    ///         kind: "store_code".into(),
    ///         attributes: vec![Attribute { key: "code_id".into(), value: "3".into() }],
    ///     }],
    /// };
    /// assert_eq!(outcome.attribute("store_code", "code_id"), Some("3"));
    /// assert_eq!(outcome.attribute("wasm", "code_id"), None);
    /// ```
    pub fn attribute(&self, event_type: &str, key: &str) -> Option<&str> {
        self.events
            .iter()
            .filter(|e| e.kind == event_type)
            .find_map(|e| e.attribute(key))
    }

    /// Every value of `key` in events of type `event_type`, in order (e.g. the
    /// `_contract_address` of each `wasm` event).
    pub fn attributes<'a>(
        &'a self,
        event_type: &'a str,
        key: &'a str,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.events
            .iter()
            .filter(move |e| e.kind == event_type)
            .flat_map(move |e| e.attributes.iter().filter(move |a| a.key == key))
            .map(|a| a.value.as_str())
    }

    /// Events of type `event_type`, in order.
    pub fn events_of<'a>(&'a self, event_type: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.events.iter().filter(move |e| e.kind == event_type)
    }
}

impl From<&cosmrs::tendermint::abci::Event> for Event {
    fn from(event: &cosmrs::tendermint::abci::Event) -> Self {
        Self {
            kind: event.kind.clone(),
            attributes: event
                .attributes
                .iter()
                .map(|a| Attribute {
                    key: String::from_utf8_lossy(a.key_bytes()).into_owned(),
                    value: String::from_utf8_lossy(a.value_bytes()).into_owned(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: &str, pairs: &[(&str, &str)]) -> Event {
        Event {
            kind: kind.to_string(),
            attributes: pairs
                .iter()
                .map(|(k, v)| Attribute {
                    key: k.to_string(),
                    value: v.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn attributes_are_found_by_event_type_and_key() {
        let outcome = TxOutcome {
            hash: "H".into(),
            height: 1,
            gas_wanted: 2,
            gas_used: 1,
            events: vec![
                event(
                    "message",
                    &[("action", "/cosmwasm.wasm.v1.MsgExecuteContract")],
                ),
                event("wasm", &[("_contract_address", "c1"), ("action", "a")]),
                event("wasm", &[("_contract_address", "c2"), ("action", "b")]),
            ],
        };
        assert_eq!(outcome.attribute("wasm", "action"), Some("a"));
        assert_eq!(
            outcome.attribute("message", "action"),
            Some("/cosmwasm.wasm.v1.MsgExecuteContract")
        );
        assert_eq!(outcome.attribute("wasm", "missing"), None);
        assert_eq!(
            outcome
                .attributes("wasm", "_contract_address")
                .collect::<Vec<_>>(),
            ["c1", "c2"]
        );
        assert_eq!(outcome.events_of("wasm").count(), 2);
        let json = serde_json::to_string(&outcome.events[0]).unwrap();
        assert!(json.starts_with(r#"{"type":"message""#), "{json}");
    }
}
