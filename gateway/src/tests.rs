//! Handler tests against the router, with the chain replaced by an in-memory registry and
//! the event index by one in memory. The audit endpoints' tests are in [`audit`], a
//! participant's own money and transactions in [`own`], meters' usage in [`usage`], live
//! updates in [`live`], drafts and loan shares in [`finance`], any contract's queries in
//! [`contracts`].

mod audit;
pub(crate) mod contracts;
pub(crate) mod downloads;
pub(crate) mod finance;
mod live;
pub(crate) mod own;
pub(crate) mod tariffs;
mod usage;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Method, Request, StatusCode, header};
use cosmwasm_std::{Addr, Binary, Uint128};
use k256::ecdsa::SigningKey;
use ledger_types::admin::{
    MeterInfo, MeterStatus, MetersResponse, Participant, ParticipantStatus, ParticipantsResponse,
    Role,
};
use ledger_types::meter::{
    Bill, BillsResponse, DailyTotal, DailyTotalsResponse, MeterKind, PeriodUsage,
};
use ledger_types::tariff::{LineItem, LineKind, MonthHours, QuoteResponse};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::app::{ROUTES, WEB_PATHS, router};
use crate::auth::adr036::tests::{sign, test_key};
use crate::auth::challenge::ChallengeStore;
use crate::auth::token::TokenKey;
use crate::chain::{ChainFuture, DayRange, LedgerReads, PeriodQuote};
use crate::error::codes;
use crate::index::Index;
use crate::ops::metrics::Metrics;
use crate::ops::rate_limit::RateLimiter;
use crate::state::{AppState, Settings, Shared};

/// The registry and meter contracts as plain lists.
#[derive(Default)]
struct MemoryLedger {
    height: Option<u64>,
    /// Changed by a test while sessions are open (the administrator's actions on the chain).
    participants: RwLock<Vec<Participant>>,
    meters: Vec<MeterInfo>,
    bills: HashMap<String, Vec<Bill>>,
}

pub(crate) fn page_after<T: Clone, K: PartialOrd>(
    items: &[T],
    key: impl Fn(&T) -> K,
    start_after: Option<K>,
    limit: u32,
) -> (Vec<T>, bool) {
    let rest: Vec<T> = items
        .iter()
        .filter(|i| start_after.as_ref().is_none_or(|s| key(i) > *s))
        .cloned()
        .collect();
    let more = rest.len() > limit as usize;
    (rest.into_iter().take(limit as usize).collect(), more)
}

fn unreachable_node() -> ledger_sdk::Error {
    ledger_sdk::Error::Invalid("the test node is down".to_string())
}

