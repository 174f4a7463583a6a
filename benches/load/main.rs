//! The load benchmark (`cargo bench --bench load`): starts the release server on a fresh
//! SQLite database (and on PostgreSQL with `--postgres URL` or
//! `FIN_HELPDESK_BENCH_POSTGRES_URL`), with an OAuth token and request signing on as in
//! production, drives it over 127.0.0.1 with `wrk` ([`wrk`]), runs the same GET against a
//! bare hyper 1.x server in a process of its own that answers the same bytes from memory
//! (the baseline, [`baseline`]), reads both processes' CPU time from `/proc`, then prints
//! the table and writes it as JSON to `target/bench/load.json` (and to
//! `FIN_HELPDESK_BENCH_JSON` when set) and as Markdown to `target/bench/load.md`.
//!
//! Knobs (environment): `FIN_HELPDESK_BENCH_SECS` (measured seconds per cell, default 5;
//! whole seconds with wrk), `FIN_HELPDESK_BENCH_CONNECTIONS` (default `1,16,64`),
//! `FIN_HELPDESK_BENCH_SCENARIOS` (comma-separated names, default all),
//! `FIN_HELPDESK_BENCH_MESSAGES` (size of the long conversation on the fresh database,
//! default 100: the scale database's has 100,000, and get_messages must cost the same),
//! `FIN_HELPDESK_BENCH_ROUNDS`, `FIN_HELPDESK_BENCH_DRIVER` (`wrk`, the default, or
//! `hyper` for the in-process client), `FIN_HELPDESK_BENCH_WRK` (the wrk binary, else
//! `wrk` on PATH), `FIN_HELPDESK_BENCH_WRK_THREADS` (default 2),
//! `FIN_HELPDESK_BENCH_SCALE` (`full` or a number of conversations: the same scenarios
//! again on a database seeded by direct SQL, [`scale`], for each backend),
//! `FIN_HELPDESK_BENCH_POSTGRES_SCALE` (PostgreSQL's scale, if it must be smaller),
//! `FIN_HELPDESK_BENCH_BACKENDS` (`sqlite`, `postgres` or both, default both that are
//! configured),
//! `FIN_HELPDESK_BENCH_SERVER_PREFIX` (a command the server runs under, e.g.
//! `valgrind --tool=callgrind`), `FIN_HELPDESK_BENCH_SERVER_BIN` (another build of the
//! server, to compare two commits in alternated runs of the same harness).
//!
//! With the in-process client (and always for the Fin-like sync, whose requests depend on
//! the previous answers), every connection is one keep-alive HTTP/1.1 connection driven
//! by one task that sends a request, waits for the whole answer and sends the next; wrk
//! does the same per connection. Each cell warms up (unrecorded) before its measured
//! window.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use fin_helpdesk::auth::Secret;
use fin_helpdesk::auth::signature::{SignedPayload, SigningKey, sign_hex};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::{Method, Request, StatusCode, header};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

mod baseline;
mod scale;
mod wrk;

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Result<T, E = BoxError> = std::result::Result<T, E>;

/// The release binary: `cargo bench` builds it with the bench profile (release).
const SERVER_BIN: &str = env!("CARGO_BIN_EXE_fin-helpdesk");

/// The server binary to run: this build's unless `FIN_HELPDESK_BENCH_SERVER_BIN` says.
fn server_bin() -> String {
    std::env::var("FIN_HELPDESK_BENCH_SERVER_BIN")
        .ok()
        .filter(|path| !path.trim().is_empty())
        .unwrap_or_else(|| SERVER_BIN.to_string())
}
const CLIENT_ID: &str = "bench";
const CLIENT_SECRET: &str = "bench-client-secret-not-for-production";
const SIGNING_SECRET: &str = "bench-signing-secret-not-for-production";
/// The agent Fin writes as.
const FIN_AGENT: &str = "bench-fin";
/// The agents' API token of [`FIN_AGENT`], for the listing scenario.
const AGENT_TOKEN: &str = "bench-agent-token-not-for-production";
/// What the listing scenario asks for.
const LIST_UNASSIGNED: &str = "/helpdesk/conversations?status=open&unassigned=true&limit=50";
/// The page list_unassigned asks for.
const LIST_PAGE: usize = 50;
/// How many messages `get_messages` returns: `after_id` is this far from the end.
const TAIL: usize = 10;

fn main() -> std::process::ExitCode {
    if let Some(body) = std::env::var_os(baseline::BODY_ENV) {
        return baseline::serve(Path::new(&body));
    }
    let settings = match Settings::from_env_and_args() {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("load bench: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("load bench: cannot start tokio: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(settings)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("load bench failed: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

// --- settings ---

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scenario {
    /// The bare hyper server answering get_conversation's bytes.
    Baseline,
    /// A dropshot server configured as ours answering the same bytes: the framework's floor.
    Dropshot,
    GetConversation,
    GetMessages,
    CreateMessage,
    Mixed,
    /// The agents' API: the first page (50) of unassigned open conversations.
    ListUnassigned,
}

impl Scenario {
    const ALL: [Scenario; 7] = [
        Scenario::Baseline,
        Scenario::Dropshot,
        Scenario::GetConversation,
        Scenario::GetMessages,
        Scenario::CreateMessage,
        Scenario::Mixed,
        Scenario::ListUnassigned,
    ];

    fn name(self) -> &'static str {
        match self {
            Scenario::Baseline => "baseline_hyper",
            Scenario::Dropshot => "baseline_dropshot",
            Scenario::GetConversation => "get_conversation",
            Scenario::GetMessages => "get_messages",
            Scenario::CreateMessage => "create_message",
            Scenario::Mixed => "mixed_sync",
            Scenario::ListUnassigned => "list_unassigned",
        }
    }

    /// A reference process answering from memory, not the server.
    fn is_reference(self) -> bool {
        matches!(self, Scenario::Baseline | Scenario::Dropshot)
    }
}

struct Settings {
    measure: Duration,
    warmup: Duration,
    connections: Vec<usize>,
    scenarios: Vec<Scenario>,
    messages: usize,
    /// Alternated baseline/get_conversation rounds per connection count.
    rounds: usize,
    postgres: Option<String>,
    extra_json: Option<PathBuf>,
    /// What drives the cells: wrk (default) or the in-process hyper client.
    driver: Driver,
    /// wrk's threads (`-t`), at most one per connection.
    wrk_threads: usize,
    /// Also run the scenarios on a database seeded to this size.
    scale: Option<scale::Scale>,
    /// PostgreSQL's scale database, when it differs (disk or time).
    pg_scale: Option<scale::Scale>,
    /// Run the SQLite backends (fresh and scale).
    sqlite: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Driver {
    Wrk(PathBuf),
    Hyper,
}

impl Driver {
    fn name(&self, threads: usize) -> String {
        match self {
            Driver::Wrk(_) => format!("wrk -t{threads}"),
            Driver::Hyper => "in-process hyper".to_string(),
        }
    }
}

impl Settings {
    fn from_env_and_args() -> Result<Self> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let secs: f64 = env("FIN_HELPDESK_BENCH_SECS")
            .map(|v| v.trim().parse())
            .transpose()
            .map_err(|_| "FIN_HELPDESK_BENCH_SECS must be a number of seconds")?
            .unwrap_or(5.0);
        if !(secs > 0.0 && secs < 3600.0) {
            return Err("FIN_HELPDESK_BENCH_SECS must be between 0 and 3600".into());
        }
        let measure = Duration::from_secs_f64(secs);
        let connections = match env("FIN_HELPDESK_BENCH_CONNECTIONS") {
            Some(list) => list
                .split(',')
                .map(|n| n.trim().parse::<usize>().ok().filter(|&n| n > 0))
                .collect::<Option<Vec<_>>>()
                .ok_or("FIN_HELPDESK_BENCH_CONNECTIONS must be like 1,16,64")?,
            None => vec![1, 16, 64],
        };
        let scenarios = match env("FIN_HELPDESK_BENCH_SCENARIOS") {
            Some(list) => {
                let mut chosen = Vec::new();
                for name in list.split(',').map(str::trim) {
                    let scenario = Scenario::ALL
                        .into_iter()
                        .find(|s| s.name() == name)
                        .ok_or_else(|| {
                            let names: Vec<_> = Scenario::ALL.iter().map(|s| s.name()).collect();
                            format!("unknown scenario `{name}`: use {}", names.join(", "))
                        })?;
                    chosen.push(scenario);
                }
                chosen
            }
            None => Scenario::ALL.to_vec(),
        };
        let messages = env("FIN_HELPDESK_BENCH_MESSAGES")
            .map(|v| v.trim().parse::<usize>())
            .transpose()
            .map_err(|_| "FIN_HELPDESK_BENCH_MESSAGES must be a count")?
            .unwrap_or(100)
            .max(TAIL + 1);
        let rounds = env("FIN_HELPDESK_BENCH_ROUNDS")
            .map(|v| {
                v.trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=20).contains(n))
            })
            .map(|v| v.ok_or("FIN_HELPDESK_BENCH_ROUNDS must be a count from 1 to 20"))
            .transpose()?
            .unwrap_or(3);
        // `cargo bench` passes `--bench` (and any filter) to the target: ignore those.
        let mut postgres = env("FIN_HELPDESK_BENCH_POSTGRES_URL");
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            if arg == "--postgres" {
                postgres = Some(args.next().ok_or("--postgres needs a URL")?);
            } else if let Some(url) = arg.strip_prefix("--postgres=") {
                postgres = Some(url.to_string());
            }
        }
        let driver = match env("FIN_HELPDESK_BENCH_DRIVER").as_deref().map(str::trim) {
            None | Some("wrk") => Driver::Wrk(wrk::find()?),
            Some("hyper") => Driver::Hyper,
            Some(other) => {
                return Err(format!(
                    "FIN_HELPDESK_BENCH_DRIVER must be wrk or hyper, not `{other}`"
                )
                .into());
            }
        };
        if matches!(driver, Driver::Wrk(_)) && secs > 240.0 {
            return Err("with wrk, FIN_HELPDESK_BENCH_SECS must be at most 240: every request is signed with the cell's start time and the server accepts 300 s".into());
        }
        let wrk_threads = env("FIN_HELPDESK_BENCH_WRK_THREADS")
            .map(|v| {
                v.trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=64).contains(n))
            })
            .map(|v| v.ok_or("FIN_HELPDESK_BENCH_WRK_THREADS must be a count from 1 to 64"))
            .transpose()?
            .unwrap_or(2);
        let scale = env("FIN_HELPDESK_BENCH_SCALE")
            .map(|v| scale::Scale::parse(&v))
            .transpose()?;
        let pg_scale = match env("FIN_HELPDESK_BENCH_POSTGRES_SCALE") {
            Some(v) => Some(scale::Scale::parse(&v)?),
            None => scale,
        };
        let (mut sqlite, mut wants_postgres) = (true, true);
        if let Some(list) = env("FIN_HELPDESK_BENCH_BACKENDS") {
            (sqlite, wants_postgres) = (false, false);
            for name in list.split(',').map(str::trim) {
                match name {
                    "sqlite" => sqlite = true,
                    "postgres" => wants_postgres = true,
                    other => {
                        return Err(format!(
                            "FIN_HELPDESK_BENCH_BACKENDS: unknown backend `{other}`: use sqlite, postgres"
                        )
                        .into());
                    }
                }
            }
            if wants_postgres && postgres.is_none() {
                return Err("FIN_HELPDESK_BENCH_BACKENDS names postgres: set FIN_HELPDESK_BENCH_POSTGRES_URL or --postgres".into());
            }
        }
        if !wants_postgres {
            postgres = None;
        }
        Ok(Settings {
            driver,
            wrk_threads,
            scale,
            pg_scale,
            sqlite,
            measure,
            warmup: Duration::from_secs_f64((secs / 5.0).clamp(0.2, 1.0)),
            connections,
            scenarios,
            messages,
            rounds,
            postgres,
            extra_json: env("FIN_HELPDESK_BENCH_JSON").map(PathBuf::from),
        })
    }

    /// A copy for the saturation probe: one round of the baseline.
    fn clone_for_probe(&self) -> Settings {
        Settings {
            measure: self.measure,
            warmup: self.warmup,
            connections: self.connections.clone(),
            scenarios: vec![Scenario::Baseline],
            messages: self.messages,
            rounds: 1,
            postgres: None,
            extra_json: None,
            driver: self.driver.clone(),
            wrk_threads: self.wrk_threads,
            scale: None,
            pg_scale: None,
            sqlite: true,
        }
    }

    fn wants(&self, scenario: Scenario) -> bool {
        self.scenarios.contains(&scenario)
    }
}

