//! OpenAPI 3.1 documents read as OpenAPI 3.0.3 plus [`Warning`]s, before anything else
//! sees them.
//!
//! Why a translation at the front rather than a 3.1 parser (`oas3`): everything behind
//! it reads 3.0 — `openapiv3` parses 3.0 only, typify and progenitor take 3.0 / draft-07
//! schemas, dropshot serves 3.0.3 — so a 3.1 model would still have to be lowered to 3.0
//! for each of them. Lowering once, as JSON, keeps one pipeline: a 3.1 document and its
//! 3.0 equivalent meet the same code and generate the same Rust.
//!
//! What 3.0 says directly is rewritten into its 3.0 form (type arrays with `null` to
//! `nullable`, `const` to a one-value `enum`, numeric exclusive bounds to the boolean
//! form, `examples` to `example`, `$defs`, `$id` and `$anchor` targets to components,
//! `components.pathItems` inlined). What it cannot say (`prefixItems` positions,
//! `if`/`then`/`else`, `dependentRequired`, …) gets its nearest 3.0 form for the Rust
//! types, a warning, and rides along as draft-07 JSON Schema in [`JSON_SCHEMA`], which
//! the body check of `with_body_schema_trait` (a draft-07 validator) restores, so the
//! constraint is still enforced at the boundary.

use crate::Warning;
use crate::schema::type_name;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// A schema's draft-07 keywords that OpenAPI 3.0 cannot carry; restored for the body check.
pub(crate) const JSON_SCHEMA: &str = "x-json-schema";

/// The translation's warnings, carried inside the 3.0 document (see [`crate::spec::load`]).
pub(crate) const WARNINGS: &str = "x-fin-codegen-openapi31-warnings";

/// JSON Schema dialects read as OpenAPI 3.1's own (its default, and the 2020-12 core it
/// extends with annotations only).
const DIALECTS: &[&str] = &[
    "https://spec.openapis.org/oas/3.1/dialect/base",
    "https://spec.openapis.org/oas/3.1/dialect/2024-10-25",
    "https://json-schema.org/draft/2020-12/schema",
];

/// Keywords that describe and do not constrain: beside a `$ref` they change no type.
const ANNOTATIONS: &[&str] = &[
    "description",
    "summary",
    "title",
    "examples",
    "example",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$comment",
    "externalDocs",
];

/// Whether `document` says it is OpenAPI 3.1.
pub fn is_openapi31(document: &Value) -> bool {
    document["openapi"]
        .as_str()
        .is_some_and(|version| version.starts_with("3.1."))
}

/// A 3.1 document as OpenAPI 3.0.3, and what that form does not keep.
pub fn translate(document: &Value) -> (Value, Vec<Warning>) {
    let mut translation = Translation {
        warnings: Vec::new(),
        original: Value::Null,
    };
    let mut document = document.clone();
    document["openapi"] = json!("3.0.3");
    translation.document_level(&mut document);
    inline_path_items(&mut document);
    translation.hoist_definitions(&mut document);
    translation.original = document.clone();
    translation.walk(&mut document, "#");
    translation.webhooks(&mut document);
    (document, translation.warnings)
}

struct Translation {
    warnings: Vec<Warning>,
    /// The document before its schemas are rewritten, to look up `$ref` members.
    original: Value,
}

