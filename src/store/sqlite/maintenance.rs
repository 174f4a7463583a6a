//! [`MaintenanceStore`] on SQLite: retention, the outbox's counts, pool usage (none for a
//! file) and the write path's readiness.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::params;

use super::encoding::ts;
use super::open::SqliteStore;
use super::statements::{execute, query_all};
use crate::store::error::{StoreError, corrupt};
use crate::store::records::{OutboxCounts, PoolUsage};
use crate::store::rules::retention_batch;
use crate::store::sql;
use crate::store::traits::MaintenanceStore;

#[async_trait]
impl MaintenanceStore for SqliteStore {
    async fn purge_closed_conversations(
        &self,
        closed_before: DateTime<Utc>,
        limit: u32,
    ) -> Result<u64, StoreError> {
        self.write(move |c| {
            let candidates = query_all(
                c,
                sql::EXPIRED_CLOSED_SQLITE,
                params![ts(closed_before), i64::from(limit)],
                |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)),
            )?;
            let ids = retention_batch(candidates);
            if ids.is_empty() {
                return Ok(0);
            }
            let ids = serde_json::to_string(&ids).map_err(|e| corrupt(e.to_string()))?;
            let [outbox, messages, conversations] = sql::PURGE_CONVERSATIONS_SQLITE;
            execute(c, outbox, params![ids])?;
            execute(c, messages, params![ids])?;
            let removed = execute(c, conversations, params![ids])?;
            Ok(u64::try_from(removed).unwrap_or(u64::MAX))
        })
        .await
    }

    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let rows = self.readers.read(|c| {
            query_all(c, sql::COUNT_EVENTS_BY_STATE, params![], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
        })?;
        OutboxCounts::from_rows(rows)
    }

    async fn pool_usage(&self) -> Result<Option<PoolUsage>, StoreError> {
        Ok(None)
    }

    async fn check_write_path(&self) -> Result<(), StoreError> {
        // An empty write still goes through the writer thread's BEGIN IMMEDIATE and
        // COMMIT: it proves the thread alive and the write lock obtainable.
        self.write(|_| Ok(())).await
    }
}
