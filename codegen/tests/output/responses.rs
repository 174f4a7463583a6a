// warning: operation GET /only-default (onlyDefault): no 2xx response is documented (default); the method returns `Response<Body>`, any status and body
// warning: operation GET /text (getText) response 200: dropshot has no typed response for `text/plain`; the method returns `Response<Body>`
// warning: operation PUT /either (putEither): 2 success responses are documented; the method returns `Response<Body>`, any status and body

/// `AcceptResponse`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct AcceptResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "String")]
    pub id: Option<String>,
}

/// `GetOkResponse`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct GetOkResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "String")]
    pub id: Option<String>,
}

/// `GetPartialResponse`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct GetPartialResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "String")]
    pub id: Option<String>,
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

impl AcceptResponse {
    /// The required fields; the others absent (or their defaults): `..AcceptResponse::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { id: Default::default() }
    }
}

impl GetOkResponse {
    /// The required fields; the others absent (or their defaults): `..GetOkResponse::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { id: Default::default() }
    }
}

impl GetPartialResponse {
    /// The required fields; the others absent (or their defaults): `..GetPartialResponse::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { id: Default::default() }
    }
}

/// The 201 response of `create`.
pub struct CreateResponse201;

impl ::dropshot::HttpCodedResponse for CreateResponse201 {
    type Body = ::dropshot::FreeformBody;
    const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::CREATED;
    const DESCRIPTION: &'static str = "created, no body";
}

impl From<CreateResponse201>
for Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
    #[allow(unused_variables)]
    fn from(response: CreateResponse201) -> Self {
        <CreateResponse201 as ::dropshot::HttpCodedResponse>::for_object(
            ::dropshot::FreeformBody(::dropshot::Body::empty()),
        )
    }
}

/// The 206 response of `getPartial`.
pub struct GetPartialResponse206(pub GetPartialResponse);

impl ::dropshot::HttpCodedResponse for GetPartialResponse206 {
    type Body = GetPartialResponse;
    const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::PARTIAL_CONTENT;
    const DESCRIPTION: &'static str = "an item";
}

impl From<GetPartialResponse206>
for Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
    #[allow(unused_variables)]
    fn from(response: GetPartialResponse206) -> Self {
        <GetPartialResponse206 as ::dropshot::HttpCodedResponse>::for_object(response.0)
    }
}

/// The operations of "Responses" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    #[endpoint(method = GET, path = "/ok", operation_id = "getOk", tags = [])]
    async fn get_ok(
        rqctx: ::dropshot::RequestContext<Self::Context>,
    ) -> Result<::dropshot::HttpResponseOk<GetOkResponse>, dropshot::HttpError>;
    #[endpoint(method = POST, path = "/created", operation_id = "create", tags = [])]
    async fn create(
        rqctx: ::dropshot::RequestContext<Self::Context>,
    ) -> Result<CreateResponse201, dropshot::HttpError>;
    #[endpoint(method = POST, path = "/accepted", operation_id = "accept", tags = [])]
    async fn accept(
        rqctx: ::dropshot::RequestContext<Self::Context>,
    ) -> Result<::dropshot::HttpResponseAccepted<AcceptResponse>, dropshot::HttpError>;
    #[endpoint(method = GET, path = "/partial", operation_id = "getPartial", tags = [])]
    async fn get_partial(
        rqctx: ::dropshot::RequestContext<Self::Context>,
    ) -> Result<GetPartialResponse206, dropshot::HttpError>;
    #[endpoint(method = PUT, path = "/either", operation_id = "putEither", tags = [])]
    async fn put_either(
        rqctx: ::dropshot::RequestContext<Self::Context>,
    ) -> Result<::http::Response<::dropshot::Body>, dropshot::HttpError>;
    #[endpoint(method = GET, path = "/text", operation_id = "getText", tags = [])]
    async fn get_text(
        rqctx: ::dropshot::RequestContext<Self::Context>,
    ) -> Result<::http::Response<::dropshot::Body>, dropshot::HttpError>;
    #[endpoint(method = DELETE, path = "/gone", operation_id = "remove", tags = [])]
    async fn remove(
        rqctx: ::dropshot::RequestContext<Self::Context>,
    ) -> Result<::dropshot::HttpResponseDeleted, dropshot::HttpError>;
    #[endpoint(
        method = GET,
        path = "/only-default",
        operation_id = "onlyDefault",
        tags = [],
    )]
    async fn only_default(
        rqctx: ::dropshot::RequestContext<Self::Context>,
    ) -> Result<::http::Response<::dropshot::Body>, dropshot::HttpError>;
}

/// The OpenAPI document [`WidgetApi`] serves (`stub_api_description()`'s).
pub fn served_openapi(
    title: &str,
    version: ::dropshot::semver::Version,
) -> Result<::serde_json::Value, String> {
    let description = widget_api_mod::stub_api_description()
        .map_err(|error| error.to_string())?;
    description.openapi(title, version).json().map_err(|error| error.to_string())
}

/// Registers every operation of [`WidgetApi`] on `api`, each operationId after `prefix`, so one
/// server can serve several documents whose operationIds overlap (dropshot cannot merge
/// descriptions). The endpoints are hidden from `api`'s own OpenAPI output; the served
/// document comes from `served_openapi`.
#[allow(unused_variables, unused_mut)]
pub fn register_widget_api<ServerImpl: WidgetApi>(
    api: &mut ::dropshot::ApiDescription<<ServerImpl as WidgetApi>::Context>,
    prefix: &str,
) -> Result<(), ::dropshot::ApiDescriptionRegisterError> {
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getOk"),
                <ServerImpl as WidgetApi>::get_ok,
                ::http::Method::GET,
                "application/json",
                "/ok",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "create"),
                <ServerImpl as WidgetApi>::create,
                ::http::Method::POST,
                "application/json",
                "/created",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "accept"),
                <ServerImpl as WidgetApi>::accept,
                ::http::Method::POST,
                "application/json",
                "/accepted",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getPartial"),
                <ServerImpl as WidgetApi>::get_partial,
                ::http::Method::GET,
                "application/json",
                "/partial",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "putEither"),
                <ServerImpl as WidgetApi>::put_either,
                ::http::Method::PUT,
                "application/json",
                "/either",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getText"),
                <ServerImpl as WidgetApi>::get_text,
                ::http::Method::GET,
                "application/json",
                "/text",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "remove"),
                <ServerImpl as WidgetApi>::remove,
                ::http::Method::DELETE,
                "application/json",
                "/gone",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "onlyDefault"),
                <ServerImpl as WidgetApi>::only_default,
                ::http::Method::GET,
                "application/json",
                "/only-default",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
