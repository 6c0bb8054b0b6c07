//! The agent against a fake federation contract that checks records as the real one does.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use ledger_client::ClientError;
use ledger_reading::signer::{MeterKey, verify_digest};
use ledger_sdk::contracts::cloud::usage::digest;
use ledger_types::cloud::codes;

use super::*;

const CHAIN: &str = "ledger-test-1";
const CONTRACT: &str = "wasm1federation";

/// A lease as the fake contract holds it.
#[derive(Clone, Debug)]
struct FakeLease {
    /// Accepted and not closed.
    running: bool,
    /// Not accepted yet (when not running).
    requested: bool,
    sequence: u64,
    until: u64,
    gb: u64,
}

/// The contract's checks of `SubmitUsage`, all or nothing, and faults to inject.
struct FakeChain {
    agent_key: [u8; 33],
    leases: Mutex<BTreeMap<u64, FakeLease>>,
    /// Submits that fail as if the node were down, before any reaches the contract.
    unreachable: Mutex<u32>,
    /// Every submit the contract saw: its size and whether it was taken.
    submits: Mutex<Vec<(usize, bool)>>,
}

impl FakeChain {
    fn new(agent_key: [u8; 33], leases: &[(u64, bool, u64)]) -> Self {
        FakeChain {
            agent_key,
            leases: Mutex::new(
                leases
                    .iter()
                    .map(|&(id, running, sequence)| {
                        let lease = FakeLease {
                            running,
                            requested: false,
                            sequence,
                            until: 0,
                            gb: 0,
                        };
                        (id, lease)
                    })
                    .collect(),
            ),
            unreachable: Mutex::new(0),
            submits: Mutex::new(Vec::new()),
        }
    }

    fn lease(&self, id: u64) -> FakeLease {
        self.leases.lock().unwrap()[&id].clone()
    }

    fn refuse(code: &str, what: String) -> ledger_sdk::Error {
        ledger_sdk::Error::Client(ClientError::Contract {
            message: format!("[ledger:{code}] {what}"),
        })
    }

    fn check(&self, records: &[SignedUsage]) -> ledger_sdk::Result<()> {
        let mut leases = self.leases.lock().unwrap().clone();
        for r in records {
            let Some(lease) = leases.get_mut(&r.lease_id) else {
                return Err(Self::refuse(
                    codes::UNKNOWN_LEASE,
                    format!("no lease {}", r.lease_id),
                ));
            };
            if !lease.running {
                return Err(Self::refuse(codes::LEASE_NOT_RUNNING, "closed".into()));
            }
            let d = digest(CHAIN, CONTRACT, r);
            if !verify_digest(&d, r.signature.as_slice(), &self.agent_key) {
                return Err(Self::refuse(
                    codes::BAD_USAGE_SIGNATURE,
                    "bad signature".into(),
                ));
            }
            if r.sequence <= lease.sequence {
                return Err(Self::refuse(codes::USAGE_SEQUENCE, "repeated".into()));
            }
            if r.period_start < lease.until {
                return Err(Self::refuse(codes::USAGE_PERIOD_OVERLAP, "overlap".into()));
            }
            lease.sequence = r.sequence;
            lease.until = r.period_end;
            lease.gb += r.gb;
        }
        *self.leases.lock().unwrap() = leases;
        Ok(())
    }
}

impl UsageChain for &FakeChain {
    async fn submit(&self, records: Vec<SignedUsage>) -> ledger_sdk::Result<u64> {
        {
            let mut down = self.unreachable.lock().unwrap();
            if *down > 0 {
                *down -= 1;
                return Err(ledger_sdk::Error::Client(ClientError::NodeUnreachable {
                    node: "fake".into(),
                    reason: "connection refused".into(),
                }));
            }
        }
        let result = self.check(&records);
        self.submits
            .lock()
            .unwrap()
            .push((records.len(), result.is_ok()));
        result.map(|()| 100)
    }

    async fn lease_usage(&self, lease_id: u64) -> ledger_sdk::Result<LeaseUsage> {
        let leases = self.leases.lock().unwrap();
        let Some(lease) = leases.get(&lease_id) else {
            return Err(FakeChain::refuse(codes::UNKNOWN_LEASE, "no lease".into()));
        };
        Ok(LeaseUsage {
            status: match (lease.running, lease.requested) {
                (true, _) => ledger_types::cloud::LeaseStatus::Running,
                (false, true) => ledger_types::cloud::LeaseStatus::Requested,
                (false, false) => ledger_types::cloud::LeaseStatus::Closed,
            },
            usage_gb: lease.gb,
            usage_sequence: lease.sequence,
            usage_until: lease.until,
        })
    }
}

fn key() -> MeterKey {
    MeterKey::from_bytes(&[7u8; 32]).unwrap()
}

