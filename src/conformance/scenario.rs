//! What the checker asks of one variant, in the order Fin would: pick the agent, create
//! and update a user, open a conversation, reply as Fin, read the messages back, hand over
//! to a human; every create repeated for idempotency; then the requests a helpdesk must
//! refuse. Each check states the rule it applies, so a failure says what is wrong.

use super::driver::{
    Call, ConversationUpdate, ConversationView, Driver, Failure, MessageView, NewConversation,
    NewMessage, NewUser, UserType, UserView, now,
};
use super::raw::{Op, Raw};
use super::report::{Outcome, Report};
use super::schema::{Contract, excerpt};
use crate::auth::Secret;
use crate::auth::signature::SigningKey;
use crate::client::{Credentials, Exchange, Recorder};
use crate::contract::Variant;
use crate::tristate::Tristate;
use serde_json::{Map, Value, json};

/// Everything one variant's run needs.
pub struct Session<'a> {
    pub variant: Variant,
    pub report: &'a mut Report,
    pub contract: Contract,
    pub raw: &'a Raw,
    /// Token and signing key, without a recorder: for the hand-built requests.
    pub credentials: Credentials,
    /// `conformance-<timestamp>-<variant>`: starts every name and object_id created.
    pub prefix: String,
    /// `--agent-id`, when given.
    pub agent_id: Option<String>,
}

type Rule = Result<String, String>;

impl Session<'_> {
    /// Records a check: its own rules, then the contract of every answer since the last.
    fn record(&mut self, recorder: &Recorder, name: &str, result: Rule) {
        let problems: Vec<String> = recorder
            .drain()
            .iter()
            .flat_map(|exchange| self.contract_problems(exchange))
            .collect();
        self.add(name, result, problems);
    }

    fn contract_problems(&self, exchange: &Exchange) -> Vec<String> {
        let mut problems = self.contract.check(
            &exchange.operation_id,
            exchange.status.as_u16(),
            &exchange.body,
        );
        let json = exchange
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/json"));
        if !json {
            problems.push(format!(
                "{} {} is not sent as application/json",
                exchange.operation_id, exchange.status
            ));
        }
        problems
    }

    fn add(&mut self, name: &str, result: Rule, problems: Vec<String>) {
        let (outcome, detail) = match result {
            Ok(detail) if problems.is_empty() => (Outcome::Passed, detail),
            Ok(_) => (Outcome::Failed, problems.join("; ")),
            Err(rule) if problems.is_empty() => (Outcome::Failed, rule),
            Err(rule) => (Outcome::Failed, format!("{rule}; {}", problems.join("; "))),
        };
        self.report.add(self.variant.name(), name, outcome, detail);
    }

    fn skip(&mut self, name: &str, why: &str) {
        self.report.add(
            self.variant.name(),
            name,
            Outcome::Skipped,
            format!("not run: {why}"),
        );
    }

    /// A hand-built request that must be refused with `want`.
    async fn refused(
        &mut self,
        name: &str,
        op: Op,
        payload: Value,
        credentials: &Credentials,
        want: u16,
        rule: &str,
    ) -> Option<Exchange> {
        let sent = self.raw.send(self.variant, op, &payload, credentials).await;
        match sent {
            Ok(exchange) => {
                let status = exchange.status.as_u16();
                let result = if status == want {
                    Ok(format!("{} answered {status}", op.name()))
                } else {
                    Err(format!(
                        "{rule}: {} answered {status}, expected {want}: {}",
                        op.name(),
                        excerpt(&exchange.body)
                    ))
                };
                let problems = self.contract_problems(&exchange);
                self.add(name, result, problems);
                Some(exchange)
            }
            Err(error) => {
                self.add(name, Err(error), Vec::new());
                None
            }
        }
    }
}

