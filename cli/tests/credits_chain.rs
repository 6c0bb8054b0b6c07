//! The carbon-credit registry and the supply chain's footprints on the localnet through the
//! `ledger` binary. Credits: a Gold Standard class with a verifier, a solar project in Kenya,
//! a batch of serials 1-1000 proposed by its issuer and signed off by the verifier (refused to
//! the issuer itself), credits offered for sale, bought and retired in one step on behalf of a
//! park member against its product's footprint, the retirement certificate read back, an
//! overlapping range refused by code, a holder's history and certificates exported. Footprints:
//! three tiers (steel coil, bracket, bike frame), each imported from a PACT v2 document with
//! its inputs, the finished product's attributed emissions equal to the sum computed here, its
//! inputs tree, the credits retired against it seen from both contracts, a supplier's new
//! version leaving the bracket on a superseded input, and the documents verified by hash.
//!
//! Needs the localnet (`localnet/start.sh`) and fresh contract artifacts (`make wasm`).
//! Parties: `admin` deploys and administers the registry, `gateway` stands for the Gold
//! Standard Foundation (the class's administrator), `retailer` is the Gold Standard's
//! verifier and buys credits, `consumer1` is the project's developer (issuer) and the steel
//! mill, `consumer2` holds the batch and makes brackets, `consumer3` is the park member making
//! bike frames, on whose behalf the credits are retired.
//!
//! ```sh
//! cargo test -p ledger-cli --test credits_chain -- --ignored --test-threads=1
//! ```

use serde_json::{Value, json};

mod support;

use support::{Cli, repo, u};

/// One kilogram or one kgCO2e in the contracts' fixed precision (micro-units).
const MICRO: u64 = 1_000_000;

const STEEL: &str = "urn:pact:product:steel-coil";
const BRACKET: &str = "urn:pact:product:bracket";
const FRAME: &str = "urn:pact:product:bike-frame";

/// A PACT v2 `ProductFootprint` document of one kilogram of `product_id`, attributed
/// `pcf_excluding` kgCO2e per kg (a decimal string, as PACT writes it).
fn pact_document(pf_id: &str, version: u32, company: &str, product_id: &str, pcf: &str) -> Value {
    json!({
        "id": pf_id,
        "specVersion": "2.2.0",
        "version": version,
        "created": "2026-11-20T09:00:00Z",
        "status": "Active",
        "companyName": company,
        "companyIds": [format!("urn:pact:company:{}", company.to_lowercase().replace(' ', "-"))],
        "productDescription": format!("{product_id}, one kilogram"),
        "productIds": [product_id],
        "productCategoryCpc": "4125",
        "productNameCompany": product_id.rsplit(':').next().unwrap(),
        "comment": "cradle-to-gate",
        "pcf": {
            "declaredUnit": "kilogram",
            "unitaryProductAmount": "1",
            "pCfExcludingBiogenic": pcf,
            "pCfIncludingBiogenic": pcf,
            "fossilGhgEmissions": pcf,
            "fossilCarbonContent": "0",
            "biogenicCarbonContent": "0",
            "characterizationFactors": "AR6",
            "ipccCharacterizationFactorsSources": ["AR6"],
            "crossSectoral": true,
            "boundaryProcessesDescription": "cradle to factory gate",
            "referencePeriodStart": "2025-01-01T00:00:00Z",
            "referencePeriodEnd": "2026-01-01T00:00:00Z",
            "exemptedEmissionsPercent": 0,
            "packagingEmissionsIncluded": false,
            "dqi": {
                "coveragePercent": 95,
                "technologicalDQR": 1.5,
                "temporalDQR": 1,
                "geographicalDQR": 2,
                "completenessDQR": 1.25,
                "reliabilityDQR": 3
            }
        }
    })
}

