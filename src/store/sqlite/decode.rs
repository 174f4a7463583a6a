//! Row decoding: records read by column position, and the message page with its authors.

use rusqlite::{Connection, Row, params};

use super::encoding::{get_json, get_opt_ts, get_ts, text};
use super::statements::{query_all, query_optional};
use super::steps::fetch_user;
use crate::store::error::{StoreError, corrupt};
use crate::store::records::{
    AgentRecord, AuthorRecord, ConversationRecord, ConversationStatus, EventKind, EventState,
    MessageRecord, MessageVisibility, OauthClientRecord, OutboxEvent, UserRecord,
};
use crate::store::sql;

// The user, agent, conversation and message selects of sql.rs list each table's columns in
// a fixed order, so those records are read by position: looking each column up by name
// cost 14% of a get_conversation's instructions. The test in `tests.rs` checks
// the positions against the selects' column names.

/// Columns of `user_cols!()`.
pub(super) const USER_COLUMNS: usize = 9;
/// The conversation select's own columns, ahead of its user's and then its assignee's.
pub(super) const CONVERSATION_COLUMNS: usize = 10;
/// The message select's own columns, ahead of its author's (user, then agent).
pub(super) const MESSAGE_COLUMNS: usize = 9;

/// The user whose `user_cols!()` start at column `at`.
pub(super) fn user_at(row: &Row<'_>, at: usize) -> Result<UserRecord, StoreError> {
    Ok(UserRecord {
        id: row.get(at)?,
        object_id: row.get(at + 1)?,
        // at + 2: the fingerprint, read only by idempotent creates.
        name: row.get(at + 3)?,
        email: row.get(at + 4)?,
        photo_url: row.get(at + 5)?,
        attributes: get_json(row, at + 6)?,
        created_at: get_ts(row, at + 7)?,
        updated_at: get_ts(row, at + 8)?,
    })
}

pub(super) fn user_from(row: &Row<'_>) -> Result<UserRecord, StoreError> {
    user_at(row, 0)
}

/// The agent whose `agent_cols!()` start at column `at`; `None` when the (outer-joined)
/// agent is absent.
pub(super) fn agent_at(row: &Row<'_>, at: usize) -> Result<Option<AgentRecord>, StoreError> {
    let Some(id) = row.get::<_, Option<String>>(at)? else {
        return Ok(None);
    };
    Ok(Some(AgentRecord {
        id,
        name: row.get(at + 1)?,
        email: row.get(at + 2)?,
        photo_url: row.get(at + 3)?,
        alias: row.get(at + 4)?,
        created_at: get_ts(row, at + 5)?,
    }))
}

pub(super) fn agent_from(row: &Row<'_>) -> Result<Option<AgentRecord>, StoreError> {
    agent_at(row, 0)
}

pub(super) fn conversation_from(
    row: &Row<'_>,
) -> Result<(ConversationRecord, Option<String>), StoreError> {
    let record = ConversationRecord {
        id: row.get(0)?,
        object_id: row.get(1)?,
        title: row.get(3)?,
        tags: get_json(row, 4)?,
        attributes: get_json(row, 5)?,
        status: ConversationStatus::decode(text(row, 6)?)?,
        last_user_read_at: get_opt_ts(row, 7)?,
        created_at: get_ts(row, 8)?,
        updated_at: get_ts(row, 9)?,
        user: user_at(row, CONVERSATION_COLUMNS)?,
        assignee: agent_at(row, CONVERSATION_COLUMNS + USER_COLUMNS)?,
    };
    Ok((record, row.get(2)?))
}

pub(super) fn message_from(row: &Row<'_>) -> Result<(MessageRecord, Option<String>), StoreError> {
    let author = match agent_at(row, MESSAGE_COLUMNS + USER_COLUMNS)? {
        Some(agent) => AuthorRecord::Agent(agent),
        None => AuthorRecord::EndUser(user_at(row, MESSAGE_COLUMNS)?),
    };
    Ok((own_message_columns(row, author)?, row.get(3)?))
}

