//! The helpdesk's rules, shared by both variants and by the human-agent API: validation,
//! idempotency on `object_id`, handover, and the mapping of storage failures to client
//! errors. The adapters in `server::rest` and `server::posts` only translate wire types.
//! It knows nothing of HTTP: its failures are [`Error`]s, which the edge maps to answers.

mod error;

pub use error::Error;

use crate::store::{
    AgentRecord, AttachmentRecord, AuthorRef, ConversationChanges, ConversationFilter,
    ConversationRecord, ConversationStatus, Created, ErrorKind, EventKind, MessageRecord,
    MessageVisibility, NewConversation, NewMessage, NewUser, Outcome, Store, StoreError, SyncEvent,
    UserChanges, UserRecord,
};
use crate::tristate::Tristate;
use crate::webhook;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Arc;

pub use crate::auth::Caller;

/// Who writes a message: Fin (through the Fin API) or a human agent (through the
/// helpdesk API, which also tells Fin through the outbox).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Fin,
    HumanAgent,
}

impl Origin {
    fn notify(self) -> SyncEvent {
        match self {
            Origin::Fin => SyncEvent::Skip,
            Origin::HumanAgent => SyncEvent::Queue,
        }
    }
}

/// A message to store, whichever variant or API sent it.
#[derive(Debug, Clone)]
pub struct MessageInput {
    pub object_id: Option<String>,
    pub body: Option<String>,
    pub author: AuthorRef,
    /// Absent means public (openapi/README.md).
    pub visibility: Option<MessageVisibility>,
    pub attachments: Vec<AttachmentRecord>,
    pub created_at: Option<String>,
}

/// A conversation to create together with its first message.
#[derive(Debug, Clone)]
pub struct ConversationInput {
    pub object_id: String,
    pub user_id: String,
    pub title: Option<String>,
    pub attributes: Map<String, Value>,
    pub initial_message: MessageInput,
}

/// Changes to a conversation; `None` and [`Tristate::Absent`] leave a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ConversationUpdate {
    pub title: Tristate<String>,
    pub tags: Option<Vec<String>>,
    pub attributes: Option<Map<String, Value>>,
    pub status: Option<ConversationStatus>,
    /// `Null` unassigns: the handover to a human.
    pub assignee_id: Tristate<String>,
    pub last_user_read_at: Tristate<String>,
}

/// The end user as the POST-only variant sends it: create or update by id.
#[derive(Debug, Clone)]
pub struct UserUpsert {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub photo_url: Option<String>,
    pub attributes: Option<Map<String, Value>>,
}

#[derive(Clone)]
pub struct Service {
    store: Arc<dyn Store>,
    /// Signalled after an event is queued, so the outbox worker sends it at once instead
    /// of at its next poll.
    outbox_signal: Arc<tokio::sync::Notify>,
}

impl Service {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Service {
            store,
            outbox_signal: Arc::new(tokio::sync::Notify::new()),
        }
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// What the outbox worker waits on.
    pub fn outbox_signal(&self) -> Arc<tokio::sync::Notify> {
        self.outbox_signal.clone()
    }

    fn queued(&self, notify: SyncEvent) {
        if notify != SyncEvent::Skip {
            // `notify_one` keeps a permit when the worker is busy, so no wake-up is lost.
            self.outbox_signal.notify_one();
        }
    }

    /// Conversations matching `filter`, most recently updated first.
    pub async fn list_conversations(
        &self,
        caller: &Caller,
        filter: ConversationFilter,
    ) -> Result<Vec<ConversationRecord>, Error> {
        refuse_nul("assignee", filter.assignee_id.as_deref())?;
        within(caller, self.store.list_conversations(filter))
            .await
            .map_err(|e| self.fail(caller, e, "filter"))
    }

    /// Queues a typing indicator from `agent` for Fin (sent once, not retried).
    pub async fn agent_typing(
        &self,
        caller: &Caller,
        conversation_id: &str,
        agent: &AgentRecord,
    ) -> Result<(), Error> {
        refuse_nul("conversation_id", Some(conversation_id))?;
        let typist = webhook::Typist {
            id: &agent.id,
            name: agent.name.as_deref(),
            alias: agent.alias.as_deref(),
            email: agent.email.as_deref(),
        };
        let payload = webhook::typing_payload(conversation_id, typist);
        within(
            caller,
            self.store
                .enqueue_event(conversation_id, EventKind::Typing, payload),
        )
        .await
        .map_err(|e| self.fail(caller, e, "conversation_id"))?;
        self.queued(SyncEvent::Queue);
        Ok(())
    }