impl Translation {
    fn warn(&mut self, location: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Warning::new(location, message));
    }

    /// `jsonSchemaDialect`, `info.summary`, `license.identifier`, a document without
    /// `paths`, operations without `responses`, `mutualTLS` security schemes.
    fn document_level(&mut self, document: &mut Value) {
        let Some(object) = document.as_object_mut() else {
            return;
        };
        if let Some(dialect) = object.remove("jsonSchemaDialect")
            && !dialect.as_str().is_some_and(|d| DIALECTS.contains(&d))
        {
            self.warn(
                "jsonSchemaDialect",
                format!("schemas are read as OpenAPI 3.1's default dialect, not {dialect}"),
            );
        }
        if let Some(info) = object.get_mut("info").and_then(Value::as_object_mut) {
            // 3.0 has neither; as extensions they stay in the document, changing nothing.
            if let Some(summary) = info.remove("summary") {
                info.insert("x-summary".into(), summary);
            }
            if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut)
                && let Some(identifier) = license.remove("identifier")
            {
                license.insert("x-identifier".into(), identifier);
            }
        }
        object.entry("paths").or_insert_with(|| json!({}));
        let methods = [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ];
        for section in ["paths", "webhooks"] {
            for item in object
                .get_mut(section)
                .and_then(Value::as_object_mut)
                .into_iter()
                .flat_map(|items| items.values_mut())
            {
                for method in methods {
                    if let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) {
                        // 3.1 lets an operation document no response; 3.0 needs the object.
                        let responses = operation.entry("responses").or_insert_with(|| json!({}));
                        // A response without its (required) description is still read:
                        // it only documents.
                        for response in responses
                            .as_object_mut()
                            .into_iter()
                            .flat_map(|r| r.values_mut())
                            .filter_map(Value::as_object_mut)
                            .filter(|r| !r.contains_key("$ref"))
                        {
                            response.entry("description").or_insert_with(|| json!(""));
                        }
                    }
                }
            }
        }
        for response in object
            .get_mut("components")
            .and_then(|c| c.get_mut("responses"))
            .and_then(Value::as_object_mut)
            .into_iter()
            .flat_map(|r| r.values_mut())
            .filter_map(Value::as_object_mut)
            .filter(|r| !r.contains_key("$ref"))
        {
            response.entry("description").or_insert_with(|| json!(""));
        }
        let mut mutual = Vec::new();
        if let Some(schemes) = object
            .get_mut("components")
            .and_then(|c| c.get_mut("securitySchemes"))
            .and_then(Value::as_object_mut)
        {
            schemes.retain(|name, scheme| {
                let keep = scheme["type"] != "mutualTLS";
                if !keep {
                    mutual.push(name.clone());
                }
                keep
            });
        }
        for name in mutual {
            self.warn(
                format!("components.securitySchemes.{name}"),
                "mutualTLS: OpenAPI 3.0 has no such scheme; the client certificate is the TLS layer's to check, the scheme is left out of the served document",
            );
        }
    }

    /// Every schema under `value`: `components.schemas` and every `schema` of a
    /// parameter, header or media type (examples and extensions are data, not schemas).
    fn walk(&mut self, value: &mut Value, at: &str) {
        match value {
            Value::Object(object) => {
                for (key, child) in object.iter_mut() {
                    if key.starts_with("x-")
                        || matches!(key.as_str(), "example" | "examples" | "default" | "value")
                    {
                        continue;
                    }
                    let here = format!("{at}/{key}");
                    if key == "schema" {
                        *child = self.schema(child, &here);
                    } else if key == "schemas" && at == "#/components" {
                        for (name, schema) in child.as_object_mut().into_iter().flatten() {
                            *schema = self.schema(schema, &format!("{here}/{name}"));
                        }
                    } else {
                        self.walk(child, &here);
                    }
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.walk(item, &format!("{at}/{index}"));
                }
            }
            _ => {}
        }
    }

    /// One 3.1 schema as 3.0.
    fn schema(&mut self, schema: &Value, at: &str) -> Value {
        match schema {
            Value::Bool(true) => json!({}),
            Value::Bool(false) => json!({"not": {}}),
            Value::Object(object) => Value::Object(self.object(object.clone(), at)),
            other => other.clone(),
        }
    }

    fn object(&mut self, mut object: Map<String, Value>, at: &str) -> Map<String, Value> {
        // Resolved into component references already (see `hoist_definitions`).
        for key in ["$id", "$anchor", "$dynamicAnchor", "$defs", "$comment"] {
            object.remove(key);
        }
        if let Some(dialect) = object.remove("$schema")
            && !dialect.as_str().is_some_and(|d| DIALECTS.contains(&d))
        {
            self.warn(
                at,
                format!("read as OpenAPI 3.1's default dialect, not {dialect}"),
            );
        }
        if let Some(reference) = object.remove("$ref") {
            let local = reference.as_str().is_some_and(|r| r.starts_with('#'));
            if local && crate::spec::resolve(&self.original, &json!({"$ref": reference})).is_null()
            {
                // Published 3.1 documents do have these (a schema filed under
                // `components.responses`); any JSON value lets the rest be served.
                self.warn(
                    at,
                    format!("reference {reference} leads nowhere; read as any JSON value"),
                );
                object.retain(|key, _| ANNOTATIONS.contains(&key.as_str()));
                return self.object(object, at);
            }
            object.retain(|key, _| !ANNOTATIONS.contains(&key.as_str()));
            if object.is_empty() {
                return Map::from_iter([("$ref".to_string(), reference)]);
            }
            // 3.1 applies a reference's siblings too; 3.0 ignores them, so they go
            // beside the reference in an `allOf`.
            let mut rest = self.object(object, at);
            let reference = json!({"$ref": reference});
            match rest.get_mut("allOf").and_then(Value::as_array_mut) {
                Some(members) => members.insert(0, reference),
                None => {
                    rest.insert("allOf".into(), json!([reference]));
                }
            }
            return rest;
        }
        if let Some(value) = object.remove("const") {
            let allowed = match object.get("enum").and_then(Value::as_array) {
                Some(values) if !values.contains(&value) => vec![],
                _ => vec![value],
            };
            object.insert("enum".into(), Value::Array(allowed));
        }
        let mut nullable = false;
        // `null` allowed by a member of the union, whatever an `enum` beside it says.
        let mut null_member = false;
        for key in ["anyOf", "oneOf"] {
            let Some(members) = object.get(key).and_then(Value::as_array).cloned() else {
                continue;
            };
            let (nulls, others): (Vec<Value>, Vec<Value>) =
                members.into_iter().partition(is_null_schema);
            if nulls.is_empty() || others.is_empty() {
                continue;
            }
            nullable = true;
            null_member = true;
            if let [only] = others.as_slice() {
                object.remove(key);
                merge_member(&mut object, only.clone());
            } else {
                object.insert(key.into(), Value::Array(others));
            }
        }
        // `type: "null"` alone stays: openapiv3 keeps it and typify reads it (as `()`).
        if let Some(Value::Array(types)) = object.get("type").cloned() {
            let mut names: Vec<String> = Vec::new();
            for name in types.iter().filter_map(Value::as_str) {
                if name == "null" {
                    nullable = true;
                } else if !names.iter().any(|n| n == name) {
                    names.push(name.to_string());
                }
            }
            match names.as_slice() {
                [] => {
                    nullable = false;
                    object.insert("type".into(), json!("null"));
                }
                [one] => {
                    object.insert("type".into(), json!(one));
                }
                several => {
                    // One member per type, each with the keywords that apply to it.
                    object.remove("type");
                    let members: Vec<Value> = several
                        .iter()
                        .map(|name| {
                            let mut member = Map::new();
                            member.insert("type".into(), json!(name));
                            for key in keywords_of(name) {
                                if let Some(value) = object.get(*key) {
                                    member.insert((*key).to_string(), value.clone());
                                }
                            }
                            Value::Object(member)
                        })
                        .collect();
                    for name in several {
                        for key in keywords_of(name) {
                            object.remove(*key);
                        }
                    }
                    if let Some(existing) = object.remove("anyOf") {
                        let all = object.entry("allOf").or_insert_with(|| json!([]));
                        if let Some(all) = all.as_array_mut() {
                            all.push(json!({"anyOf": existing}));
                        }
                    }
                    object.insert("anyOf".into(), Value::Array(members));
                }
            }
        }
        if nullable && let Some(values) = object.get_mut("enum").and_then(Value::as_array_mut) {
            // `null` stays among the values, as OpenAPI 3.0.3 wants of a nullable enum
            // (and as the schema is served).
            if !values.contains(&Value::Null) && !null_member {
                // `type: [T, "null"]` with an `enum` without `null`: the enum excludes it.
                nullable = false;
            }
        }
        let mut out = Map::new();
        let mut extra = Map::new();
        let composed = ["allOf", "anyOf", "oneOf", "if", "dependentSchemas", "not"]
            .iter()
            .any(|key| object.contains_key(*key));
        if object.contains_key("prefixItems") {
            self.tuple(&object, &mut out, &mut extra, at);
        }
        for (key, value) in &object {
            let here = format!("{at}/{key}");
            match key.as_str() {
                "prefixItems" => {}
                "items" if object.contains_key("prefixItems") => {}
                "unevaluatedItems" if object.contains_key("prefixItems") => {}
                "items" => match value {
                    Value::Array(_) => self.warn(
                        &here,
                        "an array of `items` is not 3.1 (`prefixItems` is); read as any items",
                    ),
                    Value::Bool(false) => {
                        out.insert("maxItems".into(), json!(0));
                    }
                    _ => {
                        out.insert(key.clone(), self.schema(value, &here));
                    }
                },
                "properties" => {
                    let properties = value
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(name, property)| {
                            let schema = self.schema(property, &format!("{here}/{name}"));
                            (name.clone(), schema)
                        })
                        .collect();
                    out.insert(key.clone(), Value::Object(properties));
                }
                "additionalProperties" | "not" => {
                    let translated = match value {
                        Value::Bool(_) => value.clone(),
                        _ => self.schema(value, &here),
                    };
                    out.insert(key.clone(), translated);
                }
                "allOf" | "anyOf" | "oneOf" => {
                    let members = value
                        .as_array()
                        .into_iter()
                        .flatten()
                        .enumerate()
                        .map(|(index, member)| self.schema(member, &format!("{here}/{index}")))
                        .collect();
                    out.insert(key.clone(), Value::Array(members));
                }
                "examples" => {
                    // 3.0 takes one example; the others are documentation only.
                    if let Some(first) = value.as_array().and_then(|values| values.first())
                        && !object.contains_key("example")
                    {
                        out.insert("example".into(), first.clone());
                    }
                }
                "exclusiveMinimum" | "exclusiveMaximum" => {
                    let bound = if key == "exclusiveMinimum" {
                        "minimum"
                    } else {
                        "maximum"
                    };
                    match (value.as_f64(), object.get(bound).and_then(Value::as_f64)) {
                        (Some(exclusive), Some(inclusive))
                            if (key == "exclusiveMinimum") != (exclusive >= inclusive) =>
                        {
                            // The inclusive bound is the stricter one: it stays.
                        }
                        (Some(_), _) => {
                            out.insert(bound.into(), value.clone());
                            out.insert(key.clone(), json!(true));
                        }
                        (None, _) => {
                            out.insert(key.clone(), value.clone());
                        }
                    }
                }
                "minimum" | "maximum" => {
                    out.entry(key.clone()).or_insert_with(|| value.clone());
                }
                "if" | "then" | "else" => {
                    if key == "if" {
                        self.warn(
                            &here,
                            "if/then/else: the Rust type is the schema without the condition; the body check enforces it",
                        );
                    }
                    extra.insert(key.clone(), draft7(value));
                }
                "dependentRequired" | "dependentSchemas" => {
                    self.warn(
                        &here,
                        format!("{key}: not in the Rust type; the body check enforces it"),
                    );
                    let dependencies = extra.entry("dependencies").or_insert_with(|| json!({}));
                    for (name, dependency) in value.as_object().into_iter().flatten() {
                        dependencies[name] = draft7(dependency);
                    }
                }
                "unevaluatedProperties" => {
                    if !composed && !object.contains_key("additionalProperties") {
                        // Nothing else evaluates properties: it says what
                        // `additionalProperties` says.
                        let translated = match value {
                            Value::Bool(_) => value.clone(),
                            _ => self.schema(value, &here),
                        };
                        out.insert("additionalProperties".into(), translated);
                    } else if value == &Value::Bool(false) {
                        let names = self.evaluated_properties(&object);
                        self.warn(
                            &here,
                            "unevaluatedProperties: false in a composition: the Rust type ignores unknown properties; the body check refuses any property no member names",
                        );
                        extra.insert("propertyNames".into(), json!({"enum": names}));
                    } else {
                        self.warn(
                            &here,
                            "unevaluatedProperties with a schema in a composition: not enforced",
                        );
                    }
                }
                "unevaluatedItems" => {
                    if !composed && !object.contains_key("items") {
                        match value {
                            Value::Bool(false) => {
                                out.insert("maxItems".into(), json!(0));
                            }
                            _ => {
                                out.insert("items".into(), self.schema(value, &here));
                            }
                        }
                    } else {
                        self.warn(&here, "unevaluatedItems in a composition: not enforced");
                    }
                }
                "contentEncoding" | "contentMediaType" | "contentSchema" => {
                    self.content(key, value, &object, &mut out, &mut extra, &here);
                }
                "patternProperties" | "propertyNames" | "contains" => {
                    self.warn(
                        &here,
                        format!("{key}: not in the Rust type; the body check enforces it"),
                    );
                    extra.insert(key.clone(), draft7(value));
                    if key == "patternProperties"
                        && !object.contains_key("additionalProperties")
                        && let Some(object) = value.as_object()
                        && let [(_, only)] = object.iter().collect::<Vec<_>>().as_slice()
                    {
                        // The nearest Rust: a map of the values one pattern allows.
                        let translated = self.schema(only, &here);
                        out.insert("additionalProperties".into(), translated);
                    }
                }
                "minContains" | "maxContains" | "$dynamicRef" | "dependencies" => {
                    self.warn(&here, format!("{key}: not enforced"));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if nullable {
            out.insert("nullable".into(), json!(true));
        }
        if !extra.is_empty() {
            out.insert(JSON_SCHEMA.into(), Value::Object(extra));
        }
        out
    }

    /// `prefixItems`: dropshot's 3.0 output cannot describe a tuple (it panics on one),
    /// so the Rust type is a `Vec` of any of the members, its length bounded; the body
    /// check restores each position (draft-07 `items` as an array).
    fn tuple(
        &mut self,
        object: &Map<String, Value>,
        out: &mut Map<String, Value>,
        extra: &mut Map<String, Value>,
        at: &str,
    ) {
        let prefix: Vec<Value> = object["prefixItems"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let rest = object
            .get("items")
            .or_else(|| object.get("unevaluatedItems"));
        let closed = rest == Some(&Value::Bool(false));
        let mut union: Vec<Value> = Vec::new();
        for (index, member) in prefix.iter().enumerate() {
            let member = self.schema(member, &format!("{at}/prefixItems/{index}"));
            if !union.contains(&member) {
                union.push(member);
            }
        }
        if let Some(rest) = rest.filter(|rest| !rest.is_boolean()) {
            let member = self.schema(rest, &format!("{at}/items"));
            if !union.contains(&member) {
                union.push(member);
            }
        }
        let items = match union.as_slice() {
            [] => json!({}),
            [one] => one.clone(),
            _ => json!({"anyOf": union}),
        };
        out.insert("items".into(), items);
        if closed && !object.contains_key("maxItems") {
            out.insert("maxItems".into(), json!(prefix.len()));
        }
        extra.insert(
            "items".into(),
            Value::Array(prefix.iter().map(draft7).collect()),
        );
        if let Some(rest) = rest {
            extra.insert("additionalItems".into(), draft7(rest));
        }
        self.warn(
            format!("{at}/prefixItems"),
            "a tuple is a `Vec` of any of its members in Rust (dropshot's OpenAPI 3.0 cannot describe a tuple); the body check enforces each position",
        );
    }

    /// `contentEncoding: base64` is 3.0's `format: byte`, binary content its `format:
    /// binary`; any other media type is a string whose content nothing checks.
    fn content(
        &mut self,
        key: &str,
        value: &Value,
        object: &Map<String, Value>,
        out: &mut Map<String, Value>,
        extra: &mut Map<String, Value>,
        at: &str,
    ) {
        let format = object.get("format");
        match (key, value.as_str()) {
            ("contentEncoding", Some("base64")) if format.is_none() => {
                out.insert("format".into(), json!("byte"));
            }
            ("contentMediaType", Some("application/octet-stream"))
                if format.is_none() && !object.contains_key("contentEncoding") =>
            {
                out.insert("format".into(), json!("binary"));
            }
            ("contentMediaType", _) if object.contains_key("contentEncoding") => {
                self.warn(
                    at,
                    format!(
                        "a string carrying {value} ({}): its content is not checked",
                        object["contentEncoding"]
                    ),
                );
                extra.insert(key.into(), value.clone());
            }
            ("contentEncoding", _) => {
                self.warn(at, format!("encoding {value}: a string, not decoded"));
                extra.insert(key.into(), value.clone());
            }
            ("contentSchema", _) => {
                self.warn(at, "contentSchema: the content is a string, not checked");
            }
            _ => {
                self.warn(
                    at,
                    format!("a string carrying {value}: its content is not checked"),
                );
                extra.insert(key.into(), value.clone());
            }
        }
    }

    /// The properties an object schema's own keywords and its members name.
    fn evaluated_properties(&self, object: &Map<String, Value>) -> Vec<String> {
        let mut names = BTreeSet::new();
        let mut pending = vec![Value::Object(object.clone())];
        let mut steps = 0;
        while let Some(schema) = pending.pop() {
            steps += 1;
            if steps > 256 {
                break;
            }
            let schema = crate::spec::resolve(&self.original, &schema).clone();
            for name in schema["properties"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(n, _)| n)
            {
                names.insert(name.clone());
            }
            for key in ["allOf", "anyOf", "oneOf"] {
                pending.extend(schema[key].as_array().into_iter().flatten().cloned());
            }
            for key in ["then", "else"] {
                if let Some(member) = schema.get(key) {
                    pending.push(member.clone());
                }
            }
        }
        names.into_iter().collect()
    }

    /// `$defs`, and schemas named by `$id` or `$anchor`, become components (typify and
    /// the body check follow `#/components/schemas/…` references), and every reference
    /// to them is rewritten to its component.
    fn hoist_definitions(&mut self, document: &mut Value) {
        let mut targets: Vec<Target> = Vec::new();
        collect_targets(document, "", false, &mut targets);
        if targets.is_empty() {
            return;
        }
        let mut taken: BTreeSet<String> = document["components"]["schemas"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, _)| type_name(name))
            .collect();
        // Pointer of each hoisted schema to its component's pointer.
        let mut hoisted: BTreeMap<String, String> = BTreeMap::new();
        // Reference spellings (`#anchor`, `$id`) to the pointer they name.
        let mut aliases: BTreeMap<String, String> = BTreeMap::new();
        for target in &targets {
            for alias in &target.aliases {
                aliases.insert(alias.clone(), target.pointer.clone());
            }
            let direct_component = target
                .pointer
                .strip_prefix("/components/schemas/")
                .is_some_and(|name| !name.contains('/'));
            if direct_component || !target.hoist {
                continue;
            }
            let mut name = type_name(&target.name);
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{}{n}", type_name(&target.name));
                n += 1;
            }
            taken.insert(name.clone());
            hoisted.insert(
                target.pointer.clone(),
                format!("/components/schemas/{name}"),
            );
        }
        rewrite_references(document, &aliases, &hoisted);
        // Deepest first, so that a definition inside another leaves before its parent.
        let mut moves: Vec<(&String, &String)> = hoisted.iter().collect();
        moves.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        for (from, to) in moves {
            let Some(slot) = document.pointer_mut(from) else {
                continue;
            };
            let schema = std::mem::replace(slot, json!({"$ref": format!("#{to}")}));
            let name = to.trim_start_matches("/components/schemas/").to_string();
            let components = &mut document["components"]["schemas"];
            if !components.is_object() {
                *components = json!({});
            }
            components[name] = schema;
        }
        remove_defs(document);
        // A schema `$ref` that leads to a `$defs` entry whose parent moved is rewritten
        // above; `self.warnings` is untouched: this is exact.
    }

    /// `webhooks`: operations the other side hosts. Their payloads become component
    /// types (generated like every component); the operations join neither the trait
    /// nor the client.
    fn webhooks(&mut self, document: &mut Value) {
        let Some(webhooks) = document
            .as_object_mut()
            .and_then(|object| object.remove("webhooks"))
        else {
            return;
        };
        let mut taken: BTreeSet<String> = document["components"]["schemas"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, _)| type_name(name))
            .collect();
        let mut added = Vec::new();
        for (name, item) in webhooks.as_object().into_iter().flatten() {
            for (method, operation) in item.as_object().into_iter().flatten() {
                if !operation.is_object() || method == "parameters" || method == "servers" {
                    continue;
                }
                let location = format!("webhook {name} ({})", method.to_uppercase());
                let mut payloads = Vec::new();
                let body = crate::spec::resolve(document, &operation["requestBody"]).clone();
                let mut bodies = vec![(body, "Webhook".to_string())];
                for (code, response) in operation["responses"].as_object().into_iter().flatten() {
                    if code.starts_with('2') {
                        bodies.push((
                            crate::spec::resolve(document, response).clone(),
                            format!("WebhookResponse{code}"),
                        ));
                    }
                }
                for (body, suffix) in bodies {
                    let Some((_, media)) = body["content"]
                        .as_object()
                        .into_iter()
                        .flatten()
                        .find(|(media, _)| media.contains("json"))
                    else {
                        continue;
                    };
                    let schema = &media["schema"];
                    if let Some(reference) = schema["$ref"].as_str() {
                        payloads.push(format!(
                            "`{}`",
                            reference.rsplit('/').next().unwrap_or(reference)
                        ));
                        continue;
                    }
                    if schema.is_null() {
                        continue;
                    }
                    let base = format!("{}{suffix}", type_name(name));
                    let mut component = base.clone();
                    let mut n = 2;
                    while taken.contains(&component) {
                        component = format!("{base}{n}");
                        n += 1;
                    }
                    taken.insert(component.clone());
                    payloads.push(format!("`{component}`"));
                    added.push((component, schema.clone()));
                }
                self.warn(
                    location,
                    format!(
                        "a webhook: hosted by the subscriber, so in neither the trait nor the client (OpenAPI 3.0.3 has no webhooks); payload types: {}",
                        if payloads.is_empty() {
                            "none".to_string()
                        } else {
                            payloads.join(", ")
                        }
                    ),
                );
            }
        }
        if added.is_empty() {
            return;
        }
        let components = &mut document["components"]["schemas"];
        if !components.is_object() {
            *components = json!({});
        }
        for (name, schema) in added {
            components[name] = schema;
        }
    }
}

