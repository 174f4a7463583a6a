//! A helpdesk that is not ours, built as anyone would build theirs for Fin: the dropshot
//! traits generated from Fin's *published* documents (`openapi/published/`, by `build.rs`
//! with the generator's defaults) implemented over a small in-memory store, with error
//! bodies of its own, a static bearer token and no `WWW-Authenticate`. `conformance.rs`
//! checks it as Fin would; [`Broken`] makes a copy with one rule broken.
//!
//! The rules Fin's docs state are kept: idempotent creates on `object_id`, handover by
//! `assignee_id: null`, a message never empty, attachments over https. Where the docs are
//! silent it chooses for itself: 422 for bad input, a changed repeat of an `object_id`
//! answered with the first object (no 409), errors in bodies of its own shape.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use dropshot::{
    ErrorStatusCode, Header, HttpError, HttpResponseCreated, HttpResponseOk, RequestContext,
    TypedBody,
};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value};

// Generated code: every type of the documents is there, the webhook's included, whether
// this helpdesk uses it or not.
#[allow(dead_code)]
mod published_rest {
    // `build.rs` names the error type `HelpdeskError`; each includer says which it is.
    use super::RestError as HelpdeskError;
    include!(concat!(env!("OUT_DIR"), "/published_rest_api.rs"));
}

#[allow(dead_code)]
mod published_posts {
    use super::PostsError as HelpdeskError;
    include!(concat!(env!("OUT_DIR"), "/published_posts_api.rs"));
}

use published_posts as p;
use published_rest as r;

pub const TOKEN: &str = "own-helpdesk-token";
pub const FIN_AGENT: &str = "agent_fin";

/// One rule of Fin's contract broken on purpose, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Broken {
    None,
    /// `assignee_id: null` does not unassign: Fin's handover is lost.
    Handover,
    /// `after_id` is ignored and every message listed: allowed by the published documents
    /// (an optimisation the helpdesk *may* make), so only a warning.
    AfterId,
}

/// Starts the helpdesk on 127.0.0.1 and returns it with its base URL.
pub fn start(broken: Broken) -> (dropshot::HttpServer<Arc<Helpdesk>>, String) {
    let mut api = dropshot::ApiDescription::new();
    // One server for both variants, as one helpdesk would serve them.
    r::register_fin_rest_api::<OwnHelpdesk>(&mut api, "rest_").expect("the REST trait registers");
    p::register_fin_posts_api::<OwnHelpdesk>(&mut api, "posts_")
        .expect("the POST-only trait registers");
    let helpdesk = Arc::new(Helpdesk {
        store: Mutex::new(Store::default()),
        broken,
    });
    let config = dropshot::ConfigDropshot {
        bind_address: "127.0.0.1:0".parse().expect("an address"),
        ..Default::default()
    };
    let log = slog::Logger::root(slog::Discard, slog::o!());
    let server = dropshot::ServerBuilder::new(api, helpdesk, log)
        .config(config)
        .start()
        .expect("the helpdesk starts");
    let url = format!("http://{}", server.local_addr());
    (server, url)
}

pub struct Helpdesk {
    store: Mutex<Store>,
    broken: Broken,
}

impl Helpdesk {
    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        // A panic while holding the lock leaves plain data behind: still usable.
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

// ---------------------------------------------------------------------------------------
// The helpdesk's own data and rules, shared by both variants.

#[derive(Debug, Clone)]
struct User {
    id: String,
    name: Option<String>,
    email: Option<String>,
    attributes: Map<String, Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Open,
    Resolved,
    Closed,
    Ended,
}

#[derive(Debug, Clone)]
struct Conversation {
    id: String,
    user: String,
    title: Option<String>,
    tags: Vec<String>,
    attributes: Map<String, Value>,
    status: Status,
    assignee: Option<String>,
    created_at: String,
}

#[derive(Debug, Clone)]
struct File {
    url: String,
    filetype: Option<String>,
    filename: Option<String>,
}

#[derive(Debug, Clone)]
struct Message {
    id: String,
    conversation: String,
    body: Option<String>,
    author: String,
    by_agent: bool,
    private: bool,
    created_at: String,
    files: Vec<File>,
}

/// A message as either variant's request gives it.
struct NewMessage {
    object_id: Option<String>,
    body: Option<String>,
    author: Option<(String, bool)>,
    private: bool,
    files: Vec<File>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    User,
    Conversation,
    Message,
}

#[derive(Default)]
struct Store {
    users: Vec<User>,
    conversations: Vec<Conversation>,
    /// In creation order.
    messages: Vec<Message>,
    /// `object_id` → what was created for it.
    created: HashMap<(Kind, String), String>,
    next: u64,
}

/// Why a request is refused, before each variant words it.
enum Refusal {
    Unauthorized,
    NotFound(String),
    Invalid(String),
}

type Done<T> = Result<T, Refusal>;

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Store {
    fn id(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}_{}", self.next)
    }

