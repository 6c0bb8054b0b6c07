//! Fixtures shared by the unit tests: a registry with its tariff contract mocked, helpers to
//! execute as a named sender, and a storage snapshot to prove that a refusal wrote nothing.

use cosmwasm_std::testing::{
    MockApi, MockQuerier, MockStorage, message_info, mock_dependencies, mock_env,
};
use cosmwasm_std::{
    Addr, Binary, ContractResult, CosmosMsg, MsgResponse, Order, OwnedDeps, Reply, Response,
    Storage, SubMsgResponse, SubMsgResult, SystemError, SystemResult, Uint128, WasmMsg, WasmQuery,
    from_json, to_json_binary,
};
use ledger_types::admin::{
    ExecuteMsg, InstantiateMsg, MeterKind, ParticipantStatus, QueryMsg, RegisterMeter, Role,
};
use ledger_types::billing::MeterSettings;
use ledger_types::tariff;
use serde::de::DeserializeOwned;

use crate::ContractError;
use crate::contract;
use crate::execute::meters::INSTANTIATE_METER_REPLY_ID;

pub type Deps = OwnedDeps<MockStorage, MockApi, MockQuerier>;

pub const METER_CODE_ID: u64 = 7;
/// The time lock's delay in the unit tests: one hour.
pub const DELAY: u64 = 3_600;
/// Tariffs the mocked tariff contract knows.
pub const KNOWN_TARIFFS: [&str; 2] = ["flat", "tou"];

/// The address the mock API makes for `name` (the same as `deps.api.addr_make(name)`).
pub fn addr(name: &str) -> Addr {
    MockApi::default().addr_make(name)
}

/// A registry administered by "admin", not yet wired to tariff and bank.
pub fn instantiated() -> Deps {
    let mut deps = mock_dependencies();
    let admin = deps.api.addr_make("admin");
    contract::instantiate(
        deps.as_mut(),
        mock_env(),
        message_info(&admin, &[]),
        InstantiateMsg {
            admin: None,
            meter_code_id: METER_CODE_ID,
            meter_settings: MeterSettings::default(),
            timelock_delay_seconds: Some(DELAY),
        },
    )
    .unwrap();
    mock_tariffs(&mut deps);
    deps
}

/// A wired registry with a retailer, two consumers ("alice", "bob") and a blacklister.
pub fn setup() -> Deps {
    let mut deps = instantiated();
    let tariff = addr("tariff").to_string();
    let bank = addr("bank").to_string();
    exec(
        &mut deps,
        "admin",
        ExecuteMsg::SetContracts { tariff, bank },
    )
    .unwrap();
    for (name, role) in [
        ("retailer", Role::Retailer),
        ("alice", Role::Consumer),
        ("bob", Role::Consumer),
        ("blacklister", Role::Blacklister),
    ] {
        register(&mut deps, name, role);
    }
    deps
}

/// The administrator registers `name` (named after itself) with `role`.
pub fn register(deps: &mut Deps, name: &str, role: Role) {
    let msg = ExecuteMsg::RegisterParticipant {
        address: addr(name).to_string(),
        name: name.to_string(),
        roles: vec![role],
    };
    exec(deps, "admin", msg).unwrap();
}

/// The administrator sets the status of `name`.
pub fn set_status(deps: &mut Deps, name: &str, status: ParticipantStatus) {
    let msg = ExecuteMsg::SetParticipantStatus {
        address: addr(name).to_string(),
        status,
    };
    exec(deps, "admin", msg).unwrap();
}

/// "blacklister" blacklists `name` for `reason`.
pub fn blacklist(deps: &mut Deps, name: &str, reason: &str) {
    let msg = ExecuteMsg::Blacklist {
        address: addr(name).to_string(),
        reason: reason.to_string(),
    };
    exec(deps, "blacklister", msg).unwrap();
}

/// The administrator proposes `name` as its successor.
pub fn propose_admin(deps: &mut Deps, name: &str) {
    let msg = ExecuteMsg::ProposeAdmin {
        address: addr(name).to_string(),
    };
    exec(deps, "admin", msg).unwrap();
}

/// Answers the tariff contract's `Tariff` query for [`KNOWN_TARIFFS`]; errors otherwise.
pub fn mock_tariffs(deps: &mut Deps) {
    let tariff_contract = deps.api.addr_make("tariff").to_string();
    deps.querier.update_wasm(move |query| match query {
        WasmQuery::Smart { contract_addr, msg } if *contract_addr == tariff_contract => {
            match from_json::<tariff::QueryMsg>(msg) {
                Ok(tariff::QueryMsg::Tariff { tariff_id })
                    if KNOWN_TARIFFS.contains(&tariff_id.as_str()) =>
                {
                    let info = tariff::TariffInfo {
                        tariff_id,
                        name: "test tariff".to_string(),
                        utc_offset_minutes: 0,
                        versions: 1,
                        effective_from: vec![0],
                    };
                    SystemResult::Ok(ContractResult::Ok(to_json_binary(&info).unwrap()))
                }
                Ok(tariff::QueryMsg::Tariff { tariff_id }) => {
                    SystemResult::Ok(ContractResult::Err(format!("tariff {tariff_id} not found")))
                }
                _ => SystemResult::Ok(ContractResult::Err("unexpected query".to_string())),
            }
        }
        other => SystemResult::Err(SystemError::NoSuchContract {
            addr: format!("{other:?}"),
        }),
    });
}

pub fn exec(deps: &mut Deps, sender: &str, msg: ExecuteMsg) -> Result<Response, ContractError> {
    exec_after(deps, 0, sender, msg)
}

