//! fin-helpdesk-conformance: drives a running helpdesk as Fin would, through clients
//! generated from Fin's published documents (`openapi/published/`), and judges every answer
//! by that contract: the behaviour the Fin docs state (idempotent creates, handover,
//! attachments over https, …) and every body against the published documents (compiled in;
//! `--spec` for another), validated as JSON Schema from the bytes received. Each check is
//! `contract` or `recommended` (`rules.rs`): a recommended failure is a warning, and fails
//! the run only with `--strict`.
//!
//! It writes to the helpdesk: everything it creates is named and keyed
//! `conformance-<unix millis>-<variant>-…`, so it can be found and removed. Secrets (the
//! token, the client secret, the signing secret) are never printed.
//!
//! The binary `fin-helpdesk-conformance` and the server's `fin-helpdesk conformance` both
//! parse [`ConformanceArgs`] and call [`run`]; [`check`] gives the [`Report`] to a test.

mod api;
mod client;
mod driver;
mod raw;
mod report;
mod rules;
mod scenario;
mod schema;
mod signing;
mod tristate;
mod variant;

pub use report::{Check, Outcome, Report};
pub use rules::{CheckName, Level};
pub use variant::Variant;

use client::{Credentials, Recorder};
use driver::{PostsDriver, RestDriver};
use raw::{Op, Raw};
use scenario::Session;
use schema::Contract;
#[cfg(test)]
use schema::{PUBLISHED_POSTS, PUBLISHED_REST};
use serde_json::Value;
use signing::{Secret, SigningKey, SigningKeyError};
use std::path::PathBuf;
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
            VariantChoice::Both => &Variant::ALL,
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

    /// Fail on recommended checks too (good practice and this project's choices where
    /// Fin's docs are silent); without it their failures are warnings.
    #[arg(long)]
    pub strict: bool,

    /// Validate bodies against this OpenAPI 3.0 document (YAML or JSON) instead of the
    /// published one of its variant, which is told from its paths. Repeat it for the
    /// other variant.
    #[arg(long, value_name = "FILE")]
    pub spec: Vec<PathBuf>,

    /// PEM file of CA certificates to trust besides the system's roots, for a helpdesk
    /// served with a certificate from a private CA.
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
}

