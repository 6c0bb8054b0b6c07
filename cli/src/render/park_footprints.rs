//! Product carbon footprints in tables and trees: a footprint with its inputs, a product's
//! versions, the inputs tree indented by depth, the footprints resting on a product, a
//! company's products and the credits retired against a product. Emissions are in kgCO2e per
//! declared unit and amounts in units, with the contract's six decimals shown exactly.

use comfy_table::{Cell, Table};
use cosmwasm_std::Uint128;
use ledger_sdk::contracts::park::footprints::{
    ConfigResponse, CreditRetirement, DeclaredUnit, Dependant, FootprintResponse, InputView,
    InputsTree, PfStatus, ProductSummary, Published, VerifyResponse, VersionSummary, micro_decimal,
};

use crate::render::{self, num};
use crate::when;

/// Micro-kgCO2e as kgCO2e: `2318000` is `2.318`.
pub fn kg(micro: Uint128) -> String {
    micro_decimal(micro.u128())
}

/// A declared unit as PACT names it (`kilogram`).
pub fn unit(u: DeclaredUnit) -> &'static str {
    match u {
        DeclaredUnit::Liter => "liter",
        DeclaredUnit::Kilogram => "kilogram",
        DeclaredUnit::CubicMeter => "cubic meter",
        DeclaredUnit::KilowattHour => "kilowatt hour",
        DeclaredUnit::Megajoule => "megajoule",
        DeclaredUnit::TonKilometer => "ton kilometer",
        DeclaredUnit::SquareMeter => "square meter",
    }
}

/// What a publication created, in words.
pub fn published_line(p: &Published, unit_name: &str) -> String {
    format!(
        "published {} version {} (footprint {}): {} kgCO2e per {unit_name} attributed over {} \
         input(s)",
        p.product_id,
        p.version,
        p.pf_id,
        kg(p.attributed_emissions),
        p.inputs
    )
}

/// One footprint: the PACT fields, then what the ledger keeps beside them.
pub fn footprint_record(f: &FootprintResponse) -> Table {
    let (pact, ledger) = (&f.footprint, &f.ledger);
    let pcf = &pact.pcf;
    let per = unit(pcf.declared_unit);
    let status = match (pact.status, ledger.superseded_by) {
        (PfStatus::Deprecated, Some(next)) => format!("Deprecated (superseded by version {next})"),
        (PfStatus::Deprecated, None) => "Deprecated".to_string(),
        (PfStatus::Active, _) => "Active".to_string(),
    };
    let mut rows = vec![
        ("product", ledger.product_id.clone()),
        ("version", ledger.version.to_string()),
        ("status", status),
        ("footprint id", pact.id.clone()),
        ("spec version", pact.spec_version.clone()),
        ("product name", pact.product_name_company.clone()),
        ("product ids", pact.product_ids.join(", ")),
        ("CPC category", pact.product_category_cpc.clone()),
        (
            "company",
            format!("{} ({})", pact.company_name, ledger.company),
        ),
        ("company ids", pact.company_ids.join(", ")),
        (
            "declared unit",
            format!("{} {per}", pcf.unitary_product_amount),
        ),
        (
            "pCfExcludingBiogenic",
            format!(
                "{} kgCO2e per {per} (attributed)",
                pcf.p_cf_excluding_biogenic
            ),
        ),
        (
            "process emissions",
            format!(
                "{} kgCO2e per {per} (own, inputs left out)",
                kg(ledger.process_emissions)
            ),
        ),
        (
            "pCfIncludingBiogenic",
            format!("{} kgCO2e per {per}", pcf.p_cf_including_biogenic),
        ),
        (
            "fossil GHG emissions",
            format!("{} kgCO2e per {per}", pcf.fossil_ghg_emissions),
        ),
        (
            "biogenic carbon content",
            format!("{} kgC per {per}", pcf.biogenic_carbon_content),
        ),
        (
            "reference period",
            format!(
                "{} to {}",
                pcf.reference_period_start, pcf.reference_period_end
            ),
        ),
    ];
    if let Some(dqi) = &pcf.dqi {
        rows.push((
            "data quality",
            format!(
                "coverage {}%, technological {}, temporal {}, geographical {}, completeness {}, \
                 reliability {}",
                dqi.coverage_percent,
                dqi.technological_dqr,
                dqi.temporal_dqr,
                dqi.geographical_dqr,
                dqi.completeness_dqr,
                dqi.reliability_dqr
            ),
        ));
    }
    rows.extend([
        ("created", pact.created.clone()),
        ("published", when::datetime(ledger.published_at)),
        (
            "credits retired",
            format!("{} t CO2e", ledger.credits_retired),
        ),
        ("document sha256", ledger.document_sha256.to_hex()),
    ]);
    render::record(rows)
}

