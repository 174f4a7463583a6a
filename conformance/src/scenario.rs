//! What the checker asks of one variant, in the order Fin would: pick the agent, create
//! and update a user, open a conversation, reply as Fin, read the messages back, hand over
//! to a human; every create repeated for idempotency; then the requests a helpdesk must
//! refuse. Each check states the rule it applies, so a failure says what is wrong; its
//! level and what it breaks in Fin are in `rules.rs`.
//!
//! Every answer is also validated against the document. A problem the document itself
//! rules out fails the check that got the answer (or, for the answer to a recommended
//! check, the contract check `other_answers`); a problem only `openapi/README.md` rules
//! out (an error's status or body) is collected in the recommended check `error_answers`,
//! so a helpdesk with error bodies of its own gets one warning, not a failure per refusal.

use crate::client::{Credentials, Exchange, Recorder};
use crate::driver::{
    Call, ConversationUpdate, ConversationView, Driver, Failure, MessageView, NewConversation,
    NewMessage, NewUser, UserType, UserView, now,
};
use crate::raw::{Op, Raw};
use crate::report::{Outcome, Report};
use crate::rules::{CheckName, Level};
use crate::schema::{Contract, Problem, excerpt};
use crate::signing::Secret;
use crate::signing::SigningKey;
use crate::tristate::Tristate;
use crate::variant::Variant;
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
    pub findings: Findings,
}

/// What the answers showed beyond their own checks, reported at the end of the variant.
#[derive(Debug, Default)]
pub struct Findings {
    /// Problems only `openapi/README.md` rules out, each prefixed with its check.
    error_answers: Vec<String>,
    /// Problems the document rules out in answers to recommended checks.
    other_answers: Vec<String>,
    /// Error answers seen, and answers to recommended checks validated.
    errors_seen: usize,
    others_seen: usize,
}

type Rule = Result<String, String>;

/// How an answer is read against the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// Any answer: its status must be one the document gives.
    Plain,
    /// A repeated create: any 2xx is read as the documented success (whether it is the
    /// first call's status is the recommended `…/repeat_status`).
    Replay,
}

