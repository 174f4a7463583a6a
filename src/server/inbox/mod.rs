//! The human agents' web inbox at `/inbox/`: server-rendered pages over the same service
//! calls as the agents' API (`server::agents`), so every reply, note, status or assignee
//! change and typing indicator reaches Fin through the outbox exactly as there. Agents
//! sign in with their agent token for a session cookie ([`session`]); every
//! state-changing request carries the session's CSRF token; pages send a strict
//! `Content-Security-Policy` (scripts and styles only from the binary's own assets,
//! compiled in). The list and the open conversation follow changes through a server-sent
//! event stream. None of it is in the published OpenAPI documents.

pub mod render;
pub mod session;

pub use session::SessionSettings;

use crate::auth::Secret;
use crate::auth::throttle::retry_after_secs;
use crate::metrics::{self, Throttled};
use crate::server::AppState;
use crate::server::auth::AgentCaller;
use crate::server::extract::UnreadBody;
use crate::service::{ConversationUpdate, MessageInput, Origin};
use crate::store::{AuthorRef, ConversationFilter, ConversationRecord};
use crate::tristate::Tristate;
use bytes::Bytes;
use dropshot::{ApiDescription, Body, HttpError, Path, Query, RequestContext};
use http::{Response, StatusCode, header};
use render::{Filters, Frame, Group, Row};
use session::{
    SESSION_COOKIE, SIGN_IN_COOKIE, Session, Sessions, cookie_value, csrf_matches, new_session_id,
};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// What every inbox page and asset is sent with: scripts and styles only from
/// `/inbox/assets/`, nothing inline; images only from the inbox (remote ones are links
/// the agent may click, see `render.rs`); requests and forms only to this origin; never
/// framed.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; \
    frame-ancestors 'none'; base-uri 'none'";
/// The most conversations the list reads, newest-updated first, before grouping.
const LIST_READ: u32 = 200;
/// The most rows the list shows (each costs a read of its messages).
const LIST_SHOWN: usize = 50;
/// How often a live-update stream looks for a change.
const POLL_INTERVAL: Duration = Duration::from_secs(2);
/// A stream ends after this long and the browser reconnects, so that no connection stays
/// open for ever (one whose session ends, or whose agent is removed, ends at its next look).
const STREAM_LIFETIME: Duration = Duration::from_secs(300);

const INBOX_CSS: &str = include_str!("assets/inbox.css");
const INBOX_JS: &str = include_str!("assets/inbox.js");

/// The inbox's state in [`AppState`]: its sessions, and the signal that ends the
/// live-update streams when the server stops.
pub struct Inbox {
    sessions: Sessions,
    closing: tokio::sync::watch::Sender<bool>,
}

impl Inbox {
    pub fn new(settings: SessionSettings) -> Self {
        Inbox {
            sessions: Sessions::new(settings),
            closing: tokio::sync::watch::Sender::new(false),
        }
    }

    /// Ends every live-update stream (and refuses new ones), so that stopping the
    /// server does not wait for them.
    pub fn close_streams(&self) {
        self.closing.send_replace(true);
    }
}

/// Registers the inbox's endpoints (all unpublished).
pub fn register(api: &mut ApiDescription<Arc<AppState>>) -> Result<(), String> {
    api.register(inbox_home).map_err(|e| e.to_string())?;
    api.register(inbox_sign_in).map_err(|e| e.to_string())?;
    api.register(inbox_sign_out).map_err(|e| e.to_string())?;
    api.register(inbox_list).map_err(|e| e.to_string())?;
    api.register(inbox_events).map_err(|e| e.to_string())?;
    api.register(inbox_asset).map_err(|e| e.to_string())?;
    api.register(inbox_conversation)
        .map_err(|e| e.to_string())?;
    api.register(inbox_messages).map_err(|e| e.to_string())?;
    api.register(inbox_post_message)
        .map_err(|e| e.to_string())?;
    api.register(inbox_typing).map_err(|e| e.to_string())?;
    api.register(inbox_status).map_err(|e| e.to_string())?;
    api.register(inbox_assignee).map_err(|e| e.to_string())?;
    Ok(())
}

