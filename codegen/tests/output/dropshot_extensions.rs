
/// Error information from a response.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct Error {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub error_code: Option<String>,
    pub message: String,
    pub request_id: String,
}

/// Names must begin with a lower case ASCII letter.
#[derive(::serde::Serialize, Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
#[serde(transparent)]
pub struct Name(String);

impl ::std::ops::Deref for Name {
    type Target = String;
    fn deref(&self) -> &String {
        &self.0
    }
}

impl From<Name> for String {
    fn from(value: Name) -> Self {
        value.0
    }
}

impl ::std::str::FromStr for Name {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        if value.chars().count() > 63usize {
            return Err("longer than 63 characters".into());
        }
        static PATTERN: ::std::sync::LazyLock<::regress::Regex> = ::std::sync::LazyLock::new(||
        { ::regress::Regex::new("^[a-z][a-z0-9-]*$").unwrap() });
        if PATTERN.find(value).is_none() {
            return Err("doesn't match pattern \"^[a-z][a-z0-9-]*$\"".into());
        }
        Ok(Self(value.to_string()))
    }
}

impl<'de> ::serde::Deserialize<'de> for Name {
    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        String::deserialize(deserializer)?
            .parse()
            .map_err(|e: self::error::ConversionError| {
                <D::Error as ::serde::de::Error>::custom(e.to_string())
            })
    }
}

/// `NameOrId`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
#[serde(untagged)]
pub enum NameOrId {
    Id(::uuid::Uuid),
    Name2(Name),
}

impl ::std::fmt::Display for NameOrId {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::Id(x) => x.fmt(f),
            Self::Name2(x) => x.fmt(f),
        }
    }
}

impl ::std::str::FromStr for NameOrId {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        if let Ok(v) = value.parse() {
            Ok(Self::Id(v))
        } else if let Ok(v) = value.parse() {
            Ok(Self::Name2(v))
        } else {
            Err("string conversion failed for all variants".into())
        }
    }
}

impl From<::uuid::Uuid> for NameOrId {
    fn from(value: ::uuid::Uuid) -> Self {
        Self::Id(value)
    }
}

impl From<Name> for NameOrId {
    fn from(value: Name) -> Self {
        Self::Name2(value)
    }
}

/// Supported set of sort modes for scanning by name only
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
pub enum NameSortMode {
    /// sort in increasing order of "name"
    #[serde(rename = "name_ascending")]
    NameAscending,
}

impl ::std::fmt::Display for NameSortMode {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::NameAscending => f.write_str("name_ascending"),
        }
    }
}

impl ::std::str::FromStr for NameSortMode {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "name_ascending" => Ok(Self::NameAscending),
            _ => Err("invalid value".into()),
        }
    }
}

/// `Widget`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct Widget {
    pub id: ::uuid::Uuid,
    pub name: Name,
    /// What dropshot writes for an `Option` with `#[serde(default)]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `WidgetBlobPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct WidgetBlobPath {
    pub widget: NameOrId,
}

/// `WidgetConsolePath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct WidgetConsolePath {
    pub widget: NameOrId,
}

/// `WidgetDeletePath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct WidgetDeletePath {
    pub widget: NameOrId,
}

/// `WidgetListScanParams`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct WidgetListScanParams {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub sort_by: Option<NameSortMode>,
}

/// Why a widget was not reset.
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct WidgetResetError {
    pub reason: WidgetResetErrorReason,
}

/// `WidgetResetErrorReason`
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
pub enum WidgetResetErrorReason {
    #[serde(rename = "busy")]
    Busy,
    #[serde(rename = "locked")]
    Locked,
}

impl ::std::fmt::Display for WidgetResetErrorReason {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Busy => f.write_str("busy"),
            Self::Locked => f.write_str("locked"),
        }
    }
}

impl ::std::str::FromStr for WidgetResetErrorReason {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "busy" => Ok(Self::Busy),
            "locked" => Ok(Self::Locked),
            _ => Err("invalid value".into()),
        }
    }
}

