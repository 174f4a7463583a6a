//! Fail fast, recover alone: a PostgreSQL server of the test's own is restarted, then
//! stopped for several seconds and started again, under a concurrent write load. Nothing
//! acknowledged is lost, every answer is a 201 or a 503 and comes within the storage bound
//! plus a margin, and writes succeed again soon after the database is back.
//!
//! It runs with the PostgreSQL pass (`FIN_HELPDESK_TEST_POSTGRES_URL` set, as in CI) and
//! needs PostgreSQL's server programs, found where `.ci/run` finds them; it never touches
//! the shared test server, talks to 127.0.0.1 only, and stops and removes its cluster.

use crate::common::{Options, POSTGRES_ENV, TestDb, TestServer, user_and_conversation};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The server's default bound on a database call.
const BOUND: Duration = fin_helpdesk::store::DEFAULT_STORAGE_TIMEOUT;
/// Room for scheduling on a busy 2-core machine and a request's few calls.
const MARGIN: Duration = Duration::from_secs(2);
/// Writes must work again this soon after the database is back.
const RECOVERY: Duration = Duration::from_secs(5);
const WRITERS: usize = 4;

/// The newest `/usr/lib/postgresql/<version>/bin` with `initdb` and `pg_ctl`.
fn postgres_bin() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            (bin.join("initdb").exists() && bin.join("pg_ctl").exists()).then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

/// A throwaway cluster on 127.0.0.1, stopped and removed when dropped.
struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
}

impl Cluster {
    fn start(bin: PathBuf) -> Cluster {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cluster = Cluster { bin, dir, port };
        // initdb refuses to run as root: then the cluster belongs to the postgres user.
        if as_root() {
            run("chmod", &["755", &cluster.path().display().to_string()]);
            run(
                "chown",
                &["postgres", &cluster.path().display().to_string()],
            );
        }
        cluster.pg(&format!(
            "{} -D {} -A trust -U postgres",
            cluster.bin.join("initdb").display(),
            cluster.data().display()
        ));
        cluster.pg_ctl("start");
        cluster
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn data(&self) -> PathBuf {
        self.path().join("data")
    }

    fn admin_url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// `pg_ctl start|stop|restart`, waiting until it is done; fast shutdown, as a
    /// service manager's stop would.
    fn pg_ctl(&self, action: &str) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.path().display()
        );
        let mode = if action == "start" { "" } else { "-m fast" };
        self.pg(&format!(
            "{} -D {} -l {} -w -t 60 {mode} -o '{options}' {action}",
            self.bin.join("pg_ctl").display(),
            self.data().display(),
            self.path().join("log").display()
        ));
    }

    fn pg(&self, command: &str) {
        if as_root() {
            run("su", &["postgres", "-c", command]);
        } else {
            run("sh", &["-c", command]);
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let command = format!(
            "{} -D {} -m immediate stop",
            self.bin.join("pg_ctl").display(),
            self.data().display()
        );
        let _ = if as_root() {
            Command::new("su")
                .args(["postgres", "-c", &command])
                .output()
        } else {
            Command::new("sh").args(["-c", &command]).output()
        };
    }
}

fn as_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

