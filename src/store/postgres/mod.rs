//! The PostgreSQL backend, for several helpdesk processes sharing one database.
//!
//! Concurrency rests on PostgreSQL's own locks: idempotent inserts meet on unique indexes
//! (`ON CONFLICT DO NOTHING` waits for the other transaction, then the `SELECT` that follows
//! sees its row, since each statement takes a fresh snapshot under READ COMMITTED); a
//! message takes its conversation's row lock while getting its position, so positions
//! follow commit order; outbox claims use `FOR UPDATE SKIP LOCKED` and push
//! `next_attempt_at` forward by the lease in the same statement.
//!
//! Here: connecting and migrating. Beside it: `encoding`, `decode` (rows to records),
//! `steps` (the shared rules' steps, in a transaction) and `store_impl` (the [`Store`]
//! methods, most of them a rule run in a transaction of its own). sqlx's errors become
//! meanings in `../sqlx_error.rs`, shared with SQLite's migrator.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use sqlx::types::Json;
use sqlx::{PgConnection, Row};

use super::sql;
use super::*;

mod decode;
mod encoding;
mod steps;
mod store_impl;

use decode::*;
use encoding::*;
use steps::*;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// The PostgreSQL implementation of [`Store`].
pub struct PgStore {
    pool: PgPool,
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
            .connect_with(connect)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(PgStore { pool })
    }

    async fn write(&self) -> Result<Tx, StoreError> {
        Ok(self.pool.begin().await?)
    }
}
