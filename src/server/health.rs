//! The helpdesk's own endpoints: `/healthz` (liveness), `/readyz` (readiness, its answer
//! reused for a second) and the served OpenAPI documents.

use super::{ApiError, AppState};
use crate::contract::Variant;
use dropshot::{HttpError, HttpResponseOk, Path, RequestContext};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// How long a readiness answer is reused. `/readyz` is unauthenticated and its check is a
/// write transaction (SQLite's write lock): anyone calling it in a loop would otherwise
/// queue writes ahead of Fin's. A load balancer polls every few seconds, so a second of
/// staleness costs it nothing.
pub const READINESS_REUSED_FOR: Duration = Duration::from_secs(1);

/// The last readiness answer and when it was found. Callers wait for a check in flight
/// rather than start their own, so concurrent calls make one check between them.
pub struct ReadinessCache {
    reused_for: Duration,
    last: tokio::sync::Mutex<Option<(Instant, bool)>>,
}

impl Default for ReadinessCache {
    fn default() -> Self {
        ReadinessCache::reused_for(READINESS_REUSED_FOR)
    }
}

impl ReadinessCache {
    pub fn reused_for(reused_for: Duration) -> Self {
        ReadinessCache {
            reused_for,
            last: tokio::sync::Mutex::new(None),
        }
    }

    /// The answer of `check`, run only if the last answer is older than the reuse time.
    pub async fn ready<F: Future<Output = bool>>(&self, check: impl FnOnce() -> F) -> bool {
        let mut last = self.last.lock().await;
        if let Some((found_at, ready)) = *last
            && found_at.elapsed() < self.reused_for
        {
            return ready;
        }
        let ready = check().await;
        *last = Some((Instant::now(), ready));
        ready
    }
}

#[derive(serde::Serialize, schemars::JsonSchema)]
struct Health {
    status: &'static str,
}

/// Liveness and database reachability.
#[dropshot::endpoint { method = GET, path = "/healthz", unpublished = true }]
pub(super) async fn healthz(
    rqctx: RequestContext<Arc<AppState>>,
) -> Result<HttpResponseOk<Health>, HttpError> {
    rqctx
        .context()
        .store
        .count_api_tokens()
        .await
        .map_err(|error| {
            slog::error!(rqctx.log, "health check: database unreachable"; "error" => %error);
            HttpError::for_unavail(None, "database unreachable".into())
        })?;
    Ok(HttpResponseOk(Health { status: "ok" }))
}

/// Readiness: whether this replica can take writes now (the SQLite writer alive and
/// committing, PostgreSQL answering). A load balancer stops sending requests to a replica
/// answering 503 here; `/healthz` tells whether to restart it.
#[dropshot::endpoint { method = GET, path = "/readyz", unpublished = true }]
pub(super) async fn readyz(
    rqctx: RequestContext<Arc<AppState>>,
) -> Result<HttpResponseOk<Health>, HttpError> {
    let app = rqctx.context();
    let ready = app
        .readiness
        .ready(|| async {
            match app.store.check_write_path().await {
                Ok(()) => true,
                Err(error) => {
                    slog::warn!(rqctx.log, "readiness check: cannot write"; "error" => %error);
                    false
                }
            }
        })
        .await;
    if !ready {
        let mut unready = ApiError::unavailable();
        unready.message = "not ready: the database cannot take writes now".into();
        return Err(HttpError::from(unready));
    }
    Ok(HttpResponseOk(Health { status: "ready" }))
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct DocumentPath {
    /// `rest.json`, `posts.json` or `agents.json`.
    document: String,
}

/// The OpenAPI document each variant serves.
#[dropshot::endpoint { method = GET, path = "/openapi/{document}", unpublished = true }]
pub(super) async fn served_openapi(
    _rqctx: RequestContext<Arc<AppState>>,
    path: Path<DocumentPath>,
) -> Result<HttpResponseOk<serde_json::Value>, HttpError> {
    let variant = match path.into_inner().document.as_str() {
        "rest.json" => Variant::Rest,
        "posts.json" => Variant::Posts,
        "agents.json" => Variant::Agents,
        other => {
            return Err(HttpError::for_client_error(
                None,
                dropshot::ClientErrorStatusCode::NOT_FOUND,
                format!("no document `{other}`: use rest.json, posts.json or agents.json"),
            ));
        }
    };
    variant
        .served_document()
        .map(HttpResponseOk)
        .map_err(|error| HttpError::for_internal_error(error.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn concurrent_calls_share_one_check_whose_answer_is_reused_within_its_time() {
        let cache = ReadinessCache::reused_for(Duration::from_secs(3600));
        let checks = AtomicUsize::new(0);
        let check = || async {
            checks.fetch_add(1, Ordering::SeqCst);
            // The others queue meanwhile.
            tokio::task::yield_now().await;
            true
        };
        let answers = futures::future::join_all((0..20).map(|_| cache.ready(check))).await;
        assert!(answers.iter().all(|ready| *ready));
        assert_eq!(checks.load(Ordering::SeqCst), 1, "one check for 20 calls");
        assert!(
            cache.ready(|| async { false }).await,
            "the answer is reused"
        );

        let expired = ReadinessCache::reused_for(Duration::ZERO);
        assert!(expired.ready(|| async { true }).await);
        assert!(!expired.ready(|| async { false }).await, "checked again");
    }
}
