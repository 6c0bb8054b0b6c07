//! Every contract's queries through the API: the deployed contracts with their pause status
//! for any participant, typed queries of each kind for its readers only, and the schemas
//! generated from the contracts' types.

use std::sync::Mutex;

use super::tariffs::contract_refusal;
use super::*;
use crate::contract_reads::{ContractReads, MeterContract};

/// A deployment without drafts: the registry, the bank (paused), the router, the cloud
/// federation and the park's market on the main chain; region-1's registry, tariff and endpoint; m-alice-1 on the main chain and m-far-1
/// in region-1. Each query it answers is recorded.
#[derive(Default)]
pub(crate) struct Deployed {
    asked: Mutex<Vec<(Option<String>, String, Value)>>,
}

impl Deployed {
    fn asked(&self) -> Vec<(Option<String>, String, Value)> {
        self.asked.lock().unwrap().clone()
    }
}

impl ContractReads for Deployed {
    fn regions(&self) -> Vec<String> {
        vec!["region-1".to_string()]
    }

    fn deployed(&self, region: Option<&str>) -> Vec<(&'static str, String)> {
        let pairs: &[(&'static str, &str)] = match region {
            None => &[
                ("registry", "wasm1registry"),
                ("bank", "wasm1bank"),
                ("router", "wasm1router"),
                ("cloud_federation", "wasm1cloud"),
                ("park_market", "wasm1market"),
            ],
            Some("region-1") => &[
                ("registry", "wasm1r1registry"),
                ("tariff", "wasm1r1tariff"),
                ("endpoint", "wasm1r1endpoint"),
            ],
            Some(_) => &[],
        };
        pairs.iter().map(|(n, a)| (*n, a.to_string())).collect()
    }

    fn meter<'a>(&'a self, meter_id: &'a str) -> ChainFuture<'a, MeterContract> {
        Box::pin(async move {
            match meter_id {
                "m-alice-1" => Ok(MeterContract {
                    region: None,
                    address: "wasm1metercontract".to_string(),
                }),
                "m-far-1" => Ok(MeterContract {
                    region: Some("region-1".to_string()),
                    address: "wasm1r1meter".to_string(),
                }),
                other => Err(contract_refusal(
                    "admin.meter_not_found",
                    &format!("meter {other} is not registered"),
                )),
            }
        })
    }

    fn query<'a>(
        &'a self,
        region: Option<&'a str>,
        address: &'a str,
        query: &'a Value,
    ) -> ChainFuture<'a, Value> {
        self.asked.lock().unwrap().push((
            region.map(str::to_string),
            address.to_string(),
            query.clone(),
        ));
        let answer = match (address, query) {
            ("wasm1bank", q) if q == &json!({ "pause_status": {} }) => Ok(json!({
                "paused": true,
                "by": address_of_guardian(),
                "since": 1_700_000_500,
                "reason": "reconciling deposits",
            })),
            (_, q) if q == &json!({ "pause_status": {} }) => Ok(json!({ "paused": false })),
            ("wasm1bank", q) if q == &json!({ "totals": {} }) => Ok(json!({
                "minted": "900000",
                "redeemed": "100000",
            })),
            ("wasm1bank", q) if q.get("instalment").is_some() => Err(contract_refusal(
                "bank.instalment_not_found",
                "no instalment 99",
            )),
            (meter, q) if q == &json!({ "config": {} }) => Ok(json!({ "contract": meter })),
            (_, q) => Ok(json!({ "echo": q })),
        };
        Box::pin(async move { answer })
    }
}

fn address_of_guardian() -> String {
    address(5)
}

fn app_over_deployed() -> (Router, Arc<Deployed>) {
    let deployed = Arc::new(Deployed::default());
    let app = app_with_auditor(Options {
        contracts: deployed.clone(),
        ..Default::default()
    });
    (app, deployed)
}

