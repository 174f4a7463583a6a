//! Extractors that describe themselves to OpenAPI exactly as dropshot's own but do less:
//! bodies are left unread until the handler has checked what the headers can prove (a
//! bearer token, a session), are then read within a deadline, and keep the raw bytes, so
//! a request signature can be checked over exactly what was received before any JSON is
//! decoded (described as `TypedBody<T>`, `UntypedBody`, or as no body at all); headers are
//! decoded only on demand (described as `Header<T>`).

use crate::server::error::ApiError;
use async_trait::async_trait;
use dropshot::{
    ApiEndpointBodyContentType, ExclusiveExtractor, ExtensionMode, ExtractorMetadata, Header,
    HttpError, RequestContext, ServerContext, SharedExtractor, StreamingBody, TypedBody,
    UntypedBody,
};
use futures::TryStreamExt;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use std::any::TypeId;
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::{Arc, LazyLock, RwLock};
use std::time::Duration;

/// A request body not read yet, so that a request whose headers already fail
/// authentication is answered without holding its body in memory. [`UnreadBody::read`]
/// reads it whole within a deadline: dropshot bounds a body's size, not its time, and a
/// client sending a byte now and then would otherwise hold its connection and buffer for
/// ever. Described to OpenAPI as `UntypedBody`.
pub struct UnreadBody {
    body: StreamingBody,
    declared_len: Option<u64>,
    max_bytes: usize,
}

impl UnreadBody {
    /// The whole body, or a 408 if it has not all arrived within `deadline`, or a 413
    /// as soon as it is known to be over the size limit.
    pub async fn read(self, deadline: Duration) -> Result<Vec<u8>, ApiError> {
        let max_bytes = self.max_bytes;
        if self
            .declared_len
            .is_some_and(|declared| declared > max_bytes as u64)
        {
            // dropshot would read (and drop) the whole body before refusing it.
            return Err(ApiError::new(
                dropshot::ErrorStatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("request body exceeded maximum size of {max_bytes} bytes"),
            ));
        }
        let capacity = self
            .declared_len
            .map_or(0, |declared| (declared as usize).min(max_bytes));
        let collect =
            self.body
                .into_stream()
                .try_fold(Vec::with_capacity(capacity), |mut bytes, chunk| {
                    bytes.extend_from_slice(&chunk);
                    futures::future::ok(bytes)
                });
        match tokio::time::timeout(deadline, collect).await {
            Ok(Ok(bytes)) => Ok(bytes),
            Ok(Err(error)) => Err(ApiError::from(too_large_is_413(error))),
            Err(_) => Err(ApiError::body_too_slow(deadline)),
        }
    }
}

#[async_trait]
impl ExclusiveExtractor for UnreadBody {
    async fn from_request<Context: ServerContext>(
        rqctx: &RequestContext<Context>,
        request: hyper_request::Request,
    ) -> Result<Self, HttpError> {
        let declared_len = request
            .headers()
            .get(http::header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<u64>().ok());
        let max_bytes = rqctx.request_body_max_bytes();
        let body = StreamingBody::from_request(rqctx, request).await?;
        Ok(UnreadBody {
            body,
            declared_len,
            max_bytes,
        })
    }

    fn metadata(content_type: ApiEndpointBodyContentType) -> ExtractorMetadata {
        <UntypedBody as ExclusiveExtractor>::metadata(content_type)
    }
}

/// A JSON body, unread: [`SignedJson::read`] reads it once the caller's headers have
/// passed, into a [`ReceivedJson`].
pub struct SignedJson<T> {
    body: UnreadBody,
    _type: PhantomData<fn() -> T>,
}

impl<T> SignedJson<T> {
    /// Reads the body within `deadline`.
    pub async fn read(self, deadline: Duration) -> Result<ReceivedJson<T>, ApiError> {
        Ok(ReceivedJson::new(self.body.read(deadline).await?))
    }

    /// The body as bytes to come, for a check over them before they are decoded.
    pub fn into_raw(self) -> RawBody {
        RawBody { body: self.body }
    }
}

/// A JSON body kept as received; [`ReceivedJson::decode`] parses it once the caller has
/// authenticated the request.
pub struct ReceivedJson<T> {
    raw: Vec<u8>,
    _type: PhantomData<fn() -> T>,
}

