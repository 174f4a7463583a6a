//! What an agent does from a conversation's page: reply, private note, typing indicator,
//! status and assignee. Each goes through the same service call as the agents' API, with
//! `Origin::HumanAgent`, so Fin hears of it through the outbox; then the conversation is
//! shown again.

use crate::server::extract::UnreadBody;
use crate::server::inbox::forms::{AssigneeForm, CsrfForm, MessageForm, StatusForm};
use crate::server::inbox::pages::ConversationPath;
use crate::server::inbox::render;
use crate::server::inbox::respond::{Failure, answer, failed, no_content, see_other};
use crate::server::inbox::signed_in::{SignedIn, signed_form};
use crate::server::inbox::state::Ctx;
use crate::service::{ConversationUpdate, MessageInput, Origin};
use crate::store::{AuthorRef, ConversationStatus, MessageVisibility};
use crate::tristate::Tristate;
use dropshot::{Body, HttpError, Path};
use http::{Response, StatusCode};
use std::time::Instant;

/// `/inbox/conversations/{id}` with the id escaped for a path segment.
fn conversation_path(id: &str) -> String {
    format!("/inbox/conversations/{}", render::path_segment(id))
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
pub(super) async fn inbox_post_message(
    rqctx: Ctx,
    path: Path<ConversationPath>,
    body: UnreadBody,
) -> Result<Response<Body>, HttpError> {
    answer(
        async {
            let (signed, form): (_, MessageForm) = signed_form(&rqctx, body).await?;
            let id = path.into_inner().conversation_id;
            let visibility = match form.kind.as_deref() {
                Some("reply") | None => MessageVisibility::Public,
                Some("note") => MessageVisibility::Private,
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
                visibility: visibility.as_str(),
            };
            let input = MessageInput {
                object_id: form.object_id.clone().filter(|id| !id.is_empty()),
                body: Some(html_body.clone()),
                author: AuthorRef::Agent(signed.me().to_string()),
                visibility: Some(visibility),
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
pub(super) async fn inbox_typing(
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

/// Resolve, close or reopen.
#[dropshot::endpoint {
    method = POST,
    path = "/inbox/conversations/{conversation_id}/status",
    content_type = "application/x-www-form-urlencoded",
    unpublished = true,
}]
pub(super) async fn inbox_status(
    rqctx: Ctx,
    path: Path<ConversationPath>,
    body: UnreadBody,
) -> Result<Response<Body>, HttpError> {
    change(rqctx, path, body, |_, form: StatusForm| {
        let name = form.status.as_deref();
        match name.and_then(ConversationStatus::from_name) {
            Some(status) if status != ConversationStatus::Ended => Ok(ConversationUpdate {
                status: Some(status),
                ..ConversationUpdate::default()
            }),
            _ => Err(Failure::new(
                StatusCode::BAD_REQUEST,
                format!("status must be open, resolved or closed, not {name:?}"),
            )),
        }
    })
    .await
}

/// Assign to me, or unassign.
#[dropshot::endpoint {
    method = POST,
    path = "/inbox/conversations/{conversation_id}/assignee",
    content_type = "application/x-www-form-urlencoded",
    unpublished = true,
}]
pub(super) async fn inbox_assignee(
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
