//! What the bank cabinet reads from the bank contract, behind one trait: the SDK in
//! production ([`SdkBankReads`]), an in-memory bank in the handler tests. Lists are one
//! contract page each, as in [`crate::chain`].

use cosmwasm_std::Uint128;
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
    /// One page of a meter's instalments in id order.
    fn instalments<'a>(
        &'a self,
        meter_id: &'a str,
        start_after: Option<u64>,
        limit: u32,
    ) -> ChainFuture<'a, InstalmentsResponse>;
    /// What `address` holds: settlement tokens in its wallet and its prepaid balance.
    fn holdings<'a>(&'a self, address: &'a str) -> ChainFuture<'a, Holdings>;
}

/// A participant's settlement tokens, minor units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Holdings {
    /// In her wallet (the token contract's balance).
    pub wallet: Uint128,
    /// Prepaid at the bank, paying her instalments as they fall due.
    pub prepaid: Uint128,
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

    fn instalments<'a>(
        &'a self,
        meter_id: &'a str,
        start_after: Option<u64>,
        limit: u32,
    ) -> ChainFuture<'a, InstalmentsResponse> {
        Box::pin(async move {
            let msg = BankQuery::InstalmentsByMeter {
                meter_id: meter_id.to_string(),
                start_after,
                limit: Some(limit),
            };
            self.ledger.bank(&msg).await
        })
    }

    fn holdings<'a>(&'a self, address: &'a str) -> ChainFuture<'a, Holdings> {
        Box::pin(async move {
            let (wallet, prepaid) = tokio::join!(
                self.ledger.token_balance(address),
                self.ledger.prepaid(address)
            );
            Ok(Holdings {
                wallet: wallet?,
                prepaid: prepaid?.balance,
            })
        })
    }
}
