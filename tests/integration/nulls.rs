//! An explicit `null` for an optional request property is the property left out: for every
//! operation with a body in Fin's two published documents and in the agents' API, each
//! optional property is sent as `null`, alone and all together, and must get exactly the
//! answer the same request gets without it. The properties come from the documents, so a
//! new optional property in the next published version is covered (or the test says which
//! base request must name it). Also: a whole POST-only synchronisation that sends `null`
//! for every unset optional property, and what else Fin's clients plausibly send.

use crate::common::{Answer, FIN_AGENT, HUMAN_AGENT, TestDb, TestServer};
use fin_helpdesk::Variant;
use fin_helpdesk::credentials::hash_token;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicUsize, Ordering};

const AGENT_TOKEN: &str = "fhd_agent_nulls_test_token_0123456789";
const PUBLISHED_REST: &str = include_str!("../../openapi/published/openapi-rest.yaml");
const PUBLISHED_POSTS: &str = include_str!("../../openapi/published/openapi-posts-only.yaml");

/// One property of a request body, as a document describes it.
#[derive(Debug, Clone)]
struct Property {
    /// Where it sits in the base request (`/initial_message/attachments/0/url`).
    pointer: String,
    required: bool,
    nullable: bool,
    /// `x-tristate`: `null` means something of its own (`assignee_id: null` unassigns).
    tristate: bool,
}

fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => reference
            .strip_prefix('#')
            .and_then(|pointer| document.pointer(pointer))
            .map(|target| resolve(document, target))
            .unwrap_or(schema),
        None => schema,
    }
}

/// Every property of `schema` and of the objects and array items inside it, depth first.
fn properties(document: &Value, schema: &Value, prefix: &str, out: &mut Vec<Property>) {
    let schema = resolve(document, schema);
    for member in schema["allOf"].as_array().into_iter().flatten() {
        properties(document, member, prefix, out);
    }
    let required: Vec<&str> = schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        let pointer = format!("{prefix}/{name}");
        let target = resolve(document, property);
        out.push(Property {
            pointer: pointer.clone(),
            required: required.contains(&name.as_str()),
            nullable: property["nullable"] == true || target["nullable"] == true,
            tristate: property["x-tristate"] == true,
        });
        if target["type"] == "array" {
            properties(document, &target["items"], &format!("{pointer}/0"), out);
        } else {
            properties(document, target, &pointer, out);
        }
    }
}

/// An operation with a JSON request body: where it is, and its body's properties in the
/// published document and in the one the server serves.
struct Operation {
    variant: Variant,
    id: String,
    method: reqwest::Method,
    path: String,
    published: Vec<Property>,
    served: Vec<Property>,
}

fn body_properties(document: &Value, operation: &Value) -> Vec<Property> {
    let mut found = Vec::new();
    if let Some(schema) = operation.pointer("/requestBody/content/application~1json/schema") {
        properties(document, schema, "", &mut found);
    }
    found
}

/// The operations of `published` (Fin's document) that the server hosts and that take a
/// body, each with its properties there and in the server's own document.
fn operations(variant: Variant, published: &Value) -> Vec<Operation> {
    let served = variant.source_document().unwrap();
    let mut found = Vec::new();
    for (path, item) in published["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let Some(id) = operation["operationId"].as_str() else {
                continue;
            };
            // Fin's own webhook: the helpdesk calls it, it does not serve it.
            if operation.get("requestBody").is_none() || path.contains("conversation_event") {
                continue;
            }
            let served_operation = served["paths"][path][method.as_str()].clone();
            found.push(Operation {
                variant,
                id: id.to_string(),
                method: method.to_uppercase().parse().unwrap(),
                path: path.clone(),
                published: body_properties(published, operation),
                served: body_properties(&served, &served_operation),
            });
        }
    }
    assert!(!found.is_empty(), "no operation with a body in {variant:?}");
    found
}

/// The fixtures every base request refers to.
struct Ids {
    user: String,
    conversation: String,
    message: String,
}

static FRESH: AtomicUsize = AtomicUsize::new(0);

fn fresh(what: &str) -> String {
    format!("ic_null_{what}_{}", FRESH.fetch_add(1, Ordering::Relaxed))
}

fn attachment() -> Value {
    json!([{"url": "https://files.example.com/a.png", "filetype": "image/png", "filename": "a.png"}])
}

