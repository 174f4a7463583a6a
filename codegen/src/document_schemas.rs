//! `JsonSchema` for the component types, written from the document's own schemas instead
//! of derived, so that the document dropshot serves says of them what the source says.
//!
//! A derive describes the Rust type typify chose, which is near the schema but not it
//! (`uint32` where the document says `uint`, the type's name as its description, a union
//! as `anyOf` where the document has a `oneOf` of scalars that dropshot takes as a
//! parameter). dropshot turns a schemars schema into OpenAPI with `nullable`, `example`
//! and `x-` extensions kept, so the schemars form of an OpenAPI 3.0 schema is that schema
//! itself, but for the boolean `exclusiveMinimum`/`exclusiveMaximum` of 3.0, which JSON
//! Schema writes as numbers.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One component type's schema as the document writes it.
pub(crate) struct DocumentSchema {
    /// The component's name, which is also the schema's name in the served document.
    pub component: String,
    /// The Rust type typify made of it.
    pub ident: String,
    /// The schema in the form schemars reads.
    pub schema: Value,
    /// The Rust types of the components it refers to, which the served document must
    /// define too.
    pub dependencies: Vec<String>,
}

/// The schemars form of an OpenAPI 3.0 schema, `None` when schemars cannot read it (the
/// type then keeps its derived schema).
pub(crate) fn as_schemars(schema: &Value) -> Option<Value> {
    let mut schema = schema.clone();
    numeric_exclusive_bounds(&mut schema);
    each_schema(&mut schema, &mut |object| {
        type_of_enum(object);
        as_dropshot_reads(object);
    });
    serde_json::from_value::<schemars::schema::Schema>(schema.clone()).ok()?;
    Some(schema)
}

/// Calls `edit` on the schema and every schema inside it.
fn each_schema(schema: &mut Value, edit: &mut impl FnMut(&mut serde_json::Map<String, Value>)) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    edit(object);
    for key in ["items", "additionalProperties", "not"] {
        if let Some(inner) = object.get_mut(key) {
            each_schema(inner, edit);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for inner in object
            .get_mut(key)
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            each_schema(inner, edit);
        }
    }
    for inner in object
        .get_mut("properties")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|properties| properties.values_mut())
    {
        each_schema(inner, edit);
    }
}

/// What dropshot's conversion to OpenAPI (`schema_util::j2oas_schema`) would panic on,
/// said its way: an array without `items` has any items; `allOf`, `anyOf`, `oneOf` and
/// `not` side by side without a `type` are one `allOf`; `enum` values of another type
/// than `type` are left out (a schema no value of that type could meet).
fn as_dropshot_reads(object: &mut serde_json::Map<String, Value>) {
    if object.get("type") == Some(&Value::String("array".into())) && !object.contains_key("items") {
        object.insert("items".into(), Value::Object(Default::default()));
    }
    let combined: Vec<&str> = ["allOf", "anyOf", "oneOf", "not"]
        .into_iter()
        .filter(|key| object.contains_key(*key))
        .collect();
    if combined.len() > 1 && !object.contains_key("type") {
        let mut all = match object.remove("allOf") {
            Some(Value::Array(members)) => members,
            _ => Vec::new(),
        };
        for key in ["anyOf", "oneOf", "not"] {
            if let Some(value) = object.remove(key) {
                all.push(serde_json::json!({ key: value }));
            }
        }
        object.insert("allOf".into(), Value::Array(all));
    }
    let kind = object
        .get("type")
        .and_then(Value::as_str)
        .map(str::to_string);
    if let (Some(kind), Some(Value::Array(values))) = (kind, object.get("enum")) {
        let fits = |value: &Value| match (kind.as_str(), value) {
            (_, Value::Null) => true,
            ("string", Value::String(_)) | ("boolean", Value::Bool(_)) => true,
            ("integer", Value::Number(n)) => n.is_i64(),
            ("number", Value::Number(_)) => true,
            ("string" | "boolean" | "integer" | "number", _) => false,
            _ => true,
        };
        if !values.iter().all(fits) {
            object.remove("enum");
        }
    }
}

