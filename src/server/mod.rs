//! The dropshot server: both variants' adapters and the human agents' API over one
//! service, side by side on one address, plus `/oauth/token`, `/healthz`, `/readyz` and the served
//! OpenAPI documents; and the outbox worker that tells Fin about agents' changes.

pub mod agents;
pub mod auth;
pub mod error;
pub mod extract;
pub mod posts;
pub mod rest;
mod wire;

pub use error::{ApiError, PostsAnswer, PostsError};

use crate::api::{agents as agents_api, posts as posts_api, rest as rest_api};
use crate::auth::Secret;
use crate::auth::oauth::{self, OAuthError, TokenResponse};
use crate::auth::signature::SigningKey;
use crate::auth::token::{ACCESS_TOKEN_PREFIX, hash_secret, hash_token, new_token, verify_secret};
use crate::contract::Variant;
use crate::outbox::{FinWebhook, OutboxSettings, Unfinished, WebhookSender, Worker};
use crate::service::Service;
use crate::store::{self, OpenOptions, Store};
use dropshot::{
    ApiDescription, Body, ConfigDropshot, HandlerTaskMode, HttpError, HttpResponseOk, HttpServer,
    Path, RequestContext, ServerBuilder, UntypedBody,
};
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// Everything `serve` needs, already validated.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub bind: SocketAddr,
    pub database_url: String,
    pub request_body_max_bytes: usize,
    /// OAuth2 clients from configuration: (client_id, secret).
    pub oauth_clients: Vec<(String, Secret)>,
    /// Static API tokens from configuration.
    pub api_tokens: Vec<Secret>,
    pub token_lifetime: Duration,
    pub signing_secret: Option<Secret>,
    pub signature_tolerance_secs: u64,
    /// Human agents' tokens from configuration: (agent_id, token).
    pub agent_tokens: Vec<(String, Secret)>,
    /// Fin's webhook; `None` stores events without sending them.
    pub fin: Option<FinWebhook>,
    pub outbox: OutboxSettings,
    /// How long stopping may take, from the signal to the exit.
    pub shutdown_timeout: Duration,
    /// How long any database call may take before the request is answered 503.
    pub storage_timeout: Duration,
}

/// The default of `--shutdown-timeout-secs`: within the usual 30 s an orchestrator allows
/// before it kills, with room to spare.
pub const DEFAULT_SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(10);

impl ServerConfig {
    /// Defaults for a given database, as `serve` starts with no options.
    pub fn new(bind: SocketAddr, database_url: impl Into<String>) -> Self {
        ServerConfig {
            bind,
            database_url: database_url.into(),
            request_body_max_bytes: 1024 * 1024,
            oauth_clients: Vec::new(),
            api_tokens: Vec::new(),
            token_lifetime: Duration::from_secs(3600),
            signing_secret: None,
            signature_tolerance_secs: 300,
            agent_tokens: Vec::new(),
            fin: None,
            outbox: OutboxSettings::default(),
            shutdown_timeout: DEFAULT_SHUTDOWN_TIMEOUT,
            storage_timeout: store::DEFAULT_STORAGE_TIMEOUT,
        }
    }
}

/// State shared by every request.
pub struct AppState {
    pub service: Service,
    pub auth: auth::Authenticator,
    pub agent_auth: auth::AgentAuthenticator,
    pub store: Arc<dyn Store>,
    pub token_lifetime: Duration,
    pub log: slog::Logger,
}

/// A started server.
pub struct RunningServer {
    server: HttpServer<Arc<AppState>>,
    pub local_addr: SocketAddr,
    /// The API token generated on a first start without any credentials: shown once.
    pub generated_api_token: Option<Secret>,
    pub state: Arc<AppState>,
    /// Sends queued events to Fin; `None` when Fin is not configured.
    worker: Option<Worker>,
    shutdown_timeout: Duration,
}

/// What a bounded stop left unfinished.
#[derive(Debug, Default)]
pub struct ShutdownReport {
    /// Requests still running at the deadline (waiting for the database, say) were
    /// abandoned: their clients see the connection close without an answer.
    pub requests_abandoned: bool,
    /// The HTTP server failed (rather than being cut off).
    pub server_error: Option<String>,
    /// What the outbox worker left; events always stay queued.
    pub outbox: Unfinished,
}

impl ShutdownReport {
    /// Whether everything in flight finished.
    pub fn is_clean(&self) -> bool {
        !self.requests_abandoned && self.server_error.is_none() && self.outbox.is_empty()
    }
}

