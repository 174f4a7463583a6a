//! The store's traits, one per resource, and [`Store`], every one of them together. Each
//! backend implements each trait in a file of its own (`sqlite/users.rs`,
//! `postgres/users.rs`, …), and [`super::Bounded`] wraps any `Store` in a time bound.

use std::collections::HashMap;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::error::StoreError;
use super::records::{
    AccessTokenRecord, AgentRecord, Claim, ConversationChanges, ConversationFilter,
    ConversationRecord, Created, Erased, EventKind, EventOutcome, EventState, InboxSessionRecord,
    MessageRecord, NewAgent, NewConversation, NewMessage, NewUser, OauthClientRecord, OutboxCounts,
    OutboxEvent, PoolUsage, Requeue, SyncEvent, UserChanges, UserRecord, now,
};

/// End users and agents, and an end user's data as a whole (GDPR articles 15 and 17).
#[async_trait]
pub trait UserStore: Send + Sync {
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
}

/// Conversations and their messages.
#[async_trait]
pub trait ConversationStore: Send + Sync {
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
        sync: SyncEvent,
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
        sync: SyncEvent,
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
}

/// The outbox: events for Fin's webhook, queued with the change they announce and
/// delivered by workers that claim them.
#[async_trait]
pub trait OutboxStore: Send + Sync {
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
    /// [`OutboxStore::record_outcome`] with [`EventOutcome::Delivered`] now.
    async fn mark_delivered(&self, claim: Claim) -> Result<bool, StoreError> {
        self.record_outcome(claim, EventOutcome::Delivered { at: now() })
            .await
    }
    /// [`OutboxStore::record_outcome`] with [`EventOutcome::Retry`].
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
    /// [`OutboxStore::record_outcome`] with [`EventOutcome::Dead`].
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
}

/// Credentials, as hashes only: OAuth clients and their access tokens, API and agent
/// tokens, web inbox sessions and the request signatures already seen.
#[async_trait]
pub trait CredentialStore: Send + Sync {
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
}

/// Keeping the store in shape and watching it: retention, metrics, readiness.
#[async_trait]
pub trait MaintenanceStore: Send + Sync {
    // --- retention ---

    /// Deletes up to `limit` closed conversations (status `closed`) whose last change
    /// (`updated_at`) is before `closed_before`, oldest first, fewer if their messages
    /// exceed [`RETENTION_MESSAGES_PER_BATCH`](crate::store::RETENTION_MESSAGES_PER_BATCH), in one transaction with their messages and
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

/// Persistence for the helpdesk: every resource's trait. Every method is one short
/// transaction. Implemented for whatever implements them all.
pub trait Store:
    UserStore + ConversationStore + OutboxStore + CredentialStore + MaintenanceStore
{
}

impl<T> Store for T where
    T: UserStore + ConversationStore + OutboxStore + CredentialStore + MaintenanceStore + ?Sized
{
}
