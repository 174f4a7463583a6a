//! Verification of Fin's request signatures (`X-Fin-Request-Timestamp` and
//! `X-Fin-Signature`, contract §2.3): HMAC-SHA256 over `"{timestamp}:{body}"`, or over
//! `"{timestamp}:{sorted query}"` for requests without a body.
//!
//! The contract leaves the output encoding and the query serialisation open, so this module
//! fixes one reading and documents it: hex (any case) or base64 (standard or URL-safe,
//! padding optional) signatures; query parameters percent-decoded, sorted by name then
//! value, written `name=value` and joined with `&`, with the three characters that would
//! make that string ambiguous (`%`, `&`, `=`) percent-encoded again inside a name or value.
//!
//! A timestamp may lag our clock by the configured tolerance but lead it by at most
//! [`MAX_FUTURE_SKEW_SECS`]. The signing side ([`SigningKey::sign_now`]) never gives two
//! bodies the same timestamp and signature, because a server that refuses replays
//! (`caller`) could not tell a repeated request from a replayed one.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::Secret;

type HmacSha256 = Hmac<Sha256>;

/// Length of an HMAC-SHA256 tag in bytes.
const TAG_LEN: usize = 32;

/// The most a request's timestamp may be ahead of our clock, whatever the tolerance for
/// old ones. A sender's clock a minute fast is already broken; the tolerance for the past
/// covers network delay and queued retries, which only make requests older, so a longer
/// lead would only lengthen the time a captured request stays usable.
pub const MAX_FUTURE_SKEW_SECS: u64 = 60;

/// How far back [`SigningKey::sign_now`] may date a body it already signed this second:
/// room for a burst of 120 identical writes (a test of retries under contention), well
/// inside the default tolerance of 300 s.
const MAX_BACKDATE_SECS: i64 = 120;
/// How many signed bodies [`SigningKey::sign_now`] remembers.
const SENT_MEMORY: usize = 4096;

/// The HMAC key shown in the integration's deployment settings.
///
/// Holds the keyed HMAC state rather than the raw key: it is built once at startup, and
/// building it is where an unusable key is rejected, so signing and verifying cannot fail.
///
/// Clones share the memory of what [`SigningKey::sign_now`] signed.
#[derive(Clone)]
pub struct SigningKey {
    mac: HmacSha256,
    sent: Arc<Mutex<Sent>>,
}

/// (timestamp, tag) of bodies a key signed lately, oldest first.
type Sent = VecDeque<(i64, [u8; TAG_LEN])>;

/// Why a signing key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigningKeyError {
    /// An empty key would make every signature forgeable by anyone.
    #[error("the Fin signing key is empty")]
    Empty,
}

impl SigningKey {
    /// Builds a key from the secret's UTF-8 bytes, as Fin displays it.
    pub fn new(secret: &Secret) -> Result<Self, SigningKeyError> {
        let key = secret.expose().as_bytes();
        if key.is_empty() {
            return Err(SigningKeyError::Empty);
        }
        // HMAC accepts keys of any length; the error arm exists only for fixed-size MACs.
        let mac = HmacSha256::new_from_slice(key).map_err(|_| SigningKeyError::Empty)?;
        Ok(Self {
            mac,
            sent: Arc::default(),
        })
    }

