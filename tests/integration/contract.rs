//! The generated clients against a live server: every operation of both variants, their
//! documented errors, idempotent creates, and bad input that must end in a 4xx JSON error
//! without writing anything. Every call carries a token from `/oauth/token` and a Fin
//! signature.

use crate::common::{
    Answer, BODY_LIMIT, FIN_AGENT, HUMAN_AGENT, TestDb, TestServer, assert_id, assert_utc, body,
};
use fin_helpdesk::api::{posts as p, rest as r};
use serde_json::{Value, json};
use std::time::Duration;

// --- REST ---

async fn rest_user(t: &TestServer, object_id: &str) -> r::EndUser {
    t.rest
        .create_user()
        .body(body::<r::CreateUserRequest>(
            json!({"object_id": object_id, "name": "Ada", "email": "ada@example.com"}),
        ))
        .send()
        .await
        .unwrap()
        .into_inner()
}

fn rest_conversation_request(user_id: &str, object_id: &str) -> r::CreateConversationRequest {
    body(json!({
        "user_id": user_id,
        "object_id": object_id,
        "title": "Billing",
        "initial_message": {
            "author": {"id": user_id, "user_type": "end_user"},
            "body": "<p>My invoice is wrong</p>",
            "object_id": format!("{object_id}_first"),
        },
    }))
}

async fn rest_conversation(t: &TestServer, user_id: &str, object_id: &str) -> r::Conversation {
    t.rest
        .create_conversation()
        .body(rest_conversation_request(user_id, object_id))
        .send()
        .await
        .unwrap()
        .into_inner()
        .conversation
}

fn rest_message(conversation_id: &str, object_id: &str, author: Value, text: &str) -> Value {
    json!({
        "conversation_id": conversation_id,
        "object_id": object_id,
        "author": author,
        "body": text,
    })
}

async fn rest_error<T: std::fmt::Debug>(error: progenitor_client::Error<T>, status: u16) -> String {
    Answer::of_error(error).await.rest_error(status).to_string()
}

#[tokio::test]
async fn rest_users_are_created_once_read_and_merged() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let request = json!({"object_id": "ic_user_1", "name": "Ada", "email": "ada@example.com"});

    let created = t
        .rest
        .create_user()
        .body(body::<r::CreateUserRequest>(request.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let user = created.into_inner();
    assert_id(&user.id);
    assert_eq!(user.user_type, r::EndUserUserType::EndUser);
    assert_eq!(user.name.as_deref(), Some("Ada"));
    assert_eq!(user.email.as_deref(), Some("ada@example.com"));

    // A retry is answered like the first call, and writes nothing.
    let again = t
        .rest
        .create_user()
        .body(body::<r::CreateUserRequest>(request))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 201);
    assert_eq!(again.into_inner(), user);
    assert_eq!(t.counts().await.users, 1);

    let conflict = t
        .rest
        .create_user()
        .body(body::<r::CreateUserRequest>(
            json!({"object_id": "ic_user_1", "name": "Bob"}),
        ))
        .send()
        .await
        .unwrap_err();
    assert!(rest_error(conflict, 409).await.contains("object_id"));
    assert_eq!(t.counts().await.users, 1);

    let read = t.rest.get_user().user_id(&user.id).send().await.unwrap();
    assert_eq!(read.status().as_u16(), 200);
    assert_eq!(read.into_inner(), user);

    for attributes in [
        json!({"plan": "pro", "seats": 3}),
        json!({"seats": 5, "vip": true}),
    ] {
        t.rest
            .update_user()
            .body(body::<r::UpdateUserRequest>(
                json!({"user_id": user.id, "attributes": attributes}),
            ))
            .send()
            .await
            .unwrap();
    }
    let merged = json!({"plan": "pro", "seats": 5, "vip": true});
    let read = t.rest.get_user().user_id(&user.id).send().await.unwrap();
    let read = read.into_inner();
    assert_eq!(Value::Object(read.attributes.unwrap()), merged);
    assert_eq!(read.name.as_deref(), Some("Ada"), "name kept");

    let missing = t.rest.get_user().user_id("user_nope").send().await;
    assert!(
        rest_error(missing.unwrap_err(), 404)
            .await
            .contains("user_nope")
    );
    let missing = t
        .rest
        .update_user()
        .body(body::<r::UpdateUserRequest>(
            json!({"user_id": "user_nope", "attributes": {"a": 1}}),
        ))
        .send()
        .await;
    assert!(
        rest_error(missing.unwrap_err(), 404)
            .await
            .contains("user_nope")
    );
    assert_eq!(t.counts().await.users, 1);
}

