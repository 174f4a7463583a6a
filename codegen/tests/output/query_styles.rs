// warning: operation GET /points (findPoints): dropshot decodes query parameters as scalars; `shapes` (an array) is its raw string: its items are not scalars, which no query style writes

/// `Colour`
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
pub enum Colour {
    #[serde(rename = "red")]
    Red,
    #[serde(rename = "green")]
    Green,
    #[serde(rename = "blue")]
    Blue,
}

impl ::std::fmt::Display for Colour {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Red => f.write_str("red"),
            Self::Green => f.write_str("green"),
            Self::Blue => f.write_str("blue"),
        }
    }
}

impl ::std::str::FromStr for Colour {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "red" => Ok(Self::Red),
            "green" => Ok(Self::Green),
            "blue" => Ok(Self::Blue),
            _ => Err("invalid value".into()),
        }
    }
}

/// `FindPointsQuery`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct FindPointsQuery {
    pub point: FindPointsQueryPoint,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub size: Option<FindPointsQuerySize>,
    /// No style writes an array of objects.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub shapes: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub verbose: Option<bool>,
}

/// Its properties are the query's keys (`x=1.5&y=2`).
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct FindPointsQueryPoint {
    pub x: f64,
    pub y: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "bool")]
    pub exact: Option<bool>,
}

/// Property and value pairs in one value (`size=w,3,h,4`).
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct FindPointsQuerySize {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "i64")]
    pub w: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "i64")]
    pub h: Option<i64>,
}

/// `ListItemsQuery`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct ListItemsQuery {
    /// Items by id, the key repeated (`ids=1&ids=2`).
    pub ids: Vec<i64>,
    /// Tags, comma-separated (`tags=a,b`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colours: Option<Vec<Colour>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sizes: Option<Vec<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub filter: Option<ListItemsQueryFilter>,
    /// One value or several, FastAPI's `Union[str, List[str]]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub modes: Option<ListItemsQueryModes>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub limit: Option<::std::num::NonZeroU32>,
}

/// Which items (`filter[name]=x&filter[age]=3`).
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct ListItemsQueryFilter {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "String")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "i64")]
    pub age: Option<i64>,
}

/// One value or several, FastAPI's `Union[str, List[str]]`.
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
#[serde(untagged)]
pub enum ListItemsQueryModes {
    String(ListItemsQueryModesString),
    Array(Vec<ListItemsQueryModesArrayItem>),
}

impl From<ListItemsQueryModesString> for ListItemsQueryModes {
    fn from(value: ListItemsQueryModesString) -> Self {
        Self::String(value)
    }
}

impl From<Vec<ListItemsQueryModesArrayItem>> for ListItemsQueryModes {
    fn from(value: Vec<ListItemsQueryModesArrayItem>) -> Self {
        Self::Array(value)
    }
}

/// `ListItemsQueryModesArrayItem`
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
pub enum ListItemsQueryModesArrayItem {
    #[serde(rename = "fast")]
    Fast,
    #[serde(rename = "slow")]
    Slow,
}

impl ::std::fmt::Display for ListItemsQueryModesArrayItem {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Fast => f.write_str("fast"),
            Self::Slow => f.write_str("slow"),
        }
    }
}

impl ::std::str::FromStr for ListItemsQueryModesArrayItem {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "fast" => Ok(Self::Fast),
            "slow" => Ok(Self::Slow),
            _ => Err("invalid value".into()),
        }
    }
}

/// `ListItemsQueryModesString`
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
pub enum ListItemsQueryModesString {
    #[serde(rename = "fast")]
    Fast,
    #[serde(rename = "slow")]
    Slow,
}

impl ::std::fmt::Display for ListItemsQueryModesString {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Fast => f.write_str("fast"),
            Self::Slow => f.write_str("slow"),
        }
    }
}

