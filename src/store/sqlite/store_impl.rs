//! The [`Store`] implementation for SQLite: the shared rules (`rules`) run on the writer
//! thread, reads on the caller's, and the methods no rule covers, with their SQL.

use super::*;
use crate::store::rules::{self, run_ready};

#[async_trait]
impl Store for SqliteStore {
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
        notify: Notify,
    ) -> Result<Option<ConversationRecord>, StoreError> {
        let id = id.to_owned();
        self.write(move |c| {
            run_ready(rules::update_conversation(
                &mut Writer(c),
                &id,
                changes,
                notify,
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
                params![filter.status, filter.assignee_id, unassigned, limit],
                |row| conversation_from(row).map(|(conversation, _)| conversation),
            )
        })
    }

    async fn create_message(
        &self,
        new: NewMessage,
        notify: Notify,
    ) -> Result<Created<MessageRecord>, StoreError> {
        self.write(move |c| run_ready(rules::create_message(&mut Writer(c), &new, notify)))
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

    async fn enqueue_event(
        &self,
        conversation_id: &str,
        kind: EventKind,
        payload: Value,
    ) -> Result<OutboxEvent, StoreError> {
        let conversation_id = conversation_id.to_owned();
        self.write(move |c| {
            run_ready(rules::enqueue_event(
                &mut Writer(c),
                &conversation_id,
                kind,
                &payload,
            ))
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
        let mut events = self
            .write(move |c| {
                // The single writer makes select-then-update atomic; no lock clause is needed.
                query_all(
                    c,
                    concat!(
                        "UPDATE outbox SET next_attempt_at = $3, attempts = attempts + 1, \
                         claimed_revision = revision WHERE id IN (SELECT id FROM outbox \
                         WHERE state = 'pending' AND next_attempt_at <= $1 \
                         ORDER BY next_attempt_at, id LIMIT $2) RETURNING ",
                        "id, conversation_id, kind, payload, state, attempts, next_attempt_at, \
                         created_at, last_error"
                    ),
                    params![ts(now), i64::from(limit), ts(until)],
                    event_from,
                )
            })
            .await?;
        events.sort_by_key(|e| e.id);
        Ok(events)
    }

    async fn record_outcome(
        &self,
        claim: Claim,
        outcome: EventOutcome,
    ) -> Result<bool, StoreError> {
        self.write(move |c| run_ready(rules::record_outcome(&mut Writer(c), claim, &outcome)))
            .await
    }

    async fn release_claims(
        &self,
        claims: &[(i64, DateTime<Utc>)],
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let claims: Vec<(i64, String)> =
            claims.iter().map(|(id, until)| (*id, ts(*until))).collect();
        self.write(move |c| {
            let mut released = 0;
            for (id, until) in &claims {
                released += execute(c, sql::RELEASE_CLAIM, params![id, until, ts(now)])?;
            }
            Ok(u64::try_from(released).unwrap_or(u64::MAX))
        })
        .await
    }

    async fn list_events(
        &self,
        state: Option<EventState>,
        after_id: Option<i64>,
        limit: Option<u32>,
    ) -> Result<Vec<OutboxEvent>, StoreError> {
        let limit = limit.map_or(i64::MAX, i64::from);
        self.readers.read(|c| {
            query_all(
                c,
                sql::LIST_EVENTS,
                params![state.map(EventState::as_str), after_id, limit],
                event_from,
            )
        })
    }

    async fn purge_delivered(&self, before: DateTime<Utc>, limit: u32) -> Result<u64, StoreError> {
        self.write(move |c| {
            let purged = execute(
                c,
                sql::PURGE_DELIVERED,
                params![ts(before), i64::from(limit)],
            )?;
            Ok(u64::try_from(purged).unwrap_or(u64::MAX))
        })
        .await
    }

    async fn requeue_dead(&self, which: Requeue) -> Result<u64, StoreError> {
        let id = match which {
            Requeue::One(id) => Some(id),
            Requeue::AllDead => None,
        };
        self.write(move |c| {
            let merged = execute(c, sql::MERGE_SUPERSEDED_DEAD_SYNCS, params![id, ts(now())])?;
            let requeued = execute(c, sql::REQUEUE_DEAD, params![id, ts(now())])?;
            Ok(u64::try_from(merged + requeued).unwrap_or(u64::MAX))
        })
        .await
    }

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

    async fn purge_closed_conversations(
        &self,
        closed_before: DateTime<Utc>,
        limit: u32,
    ) -> Result<u64, StoreError> {
        self.write(move |c| {
            let candidates = query_all(
                c,
                sql::EXPIRED_CLOSED_SQLITE,
                params![ts(closed_before), i64::from(limit)],
                |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)),
            )?;
            let ids = retention_batch(candidates);
            if ids.is_empty() {
                return Ok(0);
            }
            let ids = serde_json::to_string(&ids).map_err(|e| corrupt(e.to_string()))?;
            let [outbox, messages, conversations] = sql::PURGE_CONVERSATIONS_SQLITE;
            execute(c, outbox, params![ids])?;
            execute(c, messages, params![ids])?;
            let removed = execute(c, conversations, params![ids])?;
            Ok(u64::try_from(removed).unwrap_or(u64::MAX))
        })
        .await
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

    async fn outbox_counts(&self) -> Result<OutboxCounts, StoreError> {
        let rows = self.readers.read(|c| {
            query_all(c, sql::COUNT_EVENTS_BY_STATE, params![], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
        })?;
        OutboxCounts::from_rows(rows)
    }

    async fn pool_usage(&self) -> Result<Option<PoolUsage>, StoreError> {
        Ok(None)
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

    async fn check_write_path(&self) -> Result<(), StoreError> {
        // An empty write still goes through the writer thread's BEGIN IMMEDIATE and
        // COMMIT: it proves the thread alive and the write lock obtainable.
        self.write(|_| Ok(())).await
    }
}
