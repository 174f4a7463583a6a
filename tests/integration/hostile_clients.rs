//! Clients that hold the server's resources rather than send bad values: a body sent a
//! byte at a time, a stranger's body, connections opened and left half-sent, an idle
//! HTTP/2 connection. Each is cut within its bound, and others are still answered. Every
//! test talks to 127.0.0.1 (or another loopback address) only, with its own short bounds.

use crate::common::{Options, TestDb, TestServer};
use fin_helpdesk::ConnectionLimits;
use serde_json::json;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::time::Instant;

/// How long past a bound a test waits before it calls the bound broken: room for a slow,
/// busy machine, still well short of "never".
const MARGIN: Duration = Duration::from_secs(3);

fn addr(t: &TestServer) -> SocketAddr {
    t.server.local_addr
}

/// A connection from `source` (a loopback address: 127.0.0.2 counts as another client
/// than 127.0.0.1).
async fn connect_from(source: &str, to: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{source}:0").parse().unwrap()).unwrap();
    socket.connect(to).await.unwrap()
}

/// The head of a POST whose body of `length` bytes is still to come.
fn post_head(path: &str, token: &str, length: usize) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    )
}

/// An HTTP/1.1 answer's status and body, read until its `Content-Length` is complete;
/// `None` if the connection closed first or `within` passed.
async fn read_answer(stream: &mut TcpStream, within: Duration) -> Option<(u16, String)> {
    let deadline = Instant::now() + within;
    let mut received = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&received).to_string();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if body.len() >= length {
                let status = head.split(' ').nth(1)?.parse().ok()?;
                return Some((status, body.to_string()));
            }
        }
        match tokio::time::timeout_at(deadline, stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => return None,
            Ok(Ok(n)) => received.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Whether the server closes `stream` within `within` (reading whatever it sends first).
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    let mut chunk = [0u8; 4096];
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
            Err(_) => return false,
        }
    }
}

#[tokio::test]
async fn a_body_sent_a_byte_at_a_time_is_cut_with_a_408_within_the_body_deadline() {
    let db = TestDb::new().await;
    let deadline = Duration::from_secs(1);
    let t = TestServer::start_with(
        &db,
        Options {
            body_read_timeout: deadline,
            ..Options::default()
        },
    )
    .await;
    let mut stream = TcpStream::connect(addr(&t)).await.unwrap();
    // A valid token: the request passes the header checks and waits on its body.
    stream
        .write_all(post_head("/user", t.token.expose(), 100).as_bytes())
        .await
        .unwrap();
    let started = Instant::now();
    let (mut reader, mut writer) = stream.into_split();
    let trickle = tokio::spawn(async move {
        // One byte every 200 ms: 100 bytes would take 20 s.
        for _ in 0..100 {
            if writer.write_all(b" ").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    let mut received = Vec::new();
    let mut chunk = [0u8; 4096];
    let answer = loop {
        let left = (deadline + MARGIN).saturating_sub(started.elapsed());
        match tokio::time::timeout(left, reader.read(&mut chunk)).await {
            Ok(Ok(n)) if n > 0 => {
                received.extend_from_slice(&chunk[..n]);
                let text = String::from_utf8_lossy(&received).to_string();
                if text.contains("\r\n\r\n") && text.contains('}') {
                    break Some(text);
                }
            }
            _ => break None,
        }
    };
    trickle.abort();
    let answer = answer.expect("the slow body is answered within the deadline and a margin");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains("request_timeout") && answer.contains("did not arrive within 1 s"),
        "the JSON error says what was wrong: {answer}"
    );
    assert!(
        started.elapsed() >= deadline,
        "not cut before the deadline: {:?}",
        started.elapsed()
    );
    t.shutdown().await;
}

#[tokio::test]
async fn a_strangers_body_is_refused_from_its_headers_unread() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    for path in ["/user", "/get_user", "/helpdesk/conversations/c1/messages"] {
        let mut stream = TcpStream::connect(addr(&t)).await.unwrap();
        // A million bytes announced, none sent: the refusal must not wait for them.
        stream
            .write_all(post_head(path, "not-a-token", 1_000_000).as_bytes())
            .await
            .unwrap();
        let answer = read_answer(&mut stream, MARGIN).await;
        let (status, body) =
            answer.unwrap_or_else(|| panic!("{path}: refused before the body is sent"));
        assert_eq!(status, 401, "{path}: {body}");
        assert!(body.contains("unauthorized"), "{path}: {body}");
    }
    // The forms that carry their credentials in the body take a form's size: a larger
    // one is refused by its announced length, unread.
    for path in ["/oauth/token", "/inbox/sign-in"] {
        let mut stream = TcpStream::connect(addr(&t)).await.unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n"
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        let answer = read_answer(&mut stream, MARGIN).await;
        let (status, body) = answer.unwrap_or_else(|| panic!("{path}: refused unread"));
        assert_eq!(status, 413, "{path}: {body}");
    }
    t.shutdown().await;
}

#[tokio::test]
async fn connections_past_one_address_limit_are_closed_and_others_still_answered() {
    let db = TestDb::new().await;
    let per_address = 8;
    let t = TestServer::start_with(
        &db,
        Options {
            connections: ConnectionLimits {
                max_total: 64,
                max_per_address: per_address,
                ..ConnectionLimits::default()
            },
            ..Options::default()
        },
    )
    .await;
    // One client holds its maximum with requests it never finishes.
    let mut held = Vec::new();
    for _ in 0..per_address {
        let mut stream = connect_from("127.0.0.2", addr(&t)).await;
        stream
            .write_all(b"POST /user HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .await
            .unwrap();
        held.push(stream);
    }
    // Its next connection is closed at once, before anything is read from it.
    let mut over = connect_from("127.0.0.2", addr(&t)).await;
    let _ = over
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .await;
    assert!(
        closed_within(&mut over, MARGIN).await,
        "a connection past the limit per address is closed"
    );
    // Everyone else is still served: liveness and a signed request.
    let health = t.http.get(t.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let created = t
        .post_raw(
            "/user",
            json!({"object_id": "held_u"}).to_string().as_bytes(),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    // A place given back is free again.
    drop(held.pop());
    let mut again = None;
    for _ in 0..50 {
        let mut stream = connect_from("127.0.0.2", addr(&t)).await;
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .await
            .unwrap();
        if let Some(answer) = read_answer(&mut stream, MARGIN).await {
            again = Some(answer);
            break;
        }
        // The server may not have seen the close yet.
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(again.map(|(status, _)| status), Some(200));
    drop(held);
    t.shutdown().await;
}

#[tokio::test]
async fn an_idle_http2_connection_is_closed_after_the_idle_timeout() {
    let db = TestDb::new().await;
    let idle = Duration::from_secs(1);
    let t = TestServer::start_with(
        &db,
        Options {
            connections: ConnectionLimits {
                idle_timeout: idle,
                ..ConnectionLimits::default()
            },
            ..Options::default()
        },
    )
    .await;
    let mut stream = TcpStream::connect(addr(&t)).await.unwrap();
    // HTTP/2 with prior knowledge: the preface and an empty SETTINGS frame, then nothing.
    stream
        .write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00")
        .await
        .unwrap();
    let started = Instant::now();
    assert!(
        closed_within(&mut stream, idle + MARGIN).await,
        "an idle HTTP/2 connection is closed within the idle timeout and a margin"
    );
    assert!(started.elapsed() >= idle, "{:?}", started.elapsed());
    t.shutdown().await;
}