impl RunningServer {
    /// [`RunningServer::stop`], reduced to whether the HTTP server failed.
    pub async fn shutdown(self) -> Result<(), String> {
        match self.stop().await.server_error {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    /// Stops within the configured shutdown timeout, whatever Fin and the database do. At
    /// once: no new connections, no new outbox claims. Requests in flight may finish until
    /// the deadline; deliveries to Fin until half of it, when they are abandoned and their
    /// claims released (see [`Worker::stop`]). What is still running at the deadline is
    /// left, and reported.
    pub async fn stop(self) -> ShutdownReport {
        let deadline = tokio::time::Instant::now() + self.shutdown_timeout;
        let log = self.state.log.clone();
        let http = tokio::time::timeout_at(deadline, self.server.close());
        let worker = self.worker;
        let outbox = async move {
            match worker {
                Some(worker) => worker.stop(deadline).await,
                None => Unfinished::default(),
            }
        };
        let (closed, outbox) = tokio::join!(http, outbox);
        let mut report = ShutdownReport {
            outbox,
            ..ShutdownReport::default()
        };
        match closed {
            Ok(Ok(())) => {}
            Ok(Err(error)) => report.server_error = Some(error),
            Err(_) => {
                slog::warn!(log, "requests still in flight at the shutdown deadline were \
                    abandoned (waiting for the database, or slow clients)";
                    "shutdown_timeout_secs" => self.shutdown_timeout.as_secs_f64());
                report.requests_abandoned = true;
            }
        }
        report
    }

    /// Waits until the server stops by itself (it does not, unless it fails).
    pub async fn wait(self) -> Result<(), String> {
        self.server.await
    }
}

/// Opens the store, applies the configured credentials and starts serving.
pub async fn start(config: ServerConfig, log: slog::Logger) -> Result<RunningServer, String> {
    start_with_request_log(config, log.clone(), log).await
}

/// As [`start`], with dropshot's per-request lines on their own logger, so they can be
/// quieter than the helpdesk's own messages (the outbox's retries, its start-up notice).
pub async fn start_with_request_log(
    config: ServerConfig,
    log: slog::Logger,
    request_log: slog::Logger,
) -> Result<RunningServer, String> {
    let options = OpenOptions {
        acquire_timeout: config.storage_timeout,
        ..OpenOptions::default()
    };
    let store = store::open(&config.database_url, &options)
        .await
        .map_err(|error| format!("cannot open the database: {error}"))?;
    // Fail fast: with the database unreachable every call ends within the bound.
    let store: Arc<dyn Store> = Arc::new(store::Bounded::new(store, config.storage_timeout));
    let generated_api_token = apply_credentials(&config, store.as_ref()).await?;
    let signing_key = config
        .signing_secret
        .as_ref()
        .map(SigningKey::new)
        .transpose()
        .map_err(|error| format!("signing secret: {error}"))?;
    let static_token_hashes: HashSet<String> = config
        .api_tokens
        .iter()
        .map(|token| hash_token(token.expose()))
        .collect();
    let agent_tokens = configured_agent_tokens(&config, store.as_ref()).await?;
    let service = Service::new(store.clone());
    let worker = match &config.fin {
        Some(fin) => {
            let sender = WebhookSender::new(fin, config.outbox.request_timeout)?;
            slog::info!(log, "sending conversation events to Fin's webhook";
                "base_url" => &fin.base_url, "integration_id" => &fin.integration_id);
            Some(Worker::start(
                store.clone(),
                sender,
                config.outbox.clone(),
                service.outbox_signal(),
                log.new(slog::o!("component" => "outbox")),
            ))
        }
        None => {
            slog::info!(log, "Fin's webhook is not configured: events are stored and not sent";
                "hint" => "set --fin-region (or --fin-webhook-base-url), --integration-id and --webhook-key");
            None
        }
    };
    let state = Arc::new(AppState {
        service,
        auth: auth::Authenticator::new(
            store.clone(),
            static_token_hashes,
            signing_key,
            config.signature_tolerance_secs,
            config.storage_timeout,
        ),
        agent_auth: auth::AgentAuthenticator::new(
            store.clone(),
            agent_tokens,
            config.storage_timeout,
        ),
        store,
        token_lifetime: config.token_lifetime,
        log: log.clone(),
    });
    let api = api_description().map_err(|error| format!("cannot describe the API: {error}"))?;
    let dropshot_config = ConfigDropshot {
        bind_address: config.bind,
        default_request_body_max_bytes: config.request_body_max_bytes,
        // A client that hangs up must not cancel a write half-way through the service.
        default_handler_task_mode: HandlerTaskMode::Detached,
        ..ConfigDropshot::default()
    };
    let started = ServerBuilder::new(api, state.clone(), request_log)
        .config(dropshot_config)
        .start()
        .map_err(|error| format!("cannot start the server on {}: {error}", config.bind));
    let server = match started {
        Ok(server) => server,
        Err(error) => {
            if let Some(worker) = worker {
                worker
                    .stop(tokio::time::Instant::now() + config.shutdown_timeout)
                    .await;
            }
            return Err(error);
        }
    };
    let local_addr = server.local_addr();
    Ok(RunningServer {
        server,
        local_addr,
        generated_api_token,
        state,
        worker,
        shutdown_timeout: config.shutdown_timeout,
    })
}

/// The configured agent tokens as hash → agent id. An unknown agent stops the start: its
/// token could never work, and a typo should not pass silently.
async fn configured_agent_tokens(
    config: &ServerConfig,
    store: &dyn Store,
) -> Result<HashMap<String, String>, String> {
    let mut tokens = HashMap::new();
    for (agent_id, token) in &config.agent_tokens {
        let agent = store
            .get_agent(agent_id)
            .await
            .map_err(|error| format!("cannot check agent tokens: {error}"))?;
        if agent.is_none() {
            return Err(format!(
                "an agent token names the agent `{agent_id}`, which does not exist: add it with `fin-helpdesk agents add --id {agent_id} …`"
            ));
        }
        tokens.insert(hash_token(token.expose()), agent_id.clone());
    }
    Ok(tokens)
}

/// Both variants, side by side, the human agents' API, and the helpdesk's own endpoints.
pub fn api_description() -> Result<ApiDescription<Arc<AppState>>, String> {
    let mut api = ApiDescription::new();
    agents_api::register_helpdesk_agent_api::<agents::AgentsImpl>(&mut api, "agents_")
        .map_err(|error| error.to_string())?;
    rest_api::register_fin_helpdesk_api::<rest::RestImpl>(&mut api, "rest_")
        .map_err(|error| error.to_string())?;
    posts_api::register_fin_helpdesk_posts_api::<posts::PostsImpl>(&mut api, "posts_")
        .map_err(|error| error.to_string())?;
    api.register(oauth_token)
        .map_err(|error| error.to_string())?;
    api.register(healthz).map_err(|error| error.to_string())?;
    api.register(readyz).map_err(|error| error.to_string())?;
    api.register(served_openapi)
        .map_err(|error| error.to_string())?;
    Ok(api)
}

/// Registers configured OAuth clients, and on a first start without any credentials
/// generates one API token so that even the one-command start is closed to strangers.
async fn apply_credentials(
    config: &ServerConfig,
    store: &dyn Store,
) -> Result<Option<Secret>, String> {
    let failed = |error: store::StoreError| format!("cannot store credentials: {error}");
    for (client_id, secret) in &config.oauth_clients {
        let existing = store.get_oauth_client(client_id).await.map_err(failed)?;
        match existing {
            Some(client) if verify_secret(secret.expose(), &client.secret_hash) => {}
            Some(_) => {
                // The secret was rotated in configuration: the old one and its tokens go.
                store.remove_oauth_client(client_id).await.map_err(failed)?;
                store
                    .add_oauth_client(client_id, &hash_secret(secret.expose()))
                    .await
                    .map_err(failed)?;
            }
            None => {
                store
                    .add_oauth_client(client_id, &hash_secret(secret.expose()))
                    .await
                    .map_err(failed)?;
            }
        }
    }
    let nothing_configured = config.oauth_clients.is_empty()
        && config.api_tokens.is_empty()
        && store.list_oauth_clients().await.map_err(failed)?.is_empty()
        && store.count_api_tokens().await.map_err(failed)? == 0;
    if !nothing_configured {
        return Ok(None);
    }
    let token = new_token("fhd_api_");
    store
        .add_api_token(&hash_token(token.expose()), "generated on first start")
        .await
        .map_err(failed)?;
    Ok(Some(token))
}

/// OAuth 2.0 token endpoint (client credentials, RFC 6749 §4.4).
#[dropshot::endpoint {
    method = POST,
    path = "/oauth/token",
    content_type = "application/x-www-form-urlencoded",
    unpublished = true,
}]
async fn oauth_token(
    rqctx: RequestContext<Arc<AppState>>,
    body: UntypedBody,
) -> Result<http::Response<Body>, HttpError> {
    let app = rqctx.context();
    let authorization = rqctx
        .request
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok());
    let issued = issue_token(app, &rqctx.log, authorization, body.as_bytes()).await;
    let (status, json, challenge) = match issued {
        Ok(response) => (http::StatusCode::OK, serde_json::to_value(&response), None),
        Err(error) => (
            error.status(),
            Ok(error.to_json()),
            error.www_authenticate(),
        ),
    };
    let json = json.map_err(|_| HttpError::for_internal_error("cannot encode the token".into()))?;
    let mut response = http::Response::builder()
        .status(status)
        .header(http::header::CONTENT_TYPE, "application/json");
    for (name, value) in oauth::NO_STORE_HEADERS {
        response = response.header(name, value);
    }
    if let Some(challenge) = challenge {
        response = response.header(http::header::WWW_AUTHENTICATE, challenge);
    }
    if status == http::StatusCode::SERVICE_UNAVAILABLE {
        response = response.header(http::header::RETRY_AFTER, error::RETRY_AFTER_SECS);
    }
    response
        .body(Body::from(json.to_string()))
        .map_err(|_| HttpError::for_internal_error("cannot build the token response".into()))
}

