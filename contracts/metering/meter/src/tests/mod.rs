//! Unit tests of the meter contract. The tariff contract is mocked (`Tariff`, `Quote`); the
//! bank is not queried, its messages are only asserted.

mod admin_msgs;
mod close;
mod gas;
mod generation;
mod helpers;
mod packed;
mod props;
mod queries;
mod readings;
mod refusals;
