
/// `Label`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct Label {
    #[serde(deserialize_with = "Option::deserialize")]
    pub name: Option<LabelName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub weight: Option<LabelWeight>,
    pub kind: LabelKind,
    #[serde(deserialize_with = "Option::deserialize")]
    pub colour: Option<LabelColour>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<Box<Label>>,
}

/// `LabelColour`
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
pub enum LabelColour {
    #[serde(rename = "red")]
    Red,
    #[serde(rename = "blue")]
    Blue,
}

impl ::std::fmt::Display for LabelColour {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Red => f.write_str("red"),
            Self::Blue => f.write_str("blue"),
        }
    }
}

impl ::std::str::FromStr for LabelColour {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "red" => Ok(Self::Red),
            "blue" => Ok(Self::Blue),
            _ => Err("invalid value".into()),
        }
    }
}

/// `LabelKind`
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
pub enum LabelKind {
    #[serde(rename = "label")]
    Label,
}

impl ::std::fmt::Display for LabelKind {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Label => f.write_str("label"),
        }
    }
}

impl ::std::str::FromStr for LabelKind {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "label" => Ok(Self::Label),
            _ => Err("invalid value".into()),
        }
    }
}

/// `LabelName`
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
pub struct LabelName(String);

impl ::std::ops::Deref for LabelName {
    type Target = String;
    fn deref(&self) -> &String {
        &self.0
    }
}

impl From<LabelName> for String {
    fn from(value: LabelName) -> Self {
        value.0
    }
}

impl ::std::str::FromStr for LabelName {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        if value.chars().count() > 20usize {
            return Err("longer than 20 characters".into());
        }
        Ok(Self(value.to_string()))
    }
}

impl<'de> ::serde::Deserialize<'de> for LabelName {
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

/// `LabelWeight`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
#[serde(untagged)]
pub enum LabelWeight {
    Integer(u64),
    String(LabelWeightString),
}

impl ::std::fmt::Display for LabelWeight {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::Integer(x) => x.fmt(f),
            Self::String(x) => x.fmt(f),
        }
    }
}

impl ::std::str::FromStr for LabelWeight {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        if let Ok(v) = value.parse() {
            Ok(Self::Integer(v))
        } else if let Ok(v) = value.parse() {
            Ok(Self::String(v))
        } else {
            Err("string conversion failed for all variants".into())
        }
    }
}

impl From<u64> for LabelWeight {
    fn from(value: u64) -> Self {
        Self::Integer(value)
    }
}

impl From<LabelWeightString> for LabelWeight {
    fn from(value: LabelWeightString) -> Self {
        Self::String(value)
    }
}

/// `LabelWeightString`
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
pub struct LabelWeightString(String);

impl ::std::ops::Deref for LabelWeightString {
    type Target = String;
    fn deref(&self) -> &String {
        &self.0
    }
}

impl From<LabelWeightString> for String {
    fn from(value: LabelWeightString) -> Self {
        value.0
    }
}

impl ::std::str::FromStr for LabelWeightString {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        if value.chars().count() > 3usize {
            return Err("longer than 3 characters".into());
        }
        Ok(Self(value.to_string()))
    }
}

impl<'de> ::serde::Deserialize<'de> for LabelWeightString {
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

impl Label {
    /// The required fields; the others absent (or their defaults): `..Label::new(…)`.
    pub fn new(
        name: Option<LabelName>,
        kind: LabelKind,
        colour: Option<LabelColour>,
    ) -> Self {
        Self {
            name,
            weight: Default::default(),
            kind,
            colour,
            parent: Default::default(),
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

fn subschema<T: ::schemars::JsonSchema>(
    generator: &mut ::schemars::r#gen::SchemaGenerator,
) {
    let _ = generator.subschema_for::<T>();
}

schema_as_written!(
    Label, "Label", [Label],
    r##"{"type":"object","properties":{"name":{"nullable":true,"example":"urgent","type":"string","maxLength":20},"weight":{"anyOf":[{"type":"integer","minimum":0},{"type":"string","maxLength":3}]},"kind":{"enum":["label"],"type":"string"},"colour":{"nullable":true,"type":"string","enum":["red","blue",null]},"parent":{"nullable":true,"allOf":[{"$ref":"#/components/schemas/Label"}]}},"required":["name","kind","colour"]}"##
);

/// The operations of "TypeArrays" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    #[endpoint(method = POST, path = "/labels", operation_id = "putLabel", tags = [])]
    async fn put_label(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: dropshot::TypedBody<Label>,
    ) -> Result<::dropshot::HttpResponseOk<Label>, dropshot::HttpError>;
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
                format!("{prefix}{}", "putLabel"),
                <ServerImpl as WidgetApi>::put_label,
                ::http::Method::POST,
                "application/json",
                "/labels",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