    /// Turns a storage failure into a client error by what it means, not by which driver
    /// raised it: only a failure that a retry can cure is a 503. Database details are
    /// logged against the request, never sent.
    fn fail(&self, caller: &Caller, error: StoreError, field: &str) -> Error {
        match error.kind() {
            ErrorKind::NotFound | ErrorKind::Conflict | ErrorKind::Invalid => match error {
                StoreError::NotFound { what, id } => Error::not_found(field, what, &id),
                StoreError::Invalid { field, message } => Error::invalid(field, message),
                StoreError::Conflict(message) => Error::conflict(message),
                other => internal(caller, &other),
            },
            ErrorKind::Refused => {
                slog::warn!(caller.log(), "the database refused a value"; "error" => %error);
                Error::invalid(field, "the helpdesk cannot store this value")
            }
            ErrorKind::Unavailable => {
                slog::warn!(caller.log(), "storage unavailable"; "error" => %error);
                Error::unavailable()
            }
            ErrorKind::Internal => internal(caller, &error),
        }
    }

    pub async fn get_user(&self, caller: &Caller, id: &str) -> Result<UserRecord, Error> {
        refuse_nul("user_id", Some(id))?;
        within(caller, self.store.get_user(id))
            .await
            .map_err(|e| self.fail(caller, e, "user_id"))?
            .ok_or_else(|| Error::not_found("user_id", "user", id))
    }

    pub async fn create_user(
        &self,
        caller: &Caller,
        object_id: &str,
        name: Option<String>,
        email: Option<String>,
        request: &impl Serialize,
    ) -> Result<UserRecord, Error> {
        require_non_empty("object_id", object_id)?;
        refuse_nul("object_id", Some(object_id))?;
        refuse_nul("name", name.as_deref())?;
        refuse_nul("email", email.as_deref())?;
        validate_contact("", email.as_deref(), None)?;
        let created = within(
            caller,
            self.store.create_user(NewUser {
                object_id: Some(object_id.to_string()),
                fingerprint: fingerprint(request),
                name,
                email,
                photo_url: None,
                attributes: Map::new(),
            }),
        )
        .await
        .map_err(|e| self.fail(caller, e, "object_id"))?;
        replayed_or_conflict(created, "user", object_id)
    }

    /// Given attribute keys overwrite, the others stay.
    pub async fn update_user_attributes(
        &self,
        caller: &Caller,
        id: &str,
        attributes: Map<String, Value>,
    ) -> Result<UserRecord, Error> {
        refuse_nul("user_id", Some(id))?;
        json_object("attributes", &attributes)?;
        let changes = UserChanges {
            merge_attributes: attributes,
            ..UserChanges::default()
        };
        within(caller, self.store.update_user(id, changes))
            .await
            .map_err(|e| self.fail(caller, e, "user_id"))?
            .ok_or_else(|| Error::not_found("user_id", "user", id))
    }

    /// Creates the user with this id, or updates the fields sent.
    pub async fn upsert_user(
        &self,
        caller: &Caller,
        user: UserUpsert,
    ) -> Result<UserRecord, Error> {
        require_non_empty("user.id", &user.id)?;
        refuse_nul("user.id", Some(&user.id))?;
        refuse_nul("user.name", user.name.as_deref())?;
        refuse_nul("user.email", user.email.as_deref())?;
        refuse_nul("user.photo_url", user.photo_url.as_deref())?;
        if let Some(attributes) = &user.attributes {
            json_object("user.attributes", attributes)?;
        }
        validate_contact("user.", user.email.as_deref(), user.photo_url.as_deref())?;
        let changes = UserChanges {
            name: user.name.map_or(Tristate::Absent, Tristate::Value),
            email: user.email.map_or(Tristate::Absent, Tristate::Value),
            photo_url: user.photo_url.map_or(Tristate::Absent, Tristate::Value),
            merge_attributes: user.attributes.unwrap_or_default(),
        };
        within(caller, self.store.upsert_user(&user.id, changes))
            .await
            .map_err(|e| self.fail(caller, e, "user.id"))
    }

