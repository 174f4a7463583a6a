//! `serve` over real TLS on 127.0.0.1, with a CA and certificates made here (rcgen): the
//! conformance checker against it, a TLS 1.1 handshake and plain http refused, pairs that
//! cannot be served refused at the start, the expiry metric and warning, and a
//! certificate rotated 20 times under a stream of requests on fresh connections.

use crate::common::{self, TestDb};
use fin_helpdesk::store::NewAgent;
use fin_helpdesk::{self as server, RunningServer, TlsFiles};
use fin_helpdesk_conformance::{ConformanceArgs, VariantChoice, check};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A private CA that signs server certificates for 127.0.0.1 and localhost.
pub struct TestCa {
    pub pem: String,
    issuer: Issuer<'static, KeyPair>,
}

/// A leaf certificate and its key, as PEM, and the certificate's DER.
pub struct Leaf {
    pub cert_pem: String,
    pub key_pem: String,
    pub der: Vec<u8>,
}

impl TestCa {
    pub fn new() -> TestCa {
        let key = KeyPair::generate().expect("a CA key");
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("CA parameters");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, "fin-helpdesk test CA");
        let cert = params.self_signed(&key).expect("a CA certificate");
        TestCa {
            pem: cert.pem(),
            issuer: Issuer::new(params, key),
        }
    }

    /// A certificate for 127.0.0.1 with a key of its own; `not_after` as a date if given.
    pub fn leaf(&self, not_after: Option<(i32, u8, u8)>) -> Leaf {
        let key = KeyPair::generate().expect("a key");
        let mut params =
            CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
                .expect("leaf parameters");
        if let Some((year, month, day)) = not_after {
            params.not_after = rcgen::date_time_ymd(year, month, day);
        }
        let cert = params.signed_by(&key, &self.issuer).expect("a certificate");
        Leaf {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
            der: cert.der().to_vec(),
        }
    }
}

/// Writes `leaf` where `files` say, each through a rename so that no reader sees half a
/// file (as ACME clients do).
fn install(files: &TlsFiles, leaf: &Leaf) {
    for (path, text) in [(&files.cert, &leaf.cert_pem), (&files.key, &leaf.key_pem)] {
        let staging = path.with_extension("new");
        std::fs::write(&staging, text).expect("a staged file");
        std::fs::rename(&staging, path).expect("the file is replaced");
    }
}

fn files_in(dir: &Path) -> TlsFiles {
    TlsFiles {
        cert: dir.join("cert.pem"),
        key: dir.join("key.pem"),
    }
}

/// A client that trusts only `ca`, opens a new connection for every request and reports
/// the certificate it was served.
fn client(ca: &TestCa) -> reqwest::Client {
    reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(ca.pem.as_bytes()).expect("the CA")])
        .pool_max_idle_per_host(0)
        .tls_info(true)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client")
}

async fn start_tls(db: &TestDb, files: &TlsFiles, log: slog::Logger) -> RunningServer {
    let mut config = common::config(db, &common::Options::default());
    config.tls = Some(files.clone());
    let running = server::start(config, log).await.expect("the server starts");
    let store = &running.state.store;
    store
        .add_agent(NewAgent {
            id: Some(common::FIN_AGENT.to_string()),
            name: Some("Fin".to_string()),
            email: Some("fin@example.com".to_string()),
            photo_url: None,
            alias: None,
        })
        .await
        .expect("an agent");
    running
}

/// The certificate a response came with, DER.
fn served_certificate(response: &reqwest::Response) -> Option<Vec<u8>> {
    response
        .extensions()
        .get::<reqwest::tls::TlsInfo>()
        .and_then(|info| info.peer_certificate())
        .map(<[u8]>::to_vec)
}

