//! The dropshot server's configuration and bootstrap: opens the store, applies the
//! credentials, and serves both variants' adapters, the human agents' API and their web
//! inbox (`inbox/`) over one service, side by side on one address, with `/oauth/token`
//! (`token_endpoint.rs`), `/healthz`, `/readyz` and the served OpenAPI documents (`health.rs`),
//! and request metrics with `/metrics` on an address of their own (`observe.rs`); and
//! starts the outbox worker that tells Fin about agents' changes, and the retention
//! sweeper when old closed conversations are to be removed.

pub mod agents;
pub mod authenticate;
pub mod connections;
pub mod error;
pub mod extract;
mod health;
pub mod inbox;
pub mod observe;
pub mod posts;
pub mod rest;
mod token_endpoint;
mod wire;

pub use error::{ApiError, PostsAnswer, PostsError};

use crate::api::{agents as agents_api, posts as posts_api, rest as rest_api};
use crate::auth::Secret;
use crate::auth::caller::{AgentVerifier, FinVerifier};
use crate::auth::signature::SigningKey;
use crate::auth::throttle::{Throttle, ThrottlePolicy};
use crate::auth::token::{hash_secret, hash_token, new_token, verify_secret};
use crate::error::Error;
use crate::outbox::{FinWebhook, OutboxSettings, Unfinished, WebhookSender, Worker};
use crate::retention::{RetentionSettings, Sweeper};
use crate::service::Service;
use crate::store::{self, OpenOptions, Store};
use crate::tls::{self, TlsFiles};
use dropshot::{ApiDescription, ConfigDropshot, HandlerTaskMode, HttpServer, ServerBuilder};
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Everything `serve` needs, already validated.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub bind: SocketAddr,
    pub database_url: String,
    pub request_body_max_bytes: usize,
    /// How long a request's body may take to arrive once its headers have.
    pub body_read_timeout: Duration,
    /// Open connections, in total and per client address, and their idle timeout.
    pub connections: connections::ConnectionLimits,
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
    /// The web inbox's sessions: lifetime, `Secure` cookies.
    pub inbox: inbox::SessionSettings,
    /// Removing old closed conversations; `None` keeps them for ever.
    pub retention: Option<RetentionSettings>,
    /// How many failed token requests and inbox sign-ins are allowed, within how long.
    pub auth_throttle: ThrottlePolicy,
    /// Serve https with this certificate and key (reloaded when they change); `None`
    /// serves plain http, for a TLS proxy in front.
    pub tls: Option<TlsFiles>,
    /// A PEM file of CA certificates trusted for Fin's webhook besides the system's (a
    /// private CA in tests and private setups).
    pub fin_ca_cert: Option<PathBuf>,
}

/// The default of `--body-read-timeout-secs`: Fin's bodies are small JSON sent at once;
/// 20 s still lets the largest allowed body (1 MiB) through at 50 kB/s.
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(20);

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
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            connections: connections::ConnectionLimits::default(),
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
            inbox: inbox::SessionSettings::default(),
            retention: None,
            auth_throttle: ThrottlePolicy::default(),
            tls: None,
            fin_ca_cert: None,
        }
    }
}

/// State shared by every request.
pub struct AppState {
    pub service: Service,
    pub auth: authenticate::Authenticator,
    pub agent_auth: authenticate::AgentAuthenticator,
    pub store: Arc<dyn Store>,
    pub token_lifetime: Duration,
    /// How long a request's body may take to arrive.
    pub body_read_timeout: Duration,
    /// The web inbox's sessions and live-update streams.
    pub inbox: inbox::Inbox,
    /// `/readyz`'s last answer, reused for a second.
    pub(crate) readiness: health::ReadinessCache,
    /// Failed `/oauth/token` requests, by address and client id.
    pub token_throttle: Throttle,
    /// Failed inbox sign-ins, by address.
    pub sign_in_throttle: Throttle,
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
    /// Removes old closed conversations; `None` without `--retain-conversations-days`.
    sweeper: Option<Sweeper>,
    shutdown_timeout: Duration,
    /// Reloads the TLS certificate; `None` without TLS. Stops when dropped.
    _tls_watcher: Option<tls::Watcher>,
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
    pub async fn shutdown(self) -> Result<(), Error> {
        match self.stop().await.server_error {
            Some(error) => Err(Error::Server(error)),
            None => Ok(()),
        }
    }