type Ctx = RequestContext<Arc<AppState>>;

// ---------------------------------------------------------------- responses

/// A request the inbox answers with an error page.
struct Failure {
    status: StatusCode,
    message: String,
}

impl Failure {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Failure {
            status,
            message: message.into(),
        }
    }

    fn signed_out() -> Self {
        Failure::new(
            StatusCode::UNAUTHORIZED,
            "Your session has ended: sign in again.",
        )
    }

    fn stale_form() -> Self {
        Failure::new(
            StatusCode::FORBIDDEN,
            "This request did not carry the page's CSRF token (an old page, or a request \
             from another site): reload the page and try again.",
        )
    }
}

/// A service or authentication error as the API would answer it: same status, same
/// message (which never holds a secret or a database detail).
fn failed(error: impl Into<HttpError>) -> Failure {
    let error: HttpError = error.into();
    Failure::new(error.status_code.as_status(), error.external_message)
}

fn secured(builder: http::response::Builder) -> http::response::Builder {
    builder
        .header(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY)
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::REFERRER_POLICY, "no-referrer")
        .header(header::X_FRAME_OPTIONS, "DENY")
}

fn built(response: Result<Response<Body>, http::Error>) -> Result<Response<Body>, HttpError> {
    response.map_err(|_| HttpError::for_internal_error("cannot build the inbox's response".into()))
}

fn html(status: StatusCode, page: String, cookies: &[String]) -> Result<Response<Body>, HttpError> {
    let mut builder = secured(Response::builder().status(status))
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store");
    for cookie in cookies {
        builder = builder.header(header::SET_COOKIE, cookie);
    }
    built(builder.body(Body::from(page)))
}

fn see_other(location: &str, cookies: &[String]) -> Result<Response<Body>, HttpError> {
    let mut builder = secured(Response::builder().status(StatusCode::SEE_OTHER))
        .header(header::LOCATION, location)
        .header(header::CACHE_CONTROL, "no-store");
    for cookie in cookies {
        builder = builder.header(header::SET_COOKIE, cookie);
    }
    built(builder.body(Body::empty()))
}

fn no_content() -> Result<Response<Body>, HttpError> {
    built(secured(Response::builder().status(StatusCode::NO_CONTENT)).body(Body::empty()))
}

/// The answer to a request that failed: an error page.
fn failure_page(failure: Failure) -> Result<Response<Body>, HttpError> {
    let title = failure
        .status
        .canonical_reason()
        .unwrap_or("Something went wrong");
    let frame = Frame { title, agent: None };
    html(failure.status, render::error(&frame, &failure.message), &[])
}

fn answer(result: Result<Response<Body>, Failure>) -> Result<Response<Body>, HttpError> {
    result.or_else(failure_page)
}

/// Whether cookies get `Secure`: when configured, or when a TLS-terminating proxy says
/// the browser came over https.
fn secure(rqctx: &Ctx) -> bool {
    rqctx.context().inbox.sessions.settings().secure_cookies
        || rqctx
            .request
            .headers()
            .get("x-forwarded-proto")
            .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"))
}

/// `/inbox/conversations/{id}` with the id escaped for a path segment.
fn conversation_path(id: &str) -> String {
    format!("/inbox/conversations/{}", render::path_segment(id))
}

// ---------------------------------------------------------------- sessions

/// A request from a signed-in agent.
struct SignedIn {
    session: Session,
    agent: AgentCaller,
}

impl SignedIn {
    fn me(&self) -> &str {
        &self.agent.agent().id
    }

    fn frame<'a>(&'a self, title: &'a str) -> Frame<'a> {
        Frame {
            title,
            agent: Some((self.agent.agent(), self.session.csrf.expose())),
        }
    }

    /// Refuses a state-changing request without the session's CSRF token.
    fn check_csrf(&self, sent: Option<&str>) -> Result<(), Failure> {
        if csrf_matches(&self.session.csrf, sent) {
            Ok(())
        } else {
            Err(Failure::stale_form())
        }
    }
}

