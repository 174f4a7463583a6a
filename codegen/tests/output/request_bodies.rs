// warning: operation POST /text (postText) request body: dropshot has no typed body for `text/plain`; the body is raw bytes (`UntypedBody`, described as application/octet-stream)
// warning: operation POST /text (postText) request body: dropshot takes one media type per operation; served as `text/plain`, not as `application/xml`

/// `PatchJsonBody`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct PatchJsonBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "String")]
    pub a: Option<String>,
}

/// `PostFormBody`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct PostFormBody {
    pub user: String,
}

/// `PutJsonBody`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct PutJsonBody {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "String")]
    pub name: Option<String>,
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

impl PatchJsonBody {
    /// The required fields; the others absent (or their defaults): `..PatchJsonBody::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { a: Default::default() }
    }
}

impl PostFormBody {
    /// The required fields; the others absent (or their defaults): `..PostFormBody::new(…)`.
    pub fn new(user: String) -> Self {
        Self { user }
    }
}

impl PutJsonBody {
    /// The required fields; the others absent (or their defaults): `..PutJsonBody::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { name: Default::default() }
    }
}

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

/// The operations of "Bodies" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    #[endpoint(method = PUT, path = "/json", operation_id = "putJson", tags = [])]
    async fn put_json(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: dropshot::TypedBody<PutJsonBody>,
    ) -> Result<::dropshot::HttpResponseUpdatedNoContent, dropshot::HttpError>;
    #[endpoint(method = PATCH, path = "/json", operation_id = "patchJson", tags = [])]
    async fn patch_json(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: OptionalTypedBody<PatchJsonBody>,
    ) -> Result<::dropshot::HttpResponseUpdatedNoContent, dropshot::HttpError>;
    #[endpoint(
        method = POST,
        path = "/form",
        operation_id = "postForm",
        tags = [],
        content_type = "application/x-www-form-urlencoded",
    )]
    async fn post_form(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: ::dropshot::TypedBody<PostFormBody>,
    ) -> Result<::dropshot::HttpResponseUpdatedNoContent, dropshot::HttpError>;
    #[endpoint(
        method = POST,
        path = "/upload",
        operation_id = "upload",
        tags = [],
        content_type = "multipart/form-data",
    )]
    async fn upload(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: ::dropshot::MultipartBody,
    ) -> Result<::dropshot::HttpResponseUpdatedNoContent, dropshot::HttpError>;
    #[endpoint(method = POST, path = "/text", operation_id = "postText", tags = [])]
    async fn post_text(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: ::dropshot::UntypedBody,
    ) -> Result<::dropshot::HttpResponseUpdatedNoContent, dropshot::HttpError>;
    #[endpoint(method = POST, path = "/none", operation_id = "postNothing", tags = [])]
    async fn post_nothing(
        rqctx: ::dropshot::RequestContext<Self::Context>,
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
                format!("{prefix}{}", "putJson"),
                <ServerImpl as WidgetApi>::put_json,
                ::http::Method::PUT,
                "application/json",
                "/json",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "patchJson"),
                <ServerImpl as WidgetApi>::patch_json,
                ::http::Method::PATCH,
                "application/json",
                "/json",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "postForm"),
                <ServerImpl as WidgetApi>::post_form,
                ::http::Method::POST,
                "application/x-www-form-urlencoded",
                "/form",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "upload"),
                <ServerImpl as WidgetApi>::upload,
                ::http::Method::POST,
                "multipart/form-data",
                "/upload",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "postText"),
                <ServerImpl as WidgetApi>::post_text,
                ::http::Method::POST,
                "application/json",
                "/text",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "postNothing"),
                <ServerImpl as WidgetApi>::post_nothing,
                ::http::Method::POST,
                "application/json",
                "/none",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
