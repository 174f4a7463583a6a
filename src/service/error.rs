//! The service's failures, by what they mean to the caller: no status codes, headers or
//! bodies here. The HTTP edge (`server::error`) turns each into the answer of its variant.

use std::fmt;

/// Why the service refused or failed a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A request field has a bad value: `field` names it, `problem` says why.
    InvalidField { field: String, problem: String },
    /// The id in `field` names no `what` (a user, a conversation, an agent).
    NotFound {
        field: String,
        what: String,
        id: String,
    },
    /// The request contradicts what is stored, e.g. an `object_id` reused for another
    /// request.
    Conflict(String),
    /// The store failed for a reason that passes (connection lost, pool exhausted,
    /// database busy, disk full, deadline): the caller may retry. Details are logged.
    Unavailable,
    /// A failure no retry can cure and that is not the caller's doing (a bug, a broken
    /// database): logged with the request id where it happened, never detailed here.
    Internal,
}

impl Error {
    pub fn invalid(field: &str, problem: impl fmt::Display) -> Self {
        Error::InvalidField {
            field: field.to_string(),
            problem: problem.to_string(),
        }
    }

    pub fn not_found(field: &str, what: &str, id: &str) -> Self {
        Error::NotFound {
            field: field.to_string(),
            what: what.to_string(),
            id: id.to_string(),
        }
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Error::Conflict(message.into())
    }

    pub fn unavailable() -> Self {
        Error::Unavailable
    }

    pub fn internal() -> Self {
        Error::Internal
    }
}

/// The message for a person, naming the field where there is one.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidField { field, problem } => write!(f, "`{field}`: {problem}"),
            Error::NotFound { field, what, id } => write!(f, "`{field}`: no {what} with id `{id}`"),
            Error::Conflict(message) => f.write_str(message),
            Error::Unavailable => {
                f.write_str("the helpdesk could not complete the request; retry later")
            }
            Error::Internal => {
                f.write_str("the helpdesk failed to handle the request; the failure is logged")
            }
        }
    }
}

impl std::error::Error for Error {}
