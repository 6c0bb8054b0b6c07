//! A stored footprint rendered in PACT's `ProductFootprint` shape (decimal strings, ISO 8601
//! times), with the ledger's record beside it.

use cosmwasm_std::{Deps, Order, StdResult};
use ledger_types::park::footprints::{
    DataQuality, Dqi, FootprintResponse, InputView, LedgerRecord, Pcf, PfStatus, ProductFootprint,
    iso8601, micro_decimal, milli_decimal, signed_micro_decimal,
};

use crate::ContractResult;
use crate::state::{INPUTS, StoredInput, footprint as stored_footprint, is_superseded, product};

/// The product's footprint at `version`, or its current one.
pub fn footprint(
    deps: Deps,
    product_id: &str,
    version: Option<u32>,
) -> ContractResult<FootprintResponse> {
    let version = match version {
        Some(version) => version,
        None => product(deps.storage, product_id)?.current,
    };
    let (product, stored) = stored_footprint(deps.storage, product_id, version)?;
    // A footprint names at most MAX_INPUTS inputs: this range is bounded by publication.
    let inputs = INPUTS
        .prefix((product_id, version))
        .range(deps.storage, None, None, Order::Ascending)
        .map(|entry| {
            let (input_id, input) = entry?;
            input_view(deps, input_id, input)
        })
        .collect::<StdResult<Vec<_>>>()?;
    let pcf = &stored.pcf;
    let footprint = ProductFootprint {
        id: stored.pf_id.clone(),
        spec_version: stored.spec_version.clone(),
        version,
        created: iso8601(stored.published_at),
        status: match stored.superseded_by {
            None => PfStatus::Active,
            Some(_) => PfStatus::Deprecated,
        },
        status_comment: stored
            .superseded_by
            .map(|by| format!("superseded by version {by}")),
        company_name: stored.company_name.clone(),
        company_ids: stored.company_ids.clone(),
        product_ids: stored.product_ids.clone(),
        product_category_cpc: stored.product_category_cpc.clone(),
        product_name_company: stored.product_name_company.clone(),
        pcf: Pcf {
            declared_unit: pcf.declared_unit,
            unitary_product_amount: micro_decimal(pcf.unitary_product_amount.u128()),
            p_cf_excluding_biogenic: micro_decimal(stored.attributed_emissions.u128()),
            p_cf_including_biogenic: signed_micro_decimal(pcf.pcf_including_biogenic.i128()),
            fossil_ghg_emissions: micro_decimal(pcf.fossil_ghg_emissions.u128()),
            biogenic_carbon_content: micro_decimal(pcf.biogenic_carbon_content.u128()),
            reference_period_start: iso8601(pcf.reference_period_start),
            reference_period_end: iso8601(pcf.reference_period_end),
            dqi: pcf.data_quality.as_ref().map(dqi),
        },
    };
    Ok(FootprintResponse {
        footprint,
        ledger: LedgerRecord {
            product_id: product_id.to_string(),
            version,
            company: product.company.to_string(),
            published_at: stored.published_at,
            superseded_by: stored.superseded_by,
            process_emissions: pcf.process_emissions,
            attributed_emissions: stored.attributed_emissions,
            inputs,
            document_sha256: stored.document_sha256,
            credits_retired: stored.credits_retired,
        },
    })
}

/// An input as a footprint used it, with whether its version is superseded now.
pub fn input_view(deps: Deps, product_id: String, input: StoredInput) -> StdResult<InputView> {
    Ok(InputView {
        superseded: is_superseded(deps.storage, &product_id, input.version)?,
        product_id,
        version: input.version,
        amount_per_unit: input.amount_per_unit,
        contribution: input.contribution,
    })
}

fn dqi(quality: &DataQuality) -> Dqi {
    Dqi {
        coverage_percent: quality.coverage_percent.to_string(),
        technological_dqr: milli_decimal(quality.technological_dqr),
        temporal_dqr: milli_decimal(quality.temporal_dqr),
        geographical_dqr: milli_decimal(quality.geographical_dqr),
        completeness_dqr: milli_decimal(quality.completeness_dqr),
        reliability_dqr: milli_decimal(quality.reliability_dqr),
    }
}
