//! The persistent outbox: signed readings on disk until the chain has them.
//!
//! # Format
//!
//! `outbox.log` is an append-only log. It opens with an 12-byte header (`MCOUTBOX` and a
//! little-endian format version), followed by records:
//!
//! ```text
//! payload length: u32 LE | payload | checksum: first 8 bytes of SHA-256(tag | length | payload)
//! ```
//!
//! A payload is one change: a signed reading entering the outbox (`Reading`, 105 bytes: meter
//! index, sequence, interval, energy, register, 64-byte signature), the readings of a meter up
//! to a sequence leaving it because the chain has them (`Confirmed`), or one reading leaving it
//! because the contract refused it for good (`Dropped`). Replaying the log from the start gives
//! the outbox's content. A `Reading` for a sequence already pending replaces it (how a reading
//! is re-signed after its predecessor was refused); the outbox holds each (meter, sequence)
//! at most once by construction, so a replay can never duplicate a reading.
//!
//! # Why a crash at any moment loses and duplicates nothing
//!
//! * Every change is written with one `write` at the end of the file and made durable with
//!   `fdatasync` before the in-memory outbox changes and before anything depends on it: a
//!   reading is broadcast only after its record is on disk, and it is removed only by a
//!   `Confirmed` record written after its transaction is in a block (or after the chain said
//!   the meter's last sequence covers it).
//! * A crash can therefore only cut the log inside its last, not yet acknowledged, records.
//!   When the log is opened, records are read until the first one that is incomplete or whose
//!   checksum does not match; the file is truncated there (if more than one record's worth of
//!   non-zero bytes would go, a copy is kept as `outbox.log.damaged-<time>` first). What
//!   remains is a prefix of acknowledged changes, a state the outbox really was in.
//! * A lost `Reading` record was never sent (sending waits for the record), and its sequence
//!   number was never used on chain, so the reading is simply produced again. A lost
//!   `Confirmed` record brings readings back that the chain already has; before sending, the
//!   client asks the meter contract for the meter's last sequence and confirms them again, and
//!   the contract refuses replays regardless, so nothing lands twice.
//! * Compaction writes the pending readings to `outbox.log.tmp`, syncs it, renames it over
//!   `outbox.log` and syncs the directory: a crash leaves either the old or the new log, both
//!   complete. The client writes its checkpoint (sequences and registers) before compacting,
//!   because compaction forgets the readings the chain confirmed.

use std::collections::VecDeque;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use ledger_reading::SignedReading;
use sha2::{Digest, Sha256};

/// Magic bytes opening an outbox file.
const MAGIC: &[u8; 8] = b"MCOUTBOX";
/// Format version written after the magic.
const VERSION: u32 = 1;
/// Header length: magic and version.
pub const HEADER_LEN: usize = 12;
/// Checksum domain tag.
const CHECKSUM_TAG: &[u8] = b"meter-client/outbox/v1";
const LEN_BYTES: usize = 4;
const SUM_BYTES: usize = 8;
const KIND_READING: u8 = 1;
const KIND_CONFIRMED: u8 = 2;
const KIND_DROPPED: u8 = 3;
const READING_PAYLOAD: usize = 1 + 4 + 8 + 8 + 4 + 8 + 8 + 64;
const MARK_PAYLOAD: usize = 1 + 4 + 8;
/// Largest record on disk.
pub const MAX_FRAME: usize = LEN_BYTES + READING_PAYLOAD + SUM_BYTES;

/// A signed reading waiting in the outbox (its meter is known from where it is kept). 104
/// bytes in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pending {
    /// The reading's sequence number.
    pub sequence: u64,
    /// Start of its interval, unix seconds.
    pub interval_start: u64,
    /// Length of its interval, seconds.
    pub interval_length: u32,
    /// Energy, Wh.
    pub energy_wh: u64,
    /// Register at the end of the interval, Wh.
    pub register_wh: u64,
    /// The meter's compact secp256k1 signature.
    pub signature: [u8; 64],
}

