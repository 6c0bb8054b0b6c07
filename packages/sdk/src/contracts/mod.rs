//! One module per contract, each adding that contract's typed queries and executes to
//! [`crate::Ledger`]. List queries are read to the end or to a cap ([`crate::paging`]);
//! executes take the [`crate::Sender`] that signs them and return the transaction's outcome.
//!
//! | module | contract | address in the deployment file |
//! | --- | --- | --- |
//! | [`registry`] | admin (registry of participants, roles and meters; time lock) | `contracts.admin` |
//! | [`bank`] | bank (deposits, instalments, payments, redemptions) | `contracts.bank` |
//! | [`token`] | settlement token (cw20-base gated by the registry) | `contracts.token` |
//! | [`meter`] | per-consumer meter contracts, found through the registry | none |
//! | [`tariff`] | tariffs and their versions | `contracts.tariff` |
//! | [`draft`] | staged payment drafts | `contracts.draft` |
//! | [`loan_share`] | loan sharing and its consortium token | `contracts.loan_share` |
//! | [`emergency`] | the pause every contract shares | any |
//! | [`multisig`] | cw3 fixed multisig holding the administrator role | none |
//! | [`router`] | the main chain's router of regional meters | `contracts.router` |
//! | [`endpoint`] | a regional sub-chain's end of the channel to the router | `regions[].contracts.endpoint` |
//! | [`cloud`] | cloud federation: quotas, price lists, leases, bills; agents' usage records | `contracts.cloud_federation` (usage calls: passed by the agent) |
//! | [`park`] | the park's energy market: generators, offers, escrowed bids, clearing, settlement | `contracts.park_market` |
//! | [`park::certificates`] | the park's hourly green certificates: unsold output, transfer, claim, batch verification | `contracts.park_certificates` |
//! | [`park::footprints`] | product carbon footprints (PACT-shaped, versioned, attributed over inputs), imported from PACT documents by [`park::pact`] | `contracts.park_footprints` |

pub mod bank;
pub mod cloud;
pub mod draft;
pub mod emergency;
pub mod endpoint;
pub mod loan_share;
pub mod meter;
pub mod multisig;
pub mod park;
pub mod registry;
pub mod router;
pub mod tariff;
pub mod token;
