//! Durable delivery of conversation events to Fin's webhook
//! (`POST {base}/custom_helpdesk_conversation_event/{integration_id}`).
//!
//! Events are written to the store's outbox in the same transaction as the change they
//! announce; this worker claims due events with a lease (so replicas sharing one
//! PostgreSQL database never send one event at the same time), sends them with the
//! generated client, and records the outcome:
//!
//! - **sync** events (`{"conversation_id": …}`) are retried with exponential backoff and
//!   jitter on connection errors, timeouts, redirects (never followed: the key would go
//!   along), 429 and 5xx until they are older than the maximum age; then, or at once on
//!   any other 4xx, they are kept as dead with the last error (`fin-helpdesk outbox
//!   retry` requeues them). The store merges pending syncs of one conversation, so a
//!   burst of changes costs one request.
//! - **typing** events are queued too (so the handler answers at once and any replica may
//!   send them) but get exactly one attempt: a typing indicator that arrives late is
//!   wrong, so a failed or stale one is marked dead instead of retried.
//!
//! An outcome is recorded only while the worker's claim holds (the store checks the
//! lease the claim wrote, see [`Claim`]): a worker whose lease ran out while Fin was slow,
//! and whose event another worker claimed again, changes nothing with its late outcome.
//! Delivered events are deleted by the worker once older than the retention period
//! (7 days by default); pending and dead ones are kept.
//!
//! At most `batch_size` events are claimed, held in memory and sent at once, each request
//! bounded by `request_timeout`: with Fin hanging, a backlog of any size costs one batch
//! of open requests and rows.
//!
//! The worker wakes as soon as this process queues an event (`Service` signals a
//! `tokio::sync::Notify`) and polls otherwise, for events queued by other replicas and
//! for retries coming due.
//!
//! Stopping is bounded ([`Worker::stop`]): the worker claims nothing more, lets the
//! deliveries in flight finish until half the time left, then abandons them and gives
//! their claims back (due at once, for any replica) within the rest. Whatever it cannot
//! give back in time, e.g. with the database gone, is sent once its lease ends: delivery
//! is at least once, never lost.
//!
//! The bodies themselves are built in `webhook`.
//!
//! [`Claim`]: crate::store::Claim

use crate::api::rest::WebhookConversationEventRequest;
use crate::auth::Secret;
use crate::client::{Credentials, rest};
use crate::error::Error;
use crate::metrics::{self, DeliveryOutcome};
use crate::store::{EventKind, OutboxEvent, Store};
use chrono::{DateTime, Utc};
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use rand::Rng;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// The regions where Fin's webhook is published.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum FinRegion {
    Us,
    Eu,
    Au,
}

impl FinRegion {
    /// The webhook's base URL in this region, as published in the contract's `servers`.
    pub fn base_url(self) -> &'static str {
        match self {
            FinRegion::Us => "https://api.intercom.io/hooks/standalone",
            FinRegion::Eu => "https://api.eu.intercom.io/hooks/standalone",
            FinRegion::Au => "https://api.au.intercom.io/hooks/standalone",
        }
    }
}

/// Where and how to reach Fin's webhook. `Debug` never shows the key.
#[derive(Debug, Clone)]
pub struct FinWebhook {
    /// E.g. `https://api.intercom.io/hooks/standalone` (no trailing slash needed).
    pub base_url: String,
    /// The integration's Identifier from the Fin Deployment UI.
    pub integration_id: String,
    /// Sent as `X-Webhook-Key`.
    pub webhook_key: Secret,
    /// Accept a plain `http://` base URL, which sends the key and the events unencrypted:
    /// for tests and local setups only (`--allow-insecure-webhook-url`).
    pub allow_insecure_url: bool,
}

impl FinWebhook {
    /// Refuses a base URL that is not https, unless `allow_insecure_url` says otherwise.
    pub fn check(&self) -> Result<(), Error> {
        let url = url::Url::parse(&self.base_url)
            .map_err(|error| Error::Configuration(format!("Fin's webhook base URL: {error}")))?;
        match url.scheme() {
            "https" => Ok(()),
            "http" if self.allow_insecure_url => Ok(()),
            "http" => Err(Error::Configuration(
                "Fin's webhook base URL is plain http://, which would send the webhook key \
                 and conversation events unencrypted: use https://, or, for tests and local \
                 setups only, --allow-insecure-webhook-url"
                    .into(),
            )),
            _ => Err(Error::Configuration(
                "Fin's webhook base URL must be an https URL".into(),
            )),
        }
    }
}

