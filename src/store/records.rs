//! The store's records: what it reads and writes (users, agents, conversations, messages,
//! outbox events, credentials), the inputs of its creates and updates, and the times and
//! ids it gives them. Plain data; the backends encode and decode them at the SQL boundary.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::error::{StoreError, corrupt};
use crate::tristate::Tristate;

/// A JSON object, as stored for user and conversation attributes.
pub type JsonMap = Map<String, Value>;

/// A conversation's state, one of the four the contract knows; stored (and serialized) as
/// its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ConversationStatus {
    Open,
    Resolved,
    Closed,
    Ended,
}

impl ConversationStatus {
    /// The name the contract and the `status` column use.
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationStatus::Open => "open",
            ConversationStatus::Resolved => "resolved",
            ConversationStatus::Closed => "closed",
            ConversationStatus::Ended => "ended",
        }
    }

    /// The status named `s`; `None` for a name the contract does not know.
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "open" => Some(ConversationStatus::Open),
            "resolved" => Some(ConversationStatus::Resolved),
            "closed" => Some(ConversationStatus::Closed),
            "ended" => Some(ConversationStatus::Ended),
            _ => None,
        }
    }

    /// The status a `status` column holds; an unknown name is a corrupt row.
    pub(super) fn decode(s: &str) -> Result<Self, StoreError> {
        Self::from_name(s).ok_or_else(|| corrupt(format!("unknown conversation status {s:?}")))
    }
}

/// Who sees a message: everyone in the conversation, or only the agents (a note); stored
/// as its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageVisibility {
    Public,
    Private,
}

