//! Queries. Every list reads one page of one storage prefix and says whether more follow; the
//! inputs tree walks a bounded number of nodes.

mod pact;
mod tree;

use cosmwasm_std::{Binary, Deps, Env, HexBinary, Order, StdResult, to_json_binary};
use cw_storage_plus::Bound;
use ledger_contract_kit::paging::{Page, after, page};
use ledger_contract_kit::pause;
use ledger_types::park::footprints::{
    ConfigResponse, CreditRetirementsResponse, Dependant, DependantsResponse, ProductSummary,
    ProductsResponse, QueryMsg, VerifyResponse, VersionSummary, VersionsResponse,
};

use crate::ContractResult;
use crate::state::{
    COMPANY_PRODUCTS, CONFIG, DEPENDANTS, FOOTPRINTS, PRODUCTS, RETIREMENTS, footprint, product,
};

pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> ContractResult<Binary> {
    Ok(match msg {
        QueryMsg::Config {} => {
            let config = CONFIG.load(deps.storage)?;
            to_json_binary(&ConfigResponse {
                admin_contract: config.admin_contract.to_string(),
                credits: config.credits.map(String::from),
            })?
        }
        QueryMsg::PauseStatus {} => to_json_binary(&pause::status(deps.storage)?)?,
        QueryMsg::Footprint {
            product_id,
            version,
        } => to_json_binary(&pact::footprint(deps, &product_id, version)?)?,
        QueryMsg::Versions {
            product_id,
            start_after,
            limit,
        } => to_json_binary(&versions(deps, product_id, start_after, limit)?)?,
        QueryMsg::InputsTree {
            product_id,
            version,
            max_depth,
            start_after,
            limit,
        } => to_json_binary(&tree::inputs_tree(
            deps,
            &product_id,
            version,
            max_depth,
            start_after,
            limit,
        )?)?,
        QueryMsg::Dependants {
            product_id,
            superseded_only,
            start_after,
            limit,
        } => to_json_binary(&dependants(
            deps,
            product_id,
            superseded_only,
            start_after,
            limit,
        )?)?,
        QueryMsg::Verify {
            product_id,
            version,
            document_sha256,
        } => to_json_binary(&verify(deps, product_id, version, document_sha256)?)?,
        QueryMsg::ByCompany {
            company,
            start_after,
            limit,
        } => to_json_binary(&by_company(deps, company, start_after, limit)?)?,
        QueryMsg::Retirements {
            product_id,
            start_after,
            limit,
        } => to_json_binary(&retirements(deps, product_id, start_after, limit)?)?,
    })
}

