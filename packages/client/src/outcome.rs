//! What a transaction did once it is in a block.

use cosmrs::proto::cosmos::base::abci::v1beta1::TxMsgData;
use cosmrs::proto::cosmwasm::wasm::v1::MsgExecuteContractResponse;
use cosmrs::proto::prost::{Message, Name};
use serde::{Deserialize, Serialize};

use crate::error::ClientError;

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
    /// What each message returned, in the order of the messages (the result's
    /// `msg_responses`); empty for an outcome recorded before they were kept.
    #[serde(default)]
    pub msg_responses: Vec<MsgResponse>,
}

/// What one message of a transaction returned: a protobuf `Any`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MsgResponse {
    /// The response's type, e.g. `/cosmwasm.wasm.v1.MsgExecuteContractResponse`.
    pub type_url: String,
    /// The response, protobuf-encoded.
    pub value: Vec<u8>,
}

/// The message responses of a transaction result's `data` (a `TxMsgData`). A node that sends
/// none, or bytes that do not decode, gives none: the transaction succeeded all the same, and
/// a caller that needs a response is told by [`TxOutcome::execute_data`]. Bytes that do not
/// decode are logged, since an error here would present a landed transaction as failed.
pub fn msg_responses_of(data: &[u8]) -> Vec<MsgResponse> {
    match TxMsgData::decode(data) {
        Ok(decoded) => decoded
            .msg_responses
            .into_iter()
            .map(|any| MsgResponse {
                type_url: any.type_url,
                value: any.value,
            })
            .collect(),
        Err(error) => {
            tracing::warn!(%error, bytes = data.len(), "a transaction result's data does not decode");
            Vec::new()
        }
    }
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
    ///     msg_responses: vec![],
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

    /// The response data the contract set when executing the `index`-th message (0-based)
    /// of the transaction, a wasm execute; `None` when it set none. An error when the
    /// outcome has no response for that message or it is not a wasm execute's.
    pub fn execute_data(&self, index: usize) -> Result<Option<Vec<u8>>, ClientError> {
        let decode_error = |reason: String| ClientError::Decode {
            what: format!(
                "the response of message {index} of transaction {}",
                self.hash
            ),
            reason,
        };
        let response = self.msg_responses.get(index).ok_or_else(|| {
            decode_error(format!(
                "the transaction result holds {} message responses; a node older than \
                 Cosmos SDK 0.46 sends none",
                self.msg_responses.len()
            ))
        })?;
        let expected = MsgExecuteContractResponse::type_url();
        if response.type_url != expected {
            return Err(decode_error(format!(
                "it is a {}, not a {expected}",
                response.type_url
            )));
        }
        let decoded = MsgExecuteContractResponse::decode(response.value.as_slice())
            .map_err(|e| decode_error(e.to_string()))?;
        Ok(Some(decoded.data).filter(|data| !data.is_empty()))
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
            msg_responses: vec![],
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

    #[test]
    fn each_message_response_data_is_decoded_in_order() {
        let execute = |data: &[u8]| cosmrs::Any {
            type_url: MsgExecuteContractResponse::type_url(),
            value: MsgExecuteContractResponse {
                data: data.to_vec(),
            }
            .encode_to_vec(),
        };
        let send = cosmrs::Any {
            type_url: "/cosmos.bank.v1beta1.MsgSendResponse".into(),
            value: vec![],
        };
        #[allow(deprecated)]
        let data = TxMsgData {
            data: vec![],
            msg_responses: vec![execute(br#"{"accepted":1}"#), execute(b""), send],
        }
        .encode_to_vec();
        let outcome = TxOutcome {
            hash: "H".into(),
            height: 1,
            gas_wanted: 2,
            gas_used: 1,
            events: vec![],
            msg_responses: msg_responses_of(&data),
        };
        assert_eq!(
            outcome.execute_data(0).unwrap(),
            Some(br#"{"accepted":1}"#.to_vec())
        );
        assert_eq!(outcome.execute_data(1).unwrap(), None);
        assert!(matches!(
            outcome.execute_data(2),
            Err(ClientError::Decode { .. })
        ));
        assert!(matches!(
            outcome.execute_data(3),
            Err(ClientError::Decode { .. })
        ));
        assert!(msg_responses_of(b"\xff\xff").is_empty());
    }
}
