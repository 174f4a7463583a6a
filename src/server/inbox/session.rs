//! The inbox's sessions: an agent token, checked once at sign-in, is exchanged for a
//! random session id held in an `HttpOnly`, `SameSite=Strict` cookie (`__Host-` prefixed
//! whenever it is `Secure`). The store keeps only
//! the id's SHA-256 (as for every token) with the agent and the expiry
//! (`Store::insert_inbox_session`), so sessions survive a restart and work on every
//! replica. The session's CSRF token is derived from its id, so it is stored nowhere and
//! only the holder of the cookie can know it. This module holds the cookies, the tokens,
//! and the typing indicator's per-session pace (in memory: a pace, not a credential).

use crate::auth::Secret;
use crate::auth::token::{hash_token, new_token};
use sha2::{Digest as _, Sha256};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq as _;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "fhd_inbox_session";
/// The sign-in form's CSRF cookie (double submit: the form carries the same value), set
/// before there is a session to derive a CSRF token from.
pub const SIGN_IN_COOKIE: &str = "fhd_inbox_sign_in";
/// Plain cookies are sent to the inbox only. A `Secure` one is named with this prefix,
/// which browsers accept only from https, with `Path=/` and no `Domain`: so neither a
/// plain-http page nor a sibling subdomain can plant or shadow it. `Path=/` also sends it
/// to the APIs beside the inbox, which ignore cookies (they take bearer tokens only).
const SECURE_PREFIX: &str = "__Host-";
const PLAIN_COOKIE_PATH: &str = "/inbox";
/// How long the sign-in form's CSRF cookie lives.
const SIGN_IN_COOKIE_LIFETIME: Duration = Duration::from_secs(3600);
/// Typing indicators sent to Fin for one session and conversation: at most one per this
/// long, whatever the page sends.
pub const TYPING_INTERVAL: Duration = Duration::from_secs(3);
/// The default of `--inbox-session-lifetime-secs`: a working day.
pub const DEFAULT_SESSION_LIFETIME: Duration = Duration::from_secs(8 * 3600);

/// How the inbox's sessions and cookies are made.
#[derive(Debug, Clone)]
pub struct SessionSettings {
    /// How long a session lasts from sign-in.
    pub lifetime: Duration,
    /// Always mark cookies `Secure` (behind a TLS-terminating proxy that does not send
    /// `X-Forwarded-Proto: https`, which marks them so by itself).
    pub secure_cookies: bool,
}

impl Default for SessionSettings {
    fn default() -> Self {
        SessionSettings {
            lifetime: DEFAULT_SESSION_LIFETIME,
            secure_cookies: false,
        }
    }
}

/// A session as a request holds it.
#[derive(Debug, Clone)]
pub struct Session {
    /// The id's hash: what the store knows it by.
    pub key: String,
    /// Sent in every page, and required back with every state-changing request.
    pub csrf: Secret,
}

impl Session {
    /// The session whose id a cookie holds.
    pub fn from_id(id: &str) -> Session {
        Session {
            key: hash_token(id),
            csrf: csrf_token(id),
        }
    }
}

/// A new random session id (256 bits, as every token).
pub fn new_session_id() -> Secret {
    new_token("fhd_ses_")
}

/// The session's CSRF token: a hash of its id under a label of its own, so it differs
/// from the stored hash and tells nothing about the id.
fn csrf_token(id: &str) -> Secret {
    let digest = Sha256::new()
        .chain_update(b"fin-helpdesk inbox csrf\0")
        .chain_update(id.as_bytes())
        .finalize();
    Secret::new(format!("fhd_csrf_{}", hex::encode(digest)))
}

/// The settings, and the pace of typing indicators per session.
#[derive(Debug)]
pub struct Sessions {
    settings: SessionSettings,
    /// Session key → the conversation of its last typing indicator, and when.
    last_typing: Mutex<HashMap<String, (String, Instant)>>,
}

impl Sessions {
    pub fn new(settings: SessionSettings) -> Self {
        Sessions {
            settings,
            last_typing: Mutex::new(HashMap::new()),
        }
    }

    pub fn settings(&self) -> &SessionSettings {
        &self.settings
    }

