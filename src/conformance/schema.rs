//! The contract as JSON Schema: every documented response body of a variant, plus the
//! error bodies `openapi/README.md` fixes, compiled once into validators.
//!
//! OpenAPI 3.0 schemas are not JSON Schema, so each is converted first: `nullable: true`
//! adds `"null"` to `type` (or wraps a `$ref`/`allOf` in `anyOf` with null), component
//! references point into `definitions`, boolean `exclusiveMinimum/Maximum` take the numeric
//! form, and OpenAPI-only keywords (`example`, `discriminator`, `xml`, `externalDocs`,
//! `x-*`) are dropped. Draft 7 is used because, as in OpenAPI 3.0, it ignores the siblings
//! of `$ref`.

use crate::contract::Variant;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The validators of one variant.
pub struct Contract {
    variant: Variant,
    /// `(operationId, status)` → validator of the documented body.
    responses: BTreeMap<(String, u16), Body>,
    /// Statuses each operation documents (with or without a body).
    documented: BTreeMap<String, Vec<u16>>,
    /// The error body every non-2xx answer must have.
    error: jsonschema::Validator,
}

enum Body {
    Json(Box<jsonschema::Validator>),
    /// The contract lists the status without a body (401 and 403): the error body applies.
    None,
}

impl Contract {
    pub fn new(variant: Variant) -> Result<Contract, String> {
        let document = variant.source_document()?;
        let definitions: Map<String, Value> = document["components"]["schemas"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, schema)| (name.clone(), to_json_schema(schema)))
            .collect();
        let compile = |schema: &Value, what: &str| -> Result<jsonschema::Validator, String> {
            let root = json!({
                "definitions": definitions,
                "allOf": [to_json_schema(schema)],
            });
            jsonschema::draft7::options()
                .should_validate_formats(true)
                .build(&root)
                .map_err(|error| format!("{} contract, {what}: {error}", variant.name()))
        };
        let mut responses = BTreeMap::new();
        let mut documented = BTreeMap::new();
        for item in document["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(_, item)| item)
        {
            for (method, operation) in item.as_object().into_iter().flatten() {
                if !["get", "put", "post", "delete", "patch"].contains(&method.as_str())
                    || operation["x-hosted-by"] == "fin"
                {
                    continue;
                }
                let Some(id) = operation["operationId"].as_str() else {
                    continue;
                };
                for (code, response) in operation["responses"].as_object().into_iter().flatten() {
                    let Ok(status) = code.parse::<u16>() else {
                        continue;
                    };
                    documented
                        .entry(id.to_string())
                        .or_insert_with(Vec::new)
                        .push(status);
                    let response = resolve(&document, response);
                    let body = match response["content"]["application/json"].get("schema") {
                        Some(schema) => {
                            Body::Json(Box::new(compile(schema, &format!("{id} {status}"))?))
                        }
                        None => Body::None,
                    };
                    responses.insert((id.to_string(), status), body);
                }
            }
        }
        let error = compile(&error_schema(variant), "error body")?;
        Ok(Contract {
            variant,
            responses,
            documented,
            error,
        })
    }

    /// Problems with one answer of `operation` (an operationId such as `createUser`, or
    /// the generated client's `create_user`): an undocumented success status, a body that
    /// is not JSON, or a body that does not match the schema. Empty when it conforms.
    pub fn check(&self, operation: &str, status: u16, body: &[u8]) -> Vec<String> {
        let Some(id) = self.operation_id(operation) else {
            return vec![format!(
                "`{operation}` is not an operation of the {} contract",
                self.variant.name()
            )];
        };
        let value: Value = match serde_json::from_slice(body) {
            Ok(value) => value,
            Err(error) => {
                return vec![format!(
                    "{id} answered {status} with a body that is not JSON ({error}): {}",
                    excerpt(body)
                )];
            }
        };
        let validator = match self.responses.get(&(id.to_string(), status)) {
            Some(Body::Json(validator)) => validator.as_ref(),
            Some(Body::None) => &self.error,
            None if status >= 400 => &self.error,
            None => {
                let documented = self.documented.get(id).cloned().unwrap_or_default();
                return vec![format!(
                    "{id} answered {status}; the contract documents {documented:?}"
                )];
            }
        };
        let mut problems: Vec<String> = validator
            .iter_errors(&value)
            .map(|error| {
                let path = error.instance_path().to_string();
                let at = if path.is_empty() { "body" } else { &path };
                format!("{id} {status} does not match the contract at {at}: {error}")
            })
            .collect();
        if status >= 400 && self.variant == Variant::Posts {
            let inner = value["error"]["status"].as_u64();
            if inner != Some(u64::from(status)) {
                problems.push(format!(
                    "{id}: error.status {} differs from the HTTP status {status}",
                    value["error"]["status"]
                ));
            }
        }
        problems
    }

