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
        writer.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
        let readers = ReadPool {
            path,
            busy_timeout: options.busy_timeout,
            idle: Mutex::new(Vec::new()),
            max_idle: usize::try_from(options.sqlite_read_connections.max(1)).unwrap_or(1),
        };
        // Fails now, not on the first request, if the file cannot be read.
        readers.read(|_| Ok(()))?;
        let (writes, jobs) = mpsc::channel(WRITE_QUEUE);
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || write_loop(&writer, jobs))
            .map_err(|error| {
                StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                    ffi::Error::new(ffi::SQLITE_ERROR),
                    Some(format!("cannot start the SQLite writer thread: {error}")),
                ))
            })?;
        Ok(SqliteStore { writes, readers })
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

fn writer_gone() -> StoreError {
    StoreError::Sqlite(rusqlite::Error::SqliteFailure(
        ffi::Error::new(ffi::SQLITE_MISUSE),
        Some("the SQLite writer thread is gone".into()),
    ))
}

// --- reads: pooled read-only connections, used on the caller's thread ---

struct ReadPool {
    path: PathBuf,
    busy_timeout: Duration,
    idle: Mutex<Vec<Connection>>,
    max_idle: usize,
}

impl ReadPool {
    /// Runs `read` on an idle connection, or a new one if all are in use.
    fn read<T>(
        &self,
        read: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        // A panic elsewhere while holding the lock leaves the list intact: it is only pushed and popped.
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        let connection = match idle {
            Some(connection) => connection,
            None => connect(
                &self.path,
                OpenFlags::SQLITE_OPEN_READ_ONLY,
                self.busy_timeout,
            )?,
        };
        let result = read(&connection);
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < self.max_idle {
            idle.push(connection);
        }
        result
    }
}

// --- writes: one thread, group commit ---

/// A queued write, type-erased so one channel carries every kind.
trait Job: Send {
    /// Runs the write inside the batch's transaction; `false` if it must be rolled back.
    fn run(&mut self, connection: &Connection) -> bool;
    /// Makes a job that ran able to run once more, on its own; `false` if it already did.
    fn rearm(&mut self) -> bool;
    /// Answers the caller: its own result, or `failure` if the batch was not committed.
    fn answer(self: Box<Self>, failure: Option<&rusqlite::Error>);
}

struct PendingWrite<F, T> {
    write: Option<F>,
    /// A copy of the write, to run it again alone if its batch is lost for a transient
    /// reason: one caller's write that cannot fit must not fail the others.
    spare: Option<F>,
    result: Option<Result<T, StoreError>>,
    reply: oneshot::Sender<Result<T, StoreError>>,
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
            (Some(failure), _) => Err(StoreError::Sqlite(copy_error(failure))),
            (None, Some(result)) => result,
            // It panicked: its savepoint was rolled back.
            (None, None) => Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                ffi::Error::new(ffi::SQLITE_INTERNAL),
                Some("the write failed unexpectedly; nothing of it was kept".into()),
            ))),
        };
        // A caller that went away still had its write committed.
        let _ = self.reply.send(result);
    }
}

/// The same error again, for each caller of a failed batch (`rusqlite::Error` is not `Clone`).
fn copy_error(error: &rusqlite::Error) -> rusqlite::Error {
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

fn write_loop(connection: &Connection, mut jobs: mpsc::Receiver<Box<dyn Job>>) {
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
        );
    }
}

