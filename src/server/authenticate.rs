//! Who may call the Fin API and the human agents' API, as HTTP sees it: reads the
//! credentials off a request (the `Authorization` header, Fin's signature headers, the
//! bytes as received), hands them to the checks in `crate::auth::caller`, which alone make
//! the [`Caller`] proof the service asks for, and answers a refusal with its 401 (or the
//! 503/500 of a failed lookup), counted in the metrics.

use crate::api::{posts, rest};
use crate::auth::Secret;
use crate::auth::bearer::{self, BearerError};
pub use crate::auth::caller::Effect;
use crate::auth::caller::{self, AgentVerifier, FinCredentials, FinVerifier, Refused};
use crate::auth::signature::{self, SignedPayload};
use crate::auth::token::hash_token;
use crate::metrics::{self, Refusal};
use crate::server::ApiError;
use crate::server::extract::{
    BodySchema, DocumentedHeaders, HeaderSet, RawBody, ReceivedJson, SignedJson,
};
use crate::store::StoreError;
use dropshot::{RequestContext, ServerContext};
use std::time::Duration;

pub use crate::auth::caller::TOKEN_CACHE_TTL;
pub use crate::auth::{AgentCaller, Caller};

/// Counts a refusal in the metrics (when they are on).
fn refused(reason: Refusal) {
    if let Some(metrics) = metrics::get() {
        metrics.refused(reason);
    }
}

/// A failed credential lookup: a 503 if a retry can help, else a 500; logged with the
/// request id either way. Hashes never fail on their content, so nothing here is a 400.
fn lookup_failed(log: &slog::Logger, error: &StoreError) -> ApiError {
    if error.retryable() {
        slog::warn!(log, "credential lookup failed"; "error" => %error);
        ApiError::unavailable()
    } else {
        slog::error!(log, "credential lookup failed"; "error" => %error);
        ApiError::internal()
    }
}

/// The 401 of an unknown, revoked or expired bearer token.
fn bad_token(message: &str, description: &str) -> ApiError {
    refused(Refusal::BadToken);
    ApiError::unauthorized(
        message,
        bearer::www_authenticate_bearer(Some(bearer::INVALID_TOKEN), Some(description)),
    )
}

/// The hash of the request's bearer token, or the 401 that says what is wrong with its
/// `Authorization` header; `wanted` names the token in the message ("a bearer token").
fn bearer_token_hash(request: &dropshot::RequestInfo, wanted: &str) -> Result<String, ApiError> {
    let header = request
        .headers()
        .get("authorization")
        .and_then(|value| value.to_str().ok());
    let token = bearer::bearer_token(header).map_err(|error| {
        refused(Refusal::NoToken);
        match error {
            BearerError::MissingToken => ApiError::unauthorized(
                format!("{wanted} is required: send `Authorization: Bearer <token>`"),
                error.www_authenticate(),
            ),
            BearerError::MalformedHeader => ApiError::unauthorized(
                "the Authorization header is not `Bearer <token>`",
                error.www_authenticate(),
            ),
        }
    })?;
    Ok(hash_token(token.expose()))
}

/// The names of Fin's signature headers in one variant's generated header type
/// (`RequestHeaders`, the headers every operation of Fin's documents declares): the
/// documents' names, read from the type's serde renames, not written in this module.
pub struct SignatureHeaderNames {
    timestamp: String,
    signature: String,
}

/// A generated header type that carries Fin's signature headers.
pub trait FinHeaders: HeaderSet + Send + Sync + 'static {
    /// Its signature headers' names, worked out once per type. A request's two values
    /// are then looked up by name: decoding the whole type as dropshot does copies every
    /// header of every request, which the load bench showed as 2–3 µs of a
    /// get_conversation's 20.
    fn signature_header_names() -> &'static SignatureHeaderNames;
}

/// The one key `value` serialises with: the wire name of the one field set in it.
fn wire_name(value: impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(fields)) if fields.len() == 1 => {
            fields.keys().next().cloned().unwrap_or_default()
        }
        // A generated type with one field set serialises as one key; anything else is a
        // generator change this must follow, found when the server starts
        // (`Authenticator::new`).
        other => panic!("a header type serialised as {other:?}, not one key"),
    }
}

macro_rules! fin_headers {
    ($($module:ident::$name:ident),*) => {
        $(impl FinHeaders for $module::$name {
            fn signature_header_names() -> &'static SignatureHeaderNames {
                static NAMES: std::sync::OnceLock<SignatureHeaderNames> =
                    std::sync::OnceLock::new();
                // One field set at a time, so that the type says that field's name.
                NAMES.get_or_init(|| SignatureHeaderNames {
                    timestamp: wire_name($module::$name {
                        x_fin_request_timestamp: Some(String::new()),
                        ..Default::default()
                    }),
                    signature: wire_name($module::$name {
                        x_fin_signature: Some(String::new()),
                        ..Default::default()
                    }),
                })
            }
        })*
    };
}

