//! [`OutboxStore`] on SQLite: queueing, claiming and settling the events for Fin's webhook;
//! the single writer makes a claim's select-then-update atomic.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::params;
use serde_json::Value;

use super::decode::event_from;
use super::encoding::ts;
use super::open::SqliteStore;
use super::statements::{execute, query_all};
use super::steps::Writer;
use crate::store::error::StoreError;
use crate::store::records::{
    Claim, EventKind, EventOutcome, EventState, OutboxEvent, Requeue, now,
};
use crate::store::rules::{self, run_ready};
use crate::store::sql;
use crate::store::traits::OutboxStore;

#[async_trait]
impl OutboxStore for SqliteStore {
    async fn enqueue_event(
        &self,
        conversation_id: &str,
        kind: EventKind,
        payload: Value,
    ) -> Result<OutboxEvent, StoreError> {
        let conversation_id = conversation_id.to_owned();
        self.write(move |c| {
            run_ready(rules::enqueue_event(
                &mut Writer(c),
                &conversation_id,
                kind,
                &payload,
            ))
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
        let mut events = self
            .write(move |c| {
                query_all(
                    c,
                    sql::CLAIM_DUE_SQLITE,
                    params![ts(now), i64::from(limit), ts(until)],
                    event_from,
                )
            })
            .await?;
        events.sort_by_key(|e| e.id);
        Ok(events)
    }

    async fn record_outcome(
        &self,
        claim: Claim,
        outcome: EventOutcome,
    ) -> Result<bool, StoreError> {
        self.write(move |c| run_ready(rules::record_outcome(&mut Writer(c), claim, &outcome)))
            .await
    }

    async fn release_claims(
        &self,
        claims: &[(i64, DateTime<Utc>)],
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let claims: Vec<(i64, String)> =
            claims.iter().map(|(id, until)| (*id, ts(*until))).collect();
        self.write(move |c| {
            let mut released = 0;
            for (id, until) in &claims {
                released += execute(c, sql::RELEASE_CLAIM, params![id, until, ts(now)])?;
            }
            Ok(u64::try_from(released).unwrap_or(u64::MAX))
        })
        .await
    }

    async fn list_events(
        &self,
        state: Option<EventState>,
        after_id: Option<i64>,
        limit: Option<u32>,
    ) -> Result<Vec<OutboxEvent>, StoreError> {
        let limit = limit.map_or(i64::MAX, i64::from);
        self.readers.read(|c| {
            query_all(
                c,
                sql::LIST_EVENTS,
                params![state.map(EventState::as_str), after_id, limit],
                event_from,
            )
        })
    }

    async fn purge_delivered(&self, before: DateTime<Utc>, limit: u32) -> Result<u64, StoreError> {
        self.write(move |c| {
            let purged = execute(
                c,
                sql::PURGE_DELIVERED,
                params![ts(before), i64::from(limit)],
            )?;
            Ok(u64::try_from(purged).unwrap_or(u64::MAX))
        })
        .await
    }

    async fn requeue_dead(&self, which: Requeue) -> Result<u64, StoreError> {
        let id = match which {
            Requeue::One(id) => Some(id),
            Requeue::AllDead => None,
        };
        self.write(move |c| {
            let merged = execute(c, sql::MERGE_SUPERSEDED_DEAD_SYNCS, params![id, ts(now())])?;
            let requeued = execute(c, sql::REQUEUE_DEAD, params![id, ts(now())])?;
            Ok(u64::try_from(merged + requeued).unwrap_or(u64::MAX))
        })
        .await
    }
}
