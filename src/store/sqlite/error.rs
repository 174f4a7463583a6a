//! rusqlite's errors as [`StoreError`] meanings, read from SQLite's extended result codes.

use rusqlite::ffi;

use crate::store::error::{ErrorKind, StoreError, invalid};

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::from_driver(sqlite_kind(&e), e)
    }
}

pub(super) fn sqlite_kind(error: &rusqlite::Error) -> ErrorKind {
    let rusqlite::Error::SqliteFailure(failure, _) = error else {
        // Type mismatches, bad parameter names and the like: mistakes in this code.
        return ErrorKind::Internal;
    };
    // SQLite rolled a transaction back by itself after one of the transient failures
    // below (see `sqlite::stage`).
    if failure.extended_code == ffi::SQLITE_ABORT_ROLLBACK {
        return ErrorKind::Unavailable;
    }
    // The primary code is the low byte of the extended one.
    match failure.extended_code & 0xff {
        ffi::SQLITE_BUSY
        | ffi::SQLITE_LOCKED
        | ffi::SQLITE_FULL
        | ffi::SQLITE_IOERR
        | ffi::SQLITE_NOMEM
        | ffi::SQLITE_CANTOPEN
        | ffi::SQLITE_PROTOCOL => ErrorKind::Unavailable,
        ffi::SQLITE_CONSTRAINT | ffi::SQLITE_TOOBIG => ErrorKind::Refused,
        _ => ErrorKind::Internal,
    }
}

/// Maps a unique violation to `Conflict` and a foreign-key violation to `Invalid(field)`.
pub(super) fn map_write_err(
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
    StoreError::from(e)
}
