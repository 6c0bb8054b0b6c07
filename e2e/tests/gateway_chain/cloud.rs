//! The cloud federation through its organisations' own gateways on the real chain: a
//! provider publishes an instance type, its user organisation sees it in the cabinet and
//! requests a host, escrowing its tokens; the provider accepts the request from its cabinet,
//! and the user releases the lease through the API, which bills it. Each side is refused the
//! other's action.

use super::finance::{fund_fees, key_address};
use super::*;

/// A session on `gateway` for the key exported as `key_hex` (the test's own keys are not the
/// localnet's accounts).
fn token_of(gateway: &e2e::gateway::Gateway, key_hex: &str) -> String {
    let signer = ledger_client::Signer::from_hex(key_hex.trim(), "wasm").expect("a key");
    let (status, body) = gateway.sign_in_with(&signer);
    assert_eq!(status, 200, "{body}");
    body["token"].as_str().expect("a token").to_string()
}

/// `cloud` subcommand of the CLI with `args`.
fn cloud(world: &World, args: &[&str]) -> Value {
    let mut all = vec!["cloud"];
    all.extend_from_slice(args);
    world.cli.json(&all)
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn a_user_requests_a_host_and_its_provider_accepts_it_from_their_cabinets() {
    let setup = setup();
    let world = &setup.world;
    let cli = &world.cli;
    let (north, south) = (e2e::unique("north"), e2e::unique("south"));

    // Two organisations: `north` provides hosts, `south` uses them; each run by its own key.
    for (key, role, name) in [
        (&north, "cloud-provider", "North Cloud"),
        (&south, "cloud-user", "South Lab"),
    ] {
        cli.ok(&["keys", "generate", key]);
        cli.ok(&[
            "admin",
            "participant",
            "add",
            key,
            "--name",
            name,
            "--role",
            role,
            "--from",
            "admin",
        ]);
        cli.ok(&["cloud", "terms", "new-key", "--name", key]);
        cli.ok(&[
            "cloud",
            "register-org",
            "--id",
            key,
            "--name",
            name,
            "--admin",
            key,
            "--encryption-key-from",
            key,
            "--from",
            "admin",
        ]);
    }
    fund_fees(&[key_address(world, &north), key_address(world, &south)]);
    cli.ok(&[
        "cloud", "add-user", "--org", &south, "--user", &south, "--from", &south,
    ]);
    cli.ok(&[
        "cloud",
        "set-quota",
        "--provider",
        &north,
        "--consumer",
        &south,
        "--max-holding",
        "4h",
        "--vcpus",
        "4",
        "--memory-mib",
        "8192",
        "--disk-gib",
        "100",
        "--public-ips",
        "2",
        "--from",
        &north,
    ]);
    let published = cloud(
        world,
        &[
            "publish-prices",
            "--provider",
            &north,
            "--vcpu-hour",
            "0.60",
            "--memory-gib-hour",
            "0.10",
            "--disk-gib-hour",
            "0.01",
            "--ip-hour",
            "0.05",
            "--instance",
            "small:2:4096:20=1.00",
            "--effective-from",
            "now",
            "--from",
            &north,
        ],
    );
    let effective = num(&published["effective_from"]) as u64;
    wait_for_time(effective, Duration::from_secs(60));
    deposit_to_wallet(world, &south, 10_000, "CLOUD-SOUTH");
    let before = balance(world, &south);

    // The user sees the type on offer and requests a host for an hour, from the cabinet.
    let south_gateway = setup.signing_gateway(&south);
    let south_key = cli.ok(&["keys", "export-hex", &south, "--unsafe"]);
    let seen = browser::cabinet(
        "cloud",
        &south_gateway.url,
        south_key.trim(),
        json!({ "request": { "provider": north, "instance_type": "small", "hours": 1, "escrow": 100 } }),
    );
    assert_eq!(
        seen["org"],
        format!("You act for the organisation {south}."),
        "{seen}"
    );
    let offered = seen["prices"].as_array().unwrap();
    assert!(
        offered.iter().any(|r| {
            let r = r.as_str().unwrap();
            r.contains(&north) && r.contains("small") && r.contains("1.00 per hour")
        }),
        "{seen}"
    );
    assert_eq!(seen["requested"]["error"], false, "{seen}");
    let text = seen["requested"]["text"].as_str().unwrap();
    let lease_id: u64 = text
        .strip_prefix("Requested lease ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("a lease id in {text:?}"));
    assert_eq!(
        balance(world, &south),
        before - 100,
        "the escrow left the wallet"
    );

    // The user may not accept her own request; the provider does, from its cabinet.
    let south_token = token_of(&south_gateway, &south_key);
    let (status, body) = south_gateway.post_as(
        &format!("/api/cloud/leases/{lease_id}/accept"),
        &south_token,
        json!({}),
    );
    assert_eq!((status, code(&body)), (403, "gateway.forbidden"), "{body}");
    let north_gateway = setup.signing_gateway(&north);
    let north_key = cli.ok(&["keys", "export-hex", &north, "--unsafe"]);
    let seen = browser::cabinet(
        "cloud",
        &north_gateway.url,
        north_key.trim(),
        json!({ "accept": lease_id }),
    );
    assert!(
        seen["accepted"]
            .as_str()
            .unwrap()
            .starts_with(&format!("Accepted lease {lease_id} in block")),
        "{seen}"
    );
    assert!(seen["row"].as_str().unwrap().contains("running"), "{seen}");
    let lease = cloud(world, &["lease", &lease_id.to_string()]);
    assert_eq!(lease["status"], "running", "{lease}");

    // The user releases it through the API: billed at once.
    let (status, body) = south_gateway.post_as(
        &format!("/api/cloud/leases/{lease_id}/release"),
        &south_token,
        json!({}),
    );
    assert_eq!(status, 200, "{body}");
    let lease = cloud(world, &["lease", &lease_id.to_string()]);
    assert_eq!(lease["status"], "closed", "{lease}");
    let (status, body) = south_gateway.post_as(
        &format!("/api/cloud/leases/{lease_id}/release"),
        &south_token,
        json!({}),
    );
    assert_eq!(status, 422, "{body}");
    assert!(code(&body).starts_with("cloud."), "{body}");
}
