/// A helpdesk employee who can answer conversations; Fin is represented by one agent
/// chosen at setup. Note `alias_name` (the REST variant calls it `alias`).
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct Agent {
    /// The agent's ID in your helpdesk.
    pub id: String,
    /// Marks the user as an agent.
    pub user_type: AgentUserType,
    /// Display name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Avatar image URL shown in the Fin Messenger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo_url: Option<String>,
    /// Public alias shown to end users instead of the real name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias_name: Option<String>,
}

/// Envelope carrying a list of agents (shape seen on get_agents; schema name invented).
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct AgentListResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<Agent>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub error: Option<Error>,
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
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct Attachment {
    /// HTTPS URL where the file can be downloaded; signed, expiring URLs are recommended for sensitive files.
    pub url: String,
    /// File type or extension.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub filetype: Option<String>,
    /// Name shown for the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub filename: Option<String>,
}

/// The end user or agent who wrote the message (documented as "any").
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
#[serde(untagged)]
pub enum Author {
    EndUser(EndUser),
    Agent(Agent),
}

impl From<EndUser> for Author {
    fn from(value: EndUser) -> Self {
        Self::EndUser(value)
    }
}

impl From<Agent> for Author {
    fn from(value: Agent) -> Self {
        Self::Agent(value)
    }
}

/// A conversation in your helpdesk; it always has exactly one end user. Only `id` was
/// visible on the posts-only pages; the rest mirrors the REST variant.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct Conversation {
    /// The conversation's ID in your helpdesk.
    pub id: String,
    /// open = ongoing with the end user; resolved = resolved by Fin;
    /// closed = finished or archived; ended = ended by the end user or an agent.
    pub status: ConversationStatus,
    pub user: EndUser,
    /// Conversation title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Tags from your helpdesk; Fin workflows can route on them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Conversation-level attributes (separate from the user's attributes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<::serde_json::Map<String, ::serde_json::Value>>,
    /// Agent currently assigned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<Agent>,
    /// Creation time, ISO 8601 UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update time, ISO 8601 UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// Envelope carrying one Conversation (shape seen on update_conversation; schema name invented).
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct ConversationResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub data: Option<Conversation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub error: Option<Error>,
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

/// Body of POST /create_conversation.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct CreateConversationRequest {
    /// Conversation title; may be empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub user: UserInput,
    /// The conversation's ID in Intercom (usable as an idempotency key).
    pub object_id: String,
    /// Conversation-level attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<::serde_json::Map<String, ::serde_json::Value>>,
    pub initial_message: MessageInput,
}

/// Envelope for create_conversation (not seen). The docs require both the conversation
/// and the message in the response; key names are assumed.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct CreateConversationResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub data: Option<CreatedConversation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub error: Option<Error>,
}

/// Body of POST /create_message. Fields listed as seen; the page was cut off after
/// conversation_id, so more fields (e.g. created_at) may exist.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct CreateMessageRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub message_type: Option<CreateMessageRequestMessageType>,
    /// HTML content (same tag list as Message.body); may be null or empty for attachment-only messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    pub author: MessageAuthor,
    /// public = shown to the end user; private = internal note for agents.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub visibility: Option<CreateMessageRequestVisibility>,
    /// The message's ID in Intercom (usable as an idempotency key).
    pub object_id: String,
    /// Attachments; may be empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<Attachment>>,
    /// Parent conversation ID.
    pub conversation_id: String,
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

/// public = shown to the end user; private = internal note for agents.
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

/// Body of POST /create_user (object_id confirmed by the FAQ; other fields mirror REST).
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct CreateUserRequest {
    /// The user's name, if already known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The user's email, if already known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The user's ID in Intercom (usable as an idempotency key).
    pub object_id: String,
}

/// `CreatedConversation`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct CreatedConversation {
    pub conversation: Conversation,
    pub message: Message,
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

/// Envelope carrying one EndUser (shape seen on update_user; schema name invented).
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct EndUserResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub data: Option<EndUser>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub error: Option<Error>,
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

/// RFC 7807 problem-details object returned in the envelope's `error` member when a
/// call fails (shape seen; schema name invented; the HTTP status to use with it is
/// not documented).
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct Error {
    /// URI reference identifying the kind of problem.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub type_: Option<String>,
    /// Short human-readable summary of the problem type.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub title: Option<String>,
    /// HTTP status code generated for this occurrence.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub status: Option<i64>,
    /// Human-readable explanation of this occurrence.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub detail: Option<String>,
    /// URI reference identifying this specific occurrence.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub instance: Option<String>,
}

/// Body of POST /get_conversation (schema name seen; field inferred).
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct GetConversationRequest {
    /// The conversation's ID in your helpdesk.
    pub conversation_id: String,
}

/// Body of POST /get_messages.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct GetMessagesRequest {
    /// The conversation's ID in your helpdesk.
    pub conversation_id: String,
    /// ID of the last message Fin has seen; as an optimisation the helpdesk may return
    /// only newer messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub after_id: Option<String>,
}

/// Body of POST /get_user (not seen; mirrors the REST query parameter).
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct GetUserRequest {
    /// The end user's ID in your helpdesk.
    pub user_id: String,
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
    /// HTML content, may be null or empty for attachment-only messages. Allowed tags:
    /// p, h1, h2 (h3-h6 shown as h2), b, i, a, img (may be linked), br, code, ul, ol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The end user or agent who wrote the message (documented as "any").
    pub author: Author,
    /// public = shown to the end user in the Fin Messenger; private = internal note for agents only.
    pub visibility: MessageVisibility,
    /// Creation time, ISO 8601 UTC.
    pub created_at: String,
    /// Files attached to the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<Attachment>>,
}

/// Author of a message sent by Fin (schema name invented; fields seen on create_message).
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct MessageAuthor {
    /// The author's ID in your helpdesk.
    pub id: String,
    pub user_type: MessageAuthorUserType,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub photo_url: Option<String>,
}

/// `MessageAuthorUserType`
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
pub enum MessageAuthorUserType {
    #[serde(rename = "end_user")]
    EndUser,
    #[serde(rename = "agent")]
    Agent,
}

impl ::std::fmt::Display for MessageAuthorUserType {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::EndUser => f.write_str("end_user"),
            Self::Agent => f.write_str("agent"),
        }
    }
}

impl ::std::str::FromStr for MessageAuthorUserType {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "end_user" => Ok(Self::EndUser),
            "agent" => Ok(Self::Agent),
            _ => Err("invalid value".into()),
        }
    }
}

