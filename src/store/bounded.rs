//! A [`Store`] that answers every call within a bound: the server's view of either
//! backend, so that with the database unreachable a request fails fast (a 503 the client
//! may retry) instead of waiting on a connection that will not come.
//!
//! The bound is per call (a request's calls together are also cut off at its deadline, by
//! the service). PostgreSQL's pool is opened with the same acquire timeout, so a database
//! that refuses connections is reported as the pool's timeout; this bound catches the rest
//! (a connection that hangs, a SQLite writer held up) and covers the callers outside a
//! request (the outbox worker, `/readyz`, the token endpoint). A write cut
//! off here may still commit after the caller was told 503: creates are idempotent on
//! `object_id`, so the retry finds it; updates set fields to given values.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::error::StoreError;
use super::records::{
    AccessTokenRecord, AgentRecord, Claim, ConversationChanges, ConversationFilter,
    ConversationRecord, Created, Erased, EventKind, EventOutcome, EventState, InboxSessionRecord,
    MessageRecord, NewAgent, NewConversation, NewMessage, NewUser, OauthClientRecord, OutboxCounts,
    OutboxEvent, PoolUsage, Requeue, SyncEvent, UserChanges, UserRecord,
};
use super::traits::{
    ConversationStore, CredentialStore, MaintenanceStore, OutboxStore, Store, UserStore,
};

/// The inner store, with every call bounded by `timeout`.
pub struct Bounded {
    inner: Arc<dyn Store>,
    timeout: Duration,
}

impl Bounded {
    pub fn new(inner: Arc<dyn Store>, timeout: Duration) -> Self {
        Bounded { inner, timeout }
    }

    async fn bound<T>(
        &self,
        call: impl std::future::Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        tokio::time::timeout(self.timeout, call)
            .await
            .unwrap_or(Err(StoreError::TimedOut(self.timeout)))
    }
}

/// One forwarding method per method of each resource's trait, each under
/// [`Bounded::bound`] (a trait's provided methods forward through the ones listed).
macro_rules! bounded {
    ($(impl $trait:ident { $(fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)* })*) => {
        $(
            #[async_trait]
            impl $trait for Bounded {
                $(async fn $name(&self, $($arg: $ty),*) -> Result<$ret, StoreError> {
                    self.bound(self.inner.$name($($arg),*)).await
                })*
            }
        )*
    };
}

bounded! {
    impl UserStore {
        fn create_user(new: NewUser) -> Created<UserRecord>;
        fn get_user(id: &str) -> Option<UserRecord>;
        fn update_user(id: &str, changes: UserChanges) -> Option<UserRecord>;
        fn upsert_user(id: &str, changes: UserChanges) -> UserRecord;
        fn list_agents() -> Vec<AgentRecord>;
        fn get_agent(id: &str) -> Option<AgentRecord>;
        fn add_agent(new: NewAgent) -> AgentRecord;
        fn remove_agent(id: &str) -> bool;
        fn user_conversations(user_id: &str) -> Vec<ConversationRecord>;
        fn erase_user(user_id: &str) -> Erased;
    }
    impl ConversationStore {
        fn create_conversation(
            new: NewConversation
        ) -> Created<(ConversationRecord, MessageRecord)>;
        fn get_conversation(id: &str) -> Option<ConversationRecord>;
        fn update_conversation(
            id: &str,
            changes: ConversationChanges,
            sync: SyncEvent
        ) -> Option<ConversationRecord>;
        fn list_conversations(filter: ConversationFilter) -> Vec<ConversationRecord>;
        fn create_message(new: NewMessage, sync: SyncEvent) -> Created<MessageRecord>;
        fn list_messages(conversation_id: &str, after_id: Option<&str>) -> Vec<MessageRecord>;
        fn last_messages(conversation_ids: &[String]) -> HashMap<String, MessageRecord>;
    }
    impl OutboxStore {
        fn enqueue_event(conversation_id: &str, kind: EventKind, payload: Value) -> OutboxEvent;
        fn claim_due_events(now: DateTime<Utc>, limit: u32, lease: Duration) -> Vec<OutboxEvent>;
        fn record_outcome(claim: Claim, outcome: EventOutcome) -> bool;
        fn release_claims(claims: &[(i64, DateTime<Utc>)], now: DateTime<Utc>) -> u64;
        fn list_events(
            state: Option<EventState>,
            after_id: Option<i64>,
            limit: Option<u32>
        ) -> Vec<OutboxEvent>;
        fn purge_delivered(before: DateTime<Utc>, limit: u32) -> u64;
        fn requeue_dead(which: Requeue) -> u64;
    }
    impl CredentialStore {
        fn add_oauth_client(client_id: &str, secret_hash: &str) -> ();
        fn get_oauth_client(client_id: &str) -> Option<OauthClientRecord>;
        fn list_oauth_clients() -> Vec<OauthClientRecord>;
        fn remove_oauth_client(client_id: &str) -> bool;
        fn insert_access_token(
            token_hash: &str,
            client_id: &str,
            expires_at: DateTime<Utc>
        ) -> ();
        fn find_access_token(token_hash: &str) -> Option<AccessTokenRecord>;
        fn purge_expired_tokens(now: DateTime<Utc>) -> u64;
        fn add_api_token(token_hash: &str, label: &str) -> ();
        fn has_api_token(token_hash: &str) -> bool;
        fn count_api_tokens() -> u64;
        fn add_agent_token(token_hash: &str, agent_id: &str) -> ();
        fn find_agent_token(token_hash: &str) -> Option<String>;
        fn insert_inbox_session(
            session_hash: &str,
            agent_id: &str,
            expires_at: DateTime<Utc>,
            now: DateTime<Utc>
        ) -> ();
        fn find_inbox_session(session_hash: &str) -> Option<InboxSessionRecord>;
        fn delete_inbox_session(session_hash: &str) -> bool;
        fn remember_signature(
            replay_key: &str,
            expires_at: DateTime<Utc>,
            now: DateTime<Utc>
        ) -> bool;
        fn purge_signatures(now: DateTime<Utc>) -> u64;
        fn forget_signature(replay_key: &str) -> ();
    }
    impl MaintenanceStore {
        fn purge_closed_conversations(closed_before: DateTime<Utc>, limit: u32) -> u64;
        fn outbox_counts() -> OutboxCounts;
        fn pool_usage() -> Option<PoolUsage>;
        fn check_write_path() -> ();
    }
}
