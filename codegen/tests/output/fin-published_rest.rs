/// A helpdesk employee who can answer conversations. Fin is represented by one agent
/// chosen at setup. No field is marked required in the REST docs.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct Agent {
    /// The agent's ID in your helpdesk.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub id: Option<String>,
    /// Marks the user as an agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub user_type: Option<AgentUserType>,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Avatar image URL shown in the Fin Messenger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo_url: Option<String>,
    /// Public alias shown to end users instead of the real name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
}

/// Marks the user as an agent.
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Copy,
    Debug,
    Eq,
    Hash,
    Ord,
    PartialEq,
    PartialOrd,
    schemars::JsonSchema
)]
pub enum AgentUserType {
    #[serde(rename = "agent")]
    Agent,
}

impl ::std::fmt::Display for AgentUserType {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Agent => f.write_str("agent"),
        }
    }
}

impl ::std::str::FromStr for AgentUserType {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "agent" => Ok(Self::Agent),
            _ => Err("invalid value".into()),
        }
    }
}

/// A file attached to a message, referenced by URL.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct Attachment {
    /// HTTPS URL where the file can be downloaded; signed, expiring URLs are recommended for sensitive files.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub url: Option<String>,
    /// File type or extension.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub filetype: Option<String>,
    /// Name shown for the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub filename: Option<String>,
}

/// Author of a message sent by Fin (schema name invented; fields seen inline in the
/// createMessage and createConversation requests).
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct AuthorReference {
    /// The author's ID in your helpdesk.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub id: Option<String>,
    /// Whether the author is the end user or an agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub user_type: Option<AuthorReferenceUserType>,
}

/// Whether the author is the end user or an agent.
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Copy,
    Debug,
    Eq,
    Hash,
    Ord,
    PartialEq,
    PartialOrd,
    schemars::JsonSchema
)]
pub enum AuthorReferenceUserType {
    #[serde(rename = "end_user")]
    EndUser,
    #[serde(rename = "agent")]
    Agent,
}

impl ::std::fmt::Display for AuthorReferenceUserType {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::EndUser => f.write_str("end_user"),
            Self::Agent => f.write_str("agent"),
        }
    }
}

impl ::std::str::FromStr for AuthorReferenceUserType {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "end_user" => Ok(Self::EndUser),
            "agent" => Ok(Self::Agent),
            _ => Err("invalid value".into()),
        }
    }
}

/// A conversation in your helpdesk; it always has exactly one end user.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct Conversation {
    /// The conversation's ID in your helpdesk.
    pub id: String,
    /// open = ongoing with the end user; resolved = resolved by Fin;
    /// closed = finished or archived; ended = ended by the end user or an agent.
    pub status: ConversationStatus,
    pub user: EndUser,
    /// Conversation title (nullability not shown in the docs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Tags from your helpdesk; Fin workflows can route on them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Conversation-level attributes (separate from the user's attributes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<::serde_json::Map<String, ::serde_json::Value>>,
    /// Agent currently assigned (nullability assumed for unassigned conversations).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<Agent>,
    /// Creation time, ISO 8601 UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time, ISO 8601 UTC (only the example was seen).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// open = ongoing with the end user; resolved = resolved by Fin;
/// closed = finished or archived; ended = ended by the end user or an agent.
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Copy,
    Debug,
    Eq,
    Hash,
    Ord,
    PartialEq,
    PartialOrd,
    schemars::JsonSchema
)]
pub enum ConversationStatus {
    #[serde(rename = "open")]
    Open,
    #[serde(rename = "resolved")]
    Resolved,
    #[serde(rename = "closed")]
    Closed,
    #[serde(rename = "ended")]
    Ended,
}

impl ::std::fmt::Display for ConversationStatus {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Open => f.write_str("open"),
            Self::Resolved => f.write_str("resolved"),
            Self::Closed => f.write_str("closed"),
            Self::Ended => f.write_str("ended"),
        }
    }
}

impl ::std::str::FromStr for ConversationStatus {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "open" => Ok(Self::Open),
            "resolved" => Ok(Self::Resolved),
            "closed" => Ok(Self::Closed),
            "ended" => Ok(Self::Ended),
            _ => Err("invalid value".into()),
        }
    }
}

/// Body of POST /conversation.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct CreateConversationRequest {
    /// Conversation title; may be empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The end user's ID in your helpdesk.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub user_id: Option<String>,
    /// The conversation's ID in Intercom (usable as an idempotency key).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub object_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub initial_message: Option<CreateConversationRequestInitialMessage>,
}

/// The first message of the new conversation.
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct CreateConversationRequestInitialMessage {
    /// Parent conversation ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "String")]
    pub conversation_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "CreateConversationRequestInitialMessageMessageType")]
    pub message_type: Option<CreateConversationRequestInitialMessageMessageType>,
    /// HTML content (same tag list as Message.body).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "String")]
    pub body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "AuthorReference")]
    pub author: Option<AuthorReference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "CreateConversationRequestInitialMessageVisibility")]
    pub visibility: Option<CreateConversationRequestInitialMessageVisibility>,
    /// Documented as conversation attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "::serde_json::Map<String, ::serde_json::Value>")]
    pub attributes: Option<::serde_json::Map<String, ::serde_json::Value>>,
    /// ISO 8601 timestamp.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "String")]
    pub created_at: Option<String>,
    /// The message's ID in Intercom.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "String")]
    pub object_id: Option<String>,
    /// Attachments; may be empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<Attachment>")]
    pub attachments: Option<Vec<Attachment>>,
}

/// `CreateConversationRequestInitialMessageMessageType`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Copy,
    Debug,
    Eq,
    Hash,
    Ord,
    PartialEq,
    PartialOrd,
    schemars::JsonSchema
)]
pub enum CreateConversationRequestInitialMessageMessageType {
    #[serde(rename = "comment")]
    Comment,
}

