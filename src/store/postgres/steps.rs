//! Steps shared by several operations, run inside the caller's transaction.

use super::*;

pub(super) async fn fetch_user(
    c: &mut PgConnection,
    id: &str,
) -> Result<Option<UserRecord>, StoreError> {
    let row = sqlx::query(sql::USER_BY_ID)
        .bind(id)
        .fetch_optional(c)
        .await?;
    row.as_ref().map(user_from).transpose()
}

/// Reads a user and locks the row: the attribute merge is a read-modify-write.
pub(super) async fn lock_user(
    c: &mut PgConnection,
    id: &str,
) -> Result<Option<UserRecord>, StoreError> {
    let row = sqlx::query(sql::USER_BY_ID_FOR_UPDATE)
        .bind(id)
        .fetch_optional(c)
        .await?;
    row.as_ref().map(user_from).transpose()
}

pub(super) async fn fetch_conversation(
    c: &mut PgConnection,
    id: &str,
) -> Result<Option<ConversationRecord>, StoreError> {
    let row = sqlx::query(sql::CONVERSATION_BY_ID)
        .bind(id)
        .fetch_optional(c)
        .await?;
    Ok(row
        .as_ref()
        .map(conversation_from)
        .transpose()?
        .map(|(c, _)| c))
}

pub(super) async fn fetch_message(
    c: &mut PgConnection,
    query: &'static str,
    key: &str,
) -> Result<Option<(MessageRecord, Option<String>)>, StoreError> {
    let row = sqlx::query(query).bind(key).fetch_optional(c).await?;
    row.as_ref().map(message_from).transpose()
}

pub(super) async fn active_agent_exists(
    c: &mut PgConnection,
    id: &str,
) -> Result<bool, StoreError> {
    Ok(sqlx::query(sql::ACTIVE_AGENT)
        .bind(id)
        .fetch_optional(c)
        .await?
        .is_some())
}

pub(super) async fn user_exists(c: &mut PgConnection, id: &str) -> Result<bool, StoreError> {
    Ok(sqlx::query(sql::USER_EXISTS)
        .bind(id)
        .fetch_optional(c)
        .await?
        .is_some())
}

/// The author's record, which also proves it may write (end user exists, agent active).
pub(super) async fn fetch_author(
    c: &mut PgConnection,
    author: &AuthorRef,
) -> Result<AuthorRecord, StoreError> {
    let found = match author {
        AuthorRef::EndUser(id) => fetch_user(c, id).await?.map(AuthorRecord::EndUser),
        AuthorRef::Agent(id) => {
            let row = sqlx::query(sql::ACTIVE_AGENT)
                .bind(id)
                .fetch_optional(c)
                .await?;
            row.as_ref()
                .map(agent_from)
                .transpose()?
                .flatten()
                .map(AuthorRecord::Agent)
        }
    };
    found.ok_or_else(|| invalid("author", "no such end user or active agent"))
}

pub(super) async fn enqueue_sync(
    c: &mut PgConnection,
    conversation_id: &str,
) -> Result<OutboxEvent, StoreError> {
    let row = sqlx::query(sql::ENQUEUE_SYNC)
        .bind(conversation_id)
        .bind(json(&sync_payload(conversation_id))?)
        .bind(ts(now()))
        .fetch_one(c)
        .await?;
    event_from(&row)
}

/// How inserting a message ended.
pub(super) enum MessageInsert {
    Inserted(MessageRecord),
    /// The object_id is taken: the existing message and its fingerprint.
    Exists(MessageRecord, Option<String>),
}

