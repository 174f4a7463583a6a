//! `fin-helpdesk-conformance`: the checker on its own, for a helpdesk that is not
//! fin-helpdesk. The same flags, report and exit codes as `fin-helpdesk conformance`.

use clap::Parser;
use fin_helpdesk_conformance::ConformanceArgs;
use std::process::ExitCode;

/// Check whether a running helpdesk honours the Fin Custom Helpdesk contract.
#[derive(Parser)]
#[command(name = "fin-helpdesk-conformance", version)]
struct Cli {
    #[command(flatten)]
    args: ConformanceArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(fin_helpdesk_conformance::run(cli.args))
}
