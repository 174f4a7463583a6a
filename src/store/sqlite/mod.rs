//! The SQLite backend, on rusqlite: one writer thread that commits whatever is queued in
//! one transaction, and reads run on the caller's thread over pooled read-only connections.
//!
//! Why not sqlx here (PostgreSQL keeps it): sqlx runs each SQLite connection on a thread
//! of its own and hands every statement and every row across threads. The load benchmark
//! measured 89 µs of server CPU and 5 context switches per `get_conversation`, of which
//! the rest of the request is 20 µs. Here a read is a function call.
//!
//! Writes: each write is a closure sent to the writer thread, which takes everything
//! queued so far, runs it in one `BEGIN IMMEDIATE` transaction (each write under a
//! savepoint of its own, so a refused write leaves nothing behind and does not disturb
//! the others) and answers each caller only after the commit. An acknowledged write is as
//! durable as with a transaction of its own, and the commit's cost is shared by whoever
//! arrived while the previous batch was written; a lone caller never waits for company.
//! `BEGIN IMMEDIATE` makes another process on the same file wait on `busy_timeout`
//! rather than fail on a lock upgrade. WAL lets reads run alongside the writer;
//! `synchronous=NORMAL` in WAL mode keeps every committed transaction across a process
//! crash (only a power loss can drop the last ones). Because one thread writes, the row
//! locks PostgreSQL needs are implicit here.
//!
//! Reads are index lookups run inline on the async caller's thread: they cost about what
//! encoding the response costs, which runs there too. The schema is migrated with sqlx's
//! migrator, so a database keeps the migration history it always had.
//!
//! Here: opening the database, owner-only (see [`keep_private`]). Beside it: `reads` (the read pool), `writer` (the group
//! commit, which moves `../cache.rs`'s generation on after each batch), `checkpoint` (the
//! WAL copied into the file off the writer's thread), `statements`
//! (binding `$n`), `encoding`, `decode` (rows to records), `error` (rusqlite's errors as
//! meanings), `steps` (the shared rules' steps, on the writer's connection) and
//! `store_impl` (the [`Store`] methods, most of them a rule run on the writer thread).

use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{CachedStatement, Connection, OpenFlags, Row, RowIndex, ffi, params};
use serde_json::Value;
use sqlx::ConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use tokio::sync::{mpsc, oneshot};

use super::sql;
use super::*;
use crate::private_files;

mod checkpoint;
mod decode;
mod encoding;
mod error;
mod reads;
mod statements;
mod steps;
mod store_impl;
#[cfg(test)]
mod tests;
mod writer;

use super::cache::*;
use checkpoint::*;
use decode::*;
use encoding::*;
use error::*;
use reads::*;
use statements::*;
use steps::*;
use writer::*;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// Most writes committed in one transaction.
const MAX_BATCH: usize = 256;
/// Callers waiting beyond this many writes are held back by the channel (backpressure).
const WRITE_QUEUE: usize = 4096;
/// Prepared statements kept per connection: room for every statement of this module.
const STATEMENT_CACHE: usize = 64;

/// The SQLite implementation of [`Store`].
pub struct SqliteStore {
    writes: mpsc::Sender<Box<dyn Job>>,
    readers: ReadPool,
    /// Recently read conversations and message pages, dropped by every write of this
    /// process (`../cache.rs`).
    conversations: std::sync::Arc<ConversationCache>,
}

impl SqliteStore {
    /// Opens or creates the database file named by a `sqlite://path` URL and migrates it.
    pub async fn open(url: &str, options: &OpenOptions) -> Result<Self, StoreError> {
        // The readers need to see the writer's data: a per-connection in-memory database
        // would not be shared.
        if url.contains(":memory:") || url.contains("mode=memory") {
            return Err(invalid(
                "url",
                "in-memory SQLite is not supported; give a file path",
            ));
        }
        let migrate = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(options.busy_timeout);
        keep_private(migrate.get_filename())?;
        // Creates the file, switches it to WAL (a property of the file) and migrates it.
        let mut migrating = migrate.connect().await?;
        MIGRATOR.run(&mut migrating).await?;
        sqlx::Connection::close(migrating).await?;

        let path = migrate.get_filename().to_path_buf();
        let writer = connect(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE,
            options.busy_timeout,
        )?;
        writer.execute_batch(&format!(
            "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
             PRAGMA wal_autocheckpoint = {WRITER_CHECKPOINT_PAGES};"
        ))?;
        let checkpoints = Checkpoints::start(&path, options.busy_timeout)?;
        let readers = ReadPool {
            path,
            busy_timeout: options.busy_timeout,
            idle: Mutex::new(Vec::new()),
            max_idle: usize::try_from(options.sqlite_read_connections.max(1)).unwrap_or(1),
        };
        // Fails now, not on the first request, if the file cannot be read.
        readers.read(|_| Ok(()))?;
        let (writes, jobs) = mpsc::channel(WRITE_QUEUE);
        let conversations = std::sync::Arc::new(ConversationCache::default());
        let written = conversations.clone();
        spawn_thread("sqlite-writer", move || {
            write_loop(&writer, jobs, &written, &checkpoints);
        })?;
        Ok(SqliteStore {
            writes,
            readers,
            conversations,
        })
    }

    /// Runs `write` on the writer thread in the next batch's transaction; its result once
    /// that transaction committed. An `Err` from `write` rolls back what it wrote.
    async fn write<T, F>(&self, write: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Clone + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Box::new(PendingWrite {
            spare: Some(write.clone()),
            write: Some(write),
            result: None,
            reply,
        });
        self.writes.send(job).await.map_err(|_| writer_gone())?;
        answer.await.map_err(|_| writer_gone())?
    }
}

/// The database holds end users' personal data and credential hashes: it is created
/// here, owner-only, before SQLite opens it (SQLite would create it 0644 less the umask),
/// and an existing one readable by others is narrowed. SQLite gives its `-wal`, `-shm`
/// and `-journal` files the database file's permissions, so new ones follow; ones left
/// by an earlier, wider database are narrowed too.
fn keep_private(path: &Path) -> Result<(), StoreError> {
    let failed = |file: &Path, error: std::io::Error| {
        StoreError::Internal(
            format!(
                "cannot make {} private to its owner: {error}",
                file.display()
            )
            .into(),
        )
    };
    match private_files::create_new(path) {
        Ok(_) => {}
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(error) => {
            return Err(StoreError::Internal(
                format!("cannot create {}: {error}", path.display()).into(),
            ));
        }
    }
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let file = PathBuf::from(name);
        private_files::narrow_to_owner(&file).map_err(|error| failed(&file, error))?;
    }
    Ok(())
}

fn connect(
    path: &Path,
    flags: OpenFlags,
    busy_timeout: Duration,
) -> Result<Connection, StoreError> {
    let connection = Connection::open_with_flags(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    connection.busy_timeout(busy_timeout)?;
    connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    Ok(connection)
}

/// Starts a named thread of this backend's (the writer, the checkpoints).
fn spawn_thread(name: &str, run: impl FnOnce() + Send + 'static) -> Result<(), StoreError> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(run)
        .map(drop)
        .map_err(|error| {
            StoreError::Internal(format!("cannot start the SQLite thread {name}: {error}").into())
        })
}

fn writer_gone() -> StoreError {
    StoreError::Internal("the SQLite writer thread is gone".into())
}
