//! Tests of the SQLite backend's own machinery: the group-commit writer and the column positions.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, params};
use serde_json::Value;

use super::decode::{
    CONVERSATION_COLUMNS, MESSAGE_COLUMNS, MESSAGES_AFTER_ID_BY_AUTHOR_ID, USER_COLUMNS,
};
use super::open::{MIGRATOR, SqliteStore};
use super::statements::{execute, query_all};
use super::writer::{commit_batch, pending};
use crate::store::cache::ConversationCache;
use crate::store::error::{ErrorKind, StoreError, invalid};
use crate::store::options::OpenOptions;
use crate::store::records::{ConversationFilter, NewUser};
use crate::store::sql;
use crate::store::tests::{conversation, user};
use crate::store::traits::{Store, UserStore};

fn insert(
    value: &'static str,
) -> impl FnOnce(&Connection) -> Result<(), StoreError> + Clone + Send + 'static {
    move |c| {
        execute(c, "INSERT INTO t (v) VALUES ($1)", params![value])?;
        Ok(())
    }
}

fn values(connection: &Connection) -> Vec<String> {
    query_all(connection, "SELECT v FROM t ORDER BY v", params![], |row| {
        Ok(row.get(0)?)
    })
    .expect("values read")
}

#[tokio::test]
async fn a_batch_keeps_its_good_writes_and_undoes_a_refused_or_panicking_one() {
    let connection = Connection::open_in_memory().expect("database");
    connection
        .execute_batch("CREATE TABLE t (v TEXT)")
        .expect("table");
    let (good, good_answer) = pending(insert("a"));
    let (refused, refused_answer) = pending(|c: &Connection| -> Result<(), StoreError> {
        insert("refused")(c)?;
        Err(invalid("v", "refused after writing"))
    });
    let (panicking, panicking_answer) = pending(|c: &Connection| -> Result<(), StoreError> {
        insert("panicked")(c)?;
        panic!("a bug in one write");
    });
    let (after, after_answer) = pending(insert("b"));
    commit_batch(
        &connection,
        vec![good, refused, panicking, after],
        &ConversationCache::default(),
    );

    assert!(good_answer.await.expect("answered").is_ok());
    assert!(matches!(
        refused_answer.await.expect("answered"),
        Err(StoreError::Invalid { field: "v", .. })
    ));
    assert!(matches!(
        panicking_answer.await.expect("answered"),
        Err(StoreError::Internal(_))
    ));
    assert!(after_answer.await.expect("answered").is_ok());
    assert_eq!(values(&connection), ["a", "b"]);
    assert!(connection.is_autocommit(), "no transaction is left open");
}

#[tokio::test]
async fn a_lost_transaction_fails_every_write_of_its_batch() {
    let connection = Connection::open_in_memory().expect("database");
    connection
        .execute_batch("CREATE TABLE t (v TEXT)")
        .expect("table");
    let (good, good_answer) = pending(insert("a"));
    // Ends the batch's transaction behind the writer's back, so its savepoint fails.
    let (breaking, breaking_answer) = pending(|c: &Connection| -> Result<(), StoreError> {
        c.execute_batch("ROLLBACK")?;
        Ok(())
    });
    let (later, later_answer) = pending(insert("b"));
    commit_batch(
        &connection,
        vec![good, breaking, later],
        &ConversationCache::default(),
    );

    for answer in [good_answer, breaking_answer, later_answer] {
        assert!(matches!(
            answer.await.expect("answered"),
            Err(StoreError::Internal(_))
        ));
    }
    assert!(
        values(&connection).is_empty(),
        "nothing of the batch is kept"
    );

    // The writer goes on: the next batch commits.
    let (next, next_answer) = pending(insert("c"));
    commit_batch(&connection, vec![next], &ConversationCache::default());
    assert!(next_answer.await.expect("answered").is_ok());
    assert_eq!(values(&connection), ["c"]);
}

#[tokio::test]
async fn a_batch_lost_to_a_full_database_runs_each_write_again_on_its_own() {
    let connection = Connection::open_in_memory().expect("database");
    connection
        .execute_batch("CREATE TABLE t (v TEXT)")
        .expect("table");
    let pages: u32 = connection
        .query_row("PRAGMA page_count", [], |row| row.get(0))
        .expect("page count");
    let _: u32 = connection
        .query_row(&format!("PRAGMA max_page_count = {pages}"), [], |row| {
            row.get(0)
        })
        .expect("limit");
    let big: &'static str = "x".repeat(64 * 1024).leak();
    let (before, before_answer) = pending(insert("a"));
    let (too_big, too_big_answer) = pending(insert(big));
    let (after, after_answer) = pending(insert("b"));
    commit_batch(
        &connection,
        vec![before, too_big, after],
        &ConversationCache::default(),
    );

    assert!(before_answer.await.expect("answered").is_ok());
    assert!(after_answer.await.expect("answered").is_ok());
    let refused = too_big_answer
        .await
        .expect("answered")
        .expect_err("it cannot fit");
    assert_eq!(refused.kind(), ErrorKind::Unavailable, "{refused}");
    assert_eq!(values(&connection), ["a", "b"]);
    assert!(connection.is_autocommit(), "no transaction is left open");
}

