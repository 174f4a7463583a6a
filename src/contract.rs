//! The contract as served versus the contract as written: the OpenAPI document each
//! generated trait serves, and a comparison by meaning with the source document in
//! `openapi/` (operations, parameters, schemas, success codes), ignoring what dropshot
//! rewrites without changing the wire format (descriptions, examples, formats, `oneOf`
//! printed as `anyOf`, inline schemas hoisted into components).

use crate::api::{agents, posts, rest};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// One of the documents the server serves: the two published variants of Fin's API and
/// the helpdesk's own API for human agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Variant {
    /// GET/PUT/POST on `/user`, `/conversation`, `/messages`; `GET /agents`.
    Rest,
    /// `/get_user` … `/create_message`, answers in `{data, error}`.
    Posts,
    /// The human agents' API under `/helpdesk/` (not part of Fin's contract).
    Agents,
}

impl Variant {
    pub const ALL: [Variant; 3] = [Variant::Rest, Variant::Posts, Variant::Agents];
    /// The two published variants of Fin's contract.
    pub const FIN: [Variant; 2] = [Variant::Rest, Variant::Posts];

    pub fn name(self) -> &'static str {
        match self {
            Variant::Rest => "rest",
            Variant::Posts => "posts",
            Variant::Agents => "agents",
        }
    }

    /// The source document, as written in `openapi/`.
    pub fn source_yaml(self) -> &'static str {
        match self {
            Variant::Rest => include_str!("../openapi/fin-helpdesk.yaml"),
            Variant::Posts => include_str!("../openapi/fin-helpdesk-posts.yaml"),
            Variant::Agents => include_str!("../openapi/fin-helpdesk-agents.yaml"),
        }
    }

    pub fn source_document(self) -> Result<Value, String> {
        serde_norway::from_str(self.source_yaml())
            .map_err(|error| format!("openapi document of the {} variant: {error}", self.name()))
    }

    /// The OpenAPI document the generated trait serves.
    pub fn served_document(self) -> Result<Value, String> {
        let description = match self {
            Variant::Rest => rest::fin_helpdesk_api_mod::stub_api_description(),
            Variant::Posts => posts::fin_helpdesk_posts_api_mod::stub_api_description(),
            Variant::Agents => agents::helpdesk_agent_api_mod::stub_api_description(),
        }
        .map_err(|error| {
            format!(
                "the {} trait does not describe an API: {error}",
                self.name()
            )
        })?;
        let source = self.source_document()?;
        let info = &source["info"];
        let title = info["title"].as_str().unwrap_or("Fin Custom Helpdesk API");
        let version = info["version"].as_str().unwrap_or("0.0.1");
        let version = semver::Version::parse(version).unwrap_or(semver::Version::new(0, 0, 1));
        description
            .openapi(title, version)
            .json()
            .map_err(|error| format!("cannot render the served document: {error}"))
    }
}

/// A difference between the source and the served document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Drift {
    pub location: String,
    pub problem: String,
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.problem)
    }
}

/// Compares two OpenAPI 3.0 documents by meaning. Operations marked `x-hosted-by: fin`
/// in the source are Fin's, not the helpdesk's, and are skipped.
pub fn compare(source: &Value, served: &Value) -> Vec<Drift> {
    let mut drifts = Vec::new();
    let source_ops = operations(source, true);
    let served_ops = operations(served, false);
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
        if source_op["operationId"] != served_op["operationId"] {
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
            (Some(a), Some(b)) => {
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

fn operations(document: &Value, skip_fin_hosted: bool) -> BTreeMap<(String, String), Value> {
    let mut operations = BTreeMap::new();
    let Some(paths) = document["paths"].as_object() else {
        return operations;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, operation) in item {
            if !["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                continue;
            }
            if skip_fin_hosted && operation["x-hosted-by"] == "fin" {
                continue;
            }
            operations.insert((method.clone(), path.clone()), operation.clone());
        }
    }
    operations
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

fn request_schema(document: &Value, operation: &Value) -> Option<Value> {
    let body = resolve(document, operation.get("requestBody")?);
    body["content"]["application/json"].get("schema").cloned()
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
                response["content"]["application/json"]
                    .get("schema")
                    .cloned(),
            )
        })
        .collect()
}

/// A schema reduced to what changes the wire format.
fn normalize(document: &Value, schema: &Value, depth: usize) -> Value {
    if depth > 24 {
        return json!("…");
    }
    let schema = resolve(document, schema);
    let mut nullable = schema["nullable"].as_bool().unwrap_or(false);
    // A single-member allOf is a wrapper that adds nullability or a description.
    if let Some([inner]) = schema["allOf"].as_array().map(Vec::as_slice) {
        let mut inner = normalize(document, inner, depth + 1);
        if nullable {
            inner["nullable"] = json!(true);
        }
        return inner;
    }
    let mut out = Map::new();
    for key in ["oneOf", "anyOf"] {
        if let Some(members) = schema[key].as_array() {
            // dropshot prints oneOf as anyOf; both mean "one of these shapes" here.
            let members: Vec<Value> = members
                .iter()
                .map(|member| normalize(document, member, depth + 1))
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
            .map(|(name, property)| (name.clone(), normalize(document, property, depth + 1)))
            .collect();
        out.insert("properties".into(), Value::Object(normalized));
        let mut required: Vec<String> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|name| name.as_str().map(String::from))
            // dropshot prints required-and-nullable properties as optional.
            .filter(|name| {
                !properties[name.as_str()]["nullable"]
                    .as_bool()
                    .unwrap_or(false)
            })
            .collect();
        required.sort();
        out.insert("required".into(), json!(required));
    }
    if let Some(items) = schema.get("items") {
        out.insert("items".into(), normalize(document, items, depth + 1));
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
