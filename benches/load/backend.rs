//! One backend, start to end: the server, the two references, the alternated rounds, the
//! other scenarios, the saturation probe, and the comparison with the fresh database.

use super::*;

pub(crate) struct BackendRun {
    pub(crate) rows: Vec<Row>,
    /// The baseline at the largest connection count with 1, 2 and 4 wrk threads: if the
    /// load generator were the bottleneck, more of its threads would raise the figure.
    pub(crate) saturation: Vec<Row>,
    pub(crate) peak_rss_mib: Option<f64>,
    pub(crate) targets: Vec<TargetCheck>,
    pub(crate) seeded: Option<scale::SeedReport>,
    pub(crate) load_before: String,
}

/// A cell's scenario, connections and CPU per request.
pub(crate) type CellCost = (&'static str, usize, Option<f64>);

/// Fills `cpu_vs_fresh` in each scale run's rows (`sqlite@1M` against `sqlite`) and adds
/// its targets: each cell within 1.25x of the same cell's CPU per request on the fresh
/// database (on PostgreSQL, the server's and PostgreSQL's CPU together). The two runs are
/// minutes apart, and a shared machine's speed moves between them (one run measured the
/// bare baseline at 8.7 and then 11.0 µs per request), so the verdict divides that drift
/// out: the ratio over the baseline's own ratio at the same connection count. Both are
/// shown.
pub(crate) fn compare_with_fresh(runs: &mut [(String, BackendRun)], fresh_messages: usize) {
    let cpu = |r: &Row| {
        r.server_cpu_us_per_request
            .map(|server| server + r.postgres_cpu_us_per_request.unwrap_or(0.0))
    };
    let costs = |rows: &[Row]| -> Vec<CellCost> {
        rows.iter()
            .map(|r| (r.scenario, r.connections, cpu(r)))
            .collect()
    };
    let fresh_runs: Vec<(String, Vec<CellCost>)> = runs
        .iter()
        .filter(|(_, run)| run.seeded.is_none())
        .map(|(name, run)| (name.clone(), costs(&run.rows)))
        .collect();
    for (name, run) in runs.iter_mut().filter(|(_, run)| run.seeded.is_some()) {
        let fresh_name = name.split('@').next().unwrap_or_default();
        let Some((_, fresh)) = fresh_runs.iter().find(|(n, _)| n == fresh_name) else {
            continue;
        };
        let long = run.seeded.as_ref().map_or(0, |s| s.long_messages);
        let baseline = |rows: &[CellCost], connections: usize| {
            rows.iter()
                .find(|(s, c, _)| *s == Scenario::Baseline.name() && *c == connections)
                .and_then(|(_, _, cpu)| *cpu)
        };
        let this_run = costs(&run.rows);
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
            // The machine's own change between the runs, measured on the bare baseline.
            let drift = match (
                baseline(&this_run, row.connections),
                baseline(fresh, row.connections),
            ) {
                (Some(this), Some(fresh)) if fresh > 0.0 => Some((this / fresh, this, fresh)),
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
                let (verdict, measured) = match drift {
                    Some((machine, this, fresh)) => (
                        ratio / machine,
                        format!(
                            "{:.2}x over the machine's drift ({ratio:.2}x measured; the baseline {fresh:.1} then {this:.1} µs per request, {machine:.2}x)",
                            ratio / machine
                        ),
                    ),
                    None => (
                        ratio,
                        format!("{ratio:.2}x (no baseline to take the machine's drift out)"),
                    ),
                };
                run.targets.push(TargetCheck {
                    target: format!(
                        "{what} {} connections: CPU per request <= 1.25x",
                        row.connections
                    ),
                    measured,
                    met: verdict <= 1.25,
                });
            }
        }
    }
}

pub(crate) async fn run_backend(
    backend: &str,
    database_url: &str,
    settings: &Settings,
    scale: Option<scale::Scale>,
    probe_saturation: bool,
) -> Result<BackendRun> {
    let workdir = tempfile::tempdir()?;
    let database_url = database_url.replace("{dir}", &workdir.path().display().to_string());
    let tls = if settings.tls {
        Some(tls::make(workdir.path())?)
    } else {
        None
    };
    eprintln!(
        "[{backend}] starting {}{}",
        server_bin(),
        if tls.is_some() { " over https" } else { "" }
    );
    let (mut server, seeded) =
        start_server(&database_url, workdir.path(), scale, tls.as_ref()).await?;
    let pid = server.pid();
    let connector = tls.as_ref().map(|tls| tls.connector.clone());
    let token = fetch_token(server.addr, connector.clone()).await?;
    let key = SigningKey::new(&Secret::new(SIGNING_SECRET))?;
    let target = Arc::new(Target {
        addr: server.addr,
        host: server.addr.to_string(),
        token: token.clone(),
        key: key.clone(),
        tls: connector,
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
        tls: None,
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
        tls: None,
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
    let (baselines, dropshots) = (
        references(Scenario::Baseline),
        references(Scenario::Dropshot),
    );
    // The references answer what get_conversation answers: only those rows compare.
    let ratios = |references: &[(usize, f64, Option<f64>)], row: &Row| {
        let Some(&(_, rps, cpu)) = references.iter().find(|(c, _, _)| *c == row.connections) else {
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
pub(crate) fn saturation_check(rows: &[Row], saturation: &[Row]) -> Option<TargetCheck> {
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
pub(crate) fn round_ratio(round: &[Row]) -> Option<f64> {
    let rps = |scenario: Scenario| {
        round
            .iter()
            .find(|row| row.scenario == scenario.name())
            .map(|row| row.requests_per_sec)
    };
    Some(rps(Scenario::GetConversation)? / rps(Scenario::Baseline)?).filter(|r| r.is_finite())
}

/// The baseline's CPU per request over get_conversation's in one round.
pub(crate) fn round_cpu_ratio(round: &[Row]) -> Option<f64> {
    let cpu = |scenario: Scenario| {
        round
            .iter()
            .find(|row| row.scenario == scenario.name())
            .and_then(|row| row.server_cpu_us_per_request)
    };
    Some(cpu(Scenario::Baseline)? / cpu(Scenario::GetConversation)?).filter(|r| r.is_finite())
}

/// The round whose ratio is the median, its get_conversation row noting every round's.
pub(crate) fn median_round(mut rounds: Vec<Vec<Row>>) -> Vec<Row> {
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

pub(crate) fn max_opt(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}