impl Session<'_> {
    /// Records a check: its own rules, then the document's for every answer since the last.
    fn record(&mut self, recorder: &Recorder, name: CheckName, result: Rule) {
        self.judge(name, result, &recorder.drain(), Answer::Plain);
    }

    /// As [`Session::record`], for answers to a repeated create.
    fn record_replay(&mut self, recorder: &Recorder, name: CheckName, result: Rule) {
        self.judge(name, result, &recorder.drain(), Answer::Replay);
    }

    fn judge(&mut self, name: CheckName, result: Rule, exchanges: &[Exchange], answer: Answer) {
        let level = name.rule().level;
        let mut own = Vec::new();
        for exchange in exchanges {
            if exchange.status.as_u16() >= 400 {
                self.findings.errors_seen += 1;
            }
            if level == Level::Recommended {
                self.findings.others_seen += 1;
            }
            for Problem { level: found, text } in self.document_problems(exchange, answer) {
                match (found, level) {
                    (Level::Contract, Level::Contract) => own.push(text),
                    (Level::Contract, Level::Recommended) => {
                        self.findings.other_answers.push(format!("{name}: {text}"));
                    }
                    (Level::Recommended, _) => {
                        self.findings.error_answers.push(format!("{name}: {text}"));
                    }
                }
            }
        }
        self.add(name, result, own);
    }

    fn document_problems(&self, exchange: &Exchange, answer: Answer) -> Vec<Problem> {
        let content_type = exchange
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok());
        let status = exchange.status.as_u16();
        let check = match answer {
            Answer::Plain => Contract::check,
            Answer::Replay => Contract::check_replay,
        };
        check(
            &self.contract,
            &exchange.operation_id,
            status,
            content_type,
            &exchange.body,
        )
    }

    fn add(&mut self, name: CheckName, result: Rule, problems: Vec<String>) {
        let (outcome, detail) = match result {
            Ok(detail) if problems.is_empty() => (Outcome::Passed, detail),
            Ok(_) => (Outcome::Failed, problems.join("; ")),
            Err(rule) if problems.is_empty() => (Outcome::Failed, rule),
            Err(rule) => (Outcome::Failed, format!("{rule}; {}", problems.join("; "))),
        };
        self.report.add(self.variant.name(), name, outcome, detail);
    }

    fn skip(&mut self, name: CheckName, why: &str) {
        self.report.add(
            self.variant.name(),
            name,
            Outcome::Skipped,
            format!("not run: {why}"),
        );
    }

    /// A recommended detail of an error answer, reported with `error_answers`.
    fn error_answer(&mut self, name: CheckName, text: String) {
        self.findings.error_answers.push(format!("{name}: {text}"));
    }

    /// The checks of what the answers showed: `error_answers` and `other_answers`.
    fn finish(&mut self) {
        let findings = std::mem::take(&mut self.findings);
        let result = if findings.error_answers.is_empty() {
            Ok(format!(
                "{} error answers with openapi/README.md's statuses and bodies",
                findings.errors_seen
            ))
        } else {
            Err(format!(
                "error answers unlike openapi/README.md's (REST: {{request_id, error_code, message}}; POST-only: {{\"data\": null, \"error\": {{type, title, status, detail}}}} with the HTTP status equal to error.status): {}",
                findings.error_answers.join("; ")
            ))
        };
        self.add(CheckName::ErrorAnswers, result, Vec::new());
        let result = if findings.other_answers.is_empty() {
            Ok(format!(
                "the {} answers to recommended checks match the {} document",
                findings.others_seen,
                self.contract.origin()
            ))
        } else {
            Err(findings.other_answers.join("; "))
        };
        self.add(CheckName::OtherAnswers, result, Vec::new());
    }

    /// A hand-built request that must be refused as `want` says.
    async fn refused(
        &mut self,
        name: CheckName,
        op: Op,
        payload: Value,
        credentials: &Credentials,
        want: Want,
        rule: &str,
    ) -> Option<Exchange> {
        let sent = self.raw.send(self.variant, op, &payload, credentials).await;
        match sent {
            Ok(exchange) => {
                let status = exchange.status.as_u16();
                let result = if want.accepts(self.variant, &exchange) {
                    if let Want::ClientError { usual } = want
                        && status != usual
                    {
                        self.error_answer(
                            name,
                            format!(
                                "{} answered {status}; openapi/README.md answers {usual}",
                                op.name()
                            ),
                        );
                    }
                    Ok(format!("{} answered {status}", op.name()))
                } else {
                    Err(format!(
                        "{rule}: {} answered {status}, expected {}: {}",
                        op.name(),
                        want.describe(),
                        excerpt(&exchange.body)
                    ))
                };
                self.judge(name, result, std::slice::from_ref(&exchange), Answer::Plain);
                Some(exchange)
            }
            Err(error) => {
                self.add(name, Err(error), Vec::new());
                None
            }
        }
    }
}

/// What a refusal must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// Exactly this status.
    Exactly(u16),
    /// 401 or 403: the statuses on which Fin refreshes its token.
    Unauthorized,
    /// Any 4xx; `openapi/README.md` answers `usual`. A POST-only answer whose `error`
    /// member is set and whose `data` is not counts too: the published document gives
    /// errors no HTTP status.
    ClientError { usual: u16 },
}

impl Want {
    fn accepts(self, variant: Variant, exchange: &Exchange) -> bool {
        let status = exchange.status.as_u16();
        match self {
            Want::Exactly(want) => status == want,
            Want::Unauthorized => status == 401 || status == 403,
            Want::ClientError { .. } => {
                (400..500).contains(&status)
                    || (variant == Variant::Posts
                        && status < 500
                        && enveloped_error(&exchange.body))
            }
        }
    }

    fn describe(self) -> String {
        match self {
            Want::Exactly(want) => want.to_string(),
            Want::Unauthorized => "401 or 403".to_string(),
            Want::ClientError { .. } => "a 4xx".to_string(),
        }
    }
}

/// A POST-only envelope that carries an error and no data.
fn enveloped_error(body: &[u8]) -> bool {
    serde_json::from_slice::<Value>(body).is_ok_and(|value| {
        value["error"].is_object() && value.get("data").is_none_or(Value::is_null)
    })
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
                CheckName::CreateConversation,
                CheckName::CreateConversationIdempotent,
                CheckName::CreateConversationRepeatStatus,
                CheckName::CreateConversationConflict,
                CheckName::GetConversation,
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
    if let (Some(user), Some((conversation, _))) = (&user, &conversation) {
        nulls_for_optional_properties(session, user, conversation).await;
    } else {
        session.skip(
            CheckName::RequestsNullOptional,
            "needs the user and conversation the scenario failed to make",
        );
    }
    refusals(
        session,
        user.as_ref(),
        conversation.as_ref().map(|(c, _)| c),
    )
    .await;
    session.finish();
}