/// Like [`exec`], `seconds` after `mock_env()`'s block time.
pub fn exec_after(
    deps: &mut Deps,
    seconds: u64,
    sender: &str,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    let sender = deps.api.addr_make(sender);
    let mut env = mock_env();
    env.block.time = env.block.time.plus_seconds(seconds);
    contract::execute(deps.as_mut(), env, message_info(&sender, &[]), msg)
}

pub fn query<T: DeserializeOwned>(deps: &Deps, msg: QueryMsg) -> T {
    from_json(contract::query(deps.as_ref(), mock_env(), msg).unwrap()).unwrap()
}

/// The error a query answers with.
pub fn query_err(deps: &Deps, msg: QueryMsg) -> ContractError {
    contract::query(deps.as_ref(), mock_env(), msg).unwrap_err()
}

/// Every key and value in the contract's storage.
pub fn snapshot(deps: &Deps) -> Vec<(Vec<u8>, Vec<u8>)> {
    deps.storage.range(None, None, Order::Ascending).collect()
}

/// Executes `msg` as `sender`, expects exactly `expected`, and checks nothing was written.
pub fn assert_refused(deps: &mut Deps, sender: &str, msg: ExecuteMsg, expected: ContractError) {
    assert_refused_after(deps, 0, sender, msg, expected)
}

/// Each `(sender, message, error)`: refused with exactly that error, nothing written.
pub fn assert_each_refused(deps: &mut Deps, cases: Vec<(&str, ExecuteMsg, ContractError)>) {
    for (sender, msg, expected) in cases {
        assert_refused(deps, sender, msg, expected);
    }
}

/// Like [`assert_refused`], `seconds` after `mock_env()`'s block time.
pub fn assert_refused_after(
    deps: &mut Deps,
    seconds: u64,
    sender: &str,
    msg: ExecuteMsg,
    expected: ContractError,
) {
    let before = snapshot(deps);
    let err = exec_after(deps, seconds, sender, msg.clone()).unwrap_err();
    assert_eq!(err, expected, "refusal of {msg:?}");
    assert_eq!(snapshot(deps), before, "state changed by refused {msg:?}");
}

/// A valid registration of `meter_id` for `owner`, billed by "retailer" under "flat".
pub fn meter_msg(meter_id: &str, owner: &str) -> RegisterMeter {
    RegisterMeter {
        meter_id: meter_id.to_string(),
        owner: addr(owner).to_string(),
        retailer: addr("retailer").to_string(),
        pubkey: Binary::from(vec![0x02; 33]),
        tariff_id: "flat".to_string(),
        initial_register_wh: 1_000,
        contracted_monthly_amount: Uint128::new(50_00),
        region: None,
        kind: MeterKind::Consumption,
    }
}

/// Protobuf `MsgInstantiateContractResponse { address = 1, data = 2 }`.
pub fn encode_instantiate_response(address: &str, data: &[u8]) -> Vec<u8> {
    fn field(out: &mut Vec<u8>, tag: u8, bytes: &[u8]) {
        out.push(tag << 3 | 2);
        let mut len = bytes.len();
        while len >= 0x80 {
            out.push((len as u8 & 0x7f) | 0x80);
            len >>= 7;
        }
        out.push(len as u8);
        out.extend_from_slice(bytes);
    }
    let mut out = Vec::new();
    field(&mut out, 1, address.as_bytes());
    if !data.is_empty() {
        field(&mut out, 2, data);
    }
    out
}

/// The reply a CosmWasm 2 chain sends when the meter contract of `owner` was instantiated
/// at `contract`.
pub fn instantiate_reply(owner: &Addr, contract: &Addr) -> Reply {
    #[allow(deprecated)]
    let response = SubMsgResponse {
        events: vec![],
        data: None,
        msg_responses: vec![MsgResponse {
            type_url: "/cosmwasm.wasm.v1.MsgInstantiateContractResponse".to_string(),
            value: Binary::from(encode_instantiate_response(contract.as_str(), &[])),
        }],
    };
    Reply {
        id: INSTANTIATE_METER_REPLY_ID,
        payload: Binary::from(owner.as_bytes()),
        gas_used: 0,
        result: SubMsgResult::Ok(response),
    }
}

/// Registers a first meter for `owner` and answers the instantiation; returns the address
/// of the owner's meter contract.
pub fn onboard(deps: &mut Deps, meter_id: &str, owner: &str) -> Addr {
    let msg = meter_msg(meter_id, owner);
    exec(deps, "admin", ExecuteMsg::RegisterMeter(msg)).unwrap();
    let owner = addr(owner);
    let contract = deps.api.addr_make(&format!("meter-contract-{owner}"));
    contract::reply(
        deps.as_mut(),
        mock_env(),
        instantiate_reply(&owner, &contract),
    )
    .unwrap();
    contract
}

/// Whether the storage holds a key starting with `prefix` (a namespace).
pub fn has_namespace(storage: &dyn Storage, namespace: &str) -> bool {
    let mut prefix = (namespace.len() as u16).to_be_bytes().to_vec();
    prefix.extend_from_slice(namespace.as_bytes());
    storage
        .range(Some(&prefix), None, Order::Ascending)
        .next()
        .is_some_and(|(k, _)| k.starts_with(&prefix))
}

/// The contract and the message of a fund-less wasm execute the registry sent.
pub fn wasm_execute<T: DeserializeOwned>(msg: &CosmosMsg) -> (String, T) {
    let CosmosMsg::Wasm(WasmMsg::Execute {
        contract_addr,
        msg,
        funds,
    }) = msg
    else {
        panic!("expected a wasm execute, got {msg:?}");
    };
    assert!(funds.is_empty());
    (contract_addr.clone(), from_json(msg).unwrap())
}
