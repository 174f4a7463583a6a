//! The OAuth 2.0 client-credentials grant (RFC 6749 §4.4) through which Fin obtains its
//! access token: parsing and checking a token request, and the success and error bodies.
//!
//! Framework- and storage-free: the server passes in the `Authorization` header and the
//! raw form body, looks the client up, and calls [`authenticate_client`]. The server still
//! owns the HTTP-level rules: POST only, `Content-Type: application/x-www-form-urlencoded`,
//! and the [`NO_STORE_HEADERS`] on every response.

use std::collections::{HashMap, HashSet};
use std::fmt;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::Serialize;

use super::{REALM, Secret, token};

/// The only grant type this endpoint issues tokens for.
pub const CLIENT_CREDENTIALS: &str = "client_credentials";

/// RFC 6749 §5.1 and §5.2: token responses, successful or not, must not be cached.
pub const NO_STORE_HEADERS: [(&str, &str); 2] =
    [("cache-control", "no-store"), ("pragma", "no-cache")];

/// A syntactically valid client-credentials request. The client is not yet authenticated:
/// look it up and call [`authenticate_client`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRequest {
    pub client_id: String,
    pub client_secret: Secret,
    /// Whether the client authenticated with HTTP Basic rather than body parameters.
    pub via_basic: bool,
    /// The `scope` parameter, if sent non-empty. We define no scopes; the server may
    /// ignore it or refuse it with [`OAuthErrorCode::InvalidScope`].
    pub scope: Option<String>,
}

/// The `error` codes of RFC 6749 §5.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    not(test),
    expect(
        dead_code,
        reason = "RFC 6749's full list; the token endpoint never refuses a grant or a scope"
    )
)]
pub enum OAuthErrorCode {
    InvalidRequest,
    InvalidClient,
    InvalidGrant,
    UnauthorizedClient,
    UnsupportedGrantType,
    InvalidScope,
    /// The token could not be stored or checked for a reason that passes (the database is
    /// unreachable or busy): a 503 with `Retry-After`. RFC 6749 names this code for the
    /// authorization endpoint (§4.1.2.1); the token endpoint reuses it.
    TemporarilyUnavailable,
    /// A failure that a retry cannot cure: a 500 (§4.1.2.1's `server_error`).
    ServerError,
    /// Too many failed attempts from this client: a 429 with `Retry-After`, the request
    /// not checked. The code is the one registered for the token endpoint in IANA's
    /// OAuth Extensions Error registry for "poll more slowly" (RFC 8628 §3.5), the
    /// nearest standard meaning; RFC 6749 itself has none for it.
    SlowDown,
}

impl OAuthErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidRequest => "invalid_request",
            Self::InvalidClient => "invalid_client",
            Self::InvalidGrant => "invalid_grant",
            Self::UnauthorizedClient => "unauthorized_client",
            Self::UnsupportedGrantType => "unsupported_grant_type",
            Self::InvalidScope => "invalid_scope",
            Self::TemporarilyUnavailable => "temporarily_unavailable",
            Self::ServerError => "server_error",
            Self::SlowDown => "slow_down",
        }
    }
}

impl fmt::Display for OAuthErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An RFC 6749 §5.2 error response. Descriptions are fixed texts written here: they never
/// echo request input, so they cannot carry a secret (or break the §5.2 character set).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {description}")]
pub struct OAuthError {
    pub code: OAuthErrorCode,
    pub description: String,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: OAuthErrorCode,
    error_description: &'a str,
}

impl OAuthError {
    pub fn new(code: OAuthErrorCode, description: impl Into<String>) -> Self {
        Self {
            code,
            description: description.into(),
        }
    }

    fn invalid_request(description: &str) -> Self {
        Self::new(OAuthErrorCode::InvalidRequest, description)
    }

    /// The error for an unknown client or a wrong secret. One message for both, so the
    /// endpoint does not tell which client ids exist.
    pub fn invalid_client() -> Self {
        Self::new(
            OAuthErrorCode::InvalidClient,
            "client authentication failed",
        )
    }

