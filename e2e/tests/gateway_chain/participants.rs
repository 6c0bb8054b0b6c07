//! The administrator's participants desk on the real chain: she registers a participant with
//! its roles from her cabinet, through her organisation's gateway, then replaces them; the
//! registry holds what the forms said, and the participant signs in with the new roles.

use super::*;

#[test]
#[ignore = "on the localnet: make chain-test"]
fn the_administrator_registers_a_participant_and_replaces_its_roles() {
    let setup = setup();
    let world = &setup.world;
    let gateway = setup.signing_gateway("admin");
    let newcomer = ledger_client::Signer::generate("wasm").expect("a fresh key");
    let address = newcomer.address().to_string();
    let admin_key = world.cli.ok(&["keys", "export-hex", "admin", "--unsafe"]);
    let seen = browser::cabinet(
        "participants",
        &gateway.url,
        admin_key.trim(),
        json!({
            "address": address,
            "name": "Lakeside Cooperative",
            "roles": ["consumer"],
            "new_roles": ["consumer", "cloud_user"],
        }),
    );
    assert_eq!(seen["registered"]["error"], false, "{seen}");
    assert_eq!(seen["changed"]["error"], false, "{seen}");
    assert_eq!(seen["roles"], "consumer, cloud_user", "{seen}");

    let registered = world.cli.json(&["query", "participant", &address]);
    assert_eq!(registered["name"], "Lakeside Cooperative", "{registered}");
    assert_eq!(registered["roles"], json!(["consumer", "cloud_user"]));
    let (status, body) = gateway.sign_in_with(&newcomer);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["roles"], json!(["consumer", "cloud_user"]), "{body}");

    // A second registration is the registry's conflict; the administrator's role is not
    // granted this way.
    let admin = gateway.token("admin");
    let (status, body) = gateway.post_as(
        "/api/admin/participants",
        &admin,
        json!({ "address": address, "name": "Again", "roles": [] }),
    );
    assert_eq!(
        (status, code(&body)),
        (409, "admin.participant_exists"),
        "{body}"
    );
    let (status, body) = gateway.post_as(
        &format!("/api/admin/participants/{address}/roles"),
        &admin,
        json!({ "roles": ["admin"] }),
    );
    assert_eq!(
        (status, code(&body)),
        (422, "admin.admin_role_not_grantable"),
        "{body}"
    );
}