impl Cli {
    /// Writes a PACT document into the home; returns its path.
    fn pact_file(&self, name: &str, document: &Value) -> String {
        self.write(name, &serde_json::to_string_pretty(document).unwrap())
    }
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn credits_and_footprints_story_through_the_cli() {
    let cli = Cli::new();
    for name in [
        "admin",
        "bank",
        "retailer",
        "gateway",
        "consumer1",
        "consumer2",
        "consumer3",
    ] {
        cli.import(name);
    }
    let (verifier, developer, holder, member) = (
        cli.address("retailer"),
        cli.address("consumer1"),
        cli.address("consumer2"),
        cli.address("consumer3"),
    );

    // ------------------------------------------------------------------ deploy
    let artifacts = repo().join("artifacts");
    let deployment = cli.json(&[
        "deploy",
        "--from",
        "admin",
        "--artifacts",
        artifacts.to_str().unwrap(),
    ]);
    let contracts = &deployment["contracts"];
    assert!(
        contracts["park_credits"]
            .as_str()
            .unwrap()
            .starts_with("wasm1")
    );
    assert!(
        contracts["park_footprints"]
            .as_str()
            .unwrap()
            .starts_with("wasm1")
    );
    let credits_config = cli.json(&["park", "credits", "config"]);
    assert_eq!(credits_config["footprints"], contracts["park_footprints"]);
    assert_eq!(credits_config["token"], contracts["token"]);
    let footprints_config = cli.json(&["park", "footprints", "config"]);
    assert_eq!(
        footprints_config["credits"], contracts["park_credits"],
        "the deployer linked the credits contract to the footprints"
    );

    for (who, name, role) in [
        ("bank", "The Bank", "bank-operator"),
        ("retailer", "Gold Standard Verifier", "retailer"),
        ("gateway", "Gold Standard Foundation", "consumer"),
        ("consumer1", "Kisumu Steel and Solar", "consumer"),
        ("consumer2", "Bracket Works", "consumer"),
        ("consumer3", "Frame Factory", "consumer"),
    ] {
        cli.ok(&[
            "admin",
            "participant",
            "add",
            who,
            "--name",
            name,
            "--role",
            role,
            "--from",
            "admin",
        ]);
    }
    cli.ok(&[
        "bank",
        "deposit",
        "--reference",
        "credits-0",
        "--recipient",
        "retailer",
        "--amount",
        "500",
        "--from",
        "bank",
    ]);

    // ------------------------------------------------------------------ the registry's setup
    cli.ok(&[
        "park",
        "credits",
        "add-verifier",
        "--standard",
        "gold-standard",
        &verifier,
        "--from",
        "admin",
    ]);
    cli.ok(&[
        "park",
        "credits",
        "create-class",
        "GS-SOLAR",
        "--standard",
        "gold-standard",
        "--methodology",
        "GS TPDDTEC v3.1",
        "--admin",
        "gateway",
        "--issuer",
        &developer,
        "--from",
        "admin",
    ]);
    cli.ok(&[
        "park",
        "credits",
        "create-project",
        "kisumu-solar",
        "--class",
        "GS-SOLAR",
        "--jurisdiction",
        "KE-042",
        "--developer",
        "Kisumu Solar Cooperative",
        "--from",
        "consumer1",
    ]);
    let proposed = cli.json(&[
        "park",
        "credits",
        "propose-batch",
        "--project",
        "kisumu-solar",
        "--vintage",
        "2025-01-01..2026-01-01",
        "--serials",
        "1-1000",
        "--to",
        &format!("{holder}=1000"),
        "--from",
        "consumer1",
    ]);
    let batch = u(&proposed["batch_id"]);
    let b = batch.to_string();
    // Its own issuer cannot sign it off: third-party verification.
    let own = cli.fails(&[
        "park",
        "credits",
        "approve-batch",
        &b,
        "--from",
        "consumer1",
    ]);
    assert!(own.contains("park_credits.not_a_verifier"), "{own}");
    cli.ok(&["park", "credits", "approve-batch", &b, "--from", "retailer"]);
    let issued = cli.json(&["park", "credits", "batch", &b]);
    assert_eq!(issued["status"]["issued"]["verifier"], verifier.as_str());
    assert_eq!(u(&issued["totals"]["issued"]), 1_000);
    assert_eq!(u(&issued["totals"]["tradable"]), 1_000);

    // No serial twice: an overlapping range is refused, whoever proposes it.
    let overlap = cli.fails(&[
        "park",
        "credits",
        "propose-batch",
        "--project",
        "kisumu-solar",
        "--vintage",
        "2025-01-01..2026-01-01",
        "--serials",
        "900-1100",
        "--to",
        &format!("{holder}=201"),
        "--from",
        "consumer1",
    ]);
    assert!(overlap.contains("park_credits.serial_overlap"), "{overlap}");
    let serial = cli.json(&[
        "park",
        "credits",
        "serial",
        "--standard",
        "gold-standard",
        "950",
    ]);
    assert_eq!(u(&serial["batch"]["batch_id"]), batch, "{serial}");

    // ------------------------------------------------------------------ three tiers of footprints
    let steel_doc = pact_document(
        "3f1c2a9e-5b7d-4c1e-9a2f-0d6b8e4a1c01",
        1,
        "Kisumu Steel",
        STEEL,
        "2",
    );
    let steel_file = cli.pact_file("steel.json", &steel_doc);
    let steel = cli.json(&[
        "park",
        "footprints",
        "publish",
        &steel_file,
        "--product-id",
        STEEL,
        "--from",
        "consumer1",
    ]);
    assert_eq!(u(&steel["version"]), 1);
    // A bracket: 0.5 kgCO2e of its own per kg, 1.1 kg of steel per kg.
    let bracket_doc = pact_document(
        "3f1c2a9e-5b7d-4c1e-9a2f-0d6b8e4a1c02",
        1,
        "Bracket Works",
        BRACKET,
        "2.7",
    );
    let bracket_file = cli.pact_file("bracket.json", &bracket_doc);
    cli.ok(&[
        "park",
        "footprints",
        "publish",
        &bracket_file,
        "--product-id",
        BRACKET,
        "--process-emissions",
        "0.5",
        "--input",
        &format!("{STEEL}@1=1.1"),
        "--from",
        "consumer2",
    ]);
    // A frame: 1.2 kgCO2e of its own per kg, 0.8 kg of brackets per kg.
    let frame_doc = pact_document(
        "3f1c2a9e-5b7d-4c1e-9a2f-0d6b8e4a1c03",
        1,
        "Frame Factory",
        FRAME,
        "3.36",
    );
    let frame_file = cli.pact_file("frame.json", &frame_doc);
    cli.ok(&[
        "park",
        "footprints",
        "publish",
        &frame_file,
        "--product-id",
        FRAME,
        "--process-emissions",
        "1.2",
        "--input",
        &format!("{BRACKET}@1=0.8"),
        "--from",
        "consumer3",
    ]);
    // Computed here from the documented rule: own emissions plus amount × the input's.
    let bracket_attributed = MICRO / 2 + 11 * 2 * MICRO / 10;
    let frame_attributed = 12 * MICRO / 10 + 8 * bracket_attributed / 10;
    let frame = cli.json(&["park", "footprints", "show", FRAME]);
    assert_eq!(
        u(&frame["ledger"]["attributed_emissions"]),
        frame_attributed
    );
    assert_eq!(frame["footprint"]["pcf"]["pCfExcludingBiogenic"], "3.36");
    assert_eq!(frame["footprint"]["status"], "Active");
    assert_eq!(frame["ledger"]["company"], member.as_str());
    let tree = cli.json(&["park", "footprints", "tree", FRAME]);
    let nodes: Vec<(u64, &str)> = tree["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (u(&n["depth"]), n["input"]["product_id"].as_str().unwrap()))
        .collect();
    assert_eq!(nodes, vec![(1, BRACKET), (2, STEEL)]);

    // ------------------------------------------------------------------ trade, buy and retire
    let sold = cli.json(&[
        "park",
        "credits",
        "sell",
        &b,
        "300",
        "--price",
        "0.5",
        "--from",
        "consumer2",
    ]);
    let order = u(&sold["order_id"]);
    let retailer_before = u(&cli.json(&["query", "balance", "retailer"])["balance"]);
    let bought = cli.json(&[
        "park",
        "credits",
        "buy",
        &order.to_string(),
        "40",
        "--retire",
        "--beneficiary",
        "Frame Factory",
        "--on-behalf-of",
        &member,
        "--jurisdiction",
        "KE",
        "--reason",
        "offsetting the 2026 frames",
        "--product",
        &format!("{FRAME}@1"),
        "--from",
        "retailer",
    ]);
    assert_eq!(u(&bought["cost"]), 40 * 50, "{bought}");
    let retirement_id = u(&bought["retirement_ids"][0]);
    let retailer_after = u(&cli.json(&["query", "balance", "retailer"])["balance"]);
    assert_eq!(
        retailer_before - retailer_after,
        40 * 50,
        "40 credits at 0.50 each, in cents"
    );
    let certificate = cli.json(&["park", "credits", "retirement", &retirement_id.to_string()]);
    assert_eq!(certificate["holder"], verifier.as_str());
    assert_eq!(certificate["on_behalf_of"], member.as_str());
    assert_eq!(certificate["beneficiary"], "Frame Factory");
    assert_eq!(u(&certificate["amount"]), 40);
    assert_eq!(certificate["product"]["product_id"], FRAME);
    assert_eq!(u(&certificate["through"]["purchase"]["order_id"]), order);
    // Both sides know it.
    let against = cli.json(&["park", "footprints", "retirements", FRAME]);
    assert_eq!(u(&against["total"]), 40);
    assert_eq!(
        u(&against["retirements"][0]["retirement_id"]),
        retirement_id
    );
    let listed = cli.json(&["park", "credits", "retirements", "--product", FRAME]);
    assert_eq!(u(&listed[0]["id"]), retirement_id);
    let frame = cli.json(&["park", "footprints", "show", FRAME]);
    assert_eq!(u(&frame["ledger"]["credits_retired"]), 40);
    // The bracket maker cannot retire against the frame maker's product in its own name.
    let not_theirs = cli.fails(&[
        "park",
        "credits",
        "retire",
        &b,
        "5",
        "--beneficiary",
        "Bracket Works",
        "--jurisdiction",
        "KE",
        "--reason",
        "not our product",
        "--product",
        &format!("{FRAME}@1"),
        "--from",
        "consumer2",
    ]);
    assert!(
        not_theirs.contains("park_credits.not_product_company"),
        "{not_theirs}"
    );
    let totals = cli.json(&["park", "credits", "batch", &b])["totals"].clone();
    assert_eq!(
        (
            u(&totals["issued"]),
            u(&totals["tradable"]),
            u(&totals["retired"])
        ),
        (1_000, 960, 40)
    );

    // ------------------------------------------------------------------ a supplier's new version
    let steel_v2 = pact_document(
        "3f1c2a9e-5b7d-4c1e-9a2f-0d6b8e4a1c04",
        2,
        "Kisumu Steel",
        STEEL,
        "1.8",
    );
    let steel_v2_file = cli.pact_file("steel-v2.json", &steel_v2);
    cli.ok(&[
        "park",
        "footprints",
        "publish",
        &steel_v2_file,
        "--product-id",
        STEEL,
        "--from",
        "consumer1",
    ]);
    let stale = cli.json(&["park", "footprints", "dependants", STEEL, "--stale"]);
    let stale: Vec<&str> = stale
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["product_id"].as_str().unwrap())
        .collect();
    assert_eq!(stale, vec![BRACKET]);

    // ------------------------------------------------------------------ verification by hash
    let verified = cli.json(&[
        "park",
        "footprints",
        "verify",
        FRAME,
        "--version",
        "1",
        &frame_file,
    ]);
    assert_eq!(verified["matches"], true);
    // The same document re-indented verifies too: the hash is of its canonical form.
    let compact = cli.write("frame-compact.json", &frame_doc.to_string());
    let verified = cli.json(&[
        "park",
        "footprints",
        "verify",
        FRAME,
        "--version",
        "1",
        &compact,
    ]);
    assert_eq!(verified["matches"], true);
    // One figure changed does not.
    let mut forged = frame_doc.clone();
    forged["pcf"]["pCfExcludingBiogenic"] = json!("2.36");
    let forged = cli.pact_file("frame-forged.json", &forged);
    let out = cli.run(&[
        "park",
        "footprints",
        "verify",
        FRAME,
        "--version",
        "1",
        &forged,
        "-o",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a forged document fails the command"
    );
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["matches"], false);

    // ------------------------------------------------------------------ the holder's records
    let out = cli.path("retailer-credits.xlsx");
    cli.ok(&[
        "park",
        "credits",
        "export",
        &verifier,
        "--out",
        out.to_str().unwrap(),
    ]);
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an XLSX file is a zip archive");
}
