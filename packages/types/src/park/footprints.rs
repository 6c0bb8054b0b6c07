//! Product carbon footprints along the supply chain, shaped as WBCSD PACT's `ProductFootprint`
//! (technical specification v2).
//!
//! - **Who declares**: any registered participant in good standing declares the products of
//!   its own company; the participant's address *is* the company on the ledger (the PACT
//!   `companyIds` it lists are kept as given). The first footprint of a product id makes its
//!   sender the product's declaring company; only that company publishes later versions.
//! - **Versioned**: publishing for a product id that exists creates version n+1; version n is
//!   kept and marked superseded (PACT status `Deprecated`), never overwritten.
//! - **Along the chain**: a footprint names its inputs (input product, the input footprint
//!   version it used, amount of input per declared unit). Its attributed emissions per
//!   declared unit are its own process emissions plus, for each input, the amount times the
//!   input version's attributed emissions per the input's declared unit ([`contribution`],
//!   rounded up to the next micro-kgCO2e so that an attribution never understates). An input
//!   must be published already, so the inputs graph can have no cycle.
//! - **Stale inputs**: a footprint whose input version has since been superseded is listed by
//!   [`QueryMsg::Dependants`] with `superseded_only`; only current footprints are indexed as
//!   dependants (a product's new version replaces its old version's entries).
//! - **Offsets**: the registry's administrator links the carbon-credits contract
//!   ([`ExecuteMsg::LinkCredits`]); a retirement there that names a footprint version is
//!   recorded here by that contract in the same transaction ([`ExecuteMsg::RecordRetirement`]),
//!   so a footprint shows the credits retired against it ([`LedgerRecord::credits_retired`])
//!   and a product's retirements are listed ([`QueryMsg::Retirements`]).
//! - **Verifiable**: the contract stores the fields it computes with and the SHA-256 of the full
//!   canonical JSON document; [`QueryMsg::Verify`] compares a document's hash with it. The
//!   contract never parses the document nor any float.
//!
//! Fixed precision (integers, never floats): emissions in micro-kgCO2e (kgCO2e × 10^6) per
//! declared unit; amounts (unitary product amount, input per declared unit) in micro-units of
//! their declared unit (× 10^6); biogenic carbon content in micro-kgC per declared unit; data
//! quality ratings in thousandths (1.0 to 3.0 → 1000 to 3000); times in unix seconds.

use cosmwasm_schema::{QueryResponses, cw_serde};
use cosmwasm_std::{HexBinary, Int128, OverflowError, Uint128};

/// Denominator of every fixed-precision amount and emission: micro (10^6).
pub const PRECISION: u128 = 1_000_000;
/// Most inputs one footprint names.
pub const MAX_INPUTS: usize = 16;
/// Deepest an inputs tree is walked in one query.
pub const MAX_TREE_DEPTH: u32 = 8;
/// Most nodes one inputs-tree query walks (the page's start included); beyond it a client
/// asks again from a deeper footprint.
pub const MAX_TREE_NODES: u32 = 500;
/// Longest product id, footprint id, company id or CPC code, bytes.
pub const MAX_ID_LEN: usize = 128;
/// Longest product name or spec version, bytes.
pub const MAX_TEXT_LEN: usize = 256;
/// Most company ids or product ids a footprint lists.
pub const MAX_IDS: usize = 10;
/// Lowest and highest PACT data quality rating, in thousandths.
pub const MIN_DQR: u32 = 1_000;
pub const MAX_DQR: u32 = 3_000;

/// An input's share of a footprint's emissions per declared unit, micro-kgCO2e:
/// `amount_per_unit × input_per_unit / 10^6`, rounded up.
pub fn contribution(
    amount_per_unit: Uint128,
    input_per_unit: Uint128,
) -> Result<Uint128, OverflowError> {
    let product = amount_per_unit.checked_mul(input_per_unit)?;
    // The divisor is a non-zero constant: neither division can fail.
    let precision = Uint128::new(PRECISION);
    let whole = product / precision;
    if (product % precision).is_zero() {
        Ok(whole)
    } else {
        whole.checked_add(Uint128::one())
    }
}

#[cw_serde]
pub struct InstantiateMsg {
    /// The registry (admin contract): participants and their standing.
    pub admin_contract: String,
}

