//! What a storage failure means ([`StoreError`], [`ErrorKind`]), whichever backend reported
//! it. The backends turn their drivers' errors into these meanings at their edge
//! (`sqlite/error.rs`, `sqlx_error.rs`), so nothing above the store sees a driver type.

use std::time::Duration;

/// The driver's error behind a failure, kept for the log. Drivers' messages name no
/// secret (connection strings are never part of them) and no stored value.
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{what} {id:?} not found")]
    NotFound { what: &'static str, id: String },
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("invalid {field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    /// The database refused a value of the request, and would again: a retry cannot help.
    #[error("the database refused a value: {0}")]
    Refused(#[source] Cause),
    /// Connection lost, pool exhausted, database locked or busy, disk full, server
    /// shutting down: the same request may succeed later.
    #[error("the database is unavailable: {0}")]
    Unavailable(#[source] Cause),
    /// The database did not answer within the server's bound ([`super::Bounded`]).
    #[error("the database did not answer within {0:?}")]
    TimedOut(Duration),
    /// Anything else: a bug here, a schema out of step, a corrupt row.
    #[error("database error: {0}")]
    Internal(#[source] Cause),
}

/// What a storage failure means for whoever asked: the service answers each meaning with
/// its own status (404, 409, 400, 503, 500).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    NotFound,
    Conflict,
    /// The request's input is wrong (named field).
    Invalid,
    /// The database refused a value of the request, and would again: a retry cannot help.
    Refused,
    /// The same request may succeed later.
    Unavailable,
    /// Anything else: a bug here, a schema out of step, a corrupt row.
    Internal,
}

impl StoreError {
    /// The driver's error as the meaning its backend read from the driver's codes
    /// (PostgreSQL SQLSTATE classes, SQLite extended result codes), never its message.
    pub(super) fn from_driver(kind: ErrorKind, cause: impl Into<Cause>) -> Self {
        match kind {
            ErrorKind::Refused => StoreError::Refused(cause.into()),
            ErrorKind::Unavailable => StoreError::Unavailable(cause.into()),
            // The named meanings come from the store's own checks, not from a driver.
            ErrorKind::NotFound
            | ErrorKind::Conflict
            | ErrorKind::Invalid
            | ErrorKind::Internal => StoreError::Internal(cause.into()),
        }
    }

    /// The meaning of this failure.
    pub fn kind(&self) -> ErrorKind {
        match self {
            StoreError::NotFound { .. } => ErrorKind::NotFound,
            StoreError::Conflict(_) => ErrorKind::Conflict,
            StoreError::Invalid { .. } => ErrorKind::Invalid,
            StoreError::Refused(_) => ErrorKind::Refused,
            StoreError::Unavailable(_) | StoreError::TimedOut(_) => ErrorKind::Unavailable,
            StoreError::Internal(_) => ErrorKind::Internal,
        }
    }

    /// Whether the same request may succeed if sent again later (a 503).
    pub fn retryable(&self) -> bool {
        self.kind() == ErrorKind::Unavailable
    }
}

/// A stored value the code cannot read back (e.g. malformed JSON written by hand).
pub(super) fn corrupt(message: String) -> StoreError {
    StoreError::Internal(message.into())
}

/// The request's `field` is wrong, as `message` says.
pub(super) fn invalid(field: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid {
        field,
        message: message.into(),
    }
}