fn columns(connection: &Connection, statement: &str) -> Vec<String> {
    let prepared = connection.prepare(statement).expect("statement prepares");
    prepared
        .column_names()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The positions the decoders read are the columns the selects of sql.rs list.
#[test]
fn decoders_read_the_columns_the_selects_list() {
    let connection = Connection::open_in_memory().expect("in-memory database");
    for migration in MIGRATOR.iter() {
        connection
            .execute_batch(&migration.sql)
            .expect("migration applies");
    }
    let user = [
        "u_id",
        "u_object_id",
        "u_fingerprint",
        "u_name",
        "u_email",
        "u_photo_url",
        "u_attributes",
        "u_created_at",
        "u_updated_at",
    ];
    let agent = [
        "a_id",
        "a_name",
        "a_email",
        "a_photo_url",
        "a_alias",
        "a_created_at",
    ];
    let conversation = [
        "c_id",
        "c_object_id",
        "c_fingerprint",
        "c_title",
        "c_tags",
        "c_attributes",
        "c_status",
        "c_last_user_read_at",
        "c_created_at",
        "c_updated_at",
    ];
    let message = [
        "m_id",
        "m_conversation_id",
        "m_object_id",
        "m_fingerprint",
        "m_message_type",
        "m_body",
        "m_visibility",
        "m_attachments",
        "m_created_at",
    ];
    assert_eq!(user.len(), USER_COLUMNS);
    assert_eq!(conversation.len(), CONVERSATION_COLUMNS);
    assert_eq!(message.len(), MESSAGE_COLUMNS);
    for statement in [sql::USER_BY_ID, sql::USER_BY_OBJECT_ID] {
        assert_eq!(columns(&connection, statement), user);
    }
    for statement in [sql::ACTIVE_AGENT, sql::LIST_AGENTS] {
        assert_eq!(columns(&connection, statement), agent);
    }
    let conversation_row = [&conversation[..], &user, &agent].concat();
    for statement in [
        sql::CONVERSATION_BY_ID,
        sql::CONVERSATION_BY_OBJECT_ID,
        sql::LIST_CONVERSATIONS,
    ] {
        assert_eq!(columns(&connection, statement), conversation_row);
    }
    let message_row = [&message[..], &user, &agent].concat();
    for statement in [sql::MESSAGE_BY_OBJECT_ID, sql::FIRST_MESSAGE] {
        assert_eq!(columns(&connection, statement), message_row);
    }
    let by_author_id = [
        "id",
        "conversation_id",
        "object_id",
        "fingerprint",
        "message_type",
        "body",
        "visibility",
        "attachments",
        "created_at",
        "author_user_id",
        "author_agent_id",
    ];
    assert_eq!(
        columns(&connection, MESSAGES_AFTER_ID_BY_AUTHOR_ID),
        by_author_id
    );
    let own_message_names: Vec<String> = message
        .iter()
        .map(|name| name.trim_start_matches("m_").to_owned())
        .collect();
    assert_eq!(own_message_names, by_author_id[..MESSAGE_COLUMNS]);
    assert_eq!(columns(&connection, sql::AGENT_BY_ID), agent);
}

/// The database cannot grow (`max_page_count` stands in for a full file system): a
/// write is refused as a transient failure (a 503), reads go on, the file stays
/// intact, and writes resume once there is room.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_database_refuses_writes_for_now_and_keeps_reads_and_integrity() {
    let dir = tempfile::tempdir().expect("directory");
    let url = format!("sqlite://{}", dir.path().join("full.db").display());
    let store = SqliteStore::open(&url, &OpenOptions::default())
        .await
        .expect("store opens");
    let kept = store
        .create_user(NewUser {
            name: Some("kept".into()),
            ..NewUser::default()
        })
        .await
        .expect("user")
        .record;
    // The writer's own connection: no page beyond those in use.
    let limit = |extra: u32| {
        move |c: &Connection| -> Result<(), StoreError> {
            let pages: u32 = c.query_row("PRAGMA page_count", [], |row| row.get(0))?;
            let _: u32 = c.query_row(
                &format!("PRAGMA max_page_count = {}", pages + extra),
                [],
                |row| row.get(0),
            )?;
            Ok(())
        }
    };
    store.write(limit(0)).await.expect("limit set");
    let big = NewUser {
        attributes: [("big".to_string(), Value::String("x".repeat(64 * 1024)))]
            .into_iter()
            .collect(),
        ..NewUser::default()
    };
    let full = store
        .create_user(big.clone())
        .await
        .expect_err("no room for it");
    assert_eq!(full.kind(), ErrorKind::Unavailable, "{full}");
    assert!(full.to_string().contains("full"), "{full}");

    assert_eq!(
        store.get_user(&kept.id).await.expect("reads go on"),
        Some(kept.clone())
    );
    let integrity: String = store
        .readers
        .read(|c| Ok(c.query_row("PRAGMA integrity_check", [], |row| row.get(0))?))
        .expect("integrity check");
    assert_eq!(integrity, "ok");

    store.write(limit(1000)).await.expect("room again");
    let created = store.create_user(big).await.expect("writes resume").record;
    assert_eq!(
        store.get_user(&created.id).await.expect("read"),
        Some(created)
    );
}

