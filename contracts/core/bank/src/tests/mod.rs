//! Unit tests of the bank with a mocked admin contract and a small in-test token ledger that
//! applies the cw20 messages the bank emits, so that the books can be checked against the
//! tokens after every step.

mod billing;
mod fixtures;
mod lifecycle;
mod make_payment;
mod queries;
mod regional;
mod settle;
mod tokens;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use cosmwasm_std::testing::{
    MockApi, MockQuerier, MockStorage, message_info, mock_dependencies, mock_env,
};
use cosmwasm_std::{
    Addr, Binary, Coin, ContractResult, CosmosMsg, Env, Event, MsgResponse, Order, OwnedDeps,
    Reply, Response, Storage, SubMsgResponse, SubMsgResult, SystemResult, Timestamp, Uint128,
    WasmMsg, WasmQuery, coins, from_json, to_json_binary,
};
use cw_utils::PaymentError;
use cw20::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use ledger_types::admin::{
    MeterInfo, MeterStatus, Participant, ParticipantStatus, QueryMsg as AdminQuery, Role, Standing,
};
use ledger_types::bank::{
    AdvanceNotice, AdvanceTerm, BillAccount, BillNotice, ExecuteMsg, Instalment,
    InstalmentsResponse, InstantiateMsg, Payment, PaymentsResponse, PrepaidListResponse,
    PrepaidResponse, QueryMsg, ReceiveMsg, RedemptionsResponse, TotalsResponse,
};
use serde::de::DeserializeOwned;

use crate::ContractError;
use crate::contract::{execute, instantiate, query, reply};
use crate::instantiate::TOKEN_REPLY_ID;
pub use fixtures::*;

/// Seconds in a day.
pub const DAY: u64 = 86_400;
/// Block time at the start of every test.
pub const T0: u64 = 1_700_000_000;
/// Code id of cw20-base in the tests.
pub const TOKEN_CODE_ID: u64 = 7;

/// The world of a test: the bank with mocked dependencies, the admin registry and the token's
/// balances.
pub struct Suite {
    pub deps: OwnedDeps<MockStorage, MockApi, MockQuerier>,
    pub env: Env,
    pub registry: Rc<RefCell<Registry>>,
    /// Token balances as cw20-base would hold them after the bank's messages.
    pub balances: BTreeMap<Addr, Uint128>,
    /// Deposits made by `fund`, for unique references.
    pub funded: u32,
    /// Sum of the bank's transfers to retailers.
    pub transferred: Uint128,
    pub who: Cast,
}

/// The addresses of a test's world.
#[derive(Clone)]
pub struct Cast {
    pub admin: Addr,
    pub token: Addr,
    pub bank: Addr,
    pub operator: Addr,
    pub stranger: Addr,
    pub alice: Addr,
    pub bob: Addr,
    pub carol: Addr,
    pub retailer: Addr,
    pub retailer2: Addr,
    pub alice_meter: Addr,
    pub bob_meter: Addr,
    pub carol_meter: Addr,
    /// The router, recorded as the contract of a meter made regional ([`Suite::make_regional`]).
    pub router: Addr,
}

/// The billing period the tests schedule and bill.
pub const P: u32 = 600;

/// Meter ids of the three consumers.
pub const M_ALICE: &str = "m-alice";
pub const M_BOB: &str = "m-bob";
pub const M_CAROL: &str = "m-carol";

impl Suite {
    /// The bank instantiated (token reply included) with a registry of one operator, three
    /// consumers with a meter each (alice and bob supplied by `retailer`, carol by `retailer2`).
    pub fn new() -> Suite {
        let mut suite = Suite::bare();
        let msg = instantiate_msg(&suite.who.admin);
        suite.instantiate_bank(msg, &[]).unwrap();
        let token = suite.who.token.clone();
        suite
            .reply_token(token_reply(
                TOKEN_REPLY_ID,
                vec![MsgResponse {
                    type_url: "/cosmwasm.wasm.v1.MsgInstantiateContractResponse".to_string(),
                    value: instantiate_response(token.as_str()),
                }],
                None,
            ))
            .unwrap();
        suite
    }

    /// [`Suite::new`] with Alice's period [`P`] scheduled: an estimate of 1_000 on the
    /// [`default_terms`] from `T0` (instalments 1 of 300 and 2 of 400).
    pub fn with_advances() -> Suite {
        let mut suite = Suite::new();
        suite
            .schedule(M_ALICE, P, 1_000, &default_terms(T0))
            .unwrap();
        suite
    }

