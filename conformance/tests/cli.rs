//! The binary as a user meets it: its `--help` (golden: the same flags as
//! `fin-helpdesk conformance --help`, in `tests/golden/cli-help.txt` of the server) and
//! exit code 2 when it cannot start.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_fin-helpdesk-conformance");

#[test]
fn help_lists_the_flags() {
    let output = Command::new(BIN)
        .arg("--help")
        .output()
        .expect("the binary runs");
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).expect("UTF-8");
    expectorate::assert_contents("tests/golden/help.txt", &help);
    // The server's subcommand has the same options, but `--version` (the binary's own).
    let server = include_str!("../../tests/golden/cli-help.txt");
    let subcommand = server
        .split("$ fin-helpdesk conformance --help\n")
        .nth(1)
        .expect("the server's golden has the subcommand");
    assert_eq!(
        options(subcommand),
        options(&help)
            .into_iter()
            .filter(|line| !line.contains("--version"))
            .collect::<Vec<_>>()
    );
}

/// The lines of the first `Options:` section.
fn options(help: &str) -> Vec<&str> {
    help.lines()
        .skip_while(|line| *line != "Options:")
        .skip(1)
        .take_while(|line| !line.is_empty())
        .collect()
}

#[test]
fn a_checker_that_cannot_start_exits_with_2() {
    let output = Command::new(BIN)
        .args(["--base-url", "not a url", "--token", "t"])
        .env_remove("FIN_CONFORMANCE_TOKEN")
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: --base-url: "), "{stderr}");
    // Bad arguments are clap's, with the same code.
    let output = Command::new(BIN).output().expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
}
