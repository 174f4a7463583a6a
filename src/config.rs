//! `serve`'s options: each one from the command line, else from `FIN_HELPDESK_<OPTION>`,
//! else from the TOML file given by `--config`, else its default.

use crate::auth::{Secret, token};
use crate::outbox::{FinRegion, FinWebhook};
use crate::retention::RetentionSettings;
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
    /// comma-separated in the environment). Every secret given here, as a token or key,
    /// must have at least 32 characters, at least 8 of them different.
    #[arg(
        long = "oauth-client",
        env = "FIN_HELPDESK_OAUTH_CLIENTS",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub oauth_clients: Vec<String>,
    /// A static API token accepted as a bearer token (repeatable; comma-separated in the
    /// environment); at least 32 characters.
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
    /// HMAC key of Fin's request signatures; when set, every request must be signed (at
    /// least 32 characters).
    #[arg(long, env = "FIN_HELPDESK_SIGNING_SECRET", hide_env_values = true)]
    pub signing_secret: Option<String>,
    /// How old a signature's timestamp may be, in seconds; ahead of our clock it may be
    /// at most this or 60, whichever is less [default: 300].
    #[arg(long, env = "FIN_HELPDESK_SIGNATURE_TOLERANCE_SECS")]
    pub signature_tolerance_secs: Option<u64>,
    /// Failed token requests (or inbox sign-ins) allowed from one address, and for one
    /// client id, within --auth-failure-window-secs; then that address is answered 429
    /// until the oldest failure is a window old. 0 turns throttling off [default: 10].
    #[arg(long, env = "FIN_HELPDESK_AUTH_FAILURE_LIMIT")]
    pub auth_failure_limit: Option<u32>,
    /// The window failed attempts are counted over, in seconds [default: 300].
    #[arg(long, env = "FIN_HELPDESK_AUTH_FAILURE_WINDOW_SECS")]
    pub auth_failure_window_secs: Option<u64>,
    /// Log level: error, warn, info or debug (debug adds one line per request) [default: info].
    #[arg(long, env = "FIN_HELPDESK_LOG_LEVEL")]
    pub log_level: Option<String>,
    /// Log lines as readable text, or as one JSON object a line for a log collector
    /// [default: text].
    #[arg(long, env = "FIN_HELPDESK_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,
    /// Address to serve Prometheus metrics on (`GET /metrics`), apart from the address
    /// Fin reaches [default: none, no metrics].
    #[arg(long, env = "FIN_HELPDESK_METRICS_BIND")]
    pub metrics_bind: Option<SocketAddr>,
    /// A human agent's token for the /helpdesk/ API, as AGENT_ID:TOKEN (repeatable;
    /// comma-separated in the environment; at least 32 characters). The agent must exist.
    #[arg(
        long = "agent-token",
        env = "FIN_HELPDESK_AGENT_TOKENS",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub agent_tokens: Vec<String>,
    /// Region of Fin's webhook: us, eu or au.
    #[arg(long, env = "FIN_HELPDESK_FIN_REGION", value_enum)]
    pub fin_region: Option<FinRegion>,
    /// Base URL of Fin's webhook instead of a region's (a proxy, a test server).
    #[arg(long, env = "FIN_HELPDESK_FIN_WEBHOOK_BASE_URL")]
    pub fin_webhook_base_url: Option<String>,
    /// The integration's Identifier from the Fin Deployment UI.
    #[arg(long, env = "FIN_HELPDESK_INTEGRATION_ID")]
    pub integration_id: Option<String>,
    /// Webhook key from the Fin Deployment UI, sent as X-Webhook-Key.
    #[arg(long, env = "FIN_HELPDESK_WEBHOOK_KEY", hide_env_values = true)]
    pub webhook_key: Option<String>,
    /// Give up on an undelivered sync event after this many seconds [default: 86400].
    #[arg(long, env = "FIN_HELPDESK_OUTBOX_MAX_AGE_SECS")]
    pub outbox_max_age_secs: Option<u64>,
    /// How long a claimed event is kept from other workers, in seconds; an event claimed
    /// by a replica that died is sent again after it. Longer than the webhook request
    /// timeout (15 s) [default: 60].
    #[arg(long, env = "FIN_HELPDESK_OUTBOX_LEASE_SECS")]
    pub outbox_lease_secs: Option<u64>,
    /// Delete delivered events once they are older than this many seconds; pending and
    /// dead events are kept [default: 604800, 7 days].
    #[arg(long, env = "FIN_HELPDESK_OUTBOX_RETENTION_SECS")]
    pub outbox_retention_secs: Option<u64>,
    /// On SIGTERM or Ctrl-C, exit within this many seconds whatever Fin and the database
    /// do; a second signal exits at once [default: 10].
    #[arg(long, env = "FIN_HELPDESK_SHUTDOWN_TIMEOUT_SECS")]
    pub shutdown_timeout_secs: Option<u64>,
    /// How long a request waits on the database before it is answered 503, in
    /// milliseconds [default: 2000].
    #[arg(long, env = "FIN_HELPDESK_STORAGE_TIMEOUT_MS")]
    pub storage_timeout_ms: Option<u64>,
    /// How long an agent stays signed in to the web inbox (/inbox/), in seconds
    /// [default: 28800, 8 hours].
    #[arg(long, env = "FIN_HELPDESK_INBOX_SESSION_LIFETIME_SECS")]
    pub inbox_session_lifetime_secs: Option<u64>,
    /// Mark the inbox's cookies Secure (sent over https only): set it when a TLS proxy
    /// in front does not send `X-Forwarded-Proto: https`, which does the same by itself.
    #[arg(long, env = "FIN_HELPDESK_INBOX_SECURE_COOKIES")]
    pub inbox_secure_cookies: bool,
    /// Remove closed conversations (with their messages and outbox events) once their
    /// last change is this many days old, in the background [default: keep for ever].
    #[arg(long, env = "FIN_HELPDESK_RETAIN_CONVERSATIONS_DAYS")]
    pub retain_conversations_days: Option<u32>,
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
    auth_failure_limit: Option<u32>,
    auth_failure_window_secs: Option<u64>,
    log_level: Option<String>,
    log_format: Option<LogFormat>,
    metrics_bind: Option<SocketAddr>,
    #[serde(default)]
    agent_tokens: Vec<String>,
    fin_region: Option<FinRegion>,
    fin_webhook_base_url: Option<String>,
    integration_id: Option<String>,
    webhook_key: Option<String>,
    outbox_max_age_secs: Option<u64>,
    outbox_lease_secs: Option<u64>,
    outbox_retention_secs: Option<u64>,
    shutdown_timeout_secs: Option<u64>,
    storage_timeout_ms: Option<u64>,
    inbox_session_lifetime_secs: Option<u64>,
    inbox_secure_cookies: Option<bool>,
    retain_conversations_days: Option<u32>,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    // Plain comments, not doc comments: documented values would switch clap's whole
    // help to its long layout.
    #[default]
    Text,
    Json,
}

