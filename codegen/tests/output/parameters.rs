// warning: operation GET /things/{thingId} (getThing): dropshot decodes query parameters as scalars; `filter` (an object) is its raw string: it is described by `content`
// warning: operation GET /things/{thingId} (getThing): dropshot has no cookie extractor; the cookie `session` is not in the method's signature (read it from `rqctx.request.headers()`)
// warning: operation GET /things/{thingId} (getThing): parameter `external_id` is a scalar whose schema also has `properties`, `required`; dropshot refuses that, so the served schema leaves it out
// warning: operation GET /things/{thingId} (getThing): parameter `filter` is described by `content`; dropshot decodes it as a plain value of the media type's schema

/// `GetThingPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct GetThingPath {
    #[serde(rename = "thingId")]
    pub thing_id: String,
}

/// `GetThingQuery`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct GetThingQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub fields: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub limit: Option<::std::num::NonZeroU64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub filter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub owner: Option<NameOrId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub size: Option<GetThingQuerySize>,
    /// A string whose schema also describes an object (as Intercom's does)
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub external_id: Option<String>,
}

/// `GetThingQuerySize`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
#[serde(untagged)]
pub enum GetThingQuerySize {
    Integer(i64),
    String(GetThingQuerySizeString),
}

impl ::std::fmt::Display for GetThingQuerySize {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::Integer(x) => x.fmt(f),
            Self::String(x) => x.fmt(f),
        }
    }
}

impl ::std::str::FromStr for GetThingQuerySize {
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

impl From<i64> for GetThingQuerySize {
    fn from(value: i64) -> Self {
        Self::Integer(value)
    }
}

impl From<GetThingQuerySizeString> for GetThingQuerySize {
    fn from(value: GetThingQuerySizeString) -> Self {
        Self::String(value)
    }
}

/// `GetThingQuerySizeString`
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
pub enum GetThingQuerySizeString {
    #[serde(rename = "small")]
    Small,
    #[serde(rename = "large")]
    Large,
}

impl ::std::fmt::Display for GetThingQuerySizeString {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Small => f.write_str("small"),
            Self::Large => f.write_str("large"),
        }
    }
}

impl ::std::str::FromStr for GetThingQuerySizeString {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "small" => Ok(Self::Small),
            "large" => Ok(Self::Large),
            _ => Err("invalid value".into()),
        }
    }
}

/// `NameOrId`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
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
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        if let Ok(v) = value.parse() {
            Ok(Self::String(v))
        } else if let Ok(v) = value.parse() {
            Ok(Self::Uuid(v))
        } else {
            Err("string conversion failed for all variants".into())
        }
    }
}

impl From<NameOrIdString> for NameOrId {
    fn from(value: NameOrIdString) -> Self {
        Self::String(value)
    }
}

impl From<::uuid::Uuid> for NameOrId {
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
pub struct NameOrIdString(String);

impl ::std::ops::Deref for NameOrIdString {
    type Target = String;
    fn deref(&self) -> &String {
        &self.0
    }
}

impl From<NameOrIdString> for String {
    fn from(value: NameOrIdString) -> Self {
        value.0
    }
}

impl ::std::str::FromStr for NameOrIdString {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        static PATTERN: ::std::sync::LazyLock<::regress::Regex> = ::std::sync::LazyLock::new(||
        { ::regress::Regex::new("^[a-z][a-z0-9-]*$").unwrap() });
        if PATTERN.find(value).is_none() {
            return Err("doesn't match pattern \"^[a-z][a-z0-9-]*$\"".into());
        }
        Ok(Self(value.to_string()))
    }
}

impl<'de> ::serde::Deserialize<'de> for NameOrIdString {
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

/// `RequestHeaders`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct RequestHeaders {
    #[serde(rename = "X-Tenant")]
    pub x_tenant: String,
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
    /// The required fields; the others absent (or their defaults): `..GetThingPath::new(…)`.
    pub fn new(thing_id: String) -> Self {
        Self { thing_id }
    }
}

impl GetThingQuery {
    /// The required fields; the others absent (or their defaults): `..GetThingQuery::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            fields: Default::default(),
            limit: Default::default(),
            filter: Default::default(),
            ids: Default::default(),
            owner: Default::default(),
            size: Default::default(),
            external_id: Default::default(),
        }
    }
}