    /// Mocks and registry, bank not instantiated.
    pub fn bare() -> Suite {
        let mut deps = mock_dependencies();
        let api = deps.api;
        let mut env = mock_env();
        env.block.time = Timestamp::from_seconds(T0);
        let admin = api.addr_make("admin");
        let operator = api.addr_make("operator");
        let alice = api.addr_make("alice");
        let bob = api.addr_make("bob");
        let carol = api.addr_make("carol");
        let retailer = api.addr_make("retailer");
        let retailer2 = api.addr_make("retailer2");
        let alice_meter = api.addr_make("alice-meter");
        let bob_meter = api.addr_make("bob-meter");
        let carol_meter = api.addr_make("carol-meter");

        let mut registry = Registry {
            operators: vec![operator.clone()],
            ..Registry::default()
        };
        for (who, roles, contract) in [
            (&operator, vec![Role::BankOperator], None),
            (&alice, vec![Role::Consumer], Some(alice_meter.clone())),
            (&bob, vec![Role::Consumer], Some(bob_meter.clone())),
            (&carol, vec![Role::Consumer], Some(carol_meter.clone())),
            (&retailer, vec![Role::Retailer], None),
            (&retailer2, vec![Role::Retailer], None),
        ] {
            registry
                .participants
                .insert(who.clone(), participant(who, roles, contract));
        }
        for (id, owner, supplier, contract) in [
            (M_ALICE, &alice, &retailer, &alice_meter),
            (M_BOB, &bob, &retailer, &bob_meter),
            (M_CAROL, &carol, &retailer2, &carol_meter),
        ] {
            registry
                .meters
                .insert(id.to_string(), meter(id, owner, supplier, contract));
        }
        let registry = Rc::new(RefCell::new(registry));
        let handler_registry = registry.clone();
        let handler_admin = admin.clone();
        deps.querier.update_wasm(move |query| match query {
            WasmQuery::Smart { contract_addr, msg }
                if contract_addr.as_str() == handler_admin.as_str() =>
            {
                SystemResult::Ok(handler_registry.borrow().answer(msg))
            }
            _ => SystemResult::Ok(ContractResult::Err("no such contract".to_string())),
        });

        let who = Cast {
            token: api.addr_make("token"),
            router: api.addr_make("router"),
            bank: env.contract.address.clone(),
            stranger: api.addr_make("stranger"),
            admin,
            operator,
            alice,
            bob,
            carol,
            retailer,
            retailer2,
            alice_meter,
            bob_meter,
            carol_meter,
        };
        Suite {
            deps,
            env,
            registry,
            balances: BTreeMap::new(),
            funded: 0,
            transferred: Uint128::zero(),
            who,
        }
    }

    /// Instantiates the bank as "stranger" with `funds` attached.
    pub fn instantiate_bank(
        &mut self,
        msg: InstantiateMsg,
        funds: &[Coin],
    ) -> Result<Response, ContractError> {
        let info = message_info(&self.who.stranger, funds);
        instantiate(self.deps.as_mut(), self.env.clone(), info, msg)
    }

    /// Answers the bank's submessage with `reply`.
    pub fn reply_token(&mut self, msg: Reply) -> Result<Response, ContractError> {
        reply(self.deps.as_mut(), self.env.clone(), msg)
    }

    // --- time and registry -------------------------------------------------------------------

    pub fn set_time(&mut self, seconds: u64) {
        self.env.block.time = Timestamp::from_seconds(seconds);
    }

    pub fn blacklist(&mut self, who: &Addr) {
        if let Some(p) = self.registry.borrow_mut().participants.get_mut(who) {
            p.blacklisted = Some("sanctioned".to_string());
        }
    }

    pub fn unblacklist(&mut self, who: &Addr) {
        if let Some(p) = self.registry.borrow_mut().participants.get_mut(who) {
            p.blacklisted = None;
        }
    }

    // --- actions -----------------------------------------------------------------------------

    /// Runs an execute message; on success applies its token messages to the balances.
    pub fn exec(&mut self, sender: &Addr, msg: ExecuteMsg) -> Result<Response, ContractError> {
        let info = message_info(sender, &[]);
        let res = execute(self.deps.as_mut(), self.env.clone(), info, msg)?;
        self.apply_token_msgs(&res);
        Ok(res)
    }

