//! The `fin-helpdesk` executable: the library's commands ([`fin_helpdesk::cli::Command`]:
//! `serve`, `openapi`, `agents`, `clients`, `outbox`, `users`, `backup`) and those that
//! need more than the library: `conformance` (the `fin-helpdesk-conformance` crate's
//! checker) and the shell completions and manual page of the whole command line.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use fin_helpdesk::Error;
use fin_helpdesk::cli;
use std::process::ExitCode;

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
    #[command(flatten)]
    Server(cli::Command),
    /// Check whether a running helpdesk (this one or your own) honours the Fin contract.
    Conformance(fin_helpdesk_conformance::ConformanceArgs),
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

/// The order of the subcommands in --help, the completions and the manual page: the
/// library's flattened ones would otherwise all come before `conformance`.
const ORDER: [&str; 10] = [
    "serve",
    "openapi",
    "agents",
    "clients",
    "conformance",
    "outbox",
    "users",
    "backup",
    "completions",
    "man",
];

/// The whole command line, its subcommands in [`ORDER`].
fn command_line() -> clap::Command {
    ORDER
        .iter()
        .enumerate()
        .fold(Cli::command(), |command, (position, name)| {
            command.mut_subcommand(name, |subcommand| subcommand.display_order(position))
        })
}

fn main() -> ExitCode {
    // Databases, their journals and backups hold personal data and credential hashes.
    cli::owner_only_umask();
    let matches = command_line().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    let secret_flags = cli::Command::secret_flags_given(&matches);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(run(cli.command, &secret_flags));
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

async fn run(command: Command, secret_flags: &[&str]) -> Result<ExitCode, Error> {
    match command {
        Command::Server(command) => cli::run(command, secret_flags).await,
        // The checker prints its own report and decides its exit code.
        Command::Conformance(args) => Ok(fin_helpdesk_conformance::run(args).await),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut command_line(),
                "fin-helpdesk",
                &mut std::io::stdout(),
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command_line())
                .render(&mut page)
                .map_err(|error| {
                    Error::Command(format!("cannot write the manual page: {error}"))
                })?;
            use std::io::Write;
            std::io::stdout().write_all(&page).map_err(|error| {
                Error::Command(format!("cannot print the manual page: {error}"))
            })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
