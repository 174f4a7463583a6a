//! SQL text shared by the SQLite and PostgreSQL backends.
//!
//! Both understand `$n` placeholders, `ON CONFLICT … DO NOTHING/UPDATE` with partial-index
//! targets and `RETURNING`, so most statements are written once here; only what truly
//! differs (row locks, `SKIP LOCKED`, and SQLite's own statements for its hot paths such
//! as the message page and the checked message insert) lives in the backend modules, or,
//! where only the binding of a list differs (`LAST_MESSAGES_*`), here in two variants.
//! Joined rows use column aliases with a table prefix (`u_`, `a_`, `c_`, `m_`):
//! PostgreSQL's decoders read columns by those names; SQLite's read the user, agent,
//! conversation and message selects by position (`sqlite/decode.rs`, whose positions a
//! test checks against these names).

/// End-user columns, table alias `u`.
macro_rules! user_cols {
    () => {
        "u.id AS u_id, u.object_id AS u_object_id, u.fingerprint AS u_fingerprint, \
         u.name AS u_name, u.email AS u_email, u.photo_url AS u_photo_url, \
         u.attributes AS u_attributes, u.created_at AS u_created_at, u.updated_at AS u_updated_at"
    };
}

/// Agent columns, table alias `a`.
macro_rules! agent_cols {
    () => {
        "a.id AS a_id, a.name AS a_name, a.email AS a_email, a.photo_url AS a_photo_url, \
         a.alias AS a_alias, a.created_at AS a_created_at"
    };
}

macro_rules! conversation_select {
    () => {
        concat!(
            "SELECT c.id AS c_id, c.object_id AS c_object_id, c.fingerprint AS c_fingerprint, \
             c.title AS c_title, c.tags AS c_tags, c.attributes AS c_attributes, \
             c.status AS c_status, c.last_user_read_at AS c_last_user_read_at, \
             c.created_at AS c_created_at, c.updated_at AS c_updated_at, ",
            user_cols!(),
            ", ",
            agent_cols!(),
            " FROM conversations c JOIN users u ON u.id = c.user_id \
             LEFT JOIN agents a ON a.id = c.assignee_id"
        )
    };
}

macro_rules! message_select {
    () => {
        concat!(
            "SELECT m.id AS m_id, m.conversation_id AS m_conversation_id, \
             m.object_id AS m_object_id, m.fingerprint AS m_fingerprint, \
             m.message_type AS m_message_type, m.body AS m_body, m.visibility AS m_visibility, \
             m.attachments AS m_attachments, m.created_at AS m_created_at, ",
            user_cols!(),
            ", ",
            agent_cols!(),
            " FROM messages m LEFT JOIN users u ON u.id = m.author_user_id \
             LEFT JOIN agents a ON a.id = m.author_agent_id"
        )
    };
}

macro_rules! outbox_cols {
    () => {
        "id, conversation_id, kind, payload, state, attempts, next_attempt_at, created_at, \
         last_error"
    };
}

pub(super) const USER_BY_ID: &str =
    concat!("SELECT ", user_cols!(), " FROM users u WHERE u.id = $1");
pub(super) const USER_BY_OBJECT_ID: &str = concat!(
    "SELECT ",
    user_cols!(),
    " FROM users u WHERE u.object_id = $1"
);
pub(super) const USER_EXISTS: &str = "SELECT 1 FROM users WHERE id = $1";
pub(super) const INSERT_USER: &str = "INSERT INTO users \
     (id, object_id, fingerprint, name, email, photo_url, attributes, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (object_id) DO NOTHING";
/// For upsert: an explicit id that may already exist.
pub(super) const INSERT_USER_WITH_ID: &str = "INSERT INTO users \
     (id, name, email, photo_url, attributes, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (id) DO NOTHING";
pub(super) const UPDATE_USER: &str = "UPDATE users SET name = $2, email = $3, photo_url = $4, \
     attributes = $5, updated_at = $6 WHERE id = $1";

pub(super) const LIST_AGENTS: &str = concat!(
    "SELECT ",
    agent_cols!(),
    " FROM agents a WHERE a.removed_at IS NULL ORDER BY a.created_at, a.id"
);
/// Any agent, removed or not: a message's author (its messages keep their author).
pub(super) const AGENT_BY_ID: &str =
    concat!("SELECT ", agent_cols!(), " FROM agents a WHERE a.id = $1");