    /// What an earlier create with this `object_id` made: a retry gets it back.
    fn replay(&self, kind: Kind, object_id: &Option<String>) -> Option<String> {
        object_id
            .as_ref()
            .and_then(|key| self.created.get(&(kind, key.clone())).cloned())
    }

    fn remember(&mut self, kind: Kind, object_id: Option<String>, id: &str) {
        if let Some(key) = object_id {
            self.created.insert((kind, key), id.to_string());
        }
    }

    fn user(&self, id: &str) -> Done<User> {
        self.users
            .iter()
            .find(|user| user.id == id)
            .cloned()
            .ok_or_else(|| Refusal::NotFound(format!("no user {id}")))
    }

    fn conversation(&self, id: &str) -> Done<Conversation> {
        self.conversations
            .iter()
            .find(|conversation| conversation.id == id)
            .cloned()
            .ok_or_else(|| Refusal::NotFound(format!("no conversation {id}")))
    }

    fn message(&self, id: &str) -> Done<Message> {
        self.messages
            .iter()
            .find(|message| message.id == id)
            .cloned()
            .ok_or_else(|| Refusal::NotFound(format!("no message {id}")))
    }

    fn create_user(
        &mut self,
        object_id: Option<String>,
        name: Option<String>,
        email: Option<String>,
    ) -> Done<User> {
        if let Some(id) = self.replay(Kind::User, &object_id) {
            return self.user(&id);
        }
        let user = User {
            id: self.id("user"),
            name,
            email,
            attributes: Map::new(),
        };
        self.remember(Kind::User, object_id, &user.id);
        self.users.push(user.clone());
        Ok(user)
    }

    fn update_user(&mut self, id: &str, attributes: Map<String, Value>) -> Done<User> {
        let user = self
            .users
            .iter_mut()
            .find(|user| user.id == id)
            .ok_or_else(|| Refusal::NotFound(format!("no user {id}")))?;
        user.attributes.extend(attributes);
        Ok(user.clone())
    }

    fn create_conversation(
        &mut self,
        object_id: Option<String>,
        user: &str,
        title: Option<String>,
        attributes: Map<String, Value>,
        first: NewMessage,
    ) -> Done<(Conversation, Message)> {
        if let Some(id) = self.replay(Kind::Conversation, &object_id) {
            let conversation = self.conversation(&id)?;
            let first = self
                .messages
                .iter()
                .find(|message| message.conversation == id)
                .cloned()
                .ok_or_else(|| Refusal::NotFound(format!("no first message in {id}")))?;
            return Ok((conversation, first));
        }
        self.user(user)?;
        check_message(&first)?;
        let conversation = Conversation {
            id: self.id("conv"),
            user: user.to_string(),
            title,
            tags: Vec::new(),
            attributes,
            status: Status::Open,
            assignee: None,
            created_at: now(),
        };
        self.remember(Kind::Conversation, object_id, &conversation.id);
        self.conversations.push(conversation.clone());
        let message = self.create_message(&conversation.id, first)?;
        Ok((conversation, message))
    }

    fn create_message(&mut self, conversation: &str, new: NewMessage) -> Done<Message> {
        if let Some(id) = self.replay(Kind::Message, &new.object_id) {
            return self.message(&id);
        }
        self.conversation(conversation)?;
        check_message(&new)?;
        let Some((author, by_agent)) = new.author else {
            return Err(Refusal::Invalid("a message needs an author".into()));
        };
        let message = Message {
            id: self.id("msg"),
            conversation: conversation.to_string(),
            body: new.body,
            author,
            by_agent,
            private: new.private,
            created_at: now(),
            files: new.files,
        };
        self.remember(Kind::Message, new.object_id, &message.id);
        self.messages.push(message.clone());
        Ok(message)
    }

