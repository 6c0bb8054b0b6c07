//! Errors that say what went wrong and what to do about it.
//!
//! Transaction failures are classified from the chain's code, codespace and raw log (see
//! [`crate::rawlog`]): a contract's refusal becomes [`ClientError::Contract`] carrying the
//! contract's own words, a fee below the node's minimum becomes
//! [`ClientError::InsufficientFees`], and so on. Whatever is not recognised stays available
//! in full as [`ClientError::TxFailed`].

use std::path::PathBuf;
use std::time::Duration;

use crate::keys::KeyError;

/// Everything the chain client can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The node's RPC endpoint did not answer.
    #[error(
        "cannot reach the chain node at {node} ({reason}); is the chain running? \
         Start the local network with `make localnet`, or pass the right --node"
    )]
    NodeUnreachable {
        /// The RPC address that was tried.
        node: String,
        /// What the HTTP client reported.
        reason: String,
    },

    /// The node belongs to another chain than the one configured.
    #[error(
        "the node at {node} serves chain '{actual}', not '{expected}': \
         check --chain-id and --node"
    )]
    ChainIdMismatch {
        /// The RPC address that answered.
        node: String,
        /// The chain id in the configuration.
        expected: String,
        /// The chain id the node reported.
        actual: String,
    },

    /// The signing account has never received funds, so the chain does not know it.
    #[error(
        "account {address} does not exist on the chain yet: fund it first (send it some tokens)"
    )]
    AccountNotFound {
        /// The account's address.
        address: String,
    },

    /// A contract refused the message; `message` is the contract's own error text.
    #[error("contract error: {message}")]
    Contract {
        /// The contract's error, with the chain's wrapping removed.
        message: String,
    },

    /// The fee offered is below the node's minimum gas price.
    #[error(
        "insufficient fees: offered {offered}, the node requires at least {required}; \
         raise the gas price or the fee"
    )]
    InsufficientFees {
        /// The minimum fee the node asked for, e.g. `5000stake`.
        required: String,
        /// The fee the transaction offered, e.g. `1stake`.
        offered: String,
    },

    /// The transaction ran out of gas.
    #[error(
        "out of gas: the limit was {wanted} and execution needed more (used {used}); \
         use automatic gas or raise the gas limit or adjustment"
    )]
    OutOfGas {
        /// The gas limit of the transaction.
        wanted: u64,
        /// Gas used when execution stopped.
        used: u64,
    },

    /// The transaction was signed with a stale account sequence (another transaction from the
    /// same account got in first).
    #[error(
        "account sequence mismatch: the chain expected {expected}, the transaction had {got}; \
         another transaction from this account landed first, so sign again with sequence {expected}"
    )]
    SequenceMismatch {
        /// The sequence the chain expected.
        expected: u64,
        /// The sequence the transaction carried.
        got: u64,
    },

    /// The signer cannot pay the fee or the amounts it sends.
    #[error("insufficient funds: {log}; fund the account first")]
    InsufficientFunds {
        /// The chain's explanation, e.g. `spendable balance 10stake is smaller than 100stake`.
        log: String,
    },

    /// The node's mempool already holds these exact transaction bytes.
    #[error("transaction {hash} is already in the node's mempool; wait for it to be included")]
    AlreadyInMempool {
        /// Hex hash of the transaction.
        hash: String,
    },

    /// The transaction was accepted into the mempool but not seen in a block in time.
    #[error(
        "transaction {hash} was not included in a block within {} s; it may still land: \
         look it up with `wasmd query tx {hash}`",
        timeout.as_secs()
    )]
    TxTimeout {
        /// Hex hash of the transaction.
        hash: String,
        /// How long the client waited.
        timeout: Duration,
    },

    /// The transaction failed for a reason without a variant of its own.
    #[error("transaction failed (codespace '{codespace}', code {code}): {log}")]
    TxFailed {
        /// ABCI result code.
        code: u32,
        /// Module that produced the code, e.g. `sdk` or `wasm`.
        codespace: String,
        /// The chain's raw log.
        log: String,
    },

    /// A query was refused by the node.
    #[error("query {path} failed (codespace '{codespace}', code {code}): {log}")]
    QueryFailed {
        /// ABCI query path, e.g. `/cosmos.bank.v1beta1.Query/Balance`.
        path: String,
        /// ABCI result code.
        code: u32,
        /// Module that produced the code.
        codespace: String,
        /// The node's log.
        log: String,
    },

    /// The node answered with an RPC-level error.
    #[error("RPC error from {node}: {reason}")]
    Rpc {
        /// The RPC address.
        node: String,
        /// The error the RPC client reported.
        reason: String,
    },

    /// Bytes from the chain (or a JSON response) could not be decoded.
    #[error("cannot decode {what}: {reason}")]
    Decode {
        /// What was being decoded.
        what: String,
        /// Why it failed.
        reason: String,
    },

    /// An argument or setting is not usable.
    #[error("invalid {what}: {reason}")]
    InvalidInput {
        /// What was invalid.
        what: String,
        /// Why.
        reason: String,
    },

    /// A key could not be created, read or decrypted.
    #[error(transparent)]
    Key(#[from] KeyError),

    /// No deployment file where one was expected.
    #[error("no deployment file at {}: run `ledger deploy` first", path.display())]
    DeploymentMissing {
        /// Where it was looked for.
        path: PathBuf,
    },

    /// The deployment file exists but is not a deployment.
    #[error("deployment file {} is not valid: {reason}", path.display())]
    DeploymentInvalid {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },

    /// The deployment file has no regional sub-chain of that name.
    #[error(
        "the deployment file has no region '{region}' (it has: {}); add one with `ledger region deploy`",
        if known.is_empty() { "none".to_string() } else { known.join(", ") }
    )]
    UnknownRegion {
        /// The region asked for.
        region: String,
        /// The regions the file records.
        known: Vec<String>,
    },

    /// Reading or writing a file failed.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done (`read`, `write`, ...).
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

impl ClientError {
    /// An [`ClientError::InvalidInput`] in one line.
    pub(crate) fn invalid(what: impl Into<String>, reason: impl ToString) -> Self {
        Self::InvalidInput {
            what: what.into(),
            reason: reason.to_string(),
        }
    }

    /// A [`ClientError::Decode`] in one line.
    pub(crate) fn decode(what: impl Into<String>, reason: impl ToString) -> Self {
        Self::Decode {
            what: what.into(),
            reason: reason.to_string(),
        }
    }

    /// The contract's stable error code (see `ledger_types::error_code`) when a contract
    /// refused a transaction or a query: what programs decide on. The English text is for
    /// people and may change.
    pub fn contract_code(&self) -> Option<&str> {
        match self {
            Self::Contract { message } => ledger_types::error_code::code_in(message),
            Self::QueryFailed { log, .. } => ledger_types::error_code::code_in(log),
            _ => None,
        }
    }

    /// True when retrying the same request later may succeed (node down, tx not yet included).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::NodeUnreachable { .. } | Self::TxTimeout { .. } | Self::Rpc { .. }
        )
    }
}
