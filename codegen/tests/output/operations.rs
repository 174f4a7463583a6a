// warning: operation GET /items/search (searchItems): dropshot cannot route the literal segment `search` where another path has the variable `{itemId}`; the operation is left out of the trait
// warning: operation GET /items/{itemId} (get_items_by_item_id): dropshot decodes query parameters as scalars; `filter` (an object) is its raw string
// warning: operation GET /items/{itemId} (get_items_by_item_id): dropshot has no cookie extractor; the cookie `session` is not in the method's signature (read it from `rqctx.request.headers()`)
// warning: operation GET /items/{itemId} (get_items_by_item_id): parameter `filter` is described by `content`; dropshot decodes it as a plain value of the media type's schema
// warning: operation POST /items/{id}/photos (uploadPhoto): dropshot needs one name per path position; `{id}` is served as `{itemId}`
// warning: operation POST /items/{itemId}/notes (addNote) request body: dropshot has no typed body for `text/plain`; the body is raw bytes (`UntypedBody`, described as application/octet-stream)
// warning: operation POST /items/{itemId}/notes (addNote) request body: dropshot takes one media type per operation; served as `text/plain`, not as `application/xml`
// warning: operation POST /items/{itemId}/notes (addNote) response 201: dropshot has no typed response for `text/plain`; the method returns `Response<Body>`
// warning: operation PUT /items/{itemId} (replaceItem): 2 success responses are documented; the method returns `Response<Body>`, any status and body

