//! Every contract's queries through the gateway on the real chain: each participant sees the
//! deployed contracts and which is paused (the administrator pauses one from her cabinet, and
//! it shows at everyone's next read, its reason with it, until she resumes it); an auditor's
//! query of any contract, a meter's included, answers exactly what the contract answers a
//! node client; other roles are refused, and a query that is not the contract's own never
//! reaches it.

use super::*;

/// A smart query of `contract` straight from node 0, as any node client would ask it.
pub(super) fn on_chain(contract: &str, query: &Value) -> Value {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    rt.block_on(async {
        let client = ledger_client::Client::connect(e2e::chain::main_config())
            .await
            .expect("node 0 answers");
        client
            .query_smart::<Value>(contract, query)
            .await
            .expect("the contract answers")
    })
}

/// Resumes the tariff contract (at `.1`) when dropped, so that a failed assertion does not
/// leave the shared world paused for the tests after this one.
struct ResumeTariff<'a>(&'a World, &'a str);

impl Drop for ResumeTariff<'_> {
    fn drop(&mut self) {
        if on_chain(self.1, &json!({ "pause_status": {} }))["paused"] == true {
            self.0.cli.ok(&[
                "admin",
                "unpause",
                "--contract",
                "tariff",
                "--from",
                "admin",
            ]);
        }
    }
}

fn contract<'a>(listed: &'a Value, name: &str) -> &'a Value {
    listed["contracts"]
        .as_array()
        .expect("a list of contracts")
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("{name} is listed: {listed}"))
}

#[test]
#[ignore = "on the localnet: make chain-test"]
fn every_contracts_queries_answer_as_the_chain_and_a_pause_shows_to_everyone() {
    let setup = setup();
    let (world, gateway) = (&setup.world, setup.gateway());
    let deployment = ledger_client::Deployment::load(world.cli.deployment()).expect("deployment");
    let (meter_id, _) = billed_meter(world, "consumer1");

    // Every participant sees what is deployed, each pausable contract running.
    let alice = gateway.token("consumer1");
    let listed = gateway.get_ok("/api/contracts", &alice);
    assert_eq!(listed["chain"], "main");
    for (name, address) in [
        ("registry", &deployment.contracts.admin),
        ("tariff", &deployment.contracts.tariff),
        ("bank", &deployment.contracts.bank),
        ("token", &deployment.contracts.token),
    ] {
        let c = contract(&listed, name);
        assert_eq!(&c["address"], address, "{name}");
        assert_eq!(c["pause"]["paused"], false, "{name}: {c}");
    }

    // An auditor's queries answer as the contracts do; a meter's is found by its id.
    let auditor = gateway.token("gateway");
    let bank = &deployment.contracts.bank;
    let totals = json!({ "totals": {} });
    let (status, answer) = gateway.post_as("/api/contracts/bank/query", &auditor, totals.clone());
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer, on_chain(bank, &totals));
    let meter_contract = world.cli.json(&["query", "meter", &meter_id])["meter_contract"]
        .as_str()
        .expect("the meter's contract")
        .to_string();
    let meter_query = json!({ "meter": { "meter_id": meter_id } });
    let (status, answer) = gateway.post_as(
        &format!("/api/contracts/meter/query?meter={meter_id}"),
        &auditor,
        meter_query.clone(),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer, on_chain(&meter_contract, &meter_query));
    assert_eq!(answer["meter_id"], meter_id.as_str());

    // Another role is refused; a query that is not the bank's own never reaches it; the
    // contract's own refusal keeps its code.
    let (status, body) = gateway.post_as("/api/contracts/bank/query", &alice, totals);
    assert_eq!((status, code(&body)), (403, "gateway.forbidden"), "{body}");
    let (status, body) = gateway.post_as(
        "/api/contracts/bank/query",
        &auditor,
        json!({ "overdue": { "limt": 5 } }),
    );
    assert_eq!(
        (status, code(&body)),
        (400, "gateway.bad_request"),
        "{body}"
    );
    assert!(
        body["message"].as_str().unwrap().contains("overdue.limt"),
        "{body}"
    );
    let (status, body) = gateway.post_as(
        "/api/contracts/bank/query",
        &auditor,
        json!({ "instalment": { "id": 999_999_999 } }),
    );
    assert_eq!(
        (status, code(&body)),
        (404, "bank.instalment_not_found"),
        "{body}"
    );

    // The administrator pauses the tariff contract from her cabinet, through her
    // organisation's gateway: the pause stands out there, and her query console answers as
    // the bank does.
    let resume = ResumeTariff(world, &deployment.contracts.tariff);
    let admin_gateway = setup.signing_gateway("admin");
    let admin_key = world.cli.ok(&["keys", "export-hex", "admin", "--unsafe"]);
    let seen = browser::cabinet(
        "contracts",
        &admin_gateway.url,
        admin_key.trim(),
        json!({
            "pause": "tariff",
            "reason": "tariff audit",
            "contract": "bank",
            "query": "{\"totals\":{}}",
        }),
    );
    assert_eq!(seen["paused"]["error"], false, "{seen}");
    assert!(
        seen["paused"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Paused the tariff contract in block"),
        "{seen}"
    );
    let warning = seen["warning"].as_str().expect("a warning");
    assert!(
        warning.contains("the tariff contract") && warning.contains("tariff audit"),
        "{seen}"
    );
    assert!(
        seen["status"].as_str().unwrap().starts_with("paused since"),
        "{seen}"
    );
    assert_eq!(seen["asked"]["error"], false, "{seen}");
    assert_eq!(seen["answer"], on_chain(bank, &json!({ "totals": {} })));

    // The chain has the pause, and every participant reads it, with who, when and why.
    let on_chain_pause = on_chain(&deployment.contracts.tariff, &json!({ "pause_status": {} }));
    assert_eq!(on_chain_pause["reason"], "tariff audit", "{on_chain_pause}");
    let listed = gateway.get_ok("/api/contracts", &alice);
    let pause = &contract(&listed, "tariff")["pause"];
    assert_eq!(pause["paused"], true, "{listed}");
    assert_eq!(pause["reason"], "tariff audit");
    assert_eq!(pause["by"], address("admin"));
    assert_eq!(pause["since"], on_chain_pause["since"]);
    assert_eq!(contract(&listed, "bank")["pause"]["paused"], false);

    // A consumer may not resume it; the administrator does, through her gateway.
    let (status, body) = admin_gateway.post_as(
        "/api/admin/contracts/tariff/resume",
        &admin_gateway.token("consumer1"),
        json!({}),
    );
    assert_eq!((status, code(&body)), (403, "gateway.forbidden"), "{body}");
    let (status, body) = admin_gateway.post_as(
        "/api/admin/contracts/tariff/resume",
        &admin_gateway.token("admin"),
        json!({}),
    );
    assert_eq!(status, 200, "{body}");
    drop(resume);
    let listed = gateway.get_ok("/api/contracts", &alice);
    assert_eq!(
        contract(&listed, "tariff")["pause"]["paused"],
        false,
        "{listed}"
    );
}
