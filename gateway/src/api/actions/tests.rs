//! The actions and the bank's reads through the router, with the chain replaced by an
//! in-memory registry and bank and the signer by a recorder of what it was asked to sign.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{Method, StatusCode};
use cosmwasm_std::{Addr, Binary, Uint128};
use k256::ecdsa::SigningKey;
use ledger_client::ClientError;
use ledger_types::admin::{
    MeterInfo, MeterStatus, MetersResponse, Participant, ParticipantStatus, ParticipantsResponse,
    RegisterMeter, Role,
};
use ledger_types::bank::{
    Instalment, InstalmentKind, InstalmentStatus, InstalmentsResponse, Redemption,
    RedemptionStatus, RedemptionsResponse, TotalsResponse,
};
use ledger_types::meter::{BillsResponse, DailyTotalsResponse, MeterKind};
use ledger_types::park::{EnergyType, Requirements};
use ledger_types::tariff::TariffComponents;
use serde_json::{Value, json};

use crate::app::router;
use crate::auth::adr036::tests::test_key;
use crate::auth::challenge::ChallengeStore;
use crate::auth::token::{Claims, TokenKey};
use crate::bank_reads::{BankReads, Holdings};
use crate::chain::{ChainFuture, DayRange, LedgerReads, PeriodQuote};
use crate::error::codes;
use crate::ops::metrics::Metrics;
use crate::ops::rate_limit::RateLimiter;
use crate::signer::{Acted, Action, Actions, LedgerActions};
use crate::state::{AppState, Settings, Shared};
use crate::tests::page_after;

/// Test participants by key seed.
const ADMIN: u8 = 1;
const CONSUMER: u8 = 2;
const BANK: u8 = 5;
/// A retailer, whom a registration names (the chain checks her role).
const RETAILER: u8 = 4;
/// A bank operator of another organisation: she holds the role, and is not this gateway's.
const OTHER_BANK: u8 = 9;
const BLACKLISTER: u8 = 10;
const BLACKLISTED_BANK: u8 = 11;
const GUARDIAN: u8 = 13;
const CLOUD_USER: u8 = 14;
const CLOUD_PROVIDER: u8 = 15;
/// The gateway's own key, registered as a bank operator.
const SIGNER: u8 = 12;

fn address(seed: u8) -> String {
    test_key(seed).2
}

fn participant(seed: u8, roles: Vec<Role>) -> Participant {
    Participant {
        address: Addr::unchecked(address(seed)),
        name: format!("participant {seed}"),
        roles,
        status: ParticipantStatus::Active,
        blacklisted: None,
        meter_contract: None,
        registered_at: 1_700_000_000,
    }
}

/// The registry: participants only (the actions read nothing else from it).
struct Registry(Vec<Participant>);

fn registry() -> Registry {
    let mut blacklisted = participant(BLACKLISTED_BANK, vec![Role::BankOperator]);
    blacklisted.blacklisted = Some("fraud".to_string());
    Registry(vec![
        participant(ADMIN, vec![Role::Admin]),
        participant(CONSUMER, vec![Role::Consumer]),
        participant(BANK, vec![Role::BankOperator]),
        participant(OTHER_BANK, vec![Role::BankOperator]),
        participant(BLACKLISTER, vec![Role::Blacklister]),
        participant(SIGNER, vec![Role::BankOperator]),
        participant(GUARDIAN, vec![Role::Guardian]),
        participant(RETAILER, vec![Role::Retailer]),
        participant(CLOUD_USER, vec![Role::CloudUser]),
        participant(CLOUD_PROVIDER, vec![Role::CloudProvider]),
        blacklisted,
    ])
}

impl LedgerReads for Registry {
    fn latest_height(&self) -> ChainFuture<'_, u64> {
        Box::pin(async { Ok(42) })
    }

    fn participant<'a>(&'a self, address: &'a str) -> ChainFuture<'a, Option<Participant>> {
        let found = self
            .0
            .iter()
            .find(|p| p.address.as_str() == address)
            .cloned();
        Box::pin(async move { Ok(found) })
    }

    fn participants(&self, _: Option<String>, _: u32) -> ChainFuture<'_, ParticipantsResponse> {
        let participants = self.0.clone();
        Box::pin(async move {
            Ok(ParticipantsResponse {
                participants,
                has_more: false,
            })
        })
    }

    fn meters(
        &self,
        _: Option<String>,
        _: Option<String>,
        _: u32,
    ) -> ChainFuture<'_, MetersResponse> {
        Box::pin(async {
            Ok(MetersResponse {
                meters: vec![],
                has_more: false,
            })
        })
    }

    fn meter<'a>(&'a self, _: &'a str) -> ChainFuture<'a, Option<MeterInfo>> {
        Box::pin(async { Ok(None) })
    }

    fn bills<'a>(&'a self, _: &'a str, _: Option<u32>, _: u32) -> ChainFuture<'a, BillsResponse> {
        Box::pin(async {
            Ok(BillsResponse {
                bills: vec![],
                has_more: false,
            })
        })
    }

    fn daily<'a>(&'a self, meter_id: &'a str, _: DayRange) -> ChainFuture<'a, DailyTotalsResponse> {
        Box::pin(async move {
            Ok(DailyTotalsResponse {
                meter_id: meter_id.to_string(),
                days: vec![],
                has_more: false,
            })
        })
    }

    fn period_now<'a>(&'a self, _: &'a str, _: Option<&'a str>) -> ChainFuture<'a, PeriodQuote> {
        Box::pin(async { Err(ledger_sdk::Error::Invalid("no meters here".to_string())) })
    }
}

