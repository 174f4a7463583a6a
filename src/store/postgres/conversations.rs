//! [`ConversationStore`] on PostgreSQL: conversations and messages (creates and updates are
//! shared rules in a transaction; reads go through the cache, then the pool).

use std::collections::HashMap;

use async_trait::async_trait;
use sqlx::Row;

use super::decode::{conversation_from, message_from};
use super::open::PgStore;
use super::steps::fetch_conversation;
use crate::store::error::StoreError;
use crate::store::records::{
    ConversationChanges, ConversationFilter, ConversationRecord, ConversationStatus, Created,
    DEFAULT_LIST_LIMIT, MessageRecord, NewConversation, NewMessage, SyncEvent,
};
use crate::store::rules::{self};
use crate::store::sql;
use crate::store::traits::ConversationStore;

/// Rows per query of a message listing: a page of a few messages is one query; a long one
/// takes one more round trip per this many rows. The store's tests use a batch of 4, so
/// their listings cross batches.
const MESSAGES_BATCH: i64 = if cfg!(test) { 4 } else { 1000 };

impl PgStore {
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
impl ConversationStore for PgStore {
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
        sync: SyncEvent,
    ) -> Result<Option<ConversationRecord>, StoreError> {
        self.transaction(async move |tx| rules::update_conversation(tx, id, changes, sync).await)
            .await
    }

    async fn list_conversations(
        &self,
        filter: ConversationFilter,
    ) -> Result<Vec<ConversationRecord>, StoreError> {
        let unassigned = filter.unassigned && filter.assignee_id.is_none();
        let rows = sqlx::query(sql::LIST_CONVERSATIONS)
            .bind(filter.status.map(ConversationStatus::as_str))
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
        sync: SyncEvent,
    ) -> Result<Created<MessageRecord>, StoreError> {
        self.transaction(async move |tx| rules::create_message(tx, &new, sync).await)
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
}