pub(super) const ACTIVE_AGENT: &str = concat!(
    "SELECT ",
    agent_cols!(),
    " FROM agents a WHERE a.id = $1 AND a.removed_at IS NULL"
);
/// A removed agent's id may be reused: the row is revived (its `created_at` stays).
pub(super) const INSERT_AGENT: &str = "INSERT INTO agents \
     (id, name, email, photo_url, alias, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, \
     photo_url = excluded.photo_url, alias = excluded.alias, removed_at = NULL \
     WHERE agents.removed_at IS NOT NULL";
pub(super) const REMOVE_AGENT: &str =
    "UPDATE agents SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL";
pub(super) const DELETE_AGENT_TOKENS: &str = "DELETE FROM agent_tokens WHERE agent_id = $1";
pub(super) const DELETE_AGENT_SESSIONS: &str = "DELETE FROM inbox_sessions WHERE agent_id = $1";

pub(super) const CONVERSATION_BY_ID: &str = concat!(conversation_select!(), " WHERE c.id = $1");
pub(super) const CONVERSATION_BY_OBJECT_ID: &str =
    concat!(conversation_select!(), " WHERE c.object_id = $1");
pub(super) const INSERT_CONVERSATION: &str = "INSERT INTO conversations \
     (id, object_id, fingerprint, user_id, title, tags, attributes, status, assignee_id, \
      created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) ON CONFLICT (object_id) DO NOTHING";
/// Each field has a "change it" flag so one statement serves every combination of changes.
pub(super) const UPDATE_CONVERSATION: &str = "UPDATE conversations SET \
     title = CASE WHEN $2 THEN $3 ELSE title END, \
     tags = CASE WHEN $4 THEN $5 ELSE tags END, \
     attributes = CASE WHEN $6 THEN $7 ELSE attributes END, \
     status = CASE WHEN $8 THEN $9 ELSE status END, \
     assignee_id = CASE WHEN $10 THEN $11 ELSE assignee_id END, \
     last_user_read_at = CASE WHEN $12 THEN $13 ELSE last_user_read_at END, \
     updated_at = $14 \
     WHERE id = $1";
pub(super) const LIST_CONVERSATIONS: &str = concat!(
    conversation_select!(),
    " WHERE ($1 IS NULL OR c.status = $1) AND ($2 IS NULL OR c.assignee_id = $2) \
      AND (NOT $3 OR c.assignee_id IS NULL) \
      ORDER BY c.updated_at DESC, c.id DESC LIMIT $4"
);
/// Takes the conversation's row lock (PostgreSQL) and hands out the next message position,
/// so positions follow commit order; also moves the conversation's `updated_at`.
/// No row if the conversation does not exist or, with `$3` (the required user), is not
/// that user's.
pub(super) const NEXT_POSITION: &str = "UPDATE conversations \
     SET last_position = last_position + 1, updated_at = $2 \
     WHERE id = $1 AND ($3::text IS NULL OR user_id = $3) RETURNING last_position";
pub(super) const USER_CONVERSATIONS: &str = concat!(
    conversation_select!(),
    " WHERE c.user_id = $1 ORDER BY c.created_at, c.id"
);
/// Erasing an end user ($1), children first (the foreign keys point at the parents).
/// Their messages: those in their conversations, and those they wrote elsewhere.
macro_rules! erased_messages {
    () => {
        " FROM messages WHERE author_user_id = $1 \
          OR conversation_id IN (SELECT id FROM conversations WHERE user_id = $1)"
    };
}
pub(super) const ERASE_OUTBOX: &str = "DELETE FROM outbox \
     WHERE conversation_id IN (SELECT id FROM conversations WHERE user_id = $1)";
pub(super) const ERASE_MESSAGES: &str = concat!("DELETE", erased_messages!());
pub(super) const ERASE_CONVERSATIONS: &str = "DELETE FROM conversations WHERE user_id = $1";
pub(super) const ERASE_USER: &str = "DELETE FROM users WHERE id = $1";
/// The attachments of the messages about to be erased, per backend's JSON functions.
pub(super) const ERASED_ATTACHMENTS_SQLITE: &str = concat!(
    "SELECT coalesce(sum(json_array_length(attachments)), 0)",
    erased_messages!()
);
pub(super) const ERASED_ATTACHMENTS_POSTGRES: &str = concat!(
    "SELECT coalesce(sum(jsonb_array_length(attachments)), 0)::bigint",
    erased_messages!()
);