/// A schema a reference may name other than by a component pointer.
struct Target {
    /// JSON pointer (without `#`).
    pointer: String,
    /// `#anchor`, `$id`, `$id#anchor`.
    aliases: Vec<String>,
    /// The name its component gets.
    name: String,
    /// Whether it must become a component (`$defs` entries and anchored schemas).
    hoist: bool,
}

fn collect_targets(value: &Value, pointer: &str, in_schema: bool, targets: &mut Vec<Target>) {
    let Some(object) = value.as_object() else {
        if let Value::Array(items) = value {
            for (index, item) in items.iter().enumerate() {
                collect_targets(item, &format!("{pointer}/{index}"), in_schema, targets);
            }
        }
        return;
    };
    let mut aliases = Vec::new();
    let id = object.get("$id").and_then(Value::as_str);
    if let Some(id) = id {
        aliases.push(id.to_string());
    }
    for key in ["$anchor", "$dynamicAnchor"] {
        if let Some(anchor) = object.get(key).and_then(Value::as_str) {
            aliases.push(format!("#{anchor}"));
            if let Some(id) = id {
                aliases.push(format!("{id}#{anchor}"));
            }
        }
    }
    let last = pointer.rsplit('/').next().unwrap_or_default().to_string();
    let is_def = pointer
        .rsplit('/')
        .nth(1)
        .is_some_and(|parent| parent == "$defs" || parent == "definitions");
    if !aliases.is_empty() || is_def {
        let name = object
            .get("$anchor")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| {
                id.and_then(|id| id.trim_end_matches(".json").rsplit(['/', ':']).next())
                    .map(str::to_string)
            })
            .unwrap_or_else(|| last.clone());
        targets.push(Target {
            pointer: pointer.to_string(),
            aliases,
            name: name.replace("~1", "/").replace("~0", "~"),
            hoist: is_def || in_schema,
        });
    }
    for (key, child) in object {
        if key.starts_with("x-")
            || matches!(
                key.as_str(),
                "example" | "examples" | "default" | "enum" | "const"
            )
        {
            continue;
        }
        let escaped = key.replace('~', "~0").replace('/', "~1");
        collect_targets(
            child,
            &format!("{pointer}/{escaped}"),
            in_schema || key == "schema" || key == "schemas",
            targets,
        );
    }
}

