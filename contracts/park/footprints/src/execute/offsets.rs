//! Credits retired against footprints. The credits contract checks a product claim with this
//! contract and then, in the same transaction, records the retirement here; only the contract
//! the registry's administrator linked may do so, so a footprint's `credits_retired` counts
//! exactly the certificates that contract issued against it, each once.

use cosmwasm_std::{DepsMut, Event, MessageInfo, OverflowError, OverflowOperation, Response};
use ledger_types::park::footprints::CreditRetirement;

use crate::registry::{ensure_registry_admin, load_registry};
use crate::state::{CONFIG, FOOTPRINTS, PRODUCTS, RETIREMENTS, footprint};
use crate::{ContractError, ContractResult};

pub fn link_credits(deps: DepsMut, info: MessageInfo, address: String) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_registry_admin(&deps.querier, &registry, &info.sender)?;
    let credits = deps.api.addr_validate(&address)?;
    let mut config = CONFIG.load(deps.storage)?;
    config.credits = Some(credits.clone());
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "link_credits")
        .add_attribute("credits", credits))
}

pub fn record_retirement(
    deps: DepsMut,
    info: MessageInfo,
    retirement: CreditRetirement,
) -> ContractResult {
    if CONFIG.load(deps.storage)?.credits.as_ref() != Some(&info.sender) {
        return Err(ContractError::NotCreditsContract {
            sender: info.sender,
        });
    }
    let product_id = retirement.product_id.as_str();
    let (mut product, mut stored) = footprint(deps.storage, product_id, retirement.version)?;
    let key = (product_id, retirement.retirement_id);
    if RETIREMENTS.has(deps.storage, key) {
        return Err(ContractError::DuplicateRetirement {
            retirement_id: retirement.retirement_id,
            product_id: product_id.to_string(),
        });
    }
    product.credits_retired = add(product.credits_retired, retirement.amount)?;
    stored.credits_retired = add(stored.credits_retired, retirement.amount)?;
    PRODUCTS.save(deps.storage, product_id, &product)?;
    FOOTPRINTS.save(deps.storage, (product_id, retirement.version), &stored)?;
    RETIREMENTS.save(deps.storage, key, &retirement)?;
    Ok(Response::new()
        .add_attribute("action", "record_retirement")
        .add_event(
            Event::new("footprint_offset")
                .add_attribute("product_id", product_id)
                .add_attribute("version", retirement.version.to_string())
                .add_attribute("retirement_id", retirement.retirement_id.to_string())
                .add_attribute("amount", retirement.amount.to_string())
                .add_attribute("holder", &retirement.holder)
                .add_attribute("beneficiary", &retirement.beneficiary)
                .add_attribute("version_total", stored.credits_retired.to_string())
                .add_attribute("product_total", product.credits_retired.to_string()),
        ))
}

fn add(total: u64, amount: u64) -> Result<u64, OverflowError> {
    total
        .checked_add(amount)
        .ok_or(OverflowError::new(OverflowOperation::Add))
}