    /// Stops within the configured shutdown timeout, whatever Fin and the database do. At
    /// once: no new connections, no new outbox claims. Requests in flight may finish until
    /// the deadline; deliveries to Fin until half of it, when they are abandoned and their
    /// claims released (see the outbox worker's `stop`). What is still running at the
    /// deadline is left, and reported.
    pub async fn stop(self) -> ShutdownReport {
        let deadline = tokio::time::Instant::now() + self.shutdown_timeout;
        let log = self.state.log.clone();
        // The inbox's event streams never end by themselves: closing waits for them.
        self.state.inbox.close_streams();
        let http = tokio::time::timeout_at(deadline, self.server.close());
        let worker = self.worker;
        let outbox = async move {
            match worker {
                Some(worker) => worker.stop(deadline).await,
                None => Unfinished::default(),
            }
        };
        let sweeper = async move {
            if let Some(sweeper) = self.sweeper {
                sweeper.stop(deadline).await;
            }
        };
        let (closed, outbox, ()) = tokio::join!(http, outbox, sweeper);
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
    pub async fn wait(self) -> Result<(), Error> {
        self.server.await.map_err(Error::Server)
    }
}

/// Opens the store, applies the configured credentials and starts serving.
pub async fn start(config: ServerConfig, log: slog::Logger) -> Result<RunningServer, Error> {
    start_with_request_log(config, log.clone(), log).await
}

/// As [`start`], with dropshot's per-request lines on their own logger, so they can be
/// quieter than the helpdesk's own messages (the outbox's retries, its start-up notice).
pub async fn start_with_request_log(
    config: ServerConfig,
    log: slog::Logger,
    request_log: slog::Logger,
) -> Result<RunningServer, Error> {
    // Before anything else: a certificate that cannot be served stops the start, rather
    // than anything being served in plain http by mistake.
    let tls_slot = match &config.tls {
        Some(files) => Some(tls::CertificateSlot::new(tls::load(files)?)),
        None => None,
    };
    // Set up before any task starts, so a failure here leaves nothing running.
    let tls_config = match &tls_slot {
        Some(slot) => Some(dropshot::ConfigTls::Dynamic(tls::server_config(
            slot.clone(),
        )?)),
        None => None,
    };
    let tls_watcher = match (&config.tls, tls_slot) {
        (Some(files), Some(slot)) => Some(tls::Watcher::start(
            files.clone(),
            slot,
            log.new(slog::o!("component" => "tls")),
        )?),
        _ => None,
    };
    let options = OpenOptions {
        acquire_timeout: config.storage_timeout,
        ..OpenOptions::default()
    };
    let store = store::open(&config.database_url, &options)
        .await
        .map_err(|source| Error::Database {
            action: "open the database",
            source,
        })?;
    // Fail fast: with the database unreachable every call ends within the bound.
    let store: Arc<dyn Store> = Arc::new(store::Bounded::new(store, config.storage_timeout));
    let generated_api_token = apply_credentials(&config, store.as_ref()).await?;
    let signing_key = config
        .signing_secret
        .as_ref()
        .map(SigningKey::new)
        .transpose()
        .map_err(|error| Error::Configuration(format!("signing secret: {error}")))?;
    let static_token_hashes: HashSet<String> = config
        .api_tokens
        .iter()
        .map(|token| hash_token(token.expose()))
        .collect();
    let agent_tokens = configured_agent_tokens(&config, store.as_ref()).await?;
    let service = Service::new(store.clone());
    let worker = match &config.fin {
        Some(fin) => {
            let sender = WebhookSender::new(
                fin,
                config.outbox.request_timeout,
                config.fin_ca_cert.as_deref(),
            )?;
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
        auth: authenticate::Authenticator::new(FinVerifier::new(
            store.clone(),
            static_token_hashes,
            signing_key,
            config.signature_tolerance_secs,
            config.storage_timeout,
        )),
        agent_auth: authenticate::AgentAuthenticator::new(AgentVerifier::new(
            store.clone(),
            agent_tokens,
            config.storage_timeout,
        )),
        store,
        token_lifetime: config.token_lifetime,
        body_read_timeout: config.body_read_timeout,
        // Served over TLS, the inbox's cookies are Secure without being told.
        inbox: inbox::Inbox::new(inbox::SessionSettings {
            secure_cookies: config.inbox.secure_cookies || config.tls.is_some(),
            ..config.inbox.clone()
        }),
        readiness: health::ReadinessCache::default(),
        token_throttle: Throttle::new(config.auth_throttle),
        sign_in_throttle: Throttle::new(config.auth_throttle),
        log: log.clone(),
    });
    let api = api_description()?;
    let dropshot_config = ConfigDropshot {
        bind_address: config.bind,
        default_request_body_max_bytes: config.request_body_max_bytes,
        // A client that hangs up must not cancel a write half-way through the service.
        default_handler_task_mode: HandlerTaskMode::Detached,
        ..ConfigDropshot::default()
    };
    let sweeper = config.retention.clone().map(|settings| {
        Sweeper::start(
            state.store.clone(),
            settings,
            log.new(slog::o!("component" => "retention")),
        )
    });
    let admission = connections::Admission::new(
        config.connections,
        log.new(slog::o!("component" => "connections")),
    );
    let started = ServerBuilder::new(api, state.clone(), request_log)
        .config(dropshot_config)
        .connection_admission(Arc::new(admission))
        .tls(tls_config)
        .start()
        .map_err(|error| Error::Listen {
            address: config.bind,
            reason: error.to_string(),
        });
    let server = match started {
        Ok(server) => server,
        Err(error) => {
            let deadline = tokio::time::Instant::now() + config.shutdown_timeout;
            if let Some(worker) = worker {
                worker.stop(deadline).await;
            }
            if let Some(sweeper) = sweeper {
                sweeper.stop(deadline).await;
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
        sweeper,
        shutdown_timeout: config.shutdown_timeout,
        _tls_watcher: tls_watcher,
    })
}

/// The configured agent tokens as hash → agent id. An unknown agent stops the start: its
/// token could never work, and a typo should not pass silently.
async fn configured_agent_tokens(
    config: &ServerConfig,
    store: &dyn Store,
) -> Result<HashMap<String, String>, Error> {
    let mut tokens = HashMap::new();
    for (agent_id, token) in &config.agent_tokens {
        let agent = store
            .get_agent(agent_id)
            .await
            .map_err(|source| Error::Database {
                action: "check agent tokens",
                source,
            })?;
        if agent.is_none() {
            return Err(Error::Configuration(format!(
                "an agent token names the agent `{agent_id}`, which does not exist: add it with `fin-helpdesk agents add --id {agent_id} …`"
            )));
        }
        tokens.insert(hash_token(token.expose()), agent_id.clone());
    }
    Ok(tokens)
}

/// Both variants, side by side, the human agents' API, and the helpdesk's own endpoints.
pub fn api_description() -> Result<ApiDescription<Arc<AppState>>, Error> {
    let mut api = ApiDescription::new();
    agents_api::register_helpdesk_agent_api::<agents::AgentsImpl>(&mut api, "agents_")
        .map_err(|error| Error::Api(error.to_string()))?;
    rest_api::register_fin_helpdesk_api::<rest::RestImpl>(&mut api, "rest_")
        .map_err(|error| Error::Api(error.to_string()))?;
    posts_api::register_fin_helpdesk_posts_api::<posts::PostsImpl>(&mut api, "posts_")
        .map_err(|error| Error::Api(error.to_string()))?;
    api.register(token_endpoint::oauth_token)
        .map_err(|error| Error::Api(error.to_string()))?;
    api.register(health::healthz)
        .map_err(|error| Error::Api(error.to_string()))?;
    api.register(health::readyz)
        .map_err(|error| Error::Api(error.to_string()))?;
    api.register(health::served_openapi)
        .map_err(|error| Error::Api(error.to_string()))?;
    inbox::register(&mut api).map_err(|error| Error::Api(error.to_string()))?;
    Ok(api)
}

/// Registers configured OAuth clients, and on a first start without any credentials
/// generates one API token so that even the one-command start is closed to strangers.
async fn apply_credentials(
    config: &ServerConfig,
    store: &dyn Store,
) -> Result<Option<Secret>, Error> {
    let failed = |source: store::StoreError| Error::Database {
        action: "store credentials",
        source,
    };
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
