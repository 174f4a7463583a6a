//! A field that can be absent, `null`, or a value: the checker sends all three where the
//! contract gives `null` a meaning (`assignee_id: null` hands a conversation to a human,
//! leaving it out changes nothing). The generated update request carries it (its nullable
//! optional properties, marked by `build.rs`), as the server's types do with its own copy.

use schemars::JsonSchema;
use schemars::r#gen::SchemaGenerator;
use schemars::schema::Schema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Absent, `null` or a value. Use with `#[serde(default, skip_serializing_if =
/// "Tristate::is_absent")]` so a missing key stays [`Tristate::Absent`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tristate<T> {
    /// The key was not sent: leave the stored value as it is.
    #[default]
    Absent,
    /// The key was sent as `null`: clear the stored value.
    Null,
    /// The key was sent with a value: store it.
    Value(T),
}

impl<T> Tristate<T> {
    pub fn is_absent(&self) -> bool {
        matches!(self, Tristate::Absent)
    }

    /// Whether the field was sent at all (as `null` or a value).
    pub fn is_present(&self) -> bool {
        !self.is_absent()
    }

    /// The value, `None` when absent or null.
    pub fn into_option(self) -> Option<T> {
        match self {
            Tristate::Value(value) => Some(value),
            Tristate::Absent | Tristate::Null => None,
        }
    }

    pub fn as_ref(&self) -> Tristate<&T> {
        match self {
            Tristate::Absent => Tristate::Absent,
            Tristate::Null => Tristate::Null,
            Tristate::Value(value) => Tristate::Value(value),
        }
    }
}

impl<T> From<Option<T>> for Tristate<T> {
    /// An explicit `Option`: `None` is sent as `null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Tristate::Null, Tristate::Value)
    }
}

impl<T: Serialize> Serialize for Tristate<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // Absent is normally skipped by `skip_serializing_if`; as a value it is null.
            Tristate::Absent | Tristate::Null => serializer.serialize_none(),
            Tristate::Value(value) => serializer.serialize_some(value),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Tristate<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Only reached when the key is present; a missing key takes `Default` (Absent).
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

impl<T: JsonSchema> JsonSchema for Tristate<T> {
    fn is_referenceable() -> bool {
        false
    }

    fn schema_name() -> String {
        <Option<T>>::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <Option<T>>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::Tristate;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Change {
        #[serde(default, skip_serializing_if = "Tristate::is_absent")]
        assignee_id: Tristate<String>,
    }

    #[test]
    fn absent_null_and_value_stay_apart() {
        let absent: Change = serde_json::from_str("{}").unwrap();
        let null: Change = serde_json::from_str(r#"{"assignee_id":null}"#).unwrap();
        let value: Change = serde_json::from_str(r#"{"assignee_id":"agent_1"}"#).unwrap();
        assert_eq!(absent.assignee_id, Tristate::Absent);
        assert_eq!(null.assignee_id, Tristate::Null);
        assert_eq!(value.assignee_id, Tristate::Value("agent_1".to_string()));
        assert_eq!(serde_json::to_string(&absent).unwrap(), "{}");
        assert_eq!(
            serde_json::to_string(&null).unwrap(),
            r#"{"assignee_id":null}"#
        );
        assert_eq!(
            serde_json::to_string(&value).unwrap(),
            r#"{"assignee_id":"agent_1"}"#
        );
    }
}
