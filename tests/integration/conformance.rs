//! The conformance checker end to end: against the real server (every check passes, the
//! recommended ones too), against a helpdesk that is not ours (`own_helpdesk.rs`: it
//! passes with warnings; a copy with one contract rule broken fails on that rule), and
//! against the server behind a proxy that breaks a rule (the checker must say so). The
//! checker against a fake alone is `conformance/tests/fake.rs`.

use crate::own_helpdesk::{self, Broken};
use fin_helpdesk::Variant;
use fin_helpdesk::credentials::Secret;
use fin_helpdesk::store::NewAgent;
use fin_helpdesk::{self as server, RunningServer, ServerConfig};
use fin_helpdesk_conformance::{ConformanceArgs, Level, Outcome, Report, VariantChoice, check};

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

/// Every check the run made has a rule: its level, its source, what it breaks in Fin.
fn assert_every_check_has_its_rule(report: &Report) {
    for check in report.checks() {
        assert!(
            !check.source.is_empty() && !check.in_fin.is_empty(),
            "{} {} has no rule in rules.rs",
            check.variant,
            check.name
        );
    }
}

fn with_outcome(report: &Report, outcome: Outcome) -> Vec<String> {
    report
        .checks()
        .iter()
        .filter(|c| c.outcome == outcome)
        .map(|c| format!("{} {}: {}", c.variant, c.name, c.detail))
        .collect()
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
    args.strict = true;
    let report = check(&args).await.expect("the checker starts");
    // Under --strict nothing may fail, warn or be skipped: the recommended rules are ours.
    assert_eq!(failures(&report), Vec::<String>::new());
    assert!(!report.fails(), "{}", report.summary());
    assert_every_check_has_its_rule(&report);
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

    // Judged by the documents it serves, whose error bodies are part of them.
    let served = tempfile::tempdir().expect("a temporary directory");
    args.spec = Vec::new();
    for variant in Variant::FIN {
        let path = served
            .path()
            .join(format!("served-{}.json", variant.name()));
        let document = variant.served_document().expect("a served document");
        std::fs::write(&path, document.to_string()).expect("the document is written");
        args.spec.push(path);
    }
    let report = check(&args).await.expect("the checker starts");
    assert_eq!(failures(&report), Vec::<String>::new());
    let other = report
        .checks()
        .iter()
        .find(|c| c.name == "other_answers")
        .expect("other_answers ran");
    assert!(other.detail.contains("served-"), "{}", other.detail);
    running.shutdown().await.expect("the server stops");
}

/// Sits in front of the real server and changes what it sees or answers, so that the
/// helpdesk behind it behaves as a broken one would.
struct Proxy {
    upstream: String,
    http: reqwest::Client,
    requests: std::sync::atomic::AtomicU64,
    breaks: Breaks,
}

