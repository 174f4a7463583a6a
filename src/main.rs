//! The `fin-helpdesk` command line: `serve`, `openapi`, `agents`, `clients`,
//! `conformance` (the `fin-helpdesk-conformance` crate's checker), `outbox`, `users`,
//! `backup`, and its own shell completions and manual page.

use clap::parser::ValueSource;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use dropshot::ConfigLoggingLevel;
use fin_helpdesk::Variant;
use fin_helpdesk::cli::{DEFAULT_DATABASE_URL, LogFormat, ServeArgs, read_secret_file};
use fin_helpdesk::credentials::{
    CLIENT_SECRET_PREFIX, SECRET_RULE, hash_secret, hash_token, is_strong_enough, new_token,
};
use fin_helpdesk::store::{self, EventState, NewAgent, OpenOptions, Requeue, Store};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "fin-helpdesk",
    version,
    about = "A helpdesk backend for Intercom's Fin"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once at start; the size of the `serve` options does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Serve both variants of the Fin Custom Helpdesk API.
    Serve(ServeArgs),
    /// Print the OpenAPI document the server serves for one variant.
    Openapi {
        #[arg(long, value_enum, default_value = "rest")]
        variant: Variant,
    },
    /// Manage agents (one of them represents Fin).
    Agents {
        #[command(flatten)]
        database: DatabaseArg,
        #[command(subcommand)]
        action: AgentAction,
    },
    /// Manage the OAuth2 clients allowed to get tokens from /oauth/token.
    Clients {
        #[command(flatten)]
        database: DatabaseArg,
        #[command(subcommand)]
        action: ClientAction,
    },
    /// Check whether a running helpdesk (this one or your own) honours the Fin contract.
    Conformance(fin_helpdesk_conformance::ConformanceArgs),
    /// Inspect and requeue the events queued for Fin's webhook.
    Outbox {
        #[command(flatten)]
        database: DatabaseArg,
        #[command(subcommand)]
        action: OutboxAction,
    },
    /// Export or erase what is stored about an end user (GDPR articles 15 and 17).
    Users {
        #[command(flatten)]
        database: DatabaseArg,
        #[command(subcommand)]
        action: UserAction,
    },
    /// Copy a SQLite database to a new file while the server keeps running, and check the
    /// copy (for PostgreSQL, use pg_dump).
    Backup {
        #[command(flatten)]
        database: DatabaseArg,
        /// The file to write; it must not exist yet.
        #[arg(long)]
        to: PathBuf,
    },
    /// Print a completion script for a shell (bash, zsh, fish, …), made from the same
    /// definitions as --help.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff, for `man -l -`), made from the same definitions as
    /// --help.
    Man,
}

#[derive(Subcommand)]
enum OutboxAction {
    /// List events as JSON lines, oldest first, a page at a time: when the page is full,
    /// the command for the next one is printed on stderr.
    List {
        /// Only events in this state.
        #[arg(long, value_enum)]
        state: Option<StateArg>,
        /// Only events with an id above this one (the last id of the previous page).
        #[arg(long)]
        after_id: Option<i64>,
        /// At most this many events.
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
        limit: u32,
    },
    /// Make dead events pending again, due now.
    Retry {
        /// The event's id.
        #[arg(required_unless_present = "all_dead", conflicts_with = "all_dead")]
        id: Option<i64>,
        /// Every dead event.
        #[arg(long)]
        all_dead: bool,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// Print everything stored about the end user as one JSON object: the user, and each
    /// of their conversations with its messages.
    Export { user_id: String },
    /// Delete, in one transaction, the end user, their conversations and messages
    /// (attachment references with them), the messages they wrote elsewhere, and the
    /// outbox events of their conversations; prints what was removed.
    Erase { user_id: String },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum StateArg {
    Pending,
    Dead,
    Delivered,
}

#[derive(Args)]
struct DatabaseArg {
    /// `sqlite://PATH` or `postgres://…`.
    #[arg(long, global = true, env = "FIN_HELPDESK_DATABASE_URL", hide_env_values = true, default_value = DEFAULT_DATABASE_URL)]
    database_url: String,
}

#[derive(Subcommand)]
enum AgentAction {
    /// Add an agent.
    Add {
        /// Its id (generated when left out).
        #[arg(long)]
        id: Option<String>,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        photo_url: Option<String>,
        /// Public alias shown to end users instead of the name.
        #[arg(long)]
        alias: Option<String>,
    },
    /// List agents as JSON lines.
    List,
    /// Remove an agent (its messages stay readable).
    Remove { id: String },
    /// Create a token for the agent to use the /helpdesk/ API; prints it once (only its
    /// hash is stored).
    Token { agent_id: String },
}

#[derive(Subcommand)]
enum ClientAction {
    /// Add a client; prints a generated secret once when none is given.
    Add {
        client_id: String,
        /// The secret (read from FIN_HELPDESK_CLIENT_SECRET when set): at least 32
        /// characters, at least 8 of them different; prefer the environment or
        /// --secret-file, as other local users can read a command line.
        #[arg(long, env = "FIN_HELPDESK_CLIENT_SECRET", hide_env_values = true)]
        secret: Option<String>,
        /// File holding the secret (surrounding whitespace ignored).
        #[arg(
            long,
            env = "FIN_HELPDESK_CLIENT_SECRET_FILE",
            conflicts_with = "secret"
        )]
        secret_file: Option<PathBuf>,
    },
    /// List client ids.
    List,
    /// Remove a client and revoke its tokens.
    Remove { client_id: String },
}