impl Pending {
    /// End of the interval (saturating).
    pub fn end(&self) -> u64 {
        self.interval_start
            .saturating_add(u64::from(self.interval_length))
    }

    /// The reading as the contract takes it.
    pub fn to_signed(&self, meter_id: &str) -> SignedReading {
        SignedReading {
            meter_id: meter_id.to_string(),
            sequence: self.sequence,
            interval_start: self.interval_start,
            interval_length: self.interval_length,
            energy_wh: self.energy_wh,
            register_wh: self.register_wh,
            signature: self.signature.to_vec().into(),
        }
    }

    /// A signed reading as kept in the outbox; `None` if its signature is not 64 bytes.
    pub fn from_signed(reading: &SignedReading) -> Option<Self> {
        Some(Pending {
            sequence: reading.sequence,
            interval_start: reading.interval_start,
            interval_length: reading.interval_length,
            energy_wh: reading.energy_wh,
            register_wh: reading.register_wh,
            signature: reading.signature.as_slice().try_into().ok()?,
        })
    }
}

/// One change of the outbox, as logged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// A signed reading enters the outbox (or replaces the pending one of the same sequence).
    Reading {
        /// Meter index.
        meter: u32,
        /// The reading.
        reading: Pending,
    },
    /// Every reading of `meter` up to `through` is on chain.
    Confirmed {
        /// Meter index.
        meter: u32,
        /// Highest sequence the chain has.
        through: u64,
    },
    /// The contract refused this reading for good; it is set aside.
    Dropped {
        /// Meter index.
        meter: u32,
        /// Its sequence.
        sequence: u64,
    },
}

/// The last reading ever written for a meter (confirmed or not): where its numbering and
/// register stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tail {
    /// Its sequence.
    pub sequence: u64,
    /// Its register, Wh.
    pub register_wh: u64,
    /// End of its interval.
    pub end: u64,
}

/// What opening the outbox found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recovery {
    /// Records replayed.
    pub records: usize,
    /// Bytes cut off the end (an interrupted write).
    pub truncated_bytes: u64,
    /// Where a copy of a damaged file was kept before truncating it.
    pub damaged_copy: Option<PathBuf>,
}

/// What can go wrong with the outbox file.
#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    /// The file system refused.
    #[error("outbox {}: cannot {action}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What was being done.
        action: &'static str,
        /// The operating system's error.
        source: io::Error,
    },
    /// The file is something else.
    #[error("{} is not an outbox file of this program (or a newer version wrote it)", path.display())]
    NotAnOutbox {
        /// The file.
        path: PathBuf,
    },
    /// An earlier write failed; the outbox refuses further changes until reopened.
    #[error("outbox {}: an earlier write failed; restart the client to recover", path.display())]
    Poisoned {
        /// The file.
        path: PathBuf,
    },
}

/// The outbox: the log file and, in memory, the pending readings of each meter in sequence
/// order.
#[derive(Debug)]
pub struct Outbox {
    path: PathBuf,
    file: File,
    file_len: u64,
    /// Records in the file.
    records: usize,
    pending: Vec<VecDeque<Pending>>,
    confirmed_through: Vec<u64>,
    tails: Vec<Option<Tail>>,
    len: usize,
    poisoned: bool,
}

fn checksum(len: &[u8], payload: &[u8]) -> [u8; SUM_BYTES] {
    let mut h = Sha256::new();
    h.update(CHECKSUM_TAG);
    h.update(len);
    h.update(payload);
    let digest = h.finalize();
    let mut out = [0u8; SUM_BYTES];
    out.copy_from_slice(&digest[..SUM_BYTES]);
    out
}

