//! The REST variant (`openapi/fin-helpdesk.yaml`) as a thin adapter: authenticate, turn
//! wire types into service inputs, call the service, turn records into wire types.

use crate::api::rest::{self as api, FinHelpdeskApi};
use crate::auth::signature::SignedPayload;
use crate::server::AppState;
use crate::server::authenticate::Effect;
use crate::server::extract::{DocumentedHeaders, SignedJson};
use crate::server::wire::attachment_records;
use crate::service::{ConversationInput, ConversationUpdate, MessageInput, Origin};
use crate::store::AuthorRef;
use dropshot::{HttpError, HttpResponseCreated, HttpResponseOk, Query, RequestContext};
use std::sync::Arc;

fn author_ref(author: api::AuthorReference) -> AuthorRef {
    match author.user_type {
        api::AuthorReferenceUserType::EndUser => AuthorRef::EndUser(author.id),
        api::AuthorReferenceUserType::Agent => AuthorRef::Agent(author.id),
    }
}

/// The REST implementation of [`FinHelpdeskApi`]; never constructed.
pub enum RestImpl {}

type Ctx = RequestContext<Arc<AppState>>;

fn query_payload(rqctx: &Ctx) -> SignedPayload<'_> {
    SignedPayload::Query(rqctx.request.uri().query())
}

impl FinHelpdeskApi for RestImpl {
    type Context = Arc<AppState>;

    async fn get_user(
        rqctx: Ctx,
        query: Query<api::GetUserQuery>,
        headers: DocumentedHeaders<api::RequestHeaders>,
    ) -> Result<HttpResponseOk<api::EndUser>, HttpError> {
        let app = rqctx.context();
        let caller = app
            .auth
            .verify(&rqctx, &headers, query_payload(&rqctx), Effect::Reads)
            .await?;
        let user = app
            .service
            .get_user(&caller, &query.into_inner().user_id)
            .await?;
        Ok(HttpResponseOk(api::EndUser::from(user)))
    }

    async fn update_user(
        rqctx: Ctx,
        headers: DocumentedHeaders<api::RequestHeaders>,
        body: SignedJson<api::UpdateUserRequest>,
    ) -> Result<HttpResponseOk<api::EndUser>, HttpError> {
        let app = rqctx.context();
        let (caller, request) = app
            .auth
            .verify_json(
                &rqctx,
                &headers,
                body,
                app.body_read_timeout,
                Effect::Writes,
            )
            .await?;
        let attributes = request.attributes.unwrap_or_default();
        let user = app
            .service
            .update_user_attributes(&caller, &request.user_id, attributes)
            .await?;
        Ok(HttpResponseOk(api::EndUser::from(user)))
    }

    async fn create_user(
        rqctx: Ctx,
        headers: DocumentedHeaders<api::RequestHeaders>,
        body: SignedJson<api::CreateUserRequest>,
    ) -> Result<HttpResponseCreated<api::EndUser>, HttpError> {
        let app = rqctx.context();
        let (caller, request) = app
            .auth
            .verify_json(
                &rqctx,
                &headers,
                body,
                app.body_read_timeout,
                Effect::Writes,
            )
            .await?;
        let user = app
            .service
            .create_user(
                &caller,
                &request.object_id,
                request.name.clone(),
                request.email.clone(),
                &request,
            )
            .await?;
        Ok(HttpResponseCreated(api::EndUser::from(user)))
    }

    async fn get_agents(
        rqctx: Ctx,
        headers: DocumentedHeaders<api::RequestHeaders>,
    ) -> Result<HttpResponseOk<Vec<api::Agent>>, HttpError> {
        let app = rqctx.context();
        let caller = app
            .auth
            .verify(&rqctx, &headers, query_payload(&rqctx), Effect::Reads)
            .await?;
        let agents = app.service.list_agents(&caller).await?;
        Ok(HttpResponseOk(
            agents.into_iter().map(api::Agent::from).collect(),
        ))
    }

