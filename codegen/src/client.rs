//! A progenitor client for a document. progenitor accepts less than OpenAPI allows (one
//! response type among the successes and one among the errors, an operationId on every
//! operation, no `$ref` path items, a few media types), so it is handed the document
//! reduced to what it supports, and each reduction is a [`Warning`].

use crate::plan::{Location, operations};
use crate::spec::{Error, resolve};
use crate::{Dependencies, Generated, GenerationSettings, Warning, format, parse_type};
use openapiv3::OpenAPI;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Request media types progenitor can send.
const CLIENT_REQUEST_MEDIA: &[&str] = &[
    "application/json",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "text/plain",
];

pub(crate) fn generate(
    document: &OpenAPI,
    settings: &GenerationSettings,
) -> Result<Generated, Error> {
    let source = serde_json::to_value(document)
        .map_err(|error| Error::invalid("document", error.to_string()))?;
    let mut warnings = Vec::new();
    let reduced = reduce(document, &source, settings, &mut warnings);
    let reduced: OpenAPI = serde_json::from_value(reduced)
        .map_err(|error| Error::Client(format!("the reduced document is not OpenAPI: {error}")))?;

    let mut progenitor_settings = progenitor::GenerationSettings::default();
    progenitor_settings
        .with_interface(progenitor::InterfaceStyle::Builder)
        .with_tag(progenitor::TagStyle::Merged);
    if let Some(inner) = &settings.client_inner_type {
        progenitor_settings.with_inner_type(parse_type(inner)?);
    }
    if let Some(module) = &settings.client_types_module {
        for name in source["components"]["schemas"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, _)| name)
        {
            let rust_name = crate::schema::type_name(name);
            progenitor_settings.with_replacement(
                &rust_name,
                format!("{module}::{rust_name}"),
                std::iter::empty(),
            );
        }
    }
    let attempt = |document: &OpenAPI| {
        let mut generator = progenitor::Generator::new(&progenitor_settings);
        let tokens = crate::catching(|| generator.generate_tokens(document))
            .map_err(|panic| format!("progenitor panicked: {panic}"))?
            .map_err(|error| format!("progenitor: {error}"))?;
        Ok::<_, String>((tokens, generator))
    };
    // A `default` progenitor finds not to fit its schema stops it for the whole
    // document; a client can do without the defaults.
    let reduced = match attempt(&reduced) {
        Err(problem) if problem.contains("does not conform") => {
            let mut value = serde_json::to_value(&reduced)
                .map_err(|error| Error::invalid("document", error.to_string()))?;
            without_defaults(&mut value);
            warnings.push(Warning::new(
                "components",
                format!("client: schema defaults are left out ({problem})"),
            ));
            serde_json::from_value(value).map_err(|error| {
                Error::Client(format!("the reduced document is not OpenAPI: {error}"))
            })?
        }
        _ => reduced,
    };
    let (tokens, generator) = match attempt(&reduced) {
        Ok(generated) => generated,
        Err(problem) => {
            // A valid document must not stop the build: the operations progenitor
            // cannot take are left out of the client, each with a warning.
            let all = operation_keys(&reduced);
            let refused = refused_operations(&reduced, &all, &attempt);
            let kept = only_operations(&reduced, &all, &refused);
            let generated = attempt(&kept).map_err(|_| Error::Client(problem))?;
            for (path, method, why) in &refused {
                warnings.push(Warning::new(
                    format!("operation {} {path}", method.to_uppercase()),
                    format!("client: left out, progenitor cannot generate it ({why})"),
                ));
            }
            generated
        }
    };
    let space = generator.get_type_space();
    let dependencies = Dependencies {
        chrono: space.uses_chrono(),
        regress: space.uses_regress(),
        uuid: space.uses_uuid(),
    };
    warnings.sort();
    warnings.dedup();
    Ok(Generated {
        code: format(tokens, "the client")?,
        warnings,
        dependencies,
    })
}

/// Every operation of a document, as (path, method).
fn operation_keys(document: &OpenAPI) -> Vec<(String, String)> {
    let mut keys = Vec::new();
    for (path, item) in &document.paths.paths {
        let Some(item) = item.as_item() else {
            continue;
        };
        for (method, _) in item.iter() {
            keys.push((path.clone(), method.to_string()));
        }
    }
    keys
}

