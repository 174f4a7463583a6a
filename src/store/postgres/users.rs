//! [`UserStore`] on PostgreSQL: end users and agents (the user merge and agent creation
//! are shared rules, each in a transaction of its own), and an end user's data read and erased.

use async_trait::async_trait;

use super::decode::{agent_from, conversation_from};
use super::encoding::ts;
use super::open::PgStore;
use super::steps::fetch_user;
use crate::store::error::StoreError;
use crate::store::records::{
    AgentRecord, ConversationRecord, Created, Erased, NewAgent, NewUser, UserChanges, UserRecord,
    now,
};
use crate::store::rules::{self};
use crate::store::sql;
use crate::store::traits::UserStore;

#[async_trait]
impl UserStore for PgStore {
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
}
