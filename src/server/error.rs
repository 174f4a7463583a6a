//! Errors as the client sees them: the edge where the service's `service::Error` (and
//! dropshot's own extractor errors) become answers. Every failure is one [`ApiError`]; the REST variant
//! answers it as dropshot's JSON error (`{request_id, error_code, message}`, which also
//! carries headers such as `WWW-Authenticate`), the POST-only variant as RFC 7807 problem
//! details in the `{data, error}` envelope with the HTTP status equal to `error.status`.
//!
//! dropshot adds headers to an error answer only when it is its own `HttpError`, whose
//! body is not the envelope. So a POST-only error that needs headers (a 401's
//! `WWW-Authenticate`, a 503's `Retry-After`) is answered through [`PostsAnswer`], the
//! response type of every POST-only operation, which builds that response itself.

use crate::api::posts;
use crate::service;
use dropshot::{ApiEndpointResponse, Body, ErrorStatusCode, HttpError, HttpResponse};
use schemars::JsonSchema;
use serde::Serialize;

/// What went wrong, whichever variant reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: ErrorStatusCode,
    /// A stable, machine-readable code such as `not_found` or `invalid_request`.
    pub code: &'static str,
    /// What was wrong, for a person; names the field when there is one.
    pub message: String,
    /// `WWW-Authenticate` challenge sent with a 401.
    pub www_authenticate: Option<String>,
    /// `Retry-After` in seconds, sent with a 503: only a failure a retry can cure has it.
    pub retry_after_secs: Option<u32>,
}

/// How long a client is asked to wait before retrying a 503: a lock, a full pool or a
/// reconnect usually clears within this, and Fin waits longer between its own retries.
pub const RETRY_AFTER_SECS: u32 = 1;

impl ApiError {
    pub fn new(status: ErrorStatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            www_authenticate: None,
            retry_after_secs: None,
        }
    }

    /// A request field with a bad value: the message says which field and why.
    pub fn invalid(field: &str, problem: impl std::fmt::Display) -> Self {
        ApiError::new(
            ErrorStatusCode::BAD_REQUEST,
            "invalid_request",
            format!("`{field}`: {problem}"),
        )
    }

    pub fn not_found(field: &str, what: &str, id: &str) -> Self {
        ApiError::new(
            ErrorStatusCode::NOT_FOUND,
            "not_found",
            format!("`{field}`: no {what} with id `{id}`"),
        )
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        ApiError::new(ErrorStatusCode::CONFLICT, "conflict", message)
    }

    pub fn unauthorized(message: impl Into<String>, challenge: String) -> Self {
        let mut error = ApiError::new(ErrorStatusCode::UNAUTHORIZED, "unauthorized", message);
        error.www_authenticate = Some(challenge);
        error
    }

    /// The store failed for a reason that passes (connection lost, pool exhausted, database
    /// busy, disk full): the client may retry; details go to the log, never the client.
    pub fn unavailable() -> Self {
        let mut error = ApiError::new(
            ErrorStatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "the helpdesk could not complete the request; retry later",
        );
        error.retry_after_secs = Some(RETRY_AFTER_SECS);
        error
    }

    /// The request's body did not all arrive within the deadline.
    pub fn body_too_slow(deadline: std::time::Duration) -> Self {
        ApiError::new(
            ErrorStatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            format!(
                "the request body did not arrive within {} s; send it at once",
                deadline.as_secs_f64()
            ),
        )
    }

    /// A failure no retry can cure and that is not the client's doing (a bug, a broken
    /// database): logged with the request id where it happened, never detailed here.
    pub fn internal() -> Self {
        ApiError::new(
            ErrorStatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the helpdesk failed to handle the request; the failure is logged",
        )
    }

    /// The headers this answer carries besides its body, on either variant.
    pub fn headers(&self) -> impl Iterator<Item = (http::HeaderName, String)> + '_ {
        let challenge = self
            .www_authenticate
            .iter()
            .map(|value| (http::header::WWW_AUTHENTICATE, value.clone()));
        let retry = self
            .retry_after_secs
            .iter()
            .map(|secs| (http::header::RETRY_AFTER, secs.to_string()));
        challenge.chain(retry)
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl From<HttpError> for ApiError {
    /// Errors from dropshot's extractors (query strings, headers, body size) keep their
    /// status and their client-facing message.
    fn from(error: HttpError) -> Self {
        let code = match error.status_code.as_u16() {
            400 => "invalid_request",
            404 => "not_found",
            405 => "method_not_allowed",
            408 => "request_timeout",
            413 => "payload_too_large",
            415 => "unsupported_media_type",
            status if status >= 500 => "internal",
            _ => "client_error",
        };
        ApiError::new(error.status_code, code, error.external_message)
    }
}

