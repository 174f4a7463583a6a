//! The forms the inbox's pages post, and how a form's body is read (within the body
//! deadline) and decoded. Every state-changing form carries the session's CSRF token,
//! checked by `signed_in::signed_form` before anything else of it is used.

use crate::server::extract::UnreadBody;
use crate::server::inbox::respond::{Failure, failed};
use crate::server::inbox::state::Ctx;
use http::StatusCode;

/// The sign-in form: an agent token, and the CSRF token of the sign-in cookie.
#[derive(serde::Deserialize)]
pub(super) struct SignInForm {
    pub(super) token: Option<String>,
    pub(super) csrf: Option<String>,
}

/// The CSRF token every state-changing form carries (other fields are read apart).
#[derive(serde::Deserialize)]
pub(super) struct CsrfForm {
    pub(super) csrf: Option<String>,
}

/// A reply or a private note.
#[derive(serde::Deserialize)]
pub(super) struct MessageForm {
    pub(super) body: Option<String>,
    /// `reply` (public) or `note` (private).
    pub(super) kind: Option<String>,
    /// Set by the page, so that sending the same form twice stores one message.
    pub(super) object_id: Option<String>,
}

/// Resolve, close or reopen.
#[derive(serde::Deserialize)]
pub(super) struct StatusForm {
    pub(super) status: Option<String>,
}

/// Assign to me, or unassign.
#[derive(serde::Deserialize)]
pub(super) struct AssigneeForm {
    /// `me` or `nobody`.
    pub(super) to: Option<String>,
}

/// A form's bytes, within the body deadline.
pub(super) async fn read_form(rqctx: &Ctx, body: UnreadBody) -> Result<Vec<u8>, Failure> {
    body.read(rqctx.context().body_read_timeout)
        .await
        .map_err(failed)
}

/// A form's fields, decoded from its bytes; a 400 page naming the problem otherwise.
pub(super) fn form<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Failure> {
    serde_urlencoded::from_bytes(body).map_err(|error| {
        Failure::new(
            StatusCode::BAD_REQUEST,
            format!("the form could not be read: {error}"),
        )
    })
}
