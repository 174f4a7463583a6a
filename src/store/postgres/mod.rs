//! The PostgreSQL backend, for several helpdesk processes sharing one database.
//!
//! Concurrency rests on PostgreSQL's own locks: idempotent inserts meet on unique indexes
//! (`ON CONFLICT DO NOTHING` waits for the other transaction, then the `SELECT` that follows
//! sees its row, since each statement takes a fresh snapshot under READ COMMITTED); a
//! message takes its conversation's row lock while getting its position, so positions
//! follow commit order; outbox claims use `FOR UPDATE SKIP LOCKED` and push
//! `next_attempt_at` forward by the lease in the same statement.
//!
//! Recently read conversations and pages of messages are kept in memory (`../cache.rs`):
//! every commit of this process drops them, and so does every other process's, which
//! `changes` tells and hears.
//!
//! Here only the modules: `open` (the store's handle: connecting, migrating, and the
//! transactions that drop the cache and tell the other processes), `changes`, `encoding`,
//! `decode` (rows to records), `steps` (the shared rules' steps, in a transaction), and one
//! file per resource trait (`users`, `conversations`, `outbox`, `credentials`,
//! `maintenance`), most methods a rule run in a transaction of its own. sqlx's errors
//! become meanings in `../sqlx_error.rs`, shared with SQLite's migrator.

mod changes;
mod conversations;
mod credentials;
mod decode;
mod encoding;
mod maintenance;
mod open;
mod outbox;
mod steps;
#[cfg(test)]
mod tests;
mod users;

pub use open::PgStore;
