//! A failure no retry can cure is a 500 in both variants, never a 503, and is logged at
//! error level with the request id the client was given.

use crate::common::{Options, TestDb, TestServer, captured_log};
use serde_json::json;

#[tokio::test]
async fn a_corrupt_row_is_a_500_logged_with_the_request_id() {
    let (log, lines) = captured_log();
    let db = TestDb::new().await;
    let t = TestServer::start_with(
        &db,
        Options {
            log: Some(log),
            ..Options::default()
        },
    )
    .await;
    let created = t
        .post_raw("/user", json!({"object_id": "c1"}).to_string().as_bytes())
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let user_id = created.json["id"].as_str().unwrap().to_string();
    // Attributes must be an object; an array is a row this code cannot read back.
    let corrupt = format!("UPDATE users SET attributes = '[1]' WHERE id = '{user_id}'");
    if db.is_postgres() {
        let mut connection = <sqlx::PgConnection as sqlx::Connection>::connect(&db.url)
            .await
            .unwrap();
        sqlx::query(&corrupt)
            .execute(&mut connection)
            .await
            .unwrap();
    } else {
        let path = db.url.trim_start_matches("sqlite://");
        rusqlite::Connection::open(path)
            .unwrap()
            .execute_batch(&corrupt)
            .unwrap();
    }

    let rest = t.get_raw(&format!("/user?user_id={user_id}")).await;
    assert!(rest.rest_error(500).contains("logged"), "{}", rest.text);
    assert_eq!(rest.json["error_code"], "internal");
    assert_eq!(rest.header("retry-after"), None);
    let posts = t
        .post_raw(
            "/get_user",
            json!({"user_id": user_id}).to_string().as_bytes(),
        )
        .await;
    posts.posts_error(500);

    for answer in [&rest, &posts] {
        let request_id = answer.header("x-request-id").unwrap();
        let lines = lines.lock().unwrap();
        assert!(
            lines
                .iter()
                .any(|line| line.starts_with("ERROR storage failure")
                    && line.contains(&format!("req_id={request_id}"))),
            "no error line for request {request_id}: {lines:#?}"
        );
    }
}
