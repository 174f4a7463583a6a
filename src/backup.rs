//! `fin-helpdesk backup`: a consistent copy of a SQLite database taken while the server
//! keeps writing, through SQLite's online backup API; PostgreSQL is pointed at `pg_dump`.
//!
//! The copy holds what the database holds, so it is the owner's only (0600) and never
//! written through a link at the destination: SQLite writes it by path, inside a
//! directory of ours beside the destination (0700, so no other user can swap a link in
//! while SQLite writes), and the finished file is then hard-linked to the destination
//! name. `link(2)` never follows a link at the new name and fails if any file (a dangling
//! link too) is there: no earlier backup is overwritten and no file elsewhere written,
//! with no gap between a check and a write.

use crate::error::Error;
use crate::private_files;
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
pub fn backup(database_url: &str, to: &Path) -> Result<BackupReport, Error> {
    let scheme = database_url
        .split_once(':')
        .map_or("", |(scheme, _)| scheme);
    match scheme {
        "sqlite" => {}
        "postgres" | "postgresql" => {
            return Err(Error::Configuration(
                "`backup` copies SQLite databases; for PostgreSQL use its own tool, which takes \
                 a consistent snapshot while the server keeps writing: \
                 pg_dump --format=custom --file FILE DATABASE_URL (restore with pg_restore)"
                    .into(),
            ));
        }
        other => {
            // Only the scheme is echoed: the rest of the URL may hold a password.
            return Err(Error::Configuration(format!(
                "unsupported database URL scheme {other:?}: use sqlite://path"
            )));
        }
    }
    // The same reading of the URL as the store's.
    let source = SqliteConnectOptions::from_str(database_url)
        .map_err(|error| Error::Configuration(format!("database URL: {error}")))?
        .get_filename()
        .to_path_buf();
    if !source.exists() {
        return Err(Error::Configuration(format!(
            "no database at {}",
            source.display()
        )));
    }
    // Checked early so a long copy is not made in vain; `place` is what makes it safe.
    if to.symlink_metadata().is_ok() {
        return Err(exists_already(to));
    }
    let directory = match to.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    // Removed with what is in it when this returns, however it returns.
    let staging =
        private_files::temp_dir_in(directory, ".fin-helpdesk-backup-").map_err(|source| {
            Error::File {
                action: "cannot create a private directory in",
                path: directory.to_path_buf(),
                source,
            }
        })?;
    let staged = staging.path().join("copy.db");
    private_files::create_new(&staged).map_err(|source| Error::File {
        action: "cannot create",
        path: staged.clone(),
        source,
    })?;
    let report = copy(&source, &staged)?;
    place(&staged, to)?;
    Ok(BackupReport {
        destination: to.to_path_buf(),
        ..report
    })
}

fn exists_already(to: &Path) -> Error {
    Error::Configuration(format!(
        "{} exists already; give a new file name, so no earlier backup (or file a link \
         there points at) is overwritten",
        to.display()
    ))
}

/// Gives the finished copy its name. The copy was closed before: nothing more is written.
fn place(staged: &Path, to: &Path) -> Result<(), Error> {
    std::fs::hard_link(staged, to).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            exists_already(to)
        } else {
            Error::File {
                action: "cannot put the copy at",
                path: to.to_path_buf(),
                source,
            }
        }
    })
}