impl LedgerReads for MemoryLedger {
    fn latest_height(&self) -> ChainFuture<'_, u64> {
        let height = self.height.ok_or_else(unreachable_node);
        Box::pin(async move { height })
    }

    fn participant<'a>(&'a self, address: &'a str) -> ChainFuture<'a, Option<Participant>> {
        let found = self
            .participants
            .read()
            .unwrap()
            .iter()
            .find(|p| p.address.as_str() == address)
            .cloned();
        Box::pin(async move { Ok(found) })
    }

    fn participants(
        &self,
        start_after: Option<String>,
        limit: u32,
    ) -> ChainFuture<'_, ParticipantsResponse> {
        let (participants, has_more) = page_after(
            &self.participants.read().unwrap(),
            |p| p.address.to_string(),
            start_after,
            limit,
        );
        Box::pin(async move {
            Ok(ParticipantsResponse {
                participants,
                has_more,
            })
        })
    }

    fn meters(
        &self,
        owner: Option<String>,
        start_after: Option<String>,
        limit: u32,
    ) -> ChainFuture<'_, MetersResponse> {
        let owned: Vec<MeterInfo> = self
            .meters
            .iter()
            .filter(|m| owner.as_ref().is_none_or(|o| m.owner.as_str() == o))
            .cloned()
            .collect();
        let (meters, has_more) = page_after(&owned, |m| m.meter_id.clone(), start_after, limit);
        Box::pin(async move { Ok(MetersResponse { meters, has_more }) })
    }

    fn meter<'a>(&'a self, meter_id: &'a str) -> ChainFuture<'a, Option<MeterInfo>> {
        let found = self.meters.iter().find(|m| m.meter_id == meter_id).cloned();
        Box::pin(async move { Ok(found) })
    }

    fn bills<'a>(
        &'a self,
        meter_id: &'a str,
        start_after: Option<u32>,
        limit: u32,
    ) -> ChainFuture<'a, BillsResponse> {
        let all = self.bills.get(meter_id).cloned().unwrap_or_default();
        let (bills, has_more) = page_after(&all, |b| b.period, start_after, limit);
        Box::pin(async move { Ok(BillsResponse { bills, has_more }) })
    }

    /// Ten days of every meter: day `d` has `d` kWh.
    fn daily<'a>(
        &'a self,
        meter_id: &'a str,
        days: DayRange,
    ) -> ChainFuture<'a, DailyTotalsResponse> {
        let all: Vec<DailyTotal> = (0..10)
            .map(|day| DailyTotal {
                day,
                day_start: 1_700_000_000 + day * 86_400,
                energy_wh: day * 1_000,
                readings: 96,
            })
            .filter(|d| days.from_day.is_none_or(|f| d.day >= f))
            .filter(|d| days.to_day.is_none_or(|t| d.day < t))
            .collect();
        let (days, has_more) = page_after(&all, |d| d.day, days.start_after, days.limit);
        let meter_id = meter_id.to_string();
        Box::pin(async move {
            Ok(DailyTotalsResponse {
                meter_id,
                days,
                has_more,
            })
        })
    }

    /// Period 3 so far: 12 kWh over two months' profiles, priced at 10 per kWh by `t1` and
    /// 20 by `t2`; any other tariff is the contract's "not found".
    fn period_now<'a>(
        &'a self,
        _: &'a str,
        tariff_id: Option<&'a str>,
    ) -> ChainFuture<'a, PeriodQuote> {
        let tariff_id = tariff_id.unwrap_or("t1").to_string();
        let price = match tariff_id.as_str() {
            "t1" => 10u128,
            "t2" => 20,
            _ => {
                let refused = ledger_sdk::Error::Client(ledger_client::ClientError::Contract {
                    message: format!("[ledger:tariff.tariff_not_found] no tariff {tariff_id}"),
                });
                return Box::pin(async move { Err(refused) });
            }
        };
        let month = |m: u8, weekday_at_8: u64| {
            let mut weekday_wh = [0u64; 24];
            weekday_wh[8] = weekday_at_8;
            let mut weekend_wh = [0u64; 24];
            weekend_wh[20] = 1_000;
            MonthHours {
                month: m,
                weekday_wh,
                weekend_wh,
            }
        };
        let quote = PeriodQuote {
            recent_days: vec![DailyTotal {
                day: 30,
                day_start: 1_700_000_000,
                energy_wh: 12_000,
                readings: 40,
            }],
            usage: PeriodUsage {
                period: 3,
                start: 1_700_000_000,
                end: 1_702_592_000,
                energy_wh: 12_000,
                readings: 40,
                max_power_w: 2_500,
                hourly: vec![month(11, 4_000), month(12, 6_000)],
                closed: false,
            },
            quote: QuoteResponse {
                tariff_id: tariff_id.clone(),
                version: 2,
                lines: vec![LineItem {
                    kind: LineKind::FlatRate,
                    description: "Energy".to_string(),
                    quantity: 12_000,
                    unit_price: Uint128::new(price * 100_000),
                    amount: Uint128::new(price * 1_200),
                }],
                subtotal: Uint128::new(price * 1_200),
                tax: Uint128::new(price * 240),
                total: Uint128::new(price * 1_440),
            },
        };
        Box::pin(async move { Ok(quote) })
    }
}

