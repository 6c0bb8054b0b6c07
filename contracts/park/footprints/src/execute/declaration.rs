//! A declaration's checks that need no storage: texts, ids, amounts, period, data quality,
//! hash and the shape of its inputs list. They run before anything is read or written.

use std::collections::BTreeSet;

use ledger_types::park::footprints::{
    DataQuality, Declaration, MAX_DQR, MAX_ID_LEN, MAX_IDS, MAX_INPUTS, MAX_TEXT_LEN, MIN_DQR,
    is_uuid,
};

use crate::{ContractError, ContractResult};

/// Refuses a declaration that is malformed on its own.
pub fn check(declaration: &Declaration) -> ContractResult<()> {
    text("product_id", &declaration.product_id, MAX_ID_LEN)?;
    if !is_uuid(&declaration.pf_id) {
        return Err(ContractError::InvalidPfId {
            pf_id: declaration.pf_id.clone(),
        });
    }
    text("spec_version", &declaration.spec_version, MAX_TEXT_LEN)?;
    text("company_name", &declaration.company_name, MAX_TEXT_LEN)?;
    text(
        "product_category_cpc",
        &declaration.product_category_cpc,
        MAX_ID_LEN,
    )?;
    text(
        "product_name_company",
        &declaration.product_name_company,
        MAX_TEXT_LEN,
    )?;
    ids("company_ids", &declaration.company_ids)?;
    ids("product_ids", &declaration.product_ids)?;
    if !declaration.product_ids.contains(&declaration.product_id) {
        return Err(ContractError::ProductIdNotListed {
            product_id: declaration.product_id.clone(),
        });
    }
    let pcf = &declaration.pcf;
    if pcf.unitary_product_amount.is_zero() {
        return Err(ContractError::ZeroProductAmount {});
    }
    if pcf.reference_period_end <= pcf.reference_period_start {
        return Err(ContractError::InvalidReferencePeriod {
            start: pcf.reference_period_start,
            end: pcf.reference_period_end,
        });
    }
    if let Some(quality) = &pcf.data_quality {
        data_quality(quality)?;
    }
    if declaration.document_sha256.len() != 32 {
        return Err(ContractError::InvalidDocumentHash {
            len: declaration.document_sha256.len(),
        });
    }
    inputs(declaration)
}

fn inputs(declaration: &Declaration) -> ContractResult<()> {
    if declaration.inputs.len() > MAX_INPUTS {
        return Err(ContractError::TooManyInputs {
            given: declaration.inputs.len(),
            max: MAX_INPUTS,
        });
    }
    let mut seen = BTreeSet::new();
    for input in &declaration.inputs {
        text("input product_id", &input.product_id, MAX_ID_LEN)?;
        if input.product_id == declaration.product_id {
            return Err(ContractError::SelfInput {
                product_id: input.product_id.clone(),
            });
        }
        if !seen.insert(input.product_id.as_str()) {
            return Err(ContractError::DuplicateInput {
                product_id: input.product_id.clone(),
            });
        }
        if input.amount_per_unit.is_zero() {
            return Err(ContractError::ZeroInputAmount {
                product_id: input.product_id.clone(),
            });
        }
    }
    Ok(())
}

fn text(field: &str, value: &str, max: usize) -> ContractResult<()> {
    if value.is_empty() || value.len() > max || value.trim() != value {
        return Err(ContractError::InvalidText {
            field: field.to_string(),
            len: value.len(),
            max,
        });
    }
    Ok(())
}

fn ids(field: &str, ids: &[String]) -> ContractResult<()> {
    if ids.is_empty() || ids.len() > MAX_IDS {
        return Err(ContractError::InvalidIdList {
            field: field.to_string(),
            len: ids.len(),
            max: MAX_IDS,
        });
    }
    ids.iter().try_for_each(|id| text(field, id, MAX_ID_LEN))
}

fn data_quality(quality: &DataQuality) -> ContractResult<()> {
    if quality.coverage_percent > 100 {
        return Err(ContractError::InvalidDataQuality {
            field: "coverage_percent".to_string(),
            given: u32::from(quality.coverage_percent),
        });
    }
    for (field, rating) in [
        ("technological_dqr", quality.technological_dqr),
        ("temporal_dqr", quality.temporal_dqr),
        ("geographical_dqr", quality.geographical_dqr),
        ("completeness_dqr", quality.completeness_dqr),
        ("reliability_dqr", quality.reliability_dqr),
    ] {
        if !(MIN_DQR..=MAX_DQR).contains(&rating) {
            return Err(ContractError::InvalidDataQuality {
                field: field.to_string(),
                given: rating,
            });
        }
    }
    Ok(())
}
