//! `/oauth/token`: the OAuth 2.0 token endpoint (client credentials), over the store's clients and tokens.

use super::{AppState, error};
use crate::auth::oauth::{self, OAuthError, TokenResponse};
use crate::auth::token::{ACCESS_TOKEN_PREFIX, hash_token, new_token};
use crate::server::extract::UnreadBody;
use crate::store;
use dropshot::{Body, HttpError, RequestContext};
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
    let issued = issue_token(app, &rqctx.log, authorization, &body).await;
    let (status, json, challenge) = match issued {
        Ok(response) => (http::StatusCode::OK, serde_json::to_value(&response), None),
        Err(error) => (
            error.status(),
            Ok(error.to_json()),
            error.www_authenticate(),
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
    if status == http::StatusCode::SERVICE_UNAVAILABLE {
        response = response.header(http::header::RETRY_AFTER, error::RETRY_AFTER_SECS);
    }
    response
        .body(Body::from(json.to_string()))
        .map_err(|_| HttpError::for_internal_error("cannot build the token response".into()))
}

async fn issue_token(
    app: &AppState,
    log: &slog::Logger,
    authorization: Option<&str>,
    body: &[u8],
) -> Result<TokenResponse, OAuthError> {
    let request = oauth::parse_token_request(authorization, body)?;
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
    )?;
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