    /// Whether a typing indicator for `conversation_id` may go to Fin now; if so, it is
    /// counted as sent.
    pub fn allow_typing(&self, key: &str, conversation_id: &str, now: Instant) -> bool {
        // The map stays consistent whatever panicked while holding it: each change is
        // one insert or remove.
        let mut last = self
            .last_typing
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some((last_conversation, at)) = last.get(key)
            && last_conversation == conversation_id
            && now.saturating_duration_since(*at) < TYPING_INTERVAL
        {
            return false;
        }
        // Entries past the interval no longer hold anything back: drop them, so the map
        // holds only the sessions typing now.
        last.retain(|_, (_, at)| now.saturating_duration_since(*at) < TYPING_INTERVAL);
        last.insert(key.to_string(), (conversation_id.to_string(), now));
        true
    }

    /// The `Set-Cookie` value that starts a session.
    pub fn session_cookie(&self, id: &Secret, secure: bool) -> String {
        cookie(SESSION_COOKIE, id.expose(), self.settings.lifetime, secure)
    }

    /// The `Set-Cookie` value that removes the session cookie.
    pub fn cleared_session_cookie(&self, secure: bool) -> String {
        cookie(SESSION_COOKIE, "", Duration::ZERO, secure)
    }

    /// A new sign-in CSRF value and the `Set-Cookie` value carrying it.
    pub fn sign_in_cookie(&self, secure: bool) -> (Secret, String) {
        let value = new_token("fhd_csrf_");
        let header = cookie(
            SIGN_IN_COOKIE,
            value.expose(),
            SIGN_IN_COOKIE_LIFETIME,
            secure,
        );
        (value, header)
    }

    /// The `Set-Cookie` value that removes the sign-in CSRF cookie.
    pub fn cleared_sign_in_cookie(&self, secure: bool) -> String {
        cookie(SIGN_IN_COOKIE, "", Duration::ZERO, secure)
    }
}

fn cookie(name: &str, value: &str, max_age: Duration, secure: bool) -> String {
    let max_age = max_age.as_secs();
    if secure {
        format!(
            "{SECURE_PREFIX}{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; \
             SameSite=Strict; Secure"
        )
    } else {
        format!(
            "{name}={value}; Path={PLAIN_COOKIE_PATH}; Max-Age={max_age}; HttpOnly; \
             SameSite=Strict"
        )
    }
}

/// The value of the inbox's cookie `name`: its `__Host-` form, which only https can have
/// set; the plain form only on a request not known to come over https, where it is all a
/// browser can hold (a plain one there could have been planted over http).
pub fn cookie_value<'h>(headers: &'h http::HeaderMap, name: &str, secure: bool) -> Option<&'h str> {
    let prefixed = format!("{SECURE_PREFIX}{name}");
    request_cookie(headers, &prefixed).or_else(|| {
        if secure {
            None
        } else {
            request_cookie(headers, name)
        }
    })
}