/// Test keys: 1 admin, 2 consumer alice, 3 consumer bob, 4 retailer, 5 bank operator,
/// 6 stranger (unregistered), 7 suspended, 8 blacklisted; 9 an auditor with
/// [`app_with_auditor`].
fn address(seed: u8) -> String {
    test_key(seed).2
}

fn participant(seed: u8, name: &str, roles: Vec<Role>) -> Participant {
    Participant {
        address: Addr::unchecked(address(seed)),
        name: name.to_string(),
        roles,
        status: ParticipantStatus::Active,
        blacklisted: None,
        meter_contract: None,
        registered_at: 1_700_000_000,
    }
}

fn meter(id: &str, owner: u8) -> MeterInfo {
    MeterInfo {
        meter_id: id.to_string(),
        owner: Addr::unchecked(address(owner)),
        retailer: Addr::unchecked(address(4)),
        pubkey: Binary::from(vec![2; 33]),
        tariff_id: "t1".to_string(),
        status: MeterStatus::Active,
        contract: Addr::unchecked("wasm1metercontract"),
        registered_at: 1_700_000_000,
        region: None,
        kind: MeterKind::Consumption,
    }
}

fn bill(meter_id: &str, period: u32) -> Bill {
    Bill {
        meter_id: meter_id.to_string(),
        period,
        period_start: 1_700_000_000,
        period_end: 1_702_592_000,
        billed_from: 1_700_000_000,
        billed_to: 1_702_592_000,
        energy_wh: 250_000,
        late_energy_wh: 0,
        max_power_w: 3_000,
        tariff_id: "t1".to_string(),
        tariff_version: 1,
        lines: vec![],
        subtotal: Uint128::new(5_000),
        tax: Uint128::new(1_000),
        total: Uint128::new(6_000),
        closed_at: 1_702_592_100,
    }
}

fn ledger() -> MemoryLedger {
    let mut suspended = participant(7, "Sue", vec![Role::Consumer]);
    suspended.status = ParticipantStatus::Suspended;
    let mut blacklisted = participant(8, "Blake", vec![Role::Consumer]);
    blacklisted.blacklisted = Some("fraud".to_string());
    let mut participants = vec![
        participant(1, "Admin", vec![Role::Admin]),
        participant(2, "Alice", vec![Role::Consumer]),
        participant(3, "Bob", vec![Role::Consumer]),
        participant(4, "Retail Co", vec![Role::Retailer]),
        participant(5, "Bank", vec![Role::BankOperator]),
        suspended,
        blacklisted,
    ];
    participants.sort_by(|a, b| a.address.cmp(&b.address));
    let bills = HashMap::from([
        (
            "m-alice-1".to_string(),
            vec![bill("m-alice-1", 1), bill("m-alice-1", 2)],
        ),
        ("m-bob-1".to_string(), vec![bill("m-bob-1", 1)]),
    ]);
    MemoryLedger {
        height: Some(42),
        participants: RwLock::new(participants),
        meters: vec![
            meter("m-alice-1", 2),
            meter("m-alice-2", 2),
            meter("m-bob-1", 3),
        ],
        bills,
    }
}

struct Options {
    challenge_ttl: Duration,
    burst: u32,
    index: Index,
    bank: crate::api::actions::tests::MemoryBank,
    own: Arc<own::Relay>,
    finance: Arc<dyn crate::finance_reads::FinanceReads>,
    contracts: Arc<dyn crate::contract_reads::ContractReads>,
    regions: std::collections::BTreeMap<String, Index>,
    wallet_chain: Option<crate::api::wallet::WalletChain>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            challenge_ttl: Duration::from_secs(60),
            burst: 1_000,
            index: Index::in_memory().unwrap(),
            bank: Default::default(),
            own: Default::default(),
            finance: Arc::new(finance::FinanceBook),
            contracts: Arc::new(contracts::Deployed::default()),
            regions: Default::default(),
            wallet_chain: None,
        }
    }
}