/// The document with only the `kept` of its operations (those not in `refused`).
fn only_operations(
    document: &OpenAPI,
    kept: &[(String, String)],
    refused: &[(String, String, String)],
) -> OpenAPI {
    let mut document = document.clone();
    for (path, item) in document.paths.paths.iter_mut() {
        let openapiv3::ReferenceOr::Item(item) = item else {
            continue;
        };
        let keep = |method: &str| {
            kept.iter().any(|(p, m)| p == path && m == method)
                && !refused.iter().any(|(p, m, _)| p == path && m == method)
        };
        for (method, operation) in [
            ("get", &mut item.get),
            ("put", &mut item.put),
            ("post", &mut item.post),
            ("delete", &mut item.delete),
            ("options", &mut item.options),
            ("head", &mut item.head),
            ("patch", &mut item.patch),
            ("trace", &mut item.trace),
        ] {
            if !keep(method) {
                *operation = None;
            }
        }
    }
    document
}

/// The operations progenitor refuses, found by halving: a group it takes holds none.
fn refused_operations<T>(
    document: &OpenAPI,
    group: &[(String, String)],
    attempt: &impl Fn(&OpenAPI) -> Result<T, String>,
) -> Vec<(String, String, String)> {
    match attempt(&only_operations(document, group, &[])) {
        Ok(_) => Vec::new(),
        Err(problem) if group.len() <= 1 => group
            .iter()
            .map(|(path, method)| (path.clone(), method.clone(), problem.clone()))
            .collect(),
        Err(_) => {
            let (first, second) = group.split_at(group.len() / 2);
            let mut refused = refused_operations(document, first, attempt);
            refused.extend(refused_operations(document, second, attempt));
            refused
        }
    }
}

/// The document as progenitor can take it.
fn reduce(
    typed: &OpenAPI,
    source: &Value,
    settings: &GenerationSettings,
    warnings: &mut Vec<Warning>,
) -> Value {
    let mut document = source.clone();
    let mut client_warnings = Vec::new();
    let (hosted, elsewhere) = operations(typed, settings, &mut client_warnings);
    let mut paths = serde_json::Map::new();
    for operation in hosted.into_iter().chain(elsewhere) {
        let mut reduced = serde_json::to_value(&operation.operation).unwrap_or(json!({}));
        let location = operation.location.clone();
        reduced["operationId"] = json!(operation.operation_id);
        let parameters: Vec<Value> = operation
            .parameters
            .iter()
            .filter(|parameter| {
                let cookie = Location::of(parameter) == Location::Cookie;
                if cookie {
                    warnings.push(Warning::new(
                        &location,
                        format!(
                            "client: progenitor sends no cookies; `{}` is left out",
                            parameter.parameter_data_ref().name
                        ),
                    ));
                }
                !cookie
            })
            .map(|parameter| {
                let mut parameter = serde_json::to_value(parameter).unwrap_or(json!({}));
                if parameter.get("schema").is_none() {
                    let schema = parameter["content"]
                        .as_object()
                        .and_then(|c| c.values().next())
                        .and_then(|m| m.get("schema").cloned());
                    parameter["schema"] = schema.unwrap_or(json!({"type": "string"}));
                    if let Some(object) = parameter.as_object_mut() {
                        object.remove("content");
                    }
                }
                parameter
            })
            .collect();
        reduced["parameters"] = Value::Array(parameters);
        if let Some(body) = reduced.get("requestBody").cloned() {
            reduced["requestBody"] = reduce_request_body(source, &body, &location, warnings);
        }
        reduce_responses(source, &mut reduced, &location, warnings);
        let item = paths
            .entry(operation.path.clone())
            .or_insert_with(|| json!({}));
        item[operation.method] = reduced;
    }
    document["paths"] = Value::Object(paths);
    null_as_progenitor_reads(&mut document);
    document
}

/// Every schema's `default`, taken out.
fn without_defaults(value: &mut Value) {
    match value {
        Value::Object(object) => {
            object.remove("default");
            for (key, child) in object.iter_mut() {
                if !matches!(key.as_str(), "example" | "examples" | "enum") {
                    without_defaults(child);
                }
            }
        }
        Value::Array(members) => members.iter_mut().for_each(without_defaults),
        _ => {}
    }
}

