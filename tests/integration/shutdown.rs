//! Stopping is bounded. The real `fin-helpdesk serve`, started as a user starts it, gets
//! SIGTERM while a slow dependency holds work in flight: a Fin webhook that accepts the
//! connection and never answers, a database that is gone, or both. It must exit within its
//! shutdown timeout plus a margin, and the event whose delivery it abandoned must reach
//! Fin after a restart (at least once).
//!
//! PostgreSQL "stops" behind a TCP proxy this test owns (open connections close, new ones
//! are refused), so the shared test server keeps serving the other tests. A SQLite file
//! cannot go away under an open process; its nearest honest equivalent is another
//! connection holding the write lock, which makes every write wait for the busy timeout.
//! Everything listens on and talks to 127.0.0.1; every wait is bounded.

use crate::common::{POSTGRES_ENV, TestDb, user_and_conversation};
use fin_helpdesk::api::agents as agents_api;
use fin_helpdesk::client::{Credentials, agents as agents_client, rest};
use fin_helpdesk::credentials::Secret;
use fin_helpdesk::store::{self, EventState, OpenOptions, OutboxEvent};
use serde_json::Value;
use std::net::SocketAddr;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

const API_TOKEN: &str = "fhd_api_shutdown-test-token-0123456789abcdef";
const AGENT: &str = "agent_sarah";
const AGENT_TOKEN: &str = "fhd_agent_shutdown-test-token-0123456789";
const WEBHOOK_KEY: &str = "whk_shutdown_test_key_77c1e2";
const INTEGRATION_ID: &str = "int_shutdown_test";
/// The shutdown timeout the server under test is given.
const SHUTDOWN: Duration = Duration::from_secs(2);
/// Generous: the machine running the tests may be busy.
const MARGIN: Duration = Duration::from_secs(5);
/// The shortest lease the server accepts, so that an event it could not release is
/// delivered soon after the restart.
const SHORT_LEASE_SECS: u64 = 16;
/// Bound of every other wait (start-up, a request reaching the fake Fin).
const WAIT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------- a fake Fin

/// How the fake Fin answers a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reply {
    /// Reads the request and the rest of the connection, and never answers.
    Never,
    /// Answers 200 once [`RawFin::let_go`] is called.
    WhenLetGo,
    /// Answers 200 at once.
    AtOnce,
}