///`AddNotePath`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct AddNotePath {
    #[serde(rename = "itemId")]
    pub item_id: ::std::string::String,
}
///`DeleteItemPath`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct DeleteItemPath {
    #[serde(rename = "itemId")]
    pub item_id: ::std::string::String,
}
///`GetItemsByItemIdPath`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct GetItemsByItemIdPath {
    #[serde(rename = "itemId")]
    pub item_id: ::std::string::String,
}
///`GetItemsByItemIdQuery`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct GetItemsByItemIdQuery {
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = ":: std :: string :: String")]
    pub fields: ::std::option::Option<::std::string::String>,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = ":: std :: string :: String")]
    pub filter: ::std::option::Option<::std::string::String>,
}
///`HeadItemPath`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct HeadItemPath {
    #[serde(rename = "itemId")]
    pub item_id: ::std::string::String,
}
///`Item`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct Item {
    pub id: ::std::string::String,
    #[serde(default, skip_serializing_if = "crate::Tristate::is_absent")]
    pub note: crate::Tristate<::std::string::String>,
}
///`ItemOptionsPath`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct ItemOptionsPath {
    #[serde(rename = "itemId")]
    pub item_id: ::std::string::String,
}
///`LoginBody`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct LoginBody {
    pub user: ::std::string::String,
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = ":: std :: string :: String")]
    pub password: ::std::option::Option<::std::string::String>,
}
///`LoginResponse`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct LoginResponse {
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = ":: std :: string :: String")]
    pub token: ::std::option::Option<::std::string::String>,
}
///`PatchItemPath`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct PatchItemPath {
    #[serde(rename = "itemId")]
    pub item_id: ::std::string::String,
}
///`Problem`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct Problem {
    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
    #[serde(default)]
    #[schemars(with = ":: std :: string :: String")]
    pub title: ::std::option::Option<::std::string::String>,
}
///`ReplaceItemPath`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct ReplaceItemPath {
    #[serde(rename = "itemId")]
    pub item_id: ::std::string::String,
}
///`RequestHeaders`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct RequestHeaders {
    #[serde(rename = "X-Tenant")]
    pub x_tenant: ::std::string::String,
}
///`UploadPhotoPath`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct UploadPhotoPath {
    #[serde(rename = "itemId")]
    pub item_id: ::std::string::String,
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
impl AddNotePath {
    /** A `AddNotePath` with the required fields; every optional one starts absent (or at its
 default). Build others as `AddNotePath { field: value, ..AddNotePath::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(item_id: ::std::string::String) -> Self {
        Self { item_id }
    }
}
impl DeleteItemPath {
    /** A `DeleteItemPath` with the required fields; every optional one starts absent (or at its
 default). Build others as `DeleteItemPath { field: value, ..DeleteItemPath::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(item_id: ::std::string::String) -> Self {
        Self { item_id }
    }
}
impl GetItemsByItemIdPath {
    /** A `GetItemsByItemIdPath` with the required fields; every optional one starts absent (or at its
 default). Build others as `GetItemsByItemIdPath { field: value, ..GetItemsByItemIdPath::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(item_id: ::std::string::String) -> Self {
        Self { item_id }
    }
}
impl GetItemsByItemIdQuery {
    /** A `GetItemsByItemIdQuery` with the required fields; every optional one starts absent (or at its
 default). Build others as `GetItemsByItemIdQuery { field: value, ..GetItemsByItemIdQuery::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new() -> Self {
        Self {
            fields: ::std::default::Default::default(),
            filter: ::std::default::Default::default(),
        }
    }
}
impl HeadItemPath {
    /** A `HeadItemPath` with the required fields; every optional one starts absent (or at its
 default). Build others as `HeadItemPath { field: value, ..HeadItemPath::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(item_id: ::std::string::String) -> Self {
        Self { item_id }
    }
}
impl Item {
    /** A `Item` with the required fields; every optional one starts absent (or at its
 default). Build others as `Item { field: value, ..Item::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(id: ::std::string::String) -> Self {
        Self {
            id,
            note: ::std::default::Default::default(),
        }
    }
}
impl ItemOptionsPath {
    /** A `ItemOptionsPath` with the required fields; every optional one starts absent (or at its
 default). Build others as `ItemOptionsPath { field: value, ..ItemOptionsPath::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(item_id: ::std::string::String) -> Self {
        Self { item_id }
    }
}
impl LoginBody {
    /** A `LoginBody` with the required fields; every optional one starts absent (or at its
 default). Build others as `LoginBody { field: value, ..LoginBody::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(user: ::std::string::String) -> Self {
        Self {
            user,
            password: ::std::default::Default::default(),
        }
    }
}
impl LoginResponse {
    /** A `LoginResponse` with the required fields; every optional one starts absent (or at its
 default). Build others as `LoginResponse { field: value, ..LoginResponse::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new() -> Self {
        Self {
            token: ::std::default::Default::default(),
        }
    }
}
impl PatchItemPath {
    /** A `PatchItemPath` with the required fields; every optional one starts absent (or at its
 default). Build others as `PatchItemPath { field: value, ..PatchItemPath::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(item_id: ::std::string::String) -> Self {
        Self { item_id }
    }
}
impl Problem {
    /** A `Problem` with the required fields; every optional one starts absent (or at its
 default). Build others as `Problem { field: value, ..Problem::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new() -> Self {
        Self {
            title: ::std::default::Default::default(),
        }
    }
}
impl ReplaceItemPath {
    /** A `ReplaceItemPath` with the required fields; every optional one starts absent (or at its
 default). Build others as `ReplaceItemPath { field: value, ..ReplaceItemPath::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(item_id: ::std::string::String) -> Self {
        Self { item_id }
    }
}
impl RequestHeaders {
    /** A `RequestHeaders` with the required fields; every optional one starts absent (or at its
 default). Build others as `RequestHeaders { field: value, ..RequestHeaders::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(x_tenant: ::std::string::String) -> Self {
        Self { x_tenant }
    }
}
impl UploadPhotoPath {
    /** A `UploadPhotoPath` with the required fields; every optional one starts absent (or at its
 default). Build others as `UploadPhotoPath { field: value, ..UploadPhotoPath::new(…) }`.*/
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(item_id: ::std::string::String) -> Self {
        Self { item_id }
    }
}
/// A JSON body the document marks optional: `None` when the request has none.
/// Described exactly as `TypedBody<T>`, but not required.
pub struct OptionalTypedBody<T>(pub ::std::option::Option<T>);
impl<T> OptionalTypedBody<T> {
    pub fn into_inner(self) -> ::std::option::Option<T> {
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
    ) -> ::std::result::Result<Self, ::dropshot::HttpError> {
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
/// The 206 response of `itemOptions`.
pub struct ItemOptionsResponse206(pub ::std::vec::Vec<::std::string::String>);
impl ::dropshot::HttpCodedResponse for ItemOptionsResponse206 {
    type Body = ::std::vec::Vec<::std::string::String>;
    const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::PARTIAL_CONTENT;
    const DESCRIPTION: &'static str = "partial";
}
impl ::std::convert::From<ItemOptionsResponse206>
for ::std::result::Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
    #[allow(unused_variables)]
    fn from(response: ItemOptionsResponse206) -> Self {
        <ItemOptionsResponse206 as ::dropshot::HttpCodedResponse>::for_object(response.0)
    }
}
/// The 200 response of `headItem`.
pub struct HeadItemResponse200;
impl ::dropshot::HttpCodedResponse for HeadItemResponse200 {
    type Body = ::dropshot::FreeformBody;
    const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::OK;
    const DESCRIPTION: &'static str = "exists";
}
impl ::std::convert::From<HeadItemResponse200>
for ::std::result::Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
    #[allow(unused_variables)]
    fn from(response: HeadItemResponse200) -> Self {
        <HeadItemResponse200 as ::dropshot::HttpCodedResponse>::for_object(
            ::dropshot::FreeformBody(::dropshot::Body::empty()),
        )
    }
}
/// The 202 response of `uploadPhoto`.
pub struct UploadPhotoResponse202;
impl ::dropshot::HttpCodedResponse for UploadPhotoResponse202 {
    type Body = ::dropshot::FreeformBody;
    const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::ACCEPTED;
    const DESCRIPTION: &'static str = "accepted";
}
impl ::std::convert::From<UploadPhotoResponse202>
for ::std::result::Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
    #[allow(unused_variables)]
    fn from(response: UploadPhotoResponse202) -> Self {
        <UploadPhotoResponse202 as ::dropshot::HttpCodedResponse>::for_object(
            ::dropshot::FreeformBody(::dropshot::Body::empty()),
        )
    }
}
/// The operations of "Operations" 1.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    #[endpoint { method = GET, path = "/items/{itemId}", operation_id = "get_items_by_item_id", tags = [] }]
    async fn get_items_by_item_id(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<GetItemsByItemIdPath>,
        query: ::dropshot::Query<GetItemsByItemIdQuery>,
        headers: ::dropshot::Header<RequestHeaders>,
    ) -> ::std::result::Result<::dropshot::HttpResponseOk<Item>, dropshot::HttpError>;
    #[endpoint { method = PUT, path = "/items/{itemId}", operation_id = "replaceItem", tags = [] }]
    async fn replace_item(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<ReplaceItemPath>,
        headers: ::dropshot::Header<RequestHeaders>,
        body: dropshot::TypedBody<Item>,
    ) -> ::std::result::Result<::http::Response<::dropshot::Body>, dropshot::HttpError>;
    #[endpoint { method = DELETE, path = "/items/{itemId}", operation_id = "deleteItem", tags = [] }]
    async fn delete_item(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<DeleteItemPath>,
        headers: ::dropshot::Header<RequestHeaders>,
    ) -> ::std::result::Result<::dropshot::HttpResponseDeleted, dropshot::HttpError>;
    #[endpoint { method = OPTIONS, path = "/items/{itemId}", operation_id = "itemOptions", tags = [] }]
    async fn item_options(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<ItemOptionsPath>,
        headers: ::dropshot::Header<RequestHeaders>,
    ) -> ::std::result::Result<ItemOptionsResponse206, dropshot::HttpError>;
    #[endpoint { method = HEAD, path = "/items/{itemId}", operation_id = "headItem", tags = [] }]
    async fn head_item(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<HeadItemPath>,
        headers: ::dropshot::Header<RequestHeaders>,
    ) -> ::std::result::Result<HeadItemResponse200, dropshot::HttpError>;
    #[endpoint { method = PATCH, path = "/items/{itemId}", operation_id = "patchItem", tags = [] }]
    async fn patch_item(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<PatchItemPath>,
        headers: ::dropshot::Header<RequestHeaders>,
        body: OptionalTypedBody<Item>,
    ) -> ::std::result::Result<
        ::dropshot::HttpResponseUpdatedNoContent,
        dropshot::HttpError,
    >;
    #[endpoint { method = POST, path = "/items/{itemId}/photos", operation_id = "uploadPhoto", tags = [], content_type = "multipart/form-data" }]
    async fn upload_photo(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<UploadPhotoPath>,
        body: ::dropshot::MultipartBody,
    ) -> ::std::result::Result<UploadPhotoResponse202, dropshot::HttpError>;
    #[endpoint { method = POST, path = "/items/{itemId}/notes", operation_id = "addNote", tags = [] }]
    async fn add_note(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<AddNotePath>,
        body: ::dropshot::UntypedBody,
    ) -> ::std::result::Result<::http::Response<::dropshot::Body>, dropshot::HttpError>;
    #[endpoint { method = POST, path = "/login", operation_id = "login", tags = [], content_type = "application/x-www-form-urlencoded" }]
    async fn login(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: ::dropshot::TypedBody<LoginBody>,
    ) -> ::std::result::Result<
        ::dropshot::HttpResponseOk<LoginResponse>,
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
                format!("{prefix}{}", "get_items_by_item_id"),
                <ServerImpl as WidgetApi>::get_items_by_item_id,
                ::http::Method::GET,
                "application/json",
                "/items/{itemId}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "replaceItem"),
                <ServerImpl as WidgetApi>::replace_item,
                ::http::Method::PUT,
                "application/json",
                "/items/{itemId}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "deleteItem"),
                <ServerImpl as WidgetApi>::delete_item,
                ::http::Method::DELETE,
                "application/json",
                "/items/{itemId}",
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
                "/items/{itemId}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "headItem"),
                <ServerImpl as WidgetApi>::head_item,
                ::http::Method::HEAD,
                "application/json",
                "/items/{itemId}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "patchItem"),
                <ServerImpl as WidgetApi>::patch_item,
                ::http::Method::PATCH,
                "application/json",
                "/items/{itemId}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "uploadPhoto"),
                <ServerImpl as WidgetApi>::upload_photo,
                ::http::Method::POST,
                "multipart/form-data",
                "/items/{itemId}/photos",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "addNote"),
                <ServerImpl as WidgetApi>::add_note,
                ::http::Method::POST,
                "application/json",
                "/items/{itemId}/notes",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "login"),
                <ServerImpl as WidgetApi>::login,
                ::http::Method::POST,
                "application/x-www-form-urlencoded",
                "/login",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
