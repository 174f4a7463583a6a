//! The outbox end to end: human agents' changes through `/helpdesk/`, queued in the store,
//! delivered by the worker to a fake Fin webhook on 127.0.0.1 that records requests and
//! can refuse or be down. Helpers stay in this module so other test modules merge freely.

use dropshot::{
    Body, ConfigDropshot, ConfigLogging, ConfigLoggingIfExists, ConfigLoggingLevel, HttpError,
    Path, RequestContext, ServerBuilder, UntypedBody,
};
use fin_helpdesk::api::agents as agents_api;
use fin_helpdesk::client::{Credentials, agents as agents_client};
use fin_helpdesk::credentials::Secret;
use fin_helpdesk::credentials::hash_token;
use fin_helpdesk::store::{
    self, AuthorRef, ConversationStatus, EventKind, EventState, MessageVisibility, NewAgent,
    NewConversation, NewMessage, NewUser, OpenOptions, Requeue, Store,
};
use fin_helpdesk::{self as server, RunningServer, ServerConfig};
use fin_helpdesk::{FinWebhook, OutboxSettings};
use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::path::{Path as FsPath, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncReadExt;

const WEBHOOK_KEY: &str = "whk_outbox_test_key_4f1c9a";
const INTEGRATION_ID: &str = "int_a3c729d4";
const AGENT_TOKEN: &str = "fhd_agent_outbox_test_token";
const WAIT: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------- fake Fin webhook

#[derive(Debug, Clone)]
struct Recorded {
    integration_id: String,
    webhook_key: Option<String>,
    body: Value,
    status: u16,
}

#[derive(Default)]
struct FakeState {
    recorded: Mutex<Vec<Recorded>>,
    /// Statuses to answer, in order; 200 once they run out.
    statuses: Mutex<VecDeque<u16>>,
    /// Slows every answer down, to widen the window for concurrent workers.
    delay: Duration,
    /// Requests received, answered yet or not.
    arrived: AtomicUsize,
    /// The first request waits for this signal, then gets this status.
    hold_first: Mutex<Option<(tokio::sync::oneshot::Receiver<()>, u16)>>,
    /// Every request is answered 307 to the same path at this origin (`http://host:port`).
    redirect_to: Option<String>,
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct HookPath {
    integration_id: String,
}

#[dropshot::endpoint {
    method = POST,
    path = "/hooks/standalone/custom_helpdesk_conversation_event/{integration_id}",
}]
async fn fake_hook(
    rqctx: RequestContext<Arc<FakeState>>,
    path: Path<HookPath>,
    body: UntypedBody,
) -> Result<http::Response<Body>, HttpError> {
    let state = rqctx.context();
    state.arrived.fetch_add(1, Ordering::SeqCst);
    if let Some(origin) = &state.redirect_to {
        return Ok(http::Response::builder()
            .status(307)
            .header(
                "location",
                format!("{origin}{}", rqctx.request.uri().path()),
            )
            .body(Body::from("{}"))
            .unwrap());
    }
    if !state.delay.is_zero() {
        tokio::time::sleep(state.delay).await;
    }
    let held = state.hold_first.lock().unwrap().take();
    let status = match held {
        Some((release, status)) => {
            let _ = release.await;
            status
        }
        None => state.statuses.lock().unwrap().pop_front().unwrap_or(200),
    };
    state.recorded.lock().unwrap().push(Recorded {
        integration_id: path.into_inner().integration_id,
        webhook_key: rqctx
            .request
            .headers()
            .get("x-webhook-key")
            .map(|value| value.to_str().unwrap().to_string()),
        body: serde_json::from_slice(body.as_bytes()).unwrap_or(Value::Null),
        status,
    });
    Ok(http::Response::builder()
        .status(status)
        .body(Body::from("{}"))
        .unwrap())
}

struct FakeFin {
    state: Arc<FakeState>,
    server: dropshot::HttpServer<Arc<FakeState>>,
}

impl FakeFin {
    async fn start(addr: SocketAddr, statuses: &[u16], delay: Duration) -> FakeFin {
        FakeFin::start_with(
            addr,
            FakeState {
                statuses: Mutex::new(statuses.iter().copied().collect()),
                delay,
                ..FakeState::default()
            },
        )
    }

    /// A Fin that holds the first request until the returned sender fires (or is
    /// dropped), then answers it `status`; every other request gets 200 at once.
    fn start_holding_first(status: u16) -> (FakeFin, tokio::sync::oneshot::Sender<()>) {
        let (release, held) = tokio::sync::oneshot::channel();
        let fin = FakeFin::start_with(
            "127.0.0.1:0".parse().unwrap(),
            FakeState {
                hold_first: Mutex::new(Some((held, status))),
                ..FakeState::default()
            },
        );
        (fin, release)
    }

    fn start_with(addr: SocketAddr, state: FakeState) -> FakeFin {
        FakeFin::start_serving(addr, state, None)
    }

