//! Rust types for a document's schemas, built by typify, with what the generator layers
//! on top: the three-state type for marked properties, a `new(required…)` constructor on
//! every struct with named fields, `null` read as absent where the settings say so
//! (`with_null_as_absent`), the schemas the body check validates against, and a fallback
//! to `serde_json::Value` (with a warning) for a schema that typify cannot express, so
//! that no valid document stops the build.

use crate::document_schemas::DocumentSchema;
use crate::schema::{Converter, ObjectRecord, TRISTATE_CRATE};
use crate::{GenerationSettings, Warning};
use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use serde_json::Value;
use typify::{CrateVers, TypeSpace, TypeSpaceSettings};

pub(crate) struct Types {
    space: TypeSpace,
    type_settings: TypeSpaceSettings,
    /// Component schemas as typify reads them (refused ones already replaced).
    components: Vec<(String, schemars::schema::Schema)>,
    /// Inline schemas the operations need, in the order they were asked for, and the
    /// type each became once [`Types::build`] ran (`None`: any JSON value).
    requests: Vec<Request>,
    pub converter: Converter,
    tristate_path: Option<String>,
    null_as_absent: bool,
    /// Component schemas as the document writes them.
    written: Vec<(String, Value)>,
    /// What [`Types::build`] found of them, for the types' own `JsonSchema`.
    document_schemas: Vec<DocumentSchema>,
}

struct Request {
    name: String,
    location: String,
    schema: Option<schemars::schema::Schema>,
    built: Option<typify::TypeId>,
    /// The schema the type reports instead of a derived one (OpenAPI 3.0 form).
    written: Option<Value>,
}

/// An inline type asked for before the type space is built; see [`Types::tokens`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TypeRef(usize);

/// What the generated types need from the crate that includes them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dependencies {
    /// `chrono`, for `date` and `date-time`.
    pub chrono: bool,
    /// `regress`, for `pattern`.
    pub regress: bool,
    /// `uuid`, for `format: uuid`.
    pub uuid: bool,
}

fn type_space_settings(settings: &GenerationSettings) -> TypeSpaceSettings {
    let mut type_settings = TypeSpaceSettings::default();
    type_settings
        .with_derive("schemars::JsonSchema".to_string())
        .with_derive("PartialEq".to_string())
        .with_crate(TRISTATE_CRATE, CrateVers::Any, None);
    for derive in &settings.derives {
        type_settings.with_derive(derive.clone());
    }
    type_settings
}

/// Runs typify, turning a panic into an error: typify asserts on shapes it does not
/// handle, and a build script must report them rather than crash.
fn guarded<T>(run: impl FnOnce() -> Result<T, typify::Error>) -> Result<T, String> {
    crate::catching(run)?.map_err(|error| error.to_string())
}

fn any_schema() -> schemars::schema::Schema {
    schemars::schema::Schema::Bool(true)
}

fn try_components(
    type_settings: &TypeSpaceSettings,
    components: &[(String, schemars::schema::Schema)],
) -> Result<TypeSpace, String> {
    let mut space = TypeSpace::new(type_settings);
    guarded(|| space.add_ref_types(components.iter().cloned()))?;
    // Rendering is where some unsupported shapes assert; try it now.
    guarded(|| Ok(space.to_stream()))?;
    Ok(space)
}

/// The component at `index` (every other one any value in `alone`) without the
/// properties typify refuses, each of those any JSON value with a warning; the whole
/// schema any value if that does not help.
fn salvage(
    type_settings: &TypeSpaceSettings,
    alone: &[(String, schemars::schema::Schema)],
    index: usize,
    name: &str,
    problem: &str,
    warnings: &mut Vec<Warning>,
) -> schemars::schema::Schema {
    let schema = &alone[index].1;
    let with = |schema: schemars::schema::Schema| {
        let mut trial = alone.to_vec();
        trial[index].1 = schema;
        try_components(type_settings, &trial).is_ok()
    };
    let schemars::schema::Schema::Object(object) = schema else {
        return any_schema();
    };
    let properties: Vec<String> = object
        .object
        .as_ref()
        .map(|validation| validation.properties.keys().cloned().collect())
        .unwrap_or_default();
    let mut salvaged = object.clone();
    let mut refused = Vec::new();
    for property in &properties {
        let mut only = object.clone();
        if let Some(validation) = only.object.as_mut() {
            for (other, value) in validation.properties.iter_mut() {
                if other != property {
                    *value = any_schema();
                }
            }
        }
        if !with(schemars::schema::Schema::Object(only)) {
            refused.push(property.clone());
            if let Some(validation) = salvaged.object.as_mut() {
                validation.properties.insert(property.clone(), any_schema());
            }
        }
    }
    let salvaged = schemars::schema::Schema::Object(salvaged);
    if !refused.is_empty() && with(salvaged.clone()) {
        for property in refused {
            warnings.push(Warning::new(
                format!("components.schemas.{name}.{property}"),
                "typify cannot express this schema; it is any JSON value (`serde_json::Value`)",
            ));
        }
        return salvaged;
    }
    warnings.push(Warning::new(
        format!("components.schemas.{name}"),
        format!("typify cannot express this schema ({problem}); it is any JSON value (`serde_json::Value`)"),
    ));
    any_schema()
}

