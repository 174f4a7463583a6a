//! Retention (`serve --retain-conversations-days N`): a background task that removes closed
//! conversations whose last change is older than N days, with their messages and outbox
//! events, a small batch per transaction ([`MaintenanceStore::purge_closed_conversations`](crate::store::MaintenanceStore::purge_closed_conversations)).
//!
//! Each replica runs its own sweeper; PostgreSQL's skip the rows another one holds, so
//! they share the work instead of failing. Between batches the sweeper pauses, so that on
//! SQLite, where a batch is one write on the one writer thread, requests' writes queue
//! behind at most one batch at a time. Only status `closed` counts: `resolved` and `ended`
//! conversations may still be reopened and are kept.

use crate::metrics;
use crate::store::{Store, StoreError};
use chrono::Utc;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// Conversations a batch removes at most.
pub const DEFAULT_BATCH: u32 = 100;
/// How often a sweep starts; the first one starts with the server.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(600);
/// The pause between two batches of one sweep.
pub const DEFAULT_PAUSE: Duration = Duration::from_millis(20);

/// What the sweeper does; `serve` sets `keep_for` from the option, the rest are defaults
/// that tests and the benchmark shorten.
#[derive(Debug, Clone)]
pub struct RetentionSettings {
    /// A closed conversation last changed longer ago than this is removed.
    pub keep_for: Duration,
    pub interval: Duration,
    pub batch: u32,
    pub pause: Duration,
}

impl RetentionSettings {
    pub fn days(days: u32) -> Self {
        RetentionSettings {
            keep_for: Duration::from_secs(u64::from(days) * 86_400),
            interval: DEFAULT_INTERVAL,
            batch: DEFAULT_BATCH,
            pause: DEFAULT_PAUSE,
        }
    }
}

/// The running sweeper; [`Sweeper::stop`] ends it.
pub struct Sweeper {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Sweeper {
    /// Starts sweeping on the current tokio runtime, at once and then every interval.
    pub fn start(store: Arc<dyn Store>, settings: RetentionSettings, log: slog::Logger) -> Self {
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(run(store, settings, log, stopped));
        Sweeper { stop, task }
    }

    /// Stops after the batch in flight, if any (each store call is bounded by the
    /// storage timeout), giving up waiting at `deadline`.
    pub async fn stop(mut self, deadline: Instant) {
        let _ = self.stop.send(true);
        if tokio::time::timeout_at(deadline, &mut self.task)
            .await
            .is_err()
        {
            self.task.abort();
        }
    }
}

async fn run(
    store: Arc<dyn Store>,
    settings: RetentionSettings,
    log: slog::Logger,
    mut stopped: watch::Receiver<bool>,
) {
    slog::info!(log, "retention: closed conversations are removed after their last change";
        "retain_days" => settings.keep_for.as_secs() / 86_400);
    loop {
        let started = std::time::Instant::now();
        match sweep(store.as_ref(), &settings, &stopped).await {
            Ok(0) => {}
            Ok(removed) => {
                slog::info!(log, "retention: removed closed conversations";
                    "conversations" => removed, "took_ms" => started.elapsed().as_millis());
            }
            // The next sweep tries again: nothing is lost by waiting.
            Err(error) => slog::warn!(log, "retention: cannot remove closed conversations";
                "error" => %error),
        }
        tokio::select! {
            _ = tokio::time::sleep(settings.interval) => {}
            _ = stopped.wait_for(|stop| *stop) => return,
        }
    }
}

/// One sweep: batches until one finds nothing left (or the sweeper is stopped); returns
/// how many conversations were removed. Everything last changed before the sweep's start
/// minus the retention goes, so a sweep ends even while conversations keep closing.
pub async fn sweep(
    store: &dyn Store,
    settings: &RetentionSettings,
    stopped: &watch::Receiver<bool>,
) -> Result<u64, StoreError> {
    let Ok(keep_for) = chrono::Duration::from_std(settings.keep_for) else {
        return Ok(0);
    };
    let Some(closed_before) = Utc::now().checked_sub_signed(keep_for) else {
        return Ok(0);
    };
    let mut removed = 0;
    while !*stopped.borrow() {
        let batch = store
            .purge_closed_conversations(closed_before, settings.batch)
            .await?;
        removed += batch;
        if let Some(metrics) = metrics::get() {
            metrics.retention_removed(batch);
        }
        // A batch shortened by its messages' budget still removed something: go on.
        if batch == 0 {
            break;
        }
        tokio::time::sleep(settings.pause).await;
    }
    Ok(removed)
}