    /// A Fin on https, with `leaf` (from a private CA the helpdesk must be told of).
    fn start_tls(leaf: &crate::tls::Leaf) -> FakeFin {
        let tls = dropshot::ConfigTls::AsBytes {
            certs: leaf.cert_pem.clone().into_bytes(),
            key: leaf.key_pem.clone().into_bytes(),
        };
        FakeFin::start_serving(
            "127.0.0.1:0".parse().unwrap(),
            FakeState::default(),
            Some(tls),
        )
    }

    fn start_serving(
        addr: SocketAddr,
        state: FakeState,
        tls: Option<dropshot::ConfigTls>,
    ) -> FakeFin {
        let mut api = dropshot::ApiDescription::new();
        api.register(fake_hook).unwrap();
        let state = Arc::new(state);
        let log = slog::Logger::root(slog::Discard, slog::o!());
        let server = ServerBuilder::new(api, state.clone(), log)
            .config(ConfigDropshot {
                bind_address: addr,
                ..ConfigDropshot::default()
            })
            .tls(tls)
            .start()
            .unwrap();
        FakeFin { state, server }
    }

    fn addr(&self) -> SocketAddr {
        self.server.local_addr()
    }

    fn arrived(&self) -> usize {
        self.state.arrived.load(Ordering::SeqCst)
    }

    fn recorded(&self) -> Vec<Recorded> {
        self.state.recorded.lock().unwrap().clone()
    }

    /// Requests answered 2xx.
    fn accepted(&self) -> Vec<Recorded> {
        self.recorded()
            .into_iter()
            .filter(|r| (200..300).contains(&r.status))
            .collect()
    }

    async fn stop(self) {
        self.server.close().await.unwrap();
    }
}

/// An address nobody listens on (yet): Fin is down until a fake starts there.
fn unused_addr() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap()
}

fn fin_at(addr: SocketAddr) -> FinWebhook {
    FinWebhook {
        base_url: format!("http://{addr}/hooks/standalone"),
        integration_id: INTEGRATION_ID.to_string(),
        webhook_key: Secret::new(WEBHOOK_KEY),
        allow_insecure_url: true,
    }
}

// ---------------------------------------------------------------- the helpdesk

/// Short timings so retries happen in milliseconds.
fn fast_outbox() -> OutboxSettings {
    OutboxSettings {
        retry_initial: Duration::from_millis(20),
        retry_max: Duration::from_millis(200),
        poll_interval: Duration::from_millis(50),
        lease: Duration::from_secs(10),
        request_timeout: Duration::from_secs(3),
        ..OutboxSettings::default()
    }
}

/// A file logger at debug level, so the test can read everything the helpdesk logged.
fn file_logger(path: &FsPath) -> slog::Logger {
    ConfigLogging::File {
        level: ConfigLoggingLevel::Debug,
        path: path.to_str().unwrap().into(),
        if_exists: ConfigLoggingIfExists::Append,
    }
    .to_logger("fin-helpdesk-test")
    .unwrap()
}

struct Desk {
    running: RunningServer,
}

impl Desk {
    async fn start(
        database_url: &str,
        fin: Option<FinWebhook>,
        outbox: OutboxSettings,
        log: &FsPath,
    ) -> Desk {
        Desk::start_stopping_within(
            database_url,
            fin,
            outbox,
            log,
            server::DEFAULT_SHUTDOWN_TIMEOUT,
        )
        .await
    }

    /// With a shorter shutdown timeout, so that stopping with deliveries hanging (the
    /// worker waits for them until half of it) keeps the test short.
    async fn start_stopping_within(
        database_url: &str,
        fin: Option<FinWebhook>,
        outbox: OutboxSettings,
        log: &FsPath,
        shutdown_timeout: Duration,
    ) -> Desk {
        let mut config = ServerConfig::new("127.0.0.1:0".parse().unwrap(), database_url);
        config.api_tokens = vec![Secret::new("fhd_api_outbox_tests")];
        config.agent_tokens = vec![("agent_sarah".to_string(), Secret::new(AGENT_TOKEN))];
        config.fin = fin;
        config.outbox = outbox;
        config.shutdown_timeout = shutdown_timeout;
        let running = server::start(config, file_logger(log)).await.unwrap();
        Desk { running }
    }

    fn client(&self) -> agents_client::Client {
        agents_client::Client::new_with_client(
            &format!("http://{}", self.running.local_addr),
            reqwest::Client::new(),
            Credentials {
                bearer_token: Some(Secret::new(AGENT_TOKEN)),
                ..Credentials::default()
            },
        )
    }

    async fn reply(&self, conversation_id: &str, body: &str) {
        self.client()
            .create_helpdesk_message()
            .conversation_id(conversation_id)
            .body(agents_api::HelpdeskMessageRequest {
                body: Some(body.to_string()),
                visibility: None,
                attachments: None,
                object_id: None,
            })
            .send()
            .await
            .unwrap();
    }

    async fn stop(self) {
        self.running.shutdown().await.unwrap();
    }
}