/// A valid request for the operation with every property the documents name, so that
/// leaving one out or sending it as `null` changes something the answer could show.
fn base_request(operation: &Operation, ids: &Ids) -> Value {
    let created_at = "2025-10-27T14:30:00.000Z";
    let contact = json!({
        "id": ids.user, "name": "Ada", "email": "ada@example.com",
        "photo_url": "https://files.example.com/ada.png", "user_type": "end_user",
        "attributes": {"plan": "pro"},
    });
    match (operation.variant, operation.id.as_str()) {
        (_, "updateUser") => json!({"user_id": ids.user, "attributes": {"plan": "team"}}),
        (_, "createUser") => {
            json!({"name": "Grace", "email": "grace@example.com", "object_id": fresh("user")})
        }
        (_, "getUser") => json!({"user_id": ids.user}),
        (_, "getConversation") => json!({"conversation_id": ids.conversation}),
        (_, "getMessages") => json!({"conversation_id": ids.conversation, "after_id": ids.message}),
        (Variant::Rest, "updateConversation") => json!({
            "conversation_id": ids.conversation, "title": "Billing", "tags": ["billing"],
            "attributes": {"priority": "high"}, "status": "open", "assignee_id": FIN_AGENT,
            "last_user_read_at": created_at,
        }),
        (Variant::Posts, "updateConversation") => json!({
            "conversation_id": ids.conversation, "title": "Billing", "tags": ["billing"],
            "attributes": {"priority": "high"}, "status": "open", "assignee_id": FIN_AGENT,
            "last_user_read_at": created_at, "user": contact,
        }),
        (Variant::Rest, "createConversation") => json!({
            "title": "Refund", "user_id": ids.user, "object_id": fresh("conversation"),
            "initial_message": {
                "conversation_id": ids.conversation, "message_type": "comment",
                "body": "<p>Where is my refund?</p>",
                "author": {"id": ids.user, "user_type": "end_user"},
                "visibility": "public", "attributes": {"channel": "web"},
                "created_at": created_at, "object_id": fresh("message"),
                "attachments": attachment(),
            },
        }),
        (Variant::Posts, "createConversation") => json!({
            "title": "Refund", "user": contact, "object_id": fresh("conversation"),
            "attributes": {"channel": "web"},
            "initial_message": {
                "message_type": "comment", "body": "<p>Where is my refund?</p>",
                "author": {"id": ids.user, "user_type": "end_user", "name": "Ada",
                           "email": "ada@example.com", "photo_url": "https://files.example.com/ada.png"},
                "visibility": "public", "object_id": fresh("message"),
                "attachments": attachment(),
            },
        }),
        (Variant::Rest, "createMessage") => json!({
            "conversation_id": ids.conversation, "message_type": "comment",
            "body": "<p>Looking into it</p>", "author": {"id": FIN_AGENT, "user_type": "agent"},
            "visibility": "public", "created_at": created_at, "object_id": fresh("message"),
            "attachments": attachment(),
        }),
        (Variant::Posts, "createMessage") => json!({
            "message_type": "comment", "body": "<p>Looking into it</p>",
            "author": {"id": FIN_AGENT, "user_type": "agent", "name": "Fin",
                       "email": "fin@example.com", "photo_url": "https://files.example.com/fin.png"},
            "visibility": "public", "object_id": fresh("message"), "attachments": attachment(),
            "conversation_id": ids.conversation,
        }),
        (Variant::Agents, "updateHelpdeskConversation") => {
            json!({"status": "open", "assignee_id": HUMAN_AGENT})
        }
        (Variant::Agents, "createHelpdeskMessage") => json!({
            "body": "<p>Taking over</p>", "visibility": "public", "attachments": attachment(),
            "object_id": fresh("agent_message"),
        }),
        (variant, id) => panic!(
            "{variant:?} {id} has a request body and no base request here: add one naming every property"
        ),
    }
}

/// The answer as far as it is the server's to decide: without the request id, the
/// conversation's `updated_at` (each write moves it), and the place in the body text
/// where serde noticed a problem (the two bodies differ in length). A create without its
/// idempotency key makes a new object each time: its id and time are then its own.
fn comparable(answer: &Answer, fresh_object: bool) -> (u16, Value) {
    fn scrub(value: &mut Value) {
        match value {
            Value::Object(object) => {
                object.remove("request_id");
                object.remove("updated_at");
                object.values_mut().for_each(scrub);
            }
            Value::Array(items) => items.iter_mut().for_each(scrub),
            Value::String(text) => {
                if let Some(at) = text.find(" at line ") {
                    text.truncate(at);
                }
            }
            _ => {}
        }
    }
    let mut json = answer.json.clone();
    scrub(&mut json);
    if fresh_object && let Value::Object(object) = &mut json {
        object.remove("id");
        object.remove("created_at");
    }
    (answer.status, json)
}

