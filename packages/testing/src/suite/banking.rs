//! The bank and its settlement token in the Suite: deposits, prepayments, settlement,
//! payments and redemptions, the token's balances, and the books' invariants.

use std::collections::BTreeMap;

use cosmwasm_std::{Addr, StdResult, Uint128, to_json_binary};
use cw_multi_test::error::AnyResult;
use cw_multi_test::{AppResponse, Executor};
use cw20::{AllAccountsResponse, BalanceResponse, Cw20Coin, Cw20ExecuteMsg, TokenInfoResponse};
use ledger_types::bank::{
    self, BillAccount, Instalment, InstalmentStatus, Payment, PrepaidResponse, ReceiveMsg,
    Redemption, TotalsResponse,
};
use serde::Serialize;

use super::Suite;

use crate::pages::read_all;

impl Suite {
    // ---------------------------------------------------------------- bank actions

    pub fn deposit(
        &mut self,
        sender: &Addr,
        reference: &str,
        recipient: &Addr,
        amount: u128,
        prepay: bool,
    ) -> AnyResult<AppResponse> {
        self.execute_bank(
            sender,
            &bank::ExecuteMsg::Deposit {
                reference: reference.to_string(),
                recipient: recipient.to_string(),
                amount: Uint128::new(amount),
                prepay,
            },
        )
    }

    /// Sends settlement tokens to the bank with a hook message.
    pub fn send_to_bank(
        &mut self,
        sender: &Addr,
        amount: u128,
        hook: &ReceiveMsg,
    ) -> AnyResult<AppResponse> {
        let (token, bank) = (self.token.clone(), self.bank.clone());
        self.cw20_send(&token, sender, &bank, amount, hook)
    }

    /// Moves tokens from the sender's wallet to their prepaid balance at the bank.
    pub fn prepay(&mut self, sender: &Addr, amount: u128) -> AnyResult<AppResponse> {
        self.send_to_bank(sender, amount, &ReceiveMsg::Prepay {})
    }

    /// Escrows tokens at the bank until an operator pays out the fiat.
    pub fn request_redemption(
        &mut self,
        sender: &Addr,
        amount: u128,
        payout_account: &str,
    ) -> AnyResult<AppResponse> {
        self.send_to_bank(
            sender,
            amount,
            &ReceiveMsg::RequestRedemption {
                payout_account: payout_account.to_string(),
            },
        )
    }

    pub fn redeem(
        &mut self,
        sender: &Addr,
        request_id: u64,
        payout_reference: &str,
    ) -> AnyResult<AppResponse> {
        self.execute_bank(
            sender,
            &bank::ExecuteMsg::Redeem {
                request_id,
                payout_reference: payout_reference.to_string(),
            },
        )
    }

    pub fn settle(&mut self, sender: &Addr, limit: Option<u32>) -> AnyResult<AppResponse> {
        self.execute_bank(sender, &bank::ExecuteMsg::Settle { limit })
    }

    pub fn make_payment(
        &mut self,
        sender: &Addr,
        meter_id: &str,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        self.execute_bank(
            sender,
            &bank::ExecuteMsg::MakePayment {
                meter_id: meter_id.to_string(),
                amount: Uint128::new(amount),
            },
        )
    }

    pub fn transfer(
        &mut self,
        sender: &Addr,
        recipient: &Addr,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        self.execute_token(
            sender,
            &Cw20ExecuteMsg::Transfer {
                recipient: recipient.to_string(),
                amount: Uint128::new(amount),
            },
        )
    }

    // bank

    pub fn bank_totals(&self) -> TotalsResponse {
        self.query(&self.bank, &bank::QueryMsg::Totals {})
            .expect("bank totals")
    }

    pub fn deposit_record(&self, reference: &str) -> StdResult<bank::Deposit> {
        self.query(
            &self.bank,
            &bank::QueryMsg::Deposit {
                reference: reference.to_string(),
            },
        )
    }

    /// A consumer's prepaid balance at the bank.
    pub fn prepaid(&self, consumer: &Addr) -> u128 {
        let res: PrepaidResponse = self
            .query(
                &self.bank,
                &bank::QueryMsg::Prepaid {
                    consumer: consumer.to_string(),
                },
            )
            .expect("prepaid");
        res.balance.u128()
    }

    /// Every prepaid balance, every page.
    pub fn prepaid_balances(&self) -> Vec<PrepaidResponse> {
        read_all(|last: Option<&PrepaidResponse>| {
            let page: bank::PrepaidListResponse = self
                .query(
                    &self.bank,
                    &bank::QueryMsg::PrepaidBalances {
                        start_after: last.map(|p| p.consumer.to_string()),
                        limit: None,
                    },
                )
                .expect("prepaid balances");
            page.balances
        })
    }