/// Retention: closed conversations last changed before $1, oldest first, at most $2, with
/// how many messages each was given. The `(status, updated_at)` index yields them in this
/// order, so the `LIMIT` stops the scan early (an `id` tie-break would sort every match).
macro_rules! expired_closed_conversations {
    () => {
        "SELECT id, last_position FROM conversations \
         WHERE status = 'closed' AND updated_at < $1 ORDER BY updated_at LIMIT $2"
    };
}
pub(super) const EXPIRED_CLOSED_SQLITE: &str = expired_closed_conversations!();
/// Concurrent sweepers (one per replica) skip each other's rows instead of waiting or
/// failing; a row changed meanwhile (reopened, say) is checked again under its lock.
pub(super) const EXPIRED_CLOSED_POSTGRES: &str =
    concat!(expired_closed_conversations!(), " FOR UPDATE SKIP LOCKED");
/// Removing the conversations listed in $1, children first (the foreign keys point at the
/// parents); as for erasing a user, their outbox events go too, pending ones included.
macro_rules! purge_conversations {
    ($ids:literal) => {
        [
            concat!("DELETE FROM outbox WHERE conversation_id IN ", $ids),
            concat!("DELETE FROM messages WHERE conversation_id IN ", $ids),
            concat!("DELETE FROM conversations WHERE id IN ", $ids),
        ]
    };
}
pub(super) const PURGE_CONVERSATIONS_SQLITE: [&str; 3] =
    purge_conversations!("(SELECT value FROM json_each($1))");
pub(super) const PURGE_CONVERSATIONS_POSTGRES: [&str; 3] =
    purge_conversations!("(SELECT unnest($1::text[]))");

pub(super) const CONVERSATION_EXISTS: &str = "SELECT 1 FROM conversations WHERE id = $1";

pub(super) const MESSAGE_BY_OBJECT_ID: &str = concat!(message_select!(), " WHERE m.object_id = $1");
pub(super) const FIRST_MESSAGE: &str = concat!(
    message_select!(),
    " WHERE m.conversation_id = $1 ORDER BY m.position LIMIT 1"
);
pub(super) const MESSAGE_POSITION: &str =
    "SELECT position FROM messages WHERE id = $1 AND conversation_id = $2";
/// A conversation's messages after a position, a batch at a time (the caller asks for the
/// next batch after the last row's position). With the `LIMIT`, PostgreSQL's planner takes the
/// ordered index scan on `(conversation_id, position)` even when it expects a long
/// conversation's thousands of rows; without it, its custom plan for such a conversation
/// was a bitmap heap scan and a sort, and get_messages near the end of a 100,000-message
/// conversation cost 1.4-1.7x what it costs in a 100-message one.
pub(super) const MESSAGES_AFTER_BATCH: &str = concat!(
    message_select!(),
    " WHERE m.conversation_id = $1 AND m.position > $2 ORDER BY m.position LIMIT $3"
);
/// The newest message of each listed conversation: per id, one descent of the
/// `(conversation_id, position)` unique index to its last entry. The two backends differ
/// only in how the id list is bound: SQLite takes a JSON array of ids, PostgreSQL a `text[]`.
macro_rules! last_messages {
    ($ids:literal) => {
        concat!(
            message_select!(),
            " WHERE m.id IN (SELECT (SELECT l.id FROM messages l \
              WHERE l.conversation_id = ids.id ORDER BY l.position DESC LIMIT 1) FROM ",
            $ids,
            ")"
        )
    };
}
pub(super) const LAST_MESSAGES_SQLITE: &str =
    last_messages!("(SELECT value AS id FROM json_each($1)) ids");
pub(super) const LAST_MESSAGES_POSTGRES: &str = last_messages!("unnest($1::text[]) AS ids(id)");
pub(super) const INSERT_MESSAGE: &str = "INSERT INTO messages \
     (id, conversation_id, position, object_id, fingerprint, message_type, body, \
      author_user_id, author_agent_id, visibility, attachments, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
     ON CONFLICT (object_id) DO NOTHING";

