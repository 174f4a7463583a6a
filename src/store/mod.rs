//! Persistence: the `Store` trait, its plain record types and errors, and `open(url)`,
//! which picks the SQLite or PostgreSQL implementation.
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

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::webhook::sync_payload;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

mod bounded;
mod cache;
mod error;
mod postgres;
mod rules;
mod sql;
mod sqlite;
mod sqlx_error;
#[cfg(test)]
mod tests;

pub use bounded::Bounded;
pub use postgres::PgStore;
pub use sqlite::SqliteStore;

/// A JSON object, as stored for user and conversation attributes.
pub type JsonMap = Map<String, Value>;

/// The conversation states the contract knows.
pub const CONVERSATION_STATUSES: [&str; 4] = ["open", "resolved", "closed", "ended"];

/// A field of an update: absent leaves it alone, null clears it, a value sets it (the
/// same type the wire carries).
pub use crate::tristate::Tristate;

#[derive(Debug, Clone, PartialEq)]
pub struct UserRecord {
    pub id: String,
    pub object_id: Option<String>,
    /// Nullable in the contract (EndUser.name), hence optional here.
    pub name: Option<String>,
    /// Nullable in the contract (EndUser.email), hence optional here.
    pub email: Option<String>,
    pub photo_url: Option<String>,
    pub attributes: JsonMap,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentRecord {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub photo_url: Option<String>,
    pub alias: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConversationRecord {
    pub id: String,
    pub object_id: Option<String>,
    pub user: UserRecord,
    pub title: Option<String>,
    pub tags: Vec<String>,
    pub attributes: JsonMap,
    /// One of [`CONVERSATION_STATUSES`].
    pub status: String,
    pub assignee: Option<AgentRecord>,
    pub last_user_read_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AuthorRecord {
    EndUser(UserRecord),
    Agent(AgentRecord),
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AttachmentRecord {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filetype: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MessageRecord {
    pub id: String,
    pub conversation_id: String,
    pub object_id: Option<String>,
    pub message_type: String,
    pub body: Option<String>,
    pub author: AuthorRecord,
    pub visibility: String,
    pub attachments: Vec<AttachmentRecord>,
    pub created_at: DateTime<Utc>,
}

/// How an idempotent create ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new row was written.
    Created,
    /// A row with this object_id and the same fingerprint existed; nothing was written.
    Replayed,
    /// A row with this object_id but another fingerprint existed; nothing was written and
    /// the existing record is returned.
    Conflict,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Created<T> {
    pub record: T,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Default)]
pub struct NewUser {
    pub object_id: Option<String>,
    /// Hash of the request content, computed by the caller, to tell replays from conflicts.
    pub fingerprint: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub photo_url: Option<String>,
    pub attributes: JsonMap,
}

#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    pub name: Tristate<String>,
    pub email: Tristate<String>,
    pub photo_url: Tristate<String>,
    /// Given keys overwrite, other keys stay.
    pub merge_attributes: JsonMap,
}

impl UserChanges {
    /// Writes the changes over `user` in memory (attributes merged key by key) and moves
    /// its `updated_at`; the backends then store the result.
    fn apply_to(self, user: &mut UserRecord) {
        self.name.apply_to(&mut user.name);
        self.email.apply_to(&mut user.email);
        self.photo_url.apply_to(&mut user.photo_url);
        user.attributes.extend(self.merge_attributes);
        user.updated_at = now();
    }
}

#[derive(Debug, Clone, Default)]
pub struct NewAgent {
    /// An explicit id (e.g. from configuration); generated as `agent_<uuid>` if `None`.
    pub id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub photo_url: Option<String>,
    pub alias: Option<String>,
}

/// Who wrote a message, by id; resolved to an [`AuthorRecord`] on read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorRef {
    EndUser(String),
    Agent(String),
}

#[derive(Debug, Clone)]
pub struct NewMessage {
    pub object_id: Option<String>,
    pub fingerprint: String,
    /// Ignored for a conversation's initial message (the new conversation's id is used).
    pub conversation_id: String,
    pub message_type: String,
    pub body: Option<String>,
    pub author: AuthorRef,
    pub visibility: String,
    pub attachments: Vec<AttachmentRecord>,
    /// The time the caller says the message was written; now if `None`.
    pub created_at: Option<DateTime<Utc>>,
    /// The API's rule that an end user writes only in their own conversation: when set,
    /// a message whose end-user author is not the conversation's user is refused
    /// (`Invalid` naming `author`), checked by the insert itself so a caller need not
    /// read the conversation first. Unset, any existing end user may write (the store's
    /// own tests and tools).
    pub own_conversation_only: bool,
}

#[derive(Debug, Clone)]
pub struct NewConversation {
    pub object_id: Option<String>,
    pub fingerprint: String,
    pub user_id: String,
    pub title: Option<String>,
    pub tags: Vec<String>,
    pub attributes: JsonMap,
    pub status: String,
    pub assignee_id: Option<String>,
    pub initial_message: NewMessage,
}

#[derive(Debug, Clone, Default)]
pub struct ConversationChanges {
    pub title: Tristate<String>,
    pub tags: Option<Vec<String>>,
    /// Replaces the whole attributes object (conversation updates send the full object).
    pub attributes: Option<JsonMap>,
    pub status: Option<String>,
    /// `Null` unassigns (hands over to a human), `Absent` leaves the assignee alone.
    pub assignee_id: Tristate<String>,
    pub last_user_read_at: Tristate<DateTime<Utc>>,
}

#[derive(Debug, Clone, Default)]
pub struct ConversationFilter {
    pub status: Option<String>,
    pub assignee_id: Option<String>,
    /// Only conversations without an assignee (ignored if `assignee_id` is given).
    pub unassigned: bool,
    /// At most this many; `None` means [`DEFAULT_LIST_LIMIT`].
    pub limit: Option<u32>,
}

/// The page size used when a listing gives no limit.
pub const DEFAULT_LIST_LIMIT: u32 = 100;

/// Whether a write must also queue a webhook event to Fin in the same transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notify {
    /// Fin's own writes: Fin already knows.
    None,
    /// A human agent's change: queue a (merged) sync event for the conversation.
    Sync,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Sync,
    Typing,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Sync => "sync",
            EventKind::Typing => "typing",
        }
    }

    fn parse(s: &str) -> Result<Self, StoreError> {
        match s {
            "sync" => Ok(EventKind::Sync),
            "typing" => Ok(EventKind::Typing),
            other => Err(corrupt(format!("unknown event kind {other:?}"))),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventState {
    Pending,
    Delivered,
    Dead,
}

impl EventState {
    pub fn as_str(self) -> &'static str {
        match self {
            EventState::Pending => "pending",
            EventState::Delivered => "delivered",
            EventState::Dead => "dead",
        }
    }

    fn parse(s: &str) -> Result<Self, StoreError> {
        match s {
            "pending" => Ok(EventState::Pending),
            "delivered" => Ok(EventState::Delivered),
            "dead" => Ok(EventState::Dead),
            other => Err(corrupt(format!("unknown event state {other:?}"))),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEvent {
    pub id: i64,
    pub conversation_id: String,
    pub kind: EventKind,
    pub payload: Value,
    pub state: EventState,
    /// How many times the event was claimed for delivery (a crashed worker's claim counts).
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub last_error: Option<String>,
}

/// A worker's hold on a claimed event: the event and the lease end its claim wrote to
/// `next_attempt_at`. Every outcome and every later claim (after the lease expired)
/// changes that value, so it identifies this one claim: an outcome recorded with a claim
/// that no longer holds is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    pub id: i64,
    pub until: DateTime<Utc>,
}

/// The outcome of one delivery attempt of a claimed event, as a worker reports it
/// ([`Store::record_outcome`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventOutcome {
    /// Fin accepted it, at `at`.
    Delivered { at: DateTime<Utc> },
    /// It failed and is tried again at `next_attempt_at`.
    Retry {
        next_attempt_at: DateTime<Utc>,
        error: String,
    },
    /// It failed for good, or ran out of attempts.
    Dead { error: String },
}

impl OutboxEvent {
    /// The claim of an event as `claim_due_events` returned it.
    pub fn claim(&self) -> Claim {
        Claim {
            id: self.id,
            until: self.next_attempt_at,
        }
    }
}

/// Which dead events to requeue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requeue {
    One(i64),
    AllDead,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OauthClientRecord {
    pub client_id: String,
    pub secret_hash: String,
    pub created_at: DateTime<Utc>,
}

/// A web inbox session as stored: its agent and expiry, under the session id's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxSessionRecord {
    pub agent_id: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessTokenRecord {
    pub client_id: String,
    pub expires_at: DateTime<Utc>,
}

pub use error::{Cause, ErrorKind, StoreError};

/// A stored value the code cannot read back (e.g. malformed JSON written by hand).
fn corrupt(message: String) -> StoreError {
    StoreError::Internal(message.into())
}

fn invalid(field: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid {
        field,
        message: message.into(),
    }
}

/// How long a request waits on the database before it is answered 503 (`serve
/// --storage-timeout-ms`): long enough for a slow commit under load, short enough that Fin
/// is not left waiting during an outage.
pub const DEFAULT_STORAGE_TIMEOUT: Duration = Duration::from_secs(2);

/// Options for [`open`]; the defaults suit a small helpdesk on a small machine.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// SQLite: idle read connections kept (writes always go through one connection).
    pub sqlite_read_connections: u32,
    /// PostgreSQL: connections in the pool.
    pub postgres_max_connections: u32,
    /// SQLite: how long a connection waits for a lock held by another process.
    pub busy_timeout: Duration,
    /// How long to wait for a free pooled connection.
    pub acquire_timeout: Duration,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            sqlite_read_connections: 4,
            postgres_max_connections: 10,
            busy_timeout: Duration::from_secs(5),
            acquire_timeout: DEFAULT_STORAGE_TIMEOUT,
        }
    }
}