    pub async fn list_agents(
        &self,
        caller: &Caller,
    ) -> Result<Vec<crate::store::AgentRecord>, Error> {
        within(caller, self.store.list_agents())
            .await
            .map_err(|e| self.fail(caller, e, "agents"))
    }

    pub async fn get_conversation(
        &self,
        caller: &Caller,
        id: &str,
    ) -> Result<ConversationRecord, Error> {
        refuse_nul("conversation_id", Some(id))?;
        within(caller, self.store.get_conversation(id))
            .await
            .map_err(|e| self.fail(caller, e, "conversation_id"))?
            .ok_or_else(|| Error::not_found("conversation_id", "conversation", id))
    }

    /// Stores the conversation and its first message in one transaction.
    pub async fn create_conversation(
        &self,
        caller: &Caller,
        input: ConversationInput,
        request: &impl Serialize,
    ) -> Result<(ConversationRecord, MessageRecord), Error> {
        require_non_empty("object_id", &input.object_id)?;
        refuse_nul("object_id", Some(&input.object_id))?;
        refuse_nul("user_id", Some(&input.user_id))?;
        refuse_nul("title", input.title.as_deref())?;
        json_object("attributes", &input.attributes)?;
        let message = &input.initial_message;
        validate_content(message, "initial_message")?;
        if let AuthorRef::EndUser(author) = &message.author
            && author != &input.user_id
        {
            return Err(Error::invalid(
                "initial_message.author.id",
                format_args!(
                    "the end user `{author}` is not this conversation's user `{}`",
                    input.user_id
                ),
            ));
        }
        let created_at = parse_time("initial_message.created_at", message.created_at.as_deref())?;
        let user_id = input.user_id.clone();
        let new = NewConversation {
            object_id: Some(input.object_id.clone()),
            fingerprint: fingerprint(request),
            user_id: input.user_id,
            title: input.title,
            tags: Vec::new(),
            attributes: input.attributes,
            status: ConversationStatus::Open,
            assignee_id: None,
            initial_message: NewMessage {
                object_id: message.object_id.clone(),
                fingerprint: fingerprint(request),
                conversation_id: String::new(),
                message_type: MESSAGE_TYPE.to_string(),
                body: message.body.clone(),
                author: message.author.clone(),
                visibility: message.visibility.unwrap_or(MessageVisibility::Public),
                attachments: message.attachments.clone(),
                created_at,
                own_conversation_only: true,
            },
        };
        let created = within(caller, self.store.create_conversation(new))
            .await
            .map_err(|e| match e {
                // The store checks the user inside its transaction and calls a missing one
                // invalid input; to the client it is an unknown id like any other: 404.
                StoreError::Invalid {
                    field: "user_id", ..
                } => Error::not_found("user_id", "user", &user_id),
                other => self.fail(caller, other, "user_id"),
            })?;
        replayed_or_conflict(created, "conversation", &input.object_id)
    }

    /// Changes only the fields given; `assignee_id: Null` is the handover.
    pub async fn update_conversation(
        &self,
        caller: &Caller,
        id: &str,
        update: ConversationUpdate,
        origin: Origin,
    ) -> Result<ConversationRecord, Error> {
        refuse_nul("conversation_id", Some(id))?;
        if let Tristate::Value(title) = &update.title {
            refuse_nul("title", Some(title))?;
        }
        for (index, tag) in update.tags.iter().flatten().enumerate() {
            refuse_nul(&format!("tags[{index}]"), Some(tag))?;
        }
        if let Some(attributes) = &update.attributes {
            json_object("attributes", attributes)?;
        }
        if let Tristate::Value(assignee) = &update.assignee_id {
            refuse_nul("assignee_id", Some(assignee))?;
            let agent = within(caller, self.store.get_agent(assignee))
                .await
                .map_err(|e| self.fail(caller, e, "assignee_id"))?;
            if agent.is_none() {
                return Err(Error::not_found("assignee_id", "agent", assignee));
            }
        }
        let last_user_read_at = match update.last_user_read_at {
            Tristate::Absent => Tristate::Absent,
            Tristate::Null => Tristate::Null,
            Tristate::Value(text) => parse_time("last_user_read_at", Some(&text))?.into(),
        };
        let changes = ConversationChanges {
            title: update.title,
            tags: update.tags,
            attributes: update.attributes,
            status: update.status,
            assignee_id: update.assignee_id,
            last_user_read_at,
        };
        let record = within(
            caller,
            self.store.update_conversation(id, changes, origin.notify()),
        )
        .await
        .map_err(|e| self.fail(caller, e, "conversation_id"))?
        .ok_or_else(|| Error::not_found("conversation_id", "conversation", id))?;
        self.queued(origin.notify());
        Ok(record)
    }