    /// Signs a request about to be sent at `now` (Unix seconds): the timestamp to send and
    /// the signature in lower-case hex.
    ///
    /// A body already signed with this key at the same timestamp (the same request sent
    /// twice within a second) is dated a second earlier, and so on up to 2 minutes back, so that
    /// the two do not carry the same timestamp and signature: a server that refuses
    /// replayed signatures would refuse the second. A query (a GET) is signed at `now`: a
    /// read may repeat.
    pub fn sign_now(&self, payload: &SignedPayload<'_>, now: i64) -> (String, String) {
        if matches!(payload, SignedPayload::Query(_)) {
            let timestamp = now.to_string();
            let signature = sign_hex(self, &timestamp, payload);
            return (timestamp, signature);
        }
        let mut sent = self.sent.lock().unwrap_or_else(PoisonError::into_inner);
        let mut chosen = None;
        for at in (now - MAX_BACKDATE_SECS..=now).rev() {
            let timestamp = at.to_string();
            let tag: [u8; TAG_LEN] = self.tag(&timestamp, payload).finalize().into_bytes().into();
            let fresh = !sent.contains(&(at, tag));
            if fresh || chosen.is_none() {
                chosen = Some((at, timestamp, tag));
            }
            if fresh {
                break;
            }
        }
        let Some((at, timestamp, tag)) = chosen else {
            // The range above always holds `now`.
            return (now.to_string(), sign_hex(self, &now.to_string(), payload));
        };
        while sent.len() >= SENT_MEMORY
            || sent
                .front()
                .is_some_and(|(old, _)| *old < now - 2 * MAX_BACKDATE_SECS)
        {
            sent.pop_front();
        }
        sent.push_back((at, tag));
        (timestamp, hex::encode(tag))
    }

    fn tag(&self, timestamp: &str, payload: &SignedPayload<'_>) -> HmacSha256 {
        let mut mac = self.mac.clone();
        mac.update(&canonical_message(timestamp, payload));
        mac
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey([redacted])")
    }
}

/// What the signature covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedPayload<'a> {
    /// The raw request body, exactly as received (before any JSON decoding).
    Body(&'a [u8]),
    /// The raw query string without the leading `?` (as `http::Uri::query` returns it),
    /// for requests that have no body.
    Query(Option<&'a str>),
}

/// Why a request signature was refused. No variant carries key material or the signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("missing X-Fin-Request-Timestamp header")]
    MissingTimestamp,
    #[error("missing X-Fin-Signature header")]
    MissingSignature,
    #[error("X-Fin-Request-Timestamp is not a Unix time in whole seconds")]
    MalformedTimestamp,
    #[error("X-Fin-Signature is neither 64 hex digits nor base64 of 32 bytes")]
    MalformedSignature,
    #[error("request timestamp is {age} s old, outside the allowed window")]
    Stale { age: u64 },
    #[error("request timestamp is {ahead} s in the future, outside the allowed window")]
    Future { ahead: u64 },
    #[error("X-Fin-Signature does not match the request")]
    Mismatch,
    #[error(
        "this X-Fin-Request-Timestamp and X-Fin-Signature were already accepted once; \
         a request sent again must be signed again, with a new timestamp"
    )]
    Replayed,
}

/// A signature found valid: what a replay cache keys on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    /// The request's timestamp, Unix seconds.
    pub sent_at: i64,
    tag: [u8; TAG_LEN],
}

impl Verified {
    /// `{timestamp}:{tag in lower-case hex}`: the same for every encoding of the same
    /// signature (hex in either case, base64 of either alphabet), so re-encoding a captured
    /// signature does not make it new.
    pub fn replay_key(&self) -> String {
        format!("{}:{}", self.sent_at, hex::encode(self.tag))
    }
}

/// The bytes that get signed: `"{timestamp}:"` followed by the body or the canonical query.
pub fn canonical_message(timestamp: &str, payload: &SignedPayload<'_>) -> Vec<u8> {
    let mut message = Vec::with_capacity(timestamp.len() + 1 + payload_len_hint(payload));
    message.extend_from_slice(timestamp.as_bytes());
    message.push(b':');
    match payload {
        SignedPayload::Body(body) => message.extend_from_slice(body),
        SignedPayload::Query(query) => {
            message.extend_from_slice(canonical_query(*query).as_bytes())
        }
    }
    message
}

fn payload_len_hint(payload: &SignedPayload<'_>) -> usize {
    match payload {
        SignedPayload::Body(body) => body.len(),
        SignedPayload::Query(query) => query.map_or(0, str::len),
    }
}

