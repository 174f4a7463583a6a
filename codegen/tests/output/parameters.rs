// warning: operation GET /things/{thingId} (getThing): dropshot decodes query parameters as scalars; `filter` (an object) is its raw string
// warning: operation GET /things/{thingId} (getThing): dropshot decodes query parameters as scalars; `ids` (an array) is its raw string
// warning: operation GET /things/{thingId} (getThing): dropshot decodes query parameters as scalars; `owner` (not a scalar) is its raw string
// warning: operation GET /things/{thingId} (getThing): dropshot decodes query parameters as scalars; `size` (not a scalar) is its raw string
// warning: operation GET /things/{thingId} (getThing): dropshot has no cookie extractor; the cookie `session` is not in the method's signature (read it from `rqctx.request.headers()`)
// warning: operation GET /things/{thingId} (getThing): parameter `filter` is described by `content`; dropshot decodes it as a plain value of the media type's schema

/// `GetThingPath`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct GetThingPath {
    #[serde(rename = "thingId")]
    pub thing_id: ::std::string::String,
}

/// `GetThingQuery`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct GetThingQuery {
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "::std::string::String")]
    pub fields: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "::std::num::NonZeroU64")]
    pub limit: ::std::option::Option<::std::num::NonZeroU64>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "::std::string::String")]
    pub filter: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "::std::string::String")]
    pub ids: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "::std::string::String")]
    pub owner: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "::std::string::String")]
    pub size: ::std::option::Option<::std::string::String>,
}

/// `NameOrId`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
#[serde(untagged)]
pub enum NameOrId {
    String(NameOrIdString),
    Uuid(::uuid::Uuid),
}

impl ::std::fmt::Display for NameOrId {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::String(x) => x.fmt(f),
            Self::Uuid(x) => x.fmt(f),
        }
    }
}

impl ::std::str::FromStr for NameOrId {
    type Err = self::error::ConversionError;
    fn from_str(
        value: &str,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        if let Ok(v) = value.parse() {
            Ok(Self::String(v))
        } else if let Ok(v) = value.parse() {
            Ok(Self::Uuid(v))
        } else {
            Err("string conversion failed for all variants".into())
        }
    }
}

impl ::std::convert::TryFrom<&str> for NameOrId {
    type Error = self::error::ConversionError;
    fn try_from(
        value: &str,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        value.parse()
    }
}

impl ::std::convert::TryFrom<::std::string::String> for NameOrId {
    type Error = self::error::ConversionError;
    fn try_from(
        value: ::std::string::String,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        value.parse()
    }
}

impl ::std::convert::From<NameOrIdString> for NameOrId {
    fn from(value: NameOrIdString) -> Self {
        Self::String(value)
    }
}

impl ::std::convert::From<::uuid::Uuid> for NameOrId {
    fn from(value: ::uuid::Uuid) -> Self {
        Self::Uuid(value)
    }
}

/// `NameOrIdString`
#[derive(
    ::serde::Serialize,
    Clone,
    Debug,
    Eq,
    Hash,
    Ord,
    PartialEq,
    PartialOrd,
    schemars::JsonSchema
)]
#[serde(transparent)]
pub struct NameOrIdString(::std::string::String);

impl ::std::ops::Deref for NameOrIdString {
    type Target = ::std::string::String;
    fn deref(&self) -> &::std::string::String {
        &self.0
    }
}

impl ::std::convert::From<NameOrIdString> for ::std::string::String {
    fn from(value: NameOrIdString) -> Self {
        value.0
    }
}

impl ::std::str::FromStr for NameOrIdString {
    type Err = self::error::ConversionError;
    fn from_str(
        value: &str,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        static PATTERN: ::std::sync::LazyLock<::regress::Regex> = ::std::sync::LazyLock::new(||
        { ::regress::Regex::new("^[a-z][a-z0-9-]*$").unwrap() });
        if PATTERN.find(value).is_none() {
            return Err("doesn't match pattern \"^[a-z][a-z0-9-]*$\"".into());
        }
        Ok(Self(value.to_string()))
    }
}

