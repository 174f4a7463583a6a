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

/// A conversation and its messages.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct ConversationWithMessages {
    pub conversation: Conversation,
    /// Every message, public and private, in creation order.
    pub messages: Vec<Message>,
}

/// `CreateHelpdeskMessagePath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct CreateHelpdeskMessagePath {
    /// The conversation's ID in the helpdesk.
    pub conversation_id: String,
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

/// `GetHelpdeskConversationPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct GetHelpdeskConversationPath {
    /// The conversation's ID in the helpdesk.
    pub conversation_id: String,
}

/// Changes to a conversation; absent fields stay as they are.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct HelpdeskConversationUpdate {
    /// The new state.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub status: Option<HelpdeskConversationUpdateStatus>,
    /// An agent's id to assign, or null to unassign; absent keeps the assignee.
    #[serde(default, skip_serializing_if = "crate::tristate::Tristate::is_absent")]
    pub assignee_id: crate::tristate::Tristate<String>,
}

/// The new state.
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
pub enum HelpdeskConversationUpdateStatus {
    #[serde(rename = "open")]
    Open,
    #[serde(rename = "resolved")]
    Resolved,
    #[serde(rename = "closed")]
    Closed,
    #[serde(rename = "ended")]
    Ended,
}

impl ::std::fmt::Display for HelpdeskConversationUpdateStatus {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Open => f.write_str("open"),
            Self::Resolved => f.write_str("resolved"),
            Self::Closed => f.write_str("closed"),
            Self::Ended => f.write_str("ended"),
        }
    }
}

impl ::std::str::FromStr for HelpdeskConversationUpdateStatus {
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

/// A reply or private note written by the authenticated agent.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct HelpdeskMessageRequest {
    /// HTML, with the tags the Fin Messenger shows (p, h1, h2, b, i, a, img, br, code, ul, ol).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// public (default) = reply shown to the end user; private = internal note.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub visibility: Option<HelpdeskMessageRequestVisibility>,
    /// Files attached to the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<Attachment>>,
    /// Optional idempotency key chosen by the caller.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub object_id: Option<String>,
}

/// public (default) = reply shown to the end user; private = internal note.
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
pub enum HelpdeskMessageRequestVisibility {
    #[serde(rename = "public")]
    Public,
    #[serde(rename = "private")]
    Private,
}

impl ::std::fmt::Display for HelpdeskMessageRequestVisibility {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Public => f.write_str("public"),
            Self::Private => f.write_str("private"),
        }
    }
}

impl ::std::str::FromStr for HelpdeskMessageRequestVisibility {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "public" => Ok(Self::Public),
            "private" => Ok(Self::Private),
            _ => Err("invalid value".into()),
        }
    }
}

/// `ListHelpdeskConversationsQuery`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct ListHelpdeskConversationsQuery {
    /// Only conversations in this state.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub status: Option<ListHelpdeskConversationsQueryStatus>,
    /// Only conversations assigned to this agent id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub assignee: Option<String>,
    /// When true, only conversations without an assignee.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub unassigned: Option<bool>,
    /// At most this many conversations (1 to 1000, default 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub limit: Option<::std::num::NonZeroU32>,
}

/// Only conversations in this state.
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
pub enum ListHelpdeskConversationsQueryStatus {
    #[serde(rename = "open")]
    Open,
    #[serde(rename = "resolved")]
    Resolved,
    #[serde(rename = "closed")]
    Closed,
    #[serde(rename = "ended")]
    Ended,
}

impl ::std::fmt::Display for ListHelpdeskConversationsQueryStatus {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Open => f.write_str("open"),
            Self::Resolved => f.write_str("resolved"),
            Self::Closed => f.write_str("closed"),
            Self::Ended => f.write_str("ended"),
        }
    }
}

impl ::std::str::FromStr for ListHelpdeskConversationsQueryStatus {
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
    pub author: Author,
    /// public = shown to the end user in the Fin Messenger; private = internal note for agents only.
    pub visibility: MessageVisibility,
    /// Creation time, ISO 8601 UTC.
    pub created_at: String,
    /// Files attached to the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<Attachment>>,
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

/// `SendHelpdeskTypingPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct SendHelpdeskTypingPath {
    /// The conversation's ID in the helpdesk.
    pub conversation_id: String,
}

/// `UpdateHelpdeskConversationPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct UpdateHelpdeskConversationPath {
    /// The conversation's ID in the helpdesk.
    pub conversation_id: String,
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

