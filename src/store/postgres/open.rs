//! The PostgreSQL store's handle: the pool connected and the schema migrated, the tasks
//! that tell and hear changes, and the write transactions, whose commit drops the cache
//! and has the other processes told.

use std::sync::Arc;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

use super::changes;
use super::steps::Pg;
use crate::store::cache::ConversationCache;
use crate::store::error::StoreError;
use crate::store::options::OpenOptions;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// The PostgreSQL implementation of [`crate::store::Store`].
pub struct PgStore {
    pub(super) pool: PgPool,
    /// Recently read conversations and message pages, dropped by every change this process
    /// commits or hears of.
    pub(super) conversations: Arc<ConversationCache>,
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

type PgTransaction = sqlx::Transaction<'static, sqlx::Postgres>;

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
        let conversations = Arc::new(ConversationCache::default());
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

    pub(super) async fn write(&self) -> Result<PgTransaction, StoreError> {
        Ok(self.pool.begin().await?)
    }

    /// Commits a write, drops the cached conversations and pages before the caller is
    /// answered, and has the other processes told.
    pub(super) async fn commit(&self, tx: PgTransaction) -> Result<(), StoreError> {
        let committed = tx.commit().await;
        // Even a commit that reports a failure may have been kept.
        self.conversations.written();
        self.changed.notify_one();
        Ok(committed?)
    }

    /// Runs a rule in a transaction of its own, committed if the rule returns `Ok`.
    pub(super) async fn transaction<T>(
        &self,
        rule: impl AsyncFnOnce(&mut Pg<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut tx = self.write().await?;
        let done = rule(&mut Pg(&mut tx)).await?;
        self.commit(tx).await?;
        Ok(done)
    }
}
