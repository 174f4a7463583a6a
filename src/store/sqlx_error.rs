//! sqlx's errors (PostgreSQL's driver, and the migrator of both backends) as
//! [`StoreError`] meanings, read from their codes.

use super::error::{ErrorKind, StoreError};

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::from_driver(sqlx_kind(&e), e)
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        let kind = match &e {
            sqlx::migrate::MigrateError::Execute(error) => sqlx_kind(error),
            _ => ErrorKind::Internal,
        };
        StoreError::from_driver(kind, e)
    }
}

fn sqlx_kind(error: &sqlx::Error) -> ErrorKind {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => ErrorKind::Unavailable,
        sqlx::Error::Database(db) => db
            .code()
            .map_or(ErrorKind::Internal, |code| sqlstate_kind(&code)),
        _ => ErrorKind::Internal,
    }
}

/// PostgreSQL's SQLSTATE, by class (Appendix A of its manual).
pub(super) fn sqlstate_kind(code: &str) -> ErrorKind {
    match code {
        // admin_shutdown, crash_shutdown, cannot_connect_now, query_canceled (a statement
        // timeout), lock_not_available, read_only_sql_transaction (a standby promoted
        // after a failover is writable again soon).
        "57P01" | "57P02" | "57P03" | "57014" | "55P03" | "25006" => ErrorKind::Unavailable,
        _ => match code.get(..2) {
            // connection exception, transaction rollback (serialization failure,
            // deadlock), insufficient resources (disk full, out of memory, too many
            // connections), system error (I/O error).
            Some("08" | "40" | "53" | "58") => ErrorKind::Unavailable,
            // data exception (e.g. 22021: U+0000 in text, 22P05: U+0000 in jsonb),
            // integrity constraint violation, program limit exceeded (a value too large).
            Some("22" | "23" | "54") => ErrorKind::Refused,
            _ => ErrorKind::Internal,
        },
    }
}
