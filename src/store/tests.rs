//! The store test suite, written once against `Arc<dyn Store>` and run on a fresh SQLite
//! file and, when `FIN_HELPDESK_TEST_POSTGRES_URL` is set, on PostgreSQL too (each test in
//! its own schema, so tests run in parallel without seeing each other's rows).

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use serde_json::json;

use super::cache;
use super::error::{ErrorKind, StoreError, corrupt};
use super::open;
use super::options::OpenOptions;
use super::records::{
    AccessTokenRecord, AgentRecord, AttachmentRecord, AuthorRecord, AuthorRef, Claim,
    ConversationChanges, ConversationFilter, ConversationRecord, ConversationStatus, Erased,
    EventKind, EventState, InboxSessionRecord, JsonMap, MessageVisibility, NewAgent,
    NewConversation, NewMessage, NewUser, Outcome, RETENTION_MESSAGES_PER_BATCH, Requeue,
    SyncEvent, UserChanges, UserRecord, now, truncate_ms,
};
use super::rules::retention_batch;
use super::traits::Store;
use crate::tristate::Tristate;
use rusqlite::ffi;

const PG_ENV: &str = "FIN_HELPDESK_TEST_POSTGRES_URL";

async fn sqlite_store() -> (Arc<dyn Store>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("store.db").display());
    (open(&url, &OpenOptions::default()).await.unwrap(), dir)
}

/// A store in a new schema of the test database, or `None` when no database is configured.
async fn postgres_store() -> Option<Arc<dyn Store>> {
    let url = postgres_url().await?;
    Some(open(&url, &OpenOptions::default()).await.unwrap())
}

/// The URL of a new schema of the test database, its connections named after it
/// (`application_name`), or `None` when no database is configured.
pub(super) async fn postgres_url() -> Option<String> {
    let url = std::env::var(PG_ENV).ok()?;
    let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
    let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    Some(format!(
        "{url}{sep}options[search_path]={schema}&application_name={schema}"
    ))
}

/// Turns each named `async fn(Arc<dyn Store>)` into a module with one test per backend.
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {
        $(mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let (store, _dir) = super::sqlite_store().await;
                super::$name(store).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                match super::postgres_store().await {
                    Some(store) => super::$name(store).await,
                    None => eprintln!("skipped: {} not set", super::PG_ENV),
                }
            }
        })*
    };
}

on_both!(
    a_conversation_read_again_after_a_write_is_fresh,
    a_message_page_read_again_after_a_write_is_fresh,
    idempotent_user_create,
    concurrent_creates_converge,
    conversation_create_replay_and_message_conflict,
    user_attribute_merge_and_upsert,
    assignee_three_way_and_listing,
    after_id_paging,
    listings_across_query_batches,
    last_messages_of_several_conversations,
    concurrent_writers_never_skip_a_cursor,
    concurrent_message_outcomes,
    an_end_user_writes_only_in_their_own_conversation_when_asked,
    outbox_merges_sync_events,
    claim_never_hands_out_twice,
    released_claims_are_due_at_once,
    retry_dead_requeue,
    only_the_current_claim_records_an_outcome,
    delivered_events_are_purged_after_the_retention,
    events_are_listed_in_pages,
    credentials,
    inbox_sessions,
    signature_replays,
    agent_removal,
    validation_errors,
    a_value_the_database_cannot_hold_is_refused_not_unavailable,
    erasing_a_user_removes_everything_about_them_and_nothing_else,
    retention_removes_old_closed_conversations_only,
    concurrent_retention_sweeps_share_the_work,
);

// --- fixtures ---

fn new_user(object_id: Option<&str>, fingerprint: &str) -> NewUser {
    NewUser {
        object_id: object_id.map(Into::into),
        fingerprint: fingerprint.into(),
        name: Some("Ada".into()),
        email: Some("ada@example.com".into()),
        photo_url: None,
        attributes: json!({"plan": "pro"}).as_object().unwrap().clone(),
    }
}

pub(super) async fn user(s: &Arc<dyn Store>) -> UserRecord {
    s.create_user(new_user(None, "f")).await.unwrap().record
}

async fn agent(s: &Arc<dyn Store>, id: &str) -> AgentRecord {
    s.add_agent(NewAgent {
        id: Some(id.into()),
        name: Some(format!("Agent {id}")),
        email: Some(format!("{id}@example.com")),
        ..NewAgent::default()
    })
    .await
    .unwrap()
}

pub(super) fn message(
    conversation_id: &str,
    author: AuthorRef,
    object_id: Option<&str>,
    body: &str,
) -> NewMessage {
    NewMessage {
        object_id: object_id.map(Into::into),
        fingerprint: format!("fp-{body}"),
        conversation_id: conversation_id.into(),
        message_type: "comment".into(),
        body: Some(body.into()),
        author,
        visibility: MessageVisibility::Public,
        attachments: vec![AttachmentRecord {
            url: "https://example.com/a.pdf".into(),
            filetype: Some("pdf".into()),
            filename: None,
        }],
        created_at: None,
        own_conversation_only: false,
    }
}

fn new_conversation(
    user_id: &str,
    object_id: Option<&str>,
    message_object_id: Option<&str>,
) -> NewConversation {
    NewConversation {
        object_id: object_id.map(Into::into),
        fingerprint: "conv-fp".into(),
        user_id: user_id.into(),
        title: Some("Pricing".into()),
        tags: vec!["billing".into()],
        attributes: json!({"priority": 1}).as_object().unwrap().clone(),
        status: ConversationStatus::Open,
        assignee_id: None,
        initial_message: message(
            "",
            AuthorRef::EndUser(user_id.into()),
            message_object_id,
            "hello",
        ),
    }
}

pub(super) async fn conversation(s: &Arc<dyn Store>, user: &UserRecord) -> ConversationRecord {
    s.create_conversation(new_conversation(&user.id, None, None))
        .await
        .unwrap()
        .record
        .0
}

// --- tests ---

async fn close(s: &Arc<dyn Store>, id: &str, status: ConversationStatus) {
    let changes = ConversationChanges {
        status: Some(status),
        ..ConversationChanges::default()
    };
    s.update_conversation(id, changes, SyncEvent::Queue)
        .await
        .unwrap()
        .unwrap();
}

async fn retention_removes_old_closed_conversations_only(s: Arc<dyn Store>) {
    let ada = user(&s).await;
    let (old, older) = (conversation(&s, &ada).await, conversation(&s, &ada).await);
    let reply = message(&old.id, AuthorRef::EndUser(ada.id.clone()), None, "more");
    s.create_message(reply, SyncEvent::Queue).await.unwrap();
    close(&s, &old.id, ConversationStatus::Closed).await;
    close(&s, &older.id, ConversationStatus::Closed).await;
    let open = conversation(&s, &ada).await;
    let resolved = conversation(&s, &ada).await;
    close(&s, &resolved.id, ConversationStatus::Resolved).await;
    // Timestamps have milliseconds: the cut-off is after every change above and before
    // the next one.
    tokio::time::sleep(Duration::from_millis(5)).await;
    let cut = now();
    tokio::time::sleep(Duration::from_millis(5)).await;
    let recent = conversation(&s, &ada).await;
    close(&s, &recent.id, ConversationStatus::Closed).await;
    let events_before = s.list_events(None, None, None).await.unwrap();
    assert!(events_before.iter().any(|e| e.conversation_id == old.id));

    assert_eq!(s.purge_closed_conversations(cut, 1).await.unwrap(), 1);
    assert_eq!(s.purge_closed_conversations(cut, 100).await.unwrap(), 1);
    assert_eq!(s.purge_closed_conversations(cut, 100).await.unwrap(), 0);
    for gone in [&old, &older] {
        assert!(s.get_conversation(&gone.id).await.unwrap().is_none());
        // SQLite answers NotFound for an unknown conversation's messages, PostgreSQL
        // an empty list (the service checks the conversation first either way).
        match s.list_messages(&gone.id, None).await {
            Ok(messages) => assert!(messages.is_empty()),
            Err(error) => assert_eq!(error.kind(), ErrorKind::NotFound, "{error}"),
        }
    }
    let events = s.list_events(None, None, None).await.unwrap();
    assert!(
        events
            .iter()
            .all(|e| e.conversation_id != old.id && e.conversation_id != older.id)
    );
    assert!(events.iter().any(|e| e.conversation_id == recent.id));
    for kept in [&open, &resolved, &recent] {
        assert!(s.get_conversation(&kept.id).await.unwrap().is_some());
        assert_eq!(s.list_messages(&kept.id, None).await.unwrap().len(), 1);
    }
    // The end user stays: only conversations age out.
    assert!(s.get_user(&ada.id).await.unwrap().is_some());
    // A message for a removed conversation is refused as for any unknown one.
    let late = message(&old.id, AuthorRef::EndUser(ada.id.clone()), None, "late");
    let error = s.create_message(late, SyncEvent::Skip).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound, "{error}");
}

/// Two sweepers (replicas) at once: neither fails, and together they remove each
/// conversation once.
async fn concurrent_retention_sweeps_share_the_work(s: Arc<dyn Store>) {
    let ada = user(&s).await;
    for _ in 0..40 {
        let c = conversation(&s, &ada).await;
        close(&s, &c.id, ConversationStatus::Closed).await;
    }
    tokio::time::sleep(Duration::from_millis(5)).await;
    let cut = now();
    let sweep = |s: Arc<dyn Store>| async move {
        let mut removed = 0;
        loop {
            match s.purge_closed_conversations(cut, 3).await.unwrap() {
                0 => return removed,
                n => removed += n,
            }
        }
    };
    let (a, b) = tokio::join!(
        tokio::spawn(sweep(s.clone())),
        tokio::spawn(sweep(s.clone()))
    );
    assert_eq!(a.unwrap() + b.unwrap(), 40);
    let left = s
        .list_conversations(ConversationFilter::default())
        .await
        .unwrap();
    assert!(left.is_empty());
}