#[tokio::test]
async fn the_conformance_checker_passes_over_tls_with_a_private_ca() {
    let ca = TestCa::new();
    let dir = tempfile::tempdir().expect("a directory");
    let files = files_in(dir.path());
    install(&files, &ca.leaf(None));
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, &ca.pem).expect("the CA file");
    let db = TestDb::new().await;
    let running = start_tls(&db, &files, common::quiet_log()).await;
    let base_url = format!("https://127.0.0.1:{}", running.local_addr.port());

    let health = client(&ca)
        .get(format!("{base_url}/healthz"))
        .send()
        .await
        .expect("https answers");
    assert_eq!(health.status(), 200);

    // Served over TLS, the inbox's cookies are Secure (and so `__Host-`) with no option.
    let page = client(&ca)
        .get(format!("{base_url}/inbox/"))
        .send()
        .await
        .expect("the inbox answers");
    let cookies: Vec<String> = page
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok().map(str::to_string))
        .collect();
    assert!(
        cookies
            .iter()
            .any(|cookie| cookie.starts_with("__Host-") && cookie.contains("; Secure")),
        "{cookies:?}"
    );

    let args = ConformanceArgs {
        base_url: base_url.clone(),
        variant: VariantChoice::Both,
        token: None,
        client_id: Some(common::CLIENT_ID.to_string()),
        client_secret: Some(common::CLIENT_SECRET.to_string()),
        token_url: None,
        signing_secret: Some(common::SIGNING_SECRET.to_string()),
        agent_id: None,
        json: true,
        strict: true,
        spec: Vec::new(),
        ca_cert: Some(ca_file.clone()),
    };
    let report = check(&args).await.expect("the checker starts");
    assert!(!report.fails(), "{}", report.summary());

    // Without the CA the checker cannot reach it: the certificate is not trusted.
    let untrusted = ConformanceArgs {
        ca_cert: None,
        ..args
    };
    let report = check(&untrusted).await;
    assert!(
        report.is_err() || report.as_ref().is_ok_and(|report| report.fails()),
        "an untrusted certificate was accepted"
    );
    running.shutdown().await.expect("the server stops");
}

/// Reads what the server sends back until it closes or 10 s pass.
async fn read_answer(stream: &mut tokio::net::TcpStream) -> Vec<u8> {
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    answer
}

#[tokio::test]
async fn plain_http_and_tls_1_1_are_refused_on_the_tls_port() {
    let ca = TestCa::new();
    let dir = tempfile::tempdir().expect("a directory");
    let files = files_in(dir.path());
    install(&files, &ca.leaf(None));
    let db = TestDb::sqlite();
    let running = start_tls(&db, &files, common::quiet_log()).await;

    let mut plain = tokio::net::TcpStream::connect(running.local_addr)
        .await
        .expect("a connection");
    plain
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .expect("the request is sent");
    let answer = read_answer(&mut plain).await;
    assert!(
        !answer.starts_with(b"HTTP/"),
        "plain http was answered: {:?}",
        String::from_utf8_lossy(&answer)
    );

    // A ClientHello offering TLS 1.1 only (record and hello version 3.2, no
    // supported_versions extension) with one cipher suite that TLS 1.1 has.
    let mut hello = vec![0x03, 0x02];
    hello.extend_from_slice(&[0x11; 32]); // random
    hello.push(0); // no session id
    hello.extend_from_slice(&[0x00, 0x02, 0xc0, 0x13]); // ECDHE_RSA_WITH_AES_128_CBC_SHA
    hello.extend_from_slice(&[0x01, 0x00]); // null compression
    let mut handshake = vec![0x01, 0x00];
    handshake.extend_from_slice(&u16::try_from(hello.len()).expect("small").to_be_bytes());
    handshake.extend_from_slice(&hello);
    let mut record = vec![0x16, 0x03, 0x02];
    record.extend_from_slice(&u16::try_from(handshake.len()).expect("small").to_be_bytes());
    record.extend_from_slice(&handshake);
    let mut old = tokio::net::TcpStream::connect(running.local_addr)
        .await
        .expect("a connection");
    old.write_all(&record).await.expect("the hello is sent");
    let answer = read_answer(&mut old).await;
    // An alert (21) or nothing, never a handshake record (22) carrying a ServerHello.
    assert_ne!(
        answer.first(),
        Some(&0x16),
        "a TLS 1.1 handshake went on: {answer:?}"
    );
    if let Some(&kind) = answer.first() {
        assert_eq!(kind, 0x15, "{answer:?}");
    }
    running.shutdown().await.expect("the server stops");
}

