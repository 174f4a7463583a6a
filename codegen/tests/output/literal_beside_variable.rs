
/// `Contact`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct Contact {
    pub id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub name: Option<String>,
}

/// `DeleteContactPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct DeleteContactPath {
    pub id: i64,
}

/// `GetContactPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct GetContactPath {
    pub id: i64,
}

/// `GetLatestNotePath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct GetLatestNotePath {
    pub id: i64,
}

/// `GetMePath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct GetMePath {
    pub workspace: String,
}

/// `GetNotePath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct GetNotePath {
    #[serde(rename = "contactId")]
    pub contact_id: i64,
    #[serde(rename = "noteId")]
    pub note_id: String,
}

/// `GetUserPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct GetUserPath {
    pub workspace: String,
    #[serde(rename = "userId")]
    pub user_id: String,
}

/// `ListNotesPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct ListNotesPath {
    pub id: i64,
}

/// `MergeContactsBody`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct MergeContactsBody {
    pub from: i64,
    pub into: i64,
}

/// `RequestHeaders`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct RequestHeaders {
    #[serde(rename = "X-Trace", skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub x_trace: Option<String>,
}

/// `SearchContactsByFieldPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct SearchContactsByFieldPath {
    pub field: SearchContactsByFieldPathField,
}

/// `SearchContactsByFieldPathField`
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
pub enum SearchContactsByFieldPathField {
    #[serde(rename = "name")]
    Name,
    #[serde(rename = "email")]
    Email,
}

impl ::std::fmt::Display for SearchContactsByFieldPathField {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Name => f.write_str("name"),
            Self::Email => f.write_str("email"),
        }
    }
}

impl ::std::str::FromStr for SearchContactsByFieldPathField {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "name" => Ok(Self::Name),
            "email" => Ok(Self::Email),
            _ => Err("invalid value".into()),
        }
    }
}

/// `SearchContactsByFormBody`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct SearchContactsByFormBody {
    pub q: String,
}

/// `SearchContactsQuery`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct SearchContactsQuery {
    pub q: String,
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

impl Contact {
    /// The required fields; the others absent (or their defaults): `..Contact::new(…)`.
    pub fn new(id: i64) -> Self {
        Self {
            id,
            name: Default::default(),
        }
    }
}

impl DeleteContactPath {
    /// The required fields; the others absent (or their defaults): `..DeleteContactPath::new(…)`.
    pub fn new(id: i64) -> Self {
        Self { id }
    }
}

impl GetContactPath {
    /// The required fields; the others absent (or their defaults): `..GetContactPath::new(…)`.
    pub fn new(id: i64) -> Self {
        Self { id }
    }
}

impl GetLatestNotePath {
    /// The required fields; the others absent (or their defaults): `..GetLatestNotePath::new(…)`.
    pub fn new(id: i64) -> Self {
        Self { id }
    }
}

impl GetMePath {
    /// The required fields; the others absent (or their defaults): `..GetMePath::new(…)`.
    pub fn new(workspace: String) -> Self {
        Self { workspace }
    }
}

impl GetNotePath {
    /// The required fields; the others absent (or their defaults): `..GetNotePath::new(…)`.
    pub fn new(contact_id: i64, note_id: String) -> Self {
        Self { contact_id, note_id }
    }
}

impl GetUserPath {
    /// The required fields; the others absent (or their defaults): `..GetUserPath::new(…)`.
    pub fn new(workspace: String, user_id: String) -> Self {
        Self { workspace, user_id }
    }
}

impl ListNotesPath {
    /// The required fields; the others absent (or their defaults): `..ListNotesPath::new(…)`.
    pub fn new(id: i64) -> Self {
        Self { id }
    }
}

impl MergeContactsBody {
    /// The required fields; the others absent (or their defaults): `..MergeContactsBody::new(…)`.
    pub fn new(from: i64, into: i64) -> Self {
        Self { from, into }
    }
}

impl RequestHeaders {
    /// The required fields; the others absent (or their defaults): `..RequestHeaders::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            x_trace: Default::default(),
        }
    }
}

impl SearchContactsByFieldPath {
    /// The required fields; the others absent (or their defaults): `..SearchContactsByFieldPath::new(…)`.
    pub fn new(field: SearchContactsByFieldPathField) -> Self {
        Self { field }
    }
}