/// Appends the framed record of `change` to `buf`.
pub fn encode(change: &Change, buf: &mut Vec<u8>) {
    let mut payload = Vec::with_capacity(READING_PAYLOAD);
    match change {
        Change::Reading { meter, reading } => {
            payload.push(KIND_READING);
            payload.extend_from_slice(&meter.to_le_bytes());
            payload.extend_from_slice(&reading.sequence.to_le_bytes());
            payload.extend_from_slice(&reading.interval_start.to_le_bytes());
            payload.extend_from_slice(&reading.interval_length.to_le_bytes());
            payload.extend_from_slice(&reading.energy_wh.to_le_bytes());
            payload.extend_from_slice(&reading.register_wh.to_le_bytes());
            payload.extend_from_slice(&reading.signature);
        }
        Change::Confirmed { meter, through } => {
            payload.push(KIND_CONFIRMED);
            payload.extend_from_slice(&meter.to_le_bytes());
            payload.extend_from_slice(&through.to_le_bytes());
        }
        Change::Dropped { meter, sequence } => {
            payload.push(KIND_DROPPED);
            payload.extend_from_slice(&meter.to_le_bytes());
            payload.extend_from_slice(&sequence.to_le_bytes());
        }
    }
    let len = (payload.len() as u32).to_le_bytes();
    buf.extend_from_slice(&len);
    buf.extend_from_slice(&payload);
    buf.extend_from_slice(&checksum(&len, &payload));
}

/// Reads fixed-width little-endian integers off a payload.
struct Fields<'a>(&'a [u8]);

impl Fields<'_> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let (head, rest) = self.0.split_at(N);
        self.0 = rest;
        let mut out = [0u8; N];
        out.copy_from_slice(head);
        out
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take())
    }
    fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.take())
    }
}

fn decode_payload(payload: &[u8]) -> Option<Change> {
    let (&kind, rest) = payload.split_first()?;
    let mut f = Fields(rest);
    match (kind, payload.len()) {
        (KIND_READING, READING_PAYLOAD) => {
            let meter = f.u32();
            let reading = Pending {
                sequence: f.u64(),
                interval_start: f.u64(),
                interval_length: f.u32(),
                energy_wh: f.u64(),
                register_wh: f.u64(),
                signature: f.take(),
            };
            Some(Change::Reading { meter, reading })
        }
        (KIND_CONFIRMED, MARK_PAYLOAD) => Some(Change::Confirmed {
            meter: f.u32(),
            through: f.u64(),
        }),
        (KIND_DROPPED, MARK_PAYLOAD) => Some(Change::Dropped {
            meter: f.u32(),
            sequence: f.u64(),
        }),
        _ => None,
    }
}

/// The record starting at `buf[0]`, with its length on disk; `None` if it is incomplete or
/// damaged.
fn decode_frame(buf: &[u8]) -> Option<(Change, usize)> {
    let len_bytes = buf.get(..LEN_BYTES)?;
    let len = u32::from_le_bytes(len_bytes.try_into().ok()?) as usize;
    if len == 0 || len > READING_PAYLOAD {
        return None;
    }
    let payload = buf.get(LEN_BYTES..LEN_BYTES + len)?;
    let sum = buf.get(LEN_BYTES + len..LEN_BYTES + len + SUM_BYTES)?;
    if sum != checksum(len_bytes, payload) {
        return None;
    }
    Some((decode_payload(payload)?, LEN_BYTES + len + SUM_BYTES))
}

fn header() -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[..8].copy_from_slice(MAGIC);
    h[8..].copy_from_slice(&VERSION.to_le_bytes());
    h
}

/// Makes a rename or a new file in `dir` durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, synced, renamed into
/// place, and the directory synced.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    fs::rename(&tmp, path)?;
    sync_dir(parent(path))
}

impl Outbox {
    /// Opens (or creates) the outbox at `path`, replays it, and cuts off an interrupted last
    /// write.
    pub fn open(path: impl Into<PathBuf>) -> Result<(Outbox, Recovery), OutboxError> {
        let path = path.into();
        let io = |action: &'static str| {
            let path = path.clone();
            move |source| OutboxError::Io {
                path,
                action,
                source,
            }
        };
        let mut bytes = Vec::new();
        match File::open(&path) {
            Ok(mut file) => {
                file.read_to_end(&mut bytes).map_err(io("read"))?;
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io("open")(e)),
        }
        // A missing file, or one cut inside its header (it is created by renaming a complete
        // header into place, so that only happens if something else truncated it), starts
        // empty.
        if bytes.len() < HEADER_LEN && header().starts_with(&bytes) {
            write_atomically(&path, &header()).map_err(io("create"))?;
            bytes = header().to_vec();
        }
        if bytes.get(..HEADER_LEN) != Some(&header()[..]) {
            return Err(OutboxError::NotAnOutbox { path });
        }