/// Timings of delivery. The defaults suit production; tests shorten them.
#[derive(Debug, Clone)]
pub struct OutboxSettings {
    /// A sync event older than this is given up (kept as dead).
    pub max_age: Duration,
    /// Delay before the first retry; doubles with each attempt.
    pub retry_initial: Duration,
    /// Longest delay between two attempts.
    pub retry_max: Duration,
    /// How often to look for events queued by other replicas and retries coming due.
    pub poll_interval: Duration,
    /// How long a claim keeps other workers off an event; longer than `request_timeout`,
    /// so a slow request is never sent twice at the same time.
    pub lease: Duration,
    /// Timeout of one webhook request (connect and response).
    pub request_timeout: Duration,
    /// A typing event not sent within this time is dropped: the indicator would be wrong.
    pub typing_max_age: Duration,
    /// Events claimed (and sent concurrently) at once: the bound of requests in flight
    /// to Fin and of events held in memory, whatever the backlog.
    pub batch_size: u32,
    /// Delivered events are deleted once they are older than this.
    pub retention: Duration,
    /// How often the worker purges delivered events older than `retention`.
    pub purge_interval: Duration,
}

pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(24 * 3600);
pub const DEFAULT_RETENTION: Duration = Duration::from_secs(7 * 24 * 3600);
/// Delivered events deleted per statement, so that a purge never holds SQLite's single
/// writer (or PostgreSQL row locks) for long.
const PURGE_BATCH: u32 = 1000;

impl Default for OutboxSettings {
    fn default() -> Self {
        OutboxSettings {
            max_age: DEFAULT_MAX_AGE,
            retry_initial: Duration::from_secs(2),
            retry_max: Duration::from_secs(600),
            poll_interval: Duration::from_secs(5),
            lease: Duration::from_secs(60),
            request_timeout: Duration::from_secs(15),
            typing_max_age: Duration::from_secs(10),
            batch_size: 16,
            retention: DEFAULT_RETENTION,
            purge_interval: Duration::from_secs(600),
        }
    }
}

/// What became of one delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    Delivered,
    /// Worth trying again later (connection error, timeout, 429, 5xx).
    Transient(String),
    /// Retrying cannot help (another 4xx, a payload the client cannot send).
    Permanent(String),
}

/// Sends one event to Fin's webhook with the generated client.
pub struct WebhookSender {
    client: rest::Client,
    integration_id: String,
}

