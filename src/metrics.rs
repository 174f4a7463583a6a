//! Prometheus metrics: one process-wide registry that the HTTP layer, the outbox worker
//! and the store record into, encoded in the OpenMetrics text format for `GET /metrics`.
//!
//! Nothing here knows HTTP: callers pass plain names and numbers. Recording is off until
//! [`enable`] is called (by `serve --metrics-bind`); until then [`get`] is `None` and
//! every recording site costs one atomic load. Process-wide rather than passed down,
//! because the store's writer thread and the logging drain have no request context to
//! carry a handle in, and one process serves one helpdesk.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::OnceLock;
use std::time::Duration;

/// The `Content-Type` of [`Metrics::encode`]'s output.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

static METRICS: OnceLock<Metrics> = OnceLock::new();

/// Turns recording on for the rest of the process and returns the registry.
pub fn enable() -> &'static Metrics {
    METRICS.get_or_init(Metrics::new)
}

/// The registry, if recording is on.
#[inline]
pub fn get() -> Option<&'static Metrics> {
    METRICS.get()
}

/// Why a request was refused before the service ran (or by its input checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// No `Authorization: Bearer` header, or not of that form.
    NoToken,
    /// A bearer token that is unknown, revoked or expired.
    BadToken,
    /// A Fin signature that is missing, malformed or does not match.
    BadSignature,
    /// A signature timestamp outside the allowed window.
    StaleTimestamp,
    /// A write whose timestamp and signature were already accepted once: a replay.
    Replayed,
    /// A token request whose client id is unknown or whose secret is wrong.
    BadClient,
    /// A request answered 400: its input was wrong.
    Validation,
}

impl Refusal {
    fn as_str(self) -> &'static str {
        match self {
            Refusal::NoToken => "no_token",
            Refusal::BadToken => "bad_token",
            Refusal::BadSignature => "bad_signature",
            Refusal::StaleTimestamp => "stale_timestamp",
            Refusal::Replayed => "replayed",
            Refusal::BadClient => "bad_client",
            Refusal::Validation => "validation",
        }
    }
}

/// Where credentials are guessed, and so failures are throttled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Throttled {
    /// `POST /oauth/token`.
    TokenRequest,
    /// `POST /inbox/sign-in`.
    InboxSignIn,
}

impl Throttled {
    fn as_str(self) -> &'static str {
        match self {
            Throttled::TokenRequest => "oauth_token",
            Throttled::InboxSignIn => "inbox_sign_in",
        }
    }
}

/// What became of one attempt to send an outbox event to Fin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryOutcome {
    Delivered,
    /// Failed for a reason that passes; sent again later.
    Retry,
    /// Given up (refused by Fin, too old, or a typing indicator that failed once).
    Dead,
}