fn describe(op: &str, failure: &Failure, recorder: &Recorder) -> String {
    match failure {
        Failure::Status(status) => {
            let body = recorder
                .last()
                .map(|exchange| excerpt(&exchange.body))
                .unwrap_or_default();
            format!("{op} answered {status}: {body}")
        }
        Failure::Other(text) => format!("{op}: {text}"),
    }
}

fn expect_status(op: &str, got: u16, want: u16) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{op} must answer {want}, answered {got}"))
    }
}

fn expect_eq<T: PartialEq + std::fmt::Debug>(rule: &str, got: &T, want: &T) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{rule}: expected {want:?}, got {got:?}"))
    }
}

/// A typed call that must be refused with `want`.
fn expect_refusal<T>(op: &str, call: &Call<T>, want: u16, rule: &str, recorder: &Recorder) -> Rule {
    match call {
        Err(Failure::Status(status)) if *status == want => Ok(format!("{op} answered {want}")),
        Err(failure) => Err(format!(
            "{rule}: expected {want}; {}",
            describe(op, failure, recorder)
        )),
        Ok(reply) => Err(format!(
            "{rule}: {op} answered {}, expected {want}",
            reply.status
        )),
    }
}

/// Runs every check of one variant.
pub async fn run<D: Driver>(session: &mut Session<'_>, driver: &D) {
    let recorder = driver.recorder();
    let agent = agents(session, driver).await;
    let user = users(session, driver).await;
    let conversation = match &user {
        Some(user) => conversations(session, driver, user, agent.as_deref()).await,
        None => {
            for name in [
                "create_conversation",
                "create_conversation/idempotent",
                "create_conversation/conflict",
                "get_conversation",
            ] {
                session.skip(name, "needs the user that create_user failed to make");
            }
            None
        }
    };
    if let (Some(user), Some((conversation, first))) = (&user, &conversation) {
        messages(session, driver, user, conversation, first, agent.as_deref()).await;
        handover(session, driver, conversation, agent.as_deref()).await;
    }
    recorder.drain();
    refusals(
        session,
        user.as_ref(),
        conversation.as_ref().map(|(c, _)| c),
    )
    .await;
}

async fn agents<D: Driver>(session: &mut Session<'_>, driver: &D) -> Option<String> {
    let recorder = driver.recorder();
    let given = session.agent_id.clone();
    let call = driver.get_agents().await;
    let (result, chosen) = match &call {
        Ok(reply) => {
            let ids: Vec<String> = reply.value.iter().filter_map(|a| a.id.clone()).collect();
            let chosen = match &given {
                Some(id) if ids.contains(id) => Ok(id.clone()),
                Some(id) => Err(format!(
                    "get_agents does not list agent `{id}` (--agent-id); Fin picks its agent from this list"
                )),
                None => ids.first().cloned().ok_or_else(|| {
                    "get_agents listed no agent with an id; Fin needs one to author its replies"
                        .to_string()
                }),
            };
            let result = expect_status("get_agents", reply.status, 200).and_then(|()| {
                chosen
                    .clone()
                    .map(|id| format!("{} agents; Fin replies as `{id}`", ids.len()))
            });
            (result, chosen.ok().or(given))
        }
        Err(failure) => (Err(describe("get_agents", failure, recorder)), given),
    };
    session.record(recorder, "get_agents", result);
    chosen
}