/// Message fields Fin sends when creating a message (schema name invented). Either
/// body or attachments (or both) must be present; a message is never empty. Only
/// message_type and body were seen inside initial_message; the rest mirrors
/// create_message.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct MessageInput {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub message_type: Option<MessageInputMessageType>,
    /// HTML content (same tag list as Message.body); null or empty when only attachments are sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    pub author: MessageAuthor,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub visibility: Option<MessageInputVisibility>,
    /// The message's ID in Intercom.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub object_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<Attachment>>,
}

/// `MessageInputMessageType`
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
pub enum MessageInputMessageType {
    #[serde(rename = "comment")]
    Comment,
}

impl ::std::fmt::Display for MessageInputMessageType {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Comment => f.write_str("comment"),
        }
    }
}

impl ::std::str::FromStr for MessageInputMessageType {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "comment" => Ok(Self::Comment),
            _ => Err("invalid value".into()),
        }
    }
}

/// `MessageInputVisibility`
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
pub enum MessageInputVisibility {
    #[serde(rename = "public")]
    Public,
    #[serde(rename = "private")]
    Private,
}

impl ::std::fmt::Display for MessageInputVisibility {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Public => f.write_str("public"),
            Self::Private => f.write_str("private"),
        }
    }
}

impl ::std::str::FromStr for MessageInputVisibility {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "public" => Ok(Self::Public),
            "private" => Ok(Self::Private),
            _ => Err("invalid value".into()),
        }
    }
}

/// Envelope carrying a list of messages (data seen on get_messages; error assumed; schema name invented).
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct MessageListResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Vec<Message>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub error: Option<Error>,
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

/// Envelope carrying one Message (response of create_message; not seen).
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct MessageResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub data: Option<Message>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub error: Option<Error>,
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
    /// Sent by Fin (documented in the FAQ, not as a spec parameter): request time in
    /// seconds since the Unix epoch; reject requests that are too old.
    #[serde(rename = "X-Fin-Request-Timestamp", skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub x_fin_request_timestamp: Option<String>,
    /// Sent by Fin (documented in the FAQ, not as a spec parameter): HMAC-SHA256, keyed
    /// with the HMAC key from the deployment settings, of "{timestamp}:{raw request body}".
    /// Output encoding is not documented.
    #[serde(rename = "X-Fin-Signature", skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub x_fin_signature: Option<String>,
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
pub struct TypingAgent {
    pub id: String,
    pub user_type: TypingAgentUserType,
    pub name: String,
    pub email: String,
}

/// `TypingAgentUserType`
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
pub enum TypingAgentUserType {
    #[serde(rename = "agent")]
    Agent,
}

impl ::std::fmt::Display for TypingAgentUserType {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Agent => f.write_str("agent"),
        }
    }
}

impl ::std::str::FromStr for TypingAgentUserType {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "agent" => Ok(Self::Agent),
            _ => Err("invalid value".into()),
        }
    }
}

/// Body of POST /update_conversation.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct UpdateConversationRequest {
    /// ID of the conversation to update.
    pub conversation_id: String,
    /// New conversation title.
    #[serde(default, skip_serializing_if = "crate::tristate::Tristate::is_absent")]
    pub title: crate::tristate::Tristate<String>,
    /// Tags for the conversation; usable for routing in Fin workflows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Conversation-level attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<::serde_json::Map<String, ::serde_json::Value>>,
    /// open = ongoing with the end user; resolved = resolved by Fin;
    /// closed = finished or archived; ended = ended by the end user or an agent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub status: Option<UpdateConversationRequestStatus>,
    /// ID of the assigned agent (Fin's agent while Fin handles it). null means Fin hands
    /// the conversation over to a human. The docs type it as plain string.
    #[serde(default, skip_serializing_if = "crate::tristate::Tristate::is_absent")]
    pub assignee_id: crate::tristate::Tristate<String>,
    /// When the end user last read the conversation (ISO 8601).
    #[serde(default, skip_serializing_if = "crate::tristate::Tristate::is_absent")]
    pub last_user_read_at: crate::tristate::Tristate<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub user: Option<UserInput>,
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

/// Body of POST /update_user.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct UpdateUserRequest {
    /// The end user's ID in your helpdesk.
    pub user_id: String,
    /// Attributes to store on the end user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<::serde_json::Map<String, ::serde_json::Value>>,
}

/// Basic end-user information Fin sends in requests (schema name invented; fields
/// seen on update_conversation and create_conversation).
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct UserInput {
    /// The user's ID in your helpdesk.
    pub id: String,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub name: Option<String>,
    /// Email address.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub email: Option<String>,
    /// Avatar image URL shown in the Fin Messenger.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub photo_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub user_type: Option<UserInputUserType>,
    /// Custom attributes of the end user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<::serde_json::Map<String, ::serde_json::Value>>,
}

/// `UserInputUserType`
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
pub enum UserInputUserType {
    #[serde(rename = "end_user")]
    EndUser,
}

impl ::std::fmt::Display for UserInputUserType {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::EndUser => f.write_str("end_user"),
        }
    }
}

impl ::std::str::FromStr for UserInputUserType {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "end_user" => Ok(Self::EndUser),
            _ => Err("invalid value".into()),
        }
    }
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
    pub data: Option<WebhookEventData>,
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
pub struct WebhookEventData {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "TypingAgent")]
    pub agent: Option<TypingAgent>,
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
    pub fn new(
        id: String,
        user_type: AgentUserType,
        name: String,
        email: String,
    ) -> Self {
        Self {
            id,
            user_type,
            name,
            email,
            photo_url: Default::default(),
            alias_name: Default::default(),
        }
    }
}

impl AgentListResponse {
    /// The required fields; the others absent (or their defaults): `..AgentListResponse::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            data: Default::default(),
            error: Default::default(),
        }
    }
}

impl Attachment {
    /// The required fields; the others absent (or their defaults): `..Attachment::new(…)`.
    pub fn new(url: String) -> Self {
        Self {
            url,
            filetype: Default::default(),
            filename: Default::default(),
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

impl ConversationResponse {
    /// The required fields; the others absent (or their defaults): `..ConversationResponse::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            data: Default::default(),
            error: Default::default(),
        }
    }
}

impl CreateConversationRequest {
    /// The required fields; the others absent (or their defaults): `..CreateConversationRequest::new(…)`.
    pub fn new(
        user: UserInput,
        object_id: String,
        initial_message: MessageInput,
    ) -> Self {
        Self {
            title: Default::default(),
            user,
            object_id,
            attributes: Default::default(),
            initial_message,
        }
    }
}

impl CreateConversationResponse {
    /// The required fields; the others absent (or their defaults): `..CreateConversationResponse::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            data: Default::default(),
            error: Default::default(),
        }
    }
}

