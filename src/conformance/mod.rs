//! `fin-helpdesk conformance`: drives a running helpdesk as Fin would, through the
//! generated clients, and checks every answer against the contract in `openapi/`: the
//! behaviour `openapi/README.md` fixes (idempotent creates, handover, message order, the
//! refusals) and every body against the spec's schemas, validated as JSON Schema from the
//! bytes received.
//!
//! It writes to the helpdesk: everything it creates is named and keyed
//! `conformance-<unix millis>-<variant>-…`, so it can be found and removed. Secrets (the
//! token, the client secret, the signing secret) are never printed.

mod driver;
mod raw;
mod report;
mod scenario;
mod schema;

pub use report::{Check, Outcome, Report};
pub use schema::{Contract, to_json_schema};

use crate::auth::Secret;
use crate::auth::signature::SigningKey;
use crate::client::{Credentials, Recorder};
use crate::contract::Variant;
use driver::{PostsDriver, RestDriver};
use raw::Raw;
use scenario::Session;
use std::process::ExitCode;
use std::time::Duration;

/// Which variants to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum VariantChoice {
    Rest,
    Posts,
    Both,
}

impl VariantChoice {
    fn variants(self) -> &'static [Variant] {
        match self {
            VariantChoice::Rest => &[Variant::Rest],
            VariantChoice::Posts => &[Variant::Posts],
            VariantChoice::Both => &Variant::FIN,
        }
    }
}

/// Check a running helpdesk against the Fin Custom Helpdesk contract.
#[derive(Debug, Clone, clap::Args)]
pub struct ConformanceArgs {
    /// Base URL of the helpdesk's Fin API (the paths of `openapi/` are appended to it).
    #[arg(long, value_name = "URL")]
    pub base_url: String,

    /// Which variant(s) to check.
    #[arg(long, value_enum, default_value = "both")]
    pub variant: VariantChoice,

    /// A bearer token to send (instead of fetching one with client credentials).
    #[arg(
        long,
        value_name = "T",
        env = "FIN_CONFORMANCE_TOKEN",
        hide_env_values = true,
        required_unless_present = "client_id",
        conflicts_with = "client_id"
    )]
    pub token: Option<String>,

    /// OAuth 2.0 client id: fetch a token with the client-credentials grant.
    #[arg(long, value_name = "ID", requires = "client_secret")]
    pub client_id: Option<String>,

    /// OAuth 2.0 client secret.
    #[arg(
        long,
        value_name = "S",
        env = "FIN_CONFORMANCE_CLIENT_SECRET",
        hide_env_values = true,
        requires = "client_id"
    )]
    pub client_secret: Option<String>,

    /// Token endpoint [default: {base-url}/oauth/token].
    #[arg(long, value_name = "URL", requires = "client_id")]
    pub token_url: Option<String>,

    /// Sign requests as Fin does, and check that bad signatures are refused.
    #[arg(
        long,
        value_name = "S",
        env = "FIN_CONFORMANCE_SIGNING_SECRET",
        hide_env_values = true
    )]
    pub signing_secret: Option<String>,

    /// The agent that represents Fin [default: the first agent get_agents lists].
    #[arg(long, value_name = "ID")]
    pub agent_id: Option<String>,

    /// Print a machine-readable report instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// Runs every check and reports: exit code 0 when all pass, 1 when one fails, 2 when the