/// The signed-in agent, if the request's session cookie names a live session whose
/// agent was not removed since.
async fn signed_in(rqctx: &Ctx) -> Result<Option<SignedIn>, Failure> {
    let Some(id) = cookie_value(rqctx.request.headers(), SESSION_COOKIE, secure(rqctx)) else {
        return Ok(None);
    };
    let session = Session::from_id(id);
    let agent = rqctx
        .context()
        .agent_auth
        .verify_session(&rqctx.log, &session.key)
        .await
        .map_err(failed)?;
    Ok(agent.map(|agent| SignedIn { session, agent }))
}

async fn require_signed_in(rqctx: &Ctx) -> Result<SignedIn, Failure> {
    signed_in(rqctx).await?.ok_or_else(Failure::signed_out)
}

/// A state-changing request: the signed-in agent, and the form, once the form's CSRF
/// token is the session's. The form is read only for a live session.
async fn signed_form<T: serde::de::DeserializeOwned>(
    rqctx: &Ctx,
    body: UnreadBody,
) -> Result<(SignedIn, T), Failure> {
    let signed = require_signed_in(rqctx).await?;
    let body = read_form(rqctx, body).await?;
    let CsrfForm { csrf } = form(&body)?;
    signed.check_csrf(csrf.as_deref())?;
    Ok((signed, form(&body)?))
}

/// A form's bytes, within the body deadline.
async fn read_form(rqctx: &Ctx, body: UnreadBody) -> Result<Vec<u8>, Failure> {
    body.read(rqctx.context().body_read_timeout)
        .await
        .map_err(failed)
}

fn form<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Failure> {
    serde_urlencoded::from_bytes(body).map_err(|error| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            format!("the form could not be read: {error}"),
        )
    })
}

/// The sign-in page, with a fresh CSRF cookie for its form.
fn sign_in_page(
    rqctx: &Ctx,
    status: StatusCode,
    problem: Option<&str>,
) -> Result<Response<Body>, HttpError> {
    let (csrf, cookie) = rqctx.context().inbox.sessions.sign_in_cookie(secure(rqctx));
    html(status, render::sign_in(csrf.expose(), problem), &[cookie])
}

#[derive(serde::Deserialize)]
struct SignInForm {
    token: Option<String>,
    csrf: Option<String>,
}

/// Exchanges an agent token for a session cookie. Anyone may send it a body before any
/// check, so its size is a form's, not the APIs' megabyte.
#[dropshot::endpoint {
    method = POST,
    path = "/inbox/sign-in",
    content_type = "application/x-www-form-urlencoded",
    unpublished = true,
    request_body_max_bytes = 8192,
}]
async fn inbox_sign_in(rqctx: Ctx, body: UnreadBody) -> Result<Response<Body>, HttpError> {
    let app = rqctx.context();
    let body = match read_form(&rqctx, body).await {
        Ok(body) => body,
        Err(failure) => return failure_page(failure),
    };
    let form: SignInForm = match form(&body) {
        Ok(form) => form,
        Err(failure) => return failure_page(failure),
    };
    let expected =
        cookie_value(rqctx.request.headers(), SIGN_IN_COOKIE, secure(&rqctx)).map(Secret::new);
    let csrf_ok = expected.is_some_and(|expected| csrf_matches(&expected, form.csrf.as_deref()));
    if !csrf_ok {
        return sign_in_page(
            &rqctx,
            StatusCode::FORBIDDEN,
            Some("The sign-in form had expired: please sign in again."),
        );
    }
    // Counted per address only: the form names no agent, just the token.
    let address = rqctx.request.remote_addr().ip();
    let now = Instant::now();
    if let Err(wait) = app.sign_in_throttle.check(address, None, now) {
        if let Some(metrics) = metrics::get() {
            metrics.throttled(Throttled::InboxSignIn);
        }
        let secs = retry_after_secs(wait);
        // Said once, when the limit is reached (below); a flood of refusals is counted.
        slog::debug!(rqctx.log, "inbox sign-in throttled after repeated failures";
            "address" => %address, "retry_after_secs" => secs);
        let mut page = sign_in_page(
            &rqctx,
            StatusCode::TOO_MANY_REQUESTS,
            Some(&format!(
                "Too many failed sign-ins from your address: try again in {secs} seconds."
            )),
        )?;
        page.headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from(secs));
        return Ok(page);
    }
    let token = Secret::new(form.token.unwrap_or_default().trim());
    let agent = match app.agent_auth.verify_token(&rqctx.log, &token).await {
        Ok(agent) => agent,
        Err(error) => {
            let error = HttpError::from(error);
            if error.status_code.as_status() != StatusCode::UNAUTHORIZED {
                return failure_page(failed(error));
            }
            if app.sign_in_throttle.failed(address, None, now) {
                slog::warn!(rqctx.log, "failed inbox sign-ins reached the limit: this \
                    address is throttled"; "address" => %address);
            }
            return sign_in_page(
                &rqctx,
                StatusCode::UNAUTHORIZED,
                Some("That agent token is unknown, or its agent was removed."),
            );
        }
    };
    let id = new_session_id();
    let lifetime = app.inbox.sessions.settings().lifetime;
    let key = Session::from_id(id.expose()).key;
    if let Err(error) = app
        .agent_auth
        .start_session(&rqctx.log, &agent, &key, lifetime)
        .await
    {
        return failure_page(failed(error));
    }
    slog::info!(rqctx.log, "inbox sign-in"; "agent_id" => &agent.agent().id);
    let secure = secure(&rqctx);
    see_other(
        "/inbox",
        &[
            app.inbox.sessions.session_cookie(&id, secure),
            app.inbox.sessions.cleared_sign_in_cookie(secure),
        ],
    )
}