impl CreateMessageRequest {
    /// The required fields; the others absent (or their defaults): `..CreateMessageRequest::new(…)`.
    pub fn new(
        author: MessageAuthor,
        object_id: String,
        conversation_id: String,
    ) -> Self {
        Self {
            message_type: Default::default(),
            body: Default::default(),
            author,
            visibility: Default::default(),
            object_id,
            attachments: Default::default(),
            conversation_id,
        }
    }
}

impl CreateUserRequest {
    /// The required fields; the others absent (or their defaults): `..CreateUserRequest::new(…)`.
    pub fn new(object_id: String) -> Self {
        Self {
            name: Default::default(),
            email: Default::default(),
            object_id,
        }
    }
}

impl CreatedConversation {
    /// The required fields; the others absent (or their defaults): `..CreatedConversation::new(…)`.
    pub fn new(conversation: Conversation, message: Message) -> Self {
        Self { conversation, message }
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

impl EndUserResponse {
    /// The required fields; the others absent (or their defaults): `..EndUserResponse::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            data: Default::default(),
            error: Default::default(),
        }
    }
}

impl Error {
    /// The required fields; the others absent (or their defaults): `..Error::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            type_: Default::default(),
            title: Default::default(),
            status: Default::default(),
            detail: Default::default(),
            instance: Default::default(),
        }
    }
}

impl GetConversationRequest {
    /// The required fields; the others absent (or their defaults): `..GetConversationRequest::new(…)`.
    pub fn new(conversation_id: String) -> Self {
        Self { conversation_id }
    }
}

impl GetMessagesRequest {
    /// The required fields; the others absent (or their defaults): `..GetMessagesRequest::new(…)`.
    pub fn new(conversation_id: String) -> Self {
        Self {
            conversation_id,
            after_id: Default::default(),
        }
    }
}

impl GetUserRequest {
    /// The required fields; the others absent (or their defaults): `..GetUserRequest::new(…)`.
    pub fn new(user_id: String) -> Self {
        Self { user_id }
    }
}

impl Message {
    /// The required fields; the others absent (or their defaults): `..Message::new(…)`.
    pub fn new(
        id: String,
        conversation_id: String,
        message_type: MessageMessageType,
        author: Author,
        visibility: MessageVisibility,
        created_at: String,
    ) -> Self {
        Self {
            id,
            conversation_id,
            message_type,
            body: Default::default(),
            author,
            visibility,
            created_at,
            attachments: Default::default(),
        }
    }
}

impl MessageAuthor {
    /// The required fields; the others absent (or their defaults): `..MessageAuthor::new(…)`.
    pub fn new(id: String, user_type: MessageAuthorUserType) -> Self {
        Self {
            id,
            user_type,
            name: Default::default(),
            email: Default::default(),
            photo_url: Default::default(),
        }
    }
}

impl MessageInput {
    /// The required fields; the others absent (or their defaults): `..MessageInput::new(…)`.
    pub fn new(author: MessageAuthor) -> Self {
        Self {
            message_type: Default::default(),
            body: Default::default(),
            author,
            visibility: Default::default(),
            object_id: Default::default(),
            attachments: Default::default(),
        }
    }
}

impl MessageListResponse {
    /// The required fields; the others absent (or their defaults): `..MessageListResponse::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            data: Default::default(),
            error: Default::default(),
        }
    }
}