impl SearchContactsByFormBody {
    /// The required fields; the others absent (or their defaults): `..SearchContactsByFormBody::new(…)`.
    pub fn new(q: String) -> Self {
        Self { q }
    }
}

impl SearchContactsQuery {
    /// The required fields; the others absent (or their defaults): `..SearchContactsQuery::new(…)`.
    pub fn new(q: String) -> Self {
        Self { q }
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
    Contact, "Contact", [],
    r#"{"type":"object","properties":{"id":{"type":"integer","format":"int64"},"name":{"type":"string"}},"required":["id"]}"#
);

schema_as_written!(
    DeleteContactPath, "DeleteContactPath", [],
    r#"{"type":"object","properties":{"id":{"type":"integer","format":"int64"}},"required":["id"]}"#
);

schema_as_written!(
    GetContactPath, "GetContactPath", [],
    r#"{"type":"object","properties":{"id":{"type":"integer","format":"int64"}},"required":["id"]}"#
);

schema_as_written!(
    GetLatestNotePath, "GetLatestNotePath", [],
    r#"{"type":"object","properties":{"id":{"type":"integer","format":"int64"}},"required":["id"]}"#
);

schema_as_written!(
    GetMePath, "GetMePath", [],
    r#"{"type":"object","properties":{"workspace":{"type":"string"}},"required":["workspace"]}"#
);

schema_as_written!(
    GetNotePath, "GetNotePath", [],
    r#"{"type":"object","properties":{"contactId":{"type":"integer","format":"int64"},"noteId":{"type":"string"}},"required":["contactId","noteId"]}"#
);

schema_as_written!(
    GetUserPath, "GetUserPath", [],
    r#"{"type":"object","properties":{"workspace":{"type":"string"},"userId":{"type":"string"}},"required":["workspace","userId"]}"#
);

schema_as_written!(
    ListNotesPath, "ListNotesPath", [],
    r#"{"type":"object","properties":{"id":{"type":"integer","format":"int64"}},"required":["id"]}"#
);

schema_as_written!(
    RequestHeaders, "RequestHeaders", [],
    r#"{"type":"object","properties":{"X-Trace":{"type":"string"}},"required":[]}"#
);

schema_as_written!(
    SearchContactsByFieldPath, "SearchContactsByFieldPath", [],
    r#"{"type":"object","properties":{"field":{"type":"string","enum":["name","email"]}},"required":["field"]}"#
);

schema_as_written!(
    SearchContactsQuery, "SearchContactsQuery", [],
    r#"{"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}"#
);

/// The variables of the route `/contacts/{id}`.
#[derive(::serde::Deserialize, ::schemars::JsonSchema)]
pub struct RouteGetContactsById {
    #[serde(rename = "id")]
    pub id: String,
}

/// The variables of the route `/contacts/{id}`.
#[derive(::serde::Deserialize, ::schemars::JsonSchema)]
pub struct RouteDeleteContactsById {
    #[serde(rename = "id")]
    pub id: String,
}

/// The variables of the route `/contacts/{id}`.
#[derive(::serde::Deserialize, ::schemars::JsonSchema)]
pub struct RoutePostContactsById {
    #[serde(rename = "id")]
    pub id: String,
}

/// The variables of the route `/contacts/{id}/{field}`.
#[derive(::serde::Deserialize, ::schemars::JsonSchema)]
pub struct RouteGetContactsByIdByField {
    #[serde(rename = "id")]
    pub id: String,
    #[serde(rename = "field")]
    pub field: String,
}

/// The variables of the route `/contacts/{id}/{field}/{noteId}`.
#[derive(::serde::Deserialize, ::schemars::JsonSchema)]
pub struct RouteGetContactsByIdByFieldByNoteId {
    #[serde(rename = "id")]
    pub id: String,
    #[serde(rename = "field")]
    pub field: String,
    #[serde(rename = "noteId")]
    pub note_id: String,
}

/// The variables of the route `/workspaces/{workspace}/users/{userId}`.
#[derive(::serde::Deserialize, ::schemars::JsonSchema)]
pub struct RouteGetWorkspacesUsersByWorkspaceByUserId {
    #[serde(rename = "workspace")]
    pub workspace: String,
    #[serde(rename = "userId")]
    pub user_id: String,
}

/// The operations of "Literal beside variable" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    /// GET /contacts/{id}
    ///
    /// Reached through the route `GET /contacts/{id}`, which dropshot serves for several paths.
    fn get_contact(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<GetContactPath>,
    ) -> impl ::core::future::Future<
        Output = Result<::dropshot::HttpResponseOk<Contact>, dropshot::HttpError>,
    > + Send + 'static;
    /// DELETE /contacts/{id}
    ///
    /// Reached through the route `DELETE /contacts/{id}`, which dropshot serves for several paths.
    fn delete_contact(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<DeleteContactPath>,
    ) -> impl ::core::future::Future<
        Output = Result<::dropshot::HttpResponseDeleted, dropshot::HttpError>,
    > + Send + 'static;
    /// Search contacts
    ///
    /// Reached through the route `GET /contacts/{id}`, which dropshot serves for several paths.
    fn search_contacts(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        query: ::dropshot::Query<SearchContactsQuery>,
        headers: ::dropshot::Header<RequestHeaders>,
    ) -> impl ::core::future::Future<
        Output = Result<::dropshot::HttpResponseOk<Vec<Contact>>, dropshot::HttpError>,
    > + Send + 'static;
    /// POST /contacts/search
    ///
    /// Reached through the route `POST /contacts/{id}`, which dropshot serves for several paths.
    fn search_contacts_by_form(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: ::dropshot::TypedBody<SearchContactsByFormBody>,
    ) -> impl ::core::future::Future<
        Output = Result<::dropshot::HttpResponseOk<Vec<Contact>>, dropshot::HttpError>,
    > + Send + 'static;
    /// POST /contacts/merge
    ///
    /// Reached through the route `POST /contacts/{id}`, which dropshot serves for several paths.
    fn merge_contacts(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: dropshot::TypedBody<MergeContactsBody>,
    ) -> impl ::core::future::Future<
        Output = Result<::dropshot::HttpResponseOk<Contact>, dropshot::HttpError>,
    > + Send + 'static;
    /// GET /contacts/{id}/notes
    ///
    /// Reached through the route `GET /contacts/{id}/{field}`, which dropshot serves for several paths.
    fn list_notes(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<ListNotesPath>,
    ) -> impl ::core::future::Future<
        Output = Result<::dropshot::HttpResponseOk<Vec<String>>, dropshot::HttpError>,
    > + Send + 'static;
    /// GET /contacts/{contactId}/notes/{noteId}
    ///
    /// Reached through the route `GET /contacts/{id}/{field}/{noteId}`, which dropshot serves for several paths.
    fn get_note(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<GetNotePath>,
    ) -> impl ::core::future::Future<
        Output = Result<::dropshot::HttpResponseOk<String>, dropshot::HttpError>,
    > + Send + 'static;
    /// GET /contacts/{id}/notes/latest
    ///
    /// Reached through the route `GET /contacts/{id}/{field}/{noteId}`, which dropshot serves for several paths.
    fn get_latest_note(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<GetLatestNotePath>,
    ) -> impl ::core::future::Future<
        Output = Result<::dropshot::HttpResponseOk<String>, dropshot::HttpError>,
    > + Send + 'static;
    /// GET /contacts/search/{field}
    ///
    /// Reached through the route `GET /contacts/{id}/{field}`, which dropshot serves for several paths.
    fn search_contacts_by_field(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<SearchContactsByFieldPath>,
    ) -> impl ::core::future::Future<
        Output = Result<::dropshot::HttpResponseOk<Vec<Contact>>, dropshot::HttpError>,
    > + Send + 'static;
    /// GET /workspaces/{workspace}/users/{userId}
    ///
    /// Reached through the route `GET /workspaces/{workspace}/users/{userId}`, which dropshot serves for several paths.
    fn get_user(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<GetUserPath>,
    ) -> impl ::core::future::Future<
        Output = Result<::dropshot::HttpResponseOk<String>, dropshot::HttpError>,
    > + Send + 'static;
    /// The caller
    ///
    /// Reached through the route `GET /workspaces/{workspace}/users/{userId}`, which dropshot serves for several paths.
    fn get_me(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<GetMePath>,
    ) -> impl ::core::future::Future<
        Output = Result<::dropshot::HttpResponseOk<String>, dropshot::HttpError>,
    > + Send + 'static;
    /// Routes `GET /contacts/{id}`, whose paths dropshot's router cannot hold beside each other:
    /// - `search_contacts` for `/contacts/search`
    /// - `get_contact` for `/contacts/{id}`
    ///
    /// Generated: implement those methods, not this one.
    #[endpoint(
        method = GET,
        path = "/contacts/{id}",
        operation_id = "route_get_contacts_by_id",
        unpublished = true,
    )]
    async fn route_get_contacts_by_id(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        route: ::dropshot::Path<RouteGetContactsById>,
    ) -> Result<::http::Response<::dropshot::Body>, dropshot::HttpError> {
        let mut rqctx = rqctx;
        let route = route.into_inner();
        let mut variables = ::std::mem::take(&mut rqctx.endpoint.variables);
        match (route.id.as_str(),) {
            ("search",) => {
                rqctx.endpoint.operation_id = "searchContacts".to_string();
                let query = <::dropshot::Query<
                    SearchContactsQuery,
                > as ::dropshot::SharedExtractor>::from_request(&rqctx)
                    .await?;
                let headers = <::dropshot::Header<
                    RequestHeaders,
                > as ::dropshot::SharedExtractor>::from_request(&rqctx)
                    .await?;
                let response = Self::search_contacts(rqctx, query, headers).await?;
                Ok(::dropshot::HttpResponse::to_result(response)?)
            }
            ("merge",) => {
                Err(
                    ::dropshot::HttpError::for_client_error_with_status(
                            None,
                            ::dropshot::ClientErrorStatusCode::METHOD_NOT_ALLOWED,
                        )
                        .with_header(::http::header::ALLOW, "POST")
                        .map_err(|error| ::dropshot::HttpError::for_internal_error(
                            error.to_string(),
                        ))?,
                )
            }
            (_,) => {
                rqctx.endpoint.operation_id = "getContact".to_string();
                for (own, route) in [("id", "id")] {
                    if let Some(value) = variables.remove(route) {
                        rqctx.endpoint.variables.insert(own.to_string(), value);
                    }
                }
                let path = <::dropshot::Path<
                    GetContactPath,
                > as ::dropshot::SharedExtractor>::from_request(&rqctx)
                    .await?;
                let response = Self::get_contact(rqctx, path).await?;
                Ok(::dropshot::HttpResponse::to_result(response)?)
            }
        }
    }
    /// Routes `DELETE /contacts/{id}`, whose paths dropshot's router cannot hold beside each other:
    /// - `delete_contact` for `/contacts/{id}`
    ///
    /// Generated: implement those methods, not this one.
    #[endpoint(
        method = DELETE,
        path = "/contacts/{id}",
        operation_id = "route_delete_contacts_by_id",
        unpublished = true,
    )]
    async fn route_delete_contacts_by_id(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        route: ::dropshot::Path<RouteDeleteContactsById>,
    ) -> Result<::http::Response<::dropshot::Body>, dropshot::HttpError> {
        let mut rqctx = rqctx;
        let route = route.into_inner();
        let mut variables = ::std::mem::take(&mut rqctx.endpoint.variables);
        match (route.id.as_str(),) {
            ("search",) => {
                Err(
                    ::dropshot::HttpError::for_client_error_with_status(
                            None,
                            ::dropshot::ClientErrorStatusCode::METHOD_NOT_ALLOWED,
                        )
                        .with_header(::http::header::ALLOW, "GET, POST")
                        .map_err(|error| ::dropshot::HttpError::for_internal_error(
                            error.to_string(),
                        ))?,
                )
            }
            ("merge",) => {
                Err(
                    ::dropshot::HttpError::for_client_error_with_status(
                            None,
                            ::dropshot::ClientErrorStatusCode::METHOD_NOT_ALLOWED,
                        )
                        .with_header(::http::header::ALLOW, "POST")
                        .map_err(|error| ::dropshot::HttpError::for_internal_error(
                            error.to_string(),
                        ))?,
                )
            }
            (_,) => {
                rqctx.endpoint.operation_id = "deleteContact".to_string();
                for (own, route) in [("id", "id")] {
                    if let Some(value) = variables.remove(route) {
                        rqctx.endpoint.variables.insert(own.to_string(), value);
                    }
                }
                let path = <::dropshot::Path<
                    DeleteContactPath,
                > as ::dropshot::SharedExtractor>::from_request(&rqctx)
                    .await?;
                let response = Self::delete_contact(rqctx, path).await?;
                Ok(::dropshot::HttpResponse::to_result(response)?)
            }
        }
    }
    /// Routes `POST /contacts/{id}`, whose paths dropshot's router cannot hold beside each other:
    /// - `search_contacts_by_form` for `/contacts/search`
    /// - `merge_contacts` for `/contacts/merge`
    ///
    /// Generated: implement those methods, not this one.
    #[endpoint(
        method = POST,
        path = "/contacts/{id}",
        operation_id = "route_post_contacts_by_id",
        unpublished = true,
    )]
    async fn route_post_contacts_by_id(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        route: ::dropshot::Path<RoutePostContactsById>,
        request: ::dropshot::RawRequest,
    ) -> Result<::http::Response<::dropshot::Body>, dropshot::HttpError> {
        let mut rqctx = rqctx;
        let route = route.into_inner();
        match (route.id.as_str(),) {
            ("search",) => {
                rqctx.endpoint.operation_id = "searchContactsByForm".to_string();
                rqctx.endpoint.body_content_type = ::dropshot::ApiEndpointBodyContentType::UrlEncoded;
                let body = <::dropshot::TypedBody<
                    SearchContactsByFormBody,
                > as ::dropshot::ExclusiveExtractor>::from_request(
                        &rqctx,
                        request.into_inner(),
                    )
                    .await?;
                let response = Self::search_contacts_by_form(rqctx, body).await?;
                Ok(::dropshot::HttpResponse::to_result(response)?)
            }
            ("merge",) => {
                rqctx.endpoint.operation_id = "mergeContacts".to_string();
                let body = <dropshot::TypedBody<
                    MergeContactsBody,
                > as ::dropshot::ExclusiveExtractor>::from_request(
                        &rqctx,
                        request.into_inner(),
                    )
                    .await?;
                let response = Self::merge_contacts(rqctx, body).await?;
                Ok(::dropshot::HttpResponse::to_result(response)?)
            }
            (_,) => {
                Err(
                    ::dropshot::HttpError::for_client_error_with_status(
                            None,
                            ::dropshot::ClientErrorStatusCode::METHOD_NOT_ALLOWED,
                        )
                        .with_header(::http::header::ALLOW, "GET, DELETE")
                        .map_err(|error| ::dropshot::HttpError::for_internal_error(
                            error.to_string(),
                        ))?,
                )
            }
        }
    }
    /// Routes `GET /contacts/{id}/{field}`, whose paths dropshot's router cannot hold beside each other:
    /// - `search_contacts_by_field` for `/contacts/search/{field}`
    /// - `list_notes` for `/contacts/{id}/notes`
    ///
    /// Generated: implement those methods, not this one.
    #[endpoint(
        method = GET,
        path = "/contacts/{id}/{field}",
        operation_id = "route_get_contacts_by_id_by_field",
        unpublished = true,
    )]
    async fn route_get_contacts_by_id_by_field(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        route: ::dropshot::Path<RouteGetContactsByIdByField>,
    ) -> Result<::http::Response<::dropshot::Body>, dropshot::HttpError> {
        let mut rqctx = rqctx;
        let route = route.into_inner();
        let mut variables = ::std::mem::take(&mut rqctx.endpoint.variables);
        match (route.id.as_str(), route.field.as_str()) {
            ("search", _) => {
                rqctx.endpoint.operation_id = "searchContactsByField".to_string();
                for (own, route) in [("field", "field")] {
                    if let Some(value) = variables.remove(route) {
                        rqctx.endpoint.variables.insert(own.to_string(), value);
                    }
                }
                let path = <::dropshot::Path<
                    SearchContactsByFieldPath,
                > as ::dropshot::SharedExtractor>::from_request(&rqctx)
                    .await?;
                let response = Self::search_contacts_by_field(rqctx, path).await?;
                Ok(::dropshot::HttpResponse::to_result(response)?)
            }
            (_, "notes") => {
                rqctx.endpoint.operation_id = "listNotes".to_string();
                for (own, route) in [("id", "id")] {
                    if let Some(value) = variables.remove(route) {
                        rqctx.endpoint.variables.insert(own.to_string(), value);
                    }
                }
                let path = <::dropshot::Path<
                    ListNotesPath,
                > as ::dropshot::SharedExtractor>::from_request(&rqctx)
                    .await?;
                let response = Self::list_notes(rqctx, path).await?;
                Ok(::dropshot::HttpResponse::to_result(response)?)
            }
            (_, _) => {
                Err(
                    ::dropshot::HttpError::for_not_found(
                        None,
                        "no such path".to_string(),
                    ),
                )
            }
        }
    }
    /// Routes `GET /contacts/{id}/{field}/{noteId}`, whose paths dropshot's router cannot hold beside each other:
    /// - `get_latest_note` for `/contacts/{id}/notes/latest`
    /// - `get_note` for `/contacts/{contactId}/notes/{noteId}`
    ///
    /// Generated: implement those methods, not this one.
    #[endpoint(
        method = GET,
        path = "/contacts/{id}/{field}/{noteId}",
        operation_id = "route_get_contacts_by_id_by_field_by_note_id",
        unpublished = true,
    )]
    async fn route_get_contacts_by_id_by_field_by_note_id(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        route: ::dropshot::Path<RouteGetContactsByIdByFieldByNoteId>,
    ) -> Result<::http::Response<::dropshot::Body>, dropshot::HttpError> {
        let mut rqctx = rqctx;
        let route = route.into_inner();
        let mut variables = ::std::mem::take(&mut rqctx.endpoint.variables);
        match (route.id.as_str(), route.field.as_str(), route.note_id.as_str()) {
            (_, "notes", "latest") => {
                rqctx.endpoint.operation_id = "getLatestNote".to_string();
                for (own, route) in [("id", "id")] {
                    if let Some(value) = variables.remove(route) {
                        rqctx.endpoint.variables.insert(own.to_string(), value);
                    }
                }
                let path = <::dropshot::Path<
                    GetLatestNotePath,
                > as ::dropshot::SharedExtractor>::from_request(&rqctx)
                    .await?;
                let response = Self::get_latest_note(rqctx, path).await?;
                Ok(::dropshot::HttpResponse::to_result(response)?)
            }
            (_, "notes", _) => {
                rqctx.endpoint.operation_id = "getNote".to_string();
                for (own, route) in [("contactId", "id"), ("noteId", "noteId")] {
                    if let Some(value) = variables.remove(route) {
                        rqctx.endpoint.variables.insert(own.to_string(), value);
                    }
                }
                let path = <::dropshot::Path<
                    GetNotePath,
                > as ::dropshot::SharedExtractor>::from_request(&rqctx)
                    .await?;
                let response = Self::get_note(rqctx, path).await?;
                Ok(::dropshot::HttpResponse::to_result(response)?)
            }
            (_, _, _) => {
                Err(
                    ::dropshot::HttpError::for_not_found(
                        None,
                        "no such path".to_string(),
                    ),
                )
            }
        }
    }
    /// Routes `GET /workspaces/{workspace}/users/{userId}`, whose paths dropshot's router cannot hold beside each other:
    /// - `get_me` for `/workspaces/{workspace}/users/me`
    /// - `get_user` for `/workspaces/{workspace}/users/{userId}`
    ///
    /// Generated: implement those methods, not this one.
    #[endpoint(
        method = GET,
        path = "/workspaces/{workspace}/users/{userId}",
        operation_id = "route_get_workspaces_users_by_workspace_by_user_id",
        unpublished = true,
    )]
    async fn route_get_workspaces_users_by_workspace_by_user_id(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        route: ::dropshot::Path<RouteGetWorkspacesUsersByWorkspaceByUserId>,
    ) -> Result<::http::Response<::dropshot::Body>, dropshot::HttpError> {
        let mut rqctx = rqctx;
        let route = route.into_inner();
        let mut variables = ::std::mem::take(&mut rqctx.endpoint.variables);
        match (route.workspace.as_str(), route.user_id.as_str()) {
            (_, "me") => {
                rqctx.endpoint.operation_id = "getMe".to_string();
                for (own, route) in [("workspace", "workspace")] {
                    if let Some(value) = variables.remove(route) {
                        rqctx.endpoint.variables.insert(own.to_string(), value);
                    }
                }
                let path = <::dropshot::Path<
                    GetMePath,
                > as ::dropshot::SharedExtractor>::from_request(&rqctx)
                    .await?;
                let response = Self::get_me(rqctx, path).await?;
                Ok(::dropshot::HttpResponse::to_result(response)?)
            }
            (_, _) => {
                rqctx.endpoint.operation_id = "getUser".to_string();
                for (own, route) in [("workspace", "workspace"), ("userId", "userId")] {
                    if let Some(value) = variables.remove(route) {
                        rqctx.endpoint.variables.insert(own.to_string(), value);
                    }
                }
                let path = <::dropshot::Path<
                    GetUserPath,
                > as ::dropshot::SharedExtractor>::from_request(&rqctx)
                    .await?;
                let response = Self::get_user(rqctx, path).await?;
                Ok(::dropshot::HttpResponse::to_result(response)?)
            }
        }
    }
}

