//! What the bank cabinet reads from the bank contract, behind one trait: the SDK in
//! production ([`SdkBankReads`]), an in-memory bank in the handler tests. Lists are one
//! contract page each, as in [`crate::chain`].

use ledger_sdk::Ledger;
use ledger_sdk::contracts::bank::{
    InstalmentsResponse, QueryMsg as BankQuery, RedemptionsResponse, TotalsResponse,
};

use crate::chain::ChainFuture;

/// The bank contract's reads the gateway serves.
pub trait BankReads: Send + Sync + 'static {
    /// Minted, burned, prepaid, escrowed and paid out over the bank's life.
    fn totals(&self) -> ChainFuture<'_, TotalsResponse>;
    /// One page of overdue instalments, oldest due first, after `(due, id)`.
    fn overdue(
        &self,
        start_after: Option<(u64, u64)>,
        limit: u32,
    ) -> ChainFuture<'_, InstalmentsResponse>;
    /// One page of redemption requests in id order.
    fn redemptions(
        &self,
        start_after: Option<u64>,
        limit: u32,
    ) -> ChainFuture<'_, RedemptionsResponse>;
}

/// The bank's reads through the SDK.
#[derive(Clone, Debug)]
pub struct SdkBankReads {
    ledger: Ledger,
}

impl SdkBankReads {
    /// Reads through `ledger`.
    pub fn new(ledger: Ledger) -> Self {
        SdkBankReads { ledger }
    }
}

impl BankReads for SdkBankReads {
    fn totals(&self) -> ChainFuture<'_, TotalsResponse> {
        Box::pin(self.ledger.bank_totals())
    }

    fn overdue(
        &self,
        start_after: Option<(u64, u64)>,
        limit: u32,
    ) -> ChainFuture<'_, InstalmentsResponse> {
        Box::pin(async move {
            let msg = BankQuery::Overdue {
                start_after,
                limit: Some(limit),
            };
            self.ledger.bank(&msg).await
        })
    }

    fn redemptions(
        &self,
        start_after: Option<u64>,
        limit: u32,
    ) -> ChainFuture<'_, RedemptionsResponse> {
        Box::pin(async move {
            let msg = BankQuery::Redemptions {
                start_after,
                limit: Some(limit),
            };
            self.ledger.bank(&msg).await
        })
    }
}