// --- the server under test ---

/// The `fin-helpdesk serve` child process; killed when dropped.
struct ServerProcess {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl Drop for ServerProcess {
    /// SIGTERM first, so a server run under a profiler can write its profile.
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        if let Ok(status) = Command::new("kill").args(["-TERM", &pid]).status()
            && status.success()
        {
            let give_up = Instant::now() + Duration::from_secs(30);
            while Instant::now() < give_up {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl ServerProcess {
    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

/// A command for the server binary that ignores any `FIN_HELPDESK_*` setting of the
/// caller's environment, so only what the bench passes applies.
fn server_command(prefix: &[String]) -> Command {
    let mut command = match prefix.split_first() {
        Some((program, args)) => {
            let mut command = Command::new(program);
            command.args(args).arg(server_bin());
            command
        }
        None => Command::new(server_bin()),
    };
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("FIN_HELPDESK_") {
            command.env_remove(name);
        }
    }
    command
}

/// Migrates the database (through `agents add`), seeds it to `scale` if asked (SQLite:
/// the file `bench.db` in `workdir`; PostgreSQL: the URL's schema), then starts the
/// server.
async fn start_server(
    database_url: &str,
    workdir: &Path,
    scale: Option<scale::Scale>,
) -> Result<(ServerProcess, Option<scale::SeedReport>)> {
    let added = server_command(&[])
        .args([
            "agents",
            "--database-url",
            database_url,
            "add",
            "--id",
            FIN_AGENT,
        ])
        .args(["--name", "Fin", "--email", "fin@bench.invalid"])
        .stdout(Stdio::null())
        .status()?;
    if !added.success() {
        return Err(format!("`fin-helpdesk agents add` failed: {added}").into());
    }
    let seeded = match scale {
        Some(scale) => {
            eprintln!(
                "  seeding {} conversations / {} messages / {} users by direct SQL, and one conversation of {} messages",
                scale.conversations,
                scale.messages(),
                scale.users(),
                scale.long_messages(),
            );
            let report = if database_url.starts_with("sqlite") {
                let db = workdir.join("bench.db");
                tokio::task::spawn_blocking(move || scale::seed_sqlite(&db, scale, FIN_AGENT, TAIL))
                    .await??
            } else {
                scale::seed_postgres(database_url, scale, FIN_AGENT, TAIL).await?
            };
            eprintln!("  seeded {}", scale::describe(&report));
            Some(report)
        }
        None => None,
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let log = workdir.join("server.log");
    let log_file = std::fs::File::create(&log)?;
    let prefix: Vec<String> = std::env::var("FIN_HELPDESK_BENCH_SERVER_PREFIX")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let child = server_command(&prefix)
        .args([
            "serve",
            "--bind",
            &addr.to_string(),
            "--database-url",
            database_url,
        ])
        .args(["--oauth-client", &format!("{CLIENT_ID}:{CLIENT_SECRET}")])
        .args(["--signing-secret", SIGNING_SECRET])
        .args(["--agent-token", &format!("{FIN_AGENT}:{AGENT_TOKEN}")])
        .stdout(log_file.try_clone()?)
        .stderr(log_file)
        .spawn()?;
    let mut server = ServerProcess { child, addr, log };
    let give_up = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = server.child.try_wait()? {
            return Err(format!("the server exited ({status}):\n{}", server.log_tail()).into());
        }
        if let Ok(mut conn) = Conn::open(addr).await {
            let request = Request::get("/healthz")
                .header(header::HOST, addr.to_string())
                .body(Full::new(Bytes::new()))?;
            if let Ok((StatusCode::OK, _)) = conn.send(request).await {
                return Ok((server, seeded));
            }
        }
        if Instant::now() > give_up {
            return Err(format!("the server did not come up:\n{}", server.log_tail()).into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Peak RSS (VmHWM) of a process, in KiB.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time the process has used (user + system, all threads) and its context switches
/// (voluntary + involuntary, all threads): what one request costs the server.
#[derive(Clone, Copy)]
struct ProcessUsage {
    cpu: Duration,
    context_switches: u64,
}

/// `/proc/PID/stat`: user + system clock ticks (with `children`, also those of its
/// waited-for children that exited), and the parent's pid.
fn stat_ticks(pid: u32, children: bool) -> Option<(u64, u32)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is parenthesised and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let field = |i: usize| fields.get(i)?.parse::<u64>().ok();
    let mut ticks = field(11)? + field(12)?;
    if children {
        ticks += field(13)? + field(14)?;
    }
    Some((ticks, u32::try_from(field(1)?).ok()?))
}

fn ticks_to_duration(ticks: u64) -> Option<Duration> {
    // SAFETY: sysconf has no preconditions.
    let hz = u64::try_from(unsafe { libc::sysconf(libc::_SC_CLK_TCK) }).ok()?;
    Some(Duration::from_micros(ticks * 1_000_000 / hz.max(1)))
}

/// Voluntary + involuntary context switches of all of `pid`'s threads.
fn context_switches(pid: u32) -> Option<u64> {
    let mut context_switches = 0;
    for task in std::fs::read_dir(format!("/proc/{pid}/task"))
        .ok()?
        .flatten()
    {
        let Ok(status) = std::fs::read_to_string(task.path().join("status")) else {
            continue;
        };
        for line in status.lines() {
            if line.starts_with("voluntary_ctxt_switches:")
                || line.starts_with("nonvoluntary_ctxt_switches:")
            {
                context_switches += line
                    .split_whitespace()
                    .nth(1)
                    .and_then(|n| n.parse::<u64>().ok())
                    .unwrap_or(0);
            }
        }
    }
    Some(context_switches)
}

fn process_usage(pid: u32) -> Option<ProcessUsage> {
    let (ticks, _) = stat_ticks(pid, false)?;
    Some(ProcessUsage {
        cpu: ticks_to_duration(ticks)?,
        context_switches: context_switches(pid)?,
    })
}

/// PostgreSQL's side of the cost: the postmaster and every process it started (the
/// server's backends, the WAL writer, the checkpointer, ...), with the CPU of backends
/// that exited already folded into the postmaster's children's time. A backend blocks
/// once per statement it waits for, so its context switches per request approximate the
/// round trips per request.
fn postgres_usage(postmaster: u32) -> Option<ProcessUsage> {
    let (mut ticks, _) = stat_ticks(postmaster, true)?;
    let mut switches = context_switches(postmaster)?;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if let Some((child_ticks, parent)) = stat_ticks(pid, false)
            && parent == postmaster
        {
            ticks += child_ticks;
            switches += context_switches(pid).unwrap_or(0);
        }
    }
    Some(ProcessUsage {
        cpu: ticks_to_duration(ticks)?,
        context_switches: switches,
    })
}

/// The postmaster serving `url`: the parent of this connection's backend (on this
/// machine: the bench only talks to 127.0.0.1).
async fn find_postmaster(url: &str) -> Result<u32> {
    use sqlx::Connection as _;
    let mut c = sqlx::PgConnection::connect(url).await?;
    let backend: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&mut c)
        .await?;
    let backend = u32::try_from(backend)?;
    let (_, postmaster) = stat_ticks(backend, false)
        .ok_or("cannot read the PostgreSQL backend's /proc entry: is it on another machine?")?;
    Ok(postmaster)
}

/// Where the bench reads the database itself, to check that every acknowledged write
/// was committed.
#[derive(Clone)]
enum Db {
    Sqlite(PathBuf),
    Postgres(String),
}

/// Messages in `conversations` whose object_id starts with `prefix` (ending in `-`):
/// SQLite by a range on the object_id index (binary collation); PostgreSQL through the
/// conversations' messages, since a range under the database's collation may not follow
/// byte order.
async fn count_committed(db: &Db, conversations: &[String], prefix: &str) -> Result<u64> {
    let high = format!("{}.", prefix.trim_end_matches('-'));
    match db {
        Db::Sqlite(path) => {
            let (path, low) = (path.clone(), prefix.to_string());
            tokio::task::spawn_blocking(move || -> Result<u64> {
                let c = rusqlite::Connection::open_with_flags(
                    &path,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
                )?;
                let n: i64 = c.query_row(
                    "SELECT count(*) FROM messages WHERE object_id >= ?1 AND object_id < ?2",
                    rusqlite::params![low, high],
                    |row| row.get(0),
                )?;
                Ok(u64::try_from(n)?)
            })
            .await?
        }
        Db::Postgres(url) => {
            use sqlx::Connection as _;
            let mut c = sqlx::PgConnection::connect(url).await?;
            let n: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM messages \
                 WHERE conversation_id = ANY($1) AND starts_with(object_id, $2)",
            )
            .bind(conversations)
            .bind(prefix)
            .fetch_one(&mut c)
            .await?;
            Ok(u64::try_from(n)?)
        }
    }
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0), so each cell reports its own peak.
fn reset_peak_rss(pid: u32) {
    let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
}

// --- HTTP client side ---

/// Where requests go and how they are authenticated.
struct Target {
    addr: SocketAddr,
    host: String,
    token: String,
    key: SigningKey,
}

impl Target {
    /// A request signed as Fin signs it: over the body, or over the query of a GET.
    fn request(
        &self,
        method: Method,
        path: &str,
        query: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Result<Request<Full<Bytes>>> {
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default()
            .to_string();
        let signature = match &body {
            Some(body) => sign_hex(&self.key, &timestamp, &SignedPayload::Body(body)),
            None => sign_hex(&self.key, &timestamp, &SignedPayload::Query(query)),
        };
        let uri = match query {
            Some(query) => format!("{path}?{query}"),
            None => path.to_string(),
        };
        let mut builder = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, &self.host)
            .header(header::AUTHORIZATION, format!("Bearer {}", self.token))
            .header("x-fin-request-timestamp", timestamp)
            .header("x-fin-signature", signature);
        if body.is_some() {
            builder = builder.header(header::CONTENT_TYPE, "application/json");
        }
        Ok(builder.body(Full::new(Bytes::from(body.unwrap_or_default())))?)
    }

    fn get(&self, path: &str, query: &str) -> Result<Request<Full<Bytes>>> {
        self.request(Method::GET, path, Some(query), None)
    }

    fn send_json(&self, method: Method, path: &str, body: &Value) -> Result<Request<Full<Bytes>>> {
        self.request(method, path, None, Some(serde_json::to_vec(body)?))
    }
}

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    sender: SendRequest<Full<Bytes>>,
}

impl Conn {
    async fn open(addr: SocketAddr) -> Result<Self> {
        let stream = tokio::net::TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
        tokio::spawn(connection);
        Ok(Conn { sender })
    }

    async fn send(&mut self, request: Request<Full<Bytes>>) -> Result<(StatusCode, Bytes)> {
        self.sender.ready().await?;
        let response = self.sender.send_request(request).await?;
        let status = response.status();
        let body = response.into_body().collect().await?.to_bytes();
        Ok((status, body))
    }
}

/// A connection that reopens after a transport error.
struct Client {
    addr: SocketAddr,
    conn: Option<Conn>,
}

impl Client {
    fn new(addr: SocketAddr) -> Self {
        Client { addr, conn: None }
    }

    async fn send(&mut self, request: Request<Full<Bytes>>) -> Result<(StatusCode, Bytes)> {
        let conn = match &mut self.conn {
            Some(conn) => conn,
            None => self.conn.insert(Conn::open(self.addr).await?),
        };
        let result = conn.send(request).await;
        if result.is_err() {
            self.conn = None;
        }
        result
    }

    /// Sends and insists on `expected`, returning the decoded JSON.
    async fn call(&mut self, request: Request<Full<Bytes>>, expected: StatusCode) -> Result<Value> {
        let what = format!("{} {}", request.method(), request.uri());
        let (status, body) = self.send(request).await?;
        if status != expected {
            return Err(format!(
                "{what}: {status}: {}",
                String::from_utf8_lossy(&body[..body.len().min(300)])
            )
            .into());
        }
        Ok(serde_json::from_slice(&body)?)
    }
}

fn str_field<'a>(value: &'a Value, pointer: &str) -> Result<&'a str> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("no string at {pointer} in {value}").into())
}

async fn fetch_token(addr: SocketAddr) -> Result<String> {
    let body = format!(
        "grant_type=client_credentials&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}"
    );
    let request = Request::post("/oauth/token")
        .header(header::HOST, addr.to_string())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Full::new(Bytes::from(body)))?;
    let token = Client::new(addr).call(request, StatusCode::OK).await?;
    Ok(str_field(&token, "/access_token")?.to_string())
}

