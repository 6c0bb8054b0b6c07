//! The reply to `RegisterMeter`'s submessage: the consumer's new meter contract.

use cosmwasm_std::{DepsMut, Env, Reply, Response, SubMsgResult};

use crate::ContractError;
use crate::ContractResult;
use crate::execute::meters::finish_onboarding;

/// The meter contract of the owner named in the payload exists: records its address and
/// adds the pending meter to it.
pub fn meter_contract_instantiated(deps: DepsMut, env: Env, msg: Reply) -> ContractResult {
    let bad = |reason: String| ContractError::BadInstantiateReply { reason };
    let owner = String::from_utf8(msg.payload.to_vec())
        .map_err(|_| bad("the payload is not an owner address".to_string()))?;
    let owner = deps.api.addr_validate(&owner)?;
    let response = match msg.result {
        SubMsgResult::Ok(response) => response,
        SubMsgResult::Err(reason) => {
            return Err(ContractError::MeterInstantiationFailed { reason });
        }
    };
    // CosmWasm 2 chains answer in `msg_responses`; older ones only in `data`.
    #[allow(deprecated)]
    let data = match response.msg_responses.first() {
        Some(first) => first.value.clone(),
        None => response
            .data
            .ok_or_else(|| bad("it carries no instantiate response".to_string()))?,
    };
    let instantiated =
        cw_utils::parse_instantiate_response_data(&data).map_err(|err| bad(err.to_string()))?;
    let contract = deps.api.addr_validate(&instantiated.contract_address)?;

    let (meter_id, add_meter) =
        finish_onboarding(deps.storage, &owner, &contract, env.block.time.seconds())?;
    Ok(Response::new()
        .add_attribute("action", "meter_contract_instantiated")
        .add_attribute("owner", owner)
        .add_attribute("meter_contract", contract)
        .add_attribute("meter_id", meter_id)
        .add_message(add_meter))
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::testing::mock_env;
    use cosmwasm_std::{Binary, Reply, SubMsgResponse, SubMsgResult};
    use ledger_types::admin::{ExecuteMsg, MeterInfo, QueryMsg};

    use crate::ContractError;
    use crate::contract;
    use crate::testing::{
        Deps, addr, encode_instantiate_response, exec, instantiate_reply, meter_msg, query, setup,
        snapshot,
    };

    /// A registry with alice's first meter waiting for its contract.
    fn pending() -> Deps {
        let mut deps = setup();
        exec(
            &mut deps,
            "admin",
            ExecuteMsg::RegisterMeter(meter_msg("m-1", "alice")),
        )
        .unwrap();
        deps
    }

    fn refused(deps: &mut Deps, reply: Reply, expected: ContractError) {
        let before = snapshot(deps);
        let err = contract::reply(deps.as_mut(), mock_env(), reply).unwrap_err();
        assert_eq!(err, expected);
        assert_eq!(snapshot(deps), before);
    }

    fn with_result(result: SubMsgResult) -> Reply {
        Reply {
            result,
            ..instantiate_reply(&addr("alice"), &addr("alice-meters"))
        }
    }

    #[test]
    fn unknown_reply_ids_are_refused() {
        let mut deps = pending();
        let reply = Reply {
            id: 42,
            ..instantiate_reply(&addr("alice"), &addr("alice-meters"))
        };
        refused(&mut deps, reply, ContractError::UnknownReplyId { id: 42 });
    }

    #[test]
    fn a_reply_without_a_pending_meter_is_refused() {
        let mut deps = pending();
        refused(
            &mut deps,
            instantiate_reply(&addr("bob"), &addr("bob-meters")),
            ContractError::NoMeterRegistration { owner: addr("bob") },
        );
    }

    #[test]
    fn unreadable_replies_are_refused() {
        let mut deps = pending();
        refused(
            &mut deps,
            Reply {
                payload: Binary::from(vec![0xff, 0xfe]),
                ..instantiate_reply(&addr("alice"), &addr("alice-meters"))
            },
            ContractError::BadInstantiateReply {
                reason: "the payload is not an owner address".to_string(),
            },
        );
        #[allow(deprecated)]
        let empty = SubMsgResponse {
            events: vec![],
            data: None,
            msg_responses: vec![],
        };
        refused(
            &mut deps,
            with_result(SubMsgResult::Ok(empty)),
            ContractError::BadInstantiateReply {
                reason: "it carries no instantiate response".to_string(),
            },
        );
        #[allow(deprecated)]
        let garbage = SubMsgResponse {
            events: vec![],
            data: Some(Binary::from(vec![0x12, 0x01, 0x00])),
            msg_responses: vec![],
        };
        refused(
            &mut deps,
            with_result(SubMsgResult::Ok(garbage)),
            ContractError::BadInstantiateReply {
                reason: "Invalid reply from sub-message: failed to decode Protobuf message: invalid field #2 for field #1"
                    .to_string(),
            },
        );
        refused(
            &mut deps,
            with_result(SubMsgResult::Err("out of gas".to_string())),
            ContractError::MeterInstantiationFailed {
                reason: "out of gas".to_string(),
            },
        );
    }

    #[test]
    fn the_data_field_serves_older_chains() {
        let mut deps = pending();
        #[allow(deprecated)]
        let legacy = SubMsgResponse {
            events: vec![],
            data: Some(Binary::from(encode_instantiate_response(
                addr("alice-meters").as_str(),
                b"meter data",
            ))),
            msg_responses: vec![],
        };
        contract::reply(
            deps.as_mut(),
            mock_env(),
            with_result(SubMsgResult::Ok(legacy)),
        )
        .unwrap();
        let info: MeterInfo = query(
            &deps,
            QueryMsg::Meter {
                meter_id: "m-1".to_string(),
            },
        );
        assert_eq!(info.contract, addr("alice-meters"));
    }
}