#[tokio::test]
async fn every_participant_sees_the_contracts_and_which_are_paused() {
    let (app, _) = app_over_deployed();
    let (status, body) = call(&app, Method::GET, "/api/contracts", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&body), codes::UNAUTHENTICATED);

    let alice = token(&app, 2).await;
    let (status, body) = call(&app, Method::GET, "/api/contracts", Some(&alice), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["chain"], "main");
    assert_eq!(body["regions"], json!(["region-1"]));
    let names: Vec<&str> = body["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "registry",
            "bank",
            "router",
            "cloud_federation",
            "park_market"
        ]
    );
    // What she may ask: the park's public books, not the registry or the bank.
    let queryable: Vec<bool> = body["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["queryable"].as_bool().unwrap())
        .collect();
    assert_eq!(queryable, [false, false, false, false, true]);
    let bank = &body["contracts"][1];
    assert_eq!(bank["address"], "wasm1bank");
    assert_eq!(
        bank["pause"],
        json!({
            "paused": true,
            "by": address_of_guardian(),
            "since": 1_700_000_500,
            "reason": "reconciling deposits",
        })
    );
    assert_eq!(body["contracts"][0]["pause"]["paused"], false);
    // The router has no emergency pause: it is not asked, and says so by its absence.
    assert_eq!(body["contracts"][2]["pause"], Value::Null);

    let (status, body) = call(
        &app,
        Method::GET,
        "/api/contracts?region=region-1",
        Some(&alice),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["chain"], "region-1");
    assert_eq!(body["contracts"][2]["name"], "endpoint");
    assert_eq!(body["contracts"][2]["pause"], Value::Null);
    assert_eq!(body["contracts"][1]["pause"]["paused"], false);

    let (status, body) = call(
        &app,
        Method::GET,
        "/api/contracts?region=atlantis",
        Some(&alice),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(code(&body), codes::UNKNOWN_REGION);
}

/// Seed 10 uses the cloud federation.
const CLOUD_USER: u8 = 10;

#[tokio::test]
async fn each_kind_answers_its_readers_only() {
    let deployed = Arc::new(Deployed::default());
    let reads = ledger();
    reads.participants.write().unwrap().extend([
        participant(AUDITOR, "Audrey", vec![Role::Auditor]),
        participant(CLOUD_USER, "Cleo", vec![Role::CloudUser]),
    ]);
    let app = app_with(
        reads,
        Options {
            contracts: deployed.clone(),
            ..Default::default()
        },
    );
    let totals = json!({ "totals": {} });
    let config = json!({ "config": {} });
    let ask = |name: &str, who: Option<String>, query: &Value| {
        let (app, uri, query) = (
            app.clone(),
            format!("/api/contracts/{name}/query"),
            query.clone(),
        );
        async move { call(&app, Method::POST, &uri, who.as_deref(), Some(query)).await }
    };

    // The bank's records are the overseers' alone.
    for seed in [2, 4, 5, CLOUD_USER] {
        let (status, body) = ask("bank", Some(token(&app, seed).await), &totals).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "seed {seed}: {body}");
        assert_eq!(code(&body), codes::FORBIDDEN);
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("administrator and auditors")
        );
    }
    // The federation's, its members' too; not a consumer's.
    let (status, body) = ask("cloud_federation", Some(token(&app, 2).await), &config).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::FORBIDDEN, codes::FORBIDDEN),
        "{body}"
    );
    let (status, body) = ask("bank", None, &totals).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&body), codes::UNAUTHENTICATED);
    assert!(
        deployed.asked().is_empty(),
        "a refused caller reached the chain"
    );

    for seed in [AUDITOR, 1] {
        let (status, body) = ask("bank", Some(token(&app, seed).await), &totals).await;
        assert_eq!(status, StatusCode::OK, "seed {seed}: {body}");
        assert_eq!(body, json!({ "minted": "900000", "redeemed": "100000" }));
    }
    let (status, body) = ask(
        "cloud_federation",
        Some(token(&app, CLOUD_USER).await),
        &config,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({ "contract": "wasm1cloud" }));
    // The park's books are every participant's.
    let (status, body) = ask("park_market", Some(token(&app, 2).await), &config).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({ "contract": "wasm1market" }));
    assert_eq!(
        deployed.asked(),
        vec![
            (None, "wasm1bank".to_string(), totals.clone()),
            (None, "wasm1bank".to_string(), totals),
            (None, "wasm1cloud".to_string(), config.clone()),
            (None, "wasm1market".to_string(), config),
        ]
    );
}

