//! Who may call the Fin API: a bearer token (issued by `/oauth/token`, or a static API
//! token), and, when a signing secret is configured, Fin's request signature over the
//! bytes as received. Success yields the [`Caller`] proof the service asks for. Human agents
//! use their own tokens on `/helpdesk/`, checked by [`AgentAuthenticator`], which yields an
//! [`AgentCaller`] naming the agent.
//!
//! A token found valid in the database is believed for [`TOKEN_CACHE_TTL`] (never past
//! its own expiry) without asking the database again: Fin sends the same token with every
//! request, and one lookup per request was a database round trip on every call. The cost
//! is revocation latency: a token revoked while the server runs (its client removed, from
//! this process or from the CLI) keeps working for at most that long. Unknown tokens are
//! never cached, so a new token works at once and guessing costs a lookup each time.

use crate::auth::Secret;
use crate::auth::bearer::{self, BearerError};
use crate::auth::signature::{self, SignedPayload, SigningKey};
use crate::auth::token::hash_token;
use crate::server::ApiError;
use crate::service::Caller;
use crate::store::{AgentRecord, Store, StoreError};
use chrono::Utc;
use dropshot::{RequestContext, ServerContext};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

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

/// `call`, cut off at the request's deadline (set as its authentication begins).
async fn before<T>(
    deadline: tokio::time::Instant,
    bound: Duration,
    call: impl std::future::Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    tokio::time::timeout_at(deadline, call)
        .await
        .unwrap_or(Err(StoreError::TimedOut(bound)))
}

/// The hash of the request's bearer token, or the 401 that says what is wrong with its
/// `Authorization` header; `wanted` names the token in the message ("a bearer token").
fn bearer_token_hash(request: &dropshot::RequestInfo, wanted: &str) -> Result<String, ApiError> {
    let header = request
        .headers()
        .get("authorization")
        .and_then(|value| value.to_str().ok());
    let token = bearer::bearer_token(header).map_err(|error| match error {
        BearerError::MissingToken => ApiError::unauthorized(
            format!("{wanted} is required: send `Authorization: Bearer <token>`"),
            error.www_authenticate(),
        ),
        BearerError::MalformedHeader => ApiError::unauthorized(
            "the Authorization header is not `Bearer <token>`",
            error.www_authenticate(),
        ),
    })?;
    Ok(hash_token(token.expose()))
}

/// How long a token verified against the database is trusted without asking again: the
/// longest a revoked token keeps working.
pub const TOKEN_CACHE_TTL: Duration = Duration::from_secs(1);
/// Past this many cached tokens the cache starts again empty (a bound, not an LRU: a
/// deployment has a handful of live tokens).
const TOKEN_CACHE_MAX: usize = 1024;

/// Hashes of tokens recently found valid, with the instant until which to trust each.
#[derive(Default)]
struct TokenCache {
    entries: Mutex<HashMap<String, Instant>>,
}

impl TokenCache {
    fn is_fresh(&self, hash: &str, now: Instant) -> bool {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.get(hash).is_some_and(|until| *until > now)
    }

    /// Remembers a valid token for the TTL, or until it expires if that comes first.
    fn remember(&self, hash: &str, now: Instant, expires_in: Duration) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= TOKEN_CACHE_MAX {
            entries.retain(|_, until| *until > now);
            if entries.len() >= TOKEN_CACHE_MAX {
                entries.clear();
            }
        }
        entries.insert(hash.to_string(), now + expires_in.min(TOKEN_CACHE_TTL));
    }
}

pub struct Authenticator {
    store: Arc<dyn Store>,
    /// SHA-256 of the API tokens given in configuration (never the tokens themselves).
    static_token_hashes: HashSet<String>,
    signing_key: Option<SigningKey>,
    signature_tolerance_secs: u64,
    verified: TokenCache,
    /// A request's time with the database, from the start of its authentication.
    storage_timeout: Duration,
}