fn app_with(reads: MemoryLedger, options: Options) -> Router {
    app_over(Arc::new(reads), options)
}

fn app_over(reads: Arc<MemoryLedger>, options: Options) -> Router {
    let state = AppState(Arc::new(Shared {
        reads,
        tokens: TokenKey::from_secret([9; 32]).unwrap(),
        challenges: ChallengeStore::new(options.challenge_ttl, 100),
        auth_limiter: RateLimiter::new(options.burst, 60),
        index: options.index,
        regions: options.regions,
        metrics: Metrics::default(),
        settings: Settings {
            account_prefix: "wasm".to_string(),
            chain_id: "ledger-test".to_string(),
            session_ttl: Duration::from_secs(600),
            wallet_chain: options.wallet_chain.clone(),
        },
        actions: crate::signer::Actions::read_only(),
        bank: Arc::new(options.bank),
        own: options.own,
        tariffs: Arc::new(tariffs::TariffBook),
        workbooks: Arc::new(downloads::FixedWorkbooks),
        finance: options.finance,
        contracts: options.contracts,
    }));
    let client: SocketAddr = "127.0.0.1:40000".parse().unwrap();
    router(state).layer(MockConnectInfo(client))
}

/// The auditor's test key.
const AUDITOR: u8 = 9;

/// The gateway with `options` over the test registry and an auditor (seed 9).
fn app_with_auditor(options: Options) -> Router {
    let reads = ledger();
    reads
        .participants
        .write()
        .unwrap()
        .push(participant(AUDITOR, "Audrey", vec![Role::Auditor]));
    app_with(reads, options)
}

fn app() -> Router {
    app_with(ledger(), Options::default())
}

pub(crate) async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = match body {
        Some(json) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(json.to_string())
        }
        None => Body::empty(),
    };
    let response = app
        .clone()
        .oneshot(request.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    let value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, value)
}

async fn challenge_for(app: &Router, address: &str) -> String {
    let (status, body) = call(
        app,
        Method::POST,
        "/auth/challenge",
        None,
        Some(json!({ "address": address })),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["challenge"].as_str().unwrap().to_string()
}

fn login_body(key: &SigningKey, pub_b64: &str, address: &str, text: &str) -> Value {
    json!({
        "address": address,
        "pub_key": pub_b64,
        "signature": sign(key, address, text.as_bytes()),
    })
}

async fn login(app: &Router, seed: u8) -> (StatusCode, Value) {
    let (key, pub_b64, address) = test_key(seed);
    let text = challenge_for(app, &address).await;
    let body = login_body(&key, &pub_b64, &address, &text);
    call(app, Method::POST, "/auth/login", None, Some(body)).await
}

async fn token(app: &Router, seed: u8) -> String {
    let (status, body) = login(app, seed).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["token"].as_str().unwrap().to_string()
}

fn code(body: &Value) -> &str {
    body["code"].as_str().unwrap_or("<no code>")
}

#[tokio::test]
async fn a_participant_signs_in_and_sees_herself() {
    let app = app();
    let (status, body) = login(&app, 2).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["address"], address(2));
    assert_eq!(body["roles"], json!(["consumer"]));
    let token = body["token"].as_str().unwrap();

    let (status, me) = call(&app, Method::GET, "/api/me", Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["participant"]["name"], "Alice");
    assert_eq!(me["participant"]["status"], "active");
    assert_eq!(me["participant"]["roles"], json!(["consumer"]));
}

