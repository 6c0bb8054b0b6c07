//! The index's SQLite file: its schema and migrations, the cursor, and the audit rows.
//!
//! A batch of blocks commits in one SQLite transaction together with the cursor (the last
//! fully indexed height), so a crash leaves either all of a batch or none of it, and the
//! next start resumes right after what is stored: nothing is lost or stored twice.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use anyhow::{Context, bail};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};

use crate::index::events::{Attribute, EventRow};

/// The index's file name in the gateway's data directory.
pub const FILE_NAME: &str = "index.sqlite";

/// The schema, one step per version: step `i` takes `user_version` from `i` to `i + 1`.
/// Steps are only ever added, never edited, so every older file migrates the same way.
const MIGRATIONS: &[&str] = &[r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE events (
    height        INTEGER NOT NULL CHECK (height >= 1),
    tx_index      INTEGER NOT NULL,
    event_index   INTEGER NOT NULL,
    time          INTEGER NOT NULL,
    tx_hash       TEXT    NOT NULL,
    actor         TEXT,
    contract      TEXT    NOT NULL,
    contract_name TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    action        TEXT,
    attributes    TEXT    NOT NULL CHECK (json_valid(attributes)),
    PRIMARY KEY (height, tx_index, event_index)
) WITHOUT ROWID;
CREATE INDEX events_by_contract ON events (contract_name, height);
CREATE INDEX events_by_address ON events (contract, height);
CREATE INDEX events_by_actor ON events (actor, height);
CREATE INDEX events_by_action ON events (action, height);
CREATE INDEX events_by_tx ON events (tx_hash);
CREATE TABLE contracts (
    address TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    height  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE skipped (
    first_height INTEGER NOT NULL PRIMARY KEY,
    last_height  INTEGER NOT NULL,
    reason       TEXT    NOT NULL
);
"#];

const CURSOR_KEY: &str = "cursor";
const CHAIN_KEY: &str = "chain_id";
const CURSOR_HASH_KEY: &str = "cursor_hash";

/// The columns of an [`EventRow`], in [`row_of`]'s order.
const COLUMNS: &str = "height, tx_index, event_index, time, tx_hash, actor, contract, \
                       contract_name, kind, action, attributes";

/// Blocks indexed together: every row of heights `from..=to`, committed with the cursor
/// moved to `to`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Batch {
    /// The first height of the batch.
    pub from: u64,
    /// The last height of the batch: the cursor after it.
    pub to: u64,
    /// The rows of those blocks.
    pub rows: Vec<EventRow>,
    /// Heights before `from` the node no longer has (pruned), recorded as not indexed.
    pub skipped: Option<(u64, u64)>,
    /// Contracts of the deployment these blocks instantiated, as `(address, name)`.
    pub contracts: Vec<(String, String)>,
    /// The hash of block `to`, kept to recognise this chain on the next start.
    pub to_hash: Option<String>,
}

/// Where an event sits on the chain; the order of the audit log and its paging key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct EventKey {
    /// Block height.
    pub height: u64,
    /// Transaction index in the block.
    pub tx_index: u32,
    /// Event index in the transaction.
    pub event_index: u32,
}

impl fmt::Display for EventKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.height, self.tx_index, self.event_index)
    }
}

impl FromStr for EventKey {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("'{s}' is not a cursor this gateway gave");
        let mut parts = s.split('.');
        let mut next = || parts.next().ok_or_else(bad);
        let key = EventKey {
            height: next()?.parse().map_err(|_| bad())?,
            tx_index: next()?.parse().map_err(|_| bad())?,
            event_index: next()?.parse().map_err(|_| bad())?,
        };
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(key)
    }
}

impl EventRow {
    /// The row's place in the audit log.
    pub fn key(&self) -> EventKey {
        EventKey {
            height: self.height,
            tx_index: self.tx_index,
            event_index: self.event_index,
        }
    }
}

/// Which audit events to read; every field narrows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// The contract's name in the deployment (`bank`) or its address.
    pub contract: Option<String>,
    /// The `action` attribute.
    pub action: Option<String>,
    /// The signer.
    pub actor: Option<String>,
    /// The transaction hash (any case).
    pub tx: Option<String>,
    /// From this height, inclusive.
    pub from_height: Option<u64>,
    /// To this height, inclusive.
    pub to_height: Option<u64>,
    /// Only events after this one.
    pub after: Option<EventKey>,
}

