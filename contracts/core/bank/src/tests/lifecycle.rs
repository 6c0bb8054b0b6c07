//! Instantiation, the token reply, configuration and migration.

use cosmwasm_std::{
    Binary, CosmosMsg, MsgResponse, ReplyOn, SubMsgResult, WasmMsg, coins, from_json,
};
use cw_utils::PaymentError;
use cw20::MinterResponse;
use ledger_contract_kit::GuardError;
use ledger_types::bank::{ConfigResponse, MigrateMsg, QueryMsg, TotalsResponse};

use super::*;
use crate::contract::migrate;
use crate::state::{CONTRACT_NAME, CONTRACT_VERSION};

#[test]
fn instantiate_requests_the_token_with_the_bank_as_minter_and_admin() {
    let mut suite = Suite::bare();
    let msg = instantiate_msg(&suite.who.admin);
    let res = suite.instantiate_bank(msg, &[]).unwrap();
    assert_eq!(attr(&res, "action"), "instantiate");
    assert_eq!(res.messages.len(), 1);
    let sub = &res.messages[0];
    assert_eq!(sub.id, TOKEN_REPLY_ID);
    assert_eq!(sub.reply_on, ReplyOn::Success);
    let CosmosMsg::Wasm(WasmMsg::Instantiate {
        admin,
        code_id,
        msg,
        funds,
        label,
    }) = &sub.msg
    else {
        panic!("expected an instantiate message, got {:?}", sub.msg);
    };
    assert_eq!(admin.as_deref(), Some(suite.who.bank.as_str()));
    assert_eq!(*code_id, TOKEN_CODE_ID);
    assert!(funds.is_empty());
    assert_eq!(label, "SEUR settlement token");
    let token_msg: cw20_base::msg::InstantiateMsg = from_json(msg).unwrap();
    assert_eq!(
        token_msg,
        cw20_base::msg::InstantiateMsg {
            name: "Settlement Euro".to_string(),
            symbol: "SEUR".to_string(),
            decimals: 2,
            initial_balances: vec![],
            mint: Some(MinterResponse {
                minter: suite.who.bank.to_string(),
                cap: None,
            }),
            marketing: None,
        }
    );

    // Before the reply the token is unknown.
    assert_eq!(
        suite.query_err(QueryMsg::Config {}),
        ContractError::TokenNotInstantiated {}
    );
    let zero = TotalsResponse {
        minted: Uint128::zero(),
        burned: Uint128::zero(),
        prepaid: Uint128::zero(),
        escrowed: Uint128::zero(),
        paid_out: Uint128::zero(),
    };
    assert_eq!(suite.totals(), zero);
    let version = cw2::get_contract_version(&suite.deps.storage).unwrap();
    assert_eq!(version.contract, CONTRACT_NAME);
    assert_eq!(version.version, CONTRACT_VERSION);
}

#[test]
fn reply_stores_the_token() {
    let suite = Suite::new();
    let config: ConfigResponse = suite.query(QueryMsg::Config {});
    assert_eq!(
        config,
        ConfigResponse {
            admin_contract: suite.who.admin.clone(),
            token: suite.who.token.clone(),
        }
    );
}

fn instantiated() -> Suite {
    let mut suite = Suite::bare();
    let msg = instantiate_msg(&suite.who.admin);
    suite.instantiate_bank(msg, &[]).unwrap();
    suite
}

#[test]
fn reply_falls_back_to_data_and_then_to_the_event() {
    let mut suite = instantiated();
    let token = suite.who.token.to_string();
    let res = suite
        .reply_token(token_reply(
            TOKEN_REPLY_ID,
            vec![],
            Some(instantiate_response(&token)),
        ))
        .unwrap();
    assert_eq!(attr(&res, "token"), token);

    let mut suite = instantiated();
    suite.reply_token(event_reply(&token)).unwrap();
    let config: ConfigResponse = suite.query(QueryMsg::Config {});
    assert_eq!(config.token, suite.who.token);
}

#[test]
fn reply_refusals() {
    let mut suite = instantiated();
    let token = suite.who.token.to_string();
    let err = suite
        .reply_token(token_reply(
            9,
            vec![MsgResponse {
                type_url: String::new(),
                value: instantiate_response(&token),
            }],
            None,
        ))
        .unwrap_err();
    assert_eq!(err, ContractError::UnknownReplyId { id: 9 });

    let err = suite
        .reply_token(token_reply(TOKEN_REPLY_ID, vec![], None))
        .unwrap_err();
    assert_eq!(err, ContractError::MissingTokenAddress {});

    let mut failed = token_reply(TOKEN_REPLY_ID, vec![], None);
    failed.result = SubMsgResult::Err("out of gas".to_string());
    let err = suite.reply_token(failed).unwrap_err();
    assert_eq!(
        err,
        ContractError::TokenInstantiationFailed {
            reason: "out of gas".to_string()
        }
    );

    let err = suite
        .reply_token(token_reply(
            TOKEN_REPLY_ID,
            vec![MsgResponse {
                type_url: String::new(),
                value: Binary::from(vec![0x0a, 0x05, b'a']),
            }],
            None,
        ))
        .unwrap_err();
    assert!(matches!(err, ContractError::ParseReply(_)), "{err:?}");
    assert_eq!(
        suite.query_err(QueryMsg::Config {}),
        ContractError::TokenNotInstantiated {}
    );
}

