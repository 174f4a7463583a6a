//! The inbox's share of [`AppState`] (its sessions, and the signal that ends the
//! live-update streams when the server stops), and the request context every inbox
//! handler receives.

use crate::server::AppState;
use crate::server::inbox::session::{SessionSettings, Sessions};
use dropshot::RequestContext;
use std::sync::Arc;

/// The request context of every inbox handler.
pub(super) type Ctx = RequestContext<Arc<AppState>>;

/// The inbox's state in [`AppState`]: its sessions, and the signal that ends the
/// live-update streams when the server stops.
pub struct Inbox {
    pub(super) sessions: Sessions,
    pub(super) closing: tokio::sync::watch::Sender<bool>,
}

impl Inbox {
    pub fn new(settings: SessionSettings) -> Self {
        Inbox {
            sessions: Sessions::new(settings),
            closing: tokio::sync::watch::Sender::new(false),
        }
    }

    /// Ends every live-update stream (and refuses new ones), so that stopping the
    /// server does not wait for them.
    pub fn close_streams(&self) {
        self.closing.send_replace(true);
    }
}
