//! What both ends of the ledger's region protocol (see [`ledger_types::region`]) repeat: the
//! channel handshake's checks ([`channel`]), acknowledgements in the ledger's coded form
//! ([`ack`]), the six IBC entry points ([`crate::ibc_entry_points!`]), and the outbox that keeps every packet until it is answered and sends it again
//! when it times out ([`outbox`]).

pub mod ack;
pub mod channel;
mod entry;
pub mod outbox;

pub use ack::{Answer, applied, error_ack, read_ack, refused};
pub use channel::{ChannelError, check_connect, check_open};
pub use outbox::Outbox;