impl Types {
    /// Converts every component schema. A schema typify refuses becomes any JSON value
    /// with a warning naming it, and the rest are converted again without it.
    pub fn new(
        document: &Value,
        settings: &GenerationSettings,
        warnings: &mut Vec<Warning>,
    ) -> Self {
        let raw: Vec<(String, Value)> = document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, schema)| (name.clone(), schema.clone()))
            .collect();
        let raw_components: serde_json::Map<String, Value> = raw.iter().cloned().collect();
        let mut converter = Converter::new(
            settings.tristate.as_ref().map(|t| t.extension.clone()),
            &raw_components,
        );
        let mut components = Vec::new();
        for (name, schema) in &raw {
            // A component whose name makes an earlier one's Rust name is known by another.
            let key = converter.component_key(name);
            let converted = converter.convert(schema, Some(&key), true);
            match serde_json::from_value::<schemars::schema::Schema>(converted) {
                Ok(schema) => components.push((key, schema)),
                Err(error) => {
                    warnings.push(Warning::new(
                        format!("components.schemas.{name}"),
                        format!("not a JSON schema ({error}); it is any JSON value (`serde_json::Value`)"),
                    ));
                    components.push((converter.component_key(name), any_schema()));
                }
            }
        }
        let type_settings = type_space_settings(settings);
        let space = match try_components(&type_settings, &components) {
            Ok(space) => space,
            Err(_) => {
                // Find the schemas typify refuses on their own (every other one as any
                // value), replace them, and convert the whole set again.
                let mut kept = components.clone();
                for (index, (name, _)) in components.iter().enumerate() {
                    let alone: Vec<_> = components
                        .iter()
                        .enumerate()
                        .map(|(i, (n, s))| {
                            (n.clone(), if i == index { s.clone() } else { any_schema() })
                        })
                        .collect();
                    if let Err(problem) = try_components(&type_settings, &alone) {
                        kept[index].1 =
                            salvage(&type_settings, &alone, index, name, &problem, warnings);
                    }
                }
                match try_components(&type_settings, &kept) {
                    Ok(space) => {
                        components = kept;
                        space
                    }
                    Err(problem) => {
                        warnings.push(Warning::new(
                            "components.schemas",
                            format!("typify cannot express these schemas together ({problem}); every component schema is any JSON value"),
                        ));
                        components = kept
                            .into_iter()
                            .map(|(name, _)| (name, any_schema()))
                            .collect();
                        try_components(&type_settings, &components)
                            .unwrap_or_else(|_| TypeSpace::new(&type_settings))
                    }
                }
            }
        };
        Types {
            space,
            type_settings,
            components,
            requests: Vec::new(),
            converter,
            tristate_path: settings.tristate.as_ref().map(|t| t.type_path.clone()),
            null_as_absent: settings.null_as_absent,
            written: with_null_defaults(raw, document),
            document_schemas: Vec::new(),
        }
    }

    /// Asks for the Rust type of an inline (or referenced) OpenAPI schema, named `name`
    /// if it needs a definition; [`Types::tokens`] answers once [`Types::build`] ran.
    pub fn request(&mut self, schema: &Value, name: &str, location: &str) -> TypeRef {
        // The name is already claimed: the root keeps it.
        let converted = self.converter.convert(schema, Some(name), true);
        let converted = match converted.as_object() {
            // typify names an inline type by its title first, and reuses a type of that
            // name silently: a title naming another type gives way to the claimed name.
            Some(object)
                if !object.contains_key("$ref")
                    && object
                        .get("title")
                        .and_then(Value::as_str)
                        .is_none_or(|title| !self.converter.take_title(title)) =>
            {
                let mut object = object.clone();
                object.insert("title".into(), Value::String(name.to_string()));
                Value::Object(object)
            }
            _ => converted,
        };
        self.requests.push(Request {
            name: name.to_string(),
            location: location.to_string(),
            schema: serde_json::from_value(converted).ok(),
            built: None,
            written: None,
        });
        TypeRef(self.requests.len() - 1)
    }

    /// As [`Types::request`], for a type whose `JsonSchema` is `written` (an OpenAPI 3.0
    /// schema) rather than derived: parameters, which dropshot lists one by one from
    /// their struct's schema, each with its description, as the document writes them.
    pub fn request_written(
        &mut self,
        schema: &Value,
        written: Value,
        name: &str,
        location: &str,
    ) -> TypeRef {
        let type_ref = self.request(schema, name, location);
        self.requests[type_ref.0].written = Some(written);
        type_ref
    }

    /// Adds every requested type. One typify refuses is any JSON value, with a warning;
    /// the space is then built again without it, since a refusal can leave it half-done.
    pub fn build(&mut self, warnings: &mut Vec<Warning>) {
        for request in &self.requests {
            if request.schema.is_none() {
                warnings.push(Warning::new(
                    &request.location,
                    "not a JSON schema; it is any JSON value (`serde_json::Value`)",
                ));
            }
        }
        loop {
            let mut refused = None;
            for (index, request) in self.requests.iter_mut().enumerate() {
                let Some(schema) = &request.schema else {
                    continue;
                };
                let space = &mut self.space;
                match guarded(|| space.add_type_with_name(schema, Some(request.name.clone()))) {
                    Ok(id) => request.built = Some(id),
                    Err(problem) => {
                        refused = Some((index, problem));
                        break;
                    }
                }
            }
            let Some((index, problem)) = refused else {
                break;
            };
            let request = &mut self.requests[index];
            warnings.push(Warning::new(
                &request.location,
                format!("typify cannot express this schema ({problem}); it is any JSON value (`serde_json::Value`)"),
            ));
            request.schema = None;
            for request in &mut self.requests {
                request.built = None;
            }
            self.space = try_components(&self.type_settings, &self.components)
                .unwrap_or_else(|_| TypeSpace::new(&self.type_settings));
        }
        self.document_schemas = self.find_document_schemas();
    }

    /// Each component's Rust type and its schema as written, where schemars reads it.
    fn find_document_schemas(&mut self) -> Vec<DocumentSchema> {
        let mut idents = std::collections::BTreeMap::new();
        for (name, _) in &self.components {
            let reference = schemars::schema::Schema::new_ref(format!(
                "#/components/schemas/{}",
                name.replace('~', "~0").replace('/', "~1")
            ));
            let space = &mut self.space;
            if let Ok(id) = guarded(|| space.add_type(&reference))
                && let Ok(found) = self.space.get_type(&id)
            {
                idents.insert(name.clone(), found.name());
            }
        }
        let requested = self.requests.iter().filter_map(|request| {
            let ident = self.space.get_type(request.built.as_ref()?).ok()?.name();
            Some((ident.clone(), ident, request.written.as_ref()?))
        });
        let components = self
            .written
            .iter()
            .filter_map(|(name, written)| Some((name.clone(), idents.get(name)?.clone(), written)));
        components
            .chain(requested)
            .filter_map(|(component, ident, written)| {
                Some(DocumentSchema {
                    component,
                    ident,
                    schema: crate::document_schemas::as_schemars(written)?,
                    dependencies: component_refs(written)
                        .iter()
                        .filter_map(|dependency| idents.get(dependency).cloned())
                        .collect(),
                })
            })
            .collect()
    }

    /// The JSON Schema a requested type was built from, as the body check reads it; its
    /// references point into [`Types::validation_components`]. `None` where the type is
    /// any JSON value.
    pub fn validation_schema(&self, type_ref: TypeRef) -> Option<Value> {
        let request = &self.requests[type_ref.0];
        request.built.as_ref()?;
        self.for_validation(request.schema.as_ref()?)
    }

    /// The component schemas the `roots` refer to, directly or through one another, as
    /// the body check reads them (`components.schemas`, in the document's order): one
    /// table a document's body schemas share, without the schemas only answers use.
    pub fn validation_components(&self, roots: &[Value]) -> serde_json::Map<String, Value> {
        let mut wanted = std::collections::BTreeSet::new();
        let mut pending: Vec<String> = roots.iter().flat_map(component_refs).collect();
        let mut converted = std::collections::BTreeMap::new();
        while let Some(name) = pending.pop() {
            if !wanted.insert(name.clone()) {
                continue;
            }
            let Some((_, schema)) = self.components.iter().find(|(n, _)| *n == name) else {
                // A name written otherwise (percent-encoded, say): keep the whole table
                // rather than leave a reference dangling.
                return self
                    .components
                    .iter()
                    .filter_map(|(name, schema)| Some((name.clone(), self.for_validation(schema)?)))
                    .collect();
            };
            if let Some(schema) = self.for_validation(schema) {
                pending.extend(component_refs(&schema));
                converted.insert(name, schema);
            }
        }
        self.components
            .iter()
            .filter_map(|(name, _)| Some((name.clone(), converted.remove(name)?)))
            .collect()
    }

    fn for_validation(&self, schema: &schemars::schema::Schema) -> Option<Value> {
        let mut value = serde_json::to_value(schema).ok()?;
        as_validated(&mut value, self.null_as_absent);
        Some(value)
    }

    pub fn tokens(&self, type_ref: TypeRef) -> TokenStream {
        self.requests[type_ref.0]
            .built
            .as_ref()
            .and_then(|id| self.space.get_type(id).ok())
            .map(|found| found.ident())
            .unwrap_or_else(|| quote! { ::serde_json::Value })
    }

    pub fn dependencies(&self) -> Dependencies {
        Dependencies {
            chrono: self.space.uses_chrono(),
            regress: self.space.uses_regress(),
            uuid: self.space.uses_uuid(),
        }
    }

    /// Every type, with the three-state fields and the constructors applied.
    pub fn finish(&self) -> Result<TokenStream, String> {
        let stream = guarded(|| Ok(self.space.to_stream()))?;
        let mut file: syn::File = syn::parse2(stream)
            .map_err(|error| format!("typify's output does not parse: {error}"))?;
        let tristate = match &self.tristate_path {
            Some(path) => Some(
                syn::parse_str::<syn::Path>(path)
                    .map_err(|error| format!("`{path}` is not a path: {error}"))?,
            ),
            None => None,
        };
        distinct_field_names(&mut file);
        without_parse_conversions(&mut file);
        let mut constructors = Vec::new();
        let mut null_readers = NullReaders::default();
        for item in &mut file.items {
            if let syn::Item::Struct(item) = item {
                let record = object_record(item, &self.converter.objects);
                keep_absent_collections_apart(item);
                if self.null_as_absent {
                    read_null_as_default(item, &mut null_readers);
                }
                if let Some(record) = record {
                    describe_optional_as_not_null(item, record);
                    in_document_order(item, record);
                }
                if let Some(tristate) = &tristate {
                    apply_tristate(item, tristate);
                }
                if let Some(constructor) = constructor(item, record) {
                    constructors.push(constructor);
                }
            }
        }
        // After the fields' own attributes are in place: a type with its schema as
        // written needs none of the `schemars` ones.
        let schema_impls =
            crate::document_schemas::replace_derives(&mut file, &self.document_schemas);
        let mut tokens = file.into_token_stream();
        tokens.extend(constructors);
        tokens.extend(null_readers.items);
        tokens.extend(schema_impls);
        Ok(raw_gen(replace_placeholder(tokens, tristate.as_ref())))
    }
}