// --- the data the scenarios use ---

/// What seeding created.
struct Fixture {
    user_id: String,
    /// The long conversation.
    big: String,
    /// `after_id` for `get_messages`: [`TAIL`] messages before the end of `big`.
    near_end: String,
    /// One conversation per connection for create_message.
    pool: Vec<String>,
    /// One fresh conversation per connection for the sync, with its first message's id
    /// (what Fin already has when it syncs).
    sync_pool: Vec<(String, String)>,
    /// What `GET /conversation` answers for `big`: what the baseline serves.
    conversation_json: Bytes,
}

fn message_body(conversation_id: &str, object_id: &str, user_id: &str, i: usize) -> Value {
    // Fin writes as its agent; the end user's messages come in too.
    let author = if i.is_multiple_of(2) {
        json!({"id": user_id, "user_type": "end_user"})
    } else {
        json!({"id": FIN_AGENT, "user_type": "agent"})
    };
    json!({
        "conversation_id": conversation_id,
        "object_id": object_id,
        "author": author,
        "body": format!("<p>Message {i}: could you tell me more about the Enterprise plan?</p>"),
        "visibility": "public",
    })
}

/// A new conversation: its id and its first message's id.
async fn create_conversation(
    target: &Target,
    client: &mut Client,
    user_id: &str,
    object_id: &str,
) -> Result<(String, String)> {
    let body = json!({
        "user_id": user_id,
        "object_id": object_id,
        "title": "Question about pricing",
        "initial_message": {
            "object_id": format!("{object_id}-first"),
            "author": {"id": user_id, "user_type": "end_user"},
            "body": "<p>Hi! I'd like to know more about your pricing plans.</p>",
        },
    });
    let created = client
        .call(
            target.send_json(Method::POST, "/conversation", &body)?,
            StatusCode::CREATED,
        )
        .await?;
    Ok((
        str_field(&created, "/conversation/id")?.to_string(),
        str_field(&created, "/message/id")?.to_string(),
    ))
}

