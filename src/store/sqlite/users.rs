//! [`UserStore`] on SQLite: end users and agents (the user merge and agent creation are
//! shared rules run on the writer thread), and an end user's data read and erased.

use async_trait::async_trait;
use rusqlite::params;

use super::decode::{agent_from, conversation_from};
use super::encoding::ts;
use super::open::SqliteStore;
use super::statements::{execute, query_all, query_optional};
use super::steps::{Writer, fetch_user};
use crate::store::error::StoreError;
use crate::store::records::{
    AgentRecord, ConversationRecord, Created, Erased, NewAgent, NewUser, UserChanges, UserRecord,
    now,
};
use crate::store::rules::{self, run_ready};
use crate::store::sql;
use crate::store::traits::UserStore;

#[async_trait]
impl UserStore for SqliteStore {
    async fn create_user(&self, new: NewUser) -> Result<Created<UserRecord>, StoreError> {
        self.write(move |c| run_ready(rules::create_user(&mut Writer(c), new)))
            .await
    }

    async fn get_user(&self, id: &str) -> Result<Option<UserRecord>, StoreError> {
        self.readers.read(|c| fetch_user(c, id))
    }

    async fn update_user(
        &self,
        id: &str,
        changes: UserChanges,
    ) -> Result<Option<UserRecord>, StoreError> {
        let id = id.to_owned();
        self.write(move |c| run_ready(rules::update_user(&mut Writer(c), &id, changes)))
            .await
    }

    async fn upsert_user(&self, id: &str, changes: UserChanges) -> Result<UserRecord, StoreError> {
        let id = id.to_owned();
        self.write(move |c| run_ready(rules::upsert_user(&mut Writer(c), &id, changes)))
            .await
    }

    async fn list_agents(&self) -> Result<Vec<AgentRecord>, StoreError> {
        self.readers.read(|c| {
            let agents = query_all(c, sql::LIST_AGENTS, params![], agent_from)?;
            Ok(agents.into_iter().flatten().collect())
        })
    }

    async fn get_agent(&self, id: &str) -> Result<Option<AgentRecord>, StoreError> {
        self.readers
            .read(|c| Ok(query_optional(c, sql::ACTIVE_AGENT, params![id], agent_from)?.flatten()))
    }

    async fn add_agent(&self, new: NewAgent) -> Result<AgentRecord, StoreError> {
        self.write(move |c| run_ready(rules::add_agent(&mut Writer(c), new)))
            .await
    }

    async fn remove_agent(&self, id: &str) -> Result<bool, StoreError> {
        let id = id.to_owned();
        self.write(move |c| {
            let n = execute(c, sql::REMOVE_AGENT, params![id, ts(now())])?;
            execute(c, sql::DELETE_AGENT_TOKENS, params![id])?;
            execute(c, sql::DELETE_AGENT_SESSIONS, params![id])?;
            Ok(n > 0)
        })
        .await
    }

    async fn user_conversations(
        &self,
        user_id: &str,
    ) -> Result<Vec<ConversationRecord>, StoreError> {
        self.readers.read(|c| {
            query_all(c, sql::USER_CONVERSATIONS, params![user_id], |row| {
                conversation_from(row).map(|(conversation, _)| conversation)
            })
        })
    }

    async fn erase_user(&self, user_id: &str) -> Result<Erased, StoreError> {
        let user_id = user_id.to_owned();
        self.write(move |c| {
            let attachments: Option<i64> =
                query_optional(c, sql::ERASED_ATTACHMENTS_SQLITE, params![user_id], |row| {
                    Ok(row.get(0)?)
                })?;
            let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
            let outbox_events = count(execute(c, sql::ERASE_OUTBOX, params![user_id])?);
            let messages = count(execute(c, sql::ERASE_MESSAGES, params![user_id])?);
            let conversations = count(execute(c, sql::ERASE_CONVERSATIONS, params![user_id])?);
            let users = count(execute(c, sql::ERASE_USER, params![user_id])?);
            Ok(Erased {
                users,
                conversations,
                messages,
                attachments: attachments.and_then(|n| u64::try_from(n).ok()).unwrap_or(0),
                outbox_events,
            })
        })
        .await
    }
}