/// Copies `source` into the empty file `to`, reads the report back from the copy and
/// closes it.
fn copy(source: &Path, to: &Path) -> Result<BackupReport, Error> {
    let failed = |error: rusqlite::Error| Error::Backup(error.to_string());
    let from =
        Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(failed)?;
    // A writer holding the lock past this is waited for, not failed on.
    from.busy_timeout(Duration::from_secs(5)).map_err(failed)?;
    // The file exists (owner-only): SQLite opens it rather than creating it.
    let mut copy =
        Connection::open_with_flags(to, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(failed)?;
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
                    return Err(Error::Backup("the database stayed locked".into()));
                }
                // The enum is non-exhaustive; no other result exists today.
                _ => return Err(Error::Backup("unexpected step result".into())),
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
    copy.close()
        .map_err(|(_, error)| Error::Backup(error.to_string()))?;
    Ok(BackupReport {
        source: source.to_path_buf(),
        destination: to.to_path_buf(),
        pages,
        bytes: pages * page_size,
        rows,
        integrity,
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// A database with the schema the report counts, and one agent in it.
    async fn database(dir: &Path) -> String {
        let url = format!("sqlite://{}", dir.join("desk.db").display());
        let store = crate::store::open(&url, &crate::store::OpenOptions::default())
            .await
            .expect("the database opens");
        store
            .add_agent(crate::store::NewAgent {
                id: Some("agent_1".into()),
                ..crate::store::NewAgent::default()
            })
            .await
            .expect("an agent");
        url
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("the directory")
            .map(|entry| {
                entry
                    .expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into()
            })
            .collect();
        names.sort();
        names
    }

    #[tokio::test]
    async fn the_copy_is_the_owners_only_and_nothing_else_is_left_behind() {
        let dir = tempfile::tempdir().expect("a directory");
        let url = database(dir.path()).await;
        let backups = dir.path().join("backups");
        std::fs::create_dir(&backups).expect("a backup directory");
        let to = backups.join("copy.db");
        let report = tokio::task::spawn_blocking({
            let to = to.clone();
            move || backup(&url, &to)
        })
        .await
        .expect("the backup ran")
        .expect("the backup succeeds");
        assert_eq!(report.destination, to);
        assert_eq!(report.integrity, "ok");
        assert!(report.rows.contains(&("agents", 1)), "{report}");
        let mode = std::fs::metadata(&to)
            .expect("the copy")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        // The private directory the copy was written in is gone, and no journal is left.
        assert_eq!(names_in(&backups), ["copy.db"]);
    }

    #[tokio::test]
    async fn a_link_at_the_destination_is_refused_and_nothing_is_written_through_it() {
        let dir = tempfile::tempdir().expect("a directory");
        let url = database(dir.path()).await;
        let missing = dir.path().join("elsewhere.db");
        let existing = dir.path().join("precious.txt");
        std::fs::write(&existing, b"keep me").expect("a file");
        for target in [&missing, &existing] {
            let to = dir.path().join("link.db");
            let _ = std::fs::remove_file(&to);
            std::os::unix::fs::symlink(target, &to).expect("a link");
            let result = tokio::task::spawn_blocking({
                let (url, to) = (url.clone(), to.clone());
                move || backup(&url, &to)
            })
            .await
            .expect("the backup ran");
            let error = result.expect_err("a link at the destination is refused");
            assert!(error.to_string().contains("exists already"), "{error}");
            assert!(
                to.symlink_metadata().expect("the link").is_symlink(),
                "the link is left as it was"
            );
        }
        assert!(
            !missing.exists(),
            "nothing was created where the link points"
        );
        assert_eq!(std::fs::read(&existing).expect("the file"), b"keep me");
        // No staging directory is left behind after a refusal either.
        assert!(
            names_in(dir.path())
                .iter()
                .all(|name| !name.starts_with(".fin-helpdesk-backup-")),
            "{:?}",
            names_in(dir.path())
        );
    }

    /// The early check aside, the link itself refuses a name taken meanwhile (by a link
    /// to a missing file, here) and writes nothing through it.
    #[test]
    fn placing_the_copy_never_replaces_or_follows_what_took_the_name() {
        let dir = tempfile::tempdir().expect("a directory");
        let staged = dir.path().join("staged.db");
        std::fs::write(&staged, b"copy").expect("a staged copy");
        let missing = dir.path().join("missing.db");
        let to = dir.path().join("to.db");
        std::os::unix::fs::symlink(&missing, &to).expect("a link");
        let error = place(&staged, &to).expect_err("the name is taken");
        assert!(error.to_string().contains("exists already"), "{error}");
        assert!(!missing.exists());
    }
}
