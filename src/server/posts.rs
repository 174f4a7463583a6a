//! The POST-only variant (`openapi/fin-helpdesk-posts.yaml`) as a thin adapter: every
//! answer is the `{data, error}` envelope; errors travel as [`PostsError`], and each
//! handler's result goes through [`posts_answer`] so that an error with headers (a 401's
//! challenge, a 503's `Retry-After`) is answered with them.

use crate::api::posts::{self as api, FinHelpdeskPostsApi};
use crate::server::authenticate::Effect;
use crate::server::error::posts_answer;
use crate::server::extract::{DocumentedHeaders, RawBody, SignedJson};
use crate::server::wire::{attachment_records, wire_attachments};
use crate::server::{AppState, PostsAnswer, PostsError};
use crate::service::{ConversationInput, ConversationUpdate, MessageInput, Origin, UserUpsert};
use crate::store::{AgentRecord, AuthorRef, MessageRecord};
use dropshot::{HttpResponseCreated, HttpResponseOk, RequestContext};
use std::sync::Arc;

impl From<AgentRecord> for api::Agent {
    fn from(record: AgentRecord) -> Self {
        api::Agent {
            photo_url: record.photo_url,
            alias_name: record.alias,
            // POST-only requires name and email; agents are created with them (`agents add`).
            ..api::Agent::new(
                record.id,
                api::AgentUserType::Agent,
                record.name.unwrap_or_default(),
                record.email.unwrap_or_default(),
            )
        }
    }
}

impl From<MessageRecord> for api::Message {
    fn from(record: MessageRecord) -> Self {
        api::Message {
            body: record.body,
            attachments: wire_attachments(record.attachments),
            ..api::Message::new(
                record.id,
                record.conversation_id,
                api::MessageMessageType::Comment,
                record.author.into(),
                record.visibility.into(),
                crate::service::timestamp(&record.created_at),
            )
        }
    }
}

/// A success in the `{data, error}` envelope. A macro because each operation's envelope is
/// its own generated type, with no trait the generator relates them by, so no function
/// can name "the envelope of this operation".
macro_rules! data {
    ($envelope:ident, $data:expr) => {
        api::$envelope {
            data: Some($data),
            ..api::$envelope::new()
        }
    };
}

fn author_ref(author: api::MessageAuthor) -> AuthorRef {
    match author.user_type {
        api::MessageAuthorUserType::EndUser => AuthorRef::EndUser(author.id),
        api::MessageAuthorUserType::Agent => AuthorRef::Agent(author.id),
    }
}

fn user_upsert(user: api::UserInput) -> UserUpsert {
    UserUpsert {
        id: user.id,
        name: user.name,
        email: user.email,
        photo_url: user.photo_url,
        attributes: user.attributes,
    }
}

fn message_input(message: api::MessageInput) -> MessageInput {
    MessageInput {
        object_id: message.object_id,
        body: message.body,
        author: author_ref(message.author),
        visibility: message.visibility.map(Into::into),
        attachments: attachment_records(message.attachments),
        created_at: None,
    }
}

/// The POST-only implementation of [`FinHelpdeskPostsApi`]; never constructed.
pub enum PostsImpl {}

type Ctx = RequestContext<Arc<AppState>>;

impl FinHelpdeskPostsApi for PostsImpl {
    type Context = Arc<AppState>;

    async fn get_user(
        rqctx: Ctx,
        headers: DocumentedHeaders<api::RequestHeaders>,
        body: SignedJson<api::GetUserRequest>,
    ) -> Result<PostsAnswer<HttpResponseOk<api::EndUserResponse>>, PostsError> {
        posts_answer(
            async {
                let app = rqctx.context();
                let (caller, request) = app
                    .auth
                    .verify_json(&rqctx, &headers, body, app.body_read_timeout, Effect::Reads)
                    .await?;
                let user = app.service.get_user(&caller, &request.user_id).await?;
                Ok(HttpResponseOk(data!(
                    EndUserResponse,
                    api::EndUser::from(user)
                )))
            }
            .await,
        )
    }

    async fn update_user(
        rqctx: Ctx,
        headers: DocumentedHeaders<api::RequestHeaders>,
        body: SignedJson<api::UpdateUserRequest>,
    ) -> Result<PostsAnswer<HttpResponseOk<api::EndUserResponse>>, PostsError> {
        posts_answer(
            async {
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
                Ok(HttpResponseOk(data!(
                    EndUserResponse,
                    api::EndUser::from(user)
                )))
            }
            .await,
        )
    }

    async fn create_user(
        rqctx: Ctx,
        headers: DocumentedHeaders<api::RequestHeaders>,
        body: SignedJson<api::CreateUserRequest>,
    ) -> Result<PostsAnswer<HttpResponseCreated<api::EndUserResponse>>, PostsError> {
        posts_answer(
            async {
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
                Ok(HttpResponseCreated(data!(
                    EndUserResponse,
                    api::EndUser::from(user)
                )))
            }
            .await,
        )
    }