/// Fin's webhook as a bare TCP listener, so that it can hold a request for ever.
struct RawFin {
    addr: SocketAddr,
    bodies: Arc<Mutex<Vec<Value>>>,
    let_go: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl RawFin {
    async fn start(reply: Reply) -> RawFin {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let (let_go, released) = watch::channel(false);
        let task = tokio::spawn(fin_accept(listener, reply, bodies.clone(), released));
        RawFin {
            addr,
            bodies,
            let_go,
            task,
        }
    }

    fn base_url(&self) -> String {
        format!("http://{}/hooks/standalone", self.addr)
    }

    fn let_go(&self) {
        self.let_go.send_replace(true);
    }

    /// Waits until a webhook request for the conversation arrived.
    async fn wait_for(&self, conversation_id: &str, bound: Duration) {
        let arrived = || {
            self.bodies
                .lock()
                .unwrap()
                .iter()
                .any(|body| body["conversation_id"] == conversation_id)
        };
        let started = Instant::now();
        while !arrived() {
            assert!(
                started.elapsed() < bound,
                "no webhook request for {conversation_id} within {bound:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for RawFin {
    fn drop(&mut self) {
        // The connections' tasks live in the accept task's JoinSet and go with it.
        self.task.abort();
    }
}

async fn fin_accept(
    listener: TcpListener,
    reply: Reply,
    bodies: Arc<Mutex<Vec<Value>>>,
    released: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    while let Ok((stream, _)) = listener.accept().await {
        connections.spawn(fin_connection(
            stream,
            reply,
            bodies.clone(),
            released.clone(),
        ));
    }
}

async fn fin_connection(
    mut stream: TcpStream,
    reply: Reply,
    bodies: Arc<Mutex<Vec<Value>>>,
    mut released: watch::Receiver<bool>,
) {
    let mut buffer = Vec::new();
    while let Some(body) = read_request(&mut stream, &mut buffer).await {
        bodies.lock().unwrap().push(body);
        match reply {
            Reply::Never => {
                let mut sink = [0u8; 4096];
                while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
                return;
            }
            Reply::WhenLetGo => {
                if released.wait_for(|go| *go).await.is_err() {
                    return;
                }
            }
            Reply::AtOnce => {}
        }
        let answer =
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
        if stream.write_all(answer).await.is_err() {
            return;
        }
    }
}

/// One HTTP/1.1 request with a `content-length` body; its body as JSON.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Value> {
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse::<usize>().ok())
                .unwrap_or(0);
            let total = end + 4 + length;
            if buffer.len() >= total {
                let request: Vec<u8> = buffer.drain(..total).collect();
                return Some(serde_json::from_slice(&request[end + 4..]).unwrap_or(Value::Null));
            }
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
}

// ---------------------------------------------------------------- PostgreSQL that stops

/// A TCP proxy in front of the PostgreSQL server.
struct PgProxy {
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl PgProxy {
    async fn start(upstream: SocketAddr) -> PgProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                connections.spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        PgProxy { addr, task }
    }

    /// PostgreSQL stopped, as the helpdesk sees it: its connections close and new ones
    /// are refused.
    async fn stop(self) {
        self.task.abort();
        let _ = self.task.await;
    }
}

/// `url` with its host and port replaced by `addr`.
fn via(url: &str, addr: SocketAddr) -> String {
    let mut url = url::Url::parse(url).unwrap();
    url.set_ip_host(addr.ip()).unwrap();
    url.set_port(Some(addr.port())).unwrap();
    url.to_string()
}

fn socket_addr(url: &str) -> SocketAddr {
    let url = url::Url::parse(url).unwrap();
    url.socket_addrs(|| Some(5432)).unwrap()[0]
}

// ---------------------------------------------------------------- the real binary

fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fin-helpdesk"));
    // Only what each test gives counts, not the environment it runs in.
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("FIN_HELPDESK_") {
            command.env_remove(name);
        }
    }
    command
}