impl MessageVisibility {
    /// The name the contract and the `visibility` column use.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageVisibility::Public => "public",
            MessageVisibility::Private => "private",
        }
    }

    /// The visibility a `visibility` column holds; an unknown name is a corrupt row.
    pub(super) fn decode(s: &str) -> Result<Self, StoreError> {
        match s {
            "public" => Ok(MessageVisibility::Public),
            "private" => Ok(MessageVisibility::Private),
            other => Err(corrupt(format!("unknown message visibility {other:?}"))),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UserRecord {
    pub id: String,
    pub object_id: Option<String>,
    /// Nullable in the contract (EndUser.name), hence optional here.
    pub name: Option<String>,
    /// Nullable in the contract (EndUser.email), hence optional here.
    pub email: Option<String>,
    pub photo_url: Option<String>,
    pub attributes: JsonMap,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentRecord {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub photo_url: Option<String>,
    pub alias: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConversationRecord {
    pub id: String,
    pub object_id: Option<String>,
    pub user: UserRecord,
    pub title: Option<String>,
    pub tags: Vec<String>,
    pub attributes: JsonMap,
    pub status: ConversationStatus,
    pub assignee: Option<AgentRecord>,
    pub last_user_read_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AuthorRecord {
    EndUser(UserRecord),
    Agent(AgentRecord),
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AttachmentRecord {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filetype: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MessageRecord {
    pub id: String,
    pub conversation_id: String,
    pub object_id: Option<String>,
    pub message_type: String,
    pub body: Option<String>,
    pub author: AuthorRecord,
    pub visibility: MessageVisibility,
    pub attachments: Vec<AttachmentRecord>,
    pub created_at: DateTime<Utc>,
}

/// How an idempotent create ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new row was written.
    Created,
    /// A row with this object_id and the same fingerprint existed; nothing was written.
    Replayed,
    /// A row with this object_id but another fingerprint existed; nothing was written and
    /// the existing record is returned.
    Conflict,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Created<T> {
    pub record: T,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Default)]
pub struct NewUser {
    pub object_id: Option<String>,
    /// Hash of the request content, computed by the caller, to tell replays from conflicts.
    pub fingerprint: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub photo_url: Option<String>,
    pub attributes: JsonMap,
}

#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    pub name: Tristate<String>,
    pub email: Tristate<String>,
    pub photo_url: Tristate<String>,
    /// Given keys overwrite, other keys stay.
    pub merge_attributes: JsonMap,
}

impl UserChanges {
    /// Writes the changes over `user` in memory (attributes merged key by key) and moves
    /// its `updated_at`; the backends then store the result.
    pub(super) fn apply_to(self, user: &mut UserRecord) {
        self.name.apply_to(&mut user.name);
        self.email.apply_to(&mut user.email);
        self.photo_url.apply_to(&mut user.photo_url);
        user.attributes.extend(self.merge_attributes);
        user.updated_at = now();
    }
}

#[derive(Debug, Clone, Default)]
pub struct NewAgent {
    /// An explicit id (e.g. from configuration); generated as `agent_<uuid>` if `None`.
    pub id: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub photo_url: Option<String>,
    pub alias: Option<String>,
}

/// Who wrote a message, by id; resolved to an [`AuthorRecord`] on read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorRef {
    EndUser(String),
    Agent(String),
}

#[derive(Debug, Clone)]
pub struct NewMessage {
    pub object_id: Option<String>,
    pub fingerprint: String,
    /// Ignored for a conversation's initial message (the new conversation's id is used).
    pub conversation_id: String,
    pub message_type: String,
    pub body: Option<String>,
    pub author: AuthorRef,
    pub visibility: MessageVisibility,
    pub attachments: Vec<AttachmentRecord>,
    /// The time the caller says the message was written; now if `None`.
    pub created_at: Option<DateTime<Utc>>,
    /// The API's rule that an end user writes only in their own conversation: when set,
    /// a message whose end-user author is not the conversation's user is refused
    /// (`Invalid` naming `author`), checked by the insert itself so a caller need not
    /// read the conversation first. Unset, any existing end user may write (the store's
    /// own tests and tools).
    pub own_conversation_only: bool,
}

#[derive(Debug, Clone)]
pub struct NewConversation {
    pub object_id: Option<String>,
    pub fingerprint: String,
    pub user_id: String,
    pub title: Option<String>,
    pub tags: Vec<String>,
    pub attributes: JsonMap,
    pub status: ConversationStatus,
    pub assignee_id: Option<String>,
    pub initial_message: NewMessage,
}

#[derive(Debug, Clone, Default)]
pub struct ConversationChanges {
    pub title: Tristate<String>,
    pub tags: Option<Vec<String>>,
    /// Replaces the whole attributes object (conversation updates send the full object).
    pub attributes: Option<JsonMap>,
    pub status: Option<ConversationStatus>,
    /// `Null` unassigns (hands over to a human), `Absent` leaves the assignee alone.
    pub assignee_id: Tristate<String>,
    pub last_user_read_at: Tristate<DateTime<Utc>>,
}

#[derive(Debug, Clone, Default)]
pub struct ConversationFilter {
    pub status: Option<ConversationStatus>,
    pub assignee_id: Option<String>,
    /// Only conversations without an assignee (ignored if `assignee_id` is given).
    pub unassigned: bool,
    /// At most this many; `None` means [`DEFAULT_LIST_LIMIT`].
    pub limit: Option<u32>,
}

/// The page size used when a listing gives no limit.
pub const DEFAULT_LIST_LIMIT: u32 = 100;

/// Whether a write also queues a sync event for Fin's webhook, in the same transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncEvent {
    /// Fin's own writes: Fin already knows.
    Skip,
    /// A human agent's change: queue a sync event for the conversation (merged into its
    /// pending one, if any).
    Queue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Sync,
    Typing,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Sync => "sync",
            EventKind::Typing => "typing",
        }
    }

    pub(super) fn parse(s: &str) -> Result<Self, StoreError> {
        match s {
            "sync" => Ok(EventKind::Sync),
            "typing" => Ok(EventKind::Typing),
            other => Err(corrupt(format!("unknown event kind {other:?}"))),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventState {
    Pending,
    Delivered,
    Dead,
}

impl EventState {
    pub fn as_str(self) -> &'static str {
        match self {
            EventState::Pending => "pending",
            EventState::Delivered => "delivered",
            EventState::Dead => "dead",
        }
    }

    pub(super) fn parse(s: &str) -> Result<Self, StoreError> {
        match s {
            "pending" => Ok(EventState::Pending),
            "delivered" => Ok(EventState::Delivered),
            "dead" => Ok(EventState::Dead),
            other => Err(corrupt(format!("unknown event state {other:?}"))),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEvent {
    pub id: i64,
    pub conversation_id: String,
    pub kind: EventKind,
    pub payload: Value,
    pub state: EventState,
    /// How many times the event was claimed for delivery (a crashed worker's claim counts).
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub last_error: Option<String>,
}

/// A worker's hold on a claimed event: the event and the lease end its claim wrote to
/// `next_attempt_at`. Every outcome and every later claim (after the lease expired)
/// changes that value, so it identifies this one claim: an outcome recorded with a claim
/// that no longer holds is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    pub id: i64,
    pub until: DateTime<Utc>,
}

/// The outcome of one delivery attempt of a claimed event, as a worker reports it
/// ([`crate::store::OutboxStore::record_outcome`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventOutcome {
    /// Fin accepted it, at `at`.
    Delivered { at: DateTime<Utc> },
    /// It failed and is tried again at `next_attempt_at`.
    Retry {
        next_attempt_at: DateTime<Utc>,
        error: String,
    },
    /// It failed for good, or ran out of attempts.
    Dead { error: String },
}

impl OutboxEvent {
    /// The claim of an event as `claim_due_events` returned it.
    pub fn claim(&self) -> Claim {
        Claim {
            id: self.id,
            until: self.next_attempt_at,
        }
    }
}

/// Which dead events to requeue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requeue {
    One(i64),
    AllDead,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OauthClientRecord {
    pub client_id: String,
    pub secret_hash: String,
    pub created_at: DateTime<Utc>,
}

/// A web inbox session as stored: its agent and expiry, under the session id's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxSessionRecord {
    pub agent_id: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessTokenRecord {
    pub client_id: String,
    pub expires_at: DateTime<Utc>,
}

/// A fresh id: a prefix and a time-ordered uuid v7 in simple form, e.g. `conv_0190…`.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", uuid::Uuid::now_v7().simple())
}

/// `t` without its sub-millisecond part, so both backends store and return the same value.
pub fn truncate_ms(t: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(t.timestamp_millis()).unwrap_or(t)
}

pub(super) fn now() -> DateTime<Utc> {
    truncate_ms(Utc::now())
}

/// What erasing an end user removed ([`crate::store::UserStore::erase_user`]); all zero if
/// nothing was stored about them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Erased {
    pub users: u64,
    pub conversations: u64,
    /// Those of their conversations, and those they wrote in any other.
    pub messages: u64,
    /// Attachment references (URLs, names, types) held by those messages.
    pub attachments: u64,
    /// Events for Fin's webhook about their conversations, whatever their state.
    pub outbox_events: u64,
}

impl Erased {
    pub fn is_nothing(&self) -> bool {
        *self == Erased::default()
    }
}

/// The most messages one retention batch deletes, whatever its number of conversations
/// (a conversation bigger than this goes alone): on SQLite a batch is one write on the
/// one writer thread, which every other write waits behind.
pub const RETENTION_MESSAGES_PER_BATCH: i64 = 2_000;

/// How many outbox events are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub pending: i64,
    pub dead: i64,
    pub delivered: i64,
}

impl OutboxCounts {
    /// From `(state, count)` rows, as both backends read them.
    pub(super) fn from_rows(
        rows: impl IntoIterator<Item = (String, i64)>,
    ) -> Result<Self, StoreError> {
        let mut counts = OutboxCounts::default();
        for (state, count) in rows {
            match EventState::parse(&state)? {
                EventState::Pending => counts.pending = count,
                EventState::Dead => counts.dead = count,
                EventState::Delivered => counts.delivered = count,
            }
        }
        Ok(counts)
    }
}

/// The connections of a pool to a database server.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolUsage {
    pub in_use: i64,
    pub idle: i64,
}
