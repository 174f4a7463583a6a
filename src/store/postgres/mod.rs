//! The PostgreSQL backend, for several helpdesk processes sharing one database.
//!
//! Concurrency rests on PostgreSQL's own locks: idempotent inserts meet on unique indexes
//! (`ON CONFLICT DO NOTHING` waits for the other transaction, then the `SELECT` that follows
//! sees its row, since each statement takes a fresh snapshot under READ COMMITTED); a
//! message takes its conversation's row lock while getting its position, so positions
//! follow commit order; outbox claims use `FOR UPDATE SKIP LOCKED` and push
//! `next_attempt_at` forward by the lease in the same statement.
//!
//! Recently read conversations and pages of messages are kept in memory (`../cache.rs`):
//! every commit of this process drops them, and so does every other process's, which
//! `changes` tells and hears.
//!
//! Here: connecting and migrating. Beside it: `changes`, `encoding`, `decode` (rows to records),
//! `steps` (the shared rules' steps, in a transaction) and `store_impl` (the [`Store`]
//! methods, most of them a rule run in a transaction of its own). sqlx's errors become
//! meanings in `../sqlx_error.rs`, shared with SQLite's migrator.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use sqlx::types::Json;
use sqlx::{PgConnection, Row};

use super::sql;
use super::*;

mod changes;
mod decode;
mod encoding;
mod steps;
mod store_impl;
#[cfg(test)]
mod tests;

use decode::*;
use encoding::*;
use steps::*;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// The PostgreSQL implementation of [`Store`].
pub struct PgStore {
    pool: PgPool,
    /// Recently read conversations and message pages, dropped by every change this process
    /// commits or hears of.
    conversations: Arc<cache::ConversationCache>,
    /// Wakes the task that tells the other processes of this one's commits (`changes`).
    changed: Arc<tokio::sync::Notify>,
    /// The tasks that hear of and tell changes, stopped with the store.
    tasks: [tokio::task::JoinHandle<()>; 2],
}

impl Drop for PgStore {
    fn drop(&mut self) {
        self.tasks.iter().for_each(tokio::task::JoinHandle::abort);
    }
}

type Tx = sqlx::Transaction<'static, sqlx::Postgres>;

impl PgStore {
    /// Connects to a `postgres://` URL and migrates the database (sqlx serialises concurrent
    /// migrations of one database with an advisory lock).
    pub async fn open(url: &str, options: &OpenOptions) -> Result<Self, StoreError> {
        let connect: PgConnectOptions = url.parse()?;
        let pool = PgPoolOptions::new()
            .max_connections(options.postgres_max_connections.max(1))
            .acquire_timeout(options.acquire_timeout)
            .connect_with(connect.clone())
            .await?;
        MIGRATOR.run(&pool).await?;
        // The schema the tables are in: the changes told and heard name it.
        let schema: String = sqlx::query_scalar("SELECT current_schema()")
            .fetch_one(&pool)
            .await?;
        // Connections of their own: a listening one never returns to a pool, and the
        // notifications' commits need not wait for the disk (`changes`).
        let own_connection = || {
            PgPoolOptions::new()
                .max_connections(1)
                .max_lifetime(None)
                .idle_timeout(None)
                .acquire_timeout(options.acquire_timeout)
        };
        let listen_pool = own_connection().connect_lazy_with(connect.clone());
        let tell_pool =
            own_connection().connect_lazy_with(connect.options([("synchronous_commit", "off")]));
        let conversations = Arc::new(cache::ConversationCache::default());
        // Nothing is kept until the listener hears of every later change.
        conversations.pause();
        let changed = Arc::new(tokio::sync::Notify::new());
        let tasks = [
            tokio::spawn(changes::hear_changes(
                listen_pool,
                schema.clone(),
                Arc::clone(&conversations),
            )),
            tokio::spawn(changes::tell_changes(
                tell_pool,
                schema,
                Arc::clone(&changed),
            )),
        ];
        Ok(PgStore {
            pool,
            conversations,
            changed,
            tasks,
        })
    }

    async fn write(&self) -> Result<Tx, StoreError> {
        Ok(self.pool.begin().await?)
    }

    /// Commits a write, drops the cached conversations and pages before the caller is
    /// answered, and has the other processes told.
    async fn commit(&self, tx: Tx) -> Result<(), StoreError> {
        let committed = tx.commit().await;
        // Even a commit that reports a failure may have been kept.
        self.conversations.written();
        self.changed.notify_one();
        Ok(committed?)
    }
}