/// A request body type's JSON Schema as the contract writes it; the generator implements
/// it for every JSON body type (`with_body_schema_trait`), so constraints the Rust types
/// cannot hold (`minimum`, `maxItems`, …) are still refused before any handler runs.
pub trait BodySchema {
    /// The type's own schema; its `$ref`s name `#/components/schemas/…`.
    const SCHEMA: &'static str;
    /// The component schemas those references lead to (a JSON object by name), one
    /// table shared by every body type of a document.
    const COMPONENTS: &'static str;
}

/// Each body type's schema, compiled once; `None` if it did not compile (a generator bug,
/// which `every_body_schema_compiles` catches).
fn validator<T: BodySchema + 'static>() -> Option<Arc<jsonschema::Validator>> {
    static VALIDATORS: LazyLock<RwLock<HashMap<TypeId, Option<Arc<jsonschema::Validator>>>>> =
        LazyLock::new(Default::default);
    let key = TypeId::of::<T>();
    if let Some(found) = VALIDATORS
        .read()
        .ok()
        .and_then(|map| map.get(&key).cloned())
    {
        return found;
    }
    let compiled = body_schema::<T>()
        .and_then(|schema| jsonschema::draft7::options().build(&schema).ok())
        .map(Arc::new);
    if let Ok(mut map) = VALIDATORS.write() {
        map.insert(key, compiled.clone());
    }
    compiled
}

/// The type's schema with the components beside it, where its references resolve.
fn body_schema<T: BodySchema>() -> Option<serde_json::Value> {
    let schema: serde_json::Value = serde_json::from_str(T::SCHEMA).ok()?;
    let components: serde_json::Value = serde_json::from_str(T::COMPONENTS).ok()?;
    Some(serde_json::json!({"allOf": [schema], "components": {"schemas": components}}))
}

/// The first way `raw` breaks its schema, as a 400 naming the field (`a.b[0].c`).
fn check_constraints<T: BodySchema + 'static>(raw: &[u8]) -> Result<(), ApiError> {
    let Some(validator) = validator::<T>() else {
        return Ok(());
    };
    let value: serde_json::Value = serde_json::from_slice(raw)
        .map_err(|error| ApiError::invalid("body", format_args!("not valid JSON: {error}")))?;
    match validator.iter_errors(&value).next() {
        None => Ok(()),
        Some(error) => {
            let pointer = error.instance_path().to_string();
            let field = field_of_pointer(&pointer);
            Err(ApiError::invalid(&field, error))
        }
    }
}

/// A required property sent as `null`: where it sits and its name. An explicit `null`
/// means "absent" in a request (openapi/README.md), so it is refused exactly as the
/// property left out would be. The types read `null` as absent for optional properties
/// themselves (the generator's `with_null_as_absent`); only a required one fails here.
/// serde words a `null` refusal differently per type (an enum's is a syntax error), so
/// the body itself says whether the value that failed was `null`.
fn required_but_null(
    raw: &[u8],
    error: &serde_path_to_error::Error<serde_json::Error>,
) -> Option<(String, String)> {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = error.path().iter().collect();
    let (last, parents) = segments.split_last()?;
    let Segment::Map { key } = last else {
        return None;
    };
    let body: serde_json::Value = serde_json::from_slice(raw).ok()?;
    let mut value = &body;
    for segment in &segments {
        value = match segment {
            Segment::Map { key } => value.get(key)?,
            Segment::Seq { index } => value.get(index)?,
            Segment::Enum { .. } | Segment::Unknown => return None,
        };
    }
    if !value.is_null() {
        return None;
    }
    // Written as `serde_path_to_error::Path` displays a path, which it builds only itself.
    let mut parent = String::new();
    for segment in parents {
        if !parent.is_empty() && !matches!(segment, Segment::Seq { .. }) {
            parent.push('.');
        }
        parent.push_str(&segment.to_string());
    }
    if parent.is_empty() {
        parent.push('.');
    }
    Some((parent, key.clone()))
}

