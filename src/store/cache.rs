//! Conversations read recently, kept decoded until the next write the process hears of, or
//! for at most [`CONVERSATION_CACHE_TTL`]: a `get_conversation` that hits skips the statement
//! and the row's decoding (on SQLite the load bench's profile measured them at a quarter of
//! the request's instructions; on PostgreSQL they are the round trips). The pages of
//! `get_messages` are kept the same way, up to [`PAGE_CACHE_MAX_MESSAGES`] messages each: a
//! hit skips the page's statements and the rows' decoding.
//!
//! A generation counter moves on after every write of this process commits (SQLite: every
//! batch of the writer thread; PostgreSQL: every transaction), before its caller is
//! answered, and an entry is only used while the generation it was read at is current. So
//! within one process a read never misses an acknowledged write, whatever the write touched
//! (a conversation embeds its user and its assignee).
//!
//! Other processes' writes: on SQLite (the CLI run while the server runs, a second server on
//! the same file) they do not move this process's counter, so a conversation cached here may
//! be answered as it was for up to the TTL after another process changed it. On PostgreSQL,
//! each process notifies the others after its commits and the counter moves when such a
//! notification arrives (`postgres/changes.rs`); while this process is not listening the
//! cache is [paused](ConversationCache::pause) and every read goes to the database. The
//! TTL bounds what is missed otherwise: a write by something other than fin-helpdesk, a
//! notification not sent (its connection lost, the process ended first), a listener cut
//! off unnoticed.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::error::StoreError;
use super::records::{ConversationRecord, MessageRecord};

/// The longest a cached conversation or page is answered without reading it again: how
/// stale a read may be after another process's write that this one did not hear of.
pub(super) const CONVERSATION_CACHE_TTL: Duration = Duration::from_secs(1);
/// Past this many entries the cache starts again empty (a bound, not an LRU).
const CONVERSATION_CACHE_MAX: usize = 4096;
/// Past this many pages the page cache starts again empty.
const PAGE_CACHE_MAX: usize = 1024;
/// Longer pages are not kept: a long conversation listed from its start would hold its
/// every message in memory.
pub(super) const PAGE_CACHE_MAX_MESSAGES: usize = 100;

/// A page's key: the conversation and the cursor it was asked with.
type PageKey = (String, Option<String>);

#[derive(Default)]
pub(super) struct ConversationCache {
    /// Moved on after every write heard of.
    generation: AtomicU64,
    /// Set while writes may go unheard of (PostgreSQL, not listening): nothing is kept or used.
    paused: AtomicBool,
    conversations: Kept<String, ConversationRecord, CONVERSATION_CACHE_MAX>,
    pages: Kept<PageKey, Vec<MessageRecord>, PAGE_CACHE_MAX>,
}

