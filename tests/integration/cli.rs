//! The command line as users and CI call it: agents and clients against a database file.

use std::process::Command;

fn fin_helpdesk(args: &[&str]) -> (bool, String, String) {
    fin_helpdesk_with_env(args, &[])
}

/// The binary with `args` and only the `FIN_*` variables in `env`.
fn fin_helpdesk_with_env(args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    let mut command = command_with_env(env);
    let output = command.args(args).output().expect("the binary runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn command_with_env(env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_fin-helpdesk"));
    // Options fall back on FIN_* variables, and the help shows their values: none from
    // the environment the tests run in.
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("FIN_") {
            command.env_remove(name);
        }
    }
    command.envs(env.iter().copied());
    command
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

/// `serve` refuses a plain http webhook URL, which would send the webhook key
/// unencrypted, unless `--allow-insecure-webhook-url` is given; it says which option.
#[test]
fn serve_refuses_a_plain_http_webhook_url_without_the_insecure_option() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    // Were the URL accepted, the start would fail on the database rather than serve.
    let db = unopenable_database(&dir);
    let (ok, _, err) = fin_helpdesk(&[
        "serve",
        "--database-url",
        &db,
        "--bind",
        "127.0.0.1:0",
        "--fin-webhook-base-url",
        "http://127.0.0.1:9/hooks/standalone",
        "--integration-id",
        "int_1",
        "--webhook-key",
        "whk_cli_test_key",
    ]);
    assert!(!ok, "the server started");
    assert!(err.contains("--allow-insecure-webhook-url"), "{err}");
    assert!(!err.contains("whk_cli_test_key"), "{err}");
}

/// A database URL in a directory that does not exist: `serve` gets past its options and
/// its log's first lines, then stops at once on the database.
fn unopenable_database(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}", dir.path().join("none/cli.db").display())
}

/// Secrets given as flags work but are warned about, by flag name, in `serve`'s log and
/// on `clients add`'s stderr; the values never appear. Through the environment, no
/// warning.
#[test]
fn secret_flags_are_warned_about_by_name_and_never_by_value() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = unopenable_database(&dir);
    let (ok, _, err) = fin_helpdesk(&[
        "serve",
        "--database-url",
        &db,
        "--api-token",
        "fhd_api_flag-s3cret-0123456789abcdef",
        "--signing-secret",
        "hmac-flag-s3cret-0123456789abcdef0123",
    ]);
    assert!(!ok, "the database cannot open");
    for flag in ["flag: --api-token", "flag: --signing-secret"] {
        let warned = err.lines().any(|line| {
            line.contains("WARN") && line.contains("command-line flag") && line.contains(flag)
        });
        assert!(warned, "no warning naming {flag}: {err}");
    }
    assert!(!err.contains("s3cret"), "{err}");

    let (ok, _, err) = fin_helpdesk_with_env(
        &["serve", "--database-url", &db],
        &[
            (
                "FIN_HELPDESK_API_TOKENS",
                "fhd_api_env-s3cret-0123456789abcdef0",
            ),
            (
                "FIN_HELPDESK_SIGNING_SECRET",
                "hmac-env-s3cret-0123456789abcdef01234",
            ),
        ],
    );
    assert!(!ok, "the database cannot open");
    assert!(!err.contains("command-line flag"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");

    let db = format!("sqlite://{}", dir.path().join("cli.db").display());
    let (ok, out, err) = fin_helpdesk(&[
        "clients",
        "add",
        "fin",
        "--database-url",
        &db,
        "--secret",
        "fhd_cs_flag-s3cret-0123456789abcdef01",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("added client fin"), "{out}");
    assert!(
        err.starts_with("warning: ") && err.contains("flag: --secret"),
        "{err}"
    );
    assert!(
        !err.contains("s3cret") && !out.contains("s3cret"),
        "{out}{err}"
    );
}

/// `clients add` reads the secret from a file named by --secret-file or
/// FIN_HELPDESK_CLIENT_SECRET_FILE, with no warning and nothing generated.
#[test]
fn a_client_secret_is_read_from_a_file() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = format!("sqlite://{}", dir.path().join("cli.db").display());
    let file = dir.path().join("client-secret");
    std::fs::write(&file, "fhd_cs_file-s3cret-0123456789abcdef01\n").expect("the secret file");
    let file = file.display().to_string();
    let by_flag = fin_helpdesk(&[
        "clients",
        "add",
        "one",
        "--database-url",
        &db,
        "--secret-file",
        &file,
    ]);
    let by_env = fin_helpdesk_with_env(
        &["clients", "add", "two", "--database-url", &db],
        &[("FIN_HELPDESK_CLIENT_SECRET_FILE", &file)],
    );
    for (ok, out, err) in [by_flag, by_env] {
        assert!(ok, "{err}");
        assert!(err.is_empty(), "{err}");
        assert!(
            !out.contains("client secret"),
            "a secret was generated: {out}"
        );
    }
}

/// The server reads its API token from the file FIN_HELPDESK_API_TOKENS_FILE names: that
/// token is accepted, another refused, and no token is generated.
#[tokio::test]
async fn serve_reads_api_tokens_from_the_file_a_variable_names() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let tokens = dir.path().join("api-tokens");
    std::fs::write(&tokens, "fhd_api_from-file-0123456789abcdef0123\n").expect("the token file");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let db = format!("sqlite://{}", dir.path().join("cli.db").display());
    let tokens = tokens.display().to_string();
    let mut child = command_with_env(&[("FIN_HELPDESK_API_TOKENS_FILE", &tokens)])
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .args(["--database-url", &db, "--log-level", "error"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the server starts");
    let stdout = child.stdout.take();
    let server = KillOnDrop(child);
    let http = reqwest::Client::new();
    let agents = format!("http://127.0.0.1:{port}/agents");
    let status = |token: &'static str| {
        let request = http.get(&agents).bearer_auth(token).send();
        async move { request.await.map(|answer| answer.status().as_u16()) }
    };
    let mut accepted = status("fhd_api_from-file-0123456789abcdef0123").await;
    for _ in 0..300 {
        if accepted.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        accepted = status("fhd_api_from-file-0123456789abcdef0123").await;
    }
    assert_eq!(accepted.expect("the server answers"), 200);
    assert_eq!(
        status("fhd_api_not-in-the-file").await.expect("an answer"),
        401
    );
    drop(server);
    let mut printed = String::new();
    if let Some(mut stdout) = stdout {
        use std::io::Read;
        stdout.read_to_string(&mut printed).expect("stdout");
    }
    assert!(!printed.contains("generated"), "{printed}");
}

/// Kills the child when dropped, so a failing test leaves no server behind.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
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

/// Completions and the manual page come from the same definitions as --help: each is
/// printed, and names every subcommand.
#[test]
fn completions_and_the_manual_page_name_every_subcommand() {
    let subcommands = [
        "serve",
        "openapi",
        "agents",
        "clients",
        "conformance",
        "outbox",
        "users",
        "backup",
    ];
    for args in [
        &["completions", "bash"][..],
        &["completions", "zsh"],
        &["completions", "fish"],
        &["man"],
    ] {
        let (ok, out, err) = fin_helpdesk(args);
        assert!(ok, "{args:?}: {err}");
        assert!(!out.trim().is_empty(), "{args:?} printed nothing");
        for name in subcommands {
            assert!(out.contains(name), "{args:?} does not name {name}");
        }
    }
    let (ok, out, _) = fin_helpdesk(&["man"]);
    assert!(ok && out.contains(".TH"), "not roff: {out:.200}");
}