impl ::std::fmt::Display for CreateConversationRequestInitialMessageMessageType {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Comment => f.write_str("comment"),
        }
    }
}

impl ::std::str::FromStr for CreateConversationRequestInitialMessageMessageType {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "comment" => Ok(Self::Comment),
            _ => Err("invalid value".into()),
        }
    }
}

/// `CreateConversationRequestInitialMessageVisibility`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Copy,
    Debug,
    Eq,
    Hash,
    Ord,
    PartialEq,
    PartialOrd,
    schemars::JsonSchema
)]
pub enum CreateConversationRequestInitialMessageVisibility {
    #[serde(rename = "public")]
    Public,
    #[serde(rename = "private")]
    Private,
}

impl ::std::fmt::Display for CreateConversationRequestInitialMessageVisibility {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Public => f.write_str("public"),
            Self::Private => f.write_str("private"),
        }
    }
}

impl ::std::str::FromStr for CreateConversationRequestInitialMessageVisibility {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "public" => Ok(Self::Public),
            "private" => Ok(Self::Private),
            _ => Err("invalid value".into()),
        }
    }
}

/// Response of POST /conversation. The docs require both the conversation and the
/// message object; the key names used here are assumed.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct CreateConversationResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub conversation: Option<Conversation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub message: Option<Message>,
}

/// Body of POST /messages.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct CreateMessageRequest {
    /// Parent conversation ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub conversation_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub message_type: Option<CreateMessageRequestMessageType>,
    /// HTML content (same tag list as Message.body).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub author: Option<AuthorReference>,
    /// Message visibility.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub visibility: Option<CreateMessageRequestVisibility>,
    /// ISO 8601 timestamp.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub created_at: Option<String>,
    /// The message's ID in Intercom (usable as an idempotency key).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub object_id: Option<String>,
    /// Attachments; may be empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<Attachment>>,
}

/// `CreateMessageRequestMessageType`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Copy,
    Debug,
    Eq,
    Hash,
    Ord,
    PartialEq,
    PartialOrd,
    schemars::JsonSchema
)]
pub enum CreateMessageRequestMessageType {
    #[serde(rename = "comment")]
    Comment,
}

impl ::std::fmt::Display for CreateMessageRequestMessageType {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Comment => f.write_str("comment"),
        }
    }
}

impl ::std::str::FromStr for CreateMessageRequestMessageType {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "comment" => Ok(Self::Comment),
            _ => Err("invalid value".into()),
        }
    }
}

/// Message visibility.
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Copy,
    Debug,
    Eq,
    Hash,
    Ord,
    PartialEq,
    PartialOrd,
    schemars::JsonSchema
)]
pub enum CreateMessageRequestVisibility {
    #[serde(rename = "public")]
    Public,
    #[serde(rename = "private")]
    Private,
}

impl ::std::fmt::Display for CreateMessageRequestVisibility {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Public => f.write_str("public"),
            Self::Private => f.write_str("private"),
        }
    }
}

impl ::std::str::FromStr for CreateMessageRequestVisibility {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "public" => Ok(Self::Public),
            "private" => Ok(Self::Private),
            _ => Err("invalid value".into()),
        }
    }
}

/// Body of POST /user.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct CreateUserRequest {
    /// The user's name, if already known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The user's email, if already known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The user's ID in Intercom (usable as an idempotency key).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub object_id: Option<String>,
}

/// An end user (your customer) taking part in a conversation with Fin or an agent.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct EndUser {
    /// The user's ID in your helpdesk.
    pub id: String,
    /// Marks the user as an end user.
    pub user_type: EndUserUserType,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Email address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Avatar image URL shown in the Fin Messenger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo_url: Option<String>,
    /// Free-form custom attributes of the end user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<::serde_json::Map<String, ::serde_json::Value>>,
}

/// Marks the user as an end user.
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Copy,
    Debug,
    Eq,
    Hash,
    Ord,
    PartialEq,
    PartialOrd,
    schemars::JsonSchema
)]
pub enum EndUserUserType {
    #[serde(rename = "end_user")]
    EndUser,
}

impl ::std::fmt::Display for EndUserUserType {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::EndUser => f.write_str("end_user"),
        }
    }
}

impl ::std::str::FromStr for EndUserUserType {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "end_user" => Ok(Self::EndUser),
            _ => Err("invalid value".into()),
        }
    }
}

/// `GetConversationQuery`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct GetConversationQuery {
    /// The conversation's ID in your helpdesk (not marked required in the docs).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub conversation_id: Option<String>,
}

/// `GetMessagesQuery`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct GetMessagesQuery {
    /// The conversation's ID in your helpdesk.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub conversation_id: Option<String>,
    /// ID of the last message Fin has already seen from your helpdesk.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub after_id: Option<String>,
}

/// `GetUserQuery`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct GetUserQuery {
    /// The end user's ID in your helpdesk (not marked required in the docs).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub user_id: Option<String>,
}

/// One message in a conversation, written by the end user or an agent (Fin counts as an agent).
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct Message {
    /// The message's ID in your helpdesk.
    pub id: String,
    /// ID of the conversation the message belongs to.
    pub conversation_id: String,
    /// Kind of message; only comment is defined.
    pub message_type: MessageMessageType,
    /// HTML content. Allowed tags: p, h1, h2 (h3-h6 are shown as h2), b, i, a,
    /// img (may be linked), br, code, ul, ol.
    pub body: String,
    /// The end user or agent who wrote the message.
    pub author: MessageAuthor,
    /// public = shown to the end user in the Fin Messenger; private = internal note for agents only.
    pub visibility: MessageVisibility,
    /// Creation time, ISO 8601 UTC.
    pub created_at: String,
    /// Files attached to the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<Attachment>>,
}

/// The end user or agent who wrote the message.
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
#[serde(untagged)]
pub enum MessageAuthor {
    EndUser(EndUser),
    Agent(Agent),
}

