
/// `ActivityLog`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
#[serde(transparent)]
pub struct ActivityLog(pub Option<ActivityLogInner>);

impl ::std::ops::Deref for ActivityLog {
    type Target = Option<ActivityLogInner>;
    fn deref(&self) -> &Option<ActivityLogInner> {
        &self.0
    }
}

impl From<ActivityLog> for Option<ActivityLogInner> {
    fn from(value: ActivityLog) -> Self {
        value.0
    }
}

impl From<Option<ActivityLogInner>> for ActivityLog {
    fn from(value: Option<ActivityLogInner>) -> Self {
        Self(value)
    }
}

/// `ActivityLogInner`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct ActivityLogInner {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "String")]
    pub id: Option<String>,
}

/// `FnBody`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct FnBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "String")]
    pub a: Option<String>,
}

/// `FnPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct FnPath {
    #[serde(rename = "self")]
    pub self_: String,
}

/// `FooBar`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct FooBar {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub a: Option<String>,
}

/// `FooBar2`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct FooBar2 {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "String")]
    pub b: Option<String>,
}

/// `FooBar3`
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
pub enum FooBar3 {
    #[serde(rename = "x")]
    X,
    #[serde(rename = "y")]
    Y,
}

impl ::std::fmt::Display for FooBar3 {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::X => f.write_str("x"),
            Self::Y => f.write_str("y"),
        }
    }
}

impl ::std::str::FromStr for FooBar3 {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "x" => Ok(Self::X),
            "y" => Ok(Self::Y),
            _ => Err("invalid value".into()),
        }
    }
}

/// `MatchQuery`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct MatchQuery {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub type_: Option<String>,
    #[serde(rename = "Type", skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub type_2: Option<String>,
}

/// `Option2`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct Option2 {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "String")]
    pub v: Option<String>,
}

/// `Self_`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct Self_ {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub x: Option<String>,
}

/// `String2`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
#[serde(transparent)]
pub struct String2(pub i64);

impl ::std::ops::Deref for String2 {
    type Target = i64;
    fn deref(&self) -> &i64 {
        &self.0
    }
}

impl From<String2> for i64 {
    fn from(value: String2) -> Self {
        value.0
    }
}

impl From<i64> for String2 {
    fn from(value: i64) -> Self {
        Self(value)
    }
}

impl ::std::fmt::Display for String2 {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        self.0.fmt(f)
    }
}

impl ::std::str::FromStr for String2 {
    type Err = <i64 as ::std::str::FromStr>::Err;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Self(value.parse()?))
    }
}

/// `Thing`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct Thing {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub b: Option<String>,
    #[serde(rename = "self", skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub self_: Option<String>,
    #[serde(rename = "Self", skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub self_2: Option<String>,
}

/// `Type`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Eq,
    Hash,
    Ord,
    PartialEq,
    PartialOrd
)]
#[serde(transparent)]
pub struct Type(pub String);

impl ::std::ops::Deref for Type {
    type Target = String;
    fn deref(&self) -> &String {
        &self.0
    }
}

impl From<Type> for String {
    fn from(value: Type) -> Self {
        value.0
    }
}

impl From<String> for Type {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl ::std::fmt::Display for Type {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        self.0.fmt(f)
    }
}

impl ::std::str::FromStr for Type {
    type Err = ::std::convert::Infallible;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(Self(value.to_string()))
    }
}

/// `UntitledNullable`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
#[serde(transparent)]
pub struct UntitledNullable(pub Option<UntitledNullableInner>);

impl ::std::ops::Deref for UntitledNullable {
    type Target = Option<UntitledNullableInner>;
    fn deref(&self) -> &Option<UntitledNullableInner> {
        &self.0
    }
}

impl From<UntitledNullable> for Option<UntitledNullableInner> {
    fn from(value: UntitledNullable) -> Self {
        value.0
    }
}

impl From<Option<UntitledNullableInner>> for UntitledNullable {
    fn from(value: Option<UntitledNullableInner>) -> Self {
        Self(value)
    }
}

/// `UntitledNullableInner`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct UntitledNullableInner {
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

impl ActivityLogInner {
    /// The required fields; the others absent (or their defaults): `..ActivityLogInner::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { id: Default::default() }
    }
}

impl FnBody {
    /// The required fields; the others absent (or their defaults): `..FnBody::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { a: Default::default() }
    }
}

impl FnPath {
    /// The required fields; the others absent (or their defaults): `..FnPath::new(…)`.
    pub fn new(self_: String) -> Self {
        Self { self_ }
    }
}

impl FooBar {
    /// The required fields; the others absent (or their defaults): `..FooBar::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { a: Default::default() }
    }
}

