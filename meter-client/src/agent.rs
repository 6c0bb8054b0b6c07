//! The provider's metering agent for the cloud federation: it signs usage records
//! {lease, sequence, GB, period} of running leases with the agent's key and sends them to the
//! federation contract, which verifies them against the key the provider registered.
//!
//! * [`input`]: usage figures per lease and period, read from a file or stdin (the real
//!   source is the provider's cloud, which any exporter can turn into these lines);
//! * [`book`]: sequences, signed periods, GB fractions and pending records, one atomic file;
//! * [`verdict`]: what a refusal's code means for the record;
//! * [`Agent`]: signing, batching, sending, and acting on refusals by their codes.
//!
//! Sending reuses the meter client's manners: records wait in the book (the agent's outbox)
//! until their transaction is in a block, at most [`MAX_USAGE_BATCH`] go in one message, and
//! an unreachable chain is retried with [`Backoff`]. The contract takes a batch whole or
//! refuses it whole, naming only the first bad record's code; after a refusal the agent sends
//! that batch's records one by one, so that each refusal's code is that record's.

pub mod book;
pub mod input;
pub mod verdict;

use std::fs::OpenOptions;
use std::future::Future;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use ledger_reading::signer::MeterKey;
use ledger_sdk::contracts::cloud::{LeaseStatus, LeaseUsage, MAX_USAGE_BATCH, SignedUsage};
use serde::Serialize;

use crate::backoff::Backoff;
use book::{Book, BookError, Signing};
use input::UsageFigure;
use verdict::{Verdict, remedy, verdict};

/// The federation contract as the agent needs it; [`SdkChain`] is the real one.
pub trait UsageChain {
    /// Sends `records` in one `SubmitUsage`; the block height on success.
    fn submit(&self, records: Vec<SignedUsage>) -> impl Future<Output = ledger_sdk::Result<u64>>;
    /// What the contract has recorded of a lease's usage.
    fn lease_usage(&self, lease_id: u64) -> impl Future<Output = ledger_sdk::Result<LeaseUsage>>;
}

/// The federation contract reached through the SDK, the fees paid by `sender`.
pub struct SdkChain {
    /// The chain connection.
    pub ledger: ledger_sdk::Ledger,
    /// The account that pays the fees (not the agent's key, which only signs records).
    pub sender: ledger_sdk::Sender,
    /// The federation contract's address.
    pub federation: String,
}

impl UsageChain for SdkChain {
    async fn submit(&self, records: Vec<SignedUsage>) -> ledger_sdk::Result<u64> {
        let outcome = self
            .ledger
            .submit_usage(&self.sender, &self.federation, records)
            .await?;
        Ok(outcome.height)
    }

    async fn lease_usage(&self, lease_id: u64) -> ledger_sdk::Result<LeaseUsage> {
        self.ledger.lease_usage(&self.federation, lease_id).await
    }
}

/// Why the agent stopped.
#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    /// The book could not be read or written.
    #[error(transparent)]
    Book(#[from] BookError),
    /// The contract refused a record in a way a person must resolve.
    #[error(
        "the federation contract refused usage record {sequence} of lease {lease_id} \
         ({code}): {message}; {remedy}. The record stays in the agent's book and is sent again \
         on the next run"
    )]
    Refused {
        /// The lease.
        lease_id: u64,
        /// The record's sequence.
        sequence: u64,
        /// The contract's code.
        code: String,
        /// The contract's words.
        message: String,
        /// What to do.
        remedy: &'static str,
    },
    /// The chain failed in a way retrying does not cure (fees, gas, a wrong contract).
    #[error("sending usage records failed: {0}")]
    Chain(ledger_sdk::Error),
    /// The dropped-records file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Dropped {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Counts of one run, for the closing line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgentSummary {
    /// Records signed.
    pub signed: u64,
    /// Records in a block.
    pub sent: u64,
    /// Transactions that carried them.
    pub transactions: u64,
    /// Records the lease already held (a repeated sequence), skipped.
    pub repeated: u64,
    /// Records dropped because their lease no longer runs, or set aside as refused.
    pub dropped: u64,
    /// Figures of periods already signed (input read again), skipped.
    pub already_signed: u64,
    /// Figures not signed: their lease had ended or their period overlapped.
    pub not_signed: u64,
}

/// After a pass of sending: done, or wait before the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flush {
    /// Nothing is pending.
    Done,
    /// Records wait; try again after this long.
    RetryIn(Duration),
}

/// A record the contract will never take, as written to `usage-dropped.jsonl`.
#[derive(Serialize)]
struct DroppedLine<'a> {
    lease_id: u64,
    sequence: u64,
    gb: u64,
    period_start: u64,
    period_end: u64,
    /// The contract's code (or the lease's status when the agent learnt it by query).
    code: &'a str,
}

