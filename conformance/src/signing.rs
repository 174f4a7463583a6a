//! Secrets and Fin's request signature as the checker sends them: `X-Fin-Request-Timestamp`
//! and `X-Fin-Signature`, the lower-case hex HMAC-SHA256 of `"{timestamp}:{body}"`, or of
//! `"{timestamp}:{sorted query}"` for a request without a body.
//!
//! The checker signs as Fin does, independently of any server's verification, so that a
//! server reading the contract differently is told so. The query's canonical form is the
//! one `openapi/README.md` fixes: parameters percent-decoded, sorted by name then value,
//! written `name=value`, joined with `&`, and `%`, `&`, `=` percent-encoded again inside a
//! name or value.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

type HmacSha256 = Hmac<Sha256>;

/// Length of an HMAC-SHA256 tag in bytes.
const TAG_LEN: usize = 32;

/// How far back [`SigningKey::sign_now`] may date a body it already signed this second:
/// room for a burst of identical writes, well inside the usual tolerance of 300 s.
const MAX_BACKDATE_SECS: i64 = 120;
/// How many signed bodies [`SigningKey::sign_now`] remembers.
const SENT_MEMORY: usize = 4096;

/// A secret string (a token, a client secret, a signing secret): `Debug` prints
/// `[redacted]` and there is no `Display`, so a report cannot show it by accident.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value. Callers must not log or format it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Why a signing key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigningKeyError {
    /// An empty key would make every signature forgeable by anyone.
    #[error("the Fin signing key is empty")]
    Empty,
}

/// The HMAC key of the integration's settings. Clones share the memory of what
/// [`SigningKey::sign_now`] signed.
#[derive(Clone)]
pub struct SigningKey {
    mac: HmacSha256,
    sent: Arc<Mutex<Sent>>,
}

/// (timestamp, tag) of bodies a key signed lately, oldest first.
type Sent = VecDeque<(i64, [u8; TAG_LEN])>;

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey([redacted])")
    }
}

/// What the signature covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedPayload<'a> {
    /// The request body, exactly as sent.
    Body(&'a [u8]),
    /// The query string without the leading `?`, for requests that have no body.
    Query(Option<&'a str>),
}

impl SigningKey {
    /// A key from the secret's UTF-8 bytes, as Fin displays it.
    pub fn new(secret: &Secret) -> Result<Self, SigningKeyError> {
        let key = secret.expose().as_bytes();
        if key.is_empty() {
            return Err(SigningKeyError::Empty);
        }
        // HMAC takes keys of any length; the error exists only for fixed-size MACs.
        let mac = HmacSha256::new_from_slice(key).map_err(|_| SigningKeyError::Empty)?;
        Ok(Self {
            mac,
            sent: Arc::default(),
        })
    }

    /// The timestamp and the signature (lower-case hex) of a request sent at `now` (Unix
    /// seconds). A body already signed at the same second is dated a second earlier (up
    /// to 2 minutes back): a server that refuses replayed signatures, as it should, would
    /// refuse the checker's second identical write (an idempotent create sent twice). A
    /// query is signed at `now`: a read may repeat.
    pub fn sign_now(&self, payload: &SignedPayload<'_>, now: i64) -> (String, String) {
        if matches!(payload, SignedPayload::Query(_)) {
            return (
                now.to_string(),
                hex::encode(self.tag(&now.to_string(), payload)),
            );
        }
        let mut sent = self.sent.lock().unwrap_or_else(PoisonError::into_inner);
        let mut chosen = (now, self.tag(&now.to_string(), payload));
        for at in (now - MAX_BACKDATE_SECS..=now).rev() {
            let tag = self.tag(&at.to_string(), payload);
            if !sent.contains(&(at, tag)) {
                chosen = (at, tag);
                break;
            }
        }
        while sent.len() >= SENT_MEMORY
            || sent
                .front()
                .is_some_and(|(old, _)| *old < now - 2 * MAX_BACKDATE_SECS)
        {
            sent.pop_front();
        }
        sent.push_back(chosen);
        (chosen.0.to_string(), hex::encode(chosen.1))
    }

    fn tag(&self, timestamp: &str, payload: &SignedPayload<'_>) -> [u8; TAG_LEN] {
        let mut mac = self.mac.clone();
        mac.update(timestamp.as_bytes());
        mac.update(b":");
        match payload {
            SignedPayload::Body(body) => mac.update(body),
            SignedPayload::Query(query) => mac.update(canonical_query(*query).as_bytes()),
        }
        mac.finalize().into_bytes().into()
    }
}

/// Query parameters decoded (`application/x-www-form-urlencoded`, `+` is a space), sorted
/// by name then value, as `a=1&b=2`; `%`, `&` and `=` inside a name or value are written
/// `%25`, `%26` and `%3D`, so that `x=1&y=2` and `x=1%26y%3D2` sign differently.
fn canonical_query(query: Option<&str>) -> String {
    let Some(query) = query else {
        return String::new();
    };
    let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    pairs.sort_unstable();
    let escaped = |component: &str| {
        component
            .replace('%', "%25")
            .replace('&', "%26")
            .replace('=', "%3D")
    };
    pairs
        .iter()
        .map(|(name, value)| format!("{}={}", escaped(name), escaped(value)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The signature recomputed from the HMAC primitive, and the canonical queries of
    /// `openapi/README.md` (sorted, decoded, the three separators escaped again).
    #[test]
    fn a_body_and_a_query_sign_as_the_contract_says() {
        let key = SigningKey::new(&Secret::new("secret")).expect("a key");
        let mut mac = HmacSha256::new_from_slice(b"secret").expect("any length");
        mac.update(b"1700000000:{\"a\":1}");
        let expected = hex::encode(mac.finalize().into_bytes());
        assert_eq!(
            key.sign_now(&SignedPayload::Body(b"{\"a\":1}"), 1_700_000_000),
            ("1700000000".to_string(), expected)
        );
        assert_eq!(canonical_query(Some("b=2&a=1")), "a=1&b=2");
        assert_eq!(canonical_query(Some("x=1%26y%3D2")), "x=1%26y%3D2");
        assert_eq!(canonical_query(Some("q=a+b&p")), "p=&q=a b");
        assert_eq!(canonical_query(None), "");
    }

    #[test]
    fn the_same_body_twice_gets_another_timestamp() {
        let key = SigningKey::new(&Secret::new("secret")).expect("a key");
        let body = SignedPayload::Body(b"{}");
        let first = key.sign_now(&body, 100);
        let second = key.sign_now(&body, 100);
        assert_eq!(first.0, "100");
        assert_eq!(second.0, "99");
        assert_ne!(first.1, second.1);
    }

    #[test]
    fn secrets_do_not_print() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "[redacted]");
        assert!(SigningKey::new(&Secret::new("")).is_err());
    }
}