#[tokio::test]
async fn a_query_that_is_not_the_contracts_own_never_reaches_the_chain() {
    let (app, deployed) = app_over_deployed();
    let auditor = token(&app, AUDITOR).await;
    let refused = [
        // a query another contract answers
        (
            "bank",
            json!({ "participants": {} }),
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
        ),
        // the right query, a field too many
        (
            "bank",
            json!({ "totals": { "all": true } }),
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
        ),
        (
            "bank",
            json!("totals"),
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
        ),
        (
            "treasury",
            json!({ "totals": {} }),
            StatusCode::NOT_FOUND,
            codes::UNKNOWN_CONTRACT,
        ),
        // a kind this deployment left out
        (
            "draft",
            json!({ "pause_status": {} }),
            StatusCode::NOT_FOUND,
            codes::NOT_DEPLOYED,
        ),
    ];
    for (name, query, status_wanted, code_wanted) in refused {
        let (status, body) = call(
            &app,
            Method::POST,
            &format!("/api/contracts/{name}/query"),
            Some(&auditor),
            Some(query.clone()),
        )
        .await;
        assert_eq!(status, status_wanted, "{name} {query}: {body}");
        assert_eq!(code(&body), code_wanted, "{name} {query}");
    }
    assert!(deployed.asked().is_empty(), "{:?}", deployed.asked());

    // A query the contract refuses keeps the contract's own code.
    let (status, body) = call(
        &app,
        Method::POST,
        "/api/contracts/bank/query",
        Some(&auditor),
        Some(json!({ "instalment": { "id": 99 } })),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(code(&body), "bank.instalment_not_found");
}

#[tokio::test]
async fn meter_and_regional_contracts_are_found_where_they_live() {
    let (app, deployed) = app_over_deployed();
    let auditor = token(&app, AUDITOR).await;
    let config = json!({ "config": {} });
    let ask = |uri: &str| {
        let (app, auditor, config) = (app.clone(), auditor.clone(), config.clone());
        let uri = uri.to_string();
        async move { call(&app, Method::POST, &uri, Some(&auditor), Some(config)).await }
    };

    let (status, body) = ask("/api/contracts/meter/query?meter=m-far-1").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({ "contract": "wasm1r1meter" }));
    let (status, body) = ask("/api/contracts/meter/query?meter=m-alice-1").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({ "contract": "wasm1metercontract" }));
    let (status, body) = ask("/api/contracts/endpoint/query?region=region-1").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({ "contract": "wasm1r1endpoint" }));
    let (status, body) = ask("/api/contracts/registry/query?region=region-1").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({ "contract": "wasm1r1registry" }));
    assert_eq!(
        deployed.asked(),
        vec![
            (
                Some("region-1".into()),
                "wasm1r1meter".into(),
                config.clone()
            ),
            (None, "wasm1metercontract".into(), config.clone()),
            (
                Some("region-1".into()),
                "wasm1r1endpoint".into(),
                config.clone()
            ),
            (
                Some("region-1".into()),
                "wasm1r1registry".into(),
                config.clone()
            ),
        ]
    );

    let refused = [
        (
            "/api/contracts/meter/query",
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
        ),
        (
            "/api/contracts/meter/query?meter=m-far-1&region=region-1",
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
        ),
        (
            "/api/contracts/bank/query?meter=m-alice-1",
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
        ),
        (
            "/api/contracts/endpoint/query",
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
        ),
        (
            "/api/contracts/bank/query?region=region-1",
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST,
        ),
        (
            "/api/contracts/registry/query?region=atlantis",
            StatusCode::NOT_FOUND,
            codes::UNKNOWN_REGION,
        ),
        (
            "/api/contracts/meter/query?meter=m-none",
            StatusCode::NOT_FOUND,
            "admin.meter_not_found",
        ),
    ];
    for (uri, status_wanted, code_wanted) in refused {
        let (status, body) = ask(uri).await;
        assert_eq!(status, status_wanted, "{uri}: {body}");
        assert_eq!(code(&body), code_wanted, "{uri}");
    }
    assert_eq!(
        deployed.asked().len(),
        4,
        "a refused query reached the chain"
    );
}

#[tokio::test]
async fn each_kinds_schema_is_public_and_lists_its_queries_answers() {
    let app = app();
    let (status, body) = call(&app, Method::GET, "/api/contracts/bank/schema", None, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let responses = body["responses"].as_object().unwrap();
    assert!(responses.contains_key("totals"));
    assert!(responses.contains_key("overdue"));
    assert_eq!(responses["totals"]["title"], "TotalsResponse");
    let (status, body) = call(&app, Method::GET, "/api/contracts/token/schema", None, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for query in ["balance", "token_info", "pause_status"] {
        assert!(body["responses"][query].is_object(), "token: {query}");
    }
    let (status, body) = call(&app, Method::GET, "/api/contracts/vault/schema", None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(code(&body), codes::UNKNOWN_CONTRACT);
}
