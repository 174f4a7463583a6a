//! What the helpdesk acknowledged stays written: across a clean restart, and when the
//! real `fin-helpdesk` process is killed with SIGKILL in the middle of a stream of writes.
//! Everything talks to 127.0.0.1 only; loops are bounded by count, not by time.

use crate::common::{FIN_AGENT, TestDb, TestServer, body, user_and_conversation};
use fin_helpdesk::api::rest as r;
use fin_helpdesk::client::{Credentials, rest};
use fin_helpdesk::credentials::Secret;
use serde_json::json;
use std::collections::HashSet;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[tokio::test]
async fn data_survives_a_restart() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let (user, created) = user_and_conversation(&t.rest).await;
    let conversation_id = created.conversation.id.clone();
    t.rest
        .update_user()
        .body(body::<r::UpdateUserRequest>(
            json!({"user_id": user.id, "attributes": {"plan": "pro"}}),
        ))
        .send()
        .await
        .unwrap();
    let assigned = t
        .rest
        .update_conversation()
        .body(body::<r::UpdateConversationRequest>(
            json!({"conversation_id": conversation_id, "assignee_id": FIN_AGENT}),
        ))
        .send()
        .await
        .unwrap()
        .into_inner();
    t.rest
        .create_message()
        .body(body::<r::CreateMessageRequest>(json!({
            "conversation_id": conversation_id, "object_id": "ic_m2",
            "author": {"id": FIN_AGENT, "user_type": "agent"}, "body": "<p>On it</p>",
        })))
        .send()
        .await
        .unwrap();
    let messages = t
        .rest
        .get_messages()
        .conversation_id(&conversation_id)
        .send()
        .await
        .unwrap()
        .into_inner();
    let user = t.rest.get_user().user_id(&user.id).send().await.unwrap();
    let user = user.into_inner();
    let conversation = t
        .rest
        .get_conversation()
        .conversation_id(&conversation_id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(conversation.assignee, assigned.assignee);
    let old_token = t.token.clone();
    t.shutdown().await;

    let t = TestServer::start(&db).await;
    let read = t.rest.get_user().user_id(&user.id).send().await.unwrap();
    assert_eq!(read.into_inner(), user);
    let read = t
        .rest
        .get_conversation()
        .conversation_id(&conversation_id)
        .send()
        .await
        .unwrap();
    assert_eq!(read.into_inner(), conversation);
    let read = t
        .rest
        .get_messages()
        .conversation_id(&conversation_id)
        .send()
        .await
        .unwrap();
    assert_eq!(read.into_inner(), messages);

    // Tokens issued before the restart are stored too.
    let credentials = Credentials {
        bearer_token: Some(old_token),
        signing_key: Some(t.signing_key.clone()),
        ..Credentials::default()
    };
    rest::Client::new(&t.base_url, credentials)
        .get_agents()
        .send()
        .await
        .unwrap();
    // Idempotency keys too: a retry after the restart is still a replay.
    let replay = t
        .rest
        .create_conversation()
        .body(body::<r::CreateConversationRequest>(json!({
            "user_id": user.id, "object_id": "ic_c", "title": "Kept",
            "initial_message": {"author": {"id": user.id, "user_type": "end_user"}, "body": "hi"},
        })))
        .send()
        .await
        .unwrap();
    assert_eq!(replay.into_inner().conversation.id, conversation_id);
}

/// A free port of 127.0.0.1, reserved then released for a server to take.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub const API_TOKEN: &str = "fhd_api_durability-test-token-0123456789abcdef";
const WRITERS: usize = 4;
const WRITES_PER_WRITER: usize = 150;
/// Kill once this many writes were acknowledged (the writers are still going).
const KILL_AFTER: usize = 60;

/// The real binary, killed (SIGKILL on Unix) when dropped so a failing test leaves no
/// process behind.
pub struct Process {
    pub child: Child,
    pub base_url: String,
}

impl Process {
    async fn start(database_url: &str) -> Process {
        let args = ["--api-token", API_TOKEN, "--log-level", "error"];
        Process::start_with(database_url, &args, Stdio::null()).await
    }

    /// `fin-helpdesk serve` on a free port of 127.0.0.1 over `database_url`, with `args`
    /// added and its stderr (the log) sent to `stderr`; returns once it answers.
    pub async fn start_with(database_url: &str, args: &[&str], stderr: Stdio) -> Process {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_fin-helpdesk"))
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .args(["--database-url", database_url])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr)
            .spawn()
            .unwrap();
        let mut process = Process {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
        };
        process.wait_until_ready().await;
        process
    }

    /// SIGTERM, then waits for the exit (the server stops within its shutdown timeout).
    pub fn stop(&mut self) {
        if let Ok(pid) = libc::pid_t::try_from(self.child.id()) {
            // SAFETY: kill(2) with the pid of a child this test started and has not
            // reaped, so the pid cannot name another process.
            unsafe { libc::kill(pid, libc::SIGTERM) };
        }
        let _ = self.child.wait();
    }

    async fn wait_until_ready(&mut self) {
        let http = reqwest::Client::new();
        for _ in 0..600 {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("fin-helpdesk exited before serving: {status}");
            }
            let health = http.get(format!("{}/healthz", self.base_url)).send().await;
            if health.is_ok_and(|response| response.status().is_success()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("fin-helpdesk did not become ready");
    }

    pub fn client(&self) -> rest::Client {
        let credentials = Credentials {
            bearer_token: Some(Secret::new(API_TOKEN)),
            signing_key: None,
            ..Credentials::default()
        };
        rest::Client::new(&self.base_url, credentials)
    }

    /// SIGKILL: no shutdown handler runs, nothing is flushed on the way out.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_server_loses_no_acknowledged_write() {
    let db = TestDb::new().await;
    let mut server = Process::start(&db.url).await;
    let client = server.client();
    let (user, created) = user_and_conversation(&client).await;
    let conversation_id = created.conversation.id.clone();

    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let client = client.clone();
            let acknowledged = acknowledged.clone();
            let (conversation_id, user_id) = (conversation_id.clone(), user.id.clone());
            tokio::spawn(async move {
                for i in 0..WRITES_PER_WRITER {
                    let request: r::CreateMessageRequest = body(json!({
                        "conversation_id": conversation_id,
                        "object_id": format!("ic_w{writer}_{i}"),
                        "author": {"id": user_id, "user_type": "end_user"},
                        "body": format!("<p>message {i} from writer {writer}</p>"),
                    }));
                    match client.create_message().body(request).send().await {
                        Ok(answer) => acknowledged.lock().unwrap().push(answer.into_inner().id),
                        // The server is gone: what was not acknowledged may be lost.
                        Err(_) => break,
                    }
                }
            })
        })
        .collect();

    // Bounded: the writers stop on their own after WRITERS * WRITES_PER_WRITER writes.
    while acknowledged.lock().unwrap().len() < KILL_AFTER
        && !writers.iter().all(|writer| writer.is_finished())
    {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill();
    for writer in writers {
        writer.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= KILL_AFTER.min(WRITERS * WRITES_PER_WRITER));

    let server = Process::start(&db.url).await;
    let stored: HashSet<String> = server
        .client()
        .get_messages()
        .conversation_id(&conversation_id)
        .send()
        .await
        .unwrap()
        .into_inner()
        .into_iter()
        .map(|message| message.id)
        .collect();
    let lost: Vec<_> = acknowledged
        .iter()
        .filter(|id| !stored.contains(*id))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged messages lost: {lost:?}",
        lost.len(),
        acknowledged.len()
    );
    assert!(stored.contains(&created.message.id));
}
