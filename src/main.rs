//! The `fin-helpdesk` command line.

use clap::{Parser, Subcommand};
use fin_helpdesk::contract::Variant;
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

#[derive(Subcommand)]
enum Command {
    /// Print the OpenAPI document the server serves for one variant.
    Openapi {
        #[arg(long, value_enum, default_value = "rest")]
        variant: Variant,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Openapi { variant } => match variant.served_document() {
            Ok(document) => match serde_json::to_string_pretty(&document) {
                Ok(text) => {
                    println!("{text}");
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            },
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
    }
}
