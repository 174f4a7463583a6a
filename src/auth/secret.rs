//! A wrapper for secret strings (signing keys, client secrets, access tokens) that keeps
//! them out of logs: `Debug` prints `[redacted]`, there is no `Display` and no `Serialize`,
//! and equality is constant-time.

use std::fmt;

use subtle::ConstantTimeEq;

/// A secret string. Read it only through [`Secret::expose`], so every use is greppable.
#[derive(Clone, serde::Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value. Callers must not log or format it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Serde helper for the rare field that must go on the wire (an issued access token):
    /// `#[serde(serialize_with = "Secret::serialize_exposed")]`. Deliberately not a
    /// `Serialize` impl, so a secret cannot end up in a JSON log by accident.
    pub fn serialize_exposed<S: serde::Serializer>(
        secret: &Secret,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&secret.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl PartialEq for Secret {
    /// Constant-time in the contents; only the length can leak, which for our generated
    /// secrets is public anyway.
    fn eq(&self, other: &Self) -> bool {
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }
}

impl Eq for Secret {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "[redacted]");
        assert_eq!(format!("{:?}", Some(s)), "Some([redacted])");
    }

    #[test]
    fn equality_compares_contents() {
        assert_eq!(Secret::new("abc"), Secret::new("abc"));
        assert_ne!(Secret::new("abc"), Secret::new("abd"));
        assert_ne!(Secret::new("abc"), Secret::new("abcd"));
    }

    #[test]
    fn deserializes_transparently() {
        let s: Secret = serde_json::from_str("\"k\"").unwrap();
        assert_eq!(s.expose(), "k");
    }
}