impl From<EndUser> for MessageAuthor {
    fn from(value: EndUser) -> Self {
        Self::EndUser(value)
    }
}

impl From<Agent> for MessageAuthor {
    fn from(value: Agent) -> Self {
        Self::Agent(value)
    }
}

/// Kind of message; only comment is defined.
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Copy,
    Debug,
    Eq,
    Hash,
    Ord,
    PartialEq,
    PartialOrd,
    schemars::JsonSchema
)]
pub enum MessageMessageType {
    #[serde(rename = "comment")]
    Comment,
}

impl ::std::fmt::Display for MessageMessageType {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Comment => f.write_str("comment"),
        }
    }
}

impl ::std::str::FromStr for MessageMessageType {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "comment" => Ok(Self::Comment),
            _ => Err("invalid value".into()),
        }
    }
}

/// public = shown to the end user in the Fin Messenger; private = internal note for agents only.
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Copy,
    Debug,
    Eq,
    Hash,
    Ord,
    PartialEq,
    PartialOrd,
    schemars::JsonSchema
)]
pub enum MessageVisibility {
    #[serde(rename = "public")]
    Public,
    #[serde(rename = "private")]
    Private,
}

impl ::std::fmt::Display for MessageVisibility {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Public => f.write_str("public"),
            Self::Private => f.write_str("private"),
        }
    }
}

impl ::std::str::FromStr for MessageVisibility {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "public" => Ok(Self::Public),
            "private" => Ok(Self::Private),
            _ => Err("invalid value".into()),
        }
    }
}

/// `RequestHeaders`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct RequestHeaders {
    /// Sent by Fin: request time in seconds since the Unix epoch. Use it to reject stale
    /// requests. Documented in the posts-only FAQ; its presence on REST calls is assumed.
    #[serde(rename = "X-Fin-Request-Timestamp", skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub x_fin_request_timestamp: Option<String>,
    /// Sent by Fin: HMAC-SHA256 (key from the integration's deployment settings) of
    /// "{timestamp}:{raw request body}", or for GET requests of
    /// "{timestamp}:{request params sorted alphabetically}". Output encoding is not
    /// documented.
    #[serde(rename = "X-Fin-Signature", skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub x_fin_signature: Option<String>,
}

/// Body of PUT /conversation.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct UpdateConversationRequest {
    /// ID of the conversation to update.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub conversation_id: Option<String>,
    /// New conversation title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Tags for the conversation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Conversation-level attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<::serde_json::Map<String, ::serde_json::Value>>,
    /// New conversation status.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub status: Option<UpdateConversationRequestStatus>,
    /// ID of the assigned agent (Fin's agent while Fin handles it). null means Fin is
    /// handing the conversation over to a human. The docs type it as plain string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<String>,
    /// When the end user last read the conversation (ISO 8601).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_user_read_at: Option<String>,
}

/// New conversation status.
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Copy,
    Debug,
    Eq,
    Hash,
    Ord,
    PartialEq,
    PartialOrd,
    schemars::JsonSchema
)]
pub enum UpdateConversationRequestStatus {
    #[serde(rename = "open")]
    Open,
    #[serde(rename = "resolved")]
    Resolved,
    #[serde(rename = "closed")]
    Closed,
    #[serde(rename = "ended")]
    Ended,
}

impl ::std::fmt::Display for UpdateConversationRequestStatus {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Open => f.write_str("open"),
            Self::Resolved => f.write_str("resolved"),
            Self::Closed => f.write_str("closed"),
            Self::Ended => f.write_str("ended"),
        }
    }
}

impl ::std::str::FromStr for UpdateConversationRequestStatus {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "open" => Ok(Self::Open),
            "resolved" => Ok(Self::Resolved),
            "closed" => Ok(Self::Closed),
            "ended" => Ok(Self::Ended),
            _ => Err("invalid value".into()),
        }
    }
}

/// Body of PUT /user.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct UpdateUserRequest {
    /// The end user's ID in your helpdesk.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub user_id: Option<String>,
    /// Attributes to store on the end user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<::serde_json::Map<String, ::serde_json::Value>>,
}

/// Body of the conversation-event webhook sent to Fin.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct WebhookConversationEventRequest {
    /// The conversation's ID in your helpdesk.
    pub conversation_id: String,
    /// Omitted or null = ask Fin to synchronise the conversation;
    /// agent_typing = show a typing indicator only (requires data.agent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_type: Option<WebhookConversationEventRequestEventType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub data: Option<WebhookConversationEventRequestData>,
}

/// Extra event data; required when event_type is agent_typing.
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct WebhookConversationEventRequestData {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "WebhookConversationEventRequestDataAgent")]
    pub agent: Option<WebhookConversationEventRequestDataAgent>,
}

/// The agent who is typing.
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct WebhookConversationEventRequestDataAgent {
    pub id: String,
    pub user_type: WebhookConversationEventRequestDataAgentUserType,
    pub name: String,
    pub email: String,
}

/// `WebhookConversationEventRequestDataAgentUserType`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Copy,
    Debug,
    Eq,
    Hash,
    Ord,
    PartialEq,
    PartialOrd,
    schemars::JsonSchema
)]
pub enum WebhookConversationEventRequestDataAgentUserType {
    #[serde(rename = "agent")]
    Agent,
}

impl ::std::fmt::Display for WebhookConversationEventRequestDataAgentUserType {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Agent => f.write_str("agent"),
        }
    }
}

impl ::std::str::FromStr for WebhookConversationEventRequestDataAgentUserType {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "agent" => Ok(Self::Agent),
            _ => Err("invalid value".into()),
        }
    }
}

/// Omitted or null = ask Fin to synchronise the conversation;
/// agent_typing = show a typing indicator only (requires data.agent).
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Copy,
    Debug,
    Eq,
    Hash,
    Ord,
    PartialEq,
    PartialOrd,
    schemars::JsonSchema
)]
pub enum WebhookConversationEventRequestEventType {
    #[serde(rename = "agent_typing")]
    AgentTyping,
}

