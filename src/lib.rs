//! fin-helpdesk: a helpdesk backend for Intercom's Fin Custom Helpdesk API. The API types,
//! the dropshot traits and the clients are generated from `openapi/` at build time.

pub mod api;
pub mod auth;
pub mod client;
pub mod config;
pub mod conformance;
pub mod contract;
pub mod outbox;
pub mod server;
pub mod service;
pub mod store;
pub mod tristate;
pub mod webhook;
