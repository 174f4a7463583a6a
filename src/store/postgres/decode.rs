//! Row decoding, by the column aliases of sql.rs, and constraint violations as meanings.

use sqlx::Row;
use sqlx::postgres::PgRow;

use super::encoding::{get_json, get_opt_ts, get_ts};
use crate::store::error::{StoreError, invalid};
use crate::store::records::{
    AgentRecord, AuthorRecord, ConversationRecord, ConversationStatus, EventKind, EventState,
    MessageRecord, MessageVisibility, OauthClientRecord, OutboxEvent, UserRecord,
};

pub(super) fn user_from(row: &PgRow) -> Result<UserRecord, StoreError> {
    Ok(UserRecord {
        id: row.try_get("u_id")?,
        object_id: row.try_get("u_object_id")?,
        name: row.try_get("u_name")?,
        email: row.try_get("u_email")?,
        photo_url: row.try_get("u_photo_url")?,
        attributes: get_json(row, "u_attributes")?,
        created_at: get_ts(row, "u_created_at")?,
        updated_at: get_ts(row, "u_updated_at")?,
    })
}

/// `None` when the (outer-joined) agent is absent.
pub(super) fn agent_from(row: &PgRow) -> Result<Option<AgentRecord>, StoreError> {
    let Some(id) = row.try_get::<Option<String>, _>("a_id")? else {
        return Ok(None);
    };
    Ok(Some(AgentRecord {
        id,
        name: row.try_get("a_name")?,
        email: row.try_get("a_email")?,
        photo_url: row.try_get("a_photo_url")?,
        alias: row.try_get("a_alias")?,
        created_at: get_ts(row, "a_created_at")?,
    }))
}

pub(super) fn conversation_from(
    row: &PgRow,
) -> Result<(ConversationRecord, Option<String>), StoreError> {
    let record = ConversationRecord {
        id: row.try_get("c_id")?,
        object_id: row.try_get("c_object_id")?,
        user: user_from(row)?,
        title: row.try_get("c_title")?,
        tags: get_json(row, "c_tags")?,
        attributes: get_json(row, "c_attributes")?,
        status: ConversationStatus::decode(row.try_get("c_status")?)?,
        assignee: agent_from(row)?,
        last_user_read_at: get_opt_ts(row, "c_last_user_read_at")?,
        created_at: get_ts(row, "c_created_at")?,
        updated_at: get_ts(row, "c_updated_at")?,
    };
    Ok((record, row.try_get("c_fingerprint")?))
}

pub(super) fn message_from(row: &PgRow) -> Result<(MessageRecord, Option<String>), StoreError> {
    let author = match agent_from(row)? {
        Some(agent) => AuthorRecord::Agent(agent),
        None => AuthorRecord::EndUser(user_from(row)?),
    };
    let record = MessageRecord {
        id: row.try_get("m_id")?,
        conversation_id: row.try_get("m_conversation_id")?,
        object_id: row.try_get("m_object_id")?,
        message_type: row.try_get("m_message_type")?,
        body: row.try_get("m_body")?,
        author,
        visibility: MessageVisibility::decode(row.try_get("m_visibility")?)?,
        attachments: get_json(row, "m_attachments")?,
        created_at: get_ts(row, "m_created_at")?,
    };
    Ok((record, row.try_get("m_fingerprint")?))
}

pub(super) fn event_from(row: &PgRow) -> Result<OutboxEvent, StoreError> {
    Ok(OutboxEvent {
        id: row.try_get("id")?,
        conversation_id: row.try_get("conversation_id")?,
        kind: EventKind::parse(row.try_get("kind")?)?,
        payload: get_json(row, "payload")?,
        state: EventState::parse(row.try_get("state")?)?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: get_ts(row, "next_attempt_at")?,
        created_at: get_ts(row, "created_at")?,
        last_error: row.try_get("last_error")?,
    })
}

pub(super) fn oauth_client_from(row: &PgRow) -> Result<OauthClientRecord, StoreError> {
    Ok(OauthClientRecord {
        client_id: row.try_get("client_id")?,
        secret_hash: row.try_get("secret_hash")?,
        created_at: get_ts(row, "created_at")?,
    })
}

/// Maps a unique violation to `Conflict` and a foreign-key violation to `Invalid(field)`.
pub(super) fn map_write_err(
    e: sqlx::Error,
    conflict: impl FnOnce() -> String,
    fk_field: &'static str,
) -> StoreError {
    if let sqlx::Error::Database(db) = &e {
        if db.is_unique_violation() {
            return StoreError::Conflict(conflict());
        }
        if db.is_foreign_key_violation() {
            return invalid(fk_field, "refers to nothing");
        }
    }
    StoreError::from(e)
}
