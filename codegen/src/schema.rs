//! OpenAPI 3.0 schemas to the JSON Schema that typify reads: the dialects differ in a
//! handful of keywords, so the schema is rewritten as JSON rather than field by field.
//!
//! - `nullable: true` becomes `type: [T, "null"]` (and `null` joins an `enum`), or a
//!   `oneOf` with `{type: null}` where there is no `type` (a `$ref`, `allOf`, `oneOf` …);
//! - boolean `exclusiveMinimum`/`exclusiveMaximum` become the numeric form;
//! - `example` becomes `examples`; `discriminator`, `xml` and `externalDocs` are dropped
//!   (typify infers the tag of a `oneOf` from the members themselves);
//! - siblings of a `$ref` are ignored, as OpenAPI 3.0 says;
//! - a property carrying the three-state extension (settings) becomes a placeholder
//!   `x-rust-type` that [`crate::types`] turns into the configured three-state type;
//! - inline schemas that typify would name like an existing type get a distinct `title`,
//!   because typify silently reuses a type whose name is already taken; a nullable root's
//!   title that would name its value like the root is dropped; component names that
//!   make one Rust name are numbered after the first (`Converter::component_key`).

use heck::ToPascalCase;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// The crate name typify sees for the three-state placeholder; see [`crate::types`].
pub(crate) const TRISTATE_CRATE: &str = "__fin_codegen_tristate";

/// Rewrites schemas of one document, remembering the type names already taken.
pub(crate) struct Converter {
    tristate_extension: Option<String>,
    /// The document's component schemas as written, for the members of an `allOf`.
    components: Map<String, Value>,
    taken: BTreeSet<String>,
    /// Component schemas whose names make one Rust name with an earlier one's
    /// (`foo_bar`, `FooBar`, `foo-bar`): each its own key, numbered, for typify.
    keys: BTreeMap<String, String>,
    /// The properties of every object schema seen: see [`ObjectRecord`].
    pub objects: Vec<ObjectRecord>,
}

impl Converter {
    pub fn new(tristate_extension: Option<String>, components: &Map<String, Value>) -> Self {
        // The first in the document's order keeps the name. The prelude's types are
        // taken: typify writes some of them unqualified (`impl TryFrom<String>`), and a
        // scaffold's `use api::*` would hide them from its `main.rs`.
        let mut taken: BTreeSet<String> = ["String", "Option", "Result", "Vec", "Box"]
            .into_iter()
            .map(str::to_string)
            .collect();
        let mut keys = BTreeMap::new();
        for name in components.keys() {
            let base = type_name(name);
            let mut unique = base.clone();
            let mut n = 2;
            while !taken.insert(unique.clone()) {
                unique = format!("{base}{n}");
                n += 1;
            }
            if unique != base {
                keys.insert(name.clone(), unique);
            }
        }
        Converter {
            tristate_extension,
            components: components.clone(),
            taken,
            keys,
            objects: Vec::new(),
        }
    }