/// `{op}/repeat_status`: the repeat of a create answers as the first call did.
fn repeat_status(
    session: &mut Session<'_>,
    name: CheckName,
    op: &str,
    first: u16,
    repeat: Option<u16>,
) {
    match repeat {
        Some(status) if status == first => {
            session.add(name, Ok(format!("{status} both times")), Vec::new());
        }
        Some(status) => session.add(
            name,
            Err(format!(
                "{op} repeated with the same object_id must answer as the first call: {first} then {status}"
            )),
            Vec::new(),
        ),
        None => session.skip(name, &format!("the repeated {op} failed")),
    }
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
    session.record(recorder, CheckName::GetAgents, result);
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
            session.record(recorder, CheckName::CreateUser, result);
            (reply.value, reply.status)
        }
        Err(failure) => {
            let detail = describe("create_user", &failure, recorder);
            session.record(recorder, CheckName::CreateUser, Err(detail));
            for name in [
                CheckName::CreateUserIdempotent,
                CheckName::CreateUserRepeatStatus,
                CheckName::CreateUserConflict,
                CheckName::GetUser,
                CheckName::UpdateUser,
                CheckName::UpdateUserMerge,
                CheckName::GetUserAfterUpdate,
            ] {
                session.skip(name, "create_user failed");
            }
            return None;
        }
    };

    let again = driver.create_user(&new_user).await;
    let (result, repeat) = match again {
        Ok(reply) if reply.value.id != user.id => (
            Err(format!(
                "create_user is not idempotent on object_id: second call returned `{}`, first `{}`",
                reply.value.id, user.id
            )),
            None,
        ),
        Ok(reply) => (
            Ok(format!("same user `{}`, {}", user.id, reply.status)),
            Some(reply.status),
        ),
        Err(failure) => (
            Err(format!(
                "create_user is not idempotent on object_id: {}",
                describe("the repeat", &failure, recorder)
            )),
            None,
        ),
    };
    session.record_replay(recorder, CheckName::CreateUserIdempotent, result);
    repeat_status(
        session,
        CheckName::CreateUserRepeatStatus,
        "create_user",
        first_status,
        repeat,
    );

    let changed = NewUser {
        name: format!("{} (changed)", new_user.name),
        ..new_user.clone()
    };
    let call = driver.create_user(&changed).await;
    let result = expect_refusal(
        "create_user",
        &call,
        409,
        "an object_id repeated with different content should be refused",
        recorder,
    );
    session.record_replay(recorder, CheckName::CreateUserConflict, result);

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
    session.record(recorder, CheckName::GetUser, result);

    // Two updates: the second changes one key, adds one, and leaves one out. That each
    // stores what it sends is the contract; that the key left out stays is a merge,
    // which the docs do not promise.
    let first_attributes = attributes(json!({"plan": "pro", "seats": 3}));
    let second_attributes = attributes(json!({"seats": 5, "beta": true}));
    let merged = attributes(json!({"plan": "pro", "seats": 5, "beta": true}));
    let first = driver.update_user(&user.id, first_attributes.clone()).await;
    let (result, second) = match first {
        Ok(reply) => match expect_status("update_user", reply.status, 200).and_then(|()| {
            contains(
                "update_user must store the attributes sent",
                &reply.value.attributes,
                &first_attributes,
            )
        }) {
            Ok(()) => match driver
                .update_user(&user.id, second_attributes.clone())
                .await
            {
                Ok(reply) => (
                    expect_status("update_user", reply.status, 200)
                        .and_then(|()| {
                            contains(
                                "update_user must store the attributes sent",
                                &reply.value.attributes,
                                &second_attributes,
                            )
                        })
                        .map(|()| "the attributes sent stored, twice".to_string()),
                    Some(reply.value),
                ),
                Err(failure) => (
                    Err(describe("the second update_user", &failure, recorder)),
                    None,
                ),
            },
            Err(rule) => (Err(rule), None),
        },
        Err(failure) => (Err(describe("update_user", &failure, recorder)), None),
    };
    session.record(recorder, CheckName::UpdateUser, result);
    match second {
        Some(reply) => {
            let result = contains(
                "update_user must merge attributes: a key left out keeps its value",
                &reply.attributes,
                &merged,
            )
            .map(|()| "attributes merged".to_string());
            session.add(CheckName::UpdateUserMerge, result, Vec::new());
        }
        None => session.skip(CheckName::UpdateUserMerge, "update_user failed"),
    }

    let result = match driver.get_user(&user.id).await {
        Ok(reply) => contains(
            "get_user must show the attributes last written",
            &reply.value.attributes,
            &second_attributes,
        )
        .map(|()| "attributes kept".to_string()),
        Err(failure) => Err(describe("get_user", &failure, recorder)),
    };
    session.record(recorder, CheckName::GetUserAfterUpdate, result);
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
            session.record(recorder, CheckName::CreateConversation, result);
            let (conversation, message) = reply.value;
            (conversation, message, reply.status)
        }
        Err(failure) => {
            let detail = describe("create_conversation", &failure, recorder);
            session.record(recorder, CheckName::CreateConversation, Err(detail));
            for name in [
                CheckName::CreateConversationIdempotent,
                CheckName::CreateConversationRepeatStatus,
                CheckName::CreateConversationConflict,
                CheckName::GetConversation,
            ] {
                session.skip(name, "create_conversation failed");
            }
            return None;
        }
    };

    let (result, repeat) = match driver.create_conversation(&request).await {
        Ok(reply) if reply.value.0.id != conversation.id => (
            Err(format!(
                "create_conversation is not idempotent on object_id: second call returned `{}`, first `{}`",
                reply.value.0.id, conversation.id
            )),
            None,
        ),
        Ok(reply) if reply.value.1.id != message.id => (
            Err(format!(
                "create_conversation repeated must return the first message again: `{}`, first `{}`",
                reply.value.1.id, message.id
            )),
            None,
        ),
        Ok(reply) => (
            Ok(format!(
                "same conversation `{}`, {}",
                conversation.id, reply.status
            )),
            Some(reply.status),
        ),
        Err(failure) => (
            Err(format!(
                "create_conversation is not idempotent on object_id: {}",
                describe("the repeat", &failure, recorder)
            )),
            None,
        ),
    };
    session.record_replay(recorder, CheckName::CreateConversationIdempotent, result);
    repeat_status(
        session,
        CheckName::CreateConversationRepeatStatus,
        "create_conversation",
        first_status,
        repeat,
    );

    let changed = NewConversation {
        title: format!("{} (changed)", request.title),
        ..request.clone()
    };
    let call = driver.create_conversation(&changed).await;
    let result = expect_refusal(
        "create_conversation",
        &call,
        409,
        "an object_id repeated with different content should be refused",
        recorder,
    );
    session.record_replay(recorder, CheckName::CreateConversationConflict, result);

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
    session.record(recorder, CheckName::GetConversation, result);
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
                session.record(recorder, CheckName::CreateMessageFinReply, result);
                let id = message.id.clone();
                expected.push(id.clone());

                let (result, repeat) = match driver.create_message(&conversation.id, &reply).await {
                    Ok(again) if again.value.id != id => (
                        Err(format!(
                            "create_message is not idempotent on object_id: second call returned `{}`, first `{id}`",
                            again.value.id
                        )),
                        None,
                    ),
                    Ok(again) => (
                        Ok(format!("same message `{id}`, {}", again.status)),
                        Some(again.status),
                    ),
                    Err(failure) => (
                        Err(format!(
                            "create_message is not idempotent on object_id: {}",
                            describe("the repeat", &failure, recorder)
                        )),
                        None,
                    ),
                };
                session.record_replay(recorder, CheckName::CreateMessageIdempotent, result);
                repeat_status(
                    session,
                    CheckName::CreateMessageRepeatStatus,
                    "create_message",
                    created.status,
                    repeat,
                );

                let changed = NewMessage {
                    body: Some("<p>conformance: a different reply</p>".to_string()),
                    ..reply.clone()
                };
                let call = driver.create_message(&conversation.id, &changed).await;
                let result = expect_refusal(
                    "create_message",
                    &call,
                    409,
                    "an object_id repeated with different content should be refused",
                    recorder,
                );
                session.record_replay(recorder, CheckName::CreateMessageConflict, result);
            }
            Err(failure) => {
                let detail = describe("create_message", &failure, recorder);
                session.record(recorder, CheckName::CreateMessageFinReply, Err(detail));
                for name in [
                    CheckName::CreateMessageIdempotent,
                    CheckName::CreateMessageRepeatStatus,
                    CheckName::CreateMessageConflict,
                ] {
                    session.skip(name, "create_message failed");
                }
            }
        }
    } else {
        for name in [
            CheckName::CreateMessageFinReply,
            CheckName::CreateMessageIdempotent,
            CheckName::CreateMessageRepeatStatus,
            CheckName::CreateMessageConflict,
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
    session.record(recorder, CheckName::CreateMessageEndUser, result);

    let ids = |reply: Call<Vec<MessageView>>| -> Result<Vec<String>, String> {
        match reply {
            Ok(reply) => {
                expect_status("get_messages", reply.status, 200)?;
                Ok(reply.value.into_iter().map(|m| m.id).collect())
            }
            Err(failure) => Err(describe("get_messages", &failure, recorder)),
        }
    };
    // Every message once is the contract; the order is not (the docs leave it open).
    let all = ids(driver.get_messages(&conversation.id, None).await);
    let result = all.clone().and_then(|got| {
        expect_eq(
            "get_messages must list each of the conversation's messages once",
            &sorted(&got),
            &sorted(&expected),
        )
        .map(|()| format!("{} messages", got.len()))
    });
    let listed = result.is_ok();
    session.record(recorder, CheckName::GetMessages, result);
    match all {
        Ok(got) if listed => {
            let result = expect_eq(
                "get_messages should list messages in creation order",
                &got,
                &expected,
            )
            .map(|()| "in creation order".to_string());
            session.add(CheckName::GetMessagesOrder, result, Vec::new());
        }
        _ => session.skip(CheckName::GetMessagesOrder, "get_messages failed"),
    }

    // With after_id the helpdesk may leave out the earlier messages (an optimisation the
    // docs allow), never a later one.
    let later = ids(driver.get_messages(&conversation.id, Some(&first.id)).await);
    let result = later.clone().and_then(|got| {
        let missing: Vec<&String> = expected[1..].iter().filter(|id| !got.contains(id)).collect();
        let foreign: Vec<&String> = got.iter().filter(|id| !expected.contains(id)).collect();
        if !missing.is_empty() {
            Err(format!(
                "get_messages with after_id must list every later message: {missing:?} missing from {got:?}"
            ))
        } else if !foreign.is_empty() {
            Err(format!(
                "get_messages must list only the conversation's messages: {foreign:?} in {got:?}"
            ))
        } else {
            Ok(format!("{} messages, every later one among them", got.len()))
        }
    });
    let listed = result.is_ok();
    session.record(recorder, CheckName::GetMessagesAfterId, result);
    match later {
        Ok(got) if listed => {
            let result = expect_eq(
                "get_messages with after_id should list only the later messages, in creation order",
                &got,
                &expected[1..].to_vec(),
            )
            .map(|()| format!("{} later messages", got.len()));
            session.add(CheckName::GetMessagesAfterIdOnlyLater, result, Vec::new());
        }
        _ => session.skip(
            CheckName::GetMessagesAfterIdOnlyLater,
            "get_messages with after_id failed",
        ),
    }

    let unknown = format!("{prefix}-no-such-message");
    let all = ids(driver.get_messages(&conversation.id, Some(&unknown)).await);
    let result = all.and_then(|got| {
        expect_eq(
            "get_messages with an unknown after_id should list every message",
            &got,
            &expected,
        )
        .map(|()| format!("{} messages", got.len()))
    });
    session.record(recorder, CheckName::GetMessagesUnknownAfterId, result);
}

fn sorted(ids: &[String]) -> Vec<String> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids
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
    session.record(recorder, CheckName::UpdateConversation, result);

    // The handover: assignee_id sent as null, the title and tags left out.
    let update = ConversationUpdate {
        conversation_id: conversation.id.clone(),
        status: Some("open"),
        assignee_id: Tristate::Null,
        ..ConversationUpdate::default()
    };
    let (result, handed_over) = match driver.update_conversation(&update).await {
        Ok(reply) => (
            expect_status("update_conversation", reply.status, 200)
                .and_then(|()| check_handed_over(&reply.value))
                .map(|()| "assignee cleared".to_string()),
            Some(reply.value),
        ),
        Err(failure) => (
            Err(describe("update_conversation", &failure, recorder)),
            None,
        ),
    };
    session.record(recorder, CheckName::UpdateConversationHandover, result);
    match handed_over {
        Some(conversation) => {
            // The docs do not say that a field left out is kept; PUT as a partial update
            // is this project's reading.
            let result = check_updated(&conversation, &title, &tags, "open")
                .map_err(|rule| {
                    format!("a field left out of update_conversation should not change ({rule})")
                })
                .map(|()| "title and tags kept".to_string());
            session.add(CheckName::UpdateConversationPartial, result, Vec::new());
        }
        None => session.skip(CheckName::UpdateConversationPartial, "the handover failed"),
    }

    let result = match driver.get_conversation(&conversation.id).await {
        Ok(reply) => check_handed_over(&reply.value).map(|()| "no assignee".to_string()),
        Err(failure) => Err(describe("get_conversation", &failure, recorder)),
    };
    session.record(recorder, CheckName::GetConversationAfterHandover, result);
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
    expect_eq(
        "update_conversation must store the tags sent",
        &sorted(&conversation.tags),
        &sorted(tags),
    )?;
    expect_eq(
        "update_conversation must store the status sent",
        &conversation.status.as_str(),
        &status,
    )
}

