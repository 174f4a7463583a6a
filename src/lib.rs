//! fin-helpdesk: a helpdesk backend for Intercom's Fin Custom Helpdesk API. The API types,
//! the dropshot traits and the clients are generated from `openapi/` at build time.
//!
//! A request walks one way: the adapters in [`server`] (one per variant, the human
//! agents' API and their web inbox) authenticate it and translate wire types, the [`service`] applies the
//! helpdesk's rules, and the [`store`] keeps the records. [`auth`] and [`outbox`] stand
//! beside the service; nothing below it knows HTTP.
//!
//! The public modules, and what each is for:
//! - [`api`]: the generated types and dropshot traits of the three documents.
//! - [`client`]: the generated clients (used by the conformance checker, tests, benches).
//! - [`store`]: the [`store::Store`] trait, its record types and errors, `open(url)`, and
//!   the SQLite and PostgreSQL implementations; what an implementer of the trait needs.
//! - [`tristate`]: absent, `null` or a value, as the generated types carry it.
//! - [`service`]: the rules, shared by both variants, and its error type of meanings.
//! - [`server`]: configuration and bootstrap of the dropshot server ([`server::start`]).
//! - [`auth`]: token hashing, OAuth client credentials, bearer headers, Fin's signature.
//! - [`outbox`]: durable delivery of conversation events to Fin's webhook.
//! - [`metrics`]: the Prometheus registry the server, the outbox and the store record
//!   into (served by `server::observe` on `--metrics-bind`).
//! - [`backup`]: `fin-helpdesk backup`, SQLite's online backup.
//! - [`retention`]: `serve --retain-conversations-days`, removing old closed conversations.
//! - [`config`], [`contract`], [`conformance`]: the command line's settings, the variants
//!   and their served documents, and the conformance checker (`fin-helpdesk conformance`).
//!
//! The command line (`src/main.rs`), the integration tests and the load benchmark use
//! these from outside the crate, which is why they stay public; Fin's webhook bodies
//! (`webhook`) are an inside matter.

pub mod api;
pub mod auth;
pub mod backup;
pub mod client;
pub mod config;
pub mod conformance;
pub mod contract;
pub mod metrics;
pub mod outbox;
pub mod retention;
pub mod server;
pub mod service;
pub mod store;
pub mod tristate;
mod webhook;