impl ::std::fmt::Display for WebhookConversationEventRequestEventType {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::AgentTyping => f.write_str("agent_typing"),
        }
    }
}

impl ::std::str::FromStr for WebhookConversationEventRequestEventType {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "agent_typing" => Ok(Self::AgentTyping),
            _ => Err("invalid value".into()),
        }
    }
}

/// Error types.
pub mod error {
    /// Error from a `TryFrom` or `FromStr` implementation.
    pub struct ConversionError(::std::borrow::Cow<'static, str>);
    impl ::std::error::Error for ConversionError {}
    impl ::std::fmt::Display for ConversionError {
        fn fmt(
            &self,
            f: &mut ::std::fmt::Formatter<'_>,
        ) -> Result<(), ::std::fmt::Error> {
            ::std::fmt::Display::fmt(&self.0, f)
        }
    }
    impl ::std::fmt::Debug for ConversionError {
        fn fmt(
            &self,
            f: &mut ::std::fmt::Formatter<'_>,
        ) -> Result<(), ::std::fmt::Error> {
            ::std::fmt::Debug::fmt(&self.0, f)
        }
    }
    impl From<&'static str> for ConversionError {
        fn from(value: &'static str) -> Self {
            Self(value.into())
        }
    }
    impl From<String> for ConversionError {
        fn from(value: String) -> Self {
            Self(value.into())
        }
    }
}

impl Agent {
    /// The required fields; the others absent (or their defaults): `..Agent::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            id: Default::default(),
            user_type: Default::default(),
            name: Default::default(),
            email: Default::default(),
            photo_url: Default::default(),
            alias: Default::default(),
        }
    }
}

impl Attachment {
    /// The required fields; the others absent (or their defaults): `..Attachment::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            url: Default::default(),
            filetype: Default::default(),
            filename: Default::default(),
        }
    }
}

impl AuthorReference {
    /// The required fields; the others absent (or their defaults): `..AuthorReference::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            id: Default::default(),
            user_type: Default::default(),
        }
    }
}

impl Conversation {
    /// The required fields; the others absent (or their defaults): `..Conversation::new(…)`.
    pub fn new(id: String, status: ConversationStatus, user: EndUser) -> Self {
        Self {
            id,
            status,
            user,
            title: Default::default(),
            tags: Default::default(),
            attributes: Default::default(),
            assignee: Default::default(),
            created_at: Default::default(),
            updated_at: Default::default(),
        }
    }
}

impl CreateConversationRequest {
    /// The required fields; the others absent (or their defaults): `..CreateConversationRequest::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            title: Default::default(),
            user_id: Default::default(),
            object_id: Default::default(),
            initial_message: Default::default(),
        }
    }
}

impl CreateConversationRequestInitialMessage {
    /// The required fields; the others absent (or their defaults): `..CreateConversationRequestInitialMessage::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            conversation_id: Default::default(),
            message_type: Default::default(),
            body: Default::default(),
            author: Default::default(),
            visibility: Default::default(),
            attributes: Default::default(),
            created_at: Default::default(),
            object_id: Default::default(),
            attachments: Default::default(),
        }
    }
}

impl CreateConversationResponse {
    /// The required fields; the others absent (or their defaults): `..CreateConversationResponse::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            conversation: Default::default(),
            message: Default::default(),
        }
    }
}

impl CreateMessageRequest {
    /// The required fields; the others absent (or their defaults): `..CreateMessageRequest::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            conversation_id: Default::default(),
            message_type: Default::default(),
            body: Default::default(),
            author: Default::default(),
            visibility: Default::default(),
            created_at: Default::default(),
            object_id: Default::default(),
            attachments: Default::default(),
        }
    }
}

impl CreateUserRequest {
    /// The required fields; the others absent (or their defaults): `..CreateUserRequest::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            name: Default::default(),
            email: Default::default(),
            object_id: Default::default(),
        }
    }
}

impl EndUser {
    /// The required fields; the others absent (or their defaults): `..EndUser::new(…)`.
    pub fn new(id: String, user_type: EndUserUserType) -> Self {
        Self {
            id,
            user_type,
            name: Default::default(),
            email: Default::default(),
            photo_url: Default::default(),
            attributes: Default::default(),
        }
    }
}

impl GetConversationQuery {
    /// The required fields; the others absent (or their defaults): `..GetConversationQuery::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            conversation_id: Default::default(),
        }
    }
}

impl GetMessagesQuery {
    /// The required fields; the others absent (or their defaults): `..GetMessagesQuery::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            conversation_id: Default::default(),
            after_id: Default::default(),
        }
    }
}

impl GetUserQuery {
    /// The required fields; the others absent (or their defaults): `..GetUserQuery::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            user_id: Default::default(),
        }
    }
}

impl Message {
    /// The required fields; the others absent (or their defaults): `..Message::new(…)`.
    pub fn new(
        id: String,
        conversation_id: String,
        message_type: MessageMessageType,
        body: String,
        author: MessageAuthor,
        visibility: MessageVisibility,
        created_at: String,
    ) -> Self {
        Self {
            id,
            conversation_id,
            message_type,
            body,
            author,
            visibility,
            created_at,
            attachments: Default::default(),
        }
    }
}

impl RequestHeaders {
    /// The required fields; the others absent (or their defaults): `..RequestHeaders::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            x_fin_request_timestamp: Default::default(),
            x_fin_signature: Default::default(),
        }
    }
}

impl UpdateConversationRequest {
    /// The required fields; the others absent (or their defaults): `..UpdateConversationRequest::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            conversation_id: Default::default(),
            title: Default::default(),
            tags: Default::default(),
            attributes: Default::default(),
            status: Default::default(),
            assignee_id: Default::default(),
            last_user_read_at: Default::default(),
        }
    }
}

