//! The web inbox in a real browser: headless Chromium driven over WebDriver
//! (chromedriver, with `fantoccini`) against the server on 127.0.0.1 (on SQLite, or on
//! PostgreSQL in that pass of the suite) and a fake Fin webhook that records what the outbox sends. Skips, saying so, when Chromium
//! or chromedriver is not installed (CI installs both). With
//! `FIN_HELPDESK_INBOX_SCREENSHOT=PATH` it saves a screenshot of the inbox there (the
//! screenshot in `docs/inbox.md`, `docs/inbox.png`).

use crate::common::TestDb;
use dropshot::{Body, ConfigDropshot, HttpError, RequestContext, ServerBuilder, UntypedBody};
use fantoccini::{Client, ClientBuilder, Locator};
use fin_helpdesk::credentials::Secret;
use fin_helpdesk::credentials::hash_token;
use fin_helpdesk::store::{
    AuthorRef, ConversationChanges, ConversationStatus, MessageVisibility, NewAgent,
    NewConversation, NewMessage, NewUser, Store, SyncEvent,
};
use fin_helpdesk::{self as server, RunningServer, ServerConfig};
use fin_helpdesk::{FinWebhook, OutboxSettings};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const AGENT_TOKEN: &str = "fhd_agent_inbox_browser_test_token";
const WEBHOOK_KEY: &str = "whk_inbox_test_key";
const INTEGRATION_ID: &str = "int_inbox";
/// How long any one thing may take to show up before the test fails.
const WAIT: Duration = Duration::from_secs(30);
/// What an end user's hostile message does if anything in it runs.
const HOSTILE: &str = "<p>Please help</p><script>window.__pwned = 'script'; \
    document.title = 'pwned';</script><img src=x onerror=\"window.__pwned = 'onerror'; \
    document.title = 'pwned'\"><p>My order <b>1234</b> never arrived.</p>";

// ---------------------------------------------------------------- fake Fin webhook