/// The value of cookie `name` among the request's `Cookie` headers.
fn request_cookie<'h>(headers: &'h http::HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Whether a CSRF token sent back matches the expected one, in constant time.
pub fn csrf_matches(expected: &Secret, sent: Option<&str>) -> bool {
    match sent {
        Some(sent) => bool::from(expected.expose().as_bytes().ct_eq(sent.as_bytes())),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sessions(lifetime: Duration) -> Sessions {
        Sessions::new(SessionSettings {
            lifetime,
            secure_cookies: false,
        })
    }

    #[test]
    fn a_session_is_known_by_its_hash_and_its_csrf_token_is_neither_id_nor_hash() {
        let id = new_session_id();
        assert!(id.expose().starts_with("fhd_ses_"));
        let session = Session::from_id(id.expose());
        assert_eq!(session.key, hash_token(id.expose()));
        assert_ne!(session.key, id.expose());
        let csrf = session.csrf.expose();
        assert!(csrf.starts_with("fhd_csrf_"));
        assert!(!csrf.contains(id.expose()) && !csrf.contains(&session.key));
        // The same id always gives the same token, another id another one.
        assert!(csrf_matches(
            &session.csrf,
            Some(csrf_token(id.expose()).expose())
        ));
        assert!(!csrf_matches(
            &session.csrf,
            Some(Session::from_id(new_session_id().expose()).csrf.expose())
        ));
    }

    #[test]
    fn typing_goes_through_at_most_once_per_interval_and_conversation() {
        let sessions = sessions(Duration::from_secs(60));
        let now = Instant::now();
        assert!(sessions.allow_typing("s1", "conv_1", now));
        assert!(!sessions.allow_typing("s1", "conv_1", now + Duration::from_secs(1)));
        assert!(sessions.allow_typing("s2", "conv_1", now + Duration::from_secs(1)));
        assert!(sessions.allow_typing("s1", "conv_2", now + Duration::from_secs(1)));
        assert!(sessions.allow_typing("s1", "conv_2", now + TYPING_INTERVAL * 2));
        // Only the sessions typing within the interval are remembered.
        assert_eq!(sessions.last_typing.lock().unwrap().len(), 1);
    }

    #[test]
    fn cookies_are_http_only_strict_scoped_to_the_inbox_and_host_prefixed_when_secure() {
        let sessions = sessions(Duration::from_secs(600));
        let id = Secret::new("fhd_ses_x");
        assert_eq!(
            sessions.session_cookie(&id, false),
            "fhd_inbox_session=fhd_ses_x; Path=/inbox; Max-Age=600; HttpOnly; SameSite=Strict"
        );
        assert_eq!(
            sessions.session_cookie(&id, true),
            "__Host-fhd_inbox_session=fhd_ses_x; Path=/; Max-Age=600; HttpOnly; \
             SameSite=Strict; Secure"
        );
        assert!(
            sessions
                .cleared_session_cookie(true)
                .starts_with("__Host-fhd_inbox_session=; Path=/; Max-Age=0;")
        );
        let (_, secure_sign_in) = sessions.sign_in_cookie(true);
        assert!(secure_sign_in.starts_with("__Host-fhd_inbox_sign_in="));
        assert!(!secure_sign_in.contains("Domain"));
        assert!(
            sessions
                .cleared_session_cookie(false)
                .starts_with("fhd_inbox_session=; Path=/inbox; Max-Age=0;")
        );
        let (value, header) = sessions.sign_in_cookie(false);
        assert!(header.starts_with(&format!("fhd_inbox_sign_in={}; ", value.expose())));
        assert!(header.contains("HttpOnly; SameSite=Strict"));
    }

    #[test]
    fn cookie_values_are_read_from_every_cookie_header() {
        let mut headers = http::HeaderMap::new();
        headers.append(
            http::header::COOKIE,
            "a=1; fhd_inbox_session=s1".parse().unwrap(),
        );
        headers.append(http::header::COOKIE, "b=2".parse().unwrap());
        assert_eq!(cookie_value(&headers, SESSION_COOKIE, false), Some("s1"));
        assert_eq!(cookie_value(&headers, "b", false), Some("2"));
        assert_eq!(cookie_value(&headers, "c", false), None);
    }

    #[test]
    fn over_https_only_the_host_prefixed_cookie_is_read() {
        let mut headers = http::HeaderMap::new();
        headers.append(
            http::header::COOKIE,
            "fhd_inbox_session=planted".parse().unwrap(),
        );
        assert_eq!(cookie_value(&headers, SESSION_COOKIE, true), None);
        assert_eq!(
            cookie_value(&headers, SESSION_COOKIE, false),
            Some("planted")
        );
        headers.append(
            http::header::COOKIE,
            "__Host-fhd_inbox_session=real".parse().unwrap(),
        );
        for secure in [true, false] {
            assert_eq!(
                cookie_value(&headers, SESSION_COOKIE, secure),
                Some("real"),
                "the prefixed cookie wins (secure: {secure})"
            );
        }
    }

    #[test]
    fn csrf_tokens_must_match_exactly() {
        let expected = Secret::new("fhd_csrf_abc");
        assert!(csrf_matches(&expected, Some("fhd_csrf_abc")));
        assert!(!csrf_matches(&expected, Some("fhd_csrf_abd")));
        assert!(!csrf_matches(&expected, Some("")));
        assert!(!csrf_matches(&expected, None));
    }
}