/// The bank contract's lists, in the contract's orders.
#[derive(Default)]
pub(crate) struct MemoryBank {
    totals: Option<TotalsResponse>,
    /// In (due, id) order.
    overdue: Vec<Instalment>,
    /// In id order.
    redemptions: Vec<Redemption>,
    /// Every instalment, in id order.
    pub(crate) instalments: Vec<Instalment>,
    /// By address; zero for anyone else.
    pub(crate) holdings: BTreeMap<String, Holdings>,
}

impl BankReads for MemoryBank {
    fn totals(&self) -> ChainFuture<'_, TotalsResponse> {
        let totals = self
            .totals
            .clone()
            .ok_or_else(|| ledger_sdk::Error::Invalid("the test bank has no totals".to_string()));
        Box::pin(async move { totals })
    }

    fn overdue(
        &self,
        start_after: Option<(u64, u64)>,
        limit: u32,
    ) -> ChainFuture<'_, InstalmentsResponse> {
        let (instalments, has_more) =
            page_after(&self.overdue, |i| (i.due, i.id), start_after, limit);
        Box::pin(async move {
            Ok(InstalmentsResponse {
                instalments,
                has_more,
            })
        })
    }

    fn redemptions(
        &self,
        start_after: Option<u64>,
        limit: u32,
    ) -> ChainFuture<'_, RedemptionsResponse> {
        let (redemptions, has_more) = page_after(&self.redemptions, |r| r.id, start_after, limit);
        Box::pin(async move {
            Ok(RedemptionsResponse {
                redemptions,
                has_more,
            })
        })
    }

    fn instalments<'a>(
        &'a self,
        meter_id: &'a str,
        start_after: Option<u64>,
        limit: u32,
    ) -> ChainFuture<'a, InstalmentsResponse> {
        let of_meter: Vec<Instalment> = self
            .instalments
            .iter()
            .filter(|i| i.meter_id == meter_id)
            .cloned()
            .collect();
        let (instalments, has_more) = page_after(&of_meter, |i| i.id, start_after, limit);
        Box::pin(async move {
            Ok(InstalmentsResponse {
                instalments,
                has_more,
            })
        })
    }

    fn holdings<'a>(&'a self, address: &'a str) -> ChainFuture<'a, Holdings> {
        let holdings = self.holdings.get(address).copied().unwrap_or_default();
        Box::pin(async move { Ok(holdings) })
    }
}

/// A signer that records what it is asked to sign, and answers as the chain would: with the
/// contract event's attributes, or with a contract's refusal.
struct Recorder {
    address: String,
    sent: Mutex<Vec<Action>>,
    /// A contract code every action is refused with.
    refusal: Option<&'static str>,
    /// The attributes of the contract's event in every answer.
    attributes: BTreeMap<String, String>,
}

impl Recorder {
    fn new() -> Self {
        Recorder {
            address: address(SIGNER),
            sent: Mutex::new(vec![]),
            refusal: None,
            attributes: BTreeMap::new(),
        }
    }

    fn sent(&self) -> Vec<Action> {
        self.sent.lock().unwrap().clone()
    }
}

impl LedgerActions for Recorder {
    fn address(&self) -> &str {
        &self.address
    }

    fn perform(&self, action: Action) -> ChainFuture<'_, Acted> {
        let mut sent = self.sent.lock().unwrap();
        sent.push(action);
        let answer = match self.refusal {
            Some(code) => Err(ledger_sdk::Error::Client(ClientError::Contract {
                message: format!("[ledger:{code}] refused by the test contract"),
            })),
            None => Ok(Acted {
                tx_hash: format!("TX{}", sent.len()),
                height: 100 + sent.len() as u64,
                attributes: self.attributes.clone(),
            }),
        };
        Box::pin(async move { answer })
    }
}

fn app_with(signer: Option<Arc<Recorder>>, operators: &[u8], bank: MemoryBank) -> Router {
    let operators: Vec<String> = operators.iter().map(|s| address(*s)).collect();
    let actions = match signer {
        Some(signer) => Actions::signing(signer, &operators),
        None => Actions::read_only(),
    };
    let state = AppState(Arc::new(Shared {
        reads: Arc::new(registry()),
        tokens: TokenKey::from_secret([9; 32]).unwrap(),
        challenges: ChallengeStore::new(Duration::from_secs(60), 100),
        auth_limiter: RateLimiter::new(1_000, 60),
        index: crate::index::Index::in_memory().unwrap(),
        regions: Default::default(),
        metrics: Metrics::default(),
        settings: Settings {
            account_prefix: "wasm".to_string(),
            chain_id: "ledger-test".to_string(),
            session_ttl: Duration::from_secs(600),
            wallet_chain: None,
        },
        actions,
        bank: Arc::new(bank),
        own: Arc::new(crate::tests::own::Relay::default()),
        tariffs: Arc::new(crate::tests::tariffs::TariffBook),
        workbooks: Arc::new(crate::tests::downloads::FixedWorkbooks),
        finance: Arc::new(crate::tests::finance::FinanceBook),
        contracts: Arc::new(crate::tests::contracts::Deployed::default()),
    }));
    let client: SocketAddr = "127.0.0.1:40000".parse().unwrap();
    router(state).layer(MockConnectInfo(client))
}

/// A gateway signing with `signer` for the bank operator and the blacklister.
fn app(signer: &Arc<Recorder>) -> Router {
    app_with(
        Some(signer.clone()),
        &[BANK, BLACKLISTER, BLACKLISTED_BANK],
        MemoryBank::default(),
    )
}