    async fn get_agents(
        rqctx: Ctx,
        headers: DocumentedHeaders<api::RequestHeaders>,
        body: RawBody,
    ) -> Result<PostsAnswer<HttpResponseOk<api::AgentListResponse>>, PostsError> {
        posts_answer(
            async {
                let app = rqctx.context();
                let (caller, _) = app
                    .auth
                    .verify_body(&rqctx, &headers, body, app.body_read_timeout, Effect::Reads)
                    .await?;
                let agents = app.service.list_agents(&caller).await?;
                Ok(HttpResponseOk(data!(
                    AgentListResponse,
                    agents.into_iter().map(api::Agent::from).collect()
                )))
            }
            .await,
        )
    }

    async fn get_conversation(
        rqctx: Ctx,
        headers: DocumentedHeaders<api::RequestHeaders>,
        body: SignedJson<api::GetConversationRequest>,
    ) -> Result<PostsAnswer<HttpResponseOk<api::ConversationResponse>>, PostsError> {
        posts_answer(
            async {
                let app = rqctx.context();
                let (caller, request) = app
                    .auth
                    .verify_json(&rqctx, &headers, body, app.body_read_timeout, Effect::Reads)
                    .await?;
                let record = app
                    .service
                    .get_conversation(&caller, &request.conversation_id)
                    .await?;
                Ok(HttpResponseOk(data!(
                    ConversationResponse,
                    api::Conversation::from(record)
                )))
            }
            .await,
        )
    }

    async fn update_conversation(
        rqctx: Ctx,
        headers: DocumentedHeaders<api::RequestHeaders>,
        body: SignedJson<api::UpdateConversationRequest>,
    ) -> Result<PostsAnswer<HttpResponseOk<api::ConversationResponse>>, PostsError> {
        posts_answer(
            async {
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
                let service = &app.service;
                // The end user's current details come along; store them first.
                if let Some(user) = request.user {
                    service.upsert_user(&caller, user_upsert(user)).await?;
                }
                let update = ConversationUpdate {
                    title: request.title,
                    tags: request.tags,
                    attributes: request.attributes,
                    status: request.status.map(Into::into),
                    assignee_id: request.assignee_id,
                    last_user_read_at: request.last_user_read_at,
                };
                let record = service
                    .update_conversation(&caller, &request.conversation_id, update, Origin::Fin)
                    .await?;
                Ok(HttpResponseOk(data!(
                    ConversationResponse,
                    api::Conversation::from(record)
                )))
            }
            .await,
        )
    }

    async fn create_conversation(
        rqctx: Ctx,
        headers: DocumentedHeaders<api::RequestHeaders>,
        body: SignedJson<api::CreateConversationRequest>,
    ) -> Result<PostsAnswer<HttpResponseCreated<api::CreateConversationResponse>>, PostsError> {
        posts_answer(
            async {
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
                let service = &app.service;
                let user = service
                    .upsert_user(&caller, user_upsert(request.user.clone()))
                    .await?;
                let input = ConversationInput {
                    object_id: request.object_id.clone(),
                    user_id: user.id,
                    title: request.title.clone(),
                    attributes: request.attributes.clone().unwrap_or_default(),
                    initial_message: message_input(request.initial_message.clone()),
                };
                let (created, first_message) = service
                    .create_conversation(&caller, input, &request)
                    .await?;
                let created = api::CreatedConversation::new(
                    api::Conversation::from(created),
                    api::Message::from(first_message),
                );
                Ok(HttpResponseCreated(data!(
                    CreateConversationResponse,
                    created
                )))
            }
            .await,
        )
    }

    async fn get_messages(
        rqctx: Ctx,
        headers: DocumentedHeaders<api::RequestHeaders>,
        body: SignedJson<api::GetMessagesRequest>,
    ) -> Result<PostsAnswer<HttpResponseOk<api::MessageListResponse>>, PostsError> {
        posts_answer(
            async {
                let app = rqctx.context();
                let (caller, request) = app
                    .auth
                    .verify_json(&rqctx, &headers, body, app.body_read_timeout, Effect::Reads)
                    .await?;
                let records = app
                    .service
                    .list_messages(
                        &caller,
                        &request.conversation_id,
                        request.after_id.as_deref(),
                    )
                    .await?;
                Ok(HttpResponseOk(data!(
                    MessageListResponse,
                    records.into_iter().map(api::Message::from).collect()
                )))
            }
            .await,
        )
    }

    async fn create_message(
        rqctx: Ctx,
        headers: DocumentedHeaders<api::RequestHeaders>,
        body: SignedJson<api::CreateMessageRequest>,
    ) -> Result<PostsAnswer<HttpResponseCreated<api::MessageResponse>>, PostsError> {
        posts_answer(
            async {
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
                    created_at: None,
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
                Ok(HttpResponseCreated(data!(
                    MessageResponse,
                    api::Message::from(record)
                )))
            }
            .await,
        )
    }
}