    pub fn credit(&self, meter_id: &str) -> u128 {
        let credit: Uint128 = self
            .query(
                &self.bank,
                &bank::QueryMsg::Credit {
                    meter_id: meter_id.to_string(),
                },
            )
            .expect("credit");
        credit.u128()
    }

    pub fn instalment(&self, id: u64) -> StdResult<Instalment> {
        self.query(&self.bank, &bank::QueryMsg::Instalment { id })
    }

    /// Every instalment of a meter, every page.
    pub fn instalments(&self, meter_id: &str) -> Vec<Instalment> {
        read_all(|last: Option<&Instalment>| {
            let page: bank::InstalmentsResponse = self
                .query(
                    &self.bank,
                    &bank::QueryMsg::InstalmentsByMeter {
                        meter_id: meter_id.to_string(),
                        start_after: last.map(|i| i.id),
                        limit: None,
                    },
                )
                .expect("instalments");
            page.instalments
        })
    }

    /// A meter's instalments of a period.
    pub fn period_instalments(&self, meter_id: &str, period: u32) -> Vec<Instalment> {
        self.instalments(meter_id)
            .into_iter()
            .filter(|i| i.period == period)
            .collect()
    }

    /// Every overdue instalment, every page.
    pub fn overdue(&self) -> Vec<Instalment> {
        read_all(|last: Option<&Instalment>| {
            let page: bank::InstalmentsResponse = self
                .query(
                    &self.bank,
                    &bank::QueryMsg::Overdue {
                        start_after: last.map(|i| (i.due, i.id)),
                        limit: None,
                    },
                )
                .expect("overdue");
            page.instalments
        })
    }

    pub fn bill_account(&self, meter_id: &str, period: u32) -> StdResult<BillAccount> {
        self.query(
            &self.bank,
            &bank::QueryMsg::BillAccount {
                meter_id: meter_id.to_string(),
                period,
            },
        )
    }

    /// Every payment of a consumer, every page.
    pub fn payments(&self, consumer: &Addr) -> Vec<Payment> {
        read_all(|last: Option<&Payment>| {
            let page: bank::PaymentsResponse = self
                .query(
                    &self.bank,
                    &bank::QueryMsg::PaymentsByConsumer {
                        consumer: consumer.to_string(),
                        start_after: last.map(|p| p.id),
                        limit: None,
                    },
                )
                .expect("payments");
            page.payments
        })
    }

    /// Every payment recorded against a bill, every page.
    pub fn bill_payments(&self, meter_id: &str, period: u32) -> Vec<Payment> {
        read_all(|last: Option<&Payment>| {
            let page: bank::PaymentsResponse = self
                .query(
                    &self.bank,
                    &bank::QueryMsg::PaymentsByBill {
                        meter_id: meter_id.to_string(),
                        period,
                        start_after: last.map(|p| p.id),
                        limit: None,
                    },
                )
                .expect("bill payments");
            page.payments
        })
    }

    pub fn redemption(&self, id: u64) -> StdResult<Redemption> {
        self.query(&self.bank, &bank::QueryMsg::Redemption { id })
    }

    /// Every redemption request, every page.
    pub fn redemptions(&self) -> Vec<Redemption> {
        read_all(|last: Option<&Redemption>| {
            let page: bank::RedemptionsResponse = self
                .query(
                    &self.bank,
                    &bank::QueryMsg::Redemptions {
                        start_after: last.map(|r| r.id),
                        limit: None,
                    },
                )
                .expect("redemptions");
            page.redemptions
        })
    }

    // token

    /// A wallet's settlement-token balance.
    pub fn balance(&self, address: &Addr) -> u128 {
        self.cw20_balance(&self.token, address)
    }

    pub fn token_supply(&self) -> u128 {
        self.cw20_supply(&self.token)
    }

    /// Every token holder with their balance, every page.
    pub fn token_holders(&self) -> Vec<(Addr, u128)> {
        self.cw20_holders(&self.token)
    }

    /// Sends `amount` of any cw20 token to a contract with a hook message (cw20 `Send`).
    pub fn cw20_send(
        &mut self,
        token: &Addr,
        sender: &Addr,
        contract: &Addr,
        amount: u128,
        hook: &impl Serialize,
    ) -> AnyResult<AppResponse> {
        let msg = Cw20ExecuteMsg::Send {
            contract: contract.to_string(),
            amount: Uint128::new(amount),
            msg: to_json_binary(hook)?,
        };
        self.app
            .execute_contract(sender.clone(), token.clone(), &msg, &[])
    }

