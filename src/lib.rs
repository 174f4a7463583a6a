//! fin-helpdesk: a helpdesk backend for Intercom's Fin Custom Helpdesk API. The API types,
//! the dropshot traits and the clients are generated from `openapi/` at build time.
//!
//! A request walks one way: the adapters (one per variant, the human agents' API and
//! their web inbox) authenticate it and translate wire types, the service applies the
//! helpdesk's rules, and the [`store`] keeps the records. Authentication and the outbox
//! stand beside the service; nothing below it knows HTTP. Those layers are private: the
//! crate exports only what an embedder, an implementer of the [`Store`](store::Store)
//! trait and the command line need.
//!
//! The public surface, and what each part is for:
//! - [`api`]: the generated types and dropshot traits of the three documents; the posts
//!   trait answers through [`PostsAnswer`] and [`PostsError`].
//! - [`client`]: the generated clients (Fin's webhook, tests, benches).
//! - [`store`]: the [`store::Store`] trait, its record types and errors, `open(url)`, and
//!   the SQLite and PostgreSQL implementations; what an implementer of the trait needs.
//!   [`store::Tristate`] is the one three-state type (absent, `null` or a value), from the
//!   generated wire types down to the store's changes.
//! - Embedding the server: [`start`] with a [`ServerConfig`] (and Fin's [`FinWebhook`],
//!   [`OutboxSettings`]) gives a [`RunningServer`] whose [`AppState`] holds the store;
//!   [`Variant`] names the API variants; [`TOKEN_CACHE_TTL`] and
//!   [`INBOX_CONTENT_SECURITY_POLICY`] are promises a client can rely on; [`TlsFiles`]
//!   serves it over https; [`Error`] is what the embedding API fails with.
//! - [`credentials`]: [`Secret`](credentials::Secret), token hashing and Fin's request
//!   signature, for provisioning agents and for signing requests as Fin does.
//! - [`cli`]: the server's subcommands of `fin-helpdesk` (`src/main.rs`) and the code
//!   that runs them, with what they use beyond that: `serve`'s settings, the SQLite
//!   backup, the metrics registry and its listener. The conformance checker is a crate of
//!   its own (`conformance/`, `fin-helpdesk-conformance`), which only the executable runs.

mod auth;
mod backup;
mod config;
mod contract;
mod error;
mod metrics;
mod outbox;
mod private_files;
mod retention;
mod server;
mod service;
mod tls;
mod tristate;
mod webhook;

pub mod api;
pub mod cli;
pub mod client;
pub mod store;

/// [`ServerConfig::auth_throttle`]: failed token requests and inbox sign-ins allowed per
/// window.
pub use auth::throttle::ThrottlePolicy;
/// The dialect a server speaks on its `/rest` or `/posts` routes.
pub use contract::Variant;
/// What stops the server, a stop, a backup, a served document, Fin's webhook client or
/// a command of the command line.
pub use error::Error;
/// How the outbox retries, expires and prunes events.
pub use outbox::OutboxSettings;
/// Fin's webhook endpoint and key: where the outbox delivers conversation events.
pub use outbox::{FinRegion, FinWebhook};
/// How long a revoked agent token can still be accepted (the token cache's lifetime).
pub use server::authenticate::TOKEN_CACHE_TTL;
/// How many connections the server keeps open, and for how long idle.
pub use server::connections::ConnectionLimits;
/// The `Content-Security-Policy` the web inbox's pages are served with.
pub use server::inbox::CONTENT_SECURITY_POLICY as INBOX_CONTENT_SECURITY_POLICY;
/// Starting the server in-process: its configuration, the running server, its shared
/// state (the store, among others) and what a bounded stop left unfinished.
pub use server::{
    AppState, DEFAULT_BODY_READ_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT, RunningServer, ServerConfig,
    ShutdownReport, start,
};
/// The error and the answer wrapper that the generated posts trait's methods return
/// (`api::posts`): an implementer of that trait answers through them.
pub use server::{PostsAnswer, PostsError};
/// Serving https: the certificate and key files of [`ServerConfig::tls`], and checking
/// a pair before pointing a server at it.
pub use tls::{LoadedCertificate, TlsError, TlsFiles, load as load_tls_certificate};

/// Secrets, token hashing and Fin's request signature: for provisioning agents and API
/// tokens straight into a [`store::Store`], and for signing requests as Fin does.
pub mod credentials {
    /// A secret that never prints itself.
    pub use crate::auth::Secret;
    /// Fin's request signature: the signed payload, the key and the hex signature.
    pub use crate::auth::signature::{SignedPayload, SigningKey, sign_hex};
    /// Tokens and OAuth client secrets: new ones, the hashes the store keeps, and the
    /// floor an operator-supplied secret must pass.
    pub use crate::auth::token::{
        CLIENT_SECRET_PREFIX, SECRET_RULE, hash_secret, hash_token, is_strong_enough, new_token,
    };
}
