//! `fin-helpdesk-codegen scaffold SPEC DIR`: a new dropshot server crate for any OpenAPI
//! 3.0 or 3.1 document, every operation answering 501 until implemented.

use fin_helpdesk_codegen::scaffold::{CodegenDependency, scaffold_with};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: fin-helpdesk-codegen scaffold SPEC DIR [--codegen-path PATH | --codegen-version VERSION]

  --codegen-path PATH        depend on the generator at PATH, absolute or relative to DIR
                             (default: the checkout this binary was built from)
  --codegen-version VERSION  depend on the published generator, e.g. 0.1";

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let (spec, directory, codegen) = match parse(&arguments) {
        Ok(parsed) => parsed,
        Err(problem) => {
            eprintln!("{problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let CodegenDependency::Path(path) = &codegen
        && !directory.join(path).join("Cargo.toml").is_file()
    {
        // Cargo would say so at the first build; said now, the cause is still in view.
        eprintln!(
            "warning: no Cargo.toml at {} (the path is read from {})",
            path.display(),
            directory.display()
        );
    }
    match scaffold_with(&PathBuf::from(&spec), &directory, &codegen) {
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

/// `scaffold SPEC DIR` and at most one of the dependency options, in any order after it.
fn parse(arguments: &[String]) -> Result<(String, PathBuf, CodegenDependency), String> {
    let (command, rest) = arguments.split_first().ok_or("no command")?;
    if command != "scaffold" {
        return Err(format!("unknown command `{command}`"));
    }
    let mut positional = Vec::new();
    let mut codegen = None;
    let mut rest = rest.iter();
    while let Some(argument) = rest.next() {
        let chosen = match argument.as_str() {
            "--codegen-path" | "--codegen-version" => {
                let value = rest
                    .next()
                    .filter(|value| !value.is_empty())
                    .ok_or(format!("{argument} needs a value"))?;
                if argument == "--codegen-path" {
                    CodegenDependency::Path(PathBuf::from(value))
                } else {
                    CodegenDependency::Version(value.clone())
                }
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
            _ => {
                positional.push(argument.clone());
                continue;
            }
        };
        if codegen.replace(chosen).is_some() {
            return Err("--codegen-path and --codegen-version: one, once".to_string());
        }
    }
    let [spec, directory] = <[String; 2]>::try_from(positional)
        .map_err(|_| "scaffold takes a SPEC and a DIR".to_string())?;
    Ok((spec, PathBuf::from(directory), codegen.unwrap_or_default()))
}
