// warning: jsonSchemaDialect: schemas are read as OpenAPI 3.1's default dialect, not "https://example.com/dialect/custom"
// warning: components.securitySchemes.mtls: mutualTLS: OpenAPI 3.0 has no such scheme; the client certificate is the TLS layer's to check, the scheme is left out of the served document
// warning: webhook pingReceived (POST): a webhook: hosted by the subscriber, so in neither the trait nor the client (OpenAPI 3.0.3 has no webhooks); payload types: `PingReceivedWebhook`
// warning: webhook pingDeleted (POST): a webhook: hosted by the subscriber, so in neither the trait nor the client (OpenAPI 3.0.3 has no webhooks); payload types: `Ping`
// warning: operation POST /audit (audit): no 2xx response is documented (); the method returns `Response<Body>`, any status and body

/// `Ping`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct Ping {
    pub id: String,
}

/// `PingReceivedWebhook`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct PingReceivedWebhook {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<::chrono::DateTime<::chrono::offset::Utc>>,
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

impl Ping {
    /// The required fields; the others absent (or their defaults): `..Ping::new(…)`.
    pub fn new(id: String) -> Self {
        Self { id }
    }
}

impl PingReceivedWebhook {
    /// The required fields; the others absent (or their defaults): `..PingReceivedWebhook::new(…)`.
    pub fn new(id: String) -> Self {
        Self { id, at: Default::default() }
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
    Ping, "Ping", [],
    r#"{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}"#
);

schema_as_written!(
    PingReceivedWebhook, "PingReceivedWebhook", [],
    r#"{"type":"object","properties":{"id":{"type":"string"},"at":{"nullable":true,"type":"string","format":"date-time"}},"required":["id"]}"#
);

/// The operations of "Document" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    #[endpoint(method = GET, path = "/pings", operation_id = "listPings", tags = [])]
    async fn list_pings(
        rqctx: ::dropshot::RequestContext<Self::Context>,
    ) -> Result<::dropshot::HttpResponseOk<Vec<Ping>>, dropshot::HttpError>;
    #[endpoint(method = POST, path = "/audit", operation_id = "audit", tags = [])]
    async fn audit(
        rqctx: ::dropshot::RequestContext<Self::Context>,
    ) -> Result<::http::Response<::dropshot::Body>, dropshot::HttpError>;
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
                format!("{prefix}{}", "listPings"),
                <ServerImpl as WidgetApi>::list_pings,
                ::http::Method::GET,
                "application/json",
                "/pings",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "audit"),
                <ServerImpl as WidgetApi>::audit,
                ::http::Method::POST,
                "application/json",
                "/audit",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
