//! The command line as users and CI call it: agents and clients against a database file.

use std::process::Command;

fn fin_helpdesk(args: &[&str]) -> (bool, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fin-helpdesk"));
    // Options fall back on FIN_* variables, and the help shows their values: none from
    // the environment the tests run in.
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("FIN_") {
            command.env_remove(name);
        }
    }
    let output = command.args(args).output().expect("the binary runs");
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

/// `outbox list` pages: at most `--limit` events, and `--after-id` continues where the
/// previous page ended, as the hint on stderr says.
#[test]
fn outbox_list_pages() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("cli.db");
    let db = format!("sqlite://{}", path.display());
    // Any command migrates the database; the events are queued directly.
    let (ok, _, err) = fin_helpdesk(&["outbox", "list", "--database-url", &db]);
    assert!(ok, "{err}");
    let connection = rusqlite::Connection::open(&path).expect("the database opens");
    for i in 0..5 {
        connection
            .execute(
                "INSERT INTO outbox (conversation_id, kind, payload, state, attempts, \
                 next_attempt_at, created_at) VALUES (?1, 'sync', '{}', 'pending', 0, \
                 '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
                [format!("conv_{i}")],
            )
            .expect("an event is queued");
    }
    drop(connection);
    let ids = |out: &str| -> Vec<i64> {
        out.lines()
            .map(|line| {
                let event: serde_json::Value = serde_json::from_str(line).expect("JSON lines");
                event["id"].as_i64().expect("an id")
            })
            .collect()
    };

    let (ok, out, err) = fin_helpdesk(&["outbox", "list", "--database-url", &db, "--limit", "2"]);
    assert!(ok, "{err}");
    let first = ids(&out);
    assert_eq!(first.len(), 2, "{out}");
    let hint = format!("--limit 2 --after-id {}", first[1]);
    assert!(err.contains(&hint), "{err}");

    let mut all = first.clone();
    let mut after = first[1].to_string();
    loop {
        let (ok, out, err) = fin_helpdesk(&[
            "outbox",
            "list",
            "--database-url",
            &db,
            "--limit",
            "2",
            "--after-id",
            &after,
            "--state",
            "pending",
        ]);
        assert!(ok, "{err}");
        let page = ids(&out);
        all.extend(&page);
        match page.last() {
            Some(last) if page.len() == 2 => after = last.to_string(),
            _ => {
                assert!(err.is_empty(), "no hint after the last page: {err}");
                break;
            }
        }
    }
    assert_eq!(all.len(), 5);
    assert!(all.windows(2).all(|w| w[0] < w[1]), "{all:?}");

    let (ok, _, _) = fin_helpdesk(&["outbox", "list", "--database-url", &db, "--limit", "0"]);
    assert!(!ok, "a zero limit is refused");
}

/// The help of every command and subcommand, found by walking the "Commands:" lists, held
/// in one golden file so that a wrong or missing description shows in review.
/// `EXPECTORATE=overwrite cargo test --test integration cli::` rewrites it.
#[test]
fn every_commands_help_matches_the_golden_file() {
    let mut pending = vec![Vec::<String>::new()];
    let mut all = String::new();
    while let Some(path) = pending.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let (ok, out, err) = fin_helpdesk(&args);
        assert!(ok, "{args:?}: {err}");
        all.push_str(&format!("$ fin-helpdesk {}\n{out}\n", args.join(" ")));
        let mut children: Vec<Vec<String>> = out
            .lines()
            .skip_while(|line| *line != "Commands:")
            .skip(1)
            .take_while(|line| line.starts_with("  "))
            // A name sits two spaces in; deeper lines continue a description.
            .filter(|line| !line.starts_with("   "))
            .filter_map(|line| line.split_whitespace().next())
            .filter(|name| *name != "help")
            .map(|name| {
                let mut child = path.clone();
                child.push(name.to_string());
                child
            })
            .collect();
        // Popped from the end: reversed so the file follows the help's own order.
        children.reverse();
        pending.extend(children);
    }
    expectorate::assert_contents("tests/golden/cli-help.txt", &all);
}

/// An operator-supplied secret below the floor (32 characters, 8 of them different) is
/// refused wherever it is given: `clients add --secret`, and each of `serve`'s secret
/// options, which then exits at once instead of serving. The refusal names the rule,
/// never the value.
#[test]
fn weak_secrets_are_refused() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = format!("sqlite://{}", dir.path().join("cli.db").display());
    let weak = "x";
    let add_client = |secret: &str| {
        fin_helpdesk(&[
            "clients",
            "add",
            "fin",
            "--database-url",
            &db,
            "--secret",
            secret,
        ])
    };
    let (ok, _, err) = add_client(weak);
    assert!(!ok, "a one-character secret is refused");
    assert!(
        err.contains("too weak") && err.contains("32 characters"),
        "{err}"
    );
    let (ok, out, _) = fin_helpdesk(&["clients", "list", "--database-url", &db]);
    assert!(ok);
    assert!(out.trim().is_empty(), "nothing was added: {out}");
    let strong = "0123456789abcdef0123456789abcdef";
    let (ok, _, err) = add_client(strong);
    assert!(ok, "{err}");

    let client = format!("fin:{weak}");
    let agent = format!("agent_1:{weak}");
    for option in [
        ["--oauth-client", client.as_str()],
        ["--api-token", weak],
        ["--signing-secret", weak],
        ["--agent-token", agent.as_str()],
    ] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_fin-helpdesk"));
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("FIN_") {
                command.env_remove(name);
            }
        }
        let mut child = command
            .args(["serve", "--bind", "127.0.0.1:0", "--database-url", &db])
            .args(option)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the binary runs");
        // A server that accepted the secret would serve until stopped: give it 10 s.
        let status = (0..100).find_map(|_| {
            let status = child.try_wait().expect("waitable");
            if status.is_none() {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            status
        });
        let Some(status) = status else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{option:?}: the server started with a weak secret");
        };
        let mut err = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().expect("piped"), &mut err)
            .expect("stderr");
        assert!(!status.success(), "{option:?}");
        assert!(err.contains("too weak"), "{option:?}: {err}");
        assert!(!err.contains(&format!(":{weak}")), "{option:?}: {err}");
    }
}
