//! Bearer tokens on Fin's requests (RFC 6750): pulling the token out of `Authorization`
//! and writing the `WWW-Authenticate` challenge for a refusal. Deciding whether a token is
//! valid is the store's job; this module only handles the header syntax.

use std::fmt;

use super::REALM;

/// RFC 6750 §3.1 error code for a token that is unknown, expired or revoked.
pub const INVALID_TOKEN: &str = "invalid_token";
/// RFC 6750 §3.1 error code for a malformed request.
pub const INVALID_REQUEST: &str = "invalid_request";

/// A token borrowed from the `Authorization` header. A newtype rather than `&str` so that
/// debug-printing a parse result cannot put a live token in a log.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct BearerToken<'a>(&'a str);

impl<'a> BearerToken<'a> {
    /// The token. Callers must not log or format it; hash it and look the hash up.
    pub fn expose(&self) -> &'a str {
        self.0
    }
}

impl fmt::Debug for BearerToken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerToken([redacted])")
    }
}

/// Why no bearer token could be taken from the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BearerError {
    /// No `Authorization` header, or one for another scheme: the request carries no
    /// bearer credentials at all.
    #[error("no bearer token in the request")]
    MissingToken,
    /// A `Bearer` header that is not exactly one RFC 6750 `b64token`.
    #[error("malformed Bearer authorization header")]
    MalformedHeader,
}

impl BearerError {
    /// The error code for the challenge, if any: RFC 6750 §3.1 gives a request without
    /// credentials none, a malformed one `invalid_request`.
    pub fn error_code(self) -> Option<&'static str> {
        match self {
            Self::MissingToken => None,
            Self::MalformedHeader => Some(INVALID_REQUEST),
        }
    }

    /// The `WWW-Authenticate` value to send with this refusal.
    pub fn www_authenticate(self) -> String {
        let description = self.error_code().map(|_| self.to_string());
        www_authenticate_bearer(self.error_code(), description.as_deref())
    }
}

/// The bearer token in an `Authorization` header value.
///
/// The scheme is matched case-insensitively (RFC 9110 §11.1); spaces (or, leniently,
/// tabs) separate it from the token, which must be a single `b64token` (RFC 6750 §2.1). A
/// header for another scheme (say, `Basic`) is reported as [`BearerError::MissingToken`],
/// since it holds no bearer credentials.
pub fn bearer_token(authorization: Option<&str>) -> Result<BearerToken<'_>, BearerError> {
    let header = authorization.map(str::trim).unwrap_or_default();
    if header.is_empty() {
        return Err(BearerError::MissingToken);
    }
    let (scheme, rest) = header.split_once([' ', '\t']).unwrap_or((header, ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(BearerError::MissingToken);
    }
    let token = rest.trim_start_matches([' ', '\t']);
    if !is_b64token(token) {
        return Err(BearerError::MalformedHeader);
    }
    Ok(BearerToken(token))
}

/// `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
fn is_b64token(token: &str) -> bool {
    let body = token.trim_end_matches('=');
    !body.is_empty()
        && body.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
        })
}

/// A `WWW-Authenticate` value per RFC 6750 §3:
/// `Bearer realm="fin-helpdesk", error="invalid_token", error_description="…"`.
///
/// Characters that §3 forbids in these values (`"`, `\`, controls, non-ASCII) are
/// dropped, so a description can never break out of its quotes or inject a header line.
pub fn www_authenticate_bearer(error: Option<&str>, description: Option<&str>) -> String {
    let mut value = format!("Bearer realm=\"{REALM}\"");
    for (name, text) in [("error", error), ("error_description", description)] {
        if let Some(text) = text {
            value.push_str(", ");
            value.push_str(name);
            value.push_str("=\"");
            value.extend(text.chars().filter(|&c| is_challenge_char(c)));
            value.push('"');
        }
    }
    value
}

/// RFC 6750 §3: `%x20-21 / %x23-5B / %x5D-7E`.
fn is_challenge_char(c: char) -> bool {
    matches!(c, '\x20'..='\x21' | '\x23'..='\x5b' | '\x5d'..='\x7e')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(header: &str) -> Result<&str, BearerError> {
        bearer_token(Some(header)).map(|t| t.expose())
    }

    #[test]
    fn extracts_the_token() {
        assert_eq!(token("Bearer fhd_at_abc-DEF"), Ok("fhd_at_abc-DEF"));
        assert_eq!(token("bearer abc"), Ok("abc"));
        assert_eq!(token("BEARER abc"), Ok("abc"));
        assert_eq!(token("Bearer   abc"), Ok("abc"));
        assert_eq!(token("  Bearer abc  "), Ok("abc"));
        assert_eq!(token("Bearer\tabc"), Ok("abc"));
        assert_eq!(token("Bearer a.b~c+d/e=="), Ok("a.b~c+d/e=="));
    }

    #[test]
    fn missing_token() {
        assert_eq!(bearer_token(None), Err(BearerError::MissingToken));
        assert_eq!(token(""), Err(BearerError::MissingToken));
        assert_eq!(token("   "), Err(BearerError::MissingToken));
        assert_eq!(token("Basic Zm9vOmJhcg=="), Err(BearerError::MissingToken));
        assert_eq!(token("Bearerabc"), Err(BearerError::MissingToken));
    }

    #[test]
    fn malformed_header() {
        for header in [
            "Bearer",
            "Bearer ",
            "Bearer abc def",
            "Bearer abc\tdef",
            "Bearer ===",
            "Bearer a=b",
            "Bearer \"abc\"",
            "Bearer abc,",
            "Bearer tökén",
        ] {
            assert_eq!(
                token(header),
                Err(BearerError::MalformedHeader),
                "{header:?}"
            );
        }
    }

    #[test]
    fn token_is_redacted_in_debug() {
        let parsed = bearer_token(Some("Bearer fhd_at_secret"));
        assert_eq!(format!("{parsed:?}"), "Ok(BearerToken([redacted]))");
    }

    #[test]
    fn challenges() {
        assert_eq!(
            www_authenticate_bearer(None, None),
            "Bearer realm=\"fin-helpdesk\""
        );
        assert_eq!(
            www_authenticate_bearer(Some(INVALID_TOKEN), Some("The access token expired")),
            "Bearer realm=\"fin-helpdesk\", error=\"invalid_token\", \
             error_description=\"The access token expired\""
        );
        assert_eq!(
            www_authenticate_bearer(Some("invalid_token"), Some("a\"b\\c\r\nX-Evil: 1 é")),
            "Bearer realm=\"fin-helpdesk\", error=\"invalid_token\", \
             error_description=\"abcX-Evil: 1 \""
        );
    }

    #[test]
    fn error_responses() {
        let missing = BearerError::MissingToken;
        assert_eq!(missing.www_authenticate(), "Bearer realm=\"fin-helpdesk\"");
        let malformed = BearerError::MalformedHeader;
        assert_eq!(
            malformed.www_authenticate(),
            "Bearer realm=\"fin-helpdesk\", error=\"invalid_request\", \
             error_description=\"malformed Bearer authorization header\""
        );
    }
}