/// The OpenAPI document [`WidgetApi`] serves (`stub_api_description()`'s), with the
/// operations its dispatchers reach each listed under its own path and parameters.
pub fn served_openapi(
    title: &str,
    version: ::dropshot::semver::Version,
) -> Result<::serde_json::Value, String> {
    let description = widget_api_mod::stub_api_description()
        .map_err(|error| error.to_string())?;
    let mut document = description
        .openapi(title, version.clone())
        .json()
        .map_err(|error| error.to_string())?;
    let layers: [Vec<::dropshot::ApiEndpoint<::dropshot::StubContext>>; 3usize] = [
        Vec::from([
            ::dropshot::ApiEndpoint::new_for_types::<
                (::dropshot::Path<GetContactPath>,),
                Result<::dropshot::HttpResponseOk<Contact>, dropshot::HttpError>,
            >(
                    "getContact".to_string(),
                    ::http::Method::GET,
                    "application/json",
                    "/contacts/{id}",
                    ::dropshot::ApiEndpointVersions::All,
                )
                .tag("contacts"),
            ::dropshot::ApiEndpoint::new_for_types::<
                (::dropshot::Path<DeleteContactPath>,),
                Result<::dropshot::HttpResponseDeleted, dropshot::HttpError>,
            >(
                "deleteContact".to_string(),
                ::http::Method::DELETE,
                "application/json",
                "/contacts/{id}",
                ::dropshot::ApiEndpointVersions::All,
            ),
            ::dropshot::ApiEndpoint::new_for_types::<
                (::dropshot::Path<ListNotesPath>,),
                Result<::dropshot::HttpResponseOk<Vec<String>>, dropshot::HttpError>,
            >(
                "listNotes".to_string(),
                ::http::Method::GET,
                "application/json",
                "/contacts/{id}/notes",
                ::dropshot::ApiEndpointVersions::All,
            ),
            ::dropshot::ApiEndpoint::new_for_types::<
                (::dropshot::Path<GetLatestNotePath>,),
                Result<::dropshot::HttpResponseOk<String>, dropshot::HttpError>,
            >(
                "getLatestNote".to_string(),
                ::http::Method::GET,
                "application/json",
                "/contacts/{id}/notes/latest",
                ::dropshot::ApiEndpointVersions::All,
            ),
            ::dropshot::ApiEndpoint::new_for_types::<
                (::dropshot::Path<GetUserPath>,),
                Result<::dropshot::HttpResponseOk<String>, dropshot::HttpError>,
            >(
                "getUser".to_string(),
                ::http::Method::GET,
                "application/json",
                "/workspaces/{workspace}/users/{userId}",
                ::dropshot::ApiEndpointVersions::All,
            ),
        ]),
        Vec::from([
            ::dropshot::ApiEndpoint::new_for_types::<
                (
                    ::dropshot::Query<SearchContactsQuery>,
                    ::dropshot::Header<RequestHeaders>,
                ),
                Result<::dropshot::HttpResponseOk<Vec<Contact>>, dropshot::HttpError>,
            >(
                    "searchContacts".to_string(),
                    ::http::Method::GET,
                    "application/json",
                    "/contacts/search",
                    ::dropshot::ApiEndpointVersions::All,
                )
                .summary("Search contacts")
                .tag("contacts"),
            ::dropshot::ApiEndpoint::new_for_types::<
                (::dropshot::TypedBody<SearchContactsByFormBody>,),
                Result<::dropshot::HttpResponseOk<Vec<Contact>>, dropshot::HttpError>,
            >(
                "searchContactsByForm".to_string(),
                ::http::Method::POST,
                "application/x-www-form-urlencoded",
                "/contacts/search",
                ::dropshot::ApiEndpointVersions::All,
            ),
            ::dropshot::ApiEndpoint::new_for_types::<
                (dropshot::TypedBody<MergeContactsBody>,),
                Result<::dropshot::HttpResponseOk<Contact>, dropshot::HttpError>,
            >(
                "mergeContacts".to_string(),
                ::http::Method::POST,
                "application/json",
                "/contacts/merge",
                ::dropshot::ApiEndpointVersions::All,
            ),
            ::dropshot::ApiEndpoint::new_for_types::<
                (::dropshot::Path<SearchContactsByFieldPath>,),
                Result<::dropshot::HttpResponseOk<Vec<Contact>>, dropshot::HttpError>,
            >(
                "searchContactsByField".to_string(),
                ::http::Method::GET,
                "application/json",
                "/contacts/search/{field}",
                ::dropshot::ApiEndpointVersions::All,
            ),
            ::dropshot::ApiEndpoint::new_for_types::<
                (::dropshot::Path<GetMePath>,),
                Result<::dropshot::HttpResponseOk<String>, dropshot::HttpError>,
            >(
                    "getMe".to_string(),
                    ::http::Method::GET,
                    "application/json",
                    "/workspaces/{workspace}/users/me",
                    ::dropshot::ApiEndpointVersions::All,
                )
                .summary("The caller"),
        ]),
        Vec::from([
            ::dropshot::ApiEndpoint::new_for_types::<
                (::dropshot::Path<GetNotePath>,),
                Result<::dropshot::HttpResponseOk<String>, dropshot::HttpError>,
            >(
                "getNote".to_string(),
                ::http::Method::GET,
                "application/json",
                "/contacts/{contactId}/notes/{noteId}",
                ::dropshot::ApiEndpointVersions::All,
            ),
        ]),
    ];
    for endpoints in layers {
        let mut layer = ::dropshot::ApiDescription::new();
        for endpoint in endpoints {
            layer.register(endpoint).map_err(|error| error.to_string())?;
        }
        let layer = layer
            .openapi(title, version.clone())
            .json()
            .map_err(|error| error.to_string())?;
        for section in ["paths", "components"] {
            let (Some(from), Some(into)) = (
                layer.get(section).and_then(::serde_json::Value::as_object),
                document.as_object_mut(),
            ) else {
                continue;
            };
            let into = into.entry(section).or_insert_with(|| ::serde_json::json!({}));
            for (name, items) in from {
                let (Some(items), Some(into)) = (items.as_object(), into.as_object_mut())
                else {
                    continue;
                };
                let into = into
                    .entry(name.clone())
                    .or_insert_with(|| ::serde_json::json!({}));
                if let Some(into) = into.as_object_mut() {
                    for (key, value) in items {
                        into.entry(key.clone()).or_insert_with(|| value.clone());
                    }
                }
            }
        }
    }
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
                format!("{prefix}{}", "route_get_contacts_by_id"),
                <ServerImpl as WidgetApi>::route_get_contacts_by_id,
                ::http::Method::GET,
                "application/json",
                "/contacts/{id}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "route_delete_contacts_by_id"),
                <ServerImpl as WidgetApi>::route_delete_contacts_by_id,
                ::http::Method::DELETE,
                "application/json",
                "/contacts/{id}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "route_post_contacts_by_id"),
                <ServerImpl as WidgetApi>::route_post_contacts_by_id,
                ::http::Method::POST,
                "application/json",
                "/contacts/{id}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "route_get_contacts_by_id_by_field"),
                <ServerImpl as WidgetApi>::route_get_contacts_by_id_by_field,
                ::http::Method::GET,
                "application/json",
                "/contacts/{id}/{field}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "route_get_contacts_by_id_by_field_by_note_id"),
                <ServerImpl as WidgetApi>::route_get_contacts_by_id_by_field_by_note_id,
                ::http::Method::GET,
                "application/json",
                "/contacts/{id}/{field}/{noteId}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!(
                    "{prefix}{}", "route_get_workspaces_users_by_workspace_by_user_id"
                ),
                <ServerImpl as WidgetApi>::route_get_workspaces_users_by_workspace_by_user_id,
                ::http::Method::GET,
                "application/json",
                "/workspaces/{workspace}/users/{userId}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
