//! Unit tests of the router over mocked dependencies: the registry answers who its
//! administrator is, and the IBC entry points are driven with cosmwasm's `mock_ibc_*`.

mod acks;
mod bills;
mod channel;
mod execute;
mod fixtures;
mod queries;
mod receive;
