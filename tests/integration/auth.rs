//! Who gets in, in both variants: bearer tokens (missing, wrong, expired, of a removed
//! client), Fin signatures (wrong, stale, from the future, over a body changed in transit,
//! hex and base64, GET queries in any order but not re-spelt, a write replayed to this
//! server or another on the same database), and every answer of `/oauth/token`, a
//! guesser's 429 included.

use crate::common::{
    Answer, CLIENT_ID, CLIENT_SECRET, Options, SPARE_CLIENT_ID, SPARE_CLIENT_SECRET, TestDb,
    TestServer, body, fetch_token,
};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use fin_helpdesk::api::rest as r;
use fin_helpdesk::credentials::hash_token;
use fin_helpdesk::credentials::{SignedPayload, sign_hex};
use reqwest::Method;
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Variant {
    Rest,
    Posts,
}

const VARIANTS: [Variant; 2] = [Variant::Rest, Variant::Posts];

impl Variant {
    /// A create: its body is what the signature covers, and a refusal must write nothing.
    fn create_user_path(self) -> &'static str {
        match self {
            Variant::Rest => "/user",
            Variant::Posts => "/create_user",
        }
    }

    /// The error message a 401 carries, checking the variant's error shape.
    /// Both variants send the Bearer challenge (RFC 6750 §3), each in its own body.
    fn unauthorized(self, answer: &Answer) -> String {
        let challenge = answer.header("www-authenticate").unwrap_or_default();
        assert!(
            challenge.starts_with("Bearer realm="),
            "{self:?}: {:?}",
            answer.headers
        );
        assert!(
            answer.header("x-request-id").is_some(),
            "{:?}",
            answer.headers
        );
        match self {
            Variant::Rest => answer.rest_error(401).to_string(),
            Variant::Posts => answer.posts_error(401).to_string(),
        }
    }
}

/// A request with each credential under the test's control; by default everything is
/// valid: the server's token, a hex signature made now over exactly the bytes sent.
struct Probe<'a> {
    t: &'a TestServer,
    method: Method,
    path_and_query: String,
    body: Option<Vec<u8>>,
    token: Option<String>,
    timestamp: Option<String>,
    signature: Option<String>,
}

impl<'a> Probe<'a> {
    fn new(t: &'a TestServer, method: Method, path_and_query: &str, body: Option<&[u8]>) -> Self {
        Probe {
            t,
            method,
            path_and_query: path_and_query.to_string(),
            body: body.map(<[u8]>::to_vec),
            token: Some(t.token.expose().to_string()),
            timestamp: None,
            signature: None,
        }
        .signed_at(now())
    }

    fn create_user(t: &'a TestServer, variant: Variant, object_id: &str) -> Self {
        let body = json!({"object_id": object_id}).to_string();
        Probe::new(
            t,
            Method::POST,
            variant.create_user_path(),
            Some(body.as_bytes()),
        )
    }

    fn payload(&self) -> SignedPayload<'_> {
        match &self.body {
            Some(body) => SignedPayload::Body(body),
            None => SignedPayload::Query(self.path_and_query.split_once('?').map(|(_, q)| q)),
        }
    }

    fn tag(&self, timestamp: &str) -> Vec<u8> {
        hex::decode(sign_hex(&self.t.signing_key, timestamp, &self.payload())).unwrap()
    }

    /// Signs (in hex) at the given Unix time.
    fn signed_at(mut self, unix: i64) -> Self {
        let timestamp = unix.to_string();
        self.signature = Some(hex::encode(self.tag(&timestamp)));
        self.timestamp = Some(timestamp);
        self
    }

    /// Carries `other`'s timestamp and signature, as a replay or a re-spelt request would.
    fn signed_like(mut self, other: &Probe<'_>) -> Self {
        self.timestamp = other.timestamp.clone();
        self.signature = other.signature.clone();
        self
    }

    fn token(mut self, token: Option<&str>) -> Self {
        self.token = token.map(str::to_string);
        self
    }

    fn signature(mut self, signature: Option<String>) -> Self {
        self.signature = signature;
        self
    }

    fn timestamp(mut self, timestamp: Option<&str>) -> Self {
        self.timestamp = timestamp.map(str::to_string);
        self
    }

    async fn send(self) -> Answer {
        let mut request = self
            .t
            .http
            .request(self.method, self.t.url(&self.path_and_query));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(timestamp) = &self.timestamp {
            request = request.header("x-fin-request-timestamp", timestamp);
        }
        if let Some(signature) = &self.signature {
            request = request.header("x-fin-signature", signature);
        }
        if let Some(body) = self.body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        Answer::of(request.send().await.unwrap()).await
    }
}