async fn users<D: Driver>(session: &mut Session<'_>, driver: &D) -> Option<UserView> {
    let recorder = driver.recorder();
    let prefix = session.prefix.clone();
    let new_user = NewUser {
        object_id: format!("{prefix}-user"),
        name: format!("{prefix} user"),
        email: format!("{prefix}-user@example.com"),
    };
    let first = driver.create_user(&new_user).await;
    let (user, first_status) = match first {
        Ok(reply) => {
            let result = expect_status("create_user", reply.status, 201)
                .and_then(|()| {
                    expect_eq(
                        "create_user must store the name sent",
                        &reply.value.name,
                        &Some(new_user.name.clone()),
                    )
                })
                .and_then(|()| {
                    expect_eq(
                        "create_user must store the email sent",
                        &reply.value.email,
                        &Some(new_user.email.clone()),
                    )
                })
                .map(|()| format!("user `{}`", reply.value.id));
            session.record(recorder, "create_user", result);
            (reply.value, reply.status)
        }
        Err(failure) => {
            let detail = describe("create_user", &failure, recorder);
            session.record(recorder, "create_user", Err(detail));
            for name in [
                "create_user/idempotent",
                "create_user/conflict",
                "get_user",
                "update_user/merge",
                "get_user/after_update",
            ] {
                session.skip(name, "create_user failed");
            }
            return None;
        }
    };

    let again = driver.create_user(&new_user).await;
    let result = match again {
        Ok(reply) if reply.value.id != user.id => Err(format!(
            "create_user is not idempotent on object_id: second call returned `{}`, first `{}`",
            reply.value.id, user.id
        )),
        Ok(reply) if reply.status != first_status => Err(format!(
            "create_user repeated with the same object_id must answer as the first call: {} then {}",
            first_status, reply.status
        )),
        Ok(reply) => Ok(format!("same user `{}`, {}", user.id, reply.status)),
        Err(failure) => Err(format!(
            "create_user is not idempotent on object_id: {}",
            describe("the repeat", &failure, recorder)
        )),
    };
    session.record(recorder, "create_user/idempotent", result);

    let changed = NewUser {
        name: format!("{} (changed)", new_user.name),
        ..new_user.clone()
    };
    let call = driver.create_user(&changed).await;
    let result = expect_refusal(
        "create_user",
        &call,
        409,
        "an object_id repeated with different content must be refused",
        recorder,
    );
    session.record(recorder, "create_user/conflict", result);

    let result = match driver.get_user(&user.id).await {
        Ok(reply) => expect_status("get_user", reply.status, 200)
            .and_then(|()| {
                expect_eq(
                    "get_user must return the user asked for",
                    &reply.value.id,
                    &user.id,
                )
            })
            .and_then(|()| {
                expect_eq(
                    "get_user must return the name stored",
                    &reply.value.name,
                    &user.name,
                )
            })
            .map(|()| format!("user `{}`", user.id)),
        Err(failure) => Err(describe("get_user", &failure, recorder)),
    };
    session.record(recorder, "get_user", result);

    // Attributes merge: the second update changes one key, adds one, keeps the other.
    let first_attributes = attributes(json!({"plan": "pro", "seats": 3}));
    let second_attributes = attributes(json!({"seats": 5, "beta": true}));
    let merged = attributes(json!({"plan": "pro", "seats": 5, "beta": true}));
    let first = driver.update_user(&user.id, first_attributes).await;
    let result = match first {
        Ok(reply) => match expect_status("update_user", reply.status, 200) {
            Ok(()) => match driver.update_user(&user.id, second_attributes).await {
                Ok(reply) => expect_status("update_user", reply.status, 200)
                    .and_then(|()| {
                        contains(
                            "update_user must merge attributes",
                            &reply.value.attributes,
                            &merged,
                        )
                    })
                    .map(|()| "attributes merged".to_string()),
                Err(failure) => Err(describe("the second update_user", &failure, recorder)),
            },
            Err(rule) => Err(rule),
        },
        Err(failure) => Err(describe("update_user", &failure, recorder)),
    };
    session.record(recorder, "update_user/merge", result);

    let result = match driver.get_user(&user.id).await {
        Ok(reply) => contains(
            "get_user must show the merged attributes",
            &reply.value.attributes,
            &merged,
        )
        .map(|()| "attributes kept".to_string()),
        Err(failure) => Err(describe("get_user", &failure, recorder)),
    };
    session.record(recorder, "get_user/after_update", result);
    Some(user)
}