fn main() -> ExitCode {
    // Databases, their journals and backups hold personal data and credential hashes.
    fin_helpdesk::cli::owner_only_umask();
    let (cli, secret_flags) = parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(run(cli, secret_flags));
    // Dropping the runtime would wait for every thread still inside a blocking call (a
    // read stuck on a locked database, say); a stop that gave up on those must not.
    runtime.shutdown_background();
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The command line, and the flags on it that carry a secret (other local users can read
/// a command line: `ps`, `/proc/PID/cmdline`), to warn about. Never their values.
fn parse() -> (Cli, Vec<&'static str>) {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    let secret_flags = match matches.subcommand() {
        Some(("serve", serve)) => fin_helpdesk::cli::secret_flags_given(serve),
        Some(("clients", clients)) => match clients.subcommand() {
            Some(("add", add)) if add.value_source("secret") == Some(ValueSource::CommandLine) => {
                vec!["--secret"]
            }
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    (cli, secret_flags)
}

const SECRET_FLAG_WARNING: &str = "a secret was given as a command-line flag, which other \
    local users can read (ps, /proc); give it through the environment, a file (the \
    option's -file form or _FILE variable) or the configuration file instead";

async fn run(cli: Cli, secret_flags: Vec<&'static str>) -> Result<ExitCode, String> {
    let done = |result: Result<(), String>| result.map(|()| ExitCode::SUCCESS);
    if !matches!(cli.command, Command::Serve(_)) {
        // `serve` says it in its log.
        for flag in &secret_flags {
            eprintln!("warning: {SECRET_FLAG_WARNING} (flag: {flag})");
        }
    }
    match cli.command {
        // The checker prints its own report and decides its exit code.
        Command::Conformance(args) => Ok(fin_helpdesk_conformance::run(args).await),
        Command::Serve(args) => serve(args, &secret_flags).await,
        Command::Openapi { variant } => done(print_openapi(variant)),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "fin-helpdesk", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut page)
                .map_err(|error| format!("cannot write the manual page: {error}"))?;
            use std::io::Write;
            std::io::stdout()
                .write_all(&page)
                .map_err(|error| format!("cannot print the manual page: {error}"))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Agents { database, action } => done(agents(&database.database_url, action).await),
        Command::Clients { database, action } => {
            done(clients(&database.database_url, action).await)
        }
        Command::Outbox { database, action } => done(outbox(&database.database_url, action).await),
        Command::Users { database, action } => done(users(&database.database_url, action).await),
        Command::Backup { database, to } => {
            let url = database.database_url;
            // SQLite's backup API blocks: off the async threads.
            let report = tokio::task::spawn_blocking(move || fin_helpdesk::cli::backup(&url, &to))
                .await
                .map_err(|error| format!("the backup stopped: {error}"))?
                .map_err(|error| error.to_string())?;
            println!("{report}");
            if report.integrity != "ok" {
                return Err("the copy failed its integrity check".into());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Stderr loggers like dropshot's `ConfigLogging::StderrTerminal`, but ones that drop
/// records below their level on the caller's thread. dropshot's filters on its logging
/// thread, so each request's (dropped) info line crossed a channel and woke that thread:
/// per request a futex wake and two `sched_yield`s (strace), on a machine where the
/// logging thread competes with the server for the same cores.
///
/// Two loggers over one output: the helpdesk's own at `level`, and the request logger
/// given to dropshot at `request_level`, which also counts each answered request in the
/// metrics and names its API and operation ([`fin_helpdesk::cli::RequestDrain`]). One
/// output thread writes both, so their lines never interleave.
///
/// Dropping the guard writes out what is queued: the process may exit with tasks still
/// holding the logger, so the last lines would otherwise be lost. Records logged after
/// that are dropped rather than panicking.
fn loggers(
    level: ConfigLoggingLevel,
    request_level: ConfigLoggingLevel,
    format: LogFormat,
) -> (slog::Logger, slog::Logger, slog_async::AsyncGuard) {
    use slog::Drain;
    let formatted: Box<dyn Drain<Ok = (), Err = slog::Never> + Send> = match format {
        LogFormat::Text => {
            let decorator = slog_term::TermDecorator::new().build();
            Box::new(slog_term::FullFormat::new(decorator).build().fuse())
        }
        // ts, level, msg, then every field of the record (req_id, api, operation,
        // response_code, latency_us on a request's line).
        LogFormat::Json => Box::new(
            slog_json::Json::new(std::io::stderr())
                .add_default_keys()
                .build()
                .fuse(),
        ),
    };
    let (drain, guard) = slog_async::Async::new(formatted)
        .chan_size(1024)
        .build_with_guard();
    let output = Arc::new(drain.ignore_res());
    let own = slog::LevelFilter::new(output.clone(), slog::Level::from(&level));
    let requests = slog::LevelFilter::new(output, slog::Level::from(&request_level));
    let requests = fin_helpdesk::cli::RequestDrain::new(requests);
    (
        slog::Logger::root(own.fuse(), slog::o!()),
        slog::Logger::root(requests.fuse(), slog::o!()),
        guard,
    )
}

async fn serve(args: ServeArgs, secret_flags: &[&str]) -> Result<ExitCode, String> {
    let settings = args.resolve().map_err(|error| error.to_string())?;
    // dropshot logs every request at info: keep those lines for `--log-level debug`, so
    // the default level costs nothing per request.
    let request_level = match settings.log_level {
        ConfigLoggingLevel::Debug | ConfigLoggingLevel::Trace => settings.log_level.clone(),
        _ => ConfigLoggingLevel::Warn,
    };
    let (log, request_log, _log_guard) = loggers(
        settings.log_level.clone(),
        request_level,
        settings.log_format,
    );
    for flag in secret_flags {
        slog::warn!(log, "{}", SECRET_FLAG_WARNING; "flag" => flag);
    }
    if settings.metrics_bind.is_some() {
        // Before the first request, so that none goes uncounted.
        fin_helpdesk::cli::enable_metrics();
    }
    let running = fin_helpdesk::cli::start_with_request_log(
        settings.server.clone(),
        log.clone(),
        request_log,
    )
    .await
    .map_err(|error| error.to_string())?;
    let metrics_server = match settings.metrics_bind {
        Some(bind) => {
            let metrics =
                fin_helpdesk::cli::serve_metrics(bind, running.state.store.clone(), log.clone())?;
            slog::info!(log, "serving Prometheus metrics at GET /metrics";
                "address" => %metrics.local_addr());
            Some(metrics)
        }
        None => None,
    };
    if let Some(token) = &running.generated_api_token {
        // Shown once: only its hash is stored.
        println!(
            "No credentials were configured, so an API token was generated. Keep it; it is not shown again:"
        );
        println!("{}", token.expose());
    }
    slog::info!(log, "serving the Fin Custom Helpdesk API";
        "address" => %running.local_addr,
        "database" => redact_url(&settings.server.database_url),
        "signatures" => if settings.server.signing_secret.is_some() { "required" } else { "not checked" });
    // Installed once the server is up: until then a signal's default action ends the
    // process at once, which is what a start stuck on an unreachable database needs.
    let mut signals = Signals::new()?;
    let first = signals.next().await;
    let timeout = settings.server.shutdown_timeout;
    slog::info!(log, "shutting down: no new requests or outbox claims; finishing what is \
        in flight, for at most the shutdown timeout (a second signal exits at once)";
        "signal" => first.name(), "shutdown_timeout_secs" => timeout.as_secs());
    if let Some(metrics) = metrics_server {
        // Nothing to finish there: a scrape in flight may be cut off.
        let _ = metrics.close().await;
    }
    let report = tokio::select! {
        report = running.stop() => report,
        second = signals.next() => {
            slog::warn!(log, "second signal: exiting at once, abandoning what is in flight \
                (queued events stay queued)"; "signal" => second.name());
            return Ok(ExitCode::from(second.exit_status()));
        }
    };
    if let Some(error) = &report.server_error {
        return Err(format!("the server failed while stopping: {error}"));
    }
    if report.is_clean() {
        slog::info!(log, "stopped");
    } else {
        // Every event stays queued; what differs is when another worker may send it.
        let outbox = &report.outbox;
        let (due_now, after_lease) = if outbox.released {
            (outbox.abandoned.as_slice(), &[][..])
        } else {
            (&[][..], outbox.abandoned.as_slice())
        };
        slog::warn!(log, "stopped with work left unfinished (see above); queued events \
            stay queued";
            "requests_abandoned" => report.requests_abandoned,
            "events_due_at_once" => format!("{due_now:?}"),
            "events_sent_after_their_lease" => format!("{after_lease:?}"),
            "claim_cut_off" => outbox.cut_off);
    }
    Ok(ExitCode::SUCCESS)
}

/// The signals that stop `serve`: SIGTERM (orchestrators, `kill`) and SIGINT (Ctrl-C).
/// Installed once, so the second one is seen even while the first is being handled.
struct Signals {
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
}

#[derive(Debug, Clone, Copy)]
enum Stop {
    Terminate,
    Interrupt,
}

impl Stop {
    fn name(self) -> &'static str {
        match self {
            Stop::Terminate => "SIGTERM",
            Stop::Interrupt => "SIGINT",
        }
    }

    /// The status a shell reports for a process killed by this signal (128 + its number).
    fn exit_status(self) -> u8 {
        match self {
            Stop::Terminate => 128 + 15,
            Stop::Interrupt => 128 + 2,
        }
    }
}

impl Signals {
    #[cfg(unix)]
    fn new() -> Result<Signals, String> {
        use tokio::signal::unix::{SignalKind, signal};
        let install = |kind: SignalKind| {
            signal(kind).map_err(|error| format!("cannot handle stop signals: {error}"))
        };
        Ok(Signals {
            terminate: install(SignalKind::terminate())?,
            interrupt: install(SignalKind::interrupt())?,
        })
    }

    #[cfg(not(unix))]
    fn new() -> Result<Signals, String> {
        Ok(Signals {})
    }

    #[cfg(unix)]
    async fn next(&mut self) -> Stop {
        tokio::select! {
            _ = self.terminate.recv() => Stop::Terminate,
            _ = self.interrupt.recv() => Stop::Interrupt,
        }
    }

    #[cfg(not(unix))]
    async fn next(&mut self) -> Stop {
        // Without a handler Ctrl-C would kill the process outright.
        let _ = tokio::signal::ctrl_c().await;
        Stop::Interrupt
    }
}

/// The database URL without its password, for the log.
fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("[redacted]"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

fn print_openapi(variant: Variant) -> Result<(), String> {
    let document = variant
        .served_document()
        .map_err(|error| error.to_string())?;
    let text = serde_json::to_string_pretty(&document).map_err(|error| error.to_string())?;
    println!("{text}");
    Ok(())
}

async fn open_store(database_url: &str) -> Result<Arc<dyn Store>, String> {
    store::open(database_url, &OpenOptions::default())
        .await
        .map_err(|error| format!("cannot open the database: {error}"))
}

async fn agents(database_url: &str, action: AgentAction) -> Result<(), String> {
    let store = open_store(database_url).await?;
    let show = |agent: &store::AgentRecord| {
        serde_json::json!({
            "id": agent.id, "name": agent.name, "email": agent.email,
            "photo_url": agent.photo_url, "alias": agent.alias,
        })
    };
    match action {
        AgentAction::Add {
            id,
            name,
            email,
            photo_url,
            alias,
        } => {
            let agent = store
                .add_agent(NewAgent {
                    id,
                    name: Some(name),
                    email: Some(email),
                    photo_url,
                    alias,
                })
                .await
                .map_err(|error| error.to_string())?;
            println!("{}", show(&agent));
        }
        AgentAction::List => {
            for agent in store
                .list_agents()
                .await
                .map_err(|error| error.to_string())?
            {
                println!("{}", show(&agent));
            }
        }
        AgentAction::Remove { id } => {
            if !store
                .remove_agent(&id)
                .await
                .map_err(|error| error.to_string())?
            {
                return Err(format!("no agent with id `{id}`"));
            }
            println!("removed agent {id}");
        }
        AgentAction::Token { agent_id } => {
            let token = new_token("fhd_agent_");
            store
                .add_agent_token(&hash_token(token.expose()), &agent_id)
                .await
                .map_err(|error| error.to_string())?;
            println!(
                "agent token for {agent_id} (shown once): {}",
                token.expose()
            );
        }
    }
    Ok(())
}

async fn outbox(database_url: &str, action: OutboxAction) -> Result<(), String> {
    let store = open_store(database_url).await?;
    match action {
        OutboxAction::List {
            state: state_arg,
            after_id,
            limit,
        } => {
            let state = state_arg.map(|state| match state {
                StateArg::Pending => EventState::Pending,
                StateArg::Dead => EventState::Dead,
                StateArg::Delivered => EventState::Delivered,
            });
            let page = store
                .list_events(state, after_id, Some(limit))
                .await
                .map_err(|error| error.to_string())?;
            // A full page may not be the last: say how to get the next one, on stderr so
            // that stdout stays JSON lines.
            if let Some(last) = page.last().filter(|_| page.len() >= limit as usize) {
                let state = state.map_or(String::new(), |state| {
                    format!(" --state {}", state.as_str())
                });
                eprintln!(
                    "more events may follow: fin-helpdesk outbox list{state} --limit {limit} \
                     --after-id {}",
                    last.id
                );
            }
            for event in page {
                let line = serde_json::json!({
                    "id": event.id,
                    "conversation_id": event.conversation_id,
                    "kind": event.kind.as_str(),
                    "state": event.state.as_str(),
                    "attempts": event.attempts,
                    "next_attempt_at": event.next_attempt_at.to_rfc3339(),
                    "created_at": event.created_at.to_rfc3339(),
                    "last_error": event.last_error,
                    "payload": event.payload,
                });
                println!("{line}");
            }
        }
        OutboxAction::Retry { id, all_dead } => {
            let which = match (id, all_dead) {
                (Some(id), false) => Requeue::One(id),
                (None, true) => Requeue::AllDead,
                _ => return Err("give an event id or --all-dead".into()),
            };
            let count = store
                .requeue_dead(which)
                .await
                .map_err(|error| error.to_string())?;
            println!(
                "requeued {count} dead event(s); a running server sends them at its next poll"
            );
        }
    }
    Ok(())
}

async fn users(database_url: &str, action: UserAction) -> Result<(), String> {
    let store = open_store(database_url).await?;
    let failed = |error: store::StoreError| error.to_string();
    match action {
        UserAction::Export { user_id } => {
            let Some(user) = store.get_user(&user_id).await.map_err(failed)? else {
                return Err(format!("nothing is stored about an end user `{user_id}`"));
            };
            let mut conversations = Vec::new();
            for conversation in store.user_conversations(&user_id).await.map_err(failed)? {
                let messages = store
                    .list_messages(&conversation.id, None)
                    .await
                    .map_err(failed)?;
                conversations.push(export::conversation(&conversation, &messages));
            }
            let document = serde_json::json!({
                "user": export::user(&user),
                "conversations": conversations,
            });
            let text = serde_json::to_string_pretty(&document).map_err(|e| e.to_string())?;
            println!("{text}");
        }
        UserAction::Erase { user_id } => {
            let erased = store.erase_user(&user_id).await.map_err(failed)?;
            if erased.is_nothing() {
                println!("nothing is stored about end user {user_id}; nothing was removed");
            } else {
                println!(
                    "erased end user {user_id}: {} user, {} conversation(s), {} message(s), \
                     {} attachment reference(s), {} outbox event(s)",
                    erased.users,
                    erased.conversations,
                    erased.messages,
                    erased.attachments,
                    erased.outbox_events
                );
            }
        }
    }
    Ok(())
}

/// The JSON of `users export`: every stored field of each record, by its store name.
mod export {
    use fin_helpdesk::store::{
        AgentRecord, AuthorRecord, ConversationRecord, MessageRecord, UserRecord,
    };
    use serde_json::{Value, json};

    pub fn user(user: &UserRecord) -> Value {
        json!({
            "id": user.id, "object_id": user.object_id, "name": user.name,
            "email": user.email, "photo_url": user.photo_url, "attributes": user.attributes,
            "created_at": user.created_at.to_rfc3339(), "updated_at": user.updated_at.to_rfc3339(),
        })
    }

    fn agent(agent: &AgentRecord) -> Value {
        json!({ "id": agent.id, "name": agent.name })
    }

    pub fn conversation(conversation: &ConversationRecord, messages: &[MessageRecord]) -> Value {
        json!({
            "id": conversation.id, "object_id": conversation.object_id,
            "title": conversation.title, "tags": conversation.tags,
            "attributes": conversation.attributes, "status": conversation.status,
            "assignee": conversation.assignee.as_ref().map(agent),
            "last_user_read_at": conversation.last_user_read_at.map(|t| t.to_rfc3339()),
            "created_at": conversation.created_at.to_rfc3339(),
            "updated_at": conversation.updated_at.to_rfc3339(),
            "messages": messages.iter().map(message).collect::<Vec<_>>(),
        })
    }

    fn message(message: &MessageRecord) -> Value {
        let author = match &message.author {
            AuthorRecord::EndUser(user) => json!({ "type": "end_user", "id": user.id }),
            AuthorRecord::Agent(author) => json!({ "type": "agent", "id": author.id }),
        };
        json!({
            "id": message.id, "object_id": message.object_id,
            "message_type": message.message_type, "body": message.body, "author": author,
            "visibility": message.visibility, "attachments": message.attachments,
            "created_at": message.created_at.to_rfc3339(),
        })
    }
}

async fn clients(database_url: &str, action: ClientAction) -> Result<(), String> {
    let store = open_store(database_url).await?;
    match action {
        ClientAction::Add {
            client_id,
            secret,
            secret_file,
        } => {
            let secret = match (secret, secret_file) {
                (None, Some(path)) => {
                    Some(read_secret_file(&path).map_err(|error| error.to_string())?)
                }
                (secret, _) => secret,
            };
            let generated = secret.is_none();
            if secret
                .as_deref()
                .is_some_and(|secret| !is_strong_enough(secret))
            {
                // Never echo the value.
                return Err(format!("the client secret is too weak: use {SECRET_RULE}"));
            }
            let secret = secret
                .map(fin_helpdesk::credentials::Secret::new)
                .unwrap_or_else(|| new_token(CLIENT_SECRET_PREFIX));
            store
                .add_oauth_client(&client_id, &hash_secret(secret.expose()))
                .await
                .map_err(|error| error.to_string())?;
            println!("added client {client_id}");
            if generated {
                println!("client secret (shown once): {}", secret.expose());
            }
        }
        ClientAction::List => {
            for client in store
                .list_oauth_clients()
                .await
                .map_err(|error| error.to_string())?
            {
                println!("{}\t{}", client.client_id, client.created_at.to_rfc3339());
            }
        }
        ClientAction::Remove { client_id } => {
            if !store
                .remove_oauth_client(&client_id)
                .await
                .map_err(|error| error.to_string())?
            {
                return Err(format!("no client `{client_id}`"));
            }
            println!("removed client {client_id} and revoked its tokens");
        }
    }
    Ok(())
}
