//! `/healthz` (alive) and `/readyz` (can write now, answered from its last check for a
//! second), and what a client sees while the SQLite write lock is held by another
//! process: a 503 with `Retry-After` within the storage bound, reads still answered, and
//! writes and readiness back once it is released.

use crate::common::{Answer, CLIENT_ID, CLIENT_SECRET, Options, TestDb, TestServer};
use serde_json::json;
use std::time::{Duration, Instant};

const BOUND: Duration = Duration::from_millis(500);

/// A server whose database calls give up after `BOUND`.
async fn bounded_server(db: &TestDb) -> TestServer {
    TestServer::start_with(
        db,
        Options {
            storage_timeout: BOUND,
            ..Options::default()
        },
    )
    .await
}

#[tokio::test]
async fn readyz_follows_the_write_path_and_a_held_lock_is_a_503_with_retry_after() {
    let db = TestDb::new().await;
    let t = bounded_server(&db).await;
    for path in ["/healthz", "/readyz"] {
        let answer = t.get_raw(path).await;
        assert_eq!(answer.status, 200, "{path}: {}", answer.text);
    }
    let created = t
        .post_raw("/user", json!({"object_id": "r1"}).to_string().as_bytes())
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let user_id = created.json["id"].as_str().unwrap().to_string();
    if db.is_postgres() {
        // Holding PostgreSQL's writes is the outage test's business (outage.rs).
        return;
    }

    // Another process (the CLI, a backup) holds the write lock.
    let path = db.url.trim_start_matches("sqlite://").to_string();
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();

    let started = Instant::now();
    let refused = t
        .post_raw("/user", json!({"object_id": "r2"}).to_string().as_bytes())
        .await;
    let waited = started.elapsed();
    refused.rest_error(503);
    assert_eq!(
        refused.header("retry-after"),
        Some("1"),
        "{:?}",
        refused.headers
    );
    assert!(
        waited < BOUND + Duration::from_secs(2),
        "answered after {waited:?}"
    );
    // POST-only: the same 503 and header, in its own envelope.
    let refused = t
        .post_raw(
            "/create_user",
            json!({"object_id": "r3"}).to_string().as_bytes(),
        )
        .await;
    refused.posts_error(503);
    assert_eq!(
        refused.header("retry-after"),
        Some("1"),
        "{:?}",
        refused.headers
    );
    // A token cannot be stored now: a 503 the client may retry, not a 400.
    let token = Answer::of(
        t.http
            .post(t.url("/oauth/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "grant_type=client_credentials&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}"
            ))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(token.status, 503, "{}", token.text);
    assert_eq!(token.json["error"], "temporarily_unavailable");
    assert_eq!(token.header("retry-after"), Some("1"));
    let unready = t.get_raw("/readyz").await;
    assert_eq!(unready.status, 503, "{}", unready.text);
    assert_eq!(unready.header("retry-after"), Some("1"));
    // Alive, and reads go on.
    assert_eq!(t.get_raw("/healthz").await.status, 200);
    let read = t.get_raw(&format!("/user?user_id={user_id}")).await;
    assert_eq!(read.status, 200, "{}", read.text);

    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    // The refused create may still have been committed once the lock went: a retry with
    // the same object_id is answered as the first create either way.
    let mut retried = None;
    for _ in 0..50 {
        let answer = t
            .post_raw("/user", json!({"object_id": "r2"}).to_string().as_bytes())
            .await;
        if answer.status != 503 {
            retried = Some(answer);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let retried = retried.expect("writes resume once the lock is released");
    assert_eq!(retried.status, 201, "{}", retried.text);
    // The unready answer may be reused for up to a second.
    let mut ready = false;
    for _ in 0..30 {
        if t.get_raw("/readyz").await.status == 200 {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(ready, "ready again once the lock is released");
    assert!(t.counts().await.users >= 2, "r1 and r2, perhaps r3");
}

#[tokio::test]
async fn readyz_reuses_its_last_answer_for_a_second_without_a_write_transaction() {
    let db = TestDb::new().await;
    if db.is_postgres() {
        // SQLite's write lock is what shows whether a call writes.
        return;
    }
    let t = bounded_server(&db).await;
    let path = db.url.trim_start_matches("sqlite://").to_string();
    let holder = rusqlite::Connection::open(&path).unwrap();
    // Rounds in which the machine was too slow to call twice within the second tell
    // nothing; a few more are tried.
    let mut told = false;
    for _ in 0..5 {
        // Past any earlier answer's second: this call checks the write path.
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let checked_at = Instant::now();
        assert_eq!(t.get_raw("/readyz").await.status, 200);
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        // With the write lock held elsewhere, a call that wrote would be a 503.
        let again = t.get_raw("/readyz").await;
        holder.execute_batch("ROLLBACK").unwrap();
        if checked_at.elapsed() < Duration::from_millis(900) {
            assert_eq!(again.status, 200, "reused, not checked: {}", again.text);
            told = true;
            break;
        }
    }
    assert!(told, "the machine never made two calls within a second");
    t.shutdown().await;
}
