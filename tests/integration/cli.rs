//! The command line as users and CI call it: agents and clients against a database file.

use std::process::Command;

fn fin_helpdesk(args: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_fin-helpdesk"))
        .args(args)
        .env_remove("FIN_HELPDESK_DATABASE_URL")
        .output()
        .expect("the binary runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn agents_and_clients_are_managed_from_the_command_line() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = format!("sqlite://{}", dir.path().join("cli.db").display());

    let add_fin = [
        "agents",
        "add",
        "--database-url",
        &db,
        "--id",
        "agent_fin",
        "--name",
        "Fin",
        "--email",
        "fin@example.com",
    ];
    // The database option works before and after the action.
    let (ok, out, err) = fin_helpdesk(&add_fin);
    assert!(ok, "{err}");
    assert!(out.contains(r#""id":"agent_fin""#), "{out}");
    let (ok, out, err) = fin_helpdesk(&["agents", "--database-url", &db, "list"]);
    assert!(ok, "{err}");
    assert!(out.contains("agent_fin"), "{out}");

    let (ok, _, err) = fin_helpdesk(&add_fin);
    assert!(!ok, "a duplicate id is refused");
    assert!(err.starts_with("error: "), "{err}");

    let (ok, out, err) = fin_helpdesk(&["clients", "add", "fin", "--database-url", &db]);
    assert!(ok, "{err}");
    let secret_line = out
        .lines()
        .find(|line| line.starts_with("client secret"))
        .expect("a secret");
    assert!(secret_line.contains("fhd_cs_"), "{out}");
    let (ok, out, _) = fin_helpdesk(&["clients", "list", "--database-url", &db]);
    assert!(ok);
    assert!(out.starts_with("fin\t"), "{out}");
    // Listing never shows the secret or its hash.
    assert!(
        !out.contains("fhd_cs_") && !out.contains("sha256$"),
        "{out}"
    );

    let (ok, _, _) = fin_helpdesk(&["agents", "remove", "agent_fin", "--database-url", &db]);
    assert!(ok);
    let (ok, out, _) = fin_helpdesk(&["agents", "list", "--database-url", &db]);
    assert!(ok);
    assert!(out.trim().is_empty(), "{out}");
}