impl ConversationWithMessages {
    /// The required fields; the others absent (or their defaults): `..ConversationWithMessages::new(…)`.
    pub fn new(conversation: Conversation, messages: Vec<Message>) -> Self {
        Self { conversation, messages }
    }
}

impl CreateHelpdeskMessagePath {
    /// The required fields; the others absent (or their defaults): `..CreateHelpdeskMessagePath::new(…)`.
    pub fn new(conversation_id: String) -> Self {
        Self { conversation_id }
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

impl GetHelpdeskConversationPath {
    /// The required fields; the others absent (or their defaults): `..GetHelpdeskConversationPath::new(…)`.
    pub fn new(conversation_id: String) -> Self {
        Self { conversation_id }
    }
}

impl HelpdeskConversationUpdate {
    /// The required fields; the others absent (or their defaults): `..HelpdeskConversationUpdate::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            status: Default::default(),
            assignee_id: Default::default(),
        }
    }
}

impl HelpdeskMessageRequest {
    /// The required fields; the others absent (or their defaults): `..HelpdeskMessageRequest::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            body: Default::default(),
            visibility: Default::default(),
            attachments: Default::default(),
            object_id: Default::default(),
        }
    }
}

impl ListHelpdeskConversationsQuery {
    /// The required fields; the others absent (or their defaults): `..ListHelpdeskConversationsQuery::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            status: Default::default(),
            assignee: Default::default(),
            unassigned: Default::default(),
            limit: Default::default(),
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
        author: Author,
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

impl SendHelpdeskTypingPath {
    /// The required fields; the others absent (or their defaults): `..SendHelpdeskTypingPath::new(…)`.
    pub fn new(conversation_id: String) -> Self {
        Self { conversation_id }
    }
}

impl UpdateHelpdeskConversationPath {
    /// The required fields; the others absent (or their defaults): `..UpdateHelpdeskConversationPath::new(…)`.
    pub fn new(conversation_id: String) -> Self {
        Self { conversation_id }
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
    r#"{"description":"A file attached to a message, referenced by URL.","type":"object","properties":{"url":{"example":"https://example.com/files/pricing-guide.pdf","description":"HTTPS URL where the file can be downloaded; signed, expiring URLs are recommended for sensitive files.","type":"string"},"filetype":{"example":"pdf","description":"File type or extension.","type":"string"},"filename":{"example":"Pricing Guide 2025","description":"Name shown for the file.","type":"string"}},"required":["url"]}"#
);

schema_as_written!(
    Conversation, "Conversation", [Agent, EndUser],
    r##"{"description":"A conversation in your helpdesk; it always has exactly one end user.","type":"object","properties":{"id":{"example":"conv_456","description":"The conversation's ID in your helpdesk.","type":"string"},"status":{"description":"open = ongoing with the end user; resolved = resolved by Fin;\nclosed = finished or archived; ended = ended by the end user or an agent.\n","type":"string","enum":["open","resolved","closed","ended"]},"user":{"$ref":"#/components/schemas/EndUser"},"title":{"nullable":true,"example":"Question about pricing plans","description":"Conversation title (nullability not shown in the docs).","x-inferred":true,"type":"string"},"tags":{"example":["pricing","sales"],"description":"Tags from your helpdesk; Fin workflows can route on them.","type":"array","items":{"type":"string"}},"attributes":{"example":{"issue_type":"Billing","priority":"High"},"description":"Conversation-level attributes (separate from the user's attributes).","type":"object","additionalProperties":true},"assignee":{"nullable":true,"description":"Agent currently assigned (nullability assumed for unassigned conversations).","x-inferred":true,"allOf":[{"$ref":"#/components/schemas/Agent"}]},"created_at":{"example":"2025-10-27T14:30:00.000Z","description":"Creation time, ISO 8601 UTC.","type":"string"},"updated_at":{"example":"2025-10-27T15:45:00.000Z","description":"Last update time, ISO 8601 UTC (only the example was seen).","x-inferred":true,"type":"string"}},"required":["id","status","user"]}"##
);

schema_as_written!(
    ConversationWithMessages, "ConversationWithMessages", [Message, Conversation],
    r##"{"description":"A conversation and its messages.","type":"object","properties":{"conversation":{"$ref":"#/components/schemas/Conversation"},"messages":{"description":"Every message, public and private, in creation order.","type":"array","items":{"$ref":"#/components/schemas/Message"}}},"required":["conversation","messages"]}"##
);

schema_as_written!(
    CreateHelpdeskMessagePath, "CreateHelpdeskMessagePath", [],
    r#"{"type":"object","properties":{"conversation_id":{"allOf":[{"type":"string"}],"description":"The conversation's ID in the helpdesk."}},"required":["conversation_id"]}"#
);

schema_as_written!(
    EndUser, "EndUser", [],
    r#"{"description":"An end user (your customer) taking part in a conversation with Fin or an agent.","type":"object","properties":{"id":{"example":"user_123456","description":"The user's ID in your helpdesk.","type":"string"},"user_type":{"description":"Marks the user as an end user.","type":"string","enum":["end_user"]},"name":{"nullable":true,"example":"Jane Doe","description":"Display name.","type":"string"},"email":{"nullable":true,"example":"jane.doe@example.com","description":"Email address.","type":"string","format":"email"},"photo_url":{"nullable":true,"example":"https://example.com/avatars/jane.jpg","description":"Avatar image URL shown in the Fin Messenger.","type":"string","format":"uri"},"attributes":{"nullable":true,"example":{"plan_type":"enterprise","signup_date":"2024-01-15","is_premium":true},"description":"Free-form custom attributes of the end user.","type":"object","additionalProperties":true}},"required":["id","user_type"]}"#
);

schema_as_written!(
    GetHelpdeskConversationPath, "GetHelpdeskConversationPath", [],
    r#"{"type":"object","properties":{"conversation_id":{"allOf":[{"type":"string"}],"description":"The conversation's ID in the helpdesk."}},"required":["conversation_id"]}"#
);

schema_as_written!(
    HelpdeskConversationUpdate, "HelpdeskConversationUpdate", [],
    r#"{"description":"Changes to a conversation; absent fields stay as they are.","type":"object","properties":{"status":{"description":"The new state.","type":"string","enum":["open","resolved","closed","ended"]},"assignee_id":{"nullable":true,"example":"agent_123456","description":"An agent's id to assign, or null to unassign; absent keeps the assignee.","x-tristate":true,"type":"string"}}}"#
);

schema_as_written!(
    HelpdeskMessageRequest, "HelpdeskMessageRequest", [Attachment],
    r##"{"description":"A reply or private note written by the authenticated agent.","type":"object","properties":{"body":{"nullable":true,"example":"<p>I've refunded the order.</p>","description":"HTML, with the tags the Fin Messenger shows (p, h1, h2, b, i, a, img, br, code, ul, ol).","type":"string"},"visibility":{"description":"public (default) = reply shown to the end user; private = internal note.","type":"string","enum":["public","private"]},"attachments":{"description":"Files attached to the message.","type":"array","items":{"$ref":"#/components/schemas/Attachment"}},"object_id":{"example":"reply-7f3a","description":"Optional idempotency key chosen by the caller.","type":"string"}}}"##
);

schema_as_written!(
    ListHelpdeskConversationsQuery, "ListHelpdeskConversationsQuery", [],
    r#"{"type":"object","properties":{"status":{"allOf":[{"type":"string","enum":["open","resolved","closed","ended"]}],"description":"Only conversations in this state."},"assignee":{"allOf":[{"type":"string"}],"description":"Only conversations assigned to this agent id."},"unassigned":{"allOf":[{"type":"boolean"}],"description":"When true, only conversations without an assignee."},"limit":{"allOf":[{"type":"integer","format":"uint32","minimum":1,"maximum":1000}],"description":"At most this many conversations (1 to 1000, default 100)."}},"required":[]}"#
);

schema_as_written!(
    Message, "Message", [Attachment, Agent, EndUser],
    r##"{"description":"One message in a conversation, written by the end user or an agent (Fin counts as an agent).","type":"object","properties":{"id":{"example":"msg_001","description":"The message's ID in your helpdesk.","type":"string"},"conversation_id":{"example":"conv_456","description":"ID of the conversation the message belongs to.","type":"string"},"message_type":{"description":"Kind of message; only comment is defined.","type":"string","enum":["comment"]},"body":{"example":"<p>Thank you for reaching out! I'd be happy to explain our pricing plans.</p>","description":"HTML content. Allowed tags: p, h1, h2 (h3-h6 are shown as h2), b, i, a,\nimg (may be linked), br, code, ul, ol.\n","type":"string"},"author":{"title":"Author","description":"The end user or agent who wrote the message.","oneOf":[{"$ref":"#/components/schemas/EndUser"},{"$ref":"#/components/schemas/Agent"}]},"visibility":{"example":"public","description":"public = shown to the end user in the Fin Messenger; private = internal note for agents only.","type":"string","enum":["public","private"]},"created_at":{"example":"2025-10-27T14:35:00.000Z","description":"Creation time, ISO 8601 UTC.","type":"string"},"attachments":{"description":"Files attached to the message.","type":"array","items":{"$ref":"#/components/schemas/Attachment"}}},"required":["id","conversation_id","message_type","body","author","visibility","created_at"]}"##
);

schema_as_written!(
    SendHelpdeskTypingPath, "SendHelpdeskTypingPath", [],
    r#"{"type":"object","properties":{"conversation_id":{"allOf":[{"type":"string"}],"description":"The conversation's ID in the helpdesk."}},"required":["conversation_id"]}"#
);

schema_as_written!(
    UpdateHelpdeskConversationPath, "UpdateHelpdeskConversationPath", [],
    r#"{"type":"object","properties":{"conversation_id":{"allOf":[{"type":"string"}],"description":"The conversation's ID in the helpdesk."}},"required":["conversation_id"]}"#
);

/// The document's component schemas that request bodies refer to, as the body
/// check reads them: every body type's `COMPONENTS`.
pub const COMPONENTS_SCHEMA: &str = r##"{"HelpdeskMessageRequest":{"type":"object","properties":{"body":{"type":["string","null"]},"visibility":{"if":{"type":"null"},"else":{"type":"string","enum":["public","private"]}},"attachments":{"if":{"type":"null"},"else":{"type":"array","items":{"$ref":"#/components/schemas/Attachment"}}},"object_id":{"if":{"type":"null"},"else":{"type":"string"}}}},"HelpdeskConversationUpdate":{"type":"object","properties":{"status":{"if":{"type":"null"},"else":{"type":"string","enum":["open","resolved","closed","ended"]}},"assignee_id":{"if":{"type":"null"},"else":{"type":"string"}}}},"Attachment":{"type":"object","required":["url"],"properties":{"url":{"type":"string"},"filetype":{"if":{"type":"null"},"else":{"type":"string"}},"filename":{"if":{"type":"null"},"else":{"type":"string"}}}}}"##;

impl crate::server::extract::BodySchema for HelpdeskConversationUpdate {
    const SCHEMA: &'static str = r##"{"$ref":"#/components/schemas/HelpdeskConversationUpdate"}"##;
    const COMPONENTS: &'static str = COMPONENTS_SCHEMA;
}

impl crate::server::extract::BodySchema for HelpdeskMessageRequest {
    const SCHEMA: &'static str = r##"{"$ref":"#/components/schemas/HelpdeskMessageRequest"}"##;
    const COMPONENTS: &'static str = COMPONENTS_SCHEMA;
}

/// The operations of "Fin Helpdesk Agents API" 0.1.0 that this server hosts.
///
/// An explicit `null` for an optional request property (one the document neither
/// requires nor makes nullable) is taken as the property left out, by the types and by
/// the body check alike (the generator's `with_null_as_absent`).
#[::dropshot::api_description]
pub trait HelpdeskAgentApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    /// List Conversations
    ///
    /// Conversations, most recently updated first. Filters combine; `unassigned=true`
    /// lists the conversations without an assignee (those Fin handed over to a human).
    /// `assignee` takes precedence over `unassigned`.
    #[endpoint(
        method = GET,
        path = "/helpdesk/conversations",
        operation_id = "listHelpdeskConversations",
        tags = ["Helpdesk"],
    )]
    async fn list_helpdesk_conversations(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        query: ::dropshot::Query<ListHelpdeskConversationsQuery>,
    ) -> Result<::dropshot::HttpResponseOk<Vec<Conversation>>, dropshot::HttpError>;
    /// Get a Conversation with its Messages
    ///
    /// The conversation and all its messages (public and private) in creation order.
    #[endpoint(
        method = GET,
        path = "/helpdesk/conversations/{conversation_id}",
        operation_id = "getHelpdeskConversation",
        tags = ["Helpdesk"],
    )]
    async fn get_helpdesk_conversation(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<GetHelpdeskConversationPath>,
    ) -> Result<
        ::dropshot::HttpResponseOk<ConversationWithMessages>,
        dropshot::HttpError,
    >;
    /// Change Status or Assignee
    ///
    /// Changes only the fields given. `assignee_id: null` unassigns the conversation;
    /// leaving it out keeps the assignee. Fin is told to synchronise.
    #[endpoint(
        method = POST,
        path = "/helpdesk/conversations/{conversation_id}",
        operation_id = "updateHelpdeskConversation",
        tags = ["Helpdesk"],
    )]
    async fn update_helpdesk_conversation(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<UpdateHelpdeskConversationPath>,
        body: crate::server::extract::SignedJson<HelpdeskConversationUpdate>,
    ) -> Result<::dropshot::HttpResponseOk<Conversation>, dropshot::HttpError>;
    /// Reply or Add a Private Note
    ///
    /// Writes a message as the authenticated agent: `visibility: public` (the default)
    /// is a reply the end user sees, `private` a note for agents only. A message needs a
    /// non-empty body or at least one attachment; attachment URLs must be https. With
    /// `object_id`, a repeated request returns the message created first. Fin is told to
    /// synchronise.
    #[endpoint(
        method = POST,
        path = "/helpdesk/conversations/{conversation_id}/messages",
        operation_id = "createHelpdeskMessage",
        tags = ["Helpdesk"],
    )]
    async fn create_helpdesk_message(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<CreateHelpdeskMessagePath>,
        body: crate::server::extract::SignedJson<HelpdeskMessageRequest>,
    ) -> Result<::dropshot::HttpResponseCreated<Message>, dropshot::HttpError>;
    /// Show a Typing Indicator
    ///
    /// Asks Fin to show the end user that the authenticated agent is typing. The event
    /// is sent once, at once; it is not retried (the indicator clears after a few
    /// seconds anyway). No request body.
    #[endpoint(
        method = POST,
        path = "/helpdesk/conversations/{conversation_id}/typing",
        operation_id = "sendHelpdeskTyping",
        tags = ["Helpdesk"],
    )]
    async fn send_helpdesk_typing(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<SendHelpdeskTypingPath>,
    ) -> Result<::dropshot::HttpResponseUpdatedNoContent, dropshot::HttpError>;
}