    /// Messages in creation order; with `after_id`, only the later ones.
    pub async fn list_messages(
        &self,
        caller: &Caller,
        conversation_id: &str,
        after_id: Option<&str>,
    ) -> Result<Vec<MessageRecord>, Error> {
        refuse_nul("conversation_id", Some(conversation_id))?;
        refuse_nul("after_id", after_id)?;
        // An empty conversation and an unknown one must not look alike.
        let messages = within(caller, self.store.list_messages(conversation_id, after_id))
            .await
            .map_err(|e| self.fail(caller, e, "conversation_id"))?;
        if messages.is_empty() {
            self.get_conversation(caller, conversation_id).await?;
        }
        Ok(messages)
    }

    /// The newest message (notes included) of each of these conversations, by
    /// conversation id; one without messages, or unknown, has no entry.
    pub async fn last_messages(
        &self,
        caller: &Caller,
        conversation_ids: &[String],
    ) -> Result<HashMap<String, MessageRecord>, Error> {
        for id in conversation_ids {
            refuse_nul("conversation_ids", Some(id))?;
        }
        within(caller, self.store.last_messages(conversation_ids))
            .await
            .map_err(|e| self.fail(caller, e, "conversation_ids"))
    }

    /// Stores the message. Its author must be the conversation's end user or a known
    /// agent: the insert itself refuses any other (`own_conversation_only`), so the
    /// common case reads nothing first. Only a message not created is checked here, in
    /// one order of precedence (unknown conversation, then the author, then the store's
    /// own answer: a replay, a conflict), so a request wrong in several ways gets the same
    /// answer whichever check the insert met first.
    pub async fn create_message(
        &self,
        caller: &Caller,
        conversation_id: &str,
        message: MessageInput,
        origin: Origin,
        request: &impl Serialize,
    ) -> Result<MessageRecord, Error> {
        refuse_nul("conversation_id", Some(conversation_id))?;
        validate_content(&message, "")?;
        let created_at = parse_time("created_at", message.created_at.as_deref())?;
        let author = message.author.clone();
        let object_id = message.object_id.clone();
        let stored = within(
            caller,
            self.store.create_message(
                NewMessage {
                    object_id: message.object_id,
                    fingerprint: fingerprint(request),
                    conversation_id: conversation_id.to_string(),
                    message_type: MESSAGE_TYPE.to_string(),
                    body: message.body,
                    author: message.author,
                    visibility: message.visibility.unwrap_or(MessageVisibility::Public),
                    attachments: message.attachments,
                    created_at,
                    own_conversation_only: true,
                },
                origin.notify(),
            ),
        )
        .await;
        if !matches!(&stored, Ok(created) if created.outcome == Outcome::Created) {
            self.check_author(caller, conversation_id, &author).await?;
        }
        let created = stored.map_err(|e| self.fail(caller, e, "conversation_id"))?;
        self.queued(origin.notify());
        replayed_or_conflict(created, "message", object_id.as_deref().unwrap_or_default())
    }

    /// The conversation exists and `author` may write in it: its end user or a known agent.
    async fn check_author(
        &self,
        caller: &Caller,
        conversation_id: &str,
        author: &AuthorRef,
    ) -> Result<(), Error> {
        let conversation = self.get_conversation(caller, conversation_id).await?;
        match author {
            AuthorRef::EndUser(id) if id != &conversation.user.id => Err(Error::invalid(
                "author.id",
                format_args!("the end user `{id}` is not this conversation's user"),
            )),
            AuthorRef::Agent(id) => {
                let agent = within(caller, self.store.get_agent(id))
                    .await
                    .map_err(|e| self.fail(caller, e, "author.id"))?;
                match agent {
                    Some(_) => Ok(()),
                    None => Err(Error::invalid(
                        "author.id",
                        format_args!("no agent with id `{id}`"),
                    )),
                }
            }
            AuthorRef::EndUser(_) => Ok(()),
        }
    }
}