/// serde's refusal of a body that leaves a required property out, as [`ReceivedJson::decode`]
/// words it.
fn missing_field(parent: &str, name: &str) -> ApiError {
    let message = format!("missing field `{name}`");
    if parent == "." {
        ApiError::invalid(
            "body",
            format_args!("not valid JSON for this operation: {message}"),
        )
    } else {
        ApiError::invalid(parent, message)
    }
}

/// `/initial_message/attachments/0/url` as `initial_message.attachments[0].url`.
fn field_of_pointer(pointer: &str) -> String {
    let mut field = String::new();
    for segment in pointer.split('/').filter(|segment| !segment.is_empty()) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if segment.chars().all(|c| c.is_ascii_digit()) {
            field.push_str(&format!("[{segment}]"));
        } else {
            if !field.is_empty() {
                field.push('.');
            }
            field.push_str(&segment);
        }
    }
    if field.is_empty() {
        "body".to_string()
    } else {
        field
    }
}

impl<T> ReceivedJson<T> {
    pub fn new(raw: Vec<u8>) -> Self {
        ReceivedJson {
            raw,
            _type: PhantomData,
        }
    }
}

impl<T: DeserializeOwned + BodySchema + 'static> ReceivedJson<T> {
    /// The body exactly as received.
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// Parses the body, naming the offending field on failure.
    pub fn decode(&self) -> Result<T, ApiError> {
        let mut deserializer = serde_json::Deserializer::from_slice(&self.raw);
        let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
            if let Some((parent, name)) = required_but_null(&self.raw, &error) {
                return missing_field(&parent, &name);
            }
            let path = error.path().to_string();
            let inner = error.into_inner();
            if inner.is_syntax() || inner.is_eof() || path == "." {
                ApiError::invalid(
                    "body",
                    format_args!("not valid JSON for this operation: {inner}"),
                )
            } else {
                ApiError::invalid(&path, inner)
            }
        })?;
        deserializer
            .end()
            .map_err(|error| ApiError::invalid("body", format_args!("trailing data: {error}")))?;
        check_constraints::<T>(&self.raw)?;
        Ok(value)
    }
}

#[async_trait]
impl<T> ExclusiveExtractor for SignedJson<T>
where
    T: JsonSchema + DeserializeOwned + Send + Sync + 'static,
{
    async fn from_request<Context: ServerContext>(
        rqctx: &RequestContext<Context>,
        request: hyper_request::Request,
    ) -> Result<Self, HttpError> {
        check_json_content_type(rqctx)?;
        Ok(SignedJson {
            body: UnreadBody::from_request(rqctx, request).await?,
            _type: PhantomData,
        })
    }

    fn metadata(content_type: ApiEndpointBodyContentType) -> ExtractorMetadata {
        <TypedBody<T> as ExclusiveExtractor>::metadata(content_type)
    }
}

/// The body of an operation that documents none (POST-only `get_agents`): read only so
/// that a signature over it can be checked; absent from the OpenAPI document.
pub struct RawBody {
    body: UnreadBody,
}

impl RawBody {
    /// Reads the body within `deadline`.
    pub async fn read(self, deadline: Duration) -> Result<Vec<u8>, ApiError> {
        self.body.read(deadline).await
    }
}

#[async_trait]
impl ExclusiveExtractor for RawBody {
    async fn from_request<Context: ServerContext>(
        rqctx: &RequestContext<Context>,
        request: hyper_request::Request,
    ) -> Result<Self, HttpError> {
        Ok(RawBody {
            body: UnreadBody::from_request(rqctx, request).await?,
        })
    }

    fn metadata(_content_type: ApiEndpointBodyContentType) -> ExtractorMetadata {
        ExtractorMetadata {
            extension_mode: ExtensionMode::None,
            parameters: Vec::new(),
        }
    }
}

/// A method's documented headers, decoded only when asked: the handlers authenticate from
/// the raw header map, and decoding every request's headers into `T` (a map, then a
/// deserialisation) was 9% of a `get_conversation`'s instructions. A request without a
/// header the contract requires is still refused, with dropshot's own error; the values
/// of the headers present are checked by whoever reads them (the authenticator reads
/// Fin's timestamp and signature) or by [`DocumentedHeaders::decode`].
pub struct DocumentedHeaders<T> {
    _type: PhantomData<fn() -> T>,
}

