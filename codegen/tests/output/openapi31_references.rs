
/// `Address`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct Address {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "String")]
    pub street: Option<String>,
}

/// `Code`
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

impl TryFrom<&str> for Code {
    type Error = self::error::ConversionError;
    fn try_from(value: &str) -> Result<Self, self::error::ConversionError> {
        value.parse()
    }
}

impl TryFrom<String> for Code {
    type Error = self::error::ConversionError;
    fn try_from(value: String) -> Result<Self, self::error::ConversionError> {
        value.parse()
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
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    Default,
    PartialEq,
    schemars::JsonSchema
)]
pub struct Customer {
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "Address")]
    pub address: Option<Address>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "Money")]
    pub balance: Option<Money>,
}

/// `Line`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct Line {
    pub sku: Code,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "::std::num::NonZeroU64")]
    pub quantity: Option<::std::num::NonZeroU64>,
}

/// `Money`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct Money {
    pub amount: i64,
}

/// `Order`
#[derive(
    ::serde::Deserialize,
    ::serde::Serialize,
    Clone,
    Debug,
    PartialEq,
    schemars::JsonSchema
)]
pub struct Order {
    pub id: Code,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "OrderReference")]
    pub reference: Option<OrderReference>,
    pub lines: Vec<Line>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "Address")]
    pub address: Option<Address>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[serde(default)]
    #[schemars(with = "Money")]
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

impl TryFrom<&str> for OrderReference {
    type Error = self::error::ConversionError;
    fn try_from(value: &str) -> Result<Self, self::error::ConversionError> {
        value.parse()
    }
}

impl TryFrom<String> for OrderReference {
    type Error = self::error::ConversionError;
    fn try_from(value: String) -> Result<Self, self::error::ConversionError> {
        value.parse()
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
    /// A `Address` with the required fields; every optional one starts absent (or at its
    /// default). Build others as `Address { field: value, ..Address::new(…) }`.
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new() -> Self {
        Self { street: Default::default() }
    }
}

impl Customer {
    /// A `Customer` with the required fields; every optional one starts absent (or at its
    /// default). Build others as `Customer { field: value, ..Customer::new(…) }`.
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new() -> Self {
        Self {
            address: Default::default(),
            balance: Default::default(),
        }
    }
}

impl Line {
    /// A `Line` with the required fields; every optional one starts absent (or at its
    /// default). Build others as `Line { field: value, ..Line::new(…) }`.
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(sku: Code) -> Self {
        Self {
            sku,
            quantity: Default::default(),
        }
    }
}

impl Money {
    /// A `Money` with the required fields; every optional one starts absent (or at its
    /// default). Build others as `Money { field: value, ..Money::new(…) }`.
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
    pub fn new(amount: i64) -> Self {
        Self { amount }
    }
}

impl Order {
    /// A `Order` with the required fields; every optional one starts absent (or at its
    /// default). Build others as `Order { field: value, ..Order::new(…) }`.
    #[allow(clippy::new_without_default, clippy::too_many_arguments)]
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

/// The operations of "References" 1.0.0 that this server hosts.
#[::dropshot::api_description]
pub trait WidgetApi {
    /// State shared by every request.
    type Context: Send + Sync + 'static;
    #[endpoint { method = POST, path = "/orders", operation_id = "placeOrder", tags = [] }]
    async fn place_order(
        rqctx: ::dropshot::RequestContext<Self::Context>,
        body: dropshot::TypedBody<Order>,
    ) -> Result<::dropshot::HttpResponseCreated<Order>, dropshot::HttpError>;
}

/// Registers every operation of [`WidgetApi`] on `api`, each operationId after `prefix`, so one
/// server can serve several documents whose operationIds overlap (dropshot cannot merge
/// descriptions). The endpoints are hidden from `api`'s own OpenAPI output; the served
/// document comes from `stub_api_description()`.
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