impl ::std::str::FromStr for ListItemsQueryModesString {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "fast" => Ok(Self::Fast),
            "slow" => Ok(Self::Slow),
            _ => Err("invalid value".into()),
        }
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

impl FindPointsQuery {
    /// The required fields; the others absent (or their defaults): `..FindPointsQuery::new(…)`.
    pub fn new(point: FindPointsQueryPoint) -> Self {
        Self {
            point,
            size: Default::default(),
            shapes: Default::default(),
            verbose: Default::default(),
        }
    }
}

impl FindPointsQueryPoint {
    /// The required fields; the others absent (or their defaults): `..FindPointsQueryPoint::new(…)`.
    pub fn new(x: f64, y: f64) -> Self {
        Self {
            x,
            y,
            exact: Default::default(),
        }
    }
}

impl FindPointsQuerySize {
    /// The required fields; the others absent (or their defaults): `..FindPointsQuerySize::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            w: Default::default(),
            h: Default::default(),
        }
    }
}

impl ListItemsQuery {
    /// The required fields; the others absent (or their defaults): `..ListItemsQuery::new(…)`.
    pub fn new(ids: Vec<i64>) -> Self {
        Self {
            ids,
            tags: Default::default(),
            colours: Default::default(),
            sizes: Default::default(),
            filter: Default::default(),
            modes: Default::default(),
            limit: Default::default(),
        }
    }
}

impl ListItemsQueryFilter {
    /// The required fields; the others absent (or their defaults): `..ListItemsQueryFilter::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            name: Default::default(),
            age: Default::default(),
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
    Colour, "Colour", [], r#"{"type":"string","enum":["red","green","blue"]}"#
);

schema_as_written!(
    FindPointsQuery, "FindPointsQuery", [],
    r#"{"type":"object","properties":{"point":{"allOf":[{"type":"string"}],"description":"Its properties are the query's keys (`x=1.5&y=2`)."},"size":{"allOf":[{"type":"string"}],"description":"Property and value pairs in one value (`size=w,3,h,4`)."},"shapes":{"allOf":[{"type":"string"}],"description":"No style writes an array of objects."},"verbose":{"type":"boolean"}},"required":["point"]}"#
);

schema_as_written!(
    ListItemsQuery, "ListItemsQuery", [],
    r#"{"type":"object","properties":{"ids":{"allOf":[{"type":"string"}],"description":"Items by id, the key repeated (`ids=1&ids=2`)."},"tags":{"allOf":[{"type":"string"}],"description":"Tags, comma-separated (`tags=a,b`)."},"colours":{"type":"string"},"sizes":{"type":"string"},"filter":{"allOf":[{"type":"string"}],"description":"Which items (`filter[name]=x&filter[age]=3`)."},"modes":{"allOf":[{"type":"string"}],"description":"One value or several, FastAPI's `Union[str, List[str]]`."},"limit":{"type":"integer","format":"int32","minimum":1}},"required":["ids"]}"#
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

impl QueryParameters for ListItemsQuery {
    const PARAMETERS: &'static [QueryParameter] = &[
        QueryParameter {
            name: "ids",
            shape: QueryShape::Array {
                item: QueryScalar::Integer,
                delimiter: None,
            },
        },
        QueryParameter {
            name: "tags",
            shape: QueryShape::Array {
                item: QueryScalar::Text,
                delimiter: Some(','),
            },
        },
        QueryParameter {
            name: "colours",
            shape: QueryShape::Array {
                item: QueryScalar::OneOf(&["red", "green", "blue"]),
                delimiter: None,
            },
        },
        QueryParameter {
            name: "sizes",
            shape: QueryShape::Array {
                item: QueryScalar::Number,
                delimiter: Some('|'),
            },
        },
        QueryParameter {
            name: "filter",
            shape: QueryShape::DeepObject(
                &[("name", QueryScalar::Text), ("age", QueryScalar::Integer)],
            ),
        },
        QueryParameter {
            name: "modes",
            shape: QueryShape::Array {
                item: QueryScalar::OneOf(&["fast", "slow"]),
                delimiter: None,
            },
        },
        QueryParameter {
            name: "limit",
            shape: QueryShape::Scalar(QueryScalar::Integer),
        },
    ];
}

