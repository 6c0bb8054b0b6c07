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

use cosmwasm_std::Uint128;
use ledger_client::{ExecuteCall, TxOutcome};
use ledger_types::error_code::{Coded, HasCode, common};
use ledger_types::park::codes::credits as codes;
pub use ledger_types::park::credits::*;

use crate::contracts::token::cw20_send_call;
use crate::error::{Error, Result};
use crate::ledger::{Ledger, deployed};
use crate::paging::Paged;
use crate::sender::Sender;

/// A credits call the contract would refuse, caught before anything is signed; its code is
/// the contract's for the same refusal (`park_credits.*`, or `common.overflow`), so a client
/// decides on both alike.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditsError {
    /// An amount of zero credits.
    #[error("an amount of 0 credits moves nothing: give a whole number of credits above zero")]
    ZeroAmount,
    /// A sell order at a price of zero.
    #[error("a sell order at a price of 0 is refused: give a price per credit above zero")]
    ZeroPrice,
    /// `amount × price` does not fit the token's amounts.
    #[error("{amount} credits at {price} per credit cost more than a token amount can hold")]
    CostOverflow {
        /// Credits.
        amount: u64,
        /// Token units per credit.
        price: Uint128,
    },
    /// A serial range that ends before it starts.
    #[error("serials {first} to {last} end before they start: give FIRST-LAST with FIRST <= LAST")]
    InvalidSerialRange {
        /// First serial.
        first: u64,
        /// Last serial.
        last: u64,
    },
    /// A vintage that does not end after it starts.
    #[error("a vintage from {start} to {end} does not end after it starts")]
    InvalidVintage {
        /// Start, unix seconds.
        start: u64,
        /// End (exclusive), unix seconds.
        end: u64,
    },
    /// Holders given more or fewer credits than the range has serials.
    #[error(
        "the holders are given {given} credits and serials {first} to {last} number {serials}: \
         a batch issues exactly one credit per serial"
    )]
    IssuanceMismatch {
        /// Credits given to holders, tradable and retired.
        given: u128,
        /// Serials in the range.
        serials: u128,
        /// First serial.
        first: u64,
        /// Last serial.
        last: u64,
    },
    /// Credits retired at issuance without the retirement's terms.
    #[error(
        "{recipient} is issued {retired} retired credits without retirement terms: give the \
         beneficiary, jurisdiction and reason"
    )]
    MissingRetirement {
        /// The holder.
        recipient: String,
        /// Credits retired at issuance.
        retired: u64,
    },
    /// A consumption claim's period that ends before it starts.
    #[error("a consumption period from {from} to {to} ends before it starts")]
    InvalidPeriod {
        /// Start, unix seconds.
        from: u64,
        /// End, unix seconds.
        to: u64,
    },
}

impl HasCode for CreditsError {
    fn code(&self) -> &'static str {
        match self {
            CreditsError::ZeroAmount => codes::ZERO_AMOUNT,
            CreditsError::ZeroPrice => codes::ZERO_PRICE,
            CreditsError::CostOverflow { .. } => common::OVERFLOW,
            CreditsError::InvalidSerialRange { .. } => codes::INVALID_SERIAL_RANGE,
            CreditsError::InvalidVintage { .. } => codes::INVALID_VINTAGE,
            CreditsError::IssuanceMismatch { .. } => codes::ISSUANCE_MISMATCH,
            CreditsError::MissingRetirement { .. } => codes::MISSING_RETIREMENT,
            CreditsError::InvalidPeriod { .. } => codes::INVALID_PERIOD,
        }
    }
}

impl From<CreditsError> for Error {
    fn from(e: CreditsError) -> Self {
        Error::ParkCredits(Coded(e))
    }
}

/// A standard by name: `vcs`, `cdm`, `gold-standard` (or `gold_standard`), any other name
/// being another programme's (`[A-Za-z0-9._-]`, at most [`MAX_STANDARD_NAME_LEN`] bytes).
pub fn parse_standard(name: &str) -> Result<Standard, String> {
    match name.to_ascii_lowercase().as_str() {
        "vcs" => return Ok(Standard::Vcs),
        "cdm" => return Ok(Standard::Cdm),
        "gold-standard" | "gold_standard" | "goldstandard" => return Ok(Standard::GoldStandard),
        _ => {}
    }
    let well_formed = !name.is_empty()
        && name.len() <= MAX_STANDARD_NAME_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if !well_formed {
        return Err(format!(
            "'{name}' is not a standard: give vcs, cdm, gold-standard, or another programme's \
             name of 1 to {MAX_STANDARD_NAME_LEN} letters, digits, '.', '_' or '-'"
        ));
    }
    Ok(Standard::Other(name.to_string()))
}