    fn messages(&self, conversation: &str, after: Option<&str>) -> Done<Vec<Message>> {
        self.conversation(conversation)?;
        let all: Vec<Message> = self
            .messages
            .iter()
            .filter(|message| message.conversation == conversation)
            .cloned()
            .collect();
        // An unknown after_id lists everything: Fin ignores what it already has.
        let start = after
            .and_then(|after| all.iter().position(|message| message.id == after))
            .map_or(0, |position| position + 1);
        Ok(all[start..].to_vec())
    }
}

/// A message is never empty, and its files are served over https (Fin's docs).
fn check_message(message: &NewMessage) -> Done<()> {
    let has_body = message
        .body
        .as_deref()
        .is_some_and(|body| !body.trim().is_empty());
    if !has_body && message.files.is_empty() {
        return Err(Refusal::Invalid(
            "a message needs a body or an attachment".into(),
        ));
    }
    if let Some(file) = message
        .files
        .iter()
        .find(|file| !file.url.starts_with("https://"))
    {
        return Err(Refusal::Invalid(format!(
            "attachment {} is not served over https",
            file.url
        )));
    }
    Ok(())
}

/// The conversation after Fin's update. The published type gives `assignee_id` as a
/// nullable string, so `null` and a field left out are both `None`: Fin sends `null` to
/// hand over, so `None` unassigns.
fn update(
    conversation: &mut Conversation,
    title: Option<String>,
    tags: Option<Vec<String>>,
    attributes: Option<Map<String, Value>>,
    status: Option<Status>,
    assignee: Option<String>,
    broken: Broken,
) {
    if let Some(title) = title {
        conversation.title = Some(title);
    }
    if let Some(tags) = tags {
        conversation.tags = tags;
    }
    if let Some(attributes) = attributes {
        conversation.attributes.extend(attributes);
    }
    if let Some(status) = status {
        conversation.status = status;
    }
    match assignee {
        Some(agent) => conversation.assignee = Some(agent),
        None if broken == Broken::Handover => {}
        None => conversation.assignee = None,
    }
}

fn authorize<C>(rqctx: &RequestContext<C>) -> Done<()>
where
    C: dropshot::ServerContext,
{
    let given = rqctx
        .request
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok());
    if given == Some(&format!("Bearer {TOKEN}")[..]) {
        Ok(())
    } else {
        Err(Refusal::Unauthorized)
    }
}

impl Refusal {
    fn status(&self) -> ErrorStatusCode {
        match self {
            Refusal::Unauthorized => ErrorStatusCode::UNAUTHORIZED,
            Refusal::NotFound(_) => ErrorStatusCode::NOT_FOUND,
            Refusal::Invalid(_) => ErrorStatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    fn message(&self) -> String {
        match self {
            Refusal::Unauthorized => "missing or unknown token".to_string(),
            Refusal::NotFound(what) | Refusal::Invalid(what) => what.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Errors, in this helpdesk's own shapes.

/// REST errors: `{"code": "not_found", "message": "no user user_9"}`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RestError {
    code: String,
    message: String,
    #[serde(skip)]
    status: ErrorStatusCode,
}

impl From<Refusal> for RestError {
    fn from(refusal: Refusal) -> Self {
        let code = match refusal {
            Refusal::Unauthorized => "unauthorized",
            Refusal::NotFound(_) => "not_found",
            Refusal::Invalid(_) => "invalid",
        };
        RestError {
            code: code.to_string(),
            message: refusal.message(),
            status: refusal.status(),
        }
    }
}

/// dropshot's own refusals (a body that is not JSON, say), in this helpdesk's shape.
impl From<HttpError> for RestError {
    fn from(error: HttpError) -> Self {
        RestError {
            code: "bad_request".to_string(),
            message: error.external_message,
            status: error.status_code,
        }
    }
}

impl std::fmt::Display for RestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl dropshot::HttpResponseError for RestError {
    fn status_code(&self) -> ErrorStatusCode {
        self.status
    }
}

/// POST-only errors: `{"error": {"title": "Not Found", "status": 404, "detail": "…"}}`,
/// the published `Error` in the envelope, without `data` or a problem `type`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PostsError {
    error: p::Error,
    #[serde(skip)]
    status: ErrorStatusCode,
}

impl PostsError {
    fn new(status: ErrorStatusCode, detail: String) -> Self {
        let title = status.as_status().canonical_reason().unwrap_or("Error");
        PostsError {
            error: p::Error {
                type_: None,
                title: Some(title.to_string()),
                status: Some(i64::from(status.as_u16())),
                detail: Some(detail),
                instance: None,
            },
            status,
        }
    }
}

impl From<Refusal> for PostsError {
    fn from(refusal: Refusal) -> Self {
        PostsError::new(refusal.status(), refusal.message())
    }
}

impl From<HttpError> for PostsError {
    fn from(error: HttpError) -> Self {
        PostsError::new(error.status_code, error.external_message)
    }
}

impl std::fmt::Display for PostsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.status.as_u16())
    }
}