/// The service's meanings as statuses, codes and headers: the one place they are chosen.
impl From<service::Error> for ApiError {
    fn from(error: service::Error) -> Self {
        let message = error.to_string();
        match error {
            service::Error::InvalidField { .. } => {
                ApiError::new(ErrorStatusCode::BAD_REQUEST, "invalid_request", message)
            }
            service::Error::NotFound { .. } => {
                ApiError::new(ErrorStatusCode::NOT_FOUND, "not_found", message)
            }
            service::Error::Conflict(_) => ApiError::conflict(message),
            service::Error::Unavailable => ApiError::unavailable(),
            service::Error::Internal => ApiError::internal(),
        }
    }
}

/// A service failure as the REST variant's (and the agents' API's) answer.
impl From<service::Error> for HttpError {
    fn from(error: service::Error) -> Self {
        ApiError::from(error).into()
    }
}

/// A service failure as the POST-only variant's `{data, error}` envelope.
impl From<service::Error> for PostsError {
    fn from(error: service::Error) -> Self {
        ApiError::from(error).into()
    }
}

impl From<ApiError> for HttpError {
    fn from(error: ApiError) -> Self {
        let mut http = HttpError {
            status_code: error.status,
            error_code: Some(error.code.to_string()),
            external_message: error.message.clone(),
            internal_message: error.message.clone(),
            headers: None,
        };
        for (name, value) in error.headers() {
            // Both values are built by us from fixed text and digits: always valid.
            let _ = http.add_header(name, value);
        }
        http
    }
}

/// The POST-only error answer: `{"data": null, "error": <problem details>}` with the HTTP
/// status equal to `error.status`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PostsError {
    data: Option<serde_json::Value>,
    error: posts::Error,
    #[serde(skip)]
    status: ErrorStatusCode,
    /// Sent besides the body; only [`PostsAnswer`] can send them.
    #[serde(skip)]
    headers: Vec<(http::HeaderName, String)>,
}

impl From<ApiError> for PostsError {
    fn from(error: ApiError) -> Self {
        let headers = error.headers().collect();
        PostsError {
            data: None,
            error: posts::Error {
                type_: Some(format!("urn:fin-helpdesk:problem:{}", error.code)),
                title: Some(
                    error
                        .status
                        .canonical_reason()
                        .unwrap_or("Error")
                        .to_string(),
                ),
                status: Some(i64::from(error.status.as_u16())),
                detail: Some(error.message),
                instance: None,
            },
            status: error.status,
            headers,
        }
    }
}

impl From<HttpError> for PostsError {
    fn from(error: HttpError) -> Self {
        ApiError::from(error).into()
    }
}

impl std::fmt::Display for PostsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let detail = self.error.detail.as_deref().unwrap_or_default();
        write!(f, "{}: {detail}", self.status.as_u16())
    }
}

impl dropshot::HttpResponseError for PostsError {
    fn status_code(&self) -> ErrorStatusCode {
        self.status
    }
}

/// The answer of a POST-only operation: its success `R`, or an error that carries headers,
/// answered in the `{data, error}` envelope with them. Described to OpenAPI exactly as `R`
/// (errors are described by [`PostsError`], the operations' error type).
pub enum PostsAnswer<R> {
    Done(R),
    Refused(Box<PostsError>),
}

/// A handler's result as a POST-only answer: errors with headers become
/// [`PostsAnswer::Refused`]; the others stay errors, which dropshot logs as such.
#[expect(
    clippy::result_large_err,
    reason = "PostsError is the error type of the generated POST-only trait"
)]
pub fn posts_answer<R>(result: Result<R, PostsError>) -> Result<PostsAnswer<R>, PostsError> {
    match result {
        Ok(done) => Ok(PostsAnswer::Done(done)),
        Err(error) if !error.headers.is_empty() => Ok(PostsAnswer::Refused(Box::new(error))),
        Err(error) => Err(error),
    }
}

impl<R: HttpResponse> HttpResponse for PostsAnswer<R> {
    fn to_result(self) -> Result<http::Response<Body>, HttpError> {
        let error = match self {
            PostsAnswer::Done(done) => return done.to_result(),
            PostsAnswer::Refused(error) => error,
        };
        let body = serde_json::to_string(&error)
            .map_err(|e| HttpError::for_internal_error(format!("cannot encode an error: {e}")))?;
        let mut response = http::Response::builder()
            .status(error.status.as_status())
            .header(http::header::CONTENT_TYPE, dropshot::CONTENT_TYPE_JSON);
        for (name, value) in &error.headers {
            response = response.header(name, value);
        }
        response
            .body(Body::from(body))
            .map_err(|e| HttpError::for_internal_error(format!("cannot build an error: {e}")))
    }

    fn response_metadata() -> ApiEndpointResponse {
        R::response_metadata()
    }

    fn status_code(&self) -> http::StatusCode {
        match self {
            PostsAnswer::Done(done) => done.status_code(),
            PostsAnswer::Refused(error) => error.status.as_status(),
        }
    }
}