fn check_handed_over(conversation: &ConversationView) -> Result<(), String> {
    if let Some(assignee) = &conversation.assignee {
        return Err(format!(
            "assignee_id: null hands the conversation to a human: it must have no assignee, has `{}`",
            assignee.as_deref().unwrap_or("an agent without an id")
        ));
    }
    expect_eq(
        "update_conversation must store the status sent",
        &conversation.status.as_str(),
        &"open",
    )
}

/// `requests/null_optional`: Fin's requests with every unset optional property sent as
/// `null`, as clients in most languages serialise one, must be taken as if it were left out.
async fn nulls_for_optional_properties(
    session: &mut Session<'_>,
    user: &UserView,
    conversation: &ConversationView,
) {
    let name = CheckName::RequestsNullOptional;
    let prefix = session.prefix.clone();
    let good = session.credentials.clone();
    let message = json!({
        "conversation_id": conversation.id,
        "object_id": format!("{prefix}-message-nulls"),
        "body": "<p>conformance: optional properties sent as null</p>",
        "author": {"id": user.id, "user_type": "end_user"},
        "message_type": null,
        "visibility": null,
        "attachments": null,
    });
    let mut requests = vec![
        (
            Op::UpdateUser,
            json!({"user_id": user.id, "attributes": null}),
        ),
        (
            Op::UpdateConversation,
            json!({"conversation_id": conversation.id, "tags": null, "attributes": null, "status": null}),
        ),
        (Op::CreateMessage, message),
    ];
    // The REST variant sends get_messages' after_id in the query, where there is no null.
    if session.variant == Variant::Posts {
        requests.push((
            Op::GetMessages,
            json!({"conversation_id": conversation.id, "after_id": null}),
        ));
    }
    let mut exchanges = Vec::new();
    let mut refused = Vec::new();
    for (op, payload) in requests {
        match session.raw.send(session.variant, op, &payload, &good).await {
            Ok(exchange) => {
                let status = exchange.status.as_u16();
                let error = session.variant == Variant::Posts && enveloped_error(&exchange.body);
                if !(200..300).contains(&status) || error {
                    refused.push(format!(
                        "{} {payload} answered {status}: {}",
                        op.name(),
                        excerpt(&exchange.body)
                    ));
                }
                exchanges.push(exchange);
            }
            Err(error) => refused.push(error),
        }
    }
    let result = if refused.is_empty() {
        Ok(format!(
            "{} requests with their unset optional properties as null were served",
            exchanges.len()
        ))
    } else {
        Err(format!(
            "an optional property sent as null must be taken as left out: {}",
            refused.join("; ")
        ))
    };
    session.judge(name, result, &exchanges, Answer::Plain);
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
            CheckName::AuthNoToken,
            Op::GetAgents,
            Value::Null,
            &no_token,
            Want::Unauthorized,
            "a request without a bearer token must be refused with 401 or 403",
        )
        .await;
    // RFC 6750 §3 answers a missing token with 401 and a Bearer challenge, in either
    // variant; Fin itself refreshes on 403 as well.
    match refused {
        Some(exchange) if exchange.status == http::StatusCode::UNAUTHORIZED => {
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
                    "a 401 should challenge with the Bearer scheme (RFC 6750 §3): WWW-Authenticate: {value}"
                )),
                None => Err(
                    "a 401 should carry WWW-Authenticate: Bearer (RFC 6750 §3); it has none"
                        .to_string(),
                ),
            };
            session.add(CheckName::AuthWwwAuthenticate, result, Vec::new());
        }
        Some(exchange) if exchange.status == http::StatusCode::FORBIDDEN => session.add(
            CheckName::AuthWwwAuthenticate,
            Err(
                "a request without a token should be answered 401 with WWW-Authenticate: Bearer (RFC 6750 §3.1), not 403"
                    .to_string(),
            ),
            Vec::new(),
        ),
        _ => session.skip(CheckName::AuthWwwAuthenticate, "auth/no_token was not refused"),
    }

    let bad_token = Credentials {
        bearer_token: Some(Secret::new(format!("{prefix}-not-a-token"))),
        ..good.clone()
    };
    session
        .refused(
            CheckName::AuthInvalidToken,
            Op::GetAgents,
            Value::Null,
            &bad_token,
            Want::Unauthorized,
            "a request with an unknown bearer token must be refused with 401 or 403",
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
                        CheckName::AuthWrongSignature,
                        Op::GetUser,
                        json!({"user_id": some_user}),
                        &wrong,
                        Want::Exactly(401),
                        "a request signed with another key should be refused",
                    )
                    .await;
            }
            Err(error) => session.add(
                CheckName::AuthWrongSignature,
                Err(error.to_string()),
                Vec::new(),
            ),
        }
        let unsigned = Credentials {
            signing_key: None,
            ..good.clone()
        };
        session
            .refused(
                CheckName::AuthMissingSignature,
                Op::GetUser,
                json!({"user_id": some_user}),
                &unsigned,
                Want::Exactly(401),
                "a request without a signature should be refused when a signing secret is set",
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
                CheckName::CreateMessageEmpty,
                Op::CreateMessage,
                message("empty", json!(""), json!([])),
                &good,
                Want::ClientError { usual: 400 },
                "a message with neither body nor attachment must be refused",
            )
            .await;
        if variant == Variant::Posts {
            session
                .refused(
                    CheckName::CreateMessageNullBody,
                    Op::CreateMessage,
                    message("null-body", Value::Null, json!([])),
                    &good,
                    Want::ClientError { usual: 400 },
                    "a message with a null body and no attachment must be refused",
                )
                .await;
        }
        session
            .refused(
                CheckName::CreateMessageHttpAttachment,
                Op::CreateMessage,
                message(
                    "http-attachment",
                    json!("<p>conformance: plain http attachment</p>"),
                    json!([{"url": "http://example.com/conformance/guide.pdf"}]),
                ),
                &good,
                Want::ClientError { usual: 400 },
                "an attachment URL that is not https must be refused",
            )
            .await;
    } else {
        for name in [
            CheckName::CreateMessageEmpty,
            CheckName::CreateMessageHttpAttachment,
        ] {
            session.skip(
                name,
                "needs the conversation that the scenario failed to make",
            );
        }
    }

    let missing_user = format!("{prefix}-no-such-user");
    let missing_conversation = format!("{prefix}-no-such-conversation");
    let author = json!({"id": some_user, "user_type": "end_user"});
    let unknown: [(CheckName, Op, Value); 6] = [
        (
            CheckName::GetUserUnknown,
            Op::GetUser,
            json!({"user_id": missing_user}),
        ),
        (
            CheckName::UpdateUserUnknown,
            Op::UpdateUser,
            json!({"user_id": missing_user, "attributes": {"plan": "pro"}}),
        ),
        (
            CheckName::GetConversationUnknown,
            Op::GetConversation,
            json!({"conversation_id": missing_conversation}),
        ),
        (
            CheckName::UpdateConversationUnknown,
            Op::UpdateConversation,
            json!({"conversation_id": missing_conversation, "status": "open"}),
        ),
        (
            CheckName::GetMessagesUnknownConversation,
            Op::GetMessages,
            json!({"conversation_id": missing_conversation}),
        ),
        (
            CheckName::CreateMessageUnknownConversation,
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
                Want::Exactly(404),
                "an unknown id should be answered with 404",
            )
            .await;
    }
}