#[derive(Clone, Copy)]
enum Breaks {
    /// Every `object_id` gets a fresh suffix: a helpdesk that ignores `object_id`.
    ObjectIds,
    /// An explicit `null` for an optional property is refused with a 400, as a helpdesk
    /// that validates bodies by the document's letter does.
    Nulls,
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct AnyPath {
    path: Vec<String>,
}

fn forget_object_ids(value: &mut serde_json::Value, suffix: u64) {
    if let serde_json::Value::Object(map) = value {
        for (key, field) in map.iter_mut() {
            match field {
                serde_json::Value::String(id) if key == "object_id" => {
                    id.push_str(&format!("-{suffix}"))
                }
                other => forget_object_ids(other, suffix),
            }
        }
    }
}

/// The first property among those the published documents make optional and not nullable
/// that `value` sends as `null`.
fn optional_sent_as_null(value: &serde_json::Value) -> Option<String> {
    const OPTIONAL: [&str; 7] = [
        "after_id",
        "tags",
        "attributes",
        "status",
        "message_type",
        "visibility",
        "attachments",
    ];
    let map = value.as_object()?;
    map.iter()
        .find(|(key, field)| field.is_null() && OPTIONAL.contains(&key.as_str()))
        .map(|(key, _)| key.clone())
}

async fn forward(
    rqctx: dropshot::RequestContext<std::sync::Arc<Proxy>>,
    path: dropshot::Path<AnyPath>,
    body: dropshot::UntypedBody,
) -> Result<http::Response<dropshot::Body>, dropshot::HttpError> {
    let proxy = rqctx.context();
    let n = proxy
        .requests
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut url = format!("{}/{}", proxy.upstream, path.into_inner().path.join("/"));
    if let Some(query) = rqctx.request.uri().query() {
        url = format!("{url}?{query}");
    }
    let mut bytes = body.as_bytes().to_vec();
    if let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(&bytes) {
        match proxy.breaks {
            Breaks::ObjectIds => {
                forget_object_ids(&mut json, n);
                bytes = serde_json::to_vec(&json).expect("JSON");
            }
            Breaks::Nulls => {
                if let Some(property) = optional_sent_as_null(&json) {
                    let message = format!("`{property}`: null is not of type \"string\"");
                    let body = if url.contains("/get_")
                        || url.contains("/update_")
                        || url.contains("/create_")
                    {
                        serde_json::json!({"data": null, "error": {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": message}})
                    } else {
                        serde_json::json!({"request_id": n.to_string(), "error_code": "invalid_request", "message": message})
                    };
                    return Ok(http::Response::builder()
                        .status(400)
                        .header(http::header::CONTENT_TYPE, "application/json")
                        .body(dropshot::Body::from(body.to_string()))
                        .expect("a response"));
                }
            }
        }
    }
    let mut request = proxy
        .http
        .request(rqctx.request.method().clone(), url)
        .body(bytes);
    for name in [http::header::AUTHORIZATION, http::header::CONTENT_TYPE] {
        if let Some(value) = rqctx.request.headers().get(&name) {
            request = request.header(name, value);
        }
    }
    let answer = request.send().await.expect("the server answers");
    let mut response = http::Response::builder().status(answer.status());
    for (name, value) in answer.headers() {
        if name != http::header::CONTENT_LENGTH && name != http::header::TRANSFER_ENCODING {
            response = response.header(name, value);
        }
    }
    let bytes = answer.bytes().await.expect("a body");
    Ok(response
        .body(dropshot::Body::from(bytes.to_vec()))
        .expect("a response"))
}

#[dropshot::endpoint { method = GET, path = "/{path:.*}", unpublished = true }]
async fn proxy_get(
    rqctx: dropshot::RequestContext<std::sync::Arc<Proxy>>,
    path: dropshot::Path<AnyPath>,
    body: dropshot::UntypedBody,
) -> Result<http::Response<dropshot::Body>, dropshot::HttpError> {
    forward(rqctx, path, body).await
}

#[dropshot::endpoint { method = PUT, path = "/{path:.*}", unpublished = true }]
async fn proxy_put(
    rqctx: dropshot::RequestContext<std::sync::Arc<Proxy>>,
    path: dropshot::Path<AnyPath>,
    body: dropshot::UntypedBody,
) -> Result<http::Response<dropshot::Body>, dropshot::HttpError> {
    forward(rqctx, path, body).await
}

#[dropshot::endpoint { method = POST, path = "/{path:.*}", unpublished = true, content_type = "application/json" }]
async fn proxy_post(
    rqctx: dropshot::RequestContext<std::sync::Arc<Proxy>>,
    path: dropshot::Path<AnyPath>,
    body: dropshot::UntypedBody,
) -> Result<http::Response<dropshot::Body>, dropshot::HttpError> {
    forward(rqctx, path, body).await
}

/// The real server behind a [`Proxy`] that `breaks` it, and the arguments that check it.
async fn behind_proxy(
    breaks: Breaks,
) -> (
    dropshot::HttpServer<std::sync::Arc<Proxy>>,
    RunningServer,
    ConformanceArgs,
    tempfile::TempDir,
) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = format!("sqlite://{}", dir.path().join("proxied.db").display());
    let config = ServerConfig::new("127.0.0.1:0".parse().expect("an address"), database);
    let log = slog::Logger::root(slog::Discard, slog::o!());
    let running = server::start(config, log.clone())
        .await
        .expect("the server starts");
    let token = running
        .generated_api_token
        .clone()
        .expect("a generated token");
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

    let mut api = dropshot::ApiDescription::new();
    api.register(proxy_get).expect("GET");
    api.register(proxy_put).expect("PUT");
    api.register(proxy_post).expect("POST");
    let proxy = std::sync::Arc::new(Proxy {
        upstream: format!("http://{}", running.local_addr),
        http: reqwest::Client::new(),
        requests: Default::default(),
        breaks,
    });
    let config = dropshot::ConfigDropshot {
        bind_address: "127.0.0.1:0".parse().expect("an address"),
        default_request_body_max_bytes: 1024 * 1024,
        ..Default::default()
    };
    let front = dropshot::ServerBuilder::new(api, proxy, log)
        .config(config)
        .start()
        .expect("the proxy starts");
    let mut args = args(format!("http://{}", front.local_addr()));
    args.token = Some(token.expose().to_string());
    (front, running, args, dir)
}

#[tokio::test]
async fn a_helpdesk_that_ignores_object_id_fails_with_the_rule_named() {
    let (front, running, args, _dir) = behind_proxy(Breaks::ObjectIds).await;
    let report = check(&args).await.expect("the checker starts");
    let failed = failures(&report);
    for variant in ["rest", "posts"] {
        for operation in ["create_user", "create_conversation", "create_message"] {
            assert!(
                failed.iter().any(
                    |f| f.starts_with(&format!("{variant} {operation}/idempotent"))
                        && f.contains(&format!("{operation} is not idempotent on object_id"))
                ),
                "{variant} {operation}: no failure naming the rule in {failed:#?}"
            );
        }
    }
    assert!(report.fails());
    front.close().await.expect("the proxy stops");
    running.shutdown().await.expect("the server stops");
}

/// A helpdesk that refuses an explicit `null` for an optional property is warned, with
/// what that breaks in Fin; the rest of Fin's contract still passes.
#[tokio::test]
async fn a_helpdesk_that_refuses_null_for_optional_properties_is_warned() {
    let (front, running, args, _dir) = behind_proxy(Breaks::Nulls).await;
    let report = check(&args).await.expect("the checker starts");
    assert_eq!(with_outcome(&report, Outcome::Failed), Vec::<String>::new());
    let warned = with_outcome(&report, Outcome::Warning);
    for variant in ["rest", "posts"] {
        let warning = warned
            .iter()
            .find(|w| w.starts_with(&format!("{variant} requests/null_optional:")))
            .unwrap_or_else(|| panic!("{variant}: {warned:#?}"));
        assert!(warning.contains("must be taken as left out"), "{warning}");
    }
    let posts = report
        .checks()
        .iter()
        .find(|c| c.variant == "posts" && c.name == "requests/null_optional")
        .expect("the check ran");
    assert!(posts.detail.contains("get_messages"), "{}", posts.detail);
    assert!(
        posts.in_fin.contains("5 times, a minute apart"),
        "{}",
        posts.in_fin
    );
    let mut strict = args;
    strict.strict = true;
    assert!(check(&strict).await.expect("the checker starts").fails());
    front.close().await.expect("the proxy stops");
    running.shutdown().await.expect("the server stops");
}

fn own_args(base_url: String) -> ConformanceArgs {
    let mut args = args(base_url);
    args.token = Some(own_helpdesk::TOKEN.to_string());
    args
}

#[tokio::test]
async fn a_helpdesk_on_the_published_traits_passes_with_warnings() {
    let (server, url) = own_helpdesk::start(Broken::None);
    let report = check(&own_args(url.clone()))
        .await
        .expect("the checker starts");
    assert_eq!(with_outcome(&report, Outcome::Failed), Vec::<String>::new());
    assert_eq!(
        with_outcome(&report, Outcome::Skipped),
        Vec::<String>::new()
    );
    assert!(!report.fails(), "{}", report.summary());
    assert_every_check_has_its_rule(&report);

    // The warnings are its own choices, where Fin's docs are silent.
    let warnings: Vec<(&str, &str)> = report
        .checks()
        .iter()
        .filter(|c| c.outcome == Outcome::Warning)
        .map(|c| (c.variant.as_str(), c.name.as_str()))
        .collect();
    for variant in ["rest", "posts"] {
        for name in [
            "auth/www_authenticate",
            "error_answers",
            "create_user/conflict",
            "create_conversation/conflict",
            "create_message/conflict",
        ] {
            assert!(
                warnings.contains(&(variant, name)),
                "{variant} {name} is not a warning: {warnings:?}"
            );
        }
    }
    assert!(
        report
            .checks()
            .iter()
            .filter(|c| c.outcome == Outcome::Warning)
            .all(|c| c.level == Level::Recommended)
    );
    let error_answers = report
        .checks()
        .iter()
        .find(|c| c.variant == "rest" && c.name == "error_answers")
        .expect("error_answers ran");
    for said in [
        "auth/no_token: getAgents 401 does not match the error body of openapi/README.md",
        "create_message/empty: create_message answered 422; openapi/README.md answers 400",
    ] {
        assert!(
            error_answers.detail.contains(said),
            "{}",
            error_answers.detail
        );
    }
    // What it passes is Fin's contract: the behaviour, and every body by the documents.
    for name in [
        "auth/no_token",
        "create_message/idempotent",
        "update_conversation/handover",
        "get_messages/after_id",
        "create_message/http_attachment",
        "other_answers",
    ] {
        let passed = report
            .checks()
            .iter()
            .filter(|c| c.name == name && c.outcome == Outcome::Passed)
            .count();
        assert_eq!(passed, 2, "{name} did not pass in both variants");
    }

    // --strict fails it on those warnings.
    let mut strict = own_args(url);
    strict.strict = true;
    let report = check(&strict).await.expect("the checker starts");
    assert!(report.fails(), "{}", report.summary());
    assert_eq!(with_outcome(&report, Outcome::Failed), Vec::<String>::new());
    server.close().await.expect("the helpdesk stops");
}

#[tokio::test]
async fn a_broken_contract_rule_fails_with_the_rule_named() {
    let (server, url) = own_helpdesk::start(Broken::Handover);
    let report = check(&own_args(url)).await.expect("the checker starts");
    let failed = with_outcome(&report, Outcome::Failed);
    for variant in ["rest", "posts"] {
        for name in [
            "update_conversation/handover",
            "get_conversation/after_handover",
        ] {
            assert!(
                failed
                    .iter()
                    .any(|f| f.starts_with(&format!("{variant} {name}:"))
                        && f.contains("assignee_id: null hands the conversation to a human")),
                "{variant} {name}: no failure naming the rule in {failed:#?}"
            );
        }
    }
    // Only that rule: everything else still holds.
    assert_eq!(failed.len(), 4, "{failed:#?}");
    let handover = report
        .checks()
        .iter()
        .find(|c| c.name == "update_conversation/handover")
        .expect("the handover ran");
    assert!(
        handover.in_fin.contains("no human picks it up"),
        "{}",
        handover.in_fin
    );
    assert!(report.fails());
    server.close().await.expect("the helpdesk stops");
}

/// The published documents let a helpdesk ignore `after_id` ("may return only messages
/// created after it"): a warning, not a failure.
#[tokio::test]
async fn ignoring_after_id_is_only_a_warning() {
    let (server, url) = own_helpdesk::start(Broken::AfterId);
    let report = check(&own_args(url)).await.expect("the checker starts");
    assert_eq!(with_outcome(&report, Outcome::Failed), Vec::<String>::new());
    let warned = with_outcome(&report, Outcome::Warning);
    for variant in ["rest", "posts"] {
        assert!(
            warned
                .iter()
                .any(|w| w.starts_with(&format!("{variant} get_messages/after_id_only_later:"))),
            "{variant}: {warned:#?}"
        );
    }
    server.close().await.expect("the helpdesk stops");
}
