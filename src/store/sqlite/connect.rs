//! A connection to the database file, and a thread of this backend's.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::store::error::StoreError;

/// Prepared statements kept per connection: room for every statement of this backend.
const STATEMENT_CACHE: usize = 64;

pub(super) fn connect(
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
pub(super) fn spawn_thread(
    name: &str,
    run: impl FnOnce() + Send + 'static,
) -> Result<(), StoreError> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(run)
        .map(drop)
        .map_err(|error| {
            StoreError::Internal(format!("cannot start the SQLite thread {name}: {error}").into())
        })
}