/// Writes a signature tag in one of the accepted encodings.
type Encode = fn(&[u8]) -> String;

/// Sends the probe and expects a 401 whose message contains `expect`.
async fn refused(variant: Variant, probe: Probe<'_>, expect: &str) {
    let answer = probe.send().await;
    let message = variant.unauthorized(&answer);
    assert!(message.contains(expect), "{variant:?}: {message}");
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[tokio::test]
async fn bad_bearer_tokens_are_401_in_both_variants() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let expired = "fhd_at_expired-token-0123456789abcdef";
    t.state
        .store
        .insert_access_token(
            &hash_token(expired),
            CLIENT_ID,
            chrono::Utc::now() - chrono::Duration::minutes(1),
        )
        .await
        .unwrap();

    for variant in VARIANTS {
        for (case, token) in [
            ("no token", None),
            ("wrong token", Some("fhd_at_not-a-token-we-issued")),
            ("expired token", Some(expired)),
        ] {
            let answer = Probe::create_user(&t, variant, "refused")
                .token(token)
                .send()
                .await;
            let message = variant.unauthorized(&answer);
            assert!(message.contains("token"), "{variant:?} {case}: {message}");
        }
    }
    // Not a bearer credential at all.
    let basic = t
        .http
        .get(t.url("/agents"))
        .header("authorization", "Basic ZmluOnNlY3JldA==")
        .send()
        .await
        .unwrap();
    Variant::Rest.unauthorized(&Answer::of(basic).await);
    assert_eq!(
        t.counts().await.users,
        0,
        "a refused request wrote something"
    );
}

#[tokio::test]
async fn the_token_of_a_removed_client_stops_working() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let token = fetch_token(&t.http, &t.base_url, SPARE_CLIENT_ID, SPARE_CLIENT_SECRET).await;
    for variant in VARIANTS {
        let answer = Probe::create_user(&t, variant, &format!("before_{variant:?}"))
            .token(Some(token.expose()))
            .send()
            .await;
        assert_eq!(answer.status, 201, "{}", answer.text);
    }
    assert!(
        t.state
            .store
            .remove_oauth_client(SPARE_CLIENT_ID)
            .await
            .unwrap()
    );
    // A verified token is trusted for TOKEN_CACHE_TTL without a database lookup (see
    // src/server/authenticate.rs): revocation takes effect within that time, not at once.
    tokio::time::sleep(fin_helpdesk::TOKEN_CACHE_TTL + std::time::Duration::from_millis(100)).await;
    for variant in VARIANTS {
        let answer = Probe::create_user(&t, variant, &format!("after_{variant:?}"))
            .token(Some(token.expose()))
            .send()
            .await;
        variant.unauthorized(&answer);
    }
    assert_eq!(t.counts().await.users, 2);
    // The other client's token is untouched.
    t.rest.get_agents().send().await.unwrap();
}

