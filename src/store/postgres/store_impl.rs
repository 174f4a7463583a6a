//! The [`Store`] implementation for PostgreSQL: the shared rules (`rules`) each run in a
//! transaction of its own, and the methods no rule covers, with their SQL.

use super::*;
use crate::store::rules;

/// Rows per query of a message listing: a page of a few messages is one query; a long one
/// takes one more round trip per this many rows. The store's tests use a batch of 4, so
/// their listings cross batches.
const MESSAGES_BATCH: i64 = if cfg!(test) { 4 } else { 1000 };

impl PgStore {
    /// Runs a rule in a transaction of its own, committed if the rule returns `Ok`.
    async fn transaction<T>(
        &self,
        rule: impl AsyncFnOnce(&mut Pg<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut tx = self.write().await?;
        let done = rule(&mut Pg(&mut tx)).await?;
        self.commit(tx).await?;
        Ok(done)
    }

    /// The messages of `conversation_id` after `after_id`, read from the database.
    async fn read_messages(
        &self,
        conversation_id: &str,
        after_id: Option<&str>,
    ) -> Result<Vec<MessageRecord>, StoreError> {
        let mut c = self.pool.acquire().await?;
        let after: i64 = match after_id {
            Some(after_id) => sqlx::query_scalar(sql::MESSAGE_POSITION)
                .bind(after_id)
                .bind(conversation_id)
                .fetch_optional(&mut *c)
                .await?
                .unwrap_or(0),
            None => 0,
        };
        // A batch at a time (see `MESSAGES_AFTER_BATCH`), the next one after the last
        // row's position; all batches together are what the single query would answer,
        // since positions follow commit order.
        let mut rows = Vec::new();
        let mut after = after;
        loop {
            let batch = sqlx::query(sql::MESSAGES_AFTER_BATCH)
                .bind(conversation_id)
                .bind(after)
                .bind(MESSAGES_BATCH)
                .fetch_all(&mut *c)
                .await?;
            let full = batch.len() as i64 == MESSAGES_BATCH;
            let last_id: Option<String> = match batch.last() {
                Some(row) if full => Some(row.try_get("m_id")?),
                _ => None,
            };
            rows.extend(batch);
            let Some(last_id) = last_id else { break };
            after = sqlx::query_scalar(sql::MESSAGE_POSITION)
                .bind(&last_id)
                .bind(conversation_id)
                .fetch_one(&mut *c)
                .await?;
        }
        // Only an empty answer needs telling "no messages yet" from "no conversation".
        if rows.is_empty()
            && sqlx::query(sql::CONVERSATION_EXISTS)
                .bind(conversation_id)
                .fetch_optional(&mut *c)
                .await?
                .is_none()
        {
            return Err(StoreError::NotFound {
                what: "conversation",
                id: conversation_id.to_owned(),
            });
        }
        rows.iter()
            .map(|r| message_from(r).map(|(m, _)| m))
            .collect()
    }
}

#[async_trait]
impl Store for PgStore {
    async fn create_user(&self, new: NewUser) -> Result<Created<UserRecord>, StoreError> {
        self.transaction(async move |tx| rules::create_user(tx, new).await)
            .await
    }

    async fn get_user(&self, id: &str) -> Result<Option<UserRecord>, StoreError> {
        let mut c = self.pool.acquire().await?;
        fetch_user(&mut c, id).await
    }

    async fn update_user(
        &self,
        id: &str,
        changes: UserChanges,
    ) -> Result<Option<UserRecord>, StoreError> {
        self.transaction(async move |tx| rules::update_user(tx, id, changes).await)
            .await
    }

    async fn upsert_user(&self, id: &str, changes: UserChanges) -> Result<UserRecord, StoreError> {
        self.transaction(async move |tx| rules::upsert_user(tx, id, changes).await)
            .await
    }

    async fn list_agents(&self) -> Result<Vec<AgentRecord>, StoreError> {
        let rows = sqlx::query(sql::LIST_AGENTS).fetch_all(&self.pool).await?;
        rows.iter()
            .filter_map(|r| agent_from(r).transpose())
            .collect()
    }