impl QueryParameters for FindPointsQuery {
    const PARAMETERS: &'static [QueryParameter] = &[
        QueryParameter {
            name: "point",
            shape: QueryShape::ExplodedObject(
                &[
                    ("x", QueryScalar::Number),
                    ("y", QueryScalar::Number),
                    ("exact", QueryScalar::Boolean),
                ],
            ),
        },
        QueryParameter {
            name: "size",
            shape: QueryShape::DelimitedObject(
                &[("w", QueryScalar::Integer), ("h", QueryScalar::Integer)],
            ),
        },
        QueryParameter {
            name: "shapes",
            shape: QueryShape::Scalar(QueryScalar::Text),
        },
        QueryParameter {
            name: "verbose",
            shape: QueryShape::Scalar(QueryScalar::Boolean),
        },
    ];
}

/// The operations of "Query styles" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    /// List items
    #[endpoint(method = GET, path = "/items", operation_id = "listItems", tags = [])]
    async fn list_items(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        query: StructuredQuery<ListItemsQuery>,
    ) -> Result<::dropshot::HttpResponseOk<String>, dropshot::HttpError>;
    #[endpoint(method = GET, path = "/points", operation_id = "findPoints", tags = [])]
    async fn find_points(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        query: StructuredQuery<FindPointsQuery>,
    ) -> Result<::dropshot::HttpResponseOk<String>, dropshot::HttpError>;
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
        r##"{"parameters":[{"path":"/items","method":"get","parameter":{"in":"query","name":"ids","description":"Items by id, the key repeated (`ids=1&ids=2`).","required":true,"schema":{"type":"array","items":{"type":"integer","format":"int64"}}}},{"path":"/items","method":"get","parameter":{"in":"query","name":"tags","description":"Tags, comma-separated (`tags=a,b`).","schema":{"type":"array","items":{"type":"string"}},"explode":false}},{"path":"/items","method":"get","parameter":{"in":"query","name":"colours","schema":{"type":"array","items":{"$ref":"#/components/schemas/Colour"}}}},{"path":"/items","method":"get","parameter":{"in":"query","name":"sizes","schema":{"type":"array","items":{"type":"number"}},"style":"pipeDelimited"}},{"path":"/items","method":"get","parameter":{"in":"query","name":"filter","description":"Which items (`filter[name]=x&filter[age]=3`).","schema":{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}}},"explode":true,"style":"deepObject"}},{"path":"/items","method":"get","parameter":{"in":"query","name":"modes","description":"One value or several, FastAPI's `Union[str, List[str]]`.","schema":{"anyOf":[{"type":"string","enum":["fast","slow"]},{"type":"array","items":{"type":"string","enum":["fast","slow"]}}]}}},{"path":"/points","method":"get","parameter":{"in":"query","name":"point","description":"Its properties are the query's keys (`x=1.5&y=2`).","required":true,"schema":{"type":"object","properties":{"x":{"type":"number"},"y":{"type":"number"},"exact":{"type":"boolean"}},"required":["x","y"]}}},{"path":"/points","method":"get","parameter":{"in":"query","name":"size","description":"Property and value pairs in one value (`size=w,3,h,4`).","schema":{"type":"object","properties":{"w":{"type":"integer"},"h":{"type":"integer"}}},"explode":false}}],"components":{"Colour":{"type":"string","enum":["red","green","blue"]}}}"##,
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
                format!("{prefix}{}", "listItems"),
                <ServerImpl as WidgetApi>::list_items,
                ::http::Method::GET,
                "application/json",
                "/items",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "findPoints"),
                <ServerImpl as WidgetApi>::find_points,
                ::http::Method::GET,
                "application/json",
                "/points",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
