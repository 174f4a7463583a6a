//! The steps of the shared rules (`rules::Tx`) on the writer's connection, and the reads
//! several operations share. Every step is a synchronous call: the rules' futures are
//! ready at once.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde_json::Value;

use super::decode::{agent_from, conversation_from, event_from, message_from, user_from};
use super::encoding::{json, ts};
use super::error::map_write_err;
use super::statements::{execute, exists, query_optional};
use super::writer::undo_write;
use crate::store::error::{StoreError, corrupt};
use crate::store::records::{
    AgentRecord, AuthorRecord, Claim, ConversationChanges, ConversationRecord, ConversationStatus,
    EventKind, EventOutcome, JsonMap, MessageRecord, NewAgent, NewConversation, NewUser,
    OutboxEvent, UserRecord,
};
use crate::store::rules::{self, MessageRow, Tx};
use crate::store::sql;

pub(super) fn fetch_user(c: &Connection, id: &str) -> Result<Option<UserRecord>, StoreError> {
    query_optional(c, sql::USER_BY_ID, params![id], user_from)
}

pub(super) fn fetch_conversation(
    c: &Connection,
    id: &str,
) -> Result<Option<ConversationRecord>, StoreError> {
    query_optional(c, sql::CONVERSATION_BY_ID, params![id], |row| {
        conversation_from(row).map(|(conversation, _)| conversation)
    })
}

fn fetch_message(
    c: &Connection,
    statement: &'static str,
    key: &str,
) -> Result<Option<(MessageRecord, Option<String>)>, StoreError> {
    query_optional(c, statement, params![key], message_from)
}

/// Inserts the message if its conversation exists (and belongs to `$12`, the required
/// user, when there is one), its author may write and its object_id is free; the
/// position is read from the conversation (the single writer makes read-then-bump
/// atomic). Folding the checks into the insert leaves the common case at two statements;
/// `ON CONFLICT` replaces a separate object_id lookup.
const INSERT_MESSAGE_CHECKED: &str = "INSERT INTO messages \
     (id, conversation_id, position, object_id, fingerprint, message_type, body, \
      author_user_id, author_agent_id, visibility, attachments, created_at) \
     SELECT $1, c.id, c.last_position + 1, $3, $4, $5, $6, $7, $8, $9, $10, $11 \
     FROM conversations c WHERE c.id = $2 AND ($12 IS NULL OR c.user_id = $12) \
     AND ($7 IS NULL OR EXISTS (SELECT 1 FROM users u WHERE u.id = $7)) \
     AND ($8 IS NULL OR EXISTS (SELECT 1 FROM agents a WHERE a.id = $8 AND a.removed_at IS NULL)) \
     ON CONFLICT (object_id) DO NOTHING";
const BUMP_POSITION: &str =
    "UPDATE conversations SET last_position = last_position + 1, updated_at = $2 WHERE id = $1";

/// One write's view of the writer's connection. Row locks are implicit: one thread writes.
pub(super) struct Writer<'c>(pub(super) &'c Connection);