#[cw_serde]
pub enum ExecuteMsg {
    /// A participant in good standing: publishes a product's footprint, version 1 for a new
    /// product id (the sender becomes its declaring company), version n+1 otherwise (the
    /// declaring company only; version n is superseded).
    Publish { footprint: Box<Declaration> },
    /// The registry's administrator: the carbon-credits contract whose retirements against
    /// footprints are recorded here (replacing an earlier link).
    LinkCredits { address: String },
    /// The linked credits contract only: records a retirement against a footprint version.
    RecordRetirement { retirement: CreditRetirement },
    /// Guardian or the registry's administrator: stops every message but the pause's own.
    Pause { reason: String },
    /// The registry's administrator: resumes the contract.
    Unpause {},
}

/// What a company publishes: the PACT fields the ledger keeps, its inputs and the hash of the
/// full document.
#[cw_serde]
pub struct Declaration {
    /// The ledger's key for the product (one of `product_ids`), stable across versions.
    pub product_id: String,
    /// PACT `id`: the footprint's UUID (lower-case, hyphenated); unique in the ledger.
    pub pf_id: String,
    /// PACT `specVersion`, e.g. "2.2.0".
    pub spec_version: String,
    /// PACT `companyName`.
    pub company_name: String,
    /// PACT `companyIds` (URNs), as the document lists them.
    pub company_ids: Vec<String>,
    /// PACT `productIds` (URNs); must include `product_id`.
    pub product_ids: Vec<String>,
    /// PACT `productCategoryCpc`.
    pub product_category_cpc: String,
    /// PACT `productNameCompany`.
    pub product_name_company: String,
    pub pcf: CarbonFootprint,
    /// The inputs consumed per declared unit, each at most once.
    pub inputs: Vec<InputUse>,
    /// SHA-256 of the full canonical JSON document (32 bytes).
    pub document_sha256: HexBinary,
}

/// PACT `DeclaredUnit`.
#[cw_serde]
#[derive(Copy)]
pub enum DeclaredUnit {
    #[serde(rename = "liter")]
    Liter,
    #[serde(rename = "kilogram")]
    Kilogram,
    #[serde(rename = "cubic meter")]
    CubicMeter,
    #[serde(rename = "kilowatt hour")]
    KilowattHour,
    #[serde(rename = "megajoule")]
    Megajoule,
    #[serde(rename = "ton kilometer")]
    TonKilometer,
    #[serde(rename = "square meter")]
    SquareMeter,
}

/// The declared PACT `pcf` fields, in fixed precision. `process_emissions` is the company's
/// own share; the ledger adds its inputs' to make PACT's `pCfExcludingBiogenic`. The other
/// emission fields are the company's own totals, reported as declared.
#[cw_serde]
pub struct CarbonFootprint {
    pub declared_unit: DeclaredUnit,
    /// Micro-units of the declared unit in the product; above zero.
    pub unitary_product_amount: Uint128,
    /// Own process emissions, micro-kgCO2e per declared unit, inputs left out.
    pub process_emissions: Uint128,
    /// PACT `pCfIncludingBiogenic`, micro-kgCO2e per declared unit (may be negative).
    pub pcf_including_biogenic: Int128,
    /// PACT `fossilGhgEmissions`, micro-kgCO2e per declared unit.
    pub fossil_ghg_emissions: Uint128,
    /// PACT `biogenicCarbonContent`, micro-kgC per declared unit.
    pub biogenic_carbon_content: Uint128,
    /// PACT `referencePeriodStart` / `referencePeriodEnd`; the end after the start.
    pub reference_period_start: u64,
    pub reference_period_end: u64,
    /// PACT `dqi`, when the company rates its data.
    pub data_quality: Option<DataQuality>,
}

/// PACT data quality indicators: coverage in percent, ratings in thousandths (1000-3000).
#[cw_serde]
pub struct DataQuality {
    pub coverage_percent: u8,
    pub technological_dqr: u32,
    pub temporal_dqr: u32,
    pub geographical_dqr: u32,
    pub completeness_dqr: u32,
    pub reliability_dqr: u32,
}