impl RequestHeaders {
    /// The required fields; the others absent (or their defaults): `..RequestHeaders::new(…)`.
    pub fn new(x_tenant: String) -> Self {
        Self { x_tenant }
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
    GetThingPath, "GetThingPath", [],
    r#"{"type":"object","properties":{"thingId":{"type":"string"}},"required":["thingId"]}"#
);

schema_as_written!(
    GetThingQuery, "GetThingQuery", [NameOrId],
    r##"{"type":"object","properties":{"fields":{"type":"string"},"limit":{"type":"integer","minimum":1},"filter":{"type":"string"},"ids":{"type":"string"},"owner":{"$ref":"#/components/schemas/NameOrId"},"size":{"oneOf":[{"type":"integer"},{"type":"string","enum":["small","large"]}]},"external_id":{"allOf":[{"type":"string"}],"description":"A string whose schema also describes an object (as Intercom's does)"}},"required":[]}"##
);

schema_as_written!(
    NameOrId, "NameOrId", [],
    r#"{"oneOf":[{"type":"string","pattern":"^[a-z][a-z0-9-]*$"},{"type":"string","format":"uuid"}]}"#
);

schema_as_written!(
    RequestHeaders, "RequestHeaders", [],
    r#"{"type":"object","properties":{"X-Tenant":{"type":"string"}},"required":["X-Tenant"]}"#
);

/// How a query parameter's text becomes its value.
#[derive(Debug, Clone, Copy)]
pub enum QueryScalar {
    Text,
    Integer,
    Number,
    Boolean,
    /// One of the document's strings (an enum).
    OneOf(&'static [&'static str]),
}

/// How a query parameter is written (OpenAPI's `style` and `explode`).
#[derive(Debug, Clone, Copy)]
pub enum QueryShape {
    /// `name=value`.
    Scalar(QueryScalar),
    /// `name=1&name=2` (exploded, `delimiter: None`), or `name=1,2` split on the
    /// delimiter (`,` form, ` ` spaceDelimited, `|` pipeDelimited).
    Array { item: QueryScalar, delimiter: Option<char> },
    /// `name[property]=value` (deepObject).
    DeepObject(&'static [(&'static str, QueryScalar)]),
    /// `property=value`, each property its own key (form, exploded).
    ExplodedObject(&'static [(&'static str, QueryScalar)]),
    /// `name=property,value,…` (form, not exploded).
    DelimitedObject(&'static [(&'static str, QueryScalar)]),
}

/// One query parameter of a type [`StructuredQuery`] reads.
#[derive(Debug, Clone, Copy)]
pub struct QueryParameter {
    pub name: &'static str,
    pub shape: QueryShape,
}

/// The query parameters of a type [`StructuredQuery`] reads, generated beside it.
pub trait QueryParameters {
    const PARAMETERS: &'static [QueryParameter];
}

/// Query parameters among which arrays or objects, read as the document writes
/// them: dropshot's `Query` decodes scalars only. Described to dropshot as
/// `Query<T>`, each array or object a string (dropshot refuses other schemas),
/// which `served_openapi` replaces with the document's parameter.
pub struct StructuredQuery<T>(pub T);

impl<T> StructuredQuery<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

#[::async_trait::async_trait]
impl<T> ::dropshot::SharedExtractor for StructuredQuery<T>
where
    T: QueryParameters + ::schemars::JsonSchema + ::serde::de::DeserializeOwned + Send
        + Sync + 'static,
{
    async fn from_request<Context: ::dropshot::ServerContext>(
        rqctx: &::dropshot::RequestContext<Context>,
    ) -> Result<Self, ::dropshot::HttpError> {
        let pairs = <::dropshot::Query<
            Vec<(String, String)>,
        > as ::dropshot::SharedExtractor>::from_request(rqctx)
            .await?
            .into_inner();
        let value = structured_query_value(T::PARAMETERS, &pairs)?;
        ::serde_json::from_value(value)
            .map(StructuredQuery)
            .map_err(|error| ::dropshot::HttpError::for_bad_request(
                None,
                format!("unable to parse query string: {error}"),
            ))
    }
    fn metadata(
        content_type: ::dropshot::ApiEndpointBodyContentType,
    ) -> ::dropshot::ExtractorMetadata {
        <::dropshot::Query<T> as ::dropshot::SharedExtractor>::metadata(content_type)
    }
}

