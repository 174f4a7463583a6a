//! Runs the conformance checker on its own, with the same options as
//! `fin-helpdesk conformance`:
//!
//! ```text
//! cargo run --example conformance -- --base-url http://127.0.0.1:18080 --token …
//! ```

use clap::Parser;
use fin_helpdesk::conformance::{ConformanceArgs, run};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "conformance",
    about = "Check a running helpdesk against the Fin contract"
)]
struct Cli {
    #[command(flatten)]
    args: ConformanceArgs,
}

#[tokio::main]
async fn main() -> ExitCode {
    run(Cli::parse().args).await
}