/// Inserts a message into `conversation_id` (which the caller checked exists or just
/// created). On `Exists` the caller must roll back: the position bump is not wanted.
pub(super) async fn insert_message(
    c: &mut PgConnection,
    conversation_id: &str,
    new: &NewMessage,
) -> Result<MessageInsert, StoreError> {
    let at = now();
    let position: Option<i64> = sqlx::query_scalar(sql::NEXT_POSITION)
        .bind(conversation_id)
        .bind(ts(at))
        .fetch_optional(&mut *c)
        .await?;
    let Some(position) = position else {
        return Err(StoreError::NotFound {
            what: "conversation",
            id: conversation_id.to_owned(),
        });
    };
    let author = fetch_author(c, &new.author).await?;
    let (user_id, agent_id) = match &new.author {
        AuthorRef::EndUser(id) => (Some(id.as_str()), None),
        AuthorRef::Agent(id) => (None, Some(id.as_str())),
    };
    let id = new_id("msg");
    let created_at = truncate_ms(new.created_at.unwrap_or(at));
    let inserted = sqlx::query(sql::INSERT_MESSAGE)
        .bind(&id)
        .bind(conversation_id)
        .bind(position)
        .bind(&new.object_id)
        .bind(&new.fingerprint)
        .bind(&new.message_type)
        .bind(&new.body)
        .bind(user_id)
        .bind(agent_id)
        .bind(&new.visibility)
        .bind(json(&new.attachments)?)
        .bind(ts(created_at))
        .execute(&mut *c)
        .await
        .map_err(|e| map_write_err(e, || "message id taken".into(), "author"))?
        .rows_affected();
    if inserted == 0 {
        let object_id = new.object_id.as_deref().unwrap_or_default();
        return match fetch_message(c, sql::MESSAGE_BY_OBJECT_ID, object_id).await? {
            Some((m, fp)) => Ok(MessageInsert::Exists(m, fp)),
            None => Err(StoreError::Conflict("message object_id in use".into())),
        };
    }
    // Built rather than read back: one statement less on the hot path.
    Ok(MessageInsert::Inserted(MessageRecord {
        id,
        conversation_id: conversation_id.to_owned(),
        object_id: new.object_id.clone(),
        message_type: new.message_type.clone(),
        body: new.body.clone(),
        author,
        visibility: new.visibility.clone(),
        attachments: new.attachments.clone(),
        created_at,
    }))
}

pub(super) fn check_conversation_fields(status: &str) -> Result<(), StoreError> {
    check_status(status)
}

impl PgStore {
    /// Records one outcome; whether the claim still held (else nothing changed).
    pub(super) async fn event_update<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Postgres, sqlx::postgres::PgArguments>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.write().await?;
        let n = query.execute(&mut *tx).await?.rows_affected();
        tx.commit().await?;
        Ok(n > 0)
    }
}

/// The conversation with this object_id and its first message, as a replay or conflict.
pub(super) async fn existing_conversation(
    c: &mut PgConnection,
    object_id: &str,
    fingerprint: &str,
) -> Result<Option<Created<(ConversationRecord, MessageRecord)>>, StoreError> {
    let Some(row) = sqlx::query(sql::CONVERSATION_BY_OBJECT_ID)
        .bind(object_id)
        .fetch_optional(&mut *c)
        .await?
    else {
        return Ok(None);
    };
    let (conv, fp) = conversation_from(&row)?;
    let (message, _) = fetch_message(c, sql::FIRST_MESSAGE, &conv.id)
        .await?
        .ok_or_else(|| corrupt("conversation without a first message".into()))?;
    Ok(Some(Created {
        record: (conv, message),
        outcome: outcome_for(fp.as_deref(), fingerprint),
    }))
}

/// Writes `changes` over `user` (attributes merged key by key) and returns the result.
pub(super) async fn apply_user_changes(
    c: &mut PgConnection,
    mut user: UserRecord,
    changes: UserChanges,
) -> Result<UserRecord, StoreError> {
    changes.apply_to(&mut user);
    sqlx::query(sql::UPDATE_USER)
        .bind(&user.id)
        .bind(&user.name)
        .bind(&user.email)
        .bind(&user.photo_url)
        .bind(json(&user.attributes)?)
        .bind(ts(user.updated_at))
        .execute(c)
        .await?;
    Ok(user)
}
