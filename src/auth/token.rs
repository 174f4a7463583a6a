//! Opaque random tokens (access tokens, client secrets) and how we store them: only
//! hashes go into the database, so a leaked backup or SQL injection yields nothing that
//! authenticates.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore as _;
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

use super::Secret;

/// Prefix of access tokens we issue, so a token found in a log or a paste is recognisable
/// (and secret scanners can be taught to spot it).
pub const ACCESS_TOKEN_PREFIX: &str = "fhd_at_";
/// Prefix of client secrets we generate.
pub const CLIENT_SECRET_PREFIX: &str = "fhd_cs_";

/// Random bytes per token: 256 bits, far beyond brute force.
const TOKEN_BYTES: usize = 32;
const SALT_BYTES: usize = 16;
const SECRET_SCHEME: &str = "sha256";

/// A new random token: `prefix` followed by 32 random bytes in unpadded base64url.
///
/// The alphabet (`A-Z a-z 0-9 - _`) needs no escaping in headers, URLs or form bodies,
/// which matters for client secrets: a client that forgets to form-encode its Basic
/// credentials still sends the same bytes.
pub fn new_token(prefix: &str) -> Secret {
    let mut bytes = [0u8; TOKEN_BYTES];
    // `rand::rng()` is a CSPRNG (ChaCha12, reseeded from the OS), suitable for secrets.
    rand::rng().fill_bytes(&mut bytes);
    let mut token = String::with_capacity(prefix.len() + 43);
    token.push_str(prefix);
    URL_SAFE_NO_PAD.encode_string(bytes, &mut token);
    Secret::new(token)
}

/// SHA-256 of a token, lower-case hex: the key under which an issued token is stored and
/// looked up.
///
/// A fast, unsalted hash is right here: our tokens carry 256 random bits, so there is no
/// dictionary to precompute and no brute force to slow down, which is the only thing salts
/// and slow hashes buy. Being deterministic lets the store find a token by an indexed
/// equality lookup on the hash, so no secret is ever compared in our code (the database
/// compares hashes, and timing on a hash reveals nothing about the token).
pub fn hash_token(token: &str) -> String {
    // `hex::encode` builds the string a char at a time, which the load bench's profile
    // showed costing as much as the hash; the slice encoder fills a buffer at once.
    let mut hex = [0u8; 64];
    // 32 bytes always fit 64 hex digits, and hex digits are ASCII.
    let _ = hex::encode_to_slice(Sha256::digest(token.as_bytes()), &mut hex);
    String::from_utf8_lossy(&hex).into_owned()
}

/// Hash of a client secret for storage: `sha256$<salt-hex>$<hash-hex>`, where the hash is
/// SHA-256 over the random salt followed by the secret.
///
/// Why not argon2: the secrets we hash are the ones [`new_token`] generates (256 bits), for
/// which a memory-hard hash adds cost on every token request and nothing in security. A
/// user-chosen secret might be a weak password, and then only a slow hash (argon2id) would
/// stand between a stolen database and the plain secret. The remedy we choose is not to
/// accept such secrets (the CLI generates them; see `is_strong_enough`) rather than to
/// pay argon2's ~20 MiB and tens of ms per verification on an unauthenticated endpoint,
/// which is also an easy way to exhaust the server. The scheme name in the stored string
/// leaves room to add `argon2id` later without migrating existing hashes.
pub fn hash_secret(secret: &str) -> String {
    let mut salt = [0u8; SALT_BYTES];
    rand::rng().fill_bytes(&mut salt);
    format!(
        "{SECRET_SCHEME}${}${}",
        hex::encode(salt),
        hex::encode(salted_digest(&salt, secret))
    )
}

/// Whether `secret` matches a hash made by [`hash_secret`]. A stored value in any other
/// format never matches. The digest comparison is constant-time.
pub fn verify_secret(secret: &str, stored_hash: &str) -> bool {
    let mut parts = stored_hash.split('$');
    let (Some(scheme), Some(salt_hex), Some(hash_hex), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    if scheme != SECRET_SCHEME || salt_hex.is_empty() {
        return false;
    }
    let (Ok(salt), Ok(expected)) = (hex::decode(salt_hex), hex::decode(hash_hex)) else {
        return false;
    };
    // `ct_eq` on slices of different lengths returns false (lengths are not secret).
    salted_digest(&salt, secret)
        .as_slice()
        .ct_eq(&expected)
        .into()
}

/// A stored hash that no secret matches, for checking a presented secret against when the
/// client id is unknown, so that unknown ids and wrong secrets take the same path.
pub fn dummy_secret_hash() -> &'static str {
    "sha256$00000000000000000000000000000000$\
     0000000000000000000000000000000000000000000000000000000000000000"
}

