
/// `Record`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct Record {
    pub code: RecordCode,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "::uuid::Uuid")]
    pub uuid: ::std::option::Option<::uuid::Uuid>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "::chrono::DateTime<::chrono::offset::Utc>")]
    pub at: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "::chrono::naive::NaiveDate")]
    pub day: ::std::option::Option<::chrono::naive::NaiveDate>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "i32")]
    pub small: ::std::option::Option<i32>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "i64")]
    pub big: ::std::option::Option<i64>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "f32")]
    pub ratio: ::std::option::Option<f32>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "::std::string::String")]
    pub data: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "::std::string::String")]
    pub email: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "::std::string::String")]
    pub link: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "::std::vec::Vec<::std::string::String>")]
    pub tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
}

/// `RecordCode`
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
pub struct RecordCode(::std::string::String);

impl ::std::ops::Deref for RecordCode {
    type Target = ::std::string::String;
    fn deref(&self) -> &::std::string::String {
        &self.0
    }
}

impl ::std::convert::From<RecordCode> for ::std::string::String {
    fn from(value: RecordCode) -> Self {
        value.0
    }
}

impl ::std::str::FromStr for RecordCode {
    type Err = self::error::ConversionError;
    fn from_str(
        value: &str,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        if value.chars().count() > 8usize {
            return Err("longer than 8 characters".into());
        }
        if value.chars().count() < 2usize {
            return Err("shorter than 2 characters".into());
        }
        static PATTERN: ::std::sync::LazyLock<::regress::Regex> = ::std::sync::LazyLock::new(||
        { ::regress::Regex::new("^[A-Z]+$").unwrap() });
        if PATTERN.find(value).is_none() {
            return Err("doesn't match pattern \"^[A-Z]+$\"".into());
        }
        Ok(Self(value.to_string()))
    }
}

impl ::std::convert::TryFrom<&str> for RecordCode {
    type Error = self::error::ConversionError;
    fn try_from(
        value: &str,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        value.parse()
    }
}

impl ::std::convert::TryFrom<::std::string::String> for RecordCode {
    type Error = self::error::ConversionError;
    fn try_from(
        value: ::std::string::String,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        value.parse()
    }
}

impl<'de> ::serde::Deserialize<'de> for RecordCode {
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

impl Record {
    /// A `Record` with the required fields; every optional one starts absent (or at its
    /// default). Build others as `Record { field: value, ..Record::new(…) }`.
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(code: RecordCode) -> Self {
        Self {
            code,
            uuid: ::std::default::Default::default(),
            at: ::std::default::Default::default(),
            day: ::std::default::Default::default(),
            small: ::std::default::Default::default(),
            big: ::std::default::Default::default(),
            ratio: ::std::default::Default::default(),
            data: ::std::default::Default::default(),
            email: ::std::default::Default::default(),
            link: ::std::default::Default::default(),
            tags: ::std::default::Default::default(),
        }
    }
}

/// The operations of "Formats" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    #[endpoint { method = POST, path = "/echo", operation_id = "echo", tags = [] }]
    async fn echo(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: dropshot::TypedBody<Record>,
    ) -> ::std::result::Result<::dropshot::HttpResponseOk<Record>, dropshot::HttpError>;
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
                format!("{prefix}{}", "echo"),
                <ServerImpl as WidgetApi>::echo,
                ::http::Method::POST,
                "application/json",
                "/echo",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