        let mut outbox = Outbox {
            file: OpenOptions::new()
                .append(true)
                .open(&path)
                .map_err(io("open"))?,
            path: path.clone(),
            file_len: 0,
            records: 0,
            pending: Vec::new(),
            confirmed_through: Vec::new(),
            tails: Vec::new(),
            len: 0,
            poisoned: false,
        };
        let mut offset = HEADER_LEN;
        while offset < bytes.len() {
            match decode_frame(&bytes[offset..]) {
                Some((change, size)) => {
                    outbox.apply(&change);
                    outbox.records += 1;
                    offset += size;
                }
                None => break,
            }
        }
        let mut recovery = Recovery {
            records: outbox.records,
            ..Recovery::default()
        };
        if offset < bytes.len() {
            let bad = &bytes[offset..];
            recovery.truncated_bytes = bad.len() as u64;
            // An interrupted append leaves at most one partial record (or zeros, on file
            // systems that extend the size before the data); anything else is damage worth
            // keeping for a person to look at.
            if bad.len() > MAX_FRAME && bad.iter().any(|b| *b != 0) {
                let stamp = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs())
                    .unwrap_or(0);
                let mut copy = path.as_os_str().to_owned();
                copy.push(format!(".damaged-{stamp}"));
                let copy = PathBuf::from(copy);
                fs::copy(&path, &copy).map_err(io("copy the damaged file"))?;
                recovery.damaged_copy = Some(copy);
            }
            let file = OpenOptions::new()
                .write(true)
                .open(&path)
                .map_err(io("open"))?;
            file.set_len(offset as u64).map_err(io("truncate"))?;
            file.sync_all().map_err(io("truncate"))?;
        }
        outbox.file_len = offset as u64;
        Ok((outbox, recovery))
    }

    /// Grows the per-meter tables to hold `meter`.
    fn slot(&mut self, meter: u32) -> usize {
        let m = meter as usize;
        if m >= self.pending.len() {
            self.pending.resize_with(m + 1, VecDeque::new);
            self.confirmed_through.resize(m + 1, 0);
            self.tails.resize(m + 1, None);
        }
        m
    }

    /// Applies a change to the in-memory state (replay and live writes alike).
    fn apply(&mut self, change: &Change) {
        match *change {
            Change::Reading { meter, reading } => {
                let m = self.slot(meter);
                if self.tails[m].is_none_or(|t| t.sequence <= reading.sequence) {
                    self.tails[m] = Some(Tail {
                        sequence: reading.sequence,
                        register_wh: reading.register_wh,
                        end: reading.end(),
                    });
                }
                if reading.sequence <= self.confirmed_through[m] {
                    return;
                }
                let queue = &mut self.pending[m];
                match queue.binary_search_by_key(&reading.sequence, |p| p.sequence) {
                    Ok(i) => queue[i] = reading,
                    Err(i) => {
                        queue.insert(i, reading);
                        self.len += 1;
                    }
                }
            }
            Change::Confirmed { meter, through } => {
                let m = self.slot(meter);
                self.confirmed_through[m] = self.confirmed_through[m].max(through);
                let queue = &mut self.pending[m];
                while queue.front().is_some_and(|p| p.sequence <= through) {
                    queue.pop_front();
                    self.len -= 1;
                }
            }
            Change::Dropped { meter, sequence } => {
                let m = self.slot(meter);
                let queue = &mut self.pending[m];
                if let Ok(i) = queue.binary_search_by_key(&sequence, |p| p.sequence) {
                    queue.remove(i);
                    self.len -= 1;
                }
            }
        }
    }

    /// Writes `changes` in one append and makes them durable, then applies them.
    pub fn write(&mut self, changes: &[Change]) -> Result<(), OutboxError> {
        if self.poisoned {
            return Err(OutboxError::Poisoned {
                path: self.path.clone(),
            });
        }
        if changes.is_empty() {
            return Ok(());
        }
        let mut buf = Vec::with_capacity(changes.len() * MAX_FRAME);
        for change in changes {
            encode(change, &mut buf);
        }
        if let Err(source) = self
            .file
            .write_all(&buf)
            .and_then(|()| self.file.sync_data())
        {
            // Cut a partial record off so that nothing is ever appended after garbage; if even
            // that fails, reopening will.
            let _ = self.file.set_len(self.file_len);
            self.poisoned = true;
            return Err(OutboxError::Io {
                path: self.path.clone(),
                action: "append",
                source,
            });
        }
        self.file_len += buf.len() as u64;
        self.records += changes.len();
        for change in changes {
            self.apply(change);
        }
        Ok(())
    }

    /// Adds signed readings.
    pub fn append(&mut self, readings: &[(u32, Pending)]) -> Result<(), OutboxError> {
        let changes: Vec<Change> = readings
            .iter()
            .map(|&(meter, reading)| Change::Reading { meter, reading })
            .collect();
        self.write(&changes)
    }

    /// Removes the readings of `meter` up to `through` (the chain has them). Returns how many
    /// left; writes nothing when none were pending.
    pub fn confirm(&mut self, meter: u32, through: u64) -> Result<usize, OutboxError> {
        let removed = self
            .pending(meter)
            .iter()
            .take_while(|p| p.sequence <= through)
            .count();
        if removed > 0 {
            self.write(&[Change::Confirmed { meter, through }])?;
        }
        Ok(removed)
    }

    /// The pending readings of `meter`, in sequence order.
    pub fn pending(&self, meter: u32) -> &VecDeque<Pending> {
        static EMPTY: VecDeque<Pending> = VecDeque::new();
        self.pending.get(meter as usize).unwrap_or(&EMPTY)
    }

    /// Highest meter index seen plus one.
    pub fn meter_slots(&self) -> usize {
        self.pending.len()
    }

    /// The last reading ever written for `meter`, confirmed or not (forgotten by compaction).
    pub fn tail(&self, meter: u32) -> Option<Tail> {
        self.tails.get(meter as usize).copied().flatten()
    }

    /// Meters with pending readings.
    pub fn meters_with_pending(&self) -> impl Iterator<Item = u32> + '_ {
        self.pending
            .iter()
            .enumerate()
            .filter(|(_, q)| !q.is_empty())
            .map(|(m, _)| m as u32)
    }

    /// Pending readings in all.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Size of the log file, bytes.
    pub fn file_len(&self) -> u64 {
        self.file_len
    }

    /// Whether the log holds many more records than pending readings, so that compacting is
    /// worth it.
    pub fn wants_compaction(&self) -> bool {
        self.records > 4 * self.len + 20_000
    }

    /// Rewrites the log with only the pending readings (see the module documentation).
    /// Forgets the tails of confirmed readings: write the checkpoint first.
    pub fn compact(&mut self) -> Result<(), OutboxError> {
        if self.poisoned {
            return Err(OutboxError::Poisoned {
                path: self.path.clone(),
            });
        }
        let io = |action: &'static str, path: &Path| {
            let path = path.to_path_buf();
            move |source| OutboxError::Io {
                path,
                action,
                source,
            }
        };
        let mut buf = Vec::with_capacity(HEADER_LEN + self.len * MAX_FRAME);
        buf.extend_from_slice(&header());
        let mut records = 0;
        for (meter, queue) in self.pending.iter().enumerate() {
            for reading in queue {
                encode(
                    &Change::Reading {
                        meter: meter as u32,
                        reading: *reading,
                    },
                    &mut buf,
                );
                records += 1;
            }
        }
        write_atomically(&self.path, &buf).map_err(io("compact", &self.path))?;
        self.file = OpenOptions::new()
            .append(true)
            .open(&self.path)
            .map_err(io("reopen", &self.path))?;
        self.file_len = buf.len() as u64;
        self.records = records;
        let tails = self.pending.iter().map(|q| {
            q.back().map(|p| Tail {
                sequence: p.sequence,
                register_wh: p.register_wh,
                end: p.end(),
            })
        });
        self.tails = tails.collect();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(sequence: u64) -> Pending {
        let mut signature = [0u8; 64];
        signature[0] = sequence as u8;
        signature[63] = 0xAB;
        Pending {
            sequence,
            interval_start: 1_000 + sequence * 900,
            interval_length: 900,
            energy_wh: sequence * 3,
            register_wh: 500 + sequence * 10,
            signature,
        }
    }

    fn sequences(outbox: &Outbox, meter: u32) -> Vec<u64> {
        outbox.pending(meter).iter().map(|p| p.sequence).collect()
    }

    fn assert_consistent(outbox: &Outbox) {
        let mut total = 0;
        for m in 0..outbox.meter_slots() as u32 {
            let seqs = sequences(outbox, m);
            assert!(
                seqs.windows(2).all(|w| w[0] < w[1]),
                "meter {m}: duplicated or unordered {seqs:?}"
            );
            total += seqs.len();
        }
        assert_eq!(total, outbox.len());
    }

    #[test]
    fn readings_survive_reopening_and_leave_when_confirmed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outbox.log");
        let (mut outbox, recovery) = Outbox::open(&path).unwrap();
        assert_eq!(recovery, Recovery::default());
        assert!(outbox.is_empty());
        outbox
            .append(&[(0, reading(1)), (0, reading(2)), (3, reading(7))])
            .unwrap();
        assert_eq!(outbox.len(), 3);
        drop(outbox);

        let (mut outbox, recovery) = Outbox::open(&path).unwrap();
        assert_eq!(recovery.records, 3);
        assert_eq!(recovery.truncated_bytes, 0);
        assert_eq!(sequences(&outbox, 0), [1, 2]);
        assert_eq!(sequences(&outbox, 3), [7]);
        assert_eq!(outbox.pending(0)[1], reading(2));
        assert_eq!(outbox.meters_with_pending().collect::<Vec<_>>(), [0, 3]);

        assert_eq!(outbox.confirm(0, 1).unwrap(), 1);
        assert_eq!(outbox.confirm(0, 1).unwrap(), 0, "nothing left to confirm");
        assert_eq!(sequences(&outbox, 0), [2]);
        drop(outbox);

        let (mut outbox, _) = Outbox::open(&path).unwrap();
        assert_eq!(sequences(&outbox, 0), [2]);
        assert_eq!(outbox.len(), 2);
        // The tail remembers the highest reading even once it is confirmed.
        outbox.confirm(0, 2).unwrap();
        assert_eq!(outbox.tail(0).unwrap().sequence, 2);
        assert_eq!(outbox.tail(0).unwrap().register_wh, reading(2).register_wh);
        assert_eq!(outbox.tail(1), None);
        assert_eq!(outbox.len(), 1);
        assert_consistent(&outbox);
    }

    #[test]
    fn a_reading_already_confirmed_is_not_pending_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outbox.log");
        let (mut outbox, _) = Outbox::open(&path).unwrap();
        outbox.append(&[(0, reading(1)), (0, reading(2))]).unwrap();
        outbox.confirm(0, 2).unwrap();
        outbox.append(&[(0, reading(2)), (0, reading(3))]).unwrap();
        assert_eq!(sequences(&outbox, 0), [3]);
        drop(outbox);
        let (outbox, _) = Outbox::open(&path).unwrap();
        assert_eq!(sequences(&outbox, 0), [3]);
    }

    #[test]
    fn dropping_and_replacing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outbox.log");
        let (mut outbox, _) = Outbox::open(&path).unwrap();
        outbox
            .append(&[(0, reading(1)), (0, reading(2)), (0, reading(3))])
            .unwrap();
        let mut rebased = reading(3);
        rebased.interval_start -= 900;
        rebased.interval_length = 1_800;
        outbox
            .write(&[
                Change::Dropped {
                    meter: 0,
                    sequence: 2,
                },
                Change::Reading {
                    meter: 0,
                    reading: rebased,
                },
            ])
            .unwrap();
        assert_eq!(sequences(&outbox, 0), [1, 3]);
        assert_eq!(outbox.pending(0)[1], rebased);
        drop(outbox);
        let (outbox, _) = Outbox::open(&path).unwrap();
        assert_eq!(sequences(&outbox, 0), [1, 3]);
        assert_eq!(outbox.pending(0)[1], rebased);
        assert_consistent(&outbox);
    }

    #[test]
    fn compaction_keeps_exactly_the_pending_readings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outbox.log");
        let (mut outbox, _) = Outbox::open(&path).unwrap();
        for s in 1..=50 {
            outbox.append(&[(0, reading(s)), (1, reading(s))]).unwrap();
        }
        outbox.confirm(0, 45).unwrap();
        outbox.confirm(1, 50).unwrap();
        let before = outbox.file_len();
        outbox.compact().unwrap();
        assert!(outbox.file_len() < before / 10);
        assert_eq!(sequences(&outbox, 0), [46, 47, 48, 49, 50]);
        outbox.append(&[(1, reading(51))]).unwrap();
        drop(outbox);
        // A leftover temporary file of a compaction that crashed is ignored.
        fs::write(dir.path().join("outbox.log.tmp"), b"half a compaction").unwrap();
        let (outbox, recovery) = Outbox::open(&path).unwrap();
        assert_eq!(recovery.truncated_bytes, 0);
        assert_eq!(sequences(&outbox, 0), [46, 47, 48, 49, 50]);
        assert_eq!(sequences(&outbox, 1), [51]);
        assert_consistent(&outbox);
    }

    /// Builds a log with some history and returns the file's bytes and the offset where its
    /// last record starts.
    fn history(path: &Path, last: Change) -> (Vec<u8>, usize, Outbox) {
        let (mut outbox, _) = Outbox::open(path).unwrap();
        outbox
            .append(&[(0, reading(1)), (0, reading(2)), (1, reading(1))])
            .unwrap();
        outbox.confirm(0, 1).unwrap();
        let before_last = outbox.file_len() as usize;
        outbox.write(&[last]).unwrap();
        drop(outbox);
        let bytes = fs::read(path).unwrap();
        let (expected_before, _) = {
            let cut = dir_copy(path, &bytes[..before_last]);
            Outbox::open(&cut).unwrap()
        };
        (bytes, before_last, expected_before)
    }

    fn dir_copy(path: &Path, bytes: &[u8]) -> PathBuf {
        let copy = path.with_file_name(format!("cut-{}.log", bytes.len()));
        fs::write(&copy, bytes).unwrap();
        copy
    }

    fn snapshot(outbox: &Outbox) -> Vec<Vec<Pending>> {
        (0..outbox.meter_slots().max(2) as u32)
            .map(|m| outbox.pending(m).iter().copied().collect())
            .collect()
    }

    /// A crash inside the last write, at every byte: reopening gives the state before it (or
    /// after it, when the record is whole), never a panic, never a duplicate.
    #[test]
    fn crash_at_every_byte_of_the_last_record_leaves_a_consistent_prefix() {
        let lasts = [
            Change::Reading {
                meter: 0,
                reading: reading(3),
            },
            Change::Confirmed {
                meter: 0,
                through: 2,
            },
            Change::Dropped {
                meter: 1,
                sequence: 1,
            },
        ];
        for last in lasts {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("outbox.log");
            let (bytes, start, before) = history(&path, last);
            let (after, _) = Outbox::open(&path).unwrap();
            assert_ne!(
                snapshot(&before),
                snapshot(&after),
                "{last:?} changes something"
            );
            for cut in start..=bytes.len() {
                let copy = dir.path().join("crashed.log");
                fs::write(&copy, &bytes[..cut]).unwrap();
                let (mut outbox, recovery) = Outbox::open(&copy).unwrap();
                assert_consistent(&outbox);
                if cut == bytes.len() {
                    assert_eq!(snapshot(&outbox), snapshot(&after));
                    assert_eq!(recovery.truncated_bytes, 0);
                } else {
                    assert_eq!(
                        snapshot(&outbox),
                        snapshot(&before),
                        "cut at {cut} of {last:?}"
                    );
                    assert_eq!(recovery.truncated_bytes, (cut - start) as u64);
                    assert_eq!(recovery.damaged_copy, None);
                    assert_eq!(fs::metadata(&copy).unwrap().len(), start as u64);
                }
                // Writing goes on after the cut, and a second reopening sees it.
                outbox.append(&[(5, reading(9))]).unwrap();
                drop(outbox);
                let (outbox, recovery) = Outbox::open(&copy).unwrap();
                assert_eq!(recovery.truncated_bytes, 0);
                assert_eq!(sequences(&outbox, 5), [9]);
                assert_consistent(&outbox);
            }
        }
    }

    #[test]
    fn a_corrupted_last_record_is_cut_off() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outbox.log");
        let last = Change::Reading {
            meter: 0,
            reading: reading(3),
        };
        let (bytes, start, before) = history(&path, last);
        for i in start..bytes.len() {
            let mut bad = bytes.clone();
            bad[i] ^= 0x40;
            let copy = dir.path().join("flipped.log");
            fs::write(&copy, &bad).unwrap();
            let (outbox, recovery) = Outbox::open(&copy).unwrap();
            assert_eq!(snapshot(&outbox), snapshot(&before), "byte {i} flipped");
            assert_eq!(recovery.truncated_bytes, (bytes.len() - start) as u64);
        }
        // Zeros after the end (a file system that grew the file before writing the data).
        let mut zeros = bytes.clone();
        zeros.extend(std::iter::repeat_n(0u8, 4_096));
        let copy = dir.path().join("zeros.log");
        fs::write(&copy, &zeros).unwrap();
        let (outbox, recovery) = Outbox::open(&copy).unwrap();
        assert_eq!(recovery.truncated_bytes, 4_096);
        assert_eq!(recovery.damaged_copy, None);
        assert_eq!(sequences(&outbox, 0), [2, 3]);
    }

    #[test]
    fn damage_in_the_middle_keeps_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outbox.log");
        let (mut outbox, _) = Outbox::open(&path).unwrap();
        for s in 1..=10 {
            outbox.append(&[(0, reading(s))]).unwrap();
        }
        drop(outbox);
        let mut bytes = fs::read(&path).unwrap();
        let third = HEADER_LEN + 2 * MAX_FRAME + 20;
        bytes[third] ^= 1;
        fs::write(&path, &bytes).unwrap();
        let (outbox, recovery) = Outbox::open(&path).unwrap();
        assert_eq!(sequences(&outbox, 0), [1, 2]);
        let copy = recovery.damaged_copy.expect("a copy of the damaged log");
        assert_eq!(fs::read(copy).unwrap(), bytes);
    }

    #[test]
    fn other_files_are_refused_and_empty_ones_start_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("outbox.log");
        fs::write(&path, b"{\"not\": \"an outbox\"}").unwrap();
        let err = Outbox::open(&path).unwrap_err();
        assert!(err.to_string().contains("is not an outbox file"), "{err}");
        fs::write(&path, &header()[..5]).unwrap();
        let (outbox, _) = Outbox::open(&path).unwrap();
        assert!(outbox.is_empty());
        assert_eq!(fs::read(&path).unwrap(), header());
    }

    #[test]
    fn signed_readings_round_trip() {
        let p = reading(4);
        let signed = p.to_signed("m-1");
        assert_eq!(signed.meter_id, "m-1");
        assert_eq!(Pending::from_signed(&signed), Some(p));
        let mut short = signed.clone();
        short.signature = vec![1u8; 10].into();
        assert_eq!(Pending::from_signed(&short), None);
    }
}
