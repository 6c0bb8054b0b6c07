//! cw20 issuance by submessage and reply: a contract that mints a token of its own (the bank's
//! settlement token, loan sharing's consortium token) instantiates the settlement-token code
//! with itself as the only minter and wasm admin and its registry as the token's, then records
//! the new token's address from the reply.
//!
//! Owning the minter role in the contract, rather than leaving it with a wallet, is what ties
//! every mint to a recorded deposit and every burn to a recorded payout.
//!
//! The refusals here ([`IssueError`]) carry no codes of their own: each issuing contract has
//! its own variants with its own codes (`bank.invalid_token_name`,
//! `loan_share.invalid_token_name`, ...), and [`issue_errors!`](crate::issue_errors) maps one
//! onto the other.

use cosmwasm_std::{
    Addr, DepsMut, Reply, Response, StdError, StdResult, SubMsg, SubMsgResponse, WasmMsg,
    to_json_binary,
};
use cw_storage_plus::Item;
use cw_utils::{ParseReplyError, parse_instantiate_response_data};
use cw20::MinterResponse;

/// The token a contract asks to be made, as its instantiation message names it.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub code_id: u64,
    pub name: String,
    pub symbol: String,
    pub decimals: u8,
}

/// Why a token was not made, or its address not recorded.
#[derive(Debug, PartialEq)]
pub enum IssueError {
    InvalidCodeId,
    InvalidName { name: String },
    InvalidSymbol { symbol: String },
    InvalidDecimals { decimals: u8 },
    UnknownReplyId { id: u64 },
    InstantiationFailed { reason: String },
    MissingAddress,
    ParseReply(ParseReplyError),
    Std(StdError),
}

impl From<ParseReplyError> for IssueError {
    fn from(error: ParseReplyError) -> Self {
        IssueError::ParseReply(error)
    }
}

impl From<StdError> for IssueError {
    fn from(error: StdError) -> Self {
        IssueError::Std(error)
    }
}

impl Token {
    /// The code id must name a code, and the rules cw20-base applies are checked here so that
    /// a bad name gets a clear refusal at instantiation rather than a failed submessage.
    pub fn validate(&self) -> Result<(), IssueError> {
        if self.code_id == 0 {
            return Err(IssueError::InvalidCodeId);
        }
        if !(3..=50).contains(&self.name.len()) {
            return Err(IssueError::InvalidName {
                name: self.name.clone(),
            });
        }
        let symbol = &self.symbol;
        if !(3..=12).contains(&symbol.len())
            || !symbol.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-')
        {
            return Err(IssueError::InvalidSymbol {
                symbol: symbol.clone(),
            });
        }
        if self.decimals > 18 {
            return Err(IssueError::InvalidDecimals {
                decimals: self.decimals,
            });
        }
        Ok(())
    }

    /// The submessage that instantiates the token with `issuer` as its only minter and its
    /// wasm admin, asking `registry` about every holder; its reply (on success only) comes
    /// back with `reply_id`. The label reads `"<symbol> <kind>"`.
    pub fn instantiate(
        self,
        issuer: &Addr,
        registry: &Addr,
        kind: &str,
        reply_id: u64,
    ) -> StdResult<SubMsg> {
        let label = format!("{} {kind}", self.symbol);
        let msg = ledger_types::token::InstantiateMsg {
            name: self.name,
            symbol: self.symbol,
            decimals: self.decimals,
            initial_balances: vec![],
            mint: Some(MinterResponse {
                minter: issuer.to_string(),
                cap: None,
            }),
            registry: registry.to_string(),
        };
        let instantiate = WasmMsg::Instantiate {
            admin: Some(issuer.to_string()),
            code_id: self.code_id,
            msg: to_json_binary(&msg)?,
            funds: vec![],
            label,
        };
        Ok(SubMsg::reply_on_success(instantiate, reply_id))
    }
}

/// The address of the token the reply `msg` reports, if it is the reply to `reply_id`.
pub fn issued_token(msg: Reply, reply_id: u64) -> Result<String, IssueError> {
    if msg.id != reply_id {
        return Err(IssueError::UnknownReplyId { id: msg.id });
    }
    let response = msg
        .result
        .into_result()
        .map_err(|reason| IssueError::InstantiationFailed { reason })?;
    instantiated_address(&response)
}

/// Records in `token` the address of the token the reply `msg` reports (if it is the reply to
/// `reply_id`), and answers with the `instantiate_token` action: the whole `reply` of a
/// contract whose only submessage is its token's instantiation.
pub fn record_issued_token(
    deps: DepsMut,
    msg: Reply,
    reply_id: u64,
    token: &Item<Addr>,
) -> Result<Response, IssueError> {
    let address = deps.api.addr_validate(&issued_token(msg, reply_id)?)?;
    token.save(deps.storage, &address)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate_token")
        .add_attribute("token", address))
}

/// The new contract's address: from the message response (CosmWasm 2), else the deprecated
/// data field (older chains), else the `instantiate` event.
fn instantiated_address(response: &SubMsgResponse) -> Result<String, IssueError> {
    if let Some(first) = response.msg_responses.first() {
        return Ok(parse_instantiate_response_data(first.value.as_slice())?.contract_address);
    }
    #[allow(deprecated)]
    if let Some(data) = &response.data {
        return Ok(parse_instantiate_response_data(data.as_slice())?.contract_address);
    }
    response
        .events
        .iter()
        .filter(|event| event.ty == "instantiate")
        .flat_map(|event| event.attributes.iter())
        .find(|attr| attr.key == "_contract_address")
        .map(|attr| attr.value.clone())
        .ok_or(IssueError::MissingAddress)
}

