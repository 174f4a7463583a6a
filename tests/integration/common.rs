//! One way to start a real server for a test: in-process on `127.0.0.1:0`, over a fresh
//! SQLite file, or over a fresh PostgreSQL database when `FIN_HELPDESK_TEST_POSTGRES_URL`
//! names an admin connection, so the same tests run on both backends. Callers get clients
//! for both variants that carry a token from `/oauth/token` and sign every request, plus
//! raw access for requests the generated clients refuse to send.

#![allow(dead_code)] // each test module uses a different part of the helper

use fin_helpdesk::api::rest as r;
use fin_helpdesk::client::{Credentials, posts, rest};
use fin_helpdesk::credentials::Secret;
use fin_helpdesk::credentials::{SignedPayload, SigningKey};
use fin_helpdesk::store::NewAgent;
use fin_helpdesk::{self as server, AppState, ConnectionLimits, RunningServer, ServerConfig};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use slog::Drain;
use sqlx::Connection;
use std::sync::Arc;
use std::time::Duration;

/// The admin URL of a PostgreSQL server to test against (e.g.
/// `postgres://postgres:pw@127.0.0.1:5432/postgres`); SQLite when unset.
pub const POSTGRES_ENV: &str = "FIN_HELPDESK_TEST_POSTGRES_URL";

pub const CLIENT_ID: &str = "fin";
pub const CLIENT_SECRET: &str = "fhd_cs_test-client-secret-0123456789abcdef";
/// A second OAuth client, for tests that remove one.
pub const SPARE_CLIENT_ID: &str = "spare";
pub const SPARE_CLIENT_SECRET: &str = "fhd_cs_spare-client-secret-0123456789abcdef";
pub const SIGNING_SECRET: &str = "test-signing-secret-shown-in-fin-deployment-settings";
/// The agent that represents Fin, and a human agent.
pub const FIN_AGENT: &str = "agent_fin";
pub const HUMAN_AGENT: &str = "agent_alice";
/// Small, so that a test can exceed it cheaply; every regular request fits.
pub const BODY_LIMIT: usize = 8 * 1024;

/// A database that exists for one test: a SQLite file in a temporary directory, or a
/// uniquely named PostgreSQL database that is dropped when this value is.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl TestDb {
    pub async fn new() -> TestDb {
        match std::env::var(POSTGRES_ENV) {
            Ok(admin_url) if !admin_url.trim().is_empty() => Self::postgres(admin_url).await,
            _ => Self::sqlite(),
        }
    }

    /// A SQLite file in a temporary directory, whatever the environment says.
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fin-helpdesk.db");
        TestDb {
            url: format!("sqlite://{}", path.display()),
            _dir: Some(dir),
            postgres: None,
        }
    }

    /// A fresh database on the PostgreSQL server at `admin_url`.
    pub async fn postgres(admin_url: String) -> TestDb {
        let name = format!("fhd_test_{}", uuid::Uuid::now_v7().simple());
        let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .await
            .unwrap();
        admin.close().await.unwrap();
        let mut url = url::Url::parse(&admin_url).unwrap();
        url.set_path(&format!("/{name}"));
        TestDb {
            url: url.to_string(),
            _dir: None,
            postgres: Some((admin_url, name)),
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin_url, name)) = self.postgres.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot be blocked on: use a thread
        // with its own. FORCE ends the connections a server may still hold.
        let database = name.clone();
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let mut admin = sqlx::PgConnection::connect(&admin_url).await?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
                    .execute(&mut admin)
                    .await?;
                admin.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("note: could not drop the test database {name}");
        }
    }
}

/// What a test may change about the server.
#[derive(Clone)]
pub struct Options {
    pub request_body_max_bytes: usize,
    pub token_lifetime: Duration,
    pub signing: bool,
    pub storage_timeout: Duration,
    pub body_read_timeout: Duration,
    pub connections: ConnectionLimits,
    /// Where the server logs; nowhere if `None`.
    pub log: Option<slog::Logger>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            request_body_max_bytes: BODY_LIMIT,
            token_lifetime: Duration::from_secs(3600),
            signing: true,
            storage_timeout: fin_helpdesk::store::DEFAULT_STORAGE_TIMEOUT,
            body_read_timeout: fin_helpdesk::DEFAULT_BODY_READ_TIMEOUT,
            connections: ConnectionLimits::default(),
            log: None,
        }
    }
}

