//! Fixtures of the bank's unit tests: the mocked admin registry, the chain's replies to the
//! token's instantiation, notices from meter contracts and readers of responses.

use super::*;
use ledger_types::meter::MeterKind;

/// The admin contract as the bank sees it: operators, participants and meters.
#[derive(Default)]
pub struct Registry {
    pub operators: Vec<Addr>,
    pub participants: BTreeMap<Addr, Participant>,
    pub meters: BTreeMap<String, MeterInfo>,
}

impl Registry {
    pub fn answer(&self, msg: &Binary) -> ContractResult<Binary> {
        let found = match from_json::<AdminQuery>(msg) {
            Ok(AdminQuery::HasRole { address, role }) => {
                let allowed = role == Role::BankOperator
                    && self.operators.iter().any(|op| op.as_str() == address)
                    && self
                        .participants
                        .get(&Addr::unchecked(&address))
                        .is_none_or(|p| p.blacklisted.is_none());
                to_json_binary(&allowed).ok()
            }
            Ok(AdminQuery::Participant { address }) => self
                .participants
                .get(&Addr::unchecked(address))
                .and_then(|p| to_json_binary(p).ok()),
            Ok(AdminQuery::Standing { address }) => {
                let standing = match self.participants.get(&Addr::unchecked(&address)) {
                    None => Standing::Unregistered,
                    Some(p) => match (&p.blacklisted, &p.status) {
                        (Some(reason), _) => Standing::Blacklisted {
                            reason: reason.clone(),
                        },
                        (None, ParticipantStatus::Suspended) => Standing::Suspended,
                        (None, ParticipantStatus::Active) => Standing::Active,
                    },
                };
                to_json_binary(&standing).ok()
            }
            Ok(AdminQuery::Meter { meter_id }) => self
                .meters
                .get(&meter_id)
                .and_then(|m| to_json_binary(m).ok()),
            _ => None,
        };
        match found {
            Some(bin) => ContractResult::Ok(bin),
            None => ContractResult::Err("not found".to_string()),
        }
    }
}

pub fn participant(address: &Addr, roles: Vec<Role>, meter_contract: Option<Addr>) -> Participant {
    Participant {
        address: address.clone(),
        name: address.to_string(),
        roles,
        status: ParticipantStatus::Active,
        blacklisted: None,
        meter_contract,
        registered_at: T0,
    }
}

pub fn meter(id: &str, owner: &Addr, retailer: &Addr, contract: &Addr) -> MeterInfo {
    MeterInfo {
        meter_id: id.to_string(),
        owner: owner.clone(),
        retailer: retailer.clone(),
        pubkey: Binary::from(vec![2u8; 33]),
        tariff_id: "flat".to_string(),
        status: MeterStatus::Active,
        contract: contract.clone(),
        registered_at: T0,
        region: None,
        kind: MeterKind::Consumption,
    }
}

/// Protobuf encoding of `MsgInstantiateContractResponse { contract_address }`.
pub fn instantiate_response(address: &str) -> Binary {
    let mut out = vec![0x0a];
    let mut len = address.len();
    loop {
        let byte = (len & 0x7f) as u8;
        len >>= 7;
        if len == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.extend_from_slice(address.as_bytes());
    Binary::from(out)
}

#[allow(deprecated)]
pub fn token_reply(id: u64, msg_responses: Vec<MsgResponse>, data: Option<Binary>) -> Reply {
    Reply {
        id,
        payload: Binary::default(),
        gas_used: 0,
        result: SubMsgResult::Ok(SubMsgResponse {
            events: vec![],
            data,
            msg_responses,
        }),
    }
}

pub fn instantiate_msg(admin: &Addr) -> InstantiateMsg {
    InstantiateMsg {
        admin_contract: admin.to_string(),
        token_code_id: TOKEN_CODE_ID,
        token_name: "Settlement Euro".to_string(),
        token_symbol: "SEUR".to_string(),
        token_decimals: 2,
    }
}

pub fn advance_notice(
    meter_id: &str,
    period: u32,
    estimate: u128,
    terms: &[(u16, u64)],
) -> AdvanceNotice {
    AdvanceNotice {
        meter_id: meter_id.to_string(),
        period,
        estimate: Uint128::new(estimate),
        advances: terms
            .iter()
            .map(|(bps, due)| AdvanceTerm {
                bps: *bps,
                due: *due,
            })
            .collect(),
    }
}

pub fn bill_notice(
    meter_id: &str,
    period: u32,
    total: u128,
    final_due: u64,
    next_estimate: u128,
    next_terms: &[(u16, u64)],
) -> BillNotice {
    BillNotice {
        meter_id: meter_id.to_string(),
        period,
        total: Uint128::new(total),
        final_due,
        next: advance_notice(meter_id, period.wrapping_add(1), next_estimate, next_terms),
    }
}

/// The default schedule of a period starting at `start`: 30% on day 10, 40% on day 25.
pub fn default_terms(start: u64) -> Vec<(u16, u64)> {
    vec![(3_000, start + 10 * DAY), (4_000, start + 25 * DAY)]
}

/// The bank's cw20 hook: `amount` sent by `sender` with `hook`.
pub fn receive_msg(sender: &Addr, amount: u128, hook: &ReceiveMsg) -> ExecuteMsg {
    ExecuteMsg::Receive(Cw20ReceiveMsg {
        sender: sender.to_string(),
        amount: Uint128::new(amount),
        msg: to_json_binary(hook).unwrap(),
    })
}

/// The value of an attribute of a response.
pub fn attr(res: &Response, key: &str) -> String {
    res.attributes
        .iter()
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
        .unwrap_or_else(|| panic!("no attribute {key}"))
}

/// The response carries each `(key, value)` attribute.
pub fn assert_attrs(res: &Response, expected: &[(&str, &str)]) {
    for (key, value) in expected {
        assert_eq!(attr(res, key), *value, "attribute {key}");
    }
}

/// The cw20 messages a response sends to the token.
pub fn token_msgs(res: &Response) -> Vec<Cw20ExecuteMsg> {
    res.messages
        .iter()
        .filter_map(|sub| match &sub.msg {
            CosmosMsg::Wasm(WasmMsg::Execute { msg, .. }) => from_json(msg).ok(),
            _ => None,
        })
        .collect()
}

/// An event-only reply (no message response, no data), as a fallback check.
pub fn event_reply(address: &str) -> Reply {
    #[allow(deprecated)]
    Reply {
        id: TOKEN_REPLY_ID,
        payload: Binary::default(),
        gas_used: 0,
        result: SubMsgResult::Ok(SubMsgResponse {
            events: vec![Event::new("instantiate").add_attribute("_contract_address", address)],
            data: None,
            msg_responses: vec![],
        }),
    }
}

/// The bill payments a response reports to `router`; panics on any other message to it.
pub fn router_msgs(res: &Response, router: &Addr) -> Vec<ledger_types::router::BillPayment> {
    res.messages
        .iter()
        .filter_map(|sub| match &sub.msg {
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr, msg, ..
            }) if *contract_addr == router.to_string() => {
                match from_json::<ledger_types::router::ExecuteMsg>(msg).unwrap() {
                    ledger_types::router::ExecuteMsg::BillPaid(payment) => Some(payment),
                    other => panic!("unexpected router message {other:?}"),
                }
            }
            _ => None,
        })
        .collect()
}
