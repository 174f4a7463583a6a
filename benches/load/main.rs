//! The load benchmark (`cargo bench --bench load`): starts the release server on a fresh
//! SQLite database (and on PostgreSQL with `--postgres URL` or
//! `FIN_HELPDESK_BENCH_POSTGRES_URL`), with an OAuth token and request signing on as in
//! production, drives it over 127.0.0.1 with `wrk` ([`wrk`]), runs the same GET against a
//! bare hyper 1.x server in a process of its own that answers the same bytes from memory
//! (the baseline, [`baseline`]) and against a dropshot server configured as ours that does
//! the same (the framework's floor), reads the processes' CPU time from `/proc`, then prints
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
//! `FIN_HELPDESK_BENCH_METRICS` (`on`: the server records Prometheus metrics on
//! `--metrics-bind` and a thread scrapes `/metrics` every second, to compare with `off`),
//! `FIN_HELPDESK_BENCH_SERVER_PREFIX` (a command the server runs under, e.g.
//! `valgrind --tool=callgrind`), `FIN_HELPDESK_BENCH_SERVER_BIN` (another build of the
//! server, to compare two commits in alternated runs of the same harness),
//! `FIN_HELPDESK_BENCH_TLS` (`1`: the server serves https with a certificate from a CA
//! made for the run, and every client of the bench talks https to it, [`tls`]; the
//! references stay plain http, and each row says which it was).
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
use fin_helpdesk::credentials::Secret;
use fin_helpdesk::credentials::{SignedPayload, SigningKey, sign_hex};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::{Method, Request, StatusCode, header};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio_rustls::TlsConnector;

mod backend;
mod baseline;
mod cell;
mod client;
mod fixture;
mod pg_schema;
mod report;
mod scale;
mod server;
mod settings;
mod targets;
mod tls;
mod wrk;

// The sections share one namespace, as they did in one file: each module `use super::*`s
// this root, which brings in the others' items and the imports above.
use backend::*;
use cell::*;
use client::*;
use fixture::*;
use pg_schema::*;
use report::*;
use server::*;
use settings::*;
use targets::*;

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
        "server_over_https": settings.tls,
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
