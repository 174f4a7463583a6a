//! The documents as JSON Schema: every documented response body of a variant, compiled
//! once into validators, plus the error bodies `openapi/README.md` fixes where the
//! document gives an error status no body.
//!
//! The documents judged by are the published ones (`openapi/published/`, compiled into
//! the binary), or one given with `--spec`. A problem is `contract` when the document says
//! so (a success status or body it documents), `recommended` when only `openapi/README.md`
//! does (the shape of error bodies, the POST-only `error.status` equal to the HTTP status).
//!
//! OpenAPI 3.0 schemas are not JSON Schema, so each is converted first: `nullable: true`
//! adds `"null"` to `type` (or wraps a `$ref`/`allOf` in `anyOf` with null), component
//! references point into `definitions`, boolean `exclusiveMinimum/Maximum` take the numeric
//! form, and OpenAPI-only keywords (`example`, `discriminator`, `xml`, `externalDocs`,
//! `x-*`) are dropped. Draft 7 is used because, as in OpenAPI 3.0, it ignores the siblings
//! of `$ref`.

use crate::rules::Level;
use crate::variant::Variant;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Fin's published REST document, as Intercom publishes it (see `openapi/README.md`).
pub const PUBLISHED_REST: &str = include_str!("../openapi/published/openapi-rest.yaml");
/// Fin's published POST-only document.
pub const PUBLISHED_POSTS: &str = include_str!("../openapi/published/openapi-posts-only.yaml");

/// One thing wrong with an answer, and the level of the rule it breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub level: Level,
    pub text: String,
}

impl Problem {
    fn contract(text: String) -> Problem {
        Problem {
            level: Level::Contract,
            text,
        }
    }

    fn recommended(text: String) -> Problem {
        Problem {
            level: Level::Recommended,
            text,
        }
    }
}

/// The validators of one variant's document.
pub struct Contract {
    variant: Variant,
    /// `published`, or the file given with `--spec`: named in problems.
    origin: String,
    /// `(operationId, status key)` → validator of the documented body. The key is the
    /// status as written: `404`, `4XX` or `default`.
    responses: BTreeMap<(String, String), Body>,
    /// Statuses each operation documents (with or without a body).
    documented: BTreeMap<String, Vec<String>>,
    /// The error body `openapi/README.md` fixes for a status the document gives no body.
    error: jsonschema::Validator,
}

enum Body {
    Json(Box<jsonschema::Validator>),
    /// The document lists the status without a body (401 and 403 in the published ones).
    None,
}

impl Contract {
    /// The published document of `variant`.
    pub fn published(variant: Variant) -> Result<Contract, String> {
        let text = match variant {
            Variant::Rest => PUBLISHED_REST,
            Variant::Posts => PUBLISHED_POSTS,
        };
        let document: Value = serde_norway::from_str(text)
            .map_err(|error| format!("published {} document: {error}", variant.name()))?;
        Contract::new(variant, &document, "published")
    }

