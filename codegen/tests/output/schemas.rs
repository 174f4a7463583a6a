// warning: components.schemas.Thing.mixed: typify cannot express this schema; it is any JSON value (`serde_json::Value`)
// warning: components.schemas.Thing.notnull: typify cannot express this schema; it is any JSON value (`serde_json::Value`)

///`Circle`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct Circle {
    pub kind: CircleKind,
    pub radius: f64,
}
///`CircleKind`
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
pub enum CircleKind {
    #[serde(rename = "circle")]
    Circle,
}
impl ::std::fmt::Display for CircleKind {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Circle => f.write_str("circle"),
        }
    }
}
impl ::std::str::FromStr for CircleKind {
    type Err = self::error::ConversionError;
    fn from_str(
        value: &str,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        match value {
            "circle" => Ok(Self::Circle),
            _ => Err("invalid value".into()),
        }
    }
}
impl ::std::convert::TryFrom<&str> for CircleKind {
    type Error = self::error::ConversionError;
    fn try_from(
        value: &str,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        value.parse()
    }
}
impl ::std::convert::TryFrom<::std::string::String> for CircleKind {
    type Error = self::error::ConversionError;
    fn try_from(
        value: ::std::string::String,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        value.parse()
    }
}
///`Named`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct Named {
    pub label: ::std::string::String,
}
///`Shape`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
#[serde(untagged)]
pub enum Shape {
    Circle(Circle),
    Square(Square),
}
impl ::std::convert::From<Circle> for Shape {
    fn from(value: Circle) -> Self {
        Self::Circle(value)
    }
}
impl ::std::convert::From<Square> for Shape {
    fn from(value: Square) -> Self {
        Self::Square(value)
    }
}
///`Square`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct Square {
    pub kind: SquareKind,
    pub side: f64,
}
///`SquareKind`
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
pub enum SquareKind {
    #[serde(rename = "square")]
    Square,
}
impl ::std::fmt::Display for SquareKind {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Square => f.write_str("square"),
        }
    }
}
impl ::std::str::FromStr for SquareKind {
    type Err = self::error::ConversionError;
    fn from_str(
        value: &str,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        match value {
            "square" => Ok(Self::Square),
            _ => Err("invalid value".into()),
        }
    }
}
impl ::std::convert::TryFrom<&str> for SquareKind {
    type Error = self::error::ConversionError;
    fn try_from(
        value: &str,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        value.parse()
    }
}
impl ::std::convert::TryFrom<::std::string::String> for SquareKind {
    type Error = self::error::ConversionError;
    fn try_from(
        value: ::std::string::String,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        value.parse()
    }
}
///`Thing`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct Thing {
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = ":: uuid :: Uuid")]
    pub id: ::std::option::Option<::uuid::Uuid>,
    pub name: ThingName,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = ":: std :: string :: String")]
    pub secret: ::std::option::Option<::std::string::String>,
    #[serde(default = "defaults::default_u64::<i32, 1>")]
    pub count: i32,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "f32")]
    pub ratio: ::std::option::Option<f32>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = ":: chrono :: DateTime < :: chrono :: offset :: Utc >")]
    pub created: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = ":: chrono :: naive :: NaiveDate")]
    pub day: ::std::option::Option<::chrono::naive::NaiveDate>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = ":: std :: string :: String")]
    pub blob: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = ":: std :: vec :: Vec < :: std :: string :: String >")]
    pub tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "ThingLevel")]
    pub level: ::std::option::Option<ThingLevel>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = ":: serde_json :: Value")]
    pub mixed: ::std::option::Option<::serde_json::Value>,
    pub shape: Shape,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub parent: ::std::option::Option<::std::boxed::Box<Thing>>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "ThingEither")]
    pub either: ::std::option::Option<ThingEither>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = ":: serde_json :: Value")]
    pub notnull: ::std::option::Option<::serde_json::Value>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = "ThingMerged")]
    pub merged: ::std::option::Option<ThingMerged>,
    #[serde(flatten)]
    pub extra: ::std::collections::HashMap<::std::string::String, ::std::string::String>,
}
///`ThingEither`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
#[serde(untagged)]
pub enum ThingEither {
    String(::std::string::String),
    Integer(i64),
}
impl ::std::fmt::Display for ThingEither {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::String(x) => x.fmt(f),
            Self::Integer(x) => x.fmt(f),
        }
    }
}
impl ::std::convert::From<i64> for ThingEither {
    fn from(value: i64) -> Self {
        Self::Integer(value)
    }
}
///`ThingLevel`
#[derive(::serde::Serialize, Clone, Debug, PartialEq)]
#[serde(transparent)]
pub struct ThingLevel(i64);
impl ::std::ops::Deref for ThingLevel {
    type Target = i64;
    fn deref(&self) -> &i64 {
        &self.0
    }
}
impl ::std::convert::From<ThingLevel> for i64 {
    fn from(value: ThingLevel) -> Self {
        value.0
    }
}
impl ::std::convert::TryFrom<i64> for ThingLevel {
    type Error = self::error::ConversionError;
    fn try_from(
        value: i64,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        if ![1_i64, 2_i64, 3_i64].contains(&value) {
            Err("invalid value".into())
        } else {
            Ok(Self(value))
        }
    }
}
impl<'de> ::serde::Deserialize<'de> for ThingLevel {
    fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        Self::try_from(<i64>::deserialize(deserializer)?)
            .map_err(|e| { <D::Error as ::serde::de::Error>::custom(e.to_string()) })
    }
}
impl ::schemars::JsonSchema for ThingLevel {
    fn schema_name() -> ::std::string::String {
        "ThingLevel".to_string()
    }
    fn json_schema(
        r#gen: &mut ::schemars::r#gen::SchemaGenerator,
    ) -> ::schemars::schema::Schema {
        let mut schema = <i64 as ::schemars::JsonSchema>::json_schema(r#gen)
            .into_object();
        schema.enum_values = ::std::option::Option::Some(
            [
                ::serde_json::from_str("1").unwrap(),
                ::serde_json::from_str("2").unwrap(),
                ::serde_json::from_str("3").unwrap(),
            ]
                .into_iter()
                .collect(),
        );
        schema.into()
    }
}
///`ThingMerged`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct ThingMerged {
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    pub extra: ::std::option::Option<bool>,
    pub label: ::std::string::String,
}
///`ThingName`
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
pub struct ThingName(::std::string::String);
impl ::std::ops::Deref for ThingName {
    type Target = ::std::string::String;
    fn deref(&self) -> &::std::string::String {
        &self.0
    }
}
impl ::std::convert::From<ThingName> for ::std::string::String {
    fn from(value: ThingName) -> Self {
        value.0
    }
}
impl ::std::str::FromStr for ThingName {
    type Err = self::error::ConversionError;
    fn from_str(
        value: &str,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        if value.chars().count() > 20usize {
            return Err("longer than 20 characters".into());
        }
        if value.chars().count() < 1usize {
            return Err("shorter than 1 characters".into());
        }
        static PATTERN: ::std::sync::LazyLock<::regress::Regex> = ::std::sync::LazyLock::new(||
        { ::regress::Regex::new("^[a-z]+$").unwrap() });
        if PATTERN.find(value).is_none() {
            return Err("doesn't match pattern \"^[a-z]+$\"".into());
        }
        Ok(Self(value.to_string()))
    }
}
impl ::std::convert::TryFrom<&str> for ThingName {
    type Error = self::error::ConversionError;
    fn try_from(
        value: &str,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        value.parse()
    }
}
impl ::std::convert::TryFrom<::std::string::String> for ThingName {
    type Error = self::error::ConversionError;
    fn try_from(
        value: ::std::string::String,
    ) -> ::std::result::Result<Self, self::error::ConversionError> {
        value.parse()
    }
}
impl<'de> ::serde::Deserialize<'de> for ThingName {
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
/// Generation of default values for serde.
pub mod defaults {
    pub(super) fn default_u64<T, const V: u64>() -> T
    where
        T: ::std::convert::TryFrom<u64>,
        <T as ::std::convert::TryFrom<u64>>::Error: ::std::fmt::Debug,
    {
        T::try_from(V).unwrap()
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
impl Circle {
    /** A `Circle` with the required fields; every optional one starts absent (or at its
 default). Build others as `Circle { field: value, ..Circle::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(kind: CircleKind, radius: f64) -> Self {
        Self { kind, radius }
    }
}
impl Named {
    /** A `Named` with the required fields; every optional one starts absent (or at its
 default). Build others as `Named { field: value, ..Named::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(label: ::std::string::String) -> Self {
        Self { label }
    }
}
impl Square {
    /** A `Square` with the required fields; every optional one starts absent (or at its
 default). Build others as `Square { field: value, ..Square::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(kind: SquareKind, side: f64) -> Self {
        Self { kind, side }
    }
}
impl Thing {
    /** A `Thing` with the required fields; every optional one starts absent (or at its
 default). Build others as `Thing { field: value, ..Thing::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(
        extra: ::std::collections::HashMap<::std::string::String, ::std::string::String>,
        name: ThingName,
        shape: Shape,
    ) -> Self {
        Self {
            extra,
            id: ::std::default::Default::default(),
            name,
            secret: ::std::default::Default::default(),
            count: defaults::default_u64::<i32, 1>(),
            ratio: ::std::default::Default::default(),
            created: ::std::default::Default::default(),
            day: ::std::default::Default::default(),
            blob: ::std::default::Default::default(),
            tags: ::std::default::Default::default(),
            level: ::std::default::Default::default(),
            mixed: ::std::default::Default::default(),
            shape,
            parent: ::std::default::Default::default(),
            either: ::std::default::Default::default(),
            notnull: ::std::default::Default::default(),
            merged: ::std::default::Default::default(),
        }
    }
}
impl ThingMerged {
    /** A `ThingMerged` with the required fields; every optional one starts absent (or at its
 default). Build others as `ThingMerged { field: value, ..ThingMerged::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(label: ::std::string::String) -> Self {
        Self {
            extra: ::std::default::Default::default(),
            label,
        }
    }
}
/// The operations of "Schemas" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    #[endpoint { method = POST, path = "/things", operation_id = "createThing", tags = [] }]
    async fn create_thing(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: dropshot::TypedBody<Thing>,
    ) -> ::std::result::Result<
        ::dropshot::HttpResponseCreated<Thing>,
        dropshot::HttpError,
    >;
}
/** Registers every operation of [`WidgetApi`] on `api`, each operationId after `prefix`, so one
 server can serve several documents whose operationIds overlap (dropshot cannot merge
 descriptions). The endpoints are hidden from `api`'s own OpenAPI output; the served
 document comes from `stub_api_description()`.*/
#[allow(unused_variables, unused_mut)]
pub fn register_widget_api<ServerImpl: WidgetApi>(
    api: &mut ::dropshot::ApiDescription<<ServerImpl as WidgetApi>::Context>,
    prefix: &str,
) -> ::std::result::Result<(), ::dropshot::ApiDescriptionRegisterError> {
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "createThing"),
                <ServerImpl as WidgetApi>::create_thing,
                ::http::Method::POST,
                "application/json",
                "/things",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
