//! The steps of the shared rules (`rules::Tx`) inside a PostgreSQL transaction, and the
//! reads several operations share.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{PgConnection, Row};

use super::decode::{
    agent_from, conversation_from, event_from, map_write_err, message_from, user_from,
};
use super::encoding::{json, ts};
use crate::store::error::StoreError;
use crate::store::records::{
    AgentRecord, AuthorRecord, Claim, ConversationChanges, ConversationRecord, ConversationStatus,
    EventKind, EventOutcome, JsonMap, MessageRecord, NewAgent, NewConversation, NewUser,
    OutboxEvent, UserRecord,
};
use crate::store::rules::{self, MessageRow, Tx};
use crate::store::sql;

pub(super) async fn fetch_user(
    c: &mut PgConnection,
    id: &str,
) -> Result<Option<UserRecord>, StoreError> {
    let row = sqlx::query(sql::USER_BY_ID)
        .bind(id)
        .fetch_optional(c)
        .await?;
    row.as_ref().map(user_from).transpose()
}

pub(super) async fn fetch_conversation(
    c: &mut PgConnection,
    id: &str,
) -> Result<Option<ConversationRecord>, StoreError> {
    let row = sqlx::query(sql::CONVERSATION_BY_ID)
        .bind(id)
        .fetch_optional(c)
        .await?;
    Ok(row
        .as_ref()
        .map(conversation_from)
        .transpose()?
        .map(|(c, _)| c))
}

async fn fetch_message(
    c: &mut PgConnection,
    query: &'static str,
    key: &str,
) -> Result<Option<(MessageRecord, Option<String>)>, StoreError> {
    let row = sqlx::query(query).bind(key).fetch_optional(c).await?;
    row.as_ref().map(message_from).transpose()
}

/// Whether a statement keyed by one id finds a row.
pub(super) async fn exists(
    c: &mut PgConnection,
    query: &'static str,
    key: &str,
) -> Result<bool, StoreError> {
    Ok(sqlx::query(query)
        .bind(key)
        .fetch_optional(c)
        .await?
        .is_some())
}

/// One write transaction's connection. Row locks are taken where a rule reads what it
/// then writes (the user merge, a message's position).
pub(super) struct Pg<'c>(pub(super) &'c mut PgConnection);