#[test]
fn a_retention_batch_keeps_to_its_message_budget() {
    let ids = |sizes: &[i64]| {
        retention_batch(
            sizes
                .iter()
                .enumerate()
                .map(|(i, n)| (i.to_string(), *n))
                .collect(),
        )
    };
    let budget = RETENTION_MESSAGES_PER_BATCH;
    assert_eq!(ids(&[1, 1, 1]), ["0", "1", "2"]);
    assert_eq!(ids(&[budget - 1, 1, 1]), ["0", "1"]);
    // A conversation larger than the budget goes alone.
    assert_eq!(ids(&[budget * 3, 1]), ["0"]);
    assert!(ids(&[]).is_empty());
}

async fn erasing_a_user_removes_everything_about_them_and_nothing_else(s: Arc<dyn Store>) {
    let ada = user(&s).await;
    let other = s.create_user(new_user(None, "other")).await.unwrap().record;
    let first = conversation(&s, &ada).await;
    let second = conversation(&s, &ada).await;
    let kept = conversation(&s, &other).await;
    // A second message in one of hers (an attachment each), and one she wrote in another.
    let reply = message(&first.id, AuthorRef::EndUser(ada.id.clone()), None, "more");
    s.create_message(reply, SyncEvent::Queue).await.unwrap();
    let elsewhere = message(&kept.id, AuthorRef::EndUser(ada.id.clone()), None, "hi");
    s.create_message(elsewhere, SyncEvent::Skip).await.unwrap();
    assert_eq!(
        s.user_conversations(&ada.id)
            .await
            .unwrap()
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>(),
        [first.id.as_str(), second.id.as_str()]
    );

    let erased = s.erase_user(&ada.id).await.unwrap();
    assert_eq!(
        erased,
        Erased {
            users: 1,
            conversations: 2,
            messages: 4,
            attachments: 4,
            outbox_events: 1,
        }
    );
    assert!(s.get_user(&ada.id).await.unwrap().is_none());
    assert!(s.get_conversation(&first.id).await.unwrap().is_none());
    assert!(s.user_conversations(&ada.id).await.unwrap().is_empty());
    assert!(s.list_events(None, None, None).await.unwrap().is_empty());
    // The other user's conversation keeps its own message only.
    let left = s.list_messages(&kept.id, None).await.unwrap();
    assert_eq!(left.len(), 1);
    assert!(s.get_user(&other.id).await.unwrap().is_some());
    // Nothing left the second time.
    assert!(s.erase_user(&ada.id).await.unwrap().is_nothing());
}

async fn idempotent_user_create(s: Arc<dyn Store>) {
    let first = s.create_user(new_user(Some("ic_1"), "a")).await.unwrap();
    assert_eq!(first.outcome, Outcome::Created);
    assert!(first.record.id.starts_with("user_"));
    assert_eq!(
        s.get_user(&first.record.id).await.unwrap().as_ref(),
        Some(&first.record)
    );

    let again = s.create_user(new_user(Some("ic_1"), "a")).await.unwrap();
    assert_eq!(again.outcome, Outcome::Replayed);
    assert_eq!(again.record, first.record);

    let other = s.create_user(new_user(Some("ic_1"), "b")).await.unwrap();
    assert_eq!(other.outcome, Outcome::Conflict);
    assert_eq!(other.record.id, first.record.id);

    // Without an object_id there is nothing to deduplicate on.
    let a = s.create_user(new_user(None, "a")).await.unwrap();
    let b = s.create_user(new_user(None, "a")).await.unwrap();
    assert_eq!((a.outcome, b.outcome), (Outcome::Created, Outcome::Created));
    assert_ne!(a.record.id, b.record.id);
}