    /// `document` (OpenAPI 3.0, YAML or JSON, already parsed) as `variant`'s contract.
    pub fn new(variant: Variant, document: &Value, origin: &str) -> Result<Contract, String> {
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
                .map_err(|error| format!("{origin} {} document, {what}: {error}", variant.name()))
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
                    let key = code.to_ascii_uppercase();
                    let valid = key == "DEFAULT"
                        || key.parse::<u16>().is_ok()
                        || (key.len() == 3 && key.ends_with("XX"));
                    if !valid {
                        continue;
                    }
                    let key = if key == "DEFAULT" {
                        "default".to_string()
                    } else {
                        key
                    };
                    documented
                        .entry(id.to_string())
                        .or_insert_with(Vec::new)
                        .push(key.clone());
                    let response = resolve(document, response);
                    let body = match response["content"]["application/json"].get("schema") {
                        Some(schema) => {
                            Body::Json(Box::new(compile(schema, &format!("{id} {key}"))?))
                        }
                        None => Body::None,
                    };
                    responses.insert((id.to_string(), key), body);
                }
            }
        }
        if documented.is_empty() {
            return Err(format!(
                "{origin} {} document: no operation with an operationId and responses",
                variant.name()
            ));
        }
        let error = compile(&error_schema(variant), "error body")?;
        Ok(Contract {
            variant,
            origin: origin.to_string(),
            responses,
            documented,
            error,
        })
    }

    /// Where the document comes from: `published`, or the `--spec` file.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Problems with one answer of `operation` (an operationId such as `createUser`, or
    /// the generated client's `create_user`): an undocumented success status, a body that
    /// is not JSON or does not match the document, an error body unlike `openapi/README.md`'s.
    /// Empty when it conforms.
    pub fn check(
        &self,
        operation: &str,
        status: u16,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Vec<Problem> {
        self.judge(operation, status, content_type, body, false)
    }

    /// As [`Contract::check`], for the answer to a repeated create: a 2xx the document
    /// does not give is read as its documented success. The documents say nothing of
    /// repeats; answering one as the first call was answered is `openapi/README.md`'s
    /// choice, checked apart.
    pub fn check_replay(
        &self,
        operation: &str,
        status: u16,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Vec<Problem> {
        self.judge(operation, status, content_type, body, true)
    }

    fn judge(
        &self,
        operation: &str,
        status: u16,
        content_type: Option<&str>,
        body: &[u8],
        replay: bool,
    ) -> Vec<Problem> {
        let Some(id) = self.operation_id(operation) else {
            return vec![Problem::contract(format!(
                "`{operation}` is not an operation of the {} document",
                self.origin
            ))];
        };
        let json = content_type.is_some_and(|value| value.starts_with("application/json"));
        let mut problems = Vec::new();
        let documented = [
            status.to_string(),
            format!("{}XX", status / 100),
            "default".to_string(),
        ]
        .into_iter()
        .find_map(|key| self.responses.get(&(id.to_string(), key)))
        .or_else(|| {
            // A replay answered with another 2xx: the first documented success.
            let success = (200..300).contains(&status) && replay;
            self.responses
                .iter()
                .filter(|((op, key), _)| success && op == id && key.starts_with('2'))
                .map(|(_, body)| body)
                .next()
        });
        match documented {
            Some(Body::Json(validator)) => {
                if !json {
                    problems.push(Problem::contract(format!(
                        "{id} {status} is not sent as application/json"
                    )));
                }
                match serde_json::from_slice::<Value>(body) {
                    Ok(value) => {
                        problems.extend(self.validate(
                            validator,
                            id,
                            status,
                            &value,
                            Level::Contract,
                        ));
                        problems.extend(self.posts_status(id, status, &value));
                    }
                    Err(error) => problems.push(Problem::contract(format!(
                        "{id} answered {status} with a body that is not JSON ({error}): {}",
                        excerpt(body)
                    ))),
                }
            }
            // An error the document gives no body: `openapi/README.md`'s error body.
            Some(Body::None) | None if status >= 400 => {
                if !json {
                    problems.push(Problem::recommended(format!(
                        "{id} {status} is not sent as application/json"
                    )));
                }
                match serde_json::from_slice::<Value>(body) {
                    Ok(value) => {
                        problems.extend(self.validate(
                            &self.error,
                            id,
                            status,
                            &value,
                            Level::Recommended,
                        ));
                        problems.extend(self.posts_status(id, status, &value));
                    }
                    Err(error) => problems.push(Problem::recommended(format!(
                        "{id} answered {status} with a body that is not JSON ({error}): {}",
                        excerpt(body)
                    ))),
                }
            }
            Some(Body::None) => {}
            None => {
                let documented = self.documented.get(id).cloned().unwrap_or_default();
                problems.push(Problem::contract(format!(
                    "{id} answered {status}; the {} document gives it {documented:?}",
                    self.origin
                )));
            }
        }
        problems
    }

    /// What in `value` does not match `validator`, as one problem (or none).
    fn validate(
        &self,
        validator: &jsonschema::Validator,
        id: &str,
        status: u16,
        value: &Value,
        level: Level,
    ) -> Option<Problem> {
        let against = match level {
            Level::Contract => format!("the {} document", self.origin),
            Level::Recommended => "the error body of openapi/README.md".to_string(),
        };
        let errors: Vec<String> = validator
            .iter_errors(value)
            .map(|error| {
                let path = error.instance_path().to_string();
                let at = if path.is_empty() { "body" } else { &path };
                format!("at {at}: {error}")
            })
            .collect();
        (!errors.is_empty()).then(|| Problem {
            level,
            text: format!(
                "{id} {status} does not match {against} {}",
                errors.join(", ")
            ),
        })
    }

    /// POST-only: an `error` member whose `status` is not the HTTP status (RFC 7807 says
    /// it is; `openapi/README.md` answers errors with that status).
    fn posts_status(&self, id: &str, status: u16, value: &Value) -> Option<Problem> {
        if self.variant != Variant::Posts {
            return None;
        }
        let error = value.get("error").filter(|error| !error.is_null());
        if error.is_none() && status < 400 {
            return None;
        }
        let inner = error.and_then(|error| error["status"].as_u64());
        (inner != Some(u64::from(status))).then(|| {
            Problem::recommended(format!(
                "{id}: error.status {} differs from the HTTP status {status}",
                error.map_or(Value::Null, |error| error["status"].clone())
            ))
        })
    }

    /// The document's operationId for a generated client's operation name.
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
        // dropshot's error body.
        Variant::Rest => json!({
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
                // RFC 7807 problem details, inline: a document given with --spec
                // need not name its schema `Error`.
                "error": {
                    "type": "object",
                    "required": ["type", "title", "status", "detail"],
                    "properties": {
                        "type": {"type": "string"},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "detail": {"type": "string"},
                        "instance": {"type": "string"},
                    },
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

    const JSON: Option<&str> = Some("application/json");

    fn levels(problems: &[Problem]) -> Vec<Level> {
        problems.iter().map(|p| p.level).collect()
    }

    #[test]
    fn rest_bodies() {
        let contract = Contract::published(Variant::Rest).expect("the REST document compiles");
        let user = br#"{"id":"u1","user_type":"end_user","name":null,"email":"a@example.com"}"#;
        assert!(contract.check("create_user", 201, JSON, user).is_empty());
        assert!(contract.check("getUser", 200, JSON, user).is_empty());
        // An undocumented success status breaks the contract.
        let problems = contract.check("create_user", 200, JSON, user);
        assert_eq!(levels(&problems), [Level::Contract], "{problems:?}");
        let problems = contract.check("get_user", 200, JSON, br#"{"id":"u1","user_type":"agent"}"#);
        assert!(problems[0].text.contains("/user_type"), "{problems:?}");
        assert_eq!(problems[0].level, Level::Contract);
        let problems = contract.check("get_user", 200, Some("text/plain"), user);
        assert_eq!(levels(&problems), [Level::Contract], "{problems:?}");
        // Error bodies: the document gives them none, so only openapi/README.md's shape
        // applies, as a recommendation.
        let error = br#"{"request_id":"r","error_code":"not_found","message":"no"}"#;
        assert!(contract.check("get_user", 404, JSON, error).is_empty());
        assert!(contract.check("get_user", 401, JSON, error).is_empty());
        let problems = contract.check("get_user", 401, JSON, b"{}");
        assert!(!problems.is_empty());
        assert!(
            problems.iter().all(|p| p.level == Level::Recommended),
            "{problems:?}"
        );
        let problems = contract.check("get_user", 404, None, b"not json");
        assert_eq!(levels(&problems), [Level::Recommended; 2], "{problems:?}");
    }

    #[test]
    fn posts_bodies() {
        let contract =
            Contract::published(Variant::Posts).expect("the POST-only document compiles");
        let ok = br#"{"data":{"id":"u1","user_type":"end_user"}}"#;
        assert!(contract.check("get_user", 200, JSON, ok).is_empty());
        let error =
            br#"{"data":null,"error":{"type":"t","title":"Not Found","status":404,"detail":"d"}}"#;
        assert!(contract.check("get_user", 404, JSON, error).is_empty());
        let problems = contract.check("get_user", 400, JSON, error);
        assert!(problems[0].text.contains("error.status"), "{problems:?}");
        assert_eq!(levels(&problems), [Level::Recommended]);
        // An error in a 200 envelope matches the document (whose `data` is not nullable,
        // so left out); its status is a recommendation.
        let in_200 = br#"{"error":{"type":"t","title":"Not Found","status":404,"detail":"d"}}"#;
        let problems = contract.check("get_user", 200, JSON, in_200);
        assert_eq!(levels(&problems), [Level::Recommended], "{problems:?}");
        let bare = br#"{"request_id":"r","error_code":"x","message":"m"}"#;
        let problems = contract.check("get_user", 401, JSON, bare);
        assert!(!problems.is_empty());
        assert!(
            problems.iter().all(|p| p.level == Level::Recommended),
            "{problems:?}"
        );
        // The success envelope is the contract.
        let problems = contract.check("get_user", 200, JSON, br#"{"data":{"id":5}}"#);
        assert!(
            problems.iter().any(|p| p.level == Level::Contract),
            "{problems:?}"
        );
    }

    #[test]
    fn a_document_that_gives_errors_a_body_makes_it_the_contract() {
        let document = json!({
            "openapi": "3.0.3",
            "paths": {"/user": {"get": {
                "operationId": "get_user",
                "responses": {
                    "200": {"content": {"application/json": {"schema": {"type": "object"}}}},
                    "4XX": {"$ref": "#/components/responses/Error"},
                },
            }}},
            "components": {
                "responses": {"Error": {"content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/Error"
                }}}}},
                "schemas": {"Error": {"type": "object", "required": ["message"]}},
            },
        });
        let contract = Contract::new(Variant::Rest, &document, "served.json").expect("compiles");
        assert!(
            contract
                .check("getUser", 404, JSON, br#"{"message":"m"}"#)
                .is_empty()
        );
        let problems = contract.check("getUser", 404, JSON, br#"{"error":"m"}"#);
        assert_eq!(levels(&problems), [Level::Contract], "{problems:?}");
        assert!(problems[0].text.contains("served.json"), "{problems:?}");
    }
}