    /// The key (and so the Rust name) typify knows a component schema by: its own, or a
    /// numbered one where an earlier component's name makes the same Rust name.
    pub fn component_key(&self, name: &str) -> String {
        self.keys
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    /// A name for a type the generator itself introduces (a parameter set, a body): the
    /// suggestion, or the suggestion with a number when that is taken.
    pub fn claim(&mut self, suggested: &str) -> String {
        let base = type_name(suggested);
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    /// Takes the Rust name a title makes for an inline type; `false` where another type
    /// has it (typify would silently reuse that one).
    pub fn take_title(&mut self, title: &str) -> bool {
        self.taken.insert(type_name(title))
    }

    /// Converts a component schema (named `name`) or an inline one (named, if typify
    /// names it, after `suggested`).
    pub fn convert(
        &mut self,
        schema: &Value,
        suggested: Option<&str>,
        is_component: bool,
    ) -> Value {
        self.schema(schema, suggested.map(str::to_string), is_component)
    }

    fn schema(&mut self, schema: &Value, suggested: Option<String>, is_root: bool) -> Value {
        let Some(object) = schema.as_object() else {
            // `true`/`false` schemas and anything malformed pass through.
            return schema.clone();
        };
        if let Some(reference) = object.get("$ref") {
            let renamed = reference
                .as_str()
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                .and_then(|name| self.keys.get(name));
            return match renamed {
                Some(key) => json!({ "$ref": format!("#/components/schemas/{key}") }),
                None => json!({ "$ref": reference }),
            };
        }
        let mut out = Map::new();
        let nullable = object.get("nullable").and_then(Value::as_bool) == Some(true);
        for (key, value) in object {
            match key.as_str() {
                "nullable" | "discriminator" | "xml" | "externalDocs" => {}
                "example" => {
                    out.insert("examples".into(), json!([value]));
                }
                "exclusiveMinimum" | "exclusiveMaximum" => {
                    let bound = if key == "exclusiveMinimum" {
                        "minimum"
                    } else {
                        "maximum"
                    };
                    if value.as_bool() == Some(true) {
                        if let Some(limit) = object.get(bound) {
                            out.insert(key.clone(), limit.clone());
                        }
                    } else if value.is_number() {
                        out.insert(key.clone(), value.clone());
                    }
                }
                "minimum" | "maximum" => {
                    let exclusive = if key == "minimum" {
                        "exclusiveMinimum"
                    } else {
                        "exclusiveMaximum"
                    };
                    if object.get(exclusive).and_then(Value::as_bool) != Some(true) {
                        out.insert(key.clone(), value.clone());
                    }
                }
                "properties" => {
                    if let Some(properties) = value.as_object() {
                        let name = object
                            .get("title")
                            .and_then(Value::as_str)
                            .map(str::to_string)
                            .or_else(|| suggested.clone())
                            .map(|name| type_name(&name));
                        self.objects.push(ObjectRecord {
                            name,
                            names: properties.keys().cloned().collect(),
                            nullable: properties
                                .iter()
                                .filter(|(_, p)| {
                                    p.get("nullable") == Some(&Value::Bool(true))
                                        || p.get("$ref").is_some() && is_nullable_ref(p)
                                })
                                .map(|(name, _)| name.clone())
                                .collect(),
                        });
                    }
                    let mut properties = Map::new();
                    for (name, property) in value.as_object().into_iter().flatten() {
                        let child = suggested
                            .as_ref()
                            .map(|s| format!("{s}{}", type_name(name)));
                        properties.insert(name.clone(), self.property(property, child));
                    }
                    out.insert(key.clone(), Value::Object(properties));
                }
                "items" | "not" => {
                    out.insert(key.clone(), self.schema(value, None, false));
                }
                "additionalProperties" if value.is_object() => {
                    out.insert(key.clone(), self.schema(value, None, false));
                }
                "allOf" | "anyOf" | "oneOf" => {
                    if key == "allOf" && value.as_array().is_some_and(|members| members.len() > 1) {
                        // typify merges the members into one struct: remember its properties.
                        let record = self.merged_record(value, object, suggested.as_deref());
                        self.objects.push(record);
                    }
                    let members = value
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|member| self.schema(member, None, false))
                        .collect();
                    // typify makes an `anyOf` it cannot prove exclusive a struct of
                    // flattened optional members, which serde cannot fill from a string
                    // or an array (and schemars then describes as a type array, which
                    // dropshot refuses). With a member that is not an object, the
                    // untagged enum of a `oneOf` is what `anyOf` means: the first match.
                    let key = match key.as_str() {
                        "anyOf"
                            if !object.contains_key("oneOf")
                                && value.as_array().is_some_and(|members| {
                                    members.iter().any(|member| self.is_not_object(member))
                                }) =>
                        {
                            "oneOf".to_string()
                        }
                        _ => key.clone(),
                    };
                    out.insert(key, Value::Array(members));
                }
                _ => {
                    out.insert(key.clone(), value.clone());
                }
            }
        }
        if !is_root && is_named_by_typify(&out) && !out.contains_key("title") {
            if let Some(suggested) = suggested {
                let name = type_name(&suggested);
                if self.taken.contains(&name) {
                    let title = self.claim(&format!("{suggested}Inline"));
                    out.insert("title".into(), json!(title));
                } else {
                    self.taken.insert(name);
                }
            }
        } else if let Some(title) = out
            .get("title")
            .and_then(Value::as_str)
            .filter(|_| !is_root)
        {
            if self.taken.contains(&type_name(title)) {
                let title = self.claim(title);
                out.insert("title".into(), json!(title));
            } else {
                self.taken.insert(type_name(title));
            }
        }
        if nullable && is_root {
            // typify names the value inside a nullable root by its title, and the root
            // by its own name: a title making that same name (`activity_log` titled
            // "Activity Log") would define it twice. Untitled, the value is `…Inner`.
            if let Some(title) = out.get("title").and_then(Value::as_str).map(type_name) {
                if self.taken.contains(&title) {
                    out.remove("title");
                } else {
                    self.taken.insert(title);
                }
            }
        }
        if nullable {
            make_nullable(out)
        } else {
            Value::Object(out)
        }
    }

    /// Whether a member (a component reference resolved) says it is a string, number,
    /// boolean or array.
    fn is_not_object(&self, member: &Value) -> bool {
        let member = match member.get("$ref").and_then(Value::as_str) {
            Some(reference) => reference
                .rsplit('/')
                .next()
                .and_then(|name| self.components.get(name))
                .unwrap_or(&Value::Null),
            None => member,
        };
        match member.get("type") {
            Some(Value::String(name)) => name != "object",
            Some(Value::Array(names)) => !names.iter().any(|name| name == "object"),
            _ => member.get("items").is_some(),
        }
    }

    fn merged_record(
        &self,
        members: &Value,
        object: &Map<String, Value>,
        suggested: Option<&str>,
    ) -> ObjectRecord {
        let mut names = Vec::new();
        let mut nullable = BTreeSet::new();
        let mut add = |schema: &Value| {
            for (name, property) in schema["properties"].as_object().into_iter().flatten() {
                if !names.contains(name) {
                    names.push(name.clone());
                }
                if property.get("nullable") == Some(&Value::Bool(true)) {
                    nullable.insert(name.clone());
                }
            }
        };
        for member in members.as_array().into_iter().flatten() {
            let member = match member.get("$ref").and_then(Value::as_str) {
                Some(reference) => reference
                    .rsplit('/')
                    .next()
                    .and_then(|name| self.components.get(name))
                    .unwrap_or(&Value::Null),
                None => member,
            };
            add(member);
        }
        add(&Value::Object(object.clone()));
        let name = object
            .get("title")
            .and_then(Value::as_str)
            .or(suggested)
            .map(type_name);
        ObjectRecord {
            name,
            names,
            nullable,
        }
    }

    fn property(&mut self, property: &Value, suggested: Option<String>) -> Value {
        let marked = self
            .tristate_extension
            .as_ref()
            .is_some_and(|extension| property.get(extension) == Some(&Value::Bool(true)));
        if !marked {
            return self.schema(property, suggested, false);
        }
        // The inner type is the value without its nullability: the three-state type
        // itself says "null".
        let mut inner = property.clone();
        if let Some(object) = inner.as_object_mut() {
            object.remove("nullable");
            object.remove("description");
            if let Some(Value::Array(values)) = object.get_mut("enum") {
                values.retain(|value| !value.is_null());
            }
        }
        let mut inner = self.schema(&inner, suggested.clone(), false);
        // typify names nothing inside `x-rust-type` parameters by itself.
        if let (Some(object), Some(suggested)) = (inner.as_object_mut(), suggested)
            && is_named_by_typify(object)
            && !object.contains_key("title")
        {
            // `schema` above reserved the name (or titled a clash already).
            object.insert("title".into(), json!(type_name(&suggested)));
        }
        let mut placeholder = Map::new();
        if let Some(description) = property.get("description") {
            placeholder.insert("description".into(), description.clone());
        }
        placeholder.insert(
            "x-rust-type".into(),
            json!({
                "crate": TRISTATE_CRATE,
                "version": "*",
                "path": format!("{TRISTATE_CRATE}::Tristate"),
                "parameters": [inner],
            }),
        );
        Value::Object(placeholder)
    }
}

/// An object schema's property names in the document's order (typify sorts a struct's
/// fields; constructors follow the document) and which of them may be `null` (typify
/// writes optional and nullable alike as `Option`; only these may be described so).
#[derive(Debug, Clone)]
pub(crate) struct ObjectRecord {
    /// The type name typify most likely gives it (its title, or parent and property).
    pub name: Option<String>,
    pub names: Vec<String>,
    pub nullable: BTreeSet<String>,
}

/// A `$ref` cannot say `nullable` in OpenAPI 3.0 (siblings are ignored): never nullable.
fn is_nullable_ref(_property: &Value) -> bool {
    false
}

/// Whether typify gives this schema a type of its own (and so a name).
fn is_named_by_typify(schema: &Map<String, Value>) -> bool {
    schema.contains_key("properties")
        || schema.contains_key("enum")
        || schema.contains_key("oneOf")
        || schema.contains_key("anyOf")
        || schema.contains_key("allOf")
        || schema.contains_key("pattern")
        || schema.contains_key("minLength")
        || schema.contains_key("maxLength")
}

fn make_nullable(mut schema: Map<String, Value>) -> Value {
    match schema.get("type").cloned() {
        Some(Value::String(name)) => {
            schema.insert("type".into(), json!([name, "null"]));
            if let Some(Value::Array(values)) = schema.get_mut("enum")
                && !values.contains(&Value::Null)
            {
                values.push(Value::Null);
            }
            Value::Object(schema)
        }
        Some(_) => Value::Object(schema),
        None => {
            // Keep the documentation on the wrapper, the shape inside.
            let mut wrapper = Map::new();
            for key in ["title", "description", "default"] {
                if let Some(value) = schema.remove(key) {
                    wrapper.insert(key.into(), value);
                }
            }
            let inner = if schema.is_empty() {
                json!({})
            } else {
                Value::Object(schema)
            };
            wrapper.insert("oneOf".into(), json!([inner, {"type": "null"}]));
            Value::Object(wrapper)
        }
    }
}

/// The Rust type name typify derives from a schema name.
pub(crate) fn type_name(name: &str) -> String {
    let pascal = name.to_pascal_case();
    if pascal.starts_with(|c: char| c.is_ascii_digit()) {
        format!("X{pascal}")
    } else {
        pascal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert(schema: Value) -> Value {
        let components = json!({"Taken": {}});
        Converter::new(Some("x-tristate".into()), components.as_object().unwrap()).convert(
            &schema,
            Some("Parent"),
            true,
        )
    }

    #[test]
    fn nullable_becomes_a_type_array_or_a_one_of_with_null() {
        assert_eq!(
            convert(json!({"type": "string", "nullable": true, "enum": ["a"]})),
            json!({"type": ["string", "null"], "enum": ["a", null]})
        );
        assert_eq!(
            convert(
                json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true, "description": "d"})
            ),
            json!({"description": "d", "oneOf": [{"allOf": [{"$ref": "#/components/schemas/A"}]}, {"type": "null"}]})
        );
    }

