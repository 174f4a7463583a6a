//! The bench's knobs: the scenarios, and the settings read from the environment and arguments.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scenario {
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
    pub(crate) const ALL: [Scenario; 7] = [
        Scenario::Baseline,
        Scenario::Dropshot,
        Scenario::GetConversation,
        Scenario::GetMessages,
        Scenario::CreateMessage,
        Scenario::Mixed,
        Scenario::ListUnassigned,
    ];

    pub(crate) fn name(self) -> &'static str {
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
    pub(crate) fn is_reference(self) -> bool {
        matches!(self, Scenario::Baseline | Scenario::Dropshot)
    }
}

pub(crate) struct Settings {
    pub(crate) measure: Duration,
    pub(crate) warmup: Duration,
    pub(crate) connections: Vec<usize>,
    pub(crate) scenarios: Vec<Scenario>,
    pub(crate) messages: usize,
    /// Alternated baseline/get_conversation rounds per connection count.
    pub(crate) rounds: usize,
    pub(crate) postgres: Option<String>,
    pub(crate) extra_json: Option<PathBuf>,
    /// What drives the cells: wrk (default) or the in-process hyper client.
    pub(crate) driver: Driver,
    /// wrk's threads (`-t`), at most one per connection.
    pub(crate) wrk_threads: usize,
    /// Also run the scenarios on a database seeded to this size.
    pub(crate) scale: Option<scale::Scale>,
    /// PostgreSQL's scale database, when it differs (disk or time).
    pub(crate) pg_scale: Option<scale::Scale>,
    /// Run the SQLite backends (fresh and scale).
    pub(crate) sqlite: bool,
    /// The server serves https with a certificate from a CA made for the run, and every
    /// client of the bench (wrk included) talks https to it; the references stay http.
    pub(crate) tls: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Driver {
    Wrk(PathBuf),
    Hyper,
}

impl Driver {
    pub(crate) fn name(&self, threads: usize) -> String {
        match self {
            Driver::Wrk(_) => format!("wrk -t{threads}"),
            Driver::Hyper => "in-process hyper".to_string(),
        }
    }
}

impl Settings {
    pub(crate) fn from_env_and_args() -> Result<Self> {
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
        let tls = match env("FIN_HELPDESK_BENCH_TLS").as_deref().map(str::trim) {
            None | Some("0" | "off") => false,
            Some("1" | "on") => true,
            Some(other) => {
                return Err(format!(
                    "FIN_HELPDESK_BENCH_TLS must be 1 (on) or 0 (off), not `{other}`"
                )
                .into());
            }
        };
        Ok(Settings {
            tls,
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
    pub(crate) fn clone_for_probe(&self) -> Settings {
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
            tls: self.tls,
        }
    }

    pub(crate) fn wants(&self, scenario: Scenario) -> bool {
        self.scenarios.contains(&scenario)
    }
}
