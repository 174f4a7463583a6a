//! One interface over the two generated clients, so the scenario (and its rules) is
//! written once: each driver turns the scenario's requests into its variant's types, calls
//! the generated client, and reduces the typed answer to the few fields the checks read.
//! The raw bodies are validated separately, from the client's recorder.

use crate::api::{posts, rest};
use crate::client::Recorder;
use crate::tristate::Tristate;
use serde_json::{Map, Value};

/// A successful call: the status and the typed answer, reduced.
pub struct Reply<T> {
    pub status: u16,
    pub value: T,
}

/// Why a call did not give a value.
#[derive(Debug, Clone)]
pub enum Failure {
    /// The server answered with a status this operation does not succeed with.
    Status(u16),
    /// No answer, or an answer the generated client could not read.
    Other(String),
}

pub type Call<T> = Result<Reply<T>, Failure>;

fn failure(error: progenitor_client::Error<()>) -> Failure {
    use progenitor_client::Error;
    match error {
        Error::ErrorResponse(response) => Failure::Status(response.status().as_u16()),
        Error::UnexpectedResponse(response) => Failure::Status(response.status().as_u16()),
        Error::InvalidResponsePayload(_, error) => Failure::Other(format!(
            "the body does not decode as the contract's type: {error}"
        )),
        Error::CommunicationError(error) => {
            Failure::Other(format!("no answer: {}", without_url(&error)))
        }
        other => Failure::Other(other.to_string()),
    }
}

fn without_url(error: &reqwest::Error) -> String {
    // The URL carries only ids, but the message is clearer without it.
    let mut text = error.to_string();
    if let Some(url) = error.url() {
        text = text.replace(&format!(" ({url})"), "");
    }
    text
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserType {
    EndUser,
    Agent,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub object_id: String,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone)]
pub struct NewMessage {
    pub object_id: String,
    /// Sent as `created_at` where the variant has it; fixed at creation so that a repeat
    /// is the same request.
    pub created_at: String,
    pub body: Option<String>,
    pub author_id: String,
    pub author_type: UserType,
    pub attachments: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct NewConversation {
    pub object_id: String,
    pub title: String,
    pub user_id: String,
    pub user_name: String,
    pub user_email: String,
    pub message: NewMessage,
}

#[derive(Debug, Clone, Default)]
pub struct ConversationUpdate {
    pub conversation_id: String,
    pub title: Tristate<String>,
    pub tags: Option<Vec<String>>,
    pub status: Option<&'static str>,
    pub assignee_id: Tristate<String>,
}

#[derive(Debug, Clone)]
pub struct AgentView {
    pub id: Option<String>,
}

#[derive(Debug, Clone)]
pub struct UserView {
    pub id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub attributes: Map<String, Value>,
}

#[derive(Debug, Clone)]
pub struct ConversationView {
    pub id: String,
    pub status: String,
    pub user_id: String,
    pub title: Option<String>,
    pub tags: Vec<String>,
    /// `Some(None)`: an assignee without an id.
    pub assignee: Option<Option<String>>,
}

#[derive(Debug, Clone)]
pub struct MessageView {
    pub id: String,
    pub conversation_id: String,
    pub body: Option<String>,
    pub author_id: Option<String>,
    pub author_type: UserType,
}

/// The operations of one variant, over its generated client.
pub trait Driver {
    fn recorder(&self) -> &Recorder;
    async fn get_agents(&self) -> Call<Vec<AgentView>>;
    async fn create_user(&self, user: &NewUser) -> Call<UserView>;
    async fn get_user(&self, id: &str) -> Call<UserView>;
    async fn update_user(&self, id: &str, attributes: Map<String, Value>) -> Call<UserView>;
    async fn create_conversation(
        &self,
        conversation: &NewConversation,
    ) -> Call<(ConversationView, MessageView)>;
    async fn get_conversation(&self, id: &str) -> Call<ConversationView>;
    async fn update_conversation(&self, update: &ConversationUpdate) -> Call<ConversationView>;
    async fn create_message(
        &self,
        conversation_id: &str,
        message: &NewMessage,
    ) -> Call<MessageView>;
    async fn get_messages(
        &self,
        conversation_id: &str,
        after_id: Option<&str>,
    ) -> Call<Vec<MessageView>>;
}

/// A status as the variant's generated enum (the scenario only uses contract values).
fn wire_status<T: std::str::FromStr>(status: Option<&str>) -> Result<Option<T>, Failure>
where
    T::Err: std::fmt::Debug,
{
    status
        .map(|status| {
            status
                .parse()
                .map_err(|error| Failure::Other(format!("{error:?}")))
        })
        .transpose()
}

fn reply<T, U>(
    response: progenitor_client::ResponseValue<T>,
    reduce: impl FnOnce(T) -> Result<U, Failure>,
) -> Call<U> {
    let status = response.status().as_u16();
    Ok(Reply {
        status,
        value: reduce(response.into_inner())?,
    })
}

/// A part of an answer the scenario reads on, which Fin's documents leave optional.
fn part<T>(value: Option<T>, name: &str) -> Result<T, Failure> {
    value.ok_or_else(|| Failure::Other(format!("the answer has no `{name}`")))
}

pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub struct RestDriver {
    pub client: crate::client::rest::Client,
    pub recorder: Recorder,
}

impl RestDriver {
    fn user(user: rest::EndUser) -> UserView {
        UserView {
            id: user.id,
            name: user.name,
            email: user.email,
            attributes: user.attributes.unwrap_or_default(),
        }
    }