/// The options after merging, ready to start a server.
#[derive(Debug, Clone)]
pub struct Settings {
    pub server: ServerConfig,
    pub log_level: dropshot::ConfigLoggingLevel,
    pub log_format: LogFormat,
    /// Where `GET /metrics` is served; no metrics when `None`.
    pub metrics_bind: Option<SocketAddr>,
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
            strong_enough("an OAuth client's secret", secret)?;
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
            .map(|token| strong_enough("an API token", &token).map(|()| Secret::new(token)))
            .collect::<Result<_, _>>()?;
        if let Some(secs) = self.token_lifetime_secs.or(file.token_lifetime_secs) {
            if secs == 0 {
                return Err("token lifetime must be at least one second".into());
            }
            server.token_lifetime = Duration::from_secs(secs);
        }
        server.signing_secret = self.signing_secret.or(file.signing_secret).map(Secret::new);
        if let Some(secret) = &server.signing_secret {
            strong_enough("the signing secret", secret.expose())?;
        }
        if let Some(secs) = self
            .signature_tolerance_secs
            .or(file.signature_tolerance_secs)
        {
            server.signature_tolerance_secs = secs;
        }
        if let Some(failures) = self.auth_failure_limit.or(file.auth_failure_limit) {
            server.auth_throttle.failures = failures;
        }
        if let Some(secs) = self
            .auth_failure_window_secs
            .or(file.auth_failure_window_secs)
        {
            if secs == 0 {
                return Err("the auth failure window must be at least one second".into());
            }
            server.auth_throttle.window = Duration::from_secs(secs);
        }
        let agent_tokens = if self.agent_tokens.is_empty() {
            file.agent_tokens
        } else {
            self.agent_tokens
        };
        for entry in agent_tokens.iter().filter(|entry| !entry.trim().is_empty()) {
            let (agent, token) = entry
                .split_once(':')
                .filter(|(agent, token)| !agent.is_empty() && !token.is_empty())
                // Never echo the value: it holds a token.
                .ok_or("an agent token must be given as AGENT_ID:TOKEN")?;
            strong_enough("an agent token", token)?;
            server
                .agent_tokens
                .push((agent.to_string(), Secret::new(token)));
        }
        server.fin = fin_webhook(
            self.fin_region.or(file.fin_region),
            self.fin_webhook_base_url.or(file.fin_webhook_base_url),
            self.integration_id.or(file.integration_id),
            self.webhook_key.or(file.webhook_key).map(Secret::new),
        )?;
        if let Some(secs) = self.outbox_max_age_secs.or(file.outbox_max_age_secs) {
            if secs == 0 {
                return Err("the outbox maximum age must be at least one second".into());
            }
            server.outbox.max_age = Duration::from_secs(secs);
        }
        if let Some(secs) = self.outbox_lease_secs.or(file.outbox_lease_secs) {
            let lease = Duration::from_secs(secs);
            // A shorter lease would let a second worker send an event whose first request
            // is still waiting for Fin's answer.
            if lease <= server.outbox.request_timeout {
                return Err(format!(
                    "the outbox lease must be longer than the webhook request timeout ({} s)",
                    server.outbox.request_timeout.as_secs()
                ));
            }
            server.outbox.lease = lease;
        }
        if let Some(secs) = self.outbox_retention_secs.or(file.outbox_retention_secs) {
            if secs == 0 {
                return Err("the outbox retention must be at least one second".into());
            }
            server.outbox.retention = Duration::from_secs(secs);
        }
        if let Some(secs) = self.shutdown_timeout_secs.or(file.shutdown_timeout_secs) {
            if secs == 0 {
                return Err("the shutdown timeout must be at least one second".into());
            }
            server.shutdown_timeout = Duration::from_secs(secs);
        }
        if let Some(ms) = self.storage_timeout_ms.or(file.storage_timeout_ms) {
            if ms == 0 {
                return Err("the storage timeout must be at least one millisecond".into());
            }
            server.storage_timeout = Duration::from_millis(ms);
        }
        if let Some(secs) = self
            .inbox_session_lifetime_secs
            .or(file.inbox_session_lifetime_secs)
        {
            if secs == 0 {
                return Err("the inbox session lifetime must be at least one second".into());
            }
            server.inbox.lifetime = Duration::from_secs(secs);
        }
        server.inbox.secure_cookies =
            self.inbox_secure_cookies || file.inbox_secure_cookies.unwrap_or(false);
        if let Some(days) = self
            .retain_conversations_days
            .or(file.retain_conversations_days)
        {
            if days == 0 {
                return Err("the conversation retention must be at least one day".into());
            }
            server.retention = Some(RetentionSettings::days(days));
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
        if self.metrics_bind.or(file.metrics_bind) == Some(bind) {
            return Err(
                "--metrics-bind must differ from --bind: metrics are kept off the address Fin reaches"
                    .into(),
            );
        }
        Ok(Settings {
            server,
            log_level,
            log_format: self.log_format.or(file.log_format).unwrap_or_default(),
            metrics_bind: self.metrics_bind.or(file.metrics_bind),
        })
    }
}

