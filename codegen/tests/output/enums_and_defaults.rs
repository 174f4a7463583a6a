// warning: components.schemas.Settings.mixed: typify cannot express this schema; it is any JSON value (`serde_json::Value`)

/// `Settings`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct Settings {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub level: Option<SettingsLevel>,
    #[serde(default = "defaults::settings_mode")]
    pub mode: SettingsMode,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub mixed: Option<::serde_json::Value>,
    #[serde(default = "defaults::default_u64::<i64, 3>")]
    pub retries: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub secret: Option<String>,
    #[serde(flatten)]
    pub extra: ::std::collections::HashMap<String, String>,
}

/// `SettingsLevel`
#[derive(::serde::Serialize, Clone, Debug, PartialEq)]
#[serde(transparent)]
pub struct SettingsLevel(i64);

impl ::std::ops::Deref for SettingsLevel {
    type Target = i64;
    fn deref(&self) -> &i64 {
        &self.0
    }
}

impl From<SettingsLevel> for i64 {
    fn from(value: SettingsLevel) -> Self {
        value.0
    }
}

impl TryFrom<i64> for SettingsLevel {
    type Error = self::error::ConversionError;
    fn try_from(value: i64) -> Result<Self, self::error::ConversionError> {
        if ![1_i64, 2_i64, 3_i64].contains(&value) {
            Err("invalid value".into())
        } else {
            Ok(Self(value))
        }
    }
}

impl<'de> ::serde::Deserialize<'de> for SettingsLevel {
    fn deserialize<D>(deserializer: D) -> Result<Self, D::Error>
    where
        D: ::serde::Deserializer<'de>,
    {
        Self::try_from(<i64>::deserialize(deserializer)?)
            .map_err(|e| { <D::Error as ::serde::de::Error>::custom(e.to_string()) })
    }
}

impl ::schemars::JsonSchema for SettingsLevel {
    fn schema_name() -> String {
        "SettingsLevel".to_string()
    }
    fn json_schema(
        r#gen: &mut ::schemars::r#gen::SchemaGenerator,
    ) -> ::schemars::schema::Schema {
        let mut schema = <i64 as ::schemars::JsonSchema>::json_schema(r#gen)
            .into_object();
        schema.enum_values = Option::Some(
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

/// `SettingsMode`
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
pub enum SettingsMode {
    #[serde(rename = "fast")]
    Fast,
    #[serde(rename = "safe")]
    Safe,
}

impl ::std::fmt::Display for SettingsMode {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Fast => f.write_str("fast"),
            Self::Safe => f.write_str("safe"),
        }
    }
}

impl ::std::str::FromStr for SettingsMode {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "fast" => Ok(Self::Fast),
            "safe" => Ok(Self::Safe),
            _ => Err("invalid value".into()),
        }
    }
}

impl Default for SettingsMode {
    fn default() -> Self {
        SettingsMode::Safe
    }
}

/// Generation of default values for serde.
pub mod defaults {
    pub(super) fn default_u64<T, const V: u64>() -> T
    where
        T: TryFrom<u64>,
        <T as TryFrom<u64>>::Error: ::std::fmt::Debug,
    {
        T::try_from(V).unwrap()
    }
    pub(super) fn settings_mode() -> super::SettingsMode {
        super::SettingsMode::Safe
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

impl Settings {
    /// The required fields; the others absent (or their defaults): `..Settings::new(…)`.
    pub fn new(extra: ::std::collections::HashMap<String, String>) -> Self {
        Self {
            extra,
            level: Default::default(),
            mode: defaults::settings_mode(),
            mixed: Default::default(),
            retries: defaults::default_u64::<i64, 3>(),
            id: Default::default(),
            secret: Default::default(),
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
    Settings, "Settings", [],
    r#"{"type":"object","properties":{"level":{"type":"integer","enum":[1,2,3]},"mode":{"default":"safe","type":"string","enum":["fast","safe"]},"mixed":{"enum":["a",1,true]},"retries":{"default":3,"type":"integer"},"id":{"readOnly":true,"type":"string"},"secret":{"writeOnly":true,"type":"string"}},"additionalProperties":{"type":"string"}}"#
);

/// The operations of "Enums" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    #[endpoint(method = POST, path = "/echo", operation_id = "echo", tags = [])]
    async fn echo(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: dropshot::TypedBody<Settings>,
    ) -> Result<::dropshot::HttpResponseOk<Settings>, dropshot::HttpError>;
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