impl dropshot::HttpResponseError for PostsError {
    fn status_code(&self) -> ErrorStatusCode {
        self.status
    }
}

// ---------------------------------------------------------------------------------------
// The REST variant.

pub enum OwnHelpdesk {}

fn required(value: Option<String>, field: &str) -> Done<String> {
    value.ok_or_else(|| Refusal::Invalid(format!("`{field}` is required")))
}

fn rest_user(user: User) -> r::EndUser {
    let mut out = r::EndUser::new(user.id, r::EndUserUserType::EndUser);
    out.name = user.name;
    out.email = user.email;
    out.attributes = Some(user.attributes);
    out
}

fn rest_agent(id: &str) -> r::Agent {
    r::Agent {
        id: Some(id.to_string()),
        user_type: Some(r::AgentUserType::Agent),
        name: Some("Fin".to_string()),
        email: Some("fin@example.com".to_string()),
        ..r::Agent::default()
    }
}

fn rest_status(status: Status) -> r::ConversationStatus {
    match status {
        Status::Open => r::ConversationStatus::Open,
        Status::Resolved => r::ConversationStatus::Resolved,
        Status::Closed => r::ConversationStatus::Closed,
        Status::Ended => r::ConversationStatus::Ended,
    }
}

fn rest_conversation(store: &Store, conversation: Conversation) -> Done<r::Conversation> {
    let user = rest_user(store.user(&conversation.user)?);
    let mut out = r::Conversation::new(conversation.id, rest_status(conversation.status), user);
    out.title = conversation.title;
    out.tags = Some(conversation.tags);
    out.attributes = Some(conversation.attributes);
    out.assignee = conversation.assignee.as_deref().map(rest_agent);
    out.created_at = Some(conversation.created_at);
    Ok(out)
}

fn rest_message(store: &Store, message: Message) -> Done<r::Message> {
    let author = if message.by_agent {
        r::MessageAuthor::Agent(rest_agent(&message.author))
    } else {
        r::MessageAuthor::EndUser(rest_user(store.user(&message.author)?))
    };
    let visibility = if message.private {
        r::MessageVisibility::Private
    } else {
        r::MessageVisibility::Public
    };
    let mut out = r::Message::new(
        message.id,
        message.conversation,
        r::MessageMessageType::Comment,
        // REST gives every message a body: an attachment-only one has an empty one.
        message.body.unwrap_or_default(),
        author,
        visibility,
        message.created_at,
    );
    out.attachments = Some(
        message
            .files
            .into_iter()
            .map(|file| r::Attachment {
                url: Some(file.url),
                filetype: file.filetype,
                filename: file.filename,
            })
            .collect(),
    );
    Ok(out)
}

fn rest_new_message(
    object_id: Option<String>,
    body: Option<String>,
    author: Option<r::AuthorReference>,
    private: bool,
    attachments: Option<Vec<r::Attachment>>,
) -> NewMessage {
    NewMessage {
        object_id,
        body,
        author: author.and_then(|author| {
            let agent = author.user_type == Some(r::AuthorReferenceUserType::Agent);
            author.id.map(|id| (id, agent))
        }),
        private,
        files: attachments
            .unwrap_or_default()
            .into_iter()
            .map(|file| File {
                // A file without a URL is refused as not https.
                url: file.url.unwrap_or_default(),
                filetype: file.filetype,
                filename: file.filename,
            })
            .collect(),
    }
}