/// typify gives each string type `TryFrom<&str>`, `TryFrom<&String>` and
/// `TryFrom<String>` whose bodies are `value.parse()`: `FromStr` says the same once
/// (`"open".parse::<ConversationStatus>()`), so those three are left out of the module.
fn without_parse_conversions(file: &mut syn::File) {
    file.items.retain(|item| {
        let syn::Item::Impl(item) = item else {
            return true;
        };
        let Some((_, trait_path, _)) = &item.trait_ else {
            return true;
        };
        let is_try_from = trait_path
            .segments
            .last()
            .is_some_and(|segment| segment.ident == "TryFrom");
        let only_parses = item.items.iter().all(|member| match member {
            syn::ImplItem::Type(_) => true,
            syn::ImplItem::Fn(function) => match function.block.stmts.as_slice() {
                [syn::Stmt::Expr(syn::Expr::MethodCall(call), None)] => {
                    call.method == "parse"
                        && call.args.is_empty()
                        && matches!(call.receiver.as_ref(), syn::Expr::Path(path) if path.path.is_ident("value"))
                }
                _ => false,
            },
            _ => false,
        });
        !(is_try_from && only_parses)
    });
}

/// typify names a field after its property in snake case, so properties that differ only
/// in case or punctuation (Twilio's `StartTime`, `StartTime<`, `StartTime>`) become one
/// field name twice, and the struct and its `Default` do not compile. Every repeat after
/// the first is named from its own wire name (`<` as `lt`, `>` as `gt`, …; a number where
/// that is taken too), in the struct and wherever its impls spell the fields out; the
/// `serde(rename)` typify wrote keeps the wire name.
fn distinct_field_names(file: &mut syn::File) {
    use syn::visit_mut::VisitMut;
    // Per struct: each repeat's name as typify gave it, and its new name, in order.
    let mut renamed: std::collections::BTreeMap<String, Vec<(String, syn::Ident)>> =
        Default::default();
    for item in &mut file.items {
        let syn::Item::Struct(item) = item else {
            continue;
        };
        let syn::Fields::Named(fields) = &mut item.fields else {
            continue;
        };
        let mut taken: std::collections::BTreeSet<String> = fields
            .named
            .iter()
            .filter_map(|field| field.ident.as_ref().map(ToString::to_string))
            .collect();
        let mut seen = std::collections::BTreeSet::new();
        let mut repeats = Vec::new();
        for field in fields.named.iter_mut() {
            let Some(ident) = field.ident.clone() else {
                continue;
            };
            if seen.insert(ident.to_string()) {
                continue;
            }
            let wire = wire_name(field);
            if serde_rename(&field.attrs).is_none() {
                // The wire name was the field's own: say it now that the name differs.
                field
                    .attrs
                    .push(syn::parse_quote! { #[serde(rename = #wire)] });
            }
            let new = distinct_name(&wire, &mut taken);
            field.ident = Some(new.clone());
            repeats.push((ident.to_string(), new));
        }
        if !repeats.is_empty() {
            renamed.insert(item.ident.to_string(), repeats);
        }
    }
    if renamed.is_empty() {
        return;
    }
    /// Renames, in `Self { … }` / `Name { … }` expressions, each field a repeat was renamed
    /// from, occurrence by occurrence, as in the struct.
    struct Spelled<'a> {
        owner: Option<String>,
        renamed: &'a std::collections::BTreeMap<String, Vec<(String, syn::Ident)>>,
    }
    impl VisitMut for Spelled<'_> {
        fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
            let outer = self.owner.take();
            if let syn::Type::Path(path) = item.self_ty.as_ref() {
                self.owner = path.path.segments.last().map(|s| s.ident.to_string());
            }
            syn::visit_mut::visit_item_impl_mut(self, item);
            self.owner = outer;
        }

        fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
            let named = expr.path.segments.last().map(|s| s.ident.to_string());
            let owner = match named.as_deref() {
                Some("Self") => self.owner.clone(),
                other => other.map(str::to_string),
            };
            if let Some(repeats) = owner.and_then(|owner| self.renamed.get(&owner)) {
                let mut by_name: std::collections::BTreeMap<String, usize> = Default::default();
                for field in expr.fields.iter_mut() {
                    let syn::Member::Named(ident) = &field.member else {
                        continue;
                    };
                    let name = ident.to_string();
                    let count = by_name.entry(name.clone()).or_default();
                    *count += 1;
                    // The n-th field spelled `name` here is the n-th field of that name
                    // the struct had: find which one the struct renamed.
                    if *count > 1 {
                        let mut same = repeats.iter().filter(|(old, _)| *old == name);
                        if let Some((_, new)) = same.nth(*count - 2) {
                            field.member = syn::Member::Named(new.clone());
                            field.colon_token.get_or_insert_with(Default::default);
                        }
                    }
                }
            }
            syn::visit_mut::visit_expr_struct_mut(self, expr);
        }
    }
    Spelled {
        owner: None,
        renamed: &renamed,
    }
    .visit_file_mut(file);
}