/// Creates the scenarios' data through the API. `long` is a long conversation already in
/// the database (the scale fixture's) and its message [`TAIL`] before the end: then it is
/// the one the reads use, instead of one written here.
async fn seed(
    target: &Arc<Target>,
    settings: &Settings,
    run_id: &str,
    long: Option<(String, String)>,
) -> Result<Fixture> {
    let mut client = Client::new(target.addr);
    let user = client
        .call(
            target.send_json(
                Method::POST,
                "/user",
                &json!({"object_id": format!("{run_id}-user"), "name": "Ada", "email": "ada@bench.invalid"}),
            )?,
            StatusCode::CREATED,
        )
        .await?;
    let user_id = str_field(&user, "/id")?.to_string();
    let pool_size = settings.connections.iter().copied().max().unwrap_or(1);
    let mut pool = Vec::with_capacity(pool_size);
    let mut sync_pool = Vec::with_capacity(pool_size);
    for i in 0..pool_size {
        let object_id = format!("{run_id}-pool-{i}");
        pool.push(
            create_conversation(target, &mut client, &user_id, &object_id)
                .await?
                .0,
        );
        let object_id = format!("{run_id}-sync-{i}");
        sync_pool.push(create_conversation(target, &mut client, &user_id, &object_id).await?);
    }
    // A full first page for list_unassigned even on a fresh database, so its cost compares
    // with the scale database's.
    for i in 2 * pool_size + 1..LIST_PAGE {
        let object_id = format!("{run_id}-list-{i}");
        create_conversation(target, &mut client, &user_id, &object_id).await?;
    }
    let started = Instant::now();
    let (big, near_end, written) = match long {
        Some((big, near_end)) => (big, near_end, 0),
        None => write_long_conversation(target, &mut client, settings, run_id, &user_id).await?,
    };
    let tail = client
        .call(
            target.get(
                "/messages",
                &format!("conversation_id={big}&after_id={near_end}"),
            )?,
            StatusCode::OK,
        )
        .await?;
    let returned = tail.as_array().map_or(0, Vec::len);
    if returned != TAIL {
        return Err(
            format!("after_id near the end returned {returned} messages, not {TAIL}").into(),
        );
    }
    eprintln!(
        "  wrote {written} messages through the API in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let (status, conversation_json) = client
        .send(target.get("/conversation", &format!("conversation_id={big}"))?)
        .await?;
    if status != StatusCode::OK {
        return Err(format!("GET /conversation: {status}").into());
    }
    Ok(Fixture {
        user_id,
        big,
        near_end,
        pool,
        sync_pool,
        conversation_json,
    })
}

/// The long conversation, written through the API by 16 connections: its id, the id of
/// the message [`TAIL`] before its end, and how many messages were written.
async fn write_long_conversation(
    target: &Arc<Target>,
    client: &mut Client,
    settings: &Settings,
    run_id: &str,
    user_id: &str,
) -> Result<(String, String, usize)> {
    let (big, _) = create_conversation(target, client, user_id, &format!("{run_id}-big")).await?;
    // All but the last TAIL + 1 concurrently; those last ones in order, so the first of
    // them is the cursor `TAIL` messages before the end (a full listing to find it would
    // cost the server more memory than any scenario).
    let concurrent = settings.messages - TAIL - 1;
    let writers = 16.min(concurrent.max(1));
    let mut tasks = Vec::new();
    for w in 0..writers {
        let target = target.clone();
        let (big, user_id, run_id) = (big.clone(), user_id.to_string(), run_id.to_string());
        let count = concurrent / writers + usize::from(w < concurrent % writers);
        tasks.push(tokio::spawn(async move {
            let mut client = Client::new(target.addr);
            for i in 0..count {
                let object_id = format!("{run_id}-seed-{w}-{i}");
                let body = message_body(&big, &object_id, &user_id, i);
                client
                    .call(
                        target.send_json(Method::POST, "/messages", &body)?,
                        StatusCode::CREATED,
                    )
                    .await?;
            }
            Ok::<(), BoxError>(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    let mut near_end = String::new();
    for i in 0..=TAIL {
        let object_id = format!("{run_id}-seed-tail-{i}");
        let body = message_body(&big, &object_id, user_id, i);
        let created = client
            .call(
                target.send_json(Method::POST, "/messages", &body)?,
                StatusCode::CREATED,
            )
            .await?;
        if i == 0 {
            near_end = str_field(&created, "/id")?.to_string();
        }
    }
    Ok((big, near_end, settings.messages))
}

// --- running one cell ---

#[derive(Default)]
struct Stats {
    ok: u64,
    errors: u64,
    latencies_us: Vec<u32>,
    first_error: Option<String>,
}

impl Stats {
    fn record(&mut self, started: Instant, measuring: bool, outcome: Result<Value>) {
        if !measuring {
            return;
        }
        match outcome {
            Ok(_) => {
                self.ok += 1;
                let micros = started.elapsed().as_micros();
                self.latencies_us
                    .push(u32::try_from(micros).unwrap_or(u32::MAX));
            }
            Err(error) => {
                self.errors += 1;
                self.first_error.get_or_insert_with(|| error.to_string());
            }
        }
    }

    fn merge(&mut self, other: Stats) {
        self.ok += other.ok;
        self.errors += other.errors;
        self.latencies_us.extend(other.latencies_us);
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }
}

/// Everything a worker needs, shared.
struct CellEnv {
    scenario: Scenario,
    target: Arc<Target>,
    fixture: Arc<Fixture>,
    /// Makes object_ids unique across cells and runs.
    tag: String,
    /// PostgreSQL's postmaster, whose processes' CPU is read around each cell.
    postmaster: Option<u32>,
    /// For the committed-writes check.
    db: Db,
}

/// Runs one connection's loop until `end`, recording from `measure_from`.
async fn worker(env: Arc<CellEnv>, w: usize, measure_from: Instant, end: Instant) -> Stats {
    let target = &env.target;
    let fixture = &env.fixture;
    let mut client = Client::new(target.addr);
    let mut stats = Stats::default();
    let conversation = &fixture.pool[w % fixture.pool.len()];
    let get_conversation = format!("conversation_id={}", fixture.big);
    let get_tail = format!(
        "conversation_id={}&after_id={}",
        fixture.big, fixture.near_end
    );
    let (sync_conversation, first_message) = &fixture.sync_pool[w % fixture.sync_pool.len()];
    let mut last_seen = first_message.clone();
    let mut i = 0usize;
    while Instant::now() < end {
        i += 1;
        let measuring = Instant::now() >= measure_from;
        match env.scenario {
            Scenario::Baseline | Scenario::Dropshot | Scenario::GetConversation => {
                let started = Instant::now();
                let outcome = match target.get("/conversation", &get_conversation) {
                    Ok(request) => client.call(request, StatusCode::OK).await,
                    Err(error) => Err(error),
                };
                stats.record(started, measuring, outcome);
            }
            Scenario::GetMessages => {
                let started = Instant::now();
                let outcome = match target.get("/messages", &get_tail) {
                    Ok(request) => client.call(request, StatusCode::OK).await,
                    Err(error) => Err(error),
                };
                stats.record(started, measuring, outcome);
            }
            Scenario::CreateMessage => {
                let object_id = format!("{}-{w}-{i}", env.tag);
                let body = message_body(conversation, &object_id, &fixture.user_id, i);
                let started = Instant::now();
                let outcome = match target.send_json(Method::POST, "/messages", &body) {
                    Ok(request) => client.call(request, StatusCode::CREATED).await,
                    Err(error) => Err(error),
                };
                stats.record(started, measuring, outcome);
            }
            Scenario::ListUnassigned => {
                let started = Instant::now();
                let outcome = match Request::get(LIST_UNASSIGNED)
                    .header(header::HOST, &target.host)
                    .header(header::AUTHORIZATION, format!("Bearer {AGENT_TOKEN}"))
                    .body(Full::new(Bytes::new()))
                {
                    Ok(request) => client.call(request, StatusCode::OK).await,
                    Err(error) => Err(error.into()),
                };
                stats.record(started, measuring, outcome);
            }
            Scenario::Mixed => {
                // One Fin synchronisation: read the conversation and what is new, answer,
                // then write back what Fin derived.
                let conversation = sync_conversation;
                let query = format!("conversation_id={conversation}");
                let started = Instant::now();
                let outcome = match target.get("/conversation", &query) {
                    Ok(request) => client.call(request, StatusCode::OK).await,
                    Err(error) => Err(error),
                };
                stats.record(started, measuring, outcome);

                let query = format!("conversation_id={conversation}&after_id={last_seen}");
                let started = Instant::now();
                let outcome = match target.get("/messages", &query) {
                    Ok(request) => client.call(request, StatusCode::OK).await,
                    Err(error) => Err(error),
                };
                stats.record(started, measuring, outcome);

                let object_id = format!("{}-{w}-{i}", env.tag);
                let body = message_body(conversation, &object_id, &fixture.user_id, 1);
                let started = Instant::now();
                let outcome = match target.send_json(Method::POST, "/messages", &body) {
                    Ok(request) => client.call(request, StatusCode::CREATED).await,
                    Err(error) => Err(error),
                };
                if let Ok(Some(id)) = outcome
                    .as_ref()
                    .map(|m| m.get("id").and_then(Value::as_str))
                {
                    last_seen = id.to_string();
                }
                stats.record(started, measuring, outcome);

                let body = json!({
                    "conversation_id": conversation,
                    "attributes": {"sync_run": i, "issue_type": "Billing"},
                    "tags": ["pricing"],
                });
                let started = Instant::now();
                let outcome = match target.send_json(Method::PUT, "/conversation", &body) {
                    Ok(request) => client.call(request, StatusCode::OK).await,
                    Err(error) => Err(error),
                };
                stats.record(started, measuring, outcome);
            }
        }
    }
    stats
}

#[derive(Debug, Clone, serde::Serialize)]
struct Row {
    backend: String,
    scenario: &'static str,
    connections: usize,
    requests: u64,
    requests_per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
    /// Peak RSS of the server process during the cell (`None` for the in-process baseline).
    peak_rss_mib: Option<f64>,
    /// Server CPU time (user + system) per measured request, in microseconds.
    server_cpu_us_per_request: Option<f64>,
    /// Server context switches per measured request.
    server_switches_per_request: Option<f64>,
    /// PostgreSQL's CPU time (all its processes) per measured request, in microseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    postgres_cpu_us_per_request: Option<f64>,
    /// PostgreSQL's context switches per measured request: about its round trips.
    #[serde(skip_serializing_if = "Option::is_none")]
    postgres_switches_per_request: Option<f64>,
    /// create_message: writes answered 201, and those of them found in the database.
    #[serde(skip_serializing_if = "Option::is_none")]
    acknowledged: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    committed: Option<u64>,
    /// What drove the cell: `wrk -tN` or `in-process hyper`.
    load_generator: String,
    /// The load generator's CPU time over the cell's wall time, in cores (wrk only).
    load_generator_cores: Option<f64>,
    /// requests/s over the baseline's at the same number of connections.
    vs_baseline: Option<f64>,
    /// The baseline's CPU per request over this row's (1 = as cheap as bare hyper).
    cpu_vs_baseline: Option<f64>,
    /// requests/s over the dropshot reference's at the same number of connections.
    vs_dropshot: Option<f64>,
    /// The dropshot reference's CPU per request over this row's (1 = as cheap as
    /// dropshot alone: all of the rest is the framework).
    cpu_vs_dropshot: Option<f64>,
    /// On the scale database: CPU per request over the same cell's on the fresh one.
    #[serde(skip_serializing_if = "Option::is_none")]
    cpu_vs_fresh: Option<f64>,
    /// get_conversation: the ratio to the baseline in every alternated round, in run
    /// order; this row is the round with the median ratio.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    round_ratios: Vec<f64>,
    /// get_conversation: the CPU-per-request ratio in every alternated round.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    round_cpu_ratios: Vec<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_error: Option<String>,
}

fn percentile_ms(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    f64::from(sorted[rank.clamp(1, sorted.len()) - 1]) / 1000.0
}

async fn run_cell(
    env: Arc<CellEnv>,
    backend: &str,
    connections: usize,
    settings: &Settings,
    server_pid: Option<u32>,
) -> Row {
    if let Some(pid) = server_pid {
        reset_peak_rss(pid);
    }
    let start = Instant::now();
    let measure_from = start + settings.warmup;
    let end = measure_from + settings.measure;
    let tasks: Vec<_> = (0..connections)
        .map(|w| tokio::spawn(worker(env.clone(), w, measure_from, end)))
        .collect();
    let (usage_at_start, pg_at_start) = match server_pid {
        Some(pid) => {
            tokio::time::sleep_until(measure_from.into()).await;
            (process_usage(pid), env.postmaster.and_then(postgres_usage))
        }
        None => (None, None),
    };
    let mut stats = Stats::default();
    for task in tasks {
        match task.await {
            Ok(worker_stats) => stats.merge(worker_stats),
            Err(error) => {
                stats.errors += 1;
                stats.first_error.get_or_insert_with(|| error.to_string());
            }
        }
    }
    let usage_at_end = server_pid.and_then(process_usage);
    let pg_at_end = env.postmaster.and_then(postgres_usage);
    let elapsed = settings.measure.as_secs_f64();
    stats.latencies_us.sort_unstable();
    let per_request =
        |f: fn(ProcessUsage) -> f64, start: Option<ProcessUsage>, end| match (start, end) {
            (Some(start), Some(end)) if stats.ok > 0 => Some((f(end) - f(start)) / stats.ok as f64),
            _ => None,
        };
    let cpu_us = |u: ProcessUsage| u.cpu.as_secs_f64() * 1e6;
    let switches = |u: ProcessUsage| u.context_switches as f64;
    let row = Row {
        backend: backend.to_string(),
        scenario: env.scenario.name(),
        connections,
        requests: stats.ok,
        requests_per_sec: stats.ok as f64 / elapsed,
        p50_ms: percentile_ms(&stats.latencies_us, 50.0),
        p99_ms: percentile_ms(&stats.latencies_us, 99.0),
        errors: stats.errors,
        peak_rss_mib: server_pid
            .and_then(peak_rss_kib)
            .map(|kib| kib as f64 / 1024.0),
        server_cpu_us_per_request: per_request(cpu_us, usage_at_start, usage_at_end),
        server_switches_per_request: per_request(switches, usage_at_start, usage_at_end),
        postgres_cpu_us_per_request: per_request(cpu_us, pg_at_start, pg_at_end),
        postgres_switches_per_request: per_request(switches, pg_at_start, pg_at_end),
        acknowledged: None,
        committed: None,
        load_generator: Driver::Hyper.name(0),
        load_generator_cores: None,
        vs_baseline: None,
        cpu_vs_baseline: None,
        vs_dropshot: None,
        cpu_vs_dropshot: None,
        cpu_vs_fresh: None,
        round_ratios: Vec::new(),
        round_cpu_ratios: Vec::new(),
        first_error: stats.first_error,
    };
    eprintln!("  {}", format_row(&row));
    row
}

/// How many pre-signed bodies a POST cell prepares per second of run: well above what
/// one SQLite writer commits, so none is sent twice (a replay is counted as an error).
const BODIES_PER_SEC: usize = 30_000;

/// Runs one cell with wrk: a warm-up run, then the measured run, reading `pid`'s CPU
/// time and peak RSS around the measured one.
async fn run_cell_wrk(
    env: Arc<CellEnv>,
    wrk_bin: &Path,
    workdir: &Path,
    backend: &str,
    connections: usize,
    settings: &Settings,
    pid: u32,
) -> Row {
    let threads = settings.wrk_threads.min(connections);
    let cell = wrk_cell(&env, wrk_bin, workdir, connections, threads, settings, pid).await;
    let WrkCell {
        result,
        usage,
        postgres,
        rss,
        committed,
    } = match cell {
        Ok(done) => done,
        Err(error) => WrkCell {
            result: wrk::WrkResult {
                errors: 1,
                first_error: Some(error.to_string()),
                ..Default::default()
            },
            usage: None,
            postgres: None,
            rss: None,
            committed: None,
        },
    };
    let secs = result.duration.as_secs_f64();
    let per_request = |value: f64| (result.requests > 0).then(|| value / result.requests as f64);
    let acknowledged = result.requests.saturating_sub(result.non_2xx);
    let mut first_error = result.first_error;
    let mut errors = result.errors;
    if let Some(committed) = committed
        && committed < acknowledged
    {
        errors += acknowledged - committed;
        first_error.get_or_insert_with(|| {
            format!("{acknowledged} writes acknowledged, {committed} of them in the database")
        });
    }
    let row = Row {
        backend: backend.to_string(),
        scenario: env.scenario.name(),
        connections,
        requests: result.requests,
        requests_per_sec: if secs > 0.0 {
            result.requests as f64 / secs
        } else {
            0.0
        },
        p50_ms: result.p50_ms,
        p99_ms: result.p99_ms,
        errors,
        peak_rss_mib: rss,
        server_cpu_us_per_request: usage.and_then(|(cpu, _): (f64, f64)| per_request(cpu * 1e6)),
        server_switches_per_request: usage.and_then(|(_, switches)| per_request(switches)),
        postgres_cpu_us_per_request: postgres.and_then(|(cpu, _)| per_request(cpu * 1e6)),
        postgres_switches_per_request: postgres.and_then(|(_, switches)| per_request(switches)),
        acknowledged: committed.map(|_| acknowledged),
        committed,
        load_generator: settings.driver.name(threads),
        load_generator_cores: (secs > 0.0).then(|| result.cpu.as_secs_f64() / secs),
        vs_baseline: None,
        cpu_vs_baseline: None,
        vs_dropshot: None,
        cpu_vs_dropshot: None,
        cpu_vs_fresh: None,
        round_ratios: Vec::new(),
        round_cpu_ratios: Vec::new(),
        first_error,
    };
    eprintln!("  {}", format_row(&row));
    row
}

/// One wrk cell's figures: wrk's, then (CPU seconds, context switches) of the server and
/// of PostgreSQL over the measured run, the server's peak RSS, and for a POST cell the
/// measured writes found in the database.
struct WrkCell {
    result: wrk::WrkResult,
    usage: Option<(f64, f64)>,
    postgres: Option<(f64, f64)>,
    rss: Option<f64>,
    committed: Option<u64>,
}

fn usage_delta(before: Option<ProcessUsage>, after: Option<ProcessUsage>) -> Option<(f64, f64)> {
    let (before, after) = (before?, after?);
    Some((
        after.cpu.saturating_sub(before.cpu).as_secs_f64(),
        after
            .context_switches
            .saturating_sub(before.context_switches) as f64,
    ))
}

async fn wrk_cell(
    env: &CellEnv,
    wrk_bin: &Path,
    workdir: &Path,
    connections: usize,
    threads: usize,
    settings: &Settings,
    pid: u32,
) -> Result<WrkCell> {
    let target = &env.target;
    let fixture = &env.fixture;
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
        .to_string();
    let mut headers = vec![
        ("Authorization", format!("Bearer {}", target.token)),
        ("X-Fin-Request-Timestamp", timestamp.clone()),
    ];
    let get = |path: &str, query: String, mut headers: Vec<(&'static str, String)>| {
        let signature = sign_hex(&target.key, &timestamp, &SignedPayload::Query(Some(&query)));
        headers.push(("X-Fin-Signature", signature));
        (format!("{path}?{query}"), headers)
    };
    let (path_and_query, get_headers) = match env.scenario {
        Scenario::Baseline | Scenario::Dropshot | Scenario::GetConversation => get(
            "/conversation",
            format!("conversation_id={}", fixture.big),
            headers.clone(),
        ),
        Scenario::GetMessages => get(
            "/messages",
            format!(
                "conversation_id={}&after_id={}",
                fixture.big, fixture.near_end
            ),
            headers.clone(),
        ),
        Scenario::CreateMessage => (String::new(), Vec::new()),
        Scenario::ListUnassigned => (
            LIST_UNASSIGNED.to_string(),
            vec![("Authorization", format!("Bearer {AGENT_TOKEN}"))],
        ),
        Scenario::Mixed => return Err("the Fin-like sync is not driven by wrk".into()),
    };
    headers.push(("Content-Type", "application/json".to_string()));
    let warmup = Duration::from_secs_f64(settings.warmup.as_secs_f64().ceil().max(1.0));
    let measure = Duration::from_secs_f64(settings.measure.as_secs_f64().ceil().max(1.0));
    // One file of bodies per run, each object_id unique across cells and runs.
    let bodies = |name: &str, run: Duration| -> Result<PathBuf> {
        let path = workdir.join(format!("bodies-{name}.txt"));
        let count = (BODIES_PER_SEC as f64 * run.as_secs_f64()) as usize;
        let pool = &fixture.pool[..connections.min(fixture.pool.len()).max(1)];
        wrk::write_bodies(&path, &target.key, &timestamp, count, |i| {
            let object_id = format!("{}-{name}-{i}", env.tag);
            let body = message_body(&pool[i % pool.len()], &object_id, &fixture.user_id, i);
            serde_json::to_vec(&body).unwrap_or_default()
        })?;
        Ok(path)
    };
    let addr = target.addr;
    let run = |file: Option<PathBuf>, duration: Duration| {
        let (wrk_bin, workdir) = (wrk_bin.to_path_buf(), workdir.to_path_buf());
        let (path_and_query, get_headers, headers) =
            (path_and_query.clone(), get_headers.clone(), headers.clone());
        tokio::task::spawn_blocking(move || {
            let load = match &file {
                Some(file) => wrk::Load::Posts {
                    path: "/messages",
                    headers,
                    file,
                },
                None => wrk::Load::Get {
                    path_and_query: &path_and_query,
                    headers: get_headers,
                },
            };
            let result = wrk::run(
                &wrk_bin,
                &workdir,
                addr,
                &load,
                threads,
                connections,
                duration,
            );
            if let Some(file) = file {
                let _ = std::fs::remove_file(file);
            }
            result
        })
    };
    let is_post = env.scenario == Scenario::CreateMessage;
    let warm_file = if is_post {
        Some(bodies("warm", warmup)?)
    } else {
        None
    };
    run(warm_file, warmup).await??;
    let measured_file = if is_post {
        Some(bodies("measured", measure)?)
    } else {
        None
    };
    reset_peak_rss(pid);
    let before = process_usage(pid);
    let pg_before = env.postmaster.and_then(postgres_usage);
    let result = run(measured_file, measure).await??;
    let after = process_usage(pid);
    let pg_after = env.postmaster.and_then(postgres_usage);
    let rss = peak_rss_kib(pid).map(|kib| kib as f64 / 1024.0);
    // Every write wrk saw acknowledged must be in the database: the bodies' object_ids
    // name the measured run.
    let committed = if is_post {
        let pool = &fixture.pool[..connections.min(fixture.pool.len()).max(1)];
        Some(count_committed(&env.db, pool, &format!("{}-measured-", env.tag)).await?)
    } else {
        None
    };
    Ok(WrkCell {
        result,
        usage: usage_delta(before, after),
        postgres: usage_delta(pg_before, pg_after),
        rss,
        committed,
    })
}

/// Runs one cell with the configured driver (the Fin-like sync always in process: each
/// request depends on the previous answer).
#[allow(clippy::too_many_arguments)]
async fn run_any_cell(
    env: Arc<CellEnv>,
    workdir: &Path,
    backend: &str,
    connections: usize,
    settings: &Settings,
    pid: u32,
) -> Row {
    match &settings.driver {
        Driver::Wrk(wrk_bin) if env.scenario != Scenario::Mixed => {
            run_cell_wrk(env, wrk_bin, workdir, backend, connections, settings, pid).await
        }
        _ => run_cell(env, backend, connections, settings, Some(pid)).await,
    }
}

// --- one backend, start to end ---

struct BackendRun {
    rows: Vec<Row>,
    /// The baseline at the largest connection count with 1, 2 and 4 wrk threads: if the
    /// load generator were the bottleneck, more of its threads would raise the figure.
    saturation: Vec<Row>,
    peak_rss_mib: Option<f64>,
    targets: Vec<TargetCheck>,
    seeded: Option<scale::SeedReport>,
    load_before: String,
}

/// A cell's scenario, connections and CPU per request.
type CellCost = (&'static str, usize, Option<f64>);

/// Fills `cpu_vs_fresh` in each scale run's rows (`sqlite@1M` against `sqlite`) and adds
/// its targets: each cell within 1.25x of the same cell's CPU per request on the fresh
/// database (on PostgreSQL, the server's and PostgreSQL's CPU together).
fn compare_with_fresh(runs: &mut [(String, BackendRun)], fresh_messages: usize) {
    let cpu = |r: &Row| {
        r.server_cpu_us_per_request
            .map(|server| server + r.postgres_cpu_us_per_request.unwrap_or(0.0))
    };
    let fresh_runs: Vec<(String, Vec<CellCost>)> = runs
        .iter()
        .filter(|(_, run)| run.seeded.is_none())
        .map(|(name, run)| {
            let rows = run
                .rows
                .iter()
                .map(|r| (r.scenario, r.connections, cpu(r)))
                .collect();
            (name.clone(), rows)
        })
        .collect();
    for (name, run) in runs.iter_mut().filter(|(_, run)| run.seeded.is_some()) {
        let fresh_name = name.split('@').next().unwrap_or_default();
        let Some((_, fresh)) = fresh_runs.iter().find(|(n, _)| n == fresh_name) else {
            continue;
        };
        let long = run.seeded.as_ref().map_or(0, |s| s.long_messages);
        for row in &mut run.rows {
            if row.scenario == Scenario::Baseline.name()
                || row.scenario == Scenario::Dropshot.name()
            {
                continue;
            }
            let fresh_cpu = fresh
                .iter()
                .find(|(s, c, _)| *s == row.scenario && *c == row.connections)
                .and_then(|(_, _, cpu)| *cpu);
            row.cpu_vs_fresh = match (cpu(row), fresh_cpu) {
                (Some(this), Some(fresh)) if fresh > 0.0 => Some(this / fresh),
                _ => None,
            };
            if let Some(ratio) = row.cpu_vs_fresh {
                let what = if row.scenario == Scenario::GetMessages.name() {
                    format!(
                        "get_messages, after_id near the end of a {long}-message conversation, vs a {fresh_messages}-message one on a fresh database,"
                    )
                } else {
                    format!("{} on the scale database vs a fresh one,", row.scenario)
                };
                run.targets.push(TargetCheck {
                    target: format!(
                        "{what} {} connections: CPU per request <= 1.25x",
                        row.connections
                    ),
                    measured: format!("{ratio:.2}x"),
                    met: ratio <= 1.25,
                });
            }
        }
    }
}

async fn run_backend(
    backend: &str,
    database_url: &str,
    settings: &Settings,
    scale: Option<scale::Scale>,
    probe_saturation: bool,
) -> Result<BackendRun> {
    let workdir = tempfile::tempdir()?;
    let database_url = database_url.replace("{dir}", &workdir.path().display().to_string());
    eprintln!("[{backend}] starting {}", server_bin());
    let (mut server, seeded) = start_server(&database_url, workdir.path(), scale).await?;
    let pid = server.pid();
    let token = fetch_token(server.addr).await?;
    let key = SigningKey::new(&Secret::new(SIGNING_SECRET))?;
    let target = Arc::new(Target {
        addr: server.addr,
        host: server.addr.to_string(),
        token: token.clone(),
        key: key.clone(),
    });
    let run_id = uuid::Uuid::now_v7().simple().to_string();
    let long = seeded
        .as_ref()
        .map(|report| (report.long_conversation.clone(), report.near_end.clone()));
    let fixture = Arc::new(
        seed(&target, settings, &run_id, long)
            .await
            .map_err(|error| {
                format!(
                    "seeding failed: {error}\nserver log:\n{}",
                    server.log_tail()
                )
            })?,
    );
    let (postmaster, db) = if database_url.starts_with("sqlite") {
        (None, Db::Sqlite(workdir.path().join("bench.db")))
    } else {
        (
            Some(find_postmaster(&database_url).await?),
            Db::Postgres(database_url.clone()),
        )
    };
    let mut peak_rss_mib = peak_rss_kib(pid).map(|kib| kib as f64 / 1024.0);
    let baseline = baseline::start(
        &fixture.conversation_json,
        workdir.path(),
        baseline::Kind::Hyper,
    )?;
    let baseline_pid = baseline.pid();
    let baseline_target = Arc::new(Target {
        addr: baseline.addr,
        host: baseline.addr.to_string(),
        token: token.clone(),
        key: key.clone(),
    });
    let dropshot = baseline::start(
        &fixture.conversation_json,
        workdir.path(),
        baseline::Kind::Dropshot,
    )?;
    let dropshot_pid = dropshot.pid();
    let dropshot_target = Arc::new(Target {
        addr: dropshot.addr,
        host: dropshot.addr.to_string(),
        token,
        key,
    });

    let mut rows = Vec::new();
    let env = |scenario: Scenario, target: &Arc<Target>, cell: usize| {
        Arc::new(CellEnv {
            scenario,
            target: target.clone(),
            fixture: fixture.clone(),
            tag: format!("{run_id}-{}-{cell}", scenario.name()),
            // The references have no database behind them.
            postmaster: postmaster.filter(|_| !scenario.is_reference()),
            db: db.clone(),
        })
    };
    let dir = workdir.path();
    let mut cell = 0;
    // The baseline and get_conversation alternate, so their ratio compares like moments,
    // for several rounds: a shared machine moves single cells by ±15%, and the round with
    // the median ratio is the one reported (every round's ratio is kept in the JSON).
    for &connections in &settings.connections {
        let mut rounds: Vec<Vec<Row>> = Vec::new();
        for _ in 0..settings.rounds {
            let mut round = Vec::new();
            for scenario in [
                Scenario::Baseline,
                Scenario::Dropshot,
                Scenario::GetConversation,
            ] {
                if settings.wants(scenario) {
                    cell += 1;
                    let (target, pid) = match scenario {
                        Scenario::Baseline => (&baseline_target, baseline_pid),
                        Scenario::Dropshot => (&dropshot_target, dropshot_pid),
                        _ => (&target, pid),
                    };
                    round.push(
                        run_any_cell(
                            env(scenario, target, cell),
                            dir,
                            backend,
                            connections,
                            settings,
                            pid,
                        )
                        .await,
                    );
                }
            }
            rounds.push(round);
        }
        rows.extend(median_round(rounds));
    }
    for scenario in [
        Scenario::GetMessages,
        Scenario::CreateMessage,
        Scenario::Mixed,
        Scenario::ListUnassigned,
    ] {
        if !settings.wants(scenario) {
            continue;
        }
        for &connections in &settings.connections {
            cell += 1;
            rows.push(
                run_any_cell(
                    env(scenario, &target, cell),
                    dir,
                    backend,
                    connections,
                    settings,
                    pid,
                )
                .await,
            );
        }
    }
    let mut saturation = Vec::new();
    if probe_saturation
        && let Driver::Wrk(wrk_bin) = &settings.driver
        && let Some(&connections) = settings.connections.iter().max()
    {
        eprintln!("  saturation: the baseline at {connections} connections by wrk threads");
        for threads in [1, 2, 4] {
            if threads > connections {
                break;
            }
            cell += 1;
            let mut probe = settings.clone_for_probe();
            probe.wrk_threads = threads;
            saturation.push(
                run_cell_wrk(
                    env(Scenario::Baseline, &baseline_target, cell),
                    wrk_bin,
                    dir,
                    backend,
                    connections,
                    &probe,
                    baseline_pid,
                )
                .await,
            );
        }
    }
    if let Some(status) = server.child.try_wait()? {
        return Err(format!(
            "the server died during the run ({status}):\n{}",
            server.log_tail()
        )
        .into());
    }
    drop(baseline);
    drop(dropshot);
    drop(server);

    for row in rows.iter().filter(|r| {
        r.scenario != Scenario::Baseline.name() && r.scenario != Scenario::Dropshot.name()
    }) {
        peak_rss_mib = max_opt(peak_rss_mib, row.peak_rss_mib);
    }
    let references = |scenario: Scenario| -> Vec<(usize, f64, Option<f64>)> {
        rows.iter()
            .filter(|r| r.scenario == scenario.name())
            .map(|r| {
                (
                    r.connections,
                    r.requests_per_sec,
                    r.server_cpu_us_per_request,
                )
            })
            .collect()
    };
    let (baselines, dropshots) = (references(Scenario::Baseline), references(Scenario::Dropshot));
    // The references answer what get_conversation answers: only those rows compare.
    let ratios = |references: &[(usize, f64, Option<f64>)], row: &Row| {
        let Some(&(_, rps, cpu)) = references.iter().find(|(c, _, _)| *c == row.connections)
        else {
            return (None, None);
        };
        let by_requests = (rps > 0.0).then(|| row.requests_per_sec / rps);
        let by_cpu = match (cpu, row.server_cpu_us_per_request) {
            (Some(base), Some(this)) if this > 0.0 => Some(base / this),
            _ => None,
        };
        (by_requests, by_cpu)
    };
    for row in rows.iter_mut().filter(|r| {
        r.scenario == Scenario::Baseline.name()
            || r.scenario == Scenario::Dropshot.name()
            || r.scenario == Scenario::GetConversation.name()
    }) {
        (row.vs_baseline, row.cpu_vs_baseline) = ratios(&baselines, row);
        if row.scenario != Scenario::Baseline.name() {
            (row.vs_dropshot, row.cpu_vs_dropshot) = ratios(&dropshots, row);
        }
    }
    let mut targets = check_targets(backend, &rows, peak_rss_mib);
    targets.extend(saturation_check(&rows, &saturation));
    Ok(BackendRun {
        rows,
        saturation,
        peak_rss_mib,
        targets,
        seeded,
        load_before: String::new(),
    })
}

/// Whether the baseline saturates: if wrk were the bottleneck, the probe's other thread
/// counts would beat the figure the table's baseline rows were taken with.
fn saturation_check(rows: &[Row], saturation: &[Row]) -> Option<TargetCheck> {
    let connections = saturation.first()?.connections;
    let used = rows
        .iter()
        .find(|r| r.scenario == Scenario::Baseline.name() && r.connections == connections)?;
    let best = saturation
        .iter()
        .max_by(|a, b| a.requests_per_sec.total_cmp(&b.requests_per_sec))?;
    let share = used.requests_per_sec / best.requests_per_sec.max(1.0);
    let each: Vec<String> = saturation
        .iter()
        .map(|r| {
            format!(
                "{} {:.0}/s (wrk {} cores)",
                r.load_generator,
                r.requests_per_sec,
                r.load_generator_cores
                    .map_or_else(|| "?".to_string(), |c| format!("{c:.2}"))
            )
        })
        .collect();
    Some(TargetCheck {
        target: format!(
            "the baseline saturates at {connections} connections: the table's {} run within 10% of the best wrk thread count",
            used.load_generator
        ),
        measured: format!(
            "{:.0}/s, {:.0}% of the best; {}",
            used.requests_per_sec,
            share * 100.0,
            each.join(", ")
        ),
        met: share >= 0.9,
    })
}

/// get_conversation's requests/s over the baseline's in one round, if both ran.
fn round_ratio(round: &[Row]) -> Option<f64> {
    let rps = |scenario: Scenario| {
        round
            .iter()
            .find(|row| row.scenario == scenario.name())
            .map(|row| row.requests_per_sec)
    };
    Some(rps(Scenario::GetConversation)? / rps(Scenario::Baseline)?).filter(|r| r.is_finite())
}

/// The baseline's CPU per request over get_conversation's in one round.
fn round_cpu_ratio(round: &[Row]) -> Option<f64> {
    let cpu = |scenario: Scenario| {
        round
            .iter()
            .find(|row| row.scenario == scenario.name())
            .and_then(|row| row.server_cpu_us_per_request)
    };
    Some(cpu(Scenario::Baseline)? / cpu(Scenario::GetConversation)?).filter(|r| r.is_finite())
}

/// The round whose ratio is the median, its get_conversation row noting every round's.
fn median_round(mut rounds: Vec<Vec<Row>>) -> Vec<Row> {
    let ratios: Vec<f64> = rounds
        .iter()
        .filter_map(|round| round_ratio(round))
        .collect();
    let cpu_ratios: Vec<f64> = rounds
        .iter()
        .filter_map(|round| round_cpu_ratio(round))
        .collect();
    if ratios.len() != rounds.len() || rounds.len() < 2 {
        return rounds.into_iter().next().unwrap_or_default();
    }
    rounds.sort_by(|a, b| {
        round_ratio(a)
            .unwrap_or(0.0)
            .total_cmp(&round_ratio(b).unwrap_or(0.0))
    });
    let mut median = rounds.swap_remove(rounds.len() / 2);
    for row in &mut median {
        if row.scenario == Scenario::GetConversation.name() {
            row.round_ratios = ratios.clone();
            row.round_cpu_ratios = cpu_ratios.clone();
        }
    }
    median
}

fn max_opt(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

// --- targets ---

#[derive(Debug, Clone, serde::Serialize)]
struct TargetCheck {
    target: String,
    measured: String,
    met: bool,
}

fn check_targets(backend: &str, rows: &[Row], peak_rss_mib: Option<f64>) -> Vec<TargetCheck> {
    let find = |scenario: Scenario, connections: usize| {
        rows.iter()
            .find(|r| r.scenario == scenario.name() && r.connections == connections)
    };
    let mut checks = Vec::new();
    // The targets: 0.5x on SQLite, 0.25x on PostgreSQL (on the same two cores).
    let floor = if backend.starts_with("postgres") {
        0.25
    } else {
        0.5
    };
    let rounds = |ratios: &[f64]| {
        if ratios.len() > 1 {
            let each: Vec<String> = ratios.iter().map(|r| format!("{r:.2}")).collect();
            format!(
                ", the median of {} alternated rounds: {}",
                each.len(),
                each.join(", ")
            )
        } else {
            String::new()
        }
    };
    if let Some(row) = find(Scenario::GetConversation, 64)
        && let Some(ratio) = row.vs_baseline
    {
        checks.push(TargetCheck {
            target: format!(
                "get_conversation at 64 connections >= {floor}x the baseline's requests/s"
            ),
            measured: format!(
                "{ratio:.2}x ({:.0}/s){}",
                row.requests_per_sec,
                rounds(&row.round_ratios)
            ),
            met: ratio >= floor,
        });
    }
    if let Some(row) = find(Scenario::GetConversation, 64)
        && let Some(ratio) = row.cpu_vs_baseline
    {
        checks.push(TargetCheck {
            target: format!(
                "get_conversation at 64 connections >= {floor}x the baseline by CPU per request"
            ),
            measured: format!(
                "{ratio:.2}x ({:.1} µs per request){}",
                row.server_cpu_us_per_request.unwrap_or_default(),
                rounds(&row.round_cpu_ratios)
            ),
            met: ratio >= floor,
        });
    }
    // The framework's floor: if dropshot alone is under the target by CPU, the target is
    // out of reach with dropshot whatever the server does.
    if let Some(row) = find(Scenario::Dropshot, 64)
        && let Some(ratio) = row.cpu_vs_baseline
    {
        let ours = find(Scenario::GetConversation, 64)
            .and_then(|r| Some((r.cpu_vs_dropshot?, r.server_cpu_us_per_request?)))
            .map(|(vs, us)| {
                format!(
                    "; get_conversation is {vs:.2}x dropshot alone ({us:.1} vs {:.1} µs): the rest is ours",
                    row.server_cpu_us_per_request.unwrap_or_default()
                )
            })
            .unwrap_or_default();
        checks.push(TargetCheck {
            target: format!(
                "the framework's floor: dropshot alone at 64 connections >= {floor}x the baseline by CPU per request (else the target above is out of reach with dropshot)"
            ),
            measured: format!(
                "{ratio:.2}x ({:.1} µs per request){ours}",
                row.server_cpu_us_per_request.unwrap_or_default()
            ),
            met: ratio >= floor,
        });
    }
    for connections in [1, 16, 64] {
        if let (Some(messages), Some(conversation)) = (
            find(Scenario::GetMessages, connections),
            find(Scenario::GetConversation, connections),
        ) && conversation.p50_ms > 0.0
        {
            let ratio = messages.p50_ms / conversation.p50_ms;
            checks.push(TargetCheck {
                target: format!(
                    "get_messages (after_id near the end) p50 <= 2x get_conversation's, {connections} connections"
                ),
                measured: format!(
                    "{ratio:.2}x ({:.2} ms vs {:.2} ms)",
                    messages.p50_ms, conversation.p50_ms
                ),
                met: ratio <= 2.0,
            });
        }
    }
    if backend.starts_with("sqlite") {
        let best = rows
            .iter()
            .filter(|r| r.scenario == Scenario::CreateMessage.name())
            .max_by(|a, b| a.requests_per_sec.total_cmp(&b.requests_per_sec));
        if let Some(row) = best {
            checks.push(TargetCheck {
                target: "create_message >= 10,000/s on SQLite, each acknowledged write committed"
                    .into(),
                measured: format!(
                    "{:.0}/s at {} connections; {}",
                    row.requests_per_sec,
                    row.connections,
                    match (row.acknowledged, row.committed) {
                        (Some(acked), Some(committed)) =>
                            format!("{acked} acknowledged, {committed} found committed"),
                        _ => "commits not checked (in-process client)".to_string(),
                    }
                ),
                met: row.requests_per_sec >= 10_000.0
                    && row.errors == 0
                    && row.committed.is_some_and(|c| Some(c) >= row.acknowledged),
            });
        }
    }
    if let Some(peak) = peak_rss_mib {
        checks.push(TargetCheck {
            target: "server peak RSS < 100 MiB".into(),
            measured: format!("{peak:.1} MiB"),
            met: peak < 100.0,
        });
    }
    checks
}

// --- output ---

fn format_row(row: &Row) -> String {
    let opt = |value: Option<f64>, f: fn(f64) -> String| value.map_or_else(|| "-".to_string(), f);
    let mut line = format!(
        "{:<11} {:<17} {:>5} {:>10.0} {:>8.3} {:>8.3} {:>6} {:>7} {:>7} {:>7} {:>8} {:>6} {:>6} {:>6} {:>7} {:>7} {:<16}",
        row.backend,
        row.scenario,
        row.connections,
        row.requests_per_sec,
        row.p50_ms,
        row.p99_ms,
        row.errors,
        opt(row.peak_rss_mib, |m| format!("{m:.1}")),
        opt(row.vs_baseline, |r| format!("{r:.2}x")),
        opt(row.server_cpu_us_per_request, |c| format!("{c:.1}")),
        opt(row.cpu_vs_baseline, |r| format!("{r:.2}x")),
        opt(row.server_switches_per_request, |c| format!("{c:.2}")),
        opt(row.postgres_cpu_us_per_request, |c| format!("{c:.1}")),
        opt(row.postgres_switches_per_request, |c| format!("{c:.2}")),
        opt(row.cpu_vs_fresh, |r| format!("{r:.2}x")),
        opt(row.load_generator_cores, |c| format!("{c:.2}")),
        row.load_generator,
    );
    if let Some(error) = &row.first_error {
        let _ = write!(line, "  first error: {error}");
    }
    line
}

fn header_line() -> String {
    format!(
        "{:<11} {:<17} {:>5} {:>10} {:>8} {:>8} {:>6} {:>7} {:>7} {:>7} {:>8} {:>6} {:>6} {:>6} {:>7} {:>7} {:<16}",
        "backend",
        "scenario",
        "conns",
        "req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "RSS MiB",
        "vs base",
        "cpu µs",
        "cpu base",
        "cs/req",
        "pg µs",
        "pg cs",
        "vs new",
        "gen cpu",
        "load generator",
    )
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, model)| model.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}

fn git_commit() -> Option<String> {
    let output = Command::new("git")
        .args(["describe", "--always", "--dirty", "--abbrev=12"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// `target/` of this build: the bench runs from `target/<profile>/deps/`.
fn target_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.ancestors()
                .find(|dir| dir.file_name().is_some_and(|name| name == "deps"))
                .and_then(|deps| deps.parent()?.parent().map(Path::to_path_buf))
        })
        .unwrap_or_else(|| PathBuf::from("target"))
}

async fn run(settings: Settings) -> Result<()> {
    let load_before = load_average();
    let nproc = std::thread::available_parallelism().map_or(0, |n| n.get());
    eprintln!(
        "load bench: {} s per cell (+{:.1} s warm-up), connections {:?}, {nproc} CPUs ({}), load average {load_before}",
        settings.measure.as_secs_f64(),
        settings.warmup.as_secs_f64(),
        settings.connections,
        cpu_model(),
    );
    // (name, PostgreSQL admin URL or None for SQLite, scale): each scale database right
    // after its fresh one, so the two compare like moments.
    let mut backends: Vec<(String, Option<&str>, Option<scale::Scale>)> = Vec::new();
    if settings.sqlite {
        backends.push(("sqlite".to_string(), None, None));
        if let Some(scale) = settings.scale {
            backends.push((format!("sqlite@{}", scale.label()), None, Some(scale)));
        }
    }
    if let Some(url) = &settings.postgres {
        backends.push(("postgres".to_string(), Some(url), None));
        if let Some(scale) = settings.pg_scale {
            backends.push((
                format!("postgres@{}", scale.label()),
                Some(url),
                Some(scale),
            ));
        }
    }
    let mut runs = Vec::new();
    let mut failure = None;
    for (i, (backend, pg_url, scale)) in backends.iter().enumerate() {
        let load = load_average();
        eprintln!("[{backend}] load average before: {load}");
        // A PostgreSQL backend gets a schema of its own, dropped right after (a scale one
        // holds gigabytes).
        let (url, pg_schema) = match pg_url {
            Some(url) => {
                let (scoped, schema) = fresh_pg_schema(url).await?;
                (scoped, Some((url, schema)))
            }
            None => ("sqlite://{dir}/bench.db".to_string(), None),
        };
        let outcome = run_backend(backend, &url, &settings, *scale, i == 0).await;
        if let Some((url, schema)) = pg_schema {
            drop_pg_schema(url, &schema).await;
        }
        match outcome {
            Ok(mut run) => {
                run.load_before = load;
                runs.push((backend.clone(), run));
            }
            Err(error) => {
                failure = Some(format!("[{backend}] {error}"));
                break;
            }
        }
    }
    if let Some(failure) = failure {
        return Err(failure.into());
    }
    let load_after = load_average();
    compare_with_fresh(&mut runs, settings.messages);

    println!();
    println!("{}", header_line());
    for (_, run) in &runs {
        for row in run.rows.iter().chain(&run.saturation) {
            println!("{}", format_row(row));
        }
    }
    println!();
    for (backend, run) in &runs {
        if let Some(seeded) = &run.seeded {
            println!("[{backend}] seeded {}", scale::describe(seeded));
        }
        for check in &run.targets {
            println!(
                "[{backend}] {} {}: {}",
                if check.met { "MET   " } else { "MISSED" },
                check.target,
                check.measured
            );
        }
        if let Some(peak) = run.peak_rss_mib {
            println!("[{backend}] server peak RSS over the whole run: {peak:.1} MiB");
        }
    }
    println!("load average: {load_before} before, {load_after} after");

    let date = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let commit = git_commit();
    let markdown = markdown_report(
        &date,
        commit.as_deref(),
        nproc,
        &settings,
        &runs,
        &load_after,
    );
    let report = json!({
        "date": date,
        "commit": commit,
        "server_bin": server_bin(),
        "load_generator": settings.driver.name(settings.wrk_threads),
        "machine": {"nproc": nproc, "cpu": cpu_model()},
        "load_average": {"before": load_before, "after": load_after},
        "seconds_per_cell": settings.measure.as_secs_f64(),
        "warmup_seconds": settings.warmup.as_secs_f64(),
        "messages_in_long_conversation": settings.messages,
        "backends": runs.iter().map(|(backend, run)| json!({
            "backend": backend,
            "load_average_before": run.load_before,
            "seeded": run.seeded,
            "server_peak_rss_mib": run.peak_rss_mib,
            "rows": run.rows,
            "saturation": run.saturation,
            "targets": run.targets,
        })).collect::<Vec<_>>(),
    });
    let md_path = target_dir().join("bench").join("load.md");
    if let Some(parent) = md_path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&md_path, &markdown)?;
    println!("wrote {}", md_path.display());
    let text = serde_json::to_string_pretty(&report)?;
    let mut paths = vec![target_dir().join("bench").join("load.json")];
    paths.extend(settings.extra_json.clone());
    for path in paths {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &text)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// The README's table: every row, the saturation probe, the seeding and the targets.
fn markdown_report(
    date: &str,
    commit: Option<&str>,
    nproc: usize,
    settings: &Settings,
    runs: &[(String, BackendRun)],
    load_after: &str,
) -> String {
    let mut md = String::new();
    let opt = |value: Option<f64>, f: fn(f64) -> String| value.map_or_else(|| "–".to_string(), f);
    let loads: Vec<String> = runs
        .iter()
        .map(|(backend, run)| format!("{backend}: {}", run.load_before))
        .collect();
    let _ = writeln!(
        md,
        "{date}, commit {}, {nproc} CPUs ({}), load generator {} on the same machine, \
         {} s per cell, {} rounds; load average (1, 5, 15 min) before each backend: {}; after: {load_after}.\n",
        commit.unwrap_or("unknown"),
        cpu_model(),
        settings.driver.name(settings.wrk_threads),
        settings.measure.as_secs_f64(),
        settings.rounds,
        loads.join("; "),
    );
    md.push_str("| backend | scenario | conns | req/s | p50 ms | p99 ms | errors | peak RSS MiB | req/s vs baseline | CPU µs/req | CPU vs baseline | PostgreSQL CPU µs/req | PostgreSQL switches/req | CPU vs fresh db | load generator (its CPU, cores) |\n");
    md.push_str("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (_, run) in runs {
        for row in &run.rows {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {:.0} | {:.3} | {:.3} | {} | {} | {} | {} | {} | {} | {} | {} | {} ({}) |",
                row.backend,
                row.scenario,
                row.connections,
                row.requests_per_sec,
                row.p50_ms,
                row.p99_ms,
                row.errors,
                opt(row.peak_rss_mib, |m| format!("{m:.1}")),
                opt(row.vs_baseline, |r| format!("{r:.2}×")),
                opt(row.server_cpu_us_per_request, |c| format!("{c:.1}")),
                opt(row.cpu_vs_baseline, |r| format!("{r:.2}×")),
                opt(row.postgres_cpu_us_per_request, |c| format!("{c:.1}")),
                opt(row.postgres_switches_per_request, |c| format!("{c:.2}")),
                opt(row.cpu_vs_fresh, |r| format!("{r:.2}×")),
                row.load_generator,
                opt(row.load_generator_cores, |c| format!("{c:.2}")),
            );
        }
    }
    for (_, run) in runs {
        if run.saturation.is_empty() {
            continue;
        }
        md.push_str(
            "\nSaturation: the baseline at the largest connection count by wrk threads\n\n",
        );
        md.push_str("| wrk threads | req/s | baseline CPU µs/req | wrk CPU, cores |\n|---|---:|---:|---:|\n");
        for row in &run.saturation {
            let _ = writeln!(
                md,
                "| {} | {:.0} | {} | {} |",
                row.load_generator,
                row.requests_per_sec,
                opt(row.server_cpu_us_per_request, |c| format!("{c:.1}")),
                opt(row.load_generator_cores, |c| format!("{c:.2}")),
            );
        }
    }
    md.push_str("\n| backend | target | measured | |\n|---|---|---|---|\n");
    for (backend, run) in runs {
        if let Some(seeded) = &run.seeded {
            let _ = writeln!(
                md,
                "| {backend} | seeding | {} | |",
                scale::describe(seeded)
            );
        }
        for check in &run.targets {
            let _ = writeln!(
                md,
                "| {backend} | {} | {} | {} |",
                check.target,
                check.measured,
                if check.met { "met" } else { "**missed**" }
            );
        }
    }
    md
}

// --- PostgreSQL: a schema of its own per run ---

async fn fresh_pg_schema(url: &str) -> Result<(String, String)> {
    use sqlx::Connection as _;
    let schema = format!("bench_{}", uuid::Uuid::now_v7().simple());
    let mut admin = sqlx::PgConnection::connect(url).await?;
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut admin)
        .await?;
    let separator = if url.contains('?') { '&' } else { '?' };
    Ok((
        format!("{url}{separator}options[search_path]={schema}"),
        schema,
    ))
}

async fn drop_pg_schema(url: &str, schema: &str) {
    use sqlx::Connection as _;
    if let Ok(mut admin) = sqlx::PgConnection::connect(url).await {
        let _ = sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
            .execute(&mut admin)
            .await;
    }
}