/// Refuses an operator-supplied secret below the floor of [`token::is_strong_enough`],
/// naming what it is for and the rule, never the value.
fn strong_enough(what: &str, secret: &str) -> Result<(), String> {
    if token::is_strong_enough(secret) {
        Ok(())
    } else {
        Err(format!("{what} is too weak: use {}", token::SECRET_RULE))
    }
}

/// Fin's webhook is configured by all of a region or base URL, an integration id and a
/// webhook key, or by none of them (events are then stored and not sent). Half a
/// configuration is an error rather than a silent "not sent".
fn fin_webhook(
    region: Option<FinRegion>,
    base_url: Option<String>,
    integration_id: Option<String>,
    webhook_key: Option<Secret>,
) -> Result<Option<FinWebhook>, String> {
    let base_url = match (region, base_url) {
        (Some(_), Some(_)) => {
            return Err("give either --fin-region or --fin-webhook-base-url, not both".into());
        }
        (Some(region), None) => Some(region.base_url().to_string()),
        (None, Some(url)) => {
            let parsed = url::Url::parse(&url)
                .map_err(|error| format!("--fin-webhook-base-url: {error}"))?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err("--fin-webhook-base-url must be an http or https URL".into());
            }
            Some(url)
        }
        (None, None) => None,
    };
    match (base_url, integration_id, webhook_key) {
        (None, None, None) => Ok(None),
        (Some(base_url), Some(integration_id), Some(webhook_key))
            if !integration_id.trim().is_empty() && !webhook_key.expose().is_empty() =>
        {
            Ok(Some(FinWebhook {
                base_url,
                integration_id,
                webhook_key,
            }))
        }
        (base_url, integration_id, webhook_key) => {
            let mut missing = Vec::new();
            if base_url.is_none() {
                missing.push("--fin-region or --fin-webhook-base-url");
            }
            if integration_id.is_none_or(|id| id.trim().is_empty()) {
                missing.push("--integration-id");
            }
            if webhook_key.is_none_or(|key| key.expose().is_empty()) {
                missing.push("--webhook-key");
            }
            Err(format!(
                "Fin's webhook is partly configured; also give {}",
                missing.join(", ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A secret that passes the floor.
    const STRONG: &str = "0123456789abcdef0123456789abcdef";

    /// Every secret an operator supplies is held to the floor, from a flag, the
    /// environment or the file alike (they all meet here), and the refusal names the rule
    /// but never the value.
    #[test]
    fn weak_operator_secrets_are_refused() {
        let weak = "hunter2-hunter2";
        let cases = [
            ServeArgs {
                oauth_clients: vec![format!("fin:{weak}")],
                ..ServeArgs::default()
            },
            ServeArgs {
                api_tokens: vec![weak.into()],
                ..ServeArgs::default()
            },
            ServeArgs {
                signing_secret: Some(weak.into()),
                ..ServeArgs::default()
            },
            ServeArgs {
                agent_tokens: vec![format!("agent_1:{weak}")],
                ..ServeArgs::default()
            },
            ServeArgs {
                api_tokens: vec!["a".repeat(40)],
                ..ServeArgs::default()
            },
        ];
        for args in cases {
            let error = args.resolve().unwrap_err();
            assert!(
                error.contains("too weak") && error.contains("32"),
                "{error}"
            );
            assert!(!error.contains(weak) && !error.contains("aaaa"), "{error}");
        }
        let strong = ServeArgs {
            oauth_clients: vec![format!("fin:{STRONG}")],
            api_tokens: vec![STRONG.into()],
            signing_secret: Some(STRONG.into()),
            agent_tokens: vec![format!("agent_1:{STRONG}")],
            ..ServeArgs::default()
        };
        let server = strong.resolve().unwrap().server;
        assert_eq!(server.oauth_clients[0].1.expose(), STRONG);
        assert_eq!(server.api_tokens[0].expose(), STRONG);
    }

    #[test]
    fn fin_webhook_is_all_or_nothing() {
        assert!(fin_webhook(None, None, None, None).unwrap().is_none());
        let fin = fin_webhook(
            Some(FinRegion::Au),
            None,
            Some("abc".into()),
            Some(Secret::new("k")),
        )
        .unwrap()
        .unwrap();
        assert_eq!(fin.base_url, "https://api.au.intercom.io/hooks/standalone");
        let error = fin_webhook(None, None, Some("abc".into()), None).unwrap_err();
        assert!(
            error.contains("--webhook-key") && error.contains("--fin-region"),
            "{error}"
        );
        assert!(
            fin_webhook(
                Some(FinRegion::Us),
                Some("http://x".into()),
                Some("a".into()),
                Some(Secret::new("k"))
            )
            .is_err()
        );
    }

    #[test]
    fn file_keys_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(
            &path,
            format!(
                "fin_region = \"eu\"\nintegration_id = \"i1\"\nwebhook_key = \"k1\"\n\
                 outbox_max_age_secs = 60\nagent_tokens = [\"agent_1:{STRONG}\"]\n\
                 shutdown_timeout_secs = 3\noutbox_lease_secs = 20\n\
                 outbox_retention_secs = 3600\nretain_conversations_days = 30\n"
            ),
        )
        .unwrap();
        let settings = ServeArgs {
            config: Some(path),
            ..ServeArgs::default()
        }
        .resolve()
        .unwrap();
        let fin = settings.server.fin.unwrap();
        assert_eq!(fin.base_url, FinRegion::Eu.base_url());
        assert_eq!(fin.integration_id, "i1");
        assert_eq!(settings.server.outbox.max_age, Duration::from_secs(60));
        assert_eq!(settings.server.agent_tokens[0].0, "agent_1");
        assert_eq!(settings.server.shutdown_timeout, Duration::from_secs(3));
        assert_eq!(settings.server.outbox.lease, Duration::from_secs(20));
        assert_eq!(settings.server.outbox.retention, Duration::from_secs(3600));
        let retention = settings.server.retention.unwrap();
        assert_eq!(retention.keep_for, Duration::from_secs(30 * 86_400));
    }

    #[test]
    fn conversations_are_kept_for_ever_unless_a_retention_is_given() {
        assert!(
            ServeArgs::default()
                .resolve()
                .unwrap()
                .server
                .retention
                .is_none()
        );
        let zero = ServeArgs {
            retain_conversations_days: Some(0),
            ..ServeArgs::default()
        };
        assert!(zero.resolve().is_err());
    }

    #[test]
    fn shutdown_timeout_and_lease_have_defaults_and_bounds() {
        let settings = ServeArgs::default().resolve().unwrap();
        assert_eq!(settings.server.shutdown_timeout, Duration::from_secs(10));
        assert_eq!(settings.server.outbox.lease, Duration::from_secs(60));
        assert_eq!(
            settings.server.outbox.retention,
            Duration::from_secs(7 * 24 * 3600)
        );
        let retention = ServeArgs {
            outbox_retention_secs: Some(60),
            ..ServeArgs::default()
        };
        assert_eq!(
            retention.resolve().unwrap().server.outbox.retention,
            Duration::from_secs(60)
        );
        let no_retention = ServeArgs {
            outbox_retention_secs: Some(0),
            ..ServeArgs::default()
        };
        assert!(no_retention.resolve().is_err());
        let flag = ServeArgs {
            shutdown_timeout_secs: Some(2),
            ..ServeArgs::default()
        };
        assert_eq!(
            flag.resolve().unwrap().server.shutdown_timeout,
            Duration::from_secs(2)
        );
        let zero = ServeArgs {
            shutdown_timeout_secs: Some(0),
            ..ServeArgs::default()
        };
        assert!(zero.resolve().is_err());
        let short_lease = ServeArgs {
            outbox_lease_secs: Some(15),
            ..ServeArgs::default()
        };
        let error = short_lease.resolve().unwrap_err();
        assert!(error.contains("request timeout"), "{error}");
    }

    #[test]
    fn inbox_session_options_have_defaults_flags_file_keys_and_bounds() {
        let defaults = ServeArgs::default().resolve().unwrap().server.inbox;
        assert_eq!(defaults.lifetime, Duration::from_secs(8 * 3600));
        assert!(!defaults.secure_cookies);
        let flags = ServeArgs {
            inbox_session_lifetime_secs: Some(600),
            inbox_secure_cookies: true,
            ..ServeArgs::default()
        };
        let inbox = flags.resolve().unwrap().server.inbox;
        assert_eq!(inbox.lifetime, Duration::from_secs(600));
        assert!(inbox.secure_cookies);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(
            &path,
            "inbox_session_lifetime_secs = 60\ninbox_secure_cookies = true\n",
        )
        .unwrap();
        let file = ServeArgs {
            config: Some(path),
            ..ServeArgs::default()
        };
        let inbox = file.resolve().unwrap().server.inbox;
        assert_eq!(inbox.lifetime, Duration::from_secs(60));
        assert!(inbox.secure_cookies);
        let zero = ServeArgs {
            inbox_session_lifetime_secs: Some(0),
            ..ServeArgs::default()
        };
        assert!(zero.resolve().is_err());
    }
}
