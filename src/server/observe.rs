//! What operators see of the HTTP layer: the per-request metrics and log fields (API and
//! operation, status, latency), taken from dropshot's own "request completed" record,
//! and the `GET /metrics` endpoint served on its own address.
//!
//! dropshot has no middleware; every request it answers ends in one "request completed"
//! log record carrying the status and latency it measured, on the logger the server was
//! given. [`RequestDrain`] sits in front of that logger's output, so every operation is
//! counted without touching its handler. The record names the path, not the operation:
//! [`RouteTable`] maps a path back to the operation from the served OpenAPI documents,
//! and names anything else `unmatched`, so the series stay bounded whatever the path.

use crate::contract::Variant;
use crate::metrics::{self, Refusal};
use crate::server::{AppState, inbox};
use crate::store::Store;
use dropshot::{
    ApiDescription, Body, ConfigDropshot, HttpError, HttpServer, RequestContext, ServerBuilder,
};
use slog::{Drain, OwnedKVList, Record};
use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The message of the record dropshot logs when it has answered a request.
const REQUEST_COMPLETED: &str = "request completed";

/// The API and operation of every route the server has: the contract's `operationId`s
/// (`getConversation`), and short names for the helpdesk's own routes.
pub struct RouteTable {
    routes: Vec<Route>,
}

struct Route {
    method: String,
    /// The path template's segments; `None` stands for a `{parameter}`.
    segments: Vec<Option<String>>,
    api: &'static str,
    operation: String,
}

/// The label pair for a request that matched no route.
pub const UNMATCHED: (&str, &str) = ("none", "unmatched");

impl RouteTable {
    /// Built once per process from the served documents, plus the helpdesk's own routes.
    pub fn get() -> &'static RouteTable {
        static TABLE: OnceLock<RouteTable> = OnceLock::new();
        TABLE.get_or_init(RouteTable::build)
    }

    fn build() -> RouteTable {
        let mut routes = Vec::new();
        for variant in Variant::ALL {
            // The documents are checked by the drift tests; one that could not be
            // rendered would only leave its routes `unmatched`.
            let Ok(document) = variant.served_document() else {
                continue;
            };
            let Some(paths) = document["paths"].as_object() else {
                continue;
            };
            for (path, operations) in paths {
                let Some(operations) = operations.as_object() else {
                    continue;
                };
                for (method, operation) in operations {
                    if let Some(id) = operation["operationId"].as_str() {
                        routes.push(Route::new(method, path, variant.name(), id));
                    }
                }
            }
        }
        for (method, path, api, operation) in [
            ("post", "/oauth/token", "oauth", "token"),
            ("get", "/healthz", "helpdesk", "healthz"),
            ("get", "/readyz", "helpdesk", "readyz"),
            ("get", "/openapi/{document}", "helpdesk", "openapi"),
        ] {
            routes.push(Route::new(method, path, api, operation));
        }
        // The inbox is in no served document: its routes come from its own registration,
        // so a page added there is labelled without being listed here too.
        let mut inbox = ApiDescription::<Arc<AppState>>::new();
        if inbox::register(&mut inbox).is_ok() {
            let router = inbox.into_router();
            for (_, _, endpoint) in router.endpoints(None) {
                let id = endpoint.operation_id.as_str();
                let operation = id.strip_prefix("inbox_").unwrap_or(id);
                routes.push(Route::new(
                    endpoint.method.as_str(),
                    &endpoint.path,
                    "inbox",
                    operation,
                ));
            }
        }
        RouteTable { routes }
    }

    /// The (API, operation) of a request, from its method and URI (query ignored).
    pub fn resolve(&'static self, method: &str, uri: &str) -> (&'static str, &'static str) {
        let path = uri.split('?').next().unwrap_or_default();
        // Empty segments are skipped, as dropshot's router skips them (`/inbox/` is `/inbox`).
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        self.routes
            .iter()
            .find(|route| route.matches(method, &segments))
            .map_or(UNMATCHED, |route| (route.api, route.operation.as_str()))
    }
}

impl Route {
    fn new(method: &str, path: &str, api: &'static str, operation: &str) -> Route {
        let segments = path
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(|segment| {
                (!(segment.starts_with('{') && segment.ends_with('}'))).then(|| segment.into())
            })
            .collect();
        Route {
            method: method.to_ascii_uppercase(),
            segments,
            api,
            operation: operation.to_string(),
        }
    }