/// The OpenAPI document [`HelpdeskAgentApi`] serves (`stub_api_description()`'s).
pub fn served_openapi(
    title: &str,
    version: ::dropshot::semver::Version,
) -> Result<::serde_json::Value, String> {
    let description = helpdesk_agent_api_mod::stub_api_description()
        .map_err(|error| error.to_string())?;
    description.openapi(title, version).json().map_err(|error| error.to_string())
}

/// Registers every operation of [`HelpdeskAgentApi`] on `api`, each operationId after `prefix`, so one
/// server can serve several documents whose operationIds overlap (dropshot cannot merge
/// descriptions). The endpoints are hidden from `api`'s own OpenAPI output; the served
/// document comes from `served_openapi`.
#[allow(unused_variables, unused_mut)]
pub fn register_helpdesk_agent_api<ServerImpl: HelpdeskAgentApi>(
    api: &mut ::dropshot::ApiDescription<<ServerImpl as HelpdeskAgentApi>::Context>,
    prefix: &str,
) -> Result<(), ::dropshot::ApiDescriptionRegisterError> {
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "listHelpdeskConversations"),
                <ServerImpl as HelpdeskAgentApi>::list_helpdesk_conversations,
                ::http::Method::GET,
                "application/json",
                "/helpdesk/conversations",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getHelpdeskConversation"),
                <ServerImpl as HelpdeskAgentApi>::get_helpdesk_conversation,
                ::http::Method::GET,
                "application/json",
                "/helpdesk/conversations/{conversation_id}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "updateHelpdeskConversation"),
                <ServerImpl as HelpdeskAgentApi>::update_helpdesk_conversation,
                ::http::Method::POST,
                "application/json",
                "/helpdesk/conversations/{conversation_id}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "createHelpdeskMessage"),
                <ServerImpl as HelpdeskAgentApi>::create_helpdesk_message,
                ::http::Method::POST,
                "application/json",
                "/helpdesk/conversations/{conversation_id}/messages",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "sendHelpdeskTyping"),
                <ServerImpl as HelpdeskAgentApi>::send_helpdesk_typing,
                ::http::Method::POST,
                "application/json",
                "/helpdesk/conversations/{conversation_id}/typing",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