/// Merges into the conversation's pending sync if there is one; `revision` records that
/// something happened after a worker may have claimed it.
pub(super) const ENQUEUE_SYNC: &str = concat!(
    "INSERT INTO outbox (conversation_id, kind, payload, state, attempts, next_attempt_at, \
     created_at) VALUES ($1, 'sync', $2, 'pending', 0, $3, $3) \
     ON CONFLICT (conversation_id) WHERE kind = 'sync' AND state = 'pending' \
     DO UPDATE SET revision = outbox.revision + 1 RETURNING ",
    outbox_cols!()
);
pub(super) const ENQUEUE_OTHER: &str = concat!(
    "INSERT INTO outbox (conversation_id, kind, payload, state, attempts, next_attempt_at, \
     created_at) VALUES ($1, $2, $3, 'pending', 0, $4, $4) RETURNING ",
    outbox_cols!()
);
/// If a sync was merged in after the claim, the event stays pending and is due at once.
/// This and the other outcomes apply only while the claim holds: `next_attempt_at` ($3
/// here) is still the lease the claim wrote, see `RELEASE_CLAIM`.
pub(super) const MARK_DELIVERED: &str = "UPDATE outbox SET \
     state = CASE WHEN claimed_revision IS NULL OR revision = claimed_revision \
             THEN 'delivered' ELSE 'pending' END, \
     attempts = CASE WHEN claimed_revision IS NULL OR revision = claimed_revision \
                THEN attempts ELSE 0 END, \
     next_attempt_at = CASE WHEN claimed_revision IS NULL OR revision = claimed_revision \
                       THEN next_attempt_at ELSE $2 END, \
     delivered_at = CASE WHEN claimed_revision IS NULL OR revision = claimed_revision \
                    THEN $2 ELSE NULL END, \
     last_error = NULL \
     WHERE id = $1 AND state = 'pending' AND next_attempt_at = $3";
pub(super) const MARK_RETRY: &str = "UPDATE outbox SET next_attempt_at = $2, last_error = $3 \
     WHERE id = $1 AND state = 'pending' AND next_attempt_at = $4";
pub(super) const MARK_DEAD: &str = "UPDATE outbox SET state = 'dead', last_error = $2 \
     WHERE id = $1 AND state = 'pending' AND next_attempt_at = $3";
/// Batches keep each purge transaction short (SQLite has one writer); the partial index
/// `outbox_delivered` finds them without reading the pending and dead events.
pub(super) const PURGE_DELIVERED: &str = "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox \
     WHERE state = 'delivered' AND delivered_at < $1 ORDER BY delivered_at LIMIT $2)";
/// Claims the pending events due at $1, oldest first, at most $2, each leased until $3
/// (`next_attempt_at`), counting the attempt and noting the revision it claims.
macro_rules! claim_due {
    ($lock:literal) => {
        concat!(
            "UPDATE outbox SET next_attempt_at = $3, attempts = attempts + 1, \
             claimed_revision = revision WHERE id IN (SELECT id FROM outbox \
             WHERE state = 'pending' AND next_attempt_at <= $1 \
             ORDER BY next_attempt_at, id LIMIT $2",
            $lock,
            ") RETURNING ",
            outbox_cols!()
        )
    };
}
/// The single writer makes select-then-update atomic; no lock clause is needed.
pub(super) const CLAIM_DUE_SQLITE: &str = claim_due!("");
/// SKIP LOCKED: concurrent claimers pass over each other's rows instead of waiting, and
/// the lease written in the same statement keeps the rows from being claimed again after
/// commit until it expires.
pub(super) const CLAIM_DUE_POSTGRES: &str = claim_due!(" FOR UPDATE SKIP LOCKED");
/// Only while the lease written by the claim is still in place: `next_attempt_at` is the
/// claim's token, changed by every outcome and by a later claim.
pub(super) const RELEASE_CLAIM: &str = "UPDATE outbox SET next_attempt_at = $3 \
     WHERE id = $1 AND state = 'pending' AND next_attempt_at = $2";
pub(super) const LIST_EVENTS: &str = concat!(
    "SELECT ",
    outbox_cols!(),
    " FROM outbox WHERE ($1 IS NULL OR state = $1) AND ($2 IS NULL OR id > $2) \
     ORDER BY id LIMIT $3"
);
/// A dead sync whose conversation already has a pending sync (or a newer dead one) is
/// covered by that one: it is merged (marked delivered) instead of requeued, since the
/// index allows one pending sync per conversation.
pub(super) const MERGE_SUPERSEDED_DEAD_SYNCS: &str = "UPDATE outbox SET state = 'delivered', \
     delivered_at = $2, last_error = 'merged into another sync event on requeue' \
     WHERE state = 'dead' AND kind = 'sync' AND ($1 IS NULL OR id = $1) AND ( \
       EXISTS (SELECT 1 FROM outbox p WHERE p.conversation_id = outbox.conversation_id \
               AND p.kind = 'sync' AND p.state = 'pending') \
       OR id < (SELECT max(d.id) FROM outbox d WHERE d.conversation_id = outbox.conversation_id \
                AND d.kind = 'sync' AND d.state = 'dead' AND ($1 IS NULL OR d.id = $1)))";
