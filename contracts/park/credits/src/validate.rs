//! The shapes of what users send: ids, bounded texts, standards' names, jurisdictions and a
//! retirement's terms. Each check names the field and says what would be accepted.

use ledger_types::park::credits::{
    MAX_ID_LEN, MAX_NAME_LEN, MAX_REASON_LEN, MAX_STANDARD_NAME_LEN, RetirementTerms, Standard,
};

use crate::{ContractError, ContractResult};

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// A class or project id: 1 to [`MAX_ID_LEN`] characters of `[A-Za-z0-9._-]`.
pub fn id(field: &str, id: &str) -> ContractResult<()> {
    if id.is_empty() || id.len() > MAX_ID_LEN || !id.chars().all(is_id_char) {
        return Err(ContractError::InvalidId {
            field: field.to_string(),
            id: id.to_string(),
            max: MAX_ID_LEN,
        });
    }
    Ok(())
}

/// `text` trimmed, if 1 to `max` bytes long.
pub fn text(field: &str, text: &str, max: usize) -> ContractResult<String> {
    let text = text.trim();
    if text.is_empty() || text.len() > max {
        return Err(ContractError::InvalidText {
            field: field.to_string(),
            len: text.len(),
            max,
        });
    }
    Ok(text.to_string())
}

/// `text` trimmed, if at most `max` bytes long (it may be empty).
pub fn optional_text(field: &str, text: &str, max: usize) -> ContractResult<String> {
    let text = text.trim();
    if text.len() > max {
        return Err(ContractError::InvalidText {
            field: field.to_string(),
            len: text.len(),
            max,
        });
    }
    Ok(text.to_string())
}

/// An `Other` standard's name is an id that is not one of the known standards (which have
/// their own variants, so that one programme cannot get two serial registries).
pub fn standard(standard: &Standard) -> ContractResult<()> {
    let Standard::Other(name) = standard else {
        return Ok(());
    };
    let folded: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let known = ["vcs", "verra", "cdm", "gs", "goldstandard"].contains(&folded.as_str());
    if known
        || name.is_empty()
        || name.len() > MAX_STANDARD_NAME_LEN
        || !name.chars().all(is_id_char)
    {
        return Err(ContractError::InvalidStandard {
            name: name.clone(),
            max: MAX_STANDARD_NAME_LEN,
        });
    }
    Ok(())
}

/// ISO 3166-1 alpha-2 (two capitals), optionally followed by `-` and an ISO 3166-2
/// subdivision of one to three capitals or digits. The shape is checked, not the list of
/// codes, which changes over time.
pub fn jurisdiction(jurisdiction: &str) -> ContractResult<()> {
    let (country, subdivision) = match jurisdiction.split_once('-') {
        Some((country, subdivision)) => (country, Some(subdivision)),
        None => (jurisdiction, None),
    };
    let country_ok = country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase());
    let subdivision_ok = subdivision.is_none_or(|s| {
        (1..=3).contains(&s.len())
            && s.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    });
    if !(country_ok && subdivision_ok) {
        return Err(ContractError::InvalidJurisdiction {
            jurisdiction: jurisdiction.to_string(),
        });
    }
    Ok(())
}

/// A retirement's terms, trimmed (the consumption claim is checked against the registry by
/// [`crate::execute::retirements::checked_terms`]).
pub fn terms(terms: RetirementTerms) -> ContractResult<RetirementTerms> {
    jurisdiction(&terms.jurisdiction)?;
    Ok(RetirementTerms {
        beneficiary: text("beneficiary", &terms.beneficiary, MAX_NAME_LEN)?,
        on_behalf_of: terms
            .on_behalf_of
            .map(|name| text("on_behalf_of", &name, MAX_NAME_LEN))
            .transpose()?,
        jurisdiction: terms.jurisdiction,
        reason: text("reason", &terms.reason, MAX_REASON_LEN)?,
        consumption: terms.consumption,
        product: terms.product,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jurisdictions_are_a_country_with_an_optional_subdivision() {
        for good in ["KE", "KE-110", "US-CA", "FR-75", "GB-ENG", "DE-B"] {
            assert_eq!(jurisdiction(good), Ok(()), "{good}");
        }
        for bad in [
            "", "K", "ke", "KEN", "KE-", "KE-1100", "KE-ca", "KE-1-2", "K1",
        ] {
            assert!(jurisdiction(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn other_standards_may_not_pose_as_known_ones() {
        assert_eq!(standard(&Standard::Other("Puro.earth".into())), Ok(()));
        for bad in ["Gold-Standard", "VCS", "cdm", "", "a b", &"x".repeat(33)] {
            assert!(standard(&Standard::Other(bad.into())).is_err(), "{bad}");
        }
    }

    #[test]
    fn ids_and_texts_are_bounded() {
        assert_eq!(id("class id", "GS-01"), Ok(()));
        assert!(id("class id", "GS 01").is_err());
        assert!(id("class id", "").is_err());
        assert_eq!(text("reason", "  x ", 4), Ok("x".to_string()));
        assert_eq!(
            text("reason", "   ", 4),
            Err(ContractError::InvalidText {
                field: "reason".into(),
                len: 0,
                max: 4
            })
        );
    }
}
