//! Storage of the footprints contract: products and their declaring company, every version
//! of every footprint, each version's inputs, the current footprints by input version, each
//! company's products, the footprint ids in use and the credits retired against products.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, HexBinary, StdResult, Storage, Uint128};
use cw_storage_plus::{Item, Map};
use ledger_types::park::footprints::{CarbonFootprint, CreditRetirement};

use crate::{ContractError, ContractResult};

/// Name under which cw2 records the contract.
pub const CONTRACT_NAME: &str = env!("CARGO_PKG_NAME");
/// The code's version, recorded by cw2.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");

#[cw_serde]
pub struct Config {
    pub admin_contract: Addr,
    /// The carbon-credits contract whose retirements against footprints are recorded here
    /// (none until the registry's administrator links it).
    #[serde(default)]
    pub credits: Option<Addr>,
}

pub const CONFIG: Item<Config> = Item::new("config");

/// A product: who declares it and its latest version.
#[cw_serde]
pub struct Product {
    pub company: Addr,
    pub current: u32,
    /// Credits retired against any version, kept as retirements are recorded.
    #[serde(default)]
    pub credits_retired: u64,
}

/// Product id → its declaring company and current version.
pub const PRODUCTS: Map<&str, Product> = Map::new("products");

/// One published version of a footprint, as declared plus what the contract computed.
#[cw_serde]
pub struct StoredFootprint {
    pub pf_id: String,
    pub spec_version: String,
    pub company_name: String,
    pub company_ids: Vec<String>,
    pub product_ids: Vec<String>,
    pub product_category_cpc: String,
    pub product_name_company: String,
    pub pcf: CarbonFootprint,
    /// Process emissions plus the inputs' contributions, micro-kgCO2e per declared unit.
    pub attributed_emissions: Uint128,
    pub document_sha256: HexBinary,
    pub published_at: u64,
    pub superseded_by: Option<u32>,
    pub superseded_at: Option<u64>,
    /// Credits retired against this version.
    #[serde(default)]
    pub credits_retired: u64,
}

/// (product id, version) → that version of its footprint.
pub const FOOTPRINTS: Map<(&str, u32), StoredFootprint> = Map::new("footprints");

/// An input as a footprint version used it.
#[cw_serde]
pub struct StoredInput {
    pub version: u32,
    pub amount_per_unit: Uint128,
    pub contribution: Uint128,
}

/// (product id, version, input product id) → the input version, amount and contribution.
pub const INPUTS: Map<(&str, u32, &str), StoredInput> = Map::new("inputs");

/// (input product id, input version, dependant product id) → the dependant's version, for
/// current dependant versions only.
pub const DEPENDANTS: Map<(&str, u32, &str), u32> = Map::new("dependants");

/// (company, product id) of every product a company declares.
pub const COMPANY_PRODUCTS: Map<(&Addr, &str), ()> = Map::new("company_products");

/// (product id, retirement id in the credits contract) → the credits retired against it.
pub const RETIREMENTS: Map<(&str, u64), CreditRetirement> = Map::new("retirements");

/// Footprint id (PACT `id`) → (product id, version) that carries it.
pub const PF_IDS: Map<&str, (String, u32)> = Map::new("pf_ids");

/// The product, or the refusal that names it.
pub fn product(storage: &dyn Storage, product_id: &str) -> ContractResult<Product> {
    PRODUCTS
        .may_load(storage, product_id)?
        .ok_or_else(|| ContractError::UnknownProduct {
            product_id: product_id.to_string(),
        })
}

/// A version of a product's footprint, or the refusal that names what is missing.
pub fn footprint(
    storage: &dyn Storage,
    product_id: &str,
    version: u32,
) -> ContractResult<(Product, StoredFootprint)> {
    let product = product(storage, product_id)?;
    let stored = FOOTPRINTS
        .may_load(storage, (product_id, version))?
        .ok_or_else(|| ContractError::UnknownVersion {
            product_id: product_id.to_string(),
            version,
            current: product.current,
        })?;
    Ok((product, stored))
}

/// Whether `version` of the product has been superseded (a later version exists).
pub fn is_superseded(storage: &dyn Storage, product_id: &str, version: u32) -> StdResult<bool> {
    Ok(PRODUCTS
        .may_load(storage, product_id)?
        .is_some_and(|p| p.current > version))
}
