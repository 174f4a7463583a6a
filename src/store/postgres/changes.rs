//! Telling the other processes on the database of this one's changes, and hearing of
//! theirs, so that each can drop the conversations and message pages it keeps
//! (`../cache.rs`).
//!
//! After each commit a task of this process sends one notification on a channel, with the
//! store's schema as payload (channels are per database, a helpdesk per schema); commits
//! made while it sends, or within [`TELL_AT_MOST_EVERY`] of the last, are told by the next.
//! It is sent on a connection of its own, outside the write's transaction, on purpose: a
//! transaction that notifies takes a lock that every other notifying transaction's commit
//! waits for, held until its commit is on disk. Sent from a trigger, it cut
//! create_message's throughput with fsync on. Its own
//! connection commits without waiting for the disk, as a notification needs nothing
//! durable.
//!
//! Another task listens on the channel and moves the cache's generation on at each
//! notification for this schema. While it is not listening (not yet connected, the
//! connection lost) the cache is paused, so what it may have missed is never answered.

use std::sync::Arc;

use sqlx::postgres::PgListener;
use tokio::sync::Notify;

use std::time::Duration;

use crate::store::cache::ConversationCache;
use sqlx::PgPool;

/// The channel the processes of one database tell each other their changes on.
const CHANGES_CHANNEL: &str = "fin_helpdesk_changes";
/// How long to wait before trying again after the connection was lost or refused.
const AGAIN_AFTER: Duration = Duration::from_secs(1);
/// At most one notification per this long: under a stream of writes one tells many, and
/// the other processes hear of a change at most this much later.
const TELL_AT_MOST_EVERY: Duration = Duration::from_millis(2);

/// Sends a notification after each wake-up by `changed` (one for all the wake-ups that came
/// while it was sending or waiting its turn), until aborted with the store. A notification
/// that cannot be sent is tried again: until then the other processes may answer from what
/// they keep for up to the cache's TTL.
pub(super) async fn tell_changes(pool: PgPool, schema: String, changed: Arc<Notify>) {
    loop {
        changed.notified().await;
        while sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANGES_CHANNEL)
            .bind(&schema)
            .execute(&pool)
            .await
            .is_err()
        {
            tokio::time::sleep(AGAIN_AFTER).await;
        }
        tokio::time::sleep(TELL_AT_MOST_EVERY).await;
    }
}

/// Listens until aborted with the store, on `pool`'s one connection.
pub(super) async fn hear_changes(pool: PgPool, schema: String, cache: Arc<ConversationCache>) {
    loop {
        if let Ok(mut listener) = listen(&pool).await {
            // Entries are kept again only now that every later commit is heard of.
            cache.resume();
            loop {
                match listener.try_recv().await {
                    Ok(Some(change)) if change.payload() == schema => cache.written(),
                    Ok(Some(_)) => {}
                    // The connection was lost and is listening again: what was notified in
                    // between is lost, so nothing kept before may be used.
                    Ok(None) => cache.written(),
                    Err(_) => break,
                }
            }
        }
        cache.pause();
        tokio::time::sleep(AGAIN_AFTER).await;
    }
}

async fn listen(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANGES_CHANNEL).await?;
    Ok(listener)
}