impl MessageResponse {
    /// The required fields; the others absent (or their defaults): `..MessageResponse::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            data: Default::default(),
            error: Default::default(),
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

impl TypingAgent {
    /// The required fields; the others absent (or their defaults): `..TypingAgent::new(…)`.
    pub fn new(
        id: String,
        user_type: TypingAgentUserType,
        name: String,
        email: String,
    ) -> Self {
        Self { id, user_type, name, email }
    }
}

impl UpdateConversationRequest {
    /// The required fields; the others absent (or their defaults): `..UpdateConversationRequest::new(…)`.
    pub fn new(conversation_id: String) -> Self {
        Self {
            conversation_id,
            title: Default::default(),
            tags: Default::default(),
            attributes: Default::default(),
            status: Default::default(),
            assignee_id: Default::default(),
            last_user_read_at: Default::default(),
            user: Default::default(),
        }
    }
}

impl UpdateUserRequest {
    /// The required fields; the others absent (or their defaults): `..UpdateUserRequest::new(…)`.
    pub fn new(user_id: String) -> Self {
        Self {
            user_id,
            attributes: Default::default(),
        }
    }
}

impl UserInput {
    /// The required fields; the others absent (or their defaults): `..UserInput::new(…)`.
    pub fn new(id: String) -> Self {
        Self {
            id,
            name: Default::default(),
            email: Default::default(),
            photo_url: Default::default(),
            user_type: Default::default(),
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

impl WebhookEventData {
    /// The required fields; the others absent (or their defaults): `..WebhookEventData::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { agent: Default::default() }
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
    r#"{"description":"A helpdesk employee who can answer conversations; Fin is represented by one agent\nchosen at setup. Note `alias_name` (the REST variant calls it `alias`).\n","type":"object","properties":{"id":{"example":"agent_123456","description":"The agent's ID in your helpdesk.","type":"string"},"user_type":{"description":"Marks the user as an agent.","type":"string","enum":["agent"]},"name":{"example":"Jane Doe","description":"Display name.","type":"string"},"email":{"example":"jane.doe@example.com","description":"Email address.","type":"string"},"photo_url":{"nullable":true,"example":"https://example.com/avatars/jane.jpg","description":"Avatar image URL shown in the Fin Messenger.","type":"string"},"alias_name":{"nullable":true,"example":"Support Jane","description":"Public alias shown to end users instead of the real name.","type":"string"}},"required":["id","user_type","name","email"]}"#
);

schema_as_written!(
    AgentListResponse, "AgentListResponse", [Error, Agent],
    r##"{"description":"Envelope carrying a list of agents (shape seen on get_agents; schema name invented).","x-inferred":true,"type":"object","properties":{"data":{"type":"array","items":{"$ref":"#/components/schemas/Agent"}},"error":{"$ref":"#/components/schemas/Error"}}}"##
);

schema_as_written!(
    Attachment, "Attachment", [],
    r#"{"description":"A file attached to a message, referenced by URL.","type":"object","properties":{"url":{"example":"https://example.com/files/pricing-guide.pdf","description":"HTTPS URL where the file can be downloaded; signed, expiring URLs are recommended for sensitive files.","type":"string"},"filetype":{"example":"pdf","description":"File type or extension.","type":"string"},"filename":{"example":"Pricing Guide 2025","description":"Name shown for the file.","type":"string"}},"required":["url"]}"#
);

schema_as_written!(
    Conversation, "Conversation", [Agent, EndUser],
    r##"{"description":"A conversation in your helpdesk; it always has exactly one end user. Only `id` was\nvisible on the posts-only pages; the rest mirrors the REST variant.\n","type":"object","properties":{"id":{"example":"conv_456","description":"The conversation's ID in your helpdesk.","type":"string"},"status":{"description":"open = ongoing with the end user; resolved = resolved by Fin;\nclosed = finished or archived; ended = ended by the end user or an agent.\n","x-inferred":true,"type":"string","enum":["open","resolved","closed","ended"]},"user":{"x-inferred":true,"allOf":[{"$ref":"#/components/schemas/EndUser"}]},"title":{"nullable":true,"example":"Question about pricing plans","description":"Conversation title.","x-inferred":true,"type":"string"},"tags":{"example":["pricing","sales"],"description":"Tags from your helpdesk; Fin workflows can route on them.","x-inferred":true,"type":"array","items":{"type":"string"}},"attributes":{"description":"Conversation-level attributes (separate from the user's attributes).","x-inferred":true,"type":"object","additionalProperties":true},"assignee":{"nullable":true,"description":"Agent currently assigned.","x-inferred":true,"allOf":[{"$ref":"#/components/schemas/Agent"}]},"created_at":{"example":"2025-10-27T14:30:00.000Z","description":"Creation time, ISO 8601 UTC.","x-inferred":true,"type":"string"},"updated_at":{"example":"2025-10-27T15:45:00.000Z","description":"Last update time, ISO 8601 UTC.","x-inferred":true,"type":"string"}},"required":["id","status","user"]}"##
);

schema_as_written!(
    ConversationResponse, "ConversationResponse", [Error, Conversation],
    r##"{"description":"Envelope carrying one Conversation (shape seen on update_conversation; schema name invented).","x-inferred":true,"type":"object","properties":{"data":{"$ref":"#/components/schemas/Conversation"},"error":{"$ref":"#/components/schemas/Error"}}}"##
);

schema_as_written!(
    CreateConversationRequest, "CreateConversationRequest", [MessageInput, UserInput],
    r##"{"description":"Body of POST /create_conversation.","type":"object","properties":{"title":{"nullable":true,"example":"Question about pricing","description":"Conversation title; may be empty.","type":"string"},"user":{"$ref":"#/components/schemas/UserInput"},"object_id":{"example":"123456","description":"The conversation's ID in Intercom (usable as an idempotency key).","type":"string"},"attributes":{"example":{"issue_type":"Billing","priority":"High"},"description":"Conversation-level attributes.","type":"object","additionalProperties":true},"initial_message":{"$ref":"#/components/schemas/MessageInput"}},"required":["user","object_id","initial_message"]}"##
);

schema_as_written!(
    CreateConversationResponse, "CreateConversationResponse", [Error, Message,
    Conversation],
    r##"{"description":"Envelope for create_conversation (not seen). The docs require both the conversation\nand the message in the response; key names are assumed.\n","x-inferred":true,"type":"object","properties":{"data":{"title":"CreatedConversation","type":"object","properties":{"conversation":{"$ref":"#/components/schemas/Conversation"},"message":{"$ref":"#/components/schemas/Message"}},"required":["conversation","message"]},"error":{"$ref":"#/components/schemas/Error"}}}"##
);

schema_as_written!(
    CreateMessageRequest, "CreateMessageRequest", [Attachment, MessageAuthor],
    r##"{"description":"Body of POST /create_message. Fields listed as seen; the page was cut off after\nconversation_id, so more fields (e.g. created_at) may exist.\n","type":"object","properties":{"message_type":{"type":"string","enum":["comment"]},"body":{"nullable":true,"example":"<p>Hi! I'd like to know more about your pricing plans.</p>","description":"HTML content (same tag list as Message.body); may be null or empty for attachment-only messages.","type":"string"},"author":{"$ref":"#/components/schemas/MessageAuthor"},"visibility":{"description":"public = shown to the end user; private = internal note for agents.","type":"string","enum":["public","private"]},"object_id":{"example":"123456","description":"The message's ID in Intercom (usable as an idempotency key).","type":"string"},"attachments":{"description":"Attachments; may be empty.","type":"array","items":{"$ref":"#/components/schemas/Attachment"}},"conversation_id":{"example":"conv_456","description":"Parent conversation ID.","type":"string"}},"required":["conversation_id","author","object_id"]}"##
);

schema_as_written!(
    CreateUserRequest, "CreateUserRequest", [],
    r#"{"description":"Body of POST /create_user (object_id confirmed by the FAQ; other fields mirror REST).","type":"object","properties":{"name":{"nullable":true,"example":"Jane Doe","description":"The user's name, if already known.","x-inferred":true,"type":"string"},"email":{"nullable":true,"example":"jane.doe@example.com","description":"The user's email, if already known.","x-inferred":true,"type":"string"},"object_id":{"example":"123456","description":"The user's ID in Intercom (usable as an idempotency key).","type":"string"}},"required":["object_id"]}"#
);

schema_as_written!(
    EndUser, "EndUser", [],
    r#"{"description":"An end user (your customer) taking part in a conversation with Fin or an agent.","type":"object","properties":{"id":{"example":"user_123456","description":"The user's ID in your helpdesk.","type":"string"},"user_type":{"description":"Marks the user as an end user.","type":"string","enum":["end_user"]},"name":{"nullable":true,"example":"Jane Doe","description":"Display name.","type":"string"},"email":{"nullable":true,"example":"jane.doe@example.com","description":"Email address.","type":"string","format":"email"},"photo_url":{"nullable":true,"example":"https://example.com/avatars/jane.jpg","description":"Avatar image URL shown in the Fin Messenger.","type":"string","format":"uri"},"attributes":{"nullable":true,"example":{"plan_type":"enterprise","signup_date":"2024-01-15","is_premium":true},"description":"Free-form custom attributes of the end user.","type":"object","additionalProperties":true}},"required":["id","user_type"]}"#
);

schema_as_written!(
    EndUserResponse, "EndUserResponse", [Error, EndUser],
    r##"{"description":"Envelope carrying one EndUser (shape seen on update_user; schema name invented).","x-inferred":true,"type":"object","properties":{"data":{"$ref":"#/components/schemas/EndUser"},"error":{"$ref":"#/components/schemas/Error"}}}"##
);

schema_as_written!(
    Error, "Error", [],
    r#"{"description":"RFC 7807 problem-details object returned in the envelope's `error` member when a\ncall fails (shape seen; schema name invented; the HTTP status to use with it is\nnot documented).\n","x-inferred":true,"type":"object","properties":{"type":{"description":"URI reference identifying the kind of problem.","type":"string"},"title":{"description":"Short human-readable summary of the problem type.","type":"string"},"status":{"description":"HTTP status code generated for this occurrence.","type":"integer"},"detail":{"description":"Human-readable explanation of this occurrence.","type":"string"},"instance":{"description":"URI reference identifying this specific occurrence.","type":"string"}}}"#
);

schema_as_written!(
    GetConversationRequest, "GetConversationRequest", [],
    r#"{"description":"Body of POST /get_conversation (schema name seen; field inferred).","type":"object","properties":{"conversation_id":{"example":"conv_456","description":"The conversation's ID in your helpdesk.","x-inferred":true,"type":"string"}},"required":["conversation_id"]}"#
);

schema_as_written!(
    GetMessagesRequest, "GetMessagesRequest", [],
    r#"{"description":"Body of POST /get_messages.","type":"object","properties":{"conversation_id":{"example":"conv_456","description":"The conversation's ID in your helpdesk.","type":"string"},"after_id":{"example":"msg_101","description":"ID of the last message Fin has seen; as an optimisation the helpdesk may return\nonly newer messages.\n","type":"string"}},"required":["conversation_id"]}"#
);

schema_as_written!(
    GetUserRequest, "GetUserRequest", [],
    r#"{"description":"Body of POST /get_user (not seen; mirrors the REST query parameter).","x-inferred":true,"type":"object","properties":{"user_id":{"example":"user_123456","description":"The end user's ID in your helpdesk.","type":"string"}},"required":["user_id"]}"#
);

schema_as_written!(
    Message, "Message", [Attachment, Agent, EndUser],
    r##"{"description":"One message in a conversation, written by the end user or an agent (Fin counts as an agent).","type":"object","properties":{"id":{"example":"msg_001","description":"The message's ID in your helpdesk.","type":"string"},"conversation_id":{"example":"conv_456","description":"ID of the conversation the message belongs to.","type":"string"},"message_type":{"description":"Kind of message; only comment is defined.","type":"string","enum":["comment"]},"body":{"nullable":true,"example":"<p>Hi! I'd like to know more about your pricing plans.</p>","description":"HTML content, may be null or empty for attachment-only messages. Allowed tags:\np, h1, h2 (h3-h6 shown as h2), b, i, a, img (may be linked), br, code, ul, ol.\n","type":"string"},"author":{"title":"Author","description":"The end user or agent who wrote the message (documented as \"any\").","x-inferred":true,"oneOf":[{"$ref":"#/components/schemas/EndUser"},{"$ref":"#/components/schemas/Agent"}]},"visibility":{"description":"public = shown to the end user in the Fin Messenger; private = internal note for agents only.","type":"string","enum":["public","private"]},"created_at":{"example":"2025-10-27T14:35:00.000Z","description":"Creation time, ISO 8601 UTC.","type":"string"},"attachments":{"description":"Files attached to the message.","type":"array","items":{"$ref":"#/components/schemas/Attachment"}}},"required":["id","conversation_id","message_type","author","visibility","created_at"]}"##
);

schema_as_written!(
    MessageAuthor, "MessageAuthor", [],
    r#"{"description":"Author of a message sent by Fin (schema name invented; fields seen on create_message).","x-inferred":true,"type":"object","properties":{"id":{"example":"user_123456","description":"The author's ID in your helpdesk.","type":"string"},"user_type":{"type":"string","enum":["end_user","agent"]},"name":{"example":"Jane Doe","type":"string"},"email":{"example":"jane.doe@example.com","type":"string"},"photo_url":{"example":"https://example.com/avatars/jane.jpg","type":"string"}},"required":["id","user_type"]}"#
);

schema_as_written!(
    MessageInput, "MessageInput", [Attachment, MessageAuthor],
    r##"{"description":"Message fields Fin sends when creating a message (schema name invented). Either\nbody or attachments (or both) must be present; a message is never empty. Only\nmessage_type and body were seen inside initial_message; the rest mirrors\ncreate_message.\n","x-inferred":true,"type":"object","properties":{"message_type":{"type":"string","enum":["comment"]},"body":{"nullable":true,"description":"HTML content (same tag list as Message.body); null or empty when only attachments are sent.","type":"string"},"author":{"x-inferred":true,"allOf":[{"$ref":"#/components/schemas/MessageAuthor"}]},"visibility":{"x-inferred":true,"type":"string","enum":["public","private"]},"object_id":{"description":"The message's ID in Intercom.","x-inferred":true,"type":"string"},"attachments":{"x-inferred":true,"type":"array","items":{"$ref":"#/components/schemas/Attachment"}}},"required":["author"]}"##
);

schema_as_written!(
    MessageListResponse, "MessageListResponse", [Error, Message],
    r##"{"description":"Envelope carrying a list of messages (data seen on get_messages; error assumed; schema name invented).","x-inferred":true,"type":"object","properties":{"data":{"type":"array","items":{"$ref":"#/components/schemas/Message"}},"error":{"$ref":"#/components/schemas/Error"}}}"##
);

schema_as_written!(
    MessageResponse, "MessageResponse", [Error, Message],
    r##"{"description":"Envelope carrying one Message (response of create_message; not seen).","x-inferred":true,"type":"object","properties":{"data":{"$ref":"#/components/schemas/Message"},"error":{"$ref":"#/components/schemas/Error"}}}"##
);

schema_as_written!(
    RequestHeaders, "RequestHeaders", [],
    r#"{"type":"object","properties":{"X-Fin-Request-Timestamp":{"allOf":[{"type":"string"}],"description":"Sent by Fin (documented in the FAQ, not as a spec parameter): request time in\nseconds since the Unix epoch; reject requests that are too old.\n"},"X-Fin-Signature":{"allOf":[{"type":"string"}],"description":"Sent by Fin (documented in the FAQ, not as a spec parameter): HMAC-SHA256, keyed\nwith the HMAC key from the deployment settings, of \"{timestamp}:{raw request body}\".\nOutput encoding is not documented.\n"}},"required":[]}"#
);

schema_as_written!(
    UpdateConversationRequest, "UpdateConversationRequest", [UserInput],
    r##"{"description":"Body of POST /update_conversation.","type":"object","properties":{"conversation_id":{"example":"conv_456","description":"ID of the conversation to update.","type":"string"},"title":{"nullable":true,"example":"Pricing inquiry - resolved","description":"New conversation title.","x-tristate":true,"type":"string"},"tags":{"example":["pricing","sales"],"description":"Tags for the conversation; usable for routing in Fin workflows.","type":"array","items":{"type":"string"}},"attributes":{"example":{"issue_type":"Billing","priority":"High"},"description":"Conversation-level attributes.","type":"object","additionalProperties":true},"status":{"description":"open = ongoing with the end user; resolved = resolved by Fin;\nclosed = finished or archived; ended = ended by the end user or an agent.\n","type":"string","enum":["open","resolved","closed","ended"]},"assignee_id":{"nullable":true,"example":"agent_fin","description":"ID of the assigned agent (Fin's agent while Fin handles it). null means Fin hands\nthe conversation over to a human. The docs type it as plain string.\n","x-inferred":true,"x-tristate":true,"type":"string"},"last_user_read_at":{"nullable":true,"example":"2025-10-27T15:45:00.000Z","description":"When the end user last read the conversation (ISO 8601).","x-tristate":true,"type":"string"},"user":{"$ref":"#/components/schemas/UserInput"}},"required":["conversation_id"]}"##
);

schema_as_written!(
    UpdateUserRequest, "UpdateUserRequest", [],
    r#"{"description":"Body of POST /update_user.","type":"object","properties":{"user_id":{"example":"user_123","description":"The end user's ID in your helpdesk.","type":"string"},"attributes":{"example":{"plan_type":"enterprise","signup_date":"2024-01-15","is_premium":true},"description":"Attributes to store on the end user.","type":"object","additionalProperties":true}},"required":["user_id"]}"#
);

schema_as_written!(
    UserInput, "UserInput", [],
    r#"{"description":"Basic end-user information Fin sends in requests (schema name invented; fields\nseen on update_conversation and create_conversation).\n","x-inferred":true,"type":"object","properties":{"id":{"example":"user_123456","description":"The user's ID in your helpdesk.","type":"string"},"name":{"example":"Jane Doe","description":"Display name.","type":"string"},"email":{"example":"jane.doe@example.com","description":"Email address.","type":"string"},"photo_url":{"example":"https://example.com/avatars/jane.jpg","description":"Avatar image URL shown in the Fin Messenger.","type":"string"},"user_type":{"type":"string","enum":["end_user"]},"attributes":{"nullable":true,"example":{"plan_type":"enterprise","signup_date":"2024-01-15","is_premium":true},"description":"Custom attributes of the end user.","type":"object","additionalProperties":true}},"required":["id"]}"#
);

schema_as_written!(
    WebhookConversationEventRequest, "WebhookConversationEventRequest", [],
    r#"{"description":"Body of the conversation-event webhook sent to Fin.","type":"object","properties":{"conversation_id":{"example":"conv_456","description":"The conversation's ID in your helpdesk.","type":"string"},"event_type":{"nullable":true,"description":"Omitted or null = ask Fin to synchronise the conversation;\nagent_typing = show a typing indicator only (requires data.agent).\n","type":"string","enum":["agent_typing",null]},"data":{"title":"WebhookEventData","description":"Extra event data; required when event_type is agent_typing.","type":"object","properties":{"agent":{"title":"TypingAgent","description":"The agent who is typing.","type":"object","properties":{"id":{"example":"agent_001","type":"string"},"user_type":{"type":"string","enum":["agent"]},"name":{"example":"Sarah Johnson","type":"string"},"email":{"example":"sarah.johnson@company.com","type":"string"}},"required":["id","user_type","name","email"]}}}},"required":["conversation_id"]}"#
);

impl crate::server::extract::HeaderSet for RequestHeaders {
    const REQUIRED: &'static [&'static str] = &[];
}

/// The document's component schemas that request bodies refer to, as the body
/// check reads them: every body type's `COMPONENTS`.
pub const COMPONENTS_SCHEMA: &str = r##"{"Attachment":{"type":"object","required":["url"],"properties":{"url":{"type":"string"},"filetype":{"if":{"type":"null"},"else":{"type":"string"}},"filename":{"if":{"type":"null"},"else":{"type":"string"}}}},"UserInput":{"type":"object","required":["id"],"properties":{"id":{"type":"string"},"name":{"if":{"type":"null"},"else":{"type":"string"}},"email":{"if":{"type":"null"},"else":{"type":"string"}},"photo_url":{"if":{"type":"null"},"else":{"type":"string"}},"user_type":{"if":{"type":"null"},"else":{"type":"string","enum":["end_user"]}},"attributes":{"type":["object","null"],"additionalProperties":true}}},"MessageAuthor":{"type":"object","required":["id","user_type"],"properties":{"id":{"type":"string"},"user_type":{"type":"string","enum":["end_user","agent"]},"name":{"if":{"type":"null"},"else":{"type":"string"}},"email":{"if":{"type":"null"},"else":{"type":"string"}},"photo_url":{"if":{"type":"null"},"else":{"type":"string"}}}},"MessageInput":{"type":"object","required":["author"],"properties":{"message_type":{"if":{"type":"null"},"else":{"type":"string","enum":["comment"]}},"body":{"type":["string","null"]},"author":{"allOf":[{"$ref":"#/components/schemas/MessageAuthor"}]},"visibility":{"if":{"type":"null"},"else":{"type":"string","enum":["public","private"]}},"object_id":{"if":{"type":"null"},"else":{"type":"string"}},"attachments":{"if":{"type":"null"},"else":{"type":"array","items":{"$ref":"#/components/schemas/Attachment"}}}}},"GetUserRequest":{"type":"object","required":["user_id"],"properties":{"user_id":{"type":"string"}}},"UpdateUserRequest":{"type":"object","required":["user_id"],"properties":{"user_id":{"type":"string"},"attributes":{"if":{"type":"null"},"else":{"type":"object","additionalProperties":true}}}},"CreateUserRequest":{"type":"object","required":["object_id"],"properties":{"name":{"type":["string","null"]},"email":{"type":["string","null"]},"object_id":{"type":"string"}}},"GetConversationRequest":{"type":"object","required":["conversation_id"],"properties":{"conversation_id":{"type":"string"}}},"UpdateConversationRequest":{"type":"object","required":["conversation_id"],"properties":{"conversation_id":{"type":"string"},"title":{"if":{"type":"null"},"else":{"type":"string"}},"tags":{"if":{"type":"null"},"else":{"type":"array","items":{"type":"string"}}},"attributes":{"if":{"type":"null"},"else":{"type":"object","additionalProperties":true}},"status":{"if":{"type":"null"},"else":{"type":"string","enum":["open","resolved","closed","ended"]}},"assignee_id":{"if":{"type":"null"},"else":{"type":"string"}},"last_user_read_at":{"if":{"type":"null"},"else":{"type":"string"}},"user":{"if":{"type":"null"},"else":{"$ref":"#/components/schemas/UserInput"}}}},"CreateConversationRequest":{"type":"object","required":["initial_message","object_id","user"],"properties":{"title":{"type":["string","null"]},"user":{"$ref":"#/components/schemas/UserInput"},"object_id":{"type":"string"},"attributes":{"if":{"type":"null"},"else":{"type":"object","additionalProperties":true}},"initial_message":{"$ref":"#/components/schemas/MessageInput"}}},"GetMessagesRequest":{"type":"object","required":["conversation_id"],"properties":{"conversation_id":{"type":"string"},"after_id":{"if":{"type":"null"},"else":{"type":"string"}}}},"CreateMessageRequest":{"type":"object","required":["author","conversation_id","object_id"],"properties":{"message_type":{"if":{"type":"null"},"else":{"type":"string","enum":["comment"]}},"body":{"type":["string","null"]},"author":{"$ref":"#/components/schemas/MessageAuthor"},"visibility":{"if":{"type":"null"},"else":{"type":"string","enum":["public","private"]}},"object_id":{"type":"string"},"attachments":{"if":{"type":"null"},"else":{"type":"array","items":{"$ref":"#/components/schemas/Attachment"}}},"conversation_id":{"type":"string"}}}}"##;

impl crate::server::extract::BodySchema for GetUserRequest {
    const SCHEMA: &'static str = r##"{"$ref":"#/components/schemas/GetUserRequest"}"##;
    const COMPONENTS: &'static str = COMPONENTS_SCHEMA;
}

impl crate::server::extract::BodySchema for UpdateUserRequest {
    const SCHEMA: &'static str = r##"{"$ref":"#/components/schemas/UpdateUserRequest"}"##;
    const COMPONENTS: &'static str = COMPONENTS_SCHEMA;
}

impl crate::server::extract::BodySchema for CreateUserRequest {
    const SCHEMA: &'static str = r##"{"$ref":"#/components/schemas/CreateUserRequest"}"##;
    const COMPONENTS: &'static str = COMPONENTS_SCHEMA;
}

impl crate::server::extract::BodySchema for GetConversationRequest {
    const SCHEMA: &'static str = r##"{"$ref":"#/components/schemas/GetConversationRequest"}"##;
    const COMPONENTS: &'static str = COMPONENTS_SCHEMA;
}

impl crate::server::extract::BodySchema for UpdateConversationRequest {
    const SCHEMA: &'static str = r##"{"$ref":"#/components/schemas/UpdateConversationRequest"}"##;
    const COMPONENTS: &'static str = COMPONENTS_SCHEMA;
}

impl crate::server::extract::BodySchema for CreateConversationRequest {
    const SCHEMA: &'static str = r##"{"$ref":"#/components/schemas/CreateConversationRequest"}"##;
    const COMPONENTS: &'static str = COMPONENTS_SCHEMA;
}

impl crate::server::extract::BodySchema for GetMessagesRequest {
    const SCHEMA: &'static str = r##"{"$ref":"#/components/schemas/GetMessagesRequest"}"##;
    const COMPONENTS: &'static str = COMPONENTS_SCHEMA;
}

impl crate::server::extract::BodySchema for CreateMessageRequest {
    const SCHEMA: &'static str = r##"{"$ref":"#/components/schemas/CreateMessageRequest"}"##;
    const COMPONENTS: &'static str = COMPONENTS_SCHEMA;
}

/// The operations of "Fin Custom Helpdesk API" 0.0.1 that this server hosts.
///
/// An explicit `null` for an optional request property (one the document neither
/// requires nor makes nullable) is taken as the property left out, by the types and by
/// the body check alike (the generator's `with_null_as_absent`).
#[::dropshot::api_description]
pub trait FinHelpdeskPostsApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    /// Get User
    ///
    /// Returns one end user by the helpdesk's ID. Called during synchronisation, and when
    /// a logged-in, verified Messenger user starts a conversation.
    #[endpoint(
        method = POST,
        path = "/get_user",
        operation_id = "getUser",
        tags = ["Users"],
    )]
    async fn get_user(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        headers: crate::server::extract::DocumentedHeaders<RequestHeaders>,
        body: crate::server::extract::SignedJson<GetUserRequest>,
    ) -> Result<
        crate::server::PostsAnswer<::dropshot::HttpResponseOk<EndUserResponse>>,
        crate::server::PostsError,
    >;
    /// Update User
    ///
    /// Updates an end user, identified by the helpdesk's ID, with new attributes.
    #[endpoint(
        method = POST,
        path = "/update_user",
        operation_id = "updateUser",
        tags = ["Users"],
    )]
    async fn update_user(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        headers: crate::server::extract::DocumentedHeaders<RequestHeaders>,
        body: crate::server::extract::SignedJson<UpdateUserRequest>,
    ) -> Result<
        crate::server::PostsAnswer<::dropshot::HttpResponseOk<EndUserResponse>>,
        crate::server::PostsError,
    >;
    /// Create User
    ///
    /// Creates an end-user record when someone starts a Fin Messenger conversation and
    /// the helpdesk has no record of them. `object_id` is the user's Intercom ID.
    #[endpoint(
        method = POST,
        path = "/create_user",
        operation_id = "createUser",
        tags = ["Users"],
    )]
    async fn create_user(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        headers: crate::server::extract::DocumentedHeaders<RequestHeaders>,
        body: crate::server::extract::SignedJson<CreateUserRequest>,
    ) -> Result<
        crate::server::PostsAnswer<::dropshot::HttpResponseCreated<EndUserResponse>>,
        crate::server::PostsError,
    >;
    /// Get Agents
    ///
    /// Lists agents so the admin can choose the one that represents Fin; Fin's messages
    /// are authored as that agent. Used only during setup. No request body is documented.
    #[endpoint(
        method = POST,
        path = "/get_agents",
        operation_id = "getAgents",
        tags = ["Agents"],
    )]
    async fn get_agents(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        headers: crate::server::extract::DocumentedHeaders<RequestHeaders>,
        body: crate::server::extract::RawBody,
    ) -> Result<
        crate::server::PostsAnswer<::dropshot::HttpResponseOk<AgentListResponse>>,
        crate::server::PostsError,
    >;
    /// Get Conversation
    ///
    /// Loads a known conversation from the helpdesk during ongoing synchronisation.
    #[endpoint(
        method = POST,
        path = "/get_conversation",
        operation_id = "getConversation",
        tags = ["Conversations"],
    )]
    async fn get_conversation(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        headers: crate::server::extract::DocumentedHeaders<RequestHeaders>,
        body: crate::server::extract::SignedJson<GetConversationRequest>,
    ) -> Result<
        crate::server::PostsAnswer<::dropshot::HttpResponseOk<ConversationResponse>>,
        crate::server::PostsError,
    >;
    /// Update Conversation
    ///
    /// Called at the end of a synchronisation run to write the data Fin derived back into
    /// the helpdesk, including the end user's current details. `assignee_id: null` means
    /// Fin hands over to a human agent.
    #[endpoint(
        method = POST,
        path = "/update_conversation",
        operation_id = "updateConversation",
        tags = ["Conversations"],
    )]
    async fn update_conversation(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        headers: crate::server::extract::DocumentedHeaders<RequestHeaders>,
        body: crate::server::extract::SignedJson<UpdateConversationRequest>,
    ) -> Result<
        crate::server::PostsAnswer<::dropshot::HttpResponseOk<ConversationResponse>>,
        crate::server::PostsError,
    >;
    /// Create Conversation
    ///
    /// Called when a conversation starts in the Fin Messenger. The first message is
    /// included because many helpdesks need one to open a conversation. The response must
    /// return both the conversation and the message so Fin can map them. If this call
    /// fails, Fin tells the end user something went wrong and ends the Intercom
    /// conversation.
    #[endpoint(
        method = POST,
        path = "/create_conversation",
        operation_id = "createConversation",
        tags = ["Conversations"],
    )]
    async fn create_conversation(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        headers: crate::server::extract::DocumentedHeaders<RequestHeaders>,
        body: crate::server::extract::SignedJson<CreateConversationRequest>,
    ) -> Result<
        crate::server::PostsAnswer<
            ::dropshot::HttpResponseCreated<CreateConversationResponse>,
        >,
        crate::server::PostsError,
    >;
    /// Get Messages
    ///
    /// Returns the messages of a conversation during synchronisation. Fin ignores messages
    /// it already has and imports new ones. With `after_id`, the helpdesk may return only
    /// messages created after that message.
    #[endpoint(
        method = POST,
        path = "/get_messages",
        operation_id = "getMessages",
        tags = ["Messages"],
    )]
    async fn get_messages(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        headers: crate::server::extract::DocumentedHeaders<RequestHeaders>,
        body: crate::server::extract::SignedJson<GetMessagesRequest>,
    ) -> Result<
        crate::server::PostsAnswer<::dropshot::HttpResponseOk<MessageListResponse>>,
        crate::server::PostsError,
    >;
    /// Create Message
    ///
    /// Pushes a new message into the helpdesk during synchronisation. Messages come from
    /// the end user or from Fin; Fin's messages are authored by the agent chosen at setup.
    /// Either `body` or `attachments` (or both) is present.
    #[endpoint(
        method = POST,
        path = "/create_message",
        operation_id = "createMessage",
        tags = ["Messages"],
    )]
    async fn create_message(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        headers: crate::server::extract::DocumentedHeaders<RequestHeaders>,
        body: crate::server::extract::SignedJson<CreateMessageRequest>,
    ) -> Result<
        crate::server::PostsAnswer<::dropshot::HttpResponseCreated<MessageResponse>>,
        crate::server::PostsError,
    >;
}