fn token(seed: u8) -> String {
    TokenKey::from_secret([9; 32])
        .unwrap()
        .issue(&Claims {
            sub: address(seed),
            iat: 0,
            exp: u64::MAX,
        })
        .unwrap()
}

async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    seed: Option<u8>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let token = seed.map(token);
    crate::tests::call(app, method, uri, token.as_deref(), body).await
}

fn code(body: &Value) -> &str {
    body["code"].as_str().unwrap_or("<no code>")
}

/// Every action as (method, uri, a valid body, a seed allowed to ask for it on [`app`]'s
/// gateway, the action it signs).
fn every_action() -> Vec<(Method, String, Option<Value>, u8, Action)> {
    let consumer = address(CONSUMER);
    vec![
        (
            Method::POST,
            "/api/bank/deposits".to_string(),
            Some(
                json!({"reference": "  SEPA 77 ", "recipient": consumer, "amount": "1500", "prepay": true}),
            ),
            BANK,
            Action::Deposit {
                reference: "SEPA 77".to_string(),
                recipient: consumer.clone(),
                amount: Uint128::new(1500),
                prepay: true,
            },
        ),
        (
            Method::POST,
            "/api/bank/settle".to_string(),
            Some(json!({"limit": 30})),
            BANK,
            Action::Settle { limit: Some(30) },
        ),
        (
            Method::POST,
            "/api/bank/payments".to_string(),
            Some(json!({"meter_id": "m-1", "amount": "250"})),
            BANK,
            Action::MakePayment {
                meter_id: "m-1".to_string(),
                amount: Uint128::new(250),
            },
        ),
        (
            Method::POST,
            "/api/bank/redemptions/7/redeem".to_string(),
            Some(json!({"payout_reference": " PAYOUT-7 "})),
            BANK,
            Action::Redeem {
                request_id: 7,
                payout_reference: "PAYOUT-7".to_string(),
            },
        ),
        (
            Method::POST,
            "/api/admin/blacklist".to_string(),
            Some(json!({"address": consumer, "reason": "fraud"})),
            BLACKLISTER,
            Action::Blacklist {
                address: consumer.clone(),
                reason: "fraud".to_string(),
            },
        ),
        (
            Method::DELETE,
            format!("/api/admin/blacklist/{consumer}"),
            None,
            BLACKLISTER,
            Action::Unblacklist {
                address: consumer.clone(),
            },
        ),
        (
            Method::POST,
            "/api/admin/participants".to_string(),
            Some(
                json!({"address": consumer, "name": " Alice ", "roles": ["consumer", "cloud_user"]}),
            ),
            ADMIN,
            Action::RegisterParticipant {
                address: consumer.clone(),
                name: "Alice".to_string(),
                roles: vec![Role::Consumer, Role::CloudUser],
            },
        ),
        (
            Method::POST,
            format!("/api/admin/participants/{consumer}/roles"),
            Some(json!({"roles": ["consumer", "auditor"]})),
            ADMIN,
            Action::SetRoles {
                address: consumer.clone(),
                roles: vec![Role::Consumer, Role::Auditor],
            },
        ),
        (
            Method::POST,
            format!("/api/admin/participants/{consumer}/status"),
            Some(json!({"status": "suspended"})),
            ADMIN,
            Action::SetParticipantStatus {
                address: consumer.clone(),
                status: ParticipantStatus::Suspended,
            },
        ),
        (
            Method::POST,
            "/api/admin/meters/m-1/status".to_string(),
            Some(json!({"status": "retired"})),
            ADMIN,
            Action::SetMeterStatus {
                meter_id: "m-1".to_string(),
                status: MeterStatus::Retired,
            },
        ),
        (
            Method::POST,
            "/api/admin/meters".to_string(),
            Some(register_body(json!({}))),
            ADMIN,
            Action::RegisterMeter(Box::new(RegisterMeter {
                meter_id: "m-new".to_string(),
                owner: consumer.clone(),
                retailer: address(RETAILER),
                pubkey: Binary::from(meter_public_key()),
                tariff_id: "home".to_string(),
                initial_register_wh: 1_200,
                contracted_monthly_amount: Uint128::new(5_000),
                region: None,
                kind: MeterKind::Consumption,
            })),
        ),
        (
            Method::POST,
            "/api/admin/contracts/bank/pause".to_string(),
            Some(json!({"reason": " reconciling deposits "})),
            ADMIN,
            Action::SetPaused {
                contract: "wasm1bank".to_string(),
                reason: Some("reconciling deposits".to_string()),
            },
        ),
        (
            Method::POST,
            "/api/admin/contracts/bank/resume".to_string(),
            None,
            ADMIN,
            Action::SetPaused {
                contract: "wasm1bank".to_string(),
                reason: None,
            },
        ),
        (
            Method::POST,
            "/api/tariffs".to_string(),
            Some(json!({
                "tariff_id": " night-saver ",
                "name": "Night saver",
                "utc_offset_minutes": 60,
                "components": {"flat_rate": "150000", "fixed_charge": "500"},
                "effective_from": 1_800_000_000,
            })),
            RETAILER,
            Action::CreateTariff {
                tariff_id: "night-saver".to_string(),
                name: "Night saver".to_string(),
                utc_offset_minutes: 60,
                components: Box::new(TariffComponents {
                    flat_rate: Some(Uint128::new(150_000)),
                    fixed_charge: Some(Uint128::new(500)),
                    ..TariffComponents::default()
                }),
                effective_from: 1_800_000_000,
            },
        ),
        (
            Method::POST,
            "/api/tariffs/night-saver/versions".to_string(),
            Some(json!({"components": {"flat_rate": "160000"}, "effective_from": 1_900_000_000})),
            RETAILER,
            Action::AddTariffVersion {
                tariff_id: "night-saver".to_string(),
                components: Box::new(TariffComponents {
                    flat_rate: Some(Uint128::new(160_000)),
                    ..TariffComponents::default()
                }),
                effective_from: 1_900_000_000,
            },
        ),
        (
            Method::POST,
            "/api/cloud/leases".to_string(),
            Some(json!({
                "provider": " northcloud ",
                "instance_type": "small",
                "holding_seconds": 7200,
                "escrow": "3000",
            })),
            CLOUD_USER,
            Action::RequestInstance {
                provider: "northcloud".to_string(),
                instance_type: "small".to_string(),
                holding_seconds: 7200,
                escrow: Uint128::new(3000),
            },
        ),
        (
            Method::POST,
            "/api/cloud/leases/4/accept".to_string(),
            None,
            CLOUD_PROVIDER,
            Action::AcceptLease { lease_id: 4 },
        ),
        (
            Method::POST,
            "/api/cloud/leases/4/reject".to_string(),
            Some(json!({"reason": "no capacity"})),
            CLOUD_PROVIDER,
            Action::RejectLease {
                lease_id: 4,
                reason: "no capacity".to_string(),
            },
        ),
        (
            Method::POST,
            "/api/cloud/leases/4/release".to_string(),
            None,
            CLOUD_USER,
            Action::ReleaseLease { lease_id: 4 },
        ),
        (
            Method::POST,
            "/api/park/offers".to_string(),
            Some(
                json!({"slot": 1_700_003_600, "meter_id": "pv-1", "energy_wh": 1500, "min_price": 90}),
            ),
            CONSUMER,
            Action::PostOffer {
                slot: 1_700_003_600,
                meter_id: "pv-1".to_string(),
                energy_wh: 1500,
                min_price: 90,
            },
        ),
        (
            Method::POST,
            "/api/park/bids".to_string(),
            Some(json!({
                "slot": 1_700_003_600,
                "energy_wh": 2000,
                "max_price": 120,
                "requirements": {"energy_types": ["solar"], "max_carbon_g_per_kwh": 50},
            })),
            CONSUMER,
            Action::PostBid {
                slot: 1_700_003_600,
                energy_wh: 2000,
                max_price: 120,
                requirements: Requirements {
                    energy_types: vec![EnergyType::Solar],
                    max_carbon_g_per_kwh: Some(50),
                    preferred_sellers: vec![],
                },
            },
        ),
        (
            Method::DELETE,
            "/api/park/orders/9".to_string(),
            None,
            CONSUMER,
            Action::CancelOrder { order_id: 9 },
        ),
    ]
}