/// Opens (creating if needed) the store at `url` and brings its schema up to date.
///
/// `sqlite://path` (or `sqlite:path`) and `postgres://…`/`postgresql://…` are understood.
pub async fn open(url: &str, options: &OpenOptions) -> Result<Arc<dyn Store>, StoreError> {
    let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or("");
    match scheme {
        "sqlite" => Ok(Arc::new(SqliteStore::open(url, options).await?)),
        "postgres" | "postgresql" => Ok(Arc::new(PgStore::open(url, options).await?)),
        // Only the scheme is echoed: the rest of the URL may hold a password.
        other => Err(invalid(
            "url",
            format!("unsupported database URL scheme {other:?}: use sqlite://path or postgres://…"),
        )),
    }
}

/// A fresh id: a prefix and a time-ordered uuid v7 in simple form, e.g. `conv_0190…`.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", uuid::Uuid::now_v7().simple())
}

/// `t` without its sub-millisecond part, so both backends store and return the same value.
pub fn truncate_ms(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(t.timestamp_millis()).unwrap_or(t)
}

fn now() -> DateTime<Utc> {
    truncate_ms(Utc::now())
}

fn check_status(status: &str) -> Result<(), StoreError> {
    if CONVERSATION_STATUSES.contains(&status) {
        Ok(())
    } else {
        Err(invalid(
            "status",
            format!("must be one of open, resolved, closed, ended, not {status:?}"),
        ))
    }
}