#[tokio::test]
async fn signatures_are_checked_over_the_bytes_received() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    for variant in VARIANTS {
        let probe = || Probe::create_user(&t, variant, "sig");
        let users = t.counts().await.users;

        let forged = probe();
        let forged_signature = {
            let mut tag = forged.tag(forged.timestamp.as_deref().unwrap());
            tag[0] ^= 1;
            hex::encode(tag)
        };
        refused(
            variant,
            forged.signature(Some(forged_signature)),
            "does not match",
        )
        .await;
        refused(variant, probe().signature(None), "X-Fin-Signature").await;
        refused(variant, probe().timestamp(None), "X-Fin-Request-Timestamp").await;
        refused(
            variant,
            probe().signature(Some("not-a-signature".into())),
            "neither",
        )
        .await;
        // Beyond the default 300 s either way.
        refused(variant, probe().signed_at(now() - 400), "old").await;
        refused(variant, probe().signed_at(now() + 400), "future").await;
        // A timestamp changed after signing no longer matches.
        let shifted = (now() + 1).to_string();
        refused(variant, probe().timestamp(Some(&shifted)), "does not match").await;
        // The body changed in transit (same length, one value differs).
        let mut tampered = probe();
        tampered.body = Some(json!({"object_id": "sIg"}).to_string().into_bytes());
        refused(variant, tampered, "does not match").await;
        assert_eq!(
            t.counts().await.users,
            users,
            "{variant:?}: a refusal wrote"
        );

        // Hex in either case, and base64 standard or URL-safe, are all accepted.
        let encodings: [(&str, Encode); 4] = [
            ("hex", |tag| hex::encode(tag)),
            ("HEX", |tag| hex::encode_upper(tag)),
            ("base64", |tag| STANDARD.encode(tag)),
            ("base64url", |tag| URL_SAFE_NO_PAD.encode(tag)),
        ];
        for (name, encode) in encodings {
            let valid = Probe::create_user(&t, variant, &format!("{variant:?}_{name}"));
            let tag = valid.tag(valid.timestamp.as_deref().unwrap());
            let answer = valid.signature(Some(encode(&tag))).send().await;
            assert_eq!(answer.status, 201, "{variant:?} {name}: {}", answer.text);
        }
    }
}

#[tokio::test]
async fn a_get_is_signed_over_its_sorted_query() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let user = t
        .rest
        .create_user()
        .body(body::<r::CreateUserRequest>(json!({"object_id": "u"})))
        .send()
        .await
        .unwrap()
        .into_inner();
    let conversation = t
        .rest
        .create_conversation()
        .body(body::<r::CreateConversationRequest>(json!({
            "user_id": user.id, "object_id": "c",
            "initial_message": {"author": {"id": user.id, "user_type": "end_user"}, "body": "hi"},
        })))
        .send()
        .await
        .unwrap()
        .into_inner();
    let (conversation_id, first) = (conversation.conversation.id, conversation.message.id);

    // Signed with the parameters in one order, sent in the other: the same request.
    let signed = format!("/messages?after_id={first}&conversation_id={conversation_id}");
    let sent = format!("/messages?conversation_id={conversation_id}&after_id={first}");
    let probe = Probe::new(&t, Method::GET, &signed, None);
    let timestamp = probe.timestamp.clone();
    let signature = probe.signature.clone();
    let mut probe = Probe::new(&t, Method::GET, &sent, None)
        .timestamp(timestamp.as_deref())
        .signature(signature);
    let answer = probe.send().await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.json, json!([]));

    // A different value is a different request.
    probe = Probe::new(&t, Method::GET, &signed, None);
    probe.path_and_query = format!("/messages?conversation_id={conversation_id}&after_id=other");
    let answer = probe.send().await;
    assert!(
        Variant::Rest
            .unauthorized(&answer)
            .contains("does not match")
    );
    // Percent-encoding does not matter either.
    let encoded = format!("/user?user_id={}", user.id.replace('_', "%5F"));
    let probe = Probe::new(&t, Method::GET, &format!("/user?user_id={}", user.id), None);
    let (timestamp, signature) = (probe.timestamp.clone(), probe.signature.clone());
    let answer = Probe::new(&t, Method::GET, &encoded, None)
        .timestamp(timestamp.as_deref())
        .signature(signature)
        .send()
        .await;
    assert_eq!(answer.status, 200, "{}", answer.text);
}

