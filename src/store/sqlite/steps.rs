//! Steps shared by several operations, run on the writer's connection or a reader's.

use super::*;

pub(super) fn fetch_user(c: &Connection, id: &str) -> Result<Option<UserRecord>, StoreError> {
    query_optional(c, sql::USER_BY_ID, params![id], user_from)
}

pub(super) fn fetch_conversation(
    c: &Connection,
    id: &str,
) -> Result<Option<ConversationRecord>, StoreError> {
    query_optional(c, sql::CONVERSATION_BY_ID, params![id], |row| {
        conversation_from(row).map(|(conversation, _)| conversation)
    })
}

pub(super) fn fetch_message(
    c: &Connection,
    statement: &'static str,
    key: &str,
) -> Result<Option<(MessageRecord, Option<String>)>, StoreError> {
    query_optional(c, statement, params![key], message_from)
}

/// The author's record, which also proves it may write (end user exists, agent active).
pub(super) fn fetch_author(c: &Connection, author: &AuthorRef) -> Result<AuthorRecord, StoreError> {
    let found = match author {
        AuthorRef::EndUser(id) => fetch_user(c, id)?.map(AuthorRecord::EndUser),
        AuthorRef::Agent(id) => query_optional(c, sql::ACTIVE_AGENT, params![id], agent_from)?
            .flatten()
            .map(AuthorRecord::Agent),
    };
    found.ok_or_else(|| invalid("author", "no such end user or active agent"))
}

pub(super) fn enqueue_sync(
    c: &Connection,
    conversation_id: &str,
) -> Result<OutboxEvent, StoreError> {
    let payload = json(&sync_payload(conversation_id))?;
    query_optional(
        c,
        sql::ENQUEUE_SYNC,
        params![conversation_id, payload, ts(now())],
        event_from,
    )?
    .ok_or_else(|| corrupt("enqueue returned no event".into()))
}

/// Inserts a conversation's initial message (the conversation was just created, and the
/// caller checked the author and that the object_id is free).
pub(super) fn insert_initial_message(
    c: &Connection,
    conversation_id: &str,
    new: &NewMessage,
    author: AuthorRecord,
) -> Result<MessageRecord, StoreError> {
    let at = now();
    let position: i64 = query_optional(
        c,
        sql::NEXT_POSITION,
        params![conversation_id, ts(at)],
        |row| Ok(row.get(0)?),
    )?
    .ok_or_else(|| StoreError::NotFound {
        what: "conversation",
        id: conversation_id.to_owned(),
    })?;
    let (user_id, agent_id) = author_columns(&new.author);
    let id = new_id("msg");
    let created_at = truncate_ms(new.created_at.unwrap_or(at));
    let inserted = execute(
        c,
        sql::INSERT_MESSAGE,
        params![
            id,
            conversation_id,
            position,
            new.object_id,
            new.fingerprint,
            new.message_type,
            new.body,
            user_id,
            agent_id,
            new.visibility,
            json(&new.attachments)?,
            ts(created_at),
        ],
    )
    .map_err(|e| map_write_err(e, || "message id taken".into(), "author"))?;
    if inserted == 0 {
        return Err(StoreError::Conflict("message object_id in use".into()));
    }
    Ok(message_record(id, conversation_id, new, author, created_at))
}

pub(super) fn author_columns(author: &AuthorRef) -> (Option<&str>, Option<&str>) {
    match author {
        AuthorRef::EndUser(id) => (Some(id.as_str()), None),
        AuthorRef::Agent(id) => (None, Some(id.as_str())),
    }
}

/// The record of a message just inserted: built rather than read back, one statement
/// less on the hot path.
pub(super) fn message_record(
    id: String,
    conversation_id: &str,
    new: &NewMessage,
    author: AuthorRecord,
    created_at: DateTime<Utc>,
) -> MessageRecord {
    MessageRecord {
        id,
        conversation_id: conversation_id.to_owned(),
        object_id: new.object_id.clone(),
        message_type: new.message_type.clone(),
        body: new.body.clone(),
        author,
        visibility: new.visibility.clone(),
        attachments: new.attachments.clone(),
        created_at,
    }
}

