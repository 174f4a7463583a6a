//! Running it in production, against the real `fin-helpdesk` process on 127.0.0.1:
//! Prometheus metrics on their own address (checked with `promtool` when it is
//! installed), logs in both formats that never carry a secret, and an online backup
//! taken while the server writes.

use crate::common::{SIGNING_SECRET, TestDb, body, fetch_token, user_and_conversation};
use crate::durability::{API_TOKEN, Process, free_port};
use crate::inbox::{FormBody, csrf_in, pair, set_cookie};
use fin_helpdesk::api::rest as r;
use fin_helpdesk::client::{Credentials, rest};
use fin_helpdesk::credentials::Secret;
use fin_helpdesk::credentials::{SignedPayload, SigningKey, sign_hex};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

const CLIENT_SECRET: &str = "fhd_cs_ops-client-secret-never-logged-0123456789";
const WEBHOOK_KEY: &str = "ops-webhook-key-never-logged-0123456789";
const AGENT_TOKEN: &str = "fhd_agent_ops-agent-token-never-logged-0123456789";
const WRONG_TOKEN: &str = "fhd_at_ops-wrong-token-never-logged-0123456789";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_fin-helpdesk"))
}

fn signed_client(base_url: &str, token: &str) -> rest::Client {
    let credentials = Credentials {
        bearer_token: Some(Secret::new(token)),
        signing_key: Some(SigningKey::new(&Secret::new(SIGNING_SECRET)).unwrap()),
        ..Credentials::default()
    };
    rest::Client::new(base_url, credentials)
}

/// Every kind of answer the server gives Fin and the agents: successes, and a refusal for
/// each reason (no token, bad token, bad signature, stale timestamp, invalid input).
async fn exercise(base_url: &str) {
    let http = reqwest::Client::new();
    let access_token = fetch_token(&http, base_url, "ops", CLIENT_SECRET)
        .await
        .expose()
        .to_string();
    let client = signed_client(base_url, &access_token);
    user_and_conversation(&client).await;
    client.get_agents().send().await.unwrap();
    let wrong_secret = http
        .post(format!("{base_url}/oauth/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            serde_urlencoded::to_string([
                ("grant_type", "client_credentials"),
                ("client_id", "ops"),
                ("client_secret", WRONG_TOKEN),
            ])
            .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_secret.status(), 401);
    let key = SigningKey::new(&Secret::new(SIGNING_SECRET)).unwrap();
    let now = chrono::Utc::now().timestamp();
    let stale = (now - 3600).to_string();
    let fresh = now.to_string();
    let cases: [(&str, Option<&str>, String, String, u16); 5] = [
        ("no token", None, fresh.clone(), String::new(), 401),
        (
            "bad token",
            Some(WRONG_TOKEN),
            fresh.clone(),
            sign_hex(&key, &fresh, &SignedPayload::Query(None)),
            401,
        ),
        (
            "bad signature",
            Some(&access_token),
            fresh.clone(),
            "00".repeat(32),
            401,
        ),
        (
            "stale timestamp",
            Some(&access_token),
            stale.clone(),
            sign_hex(&key, &stale, &SignedPayload::Query(None)),
            401,
        ),
        (
            "good",
            Some(&access_token),
            fresh.clone(),
            sign_hex(&key, &fresh, &SignedPayload::Query(None)),
            200,
        ),
    ];
    for (case, bearer, timestamp, signature, status) in cases {
        let mut request = http
            .get(format!("{base_url}/agents"))
            .header("x-fin-request-timestamp", timestamp)
            .header("x-fin-signature", signature);
        if let Some(bearer) = bearer {
            request = request.bearer_auth(bearer);
        }
        let answer = request.send().await.unwrap();
        assert_eq!(answer.status(), status, "{case}");
    }
    // Invalid input, correctly signed: a 400.
    let invalid = br#"{"user_id": 7}"#;
    let answer = http
        .put(format!("{base_url}/user"))
        .bearer_auth(&access_token)
        .header("content-type", "application/json")
        .header("x-fin-request-timestamp", &fresh)
        .header(
            "x-fin-signature",
            sign_hex(&key, &fresh, &SignedPayload::Body(invalid)),
        )
        .body(invalid.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    // The agents' API, with its token and with a wrong one.
    for (token, status) in [(AGENT_TOKEN, 200), (WRONG_TOKEN, 401)] {
        let answer = http
            .get(format!("{base_url}/helpdesk/conversations"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), status);
    }
}