fn attributes(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn contains(rule: &str, got: &Map<String, Value>, want: &Map<String, Value>) -> Result<(), String> {
    let missing: Vec<String> = want
        .iter()
        .filter(|(key, value)| got.get(*key) != Some(value))
        .map(|(key, value)| format!("{key}={value}"))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{rule}: expected {} among {}",
            missing.join(", "),
            Value::Object(got.clone())
        ))
    }
}

fn end_user_message(prefix: &str, suffix: &str, user: &UserView, body: &str) -> NewMessage {
    NewMessage {
        object_id: format!("{prefix}-message-{suffix}"),
        created_at: now(),
        body: Some(body.to_string()),
        author_id: user.id.clone(),
        author_type: UserType::EndUser,
        attachments: Vec::new(),
    }
}

async fn conversations<D: Driver>(
    session: &mut Session<'_>,
    driver: &D,
    user: &UserView,
    agent: Option<&str>,
) -> Option<(ConversationView, MessageView)> {
    let _ = agent;
    let recorder = driver.recorder();
    let prefix = session.prefix.clone();
    let request = NewConversation {
        object_id: format!("{prefix}-conversation"),
        title: format!("{prefix} conversation"),
        user_id: user.id.clone(),
        user_name: user.name.clone().unwrap_or_default(),
        user_email: user.email.clone().unwrap_or_default(),
        message: end_user_message(
            &prefix,
            "1",
            user,
            "<p>conformance: the end user's first message</p>",
        ),
    };
    let (conversation, message, first_status) = match driver.create_conversation(&request).await {
        Ok(reply) => {
            let (conversation, message) = &reply.value;
            let result = expect_status("create_conversation", reply.status, 201)
                .and_then(|()| {
                    expect_eq(
                        "create_conversation must attach the conversation to the user sent",
                        &conversation.user_id,
                        &user.id,
                    )
                })
                .and_then(|()| {
                    expect_eq(
                        "create_conversation must store the title sent",
                        &conversation.title,
                        &Some(request.title.clone()),
                    )
                })
                .and_then(|()| {
                    expect_eq(
                        "the first message must belong to the new conversation",
                        &message.conversation_id,
                        &conversation.id,
                    )
                })
                .and_then(|()| {
                    expect_eq(
                        "the first message must be authored by the end user sent",
                        &(message.author_id.clone(), message.author_type),
                        &(Some(user.id.clone()), UserType::EndUser),
                    )
                })
                .map(|()| {
                    format!(
                        "conversation `{}`, message `{}`",
                        conversation.id, message.id
                    )
                });
            session.record(recorder, "create_conversation", result);
            let (conversation, message) = reply.value;
            (conversation, message, reply.status)
        }
        Err(failure) => {
            let detail = describe("create_conversation", &failure, recorder);
            session.record(recorder, "create_conversation", Err(detail));
            for name in [
                "create_conversation/idempotent",
                "create_conversation/conflict",
                "get_conversation",
            ] {
                session.skip(name, "create_conversation failed");
            }
            return None;
        }
    };

    let result = match driver.create_conversation(&request).await {
        Ok(reply) if reply.value.0.id != conversation.id => Err(format!(
            "create_conversation is not idempotent on object_id: second call returned `{}`, first `{}`",
            reply.value.0.id, conversation.id
        )),
        Ok(reply) if reply.value.1.id != message.id => Err(format!(
            "create_conversation repeated must return the first message again: `{}`, first `{}`",
            reply.value.1.id, message.id
        )),
        Ok(reply) if reply.status != first_status => Err(format!(
            "create_conversation repeated with the same object_id must answer as the first call: {} then {}",
            first_status, reply.status
        )),
        Ok(reply) => Ok(format!(
            "same conversation `{}`, {}",
            conversation.id, reply.status
        )),
        Err(failure) => Err(format!(
            "create_conversation is not idempotent on object_id: {}",
            describe("the repeat", &failure, recorder)
        )),
    };
    session.record(recorder, "create_conversation/idempotent", result);

    let changed = NewConversation {
        title: format!("{} (changed)", request.title),
        ..request.clone()
    };
    let call = driver.create_conversation(&changed).await;
    let result = expect_refusal(
        "create_conversation",
        &call,
        409,
        "an object_id repeated with different content must be refused",
        recorder,
    );
    session.record(recorder, "create_conversation/conflict", result);

    let result = match driver.get_conversation(&conversation.id).await {
        Ok(reply) => expect_status("get_conversation", reply.status, 200)
            .and_then(|()| {
                expect_eq(
                    "get_conversation must return the conversation asked for",
                    &reply.value.id,
                    &conversation.id,
                )
            })
            .and_then(|()| {
                expect_eq(
                    "get_conversation must show the conversation's user",
                    &reply.value.user_id,
                    &user.id,
                )
            })
            .and_then(|()| {
                expect_eq(
                    "get_conversation must show the title stored",
                    &reply.value.title,
                    &conversation.title,
                )
            })
            .map(|()| format!("conversation `{}`, {}", conversation.id, reply.value.status)),
        Err(failure) => Err(describe("get_conversation", &failure, recorder)),
    };
    session.record(recorder, "get_conversation", result);
    Some((conversation, message))
}