    /// Runs an execute message with native funds attached.
    pub fn exec_paid(&mut self, sender: &Addr, msg: ExecuteMsg) -> Result<Response, ContractError> {
        let info = message_info(sender, &coins(5, "ustake"));
        execute(self.deps.as_mut(), self.env.clone(), info, msg)
    }

    /// Runs an execute message as the bank operator.
    pub fn as_operator(&mut self, msg: ExecuteMsg) -> Result<Response, ContractError> {
        let operator = self.who.operator.clone();
        self.exec(&operator, msg)
    }

    fn apply_token_msgs(&mut self, res: &Response) {
        for sub in &res.messages {
            let CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr, msg, ..
            }) = &sub.msg
            else {
                continue;
            };
            // Bill payments for the router are read by `router_msgs`.
            if *contract_addr == self.who.router.to_string() {
                continue;
            }
            assert_eq!(
                *contract_addr,
                self.who.token.to_string(),
                "message to a non-token"
            );
            let bank = self.who.bank.clone();
            match from_json::<Cw20ExecuteMsg>(msg).unwrap() {
                Cw20ExecuteMsg::Mint { recipient, amount } => {
                    self.credit(&Addr::unchecked(recipient), amount)
                }
                Cw20ExecuteMsg::Transfer { recipient, amount } => {
                    self.transferred += amount;
                    self.debit(&bank, amount);
                    self.credit(&Addr::unchecked(recipient), amount);
                }
                Cw20ExecuteMsg::Burn { amount } => self.debit(&bank, amount),
                other => panic!("unexpected token message {other:?}"),
            }
        }
    }

    fn credit(&mut self, who: &Addr, amount: Uint128) {
        *self.balances.entry(who.clone()).or_default() += amount;
    }

    fn debit(&mut self, who: &Addr, amount: Uint128) {
        let balance = self.balances.entry(who.clone()).or_default();
        *balance = balance
            .checked_sub(amount)
            .unwrap_or_else(|_| panic!("{who} cannot pay {amount} from {balance}"));
    }

    pub fn balance(&self, who: &Addr) -> Uint128 {
        self.balances.get(who).copied().unwrap_or_default()
    }

    pub fn deposit(
        &mut self,
        reference: &str,
        recipient: &Addr,
        amount: u128,
        prepay: bool,
    ) -> Result<Response, ContractError> {
        self.as_operator(ExecuteMsg::Deposit {
            reference: reference.to_string(),
            recipient: recipient.to_string(),
            amount: Uint128::new(amount),
            prepay,
        })
    }

    /// cw20 `Send` of `amount` from `from`'s wallet to the bank with a hook message: the
    /// token moves first and moves back if the bank refuses, as on chain.
    pub fn send(
        &mut self,
        from: &Addr,
        amount: u128,
        hook: &ReceiveMsg,
    ) -> Result<Response, ContractError> {
        let amount = Uint128::new(amount);
        let bank = self.who.bank.clone();
        self.debit(from, amount);
        self.credit(&bank, amount);
        let token = self.who.token.clone();
        let res = self.exec(&token, receive_msg(from, amount.u128(), hook));
        if res.is_err() {
            self.debit(&bank, amount);
            self.credit(from, amount);
        }
        res
    }

    /// Mints straight to `who`'s prepaid balance.
    pub fn fund(&mut self, who: &Addr, amount: u128) {
        self.funded += 1;
        let reference = format!("fund-{}", self.funded);
        self.deposit(&reference, who, amount, true).unwrap();
    }

    pub fn prepay(&mut self, who: &Addr, amount: u128) -> Result<Response, ContractError> {
        self.send(who, amount, &ReceiveMsg::Prepay {})
    }

    /// Moves meter `meter_id` to region "north": the registry records the router as its
    /// contract, so its notices come from the router.
    pub fn make_regional(&mut self, meter_id: &str) {
        let router = self.who.router.clone();
        let mut registry = self.registry.borrow_mut();
        let meter = registry.meters.get_mut(meter_id).expect("a known meter");
        meter.region = Some("north".to_string());
        meter.contract = router;
    }

    pub fn meter_contract(&self, meter_id: &str) -> Addr {
        self.registry.borrow().meters[meter_id].contract.clone()
    }

    /// Sends `msg` as the contract of meter `meter_id`.
    pub fn exec_as_meter(
        &mut self,
        meter_id: &str,
        msg: ExecuteMsg,
    ) -> Result<Response, ContractError> {
        let sender = self.meter_contract(meter_id);
        self.exec(&sender, msg)
    }

    pub fn schedule(
        &mut self,
        meter_id: &str,
        period: u32,
        estimate: u128,
        terms: &[(u16, u64)],
    ) -> Result<Response, ContractError> {
        let notice = advance_notice(meter_id, period, estimate, terms);
        self.exec_as_meter(meter_id, ExecuteMsg::ScheduleAdvances(notice))
    }

    /// The bill's meter contract records it.
    pub fn record_bill(&mut self, bill: BillNotice) -> Result<Response, ContractError> {
        let meter_id = bill.meter_id.clone();
        self.exec_as_meter(&meter_id, ExecuteMsg::RecordBill(bill))
    }

    pub fn settle(&mut self, limit: Option<u32>) -> Result<Response, ContractError> {
        let stranger = self.who.stranger.clone();
        self.exec(&stranger, ExecuteMsg::Settle { limit })
    }

    pub fn make_payment(
        &mut self,
        meter_id: &str,
        amount: u128,
    ) -> Result<Response, ContractError> {
        self.as_operator(ExecuteMsg::MakePayment {
            meter_id: meter_id.to_string(),
            amount: Uint128::new(amount),
        })
    }

    // --- queries -----------------------------------------------------------------------------

    pub fn query<T: DeserializeOwned>(&self, msg: QueryMsg) -> T {
        from_json(query(self.deps.as_ref(), self.env.clone(), msg).unwrap()).unwrap()
    }

    pub fn query_err(&self, msg: QueryMsg) -> ContractError {
        query(self.deps.as_ref(), self.env.clone(), msg).unwrap_err()
    }

    /// The ids of the instalments a list query answers with.
    pub fn instalment_ids(&self, msg: QueryMsg) -> Vec<u64> {
        let res: InstalmentsResponse = self.query(msg);
        res.instalments.into_iter().map(|i| i.id).collect()
    }

    /// The ids of the payments a list query answers with.
    pub fn payment_ids(&self, msg: QueryMsg) -> Vec<u64> {
        let res: PaymentsResponse = self.query(msg);
        res.payments.into_iter().map(|p| p.id).collect()
    }

    pub fn totals(&self) -> TotalsResponse {
        self.query(QueryMsg::Totals {})
    }

    pub fn prepaid(&self, who: &Addr) -> Uint128 {
        let res: PrepaidResponse = self.query(QueryMsg::Prepaid {
            consumer: who.to_string(),
        });
        res.balance
    }

    pub fn credit_of(&self, meter_id: &str) -> Uint128 {
        self.query(QueryMsg::Credit {
            meter_id: meter_id.to_string(),
        })
    }

    pub fn instalment(&self, id: u64) -> Instalment {
        self.query(QueryMsg::Instalment { id })
    }

    pub fn instalments(&self, meter_id: &str) -> Vec<Instalment> {
        let res: InstalmentsResponse = self.query(QueryMsg::InstalmentsByMeter {
            meter_id: meter_id.to_string(),
            start_after: None,
            limit: Some(100),
        });
        res.instalments
    }

    pub fn overdue(&self) -> Vec<Instalment> {
        let res: InstalmentsResponse = self.query(QueryMsg::Overdue {
            start_after: None,
            limit: Some(100),
        });
        res.instalments
    }

    pub fn bill(&self, meter_id: &str, period: u32) -> BillAccount {
        self.query(QueryMsg::BillAccount {
            meter_id: meter_id.to_string(),
            period,
        })
    }

    pub fn payments_of(&self, consumer: &Addr) -> Vec<Payment> {
        let res: PaymentsResponse = self.query(QueryMsg::PaymentsByConsumer {
            consumer: consumer.to_string(),
            start_after: None,
            limit: Some(100),
        });
        res.payments
    }

    pub fn payments_of_bill(&self, meter_id: &str, period: u32) -> Vec<Payment> {
        let res: PaymentsResponse = self.query(QueryMsg::PaymentsByBill {
            meter_id: meter_id.to_string(),
            period,
            start_after: None,
            limit: Some(100),
        });
        res.payments
    }

    /// Everything observable through queries, plus the raw storage: equal before and after a
    /// refused message.
    pub fn snapshot(&self) -> Snapshot {
        let prepaid: PrepaidListResponse = self.query(QueryMsg::PrepaidBalances {
            start_after: None,
            limit: Some(100),
        });
        let redemptions: RedemptionsResponse = self.query(QueryMsg::Redemptions {
            start_after: None,
            limit: Some(100),
        });
        let meters = [M_ALICE, M_BOB, M_CAROL];
        Snapshot {
            totals: self.totals(),
            prepaid: prepaid.balances,
            credits: meters.iter().map(|m| self.credit_of(m)).collect(),
            instalments: meters.iter().flat_map(|m| self.instalments(m)).collect(),
            overdue: self.overdue(),
            payments: [&self.who.alice, &self.who.bob, &self.who.carol]
                .iter()
                .flat_map(|c| self.payments_of(c))
                .collect(),
            redemptions: redemptions.redemptions,
            storage: self
                .deps
                .storage
                .range(None, None, Order::Ascending)
                .collect(),
        }
    }

    /// Refused with exactly `expected`, and nothing changed.
    pub fn assert_refused(&mut self, sender: &Addr, msg: ExecuteMsg, expected: ContractError) {
        let before = self.snapshot();
        let balances = self.balances.clone();
        let err = self.exec(sender, msg).unwrap_err();
        assert_eq!(err, expected);
        assert_eq!(
            self.snapshot(),
            before,
            "state changed by a refused message"
        );
        assert_eq!(self.balances, balances);
    }

    /// Each message refused for `sender` with exactly its error, and nothing changed.
    pub fn assert_each_refused(&mut self, sender: &Addr, cases: Vec<(ExecuteMsg, ContractError)>) {
        for (msg, expected) in cases {
            self.assert_refused(sender, msg, expected);
        }
    }

    /// `msg` refused for each of `senders` as not a bank operator, and nothing changed.
    pub fn assert_operators_only(&mut self, senders: &[&Addr], msg: ExecuteMsg) {
        for sender in senders {
            let expected = ContractError::NotBankOperator {
                sender: (*sender).clone(),
            };
            self.assert_refused(sender, msg.clone(), expected);
        }
    }

    /// Refused as not payable when native funds come with it, and nothing changed.
    pub fn assert_refuses_funds(&mut self, sender: &Addr, msg: ExecuteMsg) {
        let before = self.snapshot();
        let err = self.exec_paid(sender, msg).unwrap_err();
        assert_eq!(err, ContractError::Payment(PaymentError::NonPayable {}));
        assert_eq!(self.snapshot(), before);
    }

    /// The books agree with the tokens: the bank holds exactly what is prepaid and escrowed,
    /// the supply is what was minted and not burned, the prepaid balances sum to their total,
    /// the transfers to retailers add up to what was paid out, and no instalment is paid beyond its amount.
    pub fn assert_books(&self) {
        let totals = self.totals();
        assert_eq!(
            self.balance(&self.who.bank),
            totals.prepaid + totals.escrowed,
            "bank balance vs prepaid + escrowed"
        );
        let supply: Uint128 = self.balances.values().copied().sum();
        assert_eq!(totals.minted - totals.burned, supply, "supply");
        let prepaid: PrepaidListResponse = self.query(QueryMsg::PrepaidBalances {
            start_after: None,
            limit: Some(100),
        });
        let prepaid_sum: Uint128 = prepaid.balances.iter().map(|b| b.balance).sum();
        assert_eq!(prepaid_sum, totals.prepaid, "prepaid balances vs total");
        assert_eq!(self.transferred, totals.paid_out, "paid out");
        for meter_id in [M_ALICE, M_BOB, M_CAROL] {
            for inst in self.instalments(meter_id) {
                assert!(inst.paid <= inst.amount, "instalment {} overpaid", inst.id);
            }
        }
    }
}

#[derive(Debug, PartialEq)]
pub struct Snapshot {
    totals: TotalsResponse,
    prepaid: Vec<PrepaidResponse>,
    credits: Vec<Uint128>,
    instalments: Vec<Instalment>,
    overdue: Vec<Instalment>,
    payments: Vec<Payment>,
    redemptions: Vec<ledger_types::bank::Redemption>,
    storage: Vec<(Vec<u8>, Vec<u8>)>,
}