/// `fin-helpdesk agents add`, as a user adds the agent before starting.
fn add_agent(database_url: &str) {
    let output = binary()
        .args(["agents", "add", "--database-url", database_url])
        .args(["--id", AGENT, "--name", "Sarah Johnson"])
        .args(["--email", "sarah.johnson@example.com"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `fin-helpdesk serve` with Fin's webhook configured and a short shutdown timeout;
/// SIGKILLed when dropped, so a failing test leaves no process behind.
struct Helpdesk {
    child: Child,
    base_url: String,
    log: PathBuf,
}

impl Helpdesk {
    async fn start(database_url: &str, fin: &RawFin, lease_secs: Option<u64>, log: &Path) -> Self {
        Self::start_with(database_url, fin, lease_secs, SHUTDOWN, log).await
    }

    async fn start_with(
        database_url: &str,
        fin: &RawFin,
        lease_secs: Option<u64>,
        shutdown: Duration,
        log: &Path,
    ) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut command = binary();
        command
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .args(["--database-url", database_url])
            .args(["--fin-webhook-base-url", &fin.base_url()])
            .arg("--allow-insecure-webhook-url")
            .args(["--integration-id", INTEGRATION_ID])
            .args(["--shutdown-timeout-secs", &shutdown.as_secs().to_string()])
            // debug: the worker says when Fin accepted an event, before recording it.
            .args(["--log-level", "debug"])
            // Secrets through the environment, as the README asks.
            .env("FIN_HELPDESK_API_TOKENS", API_TOKEN)
            .env(
                "FIN_HELPDESK_AGENT_TOKENS",
                format!("{AGENT}:{AGENT_TOKEN}"),
            )
            .env("FIN_HELPDESK_WEBHOOK_KEY", WEBHOOK_KEY)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(log).unwrap());
        if let Some(secs) = lease_secs {
            command.args(["--outbox-lease-secs", &secs.to_string()]);
        }
        let mut helpdesk = Helpdesk {
            child: command.spawn().unwrap(),
            base_url: format!("http://127.0.0.1:{port}"),
            log: log.to_path_buf(),
        };
        helpdesk.wait_until_ready().await;
        helpdesk
    }

    async fn wait_until_ready(&mut self) {
        let http = reqwest::Client::new();
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!(
                    "fin-helpdesk exited before serving ({status}):\n{}",
                    self.log()
                );
            }
            let health = http.get(format!("{}/healthz", self.base_url)).send().await;
            if health.is_ok_and(|response| response.status().is_success()) {
                return;
            }
            assert!(started.elapsed() < WAIT, "not ready:\n{}", self.log());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    async fn wait_for_log(&self, line: &str) {
        self.wait_for_log_count(line, 1).await;
    }

    async fn wait_for_log_count(&self, line: &str, count: usize) {
        let started = Instant::now();
        while self.log().matches(line).count() < count {
            assert!(
                started.elapsed() < WAIT,
                "never logged {line:?}:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn rest(&self) -> rest::Client {
        let credentials = Credentials {
            bearer_token: Some(Secret::new(API_TOKEN)),
            ..Credentials::default()
        };
        rest::Client::new(&self.base_url, credentials)
    }

    fn agents(&self) -> agents_client::Client {
        let http = reqwest::Client::builder().timeout(WAIT).build().unwrap();
        let credentials = Credentials {
            bearer_token: Some(Secret::new(AGENT_TOKEN)),
            ..Credentials::default()
        };
        agents_client::Client::new_with_client(&self.base_url, http, credentials)
    }

    /// A human agent's reply: stored, and queued for Fin as a sync event.
    /// Whether it was answered with success.
    async fn reply(client: agents_client::Client, conversation_id: String) -> bool {
        client
            .create_helpdesk_message()
            .conversation_id(&conversation_id)
            .body(agents_api::HelpdeskMessageRequest {
                body: Some("<p>I've refunded the order.</p>".into()),
                visibility: None,
                attachments: None,
                object_id: None,
            })
            .send()
            .await
            .is_ok()
    }

    fn signal(&self, signal: libc::c_int) {
        let pid = libc::pid_t::try_from(self.child.id()).unwrap();
        // SAFETY: kill(2) with the pid of a child this test started and has not reaped,
        // so the pid cannot name another process.
        let sent = unsafe { libc::kill(pid, signal) };
        assert_eq!(sent, 0, "cannot signal fin-helpdesk");
    }

    /// Sends SIGTERM and waits for the exit; the status and how long it took. A process
    /// that outlives the bound by far is killed, and the test fails.
    async fn terminate(&mut self) -> (ExitStatus, Duration) {
        self.signal(libc::SIGTERM);
        self.wait_for_exit().await
    }

    async fn wait_for_exit(&mut self) -> (ExitStatus, Duration) {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status, started.elapsed());
            }
            if started.elapsed() > SHUTDOWN + MARGIN + WAIT {
                self.kill();
                panic!("fin-helpdesk did not exit:\n{}", self.log());
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Helpdesk {
    fn drop(&mut self) {
        self.kill();
    }
}

// ---------------------------------------------------------------- the scenarios

/// What is slow when the signal comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slow {
    /// Fin holds the delivery's request; the database is fine.
    Fin,
    /// Fin answered, and the database is gone before the outcome is recorded.
    Database,
    /// Fin holds the request, and the database is gone.
    Both,
}

/// The database under test, and how to take it away.
enum Db {
    Sqlite {
        _dir: tempfile::TempDir,
        path: PathBuf,
        locker: Option<rusqlite::Connection>,
    },
    Postgres {
        db: TestDb,
        proxy: Option<PgProxy>,
    },
}

impl Db {
    fn sqlite() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fin-helpdesk.db");
        Db::Sqlite {
            _dir: dir,
            path,
            locker: None,
        }
    }

    /// `None` when no PostgreSQL server is configured for tests.
    async fn postgres() -> Option<Db> {
        std::env::var(POSTGRES_ENV).ok()?;
        let db = TestDb::new().await;
        let proxy = PgProxy::start(socket_addr(&db.url)).await;
        Some(Db::Postgres {
            db,
            proxy: Some(proxy),
        })
    }

    fn kind(&self) -> &'static str {
        match self {
            Db::Sqlite { .. } => "SQLite",
            Db::Postgres { .. } => "PostgreSQL",
        }
    }

    /// The URL as the server under test reaches the database (through the proxy).
    fn url(&self) -> String {
        match self {
            Db::Sqlite { path, .. } => format!("sqlite://{}", path.display()),
            Db::Postgres {
                db,
                proxy: Some(proxy),
            } => via(&db.url, proxy.addr),
            Db::Postgres { db, proxy: None } => db.url.clone(),
        }
    }

    /// The URL with the database back: SQLite unlocked, PostgreSQL reached directly.
    fn direct_url(&self) -> String {
        match self {
            Db::Sqlite { path, .. } => format!("sqlite://{}", path.display()),
            Db::Postgres { db, .. } => db.url.clone(),
        }
    }

    async fn take_away(&mut self) {
        match self {
            Db::Sqlite { path, locker, .. } => {
                let connection = rusqlite::Connection::open(&*path).unwrap();
                connection.busy_timeout(WAIT).unwrap();
                // The write lock, held until `give_back`: every write of the server waits
                // for its busy timeout and then fails; reads go on (WAL).
                connection.execute_batch("BEGIN IMMEDIATE").unwrap();
                *locker = Some(connection);
            }
            Db::Postgres { proxy, .. } => {
                if let Some(proxy) = proxy.take() {
                    proxy.stop().await;
                }
            }
        }
    }

    fn give_back(&mut self) {
        if let Db::Sqlite { locker, .. } = self {
            // Dropping the connection rolls its transaction back.
            locker.take();
        }
    }
}

async fn pending_event(database_url: &str, conversation_id: &str) -> OutboxEvent {
    let store = store::open(database_url, &OpenOptions::default())
        .await
        .unwrap();
    let pending = store
        .list_events(Some(EventState::Pending), None, None)
        .await
        .unwrap();
    pending
        .into_iter()
        .find(|event| event.conversation_id == conversation_id)
        .unwrap_or_else(|| panic!("no pending event for {conversation_id}"))
}

async fn wait_until_delivered(database_url: &str, conversation_id: &str) {
    let store = store::open(database_url, &OpenOptions::default())
        .await
        .unwrap();
    let started = Instant::now();
    loop {
        let delivered = store
            .list_events(Some(EventState::Delivered), None, None)
            .await
            .unwrap();
        if delivered
            .iter()
            .any(|event| event.conversation_id == conversation_id)
        {
            return;
        }
        assert!(
            started.elapsed() < WAIT,
            "the event is never marked delivered"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Starts the server over `db`, has an agent reply so that an event is being delivered,
/// makes `slow` slow, sends SIGTERM and checks the bounded exit; then restarts the server
/// with a Fin that answers and checks that the event arrives.
async fn stops_in_time(mut db: Db, slow: Slow) {
    let dir = tempfile::tempdir().unwrap();
    add_agent(&db.direct_url());
    let reply = match slow {
        Slow::Fin | Slow::Both => Reply::Never,
        Slow::Database => Reply::WhenLetGo,
    };
    let fin = RawFin::start(reply).await;
    // The database may stay away: the event can then only be sent once its lease ends.
    let lease = (slow != Slow::Fin).then_some(SHORT_LEASE_SECS);
    let first_log = dir.path().join("first.log");
    let mut helpdesk = Helpdesk::start(&db.url(), &fin, lease, &first_log).await;
    let (_, created) = user_and_conversation(&helpdesk.rest()).await;
    let conversation_id = created.conversation.id;
    assert!(Helpdesk::reply(helpdesk.agents(), conversation_id.clone()).await);
    fin.wait_for(&conversation_id, WAIT).await;

    let mut in_flight = None;
    if slow != Slow::Fin {
        db.take_away().await;
        if slow == Slow::Database {
            fin.let_go();
            // Fin accepted it; the worker now waits to record that.
            helpdesk.wait_for_log("outbox: delivered").await;
        }
        // A request that needs the database, most likely still waiting when the signal
        // comes (whether it is, the server's log says; the bound holds either way).
        let connections = helpdesk.log().matches("accepted connection").count();
        in_flight = Some(tokio::spawn(Helpdesk::reply(
            helpdesk.agents(),
            conversation_id.clone(),
        )));
        helpdesk
            .wait_for_log_count("accepted connection", connections + 1)
            .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let (status, took) = helpdesk.terminate().await;
    let log = helpdesk.log();
    eprintln!(
        "{slow:?} slow on {}: exited {took:?} after SIGTERM; a request was abandoned: {}",
        db.kind(),
        log.contains("requests still in flight")
    );
    assert!(
        took <= SHUTDOWN + MARGIN,
        "exit took {took:?}, shutdown timeout {SHUTDOWN:?}:\n{log}"
    );
    assert!(status.success(), "{status}:\n{log}");
    assert!(log.contains("shutting down"), "{log}");
    assert!(log.contains("deliveries cut off at shutdown"), "{log}");
    assert!(!log.contains(WEBHOOK_KEY), "the webhook key was logged");
    if let Some(request) = in_flight {
        request.abort();
    }
    db.give_back();

    // Nothing is lost: the event is still queued. With the database there, its claim was
    // released and it is due now; without, it waits for its lease.
    let event = pending_event(&db.direct_url(), &conversation_id).await;
    let released = event.next_attempt_at <= chrono::Utc::now();
    assert_eq!(released, slow == Slow::Fin, "{event:?}\n{log}");

    let fin = RawFin::start(Reply::AtOnce).await;
    let mut helpdesk = Helpdesk::start(
        &db.direct_url(),
        &fin,
        lease,
        &dir.path().join("second.log"),
    )
    .await;
    let lease_wait = Duration::from_secs(lease.unwrap_or(0));
    fin.wait_for(&conversation_id, lease_wait + WAIT).await;
    wait_until_delivered(&db.direct_url(), &conversation_id).await;

    // With nothing in flight, stopping is clean.
    let (status, took) = helpdesk.terminate().await;
    assert!(took <= SHUTDOWN + MARGIN, "{took:?}");
    assert!(status.success(), "{status}");
    let log = helpdesk.log();
    assert!(
        log.contains("stopped") && !log.contains("left unfinished"),
        "{log}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_fin_never_answers() {
    stops_in_time(Db::sqlite(), Slow::Fin).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_database_locked() {
    stops_in_time(Db::sqlite(), Slow::Database).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_fin_never_answers_and_database_locked() {
    stops_in_time(Db::sqlite(), Slow::Both).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_stopped() {
    match Db::postgres().await {
        Some(db) => stops_in_time(db, Slow::Database).await,
        None => eprintln!("skipped: {POSTGRES_ENV} is not set"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_fin_never_answers_and_database_stopped() {
    match Db::postgres().await {
        Some(db) => stops_in_time(db, Slow::Both).await,
        None => eprintln!("skipped: {POSTGRES_ENV} is not set"),
    }
}

/// Two replicas on one PostgreSQL database: the one stopping releases the claim of the
/// delivery it abandons, and the other sends the event at its next poll, long before the
/// lease (60 s by default) would have let it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_fin_never_answers_and_another_replica_delivers_at_once() {
    let Some(db) = Db::postgres().await else {
        eprintln!("skipped: {POSTGRES_ENV} is not set");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let url = db.direct_url();
    add_agent(&url);
    let hanging = RawFin::start(Reply::Never).await;
    let mut first = Helpdesk::start(&url, &hanging, None, &dir.path().join("a.log")).await;
    let (_, created) = user_and_conversation(&first.rest()).await;
    let conversation_id = created.conversation.id;
    assert!(Helpdesk::reply(first.agents(), conversation_id.clone()).await);
    hanging.wait_for(&conversation_id, WAIT).await;
    // Started only now, so the event is already the first replica's.
    let fin = RawFin::start(Reply::AtOnce).await;
    let mut second = Helpdesk::start(&url, &fin, None, &dir.path().join("b.log")).await;

    let (status, took) = first.terminate().await;
    eprintln!("Fin never answers, two replicas on PostgreSQL: exited after {took:?}");
    assert!(took <= SHUTDOWN + MARGIN, "{took:?}:\n{}", first.log());
    assert!(status.success(), "{status}");
    let event = pending_event(&url, &conversation_id).await;
    assert!(
        event.next_attempt_at <= chrono::Utc::now(),
        "the claim was not released: {event:?}\n{}",
        first.log()
    );
    fin.wait_for(&conversation_id, WAIT).await;
    wait_until_delivered(&url, &conversation_id).await;
    let (status, _) = second.terminate().await;
    assert!(status.success(), "{status}");
}

/// A second signal does not wait for the shutdown timeout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_signal_exits_at_once() {
    let db = Db::sqlite();
    let dir = tempfile::tempdir().unwrap();
    add_agent(&db.url());
    let fin = RawFin::start(Reply::Never).await;
    // Long enough that only the second signal can explain a quick exit.
    let shutdown = Duration::from_secs(60);
    let log = dir.path().join("a.log");
    let mut helpdesk = Helpdesk::start_with(&db.url(), &fin, None, shutdown, &log).await;
    let (_, created) = user_and_conversation(&helpdesk.rest()).await;
    assert!(Helpdesk::reply(helpdesk.agents(), created.conversation.id.clone()).await);
    fin.wait_for(&created.conversation.id, WAIT).await;
    helpdesk.signal(libc::SIGTERM);
    helpdesk.wait_for_log("shutting down").await;
    helpdesk.signal(libc::SIGINT);
    let (status, took) = helpdesk.wait_for_exit().await;
    eprintln!("second signal: exited after {took:?}");
    // Long before the first signal's deadline: Fin is still holding the delivery.
    assert!(took < MARGIN, "{took:?}:\n{}", helpdesk.log());
    assert_eq!(status.code(), Some(130), "{}", helpdesk.log());
    assert!(
        helpdesk.log().contains("second signal"),
        "{}",
        helpdesk.log()
    );
}

/// What finishes within the timeout is finished: a delivery Fin answers while the server
/// is stopping is recorded as delivered, and nothing is reported left over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_answered_while_stopping_is_recorded() {
    let db = Db::sqlite();
    add_agent(&db.url());
    let fin = RawFin::start(Reply::WhenLetGo).await;
    let mut config = fin_helpdesk::ServerConfig::new("127.0.0.1:0".parse().unwrap(), db.url());
    config.api_tokens = vec![Secret::new(API_TOKEN)];
    config.agent_tokens = vec![(AGENT.to_string(), Secret::new(AGENT_TOKEN))];
    config.fin = Some(fin_helpdesk::FinWebhook {
        base_url: fin.base_url(),
        integration_id: INTEGRATION_ID.to_string(),
        webhook_key: Secret::new(WEBHOOK_KEY),
        allow_insecure_url: true,
    });
    let log = slog::Logger::root(slog::Discard, slog::o!());
    let running = fin_helpdesk::start(config, log).await.unwrap();
    let base_url = format!("http://{}", running.local_addr);
    let credentials = |token: &str| Credentials {
        bearer_token: Some(Secret::new(token)),
        ..Credentials::default()
    };
    let rest = rest::Client::new(&base_url, credentials(API_TOKEN));
    let agents = agents_client::Client::new(&base_url, credentials(AGENT_TOKEN));
    let (_, created) = user_and_conversation(&rest).await;
    let conversation_id = created.conversation.id;
    assert!(Helpdesk::reply(agents, conversation_id.clone()).await);
    fin.wait_for(&conversation_id, WAIT).await;

    let stopping = tokio::spawn(running.stop());
    fin.let_go();
    let report = stopping.await.unwrap();
    assert!(report.is_clean(), "{report:?}");
    let store = store::open(&db.url(), &OpenOptions::default())
        .await
        .unwrap();
    let delivered = store
        .list_events(Some(EventState::Delivered), None, None)
        .await
        .unwrap();
    assert_eq!(delivered.len(), 1, "{delivered:?}");
}

/// SIGKILL while Fin holds a delivery: the process cannot release anything, so the event
/// stays pending under the killed worker's lease, and the restarted server delivers it
/// once the lease ends (at least once: the first request may have reached Fin).
async fn killed_during_a_delivery(db: Db) {
    let dir = tempfile::tempdir().unwrap();
    let url = db.direct_url();
    add_agent(&url);
    let hanging = RawFin::start(Reply::Never).await;
    let first_log = dir.path().join("first.log");
    let mut helpdesk = Helpdesk::start(&url, &hanging, Some(SHORT_LEASE_SECS), &first_log).await;
    let (_, created) = user_and_conversation(&helpdesk.rest()).await;
    let conversation_id = created.conversation.id;
    assert!(Helpdesk::reply(helpdesk.agents(), conversation_id.clone()).await);
    hanging.wait_for(&conversation_id, WAIT).await;

    helpdesk.signal(libc::SIGKILL);
    let (status, _) = helpdesk.wait_for_exit().await;
    assert_eq!(status.signal(), Some(libc::SIGKILL), "{status}");
    let event = pending_event(&url, &conversation_id).await;
    assert!(
        event.next_attempt_at > chrono::Utc::now() && event.attempts == 1,
        "the event should still be under the killed worker's claim: {event:?}"
    );
    drop(hanging);

    let fin = RawFin::start(Reply::AtOnce).await;
    let second_log = dir.path().join("second.log");
    let mut helpdesk = Helpdesk::start(&url, &fin, Some(SHORT_LEASE_SECS), &second_log).await;
    fin.wait_for(
        &conversation_id,
        Duration::from_secs(SHORT_LEASE_SECS) + WAIT,
    )
    .await;
    wait_until_delivered(&url, &conversation_id).await;
    let delivered = store::open(&url, &OpenOptions::default())
        .await
        .unwrap()
        .list_events(Some(EventState::Delivered), None, None)
        .await
        .unwrap();
    assert_eq!(delivered.len(), 1, "{delivered:?}");
    assert_eq!(
        delivered[0].attempts, 2,
        "the killed attempt counts: {delivered:?}"
    );
    let (status, _) = helpdesk.terminate().await;
    assert!(status.success(), "{status}:\n{}", helpdesk.log());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_killed_during_a_delivery() {
    killed_during_a_delivery(Db::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_killed_during_a_delivery() {
    match Db::postgres().await {
        Some(db) => killed_during_a_delivery(db).await,
        None => eprintln!("skipped: {POSTGRES_ENV} is not set"),
    }
}
