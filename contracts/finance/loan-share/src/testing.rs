//! Fixtures of the unit tests: mocked dependencies with the registry answering, the token
//! stored, members with their roles and keys, and plans.

use cosmwasm_std::testing::{
    MockApi, MockQuerier, MockStorage, message_info, mock_dependencies, mock_env,
};
use cosmwasm_std::{
    Addr, Binary, ContractResult, HexBinary, OwnedDeps, SystemResult, Uint128, WasmQuery,
    from_json, to_json_binary,
};
use ledger_types::admin::{QueryMsg as AdminQuery, Role, Standing};
use ledger_types::loan_share::{
    JoinTerms, KeyInfo, LoanShareRole, LoanType, Plan, PlanInput, RiskSummary, SealedField,
    TotalsResponse,
};

use crate::state::{CONFIG, Config, KEYS, ROLES, TOKEN, TOTALS};

pub type Deps = OwnedDeps<MockStorage, MockApi, MockQuerier>;

/// The compressed public key of the secret key 1 (the generator point).
pub const KEY_ONE: &str = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
/// The compressed public key of the secret key 2.
pub const KEY_TWO: &str = "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5";

/// The people of the unit tests.
pub struct Actors {
    pub admin_contract: Addr,
    pub administrator: Addr,
    pub token: Addr,
    pub issuer: Addr,
    pub contributor: Addr,
    pub participant: Addr,
    pub provider: Addr,
    pub stranger: Addr,
}

/// Instantiated state without going through the reply: config, token, empty totals; the
/// registry answers that `administrator` is its administrator; the issuer, a contributor and a
/// participant (both with keys) and a data service provider hold their roles.
pub fn setup() -> (Deps, Actors) {
    let mut deps = mock_dependencies();
    let api = deps.api;
    let actors = Actors {
        admin_contract: api.addr_make("admin"),
        administrator: api.addr_make("administrator"),
        token: api.addr_make("token"),
        issuer: api.addr_make("issuer"),
        contributor: api.addr_make("contributor"),
        participant: api.addr_make("participant"),
        provider: api.addr_make("provider"),
        stranger: api.addr_make("stranger"),
    };
    let (admin, administrator) = (
        actors.admin_contract.to_string(),
        actors.administrator.to_string(),
    );
    deps.querier.update_wasm(move |query| match query {
        WasmQuery::Smart { contract_addr, msg } if *contract_addr == admin => {
            match from_json::<AdminQuery>(msg) {
                Ok(AdminQuery::HasRole { address, role }) => SystemResult::Ok(ContractResult::Ok(
                    to_json_binary(&(role == Role::Admin && address == administrator)).unwrap(),
                )),
                // Everyone is in good standing here; the multi-tests blacklist and suspend.
                Ok(AdminQuery::Standing { .. }) => SystemResult::Ok(ContractResult::Ok(
                    to_json_binary(&Standing::Active).unwrap(),
                )),
                _ => SystemResult::Ok(ContractResult::Err("unsupported".into())),
            }
        }
        _ => SystemResult::Ok(ContractResult::Err("no such contract".into())),
    });
    CONFIG
        .save(
            &mut deps.storage,
            &Config {
                admin_contract: actors.admin_contract.clone(),
            },
        )
        .unwrap();
    TOKEN.save(&mut deps.storage, &actors.token).unwrap();
    TOTALS
        .save(&mut deps.storage, &TotalsResponse::default())
        .unwrap();
    let members = [
        (&actors.issuer, LoanShareRole::TokenIssuer),
        (&actors.contributor, LoanShareRole::Contributor),
        (&actors.participant, LoanShareRole::Participant),
        (&actors.provider, LoanShareRole::DataServiceProvider),
    ];
    for (address, role) in members {
        ROLES.save(&mut deps.storage, address, &vec![role]).unwrap();
    }
    for (address, key) in [
        (&actors.contributor, KEY_ONE),
        (&actors.participant, KEY_TWO),
    ] {
        KEYS.save(
            &mut deps.storage,
            address,
            &KeyInfo {
                address: address.clone(),
                public_key: HexBinary::from_hex(key).unwrap(),
                version: 1,
                registered_at: 0,
            },
        )
        .unwrap();
    }
    (deps, actors)
}

/// Block time of `mock_env()`.
pub fn now() -> u64 {
    mock_env().block.time.seconds()
}

/// Posts `input` as the contributor's plan, which must be accepted.
pub fn post_contributors_plan(deps: &mut Deps, actors: &Actors, input: PlanInput) {
    let info = message_info(&actors.contributor, &[]);
    crate::execute::plans::post_plan(deps.as_mut(), mock_env(), info, input).unwrap();
}

/// A plan of `loan_amount`, all of it offered, at 18-20%, one unit per 10,000, three
/// participants, open from now for 30 days; stand-in ciphertexts and commitments.
pub fn plan_input(asset_id: &str, loan_type: LoanType, loan_amount: u128) -> PlanInput {
    let start = now();
    PlanInput {
        asset_id: asset_id.to_string(),
        loan_type,
        loan_amount: Uint128::new(loan_amount),
        sealed_fields: loan_type
            .sensitive_fields()
            .iter()
            .map(|field| SealedField {
                field: *field,
                ciphertext: Binary::from(vec![7u8; 100]),
                commitment: HexBinary::from(vec![1u8; 32]),
            })
            .collect(),
        risk: RiskSummary {
            score: "B+".into(),
            loan_limit: Uint128::new(loan_amount),
            suggested_share_limit: Uint128::new(loan_amount / 2),
        },
        vehicle: None,
        data_links: vec!["https://dsp.example/reports/1".into()],
        terms: JoinTerms {
            offered: Uint128::new(loan_amount),
            min_rate_bps: 1_800,
            max_rate_bps: 2_000,
            fee_per_10k: 1,
            max_participants: 3,
            start,
            end: start + 30 * 86_400,
        },
    }
}

/// A stored plan with id `id` of [`plan_input`] (100,000.00).
pub fn stored_plan(api: &MockApi, id: u64, loan_type: LoanType) -> Plan {
    let input = plan_input("A-1", loan_type, 100_000_00);
    Plan {
        id,
        contributor: api.addr_make("contributor"),
        asset_id: input.asset_id,
        loan_type,
        loan_amount: input.loan_amount,
        sealed_fields: input.sealed_fields,
        risk: input.risk,
        vehicle: None,
        data_links: input.data_links,
        terms: input.terms,
        confirmed: Uint128::zero(),
        participants: 0,
        fees: Uint128::zero(),
        posted_at: now(),
        withdrawn_at: None,
    }
}
