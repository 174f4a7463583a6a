//! Signing in and out: an agent token exchanged for a session cookie (throttled per
//! address after repeated failures), and the session ended.

use crate::auth::Secret;
use crate::auth::throttle::retry_after_secs;
use crate::metrics::{self, Throttled};
use crate::server::extract::UnreadBody;
use crate::server::inbox::forms::{CsrfForm, SignInForm, form, read_form};
use crate::server::inbox::render;
use crate::server::inbox::respond::{answer, failed, failure_page, html, see_other};
use crate::server::inbox::session::{
    SIGN_IN_COOKIE, Session, cookie_value, csrf_matches, new_session_id,
};
use crate::server::inbox::signed_in::{secure, signed_in};
use crate::server::inbox::state::Ctx;
use dropshot::{Body, HttpError};
use http::{Response, StatusCode, header};
use std::time::Instant;

/// The sign-in page, with a fresh CSRF cookie for its form.
pub(super) fn sign_in_page(
    rqctx: &Ctx,
    status: StatusCode,
    problem: Option<&str>,
) -> Result<Response<Body>, HttpError> {
    let (csrf, cookie) = rqctx.context().inbox.sessions.sign_in_cookie(secure(rqctx));
    html(status, render::sign_in(csrf.expose(), problem), &[cookie])
}

/// Exchanges an agent token for a session cookie. Anyone may send it a body before any
/// check, so its size is a form's, not the APIs' megabyte.
#[dropshot::endpoint {
    method = POST,
    path = "/inbox/sign-in",
    content_type = "application/x-www-form-urlencoded",
    unpublished = true,
    request_body_max_bytes = 8192,
}]
pub(super) async fn inbox_sign_in(
    rqctx: Ctx,
    body: UnreadBody,
) -> Result<Response<Body>, HttpError> {
    let app = rqctx.context();
    let body = match read_form(&rqctx, body).await {
        Ok(body) => body,
        Err(failure) => return failure_page(failure),
    };
    let form: SignInForm = match form(&body) {
        Ok(form) => form,
        Err(failure) => return failure_page(failure),
    };
    let expected =
        cookie_value(rqctx.request.headers(), SIGN_IN_COOKIE, secure(&rqctx)).map(Secret::new);
    let csrf_ok = expected.is_some_and(|expected| csrf_matches(&expected, form.csrf.as_deref()));
    if !csrf_ok {
        return sign_in_page(
            &rqctx,
            StatusCode::FORBIDDEN,
            Some("The sign-in form had expired: please sign in again."),
        );
    }
    // Counted per address only: the form names no agent, just the token.
    let address = rqctx.request.remote_addr().ip();
    let now = Instant::now();
    if let Err(wait) = app.sign_in_throttle.check(address, None, now) {
        if let Some(metrics) = metrics::get() {
            metrics.throttled(Throttled::InboxSignIn);
        }
        let secs = retry_after_secs(wait);
        // Said once, when the limit is reached (below); a flood of refusals is counted.
        slog::debug!(rqctx.log, "inbox sign-in throttled after repeated failures";
            "address" => %address, "retry_after_secs" => secs);
        let mut page = sign_in_page(
            &rqctx,
            StatusCode::TOO_MANY_REQUESTS,
            Some(&format!(
                "Too many failed sign-ins from your address: try again in {secs} seconds."
            )),
        )?;
        page.headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from(secs));
        return Ok(page);
    }
    let token = Secret::new(form.token.unwrap_or_default().trim());
    let agent = match app.agent_auth.verify_token(&rqctx.log, &token).await {
        Ok(agent) => agent,
        Err(error) => {
            let error = HttpError::from(error);
            if error.status_code.as_status() != StatusCode::UNAUTHORIZED {
                return failure_page(failed(error));
            }
            if app.sign_in_throttle.failed(address, None, now) {
                slog::warn!(rqctx.log, "failed inbox sign-ins reached the limit: this \
                    address is throttled"; "address" => %address);
            }
            return sign_in_page(
                &rqctx,
                StatusCode::UNAUTHORIZED,
                Some("That agent token is unknown, or its agent was removed."),
            );
        }
    };
    let id = new_session_id();
    let lifetime = app.inbox.sessions.settings().lifetime;
    let key = Session::from_id(id.expose()).key;
    if let Err(error) = app
        .agent_auth
        .start_session(&rqctx.log, &agent, &key, lifetime)
        .await
    {
        return failure_page(failed(error));
    }
    slog::info!(rqctx.log, "inbox sign-in"; "agent_id" => &agent.agent().id);
    let secure = secure(&rqctx);
    see_other(
        "/inbox",
        &[
            app.inbox.sessions.session_cookie(&id, secure),
            app.inbox.sessions.cleared_sign_in_cookie(secure),
        ],
    )
}

/// Ends the session.
#[dropshot::endpoint {
    method = POST,
    path = "/inbox/sign-out",
    content_type = "application/x-www-form-urlencoded",
    unpublished = true,
}]
pub(super) async fn inbox_sign_out(
    rqctx: Ctx,
    body: UnreadBody,
) -> Result<Response<Body>, HttpError> {
    answer(
        async {
            if let Some(signed) = signed_in(&rqctx).await? {
                let form: CsrfForm = form(&read_form(&rqctx, body).await?)?;
                signed.check_csrf(form.csrf.as_deref())?;
                rqctx
                    .context()
                    .agent_auth
                    .end_session(&rqctx.log, &signed.session.key)
                    .await
                    .map_err(failed)?;
            }
            let cleared = rqctx
                .context()
                .inbox
                .sessions
                .cleared_session_cookie(secure(&rqctx));
            see_other("/inbox", &[cleared]).map_err(failed)
        }
        .await,
    )
}