impl r::FinRestApi for OwnHelpdesk {
    type Context = Arc<Helpdesk>;

    async fn get_user(
        rqctx: RequestContext<Self::Context>,
        query: dropshot::Query<r::GetUserQuery>,
        _headers: Header<r::RequestHeaders>,
    ) -> Result<HttpResponseOk<r::EndUser>, RestError> {
        authorize(&rqctx)?;
        let id = required(query.into_inner().user_id, "user_id")?;
        let user = rqctx.context().store().user(&id)?;
        Ok(HttpResponseOk(rest_user(user)))
    }

    async fn update_user(
        rqctx: RequestContext<Self::Context>,
        _headers: Header<r::RequestHeaders>,
        body: TypedBody<r::UpdateUserRequest>,
    ) -> Result<HttpResponseOk<r::EndUser>, RestError> {
        authorize(&rqctx)?;
        let body = body.into_inner();
        let id = required(body.user_id, "user_id")?;
        let mut store = rqctx.context().store();
        let user = store.update_user(&id, body.attributes.unwrap_or_default())?;
        Ok(HttpResponseOk(rest_user(user)))
    }

    async fn create_user(
        rqctx: RequestContext<Self::Context>,
        _headers: Header<r::RequestHeaders>,
        body: TypedBody<r::CreateUserRequest>,
    ) -> Result<HttpResponseCreated<r::EndUser>, RestError> {
        authorize(&rqctx)?;
        let body = body.into_inner();
        let mut store = rqctx.context().store();
        let user = store.create_user(body.object_id, body.name, body.email)?;
        Ok(HttpResponseCreated(rest_user(user)))
    }

    async fn get_agents(
        rqctx: RequestContext<Self::Context>,
        _headers: Header<r::RequestHeaders>,
    ) -> Result<HttpResponseOk<Vec<r::Agent>>, RestError> {
        authorize(&rqctx)?;
        Ok(HttpResponseOk(vec![rest_agent(FIN_AGENT)]))
    }

    async fn get_conversation(
        rqctx: RequestContext<Self::Context>,
        query: dropshot::Query<r::GetConversationQuery>,
        _headers: Header<r::RequestHeaders>,
    ) -> Result<HttpResponseOk<r::Conversation>, RestError> {
        authorize(&rqctx)?;
        let id = required(query.into_inner().conversation_id, "conversation_id")?;
        let store = rqctx.context().store();
        let conversation = store.conversation(&id)?;
        Ok(HttpResponseOk(rest_conversation(&store, conversation)?))
    }

    async fn update_conversation(
        rqctx: RequestContext<Self::Context>,
        _headers: Header<r::RequestHeaders>,
        body: TypedBody<r::UpdateConversationRequest>,
    ) -> Result<HttpResponseOk<r::Conversation>, RestError> {
        authorize(&rqctx)?;
        let body = body.into_inner();
        let id = required(body.conversation_id, "conversation_id")?;
        let status = body.status.map(|status| match status {
            r::UpdateConversationRequestStatus::Open => Status::Open,
            r::UpdateConversationRequestStatus::Resolved => Status::Resolved,
            r::UpdateConversationRequestStatus::Closed => Status::Closed,
            r::UpdateConversationRequestStatus::Ended => Status::Ended,
        });
        let broken = rqctx.context().broken;
        let mut store = rqctx.context().store();
        let conversation = store
            .conversations
            .iter_mut()
            .find(|conversation| conversation.id == id)
            .ok_or_else(|| Refusal::NotFound(format!("no conversation {id}")))?;
        update(
            conversation,
            body.title,
            body.tags,
            body.attributes,
            status,
            body.assignee_id,
            broken,
        );
        let conversation = conversation.clone();
        Ok(HttpResponseOk(rest_conversation(&store, conversation)?))
    }