pub(super) const REQUEUE_DEAD: &str = "UPDATE outbox SET state = 'pending', attempts = 0, \
     next_attempt_at = $2, claimed_revision = NULL \
     WHERE state = 'dead' AND ($1 IS NULL OR id = $1)";

pub(super) const INSERT_OAUTH_CLIENT: &str =
    "INSERT INTO oauth_clients (client_id, secret_hash, created_at) VALUES ($1, $2, $3)";
pub(super) const OAUTH_CLIENT: &str =
    "SELECT client_id, secret_hash, created_at FROM oauth_clients WHERE client_id = $1";
pub(super) const LIST_OAUTH_CLIENTS: &str =
    "SELECT client_id, secret_hash, created_at FROM oauth_clients ORDER BY created_at, client_id";
pub(super) const DELETE_CLIENT_TOKENS: &str = "DELETE FROM access_tokens WHERE client_id = $1";
pub(super) const DELETE_OAUTH_CLIENT: &str = "DELETE FROM oauth_clients WHERE client_id = $1";
pub(super) const INSERT_ACCESS_TOKEN: &str = "INSERT INTO access_tokens \
     (token_hash, client_id, expires_at, created_at) VALUES ($1, $2, $3, $4)";
/// The join makes sure a token never outlives its client.
pub(super) const FIND_ACCESS_TOKEN: &str = "SELECT t.client_id, t.expires_at FROM access_tokens t \
     JOIN oauth_clients c ON c.client_id = t.client_id WHERE t.token_hash = $1";
pub(super) const PURGE_TOKENS: &str = "DELETE FROM access_tokens WHERE expires_at <= $1";
pub(super) const INSERT_API_TOKEN: &str =
    "INSERT INTO api_tokens (token_hash, label, created_at) VALUES ($1, $2, $3)";
pub(super) const HAS_API_TOKEN: &str = "SELECT 1 FROM api_tokens WHERE token_hash = $1";
pub(super) const COUNT_API_TOKENS: &str = "SELECT count(*) FROM api_tokens";
pub(super) const COUNT_EVENTS_BY_STATE: &str = "SELECT state, count(*) FROM outbox GROUP BY state";
pub(super) const INSERT_AGENT_TOKEN: &str =
    "INSERT INTO agent_tokens (token_hash, agent_id, created_at) VALUES ($1, $2, $3)";
/// A removed agent's tokens stop working even if a row survived.
pub(super) const FIND_AGENT_TOKEN: &str = "SELECT t.agent_id FROM agent_tokens t \
     JOIN agents a ON a.id = t.agent_id WHERE t.token_hash = $1 AND a.removed_at IS NULL";
pub(super) const INSERT_INBOX_SESSION: &str = "INSERT INTO inbox_sessions \
     (session_hash, agent_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
pub(super) const PURGE_INBOX_SESSIONS: &str = "DELETE FROM inbox_sessions WHERE expires_at <= $1";
/// A removed agent's sessions stop working even if a row survived.
pub(super) const FIND_INBOX_SESSION: &str = "SELECT s.agent_id, s.expires_at FROM inbox_sessions s \
     JOIN agents a ON a.id = s.agent_id WHERE s.session_hash = $1 AND a.removed_at IS NULL";
pub(super) const DELETE_INBOX_SESSION: &str = "DELETE FROM inbox_sessions WHERE session_hash = $1";
/// A row only if the key is new, or its earlier use has expired (then it is taken over):
/// one changed row means first use.
pub(super) const REMEMBER_SIGNATURE: &str = "INSERT INTO signature_replays \
     (replay_key, expires_at) VALUES ($1, $2) ON CONFLICT (replay_key) \
     DO UPDATE SET expires_at = excluded.expires_at WHERE signature_replays.expires_at <= $3";
pub(super) const PURGE_SIGNATURES: &str = "DELETE FROM signature_replays WHERE expires_at <= $1";
pub(super) const FORGET_SIGNATURE: &str = "DELETE FROM signature_replays WHERE replay_key = $1";
/// PostgreSQL: the attribute merge is a read-modify-write, so the row is locked first.
pub(super) const USER_BY_ID_FOR_UPDATE: &str = concat!(
    "SELECT ",
    user_cols!(),
    " FROM users u WHERE u.id = $1 FOR UPDATE"
);