/// One input of a footprint.
#[cw_serde]
pub struct InputUse {
    pub product_id: String,
    /// The input's footprint version the company computed with; it must exist.
    pub version: u32,
    /// Micro-units of the input's declared unit per declared unit of this product; above zero.
    pub amount_per_unit: Uint128,
}

/// Credits retired against a footprint version, as the credits contract reports them.
#[cw_serde]
pub struct CreditRetirement {
    /// The retirement certificate's id in the credits contract.
    pub retirement_id: u64,
    pub product_id: String,
    pub version: u32,
    /// Whole credits (tonnes of CO2-equivalent).
    pub amount: u64,
    pub batch_id: u64,
    pub holder: String,
    pub beneficiary: String,
    pub on_behalf_of: Option<String>,
    pub retired_at: u64,
}

#[cw_serde]
pub struct MigrateMsg {}

#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The registry the contract asks.
    #[returns(ConfigResponse)]
    Config {},
    /// Whether the contract is paused, by whom, since when and why.
    #[returns(crate::emergency::PauseStatus)]
    PauseStatus {},
    /// A product's footprint in PACT's shape: its current version, or `version`.
    #[returns(FootprintResponse)]
    Footprint {
        product_id: String,
        version: Option<u32>,
    },
    /// A product's versions, oldest first.
    #[returns(VersionsResponse)]
    Versions {
        product_id: String,
        start_after: Option<u32>,
        limit: Option<u32>,
    },
    /// The inputs tree under a footprint (its current version, or `version`) in depth-first
    /// order, `max_depth` levels deep (at most [`MAX_TREE_DEPTH`]); `start_after` is a node's
    /// `position`. One query walks at most [`MAX_TREE_NODES`] nodes.
    #[returns(InputsTreeResponse)]
    InputsTree {
        product_id: String,
        version: Option<u32>,
        max_depth: Option<u32>,
        start_after: Option<u32>,
        limit: Option<u32>,
    },
    /// The current footprints that use a version of this product as input, by (input version,
    /// dependant product); with `superseded_only`, those resting on a superseded version.
    #[returns(DependantsResponse)]
    Dependants {
        product_id: String,
        superseded_only: bool,
        start_after: Option<(u32, String)>,
        limit: Option<u32>,
    },
    /// Whether a document's SHA-256 is the one published for the footprint version.
    #[returns(VerifyResponse)]
    Verify {
        product_id: String,
        version: u32,
        document_sha256: HexBinary,
    },
    /// The credit retirements recorded against a product (any version), by retirement id.
    #[returns(CreditRetirementsResponse)]
    Retirements {
        product_id: String,
        start_after: Option<u64>,
        limit: Option<u32>,
    },
    /// A company's products, by product id.
    #[returns(ProductsResponse)]
    ByCompany {
        company: String,
        start_after: Option<String>,
        limit: Option<u32>,
    },
}

#[cw_serde]
pub struct ConfigResponse {
    pub admin_contract: String,
    /// The linked carbon-credits contract, once there is one.
    pub credits: Option<String>,
}

/// PACT `PfStatus`.
#[cw_serde]
#[derive(Copy)]
pub enum PfStatus {
    #[serde(rename = "Active")]
    Active,
    #[serde(rename = "Deprecated")]
    Deprecated,
}

/// A footprint as PACT's `ProductFootprint` (camelCase names, decimals as strings, times in
/// ISO 8601) with what the ledger adds beside it.
#[cw_serde]
pub struct FootprintResponse {
    pub footprint: ProductFootprint,
    pub ledger: LedgerRecord,
}

/// PACT's `ProductFootprint`, the fields the ledger keeps.
#[cw_serde]
#[serde(rename_all = "camelCase")]
pub struct ProductFootprint {
    pub id: String,
    pub spec_version: String,
    pub version: u32,
    pub created: String,
    pub status: PfStatus,
    /// Left out of the JSON when there is none, as PACT leaves optional fields out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_comment: Option<String>,
    pub company_name: String,
    pub company_ids: Vec<String>,
    pub product_ids: Vec<String>,
    pub product_category_cpc: String,
    pub product_name_company: String,
    pub pcf: Pcf,
}

