
/// `Address`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct Address {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub street: Option<String>,
}

/// `Code`
#[derive(::serde::Serialize, Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
#[serde(transparent)]
pub struct Code(String);

impl ::std::ops::Deref for Code {
    type Target = String;
    fn deref(&self) -> &String {
        &self.0
    }
}

impl From<Code> for String {
    fn from(value: Code) -> Self {
        value.0
    }
}

impl ::std::str::FromStr for Code {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        static PATTERN: ::std::sync::LazyLock<::regress::Regex> = ::std::sync::LazyLock::new(||
        { ::regress::Regex::new("^[A-Z0-9]+$").unwrap() });
        if PATTERN.find(value).is_none() {
            return Err("doesn't match pattern \"^[A-Z0-9]+$\"".into());
        }
        Ok(Self(value.to_string()))
    }
}

impl<'de> ::serde::Deserialize<'de> for Code {
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

/// `Customer`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, Default, PartialEq)]
pub struct Customer {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub address: Option<Address>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub balance: Option<Money>,
}

/// `Line`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct Line {
    pub sku: Code,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub quantity: Option<::std::num::NonZeroU64>,
}

/// `Money`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct Money {
    pub amount: i64,
}

/// `Order`
#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
pub struct Order {
    pub id: Code,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub reference: Option<OrderReference>,
    pub lines: Vec<Line>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub address: Option<Address>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    pub money: Option<Money>,
}

/// `OrderReference`
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
pub struct OrderReference(String);

impl ::std::ops::Deref for OrderReference {
    type Target = String;
    fn deref(&self) -> &String {
        &self.0
    }
}

impl From<OrderReference> for String {
    fn from(value: OrderReference) -> Self {
        value.0
    }
}

impl ::std::str::FromStr for OrderReference {
    type Err = self::error::ConversionError;
    fn from_str(value: &str) -> Result<Self, self::error::ConversionError> {
        if value.chars().count() > 8usize {
            return Err("longer than 8 characters".into());
        }
        static PATTERN: ::std::sync::LazyLock<::regress::Regex> = ::std::sync::LazyLock::new(||
        { ::regress::Regex::new("^[A-Z0-9]+$").unwrap() });
        if PATTERN.find(value).is_none() {
            return Err("doesn't match pattern \"^[A-Z0-9]+$\"".into());
        }
        Ok(Self(value.to_string()))
    }
}

impl<'de> ::serde::Deserialize<'de> for OrderReference {
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

impl Address {
    /// The required fields; the others absent (or their defaults): `..Address::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self { street: Default::default() }
    }
}

impl Customer {
    /// The required fields; the others absent (or their defaults): `..Customer::new(…)`.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Self {
            address: Default::default(),
            balance: Default::default(),
        }
    }
}

impl Line {
    /// The required fields; the others absent (or their defaults): `..Line::new(…)`.
    pub fn new(sku: Code) -> Self {
        Self {
            sku,
            quantity: Default::default(),
        }
    }
}

impl Money {
    /// The required fields; the others absent (or their defaults): `..Money::new(…)`.
    pub fn new(amount: i64) -> Self {
        Self { amount }
    }
}

impl Order {
    /// The required fields; the others absent (or their defaults): `..Order::new(…)`.
    pub fn new(id: Code, lines: Vec<Line>) -> Self {
        Self {
            id,
            reference: Default::default(),
            lines,
            address: Default::default(),
            money: Default::default(),
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
    Address, "Address", [],
    r#"{"type":"object","properties":{"street":{"type":"string"}}}"#
);

schema_as_written!(Code, "Code", [], r#"{"type":"string","pattern":"^[A-Z0-9]+$"}"#);

schema_as_written!(
    Customer, "Customer", [Money, Address],
    r##"{"type":"object","properties":{"address":{"$ref":"#/components/schemas/Address"},"balance":{"$ref":"#/components/schemas/Money"}}}"##
);

schema_as_written!(
    Line, "Line", [Code],
    r##"{"type":"object","properties":{"sku":{"$ref":"#/components/schemas/Code"},"quantity":{"type":"integer","minimum":1}},"required":["sku"]}"##
);

schema_as_written!(
    Money, "Money", [],
    r#"{"type":"object","properties":{"amount":{"type":"integer"}},"required":["amount"]}"#
);

schema_as_written!(
    Order, "Order", [Money, Address, Line, Code, Code],
    r##"{"type":"object","properties":{"id":{"$ref":"#/components/schemas/Code"},"reference":{"maxLength":8,"allOf":[{"$ref":"#/components/schemas/Code"}]},"lines":{"type":"array","items":{"$ref":"#/components/schemas/Line"}},"address":{"$ref":"#/components/schemas/Address"},"money":{"$ref":"#/components/schemas/Money"}},"required":["id","lines"]}"##
);

/// The operations of "References" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    #[endpoint(method = POST, path = "/orders", operation_id = "placeOrder", tags = [])]
    async fn place_order(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: dropshot::TypedBody<Order>,
    ) -> Result<::dropshot::HttpResponseCreated<Order>, dropshot::HttpError>;
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
                format!("{prefix}{}", "placeOrder"),
                <ServerImpl as WidgetApi>::place_order,
                ::http::Method::POST,
                "application/json",
                "/orders",
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
    )?;
    Ok(())
}