    /// The contract's operationId for a generated client's operation name.
    fn operation_id<'a>(&'a self, operation: &str) -> Option<&'a str> {
        let key = squash(operation);
        self.documented
            .keys()
            .find(|id| squash(id) == key)
            .map(String::as_str)
    }
}

fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A short, printable piece of a body for a failure's detail.
pub fn excerpt(body: &[u8]) -> String {
    // One line per check: JSON is printed compact, anything else with spaces collapsed.
    let text = match serde_json::from_slice::<Value>(body) {
        Ok(value) => value.to_string(),
        Err(_) => String::from_utf8_lossy(body)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    };
    match text.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// The error bodies `openapi/README.md` fixes where the published contract is silent.
fn error_schema(variant: Variant) -> Value {
    match variant {
        // dropshot's error body (the agents' API answers errors the same way).
        Variant::Rest | Variant::Agents => json!({
            "type": "object",
            "required": ["request_id", "error_code", "message"],
            "properties": {
                "request_id": {"type": "string"},
                "error_code": {"type": "string"},
                "message": {"type": "string"},
            },
        }),
        // The envelope with RFC 7807 problem details.
        Variant::Posts => json!({
            "type": "object",
            "required": ["data", "error"],
            "properties": {
                "data": {"type": "null"},
                "error": {
                    "allOf": [{"$ref": "#/components/schemas/Error"}],
                    "required": ["type", "title", "status", "detail"],
                },
            },
        }),
    }
}

fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => document
            .pointer(reference.trim_start_matches('#'))
            .unwrap_or(&Value::Null),
        None => value,
    }
}

/// Converts one OpenAPI 3.0 schema object into a JSON Schema (draft 7) object.
pub fn to_json_schema(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        match key.as_str() {
            "nullable" | "example" | "discriminator" | "xml" | "externalDocs" => {}
            "exclusiveMinimum" | "exclusiveMaximum" if value.is_boolean() => {}
            key if key.starts_with("x-") => {}
            "$ref" => {
                let reference = value.as_str().unwrap_or_default();
                let reference = reference.replace("#/components/schemas/", "#/definitions/");
                out.insert(key.to_string(), Value::String(reference));
            }
            "properties" | "patternProperties" | "definitions" => {
                let converted: Map<String, Value> = value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(name, schema)| (name.clone(), to_json_schema(schema)))
                    .collect();
                out.insert(key.to_string(), Value::Object(converted));
            }
            "items" | "additionalProperties" | "not" => {
                out.insert(key.to_string(), to_json_schema(value));
            }
            "allOf" | "anyOf" | "oneOf" => {
                let converted: Vec<Value> = value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(to_json_schema)
                    .collect();
                out.insert(key.to_string(), Value::Array(converted));
            }
            _ => {
                out.insert(key.to_string(), value.clone());
            }
        }
    }
    // OpenAPI 3.0: `exclusiveMinimum: true` qualifies `minimum`; draft 7 wants the number.
    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if map.get(flag) == Some(&Value::Bool(true))
            && let Some(limit) = out.remove(bound)
        {
            out.insert(flag.to_string(), limit);
        }
    }
    if map.get("nullable") == Some(&Value::Bool(true)) {
        return nullable(out);
    }
    Value::Object(out)
}

