//! fin-helpdesk's integration tests, in one binary to save link time.

mod drift;
mod outbox;
