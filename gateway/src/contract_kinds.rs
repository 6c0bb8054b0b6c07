//! Every kind of contract the ledger deploys, with its query message type: the catalogue
//! behind `/api/contracts`. A query passes the gateway only as a value of its contract's own
//! `QueryMsg` (so a misspelt or unknown query is refused before it reaches a node), and each
//! kind's JSON schema (its queries and what each returns) is generated from those types, not
//! written by hand.

use cosmwasm_schema::{QueryResponses, schema_for};
use ledger_client::deployment::{Contracts, RegionContracts};
use ledger_types::admin::Role;
use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Where a contract of a kind lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chain {
    /// Once on the main chain (the registry and tariffs also once in each region).
    Main,
    /// Once on each regional sub-chain.
    Region,
    /// One per consumer, on the main chain or in her meter's region, found through the
    /// registry by meter id.
    PerMeter,
}

/// Who may send a kind of contract any of its queries through the gateway. The administrator
/// and auditors always may; the kinds whose records are personal (the registry's
/// participants, the bank's accounts, meters' readings, drafts, loans) are theirs alone, and
/// the other roles read those through the endpoints that show each participant her own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Readers {
    /// The administrator and auditors.
    Overseers,
    /// Also holders of these roles.
    AlsoRoles(&'static [Role]),
    /// Every signed-in participant: the kind is a public book of the consortium.
    Participants,
}

impl Readers {
    /// Whether a participant holding `roles` may query the kind.
    pub fn admit(&self, roles: &[Role]) -> bool {
        let holds = |wanted: &[Role]| wanted.iter().any(|r| roles.contains(r));
        match self {
            Readers::Participants => true,
            Readers::Overseers => holds(&[Role::Admin, Role::Auditor]),
            Readers::AlsoRoles(more) => holds(&[Role::Admin, Role::Auditor]) || holds(more),
        }
    }

    /// Who they are, in words.
    pub fn describe(&self) -> String {
        match self {
            Readers::Overseers => "the administrator and auditors".to_string(),
            Readers::AlsoRoles(more) => {
                let names: Vec<&str> = more.iter().map(Role::as_str).collect();
                format!("the administrator, auditors and {}", names.join(", "))
            }
            Readers::Participants => "every participant".to_string(),
        }
    }
}

/// A kind of contract.
#[derive(Clone, Copy)]
pub struct ContractKind {
    /// Its name in the API, the deployment file and the audit log (`registry`, `bank`, ...).
    pub name: &'static str,
    /// What it holds, in a line.
    pub about: &'static str,
    /// Where its instances live.
    pub chain: Chain,
    /// It answers `{"pause_status":{}}` (every contract but the router, the regions'
    /// endpoints and the loan consortium's plain cw20 token).
    pub pausable: bool,
    /// Who may query it.
    pub readers: Readers,
    typed: fn(Value) -> Result<Value, serde_json::Error>,
    schema: fn() -> Result<Value, String>,
}

impl ContractKind {
    /// `query` as a value of this kind's query message, written back as the JSON the
    /// contract reads; the parser's complaint when it is not one.
    pub fn typed_query(&self, query: Value) -> Result<Value, serde_json::Error> {
        (self.typed)(query)
    }

    /// `{"query": <schema of the query message>, "responses": {<query>: <schema>, ...}}`.
    pub fn schema(&self) -> Result<Value, String> {
        (self.schema)()
    }
}

impl std::fmt::Debug for ContractKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContractKind")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

fn typed<Q: Serialize + DeserializeOwned>(query: Value) -> Result<Value, serde_json::Error> {
    serde_json::to_value(strict::<Q>(query)?)
}

