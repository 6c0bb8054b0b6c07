//! The registry's administrator can be a cw3 multisig (2 of 3): the transfer goes through
//! the time lock, and afterwards a key operation needs two signatures.

use cosmwasm_std::{Addr, CosmosMsg, Empty, WasmMsg, to_json_binary};
use cw_multi_test::{ContractWrapper, Executor};
use cw_utils::{Duration, Threshold};
use cw3::{Status, Vote};
use cw3_fixed_multisig::msg::{ExecuteMsg as MultisigMsg, InstantiateMsg, QueryMsg, Voter};
use ledger_testing::{Suite, SuiteBuilder, TIMELOCK_DELAY};
use ledger_types::admin::{self, Role};

fn multisig(s: &mut Suite, members: &[Addr]) -> Addr {
    let code = s.app.store_code(Box::new(ContractWrapper::new(
        ledger_multisig::contract::execute,
        ledger_multisig::contract::instantiate,
        ledger_multisig::contract::query,
    )));
    let creator = members[0].clone();
    s.app
        .instantiate_contract(
            code,
            creator,
            &InstantiateMsg {
                voters: members
                    .iter()
                    .map(|m| Voter {
                        addr: m.to_string(),
                        weight: 1,
                    })
                    .collect(),
                threshold: Threshold::AbsoluteCount { weight: 2 },
                max_voting_period: Duration::Time(7 * 24 * 3600),
            },
            &[],
            "consortium-multisig",
            None,
        )
        .unwrap()
}

/// A proposal of `msg` to the registry, by `member`; returns its id.
fn propose(s: &mut Suite, ms: &Addr, member: &Addr, title: &str, msg: &admin::ExecuteMsg) -> u64 {
    let wasm: CosmosMsg<Empty> = WasmMsg::Execute {
        contract_addr: s.admin.to_string(),
        msg: to_json_binary(msg).unwrap(),
        funds: vec![],
    }
    .into();
    let res = s
        .app
        .execute_contract(
            member.clone(),
            ms.clone(),
            &MultisigMsg::Propose {
                title: title.to_string(),
                description: title.to_string(),
                msgs: vec![wasm],
                latest: None,
            },
            &[],
        )
        .unwrap();
    res.events
        .iter()
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == "proposal_id")
        .unwrap()
        .value
        .parse()
        .unwrap()
}

fn status(s: &Suite, ms: &Addr, id: u64) -> Status {
    let p: cw3::ProposalResponse = s
        .app
        .wrap()
        .query_wasm_smart(ms, &QueryMsg::Proposal { proposal_id: id })
        .unwrap();
    p.status
}

fn vote_and_execute(s: &mut Suite, ms: &Addr, voter: &Addr, executor: &Addr, id: u64) {
    s.app
        .execute_contract(
            voter.clone(),
            ms.clone(),
            &MultisigMsg::Vote {
                proposal_id: id,
                vote: Vote::Yes,
            },
            &[],
        )
        .unwrap();
    assert_eq!(status(s, ms, id), Status::Passed);
    s.app
        .execute_contract(
            executor.clone(),
            ms.clone(),
            &MultisigMsg::Execute { proposal_id: id },
            &[],
        )
        .unwrap();
}

#[test]
fn a_two_of_three_multisig_administers_the_registry() {
    let mut s = SuiteBuilder::new().build();
    let members: Vec<Addr> = ["ana", "ben", "cho"].iter().map(|n| s.addr(n)).collect();
    let ms = multisig(&mut s, &members);
    let admin = s.addrs.administrator.clone();

    // The transfer: proposed by the administrator, accepted by the multisig's own proposal
    // once the time lock has passed.
    s.propose_admin(&admin, &ms).unwrap();
    s.advance_time(TIMELOCK_DELAY);
    let accept = propose(
        &mut s,
        &ms,
        &members[0],
        "accept admin",
        &admin::ExecuteMsg::AcceptAdmin {},
    );
    vote_and_execute(&mut s, &ms, &members[1], &members[2], accept);
    assert_eq!(s.administrator().admin, ms);
    // The former administrator and any single member alone have no power.
    let dave = s.addr("dave");
    let register = admin::ExecuteMsg::RegisterParticipant {
        address: dave.to_string(),
        name: "Dave".to_string(),
        roles: vec![Role::Consumer],
    };
    for who in [&admin, &members[0]] {
        assert_eq!(
            ledger_testing::err::<::ledger_admin::ContractError>(s.execute_admin(who, &register)),
            ::ledger_admin::ContractError::NotAdmin {
                sender: who.clone(),
                action: "register participants".to_string(),
            }
        );
    }

    // A key operation: one vote (the proposer's) is not enough to execute it.
    let id = propose(&mut s, &ms, &members[1], "register Dave", &register);
    assert_eq!(status(&s, &ms, id), Status::Open);
    let before = s.snapshot();
    let refused = s.app.execute_contract(
        members[1].clone(),
        ms.clone(),
        &MultisigMsg::Execute { proposal_id: id },
        &[],
    );
    assert_eq!(
        ledger_testing::err::<cw3_fixed_multisig::ContractError>(refused),
        cw3_fixed_multisig::ContractError::WrongExecuteStatus {}
    );
    assert_eq!(s.snapshot(), before);
    assert!(s.participant(&dave).is_err());

    // The second signature: it executes, and Dave is registered.
    vote_and_execute(&mut s, &ms, &members[2], &members[0], id);
    assert_eq!(status(&s, &ms, id), Status::Executed);
    assert!(s.has_role(&dave, Role::Consumer));
}