    fn matches(&self, method: &str, segments: &[&str]) -> bool {
        self.method == method
            && self.segments.len() == segments.len()
            && self
                .segments
                .iter()
                .zip(segments)
                .all(|(template, segment)| match template {
                    Some(literal) => literal == segment,
                    None => !segment.is_empty(),
                })
    }
}

/// The fields of a "request completed" record this module needs.
#[derive(Default)]
struct Completed {
    method: Option<String>,
    uri: Option<String>,
    status: Option<u16>,
    latency_us: Option<u128>,
}

impl slog::Serializer for Completed {
    fn emit_u16(&mut self, key: slog::Key, value: u16) -> slog::Result {
        if key == "response_code" {
            self.status = Some(value);
        }
        Ok(())
    }

    fn emit_u128(&mut self, key: slog::Key, value: u128) -> slog::Result {
        if key == "latency_us" {
            self.latency_us = Some(value);
        }
        Ok(())
    }

    fn emit_str(&mut self, key: slog::Key, value: &str) -> slog::Result {
        match key.as_ref() {
            "method" => self.method = Some(value.to_string()),
            "uri" => self.uri = Some(value.to_string()),
            _ => {}
        }
        Ok(())
    }

    fn emit_arguments(
        &mut self,
        _key: slog::Key,
        _value: &std::fmt::Arguments<'_>,
    ) -> slog::Result {
        Ok(())
    }
}

/// In front of the request logger's output: counts each answered request in the metrics
/// (when they are on), and adds `api` and `operation` to the "request completed" lines
/// it passes on. Every other record goes through untouched.
pub struct RequestDrain<D> {
    inner: D,
    routes: &'static RouteTable,
}

impl<D> RequestDrain<D> {
    pub fn new(inner: D) -> Self {
        RequestDrain {
            inner,
            routes: RouteTable::get(),
        }
    }
}

impl<D: Drain<Err = slog::Never>> Drain for RequestDrain<D> {
    type Ok = ();
    type Err = slog::Never;

    fn log(&self, record: &Record<'_>, values: &OwnedKVList) -> Result<(), slog::Never> {
        let metrics = metrics::get();
        let shown = self.inner.is_enabled(record.level());
        if record.msg().as_str() != Some(REQUEST_COMPLETED) || (metrics.is_none() && !shown) {
            return self.inner.log(record, values).map(drop);
        }
        let mut completed = Completed::default();
        // The serializer above never fails.
        let _ = slog::KV::serialize(values, record, &mut completed);
        let _ = slog::KV::serialize(&record.kv(), record, &mut completed);
        let (api, operation) = match (&completed.method, &completed.uri) {
            (Some(method), Some(uri)) => self.routes.resolve(method, uri),
            _ => UNMATCHED,
        };
        if let (Some(metrics), Some(status)) = (metrics, completed.status) {
            let micros = completed.latency_us.unwrap_or_default();
            let took = Duration::from_micros(u64::try_from(micros).unwrap_or(u64::MAX));
            metrics.request(api, operation, status, took);
            if status == 400 {
                metrics.refused(Refusal::Validation);
            }
        }
        if !shown {
            return Ok(());
        }
        // The same record with two more fields, rebuilt as slog-async rebuilds records.
        let extra = slog::o!("api" => api, "operation" => operation);
        let location = record.location();
        let static_part = slog::RecordStatic {
            location,
            tag: record.tag(),
            level: record.level(),
        };
        let kv = Both(record.kv().0, &extra);
        let enriched = Record::new(&static_part, record.msg(), slog::BorrowedKV(&kv));
        self.inner.log(&enriched, values).map(drop)
    }

    fn is_enabled(&self, level: slog::Level) -> bool {
        // Request records must reach `log` for the metrics even when not shown.
        metrics::get().is_some() || self.inner.is_enabled(level)
    }
}

/// A record's own fields, then more.
struct Both<'a, E>(&'a dyn slog::KV, &'a E);

impl<E: slog::KV> slog::KV for Both<'_, E> {
    fn serialize(
        &self,
        record: &Record<'_>,
        serializer: &mut dyn slog::Serializer,
    ) -> slog::Result {
        self.0.serialize(record, serializer)?;
        self.1.serialize(record, serializer)
    }
}

/// The metrics endpoint's state: the store, read at each scrape for the gauges.
pub struct MetricsContext {
    store: Arc<dyn Store>,
    log: slog::Logger,
}

