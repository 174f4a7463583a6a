// warning: #/components/schemas/Payment/if: if/then/else: the Rust type is the schema without the condition; the body check enforces it
// warning: #/components/schemas/Payment/dependentRequired: dependentRequired: not in the Rust type; the body check enforces it
// warning: #/components/schemas/ClosedExtension/unevaluatedProperties: unevaluatedProperties: false in a composition: the Rust type ignores unknown properties; the body check refuses any property no member names

/// `Base`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct Base {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub a: Option<String>,
}

/// `Closed`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Closed {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub a: Option<String>,
}

/// `ClosedExtension`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct ClosedExtension {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub a: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub b: Option<i64>,
}

/// `Payment`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct Payment {
    pub method: PaymentMethod,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub card_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub iban: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub billing_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub billing_zip: Option<String>,
}

/// `PaymentMethod`
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
pub enum PaymentMethod {
    #[serde(rename = "card")]
    Card,
    #[serde(rename = "transfer")]
    Transfer,
}

impl ::std::fmt::Display for PaymentMethod {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match *self {
            Self::Card => f.write_str("card"),
            Self::Transfer => f.write_str("transfer"),
        }
    }
}

impl ::std::str::FromStr for PaymentMethod {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        match value {
            "card" => Ok(Self::Card),
            "transfer" => Ok(Self::Transfer),
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

impl Base {
    /// The required fields; the others absent (or their defaults): `..Base::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { a: Default::default() }
    }
}

impl Closed {
    /// The required fields; the others absent (or their defaults): `..Closed::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { a: Default::default() }
    }
}

impl ClosedExtension {
    /// The required fields; the others absent (or their defaults): `..ClosedExtension::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            a: Default::default(),
            b: Default::default(),
        }
    }
}

impl Payment {
    /// The required fields; the others absent (or their defaults): `..Payment::new(…)`.
    pub fn new(method: PaymentMethod) -> Self {
        Self {
            method,
            card_number: Default::default(),
            iban: Default::default(),
            billing_name: Default::default(),
            billing_zip: Default::default(),
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

fn subschema<T: ::schemars::JsonSchema>(
    generator: &mut ::schemars::r#gen::SchemaGenerator,
) {
    let _ = generator.subschema_for::<T>();
}

schema_as_written!(
    Base, "Base", [], r#"{"type":"object","properties":{"a":{"type":"string"}}}"#
);

schema_as_written!(
    Closed, "Closed", [],
    r#"{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}"#
);

schema_as_written!(
    ClosedExtension, "ClosedExtension", [Base],
    r##"{"x-json-schema":{"propertyNames":{"enum":["a","b"]}},"allOf":[{"$ref":"#/components/schemas/Base"},{"type":"object","properties":{"b":{"type":"integer"}}}]}"##
);

schema_as_written!(
    Payment, "Payment", [],
    r#"{"x-json-schema":{"if":{"properties":{"method":{"const":"card"}}},"then":{"required":["card_number"]},"else":{"required":["iban"]},"dependencies":{"billing_name":["billing_zip"]}},"type":"object","properties":{"method":{"type":"string","enum":["card","transfer"]},"card_number":{"type":"string"},"iban":{"type":"string"},"billing_name":{"type":"string"},"billing_zip":{"type":"string"}},"required":["method"]}"#
);

/// The operations of "Conditionals" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    #[endpoint(method = POST, path = "/payments", operation_id = "pay", tags = [])]
    async fn pay(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: dropshot::TypedBody<Payment>,
    ) -> Result<::dropshot::HttpResponseUpdatedNoContent, dropshot::HttpError>;
    #[endpoint(
        method = PUT,
        path = "/extensions",
        operation_id = "putExtension",
        tags = [],
    )]
    async fn put_extension(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: dropshot::TypedBody<ClosedExtension>,
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
                format!("{prefix}{}", "pay"),
                <ServerImpl as WidgetApi>::pay,
                ::http::Method::POST,
                "application/json",
                "/payments",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    api.register(
        ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", "putExtension"),
                <ServerImpl as WidgetApi>::put_extension,
                ::http::Method::PUT,
                "application/json",
                "/extensions",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