/// `call`, cut off at the caller's deadline: a request as a whole is answered within the
/// storage bound, however many calls it makes (each is also bounded by `store::Bounded`).
async fn within<T>(
    caller: &Caller,
    call: impl std::future::Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    caller.before(call).await
}

/// A bug or a broken database, not the client's doing: a 500, logged with the request id.
fn internal(caller: &Caller, error: &StoreError) -> Error {
    slog::error!(caller.log(), "storage failure"; "error" => %error);
    Error::internal()
}

/// The only message type the contract defines; requests may leave it out.
const MESSAGE_TYPE: &str = "comment";

fn replayed_or_conflict<T>(created: Created<T>, what: &str, object_id: &str) -> Result<T, Error> {
    match created.outcome {
        Outcome::Created | Outcome::Replayed => Ok(created.record),
        Outcome::Conflict => Err(Error::conflict(format!(
            "`object_id`: a {what} with object_id `{object_id}` was already created from a different request"
        ))),
    }
}

/// What we store is served back as `EndUser`, whose `email` and `photo_url` have formats:
/// refuse values that would break them rather than echo them later.
fn validate_contact(
    prefix: &str,
    email: Option<&str>,
    photo_url: Option<&str>,
) -> Result<(), Error> {
    if let Some(email) = email {
        let (local, domain) = email.split_once('@').unwrap_or_default();
        if local.is_empty() || domain.is_empty() || email.chars().any(char::is_whitespace) {
            return Err(Error::invalid(
                &format!("{prefix}email"),
                "must be an email address",
            ));
        }
    }
    if let Some(url) = photo_url
        && url::Url::parse(url).is_err()
    {
        return Err(Error::invalid(
            &format!("{prefix}photo_url"),
            "must be an absolute URL",
        ));
    }
    Ok(())
}

/// U+0000 is refused in every text the helpdesk stores or looks up, on both backends:
/// PostgreSQL cannot hold it in `text` or `jsonb` and SQLite can, and one input must get
/// one answer whatever the database (openapi/README.md). A 400 naming the field, before
/// anything is written.
fn refuse_nul(field: &str, value: Option<&str>) -> Result<(), Error> {
    match value {
        Some(value) if value.contains('\0') => Err(nul_refused(field)),
        _ => Ok(()),
    }
}

/// [`refuse_nul`] for every key and string inside a JSON object, naming the innermost place.
fn json_object(field: &str, object: &Map<String, Value>) -> Result<(), Error> {
    match nul_in_object(object) {
        None => Ok(()),
        Some((path, Nul::InValue)) => Err(nul_refused(&format!("{field}{path}"))),
        Some((path, Nul::InKey)) => Err(Error::invalid(
            &format!("{field}{path}"),
            "a key contains U+0000 (NUL), which the helpdesk does not store",
        )),
    }
}

enum Nul {
    InKey,
    InValue,
}

/// Where U+0000 is, as a path below the object (`.key[2]`); built only when found, as
/// attributes may hold thousands of keys.
fn nul_in_object(object: &Map<String, Value>) -> Option<(String, Nul)> {
    object.iter().find_map(|(key, value)| {
        if key.contains('\0') {
            return Some((String::new(), Nul::InKey));
        }
        nul_in(value).map(|(path, nul)| (format!(".{key}{path}"), nul))
    })
}

fn nul_in(value: &Value) -> Option<(String, Nul)> {
    match value {
        Value::String(text) => text.contains('\0').then(|| (String::new(), Nul::InValue)),
        Value::Array(items) => items.iter().enumerate().find_map(|(index, item)| {
            nul_in(item).map(|(path, nul)| (format!("[{index}]{path}"), nul))
        }),
        Value::Object(object) => nul_in_object(object),
        _ => None,
    }
}

fn nul_refused(field: &str) -> Error {
    Error::invalid(
        field,
        "contains U+0000 (NUL), which the helpdesk does not store",
    )
}

fn require_non_empty(field: &str, value: &str) -> Result<(), Error> {
    if value.trim().is_empty() {
        Err(Error::invalid(field, "must not be empty"))
    } else {
        Ok(())
    }
}

