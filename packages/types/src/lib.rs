//! Interfaces of the ledger's contracts, kept apart from the contracts so that clients and
//! other contracts can talk to them without compiling them.
//!
//! One module per contract (admin, meter, tariff, bank, draft, loan_share, cloud, park) holds its
//! instantiate, execute and query messages and responses; `region` holds the packets between
//! the main chain and the regional sub-chains, `router` the messages of the main chain's end of
//! them and `region_endpoint` those of a region's end;
//! `time` and `billing` hold the calendar and billing-cycle rules that the meter contract,
//! the bank and every client must compute identically.

pub mod admin;
pub mod bank;
pub mod billing;
pub mod cloud;
pub mod draft;
pub mod emergency;
pub mod error_code;
pub mod loan_share;
pub mod meter;
pub mod paging;
pub mod park;
pub mod region;
pub mod region_endpoint;
pub mod router;
pub mod tariff;
pub mod time;
pub mod token;

pub use ledger_reading as reading;
