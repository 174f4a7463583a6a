//! `/oauth/token`: the OAuth 2.0 token endpoint (client credentials), over the store's
//! clients and tokens; failed client authentications are counted in the metrics and
//! throttled per address and client id (`crate::auth::throttle`).

use super::{AppState, error};
use crate::auth::oauth::{self, OAuthError, OAuthErrorCode, TokenResponse};
use crate::auth::throttle::retry_after_secs;
use crate::auth::token::{ACCESS_TOKEN_PREFIX, hash_token, new_token};
use crate::metrics::{self, Throttled};
use crate::server::extract::UnreadBody;
use crate::store;
use dropshot::{Body, HttpError, RequestContext};
use std::net::IpAddr;
use std::sync::Arc;

/// OAuth 2.0 token endpoint (client credentials, RFC 6749 §4.4). Anyone may send it a
/// body before any check, so its size is a form's, not the APIs' megabyte.
#[dropshot::endpoint {
    method = POST,
    path = "/oauth/token",
    content_type = "application/x-www-form-urlencoded",
    unpublished = true,
    request_body_max_bytes = 8192,
}]
pub(super) async fn oauth_token(
    rqctx: RequestContext<Arc<AppState>>,
    body: UnreadBody,
) -> Result<http::Response<Body>, HttpError> {
    let app = rqctx.context();
    // The client's credentials may be in the body: there is nothing to check before it.
    let body = body.read(app.body_read_timeout).await?;
    let authorization = rqctx
        .request
        .headers()
        .get(http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok());
    let address = rqctx.request.remote_addr().ip();
    let issued = issue_token(app, &rqctx.log, address, authorization, &body).await;
    let (status, json, challenge, retry_after) = match issued {
        Ok(response) => (
            http::StatusCode::OK,
            serde_json::to_value(&response),
            None,
            None,
        ),
        Err(NotIssued::Throttled(error, wait)) => (
            status(error.code),
            Ok(error.to_json()),
            None,
            Some(retry_after_secs(wait)),
        ),
        Err(NotIssued::OAuth(error)) => (
            status(error.code),
            Ok(error.to_json()),
            error.www_authenticate(),
            (error.code == OAuthErrorCode::TemporarilyUnavailable)
                .then_some(u64::from(error::RETRY_AFTER_SECS)),
        ),
    };
    let json = json.map_err(|_| HttpError::for_internal_error("cannot encode the token".into()))?;
    let mut response = http::Response::builder()
        .status(status)
        .header(http::header::CONTENT_TYPE, "application/json");
    for (name, value) in oauth::NO_STORE_HEADERS {
        response = response.header(name, value);
    }
    if let Some(challenge) = challenge {
        response = response.header(http::header::WWW_AUTHENTICATE, challenge);
    }
    if let Some(secs) = retry_after {
        response = response.header(http::header::RETRY_AFTER, secs);
    }
    response
        .body(Body::from(json.to_string()))
        .map_err(|_| HttpError::for_internal_error("cannot build the token response".into()))
}

/// The status of a token error (RFC 6749 §5.2): 401 for `invalid_client`, 400 for the
/// others of §5.2; the codes for an outage, a failure and a throttle answer as their names
/// say.
fn status(code: OAuthErrorCode) -> http::StatusCode {
    match code {
        OAuthErrorCode::InvalidClient => http::StatusCode::UNAUTHORIZED,
        OAuthErrorCode::TemporarilyUnavailable => http::StatusCode::SERVICE_UNAVAILABLE,
        OAuthErrorCode::ServerError => http::StatusCode::INTERNAL_SERVER_ERROR,
        OAuthErrorCode::SlowDown => http::StatusCode::TOO_MANY_REQUESTS,
        _ => http::StatusCode::BAD_REQUEST,
    }
}

/// Why no token was issued.
enum NotIssued {
    OAuth(OAuthError),
    /// Too many failures from this address (for this client id): refused unchecked,
    /// until the wait is over.
    Throttled(OAuthError, std::time::Duration),
}

