//! Reads: the pool of read-only connections, used on the caller's thread.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::connect::connect;
use crate::store::error::StoreError;

pub(super) struct ReadPool {
    pub(super) path: PathBuf,
    pub(super) busy_timeout: Duration,
    pub(super) idle: Mutex<Vec<Connection>>,
    pub(super) max_idle: usize,
}

impl ReadPool {
    /// Runs `read` on an idle connection, or a new one if all are in use.
    pub(super) fn read<T>(
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