fn agent<'a>(chain: &'a FakeChain, dir: &Path) -> Agent<&'a FakeChain> {
    let book_path = dir.join("agent-state.json");
    let book = Book::open(&book_path, CHAIN, CONTRACT).unwrap();
    Agent::new(
        chain,
        key(),
        book,
        book_path,
        dir.join("usage-dropped.jsonl"),
        Duration::from_millis(10),
    )
}

fn figure(lease_id: u64, start: u64, end: u64, milli_gb: u64) -> UsageFigure {
    UsageFigure {
        lease_id,
        period_start: start,
        period_end: end,
        nano_gb: milli_gb * 1_000_000,
    }
}

fn sequences(book: &Book) -> Vec<(u64, u64, u64)> {
    book.pending
        .iter()
        .map(|r| (r.lease_id, r.sequence, r.gb))
        .collect()
}

#[tokio::test]
async fn records_are_numbered_signed_and_sent_with_fractions_carried() {
    let dir = tempfile::tempdir().unwrap();
    let chain = FakeChain::new(key().public_key(), &[(1, true, 0), (2, true, 0)]);
    let mut agent = agent(&chain, dir.path());
    agent.take(figure(1, 0, 100, 600)).await.unwrap();
    agent.take(figure(1, 100, 200, 600)).await.unwrap();
    agent.take(figure(2, 0, 100, 3_000)).await.unwrap();
    agent.take(figure(1, 200, 300, 1_700)).await.unwrap();
    // 0.6 GB: none whole yet; 1.2: one, 0.2 carried; 0.2 + 1.7 = 1.9: one, 0.9 carried.
    assert_eq!(
        sequences(agent.book()),
        vec![(1, 1, 0), (1, 2, 1), (2, 1, 3), (1, 3, 1)]
    );
    assert_eq!(agent.book().leases[&1].carry_nano_gb, 900_000_000);
    assert_eq!(agent.flush().await.unwrap(), Flush::Done);
    assert_eq!(*chain.submits.lock().unwrap(), vec![(4, true)]);
    let lease = chain.lease(1);
    assert_eq!((lease.sequence, lease.until, lease.gb), (3, 300, 2));
    assert_eq!(chain.lease(2).gb, 3);
    assert_eq!(agent.pending(), 0);
    assert_eq!(
        (
            agent.summary().signed,
            agent.summary().sent,
            agent.summary().transactions
        ),
        (4, 4, 1)
    );
}

#[tokio::test]
async fn a_restart_resumes_the_sequence_and_skips_what_it_signed() {
    let dir = tempfile::tempdir().unwrap();
    let chain = FakeChain::new(key().public_key(), &[(1, true, 0)]);
    {
        let mut first = agent(&chain, dir.path());
        first.take(figure(1, 0, 100, 1_000)).await.unwrap();
        first.take(figure(1, 100, 200, 1_000)).await.unwrap();
        // The chain is away: both stay in the book on disk.
        *chain.unreachable.lock().unwrap() = 1;
        assert!(matches!(first.flush().await.unwrap(), Flush::RetryIn(_)));
        assert_eq!(first.pending(), 2);
    }
    let mut second = agent(&chain, dir.path());
    assert_eq!(sequences(second.book()), vec![(1, 1, 1), (1, 2, 1)]);
    // The input is read again from its start after the restart, then goes on.
    second.take(figure(1, 0, 100, 1_000)).await.unwrap();
    second.take(figure(1, 100, 200, 1_000)).await.unwrap();
    second.take(figure(1, 200, 300, 2_000)).await.unwrap();
    assert_eq!(second.summary().already_signed, 2);
    assert_eq!(
        sequences(second.book()),
        vec![(1, 1, 1), (1, 2, 1), (1, 3, 2)]
    );
    assert_eq!(second.flush().await.unwrap(), Flush::Done);
    let lease = chain.lease(1);
    assert_eq!((lease.sequence, lease.gb), (3, 4));
}

#[tokio::test]
async fn a_record_already_on_chain_is_skipped_and_the_rest_sent() {
    let dir = tempfile::tempdir().unwrap();
    let chain = FakeChain::new(key().public_key(), &[(1, true, 0)]);
    let mut agent = agent(&chain, dir.path());
    agent.take(figure(1, 0, 100, 1_000)).await.unwrap();
    agent.take(figure(1, 100, 200, 1_000)).await.unwrap();
    // The first record reached a block, but the agent never heard (its answer timed out).
    chain.check(&agent.book().pending[..1]).unwrap();
    assert_eq!(agent.flush().await.unwrap(), Flush::Done);
    assert_eq!(agent.summary().repeated, 1);
    assert_eq!(agent.summary().sent, 1);
    // The batch of two was refused whole, then each was sent alone.
    assert_eq!(
        *chain.submits.lock().unwrap(),
        vec![(2, false), (1, false), (1, true)]
    );
    assert_eq!(chain.lease(1).sequence, 2);
}