impl FooBar2 {
    /// The required fields; the others absent (or their defaults): `..FooBar2::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { b: Default::default() }
    }
}

impl MatchQuery {
    /// The required fields; the others absent (or their defaults): `..MatchQuery::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            type_: Default::default(),
            type_2: Default::default(),
        }
    }
}

impl Option2 {
    /// The required fields; the others absent (or their defaults): `..Option2::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { v: Default::default() }
    }
}

impl Self_ {
    /// The required fields; the others absent (or their defaults): `..Self_::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { x: Default::default() }
    }
}

impl Thing {
    /// The required fields; the others absent (or their defaults): `..Thing::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            b: Default::default(),
            self_: Default::default(),
            self_2: Default::default(),
        }
    }
}

impl UntitledNullableInner {
    /// The required fields; the others absent (or their defaults): `..UntitledNullableInner::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { id: Default::default() }
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
    ActivityLog, "activity_log", [],
    r#"{"nullable":true,"title":"Activity Log","type":"object","properties":{"id":{"type":"string"}}}"#
);

schema_as_written!(
    FnPath, "FnPath", [],
    r#"{"type":"object","properties":{"self":{"type":"string"}},"required":["self"]}"#
);

schema_as_written!(
    FooBar, "foo_bar", [], r#"{"type":"object","properties":{"a":{"type":"string"}}}"#
);

schema_as_written!(
    MatchQuery, "MatchQuery", [],
    r#"{"type":"object","properties":{"type":{"type":"string"},"Type":{"type":"string"}},"required":[]}"#
);

schema_as_written!(
    Self_, "Self", [], r#"{"type":"object","properties":{"x":{"type":"string"}}}"#
);

schema_as_written!(
    Thing, "Thing", [],
    r#"{"type":"object","properties":{"b":{"type":"string"},"self":{"type":"string"},"Self":{"type":"string"}}}"#
);

schema_as_written!(Type, "type", [], r#"{"type":"string"}"#);

schema_as_written!(
    UntitledNullable, "untitled_nullable", [],
    r#"{"nullable":true,"type":"object","properties":{"id":{"type":"string"}}}"#
);

/// A JSON body the document marks optional: `None` when the request has none.
/// Described exactly as `TypedBody<T>`, but not required.
pub struct OptionalTypedBody<T>(pub Option<T>);

impl<T> OptionalTypedBody<T> {
    pub fn into_inner(self) -> Option<T> {
        self.0
    }
}

#[::async_trait::async_trait]
impl<T> ::dropshot::ExclusiveExtractor for OptionalTypedBody<T>
where
    T: ::schemars::JsonSchema + ::serde::de::DeserializeOwned + Send + Sync + 'static,
{
    async fn from_request<Context: ::dropshot::ServerContext>(
        rqctx: &::dropshot::RequestContext<Context>,
        request: ::http::Request<::dropshot::Body>,
    ) -> Result<Self, ::dropshot::HttpError> {
        let body = <::dropshot::UntypedBody as ::dropshot::ExclusiveExtractor>::from_request(
                rqctx,
                request,
            )
            .await?;
        if body.as_bytes().is_empty() {
            return Ok(OptionalTypedBody(None));
        }
        ::serde_json::from_slice(body.as_bytes())
            .map(|value| OptionalTypedBody(Some(value)))
            .map_err(|error| ::dropshot::HttpError::for_bad_request(
                None,
                format!("unable to parse JSON body: {error}"),
            ))
    }
    fn metadata(
        content_type: ::dropshot::ApiEndpointBodyContentType,
    ) -> ::dropshot::ExtractorMetadata {
        let mut metadata = <::dropshot::TypedBody<
            T,
        > as ::dropshot::ExclusiveExtractor>::metadata(content_type);
        for parameter in &mut metadata.parameters {
            parameter.required = false;
        }
        metadata
    }
}

/// The operations of "Clash" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    #[endpoint(method = GET, path = "/logs", operation_id = "match", tags = [])]
    async fn match_(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        query: ::dropshot::Query<MatchQuery>,
    ) -> Result<::dropshot::HttpResponseOk<ActivityLog>, dropshot::HttpError>;
    #[endpoint(method = POST, path = "/things/{self}", operation_id = "fn", tags = [])]
    async fn fn_(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<FnPath>,
        body: OptionalTypedBody<FnBody>,
    ) -> Result<::dropshot::HttpResponseOk<Thing>, dropshot::HttpError>;
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
                format!("{prefix}{}", "match"),
                <ServerImpl as WidgetApi>::match_,
                ::http::Method::GET,
                "application/json",
                "/logs",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "fn"),
                <ServerImpl as WidgetApi>::fn_,
                ::http::Method::POST,
                "application/json",
                "/things/{self}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