/// checker could not start (bad arguments).
pub async fn run(args: ConformanceArgs) -> ExitCode {
    match check(&args).await {
        Ok(report) => {
            report.finish();
            if report.count(Outcome::Failed) > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

/// Runs every check and returns the report without its closing lines (in table mode the
/// rows are printed as they complete). `Err` when the checker cannot start.
pub async fn check(args: &ConformanceArgs) -> Result<Report, String> {
    let checker = Checker::new(args)?;
    Ok(checker.run(args).await)
}

struct Checker {
    http: reqwest::Client,
    base_url: String,
    signing_key: Option<SigningKey>,
}

impl Checker {
    fn new(args: &ConformanceArgs) -> Result<Checker, String> {
        let base_url = args.base_url.trim_end_matches('/').to_string();
        url::Url::parse(&base_url).map_err(|error| format!("--base-url: {error}"))?;
        let signing_key = match &args.signing_secret {
            Some(secret) => Some(
                SigningKey::new(&Secret::new(secret.clone()))
                    .map_err(|error| format!("--signing-secret: {error}"))?,
            ),
            None => None,
        };
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|error| format!("cannot build an HTTP client: {error}"))?;
        Ok(Checker {
            http,
            base_url,
            signing_key,
        })
    }

    async fn run(self, args: &ConformanceArgs) -> Report {
        let mut report = Report::new(args.json);
        let token = match (&args.token, &args.client_id) {
            (Some(token), _) => Some(Secret::new(token.clone())),
            (None, Some(client_id)) => {
                let secret = Secret::new(args.client_secret.clone().unwrap_or_default());
                let token_url = args
                    .token_url
                    .clone()
                    .unwrap_or_else(|| format!("{}/oauth/token", self.base_url));
                oauth::obtain(&self.http, &token_url, client_id, &secret, &mut report).await
            }
            (None, None) => None,
        };
        let stamp = chrono::Utc::now().timestamp_millis();
        let raw = Raw {
            http: self.http.clone(),
            base_url: self.base_url.clone(),
        };
        for &variant in args.variant.variants() {
            let credentials = Credentials {
                bearer_token: token.clone(),
                signing_key: self.signing_key.clone(),
                ..Credentials::default()
            };
            let contract = match Contract::new(variant) {
                Ok(contract) => contract,
                Err(error) => {
                    report.add(variant.name(), "contract", Outcome::Failed, error);
                    continue;
                }
            };
            let recorder = Recorder::new();
            let recording = Credentials {
                recorder: Some(recorder.clone()),
                ..credentials.clone()
            };
            let mut session = Session {
                variant,
                report: &mut report,
                contract,
                raw: &raw,
                credentials,
                prefix: format!("conformance-{stamp}-{}", variant.name()),
                agent_id: args.agent_id.clone(),
            };
            match variant {
                Variant::Rest => {
                    let client = crate::client::rest::Client::new_with_client(
                        &self.base_url,
                        self.http.clone(),
                        recording,
                    );
                    scenario::run(&mut session, &RestDriver { client, recorder }).await;
                }
                Variant::Posts => {
                    let client = crate::client::posts::Client::new_with_client(
                        &self.base_url,
                        self.http.clone(),
                        recording,
                    );
                    scenario::run(&mut session, &PostsDriver { client, recorder }).await;
                }
                // The human agents' API is ours, not part of Fin's contract.
                Variant::Agents => {}
            }
        }
        report
    }
}

mod oauth {
    //! Getting a token as Fin does: the client-credentials grant (RFC 6749 §4.4), checked
    //! with the credentials in Basic auth, in the form body, and with a wrong secret.

    use super::{Outcome, Report};
    use crate::auth::Secret;
    use serde_json::Value;

    const GRANT: (&str, &str) = ("grant_type", "client_credentials");

    /// Fetches a token with Basic credentials; records the token endpoint's checks.
    pub async fn obtain(
        http: &reqwest::Client,
        token_url: &str,
        client_id: &str,
        secret: &Secret,
        report: &mut Report,
    ) -> Option<Secret> {
        let basic = http
            .post(token_url)
            .basic_auth(client_id, Some(secret.expose()));
        let basic = form(basic, &[GRANT]);
        let token = match answer(basic.send().await).await {
            Ok((200, body)) => match token_response(&body) {
                Ok(token) => {
                    report.add(
                        "all",
                        "oauth/client_credentials_basic",
                        Outcome::Passed,
                        "token issued".to_string(),
                    );
                    Some(token)
                }
                Err(rule) => {
                    report.add(
                        "all",
                        "oauth/client_credentials_basic",
                        Outcome::Failed,
                        rule,
                    );
                    None
                }
            },
            Ok((status, body)) => {
                report.add(
                    "all",
                    "oauth/client_credentials_basic",
                    Outcome::Failed,
                    format!(
                        "the token endpoint must issue a token for valid client credentials: {status} {}",
                        oauth_error(&body)
                    ),
                );
                None
            }
            Err(error) => {
                report.add(
                    "all",
                    "oauth/client_credentials_basic",
                    Outcome::Failed,
                    error,
                );
                None
            }
        };

        let in_body = form(
            http.post(token_url),
            &[
                GRANT,
                ("client_id", client_id),
                ("client_secret", secret.expose()),
            ],
        );
        let (outcome, detail) = match answer(in_body.send().await).await {
            Ok((200, body)) => match token_response(&body) {
                Ok(_) => (Outcome::Passed, "token issued".to_string()),
                Err(rule) => (Outcome::Failed, rule),
            },
            Ok((status, body)) => (
                Outcome::Failed,
                format!(
                    "credentials in the form body must be accepted (RFC 6749 §2.3.1): {status} {}",
                    oauth_error(&body)
                ),
            ),
            Err(error) => (Outcome::Failed, error),
        };
        report.add("all", "oauth/client_credentials_body", outcome, detail);

        let wrong = http
            .post(token_url)
            .basic_auth(client_id, Some("conformance-wrong-secret"));
        let wrong = form(wrong, &[GRANT]);
        let (outcome, detail) = match answer(wrong.send().await).await {
            Ok((401, body)) if oauth_error(&body) == "invalid_client" => {
                (Outcome::Passed, "401 invalid_client".to_string())
            }
            Ok((status, body)) => (
                Outcome::Failed,
                format!(
                    "a wrong client secret must be refused with 401 and error=invalid_client (RFC 6749 §5.2): {status} {}",
                    oauth_error(&body)
                ),
            ),
            Err(error) => (Outcome::Failed, error),
        };
        report.add("all", "oauth/wrong_secret", outcome, detail);
        token
    }

    /// An `application/x-www-form-urlencoded` body (reqwest's `form` feature is not on).
    fn form(request: reqwest::RequestBuilder, fields: &[(&str, &str)]) -> reqwest::RequestBuilder {
        let body = serde_urlencoded::to_string(fields).unwrap_or_default();
        request
            .header(
                http::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body)
    }

    async fn answer(sent: reqwest::Result<reqwest::Response>) -> Result<(u16, Vec<u8>), String> {
        let response = sent.map_err(|error| format!("token endpoint: no answer: {error}"))?;
        let status = response.status().as_u16();
        let body = response
            .bytes()
            .await
            .map_err(|error| format!("token endpoint: cannot read the answer: {error}"))?;
        Ok((status, body.to_vec()))
    }

    /// The `error` code of an OAuth error body; never the body itself, which may hold a
    /// token.
    fn oauth_error(body: &[u8]) -> String {
        serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|value| value["error"].as_str().map(str::to_string))
            .unwrap_or_default()
    }

    fn token_response(body: &[u8]) -> Result<Secret, String> {
        let value: Value = serde_json::from_slice(body)
            .map_err(|_| "the token response must be a JSON object (RFC 6749 §5.1)".to_string())?;
        let token = value["access_token"]
            .as_str()
            .filter(|token| !token.is_empty())
            .ok_or("the token response must carry access_token (RFC 6749 §5.1)")?;
        let kind = value["token_type"].as_str().unwrap_or_default();
        if !kind.eq_ignore_ascii_case("bearer") {
            return Err(format!(
                "the token response must have token_type Bearer (RFC 6750), has `{kind}`"
            ));
        }
        match value["expires_in"].as_u64() {
            Some(seconds) if seconds > 0 => Ok(Secret::new(token)),
            _ => Err(format!(
                "the token response must give expires_in in seconds, has {}",
                value["expires_in"]
            )),
        }
    }
}