impl Tx for Pg<'_> {
    async fn fetch_user(&mut self, id: &str) -> Result<Option<UserRecord>, StoreError> {
        fetch_user(self.0, id).await
    }

    async fn lock_user(&mut self, id: &str) -> Result<Option<UserRecord>, StoreError> {
        let row = sqlx::query(sql::USER_BY_ID_FOR_UPDATE)
            .bind(id)
            .fetch_optional(&mut *self.0)
            .await?;
        row.as_ref().map(user_from).transpose()
    }

    async fn user_by_object_id(
        &mut self,
        object_id: &str,
    ) -> Result<Option<(UserRecord, Option<String>)>, StoreError> {
        let row = sqlx::query(sql::USER_BY_OBJECT_ID)
            .bind(object_id)
            .fetch_optional(&mut *self.0)
            .await?;
        row.map(|row| Ok((user_from(&row)?, row.try_get("u_fingerprint")?)))
            .transpose()
    }

    async fn insert_user(
        &mut self,
        id: &str,
        new: &NewUser,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let inserted = sqlx::query(sql::INSERT_USER)
            .bind(id)
            .bind(&new.object_id)
            .bind(&new.fingerprint)
            .bind(&new.name)
            .bind(&new.email)
            .bind(&new.photo_url)
            .bind(json(&new.attributes)?)
            .bind(ts(at))
            .execute(&mut *self.0)
            .await?
            .rows_affected();
        Ok(inserted > 0)
    }

    async fn insert_user_with_id(&mut self, id: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(sql::INSERT_USER_WITH_ID)
            .bind(id)
            .bind(Option::<String>::None)
            .bind(Option::<String>::None)
            .bind(Option::<String>::None)
            .bind(json(&JsonMap::new())?)
            .bind(ts(at))
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }

    async fn update_user(&mut self, user: &UserRecord) -> Result<(), StoreError> {
        sqlx::query(sql::UPDATE_USER)
            .bind(&user.id)
            .bind(&user.name)
            .bind(&user.email)
            .bind(&user.photo_url)
            .bind(json(&user.attributes)?)
            .bind(ts(user.updated_at))
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }

    async fn user_exists(&mut self, id: &str) -> Result<bool, StoreError> {
        exists(self.0, sql::USER_EXISTS, id).await
    }

    async fn active_agent(&mut self, id: &str) -> Result<Option<AgentRecord>, StoreError> {
        let row = sqlx::query(sql::ACTIVE_AGENT)
            .bind(id)
            .fetch_optional(&mut *self.0)
            .await?;
        Ok(row.as_ref().map(agent_from).transpose()?.flatten())
    }

    async fn active_agent_exists(&mut self, id: &str) -> Result<bool, StoreError> {
        exists(self.0, sql::ACTIVE_AGENT, id).await
    }

    async fn insert_agent(
        &mut self,
        id: &str,
        new: &NewAgent,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let inserted = sqlx::query(sql::INSERT_AGENT)
            .bind(id)
            .bind(&new.name)
            .bind(&new.email)
            .bind(&new.photo_url)
            .bind(&new.alias)
            .bind(ts(at))
            .execute(&mut *self.0)
            .await?
            .rows_affected();
        Ok(inserted > 0)
    }

    async fn insert_agent_token(
        &mut self,
        token_hash: &str,
        agent_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(sql::INSERT_AGENT_TOKEN)
            .bind(token_hash)
            .bind(agent_id)
            .bind(ts(at))
            .execute(&mut *self.0)
            .await
            .map_err(|e| map_write_err(e, || "agent token exists".into(), "agent_id"))?;
        Ok(())
    }

    async fn purge_inbox_sessions(&mut self, now: DateTime<Utc>) -> Result<(), StoreError> {
        sqlx::query(sql::PURGE_INBOX_SESSIONS)
            .bind(ts(now))
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }

    async fn insert_inbox_session(
        &mut self,
        session_hash: &str,
        agent_id: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(sql::INSERT_INBOX_SESSION)
            .bind(session_hash)
            .bind(agent_id)
            .bind(ts(now))
            .bind(ts(expires_at))
            .execute(&mut *self.0)
            .await
            .map_err(|e| map_write_err(e, || "inbox session exists".into(), "session"))?;
        Ok(())
    }

    async fn conversation_exists(&mut self, id: &str) -> Result<bool, StoreError> {
        exists(self.0, sql::CONVERSATION_EXISTS, id).await
    }

    async fn fetch_conversation(
        &mut self,
        id: &str,
    ) -> Result<Option<ConversationRecord>, StoreError> {
        fetch_conversation(self.0, id).await
    }

    async fn conversation_by_object_id(
        &mut self,
        object_id: &str,
    ) -> Result<Option<(ConversationRecord, Option<String>)>, StoreError> {
        let row = sqlx::query(sql::CONVERSATION_BY_OBJECT_ID)
            .bind(object_id)
            .fetch_optional(&mut *self.0)
            .await?;
        row.as_ref().map(conversation_from).transpose()
    }

    async fn insert_conversation(
        &mut self,
        id: &str,
        new: &NewConversation,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let inserted = sqlx::query(sql::INSERT_CONVERSATION)
            .bind(id)
            .bind(&new.object_id)
            .bind(&new.fingerprint)
            .bind(&new.user_id)
            .bind(&new.title)
            .bind(json(&new.tags)?)
            .bind(json(&new.attributes)?)
            .bind(new.status.as_str())
            .bind(&new.assignee_id)
            .bind(ts(at))
            .execute(&mut *self.0)
            .await?
            .rows_affected();
        Ok(inserted > 0)
    }

    async fn update_conversation(
        &mut self,
        id: &str,
        changes: ConversationChanges,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let updated = sqlx::query(sql::UPDATE_CONVERSATION)
            .bind(id)
            .bind(changes.title.is_present())
            .bind(changes.title.into_option())
            .bind(changes.tags.is_some())
            .bind(changes.tags.as_ref().map(json).transpose()?)
            .bind(changes.attributes.is_some())
            .bind(changes.attributes.as_ref().map(json).transpose()?)
            .bind(changes.status.is_some())
            .bind(changes.status.map(ConversationStatus::as_str))
            .bind(changes.assignee_id.is_present())
            .bind(changes.assignee_id.into_option())
            .bind(changes.last_user_read_at.is_present())
            .bind(changes.last_user_read_at.into_option().map(ts))
            .bind(ts(at))
            .execute(&mut *self.0)
            .await?
            .rows_affected();
        Ok(updated > 0)
    }

    async fn message_by_object_id(
        &mut self,
        object_id: &str,
    ) -> Result<Option<(MessageRecord, Option<String>)>, StoreError> {
        fetch_message(self.0, sql::MESSAGE_BY_OBJECT_ID, object_id).await
    }

    async fn first_message(
        &mut self,
        conversation_id: &str,
    ) -> Result<Option<MessageRecord>, StoreError> {
        Ok(fetch_message(self.0, sql::FIRST_MESSAGE, conversation_id)
            .await?
            .map(|(message, _)| message))
    }

    /// Takes the conversation's row lock while bumping its position, so positions follow
    /// commit order; the bump stays if the insert is refused, hence the rule's `undo`.
    async fn insert_message(
        &mut self,
        row: &MessageRow<'_>,
    ) -> Result<Option<AuthorRecord>, StoreError> {
        let new = row.new;
        let position: Option<i64> = sqlx::query_scalar(sql::NEXT_POSITION)
            .bind(row.conversation_id)
            .bind(ts(row.at))
            .bind(row.required_user())
            .fetch_optional(&mut *self.0)
            .await?;
        let Some(position) = position else {
            return Ok(None);
        };
        let author = match rules::fetch_author(self, &new.author).await {
            Ok(author) => author,
            Err(StoreError::Invalid { .. }) => return Ok(None),
            Err(other) => return Err(other),
        };
        let (user_id, agent_id) = row.author_columns();
        let inserted = sqlx::query(sql::INSERT_MESSAGE)
            .bind(&row.id)
            .bind(row.conversation_id)
            .bind(position)
            .bind(&new.object_id)
            .bind(&new.fingerprint)
            .bind(&new.message_type)
            .bind(&new.body)
            .bind(user_id)
            .bind(agent_id)
            .bind(new.visibility.as_str())
            .bind(json(&new.attachments)?)
            .bind(ts(row.created_at))
            .execute(&mut *self.0)
            .await
            .map_err(|e| map_write_err(e, || "message id taken".into(), "author"))?
            .rows_affected();
        Ok((inserted > 0).then_some(author))
    }

    async fn enqueue_sync(
        &mut self,
        conversation_id: &str,
        payload: &Value,
        at: DateTime<Utc>,
    ) -> Result<OutboxEvent, StoreError> {
        let row = sqlx::query(sql::ENQUEUE_SYNC)
            .bind(conversation_id)
            .bind(json(payload)?)
            .bind(ts(at))
            .fetch_one(&mut *self.0)
            .await?;
        event_from(&row)
    }

    async fn enqueue_other(
        &mut self,
        conversation_id: &str,
        kind: EventKind,
        payload: &Value,
        at: DateTime<Utc>,
    ) -> Result<OutboxEvent, StoreError> {
        let row = sqlx::query(sql::ENQUEUE_OTHER)
            .bind(conversation_id)
            .bind(kind.as_str())
            .bind(json(payload)?)
            .bind(ts(at))
            .fetch_one(&mut *self.0)
            .await?;
        event_from(&row)
    }

    async fn record_outcome(
        &mut self,
        claim: Claim,
        outcome: &EventOutcome,
    ) -> Result<u64, StoreError> {
        let query = match outcome {
            EventOutcome::Delivered { at } => sqlx::query(sql::MARK_DELIVERED)
                .bind(claim.id)
                .bind(ts(*at)),
            EventOutcome::Retry {
                next_attempt_at,
                error,
            } => sqlx::query(sql::MARK_RETRY)
                .bind(claim.id)
                .bind(ts(*next_attempt_at))
                .bind(error),
            EventOutcome::Dead { error } => sqlx::query(sql::MARK_DEAD).bind(claim.id).bind(error),
        };
        let changed = query
            .bind(ts(claim.until))
            .execute(&mut *self.0)
            .await?
            .rows_affected();
        Ok(changed)
    }

    async fn undo(&mut self) -> Result<(), StoreError> {
        // Ends the transaction and opens the next on the same connection (PostgreSQL
        // 12 and later), so the transaction sqlx holds stays open for the rule's rest.
        sqlx::query("ROLLBACK AND CHAIN")
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }
}