/// A footprint's inputs with their shares.
pub fn inputs_table(inputs: &[InputView]) -> Table {
    let mut t = render::table([
        "input",
        "version",
        "amount per unit",
        "kgCO2e per unit",
        "superseded",
    ]);
    for i in inputs {
        t.add_row(vec![
            Cell::new(&i.product_id),
            num(i.version),
            num(kg(i.amount_per_unit)),
            num(kg(i.contribution)),
            Cell::new(if i.superseded { "yes" } else { "" }),
        ]);
    }
    t
}

/// A product's versions, oldest first.
pub fn versions_table(versions: &[VersionSummary]) -> Table {
    let mut t = render::table([
        "version",
        "footprint id",
        "published (UTC)",
        "kgCO2e per unit",
        "superseded by",
        "document sha256",
    ]);
    for v in versions {
        t.add_row(vec![
            num(v.version),
            Cell::new(&v.pf_id),
            Cell::new(when::datetime(v.published_at)),
            num(kg(v.attributed_emissions)),
            Cell::new(v.superseded_by.map(|n| n.to_string()).unwrap_or_default()),
            Cell::new(v.document_sha256.to_hex()),
        ]);
    }
    t
}

/// The inputs tree, one line a node indented by its depth under its root:
///
/// ```text
/// bracket v2: 2.318 kgCO2e per unit
///   coil v1 × 1.05 → 1.995 kgCO2e
///     slab v4 × 1.02 → 1.9 kgCO2e (superseded)
/// ```
pub fn tree_lines(tree: &InputsTree) -> Vec<String> {
    let mut lines = vec![format!(
        "{} v{}: {} kgCO2e per unit",
        tree.product_id,
        tree.version,
        kg(tree.attributed_emissions)
    )];
    for n in &tree.nodes {
        let i = &n.input;
        lines.push(format!(
            "{}{} v{} × {} → {} kgCO2e{}",
            "  ".repeat(n.depth as usize),
            i.product_id,
            i.version,
            kg(i.amount_per_unit),
            kg(i.contribution),
            if i.superseded { " (superseded)" } else { "" }
        ));
    }
    lines
}

/// The current footprints resting on a product.
pub fn dependants_table(dependants: &[Dependant]) -> Table {
    let mut t = render::table([
        "input version",
        "product",
        "its version",
        "company",
        "input superseded",
    ]);
    for d in dependants {
        t.add_row(vec![
            num(d.input_version),
            Cell::new(&d.product_id),
            num(d.version),
            Cell::new(&d.company),
            Cell::new(if d.superseded_input { "yes" } else { "" }),
        ]);
    }
    t
}

/// A company's products.
pub fn products_table(products: &[ProductSummary]) -> Table {
    let mut t = render::table(["product", "current version", "name"]);
    for p in products {
        t.add_row(vec![
            Cell::new(&p.product_id),
            num(p.current),
            Cell::new(&p.product_name_company),
        ]);
    }
    t
}

/// The credits retired against a product.
pub fn retirements_table(retirements: &[CreditRetirement]) -> Table {
    let mut t = render::table([
        "retirement",
        "version",
        "credits",
        "batch",
        "holder",
        "beneficiary",
        "on behalf of",
        "retired (UTC)",
    ]);
    for r in retirements {
        t.add_row(vec![
            num(r.retirement_id),
            num(r.version),
            num(r.amount),
            num(r.batch_id),
            Cell::new(&r.holder),
            Cell::new(&r.beneficiary),
            Cell::new(r.on_behalf_of.clone().unwrap_or_default()),
            Cell::new(when::datetime(r.retired_at)),
        ]);
    }
    t
}

/// A verification's answer in words.
pub fn verify_line(v: &VerifyResponse, given: &str) -> String {
    if v.matches {
        format!(
            "the document is the one published for {} version {} (sha256 {given})",
            v.product_id, v.version
        )
    } else {
        format!(
            "the document is NOT the one published for {} version {}: its sha256 is {given}, \
             the published one {}",
            v.product_id,
            v.version,
            v.document_sha256.to_hex()
        )
    }
}

/// The contract's settings.
pub fn config_record(c: &ConfigResponse) -> Table {
    render::record(vec![
        ("registry", c.admin_contract.clone()),
        (
            "credits contract",
            c.credits
                .clone()
                .unwrap_or_else(|| "none linked (`ledger park footprints link-credits`)".into()),
        ),
    ])
}
