//! [`CredentialStore`] on PostgreSQL: OAuth clients, access, API and agent tokens, inbox
//! sessions and request signatures, all kept as hashes.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::decode::{map_write_err, oauth_client_from};
use super::encoding::{get_ts, ts};
use super::open::PgStore;
use crate::store::error::StoreError;
use crate::store::records::{AccessTokenRecord, InboxSessionRecord, OauthClientRecord, now};
use crate::store::rules::{self};
use crate::store::sql;
use crate::store::traits::CredentialStore;

#[async_trait]
impl CredentialStore for PgStore {
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
}
