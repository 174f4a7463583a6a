//! The error of the embedding API: what stops [`start`](crate::start), a stop, a backup,
//! a served document, Fin's webhook client or a command of the command line, by kind,
//! each message saying what to do.

use crate::store::StoreError;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Why the server, a backup, a command or one of their parts could not do what was
/// asked. The messages never carry a secret: a database URL shows only its scheme, a
/// credential only its name.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database refused or could not be reached; `action` says what was being done.
    #[error("cannot {action}: {source}")]
    Database {
        action: &'static str,
        #[source]
        source: StoreError,
    },
    /// A setting that cannot work as given: what it is and how to fix it.
    #[error("{0}")]
    Configuration(String),
    /// The API description could not be built from the generated traits.
    #[error("cannot describe the API: {0}")]
    Api(String),
    /// The HTTP listener could not start.
    #[error("cannot start the server on {address}: {reason}")]
    Listen { address: SocketAddr, reason: String },
    /// The HTTP server failed while running or stopping.
    #[error("the HTTP server failed: {0}")]
    Server(String),
    /// A file could not be read, created or written.
    #[error("{action} {}: {source}", path.display())]
    File {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// SQLite's backup of the database failed.
    #[error("backup failed: {0}")]
    Backup(String),
    /// A document compiled into the binary does not parse or serve (a build bug).
    #[error("the OpenAPI document of the {variant} variant: {reason}")]
    Document {
        variant: &'static str,
        reason: String,
    },
    /// The TLS certificate or key, or a CA certificate to trust, cannot be used: the
    /// message names the file.
    #[error(transparent)]
    Tls(#[from] crate::tls::TlsError),
    /// Fin's webhook client could not be built, or a request could not carry its
    /// credentials.
    #[error("{0}")]
    Webhook(String),
    /// A command of `fin-helpdesk` ([`cli::run`](crate::cli::run)) could not do what was
    /// asked: the message says what and why.
    #[error("{0}")]
    Command(String),
}