#[tokio::test]
async fn without_a_signing_secret_a_token_is_enough() {
    let db = TestDb::new().await;
    let options = Options {
        signing: false,
        ..Options::default()
    };
    let t = TestServer::start_with(&db, options).await;
    t.rest.get_agents().send().await.unwrap();
    t.posts.get_agents().send().await.unwrap();
    let answer = Probe::create_user(&t, Variant::Rest, "u")
        .token(None)
        .send()
        .await;
    Variant::Rest.unauthorized(&answer);
}

/// `/oauth/token` answers as RFC 6749 §5: JSON, never cached, 401 with a challenge for a
/// client that failed to authenticate, 400 for everything else.
#[tokio::test]
async fn the_token_endpoint_answers_every_case() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let token_request = |basic: Option<(&str, &str)>, form: &[(&str, &str)]| {
        let mut request = t
            .http
            .post(t.url("/oauth/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(form).unwrap());
        if let Some((id, secret)) = basic {
            request = request.basic_auth(id, Some(secret));
        }
        async move { Answer::of(request.send().await.unwrap()).await }
    };
    let grant = ("grant_type", "client_credentials");

    // Basic credentials, and credentials in the body.
    for answer in [
        token_request(Some((CLIENT_ID, CLIENT_SECRET)), &[grant]).await,
        token_request(
            None,
            &[
                grant,
                ("client_id", CLIENT_ID),
                ("client_secret", CLIENT_SECRET),
            ],
        )
        .await,
    ] {
        assert_eq!(answer.status, 200, "{}", answer.text);
        assert_eq!(answer.json["token_type"], "Bearer");
        assert_eq!(answer.json["expires_in"], 3600);
        assert_eq!(answer.header("cache-control"), Some("no-store"));
        let token = answer.json["access_token"].as_str().unwrap();
        let works = Probe::create_user(&t, Variant::Rest, token)
            .token(Some(token))
            .send()
            .await;
        assert_eq!(works.status, 201, "{}", works.text);
    }

    let invalid_client = [
        token_request(Some((CLIENT_ID, "wrong")), &[grant]).await,
        token_request(Some(("nobody", CLIENT_SECRET)), &[grant]).await,
        token_request(
            None,
            &[grant, ("client_id", CLIENT_ID), ("client_secret", "wrong")],
        )
        .await,
        token_request(None, &[grant, ("client_id", CLIENT_ID)]).await,
        token_request(None, &[grant]).await,
    ];
    for answer in invalid_client {
        assert_eq!(answer.status, 401, "{}", answer.text);
        assert_eq!(answer.json["error"], "invalid_client", "{}", answer.text);
        assert!(answer.json["error_description"].is_string());
        assert!(answer.header("www-authenticate").is_some(), "challenge");
        assert_eq!(answer.header("cache-control"), Some("no-store"));
    }

    let bad_requests = [
        (
            token_request(Some((CLIENT_ID, CLIENT_SECRET)), &[]).await,
            "invalid_request",
        ),
        (
            token_request(
                Some((CLIENT_ID, CLIENT_SECRET)),
                &[grant, ("grant_type", "client_credentials")],
            )
            .await,
            "invalid_request",
        ),
        (
            // Two authentication methods at once.
            token_request(
                Some((CLIENT_ID, CLIENT_SECRET)),
                &[grant, ("client_secret", CLIENT_SECRET)],
            )
            .await,
            "invalid_request",
        ),
        (
            token_request(
                Some((CLIENT_ID, CLIENT_SECRET)),
                &[("grant_type", "password")],
            )
            .await,
            "unsupported_grant_type",
        ),
        (
            token_request(
                None,
                &[
                    ("grant_type", "authorization_code"),
                    ("client_id", CLIENT_ID),
                    ("client_secret", CLIENT_SECRET),
                ],
            )
            .await,
            "unsupported_grant_type",
        ),
    ];
    for (answer, code) in bad_requests {
        assert_eq!(answer.status, 400, "{}", answer.text);
        assert_eq!(answer.json["error"], code, "{}", answer.text);
        assert!(answer.header("www-authenticate").is_none());
    }
}

/// Guessing client secrets is slowed: after 10 failed token requests from one address
/// (the default policy) the 11th, and even a right one, is answered 429 `slow_down` with
/// `Retry-After`, unchecked; tokens already issued keep working.
#[tokio::test]
async fn failed_token_requests_are_throttled_per_address() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let token_request = |secret: &str| {
        let body = serde_urlencoded::to_string([
            ("grant_type", "client_credentials"),
            ("client_id", CLIENT_ID),
            ("client_secret", secret),
        ])
        .unwrap();
        let request = t
            .http
            .post(t.url("/oauth/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        async move { Answer::of(request.send().await.unwrap()).await }
    };
    for attempt in 1..=10 {
        let answer = token_request("fhd_cs_a-wrong-guess-0123456789abcdef").await;
        assert_eq!(answer.status, 401, "attempt {attempt}: {}", answer.text);
        assert_eq!(answer.json["error"], "invalid_client");
    }
    for secret in ["fhd_cs_a-wrong-guess-0123456789abcdef", CLIENT_SECRET] {
        let answer = token_request(secret).await;
        assert_eq!(answer.status, 429, "{}", answer.text);
        assert_eq!(answer.json["error"], "slow_down", "{}", answer.text);
        assert!(answer.json["error_description"].is_string());
        assert_eq!(answer.header("cache-control"), Some("no-store"));
        let retry_after: u64 = answer
            .header("retry-after")
            .and_then(|value| value.parse().ok())
            .expect("a Retry-After in seconds");
        assert!((1..=300).contains(&retry_after), "{retry_after}");
    }
    // The token fetched before the guessing still works: only token requests are refused.
    let works = Probe::create_user(&t, Variant::Rest, "after_guessing")
        .send()
        .await;
    assert_eq!(works.status, 201, "{}", works.text);
}

/// A GET's signature covers its parameters one way only: a signature over
/// `user_id=U&x=1` (two parameters) does not pass for `user_id=U%26x%3D1` (one
/// parameter whose value spells them), which decodes to the same text. A value that
/// really holds `&` and `=` signs and verifies in its escaped form.
#[tokio::test]
async fn a_get_signature_does_not_cover_a_query_that_spells_its_parameters() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let signed = Probe::new(&t, Method::GET, "/user?user_id=u_1&x=1", None);
    let answer = Probe::new(&t, Method::GET, "/user?user_id=u_1%26x%3D1", None)
        .signed_like(&signed)
        .send()
        .await;
    assert!(
        Variant::Rest
            .unauthorized(&answer)
            .contains("does not match")
    );
    // Signed by the shared signer: the signature passes, and the user is not found.
    let honest = Probe::new(&t, Method::GET, "/user?user_id=u_1%26x%3D1", None)
        .send()
        .await;
    assert_eq!(honest.status, 404, "{}", honest.text);
}

/// A signed write is accepted once: the same timestamp and signature again, in either
/// variant and in any encoding of the signature, is a 401 that says so and writes
/// nothing; the same body signed anew goes through. Reads may repeat.
#[tokio::test]
async fn a_signed_write_is_accepted_once_and_a_read_may_repeat() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    for variant in VARIANTS {
        let object_id = format!("replayed_{variant:?}");
        let original = Probe::create_user(&t, variant, &object_id);
        let timestamp = original.timestamp.clone();
        let tag = original.tag(timestamp.as_deref().unwrap());
        let answer = original.send().await;
        assert_eq!(answer.status, 201, "{variant:?}: {}", answer.text);
        let users = t.counts().await.users;
        for signature in [hex::encode(&tag), STANDARD.encode(&tag)] {
            let replay = Probe::create_user(&t, variant, &object_id)
                .timestamp(timestamp.as_deref())
                .signature(Some(signature));
            refused(variant, replay, "already accepted once").await;
        }
        assert_eq!(t.counts().await.users, users, "{variant:?}: a replay wrote");
        // Signed again, a second earlier: a new signature, and the idempotent create
        // answers it.
        let sent_at: i64 = timestamp.as_deref().unwrap().parse().unwrap();
        let again = Probe::create_user(&t, variant, &object_id)
            .signed_at(sent_at - 1)
            .send()
            .await;
        assert!(again.status < 300, "{variant:?}: {}", again.text);
    }
    // The same signed read twice: both answered, a GET and a POST-only read (a POST
    // with a body) alike.
    for (method, path, body) in [
        (Method::GET, "/agents", None),
        (Method::POST, "/get_agents", Some(&b"{}"[..])),
    ] {
        let read = Probe::new(&t, method.clone(), path, body);
        for _ in 0..2 {
            let answer = Probe::new(&t, method.clone(), path, body)
                .signed_like(&read)
                .send()
                .await;
            assert_eq!(answer.status, 200, "{path}: {}", answer.text);
        }
    }
}

