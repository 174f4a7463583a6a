//! The document a generated trait serves against its source, by meaning: operations,
//! parameters and whether they are required, request media types, success statuses and
//! schemas, ignoring what dropshot and schemars rewrite without changing the wire format
//! (descriptions, examples, formats and constraints, `oneOf` printed as `anyOf`, inline
//! schemas hoisted into components, a required-and-nullable property printed optional).
//! Operations hosted elsewhere (see [`crate::GenerationSettings::with_hosted_elsewhere`])
//! are skipped; what the generator had to approximate shows up here and in its warnings.

use crate::GenerationSettings;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A difference between the source and the served document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Drift {
    /// Where: the operation, then the part of it.
    pub location: String,
    /// What differs.
    pub problem: String,
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.problem)
    }
}

/// Where a served document differs from its source as JSON, all but `info` and
/// `servers` (which a server sets for itself): each JSON pointer (RFC 6901) that one
/// has and the other lacks or holds another value at. Object keys compare unordered.
/// For documents dropshot emitted, the served document should be the source exactly.
pub fn exact_differences(source: &Value, served: &Value) -> Vec<String> {
    fn escaped(key: &str) -> String {
        key.replace('~', "~0").replace('/', "~1")
    }
    fn short(value: &Value) -> String {
        let text = value.to_string();
        match text.char_indices().nth(120) {
            Some((end, _)) => format!("{}…", &text[..end]),
            None => text,
        }
    }
    fn walk(source: &Value, served: &Value, pointer: &str, found: &mut Vec<String>) {
        match (source, served) {
            (Value::Object(a), Value::Object(b)) => {
                for (key, value) in a {
                    let inner = format!("{pointer}/{}", escaped(key));
                    match b.get(key) {
                        Some(other) => walk(value, other, &inner, found),
                        None => {
                            found.push(format!("{inner}: only in the source: {}", short(value)))
                        }
                    }
                }
                for (key, value) in b.iter().filter(|(key, _)| !a.contains_key(*key)) {
                    found.push(format!(
                        "{pointer}/{}: only served: {}",
                        escaped(key),
                        short(value)
                    ));
                }
            }
            (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
                for (index, (value, other)) in a.iter().zip(b).enumerate() {
                    walk(value, other, &format!("{pointer}/{index}"), found);
                }
            }
            (a, b) if a != b => {
                found.push(format!(
                    "{pointer}: {} in the source, {} served",
                    short(a),
                    short(b)
                ));
            }
            _ => {}
        }
    }
    let without = |document: &Value| {
        let mut document = document.clone();
        if let Some(object) = document.as_object_mut() {
            object.remove("info");
            object.remove("servers");
        }
        document
    };
    let mut found = Vec::new();
    walk(&without(source), &without(served), "", &mut found);
    found
}

/// Compares a source document with the one its generated trait serves, by meaning. An
/// OpenAPI 3.1 source is read as its 3.0.3 form first (`type: [T, "null"]` is
/// `nullable`, …, see [`crate::openapi31`]), and what that form cannot keep is listed.
pub fn compare(source: &Value, served: &Value, settings: &GenerationSettings) -> Vec<Drift> {
    if crate::openapi31::is_openapi31(source) {
        let (translated, lost) = crate::openapi31::translate(source);
        let mut drifts = compare(&translated, served, settings);
        drifts.extend(lost.into_iter().map(|warning| Drift {
            location: warning.location,
            problem: format!("not kept by OpenAPI 3.0.3: {}", warning.message),
        }));
        drifts.sort();
        return drifts;
    }
    let mut drifts = Vec::new();
    let source_ops = source_operations(source, settings);
    let served_ops = served_operations(served);
    for (key, source_op) in &source_ops {
        let location = format!("{} {}", key.0.to_uppercase(), key.1);
        let Some(served_op) = served_ops.get(key) else {
            drifts.push(Drift {
                location,
                problem: "operation is not served".into(),
            });
            continue;
        };
        let mut diff = |problem: String| {
            drifts.push(Drift {
                location: location.clone(),
                problem,
            })
        };
        if source_op["operationId"].is_string()
            && source_op["operationId"] != served_op["operationId"]
        {
            diff(format!(
                "operationId {} is served as {}",
                source_op["operationId"], served_op["operationId"]
            ));
        }
        let source_params = parameters(source, source_op);
        let served_params = parameters(served, served_op);
        if source_params != served_params {
            diff(format!(
                "parameters {} are served as {}",
                show_params(&source_params),
                show_params(&served_params)
            ));
        }
        let source_body = request_schema(source, source_op);
        let served_body = request_schema(served, served_op);
        match (&source_body, &served_body) {
            (Some((media_a, a)), Some((media_b, b))) => {
                if media_a != media_b {
                    diff(format!(
                        "request media types {media_a:?} are served as {media_b:?}"
                    ));
                }
                for problem in compare_schemas(source, a, served, b, "request body") {
                    diff(problem);
                }
            }
            (None, None) => {}
            (Some(_), None) => diff("request body is not served".into()),
            (None, Some(_)) => diff("served with a request body the source does not have".into()),
        }
        let source_success = success_responses(source, source_op);
        let served_success = success_responses(served, served_op);
        let source_codes: BTreeSet<&String> = source_success.keys().collect();
        let served_codes: BTreeSet<&String> = served_success.keys().collect();
        if source_codes != served_codes {
            diff(format!(
                "success codes {source_codes:?} are served as {served_codes:?}"
            ));
            continue;
        }
        for (code, source_schema) in &source_success {
            let served_schema = &served_success[code];
            match (source_schema, served_schema) {
                (Some(a), Some(b)) => {
                    for problem in
                        compare_schemas(source, a, served, b, &format!("response {code}"))
                    {
                        diff(problem);
                    }
                }
                (None, None) => {}
                _ => diff(format!("response {code}: content differs")),
            }
        }
    }
    for key in served_ops.keys() {
        if !source_ops.contains_key(key) {
            drifts.push(Drift {
                location: format!("{} {}", key.0.to_uppercase(), key.1),
                problem: "served but not in the source document".into(),
            });
        }
    }
    drifts.sort();
    drifts
}