/// The message's own columns (the first [`MESSAGE_COLUMNS`]), with its author.
pub(super) fn own_message_columns(
    row: &Row<'_>,
    author: AuthorRecord,
) -> Result<MessageRecord, StoreError> {
    Ok(MessageRecord {
        id: row.get(0)?,
        conversation_id: row.get(1)?,
        object_id: row.get(2)?,
        message_type: row.get(4)?,
        body: row.get(5)?,
        author,
        visibility: MessageVisibility::decode(text(row, 6)?)?,
        attachments: get_json(row, 7)?,
        created_at: get_ts(row, 8)?,
    })
}

/// A page of messages without the author joins: a page repeats a few authors, so each is
/// read once (by [`Authors`]) rather than joined, materialised and decoded on every row.
/// The cursor's position is looked up in the same statement; `$2` NULL, unknown or from
/// another conversation means from the start.
pub(super) const MESSAGES_AFTER_ID_BY_AUTHOR_ID: &str = "SELECT m.id, m.conversation_id, m.object_id, \
     m.fingerprint, m.message_type, m.body, m.visibility, m.attachments, m.created_at, \
     m.author_user_id, m.author_agent_id FROM messages m WHERE m.conversation_id = $1 \
     AND m.position > coalesce((SELECT p.position FROM messages p \
     WHERE p.id = $2 AND p.conversation_id = $1), 0) ORDER BY m.position";

/// Who wrote a message, by id, as a page row names it.
#[derive(PartialEq, Eq)]
pub(super) enum AuthorKey {
    EndUser(String),
    Agent(String),
}

/// The authors read for one page, each read once.
#[derive(Default)]
pub(super) struct Authors(Vec<(AuthorKey, AuthorRecord)>);

impl Authors {
    fn get(&mut self, c: &Connection, key: AuthorKey) -> Result<AuthorRecord, StoreError> {
        if let Some((_, known)) = self.0.iter().find(|(known, _)| *known == key) {
            return Ok(known.clone());
        }
        let record = match &key {
            AuthorKey::EndUser(id) => fetch_user(c, id)?.map(AuthorRecord::EndUser),
            AuthorKey::Agent(id) => query_optional(c, sql::AGENT_BY_ID, params![id], agent_from)?
                .flatten()
                .map(AuthorRecord::Agent),
        }
        .ok_or_else(|| corrupt("a message's author is missing".into()))?;
        self.0.push((key, record.clone()));
        Ok(record)
    }
}

/// The messages of a page; each author is read the first time a row names it (a second
/// statement on the same connection, inside the page's read transaction).
pub(super) fn messages_page(
    c: &Connection,
    conversation_id: &str,
    after_id: Option<&str>,
) -> Result<Vec<MessageRecord>, StoreError> {
    const USER_ID_AT: usize = MESSAGE_COLUMNS;
    const AGENT_ID_AT: usize = MESSAGE_COLUMNS + 1;
    let mut authors = Authors::default();
    query_all(
        c,
        MESSAGES_AFTER_ID_BY_AUTHOR_ID,
        params![conversation_id, after_id],
        |row| {
            let key = match row.get::<_, Option<String>>(AGENT_ID_AT)? {
                Some(agent) => AuthorKey::Agent(agent),
                None => AuthorKey::EndUser(row.get(USER_ID_AT)?),
            };
            own_message_columns(row, authors.get(c, key)?)
        },
    )
}

pub(super) fn event_from(row: &Row<'_>) -> Result<OutboxEvent, StoreError> {
    Ok(OutboxEvent {
        id: row.get("id")?,
        conversation_id: row.get("conversation_id")?,
        kind: EventKind::parse(text(row, "kind")?)?,
        payload: get_json(row, "payload")?,
        state: EventState::parse(text(row, "state")?)?,
        attempts: row.get("attempts")?,
        next_attempt_at: get_ts(row, "next_attempt_at")?,
        created_at: get_ts(row, "created_at")?,
        last_error: row.get("last_error")?,
    })
}

pub(super) fn oauth_client_from(row: &Row<'_>) -> Result<OauthClientRecord, StoreError> {
    Ok(OauthClientRecord {
        client_id: row.get("client_id")?,
        secret_hash: row.get("secret_hash")?,
        created_at: get_ts(row, "created_at")?,
    })
}