#[tokio::test]
async fn rest_agents_are_listed() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let agents = t.rest.get_agents().send().await.unwrap().into_inner();
    let mut ids: Vec<_> = agents.iter().filter_map(|a| a.id.clone()).collect();
    ids.sort();
    assert_eq!(ids, [HUMAN_AGENT, FIN_AGENT]);
    assert!(
        agents
            .iter()
            .all(|a| a.user_type == Some(r::AgentUserType::Agent))
    );
    let fin = agents
        .iter()
        .find(|a| a.id.as_deref() == Some(FIN_AGENT))
        .unwrap();
    assert_eq!(fin.name.as_deref(), Some("Fin"));
}

#[tokio::test]
async fn rest_conversations_are_created_with_their_first_message_and_updated() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let user = rest_user(&t, "ic_user_1").await;

    let created = t
        .rest
        .create_conversation()
        .body(rest_conversation_request(&user.id, "ic_conv_1"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let created = created.into_inner();
    let conversation = created.conversation.clone();
    assert_id(&conversation.id);
    assert_eq!(conversation.user.id, user.id);
    assert_eq!(conversation.status, r::ConversationStatus::Open);
    assert_eq!(conversation.title.as_deref(), Some("Billing"));
    assert!(conversation.assignee.is_none());
    assert_utc(conversation.created_at.as_deref().unwrap());
    assert_utc(conversation.updated_at.as_deref().unwrap());
    let first = &created.message;
    assert_id(&first.id);
    assert_eq!(first.conversation_id, conversation.id);
    assert_eq!(first.body, "<p>My invoice is wrong</p>");
    assert_utc(&first.created_at);
    assert!(matches!(&first.author, r::Author::EndUser(u) if u.id == user.id));

    let again = t
        .rest
        .create_conversation()
        .body(rest_conversation_request(&user.id, "ic_conv_1"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 201);
    assert_eq!(again.into_inner(), created);
    let counts = t.counts().await;
    assert_eq!((counts.conversations, counts.messages), (1, 1));

    let mut different = rest_conversation_request(&user.id, "ic_conv_1");
    different.title = Some("Shipping".into());
    let conflict = t.rest.create_conversation().body(different).send().await;
    assert!(
        rest_error(conflict.unwrap_err(), 409)
            .await
            .contains("object_id")
    );

    let unknown_user = t
        .rest
        .create_conversation()
        .body(rest_conversation_request("user_nope", "ic_conv_2"))
        .send()
        .await;
    assert!(
        rest_error(unknown_user.unwrap_err(), 404)
            .await
            .contains("user_nope")
    );
    assert_eq!(t.counts().await, counts, "nothing written");

    let read = t
        .rest
        .get_conversation()
        .conversation_id(&conversation.id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(read, conversation);
    let missing = t
        .rest
        .get_conversation()
        .conversation_id("conv_nope")
        .send();
    assert!(
        rest_error(missing.await.unwrap_err(), 404)
            .await
            .contains("conv_nope")
    );

    let update = |change: Value| {
        let mut request = json!({"conversation_id": conversation.id});
        request
            .as_object_mut()
            .unwrap()
            .extend(change.as_object().unwrap().clone());
        t.rest
            .update_conversation()
            .body(body::<r::UpdateConversationRequest>(request))
            .send()
    };
    // Timestamps have millisecond resolution: make sure one passes between writes.
    tokio::time::sleep(Duration::from_millis(5)).await;
    let assigned = update(json!({"assignee_id": FIN_AGENT, "title": "Billing question"}))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        assigned.assignee.as_ref().and_then(|a| a.id.as_deref()),
        Some(FIN_AGENT)
    );
    assert_eq!(assigned.title.as_deref(), Some("Billing question"));
    assert_eq!(assigned.created_at, conversation.created_at);
    assert!(
        assert_utc(assigned.updated_at.as_deref().unwrap())
            > assert_utc(conversation.updated_at.as_deref().unwrap()),
        "updated_at moves"
    );

    let resolved = update(json!({"status": "resolved"}))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(resolved.status, r::ConversationStatus::Resolved);
    assert_eq!(resolved.title, assigned.title, "absent title kept");
    assert_eq!(resolved.assignee, assigned.assignee, "absent assignee kept");

    let handed_over = update(json!({"assignee_id": null}))
        .await
        .unwrap()
        .into_inner();
    assert!(handed_over.assignee.is_none(), "null unassigns");
    assert_eq!(handed_over.title, assigned.title);

    let tagged = update(json!({"tags": ["billing"], "attributes": {"priority": "high"}}))
        .await
        .unwrap()
        .into_inner();
    assert!(tagged.assignee.is_none(), "stays unassigned");
    assert_eq!(tagged.tags, Some(vec!["billing".to_string()]));
    let read = t
        .rest
        .get_conversation()
        .conversation_id(&conversation.id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(read, tagged);

    let unknown_agent = update(json!({"assignee_id": "agent_nope"})).await;
    assert!(
        rest_error(unknown_agent.unwrap_err(), 404)
            .await
            .contains("agent_nope")
    );
    let missing = t
        .rest
        .update_conversation()
        .body(body::<r::UpdateConversationRequest>(
            json!({"conversation_id": "conv_nope", "title": "x"}),
        ))
        .send()
        .await;
    assert!(
        rest_error(missing.unwrap_err(), 404)
            .await
            .contains("conv_nope")
    );
}

#[tokio::test]
async fn rest_messages_are_listed_in_order_and_created_once() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let user = rest_user(&t, "ic_user_1").await;
    let conversation = rest_conversation(&t, &user.id, "ic_conv_1").await;
    let end_user = json!({"id": user.id, "user_type": "end_user"});
    let fin = json!({"id": FIN_AGENT, "user_type": "agent"});
    let create = |request: Value| {
        t.rest
            .create_message()
            .body(body::<r::CreateMessageRequest>(request))
            .send()
    };

    let from_fin = rest_message(&conversation.id, "ic_m2", fin.clone(), "<p>I can help</p>");
    let answer = create(from_fin.clone()).await.unwrap();
    assert_eq!(answer.status().as_u16(), 201);
    let m2 = answer.into_inner();
    assert_id(&m2.id);
    assert_utc(&m2.created_at);
    assert!(matches!(&m2.author, r::Author::Agent(a) if a.id.as_deref() == Some(FIN_AGENT)));
    let m3 = create(rest_message(
        &conversation.id,
        "ic_m3",
        end_user.clone(),
        "<p>Thanks</p>",
    ))
    .await
    .unwrap()
    .into_inner();
    // An attachment-only message: REST's body is non-null, so it is sent empty.
    let mut attachment_only = rest_message(&conversation.id, "ic_m4", end_user.clone(), "");
    attachment_only["attachments"] =
        json!([{"url": "https://files.example.com/invoice.pdf", "filename": "invoice.pdf"}]);
    let m4 = create(attachment_only).await.unwrap().into_inner();
    assert_eq!(
        m4.attachments.as_ref().unwrap()[0].url,
        "https://files.example.com/invoice.pdf"
    );

    let list = |after: Option<&str>| {
        let mut call = t.rest.get_messages().conversation_id(&conversation.id);
        if let Some(after) = after {
            call = call.after_id(after);
        }
        async move {
            call.send()
                .await
                .unwrap()
                .into_inner()
                .into_iter()
                .map(|m| m.id)
                .collect::<Vec<_>>()
        }
    };
    let all = list(None).await;
    assert_eq!(all.len(), 4);
    assert_eq!(all[1..], [m2.id.clone(), m3.id.clone(), m4.id.clone()]);
    assert_eq!(list(Some(&m2.id)).await, [m3.id.clone(), m4.id.clone()]);
    assert!(list(Some(&m4.id)).await.is_empty());
    assert_eq!(list(Some("msg_unknown")).await, all, "unknown cursor: all");

    let replay = create(from_fin.clone()).await.unwrap();
    assert_eq!(replay.status().as_u16(), 201);
    assert_eq!(replay.into_inner(), m2);
    let mut changed = from_fin.clone();
    changed["body"] = json!("<p>Something else</p>");
    let conflict = create(changed).await.unwrap_err();
    assert!(rest_error(conflict, 409).await.contains("object_id"));

    let cases = [
        (
            rest_message(&conversation.id, "bad1", end_user.clone(), ""),
            400,
            "body",
        ),
        (
            rest_message(&conversation.id, "bad2", end_user.clone(), "   "),
            400,
            "body",
        ),
        (
            {
                let mut m = rest_message(&conversation.id, "bad3", end_user.clone(), "<p>x</p>");
                m["attachments"] = json!([{"url": "http://files.example.com/a.png"}]);
                m
            },
            400,
            "attachments[0].url",
        ),
        (
            rest_message(
                &conversation.id,
                "bad4",
                json!({"id": "someone_else", "user_type": "end_user"}),
                "<p>x</p>",
            ),
            400,
            "author.id",
        ),
        (
            rest_message(
                &conversation.id,
                "bad5",
                json!({"id": "agent_nope", "user_type": "agent"}),
                "<p>x</p>",
            ),
            400,
            "author.id",
        ),
        (
            rest_message("conv_nope", "bad6", end_user.clone(), "<p>x</p>"),
            404,
            "conv_nope",
        ),
    ];
    for (request, status, named) in cases {
        let error = create(request.clone()).await.unwrap_err();
        let message = rest_error(error, status).await;
        assert!(message.contains(named), "{request}: {message}");
    }
    assert_eq!(
        t.counts().await.messages,
        4,
        "no refused message was stored"
    );

    let missing = t.rest.get_messages().conversation_id("conv_nope").send();
    assert!(
        rest_error(missing.await.unwrap_err(), 404)
            .await
            .contains("conv_nope")
    );
}

// --- POST-only ---

async fn posts_error<T: std::fmt::Debug>(
    error: progenitor_client::Error<T>,
    status: u16,
) -> String {
    Answer::of_error(error)
        .await
        .posts_error(status)
        .to_string()
}

fn posts_conversation_request(user: Value, object_id: &str) -> p::CreateConversationRequest {
    let user_id = user["id"].clone();
    body(json!({
        "user": user,
        "object_id": object_id,
        "title": "Billing",
        "attributes": {"channel": "messenger"},
        "initial_message": {
            "author": {"id": user_id, "user_type": "end_user"},
            "body": "<p>My invoice is wrong</p>",
            "object_id": format!("{object_id}_first"),
        },
    }))
}

async fn posts_conversation(
    t: &TestServer,
    user: Value,
    object_id: &str,
) -> p::CreatedConversation {
    t.posts
        .create_conversation()
        .body(posts_conversation_request(user, object_id))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .unwrap()
}

#[tokio::test]
async fn posts_users_are_created_once_read_and_merged() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let request = json!({"object_id": "ic_user_1", "name": "Ada", "email": "ada@example.com"});
    let create = || {
        t.posts
            .create_user()
            .body(body::<p::CreateUserRequest>(request.clone()))
            .send()
    };

    let created = create().await.unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let envelope = created.into_inner();
    assert!(envelope.error.is_none());
    let user = envelope.data.unwrap();
    assert_id(&user.id);
    assert_eq!(user.name.as_deref(), Some("Ada"));

    let again = create().await.unwrap();
    assert_eq!(again.status().as_u16(), 201);
    assert_eq!(again.into_inner().data.unwrap(), user);
    assert_eq!(t.counts().await.users, 1);
    let conflict = t
        .posts
        .create_user()
        .body(body::<p::CreateUserRequest>(
            json!({"object_id": "ic_user_1", "email": "bob@example.com"}),
        ))
        .send()
        .await;
    assert!(
        posts_error(conflict.unwrap_err(), 409)
            .await
            .contains("object_id")
    );

    let get = |id: &str| {
        t.posts
            .get_user()
            .body(body::<p::GetUserRequest>(json!({"user_id": id})))
            .send()
    };
    assert_eq!(
        get(&user.id).await.unwrap().into_inner().data.unwrap(),
        user
    );
    for attributes in [json!({"plan": "pro", "seats": 3}), json!({"seats": 5})] {
        let updated = t
            .posts
            .update_user()
            .body(body::<p::UpdateUserRequest>(
                json!({"user_id": user.id, "attributes": attributes}),
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(updated.status().as_u16(), 200);
    }
    let read = get(&user.id).await.unwrap().into_inner().data.unwrap();
    assert_eq!(
        Value::Object(read.attributes.unwrap()),
        json!({"plan": "pro", "seats": 5})
    );

    let missing = get("user_nope").await.unwrap_err();
    assert!(posts_error(missing, 404).await.contains("user_nope"));
    let missing = t
        .posts
        .update_user()
        .body(body::<p::UpdateUserRequest>(
            json!({"user_id": "user_nope", "attributes": {}}),
        ))
        .send()
        .await;
    assert!(
        posts_error(missing.unwrap_err(), 404)
            .await
            .contains("user_nope")
    );
}

#[tokio::test]
async fn posts_agents_are_listed() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let answer = t.posts.get_agents().send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    let agents = answer.into_inner().data.unwrap();
    let mut ids: Vec<_> = agents.iter().map(|a| a.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, [HUMAN_AGENT, FIN_AGENT]);
    let fin = agents.iter().find(|a| a.id == FIN_AGENT).unwrap();
    assert_eq!(
        (fin.name.as_str(), fin.email.as_str()),
        ("Fin", "fin@example.com")
    );
}

#[tokio::test]
async fn posts_conversations_create_or_update_their_user() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let user = json!({"id": "ic_u_42", "name": "Ada", "attributes": {"plan": "free"}});

    let answer = t
        .posts
        .create_conversation()
        .body(posts_conversation_request(user.clone(), "ic_conv_1"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 201);
    let created = answer.into_inner().data.unwrap();
    let conversation = &created.conversation;
    assert_id(&conversation.id);
    assert_eq!(conversation.user.id, "ic_u_42", "the user was created");
    assert_eq!(conversation.user.name.as_deref(), Some("Ada"));
    assert_eq!(
        conversation.attributes.as_ref().unwrap()["channel"],
        "messenger"
    );
    assert_eq!(created.message.conversation_id, conversation.id);
    assert_eq!(
        created.message.body.as_deref(),
        Some("<p>My invoice is wrong</p>")
    );
    assert_utc(&created.message.created_at);
    assert_utc(conversation.updated_at.as_deref().unwrap());

    let again = t
        .posts
        .create_conversation()
        .body(posts_conversation_request(user.clone(), "ic_conv_1"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 201);
    assert_eq!(again.into_inner().data.unwrap(), created);
    let counts = t.counts().await;
    assert_eq!(
        (counts.users, counts.conversations, counts.messages),
        (1, 1, 1)
    );
    let mut different = posts_conversation_request(user.clone(), "ic_conv_1");
    different.title = Some("Shipping".into());
    let conflict = t.posts.create_conversation().body(different).send().await;
    assert!(
        posts_error(conflict.unwrap_err(), 409)
            .await
            .contains("object_id")
    );

    // The same user again, with news: updated, not duplicated.
    let renamed = json!({"id": "ic_u_42", "name": "Ada L.", "attributes": {"seats": 2}});
    let second = posts_conversation(&t, renamed, "ic_conv_2").await;
    assert_eq!(second.conversation.user.name.as_deref(), Some("Ada L."));
    let stored = t
        .posts
        .get_user()
        .body(body::<p::GetUserRequest>(json!({"user_id": "ic_u_42"})))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .unwrap();
    assert_eq!(stored.name.as_deref(), Some("Ada L."));
    assert_eq!(
        Value::Object(stored.attributes.unwrap()),
        json!({"plan": "free", "seats": 2})
    );
    assert_eq!(t.counts().await.users, 1);

    let get = |id: &str| {
        t.posts
            .get_conversation()
            .body(body::<p::GetConversationRequest>(
                json!({"conversation_id": id}),
            ))
            .send()
    };
    let read = get(&conversation.id).await.unwrap().into_inner();
    assert_eq!(read.data.as_ref().unwrap().id, conversation.id);
    let missing = get("conv_nope").await.unwrap_err();
    assert!(posts_error(missing, 404).await.contains("conv_nope"));

    let update = |change: Value| {
        let mut request = json!({"conversation_id": conversation.id});
        request
            .as_object_mut()
            .unwrap()
            .extend(change.as_object().unwrap().clone());
        t.posts
            .update_conversation()
            .body(body::<p::UpdateConversationRequest>(request))
            .send()
    };
    tokio::time::sleep(Duration::from_millis(5)).await;
    let before = get(&conversation.id)
        .await
        .unwrap()
        .into_inner()
        .data
        .unwrap();
    let assigned = update(json!({"assignee_id": FIN_AGENT, "title": "Billing question"}))
        .await
        .unwrap()
        .into_inner()
        .data
        .unwrap();
    assert_eq!(assigned.assignee.as_ref().unwrap().id, FIN_AGENT);
    assert!(
        assert_utc(assigned.updated_at.as_deref().unwrap())
            > assert_utc(before.updated_at.as_deref().unwrap()),
        "updated_at moves"
    );
    let closed = update(json!({"status": "closed"}))
        .await
        .unwrap()
        .into_inner()
        .data
        .unwrap();
    assert_eq!(closed.status, p::ConversationStatus::Closed);
    assert_eq!(closed.assignee, assigned.assignee, "absent assignee kept");
    assert_eq!(closed.title, assigned.title);
    let handed_over = update(json!({"assignee_id": null}))
        .await
        .unwrap()
        .into_inner()
        .data
        .unwrap();
    assert!(handed_over.assignee.is_none());
    let with_user =
        update(json!({"title": "Refund", "user": {"id": "ic_u_42", "email": "ada@example.com"}}))
            .await
            .unwrap()
            .into_inner()
            .data
            .unwrap();
    assert!(with_user.assignee.is_none(), "stays unassigned");
    assert_eq!(with_user.user.email.as_deref(), Some("ada@example.com"));
    assert_eq!(with_user.title.as_deref(), Some("Refund"));

    let missing = t
        .posts
        .update_conversation()
        .body(body::<p::UpdateConversationRequest>(
            json!({"conversation_id": "conv_nope", "status": "open"}),
        ))
        .send()
        .await;
    assert!(
        posts_error(missing.unwrap_err(), 404)
            .await
            .contains("conv_nope")
    );
}

#[tokio::test]
async fn posts_messages_are_listed_in_order_and_created_once() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let created = posts_conversation(&t, json!({"id": "ic_u_1"}), "ic_conv_1").await;
    let conversation_id = created.conversation.id.clone();
    let end_user = json!({"id": "ic_u_1", "user_type": "end_user"});
    let human = json!({"id": HUMAN_AGENT, "user_type": "agent"});
    let create = |request: Value| {
        t.posts
            .create_message()
            .body(body::<p::CreateMessageRequest>(request))
            .send()
    };
    let message = |object_id: &str, author: &Value, text: Option<&str>| {
        let mut m =
            json!({"conversation_id": conversation_id, "object_id": object_id, "author": author});
        if let Some(text) = text {
            m["body"] = json!(text);
        }
        m
    };

    let answer = create(message("ic_m2", &human, Some("<p>Hi</p>")))
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 201);
    let m2 = answer.into_inner().data.unwrap();
    assert!(matches!(&m2.author, p::Author::Agent(a) if a.id == HUMAN_AGENT));
    let mut attachment_only = message("ic_m3", &end_user, None);
    attachment_only["attachments"] = json!([{"url": "https://files.example.com/a.png"}]);
    let m3 = create(attachment_only)
        .await
        .unwrap()
        .into_inner()
        .data
        .unwrap();
    assert_eq!(m3.body, None);

    let list = |after: Option<&str>| {
        let mut request = json!({"conversation_id": conversation_id});
        if let Some(after) = after {
            request["after_id"] = json!(after);
        }
        let call = t
            .posts
            .get_messages()
            .body(body::<p::GetMessagesRequest>(request));
        async move {
            call.send()
                .await
                .unwrap()
                .into_inner()
                .data
                .unwrap()
                .into_iter()
                .map(|m| m.id)
                .collect::<Vec<_>>()
        }
    };
    let all = list(None).await;
    assert_eq!(
        all,
        [created.message.id.clone(), m2.id.clone(), m3.id.clone()]
    );
    assert_eq!(list(Some(&m2.id)).await, vec![m3.id.clone()]);
    assert_eq!(list(Some("msg_unknown")).await, all);

    let replay = create(message("ic_m2", &human, Some("<p>Hi</p>")))
        .await
        .unwrap();
    assert_eq!(replay.status().as_u16(), 201);
    assert_eq!(replay.into_inner().data.unwrap(), m2);
    let conflict = create(message("ic_m2", &human, Some("<p>Bye</p>")))
        .await
        .unwrap_err();
    assert!(posts_error(conflict, 409).await.contains("object_id"));

    let mut insecure = message("bad3", &end_user, Some("<p>x</p>"));
    insecure["attachments"] = json!([{"url": "http://files.example.com/a.png"}]);
    let mut elsewhere = message("bad6", &end_user, Some("<p>x</p>"));
    elsewhere["conversation_id"] = json!("conv_nope");
    let cases = [
        (message("bad1", &end_user, None), 400, "body"),
        (message("bad2", &end_user, Some("")), 400, "body"),
        (insecure, 400, "attachments[0].url"),
        (
            message(
                "bad4",
                &json!({"id": "ic_other", "user_type": "end_user"}),
                Some("x"),
            ),
            400,
            "author.id",
        ),
        (
            message(
                "bad5",
                &json!({"id": "agent_nope", "user_type": "agent"}),
                Some("x"),
            ),
            400,
            "author.id",
        ),
        (elsewhere, 404, "conv_nope"),
    ];
    for (request, status, named) in cases {
        let error = create(request.clone()).await.unwrap_err();
        let detail = posts_error(error, status).await;
        assert!(detail.contains(named), "{request}: {detail}");
    }
    assert_eq!(t.counts().await.messages, 3);

    let missing = t
        .posts
        .get_messages()
        .body(body::<p::GetMessagesRequest>(
            json!({"conversation_id": "conv_nope"}),
        ))
        .send()
        .await;
    assert!(
        posts_error(missing.unwrap_err(), 404)
            .await
            .contains("conv_nope")
    );
}

// --- bad input, both variants ---

/// Requests the generated clients would never send. Each must get a 4xx with a JSON error
/// (never a 500), and none may leave anything behind.
#[tokio::test]
async fn bad_input_is_refused_with_a_json_error_and_writes_nothing() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let created = posts_conversation(&t, json!({"id": "ic_u_1"}), "ic_conv_1").await;
    let conversation_id = created.conversation.id.as_str();
    let before = t.counts().await;
    let oversized = "x".repeat(BODY_LIMIT + 1);
    let author = json!({"id": "ic_u_1", "user_type": "end_user"});

    // (path, body, what the error must name)
    let rest_cases: Vec<(&str, String, &str)> = vec![
        ("/user", r#"{"object_id": "#.into(), "JSON"),
        ("/user", json!({"object_id": 5}).to_string(), "object_id"),
        ("/user", json!({"name": "No id"}).to_string(), "object_id"),
        (
            "/conversation",
            json!({"user_id": "ic_u_1", "object_id": "c9"}).to_string(),
            "initial_message",
        ),
        (
            "/messages",
            json!({"conversation_id": conversation_id, "object_id": "m9", "body": "x",
                   "author": {"id": "ic_u_1", "user_type": "robot"}})
            .to_string(),
            "user_type",
        ),
        (
            "/messages",
            json!({"conversation_id": conversation_id, "object_id": "m9", "body": "x",
                   "author": author, "attachments": "https://a.example/x"})
            .to_string(),
            "attachments",
        ),
        (
            "/messages",
            json!({"conversation_id": conversation_id, "object_id": "m9",
                   "author": author, "body": oversized})
            .to_string(),
            "",
        ),
        ("/messages", "[]".into(), ""),
        ("/messages", "".into(), ""),
    ];
    for (path, request, named) in rest_cases {
        let answer = t.post_raw(path, request.as_bytes()).await;
        assert!(
            (400..500).contains(&answer.status),
            "POST {path} {request:.80}: {} {}",
            answer.status,
            answer.text
        );
        let message = answer.rest_error(answer.status);
        assert!(message.contains(named), "POST {path}: {message}");
    }
    let bad_status = json!({"conversation_id": conversation_id, "status": "snoozed"}).to_string();
    let answer = t.put_raw("/conversation", bad_status.as_bytes()).await;
    assert!(answer.rest_error(400).contains("status"), "{}", answer.text);
    let answer = t.get_raw("/user").await;
    assert!(
        answer.rest_error(400).contains("user_id"),
        "{}",
        answer.text
    );

    let posts_cases: Vec<(&str, String, &str)> = vec![
        ("/create_user", "{".into(), "JSON"),
        (
            "/create_user",
            json!({"object_id": []}).to_string(),
            "object_id",
        ),
        ("/get_user", json!({}).to_string(), "user_id"),
        (
            "/create_conversation",
            json!({"object_id": "c9", "initial_message": {"author": author, "body": "x"}})
                .to_string(),
            "user",
        ),
        (
            "/update_conversation",
            json!({"conversation_id": conversation_id, "status": "snoozed"}).to_string(),
            "status",
        ),
        (
            "/create_message",
            json!({"conversation_id": conversation_id, "object_id": "m9", "body": "x",
                   "author": author, "visibility": "everyone"})
            .to_string(),
            "visibility",
        ),
        (
            "/create_message",
            json!({"conversation_id": conversation_id, "object_id": "m9",
                   "author": author, "body": oversized})
            .to_string(),
            "",
        ),
    ];
    for (path, request, named) in posts_cases {
        let answer = t.post_raw(path, request.as_bytes()).await;
        assert!(
            (400..500).contains(&answer.status),
            "POST {path} {request:.80}: {} {}",
            answer.status,
            answer.text
        );
        let detail = answer.posts_error(answer.status);
        assert!(detail.contains(named), "POST {path}: {detail}");
    }

    assert_eq!(
        t.counts().await,
        before,
        "a refused request wrote something"
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_in_both_variants() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let oversized = json!({"object_id": "big", "name": "x".repeat(BODY_LIMIT)}).to_string();
    let rest = t.post_raw("/user", oversized.as_bytes()).await;
    assert!(rest.rest_error(413).contains("bytes"), "{}", rest.text);
    let posts = t.post_raw("/create_user", oversized.as_bytes()).await;
    assert!(posts.posts_error(413).contains("bytes"), "{}", posts.text);
    assert_eq!(t.counts().await.users, 0);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415_in_both_variants() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    for (path, posts) in [("/user", false), ("/create_user", true)] {
        let text = br#"{"object_id": "u1"}"#;
        let answer = Answer::of(
            t.request_as(reqwest::Method::POST, path, Some(text), "text/plain")
                .send()
                .await
                .unwrap(),
        )
        .await;
        let message = if posts {
            answer.posts_error(415)
        } else {
            answer.rest_error(415)
        };
        assert!(message.contains("application/json"), "{message}");
    }
    assert_eq!(t.counts().await.users, 0);
}
