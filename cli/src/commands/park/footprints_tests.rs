use clap::Parser;
use cosmwasm_std::{HexBinary, Int128, Uint128};
use ledger_sdk::contracts::park::footprints::{
    CarbonFootprint, CreditRetirement, DataQuality, Declaration, DeclaredUnit, Dependant, Dqi,
    FootprintResponse, InputView, InputsTree, LedgerRecord, Pcf, PfStatus, ProductFootprint,
    Published, TreeNode, VerifyResponse, iso8601, micro_decimal, milli_decimal,
    signed_micro_decimal,
};

use super::args::ParkCmd;
use super::footprints::{FootprintsCmd, InputArg, PublishArgs, import};
use crate::cli::{Cli, Command};
use crate::render::park_footprints::{
    dependants_table, footprint_record, inputs_table, published_line, retirements_table,
    tree_lines, verify_line,
};

const BRACKET_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../packages/sdk/testdata/pact/steel-bracket.json"
);
const BRACKET: &str = "urn:gtin:4063211000172";
const COIL: &str = "urn:gtin:4063211000011";

fn fp_cmd(args: &[&str]) -> FootprintsCmd {
    let mut all = vec!["ledger", "park", "footprints"];
    all.extend(args);
    match Cli::try_parse_from(all).unwrap().command {
        Command::Park {
            cmd: ParkCmd::Footprints(cmd),
            ..
        } => cmd,
        other => panic!("not a footprints command: {other:?}"),
    }
}

fn parse_err(args: &[&str]) -> String {
    let mut all = vec!["ledger", "park", "fp"];
    all.extend(args);
    Cli::try_parse_from(all).unwrap_err().to_string()
}

fn input(product_id: &str, version: u32, micro: u128) -> InputArg {
    InputArg(ledger_sdk::contracts::park::footprints::InputUse {
        product_id: product_id.into(),
        version,
        amount_per_unit: Uint128::new(micro),
    })
}

#[test]
fn inputs_are_product_at_version_equals_amount() {
    assert_eq!(
        "urn:gtin:4063211000011@3=1.05".parse::<InputArg>(),
        Ok(input(COIL, 3, 1_050_000))
    );
    // A product id holding `@` and `=` (URNs may) keeps them: the rest is split off the right.
    assert_eq!(
        "urn:x:a@b=c@12=0.000001".parse::<InputArg>(),
        Ok(input("urn:x:a@b=c", 12, 1))
    );
    assert_eq!(
        input(COIL, 3, 1_050_000).to_string(),
        format!("{COIL}@3=1.05")
    );
    for (bad, says) in [
        ("coil=1.05", "is not PRODUCT@VERSION=AMOUNT"),
        ("coil@2", "is not PRODUCT@VERSION=AMOUNT"),
        ("@2=1", "is not PRODUCT@VERSION=AMOUNT"),
        ("coil@two=1", "the version 'two' is not a version"),
        ("coil@0=1", "the version '0' is not a version"),
        ("coil@2=0", "adds nothing"),
        ("coil@2=1.0000001", "keeps 6 decimal places"),
        ("coil@2=-1", "cannot be negative"),
        ("coil@2=1,5", "not a decimal"),
    ] {
        let err = bad.parse::<InputArg>().unwrap_err();
        assert!(err.contains(says), "{bad}: {err}");
    }
    let precise = "coil@2=1.0000001".parse::<InputArg>().unwrap_err();
    assert!(precise.contains("[ledger:pact.too_precise]"), "{precise}");
}