async fn concurrent_creates_converge(s: Arc<dyn Store>) {
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let s = s.clone();
            tokio::spawn(async move { s.create_user(new_user(Some("same"), "fp")).await })
        })
        .collect();
    let mut ids = HashSet::new();
    let mut created = 0;
    for t in tasks {
        let c = t.await.unwrap().unwrap();
        ids.insert(c.record.id);
        if c.outcome == Outcome::Created {
            created += 1;
        } else {
            assert_eq!(c.outcome, Outcome::Replayed);
        }
    }
    assert_eq!((ids.len(), created), (1, 1));
    let user_id = ids.into_iter().next().unwrap();

    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let s = s.clone();
            let new = new_conversation(&user_id, Some("conv-same"), Some("msg-first"));
            tokio::spawn(async move { s.create_conversation(new).await })
        })
        .collect();
    let mut ids = HashSet::new();
    let mut created = 0;
    for t in tasks {
        let c = t.await.unwrap().unwrap();
        ids.insert((c.record.0.id.clone(), c.record.1.id.clone()));
        created += usize::from(c.outcome == Outcome::Created);
    }
    assert_eq!((ids.len(), created), (1, 1));
    let (conv_id, _) = ids.into_iter().next().unwrap();

    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let s = s.clone();
            let new = message(
                &conv_id,
                AuthorRef::EndUser(user_id.clone()),
                Some("msg-same"),
                "again",
            );
            tokio::spawn(async move { s.create_message(new, SyncEvent::Skip).await })
        })
        .collect();
    let mut ids = HashSet::new();
    for t in tasks {
        ids.insert(t.await.unwrap().unwrap().record.id);
    }
    assert_eq!(ids.len(), 1);
    assert_eq!(s.list_messages(&conv_id, None).await.unwrap().len(), 2);
    assert_eq!(
        s.list_conversations(ConversationFilter::default())
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn conversation_create_replay_and_message_conflict(s: Arc<dyn Store>) {
    let u = user(&s).await;
    let first = s
        .create_conversation(new_conversation(&u.id, Some("c1"), Some("m1")))
        .await
        .unwrap();
    assert_eq!(first.outcome, Outcome::Created);
    let (conv, msg) = &first.record;
    assert!(conv.id.starts_with("conv_") && msg.id.starts_with("msg_"));
    assert_eq!(msg.conversation_id, conv.id);
    assert_eq!(conv.user, u);
    assert_eq!(conv.tags, vec!["billing".to_string()]);
    assert_eq!(msg.author, AuthorRecord::EndUser(u.clone()));
    assert_eq!(msg.attachments.len(), 1);
    assert_eq!(
        s.get_conversation(&conv.id).await.unwrap().as_ref(),
        Some(conv)
    );

    let replay = s
        .create_conversation(new_conversation(&u.id, Some("c1"), Some("m1")))
        .await
        .unwrap();
    assert_eq!(replay.outcome, Outcome::Replayed);
    assert_eq!(replay.record, first.record);

    let mut changed = new_conversation(&u.id, Some("c1"), Some("m1"));
    changed.fingerprint = "other".into();
    assert_eq!(
        s.create_conversation(changed).await.unwrap().outcome,
        Outcome::Conflict
    );

    // A new conversation whose first message reuses an object_id: nothing is written.
    let clash = s
        .create_conversation(new_conversation(&u.id, Some("c2"), Some("m1")))
        .await
        .unwrap();
    assert_eq!(clash.outcome, Outcome::Conflict);
    assert_eq!(clash.record.0.id, conv.id);
    assert_eq!(
        s.list_conversations(ConversationFilter::default())
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(s.list_messages(&conv.id, None).await.unwrap().len(), 1);

    // The author is checked before the message's object_id, on both backends: an unknown
    // author is refused even when the object_id is taken.
    let mut unknown_author = new_conversation(&u.id, Some("c3"), Some("m1"));
    unknown_author.initial_message.author = AuthorRef::Agent("agent_missing".into());
    match s.create_conversation(unknown_author).await {
        Err(StoreError::Invalid {
            field: "author", ..
        }) => {}
        other => panic!("expected an invalid author, got {other:?}"),
    }
}

/// A conversation read once (and so cached, on SQLite) reflects every later write of the
/// same store, also one to the user it embeds or to its messages.
async fn a_conversation_read_again_after_a_write_is_fresh(s: Arc<dyn Store>) {
    let u = user(&s).await;
    let c = conversation(&s, &u).await;
    let first = s.get_conversation(&c.id).await.unwrap().unwrap();
    assert_eq!(s.get_conversation(&c.id).await.unwrap().unwrap(), first);
    let renamed = UserChanges {
        name: Tristate::Value("Renamed".into()),
        ..UserChanges::default()
    };
    s.update_user(&u.id, renamed).await.unwrap().unwrap();
    let after_user = s.get_conversation(&c.id).await.unwrap().unwrap();
    assert_eq!(after_user.user.name.as_deref(), Some("Renamed"));
    // The message moves the conversation's updated_at: let the clock pass a millisecond.
    tokio::time::sleep(Duration::from_millis(5)).await;
    let m = message(
        &c.id,
        AuthorRef::EndUser(u.id.clone()),
        Some("fresh-1"),
        "x",
    );
    s.create_message(m, SyncEvent::Skip).await.unwrap();
    let after_message = s.get_conversation(&c.id).await.unwrap().unwrap();
    assert!(after_message.updated_at > after_user.updated_at);
}

/// Both backends keep message pages (`cache.rs`): a page read again after any write of the
/// process, to its messages or to an author they embed, shows the write; a page too long to
/// keep is answered whole. (PostgreSQL keeps nothing until it listens, which this test does
/// not wait for: `postgres/tests.rs` checks its cache while listening.)
async fn a_message_page_read_again_after_a_write_is_fresh(s: Arc<dyn Store>) {
    let u = user(&s).await;
    let c = conversation(&s, &u).await;
    let first = s.list_messages(&c.id, None).await.unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(s.list_messages(&c.id, None).await.unwrap(), first);
    let from_first = Some(first[0].id.as_str());
    assert!(s.list_messages(&c.id, from_first).await.unwrap().is_empty());

    let renamed = UserChanges {
        name: Tristate::Value("Renamed".into()),
        ..UserChanges::default()
    };
    s.update_user(&u.id, renamed).await.unwrap().unwrap();
    let after_user = s.list_messages(&c.id, None).await.unwrap();
    match &after_user[0].author {
        AuthorRecord::EndUser(author) => assert_eq!(author.name.as_deref(), Some("Renamed")),
        other => panic!("the end user's message has author {other:?}"),
    }

    let author = || AuthorRef::EndUser(u.id.clone());
    s.create_message(
        message(&c.id, author(), Some("page-1"), "one"),
        SyncEvent::Skip,
    )
    .await
    .unwrap();
    let after_message = s.list_messages(&c.id, None).await.unwrap();
    assert_eq!(after_message.len(), 2);
    let after_first = s.list_messages(&c.id, from_first).await.unwrap();
    assert_eq!(after_first.len(), 1);
    assert_eq!(after_first[0].object_id.as_deref(), Some("page-1"));

    // Past the longest page kept: read twice, then once more after another message.
    for n in 0..cache::PAGE_CACHE_MAX_MESSAGES {
        let body = format!("long-{n}");
        s.create_message(message(&c.id, author(), None, &body), SyncEvent::Skip)
            .await
            .unwrap();
    }
    let long = s.list_messages(&c.id, None).await.unwrap();
    assert_eq!(long.len(), cache::PAGE_CACHE_MAX_MESSAGES + 2);
    assert_eq!(s.list_messages(&c.id, None).await.unwrap(), long);
    s.create_message(message(&c.id, author(), None, "last"), SyncEvent::Skip)
        .await
        .unwrap();
    let longer = s.list_messages(&c.id, None).await.unwrap();
    assert_eq!(longer.len(), long.len() + 1);
    assert_eq!(longer.last().unwrap().body.as_deref(), Some("last"));
}

async fn user_attribute_merge_and_upsert(s: Arc<dyn Store>) {
    let u = user(&s).await;
    let changes = UserChanges {
        email: Tristate::Null,
        merge_attributes: json!({"plan": "team", "seats": 5})
            .as_object()
            .unwrap()
            .clone(),
        ..UserChanges::default()
    };
    let updated = s.update_user(&u.id, changes).await.unwrap().unwrap();
    assert_eq!(updated.name.as_deref(), Some("Ada"));
    assert_eq!(updated.email, None);
    assert_eq!(
        serde_json::Value::Object(updated.attributes.clone()),
        json!({"plan": "team", "seats": 5})
    );
    assert!(updated.updated_at >= u.updated_at);
    assert_eq!(s.get_user(&u.id).await.unwrap(), Some(updated.clone()));

    let more = UserChanges {
        merge_attributes: json!({"vip": true}).as_object().unwrap().clone(),
        ..UserChanges::default()
    };
    let again = s.update_user(&u.id, more).await.unwrap().unwrap();
    assert_eq!(
        serde_json::Value::Object(again.attributes),
        json!({"plan": "team", "seats": 5, "vip": true})
    );

    assert_eq!(
        s.update_user("user_missing", UserChanges::default())
            .await
            .unwrap(),
        None
    );

    let upsert = |name: &str| UserChanges {
        name: Tristate::Value(name.into()),
        merge_attributes: json!({ name: 1 }).as_object().unwrap().clone(),
        ..UserChanges::default()
    };
    let created = s.upsert_user("ext-42", upsert("Bo")).await.unwrap();
    assert_eq!(
        (created.id.as_str(), created.name.as_deref()),
        ("ext-42", Some("Bo"))
    );
    let updated = s.upsert_user("ext-42", upsert("Cy")).await.unwrap();
    assert_eq!(updated.name.as_deref(), Some("Cy"));
    assert_eq!(
        serde_json::Value::Object(updated.attributes),
        json!({"Bo": 1, "Cy": 1})
    );
    assert_eq!(updated.created_at, created.created_at);
}

async fn assignee_three_way_and_listing(s: Arc<dyn Store>) {
    let u = user(&s).await;
    let a1 = agent(&s, "agent_one").await;
    let a2 = agent(&s, "agent_two").await;
    let mut new = new_conversation(&u.id, None, None);
    new.assignee_id = Some(a1.id.clone());
    let (conv, _) = s.create_conversation(new).await.unwrap().record;
    assert_eq!(conv.assignee.as_ref(), Some(&a1));

    let keep = ConversationChanges {
        title: Tristate::Null,
        ..ConversationChanges::default()
    };
    let c = s
        .update_conversation(&conv.id, keep, SyncEvent::Skip)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((c.assignee.as_ref(), c.title.as_deref()), (Some(&a1), None));
    assert!(c.updated_at >= conv.updated_at);

    let set = ConversationChanges {
        assignee_id: Tristate::Value(a2.id.clone()),
        ..ConversationChanges::default()
    };
    let c = s
        .update_conversation(&conv.id, set, SyncEvent::Skip)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.assignee.as_ref(), Some(&a2));

    let unassign = ConversationChanges {
        assignee_id: Tristate::Null,
        status: Some(ConversationStatus::Resolved),
        ..ConversationChanges::default()
    };
    let c = s
        .update_conversation(&conv.id, unassign, SyncEvent::Skip)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((c.assignee.as_ref(), c.status.as_str()), (None, "resolved"));

    let now = truncate_ms(Utc::now());
    let other = ConversationChanges {
        tags: Some(vec!["x".into(), "y".into()]),
        attributes: Some(json!({"k": "v"}).as_object().unwrap().clone()),
        last_user_read_at: Tristate::Value(now),
        ..ConversationChanges::default()
    };
    let c = s
        .update_conversation(&conv.id, other, SyncEvent::Skip)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.assignee, None, "Keep after unassign stays unassigned");
    assert_eq!(c.tags, vec!["x".to_string(), "y".to_string()]);
    assert_eq!(c.last_user_read_at, Some(now));
    assert_eq!(s.get_conversation(&conv.id).await.unwrap(), Some(c.clone()));

    let bad = ConversationChanges {
        assignee_id: Tristate::Value("agent_nobody".into()),
        ..ConversationChanges::default()
    };
    match s.update_conversation(&conv.id, bad, SyncEvent::Skip).await {
        Err(StoreError::Invalid {
            field: "assignee_id",
            ..
        }) => {}
        other => panic!("expected Invalid assignee_id, got {other:?}"),
    }
    assert_eq!(
        s.update_conversation(
            "conv_missing",
            ConversationChanges::default(),
            SyncEvent::Skip
        )
        .await
        .unwrap(),
        None
    );

    // Listing: newest-updated first, with filters.
    let mut new = new_conversation(&u.id, None, None);
    new.assignee_id = Some(a1.id.clone());
    let (second, _) = s.create_conversation(new).await.unwrap().record;
    let all = s
        .list_conversations(ConversationFilter::default())
        .await
        .unwrap();
    assert_eq!(
        all.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
        [second.id.as_str(), conv.id.as_str()]
    );
    let by = |f: ConversationFilter| {
        let s = s.clone();
        async move {
            s.list_conversations(f)
                .await
                .unwrap()
                .into_iter()
                .map(|c| c.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        by(ConversationFilter {
            unassigned: true,
            ..Default::default()
        })
        .await,
        vec![conv.id.clone()]
    );
    assert_eq!(
        by(ConversationFilter {
            assignee_id: Some(a1.id.clone()),
            ..Default::default()
        })
        .await,
        vec![second.id.clone()]
    );
    assert_eq!(
        by(ConversationFilter {
            status: Some(ConversationStatus::Resolved),
            ..Default::default()
        })
        .await,
        vec![conv.id.clone()]
    );
    assert_eq!(
        by(ConversationFilter {
            limit: Some(1),
            ..Default::default()
        })
        .await,
        vec![second.id.clone()]
    );
    // A new message moves its conversation to the top. Timestamps have millisecond
    // resolution and ties fall back to id order, so the bump must land in a later
    // millisecond than the last update of `second` (the SQLite store is fast enough now
    // for both to share one).
    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    s.create_message(
        message(&conv.id, AuthorRef::EndUser(u.id.clone()), None, "bump"),
        SyncEvent::Skip,
    )
    .await
    .unwrap();
    assert_eq!(by(ConversationFilter::default()).await[0], conv.id);
}

/// PostgreSQL reads a listing a batch at a time (4 rows under test): a listing of exactly
/// two batches, one of more, and one starting at a batch's edge are each whole and in order.
async fn listings_across_query_batches(s: Arc<dyn Store>) {
    let u = user(&s).await;
    let conv = conversation(&s, &u).await;
    let mut ids = vec![s.list_messages(&conv.id, None).await.unwrap()[0].id.clone()];
    let listed = |after: Option<String>| {
        let s = s.clone();
        let conv_id = conv.id.clone();
        async move {
            s.list_messages(&conv_id, after.as_deref())
                .await
                .unwrap()
                .into_iter()
                .map(|m| m.id)
                .collect::<Vec<_>>()
        }
    };
    for i in 0..10 {
        let m = s
            .create_message(
                message(
                    &conv.id,
                    AuthorRef::EndUser(u.id.clone()),
                    Some(&format!("batch{i}")),
                    &format!("b{i}"),
                ),
                SyncEvent::Skip,
            )
            .await
            .unwrap();
        ids.push(m.record.id);
        if ids.len() == 8 {
            assert_eq!(listed(None).await, ids, "two whole batches");
        }
    }
    assert_eq!(listed(None).await, ids);
    assert_eq!(listed(Some(ids[3].clone())).await, ids[4..]);
    assert_eq!(listed(Some(ids[6].clone())).await, ids[7..]);
}

/// A conversation always has its first message (the store creates both together), so
/// "no messages" is seen here only for unknown ids, which have no entry.
async fn last_messages_of_several_conversations(s: Arc<dyn Store>) {
    assert!(s.last_messages(&[]).await.unwrap().is_empty());
    let u = user(&s).await;
    let a = agent(&s, "agent_lasts").await;
    let only_first = conversation(&s, &u).await;
    let with_reply = conversation(&s, &u).await;
    let with_note = conversation(&s, &u).await;
    for body in ["one", "two", "three"] {
        s.create_message(
            message(&with_reply.id, AuthorRef::EndUser(u.id.clone()), None, body),
            SyncEvent::Skip,
        )
        .await
        .unwrap();
    }
    let reply = s
        .create_message(
            message(
                &with_reply.id,
                AuthorRef::Agent(a.id.clone()),
                None,
                "reply",
            ),
            SyncEvent::Skip,
        )
        .await
        .unwrap()
        .record;
    s.create_message(
        message(
            &with_note.id,
            AuthorRef::Agent(a.id.clone()),
            None,
            "public",
        ),
        SyncEvent::Skip,
    )
    .await
    .unwrap();
    let mut private = message(&with_note.id, AuthorRef::Agent(a.id.clone()), None, "note");
    private.visibility = MessageVisibility::Private;
    let note = s
        .create_message(private, SyncEvent::Skip)
        .await
        .unwrap()
        .record;

    let ids: Vec<String> = [&only_first.id, &with_reply.id, &with_note.id]
        .into_iter()
        .cloned()
        .chain(["conv_unknown".to_string()])
        .collect();
    let lasts = s.last_messages(&ids).await.unwrap();
    assert_eq!(lasts.len(), 3, "{lasts:?}");
    assert!(!lasts.contains_key("conv_unknown"));
    let first = &s.list_messages(&only_first.id, None).await.unwrap()[0];
    assert_eq!(&lasts[&only_first.id], first);
    assert_eq!(lasts[&with_reply.id], reply);
    assert_eq!(lasts[&with_note.id], note);
    assert_eq!(lasts[&with_note.id].visibility, MessageVisibility::Private);
    // The same as the last of the full list, which the inbox read before.
    for id in &ids[..3] {
        let all = s.list_messages(id, None).await.unwrap();
        assert_eq!(all.last(), lasts.get(id));
    }
    // Only unknown ids: nothing.
    assert!(
        s.last_messages(&["conv_unknown".to_string()])
            .await
            .unwrap()
            .is_empty()
    );
}

async fn after_id_paging(s: Arc<dyn Store>) {
    let u = user(&s).await;
    let a = agent(&s, "agent_pager").await;
    let conv = conversation(&s, &u).await;
    let mut ids = vec![s.list_messages(&conv.id, None).await.unwrap()[0].id.clone()];
    for i in 0..5 {
        let author = if i % 2 == 0 {
            AuthorRef::Agent(a.id.clone())
        } else {
            AuthorRef::EndUser(u.id.clone())
        };
        let m = s
            .create_message(
                message(&conv.id, author, Some(&format!("pm{i}")), &format!("m{i}")),
                SyncEvent::Skip,
            )
            .await
            .unwrap();
        assert_eq!(m.outcome, Outcome::Created);
        ids.push(m.record.id);
    }
    let listed = |after: Option<String>| {
        let s = s.clone();
        let conv_id = conv.id.clone();
        async move {
            s.list_messages(&conv_id, after.as_deref())
                .await
                .unwrap()
                .into_iter()
                .map(|m| m.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(listed(None).await, ids);
    assert_eq!(listed(Some(ids[2].clone())).await, ids[3..]);
    assert!(listed(Some(ids[5].clone())).await.is_empty());
    // An unknown cursor returns everything rather than silently nothing.
    assert_eq!(listed(Some("msg_unknown".into())).await, ids);

    let all = s.list_messages(&conv.id, None).await.unwrap();
    // Authors alternate, so later rows repeat authors already read in the same listing.
    for (i, message) in all.iter().enumerate().skip(1) {
        let expected = if i % 2 == 1 {
            AuthorRecord::Agent(a.clone())
        } else {
            AuthorRecord::EndUser(u.clone())
        };
        assert_eq!(message.author, expected, "message {i}");
    }

    match s.list_messages("conv_missing", None).await {
        Err(StoreError::NotFound {
            what: "conversation",
            ..
        }) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }
    match s
        .create_message(
            message("conv_missing", AuthorRef::EndUser(u.id.clone()), None, "x"),
            SyncEvent::Skip,
        )
        .await
    {
        Err(StoreError::NotFound {
            what: "conversation",
            ..
        }) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }
    // Caller-given creation times are kept (to the millisecond).
    let at = truncate_ms(Utc::now() - chrono::Duration::days(1));
    let mut m = message(&conv.id, AuthorRef::EndUser(u.id.clone()), None, "old");
    m.created_at = Some(at);
    assert_eq!(
        s.create_message(m, SyncEvent::Skip)
            .await
            .unwrap()
            .record
            .created_at,
        at
    );
}

/// A reader following `after_id` while writers add messages concurrently ends up with every
/// message, in the order a final full read gives.
async fn concurrent_writers_never_skip_a_cursor(s: Arc<dyn Store>) {
    let u = user(&s).await;
    let conv = conversation(&s, &u).await;
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let s = s.clone();
            let (conv_id, user_id) = (conv.id.clone(), u.id.clone());
            tokio::spawn(async move {
                for i in 0..25 {
                    let m = message(
                        &conv_id,
                        AuthorRef::EndUser(user_id.clone()),
                        None,
                        &format!("w{w}-{i}"),
                    );
                    s.create_message(m, SyncEvent::Skip).await.unwrap();
                }
            })
        })
        .collect();
    let mut seen: Vec<String> = Vec::new();
    loop {
        let done = writers.iter().all(|w| w.is_finished());
        let page = s
            .list_messages(&conv.id, seen.last().map(String::as_str))
            .await
            .unwrap();
        seen.extend(page.into_iter().map(|m| m.id));
        if done {
            break;
        }
        tokio::task::yield_now().await;
    }
    for w in writers {
        w.await.unwrap();
    }
    let page = s
        .list_messages(&conv.id, seen.last().map(String::as_str))
        .await
        .unwrap();
    seen.extend(page.into_iter().map(|m| m.id));
    let all: Vec<String> = s
        .list_messages(&conv.id, None)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(all.len(), 101);
    assert_eq!(seen, all);
}

/// With `own_conversation_only` (as the service asks) the insert refuses an end user who
/// is not the conversation's, writing nothing, after a replay and an unknown conversation
/// in the usual order; agents and the conversation's own user write as before.
async fn an_end_user_writes_only_in_their_own_conversation_when_asked(s: Arc<dyn Store>) {
    let ada = user(&s).await;
    let other = s.create_user(new_user(None, "other")).await.unwrap().record;
    let a = agent(&s, "agent_own").await;
    let conv = conversation(&s, &ada).await;
    let own = |author: AuthorRef, object_id: Option<&str>| NewMessage {
        own_conversation_only: true,
        ..message(&conv.id, author, object_id, "own")
    };

    let mine = s
        .create_message(
            own(AuthorRef::EndUser(ada.id.clone()), Some("own-1")),
            SyncEvent::Skip,
        )
        .await
        .unwrap();
    assert_eq!(mine.outcome, Outcome::Created);
    assert_eq!(mine.record.author, AuthorRecord::EndUser(ada.clone()));
    let by_agent = s
        .create_message(own(AuthorRef::Agent(a.id.clone()), None), SyncEvent::Skip)
        .await
        .unwrap();
    assert_eq!(by_agent.outcome, Outcome::Created);

    match s
        .create_message(
            own(AuthorRef::EndUser(other.id.clone()), Some("own-2")),
            SyncEvent::Skip,
        )
        .await
    {
        Err(StoreError::Invalid {
            field: "author", ..
        }) => {}
        other => panic!("expected an invalid author, got {other:?}"),
    }
    assert_eq!(s.list_messages(&conv.id, None).await.unwrap().len(), 3);

    // A replay answers first, as for every refusal; an unknown conversation next.
    let replay = s
        .create_message(
            own(AuthorRef::EndUser(other.id.clone()), Some("own-1")),
            SyncEvent::Skip,
        )
        .await
        .unwrap();
    assert_eq!(replay.outcome, Outcome::Replayed);
    assert_eq!(replay.record.id, mine.record.id);
    let elsewhere = NewMessage {
        own_conversation_only: true,
        ..message(
            "conv_missing",
            AuthorRef::EndUser(other.id.clone()),
            None,
            "x",
        )
    };
    assert!(matches!(
        s.create_message(elsewhere, SyncEvent::Skip).await,
        Err(StoreError::NotFound {
            what: "conversation",
            ..
        })
    ));

    // Without the flag the store lets any existing end user write.
    let unchecked = message(&conv.id, AuthorRef::EndUser(other.id.clone()), None, "any");
    assert_eq!(
        s.create_message(unchecked, SyncEvent::Skip)
            .await
            .unwrap()
            .outcome,
        Outcome::Created
    );

    // A conversation's first message under the flag: its author must be the new user.
    let mut first = new_conversation(&ada.id, Some("own-c"), Some("own-3"));
    first.initial_message.author = AuthorRef::EndUser(other.id.clone());
    first.initial_message.own_conversation_only = true;
    match s.create_conversation(first).await {
        Err(StoreError::Invalid {
            field: "author", ..
        }) => {}
        other => panic!("expected an invalid author, got {other:?}"),
    }
}

/// Concurrent creates (which SQLite writes in shared transactions) each get their own
/// answer: refusals and replays do not disturb the messages written beside them.
async fn concurrent_message_outcomes(s: Arc<dyn Store>) {
    let u = user(&s).await;
    let a = agent(&s, "agent_batch").await;
    let conv = conversation(&s, &u).await;
    let dup = message(&conv.id, AuthorRef::EndUser(u.id.clone()), Some("dup"), "d");
    let first = s
        .create_message(dup.clone(), SyncEvent::Skip)
        .await
        .unwrap();
    assert_eq!(first.outcome, Outcome::Created);

    let mut jobs: Vec<(&str, NewMessage)> = Vec::new();
    for i in 0..20 {
        let author = if i % 2 == 0 {
            AuthorRef::Agent(a.id.clone())
        } else {
            AuthorRef::EndUser(u.id.clone())
        };
        let oid = format!("batch-{i}");
        jobs.push(("created", message(&conv.id, author, Some(&oid), "b")));
    }
    for _ in 0..5 {
        jobs.push(("replayed", dup.clone()));
    }
    let mut changed = dup.clone();
    changed.fingerprint = "another".into();
    jobs.push(("conflict", changed));
    jobs.push((
        "not_found",
        message("conv_missing", AuthorRef::EndUser(u.id.clone()), None, "x"),
    ));
    jobs.push((
        "invalid",
        message(
            &conv.id,
            AuthorRef::Agent("agent_missing".into()),
            None,
            "x",
        ),
    ));
    let tasks: Vec<_> = jobs
        .into_iter()
        .map(|(expected, new)| {
            let s = s.clone();
            tokio::spawn(async move { (expected, s.create_message(new, SyncEvent::Skip).await) })
        })
        .collect();
    for task in tasks {
        match task.await.unwrap() {
            ("created", Ok(c)) => assert_eq!(c.outcome, Outcome::Created),
            ("replayed", Ok(c)) => {
                assert_eq!(c.outcome, Outcome::Replayed);
                assert_eq!(c.record, first.record);
            }
            ("conflict", Ok(c)) => assert_eq!(c.outcome, Outcome::Conflict),
            ("not_found", Err(StoreError::NotFound { .. })) => {}
            (
                "invalid",
                Err(StoreError::Invalid {
                    field: "author", ..
                }),
            ) => {}
            (expected, other) => panic!("expected {expected}, got {other:?}"),
        }
    }
    let all = s.list_messages(&conv.id, None).await.unwrap();
    assert_eq!(all.len(), 1 + 1 + 20);
    let listed = s.get_conversation(&conv.id).await.unwrap().unwrap();
    assert!(listed.updated_at >= conv.updated_at);
}

async fn outbox_merges_sync_events(s: Arc<dyn Store>) {
    let u = user(&s).await;
    let a = agent(&s, "agent_sync").await;
    let conv = conversation(&s, &u).await;
    let other = conversation(&s, &u).await;

    // Fin's own writes queue nothing.
    s.create_message(
        message(&conv.id, AuthorRef::EndUser(u.id.clone()), None, "fin"),
        SyncEvent::Skip,
    )
    .await
    .unwrap();
    assert!(s.list_events(None, None, None).await.unwrap().is_empty());

    let change = || ConversationChanges {
        status: Some(ConversationStatus::Open),
        ..ConversationChanges::default()
    };
    s.update_conversation(&conv.id, change(), SyncEvent::Queue)
        .await
        .unwrap();
    s.create_message(
        message(&conv.id, AuthorRef::Agent(a.id.clone()), None, "reply"),
        SyncEvent::Queue,
    )
    .await
    .unwrap();
    s.update_conversation(&conv.id, change(), SyncEvent::Queue)
        .await
        .unwrap();
    s.update_conversation(&other.id, change(), SyncEvent::Queue)
        .await
        .unwrap();
    let typing = json!({"agent": {"id": a.id}});
    s.enqueue_event(&conv.id, EventKind::Typing, typing.clone())
        .await
        .unwrap();
    s.enqueue_event(&conv.id, EventKind::Typing, typing.clone())
        .await
        .unwrap();

    let pending = s
        .list_events(Some(EventState::Pending), None, None)
        .await
        .unwrap();
    let syncs: Vec<_> = pending
        .iter()
        .filter(|e| e.kind == EventKind::Sync)
        .collect();
    assert_eq!(
        syncs.len(),
        2,
        "one pending sync per conversation: {pending:?}"
    );
    assert_eq!(syncs[0].payload, json!({"conversation_id": conv.id}));
    assert_eq!(
        pending
            .iter()
            .filter(|e| e.kind == EventKind::Typing)
            .count(),
        2
    );
    assert_eq!(
        pending
            .iter()
            .find(|e| e.kind == EventKind::Typing)
            .unwrap()
            .payload,
        typing
    );

    // A change merged while a worker holds the event keeps it pending after delivery.
    let now = Utc::now();
    let claimed = s
        .claim_due_events(now, 10, Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(claimed.len(), 4);
    let sync = claimed
        .iter()
        .find(|e| e.kind == EventKind::Sync && e.conversation_id == conv.id)
        .unwrap();
    assert_eq!(sync.attempts, 1);
    s.update_conversation(&conv.id, change(), SyncEvent::Queue)
        .await
        .unwrap();
    for e in &claimed {
        assert!(s.mark_delivered(e.claim()).await.unwrap());
    }
    let pending = s
        .list_events(Some(EventState::Pending), None, None)
        .await
        .unwrap();
    assert_eq!(pending.iter().map(|e| e.id).collect::<Vec<_>>(), [sync.id]);
    let again = s
        .claim_due_events(Utc::now(), 10, Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(again.iter().map(|e| e.id).collect::<Vec<_>>(), [sync.id]);
    assert!(s.mark_delivered(again[0].claim()).await.unwrap());
    assert!(
        s.list_events(Some(EventState::Pending), None, None)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        s.list_events(Some(EventState::Delivered), None, None)
            .await
            .unwrap()
            .len(),
        4
    );

    // After delivery, a new change queues a new event.
    s.update_conversation(&conv.id, change(), SyncEvent::Queue)
        .await
        .unwrap();
    let pending = s
        .list_events(Some(EventState::Pending), None, None)
        .await
        .unwrap();
    assert_eq!(pending.len(), 1);
    assert_ne!(pending[0].id, sync.id);

    match s
        .enqueue_event("conv_missing", EventKind::Sync, json!({}))
        .await
    {
        Err(StoreError::NotFound { .. }) => {}
        other => panic!("expected NotFound, got {other:?}"),
    }
    let missing = Claim {
        id: 999_999,
        until: Utc::now(),
    };
    assert!(!s.mark_delivered(missing).await.unwrap());
}

async fn claim_never_hands_out_twice(s: Arc<dyn Store>) {
    let u = user(&s).await;
    let conv = conversation(&s, &u).await;
    for i in 0..40 {
        s.enqueue_event(&conv.id, EventKind::Typing, json!({ "i": i }))
            .await
            .unwrap();
    }
    let now = Utc::now();
    let claimers: Vec<_> = (0..2)
        .map(|_| {
            let s = s.clone();
            tokio::spawn(async move {
                let mut got = Vec::new();
                loop {
                    let batch = s
                        .claim_due_events(now, 3, Duration::from_secs(60))
                        .await
                        .unwrap();
                    if batch.is_empty() {
                        return got;
                    }
                    got.extend(batch.into_iter().map(|e| e.id));
                }
            })
        })
        .collect();
    let mut all = Vec::new();
    for c in claimers {
        all.extend(c.await.unwrap());
    }
    let unique: HashSet<_> = all.iter().copied().collect();
    assert_eq!((all.len(), unique.len()), (40, 40));

    // Leased: nothing due now; after the lease expires every event is due again.
    assert!(
        s.claim_due_events(now, 100, Duration::from_secs(60))
            .await
            .unwrap()
            .is_empty()
    );
    let later = now + chrono::Duration::seconds(61);
    let reclaimed = s
        .claim_due_events(later, 100, Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(reclaimed.len(), 40);
    assert!(reclaimed.iter().all(|e| e.attempts == 2));
    assert!(
        reclaimed.windows(2).all(|w| w[0].id < w[1].id),
        "oldest first"
    );
}

async fn released_claims_are_due_at_once(s: Arc<dyn Store>) {
    let u = user(&s).await;
    let conv = conversation(&s, &u).await;
    for i in 0..4 {
        s.enqueue_event(&conv.id, EventKind::Typing, json!({ "i": i }))
            .await
            .unwrap();
    }
    let now = Utc::now();
    let lease = Duration::from_secs(60);
    let claimed = s.claim_due_events(now, 10, lease).await.unwrap();
    assert_eq!(claimed.len(), 4);
    let claims: Vec<_> = claimed.iter().map(|e| (e.id, e.next_attempt_at)).collect();
    // Outcomes recorded before the release stand: delivered, and retried later.
    assert!(s.mark_delivered(claimed[0].claim()).await.unwrap());
    let retry_at = truncate_ms(now + chrono::Duration::minutes(5));
    assert!(
        s.mark_retry(claimed[1].claim(), retry_at, "HTTP 503")
            .await
            .unwrap()
    );

    assert_eq!(s.release_claims(&claims, now).await.unwrap(), 2);
    let later = now + chrono::Duration::seconds(1);
    let again = s.claim_due_events(later, 10, lease).await.unwrap();
    assert_eq!(
        again.iter().map(|e| e.id).collect::<Vec<_>>(),
        [claimed[2].id, claimed[3].id],
        "released events are due before their lease ends"
    );
    assert!(again.iter().all(|e| e.attempts == 2), "{again:?}");
    let pending = s
        .list_events(Some(EventState::Pending), None, None)
        .await
        .unwrap();
    let retried = pending.iter().find(|e| e.id == claimed[1].id).unwrap();
    assert_eq!(retried.next_attempt_at, retry_at);

    // A stale claim (the event was claimed again since) releases nothing.
    assert_eq!(s.release_claims(&claims[2..], now).await.unwrap(), 0);
    assert!(
        s.claim_due_events(later, 10, lease)
            .await
            .unwrap()
            .is_empty(),
        "the second claim still holds"
    );
    assert_eq!(s.release_claims(&[], now).await.unwrap(), 0);
}

async fn retry_dead_requeue(s: Arc<dyn Store>) {
    let u = user(&s).await;
    let conv = conversation(&s, &u).await;
    let e = s
        .enqueue_event(&conv.id, EventKind::Sync, json!(null))
        .await
        .unwrap();
    let now = Utc::now();
    let claimed = s
        .claim_due_events(now, 10, Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(claimed.iter().map(|c| c.id).collect::<Vec<_>>(), [e.id]);
    let retry_at = truncate_ms(now + chrono::Duration::minutes(5));
    assert!(
        s.mark_retry(claimed[0].claim(), retry_at, "HTTP 503")
            .await
            .unwrap()
    );
    let listed = &s
        .list_events(Some(EventState::Pending), None, None)
        .await
        .unwrap()[0];
    assert_eq!(
        (listed.next_attempt_at, listed.last_error.as_deref()),
        (retry_at, Some("HTTP 503"))
    );
    assert!(
        s.claim_due_events(
            now + chrono::Duration::minutes(1),
            10,
            Duration::from_secs(5)
        )
        .await
        .unwrap()
        .is_empty()
    );

    let claimed = s
        .claim_due_events(retry_at, 10, Duration::from_secs(5))
        .await
        .unwrap();
    assert!(s.mark_dead(claimed[0].claim(), "gave up").await.unwrap());
    assert_eq!(
        s.list_events(Some(EventState::Dead), None, None)
            .await
            .unwrap()
            .len(),
        1
    );
    // While it is dead, a new change queues a fresh sync...
    s.update_conversation(&conv.id, ConversationChanges::default(), SyncEvent::Queue)
        .await
        .unwrap();
    // ...which covers the dead one, so requeueing merges it instead of duplicating.
    assert_eq!(s.requeue_dead(Requeue::AllDead).await.unwrap(), 1);
    assert!(
        s.list_events(Some(EventState::Dead), None, None)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        s.list_events(Some(EventState::Pending), None, None)
            .await
            .unwrap()
            .len(),
        1
    );

    let t = s
        .enqueue_event(&conv.id, EventKind::Typing, json!({}))
        .await
        .unwrap();
    let claimed = s
        .claim_due_events(Utc::now(), 10, Duration::from_secs(5))
        .await
        .unwrap();
    let typing = claimed.iter().find(|c| c.id == t.id).unwrap();
    assert!(s.mark_dead(typing.claim(), "x").await.unwrap());
    assert_eq!(s.requeue_dead(Requeue::One(t.id)).await.unwrap(), 1);
    let t2 = s
        .list_events(None, None, None)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.id == t.id)
        .unwrap();
    assert_eq!((t2.state, t2.attempts), (EventState::Pending, 0));
    assert_eq!(s.requeue_dead(Requeue::One(t.id)).await.unwrap(), 0);
}

/// Two workers: the first one's lease expires while its request to Fin is still out, the
/// second claims the event again. The first one's late outcome, whatever it is, changes
/// nothing; the second one's counts.
async fn only_the_current_claim_records_an_outcome(s: Arc<dyn Store>) {
    let u = user(&s).await;
    let conv = conversation(&s, &u).await;
    let lease = Duration::from_secs(30);
    let e = s
        .enqueue_event(&conv.id, EventKind::Typing, json!({}))
        .await
        .unwrap();
    let t0 = Utc::now();
    let first = s.claim_due_events(t0, 10, lease).await.unwrap();
    assert_eq!(first.iter().map(|c| c.id).collect::<Vec<_>>(), [e.id]);
    let later = t0 + chrono::Duration::seconds(31);
    let second = s.claim_due_events(later, 10, lease).await.unwrap();
    assert_eq!(second.iter().map(|c| c.id).collect::<Vec<_>>(), [e.id]);
    assert_ne!(first[0].claim(), second[0].claim());

    let stale = first[0].claim();
    assert!(!s.mark_dead(stale, "late failure").await.unwrap());
    assert!(!s.mark_retry(stale, later, "late failure").await.unwrap());
    assert!(!s.mark_delivered(stale).await.unwrap());
    let event = &s.list_events(None, None, None).await.unwrap()[0];
    assert_eq!(
        (
            event.state,
            event.next_attempt_at,
            event.last_error.as_deref()
        ),
        (EventState::Pending, second[0].next_attempt_at, None),
        "the first worker's outcomes changed the event"
    );
    // Nor can the stale claim release the second one's.
    assert_eq!(
        s.release_claims(&[(stale.id, stale.until)], later)
            .await
            .unwrap(),
        0
    );

    assert!(s.mark_delivered(second[0].claim()).await.unwrap());
    let event = &s.list_events(None, None, None).await.unwrap()[0];
    assert_eq!(event.state, EventState::Delivered);
    // Once recorded, the claim is spent: a repeat (or the first worker, later) is ignored.
    assert!(!s.mark_dead(second[0].claim(), "again").await.unwrap());
    assert!(!s.mark_dead(stale, "again").await.unwrap());
    assert_eq!(
        s.list_events(Some(EventState::Delivered), None, None)
            .await
            .unwrap()
            .len(),
        1
    );

    // A retry recorded by the current claim ends it too: the event is due again later,
    // under a new claim, and the old one cannot mark it.
    let f = s
        .enqueue_event(&conv.id, EventKind::Sync, json!(null))
        .await
        .unwrap();
    let claimed = s.claim_due_events(Utc::now(), 10, lease).await.unwrap();
    assert_eq!(claimed.iter().map(|c| c.id).collect::<Vec<_>>(), [f.id]);
    let retry_at = truncate_ms(Utc::now());
    assert!(
        s.mark_retry(claimed[0].claim(), retry_at, "HTTP 503")
            .await
            .unwrap()
    );
    assert!(!s.mark_delivered(claimed[0].claim()).await.unwrap());
    let pending = s
        .list_events(Some(EventState::Pending), None, None)
        .await
        .unwrap();
    assert_eq!(pending[0].next_attempt_at, retry_at);
}

async fn delivered_events_are_purged_after_the_retention(s: Arc<dyn Store>) {
    let u = user(&s).await;
    let conv = conversation(&s, &u).await;
    let lease = Duration::from_secs(30);
    for i in 0..5 {
        s.enqueue_event(&conv.id, EventKind::Typing, json!({ "i": i }))
            .await
            .unwrap();
    }
    let claimed = s.claim_due_events(Utc::now(), 10, lease).await.unwrap();
    assert_eq!(claimed.len(), 5);
    // Three delivered, one dead, one still pending (retried later).
    for e in &claimed[..3] {
        assert!(s.mark_delivered(e.claim()).await.unwrap());
    }
    assert!(s.mark_dead(claimed[3].claim(), "HTTP 400").await.unwrap());
    let retry_at = truncate_ms(Utc::now() + chrono::Duration::minutes(5));
    assert!(
        s.mark_retry(claimed[4].claim(), retry_at, "HTTP 503")
            .await
            .unwrap()
    );
    let delivered_by = Utc::now() + chrono::Duration::seconds(1);

    // Delivered after the cut-off: kept.
    let before_delivery = Utc::now() - chrono::Duration::hours(1);
    assert_eq!(s.purge_delivered(before_delivery, 100).await.unwrap(), 0);
    // In batches: at most `limit` at a time.
    assert_eq!(s.purge_delivered(delivered_by, 2).await.unwrap(), 2);
    assert_eq!(s.purge_delivered(delivered_by, 2).await.unwrap(), 1);
    assert_eq!(s.purge_delivered(delivered_by, 2).await.unwrap(), 0);
    let left = s.list_events(None, None, None).await.unwrap();
    assert_eq!(
        left.iter().map(|e| (e.id, e.state)).collect::<Vec<_>>(),
        [
            (claimed[3].id, EventState::Dead),
            (claimed[4].id, EventState::Pending)
        ],
        "dead and pending events are never purged"
    );

    // A sync merged into a dead one on requeue counts as delivered then, and is purged.
    let dead = s
        .enqueue_event(&conv.id, EventKind::Sync, json!(null))
        .await
        .unwrap();
    let claimed = s.claim_due_events(Utc::now(), 10, lease).await.unwrap();
    let sync = claimed.iter().find(|e| e.id == dead.id).unwrap();
    assert!(s.mark_dead(sync.claim(), "gave up").await.unwrap());
    s.enqueue_event(&conv.id, EventKind::Sync, json!(null))
        .await
        .unwrap();
    assert_eq!(s.requeue_dead(Requeue::One(dead.id)).await.unwrap(), 1);
    let later = Utc::now() + chrono::Duration::seconds(1);
    assert_eq!(s.purge_delivered(later, 100).await.unwrap(), 1);
    assert!(
        s.list_events(None, None, None)
            .await
            .unwrap()
            .iter()
            .all(|e| e.id != dead.id)
    );
}

async fn events_are_listed_in_pages(s: Arc<dyn Store>) {
    let u = user(&s).await;
    let conv = conversation(&s, &u).await;
    let mut ids = Vec::new();
    for i in 0..7 {
        let e = s
            .enqueue_event(&conv.id, EventKind::Typing, json!({ "i": i }))
            .await
            .unwrap();
        ids.push(e.id);
    }
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = s.list_events(None, after, Some(3)).await.unwrap();
        assert!(page.len() <= 3);
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        seen.extend(page.iter().map(|e| e.id));
    }
    assert_eq!(seen, ids, "every event once, oldest first");
    // The state filter and paging combine.
    let claimed = s
        .claim_due_events(Utc::now(), 2, Duration::from_secs(30))
        .await
        .unwrap();
    for e in &claimed {
        assert!(s.mark_dead(e.claim(), "x").await.unwrap());
    }
    let dead = s
        .list_events(Some(EventState::Dead), Some(ids[0]), Some(10))
        .await
        .unwrap();
    assert_eq!(dead.iter().map(|e| e.id).collect::<Vec<_>>(), [ids[1]]);
    let pending = s
        .list_events(Some(EventState::Pending), None, Some(2))
        .await
        .unwrap();
    assert_eq!(
        pending.iter().map(|e| e.id).collect::<Vec<_>>(),
        [ids[2], ids[3]]
    );
}

async fn credentials(s: Arc<dyn Store>) {
    s.add_oauth_client("client-a", "hash-a").await.unwrap();
    assert!(matches!(
        s.add_oauth_client("client-a", "x").await,
        Err(StoreError::Conflict(_))
    ));
    let c = s.get_oauth_client("client-a").await.unwrap().unwrap();
    assert_eq!(
        (c.client_id.as_str(), c.secret_hash.as_str()),
        ("client-a", "hash-a")
    );
    assert_eq!(s.list_oauth_clients().await.unwrap(), vec![c]);
    assert_eq!(s.get_oauth_client("nope").await.unwrap(), None);

    let now = truncate_ms(Utc::now());
    let soon = now + chrono::Duration::hours(1);
    s.insert_access_token("tok-live", "client-a", soon)
        .await
        .unwrap();
    s.insert_access_token("tok-old", "client-a", now - chrono::Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(
        s.find_access_token("tok-live").await.unwrap(),
        Some(AccessTokenRecord {
            client_id: "client-a".into(),
            expires_at: soon
        })
    );
    match s.insert_access_token("tok-x", "client-none", soon).await {
        Err(StoreError::Invalid {
            field: "client_id", ..
        }) => {}
        other => panic!("expected Invalid client_id, got {other:?}"),
    }
    assert_eq!(s.purge_expired_tokens(now).await.unwrap(), 1);
    assert_eq!(s.find_access_token("tok-old").await.unwrap(), None);
    assert!(s.remove_oauth_client("client-a").await.unwrap());
    assert!(!s.remove_oauth_client("client-a").await.unwrap());
    assert_eq!(s.find_access_token("tok-live").await.unwrap(), None);

    assert_eq!(s.count_api_tokens().await.unwrap(), 0);
    s.add_api_token("api-1", "ci").await.unwrap();
    assert!(matches!(
        s.add_api_token("api-1", "again").await,
        Err(StoreError::Conflict(_))
    ));
    assert!(s.has_api_token("api-1").await.unwrap());
    assert!(!s.has_api_token("api-2").await.unwrap());
    assert_eq!(s.count_api_tokens().await.unwrap(), 1);

    let a = agent(&s, "agent_tok").await;
    s.add_agent_token("agent-tok-1", &a.id).await.unwrap();
    assert_eq!(
        s.find_agent_token("agent-tok-1").await.unwrap(),
        Some(a.id.clone())
    );
    assert_eq!(s.find_agent_token("agent-tok-2").await.unwrap(), None);
    match s.add_agent_token("agent-tok-2", "agent_none").await {
        Err(StoreError::Invalid {
            field: "agent_id", ..
        }) => {}
        other => panic!("expected Invalid agent_id, got {other:?}"),
    }
    s.remove_agent(&a.id).await.unwrap();
    assert_eq!(s.find_agent_token("agent-tok-1").await.unwrap(), None);
}

async fn inbox_sessions(s: Arc<dyn Store>) {
    let a = agent(&s, "agent_inbox").await;
    let now = truncate_ms(Utc::now());
    let later = now + chrono::Duration::hours(1);
    s.insert_inbox_session("session-1", &a.id, later, now)
        .await
        .unwrap();
    assert_eq!(
        s.find_inbox_session("session-1").await.unwrap(),
        Some(InboxSessionRecord {
            agent_id: a.id.clone(),
            expires_at: later,
        })
    );
    assert_eq!(s.find_inbox_session("session-2").await.unwrap(), None);
    assert!(matches!(
        s.insert_inbox_session("session-1", &a.id, later, now).await,
        Err(StoreError::Conflict(_))
    ));
    match s
        .insert_inbox_session("session-2", "agent_none", later, now)
        .await
    {
        Err(StoreError::Invalid {
            field: "agent_id", ..
        }) => {}
        other => panic!("expected Invalid agent_id, got {other:?}"),
    }
    // A new session clears those expired by then.
    s.insert_inbox_session(
        "session-2",
        &a.id,
        later + chrono::Duration::hours(2),
        later,
    )
    .await
    .unwrap();
    assert_eq!(s.find_inbox_session("session-1").await.unwrap(), None);
    assert!(s.delete_inbox_session("session-2").await.unwrap());
    assert!(!s.delete_inbox_session("session-2").await.unwrap());
    assert_eq!(s.find_inbox_session("session-2").await.unwrap(), None);
    // A removed agent's sessions go with it.
    s.insert_inbox_session("session-3", &a.id, later, now)
        .await
        .unwrap();
    s.remove_agent(&a.id).await.unwrap();
    assert_eq!(s.find_inbox_session("session-3").await.unwrap(), None);
}

async fn signature_replays(s: Arc<dyn Store>) {
    let now = truncate_ms(Utc::now());
    let until = now + chrono::Duration::seconds(300);
    assert!(
        s.remember_signature("1700000000:ab", until, now)
            .await
            .unwrap()
    );
    assert!(
        !s.remember_signature("1700000000:ab", until, now)
            .await
            .unwrap(),
        "the second use is refused"
    );
    assert!(
        s.remember_signature("1700000001:ab", until, now)
            .await
            .unwrap()
    );
    // Once its record has expired, the key may be used again (a timestamp that old no
    // longer passes the signature's window anyway).
    let later = until + chrono::Duration::seconds(300);
    assert!(
        s.remember_signature("1700000000:ab", later, until)
            .await
            .unwrap()
    );
    assert!(
        !s.remember_signature("1700000000:ab", later, until)
            .await
            .unwrap()
    );
    // Purging removes the expired records only: at `later`, the first two.
    let much_later = later + chrono::Duration::seconds(600);
    assert!(
        s.remember_signature("1700000002:ab", much_later, now)
            .await
            .unwrap()
    );
    assert_eq!(s.purge_signatures(later).await.unwrap(), 2);
    assert!(
        !s.remember_signature("1700000002:ab", much_later, later)
            .await
            .unwrap()
    );
    assert!(
        s.remember_signature("1700000001:ab", much_later, later)
            .await
            .unwrap()
    );
    // A record given back may be used again.
    s.forget_signature("1700000001:ab").await.unwrap();
    assert!(
        s.remember_signature("1700000001:ab", much_later, later)
            .await
            .unwrap()
    );
}

async fn agent_removal(s: Arc<dyn Store>) {
    let generated = s.add_agent(NewAgent::default()).await.unwrap();
    assert!(generated.id.starts_with("agent_"));
    let a = agent(&s, "agent_gone").await;
    assert!(matches!(
        s.add_agent(NewAgent {
            id: Some(a.id.clone()),
            ..NewAgent::default()
        })
        .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        s.list_agents().await.unwrap(),
        vec![generated.clone(), a.clone()]
    );

    let u = user(&s).await;
    let mut new = new_conversation(&u.id, None, None);
    new.assignee_id = Some(a.id.clone());
    let (conv, _) = s.create_conversation(new).await.unwrap().record;
    let m = s
        .create_message(
            message(&conv.id, AuthorRef::Agent(a.id.clone()), None, "by agent"),
            SyncEvent::Skip,
        )
        .await
        .unwrap()
        .record;

    assert!(s.remove_agent(&a.id).await.unwrap());
    assert!(!s.remove_agent(&a.id).await.unwrap());
    assert_eq!(s.list_agents().await.unwrap(), vec![generated]);
    assert_eq!(s.get_agent(&a.id).await.unwrap(), None);
    // History still resolves the removed agent.
    let msgs = s.list_messages(&conv.id, None).await.unwrap();
    assert_eq!(msgs.last().unwrap().id, m.id);
    assert_eq!(msgs.last().unwrap().author, AuthorRecord::Agent(a.clone()));
    assert_eq!(
        s.get_conversation(&conv.id)
            .await
            .unwrap()
            .unwrap()
            .assignee,
        Some(a.clone())
    );
    // New references to it are refused.
    match s
        .create_message(
            message(&conv.id, AuthorRef::Agent(a.id.clone()), None, "late"),
            SyncEvent::Skip,
        )
        .await
    {
        Err(StoreError::Invalid {
            field: "author", ..
        }) => {}
        other => panic!("expected Invalid author, got {other:?}"),
    }
    let reassign = ConversationChanges {
        assignee_id: Tristate::Value(a.id.clone()),
        ..ConversationChanges::default()
    };
    assert!(matches!(
        s.update_conversation(&conv.id, reassign, SyncEvent::Skip)
            .await,
        Err(StoreError::Invalid {
            field: "assignee_id",
            ..
        })
    ));
    // Adding it again revives it.
    let back = s
        .add_agent(NewAgent {
            id: Some(a.id.clone()),
            name: Some("Back".into()),
            ..NewAgent::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (back.id.as_str(), back.name.as_deref()),
        (a.id.as_str(), Some("Back"))
    );
    assert!(s.get_agent(&a.id).await.unwrap().is_some());
}

async fn validation_errors(s: Arc<dyn Store>) {
    let u = user(&s).await;
    assert!(matches!(
        s.create_conversation(new_conversation("user_missing", None, None))
            .await,
        Err(StoreError::Invalid {
            field: "user_id",
            ..
        })
    ));
    let mut bad = new_conversation(&u.id, None, None);
    bad.assignee_id = Some("agent_missing".into());
    assert!(matches!(
        s.create_conversation(bad).await,
        Err(StoreError::Invalid {
            field: "assignee_id",
            ..
        })
    ));
    let conv = conversation(&s, &u).await;
    assert!(matches!(
        s.create_message(
            message(
                &conv.id,
                AuthorRef::EndUser("user_missing".into()),
                None,
                "x"
            ),
            SyncEvent::Skip
        )
        .await,
        Err(StoreError::Invalid {
            field: "author",
            ..
        })
    ));
    // Nothing of the failed attempts was written.
    assert_eq!(
        s.list_conversations(ConversationFilter::default())
            .await
            .unwrap()
            .len(),
        1
    );
}

/// The service refuses U+0000 before the store sees it; should one slip through, the
/// backend that cannot hold it must call it a refusal (a 400), never "retry later".
async fn a_value_the_database_cannot_hold_is_refused_not_unavailable(s: Arc<dyn Store>) {
    let mut nul = new_user(Some("nul"), "f");
    nul.name = Some("a\u{0}b".into());
    match s.create_user(nul).await {
        Ok(created) => assert_eq!(created.record.name.as_deref(), Some("a\u{0}b")),
        Err(error) => assert_eq!(error.kind(), ErrorKind::Refused, "{error}"),
    }
    let mut attributes = JsonMap::new();
    attributes.insert("k".into(), json!("a\u{0}b"));
    let u = user(&s).await;
    let changes = UserChanges {
        merge_attributes: attributes,
        ..UserChanges::default()
    };
    if let Err(error) = s.update_user(&u.id, changes).await {
        assert_eq!(error.kind(), ErrorKind::Refused, "{error}");
    }
    match s.get_user("a\u{0}b").await {
        Ok(found) => assert_eq!(found, None),
        Err(error) => assert_eq!(error.kind(), ErrorKind::Refused, "{error}"),
    }
}

#[test]
fn failures_are_classified_by_their_codes() {
    for (code, kind) in [
        ("08006", ErrorKind::Unavailable), // connection failure
        ("40001", ErrorKind::Unavailable), // serialization failure
        ("40P01", ErrorKind::Unavailable), // deadlock
        ("53100", ErrorKind::Unavailable), // disk full
        ("53300", ErrorKind::Unavailable), // too many connections
        ("57P01", ErrorKind::Unavailable), // admin shutdown
        ("57P03", ErrorKind::Unavailable), // cannot connect now (starting up)
        ("57014", ErrorKind::Unavailable), // statement timeout
        ("22021", ErrorKind::Refused),     // U+0000 in text
        ("22P05", ErrorKind::Refused),     // U+0000 in jsonb
        ("23514", ErrorKind::Refused),     // check violation
        ("54000", ErrorKind::Refused),     // a value too large
        ("42P01", ErrorKind::Internal),    // undefined table: a schema out of step
        ("42601", ErrorKind::Internal),    // syntax error: a bug
        ("XX000", ErrorKind::Internal),
    ] {
        assert_eq!(
            super::sqlx_error::sqlstate_kind(code),
            kind,
            "SQLSTATE {code}"
        );
    }
    let sqlite = |code: i32| {
        StoreError::from(rusqlite::Error::SqliteFailure(ffi::Error::new(code), None)).kind()
    };
    assert_eq!(sqlite(ffi::SQLITE_BUSY), ErrorKind::Unavailable);
    assert_eq!(sqlite(ffi::SQLITE_BUSY_SNAPSHOT), ErrorKind::Unavailable);
    assert_eq!(sqlite(ffi::SQLITE_LOCKED), ErrorKind::Unavailable);
    assert_eq!(sqlite(ffi::SQLITE_FULL), ErrorKind::Unavailable);
    assert_eq!(sqlite(ffi::SQLITE_IOERR_WRITE), ErrorKind::Unavailable);
    assert_eq!(sqlite(ffi::SQLITE_CONSTRAINT_CHECK), ErrorKind::Refused);
    assert_eq!(sqlite(ffi::SQLITE_TOOBIG), ErrorKind::Refused);
    assert_eq!(sqlite(ffi::SQLITE_CORRUPT), ErrorKind::Internal);
    assert_eq!(sqlite(ffi::SQLITE_MISUSE), ErrorKind::Internal);
    assert_eq!(sqlite(ffi::SQLITE_INTERNAL), ErrorKind::Internal);
    let pool = StoreError::from(sqlx::Error::PoolTimedOut);
    assert!(pool.retryable());
    let io = StoreError::from(sqlx::Error::Io(
        std::io::ErrorKind::ConnectionRefused.into(),
    ));
    assert!(io.retryable());
    assert_eq!(
        StoreError::from(sqlx::Error::RowNotFound).kind(),
        ErrorKind::Internal
    );
    assert_eq!(corrupt("bad row".into()).kind(), ErrorKind::Internal);
}

#[tokio::test]
async fn open_rejects_unknown_schemes_without_echoing_secrets() {
    let err = open("mysql://root:hunter2@db/x", &OpenOptions::default())
        .await
        .err()
        .unwrap();
    let text = err.to_string();
    assert!(
        matches!(err, StoreError::Invalid { field: "url", .. }),
        "{text}"
    );
    assert!(
        text.contains("mysql") && !text.contains("hunter2"),
        "{text}"
    );
    assert!(
        open("sqlite::memory:", &OpenOptions::default())
            .await
            .is_err()
    );
}

#[tokio::test]
async fn sqlite_data_survives_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("nested.db").display());
    let id = {
        let s = open(&url, &OpenOptions::default()).await.unwrap();
        s.create_user(new_user(Some("keep"), "k"))
            .await
            .unwrap()
            .record
            .id
    };
    let s = open(&url, &OpenOptions::default()).await.unwrap();
    assert_eq!(
        s.get_user(&id).await.unwrap().unwrap().object_id.as_deref(),
        Some("keep")
    );
}

/// Throughput of acknowledged `create_message` on SQLite (each one its own committed
/// transaction). Run with `cargo test --release --lib store::tests::sqlite_write_throughput
/// -- --ignored --nocapture`; the target is at least 5,000 messages a second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn sqlite_write_throughput() {
    let (s, _dir) = sqlite_store().await;
    let u = user(&s).await;
    let convs: Vec<_> = futures::future::join_all((0..8).map(|_| conversation(&s, &u))).await;
    let per_task = 1_000;
    let start = std::time::Instant::now();
    let tasks: Vec<_> = (0..32)
        .map(|t| {
            let s = s.clone();
            let conv_id = convs[t % convs.len()].id.clone();
            let user_id = u.id.clone();
            tokio::spawn(async move {
                for i in 0..per_task {
                    let oid = format!("tp-{t}-{i}");
                    let m = message(
                        &conv_id,
                        AuthorRef::EndUser(user_id.clone()),
                        Some(&oid),
                        "x",
                    );
                    s.create_message(m, SyncEvent::Skip).await.unwrap();
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let rate = f64::from(32 * per_task) / start.elapsed().as_secs_f64();
    eprintln!("sqlite create_message: {rate:.0}/s");
}