/// `value` as a `T`, refused when it carries a field `T` does not have. The contracts'
/// messages (`cw_serde`) skip unknown fields, so a misspelt `limit` would pass as the default
/// page, or a misspelt `tax_bps` as a tariff without tax.
pub fn strict<T: Serialize + DeserializeOwned>(value: Value) -> Result<T, serde_json::Error> {
    let parsed: T = serde_json::from_value(value.clone())?;
    match unknown_field(&value, &serde_json::to_value(&parsed)?) {
        Some(path) => Err(serde::de::Error::custom(format!("unknown field `{path}`"))),
        None => Ok(parsed),
    }
}

/// The first field of `given` that its typed rewrite `typed` lost, as a dotted path.
fn unknown_field(given: &Value, typed: &Value) -> Option<String> {
    match (given, typed) {
        (Value::Object(given), Value::Object(typed)) => {
            given.iter().find_map(|(key, value)| match typed.get(key) {
                None => Some(key.clone()),
                Some(kept) => unknown_field(value, kept).map(|inner| format!("{key}.{inner}")),
            })
        }
        (Value::Array(given), Value::Array(typed)) => given
            .iter()
            .zip(typed)
            .enumerate()
            .find_map(|(i, (g, t))| unknown_field(g, t).map(|inner| format!("{i}.{inner}"))),
        _ => None,
    }
}

fn schema<Q: QueryResponses>() -> Result<Value, String> {
    let responses = Q::response_schemas().map_err(|e| e.to_string())?;
    Ok(json!({ "query": schema_for!(Q), "responses": responses }))
}

/// The settlement token answers cw20-base's queries and its own (pause status, registry) in
/// one untagged message.
fn token_schema() -> Result<Value, String> {
    let mut responses = cw20_base::msg::QueryMsg::response_schemas().map_err(|e| e.to_string())?;
    responses
        .extend(ledger_types::token::TokenQueryMsg::response_schemas().map_err(|e| e.to_string())?);
    Ok(json!({
        "query": schema_for!(ledger_types::token::QueryMsg),
        "responses": responses,
    }))
}

const fn kind<Q>(
    name: &'static str,
    about: &'static str,
    chain: Chain,
    pausable: bool,
    readers: Readers,
) -> ContractKind
where
    Q: Serialize + DeserializeOwned + QueryResponses + JsonSchema,
{
    ContractKind {
        name,
        about,
        chain,
        pausable,
        readers,
        typed: typed::<Q>,
        schema: schema::<Q>,
    }
}

/// The federation's records are public by its design (a pair's terms are sealed, not hidden
/// by who may ask); its members read them.
const CLOUD_MEMBERS: Readers = Readers::AlsoRoles(&[Role::CloudProvider, Role::CloudUser]);

