//! The pages: the conversation list (the inbox's home, or the sign-in page for a
//! stranger), one conversation, the fragments a page fetches again on a live update, and
//! the stylesheet and script compiled into the binary.

use crate::server::AppState;
use crate::server::inbox::render::{self, Filters, Group, Row};
use crate::server::inbox::respond::{
    Failure, answer, built, failed, failure_page, html, secured, see_other,
};
use crate::server::inbox::sign_in::sign_in_page;
use crate::server::inbox::signed_in::{SignedIn, require_signed_in, signed_in};
use crate::server::inbox::state::Ctx;
use crate::server::inbox::stream::change_marker;
use crate::store::{ConversationFilter, ConversationStatus};
use dropshot::{Body, HttpError, Path, Query};
use http::{Response, StatusCode, header};

/// The most conversations the list reads, newest-updated first, before grouping.
const LIST_READ: u32 = 200;
/// The most rows the list shows (each costs a read of its messages).
const LIST_SHOWN: usize = 50;

const INBOX_CSS: &str = include_str!("assets/inbox.css");
const INBOX_JS: &str = include_str!("assets/inbox.js");

#[derive(serde::Deserialize, schemars::JsonSchema)]
pub(super) struct ListQuery {
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

    /// `None` if the status is one no conversation has.
    fn filter(&self, me: &str) -> Option<ConversationFilter> {
        let status = match self.status() {
            "" => None,
            name => Some(ConversationStatus::from_name(name)?),
        };
        let (assignee_id, unassigned) = match self.assignee() {
            "" => (None, false),
            "unassigned" => (None, true),
            "me" => (Some(me.to_string()), false),
            other => (Some(other.to_string()), false),
        };
        Some(ConversationFilter {
            status,
            assignee_id,
            unassigned,
            limit: Some(LIST_READ),
        })
    }
}

/// The rows to show: handed over first, then the agent's own, then the rest, each
/// newest-updated first, with their last messages.
async fn rows(app: &AppState, signed: &SignedIn, query: &ListQuery) -> Result<Vec<Row>, Failure> {
    let caller = signed.agent.caller();
    let Some(filter) = query.filter(signed.me()) else {
        return Ok(Vec::new());
    };
    let mut conversations = app
        .service
        .list_conversations(caller, filter)
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

/// The inbox: the sign-in page, or the conversation list.
#[dropshot::endpoint { method = GET, path = "/inbox", unpublished = true }]
pub(super) async fn inbox_home(
    rqctx: Ctx,
    query: Query<ListQuery>,
) -> Result<Response<Body>, HttpError> {
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
pub(super) async fn inbox_list(
    rqctx: Ctx,
    query: Query<ListQuery>,
) -> Result<Response<Body>, HttpError> {
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

#[derive(serde::Deserialize, schemars::JsonSchema)]
pub(super) struct AssetPath {
    file: String,
}

/// The stylesheet and the script, compiled into the binary.
#[dropshot::endpoint { method = GET, path = "/inbox/assets/{file}", unpublished = true }]
pub(super) async fn inbox_asset(
    _rqctx: Ctx,
    path: Path<AssetPath>,
) -> Result<Response<Body>, HttpError> {
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

#[derive(serde::Deserialize, schemars::JsonSchema)]
pub(super) struct ConversationPath {
    pub(super) conversation_id: String,
}

/// One conversation: its messages, actions and the compose form.
#[dropshot::endpoint {
    method = GET,
    path = "/inbox/conversations/{conversation_id}",
    unpublished = true,
}]
pub(super) async fn inbox_conversation(
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
pub(super) async fn inbox_messages(
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