#[tokio::test]
async fn a_challenge_cannot_be_replayed() {
    let app = app();
    let (key, pub_b64, address) = test_key(2);
    let text = challenge_for(&app, &address).await;
    let body = login_body(&key, &pub_b64, &address, &text);
    let (first, _) = call(&app, Method::POST, "/auth/login", None, Some(body.clone())).await;
    assert_eq!(first, StatusCode::OK);
    let (second, refused) = call(&app, Method::POST, "/auth/login", None, Some(body)).await;
    assert_eq!(second, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&refused), codes::NO_CHALLENGE);
}

#[tokio::test]
async fn an_expired_challenge_is_refused() {
    let app = app_with(
        ledger(),
        Options {
            challenge_ttl: Duration::ZERO,
            ..Options::default()
        },
    );
    let (status, body) = login(&app, 2).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&body), codes::CHALLENGE_EXPIRED);
}

#[tokio::test]
async fn a_key_that_is_not_the_address_is_refused_and_uses_up_the_challenge() {
    let app = app();
    let (other_key, other_pub, _) = test_key(3);
    let alice = address(2);
    let text = challenge_for(&app, &alice).await;
    let body = login_body(&other_key, &other_pub, &alice, &text);
    let (status, refused) = call(&app, Method::POST, "/auth/login", None, Some(body)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&refused), codes::ADDRESS_MISMATCH);
    // The failed try took the challenge: Alice herself must ask again.
    let (alice_key, alice_pub, _) = test_key(2);
    let body = login_body(&alice_key, &alice_pub, &alice, &text);
    let (status, refused) = call(&app, Method::POST, "/auth/login", None, Some(body)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&refused), codes::NO_CHALLENGE);
}

#[tokio::test]
async fn a_signature_of_another_text_is_refused() {
    let app = app();
    let (key, pub_b64, address) = test_key(2);
    challenge_for(&app, &address).await;
    let body = login_body(&key, &pub_b64, &address, "an older challenge");
    let (status, refused) = call(&app, Method::POST, "/auth/login", None, Some(body)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&refused), codes::BAD_SIGNATURE);
}

#[tokio::test]
async fn strangers_suspended_and_blacklisted_participants_are_refused() {
    let app = app();
    for (seed, expected) in [
        (6, codes::NOT_A_PARTICIPANT),
        (7, codes::SUSPENDED),
        (8, codes::BLACKLISTED),
    ] {
        let (status, body) = login(&app, seed).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(code(&body), expected);
    }
    let (_, metrics) = call(&app, Method::GET, "/metrics", None, None).await;
    let metrics = metrics.as_str().unwrap();
    assert!(
        metrics.contains("ledger_gateway_sign_ins_total{outcome=\"gateway.blacklisted\"} 1"),
        "{metrics}"
    );
}

#[tokio::test]
async fn a_challenge_needs_an_address_of_this_chain() {
    let app = app();
    let (status, body) = call(
        &app,
        Method::POST,
        "/auth/challenge",
        None,
        Some(json!({ "address": "cosmos1m9l358xunhhwds0568za49mzhvuxx9uxre5tud" })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(code(&body), codes::BAD_REQUEST);
}

#[tokio::test]
async fn endpoints_need_a_valid_token() {
    let app = app();
    let (status, body) = call(&app, Method::GET, "/api/me", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&body), codes::UNAUTHENTICATED);

    let foreign = TokenKey::from_secret([1; 32])
        .unwrap()
        .issue(&crate::auth::token::Claims {
            sub: address(1),
            iat: 0,
            exp: u64::MAX,
        })
        .unwrap();
    let (status, body) = call(&app, Method::GET, "/api/participants", Some(&foreign), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&body), codes::UNAUTHENTICATED);
}

