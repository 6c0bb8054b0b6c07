//! The park's carbon-credit registry (`ledger_types::park::credits` for the rules): verifiers
//! and classes set up by the registry's administrator, projects and batch proposals of a
//! class's issuers, a third-party verifier's sign-off, and the holders' transfers,
//! retirements (against metered consumption or a product footprint), cancellations and sell
//! orders, bought through the settlement token's `Send` for exactly `amount × price`.
//!
//! Ids the contract assigns come back in the transaction's events: [`batch_id_of`] (a
//! proposal), [`order_id_of`] (a sell order), [`retirement_ids_of`] (every certificate a
//! transaction made). Pausing the contract is the pause every contract shares
//! ([`crate::contracts::emergency`], with [`Ledger::park_credits_contract`]'s address).
//!
//! ```no_run
//! use ledger_sdk::contracts::park::credits::{retirement_ids_of, RetirementTerms};
//! # async fn run(ledger: ledger_sdk::Ledger, buyer: ledger_sdk::Sender) -> ledger_sdk::Result<()> {
//! // Buy 5 credits of sell order 3 and retire them for the buyer's 2025 emissions at once.
//! let terms = RetirementTerms {
//!     beneficiary: "Acme Ltd".into(),
//!     on_behalf_of: None,
//!     jurisdiction: "KE".into(),
//!     reason: "2025 scope 2".into(),
//!     consumption: None,
//!     product: None,
//! };
//! let outcome = ledger.park_credits_buy(&buyer, 3, 5, Some(terms)).await?;
//! let ids = retirement_ids_of(&outcome, ledger.park_credits_contract()?);
//! println!("retirement certificate(s) {ids:?}");
//! # Ok(()) }
//! ```

mod checks;
mod events;
#[cfg(test)]
mod tests;

pub use checks::*;
pub use events::*;
pub use ledger_types::park::credits::*;

use cosmwasm_std::Uint128;
use ledger_client::{ExecuteCall, TxOutcome};

use crate::contracts::token::cw20_send_call;
use crate::error::Result;
use crate::ledger::{Ledger, deployed};
use crate::paging::Paged;
use crate::sender::Sender;

/// A buy as a call: the settlement `token`'s `Send` of exactly `amount × price` to the credits
/// `contract`, carrying `Buy` (retiring the credits on arrival when `retire` is given).
pub fn buy_call(
    token: &str,
    contract: &str,
    order_id: u64,
    amount: u64,
    price: Uint128,
    retire: Option<RetirementTerms>,
) -> Result<ExecuteCall> {
    let cost = purchase_cost(amount, price)?;
    if let Some(terms) = &retire {
        check_terms(terms)?;
    }
    let hook = ReceiveMsg::Buy {
        order_id,
        amount,
        retire,
    };
    cw20_send_call(token, contract, cost, &hook)
}

/// Which retirements to list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RetirementsOf {
    /// In a holder's retired balance.
    Holder(String),
    /// For a beneficiary (the exact name given).
    Beneficiary(String),
    /// Offsetting a consumption meter.
    Meter(String),
    /// Against any version of a product's footprint.
    Product(String),
}

/// Whose history to list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HistoryOf {
    /// A batch's.
    Batch(u64),
    /// Every entry that moved a holder's credits.
    Holder(String),
}

/// A retirement's terms and the credits it retires.
#[derive(Clone, Debug, PartialEq)]
pub struct Retiring {
    /// The batch.
    pub batch_id: u64,
    /// Credits retired.
    pub amount: u64,
    /// What for.
    pub terms: RetirementTerms,
}

impl Ledger {
    /// The credits contract's address, or [`crate::Error::NotDeployed`].
    pub fn park_credits_contract(&self) -> Result<&str> {
        deployed(&self.contracts()?.park_credits, "park-credits")
    }

    /// A query of the credits contract.
    pub async fn park_credits_query<T: serde::de::DeserializeOwned>(
        &self,
        msg: &QueryMsg,
    ) -> Result<T> {
        self.query(self.park_credits_contract()?, msg).await
    }

    /// Executes `msg` on the credits contract.
    pub async fn park_credits_execute(
        &self,
        sender: &Sender,
        msg: &ExecuteMsg,
    ) -> Result<TxOutcome> {
        self.exec(sender, self.park_credits_contract()?, msg).await
    }

    /// The registry, settlement token and footprints contract the registry was set up with.
    pub async fn park_credits_config(&self) -> Result<ConfigResponse> {
        self.park_credits_query(&QueryMsg::Config {}).await
    }

