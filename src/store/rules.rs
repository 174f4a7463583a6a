//! The store's rules, written once for both backends: idempotency on `object_id`, the
//! user merge, conversation updates, the outbox enqueue and event outcomes. Each rule is
//! a sequence of steps over [`Tx`], the one write transaction a backend opens for it;
//! the backends supply only the steps (their SQL and their driver calls).
//!
//! SQLite's steps are synchronous calls on the writer's connection, so their futures are
//! ready at once and [`run_ready`] polls a rule to its end in one go; PostgreSQL's are
//! awaited on its pooled connection. Either way a rule compiles to a plain state machine
//! for each backend: no boxing, no allocation for the generics.

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::FutureExt;
use serde_json::Value;

use super::error::{StoreError, corrupt, invalid};
use super::records::{
    AgentRecord, AuthorRecord, AuthorRef, Claim, ConversationChanges, ConversationRecord, Created,
    EventKind, EventOutcome, MessageRecord, NewAgent, NewConversation, NewMessage, NewUser,
    OutboxEvent, Outcome, RETENTION_MESSAGES_PER_BATCH, SyncEvent, UserChanges, UserRecord, new_id,
    now, truncate_ms,
};
use crate::tristate::Tristate;
use crate::webhook::sync_payload;

/// A message as the rules insert it: the id and times are the rule's, the rest the caller's.
pub(super) struct MessageRow<'a> {
    pub id: String,
    pub conversation_id: &'a str,
    pub new: &'a NewMessage,
    /// The insert's time: the conversation's new `updated_at`.
    pub at: DateTime<Utc>,
    /// The time the caller says the message was written, else `at`.
    pub created_at: DateTime<Utc>,
}

impl MessageRow<'_> {
    /// The author as the `author_user_id` and `author_agent_id` columns hold it.
    pub fn author_columns(&self) -> (Option<&str>, Option<&str>) {
        match &self.new.author {
            AuthorRef::EndUser(id) => (Some(id.as_str()), None),
            AuthorRef::Agent(id) => (None, Some(id.as_str())),
        }
    }

    /// The user the conversation must belong to for the insert to go ahead: the end-user
    /// author under [`NewMessage::own_conversation_only`], else none.
    pub fn required_user(&self) -> Option<&str> {
        match &self.new.author {
            AuthorRef::EndUser(id) if self.new.own_conversation_only => Some(id.as_str()),
            _ => None,
        }
    }
}