fn run(program: &str, args: &[&str]) {
    let output = Command::new(program).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// One write's fate.
struct Attempt {
    object_id: String,
    /// The HTTP status, or `None` if no answer came at all.
    status: Option<u16>,
    /// The message's id, when acknowledged.
    id: Option<String>,
    latency: Duration,
    finished: Instant,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_outage_fails_fast_loses_nothing_and_recovers_alone() {
    if std::env::var(POSTGRES_ENV).is_err() {
        eprintln!("skipped: runs with the PostgreSQL pass ({POSTGRES_ENV} set)");
        return;
    }
    let Some(bin) = postgres_bin() else {
        eprintln!("skipped: no /usr/lib/postgresql/*/bin with initdb and pg_ctl");
        return;
    };
    let cluster = Cluster::start(bin);
    let db = TestDb::postgres(cluster.admin_url()).await;
    let t = Arc::new(TestServer::start_with(&db, Options::default()).await);
    let (user, created) = user_and_conversation(&t.rest).await;
    let conversation_id = created.conversation.id.clone();

    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for writer in 0..WRITERS {
        let (t, stop) = (t.clone(), stop.clone());
        let (user_id, conversation_id) = (user.id.clone(), conversation_id.clone());
        writers.push(tokio::spawn(async move {
            let mut attempts = Vec::new();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let object_id = format!("w{writer}_{n}");
                let body = json!({"conversation_id": conversation_id, "object_id": object_id,
                                  "author": {"id": user_id, "user_type": "end_user"},
                                  "body": "during the outage"})
                .to_string();
                let started = Instant::now();
                let sent = t
                    .request(reqwest::Method::POST, "/messages", Some(body.as_bytes()))
                    .timeout(Duration::from_secs(30))
                    .send()
                    .await;
                let (status, id) = match sent {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        // Read to the end: the answer is complete only then.
                        match response.json::<serde_json::Value>().await {
                            Ok(answer) => (Some(status), answer["id"].as_str().map(str::to_string)),
                            Err(_) => (None, None),
                        }
                    }
                    Err(_) => (None, None),
                };
                attempts.push(Attempt {
                    object_id,
                    status,
                    id,
                    latency: started.elapsed(),
                    finished: Instant::now(),
                });
                if status != Some(201) {
                    // As a client would: do not spin on a failing server.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
            attempts
        }));
    }

    let pg_ctl = |action: &'static str| {
        let cluster = &cluster;
        tokio::task::block_in_place(move || cluster.pg_ctl(action));
    };
    tokio::time::sleep(Duration::from_secs(1)).await;
    pg_ctl("restart");
    tokio::time::sleep(Duration::from_secs(2)).await;
    pg_ctl("stop");
    tokio::time::sleep(Duration::from_secs(6)).await;
    pg_ctl("start");
    let back = Instant::now();
    tokio::time::sleep(RECOVERY + Duration::from_secs(1)).await;
    stop.store(true, Ordering::Relaxed);
    let mut attempts = Vec::new();
    for writer in writers {
        attempts.extend(writer.await.unwrap());
    }

    let acknowledged: Vec<&Attempt> = attempts.iter().filter(|a| a.status == Some(201)).collect();
    let unavailable = attempts.iter().filter(|a| a.status == Some(503)).count();
    let slowest = attempts.iter().map(|a| a.latency).max().unwrap_or_default();
    let first_after = acknowledged
        .iter()
        .filter(|a| a.finished > back)
        .map(|a| a.finished - back)
        .min();
    eprintln!(
        "outage: {} writes, {} acknowledged, {unavailable} answered 503, slowest answer \
         {slowest:?}, first write acknowledged {first_after:?} after the database was back",
        attempts.len(),
        acknowledged.len()
    );
    for attempt in &attempts {
        assert!(
            matches!(attempt.status, Some(201 | 503)),
            "{}: answered {:?}, only 201 or 503 allowed",
            attempt.object_id,
            attempt.status
        );
        assert!(
            attempt.latency <= BOUND + MARGIN,
            "{}: answered after {:?}, over {BOUND:?} + {MARGIN:?}",
            attempt.object_id,
            attempt.latency
        );
    }
    assert!(unavailable > 0, "the outage was noticed");
    let first_after = first_after.expect("writes succeed after the database is back");
    assert!(
        first_after <= RECOVERY,
        "writes resumed {first_after:?} after the database came back"
    );
    let stored: std::collections::HashSet<String> = t
        .rest
        .get_messages()
        .conversation_id(&conversation_id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .into_iter()
        .map(|message| message.id)
        .collect();
    for attempt in acknowledged {
        let id = attempt.id.as_deref().unwrap_or_default();
        assert!(
            stored.contains(id),
            "acknowledged write {} was lost",
            attempt.object_id
        );
    }
    drop(t);
    drop(db);
}
