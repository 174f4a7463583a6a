#[allow(unused_imports)]
pub use progenitor_client::{ByteStream, ClientInfo, Error, ResponseValue};
#[allow(unused_imports)]
use progenitor_client::{encode_path, ClientHooks, OperationInfo, RequestBuilderExt};

/// Types used as operation parameters and responses.
#[allow(clippy::all)]
pub mod types {
    /// `ListHelpdeskConversationsStatus`
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
        PartialOrd
    )]
    pub enum ListHelpdeskConversationsStatus {
        #[serde(rename = "open")]
        Open,
        #[serde(rename = "resolved")]
        Resolved,
        #[serde(rename = "closed")]
        Closed,
        #[serde(rename = "ended")]
        Ended,
    }
    impl ::std::fmt::Display for ListHelpdeskConversationsStatus {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            match *self {
                Self::Open => f.write_str("open"),
                Self::Resolved => f.write_str("resolved"),
                Self::Closed => f.write_str("closed"),
                Self::Ended => f.write_str("ended"),
            }
        }
    }
    impl ::std::str::FromStr for ListHelpdeskConversationsStatus {
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
    impl TryFrom<&str> for ListHelpdeskConversationsStatus {
        type Error = self::error::ConversionError;
        fn try_from(value: &str) -> Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl TryFrom<String> for ListHelpdeskConversationsStatus {
        type Error = self::error::ConversionError;
        fn try_from(value: String) -> Result<Self, self::error::ConversionError> {
            value.parse()
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
}

#[derive(Clone, Debug)]
/// Client for Fin Helpdesk Agents API
///
/// The helpdesk's own API for human agents: list and read conversations (for example
/// those Fin handed over), reply or add private notes, change status or assignee, and
/// show a typing indicator to the end user.
///
/// Every change is stored and, in the same transaction, queued in the outbox as a sync
/// event for Fin's conversation-event webhook, so Fin pulls the conversation again. A
/// typing indicator is queued as an `agent_typing` event and sent once, at once.
///
/// Authentication: `Authorization: Bearer <agent token>`. Agent tokens are separate from
/// the tokens Fin uses; each names one agent (`fin-helpdesk agents token AGENT_ID`, or
/// `--agent-token AGENT_ID:TOKEN` / `FIN_HELPDESK_AGENT_TOKENS`). Replies are written as
/// that agent.
///
/// Shapes reuse the Fin contract (`fin-helpdesk.yaml`): Conversation, Message,
/// Attachment, EndUser and Agent are copies of its components.
///
///
/// Version: 0.1.0
pub struct Client {
    pub(crate) baseurl: String,
    pub(crate) client: reqwest::Client,
    pub(crate) inner: crate::client::Credentials,
}

impl Client {
    /// Create a new client.
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new(baseurl: &str, inner: crate::client::Credentials) -> Self {
        #[cfg(not(target_arch = "wasm32"))]
        let client = {
            let dur = ::std::time::Duration::from_secs(15u64);
            reqwest::ClientBuilder::new().connect_timeout(dur).timeout(dur)
        };
        #[cfg(target_arch = "wasm32")]
        let client = reqwest::ClientBuilder::new();
        Self::new_with_client(baseurl, client.build().unwrap(), inner)
    }
    /// Construct a new client with an existing `reqwest::Client`,
    /// allowing more control over its configuration.
    /// `baseurl` is the base URL provided to the internal
    /// `reqwest::Client`, and should include a scheme and hostname,
    /// as well as port and a path stem if applicable.
    pub fn new_with_client(
        baseurl: &str,
        client: reqwest::Client,
        inner: crate::client::Credentials,
    ) -> Self {
        Self {
            baseurl: baseurl.to_string(),
            client,
            inner,
        }
    }
}

impl ClientInfo<crate::client::Credentials> for Client {
    fn api_version() -> &'static str {
        "0.1.0"
    }
    fn baseurl(&self) -> &str {
        self.baseurl.as_str()
    }
    fn client(&self) -> &reqwest::Client {
        &self.client
    }
    fn inner(&self) -> &crate::client::Credentials {
        &self.inner
    }
}

impl ClientHooks<crate::client::Credentials> for &Client {}

impl Client {
    /// List Conversations
    ///
    /// Conversations, most recently updated first. Filters combine; `unassigned=true`
    /// lists the conversations without an assignee (those Fin handed over to a human).
    /// `assignee` takes precedence over `unassigned`.
    ///
    ///
    /// Sends a `GET` request to `/helpdesk/conversations`
    ///
    /// Arguments:
    /// - `assignee`: Only conversations assigned to this agent id.
    /// - `limit`: At most this many conversations (1 to 1000, default 100).
    /// - `status`: Only conversations in this state.
    /// - `unassigned`: When true, only conversations without an assignee.
    /// ```ignore
    /// let response = client.list_helpdesk_conversations()
    ///     .assignee(assignee)
    ///     .limit(limit)
    ///     .status(status)
    ///     .unassigned(unassigned)
    ///     .send()
    ///     .await;
    /// ```
    pub fn list_helpdesk_conversations(&self) -> builder::ListHelpdeskConversations<'_> {
        builder::ListHelpdeskConversations::new(self)
    }
    /// Get a Conversation with its Messages
    ///
    /// The conversation and all its messages (public and private) in creation order.
    ///
    /// Sends a `GET` request to `/helpdesk/conversations/{conversation_id}`
    ///
    /// Arguments:
    /// - `conversation_id`: The conversation's ID in the helpdesk.
    /// ```ignore
    /// let response = client.get_helpdesk_conversation()
    ///     .conversation_id(conversation_id)
    ///     .send()
    ///     .await;
    /// ```
    pub fn get_helpdesk_conversation(&self) -> builder::GetHelpdeskConversation<'_> {
        builder::GetHelpdeskConversation::new(self)
    }
    /// Change Status or Assignee
    ///
    /// Changes only the fields given. `assignee_id: null` unassigns the conversation;
    /// leaving it out keeps the assignee. Fin is told to synchronise.
    ///
    ///
    /// Sends a `POST` request to `/helpdesk/conversations/{conversation_id}`
    ///
    /// Arguments:
    /// - `conversation_id`: The conversation's ID in the helpdesk.
    /// - `body`
    /// ```ignore
    /// let response = client.update_helpdesk_conversation()
    ///     .conversation_id(conversation_id)
    ///     .body(body)
    ///     .send()
    ///     .await;
    /// ```
    pub fn update_helpdesk_conversation(
        &self,
    ) -> builder::UpdateHelpdeskConversation<'_> {
        builder::UpdateHelpdeskConversation::new(self)
    }
    /// Reply or Add a Private Note
    ///
    /// Writes a message as the authenticated agent: `visibility: public` (the default)
    /// is a reply the end user sees, `private` a note for agents only. A message needs a
    /// non-empty body or at least one attachment; attachment URLs must be https. With
    /// `object_id`, a repeated request returns the message created first. Fin is told to
    /// synchronise.
    ///
    ///
    /// Sends a `POST` request to `/helpdesk/conversations/{conversation_id}/messages`
    ///
    /// Arguments:
    /// - `conversation_id`: The conversation's ID in the helpdesk.
    /// - `body`
    /// ```ignore
    /// let response = client.create_helpdesk_message()
    ///     .conversation_id(conversation_id)
    ///     .body(body)
    ///     .send()
    ///     .await;
    /// ```
    pub fn create_helpdesk_message(&self) -> builder::CreateHelpdeskMessage<'_> {
        builder::CreateHelpdeskMessage::new(self)
    }
    /// Show a Typing Indicator
    ///
    /// Asks Fin to show the end user that the authenticated agent is typing. The event
    /// is sent once, at once; it is not retried (the indicator clears after a few
    /// seconds anyway). No request body.
    ///
    ///
    /// Sends a `POST` request to `/helpdesk/conversations/{conversation_id}/typing`
    ///
    /// Arguments:
    /// - `conversation_id`: The conversation's ID in the helpdesk.
    /// ```ignore
    /// let response = client.send_helpdesk_typing()
    ///     .conversation_id(conversation_id)
    ///     .send()
    ///     .await;
    /// ```
    pub fn send_helpdesk_typing(&self) -> builder::SendHelpdeskTyping<'_> {
        builder::SendHelpdeskTyping::new(self)
    }
}