    /// The `WWW-Authenticate` value to send, if any.
    ///
    /// §5.2 requires 401 plus a challenge when the client tried the `Authorization` header
    /// and allows 401 otherwise. We answer every `invalid_client` with 401 (so Fin treats
    /// it like any other credential failure), and HTTP requires a challenge on every 401
    /// (RFC 9110 §15.5.2), so the challenge goes with every `invalid_client`. It names
    /// Basic, the header scheme we support.
    pub fn www_authenticate(&self) -> Option<String> {
        (self.code == OAuthErrorCode::InvalidClient).then(|| format!("Basic realm=\"{REALM}\""))
    }

    /// `{"error": "...", "error_description": "..."}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!(ErrorBody {
            error: self.code,
            error_description: &self.description,
        })
    }
}

/// A successful token response (§5.1).
#[derive(Debug, Clone, Serialize)]
pub struct TokenResponse {
    #[serde(serialize_with = "Secret::serialize_exposed")]
    pub access_token: Secret,
    pub token_type: &'static str,
    /// Lifetime in seconds.
    pub expires_in: u64,
}

impl TokenResponse {
    pub fn bearer(access_token: Secret, expires_in: u64) -> Self {
        Self {
            access_token,
            token_type: "Bearer",
            expires_in,
        }
    }
}

/// Parses a client-credentials token request from the `Authorization` header value and
/// the raw `application/x-www-form-urlencoded` body.
///
/// Checks, in order: the body is well formed with no repeated parameter (§3.2);
/// `grant_type` is present and is `client_credentials`; the client used exactly one
/// authentication method (§2.3), HTTP Basic (§2.3.1) or `client_id` + `client_secret` in
/// the body. Parameters sent with an empty value count as absent (§3.1).
pub fn parse_token_request(
    authorization: Option<&str>,
    body: &[u8],
) -> Result<TokenRequest, OAuthError> {
    let params = parse_form(body)?;
    match params.get("grant_type") {
        None => return Err(OAuthError::invalid_request("missing grant_type")),
        Some(grant) if grant != CLIENT_CREDENTIALS => {
            return Err(OAuthError::new(
                OAuthErrorCode::UnsupportedGrantType,
                "only the client_credentials grant is supported",
            ));
        }
        Some(_) => {}
    }

    let basic = authorization.map(parse_basic).transpose()?;
    let body_id = params.get("client_id");
    let body_secret = params.get("client_secret");
    let scope = params.get("scope").cloned();

    let (client_id, client_secret, via_basic) = match (basic, body_id, body_secret) {
        (Some(_), _, Some(_)) => return Err(two_methods()),
        // Some clients repeat their id in the body next to Basic; that is one method, as
        // long as the two ids agree.
        (Some((id, _)), Some(body_id), None) if *body_id != id => return Err(two_methods()),
        (Some((id, secret)), _, None) => (id, secret, true),
        (None, Some(id), Some(secret)) => (id.clone(), secret.clone(), false),
        (None, None, Some(_)) => {
            return Err(OAuthError::invalid_request(
                "client_secret sent without client_id",
            ));
        }
        // No secret at all: a public client, which §4.4 does not allow.
        (None, _, None) => {
            return Err(OAuthError::new(
                OAuthErrorCode::InvalidClient,
                "client authentication required",
            ));
        }
    };

    Ok(TokenRequest {
        client_id,
        client_secret: Secret::new(client_secret),
        via_basic,
        scope,
    })
}

/// Checks the presented secret against the stored hash of the client it names, or `None`
/// when there is no such client. Unknown clients are checked against a dummy hash so both
/// failures take the same path and give the same error.
pub fn authenticate_client(
    request: &TokenRequest,
    stored_secret_hash: Option<&str>,
) -> Result<(), OAuthError> {
    let stored = match stored_secret_hash {
        Some(hash) => hash,
        None => token::dummy_secret_hash(),
    };
    let matches = token::verify_secret(request.client_secret.expose(), stored);
    if matches && stored_secret_hash.is_some() {
        Ok(())
    } else {
        Err(OAuthError::invalid_client())
    }
}