fn rewrite_references(
    value: &mut Value,
    aliases: &BTreeMap<String, String>,
    hoisted: &BTreeMap<String, String>,
) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get_mut("$ref") {
                let pointer = match aliases.get(reference.as_str()) {
                    Some(pointer) => Some(pointer.clone()),
                    None => reference.strip_prefix('#').map(str::to_string),
                };
                if let Some(mut pointer) = pointer {
                    // The longest hoisted prefix names the new home.
                    if let Some((from, to)) = hoisted
                        .iter()
                        .filter(|(from, _)| {
                            pointer == **from || pointer.starts_with(&format!("{from}/"))
                        })
                        .max_by_key(|(from, _)| from.len())
                    {
                        pointer = format!("{to}{}", &pointer[from.len()..]);
                    }
                    *reference = format!("#{pointer}");
                }
            }
            for (key, child) in object.iter_mut() {
                if key.starts_with("x-")
                    || matches!(
                        key.as_str(),
                        "example" | "examples" | "default" | "enum" | "const"
                    )
                {
                    continue;
                }
                rewrite_references(child, aliases, hoisted);
            }
        }
        Value::Array(items) => {
            for item in items {
                rewrite_references(item, aliases, hoisted);
            }
        }
        _ => {}
    }
}

fn remove_defs(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if object.get("$defs").is_some_and(|defs| {
                defs.as_object()
                    .is_some_and(|defs| defs.values().all(|d| d.get("$ref").is_some()))
            }) {
                object.remove("$defs");
            }
            for child in object.values_mut() {
                remove_defs(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(remove_defs),
        _ => {}
    }
}

/// `components.pathItems` (and any `$ref` path item) inlined where used: 3.0 has no
/// such component, and its siblings (`summary`, `description`) override the target's.
fn inline_path_items(document: &mut Value) {
    let original = document.clone();
    for section in ["paths", "webhooks"] {
        for item in document
            .get_mut(section)
            .and_then(Value::as_object_mut)
            .into_iter()
            .flat_map(|items| items.values_mut())
        {
            let Some(object) = item.as_object() else {
                continue;
            };
            if !object.contains_key("$ref") {
                continue;
            }
            let mut resolved = crate::spec::resolve(&original, item).clone();
            if let (Some(resolved), Some(object)) = (resolved.as_object_mut(), item.as_object()) {
                for (key, value) in object {
                    if key != "$ref" {
                        resolved.insert(key.clone(), value.clone());
                    }
                }
            }
            if resolved.is_object() {
                *item = resolved;
            }
        }
    }
    if let Some(components) = document
        .get_mut("components")
        .and_then(Value::as_object_mut)
    {
        components.remove("pathItems");
    }
}

/// `{type: "null"}` (or `const: null`), alone but for annotations.
fn is_null_schema(schema: &Value) -> bool {
    let Some(object) = schema.as_object() else {
        return false;
    };
    let null = object.get("type") == Some(&json!("null"))
        || object.get("const") == Some(&Value::Null)
        || object.get("enum") == Some(&json!([null]));
    null && object.keys().all(|key| {
        matches!(key.as_str(), "type" | "const" | "enum") || ANNOTATIONS.contains(&key.as_str())
    })
}

/// The one non-null member of a nullable `anyOf`/`oneOf` folded into its parent: a
/// reference as 3.0's `allOf: [{$ref}]`, an inline schema merged where no keyword clashes.
fn merge_member(object: &mut Map<String, Value>, member: Value) {
    let Value::Object(member) = member else {
        return;
    };
    let is_reference = member.contains_key("$ref");
    let clashes = member.keys().any(|key| object.contains_key(key));
    if is_reference || clashes {
        let all = object.entry("allOf").or_insert_with(|| json!([]));
        if let Some(all) = all.as_array_mut() {
            all.insert(0, Value::Object(member));
        }
    } else {
        object.extend(member);
    }
}

/// The keywords that apply to instances of one JSON type.
fn keywords_of(name: &str) -> &'static [&'static str] {
    match name {
        "string" => &[
            "minLength",
            "maxLength",
            "pattern",
            "format",
            "contentEncoding",
            "contentMediaType",
        ],
        "number" | "integer" => &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "format",
        ],
        "array" => &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
            "contains",
            "unevaluatedItems",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "patternProperties",
            "propertyNames",
            "unevaluatedProperties",
            "dependentRequired",
        ],
        _ => &[],
    }
}