#[tokio::test]
async fn participants_are_for_the_administrator_and_auditors_and_paged() {
    let app = app();
    let consumer = token(&app, 2).await;
    let (status, body) = call(
        &app,
        Method::GET,
        "/api/participants",
        Some(&consumer),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(code(&body), codes::FORBIDDEN);

    let admin = token(&app, 1).await;
    let (status, first) = call(
        &app,
        Method::GET,
        "/api/participants?limit=4",
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["items"].as_array().unwrap().len(), 4);
    assert_eq!(first["has_more"], true);
    let last = first["items"][3]["address"].as_str().unwrap();
    let (_, second) = call(
        &app,
        Method::GET,
        &format!("/api/participants?limit=4&start_after={last}"),
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(second["items"].as_array().unwrap().len(), 3);
    assert_eq!(second["has_more"], false);
}

#[tokio::test]
async fn a_consumer_sees_only_her_own_meters() {
    let app = app();
    let alice = token(&app, 2).await;
    let (status, body) = call(&app, Method::GET, "/api/meters", Some(&alice), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let ids: Vec<&str> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["meter_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["m-alice-1", "m-alice-2"]);

    let bob_meters = format!("/api/meters?owner={}", address(3));
    let (status, body) = call(&app, Method::GET, &bob_meters, Some(&alice), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(code(&body), codes::FORBIDDEN);

    let admin = token(&app, 1).await;
    let (_, all) = call(&app, Method::GET, "/api/meters", Some(&admin), None).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 3);
    let (_, bobs) = call(&app, Method::GET, &bob_meters, Some(&admin), None).await;
    assert_eq!(bobs["items"][0]["meter_id"], "m-bob-1");

    let bank = token(&app, 5).await;
    let (status, _) = call(&app, Method::GET, "/api/meters", Some(&bank), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bills_are_for_the_owner_the_retailer_the_bank_and_the_administrator() {
    let app = app();
    let uri = "/api/meters/m-alice-1/bills";
    for seed in [2, 4, 5, 1] {
        let token = token(&app, seed).await;
        let (status, body) = call(&app, Method::GET, uri, Some(&token), None).await;
        assert_eq!(status, StatusCode::OK, "seed {seed}: {body}");
        assert_eq!(body["items"].as_array().unwrap().len(), 2);
        assert_eq!(body["items"][0]["total"], "6000");
    }
    let bob = token(&app, 3).await;
    let (status, body) = call(&app, Method::GET, uri, Some(&bob), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(code(&body), codes::FORBIDDEN);

    // Paged by period number.
    let alice = token(&app, 2).await;
    let (_, page) = call(
        &app,
        Method::GET,
        &format!("{uri}?start_after=1&limit=1"),
        Some(&alice),
        None,
    )
    .await;
    assert_eq!(page["items"][0]["period"], 2);
    assert_eq!(page["has_more"], false);
    let (status, body) = call(
        &app,
        Method::GET,
        &format!("{uri}?start_after=x"),
        Some(&alice),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(code(&body), codes::BAD_REQUEST);

    // An unknown meter: the registry's code for those who see every meter, a plain
    // refusal for the others (who must not learn which ids exist).
    let admin = token(&app, 1).await;
    let (status, body) = call(
        &app,
        Method::GET,
        "/api/meters/nope/bills",
        Some(&admin),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(code(&body), "admin.meter_not_found");
    let (status, _) = call(
        &app,
        Method::GET,
        "/api/meters/nope/bills",
        Some(&alice),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sign_in_requests_are_rate_limited_per_client() {
    let app = app_with(
        ledger(),
        Options {
            burst: 2,
            ..Options::default()
        },
    );
    let body = json!({ "address": address(2) });
    for _ in 0..2 {
        let (status, _) = call(
            &app,
            Method::POST,
            "/auth/challenge",
            None,
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, refused) = call(&app, Method::POST, "/auth/challenge", None, Some(body)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(code(&refused), codes::RATE_LIMITED);
    // Other endpoints are not limited.
    let (status, _) = call(&app, Method::GET, "/health", None, None).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn large_bodies_are_refused() {
    let app = app();
    let big = json!({ "address": "w".repeat(100 * 1024) });
    let (status, body) = call(&app, Method::POST, "/auth/challenge", None, Some(big)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(code(&body), codes::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn malformed_json_is_a_coded_bad_request() {
    let app = app();
    let (status, body) = call(
        &app,
        Method::POST,
        "/auth/login",
        None,
        Some(json!({"address": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code(&body), codes::BAD_REQUEST);
}

#[tokio::test]
async fn health_reports_the_height_or_503() {
    let (status, body) = call(&app(), Method::GET, "/health", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["height"], 42);

    let down = MemoryLedger {
        height: None,
        ..ledger()
    };
    let (status, body) = call(
        &app_with(down, Options::default()),
        Method::GET,
        "/health",
        None,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(code(&body), codes::CHAIN_UNAVAILABLE);
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern() {
    let app = app();
    let alice = token(&app, 2).await;
    call(
        &app,
        Method::GET,
        "/api/meters/m-alice-1/bills",
        Some(&alice),
        None,
    )
    .await;
    let (status, text) = call(&app, Method::GET, "/metrics", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let text = text.as_str().unwrap();
    assert!(
        text.contains("ledger_gateway_http_requests_total{route=\"GET /api/meters/{id}/bills\",status=\"200\"} 1"),
        "{text}"
    );
    assert!(text.contains("ledger_gateway_sign_ins_total{outcome=\"ok\"} 1"));
    assert!(text.contains("ledger_gateway_http_request_duration_seconds_bucket"));
    // Tokens, signatures and nonces never reach the metrics.
    assert!(!text.contains(&alice));
}

#[tokio::test]
async fn unknown_paths_get_a_coded_404() {
    let (status, body) = call(&app(), Method::GET, "/api/nothing", None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(code(&body), codes::NOT_FOUND);
}

#[tokio::test]
async fn every_route_is_served_and_in_the_openapi_document() {
    let app = app();
    let (status, doc) = call(&app, Method::GET, "/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    for (method, path) in ROUTES {
        let documented = doc["paths"][path][method].is_object();
        if WEB_PATHS.contains(path) {
            assert!(!documented, "the page {path} is in the API's document");
        } else {
            assert!(documented, "{method} {path} is not in the OpenAPI document");
        }
        let uri = path
            .replace("{id}", "m-alice-1")
            .replace("{name}", "bank")
            .replace("{*file}", "js/keys.js");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let body = (method == Method::POST).then(|| json!({}));
        let (_, answer) = call(&app, method.clone(), &uri, None, body).await;
        assert_ne!(
            code(&answer),
            codes::NOT_FOUND,
            "{method} {uri} is not routed"
        );
    }
    let documented: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    assert_eq!(
        documented,
        ROUTES.len() - WEB_PATHS.len(),
        "the document lists a route the router lacks"
    );
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn the_docs_page_is_self_contained() {
    let (status, page) = call(&app(), Method::GET, "/docs", None, None).await;
    assert_eq!(status, StatusCode::OK);
    let page = page.as_str().unwrap();
    assert!(page.contains("fetch('/openapi.json')"));
    assert!(!page.contains("src=\"http"));
    assert!(!page.contains("href=\"http"));
}

#[tokio::test]
async fn a_session_is_refused_once_its_participant_is_blacklisted_or_suspended() {
    let reads = Arc::new(ledger());
    let app = app_over(reads.clone(), Options::default());
    let alice = token(&app, 2).await;
    let bob = token(&app, 3).await;
    let (status, _) = call(&app, Method::GET, "/api/meters", Some(&alice), None).await;
    assert_eq!(status, StatusCode::OK);

    // The administrator acts on the chain while both sessions are open.
    for p in reads.participants.write().unwrap().iter_mut() {
        if p.address.as_str() == address(2) {
            p.blacklisted = Some("fraud".to_string());
        }
        if p.address.as_str() == address(3) {
            p.status = ParticipantStatus::Suspended;
        }
    }
    let (status, body) = call(&app, Method::GET, "/api/meters", Some(&alice), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(code(&body), codes::BLACKLISTED);
    let (status, body) = call(&app, Method::GET, "/api/me", Some(&bob), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_eq!(code(&body), codes::SUSPENDED);
}

#[tokio::test]
async fn a_role_given_after_sign_in_applies_to_the_next_request() {
    let reads = Arc::new(ledger());
    let app = app_over(reads.clone(), Options::default());
    let alice = token(&app, 2).await;
    let (status, _) = call(&app, Method::GET, "/api/participants", Some(&alice), None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for p in reads.participants.write().unwrap().iter_mut() {
        if p.address.as_str() == address(2) {
            p.roles.push(Role::Auditor);
        }
    }
    let (status, body) = call(&app, Method::GET, "/api/participants", Some(&alice), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// The raw answer to `GET uri`: status, headers and body text.
async fn get_raw(app: &Router, uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    let request = Request::builder().uri(uri).body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn the_cabinet_pages_and_modules_are_served_under_a_strict_policy() {
    let app = app();
    for (uri, content_type, contains) in [
        (
            "/",
            "text/html",
            "<meta name=\"ledger-account-prefix\" content=\"wasm\">",
        ),
        (
            "/",
            "text/html",
            "<meta name=\"ledger-chain-id\" content=\"ledger-test\">",
        ),
        ("/cabinet", "text/html", "/assets/js/cabinet.js"),
        ("/assets/style.css", "text/css", "@media"),
        (
            "/assets/js/secp256k1.js",
            "text/javascript",
            "export async function sign",
        ),
    ] {
        let (status, headers, body) = get_raw(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        let header = |name: &str| headers[name].to_str().unwrap().to_string();
        assert!(header("content-type").starts_with(content_type), "{uri}");
        assert_eq!(header("content-security-policy"), crate::web::CSP);
        assert!(header("content-security-policy").starts_with("default-src 'self'"));
        assert!(!header("content-security-policy").contains("unsafe"));
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert!(body.contains(contains), "{uri} lacks {contains}");
        assert!(!body.contains("{{account_prefix}}"), "{uri}");
    }
    let (status, _, body) = get_raw(&app, "/assets/js/../../Cargo.toml").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains(codes::NOT_FOUND));
    let (status, _, _) = get_raw(&app, "/assets/nothing.js").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn wallets_are_offered_the_chain_only_where_the_operator_said_how_browsers_reach_it() {
    let (status, body) = call(&app(), Method::GET, "/api/wallet/chain", None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(code(&body), codes::NO_WALLET_SETTINGS);

    let endpoints = crate::config::WalletEndpoints {
        rpc: "https://rpc.ledger.example".to_string(),
        rest: "https://rest.ledger.example".to_string(),
    };
    let chain = ledger_client::ChainConfig::localnet();
    let app = app_with(
        ledger(),
        Options {
            wallet_chain: Some(crate::api::wallet::WalletChain::new(&chain, &endpoints)),
            ..Options::default()
        },
    );
    let (status, body) = call(&app, Method::GET, "/api/wallet/chain", None, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["chainId"], chain.chain_id.as_str());
    assert_eq!(body["rpc"], "https://rpc.ledger.example");
    assert_eq!(body["rest"], "https://rest.ledger.example");
    assert_eq!(body["bip44"]["coinType"], 118);
    assert_eq!(body["bech32Config"]["bech32PrefixAccAddr"], "wasm");
    assert_eq!(body["bech32Config"]["bech32PrefixValAddr"], "wasmvaloper");
    let fee = &body["feeCurrencies"][0];
    assert_eq!(fee["coinMinimalDenom"], chain.denom.as_str());
    let price: f64 = chain.gas_price.to_string().parse().unwrap();
    assert_eq!(fee["gasPriceStep"]["average"], price);
    assert_eq!(body["features"], json!(["cosmwasm"]));
}
