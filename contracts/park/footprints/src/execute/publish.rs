//! Publishing a footprint version: who may, the attribution over its inputs, superseding the
//! previous version and moving the product's entries in the dependants index.

use cosmwasm_std::{DepsMut, Env, Event, MessageInfo, Order, Response};
use ledger_types::park::footprints::{Declaration, contribution};

use crate::execute::declaration;
use crate::registry::{ensure_in_good_standing, load_registry};
use crate::state::{
    COMPANY_PRODUCTS, DEPENDANTS, FOOTPRINTS, INPUTS, PF_IDS, PRODUCTS, Product, StoredFootprint,
    StoredInput, footprint,
};
use crate::{ContractError, ContractResult};

pub fn publish(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    declaration: Declaration,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    let previous = PRODUCTS.may_load(deps.storage, &declaration.product_id)?;
    if let Some(product) = &previous {
        if product.company != info.sender {
            return Err(ContractError::NotDeclaringCompany {
                product_id: declaration.product_id,
                company: product.company.clone(),
                sender: info.sender,
            });
        }
    }
    declaration::check(&declaration)?;
    if let Some((product_id, version)) = PF_IDS.may_load(deps.storage, &declaration.pf_id)? {
        return Err(ContractError::DuplicatePfId {
            pf_id: declaration.pf_id,
            product_id,
            version,
        });
    }

    // Every input must be published: this is what keeps the graph free of cycles.
    let mut attributed = declaration.pcf.process_emissions;
    let mut inputs = Vec::with_capacity(declaration.inputs.len());
    for input in &declaration.inputs {
        let (_, used) = footprint(deps.storage, &input.product_id, input.version)?;
        let share = contribution(input.amount_per_unit, used.attributed_emissions)?;
        attributed = attributed.checked_add(share)?;
        inputs.push((
            input.product_id.as_str(),
            StoredInput {
                version: input.version,
                amount_per_unit: input.amount_per_unit,
                contribution: share,
            },
        ));
    }

    let now = env.block.time.seconds();
    let product_id = declaration.product_id.as_str();
    let version = match &previous {
        Some(product) => product.current.checked_add(1).ok_or_else(|| {
            cosmwasm_std::OverflowError::new(cosmwasm_std::OverflowOperation::Add)
        })?,
        None => 1,
    };
    if let Some(product) = &previous {
        supersede(deps.storage, product_id, product.current, version, now)?;
    }
    for (input_id, input) in &inputs {
        INPUTS.save(deps.storage, (product_id, version, input_id), input)?;
        DEPENDANTS.save(
            deps.storage,
            (input_id, input.version, product_id),
            &version,
        )?;
    }
    PRODUCTS.save(
        deps.storage,
        product_id,
        &Product {
            company: info.sender.clone(),
            current: version,
            credits_retired: previous.as_ref().map_or(0, |p| p.credits_retired),
        },
    )?;
    COMPANY_PRODUCTS.save(deps.storage, (&info.sender, product_id), &())?;
    PF_IDS.save(
        deps.storage,
        &declaration.pf_id,
        &(product_id.to_string(), version),
    )?;
    FOOTPRINTS.save(
        deps.storage,
        (product_id, version),
        &StoredFootprint {
            pf_id: declaration.pf_id.clone(),
            spec_version: declaration.spec_version.clone(),
            company_name: declaration.company_name.clone(),
            company_ids: declaration.company_ids.clone(),
            product_ids: declaration.product_ids.clone(),
            product_category_cpc: declaration.product_category_cpc.clone(),
            product_name_company: declaration.product_name_company.clone(),
            pcf: declaration.pcf.clone(),
            attributed_emissions: attributed,
            document_sha256: declaration.document_sha256.clone(),
            published_at: now,
            superseded_by: None,
            superseded_at: None,
            credits_retired: 0,
        },
    )?;

    let event = Event::new("footprint_published")
        .add_attribute("product_id", product_id)
        .add_attribute("version", version.to_string())
        .add_attribute("pf_id", &declaration.pf_id)
        .add_attribute("company", info.sender.as_str())
        .add_attribute("attributed_emissions", attributed.to_string())
        .add_attribute("inputs", inputs.len().to_string())
        .add_attribute("document_sha256", declaration.document_sha256.to_hex());
    let mut response = Response::new()
        .add_attribute("action", "publish")
        .add_attribute("product_id", product_id)
        .add_attribute("version", version.to_string())
        .add_attribute("company", info.sender.as_str())
        .add_attribute("attributed_emissions", attributed.to_string())
        .add_event(event);
    if version > 1 {
        response = response.add_event(
            Event::new("footprint_superseded")
                .add_attribute("product_id", product_id)
                .add_attribute("version", (version - 1).to_string())
                .add_attribute("superseded_by", version.to_string()),
        );
    }
    Ok(response)
}

/// Marks `old` superseded by `new` and takes its entries out of the dependants index (at most
/// `MAX_INPUTS`, as many as it named), so that the index holds current footprints only.
fn supersede(
    storage: &mut dyn cosmwasm_std::Storage,
    product_id: &str,
    old: u32,
    new: u32,
    now: u64,
) -> ContractResult<()> {
    let mut stored = FOOTPRINTS.load(storage, (product_id, old))?;
    stored.superseded_by = Some(new);
    stored.superseded_at = Some(now);
    FOOTPRINTS.save(storage, (product_id, old), &stored)?;
    let used: Vec<(String, u32)> = INPUTS
        .prefix((product_id, old))
        .range(storage, None, None, Order::Ascending)
        .map(|entry| entry.map(|(input_id, input)| (input_id, input.version)))
        .collect::<Result<_, _>>()?;
    for (input_id, input_version) in used {
        DEPENDANTS.remove(storage, (&input_id, input_version, product_id));
    }
    Ok(())
}