impl ::std::convert::TryFrom<&str> for NameOrIdString {
    type Error = self::error::ConversionError;
    fn try_from(
        value: &str,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        value.parse()
    }
}

impl ::std::convert::TryFrom<::std::string::String> for NameOrIdString {
    type Error = self::error::ConversionError;
    fn try_from(
        value: ::std::string::String,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        value.parse()
    }
}

impl<'de> ::serde::Deserialize<'de> for NameOrIdString {
    fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        ::std::string::String::deserialize(deserializer)?
            .parse()
            .map_err(|e: self::error::ConversionError| {
                <D::Error as ::serde::de::Error>::custom(e.to_string())
            })
    }
}

/// `RequestHeaders`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct RequestHeaders {
    #[serde(rename = "X-Tenant")]
    pub x_tenant: ::std::string::String,
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

impl GetThingPath {
    /// A `GetThingPath` with the required fields; every optional one starts absent (or at its
    /// default). Build others as `GetThingPath { field: value, ..GetThingPath::new(…) }`.
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(thing_id: ::std::string::String) -> Self {
        Self { thing_id }
    }
}

impl GetThingQuery {
    /// A `GetThingQuery` with the required fields; every optional one starts absent (or at its
    /// default). Build others as `GetThingQuery { field: value, ..GetThingQuery::new(…) }`.
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new() -> Self {
        Self {
            fields: ::std::default::Default::default(),
            limit: ::std::default::Default::default(),
            filter: ::std::default::Default::default(),
            ids: ::std::default::Default::default(),
            owner: ::std::default::Default::default(),
            size: ::std::default::Default::default(),
        }
    }
}

impl RequestHeaders {
    /// A `RequestHeaders` with the required fields; every optional one starts absent (or at its
    /// default). Build others as `RequestHeaders { field: value, ..RequestHeaders::new(…) }`.
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(x_tenant: ::std::string::String) -> Self {
        Self { x_tenant }
    }
}

/// The 200 response of `getThing`.
pub struct GetThingResponse200;

impl ::dropshot::HttpCodedResponse for GetThingResponse200 {
    type Body = ::dropshot::FreeformBody;
    const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::OK;
    const DESCRIPTION: &'static str = "ok";
}

impl ::std::convert::From<GetThingResponse200>
for ::std::result::Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
    #[allow(unused_variables)]
    fn from(response: GetThingResponse200) -> Self {
        <GetThingResponse200 as ::dropshot::HttpCodedResponse>::for_object(
            ::dropshot::FreeformBody(::dropshot::Body::empty()),
        )
    }
}

/// The operations of "Parameters" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    #[endpoint { method = GET, path = "/things/{thingId}", operation_id = "getThing", tags = [] }]
    async fn get_thing(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<GetThingPath>,
        query: ::dropshot::Query<GetThingQuery>,
        headers: ::dropshot::Header<RequestHeaders>,
    ) -> ::std::result::Result<GetThingResponse200, dropshot::HttpError>;
}

/// Registers every operation of [`WidgetApi`] on `api`, each operationId after `prefix`, so one
/// server can serve several documents whose operationIds overlap (dropshot cannot merge
/// descriptions). The endpoints are hidden from `api`'s own OpenAPI output; the served
/// document comes from `stub_api_description()`.
#[allow(unused_variables, unused_mut)]
pub fn register_widget_api<ServerImpl: WidgetApi>(
    api: &mut ::dropshot::ApiDescription<<ServerImpl as WidgetApi>::Context>,
    prefix: &str,
) -> ::std::result::Result<(), ::dropshot::ApiDescriptionRegisterError> {
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getThing"),
                <ServerImpl as WidgetApi>::get_thing,
                ::http::Method::GET,
                "application/json",
                "/things/{thingId}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