    /// A standard's verifiers by address, up to `cap`.
    pub async fn park_credits_verifiers(
        &self,
        standard: &Standard,
        cap: usize,
    ) -> Result<Paged<String>> {
        self.list(
            self.park_credits_contract()?,
            cap,
            |start_after, limit| QueryMsg::Verifiers {
                standard: standard.clone(),
                start_after,
                limit,
            },
            |r: VerifiersResponse| r.verifiers,
            |v| v.clone(),
        )
        .await
    }

    /// One class (`park_credits.unknown_class` if none).
    pub async fn park_credits_class(&self, id: &str) -> Result<Class> {
        self.park_credits_query(&QueryMsg::Class { id: id.to_string() })
            .await
    }

    /// Every class by id, up to `cap`.
    pub async fn park_credits_classes(&self, cap: usize) -> Result<Paged<Class>> {
        self.list(
            self.park_credits_contract()?,
            cap,
            |start_after, limit| QueryMsg::Classes { start_after, limit },
            |r: ClassesResponse| r.classes,
            |c| c.id.clone(),
        )
        .await
    }

    /// One project (`park_credits.unknown_project` if none).
    pub async fn park_credits_project(&self, id: &str) -> Result<Project> {
        self.park_credits_query(&QueryMsg::Project { id: id.to_string() })
            .await
    }

    /// Every project by id, up to `cap`.
    pub async fn park_credits_projects(&self, cap: usize) -> Result<Paged<Project>> {
        self.list(
            self.park_credits_contract()?,
            cap,
            |start_after, limit| QueryMsg::Projects { start_after, limit },
            |r: ProjectsResponse| r.projects,
            |p| p.id.clone(),
        )
        .await
    }

    /// One batch (`park_credits.unknown_batch` if none).
    pub async fn park_credits_batch(&self, id: u64) -> Result<Batch> {
        self.park_credits_query(&QueryMsg::Batch { id }).await
    }

    /// Every batch (proposed, issued or rejected) by id, up to `cap`.
    pub async fn park_credits_batches(&self, cap: usize) -> Result<Paged<Batch>> {
        self.list(
            self.park_credits_contract()?,
            cap,
            |start_after, limit| QueryMsg::Batches { start_after, limit },
            |r: BatchesResponse| r.batches,
            |b| b.id,
        )
        .await
    }

    /// `holder`'s balance in a batch (zeros when it holds none).
    pub async fn park_credits_balance(&self, batch_id: u64, holder: &str) -> Result<Balance> {
        self.park_credits_query(&QueryMsg::Balance {
            batch_id,
            holder: holder.to_string(),
        })
        .await
    }

    /// `holder`'s balances by batch, up to `cap`.
    pub async fn park_credits_balances(&self, holder: &str, cap: usize) -> Result<Paged<Balance>> {
        self.list(
            self.park_credits_contract()?,
            cap,
            |start_after, limit| QueryMsg::Balances {
                holder: holder.to_string(),
                start_after,
                limit,
            },
            |r: BalancesResponse| r.balances,
            |b| b.batch_id,
        )
        .await
    }

    /// One retirement certificate (`park_credits.unknown_retirement` if none).
    pub async fn park_credits_retirement(&self, id: u64) -> Result<Retirement> {
        self.park_credits_query(&QueryMsg::Retirement { id }).await
    }

    /// The retirements `of` a holder, beneficiary, meter or product by id, up to `cap`.
    pub async fn park_credits_retirements(
        &self,
        of: &RetirementsOf,
        cap: usize,
    ) -> Result<Paged<Retirement>> {
        self.list(
            self.park_credits_contract()?,
            cap,
            |start_after, limit| match of {
                RetirementsOf::Holder(holder) => QueryMsg::RetirementsByHolder {
                    holder: holder.clone(),
                    start_after,
                    limit,
                },
                RetirementsOf::Beneficiary(beneficiary) => QueryMsg::RetirementsByBeneficiary {
                    beneficiary: beneficiary.clone(),
                    start_after,
                    limit,
                },
                RetirementsOf::Meter(meter_id) => QueryMsg::RetirementsByMeter {
                    meter_id: meter_id.clone(),
                    start_after,
                    limit,
                },
                RetirementsOf::Product(product_id) => QueryMsg::RetirementsByProduct {
                    product_id: product_id.clone(),
                    start_after,
                    limit,
                },
            },
            |r: RetirementsResponse| r.retirements,
            |r| r.id,
        )
        .await
    }

    /// A batch's or a holder's history, oldest first, up to `cap`.
    pub async fn park_credits_history(
        &self,
        of: &HistoryOf,
        cap: usize,
    ) -> Result<Paged<HistoryEvent>> {
        self.list(
            self.park_credits_contract()?,
            cap,
            |start_after, limit| match of {
                HistoryOf::Batch(batch_id) => QueryMsg::BatchHistory {
                    batch_id: *batch_id,
                    start_after,
                    limit,
                },
                HistoryOf::Holder(holder) => QueryMsg::HolderHistory {
                    holder: holder.clone(),
                    start_after,
                    limit,
                },
            },
            |r: HistoryResponse| r.events,
            |e| e.seq,
        )
        .await
    }