#[dropshot::endpoint {
    method = POST,
    path = "/hooks/standalone/custom_helpdesk_conversation_event/{integration_id}",
}]
async fn recording_hook(
    rqctx: RequestContext<Arc<Mutex<Vec<Value>>>>,
    _path: dropshot::Path<HookPath>,
    body: UntypedBody,
) -> Result<http::Response<Body>, HttpError> {
    let value = serde_json::from_slice(body.as_bytes()).unwrap_or(Value::Null);
    rqctx.context().lock().unwrap().push(value);
    Ok(http::Response::builder()
        .status(200)
        .body(Body::from("{}"))
        .unwrap())
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct HookPath {
    #[allow(dead_code)]
    integration_id: String,
}

// ---------------------------------------------------------------- the browser

/// The first of `names` found on `PATH`.
fn program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// chromedriver and a headless Chromium session in a fresh profile; both end with it.
struct Browser {
    client: Client,
    driver: tokio::process::Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn start(chromium: &Path, chromedriver: &Path) -> Browser {
        let port = free_port();
        // Its own process group, so that a failing test ends Chromium with it.
        let driver = tokio::process::Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let profile = tempfile::tempdir().unwrap();
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                // Without the background-networking flags Chromium keeps trying to reach
                // Google's services, on a machine whose network is closed.
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1100,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let url = format!("http://127.0.0.1:{port}");
        let deadline = tokio::time::Instant::now() + WAIT;
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                // chromedriver is still starting.
                Err(error) => {
                    assert!(
                        tokio::time::Instant::now() < deadline,
                        "cannot start a Chromium session: {error}"
                    );
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        };
        Browser {
            client,
            driver,
            _profile: profile,
        }
    }

    /// The text of the element `css` once `check` holds for it, failing after [`WAIT`].
    async fn wait_for_text(&self, css: &str, what: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = tokio::time::Instant::now() + WAIT;
        let mut last = String::new();
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = element.text().await
            {
                if check(&text) {
                    return text;
                }
                last = text;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for {what} in `{css}`; it shows: {last:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Readable at 360 px: nothing on the page is wider than the window.
    async fn assert_fits_360_px(&self, page: &str) {
        self.client.set_window_size(360, 800).await.unwrap();
        let widths = self
            .script("return [document.documentElement.scrollWidth, window.innerWidth]")
            .await;
        let (content, window) = (widths[0].as_i64().unwrap(), widths[1].as_i64().unwrap());
        assert!(window <= 360, "the window is {window} px wide");
        assert!(
            content <= window,
            "{page} is {content} px wide in {window} px"
        );
        self.client.set_window_size(1100, 900).await.unwrap();
    }

    async fn script(&self, script: &str) -> Value {
        self.client.execute(script, Vec::new()).await.unwrap()
    }

    async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("no `{css}`: {error}"))
            .click()
            .await
            .unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The session is closed by the test when it passes; when it fails, chromedriver
        // and the Chromium it started go with their process group.
        if let Some(pid) = self.driver.id() {
            // SAFETY: kill(2) with a negative pid signals that process group only.
            unsafe {
                libc::kill(-(pid as libc::pid_t), libc::SIGKILL);
            }
        }
    }
}

// ---------------------------------------------------------------- the helpdesk

async fn user(store: &dyn Store, name: &str) -> String {
    store
        .create_user(NewUser {
            object_id: None,
            fingerprint: "f".into(),
            name: Some(name.into()),
            email: None,
            photo_url: None,
            attributes: Default::default(),
        })
        .await
        .unwrap()
        .record
        .id
}

/// A conversation as Fin creates it over its API: the end user's first message, and an
/// assignee (Fin itself) or none (handed over).
async fn conversation(
    store: &dyn Store,
    user_id: &str,
    title: &str,
    first: &str,
    assignee: Option<&str>,
) -> String {
    store
        .create_conversation(NewConversation {
            object_id: None,
            fingerprint: "f".into(),
            user_id: user_id.into(),
            title: Some(title.into()),
            tags: Vec::new(),
            attributes: Default::default(),
            status: ConversationStatus::Open,
            assignee_id: assignee.map(str::to_string),
            initial_message: NewMessage {
                object_id: None,
                fingerprint: "f".into(),
                conversation_id: String::new(),
                message_type: "comment".into(),
                body: Some(first.into()),
                author: AuthorRef::EndUser(user_id.into()),
                visibility: MessageVisibility::Public,
                attachments: Vec::new(),
                created_at: None,
                own_conversation_only: true,
            },
        })
        .await
        .unwrap()
        .record
        .0
        .id
}

/// A message Fin writes over its API (nothing goes to the outbox for it).
async fn fin_writes(store: &dyn Store, conversation_id: &str, body: &str) {
    store
        .create_message(
            NewMessage {
                object_id: None,
                fingerprint: "f".into(),
                conversation_id: conversation_id.into(),
                message_type: "comment".into(),
                body: Some(body.into()),
                author: AuthorRef::Agent("agent_fin".into()),
                visibility: MessageVisibility::Public,
                attachments: Vec::new(),
                created_at: None,
                own_conversation_only: true,
            },
            SyncEvent::Skip,
        )
        .await
        .unwrap();
}

async fn start_server(database_url: String, fin: std::net::SocketAddr) -> RunningServer {
    start_server_with(database_url, fin, |_| {}).await
}

async fn start_server_with(
    database_url: String,
    fin: std::net::SocketAddr,
    configure: impl FnOnce(&mut ServerConfig),
) -> RunningServer {
    let mut config = ServerConfig::new("127.0.0.1:0".parse().unwrap(), database_url);
    // A configured client, so no API token is generated and printed.
    config.oauth_clients = vec![(
        "fin".into(),
        Secret::new("fhd_cs_inbox-test-client-secret-0123456789"),
    )];
    config.fin = Some(FinWebhook {
        base_url: format!("http://{fin}/hooks/standalone"),
        integration_id: INTEGRATION_ID.into(),
        webhook_key: Secret::new(WEBHOOK_KEY),
        allow_insecure_url: true,
    });
    config.outbox = OutboxSettings {
        poll_interval: Duration::from_millis(50),
        ..OutboxSettings::default()
    };
    config.shutdown_timeout = Duration::from_secs(5);
    configure(&mut config);
    let log = slog::Logger::root(slog::Discard, slog::o!());
    server::start(config, log).await.unwrap()
}

// ---------------------------------------------------------------- the test

#[tokio::test]
async fn an_agent_works_a_handed_over_conversation_in_a_real_browser() {
    let (Some(chromium), Some(chromedriver)) = (
        program(&["chromium", "chromium-browser", "google-chrome"]),
        program(&["chromedriver"]),
    ) else {
        eprintln!(
            "skipping the inbox's browser test: no Chromium and chromedriver on PATH \
             (Debian: apt-get install chromium chromium-driver)"
        );
        return;
    };

    let received = Arc::new(Mutex::new(Vec::<Value>::new()));
    let mut hook_api = dropshot::ApiDescription::new();
    hook_api.register(recording_hook).unwrap();
    let fake_fin = ServerBuilder::new(
        hook_api,
        received.clone(),
        slog::Logger::root(slog::Discard, slog::o!()),
    )
    .config(ConfigDropshot {
        bind_address: "127.0.0.1:0".parse().unwrap(),
        ..ConfigDropshot::default()
    })
    .start()
    .unwrap();

    let db = TestDb::new().await;
    let server = start_server(db.url.clone(), fake_fin.local_addr()).await;
    let store = server.state.store.clone();
    for (id, name) in [("agent_fin", "Fin"), ("agent_alice", "Alice Martin")] {
        store
            .add_agent(NewAgent {
                id: Some(id.into()),
                name: Some(name.into()),
                ..NewAgent::default()
            })
            .await
            .unwrap();
    }
    store
        .add_agent_token(&hash_token(AGENT_TOKEN), "agent_alice")
        .await
        .unwrap();
    let dana = user(store.as_ref(), "Dana Reyes").await;
    let omar = user(store.as_ref(), "Omar <b>Haddad</b>").await;
    let kim = user(store.as_ref(), "Kim Lee").await;
    let with_fin = conversation(
        store.as_ref(),
        &omar,
        "Invoice copy",
        "<p>Can I get a copy of my invoice?</p>",
        Some("agent_fin"),
    )
    .await;
    conversation(
        store.as_ref(),
        &kim,
        "Change of address",
        "<p>I moved last week.</p>",
        Some("agent_fin"),
    )
    .await;
    let handed_over = conversation(
        store.as_ref(),
        &dana,
        "Order never arrived",
        HOSTILE,
        Some("agent_fin"),
    )
    .await;
    fin_writes(
        store.as_ref(),
        &handed_over,
        "<p>I'm passing you to a colleague who can check the courier.</p>",
    )
    .await;
    // Fin hands it over.
    store
        .update_conversation(
            &handed_over,
            ConversationChanges {
                assignee_id: fin_helpdesk::store::Tristate::Null,
                ..ConversationChanges::default()
            },
            SyncEvent::Skip,
        )
        .await
        .unwrap();

    let browser = Browser::start(&chromium, &chromedriver).await;
    let base = format!("http://{}", server.local_addr);

    // Sign in with the agent token.
    browser
        .client
        .goto(&format!("{base}/inbox/"))
        .await
        .unwrap();
    browser
        .wait_for_text("h1", "the sign-in page", |text| text == "Sign in")
        .await;
    browser
        .client
        .find(Locator::Id("token"))
        .await
        .unwrap()
        .send_keys(AGENT_TOKEN)
        .await
        .unwrap();
    browser.click("form.sign-in button").await;
    browser
        .wait_for_text(".top .who", "the signed-in agent", |text| {
            text.contains("Alice Martin")
        })
        .await;

    // The handed-over conversation comes first, under its own heading; the others follow.
    let handed = browser
        .wait_for_text(".group.handed-over", "the handed-over group", |text| {
            text.contains("Order never arrived")
        })
        .await;
    assert!(handed.contains("Dana Reyes"), "{handed}");
    assert!(handed.contains("passing you to a colleague"), "{handed}");
    let groups = browser
        .script("return [...document.querySelectorAll('section.group h2')].map(h => h.id)")
        .await;
    assert_eq!(groups, json!(["group-handed-over", "group-others"]));
    // A user's name is text, never markup.
    let others = browser
        .wait_for_text(".group.others", "the other conversations", |text| {
            text.contains("Omar <b>Haddad</b>")
        })
        .await;
    assert!(others.contains("Invoice copy"), "{others}");

    // Live: Fin writes in another conversation, and hands a third one over. The keyboard
    // stays on the row it was on.
    browser
        .script(&format!(
            "document.querySelector('[data-conversation=\"{handed_over}\"] a').focus()"
        ))
        .await;
    fin_writes(
        store.as_ref(),
        &with_fin,
        "<p>Here is the invoice you asked for.</p>",
    )
    .await;
    browser
        .wait_for_text(
            "#conversation-list",
            "Fin's new message, by live update",
            |text| text.contains("Here is the invoice you asked for."),
        )
        .await;
    let focused = browser
        .script("return document.activeElement.closest('[data-conversation]')?.dataset.conversation ?? null")
        .await;
    assert_eq!(focused, json!(handed_over));
    store
        .update_conversation(
            &with_fin,
            ConversationChanges {
                assignee_id: fin_helpdesk::store::Tristate::Null,
                ..ConversationChanges::default()
            },
            SyncEvent::Skip,
        )
        .await
        .unwrap();
    browser
        .wait_for_text(".group.handed-over", "the second handover, live", |text| {
            text.contains("Invoice copy")
        })
        .await;

    browser.assert_fits_360_px("the list").await;

    // The conversation: the hostile message shows its text and runs nothing.
    browser
        .client
        .goto(&format!("{base}/inbox/conversations/{handed_over}"))
        .await
        .unwrap();
    let thread = browser
        .wait_for_text("#messages", "the messages", |text| {
            text.contains("never arrived")
        })
        .await;
    assert!(thread.contains("Please help"), "{thread}");
    assert!(
        thread.contains("Dana Reyes") && thread.contains("Fin"),
        "{thread}"
    );
    browser.assert_fits_360_px("the conversation").await;
    let source = browser.client.source().await.unwrap();
    assert!(
        !source.contains("onerror") && !source.contains("__pwned"),
        "{source}"
    );

    // Every control has a name a screen reader can read.
    let unnamed = browser
        .script(
            "return [...document.querySelectorAll('input:not([type=hidden]), textarea, select, button')]
                .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                    && !e.textContent.trim()).length",
        )
        .await;
    assert_eq!(unnamed, json!(0));

    // Typing: the indicator reaches Fin.
    browser
        .client
        .find(Locator::Id("reply-body"))
        .await
        .unwrap()
        .send_keys("I have checked with the courier")
        .await
        .unwrap();
    wait_for(&received, "the typing indicator", |events| {
        events
            .iter()
            .any(|event| event["event_type"] == "agent_typing")
    })
    .await;
    let typing = count(&received, |event| event["event_type"] == "agent_typing");
    assert!(
        typing < 10,
        "{typing} typing indicators for one burst of keys"
    );

    // Reply: shown in the conversation, then in the list; Fin hears of it.
    browser
        .client
        .find(Locator::Id("reply-body"))
        .await
        .unwrap()
        .send_keys(": it arrives tomorrow.")
        .await
        .unwrap();
    browser.click("button[value=reply]").await;
    browser
        .wait_for_text("#messages", "the reply", |text| {
            text.contains("I have checked with the courier: it arrives tomorrow.")
        })
        .await;
    wait_for(&received, "the sync event", |events| {
        events
            .iter()
            .any(|event| *event == json!({ "conversation_id": handed_over }))
    })
    .await;
    browser.client.goto(&format!("{base}/inbox")).await.unwrap();
    browser
        .wait_for_text("#conversation-list", "the reply in the list", |text| {
            text.contains("Alice Martin: I have checked with the courier")
        })
        .await;

    // A private note, marked as such.
    browser
        .client
        .goto(&format!("{base}/inbox/conversations/{handed_over}"))
        .await
        .unwrap();
    browser
        .client
        .find(Locator::Id("reply-body"))
        .await
        .unwrap()
        .send_keys("Courier ticket 88-123")
        .await
        .unwrap();
    browser.click("button[value=note]").await;
    let note = browser
        .wait_for_text(".message.note", "the note", |text| {
            text.contains("Courier ticket 88-123")
        })
        .await;
    // (Upper-cased by the stylesheet.)
    assert!(note.to_lowercase().contains("private note"), "{note}");
    let messages = store.list_messages(&handed_over, None).await.unwrap();
    let last = messages.last().unwrap();
    assert_eq!(last.visibility, MessageVisibility::Private);

    // Assign to me, then resolve.
    browser.click("form[action$=\"/assignee\"] button").await;
    browser
        .wait_for_text(".about .assignee", "the assignee", |text| {
            text.contains("Alice Martin")
        })
        .await;
    browser
        .click("form[action$=\"/status\"] input[value=resolved] + button")
        .await;
    browser
        .wait_for_text(".about .status", "the resolved status", |text| {
            text == "resolved"
        })
        .await;
    let stored = store.get_conversation(&handed_over).await.unwrap().unwrap();
    assert_eq!(stored.status, ConversationStatus::Resolved);
    assert_eq!(stored.assignee.unwrap().id, "agent_alice");

    // A state-changing request without the CSRF token is refused, and changes nothing.
    let refused = browser
        .script(&format!(
            "return fetch('/inbox/conversations/{handed_over}/status', {{method: 'POST', \
             headers: {{'Content-Type': 'application/x-www-form-urlencoded'}}, \
             body: 'status=open'}}).then(r => r.status)"
        ))
        .await;
    assert_eq!(refused, json!(403));
    let with_wrong_token = browser
        .script(&format!(
            "return fetch('/inbox/conversations/{handed_over}/status', {{method: 'POST', \
             headers: {{'Content-Type': 'application/x-www-form-urlencoded'}}, \
             body: 'status=open&csrf=fhd_csrf_guess'}}).then(r => r.status)"
        ))
        .await;
    assert_eq!(with_wrong_token, json!(403));
    let stored = store.get_conversation(&handed_over).await.unwrap().unwrap();
    assert_eq!(stored.status, ConversationStatus::Resolved);

    // Nothing from the hostile message ran, on any page it was shown on.
    assert_eq!(
        browser.script("return window.__pwned ?? null").await,
        Value::Null
    );
    assert_ne!(browser.client.title().await.unwrap(), "pwned");

    if let Some(path) = std::env::var_os("FIN_HELPDESK_INBOX_SCREENSHOT") {
        browser.client.set_window_size(1000, 1000).await.unwrap();
        browser.client.goto(&format!("{base}/inbox")).await.unwrap();
        browser
            .wait_for_text("#conversation-list", "the list", |text| {
                text.contains("Order never arrived")
            })
            .await;
        let png = browser.client.screenshot().await.unwrap();
        std::fs::write(&path, png).unwrap();
        browser
            .client
            .goto(&format!("{base}/inbox/conversations/{handed_over}"))
            .await
            .unwrap();
        browser
            .wait_for_text("#messages", "the messages", |text| {
                text.contains("Courier ticket")
            })
            .await;
        let png = browser.client.screenshot().await.unwrap();
        let mut conversation_path = PathBuf::from(&path);
        conversation_path.set_file_name("inbox-conversation.png");
        std::fs::write(conversation_path, png).unwrap();
    }

    // Sign out: the session is gone.
    browser.click(".top form button").await;
    browser
        .wait_for_text("h1", "the sign-in page again", |text| text == "Sign in")
        .await;
    browser
        .client
        .goto(&format!("{base}/inbox/conversations/{handed_over}"))
        .await
        .unwrap();
    browser
        .wait_for_text("h1", "the sign-in page, signed out", |text| {
            text == "Sign in"
        })
        .await;

    browser.client.clone().close().await.unwrap();
    server.shutdown().await.unwrap();
    fake_fin.close().await.unwrap();
}

fn count(received: &Mutex<Vec<Value>>, matches: impl Fn(&Value) -> bool) -> usize {
    received
        .lock()
        .unwrap()
        .iter()
        .filter(|e| matches(e))
        .count()
}

async fn wait_for(received: &Mutex<Vec<Value>>, what: &str, check: impl Fn(&[Value]) -> bool) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while !check(&received.lock().unwrap()) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what} at Fin; it got {:?}",
            received.lock().unwrap()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