    async fn create_conversation(
        rqctx: RequestContext<Self::Context>,
        _headers: Header<r::RequestHeaders>,
        body: TypedBody<r::CreateConversationRequest>,
    ) -> Result<HttpResponseCreated<r::CreateConversationResponse>, RestError> {
        authorize(&rqctx)?;
        let body = body.into_inner();
        let user = required(body.user_id, "user_id")?;
        let first = body
            .initial_message
            .ok_or_else(|| Refusal::Invalid("`initial_message` is required".into()))?;
        let private =
            first.visibility == Some(r::CreateConversationRequestInitialMessageVisibility::Private);
        let first = rest_new_message(
            first.object_id,
            first.body,
            first.author,
            private,
            first.attachments,
        );
        let mut store = rqctx.context().store();
        let (conversation, message) =
            store.create_conversation(body.object_id, &user, body.title, Map::new(), first)?;
        Ok(HttpResponseCreated(r::CreateConversationResponse {
            conversation: Some(rest_conversation(&store, conversation)?),
            message: Some(rest_message(&store, message)?),
        }))
    }

    async fn get_messages(
        rqctx: RequestContext<Self::Context>,
        query: dropshot::Query<r::GetMessagesQuery>,
        _headers: Header<r::RequestHeaders>,
    ) -> Result<HttpResponseOk<Vec<r::Message>>, RestError> {
        authorize(&rqctx)?;
        let query = query.into_inner();
        let id = required(query.conversation_id, "conversation_id")?;
        let after = match rqctx.context().broken {
            Broken::AfterId => None,
            _ => query.after_id,
        };
        let store = rqctx.context().store();
        let messages = store.messages(&id, after.as_deref())?;
        let messages = messages
            .into_iter()
            .map(|message| rest_message(&store, message))
            .collect::<Done<Vec<_>>>()?;
        Ok(HttpResponseOk(messages))
    }

    async fn create_message(
        rqctx: RequestContext<Self::Context>,
        _headers: Header<r::RequestHeaders>,
        body: TypedBody<r::CreateMessageRequest>,
    ) -> Result<HttpResponseCreated<r::Message>, RestError> {
        authorize(&rqctx)?;
        let body = body.into_inner();
        let conversation = required(body.conversation_id, "conversation_id")?;
        let private = body.visibility == Some(r::CreateMessageRequestVisibility::Private);
        let new = rest_new_message(
            body.object_id,
            body.body,
            body.author,
            private,
            body.attachments,
        );
        let mut store = rqctx.context().store();
        let message = store.create_message(&conversation, new)?;
        Ok(HttpResponseCreated(rest_message(&store, message)?))
    }
}

// ---------------------------------------------------------------------------------------
// The POST-only variant: the same store, answers in `{data, error}`.

fn posts_user(user: User) -> p::EndUser {
    let mut out = p::EndUser::new(user.id, p::EndUserUserType::EndUser);
    out.name = user.name;
    out.email = user.email;
    out.attributes = Some(user.attributes);
    out
}

fn posts_agent(id: &str) -> p::Agent {
    p::Agent::new(
        id.to_string(),
        p::AgentUserType::Agent,
        "Fin".to_string(),
        "fin@example.com".to_string(),
    )
}

fn posts_conversation(store: &Store, conversation: Conversation) -> Done<p::Conversation> {
    let user = posts_user(store.user(&conversation.user)?);
    let status = match conversation.status {
        Status::Open => p::ConversationStatus::Open,
        Status::Resolved => p::ConversationStatus::Resolved,
        Status::Closed => p::ConversationStatus::Closed,
        Status::Ended => p::ConversationStatus::Ended,
    };
    let mut out = p::Conversation::new(conversation.id, status, user);
    out.title = conversation.title;
    out.tags = Some(conversation.tags);
    out.attributes = Some(conversation.attributes);
    out.assignee = conversation.assignee.as_deref().map(posts_agent);
    out.created_at = Some(conversation.created_at);
    Ok(out)
}