    /// One open sell order (`park_credits.unknown_order` if none).
    pub async fn park_credits_order(&self, id: u64) -> Result<SellOrder> {
        self.park_credits_query(&QueryMsg::SellOrder { id }).await
    }

    /// Open sell orders by id, every seller's or one `seller`'s, up to `cap`.
    pub async fn park_credits_orders(
        &self,
        seller: Option<&str>,
        cap: usize,
    ) -> Result<Paged<SellOrder>> {
        self.list(
            self.park_credits_contract()?,
            cap,
            |start_after, limit| match seller {
                Some(seller) => QueryMsg::SellOrdersBySeller {
                    seller: seller.to_string(),
                    start_after,
                    limit,
                },
                None => QueryMsg::SellOrders { start_after, limit },
            },
            |r: SellOrdersResponse| r.orders,
            |o| o.id,
        )
        .await
    }

    /// The batch whose range covers `serial` in `standard`'s registry, if any.
    pub async fn park_credits_serial(
        &self,
        standard: &Standard,
        serial: u64,
    ) -> Result<SerialLookupResponse> {
        self.park_credits_query(&QueryMsg::Serial {
            standard: standard.clone(),
            serial,
        })
        .await
    }

    /// The registry's administrator: lets `address` sign off batches of `standard`.
    pub async fn park_credits_add_verifier(
        &self,
        sender: &Sender,
        standard: Standard,
        address: &str,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::AddVerifier {
            standard,
            address: address.to_string(),
        };
        self.park_credits_execute(sender, &msg).await
    }

    /// The registry's administrator: withdraws a verifier of `standard`.
    pub async fn park_credits_remove_verifier(
        &self,
        sender: &Sender,
        standard: Standard,
        address: &str,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::RemoveVerifier {
            standard,
            address: address.to_string(),
        };
        self.park_credits_execute(sender, &msg).await
    }

    /// The registry's administrator: class `id` of `standard` under `methodology`, whose
    /// issuers `admin` manages.
    pub async fn park_credits_create_class(
        &self,
        sender: &Sender,
        id: &str,
        standard: Standard,
        methodology: &str,
        admin: &str,
        issuers: Vec<String>,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::CreateClass {
            id: id.to_string(),
            standard,
            methodology: methodology.to_string(),
            admin: admin.to_string(),
            issuers,
        };
        self.park_credits_execute(sender, &msg).await
    }

    /// The class's administrator: adds and removes issuers.
    pub async fn park_credits_update_issuers(
        &self,
        sender: &Sender,
        class_id: &str,
        add: Vec<String>,
        remove: Vec<String>,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::UpdateIssuers {
            class_id: class_id.to_string(),
            add,
            remove,
        };
        self.park_credits_execute(sender, &msg).await
    }

    /// An issuer of the class: project `id` of `class_id` in `jurisdiction` by `developer`.
    pub async fn park_credits_create_project(
        &self,
        sender: &Sender,
        id: &str,
        class_id: &str,
        jurisdiction: &str,
        developer: &str,
        metadata: &str,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::CreateProject {
            id: id.to_string(),
            class_id: class_id.to_string(),
            jurisdiction: jurisdiction.to_string(),
            developer: developer.to_string(),
            metadata: metadata.to_string(),
        };
        self.park_credits_execute(sender, &msg).await
    }

    /// An issuer of the project's class: proposes a batch, reserving its serial range. The
    /// batch's id is in the outcome ([`batch_id_of`]).
    pub async fn park_credits_propose_batch(
        &self,
        sender: &Sender,
        proposal: BatchProposal,
    ) -> Result<TxOutcome> {
        proposal.check()?;
        let msg = ExecuteMsg::ProposeBatch {
            project_id: proposal.project_id,
            vintage_start: proposal.vintage_start,
            vintage_end: proposal.vintage_end,
            serial_first: proposal.serial_first,
            serial_last: proposal.serial_last,
            issuance: proposal.issuance,
            metadata: proposal.metadata,
        };
        self.park_credits_execute(sender, &msg).await
    }

    /// A third-party verifier of the class's standard: signs the batch off, issuing its
    /// credits (the certificates of shares retired at issuance: [`retirement_ids_of`]).
    pub async fn park_credits_approve_batch(
        &self,
        sender: &Sender,
        batch_id: u64,
    ) -> Result<TxOutcome> {
        self.park_credits_execute(sender, &ExecuteMsg::ApproveBatch { batch_id })
            .await
    }