impl UpdateUserRequest {
    /// The required fields; the others absent (or their defaults): `..UpdateUserRequest::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            user_id: Default::default(),
            attributes: Default::default(),
        }
    }
}

impl WebhookConversationEventRequest {
    /// The required fields; the others absent (or their defaults): `..WebhookConversationEventRequest::new(…)`.
    pub fn new(conversation_id: String) -> Self {
        Self {
            conversation_id,
            event_type: Default::default(),
            data: Default::default(),
        }
    }
}

impl WebhookConversationEventRequestData {
    /// The required fields; the others absent (or their defaults): `..WebhookConversationEventRequestData::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { agent: Default::default() }
    }
}

impl WebhookConversationEventRequestDataAgent {
    /// The required fields; the others absent (or their defaults): `..WebhookConversationEventRequestDataAgent::new(…)`.
    pub fn new(
        id: String,
        user_type: WebhookConversationEventRequestDataAgentUserType,
        name: String,
        email: String,
    ) -> Self {
        Self { id, user_type, name, email }
    }
}

/// `JsonSchema` for a type from its schema as the document writes it: the name the
/// served document gives it, the schema, and the types whose schemas it refers to
/// (served too).
macro_rules! schema_as_written {
    ($ty:ident, $name:literal, [$($dependency:ty),*], $schema:literal) => {
        impl ::schemars::JsonSchema for $ty { fn schema_name() -> String { $name
        .to_string() } fn json_schema(generator : & mut
        ::schemars::r#gen::SchemaGenerator) -> ::schemars::schema::Schema {
        written_schema(generator, $schema, & [$(subschema:: < $dependency >),*]) } }
    };
}