impl WebhookSender {
    /// `ca_cert`: a PEM file of CA certificates trusted besides the system's roots (a
    /// private CA).
    pub fn new(
        fin: &FinWebhook,
        request_timeout: Duration,
        ca_cert: Option<&std::path::Path>,
    ) -> Result<Self, Error> {
        fin.check()?;
        let extra_roots = match ca_cert {
            Some(path) => crate::tls::read_ca_certificates(path)?
                .iter()
                .map(|der| {
                    reqwest::Certificate::from_der(der).map_err(|error| {
                        Error::Webhook(format!(
                            "the CA certificate in {} cannot be used: {error}",
                            path.display()
                        ))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
            None => Vec::new(),
        };
        let http = reqwest::Client::builder()
            .tls_certs_merge(extra_roots)
            .timeout(request_timeout)
            .connect_timeout(request_timeout)
            // A redirect would send the key and the body again, to wherever it points
            // (reqwest strips only the standard credential headers): it is a failed
            // delivery instead.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| Error::Webhook(format!("cannot build the webhook client: {error}")))?;
        let credentials = Credentials {
            webhook_key: Some(fin.webhook_key.clone()),
            ..Credentials::default()
        };
        let base = fin.base_url.trim_end_matches('/');
        Ok(WebhookSender {
            client: rest::Client::new_with_client(base, http, credentials),
            integration_id: fin.integration_id.clone(),
        })
    }

    pub async fn send(&self, event: &OutboxEvent) -> Attempt {
        let body: WebhookConversationEventRequest =
            match serde_json::from_value(event.payload.clone()) {
                Ok(body) => body,
                Err(error) => {
                    return Attempt::Permanent(format!(
                        "stored payload is not a webhook body: {error}"
                    ));
                }
            };
        let result = self
            .client
            .custom_helpdesk_conversation_event()
            .integration_id(&self.integration_id)
            .body(body)
            .send()
            .await;
        match result {
            Ok(_) => Attempt::Delivered,
            Err(error) => classify(error),
        }
    }
}

/// Sorts a failed request into retry-worthy or not. The messages name the status or the
/// transport problem, never a header (the webhook key is one).
fn classify<E>(error: progenitor_client::Error<E>) -> Attempt {
    use progenitor_client::Error;
    let by_status = |status: reqwest::StatusCode, what: &str| {
        let message = format!("Fin answered {status}{what}");
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            Attempt::Transient(message)
        } else if status.is_redirection() {
            // Retried like an outage: a moved endpoint is a configuration to fix, and the
            // events wait for it until their maximum age.
            Attempt::Transient(format!(
                "{message}; redirects are not followed, so that the webhook key goes \
                 nowhere else: configure the URL Fin answers on"
            ))
        } else if status.is_success() {
            // A 2xx whose body the client could not read is still an accepted event.
            Attempt::Delivered
        } else {
            Attempt::Permanent(message)
        }
    };
    match error {
        Error::ErrorResponse(response) => by_status(response.status(), ""),
        Error::UnexpectedResponse(response) => by_status(response.status(), ""),
        Error::InvalidResponsePayload(_, _) => Attempt::Delivered,
        Error::CommunicationError(error) | Error::ResponseBodyError(error) => {
            match error.status() {
                Some(status) => by_status(status, ""),
                None => Attempt::Transient(transport_message(&error)),
            }
        }
        // The hook's messages are fixed text: they never repeat a credential.
        Error::InvalidRequest(message) | Error::Custom(message) => {
            Attempt::Permanent(format!("cannot send the request: {message}"))
        }
        Error::InvalidUpgrade(error) => Attempt::Permanent(transport_message(&error)),
    }
}

fn transport_message(error: &reqwest::Error) -> String {
    // reqwest's Display names the URL (base, path, integration id: not secret) but its
    // source chain holds the useful cause (refused, reset, timed out).
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "cannot connect"
    } else {
        "transport error"
    };
    let mut message = format!("{kind}: {error}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// Delay before attempt `attempts + 1`: exponential from `initial`, capped at `max`, with
/// "equal jitter" (half fixed, half random) so replicas that failed together spread out.
pub fn backoff(settings: &OutboxSettings, attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(30);
    let full = settings
        .retry_initial
        .saturating_mul(1u32 << exponent)
        .min(settings.retry_max);
    let half = full / 2;
    let jitter_ms = u64::try_from(half.as_millis()).unwrap_or(u64::MAX);
    let jitter = if jitter_ms == 0 {
        Duration::ZERO
    } else {
        Duration::from_millis(rand::rng().random_range(0..=jitter_ms))
    };
    half + jitter
}

/// The running worker; [`Worker::stop`] stops it within a deadline.
pub struct Worker {
    stop: watch::Sender<Option<StopAt>>,
    task: JoinHandle<Unfinished>,
    lease: Duration,
    log: slog::Logger,
}

/// How long after its deadline a stopping worker that has not returned is aborted.
const STOP_BACKSTOP: Duration = Duration::from_millis(250);

/// When a stopping worker cuts its deliveries off, and by when it must be gone.
#[derive(Debug, Clone, Copy)]
struct StopAt {
    abandon_at: Instant,
    deadline: Instant,
}

/// What the worker left undone when it stopped. Nothing is lost either way: an event
/// stays pending until its outcome is recorded.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Unfinished {
    /// Events whose delivery (the request, or recording its outcome) was cut off; the
    /// request may or may not have reached Fin.
    pub abandoned: Vec<i64>,
    /// Whether the claims of `abandoned` were given back, due at once for any worker;
    /// otherwise they are sent once their lease ends.
    pub released: bool,
    /// The worker was cut off while claiming, or did not stop by the deadline: events it
    /// may hold are sent once their lease ends.
    pub cut_off: bool,
}

impl Unfinished {
    /// Whether the worker stopped with nothing left over.
    pub fn is_empty(&self) -> bool {
        self.abandoned.is_empty() && !self.cut_off
    }
}

impl Worker {
    /// Starts the worker on the current tokio runtime.
    pub fn start(
        store: Arc<dyn Store>,
        sender: WebhookSender,
        settings: OutboxSettings,
        wake: Arc<Notify>,
        log: slog::Logger,
    ) -> Worker {
        let (stop, stopped) = watch::channel(None);
        let lease = settings.lease;
        let delivery = Delivery {
            store,
            sender,
            settings,
            log: log.clone(),
        };
        let task = tokio::spawn(delivery.run(wake, stopped));
        Worker {
            stop,
            task,
            lease,
            log,
        }
    }

    /// Stops the worker by `deadline`: it claims nothing more, lets the deliveries in
    /// flight finish until half the time left, then abandons them and releases their
    /// claims, giving up on the database at the deadline.
    pub async fn stop(mut self, deadline: Instant) -> Unfinished {
        let now = Instant::now();
        let abandon_at = now + deadline.saturating_duration_since(now) / 2;
        let _ = self.stop.send(Some(StopAt {
            abandon_at,
            deadline,
        }));
        // The worker bounds itself by `deadline`; this is only a backstop, a little later
        // so that the worker's own account of what it left wins the race.
        let backstop = deadline + STOP_BACKSTOP;
        match tokio::time::timeout_at(backstop, &mut self.task).await {
            Ok(Ok(unfinished)) => unfinished,
            Ok(Err(error)) => {
                slog::error!(self.log, "outbox worker failed"; "error" => %error);
                Unfinished {
                    cut_off: true,
                    ..Unfinished::default()
                }
            }
            Err(_) => {
                self.task.abort();
                slog::warn!(self.log, "outbox worker cut off at the shutdown deadline: \
                    events it holds are sent once their lease ends";
                    "lease_secs" => self.lease.as_secs());
                Unfinished {
                    cut_off: true,
                    ..Unfinished::default()
                }
            }
        }
    }
}

struct Delivery {
    store: Arc<dyn Store>,
    sender: WebhookSender,
    settings: OutboxSettings,
    log: slog::Logger,
}

/// How a round of claiming and delivering ended.
enum Round {
    /// Every claimed event's outcome is recorded; this many were claimed.
    Done(usize),
    /// Stopped part-way.
    Stopped(Unfinished),
}

/// Resolves once the worker has been asked to stop and its deliveries' time is up (at
/// once if the [`Worker`] is gone without asking).
async fn abandon_point(stop: &mut watch::Receiver<Option<StopAt>>) -> Option<StopAt> {
    let at = match stop.wait_for(Option::is_some).await {
        Ok(at) => *at,
        Err(_) => return None,
    };
    if let Some(at) = at {
        tokio::time::sleep_until(at.abandon_at).await;
    }
    at
}

impl Delivery {
    async fn run(self, wake: Arc<Notify>, mut stop: watch::Receiver<Option<StopAt>>) -> Unfinished {
        slog::info!(self.log, "outbox worker started";
            "max_age_secs" => self.settings.max_age.as_secs(),
            "retention_secs" => self.settings.retention.as_secs());
        let mut next_purge = Instant::now();
        loop {
            // Checked before every claim: once asked to stop, nothing new is claimed.
            if stop.borrow().is_some() {
                break;
            }
            if Instant::now() >= next_purge {
                self.purge(&stop).await;
                next_purge = Instant::now() + self.settings.purge_interval;
            }
            let claimed = match self.round(&mut stop).await {
                Round::Done(claimed) => claimed,
                Round::Stopped(unfinished) => {
                    slog::info!(self.log, "outbox worker stopped");
                    return unfinished;
                }
            };
            // A full batch means more may be due: go again without waiting.
            if claimed >= self.settings.batch_size as usize {
                continue;
            }
            tokio::select! {
                _ = wake.notified() => {}
                _ = tokio::time::sleep(self.settings.poll_interval) => {}
                // Not `changed()`: a stop that came during the round was already seen
                // there, and must not wait for the next poll. Err: the Worker is gone
                // without stopping us, and nobody is left to ask.
                _ = stop.wait_for(Option::is_some) => break,
            }
        }
        slog::info!(self.log, "outbox worker stopped");
        Unfinished::default()
    }

    /// Claims and sends one batch, unless a stop cuts it short.
    async fn round(&self, stop: &mut watch::Receiver<Option<StopAt>>) -> Round {
        // A claim under way when the stop comes may still finish until the abandon point,
        // so that what it takes is released rather than left to its lease.
        let claim =
            self.store
                .claim_due_events(Utc::now(), self.settings.batch_size, self.settings.lease);
        let events = tokio::select! {
            claimed = claim => match claimed {
                Ok(events) => events,
                Err(error) => {
                    slog::warn!(self.log, "outbox: cannot claim events"; "error" => %error);
                    return Round::Done(0);
                }
            },
            _ = abandon_point(stop) => {
                slog::warn!(self.log, "outbox: stopped while claiming events (the database \
                    did not answer in time); any it claimed are sent once their lease ends";
                    "lease_secs" => self.settings.lease.as_secs());
                return Round::Stopped(Unfinished {
                    cut_off: true,
                    ..Unfinished::default()
                });
            }
        };
        let count = events.len();
        // Each claimed event until its outcome is recorded, with its claim's lease end.
        let mut open: BTreeMap<i64, DateTime<Utc>> = events
            .iter()
            .map(|event| (event.id, event.next_attempt_at))
            .collect();
        let mut deliveries: FuturesUnordered<_> = events
            .iter()
            .map(|event| async move {
                self.deliver(event).await;
                event.id
            })
            .collect();
        loop {
            tokio::select! {
                done = deliveries.next() => match done {
                    Some(id) => {
                        open.remove(&id);
                    }
                    None => return Round::Done(count),
                },
                at = abandon_point(stop) => {
                    // Dropping the futures cancels the requests to Fin and any outcome not
                    // yet handed to the database.
                    drop(deliveries);
                    let deadline = at.map_or_else(Instant::now, |at| at.deadline);
                    return Round::Stopped(self.release(open, deadline).await);
                }
            }
        }
    }

    /// Deletes delivered events older than the retention period, a batch at a time and
    /// between rounds, so deliveries wait at most one batch. A failure is logged and
    /// retried at the next purge: delivered events only take room.
    async fn purge(&self, stop: &watch::Receiver<Option<StopAt>>) {
        let Ok(retention) = chrono::Duration::from_std(self.settings.retention) else {
            return;
        };
        let before = Utc::now() - retention;
        let mut purged = 0u64;
        while stop.borrow().is_none() {
            match self.store.purge_delivered(before, PURGE_BATCH).await {
                Ok(count) => {
                    purged += count;
                    if count < u64::from(PURGE_BATCH) {
                        break;
                    }
                }
                Err(error) => {
                    slog::warn!(self.log, "outbox: cannot purge delivered events";
                        "error" => %error);
                    break;
                }
            }
        }
        if purged > 0 {
            slog::info!(self.log, "outbox: purged delivered events past the retention period";
                "purged" => purged, "retention_secs" => self.settings.retention.as_secs());
        }
    }

    /// Gives the claims of abandoned deliveries back, giving up at `deadline`.
    async fn release(&self, open: BTreeMap<i64, DateTime<Utc>>, deadline: Instant) -> Unfinished {
        if open.is_empty() {
            // Every outcome was recorded just as the time was up.
            return Unfinished::default();
        }
        let abandoned: Vec<i64> = open.keys().copied().collect();
        let claims: Vec<(i64, DateTime<Utc>)> = open.into_iter().collect();
        let events = format!("{abandoned:?}");
        let lease_secs = self.settings.lease.as_secs();
        let released =
            tokio::time::timeout_at(deadline, self.store.release_claims(&claims, Utc::now())).await;
        let released = match released {
            Ok(Ok(count)) => {
                slog::info!(self.log, "outbox: deliveries cut off at shutdown; their events \
                    stay queued and are due at once for any worker";
                    "events" => events, "released" => count);
                true
            }
            Ok(Err(error)) => {
                slog::warn!(self.log, "outbox: deliveries cut off at shutdown and their claims \
                    cannot be released; the events stay queued and are sent once the lease ends";
                    "events" => events, "lease_secs" => lease_secs, "error" => %error);
                false
            }
            Err(_) => {
                slog::warn!(self.log, "outbox: deliveries cut off at shutdown and the database \
                    did not answer by the deadline; the events stay queued and are sent once \
                    the lease ends";
                    "events" => events, "lease_secs" => lease_secs);
                false
            }
        };
        Unfinished {
            abandoned,
            released,
            cut_off: false,
        }
    }

    async fn deliver(&self, event: &OutboxEvent) {
        let now = Utc::now();
        let log = self.log.new(slog::o!(
            "event" => event.id,
            "kind" => event.kind.as_str(),
            "conversation_id" => event.conversation_id.clone(),
            "attempt" => event.attempts,
        ));
        let claim = event.claim();
        if event.kind == EventKind::Typing
            && is_older(event.created_at, now, self.settings.typing_max_age)
        {
            let reason = "typing indicator not sent: too old to be shown";
            self.record(&log, self.store.mark_dead(claim, reason).await);
            count_attempt(DeliveryOutcome::Dead, None);
            slog::info!(log, "outbox: dropped a stale typing event");
            return;
        }
        match self.sender.send(event).await {
            Attempt::Delivered => {
                slog::debug!(log, "outbox: delivered");
                self.record(&log, self.store.mark_delivered(claim).await);
                let queued_for = (Utc::now() - event.created_at).to_std().ok();
                count_attempt(DeliveryOutcome::Delivered, queued_for);
            }
            Attempt::Transient(error) if event.kind == EventKind::Sync => {
                let delay = backoff(&self.settings, event.attempts);
                let next = Utc::now()
                    + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::zero());
                let deadline = event.created_at
                    + chrono::Duration::from_std(self.settings.max_age)
                        .unwrap_or(chrono::Duration::MAX);
                if next > deadline {
                    slog::warn!(log, "outbox: giving up after the maximum age"; "error" => &error);
                    let error = format!("gave up after the maximum age: {error}");
                    self.record(&log, self.store.mark_dead(claim, &error).await);
                    count_attempt(DeliveryOutcome::Dead, None);
                } else {
                    slog::info!(log, "outbox: will retry"; "error" => &error,
                        "in_ms" => u64::try_from(delay.as_millis()).unwrap_or(u64::MAX));
                    self.record(&log, self.store.mark_retry(claim, next, &error).await);
                    count_attempt(DeliveryOutcome::Retry, None);
                }
            }
            Attempt::Transient(error) | Attempt::Permanent(error) => {
                slog::warn!(log, "outbox: not delivered, kept as dead"; "error" => &error);
                self.record(&log, self.store.mark_dead(claim, &error).await);
                count_attempt(DeliveryOutcome::Dead, None);
            }
        }
    }

    /// A failed status update leaves the claim to expire, so the event is sent again later
    /// rather than lost. An outcome whose claim no longer holds (the lease ran out while
    /// Fin was slow, and another worker claimed the event again) is ignored by the store:
    /// the other worker's outcome is the one that counts.
    fn record(&self, log: &slog::Logger, result: Result<bool, crate::store::StoreError>) {
        match result {
            Ok(true) => {}
            Ok(false) => slog::warn!(log, "outbox: outcome ignored, the claim's lease \
                ended and the event is another worker's (or gone)";
                "lease_secs" => self.settings.lease.as_secs()),
            Err(error) => {
                slog::warn!(log, "outbox: cannot record the outcome"; "error" => %error);
            }
        }
    }
}

/// Counts a delivery attempt in the metrics (when they are on).
fn count_attempt(outcome: DeliveryOutcome, queued_for: Option<Duration>) {
    if let Some(metrics) = metrics::get() {
        metrics.delivery(outcome, queued_for);
    }
}

fn is_older(created_at: DateTime<Utc>, now: DateTime<Utc>, age: Duration) -> bool {
    chrono::Duration::from_std(age).is_ok_and(|age| now - created_at > age)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_within_bounds() {
        let settings = OutboxSettings {
            retry_initial: Duration::from_secs(2),
            retry_max: Duration::from_secs(60),
            ..OutboxSettings::default()
        };
        for attempts in 1..40 {
            let delay = backoff(&settings, attempts);
            let full = Duration::from_secs(2)
                .saturating_mul(1 << (attempts - 1).min(30))
                .min(Duration::from_secs(60));
            assert!(delay >= full / 2 && delay <= full, "{attempts}: {delay:?}");
        }
    }

    #[test]
    fn regions_use_the_published_hosts() {
        assert_eq!(
            FinRegion::Eu.base_url(),
            "https://api.eu.intercom.io/hooks/standalone"
        );
    }

    #[test]
    fn webhook_debug_hides_the_key() {
        let fin = FinWebhook {
            base_url: "http://127.0.0.1:1".into(),
            integration_id: "abc".into(),
            webhook_key: Secret::new("whk_very_secret"),
            allow_insecure_url: true,
        };
        assert!(!format!("{fin:?}").contains("whk_very_secret"));
    }
}