#[tokio::test]
async fn records_of_a_lease_no_longer_running_are_dropped_and_others_sent() {
    let dir = tempfile::tempdir().unwrap();
    let chain = FakeChain::new(key().public_key(), &[(1, true, 0), (2, true, 0)]);
    let mut agent = agent(&chain, dir.path());
    agent.take(figure(1, 0, 100, 1_000)).await.unwrap();
    agent.take(figure(2, 0, 100, 1_000)).await.unwrap();
    agent.take(figure(1, 100, 200, 1_000)).await.unwrap();
    chain.leases.lock().unwrap().get_mut(&1).unwrap().running = false;
    assert_eq!(agent.flush().await.unwrap(), Flush::Done);
    assert_eq!(agent.summary().dropped, 2);
    assert_eq!(agent.summary().sent, 1);
    assert_eq!(chain.lease(2).gb, 1);
    assert_eq!(chain.lease(1).gb, 0);
    let dropped = std::fs::read_to_string(dir.path().join("usage-dropped.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = dropped
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| l["code"] == codes::LEASE_NOT_RUNNING));
    assert_eq!(
        lines
            .iter()
            .map(|l| l["sequence"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        vec![1, 2]
    );
    // Later figures of the ended lease are not signed.
    agent.take(figure(1, 200, 300, 1_000)).await.unwrap();
    assert_eq!(agent.summary().not_signed, 1);
    assert_eq!(agent.pending(), 0);
    assert_eq!(
        agent.book().leases[&1].ended.as_deref(),
        Some(codes::LEASE_NOT_RUNNING)
    );
}

#[tokio::test]
async fn a_lease_first_seen_follows_the_chain_or_is_refused_if_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let chain = FakeChain::new(key().public_key(), &[(1, true, 5), (3, false, 2)]);
    chain.leases.lock().unwrap().get_mut(&1).unwrap().until = 500;
    let mut agent = agent(&chain, dir.path());
    agent.take(figure(1, 400, 500, 1_000)).await.unwrap();
    agent.take(figure(1, 500, 600, 1_000)).await.unwrap();
    agent.take(figure(3, 0, 100, 1_000)).await.unwrap();
    agent.take(figure(9, 0, 100, 1_000)).await.unwrap();
    assert_eq!(sequences(agent.book()), vec![(1, 6, 1)]);
    assert_eq!(agent.summary().already_signed, 1);
    assert_eq!(agent.summary().not_signed, 2);

    // A lease not yet accepted is not metered, and not written off: once it runs, it is.
    chain.leases.lock().unwrap().insert(
        4,
        FakeLease {
            running: false,
            requested: true,
            sequence: 0,
            until: 0,
            gb: 0,
        },
    );
    agent.take(figure(4, 0, 100, 1_000)).await.unwrap();
    assert!(!agent.book().knows(4));
    assert_eq!(agent.summary().not_signed, 3);
    chain.leases.lock().unwrap().get_mut(&4).unwrap().running = true;
    agent.take(figure(4, 100, 200, 1_000)).await.unwrap();
    assert_eq!(sequences(agent.book()), vec![(1, 6, 1), (4, 1, 1)]);
    assert_eq!(agent.book().leases[&3].ended.as_deref(), Some("closed"));
    assert_eq!(
        agent.book().leases[&9].ended.as_deref(),
        Some(codes::UNKNOWN_LEASE)
    );
}

#[tokio::test]
async fn another_agent_key_stops_the_agent_and_keeps_the_records() {
    let dir = tempfile::tempdir().unwrap();
    let other = MeterKey::from_bytes(&[8u8; 32]).unwrap();
    let chain = FakeChain::new(other.public_key(), &[(1, true, 0)]);
    let mut agent = agent(&chain, dir.path());
    agent.take(figure(1, 0, 100, 1_000)).await.unwrap();
    let error = agent.flush().await.unwrap_err();
    let AgentError::Refused { code, sequence, .. } = &error else {
        panic!("not a refusal: {error}");
    };
    assert_eq!((code.as_str(), *sequence), (codes::BAD_USAGE_SIGNATURE, 1));
    assert!(
        error.to_string().contains("meter-client agent pubkey"),
        "{error}"
    );
    assert_eq!(agent.pending(), 1);
    let on_disk = Book::open(&dir.path().join("agent-state.json"), CHAIN, CONTRACT).unwrap();
    assert_eq!(on_disk.pending.len(), 1);
}

#[test]
fn a_book_serves_one_contract_on_one_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("agent-state.json");
    let book = Book::open(&path, CHAIN, CONTRACT).unwrap();
    book.save(&path).unwrap();
    assert_eq!(Book::open(&path, CHAIN, CONTRACT).unwrap(), book);
    let error = Book::open(&path, CHAIN, "wasm1other").unwrap_err();
    assert!(matches!(error, BookError::OtherContract { .. }));
    assert!(error.to_string().contains("another --data-dir"), "{error}");
    std::fs::write(&path, "{").unwrap();
    assert!(matches!(
        Book::open(&path, CHAIN, CONTRACT),
        Err(BookError::Damaged { .. })
    ));
}
