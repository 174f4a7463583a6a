//! `fin-helpdesk backup`: a consistent copy of a SQLite database taken while the server
//! keeps writing, through SQLite's online backup API; PostgreSQL is pointed at `pg_dump`.

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use sqlx::sqlite::SqliteConnectOptions;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// What a backup copied, read back from the copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    pub source: PathBuf,
    pub destination: PathBuf,
    pub pages: i64,
    pub bytes: i64,
    /// Rows per table, in the copy.
    pub rows: Vec<(&'static str, i64)>,
    /// `PRAGMA integrity_check` on the copy: `ok`, or what it found.
    pub integrity: String,
}

impl std::fmt::Display for BackupReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "copied {} to {}: {} pages, {} bytes",
            self.source.display(),
            self.destination.display(),
            self.pages,
            self.bytes
        )?;
        for (table, count) in &self.rows {
            writeln!(f, "  {table}: {count} rows")?;
        }
        write!(f, "integrity check of the copy: {}", self.integrity)
    }
}

/// A source locked by another process (a checkpoint, a schema change) is waited for, in
/// these steps, for about ten seconds at most.
const BUSY_RETRIES: u32 = 200;
const BUSY_PAUSE: Duration = Duration::from_millis(50);

/// The tables counted in the report: what a restore would bring back.
const TABLES: [&str; 9] = [
    "users",
    "conversations",
    "messages",
    "agents",
    "outbox",
    "oauth_clients",
    "access_tokens",
    "api_tokens",
    "agent_tokens",
];

/// Copies the database named by `database_url` to `to`, which must not exist yet.
pub fn backup(database_url: &str, to: &Path) -> Result<BackupReport, String> {
    let scheme = database_url
        .split_once(':')
        .map_or("", |(scheme, _)| scheme);
    match scheme {
        "sqlite" => {}
        "postgres" | "postgresql" => {
            return Err(
                "`backup` copies SQLite databases; for PostgreSQL use its own tool, which takes \
                 a consistent snapshot while the server keeps writing: \
                 pg_dump --format=custom --file FILE DATABASE_URL (restore with pg_restore)"
                    .into(),
            );
        }
        other => {
            // Only the scheme is echoed: the rest of the URL may hold a password.
            return Err(format!(
                "unsupported database URL scheme {other:?}: use sqlite://path"
            ));
        }
    }
    // The same reading of the URL as the store's.
    let source = SqliteConnectOptions::from_str(database_url)
        .map_err(|error| format!("database URL: {error}"))?
        .get_filename()
        .to_path_buf();
    if !source.exists() {
        return Err(format!("no database at {}", source.display()));
    }
    if to.exists() {
        return Err(format!(
            "{} exists already; give a new file name, so no earlier backup is overwritten",
            to.display()
        ));
    }
    let failed = |error: rusqlite::Error| format!("backup failed: {error}");
    let from =
        Connection::open_with_flags(&source, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(failed)?;
    // A writer holding the lock past this is waited for, not failed on.
    from.busy_timeout(Duration::from_secs(5)).map_err(failed)?;
    let mut copy = Connection::open(to).map_err(failed)?;
    {
        let backup = Backup::new(&from, &mut copy).map_err(failed)?;
        // All pages in one step: the step reads one snapshot, so the copy is the database
        // as of one instant. In WAL mode that read blocks no writer; copied in smaller
        // steps, every commit of the server in between would restart the copy.
        let mut busy = 0;
        loop {
            match backup.step(-1).map_err(failed)? {
                StepResult::Done => break,
                StepResult::More => {}
                StepResult::Busy | StepResult::Locked if busy < BUSY_RETRIES => {
                    busy += 1;
                    std::thread::sleep(BUSY_PAUSE);
                }
                StepResult::Busy | StepResult::Locked => {
                    return Err("backup failed: the database stayed locked".into());
                }
                // The enum is non-exhaustive; no other result exists today.
                _ => return Err("backup failed: unexpected step result".into()),
            }
        }
    }
    // One self-contained file (no -wal beside it) to move elsewhere; the server switches
    // a restored copy back to WAL when it opens it.
    copy.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))
        .map_err(failed)?;
    let pages: i64 = copy
        .query_row("PRAGMA page_count", [], |row| row.get(0))
        .map_err(failed)?;
    let page_size: i64 = copy
        .query_row("PRAGMA page_size", [], |row| row.get(0))
        .map_err(failed)?;
    let mut rows = Vec::new();
    for table in TABLES {
        // The names are this module's constants, not input.
        let count: i64 = copy
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                row.get(0)
            })
            .map_err(failed)?;
        rows.push((table, count));
    }
    let integrity: String = copy
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .map_err(failed)?;
    Ok(BackupReport {
        source,
        destination: to.to_path_buf(),
        pages,
        bytes: pages * page_size,
        rows,
        integrity,
    })
}
