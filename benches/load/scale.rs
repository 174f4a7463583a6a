//! The scale fixture (`FIN_HELPDESK_BENCH_SCALE`): a helpdesk's worth of history written
//! by direct SQL into the fresh database (SQLite or PostgreSQL), after the server's
//! migrations and before it starts, so the same scenarios run against a large database.
//! Seeding through the API would take hours at a few thousand writes per second; these
//! rows are what the store itself writes (same id shapes, timestamps, positions and JSON
//! defaults), in id order so every index is appended to.
//!
//! `conversations` conversations of [`MESSAGES_PER_CONVERSATION`] messages each, spread
//! over `conversations / 10` users, alternating the end user and the Fin agent as
//! authors; all open and unassigned. Plus one long conversation of up to
//! [`LONG_CONVERSATION`] messages, the one `get_messages` pages near the end of.

use std::path::Path;
use std::time::{Duration, Instant};

type Result<T, E = Box<dyn std::error::Error + Send + Sync>> = std::result::Result<T, E>;

pub const MESSAGES_PER_CONVERSATION: usize = 10;

/// The full size the issue asks for.
pub const FULL: usize = 1_000_000;

/// The long conversation's length at full size (the 100,000-message case).
pub const LONG_CONVERSATION: usize = 100_000;

#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub conversations: usize,
}

impl Scale {
    /// `FIN_HELPDESK_BENCH_SCALE`: `full` (1,000,000 conversations) or a number of
    /// conversations.
    pub fn parse(value: &str) -> Result<Self> {
        let value = value.trim();
        let conversations = if value.eq_ignore_ascii_case("full") {
            FULL
        } else {
            value
                .replace('_', "")
                .parse::<usize>()
                .ok()
                .filter(|&n| n >= 10)
                .ok_or(
                    "FIN_HELPDESK_BENCH_SCALE must be `full` or a number of conversations (>= 10)",
                )?
        };
        Ok(Scale { conversations })
    }

    /// Messages in the ordinary conversations.
    pub fn messages(self) -> usize {
        self.conversations * MESSAGES_PER_CONVERSATION
    }

    pub fn users(self) -> usize {
        (self.conversations / 10).max(1)
    }

    /// The long conversation's length: the full 100,000 unless the whole scale is
    /// smaller (CI's setting), so a small scale stays quick to seed.
    pub fn long_messages(self) -> usize {
        LONG_CONVERSATION.min(self.messages())
    }

