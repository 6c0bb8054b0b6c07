//! Unit tests of the region endpoint. The region's tariff contract and the consumer's meter
//! contract are answered by a mocked querier; the IBC entry points get cosmwasm's `mock_ibc_*`
//! messages.

mod acks;
mod channel;
mod execute;
mod helpers;
mod pause;
mod queries;
mod receive;