/// A running server with everything a test needs to talk to it.
pub struct TestServer {
    pub server: RunningServer,
    pub state: Arc<AppState>,
    pub base_url: String,
    pub token: Secret,
    pub signing_key: SigningKey,
    pub rest: rest::Client,
    pub posts: posts::Client,
    /// A plain client for hand-made requests.
    pub http: reqwest::Client,
    pub options: Options,
    pub db_url: String,
}

/// How many rows the main tables hold: to check that a refused request wrote nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub users: i64,
    pub conversations: i64,
    pub messages: i64,
}

pub fn config(db: &TestDb, options: &Options) -> ServerConfig {
    let mut config = ServerConfig::new("127.0.0.1:0".parse().unwrap(), db.url.clone());
    config.request_body_max_bytes = options.request_body_max_bytes;
    config.token_lifetime = options.token_lifetime;
    config.storage_timeout = options.storage_timeout;
    config.body_read_timeout = options.body_read_timeout;
    config.connections = options.connections;
    config.oauth_clients = vec![
        (CLIENT_ID.to_string(), Secret::new(CLIENT_SECRET)),
        (
            SPARE_CLIENT_ID.to_string(),
            Secret::new(SPARE_CLIENT_SECRET),
        ),
    ];
    config.signing_secret = options.signing.then(|| Secret::new(SIGNING_SECRET));
    config
}

/// One key for every server of the test binary: its clones share the memory that keeps
/// a body sent again within a second from carrying the same timestamp and signature, which
/// a server (or a restarted one, over the same database) refuses as a replay.
pub fn signing_key() -> SigningKey {
    static KEY: std::sync::OnceLock<SigningKey> = std::sync::OnceLock::new();
    KEY.get_or_init(|| SigningKey::new(&Secret::new(SIGNING_SECRET)).unwrap())
        .clone()
}

pub fn quiet_log() -> slog::Logger {
    slog::Logger::root(slog::Discard, slog::o!())
}

/// A logger that keeps every record as one line, `LEVEL message key=value …` (the
/// logger's own keys included, such as dropshot's `req_id`), for a test to read.
pub fn captured_log() -> (slog::Logger, Arc<std::sync::Mutex<Vec<String>>>) {
    let lines = Arc::new(std::sync::Mutex::new(Vec::new()));
    let drain = Capture(lines.clone());
    (slog::Logger::root(drain.fuse(), slog::o!()), lines)
}

struct Capture(Arc<std::sync::Mutex<Vec<String>>>);

impl slog::Drain for Capture {
    type Ok = ();
    type Err = slog::Never;

    fn log(&self, record: &slog::Record, values: &slog::OwnedKVList) -> Result<(), slog::Never> {
        use slog::KV;
        let mut line = Line(format!("{} {}", record.level().as_str(), record.msg()));
        let _ = record.kv().serialize(record, &mut line);
        let _ = values.serialize(record, &mut line);
        self.0.lock().unwrap().push(line.0);
        Ok(())
    }
}

struct Line(String);

impl slog::Serializer for Line {
    fn emit_arguments(&mut self, key: slog::Key, value: &std::fmt::Arguments) -> slog::Result {
        self.0.push_str(&format!(" {key}={value}"));
        Ok(())
    }
}

impl TestServer {
    /// A server with the default options over `db`.
    pub async fn start(db: &TestDb) -> TestServer {
        Self::start_with(db, Options::default()).await
    }