/// Query parameters decoded, sorted by name then value (byte order, so the result does not
/// depend on the order or the percent-encoding the client chose), as `a=1&b=2`.
///
/// Decoding follows `application/x-www-form-urlencoded` (`+` is a space); a parameter with
/// no `=` is written `name=`; empty segments (`a=1&&b=2`) are ignored. Inside a decoded
/// name or value, `%`, `&` and `=` are written `%25`, `%26` and `%3D`: otherwise
/// `x=1&y=2` and `x=1%26y%3D2` (one parameter whose value is `1&y=2`) would sign the same
/// string. Every other character is written decoded, so a query without those three in
/// its decoded names and values signs exactly as it did before they were escaped.
pub fn canonical_query(query: Option<&str>) -> String {
    let Some(query) = query else {
        return String::new();
    };
    if is_canonical(query) {
        // Most queries (Fin's `conversation_id=…`) are canonical already: decoding and
        // sorting them was a tenth of an authenticated GET's instructions.
        return query.to_owned();
    }
    decoded_and_sorted(query)
}

fn decoded_and_sorted(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    pairs.sort_unstable();
    let mut out = String::with_capacity(query.len());
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push_escaped(&mut out, name);
        out.push('=');
        push_escaped(&mut out, value);
    }
    out
}

/// Appends a decoded name or value with its separators (`&`, `=`) and escape character
/// (`%`) percent-encoded, so the joined string can be split back only one way.
fn push_escaped(out: &mut String, component: &str) {
    for c in component.chars() {
        match c {
            '%' => out.push_str("%25"),
            '&' => out.push_str("%26"),
            '=' => out.push_str("%3D"),
            c => out.push(c),
        }
    }
}

/// Whether `query` is its own canonical form: nothing to decode (`%`, `+`), no empty
/// segment, every parameter with exactly one `=` (a second one is part of the value and
/// would be escaped), and already sorted by name then value.
fn is_canonical(query: &str) -> bool {
    if query.bytes().any(|b| b == b'%' || b == b'+') {
        return false;
    }
    let mut previous: Option<(&str, &str)> = None;
    for segment in query.split('&') {
        let Some(pair) = segment.split_once('=') else {
            return false;
        };
        if pair.1.contains('=') {
            return false;
        }
        if previous.is_some_and(|previous| previous > pair) {
            return false;
        }
        previous = Some(pair);
    }
    true
}

/// Lower-case hex HMAC-SHA256 of the canonical message: what a client (or a test) sends in
/// `X-Fin-Signature`.
pub fn sign_hex(key: &SigningKey, timestamp: &str, payload: &SignedPayload<'_>) -> String {
    hex::encode(key.tag(timestamp, payload).finalize().into_bytes())
}

/// Checks a request's signature headers.
///
/// `now` is the current Unix time in seconds; the request is accepted when its timestamp
/// is at most `tolerance_secs` before `now`, and at most `tolerance_secs` or
/// [`MAX_FUTURE_SKEW_SECS`], whichever is less, after it (Fin's clock and ours may
/// disagree both ways).
///
/// The MAC is checked before the window, so `Stale` and `Future` are only reported for
/// requests Fin really signed: they point at clock skew or a replay, while a forgery always
/// gets `Mismatch`.
pub fn verify(
    key: &SigningKey,
    timestamp_header: Option<&str>,
    signature_header: Option<&str>,
    payload: &SignedPayload<'_>,
    now: i64,
    tolerance_secs: u64,
) -> Result<Verified, SignatureError> {
    let timestamp = timestamp_header.ok_or(SignatureError::MissingTimestamp)?;
    let signature = signature_header.ok_or(SignatureError::MissingSignature)?;
    let timestamp = timestamp.trim();
    let sent_at = parse_timestamp(timestamp)?;
    let tag = decode_signature(signature)?;

    // The timestamp is signed as sent (after trimming header whitespace), not re-rendered
    // from the parsed number, so a sender's leading zeros cannot cause a false mismatch.
    key.tag(timestamp, payload)
        .verify_slice(&tag)
        .map_err(|_| SignatureError::Mismatch)?;

    let age = i128::from(now) - i128::from(sent_at);
    let tolerance = i128::from(tolerance_secs);
    if age > tolerance {
        return Err(SignatureError::Stale { age: saturate(age) });
    }
    if -age > tolerance.min(i128::from(MAX_FUTURE_SKEW_SECS)) {
        return Err(SignatureError::Future {
            ahead: saturate(-age),
        });
    }
    Ok(Verified { sent_at, tag })
}