    #[test]
    fn boolean_exclusive_bounds_become_numeric() {
        assert_eq!(
            convert(
                json!({"type": "integer", "minimum": 1, "exclusiveMinimum": true, "maximum": 9, "exclusiveMaximum": false})
            ),
            json!({"type": "integer", "exclusiveMinimum": 1, "maximum": 9})
        );
    }

    #[test]
    fn ref_siblings_are_ignored_and_openapi_only_keywords_dropped() {
        assert_eq!(
            convert(json!({"$ref": "#/x/A", "description": "d"})),
            json!({"$ref": "#/x/A"})
        );
        assert_eq!(
            convert(
                json!({"type": "object", "discriminator": {"propertyName": "k"}, "example": {"k": 1}})
            ),
            json!({"type": "object", "examples": [{"k": 1}]})
        );
    }

    #[test]
    fn an_inline_schema_named_like_a_component_gets_its_own_title() {
        let components = json!({"MessageAuthor": {}});
        let converted = Converter::new(None, components.as_object().unwrap()).convert(
            &json!({"type": "object", "properties": {"author": {"type": "object", "properties": {"id": {"type": "string"}}}}}),
            Some("Message"),
            true,
        );
        assert_eq!(
            converted["properties"]["author"]["title"],
            json!("MessageAuthorInline")
        );
    }

    #[test]
    fn a_marked_property_becomes_the_three_state_placeholder() {
        let converted = convert(
            json!({"type": "object", "properties": {"a": {"type": "string", "nullable": true, "x-tristate": true}}}),
        );
        assert_eq!(
            converted["properties"]["a"]["x-rust-type"]["parameters"],
            json!([{"type": "string", "x-tristate": true}])
        );
    }
}