    pub async fn start_with(db: &TestDb, options: Options) -> TestServer {
        let log = options.log.clone().unwrap_or_else(quiet_log);
        let server = server::start(config(db, &options), log).await.unwrap();
        let state = server.state.clone();
        for (id, name) in [(FIN_AGENT, "Fin"), (HUMAN_AGENT, "Alice")] {
            // A restart over the same database finds them already there.
            if state.store.get_agent(id).await.unwrap().is_none() {
                state
                    .store
                    .add_agent(NewAgent {
                        id: Some(id.to_string()),
                        name: Some(name.to_string()),
                        email: Some(format!("{}@example.com", name.to_lowercase())),
                        photo_url: None,
                        alias: None,
                    })
                    .await
                    .unwrap();
            }
        }
        let base_url = format!("http://{}", server.local_addr);
        let http = reqwest::Client::new();
        let token = fetch_token(&http, &base_url, CLIENT_ID, CLIENT_SECRET).await;
        let signing_key = signing_key();
        let credentials = Credentials {
            bearer_token: Some(token.clone()),
            signing_key: options.signing.then(|| signing_key.clone()),
            ..Credentials::default()
        };
        TestServer {
            rest: rest::Client::new(&base_url, credentials.clone()),
            posts: posts::Client::new(&base_url, credentials),
            server,
            state,
            base_url,
            token,
            signing_key,
            http,
            options,
            db_url: db.url.clone(),
        }
    }

    /// Row counts read straight from the database, past the service and the store.
    pub async fn counts(&self) -> Counts {
        let tables = ["users", "conversations", "messages"];
        let mut found = [0i64; 3];
        if self.db_url.starts_with("postgres") {
            let mut connection = sqlx::PgConnection::connect(&self.db_url).await.unwrap();
            for (table, n) in tables.iter().zip(found.iter_mut()) {
                *n = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                    .fetch_one(&mut connection)
                    .await
                    .unwrap();
            }
        } else {
            let mut connection = sqlx::SqliteConnection::connect(&self.db_url).await.unwrap();
            for (table, n) in tables.iter().zip(found.iter_mut()) {
                *n = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                    .fetch_one(&mut connection)
                    .await
                    .unwrap();
            }
        }
        Counts {
            users: found[0],
            conversations: found[1],
            messages: found[2],
        }
    }

