//! Acknowledgements in the ledger's form: cosmwasm's [`StdAck`], whose success carries the
//! JSON of a typed answer and whose error carries the same coded text as a refused transaction
//! (`[ledger:<code>] <message>`), so the sender acts on the code as every client does.

use std::fmt::Display;

use cosmwasm_std::{Binary, IbcAcknowledgement, StdAck, StdResult, from_json, to_json_binary};
use ledger_types::error_code::common::UNCODED_REFUSAL;
use ledger_types::error_code::{Coded, HasCode, code_in, message_of};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The acknowledgement of a packet that was applied, carrying `answer`.
pub fn applied<T: Serialize>(answer: &T) -> StdResult<Binary> {
    Ok(StdAck::success(to_json_binary(answer)?).to_binary())
}

/// The acknowledgement of a packet that was refused with `error` (nothing was written).
pub fn refused<E: HasCode + Display>(error: E) -> Binary {
    error_ack(Coded(error).to_string())
}

/// An error acknowledgement carrying `text`, in the bytes ibc-go accepts back.
///
/// ibc-go (v10, `AcknowledgePacket`) reads an acknowledgement that parses as its own
/// `{"error": ...}` and refuses it unless re-encoding it with Go's JSON gives the same bytes; Go
/// escapes `<`, `>`, `&`, U+2028 and U+2029 where serde does not, so an error text holding one of
/// them (a Rust type name such as `Packet<ToMain>`) would never be relayed back and its packet
/// would stay unanswered for good. The escapes decode to the same text.
pub fn error_ack(text: impl Into<String>) -> Binary {
    let json = StdAck::error(text).to_binary();
    let json = String::from_utf8_lossy(json.as_slice());
    let mut escaped = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                escaped.push_str(&format!("\\u{:04x}", u32::from(c)))
            }
            c => escaped.push(c),
        }
    }
    Binary::from(escaped.into_bytes())
}

/// What the other chain answered to a packet.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer<T> {
    Applied(T),
    /// Refused: the code (absent when the refusal was not one of ours, for example a wasmd
    /// error that redacts the contract's text) and the message.
    Refused {
        code: String,
        message: String,
    },
}

/// Reads an acknowledgement; an acknowledgement that is not a [`StdAck`], or a success whose
/// answer is not a `T`, is an error (the other end does not speak the protocol).
pub fn read_ack<T: DeserializeOwned>(ack: &IbcAcknowledgement) -> StdResult<Answer<T>> {
    Ok(match from_json::<StdAck>(&ack.data)? {
        StdAck::Success(data) => Answer::Applied(from_json(&data)?),
        StdAck::Error(text) => Answer::Refused {
            code: code_in(&text).unwrap_or(UNCODED_REFUSAL).to_string(),
            message: message_of(&text).to_string(),
        },
    })
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::IbcAcknowledgement;
    use ledger_types::region::{Applied, ChainPoint};

    use super::*;
    use crate::ibc::ChannelError;

    #[test]
    fn an_applied_answer_reads_back() {
        let point = ChainPoint { height: 5, time: 9 };
        let ack = IbcAcknowledgement::new(applied(&point).unwrap());
        assert_eq!(
            read_ack::<ChainPoint>(&ack).unwrap(),
            Answer::Applied(point)
        );
        // The wire form is StdAck's, which relayers and explorers show.
        assert_eq!(
            ack.data.to_vec(),
            br#"{"result":"eyJoZWlnaHQiOjUsInRpbWUiOjl9"}"#.to_vec()
        );
    }

    #[test]
    fn a_refusal_carries_its_code() {
        let error = ChannelError::Version {
            expected: "a".into(),
            found: "b".into(),
        };
        let ack = IbcAcknowledgement::new(refused(error));
        assert_eq!(
            read_ack::<Applied>(&ack).unwrap(),
            Answer::Refused {
                code: "common.channel_version".into(),
                message: "channel version \"b\" was offered; this contract speaks \"a\" only"
                    .into()
            }
        );
    }

    #[test]
    fn an_error_acknowledgement_is_encoded_as_go_re_encodes_it() {
        let text = "[ledger:router.bad_packet] Packet<ToMain> & more \u{2028}";
        let ack = error_ack(text);
        assert_eq!(
            ack.as_slice(),
            br#"{"error":"[ledger:router.bad_packet] Packet\u003cToMain\u003e \u0026 more \u2028"}"#
        );
        // The same text reads back, code and all.
        assert_eq!(from_json::<StdAck>(&ack).unwrap(), StdAck::error(text));
        assert_eq!(
            read_ack::<Applied>(&IbcAcknowledgement::new(ack)).unwrap(),
            Answer::Refused {
                code: "router.bad_packet".into(),
                message: "Packet<ToMain> & more \u{2028}".into()
            }
        );
    }

    #[test]
    fn a_foreign_refusal_or_answer_is_told_apart() {
        // wasmd's own error acknowledgement for a contract that failed: no ledger code.
        let foreign = IbcAcknowledgement::new(
            StdAck::error("ABCI code: 5: error handling packet").to_binary(),
        );
        assert_eq!(
            read_ack::<Applied>(&foreign).unwrap(),
            Answer::Refused {
                code: UNCODED_REFUSAL.into(),
                message: "ABCI code: 5: error handling packet".into()
            }
        );
        // Not a StdAck at all, and a success carrying another answer.
        assert!(read_ack::<Applied>(&IbcAcknowledgement::new(b"\x01".to_vec())).is_err());
        let other = IbcAcknowledgement::new(applied(&Applied {}).unwrap());
        assert!(read_ack::<ChainPoint>(&other).is_err());
    }
}