#[test]
fn every_footprint_command_parses_its_flags() {
    let FootprintsCmd::Publish(args) = fp_cmd(&[
        "publish",
        "bracket.json",
        "--product-id",
        BRACKET,
        "--process-emissions",
        "0.35",
        "--input",
        "urn:gtin:4063211000011@3=1.05",
        "--input",
        "urn:gtin:4063211000028@1=0.06",
        "--from",
        "nordhafen",
    ]) else {
        panic!("not publish")
    };
    assert_eq!(args.file.to_str(), Some("bracket.json"));
    assert_eq!(args.product_id, BRACKET);
    assert_eq!(args.process_emissions.as_deref(), Some("0.35"));
    assert_eq!(
        args.inputs,
        vec![
            input(COIL, 3, 1_050_000),
            input("urn:gtin:4063211000028", 1, 60_000)
        ]
    );
    assert!(matches!(
        fp_cmd(&["link-credits", "wasm1credits"]),
        FootprintsCmd::LinkCredits { address } if address == "wasm1credits"
    ));
    assert!(matches!(
        fp_cmd(&["show", BRACKET, "--version", "2"]),
        FootprintsCmd::Show { product, version: Some(2) } if product == BRACKET
    ));
    assert!(matches!(
        fp_cmd(&["versions", BRACKET, "--limit", "5"]),
        FootprintsCmd::Versions { limit, .. } if limit.cap() == 5
    ));
    assert!(matches!(
        fp_cmd(&["tree", BRACKET, "--depth", "3"]),
        FootprintsCmd::Tree {
            depth: Some(3),
            version: None,
            ..
        }
    ));
    assert!(matches!(
        fp_cmd(&["dependants", COIL, "--stale"]),
        FootprintsCmd::Dependants { stale: true, .. }
    ));
    assert!(matches!(
        fp_cmd(&["dependants", COIL]),
        FootprintsCmd::Dependants { stale: false, .. }
    ));
    let FootprintsCmd::Verify {
        product,
        version,
        file,
    } = fp_cmd(&["verify", BRACKET, "--version", "1", "copy.json"])
    else {
        panic!("not verify")
    };
    assert_eq!((product.as_str(), version), (BRACKET, 1));
    assert_eq!(file.to_str(), Some("copy.json"));
    assert!(matches!(
        fp_cmd(&["products", "nordhafen"]),
        FootprintsCmd::Products { company, .. } if company == "nordhafen"
    ));
    assert!(matches!(
        fp_cmd(&["retirements", BRACKET]),
        FootprintsCmd::Retirements { .. }
    ));
    assert!(matches!(fp_cmd(&["config"]), FootprintsCmd::Config));

    // Refused before anything is sent: a bad input, a depth beyond the contract's, a verify
    // without its version.
    let err = parse_err(&[
        "publish",
        "b.json",
        "--product-id",
        "p",
        "--input",
        "coil@x=1",
    ]);
    assert!(err.contains("the version 'x' is not a version"), "{err}");
    assert!(parse_err(&["tree", "p", "--depth", "9"]).contains("--depth"));
    assert!(parse_err(&["verify", "p", "copy.json"]).contains("--version"));
    // Every query takes -o json.
    for query in [
        &["show", "p"][..],
        &["versions", "p"],
        &["tree", "p"],
        &["dependants", "p", "--stale"],
        &["verify", "p", "--version", "1", "f.json"],
        &["products", "wasm1x"],
        &["retirements", "p"],
        &["config"],
    ] {
        let mut args = vec!["ledger", "-o", "json", "park", "footprints"];
        args.extend(query);
        assert!(Cli::try_parse_from(args).is_ok(), "{query:?}");
    }
}

#[test]
fn the_footprints_pause_like_every_contract() {
    use crate::args::ContractArg;
    use crate::commands::core::admin::AdminCmd;
    let cli = Cli::try_parse_from([
        "ledger",
        "admin",
        "pause",
        "--contract",
        "park-footprints",
        "--reason",
        "audit",
    ])
    .unwrap();
    let Command::Admin {
        cmd: AdminCmd::Pause { contract, .. },
        ..
    } = cli.command
    else {
        panic!("not admin pause")
    };
    assert_eq!(contract, ContractArg::ParkFootprints);
    assert_eq!(contract.name(), "park-footprints");
}

fn publish_args(process: Option<&str>, inputs: Vec<InputArg>) -> PublishArgs {
    PublishArgs {
        file: BRACKET_FILE.into(),
        product_id: BRACKET.into(),
        process_emissions: process.map(str::to_string),
        inputs,
    }
}

#[test]
fn publish_reads_the_document_with_the_flags() {
    let document = std::fs::read_to_string(BRACKET_FILE).unwrap();
    let d: Declaration = import(
        &publish_args(Some("0.35"), vec![input(COIL, 3, 1_050_000)]),
        &document,
    )
    .unwrap();
    assert_eq!(d.product_id, BRACKET);
    assert_eq!(d.pcf.process_emissions, Uint128::new(350_000));
    assert_eq!(d.inputs, vec![input(COIL, 3, 1_050_000).0]);
    assert_eq!(d.pcf.unitary_product_amount, Uint128::new(420_000));
    // Without inputs the document's pCfExcludingBiogenic is the company's own.
    let own = import(&publish_args(None, vec![]), &document).unwrap();
    assert_eq!(own.pcf.process_emissions, Uint128::new(2_318_000));
    // With inputs and no --process-emissions: the SDK's coded refusal.
    let err = import(&publish_args(None, vec![input(COIL, 3, 1)]), &document).unwrap_err();
    assert_eq!(
        crate::errors::error_code(&err).as_deref(),
        Some("pact.process_emissions_needed")
    );
    let err = import(&publish_args(Some("0.1234567"), vec![]), &document).unwrap_err();
    assert_eq!(
        crate::errors::error_code(&err).as_deref(),
        Some("pact.too_precise")
    );
    let many = (0..17).map(|i| input(&format!("p{i}"), 1, 1)).collect();
    let err = import(&publish_args(Some("1"), many), &document).unwrap_err();
    assert!(err.to_string().contains("at most 16 inputs"), "{err}");
}