    async fn get_agent(&self, id: &str) -> Result<Option<AgentRecord>, StoreError> {
        let row = sqlx::query(sql::ACTIVE_AGENT)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(agent_from).transpose()?.flatten())
    }

    async fn add_agent(&self, new: NewAgent) -> Result<AgentRecord, StoreError> {
        self.transaction(async move |tx| rules::add_agent(tx, new).await)
            .await
    }

    async fn remove_agent(&self, id: &str) -> Result<bool, StoreError> {
        let mut tx = self.write().await?;
        let n = sqlx::query(sql::REMOVE_AGENT)
            .bind(id)
            .bind(ts(now()))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query(sql::DELETE_AGENT_TOKENS)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(sql::DELETE_AGENT_SESSIONS)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        self.commit(tx).await?;
        Ok(n > 0)
    }

    async fn create_conversation(
        &self,
        new: NewConversation,
    ) -> Result<Created<(ConversationRecord, MessageRecord)>, StoreError> {
        self.transaction(async move |tx| rules::create_conversation(tx, new).await)
            .await
    }

    async fn get_conversation(&self, id: &str) -> Result<Option<ConversationRecord>, StoreError> {
        let read = async {
            let mut c = self.pool.acquire().await?;
            fetch_conversation(&mut c, id).await
        };
        self.conversations.conversation_or(id, read).await
    }

    async fn update_conversation(
        &self,
        id: &str,
        changes: ConversationChanges,
        notify: Notify,
    ) -> Result<Option<ConversationRecord>, StoreError> {
        self.transaction(async move |tx| rules::update_conversation(tx, id, changes, notify).await)
            .await
    }