/// Types for composing operation parameters.
#[allow(clippy::all)]
pub mod builder {
    use super::types;
    #[allow(unused_imports)]
    use super::{
        encode_path, ByteStream, ClientInfo, ClientHooks, Error, OperationInfo,
        RequestBuilderExt, ResponseValue,
    };
    /// Builder for [`Client::list_helpdesk_conversations`]
    ///
    /// [`Client::list_helpdesk_conversations`]: super::Client::list_helpdesk_conversations
    #[derive(Debug, Clone)]
    pub struct ListHelpdeskConversations<'a> {
        client: &'a super::Client,
        assignee: Result<Option<String>, String>,
        limit: Result<Option<::std::num::NonZeroU32>, String>,
        status: Result<Option<types::ListHelpdeskConversationsStatus>, String>,
        unassigned: Result<Option<bool>, String>,
    }
    impl<'a> ListHelpdeskConversations<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                assignee: Ok(None),
                limit: Ok(None),
                status: Ok(None),
                unassigned: Ok(None),
            }
        }
        pub fn assignee<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.assignee = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for assignee failed"
                        .to_string()
                });
            self
        }
        pub fn limit<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<::std::num::NonZeroU32>,
        {
            self.limit = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: num :: NonZeroU32` for limit failed"
                        .to_string()
                });
            self
        }
        pub fn status<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<types::ListHelpdeskConversationsStatus>,
        {
            self.status = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `ListHelpdeskConversationsStatus` for status failed"
                        .to_string()
                });
            self
        }
        pub fn unassigned<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<bool>,
        {
            self.unassigned = value
                .try_into()
                .map(Some)
                .map_err(|_| "conversion to `bool` for unassigned failed".to_string());
            self
        }
        /// Sends a `GET` request to `/helpdesk/conversations`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<Vec<crate::api::agents::Conversation>>, Error<()>> {
            let Self { client, assignee, limit, status, unassigned } = self;
            let assignee = assignee.map_err(Error::InvalidRequest)?;
            let limit = limit.map_err(Error::InvalidRequest)?;
            let status = status.map_err(Error::InvalidRequest)?;
            let unassigned = unassigned.map_err(Error::InvalidRequest)?;
            let url = format!("{}/helpdesk/conversations", client.baseurl,);
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            #[allow(unused_mut)]
            let mut request = client
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .query(&progenitor_client::QueryParam::new("assignee", &assignee))
                .query(&progenitor_client::QueryParam::new("limit", &limit))
                .query(&progenitor_client::QueryParam::new("status", &status))
                .query(&progenitor_client::QueryParam::new("unassigned", &unassigned))
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "list_helpdesk_conversations",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                400u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                401u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /// Builder for [`Client::get_helpdesk_conversation`]
    ///
    /// [`Client::get_helpdesk_conversation`]: super::Client::get_helpdesk_conversation
    #[derive(Debug, Clone)]
    pub struct GetHelpdeskConversation<'a> {
        client: &'a super::Client,
        conversation_id: Result<String, String>,
    }
    impl<'a> GetHelpdeskConversation<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                conversation_id: Err("conversation_id was not initialized".to_string()),
            }
        }
        pub fn conversation_id<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.conversation_id = value
                .try_into()
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for conversation_id failed"
                        .to_string()
                });
            self
        }
        /// Sends a `GET` request to `/helpdesk/conversations/{conversation_id}`
        pub async fn send(
            self,
        ) -> Result<
            ResponseValue<crate::api::agents::ConversationWithMessages>,
            Error<()>,
        > {
            let Self { client, conversation_id } = self;
            let conversation_id = conversation_id.map_err(Error::InvalidRequest)?;
            let url = format!(
                "{}/helpdesk/conversations/{}", client.baseurl, encode_path(&
                conversation_id.to_string()),
            );
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            #[allow(unused_mut)]
            let mut request = client
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "get_helpdesk_conversation",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                401u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                404u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /// Builder for [`Client::update_helpdesk_conversation`]
    ///
    /// [`Client::update_helpdesk_conversation`]: super::Client::update_helpdesk_conversation
    #[derive(Debug, Clone)]
    pub struct UpdateHelpdeskConversation<'a> {
        client: &'a super::Client,
        conversation_id: Result<String, String>,
        body: Result<crate::api::agents::HelpdeskConversationUpdate, String>,
    }
    impl<'a> UpdateHelpdeskConversation<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                conversation_id: Err("conversation_id was not initialized".to_string()),
                body: Err("body was not initialized".to_string()),
            }
        }
        pub fn conversation_id<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.conversation_id = value
                .try_into()
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for conversation_id failed"
                        .to_string()
                });
            self
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<crate::api::agents::HelpdeskConversationUpdate>,
        {
            self.body = value
                .try_into()
                .map_err(|_| {
                    "conversion to `crate :: api :: agents :: HelpdeskConversationUpdate` for body failed"
                        .to_string()
                });
            self
        }
        /// Sends a `POST` request to `/helpdesk/conversations/{conversation_id}`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<crate::api::agents::Conversation>, Error<()>> {
            let Self { client, conversation_id, body } = self;
            let conversation_id = conversation_id.map_err(Error::InvalidRequest)?;
            let body = body.map_err(Error::InvalidRequest)?;
            let url = format!(
                "{}/helpdesk/conversations/{}", client.baseurl, encode_path(&
                conversation_id.to_string()),
            );
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            #[allow(unused_mut)]
            let mut request = client
                .client
                .post(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .json(&body)
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "update_helpdesk_conversation",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                400u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                401u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                404u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /// Builder for [`Client::create_helpdesk_message`]
    ///
    /// [`Client::create_helpdesk_message`]: super::Client::create_helpdesk_message
    #[derive(Debug, Clone)]
    pub struct CreateHelpdeskMessage<'a> {
        client: &'a super::Client,
        conversation_id: Result<String, String>,
        body: Result<crate::api::agents::HelpdeskMessageRequest, String>,
    }
    impl<'a> CreateHelpdeskMessage<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                conversation_id: Err("conversation_id was not initialized".to_string()),
                body: Err("body was not initialized".to_string()),
            }
        }
        pub fn conversation_id<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.conversation_id = value
                .try_into()
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for conversation_id failed"
                        .to_string()
                });
            self
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<crate::api::agents::HelpdeskMessageRequest>,
        {
            self.body = value
                .try_into()
                .map_err(|_| {
                    "conversion to `crate :: api :: agents :: HelpdeskMessageRequest` for body failed"
                        .to_string()
                });
            self
        }
        /// Sends a `POST` request to `/helpdesk/conversations/{conversation_id}/messages`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<crate::api::agents::Message>, Error<()>> {
            let Self { client, conversation_id, body } = self;
            let conversation_id = conversation_id.map_err(Error::InvalidRequest)?;
            let body = body.map_err(Error::InvalidRequest)?;
            let url = format!(
                "{}/helpdesk/conversations/{}/messages", client.baseurl, encode_path(&
                conversation_id.to_string()),
            );
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            #[allow(unused_mut)]
            let mut request = client
                .client
                .post(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .json(&body)
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "create_helpdesk_message",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                201u16 => ResponseValue::from_response(response).await,
                400u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                401u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                404u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                409u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /// Builder for [`Client::send_helpdesk_typing`]
    ///
    /// [`Client::send_helpdesk_typing`]: super::Client::send_helpdesk_typing
    #[derive(Debug, Clone)]
    pub struct SendHelpdeskTyping<'a> {
        client: &'a super::Client,
        conversation_id: Result<String, String>,
    }
    impl<'a> SendHelpdeskTyping<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                conversation_id: Err("conversation_id was not initialized".to_string()),
            }
        }
        pub fn conversation_id<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.conversation_id = value
                .try_into()
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for conversation_id failed"
                        .to_string()
                });
            self
        }
        /// Sends a `POST` request to `/helpdesk/conversations/{conversation_id}/typing`
        pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {
            let Self { client, conversation_id } = self;
            let conversation_id = conversation_id.map_err(Error::InvalidRequest)?;
            let url = format!(
                "{}/helpdesk/conversations/{}/typing", client.baseurl, encode_path(&
                conversation_id.to_string()),
            );
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            #[allow(unused_mut)]
            let mut request = client.client.post(url).headers(header_map).build()?;
            let info = OperationInfo {
                operation_id: "send_helpdesk_typing",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                204u16 => Ok(ResponseValue::empty(response)),
                401u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                404u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
}

/// Items consumers will typically use such as the Client.
pub mod prelude {
    pub use self::super::Client;
}