    /// A verifier of the class's standard: refuses the proposal, freeing its range.
    pub async fn park_credits_reject_batch(
        &self,
        sender: &Sender,
        batch_id: u64,
        reason: &str,
    ) -> Result<TxOutcome> {
        let msg = ExecuteMsg::RejectBatch {
            batch_id,
            reason: reason.to_string(),
        };
        self.park_credits_execute(sender, &msg).await
    }

    /// A holder: moves `amount` tradable credits of a batch to `recipient`, retired on
    /// arrival in its name when `retire` is given.
    pub async fn park_credits_transfer(
        &self,
        sender: &Sender,
        batch_id: u64,
        recipient: &str,
        amount: u64,
        retire: Option<RetirementTerms>,
    ) -> Result<TxOutcome> {
        if amount == 0 {
            return Err(CreditsError::ZeroAmount.into());
        }
        if let Some(terms) = &retire {
            check_terms(terms)?;
        }
        let msg = ExecuteMsg::Transfer {
            batch_id,
            recipient: recipient.to_string(),
            amount,
            retire,
        };
        self.park_credits_execute(sender, &msg).await
    }

    /// A holder: retires tradable credits, making a certificate ([`retirement_ids_of`]).
    pub async fn park_credits_retire(
        &self,
        sender: &Sender,
        retiring: Retiring,
    ) -> Result<TxOutcome> {
        if retiring.amount == 0 {
            return Err(CreditsError::ZeroAmount.into());
        }
        check_terms(&retiring.terms)?;
        let t = retiring.terms;
        let msg = ExecuteMsg::Retire {
            batch_id: retiring.batch_id,
            amount: retiring.amount,
            beneficiary: t.beneficiary,
            on_behalf_of: t.on_behalf_of,
            jurisdiction: t.jurisdiction,
            reason: t.reason,
            consumption: t.consumption,
            product: t.product,
        };
        self.park_credits_execute(sender, &msg).await
    }

    /// A holder: cancels tradable credits for ever, for `reason`.
    pub async fn park_credits_cancel(
        &self,
        sender: &Sender,
        batch_id: u64,
        amount: u64,
        reason: &str,
    ) -> Result<TxOutcome> {
        if amount == 0 {
            return Err(CreditsError::ZeroAmount.into());
        }
        let msg = ExecuteMsg::Cancel {
            batch_id,
            amount,
            reason: reason.to_string(),
        };
        self.park_credits_execute(sender, &msg).await
    }

    /// A holder: offers `amount` tradable credits at `price` token units each, escrowing
    /// them. The order's id is in the outcome ([`order_id_of`]).
    pub async fn park_credits_sell(
        &self,
        sender: &Sender,
        batch_id: u64,
        amount: u64,
        price: Uint128,
    ) -> Result<TxOutcome> {
        if price.is_zero() {
            return Err(CreditsError::ZeroPrice.into());
        }
        // An order nobody could pay for in one token amount is refused before it is signed.
        purchase_cost(amount, price)?;
        let msg = ExecuteMsg::Sell {
            batch_id,
            amount,
            price,
        };
        self.park_credits_execute(sender, &msg).await
    }

    /// The seller: withdraws what is left of a sell order.
    pub async fn park_credits_cancel_order(
        &self,
        sender: &Sender,
        order_id: u64,
    ) -> Result<TxOutcome> {
        self.park_credits_execute(sender, &ExecuteMsg::CancelSellOrder { order_id })
            .await
    }

    /// Buys `amount` credits of an open order, paying exactly `amount × price` (the order's
    /// price, read first) through the settlement token's `Send`, retiring them on arrival
    /// when `retire` is given. Returns the outcome; the price paid is the order's.
    pub async fn park_credits_buy(
        &self,
        sender: &Sender,
        order_id: u64,
        amount: u64,
        retire: Option<RetirementTerms>,
    ) -> Result<TxOutcome> {
        let order = self.park_credits_order(order_id).await?;
        self.park_credits_buy_at(sender, order_id, amount, order.price, retire)
            .await
    }

    /// [`Ledger::park_credits_buy`] at a `price` the caller read already: the contract
    /// refuses the payment (`park_credits.wrong_payment`) if the order's price is another.
    pub async fn park_credits_buy_at(
        &self,
        sender: &Sender,
        order_id: u64,
        amount: u64,
        price: Uint128,
        retire: Option<RetirementTerms>,
    ) -> Result<TxOutcome> {
        let token = &self.contracts()?.token;
        let call = buy_call(
            token,
            self.park_credits_contract()?,
            order_id,
            amount,
            price,
            retire,
        )?;
        sender.execute_all(vec![call]).await
    }
}