async fn messages<D: Driver>(
    session: &mut Session<'_>,
    driver: &D,
    user: &UserView,
    conversation: &ConversationView,
    first: &MessageView,
    agent: Option<&str>,
) {
    let recorder = driver.recorder();
    let prefix = session.prefix.clone();
    let mut expected = vec![first.id.clone()];

    if let Some(agent) = agent {
        let reply = NewMessage {
            object_id: format!("{prefix}-message-2"),
            created_at: now(),
            body: Some("<p>conformance: Fin's reply, with a guide attached</p>".to_string()),
            author_id: agent.to_string(),
            author_type: UserType::Agent,
            attachments: vec!["https://example.com/conformance/guide.pdf".to_string()],
        };
        match driver.create_message(&conversation.id, &reply).await {
            Ok(created) => {
                let message = &created.value;
                let result = expect_status("create_message", created.status, 201)
                    .and_then(|()| {
                        expect_eq(
                            "the message must belong to the conversation sent",
                            &message.conversation_id,
                            &conversation.id,
                        )
                    })
                    .and_then(|()| {
                        expect_eq(
                            "create_message must store the body sent",
                            &message.body,
                            &reply.body,
                        )
                    })
                    .and_then(|()| {
                        expect_eq(
                            "Fin's reply must be authored by its agent",
                            &(message.author_id.clone(), message.author_type),
                            &(Some(agent.to_string()), UserType::Agent),
                        )
                    })
                    .map(|()| format!("message `{}` by agent `{agent}`", message.id));
                session.record(recorder, "create_message/fin_reply", result);
                let id = message.id.clone();
                expected.push(id.clone());

                let result = match driver.create_message(&conversation.id, &reply).await {
                    Ok(again) if again.value.id != id => Err(format!(
                        "create_message is not idempotent on object_id: second call returned `{}`, first `{id}`",
                        again.value.id
                    )),
                    Ok(again) if again.status != created.status => Err(format!(
                        "create_message repeated with the same object_id must answer as the first call: {} then {}",
                        created.status, again.status
                    )),
                    Ok(again) => Ok(format!("same message `{id}`, {}", again.status)),
                    Err(failure) => Err(format!(
                        "create_message is not idempotent on object_id: {}",
                        describe("the repeat", &failure, recorder)
                    )),
                };
                session.record(recorder, "create_message/idempotent", result);

                let changed = NewMessage {
                    body: Some("<p>conformance: a different reply</p>".to_string()),
                    ..reply.clone()
                };
                let call = driver.create_message(&conversation.id, &changed).await;
                let result = expect_refusal(
                    "create_message",
                    &call,
                    409,
                    "an object_id repeated with different content must be refused",
                    recorder,
                );
                session.record(recorder, "create_message/conflict", result);
            }
            Err(failure) => {
                let detail = describe("create_message", &failure, recorder);
                session.record(recorder, "create_message/fin_reply", Err(detail));
                session.skip("create_message/idempotent", "create_message failed");
                session.skip("create_message/conflict", "create_message failed");
            }
        }
    } else {
        for name in [
            "create_message/fin_reply",
            "create_message/idempotent",
            "create_message/conflict",
        ] {
            session.skip(name, "no agent to author Fin's reply (get_agents)");
        }
    }

    let follow_up = end_user_message(
        &prefix,
        "3",
        user,
        "<p>conformance: the end user's follow-up</p>",
    );
    let result = match driver.create_message(&conversation.id, &follow_up).await {
        Ok(created) => {
            expected.push(created.value.id.clone());
            expect_status("create_message", created.status, 201)
                .and_then(|()| {
                    expect_eq(
                        "the end user's message must be authored by the end user",
                        &(created.value.author_id.clone(), created.value.author_type),
                        &(Some(user.id.clone()), UserType::EndUser),
                    )
                })
                .map(|()| format!("message `{}`", created.value.id))
        }
        Err(failure) => Err(describe("create_message", &failure, recorder)),
    };
    session.record(recorder, "create_message/end_user", result);

    let ids = |reply: Call<Vec<MessageView>>| -> Result<Vec<String>, String> {
        match reply {
            Ok(reply) => {
                expect_status("get_messages", reply.status, 200)?;
                Ok(reply.value.into_iter().map(|m| m.id).collect())
            }
            Err(failure) => Err(describe("get_messages", &failure, recorder)),
        }
    };
    let all = ids(driver.get_messages(&conversation.id, None).await);
    let result = all.and_then(|got| {
        expect_eq(
            "get_messages must list the conversation's messages once each, in creation order",
            &got,
            &expected,
        )
        .map(|()| format!("{} messages in order", got.len()))
    });
    session.record(recorder, "get_messages", result);

    let later = ids(driver.get_messages(&conversation.id, Some(&first.id)).await);
    let result = later.and_then(|got| {
        expect_eq(
            "get_messages with after_id must list only the later messages, in creation order",
            &got,
            &expected[1..].to_vec(),
        )
        .map(|()| format!("{} later messages", got.len()))
    });
    session.record(recorder, "get_messages/after_id", result);

    let unknown = format!("{prefix}-no-such-message");
    let all = ids(driver.get_messages(&conversation.id, Some(&unknown)).await);
    let result = all.and_then(|got| {
        expect_eq(
            "get_messages with an unknown after_id must list every message",
            &got,
            &expected,
        )
        .map(|()| format!("{} messages", got.len()))
    });
    session.record(recorder, "get_messages/unknown_after_id", result);
}