/// Every kind, in the order the API lists them.
pub const KINDS: &[ContractKind] = &[
    kind::<ledger_types::admin::QueryMsg>(
        "registry",
        "participants, roles, meters, the blacklist and the time lock",
        Chain::Main,
        true,
        Readers::Overseers,
    ),
    // Tariffs are published prices (`/api/tariffs` shows them to everyone).
    kind::<ledger_types::tariff::QueryMsg>(
        "tariff",
        "tariffs, their versions and quotes",
        Chain::Main,
        true,
        Readers::Participants,
    ),
    kind::<ledger_types::bank::QueryMsg>(
        "bank",
        "deposits, instalments, payments, redemptions and running totals",
        Chain::Main,
        true,
        Readers::Overseers,
    ),
    ContractKind {
        name: "token",
        about: "the settlement token (cw20, gated by the registry)",
        chain: Chain::Main,
        pausable: true,
        readers: Readers::Overseers,
        typed: typed::<ledger_types::token::QueryMsg>,
        schema: token_schema,
    },
    kind::<ledger_types::draft::QueryMsg>(
        "draft",
        "earmarked funds as staged drafts and their reconciliation",
        Chain::Main,
        true,
        Readers::Overseers,
    ),
    kind::<ledger_types::loan_share::QueryMsg>(
        "loan_share",
        "loan-share plans and lenders' confirmations",
        Chain::Main,
        true,
        Readers::Overseers,
    ),
    kind::<cw20_base::msg::QueryMsg>(
        "loan_token",
        "the lending consortium's token (plain cw20)",
        Chain::Main,
        false,
        Readers::Overseers,
    ),
    kind::<ledger_types::router::QueryMsg>(
        "router",
        "regional meters' routes and the regions' channels",
        Chain::Main,
        false,
        Readers::Overseers,
    ),
    kind::<ledger_types::cloud::QueryMsg>(
        "cloud_federation",
        "the cloud federation's organisations, quotas, price lists, leases and bills",
        Chain::Main,
        true,
        CLOUD_MEMBERS,
    ),
    // The park's books are public to its participants: order books and prices, certificates
    // anyone may verify, credits and footprints published for buyers.
    kind::<ledger_types::park::QueryMsg>(
        "park_market",
        "the park's energy market: generators, order books, clearing and trades",
        Chain::Main,
        true,
        Readers::Participants,
    ),
    kind::<ledger_types::park::certificates::QueryMsg>(
        "park_certificates",
        "hourly green certificates, their transfers and claims",
        Chain::Main,
        true,
        Readers::Participants,
    ),
    kind::<ledger_types::park::credits::QueryMsg>(
        "park_credits",
        "carbon-credit projects, issuances, holdings and retirements",
        Chain::Main,
        true,
        Readers::Participants,
    ),
    kind::<ledger_types::park::footprints::QueryMsg>(
        "park_footprints",
        "product carbon footprints, their versions and inputs",
        Chain::Main,
        true,
        Readers::Participants,
    ),
    kind::<ledger_types::region_endpoint::QueryMsg>(
        "endpoint",
        "a regional sub-chain's end of the channel to the router",
        Chain::Region,
        false,
        Readers::Overseers,
    ),
    kind::<ledger_types::meter::QueryMsg>(
        "meter",
        "a consumer's readings, periods, daily totals and bills",
        Chain::PerMeter,
        true,
        Readers::Overseers,
    ),
];

/// The kind called `name`.
pub fn kind_named(name: &str) -> Option<&'static ContractKind> {
    KINDS.iter().find(|k| k.name == name)
}

/// The contracts deployed once on the main chain, as (kind name, address); kinds the
/// deployment left out are omitted.
pub fn on_main_chain(c: &Contracts) -> Vec<(&'static str, &str)> {
    [
        ("registry", Some(&c.admin)),
        ("tariff", Some(&c.tariff)),
        ("bank", Some(&c.bank)),
        ("token", Some(&c.token)),
        ("draft", c.draft.as_ref()),
        ("loan_share", c.loan_share.as_ref()),
        ("loan_token", c.loan_token.as_ref()),
        ("router", c.router.as_ref()),
        ("cloud_federation", c.cloud_federation.as_ref()),
        ("park_market", c.park_market.as_ref()),
        ("park_certificates", c.park_certificates.as_ref()),
        ("park_credits", c.park_credits.as_ref()),
        ("park_footprints", c.park_footprints.as_ref()),
    ]
    .into_iter()
    .filter_map(|(name, address)| address.map(|a| (name, a.as_str())))
    .collect()
}