/// `WidgetResetPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct WidgetResetPath {
    pub widget: NameOrId,
}

/// A single page of results
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct WidgetResultsPage {
    /// list of items on this page of results
    pub items: Vec<Widget>,
    /// token used to fetch the next page of results (if any)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_page: Option<String>,
}

/// `WidgetUpdatePath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct WidgetUpdatePath {
    pub widget: NameOrId,
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

impl Error {
    /// The required fields; the others absent (or their defaults): `..Error::new(…)`.
    pub fn new(message: String, request_id: String) -> Self {
        Self {
            error_code: Default::default(),
            message,
            request_id,
        }
    }
}

impl Widget {
    /// The required fields; the others absent (or their defaults): `..Widget::new(…)`.
    pub fn new(id: ::uuid::Uuid, name: Name) -> Self {
        Self {
            id,
            name,
            note: Default::default(),
        }
    }
}

impl WidgetBlobPath {
    /// The required fields; the others absent (or their defaults): `..WidgetBlobPath::new(…)`.
    pub fn new(widget: NameOrId) -> Self {
        Self { widget }
    }
}

impl WidgetConsolePath {
    /// The required fields; the others absent (or their defaults): `..WidgetConsolePath::new(…)`.
    pub fn new(widget: NameOrId) -> Self {
        Self { widget }
    }
}

impl WidgetDeletePath {
    /// The required fields; the others absent (or their defaults): `..WidgetDeletePath::new(…)`.
    pub fn new(widget: NameOrId) -> Self {
        Self { widget }
    }
}

impl WidgetListScanParams {
    /// The required fields; the others absent (or their defaults): `..WidgetListScanParams::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            sort_by: Default::default(),
        }
    }
}

impl WidgetResetError {
    /// The required fields; the others absent (or their defaults): `..WidgetResetError::new(…)`.
    pub fn new(reason: WidgetResetErrorReason) -> Self {
        Self { reason }
    }
}

impl WidgetResetPath {
    /// The required fields; the others absent (or their defaults): `..WidgetResetPath::new(…)`.
    pub fn new(widget: NameOrId) -> Self {
        Self { widget }
    }
}

impl WidgetResultsPage {
    /// The required fields; the others absent (or their defaults): `..WidgetResultsPage::new(…)`.
    pub fn new(items: Vec<Widget>) -> Self {
        Self {
            items,
            next_page: Default::default(),
        }
    }
}