/// The query as a JSON object of `parameters`, each text parsed as its schema
/// says, from dropshot's own decoding of the query into pairs (repeated keys
/// kept). Written out here: no crate reads OpenAPI's styles. A delimited array's
/// empty value (`ids=`) is no item, not one empty item.
fn structured_query_value(
    parameters: &[QueryParameter],
    pairs: &[(String, String)],
) -> Result<::serde_json::Value, ::dropshot::HttpError> {
    let first = |key: &str| {
        pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    };
    let mut object = ::serde_json::Map::new();
    for parameter in parameters {
        let name = parameter.name;
        let value = match parameter.shape {
            QueryShape::Scalar(kind) => {
                match first(name) {
                    Some(text) => query_scalar(name, kind, text)?,
                    None => continue,
                }
            }
            QueryShape::Array { item, delimiter } => {
                let texts: Vec<&str> = pairs
                    .iter()
                    .filter(|(k, _)| k == name)
                    .map(|(_, v)| v.as_str())
                    .collect();
                if texts.is_empty() {
                    continue;
                }
                let mut items = Vec::new();
                for text in texts {
                    match delimiter {
                        Some(_) if text.is_empty() => {}
                        Some(delimiter) => {
                            for part in text.split(delimiter) {
                                items.push(query_scalar(name, item, part)?);
                            }
                        }
                        None => items.push(query_scalar(name, item, text)?),
                    }
                }
                ::serde_json::Value::Array(items)
            }
            QueryShape::DeepObject(properties)
            | QueryShape::ExplodedObject(properties) => {
                let mut fields = ::serde_json::Map::new();
                for (property, kind) in properties {
                    let key = match parameter.shape {
                        QueryShape::DeepObject(_) => format!("{name}[{property}]"),
                        _ => property.to_string(),
                    };
                    if let Some(text) = first(&key) {
                        fields
                            .insert(
                                property.to_string(),
                                query_scalar(&key, *kind, text)?,
                            );
                    }
                }
                if fields.is_empty() {
                    continue;
                }
                ::serde_json::Value::Object(fields)
            }
            QueryShape::DelimitedObject(properties) => {
                let Some(text) = first(name) else {
                    continue;
                };
                let parts: Vec<&str> = text.split(',').collect();
                let pairs = parts.chunks_exact(2);
                if !pairs.remainder().is_empty() {
                    return Err(
                        ::dropshot::HttpError::for_bad_request(
                            None,
                            format!(
                                "query parameter `{name}`: `{text}` is not property,value pairs"
                            ),
                        ),
                    );
                }
                let mut fields = ::serde_json::Map::new();
                for pair in pairs {
                    if let Some((property, kind)) = properties
                        .iter()
                        .find(|(p, _)| *p == pair[0])
                    {
                        let key = format!("{name}.{property}");
                        fields
                            .insert(
                                property.to_string(),
                                query_scalar(&key, *kind, pair[1])?,
                            );
                    }
                }
                ::serde_json::Value::Object(fields)
            }
        };
        object.insert(name.to_string(), value);
    }
    Ok(::serde_json::Value::Object(object))
}

/// One text as the JSON value its schema says, or a 400 naming the parameter.
fn query_scalar(
    name: &str,
    kind: QueryScalar,
    text: &str,
) -> Result<::serde_json::Value, ::dropshot::HttpError> {
    let parsed = match kind {
        QueryScalar::Text => Some(::serde_json::Value::from(text)),
        QueryScalar::Integer => {
            text.parse::<i64>()
                .map(::serde_json::Value::from)
                .or_else(|_| text.parse::<u64>().map(::serde_json::Value::from))
                .ok()
        }
        QueryScalar::Number => {
            text.parse::<f64>()
                .ok()
                .and_then(::serde_json::Number::from_f64)
                .map(::serde_json::Value::Number)
        }
        QueryScalar::Boolean => text.parse::<bool>().ok().map(::serde_json::Value::Bool),
        QueryScalar::OneOf(values) => {
            values.contains(&text).then(|| ::serde_json::Value::from(text))
        }
    };
    parsed
        .ok_or_else(|| {
            let expected = match kind {
                QueryScalar::Text => "text".to_string(),
                QueryScalar::Integer => "an integer".to_string(),
                QueryScalar::Number => "a number".to_string(),
                QueryScalar::Boolean => "`true` or `false`".to_string(),
                QueryScalar::OneOf(values) => format!("one of `{}`", values.join("`, `")),
            };
            ::dropshot::HttpError::for_bad_request(
                None,
                format!("query parameter `{name}`: `{text}` is not {expected}"),
            )
        })
}

