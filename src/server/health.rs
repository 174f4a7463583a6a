//! The helpdesk's own endpoints: `/healthz` (liveness), `/readyz` (readiness) and the served OpenAPI documents.

use super::{ApiError, AppState};
use crate::contract::Variant;
use dropshot::{HttpError, HttpResponseOk, Path, RequestContext};
use std::sync::Arc;

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
    rqctx
        .context()
        .store
        .check_write_path()
        .await
        .map_err(|error| {
            slog::warn!(rqctx.log, "readiness check: cannot write"; "error" => %error);
            let mut unready = ApiError::unavailable();
            unready.message = "not ready: the database cannot take writes now".into();
            HttpError::from(unready)
        })?;
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
        .map_err(HttpError::for_internal_error)
}