fn outcome_for(existing_fingerprint: Option<&str>, fingerprint: &str) -> Outcome {
    if existing_fingerprint == Some(fingerprint) {
        Outcome::Replayed
    } else {
        Outcome::Conflict
    }
}

/// What erasing an end user removed ([`Store::erase_user`]); all zero if nothing was
/// stored about them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Erased {
    pub users: u64,
    pub conversations: u64,
    /// Those of their conversations, and those they wrote in any other.
    pub messages: u64,
    /// Attachment references (URLs, names, types) held by those messages.
    pub attachments: u64,
    /// Events for Fin's webhook about their conversations, whatever their state.
    pub outbox_events: u64,
}

impl Erased {
    pub fn is_nothing(&self) -> bool {
        *self == Erased::default()
    }
}

/// The most messages one retention batch deletes, whatever its number of conversations
/// (a conversation bigger than this goes alone): on SQLite a batch is one write on the
/// one writer thread, which every other write waits behind.
pub const RETENTION_MESSAGES_PER_BATCH: i64 = 2_000;

/// The first of the candidates `(id, messages)` that fit in
/// [`RETENTION_MESSAGES_PER_BATCH`], and always the first one.
fn retention_batch(candidates: Vec<(String, i64)>) -> Vec<String> {
    let mut messages = 0i64;
    candidates
        .into_iter()
        .enumerate()
        .take_while(|(i, (_, n))| {
            messages = messages.saturating_add(*n);
            *i == 0 || messages <= RETENTION_MESSAGES_PER_BATCH
        })
        .map(|(_, (id, _))| id)
        .collect()
}

