//! The helpdesk's rules, shared by both variants and by the human-agent API: validation,
//! idempotency on `object_id`, handover, and the mapping of storage failures to client
//! errors. The adapters in `server::rest` and `server::posts` only translate wire types.

use crate::server::ApiError;
use crate::store::{
    AgentRecord, AttachmentRecord, AuthorRef, Change, ConversationChanges, ConversationFilter,
    ConversationRecord, Created, EventKind, MessageRecord, NewConversation, NewMessage, NewUser,
    Notify, Outcome, Store, StoreError, UserChanges, UserRecord,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Proof that the caller was authenticated; only `server::auth` can make one, so a
/// handler that skips authentication cannot call the service.
#[derive(Debug, Clone)]
pub struct Caller {
    _private: (),
}

impl Caller {
    pub(crate) fn authenticated() -> Self {
        Caller { _private: () }
    }
}

/// Who writes a message: Fin (through the Fin API) or a human agent (through the
/// helpdesk API, which also tells Fin through the outbox).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Fin,
    HumanAgent,
}

impl Origin {
    fn notify(self) -> Notify {
        match self {
            Origin::Fin => Notify::None,
            Origin::HumanAgent => Notify::Sync,
        }
    }
}

/// A message to store, whichever variant or API sent it.
#[derive(Debug, Clone)]
pub struct MessageInput {
    pub object_id: Option<String>,
    pub body: Option<String>,
    pub author: AuthorRef,
    /// `public` or `private`; absent means `public` (openapi/README.md).
    pub visibility: Option<String>,
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

/// Changes to a conversation; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ConversationUpdate {
    pub title: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    pub attributes: Option<Map<String, Value>>,
    pub status: Option<String>,
    /// `Some(None)` unassigns: the handover to a human.
    pub assignee_id: Option<Option<String>>,
    pub last_user_read_at: Option<Option<String>>,
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
    log: slog::Logger,
    /// Signalled after an event is queued, so the outbox worker sends it at once instead
    /// of at its next poll.
    outbox_signal: Arc<tokio::sync::Notify>,
}