/// A standard's name as [`parse_standard`] reads it back.
pub fn standard_name(standard: &Standard) -> String {
    match standard {
        Standard::Vcs => "vcs".to_string(),
        Standard::Cdm => "cdm".to_string(),
        Standard::GoldStandard => "gold-standard".to_string(),
        Standard::Other(name) => name.clone(),
    }
}

/// What a buyer sends for `amount` credits at `price` token units each: exactly their
/// product, which the contract requires.
pub fn purchase_cost(amount: u64, price: Uint128) -> Result<Uint128, CreditsError> {
    if amount == 0 {
        return Err(CreditsError::ZeroAmount);
    }
    price
        .checked_mul(Uint128::from(amount))
        .map_err(|_| CreditsError::CostOverflow { amount, price })
}

/// How many serials `[first, last]` numbers, or why the range is refused.
pub fn serial_count(first: u64, last: u64) -> Result<u128, CreditsError> {
    if last < first {
        return Err(CreditsError::InvalidSerialRange { first, last });
    }
    Ok(u128::from(last - first) + 1)
}

/// Checks a retirement's consumption period as the contract will.
pub fn check_terms(terms: &RetirementTerms) -> Result<(), CreditsError> {
    match &terms.consumption {
        Some(c) if c.period_to < c.period_from => Err(CreditsError::InvalidPeriod {
            from: c.period_from,
            to: c.period_to,
        }),
        _ => Ok(()),
    }
}

/// A batch an issuer proposes: its project, vintage, serial range and holders.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchProposal {
    /// The project credited.
    pub project_id: String,
    /// Start of the vintage, unix seconds.
    pub vintage_start: u64,
    /// End of the vintage (exclusive), unix seconds.
    pub vintage_end: u64,
    /// First serial of the range.
    pub serial_first: u64,
    /// Last serial of the range (inclusive).
    pub serial_last: u64,
    /// Who gets the credits, tradable and retired.
    pub issuance: Vec<BatchIssuance>,
    /// A URI or a short JSON document about the batch.
    pub metadata: String,
}

impl BatchProposal {
    /// Checks the vintage, range, issuance and retirement terms as the contract will, so that
    /// a proposal that would only reserve nothing is never signed.
    pub fn check(&self) -> Result<(), CreditsError> {
        if self.vintage_end <= self.vintage_start {
            return Err(CreditsError::InvalidVintage {
                start: self.vintage_start,
                end: self.vintage_end,
            });
        }
        let serials = serial_count(self.serial_first, self.serial_last)?;
        let mut given = 0u128;
        for share in &self.issuance {
            given += u128::from(share.tradable) + u128::from(share.retired);
            match &share.retirement {
                None if share.retired > 0 => {
                    return Err(CreditsError::MissingRetirement {
                        recipient: share.recipient.clone(),
                        retired: share.retired,
                    });
                }
                Some(terms) => check_terms(terms)?,
                None => {}
            }
        }
        if given != serials {
            return Err(CreditsError::IssuanceMismatch {
                given,
                serials,
                first: self.serial_first,
                last: self.serial_last,
            });
        }
        Ok(())
    }
}

/// The custom event of every retirement certificate, as the chain names it.
pub const RETIRED_EVENT: &str = "wasm-credits_retired";
/// The custom event of each holder's share of an approved batch.
pub const ISSUED_EVENT: &str = "wasm-credits_issued";

/// The values of `key` in `outcome`'s events of type `kind` emitted by `contract` (a cw20
/// `Send` also emits `wasm` events, of the token, so the emitter is checked).
fn values_of<'a>(
    outcome: &'a TxOutcome,
    contract: &'a str,
    kind: &'a str,
    key: &'a str,
) -> impl Iterator<Item = &'a str> + 'a {
    outcome
        .events_of(kind)
        .filter(move |e| e.attribute("_contract_address") == Some(contract))
        .filter_map(move |e| e.attribute(key))
}