/// PACT's `CarbonFootprint`: `pCfExcludingBiogenic` is the attributed emissions (own process
/// plus inputs).
#[cw_serde]
#[serde(rename_all = "camelCase")]
pub struct Pcf {
    pub declared_unit: DeclaredUnit,
    pub unitary_product_amount: String,
    #[serde(rename = "pCfExcludingBiogenic")]
    pub p_cf_excluding_biogenic: String,
    #[serde(rename = "pCfIncludingBiogenic")]
    pub p_cf_including_biogenic: String,
    pub fossil_ghg_emissions: String,
    pub biogenic_carbon_content: String,
    pub reference_period_start: String,
    pub reference_period_end: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dqi: Option<Dqi>,
}

/// PACT's `DataQualityIndicators`, decimals as strings.
#[cw_serde]
#[serde(rename_all = "camelCase")]
pub struct Dqi {
    pub coverage_percent: String,
    #[serde(rename = "technologicalDQR")]
    pub technological_dqr: String,
    #[serde(rename = "temporalDQR")]
    pub temporal_dqr: String,
    #[serde(rename = "geographicalDQR")]
    pub geographical_dqr: String,
    #[serde(rename = "completenessDQR")]
    pub completeness_dqr: String,
    #[serde(rename = "reliabilityDQR")]
    pub reliability_dqr: String,
}

/// What the ledger keeps beside the PACT fields, in fixed precision.
#[cw_serde]
pub struct LedgerRecord {
    pub product_id: String,
    pub version: u32,
    /// The declaring company's address.
    pub company: String,
    pub published_at: u64,
    /// The version that superseded this one, once there is one.
    pub superseded_by: Option<u32>,
    pub process_emissions: Uint128,
    /// Process emissions plus every input's contribution, micro-kgCO2e per declared unit.
    pub attributed_emissions: Uint128,
    pub inputs: Vec<InputView>,
    pub document_sha256: HexBinary,
    /// Whole carbon credits retired against this version.
    #[serde(default)]
    pub credits_retired: u64,
}

/// An input as a footprint used it.
#[cw_serde]
pub struct InputView {
    pub product_id: String,
    pub version: u32,
    pub amount_per_unit: Uint128,
    /// Its share of the footprint's attributed emissions, micro-kgCO2e per declared unit.
    pub contribution: Uint128,
    /// Whether this input version has been superseded since.
    pub superseded: bool,
}

#[cw_serde]
pub struct VersionSummary {
    pub version: u32,
    pub pf_id: String,
    pub published_at: u64,
    pub superseded_by: Option<u32>,
    pub attributed_emissions: Uint128,
    pub document_sha256: HexBinary,
}

#[cw_serde]
pub struct VersionsResponse {
    pub product_id: String,
    pub current: u32,
    pub versions: Vec<VersionSummary>,
    pub has_more: bool,
}

/// One edge of an inputs tree: `input` as used by the footprint `parent`.
#[cw_serde]
pub struct TreeNode {
    /// Its place in the depth-first walk, from 1; the next page starts after it.
    pub position: u32,
    /// 1 for the root's own inputs.
    pub depth: u32,
    pub parent_product_id: String,
    pub parent_version: u32,
    pub input: InputView,
}

#[cw_serde]
pub struct InputsTreeResponse {
    pub product_id: String,
    pub version: u32,
    pub attributed_emissions: Uint128,
    pub nodes: Vec<TreeNode>,
    /// Nodes follow in this walk: ask again after the last position.
    pub has_more: bool,
    /// The walk stopped at [`MAX_TREE_NODES`] before the tree's end: ask from a deeper node.
    pub truncated: bool,
}

/// A current footprint resting on a version of the asked product.
#[cw_serde]
pub struct Dependant {
    pub input_version: u32,
    pub product_id: String,
    pub version: u32,
    pub company: String,
    /// Whether `input_version` is superseded.
    pub superseded_input: bool,
}

#[cw_serde]
pub struct DependantsResponse {
    pub product_id: String,
    pub current: u32,
    pub dependants: Vec<Dependant>,
    pub has_more: bool,
}

#[cw_serde]
pub struct VerifyResponse {
    pub product_id: String,
    pub version: u32,
    pub matches: bool,
    pub document_sha256: HexBinary,
}