impl WidgetUpdatePath {
    /// The required fields; the others absent (or their defaults): `..WidgetUpdatePath::new(…)`.
    pub fn new(widget: NameOrId) -> Self {
        Self { widget }
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
    Error, "Error", [],
    r#"{"description":"Error information from a response.","type":"object","properties":{"error_code":{"type":"string"},"message":{"type":"string"},"request_id":{"type":"string"}},"required":["message","request_id"]}"#
);

schema_as_written!(
    Name, "Name", [],
    r#"{"title":"A name unique within the parent collection","description":"Names must begin with a lower case ASCII letter.","type":"string","pattern":"^[a-z][a-z0-9-]*$","maxLength":63}"#
);

schema_as_written!(
    NameOrId, "NameOrId", [Name],
    r##"{"oneOf":[{"title":"id","allOf":[{"type":"string","format":"uuid"}]},{"title":"name","allOf":[{"$ref":"#/components/schemas/Name"}]}]}"##
);

schema_as_written!(
    NameSortMode, "NameSortMode", [],
    r#"{"description":"Supported set of sort modes for scanning by name only","oneOf":[{"description":"sort in increasing order of \"name\"","type":"string","enum":["name_ascending"]}]}"#
);

schema_as_written!(
    Widget, "Widget", [Name],
    r##"{"type":"object","properties":{"id":{"type":"string","format":"uuid"},"name":{"$ref":"#/components/schemas/Name"},"note":{"nullable":true,"description":"What dropshot writes for an `Option` with `#[serde(default)]`.","type":"string","default":null}},"required":["id","name"]}"##
);

schema_as_written!(
    WidgetBlobPath, "WidgetBlobPath", [NameOrId],
    r##"{"type":"object","properties":{"widget":{"allOf":[{"$ref":"#/components/schemas/NameOrId"}],"description":"Name or ID of the widget"}},"required":["widget"]}"##
);

schema_as_written!(
    WidgetConsolePath, "WidgetConsolePath", [NameOrId],
    r##"{"type":"object","properties":{"widget":{"allOf":[{"$ref":"#/components/schemas/NameOrId"}],"description":"Name or ID of the widget"}},"required":["widget"]}"##
);

schema_as_written!(
    WidgetDeletePath, "WidgetDeletePath", [NameOrId],
    r##"{"type":"object","properties":{"widget":{"allOf":[{"$ref":"#/components/schemas/NameOrId"}],"description":"Name or ID of the widget"}},"required":["widget"]}"##
);

schema_as_written!(
    WidgetListScanParams, "WidgetListScanParams", [NameSortMode],
    r##"{"type":"object","properties":{"sort_by":{"$ref":"#/components/schemas/NameSortMode"}},"required":[]}"##
);

schema_as_written!(
    WidgetResetError, "WidgetResetError", [],
    r#"{"description":"Why a widget was not reset.","type":"object","properties":{"reason":{"type":"string","enum":["busy","locked"]}},"required":["reason"]}"#
);

schema_as_written!(
    WidgetResetPath, "WidgetResetPath", [NameOrId],
    r##"{"type":"object","properties":{"widget":{"allOf":[{"$ref":"#/components/schemas/NameOrId"}],"description":"Name or ID of the widget"}},"required":["widget"]}"##
);

schema_as_written!(
    WidgetResultsPage, "WidgetResultsPage", [Widget],
    r##"{"description":"A single page of results","type":"object","properties":{"items":{"description":"list of items on this page of results","type":"array","items":{"$ref":"#/components/schemas/Widget"}},"next_page":{"nullable":true,"description":"token used to fetch the next page of results (if any)","type":"string"}},"required":["items"]}"##
);

schema_as_written!(
    WidgetUpdatePath, "WidgetUpdatePath", [NameOrId],
    r##"{"type":"object","properties":{"widget":{"allOf":[{"$ref":"#/components/schemas/NameOrId"}],"description":"Name or ID of the widget"}},"required":["widget"]}"##
);

/// The error of an operation whose error answers the document gives a schema of
/// their own (`T`), as a dropshot endpoint with its own error type: the method
/// answers `Documented` with the status it chooses; a request dropshot refuses
/// before the method runs (a path or query it cannot read) is answered
/// `Dropshot`, with dropshot's `message` and `error_code`, which `T` need not
/// describe.
#[derive(Debug)]
pub enum DocumentedError<T> {
    /// An answer as the document describes it.
    Documented { status: ::dropshot::ErrorStatusCode, body: T },
    /// dropshot's own error.
    Dropshot(::dropshot::HttpError),
}

impl<T> DocumentedError<T> {
    /// An answer of `status` with the documented `body`.
    pub fn new(status: ::dropshot::ErrorStatusCode, body: T) -> Self {
        DocumentedError::Documented {
            status,
            body,
        }
    }
}

impl<T> From<::dropshot::HttpError> for DocumentedError<T> {
    fn from(error: ::dropshot::HttpError) -> Self {
        DocumentedError::Dropshot(error)
    }
}

impl<T> ::std::fmt::Display for DocumentedError<T> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            DocumentedError::Documented { status, .. } => {
                write!(f, "answered {status} as the document describes")
            }
            DocumentedError::Dropshot(error) => ::std::fmt::Display::fmt(error, f),
        }
    }
}

impl<T: ::serde::Serialize> ::serde::Serialize for DocumentedError<T> {
    fn serialize<S: ::serde::Serializer>(
        &self,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match self {
            DocumentedError::Documented { body, .. } => body.serialize(serializer),
            DocumentedError::Dropshot(error) => {
                ::serde_json::json!(
                    { "message" : error.external_message, "error_code" : error
                    .error_code, }
                )
                    .serialize(serializer)
            }
        }
    }
}

