//! A test instrument for the real-chain tests of the region protocol (issue 13, "Faults"):
//! never part of a ledger deployment.
//!
//! It opens channels with the protocol's version and order
//! ([`ledger_types::region::PROTOCOL_VERSION`], [`ledger_types::region::CHANNEL_ORDER`]), as a
//! region endpoint would, so that the router's handshake decides on the port alone. On
//! [`msg::ExecuteMsg::Send`] it sends whatever bytes it is given as a packet, and it records
//! every acknowledgement (decoded as [`cosmwasm_std::StdAck`]) and timeout it receives, in
//! order of arrival, for [`msg::QueryMsg::Answers`]. That lets a test put on the wire what no
//! endpoint would ever send (bytes of no packet, a bill for a meter of another region) and read
//! how the router answered.
//!
//! - `contract`: instantiate, the send, the query; `ibc`: the handshake and the answers;
//!   `state`: the recorded answers; `msg`: the messages (the tests link this crate with the
//!   `library` feature for them).

pub mod contract;
mod error;
pub mod ibc;
pub mod msg;
mod state;

pub use error::ProbeError;

#[cfg(test)]
mod tests;