fn remove(request: &mut Value, pointer: &str) {
    let (parent, name) = pointer.rsplit_once('/').unwrap();
    if let Some(Value::Object(object)) = request.pointer_mut(parent) {
        object.remove(name);
    }
}

fn set_null(request: &mut Value, pointer: &str) {
    *request.pointer_mut(pointer).unwrap() = Value::Null;
}

async fn send(t: &TestServer, operation: &Operation, ids: &Ids, request: &Value) -> Answer {
    let bytes = serde_json::to_vec(request).unwrap();
    let path = operation
        .path
        .replace("{conversation_id}", &ids.conversation);
    let builder = if operation.variant == Variant::Agents {
        t.http
            .request(operation.method.clone(), t.url(&path))
            .bearer_auth(AGENT_TOKEN)
            .header("content-type", "application/json")
            .body(bytes)
    } else {
        t.request(operation.method.clone(), &path, Some(&bytes))
    };
    Answer::of(builder.send().await.unwrap()).await
}

/// The properties whose `null` must mean "left out": optional in Fin's document, not
/// nullable there, and without a meaning of their own in the server's.
fn nulled_as_absent(operation: &Operation) -> Vec<&Property> {
    operation
        .published
        .iter()
        .filter(|property| !property.required && !property.nullable)
        .filter(|property| {
            !operation
                .served
                .iter()
                .any(|served| served.pointer == property.pointer && served.tristate)
        })
        .collect()
}

/// The agents' API documents its own properties; the rest is as for Fin's.
fn agents_operations() -> Vec<Operation> {
    let document = Variant::Agents.source_document().unwrap();
    let mut found = operations(Variant::Agents, &document);
    for operation in &mut found {
        operation.published = operation.served.clone();
    }
    found
}

async fn fixtures(t: &TestServer) -> Ids {
    t.state
        .store
        .add_agent_token(&hash_token(AGENT_TOKEN), HUMAN_AGENT)
        .await
        .unwrap();
    let (user, created) = crate::common::user_and_conversation(&t.rest).await;
    Ids {
        user: user.id,
        conversation: created.conversation.id,
        message: created.message.id,
    }
}

/// Every optional property of every operation, sent as `null` alone and all together,
/// gets exactly the answer of the same request without it.
#[tokio::test]
async fn null_for_an_optional_property_is_answered_as_if_it_were_left_out() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let ids = fixtures(&t).await;
    let mut all = operations(
        Variant::Rest,
        &serde_norway::from_str(PUBLISHED_REST).unwrap(),
    );
    all.extend(operations(
        Variant::Posts,
        &serde_norway::from_str(PUBLISHED_POSTS).unwrap(),
    ));
    all.extend(agents_operations());

    let mut compared = 0;
    let mut touched = Vec::new();
    for operation in &all {
        let properties = nulled_as_absent(operation);
        let mut optional_and_accepted = Vec::new();
        for property in &properties {
            let base = base_request(operation, &ids);
            assert!(
                base.pointer(&property.pointer).is_some(),
                "the base request of {:?} {} lacks {}: add it so that the test covers it",
                operation.variant,
                operation.id,
                property.pointer
            );
            let mut left_out = base.clone();
            remove(&mut left_out, &property.pointer);
            let mut null = base;
            set_null(&mut null, &property.pointer);
            // Left out first: a create sent again with the same object_id is a replay, so
            // `null` meaning anything else than absent would be a 409 or another object.
            let without = send(&t, operation, &ids, &left_out).await;
            let with_null = send(&t, operation, &ids, &null).await;
            let fresh_object = property.pointer == "/object_id";
            assert_eq!(
                comparable(&with_null, fresh_object),
                comparable(&without, fresh_object),
                "{:?} {}: `{}` sent as null\n  null: {}\n  left out: {}",
                operation.variant,
                operation.id,
                property.pointer,
                with_null.text,
                without.text
            );
            compared += 1;
            touched.push(format!(
                "{:?} {} {}",
                operation.variant, operation.id, property.pointer
            ));
            if (200..300).contains(&without.status) {
                optional_and_accepted.push(property.pointer.clone());
            }
        }
        // All together: every property the server takes as optional, outermost first
        // (a `null` object has no properties of its own to send).
        let mut outermost: Vec<&String> = Vec::new();
        for pointer in &optional_and_accepted {
            if !outermost
                .iter()
                .any(|outer| pointer.starts_with(&format!("{outer}/")))
            {
                outermost.push(pointer);
            }
        }
        if outermost.is_empty() {
            continue;
        }
        let base = base_request(operation, &ids);
        let mut left_out = base.clone();
        let mut null = base;
        for pointer in &outermost {
            remove(&mut left_out, pointer);
            set_null(&mut null, pointer);
        }
        let without = send(&t, operation, &ids, &left_out).await;
        let with_null = send(&t, operation, &ids, &null).await;
        let fresh_object = outermost.iter().any(|pointer| *pointer == "/object_id");
        assert_eq!(
            comparable(&with_null, fresh_object),
            comparable(&without, fresh_object),
            "{:?} {}: {outermost:?} all sent as null\n  null: {}\n  left out: {}",
            operation.variant,
            operation.id,
            with_null.text,
            without.text
        );
        compared += 1;
    }
    // Both published variants and the agents' API took part.
    assert!(compared > 80, "only {compared} comparisons");
    eprintln!(
        "compared {compared} requests; properties sent as null:\n{}",
        touched.join("\n")
    );
    t.shutdown().await;
}

