//! [`ConversationStore`] on SQLite: conversations and messages (creates and updates are
//! shared rules run on the writer thread; reads go through the cache, then a read connection).

use std::collections::HashMap;

use async_trait::async_trait;
use rusqlite::params;

use super::decode::{conversation_from, message_from, messages_page};
use super::encoding::json;
use super::open::SqliteStore;
use super::statements::{exists, query_all};
use super::steps::{Writer, fetch_conversation};
use crate::store::error::StoreError;
use crate::store::records::{
    ConversationChanges, ConversationFilter, ConversationRecord, ConversationStatus, Created,
    DEFAULT_LIST_LIMIT, MessageRecord, NewConversation, NewMessage, SyncEvent,
};
use crate::store::rules::{self, run_ready};
use crate::store::sql;
use crate::store::traits::ConversationStore;

#[async_trait]
impl ConversationStore for SqliteStore {
    async fn create_conversation(
        &self,
        new: NewConversation,
    ) -> Result<Created<(ConversationRecord, MessageRecord)>, StoreError> {
        self.write(move |c| run_ready(rules::create_conversation(&mut Writer(c), new)))
            .await
    }

    async fn get_conversation(&self, id: &str) -> Result<Option<ConversationRecord>, StoreError> {
        let read = async { self.readers.read(|c| fetch_conversation(c, id)) };
        self.conversations.conversation_or(id, read).await
    }

    async fn update_conversation(
        &self,
        id: &str,
        changes: ConversationChanges,
        sync: SyncEvent,
    ) -> Result<Option<ConversationRecord>, StoreError> {
        let id = id.to_owned();
        self.write(move |c| {
            run_ready(rules::update_conversation(
                &mut Writer(c),
                &id,
                changes,
                sync,
            ))
        })
        .await
    }

    async fn list_conversations(
        &self,
        filter: ConversationFilter,
    ) -> Result<Vec<ConversationRecord>, StoreError> {
        let unassigned = filter.unassigned && filter.assignee_id.is_none();
        let limit = i64::from(filter.limit.unwrap_or(DEFAULT_LIST_LIMIT));
        self.readers.read(|c| {
            query_all(
                c,
                sql::LIST_CONVERSATIONS,
                params![
                    filter.status.map(ConversationStatus::as_str),
                    filter.assignee_id,
                    unassigned,
                    limit
                ],
                |row| conversation_from(row).map(|(conversation, _)| conversation),
            )
        })
    }

    async fn create_message(
        &self,
        new: NewMessage,
        sync: SyncEvent,
    ) -> Result<Created<MessageRecord>, StoreError> {
        self.write(move |c| run_ready(rules::create_message(&mut Writer(c), &new, sync)))
            .await
    }

    async fn list_messages(
        &self,
        conversation_id: &str,
        after_id: Option<&str>,
    ) -> Result<Vec<MessageRecord>, StoreError> {
        let read = async {
            self.readers.read(|c| {
                let messages = messages_page(c, conversation_id, after_id)?;
                // Only an empty answer needs telling "no messages yet" from "no conversation".
                if messages.is_empty() && !exists(c, sql::CONVERSATION_EXISTS, conversation_id)? {
                    return Err(StoreError::NotFound {
                        what: "conversation",
                        id: conversation_id.to_owned(),
                    });
                }
                Ok(messages)
            })
        };
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
        // The ids go in as one JSON array, so any number of them is one statement.
        let ids = json(&conversation_ids)?;
        self.readers.read(|c| {
            let messages = query_all(c, sql::LAST_MESSAGES_SQLITE, params![ids], |row| {
                message_from(row).map(|(message, _)| message)
            })?;
            Ok(messages
                .into_iter()
                .map(|message| (message.conversation_id.clone(), message))
                .collect())
        })
    }
}