/// A field name from a wire name whose snake case is taken: punctuation spelled out,
/// then a number if that is taken too.
fn distinct_name(wire: &str, taken: &mut std::collections::BTreeSet<String>) -> syn::Ident {
    let spelled: String = wire
        .chars()
        .map(|c| match c {
            '<' => " lt ".to_string(),
            '>' => " gt ".to_string(),
            '=' => " eq ".to_string(),
            '!' => " not ".to_string(),
            '+' => " plus ".to_string(),
            '-' => " minus ".to_string(),
            '.' => " dot ".to_string(),
            '@' => " at ".to_string(),
            '$' => " dollar ".to_string(),
            c => c.to_string(),
        })
        .collect();
    let base = crate::naming::snake_ident(&spelled).to_string();
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        // A keyword's `type_` numbers as `type_2`, not the non-snake `type__2`.
        name = format!("{}_{n}", base.trim_end_matches('_'));
        n += 1;
    }
    quote::format_ident!("{}", name)
}

/// typify reads an absent optional array or map as empty; JSON tells the two apart, and a
/// contract may too (an update that leaves `tags` out changes nothing, `tags: []` clears
/// them), so such a field is `Option<Vec<T>>` / `Option<Map>` instead.
fn keep_absent_collections_apart(item: &mut syn::ItemStruct) {
    let syn::Fields::Named(fields) = &mut item.fields else {
        return;
    };
    for field in &mut fields.named {
        let empty_is_skipped = skipped_when(&field.attrs, "is_empty");
        if !empty_is_skipped {
            continue;
        }
        let ty = field.ty.clone();
        field.ty = syn::parse_quote! { ::std::option::Option<#ty> };
        let rename = serde_rename(&field.attrs);
        field.attrs.retain(|attr| !attr.path().is_ident("serde"));
        let rename = rename.map(|name| quote! { rename = #name, });
        field.attrs.push(syn::parse_quote! {
            #[serde(#rename default, skip_serializing_if = "::std::option::Option::is_none")]
        });
    }
}

/// `Option<Placeholder<T>>` (typify's optional property) becomes `Tristate<T>`, absent
/// when the key is missing and skipped when serialised absent.
fn apply_tristate(item: &mut syn::ItemStruct, tristate: &syn::Path) {
    let syn::Fields::Named(fields) = &mut item.fields else {
        return;
    };
    for field in &mut fields.named {
        let Some(inner) = option_inner(&field.ty) else {
            continue;
        };
        if !names_placeholder(inner) {
            continue;
        }
        let syn::Type::Path(inner_path) = inner else {
            continue;
        };
        let Some(last) = inner_path.path.segments.last() else {
            continue;
        };
        let arguments = last.arguments.clone();
        field.ty = syn::parse_quote! { #tristate #arguments };
        let rename = serde_rename(&field.attrs);
        field.attrs.retain(|attr| !attr.path().is_ident("serde"));
        let skip = format!("{}::is_absent", crate::print::path_written(tristate));
        let rename = rename.map(|name| quote! { rename = #name, });
        field
            .attrs
            .push(syn::parse_quote! { #[serde(#rename default, skip_serializing_if = #skip)] });
    }
}

/// The schema a body is checked against. A three-state placeholder becomes the schema it
/// stands for, which also takes `null`; with `null_as_absent`, so does every property not
/// in `required`. `{if: {type: null}, else: S}` rather than an `anyOf`, so that a value
/// breaking `S` is refused in `S`'s own words (`maxLength`, `pattern`, …).
fn as_validated(schema: &mut Value, null_as_absent: bool) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    if let Some(inner) = tristate_inner(object) {
        let mut inner = inner.clone();
        as_validated(&mut inner, null_as_absent);
        *schema = or_null(inner);
        return;
    }
    // What an OpenAPI 3.1 schema says beyond 3.0 (see `crate::openapi31`) is checked too.
    if let Some(Value::Object(extra)) = object.remove(crate::openapi31::JSON_SCHEMA) {
        object.extend(extra);
    }
    // Annotations decide nothing and name nothing in a refusal: the check goes without.
    object.retain(|keyword, _| {
        !keyword.starts_with("x-")
            && !matches!(
                keyword.as_str(),
                "description"
                    | "title"
                    | "examples"
                    | "default"
                    | "readOnly"
                    | "writeOnly"
                    | "deprecated"
                    | "$comment"
            )
    });
    for (keyword, value) in object.iter_mut() {
        match keyword.as_str() {
            "properties" | "patternProperties" | "definitions" | "$defs" => {
                for subschema in value
                    .as_object_mut()
                    .into_iter()
                    .flat_map(|map| map.values_mut())
                {
                    as_validated(subschema, null_as_absent);
                }
            }
            "allOf"
            | "anyOf"
            | "oneOf"
            | "items"
            | "additionalItems"
            | "additionalProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames" => match value {
                Value::Array(members) => {
                    for member in members {
                        as_validated(member, null_as_absent);
                    }
                }
                other => as_validated(other, null_as_absent),
            },
            _ => {}
        }
    }
    if !null_as_absent {
        return;
    }
    let required: std::collections::BTreeSet<String> = object
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|name| name.as_str().map(str::to_string))
        .collect();
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            if !required.contains(name) && !takes_null_first(property) {
                *property = or_null(property.take());
            }
        }
    }
}

/// The schema inside a three-state placeholder (see [`crate::schema`]).
fn tristate_inner(object: &serde_json::Map<String, Value>) -> Option<&Value> {
    let extension = object.get("x-rust-type")?;
    (extension.get("crate")?.as_str()? == TRISTATE_CRATE)
        .then(|| extension.get("parameters")?.get(0))
        .flatten()
}

/// The names of the components `schema` refers to (`#/components/schemas/{name}`).
fn component_refs(schema: &Value) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![schema];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(object) => {
                if let Some(name) = object
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
                {
                    names.push(name.replace("~1", "/").replace("~0", "~"));
                }
                stack.extend(object.values());
            }
            Value::Array(members) => stack.extend(members),
            _ => {}
        }
    }
    names
}

fn or_null(schema: Value) -> Value {
    serde_json::json!({ "if": { "type": "null" }, "else": schema })
}

/// Whether `schema` says itself that it takes `null` (wrapped already, or a type list
/// naming it), so that wrapping it again would say nothing new.
fn takes_null_first(schema: &Value) -> bool {
    schema.get("if") == Some(&serde_json::json!({ "type": "null" }))
        || schema
            .get("type")
            .and_then(Value::as_array)
            .is_some_and(|types| types.iter().any(|name| name == "null"))
}

/// The component schemas as written, with the `default: null`s the document wrote and
/// `openapiv3` did not keep (`spec::NULL_DEFAULTS`) back in place.
fn with_null_defaults(mut written: Vec<(String, Value)>, document: &Value) -> Vec<(String, Value)> {
    let pointers = document[crate::spec::NULL_DEFAULTS].as_array();
    for pointer in pointers.into_iter().flatten().filter_map(Value::as_str) {
        let Some(rest) = pointer.strip_prefix("/components/schemas/") else {
            continue;
        };
        // The component's name, then the pointer inside its schema (with its `/`).
        let (name, inner) = rest.find('/').map_or((rest, ""), |at| rest.split_at(at));
        let name = name.replace("~1", "/").replace("~0", "~");
        let target = written
            .iter_mut()
            .find(|(component, _)| *component == name)
            .and_then(|(_, schema)| schema.pointer_mut(inner))
            .and_then(Value::as_object_mut);
        if let Some(schema) = target {
            schema.insert("default".to_string(), Value::Null);
        }
    }
    written
}

/// The functions [`read_null_as_default`] points serde at, written once each.
#[derive(Default)]
struct NullReaders {
    generic: bool,
    items: Vec<TokenStream>,
}

/// With `null_as_absent`, an optional field that is no `Option` (it has a default) reads
/// an explicit `null` as its default; an `Option` already reads it as `None`.
fn read_null_as_default(item: &mut syn::ItemStruct, readers: &mut NullReaders) {
    let syn::Fields::Named(fields) = &mut item.fields else {
        return;
    };
    let owner = heck::ToSnakeCase::to_snake_case(item.ident.to_string().as_str());
    for field in &mut fields.named {
        let entries = serde_entries(&field.attrs);
        let custom = entries
            .iter()
            .any(|(key, _)| key == "flatten" || key.ends_with("with"));
        if option_inner(&field.ty).is_some() || custom {
            continue;
        }
        let ty = &field.ty;
        let reader = match absent(field) {
            Absent::Required => continue,
            Absent::Default => {
                if !readers.generic {
                    readers.generic = true;
                    readers.items.push(quote! {
                        /// An explicit `null` for an optional property reads as the property
                        /// left out: its default.
                        fn null_as_default<'de, D, T>(deserializer: D) -> ::std::result::Result<T, D::Error>
                        where
                            D: ::serde::Deserializer<'de>,
                            T: ::serde::Deserialize<'de> + ::std::default::Default,
                        {
                            ::std::result::Result::Ok(
                                <::std::option::Option<T> as ::serde::Deserialize>::deserialize(deserializer)?
                                    .unwrap_or_default(),
                            )
                        }
                    });
                }
                "null_as_default".to_string()
            }
            Absent::Function(default) => {
                let field_name = field
                    .ident
                    .as_ref()
                    .map(|ident| ident.to_string().trim_start_matches("r#").to_string())
                    .unwrap_or_default();
                let name = format!("null_as_{owner}_{field_name}_default");
                let ident = quote::format_ident!("{name}");
                let docs = format!(
                    " An explicit `null` for `{}` reads as the property left out: its default.",
                    wire_name(field)
                );
                readers.items.push(quote! {
                    #[doc = #docs]
                    fn #ident<'de, D>(deserializer: D) -> ::std::result::Result<#ty, D::Error>
                    where
                        D: ::serde::Deserializer<'de>,
                    {
                        ::std::result::Result::Ok(
                            <::std::option::Option<#ty> as ::serde::Deserialize>::deserialize(deserializer)?
                                .unwrap_or_else(#default),
                        )
                    }
                });
                name
            }
        };
        field
            .attrs
            .push(syn::parse_quote! { #[serde(deserialize_with = #reader)] });
    }
}

/// typify writes Rust 2021 (`gen` as a name, e.g. in `schemars::gen`); `gen` is a
/// keyword from Rust 2024 on, where it must be written `r#gen`, which 2021 also reads.
fn raw_gen(tokens: TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .map(|tree| match tree {
            proc_macro2::TokenTree::Ident(ident) if ident == "gen" => {
                proc_macro2::TokenTree::Ident(proc_macro2::Ident::new_raw("gen", ident.span()))
            }
            proc_macro2::TokenTree::Group(group) => {
                let mut replaced =
                    proc_macro2::Group::new(group.delimiter(), raw_gen(group.stream()));
                replaced.set_span(group.span());
                proc_macro2::TokenTree::Group(replaced)
            }
            other => other,
        })
        .collect()
}

/// A required marked property keeps the placeholder inside no `Option`: the real
/// three-state type is named there too (and wherever else the placeholder is left).
fn replace_placeholder(tokens: TokenStream, tristate: Option<&syn::Path>) -> TokenStream {
    use syn::visit_mut::VisitMut;
    struct Named<'a>(&'a syn::Path);
    impl VisitMut for Named<'_> {
        fn visit_path_mut(&mut self, path: &mut syn::Path) {
            if path
                .segments
                .first()
                .is_some_and(|s| s.ident == TRISTATE_CRATE)
            {
                let arguments = path
                    .segments
                    .last()
                    .map(|s| s.arguments.clone())
                    .unwrap_or_default();
                let mut named = self.0.clone();
                if let Some(last) = named.segments.last_mut() {
                    last.arguments = arguments;
                }
                *path = named;
            }
            syn::visit_mut::visit_path_mut(self, path);
        }
    }
    let Some(tristate) = tristate else {
        return tokens;
    };
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(mut file) => {
            Named(tristate).visit_file_mut(&mut file);
            file.into_token_stream()
        }
        Err(_) => tokens,
    }
}

/// Whether a type names the three-state placeholder anywhere in it.
fn names_placeholder(ty: &syn::Type) -> bool {
    use syn::visit::Visit;
    struct Finds(bool);
    impl Visit<'_> for Finds {
        fn visit_path(&mut self, path: &syn::Path) {
            self.0 |= path.segments.iter().any(|s| s.ident == TRISTATE_CRATE);
            syn::visit::visit_path(self, path);
        }
    }
    let mut finds = Finds(false);
    finds.visit_type(ty);
    finds.0
}