    /// A real cw20 token of the settlement token's code that none of the ledger's contracts
    /// accepts, `amount` of it held by `holder`: the counterfeit a contract must refuse.
    pub fn counterfeit_token(
        &mut self,
        creator: &Addr,
        holder: &Addr,
        (name, symbol): (&str, &str),
        amount: u128,
    ) -> Addr {
        let msg = ledger_types::token::InstantiateMsg {
            name: name.into(),
            symbol: symbol.into(),
            decimals: 2,
            initial_balances: vec![Cw20Coin {
                address: holder.to_string(),
                amount: Uint128::new(amount),
            }],
            mint: None,
            registry: self.admin.to_string(),
        };
        self.app
            .instantiate_contract(
                self.codes.token,
                creator.clone(),
                &msg,
                &[],
                "counterfeit",
                None,
            )
            .expect("instantiate a counterfeit token")
    }

    /// Asserts that a cw20 token's supply is the sum of all its balances; returns the supply.
    pub fn assert_cw20_supply_held(&self, token: &Addr) -> u128 {
        let supply = self.cw20_supply(token);
        let held: u128 = self.cw20_holders(token).iter().map(|(_, b)| b).sum();
        assert_eq!(
            supply, held,
            "token supply differs from the sum of balances"
        );
        supply
    }

    /// A wallet's balance of any cw20 token.
    pub fn cw20_balance(&self, token: &Addr, address: &Addr) -> u128 {
        let res: BalanceResponse = self
            .query(
                token,
                &cw20::Cw20QueryMsg::Balance {
                    address: address.to_string(),
                },
            )
            .unwrap_or_else(|e| panic!("balance of {address} at {token}: {e}"));
        res.balance.u128()
    }

    /// The total supply of any cw20 token.
    pub fn cw20_supply(&self, token: &Addr) -> u128 {
        let res: TokenInfoResponse = self
            .query(token, &cw20::Cw20QueryMsg::TokenInfo {})
            .unwrap_or_else(|e| panic!("token info of {token}: {e}"));
        res.total_supply.u128()
    }

    /// Every holder of any cw20 token with their balance, every page.
    pub fn cw20_holders(&self, token: &Addr) -> Vec<(Addr, u128)> {
        read_all(|last: Option<&String>| {
            let page: AllAccountsResponse = self
                .query(
                    token,
                    &cw20::Cw20QueryMsg::AllAccounts {
                        start_after: last.cloned(),
                        limit: Some(30),
                    },
                )
                .unwrap_or_else(|e| panic!("accounts of {token}: {e}"));
            page.accounts
        })
        .into_iter()
        .map(|a| {
            let addr = Addr::unchecked(a);
            let balance = self.cw20_balance(token, &addr);
            (addr, balance)
        })
        .collect()
    }

    // ---------------------------------------------------------------- assertions

    /// The token's books balance: supply is the sum of all balances, the bank holds exactly
    /// the prepaid balances and escrowed redemptions, and minted minus burned is the supply.
    pub fn assert_token_conservation(&self) {
        let token = self.token.clone();
        let supply = self.assert_cw20_supply_held(&token);
        let totals = self.bank_totals();
        assert_eq!(
            self.balance(&self.bank),
            totals.prepaid.u128() + totals.escrowed.u128(),
            "bank's token balance differs from prepaid + escrowed ({totals:?})"
        );
        assert_eq!(
            totals.minted.u128() - totals.burned.u128(),
            supply,
            "minted - burned differs from supply ({totals:?})"
        );
        let prepaid: u128 = self
            .prepaid_balances()
            .iter()
            .map(|p| p.balance.u128())
            .sum();
        assert_eq!(
            prepaid,
            totals.prepaid.u128(),
            "prepaid balances differ from total"
        );
    }

    /// No instalment of the meter is paid beyond its amount, each one's payments add up to
    /// what it records as paid, and a paid instalment is paid in full.
    pub fn assert_instalments_sound(&self, meter_id: &str) {
        let instalments = self.instalments(meter_id);
        let mut by_instalment: BTreeMap<u64, u128> = BTreeMap::new();
        let mut periods: Vec<u32> = instalments.iter().map(|i| i.period).collect();
        periods.sort_unstable();
        periods.dedup();
        for period in periods {
            for p in self.bill_payments(meter_id, period) {
                *by_instalment.entry(p.instalment_id).or_default() += p.amount.u128();
            }
        }
        for i in &instalments {
            assert!(
                i.paid <= i.amount,
                "instalment paid beyond its amount: {i:?}"
            );
            assert_eq!(
                by_instalment.get(&i.id).copied().unwrap_or_default(),
                i.paid.u128(),
                "payments of instalment {} differ from its paid amount",
                i.id
            );
            if i.status == InstalmentStatus::Paid {
                assert_eq!(i.paid, i.amount, "paid instalment not paid in full: {i:?}");
            }
        }
    }
}