/// Opens the database, adds the agent behind `AGENT_TOKEN` and `count` conversations.
async fn seed(database_url: &str, count: usize) -> (Arc<dyn Store>, Vec<String>) {
    let store = store::open(database_url, &OpenOptions::default())
        .await
        .unwrap();
    if store.get_agent("agent_sarah").await.unwrap().is_none() {
        store
            .add_agent(NewAgent {
                id: Some("agent_sarah".into()),
                name: Some("Sarah Johnson".into()),
                email: Some("sarah.johnson@company.com".into()),
                ..NewAgent::default()
            })
            .await
            .unwrap();
    }
    let mut ids = Vec::new();
    for n in 0..count {
        let object = uuid::Uuid::now_v7().simple().to_string();
        let user = store
            .create_user(NewUser {
                object_id: Some(format!("u{object}")),
                fingerprint: "f".into(),
                name: Some(format!("User {n}")),
                email: None,
                photo_url: None,
                attributes: Default::default(),
            })
            .await
            .unwrap()
            .record;
        let (conversation, _) = store
            .create_conversation(NewConversation {
                object_id: Some(format!("c{object}")),
                fingerprint: "f".into(),
                user_id: user.id.clone(),
                title: None,
                tags: Vec::new(),
                attributes: Default::default(),
                status: ConversationStatus::Open,
                assignee_id: None,
                initial_message: NewMessage {
                    object_id: Some(format!("m{object}")),
                    fingerprint: "f".into(),
                    conversation_id: String::new(),
                    message_type: "comment".into(),
                    body: Some("<p>Hello</p>".into()),
                    author: AuthorRef::EndUser(user.id),
                    visibility: MessageVisibility::Public,
                    attachments: Vec::new(),
                    created_at: None,
                    own_conversation_only: true,
                },
            })
            .await
            .unwrap()
            .record;
        ids.push(conversation.id);
    }
    (store, ids)
}

/// Polls `check` until it holds, failing after `WAIT`.
async fn wait_until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + WAIT;
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting until {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn events(store: &Arc<dyn Store>, state: EventState) -> Vec<store::OutboxEvent> {
    store.list_events(Some(state), None, None).await.unwrap()
}

struct Setup {
    _dir: tempfile::TempDir,
    database_url: String,
    log: PathBuf,
}

fn sqlite_setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}", dir.path().join("desk.db").display());
    let log = dir.path().join("desk.log");
    Setup {
        _dir: dir,
        database_url,
        log,
    }
}

fn assert_key_never_logged(log: &FsPath) {
    let text = std::fs::read_to_string(log).unwrap();
    assert!(!text.is_empty(), "the helpdesk logged nothing");
    assert!(
        !text.contains(WEBHOOK_KEY),
        "the webhook key appears in the log"
    );
}

// ---------------------------------------------------------------- tests

#[tokio::test]
async fn sync_and_typing_events_reach_fin_with_path_key_and_body() {
    let setup = sqlite_setup();
    let (store, ids) = seed(&setup.database_url, 1).await;
    let conversation = &ids[0];
    let fin = FakeFin::start("127.0.0.1:0".parse().unwrap(), &[], Duration::ZERO).await;
    let desk = Desk::start(
        &setup.database_url,
        Some(fin_at(fin.addr())),
        fast_outbox(),
        &setup.log,
    )
    .await;

    desk.reply(conversation, "<p>I've refunded the order.</p>")
        .await;
    wait_until("the sync event arrives", || async {
        fin.accepted().len() == 1
    })
    .await;
    let sync = &fin.accepted()[0];
    assert_eq!(sync.integration_id, INTEGRATION_ID);
    assert_eq!(sync.webhook_key.as_deref(), Some(WEBHOOK_KEY));
    assert_eq!(sync.body, json!({ "conversation_id": conversation }));

    desk.client()
        .send_helpdesk_typing()
        .conversation_id(conversation)
        .send()
        .await
        .unwrap();
    wait_until("the typing event arrives", || async {
        fin.accepted().len() == 2
    })
    .await;
    let typing = &fin.accepted()[1];
    assert_eq!(typing.webhook_key.as_deref(), Some(WEBHOOK_KEY));
    assert_eq!(
        typing.body,
        json!({
            "conversation_id": conversation,
            "event_type": "agent_typing",
            "data": {"agent": {
                "id": "agent_sarah", "user_type": "agent",
                "name": "Sarah Johnson", "email": "sarah.johnson@company.com"
            }}
        })
    );
    wait_until("both are marked delivered", || async {
        events(&store, EventState::Delivered).await.len() == 2
    })
    .await;

    // The reply was stored as the agent, and the conversation reads back with it.
    let read = desk
        .client()
        .get_helpdesk_conversation()
        .conversation_id(conversation)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(read.messages.len(), 2);
    let author = serde_json::to_value(&read.messages[1].author).unwrap();
    assert_eq!(author["id"], "agent_sarah");

    desk.stop().await;
    fin.stop().await;
    assert_key_never_logged(&setup.log);
}