fn saturate(secs: i128) -> u64 {
    u64::try_from(secs).unwrap_or(u64::MAX)
}

/// Unix seconds: ASCII digits only. Signs, fractions and exponents are refused rather than
/// interpreted, because the header is signed as text and a lenient parse would make two
/// spellings of one instant both acceptable.
fn parse_timestamp(timestamp: &str) -> Result<i64, SignatureError> {
    if timestamp.is_empty() || !timestamp.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SignatureError::MalformedTimestamp);
    }
    timestamp
        .parse::<i64>()
        .map_err(|_| SignatureError::MalformedTimestamp)
}

/// Decodes the signature header to the 32-byte tag.
///
/// Unambiguous by length: 64 hex digits are hex (base64 of 32 bytes is 43 or 44 characters,
/// so it can never be 64 long); anything else must be base64 of exactly 32 bytes. A
/// `sha256=` prefix, as some HMAC webhook schemes send, is tolerated because the contract
/// does not pin the format down.
fn decode_signature(signature: &str) -> Result<[u8; TAG_LEN], SignatureError> {
    let signature = signature.trim();
    let signature = strip_prefix_ignore_case(signature, "sha256=").unwrap_or(signature);
    let mut tag = [0u8; TAG_LEN];

    if signature.len() == 2 * TAG_LEN && signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        hex::decode_to_slice(signature, &mut tag)
            .map_err(|_| SignatureError::MalformedSignature)?;
        return Ok(tag);
    }

    let url_safe = signature.contains(['-', '_']);
    let engine = if url_safe {
        &URL_SAFE_ANY_PAD
    } else {
        &STANDARD_ANY_PAD
    };
    let bytes = engine
        .decode(signature)
        .map_err(|_| SignatureError::MalformedSignature)?;
    if bytes.len() != TAG_LEN {
        return Err(SignatureError::MalformedSignature);
    }
    tag.copy_from_slice(&bytes);
    Ok(tag)
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