    /// A short label, e.g. `1M`.
    pub fn label(self) -> String {
        let n = self.conversations;
        if n >= 1_000_000 && n.is_multiple_of(1_000_000) {
            format!("{}M", n / 1_000_000)
        } else if n >= 1000 && n.is_multiple_of(1000) {
            format!("{}k", n / 1000)
        } else {
            n.to_string()
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SeedReport {
    pub conversations: usize,
    /// Every message written, the long conversation's included.
    pub messages: usize,
    pub users: usize,
    /// The long conversation, its length, and the id of its message `tail` before the
    /// end (the `after_id` get_messages asks with).
    pub long_conversation: String,
    pub long_messages: usize,
    pub near_end: String,
    pub seconds: f64,
    /// Then writing the seeded database out to disk (`sync`), before the first cell.
    pub sync_seconds: f64,
    /// The database after seeding (SQLite: the file after a checkpoint; PostgreSQL:
    /// the schema's tables with their indexes and TOAST), in bytes.
    pub database_bytes: u64,
    /// `database_bytes` over the messages: users and conversations are counted in.
    pub bytes_per_message: f64,
}

fn id(prefix: &str) -> String {
    format!("{prefix}_{}", uuid::Uuid::now_v7().simple())
}

fn ts(base: chrono::DateTime<chrono::Utc>, offset_ms: i64) -> String {
    (base + chrono::Duration::milliseconds(offset_ms))
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn body(p: usize) -> String {
    format!("<p>Message {p}: could you tell me more about the Enterprise plan?</p>")
}

/// Seeds the SQLite file `db` (already migrated; no server running on it). `agent_id` is
/// an existing agent, the author of every other message; `tail` how far from the long
/// conversation's end `near_end` is.
pub fn seed_sqlite(db: &Path, scale: Scale, agent_id: &str, tail: usize) -> Result<SeedReport> {
    let started = Instant::now();
    let mut c = rusqlite::Connection::open(db)?;
    // Nothing here needs to survive a crash: a failed seeding fails the bench.
    c.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;",
    )?;
    // A year ago, one message a second, so seeded history is older than the bench's.
    let base = chrono::Utc::now() - chrono::Duration::days(365);
    let users: Vec<String> = (0..scale.users()).map(|_| id("user")).collect();
    let long = id("conv");
    let long_messages = scale.long_messages();
    let mut near_end = String::new();
    let tx = c.transaction()?;
    {
        let mut insert_user = tx.prepare(
            "INSERT INTO users (id, object_id, name, email, attributes, created_at, updated_at) \
             VALUES (?1, ?2, ?3, ?4, '{}', ?5, ?5)",
        )?;
        for (i, user) in users.iter().enumerate() {
            let at = ts(base, i as i64);
            insert_user.execute(rusqlite::params![
                user,
                format!("seed-user-{i}"),
                format!("User {i}"),
                format!("user{i}@seed.invalid"),
                at
            ])?;
        }
        let mut insert_conversation = tx.prepare(
            "INSERT INTO conversations (id, user_id, title, tags, attributes, status, \
             last_position, created_at, updated_at) \
             VALUES (?1, ?2, 'Question about pricing', '[]', '{}', 'open', ?3, ?4, ?5)",
        )?;
        let mut insert_message = tx.prepare(
            "INSERT INTO messages (id, conversation_id, position, message_type, body, \
             author_user_id, author_agent_id, visibility, attachments, created_at) \
             VALUES (?1, ?2, ?3, 'comment', ?4, ?5, ?6, 'public', '[]', ?7)",
        )?;
        let per = MESSAGES_PER_CONVERSATION;
        // The ordinary conversations, then the long one after them (so ids stay in order).
        let mut write = |i: usize, conversation: &str, count: usize, user: &str| -> Result<()> {
            let first = (i * per) as i64 * 1000;
            insert_conversation.execute(rusqlite::params![
                conversation,
                user,
                count as i64,
                ts(base, first),
                ts(base, first + (count as i64 - 1) * 1000),
            ])?;
            for p in 0..count {
                let (user_author, agent_author) = if p % 2 == 0 {
                    (Some(user), None)
                } else {
                    (None, Some(agent_id))
                };
                let message = id("msg");
                insert_message.execute(rusqlite::params![
                    message,
                    conversation,
                    (p + 1) as i64,
                    body(p),
                    user_author,
                    agent_author,
                    ts(base, first + p as i64 * 1000),
                ])?;
                if count == long_messages && p + 1 + tail == count && conversation == long {
                    near_end = message;
                }
            }
            Ok(())
        };
        for i in 0..scale.conversations {
            write(i, &id("conv"), per, &users[i % users.len()])?;
            if i > 0 && i % 100_000 == 0 {
                eprintln!(
                    "  seeded {i} conversations in {:.0} s",
                    started.elapsed().as_secs_f64()
                );
            }
        }
        write(scale.conversations, &long, long_messages, &users[0])?;
    }
    tx.commit()?;
    // The server opens it in WAL mode, as the migrations left it.
    c.execute_batch("PRAGMA journal_mode = WAL;")?;
    drop(c);
    let database_bytes = std::fs::metadata(db)?.len();
    Ok(report(
        scale,
        long,
        near_end,
        started.elapsed(),
        database_bytes,
    ))
}

fn report(
    scale: Scale,
    long_conversation: String,
    near_end: String,
    took: Duration,
    database_bytes: u64,
) -> SeedReport {
    let messages = scale.messages() + scale.long_messages();
    SeedReport {
        conversations: scale.conversations + 1,
        messages,
        users: scale.users(),
        long_conversation,
        long_messages: scale.long_messages(),
        near_end,
        seconds: took.as_secs_f64(),
        sync_seconds: 0.0,
        database_bytes,
        bytes_per_message: database_bytes as f64 / messages as f64,
    }
}

/// An id of the store's shape (`prefix_` and 32 hex digits laid out as a UUIDv7) made in
/// SQL: `ms` is the time part, so ids sort in the order they are written, and `salt` the
/// random part's seed, so the same row's id can be computed again in another statement.
fn pg_id(prefix: &str, ms: &str, salt: &str) -> String {
    format!(
        "('{prefix}_' || lpad(to_hex({ms}), 12, '0') || '7' || substr(md5({salt}), 1, 3) \
         || '8' || substr(md5({salt}), 4, 15))"
    )
}

/// Seeds PostgreSQL at `url` (a schema already migrated; no server running on it) with
/// the same rows as [`seed_sqlite`], each table by `INSERT … SELECT` over
/// `generate_series`, in batches so progress shows.
pub async fn seed_postgres(
    url: &str,
    scale: Scale,
    agent_id: &str,
    tail: usize,
) -> Result<SeedReport> {
    use sqlx::Connection as _;
    let started = Instant::now();
    let mut c = sqlx::PgConnection::connect(url).await?;
    // Foreign-key triggers would double the time; every reference here is to a row just
    // written. Needs a superuser (the bench's throwaway cluster): otherwise they run.
    let _ = sqlx::query("SET session_replication_role = replica")
        .execute(&mut c)
        .await;
    let base_ms = chrono::Utc::now().timestamp_millis() - 365 * 86_400_000;
    let base = format!("(to_timestamp({base_ms} / 1000.0))");
    let users = scale.users();
    let per = MESSAGES_PER_CONVERSATION;
    let user_id = |u: &str| {
        pg_id(
            "user",
            &format!("({base_ms}::bigint + {u})"),
            &format!("'u' || {u}"),
        )
    };
    let conversation_id = |n: &str| {
        pg_id(
            "conv",
            &format!("({base_ms}::bigint + {n})"),
            &format!("'c' || {n}"),
        )
    };
    let message_id = |n: &str| {
        pg_id(
            "msg",
            &format!("({base_ms}::bigint + {n})"),
            &format!("'m' || {n}"),
        )
    };
    sqlx::query(&format!(
        "INSERT INTO users (id, object_id, name, email, attributes, created_at, updated_at) \
         SELECT {uid}, 'seed-user-' || u, 'User ' || u, 'user' || u || '@seed.invalid', '{{}}', \
                {base} + u * interval '1 ms', {base} + u * interval '1 ms' \
         FROM generate_series(0, {last}::bigint) u",
        uid = user_id("u"),
        last = users - 1,
    ))
    .execute(&mut c)
    .await?;
    // Conversation i (the long one is i = conversations) with `count` messages; message
    // k of the whole seeding is i * 10 + p, which keeps ids and times in write order.
    let batch = 100_000usize;
    let mut from = 0;
    while from <= scale.conversations {
        let to = (from + batch).min(scale.conversations + 1);
        let long = scale.conversations;
        sqlx::query(&format!(
            "INSERT INTO conversations (id, user_id, title, tags, attributes, status, \
                 last_position, created_at, updated_at) \
             SELECT {cid}, {uid}, 'Question about pricing', '[]', '{{}}', 'open', \
                 CASE WHEN i = {long} THEN {long_count} ELSE {per} END, \
                 {base} + i * {per} * interval '1 s', \
                 {base} + (i * {per} + CASE WHEN i = {long} THEN {long_count} ELSE {per} END - 1) * interval '1 s' \
             FROM generate_series({from}::bigint, {last}::bigint) i",
            cid = conversation_id("i"),
            uid = user_id(&format!("(CASE WHEN i = {long} THEN 0 ELSE i % {users} END)")),
            long_count = scale.long_messages(),
            last = to - 1,
        ))
        .execute(&mut c)
        .await?;
        let ordinary_to = to.min(scale.conversations);
        if from < ordinary_to {
            insert_pg_messages(
                &mut c,
                &MessageRange {
                    first: from * per,
                    last: ordinary_to * per - 1,
                    conversation: "(k / 10)",
                    position: "(k % 10)",
                    user: &format!("((k / 10) % {users})"),
                },
                &base,
                agent_id,
                &conversation_id,
                &user_id,
                &message_id,
            )
            .await?;
        }
        if to > scale.conversations {
            let first = scale.conversations * per;
            insert_pg_messages(
                &mut c,
                &MessageRange {
                    first,
                    last: first + scale.long_messages() - 1,
                    conversation: &long.to_string(),
                    position: &format!("(k - {first})"),
                    user: "0",
                },
                &base,
                agent_id,
                &conversation_id,
                &user_id,
                &message_id,
            )
            .await?;
        }
        if from > 0 {
            eprintln!(
                "  seeded {from} conversations in {:.0} s",
                started.elapsed().as_secs_f64()
            );
        }
        from = to;
    }
    let _ = sqlx::query("SET session_replication_role = DEFAULT")
        .execute(&mut c)
        .await;
    // Vacuumed and analysed, as autovacuum would have left a database this old: else an
    // autovacuum worker (a child of the postmaster, so counted as PostgreSQL's CPU) and
    // the first reads setting hint bits would run during the measured cells. Then a
    // checkpoint, so the checkpointer's writes of the seeding are not theirs either.
    sqlx::raw_sql("VACUUM (ANALYZE) users, conversations, messages")
        .execute(&mut c)
        .await?;
    let _ = sqlx::raw_sql("CHECKPOINT").execute(&mut c).await;
    let long: String = sqlx::query_scalar(&format!(
        "SELECT {}",
        conversation_id(&scale.conversations.to_string())
    ))
    .fetch_one(&mut c)
    .await?;
    let near_end: String =
        sqlx::query_scalar("SELECT id FROM messages WHERE conversation_id = $1 AND position = $2")
            .bind(&long)
            .bind((scale.long_messages() - tail) as i64)
            .fetch_one(&mut c)
            .await?;
    let database_bytes: i64 = sqlx::query_scalar(
        "SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND c.relkind = 'r'",
    )
    .fetch_one(&mut c)
    .await?;
    Ok(report(
        scale,
        long,
        near_end,
        started.elapsed(),
        u64::try_from(database_bytes).unwrap_or(0),
    ))
}

/// Messages `first..=last` of the seeding (`k`), as SQL expressions of `k`.
struct MessageRange<'a> {
    first: usize,
    last: usize,
    conversation: &'a str,
    /// 0-based position in the conversation.
    position: &'a str,
    user: &'a str,
}

async fn insert_pg_messages(
    c: &mut sqlx::PgConnection,
    range: &MessageRange<'_>,
    base: &str,
    agent_id: &str,
    conversation_id: &dyn Fn(&str) -> String,
    user_id: &dyn Fn(&str) -> String,
    message_id: &dyn Fn(&str) -> String,
) -> Result<()> {
    let MessageRange {
        first,
        last,
        conversation,
        position,
        user,
    } = range;
    sqlx::query(&format!(
        "INSERT INTO messages (id, conversation_id, position, message_type, body, \
             author_user_id, author_agent_id, visibility, attachments, created_at) \
         SELECT {mid}, {cid}, {position} + 1, 'comment', \
             '<p>Message ' || {position} || ': could you tell me more about the Enterprise plan?</p>', \
             CASE WHEN {position} % 2 = 0 THEN {uid} END, \
             CASE WHEN {position} % 2 = 1 THEN $1 END, \
             'public', '[]', {base} + k * interval '1 s' \
         FROM generate_series({first}::bigint, {last}::bigint) k",
        mid = message_id("k"),
        cid = conversation_id(conversation),
        uid = user_id(user),
    ))
    .bind(agent_id)
    .execute(c)
    .await?;
    Ok(())
}

/// Writes every dirty page of the machine out and waits for it. Seeding leaves gigabytes
/// in the page cache (SQLite: `synchronous = OFF`; PostgreSQL: a `fsync=off` cluster's
/// checkpoint), which the kernel would otherwise write back during the first measured
/// cells, on the same two cores.
pub fn synced_to_disk(mut report: SeedReport) -> SeedReport {
    let started = Instant::now();
    // SAFETY: sync(2) takes no arguments and cannot fail.
    unsafe { libc::sync() };
    report.sync_seconds = started.elapsed().as_secs_f64();
    report
}

/// How long seeding took and what it made, for the log and the table.
pub fn describe(report: &SeedReport) -> String {
    format!(
        "{} conversations (one of {} messages), {} messages, {} users in {:.1} s, then {:.1} s to sync it to disk; {:.1} MiB, {:.0} bytes per message",
        report.conversations,
        report.long_messages,
        report.messages,
        report.users,
        report.seconds,
        report.sync_seconds,
        report.database_bytes as f64 / (1024.0 * 1024.0),
        report.bytes_per_message
    )
}
