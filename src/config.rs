//! `serve`'s options: each one from the command line, else from `FIN_HELPDESK_<OPTION>`,
//! else from the TOML file given by `--config`, else its default.

use crate::auth::Secret;
use crate::server::ServerConfig;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://fin-helpdesk.db";

/// Options of `fin-helpdesk serve`. Secrets are best given through the environment or the
/// configuration file: command-line arguments are visible to other local users.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct ServeArgs {
    /// TOML file with any of these options (keys in snake_case, e.g. `database_url`).
    #[arg(long, env = "FIN_HELPDESK_CONFIG")]
    pub config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "FIN_HELPDESK_BIND")]
    pub bind: Option<SocketAddr>,
    /// `sqlite://PATH` (embedded, the default: sqlite://fin-helpdesk.db) or
    /// `postgres://…` for several replicas sharing one database.
    #[arg(long, env = "FIN_HELPDESK_DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Largest request body accepted, in bytes [default: 1048576].
    #[arg(long, env = "FIN_HELPDESK_REQUEST_BODY_MAX_BYTES")]
    pub request_body_max_bytes: Option<usize>,
    /// An OAuth2 client allowed to get tokens from /oauth/token, as ID:SECRET (repeatable;
    /// comma-separated in the environment).
    #[arg(
        long = "oauth-client",
        env = "FIN_HELPDESK_OAUTH_CLIENTS",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub oauth_clients: Vec<String>,
    /// A static API token accepted as a bearer token (repeatable; comma-separated in the
    /// environment).
    #[arg(
        long = "api-token",
        env = "FIN_HELPDESK_API_TOKENS",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub api_tokens: Vec<String>,
    /// Lifetime of tokens issued by /oauth/token, in seconds [default: 3600].
    #[arg(long, env = "FIN_HELPDESK_TOKEN_LIFETIME_SECS")]
    pub token_lifetime_secs: Option<u64>,
    /// HMAC key of Fin's request signatures; when set, every request must be signed.
    #[arg(long, env = "FIN_HELPDESK_SIGNING_SECRET", hide_env_values = true)]
    pub signing_secret: Option<String>,
    /// How far a signature's timestamp may be from now, either way, in seconds [default: 300].
    #[arg(long, env = "FIN_HELPDESK_SIGNATURE_TOLERANCE_SECS")]
    pub signature_tolerance_secs: Option<u64>,
    /// Log level: error, warn, info or debug (debug adds one line per request) [default: info].
    #[arg(long, env = "FIN_HELPDESK_LOG_LEVEL")]
    pub log_level: Option<String>,
}

/// The same options in the configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<SocketAddr>,
    database_url: Option<String>,
    request_body_max_bytes: Option<usize>,
    #[serde(default)]
    oauth_clients: Vec<String>,
    #[serde(default)]
    api_tokens: Vec<String>,
    token_lifetime_secs: Option<u64>,
    signing_secret: Option<String>,
    signature_tolerance_secs: Option<u64>,
    log_level: Option<String>,
}

/// The options after merging, ready to start a server.
#[derive(Debug, Clone)]
pub struct Settings {
    pub server: ServerConfig,
    pub log_level: dropshot::ConfigLoggingLevel,
}

impl ServeArgs {
    pub fn resolve(self) -> Result<Settings, String> {
        let file = match &self.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
                toml::from_str::<FileConfig>(&text)
                    .map_err(|error| format!("{}: {error}", path.display()))?
            }
            None => FileConfig::default(),
        };
        let bind = match self.bind.or(file.bind) {
            Some(bind) => bind,
            None => DEFAULT_BIND
                .parse()
                .map_err(|_| "default bind address".to_string())?,
        };
        let database_url = self
            .database_url
            .or(file.database_url)
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
        let mut server = ServerConfig::new(bind, database_url);
        if let Some(max) = self.request_body_max_bytes.or(file.request_body_max_bytes) {
            server.request_body_max_bytes = max;
        }
        let clients = if self.oauth_clients.is_empty() {
            file.oauth_clients
        } else {
            self.oauth_clients
        };
        for client in clients.iter().filter(|client| !client.trim().is_empty()) {
            let (id, secret) = client
                .split_once(':')
                .filter(|(id, secret)| !id.is_empty() && !secret.is_empty())
                // Never echo the value: it holds a secret.
                .ok_or("an OAuth client must be given as ID:SECRET")?;
            server
                .oauth_clients
                .push((id.to_string(), Secret::new(secret)));
        }
        let tokens = if self.api_tokens.is_empty() {
            file.api_tokens
        } else {
            self.api_tokens
        };
        server.api_tokens = tokens
            .into_iter()
            .filter(|token| !token.trim().is_empty())
            .map(Secret::new)
            .collect();
        if let Some(secs) = self.token_lifetime_secs.or(file.token_lifetime_secs) {
            if secs == 0 {
                return Err("token lifetime must be at least one second".into());
            }
            server.token_lifetime = Duration::from_secs(secs);
        }
        server.signing_secret = self.signing_secret.or(file.signing_secret).map(Secret::new);
        if let Some(secs) = self
            .signature_tolerance_secs
            .or(file.signature_tolerance_secs)
        {
            server.signature_tolerance_secs = secs;
        }
        let log_level = match self
            .log_level
            .or(file.log_level)
            .as_deref()
            .unwrap_or("info")
        {
            "error" => dropshot::ConfigLoggingLevel::Error,
            "warn" => dropshot::ConfigLoggingLevel::Warn,
            "info" => dropshot::ConfigLoggingLevel::Info,
            "debug" => dropshot::ConfigLoggingLevel::Debug,
            "trace" => dropshot::ConfigLoggingLevel::Trace,
            other => {
                return Err(format!(
                    "unknown log level `{other}`: use error, warn, info or debug"
                ));
            }
        };
        Ok(Settings { server, log_level })
    }
}