/// Two servers on one database stand for two replicas: a write one of them accepted is
/// refused as a replay by the other (on PostgreSQL, the shared deployment; on SQLite the
/// same table in the one file).
#[tokio::test]
async fn a_write_accepted_by_one_replica_is_a_replay_to_another() {
    let db = TestDb::new().await;
    let first = TestServer::start(&db).await;
    let second = TestServer::start(&db).await;
    let original = Probe::create_user(&first, Variant::Rest, "two_replicas");
    let replay = Probe::create_user(&second, Variant::Rest, "two_replicas").signed_like(&original);
    let answer = original.send().await;
    assert_eq!(answer.status, 201, "{}", answer.text);
    refused(Variant::Rest, replay, "already accepted once").await;
}

/// A timestamp may lead the server's clock by a minute at most, whatever the tolerance
/// for old ones (300 s by default): two minutes ahead is refused, thirty seconds is not.
#[tokio::test]
async fn a_timestamp_may_be_at_most_a_minute_ahead() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    for variant in VARIANTS {
        let ahead = Probe::create_user(&t, variant, "ahead").signed_at(now() + 120);
        refused(variant, ahead, "in the future").await;
        let answer = Probe::create_user(&t, variant, &format!("slightly_ahead_{variant:?}"))
            .signed_at(now() + 30)
            .send()
            .await;
        assert_eq!(answer.status, 201, "{variant:?}: {}", answer.text);
    }
}

