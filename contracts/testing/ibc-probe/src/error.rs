//! Why the probe refuses a call or a channel.

use cosmwasm_std::StdError;
use ledger_contract_kit::ibc::ChannelError;
use thiserror::Error;

/// A refusal of the probe.
#[derive(Error, Debug, PartialEq)]
pub enum ProbeError {
    #[error(transparent)]
    Std(#[from] StdError),

    /// The channel is not of the region protocol's version and order.
    #[error(transparent)]
    Channel(#[from] ChannelError),

    #[error("a timeout of {timeout_seconds} s is no timeout; give one of at least a second")]
    ZeroTimeout { timeout_seconds: u64 },

    #[error("funds sent to the IBC probe ({funds}); it takes none, send the call without funds")]
    Funds { funds: String },
}