/// POSTs `body` to the POST-only variant and expects a 2xx envelope; returns `data`.
async fn posts_ok(t: &TestServer, path: &str, body: Value) -> Value {
    let answer = t.post_raw(path, &serde_json::to_vec(&body).unwrap()).await;
    assert!(
        (200..300).contains(&answer.status),
        "{path} {body}: {} {}",
        answer.status,
        answer.text
    );
    assert!(answer.json["error"].is_null(), "{path}: {}", answer.text);
    answer.json["data"].clone()
}

fn message_ids(data: &Value) -> Vec<String> {
    data.as_array()
        .unwrap_or_else(|| panic!("not a list of messages: {data}"))
        .iter()
        .map(|message| message["id"].as_str().unwrap().to_string())
        .collect()
}

/// A whole POST-only synchronisation as a client sends it when it serialises every unset
/// optional property as `null` (Ruby, Python and JavaScript clients do by default): from
/// the first `get_messages` (`after_id: null`, nothing seen yet) to the last. The three
/// properties whose `null` means something of its own (`title`, `assignee_id`,
/// `last_user_read_at`: `assignee_id: null` hands over to a human) are left out instead.
#[tokio::test]
async fn a_post_only_sync_sending_null_for_every_unset_property_goes_through() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;

    let agents = posts_ok(&t, "/get_agents", json!({})).await;
    assert!(
        agents
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == FIN_AGENT)
    );
    let user_input = json!({
        "id": "ic_sync_user", "name": "Ada", "email": null, "photo_url": null,
        "user_type": null, "attributes": null,
    });
    let created = posts_ok(
        &t,
        "/create_conversation",
        json!({
            "title": null, "user": user_input, "object_id": "ic_sync_conv", "attributes": null,
            "initial_message": {
                "message_type": null, "body": "<p>My parcel is late</p>",
                "author": {"id": "ic_sync_user", "user_type": "end_user", "name": null,
                           "email": null, "photo_url": null},
                "visibility": null, "object_id": "ic_sync_msg_1", "attachments": null,
            },
        }),
    )
    .await;
    let conversation = created["conversation"]["id"].as_str().unwrap().to_string();
    let first = created["message"]["id"].as_str().unwrap().to_string();
    assert_eq!(created["message"]["visibility"], "public");
    assert_eq!(created["message"]["message_type"], "comment");

    // The first sync: nothing seen yet.
    let page = posts_ok(
        &t,
        "/get_messages",
        json!({"conversation_id": conversation, "after_id": null}),
    )
    .await;
    assert_eq!(message_ids(&page), std::slice::from_ref(&first));

    let mut seen = first;
    let mut replies = Vec::new();
    for n in 0..3 {
        let reply = posts_ok(
            &t,
            "/create_message",
            json!({
                "message_type": null, "body": format!("<p>Reply {n}</p>"),
                "author": {"id": FIN_AGENT, "user_type": "agent", "name": null, "email": null,
                           "photo_url": null},
                "visibility": null, "object_id": format!("ic_sync_reply_{n}"),
                "attachments": null, "conversation_id": conversation,
            }),
        )
        .await;
        replies.push(reply["id"].as_str().unwrap().to_string());
        let page = posts_ok(
            &t,
            "/get_messages",
            json!({"conversation_id": conversation, "after_id": seen}),
        )
        .await;
        assert_eq!(message_ids(&page), [replies[n].clone()]);
        seen = replies[n].clone();
    }
    let updated = posts_ok(
        &t,
        "/update_conversation",
        json!({
            "conversation_id": conversation, "tags": null, "attributes": null,
            "status": "resolved", "user": null,
        }),
    )
    .await;
    assert_eq!(updated["status"], "resolved");
    // Left out, `assignee_id` stays as it was: nobody.
    assert!(updated["assignee_id"].is_null(), "{updated}");
    posts_ok(
        &t,
        "/update_user",
        json!({"user_id": created["conversation"]["user"]["id"], "attributes": null}),
    )
    .await;
    let user = posts_ok(
        &t,
        "/get_user",
        json!({"user_id": created["conversation"]["user"]["id"]}),
    )
    .await;
    assert_eq!(user["name"], "Ada");
    // The last sync: everything seen.
    let page = posts_ok(
        &t,
        "/get_messages",
        json!({"conversation_id": conversation, "after_id": seen}),
    )
    .await;
    assert_eq!(message_ids(&page), Vec::<String>::new());
    let all = posts_ok(
        &t,
        "/get_messages",
        json!({"conversation_id": conversation, "after_id": null}),
    )
    .await;
    assert_eq!(message_ids(&all).len(), 4);
    t.shutdown().await;
}