/// The OpenAPI document [`FinHelpdeskPostsApi`] serves (`stub_api_description()`'s).
pub fn served_openapi(
    title: &str,
    version: ::dropshot::semver::Version,
) -> Result<::serde_json::Value, String> {
    let description = fin_helpdesk_posts_api_mod::stub_api_description()
        .map_err(|error| error.to_string())?;
    description.openapi(title, version).json().map_err(|error| error.to_string())
}

/// Registers every operation of [`FinHelpdeskPostsApi`] on `api`, each operationId after `prefix`, so one
/// server can serve several documents whose operationIds overlap (dropshot cannot merge
/// descriptions). The endpoints are hidden from `api`'s own OpenAPI output; the served
/// document comes from `served_openapi`.
#[allow(unused_variables, unused_mut)]
pub fn register_fin_helpdesk_posts_api<ServerImpl: FinHelpdeskPostsApi>(
    api: &mut ::dropshot::ApiDescription<<ServerImpl as FinHelpdeskPostsApi>::Context>,
    prefix: &str,
) -> Result<(), ::dropshot::ApiDescriptionRegisterError> {
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getUser"),
                <ServerImpl as FinHelpdeskPostsApi>::get_user,
                ::http::Method::POST,
                "application/json",
                "/get_user",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "updateUser"),
                <ServerImpl as FinHelpdeskPostsApi>::update_user,
                ::http::Method::POST,
                "application/json",
                "/update_user",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "createUser"),
                <ServerImpl as FinHelpdeskPostsApi>::create_user,
                ::http::Method::POST,
                "application/json",
                "/create_user",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getAgents"),
                <ServerImpl as FinHelpdeskPostsApi>::get_agents,
                ::http::Method::POST,
                "application/json",
                "/get_agents",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getConversation"),
                <ServerImpl as FinHelpdeskPostsApi>::get_conversation,
                ::http::Method::POST,
                "application/json",
                "/get_conversation",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "updateConversation"),
                <ServerImpl as FinHelpdeskPostsApi>::update_conversation,
                ::http::Method::POST,
                "application/json",
                "/update_conversation",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "createConversation"),
                <ServerImpl as FinHelpdeskPostsApi>::create_conversation,
                ::http::Method::POST,
                "application/json",
                "/create_conversation",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getMessages"),
                <ServerImpl as FinHelpdeskPostsApi>::get_messages,
                ::http::Method::POST,
                "application/json",
                "/get_messages",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "createMessage"),
                <ServerImpl as FinHelpdeskPostsApi>::create_message,
                ::http::Method::POST,
                "application/json",
                "/create_message",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