/// A meter's compressed public key (a real point).
fn meter_public_key() -> Vec<u8> {
    SigningKey::from_slice(&[42; 32])
        .unwrap()
        .verifying_key()
        .to_encoded_point(true)
        .as_bytes()
        .to_vec()
}

/// A registration of meter `m-new` for the consumer, with `changes` over its fields.
fn register_body(changes: Value) -> Value {
    let mut body = json!({
        "meter_id": " m-new ",
        "owner": address(CONSUMER),
        "retailer": address(RETAILER),
        "public_key": hex::encode(meter_public_key()),
        "tariff_id": "home",
        "initial_register_wh": 1_200,
        "contracted_monthly_amount": "5000",
    });
    for (key, value) in changes.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

#[tokio::test]
async fn a_read_only_gateway_refuses_every_action_and_shows_no_signer() {
    let app = app_with(None, &[BANK], MemoryBank::default());
    for (method, uri, body, seed, _) in every_action() {
        let (status, answer) = call(&app, method.clone(), &uri, Some(seed), body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {uri}: {answer}");
        assert_eq!(code(&answer), codes::READ_ONLY, "{method} {uri}");
        assert!(
            answer["message"].as_str().unwrap().contains("--signer"),
            "{answer}"
        );
    }
    let (_, health) = call(&app, Method::GET, "/health", None, None).await;
    assert_eq!(health["signer"], Value::Null);
}

#[tokio::test]
async fn health_shows_the_signer_s_address() {
    let signer = Arc::new(Recorder::new());
    let (status, health) = call(&app(&signer), Method::GET, "/health", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(health["signer"], address(SIGNER));
}

#[tokio::test]
async fn each_action_signs_exactly_what_was_asked() {
    for (method, uri, body, seed, expected) in every_action() {
        // An administrator acts through her own organisation's gateway.
        let signer = Arc::new(Recorder::new());
        let app = app_with(
            Some(signer.clone()),
            &[
                BANK,
                BLACKLISTER,
                ADMIN,
                CLOUD_USER,
                CLOUD_PROVIDER,
                CONSUMER,
                RETAILER,
            ],
            MemoryBank::default(),
        );
        let (status, answer) = call(&app, method.clone(), &uri, Some(seed), body).await;
        assert_eq!(status, StatusCode::OK, "{method} {uri}: {answer}");
        assert_eq!(answer["tx_hash"], "TX1", "{method} {uri}");
        assert_eq!(answer["height"], 101, "{method} {uri}");
        assert_eq!(signer.sent(), [expected], "{method} {uri}");
    }
}

#[tokio::test]
async fn the_answers_carry_what_the_contract_reported() {
    let mut recorder = Recorder::new();
    recorder.attributes = BTreeMap::from([
        ("normalised_reference".to_string(), "sepa 77".to_string()),
        ("payment_ids".to_string(), "3,4".to_string()),
        ("instalments_paid".to_string(), "1".to_string()),
        ("processed".to_string(), "5".to_string()),
        ("amount_paid".to_string(), "900".to_string()),
    ]);
    let signer = Arc::new(recorder);
    let app = app(&signer);
    let actions = every_action();
    let (_, deposit) = call(
        &app,
        Method::POST,
        &actions[0].1,
        Some(BANK),
        actions[0].2.clone(),
    )
    .await;
    assert_eq!(deposit["normalised_reference"], "sepa 77");
    let (_, settled) = call(
        &app,
        Method::POST,
        &actions[1].1,
        Some(BANK),
        actions[1].2.clone(),
    )
    .await;
    assert_eq!(settled["processed"], "5");
    assert_eq!(settled["amount_paid"], "900");
    assert_eq!(settled["overdue"], Value::Null);
    let (_, paid) = call(
        &app,
        Method::POST,
        &actions[2].1,
        Some(BANK),
        actions[2].2.clone(),
    )
    .await;
    assert_eq!(paid["payment_ids"], json!([3, 4]));
    assert_eq!(paid["instalments_paid"], "1");
}

#[tokio::test]
async fn a_caller_without_the_role_is_refused_and_nothing_is_signed() {
    let signer = Arc::new(Recorder::new());
    // Operators of this gateway all, each without the role of the others' actions.
    let app = app_with(
        Some(signer.clone()),
        &[BANK, BLACKLISTER, ADMIN, CONSUMER],
        MemoryBank::default(),
    );
    for (method, uri, body, _, _) in every_action() {
        for seed in [CONSUMER, BANK, BLACKLISTER, ADMIN] {
            let bank_action = uri.starts_with("/api/bank");
            let cloud_action = uri.starts_with("/api/cloud");
            // The park market is open to every participant.
            let may = uri.starts_with("/api/park")
                || match seed {
                    BANK => bank_action,
                    BLACKLISTER => uri.starts_with("/api/admin/blacklist"),
                    ADMIN => !bank_action && !cloud_action,
                    _ => false,
                };
            if may {
                continue;
            }
            let (status, answer) = call(&app, method.clone(), &uri, Some(seed), body.clone()).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "seed {seed} {method} {uri}");
            assert_eq!(
                code(&answer),
                codes::FORBIDDEN,
                "seed {seed} {method} {uri}"
            );
        }
    }
    assert_eq!(signer.sent(), []);
}

#[tokio::test]
async fn a_caller_with_the_role_from_another_organisation_is_refused() {
    let signer = Arc::new(Recorder::new());
    let app = app(&signer);
    for (method, uri, body, allowed, _) in every_action() {
        // OTHER_BANK is a bank operator, ADMIN the administrator, the others hold their
        // actions' roles: none is an operator of this (bank's) gateway.
        let seed = match allowed {
            _ if uri.starts_with("/api/bank") => OTHER_BANK,
            BLACKLISTER => ADMIN,
            other => other,
        };
        let (status, answer) = call(&app, method.clone(), &uri, Some(seed), body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {uri}: {answer}");
        assert_eq!(code(&answer), codes::FORBIDDEN);
        let message = answer["message"].as_str().unwrap();
        assert!(
            message.contains("not an operator of this gateway"),
            "{message}"
        );
    }
    assert_eq!(signer.sent(), []);
}

#[tokio::test]
async fn the_signer_s_own_address_may_act_without_being_listed() {
    let signer = Arc::new(Recorder::new());
    let app = app_with(Some(signer.clone()), &[], MemoryBank::default());
    let (status, answer) = call(
        &app,
        Method::POST,
        "/api/bank/settle",
        Some(SIGNER),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(signer.sent(), [Action::Settle { limit: None }]);
    let (status, _) = call(
        &app,
        Method::POST,
        "/api/bank/settle",
        Some(BANK),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(signer.sent().len(), 1);
}

#[tokio::test]
async fn a_blacklisted_operator_is_refused() {
    let signer = Arc::new(Recorder::new());
    let app = app(&signer);
    let (status, answer) = call(
        &app,
        Method::POST,
        "/api/bank/settle",
        Some(BLACKLISTED_BANK),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(code(&answer), codes::BLACKLISTED);
    let (status, answer) = call(
        &app,
        Method::POST,
        "/api/bank/settle",
        None,
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(code(&answer), codes::UNAUTHENTICATED);
    assert_eq!(signer.sent(), []);
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_signed() {
    let signer = Arc::new(Recorder::new());
    let app = app(&signer);
    let consumer = address(CONSUMER);
    let deposit = |amount: Value| json!({"reference": "r-1", "recipient": consumer, "amount": amount, "prepay": false});
    let bad: Vec<(Method, String, Value, u8)> = vec![
        (
            Method::POST,
            "/api/bank/deposits".into(),
            deposit(json!("0")),
            BANK,
        ),
        (
            Method::POST,
            "/api/bank/deposits".into(),
            deposit(json!("ten")),
            BANK,
        ),
        (
            Method::POST,
            "/api/bank/deposits".into(),
            deposit(json!("1.5")),
            BANK,
        ),
        (
            Method::POST,
            "/api/bank/deposits".into(),
            deposit(json!(1500)),
            BANK,
        ),
        (
            Method::POST,
            "/api/bank/deposits".into(),
            json!({"reference": "r-1", "recipient": consumer, "amount": "5"}),
            BANK,
        ),
        (
            Method::POST,
            "/api/bank/deposits".into(),
            json!({"reference": " ", "recipient": consumer, "amount": "5", "prepay": false}),
            BANK,
        ),
        (
            Method::POST,
            "/api/bank/deposits".into(),
            json!({"reference": "r", "recipient": "cosmos1m9l358xunhhwds0568za49mzhvuxx9uxre5tud", "amount": "5", "prepay": false}),
            BANK,
        ),
        (
            Method::POST,
            "/api/bank/deposits".into(),
            json!({"reference": "r", "recipient": consumer, "amount": "5", "prepay": false, "memo": "x"}),
            BANK,
        ),
        (
            Method::POST,
            "/api/bank/settle".into(),
            json!({"limit": 0}),
            BANK,
        ),
        (
            Method::POST,
            "/api/bank/settle".into(),
            json!({"limit": 101}),
            BANK,
        ),
        (
            Method::POST,
            "/api/bank/payments".into(),
            json!({"meter_id": "m-1", "amount": "0"}),
            BANK,
        ),
        (
            Method::POST,
            "/api/bank/payments".into(),
            json!({"meter_id": "", "amount": "3"}),
            BANK,
        ),
        (
            Method::POST,
            "/api/bank/redemptions/7/redeem".into(),
            json!({"payout_reference": "  "}),
            BANK,
        ),
        (
            Method::POST,
            "/api/bank/redemptions/seven/redeem".into(),
            json!({"payout_reference": "P-1"}),
            BANK,
        ),
        (
            Method::POST,
            "/api/bank/redemptions/7/redeem".into(),
            json!({"payout_reference": "P-1", "amount": "5"}),
            BANK,
        ),
        (
            Method::POST,
            "/api/admin/blacklist".into(),
            json!({"address": "nobody", "reason": "x"}),
            BLACKLISTER,
        ),
        (
            Method::POST,
            "/api/admin/blacklist".into(),
            json!({"address": consumer, "reason": ""}),
            BLACKLISTER,
        ),
        (
            Method::DELETE,
            "/api/admin/blacklist/nobody".into(),
            Value::Null,
            BLACKLISTER,
        ),
    ];
    for (method, uri, body, seed) in bad {
        let body = (!body.is_null()).then_some(body);
        let (status, answer) = call(&app, method.clone(), &uri, Some(seed), body.clone()).await;
        assert!(
            status == StatusCode::BAD_REQUEST || status == StatusCode::UNPROCESSABLE_ENTITY,
            "{method} {uri} {body:?}: {status} {answer}"
        );
        assert_eq!(code(&answer), codes::BAD_REQUEST, "{method} {uri} {body:?}");
    }
    // Unknown statuses and bad registrations, on the administrator's gateway.
    let admin_app = app_with(Some(signer.clone()), &[ADMIN], MemoryBank::default());
    let off_curve = format!("02{}", "ff".repeat(32));
    for changes in [
        json!({"meter_id": "  "}),
        json!({"owner": "nobody"}),
        json!({"retailer": "cosmos1m9l358xunhhwds0568za49mzhvuxx9uxre5tud"}),
        json!({"public_key": "zz"}),
        json!({"public_key": hex::encode([2u8; 32])}),
        json!({"public_key": format!("04{}", "11".repeat(32))}),
        json!({"public_key": off_curve}),
        json!({"tariff_id": ""}),
        json!({"contracted_monthly_amount": "-1"}),
        json!({"contracted_monthly_amount": 5000}),
        json!({"kind": "storage"}),
        json!({"memo": "x"}),
    ] {
        let body = register_body(changes.clone());
        let (_, answer) = call(
            &admin_app,
            Method::POST,
            "/api/admin/meters",
            Some(ADMIN),
            Some(body),
        )
        .await;
        assert_eq!(code(&answer), codes::BAD_REQUEST, "{changes}: {answer}");
    }
    for uri in [
        format!("/api/admin/participants/{consumer}/status"),
        "/api/admin/meters/m-1/status".to_string(),
    ] {
        let (_, answer) = call(
            &admin_app,
            Method::POST,
            &uri,
            Some(ADMIN),
            Some(json!({"status": "gone"})),
        )
        .await;
        assert_eq!(code(&answer), codes::BAD_REQUEST, "{uri}");
    }
    // Participants not of this chain, without a name, or with a role there is not.
    let participants = [
        (
            "/api/admin/participants".to_string(),
            json!({"address": "nobody", "name": "X", "roles": []}),
        ),
        (
            "/api/admin/participants".to_string(),
            json!({"address": consumer, "name": " ", "roles": ["consumer"]}),
        ),
        (
            "/api/admin/participants".to_string(),
            json!({"address": consumer, "name": "X", "roles": ["wizard"]}),
        ),
        (
            format!("/api/admin/participants/{consumer}/roles"),
            json!({"roles": "consumer"}),
        ),
        (
            "/api/admin/participants/nobody/roles".to_string(),
            json!({"roles": ["consumer"]}),
        ),
    ];
    for (uri, body) in participants {
        let (_, answer) = call(
            &admin_app,
            Method::POST,
            &uri,
            Some(ADMIN),
            Some(body.clone()),
        )
        .await;
        assert_eq!(code(&answer), codes::BAD_REQUEST, "{uri} {body}: {answer}");
    }
    // Pauses without a reason, of a contract without a pause, of a meter contract, of one
    // not deployed or of no kind at all.
    let pauses = [
        ("bank", json!({"reason": "  "}), codes::BAD_REQUEST),
        ("bank", json!({}), codes::BAD_REQUEST),
        (
            "bank",
            json!({"reason": "x", "until": 5}),
            codes::BAD_REQUEST,
        ),
        ("router", json!({"reason": "x"}), codes::BAD_REQUEST),
        ("meter", json!({"reason": "x"}), codes::BAD_REQUEST),
        ("draft", json!({"reason": "x"}), codes::NOT_DEPLOYED),
        ("vault", json!({"reason": "x"}), codes::UNKNOWN_CONTRACT),
    ];
    for (name, body, wanted) in pauses {
        let uri = format!("/api/admin/contracts/{name}/pause");
        let (_, answer) = call(&admin_app, Method::POST, &uri, Some(ADMIN), Some(body)).await;
        assert_eq!(code(&answer), wanted, "{uri}: {answer}");
    }
    let (_, answer) = call(
        &admin_app,
        Method::POST,
        "/api/admin/contracts/router/resume",
        Some(ADMIN),
        None,
    )
    .await;
    assert_eq!(code(&answer), codes::BAD_REQUEST, "{answer}");
    assert_eq!(signer.sent(), []);
}

#[tokio::test]
async fn tariff_cloud_and_park_input_is_refused_before_anything_is_signed() {
    let signer = Arc::new(Recorder::new());
    let app = app_with(
        Some(signer.clone()),
        &[CLOUD_USER, CLOUD_PROVIDER, CONSUMER, RETAILER],
        MemoryBank::default(),
    );
    let lease = |changes: Value| {
        let mut body = json!({
            "provider": "northcloud",
            "instance_type": "small",
            "holding_seconds": 3600,
            "escrow": "100",
        });
        for (k, v) in changes.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let offer = json!({"slot": 1, "meter_id": "pv-1", "energy_wh": 1, "min_price": 1});
    let tariff = |field: &str, value: Value| {
        let mut t = json!({
            "tariff_id": "t",
            "name": "T",
            "utc_offset_minutes": 0,
            "components": {"flat_rate": "1"},
            "effective_from": 1,
        });
        t[field] = value;
        t
    };
    let bad = [
        (
            "/api/cloud/leases",
            CLOUD_USER,
            lease(json!({"holding_seconds": 0})),
            codes::BAD_REQUEST,
        ),
        (
            "/api/cloud/leases",
            CLOUD_USER,
            lease(json!({"escrow": "0"})),
            codes::BAD_REQUEST,
        ),
        (
            "/api/cloud/leases",
            CLOUD_USER,
            lease(json!({"escrow": 100})),
            codes::BAD_REQUEST,
        ),
        (
            "/api/cloud/leases",
            CLOUD_USER,
            lease(json!({"provider": " "})),
            codes::BAD_REQUEST,
        ),
        (
            "/api/cloud/leases",
            CLOUD_USER,
            lease(json!({"instance_type": ""})),
            codes::BAD_REQUEST,
        ),
        (
            "/api/cloud/leases",
            CLOUD_USER,
            lease(json!({"terms": "x"})),
            codes::BAD_REQUEST,
        ),
        (
            "/api/cloud/leases/four/accept",
            CLOUD_PROVIDER,
            json!({}),
            codes::BAD_REQUEST,
        ),
        (
            "/api/cloud/leases/4/reject",
            CLOUD_PROVIDER,
            json!({"reason": " "}),
            codes::BAD_REQUEST,
        ),
        (
            "/api/cloud/leases/-1/release",
            CLOUD_USER,
            json!({}),
            codes::BAD_REQUEST,
        ),
        (
            "/api/park/offers",
            CONSUMER,
            json!({"slot": 1, "meter_id": " ", "energy_wh": 1, "min_price": 1}),
            codes::BAD_REQUEST,
        ),
        (
            "/api/park/offers",
            CONSUMER,
            json!({"slot": 1, "meter_id": "pv-1", "energy_wh": 0, "min_price": 1}),
            "park.zero_energy",
        ),
        (
            "/api/park/offers",
            CONSUMER,
            json!({"slot": 1, "meter_id": "pv-1", "energy_wh": 1, "min_price": 0}),
            "park.zero_price",
        ),
        (
            "/api/park/bids",
            CONSUMER,
            json!({"slot": 1, "energy_wh": 5, "max_price": 0}),
            "park.zero_price",
        ),
        (
            "/api/park/bids",
            CONSUMER,
            json!({"slot": 1, "energy_wh": 5, "max_price": 9, "requirements": {"energy_types": ["coal"]}}),
            codes::BAD_REQUEST,
        ),
        (
            "/api/park/bids",
            CONSUMER,
            json!({"slot": 1, "energy_wh": 5, "max_price": 9, "requirements": {"preferred_sellers": vec!["wasm1x"; 50]}}),
            "park.too_many_preferred",
        ),
        ("/api/park/bids", CONSUMER, offer, codes::BAD_REQUEST),
        (
            "/api/tariffs",
            RETAILER,
            tariff("tariff_id", json!(" ")),
            codes::BAD_REQUEST,
        ),
        (
            "/api/tariffs",
            RETAILER,
            tariff("name", json!("")),
            codes::BAD_REQUEST,
        ),
        (
            "/api/tariffs",
            RETAILER,
            tariff("components", json!({"flat": "1"})),
            codes::BAD_REQUEST,
        ),
        (
            "/api/tariffs",
            RETAILER,
            tariff("components", json!({"flat_rate": 1.5})),
            codes::BAD_REQUEST,
        ),
        (
            "/api/tariffs/t/versions",
            RETAILER,
            json!({"components": {}}),
            codes::BAD_REQUEST,
        ),
    ];
    for (uri, seed, body, wanted) in bad {
        let (status, answer) = call(&app, Method::POST, uri, Some(seed), Some(body.clone())).await;
        assert!(
            status == StatusCode::BAD_REQUEST || status == StatusCode::UNPROCESSABLE_ENTITY,
            "{uri} {body}: {status} {answer}"
        );
        assert_eq!(code(&answer), wanted, "{uri} {body}: {answer}");
    }
    let (_, answer) = call(
        &app,
        Method::DELETE,
        "/api/park/orders/nine",
        Some(CONSUMER),
        None,
    )
    .await;
    assert_eq!(code(&answer), codes::BAD_REQUEST, "{answer}");
    assert_eq!(signer.sent(), []);
}

#[tokio::test]
async fn a_guardian_pauses_and_only_the_administrator_resumes() {
    let signer = Arc::new(Recorder::new());
    let app = app_with(
        Some(signer.clone()),
        &[GUARDIAN, ADMIN],
        MemoryBank::default(),
    );
    let pause = json!({"reason": "key compromise"});
    let (status, answer) = call(
        &app,
        Method::POST,
        "/api/admin/contracts/park_market/pause",
        Some(GUARDIAN),
        Some(pause),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, answer) = call(
        &app,
        Method::POST,
        "/api/admin/contracts/park_market/resume",
        Some(GUARDIAN),
        None,
    )
    .await;
    assert_eq!(
        (status, code(&answer)),
        (StatusCode::FORBIDDEN, codes::FORBIDDEN)
    );
    assert_eq!(
        signer.sent(),
        [Action::SetPaused {
            contract: "wasm1market".to_string(),
            reason: Some("key compromise".to_string()),
        }]
    );
}

#[tokio::test]
async fn a_contract_refusal_passes_its_code_through() {
    for (refusal, status) in [
        ("bank.deposit_reference_used", StatusCode::CONFLICT),
        ("bank.not_bank_operator", StatusCode::UNPROCESSABLE_ENTITY),
        ("common.paused", StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let mut recorder = Recorder::new();
        recorder.refusal = Some(refusal);
        let signer = Arc::new(recorder);
        let app = app(&signer);
        let (method, uri, body, seed, expected) = every_action().remove(0);
        let (got, answer) = call(&app, method, &uri, Some(seed), body).await;
        assert_eq!(got, status, "{refusal}: {answer}");
        assert_eq!(code(&answer), refusal);
        assert_eq!(answer["message"], "refused by the test contract");
        // It was asked for once: the refusal is the chain's.
        assert_eq!(signer.sent(), [expected]);
    }
}

fn instalment(id: u64, due: u64) -> Instalment {
    Instalment {
        id,
        meter_id: "m-1".to_string(),
        consumer: Addr::unchecked(address(CONSUMER)),
        retailer: Addr::unchecked("wasm1retailer"),
        period: 3,
        kind: InstalmentKind::Advance { number: 1 },
        due,
        amount: Uint128::new(400),
        paid: Uint128::zero(),
        status: InstalmentStatus::Overdue,
    }
}

fn bank() -> MemoryBank {
    MemoryBank {
        totals: Some(TotalsResponse {
            minted: Uint128::new(10_000),
            burned: Uint128::new(1_000),
            prepaid: Uint128::new(4_000),
            escrowed: Uint128::new(500),
            paid_out: Uint128::new(2_500),
        }),
        overdue: vec![instalment(7, 100), instalment(2, 200), instalment(9, 200)],
        redemptions: vec![Redemption {
            id: 1,
            holder: Addr::unchecked(address(CONSUMER)),
            amount: Uint128::new(500),
            payout_account: "DE00 1234".to_string(),
            status: RedemptionStatus::Requested,
            payout_reference: None,
            requested_at: 1_700_000_100,
        }],
        ..MemoryBank::default()
    }
}

#[tokio::test]
async fn the_bank_s_reads_are_for_bank_operators_the_administrator_and_auditors() {
    // Reads need no signer and no membership of the organisation.
    let app = app_with(None, &[], bank());
    let (status, totals) = call(
        &app,
        Method::GET,
        "/api/bank/totals",
        Some(OTHER_BANK),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{totals}");
    assert_eq!(totals["minted"], "10000");
    assert_eq!(totals["paid_out"], "2500");
    let (status, _) = call(&app, Method::GET, "/api/bank/totals", Some(ADMIN), None).await;
    assert_eq!(status, StatusCode::OK);
    for uri in [
        "/api/bank/totals",
        "/api/bank/overdue",
        "/api/bank/redemptions",
    ] {
        let (status, answer) = call(&app, Method::GET, uri, Some(CONSUMER), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{uri}");
        assert_eq!(code(&answer), codes::FORBIDDEN);
    }

    // Overdue instalments, oldest due first, paged by their (due, id) key.
    let (status, first) = call(
        &app,
        Method::GET,
        "/api/bank/overdue?limit=2",
        Some(BANK),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let ids: Vec<u64> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [7, 2]);
    assert_eq!(first["has_more"], true);
    assert_eq!(first["items"][1]["key"], "200:2");
    assert_eq!(first["items"][0]["status"], "overdue");
    let (_, second) = call(
        &app,
        Method::GET,
        "/api/bank/overdue?limit=2&start_after=200:2",
        Some(BANK),
        None,
    )
    .await;
    assert_eq!(second["items"][0]["id"], 9);
    assert_eq!(second["has_more"], false);
    let (status, answer) = call(
        &app,
        Method::GET,
        "/api/bank/overdue?start_after=200",
        Some(BANK),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(code(&answer), codes::BAD_REQUEST);

    let (status, redemptions) =
        call(&app, Method::GET, "/api/bank/redemptions", Some(BANK), None).await;
    assert_eq!(status, StatusCode::OK, "{redemptions}");
    assert_eq!(redemptions["items"][0]["status"], "requested");
    assert_eq!(redemptions["items"][0]["payout_account"], "DE00 1234");
    let (status, _) = call(
        &app,
        Method::GET,
        "/api/bank/redemptions?start_after=x",
        Some(BANK),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