#[tokio::test]
async fn events_are_delivered_after_fin_comes_back_and_the_key_is_never_logged() {
    let setup = sqlite_setup();
    let (store, ids) = seed(&setup.database_url, 1).await;
    let addr = unused_addr();
    let desk = Desk::start(
        &setup.database_url,
        Some(fin_at(addr)),
        fast_outbox(),
        &setup.log,
    )
    .await;

    // Fin is down: the change is kept and retried.
    desk.client()
        .update_helpdesk_conversation()
        .conversation_id(&ids[0])
        .body(agents_api::HelpdeskConversationUpdate {
            status: Some(agents_api::HelpdeskConversationUpdateStatus::Closed),
            assignee_id: Default::default(),
        })
        .send()
        .await
        .unwrap();
    wait_until("a failed attempt is recorded", || async {
        events(&store, EventState::Pending)
            .await
            .iter()
            .any(|event| event.attempts >= 2 && event.last_error.is_some())
    })
    .await;

    // Fin comes back, first refusing twice with 503.
    let fin = FakeFin::start(addr, &[503, 503], Duration::ZERO).await;
    wait_until("the event is delivered", || async {
        events(&store, EventState::Delivered).await.len() == 1
    })
    .await;
    assert_eq!(fin.accepted().len(), 1);
    assert!(fin.recorded().len() >= 3, "{:?}", fin.recorded());
    assert!(
        fin.recorded()
            .iter()
            .all(|r| r.webhook_key.as_deref() == Some(WEBHOOK_KEY))
    );

    desk.stop().await;
    fin.stop().await;
    assert_key_never_logged(&setup.log);
    let config_debug = format!("{:?}", fin_at(addr));
    assert!(!config_debug.contains(WEBHOOK_KEY));
}

#[tokio::test]
async fn pending_sync_events_of_one_conversation_merge() {
    let setup = sqlite_setup();
    let (store, ids) = seed(&setup.database_url, 2).await;
    // Fin not configured: events are stored, not sent.
    let desk = Desk::start(&setup.database_url, None, fast_outbox(), &setup.log).await;
    desk.reply(&ids[0], "<p>one</p>").await;
    desk.reply(&ids[0], "<p>two</p>").await;
    desk.client()
        .create_helpdesk_message()
        .conversation_id(&ids[0])
        .body(agents_api::HelpdeskMessageRequest {
            body: Some("<p>internal note</p>".into()),
            visibility: Some(agents_api::HelpdeskMessageRequestVisibility::Private),
            attachments: None,
            object_id: None,
        })
        .send()
        .await
        .unwrap();
    desk.reply(&ids[1], "<p>other conversation</p>").await;
    desk.stop().await;

    let pending = events(&store, EventState::Pending).await;
    assert_eq!(pending.len(), 2, "{pending:#?}");
    assert!(pending.iter().all(|event| event.kind == EventKind::Sync));

    let fin = FakeFin::start("127.0.0.1:0".parse().unwrap(), &[], Duration::ZERO).await;
    let desk = Desk::start(
        &setup.database_url,
        Some(fin_at(fin.addr())),
        fast_outbox(),
        &setup.log,
    )
    .await;
    wait_until("both conversations are synced", || async {
        events(&store, EventState::Delivered).await.len() == 2
    })
    .await;
    let mut bodies: Vec<String> = fin
        .accepted()
        .iter()
        .map(|r| r.body["conversation_id"].as_str().unwrap().to_string())
        .collect();
    bodies.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(bodies, expected, "one request per conversation");
    desk.stop().await;
    fin.stop().await;
}

#[tokio::test]
async fn nothing_is_lost_when_the_helpdesk_restarts_with_events_pending() {
    let setup = sqlite_setup();
    let (store, ids) = seed(&setup.database_url, 3).await;
    let addr = unused_addr();
    let desk = Desk::start(
        &setup.database_url,
        Some(fin_at(addr)),
        fast_outbox(),
        &setup.log,
    )
    .await;
    for id in &ids {
        desk.reply(id, "<p>before the restart</p>").await;
    }
    desk.stop().await;
    assert_eq!(events(&store, EventState::Pending).await.len(), 3);

    let fin = FakeFin::start(addr, &[], Duration::ZERO).await;
    let desk = Desk::start(
        &setup.database_url,
        Some(fin_at(addr)),
        fast_outbox(),
        &setup.log,
    )
    .await;
    wait_until("every event is delivered after the restart", || async {
        events(&store, EventState::Delivered).await.len() == 3
    })
    .await;
    assert_eq!(fin.accepted().len(), 3);
    desk.stop().await;
    fin.stop().await;
}

