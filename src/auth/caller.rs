//! The proof of authentication the service asks for ([`Caller`], and [`AgentCaller`] for a
//! human agent), and the credential checks that alone make one: Fin's bearer token and
//! request signature ([`FinVerifier`]), an agent's token or web inbox session
//! ([`AgentVerifier`]). The constructor is private to this module, so a handler that
//! skips these checks cannot call the service. Reading the credentials off an HTTP
//! request, and the answers to a refusal, are `server::auth`'s.
//!
//! A token found valid in the database is believed for [`TOKEN_CACHE_TTL`] (never past
//! its own expiry) without asking the database again: Fin sends the same token with every
//! request, and one lookup per request was a database round trip on every call. The cost
//! is revocation latency: a token revoked while the server runs (its client removed, from
//! this process or from the CLI) keeps working for at most that long. Unknown tokens are
//! never cached, so a new token works at once and guessing costs a lookup each time.
//!
//! A signed request that changes state is accepted once: its timestamp and signature are
//! recorded in the store until the timestamp falls out of the window, and a second request
//! with both is refused as a replay (on PostgreSQL, by every replica). If the request then
//! fails for a reason a retry can cure (its database calls time out or find the database
//! unavailable: a 503), the record is deleted again, so the client's retry of the same
//! signed request is served (creates are idempotent) rather than refused. Reads are not
//! recorded: the contract's signature over a GET covers only its timestamp and query, not
//! its path, so Fin's reads of two conversations in one second carry the same signature,
//! and a repeated read changes nothing.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::Utc;

use super::signature::{self, SignatureError, SignedPayload, SigningKey, Verified};
use crate::store::{AgentRecord, Store, StoreError};

/// Proof that the caller was authenticated; only the verifiers of this module make one.
/// It carries the request's logger (which names the request id), so a failure is logged
/// against its request, and the request's deadline for the database, set when
/// authentication began.
#[derive(Debug, Clone)]
pub struct Caller {
    log: slog::Logger,
    /// When the request's time with the database is up: then it is answered 503.
    deadline: tokio::time::Instant,
    /// The bound the deadline was set with, for the message.
    bound: Duration,
    /// A write's signature recorded as used, given back if the request fails for a
    /// reason a retry can cure.
    claim: Option<Arc<Claim>>,
}

impl Caller {
    fn authenticated(
        log: slog::Logger,
        deadline: tokio::time::Instant,
        bound: Duration,
        claim: Option<Arc<Claim>>,
    ) -> Self {
        Caller {
            log,
            deadline,
            bound,
            claim,
        }
    }

    /// The request's logger.
    pub fn log(&self) -> &slog::Logger {
        &self.log
    }

    /// `call`, cut off at the request's deadline for the database. A failure a retry can
    /// cure gives the request's signature back (the request will be answered 503).
    pub async fn before<T>(
        &self,
        call: impl Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        let result = before(self.deadline, self.bound, call).await;
        if let (Err(error), Some(claim)) = (&result, &self.claim)
            && error.retryable()
        {
            claim.give_back(&self.log);
        }
        result
    }
}

/// A write's signature recorded as used by this request.
struct Claim {
    store: Arc<dyn Store>,
    replay_key: String,
    given_back: AtomicBool,
}

impl std::fmt::Debug for Claim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Claim")
    }
}

impl Claim {
    /// Deletes the record, once, in the background: the request is answered without
    /// waiting, and the deletion outlives it (it is bounded by the store like any call).
    fn give_back(&self, log: &slog::Logger) {
        if self.given_back.swap(true, Ordering::AcqRel) {
            return;
        }
        let (store, key, log) = (self.store.clone(), self.replay_key.clone(), log.clone());
        tokio::spawn(async move {
            if let Err(error) = store.forget_signature(&key).await {
                slog::warn!(log, "could not give back a failed write's signature; a retry \
                    of the same signed request will be refused"; "error" => %error);
            }
        });
    }
}

/// `call`, cut off at `deadline` (set as a request's authentication begins).
pub async fn before<T>(
    deadline: tokio::time::Instant,
    bound: Duration,
    call: impl Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    tokio::time::timeout_at(deadline, call)
        .await
        .unwrap_or(Err(StoreError::TimedOut(bound)))
}

/// Why credentials were refused.
#[derive(Debug)]
pub enum Refused {
    /// The bearer token is unknown, revoked or expired (for an agent: or its agent was
    /// removed).
    BadToken,
    /// Fin's request signature is missing, malformed, out of its time window or wrong.
    Signature(SignatureError),
    /// The credentials could not be looked up.
    Lookup(StoreError),
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

/// Whether a request changes state, as its handler declares it: a signed one that does is
/// accepted once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Reads only: the same signed request may come again (Fin reads the same thing twice).
    Reads,
    /// Creates or changes something: a second request with the same timestamp and
    /// signature is refused as a replay.
    Writes,
}