#[cw_serde]
pub struct CreditRetirementsResponse {
    pub product_id: String,
    /// Credits retired against every version of the product.
    pub total: u64,
    pub retirements: Vec<CreditRetirement>,
    pub has_more: bool,
}

#[cw_serde]
pub struct ProductSummary {
    pub product_id: String,
    pub current: u32,
    pub product_name_company: String,
}

#[cw_serde]
pub struct ProductsResponse {
    pub company: String,
    pub products: Vec<ProductSummary>,
    pub has_more: bool,
}

/// `micro` (× 10^6) as a decimal string without trailing zeros: 1_500_000 → "1.5".
pub fn micro_decimal(micro: u128) -> String {
    fixed_decimal(micro, PRECISION, 6)
}

/// A signed micro amount as a decimal string.
pub fn signed_micro_decimal(micro: i128) -> String {
    let text = micro_decimal(micro.unsigned_abs());
    if micro < 0 { format!("-{text}") } else { text }
}

/// A rating in thousandths as a decimal string: 1500 → "1.5".
pub fn milli_decimal(milli: u32) -> String {
    fixed_decimal(u128::from(milli), 1_000, 3)
}

fn fixed_decimal(value: u128, scale: u128, digits: usize) -> String {
    let whole = value / scale;
    let fraction = value % scale;
    if fraction == 0 {
        return whole.to_string();
    }
    let fraction = format!("{fraction:0digits$}");
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

/// Unix seconds as ISO 8601 UTC (`2026-01-31T00:00:00Z`), as PACT writes times.
pub fn iso8601(unix: u64) -> String {
    let days = unix / 86_400;
    let rest = unix % 86_400;
    // Days to a civil date (proleptic Gregorian), after H. Hinnant's `civil_from_days`.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

/// Whether `id` is a UUID in PACT's form: 8-4-4-4-12 lower-case hex digits.
pub fn is_uuid(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, len)| {
            group.len() == len
                && group
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contributions_round_up_to_the_micro_kg() {
        let c = |a: u128, e: u128| {
            contribution(Uint128::new(a), Uint128::new(e))
                .unwrap()
                .u128()
        };
        assert_eq!(c(2_000_000, 1_500_000), 3_000_000);
        assert_eq!(c(1, 1), 1);
        assert_eq!(c(500_000, 3), 2);
        assert_eq!(c(0, 7), 0);
        assert!(contribution(Uint128::MAX, Uint128::new(2)).is_err());
    }

    #[test]
    fn decimals_and_times_read_as_pact_writes_them() {
        assert_eq!(micro_decimal(1_500_000), "1.5");
        assert_eq!(micro_decimal(12), "0.000012");
        assert_eq!(micro_decimal(3_000_000), "3");
        assert_eq!(signed_micro_decimal(-250_000), "-0.25");
        assert_eq!(milli_decimal(2_125), "2.125");
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_709_251_199), "2024-02-29T23:59:59Z");
        assert_eq!(iso8601(1_735_689_600), "2025-01-01T00:00:00Z");
    }

    #[test]
    fn pact_ids_and_field_names() {
        assert!(is_uuid("3fa85f64-5717-4562-b3fc-2c963f66afa6"));
        assert!(!is_uuid("3FA85F64-5717-4562-b3fc-2c963f66afa6"));
        assert!(!is_uuid("3fa85f64-5717-4562-b3fc"));
        let pcf = Pcf {
            declared_unit: DeclaredUnit::Kilogram,
            unitary_product_amount: "1".into(),
            p_cf_excluding_biogenic: "2".into(),
            p_cf_including_biogenic: "2".into(),
            fossil_ghg_emissions: "2".into(),
            biogenic_carbon_content: "0".into(),
            reference_period_start: iso8601(0),
            reference_period_end: iso8601(1),
            dqi: None,
        };
        let json = cosmwasm_std::to_json_string(&pcf).unwrap();
        for name in [
            "\"declaredUnit\":\"kilogram\"",
            "\"unitaryProductAmount\"",
            "\"pCfExcludingBiogenic\"",
            "\"pCfIncludingBiogenic\"",
            "\"fossilGhgEmissions\"",
            "\"biogenicCarbonContent\"",
            "\"referencePeriodStart\"",
        ] {
            assert!(json.contains(name), "{name} missing from {json}");
        }
    }
}
