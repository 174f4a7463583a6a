//! Live updates: a server-sent event stream that tells a page when the newest-updated
//! conversation changed, so the page fetches its list or messages again; and the change
//! marker a page is rendered at.

use crate::server::AppState;
use crate::server::authenticate::AgentCaller;
use crate::server::inbox::respond::{Failure, built, failed, failure_page, secured};
use crate::server::inbox::signed_in::require_signed_in;
use crate::server::inbox::state::Ctx;
use crate::store::{ConversationFilter, ConversationRecord};
use bytes::Bytes;
use dropshot::{Body, HttpError, Query};
use http::{Response, StatusCode, header};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// How often a live-update stream looks for a change.
const POLL_INTERVAL: Duration = Duration::from_secs(2);
/// A stream ends after this long and the browser reconnects, so that no connection stays
/// open for ever (one whose session ends, or whose agent is removed, ends at its next look).
const STREAM_LIFETIME: Duration = Duration::from_secs(300);

#[derive(serde::Deserialize, schemars::JsonSchema)]
pub(super) struct EventsQuery {
    /// The change marker the page was rendered at: a change since then is sent at once.
    since: Option<String>,
}

/// A response body fed by a task through a channel: the server-sent event stream.
struct EventStream(tokio::sync::mpsc::Receiver<Bytes>);

impl http_body::Body for EventStream {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        self.0
            .poll_recv(cx)
            .map(|chunk| chunk.map(|bytes| Ok(http_body::Frame::data(bytes))))
    }
}

/// Server-sent events: `change` whenever the newest-updated conversation changes (Fin
/// or the end user wrote, someone handed over or replied), so the page fetches its list
/// or messages again. It looks every [`POLL_INTERVAL`], which also sees changes made by
/// other replicas and the CLI, and ends after [`STREAM_LIFETIME`], with its session, or
/// when the server stops.
#[dropshot::endpoint { method = GET, path = "/inbox/events", unpublished = true }]
pub(super) async fn inbox_events(
    rqctx: Ctx,
    query: Query<EventsQuery>,
) -> Result<Response<Body>, HttpError> {
    let signed = match require_signed_in(&rqctx).await {
        Ok(signed) => signed,
        Err(failure) => return failure_page(failure),
    };
    let app = rqctx.context().clone();
    let log = rqctx.log.clone();
    let key = signed.session.key.clone();
    let mut last = query.into_inner().since.unwrap_or_default();
    let mut closing = app.inbox.closing.subscribe();
    let (sender, receiver) = tokio::sync::mpsc::channel::<Bytes>(4);
    tokio::spawn(async move {
        if sender
            .try_send(Bytes::from_static(b"retry: 3000\n\n"))
            .is_err()
        {
            return;
        }
        let started = Instant::now();
        loop {
            tokio::select! {
                () = tokio::time::sleep(POLL_INTERVAL) => {}
                _ = closing.wait_for(|closing| *closing) => break,
                () = sender.closed() => break,
            }
            if started.elapsed() >= STREAM_LIFETIME {
                break;
            }
            let agent = match app.agent_auth.verify_session(&log, &key).await {
                Ok(Some(agent)) => agent,
                Ok(None) => break,
                // The database is away: try again at the next tick.
                Err(_) => continue,
            };
            let chunk = match change_marker(&app, &agent).await {
                Ok(marker) if marker != last => {
                    let chunk = format!("event: change\ndata: {marker}\n\n");
                    last = marker;
                    chunk
                }
                // A comment: finds a client that went away.
                _ => ": unchanged\n\n".to_string(),
            };
            // Never wait on a client that stopped reading (the stop signal would go
            // unheard): events already queued make it fetch the newest state anyway.
            match sender.try_send(Bytes::from(chunk)) {
                Ok(()) | Err(tokio::sync::mpsc::error::TrySendError::Full(_)) => {}
                Err(tokio::sync::mpsc::error::TrySendError::Closed(_)) => break,
            }
        }
    });
    built(
        secured(Response::builder().status(StatusCode::OK))
            .header(header::CONTENT_TYPE, "text/event-stream")
            .header(header::CACHE_CONTROL, "no-store")
            // A buffering proxy (nginx) would hold events back.
            .header("x-accel-buffering", "no")
            .body(Body::wrap(EventStream(receiver))),
    )
}

/// What the live-update stream compares: the most recently updated conversation and
/// when it was updated. A message from anyone, or a handover, changes it.
pub(super) async fn change_marker(app: &AppState, agent: &AgentCaller) -> Result<String, Failure> {
    let newest = app
        .service
        .list_conversations(
            agent.caller(),
            ConversationFilter {
                limit: Some(1),
                ..ConversationFilter::default()
            },
        )
        .await
        .map_err(failed)?;
    Ok(newest.first().map(marker_of).unwrap_or_default())
}

fn marker_of(conversation: &ConversationRecord) -> String {
    format!(
        "{} {}",
        conversation.id,
        conversation.updated_at.timestamp_millis()
    )
}
