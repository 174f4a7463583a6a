//! [`MaintenanceStore`] on PostgreSQL: retention (skipping rows another replica holds), the
//! outbox's counts, the pool's usage and the write path's readiness.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::encoding::ts;
use super::open::PgStore;
use crate::store::error::StoreError;
use crate::store::records::{OutboxCounts, PoolUsage};
use crate::store::rules::retention_batch;
use crate::store::sql;
use crate::store::traits::MaintenanceStore;

#[async_trait]
impl MaintenanceStore for PgStore {
    async fn purge_closed_conversations(
        &self,
        closed_before: DateTime<Utc>,
        limit: u32,
    ) -> Result<u64, StoreError> {
        let mut tx = self.write().await?;
        let candidates: Vec<(String, i64)> = sqlx::query_as(sql::EXPIRED_CLOSED_POSTGRES)
            .bind(ts(closed_before))
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await?;
        let ids = retention_batch(candidates);
        if ids.is_empty() {
            return Ok(0);
        }
        let mut removed = 0;
        for statement in sql::PURGE_CONVERSATIONS_POSTGRES {
            removed = sqlx::query(statement)
                .bind(&ids)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        self.commit(tx).await?;
        // The last statement's count: the conversations.
        Ok(removed)
    }

    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(sql::COUNT_EVENTS_BY_STATE)
            .fetch_all(&self.pool)
            .await?;
        OutboxCounts::from_rows(rows)
    }

    async fn pool_usage(&self) -> Result<Option<PoolUsage>, StoreError> {
        let open = i64::from(self.pool.size());
        let idle = i64::try_from(self.pool.num_idle()).unwrap_or(i64::MAX);
        Ok(Some(PoolUsage {
            in_use: open.saturating_sub(idle),
            idle,
        }))
    }

    async fn check_write_path(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}