/// Why the checker could not start; nothing was sent to the helpdesk.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("--base-url: {0}")]
    BaseUrl(#[from] url::ParseError),
    #[error("--signing-secret: {0}")]
    SigningSecret(#[from] SigningKeyError),
    #[error("cannot build an HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),
    #[error("--ca-cert {file}: {problem}")]
    CaCert { file: String, problem: String },
    /// A `--spec` document that cannot be read, parsed, told apart or compiled.
    #[error("--spec {file}: {problem}")]
    Spec { file: String, problem: String },
    #[error("--spec {file} is a {variant} document, a variant --variant does not check")]
    SpecNotChecked { file: String, variant: &'static str },
    /// A published document compiled into the checker does not compile (a bug).
    #[error("{0}")]
    Published(String),
}

fn spec_error(file: &str, problem: impl std::fmt::Display) -> StartError {
    StartError::Spec {
        file: file.to_string(),
        problem: problem.to_string(),
    }
}

/// Runs every check and reports: exit code 0 when every contract check passes (and,
/// under `--strict`, every recommended one), 1 otherwise, 2 when the checker could not
/// start (bad arguments, a `--spec` it cannot read).
pub async fn run(args: ConformanceArgs) -> ExitCode {
    match check(&args).await {
        Ok(report) => {
            report.finish();
            if report.fails() {
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
pub async fn check(args: &ConformanceArgs) -> Result<Report, StartError> {
    let checker = Checker::new(args)?;
    Ok(checker.run(args).await)
}

struct Checker {
    http: reqwest::Client,
    base_url: String,
    signing_key: Option<SigningKey>,
    /// The document each variant checked is judged by.
    contracts: Vec<(Variant, Contract)>,
}

/// Reads the `--spec` documents and tells each one's variant from its paths.
fn load_specs(files: &[PathBuf]) -> Result<Vec<(Variant, Value, String)>, StartError> {
    let mut specs: Vec<(Variant, Value, String)> = Vec::new();
    for file in files {
        let name = file.display().to_string();
        let text = std::fs::read_to_string(file).map_err(|error| spec_error(&name, error))?;
        // A JSON document by a JSON parser: YAML parsers refuse escapes JSON allows (the
        // surrogate pairs of an emoji).
        let is_json = file
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("json"))
            || text.trim_start().starts_with('{');
        let document: Value = if is_json {
            serde_json::from_str(&text).map_err(|error| spec_error(&name, error))?
        } else {
            serde_norway::from_str(&text).map_err(|error| spec_error(&name, error))?
        };
        let variant = variant_of(&document).ok_or_else(|| {
            spec_error(
                &name,
                "not a document of Fin's REST or POST-only variant (none of their paths, e.g. GET /user or POST /get_user)",
            )
        })?;
        if specs.iter().any(|(other, _, _)| *other == variant) {
            return Err(spec_error(
                &name,
                format!("a second document for the {} variant", variant.name()),
            ));
        }
        specs.push((variant, document, name));
    }
    Ok(specs)
}

/// The variant whose routes a document has more of; `None` if it has none of either.
fn variant_of(document: &Value) -> Option<Variant> {
    let score = |variant: Variant| {
        Op::ALL
            .iter()
            .filter(|op| {
                let (method, path) = op.route(variant);
                document["paths"][path]
                    .get(method.as_str().to_ascii_lowercase())
                    .is_some()
            })
            .count()
    };
    let (rest, posts) = (score(Variant::Rest), score(Variant::Posts));
    match rest.cmp(&posts) {
        std::cmp::Ordering::Greater => Some(Variant::Rest),
        std::cmp::Ordering::Less => Some(Variant::Posts),
        // Neither (none of both), or as much of one as of the other: not to be guessed.
        std::cmp::Ordering::Equal => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_told_by_its_paths() {
        for (text, variant) in [
            (PUBLISHED_REST, Variant::Rest),
            (PUBLISHED_POSTS, Variant::Posts),
        ] {
            let document: Value = serde_norway::from_str(text).expect("a published document");
            assert_eq!(variant_of(&document), Some(variant));
        }
        // The documents the server is generated from; the ones it serves are told apart
        // by the server's own test (`tests/integration/conformance.rs`, with `--spec`).
        for (text, variant) in [
            (
                include_str!("../openapi/fin-helpdesk.yaml"),
                Some(Variant::Rest),
            ),
            (
                include_str!("../openapi/fin-helpdesk-posts.yaml"),
                Some(Variant::Posts),
            ),
            (include_str!("../openapi/fin-helpdesk-agents.yaml"), None),
        ] {
            let document: Value = serde_norway::from_str(text).expect("a document");
            assert_eq!(variant_of(&document), variant);
        }
    }
}

/// The certificates of a `--ca-cert` file; one that cannot be read or holds none is an
/// error naming it.
fn ca_certificates(path: &std::path::Path) -> Result<Vec<reqwest::Certificate>, StartError> {
    let failed = |problem: String| StartError::CaCert {
        file: path.display().to_string(),
        problem,
    };
    let pem = std::fs::read(path).map_err(|error| failed(format!("cannot read it: {error}")))?;
    let certs = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|error| failed(format!("not PEM certificates: {error}")))?;
    if certs.is_empty() {
        return Err(failed("holds no PEM certificate".to_string()));
    }
    Ok(certs)
}

impl Checker {
    fn new(args: &ConformanceArgs) -> Result<Checker, StartError> {
        let base_url = args.base_url.trim_end_matches('/').to_string();
        url::Url::parse(&base_url)?;
        let signing_key = match &args.signing_secret {
            Some(secret) => Some(SigningKey::new(&Secret::new(secret.clone()))?),
            None => None,
        };
        let extra_roots = match &args.ca_cert {
            Some(path) => ca_certificates(path)?,
            None => Vec::new(),
        };
        let http = reqwest::Client::builder()
            .tls_certs_merge(extra_roots)
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(StartError::HttpClient)?;
        let specs = load_specs(&args.spec)?;
        let variants = args.variant.variants();
        if let Some((variant, _, name)) = specs.iter().find(|(v, _, _)| !variants.contains(v)) {
            return Err(StartError::SpecNotChecked {
                file: name.clone(),
                variant: variant.name(),
            });
        }
        let mut contracts = Vec::new();
        for &variant in variants {
            let contract = match specs.iter().find(|(v, _, _)| *v == variant) {
                Some((_, document, name)) => Contract::new(variant, document, name)
                    .map_err(|error| spec_error(name, error))?,
                None => Contract::published(variant).map_err(StartError::Published)?,
            };
            contracts.push((variant, contract));
        }
        Ok(Checker {
            http,
            base_url,
            signing_key,
            contracts,
        })
    }

    async fn run(self, args: &ConformanceArgs) -> Report {
        let mut report = Report::new(args.json, args.strict);
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
        for (variant, contract) in self.contracts {
            let credentials = Credentials {
                bearer_token: token.clone(),
                signing_key: self.signing_key.clone(),
                ..Credentials::default()
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
                findings: Default::default(),
            };
            match variant {
                Variant::Rest => {
                    let client = client::rest::Client::new_with_client(
                        &self.base_url,
                        self.http.clone(),
                        recording,
                    );
                    scenario::run(&mut session, &RestDriver { client, recorder }).await;
                }
                Variant::Posts => {
                    let client = client::posts::Client::new_with_client(
                        &self.base_url,
                        self.http.clone(),
                        recording,
                    );
                    scenario::run(&mut session, &PostsDriver { client, recorder }).await;
                }
            }
        }
        report
    }
}

mod oauth {
    //! Getting a token as Fin does: the client-credentials grant (RFC 6749 §4.4), checked
    //! with the credentials in Basic auth, in the form body, and with a wrong secret.

    use crate::report::{Outcome, Report};
    use crate::rules::CheckName;
    use crate::signing::Secret;
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
                        CheckName::OauthClientCredentialsBasic,
                        Outcome::Passed,
                        "token issued".to_string(),
                    );
                    Some(token)
                }
                Err(rule) => {
                    report.add(
                        "all",
                        CheckName::OauthClientCredentialsBasic,
                        Outcome::Failed,
                        rule,
                    );
                    None
                }
            },
            Ok((status, body)) => {
                report.add(
                    "all",
                    CheckName::OauthClientCredentialsBasic,
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
                    CheckName::OauthClientCredentialsBasic,
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
        report.add(
            "all",
            CheckName::OauthClientCredentialsBody,
            outcome,
            detail,
        );

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
        report.add("all", CheckName::OauthWrongSecret, outcome, detail);
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