/// The keys of a field's `#[serde(…)]` attributes, each with its string value if it has
/// one (`skip_serializing_if = "Option::is_none"`).
fn serde_entries(attrs: &[syn::Attribute]) -> Vec<(String, Option<String>)> {
    let mut entries = Vec::new();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            if meta.input.peek(syn::token::Paren) {
                // `rename(serialize = …)` and the like: read past it.
                meta.parse_nested_meta(|inner| {
                    if inner.input.peek(syn::Token![=]) {
                        let _: syn::Expr = inner.value()?.parse()?;
                    }
                    Ok(())
                })?;
                entries.push((key, None));
                return Ok(());
            }
            let value = if meta.input.peek(syn::Token![=]) {
                match meta.value()?.parse::<syn::Expr>()? {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }) => Some(text.value()),
                    _ => None,
                }
            } else {
                None
            };
            entries.push((key, value));
            Ok(())
        });
    }
    entries
}

/// Whether serde skips serialising the field when the function named `check` (the last
/// segment of its `skip_serializing_if` path) says so.
fn skipped_when(attrs: &[syn::Attribute], check: &str) -> bool {
    serde_entries(attrs).iter().any(|(key, value)| {
        key == "skip_serializing_if"
            && value
                .as_deref()
                .is_some_and(|path| path.rsplit("::").next() == Some(check))
    })
}

fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    match arguments.args.first()? {
        syn::GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut rename = None;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                rename = Some(meta.value()?.parse::<syn::LitStr>()?.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    rename
}

/// How serde fills a field the input leaves out, if it does.
enum Absent {
    /// Required: no default.
    Required,
    /// `Default::default()`.
    Default,
    /// A function named in `#[serde(default = "…")]`.
    Function(syn::ExprPath),
}

fn absent(field: &syn::Field) -> Absent {
    let mut outcome = None;
    let mut deserialize_with = false;
    for attr in field
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("serde"))
    {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("default") {
                if meta.input.peek(syn::Token![=]) {
                    let path: syn::LitStr = meta.value()?.parse()?;
                    if let Ok(path) = path.parse::<syn::ExprPath>() {
                        outcome = Some(Absent::Function(path));
                    }
                } else {
                    outcome = Some(Absent::Default);
                }
            } else {
                if meta.path.is_ident("deserialize_with") {
                    deserialize_with = true;
                }
                if meta.input.peek(syn::Token![=]) {
                    let _: syn::Expr = meta.value()?.parse()?;
                }
            }
            Ok(())
        });
    }
    match outcome {
        Some(outcome) => outcome,
        // serde fills a missing `Option` with `None` unless told otherwise.
        None if option_inner(&field.ty).is_some() && !deserialize_with => Absent::Default,
        None => Absent::Required,
    }
}