    /// Stops accepting requests and waits for those in flight.
    pub async fn shutdown(self) {
        self.server.shutdown().await.unwrap();
    }

    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{}", self.base_url, path_and_query)
    }

    /// A request with this server's token and, when signing is on, a fresh signature over
    /// `body` (or over the query string when there is no body).
    pub fn request(
        &self,
        method: reqwest::Method,
        path_and_query: &str,
        body: Option<&[u8]>,
    ) -> reqwest::RequestBuilder {
        self.request_as(method, path_and_query, body, "application/json")
    }

    /// [`TestServer::request`] with another content type for the body.
    pub fn request_as(
        &self,
        method: reqwest::Method,
        path_and_query: &str,
        body: Option<&[u8]>,
        content_type: &str,
    ) -> reqwest::RequestBuilder {
        let mut builder = self
            .http
            .request(method, self.url(path_and_query))
            .bearer_auth(self.token.expose());
        if self.options.signing {
            let query = path_and_query.split_once('?').map(|(_, query)| query);
            let payload = match body {
                Some(body) => SignedPayload::Body(body),
                None => SignedPayload::Query(query),
            };
            // The generated clients' signer (it shares this key's memory), so a body sent
            // twice in a second is not taken for a replay.
            let (timestamp, signature) = self
                .signing_key
                .sign_now(&payload, chrono::Utc::now().timestamp());
            builder = builder
                .header("x-fin-request-timestamp", &timestamp)
                .header("x-fin-signature", signature);
        }
        if let Some(body) = body {
            builder = builder
                .header("content-type", content_type)
                .body(body.to_vec());
        }
        builder
    }

    /// POSTs `body` as it is, authenticated and signed.
    pub async fn post_raw(&self, path: &str, body: &[u8]) -> Answer {
        Answer::of(
            self.request(reqwest::Method::POST, path, Some(body))
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn put_raw(&self, path: &str, body: &[u8]) -> Answer {
        Answer::of(
            self.request(reqwest::Method::PUT, path, Some(body))
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn get_raw(&self, path_and_query: &str) -> Answer {
        Answer::of(
            self.request(reqwest::Method::GET, path_and_query, None)
                .send()
                .await
                .unwrap(),
        )
        .await
    }
}

/// Gets an access token with the client-credentials grant (credentials in the form body).
pub async fn fetch_token(
    http: &reqwest::Client,
    base_url: &str,
    client_id: &str,
    secret: &str,
) -> Secret {
    let body = serde_urlencoded::to_string([
        ("grant_type", "client_credentials"),
        ("client_id", client_id),
        ("client_secret", secret),
    ])
    .unwrap();
    let answer = Answer::of(
        http.post(format!("{base_url}/oauth/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 200, "token endpoint: {}", answer.text);
    assert_eq!(answer.json["token_type"], "Bearer");
    Secret::new(answer.json["access_token"].as_str().unwrap())
}

/// A response read to the end: status, headers and body (as JSON when it is JSON).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Answer {
    pub async fn of(response: reqwest::Response) -> Answer {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            text,
            json,
        }
    }

    /// The answer a generated client refused as an error. 401 and 403 come back without
    /// a body (progenitor's "documented error"); anything else with it.
    pub async fn of_error<T: std::fmt::Debug>(error: progenitor_client::Error<T>) -> Answer {
        match error {
            progenitor_client::Error::UnexpectedResponse(response) => Answer::of(response).await,
            progenitor_client::Error::ErrorResponse(response) => Answer {
                status: response.status().as_u16(),
                headers: response.headers().clone(),
                text: String::new(),
                json: Value::Null,
            },
            other => panic!("expected an error response, got {other:?}"),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// A REST error: dropshot's `{request_id, error_code, message}`; returns the message.
    pub fn rest_error(&self, status: u16) -> &str {
        assert_eq!(self.status, status, "{}", self.text);
        assert!(self.json["request_id"].is_string(), "{}", self.text);
        self.json["message"].as_str().expect(&self.text)
    }

    /// A POST-only error: the `{data: null, error}` envelope whose `error.status` is the
    /// HTTP status; returns `error.detail`.
    pub fn posts_error(&self, status: u16) -> &str {
        assert_eq!(self.status, status, "{}", self.text);
        assert!(self.json["data"].is_null(), "{}", self.text);
        assert_eq!(self.json["error"]["status"], status, "{}", self.text);
        assert!(self.json["error"]["title"].is_string(), "{}", self.text);
        self.json["error"]["detail"].as_str().expect(&self.text)
    }
}

/// Builds a generated request type from JSON, so a test reads like the wire.
pub fn body<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap()
}

/// Ids are non-empty strings.
pub fn assert_id(id: &str) {
    assert!(!id.trim().is_empty(), "empty id");
}

/// Timestamps are RFC 3339 in UTC.
pub fn assert_utc(timestamp: &str) -> chrono::DateTime<chrono::Utc> {
    let parsed = chrono::DateTime::parse_from_rfc3339(timestamp)
        .unwrap_or_else(|_| panic!("not RFC 3339: {timestamp}"));
    assert_eq!(parsed.offset().local_minus_utc(), 0, "not UTC: {timestamp}");
    parsed.with_timezone(&chrono::Utc)
}

/// An end user (`ic_u`) and a conversation (`ic_c`) with its first message, over REST.
pub async fn user_and_conversation(
    client: &rest::Client,
) -> (r::EndUser, r::CreateConversationResponse) {
    let user = client
        .create_user()
        .body(body::<r::CreateUserRequest>(
            json!({"object_id": "ic_u", "name": "Ada"}),
        ))
        .send()
        .await
        .unwrap()
        .into_inner();
    let created = client
        .create_conversation()
        .body(body::<r::CreateConversationRequest>(json!({
            "user_id": user.id, "object_id": "ic_c", "title": "Kept",
            "initial_message": {"author": {"id": user.id, "user_type": "end_user"}, "body": "hi"},
        })))
        .send()
        .await
        .unwrap()
        .into_inner();
    (user, created)
}
