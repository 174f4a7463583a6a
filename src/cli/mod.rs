//! The server's side of the `fin-helpdesk` command line: its subcommands ([`Command`]),
//! the code that runs each ([`run`]), and what the executable needs beyond the embedding
//! surface. The executable (`src/main.rs`) adds the commands that need more than this
//! library: `conformance` (the `fin-helpdesk-conformance` crate's checker) and those made
//! from the whole command line (completions, the manual page).

mod agents;
mod clients;
mod logging;
mod outbox;
mod serve;
mod signals;
mod users;

use crate::Variant;
use crate::error::Error;
use clap::parser::ValueSource;
use std::path::PathBuf;
use std::process::ExitCode;

pub use agents::AgentsArgs;
pub use clients::ClientsArgs;
pub use outbox::OutboxArgs;
pub use users::UsersArgs;

/// `fin-helpdesk backup`: SQLite's online backup.
pub use crate::backup::backup;
/// `fin-helpdesk serve`'s arguments, log format and default database.
pub use crate::config::{DEFAULT_DATABASE_URL, LogFormat, ServeArgs};
/// Secrets kept off the command line: reading a secret's file, and which of `serve`'s
/// secret-carrying flags were given as flags (to warn about).
pub use crate::config::{read_secret_file, secret_flags_given};
/// Turns on the Prometheus registry the server, the outbox and the store record into.
pub use crate::metrics::enable as enable_metrics;
/// Owner-only files and directories for everything the command line creates.
pub use crate::private_files::owner_only_umask;
/// The request log's drain and the metrics listener (`--metrics-bind`).
pub use crate::server::observe::{RequestDrain, serve_metrics};
/// [`start`](crate::start) with the command line's request log.
pub use crate::server::start_with_request_log;

/// The subcommands of `fin-helpdesk` that this library runs, for an executable's own
/// parser to flatten into its subcommands (`#[command(flatten)]`); [`run`] runs one.
// Parsed once at start; the size of the `serve` options does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(clap::Subcommand)]
pub enum Command {
    /// Serve both variants of the Fin Custom Helpdesk API.
    Serve(ServeArgs),
    /// Print the OpenAPI document the server serves for one variant.
    Openapi {
        #[arg(long, value_enum, default_value = "rest")]
        variant: Variant,
    },
    /// Manage agents (one of them represents Fin).
    Agents(AgentsArgs),
    /// Manage the OAuth2 clients allowed to get tokens from /oauth/token.
    Clients(ClientsArgs),
    /// Inspect and requeue the events queued for Fin's webhook.
    Outbox(OutboxArgs),
    /// Export or erase what is stored about an end user (GDPR articles 15 and 17).
    Users(UsersArgs),
    /// Copy a SQLite database to a new file while the server keeps running, and check the
    /// copy (for PostgreSQL, use pg_dump).
    Backup(BackupArgs),
}

impl Command {
    /// The flags carrying a secret that were given on the command line (other local users
    /// can read a command line: `ps`, `/proc/PID/cmdline`), as the user would type them,
    /// to warn about; never their values. `matches` are the executable's, whose
    /// subcommand is one of these; any other subcommand gives none.
    pub fn secret_flags_given(matches: &clap::ArgMatches) -> Vec<&'static str> {
        match matches.subcommand() {
            Some(("serve", serve)) => secret_flags_given(serve),
            Some(("clients", clients)) => match clients.subcommand() {
                Some(("add", add))
                    if add.value_source("secret") == Some(ValueSource::CommandLine) =>
                {
                    vec!["--secret"]
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }
}

/// Where the commands that manage stored records find the database.
#[derive(clap::Args)]
struct DatabaseArg {
    /// `sqlite://PATH` or `postgres://…`.
    #[arg(long, global = true, env = "FIN_HELPDESK_DATABASE_URL", hide_env_values = true, default_value = DEFAULT_DATABASE_URL)]
    database_url: String,
}

/// The arguments of `fin-helpdesk backup`.
#[derive(clap::Args)]
pub struct BackupArgs {
    #[command(flatten)]
    database: DatabaseArg,
    /// The file to write; it must not exist yet.
    #[arg(long)]
    to: PathBuf,
}

const SECRET_FLAG_WARNING: &str = "a secret was given as a command-line flag, which other \
    local users can read (ps, /proc); give it through the environment, a file (the \
    option's -file form or _FILE variable) or the configuration file instead";

/// Runs one command. It prints what it was asked for on stdout and its warnings on
/// stderr, and warns about each of `secret_flags` (from
/// [`Command::secret_flags_given`]): `serve` in its log, the others on stderr. The
/// error is for the caller to print; the exit code is that of a command that did not
/// fail (`serve` stopped by a second signal exits as that signal would have).
pub async fn run(command: Command, secret_flags: &[&str]) -> Result<ExitCode, Error> {
    if !matches!(command, Command::Serve(_)) {
        for flag in secret_flags {
            eprintln!("warning: {SECRET_FLAG_WARNING} (flag: {flag})");
        }
    }
    let done =
        |result: Result<(), String>| result.map(|()| ExitCode::SUCCESS).map_err(Error::Command);
    match command {
        Command::Serve(args) => serve::serve(args, secret_flags).await,
        Command::Openapi { variant } => print_openapi(variant).map(|()| ExitCode::SUCCESS),
        Command::Agents(args) => done(agents::run(args).await),
        Command::Clients(args) => done(clients::run(args).await),
        Command::Outbox(args) => done(outbox::run(args).await),
        Command::Users(args) => done(users::run(args).await),
        Command::Backup(BackupArgs { database, to }) => {
            let url = database.database_url;
            // SQLite's backup API blocks: off the async threads.
            let report = tokio::task::spawn_blocking(move || backup(&url, &to))
                .await
                .map_err(|error| Error::Command(format!("the backup stopped: {error}")))??;
            println!("{report}");
            if report.integrity != "ok" {
                return Err(Error::Command("the copy failed its integrity check".into()));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_openapi(variant: Variant) -> Result<(), Error> {
    let document = variant.served_document()?;
    let text = serde_json::to_string_pretty(&document)
        .map_err(|error| Error::Command(error.to_string()))?;
    println!("{text}");
    Ok(())
}

/// Opens the database a command manages.
async fn open_store(database_url: &str) -> Result<std::sync::Arc<dyn crate::store::Store>, String> {
    crate::store::open(database_url, &crate::store::OpenOptions::default())
        .await
        .map_err(|error| format!("cannot open the database: {error}"))
}