fin_headers!(rest::RequestHeaders, posts::RequestHeaders);

/// The timestamp and signature of a request whose headers were extracted as `H` (the
/// extractor has refused it if a required one is missing; `H` names the two). Absent is
/// `None`, for the verifier to judge; a value that is not text is refused, as dropshot
/// refuses a header it cannot decode.
fn signature_headers<'r, C: ServerContext, H: FinHeaders>(
    _extracted: &DocumentedHeaders<H>,
    rqctx: &'r RequestContext<C>,
) -> Result<(Option<&'r str>, Option<&'r str>), ApiError> {
    let names = H::signature_header_names();
    let value = |name: &str| match rqctx.request.headers().get(name) {
        None => Ok(None),
        Some(value) => value.to_str().map(Some).map_err(|_| {
            ApiError::from(dropshot::HttpError::for_bad_request(
                None,
                format!("error processing headers: {name} is not visible ASCII text"),
            ))
        }),
    };
    Ok((value(&names.timestamp)?, value(&names.signature)?))
}

/// Fin's credentials on a request, checked by [`FinVerifier`].
pub struct Authenticator {
    verifier: FinVerifier,
}

impl Authenticator {
    pub fn new(verifier: FinVerifier) -> Self {
        // Worked out at start, so that a generated type which stopped carrying the two
        // headers stops the server before its first request, and every test that starts
        // one checks it.
        rest::RequestHeaders::signature_header_names();
        posts::RequestHeaders::signature_header_names();
        Authenticator { verifier }
    }

    pub fn signs_requests(&self) -> bool {
        self.verifier.signs_requests()
    }

    /// Checks the bearer token, then the signature over `payload` (the raw body, or the
    /// query string of a request without one), accepting it once if the request `effect`
    /// is to write.
    pub async fn verify<C: ServerContext, H: FinHeaders>(
        &self,
        rqctx: &RequestContext<C>,
        headers: &DocumentedHeaders<H>,
        payload: SignedPayload<'_>,
        effect: Effect,
    ) -> Result<Caller, ApiError> {
        let hash = bearer_token_hash(&rqctx.request, "a bearer token")?;
        let (timestamp, signature) = signature_headers(headers, rqctx)?;
        let credentials = FinCredentials {
            token_hash: &hash,
            timestamp,
            signature,
            payload,
            effect,
        };
        self.verifier
            .verify(&rqctx.log, credentials)
            .await
            .map_err(|refusal| fin_refusal(&rqctx.log, refusal))
    }

    /// Checks the bearer token, reads the body within `deadline`, then checks the
    /// signature over it: a stranger is refused from the headers alone, before the body
    /// is waited for and held in memory.
    pub async fn verify_body<C: ServerContext, H: FinHeaders>(
        &self,
        rqctx: &RequestContext<C>,
        headers: &DocumentedHeaders<H>,
        body: RawBody,
        deadline: Duration,
        effect: Effect,
    ) -> Result<(Caller, Vec<u8>), ApiError> {
        let hash = bearer_token_hash(&rqctx.request, "a bearer token")?;
        self.verifier
            .check_token(&hash)
            .await
            .map_err(|refusal| fin_refusal(&rqctx.log, refusal))?;
        let raw = body.read(deadline).await?;
        // The token is checked again (usually from the cache): one revoked while the body
        // arrived is refused.
        let caller = self
            .verify(rqctx, headers, SignedPayload::Body(&raw), effect)
            .await?;
        Ok((caller, raw))
    }

    /// As [`Authenticator::verify_body`], then decodes the body: in that order, so a
    /// stranger's malformed JSON gets a 401, not a 400 that describes our schema.
    pub async fn verify_json<
        T: serde::de::DeserializeOwned + BodySchema + 'static,
        C: ServerContext,
        H: FinHeaders,
    >(
        &self,
        rqctx: &RequestContext<C>,
        headers: &DocumentedHeaders<H>,
        body: SignedJson<T>,
        deadline: Duration,
        effect: Effect,
    ) -> Result<(Caller, T), ApiError> {
        let (caller, raw) = self
            .verify_body(rqctx, headers, body.into_raw(), deadline, effect)
            .await?;
        Ok((caller, ReceivedJson::<T>::new(raw).decode()?))
    }
}