fn nullable(mut schema: Map<String, Value>) -> Value {
    if schema.contains_key("$ref") {
        // The siblings of `$ref` are ignored anyway: keep only the reference.
        let reference = schema.remove("$ref").unwrap_or(Value::Null);
        return json!({"anyOf": [{"$ref": reference}, {"type": "null"}]});
    }
    match schema.get_mut("type") {
        Some(Value::String(name)) => {
            let name = name.clone();
            schema.insert("type".into(), json!([name, "null"]));
        }
        Some(Value::Array(names)) => {
            if !names.iter().any(|n| n == "null") {
                names.push(json!("null"));
            }
        }
        _ => return json!({"anyOf": [Value::Object(schema), {"type": "null"}]}),
    }
    if let Some(Value::Array(values)) = schema.get_mut("enum")
        && !values.iter().any(Value::is_null)
    {
        values.push(Value::Null);
    }
    Value::Object(schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_forms() {
        assert_eq!(
            to_json_schema(&json!({"type": "string", "nullable": true, "example": "x"})),
            json!({"type": ["string", "null"]})
        );
        assert_eq!(
            to_json_schema(&json!({
                "allOf": [{"$ref": "#/components/schemas/Agent"}],
                "nullable": true,
                "x-inferred": true,
            })),
            json!({"anyOf": [{"allOf": [{"$ref": "#/definitions/Agent"}]}, {"type": "null"}]})
        );
        assert_eq!(
            to_json_schema(&json!({"type": "string", "enum": ["a"], "nullable": true})),
            json!({"type": ["string", "null"], "enum": ["a", null]})
        );
        assert_eq!(
            to_json_schema(&json!({"type": "integer", "minimum": 1, "exclusiveMinimum": true})),
            json!({"type": "integer", "exclusiveMinimum": 1})
        );
    }

    #[test]
    fn property_names_are_not_keywords() {
        let converted = to_json_schema(&json!({
            "type": "object",
            "properties": {"example": {"type": "string"}, "x-name": {"type": "string"}},
        }));
        assert_eq!(
            converted["properties"]["example"],
            json!({"type": "string"})
        );
        assert_eq!(converted["properties"]["x-name"], json!({"type": "string"}));
    }

    #[test]
    fn rest_bodies() {
        let contract = Contract::new(Variant::Rest).expect("the REST contract compiles");
        let user = br#"{"id":"u1","user_type":"end_user","name":null,"email":"a@example.com"}"#;
        assert!(contract.check("create_user", 201, user).is_empty());
        assert!(contract.check("getUser", 200, user).is_empty());
        let problems = contract.check("create_user", 200, user);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let problems = contract.check("get_user", 200, br#"{"id":"u1","user_type":"agent"}"#);
        assert!(problems[0].contains("/user_type"), "{problems:?}");
        let error = br#"{"request_id":"r","error_code":"not_found","message":"no"}"#;
        assert!(contract.check("get_user", 404, error).is_empty());
        assert!(!contract.check("get_user", 401, b"{}").is_empty());
        assert!(!contract.check("get_user", 404, b"not json").is_empty());
    }

    #[test]
    fn posts_bodies() {
        let contract = Contract::new(Variant::Posts).expect("the POST-only contract compiles");
        let ok = br#"{"data":{"id":"u1","user_type":"end_user"}}"#;
        assert!(contract.check("get_user", 200, ok).is_empty());
        let error =
            br#"{"data":null,"error":{"type":"t","title":"Not Found","status":404,"detail":"d"}}"#;
        assert!(contract.check("get_user", 404, error).is_empty());
        let problems = contract.check("get_user", 400, error);
        assert!(problems[0].contains("error.status"), "{problems:?}");
        let bare = br#"{"request_id":"r","error_code":"x","message":"m"}"#;
        assert!(!contract.check("get_user", 401, bare).is_empty());
    }
}
