//! What the token keeps beside cw20-base's own state.

use cosmwasm_std::Addr;
use cw_storage_plus::Item;

/// The name stored with cw2: the crate's own; `migrate` refuses state stored under another.
pub const CONTRACT_NAME: &str = env!("CARGO_PKG_NAME");
/// This code's version, stored with cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");
/// How the cw2 name that cw20-base records for itself ends (it prefixes the package's name
/// with where it was published); a token stored under such a name is a plain cw20-base token,
/// which migration upgrades in place.
pub const CW20_BASE_NAME_SUFFIX: &str = ":cw20-base";

/// The registry the token asks about standing and about who may pause.
pub const REGISTRY: Item<Addr> = Item::new("registry");