fn posts_message(store: &Store, message: Message) -> Done<p::Message> {
    let author = if message.by_agent {
        p::MessageAuthorInline::Agent(posts_agent(&message.author))
    } else {
        p::MessageAuthorInline::EndUser(posts_user(store.user(&message.author)?))
    };
    let visibility = if message.private {
        p::MessageVisibility::Private
    } else {
        p::MessageVisibility::Public
    };
    let mut out = p::Message::new(
        message.id,
        message.conversation,
        p::MessageMessageType::Comment,
        author,
        visibility,
        message.created_at,
    );
    out.body = message.body;
    out.attachments = Some(
        message
            .files
            .into_iter()
            .map(|file| p::Attachment {
                url: Some(file.url),
                filetype: file.filetype,
                filename: file.filename,
            })
            .collect(),
    );
    Ok(out)
}

fn posts_new_message(
    object_id: Option<String>,
    body: Option<String>,
    author: Option<p::MessageAuthor>,
    private: bool,
    attachments: Option<Vec<p::Attachment>>,
) -> NewMessage {
    NewMessage {
        object_id,
        body,
        author: author.and_then(|author| {
            let agent = author.user_type == Some(p::MessageAuthorUserType::Agent);
            author.id.map(|id| (id, agent))
        }),
        private,
        files: attachments
            .unwrap_or_default()
            .into_iter()
            .map(|file| File {
                url: file.url.unwrap_or_default(),
                filetype: file.filetype,
                filename: file.filename,
            })
            .collect(),
    }
}

impl p::FinPostsApi for OwnHelpdesk {
    type Context = Arc<Helpdesk>;

    async fn get_user(
        rqctx: RequestContext<Self::Context>,
        _headers: Header<p::RequestHeaders>,
        body: TypedBody<p::GetUserRequest>,
    ) -> Result<HttpResponseOk<p::EndUserResponse>, PostsError> {
        authorize(&rqctx)?;
        let id = required(body.into_inner().user_id, "user_id")?;
        let user = rqctx.context().store().user(&id)?;
        Ok(HttpResponseOk(p::EndUserResponse {
            data: Some(posts_user(user)),
            error: None,
        }))
    }

    async fn update_user(
        rqctx: RequestContext<Self::Context>,
        _headers: Header<p::RequestHeaders>,
        body: TypedBody<p::UpdateUserRequest>,
    ) -> Result<HttpResponseOk<p::EndUserResponse>, PostsError> {
        authorize(&rqctx)?;
        let body = body.into_inner();
        let id = required(body.user_id, "user_id")?;
        let mut store = rqctx.context().store();
        let user = store.update_user(&id, body.attributes.unwrap_or_default())?;
        Ok(HttpResponseOk(p::EndUserResponse {
            data: Some(posts_user(user)),
            error: None,
        }))
    }

    async fn create_user(
        rqctx: RequestContext<Self::Context>,
        _headers: Header<p::RequestHeaders>,
        body: TypedBody<p::CreateUserRequest>,
    ) -> Result<HttpResponseCreated<p::EndUserResponse>, PostsError> {
        authorize(&rqctx)?;
        let body = body.into_inner();
        let mut store = rqctx.context().store();
        let user = store.create_user(body.object_id, body.name, body.email)?;
        Ok(HttpResponseCreated(p::EndUserResponse {
            data: Some(posts_user(user)),
            error: None,
        }))
    }

    async fn get_agents(
        rqctx: RequestContext<Self::Context>,
        _headers: Header<p::RequestHeaders>,
    ) -> Result<HttpResponseOk<p::AgentListResponse>, PostsError> {
        authorize(&rqctx)?;
        Ok(HttpResponseOk(p::AgentListResponse {
            data: Some(vec![posts_agent(FIN_AGENT)]),
            error: None,
        }))
    }

    async fn get_conversation(
        rqctx: RequestContext<Self::Context>,
        _headers: Header<p::RequestHeaders>,
        body: TypedBody<p::GetConversationRequest>,
    ) -> Result<HttpResponseOk<p::ConversationResponse>, PostsError> {
        authorize(&rqctx)?;
        let id = required(body.into_inner().conversation_id, "conversation_id")?;
        let store = rqctx.context().store();
        let conversation = store.conversation(&id)?;
        Ok(HttpResponseOk(p::ConversationResponse {
            data: Some(posts_conversation(&store, conversation)?),
            error: None,
        }))
    }