// ---------------------------------------------------------------- without a browser

/// Agent Alice, who signs in with [`AGENT_TOKEN`].
async fn add_alice(store: &dyn Store) {
    store
        .add_agent(NewAgent {
            id: Some("agent_alice".into()),
            name: Some("Alice".into()),
            ..NewAgent::default()
        })
        .await
        .unwrap();
    store
        .add_agent_token(&hash_token(AGENT_TOKEN), "agent_alice")
        .await
        .unwrap();
}

/// A form body (reqwest's own `form` is a feature this crate does not enable).
pub trait FormBody {
    fn form_body<T: serde::Serialize + ?Sized>(self, fields: &T) -> Self;
}

impl FormBody for reqwest::RequestBuilder {
    fn form_body<T: serde::Serialize + ?Sized>(self, fields: &T) -> Self {
        self.header("content-type", "application/x-www-form-urlencoded")
            .body(serde_urlencoded::to_string(fields).unwrap())
    }
}

/// The `Set-Cookie` header that sets `name`.
pub fn set_cookie(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no cookie {name} in {:?}", response.headers()))
        .to_string()
}

/// `name=value` of a `Set-Cookie` header, as a `Cookie` header sends it back.
pub fn pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_string()
}

/// A server whose Fin is not listening (events stay queued, which the tests using it do
/// not look at), with Alice and her token; its base URL, and a client that does not
/// follow redirects.
async fn inbox_server(
    db: &TestDb,
    configure: impl FnOnce(&mut ServerConfig),
) -> (RunningServer, String, reqwest::Client) {
    let nobody = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let server = start_server_with(db.url.clone(), nobody, configure).await;
    add_alice(server.state.store.as_ref()).await;
    let base = format!("http://{}", server.local_addr);
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    (server, base, http)
}

