// warning: #/components/schemas/Point/properties/at/prefixItems: a tuple is a `Vec` of any of its members in Rust (dropshot's OpenAPI 3.0 cannot describe a tuple); the body check enforces each position
// warning: #/components/schemas/Point/properties/tagged/prefixItems: a tuple is a `Vec` of any of its members in Rust (dropshot's OpenAPI 3.0 cannot describe a tuple); the body check enforces each position

/// `Point`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct Point {
    pub at: [f64; 2usize],
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tagged: Option<Vec<PointTaggedItem>>,
}

/// `PointTaggedItem`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
#[serde(untagged)]
pub enum PointTaggedItem {
    String(String),
    Integer(i64),
}

impl ::std::fmt::Display for PointTaggedItem {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::String(x) => x.fmt(f),
            Self::Integer(x) => x.fmt(f),
        }
    }
}

impl From<i64> for PointTaggedItem {
    fn from(value: i64) -> Self {
        Self::Integer(value)
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

impl Point {
    /// The required fields; the others absent (or their defaults): `..Point::new(…)`.
    pub fn new(at: [f64; 2usize]) -> Self {
        Self {
            at,
            tagged: Default::default(),
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
    Point, "Point", [],
    r#"{"type":"object","properties":{"at":{"x-json-schema":{"items":[{"type":"number"},{"type":"number"}],"additionalItems":false},"type":"array","items":{"type":"number"},"minItems":2,"maxItems":2},"tagged":{"x-json-schema":{"items":[{"type":"string"},{"type":"integer"}]},"type":"array","items":{"anyOf":[{"type":"string"},{"type":"integer"}]}}},"required":["at"]}"#
);

/// The operations of "Tuples" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    #[endpoint(method = POST, path = "/points", operation_id = "addPoint", tags = [])]
    async fn add_point(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: dropshot::TypedBody<Point>,
    ) -> Result<::dropshot::HttpResponseUpdatedNoContent, dropshot::HttpError>;
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
                format!("{prefix}{}", "addPoint"),
                <ServerImpl as WidgetApi>::add_point,
                ::http::Method::POST,
                "application/json",
                "/points",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
