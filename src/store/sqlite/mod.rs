//! The SQLite backend, on rusqlite: one writer thread that commits whatever is queued in
//! one transaction, and reads run on the caller's thread over pooled read-only connections.
//!
//! Why not sqlx here (PostgreSQL keeps it): sqlx runs each SQLite connection on a thread
//! of its own and hands every statement and every row across threads. The load benchmark
//! measured 89 µs of server CPU and 5 context switches per `get_conversation`, of which
//! the rest of the request is 20 µs. Here a read is a function call.
//!
//! Writes: each write is a closure sent to the writer thread, which takes everything
//! queued so far, runs it in one `BEGIN IMMEDIATE` transaction (each write under a
//! savepoint of its own, so a refused write leaves nothing behind and does not disturb
//! the others) and answers each caller only after the commit. An acknowledged write is as
//! durable as with a transaction of its own, and the commit's cost is shared by whoever
//! arrived while the previous batch was written; a lone caller never waits for company.
//! `BEGIN IMMEDIATE` makes another process on the same file wait on `busy_timeout`
//! rather than fail on a lock upgrade. WAL lets reads run alongside the writer;
//! `synchronous=NORMAL` in WAL mode keeps every committed transaction across a process
//! crash (only a power loss can drop the last ones). Because one thread writes, the row
//! locks PostgreSQL needs are implicit here.
//!
//! Reads are index lookups run inline on the async caller's thread: they cost about what
//! encoding the response costs, which runs there too. The schema is migrated with sqlx's
//! migrator (its history table is the same whichever driver runs the queries).
//!
//! Here only the modules: `open` (the store's handle: the database opened owner-only and
//! migrated, and the call that queues a write), `connect` (a connection, a thread),
//! `reads` (the read pool), `writer` (the group commit, which moves `../cache.rs`'s
//! generation on after each batch), `checkpoint` (the WAL copied into the file off the
//! writer's thread), `statements` (binding `$n`), `encoding`, `decode` (rows to records),
//! `error` (rusqlite's errors as meanings), `steps` (the shared rules' steps, on the
//! writer's connection), and one file per resource trait (`users`, `conversations`,
//! `outbox`, `credentials`, `maintenance`), most methods a rule run on the writer thread.

mod checkpoint;
mod connect;
mod conversations;
mod credentials;
mod decode;
mod encoding;
mod error;
mod maintenance;
mod open;
mod outbox;
mod reads;
mod statements;
mod steps;
#[cfg(test)]
mod tests;
mod users;
mod writer;

pub use open::SqliteStore;