fn two_methods() -> OAuthError {
    OAuthError::invalid_request("more than one client authentication method used")
}

/// The form parameters, with empty values dropped and any repeated name refused.
fn parse_form(body: &[u8]) -> Result<HashMap<String, String>, OAuthError> {
    // Form bodies are ASCII; refusing other bytes up front stops the lossy UTF-8
    // decoding below from silently altering a secret.
    if !body.is_ascii() {
        return Err(OAuthError::invalid_request("malformed form body"));
    }
    let mut params = HashMap::new();
    let mut seen = HashSet::new();
    for (name, value) in url::form_urlencoded::parse(body) {
        if !seen.insert(name.clone()) {
            return Err(OAuthError::invalid_request("repeated request parameter"));
        }
        if value.contains(char::REPLACEMENT_CHARACTER) {
            return Err(OAuthError::invalid_request("malformed form body"));
        }
        if !value.is_empty() {
            params.insert(name.into_owned(), value.into_owned());
        }
    }
    Ok(params)
}

/// Decodes `Basic base64(urlencode(id) ":" urlencode(secret))` (§2.3.1). Anything else in
/// the header, including another scheme, is a failed client authentication.
fn parse_basic(header: &str) -> Result<(String, String), OAuthError> {
    let malformed = || {
        OAuthError::new(
            OAuthErrorCode::InvalidClient,
            "malformed or unsupported Authorization header",
        )
    };
    let (scheme, credentials) = header.trim().split_once(' ').ok_or_else(malformed)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(malformed());
    }
    let decoded = BASIC_B64
        .decode(credentials.trim_start_matches(' '))
        .map_err(|_| malformed())?;
    let decoded = String::from_utf8(decoded).map_err(|_| malformed())?;
    // The id is form-encoded, so a literal ':' can only be the separator.
    let (id, secret) = decoded.split_once(':').ok_or_else(malformed)?;
    let (id, secret) = (
        form_decode(id).ok_or_else(malformed)?,
        form_decode(secret).ok_or_else(malformed)?,
    );
    if id.is_empty() || secret.is_empty() {
        return Err(malformed());
    }
    Ok((id, secret))
}