fn view(
    product: &str,
    version: u32,
    amount: u128,
    contribution: u128,
    superseded: bool,
) -> InputView {
    InputView {
        product_id: product.into(),
        version,
        amount_per_unit: Uint128::new(amount),
        contribution: Uint128::new(contribution),
        superseded,
    }
}

/// The bracket's version 2 as the contract answers it.
fn bracket_footprint() -> FootprintResponse {
    let declared = CarbonFootprint {
        declared_unit: DeclaredUnit::Kilogram,
        unitary_product_amount: Uint128::new(420_000),
        process_emissions: Uint128::new(350_000),
        pcf_including_biogenic: Int128::new(2_301_000),
        fossil_ghg_emissions: Uint128::new(2_296_000),
        biogenic_carbon_content: Uint128::new(4_000),
        reference_period_start: 1_704_067_200,
        reference_period_end: 1_735_689_600,
        data_quality: Some(DataQuality {
            coverage_percent: 78,
            technological_dqr: 1_600,
            temporal_dqr: 1_200,
            geographical_dqr: 1_800,
            completeness_dqr: 2_000,
            reliability_dqr: 1_450,
        }),
    };
    let q = declared.data_quality.clone().unwrap();
    FootprintResponse {
        footprint: ProductFootprint {
            id: "6f2c8a41-93d7-4b1e-a5c0-2e8d17b4f9a3".into(),
            spec_version: "2.2.0".into(),
            version: 2,
            created: iso8601(1_738_574_100),
            status: PfStatus::Deprecated,
            status_comment: None,
            company_name: "Nordhafen Stahlbau GmbH".into(),
            company_ids: vec!["urn:epc:id:sgln:4063211.00000.0".into()],
            product_ids: vec![BRACKET.into()],
            product_category_cpc: "42190".into(),
            product_name_company: "PV rail bracket PVB-4, hot-dip galvanised".into(),
            pcf: Pcf {
                declared_unit: declared.declared_unit,
                unitary_product_amount: micro_decimal(declared.unitary_product_amount.u128()),
                p_cf_excluding_biogenic: micro_decimal(2_318_000),
                p_cf_including_biogenic: signed_micro_decimal(2_301_000),
                fossil_ghg_emissions: micro_decimal(2_296_000),
                biogenic_carbon_content: micro_decimal(4_000),
                reference_period_start: iso8601(declared.reference_period_start),
                reference_period_end: iso8601(declared.reference_period_end),
                dqi: Some(Dqi {
                    coverage_percent: q.coverage_percent.to_string(),
                    technological_dqr: milli_decimal(q.technological_dqr),
                    temporal_dqr: milli_decimal(q.temporal_dqr),
                    geographical_dqr: milli_decimal(q.geographical_dqr),
                    completeness_dqr: milli_decimal(q.completeness_dqr),
                    reliability_dqr: milli_decimal(q.reliability_dqr),
                }),
            },
        },
        ledger: LedgerRecord {
            product_id: BRACKET.into(),
            version: 2,
            company: "wasm1nordhafen".into(),
            published_at: 1_738_574_400,
            superseded_by: Some(3),
            process_emissions: declared.process_emissions,
            attributed_emissions: Uint128::new(2_318_000),
            inputs: vec![
                view(COIL, 3, 1_050_000, 1_890_000, true),
                view("urn:gtin:4063211000028", 1, 60_000, 78_000, false),
            ],
            document_sha256: HexBinary::from(vec![0xb9; 32]),
            credits_retired: 12,
        },
    }
}