/// How often the expired signature records are deleted, at most (per process).
const SIGNATURE_PURGE_INTERVAL: Duration = Duration::from_secs(60);

/// What a Fin request presents: its bearer token's hash and, for the signature, the
/// headers' values and the signed bytes; and what the request does.
pub struct FinCredentials<'a> {
    pub token_hash: &'a str,
    pub timestamp: Option<&'a str>,
    pub signature: Option<&'a str>,
    pub payload: SignedPayload<'a>,
    pub effect: Effect,
}

/// Checks Fin's credentials: a bearer token (issued by `/oauth/token`, or a static API
/// token), and, when a signing secret is configured, Fin's signature.
pub struct FinVerifier {
    store: Arc<dyn Store>,
    /// SHA-256 of the API tokens given in configuration (never the tokens themselves).
    static_token_hashes: HashSet<String>,
    signing_key: Option<SigningKey>,
    signature_tolerance_secs: u64,
    verified: TokenCache,
    /// A request's time with the database, from the start of its authentication.
    storage_timeout: Duration,
    /// When this process last deleted expired signature records.
    signatures_purged: Mutex<Option<Instant>>,
}

impl FinVerifier {
    pub fn new(
        store: Arc<dyn Store>,
        static_token_hashes: HashSet<String>,
        signing_key: Option<SigningKey>,
        signature_tolerance_secs: u64,
        storage_timeout: Duration,
    ) -> Self {
        FinVerifier {
            store,
            static_token_hashes,
            signing_key,
            signature_tolerance_secs,
            verified: TokenCache::default(),
            storage_timeout,
            signatures_purged: Mutex::new(None),
        }
    }

    pub fn signs_requests(&self) -> bool {
        self.signing_key.is_some()
    }

    /// Checks the bearer token, then the signature over the payload.
    pub async fn verify(
        &self,
        log: &slog::Logger,
        credentials: FinCredentials<'_>,
    ) -> Result<Caller, Refused> {
        let deadline = tokio::time::Instant::now() + self.storage_timeout;
        let valid = before(
            deadline,
            self.storage_timeout,
            self.token_is_valid(credentials.token_hash),
        )
        .await
        .map_err(Refused::Lookup)?;
        if !valid {
            return Err(Refused::BadToken);
        }
        if let Some(key) = &self.signing_key {
            let verified = signature::verify(
                key,
                credentials.timestamp,
                credentials.signature,
                &credentials.payload,
                Utc::now().timestamp(),
                self.signature_tolerance_secs,
            )
            .map_err(Refused::Signature)?;
            if credentials.effect == Effect::Writes {
                let claim = self.first_use(log, &verified, deadline).await?;
                return Ok(Caller::authenticated(
                    log.clone(),
                    deadline,
                    self.storage_timeout,
                    Some(claim),
                ));
            }
        }
        Ok(Caller::authenticated(
            log.clone(),
            deadline,
            self.storage_timeout,
            None,
        ))
    }

    /// The bearer token alone, for a request whose signed body has yet to be read.
    pub async fn check_token(&self, token_hash: &str) -> Result<(), Refused> {
        let valid = before(
            tokio::time::Instant::now() + self.storage_timeout,
            self.storage_timeout,
            self.token_is_valid(token_hash),
        )
        .await
        .map_err(Refused::Lookup)?;
        if valid {
            Ok(())
        } else {
            Err(Refused::BadToken)
        }
    }

    /// Records the signature of a request that changes state, refusing it if it was
    /// recorded before; now and then deletes the records too old to matter.
    async fn first_use(
        &self,
        log: &slog::Logger,
        verified: &Verified,
        deadline: tokio::time::Instant,
    ) -> Result<Arc<Claim>, Refused> {
        let now = Utc::now();
        // The first second in which the timestamp no longer passes the window.
        let tolerance = i64::try_from(self.signature_tolerance_secs).unwrap_or(i64::MAX);
        let expires_at = chrono::DateTime::from_timestamp(
            verified.sent_at.saturating_add(tolerance).saturating_add(1),
            0,
        )
        .unwrap_or(chrono::DateTime::<Utc>::MAX_UTC);
        let claim = Arc::new(Claim {
            store: self.store.clone(),
            replay_key: verified.replay_key(),
            given_back: AtomicBool::new(false),
        });
        let first = before(
            deadline,
            self.storage_timeout,
            self.store
                .remember_signature(&claim.replay_key, expires_at, now),
        )
        .await
        .map_err(|error| {
            // Cut off, the record may still be written: the 503's retry must not find it.
            if error.retryable() {
                claim.give_back(log);
            }
            Refused::Lookup(error)
        })?;
        if !first {
            return Err(Refused::Signature(SignatureError::Replayed));
        }
        self.purge_signatures_now_and_then(log);
        Ok(claim)
    }

