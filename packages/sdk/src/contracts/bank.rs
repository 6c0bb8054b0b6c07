//! The bank: deposits minting the settlement token, prepaid balances, instalments and
//! payments, settlement, redemptions.

use cosmwasm_std::Uint128;
use ledger_client::TxOutcome;
pub use ledger_types::bank::*;

use crate::error::Result;
use crate::ledger::Ledger;
use crate::paging::Paged;
use crate::sender::Sender;

impl Ledger {
    /// The bank contract's address, or [`crate::Error::NoDeployment`].
    pub fn bank_contract(&self) -> Result<&str> {
        Ok(&self.contracts()?.bank)
    }

    /// A query of the bank contract.
    pub async fn bank<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> Result<T> {
        self.query(self.bank_contract()?, msg).await
    }

    /// The bank's wiring and its settlement token.
    pub async fn bank_config(&self) -> Result<ConfigResponse> {
        self.bank(&QueryMsg::Config {}).await
    }

    /// Minted, paid, redeemed and held over the bank's life.
    pub async fn bank_totals(&self) -> Result<TotalsResponse> {
        self.bank(&QueryMsg::Totals {}).await
    }

    /// A consumer's prepaid balance.
    pub async fn prepaid(&self, consumer: &str) -> Result<PrepaidResponse> {
        self.bank(&QueryMsg::Prepaid {
            consumer: consumer.to_string(),
        })
        .await
    }

    /// What a bill owes and what was paid of it.
    pub async fn bill_account(&self, meter_id: &str, period: u32) -> Result<BillAccount> {
        self.bank(&QueryMsg::BillAccount {
            meter_id: meter_id.to_string(),
            period,
        })
        .await
    }

    /// A meter's instalments in id order.
    pub async fn instalments(&self, meter_id: &str, cap: usize) -> Result<Paged<Instalment>> {
        let meter_id = meter_id.to_string();
        self.list(
            self.bank_contract()?,
            cap,
            |start_after, limit| QueryMsg::InstalmentsByMeter {
                meter_id: meter_id.clone(),
                start_after,
                limit,
            },
            |r: InstalmentsResponse| r.instalments,
            |i| i.id,
        )
        .await
    }

    /// Overdue instalments in due-date order.
    pub async fn overdue(&self, cap: usize) -> Result<Paged<Instalment>> {
        self.list(
            self.bank_contract()?,
            cap,
            |start_after, limit| QueryMsg::Overdue { start_after, limit },
            |r: InstalmentsResponse| r.instalments,
            |i| (i.due, i.id),
        )
        .await
    }

    /// A consumer's payments in id order.
    pub async fn payments_by_consumer(&self, consumer: &str, cap: usize) -> Result<Paged<Payment>> {
        let consumer = consumer.to_string();
        self.list(
            self.bank_contract()?,
            cap,
            |start_after, limit| QueryMsg::PaymentsByConsumer {
                consumer: consumer.clone(),
                start_after,
                limit,
            },
            |r: PaymentsResponse| r.payments,
            |p| p.id,
        )
        .await
    }

    /// A bill's payments in id order.
    pub async fn payments_by_bill(
        &self,
        meter_id: &str,
        period: u32,
        cap: usize,
    ) -> Result<Paged<Payment>> {
        let meter_id = meter_id.to_string();
        self.list(
            self.bank_contract()?,
            cap,
            |start_after, limit| QueryMsg::PaymentsByBill {
                meter_id: meter_id.clone(),
                period,
                start_after,
                limit,
            },
            |r: PaymentsResponse| r.payments,
            |p| p.id,
        )
        .await
    }

    /// Prepaid balances in address order.
    pub async fn prepaid_balances(&self, cap: usize) -> Result<Paged<PrepaidResponse>> {
        self.list(
            self.bank_contract()?,
            cap,
            |start_after, limit| QueryMsg::PrepaidBalances { start_after, limit },
            |r: PrepaidListResponse| r.balances,
            |p| p.consumer.to_string(),
        )
        .await
    }

    /// Redemption requests in id order.
    pub async fn redemptions(&self, cap: usize) -> Result<Paged<Redemption>> {
        self.list(
            self.bank_contract()?,
            cap,
            |start_after, limit| QueryMsg::Redemptions { start_after, limit },
            |r: RedemptionsResponse| r.redemptions,
            |r| r.id,
        )
        .await
    }

    /// Executes `msg` on the bank contract.
    pub async fn bank_execute(&self, sender: &Sender, msg: &ExecuteMsg) -> Result<TxOutcome> {
        self.exec(sender, self.bank_contract()?, msg).await
    }

    /// Bank operator: mints `amount` for `recipient` against the deposit `reference`, into its
    /// prepaid balance when `prepay`.
    pub async fn deposit(
        &self,
        sender: &Sender,
        reference: String,
        recipient: String,
        amount: Uint128,
        prepay: bool,
    ) -> Result<TxOutcome> {
        self.bank_execute(
            sender,
            &ExecuteMsg::Deposit {
                reference,
                recipient,
                amount,
                prepay,
            },
        )
        .await
    }

    /// Bank operator: marks redemption `request_id` paid out under `payout_reference`.
    pub async fn redeem(
        &self,
        sender: &Sender,
        request_id: u64,
        payout_reference: String,
    ) -> Result<TxOutcome> {
        self.bank_execute(
            sender,
            &ExecuteMsg::Redeem {
                request_id,
                payout_reference,
            },
        )
        .await
    }

    /// Pays `amount` of a meter's open instalments from the sender's prepaid balance.
    pub async fn make_payment(
        &self,
        sender: &Sender,
        meter_id: String,
        amount: Uint128,
    ) -> Result<TxOutcome> {
        self.bank_execute(sender, &ExecuteMsg::MakePayment { meter_id, amount })
            .await
    }

    /// Settles up to `limit` instalments that fell due.
    pub async fn settle(&self, sender: &Sender, limit: Option<u32>) -> Result<TxOutcome> {
        self.bank_execute(sender, &ExecuteMsg::Settle { limit })
            .await
    }
}