/// A schema as the document writes it, once the schemas it refers to are in
/// `generator`. The generator read each schema as schemars does before writing it
/// here, so the fallback is never taken.
fn written_schema(
    generator: &mut ::schemars::r#gen::SchemaGenerator,
    schema: &str,
    dependencies: &[fn(&mut ::schemars::r#gen::SchemaGenerator)],
) -> ::schemars::schema::Schema {
    for dependency in dependencies {
        dependency(generator);
    }
    ::serde_json::from_str(schema).unwrap_or(::schemars::schema::Schema::Bool(true))
}

fn subschema<T: ::schemars::JsonSchema>(
    generator: &mut ::schemars::r#gen::SchemaGenerator,
) {
    let _ = generator.subschema_for::<T>();
}

schema_as_written!(
    Agent, "Agent", [],
    r#"{"description":"A helpdesk employee who can answer conversations. Fin is represented by one agent\nchosen at setup. No field is marked required in the REST docs.\n","type":"object","properties":{"id":{"example":"agent_123456","description":"The agent's ID in your helpdesk.","type":"string"},"user_type":{"description":"Marks the user as an agent.","type":"string","enum":["agent"]},"name":{"nullable":true,"example":"Jane Doe","description":"Display name.","type":"string"},"email":{"nullable":true,"example":"jane.doe@example.com","description":"Email address.","type":"string","format":"email"},"photo_url":{"nullable":true,"example":"https://example.com/avatars/jane.jpg","description":"Avatar image URL shown in the Fin Messenger.","type":"string","format":"uri"},"alias":{"nullable":true,"example":"Support Jane","description":"Public alias shown to end users instead of the real name.","type":"string"}}}"#
);

schema_as_written!(
    Attachment, "Attachment", [],
    r#"{"description":"A file attached to a message, referenced by URL.","type":"object","properties":{"url":{"example":"https://example.com/files/pricing-guide.pdf","description":"HTTPS URL where the file can be downloaded; signed, expiring URLs are recommended for sensitive files.","type":"string"},"filetype":{"example":"pdf","description":"File type or extension.","type":"string"},"filename":{"example":"Pricing Guide 2025","description":"Name shown for the file.","type":"string"}}}"#
);

schema_as_written!(
    AuthorReference, "AuthorReference", [],
    r#"{"description":"Author of a message sent by Fin (schema name invented; fields seen inline in the\ncreateMessage and createConversation requests).\n","x-inferred":true,"type":"object","properties":{"id":{"example":"user_123456","description":"The author's ID in your helpdesk.","type":"string"},"user_type":{"description":"Whether the author is the end user or an agent.","type":"string","enum":["end_user","agent"]}}}"#
);

schema_as_written!(
    Conversation, "Conversation", [Agent, EndUser],
    r##"{"description":"A conversation in your helpdesk; it always has exactly one end user.","type":"object","properties":{"id":{"example":"conv_456","description":"The conversation's ID in your helpdesk.","type":"string"},"status":{"description":"open = ongoing with the end user; resolved = resolved by Fin;\nclosed = finished or archived; ended = ended by the end user or an agent.\n","type":"string","enum":["open","resolved","closed","ended"]},"user":{"$ref":"#/components/schemas/EndUser"},"title":{"nullable":true,"example":"Question about pricing plans","description":"Conversation title (nullability not shown in the docs).","x-inferred":true,"type":"string"},"tags":{"example":["pricing","sales"],"description":"Tags from your helpdesk; Fin workflows can route on them.","type":"array","items":{"type":"string"}},"attributes":{"example":{"issue_type":"Billing","priority":"High"},"description":"Conversation-level attributes (separate from the user's attributes).","type":"object","additionalProperties":true},"assignee":{"nullable":true,"description":"Agent currently assigned (nullability assumed for unassigned conversations).","x-inferred":true,"allOf":[{"$ref":"#/components/schemas/Agent"}]},"created_at":{"example":"2025-10-27T14:30:00.000Z","description":"Creation time, ISO 8601 UTC.","type":"string"},"updated_at":{"example":"2025-10-27T15:45:00.000Z","description":"Last update time, ISO 8601 UTC (only the example was seen).","x-inferred":true,"type":"string"}},"required":["id","status","user"]}"##
);

schema_as_written!(
    CreateConversationRequest, "CreateConversationRequest", [Attachment,
    AuthorReference],
    r##"{"description":"Body of POST /conversation.","type":"object","properties":{"title":{"nullable":true,"example":"Question about pricing","description":"Conversation title; may be empty.","type":"string"},"user_id":{"example":"user_123","description":"The end user's ID in your helpdesk.","type":"string"},"object_id":{"example":"123456","description":"The conversation's ID in Intercom (usable as an idempotency key).","type":"string"},"initial_message":{"description":"The first message of the new conversation.","type":"object","properties":{"conversation_id":{"example":"conv_456","description":"Parent conversation ID.","type":"string"},"message_type":{"type":"string","enum":["comment"]},"body":{"example":"<p>Hi! I'd like to know more about your pricing plans.</p>","description":"HTML content (same tag list as Message.body).","type":"string"},"author":{"$ref":"#/components/schemas/AuthorReference"},"visibility":{"type":"string","enum":["public","private"]},"attributes":{"example":{"issue_type":"Billing","priority":"High"},"description":"Documented as conversation attributes.","type":"object","additionalProperties":true},"created_at":{"example":"2025-10-27T14:30:00.000Z","description":"ISO 8601 timestamp.","type":"string"},"object_id":{"example":"123456","description":"The message's ID in Intercom.","type":"string"},"attachments":{"description":"Attachments; may be empty.","type":"array","items":{"$ref":"#/components/schemas/Attachment"}}}}}}"##
);

schema_as_written!(
    CreateConversationResponse, "CreateConversationResponse", [Message, Conversation],
    r##"{"description":"Response of POST /conversation. The docs require both the conversation and the\nmessage object; the key names used here are assumed.\n","x-inferred":true,"type":"object","properties":{"conversation":{"$ref":"#/components/schemas/Conversation"},"message":{"$ref":"#/components/schemas/Message"}}}"##
);

schema_as_written!(
    CreateMessageRequest, "CreateMessageRequest", [Attachment, AuthorReference],
    r##"{"description":"Body of POST /messages.","type":"object","properties":{"conversation_id":{"example":"conv_456","description":"Parent conversation ID.","type":"string"},"message_type":{"type":"string","enum":["comment"]},"body":{"example":"<p>Hi! I'd like to know more about your pricing plans.</p>","description":"HTML content (same tag list as Message.body).","type":"string"},"author":{"$ref":"#/components/schemas/AuthorReference"},"visibility":{"description":"Message visibility.","type":"string","enum":["public","private"]},"created_at":{"example":"2025-10-27T14:30:00.000Z","description":"ISO 8601 timestamp.","type":"string"},"object_id":{"example":"123456","description":"The message's ID in Intercom (usable as an idempotency key).","type":"string"},"attachments":{"description":"Attachments; may be empty.","type":"array","items":{"$ref":"#/components/schemas/Attachment"}}}}"##
);

schema_as_written!(
    CreateUserRequest, "CreateUserRequest", [],
    r#"{"description":"Body of POST /user.","type":"object","properties":{"name":{"nullable":true,"example":"Jane Doe","description":"The user's name, if already known.","type":"string"},"email":{"nullable":true,"example":"jane.doe@example.com","description":"The user's email, if already known.","type":"string"},"object_id":{"example":"123456","description":"The user's ID in Intercom (usable as an idempotency key).","type":"string"}}}"#
);

schema_as_written!(
    EndUser, "EndUser", [],
    r#"{"description":"An end user (your customer) taking part in a conversation with Fin or an agent.","type":"object","properties":{"id":{"example":"user_123456","description":"The user's ID in your helpdesk.","type":"string"},"user_type":{"description":"Marks the user as an end user.","type":"string","enum":["end_user"]},"name":{"nullable":true,"example":"Jane Doe","description":"Display name.","type":"string"},"email":{"nullable":true,"example":"jane.doe@example.com","description":"Email address.","type":"string","format":"email"},"photo_url":{"nullable":true,"example":"https://example.com/avatars/jane.jpg","description":"Avatar image URL shown in the Fin Messenger.","type":"string","format":"uri"},"attributes":{"nullable":true,"example":{"plan_type":"enterprise","signup_date":"2024-01-15","is_premium":true},"description":"Free-form custom attributes of the end user.","type":"object","additionalProperties":true}},"required":["id","user_type"]}"#
);

schema_as_written!(
    GetConversationQuery, "GetConversationQuery", [],
    r#"{"type":"object","properties":{"conversation_id":{"allOf":[{"type":"string"}],"description":"The conversation's ID in your helpdesk (not marked required in the docs)."}},"required":[]}"#
);

schema_as_written!(
    GetMessagesQuery, "GetMessagesQuery", [],
    r#"{"type":"object","properties":{"conversation_id":{"allOf":[{"type":"string"}],"description":"The conversation's ID in your helpdesk."},"after_id":{"allOf":[{"type":"string"}],"description":"ID of the last message Fin has already seen from your helpdesk."}},"required":[]}"#
);

schema_as_written!(
    GetUserQuery, "GetUserQuery", [],
    r#"{"type":"object","properties":{"user_id":{"allOf":[{"type":"string"}],"description":"The end user's ID in your helpdesk (not marked required in the docs)."}},"required":[]}"#
);

schema_as_written!(
    Message, "Message", [Attachment, Agent, EndUser],
    r##"{"description":"One message in a conversation, written by the end user or an agent (Fin counts as an agent).","type":"object","properties":{"id":{"example":"msg_001","description":"The message's ID in your helpdesk.","type":"string"},"conversation_id":{"example":"conv_456","description":"ID of the conversation the message belongs to.","type":"string"},"message_type":{"description":"Kind of message; only comment is defined.","type":"string","enum":["comment"]},"body":{"example":"<p>Thank you for reaching out! I'd be happy to explain our pricing plans.</p>","description":"HTML content. Allowed tags: p, h1, h2 (h3-h6 are shown as h2), b, i, a,\nimg (may be linked), br, code, ul, ol.\n","type":"string"},"author":{"description":"The end user or agent who wrote the message.","oneOf":[{"$ref":"#/components/schemas/EndUser"},{"$ref":"#/components/schemas/Agent"}]},"visibility":{"example":"public","description":"public = shown to the end user in the Fin Messenger; private = internal note for agents only.","type":"string","enum":["public","private"]},"created_at":{"example":"2025-10-27T14:35:00.000Z","description":"Creation time, ISO 8601 UTC.","type":"string"},"attachments":{"description":"Files attached to the message.","type":"array","items":{"$ref":"#/components/schemas/Attachment"}}},"required":["id","conversation_id","message_type","body","author","visibility","created_at"]}"##
);

schema_as_written!(
    RequestHeaders, "RequestHeaders", [],
    r#"{"type":"object","properties":{"X-Fin-Request-Timestamp":{"allOf":[{"type":"string"}],"description":"Sent by Fin: request time in seconds since the Unix epoch. Use it to reject stale\nrequests. Documented in the posts-only FAQ; its presence on REST calls is assumed.\n"},"X-Fin-Signature":{"allOf":[{"type":"string"}],"description":"Sent by Fin: HMAC-SHA256 (key from the integration's deployment settings) of\n\"{timestamp}:{raw request body}\", or for GET requests of\n\"{timestamp}:{request params sorted alphabetically}\". Output encoding is not\ndocumented.\n"}},"required":[]}"#
);

schema_as_written!(
    UpdateConversationRequest, "UpdateConversationRequest", [],
    r#"{"description":"Body of PUT /conversation.","type":"object","properties":{"conversation_id":{"example":"conv_456","description":"ID of the conversation to update.","type":"string"},"title":{"nullable":true,"example":"Pricing inquiry - resolved","description":"New conversation title.","type":"string"},"tags":{"example":["pricing","sales"],"description":"Tags for the conversation.","type":"array","items":{"type":"string"}},"attributes":{"example":{"issue_type":"Billing","priority":"High"},"description":"Conversation-level attributes.","type":"object","additionalProperties":true},"status":{"description":"New conversation status.","type":"string","enum":["open","resolved","closed","ended"]},"assignee_id":{"nullable":true,"example":"agent_fin","description":"ID of the assigned agent (Fin's agent while Fin handles it). null means Fin is\nhanding the conversation over to a human. The docs type it as plain string.\n","x-inferred":true,"type":"string"},"last_user_read_at":{"nullable":true,"example":"2025-10-27T15:45:00.000Z","description":"When the end user last read the conversation (ISO 8601).","type":"string"}}}"#
);

schema_as_written!(
    UpdateUserRequest, "UpdateUserRequest", [],
    r#"{"description":"Body of PUT /user.","type":"object","properties":{"user_id":{"example":"user_123","description":"The end user's ID in your helpdesk.","type":"string"},"attributes":{"example":{"plan_type":"enterprise","signup_date":"2024-01-15","is_premium":true},"description":"Attributes to store on the end user.","type":"object","additionalProperties":true}}}"#
);

schema_as_written!(
    WebhookConversationEventRequest, "WebhookConversationEventRequest", [],
    r#"{"description":"Body of the conversation-event webhook sent to Fin.","type":"object","properties":{"conversation_id":{"example":"conv_456","description":"The conversation's ID in your helpdesk.","type":"string"},"event_type":{"nullable":true,"description":"Omitted or null = ask Fin to synchronise the conversation;\nagent_typing = show a typing indicator only (requires data.agent).\n","type":"string","enum":["agent_typing",null]},"data":{"description":"Extra event data; required when event_type is agent_typing.","type":"object","properties":{"agent":{"description":"The agent who is typing.","type":"object","properties":{"id":{"example":"agent_001","type":"string"},"user_type":{"type":"string","enum":["agent"]},"name":{"example":"Sarah Johnson","type":"string"},"email":{"example":"sarah.johnson@company.com","type":"string"}},"required":["id","user_type","name","email"]}}}},"required":["conversation_id"]}"#
);

/// The operations of "Fin Custom Helpdesk API" 0.0.1 that this server hosts.
#[::dropshot::api_description]
pub trait FinRestApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    /// Get User
    ///
    /// Returns one end user by the helpdesk's ID. Fin calls it during synchronisation to
    /// refresh user data for workflows and tasks, and when a logged-in, verified Messenger
    /// user starts a conversation.
    #[endpoint(method = GET, path = "/user", operation_id = "getUser", tags = ["Users"])]
    async fn get_user(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        query: ::dropshot::Query<GetUserQuery>,
        headers: ::dropshot::Header<RequestHeaders>,
    ) -> Result<::dropshot::HttpResponseOk<EndUser>, HelpdeskError>;
    /// Update User
    ///
    /// Updates an end user, identified by the helpdesk's ID, with new attributes.
    #[endpoint(
        method = PUT,
        path = "/user",
        operation_id = "updateUser",
        tags = ["Users"],
    )]
    async fn update_user(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        headers: ::dropshot::Header<RequestHeaders>,
        body: dropshot::TypedBody<UpdateUserRequest>,
    ) -> Result<::dropshot::HttpResponseOk<EndUser>, HelpdeskError>;
    /// Create User
    ///
    /// Creates an end-user record. Fin calls it when someone starts a conversation in the
    /// Fin Messenger and the helpdesk has no record of them yet. `object_id` is the user's
    /// ID in Intercom and can be used to make the call idempotent.
    #[endpoint(
        method = POST,
        path = "/user",
        operation_id = "createUser",
        tags = ["Users"],
    )]
    async fn create_user(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        headers: ::dropshot::Header<RequestHeaders>,
        body: dropshot::TypedBody<CreateUserRequest>,
    ) -> Result<::dropshot::HttpResponseCreated<EndUser>, HelpdeskError>;
    /// Get Agents
    ///
    /// Lists the helpdesk's agents so the admin can pick the one that represents Fin.
    /// Messages Fin writes back use that agent's ID as author. Used only during setup; a
    /// single hard-coded bot agent is acceptable.
    #[endpoint(
        method = GET,
        path = "/agents",
        operation_id = "getAgents",
        tags = ["Agents"],
    )]
    async fn get_agents(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        headers: ::dropshot::Header<RequestHeaders>,
    ) -> Result<::dropshot::HttpResponseOk<Vec<Agent>>, HelpdeskError>;
    /// Get Conversation
    ///
    /// Loads a known conversation from the helpdesk during ongoing synchronisation.
    #[endpoint(
        method = GET,
        path = "/conversation",
        operation_id = "getConversation",
        tags = ["Conversations"],
    )]
    async fn get_conversation(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        query: ::dropshot::Query<GetConversationQuery>,
        headers: ::dropshot::Header<RequestHeaders>,
    ) -> Result<::dropshot::HttpResponseOk<Conversation>, HelpdeskError>;
    /// Update Conversation
    ///
    /// Called at the end of a synchronisation run to write the data Fin derived back into
    /// the helpdesk. An `assignee_id` of null means Fin hands the conversation over to a
    /// human agent.
    #[endpoint(
        method = PUT,
        path = "/conversation",
        operation_id = "updateConversation",
        tags = ["Conversations"],
    )]
    async fn update_conversation(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        headers: ::dropshot::Header<RequestHeaders>,
        body: dropshot::TypedBody<UpdateConversationRequest>,
    ) -> Result<::dropshot::HttpResponseOk<Conversation>, HelpdeskError>;
    /// Create Conversation
    ///
    /// Called when a conversation starts in the Fin Messenger. The first message comes
    /// with the request because many helpdesks need one to open a conversation. The
    /// response must include both the conversation and the message so Fin can map them
    /// to its own objects. If this call fails, Fin tells the end user something went wrong
    /// and ends the Intercom conversation.
    #[endpoint(
        method = POST,
        path = "/conversation",
        operation_id = "createConversation",
        tags = ["Conversations"],
    )]
    async fn create_conversation(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        headers: ::dropshot::Header<RequestHeaders>,
        body: dropshot::TypedBody<CreateConversationRequest>,
    ) -> Result<
        ::dropshot::HttpResponseCreated<CreateConversationResponse>,
        HelpdeskError,
    >;
    /// Get Messages
    ///
    /// Returns the messages of a conversation during synchronisation. Fin ignores
    /// messages it already has and imports new ones. If `after_id` is given, the
    /// helpdesk may (as an optimisation) return only messages created after it.
    #[endpoint(
        method = GET,
        path = "/messages",
        operation_id = "getMessages",
        tags = ["Messages"],
    )]
    async fn get_messages(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        query: ::dropshot::Query<GetMessagesQuery>,
        headers: ::dropshot::Header<RequestHeaders>,
    ) -> Result<::dropshot::HttpResponseOk<Vec<Message>>, HelpdeskError>;
    /// Create Message
    ///
    /// Pushes a new message into the helpdesk during synchronisation. Messages come from
    /// the end user or from Fin; Fin's messages are authored by the agent chosen at setup.
    /// `object_id` is the message's Intercom ID and can be used for idempotency.
    #[endpoint(
        method = POST,
        path = "/messages",
        operation_id = "createMessage",
        tags = ["Messages"],
    )]
    async fn create_message(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        headers: ::dropshot::Header<RequestHeaders>,
        body: dropshot::TypedBody<CreateMessageRequest>,
    ) -> Result<::dropshot::HttpResponseCreated<Message>, HelpdeskError>;
}