/// The agent: a key, a book, and a chain to send to.
pub struct Agent<C> {
    chain: C,
    key: MeterKey,
    book: Book,
    book_path: PathBuf,
    dropped_path: PathBuf,
    backoff: Backoff,
    /// Records of the last refused batch still to send one by one.
    one_by_one: usize,
    summary: AgentSummary,
}

impl<C: UsageChain> Agent<C> {
    /// An agent keeping `book` at `book_path` and writing dropped records to `dropped_path`.
    pub fn new(
        chain: C,
        key: MeterKey,
        book: Book,
        book_path: PathBuf,
        dropped_path: PathBuf,
        backoff_cap: Duration,
    ) -> Self {
        Agent {
            chain,
            key,
            book,
            book_path,
            dropped_path,
            backoff: Backoff::new(Duration::from_millis(500), backoff_cap),
            one_by_one: 0,
            summary: AgentSummary::default(),
        }
    }

    /// The book as it stands.
    pub fn book(&self) -> &Book {
        &self.book
    }

    /// This run's counts.
    pub fn summary(&self) -> &AgentSummary {
        &self.summary
    }

    /// Records waiting to be sent.
    pub fn pending(&self) -> usize {
        self.book.pending.len()
    }

    /// Signs a figure into a pending record and saves the book. A lease first seen is looked
    /// up on chain first (retried while the chain is unreachable), so that its records follow
    /// what the contract holds.
    pub async fn take(&mut self, figure: UsageFigure) -> Result<(), AgentError> {
        let lease_id = figure.lease_id;
        if !self.book.knows(lease_id) {
            let usage = self.look_up(lease_id).await?;
            match usage {
                // Not accepted yet: nothing of it is metered, and it may still run.
                Some(usage) if usage.status == LeaseStatus::Requested => {
                    self.summary.not_signed += 1;
                    tracing::warn!(
                        "lease {lease_id} is not running yet (requested): usage from {} to {} \
                         not signed",
                        figure.period_start,
                        figure.period_end
                    );
                    return Ok(());
                }
                Some(usage) => self.book.adopt(lease_id, &usage),
                None => {
                    self.book
                        .end_lease(lease_id, ledger_types::cloud::codes::UNKNOWN_LEASE);
                }
            }
        }
        match self.book.sign(&figure, &self.key) {
            Signing::Signed(record) => {
                self.summary.signed += 1;
                tracing::debug!(
                    lease_id,
                    sequence = record.sequence,
                    gb = record.gb,
                    "usage record signed"
                );
            }
            Signing::AlreadySigned => {
                self.summary.already_signed += 1;
                tracing::debug!(
                    lease_id,
                    period_end = figure.period_end,
                    "period already signed; skipped"
                );
                return Ok(());
            }
            Signing::Overlaps { signed_until } => {
                self.summary.not_signed += 1;
                tracing::warn!(
                    "usage of lease {lease_id} from {} to {} overlaps what is signed (up to \
                     {signed_until}); not signed: the input must not repeat part of a period",
                    figure.period_start,
                    figure.period_end
                );
                return Ok(());
            }
            Signing::LeaseEnded { why } => {
                self.summary.not_signed += 1;
                tracing::warn!(
                    "lease {lease_id} is no longer running ({why}): usage from {} to {} not signed",
                    figure.period_start,
                    figure.period_end
                );
                return Ok(());
            }
        }
        self.book.save(&self.book_path)?;
        Ok(())
    }

    /// A lease's usage on chain, `None` when the contract has no such lease; retried with
    /// backoff while the chain is unreachable.
    async fn look_up(&mut self, lease_id: u64) -> Result<Option<LeaseUsage>, AgentError> {
        let mut backoff = self.backoff.clone();
        backoff.reset();
        loop {
            match self.chain.lease_usage(lease_id).await {
                Ok(usage) => return Ok(Some(usage)),
                Err(e) if e.contract_code() == Some(ledger_types::cloud::codes::UNKNOWN_LEASE) => {
                    return Ok(None);
                }
                Err(e) if transient(&e) => {
                    let delay = backoff.next_delay();
                    tracing::warn!(
                        retry_in_ms = delay.as_millis() as u64,
                        "looking up lease {lease_id}: {e}"
                    );
                    tokio::time::sleep(delay).await;
                }
                Err(e) => return Err(AgentError::Chain(e)),
            }
        }
    }

