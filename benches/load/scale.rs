//! The scale fixture (`FIN_HELPDESK_BENCH_SCALE`): a helpdesk's worth of history written
//! by direct SQL into the fresh SQLite file, after the server's migrations and before it
//! starts, so the same scenarios run against a large database. Seeding through the API
//! would take hours at a few thousand writes per second; these rows are what the store
//! itself writes (same id shapes, timestamps, positions and JSON defaults), in id order
//! so every index is appended to.
//!
//! `conversations` conversations of [`MESSAGES_PER_CONVERSATION`] messages each, spread
//! over `conversations / 10` users, alternating the end user and the Fin agent as
//! authors; all open and unassigned.

use std::path::Path;
use std::time::{Duration, Instant};

type Result<T, E = Box<dyn std::error::Error + Send + Sync>> = std::result::Result<T, E>;

pub const MESSAGES_PER_CONVERSATION: usize = 10;

/// The full size the issue asks for.
pub const FULL: usize = 1_000_000;

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

    pub fn messages(self) -> usize {
        self.conversations * MESSAGES_PER_CONVERSATION
    }

    pub fn users(self) -> usize {
        (self.conversations / 10).max(1)
    }

    /// A short label, e.g. `1M conv`.
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
    pub messages: usize,
    pub users: usize,
    pub seconds: f64,
    /// The database file after seeding (and a checkpoint), in bytes.
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

/// Seeds `db` (already migrated; no server running on it). `agent_id` is an existing
/// agent, the author of every other message.
pub fn seed(db: &Path, scale: Scale, agent_id: &str) -> Result<SeedReport> {
    let started = Instant::now();
    let mut c = rusqlite::Connection::open(db)?;
    // Nothing here needs to survive a crash: a failed seeding fails the bench.
    c.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;",
    )?;
    // A year ago, one message a second, so seeded history is older than the bench's.
    let base = chrono::Utc::now() - chrono::Duration::days(365);
    let users: Vec<String> = (0..scale.users()).map(|_| id("user")).collect();
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
        for i in 0..scale.conversations {
            let conversation = id("conv");
            let user = &users[i % users.len()];
            let first = (i * per) as i64 * 1000;
            insert_conversation.execute(rusqlite::params![
                conversation,
                user,
                per as i64,
                ts(base, first),
                ts(base, first + (per as i64 - 1) * 1000),
            ])?;
            for p in 0..per {
                let (user_author, agent_author) = if p % 2 == 0 {
                    (Some(user.as_str()), None)
                } else {
                    (None, Some(agent_id))
                };
                insert_message.execute(rusqlite::params![
                    id("msg"),
                    conversation,
                    (p + 1) as i64,
                    format!(
                        "<p>Message {p}: could you tell me more about the Enterprise plan?</p>"
                    ),
                    user_author,
                    agent_author,
                    ts(base, first + p as i64 * 1000),
                ])?;
            }
            if i > 0 && i % 100_000 == 0 {
                eprintln!(
                    "  seeded {i} conversations in {:.0} s",
                    started.elapsed().as_secs_f64()
                );
            }
        }
    }
    tx.commit()?;
    // The server opens it in WAL mode, as the migrations left it.
    c.execute_batch("PRAGMA journal_mode = WAL;")?;
    drop(c);
    let database_bytes = std::fs::metadata(db)?.len();
    let seconds = started.elapsed().as_secs_f64();
    Ok(SeedReport {
        conversations: scale.conversations,
        messages: scale.messages(),
        users: scale.users(),
        seconds,
        database_bytes,
        bytes_per_message: database_bytes as f64 / scale.messages() as f64,
    })
}

/// How long seeding took, for the log.
pub fn describe(report: &SeedReport) -> String {
    format!(
        "{} conversations, {} messages, {} users in {:.1} s; {:.1} MiB, {:.0} bytes per message",
        report.conversations,
        report.messages,
        report.users,
        Duration::from_secs_f64(report.seconds).as_secs_f64(),
        report.database_bytes as f64 / (1024.0 * 1024.0),
        report.bytes_per_message
    )
}