const ANY_PAD: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD_ANY_PAD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, ANY_PAD);
const URL_SAFE_ANY_PAD: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, ANY_PAD);

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE_NO_PAD};

    const NOW: i64 = 1_700_000_000;
    const TOL: u64 = 300;

    fn key() -> SigningKey {
        SigningKey::new(&Secret::new("fin-test-signing-key")).unwrap()
    }

    fn raw_tag(ts: &str, payload: &SignedPayload<'_>) -> Vec<u8> {
        key().tag(ts, payload).finalize().into_bytes().to_vec()
    }

    fn check(ts: &str, sig: &str, payload: &SignedPayload<'_>) -> Result<(), SignatureError> {
        verify(&key(), Some(ts), Some(sig), payload, NOW, TOL).map(drop)
    }

    #[test]
    fn known_answer() {
        // Independently computed:
        // printf '1700000000:{"a":1}' | openssl dgst -sha256 -hmac fin-test-signing-key
        let body = SignedPayload::Body(br#"{"a":1}"#);
        assert_eq!(sign_hex(&key(), "1700000000", &body), KNOWN_ANSWER_HEX,);
    }
    const KNOWN_ANSWER_HEX: &str =
        "361cc6593846ef2c9eb7d6c578f127e0b7adb75ad974f82a847a37acd15cbada";

    #[test]
    fn canonical_message_forms() {
        assert_eq!(
            canonical_message("12", &SignedPayload::Body(b"{}")),
            b"12:{}".to_vec()
        );
        assert_eq!(
            canonical_message("12", &SignedPayload::Query(None)),
            b"12:".to_vec()
        );
        assert_eq!(
            canonical_message("12", &SignedPayload::Query(Some(""))),
            b"12:".to_vec()
        );
        assert_eq!(
            canonical_message("12", &SignedPayload::Query(Some("b=2&a=1"))),
            b"12:a=1&b=2".to_vec()
        );
    }

    #[test]
    fn canonical_query_sorts_and_decodes() {
        assert_eq!(canonical_query(Some("b=2&a=1&a=0")), "a=0&a=1&b=2");
        assert_eq!(
            canonical_query(Some("email=a%40b.c&name=J%C3%BCrgen+M")),
            "email=a@b.c&name=Jürgen M"
        );
        assert_eq!(canonical_query(Some("flag&x=1&&")), "flag=&x=1");
        assert_eq!(canonical_query(None), "");
    }

    #[test]
    fn separators_inside_names_and_values_are_escaped_again() {
        assert_eq!(canonical_query(Some("x=1%26y%3D2")), "x=1%26y%3D2");
        assert_eq!(canonical_query(Some("a=b=c")), "a=b%3Dc");
        assert_eq!(canonical_query(Some("a%3Db=c")), "a%3Db=c");
        assert_eq!(canonical_query(Some("p=100%25")), "p=100%25");
        assert_eq!(canonical_query(Some("p=%2541")), "p=%2541");
        // Nothing else is re-encoded: such queries sign unchanged.
        assert_eq!(canonical_query(Some("q=a+b%2Bc%2Fd%3F%23")), "q=a b+c/d?#");
    }

    #[test]
    fn a_signature_over_two_parameters_does_not_cover_one_that_spells_them() {
        let signed = SignedPayload::Query(Some("x=1&y=2"));
        let sig = sign_hex(&key(), "1700000000", &signed);
        assert_eq!(check("1700000000", &sig, &signed), Ok(()));
        for smuggled in ["x=1%26y%3D2", "x=1%26y=2", "x%3D1%26y=2"] {
            let payload = SignedPayload::Query(Some(smuggled));
            assert_eq!(
                check("1700000000", &sig, &payload),
                Err(SignatureError::Mismatch),
                "{smuggled}"
            );
        }
        // A value that really holds `&` is signed, and verified, in its escaped form.
        let real = SignedPayload::Query(Some("x=1%26y%3D2"));
        let sig = sign_hex(&key(), "1700000000", &real);
        assert_eq!(check("1700000000", &sig, &real), Ok(()));
        assert_eq!(
            check(
                "1700000000",
                &sig,
                &SignedPayload::Query(Some("x=1%26y%3d2"))
            ),
            Ok(()),
            "the client's choice of hex case does not matter"
        );
    }

    #[test]
    fn a_query_taken_as_canonical_is_what_decoding_and_sorting_give() {
        for query in [
            "conversation_id=conv_1",
            "after_id=msg_9&conversation_id=conv_1",
            "a=0&a=1&b=2",
            "a=b=c&d=",
            "b=1&a=2",
            "a=1&a=0",
            "a=%41",
            "a=x+y",
            "flag&x=1",
            "x=1&&y=2",
            "x=1&",
            "",
        ] {
            assert_eq!(
                canonical_query(Some(query)),
                decoded_and_sorted(query),
                "{query}"
            );
        }
        assert!(is_canonical("after_id=msg_9&conversation_id=conv_1"));
        assert!(!is_canonical("conversation_id=conv_1&after_id=msg_9"));
    }

    #[test]
    fn accepts_hex_in_either_case() {
        let body = SignedPayload::Body(br#"{"id":"c1"}"#);
        let sig = sign_hex(&key(), "1700000000", &body);
        assert_eq!(sig, sig.to_lowercase());
        assert_eq!(check("1700000000", &sig, &body), Ok(()));
        assert_eq!(check("1700000000", &sig.to_uppercase(), &body), Ok(()));
        assert_eq!(check(" 1700000000 ", &format!(" {sig} "), &body), Ok(()));
        assert_eq!(check("1700000000", &format!("sha256={sig}"), &body), Ok(()));
    }

    #[test]
    fn accepts_base64_variants() {
        let body = SignedPayload::Body(b"payload");
        let tag = raw_tag("1700000000", &body);
        for sig in [
            STANDARD.encode(&tag),
            STANDARD_NO_PAD.encode(&tag),
            URL_SAFE_NO_PAD.encode(&tag),
            base64::engine::general_purpose::URL_SAFE.encode(&tag),
        ] {
            assert_eq!(check("1700000000", &sig, &body), Ok(()), "{sig}");
        }
    }

    #[test]
    fn base64_alphabet_differences_are_exercised() {
        // Make sure the url-safe test above is not vacuous: find a timestamp whose tag's
        // standard encoding has '+' or '/', and check the url-safe form of that one too.
        let body = SignedPayload::Body(b"payload");
        let (ts, tag) = (NOW..NOW + 50)
            .map(|t| t.to_string())
            .map(|t| {
                let tag = raw_tag(&t, &body);
                (t, tag)
            })
            .find(|(_, tag)| STANDARD.encode(tag)[1..].contains(['+', '/']))
            .unwrap();
        let std_sig = STANDARD.encode(&tag);
        let url_sig = URL_SAFE_NO_PAD.encode(&tag);
        assert_ne!(std_sig.trim_end_matches('='), url_sig);
        let verify_at = |sig: &str| verify(&key(), Some(&ts), Some(sig), &body, NOW, 100).map(drop);
        assert_eq!(verify_at(&std_sig), Ok(()));
        assert_eq!(verify_at(&url_sig), Ok(()));
        // Mixing both alphabets in one signature is not base64 at all.
        let mixed = format!("-{}", &std_sig[1..]);
        assert_eq!(verify_at(&mixed), Err(SignatureError::MalformedSignature));
    }

    #[test]
    fn query_order_and_encoding_do_not_matter() {
        let signed = SignedPayload::Query(Some("user_id=u%201&conversation_id=c1"));
        let sig = sign_hex(&key(), "1700000000", &signed);
        for received in [
            "conversation_id=c1&user_id=u%201",
            "conversation_id=c1&user_id=u+1",
            "conversation_id=%63%31&user_id=u%201",
        ] {
            let payload = SignedPayload::Query(Some(received));
            assert_eq!(check("1700000000", &sig, &payload), Ok(()), "{received}");
        }
        let other = SignedPayload::Query(Some("conversation_id=c2&user_id=u%201"));
        assert_eq!(
            check("1700000000", &sig, &other),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn percent_encoded_values_are_signed_decoded() {
        let payload = SignedPayload::Query(Some("email=jane%40example.com"));
        let expected = {
            let mut mac = HmacSha256::new_from_slice(b"fin-test-signing-key").unwrap();
            mac.update(b"1700000000:email=jane@example.com");
            hex::encode(mac.finalize().into_bytes())
        };
        assert_eq!(sign_hex(&key(), "1700000000", &payload), expected);
        assert_eq!(check("1700000000", &expected, &payload), Ok(()));
    }

    #[test]
    fn empty_query_signs_timestamp_and_colon() {
        let sig = sign_hex(&key(), "1700000000", &SignedPayload::Query(None));
        assert_eq!(
            check("1700000000", &sig, &SignedPayload::Query(Some(""))),
            Ok(())
        );
        assert_eq!(
            check("1700000000", &sig, &SignedPayload::Body(b"")),
            Ok(()),
            "an empty body and an empty query sign the same message"
        );
    }

    #[test]
    fn body_changed_after_signing_is_rejected() {
        let sig = sign_hex(&key(), "1700000000", &SignedPayload::Body(br#"{"n":1}"#));
        let tampered = SignedPayload::Body(br#"{"n":2}"#);
        assert_eq!(
            check("1700000000", &sig, &tampered),
            Err(SignatureError::Mismatch)
        );
        // Re-serialising JSON (whitespace) also changes the bytes: sign the raw body.
        let reformatted = SignedPayload::Body(br#"{ "n": 1 }"#);
        assert_eq!(
            check("1700000000", &sig, &reformatted),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn timestamp_is_covered_by_the_signature() {
        let body = SignedPayload::Body(b"x");
        let sig = sign_hex(&key(), "1700000000", &body);
        assert_eq!(
            check("1700000001", &sig, &body),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn wrong_key_is_rejected() {
        let body = SignedPayload::Body(b"x");
        let other = SigningKey::new(&Secret::new("another-key")).unwrap();
        let sig = sign_hex(&other, "1700000000", &body);
        assert_eq!(
            check("1700000000", &sig, &body),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn window_edges() {
        let body = SignedPayload::Body(b"x");
        let at = |offset: i64| {
            let ts = (NOW + offset).to_string();
            let sig = sign_hex(&key(), &ts, &body);
            verify(&key(), Some(&ts), Some(&sig), &body, NOW, TOL).map(drop)
        };
        let tol = TOL as i64;
        let lead = MAX_FUTURE_SKEW_SECS as i64;
        assert_eq!(at(0), Ok(()));
        assert_eq!(at(-tol), Ok(()), "exactly at the tolerance is accepted");
        assert_eq!(at(lead), Ok(()), "exactly at the future skew is accepted");
        assert_eq!(at(-tol - 1), Err(SignatureError::Stale { age: TOL + 1 }));
        assert_eq!(
            at(lead + 1),
            Err(SignatureError::Future {
                ahead: MAX_FUTURE_SKEW_SECS + 1
            }),
            "the future is held to a minute whatever the tolerance"
        );
        assert_eq!(at(tol), Err(SignatureError::Future { ahead: TOL }));
        // A tolerance under a minute holds both ways.
        let ts = (NOW + 10).to_string();
        let sig = sign_hex(&key(), &ts, &body);
        assert_eq!(
            verify(&key(), Some(&ts), Some(&sig), &body, NOW, 5),
            Err(SignatureError::Future { ahead: 10 })
        );
        assert_eq!(at(-NOW), Err(SignatureError::Stale { age: NOW as u64 }));
    }

    #[test]
    fn zero_tolerance_and_extreme_values_do_not_overflow() {
        let body = SignedPayload::Body(b"x");
        let ts = i64::MAX.to_string();
        let sig = sign_hex(&key(), &ts, &body);
        assert!(matches!(
            verify(&key(), Some(&ts), Some(&sig), &body, i64::MIN, 0),
            Err(SignatureError::Future { ahead: u64::MAX })
        ));
        let ts = NOW.to_string();
        let sig = sign_hex(&key(), &ts, &body);
        assert_eq!(
            verify(&key(), Some(&ts), Some(&sig), &body, NOW, 0).map(drop),
            Ok(())
        );
    }

    #[test]
    fn missing_headers() {
        let body = SignedPayload::Body(b"x");
        assert_eq!(
            verify(&key(), None, Some("00"), &body, NOW, TOL),
            Err(SignatureError::MissingTimestamp)
        );
        assert_eq!(
            verify(&key(), Some("1700000000"), None, &body, NOW, TOL),
            Err(SignatureError::MissingSignature)
        );
        assert_eq!(
            verify(&key(), None, None, &body, NOW, TOL),
            Err(SignatureError::MissingTimestamp)
        );
    }

    #[test]
    fn malformed_timestamps() {
        let body = SignedPayload::Body(b"x");
        let sig = sign_hex(&key(), "1700000000", &body);
        for ts in [
            "",
            "  ",
            "-5",
            "+1700000000",
            "1700000000.5",
            "1e9",
            "abc",
            "99999999999999999999",
        ] {
            assert_eq!(
                check(ts, &sig, &body),
                Err(SignatureError::MalformedTimestamp),
                "{ts:?}"
            );
        }
    }

    #[test]
    fn malformed_signatures() {
        let body = SignedPayload::Body(b"x");
        let good = sign_hex(&key(), "1700000000", &body);
        for sig in [
            String::new(),
            good[..62].to_string(),
            format!("{good}00"),
            format!("{}zz", &good[..62]),
            STANDARD.encode([0u8; 31]),
            STANDARD.encode([0u8; 33]),
            "not base64!".to_string(),
        ] {
            assert_eq!(
                check("1700000000", &sig, &body),
                Err(SignatureError::MalformedSignature),
                "{sig:?}"
            );
        }
    }

    #[test]
    fn empty_key_is_refused() {
        assert_eq!(
            SigningKey::new(&Secret::new("")).unwrap_err(),
            SigningKeyError::Empty
        );
    }

    #[test]
    fn nothing_secret_in_debug_or_display() {
        let k = key();
        assert_eq!(format!("{k:?}"), "SigningKey([redacted])");
        let errors = [
            SignatureError::MissingTimestamp,
            SignatureError::MissingSignature,
            SignatureError::MalformedTimestamp,
            SignatureError::MalformedSignature,
            SignatureError::Stale { age: 301 },
            SignatureError::Future { ahead: 301 },
            SignatureError::Mismatch,
            SignatureError::Replayed,
        ];
        for e in errors {
            let shown = format!("{e} {e:?}");
            assert!(!shown.contains("fin-test-signing-key"), "{shown}");
            assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn replay_keys_ignore_the_signature_encoding() {
        let body = SignedPayload::Body(b"x");
        let tag = raw_tag("1700000000", &body);
        let keys: Vec<String> = [
            hex::encode(&tag),
            hex::encode_upper(&tag),
            STANDARD.encode(&tag),
        ]
        .iter()
        .map(|sig| {
            verify(&key(), Some("1700000000"), Some(sig), &body, NOW, TOL)
                .unwrap()
                .replay_key()
        })
        .collect();
        assert_eq!(keys[0], format!("1700000000:{}", hex::encode(&tag)));
        assert!(keys.iter().all(|key| *key == keys[0]), "{keys:?}");
    }

    #[test]
    fn sign_now_never_repeats_a_body_signature_but_may_repeat_a_query() {
        let k = key();
        let body = SignedPayload::Body(br#"{"object_id":"o1"}"#);
        let first = k.sign_now(&body, NOW);
        assert_eq!(first.0, NOW.to_string());
        assert_eq!(first.1, sign_hex(&k, &first.0, &body));
        // The same body again in the same second, from a clone: dated a second earlier,
        // and still valid.
        let again = k.clone().sign_now(&body, NOW);
        assert_eq!(again.0, (NOW - 1).to_string());
        assert_eq!(check(&again.0, &again.1, &body), Ok(()));
        assert_ne!(again.1, first.1);
        // Another body keeps the current second.
        let other = SignedPayload::Body(br#"{"object_id":"o2"}"#);
        assert_eq!(k.sign_now(&other, NOW).0, NOW.to_string());
        // A query is signed at `now` every time.
        let query = SignedPayload::Query(Some("user_id=u"));
        assert_eq!(k.sign_now(&query, NOW), k.sign_now(&query, NOW));
        // Past the backdating range the signature repeats (and a replay cache refuses it).
        let many: Vec<String> = (0..130).map(|_| k.sign_now(&other, NOW).0).collect();
        assert_eq!(many.last(), Some(&NOW.to_string()));
    }
}