/// How many outbox events are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: i64,
    pub dead: i64,
    pub delivered: i64,
}

impl OutboxCounts {
    /// From `(state, count)` rows, as both backends read them.
    fn from_rows(rows: impl IntoIterator<Item = (String, i64)>) -> Result<Self, StoreError> {
        let mut counts = OutboxCounts::default();
        for (state, count) in rows {
            match EventState::parse(&state)? {
                EventState::Pending => counts.pending = count,
                EventState::Dead => counts.dead = count,
                EventState::Delivered => counts.delivered = count,
            }
        }
        Ok(counts)
    }
}

/// The connections of a pool to a database server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolUsage {
    pub in_use: i64,
    pub idle: i64,
}

/// Persistence for the helpdesk. Every method is one short transaction.
#[async_trait]
pub trait Store: Send + Sync {
    // --- users ---

    async fn create_user(&self, new: NewUser) -> Result<Created<UserRecord>, StoreError>;
    async fn get_user(&self, id: &str) -> Result<Option<UserRecord>, StoreError>;
    /// `None` if there is no such user.
    async fn update_user(
        &self,
        id: &str,
        changes: UserChanges,
    ) -> Result<Option<UserRecord>, StoreError>;
    /// Updates the user, or creates it with this explicit id if it does not exist (the
    /// POST-only variant sends a whole user object with every conversation update).
    async fn upsert_user(&self, id: &str, changes: UserChanges) -> Result<UserRecord, StoreError>;

    // --- agents ---

    /// Agents not removed, oldest first.
    async fn list_agents(&self) -> Result<Vec<AgentRecord>, StoreError>;
    /// `None` for unknown and for removed agents.
    async fn get_agent(&self, id: &str) -> Result<Option<AgentRecord>, StoreError>;
    /// `Conflict` if an agent with this id exists (a removed one is revived instead).
    async fn add_agent(&self, new: NewAgent) -> Result<AgentRecord, StoreError>;
    /// Soft-deletes the agent and drops its tokens; `false` if it was not there.
    async fn remove_agent(&self, id: &str) -> Result<bool, StoreError>;

    // --- conversations ---

    /// Creates the conversation and its first message in one transaction. If the
    /// conversation's object_id exists, returns that conversation and its first message as
    /// `Replayed`/`Conflict`; if only the message's object_id exists, returns that message and
    /// its conversation as `Conflict`. Nothing is written in either case.
    async fn create_conversation(
        &self,
        new: NewConversation,
    ) -> Result<Created<(ConversationRecord, MessageRecord)>, StoreError>;
    async fn get_conversation(&self, id: &str) -> Result<Option<ConversationRecord>, StoreError>;
    /// `None` if there is no such conversation. `updated_at` moves on every update.
    async fn update_conversation(
        &self,
        id: &str,
        changes: ConversationChanges,
        notify: Notify,
    ) -> Result<Option<ConversationRecord>, StoreError>;
    /// Newest-updated first.
    async fn list_conversations(
        &self,
        filter: ConversationFilter,
    ) -> Result<Vec<ConversationRecord>, StoreError>;

    // --- messages ---

    /// `NotFound` if the conversation does not exist; `Invalid` if the author may not
    /// write (an unknown end user or agent, or with `own_conversation_only` an end user
    /// whose conversation it is not). A new message moves the conversation's `updated_at`.
    async fn create_message(
        &self,
        new: NewMessage,
        notify: Notify,
    ) -> Result<Created<MessageRecord>, StoreError>;
    /// Messages in creation (commit) order; with `after_id`, only those after it. An
    /// unknown `after_id` (or one from another conversation) returns all messages, so a
    /// client with a stale cursor resynchronises instead of missing messages.
    async fn list_messages(
        &self,
        conversation_id: &str,
        after_id: Option<&str>,
    ) -> Result<Vec<MessageRecord>, StoreError>;
    /// The newest message (by position, notes included) of each of these conversations,
    /// keyed by conversation id, in one query. A conversation without messages, and an
    /// unknown id, have no entry.
    async fn last_messages(
        &self,
        conversation_ids: &[String],
    ) -> Result<HashMap<String, MessageRecord>, StoreError>;