/// A message needs a body or an attachment, and attachments are fetched over https only.
fn validate_content(message: &MessageInput, prefix: &str) -> Result<(), Error> {
    let field = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        }
    };
    refuse_nul(&field("object_id"), message.object_id.as_deref())?;
    refuse_nul(&field("body"), message.body.as_deref())?;
    let author = match &message.author {
        AuthorRef::EndUser(id) | AuthorRef::Agent(id) => id,
    };
    refuse_nul(&field("author.id"), Some(author))?;
    let has_body = message
        .body
        .as_deref()
        .is_some_and(|body| !body.trim().is_empty());
    if !has_body && message.attachments.is_empty() {
        return Err(Error::invalid(
            &field("body"),
            "a message needs a non-empty body or at least one attachment",
        ));
    }
    for (index, attachment) in message.attachments.iter().enumerate() {
        let at = |name: &str| field(&format!("attachments[{index}].{name}"));
        refuse_nul(&at("url"), Some(&attachment.url))?;
        refuse_nul(&at("filetype"), attachment.filetype.as_deref())?;
        refuse_nul(&at("filename"), attachment.filename.as_deref())?;
        let valid = url::Url::parse(&attachment.url)
            .is_ok_and(|url| url.scheme() == "https" && url.host().is_some());
        if !valid {
            return Err(Error::invalid(
                &field(&format!("attachments[{index}].url")),
                "must be an absolute https URL",
            ));
        }
    }
    Ok(())
}

fn parse_time(field: &str, text: Option<&str>) -> Result<Option<DateTime<Utc>>, Error> {
    text.map(|text| {
        DateTime::parse_from_rfc3339(text)
            .map(|time| time.with_timezone(&Utc))
            .map_err(|_| {
                Error::invalid(
                    field,
                    format_args!("`{text}` is not an ISO 8601 (RFC 3339) timestamp"),
                )
            })
    })
    .transpose()
}

/// A digest of the request's content, independent of key order, to tell a retry from a
/// different request that reuses an `object_id`: SHA-256 of the compact JSON with every
/// object's keys sorted. Stored with each created object, so the digest must never
/// change for a given request (the test below pins it to the original formulation).
pub fn fingerprint(request: &impl Serialize) -> String {
    let mut value = serde_json::to_value(request).unwrap_or(Value::Null);
    // Sorting in place and hashing while writing spares rebuilding every object and
    // holding the whole text: this runs on every create.
    value.sort_all_objects();
    let mut hasher = HashWriter(Sha256::new());
    if serde_json::to_writer(&mut hasher, &value).is_err() {
        // Writing into a hasher cannot fail; stay total anyway.
        return hex::encode(Sha256::digest(b"null"));
    }
    hex::encode(hasher.0.finalize())
}

/// `io::Write` into a running SHA-256.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// ISO 8601 UTC with milliseconds, as in the contract's examples.
pub fn timestamp(time: &DateTime<Utc>) -> String {
    time.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fingerprint as first written: rebuild objects with sorted keys, print, hash.
    fn original_fingerprint(request: &impl Serialize) -> String {
        fn canonical(value: Value) -> Value {
            match value {
                Value::Object(map) => {
                    let mut entries: Vec<(String, Value)> = map.into_iter().collect();
                    entries.sort_by(|a, b| a.0.cmp(&b.0));
                    Value::Object(
                        entries
                            .into_iter()
                            .map(|(k, v)| (k, canonical(v)))
                            .collect(),
                    )
                }
                Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
                other => other,
            }
        }
        let value = serde_json::to_value(request)
            .map(canonical)
            .unwrap_or(Value::Null);
        hex::encode(Sha256::digest(value.to_string().as_bytes()))
    }

    #[test]
    fn fingerprint_is_unchanged_and_ignores_key_order() {
        let request = serde_json::json!({
            "object_id": "m1",
            "body": "<p>Héllo \"there\"</p>\n",
            "author": {"user_type": "agent", "id": "fin"},
            "attributes": {"z": [3, {"b": 1.5, "a": null}], "a": true, "é": "x"},
        });
        let reordered = serde_json::json!({
            "attributes": {"é": "x", "a": true, "z": [3, {"a": null, "b": 1.5}]},
            "author": {"id": "fin", "user_type": "agent"},
            "body": "<p>Héllo \"there\"</p>\n",
            "object_id": "m1",
        });
        assert_eq!(fingerprint(&request), original_fingerprint(&request));
        assert_eq!(fingerprint(&request), fingerprint(&reordered));
        assert_ne!(
            fingerprint(&request),
            fingerprint(&serde_json::json!({"object_id": "m1"}))
        );
    }
}
