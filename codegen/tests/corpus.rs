//! Documents nobody here wrote (`../shared/openapi-corpus/` with its `dropshot/`,
//! `vendors/` and `openapi-3.1/` folders, the published Fin documents in
//! `../shared/fin-api/`) and this
//! crate's fixtures: each scaffolds into a crate, every
//! crate compiles (one workspace, one target directory, so dependencies build once), and
//! the document each serves is compared with its source by meaning and must list every
//! operation (only TRACE, which dropshot does not route, and operations hosted elsewhere
//! excepted); the report counts warnings per document and per kind. Skipped, saying so,
//! when `../shared` is absent.

use fin_helpdesk_codegen::GenerationSettings;
use fin_helpdesk_codegen::roundtrip::{Drift, compare, exact_differences};
use std::path::{Path, PathBuf};
use std::process::Command;

fn documents(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for folder in [
        root.join("../shared/openapi-corpus"),
        root.join("../shared/openapi-corpus/dropshot"),
        root.join("../shared/openapi-corpus/vendors"),
        root.join("../shared/openapi-corpus/openapi-3.1"),
        root.join("../shared/fin-api"),
        root.join("codegen/tests/fixtures"),
    ] {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml")
            ) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_document_scaffolds_compiles_and_round_trips() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    if !root.join("../shared/openapi-corpus").is_dir() {
        eprintln!("skipped: ../shared/openapi-corpus is absent");
        return;
    }
    let workspace = root.join("target/corpus");
    let _ = std::fs::remove_dir_all(&workspace);
    std::fs::create_dir_all(&workspace).unwrap();
    let mut members = Vec::new();
    let mut all_kinds = std::collections::BTreeMap::new();
    for spec in documents(&root) {
        let stem = spec
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .replace(['.', '_'], "-");
        let name = format!("corpus-{stem}");
        let scaffold = fin_helpdesk_codegen::scaffold::scaffold(&spec, &workspace.join(&name))
            .unwrap_or_else(|error| panic!("{}: {error}", spec.display()));
        // One workspace for all of them: drop each crate's own `[workspace]`.
        let manifest = workspace.join(&name).join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest).unwrap();
        std::fs::write(&manifest, text.replace("[workspace]\n", "")).unwrap();
        eprintln!(
            "{}: {} operations, {} warnings",
            spec.display(),
            scaffold.operations,
            scaffold.warnings.len()
        );
        // Only what dropshot cannot serve at all (TRACE) may be left out; a literal beside
        // a variable is served through a dispatcher.
        let left_out: Vec<&str> = scaffold
            .warnings
            .iter()
            .filter(|warning| warning.message.contains("left out of the trait"))
            .map(|warning| warning.message.as_str())
            .collect();
        assert!(
            left_out
                .iter()
                .all(|message| message.contains("does not route TRACE")),
            "{}: {left_out:#?}",
            spec.display()
        );
        let kinds = warning_kinds(&scaffold.warnings);
        for (kind, count) in &kinds {
            *all_kinds.entry(kind.clone()).or_insert(0) += count;
        }
        members.push((spec, name, left_out.len(), scaffold.warnings.len(), kinds));
    }
    let list: Vec<String> = members
        .iter()
        .map(|(_, name, ..)| format!("{name:?}"))
        .collect();
    std::fs::write(
        workspace.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    )
    .unwrap();
    // The versions this project already built and tested.
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .args(["build", "--workspace", "--quiet"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        // A build of its own, thrown away below: without debug info or incremental state
        // it takes a fraction of the disk, which a CI machine may be short of.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_INCREMENTAL", "0")
        .status()
        .unwrap();
    assert!(status.success(), "the scaffolded crates do not all compile");

    let settings = GenerationSettings::new("Compared");
    let mut report = Vec::new();
    for (spec, name, left_out, warnings, kinds) in &members {
        let binary = workspace.join("target/debug").join(name);
        let output = Command::new(&binary)
            .arg("openapi")
            .output()
            .unwrap_or_else(|error| panic!("{}: {error}", binary.display()));
        assert!(
            output.status.success(),
            "{name} openapi: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let served: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let text = std::fs::read_to_string(spec).unwrap();
        let source: serde_json::Value =
            fin_helpdesk_codegen::read(&text, fin_helpdesk_codegen::Format::of(spec, &text))
                .unwrap();
        let drifts = compare(&source, &served, &settings);
        // A 3.1 document's operations as the generator reads them (its path items
        // `$ref`ed from `components.pathItems` inlined; webhooks are not operations).
        let source = match fin_helpdesk_codegen::openapi31::is_openapi31(&source) {
            true => fin_helpdesk_codegen::openapi31::translate(&source).0,
            false => source,
        };
        // An operation left out or added silently would be a lie about the API.
        let unexplained: Vec<String> = drifts
            .iter()
            .filter(|d| d.problem.contains("served but not in the source"))
            .map(ToString::to_string)
            .collect();
        assert!(unexplained.is_empty(), "{name}: {unexplained:#?}");
        // Every operation is served, or left out with a warning that says so, or hosted
        // by someone else (its own `servers`): none is lost silently.
        let (total, elsewhere) = operations(&source);
        let served_count = operations(&served).0;
        assert_eq!(
            served_count + left_out + elsewhere,
            total,
            "{name}: {served_count} served, {left_out} left out with a warning, {elsewhere} hosted elsewhere, of {total}"
        );
        report.push(format!(
            "{}: {served_count} of {total} operations served ({left_out} left out with a warning, {elsewhere} hosted elsewhere), {} differences by meaning, {warnings} warnings",
            spec.display(),
            drifts.len()
        ));
        for (kind, count) in kinds {
            report.push(format!("  warning ×{count}: {kind}"));
        }
        // What reading OpenAPI 3.1 as 3.0.3 approximated, in full; the other
        // differences, the first 20.
        let (approximated, others): (Vec<&Drift>, Vec<&Drift>) = drifts
            .iter()
            .partition(|drift| drift.problem.starts_with("not kept by OpenAPI 3.0.3"));
        for drift in others.iter().take(20) {
            report.push(format!("  - {drift}"));
        }
        if !approximated.is_empty() {
            report.push(format!(
                "  read as OpenAPI 3.0.3, {} approximated:",
                approximated.len()
            ));
            for drift in approximated {
                report.push(format!("  ~ {drift}"));
            }
        }
        // What dropshot emitted comes back as it went in.
        if emitted_by_dropshot(spec) {
            let exact = exact_differences(&source, &served);
            report.push(format!(
                "  {} JSON differences from the source",
                exact.len()
            ));
            for difference in exact.iter().take(40) {
                report.push(format!("    {difference}"));
            }
            if EXACT.iter().any(|name| spec.ends_with(name)) {
                assert!(
                    exact.is_empty(),
                    "{name} is no longer served exactly: {exact:#?}"
                );
            }
        }
    }
    serves_501_naming_the_operation(&workspace);
    report.push("warnings of all documents, by kind:".to_string());
    for (kind, count) in &all_kinds {
        report.push(format!("  ×{count}: {kind}"));
    }
    let report = report.join("\n");
    std::fs::write(workspace.join("report.txt"), &report).unwrap();
    eprintln!("{report}");
    // Every run starts from an empty workspace anyway; the scaffolds and the report stay
    // for reading, the build (gigabytes) goes.
    std::fs::remove_dir_all(workspace.join("target")).unwrap();
}

/// Documents dropshot emitted: `dropshot/`, progenitor's samples of Oxide's services, and
/// the fixture written as dropshot writes.
fn emitted_by_dropshot(spec: &Path) -> bool {
    let name = spec
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    spec.parent()
        .is_some_and(|folder| folder.ends_with("dropshot"))
        || [
            "progenitor-nexus.json",
            "progenitor-propolis-server.json",
            "progenitor-keeper.json",
            "progenitor-buildomat.json",
            "dropshot_extensions.yaml",
        ]
        .contains(&name)
}

/// Those served back exactly, all but `info` and `servers`; the others' differences are
/// in the report (issue 28 lists what each still lacks).
const EXACT: &[&str] = &[
    "dropshot/crucible-pantry-2.0.0-9dbf85.json",
    "dropshot/omicron-nexus-internal-1.0.0-6d8ade.json",
    "dropshot/omicron-oximeter-1.0.0-8e3b9c.json",
    "dropshot/omicron-sled-agent-48.0.0-808ec1.json",
    "dropshot/propolis-server-5.0.0-0c6dd9.json",
    "fixtures/dropshot_extensions.yaml",
];

/// A warning's kind: its message without the names, numbers and parentheses that make
/// it one place's, up to the first `;`.
fn warning_kinds(warnings: &[fin_helpdesk_codegen::Warning]) -> Vec<(String, usize)> {
    let mut kinds = std::collections::BTreeMap::new();
    for warning in warnings {
        let message = warning.message.split(';').next().unwrap_or_default();
        let mut kind = String::new();
        let (mut quoted, mut parenthesised) = (false, 0);
        for c in message.chars() {
            match c {
                '`' => {
                    quoted = !quoted;
                    if quoted {
                        kind.push('…');
                    }
                }
                '(' => parenthesised += 1,
                ')' => parenthesised -= 1,
                _ if quoted || parenthesised > 0 => {}
                c if c.is_ascii_digit() => {
                    if !kind.ends_with('N') {
                        kind.push('N');
                    }
                }
                c => kind.push(c),
            }
        }
        *kinds
            .entry(kind.split_whitespace().collect::<Vec<_>>().join(" "))
            .or_insert(0) += 1;
    }
    let mut kinds: Vec<(String, usize)> = kinds.into_iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    kinds
}

/// A document's operations, and how many of them name `servers` other than the
/// document's (on the operation, else its path item): the generator leaves those to the
/// client.
fn operations(document: &serde_json::Value) -> (usize, usize) {
    let document_servers = document
        .get("servers")
        .cloned()
        .unwrap_or_else(|| serde_json::json!([]));
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let (mut total, mut elsewhere) = (0, 0);
    for item in document["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, item)| item)
    {
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            total += 1;
            let servers = operation.get("servers").or_else(|| item.get("servers"));
            if servers.is_some_and(|servers| servers != &document_servers) {
                elsewhere += 1;
            }
        }
    }
    (total, elsewhere)
}

/// `cargo run` of a scaffold serves on 127.0.0.1, and an operation not implemented yet
/// answers 501 with a JSON error naming it.
fn serves_501_naming_the_operation(workspace: &Path) {
    use std::io::{Read, Write};
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Command::new(workspace.join("target/debug/corpus-oai-petstore"))
        .env("BIND", format!("127.0.0.1:{port}"))
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut answer = String::new();
    for _ in 0..100 {
        if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            stream
                .write_all(b"GET /pets HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .unwrap();
            stream.read_to_string(&mut answer).unwrap();
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let _ = server.kill();
    let _ = server.wait();
    assert!(answer.starts_with("HTTP/1.1 501"), "{answer}");
    assert!(
        answer.contains("operation `list_pets` is not implemented"),
        "{answer}"
    );
}