/// The CSRF token every state-changing form carries (other fields are read apart).
#[derive(serde::Deserialize)]
struct CsrfForm {
    csrf: Option<String>,
}

/// Ends the session.
#[dropshot::endpoint {
    method = POST,
    path = "/inbox/sign-out",
    content_type = "application/x-www-form-urlencoded",
    unpublished = true,
}]
async fn inbox_sign_out(rqctx: Ctx, body: UnreadBody) -> Result<Response<Body>, HttpError> {
    answer(
        async {
            if let Some(signed) = signed_in(&rqctx).await? {
                let form: CsrfForm = form(&read_form(&rqctx, body).await?)?;
                signed.check_csrf(form.csrf.as_deref())?;
                rqctx
                    .context()
                    .agent_auth
                    .end_session(&rqctx.log, &signed.session.key)
                    .await
                    .map_err(failed)?;
            }
            let cleared = rqctx
                .context()
                .inbox
                .sessions
                .cleared_session_cookie(secure(&rqctx));
            see_other("/inbox", &[cleared]).map_err(failed)
        }
        .await,
    )
}

// ---------------------------------------------------------------- the list

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct ListQuery {
    /// `open`, `resolved`, `closed`, `ended`; empty or absent for any.
    status: Option<String>,
    /// `unassigned`, `me`, an agent id; empty or absent for anyone.
    assignee: Option<String>,
}

impl ListQuery {
    fn status(&self) -> &str {
        self.status.as_deref().unwrap_or("").trim()
    }

    fn assignee(&self) -> &str {
        self.assignee.as_deref().unwrap_or("").trim()
    }

    fn filter(&self, me: &str) -> ConversationFilter {
        let status = Some(self.status())
            .filter(|status| !status.is_empty())
            .map(str::to_string);
        let (assignee_id, unassigned) = match self.assignee() {
            "" => (None, false),
            "unassigned" => (None, true),
            "me" => (Some(me.to_string()), false),
            other => (Some(other.to_string()), false),
        };
        ConversationFilter {
            status,
            assignee_id,
            unassigned,
            limit: Some(LIST_READ),
        }
    }
}

