//! Alice's money at the bank: deposits, payments, and what the bank shows of her bills.

use cosmwasm_std::Uint128;
use cw_multi_test::error::AnyResult;
use cw_multi_test::{AppResponse, Executor};
use ledger_types::bank::{self, BillAccount};

use super::{METER, World};

impl World {
    /// A bank operator mints `amount` into Alice's prepaid balance.
    pub fn fund_alice(&mut self, amount: u128) {
        self.deposits += 1;
        let msg = bank::ExecuteMsg::Deposit {
            reference: format!("sepa-{}", self.deposits),
            recipient: self.alice.to_string(),
            amount: Uint128::new(amount),
            prepay: true,
        };
        self.app
            .execute_contract(self.operator.clone(), self.bank.clone(), &msg, &[])
            .expect("deposit");
    }

    /// A bank operator pays `amount` of Alice's meter's open instalments.
    pub fn make_payment(&mut self, amount: u128) -> AnyResult<AppResponse> {
        let msg = bank::ExecuteMsg::MakePayment {
            meter_id: METER.to_string(),
            amount: Uint128::new(amount),
        };
        self.app
            .execute_contract(self.operator.clone(), self.bank.clone(), &msg, &[])
    }

    /// Anyone settles what has fallen due.
    pub fn settle(&mut self) -> AppResponse {
        let msg = bank::ExecuteMsg::Settle { limit: None };
        let alice = self.alice.clone();
        self.app
            .execute_contract(alice, self.bank.clone(), &msg, &[])
            .expect("settle")
    }

    /// What remains open on Alice's meter.
    pub fn due(&self) -> Uint128 {
        let instalments: bank::InstalmentsResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                &self.bank,
                &bank::QueryMsg::InstalmentsByMeter {
                    meter_id: METER.to_string(),
                    start_after: None,
                    limit: Some(100),
                },
            )
            .expect("instalments");
        instalments
            .instalments
            .iter()
            .filter(|i| {
                matches!(
                    i.status,
                    bank::InstalmentStatus::Open | bank::InstalmentStatus::Overdue
                )
            })
            .map(|i| i.amount - i.paid)
            .sum()
    }

    pub fn prepaid(&self) -> Uint128 {
        let prepaid: bank::PrepaidResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                &self.bank,
                &bank::QueryMsg::Prepaid {
                    consumer: self.alice.to_string(),
                },
            )
            .expect("prepaid");
        prepaid.balance
    }

    /// The bank's account of Alice's bill of `period`.
    pub fn account(&self, period: u32) -> BillAccount {
        self.app
            .wrap()
            .query_wasm_smart(
                &self.bank,
                &bank::QueryMsg::BillAccount {
                    meter_id: METER.to_string(),
                    period,
                },
            )
            .expect("bill account")
    }

    /// What the bank shows paid of the bill of `period`.
    pub fn bank_paid(&self, period: u32) -> Uint128 {
        let account = self.account(period);
        account.advances_paid + account.final_paid
    }
}