async fn handover<D: Driver>(
    session: &mut Session<'_>,
    driver: &D,
    conversation: &ConversationView,
    agent: Option<&str>,
) {
    let recorder = driver.recorder();
    let prefix = session.prefix.clone();
    let title = format!("{prefix} conversation (resolved)");
    let tags = vec!["conformance".to_string(), "pricing".to_string()];
    let update = ConversationUpdate {
        conversation_id: conversation.id.clone(),
        title: Tristate::Value(title.clone()),
        tags: Some(tags.clone()),
        status: Some("resolved"),
        assignee_id: agent.map_or(Tristate::Absent, |id| Tristate::Value(id.to_string())),
    };
    let result = match driver.update_conversation(&update).await {
        Ok(reply) => expect_status("update_conversation", reply.status, 200)
            .and_then(|()| check_updated(&reply.value, &title, &tags, "resolved"))
            .and_then(|()| match agent {
                Some(agent) => expect_eq(
                    "update_conversation must assign the agent sent in assignee_id",
                    &reply.value.assignee,
                    &Some(Some(agent.to_string())),
                ),
                None => Ok(()),
            })
            .map(|()| "title, tags, status and assignee stored".to_string()),
        Err(failure) => Err(describe("update_conversation", &failure, recorder)),
    };
    session.record(recorder, "update_conversation", result);

    // The handover: assignee_id sent as null; the title is absent and must stay.
    let update = ConversationUpdate {
        conversation_id: conversation.id.clone(),
        status: Some("open"),
        assignee_id: Tristate::Null,
        ..ConversationUpdate::default()
    };
    let result = match driver.update_conversation(&update).await {
        Ok(reply) => expect_status("update_conversation", reply.status, 200)
            .and_then(|()| check_handed_over(&reply.value, &title, &tags))
            .map(|()| "assignee cleared, title and tags kept".to_string()),
        Err(failure) => Err(describe("update_conversation", &failure, recorder)),
    };
    session.record(recorder, "update_conversation/handover", result);

    let result = match driver.get_conversation(&conversation.id).await {
        Ok(reply) => {
            check_handed_over(&reply.value, &title, &tags).map(|()| "no assignee".to_string())
        }
        Err(failure) => Err(describe("get_conversation", &failure, recorder)),
    };
    session.record(recorder, "get_conversation/after_handover", result);
}

