//! `fin-helpdesk-codegen scaffold SPEC DIR`: a new dropshot server crate for any OpenAPI
//! 3.0 or 3.1 document, every operation answering 501 until implemented.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: fin-helpdesk-codegen scaffold SPEC DIR";

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [command, spec, directory] = arguments.as_slice() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if command != "scaffold" {
        eprintln!("unknown command `{command}`\n{USAGE}");
        return ExitCode::from(2);
    }
    match fin_helpdesk_codegen::scaffold::scaffold(&PathBuf::from(spec), &PathBuf::from(directory))
    {
        Ok(scaffold) => {
            for warning in &scaffold.warnings {
                eprintln!("warning: {spec}: {warning}");
            }
            println!(
                "wrote crate `{}` in {}: trait `{}`, {} operations answering 501. Next: cd {} && cargo run",
                scaffold.crate_name,
                scaffold.directory.display(),
                scaffold.trait_name,
                scaffold.operations,
                scaffold.directory.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{spec}: {error}");
            ExitCode::FAILURE
        }
    }
}
