//! Persistence: the store's traits (one per resource, and `Store` for all of them), its
//! plain records and errors, and `open(url)`, which picks the SQLite or PostgreSQL
//! implementation.
//!
//! The store knows nothing about HTTP: the adapters map these records to wire types. The
//! one body of Fin's it writes, a sync event's (queued in the same transaction as the
//! change), comes from `webhook`, which owns Fin's webhook bodies.
//!
//! The rules are written once, in `rules` (idempotency on `object_id`, the user merge,
//! conversation updates, the outbox enqueue, event outcomes), over the steps each backend
//! supplies with its SQL and driver calls; `error` gives failures their meanings, into
//! which each backend turns its driver's errors. One shared test suite (`tests.rs`) checks
//! that both backends behave the same.
//!
//! Choices worth knowing:
//! - Timestamps are truncated to whole milliseconds on the way in, so a record returned by
//!   a create equals the same record read back, on both backends (SQLite stores RFC 3339
//!   text with milliseconds and `Z`, which sorts like time; PostgreSQL stores timestamptz).
//! - Idempotent creates use `INSERT … ON CONFLICT (object_id) DO NOTHING` followed by a
//!   `SELECT` in the same write transaction, so concurrent duplicates converge on one row.
//! - Agents are soft-deleted (`removed_at`): messages and assignments keep resolving their
//!   author/assignee, while `list_agents`, `get_agent`, agent tokens and new references
//!   (assignee, author) ignore removed agents. Adding an agent again with the id of a
//!   removed one revives it.
//! - Message order is a per-conversation `position` assigned while holding the
//!   conversation's row lock, so position order is commit order and `after_id` paging never
//!   skips a message that commits later.
//!
//! Layout (imports are explicit, and point down or sideways, never back up):
//! - `records` (the data), `error` (failures and their meanings), `options`, `rules` (the
//!   shared write rules and the `Tx` steps they run on), `sql` (shared SQL text) and
//!   `cache` are the store's shared vocabulary;
//! - `traits` names the operations, by resource: [`UserStore`], [`ConversationStore`],
//!   [`OutboxStore`], [`CredentialStore`], [`MaintenanceStore`], and [`Store`], all of them;
//! - `sqlite/` and `postgres/` implement each trait in a file of that resource's name
//!   (`users.rs`, `conversations.rs`, `outbox.rs`, `credentials.rs`, `maintenance.rs`),
//!   beside their own connection, encoding and decoding modules; `bounded` wraps either;
//! - this file only declares, re-exports and opens. No module below imports from it.
//!
//! Method names are verb first, then what they act on:
//! - `create_*`: an idempotent create of an API resource (user, conversation, message),
//!   keyed by `object_id`, answering [`Created`] with its [`Outcome`];
//! - `get_*`: one record by its id, `None` if there is none;
//! - `list_*`: records in the order the method's documentation states;
//! - `update_*`: changes to an existing record, `None` if there is none; `upsert_*`
//!   creates it first if missing;
//! - `add_*` / `remove_*`: what an operator manages (agents, OAuth clients, API and agent
//!   tokens); `remove_*` answers whether there was one;
//! - `insert_*` / `find_*` / `delete_*`: short-lived credentials kept under a hash (access
//!   tokens, inbox sessions), stored, looked up by that hash and ended;
//! - `purge_*`: deletes in bulk what expired or outlived retention, answering how many;
//! - `has_*` / `count_*`: whether there is one, how many;
//! - the outbox's verbs name an event's life: `enqueue_event`, `claim_due_events`,
//!   `record_outcome` (and its `mark_*` cases), `release_claims`, `requeue_dead`;
//! - a read that answers something other than a record by id or a listing is named by
//!   what it answers: `last_messages`, `user_conversations`, `outbox_counts`, `pool_usage`.

use std::sync::Arc;

mod bounded;
mod cache;
mod error;
mod options;
mod postgres;
mod records;
mod rules;
mod sql;
mod sqlite;
mod sqlx_error;
#[cfg(test)]
mod tests;
mod traits;

pub use bounded::Bounded;
pub use error::{Cause, ErrorKind, StoreError};
pub use options::{DEFAULT_STORAGE_TIMEOUT, OpenOptions};
pub use postgres::PgStore;
pub use records::{
    AccessTokenRecord, AgentRecord, AttachmentRecord, AuthorRecord, AuthorRef, Claim,
    ConversationChanges, ConversationFilter, ConversationRecord, ConversationStatus, Created,
    DEFAULT_LIST_LIMIT, Erased, EventKind, EventOutcome, EventState, InboxSessionRecord, JsonMap,
    MessageRecord, MessageVisibility, NewAgent, NewConversation, NewMessage, NewUser,
    OauthClientRecord, OutboxCounts, OutboxEvent, Outcome, PoolUsage, RETENTION_MESSAGES_PER_BATCH,
    Requeue, SyncEvent, UserChanges, UserRecord, new_id, truncate_ms,
};
pub use sqlite::SqliteStore;
pub use traits::{
    ConversationStore, CredentialStore, MaintenanceStore, OutboxStore, Store, UserStore,
};

/// A field of an update: absent leaves it alone, null clears it, a value sets it (the
/// same type the wire carries).
pub use crate::tristate::Tristate;

/// Opens (creating if needed) the store at `url` and brings its schema up to date.
///
/// `sqlite://path` (or `sqlite:path`) and `postgres://…`/`postgresql://…` are understood.
pub async fn open(url: &str, options: &OpenOptions) -> Result<Arc<dyn Store>, StoreError> {
    let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or("");
    match scheme {
        "sqlite" => Ok(Arc::new(SqliteStore::open(url, options).await?)),
        "postgres" | "postgresql" => Ok(Arc::new(PgStore::open(url, options).await?)),
        // Only the scheme is echoed: the rest of the URL may hold a password.
        other => Err(error::invalid(
            "url",
            format!("unsupported database URL scheme {other:?}: use sqlite://path or postgres://…"),
        )),
    }
}