    fn conversation(conversation: rest::Conversation) -> ConversationView {
        ConversationView {
            id: conversation.id,
            status: conversation.status.to_string(),
            user_id: conversation.user.id,
            title: conversation.title,
            tags: conversation.tags.unwrap_or_default(),
            assignee: conversation.assignee.map(|agent| agent.id),
        }
    }

    fn message(message: rest::Message) -> MessageView {
        let (author_id, author_type) = match message.author {
            rest::MessageAuthor::EndUser(user) => (Some(user.id), UserType::EndUser),
            rest::MessageAuthor::Agent(agent) => (agent.id, UserType::Agent),
        };
        MessageView {
            id: message.id,
            conversation_id: message.conversation_id,
            body: Some(message.body),
            author_id,
            author_type,
        }
    }

    fn author(message: &NewMessage) -> rest::AuthorReference {
        rest::AuthorReference {
            id: Some(message.author_id.clone()),
            user_type: Some(match message.author_type {
                UserType::EndUser => rest::AuthorReferenceUserType::EndUser,
                UserType::Agent => rest::AuthorReferenceUserType::Agent,
            }),
        }
    }

    fn attachments(message: &NewMessage) -> Vec<rest::Attachment> {
        message
            .attachments
            .iter()
            .map(|url| rest::Attachment {
                url: Some(url.clone()),
                filetype: None,
                filename: None,
            })
            .collect()
    }
}

impl Driver for RestDriver {
    fn recorder(&self) -> &Recorder {
        &self.recorder
    }

    async fn get_agents(&self) -> Call<Vec<AgentView>> {
        let response = self.client.get_agents().send().await.map_err(failure)?;
        reply(response, |agents| {
            Ok(agents
                .into_iter()
                .map(|agent| AgentView { id: agent.id })
                .collect())
        })
    }

    async fn create_user(&self, user: &NewUser) -> Call<UserView> {
        let body = rest::CreateUserRequest {
            name: Some(user.name.clone()),
            email: Some(user.email.clone()),
            object_id: Some(user.object_id.clone()),
        };
        let response = self.client.create_user().body(body).send().await;
        reply(response.map_err(failure)?, |user| Ok(Self::user(user)))
    }

    async fn get_user(&self, id: &str) -> Call<UserView> {
        let response = self.client.get_user().user_id(id).send().await;
        reply(response.map_err(failure)?, |user| Ok(Self::user(user)))
    }

    async fn update_user(&self, id: &str, attributes: Map<String, Value>) -> Call<UserView> {
        let body = rest::UpdateUserRequest {
            user_id: Some(id.to_string()),
            attributes: Some(attributes),
        };
        let response = self.client.update_user().body(body).send().await;
        reply(response.map_err(failure)?, |user| Ok(Self::user(user)))
    }

    async fn create_conversation(
        &self,
        conversation: &NewConversation,
    ) -> Call<(ConversationView, MessageView)> {
        let message = &conversation.message;
        let body = rest::CreateConversationRequest {
            title: Some(conversation.title.clone()),
            user_id: Some(conversation.user_id.clone()),
            object_id: Some(conversation.object_id.clone()),
            initial_message: Some(rest::CreateConversationRequestInitialMessage {
                conversation_id: None,
                message_type: Some(
                    rest::CreateConversationRequestInitialMessageMessageType::Comment,
                ),
                body: message.body.clone(),
                author: Some(Self::author(message)),
                visibility: Some(rest::CreateConversationRequestInitialMessageVisibility::Public),
                attributes: None,
                created_at: Some(message.created_at.clone()),
                object_id: Some(message.object_id.clone()),
                attachments: Some(Self::attachments(message)),
            }),
        };
        let response = self.client.create_conversation().body(body).send().await;
        reply(response.map_err(failure)?, |created| {
            Ok((
                Self::conversation(part(created.conversation, "conversation")?),
                Self::message(part(created.message, "message")?),
            ))
        })
    }

