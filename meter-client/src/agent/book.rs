//! The agent's book: per lease, the next sequence, how far its usage is signed and the
//! fraction of a GB carried into its next record; and the signed records not yet in a block.
//!
//! The book is one JSON file replaced atomically (written beside, flushed, renamed over), so
//! that a record's sequence, the lease's next sequence and the record itself are on disk
//! together or not at all: after a crash, a record is either pending in the book (and sent
//! again with its sequence) or was never signed, and its figure is signed afresh when the
//! input is read again. A restart therefore never reuses a sequence nor skips one.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use cosmwasm_std::Binary;
use ledger_reading::signer::MeterKey;
use ledger_sdk::contracts::cloud::{LeaseUsage, SignedUsage, usage::digest};
use serde::{Deserialize, Serialize};

use super::input::{NANO_PER_GB, UsageFigure};

/// Where the agent stands on one lease.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeaseBook {
    /// The sequence of the lease's next record.
    pub next_sequence: u64,
    /// The end of the last period signed: figures ending at or before it are signed already.
    pub signed_until: u64,
    /// Billionths of a GB measured but not yet in a record (records carry whole GB).
    pub carry_nano_gb: u64,
    /// Why the lease takes no more records (the contract's code or the lease's status), once
    /// the contract said so.
    pub ended: Option<String>,
}

impl LeaseBook {
    /// The book of a lease first seen, from what the contract has recorded of it: ended
    /// once it is rejected, withdrawn or closed.
    pub fn from_chain(usage: &LeaseUsage) -> Self {
        LeaseBook {
            next_sequence: usage.usage_sequence.saturating_add(1),
            signed_until: usage.usage_until,
            carry_nano_gb: 0,
            ended: (!usage.status.is_open()).then(|| usage.status.as_str().to_string()),
        }
    }
}

/// What became of a usage figure.
#[derive(Clone, Debug, PartialEq)]
pub enum Signing {
    /// Signed as this record, now pending.
    Signed(SignedUsage),
    /// The period is signed already (the input was read again after a restart).
    AlreadySigned,
    /// The period starts before the end of what is signed: the input overlaps itself.
    Overlaps {
        /// The end of the last signed period.
        signed_until: u64,
    },
    /// The lease takes no more records.
    LeaseEnded {
        /// Why (a contract code or the lease's status).
        why: String,
    },
}

/// The book: which contract on which chain it signs for, each lease's standing and the
/// pending records, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Book {
    /// The chain the records are signed for.
    pub chain_id: String,
    /// The federation contract the records are signed for.
    pub contract: String,
    /// Each lease's standing, by lease id.
    pub leases: BTreeMap<u64, LeaseBook>,
    /// Signed records not yet in a block, in signing order.
    pub pending: Vec<SignedUsage>,
}

/// The book could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum BookError {
    /// A file operation failed.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What was being done (`cannot write`).
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a book.
    #[error(
        "{} is not an agent book ({reason}); it holds the agent's sequences: restore it from a \
         backup rather than deleting it",
        path.display()
    )]
    Damaged {
        /// The file.
        path: PathBuf,
        /// The parser's words.
        reason: String,
    },
    /// The data directory signs for another contract or chain.
    #[error(
        "this data directory's agent signs for contract {book_contract} on chain \
         {book_chain}, not {contract} on {chain}: use another --data-dir for another contract"
    )]
    OtherContract {
        /// The book's contract.
        book_contract: String,
        /// The book's chain.
        book_chain: String,
        /// The contract asked for.
        contract: String,
        /// The chain asked for.
        chain: String,
    },
}

impl Book {
    /// The book at `path` for `contract` on `chain_id`, or an empty one if there is none yet.
    pub fn open(path: &Path, chain_id: &str, contract: &str) -> Result<Book, BookError> {
        let book = match fs::read(path) {
            Ok(bytes) => {
                serde_json::from_slice::<Book>(&bytes).map_err(|e| BookError::Damaged {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                })?
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Book {
                chain_id: chain_id.to_string(),
                contract: contract.to_string(),
                ..Book::default()
            },
            Err(source) => {
                return Err(BookError::Io {
                    action: "cannot read",
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        if book.chain_id != chain_id || book.contract != contract {
            return Err(BookError::OtherContract {
                book_contract: book.contract,
                book_chain: book.chain_id,
                contract: contract.to_string(),
                chain: chain_id.to_string(),
            });
        }
        Ok(book)
    }

    /// Writes the book to `path` atomically: a file beside it, flushed, renamed over it.
    pub fn save(&self, path: &Path) -> Result<(), BookError> {
        let io = |action: &'static str, path: &Path| {
            let path = path.to_path_buf();
            move |source| BookError::Io {
                action,
                path,
                source,
            }
        };
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| BookError::Io {
            action: "cannot encode",
            path: path.to_path_buf(),
            source: std::io::Error::other(e),
        })?;
        let tmp = path.with_extension("json.tmp");
        let mut file = File::create(&tmp).map_err(io("cannot create", &tmp))?;
        file.write_all(&bytes)
            .and_then(|()| file.sync_all())
            .map_err(io("cannot write", &tmp))?;
        fs::rename(&tmp, path).map_err(io("cannot replace", path))?;
        // The rename is durable once the directory is.
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(io("cannot flush", dir))?;
        }
        Ok(())
    }

    /// Signs `figure` with `key` if its lease is known to the book ([`Book::adopt`] first),
    /// adding the record to the pending ones. The caller saves the book before sending.
    pub fn sign(&mut self, figure: &UsageFigure, key: &MeterKey) -> Signing {
        let lease = self.leases.entry(figure.lease_id).or_default();
        if let Some(why) = &lease.ended {
            return Signing::LeaseEnded { why: why.clone() };
        }
        if figure.period_end <= lease.signed_until {
            return Signing::AlreadySigned;
        }
        if figure.period_start < lease.signed_until {
            return Signing::Overlaps {
                signed_until: lease.signed_until,
            };
        }
        let total = lease.carry_nano_gb.saturating_add(figure.nano_gb);
        let mut record = SignedUsage {
            lease_id: figure.lease_id,
            sequence: lease.next_sequence.max(1),
            gb: total / NANO_PER_GB,
            period_start: figure.period_start,
            period_end: figure.period_end,
            signature: Binary::default(),
        };
        let signature = key.sign_digest(&digest(&self.chain_id, &self.contract, &record));
        record.signature = Binary::from(signature.to_vec());
        lease.carry_nano_gb = total % NANO_PER_GB;
        lease.next_sequence = record.sequence + 1;
        lease.signed_until = figure.period_end;
        self.pending.push(record.clone());
        Signing::Signed(record)
    }

    /// Takes in a lease first seen, as the contract has recorded it, so that its first record
    /// follows the chain's last (a book lost or restored from an old backup never reuses a
    /// sequence the chain holds).
    pub fn adopt(&mut self, lease_id: u64, usage: &LeaseUsage) {
        self.leases
            .entry(lease_id)
            .or_insert_with(|| LeaseBook::from_chain(usage));
    }

    /// Marks a lease as taking no more records, and takes its pending records out; they are
    /// returned for the agent to report.
    pub fn end_lease(&mut self, lease_id: u64, why: &str) -> Vec<SignedUsage> {
        self.leases.entry(lease_id).or_default().ended = Some(why.to_string());
        let (dropped, kept) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|r| r.lease_id == lease_id);
        self.pending = kept;
        dropped
    }

    /// Whether the book knows the lease.
    pub fn knows(&self, lease_id: u64) -> bool {
        self.leases.contains_key(&lease_id)
    }
}