impl Authenticator {
    pub fn new(
        store: Arc<dyn Store>,
        static_token_hashes: HashSet<String>,
        signing_key: Option<SigningKey>,
        signature_tolerance_secs: u64,
        storage_timeout: Duration,
    ) -> Self {
        Authenticator {
            store,
            static_token_hashes,
            signing_key,
            signature_tolerance_secs,
            verified: TokenCache::default(),
            storage_timeout,
        }
    }

    pub fn signs_requests(&self) -> bool {
        self.signing_key.is_some()
    }

    /// Checks the bearer token, then the signature over `payload` (the raw body, or the
    /// query string of a request without one).
    pub async fn verify<C: ServerContext>(
        &self,
        rqctx: &RequestContext<C>,
        payload: SignedPayload<'_>,
    ) -> Result<Caller, ApiError> {
        let deadline = tokio::time::Instant::now() + self.storage_timeout;
        let request = &rqctx.request;
        let headers = request.headers();
        let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
        let hash = bearer_token_hash(request, "a bearer token")?;
        let valid = tokio::time::timeout_at(deadline, self.token_is_valid(&rqctx.log, &hash))
            .await
            .map_err(|_| {
                lookup_failed(&rqctx.log, &StoreError::TimedOut(self.storage_timeout))
            })??;
        if !valid {
            return Err(ApiError::unauthorized(
                "the bearer token is unknown, revoked or expired",
                bearer::www_authenticate_bearer(
                    Some(bearer::INVALID_TOKEN),
                    Some("the token is unknown, revoked or expired"),
                ),
            ));
        }
        if let Some(key) = &self.signing_key {
            signature::verify(
                key,
                header("x-fin-request-timestamp"),
                header("x-fin-signature"),
                &payload,
                Utc::now().timestamp(),
                self.signature_tolerance_secs,
            )
            .map_err(|error| {
                ApiError::unauthorized(
                    format!("request signature rejected: {error}"),
                    bearer::www_authenticate_bearer(
                        Some(bearer::INVALID_REQUEST),
                        Some("the Fin request signature is missing or wrong"),
                    ),
                )
            })?;
        }
        Ok(Caller::authenticated(
            rqctx.log.clone(),
            deadline,
            self.storage_timeout,
        ))
    }

    /// Authenticates over the raw body, then decodes it: in that order, so a stranger's
    /// malformed JSON gets a 401, not a 400 that describes our schema.
    pub async fn verify_json<
        T: serde::de::DeserializeOwned + crate::server::extract::BodySchema + 'static,
        C: ServerContext,
    >(
        &self,
        rqctx: &RequestContext<C>,
        body: &crate::server::extract::SignedJson<T>,
    ) -> Result<(Caller, T), ApiError> {
        let caller = self.verify(rqctx, SignedPayload::Body(body.raw())).await?;
        Ok((caller, body.decode()?))
    }

    async fn token_is_valid(&self, log: &slog::Logger, hash: &str) -> Result<bool, ApiError> {
        // Hashes of high-entropy tokens: looking one up leaks nothing about the token.
        if self.static_token_hashes.contains(hash) {
            return Ok(true);
        }
        let now = Instant::now();
        if self.verified.is_fresh(hash, now) {
            return Ok(true);
        }
        let issued = self
            .store
            .find_access_token(hash)
            .await
            .map_err(|error| lookup_failed(log, &error))?;
        if let Some(issued) = issued {
            let left = (issued.expires_at - Utc::now())
                .to_std()
                .unwrap_or_default();
            if left.is_zero() {
                return Ok(false);
            }
            self.verified.remember(hash, now, left);
            return Ok(true);
        }
        let known = self
            .store
            .has_api_token(hash)
            .await
            .map_err(|error| lookup_failed(log, &error))?;
        if known {
            // API tokens do not expire; they are trusted for the TTL like issued ones.
            self.verified.remember(hash, now, TOKEN_CACHE_TTL);
        }
        Ok(known)
    }
}