/// What else Fin's clients plausibly send: a media type with parameters, properties the
/// document does not name yet (Intercom adds one before the helpdesk regenerates), and a
/// POST-only `get_agents` with no body at all.
#[tokio::test]
async fn what_fin_plausibly_sends_is_taken() {
    let db = TestDb::new().await;
    let t = TestServer::start(&db).await;
    let ids = fixtures(&t).await;

    for content_type in [
        "application/json; charset=utf-8",
        "application/json;charset=UTF-8",
        "Application/JSON",
    ] {
        let send = |method: reqwest::Method, path: &'static str, body: Vec<u8>| {
            let request = t.request_as(method, path, Some(&body), content_type).send();
            async move { Answer::of(request.await.unwrap()).await }
        };
        let body = serde_json::to_vec(&json!({"user_id": ids.user})).unwrap();
        let answer = send(reqwest::Method::POST, "/get_user", body).await;
        assert_eq!(answer.status, 200, "{content_type}: {}", answer.text);
        assert_eq!(answer.json["data"]["id"], json!(ids.user));
        let body = br#"{"user_id": "nope", "attributes": {}}"#.to_vec();
        let answer = send(reqwest::Method::PUT, "/user", body).await;
        assert_eq!(answer.status, 404, "{content_type}: {}", answer.text);
    }

    // Unknown properties, at the top and nested, in both variants.
    let posts = posts_ok(
        &t,
        "/create_message",
        json!({
            "conversation_id": ids.conversation, "object_id": "ic_unknown_1",
            "body": "<p>New field</p>", "fin_new_field": {"nested": [1, null]},
            "author": {"id": FIN_AGENT, "user_type": "agent", "fin_author_hint": "x"},
        }),
    )
    .await;
    assert_eq!(posts["body"], "<p>New field</p>");
    let rest = t
        .post_raw(
            "/messages",
            &serde_json::to_vec(&json!({
                "conversation_id": ids.conversation, "object_id": "ic_unknown_2",
                "body": "<p>New field</p>", "fin_new_field": null,
                "author": {"id": FIN_AGENT, "user_type": "agent", "fin_author_hint": 1},
            }))
            .unwrap(),
        )
        .await;
    assert_eq!(rest.status, 201, "{}", rest.text);

    // get_agents without a body, without a content type; and with an empty object.
    let bare = Answer::of(
        t.request(reqwest::Method::POST, "/get_agents", None)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(bare.status, 200, "{}", bare.text);
    assert!(bare.json["data"].as_array().is_some_and(|a| a.len() == 2));
    let empty_object = posts_ok(&t, "/get_agents", json!({})).await;
    assert_eq!(empty_object, bare.json["data"]);
    t.shutdown().await;
}
