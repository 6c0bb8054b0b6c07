//! Every contract's queries: `GET /api/contracts` (what is deployed where, and whether each
//! is paused), `POST /api/contracts/{name}/query` (any query of any contract, typed by that
//! contract's own query message) and `GET /api/contracts/{name}/schema` (the queries a kind
//! answers and what each returns, generated from the contracts' types).
//!
//! The list is for every signed-in participant: whether the bank or a meter contract is
//! paused concerns them all. Queries follow [`crate::contract_kinds::Readers`]: the
//! administrator and auditors ask anything; the consortium's public books (tariffs, the
//! park's market, certificates, credits and footprints) are open to every participant, the
//! cloud federation's to its members; the records that are personal are read through the
//! endpoints that show each participant only her own. What a query returns is exactly what
//! the contract answers any node client: sealed fields stay sealed.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use futures_util::future::try_join_all;
use ledger_types::emergency::PauseStatus;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};

use crate::auth::session::Session;
use crate::contract_kinds::{self, Chain, ContractKind};
use crate::error::{ApiError, ErrorBody, codes};
use crate::json::{ApiJson, ApiQuery};
use crate::state::AppState;

/// Whether a contract is paused, since when, by whom and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PauseView {
    /// It refuses every change until the administrator resumes it.
    pub paused: bool,
    /// Who paused it, while paused.
    pub by: Option<String>,
    /// When, unix seconds, while paused.
    pub since: Option<u64>,
    /// The stated reason, while paused.
    pub reason: Option<String>,
}

impl From<PauseStatus> for PauseView {
    fn from(p: PauseStatus) -> Self {
        PauseView {
            paused: p.paused,
            by: p.by.map(|a| a.into_string()),
            since: p.since,
            reason: p.reason,
        }
    }
}

/// A deployed contract.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ContractView {
    /// Its kind's name: the `{name}` of `/api/contracts/{name}/query`.
    pub name: String,
    /// Its address.
    pub address: String,
    /// What it holds.
    pub about: String,
    /// Its pause status; absent for a contract without an emergency pause (the router, the
    /// regions' endpoints, the lending consortium's plain cw20 token).
    pub pause: Option<PauseView>,
    /// The caller may send it queries (`/api/contracts/{name}/query`).
    pub queryable: bool,
}

/// The contracts of one chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ContractsView {
    /// `main`, or the region's name.
    pub chain: String,
    /// The regional sub-chains there are (each `?region=` the gateway answers).
    pub regions: Vec<String>,
    /// Its contracts, the catalogue's order. Meter contracts (one per consumer) are not
    /// listed: query one with `meter=`.
    pub contracts: Vec<ContractView>,
    /// The caller may query meter contracts (`/api/contracts/meter/query?meter=`).
    pub meters_queryable: bool,
}

/// `?region=`: a regional sub-chain's contracts rather than the main chain's.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionQuery {
    /// The region's name, as in the deployment file.
    pub region: Option<String>,
}

/// `?region=&meter=`: which contract of the kind.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TargetQuery {
    /// A regional sub-chain's contract of this kind (`registry`, `tariff`, `endpoint`).
    pub region: Option<String>,
    /// For `meter`: whose meter contract, by meter id (found through the registry, on the
    /// main chain or in the meter's region).
    pub meter: Option<String>,
}

/// The kind called `name`, or 404 `gateway.unknown_contract` listing the kinds.
pub(crate) fn kind(name: &str) -> Result<&'static ContractKind, ApiError> {
    contract_kinds::kind_named(name).ok_or_else(|| {
        let known: Vec<&str> = contract_kinds::KINDS.iter().map(|k| k.name).collect();
        ApiError::new(
            StatusCode::NOT_FOUND,
            codes::UNKNOWN_CONTRACT,
            format!(
                "no contract kind {name:?}; the kinds are {}",
                known.join(", ")
            ),
        )
    })
}

/// Refused unless `region` is absent or a region of the deployment.
fn known_region(state: &AppState, region: Option<&str>) -> Result<(), ApiError> {
    let known = state.contracts.regions();
    match region {
        Some(region) if !known.iter().any(|r| r == region) => {
            Err(ApiError::unknown_region(region, &known))
        }
        _ => Ok(()),
    }
}

/// The contracts deployed on the main chain, or on a region's sub-chain, each with its pause
/// status. For every signed-in participant.
#[utoipa::path(
    get, path = "/api/contracts", tag = "api",
    security(("bearer" = [])),
    params(RegionQuery),
    responses(
        (status = 200, description = "The chain's contracts", body = ContractsView),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 404, description = "gateway.unknown_region", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn contracts(
    State(state): State<AppState>,
    session: Session,
    ApiQuery(query): ApiQuery<RegionQuery>,
) -> Result<Json<ContractsView>, ApiError> {
    let region = query.region.as_deref();
    known_region(&state, region)?;
    let deployed = state.contracts.deployed(region);
    let pause_query = json!({ "pause_status": {} });
    let views = deployed.into_iter().map(|(name, address)| {
        let (state, pause_query, roles) = (&state, &pause_query, &session.roles);
        async move {
            let kind = kind(name)?;
            let pause = if kind.pausable {
                let status = state.contracts.query(region, &address, pause_query).await?;
                let status: PauseStatus = serde_json::from_value(status).map_err(|e| {
                    tracing::warn!(contract = name, error = %e, "unreadable pause status");
                    ApiError::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        codes::CHAIN_UNAVAILABLE,
                        format!("the {name} contract's pause status was unreadable"),
                    )
                })?;
                Some(status.into())
            } else {
                None
            };
            Ok::<_, ApiError>(ContractView {
                name: name.to_string(),
                about: kind.about.to_string(),
                address,
                pause,
                queryable: kind.readers.admit(roles),
            })
        }
    });
    Ok(Json(ContractsView {
        chain: region.unwrap_or("main").to_string(),
        regions: state.contracts.regions(),
        contracts: try_join_all(views).await?,
        meters_queryable: kind("meter")?.readers.admit(&session.roles),
    }))
}

