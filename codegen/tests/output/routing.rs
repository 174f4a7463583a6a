// warning: operation GET /accounts/{accountSid}/addresses/{sid} (getAddress): dropshot needs distinct variable names in one path; `{sid}` is served as `{sid2}`
// warning: operation GET /accounts/{accountSid}/addresses/{sid} (getAddress): dropshot needs one name per path position; `{accountSid}` is served as `{sid}`
// warning: operation GET /files/{name}.json (getFile): dropshot matches whole path segments only; `{name}.json` is served as the variable `{name}` holding the whole segment
// warning: operation GET /jobs/{job}/files/{file}.{ext} (getJobFile): `{file}` is in the path but not declared; it is served as a string path parameter
// warning: operation GET /jobs/{job}/files/{file}.{ext} (getJobFile): `{job}` is in the path but declared `in: query`; it is served as the path parameter
// warning: operation GET /jobs/{job}/files/{file}.{ext} (getJobFile): dropshot matches whole path segments only; `{file}.{ext}` is served as the variable `{file}` holding the whole segment
// warning: operation GET /jobs/{job}/files/{file}.{ext} (getJobFile): the path parameter `ext` is not a whole segment of the path; it is left out of the method's signature
// warning: operation GET /pets/{id}/photos (getPhotos): dropshot needs one name per path position; `{id}` is served as `{petId}`

/// `GetAccountPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct GetAccountPath {
    pub sid: String,
}

/// `GetAddressPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct GetAddressPath {
    pub sid: String,
    pub sid2: String,
}

/// `GetFilePath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct GetFilePath {
    pub name: String,
}

/// `GetJobFilePath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct GetJobFilePath {
    pub job: String,
    pub file: String,
}

/// `GetPetPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct GetPetPath {
    #[serde(rename = "petId")]
    pub pet_id: String,
}

/// `GetPhotosPath`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct GetPhotosPath {
    #[serde(rename = "petId")]
    pub pet_id: String,
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

impl GetAccountPath {
    /// The required fields; the others absent (or their defaults): `..GetAccountPath::new(…)`.
    pub fn new(sid: String) -> Self {
        Self { sid }
    }
}

impl GetAddressPath {
    /// The required fields; the others absent (or their defaults): `..GetAddressPath::new(…)`.
    pub fn new(sid: String, sid2: String) -> Self {
        Self { sid, sid2 }
    }
}

impl GetFilePath {
    /// The required fields; the others absent (or their defaults): `..GetFilePath::new(…)`.
    pub fn new(name: String) -> Self {
        Self { name }
    }
}

impl GetJobFilePath {
    /// The required fields; the others absent (or their defaults): `..GetJobFilePath::new(…)`.
    pub fn new(job: String, file: String) -> Self {
        Self { job, file }
    }
}

impl GetPetPath {
    /// The required fields; the others absent (or their defaults): `..GetPetPath::new(…)`.
    pub fn new(pet_id: String) -> Self {
        Self { pet_id }
    }
}

impl GetPhotosPath {
    /// The required fields; the others absent (or their defaults): `..GetPhotosPath::new(…)`.
    pub fn new(pet_id: String) -> Self {
        Self { pet_id }
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
    GetAccountPath, "GetAccountPath", [],
    r#"{"type":"object","properties":{"sid":{"type":"string"}},"required":["sid"]}"#
);

schema_as_written!(
    GetAddressPath, "GetAddressPath", [],
    r#"{"type":"object","properties":{"sid":{"type":"string"},"sid2":{"type":"string"}},"required":["sid","sid2"]}"#
);

schema_as_written!(
    GetFilePath, "GetFilePath", [],
    r#"{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}"#
);

schema_as_written!(
    GetJobFilePath, "GetJobFilePath", [],
    r#"{"type":"object","properties":{"job":{"type":"string"},"file":{"type":"string"}},"required":["job","file"]}"#
);

schema_as_written!(
    GetPetPath, "GetPetPath", [],
    r#"{"type":"object","properties":{"petId":{"type":"string"}},"required":["petId"]}"#
);

schema_as_written!(
    GetPhotosPath, "GetPhotosPath", [],
    r#"{"type":"object","properties":{"petId":{"type":"string"}},"required":["petId"]}"#
);

/// The 200 response of `getPet`.
pub struct GetPetResponse200;

impl ::dropshot::HttpCodedResponse for GetPetResponse200 {
    type Body = ::dropshot::FreeformBody;
    const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::OK;
    const DESCRIPTION: &'static str = "ok";
}

impl From<GetPetResponse200>
for Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
    #[allow(unused_variables)]
    fn from(response: GetPetResponse200) -> Self {
        <GetPetResponse200 as ::dropshot::HttpCodedResponse>::for_object(
            ::dropshot::FreeformBody(::dropshot::Body::empty()),
        )
    }
}