fn retirements(
    deps: Deps,
    product_id: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> ContractResult<CreditRetirementsResponse> {
    let total = product(deps.storage, &product_id)?.credits_retired;
    let range = RETIREMENTS.prefix(&product_id).range(
        deps.storage,
        after(start_after),
        None,
        Order::Ascending,
    );
    let Page { items, has_more } = page(range, limit, |(_, retirement)| StdResult::Ok(retirement))?;
    Ok(CreditRetirementsResponse {
        product_id,
        total,
        retirements: items,
        has_more,
    })
}

fn versions(
    deps: Deps,
    product_id: String,
    start_after: Option<u32>,
    limit: Option<u32>,
) -> ContractResult<VersionsResponse> {
    let current = product(deps.storage, &product_id)?.current;
    let range = FOOTPRINTS.prefix(&product_id).range(
        deps.storage,
        after(start_after),
        None,
        Order::Ascending,
    );
    let Page { items, has_more } = page(range, limit, |(version, stored)| {
        StdResult::Ok(VersionSummary {
            version,
            pf_id: stored.pf_id,
            published_at: stored.published_at,
            superseded_by: stored.superseded_by,
            attributed_emissions: stored.attributed_emissions,
            document_sha256: stored.document_sha256,
        })
    })?;
    Ok(VersionsResponse {
        product_id,
        current,
        versions: items,
        has_more,
    })
}

/// With `superseded_only`, the range stops before the current version: every entry below it
/// rests on a superseded input.
fn dependants(
    deps: Deps,
    product_id: String,
    superseded_only: bool,
    start_after: Option<(u32, String)>,
    limit: Option<u32>,
) -> ContractResult<DependantsResponse> {
    let current = product(deps.storage, &product_id)?.current;
    let min = start_after
        .as_ref()
        .map(|(version, dependant)| Bound::exclusive((*version, dependant.as_str())));
    let max = superseded_only.then(|| Bound::exclusive((current, "")));
    let range = DEPENDANTS
        .sub_prefix(&product_id)
        .range(deps.storage, min, max, Order::Ascending);
    let Page { items, has_more } = page(range, limit, |((input_version, dependant), version)| {
        let company = PRODUCTS.load(deps.storage, &dependant)?.company;
        StdResult::Ok(Dependant {
            input_version,
            product_id: dependant,
            version,
            company: company.to_string(),
            superseded_input: input_version < current,
        })
    })?;
    Ok(DependantsResponse {
        product_id,
        current,
        dependants: items,
        has_more,
    })
}

fn verify(
    deps: Deps,
    product_id: String,
    version: u32,
    document_sha256: HexBinary,
) -> ContractResult<VerifyResponse> {
    let (_, stored) = footprint(deps.storage, &product_id, version)?;
    Ok(VerifyResponse {
        matches: stored.document_sha256 == document_sha256,
        product_id,
        version,
        document_sha256: stored.document_sha256,
    })
}

fn by_company(
    deps: Deps,
    company: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> ContractResult<ProductsResponse> {
    let address = deps.api.addr_validate(&company)?;
    let range = COMPANY_PRODUCTS.prefix(&address).keys(
        deps.storage,
        start_after.as_deref().map(Bound::exclusive),
        None,
        Order::Ascending,
    );
    let Page { items, has_more } = page(range, limit, |product_id| -> ContractResult<_> {
        let current = product(deps.storage, &product_id)?.current;
        let stored = FOOTPRINTS.load(deps.storage, (&product_id, current))?;
        Ok(ProductSummary {
            product_id,
            current,
            product_name_company: stored.product_name_company,
        })
    })?;
    Ok(ProductsResponse {
        company,
        products: items,
        has_more,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ContractError;
    use cosmwasm_std::testing::{mock_dependencies, mock_env};

    // A multi-test query error carries only text: the exact refusals are asserted here.
    #[test]
    fn unknown_products_and_versions_are_refused_with_their_errors() {
        let mut deps = mock_dependencies();
        let unknown = || ContractError::UnknownProduct {
            product_id: "steel".into(),
        };
        let ask = |deps: Deps, msg| query(deps, mock_env(), msg);
        assert_eq!(
            ask(
                deps.as_ref(),
                QueryMsg::Footprint {
                    product_id: "steel".into(),
                    version: None
                }
            ),
            Err(unknown())
        );
        assert_eq!(
            ask(
                deps.as_ref(),
                QueryMsg::Dependants {
                    product_id: "steel".into(),
                    superseded_only: true,
                    start_after: None,
                    limit: None
                }
            ),
            Err(unknown())
        );
        let company = deps.api.addr_make("mine");
        PRODUCTS
            .save(
                deps.as_mut().storage,
                "steel",
                &crate::state::Product {
                    company,
                    current: 1,
                    credits_retired: 0,
                },
            )
            .unwrap();
        assert_eq!(
            ask(
                deps.as_ref(),
                QueryMsg::Verify {
                    product_id: "steel".into(),
                    version: 2,
                    document_sha256: HexBinary::from(vec![0u8; 32]),
                }
            ),
            Err(ContractError::UnknownVersion {
                product_id: "steel".into(),
                version: 2,
                current: 1
            })
        );
    }
}