    async fn get_conversation(
        rqctx: Ctx,
        query: Query<api::GetConversationQuery>,
        headers: DocumentedHeaders<api::RequestHeaders>,
    ) -> Result<HttpResponseOk<api::Conversation>, HttpError> {
        let app = rqctx.context();
        let caller = app
            .auth
            .verify(&rqctx, &headers, query_payload(&rqctx), Effect::Reads)
            .await?;
        let record = app
            .service
            .get_conversation(&caller, &query.into_inner().conversation_id)
            .await?;
        Ok(HttpResponseOk(api::Conversation::from(record)))
    }

    async fn update_conversation(
        rqctx: Ctx,
        headers: DocumentedHeaders<api::RequestHeaders>,
        body: SignedJson<api::UpdateConversationRequest>,
    ) -> Result<HttpResponseOk<api::Conversation>, HttpError> {
        let app = rqctx.context();
        let (caller, request) = app
            .auth
            .verify_json(
                &rqctx,
                &headers,
                body,
                app.body_read_timeout,
                Effect::Writes,
            )
            .await?;
        let update = ConversationUpdate {
            title: request.title,
            tags: request.tags,
            attributes: request.attributes,
            status: request.status.map(Into::into),
            assignee_id: request.assignee_id,
            last_user_read_at: request.last_user_read_at,
        };
        let record = app
            .service
            .update_conversation(&caller, &request.conversation_id, update, Origin::Fin)
            .await?;
        Ok(HttpResponseOk(api::Conversation::from(record)))
    }

    async fn create_conversation(
        rqctx: Ctx,
        headers: DocumentedHeaders<api::RequestHeaders>,
        body: SignedJson<api::CreateConversationRequest>,
    ) -> Result<HttpResponseCreated<api::CreateConversationResponse>, HttpError> {
        let app = rqctx.context();
        let (caller, request) = app
            .auth
            .verify_json(
                &rqctx,
                &headers,
                body,
                app.body_read_timeout,
                Effect::Writes,
            )
            .await?;
        let first = request.initial_message.clone();
        let input = ConversationInput {
            object_id: request.object_id.clone(),
            user_id: request.user_id.clone(),
            title: request.title.clone(),
            // REST documents conversation attributes inside the first message.
            attributes: first.attributes.clone().unwrap_or_default(),
            initial_message: MessageInput {
                object_id: first.object_id,
                body: first.body,
                author: author_ref(first.author),
                visibility: first.visibility.map(Into::into),
                attachments: attachment_records(first.attachments),
                created_at: first.created_at,
            },
        };
        let (created, first_message) = app
            .service
            .create_conversation(&caller, input, &request)
            .await?;
        Ok(HttpResponseCreated(api::CreateConversationResponse::new(
            api::Conversation::from(created),
            api::Message::from(first_message),
        )))
    }

    async fn get_messages(
        rqctx: Ctx,
        query: Query<api::GetMessagesQuery>,
        headers: DocumentedHeaders<api::RequestHeaders>,
    ) -> Result<HttpResponseOk<Vec<api::Message>>, HttpError> {
        let app = rqctx.context();
        let caller = app
            .auth
            .verify(&rqctx, &headers, query_payload(&rqctx), Effect::Reads)
            .await?;
        let query = query.into_inner();
        let records = app
            .service
            .list_messages(&caller, &query.conversation_id, query.after_id.as_deref())
            .await?;
        Ok(HttpResponseOk(
            records.into_iter().map(api::Message::from).collect(),
        ))
    }

    async fn create_message(
        rqctx: Ctx,
        headers: DocumentedHeaders<api::RequestHeaders>,
        body: SignedJson<api::CreateMessageRequest>,
    ) -> Result<HttpResponseCreated<api::Message>, HttpError> {
        let app = rqctx.context();
        let (caller, request) = app
            .auth
            .verify_json(
                &rqctx,
                &headers,
                body,
                app.body_read_timeout,
                Effect::Writes,
            )
            .await?;
        let input = MessageInput {
            object_id: Some(request.object_id.clone()),
            body: request.body.clone(),
            author: author_ref(request.author.clone()),
            visibility: request.visibility.map(Into::into),
            attachments: attachment_records(request.attachments.clone()),
            created_at: request.created_at.clone(),
        };
        let record = app
            .service
            .create_message(
                &caller,
                &request.conversation_id,
                input,
                Origin::Fin,
                &request,
            )
            .await?;
        Ok(HttpResponseCreated(api::Message::from(record)))
    }
}