/// An `enum` without `type` says its type by its values; dropshot takes a parameter only
/// of a schema that names it.
fn type_of_enum(object: &mut serde_json::Map<String, Value>) {
    if object.contains_key("type") {
        return;
    }
    let Some(values) = object.get("enum").and_then(Value::as_array) else {
        return;
    };
    let kind = |value: &Value| match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(number) if number.is_i64() || number.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    };
    let kinds: BTreeSet<Option<&str>> = values.iter().filter(|v| !v.is_null()).map(kind).collect();
    if let [Some(kind)] = kinds.into_iter().collect::<Vec<_>>().as_slice() {
        object.insert("type".to_string(), Value::String(kind.to_string()));
    }
}

/// `minimum: m, exclusiveMinimum: true` (3.0) is `exclusiveMinimum: m` (JSON Schema), in
/// the schema and every schema inside it.
fn numeric_exclusive_bounds(schema: &mut Value) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        match object.get(exclusive) {
            Some(Value::Bool(true)) => {
                match object.remove(inclusive) {
                    Some(bound) => object.insert(exclusive.to_string(), bound),
                    None => object.remove(exclusive),
                };
            }
            Some(Value::Bool(false)) => {
                object.remove(exclusive);
            }
            _ => {}
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(inner) = object.get_mut(key) {
            numeric_exclusive_bounds(inner);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for inner in object
            .get_mut(key)
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            numeric_exclusive_bounds(inner);
        }
    }
    for inner in object
        .get_mut("properties")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|properties| properties.values_mut())
    {
        numeric_exclusive_bounds(inner);
    }
}

