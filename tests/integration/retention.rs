//! Retention (`serve --retain-conversations-days`) on the real `fin-helpdesk` process on
//! 127.0.0.1, on both backends: the conversations are made old by moving their
//! `updated_at` back in the database, then a server with the retention starts, whose
//! first sweep runs at once.

use crate::common::{POSTGRES_ENV, TestDb};
use crate::durability::{API_TOKEN, Process, free_port};
use chrono::{Duration as Days, SecondsFormat, Utc};
use serde_json::{Value, json};
use sqlx::Connection;
use std::process::Stdio;
use std::time::Duration;

struct Fin {
    http: reqwest::Client,
    base_url: String,
}

impl Fin {
    async fn send(&self, method: reqwest::Method, path: &str, body: Value) -> (u16, Value) {
        let answer = self
            .http
            .request(method, format!("{}{path}", self.base_url))
            .bearer_auth(API_TOKEN)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = answer.status().as_u16();
        (status, answer.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> u16 {
        let answer = self
            .http
            .get(format!("{}{path}", self.base_url))
            .bearer_auth(API_TOKEN)
            .send()
            .await
            .unwrap();
        answer.status().as_u16()
    }

    /// A conversation of `user_id` with one message, left in `status`.
    async fn conversation(&self, user_id: &str, status: &str) -> String {
        let (code, created) = self
            .send(
                reqwest::Method::POST,
                "/conversation",
                json!({
                    "user_id": user_id, "object_id": uuid::Uuid::now_v7().to_string(),
                    "initial_message": {"author": {"id": user_id, "user_type": "end_user"}, "body": "hi"},
                }),
            )
            .await;
        assert_eq!(code, 201, "{created}");
        let id = created["conversation"]["id"].as_str().unwrap().to_string();
        if status != "open" {
            let (code, updated) = self
                .send(
                    reqwest::Method::PUT,
                    "/conversation",
                    json!({"conversation_id": id, "status": status}),
                )
                .await;
            assert_eq!(code, 200, "{updated}");
        }
        id
    }
}

/// Moves the conversations' last change `days` into the past, straight in the database.
async fn backdate(db: &TestDb, ids: &[&str], days: i64) {
    let then = Utc::now() - Days::days(days);
    for id in ids {
        if db.is_postgres() {
            let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
            sqlx::query("UPDATE conversations SET updated_at = $1 WHERE id = $2")
                .bind(then)
                .bind(id)
                .execute(&mut c)
                .await
                .unwrap();
        } else {
            let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
            sqlx::query("UPDATE conversations SET updated_at = $1 WHERE id = $2")
                .bind(then.to_rfc3339_opts(SecondsFormat::Millis, true))
                .bind(id)
                .execute(&mut c)
                .await
                .unwrap();
        }
    }
}

async fn old_closed_conversations_are_removed_and_fin_gets_404(db: TestDb) {
    let args = ["--api-token", API_TOKEN, "--log-level", "error"];
    let mut first = Process::start_with(&db.url, &args, Stdio::null()).await;
    let fin = Fin {
        http: reqwest::Client::new(),
        base_url: first.base_url.clone(),
    };
    let (code, user) = fin
        .send(
            reqwest::Method::POST,
            "/user",
            json!({"object_id": "ic_ada", "name": "Ada"}),
        )
        .await;
    assert_eq!(code, 201, "{user}");
    let user_id = user["id"].as_str().unwrap().to_string();
    let old_closed = fin.conversation(&user_id, "closed").await;
    let older_closed = fin.conversation(&user_id, "closed").await;
    let old_open = fin.conversation(&user_id, "open").await;
    let old_resolved = fin.conversation(&user_id, "resolved").await;
    let recent_closed = fin.conversation(&user_id, "closed").await;
    first.stop();
    backdate(&db, &[&old_closed, &old_open, &old_resolved], 3).await;
    backdate(&db, &[&older_closed], 40).await;

    let metrics = format!("127.0.0.1:{}", free_port());
    let args = [
        "--api-token",
        API_TOKEN,
        "--log-level",
        "error",
        "--retain-conversations-days",
        "2",
        "--metrics-bind",
        &metrics,
    ];
    let mut second = Process::start_with(&db.url, &args, Stdio::null()).await;
    let fin = Fin {
        http: reqwest::Client::new(),
        base_url: second.base_url.clone(),
    };
    // The first sweep starts with the server; wait (bounded) until the metrics count it.
    let wanted = "fin_helpdesk_retention_conversations_removed_total 2";
    let mut scraped = String::new();
    for _ in 0..100 {
        let answer = fin.http.get(format!("http://{metrics}/metrics")).send();
        scraped = answer.await.unwrap().text().await.unwrap();
        if scraped.contains(wanted) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        scraped.contains(wanted),
        "{wanted} missing from:\n{scraped}"
    );

    for gone in [&old_closed, &older_closed] {
        let path = format!("/conversation?conversation_id={gone}");
        assert_eq!(fin.get(&path).await, 404, "{path}");
        let path = format!("/messages?conversation_id={gone}");
        assert_eq!(fin.get(&path).await, 404, "{path}");
        // A late message for it is a 404 too, not a 5xx.
        let (code, answer) = fin
            .send(
                reqwest::Method::POST,
                "/messages",
                json!({
                    "conversation_id": gone, "object_id": format!("late-{gone}"),
                    "author": {"id": user_id, "user_type": "end_user"}, "body": "late",
                }),
            )
            .await;
        assert_eq!(code, 404, "{answer}");
    }
    for kept in [&old_open, &old_resolved, &recent_closed] {
        let path = format!("/conversation?conversation_id={kept}");
        assert_eq!(fin.get(&path).await, 200, "{path}");
    }
    assert_eq!(fin.get(&format!("/user?user_id={user_id}")).await, 200);
    second.stop();
}

#[tokio::test]
async fn sqlite_old_closed_conversations_are_removed_and_fin_gets_404() {
    old_closed_conversations_are_removed_and_fin_gets_404(TestDb::sqlite()).await;
}

#[tokio::test]
async fn postgres_old_closed_conversations_are_removed_and_fin_gets_404() {
    let Ok(admin_url) = std::env::var(POSTGRES_ENV) else {
        eprintln!("skipped: {POSTGRES_ENV} is not set");
        return;
    };
    old_closed_conversations_are_removed_and_fin_gets_404(TestDb::postgres(admin_url).await).await;
}