impl ConversationCache {
    /// The generation to read at: take it before reading the database, so that a batch
    /// committed during the read makes the entry stale rather than wrongly fresh.
    pub(super) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Called once a write is over (committed or not, or heard of from another process),
    /// before its caller hears of it.
    pub(super) fn written(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// From now on nothing is kept or used, until [`resume`](Self::resume).
    pub(super) fn pause(&self) {
        self.paused.store(true, Ordering::Release);
        self.written();
    }

    /// Keeps and uses entries again, none of them from before: call it once writes are
    /// heard of again.
    pub(super) fn resume(&self) {
        self.written();
        self.paused.store(false, Ordering::Release);
    }

    #[cfg(test)]
    pub(super) fn is_paused(&self) -> bool {
        self.paused.load(Ordering::Acquire)
    }

    /// The generation entries are used and kept at now, or `None` while paused.
    fn current(&self) -> Option<u64> {
        let generation = self.generation();
        (!self.paused.load(Ordering::Acquire)).then_some(generation)
    }

    /// The conversation `id` from the cache, else `read`'s answer, kept if found.
    pub(super) async fn conversation_or(
        &self,
        id: &str,
        read: impl Future<Output = Result<Option<ConversationRecord>, StoreError>>,
    ) -> Result<Option<ConversationRecord>, StoreError> {
        let kept = self.get(id).map(Some);
        self.kept_or_read(kept, read, |generation, found| {
            if let Some(record) = found {
                self.put(generation, record);
            }
        })
        .await
    }

    /// The page of `conversation_id` after `after_id` from the cache, else `read`'s answer,
    /// kept unless empty (an empty page sends the service to the conversation anyway).
    pub(super) async fn page_or(
        &self,
        conversation_id: &str,
        after_id: Option<&str>,
        read: impl Future<Output = Result<Vec<MessageRecord>, StoreError>>,
    ) -> Result<Vec<MessageRecord>, StoreError> {
        let kept = self.get_page(conversation_id, after_id);
        self.kept_or_read(kept, read, |generation, messages| {
            if !messages.is_empty() {
                self.put_page(generation, conversation_id, after_id, messages);
            }
        })
        .await
    }

    /// `kept` if there is one, else `read`'s answer, handed to `keep` with the generation
    /// taken before `read` ran. `read` must be lazy (an async block or call, not yet
    /// polled), so that a write committed while it runs leaves its answer unkept.
    async fn kept_or_read<V>(
        &self,
        kept: Option<V>,
        read: impl Future<Output = Result<V, StoreError>>,
        keep: impl FnOnce(u64, &V),
    ) -> Result<V, StoreError> {
        if let Some(value) = kept {
            return Ok(value);
        }
        let generation = self.generation();
        let value = read.await?;
        keep(generation, &value);
        Ok(value)
    }

    pub(super) fn get(&self, id: &str) -> Option<ConversationRecord> {
        self.conversations.get(self.current()?, id)
    }

    /// Keeps `record`, read at `generation`, unless a write came since.
    pub(super) fn put(&self, generation: u64, record: &ConversationRecord) {
        if self.current() == Some(generation) {
            self.conversations
                .put(generation, record.id.clone(), record.clone());
        }
    }

    /// The messages of the page of `conversation_id` after `after_id`, if kept and current.
    pub(super) fn get_page(
        &self,
        conversation_id: &str,
        after_id: Option<&str>,
    ) -> Option<Vec<MessageRecord>> {
        let generation = self.current()?;
        // The owned key costs two small allocations, far less than the page's statements.
        let key = (conversation_id.to_owned(), after_id.map(str::to_owned));
        self.pages.get(generation, &key)
    }

    /// Keeps a page read at `generation`, unless a write came since or it is too long.
    fn put_page(
        &self,
        generation: u64,
        conversation_id: &str,
        after_id: Option<&str>,
        messages: &[MessageRecord],
    ) {
        if self.current() == Some(generation) && messages.len() <= PAGE_CACHE_MAX_MESSAGES {
            let key = (conversation_id.to_owned(), after_id.map(str::to_owned));
            self.pages.put(generation, key, messages.to_vec());
        }
    }
}

/// Values read at a generation, each used only while that generation is current and for at
/// most the TTL; past `MAX` entries the map starts again empty (a bound, not an LRU).
struct Kept<K, V, const MAX: usize> {
    /// The generation of the latest entry kept: while the counter has moved past it, no
    /// entry can be current, and a lookup need not take the lock (after each write, until a
    /// value is read and kept again).
    newest: AtomicU64,
    entries: Mutex<HashMap<K, Entry<V>>>,
}

struct Entry<V> {
    generation: u64,
    until: Instant,
    value: V,
}

// Not derived: a derive would ask `K` and `V` to have defaults too.
impl<K, V, const MAX: usize> Default for Kept<K, V, MAX> {
    fn default() -> Self {
        Kept {
            newest: AtomicU64::default(),
            entries: Mutex::default(),
        }
    }
}

impl<K: Eq + Hash, V: Clone, const MAX: usize> Kept<K, V, MAX> {
    /// The value kept for `key`, if it was read at `generation` (the current one) and its
    /// TTL has not run out.
    fn get<Q>(&self, generation: u64, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        if self.newest.load(Ordering::Acquire) != generation {
            return None;
        }
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = entries.get(key)?;
        (entry.generation == generation && entry.until > Instant::now())
            .then(|| entry.value.clone())
    }