impl Filter {
    /// The WHERE clause and its values.
    fn clause(&self) -> anyhow::Result<(String, Vec<Value>)> {
        let mut terms: Vec<&str> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        let int = |n: u64| -> anyhow::Result<Value> {
            Ok(Value::Integer(
                i64::try_from(n).context("a height beyond SQLite's integers")?,
            ))
        };
        if let Some(contract) = &self.contract {
            terms.push("(contract_name = ? OR contract = ?)");
            values.push(Value::Text(contract.clone()));
            values.push(Value::Text(contract.clone()));
        }
        if let Some(action) = &self.action {
            terms.push("action = ?");
            values.push(Value::Text(action.clone()));
        }
        if let Some(actor) = &self.actor {
            terms.push("actor = ?");
            values.push(Value::Text(actor.clone()));
        }
        if let Some(tx) = &self.tx {
            terms.push("tx_hash = ?");
            values.push(Value::Text(tx.to_ascii_uppercase()));
        }
        if let Some(from) = self.from_height {
            terms.push("height >= ?");
            values.push(int(from)?);
        }
        if let Some(to) = self.to_height {
            terms.push("height <= ?");
            values.push(int(to)?);
        }
        if let Some(after) = self.after {
            terms.push("(height, tx_index, event_index) > (?, ?, ?)");
            values.push(int(after.height)?);
            values.push(Value::Integer(i64::from(after.tx_index)));
            values.push(Value::Integer(i64::from(after.event_index)));
        }
        let clause = if terms.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", terms.join(" AND "))
        };
        Ok((clause, values))
    }
}

/// The index database. Its connection is behind a mutex; callers on the async runtime use
/// it from `spawn_blocking`.
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the index at `path`, in WAL mode so that the API reads
    /// while the follower writes, and brings its schema up to date.
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        let context = || format!("opening the index database {}", path.display());
        let mut conn = Connection::open(path).with_context(context)?;
        conn.busy_timeout(Duration::from_secs(5))
            .with_context(context)?;
        // WAL with NORMAL sync: a power cut may lose the last commits, but only whole
        // batches with their cursor, which the next start indexes again.
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .with_context(context)?;
        if !mode.eq_ignore_ascii_case("wal") {
            bail!("{}: SQLite refused WAL mode ({mode})", path.display());
        }
        conn.pragma_update(None, "synchronous", "NORMAL")
            .with_context(context)?;
        migrate(&mut conn).with_context(context)?;
        Ok(Store {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
        })
    }

    /// A database in memory, for tests.
    #[cfg(test)]
    pub fn in_memory() -> anyhow::Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        migrate(&mut conn)?;
        Ok(Store {
            conn: Mutex::new(conn),
            path: PathBuf::from(":memory:"),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half-done SQLite transaction behind
        // (it rolls back when dropped), so the connection stays usable.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The last fully indexed height; `None` before the first batch.
    pub fn cursor(&self) -> anyhow::Result<Option<u64>> {
        read_cursor(&self.conn()).with_context(|| format!("reading {}", self.path.display()))
    }

    /// Records `chain_id` as the chain this index follows, or refuses an index of another.
    pub fn bind_chain(&self, chain_id: &str) -> anyhow::Result<()> {
        let conn = self.conn();
        let known: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [CHAIN_KEY], |r| {
                r.get(0)
            })
            .optional()
            .with_context(|| format!("reading {}", self.path.display()))?;
        match known {
            Some(known) if known != chain_id => bail!(
                "{} indexes chain '{known}', not '{chain_id}': move it away to index this chain",
                self.path.display()
            ),
            Some(_) => Ok(()),
            None => {
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                    [CHAIN_KEY, chain_id],
                )
                .with_context(|| format!("writing {}", self.path.display()))?;
                Ok(())
            }
        }
    }

    /// Stores `batch`'s rows and moves the cursor to `batch.to`, all or nothing. Heights at
    /// or below the cursor are already stored and are left out, so replaying a batch changes
    /// nothing; a batch that would leave heights unindexed is refused. Answers how many
    /// rows were added.
    pub fn commit(&self, batch: &Batch) -> anyhow::Result<usize> {
        let mut conn = self.conn();
        let context = || {
            format!(
                "storing blocks {}..={} in {}",
                batch.from,
                batch.to,
                self.path.display()
            )
        };
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .with_context(context)?;
        let cursor = read_cursor(&tx).with_context(context)?;
        if let Some(cursor) = cursor {
            if batch.to <= cursor {
                return Ok(0);
            }
            let resumes = batch.skipped.map_or(batch.from, |(first, _)| first);
            if resumes > cursor + 1 {
                bail!(
                    "blocks {}..{} would be left out of the index (it stopped at {cursor})",
                    cursor + 1,
                    resumes
                );
            }
        }
        if let Some((first, last)) = batch.skipped {
            tx.execute(
                "INSERT OR REPLACE INTO skipped (first_height, last_height, reason) \
                 VALUES (?1, ?2, 'pruned by the node')",
                params![first, last],
            )
            .with_context(context)?;
        }
        for (address, name) in &batch.contracts {
            tx.execute(
                "INSERT OR IGNORE INTO contracts (address, name, height) VALUES (?1, ?2, ?3)",
                params![address, name, batch.to],
            )
            .with_context(context)?;
        }
        let mut added = 0;
        {
            let mut insert = tx
                .prepare(&format!(
                    "INSERT INTO events ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                ))
                .with_context(context)?;
            for row in &batch.rows {
                if cursor.is_some_and(|c| row.height <= c) {
                    continue;
                }
                if row.height < batch.from || row.height > batch.to {
                    bail!("an event of block {} is outside the batch", row.height);
                }
                let attributes = attributes_json(&row.attributes)?;
                insert
                    .execute(params![
                        row.height,
                        row.tx_index,
                        row.event_index,
                        row.time,
                        row.tx_hash,
                        row.actor,
                        row.contract,
                        row.contract_name,
                        row.kind,
                        row.action,
                        attributes,
                    ])
                    .with_context(|| format!("{} (event {})", context(), row.key()))?;
                added += 1;
            }
        }
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
            params![CURSOR_KEY, batch.to.to_string()],
        )
        .with_context(context)?;
        match &batch.to_hash {
            Some(hash) => tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                params![CURSOR_HASH_KEY, hash],
            ),
            None => tx.execute("DELETE FROM meta WHERE key = ?1", [CURSOR_HASH_KEY]),
        }
        .with_context(context)?;
        tx.commit().with_context(context)?;
        Ok(added)
    }

    /// Up to `limit` events matching `filter` in chain order, and whether more follow.
    pub fn search(&self, filter: &Filter, limit: usize) -> anyhow::Result<(Vec<EventRow>, bool)> {
        let mut rows = self.select(filter, limit.saturating_add(1))?;
        let more = rows.len() > limit;
        rows.truncate(limit);
        Ok((rows, more))
    }

    /// The events matching `filter` in chain order, at most `max`.
    pub fn select(&self, filter: &Filter, max: usize) -> anyhow::Result<Vec<EventRow>> {
        let (clause, mut values) = filter.clause()?;
        values.push(Value::Integer(i64::try_from(max).unwrap_or(i64::MAX)));
        let sql = format!(
            "SELECT {COLUMNS} FROM events {clause} \
             ORDER BY height, tx_index, event_index LIMIT ?"
        );
        let conn = self.conn();
        let context = || format!("searching {}", self.path.display());
        let mut statement = conn.prepare(&sql).with_context(context)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(values), row_of)
            .with_context(context)?;
        rows.collect::<Result<Vec<_>, _>>().with_context(context)
    }

    /// The hash of the block at the cursor, when known.
    pub fn cursor_hash(&self) -> anyhow::Result<Option<String>> {
        self.conn()
            .query_row(
                "SELECT value FROM meta WHERE key = ?1",
                [CURSOR_HASH_KEY],
                |r| r.get(0),
            )
            .optional()
            .with_context(|| format!("reading {}", self.path.display()))
    }

    /// The contracts learnt from the blocks, as `(address, name)`.
    pub fn contracts(&self) -> anyhow::Result<Vec<(String, String)>> {
        let conn = self.conn();
        let context = || format!("reading {}", self.path.display());
        let mut statement = conn
            .prepare("SELECT address, name FROM contracts ORDER BY address")
            .with_context(context)?;
        let rows = statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .with_context(context)?;
        rows.collect::<Result<Vec<_>, _>>().with_context(context)
    }

    /// The height ranges never indexed because the node had pruned them.
    pub fn skipped(&self) -> anyhow::Result<Vec<(u64, u64)>> {
        let conn = self.conn();
        let context = || format!("reading {}", self.path.display());
        let mut statement = conn
            .prepare("SELECT first_height, last_height FROM skipped ORDER BY first_height")
            .with_context(context)?;
        let rows = statement
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .with_context(context)?;
        rows.collect::<Result<Vec<_>, _>>().with_context(context)
    }
}

fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let known = MIGRATIONS.len();
    let version = usize::try_from(version).context("a negative schema version")?;
    if version > known {
        bail!("its schema version {version} is newer than this gateway's ({known})");
    }
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .with_context(|| format!("schema step {}", step + 1))?;
        tx.pragma_update(None, "user_version", step + 1)?;
        tx.commit()?;
    }
    Ok(())
}

fn read_cursor(conn: &Connection) -> anyhow::Result<Option<u64>> {
    let value: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [CURSOR_KEY], |r| {
            r.get(0)
        })
        .optional()?;
    value
        .map(|v| v.parse().with_context(|| format!("the cursor '{v}'")))
        .transpose()
}

fn attributes_json(attributes: &[Attribute]) -> anyhow::Result<String> {
    serde_json::to_string(attributes).context("encoding event attributes")
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;

fn row_of(r: &Row<'_>) -> rusqlite::Result<EventRow> {
    let attributes: String = r.get(10)?;
    let attributes = serde_json::from_str(&attributes).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(10, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(EventRow {
        height: r.get(0)?,
        tx_index: r.get(1)?,
        event_index: r.get(2)?,
        time: r.get(3)?,
        tx_hash: r.get(4)?,
        actor: r.get(5)?,
        contract: r.get(6)?,
        contract_name: r.get(7)?,
        kind: r.get(8)?,
        action: r.get(9)?,
        attributes,
    })
}