/// The rows to show: handed over first, then the agent's own, then the rest, each
/// newest-updated first, with their last messages.
async fn rows(app: &AppState, signed: &SignedIn, query: &ListQuery) -> Result<Vec<Row>, Failure> {
    let caller = signed.agent.caller();
    let mut conversations = app
        .service
        .list_conversations(caller, query.filter(signed.me()))
        .await
        .map_err(failed)?;
    // Stable: the store's newest-first order holds within each group.
    conversations.sort_by_key(|conversation| Group::of(conversation, signed.me()));
    conversations.truncate(LIST_SHOWN);
    let ids: Vec<String> = conversations.iter().map(|c| c.id.clone()).collect();
    let mut lasts = app
        .service
        .last_messages(caller, &ids)
        .await
        .map_err(failed)?;
    Ok(conversations
        .into_iter()
        .map(|conversation| {
            let last = lasts.remove(&conversation.id);
            Row { conversation, last }
        })
        .collect())
}

/// What the live-update stream compares: the most recently updated conversation and
/// when it was updated. A message from anyone, or a handover, changes it.
async fn change_marker(app: &AppState, agent: &AgentCaller) -> Result<String, Failure> {
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

/// The inbox: the sign-in page, or the conversation list.
#[dropshot::endpoint { method = GET, path = "/inbox", unpublished = true }]
async fn inbox_home(rqctx: Ctx, query: Query<ListQuery>) -> Result<Response<Body>, HttpError> {
    let app = rqctx.context();
    let signed = match signed_in(&rqctx).await {
        Ok(Some(signed)) => signed,
        Ok(None) => return sign_in_page(&rqctx, StatusCode::OK, None),
        Err(failure) => return failure_page(failure),
    };
    answer(
        async {
            let query = query.into_inner();
            let rows = rows(app, &signed, &query).await?;
            let since = change_marker(app, &signed.agent).await?;
            let agents = app
                .service
                .list_agents(signed.agent.caller())
                .await
                .map_err(failed)?;
            let filters = Filters {
                status: query.status(),
                assignee: query.assignee(),
                agents: &agents,
            };
            let list = render::list(&rows, signed.me(), chrono::Utc::now());
            let page = render::list_page(&signed.frame("Conversations"), &filters, &list, &since);
            html(StatusCode::OK, page, &[]).map_err(failed)
        }
        .await,
    )
}

/// The list alone, for the page's live update.
#[dropshot::endpoint { method = GET, path = "/inbox/list", unpublished = true }]
async fn inbox_list(rqctx: Ctx, query: Query<ListQuery>) -> Result<Response<Body>, HttpError> {
    answer(
        async {
            let signed = require_signed_in(&rqctx).await?;
            let rows = rows(rqctx.context(), &signed, &query.into_inner()).await?;
            let list = render::list(&rows, signed.me(), chrono::Utc::now());
            html(StatusCode::OK, list, &[]).map_err(failed)
        }
        .await,
    )
}

// ---------------------------------------------------------------- live updates

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct EventsQuery {
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
async fn inbox_events(rqctx: Ctx, query: Query<EventsQuery>) -> Result<Response<Body>, HttpError> {
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

// ---------------------------------------------------------------- assets

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct AssetPath {
    file: String,
}

/// The stylesheet and the script, compiled into the binary.
#[dropshot::endpoint { method = GET, path = "/inbox/assets/{file}", unpublished = true }]
async fn inbox_asset(_rqctx: Ctx, path: Path<AssetPath>) -> Result<Response<Body>, HttpError> {
    let (content_type, content) = match path.into_inner().file.as_str() {
        "inbox.css" => ("text/css; charset=utf-8", INBOX_CSS),
        "inbox.js" => ("text/javascript; charset=utf-8", INBOX_JS),
        _ => return failure_page(Failure::new(StatusCode::NOT_FOUND, "No such asset.")),
    };
    built(
        secured(Response::builder().status(StatusCode::OK))
            .header(header::CONTENT_TYPE, content_type)
            // Revalidated each time: a new binary may bring new assets under the same name.
            .header(header::CACHE_CONTROL, "no-cache")
            .body(Body::from(content)),
    )
}

// ---------------------------------------------------------------- one conversation

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct ConversationPath {
    conversation_id: String,
}

/// One conversation: its messages, actions and the compose form.
#[dropshot::endpoint {
    method = GET,
    path = "/inbox/conversations/{conversation_id}",
    unpublished = true,
}]
async fn inbox_conversation(
    rqctx: Ctx,
    path: Path<ConversationPath>,
) -> Result<Response<Body>, HttpError> {
    let app = rqctx.context();
    let signed = match signed_in(&rqctx).await {
        Ok(Some(signed)) => signed,
        Ok(None) => return see_other("/inbox", &[]),
        Err(failure) => return failure_page(failure),
    };
    let id = path.into_inner().conversation_id;
    answer(
        async {
            let caller = signed.agent.caller();
            let conversation = app
                .service
                .get_conversation(caller, &id)
                .await
                .map_err(failed)?;
            let messages = app
                .service
                .list_messages(caller, &id, None)
                .await
                .map_err(failed)?;
            let since = change_marker(app, &signed.agent).await?;
            let title = conversation
                .title
                .clone()
                .unwrap_or_else(|| "Conversation".into());
            let object_id = format!("inbox_{}", uuid::Uuid::now_v7().simple());
            let page = render::conversation_page(
                &signed.frame(&title),
                &conversation,
                &render::messages(&messages, chrono::Utc::now()),
                signed.me(),
                &since,
                &object_id,
            );
            html(StatusCode::OK, page, &[]).map_err(failed)
        }
        .await,
    )
}

/// The messages alone, for the page's live update.
#[dropshot::endpoint {
    method = GET,
    path = "/inbox/conversations/{conversation_id}/messages",
    unpublished = true,
}]
async fn inbox_messages(
    rqctx: Ctx,
    path: Path<ConversationPath>,
) -> Result<Response<Body>, HttpError> {
    answer(
        async {
            let signed = require_signed_in(&rqctx).await?;
            let messages = rqctx
                .context()
                .service
                .list_messages(
                    signed.agent.caller(),
                    &path.into_inner().conversation_id,
                    None,
                )
                .await
                .map_err(failed)?;
            html(
                StatusCode::OK,
                render::messages(&messages, chrono::Utc::now()),
                &[],
            )
            .map_err(failed)
        }
        .await,
    )
}