/// The property's name in the document: its serde rename, else the field's name.
fn wire_name(field: &syn::Field) -> String {
    serde_rename(&field.attrs).unwrap_or_else(|| {
        field
            .ident
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default()
    })
}

/// The object schema with exactly this struct's properties, if the document has one.
fn object_record<'a>(
    item: &syn::ItemStruct,
    objects: &'a [ObjectRecord],
) -> Option<&'a ObjectRecord> {
    let syn::Fields::Named(fields) = &item.fields else {
        return None;
    };
    let is_flattened = |field: &&syn::Field| {
        serde_entries(&field.attrs)
            .iter()
            .any(|(key, _)| key == "flatten")
    };
    // `additionalProperties` beside `properties` is a flattened map, no property.
    let wanted: std::collections::BTreeSet<String> = fields
        .named
        .iter()
        .filter(|field| !is_flattened(field))
        .map(wire_name)
        .collect();
    let same_properties = |record: &&ObjectRecord| {
        record.names.len() == wanted.len() && record.names.iter().all(|name| wanted.contains(name))
    };
    let ident = item.ident.to_string();
    objects
        .iter()
        .filter(same_properties)
        .find(|record| record.name.as_deref() == Some(ident.as_str()))
        .or_else(|| objects.iter().find(same_properties))
}