/// A server configured with every kind of secret, its log written to `log`.
async fn start_with_secrets(db: &TestDb, log: Stdio, extra: &[&str]) -> Process {
    let added = bin()
        .args(["agents", "add", "--database-url", &db.url])
        .args([
            "--id",
            "agent_ops",
            "--name",
            "Ops",
            "--email",
            "ops@example.com",
        ])
        .output()
        .unwrap();
    assert!(added.status.success(), "{added:?}");
    let client = format!("ops:{CLIENT_SECRET}");
    let agent = format!("agent_ops:{AGENT_TOKEN}");
    // Fin's webhook on a port nobody listens on: the worker tries, fails and logs it.
    let webhook = format!("http://127.0.0.1:{}", free_port());
    let mut args = vec![
        "--oauth-client",
        &client,
        "--api-token",
        API_TOKEN,
        "--signing-secret",
        SIGNING_SECRET,
        "--agent-token",
        &agent,
        "--fin-webhook-base-url",
        &webhook,
        "--allow-insecure-webhook-url",
        "--integration-id",
        "ops-integration",
        "--webhook-key",
        WEBHOOK_KEY,
    ];
    args.extend_from_slice(extra);
    Process::start_with(&db.url, &args, log).await
}

#[tokio::test]
async fn metrics_count_requests_and_refusals_on_their_own_address() {
    let db = TestDb::new().await;
    let metrics_port = free_port();
    let metrics_bind = format!("127.0.0.1:{metrics_port}");
    let mut server =
        start_with_secrets(&db, Stdio::null(), &["--metrics-bind", &metrics_bind]).await;
    exercise(&server.base_url).await;
    let http = reqwest::Client::new();
    // The web inbox's sign-in page, counted under its own API, not as `unmatched`.
    let inbox = http
        .get(format!("{}/inbox/", server.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(inbox.status(), 200);
    // Not on the address Fin reaches.
    let on_api = http
        .get(format!("{}/metrics", server.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(on_api.status(), 404);
    let scraped = http
        .get(format!("http://{metrics_bind}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(scraped.status(), 200);
    let content_type = scraped.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        content_type.starts_with("application/openmetrics-text"),
        "{content_type}"
    );
    let text = scraped.text().await.unwrap();
    let backend = if db.is_postgres() {
        "fin_helpdesk_postgres_pool_connections{state=\"idle\"}"
    } else {
        "fin_helpdesk_sqlite_batch_writes_count"
    };
    for series in [
        "fin_helpdesk_requests_total{api=\"rest\",operation=\"getAgents\",status=\"200\"} 2",
        "fin_helpdesk_requests_total{api=\"rest\",operation=\"createUser\",status=\"201\"} 1",
        "fin_helpdesk_requests_total{api=\"oauth\",operation=\"token\",status=\"200\"} 1",
        "fin_helpdesk_requests_total{api=\"oauth\",operation=\"token\",status=\"401\"} 1",
        "fin_helpdesk_requests_total{api=\"agents\",operation=\"listHelpdeskConversations\",status=\"200\"} 1",
        "fin_helpdesk_request_duration_seconds_count{api=\"rest\",operation=\"getAgents\"} 6",
        "fin_helpdesk_requests_total{api=\"inbox\",operation=\"home\",status=\"200\"} 1",
        "fin_helpdesk_retention_conversations_removed_total 0",
        "fin_helpdesk_refusals_total{reason=\"no_token\"} 1",
        "fin_helpdesk_refusals_total{reason=\"bad_token\"} 2",
        "fin_helpdesk_refusals_total{reason=\"bad_signature\"} 1",
        "fin_helpdesk_refusals_total{reason=\"stale_timestamp\"} 1",
        "fin_helpdesk_refusals_total{reason=\"validation\"} 1",
        // The token request with a wrong secret.
        "fin_helpdesk_refusals_total{reason=\"bad_client\"} 1",
        "fin_helpdesk_outbox_events{state=\"pending\"}",
        "fin_helpdesk_outbox_events{state=\"dead\"}",
        "fin_helpdesk_outbox_events{state=\"delivered\"}",
        "fin_helpdesk_build_info{version=\"",
        backend,
    ] {
        assert!(text.contains(series), "{series} missing from:\n{text}");
    }
    // The format as a real Prometheus parser reads it; CI installs promtool.
    match Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(mut promtool) => {
            promtool
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
            let checked = promtool.wait_with_output().unwrap();
            let report = format!(
                "{}{}",
                String::from_utf8_lossy(&checked.stdout),
                String::from_utf8_lossy(&checked.stderr)
            );
            // prometheus-client writes OpenMetrics, where a counter's family is named
            // without its samples' `_total`; promtool (2.42) reads the older text format,
            // which parses the samples fine but finds no HELP under their name. That is
            // the only complaint allowed: any parse error or other lint fails the test.
            let counters: HashSet<&str> = text
                .lines()
                .filter_map(|line| line.strip_prefix("# TYPE "))
                .filter_map(|line| line.strip_suffix(" counter"))
                .collect();
            let unexpected: Vec<&str> = report
                .lines()
                .filter(|line| !line.trim().is_empty())
                .filter(|line| {
                    !line
                        .strip_suffix("_total no help text")
                        .is_some_and(|family| counters.contains(family))
                })
                .collect();
            assert!(
                unexpected.is_empty(),
                "promtool check metrics: {report}\n{text}"
            );
        }
        Err(error) => {
            assert!(
                std::env::var_os("FIN_HELPDESK_TEST_REQUIRE_PROMTOOL").is_none(),
                "promtool is required here: {error}"
            );
            eprintln!("note: promtool not installed; the exposition format is not checked");
        }
    }
    server.stop();
}

/// Throttled attempts are counted by endpoint, and failures age out of their window:
/// with `--auth-failure-limit 2 --auth-failure-window-secs 1`, two wrong client secrets
/// are 401, the third request 429; two unknown agent tokens at the inbox's sign-in are
/// 401, the third 429; a second later the right secret gets a token.
#[tokio::test]
async fn throttled_attempts_are_counted_and_age_out() {
    let db = TestDb::new().await;
    let metrics_bind = format!("127.0.0.1:{}", free_port());
    let options = [
        "--metrics-bind",
        &metrics_bind,
        "--auth-failure-limit",
        "2",
        "--auth-failure-window-secs",
        "1",
    ];
    let mut server = start_with_secrets(&db, Stdio::null(), &options).await;
    let base = server.base_url.clone();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let token_request = |secret: &str| {
        http.post(format!("{base}/oauth/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(
                serde_urlencoded::to_string([
                    ("grant_type", "client_credentials"),
                    ("client_id", "ops"),
                    ("client_secret", secret),
                ])
                .unwrap(),
            )
            .send()
    };
    for expected in [401, 401, 429] {
        let answer = token_request(WRONG_TOKEN).await.unwrap();
        assert_eq!(answer.status(), expected);
    }
    let page = http.get(format!("{base}/inbox/")).send().await.unwrap();
    let cookie = pair(&set_cookie(&page, "fhd_inbox_sign_in"));
    let csrf = csrf_in(&page.text().await.unwrap());
    for expected in [401, 401, 429] {
        let answer = http
            .post(format!("{base}/inbox/sign-in"))
            .header("cookie", &cookie)
            .form_body(&[("token", WRONG_TOKEN), ("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), expected);
    }
    let text = http
        .get(format!("http://{metrics_bind}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for series in [
        "fin_helpdesk_refusals_total{reason=\"bad_client\"} 2",
        "fin_helpdesk_refusals_total{reason=\"bad_token\"} 2",
        "fin_helpdesk_throttled_total{endpoint=\"oauth_token\"} 1",
        "fin_helpdesk_throttled_total{endpoint=\"inbox_sign_in\"} 1",
        "fin_helpdesk_requests_total{api=\"oauth\",operation=\"token\",status=\"429\"} 1",
    ] {
        assert!(text.contains(series), "{series} missing from:\n{text}");
    }
    // Once the window has passed, the address may try again, and the right secret works.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let answer = token_request(CLIENT_SECRET).await.unwrap();
    assert_eq!(answer.status(), 200);
    server.stop();
}

/// Runs the server with `format`, exercises it, stops it, and returns its log.
async fn log_of(format: &str) -> String {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("server.log");
    let log = std::fs::File::create(&path).unwrap();
    let args = ["--log-format", format, "--log-level", "debug"];
    let mut server = start_with_secrets(&db, Stdio::from(log), &args).await;
    exercise(&server.base_url).await;
    server.stop();
    std::fs::read_to_string(&path).unwrap()
}

fn assert_no_secret(log: &str) {
    for secret in [
        CLIENT_SECRET,
        SIGNING_SECRET,
        WEBHOOK_KEY,
        AGENT_TOKEN,
        API_TOKEN,
        WRONG_TOKEN,
        // Fin's access tokens share their prefix; none may appear.
        "fhd_at_",
    ] {
        assert!(!log.contains(secret), "the log holds {secret}:\n{log}");
    }
}

#[tokio::test]
async fn json_logs_are_one_object_a_line_and_neither_format_holds_a_secret() {
    let json_log = log_of("json").await;
    assert_no_secret(&json_log);
    let lines: Vec<Value> = json_log
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    for line in &lines {
        for key in ["ts", "level", "msg"] {
            assert!(line.get(key).is_some(), "{key} missing: {line}");
        }
    }
    let request = lines
        .iter()
        .find(|line| line["msg"] == "request completed" && line["operation"] == "getAgents")
        .unwrap_or_else(|| panic!("no request line for getAgents:\n{json_log}"));
    assert_eq!(request["api"], "rest");
    for key in ["req_id", "response_code", "latency_us"] {
        assert!(request.get(key).is_some(), "{key} missing: {request}");
    }
    let refusals = lines
        .iter()
        .filter(|line| line["msg"] == "request completed" && line["response_code"] == 401)
        .count();
    assert!(refusals >= 5, "{refusals} refusals logged:\n{json_log}");

    let text_log = log_of("text").await;
    assert_no_secret(&text_log);
    assert!(
        text_log.contains("request completed") && text_log.contains("operation: getAgents"),
        "{text_log}"
    );
}

#[tokio::test]
async fn backup_points_postgres_at_pg_dump() {
    let dir = tempfile::tempdir().unwrap();
    let answer = bin()
        .args([
            "backup",
            "--database-url",
            "postgres://u:secret-pw@127.0.0.1:1/db",
        ])
        .arg("--to")
        .arg(dir.path().join("copy"))
        .output()
        .unwrap();
    assert!(!answer.status.success());
    let stderr = String::from_utf8_lossy(&answer.stderr);
    assert!(stderr.contains("pg_dump"), "{stderr}");
    assert!(!stderr.contains("secret-pw"), "{stderr}");
}

const WRITERS: usize = 3;
const WRITES_PER_WRITER: usize = 120;
/// Back up once this many writes were acknowledged (the writers are still going).
const BACKUP_AFTER: usize = 60;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_writes_holds_every_write_acknowledged_before_it() {
    // SQLite's backup; PostgreSQL's is pg_dump's business.
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("live.db").display());
    // What is under test is the copy, not the storage timeout: a CI machine busy enough to
    // starve the server for the default 2 s must not turn a write into a 503 here.
    let args = [
        "--api-token",
        API_TOKEN,
        "--log-level",
        "error",
        "--storage-timeout-ms",
        "60000",
        // A connection is cut after this long without a byte: longer than a write may wait.
        "--idle-timeout-secs",
        "120",
    ];
    let mut server = Process::start_with(&url, &args, Stdio::null()).await;
    let client = server.client();
    let (user, created) = user_and_conversation(&client).await;
    let conversation_id = created.conversation.id.clone();
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let client = client.clone();
            let acknowledged = acknowledged.clone();
            let (conversation_id, user_id) = (conversation_id.clone(), user.id.clone());
            tokio::spawn(async move {
                for i in 0..WRITES_PER_WRITER {
                    let request: r::CreateMessageRequest = body(json!({
                        "conversation_id": conversation_id,
                        "object_id": format!("ic_b{writer}_{i}"),
                        "author": {"id": user_id, "user_type": "end_user"},
                        "body": format!("<p>message {i} from writer {writer}</p>"),
                    }));
                    let answer = client.create_message().body(request).send().await.unwrap();
                    acknowledged.lock().unwrap().push(answer.into_inner().id);
                }
            })
        })
        .collect();
    // Bounded: the writers stop on their own after WRITERS * WRITES_PER_WRITER writes.
    while acknowledged.lock().unwrap().len() < BACKUP_AFTER
        && !writers.iter().all(|writer| writer.is_finished())
    {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let before_backup: Vec<String> = acknowledged.lock().unwrap().clone();
    let copy = dir.path().join("copy.db");
    let backup = tokio::task::spawn_blocking({
        let (url, copy) = (url.clone(), copy.clone());
        move || {
            bin()
                .args(["backup", "--database-url", &url])
                .arg("--to")
                .arg(&copy)
                .output()
                .unwrap()
        }
    })
    .await
    .unwrap();
    let writes_during_backup = acknowledged.lock().unwrap().len() - before_backup.len();
    for writer in writers {
        writer.await.unwrap();
    }
    server.stop();
    let printed = String::from_utf8_lossy(&backup.stdout);
    assert!(
        backup.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    assert!(
        printed.contains("integrity check of the copy: ok"),
        "{printed}"
    );
    assert!(printed.contains("messages: "), "{printed}");

    let checked = rusqlite::Connection::open(&copy).unwrap();
    let integrity: String = checked
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    drop(checked);
    // Served as a user restores it: the copy in place of the database.
    let restored_url = format!("sqlite://{}", copy.display());
    let mut restored = Process::start_with(&restored_url, &args, Stdio::null()).await;
    let stored: HashSet<String> = restored
        .client()
        .get_messages()
        .conversation_id(&conversation_id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .into_iter()
        .map(|message| message.id)
        .collect();
    restored.stop();
    let missing: Vec<_> = before_backup
        .iter()
        .filter(|id| !stored.contains(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} writes acknowledged before the backup are not in it: {missing:?}",
        missing.len(),
        before_backup.len()
    );
    eprintln!(
        "backup: {} writes acknowledged before it, {writes_during_backup} while it ran, {} in the copy",
        before_backup.len(),
        stored.len()
    );
}

fn users_command(db: &TestDb, action: &str, user_id: &str) -> (bool, String, String) {
    let output = bin()
        .args(["users", "--database-url", &db.url, action, user_id])
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test]
async fn users_export_then_erase_and_fin_gets_404_after() {
    let db = TestDb::new().await;
    let t = crate::common::TestServer::start(&db).await;
    let (user, created) = user_and_conversation(&t.rest).await;
    let conversation_id = created.conversation.id.clone();
    t.rest
        .create_message()
        .body(body::<r::CreateMessageRequest>(json!({
            "conversation_id": conversation_id,
            "author": {"id": user.id, "user_type": "end_user"},
            "object_id": "ic_invoice", "body": "<p>the invoice</p>",
            "attachments": [{"url": "https://example.com/invoice.pdf", "filename": "invoice.pdf"}],
        })))
        .send()
        .await
        .unwrap();

    let (ok, exported, stderr) = users_command(&db, "export", &user.id);
    assert!(ok, "{stderr}");
    let exported: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(exported["user"]["id"], user.id.as_str());
    assert_eq!(exported["user"]["name"], "Ada");
    let conversations = exported["conversations"].as_array().unwrap();
    assert_eq!(conversations.len(), 1);
    assert_eq!(conversations[0]["id"], conversation_id.as_str());
    let messages = conversations[0]["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(
        messages[1]["attachments"][0]["url"],
        "https://example.com/invoice.pdf"
    );

    let (ok, erased, stderr) = users_command(&db, "erase", &user.id);
    assert!(ok, "{stderr}");
    assert!(
        erased.contains("1 user, 1 conversation(s), 2 message(s), 1 attachment reference(s)"),
        "{erased}"
    );
    let (ok, again, _) = users_command(&db, "erase", &user.id);
    assert!(ok);
    assert!(again.contains("nothing was removed"), "{again}");
    let (ok, _, stderr) = users_command(&db, "export", &user.id);
    assert!(!ok && stderr.contains("nothing is stored"), "{stderr}");

    // Fin asks after them: 404s, not 5xx.
    let user_answer = t.get_raw(&format!("/user?user_id={}", user.id)).await;
    assert_eq!(user_answer.status, 404, "{}", user_answer.text);
    let conversation_answer = t
        .get_raw(&format!("/conversation?conversation_id={conversation_id}"))
        .await;
    assert_eq!(
        conversation_answer.status, 404,
        "{}",
        conversation_answer.text
    );
    let messages_answer = t
        .get_raw(&format!("/messages?conversation_id={conversation_id}"))
        .await;
    assert_eq!(messages_answer.status, 404, "{}", messages_answer.text);
    t.shutdown().await;
}