#[tokio::test]
async fn a_pair_that_cannot_be_served_stops_the_start_naming_the_file() {
    let ca = TestCa::new();
    let dir = tempfile::tempdir().expect("a directory");
    let files = files_in(dir.path());
    let leaf = ca.leaf(None);
    let other = ca.leaf(None);
    let db = TestDb::sqlite();
    let start = |files: TlsFiles| {
        let mut config = common::config(&db, &common::Options::default());
        config.tls = Some(files);
        server::start(config, common::quiet_log())
    };
    // The refusal is a TLS error, and its message is what the tests read.
    let refused = |error: Option<fin_helpdesk::Error>| match error {
        Some(error @ fin_helpdesk::Error::Tls(_)) => error.to_string(),
        other => panic!("expected a TLS error, got {other:?}"),
    };
    let key_body = |pem: &str| {
        pem.lines()
            .find(|line| !line.starts_with("-----"))
            .unwrap_or_default()
            .to_string()
    };

    // Missing files.
    let error = refused(start(files.clone()).await.err());
    assert!(error.contains(&files.cert.display().to_string()), "{error}");

    // A certificate that is not PEM.
    std::fs::write(&files.cert, "not a certificate").expect("written");
    std::fs::write(&files.key, &leaf.key_pem).expect("written");
    let error = refused(start(files.clone()).await.err());
    assert!(error.contains(&files.cert.display().to_string()), "{error}");

    // A key that is not PEM.
    std::fs::write(&files.cert, &leaf.cert_pem).expect("written");
    std::fs::write(&files.key, "-----BEGIN PRIVATE KEY-----\nnot a key\n").expect("written");
    let error = refused(start(files.clone()).await.err());
    assert!(error.contains(&files.key.display().to_string()), "{error}");

    // The key of another certificate.
    std::fs::write(&files.key, &other.key_pem).expect("written");
    let error = refused(start(files.clone()).await.err());
    assert!(
        error.contains("does not match") && error.contains(&files.key.display().to_string()),
        "{error}"
    );
    assert!(!error.contains(&key_body(&other.key_pem)), "{error}");

    // The right pair starts.
    std::fs::write(&files.key, &leaf.key_pem).expect("written");
    let running = start(files).await.expect("the right pair starts");
    running.shutdown().await.expect("the server stops");
}

#[tokio::test]
async fn the_expiry_is_read_exposed_and_warned_about() {
    let ca = TestCa::new();
    let dir = tempfile::tempdir().expect("a directory");
    let files = files_in(dir.path());
    // 2030-01-01T00:00:00Z, a UTCTime, and the default 4096-01-01, a GeneralizedTime.
    install(&files, &ca.leaf(Some((2030, 1, 1))));
    let loaded = fin_helpdesk::load_tls_certificate(&files).expect("it loads");
    assert_eq!(loaded.not_after, 1_893_456_000);
    install(&files, &ca.leaf(None));
    let loaded = fin_helpdesk::load_tls_certificate(&files).expect("it loads");
    assert_eq!(loaded.not_after, 67_090_118_400);

    // Three days from now: within the 14 days that are warned about.
    let soon = chrono::Utc::now().date_naive() + chrono::Days::new(3);
    use chrono::Datelike;
    let date = (
        soon.year(),
        u8::try_from(soon.month()).expect("a month"),
        u8::try_from(soon.day()).expect("a day"),
    );
    install(&files, &ca.leaf(Some(date)));
    let metrics = fin_helpdesk::cli::enable_metrics();
    let (log, lines) = common::captured_log();
    let db = TestDb::sqlite();
    let running = start_tls(&db, &files, log).await;
    let warned = lines
        .lock()
        .expect("the log")
        .iter()
        .any(|line| line.starts_with("WARN") && line.contains("expires soon"));
    assert!(warned, "{:?}", lines.lock().expect("the log"));
    let text = metrics.encode().expect("the metrics");
    let series = format!(
        "fin_helpdesk_tls_certificate_expiry_timestamp_seconds{{file=\"{}\"}} ",
        files.cert.display()
    );
    assert!(text.contains(&series), "{text}");
    running.shutdown().await.expect("the server stops");
}

