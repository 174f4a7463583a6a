//! Body extractors that keep the raw bytes, so a request signature can be checked over
//! exactly what was received before any JSON is decoded. They describe themselves to
//! OpenAPI exactly as dropshot's `TypedBody<T>` (or as no body at all).

use crate::server::error::ApiError;
use async_trait::async_trait;
use dropshot::{
    ApiEndpointBodyContentType, ExclusiveExtractor, ExtensionMode, ExtractorMetadata, HttpError,
    RequestContext, ServerContext, TypedBody, UntypedBody,
};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use std::marker::PhantomData;

/// A JSON body kept as received; [`SignedJson::decode`] parses it once the caller has
/// authenticated the request.
pub struct SignedJson<T> {
    raw: bytes_of::Bytes,
    _type: PhantomData<fn() -> T>,
}

// dropshot exposes body bytes as `&[u8]`; keep an owned copy without another dependency.
mod bytes_of {
    pub type Bytes = Vec<u8>;
}

impl<T: DeserializeOwned> SignedJson<T> {
    /// The body exactly as received.
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// Parses the body, naming the offending field on failure.
    pub fn decode(&self) -> Result<T, ApiError> {
        let mut deserializer = serde_json::Deserializer::from_slice(&self.raw);
        let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
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
        let body = UntypedBody::from_request(rqctx, request)
            .await
            .map_err(too_large_is_413)?;
        Ok(SignedJson {
            raw: body.as_bytes().to_vec(),
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
    raw: Vec<u8>,
}

impl RawBody {
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }
}

#[async_trait]
impl ExclusiveExtractor for RawBody {
    async fn from_request<Context: ServerContext>(
        rqctx: &RequestContext<Context>,
        request: hyper_request::Request,
    ) -> Result<Self, HttpError> {
        let body = UntypedBody::from_request(rqctx, request)
            .await
            .map_err(too_large_is_413)?;
        Ok(RawBody {
            raw: body.as_bytes().to_vec(),
        })
    }

    fn metadata(_content_type: ApiEndpointBodyContentType) -> ExtractorMetadata {
        ExtractorMetadata {
            extension_mode: ExtensionMode::None,
            parameters: Vec::new(),
        }
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