/// `type: "null"` (the null member of a 3.1 union, kept for typify) is a type progenitor's
/// reading of OpenAPI panics on; `enum: [null]` says the same.
fn null_as_progenitor_reads(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if object.get("type") == Some(&json!("null")) {
                object.remove("type");
                object.insert("enum".into(), json!([null]));
            }
            for (key, child) in object.iter_mut() {
                if !matches!(key.as_str(), "example" | "examples" | "default" | "enum") {
                    null_as_progenitor_reads(child);
                }
            }
        }
        Value::Array(members) => members.iter_mut().for_each(null_as_progenitor_reads),
        _ => {}
    }
}

fn reduce_request_body(
    source: &Value,
    body: &Value,
    location: &str,
    warnings: &mut Vec<Warning>,
) -> Value {
    let mut body = resolve(source, body).clone();
    let content = body["content"].as_object().cloned().unwrap_or_default();
    let supported = content.iter().find(|(media, _)| {
        let essence = media.split(';').next().unwrap_or_default().trim();
        CLIENT_REQUEST_MEDIA.contains(&essence)
    });
    let (media, object) = match supported {
        Some((media, object)) => (media.clone(), object.clone()),
        None => {
            warnings.push(Warning::new(
                location,
                format!(
                    "client: progenitor cannot send {}; the client sends raw bytes",
                    content
                        .keys()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
            (
                "application/octet-stream".to_string(),
                json!({"schema": {"type": "string", "format": "binary"}}),
            )
        }
    };
    body["content"] = json!({ media: object });
    body
}

/// What progenitor tells responses apart by: no body, or the schema of the one it reads.
fn response_kind(response: &Value) -> String {
    match response["content"].as_object() {
        None => "none".to_string(),
        Some(content) if content.is_empty() => "none".to_string(),
        Some(content) => content
            .values()
            .next()
            .map(|media| media["schema"].to_string())
            .unwrap_or_default(),
    }
}

/// One kind of body among the successes and one among the errors: where they differ,
/// every response of that group is read as raw bytes.
fn reduce_responses(
    source: &Value,
    operation: &mut Value,
    location: &str,
    warnings: &mut Vec<Warning>,
) {
    let Some(responses) = operation["responses"].as_object().cloned() else {
        return;
    };
    let mut reduced = serde_json::Map::new();
    for (code, response) in &responses {
        let mut response = resolve(source, response).clone();
        if let Some(content) = response["content"].as_object().cloned() {
            if let Some((media, object)) = content
                .iter()
                .find(|(media, _)| media.starts_with("application/json"))
            {
                response["content"] = json!({ media: object });
            } else if !content.is_empty() {
                response["content"] = json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}});
            }
        }
        reduced.insert(code.clone(), response);
    }
    // progenitor's groups (`is_success_or_default`, `is_error_or_default`): `default`
    // belongs to both, so making one group raw can give the other a second kind; two
    // rounds settle it.
    let in_group = |code: &str, success: bool| {
        code == "default"
            || if success {
                code == "101" || code.starts_with('2')
            } else {
                code.starts_with('4') || code.starts_with('5')
            }
    };
    let mut warned = BTreeSet::new();
    for _ in 0..2 {
        for success in [true, false] {
            let kinds: BTreeSet<String> = reduced
                .iter()
                .filter(|(code, _)| in_group(code, success))
                .map(|(_, response)| response_kind(response))
                .collect();
            if kinds.len() <= 1 {
                continue;
            }
            if warned.insert(success) {
                warnings.push(Warning::new(
                    location,
                    format!(
                        "client: progenitor takes one body type per group; the {} responses have {} (`default` counts among both) and are read as raw bytes",
                        if success { "success" } else { "error" },
                        kinds.len()
                    ),
                ));
            }
            for (_, response) in reduced
                .iter_mut()
                .filter(|(code, _)| in_group(code, success))
            {
                response["content"] = json!({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}});
            }
        }
    }
    operation["responses"] = Value::Object(reduced);
}
