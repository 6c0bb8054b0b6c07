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

mod record;

pub use record::{Change, HEADER_LEN, MAX_FRAME, Pending, encode};
use record::{decode_frame, header};

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
mod tests;