/// The source's hosted operations by method and path (variables unnamed, since the
/// generator may rename them for dropshot's router), with path-level parameters merged.
fn source_operations(
    document: &Value,
    settings: &GenerationSettings,
) -> BTreeMap<(String, String), Value> {
    let mut ignored = Vec::new();
    // What is not OpenAPI 3.0 has no operations to compare.
    let Ok(typed) = serde_json::from_value::<openapiv3::OpenAPI>(document.clone()) else {
        return BTreeMap::new();
    };
    let (hosted, _) = crate::plan::operations(&typed, settings, &mut ignored);
    hosted
        .into_iter()
        .map(|operation| {
            let value = operation.to_json();
            (
                (
                    operation.method.to_string(),
                    unnamed_variables(&operation.path),
                ),
                value,
            )
        })
        .collect()
}

fn served_operations(document: &Value) -> BTreeMap<(String, String), Value> {
    let mut operations = BTreeMap::new();
    let Some(paths) = document["paths"].as_object() else {
        return operations;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, operation) in item {
            if !["get", "put", "post", "delete", "patch", "head", "options"]
                .contains(&method.as_str())
            {
                continue;
            }
            operations.insert((method.clone(), unnamed_variables(path)), operation.clone());
        }
    }
    operations
}

/// A path by its segments: variables unnamed, and no empty segment (dropshot's router
/// skips them, so `/mcp/` is served as `/mcp` and answers both).
fn unnamed_variables(path: &str) -> String {
    let segments: Vec<&str> = path
        .split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| if segment.contains('{') { "{}" } else { segment })
        .collect();
    format!("/{}", segments.join("/"))
}

fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference.trim_start_matches('#');
            document.pointer(pointer).unwrap_or(&Value::Null)
        }
        None => value,
    }
}

type ParamKey = (String, String, bool);

fn parameters(document: &Value, operation: &Value) -> BTreeSet<ParamKey> {
    operation["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|parameter| {
            let parameter = resolve(document, parameter);
            (
                parameter["in"].as_str().unwrap_or_default().to_string(),
                parameter["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_ascii_lowercase(),
                parameter["required"].as_bool().unwrap_or(false),
            )
        })
        .collect()
}

fn show_params(params: &BTreeSet<ParamKey>) -> String {
    let shown: Vec<String> = params
        .iter()
        .map(|(location, name, required)| {
            format!(
                "{location}:{name}{}",
                if *required { " (required)" } else { "" }
            )
        })
        .collect();
    format!("[{}]", shown.join(", "))
}