#[tokio::test]
async fn a_client_error_is_dead_at_once_and_can_be_requeued() {
    let setup = sqlite_setup();
    let (store, ids) = seed(&setup.database_url, 1).await;
    let fin = FakeFin::start("127.0.0.1:0".parse().unwrap(), &[400], Duration::ZERO).await;
    let desk = Desk::start(
        &setup.database_url,
        Some(fin_at(fin.addr())),
        fast_outbox(),
        &setup.log,
    )
    .await;
    desk.reply(&ids[0], "<p>hi</p>").await;
    wait_until("the event is dead", || async {
        events(&store, EventState::Dead).await.len() == 1
    })
    .await;
    let dead = &events(&store, EventState::Dead).await[0];
    assert!(
        dead.last_error.as_deref().unwrap().contains("400"),
        "{dead:?}"
    );
    assert_eq!(fin.recorded().len(), 1, "a 4xx is not retried");

    assert_eq!(store.requeue_dead(Requeue::AllDead).await.unwrap(), 1);
    wait_until("the requeued event is delivered", || async {
        events(&store, EventState::Delivered).await.len() == 1
    })
    .await;
    desk.stop().await;
    fin.stop().await;
}

#[tokio::test]
async fn typing_events_get_one_attempt_and_syncs_give_up_after_the_maximum_age() {
    let setup = sqlite_setup();
    let (store, ids) = seed(&setup.database_url, 1).await;
    let fin = FakeFin::start("127.0.0.1:0".parse().unwrap(), &[503; 1000], Duration::ZERO).await;
    let outbox = OutboxSettings {
        max_age: Duration::from_millis(500),
        ..fast_outbox()
    };
    let desk = Desk::start(
        &setup.database_url,
        Some(fin_at(fin.addr())),
        outbox,
        &setup.log,
    )
    .await;
    desk.client()
        .send_helpdesk_typing()
        .conversation_id(&ids[0])
        .send()
        .await
        .unwrap();
    wait_until("the typing event is dead", || async {
        events(&store, EventState::Dead).await.len() == 1
    })
    .await;
    assert_eq!(fin.recorded().len(), 1, "typing is not retried");

    desk.reply(&ids[0], "<p>hi</p>").await;
    wait_until("the sync is given up", || async {
        events(&store, EventState::Dead).await.len() == 2
    })
    .await;
    let dead = events(&store, EventState::Dead).await;
    let sync = dead.iter().find(|e| e.kind == EventKind::Sync).unwrap();
    assert!(
        sync.last_error.as_deref().unwrap().contains("maximum age"),
        "{sync:?}"
    );
    assert!(fin.recorded().len() > 2, "the sync was retried first");
    desk.stop().await;
    fin.stop().await;
}

#[tokio::test]
async fn stored_agent_tokens_work_and_fin_tokens_do_not() {
    let setup = sqlite_setup();
    let (store, ids) = seed(&setup.database_url, 1).await;
    // What `fin-helpdesk agents token agent_sarah` stores.
    store
        .add_agent_token(&hash_token("fhd_agent_from_cli"), "agent_sarah")
        .await
        .unwrap();
    let desk = Desk::start(&setup.database_url, None, fast_outbox(), &setup.log).await;
    let client = |token: &str| {
        agents_client::Client::new_with_client(
            &format!("http://{}", desk.running.local_addr),
            reqwest::Client::new(),
            Credentials {
                bearer_token: Some(Secret::new(token)),
                ..Credentials::default()
            },
        )
    };
    let listed = client("fhd_agent_from_cli")
        .list_helpdesk_conversations()
        .unassigned(true)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, ids[0]);
    let error = client("fhd_api_outbox_tests")
        .get_helpdesk_conversation()
        .conversation_id(&ids[0])
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(reqwest::StatusCode::UNAUTHORIZED));
    desk.stop().await;
}