    /// Sends pending records, a batch at a time, until none is left or the chain must be
    /// waited for.
    pub async fn flush(&mut self) -> Result<Flush, AgentError> {
        while !self.book.pending.is_empty() {
            let size = if self.one_by_one > 0 {
                1
            } else {
                self.book.pending.len().min(MAX_USAGE_BATCH)
            };
            let batch: Vec<SignedUsage> = self.book.pending[..size].to_vec();
            match self.chain.submit(batch).await {
                Ok(height) => {
                    self.book.pending.drain(..size);
                    self.book.save(&self.book_path)?;
                    self.one_by_one = self.one_by_one.saturating_sub(1);
                    self.summary.sent += size as u64;
                    self.summary.transactions += 1;
                    self.backoff.reset();
                    tracing::info!(
                        records = size,
                        height,
                        pending = self.book.pending.len(),
                        "usage records in a block"
                    );
                }
                Err(e) => {
                    let code = e.contract_code().map(str::to_string);
                    match code {
                        Some(_) if size > 1 => {
                            // Which record was refused? Sent alone, each says for itself.
                            self.one_by_one = size;
                        }
                        Some(code) => {
                            if let Some(wait) = self.refused(&code, &e)? {
                                return Ok(Flush::RetryIn(wait));
                            }
                            self.one_by_one = self.one_by_one.saturating_sub(1);
                        }
                        None if transient(&e) => {
                            let delay = self.backoff.next_delay();
                            tracing::warn!(
                                retry_in_ms = delay.as_millis() as u64,
                                pending = self.book.pending.len(),
                                "the chain is unreachable: {e}"
                            );
                            return Ok(Flush::RetryIn(delay));
                        }
                        None => return Err(AgentError::Chain(e)),
                    }
                }
            }
        }
        Ok(Flush::Done)
    }

    /// Acts on the refusal of the first pending record (sent alone) with `code`: `Some(wait)`
    /// when it must be sent again later.
    fn refused(
        &mut self,
        code: &str,
        error: &ledger_sdk::Error,
    ) -> Result<Option<Duration>, AgentError> {
        let record = self.book.pending[0].clone();
        let (lease_id, sequence) = (record.lease_id, record.sequence);
        match verdict(code) {
            Verdict::Repeated => {
                self.book.pending.remove(0);
                self.book.save(&self.book_path)?;
                self.summary.repeated += 1;
                tracing::info!(
                    "usage record {sequence} of lease {lease_id} is on chain already \
                     ({code}); skipped"
                );
            }
            Verdict::LeaseEnded => {
                let dropped = self.book.end_lease(lease_id, code);
                self.book.save(&self.book_path)?;
                // The other records of the lease that were in the refused batch are gone too.
                self.one_by_one = self.one_by_one.saturating_sub(dropped.len() - 1);
                for record in &dropped {
                    tracing::warn!(
                        "lease {lease_id} is no longer running ({code}): usage record {} ({} GB, \
                         {} to {}) dropped",
                        record.sequence,
                        record.gb,
                        record.period_start,
                        record.period_end
                    );
                }
                self.write_dropped(&dropped, code)?;
            }
            Verdict::SetAside => {
                self.book.pending.remove(0);
                self.book.save(&self.book_path)?;
                tracing::warn!(
                    "usage record {sequence} of lease {lease_id} refused ({code}): {error}; set \
                     aside in {}",
                    self.dropped_path.display()
                );
                self.write_dropped(std::slice::from_ref(&record), code)?;
            }
            Verdict::Later => {
                let delay = self.backoff.next_delay();
                tracing::warn!(
                    retry_in_ms = delay.as_millis() as u64,
                    "usage record {sequence} of lease {lease_id} not taken now ({code}); sent \
                     again later"
                );
                return Ok(Some(delay));
            }
            Verdict::Stop => {
                return Err(AgentError::Refused {
                    lease_id,
                    sequence,
                    code: code.to_string(),
                    message: ledger_types::error_code::message_of(&error.to_string()).to_string(),
                    remedy: remedy(code),
                });
            }
        }
        Ok(None)
    }

    fn write_dropped(&mut self, records: &[SignedUsage], code: &str) -> Result<(), AgentError> {
        self.summary.dropped += records.len() as u64;
        let fail = |source| AgentError::Dropped {
            path: self.dropped_path.clone(),
            source,
        };
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.dropped_path)
            .map_err(fail)?;
        for r in records {
            let line = DroppedLine {
                lease_id: r.lease_id,
                sequence: r.sequence,
                gb: r.gb,
                period_start: r.period_start,
                period_end: r.period_end,
                code,
            };
            let json = serde_json::to_string(&line).map_err(|e| fail(std::io::Error::other(e)))?;
            writeln!(file, "{json}").map_err(fail)?;
        }
        file.sync_all().map_err(fail)
    }
}

fn transient(error: &ledger_sdk::Error) -> bool {
    matches!(error, ledger_sdk::Error::Client(e) if e.is_transient())
}

#[cfg(test)]
mod tests;