    async fn get_conversation(&self, id: &str) -> Call<ConversationView> {
        let response = self
            .client
            .get_conversation()
            .conversation_id(id)
            .send()
            .await;
        reply(response.map_err(failure)?, |c| Ok(Self::conversation(c)))
    }

    async fn update_conversation(&self, update: &ConversationUpdate) -> Call<ConversationView> {
        let status = wire_status(update.status)?;
        let body = rest::UpdateConversationRequest {
            conversation_id: Some(update.conversation_id.clone()),
            title: update.title.clone(),
            tags: update.tags.clone(),
            attributes: None,
            status,
            assignee_id: update.assignee_id.clone(),
            last_user_read_at: Tristate::Absent,
        };
        let response = self.client.update_conversation().body(body).send().await;
        reply(response.map_err(failure)?, |c| Ok(Self::conversation(c)))
    }

    async fn create_message(
        &self,
        conversation_id: &str,
        message: &NewMessage,
    ) -> Call<MessageView> {
        let body = rest::CreateMessageRequest {
            conversation_id: Some(conversation_id.to_string()),
            message_type: Some(rest::CreateMessageRequestMessageType::Comment),
            body: message.body.clone(),
            author: Some(Self::author(message)),
            visibility: Some(rest::CreateMessageRequestVisibility::Public),
            created_at: Some(message.created_at.clone()),
            object_id: Some(message.object_id.clone()),
            attachments: Some(Self::attachments(message)),
        };
        let response = self.client.create_message().body(body).send().await;
        reply(response.map_err(failure)?, |m| Ok(Self::message(m)))
    }

    async fn get_messages(
        &self,
        conversation_id: &str,
        after_id: Option<&str>,
    ) -> Call<Vec<MessageView>> {
        let mut request = self.client.get_messages().conversation_id(conversation_id);
        if let Some(after_id) = after_id {
            request = request.after_id(after_id);
        }
        let response = request.send().await.map_err(failure)?;
        reply(response, |messages| {
            Ok(messages.into_iter().map(Self::message).collect())
        })
    }
}

pub struct PostsDriver {
    pub client: crate::client::posts::Client,
    pub recorder: Recorder,
}

/// The `data` of a success envelope.
fn data<T>(data: Option<T>) -> Result<T, Failure> {
    part(data, "data")
}

impl PostsDriver {
    fn user(user: posts::EndUser) -> UserView {
        UserView {
            id: user.id,
            name: user.name,
            email: user.email,
            attributes: user.attributes.unwrap_or_default(),
        }
    }

    fn conversation(conversation: posts::Conversation) -> ConversationView {
        ConversationView {
            id: conversation.id,
            status: conversation.status.to_string(),
            user_id: conversation.user.id,
            title: conversation.title,
            tags: conversation.tags.unwrap_or_default(),
            assignee: conversation.assignee.map(|agent| Some(agent.id)),
        }
    }

    fn message(message: posts::Message) -> MessageView {
        let (author_id, author_type) = match message.author {
            posts::MessageAuthorInline::EndUser(user) => (Some(user.id), UserType::EndUser),
            posts::MessageAuthorInline::Agent(agent) => (Some(agent.id), UserType::Agent),
        };
        MessageView {
            id: message.id,
            conversation_id: message.conversation_id,
            body: message.body,
            author_id,
            author_type,
        }
    }

    fn author(message: &NewMessage) -> posts::MessageAuthor {
        posts::MessageAuthor {
            id: Some(message.author_id.clone()),
            user_type: Some(match message.author_type {
                UserType::EndUser => posts::MessageAuthorUserType::EndUser,
                UserType::Agent => posts::MessageAuthorUserType::Agent,
            }),
            name: None,
            email: None,
            photo_url: None,
        }
    }

    fn attachments(message: &NewMessage) -> Vec<posts::Attachment> {
        message
            .attachments
            .iter()
            .map(|url| posts::Attachment {
                url: Some(url.clone()),
                filetype: None,
                filename: None,
            })
            .collect()
    }
}

impl Driver for PostsDriver {
    fn recorder(&self) -> &Recorder {
        &self.recorder
    }

    async fn get_agents(&self) -> Call<Vec<AgentView>> {
        let response = self.client.get_agents().send().await.map_err(failure)?;
        reply(response, |envelope| {
            Ok(data(envelope.data)?
                .into_iter()
                .map(|agent| AgentView { id: Some(agent.id) })
                .collect())
        })
    }

