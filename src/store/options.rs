//! How the store is opened: [`OpenOptions`] and the storage timeout's default.

use std::time::Duration;

/// How long a request waits on the database before it is answered 503 (`serve
/// --storage-timeout-ms`): long enough for a slow commit under load, short enough that Fin
/// is not left waiting during an outage.
pub const DEFAULT_STORAGE_TIMEOUT: Duration = Duration::from_secs(2);

/// Options for [`super::open`]; the defaults suit a small helpdesk on a small machine.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// SQLite: idle read connections kept (writes always go through one connection).
    pub sqlite_read_connections: u32,
    /// PostgreSQL: connections in the pool.
    pub postgres_max_connections: u32,
    /// SQLite: how long a connection waits for a lock held by another process.
    pub busy_timeout: Duration,
    /// How long to wait for a free pooled connection.
    pub acquire_timeout: Duration,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            sqlite_read_connections: 4,
            postgres_max_connections: 10,
            busy_timeout: Duration::from_secs(5),
            acquire_timeout: DEFAULT_STORAGE_TIMEOUT,
        }
    }
}
