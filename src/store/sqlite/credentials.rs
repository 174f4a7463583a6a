//! [`CredentialStore`] on SQLite: OAuth clients, access, API and agent tokens, inbox
//! sessions and request signatures, all kept as hashes.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::params;

use super::decode::oauth_client_from;
use super::encoding::{get_ts, ts};
use super::error::map_write_err;
use super::open::SqliteStore;
use super::statements::{execute, exists, query_all, query_optional};
use super::steps::Writer;
use crate::store::error::StoreError;
use crate::store::records::{AccessTokenRecord, InboxSessionRecord, OauthClientRecord, now};
use crate::store::rules::{self, run_ready};
use crate::store::sql;
use crate::store::traits::CredentialStore;

#[async_trait]
impl CredentialStore for SqliteStore {
    async fn add_oauth_client(&self, client_id: &str, secret_hash: &str) -> Result<(), StoreError> {
        let (client_id, secret_hash) = (client_id.to_owned(), secret_hash.to_owned());
        self.write(move |c| {
            execute(
                c,
                sql::INSERT_OAUTH_CLIENT,
                params![client_id, secret_hash, ts(now())],
            )
            .map_err(|e| {
                map_write_err(
                    e,
                    || format!("OAuth client {client_id:?} exists"),
                    "client_id",
                )
            })?;
            Ok(())
        })
        .await
    }

    async fn get_oauth_client(
        &self,
        client_id: &str,
    ) -> Result<Option<OauthClientRecord>, StoreError> {
        self.readers
            .read(|c| query_optional(c, sql::OAUTH_CLIENT, params![client_id], oauth_client_from))
    }

    async fn list_oauth_clients(&self) -> Result<Vec<OauthClientRecord>, StoreError> {
        self.readers
            .read(|c| query_all(c, sql::LIST_OAUTH_CLIENTS, params![], oauth_client_from))
    }

    async fn remove_oauth_client(&self, client_id: &str) -> Result<bool, StoreError> {
        let client_id = client_id.to_owned();
        self.write(move |c| {
            execute(c, sql::DELETE_CLIENT_TOKENS, params![client_id])?;
            Ok(execute(c, sql::DELETE_OAUTH_CLIENT, params![client_id])? > 0)
        })
        .await
    }

    async fn insert_access_token(
        &self,
        token_hash: &str,
        client_id: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (token_hash, client_id) = (token_hash.to_owned(), client_id.to_owned());
        self.write(move |c| {
            execute(
                c,
                sql::INSERT_ACCESS_TOKEN,
                params![token_hash, client_id, ts(expires_at), ts(now())],
            )
            .map_err(|e| map_write_err(e, || "access token exists".into(), "client_id"))?;
            Ok(())
        })
        .await
    }

    async fn find_access_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<AccessTokenRecord>, StoreError> {
        self.readers.read(|c| {
            query_optional(c, sql::FIND_ACCESS_TOKEN, params![token_hash], |row| {
                Ok(AccessTokenRecord {
                    client_id: row.get("client_id")?,
                    expires_at: get_ts(row, "expires_at")?,
                })
            })
        })
    }

    async fn purge_expired_tokens(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        self.write(move |c| {
            let n = execute(c, sql::PURGE_TOKENS, params![ts(now)])?;
            Ok(u64::try_from(n).unwrap_or(u64::MAX))
        })
        .await
    }

    async fn add_api_token(&self, token_hash: &str, label: &str) -> Result<(), StoreError> {
        let (token_hash, label) = (token_hash.to_owned(), label.to_owned());
        self.write(move |c| {
            execute(
                c,
                sql::INSERT_API_TOKEN,
                params![token_hash, label, ts(now())],
            )
            .map_err(|e| map_write_err(e, || "API token exists".into(), "token"))?;
            Ok(())
        })
        .await
    }

    async fn has_api_token(&self, token_hash: &str) -> Result<bool, StoreError> {
        self.readers
            .read(|c| exists(c, sql::HAS_API_TOKEN, token_hash))
    }

    async fn count_api_tokens(&self) -> Result<u64, StoreError> {
        self.readers.read(|c| {
            let n: Option<i64> =
                query_optional(c, sql::COUNT_API_TOKENS, params![], |row| Ok(row.get(0)?))?;
            Ok(n.and_then(|n| u64::try_from(n).ok()).unwrap_or(0))
        })
    }

    async fn add_agent_token(&self, token_hash: &str, agent_id: &str) -> Result<(), StoreError> {
        let (token_hash, agent_id) = (token_hash.to_owned(), agent_id.to_owned());
        self.write(move |c| {
            run_ready(rules::add_agent_token(
                &mut Writer(c),
                &token_hash,
                &agent_id,
            ))
        })
        .await
    }

    async fn find_agent_token(&self, token_hash: &str) -> Result<Option<String>, StoreError> {
        self.readers.read(|c| {
            query_optional(c, sql::FIND_AGENT_TOKEN, params![token_hash], |row| {
                Ok(row.get(0)?)
            })
        })
    }

    async fn insert_inbox_session(
        &self,
        session_hash: &str,
        agent_id: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (session_hash, agent_id) = (session_hash.to_owned(), agent_id.to_owned());
        self.write(move |c| {
            let writer = &mut Writer(c);
            run_ready(rules::insert_inbox_session(
                writer,
                &session_hash,
                &agent_id,
                expires_at,
                now,
            ))
        })
        .await
    }

    async fn find_inbox_session(
        &self,
        session_hash: &str,
    ) -> Result<Option<InboxSessionRecord>, StoreError> {
        self.readers.read(|c| {
            query_optional(c, sql::FIND_INBOX_SESSION, params![session_hash], |row| {
                Ok(InboxSessionRecord {
                    agent_id: row.get("agent_id")?,
                    expires_at: get_ts(row, "expires_at")?,
                })
            })
        })
    }

    async fn delete_inbox_session(&self, session_hash: &str) -> Result<bool, StoreError> {
        let session_hash = session_hash.to_owned();
        self.write(move |c| Ok(execute(c, sql::DELETE_INBOX_SESSION, params![session_hash])? > 0))
            .await
    }

    async fn remember_signature(
        &self,
        replay_key: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let replay_key = replay_key.to_owned();
        self.write(move |c| {
            let n = execute(
                c,
                sql::REMEMBER_SIGNATURE,
                params![replay_key, ts(expires_at), ts(now)],
            )?;
            Ok(n == 1)
        })
        .await
    }

    async fn purge_signatures(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        self.write(move |c| {
            let n = execute(c, sql::PURGE_SIGNATURES, params![ts(now)])?;
            Ok(u64::try_from(n).unwrap_or(u64::MAX))
        })
        .await
    }

    async fn forget_signature(&self, replay_key: &str) -> Result<(), StoreError> {
        let replay_key = replay_key.to_owned();
        self.write(move |c| {
            execute(c, sql::FORGET_SIGNATURE, params![replay_key])?;
            Ok(())
        })
        .await
    }
}
