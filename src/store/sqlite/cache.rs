//! Conversations read recently, kept decoded until the next write of this process or for
//! at most [`CONVERSATION_CACHE_TTL`]: a `get_conversation` that hits skips the statement
//! and the row's decoding, which the load bench's profile measured at a quarter of the
//! request's instructions.
//!
//! Every batch the writer thread runs moves a generation counter on, after its commit and
//! before any of its callers is answered, and an entry is only used while the generation
//! it was read at is current. So within this process a read never misses an acknowledged
//! write, whatever the write touched (a conversation embeds its user and its assignee).
//!
//! The cost is with other processes on the same file (the CLI run while the server runs,
//! a second server): their writes do not move this process's counter, so a conversation
//! cached here may be answered as it was for up to the TTL after another process changed
//! it. PostgreSQL has no such cache: there every replica would need telling.

use super::*;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// The longest a cached conversation is answered without reading it again: how stale a
/// read may be after another process wrote the same file.
pub(super) const CONVERSATION_CACHE_TTL: Duration = Duration::from_secs(1);
/// Past this many entries the cache starts again empty (a bound, not an LRU).
const CONVERSATION_CACHE_MAX: usize = 4096;

struct Entry {
    generation: u64,
    until: Instant,
    record: ConversationRecord,
}

#[derive(Default)]
pub(super) struct ConversationCache {
    /// Moved on by the writer after every batch.
    generation: AtomicU64,
    /// The generation of the latest entry kept: while the writer has moved past it, no
    /// entry can be current, and a lookup need not take the lock (after each write
    /// batch, until a conversation is read and kept again).
    newest: AtomicU64,
    entries: Mutex<HashMap<String, Entry>>,
}

impl ConversationCache {
    /// The generation to read at: take it before reading the database, so that a batch
    /// committed during the read makes the entry stale rather than wrongly fresh.
    pub(super) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Called by the writer once a batch is over (committed or not), before its callers
    /// hear of it.
    pub(super) fn written(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    pub(super) fn get(&self, id: &str) -> Option<ConversationRecord> {
        let generation = self.generation();
        if self.newest.load(Ordering::Acquire) != generation {
            return None;
        }
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = entries.get(id)?;
        (entry.generation == generation && entry.until > Instant::now())
            .then(|| entry.record.clone())
    }

    /// Keeps `record`, read at `generation`, unless a write came since.
    pub(super) fn put(&self, generation: u64, record: &ConversationRecord) {
        if generation != self.generation() {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= CONVERSATION_CACHE_MAX {
            entries.clear();
        }
        entries.insert(
            record.id.clone(),
            Entry {
                generation,
                until: Instant::now() + CONVERSATION_CACHE_TTL,
                record: record.clone(),
            },
        );
        self.newest.store(generation, Ordering::Release);
    }
}