/// A 3.1 schema as draft-07 JSON Schema, for the body check: tuples as an `items`
/// array, `dependentRequired`/`dependentSchemas` as `dependencies`, a reference's
/// siblings beside it in an `allOf` (draft 07 ignores them).
pub(crate) fn draft7(schema: &Value) -> Value {
    let Some(object) = schema.as_object() else {
        return schema.clone();
    };
    let mut out = Map::new();
    let mut rest = object.clone();
    if let Some(reference) = rest.remove("$ref") {
        rest.retain(|key, _| !ANNOTATIONS.contains(&key.as_str()));
        if rest.is_empty() {
            return json!({"$ref": reference});
        }
        let mut siblings = match draft7(&Value::Object(rest)) {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        let all = siblings.entry("allOf").or_insert_with(|| json!([]));
        if let Some(all) = all.as_array_mut() {
            all.insert(0, json!({"$ref": reference}));
        }
        return Value::Object(siblings);
    }
    for (key, value) in &rest {
        match key.as_str() {
            "prefixItems" => {
                out.insert(
                    "items".into(),
                    Value::Array(value.as_array().into_iter().flatten().map(draft7).collect()),
                );
                if let Some(items) = rest.get("items").or_else(|| rest.get("unevaluatedItems")) {
                    out.insert("additionalItems".into(), draft7(items));
                }
            }
            "items" | "unevaluatedItems" if rest.contains_key("prefixItems") => {}
            "dependentRequired" | "dependentSchemas" => {
                let dependencies = out.entry("dependencies").or_insert_with(|| json!({}));
                for (name, dependency) in value.as_object().into_iter().flatten() {
                    dependencies[name] = draft7(dependency);
                }
            }
            "properties" | "patternProperties" | "$defs" | "definitions" => {
                let map = value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(name, schema)| (name.clone(), draft7(schema)))
                    .collect();
                out.insert(key.clone(), Value::Object(map));
            }
            "items"
            | "additionalProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames" => {
                out.insert(key.clone(), draft7(value));
            }
            "allOf" | "anyOf" | "oneOf" => {
                out.insert(
                    key.clone(),
                    Value::Array(value.as_array().into_iter().flatten().map(draft7).collect()),
                );
            }
            "$anchor" | "$id" | "$schema" | "$dynamicAnchor" => {}
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Value::Object(out)
}

/// The warnings [`translate`] left in a document (see [`WARNINGS`]).
pub(crate) fn carried(document: &openapiv3::OpenAPI) -> Vec<Warning> {
    document
        .extensions
        .get(WARNINGS)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|warning| {
            Warning::new(
                warning["location"].as_str().unwrap_or_default(),
                warning["message"].as_str().unwrap_or_default(),
            )
        })
        .collect()
}

/// Warnings as the JSON [`carried`] reads.
pub(crate) fn to_carry(warnings: &[Warning]) -> Value {
    Value::Array(
        warnings
            .iter()
            .map(|w| json!({"location": w.location, "message": w.message}))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schemas(components: Value) -> Value {
        let document = json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"},
            "components": {"schemas": components}});
        translate(&document).0["components"]["schemas"].clone()
    }

    #[test]
    fn nullability_is_said_the_3_0_way() {
        assert_eq!(
            schemas(json!({
                "A": {"type": ["string", "null"], "enum": ["a", null]},
                "B": {"type": ["string", "null"], "enum": ["a"]},
                "C": {"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}], "description": "c"},
                "D": {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]},
            })),
            json!({
                "A": {"type": "string", "enum": ["a", null], "nullable": true},
                "B": {"type": "string", "enum": ["a"]},
                "C": {"description": "c", "allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true},
                "D": {"type": "integer", "minimum": 1, "nullable": true},
            })
        );
    }

    #[test]
    fn what_3_0_cannot_say_rides_along_for_the_body_check() {
        let translated = schemas(json!({
            "P": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false},
            "Q": {"type": "object", "dependentRequired": {"a": ["b"]}, "exclusiveMinimum": 0},
        }));
        assert_eq!(
            translated["P"],
            json!({"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                "maxItems": 2, JSON_SCHEMA: {"items": [{"type": "string"}, {"type": "integer"}], "additionalItems": false}})
        );
        assert_eq!(
            translated["Q"],
            json!({"type": "object", "minimum": 0, "exclusiveMinimum": true, JSON_SCHEMA: {"dependencies": {"a": ["b"]}}})
        );
    }

    #[test]
    fn the_round_trip_reads_type_arrays_as_nullable() {
        let source = json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": {
            "operationId": "a", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema":
            {"type": "object", "properties": {"x": {"type": ["string", "null"]}}}}}}}}}}});
        let served = json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": {
            "operationId": "a", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema":
            {"type": "object", "properties": {"x": {"type": "string", "nullable": true}}}}}}}}}}});
        let drifts =
            crate::roundtrip::compare(&source, &served, &crate::GenerationSettings::new("T"));
        assert!(drifts.is_empty(), "{drifts:?}");
    }

    #[test]
    fn anchors_ids_and_defs_become_components() {
        let translated = schemas(json!({
            "A": {"type": "object", "properties": {
                "b": {"$ref": "#/components/schemas/A/$defs/B"},
                "c": {"$ref": "#see"},
                "d": {"$ref": "https://example.com/d"}},
                "$defs": {"B": {"type": "string"}}},
            "H": {"type": "object", "properties": {
                "see": {"$anchor": "see", "type": "integer"},
                "d": {"$id": "https://example.com/d", "type": "boolean"}}},
        }));
        assert_eq!(
            translated["A"]["properties"]["b"],
            json!({"$ref": "#/components/schemas/B"})
        );
        assert_eq!(
            translated["A"]["properties"]["c"],
            json!({"$ref": "#/components/schemas/See"})
        );
        assert_eq!(
            translated["A"]["properties"]["d"],
            json!({"$ref": "#/components/schemas/D"})
        );
        assert_eq!(translated["B"], json!({"type": "string"}));
        assert_eq!(translated["See"], json!({"type": "integer"}));
        assert!(translated["A"].get("$defs").is_none());
    }
}