#[test]
fn instantiate_refuses_bad_input() {
    type Change = fn(&mut InstantiateMsg);
    let cases: Vec<(Change, ContractError)> = vec![
        (
            |m| m.token_code_id = 0,
            ContractError::InvalidTokenCodeId {},
        ),
        (
            |m| m.token_name = "ab".to_string(),
            ContractError::InvalidTokenName {
                name: "ab".to_string(),
            },
        ),
        (
            |m| m.token_name = "x".repeat(51),
            ContractError::InvalidTokenName {
                name: "x".repeat(51),
            },
        ),
        (
            |m| m.token_symbol = "EU1".to_string(),
            ContractError::InvalidTokenSymbol {
                symbol: "EU1".to_string(),
            },
        ),
        (
            |m| m.token_symbol = "ABCDEFGHIJKLM".to_string(),
            ContractError::InvalidTokenSymbol {
                symbol: "ABCDEFGHIJKLM".to_string(),
            },
        ),
        (
            |m| m.token_decimals = 19,
            ContractError::InvalidTokenDecimals { decimals: 19 },
        ),
    ];
    for (change, expected) in cases {
        let mut suite = Suite::bare();
        let mut msg = instantiate_msg(&suite.who.admin);
        change(&mut msg);
        let err = suite.instantiate_bank(msg, &[]).unwrap_err();
        assert_eq!(err, expected);
        assert!(cw2::get_contract_version(&suite.deps.storage).is_err());
    }

    let mut suite = Suite::bare();
    let mut msg = instantiate_msg(&suite.who.admin);
    msg.admin_contract = "not an address".to_string();
    let err = suite.instantiate_bank(msg, &[]).unwrap_err();
    assert!(
        matches!(err, ContractError::Guard(GuardError::Std(_))),
        "{err:?}"
    );

    let msg = instantiate_msg(&suite.who.admin);
    let err = suite
        .instantiate_bank(msg, &coins(1, "ustake"))
        .unwrap_err();
    assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
}

#[test]
fn migrate_moves_forward_only_and_only_this_contract() {
    let mut suite = Suite::new();
    let res = migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap();
    assert_eq!(attr(&res, "action"), "migrate");

    cw2::set_contract_version(&mut suite.deps.storage, "ledger-other", "0.0.1").unwrap();
    let err = migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap_err();
    assert_eq!(
        err,
        ContractError::Guard(GuardError::WrongContract {
            expected: CONTRACT_NAME.to_string(),
            found: "ledger-other".to_string(),
        })
    );

    cw2::set_contract_version(&mut suite.deps.storage, CONTRACT_NAME, "99.0.0").unwrap();
    let err = migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap_err();
    assert_eq!(
        err,
        ContractError::Guard(GuardError::Downgrade {
            stored: "99.0.0".to_string(),
            current: CONTRACT_VERSION.to_string(),
        })
    );

    cw2::set_contract_version(&mut suite.deps.storage, CONTRACT_NAME, "1.x").unwrap();
    let err = migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap_err();
    assert_eq!(
        err,
        ContractError::Guard(GuardError::InvalidVersion {
            version: "1.x".to_string()
        })
    );

    cw2::set_contract_version(&mut suite.deps.storage, CONTRACT_NAME, "0.0.1").unwrap();
    migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap();
    let version = cw2::get_contract_version(&suite.deps.storage).unwrap();
    assert_eq!(version.version, CONTRACT_VERSION);
}

#[test]
fn a_release_candidate_migrates_to_its_release() {
    // Pre-releases order as semver says (they used to compare equal to the release).
    let mut suite = Suite::new();
    let rc = format!("{CONTRACT_VERSION}-rc.1");
    cw2::set_contract_version(&mut suite.deps.storage, CONTRACT_NAME, &rc).unwrap();
    let res = migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap();
    assert_eq!(attr(&res, "from_version"), rc);
    assert_eq!(
        cw2::get_contract_version(&suite.deps.storage)
            .unwrap()
            .version,
        CONTRACT_VERSION
    );
}

#[test]
fn std_errors_pass_through() {
    // A query of a malformed address reports the address problem as is.
    let suite = Suite::new();
    let err = suite.query_err(QueryMsg::Prepaid {
        consumer: "Not Valid".to_string(),
    });
    assert!(
        matches!(err, ContractError::Guard(GuardError::Std(_))),
        "{err:?}"
    );
}

#[test]
fn migration_indexes_overdue_instalments_of_earlier_versions_so_funding_pays_them() {
    use crate::state::{OVERDUE_BY_CONSUMER, RECHECK};
    use ledger_types::bank::InstalmentStatus;

    let mut suite = Suite::new();
    let alice = suite.who.alice.clone();
    suite
        .schedule(M_ALICE, 1, 1_000, &[(3_000, T0 + DAY)])
        .unwrap();
    suite.set_time(T0 + DAY);
    suite.settle(None).unwrap();
    assert_eq!(suite.instalment(1).status, InstalmentStatus::Overdue);
    // An earlier version kept no per-consumer overdue index and no queue.
    OVERDUE_BY_CONSUMER.remove(&mut suite.deps.storage, (&alice, T0 + DAY, 1));
    RECHECK.remove(&mut suite.deps.storage, &alice);

    let res = migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap();
    assert_eq!(attr(&res, "overdue_indexed"), "1");
    // Migrating again changes nothing.
    let res = migrate(suite.deps.as_mut(), suite.env.clone(), MigrateMsg {}).unwrap();
    assert_eq!(attr(&res, "overdue_indexed"), "0");

    suite.fund(&alice, 300);
    suite.settle(None).unwrap();
    assert_eq!(suite.instalment(1).status, InstalmentStatus::Paid);
    suite.assert_books();
}