/// A write answered 503 (the database busy past the storage bound) does not use up its
/// signature: the same signed request sent again, once the database is back, is served,
/// not refused as a replay. The SQLite pass holds the write lock from another
/// connection, the PostgreSQL pass the `users` table.
#[tokio::test]
async fn a_write_answered_503_may_be_sent_again_with_the_same_signature() {
    let db = TestDb::new().await;
    let bound = std::time::Duration::from_millis(500);
    let options = Options {
        storage_timeout: bound,
        ..Options::default()
    };
    let t = TestServer::start_with(&db, options).await;
    let original = Probe::create_user(&t, Variant::Rest, "after_an_outage");
    let again = || Probe::create_user(&t, Variant::Rest, "after_an_outage").signed_like(&original);
    let busy = if db.is_postgres() {
        use sqlx::Connection as _;
        let mut holder = sqlx::PgConnection::connect(&db.url).await.unwrap();
        sqlx::query("BEGIN").execute(&mut holder).await.unwrap();
        sqlx::query("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
            .execute(&mut holder)
            .await
            .unwrap();
        let busy = again().send().await;
        sqlx::query("ROLLBACK").execute(&mut holder).await.unwrap();
        busy
    } else {
        let path = db.url.trim_start_matches("sqlite://").to_string();
        let holder = rusqlite::Connection::open(&path).unwrap();
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        let busy = again().send().await;
        holder.execute_batch("ROLLBACK").unwrap();
        busy
    };
    assert_eq!(busy.status, 503, "{}", busy.text);
    // The signature is given back in the background; the retry may race it briefly.
    let mut answer = again().send().await;
    for _ in 0..20 {
        if answer.status != 401 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        answer = again().send().await;
    }
    assert!(answer.status < 300, "{}: {}", answer.status, answer.text);
    // Served once, it is used up like any other.
    refused(Variant::Rest, again(), "already accepted once").await;
}
