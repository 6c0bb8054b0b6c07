//! What every handler shares: the chain reads, the token key, the pending challenges, the
//! sign-in rate limiter, the event index, the metrics, the settings, the organisation's
//! signer, the relay of participants' own transactions, the XLSX downloads' reads and the
//! drafts' and loans' reads, and any contract's queries.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crate::api::wallet::WalletChain;
use crate::auth::challenge::ChallengeStore;
use crate::auth::token::TokenKey;
use crate::bank_reads::BankReads;
use crate::chain::LedgerReads;
use crate::contract_reads::ContractReads;
use crate::finance_reads::FinanceReads;
use crate::index::Index;
use crate::ops::metrics::Metrics;
use crate::ops::rate_limit::RateLimiter;
use crate::own_tx::OwnTransactions;
use crate::signer::Actions;
use crate::tariff_reads::TariffReads;
use crate::workbook_reads::WorkbookReads;

/// Settings the handlers read.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Bech32 prefix of account addresses.
    pub account_prefix: String,
    /// The chain's id (a browser wallet is asked for keys of this chain).
    pub chain_id: String,
    /// How long a session token is valid.
    pub session_ttl: Duration,
    /// The chain's settings for browser wallets, when the operator set their addresses.
    pub wallet_chain: Option<WalletChain>,
}

/// The state shared by every handler (cheap to clone).
#[derive(Clone)]
pub struct AppState(pub Arc<Shared>);

/// The shared parts.
pub struct Shared {
    /// Chain reads (the SDK in production).
    pub reads: Arc<dyn LedgerReads>,
    /// Signs and checks session tokens.
    pub tokens: TokenKey,
    /// Pending sign-in challenges.
    pub challenges: ChallengeStore,
    /// Limits sign-in requests per client address.
    pub auth_limiter: RateLimiter,
    /// The event index and audit log of the main chain.
    pub index: Index,
    /// Each regional sub-chain's, by region name.
    pub regions: BTreeMap<String, Index>,
    /// Prometheus metrics.
    pub metrics: Metrics,
    /// Settings.
    pub settings: Settings,
    /// The signer and who may act through it.
    pub actions: Actions,
    /// The bank contract's reads.
    pub bank: Arc<dyn BankReads>,
    /// Participants' own transactions, signed in their browsers.
    pub own: Arc<dyn OwnTransactions>,
    /// The tariff contract's reads.
    pub tariffs: Arc<dyn TariffReads>,
    /// The rows of the XLSX downloads.
    pub workbooks: Arc<dyn WorkbookReads>,
    /// The draft and loan-share contracts' reads.
    pub finance: Arc<dyn FinanceReads>,
    /// Where every deployed contract is, and any query of it.
    pub contracts: Arc<dyn ContractReads>,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}