/// The header names a generated headers type requires; the generator implements it next
/// to each headers type.
pub trait HeaderSet {
    const REQUIRED: &'static [&'static str];
}

impl<T> DocumentedHeaders<T>
where
    T: HeaderSet + JsonSchema + DeserializeOwned + Send + Sync + 'static,
{
    /// The headers as `T`, decoded (and refused) exactly as `dropshot::Header<T>` would.
    pub async fn decode<Context: ServerContext>(
        &self,
        rqctx: &RequestContext<Context>,
    ) -> Result<T, HttpError> {
        Ok(<Header<T> as SharedExtractor>::from_request(rqctx)
            .await?
            .into_inner())
    }
}

#[async_trait]
impl<T> SharedExtractor for DocumentedHeaders<T>
where
    T: HeaderSet + JsonSchema + DeserializeOwned + Send + Sync + 'static,
{
    async fn from_request<Context: ServerContext>(
        rqctx: &RequestContext<Context>,
    ) -> Result<Self, HttpError> {
        let headers = rqctx.request.headers();
        if T::REQUIRED.iter().any(|name| !headers.contains_key(*name)) {
            // dropshot's extractor words the refusal.
            <Header<T> as SharedExtractor>::from_request(rqctx).await?;
        }
        Ok(DocumentedHeaders { _type: PhantomData })
    }

    fn metadata(content_type: ApiEndpointBodyContentType) -> ExtractorMetadata {
        <Header<T> as SharedExtractor>::metadata(content_type)
    }
}

mod hyper_request {
    pub type Request = http::Request<dropshot::Body>;
}

/// dropshot answers a body over `request_body_max_bytes` with 400 (its code carries a
/// TODO on that status); the contract promises 413, so the client can tell "too big" from
/// "malformed". dropshot has no typed error for it, so its message is what we recognise.
fn too_large_is_413(error: HttpError) -> HttpError {
    if error.status_code.as_u16() == 400
        && error
            .external_message
            .starts_with("request body exceeded maximum size")
    {
        HttpError::for_client_error(
            Some("payload_too_large".to_string()),
            dropshot::ClientErrorStatusCode::PAYLOAD_TOO_LARGE,
            error.external_message,
        )
    } else {
        error
    }
}