/// Runs the jobs in one transaction and answers each after the commit. If the transaction
/// cannot be started, every job of the batch gets that error at once. If it is lost later
/// (a savepoint that fails, a failed commit), nothing of the batch was kept, and a refusal
/// judged against its uncommitted writes may not hold either: after a transient loss (a
/// full disk, an I/O error) each write is run once more in a transaction of its own, so
/// that one write that cannot succeed does not fail the others; after any other loss, or
/// when that retry fails too, the caller gets the error and may retry.
fn commit_batch(connection: &Connection, mut jobs: Vec<Box<dyn Job>>) {
    let failure = match run_batch(connection, &mut jobs) {
        Batch::Committed => None,
        Batch::NotStarted(error) => Some(error),
        Batch::Lost(error) if jobs.len() > 1 && error_kind(&error) == ErrorKind::Unavailable => {
            for mut job in jobs {
                if job.rearm() {
                    commit_batch(connection, vec![job]);
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

fn error_kind(error: &rusqlite::Error) -> ErrorKind {
    StoreError::Sqlite(copy_error(error)).kind()
}

enum Batch {
    Committed,
    /// `BEGIN IMMEDIATE` failed: nothing ran.
    NotStarted(rusqlite::Error),
    /// The transaction was lost after some jobs ran; nothing of it was kept.
    Lost(rusqlite::Error),
}

/// Runs the jobs in one transaction, without answering them.
fn run_batch(connection: &Connection, jobs: &mut [Box<dyn Job>]) -> Batch {
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
fn stage(connection: &Connection, job: &mut dyn Job) -> rusqlite::Result<()> {
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
fn rolled_back_by_sqlite() -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        ffi::Error::new(ffi::SQLITE_ABORT_ROLLBACK),
        Some(
            "SQLite rolled the transaction back after a transient failure (disk full, I/O \
             error, busy, out of memory); nothing of this batch was kept"
                .into(),
        ),
    )
}

fn run_sql(connection: &Connection, statement: &str) -> rusqlite::Result<()> {
    connection
        .prepare_cached(statement)?
        .raw_execute()
        .map(drop)
}

// --- statements: `$n` placeholders bound by number, as sqlx and PostgreSQL bind them ---

type Params<'a> = &'a [&'a dyn rusqlite::ToSql];

/// SQLite numbers named parameters such as `$3` by first appearance, not by their
/// digits, and the shared SQL reuses and reorders them: bind each by the number it names.
fn prepare<'c>(
    connection: &'c Connection,
    statement: &str,
    params: Params<'_>,
) -> rusqlite::Result<CachedStatement<'c>> {
    let mut prepared = connection.prepare_cached(statement)?;
    for index in 1..=prepared.parameter_count() {
        let name = prepared.parameter_name(index).unwrap_or("?");
        let value = name
            .strip_prefix('$')
            .and_then(|digits| digits.parse::<usize>().ok())
            .and_then(|number| params.get(number.checked_sub(1)?))
            .ok_or_else(|| rusqlite::Error::InvalidParameterName(name.to_owned()))?;
        prepared.raw_bind_parameter(index, value)?;
    }
    Ok(prepared)
}

fn execute(
    connection: &Connection,
    statement: &str,
    params: Params<'_>,
) -> rusqlite::Result<usize> {
    prepare(connection, statement, params)?.raw_execute()
}

fn query_optional<T>(
    connection: &Connection,
    statement: &str,
    params: Params<'_>,
    decode: impl FnOnce(&Row<'_>) -> Result<T, StoreError>,
) -> Result<Option<T>, StoreError> {
    let mut prepared = prepare(connection, statement, params)?;
    let mut rows = prepared.raw_query();
    match rows.next()? {
        Some(row) => Ok(Some(decode(row)?)),
        None => Ok(None),
    }
}

fn query_all<T>(
    connection: &Connection,
    statement: &str,
    params: Params<'_>,
    mut decode: impl FnMut(&Row<'_>) -> Result<T, StoreError>,
) -> Result<Vec<T>, StoreError> {
    let mut prepared = prepare(connection, statement, params)?;
    let mut rows = prepared.raw_query();
    let mut decoded = Vec::new();
    while let Some(row) = rows.next()? {
        decoded.push(decode(row)?);
    }
    Ok(decoded)
}

fn exists(connection: &Connection, statement: &str, key: &str) -> Result<bool, StoreError> {
    Ok(query_optional(connection, statement, params![key], |_| Ok(()))?.is_some())
}

// --- encoding: timestamps as fixed-width RFC 3339 text (sorts like time), JSON as text ---

fn ts(t: DateTime<Utc>) -> String {
    truncate_ms(t).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A text column, borrowed from the row.
fn text<'r, I: RowIndex + Debug + Copy>(row: &'r Row<'_>, col: I) -> Result<&'r str, StoreError> {
    row.get_ref(col)?
        .as_str()
        .map_err(|e| corrupt(format!("column {col:?}: {e}")))
}

fn get_ts<I: RowIndex + Debug + Copy>(row: &Row<'_>, col: I) -> Result<DateTime<Utc>, StoreError> {
    parse_ts(text(row, col)?)
}

fn get_opt_ts<I: RowIndex + Debug + Copy>(
    row: &Row<'_>,
    col: I,
) -> Result<Option<DateTime<Utc>>, StoreError> {
    match row.get_ref(col)?.as_str_or_null() {
        Ok(s) => s.map(parse_ts).transpose(),
        Err(e) => Err(corrupt(format!("column {col:?}: {e}"))),
    }
}

fn parse_ts(s: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| corrupt(format!("bad timestamp {s:?}: {e}")))
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| invalid("json", e.to_string()))
}

fn get_json<T: serde::de::DeserializeOwned, I: RowIndex + Debug + Copy>(
    row: &Row<'_>,
    col: I,
) -> Result<T, StoreError> {
    serde_json::from_str(text(row, col)?)
        .map_err(|e| corrupt(format!("bad JSON in column {col:?}: {e}")))
}

// --- row decoding ---
//
// The user, agent, conversation and message selects of sql.rs list each table's columns in
// a fixed order, so those records are read by position: looking each column up by name
// cost 14% of a get_conversation's instructions. The test at the end of this module checks
// the positions against the selects' column names.

/// Columns of `user_cols!()`.
const USER_COLUMNS: usize = 9;
/// The conversation select's own columns, ahead of its user's and then its assignee's.
const CONVERSATION_COLUMNS: usize = 10;
/// The message select's own columns, ahead of its author's (user, then agent).
const MESSAGE_COLUMNS: usize = 9;

/// The user whose `user_cols!()` start at column `at`.
fn user_at(row: &Row<'_>, at: usize) -> Result<UserRecord, StoreError> {
    Ok(UserRecord {
        id: row.get(at)?,
        object_id: row.get(at + 1)?,
        // at + 2: the fingerprint, read only by idempotent creates.
        name: row.get(at + 3)?,
        email: row.get(at + 4)?,
        photo_url: row.get(at + 5)?,
        attributes: get_json(row, at + 6)?,
        created_at: get_ts(row, at + 7)?,
        updated_at: get_ts(row, at + 8)?,
    })
}

fn user_from(row: &Row<'_>) -> Result<UserRecord, StoreError> {
    user_at(row, 0)
}

/// The agent whose `agent_cols!()` start at column `at`; `None` when the (outer-joined)
/// agent is absent.
fn agent_at(row: &Row<'_>, at: usize) -> Result<Option<AgentRecord>, StoreError> {
    let Some(id) = row.get::<_, Option<String>>(at)? else {
        return Ok(None);
    };
    Ok(Some(AgentRecord {
        id,
        name: row.get(at + 1)?,
        email: row.get(at + 2)?,
        photo_url: row.get(at + 3)?,
        alias: row.get(at + 4)?,
        created_at: get_ts(row, at + 5)?,
    }))
}

fn agent_from(row: &Row<'_>) -> Result<Option<AgentRecord>, StoreError> {
    agent_at(row, 0)
}

fn conversation_from(row: &Row<'_>) -> Result<(ConversationRecord, Option<String>), StoreError> {
    let record = ConversationRecord {
        id: row.get(0)?,
        object_id: row.get(1)?,
        title: row.get(3)?,
        tags: get_json(row, 4)?,
        attributes: get_json(row, 5)?,
        status: row.get(6)?,
        last_user_read_at: get_opt_ts(row, 7)?,
        created_at: get_ts(row, 8)?,
        updated_at: get_ts(row, 9)?,
        user: user_at(row, CONVERSATION_COLUMNS)?,
        assignee: agent_at(row, CONVERSATION_COLUMNS + USER_COLUMNS)?,
    };
    Ok((record, row.get(2)?))
}

fn message_from(row: &Row<'_>) -> Result<(MessageRecord, Option<String>), StoreError> {
    let author = match agent_at(row, MESSAGE_COLUMNS + USER_COLUMNS)? {
        Some(agent) => AuthorRecord::Agent(agent),
        None => AuthorRecord::EndUser(user_at(row, MESSAGE_COLUMNS)?),
    };
    Ok((own_message_columns(row, author)?, row.get(3)?))
}

/// The message's own columns (the first [`MESSAGE_COLUMNS`]), with its author.
fn own_message_columns(row: &Row<'_>, author: AuthorRecord) -> Result<MessageRecord, StoreError> {
    Ok(MessageRecord {
        id: row.get(0)?,
        conversation_id: row.get(1)?,
        object_id: row.get(2)?,
        message_type: row.get(4)?,
        body: row.get(5)?,
        author,
        visibility: row.get(6)?,
        attachments: get_json(row, 7)?,
        created_at: get_ts(row, 8)?,
    })
}

/// A page of messages without the author joins: a page repeats a few authors, so each is
/// read once (by [`Authors`]) rather than joined, materialised and decoded on every row.
/// The cursor's position is looked up in the same statement; `$2` NULL, unknown or from
/// another conversation means from the start.
const MESSAGES_AFTER_ID_BY_AUTHOR_ID: &str = "SELECT m.id, m.conversation_id, m.object_id, \
     m.fingerprint, m.message_type, m.body, m.visibility, m.attachments, m.created_at, \
     m.author_user_id, m.author_agent_id FROM messages m WHERE m.conversation_id = $1 \
     AND m.position > coalesce((SELECT p.position FROM messages p \
     WHERE p.id = $2 AND p.conversation_id = $1), 0) ORDER BY m.position";
/// A message's author agent, removed or not (its messages keep their author).
const AGENT_BY_ID: &str = concat!(
    "SELECT a.id AS a_id, a.name AS a_name, a.email AS a_email, a.photo_url AS a_photo_url, ",
    "a.alias AS a_alias, a.created_at AS a_created_at FROM agents a WHERE a.id = $1"
);

/// Who wrote a message, by id, as a page row names it.
#[derive(PartialEq, Eq)]
enum AuthorKey {
    EndUser(String),
    Agent(String),
}

/// The authors read for one page, each read once.
#[derive(Default)]
struct Authors(Vec<(AuthorKey, AuthorRecord)>);

impl Authors {
    fn get(&mut self, c: &Connection, key: AuthorKey) -> Result<AuthorRecord, StoreError> {
        if let Some((_, known)) = self.0.iter().find(|(known, _)| *known == key) {
            return Ok(known.clone());
        }
        let record = match &key {
            AuthorKey::EndUser(id) => fetch_user(c, id)?.map(AuthorRecord::EndUser),
            AuthorKey::Agent(id) => query_optional(c, AGENT_BY_ID, params![id], agent_from)?
                .flatten()
                .map(AuthorRecord::Agent),
        }
        .ok_or_else(|| corrupt("a message's author is missing".into()))?;
        self.0.push((key, record.clone()));
        Ok(record)
    }
}

/// The messages of a page; each author is read the first time a row names it (a second
/// statement on the same connection, inside the page's read transaction).
fn messages_page(
    c: &Connection,
    conversation_id: &str,
    after_id: Option<&str>,
) -> Result<Vec<MessageRecord>, StoreError> {
    const USER_ID_AT: usize = MESSAGE_COLUMNS;
    const AGENT_ID_AT: usize = MESSAGE_COLUMNS + 1;
    let mut authors = Authors::default();
    query_all(
        c,
        MESSAGES_AFTER_ID_BY_AUTHOR_ID,
        params![conversation_id, after_id],
        |row| {
            let key = match row.get::<_, Option<String>>(AGENT_ID_AT)? {
                Some(agent) => AuthorKey::Agent(agent),
                None => AuthorKey::EndUser(row.get(USER_ID_AT)?),
            };
            own_message_columns(row, authors.get(c, key)?)
        },
    )
}

fn event_from(row: &Row<'_>) -> Result<OutboxEvent, StoreError> {
    Ok(OutboxEvent {
        id: row.get("id")?,
        conversation_id: row.get("conversation_id")?,
        kind: EventKind::parse(text(row, "kind")?)?,
        payload: get_json(row, "payload")?,
        state: EventState::parse(text(row, "state")?)?,
        attempts: row.get("attempts")?,
        next_attempt_at: get_ts(row, "next_attempt_at")?,
        created_at: get_ts(row, "created_at")?,
        last_error: row.get("last_error")?,
    })
}

fn oauth_client_from(row: &Row<'_>) -> Result<OauthClientRecord, StoreError> {
    Ok(OauthClientRecord {
        client_id: row.get("client_id")?,
        secret_hash: row.get("secret_hash")?,
        created_at: get_ts(row, "created_at")?,
    })
}

/// Maps a unique violation to `Conflict` and a foreign-key violation to `Invalid(field)`.
fn map_write_err(
    e: rusqlite::Error,
    conflict: impl FnOnce() -> String,
    fk_field: &'static str,
) -> StoreError {
    if let rusqlite::Error::SqliteFailure(failure, _) = &e {
        match failure.extended_code {
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                return StoreError::Conflict(conflict());
            }
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => return invalid(fk_field, "refers to nothing"),
            _ => {}
        }
    }
    StoreError::Sqlite(e)
}

// --- steps shared by several operations ---

fn fetch_user(c: &Connection, id: &str) -> Result<Option<UserRecord>, StoreError> {
    query_optional(c, sql::USER_BY_ID, params![id], user_from)
}

fn fetch_conversation(c: &Connection, id: &str) -> Result<Option<ConversationRecord>, StoreError> {
    query_optional(c, sql::CONVERSATION_BY_ID, params![id], |row| {
        conversation_from(row).map(|(conversation, _)| conversation)
    })
}

fn fetch_message(
    c: &Connection,
    statement: &'static str,
    key: &str,
) -> Result<Option<(MessageRecord, Option<String>)>, StoreError> {
    query_optional(c, statement, params![key], message_from)
}

/// The author's record, which also proves it may write (end user exists, agent active).
fn fetch_author(c: &Connection, author: &AuthorRef) -> Result<AuthorRecord, StoreError> {
    let found = match author {
        AuthorRef::EndUser(id) => fetch_user(c, id)?.map(AuthorRecord::EndUser),
        AuthorRef::Agent(id) => query_optional(c, sql::ACTIVE_AGENT, params![id], agent_from)?
            .flatten()
            .map(AuthorRecord::Agent),
    };
    found.ok_or_else(|| invalid("author", "no such end user or active agent"))
}

fn enqueue_sync(c: &Connection, conversation_id: &str) -> Result<OutboxEvent, StoreError> {
    let payload = json(&sync_payload(conversation_id))?;
    query_optional(
        c,
        sql::ENQUEUE_SYNC,
        params![conversation_id, payload, ts(now())],
        event_from,
    )?
    .ok_or_else(|| corrupt("enqueue returned no event".into()))
}

/// Inserts a conversation's initial message (the conversation was just created, and the
/// caller checked the author and that the object_id is free).
fn insert_initial_message(
    c: &Connection,
    conversation_id: &str,
    new: &NewMessage,
    author: AuthorRecord,
) -> Result<MessageRecord, StoreError> {
    let at = now();
    let position: i64 = query_optional(
        c,
        sql::NEXT_POSITION,
        params![conversation_id, ts(at)],
        |row| Ok(row.get(0)?),
    )?
    .ok_or_else(|| StoreError::NotFound {
        what: "conversation",
        id: conversation_id.to_owned(),
    })?;
    let (user_id, agent_id) = author_columns(&new.author);
    let id = new_id("msg");
    let created_at = truncate_ms(new.created_at.unwrap_or(at));
    let inserted = execute(
        c,
        sql::INSERT_MESSAGE,
        params![
            id,
            conversation_id,
            position,
            new.object_id,
            new.fingerprint,
            new.message_type,
            new.body,
            user_id,
            agent_id,
            new.visibility,
            json(&new.attachments)?,
            ts(created_at),
        ],
    )
    .map_err(|e| map_write_err(e, || "message id taken".into(), "author"))?;
    if inserted == 0 {
        return Err(StoreError::Conflict("message object_id in use".into()));
    }
    Ok(message_record(id, conversation_id, new, author, created_at))
}

fn author_columns(author: &AuthorRef) -> (Option<&str>, Option<&str>) {
    match author {
        AuthorRef::EndUser(id) => (Some(id.as_str()), None),
        AuthorRef::Agent(id) => (None, Some(id.as_str())),
    }
}

/// The record of a message just inserted: built rather than read back, one statement
/// less on the hot path.
fn message_record(
    id: String,
    conversation_id: &str,
    new: &NewMessage,
    author: AuthorRecord,
    created_at: DateTime<Utc>,
) -> MessageRecord {
    MessageRecord {
        id,
        conversation_id: conversation_id.to_owned(),
        object_id: new.object_id.clone(),
        message_type: new.message_type.clone(),
        body: new.body.clone(),
        author,
        visibility: new.visibility.clone(),
        attachments: new.attachments.clone(),
        created_at,
    }
}

/// Inserts the message if its conversation exists, its author may write and its
/// object_id is free; the position is read from the conversation (the single writer
/// makes read-then-bump atomic). Folding the checks into the insert leaves the common
/// case at two statements; `ON CONFLICT` replaces a separate object_id lookup.
const INSERT_MESSAGE_CHECKED: &str = "INSERT INTO messages \
     (id, conversation_id, position, object_id, fingerprint, message_type, body, \
      author_user_id, author_agent_id, visibility, attachments, created_at) \
     SELECT $1, c.id, c.last_position + 1, $3, $4, $5, $6, $7, $8, $9, $10, $11 \
     FROM conversations c WHERE c.id = $2 \
     AND ($7 IS NULL OR EXISTS (SELECT 1 FROM users u WHERE u.id = $7)) \
     AND ($8 IS NULL OR EXISTS (SELECT 1 FROM agents a WHERE a.id = $8 AND a.removed_at IS NULL)) \
     ON CONFLICT (object_id) DO NOTHING";
const BUMP_POSITION: &str =
    "UPDATE conversations SET last_position = last_position + 1, updated_at = $2 WHERE id = $1";

fn create_message(c: &Connection, new: &NewMessage, notify: Notify) -> MessageResult {
    let at = now();
    let (user_id, agent_id) = author_columns(&new.author);
    let id = new_id("msg");
    let created_at = truncate_ms(new.created_at.unwrap_or(at));
    let inserted = execute(
        c,
        INSERT_MESSAGE_CHECKED,
        params![
            id,
            new.conversation_id,
            new.object_id,
            new.fingerprint,
            new.message_type,
            new.body,
            user_id,
            agent_id,
            new.visibility,
            json(&new.attachments)?,
            ts(created_at),
        ],
    )?;
    if inserted == 0 {
        return refused_message(c, new);
    }
    execute(c, BUMP_POSITION, params![new.conversation_id, ts(at)])?;
    if notify == Notify::Sync {
        enqueue_sync(c, &new.conversation_id)?;
    }
    let author = fetch_author(c, &new.author).map_err(|error| match error {
        // The insert just proved the author exists: anything else is the database's fault.
        StoreError::Invalid { .. } => corrupt("message author vanished".into()),
        other => other,
    })?;
    Ok(Created {
        record: message_record(id, &new.conversation_id, new, author, created_at),
        outcome: Outcome::Created,
    })
}

type MessageResult = Result<Created<MessageRecord>, StoreError>;

/// Why nothing was inserted, in the order the store has always answered: an existing
/// object_id (replay or conflict), then an unknown conversation, then the author.
fn refused_message(c: &Connection, new: &NewMessage) -> MessageResult {
    if let Some(object_id) = &new.object_id
        && let Some((m, fp)) = fetch_message(c, sql::MESSAGE_BY_OBJECT_ID, object_id)?
    {
        return Ok(Created {
            record: m,
            outcome: outcome_for(fp.as_deref(), &new.fingerprint),
        });
    }
    if !exists(c, sql::CONVERSATION_EXISTS, &new.conversation_id)? {
        return Err(StoreError::NotFound {
            what: "conversation",
            id: new.conversation_id.clone(),
        });
    }
    fetch_author(c, &new.author)?;
    Err(corrupt("message neither inserted nor refused".into()))
}

/// The conversation with this object_id and its first message, as a replay or conflict.
fn existing_conversation(
    c: &Connection,
    object_id: &str,
    fingerprint: &str,
) -> Result<Option<Created<(ConversationRecord, MessageRecord)>>, StoreError> {
    let Some((conv, fp)) = query_optional(
        c,
        sql::CONVERSATION_BY_OBJECT_ID,
        params![object_id],
        conversation_from,
    )?
    else {
        return Ok(None);
    };
    let (message, _) = fetch_message(c, sql::FIRST_MESSAGE, &conv.id)?
        .ok_or_else(|| corrupt("conversation without a first message".into()))?;
    Ok(Some(Created {
        record: (conv, message),
        outcome: outcome_for(fp.as_deref(), fingerprint),
    }))
}

/// Writes `changes` over `user` (attributes merged key by key) and returns the result.
fn apply_user_changes(
    c: &Connection,
    mut user: UserRecord,
    changes: UserChanges,
) -> Result<UserRecord, StoreError> {
    changes.apply_to(&mut user);
    execute(
        c,
        sql::UPDATE_USER,
        params![
            user.id,
            user.name,
            user.email,
            user.photo_url,
            json(&user.attributes)?,
            ts(user.updated_at),
        ],
    )?;
    Ok(user)
}

/// Records one outcome; whether the claim still held (else nothing changed).
fn event_update(c: &Connection, statement: &str, params: Params<'_>) -> Result<bool, StoreError> {
    Ok(execute(c, statement, params)? > 0)
}

#[async_trait]
impl Store for SqliteStore {
    async fn create_user(&self, new: NewUser) -> Result<Created<UserRecord>, StoreError> {
        self.write(move |c| {
            let id = new_id("user");
            let inserted = execute(
                c,
                sql::INSERT_USER,
                params![
                    id,
                    new.object_id,
                    new.fingerprint,
                    new.name,
                    new.email,
                    new.photo_url,
                    json(&new.attributes)?,
                    ts(now()),
                ],
            )?;
            if inserted == 0 {
                let object_id = new.object_id.as_deref().unwrap_or_default();
                return query_optional(c, sql::USER_BY_OBJECT_ID, params![object_id], |row| {
                    let fp: Option<String> = row.get(2)?;
                    Ok(Created {
                        record: user_from(row)?,
                        outcome: outcome_for(fp.as_deref(), &new.fingerprint),
                    })
                })?
                .ok_or_else(|| corrupt("user object_id taken by no user".into()));
            }
            let record =
                fetch_user(c, &id)?.ok_or_else(|| corrupt("user vanished after insert".into()))?;
            Ok(Created {
                record,
                outcome: Outcome::Created,
            })
        })
        .await
    }

    async fn get_user(&self, id: &str) -> Result<Option<UserRecord>, StoreError> {
        self.readers.read(|c| fetch_user(c, id))
    }

    async fn update_user(
        &self,
        id: &str,
        changes: UserChanges,
    ) -> Result<Option<UserRecord>, StoreError> {
        let id = id.to_owned();
        self.write(move |c| {
            let Some(user) = fetch_user(c, &id)? else {
                return Ok(None);
            };
            apply_user_changes(c, user, changes).map(Some)
        })
        .await
    }

    async fn upsert_user(&self, id: &str, changes: UserChanges) -> Result<UserRecord, StoreError> {
        let id = id.to_owned();
        self.write(move |c| {
            execute(
                c,
                sql::INSERT_USER_WITH_ID,
                params![
                    id,
                    None::<String>,
                    None::<String>,
                    None::<String>,
                    json(&JsonMap::new())?,
                    ts(now()),
                ],
            )?;
            let user =
                fetch_user(c, &id)?.ok_or_else(|| corrupt("user vanished after insert".into()))?;
            apply_user_changes(c, user, changes)
        })
        .await
    }

    async fn list_agents(&self) -> Result<Vec<AgentRecord>, StoreError> {
        self.readers.read(|c| {
            let agents = query_all(c, sql::LIST_AGENTS, params![], agent_from)?;
            Ok(agents.into_iter().flatten().collect())
        })
    }

    async fn get_agent(&self, id: &str) -> Result<Option<AgentRecord>, StoreError> {
        self.readers
            .read(|c| Ok(query_optional(c, sql::ACTIVE_AGENT, params![id], agent_from)?.flatten()))
    }

    async fn add_agent(&self, new: NewAgent) -> Result<AgentRecord, StoreError> {
        let id = new.id.clone().unwrap_or_else(|| new_id("agent"));
        if id.is_empty() {
            return Err(invalid("id", "must not be empty"));
        }
        self.write(move |c| {
            let n = execute(
                c,
                sql::INSERT_AGENT,
                params![id, new.name, new.email, new.photo_url, new.alias, ts(now())],
            )?;
            if n == 0 {
                return Err(StoreError::Conflict(format!("agent {id:?} already exists")));
            }
            query_optional(c, sql::ACTIVE_AGENT, params![id], agent_from)?
                .flatten()
                .ok_or_else(|| corrupt("agent vanished".into()))
        })
        .await
    }

    async fn remove_agent(&self, id: &str) -> Result<bool, StoreError> {
        let id = id.to_owned();
        self.write(move |c| {
            let n = execute(c, sql::REMOVE_AGENT, params![id, ts(now())])?;
            execute(c, sql::DELETE_AGENT_TOKENS, params![id])?;
            Ok(n > 0)
        })
        .await
    }

    async fn create_conversation(
        &self,
        new: NewConversation,
    ) -> Result<Created<(ConversationRecord, MessageRecord)>, StoreError> {
        check_status(&new.status)?;
        self.write(move |c| {
            // A replay answers before validation: the references may have changed since.
            if let Some(object_id) = &new.object_id
                && let Some(done) = existing_conversation(c, object_id, &new.fingerprint)?
            {
                return Ok(done);
            }
            if !exists(c, sql::USER_EXISTS, &new.user_id)? {
                return Err(invalid("user_id", "no such user"));
            }
            if let Some(assignee) = &new.assignee_id
                && !exists(c, sql::ACTIVE_AGENT, assignee)?
            {
                return Err(invalid("assignee_id", "no such active agent"));
            }
            let author = fetch_author(c, &new.initial_message.author)?;
            // The initial message's object_id is taken: nothing is written, and the answer
            // is that message and its conversation.
            if let Some(object_id) = &new.initial_message.object_id
                && let Some((message, _)) = fetch_message(c, sql::MESSAGE_BY_OBJECT_ID, object_id)?
            {
                let conversation = fetch_conversation(c, &message.conversation_id)?
                    .ok_or_else(|| corrupt("message without conversation".into()))?;
                return Ok(Created {
                    record: (conversation, message),
                    outcome: Outcome::Conflict,
                });
            }
            let id = new_id("conv");
            execute(
                c,
                sql::INSERT_CONVERSATION,
                params![
                    id,
                    new.object_id,
                    new.fingerprint,
                    new.user_id,
                    new.title,
                    json(&new.tags)?,
                    json(&new.attributes)?,
                    new.status,
                    new.assignee_id,
                    ts(now()),
                ],
            )?;
            let message = insert_initial_message(c, &id, &new.initial_message, author)?;
            let conversation = fetch_conversation(c, &id)?
                .ok_or_else(|| corrupt("conversation vanished after insert".into()))?;
            Ok(Created {
                record: (conversation, message),
                outcome: Outcome::Created,
            })
        })
        .await
    }

    async fn get_conversation(&self, id: &str) -> Result<Option<ConversationRecord>, StoreError> {
        self.readers.read(|c| fetch_conversation(c, id))
    }

    async fn update_conversation(
        &self,
        id: &str,
        changes: ConversationChanges,
        notify: Notify,
    ) -> Result<Option<ConversationRecord>, StoreError> {
        if let Some(status) = &changes.status {
            check_status(status)?;
        }
        let id = id.to_owned();
        self.write(move |c| {
            if let Change::Set(Some(agent)) = &changes.assignee_id
                && !exists(c, sql::ACTIVE_AGENT, agent)?
            {
                return Err(invalid("assignee_id", "no such active agent"));
            }
            let title_set = changes.title.is_set();
            let assignee_set = changes.assignee_id.is_set();
            let read_set = changes.last_user_read_at.is_set();
            let n = execute(
                c,
                sql::UPDATE_CONVERSATION,
                params![
                    id,
                    title_set,
                    changes.title.into_option().flatten(),
                    changes.tags.is_some(),
                    changes.tags.as_ref().map(json).transpose()?,
                    changes.attributes.is_some(),
                    changes.attributes.as_ref().map(json).transpose()?,
                    changes.status.is_some(),
                    changes.status,
                    assignee_set,
                    changes.assignee_id.into_option().flatten(),
                    read_set,
                    changes.last_user_read_at.into_option().flatten().map(ts),
                    ts(now()),
                ],
            )?;
            if n == 0 {
                return Ok(None);
            }
            if notify == Notify::Sync {
                enqueue_sync(c, &id)?;
            }
            fetch_conversation(c, &id)
        })
        .await
    }

    async fn list_conversations(
        &self,
        filter: ConversationFilter,
    ) -> Result<Vec<ConversationRecord>, StoreError> {
        let unassigned = filter.unassigned && filter.assignee_id.is_none();
        let limit = i64::from(filter.limit.unwrap_or(DEFAULT_LIST_LIMIT));
        self.readers.read(|c| {
            query_all(
                c,
                sql::LIST_CONVERSATIONS,
                params![filter.status, filter.assignee_id, unassigned, limit],
                |row| conversation_from(row).map(|(conversation, _)| conversation),
            )
        })
    }

    async fn create_message(
        &self,
        new: NewMessage,
        notify: Notify,
    ) -> Result<Created<MessageRecord>, StoreError> {
        self.write(move |c| create_message(c, &new, notify)).await
    }

    async fn list_messages(
        &self,
        conversation_id: &str,
        after_id: Option<&str>,
    ) -> Result<Vec<MessageRecord>, StoreError> {
        self.readers.read(|c| {
            let messages = messages_page(c, conversation_id, after_id)?;
            // Only an empty answer needs telling "no messages yet" from "no conversation".
            if messages.is_empty() && !exists(c, sql::CONVERSATION_EXISTS, conversation_id)? {
                return Err(StoreError::NotFound {
                    what: "conversation",
                    id: conversation_id.to_owned(),
                });
            }
            Ok(messages)
        })
    }

    async fn enqueue_event(
        &self,
        conversation_id: &str,
        kind: EventKind,
        payload: Value,
    ) -> Result<OutboxEvent, StoreError> {
        let conversation_id = conversation_id.to_owned();
        self.write(move |c| {
            if !exists(c, sql::CONVERSATION_EXISTS, &conversation_id)? {
                return Err(StoreError::NotFound {
                    what: "conversation",
                    id: conversation_id,
                });
            }
            match kind {
                EventKind::Sync => enqueue_sync(c, &conversation_id),
                other => query_optional(
                    c,
                    sql::ENQUEUE_OTHER,
                    params![conversation_id, other.as_str(), json(&payload)?, ts(now())],
                    event_from,
                )?
                .ok_or_else(|| corrupt("enqueue returned no event".into())),
            }
        })
        .await
    }

    async fn claim_due_events(
        &self,
        now: DateTime<Utc>,
        limit: u32,
        lease: Duration,
    ) -> Result<Vec<OutboxEvent>, StoreError> {
        let until =
            now + chrono::Duration::from_std(lease).map_err(|e| invalid("lease", e.to_string()))?;
        let mut events = self
            .write(move |c| {
                // The single writer makes select-then-update atomic; no lock clause is needed.
                query_all(
                    c,
                    concat!(
                        "UPDATE outbox SET next_attempt_at = $3, attempts = attempts + 1, \
                         claimed_revision = revision WHERE id IN (SELECT id FROM outbox \
                         WHERE state = 'pending' AND next_attempt_at <= $1 \
                         ORDER BY next_attempt_at, id LIMIT $2) RETURNING ",
                        "id, conversation_id, kind, payload, state, attempts, next_attempt_at, \
                         created_at, last_error"
                    ),
                    params![ts(now), i64::from(limit), ts(until)],
                    event_from,
                )
            })
            .await?;
        events.sort_by_key(|e| e.id);
        Ok(events)
    }

    async fn mark_delivered(&self, claim: Claim) -> Result<bool, StoreError> {
        self.write(move |c| {
            event_update(
                c,
                sql::MARK_DELIVERED,
                params![claim.id, ts(now()), ts(claim.until)],
            )
        })
        .await
    }

    async fn mark_retry(
        &self,
        claim: Claim,
        next_attempt_at: DateTime<Utc>,
        error: &str,
    ) -> Result<bool, StoreError> {
        let error = error.to_owned();
        self.write(move |c| {
            event_update(
                c,
                sql::MARK_RETRY,
                params![claim.id, ts(next_attempt_at), error, ts(claim.until)],
            )
        })
        .await
    }

    async fn mark_dead(&self, claim: Claim, error: &str) -> Result<bool, StoreError> {
        let error = error.to_owned();
        self.write(move |c| {
            event_update(c, sql::MARK_DEAD, params![claim.id, error, ts(claim.until)])
        })
        .await
    }

    async fn release_claims(
        &self,
        claims: &[(i64, DateTime<Utc>)],
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let claims: Vec<(i64, String)> =
            claims.iter().map(|(id, until)| (*id, ts(*until))).collect();
        self.write(move |c| {
            let mut released = 0;
            for (id, until) in &claims {
                released += execute(c, sql::RELEASE_CLAIM, params![id, until, ts(now)])?;
            }
            Ok(u64::try_from(released).unwrap_or(u64::MAX))
        })
        .await
    }

    async fn list_events(
        &self,
        state: Option<EventState>,
        after_id: Option<i64>,
        limit: Option<u32>,
    ) -> Result<Vec<OutboxEvent>, StoreError> {
        let limit = limit.map_or(i64::MAX, i64::from);
        self.readers.read(|c| {
            query_all(
                c,
                sql::LIST_EVENTS,
                params![state.map(EventState::as_str), after_id, limit],
                event_from,
            )
        })
    }

    async fn purge_delivered(&self, before: DateTime<Utc>, limit: u32) -> Result<u64, StoreError> {
        self.write(move |c| {
            let purged = execute(
                c,
                sql::PURGE_DELIVERED,
                params![ts(before), i64::from(limit)],
            )?;
            Ok(u64::try_from(purged).unwrap_or(u64::MAX))
        })
        .await
    }

    async fn requeue_dead(&self, which: Requeue) -> Result<u64, StoreError> {
        let id = match which {
            Requeue::One(id) => Some(id),
            Requeue::AllDead => None,
        };
        self.write(move |c| {
            let merged = execute(c, sql::MERGE_SUPERSEDED_DEAD_SYNCS, params![id, ts(now())])?;
            let requeued = execute(c, sql::REQUEUE_DEAD, params![id, ts(now())])?;
            Ok(u64::try_from(merged + requeued).unwrap_or(u64::MAX))
        })
        .await
    }

    async fn add_oauth_client(&self, client_id: &str, secret_hash: &str) -> Result<(), StoreError> {
        let (client_id, secret_hash) = (client_id.to_owned(), secret_hash.to_owned());
        self.write(move |c| {
            execute(
                c,
                sql::INSERT_OAUTH_CLIENT,
                params![client_id, secret_hash, ts(now())],
            )
            .map_err(|e| {
                map_write_err(
                    e,
                    || format!("OAuth client {client_id:?} exists"),
                    "client_id",
                )
            })?;
            Ok(())
        })
        .await
    }

    async fn get_oauth_client(
        &self,
        client_id: &str,
    ) -> Result<Option<OauthClientRecord>, StoreError> {
        self.readers
            .read(|c| query_optional(c, sql::OAUTH_CLIENT, params![client_id], oauth_client_from))
    }

    async fn list_oauth_clients(&self) -> Result<Vec<OauthClientRecord>, StoreError> {
        self.readers
            .read(|c| query_all(c, sql::LIST_OAUTH_CLIENTS, params![], oauth_client_from))
    }

    async fn remove_oauth_client(&self, client_id: &str) -> Result<bool, StoreError> {
        let client_id = client_id.to_owned();
        self.write(move |c| {
            execute(c, sql::DELETE_CLIENT_TOKENS, params![client_id])?;
            Ok(execute(c, sql::DELETE_OAUTH_CLIENT, params![client_id])? > 0)
        })
        .await
    }

    async fn insert_access_token(
        &self,
        token_hash: &str,
        client_id: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (token_hash, client_id) = (token_hash.to_owned(), client_id.to_owned());
        self.write(move |c| {
            execute(
                c,
                sql::INSERT_ACCESS_TOKEN,
                params![token_hash, client_id, ts(expires_at), ts(now())],
            )
            .map_err(|e| map_write_err(e, || "access token exists".into(), "client_id"))?;
            Ok(())
        })
        .await
    }

    async fn find_access_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<AccessTokenRecord>, StoreError> {
        self.readers.read(|c| {
            query_optional(c, sql::FIND_ACCESS_TOKEN, params![token_hash], |row| {
                Ok(AccessTokenRecord {
                    client_id: row.get("client_id")?,
                    expires_at: get_ts(row, "expires_at")?,
                })
            })
        })
    }

    async fn purge_expired_tokens(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        self.write(move |c| {
            let n = execute(c, sql::PURGE_TOKENS, params![ts(now)])?;
            Ok(u64::try_from(n).unwrap_or(u64::MAX))
        })
        .await
    }

    async fn add_api_token(&self, token_hash: &str, label: &str) -> Result<(), StoreError> {
        let (token_hash, label) = (token_hash.to_owned(), label.to_owned());
        self.write(move |c| {
            execute(
                c,
                sql::INSERT_API_TOKEN,
                params![token_hash, label, ts(now())],
            )
            .map_err(|e| map_write_err(e, || "API token exists".into(), "token"))?;
            Ok(())
        })
        .await
    }

    async fn has_api_token(&self, token_hash: &str) -> Result<bool, StoreError> {
        self.readers
            .read(|c| exists(c, sql::HAS_API_TOKEN, token_hash))
    }

    async fn count_api_tokens(&self) -> Result<u64, StoreError> {
        self.readers.read(|c| {
            let n: Option<i64> =
                query_optional(c, sql::COUNT_API_TOKENS, params![], |row| Ok(row.get(0)?))?;
            Ok(n.and_then(|n| u64::try_from(n).ok()).unwrap_or(0))
        })
    }

    async fn add_agent_token(&self, token_hash: &str, agent_id: &str) -> Result<(), StoreError> {
        let (token_hash, agent_id) = (token_hash.to_owned(), agent_id.to_owned());
        self.write(move |c| {
            if !exists(c, sql::ACTIVE_AGENT, &agent_id)? {
                return Err(invalid("agent_id", "no such active agent"));
            }
            execute(
                c,
                sql::INSERT_AGENT_TOKEN,
                params![token_hash, agent_id, ts(now())],
            )
            .map_err(|e| map_write_err(e, || "agent token exists".into(), "agent_id"))?;
            Ok(())
        })
        .await
    }

    async fn find_agent_token(&self, token_hash: &str) -> Result<Option<String>, StoreError> {
        self.readers.read(|c| {
            query_optional(c, sql::FIND_AGENT_TOKEN, params![token_hash], |row| {
                Ok(row.get(0)?)
            })
        })
    }

    async fn check_write_path(&self) -> Result<(), StoreError> {
        // An empty write still goes through the writer thread's BEGIN IMMEDIATE and
        // COMMIT: it proves the thread alive and the write lock obtainable.
        self.write(|_| Ok(())).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Answer<T> = oneshot::Receiver<Result<T, StoreError>>;

    fn job<T, F>(write: F) -> (Box<dyn Job>, Answer<T>)
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

    fn insert(
        value: &'static str,
    ) -> impl FnOnce(&Connection) -> Result<(), StoreError> + Clone + Send + 'static {
        move |c| {
            execute(c, "INSERT INTO t (v) VALUES ($1)", params![value])?;
            Ok(())
        }
    }

    fn values(connection: &Connection) -> Vec<String> {
        query_all(connection, "SELECT v FROM t ORDER BY v", params![], |row| {
            Ok(row.get(0)?)
        })
        .expect("values read")
    }

    #[tokio::test]
    async fn a_batch_keeps_its_good_writes_and_undoes_a_refused_or_panicking_one() {
        let connection = Connection::open_in_memory().expect("database");
        connection
            .execute_batch("CREATE TABLE t (v TEXT)")
            .expect("table");
        let (good, good_answer) = job(insert("a"));
        let (refused, refused_answer) = job(|c: &Connection| -> Result<(), StoreError> {
            insert("refused")(c)?;
            Err(invalid("v", "refused after writing"))
        });
        let (panicking, panicking_answer) = job(|c: &Connection| -> Result<(), StoreError> {
            insert("panicked")(c)?;
            panic!("a bug in one write");
        });
        let (after, after_answer) = job(insert("b"));
        commit_batch(&connection, vec![good, refused, panicking, after]);

        assert!(good_answer.await.expect("answered").is_ok());
        assert!(matches!(
            refused_answer.await.expect("answered"),
            Err(StoreError::Invalid { field: "v", .. })
        ));
        assert!(matches!(
            panicking_answer.await.expect("answered"),
            Err(StoreError::Sqlite(_))
        ));
        assert!(after_answer.await.expect("answered").is_ok());
        assert_eq!(values(&connection), ["a", "b"]);
        assert!(connection.is_autocommit(), "no transaction is left open");
    }

    #[tokio::test]
    async fn a_lost_transaction_fails_every_write_of_its_batch() {
        let connection = Connection::open_in_memory().expect("database");
        connection
            .execute_batch("CREATE TABLE t (v TEXT)")
            .expect("table");
        let (good, good_answer) = job(insert("a"));
        // Ends the batch's transaction behind the writer's back, so its savepoint fails.
        let (breaking, breaking_answer) = job(|c: &Connection| -> Result<(), StoreError> {
            c.execute_batch("ROLLBACK")?;
            Ok(())
        });
        let (later, later_answer) = job(insert("b"));
        commit_batch(&connection, vec![good, breaking, later]);

        for answer in [good_answer, breaking_answer, later_answer] {
            assert!(matches!(
                answer.await.expect("answered"),
                Err(StoreError::Sqlite(_))
            ));
        }
        assert!(
            values(&connection).is_empty(),
            "nothing of the batch is kept"
        );

        // The writer goes on: the next batch commits.
        let (next, next_answer) = job(insert("c"));
        commit_batch(&connection, vec![next]);
        assert!(next_answer.await.expect("answered").is_ok());
        assert_eq!(values(&connection), ["c"]);
    }

    #[tokio::test]
    async fn a_batch_lost_to_a_full_database_runs_each_write_again_on_its_own() {
        let connection = Connection::open_in_memory().expect("database");
        connection
            .execute_batch("CREATE TABLE t (v TEXT)")
            .expect("table");
        let pages: u32 = connection
            .query_row("PRAGMA page_count", [], |row| row.get(0))
            .expect("page count");
        let _: u32 = connection
            .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |row| {
                row.get(0)
            })
            .expect("limit");
        let big: &'static str = "x".repeat(64 * 1024).leak();
        let (before, before_answer) = job(insert("a"));
        let (too_big, too_big_answer) = job(insert(big));
        let (after, after_answer) = job(insert("b"));
        commit_batch(&connection, vec![before, too_big, after]);

        assert!(before_answer.await.expect("answered").is_ok());
        assert!(after_answer.await.expect("answered").is_ok());
        let refused = too_big_answer
            .await
            .expect("answered")
            .expect_err("it cannot fit");
        assert_eq!(refused.kind(), ErrorKind::Unavailable, "{refused}");
        assert_eq!(values(&connection), ["a", "b"]);
        assert!(connection.is_autocommit(), "no transaction is left open");
    }

    fn columns(connection: &Connection, statement: &str) -> Vec<String> {
        let prepared = connection.prepare(statement).expect("statement prepares");
        prepared
            .column_names()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// The positions the decoders read are the columns the selects of sql.rs list.
    #[test]
    fn decoders_read_the_columns_the_selects_list() {
        let connection = Connection::open_in_memory().expect("in-memory database");
        for migration in MIGRATOR.iter() {
            connection
                .execute_batch(&migration.sql)
                .expect("migration applies");
        }
        let user = [
            "u_id",
            "u_object_id",
            "u_fingerprint",
            "u_name",
            "u_email",
            "u_photo_url",
            "u_attributes",
            "u_created_at",
            "u_updated_at",
        ];
        let agent = [
            "a_id",
            "a_name",
            "a_email",
            "a_photo_url",
            "a_alias",
            "a_created_at",
        ];
        let conversation = [
            "c_id",
            "c_object_id",
            "c_fingerprint",
            "c_title",
            "c_tags",
            "c_attributes",
            "c_status",
            "c_last_user_read_at",
            "c_created_at",
            "c_updated_at",
        ];
        let message = [
            "m_id",
            "m_conversation_id",
            "m_object_id",
            "m_fingerprint",
            "m_message_type",
            "m_body",
            "m_visibility",
            "m_attachments",
            "m_created_at",
        ];
        assert_eq!(user.len(), USER_COLUMNS);
        assert_eq!(conversation.len(), CONVERSATION_COLUMNS);
        assert_eq!(message.len(), MESSAGE_COLUMNS);
        for statement in [sql::USER_BY_ID, sql::USER_BY_OBJECT_ID] {
            assert_eq!(columns(&connection, statement), user);
        }
        for statement in [sql::ACTIVE_AGENT, sql::LIST_AGENTS] {
            assert_eq!(columns(&connection, statement), agent);
        }
        let conversation_row = [&conversation[..], &user, &agent].concat();
        for statement in [
            sql::CONVERSATION_BY_ID,
            sql::CONVERSATION_BY_OBJECT_ID,
            sql::LIST_CONVERSATIONS,
        ] {
            assert_eq!(columns(&connection, statement), conversation_row);
        }
        let message_row = [&message[..], &user, &agent].concat();
        for statement in [sql::MESSAGE_BY_OBJECT_ID, sql::FIRST_MESSAGE] {
            assert_eq!(columns(&connection, statement), message_row);
        }
        let by_author_id = [
            "id",
            "conversation_id",
            "object_id",
            "fingerprint",
            "message_type",
            "body",
            "visibility",
            "attachments",
            "created_at",
            "author_user_id",
            "author_agent_id",
        ];
        assert_eq!(
            columns(&connection, MESSAGES_AFTER_ID_BY_AUTHOR_ID),
            by_author_id
        );
        let own_message_names: Vec<String> = message
            .iter()
            .map(|name| name.trim_start_matches("m_").to_owned())
            .collect();
        assert_eq!(own_message_names, by_author_id[..MESSAGE_COLUMNS]);
        assert_eq!(columns(&connection, AGENT_BY_ID), agent);
    }

    /// The database cannot grow (`max_page_count` stands in for a full file system): a
    /// write is refused as a transient failure (a 503), reads go on, the file stays
    /// intact, and writes resume once there is room.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_database_refuses_writes_for_now_and_keeps_reads_and_integrity() {
        let dir = tempfile::tempdir().expect("directory");
        let url = format!("sqlite://{}", dir.path().join("full.db").display());
        let store = SqliteStore::open(&url, &OpenOptions::default())
            .await
            .expect("store opens");
        let kept = store
            .create_user(NewUser {
                name: Some("kept".into()),
                ..NewUser::default()
            })
            .await
            .expect("user")
            .record;
        // The writer's own connection: no page beyond those in use.
        let limit = |extra: u32| {
            move |c: &Connection| -> Result<(), StoreError> {
                let pages: u32 = c.query_row("PRAGMA page_count", [], |row| row.get(0))?;
                let _: u32 = c.query_row(
                    &format!("PRAGMA max_page_count = {}", pages + extra),
                    [],
                    |row| row.get(0),
                )?;
                Ok(())
            }
        };
        store.write(limit(0)).await.expect("limit set");
        let big = NewUser {
            attributes: [("big".to_string(), Value::String("x".repeat(64 * 1024)))]
                .into_iter()
                .collect(),
            ..NewUser::default()
        };
        let full = store
            .create_user(big.clone())
            .await
            .expect_err("no room for it");
        assert_eq!(full.kind(), ErrorKind::Unavailable, "{full}");
        assert!(full.to_string().contains("full"), "{full}");

        assert_eq!(
            store.get_user(&kept.id).await.expect("reads go on"),
            Some(kept.clone())
        );
        let integrity: String = store
            .readers
            .read(|c| Ok(c.query_row("PRAGMA integrity_check", [], |row| row.get(0))?))
            .expect("integrity check");
        assert_eq!(integrity, "ok");

        store.write(limit(1000)).await.expect("room again");
        let created = store.create_user(big).await.expect("writes resume").record;
        assert_eq!(
            store.get_user(&created.id).await.expect("read"),
            Some(created)
        );
    }
}