/// `application/x-www-form-urlencoded` decoding of one component: `+` is a space, `%XX` a
/// byte; a `%` not followed by two hex digits stays literal, as in the WHATWG URL spec.
fn form_decode(component: &str) -> Option<String> {
    let plus_as_space = component.replace('+', " ");
    percent_encoding::percent_decode_str(&plus_as_space)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

/// Standard alphabet; RFC 7617 pads, but some clients do not, and nothing is ambiguous.
const BASIC_B64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD;

    fn basic(id: &str, secret: &str) -> String {
        format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")))
    }

    fn err(authorization: Option<&str>, body: &str) -> OAuthError {
        parse_token_request(authorization, body.as_bytes()).unwrap_err()
    }

    fn code(authorization: Option<&str>, body: &str) -> OAuthErrorCode {
        err(authorization, body).code
    }

    #[test]
    fn basic_auth() {
        let auth = basic("fin", "s3cret");
        let req = parse_token_request(Some(&auth), b"grant_type=client_credentials").unwrap();
        assert_eq!(req.client_id, "fin");
        assert_eq!(req.client_secret.expose(), "s3cret");
        assert!(req.via_basic);
        assert_eq!(req.scope, None);
    }

    #[test]
    fn basic_auth_credentials_are_form_decoded() {
        // RFC 6749 §2.3.1: id and secret are form-urlencoded before base64.
        let auth = basic("my%3Aclient", "a+b%2Bc%25");
        let req = parse_token_request(Some(&auth), b"grant_type=client_credentials").unwrap();
        assert_eq!(req.client_id, "my:client");
        assert_eq!(req.client_secret.expose(), "a b+c%");
    }

    #[test]
    fn basic_auth_scheme_and_padding_are_lenient() {
        let encoded = STANDARD.encode("fin:s3cret1");
        assert!(encoded.ends_with('='));
        for header in [
            format!("basic {encoded}"),
            format!("BASIC  {encoded}"),
            format!("Basic {}", encoded.trim_end_matches('=')),
        ] {
            let req = parse_token_request(Some(&header), b"grant_type=client_credentials")
                .unwrap_or_else(|e| panic!("{header}: {e}"));
            assert_eq!(req.client_secret.expose(), "s3cret1");
        }
    }

    #[test]
    fn basic_auth_with_matching_body_client_id() {
        let auth = basic("fin", "s");
        let req = parse_token_request(
            Some(&auth),
            b"grant_type=client_credentials&client_id=fin&scope=helpdesk",
        )
        .unwrap();
        assert!(req.via_basic);
        assert_eq!(req.scope.as_deref(), Some("helpdesk"));
    }

    #[test]
    fn body_auth() {
        let req = parse_token_request(
            None,
            b"client_secret=s%26t&grant_type=client_credentials&client_id=fin",
        )
        .unwrap();
        assert_eq!(req.client_id, "fin");
        assert_eq!(req.client_secret.expose(), "s&t");
        assert!(!req.via_basic);
    }

    #[test]
    fn grant_type_errors() {
        let body_auth = "client_id=a&client_secret=b";
        assert_eq!(code(None, body_auth), OAuthErrorCode::InvalidRequest);
        assert_eq!(
            code(None, &format!("{body_auth}&grant_type=")),
            OAuthErrorCode::InvalidRequest,
            "an empty value counts as absent"
        );
        for grant in ["password", "authorization_code", "CLIENT_CREDENTIALS"] {
            assert_eq!(
                code(None, &format!("{body_auth}&grant_type={grant}")),
                OAuthErrorCode::UnsupportedGrantType
            );
        }
    }

    #[test]
    fn repeated_parameters_are_invalid_request() {
        for body in [
            "grant_type=client_credentials&grant_type=client_credentials&client_id=a&client_secret=b",
            "grant_type=client_credentials&client_id=a&client_id=a&client_secret=b",
            "grant_type=client_credentials&client_id=a&client_secret=b&scope=x&scope=",
        ] {
            assert_eq!(code(None, body), OAuthErrorCode::InvalidRequest, "{body}");
        }
    }

    #[test]
    fn malformed_bodies_are_invalid_request() {
        let e = parse_token_request(None, "grant_type=client_credentials&client_id=é".as_bytes());
        assert_eq!(e.unwrap_err().code, OAuthErrorCode::InvalidRequest);
        let e = parse_token_request(
            None,
            b"grant_type=client_credentials&client_id=a&client_secret=%FF",
        );
        assert_eq!(e.unwrap_err().code, OAuthErrorCode::InvalidRequest);
    }

    #[test]
    fn two_auth_methods_are_invalid_request() {
        let auth = basic("fin", "s");
        let g = "grant_type=client_credentials";
        for body in [
            format!("{g}&client_id=fin&client_secret=s"),
            format!("{g}&client_secret=s"),
            format!("{g}&client_id=other"),
        ] {
            assert_eq!(
                code(Some(&auth), &body),
                OAuthErrorCode::InvalidRequest,
                "{body}"
            );
        }
    }

    #[test]
    fn missing_client_authentication() {
        let g = "grant_type=client_credentials";
        assert_eq!(code(None, g), OAuthErrorCode::InvalidClient);
        assert_eq!(
            code(None, &format!("{g}&client_id=fin")),
            OAuthErrorCode::InvalidClient
        );
        assert_eq!(
            code(None, &format!("{g}&client_id=fin&client_secret=")),
            OAuthErrorCode::InvalidClient
        );
        assert_eq!(
            code(None, &format!("{g}&client_secret=s")),
            OAuthErrorCode::InvalidRequest
        );
    }

    #[test]
    fn malformed_or_foreign_authorization_is_invalid_client() {
        let g = "grant_type=client_credentials";
        let no_colon = format!("Basic {}", STANDARD.encode("fin"));
        let empty_secret = basic("fin", "");
        let empty_id = basic("", "s");
        let not_utf8 = format!("Basic {}", STANDARD.encode([0xff, b':', b's']));
        for header in [
            "",
            "Basic",
            "Basic !!!",
            "Bearer abc",
            no_colon.as_str(),
            empty_secret.as_str(),
            empty_id.as_str(),
            not_utf8.as_str(),
        ] {
            let e = err(Some(header), g);
            assert_eq!(e.code, OAuthErrorCode::InvalidClient, "{header:?}");
            assert_eq!(
                e.www_authenticate().as_deref(),
                Some("Basic realm=\"fin-helpdesk\"")
            );
        }
    }

    #[test]
    fn authenticate_against_stored_hash() {
        let secret = token::new_token(token::CLIENT_SECRET_PREFIX);
        let stored = token::hash_secret(secret.expose());
        let body = format!(
            "grant_type=client_credentials&client_id=fin&client_secret={}",
            secret.expose()
        );
        let req = parse_token_request(None, body.as_bytes()).unwrap();
        assert_eq!(authenticate_client(&req, Some(&stored)), Ok(()));

        let wrong = parse_token_request(
            None,
            b"grant_type=client_credentials&client_id=fin&client_secret=nope",
        )
        .unwrap();
        let e1 = authenticate_client(&wrong, Some(&stored)).unwrap_err();
        let e2 = authenticate_client(&req, None).unwrap_err();
        assert_eq!(e1, e2, "unknown client and wrong secret look the same");
        assert_eq!(e1.code, OAuthErrorCode::InvalidClient);
        // Even a client whose stored hash were the dummy could not authenticate.
        assert!(authenticate_client(&req, Some(token::dummy_secret_hash())).is_err());
    }

    #[test]
    fn error_status_header_and_json() {
        let e = OAuthError::new(OAuthErrorCode::UnsupportedGrantType, "nope");
        assert_eq!(e.www_authenticate(), None);
        assert_eq!(
            e.to_json(),
            serde_json::json!({"error": "unsupported_grant_type", "error_description": "nope"})
        );
        assert_eq!(e.to_string(), "unsupported_grant_type: nope");
        let c = OAuthError::invalid_client();
        assert_eq!(c.to_json()["error"], "invalid_client");
        for code in [
            OAuthErrorCode::InvalidRequest,
            OAuthErrorCode::InvalidClient,
            OAuthErrorCode::InvalidGrant,
            OAuthErrorCode::UnauthorizedClient,
            OAuthErrorCode::UnsupportedGrantType,
            OAuthErrorCode::InvalidScope,
        ] {
            assert_eq!(serde_json::json!(code), code.as_str());
        }
    }

    #[test]
    fn no_secret_in_errors_or_debug() {
        let auth = basic("fin", "TOPSECRET");
        let req = parse_token_request(Some(&auth), b"grant_type=client_credentials").unwrap();
        assert!(!format!("{req:?}").contains("TOPSECRET"));
        let failures = [
            err(
                Some(&auth),
                "grant_type=client_credentials&client_secret=TOPSECRET",
            ),
            err(
                None,
                "grant_type=client_credentials&client_secret=TOPSECRET",
            ),
            err(Some("Basic TOPSECRET"), "grant_type=client_credentials"),
            err(None, "client_secret=TOPSECRET&grant_type=TOPSECRET"),
        ];
        for e in failures {
            let shown = format!("{e} {e:?} {}", e.to_json());
            assert!(!shown.contains("TOPSECRET"), "{shown}");
            // §5.2: error_description is limited to printable ASCII without '"' and '\'.
            assert!(
                e.description
                    .bytes()
                    .all(|b| (0x20..=0x7e).contains(&b) && b != b'"' && b != b'\\')
            );
        }
    }

    #[test]
    fn token_response_json() {
        let token = Secret::new("fhd_at_abc");
        let resp = TokenResponse::bearer(token, 3600);
        assert_eq!(
            serde_json::to_value(&resp).unwrap(),
            serde_json::json!({"access_token": "fhd_at_abc", "token_type": "Bearer", "expires_in": 3600})
        );
        assert!(!format!("{resp:?}").contains("fhd_at_abc"));
    }
}