/// The OpenAPI document [`FinRestApi`] serves (`stub_api_description()`'s).
pub fn served_openapi(
    title: &str,
    version: ::dropshot::semver::Version,
) -> Result<::serde_json::Value, String> {
    let description = fin_rest_api_mod::stub_api_description()
        .map_err(|error| error.to_string())?;
    description.openapi(title, version).json().map_err(|error| error.to_string())
}

/// Registers every operation of [`FinRestApi`] on `api`, each operationId after `prefix`, so one
/// server can serve several documents whose operationIds overlap (dropshot cannot merge
/// descriptions). The endpoints are hidden from `api`'s own OpenAPI output; the served
/// document comes from `served_openapi`.
#[allow(unused_variables, unused_mut)]
pub fn register_fin_rest_api<ServerImpl: FinRestApi>(
    api: &mut ::dropshot::ApiDescription<<ServerImpl as FinRestApi>::Context>,
    prefix: &str,
) -> Result<(), ::dropshot::ApiDescriptionRegisterError> {
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getUser"),
                <ServerImpl as FinRestApi>::get_user,
                ::http::Method::GET,
                "application/json",
                "/user",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "updateUser"),
                <ServerImpl as FinRestApi>::update_user,
                ::http::Method::PUT,
                "application/json",
                "/user",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "createUser"),
                <ServerImpl as FinRestApi>::create_user,
                ::http::Method::POST,
                "application/json",
                "/user",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getAgents"),
                <ServerImpl as FinRestApi>::get_agents,
                ::http::Method::GET,
                "application/json",
                "/agents",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getConversation"),
                <ServerImpl as FinRestApi>::get_conversation,
                ::http::Method::GET,
                "application/json",
                "/conversation",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "updateConversation"),
                <ServerImpl as FinRestApi>::update_conversation,
                ::http::Method::PUT,
                "application/json",
                "/conversation",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "createConversation"),
                <ServerImpl as FinRestApi>::create_conversation,
                ::http::Method::POST,
                "application/json",
                "/conversation",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getMessages"),
                <ServerImpl as FinRestApi>::get_messages,
                ::http::Method::GET,
                "application/json",
                "/messages",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "createMessage"),
                <ServerImpl as FinRestApi>::create_message,
                ::http::Method::POST,
                "application/json",
                "/messages",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