/// Proof that a human agent authenticated with an agent token; it names the agent. Only
/// [`AgentAuthenticator::verify`] makes one, so an agents' handler cannot act without it.
#[derive(Debug, Clone)]
pub struct AgentCaller {
    agent: AgentRecord,
    caller: Caller,
}

impl AgentCaller {
    /// The agent the token belongs to (not removed at the time of the request).
    pub fn agent(&self) -> &AgentRecord {
        &self.agent
    }

    /// The proof the service asks for.
    pub fn caller(&self) -> &Caller {
        &self.caller
    }
}

/// Checks agent tokens: those from configuration (kept as hashes in memory) and those
/// created by `fin-helpdesk agents token` (hashes in the store). Fin's tokens are not
/// accepted here, nor agent tokens on Fin's API.
pub struct AgentAuthenticator {
    store: Arc<dyn Store>,
    /// SHA-256 of a configured token → agent id.
    configured: HashMap<String, String>,
    /// A request's time with the database, from the start of its authentication.
    storage_timeout: Duration,
}

impl AgentAuthenticator {
    pub fn new(
        store: Arc<dyn Store>,
        configured: HashMap<String, String>,
        storage_timeout: Duration,
    ) -> Self {
        AgentAuthenticator {
            store,
            configured,
            storage_timeout,
        }
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
        let now = Utc::now();
        let lifetime = chrono::Duration::from_std(lifetime).unwrap_or(chrono::Duration::hours(8));
        let deadline = tokio::time::Instant::now() + self.storage_timeout;
        before(
            deadline,
            self.storage_timeout,
            self.store
                .insert_inbox_session(session_hash, &agent.agent.id, now + lifetime, now),
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
        let deadline = tokio::time::Instant::now() + self.storage_timeout;
        before(
            deadline,
            self.storage_timeout,
            self.store.delete_inbox_session(session_hash),
        )
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
        let deadline = tokio::time::Instant::now() + self.storage_timeout;
        let unavailable = |error: StoreError| lookup_failed(log, &error);
        let session = before(
            deadline,
            self.storage_timeout,
            self.store.find_inbox_session(session_hash),
        )
        .await
        .map_err(unavailable)?;
        let Some(session) = session.filter(|session| session.expires_at > Utc::now()) else {
            return Ok(None);
        };
        let agent = before(
            deadline,
            self.storage_timeout,
            self.store.get_agent(&session.agent_id),
        )
        .await
        .map_err(unavailable)?;
        Ok(agent.map(|agent| AgentCaller {
            agent,
            caller: Caller::authenticated(log.clone(), deadline, self.storage_timeout),
        }))
    }

    async fn verify_hash(&self, log: &slog::Logger, hash: &str) -> Result<AgentCaller, ApiError> {
        let deadline = tokio::time::Instant::now() + self.storage_timeout;
        let unavailable = |error: StoreError| lookup_failed(log, &error);
        let agent_id = match self.configured.get(hash) {
            Some(id) => Some(id.clone()),
            None => before(
                deadline,
                self.storage_timeout,
                self.store.find_agent_token(hash),
            )
            .await
            .map_err(unavailable)?,
        };
        // A removed agent's token stops working, whichever way it was issued.
        let agent = match agent_id {
            Some(id) => before(deadline, self.storage_timeout, self.store.get_agent(&id))
                .await
                .map_err(unavailable)?,
            None => None,
        };
        match agent {
            Some(agent) => Ok(AgentCaller {
                agent,
                caller: Caller::authenticated(log.clone(), deadline, self.storage_timeout),
            }),
            None => Err(ApiError::unauthorized(
                "the agent token is unknown, or its agent was removed",
                bearer::www_authenticate_bearer(
                    Some(bearer::INVALID_TOKEN),
                    Some("the token is unknown or revoked"),
                ),
            )),
        }
    }
}
