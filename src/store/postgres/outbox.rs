//! [`OutboxStore`] on PostgreSQL: queueing, claiming (`FOR UPDATE SKIP LOCKED`) and settling
//! the events for Fin's webhook.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::decode::event_from;
use super::encoding::ts;
use super::open::PgStore;
use crate::store::error::StoreError;
use crate::store::records::{
    Claim, EventKind, EventOutcome, EventState, OutboxEvent, Requeue, now,
};
use crate::store::rules::{self};
use crate::store::sql;
use crate::store::traits::OutboxStore;

#[async_trait]
impl OutboxStore for PgStore {
    async fn enqueue_event(
        &self,
        conversation_id: &str,
        kind: EventKind,
        payload: Value,
    ) -> Result<OutboxEvent, StoreError> {
        self.transaction(async move |tx| {
            rules::enqueue_event(tx, conversation_id, kind, &payload).await
        })
        .await
    }

    async fn claim_due_events(
        &self,
        now: DateTime<Utc>,
        limit: u32,
        lease: Duration,
    ) -> Result<Vec<OutboxEvent>, StoreError> {
        let until = rules::lease_end(now, lease)?;
        let rows = sqlx::query(sql::CLAIM_DUE_POSTGRES)
            .bind(ts(now))
            .bind(i64::from(limit))
            .bind(ts(until))
            .fetch_all(&self.pool)
            .await?;
        let mut events = rows.iter().map(event_from).collect::<Result<Vec<_>, _>>()?;
        events.sort_by_key(|e| e.id);
        Ok(events)
    }

    async fn record_outcome(
        &self,
        claim: Claim,
        outcome: EventOutcome,
    ) -> Result<bool, StoreError> {
        self.transaction(async move |tx| rules::record_outcome(tx, claim, &outcome).await)
            .await
    }

    async fn release_claims(
        &self,
        claims: &[(i64, DateTime<Utc>)],
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let mut tx = self.write().await?;
        let mut released = 0;
        for (id, until) in claims {
            released += sqlx::query(sql::RELEASE_CLAIM)
                .bind(id)
                .bind(ts(*until))
                .bind(ts(now))
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        self.commit(tx).await?;
        Ok(released)
    }

    async fn list_events(
        &self,
        state: Option<EventState>,
        after_id: Option<i64>,
        limit: Option<u32>,
    ) -> Result<Vec<OutboxEvent>, StoreError> {
        let rows = sqlx::query(sql::LIST_EVENTS)
            .bind(state.map(EventState::as_str))
            .bind(after_id)
            .bind(limit.map_or(i64::MAX, i64::from))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(event_from).collect()
    }

    async fn purge_delivered(&self, before: DateTime<Utc>, limit: u32) -> Result<u64, StoreError> {
        let mut tx = self.write().await?;
        let purged = sqlx::query(sql::PURGE_DELIVERED)
            .bind(ts(before))
            .bind(i64::from(limit))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        self.commit(tx).await?;
        Ok(purged)
    }

    async fn requeue_dead(&self, which: Requeue) -> Result<u64, StoreError> {
        let id = match which {
            Requeue::One(id) => Some(id),
            Requeue::AllDead => None,
        };
        let mut tx = self.write().await?;
        let merged = sqlx::query(sql::MERGE_SUPERSEDED_DEAD_SYNCS)
            .bind(id)
            .bind(ts(now()))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let requeued = sqlx::query(sql::REQUEUE_DEAD)
            .bind(id)
            .bind(ts(now()))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        self.commit(tx).await?;
        Ok(merged + requeued)
    }
}