#[derive(serde::Deserialize)]
struct MessageForm {
    body: Option<String>,
    /// `reply` (public) or `note` (private).
    kind: Option<String>,
    /// Set by the page, so that sending the same form twice stores one message.
    object_id: Option<String>,
}

/// What a repeated `object_id` must match.
#[derive(serde::Serialize)]
struct MessageFingerprint<'a> {
    agent_id: &'a str,
    body: &'a str,
    visibility: &'a str,
}

/// A reply or a private note, as the agent.
#[dropshot::endpoint {
    method = POST,
    path = "/inbox/conversations/{conversation_id}/messages",
    content_type = "application/x-www-form-urlencoded",
    unpublished = true,
}]
async fn inbox_post_message(
    rqctx: Ctx,
    path: Path<ConversationPath>,
    body: UnreadBody,
) -> Result<Response<Body>, HttpError> {
    answer(
        async {
            let (signed, form): (_, MessageForm) = signed_form(&rqctx, body).await?;
            let id = path.into_inner().conversation_id;
            let visibility = match form.kind.as_deref() {
                Some("reply") | None => "public",
                Some("note") => "private",
                Some(other) => {
                    return Err(Failure::new(
                        StatusCode::BAD_REQUEST,
                        format!("kind must be reply or note, not {other:?}"),
                    ));
                }
            };
            let html_body = render::plain_text_to_html(form.body.as_deref().unwrap_or(""));
            if html_body.is_empty() {
                return Err(Failure::new(
                    StatusCode::BAD_REQUEST,
                    "The message is empty: write something first.",
                ));
            }
            let fingerprint = MessageFingerprint {
                agent_id: signed.me(),
                body: &html_body,
                visibility,
            };
            let input = MessageInput {
                object_id: form.object_id.clone().filter(|id| !id.is_empty()),
                body: Some(html_body.clone()),
                author: AuthorRef::Agent(signed.me().to_string()),
                visibility: Some(visibility.to_string()),
                attachments: Vec::new(),
                created_at: None,
            };
            rqctx
                .context()
                .service
                .create_message(
                    signed.agent.caller(),
                    &id,
                    input,
                    Origin::HumanAgent,
                    &fingerprint,
                )
                .await
                .map_err(failed)?;
            see_other(&conversation_path(&id), &[]).map_err(failed)
        }
        .await,
    )
}