    async fn list_conversations(
        &self,
        filter: ConversationFilter,
    ) -> Result<Vec<ConversationRecord>, StoreError> {
        let unassigned = filter.unassigned && filter.assignee_id.is_none();
        let rows = sqlx::query(sql::LIST_CONVERSATIONS)
            .bind(&filter.status)
            .bind(&filter.assignee_id)
            .bind(unassigned)
            .bind(i64::from(filter.limit.unwrap_or(DEFAULT_LIST_LIMIT)))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| conversation_from(r).map(|(c, _)| c))
            .collect()
    }

    async fn create_message(
        &self,
        new: NewMessage,
        notify: Notify,
    ) -> Result<Created<MessageRecord>, StoreError> {
        self.transaction(async move |tx| rules::create_message(tx, &new, notify).await)
            .await
    }

    async fn list_messages(
        &self,
        conversation_id: &str,
        after_id: Option<&str>,
    ) -> Result<Vec<MessageRecord>, StoreError> {
        let read = self.read_messages(conversation_id, after_id);
        self.conversations
            .page_or(conversation_id, after_id, read)
            .await
    }

    async fn last_messages(
        &self,
        conversation_ids: &[String],
    ) -> Result<HashMap<String, MessageRecord>, StoreError> {
        if conversation_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = sqlx::query(sql::LAST_MESSAGES_POSTGRES)
            .bind(conversation_ids)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| message_from(r).map(|(m, _)| (m.conversation_id.clone(), m)))
            .collect()
    }

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
        let until =
            now + chrono::Duration::from_std(lease).map_err(|e| invalid("lease", e.to_string()))?;
        // SKIP LOCKED: concurrent claimers pass over each other's rows instead of waiting,
        // and the lease written in the same statement keeps the rows from being claimed
        // again after commit until it expires.
        let rows = sqlx::query(concat!(
            "WITH due AS (SELECT id FROM outbox WHERE state = 'pending' AND next_attempt_at <= $1 \
             ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED) \
             UPDATE outbox o SET next_attempt_at = $3, attempts = o.attempts + 1, \
             claimed_revision = o.revision FROM due WHERE o.id = due.id RETURNING ",
            "o.id, o.conversation_id, o.kind, o.payload, o.state, o.attempts, \
             o.next_attempt_at, o.created_at, o.last_error"
        ))
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

    async fn add_oauth_client(&self, client_id: &str, secret_hash: &str) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        sqlx::query(sql::INSERT_OAUTH_CLIENT)
            .bind(client_id)
            .bind(secret_hash)
            .bind(ts(now()))
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                map_write_err(
                    e,
                    || format!("OAuth client {client_id:?} exists"),
                    "client_id",
                )
            })?;
        self.commit(tx).await?;
        Ok(())
    }

    async fn get_oauth_client(
        &self,
        client_id: &str,
    ) -> Result<Option<OauthClientRecord>, StoreError> {
        let row = sqlx::query(sql::OAUTH_CLIENT)
            .bind(client_id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(oauth_client_from).transpose()
    }

    async fn list_oauth_clients(&self) -> Result<Vec<OauthClientRecord>, StoreError> {
        let rows = sqlx::query(sql::LIST_OAUTH_CLIENTS)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(oauth_client_from).collect()
    }

    async fn remove_oauth_client(&self, client_id: &str) -> Result<bool, StoreError> {
        let mut tx = self.write().await?;
        sqlx::query(sql::DELETE_CLIENT_TOKENS)
            .bind(client_id)
            .execute(&mut *tx)
            .await?;
        let n = sqlx::query(sql::DELETE_OAUTH_CLIENT)
            .bind(client_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        self.commit(tx).await?;
        Ok(n > 0)
    }

    async fn insert_access_token(
        &self,
        token_hash: &str,
        client_id: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        sqlx::query(sql::INSERT_ACCESS_TOKEN)
            .bind(token_hash)
            .bind(client_id)
            .bind(ts(expires_at))
            .bind(ts(now()))
            .execute(&mut *tx)
            .await
            .map_err(|e| map_write_err(e, || "access token exists".into(), "client_id"))?;
        self.commit(tx).await?;
        Ok(())
    }

    async fn find_access_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<AccessTokenRecord>, StoreError> {
        let row = sqlx::query(sql::FIND_ACCESS_TOKEN)
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(AccessTokenRecord {
                client_id: r.try_get("client_id")?,
                expires_at: get_ts(&r, "expires_at")?,
            })
        })
        .transpose()
    }

    async fn purge_expired_tokens(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let mut tx = self.write().await?;
        let n = sqlx::query(sql::PURGE_TOKENS)
            .bind(ts(now))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        self.commit(tx).await?;
        Ok(n)
    }

    async fn add_api_token(&self, token_hash: &str, label: &str) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        sqlx::query(sql::INSERT_API_TOKEN)
            .bind(token_hash)
            .bind(label)
            .bind(ts(now()))
            .execute(&mut *tx)
            .await
            .map_err(|e| map_write_err(e, || "API token exists".into(), "token"))?;
        self.commit(tx).await?;
        Ok(())
    }

    async fn has_api_token(&self, token_hash: &str) -> Result<bool, StoreError> {
        Ok(sqlx::query(sql::HAS_API_TOKEN)
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?
            .is_some())
    }

    async fn count_api_tokens(&self) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar(sql::COUNT_API_TOKENS)
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn add_agent_token(&self, token_hash: &str, agent_id: &str) -> Result<(), StoreError> {
        self.transaction(async move |tx| rules::add_agent_token(tx, token_hash, agent_id).await)
            .await
    }

    async fn find_agent_token(&self, token_hash: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(sql::FIND_AGENT_TOKEN)
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?)
    }

    async fn user_conversations(
        &self,
        user_id: &str,
    ) -> Result<Vec<ConversationRecord>, StoreError> {
        let rows = sqlx::query(sql::USER_CONVERSATIONS)
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| conversation_from(r).map(|(c, _)| c))
            .collect()
    }

    async fn erase_user(&self, user_id: &str) -> Result<Erased, StoreError> {
        let mut tx = self.write().await?;
        // The user's row and their conversations' first: a conversation or message
        // created for them meanwhile waits for this transaction (a foreign key check
        // locks the user's row, a new message its conversation's), then finds them gone.
        for lock in [
            "SELECT 1 FROM users WHERE id = $1 FOR UPDATE",
            "SELECT 1 FROM conversations WHERE user_id = $1 FOR UPDATE",
        ] {
            sqlx::query(lock).bind(user_id).execute(&mut *tx).await?;
        }
        let attachments: i64 = sqlx::query_scalar(sql::ERASED_ATTACHMENTS_POSTGRES)
            .bind(user_id)
            .fetch_one(&mut *tx)
            .await?;
        let mut removed = [0u64; 4];
        for (statement, n) in [
            sql::ERASE_OUTBOX,
            sql::ERASE_MESSAGES,
            sql::ERASE_CONVERSATIONS,
            sql::ERASE_USER,
        ]
        .into_iter()
        .zip(removed.iter_mut())
        {
            *n = sqlx::query(statement)
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        self.commit(tx).await?;
        let [outbox_events, messages, conversations, users] = removed;
        Ok(Erased {
            users,
            conversations,
            messages,
            attachments: u64::try_from(attachments).unwrap_or(0),
            outbox_events,
        })
    }

    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(sql::COUNT_EVENTS_BY_STATE)
            .fetch_all(&self.pool)
            .await?;
        OutboxCounts::from_rows(rows)
    }

    async fn pool_usage(&self) -> Result<Option<PoolUsage>, StoreError> {
        let open = i64::from(self.pool.size());
        let idle = i64::try_from(self.pool.num_idle()).unwrap_or(i64::MAX);
        Ok(Some(PoolUsage {
            in_use: open.saturating_sub(idle),
            idle,
        }))
    }

    async fn purge_closed_conversations(
        &self,
        closed_before: DateTime<Utc>,
        limit: u32,
    ) -> Result<u64, StoreError> {
        let mut tx = self.write().await?;
        let candidates: Vec<(String, i64)> = sqlx::query_as(sql::EXPIRED_CLOSED_POSTGRES)
            .bind(ts(closed_before))
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await?;
        let ids = retention_batch(candidates);
        if ids.is_empty() {
            return Ok(0);
        }
        let mut removed = 0;
        for statement in sql::PURGE_CONVERSATIONS_POSTGRES {
            removed = sqlx::query(statement)
                .bind(&ids)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        }
        self.commit(tx).await?;
        // The last statement's count: the conversations.
        Ok(removed)
    }

    async fn insert_inbox_session(
        &self,
        session_hash: &str,
        agent_id: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.transaction(async move |tx| {
            rules::insert_inbox_session(tx, session_hash, agent_id, expires_at, now).await
        })
        .await
    }

    async fn find_inbox_session(
        &self,
        session_hash: &str,
    ) -> Result<Option<InboxSessionRecord>, StoreError> {
        let row = sqlx::query(sql::FIND_INBOX_SESSION)
            .bind(session_hash)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(InboxSessionRecord {
                agent_id: r.try_get("agent_id")?,
                expires_at: get_ts(&r, "expires_at")?,
            })
        })
        .transpose()
    }

    async fn delete_inbox_session(&self, session_hash: &str) -> Result<bool, StoreError> {
        let mut tx = self.write().await?;
        let n = sqlx::query(sql::DELETE_INBOX_SESSION)
            .bind(session_hash)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        self.commit(tx).await?;
        Ok(n > 0)
    }

    // Outside `write`/`commit`: nothing cached or told to other processes depends on it.
    async fn remember_signature(
        &self,
        replay_key: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let n = sqlx::query(sql::REMEMBER_SIGNATURE)
            .bind(replay_key)
            .bind(ts(expires_at))
            .bind(ts(now))
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    async fn purge_signatures(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        Ok(sqlx::query(sql::PURGE_SIGNATURES)
            .bind(ts(now))
            .execute(&self.pool)
            .await?
            .rows_affected())
    }

    async fn forget_signature(&self, replay_key: &str) -> Result<(), StoreError> {
        sqlx::query(sql::FORGET_SIGNATURE)
            .bind(replay_key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn check_write_path(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}
