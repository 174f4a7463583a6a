// warning: operation DELETE /ranged-empty (deleteRanged): dropshot describes one success status; `2XX` is served as 200
// warning: operation GET /default-only (getDefaultOnly): dropshot describes one success status; `default` is served as 200
// warning: operation GET /pdf (getPdf) response 200: dropshot has no typed response for `application/pdf`; the method returns `Response<Body>`
// warning: operation GET /ranged (getRanged): dropshot describes one success status; `2XX` is served as 200
// warning: operation POST /several-successes (postSeveral): 3 success responses are documented; the method returns `Response<Body>`, any status and body
// warning: operation PUT /negotiated (putNegotiated) request body: dropshot takes one media type per operation; served as `application/json`, not as `application/xml`, `application/x-www-form-urlencoded`
// warning: operation PUT /negotiated (putNegotiated) response 200: several media types; the response is served as JSON only

/// `Item`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct Item {
    pub id: String,
}

/// `Problem`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct Problem {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub message: Option<String>,
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

impl Item {
    /// The required fields; the others absent (or their defaults): `..Item::new(…)`.
    pub fn new(id: String) -> Self {
        Self { id }
    }
}

impl Problem {
    /// The required fields; the others absent (or their defaults): `..Problem::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            message: Default::default(),
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
    Item, "Item", [],
    r#"{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}"#
);

schema_as_written!(
    Problem, "Problem", [],
    r#"{"type":"object","properties":{"message":{"type":"string"}}}"#
);

/// The 200 response of `deleteRanged`.
pub struct DeleteRangedResponse200;

impl ::dropshot::HttpCodedResponse for DeleteRangedResponse200 {
    type Body = ::dropshot::FreeformBody;
    const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::OK;
    const DESCRIPTION: &'static str = "gone";
}

impl From<DeleteRangedResponse200>
for Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
    #[allow(unused_variables)]
    fn from(response: DeleteRangedResponse200) -> Self {
        <DeleteRangedResponse200 as ::dropshot::HttpCodedResponse>::for_object(
            ::dropshot::FreeformBody(::dropshot::Body::empty()),
        )
    }
}

/// The operations of "Response sets" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    #[endpoint(method = GET, path = "/ranged", operation_id = "getRanged", tags = [])]
    async fn get_ranged(
        rqctx: ::dropshot::RequestContext<Self::Context>,
    ) -> Result<::dropshot::HttpResponseOk<Item>, dropshot::HttpError>;
    #[endpoint(
        method = DELETE,
        path = "/ranged-empty",
        operation_id = "deleteRanged",
        tags = [],
    )]
    async fn delete_ranged(
        rqctx: ::dropshot::RequestContext<Self::Context>,
    ) -> Result<DeleteRangedResponse200, dropshot::HttpError>;
    #[endpoint(
        method = GET,
        path = "/default-only",
        operation_id = "getDefaultOnly",
        tags = [],
    )]
    async fn get_default_only(
        rqctx: ::dropshot::RequestContext<Self::Context>,
    ) -> Result<::dropshot::HttpResponseOk<Item>, dropshot::HttpError>;
    #[endpoint(
        method = GET,
        path = "/errors",
        operation_id = "getWithErrors",
        tags = [],
    )]
    async fn get_with_errors(
        rqctx: ::dropshot::RequestContext<Self::Context>,
    ) -> Result<::dropshot::HttpResponseOk<Item>, dropshot::HttpError>;
    #[endpoint(
        method = POST,
        path = "/several-successes",
        operation_id = "postSeveral",
        tags = [],
    )]
    async fn post_several(
        rqctx: ::dropshot::RequestContext<Self::Context>,
    ) -> Result<::http::Response<::dropshot::Body>, dropshot::HttpError>;
    #[endpoint(method = GET, path = "/pdf", operation_id = "getPdf", tags = [])]
    async fn get_pdf(
        rqctx: ::dropshot::RequestContext<Self::Context>,
    ) -> Result<::http::Response<::dropshot::Body>, dropshot::HttpError>;
    #[endpoint(
        method = PUT,
        path = "/negotiated",
        operation_id = "putNegotiated",
        tags = [],
    )]
    async fn put_negotiated(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: dropshot::TypedBody<Item>,
    ) -> Result<::dropshot::HttpResponseOk<Item>, dropshot::HttpError>;
    #[endpoint(
        method = POST,
        path = "/any-media",
        operation_id = "postAnyMedia",
        tags = [],
    )]
    async fn post_any_media(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: ::dropshot::UntypedBody,
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
                format!("{prefix}{}", "getRanged"),
                <ServerImpl as WidgetApi>::get_ranged,
                ::http::Method::GET,
                "application/json",
                "/ranged",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "deleteRanged"),
                <ServerImpl as WidgetApi>::delete_ranged,
                ::http::Method::DELETE,
                "application/json",
                "/ranged-empty",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getDefaultOnly"),
                <ServerImpl as WidgetApi>::get_default_only,
                ::http::Method::GET,
                "application/json",
                "/default-only",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getWithErrors"),
                <ServerImpl as WidgetApi>::get_with_errors,
                ::http::Method::GET,
                "application/json",
                "/errors",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "postSeveral"),
                <ServerImpl as WidgetApi>::post_several,
                ::http::Method::POST,
                "application/json",
                "/several-successes",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getPdf"),
                <ServerImpl as WidgetApi>::get_pdf,
                ::http::Method::GET,
                "application/json",
                "/pdf",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "putNegotiated"),
                <ServerImpl as WidgetApi>::put_negotiated,
                ::http::Method::PUT,
                "application/json",
                "/negotiated",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "postAnyMedia"),
                <ServerImpl as WidgetApi>::post_any_media,
                ::http::Method::POST,
                "application/json",
                "/any-media",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