#[test]
fn a_footprint_shows_its_pact_fields_its_inputs_and_what_the_ledger_adds() {
    let f = bracket_footprint();
    let text = footprint_record(&f).to_string();
    for expected in [
        "Deprecated (superseded by version 3)",
        "0.42 kilogram",
        "2.318 kgCO2e per kilogram (attributed)",
        "0.35 kgCO2e per kilogram (own, inputs left out)",
        "2.301 kgCO2e per kilogram",
        "0.004 kgC per kilogram",
        "2024-01-01T00:00:00Z to 2025-01-01T00:00:00Z",
        "coverage 78%, technological 1.6, temporal 1.2, geographical 1.8, completeness 2,",
        "reliability 1.45",
        "Nordhafen Stahlbau GmbH (wasm1nordhafen)",
        "12 t CO2e",
        &"b9".repeat(32),
    ] {
        assert!(text.contains(expected), "{expected} missing from\n{text}");
    }
    let inputs = inputs_table(&f.ledger.inputs).to_string();
    let coil = inputs.lines().find(|l| l.contains(COIL)).unwrap();
    for cell in ["3", "1.05", "1.89", "yes"] {
        assert!(coil.contains(cell), "{cell} missing from {coil}");
    }
    assert!(inputs.contains("0.078"), "{inputs}");
    // The JSON is the contract's own answer, PACT's camelCase names and all.
    let json = serde_json::to_value(&f).unwrap();
    assert_eq!(json["footprint"]["pcf"]["pCfExcludingBiogenic"], "2.318");
    assert_eq!(json["footprint"]["status"], "Deprecated");
    assert_eq!(json["ledger"]["credits_retired"], 12);
}

#[test]
fn a_tree_is_indented_by_depth() {
    let node = |position, depth, parent: &str, input| TreeNode {
        position,
        depth,
        parent_product_id: parent.into(),
        parent_version: 1,
        input,
    };
    let tree = InputsTree {
        product_id: BRACKET.into(),
        version: 2,
        attributed_emissions: Uint128::new(2_318_000),
        nodes: vec![
            node(1, 1, BRACKET, view(COIL, 3, 1_050_000, 1_890_000, true)),
            node(2, 2, COIL, view("urn:slab", 4, 1_020_000, 1_800_000, false)),
            node(3, 1, BRACKET, view("urn:zinc", 1, 60_000, 78_000, false)),
        ],
        truncated: false,
    };
    assert_eq!(
        tree_lines(&tree),
        vec![
            format!("{BRACKET} v2: 2.318 kgCO2e per unit"),
            format!("  {COIL} v3 × 1.05 → 1.89 kgCO2e (superseded)"),
            "    urn:slab v4 × 1.02 → 1.8 kgCO2e".to_string(),
            "  urn:zinc v1 × 0.06 → 0.078 kgCO2e".to_string(),
        ]
    );
}

#[test]
fn publications_verifications_dependants_and_retirements_in_words() {
    let published = Published {
        product_id: BRACKET.into(),
        version: 2,
        pf_id: "6f2c8a41-93d7-4b1e-a5c0-2e8d17b4f9a3".into(),
        company: "wasm1nordhafen".into(),
        attributed_emissions: Uint128::new(2_318_000),
        inputs: 2,
        document_sha256: "b9".repeat(32),
    };
    assert_eq!(
        published_line(&published, "kilogram"),
        format!(
            "published {BRACKET} version 2 (footprint 6f2c8a41-93d7-4b1e-a5c0-2e8d17b4f9a3): \
             2.318 kgCO2e per kilogram attributed over 2 input(s)"
        )
    );
    let mut answer = VerifyResponse {
        product_id: BRACKET.into(),
        version: 2,
        matches: true,
        document_sha256: HexBinary::from(vec![0xb9; 32]),
    };
    let given = "b9".repeat(32);
    assert!(verify_line(&answer, &given).starts_with(&format!(
        "the document is the one published for {BRACKET} version 2"
    )));
    answer.matches = false;
    let line = verify_line(&answer, "00ff");
    assert!(line.contains("is NOT the one published"), "{line}");
    assert!(
        line.contains("its sha256 is 00ff, the published one b9b9"),
        "{line}"
    );

    let dependants = dependants_table(&[Dependant {
        input_version: 3,
        product_id: "urn:rail-kit".into(),
        version: 1,
        company: "wasm1installer".into(),
        superseded_input: true,
    }])
    .to_string();
    let row = dependants
        .lines()
        .find(|l| l.contains("urn:rail-kit"))
        .unwrap();
    assert!(
        row.contains("wasm1installer") && row.contains("yes"),
        "{row}"
    );

    let retirements = retirements_table(&[CreditRetirement {
        retirement_id: 9,
        product_id: BRACKET.into(),
        version: 2,
        amount: 5,
        batch_id: 4,
        holder: "wasm1nordhafen".into(),
        beneficiary: "Nordhafen Stahlbau GmbH".into(),
        on_behalf_of: None,
        retired_at: 1_740_000_000,
    }])
    .to_string();
    let row = retirements
        .lines()
        .find(|l| l.contains("wasm1nordhafen"))
        .unwrap();
    for cell in ["9", "5", "4", "Nordhafen Stahlbau GmbH", "2025-02-19"] {
        assert!(row.contains(cell), "{cell} missing from {row}");
    }
}
