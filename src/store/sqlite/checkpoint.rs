//! Checkpoints on a thread of their own: the WAL copied back into the database file (and
//! both synced to disk) while the writer goes on committing.
//!
//! Left to itself, SQLite checkpoints on the committing connection each time the WAL
//! reaches 1,000 pages: under create_message load that was one checkpoint every ~1,700
//! writes, each holding the writer thread, and every caller queued behind it, for ~18 ms
//! of fsync. A `PASSIVE` checkpoint from another connection takes no lock a writer needs,
//! so here one runs shortly after writes, on this thread. It cannot restart the WAL while
//! the writer keeps appending (a restart needs every frame copied when a write begins), so
//! the writer keeps SQLite's own checkpoint at [`WRITER_CHECKPOINT_PAGES`]: by then
//! nearly everything is copied already, its checkpoint is short, and the WAL starts over.

use std::sync::mpsc::{Receiver, SyncSender, TryRecvError, sync_channel};

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::connect::{connect, spawn_thread};
use crate::store::error::StoreError;

/// How long after a commit the checkpoint starts: the writes of that time share it.
pub(super) const CHECKPOINT_DELAY: Duration = Duration::from_millis(20);
/// The WAL's size, in pages, at which the writer checkpoints itself (SQLite's default is
/// 1,000): 16 MiB with 4 KiB pages, some 6,000 messages.
pub(super) const WRITER_CHECKPOINT_PAGES: u32 = 4_000;

/// Tells the checkpoint thread that something was committed; the thread ends when this
/// is dropped, after one last checkpoint if anything was committed since the previous one.
pub(super) struct Checkpoints {
    committed: SyncSender<()>,
}

impl Checkpoints {
    /// Starts the thread, on a connection of its own to the database at `path`.
    pub(super) fn start(path: &Path, busy_timeout: Duration) -> Result<Self, StoreError> {
        let connection = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE, busy_timeout)?;
        // One pending signal is enough: the checkpoint it starts covers every commit before.
        let (committed, signals) = sync_channel(1);
        spawn_thread("sqlite-checkpoint", move || {
            checkpoint_loop(&connection, &signals);
        })?;
        Ok(Checkpoints { committed })
    }

    /// After each write batch: a checkpoint within [`CHECKPOINT_DELAY`] (one after a batch
    /// that was lost finds nothing new, and costs only its call).
    pub(super) fn committed(&self) {
        // Full: a checkpoint is already due, and covers this commit too.
        let _ = self.committed.try_send(());
    }
}

fn checkpoint_loop(connection: &Connection, signals: &Receiver<()>) {
    while signals.recv().is_ok() {
        std::thread::sleep(CHECKPOINT_DELAY);
        // A commit signalled while this thread slept is covered by the checkpoint below.
        let writer_gone = matches!(signals.try_recv(), Err(TryRecvError::Disconnected));
        // A failed checkpoint (a reader's snapshot, a busy lock, a full disk) loses
        // nothing: the frames stay in the WAL for the next one, and the writer's own
        // checkpoint remains the bound on its size.
        let _ = connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        if writer_gone {
            break;
        }
    }
}