/// 20 rotations, each by SIGHUP, while a client sends requests on fresh connections:
/// none fails, and after each rotation the new certificate is served.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_certificate_is_served_without_a_failed_request() {
    const ROTATIONS: usize = 20;
    let ca = TestCa::new();
    let dir = tempfile::tempdir().expect("a directory");
    let files = files_in(dir.path());
    let first = ca.leaf(None);
    install(&files, &first);
    let db = TestDb::sqlite();
    let (log, lines) = common::captured_log();
    let running = start_tls(&db, &files, log).await;
    let url = format!("https://127.0.0.1:{}/healthz", running.local_addr.port());

    // One connection kept open through every rotation: it keeps the certificate it was
    // served first, and is never dropped.
    let kept = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(ca.pem.as_bytes()).expect("the CA")])
        .tls_info(true)
        .pool_max_idle_per_host(1)
        .build()
        .expect("a client");
    let on_kept = || async {
        let response = kept
            .get(&url)
            .send()
            .await
            .expect("the kept connection answers");
        assert_eq!(response.status(), 200);
        served_certificate(&response)
    };
    assert_eq!(on_kept().await.as_deref(), Some(first.der.as_slice()));
    let stop = Arc::new(AtomicBool::new(false));
    let (ok, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let background = {
        let (ca, url, stop) = (ca.pem.clone(), url.clone(), stop.clone());
        let (ok, failed) = (ok.clone(), failed.clone());
        tokio::spawn(async move {
            let root = reqwest::Certificate::from_pem(ca.as_bytes()).expect("the CA");
            while !stop.load(Ordering::Relaxed) {
                // A new client, so a new connection and a full handshake every time.
                let client = reqwest::Client::builder()
                    .tls_certs_only([root.clone()])
                    .timeout(Duration::from_secs(10))
                    .build()
                    .expect("a client");
                match client.get(&url).send().await {
                    Ok(response) if response.status() == 200 => {
                        ok.fetch_add(1, Ordering::Relaxed);
                    }
                    other => {
                        eprintln!("a request failed: {other:?}");
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        })
    };

    for rotation in 1..=ROTATIONS {
        let before = ok.load(Ordering::Relaxed);
        let leaf = ca.leaf(None);
        install(&files, &leaf);
        // SAFETY: kill(2) on this process's own id; the server's watcher handles SIGHUP
        // (it registered before it started), so the signal does not end the process.
        let sent = unsafe { libc::kill(libc::getpid(), libc::SIGHUP) };
        assert_eq!(sent, 0, "SIGHUP was sent");
        // Bounded: 60 s at most for the new certificate to be served.
        let mut seen = None;
        for _ in 0..600 {
            // A client of its own each time: a resumed TLS session would report the
            // certificate of the session it resumes, not the one served now.
            let response = client(&ca)
                .get(&url)
                .send()
                .await
                .expect("the probe is answered");
            seen = served_certificate(&response);
            if seen.as_deref() == Some(leaf.der.as_slice()) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if seen.as_deref() != Some(leaf.der.as_slice()) {
            stop.store(true, Ordering::Relaxed);
            let tls_lines: Vec<String> = lines
                .lock()
                .expect("the log")
                .iter()
                .filter(|line| line.contains("component=tls"))
                .cloned()
                .collect();
            panic!(
                "rotation {rotation}: the new certificate was not served (a certificate \
                 seen: {}); the TLS log: {tls_lines:?}",
                seen.is_some()
            );
        }
        assert_eq!(
            on_kept().await.as_deref(),
            Some(first.der.as_slice()),
            "rotation {rotation}: the connection kept open was replaced"
        );
        // Some of the client's requests fall after each rotation (bounded: 60 s).
        for _ in 0..600 {
            if ok.load(Ordering::Relaxed) >= before + 5 || failed.load(Ordering::Relaxed) > 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    stop.store(true, Ordering::Relaxed);
    background.await.expect("the client stops");
    let (ok, failed) = (ok.load(Ordering::Relaxed), failed.load(Ordering::Relaxed));
    eprintln!("{ROTATIONS} rotations: {ok} requests answered, {failed} failed");
    assert_eq!(failed, 0);
    assert!(ok > 0);
    running.shutdown().await.expect("the server stops");
}