impl From<OAuthError> for NotIssued {
    fn from(error: OAuthError) -> Self {
        NotIssued::OAuth(error)
    }
}

async fn issue_token(
    app: &AppState,
    log: &slog::Logger,
    address: IpAddr,
    authorization: Option<&str>,
    body: &[u8],
) -> Result<TokenResponse, NotIssued> {
    let request = oauth::parse_token_request(authorization, body);
    let claimed_id = request
        .as_ref()
        .ok()
        .map(|request| request.client_id.clone());
    let now = std::time::Instant::now();
    if let Err(wait) = app
        .token_throttle
        .check(address, claimed_id.as_deref(), now)
    {
        if let Some(metrics) = metrics::get() {
            metrics.throttled(Throttled::TokenRequest);
        }
        // Said once, when the limit is reached (below); a flood of refusals is counted.
        slog::debug!(log, "token request throttled after repeated failures";
            "address" => %address, "retry_after_secs" => retry_after_secs(wait));
        let error = OAuthError::new(
            OAuthErrorCode::SlowDown,
            "too many failed token requests from this address; retry after the time in Retry-After",
        );
        return Err(NotIssued::Throttled(error, wait));
    }
    let failed = |client_known: bool| {
        if let Some(metrics) = metrics::get() {
            metrics.refused(metrics::Refusal::BadClient);
        }
        // Only an existing client's id is counted as an account: made-up ids would only
        // fill the table.
        let account = claimed_id.as_deref().filter(|_| client_known);
        if app.token_throttle.failed(address, account, now) {
            slog::warn!(log, "failed token requests reached the limit: this address is \
                throttled"; "address" => %address);
        }
    };
    let request = request.inspect_err(|error| {
        if error.code == OAuthErrorCode::InvalidClient {
            failed(false);
        }
    })?;
    let unavailable = |error: store::StoreError| {
        if error.retryable() {
            slog::warn!(log, "token endpoint storage failure"; "error" => %error);
            OAuthError::new(
                oauth::OAuthErrorCode::TemporarilyUnavailable,
                "the helpdesk cannot issue tokens right now; retry later",
            )
        } else {
            slog::error!(log, "token endpoint storage failure"; "error" => %error);
            OAuthError::new(
                oauth::OAuthErrorCode::ServerError,
                "the helpdesk failed to issue a token; the failure is logged",
            )
        }
    };
    // No stored client id holds U+0000 (and PostgreSQL cannot even compare with one): such
    // an id is an unknown client, the same answer on both databases.
    let client = if request.client_id.contains('\0') {
        None
    } else {
        app.store
            .get_oauth_client(&request.client_id)
            .await
            .map_err(unavailable)?
    };
    oauth::authenticate_client(
        &request,
        client.as_ref().map(|client| client.secret_hash.as_str()),
    )
    .inspect_err(|_| failed(client.is_some()))?;
    let token = new_token(ACCESS_TOKEN_PREFIX);
    let lifetime =
        chrono::Duration::from_std(app.token_lifetime).unwrap_or(chrono::Duration::hours(1));
    app.store
        .insert_access_token(
            &hash_token(token.expose()),
            &request.client_id,
            chrono::Utc::now() + lifetime,
        )
        .await
        .map_err(unavailable)?;
    Ok(TokenResponse::bearer(token, app.token_lifetime.as_secs()))
}

#[cfg(test)]
mod tests {
    use super::status;
    use crate::auth::oauth::OAuthErrorCode;

    #[test]
    fn invalid_client_is_401_and_the_other_grant_errors_400() {
        assert_eq!(status(OAuthErrorCode::InvalidClient), 401);
        for code in [
            OAuthErrorCode::InvalidRequest,
            OAuthErrorCode::InvalidGrant,
            OAuthErrorCode::UnauthorizedClient,
            OAuthErrorCode::UnsupportedGrantType,
        ] {
            assert_eq!(status(code), 400, "{code:?}");
        }
        assert_eq!(status(OAuthErrorCode::TemporarilyUnavailable), 503);
    }
}