fn check_json_content_type<Context: ServerContext>(
    rqctx: &RequestContext<Context>,
) -> Result<(), HttpError> {
    let Some(value) = rqctx.request.headers().get(http::header::CONTENT_TYPE) else {
        return Ok(());
    };
    let media = value.to_str().unwrap_or_default();
    let essence = media.split(';').next().unwrap_or_default().trim();
    if essence.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(HttpError::for_client_error(
            Some("unsupported_media_type".to_string()),
            dropshot::ClientErrorStatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("expected content type application/json, got `{media}`"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dropshot::{ApiDescription, HttpResponseOk, ServerBuilder};

    #[derive(serde::Deserialize, JsonSchema)]
    struct TenantHeaders {
        #[serde(rename = "X-Tenant")]
        x_tenant: String,
        #[serde(rename = "X-Trace", default)]
        x_trace: Option<String>,
    }

    impl HeaderSet for TenantHeaders {
        const REQUIRED: &'static [&'static str] = &["X-Tenant"];
    }

    /// Echoes the decoded headers.
    #[dropshot::endpoint { method = GET, path = "/tenant" }]
    async fn tenant(
        rqctx: RequestContext<()>,
        headers: DocumentedHeaders<TenantHeaders>,
    ) -> Result<HttpResponseOk<String>, HttpError> {
        let headers = headers.decode(&rqctx).await?;
        Ok(HttpResponseOk(format!(
            "{}/{}",
            headers.x_tenant,
            headers.x_trace.unwrap_or_default()
        )))
    }

    #[tokio::test]
    async fn a_missing_required_header_is_refused_and_present_ones_decode() {
        let mut api = ApiDescription::new();
        api.register(tenant).expect("endpoint registers");
        let log = slog::Logger::root(slog::Discard, slog::o!());
        let server = ServerBuilder::new(api, (), log)
            .config(dropshot::ConfigDropshot {
                bind_address: "127.0.0.1:0".parse().expect("address"),
                ..Default::default()
            })
            .start()
            .expect("server starts");
        let url = format!("http://{}/tenant", server.local_addr());
        let client = reqwest::Client::new();

        let missing = client.get(&url).send().await.expect("request");
        assert_eq!(missing.status(), 400);
        let body = missing.text().await.expect("body");
        assert!(
            body.contains("X-Tenant"),
            "the error names the header: {body}"
        );

        let present = client
            .get(&url)
            .header("x-tenant", "acme")
            .header("X-Trace", "t1")
            .send()
            .await
            .expect("request");
        assert_eq!(present.status(), 200);
        assert_eq!(present.json::<String>().await.expect("json"), "acme/t1");

        // Described to OpenAPI as dropshot's `Header<T>` describes it.
        let ours = <DocumentedHeaders<TenantHeaders> as SharedExtractor>::metadata(
            ApiEndpointBodyContentType::Json,
        );
        let dropshots =
            <Header<TenantHeaders> as SharedExtractor>::metadata(ApiEndpointBodyContentType::Json);
        assert_eq!(
            format!("{:?}", ours.parameters),
            format!("{:?}", dropshots.parameters)
        );
        server.close().await.expect("server stops");
    }

    /// Every generated body schema compiles, so none is silently left unchecked.
    #[test]
    fn every_body_schema_compiles() {
        use crate::api::{agents, posts, rest};
        let compiled = [
            validator::<rest::CreateUserRequest>().is_some(),
            validator::<rest::UpdateUserRequest>().is_some(),
            validator::<rest::CreateConversationRequest>().is_some(),
            validator::<rest::UpdateConversationRequest>().is_some(),
            validator::<rest::CreateMessageRequest>().is_some(),
            validator::<posts::GetUserRequest>().is_some(),
            validator::<posts::UpdateUserRequest>().is_some(),
            validator::<posts::CreateUserRequest>().is_some(),
            validator::<posts::GetConversationRequest>().is_some(),
            validator::<posts::UpdateConversationRequest>().is_some(),
            validator::<posts::CreateConversationRequest>().is_some(),
            validator::<posts::GetMessagesRequest>().is_some(),
            validator::<posts::CreateMessageRequest>().is_some(),
            validator::<agents::HelpdeskConversationUpdate>().is_some(),
            validator::<agents::HelpdeskMessageRequest>().is_some(),
        ];
        assert!(compiled.iter().all(|ok| *ok), "{compiled:?}");
    }

    /// A constraint the Rust type cannot hold (here `minimum`, `maxItems`, `maxLength`
    /// on a plain `String`) is refused naming the field, as a client error.
    #[test]
    fn constraints_the_types_cannot_hold_are_refused_naming_the_field() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Order {
            quantity: i64,
            items: Vec<Item>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Item {
            sku: String,
        }
        impl BodySchema for Order {
            const SCHEMA: &'static str = r##"{"$ref": "#/components/schemas/Order"}"##;
            const COMPONENTS: &'static str = r##"{
                "Order": {"type": "object", "properties": {
                    "quantity": {"type": "integer", "minimum": 1},
                    "items": {"type": "array", "maxItems": 2, "items": {"$ref": "#/components/schemas/Item"}}}},
                "Item": {"type": "object", "properties": {"sku": {"type": "string", "maxLength": 3}}}}"##;
        }
        let body = |json: &str| ReceivedJson::<Order> {
            raw: json.as_bytes().to_vec(),
            _type: PhantomData,
        };
        assert!(
            body(r#"{"quantity": 1, "items": [{"sku": "abc"}]}"#)
                .decode()
                .is_ok()
        );
        let refusal = |json: &str| body(json).decode().map(|_| ()).unwrap_err().to_string();
        let below = refusal(r#"{"quantity": 0, "items": []}"#);
        assert!(
            below.contains("`quantity`") && below.contains("minimum"),
            "{below}"
        );
        let too_many =
            refusal(r#"{"quantity": 1, "items": [{"sku": "a"}, {"sku": "b"}, {"sku": "c"}]}"#);
        assert!(too_many.contains("`items`"), "{too_many}");
        let too_long = refusal(r#"{"quantity": 1, "items": [{"sku": "abcd"}]}"#);
        assert!(too_long.contains("`items[0].sku`"), "{too_long}");
    }
}