/// Takes the derived `JsonSchema` off each struct and enum that has a [`DocumentSchema`]
/// and returns the impls that replace it, and the function they share.
pub(crate) fn replace_derives(file: &mut syn::File, schemas: &[DocumentSchema]) -> TokenStream {
    let mut by_ident: BTreeMap<&str, &DocumentSchema> = BTreeMap::new();
    for schema in schemas {
        // Two components typify made one type of: the first names it.
        by_ident.entry(schema.ident.as_str()).or_insert(schema);
    }
    let defined: BTreeSet<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(item) => Some(item.ident.to_string()),
            syn::Item::Enum(item) => Some(item.ident.to_string()),
            _ => None,
        })
        .collect();
    let mut impls = Vec::new();
    let mut any_dependency = false;
    for item in &mut file.items {
        let ident = match item {
            syn::Item::Struct(item) => item.ident.to_string(),
            syn::Item::Enum(item) => item.ident.to_string(),
            _ => continue,
        };
        let Some(schema) = by_ident.get(ident.as_str()) else {
            continue;
        };
        if !without_derived_schema(item) {
            continue;
        }
        let ident = format_ident!("{}", ident);
        let component = &schema.component;
        let json = crate::raw_string(&schema.schema);
        let dependencies: Vec<syn::Ident> = schema
            .dependencies
            .iter()
            .filter(|dependency| defined.contains(dependency.as_str()))
            .map(|dependency| format_ident!("{}", dependency))
            .collect();
        any_dependency |= !dependencies.is_empty();
        impls.push(quote! {
            schema_as_written!(#ident, #component, [#(#dependencies),*], #json);
        });
    }
    if impls.is_empty() {
        return TokenStream::new();
    }
    let subschema = any_dependency.then(|| {
        quote! {
        fn subschema<T: ::schemars::JsonSchema>(generator: &mut ::schemars::r#gen::SchemaGenerator) {
            let _ = generator.subschema_for::<T>();
        }
        }
    });
    // One macro rather than a dozen lines per type: the schemas are what a reader of
    // these impls wants to see.
    quote! {
        /// `JsonSchema` for a type from its schema as the document writes it: the name the
        /// served document gives it, the schema, and the types whose schemas it refers to
        /// (served too).
        macro_rules! schema_as_written {
            ($ty:ident, $name:literal, [$($dependency:ty),*], $schema:literal) => {
                impl ::schemars::JsonSchema for $ty {
                    fn schema_name() -> String { $name.to_string() }

                    fn json_schema(generator: &mut ::schemars::r#gen::SchemaGenerator) -> ::schemars::schema::Schema {
                        written_schema(generator, $schema, &[$(subschema::<$dependency>),*])
                    }
                }
            };
        }

        /// A schema as the document writes it, once the schemas it refers to are in
        /// `generator`. The generator read each schema as schemars does before writing it
        /// here, so the fallback is never taken.
        fn written_schema(
            generator: &mut ::schemars::r#gen::SchemaGenerator,
            schema: &str,
            dependencies: &[fn(&mut ::schemars::r#gen::SchemaGenerator)],
        ) -> ::schemars::schema::Schema {
            for dependency in dependencies {
                dependency(generator);
            }
            ::serde_json::from_str(schema).unwrap_or(::schemars::schema::Schema::Bool(true))
        }

        #subschema

        #(#impls)*
    }
}

/// Removes `JsonSchema` from the item's derives, and the `schemars` attributes only that
/// derive reads; `false` when it derived none.
fn without_derived_schema(item: &mut syn::Item) -> bool {
    use syn::punctuated::Punctuated;
    let attrs = match item {
        syn::Item::Struct(item) => &mut item.attrs,
        syn::Item::Enum(item) => &mut item.attrs,
        _ => return false,
    };
    let is_schema = |path: &syn::Path| {
        path.segments
            .last()
            .is_some_and(|s| s.ident == "JsonSchema")
    };
    let mut derived = false;
    for attr in attrs
        .iter_mut()
        .filter(|attr| attr.path().is_ident("derive"))
    {
        let Ok(paths) =
            attr.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
        else {
            continue;
        };
        if paths.iter().any(is_schema) {
            let kept = paths.into_iter().filter(|path| !is_schema(path));
            *attr = syn::parse_quote! { #[derive(#(#kept),*)] };
            derived = true;
        }
    }
    if !derived {
        return false;
    }
    let not_schemars = |attr: &syn::Attribute| !attr.path().is_ident("schemars");
    let fields: Vec<&mut syn::Field> = match item {
        syn::Item::Struct(item) => {
            item.attrs.retain(not_schemars);
            item.fields.iter_mut().collect()
        }
        syn::Item::Enum(item) => {
            item.attrs.retain(not_schemars);
            item.variants
                .iter_mut()
                .flat_map(|variant| {
                    variant.attrs.retain(not_schemars);
                    variant.fields.iter_mut()
                })
                .collect()
        }
        _ => Vec::new(),
    };
    for field in fields {
        field.attrs.retain(not_schemars);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn boolean_exclusive_bounds_become_numbers_at_any_depth() {
        let schema = json!({
            "type": "object",
            "properties": {
                "a": { "type": "integer", "minimum": 1, "exclusiveMinimum": true },
                "b": { "type": "array", "items": { "type": "number", "maximum": 2, "exclusiveMaximum": false } }
            }
        });
        assert_eq!(
            as_schemars(&schema),
            Some(json!({
                "type": "object",
                "properties": {
                    "a": { "type": "integer", "exclusiveMinimum": 1 },
                    "b": { "type": "array", "items": { "type": "number", "maximum": 2 } }
                }
            }))
        );
    }

    #[test]
    fn what_dropshot_would_panic_on_is_said_its_way() {
        // Intercom's descriptions have each of these.
        let schema = json!({
            "type": "object",
            "properties": {
                "tags": { "type": "array" },
                "either": { "oneOf": [{ "type": "string" }], "anyOf": [{ "type": "integer" }] },
                "kind": { "type": "string", "enum": ["a", 1] },
                "level": { "enum": [1, 2] }
            }
        });
        assert_eq!(
            as_schemars(&schema),
            Some(json!({
                "type": "object",
                "properties": {
                    "tags": { "type": "array", "items": {} },
                    "either": { "allOf": [{ "anyOf": [{ "type": "integer" }] }, { "oneOf": [{ "type": "string" }] }] },
                    "kind": { "type": "string" },
                    "level": { "enum": [1, 2], "type": "integer" }
                }
            }))
        );
    }

    #[test]
    fn openapi_keywords_ride_along_as_extensions() {
        let schema =
            json!({ "type": "string", "nullable": true, "example": "x", "x-rust-type": {} });
        assert_eq!(as_schemars(&schema), Some(schema));
    }
}