/// The WAL is copied into the database file soon after a write, by the checkpoint thread:
/// far below the size at which the writer would checkpoint itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn committed_writes_reach_the_database_file_without_the_writer_checkpointing() {
    let dir = tempfile::tempdir().expect("directory");
    let file = dir.path().join("checkpointed.db");
    let store = SqliteStore::open(
        &format!("sqlite://{}", file.display()),
        &OpenOptions::default(),
    )
    .await
    .expect("store opens");
    let size = || std::fs::metadata(&file).expect("database file").len();
    let before = size();
    // About 64 pages: well under WRITER_CHECKPOINT_PAGES.
    for i in 0..16 {
        store
            .create_user(NewUser {
                attributes: [(format!("a{i}"), Value::String("x".repeat(16 * 1024)))]
                    .into_iter()
                    .collect(),
                ..NewUser::default()
            })
            .await
            .expect("user");
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while size() < before + 16 * 16 * 1024 {
        assert!(
            std::time::Instant::now() < deadline,
            "the database file is still {} bytes ({before} before the writes): nothing was checkpointed",
            size()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[cfg(unix)]
fn permissions(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("file").permissions().mode() & 0o777
}

/// The database, its WAL and its shared-memory index hold personal data and credential
/// hashes: created owner-only (0600) whatever the umask leaves.
#[cfg(unix)]
#[tokio::test]
async fn a_new_database_its_wal_and_shm_are_the_owners_only() {
    let dir = tempfile::tempdir().expect("directory");
    let file = dir.path().join("private.db");
    let store = SqliteStore::open(
        &format!("sqlite://{}", file.display()),
        &OpenOptions::default(),
    )
    .await
    .expect("store opens");
    store
        .create_user(NewUser::default())
        .await
        .expect("a write, so the WAL and SHM exist");
    for suffix in ["", "-wal", "-shm"] {
        let path = PathBuf::from(format!("{}{suffix}", file.display()));
        assert_eq!(permissions(&path), 0o600, "{}", path.display());
    }
}

/// A database (and WAL) created readable by others, by an earlier version say, is
/// narrowed to its owner when opened.
#[cfg(unix)]
#[tokio::test]
async fn an_existing_database_readable_by_others_is_narrowed_on_open() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("directory");
    let file = dir.path().join("wide.db");
    let url = format!("sqlite://{}", file.display());
    let wal = PathBuf::from(format!("{}-wal", file.display()));
    Connection::open(&file)
        .and_then(|connection| connection.execute_batch("CREATE TABLE earlier (v TEXT)"))
        .expect("an earlier database");
    std::fs::write(&wal, b"").expect("a left-over WAL");
    for path in [&file, &wal] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let _store = SqliteStore::open(&url, &OpenOptions::default())
        .await
        .expect("store opens");
    assert_eq!(permissions(&file), 0o600);
    assert_eq!(permissions(&wal), 0o600);
}

#[tokio::test]
async fn a_status_or_visibility_the_store_does_not_know_is_an_error_when_read() {
    let dir = tempfile::tempdir().expect("directory");
    let file = dir.path().join("store.db");
    let url = format!("sqlite://{}", file.display());
    let store: Arc<dyn Store> = Arc::new(
        SqliteStore::open(&url, &OpenOptions::default())
            .await
            .expect("store"),
    );
    let u = user(&store).await;
    let c = conversation(&store, &u).await;
    // Values the schema's checks refuse, as a later schema or a hand edit might leave.
    let other = Connection::open(&file).expect("database");
    other
        .execute_batch(
            "PRAGMA ignore_check_constraints = ON; \
             UPDATE conversations SET status = 'archived'; \
             UPDATE messages SET visibility = 'secret';",
        )
        .expect("edit");
    let internal = |result: Result<_, StoreError>| matches!(result, Err(StoreError::Internal(_)));
    assert!(internal(
        store
            .list_conversations(ConversationFilter::default())
            .await
            .map(drop)
    ));
    assert!(internal(store.list_messages(&c.id, None).await.map(drop)));
}