/// The request body's media types, and the schema of the JSON one (or the first).
fn request_schema(document: &Value, operation: &Value) -> Option<(BTreeSet<String>, Value)> {
    let body = resolve(document, operation.get("requestBody")?);
    let content = body["content"].as_object()?;
    // `application/json; charset=utf-8` is JSON as dropshot serves it.
    let media: BTreeSet<String> = content
        .keys()
        .map(|media| {
            media
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .collect();
    let schema = json_media(&body["content"])
        .or_else(|| content.values().next())
        .and_then(|m| m.get("schema"))
        .cloned()
        .unwrap_or(json!({}));
    Some((media, schema))
}

fn json_media(content: &Value) -> Option<&Value> {
    content
        .as_object()?
        .iter()
        .find(|(media, _)| media.split(';').next().unwrap_or_default().trim() == "application/json")
        .map(|(_, media)| media)
}

fn success_responses(document: &Value, operation: &Value) -> BTreeMap<String, Option<Value>> {
    operation["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(code, _)| code.starts_with('2'))
        .map(|(code, response)| {
            let response = resolve(document, response);
            (
                code.clone(),
                json_media(&response["content"])
                    .and_then(|media| media.get("schema"))
                    .cloned(),
            )
        })
        .collect()
}

/// A schema reduced to what changes the wire format.
fn normalize(document: &Value, schema: &Value, depth: usize) -> Value {
    normalize_within(document, schema, depth, &mut Vec::new())
}

/// `within` holds the references being expanded: a schema that refers to itself again
/// is the same recursion on both sides, whatever its names.
fn normalize_within(
    document: &Value,
    schema: &Value,
    depth: usize,
    within: &mut Vec<String>,
) -> Value {
    if depth > 24 {
        return json!("…");
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        if within.iter().any(|seen| seen == reference) {
            return json!("recursive");
        }
        within.push(reference.to_string());
        let normalized = normalize_within(document, resolve(document, schema), depth + 1, within);
        within.pop();
        return normalized;
    }
    let schema = resolve(document, schema);
    let mut nullable = schema["nullable"].as_bool().unwrap_or(false);
    // A single-member allOf is a wrapper that adds nullability or a description.
    if let Some([inner]) = schema["allOf"].as_array().map(Vec::as_slice) {
        let mut inner = normalize_within(document, inner, depth + 1, within);
        if nullable && let Some(inner) = inner.as_object_mut() {
            inner.insert("nullable".into(), json!(true));
        }
        return inner;
    }
    // Several members: one object with every member's properties.
    if let Some(members) = schema["allOf"].as_array().filter(|m| m.len() > 1) {
        let mut merged = json!({"type": "object", "properties": {}, "required": []});
        for member in members {
            let member = resolve(document, member);
            for (name, property) in member["properties"].as_object().into_iter().flatten() {
                merged["properties"][name] = property.clone();
            }
            for name in member["required"].as_array().into_iter().flatten() {
                if let Some(required) = merged["required"].as_array_mut() {
                    required.push(name.clone());
                }
            }
        }
        if nullable {
            merged["nullable"] = json!(true);
        }
        return normalize_within(document, &merged, depth + 1, within);
    }
    let mut out = Map::new();
    for key in ["oneOf", "anyOf"] {
        if let Some(members) = schema[key].as_array() {
            // dropshot prints oneOf as anyOf; both mean "one of these shapes" here.
            let members: Vec<Value> = members
                .iter()
                .map(|member| normalize_within(document, member, depth + 1, within))
                .collect();
            out.insert("oneOf".into(), Value::Array(members));
        }
    }
    let mut types: Vec<String> = match &schema["type"] {
        Value::String(name) => vec![name.clone()],
        Value::Array(names) => names
            .iter()
            .filter_map(|n| n.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    };
    if types.iter().any(|name| name == "null") {
        nullable = true;
        types.retain(|name| name != "null");
    }
    if let Some(name) = types.first() {
        out.insert("type".into(), json!(name));
    }
    if let Some(values) = schema["enum"].as_array() {
        let mut values: Vec<String> = values
            .iter()
            .filter_map(|value| {
                if value.is_null() {
                    nullable = true;
                    None
                } else {
                    Some(value.to_string())
                }
            })
            .collect();
        values.sort();
        out.insert("enum".into(), json!(values));
    }
    if let Some(properties) = schema["properties"].as_object() {
        let normalized: Map<String, Value> = properties
            .iter()
            .map(|(name, property)| {
                (
                    name.clone(),
                    normalize_within(document, property, depth + 1, within),
                )
            })
            .collect();
        out.insert("properties".into(), Value::Object(normalized));
        let mut required: Vec<String> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|name| name.as_str().map(String::from))
            // dropshot prints required-and-nullable properties as optional.
            .filter(|name| {
                !properties
                    .get(name.as_str())
                    .and_then(|property| property["nullable"].as_bool())
                    .unwrap_or(false)
            })
            .collect();
        required.sort();
        out.insert("required".into(), json!(required));
    }
    if let Some(items) = schema.get("items") {
        out.insert(
            "items".into(),
            normalize_within(document, items, depth + 1, within),
        );
    }
    out.insert("nullable".into(), json!(nullable));
    Value::Object(out)
}

fn compare_schemas(
    source_doc: &Value,
    source: &Value,
    served_doc: &Value,
    served: &Value,
    location: &str,
) -> Vec<String> {
    let a = normalize(source_doc, source, 0);
    let b = normalize(served_doc, served, 0);
    let mut problems = Vec::new();
    diff_values(&a, &b, location, &mut problems);
    problems
}

fn diff_values(a: &Value, b: &Value, path: &str, problems: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                let child = format!("{path}.{key}");
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => diff_values(x, y, &child, problems),
                    (Some(x), None) => problems.push(format!("{child}: {x} is not served")),
                    (None, Some(y)) => {
                        problems.push(format!("{child}: served as {y}, not in the source"))
                    }
                    (None, None) => {}
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (index, (x, y)) in x.iter().zip(y).enumerate() {
                diff_values(x, y, &format!("{path}[{index}]"), problems);
            }
        }
        _ if a == b => {}
        _ => problems.push(format!("{path}: {a} in the source, {b} served")),
    }
}
