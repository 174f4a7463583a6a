//! The SQLite store's handle: the database opened (owner-only, migrated, in WAL mode) with
//! its writer thread, read pool and checkpoints, and the call that queues a write.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OpenFlags};
use sqlx::ConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use tokio::sync::mpsc;

use super::checkpoint::{Checkpoints, WRITER_CHECKPOINT_PAGES};
use super::connect::{connect, spawn_thread};
use super::reads::ReadPool;
use super::writer::{Job, pending, write_loop};
use crate::private_files;
use crate::store::cache::ConversationCache;
use crate::store::error::{StoreError, invalid};
use crate::store::options::OpenOptions;

pub(super) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// Callers waiting beyond this many writes are held back by the channel (backpressure).
const WRITE_QUEUE: usize = 4096;

/// The SQLite implementation of [`crate::store::Store`].
pub struct SqliteStore {
    writes: mpsc::Sender<Box<dyn Job>>,
    pub(super) readers: ReadPool,
    /// Recently read conversations and message pages, dropped by every write of this
    /// process (`../cache.rs`).
    pub(super) conversations: Arc<ConversationCache>,
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
        let conversations = Arc::new(ConversationCache::default());
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
    pub(super) async fn write<T, F>(&self, write: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Clone + Send + 'static,
    {
        let (job, answer) = pending(write);
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

fn writer_gone() -> StoreError {
    StoreError::Internal("the SQLite writer thread is gone".into())
}