/// The contracts deployed once on a regional sub-chain: its own registry and tariffs, and
/// the endpoint.
pub fn in_region(c: &RegionContracts) -> Vec<(&'static str, &str)> {
    vec![
        ("registry", c.registry.as_str()),
        ("tariff", c.tariff.as_str()),
        ("endpoint", c.endpoint.as_str()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_schema_with_a_response_for_each_query() {
        for kind in KINDS {
            let schema = kind.schema().unwrap();
            let responses = schema["responses"].as_object().unwrap();
            assert!(
                responses.contains_key("pause_status") == kind.pausable,
                "{}: pausable is {} but the schema says otherwise",
                kind.name,
                kind.pausable
            );
            assert!(schema["query"]["oneOf"].is_array() || schema["query"]["anyOf"].is_array());
        }
    }

    #[test]
    fn a_query_passes_only_as_its_contracts_own_message() {
        let bank = kind_named("bank").unwrap();
        let totals = bank.typed_query(json!({ "totals": {} })).unwrap();
        assert_eq!(totals, json!({ "totals": {} }));
        let refused = bank.typed_query(json!({ "balances": {} })).unwrap_err();
        assert!(
            refused.to_string().contains("unknown variant `balances`"),
            "{refused}"
        );
        // Fields are the contract's own: an unknown one is refused, not silently dropped.
        let extra = bank
            .typed_query(json!({ "overdue": { "limt": 5 } }))
            .unwrap_err();
        assert!(
            extra.to_string().contains("unknown field `overdue.limt`"),
            "{extra}"
        );
        let page = bank
            .typed_query(json!({ "overdue": { "limit": 5 } }))
            .unwrap();
        assert_eq!(page["overdue"]["limit"], 5);
    }

    #[test]
    fn readers_are_the_overseers_and_whom_the_kind_adds() {
        let cloud = kind_named("cloud_federation").unwrap().readers;
        let bank = kind_named("bank").unwrap().readers;
        let market = kind_named("park_market").unwrap().readers;
        for overseer in [Role::Admin, Role::Auditor] {
            assert!(cloud.admit(&[overseer]) && bank.admit(&[overseer]));
        }
        assert!(cloud.admit(&[Role::Consumer, Role::CloudUser]));
        assert!(cloud.admit(&[Role::CloudProvider]));
        assert!(!cloud.admit(&[Role::Consumer, Role::BankOperator]));
        assert!(!bank.admit(&[Role::BankOperator, Role::Retailer, Role::Guardian]));
        assert!(market.admit(&[]));
        assert_eq!(
            cloud.describe(),
            "the administrator, auditors and cloud_provider, cloud_user"
        );
    }

    #[test]
    fn the_settlement_token_takes_cw20s_queries_and_its_own() {
        let token = kind_named("token").unwrap();
        let balance = json!({ "balance": { "address": "wasm1alice" } });
        assert_eq!(token.typed_query(balance.clone()).unwrap(), balance);
        let pause = json!({ "pause_status": {} });
        assert_eq!(token.typed_query(pause.clone()).unwrap(), pause);
        assert!(token.typed_query(json!({ "minters": {} })).is_err());
    }

    #[test]
    fn names_are_unique_and_every_deployed_contract_has_its_kind() {
        for (i, kind) in KINDS.iter().enumerate() {
            assert!(
                KINDS[i + 1..].iter().all(|k| k.name != kind.name),
                "{}",
                kind.name
            );
        }
        let regional = RegionContracts {
            registry: "r".into(),
            tariff: "t".into(),
            endpoint: "e".into(),
        };
        for (name, _) in in_region(&regional) {
            assert_ne!(kind_named(name).unwrap().chain, Chain::PerMeter, "{name}");
        }
        let all = Contracts {
            admin: "a".into(),
            tariff: "t".into(),
            bank: "b".into(),
            token: "k".into(),
            draft: Some("d".into()),
            loan_share: Some("l".into()),
            loan_token: Some("lt".into()),
            router: Some("r".into()),
            cloud_federation: Some("c".into()),
            park_market: Some("pm".into()),
            park_certificates: Some("pc".into()),
            park_credits: Some("pr".into()),
            park_footprints: Some("pf".into()),
        };
        let main = on_main_chain(&all);
        for (name, _) in &main {
            assert_eq!(kind_named(name).unwrap().chain, Chain::Main, "{name}");
        }
        let once = KINDS.iter().filter(|k| k.chain != Chain::PerMeter).count();
        assert_eq!(
            main.len() + 1,
            once,
            "a kind is neither deployed nor per meter"
        );
        assert!(kind_named("treasury").is_none());
    }
}
