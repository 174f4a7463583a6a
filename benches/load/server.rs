//! The server under test: `fin-helpdesk serve` started as a user starts it, and what `/proc`
//! tells of it and of PostgreSQL (CPU time, context switches, peak RSS), and the committed-writes count.

use super::*;

/// The `fin-helpdesk serve` child process; killed when dropped.
pub(crate) struct ServerProcess {
    pub(crate) child: Child,
    pub(crate) addr: SocketAddr,
    pub(crate) log: PathBuf,
    /// With `FIN_HELPDESK_BENCH_METRICS=on`: set to stop the scraper.
    pub(crate) scraper: Option<Arc<std::sync::atomic::AtomicBool>>,
}

/// `FIN_HELPDESK_BENCH_METRICS=on`: the server records metrics (`--metrics-bind`) and is
/// scraped every second, as Prometheus would, to measure what metrics cost.
pub(crate) fn metrics_on() -> bool {
    std::env::var("FIN_HELPDESK_BENCH_METRICS").is_ok_and(|v| v.trim() == "on")
}

/// GETs `/metrics` at `addr` every second until `stop` is set; a thread of its own, so
/// the cells' clients are left alone.
fn scrape_every_second(addr: SocketAddr, stop: Arc<std::sync::atomic::AtomicBool>) {
    use std::io::{Read, Write};
    std::thread::spawn(move || {
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            if let Ok(mut stream) = std::net::TcpStream::connect(addr) {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                let request =
                    format!("GET /metrics HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
                if stream.write_all(request.as_bytes()).is_ok() {
                    let mut answer = Vec::new();
                    let _ = stream.read_to_end(&mut answer);
                }
            }
            std::thread::sleep(Duration::from_secs(1));
        }
    });
}

impl Drop for ServerProcess {
    /// SIGTERM first, so a server run under a profiler can write its profile.
    fn drop(&mut self) {
        if let Some(stop) = &self.scraper {
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        }
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
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    pub(crate) fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

/// A command for the server binary that ignores any `FIN_HELPDESK_*` setting of the
/// caller's environment, so only what the bench passes applies.
pub(crate) fn server_command(prefix: &[String]) -> Command {
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
/// server, serving https with `tls`'s certificate when given.
pub(crate) async fn start_server(
    database_url: &str,
    workdir: &Path,
    scale: Option<scale::Scale>,
    tls: Option<&tls::BenchTls>,
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
            let report = tokio::task::spawn_blocking(move || scale::synced_to_disk(report)).await?;
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
    let metrics_addr = if metrics_on() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        Some(SocketAddr::from(([127, 0, 0, 1], port)))
    } else {
        None
    };
    let mut command = server_command(&prefix);
    command.args([
        "serve",
        "--bind",
        &addr.to_string(),
        "--database-url",
        database_url,
    ]);
    if let Some(metrics) = metrics_addr {
        command.args(["--metrics-bind", &metrics.to_string()]);
    }
    if let Some(tls) = tls {
        command
            .arg("--tls-cert")
            .arg(&tls.cert)
            .arg("--tls-key")
            .arg(&tls.key);
    }
    let child = command
        .args(["--oauth-client", &format!("{CLIENT_ID}:{CLIENT_SECRET}")])
        .args(["--signing-secret", SIGNING_SECRET])
        .args(["--agent-token", &format!("{FIN_AGENT}:{AGENT_TOKEN}")])
        // Every connection of the bench comes from 127.0.0.1: the limit per address
        // would otherwise cut the largest cells.
        .args(["--max-connections-per-address", "1024"])
        .stdout(log_file.try_clone()?)
        .stderr(log_file)
        .spawn()?;
    let mut server = ServerProcess {
        child,
        addr,
        log,
        scraper: None,
    };
    let give_up = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = server.child.try_wait()? {
            return Err(format!("the server exited ({status}):\n{}", server.log_tail()).into());
        }
        if let Ok(mut conn) = Conn::open(addr, tls.map(|tls| &tls.connector)).await {
            let request = Request::get("/healthz")
                .header(header::HOST, addr.to_string())
                .body(Full::new(Bytes::new()))?;
            if let Ok((StatusCode::OK, _)) = conn.send(request).await {
                if let Some(metrics) = metrics_addr {
                    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
                    scrape_every_second(metrics, stop.clone());
                    server.scraper = Some(stop);
                }
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
pub(crate) fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU time the process has used (user + system, all threads) and its context switches
/// (voluntary + involuntary, all threads): what one request costs the server.
#[derive(Clone, Copy)]
pub(crate) struct ProcessUsage {
    pub(crate) cpu: Duration,
    pub(crate) context_switches: u64,
}

/// `/proc/PID/stat`: user + system clock ticks (with `children`, also those of its
/// waited-for children that exited), and the parent's pid.
pub(crate) fn stat_ticks(pid: u32, children: bool) -> Option<(u64, u32)> {
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

pub(crate) fn ticks_to_duration(ticks: u64) -> Option<Duration> {
    // SAFETY: sysconf has no preconditions.
    let hz = u64::try_from(unsafe { libc::sysconf(libc::_SC_CLK_TCK) }).ok()?;
    Some(Duration::from_micros(ticks * 1_000_000 / hz.max(1)))
}

/// Voluntary + involuntary context switches of all of `pid`'s threads.
pub(crate) fn context_switches(pid: u32) -> Option<u64> {
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

pub(crate) fn process_usage(pid: u32) -> Option<ProcessUsage> {
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
pub(crate) fn postgres_usage(postmaster: u32) -> Option<ProcessUsage> {
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
pub(crate) async fn find_postmaster(url: &str) -> Result<u32> {
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
pub(crate) enum Db {
    Sqlite(PathBuf),
    Postgres(String),
}

/// Messages in `conversations` whose object_id starts with `prefix` (ending in `-`):
/// SQLite by a range on the object_id index (binary collation); PostgreSQL through the
/// conversations' messages, since a range under the database's collation may not follow
/// byte order.
pub(crate) async fn count_committed(
    db: &Db,
    conversations: &[String],
    prefix: &str,
) -> Result<u64> {
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
pub(crate) fn reset_peak_rss(pid: u32) {
    let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
}
