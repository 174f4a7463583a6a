//! The human agents' API (`openapi/fin-helpdesk-agents.yaml`, under `/helpdesk/`) as a
//! thin adapter: authenticate the agent token, call the same service as Fin's API with
//! `Origin::HumanAgent` (so each change queues a sync event for Fin in its transaction),
//! and turn records into wire types.

use crate::api::agents::{self as api, HelpdeskAgentApi};
use crate::server::AppState;
use crate::server::extract::SignedJson;
use crate::server::wire::attachment_records;
use crate::service::{ConversationUpdate, MessageInput, Origin};
use crate::store::{AuthorRef, ConversationFilter};
use dropshot::{
    HttpError, HttpResponseCreated, HttpResponseOk, HttpResponseUpdatedNoContent, Path, Query,
    RequestContext,
};
use std::sync::Arc;

/// The largest page a listing may ask for.
const MAX_LIMIT: u32 = 1000;

/// The agents' API implementation of [`HelpdeskAgentApi`]; never constructed.
pub enum AgentsImpl {}

type Ctx = RequestContext<Arc<AppState>>;

impl HelpdeskAgentApi for AgentsImpl {
    type Context = Arc<AppState>;

    async fn list_helpdesk_conversations(
        rqctx: Ctx,
        query: Query<api::ListHelpdeskConversationsQuery>,
    ) -> Result<HttpResponseOk<Vec<api::Conversation>>, HttpError> {
        let app = rqctx.context();
        let agent = app.agent_auth.verify(&rqctx).await?;
        let query = query.into_inner();
        let limit = match query.limit {
            // The type already refuses 0 (the document's `minimum: 1`).
            Some(limit) if limit.get() > MAX_LIMIT => {
                return Err(crate::server::ApiError::invalid(
                    "limit",
                    format_args!("must be between 1 and {MAX_LIMIT}"),
                )
                .into());
            }
            Some(limit) => Some(limit.get()),
            None => None,
        };
        let filter = ConversationFilter {
            status: query.status.map(Into::into),
            assignee_id: query.assignee,
            unassigned: query.unassigned.unwrap_or(false),
            limit,
        };
        let records = app
            .service
            .list_conversations(agent.caller(), filter)
            .await?;
        Ok(HttpResponseOk(
            records.into_iter().map(api::Conversation::from).collect(),
        ))
    }

    async fn get_helpdesk_conversation(
        rqctx: Ctx,
        path: Path<api::GetHelpdeskConversationPath>,
    ) -> Result<HttpResponseOk<api::ConversationWithMessages>, HttpError> {
        let app = rqctx.context();
        let agent = app.agent_auth.verify(&rqctx).await?;
        let id = path.into_inner().conversation_id;
        let record = app.service.get_conversation(agent.caller(), &id).await?;
        let messages = app.service.list_messages(agent.caller(), &id, None).await?;
        Ok(HttpResponseOk(api::ConversationWithMessages {
            conversation: api::Conversation::from(record),
            messages: messages.into_iter().map(api::Message::from).collect(),
        }))
    }

    async fn update_helpdesk_conversation(
        rqctx: Ctx,
        path: Path<api::UpdateHelpdeskConversationPath>,
        body: SignedJson<api::HelpdeskConversationUpdate>,
    ) -> Result<HttpResponseOk<api::Conversation>, HttpError> {
        let app = rqctx.context();
        let agent = app.agent_auth.verify(&rqctx).await?;
        let request = body.read(app.body_read_timeout).await?.decode()?;
        let update = ConversationUpdate {
            status: request.status.map(Into::into),
            assignee_id: request.assignee_id,
            ..ConversationUpdate::default()
        };
        let record = app
            .service
            .update_conversation(
                agent.caller(),
                &path.into_inner().conversation_id,
                update,
                Origin::HumanAgent,
            )
            .await?;
        Ok(HttpResponseOk(api::Conversation::from(record)))
    }

    async fn create_helpdesk_message(
        rqctx: Ctx,
        path: Path<api::CreateHelpdeskMessagePath>,
        body: SignedJson<api::HelpdeskMessageRequest>,
    ) -> Result<HttpResponseCreated<api::Message>, HttpError> {
        let app = rqctx.context();
        let agent = app.agent_auth.verify(&rqctx).await?;
        let request = body.read(app.body_read_timeout).await?.decode()?;
        let input = MessageInput {
            object_id: request.object_id.clone(),
            body: request.body.clone(),
            author: AuthorRef::Agent(agent.agent().id.clone()),
            visibility: request.visibility.map(Into::into),
            attachments: attachment_records(request.attachments.clone()),
            created_at: None,
        };
        // The agent is part of what a repeated `object_id` must match.
        let fingerprinted = (&agent.agent().id, &request);
        let record = app
            .service
            .create_message(
                agent.caller(),
                &path.into_inner().conversation_id,
                input,
                Origin::HumanAgent,
                &fingerprinted,
            )
            .await?;
        Ok(HttpResponseCreated(api::Message::from(record)))
    }

    async fn send_helpdesk_typing(
        rqctx: Ctx,
        path: Path<api::SendHelpdeskTypingPath>,
    ) -> Result<HttpResponseUpdatedNoContent, HttpError> {
        let app = rqctx.context();
        let agent = app.agent_auth.verify(&rqctx).await?;
        app.service
            .agent_typing(
                agent.caller(),
                &path.into_inner().conversation_id,
                agent.agent(),
            )
            .await?;
        Ok(HttpResponseUpdatedNoContent())
    }
}