/// The agent is typing: one indicator to Fin per session and conversation every few
/// seconds at most, however often the page asks.
#[dropshot::endpoint {
    method = POST,
    path = "/inbox/conversations/{conversation_id}/typing",
    content_type = "application/x-www-form-urlencoded",
    unpublished = true,
}]
async fn inbox_typing(
    rqctx: Ctx,
    path: Path<ConversationPath>,
    body: UnreadBody,
) -> Result<Response<Body>, HttpError> {
    answer(
        async {
            let (signed, _): (_, CsrfForm) = signed_form(&rqctx, body).await?;
            let id = path.into_inner().conversation_id;
            let app = rqctx.context();
            if app
                .inbox
                .sessions
                .allow_typing(&signed.session.key, &id, Instant::now())
            {
                app.service
                    .agent_typing(signed.agent.caller(), &id, signed.agent.agent())
                    .await
                    .map_err(failed)?;
            }
            no_content().map_err(failed)
        }
        .await,
    )
}

#[derive(serde::Deserialize)]
struct StatusForm {
    status: Option<String>,
}

/// Resolve, close or reopen.
#[dropshot::endpoint {
    method = POST,
    path = "/inbox/conversations/{conversation_id}/status",
    content_type = "application/x-www-form-urlencoded",
    unpublished = true,
}]
async fn inbox_status(
    rqctx: Ctx,
    path: Path<ConversationPath>,
    body: UnreadBody,
) -> Result<Response<Body>, HttpError> {
    change(rqctx, path, body, |_, form: StatusForm| {
        match form.status.as_deref() {
            Some(status @ ("open" | "resolved" | "closed")) => Ok(ConversationUpdate {
                status: Some(status.to_string()),
                ..ConversationUpdate::default()
            }),
            other => Err(Failure::new(
                StatusCode::BAD_REQUEST,
                format!("status must be open, resolved or closed, not {other:?}"),
            )),
        }
    })
    .await
}

#[derive(serde::Deserialize)]
struct AssigneeForm {
    /// `me` or `nobody`.
    to: Option<String>,
}

/// Assign to me, or unassign.
#[dropshot::endpoint {
    method = POST,
    path = "/inbox/conversations/{conversation_id}/assignee",
    content_type = "application/x-www-form-urlencoded",
    unpublished = true,
}]
async fn inbox_assignee(
    rqctx: Ctx,
    path: Path<ConversationPath>,
    body: UnreadBody,
) -> Result<Response<Body>, HttpError> {
    change(rqctx, path, body, |signed, form: AssigneeForm| {
        let assignee_id = match form.to.as_deref() {
            Some("me") => Tristate::Value(signed.me().to_string()),
            // The handover back: unassigned, as Fin leaves it.
            Some("nobody") => Tristate::Null,
            other => {
                return Err(Failure::new(
                    StatusCode::BAD_REQUEST,
                    format!("to must be me or nobody, not {other:?}"),
                ));
            }
        };
        Ok(ConversationUpdate {
            assignee_id,
            ..ConversationUpdate::default()
        })
    })
    .await
}

/// Applies the change a form asks for as the agent (through the same service call as
/// the agents' API), then shows the conversation again.
async fn change<F: serde::de::DeserializeOwned>(
    rqctx: Ctx,
    path: Path<ConversationPath>,
    body: UnreadBody,
    update: impl FnOnce(&SignedIn, F) -> Result<ConversationUpdate, Failure>,
) -> Result<Response<Body>, HttpError> {
    answer(
        async {
            let (signed, form) = signed_form(&rqctx, body).await?;
            let update = update(&signed, form)?;
            let id = path.into_inner().conversation_id;
            rqctx
                .context()
                .service
                .update_conversation(signed.agent.caller(), &id, update, Origin::HumanAgent)
                .await
                .map_err(failed)?;
            see_other(&conversation_path(&id), &[]).map_err(failed)
        }
        .await,
    )
}