/// The steps of one write transaction, as a backend runs them. Everything written through
/// it is committed together when the rule returns `Ok`, and rolled back on `Err`.
pub(super) trait Tx {
    async fn fetch_user(&mut self, id: &str) -> Result<Option<UserRecord>, StoreError>;
    /// As `fetch_user`, and no other transaction changes the user until this one ends
    /// (the attribute merge is a read-modify-write).
    async fn lock_user(&mut self, id: &str) -> Result<Option<UserRecord>, StoreError>;
    /// The user holding this object_id, and the fingerprint it was created with.
    async fn user_by_object_id(
        &mut self,
        object_id: &str,
    ) -> Result<Option<(UserRecord, Option<String>)>, StoreError>;
    /// `false` if the object_id is taken (nothing written).
    async fn insert_user(
        &mut self,
        id: &str,
        new: &NewUser,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// Inserts an empty user with this id unless it exists.
    async fn insert_user_with_id(&mut self, id: &str, at: DateTime<Utc>) -> Result<(), StoreError>;
    /// Stores every field of `user` over its row.
    async fn update_user(&mut self, user: &UserRecord) -> Result<(), StoreError>;
    async fn user_exists(&mut self, id: &str) -> Result<bool, StoreError>;
    async fn active_agent(&mut self, id: &str) -> Result<Option<AgentRecord>, StoreError>;
    async fn active_agent_exists(&mut self, id: &str) -> Result<bool, StoreError>;
    /// `false` if an active agent has this id (a removed one is revived instead).
    async fn insert_agent(
        &mut self,
        id: &str,
        new: &NewAgent,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    async fn insert_agent_token(
        &mut self,
        token_hash: &str,
        agent_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Deletes the web inbox sessions expired at `now`.
    async fn purge_inbox_sessions(&mut self, now: DateTime<Utc>) -> Result<(), StoreError>;
    async fn insert_inbox_session(
        &mut self,
        session_hash: &str,
        agent_id: &str,
        expires_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    async fn conversation_exists(&mut self, id: &str) -> Result<bool, StoreError>;
    async fn fetch_conversation(
        &mut self,
        id: &str,
    ) -> Result<Option<ConversationRecord>, StoreError>;
    async fn conversation_by_object_id(
        &mut self,
        object_id: &str,
    ) -> Result<Option<(ConversationRecord, Option<String>)>, StoreError>;
    /// `false` if the object_id is taken (nothing written).
    async fn insert_conversation(
        &mut self,
        id: &str,
        new: &NewConversation,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// Writes the fields `changes` sets and moves `updated_at`; `false` if there is no
    /// such conversation.
    async fn update_conversation(
        &mut self,
        id: &str,
        changes: ConversationChanges,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    async fn message_by_object_id(
        &mut self,
        object_id: &str,
    ) -> Result<Option<(MessageRecord, Option<String>)>, StoreError>;
    async fn first_message(
        &mut self,
        conversation_id: &str,
    ) -> Result<Option<MessageRecord>, StoreError>;
    /// Appends the message to its conversation (the next position, `updated_at` moved to
    /// `row.at`) and returns its author's record; `None` if it was refused (no such
    /// conversation, an author who may not write, a conversation not of
    /// [`MessageRow::required_user`], its object_id taken), leaving the rule to say why.
    /// After `None` the rule calls [`Tx::undo`]: a backend may have written part of it.
    async fn insert_message(
        &mut self,
        row: &MessageRow<'_>,
    ) -> Result<Option<AuthorRecord>, StoreError>;

    /// Queues the conversation's sync event, or merges into its pending one.
    async fn enqueue_sync(
        &mut self,
        conversation_id: &str,
        payload: &Value,
        at: DateTime<Utc>,
    ) -> Result<OutboxEvent, StoreError>;
    /// Queues an event of another kind than sync.
    async fn enqueue_other(
        &mut self,
        conversation_id: &str,
        kind: EventKind,
        payload: &Value,
        at: DateTime<Utc>,
    ) -> Result<OutboxEvent, StoreError>;
    /// Records the outcome while `claim` holds; how many events changed (0 or 1).
    async fn record_outcome(
        &mut self,
        claim: Claim,
        outcome: &EventOutcome,
    ) -> Result<u64, StoreError>;

    /// Undoes everything this transaction wrote so far; it stays open for reading and
    /// writing, and what follows commits as usual.
    async fn undo(&mut self) -> Result<(), StoreError>;
}

/// Runs a rule whose steps never wait (SQLite's): its result, polled once.
pub(super) fn run_ready<T>(
    rule: impl Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    rule.now_or_never()
        .unwrap_or_else(|| Err(corrupt("a synchronous store step waited".into())))
}

// --- users ---

pub(super) async fn create_user<T: Tx>(
    tx: &mut T,
    new: NewUser,
) -> Result<Created<UserRecord>, StoreError> {
    let id = new_id("user");
    if !tx.insert_user(&id, &new, now()).await? {
        // Taken by another create (a concurrent one waited for it on the unique index).
        let object_id = new.object_id.as_deref().unwrap_or_default();
        let (record, fingerprint) = tx
            .user_by_object_id(object_id)
            .await?
            .ok_or_else(|| corrupt("user object_id taken by no user".into()))?;
        return Ok(Created {
            record,
            outcome: outcome_for(fingerprint.as_deref(), &new.fingerprint),
        });
    }
    let record = tx
        .fetch_user(&id)
        .await?
        .ok_or_else(|| corrupt("user vanished after insert".into()))?;
    Ok(Created {
        record,
        outcome: Outcome::Created,
    })
}

pub(super) async fn update_user<T: Tx>(
    tx: &mut T,
    id: &str,
    changes: UserChanges,
) -> Result<Option<UserRecord>, StoreError> {
    let Some(user) = tx.lock_user(id).await? else {
        return Ok(None);
    };
    apply_user_changes(tx, user, changes).await.map(Some)
}

pub(super) async fn upsert_user<T: Tx>(
    tx: &mut T,
    id: &str,
    changes: UserChanges,
) -> Result<UserRecord, StoreError> {
    // Insert-if-missing first: concurrent upserts of one id then meet on the primary key
    // instead of both inserting.
    tx.insert_user_with_id(id, now()).await?;
    let user = tx
        .lock_user(id)
        .await?
        .ok_or_else(|| corrupt("user vanished after insert".into()))?;
    apply_user_changes(tx, user, changes).await
}

/// Writes `changes` over `user` (attributes merged key by key) and returns the result.
async fn apply_user_changes<T: Tx>(
    tx: &mut T,
    mut user: UserRecord,
    changes: UserChanges,
) -> Result<UserRecord, StoreError> {
    changes.apply_to(&mut user);
    tx.update_user(&user).await?;
    Ok(user)
}

/// The author's record, which also proves it may write (end user exists, agent active).
pub(super) async fn fetch_author<T: Tx>(
    tx: &mut T,
    author: &AuthorRef,
) -> Result<AuthorRecord, StoreError> {
    let found = match author {
        AuthorRef::EndUser(id) => tx.fetch_user(id).await?.map(AuthorRecord::EndUser),
        AuthorRef::Agent(id) => tx.active_agent(id).await?.map(AuthorRecord::Agent),
    };
    found.ok_or_else(|| invalid("author", "no such end user or active agent"))
}

// --- agents and their credentials ---

pub(super) async fn add_agent<T: Tx>(tx: &mut T, new: NewAgent) -> Result<AgentRecord, StoreError> {
    let id = new.id.clone().unwrap_or_else(|| new_id("agent"));
    if id.is_empty() {
        return Err(invalid("id", "must not be empty"));
    }
    if !tx.insert_agent(&id, &new, now()).await? {
        return Err(StoreError::Conflict(format!("agent {id:?} already exists")));
    }
    tx.active_agent(&id)
        .await?
        .ok_or_else(|| corrupt("agent vanished".into()))
}

/// `Invalid` naming `agent_id` unless the agent exists and was not removed.
async fn check_active_agent<T: Tx>(tx: &mut T, agent_id: &str) -> Result<(), StoreError> {
    if tx.active_agent_exists(agent_id).await? {
        Ok(())
    } else {
        Err(invalid("agent_id", "no such active agent"))
    }
}

pub(super) async fn add_agent_token<T: Tx>(
    tx: &mut T,
    token_hash: &str,
    agent_id: &str,
) -> Result<(), StoreError> {
    check_active_agent(tx, agent_id).await?;
    tx.insert_agent_token(token_hash, agent_id, now()).await
}

pub(super) async fn insert_inbox_session<T: Tx>(
    tx: &mut T,
    session_hash: &str,
    agent_id: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    check_active_agent(tx, agent_id).await?;
    tx.purge_inbox_sessions(now).await?;
    tx.insert_inbox_session(session_hash, agent_id, expires_at, now)
        .await
}

// --- conversations ---

pub(super) async fn create_conversation<T: Tx>(
    tx: &mut T,
    new: NewConversation,
) -> Result<Created<(ConversationRecord, MessageRecord)>, StoreError> {
    // A replay answers before validation: the references may have changed since.
    if let Some(object_id) = &new.object_id
        && let Some(done) = existing_conversation(tx, object_id, &new.fingerprint).await?
    {
        return Ok(done);
    }
    if !tx.user_exists(&new.user_id).await? {
        return Err(invalid("user_id", "no such user"));
    }
    if let Some(assignee) = &new.assignee_id
        && !tx.active_agent_exists(assignee).await?
    {
        return Err(invalid("assignee_id", "no such active agent"));
    }
    let id = new_id("conv");
    if !tx.insert_conversation(&id, &new, now()).await? {
        // A concurrent create with this object_id committed first.
        let object_id = new.object_id.as_deref().unwrap_or_default();
        return existing_conversation(tx, object_id, &new.fingerprint)
            .await?
            .ok_or_else(|| StoreError::Conflict("conversation object_id in use".into()));
    }
    let Some(message) = insert_message(tx, &id, &new.initial_message).await? else {
        // Nothing is written: the author may not write, or the initial message's
        // object_id is taken, and then the answer is that message and its conversation.
        tx.undo().await?;
        fetch_author(tx, &new.initial_message.author).await?;
        own_conversation(&new.initial_message, &new.user_id)?;
        let (message, _) = taken_message(tx, &new.initial_message).await?;
        let conversation = tx
            .fetch_conversation(&message.conversation_id)
            .await?
            .ok_or_else(|| corrupt("message without conversation".into()))?;
        return Ok(Created {
            record: (conversation, message),
            outcome: Outcome::Conflict,
        });
    };
    let conversation = tx
        .fetch_conversation(&id)
        .await?
        .ok_or_else(|| corrupt("conversation vanished after insert".into()))?;
    Ok(Created {
        record: (conversation, message),
        outcome: Outcome::Created,
    })
}

/// The conversation with this object_id and its first message, as a replay or conflict.
async fn existing_conversation<T: Tx>(
    tx: &mut T,
    object_id: &str,
    fingerprint: &str,
) -> Result<Option<Created<(ConversationRecord, MessageRecord)>>, StoreError> {
    let Some((conversation, stored)) = tx.conversation_by_object_id(object_id).await? else {
        return Ok(None);
    };
    let message = tx
        .first_message(&conversation.id)
        .await?
        .ok_or_else(|| corrupt("conversation without a first message".into()))?;
    Ok(Some(Created {
        record: (conversation, message),
        outcome: outcome_for(stored.as_deref(), fingerprint),
    }))
}

pub(super) async fn update_conversation<T: Tx>(
    tx: &mut T,
    id: &str,
    changes: ConversationChanges,
    sync: SyncEvent,
) -> Result<Option<ConversationRecord>, StoreError> {
    if let Tristate::Value(agent) = &changes.assignee_id
        && !tx.active_agent_exists(agent).await?
    {
        return Err(invalid("assignee_id", "no such active agent"));
    }
    if !tx.update_conversation(id, changes, now()).await? {
        return Ok(None);
    }
    if sync == SyncEvent::Queue {
        enqueue_sync(tx, id).await?;
    }
    tx.fetch_conversation(id).await
}

// --- messages ---

pub(super) async fn create_message<T: Tx>(
    tx: &mut T,
    new: &NewMessage,
    sync: SyncEvent,
) -> Result<Created<MessageRecord>, StoreError> {
    let Some(record) = insert_message(tx, &new.conversation_id, new).await? else {
        tx.undo().await?;
        return refused_message(tx, new).await;
    };
    if sync == SyncEvent::Queue {
        enqueue_sync(tx, &new.conversation_id).await?;
    }
    Ok(Created {
        record,
        outcome: Outcome::Created,
    })
}

/// Why a message was not inserted; the first reason that holds answers: an existing
/// object_id (a replay or a conflict), an unknown conversation, then the author (unknown,
/// then not the conversation's user).
async fn refused_message<T: Tx>(
    tx: &mut T,
    new: &NewMessage,
) -> Result<Created<MessageRecord>, StoreError> {
    if let Some(object_id) = &new.object_id
        && let Some((record, stored)) = tx.message_by_object_id(object_id).await?
    {
        return Ok(Created {
            record,
            outcome: outcome_for(stored.as_deref(), &new.fingerprint),
        });
    }
    // Read whole only on this path, which is rare: the conversation's user is the last check.
    let Some(conversation) = tx.fetch_conversation(&new.conversation_id).await? else {
        return Err(StoreError::NotFound {
            what: "conversation",
            id: new.conversation_id.clone(),
        });
    };
    fetch_author(tx, &new.author).await?;
    own_conversation(new, &conversation.user.id)?;
    let (record, stored) = taken_message(tx, new).await?;
    Ok(Created {
        record,
        outcome: outcome_for(stored.as_deref(), &new.fingerprint),
    })
}

/// `Invalid` naming `author` if `new` must come from the conversation's own user and its
/// end-user author is another (the refusal [`MessageRow::required_user`] makes the insert's).
fn own_conversation(new: &NewMessage, conversation_user: &str) -> Result<(), StoreError> {
    match &new.author {
        AuthorRef::EndUser(id) if new.own_conversation_only && id != conversation_user => Err(
            invalid("author", "the end user is not this conversation's user"),
        ),
        _ => Ok(()),
    }
}

/// The message holding `new`'s object_id, once every other reason for a refusal is ruled
/// out. Without one, the object_id was taken when the insert ran and is free again (its
/// message erased meanwhile): a conflict the client may resolve by sending again.
async fn taken_message<T: Tx>(
    tx: &mut T,
    new: &NewMessage,
) -> Result<(MessageRecord, Option<String>), StoreError> {
    let Some(object_id) = &new.object_id else {
        return Err(corrupt("message neither inserted nor refused".into()));
    };
    tx.message_by_object_id(object_id)
        .await?
        .ok_or_else(|| StoreError::Conflict("message object_id in use".into()))
}

/// Inserts the message into `conversation_id` through the backend's step; `None` if it
/// was refused.
async fn insert_message<T: Tx>(
    tx: &mut T,
    conversation_id: &str,
    new: &NewMessage,
) -> Result<Option<MessageRecord>, StoreError> {
    let at = now();
    let row = MessageRow {
        id: new_id("msg"),
        conversation_id,
        new,
        at,
        created_at: truncate_ms(new.created_at.unwrap_or(at)),
    };
    let Some(author) = tx.insert_message(&row).await? else {
        return Ok(None);
    };
    // Built rather than read back: one statement less on the hot path.
    Ok(Some(MessageRecord {
        id: row.id,
        conversation_id: conversation_id.to_owned(),
        object_id: new.object_id.clone(),
        message_type: new.message_type.clone(),
        body: new.body.clone(),
        author,
        visibility: new.visibility,
        attachments: new.attachments.clone(),
        created_at: row.created_at,
    }))
}

// --- outbox ---

/// Queues (or merges into) the conversation's sync event, whose body `webhook` owns.
async fn enqueue_sync<T: Tx>(tx: &mut T, conversation_id: &str) -> Result<OutboxEvent, StoreError> {
    let payload = sync_payload(conversation_id);
    tx.enqueue_sync(conversation_id, &payload, now()).await
}

pub(super) async fn enqueue_event<T: Tx>(
    tx: &mut T,
    conversation_id: &str,
    kind: EventKind,
    payload: &Value,
) -> Result<OutboxEvent, StoreError> {
    if !tx.conversation_exists(conversation_id).await? {
        return Err(StoreError::NotFound {
            what: "conversation",
            id: conversation_id.to_owned(),
        });
    }
    match kind {
        // Sync events merge, and their body is always the conversation's sync body.
        EventKind::Sync => enqueue_sync(tx, conversation_id).await,
        other => {
            tx.enqueue_other(conversation_id, other, payload, now())
                .await
        }
    }
}

/// Records one outcome; whether the claim still held (else nothing changed).
pub(super) async fn record_outcome<T: Tx>(
    tx: &mut T,
    claim: Claim,
    outcome: &EventOutcome,
) -> Result<bool, StoreError> {
    Ok(tx.record_outcome(claim, outcome).await? > 0)
}

// --- shared by several rules ---

fn outcome_for(existing_fingerprint: Option<&str>, fingerprint: &str) -> Outcome {
    if existing_fingerprint == Some(fingerprint) {
        Outcome::Replayed
    } else {
        Outcome::Conflict
    }
}

/// The first of the candidates `(id, messages)` that fit in
/// [`RETENTION_MESSAGES_PER_BATCH`], and always the first one.
pub(super) fn retention_batch(candidates: Vec<(String, i64)>) -> Vec<String> {
    let mut messages = 0i64;
    candidates
        .into_iter()
        .enumerate()
        .take_while(|(i, (_, n))| {
            messages = messages.saturating_add(*n);
            *i == 0 || messages <= RETENTION_MESSAGES_PER_BATCH
        })
        .map(|(_, (id, _))| id)
        .collect()
}

/// When a claim taken at `now` for `lease` ends; `Invalid` naming `lease` if that is out
/// of range.
pub(super) fn lease_end(now: DateTime<Utc>, lease: Duration) -> Result<DateTime<Utc>, StoreError> {
    let lease = chrono::Duration::from_std(lease).map_err(|e| invalid("lease", e.to_string()))?;
    now.checked_add_signed(lease)
        .ok_or_else(|| invalid("lease", "ends past the last representable time"))
}
