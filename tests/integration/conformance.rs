//! The conformance checker end to end: against the real server (every check must pass),
//! and against a fake helpdesk whose bodies break the contract (the checker must say so).

use fin_helpdesk::auth::Secret;
use fin_helpdesk::conformance::{ConformanceArgs, Outcome, Report, VariantChoice, check};
use fin_helpdesk::server::{self, ServerConfig};
use fin_helpdesk::store::NewAgent;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn args(base_url: String) -> ConformanceArgs {
    ConformanceArgs {
        base_url,
        variant: VariantChoice::Both,
        token: None,
        client_id: None,
        client_secret: None,
        token_url: None,
        signing_secret: None,
        agent_id: None,
        json: true,
    }
}

fn failures(report: &Report) -> Vec<String> {
    report
        .checks()
        .iter()
        .filter(|c| c.outcome != Outcome::Passed)
        .map(|c| format!("{} {}: {}", c.variant, c.name, c.detail))
        .collect()
}

#[tokio::test]
async fn the_server_passes_every_check() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = format!("sqlite://{}", dir.path().join("conformance.db").display());
    let mut config = ServerConfig::new("127.0.0.1:0".parse().expect("an address"), database);
    config.oauth_clients = vec![("fin".to_string(), Secret::new("client-secret"))];
    config.signing_secret = Some(Secret::new("signing-secret"));
    let log = slog::Logger::root(slog::Discard, slog::o!());
    let running = server::start(config, log).await.expect("the server starts");
    running
        .state
        .store
        .add_agent(NewAgent {
            id: Some("agent_fin".to_string()),
            name: Some("Fin".to_string()),
            email: Some("fin@example.com".to_string()),
            photo_url: None,
            alias: None,
        })
        .await
        .expect("an agent");

    let mut args = args(format!("http://{}", running.local_addr));
    args.client_id = Some("fin".to_string());
    args.client_secret = Some("client-secret".to_string());
    args.signing_secret = Some("signing-secret".to_string());
    let report = check(&args).await.expect("the checker starts");
    assert_eq!(failures(&report), Vec::<String>::new());
    // Both variants ran their scenario and their refusals, with signatures checked.
    for variant in ["rest", "posts"] {
        for name in [
            "get_messages/after_id",
            "update_conversation/handover",
            "auth/wrong_signature",
        ] {
            assert!(
                report
                    .checks()
                    .iter()
                    .any(|c| c.variant == variant && c.name == name),
                "{variant} {name} did not run"
            );
        }
    }
    running.shutdown().await.expect("the server stops");
}

/// Answers every request with `200 [{"id": 5}]`: an agent list whose id is not a string.
async fn fake_helpdesk() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 64 * 1024];
                let _ = socket.read(&mut buffer).await;
                let body = r#"[{"id":5}]"#;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(answer.as_bytes()).await;
            });
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn bodies_that_break_the_contract_fail() {
    let mut args = args(fake_helpdesk().await);
    args.variant = VariantChoice::Rest;
    args.token = Some("any".to_string());
    let report = check(&args).await.expect("the checker starts");
    let agents = report
        .checks()
        .iter()
        .find(|c| c.name == "get_agents")
        .expect("get_agents ran");
    assert_eq!(agents.outcome, Outcome::Failed);
    assert!(
        agents
            .detail
            .contains("does not match the contract at /0/id"),
        "{}",
        agents.detail
    );
    // A 200 where a 401 is due fails with the rule named.
    let no_token = report
        .checks()
        .iter()
        .find(|c| c.name == "auth/no_token")
        .expect("auth/no_token ran");
    assert!(
        no_token
            .detail
            .contains("a request without a bearer token must be refused"),
        "{}",
        no_token.detail
    );
    assert!(report.summary().contains("failed"));
}
