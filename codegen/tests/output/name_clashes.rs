
/// `Call`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct Call {
    #[serde(rename = "fooBar", skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub foo_bar: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "foo_bar")]
    #[serde(default)]
    pub foo_bar_2: Option<String>,
    #[serde(rename = "foo-bar", skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub foo_minus_bar: Option<i64>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub type_: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub log: Option<CallLogInline>,
}

/// `CallLog`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct CallLog {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub level: Option<String>,
}

/// `CallLogInline`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct CallLogInline {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "String")]
    pub entry: Option<String>,
}

/// `ListCallsQuery`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct ListCallsQuery {
    #[serde(rename = "StartTime", skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub start_time: Option<::chrono::DateTime<::chrono::offset::Utc>>,
    #[serde(rename = "StartTime<", skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub start_time_lt: Option<::chrono::DateTime<::chrono::offset::Utc>>,
    #[serde(rename = "StartTime>", skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub start_time_gt: Option<::chrono::DateTime<::chrono::offset::Utc>>,
    #[serde(rename = "page-size", skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub page_size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(rename = "page_size")]
    #[serde(default)]
    pub page_size_2: Option<i64>,
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

impl Call {
    /// The required fields; the others absent (or their defaults): `..Call::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            foo_bar: Default::default(),
            foo_bar_2: Default::default(),
            foo_minus_bar: Default::default(),
            type_: Default::default(),
            log: Default::default(),
        }
    }
}

impl CallLog {
    /// The required fields; the others absent (or their defaults): `..CallLog::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { level: Default::default() }
    }
}

impl CallLogInline {
    /// The required fields; the others absent (or their defaults): `..CallLogInline::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { entry: Default::default() }
    }
}

impl ListCallsQuery {
    /// The required fields; the others absent (or their defaults): `..ListCallsQuery::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            start_time: Default::default(),
            start_time_lt: Default::default(),
            start_time_gt: Default::default(),
            page_size: Default::default(),
            page_size_2: Default::default(),
        }
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

schema_as_written!(
    Call, "Call", [],
    r#"{"type":"object","properties":{"fooBar":{"type":"string"},"foo_bar":{"type":"string"},"foo-bar":{"type":"integer"},"type":{"type":"string"},"log":{"type":"object","properties":{"entry":{"type":"string"}}}}}"#
);

schema_as_written!(
    CallLog, "CallLog", [],
    r#"{"type":"object","properties":{"level":{"type":"string"}}}"#
);

schema_as_written!(
    ListCallsQuery, "ListCallsQuery", [],
    r#"{"type":"object","properties":{"StartTime":{"type":"string","format":"date-time"},"StartTime<":{"type":"string","format":"date-time"},"StartTime>":{"type":"string","format":"date-time"},"page-size":{"type":"integer"},"page_size":{"type":"integer"}},"required":[]}"#
);

/// The operations of "Clashes" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    #[endpoint(method = GET, path = "/calls", operation_id = "listCalls", tags = [])]
    async fn list_calls(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        query: ::dropshot::Query<ListCallsQuery>,
    ) -> Result<::dropshot::HttpResponseOk<Call>, dropshot::HttpError>;
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
                format!("{prefix}{}", "listCalls"),
                <ServerImpl as WidgetApi>::list_calls,
                ::http::Method::GET,
                "application/json",
                "/calls",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