    async fn update_conversation(
        rqctx: RequestContext<Self::Context>,
        _headers: Header<p::RequestHeaders>,
        body: TypedBody<p::UpdateConversationRequest>,
    ) -> Result<HttpResponseOk<p::ConversationResponse>, PostsError> {
        authorize(&rqctx)?;
        let body = body.into_inner();
        let id = required(body.conversation_id, "conversation_id")?;
        let status = body.status.map(|status| match status {
            p::UpdateConversationRequestStatus::Open => Status::Open,
            p::UpdateConversationRequestStatus::Resolved => Status::Resolved,
            p::UpdateConversationRequestStatus::Closed => Status::Closed,
            p::UpdateConversationRequestStatus::Ended => Status::Ended,
        });
        let broken = rqctx.context().broken;
        let mut store = rqctx.context().store();
        let conversation = store
            .conversations
            .iter_mut()
            .find(|conversation| conversation.id == id)
            .ok_or_else(|| Refusal::NotFound(format!("no conversation {id}")))?;
        update(
            conversation,
            body.title,
            body.tags,
            body.attributes,
            status,
            body.assignee_id,
            broken,
        );
        let conversation = conversation.clone();
        Ok(HttpResponseOk(p::ConversationResponse {
            data: Some(posts_conversation(&store, conversation)?),
            error: None,
        }))
    }

    async fn create_conversation(
        rqctx: RequestContext<Self::Context>,
        _headers: Header<p::RequestHeaders>,
        body: TypedBody<p::CreateConversationRequest>,
    ) -> Result<HttpResponseCreated<p::CreateConversationResponse>, PostsError> {
        authorize(&rqctx)?;
        let body = body.into_inner();
        let user = body
            .user
            .and_then(|user| user.id)
            .ok_or_else(|| Refusal::Invalid("`user.id` is required".into()))?;
        let first = body
            .initial_message
            .ok_or_else(|| Refusal::Invalid("`initial_message` is required".into()))?;
        let private = first.visibility == Some(p::MessageInputVisibility::Private);
        let first = posts_new_message(
            first.object_id,
            first.body,
            first.author,
            private,
            first.attachments,
        );
        let mut store = rqctx.context().store();
        let (conversation, message) = store.create_conversation(
            body.object_id,
            &user,
            body.title,
            body.attributes.unwrap_or_default(),
            first,
        )?;
        Ok(HttpResponseCreated(p::CreateConversationResponse {
            data: Some(p::CreateConversationResponseData {
                conversation: Some(posts_conversation(&store, conversation)?),
                message: Some(posts_message(&store, message)?),
            }),
            error: None,
        }))
    }

    async fn get_messages(
        rqctx: RequestContext<Self::Context>,
        _headers: Header<p::RequestHeaders>,
        body: TypedBody<p::GetMessagesRequest>,
    ) -> Result<HttpResponseOk<p::MessageListResponse>, PostsError> {
        authorize(&rqctx)?;
        let body = body.into_inner();
        let id = required(body.conversation_id, "conversation_id")?;
        let after = match rqctx.context().broken {
            Broken::AfterId => None,
            _ => body.after_id,
        };
        let store = rqctx.context().store();
        let messages = store.messages(&id, after.as_deref())?;
        let messages = messages
            .into_iter()
            .map(|message| posts_message(&store, message))
            .collect::<Done<Vec<_>>>()?;
        Ok(HttpResponseOk(p::MessageListResponse {
            data: Some(messages),
            error: None,
        }))
    }

    async fn create_message(
        rqctx: RequestContext<Self::Context>,
        _headers: Header<p::RequestHeaders>,
        body: TypedBody<p::CreateMessageRequest>,
    ) -> Result<HttpResponseCreated<p::MessageResponse>, PostsError> {
        authorize(&rqctx)?;
        let body = body.into_inner();
        let conversation = required(body.conversation_id, "conversation_id")?;
        let private = body.visibility == Some(p::CreateMessageRequestVisibility::Private);
        let new = posts_new_message(
            body.object_id,
            body.body,
            body.author,
            private,
            body.attachments,
        );
        let mut store = rqctx.context().store();
        let message = store.create_message(&conversation, new)?;
        Ok(HttpResponseCreated(p::MessageResponse {
            data: Some(posts_message(&store, message)?),
            error: None,
        }))
    }
}
