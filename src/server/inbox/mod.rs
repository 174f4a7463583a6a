//! The human agents' web inbox at `/inbox/`: server-rendered pages over the same service
//! calls as the agents' API (`server::agents`), so every reply, note, status or assignee
//! change and typing indicator reaches Fin through the outbox exactly as there. Agents
//! sign in with their agent token for a session cookie ([`session`]); every
//! state-changing request carries the session's CSRF token; pages send a strict
//! `Content-Security-Policy` (scripts and styles only from the binary's own assets,
//! compiled in). The list and the open conversation follow changes through a server-sent
//! event stream. None of it is in the published OpenAPI documents.
//!
//! The modules, each using only those listed before it (besides `render` and `session`,
//! which know no request): `state` (the inbox's share of the server's state), `respond`
//! (headers, pages, redirects, error pages), `forms` (the forms and how they are read),
//! `signed_in` (the session behind a request, the CSRF check), `sign_in` (signing in and
//! out), `stream` (live updates), `pages` (what an agent reads) and `actions` (what an
//! agent does). This file only registers their endpoints.

mod actions;
mod forms;
mod pages;
pub mod render;
mod respond;
pub mod session;
mod sign_in;
mod signed_in;
mod state;
mod stream;

pub use respond::CONTENT_SECURITY_POLICY;
pub use session::SessionSettings;
pub use state::Inbox;

use crate::server::AppState;
use dropshot::{ApiDescription, ApiDescriptionRegisterError};
use std::sync::Arc;

/// Registers the inbox's endpoints (all unpublished).
pub fn register(
    api: &mut ApiDescription<Arc<AppState>>,
) -> Result<(), ApiDescriptionRegisterError> {
    api.register(pages::inbox_home)?;
    api.register(sign_in::inbox_sign_in)?;
    api.register(sign_in::inbox_sign_out)?;
    api.register(pages::inbox_list)?;
    api.register(stream::inbox_events)?;
    api.register(pages::inbox_asset)?;
    api.register(pages::inbox_conversation)?;
    api.register(pages::inbox_messages)?;
    api.register(actions::inbox_post_message)?;
    api.register(actions::inbox_typing)?;
    api.register(actions::inbox_status)?;
    api.register(actions::inbox_assignee)?;
    Ok(())
}