fn check_updated(
    conversation: &ConversationView,
    title: &str,
    tags: &[String],
    status: &str,
) -> Result<(), String> {
    expect_eq(
        "update_conversation must store the title sent",
        &conversation.title.as_deref(),
        &Some(title),
    )?;
    let mut got = conversation.tags.clone();
    got.sort();
    let mut want = tags.to_vec();
    want.sort();
    expect_eq("update_conversation must store the tags sent", &got, &want)?;
    expect_eq(
        "update_conversation must store the status sent",
        &conversation.status.as_str(),
        &status,
    )
}

fn check_handed_over(
    conversation: &ConversationView,
    title: &str,
    tags: &[String],
) -> Result<(), String> {
    expect_eq(
        "assignee_id: null hands the conversation to a human: it must have no assignee",
        &conversation.assignee,
        &None,
    )?;
    // Absent fields change nothing: the title and tags of the previous update remain.
    check_updated(conversation, title, tags, "open")
        .map_err(|rule| format!("a field left out of update_conversation must not change ({rule})"))
}

/// The requests a helpdesk must refuse.
async fn refusals(
    session: &mut Session<'_>,
    user: Option<&UserView>,
    conversation: Option<&ConversationView>,
) {
    let prefix = session.prefix.clone();
    let good = session.credentials.clone();
    let variant = session.variant;

    let no_token = Credentials {
        bearer_token: None,
        ..good.clone()
    };
    let refused = session
        .refused(
            "auth/no_token",
            Op::GetAgents,
            Value::Null,
            &no_token,
            401,
            "a request without a bearer token must be refused",
        )
        .await;
    // RFC 6750 §3 asks every 401 for a Bearer challenge, in either variant.
    if let Some(exchange) = refused
        && exchange.status == http::StatusCode::UNAUTHORIZED
    {
        let challenge = exchange
            .headers
            .get(http::header::WWW_AUTHENTICATE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
        let result = match challenge {
            Some(value) if value.to_ascii_lowercase().starts_with("bearer") => {
                Ok(format!("WWW-Authenticate: {value}"))
            }
            Some(value) => Err(format!(
                "a 401 must challenge with the Bearer scheme (RFC 6750): WWW-Authenticate: {value}"
            )),
            None => Err("a 401 must carry WWW-Authenticate (RFC 6750); it has none".to_string()),
        };
        session.add("auth/www_authenticate", result, Vec::new());
    }

    let bad_token = Credentials {
        bearer_token: Some(Secret::new(format!("{prefix}-not-a-token"))),
        ..good.clone()
    };
    session
        .refused(
            "auth/invalid_token",
            Op::GetAgents,
            Value::Null,
            &bad_token,
            401,
            "a request with an unknown bearer token must be refused",
        )
        .await;

    let some_user = user.map_or_else(|| format!("{prefix}-user"), |u| u.id.clone());
    if good.signing_key.is_some() {
        match SigningKey::new(&Secret::new(format!("{prefix}-wrong-signing-key"))) {
            Ok(wrong) => {
                let wrong = Credentials {
                    signing_key: Some(wrong),
                    ..good.clone()
                };
                session
                    .refused(
                        "auth/wrong_signature",
                        Op::GetUser,
                        json!({"user_id": some_user}),
                        &wrong,
                        401,
                        "a request signed with another key must be refused",
                    )
                    .await;
            }
            Err(error) => session.add("auth/wrong_signature", Err(error.to_string()), Vec::new()),
        }
        let unsigned = Credentials {
            signing_key: None,
            ..good.clone()
        };
        session
            .refused(
                "auth/missing_signature",
                Op::GetUser,
                json!({"user_id": some_user}),
                &unsigned,
                401,
                "a request without a signature must be refused when a signing secret is set",
            )
            .await;
    }

    if let (Some(user), Some(conversation)) = (user, conversation) {
        let message = |suffix: &str, body: Value, attachments: Value| {
            json!({
                "conversation_id": conversation.id,
                "object_id": format!("{prefix}-message-{suffix}"),
                "message_type": "comment",
                "visibility": "public",
                "body": body,
                "author": {"id": user.id, "user_type": "end_user"},
                "attachments": attachments,
            })
        };
        session
            .refused(
                "create_message/empty",
                Op::CreateMessage,
                message("empty", json!(""), json!([])),
                &good,
                400,
                "a message with neither body nor attachment must be refused",
            )
            .await;
        if variant == Variant::Posts {
            session
                .refused(
                    "create_message/null_body",
                    Op::CreateMessage,
                    message("null-body", Value::Null, json!([])),
                    &good,
                    400,
                    "a message with a null body and no attachment must be refused",
                )
                .await;
        }
        session
            .refused(
                "create_message/http_attachment",
                Op::CreateMessage,
                message(
                    "http-attachment",
                    json!("<p>conformance: plain http attachment</p>"),
                    json!([{"url": "http://example.com/conformance/guide.pdf"}]),
                ),
                &good,
                400,
                "an attachment URL that is not https must be refused",
            )
            .await;
    } else {
        for name in ["create_message/empty", "create_message/http_attachment"] {
            session.skip(
                name,
                "needs the conversation that the scenario failed to make",
            );
        }
    }

    let missing_user = format!("{prefix}-no-such-user");
    let missing_conversation = format!("{prefix}-no-such-conversation");
    let author = json!({"id": some_user, "user_type": "end_user"});
    let unknown: [(&str, Op, Value); 6] = [
        (
            "get_user/unknown",
            Op::GetUser,
            json!({"user_id": missing_user}),
        ),
        (
            "update_user/unknown",
            Op::UpdateUser,
            json!({"user_id": missing_user, "attributes": {"plan": "pro"}}),
        ),
        (
            "get_conversation/unknown",
            Op::GetConversation,
            json!({"conversation_id": missing_conversation}),
        ),
        (
            "update_conversation/unknown",
            Op::UpdateConversation,
            json!({"conversation_id": missing_conversation, "status": "open"}),
        ),
        (
            "get_messages/unknown_conversation",
            Op::GetMessages,
            json!({"conversation_id": missing_conversation}),
        ),
        (
            "create_message/unknown_conversation",
            Op::CreateMessage,
            json!({
                "conversation_id": missing_conversation,
                "object_id": format!("{prefix}-message-orphan"),
                "body": "<p>conformance: to nowhere</p>",
                "author": author,
            }),
        ),
    ];
    for (name, op, payload) in unknown {
        session
            .refused(
                name,
                op,
                payload,
                &good,
                404,
                "an unknown id must be answered with 404",
            )
            .await;
    }
}