impl Tx for Writer<'_> {
    async fn fetch_user(&mut self, id: &str) -> Result<Option<UserRecord>, StoreError> {
        fetch_user(self.0, id)
    }

    async fn lock_user(&mut self, id: &str) -> Result<Option<UserRecord>, StoreError> {
        fetch_user(self.0, id)
    }

    async fn user_by_object_id(
        &mut self,
        object_id: &str,
    ) -> Result<Option<(UserRecord, Option<String>)>, StoreError> {
        query_optional(self.0, sql::USER_BY_OBJECT_ID, params![object_id], |row| {
            Ok((user_from(row)?, row.get(2)?))
        })
    }

    async fn insert_user(
        &mut self,
        id: &str,
        new: &NewUser,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let inserted = execute(
            self.0,
            sql::INSERT_USER,
            params![
                id,
                new.object_id,
                new.fingerprint,
                new.name,
                new.email,
                new.photo_url,
                json(&new.attributes)?,
                ts(at),
            ],
        )?;
        Ok(inserted > 0)
    }

    async fn insert_user_with_id(&mut self, id: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        execute(
            self.0,
            sql::INSERT_USER_WITH_ID,
            params![
                id,
                None::<String>,
                None::<String>,
                None::<String>,
                json(&JsonMap::new())?,
                ts(at),
            ],
        )?;
        Ok(())
    }

    async fn update_user(&mut self, user: &UserRecord) -> Result<(), StoreError> {
        execute(
            self.0,
            sql::UPDATE_USER,
            params![
                user.id,
                user.name,
                user.email,
                user.photo_url,
                json(&user.attributes)?,
                ts(user.updated_at),
            ],
        )?;
        Ok(())
    }

    async fn user_exists(&mut self, id: &str) -> Result<bool, StoreError> {
        exists(self.0, sql::USER_EXISTS, id)
    }

    async fn active_agent(&mut self, id: &str) -> Result<Option<AgentRecord>, StoreError> {
        Ok(query_optional(self.0, sql::ACTIVE_AGENT, params![id], agent_from)?.flatten())
    }

    async fn active_agent_exists(&mut self, id: &str) -> Result<bool, StoreError> {
        exists(self.0, sql::ACTIVE_AGENT, id)
    }

    async fn insert_agent(
        &mut self,
        id: &str,
        new: &NewAgent,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let inserted = execute(
            self.0,
            sql::INSERT_AGENT,
            params![id, new.name, new.email, new.photo_url, new.alias, ts(at)],
        )?;
        Ok(inserted > 0)
    }

    async fn insert_agent_token(
        &mut self,
        token_hash: &str,
        agent_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        execute(
            self.0,
            sql::INSERT_AGENT_TOKEN,
            params![token_hash, agent_id, ts(at)],
        )
        .map_err(|e| map_write_err(e, || "agent token exists".into(), "agent_id"))?;
        Ok(())
    }

    async fn purge_inbox_sessions(&mut self, now: DateTime<Utc>) -> Result<(), StoreError> {
        execute(self.0, sql::PURGE_INBOX_SESSIONS, params![ts(now)])?;
        Ok(())
    }

    async fn insert_inbox_session(
        &mut self,
        session_hash: &str,
        agent_id: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        execute(
            self.0,
            sql::INSERT_INBOX_SESSION,
            params![session_hash, agent_id, ts(now), ts(expires_at)],
        )
        .map_err(|e| map_write_err(e, || "inbox session exists".into(), "session"))?;
        Ok(())
    }

    async fn conversation_exists(&mut self, id: &str) -> Result<bool, StoreError> {
        exists(self.0, sql::CONVERSATION_EXISTS, id)
    }

    async fn fetch_conversation(
        &mut self,
        id: &str,
    ) -> Result<Option<ConversationRecord>, StoreError> {
        fetch_conversation(self.0, id)
    }

    async fn conversation_by_object_id(
        &mut self,
        object_id: &str,
    ) -> Result<Option<(ConversationRecord, Option<String>)>, StoreError> {
        query_optional(
            self.0,
            sql::CONVERSATION_BY_OBJECT_ID,
            params![object_id],
            conversation_from,
        )
    }

    async fn insert_conversation(
        &mut self,
        id: &str,
        new: &NewConversation,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let inserted = execute(
            self.0,
            sql::INSERT_CONVERSATION,
            params![
                id,
                new.object_id,
                new.fingerprint,
                new.user_id,
                new.title,
                json(&new.tags)?,
                json(&new.attributes)?,
                new.status.as_str(),
                new.assignee_id,
                ts(at),
            ],
        )?;
        Ok(inserted > 0)
    }

    async fn update_conversation(
        &mut self,
        id: &str,
        changes: ConversationChanges,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let updated = execute(
            self.0,
            sql::UPDATE_CONVERSATION,
            params![
                id,
                changes.title.is_present(),
                changes.title.into_option(),
                changes.tags.is_some(),
                changes.tags.as_ref().map(json).transpose()?,
                changes.attributes.is_some(),
                changes.attributes.as_ref().map(json).transpose()?,
                changes.status.is_some(),
                changes.status.map(ConversationStatus::as_str),
                changes.assignee_id.is_present(),
                changes.assignee_id.into_option(),
                changes.last_user_read_at.is_present(),
                changes.last_user_read_at.into_option().map(ts),
                ts(at),
            ],
        )?;
        Ok(updated > 0)
    }

    async fn message_by_object_id(
        &mut self,
        object_id: &str,
    ) -> Result<Option<(MessageRecord, Option<String>)>, StoreError> {
        fetch_message(self.0, sql::MESSAGE_BY_OBJECT_ID, object_id)
    }

    async fn first_message(
        &mut self,
        conversation_id: &str,
    ) -> Result<Option<MessageRecord>, StoreError> {
        Ok(fetch_message(self.0, sql::FIRST_MESSAGE, conversation_id)?.map(|(message, _)| message))
    }

    async fn insert_message(
        &mut self,
        row: &MessageRow<'_>,
    ) -> Result<Option<AuthorRecord>, StoreError> {
        let new = row.new;
        let (user_id, agent_id) = row.author_columns();
        let inserted = execute(
            self.0,
            INSERT_MESSAGE_CHECKED,
            params![
                row.id,
                row.conversation_id,
                new.object_id,
                new.fingerprint,
                new.message_type,
                new.body,
                user_id,
                agent_id,
                new.visibility.as_str(),
                json(&new.attachments)?,
                ts(row.created_at),
                row.required_user(),
            ],
        )?;
        if inserted == 0 {
            return Ok(None);
        }
        execute(
            self.0,
            BUMP_POSITION,
            params![row.conversation_id, ts(row.at)],
        )?;
        let author = rules::fetch_author(self, &new.author)
            .await
            .map_err(|error| match error {
                // The insert just proved the author exists: anything else is the database's fault.
                StoreError::Invalid { .. } => corrupt("message author vanished".into()),
                other => other,
            })?;
        Ok(Some(author))
    }

    async fn enqueue_sync(
        &mut self,
        conversation_id: &str,
        payload: &Value,
        at: DateTime<Utc>,
    ) -> Result<OutboxEvent, StoreError> {
        query_optional(
            self.0,
            sql::ENQUEUE_SYNC,
            params![conversation_id, json(payload)?, ts(at)],
            event_from,
        )?
        .ok_or_else(|| corrupt("enqueue returned no event".into()))
    }

    async fn enqueue_other(
        &mut self,
        conversation_id: &str,
        kind: EventKind,
        payload: &Value,
        at: DateTime<Utc>,
    ) -> Result<OutboxEvent, StoreError> {
        query_optional(
            self.0,
            sql::ENQUEUE_OTHER,
            params![conversation_id, kind.as_str(), json(payload)?, ts(at)],
            event_from,
        )?
        .ok_or_else(|| corrupt("enqueue returned no event".into()))
    }

    async fn record_outcome(
        &mut self,
        claim: Claim,
        outcome: &EventOutcome,
    ) -> Result<u64, StoreError> {
        let changed = match outcome {
            EventOutcome::Delivered { at } => execute(
                self.0,
                sql::MARK_DELIVERED,
                params![claim.id, ts(*at), ts(claim.until)],
            )?,
            EventOutcome::Retry {
                next_attempt_at,
                error,
            } => execute(
                self.0,
                sql::MARK_RETRY,
                params![claim.id, ts(*next_attempt_at), error, ts(claim.until)],
            )?,
            EventOutcome::Dead { error } => execute(
                self.0,
                sql::MARK_DEAD,
                params![claim.id, error, ts(claim.until)],
            )?,
        };
        Ok(u64::try_from(changed).unwrap_or(u64::MAX))
    }

    async fn undo(&mut self) -> Result<(), StoreError> {
        Ok(undo_write(self.0)?)
    }
}
