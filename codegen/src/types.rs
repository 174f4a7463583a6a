//! JSON-Schema-as-OpenAPI-3.0 to Rust types: one struct or enum per named schema, plus one
//! per inline object or enum, named by its `title` or by parent and property.
//!
//! Supported: objects with properties (or free-form objects), string enums (a `null` entry
//! means nullable), strings, integers, numbers, booleans, arrays, `$ref`, `allOf` with one
//! member, and `oneOf` over objects that one single-valued string property tells apart
//! (decided on that property, e.g. `user_type`). A property marked `x-tristate: true` keeps
//! "absent", "null" and a value apart. Everything else is a [`GenError`].

use crate::naming::{doc_attrs, pascal, pascal_ident, snake_ident};
use crate::spec::{GenError, Resolver};
use openapiv3::{
    AdditionalProperties, IntegerFormat, ObjectType, ReferenceOr, Schema, SchemaKind, StringType,
    Type, VariantOrUnknownOrEmpty,
};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// A schema or a reference to one, whatever box it arrived in.
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    Reference(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Reference(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Reference(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

pub(crate) struct TypeGen<'a> {
    pub resolver: Resolver<'a>,
    /// Path of the three-state type, e.g. `crate::tristate::Tristate`.
    pub tristate: TokenStream,
    pub items: Vec<TokenStream>,
    names: BTreeSet<String>,
}

impl<'a> TypeGen<'a> {
    pub fn new(resolver: Resolver<'a>, tristate: TokenStream) -> Self {
        TypeGen {
            resolver,
            tristate,
            items: Vec::new(),
            names: BTreeSet::new(),
        }
    }

    fn error(&self, location: &str, problem: impl Into<String>) -> GenError {
        GenError::new(self.resolver.file, location, problem)
    }

    /// Defines a type for every schema under `components.schemas`.
    pub fn define_components(&mut self) -> Result<(), GenError> {
        let Some(components) = &self.resolver.document.components else {
            return Ok(());
        };
        for (name, schema) in &components.schemas {
            let location = format!("schema `{name}`");
            match schema {
                ReferenceOr::Item(schema) => self.define(name, schema, &location)?,
                ReferenceOr::Reference { reference } => {
                    let target = pascal_ident(self.resolver.schema_name(reference, &location)?);
                    let ident = self.claim_name(name, &location)?;
                    self.items.push(quote! { pub type #ident = #target; });
                }
            }
        }
        Ok(())
    }

    fn claim_name(&mut self, name: &str, location: &str) -> Result<proc_macro2::Ident, GenError> {
        let rust_name = pascal(name);
        // Generated code names these prelude types unqualified, so a schema may not shadow them.
        if ["String", "Vec", "Option", "Box", "Result"].contains(&rust_name.as_str()) {
            return Err(self.error(location, format!("a schema may not be named `{rust_name}`")));
        }
        if !self.names.insert(rust_name.clone()) {
            return Err(self.error(
                location,
                format!(
                    "the type name `{rust_name}` is generated twice; give the inline schema a distinct `title`"
                ),
            ));
        }
        Ok(pascal_ident(name))
    }

    /// Defines the named type `name` for `schema`.
    fn define(&mut self, name: &str, schema: &Schema, location: &str) -> Result<(), GenError> {
        reject_unsupported_data(schema, location, self.resolver.file)?;
        let docs = doc_attrs(schema.schema_data.description.as_deref());
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                let ident = self.claim_name(name, location)?;
                self.define_struct(&ident, docs, object, location)
            }
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                let ident = self.claim_name(name, location)?;
                self.define_enum(&ident, docs, string, location)
            }
            SchemaKind::OneOf { one_of } => {
                let ident = self.claim_name(name, location)?;
                self.define_one_of(&ident, docs, one_of, location)
            }
            _ => {
                let ident = self.claim_name(name, location)?;
                let target = self.type_of(SchemaRef::Inline(schema), name, location)?;
                self.items.push(quote! { #docs pub type #ident = #target; });
                Ok(())
            }
        }
    }

    /// The Rust type for a schema used in a field, an array or a body, without the
    /// `Option` that nullability or optionality adds. Inline objects, enums and unions
    /// are defined on the way, named by `title` or by `suggested`.
    pub fn type_of(
        &mut self,
        schema: SchemaRef<'_>,
        suggested: &str,
        location: &str,
    ) -> Result<TokenStream, GenError> {
        let schema = match schema {
            SchemaRef::Reference(reference) => {
                let name = self.resolver.schema_name(reference, location)?;
                let ident = pascal_ident(name);
                return Ok(quote! { #ident });
            }
            SchemaRef::Inline(schema) => schema,
        };
        reject_unsupported_data(schema, location, self.resolver.file)?;
        let named = schema
            .schema_data
            .title
            .clone()
            .unwrap_or_else(|| suggested.to_string());
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if string.enumeration.is_empty() => {
                reject_string_constraints(string, location, self.resolver.file)?;
                Ok(quote! { String })
            }
            SchemaKind::Type(Type::String(_))
            | SchemaKind::OneOf { .. } => {
                self.define(&named, schema, location)?;
                let ident = pascal_ident(&named);
                Ok(quote! { #ident })
            }
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                match &object.additional_properties {
                    None | Some(AdditionalProperties::Any(true)) => {
                        Ok(quote! { serde_json::Map<String, serde_json::Value> })
                    }
                    Some(AdditionalProperties::Schema(value)) => {
                        let value = self.type_of(
                            SchemaRef::from(value.as_ref()),
                            &format!("{named}Value"),
                            &format!("{location}.additionalProperties"),
                        )?;
                        Ok(quote! { std::collections::BTreeMap<String, #value> })
                    }
                    Some(AdditionalProperties::Any(false)) => Err(self.error(
                        location,
                        "an object with no properties and `additionalProperties: false` is not supported",
                    )),
                }
            }
            SchemaKind::Type(Type::Object(_)) => {
                self.define(&named, schema, location)?;
                let ident = pascal_ident(&named);
                Ok(quote! { #ident })
            }
            SchemaKind::Type(Type::Integer(integer)) => Ok(match integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => quote! { i32 },
                _ => quote! { i64 },
            }),
            SchemaKind::Type(Type::Number(_)) => Ok(quote! { f64 }),
            SchemaKind::Type(Type::Boolean(_)) => Ok(quote! { bool }),
            SchemaKind::Type(Type::Array(array)) => {
                let items = array.items.as_ref().ok_or_else(|| {
                    self.error(location, "an array without `items` is not supported")
                })?;
                let item = self.type_of(
                    SchemaRef::from(items),
                    &format!("{named}Item"),
                    &format!("{location}[]"),
                )?;
                Ok(quote! { Vec<#item> })
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.type_of(SchemaRef::from(&all_of[0]), suggested, location)
            }
            SchemaKind::AllOf { .. } => Err(self.error(
                location,
                "`allOf` with more than one member is not supported (only a single `$ref` wrapped to add nullable or a description)",
            )),
            SchemaKind::AnyOf { .. } => Err(self.error(location, "`anyOf` is not supported")),
            SchemaKind::Not { .. } => Err(self.error(location, "`not` is not supported")),
            SchemaKind::Any(any) => {
                if any.properties.is_empty()
                    && any.typ.is_none()
                    && any.one_of.is_empty()
                    && any.all_of.is_empty()
                    && any.any_of.is_empty()
                    && any.enumeration.is_empty()
                {
                    Ok(quote! { serde_json::Value })
                } else {
                    Err(self.error(
                        location,
                        "a schema mixing keywords of several types (or without `type`) is not supported",
                    ))
                }
            }
        }
    }

    /// Whether the value may be `null` on the wire.
    fn is_nullable(&self, schema: SchemaRef<'_>, location: &str) -> Result<bool, GenError> {
        Ok(match schema {
            SchemaRef::Reference(reference) => {
                let name = self.resolver.schema_name(reference, location)?;
                self.resolver.schema(name, location)?.schema_data.nullable
            }
            SchemaRef::Inline(schema) => {
                schema.schema_data.nullable
                    || matches!(&schema.schema_kind,
                        SchemaKind::Type(Type::String(string)) if string.enumeration.contains(&None))
            }
        })
    }

    fn define_struct(
        &mut self,
        ident: &proc_macro2::Ident,
        docs: TokenStream,
        object: &ObjectType,
        location: &str,
    ) -> Result<(), GenError> {
        let deny_unknown = match &object.additional_properties {
            None => TokenStream::new(),
            Some(AdditionalProperties::Any(false)) => quote! { #[serde(deny_unknown_fields)] },
            Some(_) => {
                return Err(self.error(
                    location,
                    "`additionalProperties` together with `properties` is not supported",
                ));
            }
        };
        for required in &object.required {
            if !object.properties.contains_key(required) {
                return Err(self.error(
                    location,
                    format!("`required` names `{required}`, which is not a property"),
                ));
            }
        }
        let tristate = self.tristate.clone();
        let mut fields = Vec::new();
        // For `new()`: required fields become parameters, optional ones start absent.
        let mut parameters = Vec::new();
        let mut initialisers = Vec::new();
        for (wire_name, property) in &object.properties {
            let field_location = format!("{location}.{wire_name}");
            let property = SchemaRef::from(property);
            let suggested = format!("{ident}{}", pascal(wire_name));
            let base = self.type_of(property, &suggested, &field_location)?;
            let nullable = self.is_nullable(property, &field_location)?;
            let required = object.required.contains(wire_name);
            let is_tristate = match property {
                SchemaRef::Inline(schema) => schema
                    .schema_data
                    .extensions
                    .get("x-tristate")
                    .is_some_and(|value| value == &serde_json::Value::Bool(true)),
                SchemaRef::Reference(_) => false,
            };
            let description = match property {
                SchemaRef::Inline(schema) => schema.schema_data.description.as_deref(),
                SchemaRef::Reference(_) => None,
            };
            let field_docs = doc_attrs(description);
            let field_ident = snake_ident(wire_name);
            let rename = if field_ident != wire_name {
                quote! { #[serde(rename = #wire_name)] }
            } else {
                TokenStream::new()
            };
            let (ty, attrs) = if is_tristate {
                if required || !nullable {
                    return Err(self.error(
                        &field_location,
                        "`x-tristate` needs an optional, nullable property",
                    ));
                }
                let skip = format!("{}::is_absent", type_string(&tristate));
                (
                    quote! { #tristate<#base> },
                    quote! { #[serde(default, skip_serializing_if = #skip)] },
                )
            } else {
                match (required, nullable) {
                    (true, false) => (base, TokenStream::new()),
                    (true, true) => (quote! { Option<#base> }, TokenStream::new()),
                    (false, true) => (quote! { Option<#base> }, quote! { #[serde(default)] }),
                    // Optional but never null: the schema must not claim nullability.
                    (false, false) => {
                        let schema_type = type_string(&base);
                        (
                            quote! { Option<#base> },
                            quote! {
                                #[serde(default, skip_serializing_if = "Option::is_none")]
                                #[schemars(with = #schema_type)]
                            },
                        )
                    }
                }
            };
            if required {
                parameters.push(quote! { #field_ident: #ty });
                initialisers.push(quote! { #field_ident });
            } else if is_tristate {
                initialisers.push(quote! { #field_ident: #tristate::Absent });
            } else {
                initialisers.push(quote! { #field_ident: None });
            }
            fields.push(quote! {
                #field_docs
                #rename
                #attrs
                pub #field_ident: #ty,
            });
        }
        let new_docs = doc_attrs(Some(&format!(
            "A value with the required fields; every optional field starts absent. Build\n\
             others as `{ident} {{ field: value, ..{ident}::new(…) }}`: a new optional\n\
             property then needs no change, and a new required one is a compile error at\n\
             each construction."
        )));
        self.items.push(quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
            #deny_unknown
            pub struct #ident {
                #(#fields)*
            }

            impl #ident {
                #new_docs
                #[allow(clippy::new_without_default, clippy::too_many_arguments)]
                pub fn new(#(#parameters),*) -> Self {
                    Self { #(#initialisers,)* }
                }
            }
        });
        Ok(())
    }

    fn define_enum(
        &mut self,
        ident: &proc_macro2::Ident,
        docs: TokenStream,
        string: &StringType,
        location: &str,
    ) -> Result<(), GenError> {
        let values: Vec<&String> = string.enumeration.iter().flatten().collect();
        if values.is_empty() {
            return Err(self.error(
                location,
                "an enum whose only value is null is not supported",
            ));
        }
        let variants: Vec<proc_macro2::Ident> =
            values.iter().map(|value| pascal_ident(value)).collect();
        let distinct: BTreeSet<String> = variants.iter().map(ToString::to_string).collect();
        if distinct.len() != variants.len() {
            return Err(self.error(
                location,
                "enum values that map to the same Rust name are not supported",
            ));
        }
        let count = proc_macro2::Literal::usize_unsuffixed(values.len());
        let type_name = ident.to_string();
        self.items.push(quote! {
            #docs
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
            pub enum #ident {
                #(#[serde(rename = #values)] #variants,)*
            }

            impl #ident {
                /// Every value, in the order of the contract.
                pub const ALL: [Self; #count] = [#(Self::#variants),*];

                /// The value as it appears on the wire.
                pub fn as_str(self) -> &'static str {
                    match self { #(Self::#variants => #values,)* }
                }
            }

            impl ::std::fmt::Display for #ident {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }

            impl ::std::str::FromStr for #ident {
                type Err = UnknownEnumValue;
                fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                    match value {
                        #(#values => Ok(Self::#variants),)*
                        _ => Err(UnknownEnumValue { type_name: #type_name, value: value.to_string() }),
                    }
                }
            }
        });
        Ok(())
    }

    /// A union of object schemas told apart by one property holding a single string
    /// value in each (for example `user_type`): deserialised by looking at that property,
    /// so an unknown value is reported as such rather than as "no variant matched".
    fn define_one_of(
        &mut self,
        ident: &proc_macro2::Ident,
        docs: TokenStream,
        one_of: &[ReferenceOr<Schema>],
        location: &str,
    ) -> Result<(), GenError> {
        let mut members = Vec::new();
        for member in one_of {
            let SchemaRef::Reference(reference) = SchemaRef::from(member) else {
                return Err(self.error(
                    location,
                    "`oneOf` members must be `$ref`s to object schemas",
                ));
            };
            let name = self.resolver.schema_name(reference, location)?;
            let schema = self.resolver.schema(name, location)?;
            let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
                return Err(self.error(
                    location,
                    format!("`oneOf` member `{name}` is not an object"),
                ));
            };
            let tags: Vec<(String, String)> = object
                .properties
                .iter()
                .filter_map(|(property, schema)| match schema {
                    ReferenceOr::Item(schema) => match &schema.schema_kind {
                        SchemaKind::Type(Type::String(string)) => {
                            let values: Vec<&String> =
                                string.enumeration.iter().flatten().collect();
                            (values.len() == 1).then(|| (property.clone(), values[0].clone()))
                        }
                        _ => None,
                    },
                    ReferenceOr::Reference { .. } => None,
                })
                .collect();
            members.push((name.to_string(), tags));
        }
        let discriminator = members
            .first()
            .into_iter()
            .flat_map(|(_, tags)| tags.iter().map(|(property, _)| property.clone()))
            .find(|property| {
                let values: Vec<Option<&String>> = members
                    .iter()
                    .map(|(_, tags)| tags.iter().find(|(p, _)| p == property).map(|(_, v)| v))
                    .collect();
                let distinct: BTreeSet<&String> = values.iter().flatten().copied().collect();
                values.iter().all(Option::is_some) && distinct.len() == values.len()
            })
            .ok_or_else(|| {
                self.error(
                    location,
                    "`oneOf` is supported only when one string property holds a different single enum value in each member",
                )
            })?;
        let variants: Vec<proc_macro2::Ident> =
            members.iter().map(|(name, _)| pascal_ident(name)).collect();
        let tag_values: Vec<String> = members
            .iter()
            .map(|(_, tags)| {
                tags.iter()
                    .find(|(property, _)| property == &discriminator)
                    .map(|(_, value)| value.clone())
                    .unwrap_or_default()
            })
            .collect();
        let expected = tag_values.join(", ");
        let decided_by = format!(" Deserialised by the value of `{discriminator}`.");
        self.items.push(quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
            #[serde(untagged)]
            pub enum #ident {
                #(#variants(#variants),)*
            }

            #[doc = #decided_by]
            impl<'de> ::serde::Deserialize<'de> for #ident {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    use ::serde::de::Error as _;
                    let value = ::serde_json::Value::deserialize(deserializer)?;
                    let tag = value.get(#discriminator).and_then(::serde_json::Value::as_str).map(str::to_owned);
                    match tag.as_deref() {
                        #(Some(#tag_values) => ::serde_json::from_value(value).map(Self::#variants).map_err(D::Error::custom),)*
                        Some(other) => Err(D::Error::custom(format_args!(
                            "unknown {} `{}`, expected one of: {}", #discriminator, other, #expected
                        ))),
                        None => Err(D::Error::missing_field(#discriminator)),
                    }
                }
            }
        });
        Ok(())
    }
}

fn reject_unsupported_data(schema: &Schema, location: &str, file: &str) -> Result<(), GenError> {
    if schema.schema_data.discriminator.is_some() {
        return Err(GenError::new(
            file,
            location,
            "`discriminator` is not supported (a `oneOf` is told apart by a single-valued enum property)",
        ));
    }
    Ok(())
}

fn reject_string_constraints(
    string: &StringType,
    location: &str,
    file: &str,
) -> Result<(), GenError> {
    // Length and pattern constraints would be silently ignored by a plain `String`.
    if string.pattern.is_some() || string.min_length.is_some() || string.max_length.is_some() {
        return Err(GenError::new(
            file,
            location,
            "string `pattern`, `minLength` and `maxLength` are not supported",
        ));
    }
    Ok(())
}

/// Items shared by every generated module.
pub(crate) fn support_items() -> TokenStream {
    quote! {
        /// A string that is not one of an enum's values.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct UnknownEnumValue {
            pub type_name: &'static str,
            pub value: ::std::string::String,
        }

        impl ::std::fmt::Display for UnknownEnumValue {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "`{}` is not a valid {}", self.value, self.type_name)
            }
        }

        impl ::std::error::Error for UnknownEnumValue {}
    }
}

/// A type as Rust source, for attributes that take a type in a string.
pub(crate) fn type_string(tokens: &TokenStream) -> String {
    let mut text = tokens.to_string();
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" < ", "<"),
        ("< ", "<"),
        (" >", ">"),
        (" ,", ","),
    ] {
        text = text.replace(from, to);
    }
    text
}
