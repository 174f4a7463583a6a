//! Who may call the Fin API: a bearer token (issued by `/oauth/token`, or a static API
//! token), and, when a signing secret is configured, Fin's request signature over the
//! bytes as received. Success yields the [`Caller`] proof the service asks for. Human agents
//! use their own tokens on `/helpdesk/`, checked by [`AgentAuthenticator`], which yields an
//! [`AgentCaller`] naming the agent.

use crate::auth::bearer::{self, BearerError};
use crate::auth::signature::{self, SignedPayload, SigningKey};
use crate::auth::token::hash_token;
use crate::server::ApiError;
use crate::service::Caller;
use crate::store::{AgentRecord, Store};
use chrono::Utc;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

pub struct Authenticator {
    store: Arc<dyn Store>,
    /// SHA-256 of the API tokens given in configuration (never the tokens themselves).
    static_token_hashes: HashSet<String>,
    signing_key: Option<SigningKey>,
    signature_tolerance_secs: u64,
    log: slog::Logger,
}

impl Authenticator {
    pub fn new(
        store: Arc<dyn Store>,
        static_token_hashes: HashSet<String>,
        signing_key: Option<SigningKey>,
        signature_tolerance_secs: u64,
        log: slog::Logger,
    ) -> Self {
        Authenticator {
            store,
            static_token_hashes,
            signing_key,
            signature_tolerance_secs,
            log,
        }
    }

    pub fn signs_requests(&self) -> bool {
        self.signing_key.is_some()
    }

    /// Checks the bearer token, then the signature over `payload` (the raw body, or the
    /// query string of a request without one).
    pub async fn verify(
        &self,
        request: &dropshot::RequestInfo,
        payload: SignedPayload<'_>,
    ) -> Result<Caller, ApiError> {
        let headers = request.headers();
        let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
        let token = bearer::bearer_token(header("authorization")).map_err(|error| match error {
            BearerError::MissingToken => ApiError::unauthorized(
                "a bearer token is required: send `Authorization: Bearer <token>`",
                error.www_authenticate(),
            ),
            BearerError::MalformedHeader => ApiError::unauthorized(
                "the Authorization header is not `Bearer <token>`",
                error.www_authenticate(),
            ),
        })?;
        let hash = hash_token(token.expose());
        if !self.token_is_valid(&hash).await? {
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
        Ok(Caller::authenticated())
    }

    async fn token_is_valid(&self, hash: &str) -> Result<bool, ApiError> {
        // Hashes of high-entropy tokens: looking one up leaks nothing about the token.
        if self.static_token_hashes.contains(hash) {
            return Ok(true);
        }
        let issued = self.store.find_access_token(hash).await.map_err(|error| {
            slog::error!(self.log, "token lookup failed"; "error" => %error);
            ApiError::unavailable()
        })?;
        if let Some(issued) = issued {
            return Ok(issued.expires_at > Utc::now());
        }
        self.store.has_api_token(hash).await.map_err(|error| {
            slog::error!(self.log, "token lookup failed"; "error" => %error);
            ApiError::unavailable()
        })
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
    log: slog::Logger,
}

impl AgentAuthenticator {
    pub fn new(
        store: Arc<dyn Store>,
        configured: HashMap<String, String>,
        log: slog::Logger,
    ) -> Self {
        AgentAuthenticator {
            store,
            configured,
            log,
        }
    }

    pub async fn verify(&self, request: &dropshot::RequestInfo) -> Result<AgentCaller, ApiError> {
        let header = request
            .headers()
            .get("authorization")
            .and_then(|value| value.to_str().ok());
        let token = bearer::bearer_token(header).map_err(|error| match error {
            BearerError::MissingToken => ApiError::unauthorized(
                "an agent token is required: send `Authorization: Bearer <token>`",
                error.www_authenticate(),
            ),
            BearerError::MalformedHeader => ApiError::unauthorized(
                "the Authorization header is not `Bearer <token>`",
                error.www_authenticate(),
            ),
        })?;
        let hash = hash_token(token.expose());
        let unavailable = |error: crate::store::StoreError| {
            slog::error!(self.log, "agent token lookup failed"; "error" => %error);
            ApiError::unavailable()
        };
        let agent_id = match self.configured.get(&hash) {
            Some(id) => Some(id.clone()),
            None => self
                .store
                .find_agent_token(&hash)
                .await
                .map_err(unavailable)?,
        };
        // A removed agent's token stops working, whichever way it was issued.
        let agent = match agent_id {
            Some(id) => self.store.get_agent(&id).await.map_err(unavailable)?,
            None => None,
        };
        match agent {
            Some(agent) => Ok(AgentCaller {
                agent,
                caller: Caller::authenticated(),
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
