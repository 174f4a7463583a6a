//! Idempotency under contention: Fin retries, and retries can overlap. Many concurrent
//! `create_message` calls with one `object_id` must store one message and all answer it.

use crate::common::{TestDb, TestServer, body, user_and_conversation};
use fin_helpdesk::api::{posts as p, rest as r};
use serde_json::json;
use std::collections::HashSet;

const CALLS: usize = 50;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_rest_creates_with_one_object_id_store_one_message() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let (user, created) = user_and_conversation(&t.rest).await;
    let conversation = created.conversation;
    let request: r::CreateMessageRequest = body(json!({
        "conversation_id": conversation.id, "object_id": "ic_same",
        "author": {"id": user.id, "user_type": "end_user"}, "body": "<p>once</p>",
    }));

    let calls: Vec<_> = (0..CALLS)
        .map(|_| {
            let client = t.rest.clone();
            let request = request.clone();
            tokio::spawn(async move {
                let answer = client.create_message().body(request).send().await.unwrap();
                assert_eq!(answer.status().as_u16(), 201);
                answer.into_inner().id
            })
        })
        .collect();
    let mut ids = HashSet::new();
    for call in calls {
        ids.insert(call.await.unwrap());
    }
    assert_eq!(ids.len(), 1, "every call answers the same message: {ids:?}");

    let messages = t
        .rest
        .get_messages()
        .conversation_id(&conversation.id)
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(messages.len(), 2, "the first message and exactly one more");
    assert!(ids.contains(&messages[1].id));
    assert_eq!(t.counts().await.messages, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_posts_creates_with_one_object_id_store_one_message() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let created = t
        .posts
        .create_conversation()
        .body(body::<p::CreateConversationRequest>(json!({
            "user": {"id": "ic_u"}, "object_id": "ic_c",
            "initial_message": {"author": {"id": "ic_u", "user_type": "end_user"}, "body": "hi"},
        })))
        .send()
        .await
        .unwrap()
        .into_inner()
        .data
        .unwrap();
    let request: p::CreateMessageRequest = body(json!({
        "conversation_id": created.conversation.id, "object_id": "ic_same",
        "author": {"id": "agent_fin", "user_type": "agent"}, "body": "<p>once</p>",
    }));

    let calls: Vec<_> = (0..CALLS)
        .map(|_| {
            let client = t.posts.clone();
            let request = request.clone();
            tokio::spawn(async move {
                let answer = client.create_message().body(request).send().await.unwrap();
                assert_eq!(answer.status().as_u16(), 201);
                answer.into_inner().data.unwrap().id
            })
        })
        .collect();
    let mut ids = HashSet::new();
    for call in calls {
        ids.insert(call.await.unwrap());
    }
    assert_eq!(ids.len(), 1, "every call answers the same message: {ids:?}");
    assert_eq!(t.counts().await.messages, 2);
}