    /// Keeps `value`, read at `generation` (the caller has checked it is current).
    fn put(&self, generation: u64, key: K, value: V) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= MAX {
            entries.clear();
        }
        entries.insert(
            key,
            Entry {
                generation,
                until: Instant::now() + CONVERSATION_CACHE_TTL,
                value,
            },
        );
        self.newest.store(generation, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::ConversationCache;
    use crate::store::records::{
        AuthorRecord, ConversationRecord, ConversationStatus, MessageRecord, MessageVisibility,
        UserRecord,
    };

    fn record(id: &str) -> ConversationRecord {
        let now = chrono::Utc::now();
        ConversationRecord {
            id: id.into(),
            object_id: None,
            user: UserRecord {
                id: "u".into(),
                object_id: None,
                name: None,
                email: None,
                photo_url: None,
                attributes: Default::default(),
                created_at: now,
                updated_at: now,
            },
            title: None,
            tags: Vec::new(),
            attributes: Default::default(),
            status: ConversationStatus::Open,
            assignee: None,
            last_user_read_at: None,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn an_entry_is_used_until_a_write() {
        let cache = ConversationCache::default();
        let read_at = cache.generation();
        cache.put(read_at, &record("c"));
        assert_eq!(cache.get("c").map(|r| r.id), Some("c".to_owned()));
        cache.written();
        assert!(cache.get("c").is_none());
    }

    #[test]
    fn a_read_overtaken_by_a_write_is_not_kept() {
        let cache = ConversationCache::default();
        let read_at = cache.generation();
        cache.written();
        cache.put(read_at, &record("c"));
        assert!(cache.get("c").is_none());
    }

    fn message(id: &str) -> MessageRecord {
        MessageRecord {
            id: id.into(),
            object_id: None,
            conversation_id: "c".into(),
            message_type: "comment".into(),
            body: Some("hi".into()),
            author: AuthorRecord::EndUser(record("c").user),
            visibility: MessageVisibility::Public,
            attachments: Vec::new(),
            created_at: chrono::Utc::now(),
        }
    }

    /// The read is awaited after the generation is taken: a write during it leaves its
    /// answer unkept, and the next read goes to the database.
    #[tokio::test]
    async fn a_read_overtaken_by_a_write_is_answered_but_not_kept() {
        let cache = ConversationCache::default();
        let during = async {
            cache.written();
            Ok(vec![message("m1")])
        };
        assert_eq!(cache.page_or("c", None, during).await.unwrap().len(), 1);
        assert!(cache.get_page("c", None).is_none());

        let quiet = async { Ok(vec![message("m1")]) };
        cache.page_or("c", None, quiet).await.unwrap();
        let unused = async { panic!("a kept page is answered without reading") };
        assert_eq!(cache.page_or("c", None, unused).await.unwrap().len(), 1);

        let during = async {
            cache.written();
            Ok(Some(record("c")))
        };
        assert!(cache.conversation_or("c", during).await.unwrap().is_some());
        assert!(cache.get("c").is_none());
    }

    #[test]
    fn nothing_is_kept_or_used_while_paused_nor_after_from_before() {
        let cache = ConversationCache::default();
        cache.put(cache.generation(), &record("before"));
        cache.pause();
        assert!(cache.get("before").is_none());
        cache.put(cache.generation(), &record("paused"));
        assert!(cache.get("paused").is_none());

        let read_while_paused = cache.generation();
        cache.resume();
        // Read before listening again: it may have missed a change.
        cache.put(read_while_paused, &record("late"));
        assert!(cache.get("late").is_none());
        assert!(cache.get("before").is_none());
        cache.put(cache.generation(), &record("after"));
        assert!(cache.get("after").is_some());
    }
}