impl DeliveryOutcome {
    fn as_str(self) -> &'static str {
        match self {
            DeliveryOutcome::Delivered => "delivered",
            DeliveryOutcome::Retry => "retry",
            DeliveryOutcome::Dead => "dead",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RequestLabels {
    api: &'static str,
    operation: &'static str,
    status: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct OperationLabels {
    api: &'static str,
    operation: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct ReasonLabels {
    reason: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct EndpointLabels {
    endpoint: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct StateLabels {
    state: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

/// The served certificate, by its file: a series exists only while one is served, so a
/// plain-http server shows no expiry (a 0 would read as expired in 1970).
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct CertificateLabels {
    file: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct BuildLabels {
    version: &'static str,
}

fn latency_histogram() -> Histogram {
    // 0.25 ms … about 4 s: a cached read to a request stuck at the storage timeout.
    Histogram::new(exponential_buckets(0.000_25, 2.0, 15))
}

/// Every series the helpdesk exposes (names get the `fin_helpdesk_` prefix).
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    request_seconds: Family<OperationLabels, Histogram, fn() -> Histogram>,
    refusals: Family<ReasonLabels, Counter>,
    throttled: Family<EndpointLabels, Counter>,
    outbox_events: Family<StateLabels, Gauge>,
    delivery_attempts: Family<OutcomeLabels, Counter>,
    delivery_seconds: Histogram,
    sqlite_batch_writes: Histogram,
    sqlite_commit_seconds: Histogram,
    postgres_connections: Family<StateLabels, Gauge>,
    retention_removed: Counter,
    tls_expiry: Family<CertificateLabels, Gauge>,
}

impl Metrics {
    fn new() -> Metrics {
        let mut registry = Registry::with_prefix("fin_helpdesk");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "requests",
            "HTTP requests answered, by API (rest, posts, agents, inbox, oauth, helpdesk), operation and status",
            requests.clone(),
        );
        let request_seconds =
            Family::<OperationLabels, Histogram, fn() -> Histogram>::new_with_constructor(
                latency_histogram,
            );
        registry.register(
            "request_duration_seconds",
            "Time from a request's arrival to its answer, by API and operation",
            request_seconds.clone(),
        );
        let refusals = Family::<ReasonLabels, Counter>::default();
        registry.register(
            "refusals",
            "Requests refused, by reason (no_token, bad_token, bad_signature, stale_timestamp, replayed, bad_client, validation)",
            refusals.clone(),
        );
        let throttled = Family::<EndpointLabels, Counter>::default();
        registry.register(
            "throttled",
            "Attempts refused unchecked (429) after too many failed ones, by endpoint (oauth_token, inbox_sign_in)",
            throttled.clone(),
        );
        let outbox_events = Family::<StateLabels, Gauge>::default();
        registry.register(
            "outbox_events",
            "Events for Fin's webhook in the database, by state (pending, dead, delivered)",
            outbox_events.clone(),
        );
        let delivery_attempts = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "outbox_delivery_attempts",
            "Attempts to send an event to Fin, by outcome (delivered, retry, dead)",
            delivery_attempts.clone(),
        );
        let delivery_seconds = Histogram::new(exponential_buckets(0.01, 2.0, 18));
        registry.register(
            "outbox_delivery_latency_seconds",
            "Time from an event's queueing to Fin's acknowledgement",
            delivery_seconds.clone(),
        );
        let sqlite_batch_writes = Histogram::new(exponential_buckets(1.0, 2.0, 9));
        registry.register(
            "sqlite_batch_writes",
            "Writes committed together by the SQLite writer, per transaction",
            sqlite_batch_writes.clone(),
        );
        let sqlite_commit_seconds = latency_histogram();
        registry.register(
            "sqlite_commit_duration_seconds",
            "Time the SQLite writer spends on one batch, from BEGIN to COMMIT",
            sqlite_commit_seconds.clone(),
        );
        let postgres_connections = Family::<StateLabels, Gauge>::default();
        registry.register(
            "postgres_pool_connections",
            "PostgreSQL pool connections, by state (in_use, idle)",
            postgres_connections.clone(),
        );
        let retention_removed = Counter::default();
        registry.register(
            "retention_conversations_removed",
            "Closed conversations removed by retention (serve --retain-conversations-days)",
            retention_removed.clone(),
        );
        let tls_expiry = Family::<CertificateLabels, Gauge>::default();
        registry.register(
            "tls_certificate_expiry_timestamp_seconds",
            "When the certificate served over TLS (serve --tls-cert) expires, in Unix seconds, by file",
            tls_expiry.clone(),
        );
        let build = Family::<BuildLabels, Gauge>::default();
        build
            .get_or_create(&BuildLabels {
                version: env!("CARGO_PKG_VERSION"),
            })
            .set(1);
        // A gauge at 1 rather than an OpenMetrics `info`: the Prometheus text parsers
        // (promtool's among them) know no `info` type.
        registry.register("build_info", "The running fin-helpdesk's version", build);
        Metrics {
            registry,
            requests,
            request_seconds,
            refusals,
            throttled,
            outbox_events,
            delivery_attempts,
            delivery_seconds,
            sqlite_batch_writes,
            sqlite_commit_seconds,
            postgres_connections,
            retention_removed,
            tls_expiry,
        }
    }

    /// The expiry of the certificate served now from `file`, in Unix seconds.
    pub fn set_tls_certificate_expiry(&self, file: &str, unix_seconds: i64) {
        self.tls_expiry
            .get_or_create(&CertificateLabels {
                file: file.to_string(),
            })
            .set(unix_seconds);
    }

    /// One answered request. `api` and `operation` must come from a fixed set (route
    /// names, never raw paths), so that the number of series stays bounded.
    pub fn request(&self, api: &'static str, operation: &'static str, status: u16, took: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                api,
                operation,
                status,
            })
            .inc();
        self.request_seconds
            .get_or_create(&OperationLabels { api, operation })
            .observe(took.as_secs_f64());
    }

    pub fn refused(&self, reason: Refusal) {
        self.refusals
            .get_or_create(&ReasonLabels {
                reason: reason.as_str(),
            })
            .inc();
    }

    /// An attempt refused unchecked because of earlier failures.
    pub fn throttled(&self, endpoint: Throttled) {
        self.throttled
            .get_or_create(&EndpointLabels {
                endpoint: endpoint.as_str(),
            })
            .inc();
    }

    /// One delivery attempt; `queued_for` is the event's age when Fin acknowledged it.
    pub fn delivery(&self, outcome: DeliveryOutcome, queued_for: Option<Duration>) {
        self.delivery_attempts
            .get_or_create(&OutcomeLabels {
                outcome: outcome.as_str(),
            })
            .inc();
        if let Some(age) = queued_for {
            self.delivery_seconds.observe(age.as_secs_f64());
        }
    }

    /// One committed SQLite batch.
    pub fn sqlite_batch(&self, writes: usize, took: Duration) {
        self.sqlite_batch_writes.observe(writes as f64);
        self.sqlite_commit_seconds.observe(took.as_secs_f64());
    }

    /// Conversations one retention batch removed.
    pub fn retention_removed(&self, conversations: u64) {
        self.retention_removed.inc_by(conversations);
    }

    /// The outbox's events by state, as the database counts them now.
    pub fn set_outbox_events(&self, pending: i64, dead: i64, delivered: i64) {
        for (state, count) in [
            ("pending", pending),
            ("dead", dead),
            ("delivered", delivered),
        ] {
            self.outbox_events
                .get_or_create(&StateLabels { state })
                .set(count);
        }
    }

    /// The PostgreSQL pool's connections now.
    pub fn set_postgres_pool(&self, in_use: i64, idle: i64) {
        for (state, count) in [("in_use", in_use), ("idle", idle)] {
            self.postgres_connections
                .get_or_create(&StateLabels { state })
                .set(count);
        }
    }

    /// The whole registry in the OpenMetrics text format ([`CONTENT_TYPE`]).
    pub fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)?;
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_series_are_encoded_with_their_labels() {
        let metrics = Metrics::new();
        metrics.request("rest", "getConversation", 200, Duration::from_millis(2));
        metrics.refused(Refusal::StaleTimestamp);
        metrics.refused(Refusal::BadClient);
        metrics.refused(Refusal::Replayed);
        metrics.throttled(Throttled::TokenRequest);
        metrics.delivery(DeliveryOutcome::Delivered, Some(Duration::from_secs(1)));
        metrics.sqlite_batch(3, Duration::from_millis(1));
        metrics.set_outbox_events(2, 1, 5);
        metrics.retention_removed(7);
        let text = metrics.encode().unwrap();
        for expected in [
            "fin_helpdesk_requests_total{api=\"rest\",operation=\"getConversation\",status=\"200\"} 1",
            "fin_helpdesk_request_duration_seconds_count{api=\"rest\",operation=\"getConversation\"} 1",
            "fin_helpdesk_refusals_total{reason=\"stale_timestamp\"} 1",
            "fin_helpdesk_refusals_total{reason=\"bad_client\"} 1",
            "fin_helpdesk_refusals_total{reason=\"replayed\"} 1",
            "fin_helpdesk_throttled_total{endpoint=\"oauth_token\"} 1",
            "fin_helpdesk_outbox_events{state=\"pending\"} 2",
            "fin_helpdesk_outbox_delivery_attempts_total{outcome=\"delivered\"} 1",
            "fin_helpdesk_sqlite_batch_writes_sum 3.0",
            "fin_helpdesk_retention_conversations_removed_total 7",
            "fin_helpdesk_build_info{version=\"",
            "# EOF",
        ] {
            assert!(text.contains(expected), "{expected} missing from:\n{text}");
        }
    }
}
