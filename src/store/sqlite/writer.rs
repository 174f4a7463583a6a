//! Writes: the one writer thread and its group commit (a batch per transaction, a savepoint per write).

use std::panic::{AssertUnwindSafe, catch_unwind};

use rusqlite::{Connection, ffi};
use tokio::sync::{mpsc, oneshot};

use super::checkpoint::Checkpoints;
use super::error::sqlite_kind;
use crate::store::cache::ConversationCache;
use crate::store::error::{ErrorKind, StoreError};

/// Most writes committed in one transaction.
const MAX_BATCH: usize = 256;

/// A queued write, type-erased so one channel carries every kind.
pub(super) trait Job: Send {
    /// Runs the write inside the batch's transaction; `false` if it must be rolled back.
    fn run(&mut self, connection: &Connection) -> bool;
    /// Makes a job that ran able to run once more, on its own; `false` if it already did.
    fn rearm(&mut self) -> bool;
    /// Answers the caller: its own result, or `failure` if the batch was not committed.
    fn answer(self: Box<Self>, failure: Option<&rusqlite::Error>);
}

pub(super) struct PendingWrite<F, T> {
    pub(super) write: Option<F>,
    /// A copy of the write, to run it again alone if its batch is lost for a transient
    /// reason: one caller's write that cannot fit must not fail the others.
    pub(super) spare: Option<F>,
    pub(super) result: Option<Result<T, StoreError>>,
    pub(super) reply: oneshot::Sender<Result<T, StoreError>>,
}

/// Where a queued write's result arrives, once its batch committed (or failed).
pub(super) type Answer<T> = oneshot::Receiver<Result<T, StoreError>>;

/// Queues nothing yet: the job for `write`, and where its result will arrive.
pub(super) fn pending<T, F>(write: F) -> (Box<dyn Job>, Answer<T>)
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
    (job, answer)
}

impl<F, T> Job for PendingWrite<F, T>
where
    T: Send,
    F: FnOnce(&Connection) -> Result<T, StoreError> + Send,
{
    fn rearm(&mut self) -> bool {
        match self.spare.take() {
            Some(write) => {
                self.write = Some(write);
                self.result = None;
                true
            }
            None => false,
        }
    }

    fn run(&mut self, connection: &Connection) -> bool {
        let Some(write) = self.write.take() else {
            return false;
        };
        let result = write(connection);
        let succeeded = result.is_ok();
        self.result = Some(result);
        succeeded
    }

    fn answer(self: Box<Self>, failure: Option<&rusqlite::Error>) {
        let result = match (failure, self.result) {
            (Some(failure), _) => Err(StoreError::from(copy_error(failure))),
            (None, Some(result)) => result,
            // It panicked: its savepoint was rolled back.
            (None, None) => Err(StoreError::Internal(
                "the write failed unexpectedly; nothing of it was kept".into(),
            )),
        };
        // A caller that went away still had its write committed.
        let _ = self.reply.send(result);
    }
}

/// The same error again, for each caller of a failed batch (`rusqlite::Error` is not `Clone`).
pub(super) fn copy_error(error: &rusqlite::Error) -> rusqlite::Error {
    match error {
        rusqlite::Error::SqliteFailure(code, message) => {
            rusqlite::Error::SqliteFailure(*code, message.clone())
        }
        other => rusqlite::Error::SqliteFailure(
            ffi::Error::new(ffi::SQLITE_ERROR),
            Some(other.to_string()),
        ),
    }
}

pub(super) fn write_loop(
    connection: &Connection,
    mut jobs: mpsc::Receiver<Box<dyn Job>>,
    cache: &ConversationCache,
    checkpoints: &Checkpoints,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = jobs.blocking_recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        commit_batch(
            connection,
            std::mem::replace(&mut batch, Vec::with_capacity(MAX_BATCH)),
            cache,
        );
        checkpoints.committed();
    }
}