/// The fewest characters an operator-supplied secret may have.
pub const MIN_SECRET_CHARS: usize = 32;
/// The fewest different characters it must use.
const MIN_DISTINCT_CHARS: usize = 8;
/// [`is_strong_enough`]'s rule in words, for error messages and `--help`.
pub const SECRET_RULE: &str =
    "at least 32 characters, at least 8 of them different (e.g. `openssl rand -hex 32`)";

/// The floor for every secret an operator supplies instead of letting us generate one
/// (client secrets, API and agent tokens, the signing key): at least
/// `MIN_SECRET_CHARS` characters, at least 8 of them different. Length is not entropy,
/// but it rules out the short passwords a fast hash would expose (see [`hash_secret`] for
/// why we rely on this instead of argon2); the distinct-characters rule refuses padding
/// such as `aaaa…` or `abab…`, and a random secret of 32 hex digits fails it with odds
/// below one in ten million.
pub fn is_strong_enough(secret: &str) -> bool {
    let mut distinct = std::collections::HashSet::new();
    let mut count = 0;
    for c in secret.chars() {
        count += 1;
        distinct.insert(c);
    }
    count >= MIN_SECRET_CHARS && distinct.len() >= MIN_DISTINCT_CHARS
}

fn salted_digest(salt: &[u8], secret: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(salt);
    hasher.update(secret.as_bytes());
    hasher.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_have_prefix_length_and_alphabet() {
        let t = new_token(ACCESS_TOKEN_PREFIX);
        let s = t.expose();
        let body = s.strip_prefix(ACCESS_TOKEN_PREFIX).unwrap();
        assert_eq!(body.len(), 43);
        assert!(
            body.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        assert_eq!(URL_SAFE_NO_PAD.decode(body).unwrap().len(), TOKEN_BYTES);
        assert_eq!(format!("{t:?}"), "[redacted]");
    }

    #[test]
    fn tokens_are_distinct() {
        let a = new_token("x_");
        let b = new_token("x_");
        assert_ne!(a, b);
    }

    #[test]
    fn token_hash_is_sha256_hex() {
        // echo -n abc | sha256sum
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let t = new_token(ACCESS_TOKEN_PREFIX);
        assert_eq!(hash_token(t.expose()), hash_token(t.expose()));
        assert!(!hash_token(t.expose()).contains(t.expose()));
    }

    #[test]
    fn secret_hash_round_trip() {
        let secret = new_token(CLIENT_SECRET_PREFIX);
        let stored = hash_secret(secret.expose());
        assert!(stored.starts_with("sha256$"));
        assert!(!stored.contains(secret.expose()));
        assert!(verify_secret(secret.expose(), &stored));
        assert!(!verify_secret("wrong", &stored));
        assert!(!verify_secret(&format!("{}x", secret.expose()), &stored));
    }

    #[test]
    fn secret_hashes_are_salted() {
        let a = hash_secret("same secret");
        let b = hash_secret("same secret");
        assert_ne!(a, b);
        assert!(verify_secret("same secret", &a));
        assert!(verify_secret("same secret", &b));
    }

    #[test]
    fn known_secret_hash_format() {
        // salt = 00 01 02 03, secret "s": printf '\x00\x01\x02\x03s' | sha256sum
        let stored = "sha256$00010203$\
                      e5eeeb6451f4a766762aa3d22ded14fb130160be444ff7585214c4c1a1755a4a";
        assert!(verify_secret("s", stored));
        assert!(!verify_secret("t", stored));
    }

    #[test]
    fn malformed_stored_hashes_never_match() {
        let good = hash_secret("s");
        let (_, rest) = good.split_once('$').unwrap();
        for stored in [
            String::new(),
            "s".to_string(),
            format!("argon2id${rest}"),
            format!("{good}$extra"),
            good.replacen("sha256$", "sha256$zz", 1),
            good[..good.len() - 2].to_string(),
            format!("sha256$${}", &good[good.len() - 64..]),
        ] {
            assert!(!verify_secret("s", &stored), "{stored}");
        }
        assert!(!verify_secret("", dummy_secret_hash()));
        assert!(!verify_secret("anything", dummy_secret_hash()));
    }

    #[test]
    fn strength_floor() {
        assert!(is_strong_enough(new_token(CLIENT_SECRET_PREFIX).expose()));
        assert!(is_strong_enough(&"0123456789abcdef".repeat(2)));
        for weak in [
            "",
            "x",
            "password123",
            // 31 characters.
            "0123456789abcdef0123456789abcde",
            // Long enough, but padding.
            &"a".repeat(64),
            &"ab".repeat(32),
            "1234567123456712345671234567123456712345",
        ] {
            assert!(!is_strong_enough(weak), "{weak}");
        }
        // Characters, not bytes: 16 two-byte characters are not 32.
        assert!(!is_strong_enough("äöüßéèêëáàâíìîóò"));
    }
}