    /// Deletes the expired signature records in the background, at most once per
    /// [`SIGNATURE_PURGE_INTERVAL`]: no request waits for it.
    fn purge_signatures_now_and_then(&self, log: &slog::Logger) {
        let now = Instant::now();
        {
            let mut last = self
                .signatures_purged
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if last.is_some_and(|last| now.duration_since(last) < SIGNATURE_PURGE_INTERVAL) {
                return;
            }
            *last = Some(now);
        }
        let (store, log) = (self.store.clone(), log.clone());
        tokio::spawn(async move {
            if let Err(error) = store.purge_signatures(Utc::now()).await {
                slog::warn!(log, "could not delete expired signature records"; "error" => %error);
            }
        });
    }

    async fn token_is_valid(&self, hash: &str) -> Result<bool, StoreError> {
        // Hashes of high-entropy tokens: looking one up leaks nothing about the token.
        if self.static_token_hashes.contains(hash) {
            return Ok(true);
        }
        let now = Instant::now();
        if self.verified.is_fresh(hash, now) {
            return Ok(true);
        }
        if let Some(issued) = self.store.find_access_token(hash).await? {
            let left = (issued.expires_at - Utc::now())
                .to_std()
                .unwrap_or_default();
            if left.is_zero() {
                return Ok(false);
            }
            self.verified.remember(hash, now, left);
            return Ok(true);
        }
        let known = self.store.has_api_token(hash).await?;
        if known {
            // API tokens do not expire; they are trusted for the TTL like issued ones.
            self.verified.remember(hash, now, TOKEN_CACHE_TTL);
        }
        Ok(known)
    }
}

/// Proof that a human agent authenticated with an agent token or a web inbox session; it
/// names the agent. Only [`AgentVerifier`] makes one, so an agents' handler cannot act
/// without it.
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
/// created by `fin-helpdesk agents token` (hashes in the store), and web inbox sessions.
/// Fin's tokens are not accepted here, nor agent tokens on Fin's API.
pub struct AgentVerifier {
    store: Arc<dyn Store>,
    /// SHA-256 of a configured token → agent id.
    configured: HashMap<String, String>,
    /// A request's time with the database, from the start of its authentication.
    storage_timeout: Duration,
}

impl AgentVerifier {
    pub fn new(
        store: Arc<dyn Store>,
        configured: HashMap<String, String>,
        storage_timeout: Duration,
    ) -> Self {
        AgentVerifier {
            store,
            configured,
            storage_timeout,
        }
    }

    /// The store and the bound the verifier asks it within (for the session changes the
    /// server makes beside the checks).
    pub fn store(&self) -> (&Arc<dyn Store>, Duration) {
        (&self.store, self.storage_timeout)
    }

    /// The agent of a token (by its hash); `BadToken` if it is unknown or its agent was
    /// removed, whichever way the token was issued.
    pub async fn verify_token_hash(
        &self,
        log: &slog::Logger,
        hash: &str,
    ) -> Result<AgentCaller, Refused> {
        let deadline = tokio::time::Instant::now() + self.storage_timeout;
        let agent_id = match self.configured.get(hash) {
            Some(id) => Some(id.clone()),
            None => before(
                deadline,
                self.storage_timeout,
                self.store.find_agent_token(hash),
            )
            .await
            .map_err(Refused::Lookup)?,
        };
        let agent = match agent_id {
            Some(id) => before(deadline, self.storage_timeout, self.store.get_agent(&id))
                .await
                .map_err(Refused::Lookup)?,
            None => None,
        };
        let agent = agent.ok_or(Refused::BadToken)?;
        Ok(self.caller(log, deadline, agent))
    }

    /// The agent of a live web inbox session, as a caller: `None` if there is no such
    /// session, it expired, or its agent was removed.
    pub async fn verify_session(
        &self,
        log: &slog::Logger,
        session_hash: &str,
    ) -> Result<Option<AgentCaller>, StoreError> {
        let deadline = tokio::time::Instant::now() + self.storage_timeout;
        let session = before(
            deadline,
            self.storage_timeout,
            self.store.find_inbox_session(session_hash),
        )
        .await?;
        let Some(session) = session.filter(|session| session.expires_at > Utc::now()) else {
            return Ok(None);
        };
        let agent = before(
            deadline,
            self.storage_timeout,
            self.store.get_agent(&session.agent_id),
        )
        .await?;
        Ok(agent.map(|agent| self.caller(log, deadline, agent)))
    }

    fn caller(
        &self,
        log: &slog::Logger,
        deadline: tokio::time::Instant,
        agent: AgentRecord,
    ) -> AgentCaller {
        AgentCaller {
            agent,
            caller: Caller::authenticated(log.clone(), deadline, self.storage_timeout, None),
        }
    }
}