async fn issue_token(
    app: &AppState,
    log: &slog::Logger,
    authorization: Option<&str>,
    body: &[u8],
) -> Result<TokenResponse, OAuthError> {
    let request = oauth::parse_token_request(authorization, body)?;
    let unavailable = |error: store::StoreError| {
        if error.retryable() {
            slog::warn!(log, "token endpoint storage failure"; "error" => %error);
            OAuthError::new(
                oauth::OAuthErrorCode::TemporarilyUnavailable,
                "the helpdesk cannot issue tokens right now; retry later",
            )
        } else {
            slog::error!(log, "token endpoint storage failure"; "error" => %error);
            OAuthError::new(
                oauth::OAuthErrorCode::ServerError,
                "the helpdesk failed to issue a token; the failure is logged",
            )
        }
    };
    // No stored client id holds U+0000 (and PostgreSQL cannot even compare with one): such
    // an id is an unknown client, the same answer on both databases.
    let client = if request.client_id.contains('\0') {
        None
    } else {
        app.store
            .get_oauth_client(&request.client_id)
            .await
            .map_err(unavailable)?
    };
    oauth::authenticate_client(
        &request,
        client.as_ref().map(|client| client.secret_hash.as_str()),
    )?;
    let token = new_token(ACCESS_TOKEN_PREFIX);
    let lifetime =
        chrono::Duration::from_std(app.token_lifetime).unwrap_or(chrono::Duration::hours(1));
    app.store
        .insert_access_token(
            &hash_token(token.expose()),
            &request.client_id,
            chrono::Utc::now() + lifetime,
        )
        .await
        .map_err(unavailable)?;
    Ok(TokenResponse::bearer(token, app.token_lifetime.as_secs()))
}

