//! How the inbox answers: the security headers every page and asset carries, HTML pages,
//! redirects after a form, and a failed request as an error page ([`Failure`]).

use crate::server::inbox::render::{self, Frame};
use dropshot::{Body, HttpError};
use http::{Response, StatusCode, header};

/// What every inbox page and asset is sent with: scripts and styles only from
/// `/inbox/assets/`, nothing inline; images only from the inbox (remote ones are links
/// the agent may click, see `render.rs`); requests and forms only to this origin; never
/// framed.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; \
    frame-ancestors 'none'; base-uri 'none'";

/// A request the inbox answers with an error page.
pub(super) struct Failure {
    status: StatusCode,
    message: String,
}

impl Failure {
    pub(super) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Failure {
            status,
            message: message.into(),
        }
    }

    pub(super) fn signed_out() -> Self {
        Failure::new(
            StatusCode::UNAUTHORIZED,
            "Your session has ended: sign in again.",
        )
    }

    pub(super) fn stale_form() -> Self {
        Failure::new(
            StatusCode::FORBIDDEN,
            "This request did not carry the page's CSRF token (an old page, or a request \
             from another site): reload the page and try again.",
        )
    }
}

/// A service or authentication error as the API would answer it: same status, same
/// message (which never holds a secret or a database detail).
pub(super) fn failed(error: impl Into<HttpError>) -> Failure {
    let error: HttpError = error.into();
    Failure::new(error.status_code.as_status(), error.external_message)
}

/// A response builder with the headers every inbox answer carries.
pub(super) fn secured(builder: http::response::Builder) -> http::response::Builder {
    builder
        .header(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY)
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::REFERRER_POLICY, "no-referrer")
        .header(header::X_FRAME_OPTIONS, "DENY")
}

pub(super) fn built(
    response: Result<Response<Body>, http::Error>,
) -> Result<Response<Body>, HttpError> {
    response.map_err(|_| HttpError::for_internal_error("cannot build the inbox's response".into()))
}

pub(super) fn html(
    status: StatusCode,
    page: String,
    cookies: &[String],
) -> Result<Response<Body>, HttpError> {
    let mut builder = secured(Response::builder().status(status))
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store");
    for cookie in cookies {
        builder = builder.header(header::SET_COOKIE, cookie);
    }
    built(builder.body(Body::from(page)))
}

pub(super) fn see_other(location: &str, cookies: &[String]) -> Result<Response<Body>, HttpError> {
    let mut builder = secured(Response::builder().status(StatusCode::SEE_OTHER))
        .header(header::LOCATION, location)
        .header(header::CACHE_CONTROL, "no-store");
    for cookie in cookies {
        builder = builder.header(header::SET_COOKIE, cookie);
    }
    built(builder.body(Body::empty()))
}

pub(super) fn no_content() -> Result<Response<Body>, HttpError> {
    built(secured(Response::builder().status(StatusCode::NO_CONTENT)).body(Body::empty()))
}

/// The answer to a request that failed: an error page.
pub(super) fn failure_page(failure: Failure) -> Result<Response<Body>, HttpError> {
    let title = failure
        .status
        .canonical_reason()
        .unwrap_or("Something went wrong");
    let frame = Frame { title, agent: None };
    html(failure.status, render::error(&frame, &failure.message), &[])
}

/// A handler's result as its answer: a failure becomes its error page.
pub(super) fn answer(result: Result<Response<Body>, Failure>) -> Result<Response<Body>, HttpError> {
    result.or_else(failure_page)
}