impl Service {
    pub fn new(store: Arc<dyn Store>, log: slog::Logger) -> Self {
        Service {
            store,
            log,
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

    fn queued(&self, notify: Notify) {
        if notify != Notify::None {
            // `notify_one` keeps a permit when the worker is busy, so no wake-up is lost.
            self.outbox_signal.notify_one();
        }
    }

    /// Conversations matching `filter`, most recently updated first.
    pub async fn list_conversations(
        &self,
        _: &Caller,
        filter: ConversationFilter,
    ) -> Result<Vec<ConversationRecord>, ApiError> {
        self.store
            .list_conversations(filter)
            .await
            .map_err(|e| self.fail(e, "filter"))
    }

    /// Queues a typing indicator from `agent` for Fin (sent once, not retried).
    pub async fn agent_typing(
        &self,
        _: &Caller,
        conversation_id: &str,
        agent: &AgentRecord,
    ) -> Result<(), ApiError> {
        let payload = crate::outbox::typing_payload(conversation_id, agent);
        self.store
            .enqueue_event(conversation_id, EventKind::Typing, payload)
            .await
            .map_err(|e| self.fail(e, "conversation_id"))?;
        self.queued(Notify::Sync);
        Ok(())
    }

    /// Turns a storage failure into a client error; database details are logged, never
    /// sent.
    fn fail(&self, error: StoreError, field: &str) -> ApiError {
        match error {
            StoreError::NotFound { what, id } => ApiError::not_found(field, what, &id),
            StoreError::Invalid { field, message } => ApiError::invalid(field, message),
            StoreError::Conflict(message) => ApiError::conflict(message),
            other => {
                slog::error!(self.log, "storage failure"; "error" => %other);
                ApiError::unavailable()
            }
        }
    }

    pub async fn get_user(&self, _: &Caller, id: &str) -> Result<UserRecord, ApiError> {
        self.store
            .get_user(id)
            .await
            .map_err(|e| self.fail(e, "user_id"))?
            .ok_or_else(|| ApiError::not_found("user_id", "user", id))
    }

    pub async fn create_user(
        &self,
        _: &Caller,
        object_id: &str,
        name: Option<String>,
        email: Option<String>,
        request: &impl Serialize,
    ) -> Result<UserRecord, ApiError> {
        require_non_empty("object_id", object_id)?;
        validate_contact("", email.as_deref(), None)?;
        let created = self
            .store
            .create_user(NewUser {
                object_id: Some(object_id.to_string()),
                fingerprint: fingerprint(request),
                name,
                email,
                photo_url: None,
                attributes: Map::new(),
            })
            .await
            .map_err(|e| self.fail(e, "object_id"))?;
        replayed_or_conflict(created, "user", object_id)
    }

    /// Given attribute keys overwrite, the others stay.
    pub async fn update_user_attributes(
        &self,
        _: &Caller,
        id: &str,
        attributes: Map<String, Value>,
    ) -> Result<UserRecord, ApiError> {
        let changes = UserChanges {
            merge_attributes: attributes,
            ..UserChanges::default()
        };
        self.store
            .update_user(id, changes)
            .await
            .map_err(|e| self.fail(e, "user_id"))?
            .ok_or_else(|| ApiError::not_found("user_id", "user", id))
    }

    /// Creates the user with this id, or updates the fields sent.
    pub async fn upsert_user(&self, _: &Caller, user: UserUpsert) -> Result<UserRecord, ApiError> {
        require_non_empty("user.id", &user.id)?;
        validate_contact("user.", user.email.as_deref(), user.photo_url.as_deref())?;
        let changes = UserChanges {
            name: user
                .name
                .map_or(Change::Keep, |name| Change::Set(Some(name))),
            email: user
                .email
                .map_or(Change::Keep, |email| Change::Set(Some(email))),
            photo_url: user
                .photo_url
                .map_or(Change::Keep, |url| Change::Set(Some(url))),
            merge_attributes: user.attributes.unwrap_or_default(),
        };
        self.store
            .upsert_user(&user.id, changes)
            .await
            .map_err(|e| self.fail(e, "user.id"))
    }

    pub async fn list_agents(
        &self,
        _: &Caller,
    ) -> Result<Vec<crate::store::AgentRecord>, ApiError> {
        self.store
            .list_agents()
            .await
            .map_err(|e| self.fail(e, "agents"))
    }

    pub async fn get_conversation(
        &self,
        _: &Caller,
        id: &str,
    ) -> Result<ConversationRecord, ApiError> {
        self.store
            .get_conversation(id)
            .await
            .map_err(|e| self.fail(e, "conversation_id"))?
            .ok_or_else(|| ApiError::not_found("conversation_id", "conversation", id))
    }

    /// Stores the conversation and its first message in one transaction.
    pub async fn create_conversation(
        &self,
        _: &Caller,
        input: ConversationInput,
        request: &impl Serialize,
    ) -> Result<(ConversationRecord, MessageRecord), ApiError> {
        require_non_empty("object_id", &input.object_id)?;
        let message = &input.initial_message;
        validate_content(message, "initial_message")?;
        if let AuthorRef::EndUser(author) = &message.author
            && author != &input.user_id
        {
            return Err(ApiError::invalid(
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
            status: "open".to_string(),
            assignee_id: None,
            initial_message: NewMessage {
                object_id: message.object_id.clone(),
                fingerprint: fingerprint(request),
                conversation_id: String::new(),
                message_type: MESSAGE_TYPE.to_string(),
                body: message.body.clone(),
                author: message.author.clone(),
                visibility: visibility_or_public(message.visibility.clone()),
                attachments: message.attachments.clone(),
                created_at,
            },
        };
        let created = self
            .store
            .create_conversation(new)
            .await
            .map_err(|e| match e {
                // The store checks the user inside its transaction and calls a missing one
                // invalid input; to the client it is an unknown id like any other: 404.
                StoreError::Invalid {
                    field: "user_id", ..
                } => ApiError::not_found("user_id", "user", &user_id),
                other => self.fail(other, "user_id"),
            })?;
        replayed_or_conflict(created, "conversation", &input.object_id)
    }

    /// Changes only the fields given; `assignee_id: Some(None)` is the handover.
    pub async fn update_conversation(
        &self,
        _: &Caller,
        id: &str,
        update: ConversationUpdate,
        origin: Origin,
    ) -> Result<ConversationRecord, ApiError> {
        if let Some(Some(assignee)) = &update.assignee_id {
            let agent = self
                .store
                .get_agent(assignee)
                .await
                .map_err(|e| self.fail(e, "assignee_id"))?;
            if agent.is_none() {
                return Err(ApiError::not_found("assignee_id", "agent", assignee));
            }
        }
        let last_user_read_at = match update.last_user_read_at {
            None => Change::Keep,
            Some(None) => Change::Set(None),
            Some(Some(text)) => Change::Set(parse_time("last_user_read_at", Some(&text))?),
        };
        let changes = ConversationChanges {
            title: update.title.map_or(Change::Keep, Change::Set),
            tags: update.tags,
            attributes: update.attributes,
            status: update.status,
            assignee_id: update.assignee_id.map_or(Change::Keep, Change::Set),
            last_user_read_at,
        };
        let record = self
            .store
            .update_conversation(id, changes, origin.notify())
            .await
            .map_err(|e| self.fail(e, "conversation_id"))?
            .ok_or_else(|| ApiError::not_found("conversation_id", "conversation", id))?;
        self.queued(origin.notify());
        Ok(record)
    }

    /// Messages in creation order; with `after_id`, only the later ones.
    pub async fn list_messages(
        &self,
        _: &Caller,
        conversation_id: &str,
        after_id: Option<&str>,
    ) -> Result<Vec<MessageRecord>, ApiError> {
        // An empty conversation and an unknown one must not look alike.
        let messages = self
            .store
            .list_messages(conversation_id, after_id)
            .await
            .map_err(|e| self.fail(e, "conversation_id"))?;
        if messages.is_empty() {
            self.get_conversation(&Caller::authenticated(), conversation_id)
                .await?;
        }
        Ok(messages)
    }

    pub async fn create_message(
        &self,
        _: &Caller,
        conversation_id: &str,
        message: MessageInput,
        origin: Origin,
        request: &impl Serialize,
    ) -> Result<MessageRecord, ApiError> {
        validate_content(&message, "")?;
        let created_at = parse_time("created_at", message.created_at.as_deref())?;
        // The author must be the conversation's end user or a known agent.
        let conversation = self
            .get_conversation(&Caller::authenticated(), conversation_id)
            .await?;
        match &message.author {
            AuthorRef::EndUser(id) if id != &conversation.user.id => {
                return Err(ApiError::invalid(
                    "author.id",
                    format_args!("the end user `{id}` is not this conversation's user"),
                ));
            }
            AuthorRef::Agent(id) => {
                let agent = self
                    .store
                    .get_agent(id)
                    .await
                    .map_err(|e| self.fail(e, "author.id"))?;
                if agent.is_none() {
                    return Err(ApiError::invalid(
                        "author.id",
                        format_args!("no agent with id `{id}`"),
                    ));
                }
            }
            AuthorRef::EndUser(_) => {}
        }
        let object_id = message.object_id.clone();
        let created = self
            .store
            .create_message(
                NewMessage {
                    object_id: message.object_id,
                    fingerprint: fingerprint(request),
                    conversation_id: conversation_id.to_string(),
                    message_type: MESSAGE_TYPE.to_string(),
                    body: message.body,
                    author: message.author,
                    visibility: visibility_or_public(message.visibility),
                    attachments: message.attachments,
                    created_at,
                },
                origin.notify(),
            )
            .await
            .map_err(|e| self.fail(e, "conversation_id"))?;
        self.queued(origin.notify());
        replayed_or_conflict(created, "message", object_id.as_deref().unwrap_or_default())
    }
}

/// The only message type the contract defines; requests may leave it out.
const MESSAGE_TYPE: &str = "comment";

fn visibility_or_public(visibility: Option<String>) -> String {
    visibility.unwrap_or_else(|| "public".to_string())
}

fn replayed_or_conflict<T>(
    created: Created<T>,
    what: &str,
    object_id: &str,
) -> Result<T, ApiError> {
    match created.outcome {
        Outcome::Created | Outcome::Replayed => Ok(created.record),
        Outcome::Conflict => Err(ApiError::conflict(format!(
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
) -> Result<(), ApiError> {
    if let Some(email) = email {
        let (local, domain) = email.split_once('@').unwrap_or_default();
        if local.is_empty() || domain.is_empty() || email.chars().any(char::is_whitespace) {
            return Err(ApiError::invalid(
                &format!("{prefix}email"),
                "must be an email address",
            ));
        }
    }
    if let Some(url) = photo_url
        && url::Url::parse(url).is_err()
    {
        return Err(ApiError::invalid(
            &format!("{prefix}photo_url"),
            "must be an absolute URL",
        ));
    }
    Ok(())
}

fn require_non_empty(field: &str, value: &str) -> Result<(), ApiError> {
    if value.trim().is_empty() {
        Err(ApiError::invalid(field, "must not be empty"))
    } else {
        Ok(())
    }
}

/// A message needs a body or an attachment, and attachments are fetched over https only.
fn validate_content(message: &MessageInput, prefix: &str) -> Result<(), ApiError> {
    let field = |name: &str| {
        if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        }
    };
    let has_body = message
        .body
        .as_deref()
        .is_some_and(|body| !body.trim().is_empty());
    if !has_body && message.attachments.is_empty() {
        return Err(ApiError::invalid(
            &field("body"),
            "a message needs a non-empty body or at least one attachment",
        ));
    }
    for (index, attachment) in message.attachments.iter().enumerate() {
        let valid = url::Url::parse(&attachment.url)
            .is_ok_and(|url| url.scheme() == "https" && url.host().is_some());
        if !valid {
            return Err(ApiError::invalid(
                &field(&format!("attachments[{index}].url")),
                "must be an absolute https URL",
            ));
        }
    }
    Ok(())
}

fn parse_time(field: &str, text: Option<&str>) -> Result<Option<DateTime<Utc>>, ApiError> {
    text.map(|text| {
        DateTime::parse_from_rfc3339(text)
            .map(|time| time.with_timezone(&Utc))
            .map_err(|_| {
                ApiError::invalid(
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