#[derive(serde::Serialize, schemars::JsonSchema)]
struct Health {
    status: &'static str,
}

/// Liveness and database reachability.
#[dropshot::endpoint { method = GET, path = "/healthz", unpublished = true }]
async fn healthz(
    rqctx: RequestContext<Arc<AppState>>,
) -> Result<HttpResponseOk<Health>, HttpError> {
    rqctx
        .context()
        .store
        .count_api_tokens()
        .await
        .map_err(|error| {
            slog::error!(rqctx.log, "health check: database unreachable"; "error" => %error);
            HttpError::for_unavail(None, "database unreachable".into())
        })?;
    Ok(HttpResponseOk(Health { status: "ok" }))
}

/// Readiness: whether this replica can take writes now (the SQLite writer alive and
/// committing, PostgreSQL answering). A load balancer stops sending requests to a replica
/// answering 503 here; `/healthz` tells whether to restart it.
#[dropshot::endpoint { method = GET, path = "/readyz", unpublished = true }]
async fn readyz(rqctx: RequestContext<Arc<AppState>>) -> Result<HttpResponseOk<Health>, HttpError> {
    rqctx
        .context()
        .store
        .check_write_path()
        .await
        .map_err(|error| {
            slog::warn!(rqctx.log, "readiness check: cannot write"; "error" => %error);
            let mut unready = ApiError::unavailable();
            unready.message = "not ready: the database cannot take writes now".into();
            HttpError::from(unready)
        })?;
    Ok(HttpResponseOk(Health { status: "ready" }))
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct DocumentPath {
    /// `rest.json`, `posts.json` or `agents.json`.
    document: String,
}

/// The OpenAPI document each variant serves.
#[dropshot::endpoint { method = GET, path = "/openapi/{document}", unpublished = true }]
async fn served_openapi(
    _rqctx: RequestContext<Arc<AppState>>,
    path: Path<DocumentPath>,
) -> Result<HttpResponseOk<serde_json::Value>, HttpError> {
    let variant = match path.into_inner().document.as_str() {
        "rest.json" => Variant::Rest,
        "posts.json" => Variant::Posts,
        "agents.json" => Variant::Agents,
        other => {
            return Err(HttpError::for_client_error(
                None,
                dropshot::ClientErrorStatusCode::NOT_FOUND,
                format!("no document `{other}`: use rest.json, posts.json or agents.json"),
            ));
        }
    };
    variant
        .served_document()
        .map(HttpResponseOk)
        .map_err(HttpError::for_internal_error)
}
