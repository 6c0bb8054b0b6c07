//! Classes (created by the registry's administrator, their issuers managed by the class's
//! administrator) and projects (created by an issuer of their class).

use std::collections::BTreeSet;

use cosmwasm_std::{Addr, Deps, DepsMut, Env, MessageInfo, Response};
use ledger_contract_kit::Registry;
use ledger_types::park::credits::{
    MAX_DEVELOPER_LEN, MAX_ISSUERS, MAX_METADATA_LEN, MAX_METHODOLOGY_LEN, Standard,
};

use crate::registry::{ensure_in_good_standing, ensure_registry_admin, load_registry};
use crate::state::{CLASSES, PROJECTS, StoredClass, StoredProject};
use crate::validate;
use crate::{ContractError, ContractResult};

/// What a new class is.
pub struct NewClass {
    pub id: String,
    pub standard: Standard,
    pub methodology: String,
    pub admin: String,
    pub issuers: Vec<String>,
}

pub fn create_class(deps: DepsMut, env: Env, info: MessageInfo, new: NewClass) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_registry_admin(&deps.querier, &registry, &info.sender)?;
    validate::id("class id", &new.id)?;
    validate::standard(&new.standard)?;
    let methodology = validate::text("methodology", &new.methodology, MAX_METHODOLOGY_LEN)?;
    let admin = deps.api.addr_validate(&new.admin)?;
    ensure_in_good_standing(&deps.querier, &registry, &admin)?;
    if new.issuers.len() > MAX_ISSUERS {
        return Err(ContractError::TooManyIssuers {
            class_id: new.id,
            given: new.issuers.len(),
            max: MAX_ISSUERS,
        });
    }
    let issuers = new_issuers(deps.as_ref(), &registry, &new.id, &[], &new.issuers)?;
    if CLASSES.has(deps.storage, &new.id) {
        return Err(ContractError::ClassExists { id: new.id });
    }
    let class = StoredClass {
        standard: new.standard,
        methodology,
        admin,
        issuers,
        created_at: env.block.time.seconds(),
    };
    CLASSES.save(deps.storage, &new.id, &class)?;
    Ok(Response::new()
        .add_attribute("action", "create_class")
        .add_attribute("class_id", new.id)
        .add_attribute("standard", class.standard.registry_key())
        .add_attribute("admin", class.admin)
        .add_attribute("issuers", class.issuers.len().to_string()))
}

pub fn update_issuers(
    deps: DepsMut,
    info: MessageInfo,
    class_id: String,
    add: Vec<String>,
    remove: Vec<String>,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    let mut class =
        CLASSES
            .may_load(deps.storage, &class_id)?
            .ok_or_else(|| ContractError::UnknownClass {
                id: class_id.clone(),
            })?;
    if class.admin != info.sender {
        return Err(ContractError::NotClassAdmin {
            class_id,
            admin: class.admin,
            sender: info.sender,
        });
    }
    let mut removed = BTreeSet::new();
    for address in &remove {
        let address = deps.api.addr_validate(address)?;
        if !class.issuers.contains(&address) || !removed.insert(address.clone()) {
            return Err(ContractError::IssuersUnchanged {
                class_id,
                address,
                problem: "it is not an issuer, or is named twice".to_string(),
            });
        }
    }
    class.issuers.retain(|issuer| !removed.contains(issuer));
    let added = new_issuers(deps.as_ref(), &registry, &class_id, &class.issuers, &add)?;
    class.issuers.extend(added);
    if class.issuers.len() > MAX_ISSUERS {
        return Err(ContractError::TooManyIssuers {
            class_id,
            given: class.issuers.len(),
            max: MAX_ISSUERS,
        });
    }
    CLASSES.save(deps.storage, &class_id, &class)?;
    Ok(Response::new()
        .add_attribute("action", "update_issuers")
        .add_attribute("class_id", class_id)
        .add_attribute("added", add.len().to_string())
        .add_attribute("removed", remove.len().to_string())
        .add_attribute("issuers", class.issuers.len().to_string()))
}

/// `candidates` validated: each a participant in good standing, named once and not among
/// `existing`.
fn new_issuers(
    deps: Deps,
    registry: &Registry,
    class_id: &str,
    existing: &[Addr],
    candidates: &[String],
) -> ContractResult<Vec<Addr>> {
    let mut issuers: Vec<Addr> = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        let address = deps.api.addr_validate(candidate)?;
        if existing.contains(&address) || issuers.contains(&address) {
            return Err(ContractError::IssuersUnchanged {
                class_id: class_id.to_string(),
                address,
                problem: "it is an issuer already, or is named twice".to_string(),
            });
        }
        ensure_in_good_standing(&deps.querier, registry, &address)?;
        issuers.push(address);
    }
    Ok(issuers)
}

/// What a new project is.
pub struct NewProject {
    pub id: String,
    pub class_id: String,
    pub jurisdiction: String,
    pub developer: String,
    pub metadata: String,
}

pub fn create_project(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    new: NewProject,
) -> ContractResult {
    let registry = load_registry(deps.storage)?;
    ensure_in_good_standing(&deps.querier, &registry, &info.sender)?;
    let class = CLASSES
        .may_load(deps.storage, &new.class_id)?
        .ok_or_else(|| ContractError::UnknownClass {
            id: new.class_id.clone(),
        })?;
    ensure_issuer(&class, &new.class_id, &info.sender)?;
    validate::id("project id", &new.id)?;
    validate::jurisdiction(&new.jurisdiction)?;
    let developer = validate::text("developer", &new.developer, MAX_DEVELOPER_LEN)?;
    let metadata = validate::optional_text("metadata", &new.metadata, MAX_METADATA_LEN)?;
    if PROJECTS.has(deps.storage, &new.id) {
        return Err(ContractError::ProjectExists { id: new.id });
    }
    let project = StoredProject {
        class_id: new.class_id,
        jurisdiction: new.jurisdiction,
        developer,
        metadata,
        created_by: info.sender,
        created_at: env.block.time.seconds(),
    };
    PROJECTS.save(deps.storage, &new.id, &project)?;
    Ok(Response::new()
        .add_attribute("action", "create_project")
        .add_attribute("project_id", new.id)
        .add_attribute("class_id", project.class_id)
        .add_attribute("jurisdiction", project.jurisdiction)
        .add_attribute("developer", project.developer))
}

/// Refuses `sender` unless it is an issuer of the class.
pub fn ensure_issuer(class: &StoredClass, class_id: &str, sender: &Addr) -> ContractResult<()> {
    if !class.issuers.contains(sender) {
        return Err(ContractError::NotAnIssuer {
            class_id: class_id.to_string(),
            sender: sender.clone(),
        });
    }
    Ok(())
}