/// The 200 response of `getPhotos`.
pub struct GetPhotosResponse200;

impl ::dropshot::HttpCodedResponse for GetPhotosResponse200 {
    type Body = ::dropshot::FreeformBody;
    const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::OK;
    const DESCRIPTION: &'static str = "ok";
}

impl From<GetPhotosResponse200>
for Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
    #[allow(unused_variables)]
    fn from(response: GetPhotosResponse200) -> Self {
        <GetPhotosResponse200 as ::dropshot::HttpCodedResponse>::for_object(
            ::dropshot::FreeformBody(::dropshot::Body::empty()),
        )
    }
}

/// The 200 response of `getMine`.
pub struct GetMineResponse200;

impl ::dropshot::HttpCodedResponse for GetMineResponse200 {
    type Body = ::dropshot::FreeformBody;
    const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::OK;
    const DESCRIPTION: &'static str = "ok";
}

impl From<GetMineResponse200>
for Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
    #[allow(unused_variables)]
    fn from(response: GetMineResponse200) -> Self {
        <GetMineResponse200 as ::dropshot::HttpCodedResponse>::for_object(
            ::dropshot::FreeformBody(::dropshot::Body::empty()),
        )
    }
}

/// The 200 response of `getFile`.
pub struct GetFileResponse200;

impl ::dropshot::HttpCodedResponse for GetFileResponse200 {
    type Body = ::dropshot::FreeformBody;
    const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::OK;
    const DESCRIPTION: &'static str = "ok";
}

impl From<GetFileResponse200>
for Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
    #[allow(unused_variables)]
    fn from(response: GetFileResponse200) -> Self {
        <GetFileResponse200 as ::dropshot::HttpCodedResponse>::for_object(
            ::dropshot::FreeformBody(::dropshot::Body::empty()),
        )
    }
}

/// The 200 response of `getAccount`.
pub struct GetAccountResponse200;

impl ::dropshot::HttpCodedResponse for GetAccountResponse200 {
    type Body = ::dropshot::FreeformBody;
    const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::OK;
    const DESCRIPTION: &'static str = "ok";
}

impl From<GetAccountResponse200>
for Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
    #[allow(unused_variables)]
    fn from(response: GetAccountResponse200) -> Self {
        <GetAccountResponse200 as ::dropshot::HttpCodedResponse>::for_object(
            ::dropshot::FreeformBody(::dropshot::Body::empty()),
        )
    }
}

/// The 200 response of `getAddress`.
pub struct GetAddressResponse200;

impl ::dropshot::HttpCodedResponse for GetAddressResponse200 {
    type Body = ::dropshot::FreeformBody;
    const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::OK;
    const DESCRIPTION: &'static str = "ok";
}

impl From<GetAddressResponse200>
for Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
    #[allow(unused_variables)]
    fn from(response: GetAddressResponse200) -> Self {
        <GetAddressResponse200 as ::dropshot::HttpCodedResponse>::for_object(
            ::dropshot::FreeformBody(::dropshot::Body::empty()),
        )
    }
}

/// The 200 response of `getJobFile`.
pub struct GetJobFileResponse200;

impl ::dropshot::HttpCodedResponse for GetJobFileResponse200 {
    type Body = ::dropshot::FreeformBody;
    const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::OK;
    const DESCRIPTION: &'static str = "ok";
}

impl From<GetJobFileResponse200>
for Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
    #[allow(unused_variables)]
    fn from(response: GetJobFileResponse200) -> Self {
        <GetJobFileResponse200 as ::dropshot::HttpCodedResponse>::for_object(
            ::dropshot::FreeformBody(::dropshot::Body::empty()),
        )
    }
}

/// The variables of the route `/pets/{petId}`.
#[derive(::serde::Deserialize, ::schemars::JsonSchema)]
pub struct RouteGetPetsByPetId {
    #[serde(rename = "petId")]
    pub pet_id: String,
}

