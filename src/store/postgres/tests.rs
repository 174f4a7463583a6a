//! PostgreSQL-only tests: another process's change reaches this one's cached conversations
//! and message pages through the notifications it sends (`changes`), and a lost listening
//! connection is noticed. Two stores opened on one schema stand for two server processes
//! sharing a database; so do they for the signatures accepted once. Skipped unless
//! `FIN_HELPDESK_TEST_POSTGRES_URL` is set.

use std::time::Duration;

use std::sync::Arc;

use chrono::Utc;

use super::open::PgStore;
use crate::store::options::OpenOptions;
use crate::store::records::{
    AuthorRef, ConversationChanges, ConversationRecord, ConversationStatus, SyncEvent, UserChanges,
    UserRecord,
};
use crate::store::tests::{conversation, message, postgres_url, user};
use crate::store::traits::{ConversationStore, CredentialStore, Store, UserStore};
use crate::tristate::Tristate;

/// The longest a test waits for the listener, which acts within milliseconds.
const PATIENCE: Duration = Duration::from_secs(10);

async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !done() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what}: not within {PATIENCE:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Reads until the reader keeps what it read (`read` reads, then looks in the cache): the
/// notifications of the writes that made it may still be on their way, and each one drops
/// what was read before it arrived.
async fn read_until_kept<T>(mut read: impl AsyncFnMut() -> Option<T>) -> T {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if let Some(kept) = read().await {
            return kept;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "not kept within {PATIENCE:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Reads conversation `id` until the reader keeps it.
async fn read_conversation_until_kept(reader: &PgStore, id: &str) {
    read_until_kept(async || {
        reader.get_conversation(id).await.unwrap().unwrap();
        reader.conversations.get(id)
    })
    .await;
}

/// Two stores on one new schema, standing for two processes: the writer made a user and a
/// conversation, which the reader has read and keeps.
struct TwoProcesses {
    url: String,
    reader: PgStore,
    writer: Arc<PgStore>,
    user: UserRecord,
    conversation: ConversationRecord,
}

async fn two_processes() -> Option<TwoProcesses> {
    let url = postgres_url().await?;
    let options = OpenOptions::default();
    let reader = PgStore::open(&url, &options).await.unwrap();
    let writer = Arc::new(PgStore::open(&url, &options).await.unwrap());
    eventually("the reader listens", || !reader.conversations.is_paused()).await;
    let fixtures: Arc<dyn Store> = writer.clone();
    let user = user(&fixtures).await;
    let conversation = conversation(&fixtures, &user).await;
    read_conversation_until_kept(&reader, &conversation.id).await;
    Some(TwoProcesses {
        url,
        reader,
        writer,
        user,
        conversation,
    })
}

/// A signature one replica accepted is refused by another sharing the database.
#[tokio::test]
async fn a_signature_accepted_by_one_process_is_refused_by_another() {
    let Some(url) = postgres_url().await else {
        return;
    };
    let options = OpenOptions::default();
    let first = PgStore::open(&url, &options).await.unwrap();
    let second = PgStore::open(&url, &options).await.unwrap();
    let now = Utc::now();
    let until = now + chrono::Duration::seconds(300);
    assert!(first.remember_signature("1:aa", until, now).await.unwrap());
    assert!(!second.remember_signature("1:aa", until, now).await.unwrap());
    assert!(second.remember_signature("1:bb", until, now).await.unwrap());
    assert!(!first.remember_signature("1:bb", until, now).await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_process_s_change_drops_this_one_s_cached_conversation() {
    let Some(two) = two_processes().await else {
        return eprintln!("skipped: FIN_HELPDESK_TEST_POSTGRES_URL not set");
    };
    let TwoProcesses {
        reader,
        writer,
        user: u,
        conversation: c,
        ..
    } = two;

    // The reader writes nothing: only the writer's notification can move its generation.
    let before = reader.conversations.generation();
    let renamed = UserChanges {
        name: Tristate::Value("Renamed elsewhere".into()),
        ..UserChanges::default()
    };
    writer.update_user(&u.id, renamed).await.unwrap().unwrap();
    eventually("the reader hears of the change", || {
        reader.conversations.generation() > before
    })
    .await;
    let read = reader.get_conversation(&c.id).await.unwrap().unwrap();
    assert_eq!(read.user.name.as_deref(), Some("Renamed elsewhere"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_process_s_message_drops_this_one_s_cached_page() {
    let Some(two) = two_processes().await else {
        return eprintln!("skipped: FIN_HELPDESK_TEST_POSTGRES_URL not set");
    };
    let TwoProcesses {
        reader,
        writer,
        user: u,
        conversation: c,
        ..
    } = two;
    let author = || AuthorRef::EndUser(u.id.clone());
    let first = message(&c.id, author(), Some("first"), "first");
    writer.create_message(first, SyncEvent::Skip).await.unwrap();
    // The first message's notification may be on its way.
    let kept = read_until_kept(async || {
        let listed = reader.list_messages(&c.id, None).await.unwrap();
        assert!(!listed.is_empty());
        reader.conversations.get_page(&c.id, None)
    })
    .await;
    let kept_at = tokio::time::Instant::now();

    let before = reader.conversations.generation();
    let second = message(&c.id, author(), Some("second"), "second");
    let second = writer
        .create_message(second, SyncEvent::Skip)
        .await
        .unwrap();
    eventually("the reader hears of the message", || {
        reader.conversations.generation() > before
    })
    .await;
    // Within the cache's TTL (checked after the read), only the notification can have
    // dropped the page.
    let listed = reader.list_messages(&c.id, None).await.unwrap();
    assert!(
        kept_at.elapsed() < crate::store::cache::CONVERSATION_CACHE_TTL,
        "the page could have expired instead: the test proves nothing on a machine this slow"
    );
    assert_eq!(listed.len(), kept.len() + 1);
    assert_eq!(
        listed.last().map(|m| &m.id),
        Some(&second.record.id),
        "the other process's message is listed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_listening_connection_drops_the_cache_and_listens_again() {
    let Some(two) = two_processes().await else {
        return eprintln!("skipped: FIN_HELPDESK_TEST_POSTGRES_URL not set");
    };
    let TwoProcesses {
        url,
        reader,
        writer,
        conversation: c,
        ..
    } = two;

    // Both stores' listeners carry the schema's application_name: end them both.
    let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    let before = reader.conversations.generation();
    let ended: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE application_name = current_setting('application_name') \
         AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()",
    )
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert_eq!(ended, [true, true], "both listeners ended");
    // Nothing was written: only noticing the loss moves the generation on.
    eventually("the reader notices the lost connection", || {
        reader.conversations.generation() > before
    })
    .await;
    assert!(
        reader.conversations.get(&c.id).is_none(),
        "dropped with the connection"
    );

    eventually("the reader listens again", || {
        !reader.conversations.is_paused()
    })
    .await;
    read_conversation_until_kept(&reader, &c.id).await;
    let before = reader.conversations.generation();
    let status = ConversationChanges {
        status: Some(ConversationStatus::Closed),
        ..ConversationChanges::default()
    };
    writer
        .update_conversation(&c.id, status, SyncEvent::Skip)
        .await
        .unwrap()
        .unwrap();
    eventually("the reader hears of the change again", || {
        reader.conversations.generation() > before
    })
    .await;
    let read = reader.get_conversation(&c.id).await.unwrap().unwrap();
    assert_eq!(read.status, ConversationStatus::Closed);
}