/// Any query of a contract, as that contract's own query message (its schema is at
/// `/api/contracts/{name}/schema`); the answer is the contract's, unchanged. For the
/// administrator and auditors; tariffs and the park's contracts for every participant; the
/// cloud federation for its providers and users too.
#[utoipa::path(
    post, path = "/api/contracts/{name}/query", tag = "api",
    security(("bearer" = [])),
    params(("name" = String, Path, description = "The contract's kind: registry, tariff, bank, token, draft, loan_share, loan_token, router, cloud_federation, park_market, park_certificates, park_credits, park_footprints, endpoint (with region=) or meter (with meter=)"), TargetQuery),
    request_body(content = Object, description = "One of the contract's queries, e.g. {\"totals\":{}} for the bank"),
    responses(
        (status = 200, description = "The contract's answer", body = Object),
        (status = 400, description = "Not one of the contract's queries, or a missing or needless `meter`/`region` (gateway.bad_request); the contract's own refusal (its code)", body = ErrorBody),
        (status = 401, description = "gateway.unauthenticated", body = ErrorBody),
        (status = 403, description = "Not among the kind's readers (gateway.forbidden)", body = ErrorBody),
        (status = 404, description = "gateway.unknown_contract, gateway.unknown_region, gateway.not_deployed, or the contract's `*_not_found`", body = ErrorBody),
        (status = 503, description = "gateway.chain_unavailable", body = ErrorBody),
    )
)]
pub async fn query(
    State(state): State<AppState>,
    session: Session,
    Path(name): Path<String>,
    ApiQuery(target): ApiQuery<TargetQuery>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<Value>, ApiError> {
    let kind = kind(&name)?;
    if !kind.readers.admit(&session.roles) {
        return Err(ApiError::forbidden(format!(
            "the {name} contract's queries are for {}; other roles read it through their own \
             endpoints",
            kind.readers.describe()
        )));
    }
    let typed = kind.typed_query(body).map_err(|e| {
        ApiError::bad_request(format!(
            "not a query of the {name} contract ({e}); its queries are at \
             /api/contracts/{name}/schema"
        ))
    })?;
    let (region, address) = match (kind.chain, target.meter, target.region) {
        (Chain::PerMeter, Some(meter_id), None) => {
            let found = state.contracts.meter(&meter_id).await?;
            (found.region, found.address)
        }
        (Chain::PerMeter, _, _) => {
            return Err(ApiError::bad_request(
                "a meter contract is found by its meter: give `meter=` (and no `region=`: the \
                 registry knows the meter's region)",
            ));
        }
        (_, Some(_), _) => {
            return Err(ApiError::bad_request(format!(
                "`meter=` is for meter contracts, not the {name} contract"
            )));
        }
        (chain, None, region) => {
            known_region(&state, region.as_deref())?;
            let Some(address) = state.contracts.address_of(region.as_deref(), kind.name) else {
                return Err(not_there(kind, chain, region.as_deref()));
            };
            (region, address)
        }
    };
    let answer = state
        .contracts
        .query(region.as_deref(), &address, &typed)
        .await?;
    Ok(Json(answer))
}

/// Why a contract of `kind` is not on the chain asked.
fn not_there(kind: &ContractKind, chain: Chain, region: Option<&str>) -> ApiError {
    match (chain, region) {
        (Chain::Main, Some(region)) => ApiError::bad_request(format!(
            "the {} contract is on the main chain, not in region {region}: leave out `region=`",
            kind.name
        )),
        (Chain::Region, None) => ApiError::bad_request(format!(
            "there is an {} contract in each region: give `region=`",
            kind.name
        )),
        _ => ApiError::not_deployed(kind.name),
    }
}

/// The queries a kind of contract answers (`query`, a JSON schema) and the schema of each
/// answer (`responses`, by query name), generated from the contracts' types. Public, as the
/// OpenAPI document is.
#[utoipa::path(
    get, path = "/api/contracts/{name}/schema", tag = "api",
    params(("name" = String, Path, description = "The contract's kind")),
    responses(
        (status = 200, description = "{\"query\": <JSON schema>, \"responses\": {<query>: <JSON schema>}}", body = Object),
        (status = 404, description = "gateway.unknown_contract", body = ErrorBody),
    )
)]
pub async fn schema(Path(name): Path<String>) -> Result<Json<Value>, ApiError> {
    let kind = kind(&name)?;
    let schema = kind.schema().map_err(|e| {
        tracing::error!(contract = kind.name, error = %e, "a contract's schema did not build");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            codes::INTERNAL,
            format!("the {name} contract's schema did not build"),
        )
    })?;
    Ok(Json(schema))
}