/// The operations of "Routing" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    /// GET /pets/{petId}
    ///
    /// Reached through the route `GET /pets/{petId}`, which dropshot serves for several paths.
    fn get_pet(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<GetPetPath>,
    ) -> impl ::core::future::Future<
        Output = Result<GetPetResponse200, dropshot::HttpError>,
    > + Send + 'static;
    #[endpoint(
        method = GET,
        path = "/pets/{petId}/photos",
        operation_id = "getPhotos",
        tags = [],
    )]
    async fn get_photos(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<GetPhotosPath>,
    ) -> Result<GetPhotosResponse200, dropshot::HttpError>;
    /// GET /pets/mine
    ///
    /// Reached through the route `GET /pets/{petId}`, which dropshot serves for several paths.
    fn get_mine(
        rqctx: ::dropshot::RequestContext<Self::Context>,
    ) -> impl ::core::future::Future<
        Output = Result<GetMineResponse200, dropshot::HttpError>,
    > + Send + 'static;
    #[endpoint(
        method = GET,
        path = "/files/{name}",
        operation_id = "getFile",
        tags = [],
    )]
    async fn get_file(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<GetFilePath>,
    ) -> Result<GetFileResponse200, dropshot::HttpError>;
    #[endpoint(
        method = GET,
        path = "/accounts/{sid}",
        operation_id = "getAccount",
        tags = [],
    )]
    async fn get_account(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<GetAccountPath>,
    ) -> Result<GetAccountResponse200, dropshot::HttpError>;
    #[endpoint(
        method = GET,
        path = "/accounts/{sid}/addresses/{sid2}",
        operation_id = "getAddress",
        tags = [],
    )]
    async fn get_address(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<GetAddressPath>,
    ) -> Result<GetAddressResponse200, dropshot::HttpError>;
    #[endpoint(
        method = GET,
        path = "/jobs/{job}/files/{file}",
        operation_id = "getJobFile",
        tags = [],
    )]
    async fn get_job_file(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        path: ::dropshot::Path<GetJobFilePath>,
    ) -> Result<GetJobFileResponse200, dropshot::HttpError>;
    /// Routes `GET /pets/{petId}`, whose paths dropshot's router cannot hold beside each other:
    /// - `get_mine` for `/pets/mine`
    /// - `get_pet` for `/pets/{petId}`
    ///
    /// Generated: implement those methods, not this one.
    #[endpoint(
        method = GET,
        path = "/pets/{petId}",
        operation_id = "route_get_pets_by_pet_id",
        unpublished = true,
    )]
    async fn route_get_pets_by_pet_id(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        route: ::dropshot::Path<RouteGetPetsByPetId>,
    ) -> Result<::http::Response<::dropshot::Body>, dropshot::HttpError> {
        let mut rqctx = rqctx;
        let route = route.into_inner();
        let mut variables = ::std::mem::take(&mut rqctx.endpoint.variables);
        match (route.pet_id.as_str(),) {
            ("mine",) => {
                rqctx.endpoint.operation_id = "getMine".to_string();
                let response = Self::get_mine(rqctx).await?;
                Ok(::dropshot::HttpResponse::to_result(response)?)
            }
            (_,) => {
                rqctx.endpoint.operation_id = "getPet".to_string();
                for (own, route) in [("petId", "petId")] {
                    if let Some(value) = variables.remove(route) {
                        rqctx.endpoint.variables.insert(own.to_string(), value);
                    }
                }
                let path = <::dropshot::Path<
                    GetPetPath,
                > as ::dropshot::SharedExtractor>::from_request(&rqctx)
                    .await?;
                let response = Self::get_pet(rqctx, path).await?;
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
    let layers: [Vec<::dropshot::ApiEndpoint<::dropshot::StubContext>>; 2usize] = [
        Vec::from([
            ::dropshot::ApiEndpoint::new_for_types::<
                (::dropshot::Path<GetPetPath>,),
                Result<GetPetResponse200, dropshot::HttpError>,
            >(
                "getPet".to_string(),
                ::http::Method::GET,
                "application/json",
                "/pets/{petId}",
                ::dropshot::ApiEndpointVersions::All,
            ),
        ]),
        Vec::from([
            ::dropshot::ApiEndpoint::new_for_types::<
                (),
                Result<GetMineResponse200, dropshot::HttpError>,
            >(
                "getMine".to_string(),
                ::http::Method::GET,
                "application/json",
                "/pets/mine",
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
                format!("{prefix}{}", "getPhotos"),
                <ServerImpl as WidgetApi>::get_photos,
                ::http::Method::GET,
                "application/json",
                "/pets/{petId}/photos",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getFile"),
                <ServerImpl as WidgetApi>::get_file,
                ::http::Method::GET,
                "application/json",
                "/files/{name}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getAccount"),
                <ServerImpl as WidgetApi>::get_account,
                ::http::Method::GET,
                "application/json",
                "/accounts/{sid}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getAddress"),
                <ServerImpl as WidgetApi>::get_address,
                ::http::Method::GET,
                "application/json",
                "/accounts/{sid}/addresses/{sid2}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "getJobFile"),
                <ServerImpl as WidgetApi>::get_job_file,
                ::http::Method::GET,
                "application/json",
                "/jobs/{job}/files/{file}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "route_get_pets_by_pet_id"),
                <ServerImpl as WidgetApi>::route_get_pets_by_pet_id,
                ::http::Method::GET,
                "application/json",
                "/pets/{petId}",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
