//! A retailer's tariffs through her organisation's gateway on the real chain: she defines a
//! tariff from her cabinet and the chain holds it as the form gave it; a later version added
//! through the API joins it; a consumer is refused, and parts that are not the contract's
//! (a misspelt field) are refused before anything is signed.

use super::*;

/// `unix` as the publish form takes it: `YYYY-MM-DD HH:MM`, UTC.
fn utc_minute(unix: u64) -> String {
    let days = unix / 86_400;
    let (hour, minute) = ((unix % 86_400) / 3_600, (unix % 3_600) / 60);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}")
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn a_retailer_defines_a_tariff_from_her_cabinet_and_adds_a_version() {
    let setup = setup();
    let world = &setup.world;
    let gateway = setup.signing_gateway("retailer");
    let tariff_id = e2e::unique("gw-night");
    // A whole minute far enough ahead that the transaction lands before it.
    let starts = (chain_time() / 60 + 3) * 60;
    let key = world
        .cli
        .ok(&["keys", "export-hex", "retailer", "--unsafe"]);
    let seen = browser::cabinet(
        "publish",
        &gateway.url,
        key.trim(),
        json!({
            "tariff_id": tariff_id,
            "name": "Night saver",
            "effective_from": utc_minute(starts),
            "components": r#"{"fixed_charge":"500","flat_rate":"150000","tax_bps":2000}"#,
        }),
    );
    assert_eq!(seen["published"]["error"], false, "{seen}");
    assert!(
        seen["published"]["text"]
            .as_str()
            .unwrap()
            .starts_with(&format!("Defined tariff {tariff_id} in block")),
        "{seen}"
    );
    assert!(seen["row"].as_str().unwrap().contains("you"), "{seen}");
    let chain = world
        .cli
        .json(&["query", "tariff", &tariff_id, "--version", "1"]);
    assert_eq!(chain["tariff"]["name"], "Night saver", "{chain}");
    assert_eq!(chain["version"]["effective_from"], starts, "{chain}");
    let components = &chain["version"]["components"];
    assert_eq!(components["fixed_charge"], "500", "{chain}");
    assert_eq!(components["flat_rate"], "150000");
    assert_eq!(components["tax_bps"], 2000);

    // A later version through the API; a misspelt part and a consumer are refused.
    let retailer = gateway.token("retailer");
    let path = format!("/api/tariffs/{tariff_id}/versions");
    let (status, body) = gateway.post_as(
        &path,
        &retailer,
        json!({ "components": { "flat_rate": "160000", "tax_bp": 2000 }, "effective_from": starts + 86_400 }),
    );
    assert_eq!(
        (status, code(&body)),
        (400, "gateway.bad_request"),
        "{body}"
    );
    assert!(
        body["message"].as_str().unwrap().contains("tax_bp"),
        "{body}"
    );
    let (status, body) = gateway.post_as(
        &path,
        &gateway.token("consumer1"),
        json!({ "components": { "flat_rate": "160000" }, "effective_from": starts + 86_400 }),
    );
    assert_eq!((status, code(&body)), (403, "gateway.forbidden"), "{body}");
    let (status, body) = gateway.post_as(
        &path,
        &retailer,
        json!({ "components": { "flat_rate": "160000", "tax_bps": 2000 }, "effective_from": starts + 86_400 }),
    );
    assert_eq!(status, 200, "{body}");
    let second = world
        .cli
        .json(&["query", "tariff", &tariff_id, "--version", "2"]);
    assert_eq!(
        second["version"]["components"]["flat_rate"], "160000",
        "{second}"
    );
    assert_eq!(second["version"]["effective_from"], starts + 86_400);
    // The contract's own refusal keeps its code: a version not after the latest one.
    let (status, body) = gateway.post_as(
        &path,
        &retailer,
        json!({ "components": { "flat_rate": "1" }, "effective_from": starts }),
    );
    assert_eq!(
        (status, code(&body)),
        (422, "tariff.effective_from_not_after_latest"),
        "{body}"
    );
}
