//! Hostile values get one answer whatever the database: each is stored and read back
//! intact on both SQLite and PostgreSQL, or refused with the same 4xx naming the field,
//! writing nothing. Run with `FIN_HELPDESK_TEST_POSTGRES_URL` set for the PostgreSQL side.

use crate::common::{Answer, FIN_AGENT, Options, TestDb, TestServer};
use serde_json::{Map, Value, json};

/// Room for the large cases below: 1 MiB strings, 20,000 keys.
const LARGE_LIMIT: usize = 4 * 1024 * 1024;

async fn server(db: &TestDb, request_body_max_bytes: usize) -> TestServer {
    TestServer::start_with(
        db,
        Options {
            request_body_max_bytes,
            ..Options::default()
        },
    )
    .await
}

/// A user and a conversation, created over REST; returns their ids.
async fn user_and_conversation(t: &TestServer) -> (String, String) {
    let user = t
        .post_raw("/user", json!({"object_id": "h_u"}).to_string().as_bytes())
        .await;
    assert_eq!(user.status, 201, "{}", user.text);
    let user_id = user.json["id"].as_str().unwrap().to_string();
    let created = t
        .post_raw(
            "/conversation",
            json!({"user_id": user_id, "object_id": "h_c",
                   "initial_message": {"author": {"id": user_id, "user_type": "end_user"},
                                       "body": "hi"}})
            .to_string()
            .as_bytes(),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let conversation_id = created.json["conversation"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    (user_id, conversation_id)
}

fn assert_refused(answer: &Answer, what: &str, field: &str, posts: bool) {
    assert_eq!(answer.status, 400, "{what}: {}", answer.text);
    let message = if posts {
        answer.posts_error(400)
    } else {
        answer.rest_error(400)
    };
    assert!(
        message.contains(&format!("`{field}`")),
        "{what}: the error names `{field}`: {message}"
    );
}

#[tokio::test]
async fn nul_is_refused_with_a_400_naming_the_field_in_every_text() {
    let db = TestDb::new().await;
    let t = server(&db, LARGE_LIMIT).await;
    let (user_id, conversation_id) = user_and_conversation(&t).await;
    let before = t.counts().await;
    let end_user = json!({"id": user_id, "user_type": "end_user"});
    let nul = "a\u{0}b";

    // (method, path, body, field named, POST-only?)
    let cases: Vec<(&str, String, Option<Value>, &str, bool)> = vec![
        (
            "POST",
            "/user".into(),
            Some(json!({"object_id": "n1", "name": nul})),
            "name",
            false,
        ),
        (
            "POST",
            "/user".into(),
            Some(json!({"object_id": nul})),
            "object_id",
            false,
        ),
        (
            "PUT",
            "/user".into(),
            Some(json!({"user_id": user_id, "attributes": {"plan": nul}})),
            "attributes.plan",
            false,
        ),
        (
            "PUT",
            "/user".into(),
            Some(json!({"user_id": user_id, "attributes": {nul: 1}})),
            "attributes",
            false,
        ),
        (
            "PUT",
            "/user".into(),
            Some(json!({"user_id": user_id, "attributes": {"deep": [1, {"x": nul}]}})),
            "attributes.deep[1].x",
            false,
        ),
        (
            "POST",
            "/conversation".into(),
            Some(json!({"user_id": user_id, "object_id": "n2", "title": nul,
                        "initial_message": {"author": end_user, "body": "hi"}})),
            "title",
            false,
        ),
        (
            "POST",
            "/conversation".into(),
            Some(json!({"user_id": user_id, "object_id": "n3",
                        "initial_message": {"author": end_user, "body": nul}})),
            "initial_message.body",
            false,
        ),
        (
            "PUT",
            "/conversation".into(),
            Some(json!({"conversation_id": conversation_id, "tags": ["ok", nul]})),
            "tags[1]",
            false,
        ),
        (
            "POST",
            "/messages".into(),
            Some(
                json!({"conversation_id": conversation_id, "object_id": "n4",
                        "author": end_user, "body": nul}),
            ),
            "body",
            false,
        ),
        (
            "POST",
            "/messages".into(),
            Some(
                json!({"conversation_id": conversation_id, "object_id": "n5",
                        "author": {"id": FIN_AGENT, "user_type": "agent"}, "body": "x",
                        "attachments": [{"url": "https://example.com/a", "filename": nul}]}),
            ),
            "attachments[0].filename",
            false,
        ),
        ("GET", "/user?user_id=%00".into(), None, "user_id", false),
        (
            "GET",
            "/conversation?conversation_id=a%00".into(),
            None,
            "conversation_id",
            false,
        ),
        (
            "GET",
            format!("/messages?conversation_id={conversation_id}&after_id=%00"),
            None,
            "after_id",
            false,
        ),
        (
            "POST",
            "/get_user".into(),
            Some(json!({"user_id": nul})),
            "user_id",
            true,
        ),
        (
            "POST",
            "/create_user".into(),
            Some(json!({"object_id": "n6", "name": nul})),
            "name",
            true,
        ),
        (
            "POST",
            "/update_conversation".into(),
            Some(json!({"conversation_id": conversation_id,
                        "user": {"id": user_id, "attributes": {"k": nul}}})),
            "user.attributes.k",
            true,
        ),
        (
            "POST",
            "/create_message".into(),
            Some(
                json!({"conversation_id": conversation_id, "object_id": "n7",
                        "author": end_user, "body": nul}),
            ),
            "body",
            true,
        ),
        (
            "POST",
            "/get_messages".into(),
            Some(json!({"conversation_id": nul})),
            "conversation_id",
            true,
        ),
    ];
    for (method, path, body, field, posts) in cases {
        let what = format!("{method} {path}");
        let answer = match (method, body) {
            ("GET", _) => t.get_raw(&path).await,
            ("PUT", Some(body)) => t.put_raw(&path, body.to_string().as_bytes()).await,
            (_, Some(body)) => t.post_raw(&path, body.to_string().as_bytes()).await,
            (_, None) => unreachable!("a body for every POST"),
        };
        assert_refused(&answer, &what, field, posts);
    }
    assert_eq!(
        t.counts().await,
        before,
        "a refused request wrote something"
    );
    let user = t.get_raw(&format!("/user?user_id={user_id}")).await;
    assert_eq!(user.json["attributes"], json!({}), "{}", user.text);
}

#[tokio::test]
async fn a_token_request_with_nul_in_the_client_id_is_an_unknown_client() {
    let db = TestDb::new().await;
    let t = server(&db, LARGE_LIMIT).await;
    let answer = Answer::of(
        t.http
            .post(t.url("/oauth/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials&client_id=fin%00&client_secret=x")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 401, "{}", answer.text);
    assert_eq!(answer.json["error"], "invalid_client");
}

/// Text that must come back byte for byte: emoji (astral plane, ZWJ sequence, flags),
/// right-to-left scripts with bidi controls, HTML and script, quotes and escapes.
const INTACT: &[&str] = &[
    "👩‍👩‍👧‍👦 🇫🇷 😀 \u{1F4A9}",
    "مرحبا بالعالم \u{202E}עברית\u{202C} שלום",
    "<script>alert('x')</script><img src=x onerror=alert(1)>&amp;&lt;",
    "\"quoted\" \\backslash\\ \u{7}\u{1b}[31m tab\tnewline\n\u{2028}\u{FEFF}",
];

#[tokio::test]
async fn emoji_right_to_left_html_and_script_come_back_intact() {
    let db = TestDb::new().await;
    let t = server(&db, LARGE_LIMIT).await;
    let (user_id, conversation_id) = user_and_conversation(&t).await;
    for (index, text) in INTACT.iter().enumerate() {
        let created = t
            .post_raw(
                "/user",
                json!({"object_id": format!("i{index}"), "name": text})
                    .to_string()
                    .as_bytes(),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.text);
        assert_eq!(created.json["name"], *text);
        let id = created.json["id"].as_str().unwrap();
        let read = t.get_raw(&format!("/user?user_id={id}")).await;
        assert_eq!(read.json["name"], *text, "read back");

        let message = t
            .post_raw(
                "/messages",
                json!({"conversation_id": conversation_id, "object_id": format!("im{index}"),
                       "author": {"id": user_id, "user_type": "end_user"}, "body": text})
                .to_string()
                .as_bytes(),
            )
            .await;
        assert_eq!(message.status, 201, "{}", message.text);
        let updated = t
            .put_raw(
                "/conversation",
                json!({"conversation_id": conversation_id, "title": text,
                       "tags": [text], "attributes": {*text: text}})
                .to_string()
                .as_bytes(),
            )
            .await;
        assert_eq!(updated.status, 200, "{}", updated.text);
        let read = t
            .get_raw(&format!("/conversation?conversation_id={conversation_id}"))
            .await;
        assert_eq!(read.json["title"], *text);
        assert_eq!(read.json["tags"], json!([text]));
        assert_eq!(read.json["attributes"], json!({*text: text}));
    }
    let messages = t
        .get_raw(&format!("/messages?conversation_id={conversation_id}"))
        .await;
    let bodies: Vec<&str> = messages.json.as_array().unwrap()[1..]
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies, INTACT);
}

#[tokio::test]
async fn a_one_mib_string_is_stored_under_a_larger_limit_and_413_under_the_default() {
    let db = TestDb::new().await;
    let big = "é".repeat(512 * 1024); // 1 MiB of UTF-8
    {
        let t = server(&db, LARGE_LIMIT).await;
        let (user_id, conversation_id) = user_and_conversation(&t).await;
        let message = t
            .post_raw(
                "/messages",
                json!({"conversation_id": conversation_id, "object_id": "big",
                       "author": {"id": user_id, "user_type": "end_user"}, "body": big})
                .to_string()
                .as_bytes(),
            )
            .await;
        assert_eq!(message.status, 201, "{:.200}", message.text);
        let read = t
            .get_raw(&format!("/messages?conversation_id={conversation_id}"))
            .await;
        assert_eq!(read.json[1]["body"], big.as_str());
        let attributes = t
            .put_raw(
                "/user",
                json!({"user_id": user_id, "attributes": {"big": big}})
                    .to_string()
                    .as_bytes(),
            )
            .await;
        assert_eq!(attributes.status, 200, "{:.200}", attributes.text);
        assert_eq!(attributes.json["attributes"]["big"], big.as_str());
        t.shutdown().await;
    }
    // The default limit, 1 MiB: the same body is over it, a 413 in both variants.
    let t = server(&db, 1024 * 1024).await;
    let before = t.counts().await;
    let body = json!({"object_id": "big2", "name": big}).to_string();
    let rest = t.post_raw("/user", body.as_bytes()).await;
    assert_eq!(rest.status, 413, "{:.200}", rest.text);
    let posts = t.post_raw("/create_user", body.as_bytes()).await;
    assert!(!posts.posts_error(413).is_empty());
    // In a query string it is over what the HTTP layer reads of a request head: a 4xx.
    // Sent by hand: HTTP clients refuse to build such a URI.
    let status = raw_get_status(&t, &format!("/user?user_id={}", "x".repeat(1024 * 1024))).await;
    assert!((400..500).contains(&status), "a 1 MiB query: {status}");
    assert_eq!(t.counts().await, before);
}

/// The status of a GET written straight to the socket.
async fn raw_get_status(t: &TestServer, path_and_query: &str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = t.base_url.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!(
        "GET {path_and_query} HTTP/1.1\r\nhost: {address}\r\nauthorization: Bearer {}\r\nconnection: close\r\n\r\n",
        t.token.expose()
    );
    // The server may answer and close before reading all of it.
    let _ = stream.write_all(request.as_bytes()).await;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).await.unwrap();
    let line = String::from_utf8_lossy(&head);
    line[9..12].parse().unwrap()
}

#[tokio::test]
async fn twenty_thousand_attribute_keys_and_deep_nesting_come_back_intact() {
    let db = TestDb::new().await;
    let t = server(&db, LARGE_LIMIT).await;
    let (user_id, _) = user_and_conversation(&t).await;
    let many: Map<String, Value> = (0..20_000)
        .map(|i| (format!("key_{i}"), json!(i)))
        .collect();
    let answer = t
        .put_raw(
            "/user",
            json!({"user_id": user_id, "attributes": many})
                .to_string()
                .as_bytes(),
        )
        .await;
    assert_eq!(answer.status, 200, "{:.300}", answer.text);
    let read = t.get_raw(&format!("/user?user_id={user_id}")).await;
    // Compared as JSON objects: PostgreSQL's jsonb keeps its own key order.
    assert_eq!(read.json["attributes"], Value::Object(many));

    // 100 levels are stored as sent; past serde_json's limit of 128 the body is refused.
    let nested = |depth: usize| {
        let mut value = json!("bottom");
        for _ in 0..depth {
            value = json!({"n": [value]});
        }
        value
    };
    let deep = nested(50); // each level is an object and an array: 100 levels
    let answer = t
        .put_raw(
            "/user",
            json!({"user_id": user_id, "attributes": {"deep": deep}})
                .to_string()
                .as_bytes(),
        )
        .await;
    assert_eq!(answer.status, 200, "{:.300}", answer.text);
    let read = t.get_raw(&format!("/user?user_id={user_id}")).await;
    assert_eq!(read.json["attributes"]["deep"], deep);
    let before = t.counts().await;
    let too_deep = format!(
        r#"{{"user_id": "{user_id}", "attributes": {{"deep": {}}}}}"#,
        "[".repeat(200) + &"]".repeat(200)
    );
    let answer = t.put_raw("/user", too_deep.as_bytes()).await;
    assert!(answer.rest_error(400).contains("body"), "{}", answer.text);
    assert_eq!(t.counts().await, before);
}

#[tokio::test]
async fn integers_beyond_64_bits_keep_what_a_double_keeps_on_both_databases() {
    let db = TestDb::new().await;
    let t = server(&db, LARGE_LIMIT).await;
    let (user_id, _) = user_and_conversation(&t).await;
    // Written by hand: serde_json would already turn them into doubles here.
    let body = format!(
        r#"{{"user_id": "{user_id}", "attributes": {{
            "u64_max": 18446744073709551615, "i64_min": -9223372036854775808,
            "two_to_64": 18446744073709551616,
            "huge": 123456789012345678901234567890, "tenth": 0.1, "small": 1e-300}}}}"#
    );
    let answer = t.put_raw("/user", body.as_bytes()).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let read = t.get_raw(&format!("/user?user_id={user_id}")).await;
    let attributes = &read.json["attributes"];
    // Exact within 64 bits; beyond, the nearest double (about 16 significant digits).
    assert_eq!(attributes["u64_max"], json!(u64::MAX));
    assert_eq!(attributes["i64_min"], json!(i64::MIN));
    assert_eq!(attributes["two_to_64"], json!(18446744073709551616.0_f64));
    assert_eq!(attributes["huge"], json!(1.2345678901234568e29_f64));
    assert_eq!(attributes["tenth"], json!(0.1));
    assert_eq!(attributes["small"], json!(1e-300));
    // Beyond a double's range is refused, as JSON this server cannot represent.
    let overflow = format!(r#"{{"user_id": "{user_id}", "attributes": {{"x": 1e400}}}}"#);
    let answer = t.put_raw("/user", overflow.as_bytes()).await;
    assert_eq!(answer.status, 400, "{}", answer.text);
}