    // --- outbox ---

    /// Queues an event. Sync events merge: a conversation has at most one pending sync
    /// event, and the existing one is returned.
    async fn enqueue_event(
        &self,
        conversation_id: &str,
        kind: EventKind,
        payload: Value,
    ) -> Result<OutboxEvent, StoreError>;
    /// Pending events due at `now`, oldest first, each leased for `lease`: until then no
    /// other caller gets it, and after it a crashed worker's claim expires.
    async fn claim_due_events(
        &self,
        now: DateTime<Utc>,
        limit: u32,
        lease: Duration,
    ) -> Result<Vec<OutboxEvent>, StoreError>;
    /// Records the outcome of a claimed event's delivery attempt. Delivered: if a sync was
    /// merged into it after the claim, it stays pending and becomes due at once, so that
    /// later change is announced too. Retry: it stays pending, due at `next_attempt_at`.
    /// Dead: it is kept as dead with its last error.
    ///
    /// An outcome is recorded only while `claim` still holds (the event is pending with the
    /// lease its claim wrote): `Ok(false)` if it does not, e.g. its lease expired and
    /// another worker claimed the event again, whose outcome then counts, or there is no
    /// such event. This is the one outcome method a backend implements; the three below
    /// name its cases.
    async fn record_outcome(&self, claim: Claim, outcome: EventOutcome)
    -> Result<bool, StoreError>;
    /// [`Store::record_outcome`] with [`EventOutcome::Delivered`] now.
    async fn mark_delivered(&self, claim: Claim) -> Result<bool, StoreError> {
        self.record_outcome(claim, EventOutcome::Delivered { at: now() })
            .await
    }
    /// [`Store::record_outcome`] with [`EventOutcome::Retry`].
    async fn mark_retry(
        &self,
        claim: Claim,
        next_attempt_at: DateTime<Utc>,
        error: &str,
    ) -> Result<bool, StoreError> {
        let error = error.to_owned();
        let outcome = EventOutcome::Retry {
            next_attempt_at,
            error,
        };
        self.record_outcome(claim, outcome).await
    }
    /// [`Store::record_outcome`] with [`EventOutcome::Dead`].
    async fn mark_dead(&self, claim: Claim, error: &str) -> Result<bool, StoreError> {
        let error = error.to_owned();
        self.record_outcome(claim, EventOutcome::Dead { error })
            .await
    }
    /// Gives claimed events back before their lease ends, due at `now`, so that any worker
    /// may send them at once (a worker stopping with deliveries unfinished). Each claim is
    /// an event id and the `next_attempt_at` its claim returned, i.e. the lease's end: an
    /// event whose outcome was recorded since, or that another worker claimed again after
    /// the lease expired, no longer has that value and is left alone. The claim's attempt
    /// still counts (the request may have reached Fin). Returns how many were released.
    async fn release_claims(
        &self,
        claims: &[(i64, DateTime<Utc>)],
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError>;
    /// Events in a state (all if `None`), oldest first: those with an id above
    /// `after_id`, at most `limit` (all if `None`), so that a long outbox is read in pages.
    async fn list_events(
        &self,
        state: Option<EventState>,
        after_id: Option<i64>,
        limit: Option<u32>,
    ) -> Result<Vec<OutboxEvent>, StoreError>;
    /// Deletes up to `limit` events delivered before `before`, oldest first; returns how
    /// many. Dead and pending events are never purged.
    async fn purge_delivered(&self, before: DateTime<Utc>, limit: u32) -> Result<u64, StoreError>;
    /// Makes dead events pending and due now; returns how many.
    async fn requeue_dead(&self, which: Requeue) -> Result<u64, StoreError>;

    // --- credentials (hashes only) ---

    async fn add_oauth_client(&self, client_id: &str, secret_hash: &str) -> Result<(), StoreError>;
    async fn get_oauth_client(
        &self,
        client_id: &str,
    ) -> Result<Option<OauthClientRecord>, StoreError>;
    async fn list_oauth_clients(&self) -> Result<Vec<OauthClientRecord>, StoreError>;
    /// Also deletes the client's access tokens.
    async fn remove_oauth_client(&self, client_id: &str) -> Result<bool, StoreError>;
    async fn insert_access_token(
        &self,
        token_hash: &str,
        client_id: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// The token's client and expiry; the caller checks `expires_at` against its clock.
    async fn find_access_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<AccessTokenRecord>, StoreError>;
    /// Deletes tokens expired at `now`; returns how many.
    async fn purge_expired_tokens(&self, now: DateTime<Utc>) -> Result<u64, StoreError>;
    async fn add_api_token(&self, token_hash: &str, label: &str) -> Result<(), StoreError>;
    async fn has_api_token(&self, token_hash: &str) -> Result<bool, StoreError>;
    async fn count_api_tokens(&self) -> Result<u64, StoreError>;
    /// `Invalid` naming `agent_id` if the agent is unknown or removed.
    async fn add_agent_token(&self, token_hash: &str, agent_id: &str) -> Result<(), StoreError>;
    /// The agent id, unless the agent was removed.
    async fn find_agent_token(&self, token_hash: &str) -> Result<Option<String>, StoreError>;
    /// Stores a web inbox session for an active agent (`Invalid` naming `agent_id`
    /// otherwise), and deletes the sessions expired at `now`.
    async fn insert_inbox_session(
        &self,
        session_hash: &str,
        agent_id: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// The session's agent and expiry, unless the agent was removed; the caller checks
    /// `expires_at` against its clock.
    async fn find_inbox_session(
        &self,
        session_hash: &str,
    ) -> Result<Option<InboxSessionRecord>, StoreError>;
    /// Ends a session; `false` if there was none.
    async fn delete_inbox_session(&self, session_hash: &str) -> Result<bool, StoreError>;
    /// Records the first use of a request signature (its `replay_key`) until
    /// `expires_at`; `false` if it was recorded before and that record has not expired at
    /// `now`. On PostgreSQL every replica sharing the database sees the same records.
    async fn remember_signature(
        &self,
        replay_key: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// Deletes the signature records expired at `now`; returns how many.
    async fn purge_signatures(&self, now: DateTime<Utc>) -> Result<u64, StoreError>;
    /// Deletes one signature record (its request failed and may be retried as it was).
    async fn forget_signature(&self, replay_key: &str) -> Result<(), StoreError>;

    // --- an end user's data (GDPR articles 15 and 17) ---

    /// The end user's conversations, oldest first, however many.
    async fn user_conversations(
        &self,
        user_id: &str,
    ) -> Result<Vec<ConversationRecord>, StoreError>;
    /// Deletes, in one transaction, the end user, their conversations with every message
    /// in them, the messages they wrote in any other conversation, and the outbox events
    /// of their conversations (pending ones included: Fin is not told of them).
    async fn erase_user(&self, user_id: &str) -> Result<Erased, StoreError>;

    // --- retention ---

    /// Deletes up to `limit` closed conversations (status `closed`) whose last change
    /// (`updated_at`) is before `closed_before`, oldest first, fewer if their messages
    /// exceed [`RETENTION_MESSAGES_PER_BATCH`], in one transaction with their messages and
    /// outbox events; returns how many conversations. Safe to run on several replicas at
    /// once: PostgreSQL's callers skip the rows another one holds.
    async fn purge_closed_conversations(
        &self,
        closed_before: DateTime<Utc>,
        limit: u32,
    ) -> Result<u64, StoreError>;

    // --- operations (metrics) ---

    /// Outbox events by state, counted now.
    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError>;
    /// The pool of connections to the database server; `None` for SQLite (a file).
    async fn pool_usage(&self) -> Result<Option<PoolUsage>, StoreError>;

    // --- readiness ---

    /// `Ok` if a write could be committed now: SQLite's writer thread is alive and commits
    /// a transaction; PostgreSQL answers on a pooled connection. Writes nothing.
    async fn check_write_path(&self) -> Result<(), StoreError>;
}