/// Two helpdesks on one PostgreSQL database: every event reaches Fin exactly once.
#[tokio::test]
async fn two_workers_on_one_postgres_database_never_send_an_event_twice() {
    let Ok(base_url) = std::env::var("FIN_HELPDESK_TEST_POSTGRES_URL") else {
        eprintln!("skipped: FIN_HELPDESK_TEST_POSTGRES_URL is not set");
        return;
    };
    let database_url = fresh_postgres_database(&base_url).await;
    let (store, ids) = seed(&database_url, 40).await;
    let dir = tempfile::tempdir().unwrap();
    // A slow Fin keeps both workers busy at once.
    let fin = FakeFin::start(
        "127.0.0.1:0".parse().unwrap(),
        &[],
        Duration::from_millis(30),
    )
    .await;
    let outbox = OutboxSettings {
        batch_size: 4,
        poll_interval: Duration::from_millis(10),
        ..fast_outbox()
    };
    let first = Desk::start(
        &database_url,
        Some(fin_at(fin.addr())),
        outbox.clone(),
        &dir.path().join("a.log"),
    )
    .await;
    let second = Desk::start(
        &database_url,
        Some(fin_at(fin.addr())),
        outbox,
        &dir.path().join("b.log"),
    )
    .await;
    for id in &ids {
        store
            .enqueue_event(id, EventKind::Sync, json!({ "conversation_id": id }))
            .await
            .unwrap();
    }
    wait_until("every event is delivered", || async {
        events(&store, EventState::Delivered).await.len() == ids.len()
    })
    .await;
    let mut counts: HashMap<String, usize> = HashMap::new();
    for request in fin.accepted() {
        *counts
            .entry(
                request.body["conversation_id"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
            .or_default() += 1;
    }
    assert_eq!(counts.len(), ids.len());
    assert!(counts.values().all(|&n| n == 1), "{counts:?}");
    first.stop().await;
    second.stop().await;
    fin.stop().await;
}

/// Two workers on one database; the first one's lease ends while its request to Fin is
/// still out (a lease shorter than the request, as a Fin slower than the lease would
/// make it). The second worker claims the event again and delivers it; then the first
/// one's late answer comes, a 503 that alone would schedule a retry, and changes nothing:
/// the event stays delivered, nothing more is sent, and the first worker logs that its
/// outcome was ignored.
async fn a_late_outcome_after_the_lease_ended_is_ignored(database_url: &str) {
    let (store, ids) = seed(database_url, 1).await;
    let dir = tempfile::tempdir().unwrap();
    let (fin, release) = FakeFin::start_holding_first(503);
    let outbox = OutboxSettings {
        lease: Duration::from_secs(1),
        request_timeout: Duration::from_secs(120),
        ..fast_outbox()
    };
    let first_log = dir.path().join("first.log");
    let first = Desk::start(
        database_url,
        Some(fin_at(fin.addr())),
        outbox.clone(),
        &first_log,
    )
    .await;
    store
        .enqueue_event(
            &ids[0],
            EventKind::Sync,
            json!({ "conversation_id": ids[0] }),
        )
        .await
        .unwrap();
    wait_until("the first worker's request is at Fin", || async {
        fin.arrived() == 1
    })
    .await;
    // Started only now, so the first request is surely the first worker's.
    let second = Desk::start(
        database_url,
        Some(fin_at(fin.addr())),
        outbox,
        &dir.path().join("second.log"),
    )
    .await;
    wait_until("the second worker delivered the event", || async {
        events(&store, EventState::Delivered).await.len() == 1
    })
    .await;
    let delivered = events(&store, EventState::Delivered).await;
    release.send(()).unwrap();
    wait_until("the first worker had its late answer", || async {
        std::fs::read_to_string(&first_log)
            .unwrap_or_default()
            .contains("outcome ignored")
    })
    .await;
    let after = store.list_events(None, None, None).await.unwrap();
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(
        (
            after[0].id,
            after[0].state,
            after[0].attempts,
            after[0].last_error.as_deref()
        ),
        (
            delivered[0].id,
            EventState::Delivered,
            delivered[0].attempts,
            None
        ),
        "the late 503 changed the event"
    );
    let statuses: Vec<u16> = fin.recorded().iter().map(|r| r.status).collect();
    assert_eq!(fin.arrived(), 2);
    assert_eq!(statuses, [200, 503]);
    first.stop().await;
    second.stop().await;
    fin.stop().await;
}

/// Fin's endpoint answers 307 to another local server. The redirect is not followed, so
/// that server never receives the webhook key or the body; the delivery counts as failed,
/// stays pending and is retried, with the redirect as its last error, in the log too.
async fn a_redirect_is_not_followed_and_the_event_is_retried(database_url: &str) {
    let (store, ids) = seed(database_url, 1).await;
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("desk.log");
    let elsewhere = FakeFin::start("127.0.0.1:0".parse().unwrap(), &[], Duration::ZERO).await;
    let fin = FakeFin::start_with(
        "127.0.0.1:0".parse().unwrap(),
        FakeState {
            redirect_to: Some(format!("http://{}", elsewhere.addr())),
            ..FakeState::default()
        },
    );
    let desk = Desk::start(database_url, Some(fin_at(fin.addr())), fast_outbox(), &log).await;
    desk.reply(&ids[0], "<p>hi</p>").await;
    wait_until(
        "two redirected attempts are recorded (or one is followed)",
        || async {
            elsewhere.arrived() > 0
                || events(&store, EventState::Pending)
                    .await
                    .first()
                    .is_some_and(|event| event.attempts >= 2)
        },
    )
    .await;
    assert_eq!(elsewhere.arrived(), 0, "the redirect was followed");
    desk.stop().await;
    let pending = events(&store, EventState::Pending).await;
    let error = pending[0].last_error.as_deref().unwrap_or_default();
    assert!(
        error.contains("307") && error.contains("redirects are not followed"),
        "{pending:?}"
    );
    assert!(events(&store, EventState::Delivered).await.is_empty());
    assert!(events(&store, EventState::Dead).await.is_empty());
    assert!(fin.arrived() >= 2);
    assert_eq!(elsewhere.arrived(), 0, "a later redirect was followed");
    assert!(
        std::fs::read_to_string(&log)
            .unwrap()
            .contains("outbox: will retry")
    );
    assert_key_never_logged(&log);
    fin.stop().await;
    elsewhere.stop().await;
}

/// Embedding the server: a plain http webhook URL is refused at start unless
/// `allow_insecure_url` is set (as every other test here sets it).
#[tokio::test]
async fn a_plain_http_webhook_url_is_refused_at_start_without_the_option() {
    let setup = sqlite_setup();
    let mut config = ServerConfig::new("127.0.0.1:0".parse().unwrap(), &setup.database_url);
    config.api_tokens = vec![Secret::new("fhd_api_outbox_tests")];
    config.fin = Some(FinWebhook {
        allow_insecure_url: false,
        ..fin_at(unused_addr())
    });
    let log = slog::Logger::root(slog::Discard, slog::o!());
    let Err(error) = server::start(config, log).await else {
        panic!("a server started with a plain http webhook URL");
    };
    assert!(
        matches!(error, fin_helpdesk::Error::Configuration(_))
            && error.to_string().contains("--allow-insecure-webhook-url"),
        "{error}"
    );
}

#[tokio::test]
async fn sqlite_a_redirect_is_not_followed_and_the_event_is_retried() {
    let setup = sqlite_setup();
    a_redirect_is_not_followed_and_the_event_is_retried(&setup.database_url).await;
}

#[tokio::test]
async fn postgres_a_redirect_is_not_followed_and_the_event_is_retried() {
    let Ok(base_url) = std::env::var("FIN_HELPDESK_TEST_POSTGRES_URL") else {
        eprintln!("skipped: FIN_HELPDESK_TEST_POSTGRES_URL is not set");
        return;
    };
    let database_url = fresh_postgres_database(&base_url).await;
    a_redirect_is_not_followed_and_the_event_is_retried(&database_url).await;
}

#[tokio::test]
async fn sqlite_a_late_outcome_after_the_lease_ended_is_ignored() {
    let setup = sqlite_setup();
    a_late_outcome_after_the_lease_ended_is_ignored(&setup.database_url).await;
}

#[tokio::test]
async fn postgres_a_late_outcome_after_the_lease_ended_is_ignored() {
    let Ok(base_url) = std::env::var("FIN_HELPDESK_TEST_POSTGRES_URL") else {
        eprintln!("skipped: FIN_HELPDESK_TEST_POSTGRES_URL is not set");
        return;
    };
    let database_url = fresh_postgres_database(&base_url).await;
    a_late_outcome_after_the_lease_ended_is_ignored(&database_url).await;
}

async fn fresh_postgres_database(base_url: &str) -> String {
    use sqlx::Connection;
    let name = format!("fhd_outbox_{}", uuid::Uuid::now_v7().simple());
    let mut connection = sqlx::PgConnection::connect(base_url).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut connection)
        .await
        .unwrap();
    let mut url = url::Url::parse(base_url).unwrap();
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// Fin's webhook accepting connections and never answering; counts the requests and the
/// connections still open.
struct HangingFin {
    addr: SocketAddr,
    open: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl HangingFin {
    async fn start() -> HangingFin {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let open = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let (o, r) = (open.clone(), requests.clone());
        let task = tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            while let Ok((mut stream, _)) = listener.accept().await {
                let (open, requests) = (o.clone(), r.clone());
                connections.spawn(async move {
                    let mut chunk = [0u8; 4096];
                    if !matches!(stream.read(&mut chunk).await, Ok(n) if n > 0) {
                        return;
                    }
                    requests.fetch_add(1, Ordering::SeqCst);
                    open.fetch_add(1, Ordering::SeqCst);
                    // Until the client gives up and closes the connection.
                    while matches!(stream.read(&mut chunk).await, Ok(n) if n > 0) {}
                    open.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        HangingFin {
            addr,
            open,
            requests,
            task,
        }
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    fn open(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }
}

impl Drop for HangingFin {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// With Fin hanging, a backlog three times the batch size costs one batch of requests,
/// and every delivery times out and is retried. Counts, never timings, so a loaded
/// machine makes the test slower, not wrong:
///
/// 1. With a request timeout longer than the test, nothing closes: the worker sends one
///    batch, and a second later (time enough for an unbounded worker to send the rest)
///    still exactly one batch has come and is open. The fake's counts are exact here.
///    (Counting open connections while requests time out is not: the fake sees a
///    timed-out connection close a moment after the worker has moved on.)
/// 2. With a short timeout, every delivery times out and is retried: each event is
///    attempted twice at least, and Fin sees at least twice as many requests as events.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_fin_hanging_deliveries_time_out_and_concurrency_stays_bounded() {
    let setup = sqlite_setup();
    let (store, ids) = seed(&setup.database_url, 12).await;
    for id in &ids {
        store
            .enqueue_event(id, EventKind::Sync, Value::Null)
            .await
            .unwrap();
    }
    let batch_size = 4;
    let shutdown_timeout = Duration::from_secs(2);

    let fin = HangingFin::start().await;
    let outbox = OutboxSettings {
        request_timeout: Duration::from_secs(600),
        lease: Duration::from_secs(1200),
        batch_size,
        ..fast_outbox()
    };
    let desk = Desk::start_stopping_within(
        &setup.database_url,
        Some(fin_at(fin.addr)),
        outbox,
        &setup.log,
        shutdown_timeout,
    )
    .await;
    wait_until("a first batch of requests is open", || async {
        fin.requests() >= batch_size as usize
    })
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        (fin.requests(), fin.open()),
        (batch_size as usize, batch_size as usize),
        "(requests, open) with one batch hanging, batch size {batch_size}"
    );
    // Stopping cuts the hanging deliveries off and gives their claims back.
    desk.stop().await;
    wait_until("the cut-off requests are closed", || async {
        fin.open() == 0
    })
    .await;
    drop(fin);

    let fin = HangingFin::start().await;
    let outbox = OutboxSettings {
        request_timeout: Duration::from_millis(300),
        batch_size,
        ..fast_outbox()
    };
    let desk = Desk::start_stopping_within(
        &setup.database_url,
        Some(fin_at(fin.addr)),
        outbox,
        &setup.log,
        shutdown_timeout,
    )
    .await;
    wait_until("every event has timed out twice", || async {
        let pending = events(&store, EventState::Pending).await;
        fin.requests() >= 2 * ids.len()
            && pending.len() == ids.len()
            && pending.iter().all(|event| {
                event.attempts >= 2
                    && event
                        .last_error
                        .as_deref()
                        .is_some_and(|error| error.contains("timed out"))
            })
    })
    .await;
    desk.stop().await;
    wait_until("no request is left open", || async { fin.open() == 0 }).await;
    assert_key_never_logged(&setup.log);
}

/// The worker deletes delivered events once they are older than the retention period,
/// and keeps pending and dead ones.
#[tokio::test]
async fn delivered_events_are_purged_after_the_retention_period() {
    let setup = sqlite_setup();
    let (store, ids) = seed(&setup.database_url, 2).await;
    // The first event is refused for good (dead), the second delivered.
    let fin = FakeFin::start("127.0.0.1:0".parse().unwrap(), &[400], Duration::ZERO).await;
    let outbox = OutboxSettings {
        retention: Duration::from_secs(1),
        purge_interval: Duration::from_millis(100),
        ..fast_outbox()
    };
    let desk = Desk::start(
        &setup.database_url,
        Some(fin_at(fin.addr())),
        outbox,
        &setup.log,
    )
    .await;
    desk.reply(&ids[0], "<p>first</p>").await;
    wait_until("the first is dead", || async {
        events(&store, EventState::Dead).await.len() == 1
    })
    .await;
    desk.reply(&ids[1], "<p>second</p>").await;
    wait_until("the second is delivered", || async {
        fin.accepted().len() == 1
    })
    .await;
    wait_until("the delivered event is purged", || async {
        let all = store.list_events(None, None, None).await.unwrap();
        fin.accepted().len() == 1 && all.len() == 1
    })
    .await;
    let left = store.list_events(None, None, None).await.unwrap();
    assert_eq!(left[0].state, EventState::Dead, "{left:?}");
    // The line is written after the purge commits, so it may land just after the store shows it.
    wait_until("the purge is logged", || async {
        std::fs::read_to_string(&setup.log)
            .unwrap_or_default()
            .contains("purged delivered events")
    })
    .await;
    desk.stop().await;
    fin.stop().await;
}

/// Fin's webhook on https with a certificate from a private CA: trusted through
/// `fin_ca_cert` (besides the system's roots), the event is delivered.
#[tokio::test]
async fn events_reach_fin_over_https_with_a_private_ca() {
    let setup = sqlite_setup();
    let ca = crate::tls::TestCa::new();
    let fin = FakeFin::start_tls(&ca.leaf(None));
    let ca_file = setup._dir.path().join("ca.pem");
    std::fs::write(&ca_file, &ca.pem).unwrap();
    let (store, ids) = seed(&setup.database_url, 1).await;
    let mut config = ServerConfig::new("127.0.0.1:0".parse().unwrap(), &setup.database_url);
    config.api_tokens = vec![Secret::new("fhd_api_outbox_tests")];
    config.fin = Some(FinWebhook {
        base_url: format!("https://{}/hooks/standalone", fin.addr()),
        allow_insecure_url: false,
        ..fin_at(fin.addr())
    });
    config.fin_ca_cert = Some(ca_file);
    config.outbox = fast_outbox();
    let running = server::start(config, file_logger(&setup.log))
        .await
        .unwrap();
    store
        .enqueue_event(
            &ids[0],
            EventKind::Sync,
            json!({ "conversation_id": ids[0] }),
        )
        .await
        .unwrap();
    wait_until("the event is delivered over https", || async {
        events(&store, EventState::Delivered).await.len() == 1
    })
    .await;
    assert_eq!(fin.accepted().len(), 1);
    running.shutdown().await.unwrap();
    fin.stop().await;
}