fn first_id(outcome: &TxOutcome, contract: &str, kind: &str, key: &str) -> Option<u64> {
    values_of(outcome, contract, kind, key)
        .next()
        .and_then(|v| v.parse().ok())
}

/// The id of the batch a proposal reserved, from the credits contract's `batch_id`.
pub fn batch_id_of(outcome: &TxOutcome, contract: &str) -> Option<u64> {
    first_id(outcome, contract, "wasm", "batch_id")
}

/// The id of the sell order a `Sell` opened, from the credits contract's `order_id`.
pub fn order_id_of(outcome: &TxOutcome, contract: &str) -> Option<u64> {
    first_id(outcome, contract, "wasm", "order_id")
}

/// The ids of every retirement certificate the transaction made, in order (an approval makes
/// one per holder retiring at issuance; a retire, transfer or buy at most one).
pub fn retirement_ids_of(outcome: &TxOutcome, contract: &str) -> Vec<u64> {
    values_of(outcome, contract, RETIRED_EVENT, "retirement_id")
        .filter_map(|v| v.parse().ok())
        .collect()
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use ledger_client::{Attribute, Event};

    const CREDITS: &str = "wasm1credits";
    const TOKEN: &str = "wasm1token";

    fn event(kind: &str, contract: &str, pairs: &[(&str, &str)]) -> Event {
        let mut attributes = vec![Attribute {
            key: "_contract_address".into(),
            value: contract.into(),
        }];
        attributes.extend(pairs.iter().map(|(k, v)| Attribute {
            key: (*k).into(),
            value: (*v).into(),
        }));
        Event {
            kind: kind.into(),
            attributes,
        }
    }

    fn outcome(events: Vec<Event>) -> TxOutcome {
        TxOutcome {
            hash: "AB".into(),
            height: 9,
            gas_wanted: 200_000,
            gas_used: 150_000,
            events,
            msg_responses: vec![],
        }
    }

    fn code(e: CreditsError) -> String {
        Error::from(e)
            .contract_code()
            .unwrap_or_default()
            .to_string()
    }

    fn terms() -> RetirementTerms {
        RetirementTerms {
            beneficiary: "Acme Ltd".into(),
            on_behalf_of: None,
            jurisdiction: "KE".into(),
            reason: "2025 scope 2".into(),
            consumption: None,
            product: None,
        }
    }

    #[test]
    fn ids_are_read_from_the_credits_contract_s_events_only() {
        // A buy: the token's `send` event comes first and names another contract's ids.
        let buy = outcome(vec![
            event("wasm", TOKEN, &[("action", "send"), ("order_id", "99")]),
            event("wasm", CREDITS, &[("action", "buy"), ("order_id", "4")]),
            event(RETIRED_EVENT, CREDITS, &[("retirement_id", "12")]),
        ]);
        assert_eq!(order_id_of(&buy, CREDITS), Some(4));
        assert_eq!(retirement_ids_of(&buy, CREDITS), vec![12]);
        assert_eq!(batch_id_of(&buy, CREDITS), None);

        let proposal = outcome(vec![event(
            "wasm",
            CREDITS,
            &[("action", "propose_batch"), ("batch_id", "7")],
        )]);
        assert_eq!(batch_id_of(&proposal, CREDITS), Some(7));
        assert_eq!(batch_id_of(&proposal, "wasm1other"), None);

        // An approval retiring two holders' shares at issuance makes two certificates.
        let approval = outcome(vec![
            event(
                "wasm",
                CREDITS,
                &[("action", "approve_batch"), ("batch_id", "7")],
            ),
            event(RETIRED_EVENT, CREDITS, &[("retirement_id", "3")]),
            event(ISSUED_EVENT, CREDITS, &[("batch_id", "7")]),
            event(RETIRED_EVENT, CREDITS, &[("retirement_id", "4")]),
        ]);
        assert_eq!(retirement_ids_of(&approval, CREDITS), vec![3, 4]);
    }

    #[test]
    fn a_purchase_costs_amount_times_price_and_refuses_overflow() {
        assert_eq!(
            purchase_cost(5, Uint128::new(1_250)),
            Ok(Uint128::new(6_250))
        );
        assert_eq!(
            purchase_cost(u64::MAX, Uint128::new(2)),
            Ok(Uint128::new(u128::from(u64::MAX) * 2))
        );
        let overflow = purchase_cost(3, Uint128::MAX).unwrap_err();
        assert_eq!(
            overflow,
            CreditsError::CostOverflow {
                amount: 3,
                price: Uint128::MAX
            }
        );
        assert_eq!(code(overflow), common::OVERFLOW);
        assert_eq!(
            code(purchase_cost(0, Uint128::one()).unwrap_err()),
            codes::ZERO_AMOUNT
        );
    }

    #[test]
    fn a_buy_sends_exactly_its_cost_to_the_credits_contract() {
        let call = buy_call(TOKEN, CREDITS, 4, 3, Uint128::new(700), Some(terms())).unwrap();
        let sent: serde_json::Value = serde_json::from_slice(&call.msg).unwrap();
        assert_eq!(sent["send"]["contract"], CREDITS);
        assert_eq!(sent["send"]["amount"], "2100");
        let hook = sent["send"]["msg"].as_str().unwrap();
        let hook: ReceiveMsg = cosmwasm_std::from_base64(hook)
            .and_then(cosmwasm_std::from_json)
            .unwrap();
        assert_eq!(
            hook,
            ReceiveMsg::Buy {
                order_id: 4,
                amount: 3,
                retire: Some(terms())
            }
        );
    }

    #[test]
    fn proposals_the_contract_would_refuse_carry_its_codes() {
        let share = |recipient: &str, tradable, retired, retirement| BatchIssuance {
            recipient: recipient.into(),
            tradable,
            retired,
            retirement,
        };
        let mut p = BatchProposal {
            project_id: "kenya-cookstoves".into(),
            vintage_start: 1_735_689_600,
            vintage_end: 1_767_225_600,
            serial_first: 1,
            serial_last: 1_000,
            issuance: vec![
                share("wasm1dev", 900, 0, None),
                share("wasm1buyer", 0, 100, Some(terms())),
            ],
            metadata: String::new(),
        };
        assert_eq!(p.check(), Ok(()));

        p.issuance[0].tradable = 899;
        let short = p.check().unwrap_err();
        assert_eq!(code(short.clone()), codes::ISSUANCE_MISMATCH);
        assert!(short.to_string().contains("given 999 credits"), "{short}");
        p.issuance[0].tradable = 900;

        p.issuance[1].retirement = None;
        assert_eq!(code(p.check().unwrap_err()), codes::MISSING_RETIREMENT);
        p.issuance[1].retirement = Some(terms());

        p.serial_last = 0;
        assert_eq!(code(p.check().unwrap_err()), codes::INVALID_SERIAL_RANGE);
        p.serial_last = 1_000;

        p.vintage_end = p.vintage_start;
        assert_eq!(code(p.check().unwrap_err()), codes::INVALID_VINTAGE);
        p.vintage_end = 1_767_225_600;

        let mut backwards = terms();
        backwards.consumption = Some(ConsumptionClaim {
            meter_id: "m-1".into(),
            period_from: 10,
            period_to: 5,
        });
        p.issuance[1].retirement = Some(backwards);
        assert_eq!(code(p.check().unwrap_err()), codes::INVALID_PERIOD);
    }

    #[test]
    fn standards_are_named_as_people_type_them() {
        assert_eq!(parse_standard("VCS"), Ok(Standard::Vcs));
        assert_eq!(parse_standard("cdm"), Ok(Standard::Cdm));
        assert_eq!(parse_standard("gold-standard"), Ok(Standard::GoldStandard));
        assert_eq!(
            parse_standard("Puro.earth"),
            Ok(Standard::Other("Puro.earth".into()))
        );
        assert!(parse_standard("puro earth").is_err());
        assert!(parse_standard("").is_err());
        assert!(parse_standard(&"x".repeat(MAX_STANDARD_NAME_LEN + 1)).is_err());
        for s in [
            Standard::Vcs,
            Standard::Cdm,
            Standard::GoldStandard,
            Standard::Other("Puro.earth".into()),
        ] {
            assert_eq!(parse_standard(&standard_name(&s)), Ok(s));
        }
    }
}