/// Maps [`IssueError`] onto a contract's own variants, which every issuing contract names
/// alike: `InvalidTokenCodeId {}`, `InvalidTokenName { name }`, `InvalidTokenSymbol { symbol }`,
/// `InvalidTokenDecimals { decimals }`, `UnknownReplyId { id }`,
/// `TokenInstantiationFailed { reason }`, `MissingTokenAddress {}`, and wraps `ParseReplyError`
/// and `StdError` with its `From` impls.
#[macro_export]
macro_rules! issue_errors {
    ($error:ident) => {
        impl From<$crate::issuance::IssueError> for $error {
            fn from(error: $crate::issuance::IssueError) -> Self {
                use $crate::issuance::IssueError;
                match error {
                    IssueError::InvalidCodeId => $error::InvalidTokenCodeId {},
                    IssueError::InvalidName { name } => $error::InvalidTokenName { name },
                    IssueError::InvalidSymbol { symbol } => $error::InvalidTokenSymbol { symbol },
                    IssueError::InvalidDecimals { decimals } => {
                        $error::InvalidTokenDecimals { decimals }
                    }
                    IssueError::UnknownReplyId { id } => $error::UnknownReplyId { id },
                    IssueError::InstantiationFailed { reason } => {
                        $error::TokenInstantiationFailed { reason }
                    }
                    IssueError::MissingAddress => $error::MissingTokenAddress {},
                    IssueError::ParseReply(error) => error.into(),
                    IssueError::Std(error) => error.into(),
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockApi;
    use cosmwasm_std::{Binary, CosmosMsg, Event, MsgResponse, SubMsgResult, from_json};

    fn token() -> Token {
        Token {
            code_id: 7,
            name: "Settlement Yuan".into(),
            symbol: "SYN".into(),
            decimals: 2,
        }
    }

    #[test]
    fn the_token_is_made_with_the_issuer_as_minter_and_admin() {
        let api = MockApi::default();
        let (issuer, registry) = (api.addr_make("issuer"), api.addr_make("registry"));
        let sub = token()
            .instantiate(&issuer, &registry, "settlement token", 1)
            .unwrap();
        assert_eq!(sub.id, 1);
        let CosmosMsg::Wasm(WasmMsg::Instantiate {
            admin,
            code_id,
            msg,
            label,
            funds,
        }) = sub.msg
        else {
            panic!("expected an instantiation");
        };
        assert_eq!((admin, code_id), (Some(issuer.to_string()), 7));
        assert_eq!(label, "SYN settlement token");
        assert!(funds.is_empty());
        let msg: ledger_types::token::InstantiateMsg = from_json(msg).unwrap();
        assert_eq!(msg.registry, registry.to_string());
        assert_eq!(msg.mint.unwrap().minter, issuer.to_string());
        assert!(msg.initial_balances.is_empty());
    }

    #[test]
    fn bad_settings_are_refused_in_order() {
        let cases = [
            (
                Token {
                    code_id: 0,
                    name: "X".into(),
                    ..token()
                },
                IssueError::InvalidCodeId,
            ),
            (
                Token {
                    name: "SY".into(),
                    ..token()
                },
                IssueError::InvalidName { name: "SY".into() },
            ),
            (
                Token {
                    symbol: "SY1".into(),
                    ..token()
                },
                IssueError::InvalidSymbol {
                    symbol: "SY1".into(),
                },
            ),
            (
                Token {
                    decimals: 19,
                    ..token()
                },
                IssueError::InvalidDecimals { decimals: 19 },
            ),
        ];
        for (bad, expected) in cases {
            assert_eq!(bad.validate(), Err(expected));
        }
        assert_eq!(token().validate(), Ok(()));
    }

    #[test]
    fn the_address_is_read_from_the_event_when_nothing_else_carries_it() {
        let reply = |id, result| Reply {
            id,
            payload: Binary::default(),
            gas_used: 0,
            result,
        };
        #[allow(deprecated)]
        let from_event = SubMsgResponse {
            events: vec![Event::new("instantiate").add_attribute("_contract_address", "tok")],
            data: None,
            msg_responses: vec![],
        };
        assert_eq!(
            issued_token(reply(1, SubMsgResult::Ok(from_event.clone())), 1),
            Ok("tok".to_string())
        );
        assert_eq!(
            issued_token(reply(2, SubMsgResult::Ok(from_event)), 1),
            Err(IssueError::UnknownReplyId { id: 2 })
        );
        #[allow(deprecated)]
        let bad = SubMsgResponse {
            events: vec![],
            data: None,
            msg_responses: vec![MsgResponse {
                type_url: "/cosmwasm.wasm.v1.MsgInstantiateContractResponse".into(),
                value: Binary::from(vec![0xff]),
            }],
        };
        assert!(matches!(
            issued_token(reply(1, SubMsgResult::Ok(bad)), 1),
            Err(IssueError::ParseReply(_))
        ));
    }
}