/// Runs the jobs in one transaction and answers each after the commit. If the transaction
/// cannot be started, every job of the batch gets that error at once. If it is lost later
/// (a savepoint that fails, a failed commit), nothing of the batch was kept, and a refusal
/// judged against its uncommitted writes may not hold either: after a transient loss (a
/// full disk, an I/O error) each write is run once more in a transaction of its own, so
/// that one write that cannot succeed does not fail the others; after any other loss, or
/// when that retry fails too, the caller gets the error and may retry.
///
/// Whatever the outcome, `cache` is told before any caller is answered, so no caller
/// reads a conversation cached from before its own acknowledged write.
pub(super) fn commit_batch(
    connection: &Connection,
    mut jobs: Vec<Box<dyn Job>>,
    cache: &ConversationCache,
) {
    let started = std::time::Instant::now();
    let outcome = run_batch(connection, &mut jobs);
    cache.written();
    let failure = match outcome {
        Batch::Committed => {
            if let Some(metrics) = crate::metrics::get() {
                metrics.sqlite_batch(jobs.len(), started.elapsed());
            }
            None
        }
        Batch::NotStarted(error) => Some(error),
        Batch::Lost(error) if jobs.len() > 1 && sqlite_kind(&error) == ErrorKind::Unavailable => {
            for mut job in jobs {
                if job.rearm() {
                    commit_batch(connection, vec![job], cache);
                } else {
                    job.answer(Some(&error));
                }
            }
            return;
        }
        Batch::Lost(error) => Some(error),
    };
    for job in jobs {
        job.answer(failure.as_ref());
    }
}

pub(super) enum Batch {
    Committed,
    /// `BEGIN IMMEDIATE` failed: nothing ran.
    NotStarted(rusqlite::Error),
    /// The transaction was lost after some jobs ran; nothing of it was kept.
    Lost(rusqlite::Error),
}

/// Runs the jobs in one transaction, without answering them.
pub(super) fn run_batch(connection: &Connection, jobs: &mut [Box<dyn Job>]) -> Batch {
    // A transaction that a failed ROLLBACK left open would make every later BEGIN fail.
    if !connection.is_autocommit() {
        let _ = run_sql(connection, "ROLLBACK");
    }
    if let Err(error) = run_sql(connection, "BEGIN IMMEDIATE") {
        // Another process held the write lock past busy_timeout: the whole batch fails
        // now, rather than each of its jobs waiting out busy_timeout again.
        return Batch::NotStarted(error);
    }
    // After a loss the remaining jobs are not run: they are answered with the loss.
    let lost = jobs
        .iter_mut()
        .find_map(|job| stage(connection, job.as_mut()).err());
    let failure = match lost {
        Some(error) => Some(error),
        None => run_sql(connection, "COMMIT").err(),
    };
    match failure {
        None => Batch::Committed,
        Some(error) => {
            if !connection.is_autocommit() {
                let _ = run_sql(connection, "ROLLBACK");
            }
            Batch::Lost(error)
        }
    }
}

/// Runs one job under a savepoint, so that its failure (or panic) undoes only its own
/// changes. `Err` if the savepoint itself failed, which leaves the transaction unknown.
pub(super) fn stage(connection: &Connection, job: &mut dyn Job) -> rusqlite::Result<()> {
    run_sql(connection, "SAVEPOINT write")?;
    let succeeded = catch_unwind(AssertUnwindSafe(|| job.run(connection))).unwrap_or(false);
    if !succeeded {
        if connection.is_autocommit() {
            return Err(rolled_back_by_sqlite());
        }
        run_sql(connection, "ROLLBACK TO write")?;
    }
    run_sql(connection, "RELEASE write")
}

/// After some failures of a statement (a full disk or `max_page_count`, an I/O error, a
/// busy lock, no memory) SQLite rolls the whole transaction back itself, savepoints
/// included: the batch is lost for a reason that passes, and each of its callers may
/// retry (a 503), rather than meeting the "no such savepoint" that follows.
pub(super) fn rolled_back_by_sqlite() -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        ffi::Error::new(ffi::SQLITE_ABORT_ROLLBACK),
        Some(
            "SQLite rolled the transaction back after a transient failure (disk full, I/O \
             error, busy, out of memory); nothing of this batch was kept"
                .into(),
        ),
    )
}

/// Undoes what the running write changed so far (back to the savepoint [`stage`] opened
/// for it); the write goes on, and what it writes next is kept as usual.
pub(super) fn undo_write(connection: &Connection) -> rusqlite::Result<()> {
    run_sql(connection, "ROLLBACK TO write")
}

pub(super) fn run_sql(connection: &Connection, statement: &str) -> rusqlite::Result<()> {
    connection
        .prepare_cached(statement)?
        .raw_execute()
        .map(drop)
}