    async fn create_user(&self, user: &NewUser) -> Call<UserView> {
        let body = posts::CreateUserRequest {
            name: Some(user.name.clone()),
            email: Some(user.email.clone()),
            object_id: Some(user.object_id.clone()),
        };
        let response = self.client.create_user().body(body).send().await;
        reply(response.map_err(failure)?, |e| {
            Ok(Self::user(data(e.data)?))
        })
    }

    async fn get_user(&self, id: &str) -> Call<UserView> {
        let body = posts::GetUserRequest {
            user_id: Some(id.to_string()),
        };
        let response = self.client.get_user().body(body).send().await;
        reply(response.map_err(failure)?, |e| {
            Ok(Self::user(data(e.data)?))
        })
    }

    async fn update_user(&self, id: &str, attributes: Map<String, Value>) -> Call<UserView> {
        let body = posts::UpdateUserRequest {
            user_id: Some(id.to_string()),
            attributes: Some(attributes),
        };
        let response = self.client.update_user().body(body).send().await;
        reply(response.map_err(failure)?, |e| {
            Ok(Self::user(data(e.data)?))
        })
    }

    async fn create_conversation(
        &self,
        conversation: &NewConversation,
    ) -> Call<(ConversationView, MessageView)> {
        let message = &conversation.message;
        let body = posts::CreateConversationRequest {
            title: Some(conversation.title.clone()),
            user: Some(posts::UserInput {
                id: Some(conversation.user_id.clone()),
                name: Some(conversation.user_name.clone()),
                email: Some(conversation.user_email.clone()),
                photo_url: None,
                user_type: Some(posts::UserInputUserType::EndUser),
                attributes: None,
            }),
            object_id: Some(conversation.object_id.clone()),
            attributes: None,
            initial_message: Some(posts::MessageInput {
                message_type: Some(posts::MessageInputMessageType::Comment),
                body: message.body.clone(),
                author: Some(Self::author(message)),
                visibility: Some(posts::MessageInputVisibility::Public),
                object_id: Some(message.object_id.clone()),
                attachments: Some(Self::attachments(message)),
            }),
        };
        let response = self.client.create_conversation().body(body).send().await;
        reply(response.map_err(failure)?, |envelope| {
            let created = data(envelope.data)?;
            Ok((
                Self::conversation(part(created.conversation, "conversation")?),
                Self::message(part(created.message, "message")?),
            ))
        })
    }

    async fn get_conversation(&self, id: &str) -> Call<ConversationView> {
        let body = posts::GetConversationRequest {
            conversation_id: Some(id.to_string()),
        };
        let response = self.client.get_conversation().body(body).send().await;
        reply(response.map_err(failure)?, |e| {
            Ok(Self::conversation(data(e.data)?))
        })
    }

    async fn update_conversation(&self, update: &ConversationUpdate) -> Call<ConversationView> {
        let status = wire_status(update.status)?;
        let body = posts::UpdateConversationRequest {
            conversation_id: Some(update.conversation_id.clone()),
            title: update.title.clone(),
            tags: update.tags.clone(),
            attributes: None,
            status,
            assignee_id: update.assignee_id.clone(),
            last_user_read_at: Tristate::Absent,
            user: None,
        };
        let response = self.client.update_conversation().body(body).send().await;
        reply(response.map_err(failure)?, |e| {
            Ok(Self::conversation(data(e.data)?))
        })
    }

    async fn create_message(
        &self,
        conversation_id: &str,
        message: &NewMessage,
    ) -> Call<MessageView> {
        let body = posts::CreateMessageRequest {
            message_type: Some(posts::CreateMessageRequestMessageType::Comment),
            body: message.body.clone(),
            author: Some(Self::author(message)),
            visibility: Some(posts::CreateMessageRequestVisibility::Public),
            object_id: Some(message.object_id.clone()),
            attachments: Some(Self::attachments(message)),
            conversation_id: Some(conversation_id.to_string()),
        };
        let response = self.client.create_message().body(body).send().await;
        reply(response.map_err(failure)?, |e| {
            Ok(Self::message(data(e.data)?))
        })
    }

    async fn get_messages(
        &self,
        conversation_id: &str,
        after_id: Option<&str>,
    ) -> Call<Vec<MessageView>> {
        let body = posts::GetMessagesRequest {
            conversation_id: Some(conversation_id.to_string()),
            after_id: after_id.map(str::to_string),
        };
        let response = self.client.get_messages().body(body).send().await;
        reply(response.map_err(failure)?, |envelope| {
            Ok(data(envelope.data)?
                .into_iter()
                .map(Self::message)
                .collect())
        })
    }
}
