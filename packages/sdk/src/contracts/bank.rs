//! The bank: deposits minting the settlement token, prepaid balances, instalments and
//! payments, settlement, redemptions.

use cosmwasm_std::Uint128;
use ledger_client::TxOutcome;
pub use ledger_types::bank::*;

use crate::error::Result;
use crate::ledger::Ledger;
use crate::paging::{Paged, collect};
use crate::sender::Sender;

impl Ledger {
    /// A query of the bank contract.
    pub async fn bank<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> Result<T> {
        self.query(&self.deployment.contracts.bank, msg).await
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
        collect(
            cap,
            |start_after, limit| {
                let msg = QueryMsg::InstalmentsByMeter {
                    meter_id: meter_id.to_string(),
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: InstalmentsResponse = self.bank(&msg).await?;
                    Ok(r.instalments)
                }
            },
            |i: &Instalment| i.id,
        )
        .await
    }

    /// Overdue instalments in due-date order.
    pub async fn overdue(&self, cap: usize) -> Result<Paged<Instalment>> {
        collect(
            cap,
            |start_after, limit| {
                let msg = QueryMsg::Overdue {
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: InstalmentsResponse = self.bank(&msg).await?;
                    Ok(r.instalments)
                }
            },
            |i: &Instalment| (i.due, i.id),
        )
        .await
    }

    /// A consumer's payments in id order.
    pub async fn payments_by_consumer(&self, consumer: &str, cap: usize) -> Result<Paged<Payment>> {
        collect(
            cap,
            |start_after, limit| {
                let msg = QueryMsg::PaymentsByConsumer {
                    consumer: consumer.to_string(),
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: PaymentsResponse = self.bank(&msg).await?;
                    Ok(r.payments)
                }
            },
            |p: &Payment| p.id,
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
        collect(
            cap,
            |start_after, limit| {
                let msg = QueryMsg::PaymentsByBill {
                    meter_id: meter_id.to_string(),
                    period,
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: PaymentsResponse = self.bank(&msg).await?;
                    Ok(r.payments)
                }
            },
            |p: &Payment| p.id,
        )
        .await
    }

    /// Prepaid balances in address order.
    pub async fn prepaid_balances(&self, cap: usize) -> Result<Paged<PrepaidResponse>> {
        collect(
            cap,
            |start_after, limit| {
                let msg = QueryMsg::PrepaidBalances {
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: PrepaidListResponse = self.bank(&msg).await?;
                    Ok(r.balances)
                }
            },
            |p: &PrepaidResponse| p.consumer.to_string(),
        )
        .await
    }

    /// Redemption requests in id order.
    pub async fn redemptions(&self, cap: usize) -> Result<Paged<Redemption>> {
        collect(
            cap,
            |start_after, limit| {
                let msg = QueryMsg::Redemptions {
                    start_after,
                    limit: Some(limit),
                };
                async move {
                    let r: RedemptionsResponse = self.bank(&msg).await?;
                    Ok(r.redemptions)
                }
            },
            |r: &Redemption| r.id,
        )
        .await
    }

    /// Executes `msg` on the bank contract.
    pub async fn bank_execute(&self, sender: &Sender, msg: &ExecuteMsg) -> Result<TxOutcome> {
        self.exec(sender, &self.deployment.contracts.bank, msg)
            .await
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