/// Puts each structured query parameter back as the document writes it, and the
/// component schemas it refers to where dropshot's document has none.
fn written_query_parameters(
    document: &mut ::serde_json::Value,
    written: &str,
) -> Result<(), String> {
    let written: ::serde_json::Value = ::serde_json::from_str(written)
        .map_err(|error| error.to_string())?;
    for entry in written["parameters"].as_array().into_iter().flatten() {
        let path = entry["path"]
            .as_str()
            .unwrap_or_default()
            .replace('~', "~0")
            .replace('/', "~1");
        let pointer = format!(
            "/paths/{path}/{}/parameters", entry["method"].as_str().unwrap_or_default()
        );
        let parameter = &entry["parameter"];
        for served in document
            .pointer_mut(&pointer)
            .and_then(::serde_json::Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            if served["in"] == "query" && served["name"] == parameter["name"] {
                *served = parameter.clone();
            }
        }
    }
    if let Some(components) = written["components"].as_object().filter(|c| !c.is_empty())
        && let Some(document) = document.as_object_mut()
    {
        let schemas = document
            .entry("components")
            .or_insert_with(|| ::serde_json::json!({}))
            .as_object_mut()
            .map(|c| c.entry("schemas").or_insert_with(|| ::serde_json::json!({})));
        if let Some(schemas) = schemas.and_then(::serde_json::Value::as_object_mut) {
            for (name, schema) in components {
                schemas.entry(name.clone()).or_insert_with(|| schema.clone());
            }
        }
    }
    Ok(())
}

impl QueryParameters for GetThingQuery {
    const PARAMETERS: &'static [QueryParameter] = &[
        QueryParameter {
            name: "fields",
            shape: QueryShape::Scalar(QueryScalar::Text),
        },
        QueryParameter {
            name: "limit",
            shape: QueryShape::Scalar(QueryScalar::Integer),
        },
        QueryParameter {
            name: "filter",
            shape: QueryShape::Scalar(QueryScalar::Text),
        },
        QueryParameter {
            name: "ids",
            shape: QueryShape::Array {
                item: QueryScalar::Text,
                delimiter: None,
            },
        },
        QueryParameter {
            name: "owner",
            shape: QueryShape::Scalar(QueryScalar::Text),
        },
        QueryParameter {
            name: "size",
            shape: QueryShape::Scalar(QueryScalar::Text),
        },
        QueryParameter {
            name: "external_id",
            shape: QueryShape::Scalar(QueryScalar::Text),
        },
    ];
}

/// The 200 response of `getThing`.
pub struct GetThingResponse200;

impl ::dropshot::HttpCodedResponse for GetThingResponse200 {
    type Body = ::dropshot::FreeformBody;
    const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::OK;
    const DESCRIPTION: &'static str = "ok";
}

impl From<GetThingResponse200>
for Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
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
    #[endpoint(
        method = GET,
        path = "/things/{thingId}",
        operation_id = "getThing",
        tags = [],
    )]
    async fn get_thing(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<GetThingPath>,
        headers: ::dropshot::Header<RequestHeaders>,
        query: StructuredQuery<GetThingQuery>,
    ) -> Result<GetThingResponse200, dropshot::HttpError>;
}

/// The OpenAPI document [`WidgetApi`] serves (`stub_api_description()`'s).
/// Each array or object query parameter is listed as the document writes it (dropshot
/// knows it as a string).
pub fn served_openapi(
    title: &str,
    version: ::dropshot::semver::Version,
) -> Result<::serde_json::Value, String> {
    let description = widget_api_mod::stub_api_description()
        .map_err(|error| error.to_string())?;
    let mut document = description
        .openapi(title, version)
        .json()
        .map_err(|error| error.to_string())?;
    written_query_parameters(
        &mut document,
        r#"{"parameters":[{"path":"/things/{thingId}","method":"get","parameter":{"in":"query","name":"ids","schema":{"type":"array","items":{"type":"string"}}}}],"components":{}}"#,
    )?;
    Ok(document)
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
