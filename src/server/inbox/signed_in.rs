//! Who is asking: the signed-in agent named by a request's session cookie, and a
//! state-changing request's form, accepted only with the session's CSRF token.

use crate::server::authenticate::AgentCaller;
use crate::server::extract::UnreadBody;
use crate::server::inbox::forms::{CsrfForm, form, read_form};
use crate::server::inbox::render::Frame;
use crate::server::inbox::respond::{Failure, failed};
use crate::server::inbox::session::{SESSION_COOKIE, Session, cookie_value, csrf_matches};
use crate::server::inbox::state::Ctx;

/// A request from a signed-in agent.
pub(super) struct SignedIn {
    pub(super) session: Session,
    pub(super) agent: AgentCaller,
}

impl SignedIn {
    pub(super) fn me(&self) -> &str {
        &self.agent.agent().id
    }

    pub(super) fn frame<'a>(&'a self, title: &'a str) -> Frame<'a> {
        Frame {
            title,
            agent: Some((self.agent.agent(), self.session.csrf.expose())),
        }
    }

    /// Refuses a state-changing request without the session's CSRF token.
    pub(super) fn check_csrf(&self, sent: Option<&str>) -> Result<(), Failure> {
        if csrf_matches(&self.session.csrf, sent) {
            Ok(())
        } else {
            Err(Failure::stale_form())
        }
    }
}

/// Whether cookies get `Secure`: when configured, or when a TLS-terminating proxy says
/// the browser came over https.
pub(super) fn secure(rqctx: &Ctx) -> bool {
    rqctx.context().inbox.sessions.settings().secure_cookies
        || rqctx
            .request
            .headers()
            .get("x-forwarded-proto")
            .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"))
}

/// The signed-in agent, if the request's session cookie names a live session whose
/// agent was not removed since.
pub(super) async fn signed_in(rqctx: &Ctx) -> Result<Option<SignedIn>, Failure> {
    let Some(id) = cookie_value(rqctx.request.headers(), SESSION_COOKIE, secure(rqctx)) else {
        return Ok(None);
    };
    let session = Session::from_id(id);
    let agent = rqctx
        .context()
        .agent_auth
        .verify_session(&rqctx.log, &session.key)
        .await
        .map_err(failed)?;
    Ok(agent.map(|agent| SignedIn { session, agent }))
}

/// The signed-in agent, or the page that says the session has ended.
pub(super) async fn require_signed_in(rqctx: &Ctx) -> Result<SignedIn, Failure> {
    signed_in(rqctx).await?.ok_or_else(Failure::signed_out)
}

/// A state-changing request: the signed-in agent, and the form, once the form's CSRF
/// token is the session's. The form is read only for a live session.
pub(super) async fn signed_form<T: serde::de::DeserializeOwned>(
    rqctx: &Ctx,
    body: UnreadBody,
) -> Result<(SignedIn, T), Failure> {
    let signed = require_signed_in(rqctx).await?;
    let body = read_form(rqctx, body).await?;
    let CsrfForm { csrf } = form(&body)?;
    signed.check_csrf(csrf.as_deref())?;
    Ok((signed, form(&body)?))
}
