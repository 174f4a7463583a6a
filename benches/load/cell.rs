//! One cell (a scenario at a number of connections), driven in process or by wrk, into a [`Row`].

use super::*;

#[derive(Default)]
pub(crate) struct Stats {
    pub(crate) ok: u64,
    pub(crate) errors: u64,
    pub(crate) latencies_us: Vec<u32>,
    pub(crate) first_error: Option<String>,
}

impl Stats {
    pub(crate) fn record(&mut self, started: Instant, measuring: bool, outcome: Result<Value>) {
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

    pub(crate) fn merge(&mut self, other: Stats) {
        self.ok += other.ok;
        self.errors += other.errors;
        self.latencies_us.extend(other.latencies_us);
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }
}

/// Everything a worker needs, shared.
pub(crate) struct CellEnv {
    pub(crate) scenario: Scenario,
    pub(crate) target: Arc<Target>,
    pub(crate) fixture: Arc<Fixture>,
    /// Makes object_ids unique across cells and runs.
    pub(crate) tag: String,
    /// PostgreSQL's postmaster, whose processes' CPU is read around each cell.
    pub(crate) postmaster: Option<u32>,
    /// For the committed-writes check.
    pub(crate) db: Db,
}

/// Runs one connection's loop until `end`, recording from `measure_from`.
pub(crate) async fn worker(
    env: Arc<CellEnv>,
    w: usize,
    measure_from: Instant,
    end: Instant,
) -> Stats {
    let target = &env.target;
    let fixture = &env.fixture;
    let mut client = target.client();
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
pub(crate) struct Row {
    pub(crate) backend: String,
    pub(crate) scenario: &'static str,
    /// `http` or `https`: how the cell's requests reached the process measured.
    pub(crate) scheme: &'static str,
    pub(crate) connections: usize,
    pub(crate) requests: u64,
    pub(crate) requests_per_sec: f64,
    pub(crate) p50_ms: f64,
    pub(crate) p99_ms: f64,
    pub(crate) errors: u64,
    /// Peak RSS of the server process during the cell (`None` for the in-process baseline).
    pub(crate) peak_rss_mib: Option<f64>,
    /// Server CPU time (user + system) per measured request, in microseconds.
    pub(crate) server_cpu_us_per_request: Option<f64>,
    /// Server context switches per measured request.
    pub(crate) server_switches_per_request: Option<f64>,
    /// PostgreSQL's CPU time (all its processes) per measured request, in microseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) postgres_cpu_us_per_request: Option<f64>,
    /// PostgreSQL's context switches per measured request: about its round trips.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) postgres_switches_per_request: Option<f64>,
    /// create_message: writes answered 201, and those of them found in the database.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) acknowledged: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) committed: Option<u64>,
    /// What drove the cell: `wrk -tN` or `in-process hyper`.
    pub(crate) load_generator: String,
    /// The load generator's CPU time over the cell's wall time, in cores (wrk only).
    pub(crate) load_generator_cores: Option<f64>,
    /// requests/s over the baseline's at the same number of connections.
    pub(crate) vs_baseline: Option<f64>,
    /// The baseline's CPU per request over this row's (1 = as cheap as bare hyper).
    pub(crate) cpu_vs_baseline: Option<f64>,
    /// requests/s over the dropshot reference's at the same number of connections.
    pub(crate) vs_dropshot: Option<f64>,
    /// The dropshot reference's CPU per request over this row's (1 = as cheap as
    /// dropshot alone: all of the rest is the framework).
    pub(crate) cpu_vs_dropshot: Option<f64>,
    /// On the scale database: CPU per request over the same cell's on the fresh one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) cpu_vs_fresh: Option<f64>,
    /// get_conversation: the ratio to the baseline in every alternated round, in run
    /// order; this row is the round with the median ratio.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) round_ratios: Vec<f64>,
    /// get_conversation: the CPU-per-request ratio in every alternated round.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) round_cpu_ratios: Vec<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) first_error: Option<String>,
}

pub(crate) fn percentile_ms(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    f64::from(sorted[rank.clamp(1, sorted.len()) - 1]) / 1000.0
}

pub(crate) async fn run_cell(
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
        scheme: env.target.scheme(),
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
pub(crate) const BODIES_PER_SEC: usize = 30_000;

/// Runs one cell with wrk: a warm-up run, then the measured run, reading `pid`'s CPU
/// time and peak RSS around the measured one.
pub(crate) async fn run_cell_wrk(
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
        scheme: env.target.scheme(),
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
pub(crate) struct WrkCell {
    pub(crate) result: wrk::WrkResult,
    pub(crate) usage: Option<(f64, f64)>,
    pub(crate) postgres: Option<(f64, f64)>,
    pub(crate) rss: Option<f64>,
    pub(crate) committed: Option<u64>,
}

pub(crate) fn usage_delta(
    before: Option<ProcessUsage>,
    after: Option<ProcessUsage>,
) -> Option<(f64, f64)> {
    let (before, after) = (before?, after?);
    Some((
        after.cpu.saturating_sub(before.cpu).as_secs_f64(),
        after
            .context_switches
            .saturating_sub(before.context_switches) as f64,
    ))
}

pub(crate) async fn wrk_cell(
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
    let base_url = target.base_url();
    let run = |file: Option<PathBuf>, duration: Duration| {
        let (wrk_bin, workdir) = (wrk_bin.to_path_buf(), workdir.to_path_buf());
        let base_url = base_url.clone();
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
                &base_url,
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
pub(crate) async fn run_any_cell(
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
