//! The checker against a fake helpdesk whose answers break the contract: it must say so,
//! with the rule named, and fail the run. (Against the real server: the server's
//! `tests/integration/conformance.rs`.)

use fin_helpdesk_conformance::{ConformanceArgs, Outcome, VariantChoice, check};
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
        strict: false,
        spec: Vec::new(),
        ca_cert: None,
    }
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
            .contains("does not match the published document at /0/id"),
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
            .contains("a request without a bearer token must be refused with 401 or 403"),
        "{}",
        no_token.detail
    );
    assert!(report.fails());
}