/// Described as `T`: the document's schema, under its own name.
impl<T: ::schemars::JsonSchema> ::schemars::JsonSchema for DocumentedError<T> {
    fn schema_name() -> String {
        T::schema_name()
    }
    fn json_schema(
        generator: &mut ::schemars::r#gen::SchemaGenerator,
    ) -> ::schemars::schema::Schema {
        T::json_schema(generator)
    }
}

impl<T> ::dropshot::HttpResponseError for DocumentedError<T>
where
    T: ::schemars::JsonSchema + ::serde::Serialize + Send + Sync + 'static,
{
    fn status_code(&self) -> ::dropshot::ErrorStatusCode {
        match self {
            DocumentedError::Documented { status, .. } => *status,
            DocumentedError::Dropshot(error) => error.status_code,
        }
    }
}

/// The operations of "Dropshot extensions" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    /// List widgets
    #[endpoint(method = GET, path = "/widgets", operation_id = "widget_list", tags = [])]
    async fn widget_list(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        query: ::dropshot::Query<
            ::dropshot::PaginationParams<WidgetListScanParams, ::serde_json::Value>,
        >,
    ) -> Result<
        ::dropshot::HttpResponseOk<::dropshot::ResultsPage<Widget>>,
        dropshot::HttpError,
    >;
    /// Replace a widget
    #[endpoint(
        method = PUT,
        path = "/widgets/{widget}",
        operation_id = "widget_update",
        tags = [],
    )]
    async fn widget_update(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<WidgetUpdatePath>,
    ) -> Result<::dropshot::HttpResponseUpdatedNoContent, dropshot::HttpError>;
    /// Delete a widget
    #[endpoint(
        method = DELETE,
        path = "/widgets/{widget}",
        operation_id = "widget_delete",
        tags = [],
    )]
    async fn widget_delete(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<WidgetDeletePath>,
    ) -> Result<::dropshot::HttpResponseDeleted, dropshot::HttpError>;
    /// A widget's bytes
    #[endpoint(
        method = GET,
        path = "/widgets/{widget}/blob",
        operation_id = "widget_blob",
        tags = [],
    )]
    async fn widget_blob(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<WidgetBlobPath>,
    ) -> Result<
        ::dropshot::HttpResponseOk<::dropshot::FreeformBody>,
        dropshot::HttpError,
    >;
    /// Reset a widget
    #[endpoint(
        method = POST,
        path = "/widgets/{widget}/reset",
        operation_id = "widget_reset",
        tags = [],
    )]
    async fn widget_reset(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<WidgetResetPath>,
    ) -> Result<
        ::dropshot::HttpResponseUpdatedNoContent,
        DocumentedError<WidgetResetError>,
    >;
    /// Attach to a widget's console
    #[channel(
        protocol = WEBSOCKETS,
        path = "/widgets/{widget}/console",
        operation_id = "widget_console",
        tags = [],
    )]
    async fn widget_console(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<WidgetConsolePath>,
        upgraded: ::dropshot::WebsocketConnection,
    ) -> ::dropshot::WebsocketChannelResult;
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
                format!("{prefix}{}", "widget_list"),
                <ServerImpl as WidgetApi>::widget_list,
                ::http::Method::GET,
                "application/json",
                "/widgets",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "widget_update"),
                <ServerImpl as WidgetApi>::widget_update,
                ::http::Method::PUT,
                "application/json",
                "/widgets/{widget}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "widget_delete"),
                <ServerImpl as WidgetApi>::widget_delete,
                ::http::Method::DELETE,
                "application/json",
                "/widgets/{widget}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "widget_blob"),
                <ServerImpl as WidgetApi>::widget_blob,
                ::http::Method::GET,
                "application/json",
                "/widgets/{widget}/blob",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "widget_reset"),
                <ServerImpl as WidgetApi>::widget_reset,
                ::http::Method::POST,
                "application/json",
                "/widgets/{widget}/reset",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
