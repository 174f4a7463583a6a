//! fin-helpdesk's integration tests, in one binary to save link time.

mod auth;
mod cli;
mod common;
mod concurrency;
mod conformance;
mod contract;
mod drift;
mod durability;
mod failures;
mod generated;
mod hostile;
mod hostile_clients;
mod inbox;
mod nulls;
mod operations;
mod outage;
mod outbox;
mod own_helpdesk;
mod readiness;
mod retention;
mod shutdown;
mod tls;
