//! Requests the generated clients will not send (no token, a wrong signature, an empty
//! message, a plain-http attachment), built by hand with reqwest. They go to the same
//! routes and are signed by the same [`Credentials::apply`] as the typed calls, so each
//! differs from a good request only in what the check is about.

use crate::client::{Credentials, Exchange};
use crate::variant::Variant;
use serde_json::Value;

/// An operation of the contract, with its route in each variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    GetAgents,
    GetUser,
    UpdateUser,
    GetConversation,
    UpdateConversation,
    GetMessages,
    CreateMessage,
}

impl Op {
    pub const ALL: [Op; 7] = [
        Op::GetAgents,
        Op::GetUser,
        Op::UpdateUser,
        Op::GetConversation,
        Op::UpdateConversation,
        Op::GetMessages,
        Op::CreateMessage,
    ];

    /// The generated client's name for it (what the recorder stores).
    pub fn name(self) -> &'static str {
        match self {
            Op::GetAgents => "get_agents",
            Op::GetUser => "get_user",
            Op::UpdateUser => "update_user",
            Op::GetConversation => "get_conversation",
            Op::UpdateConversation => "update_conversation",
            Op::GetMessages => "get_messages",
            Op::CreateMessage => "create_message",
        }
    }

    pub fn route(self, variant: Variant) -> (http::Method, &'static str) {
        use http::Method;
        match variant {
            Variant::Rest => match self {
                Op::GetAgents => (Method::GET, "/agents"),
                Op::GetUser => (Method::GET, "/user"),
                Op::UpdateUser => (Method::PUT, "/user"),
                Op::GetConversation => (Method::GET, "/conversation"),
                Op::UpdateConversation => (Method::PUT, "/conversation"),
                Op::GetMessages => (Method::GET, "/messages"),
                Op::CreateMessage => (Method::POST, "/messages"),
            },
            Variant::Posts => (
                Method::POST,
                match self {
                    Op::GetAgents => "/get_agents",
                    Op::GetUser => "/get_user",
                    Op::UpdateUser => "/update_user",
                    Op::GetConversation => "/get_conversation",
                    Op::UpdateConversation => "/update_conversation",
                    Op::GetMessages => "/get_messages",
                    Op::CreateMessage => "/create_message",
                },
            ),
        }
    }
}

pub struct Raw {
    pub http: reqwest::Client,
    pub base_url: String,
}

impl Raw {
    /// Sends `op` with `payload` (the fields of the request: the query of a REST GET, the
    /// JSON body otherwise; `Value::Null` for no body) and reads the whole answer.
    pub async fn send(
        &self,
        variant: Variant,
        op: Op,
        payload: &Value,
        credentials: &Credentials,
    ) -> Result<Exchange, String> {
        let (method, path) = op.route(variant);
        let mut url = url::Url::parse(&format!("{}{path}", self.base_url))
            .map_err(|error| format!("bad base URL: {error}"))?;
        let mut builder;
        if method == http::Method::GET {
            if let Some(fields) = payload.as_object() {
                let mut query = url.query_pairs_mut();
                for (name, value) in fields {
                    match value {
                        Value::String(text) => query.append_pair(name, text),
                        other => query.append_pair(name, &other.to_string()),
                    };
                }
            }
            builder = self.http.request(method.clone(), url.clone());
        } else {
            builder = self.http.request(method.clone(), url.clone());
            if !payload.is_null() {
                builder = builder.json(payload);
            }
        }
        builder = builder.header(http::header::ACCEPT, "application/json");
        let mut request = builder
            .build()
            .map_err(|error| format!("cannot build the request: {error}"))?;
        credentials.apply(&mut request)?;
        let response = self
            .http
            .execute(request)
            .await
            .map_err(|error| format!("{} {path}: no answer: {error}", method.as_str()))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|error| format!("{} {path}: cannot read the answer: {error}", method))?;
        Ok(Exchange {
            operation_id: op.name().to_string(),
            method,
            url,
            status,
            headers,
            body: body.to_vec(),
        })
    }
}
