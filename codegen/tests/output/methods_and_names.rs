// warning: TRACE /items/{id}: dropshot does not route TRACE; the operation is left out of the trait

/// `GetItemsByIdPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct GetItemsByIdPath {
    pub id: String,
}

/// `HeadItemsByIdPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct HeadItemsByIdPath {
    pub id: String,
}

/// `ItemOptionsPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct ItemOptionsPath {
    pub id: String,
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

impl GetItemsByIdPath {
    /// The required fields; the others absent (or their defaults): `..GetItemsByIdPath::new(…)`.
    pub fn new(id: String) -> Self {
        Self { id }
    }
}

impl HeadItemsByIdPath {
    /// The required fields; the others absent (or their defaults): `..HeadItemsByIdPath::new(…)`.
    pub fn new(id: String) -> Self {
        Self { id }
    }
}

impl ItemOptionsPath {
    /// The required fields; the others absent (or their defaults): `..ItemOptionsPath::new(…)`.
    pub fn new(id: String) -> Self {
        Self { id }
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
    GetItemsByIdPath, "GetItemsByIdPath", [],
    r#"{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}"#
);

schema_as_written!(
    HeadItemsByIdPath, "HeadItemsByIdPath", [],
    r#"{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}"#
);

schema_as_written!(
    ItemOptionsPath, "ItemOptionsPath", [],
    r#"{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}"#
);

/// The 200 response of `get_items_by_id`.
pub struct GetItemsByIdResponse200;

impl ::dropshot::HttpCodedResponse for GetItemsByIdResponse200 {
    type Body = ::dropshot::FreeformBody;
    const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::OK;
    const DESCRIPTION: &'static str = "ok";
}

impl From<GetItemsByIdResponse200>
for Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
    #[allow(unused_variables)]
    fn from(response: GetItemsByIdResponse200) -> Self {
        <GetItemsByIdResponse200 as ::dropshot::HttpCodedResponse>::for_object(
            ::dropshot::FreeformBody(::dropshot::Body::empty()),
        )
    }
}

/// The 200 response of `head_items_by_id`.
pub struct HeadItemsByIdResponse200;

impl ::dropshot::HttpCodedResponse for HeadItemsByIdResponse200 {
    type Body = ::dropshot::FreeformBody;
    const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::OK;
    const DESCRIPTION: &'static str = "exists";
}

impl From<HeadItemsByIdResponse200>
for Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
    #[allow(unused_variables)]
    fn from(response: HeadItemsByIdResponse200) -> Self {
        <HeadItemsByIdResponse200 as ::dropshot::HttpCodedResponse>::for_object(
            ::dropshot::FreeformBody(::dropshot::Body::empty()),
        )
    }
}

/// The operations of "Methods" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    #[endpoint(
        method = GET,
        path = "/items/{id}",
        operation_id = "get_items_by_id",
        tags = [],
    )]
    async fn get_items_by_id(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<GetItemsByIdPath>,
    ) -> Result<GetItemsByIdResponse200, dropshot::HttpError>;
    #[endpoint(
        method = OPTIONS,
        path = "/items/{id}",
        operation_id = "itemOptions",
        tags = [],
    )]
    async fn item_options(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<ItemOptionsPath>,
    ) -> Result<::dropshot::HttpResponseUpdatedNoContent, dropshot::HttpError>;
    #[endpoint(
        method = HEAD,
        path = "/items/{id}",
        operation_id = "head_items_by_id",
        tags = [],
    )]
    async fn head_items_by_id(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<HeadItemsByIdPath>,
    ) -> Result<HeadItemsByIdResponse200, dropshot::HttpError>;
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
                format!("{prefix}{}", "get_items_by_id"),
                <ServerImpl as WidgetApi>::get_items_by_id,
                ::http::Method::GET,
                "application/json",
                "/items/{id}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "itemOptions"),
                <ServerImpl as WidgetApi>::item_options,
                ::http::Method::OPTIONS,
                "application/json",
                "/items/{id}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "head_items_by_id"),
                <ServerImpl as WidgetApi>::head_items_by_id,
                ::http::Method::HEAD,
                "application/json",
                "/items/{id}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