/// Signs in as Alice through the sign-in form: the `Set-Cookie` values of the form's
/// CSRF cookie and of the session (named with `prefix`).
async fn sign_in(http: &reqwest::Client, base: &str, prefix: &str) -> (String, String) {
    let page = http.get(format!("{base}/inbox/")).send().await.unwrap();
    let sign_in_cookie = set_cookie(&page, &format!("{prefix}fhd_inbox_sign_in"));
    let csrf = csrf_in(&page.text().await.unwrap());
    let signed = http
        .post(format!("{base}/inbox/sign-in"))
        .header("cookie", pair(&sign_in_cookie))
        .form_body(&[("token", AGENT_TOKEN), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), 303);
    let session_cookie = set_cookie(&signed, &format!("{prefix}fhd_inbox_session"));
    (sign_in_cookie, session_cookie)
}

/// A `Secure` cookie as `__Host-` requires it: `Path=/`, no `Domain`; and as the inbox
/// sets every cookie: `HttpOnly`, `SameSite=Strict`.
fn assert_host_cookie(set_cookie: &str) {
    assert!(set_cookie.starts_with("__Host-"), "{set_cookie}");
    for attribute in ["; Path=/;", "; Secure", "; HttpOnly", "; SameSite=Strict"] {
        assert!(set_cookie.contains(attribute), "{attribute}: {set_cookie}");
    }
    assert!(!set_cookie.contains("Domain"), "{set_cookie}");
}