/// A refusal of Fin's credentials as its answer, counted in the metrics.
fn fin_refusal(log: &slog::Logger, refusal: Refused) -> ApiError {
    match refusal {
        Refused::BadToken => bad_token(
            "the bearer token is unknown, revoked or expired",
            "the token is unknown, revoked or expired",
        ),
        Refused::Signature(error) => {
            refused(match error {
                signature::SignatureError::Stale { .. }
                | signature::SignatureError::Future { .. } => Refusal::StaleTimestamp,
                signature::SignatureError::Replayed => Refusal::Replayed,
                _ => Refusal::BadSignature,
            });
            ApiError::unauthorized(
                format!("request signature rejected: {error}"),
                bearer::www_authenticate_bearer(
                    Some(bearer::INVALID_REQUEST),
                    Some("the Fin request signature is missing or wrong"),
                ),
            )
        }
        Refused::Lookup(error) => lookup_failed(log, &error),
    }
}

/// An agent's token on a request, or its web inbox session, checked by
/// [`AgentVerifier`]; and the sessions' start and end.
pub struct AgentAuthenticator {
    verifier: AgentVerifier,
}

impl AgentAuthenticator {
    pub fn new(verifier: AgentVerifier) -> Self {
        AgentAuthenticator { verifier }
    }

    pub async fn verify<C: ServerContext>(
        &self,
        rqctx: &RequestContext<C>,
    ) -> Result<AgentCaller, ApiError> {
        let hash = bearer_token_hash(&rqctx.request, "an agent token")?;
        self.verify_hash(&rqctx.log, &hash).await
    }

    /// As [`AgentAuthenticator::verify`], for a token that came another way than the
    /// `Authorization` header (the inbox's sign-in form).
    pub async fn verify_token(
        &self,
        log: &slog::Logger,
        token: &Secret,
    ) -> Result<AgentCaller, ApiError> {
        self.verify_hash(log, &hash_token(token.expose())).await
    }

    /// Starts a web inbox session for the agent, until `lifetime` from now: the store
    /// keeps `session_hash`, never the id.
    pub async fn start_session(
        &self,
        log: &slog::Logger,
        agent: &AgentCaller,
        session_hash: &str,
        lifetime: Duration,
    ) -> Result<(), ApiError> {
        let (store, bound) = self.verifier.store();
        let now = chrono::Utc::now();
        let lifetime = chrono::Duration::from_std(lifetime).unwrap_or(chrono::Duration::hours(8));
        let deadline = tokio::time::Instant::now() + bound;
        caller::before(
            deadline,
            bound,
            store.insert_inbox_session(session_hash, &agent.agent().id, now + lifetime, now),
        )
        .await
        .map_err(|error| lookup_failed(log, &error))
    }

    /// Ends a web inbox session (sign-out).
    pub async fn end_session(
        &self,
        log: &slog::Logger,
        session_hash: &str,
    ) -> Result<(), ApiError> {
        let (store, bound) = self.verifier.store();
        let deadline = tokio::time::Instant::now() + bound;
        caller::before(deadline, bound, store.delete_inbox_session(session_hash))
            .await
            .map(|_| ())
            .map_err(|error| lookup_failed(log, &error))
    }

    /// The agent of a live web inbox session, as a caller: `None` if there is no such
    /// session, it expired, or its agent was removed.
    pub async fn verify_session(
        &self,
        log: &slog::Logger,
        session_hash: &str,
    ) -> Result<Option<AgentCaller>, ApiError> {
        self.verifier
            .verify_session(log, session_hash)
            .await
            .map_err(|error| lookup_failed(log, &error))
    }

    async fn verify_hash(&self, log: &slog::Logger, hash: &str) -> Result<AgentCaller, ApiError> {
        self.verifier
            .verify_token_hash(log, hash)
            .await
            .map_err(|refusal| match refusal {
                Refused::Lookup(error) => lookup_failed(log, &error),
                Refused::BadToken | Refused::Signature(_) => bad_token(
                    "the agent token is unknown, or its agent was removed",
                    "the token is unknown or revoked",
                ),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names come from the documents (their `in: header` parameters), through the
    /// generated types' serde renames, and are the ones Fin sends.
    #[test]
    fn the_signature_headers_are_named_by_the_generated_types() {
        for names in [
            rest::RequestHeaders::signature_header_names(),
            posts::RequestHeaders::signature_header_names(),
        ] {
            assert!(
                names
                    .timestamp
                    .eq_ignore_ascii_case("x-fin-request-timestamp")
            );
            assert!(names.signature.eq_ignore_ascii_case("x-fin-signature"));
        }
    }
}
