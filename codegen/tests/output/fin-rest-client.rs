#[allow(unused_imports)]
pub use progenitor_client::{ByteStream, ClientInfo, Error, ResponseValue};
#[allow(unused_imports)]
use progenitor_client::{encode_path, ClientHooks, OperationInfo, RequestBuilderExt};

/// Types used as operation parameters and responses.
#[allow(clippy::all)]
pub mod types {
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
/// Client for Fin Custom Helpdesk API
///
/// Reconstruction of the REST variant ("api") of Intercom's Fin Custom Helpdesk API.
/// A company's own helpdesk implements these endpoints so that Fin (Intercom's AI agent)
/// can read and write users, agents, conversations and messages; the helpdesk in turn
/// notifies Fin of changes through one webhook hosted by Fin.
///
/// Rebuilt from copies of the public docs (developers.intercom.com, paths under
/// /docs/guides/fin-custom-helpdesk/api/...). The official bundle
/// (/_bundle/docs/guides/fin-custom-helpdesk/api.yaml) was not available, so nodes that
/// were deduced rather than read carry `x-inferred: true`. The original appears to be
/// OpenAPI 3.1 (`string | null`); nullability is expressed here with `nullable: true`.
///
/// Key behaviour (see fin-api-reference.md for sources):
/// * Endpoint URLs are whatever the helpdesk configures in the Fin Deployment UI; paths
///   here are the spec's suggestions.
/// * Every Fin request carries `Authorization: Bearer <token>` (OAuth2 client credentials,
///   token obtained from the helpdesk's own token endpoint). On 401/403 Fin refreshes the
///   token once and retries once.
/// * Failed synchronisations are retried up to 5 times, one minute apart.
/// * If createConversation fails, Fin tells the end user "Something went wrong, please
///   try again later" and ends the Intercom conversation.
/// * Request signing (documented in the posts-only FAQ): `X-Fin-Request-Timestamp`
///   (epoch seconds) and `X-Fin-Signature` = HMAC-SHA256 of "{timestamp}:{body}", or of
///   "{timestamp}:{query params sorted alphabetically}" for GET; the key is in the
///   deployment settings.
/// * Message bodies are HTML limited to p, h1, h2 (h3-h6 shown as h2), b, i, a, img,
///   br, code, ul, ol. A message needs a body or at least one attachment.
/// * Create requests carry `object_id` (the Intercom-side ID) usable for idempotency.
///
///
/// Version: 0.0.1
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
        "0.0.1"
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
    /// Get User
    ///
    /// Returns one end user by the helpdesk's ID. Fin calls it during synchronisation to
    /// refresh user data for workflows and tasks, and when a logged-in, verified Messenger
    /// user starts a conversation.
    ///
    ///
    /// Sends a `GET` request to `/user`
    ///
    /// Arguments:
    /// - `user_id`: The end user's ID in your helpdesk (not marked required in the docs).
    /// - `x_fin_request_timestamp`: Sent by Fin: request time in seconds since the Unix epoch. Use it to reject stale
    /// requests. Documented in the posts-only FAQ; its presence on REST calls is assumed.
    ///
    /// - `x_fin_signature`: Sent by Fin: HMAC-SHA256 (key from the integration's deployment settings) of
    /// "{timestamp}:{raw request body}", or for GET requests of
    /// "{timestamp}:{request params sorted alphabetically}". Output encoding is not
    /// documented.
    ///
    /// ```ignore
    /// let response = client.get_user()
    ///     .user_id(user_id)
    ///     .x_fin_request_timestamp(x_fin_request_timestamp)
    ///     .x_fin_signature(x_fin_signature)
    ///     .send()
    ///     .await;
    /// ```
    pub fn get_user(&self) -> builder::GetUser<'_> {
        builder::GetUser::new(self)
    }
    /// Update User
    ///
    /// Updates an end user, identified by the helpdesk's ID, with new attributes.
    ///
    /// Sends a `PUT` request to `/user`
    ///
    /// Arguments:
    /// - `x_fin_request_timestamp`: Sent by Fin: request time in seconds since the Unix epoch. Use it to reject stale
    /// requests. Documented in the posts-only FAQ; its presence on REST calls is assumed.
    ///
    /// - `x_fin_signature`: Sent by Fin: HMAC-SHA256 (key from the integration's deployment settings) of
    /// "{timestamp}:{raw request body}", or for GET requests of
    /// "{timestamp}:{request params sorted alphabetically}". Output encoding is not
    /// documented.
    ///
    /// - `body`: Body fields are documented; only the required flag on the body is assumed.
    /// ```ignore
    /// let response = client.update_user()
    ///     .x_fin_request_timestamp(x_fin_request_timestamp)
    ///     .x_fin_signature(x_fin_signature)
    ///     .body(body)
    ///     .send()
    ///     .await;
    /// ```
    pub fn update_user(&self) -> builder::UpdateUser<'_> {
        builder::UpdateUser::new(self)
    }
    /// Create User
    ///
    /// Creates an end-user record. Fin calls it when someone starts a conversation in the
    /// Fin Messenger and the helpdesk has no record of them yet. `object_id` is the user's
    /// ID in Intercom and can be used to make the call idempotent.
    ///
    ///
    /// Sends a `POST` request to `/user`
    ///
    /// Arguments:
    /// - `x_fin_request_timestamp`: Sent by Fin: request time in seconds since the Unix epoch. Use it to reject stale
    /// requests. Documented in the posts-only FAQ; its presence on REST calls is assumed.
    ///
    /// - `x_fin_signature`: Sent by Fin: HMAC-SHA256 (key from the integration's deployment settings) of
    /// "{timestamp}:{raw request body}", or for GET requests of
    /// "{timestamp}:{request params sorted alphabetically}". Output encoding is not
    /// documented.
    ///
    /// - `body`: Body fields are documented; only the required flag on the body is assumed.
    /// ```ignore
    /// let response = client.create_user()
    ///     .x_fin_request_timestamp(x_fin_request_timestamp)
    ///     .x_fin_signature(x_fin_signature)
    ///     .body(body)
    ///     .send()
    ///     .await;
    /// ```
    pub fn create_user(&self) -> builder::CreateUser<'_> {
        builder::CreateUser::new(self)
    }
    /// Get Agents
    ///
    /// Lists the helpdesk's agents so the admin can pick the one that represents Fin.
    /// Messages Fin writes back use that agent's ID as author. Used only during setup; a
    /// single hard-coded bot agent is acceptable.
    ///
    ///
    /// Sends a `GET` request to `/agents`
    ///
    /// Arguments:
    /// - `x_fin_request_timestamp`: Sent by Fin: request time in seconds since the Unix epoch. Use it to reject stale
    /// requests. Documented in the posts-only FAQ; its presence on REST calls is assumed.
    ///
    /// - `x_fin_signature`: Sent by Fin: HMAC-SHA256 (key from the integration's deployment settings) of
    /// "{timestamp}:{raw request body}", or for GET requests of
    /// "{timestamp}:{request params sorted alphabetically}". Output encoding is not
    /// documented.
    ///
    /// ```ignore
    /// let response = client.get_agents()
    ///     .x_fin_request_timestamp(x_fin_request_timestamp)
    ///     .x_fin_signature(x_fin_signature)
    ///     .send()
    ///     .await;
    /// ```
    pub fn get_agents(&self) -> builder::GetAgents<'_> {
        builder::GetAgents::new(self)
    }
    /// Get Conversation
    ///
    /// Loads a known conversation from the helpdesk during ongoing synchronisation.
    ///
    /// Sends a `GET` request to `/conversation`
    ///
    /// Arguments:
    /// - `conversation_id`: The conversation's ID in your helpdesk (not marked required in the docs).
    /// - `x_fin_request_timestamp`: Sent by Fin: request time in seconds since the Unix epoch. Use it to reject stale
    /// requests. Documented in the posts-only FAQ; its presence on REST calls is assumed.
    ///
    /// - `x_fin_signature`: Sent by Fin: HMAC-SHA256 (key from the integration's deployment settings) of
    /// "{timestamp}:{raw request body}", or for GET requests of
    /// "{timestamp}:{request params sorted alphabetically}". Output encoding is not
    /// documented.
    ///
    /// ```ignore
    /// let response = client.get_conversation()
    ///     .conversation_id(conversation_id)
    ///     .x_fin_request_timestamp(x_fin_request_timestamp)
    ///     .x_fin_signature(x_fin_signature)
    ///     .send()
    ///     .await;
    /// ```
    pub fn get_conversation(&self) -> builder::GetConversation<'_> {
        builder::GetConversation::new(self)
    }
    /// Update Conversation
    ///
    /// Called at the end of a synchronisation run to write the data Fin derived back into
    /// the helpdesk. An `assignee_id` of null means Fin hands the conversation over to a
    /// human agent.
    ///
    ///
    /// Sends a `PUT` request to `/conversation`
    ///
    /// Arguments:
    /// - `x_fin_request_timestamp`: Sent by Fin: request time in seconds since the Unix epoch. Use it to reject stale
    /// requests. Documented in the posts-only FAQ; its presence on REST calls is assumed.
    ///
    /// - `x_fin_signature`: Sent by Fin: HMAC-SHA256 (key from the integration's deployment settings) of
    /// "{timestamp}:{raw request body}", or for GET requests of
    /// "{timestamp}:{request params sorted alphabetically}". Output encoding is not
    /// documented.
    ///
    /// - `body`: Body fields are documented; only the required flag on the body is assumed.
    /// ```ignore
    /// let response = client.update_conversation()
    ///     .x_fin_request_timestamp(x_fin_request_timestamp)
    ///     .x_fin_signature(x_fin_signature)
    ///     .body(body)
    ///     .send()
    ///     .await;
    /// ```
    pub fn update_conversation(&self) -> builder::UpdateConversation<'_> {
        builder::UpdateConversation::new(self)
    }
    /// Create Conversation
    ///
    /// Called when a conversation starts in the Fin Messenger. The first message comes
    /// with the request because many helpdesks need one to open a conversation. The
    /// response must include both the conversation and the message so Fin can map them
    /// to its own objects. If this call fails, Fin tells the end user something went wrong
    /// and ends the Intercom conversation.
    ///
    ///
    /// Sends a `POST` request to `/conversation`
    ///
    /// Arguments:
    /// - `x_fin_request_timestamp`: Sent by Fin: request time in seconds since the Unix epoch. Use it to reject stale
    /// requests. Documented in the posts-only FAQ; its presence on REST calls is assumed.
    ///
    /// - `x_fin_signature`: Sent by Fin: HMAC-SHA256 (key from the integration's deployment settings) of
    /// "{timestamp}:{raw request body}", or for GET requests of
    /// "{timestamp}:{request params sorted alphabetically}". Output encoding is not
    /// documented.
    ///
    /// - `body`: Body fields are documented; only the required flag on the body is assumed.
    /// ```ignore
    /// let response = client.create_conversation()
    ///     .x_fin_request_timestamp(x_fin_request_timestamp)
    ///     .x_fin_signature(x_fin_signature)
    ///     .body(body)
    ///     .send()
    ///     .await;
    /// ```
    pub fn create_conversation(&self) -> builder::CreateConversation<'_> {
        builder::CreateConversation::new(self)
    }
    /// Get Messages
    ///
    /// Returns the messages of a conversation during synchronisation. Fin ignores
    /// messages it already has and imports new ones. If `after_id` is given, the
    /// helpdesk may (as an optimisation) return only messages created after it.
    ///
    ///
    /// Sends a `GET` request to `/messages`
    ///
    /// Arguments:
    /// - `after_id`: ID of the last message Fin has already seen from your helpdesk.
    /// - `conversation_id`: The conversation's ID in your helpdesk.
    /// - `x_fin_request_timestamp`: Sent by Fin: request time in seconds since the Unix epoch. Use it to reject stale
    /// requests. Documented in the posts-only FAQ; its presence on REST calls is assumed.
    ///
    /// - `x_fin_signature`: Sent by Fin: HMAC-SHA256 (key from the integration's deployment settings) of
    /// "{timestamp}:{raw request body}", or for GET requests of
    /// "{timestamp}:{request params sorted alphabetically}". Output encoding is not
    /// documented.
    ///
    /// ```ignore
    /// let response = client.get_messages()
    ///     .after_id(after_id)
    ///     .conversation_id(conversation_id)
    ///     .x_fin_request_timestamp(x_fin_request_timestamp)
    ///     .x_fin_signature(x_fin_signature)
    ///     .send()
    ///     .await;
    /// ```
    pub fn get_messages(&self) -> builder::GetMessages<'_> {
        builder::GetMessages::new(self)
    }
    /// Create Message
    ///
    /// Pushes a new message into the helpdesk during synchronisation. Messages come from
    /// the end user or from Fin; Fin's messages are authored by the agent chosen at setup.
    /// `object_id` is the message's Intercom ID and can be used for idempotency.
    ///
    ///
    /// Sends a `POST` request to `/messages`
    ///
    /// Arguments:
    /// - `x_fin_request_timestamp`: Sent by Fin: request time in seconds since the Unix epoch. Use it to reject stale
    /// requests. Documented in the posts-only FAQ; its presence on REST calls is assumed.
    ///
    /// - `x_fin_signature`: Sent by Fin: HMAC-SHA256 (key from the integration's deployment settings) of
    /// "{timestamp}:{raw request body}", or for GET requests of
    /// "{timestamp}:{request params sorted alphabetically}". Output encoding is not
    /// documented.
    ///
    /// - `body`: Body fields are documented; only the required flag on the body is assumed.
    /// ```ignore
    /// let response = client.create_message()
    ///     .x_fin_request_timestamp(x_fin_request_timestamp)
    ///     .x_fin_signature(x_fin_signature)
    ///     .body(body)
    ///     .send()
    ///     .await;
    /// ```
    pub fn create_message(&self) -> builder::CreateMessage<'_> {
        builder::CreateMessage::new(self)
    }
    /// Notify Fin of Conversation Events
    ///
    /// Hosted by Fin; the helpdesk calls it. Two uses:
    /// 1. Synchronisation (no `event_type`, or null): Fin pulls the latest conversation
    ///    data from your endpoints. Send it when an agent replies, when status or assignee
    ///    changes, or when anything else about the conversation changes.
    /// 2. Typing indicator (`event_type: agent_typing`): Fin shows a typing indicator to
    ///    the end user in the Messenger; nothing is synchronised and the indicator clears
    ///    after a few seconds. `data.agent` with id, user_type, name and email is then
    ///    required.
    ///
    ///
    /// Sends a `POST` request to `/custom_helpdesk_conversation_event/{integration_id}`
    ///
    /// Arguments:
    /// - `integration_id`: The integration's Identifier, shown in the Fin Deployment UI.
    /// - `body`
    /// ```ignore
    /// let response = client.custom_helpdesk_conversation_event()
    ///     .integration_id(integration_id)
    ///     .body(body)
    ///     .send()
    ///     .await;
    /// ```
    pub fn custom_helpdesk_conversation_event(
        &self,
    ) -> builder::CustomHelpdeskConversationEvent<'_> {
        builder::CustomHelpdeskConversationEvent::new(self)
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
    /// Builder for [`Client::get_user`]
    ///
    /// [`Client::get_user`]: super::Client::get_user
    #[derive(Debug, Clone)]
    pub struct GetUser<'a> {
        client: &'a super::Client,
        user_id: Result<String, String>,
        x_fin_request_timestamp: Result<Option<String>, String>,
        x_fin_signature: Result<Option<String>, String>,
    }
    impl<'a> GetUser<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                user_id: Err("user_id was not initialized".to_string()),
                x_fin_request_timestamp: Ok(None),
                x_fin_signature: Ok(None),
            }
        }
        pub fn user_id<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.user_id = value
                .try_into()
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for user_id failed"
                        .to_string()
                });
            self
        }
        pub fn x_fin_request_timestamp<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_request_timestamp = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_request_timestamp failed"
                        .to_string()
                });
            self
        }
        pub fn x_fin_signature<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_signature = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_signature failed"
                        .to_string()
                });
            self
        }
        /// Sends a `GET` request to `/user`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<crate::api::rest::EndUser>, Error<()>> {
            let Self { client, user_id, x_fin_request_timestamp, x_fin_signature } = self;
            let user_id = user_id.map_err(Error::InvalidRequest)?;
            let x_fin_request_timestamp = x_fin_request_timestamp
                .map_err(Error::InvalidRequest)?;
            let x_fin_signature = x_fin_signature.map_err(Error::InvalidRequest)?;
            let url = format!("{}/user", client.baseurl,);
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(3usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            if let Some(value) = x_fin_request_timestamp {
                header_map
                    .append("X-Fin-Request-Timestamp", value.to_string().try_into()?);
            }
            if let Some(value) = x_fin_signature {
                header_map.append("X-Fin-Signature", value.to_string().try_into()?);
            }
            #[allow(unused_mut)]
            let mut request = client
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .query(&progenitor_client::QueryParam::new("user_id", &user_id))
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "get_user",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                401u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                403u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /// Builder for [`Client::update_user`]
    ///
    /// [`Client::update_user`]: super::Client::update_user
    #[derive(Debug, Clone)]
    pub struct UpdateUser<'a> {
        client: &'a super::Client,
        x_fin_request_timestamp: Result<Option<String>, String>,
        x_fin_signature: Result<Option<String>, String>,
        body: Result<crate::api::rest::UpdateUserRequest, String>,
    }
    impl<'a> UpdateUser<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                x_fin_request_timestamp: Ok(None),
                x_fin_signature: Ok(None),
                body: Err("body was not initialized".to_string()),
            }
        }
        pub fn x_fin_request_timestamp<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_request_timestamp = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_request_timestamp failed"
                        .to_string()
                });
            self
        }
        pub fn x_fin_signature<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_signature = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_signature failed"
                        .to_string()
                });
            self
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<crate::api::rest::UpdateUserRequest>,
        {
            self.body = value
                .try_into()
                .map_err(|_| {
                    "conversion to `crate :: api :: rest :: UpdateUserRequest` for body failed"
                        .to_string()
                });
            self
        }
        /// Sends a `PUT` request to `/user`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<crate::api::rest::EndUser>, Error<()>> {
            let Self { client, x_fin_request_timestamp, x_fin_signature, body } = self;
            let x_fin_request_timestamp = x_fin_request_timestamp
                .map_err(Error::InvalidRequest)?;
            let x_fin_signature = x_fin_signature.map_err(Error::InvalidRequest)?;
            let body = body.map_err(Error::InvalidRequest)?;
            let url = format!("{}/user", client.baseurl,);
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(3usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            if let Some(value) = x_fin_request_timestamp {
                header_map
                    .append("X-Fin-Request-Timestamp", value.to_string().try_into()?);
            }
            if let Some(value) = x_fin_signature {
                header_map.append("X-Fin-Signature", value.to_string().try_into()?);
            }
            #[allow(unused_mut)]
            let mut request = client
                .client
                .put(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .json(&body)
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "update_user",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                401u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                403u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /// Builder for [`Client::create_user`]
    ///
    /// [`Client::create_user`]: super::Client::create_user
    #[derive(Debug, Clone)]
    pub struct CreateUser<'a> {
        client: &'a super::Client,
        x_fin_request_timestamp: Result<Option<String>, String>,
        x_fin_signature: Result<Option<String>, String>,
        body: Result<crate::api::rest::CreateUserRequest, String>,
    }
    impl<'a> CreateUser<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                x_fin_request_timestamp: Ok(None),
                x_fin_signature: Ok(None),
                body: Err("body was not initialized".to_string()),
            }
        }
        pub fn x_fin_request_timestamp<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_request_timestamp = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_request_timestamp failed"
                        .to_string()
                });
            self
        }
        pub fn x_fin_signature<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_signature = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_signature failed"
                        .to_string()
                });
            self
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<crate::api::rest::CreateUserRequest>,
        {
            self.body = value
                .try_into()
                .map_err(|_| {
                    "conversion to `crate :: api :: rest :: CreateUserRequest` for body failed"
                        .to_string()
                });
            self
        }
        /// Sends a `POST` request to `/user`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<crate::api::rest::EndUser>, Error<()>> {
            let Self { client, x_fin_request_timestamp, x_fin_signature, body } = self;
            let x_fin_request_timestamp = x_fin_request_timestamp
                .map_err(Error::InvalidRequest)?;
            let x_fin_signature = x_fin_signature.map_err(Error::InvalidRequest)?;
            let body = body.map_err(Error::InvalidRequest)?;
            let url = format!("{}/user", client.baseurl,);
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(3usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            if let Some(value) = x_fin_request_timestamp {
                header_map
                    .append("X-Fin-Request-Timestamp", value.to_string().try_into()?);
            }
            if let Some(value) = x_fin_signature {
                header_map.append("X-Fin-Signature", value.to_string().try_into()?);
            }
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
                operation_id: "create_user",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                201u16 => ResponseValue::from_response(response).await,
                401u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                403u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /// Builder for [`Client::get_agents`]
    ///
    /// [`Client::get_agents`]: super::Client::get_agents
    #[derive(Debug, Clone)]
    pub struct GetAgents<'a> {
        client: &'a super::Client,
        x_fin_request_timestamp: Result<Option<String>, String>,
        x_fin_signature: Result<Option<String>, String>,
    }
    impl<'a> GetAgents<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                x_fin_request_timestamp: Ok(None),
                x_fin_signature: Ok(None),
            }
        }
        pub fn x_fin_request_timestamp<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_request_timestamp = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_request_timestamp failed"
                        .to_string()
                });
            self
        }
        pub fn x_fin_signature<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_signature = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_signature failed"
                        .to_string()
                });
            self
        }
        /// Sends a `GET` request to `/agents`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<Vec<crate::api::rest::Agent>>, Error<()>> {
            let Self { client, x_fin_request_timestamp, x_fin_signature } = self;
            let x_fin_request_timestamp = x_fin_request_timestamp
                .map_err(Error::InvalidRequest)?;
            let x_fin_signature = x_fin_signature.map_err(Error::InvalidRequest)?;
            let url = format!("{}/agents", client.baseurl,);
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(3usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            if let Some(value) = x_fin_request_timestamp {
                header_map
                    .append("X-Fin-Request-Timestamp", value.to_string().try_into()?);
            }
            if let Some(value) = x_fin_signature {
                header_map.append("X-Fin-Signature", value.to_string().try_into()?);
            }
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
                operation_id: "get_agents",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                401u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                403u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /// Builder for [`Client::get_conversation`]
    ///
    /// [`Client::get_conversation`]: super::Client::get_conversation
    #[derive(Debug, Clone)]
    pub struct GetConversation<'a> {
        client: &'a super::Client,
        conversation_id: Result<String, String>,
        x_fin_request_timestamp: Result<Option<String>, String>,
        x_fin_signature: Result<Option<String>, String>,
    }
    impl<'a> GetConversation<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                conversation_id: Err("conversation_id was not initialized".to_string()),
                x_fin_request_timestamp: Ok(None),
                x_fin_signature: Ok(None),
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
        pub fn x_fin_request_timestamp<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_request_timestamp = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_request_timestamp failed"
                        .to_string()
                });
            self
        }
        pub fn x_fin_signature<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_signature = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_signature failed"
                        .to_string()
                });
            self
        }
        /// Sends a `GET` request to `/conversation`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<crate::api::rest::Conversation>, Error<()>> {
            let Self {
                client,
                conversation_id,
                x_fin_request_timestamp,
                x_fin_signature,
            } = self;
            let conversation_id = conversation_id.map_err(Error::InvalidRequest)?;
            let x_fin_request_timestamp = x_fin_request_timestamp
                .map_err(Error::InvalidRequest)?;
            let x_fin_signature = x_fin_signature.map_err(Error::InvalidRequest)?;
            let url = format!("{}/conversation", client.baseurl,);
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(3usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            if let Some(value) = x_fin_request_timestamp {
                header_map
                    .append("X-Fin-Request-Timestamp", value.to_string().try_into()?);
            }
            if let Some(value) = x_fin_signature {
                header_map.append("X-Fin-Signature", value.to_string().try_into()?);
            }
            #[allow(unused_mut)]
            let mut request = client
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .query(
                    &progenitor_client::QueryParam::new(
                        "conversation_id",
                        &conversation_id,
                    ),
                )
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "get_conversation",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                401u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                403u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /// Builder for [`Client::update_conversation`]
    ///
    /// [`Client::update_conversation`]: super::Client::update_conversation
    #[derive(Debug, Clone)]
    pub struct UpdateConversation<'a> {
        client: &'a super::Client,
        x_fin_request_timestamp: Result<Option<String>, String>,
        x_fin_signature: Result<Option<String>, String>,
        body: Result<crate::api::rest::UpdateConversationRequest, String>,
    }
    impl<'a> UpdateConversation<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                x_fin_request_timestamp: Ok(None),
                x_fin_signature: Ok(None),
                body: Err("body was not initialized".to_string()),
            }
        }
        pub fn x_fin_request_timestamp<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_request_timestamp = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_request_timestamp failed"
                        .to_string()
                });
            self
        }
        pub fn x_fin_signature<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_signature = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_signature failed"
                        .to_string()
                });
            self
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<crate::api::rest::UpdateConversationRequest>,
        {
            self.body = value
                .try_into()
                .map_err(|_| {
                    "conversion to `crate :: api :: rest :: UpdateConversationRequest` for body failed"
                        .to_string()
                });
            self
        }
        /// Sends a `PUT` request to `/conversation`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<crate::api::rest::Conversation>, Error<()>> {
            let Self { client, x_fin_request_timestamp, x_fin_signature, body } = self;
            let x_fin_request_timestamp = x_fin_request_timestamp
                .map_err(Error::InvalidRequest)?;
            let x_fin_signature = x_fin_signature.map_err(Error::InvalidRequest)?;
            let body = body.map_err(Error::InvalidRequest)?;
            let url = format!("{}/conversation", client.baseurl,);
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(3usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            if let Some(value) = x_fin_request_timestamp {
                header_map
                    .append("X-Fin-Request-Timestamp", value.to_string().try_into()?);
            }
            if let Some(value) = x_fin_signature {
                header_map.append("X-Fin-Signature", value.to_string().try_into()?);
            }
            #[allow(unused_mut)]
            let mut request = client
                .client
                .put(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .json(&body)
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "update_conversation",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                401u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                403u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /// Builder for [`Client::create_conversation`]
    ///
    /// [`Client::create_conversation`]: super::Client::create_conversation
    #[derive(Debug, Clone)]
    pub struct CreateConversation<'a> {
        client: &'a super::Client,
        x_fin_request_timestamp: Result<Option<String>, String>,
        x_fin_signature: Result<Option<String>, String>,
        body: Result<crate::api::rest::CreateConversationRequest, String>,
    }
    impl<'a> CreateConversation<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                x_fin_request_timestamp: Ok(None),
                x_fin_signature: Ok(None),
                body: Err("body was not initialized".to_string()),
            }
        }
        pub fn x_fin_request_timestamp<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_request_timestamp = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_request_timestamp failed"
                        .to_string()
                });
            self
        }
        pub fn x_fin_signature<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_signature = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_signature failed"
                        .to_string()
                });
            self
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<crate::api::rest::CreateConversationRequest>,
        {
            self.body = value
                .try_into()
                .map_err(|_| {
                    "conversion to `crate :: api :: rest :: CreateConversationRequest` for body failed"
                        .to_string()
                });
            self
        }
        /// Sends a `POST` request to `/conversation`
        pub async fn send(
            self,
        ) -> Result<
            ResponseValue<crate::api::rest::CreateConversationResponse>,
            Error<()>,
        > {
            let Self { client, x_fin_request_timestamp, x_fin_signature, body } = self;
            let x_fin_request_timestamp = x_fin_request_timestamp
                .map_err(Error::InvalidRequest)?;
            let x_fin_signature = x_fin_signature.map_err(Error::InvalidRequest)?;
            let body = body.map_err(Error::InvalidRequest)?;
            let url = format!("{}/conversation", client.baseurl,);
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(3usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            if let Some(value) = x_fin_request_timestamp {
                header_map
                    .append("X-Fin-Request-Timestamp", value.to_string().try_into()?);
            }
            if let Some(value) = x_fin_signature {
                header_map.append("X-Fin-Signature", value.to_string().try_into()?);
            }
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
                operation_id: "create_conversation",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                201u16 => ResponseValue::from_response(response).await,
                401u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                403u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /// Builder for [`Client::get_messages`]
    ///
    /// [`Client::get_messages`]: super::Client::get_messages
    #[derive(Debug, Clone)]
    pub struct GetMessages<'a> {
        client: &'a super::Client,
        after_id: Result<Option<String>, String>,
        conversation_id: Result<String, String>,
        x_fin_request_timestamp: Result<Option<String>, String>,
        x_fin_signature: Result<Option<String>, String>,
    }
    impl<'a> GetMessages<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                after_id: Ok(None),
                conversation_id: Err("conversation_id was not initialized".to_string()),
                x_fin_request_timestamp: Ok(None),
                x_fin_signature: Ok(None),
            }
        }
        pub fn after_id<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.after_id = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for after_id failed"
                        .to_string()
                });
            self
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
        pub fn x_fin_request_timestamp<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_request_timestamp = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_request_timestamp failed"
                        .to_string()
                });
            self
        }
        pub fn x_fin_signature<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_signature = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_signature failed"
                        .to_string()
                });
            self
        }
        /// Sends a `GET` request to `/messages`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<Vec<crate::api::rest::Message>>, Error<()>> {
            let Self {
                client,
                after_id,
                conversation_id,
                x_fin_request_timestamp,
                x_fin_signature,
            } = self;
            let after_id = after_id.map_err(Error::InvalidRequest)?;
            let conversation_id = conversation_id.map_err(Error::InvalidRequest)?;
            let x_fin_request_timestamp = x_fin_request_timestamp
                .map_err(Error::InvalidRequest)?;
            let x_fin_signature = x_fin_signature.map_err(Error::InvalidRequest)?;
            let url = format!("{}/messages", client.baseurl,);
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(3usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            if let Some(value) = x_fin_request_timestamp {
                header_map
                    .append("X-Fin-Request-Timestamp", value.to_string().try_into()?);
            }
            if let Some(value) = x_fin_signature {
                header_map.append("X-Fin-Signature", value.to_string().try_into()?);
            }
            #[allow(unused_mut)]
            let mut request = client
                .client
                .get(url)
                .header(
                    ::reqwest::header::ACCEPT,
                    ::reqwest::header::HeaderValue::from_static("application/json"),
                )
                .query(&progenitor_client::QueryParam::new("after_id", &after_id))
                .query(
                    &progenitor_client::QueryParam::new(
                        "conversation_id",
                        &conversation_id,
                    ),
                )
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "get_messages",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => ResponseValue::from_response(response).await,
                401u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                403u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /// Builder for [`Client::create_message`]
    ///
    /// [`Client::create_message`]: super::Client::create_message
    #[derive(Debug, Clone)]
    pub struct CreateMessage<'a> {
        client: &'a super::Client,
        x_fin_request_timestamp: Result<Option<String>, String>,
        x_fin_signature: Result<Option<String>, String>,
        body: Result<crate::api::rest::CreateMessageRequest, String>,
    }
    impl<'a> CreateMessage<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                x_fin_request_timestamp: Ok(None),
                x_fin_signature: Ok(None),
                body: Err("body was not initialized".to_string()),
            }
        }
        pub fn x_fin_request_timestamp<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_request_timestamp = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_request_timestamp failed"
                        .to_string()
                });
            self
        }
        pub fn x_fin_signature<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.x_fin_signature = value
                .try_into()
                .map(Some)
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for x_fin_signature failed"
                        .to_string()
                });
            self
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<crate::api::rest::CreateMessageRequest>,
        {
            self.body = value
                .try_into()
                .map_err(|_| {
                    "conversion to `crate :: api :: rest :: CreateMessageRequest` for body failed"
                        .to_string()
                });
            self
        }
        /// Sends a `POST` request to `/messages`
        pub async fn send(
            self,
        ) -> Result<ResponseValue<crate::api::rest::Message>, Error<()>> {
            let Self { client, x_fin_request_timestamp, x_fin_signature, body } = self;
            let x_fin_request_timestamp = x_fin_request_timestamp
                .map_err(Error::InvalidRequest)?;
            let x_fin_signature = x_fin_signature.map_err(Error::InvalidRequest)?;
            let body = body.map_err(Error::InvalidRequest)?;
            let url = format!("{}/messages", client.baseurl,);
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(3usize);
            header_map
                .append(
                    ::reqwest::header::HeaderName::from_static("api-version"),
                    ::reqwest::header::HeaderValue::from_static(
                        super::Client::api_version(),
                    ),
                );
            if let Some(value) = x_fin_request_timestamp {
                header_map
                    .append("X-Fin-Request-Timestamp", value.to_string().try_into()?);
            }
            if let Some(value) = x_fin_signature {
                header_map.append("X-Fin-Signature", value.to_string().try_into()?);
            }
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
                operation_id: "create_message",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                201u16 => ResponseValue::from_response(response).await,
                401u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                403u16 => Err(Error::ErrorResponse(ResponseValue::empty(response))),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
    /// Builder for [`Client::custom_helpdesk_conversation_event`]
    ///
    /// [`Client::custom_helpdesk_conversation_event`]: super::Client::custom_helpdesk_conversation_event
    #[derive(Debug, Clone)]
    pub struct CustomHelpdeskConversationEvent<'a> {
        client: &'a super::Client,
        integration_id: Result<String, String>,
        body: Result<crate::api::rest::WebhookConversationEventRequest, String>,
    }
    impl<'a> CustomHelpdeskConversationEvent<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                integration_id: Err("integration_id was not initialized".to_string()),
                body: Err("body was not initialized".to_string()),
            }
        }
        pub fn integration_id<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<String>,
        {
            self.integration_id = value
                .try_into()
                .map_err(|_| {
                    "conversion to `:: std :: string :: String` for integration_id failed"
                        .to_string()
                });
            self
        }
        pub fn body<V>(mut self, value: V) -> Self
        where
            V: std::convert::TryInto<crate::api::rest::WebhookConversationEventRequest>,
        {
            self.body = value
                .try_into()
                .map_err(|_| {
                    "conversion to `crate :: api :: rest :: WebhookConversationEventRequest` for body failed"
                        .to_string()
                });
            self
        }
        /// Sends a `POST` request to `/custom_helpdesk_conversation_event/{integration_id}`
        pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {
            let Self { client, integration_id, body } = self;
            let integration_id = integration_id.map_err(Error::InvalidRequest)?;
            let body = body.map_err(Error::InvalidRequest)?;
            let url = format!(
                "{}/custom_helpdesk_conversation_event/{}", client.baseurl, encode_path(&
                integration_id.to_string()),
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
                .json(&body)
                .headers(header_map)
                .build()?;
            let info = OperationInfo {
                operation_id: "custom_helpdesk_conversation_event",
            };
            client.pre(&mut request, &info).await?;
            let result = client.exec(request, &info).await;
            client.post(&result, &info).await?;
            let response = result?;
            match response.status().as_u16() {
                200u16 => Ok(ResponseValue::empty(response)),
                _ => Err(Error::UnexpectedResponse(response)),
            }
        }
    }
}

/// Items consumers will typically use such as the Client.
pub mod prelude {
    pub use self::super::Client;
}