/// An optional property that may not be `null` is described as its inner type (not
/// required), as the document says, rather than as nullable.
fn describe_optional_as_not_null(item: &mut syn::ItemStruct, record: &ObjectRecord) {
    let syn::Fields::Named(fields) = &mut item.fields else {
        return;
    };
    for field in &mut fields.named {
        if record.nullable.contains(&wire_name(field)) {
            continue;
        }
        let Some(inner) = option_inner(&field.ty) else {
            continue;
        };
        if names_placeholder(inner) {
            continue;
        }
        let optional = skipped_when(&field.attrs, "is_none");
        if optional {
            let with = crate::print::type_written(inner);
            // schemars counts a field with a serde default as not required.
            let has_default = serde_entries(&field.attrs)
                .iter()
                .any(|(key, _)| key == "default");
            if !has_default {
                field.attrs.push(syn::parse_quote! { #[serde(default)] });
            }
            field
                .attrs
                .push(syn::parse_quote! { #[schemars(with = #with)] });
        }
    }
}

/// typify sorts fields by name; the document's order is the one readers (and the JSON
/// written) expect.
fn in_document_order(item: &mut syn::ItemStruct, record: &ObjectRecord) {
    let syn::Fields::Named(fields) = &mut item.fields else {
        return;
    };
    let mut ordered: Vec<syn::Field> = fields.named.iter().cloned().collect();
    ordered.sort_by_key(|field| {
        record
            .names
            .iter()
            .position(|name| name == &wire_name(field))
            .unwrap_or(usize::MAX)
    });
    fields.named = ordered.into_iter().collect();
}

/// `T::new(required…)`: hand-written code builds values as `T { optional: …,
/// ..T::new(required…) }`, so a new optional property needs no change there and a new
/// required one is a compile error at each construction. `None` for a tuple struct (a
/// newtype has no optional part to leave out).
fn constructor(item: &syn::ItemStruct, record: Option<&ObjectRecord>) -> Option<TokenStream> {
    let syn::Fields::Named(fields) = &item.fields else {
        return None;
    };
    let ident = &item.ident;
    let mut parameters = Vec::new();
    let mut initialisers = Vec::new();
    let mut ordered: Vec<&syn::Field> = fields.named.iter().collect();
    if let Some(record) = record {
        ordered.sort_by_key(|field| {
            record
                .names
                .iter()
                .position(|name| name == &wire_name(field))
        });
    }
    for field in ordered {
        let name = field.ident.as_ref()?;
        let ty = &field.ty;
        match absent(field) {
            Absent::Required => {
                parameters.push(quote! { #name: #ty });
                initialisers.push(quote! { #name });
            }
            Absent::Default => {
                initialisers.push(quote! { #name: ::std::default::Default::default() })
            }
            Absent::Function(path) => initialisers.push(quote! { #name: #path() }),
        }
    }
    let docs = format!(
        " The required fields; the others absent (or their defaults): `..{ident}::new(…)`."
    );
    // Only the lints this constructor would trip (clippy's limit is seven arguments).
    let mut allowed = Vec::new();
    if parameters.is_empty() {
        allowed.push(quote! { clippy::new_without_default });
    }
    if parameters.len() > 7 {
        allowed.push(quote! { clippy::too_many_arguments });
    }
    let allow = (!allowed.is_empty()).then(|| quote! { #[allow(#(#allowed),*)] });
    Some(quote! {
        impl #ident {
            #[doc = #docs]
            #allow
            pub fn new(#(#parameters),*) -> Self {
                Self { #(#initialisers,)* }
            }
        }
    })
}