/// Inserts the message if its conversation exists, its author may write and its
/// object_id is free; the position is read from the conversation (the single writer
/// makes read-then-bump atomic). Folding the checks into the insert leaves the common
/// case at two statements; `ON CONFLICT` replaces a separate object_id lookup.
pub(super) const INSERT_MESSAGE_CHECKED: &str = "INSERT INTO messages \
     (id, conversation_id, position, object_id, fingerprint, message_type, body, \
      author_user_id, author_agent_id, visibility, attachments, created_at) \
     SELECT $1, c.id, c.last_position + 1, $3, $4, $5, $6, $7, $8, $9, $10, $11 \
     FROM conversations c WHERE c.id = $2 \
     AND ($7 IS NULL OR EXISTS (SELECT 1 FROM users u WHERE u.id = $7)) \
     AND ($8 IS NULL OR EXISTS (SELECT 1 FROM agents a WHERE a.id = $8 AND a.removed_at IS NULL)) \
     ON CONFLICT (object_id) DO NOTHING";
pub(super) const BUMP_POSITION: &str =
    "UPDATE conversations SET last_position = last_position + 1, updated_at = $2 WHERE id = $1";

pub(super) fn create_message(c: &Connection, new: &NewMessage, notify: Notify) -> MessageResult {
    let at = now();
    let (user_id, agent_id) = author_columns(&new.author);
    let id = new_id("msg");
    let created_at = truncate_ms(new.created_at.unwrap_or(at));
    let inserted = execute(
        c,
        INSERT_MESSAGE_CHECKED,
        params![
            id,
            new.conversation_id,
            new.object_id,
            new.fingerprint,
            new.message_type,
            new.body,
            user_id,
            agent_id,
            new.visibility,
            json(&new.attachments)?,
            ts(created_at),
        ],
    )?;
    if inserted == 0 {
        return refused_message(c, new);
    }
    execute(c, BUMP_POSITION, params![new.conversation_id, ts(at)])?;
    if notify == Notify::Sync {
        enqueue_sync(c, &new.conversation_id)?;
    }
    let author = fetch_author(c, &new.author).map_err(|error| match error {
        // The insert just proved the author exists: anything else is the database's fault.
        StoreError::Invalid { .. } => corrupt("message author vanished".into()),
        other => other,
    })?;
    Ok(Created {
        record: message_record(id, &new.conversation_id, new, author, created_at),
        outcome: Outcome::Created,
    })
}

pub(super) type MessageResult = Result<Created<MessageRecord>, StoreError>;

/// Why nothing was inserted, in the order the store has always answered: an existing
/// object_id (replay or conflict), then an unknown conversation, then the author.
pub(super) fn refused_message(c: &Connection, new: &NewMessage) -> MessageResult {
    if let Some(object_id) = &new.object_id
        && let Some((m, fp)) = fetch_message(c, sql::MESSAGE_BY_OBJECT_ID, object_id)?
    {
        return Ok(Created {
            record: m,
            outcome: outcome_for(fp.as_deref(), &new.fingerprint),
        });
    }
    if !exists(c, sql::CONVERSATION_EXISTS, &new.conversation_id)? {
        return Err(StoreError::NotFound {
            what: "conversation",
            id: new.conversation_id.clone(),
        });
    }
    fetch_author(c, &new.author)?;
    Err(corrupt("message neither inserted nor refused".into()))
}

/// The conversation with this object_id and its first message, as a replay or conflict.
pub(super) fn existing_conversation(
    c: &Connection,
    object_id: &str,
    fingerprint: &str,
) -> Result<Option<Created<(ConversationRecord, MessageRecord)>>, StoreError> {
    let Some((conv, fp)) = query_optional(
        c,
        sql::CONVERSATION_BY_OBJECT_ID,
        params![object_id],
        conversation_from,
    )?
    else {
        return Ok(None);
    };
    let (message, _) = fetch_message(c, sql::FIRST_MESSAGE, &conv.id)?
        .ok_or_else(|| corrupt("conversation without a first message".into()))?;
    Ok(Some(Created {
        record: (conv, message),
        outcome: outcome_for(fp.as_deref(), fingerprint),
    }))
}

/// Writes `changes` over `user` (attributes merged key by key) and returns the result.
pub(super) fn apply_user_changes(
    c: &Connection,
    mut user: UserRecord,
    changes: UserChanges,
) -> Result<UserRecord, StoreError> {
    changes.apply_to(&mut user);
    execute(
        c,
        sql::UPDATE_USER,
        params![
            user.id,
            user.name,
            user.email,
            user.photo_url,
            json(&user.attributes)?,
            ts(user.updated_at),
        ],
    )?;
    Ok(user)
}

/// Records one outcome; whether the claim still held (else nothing changed).
pub(super) fn event_update(
    c: &Connection,
    statement: &str,
    params: Params<'_>,
) -> Result<bool, StoreError> {
    Ok(execute(c, statement, params)? > 0)
}