/// Starts `GET /metrics` on `bind`, away from the address Fin reaches, and turns
/// recording on. Stop it with [`HttpServer::close`].
pub fn serve_metrics(
    bind: SocketAddr,
    store: Arc<dyn Store>,
    log: slog::Logger,
) -> Result<HttpServer<MetricsContext>, crate::Error> {
    metrics::enable();
    let mut api = ApiDescription::new();
    api.register(metrics_endpoint)
        .map_err(|error| crate::Error::Api(error.to_string()))?;
    let context = MetricsContext {
        store,
        log: log.clone(),
    };
    let config = ConfigDropshot {
        bind_address: bind,
        ..ConfigDropshot::default()
    };
    // Scrapes are not logged: one every few seconds would drown the rest.
    let quiet = slog::Logger::root(slog::Discard, slog::o!());
    ServerBuilder::new(api, context, quiet)
        .config(config)
        .start()
        .map_err(|error| crate::Error::Listen {
            address: bind,
            reason: format!("the metrics listener: {error}"),
        })
}

/// Prometheus metrics in the OpenMetrics text format.
#[dropshot::endpoint { method = GET, path = "/metrics", unpublished = true }]
async fn metrics_endpoint(
    rqctx: RequestContext<MetricsContext>,
) -> Result<http::Response<Body>, HttpError> {
    let context = rqctx.context();
    let metrics = metrics::enable();
    // The database's view at scrape time; a failed read leaves the last values (and is
    // visible in the server log), so that a scrape still answers during an outage.
    match context.store.outbox_counts().await {
        Ok(counts) => metrics.set_outbox_events(counts.pending, counts.dead, counts.delivered),
        Err(error) => {
            slog::warn!(context.log, "metrics: cannot count outbox events"; "error" => %error)
        }
    }
    match context.store.pool_usage().await {
        Ok(Some(pool)) => metrics.set_postgres_pool(pool.in_use, pool.idle),
        Ok(None) => {}
        Err(error) => {
            slog::warn!(context.log, "metrics: cannot read the pool's state"; "error" => %error)
        }
    }
    let text = metrics
        .encode()
        .map_err(|_| HttpError::for_internal_error("cannot encode the metrics".into()))?;
    http::Response::builder()
        .header(http::header::CONTENT_TYPE, metrics::CONTENT_TYPE)
        .body(Body::from(text))
        .map_err(|_| HttpError::for_internal_error("cannot build the metrics response".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every route the server registers, published or not, has a name: none would be
    /// counted as `unmatched`.
    #[test]
    fn every_served_route_has_an_operation_name() {
        let routes = RouteTable::get();
        let router = crate::server::api_description().unwrap().into_router();
        for (_, _, endpoint) in router.endpoints(None) {
            let path = endpoint.path.replace(['{', '}'], "");
            assert_ne!(
                routes.resolve(endpoint.method.as_str(), &path),
                UNMATCHED,
                "{} {}",
                endpoint.method,
                endpoint.path
            );
        }
    }

    #[test]
    fn paths_resolve_to_their_operation_and_others_to_unmatched() {
        let routes = RouteTable::get();
        assert_eq!(
            routes.resolve("GET", "/conversation?conversation_id=x"),
            ("rest", "getConversation")
        );
        assert_eq!(
            routes.resolve("POST", "/get_conversation"),
            ("posts", "getConversation")
        );
        assert_eq!(routes.resolve("POST", "/oauth/token"), ("oauth", "token"));
        assert_eq!(
            routes.resolve("GET", "/helpdesk/conversations/abc"),
            ("agents", "getHelpdeskConversation")
        );
        for (method, uri, operation) in [
            ("GET", "/inbox/", "home"),
            ("GET", "/inbox?status=open", "home"),
            (
                "POST",
                "/inbox/conversations/conv_1/messages",
                "post_message",
            ),
            ("GET", "/inbox/conversations/conv_1/messages", "messages"),
            ("GET", "/inbox/assets/inbox.css", "asset"),
            ("POST", "/inbox/sign-in", "sign_in"),
        ] {
            assert_eq!(routes.resolve(method, uri), ("inbox", operation), "{uri}");
        }
        assert_eq!(routes.resolve("GET", "/no/such/path"), UNMATCHED);
        assert_eq!(routes.resolve("DELETE", "/conversation"), UNMATCHED);
    }
}