/// The CSRF token in a page's forms.
pub fn csrf_in(page: &str) -> String {
    let start = page.find("name=\"csrf\" value=\"").expect("a CSRF field") + 19;
    page[start..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn an_end_users_remote_image_is_a_link_and_the_page_loads_no_remote_image() {
    let db = TestDb::new().await;
    let (server, base, http) = inbox_server(&db, |_| {}).await;
    let store = server.state.store.clone();
    let dana = user(store.as_ref(), "Dana").await;
    let tracker = "https://tracker.example/pixel.gif";
    let id = conversation(
        store.as_ref(),
        &dana,
        "Pixel",
        &format!("<p>Look</p><img src=\"{tracker}\" alt=\"my receipt\">"),
        None,
    )
    .await;
    let (_, session_cookie) = sign_in(&http, &base, "").await;
    let page = http
        .get(format!("{base}/inbox/conversations/{id}"))
        .header("cookie", pair(&session_cookie))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    let img_src = csp
        .split(';')
        .map(str::trim)
        .find(|directive| directive.starts_with("img-src"))
        .unwrap_or("img-src (default-src)");
    assert_eq!(img_src, "img-src 'self'", "{csp}");
    let page = page.text().await.unwrap();
    assert!(
        !page.contains("<img"),
        "no image element, so nothing loads as the agent reads: {page}"
    );
    let link = "<a class=\"remote-image\" href=\"https:&#47;&#47;tracker.example&#47;pixel.gif\"";
    assert!(page.contains(link), "{page}");
    assert!(page.contains(">Image: my&#32;receipt</a>"), "{page}");
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn secure_cookies_are_host_prefixed_and_a_plain_session_cookie_is_refused_over_https() {
    let db = TestDb::new().await;
    let (server, base, http) = inbox_server(&db, |config| {
        config.inbox.secure_cookies = true;
    })
    .await;

    let (sign_in_cookie, session_cookie) = sign_in(&http, &base, "__Host-").await;
    assert_host_cookie(&sign_in_cookie);
    assert_host_cookie(&session_cookie);
    let session = pair(&session_cookie);
    let (_, id) = session.split_once('=').unwrap();

    let inbox_with = |cookie: String| {
        let request = http.get(format!("{base}/inbox")).header("cookie", cookie);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    // The same session id under the plain name, as a plain-http page or a sibling
    // subdomain could plant it, is not taken.
    let planted = inbox_with(format!("fhd_inbox_session={id}")).await;
    assert!(planted.contains("<h1>Sign in</h1>"), "{planted}");
    let signed_in = inbox_with(session.clone()).await;
    assert!(!signed_in.contains("<h1>Sign in</h1>"), "{signed_in}");
    server.shutdown().await.unwrap();
}

#[tokio::test]
async fn the_inbox_signs_in_with_a_token_and_refuses_requests_without_their_csrf_token() {
    let db = TestDb::new().await;
    // Fin is not listening: events stay queued, which this test does not look at.
    let nobody = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let server = start_server_with(db.url.clone(), nobody, |config| {
        config.inbox.lifetime = Duration::from_secs(600);
    })
    .await;
    let store = server.state.store.clone();
    add_alice(store.as_ref()).await;
    let dana = user(store.as_ref(), "Dana").await;
    let id = conversation(store.as_ref(), &dana, "Help", "<p>Hi</p>", None).await;
    let base = format!("http://{}", server.local_addr);
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    // The sign-in page: strict headers, and a CSRF cookie for its form.
    let page = http.get(format!("{base}/inbox/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"].to_str().unwrap();
    assert_eq!(csp, fin_helpdesk::INBOX_CONTENT_SECURITY_POLICY);
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe"));
    let sign_in_cookie = set_cookie(&page, "fhd_inbox_sign_in");
    assert!(sign_in_cookie.contains("HttpOnly") && sign_in_cookie.contains("SameSite=Strict"));
    let sign_in_csrf = csrf_in(&page.text().await.unwrap());

    // Sign-in without the form's CSRF cookie, or with a wrong token, does not sign in.
    let form = [("token", AGENT_TOKEN), ("csrf", sign_in_csrf.as_str())];
    let forged = http
        .post(format!("{base}/inbox/sign-in"))
        .form_body(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let wrong = http
        .post(format!("{base}/inbox/sign-in"))
        .header("cookie", pair(&sign_in_cookie))
        .form_body(&[
            ("token", "fhd_agent_wrong"),
            ("csrf", sign_in_csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    assert!(wrong.text().await.unwrap().contains("unknown"));

    // Behind TLS (as a proxy says), the cookies are Secure and `__Host-` prefixed, and
    // the sign-in form's plain cookie is no longer taken.
    let tls_page = http
        .get(format!("{base}/inbox/"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    let tls_sign_in_cookie = set_cookie(&tls_page, "__Host-fhd_inbox_sign_in");
    assert_host_cookie(&tls_sign_in_cookie);
    let tls_csrf = csrf_in(&tls_page.text().await.unwrap());
    let tls_form = [("token", AGENT_TOKEN), ("csrf", tls_csrf.as_str())];
    let planted = http
        .post(format!("{base}/inbox/sign-in"))
        .header("cookie", pair(&sign_in_cookie))
        .header("x-forwarded-proto", "https")
        .form_body(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(planted.status(), 403);
    let signed = http
        .post(format!("{base}/inbox/sign-in"))
        .header("cookie", pair(&tls_sign_in_cookie))
        .header("x-forwarded-proto", "https")
        .form_body(&tls_form)
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), 303);
    let session_cookie = set_cookie(&signed, "__Host-fhd_inbox_session");
    assert_host_cookie(&session_cookie);
    assert!(session_cookie.contains("Max-Age=600"), "{session_cookie}");
    let session = pair(&session_cookie);
    assert!(
        session.starts_with("__Host-fhd_inbox_session=fhd_ses_"),
        "{session}"
    );

    let list = http
        .get(format!("{base}/inbox"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), 200);
    let list = list.text().await.unwrap();
    assert!(list.contains("Help"), "{list}");
    let csrf = csrf_in(&list);

    // A state-changing request without the CSRF token, or with another one, is refused.
    let status_url = format!("{base}/inbox/conversations/{id}/status");
    for form in [
        vec![("status", "closed")],
        vec![("status", "closed"), ("csrf", "fhd_csrf_x")],
    ] {
        let refused = http
            .post(&status_url)
            .header("cookie", &session)
            .form_body(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403);
    }
    for path in ["messages", "typing", "assignee"] {
        let refused = http
            .post(format!("{base}/inbox/conversations/{id}/{path}"))
            .header("cookie", &session)
            .form_body(&[("body", "x"), ("to", "me")])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403, "{path}");
    }
    assert_eq!(
        store.get_conversation(&id).await.unwrap().unwrap().status,
        ConversationStatus::Open
    );
    assert_eq!(store.list_messages(&id, None).await.unwrap().len(), 1);
    // Without a session at all: 401.
    let anonymous = http
        .post(&status_url)
        .form_body(&[("status", "closed"), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);

    // With it, the change is made.
    let closed = http
        .post(&status_url)
        .header("cookie", &session)
        .form_body(&[("status", "closed"), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(closed.status(), 303);
    assert_eq!(
        store.get_conversation(&id).await.unwrap().unwrap().status,
        ConversationStatus::Closed
    );

    // The same reply form sent twice stores one message.
    let reply = [
        ("body", "On its way"),
        ("kind", "reply"),
        ("object_id", "inbox_resent"),
        ("csrf", csrf.as_str()),
    ];
    for _ in 0..2 {
        let sent = http
            .post(format!("{base}/inbox/conversations/{id}/messages"))
            .header("cookie", &session)
            .form_body(&reply)
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status(), 303);
    }
    let messages = store.list_messages(&id, None).await.unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(
        messages[1].body.as_deref(),
        Some("<p>On&#32;its&#32;way</p>")
    );

    // The inbox is not in the published documents.
    let agents = http
        .get(format!("{base}/openapi/agents.json"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!agents.contains("/inbox"));

    // Signed out, the cookie no longer works.
    let out = http
        .post(format!("{base}/inbox/sign-out"))
        .header("cookie", &session)
        .form_body(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    assert!(set_cookie(&out, "fhd_inbox_session").contains("Max-Age=0"));
    let after = http
        .get(format!("{base}/inbox"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(after.contains("<h1>Sign in</h1>"), "{after}");

    // Live updates: a stream that says what changed; stopping the server ends it rather
    // than waiting for it.
    let again = http
        .post(format!("{base}/inbox/sign-in"))
        .header("cookie", pair(&sign_in_cookie))
        .form_body(&form)
        .send()
        .await
        .unwrap();
    let session = pair(&set_cookie(&again, "fhd_inbox_session"));
    let mut events = http
        .get(format!("{base}/inbox/events"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    assert_eq!(
        events.headers()["content-type"].to_str().unwrap(),
        "text/event-stream"
    );
    let mut seen = String::new();
    while !seen.contains("event: change") {
        let chunk = tokio::time::timeout(WAIT, events.chunk())
            .await
            .expect("an event within the wait")
            .unwrap()
            .expect("the stream is open");
        seen.push_str(std::str::from_utf8(&chunk).unwrap());
    }
    assert!(seen.contains(&format!("data: {id} ")), "{seen}");
    let report = server.stop().await;
    assert!(report.is_clean(), "{report:?}");

    // Sessions are in the database, under their hash only: they survive a restart.
    let server = start_server(db.url.clone(), nobody).await;
    let store = server.state.store.clone();
    let id = session.split_once('=').unwrap().1;
    assert!(
        store
            .find_inbox_session(&hash_token(id))
            .await
            .unwrap()
            .is_some()
    );
    assert!(store.find_inbox_session(id).await.unwrap().is_none());
    let base = format!("http://{}", server.local_addr);
    let list = http
        .get(format!("{base}/inbox"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("<h1>Conversations</h1>"), "{list}");
    server.shutdown().await.unwrap();
}

/// Guessing agent tokens at the sign-in form is slowed: after 10 failures from one
/// address (the default policy) the form comes back 429 with `Retry-After` and a message,
/// even for a right token, which is not checked.
#[tokio::test]
async fn failed_sign_ins_are_throttled_per_address() {
    let db = TestDb::new().await;
    let nobody = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let server = start_server(db.url.clone(), nobody).await;
    let store = server.state.store.clone();
    add_alice(store.as_ref()).await;
    let base = format!("http://{}", server.local_addr);
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = http.get(format!("{base}/inbox/")).send().await.unwrap();
    let cookie = pair(&set_cookie(&page, "fhd_inbox_sign_in"));
    let csrf = csrf_in(&page.text().await.unwrap());
    let sign_in = |token: &'static str| {
        http.post(format!("{base}/inbox/sign-in"))
            .header("cookie", &cookie)
            .form_body(&[("token", token), ("csrf", csrf.as_str())])
            .send()
    };
    for attempt in 1..=10 {
        let wrong = sign_in("fhd_agent_a-wrong-guess").await.unwrap();
        assert_eq!(wrong.status(), 401, "attempt {attempt}");
    }
    for token in ["fhd_agent_a-wrong-guess", AGENT_TOKEN] {
        let refused = sign_in(token).await.unwrap();
        assert_eq!(refused.status(), 429);
        assert!(set_cookie(&refused, "fhd_inbox_sign_in").contains("HttpOnly"));
        let retry_after: u64 = refused.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=300).contains(&retry_after), "{retry_after}");
        // The page escapes spaces in text as `&#32;`.
        let page = refused.text().await.unwrap().replace("&#32;", " ");
        assert!(page.contains("Too many failed sign-ins"), "{page}");
        assert!(
            page.contains("name=\"token\""),
            "the form is shown again: {page}"
        );
    }
    server.shutdown().await.unwrap();
}
