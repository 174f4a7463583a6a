//! Query parameters that are arrays or objects, typed: read by a generated extractor,
//! `StructuredQuery<T>`, as the document's `style` and `explode` say, since dropshot's
//! `Query` decodes scalars only (serde_urlencoded, and `ApiDescription::register` refuses
//! a query parameter whose schema is not a scalar). The extractor reports each such
//! parameter to dropshot as a string, and `served_openapi` puts back the parameter as the
//! document writes it.

use crate::raw_string;
use crate::spec::resolve;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value, json};

/// How one parameter's text becomes a JSON value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Text,
    Integer,
    Number,
    Boolean,
    /// A string enum: one of these.
    OneOf(Vec<String>),
}

/// How a parameter is written in the query.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Shape {
    Scalar(Kind),
    /// Repeated keys (`None`), or one value split on the delimiter.
    Array {
        item: Kind,
        delimiter: Option<char>,
    },
    /// `name[property]=value`.
    DeepObject(Vec<(String, Kind)>),
    /// Each property its own key (`form`, exploded).
    ExplodedObject(Vec<(String, Kind)>),
    /// `name=property,value,…` (`form`, not exploded).
    DelimitedObject(Vec<(String, Kind)>),
}

/// A query parameter of an operation that needs `StructuredQuery`.
pub(crate) struct Parameter {
    name: String,
    shape: Shape,
    /// The parameter as the document writes it, for a structured one (`None`: scalar).
    written: Option<Value>,
}

/// Whether the operation's query goes through dropshot's `PaginationParams`, which
/// decodes it itself: its structured parameters stay raw strings.
pub(crate) fn paginated(operation: &openapiv3::Operation) -> bool {
    operation.extensions.contains_key("x-dropshot-pagination")
}

/// The scalar kind of a schema, `None` where it is not a scalar this module reads.
fn kind(document: &Value, schema: &Value) -> Option<Kind> {
    let schema = resolve(document, schema);
    let kind = schema.get("type").and_then(Value::as_str);
    if let Some(values) = schema.get("enum").and_then(Value::as_array)
        && matches!(kind, None | Some("string"))
    {
        return values
            .iter()
            .map(|value| value.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .map(Kind::OneOf);
    }
    match kind? {
        "string" => Some(Kind::Text),
        "integer" => Some(Kind::Integer),
        "number" => Some(Kind::Number),
        "boolean" => Some(Kind::Boolean),
        _ => None,
    }
}

/// How a query parameter that is not a scalar is read, or why it cannot be (the reason
/// ends the warning that keeps it a raw string).
pub(crate) fn shape(document: &Value, parameter: &Value) -> Result<Shape, String> {
    let Some(schema) = parameter.get("schema") else {
        return Err("it is described by `content`".into());
    };
    let schema = resolve(document, schema);
    let style = parameter["style"].as_str().unwrap_or("form");
    // OpenAPI: `explode` defaults to true for `form`, false for every other style.
    let explode = parameter["explode"].as_bool().unwrap_or(style == "form");
    if schema["type"] == "array" || schema.get("items").is_some() {
        let Some(item) = kind(document, &schema["items"]) else {
            return Err("its items are not scalars, which no query style writes".into());
        };
        let delimiter = match (style, explode) {
            ("form" | "spaceDelimited" | "pipeDelimited", true) => None,
            ("form", false) => Some(','),
            ("spaceDelimited", false) => Some(' '),
            ("pipeDelimited", false) => Some('|'),
            (style, _) => return Err(format!("style `{style}` does not write arrays")),
        };
        return Ok(Shape::Array { item, delimiter });
    }
    if schema["type"] == "object" || schema.get("properties").is_some() {
        if schema
            .get("additionalProperties")
            .is_some_and(|extra| extra != false)
        {
            return Err("it is a map (`additionalProperties`), whose keys are not known".into());
        }
        let mut properties = Vec::new();
        for (property, schema) in schema["properties"].as_object().into_iter().flatten() {
            let Some(kind) = kind(document, schema) else {
                return Err(format!(
                    "its property `{property}` is not a scalar, which no query style writes"
                ));
            };
            properties.push((property.clone(), kind));
        }
        if properties.is_empty() {
            return Err("an object without properties".into());
        }
        return match (style, explode) {
            ("deepObject", _) => Ok(Shape::DeepObject(properties)),
            ("form", true) => Ok(Shape::ExplodedObject(properties)),
            ("form", false) => Ok(Shape::DelimitedObject(properties)),
            (style, _) => Err(format!("style `{style}` does not write objects")),
        };
    }
    // One value or several (FastAPI's `Union[str, List[str]]`): read as the array, which
    // serde's untagged enum takes as its array member, one value as an array of one.
    let members = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array);
    if let Some([first, second]) = members.map(Vec::as_slice) {
        let (first, second) = (resolve(document, first), resolve(document, second));
        let array = match (&first["type"], &second["type"]) {
            (kind, array) if array == "array" && kind != "array" => Some(second),
            (array, kind) if array == "array" && kind != "array" => Some(first),
            _ => None,
        };
        let single = if array == Some(second) { first } else { second };
        if let Some(array) = array
            && kind(document, single).is_some()
        {
            let mut parameter = parameter.clone();
            parameter["schema"] = array.clone();
            return shape(document, &parameter);
        }
    }
    Err("neither an array nor an object of scalars".into())
}

/// Every query parameter of an operation with its shape, when one at least is an array
/// or an object read here; empty otherwise (dropshot's `Query` then does).
pub(crate) fn table(
    document: &Value,
    parameters: &[Value],
    is_scalar: impl Fn(&Value) -> bool,
) -> Vec<Parameter> {
    let mut table = Vec::new();
    let mut structured = false;
    for parameter in parameters.iter().filter(|p| p["in"] == "query") {
        let Some(name) = parameter["name"].as_str() else {
            continue;
        };
        let schema = parameter.get("schema").unwrap_or(&Value::Null);
        let (shape, written) = if is_scalar(schema) {
            (
                Shape::Scalar(kind(document, schema).unwrap_or(Kind::Text)),
                None,
            )
        } else {
            match shape(document, parameter) {
                Ok(shape) => {
                    structured = true;
                    (shape, Some(parameter.clone()))
                }
                // Its raw string (`parameters_schema` warns).
                Err(_) => (Shape::Scalar(Kind::Text), None),
            }
        };
        table.push(Parameter {
            name: name.to_string(),
            shape,
            written,
        });
    }
    if !structured {
        table.clear();
    }
    table
}

fn kind_tokens(kind: &Kind) -> TokenStream {
    match kind {
        Kind::Text => quote! { QueryScalar::Text },
        Kind::Integer => quote! { QueryScalar::Integer },
        Kind::Number => quote! { QueryScalar::Number },
        Kind::Boolean => quote! { QueryScalar::Boolean },
        Kind::OneOf(values) => quote! { QueryScalar::OneOf(&[#(#values),*]) },
    }
}

/// `impl QueryParameters for T`: the table `StructuredQuery<T>` reads the query by.
pub(crate) fn parameters_impl(ty: &TokenStream, table: &[Parameter]) -> TokenStream {
    let properties = |properties: &[(String, Kind)]| {
        let entries = properties.iter().map(|(name, kind)| {
            let kind = kind_tokens(kind);
            quote! { (#name, #kind) }
        });
        quote! { &[#(#entries),*] }
    };
    let entries = table.iter().map(|parameter| {
        let name = &parameter.name;
        let shape = match &parameter.shape {
            Shape::Scalar(kind) => {
                let kind = kind_tokens(kind);
                quote! { QueryShape::Scalar(#kind) }
            }
            Shape::Array { item, delimiter } => {
                let item = kind_tokens(item);
                let delimiter = match delimiter {
                    Some(delimiter) => quote! { Some(#delimiter) },
                    None => quote! { None },
                };
                quote! { QueryShape::Array { item: #item, delimiter: #delimiter } }
            }
            Shape::DeepObject(list) => {
                let list = properties(list);
                quote! { QueryShape::DeepObject(#list) }
            }
            Shape::ExplodedObject(list) => {
                let list = properties(list);
                quote! { QueryShape::ExplodedObject(#list) }
            }
            Shape::DelimitedObject(list) => {
                let list = properties(list);
                quote! { QueryShape::DelimitedObject(#list) }
            }
        };
        quote! { QueryParameter { name: #name, shape: #shape } }
    });
    quote! {
        impl QueryParameters for #ty {
            const PARAMETERS: &'static [QueryParameter] = &[#(#entries),*];
        }
    }
}

/// The statements `served_openapi` runs on its `document`: each structured parameter as
/// the document writes it, for each (served path, method, table), and the component
/// schemas those refer to, where dropshot's document lacks them.
pub(crate) fn served_patch(
    document: &Value,
    operations: &[(String, &str, &[Parameter])],
) -> TokenStream {
    let mut parameters = Vec::new();
    let mut components = Map::new();
    for (path, method, table) in operations {
        for written in table.iter().filter_map(|p| p.written.as_ref()) {
            add_components(document, written, &mut components);
            parameters.push(json!({"path": path, "method": method, "parameter": written}));
        }
    }
    if parameters.is_empty() {
        return TokenStream::new();
    }
    let written = raw_string(&json!({"parameters": parameters, "components": components}));
    quote! {
        written_query_parameters(&mut document, #written)?;
    }
}

/// The component schemas `value` refers to, directly or through one another.
fn add_components(document: &Value, value: &Value, found: &mut Map<String, Value>) {
    match value {
        Value::Object(object) => {
            if let Some(name) = object
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                && !found.contains_key(name)
                && let Some(schema) = document["components"]["schemas"].get(name)
            {
                found.insert(name.to_string(), schema.clone());
                add_components(document, schema, found);
            }
            object
                .values()
                .for_each(|value| add_components(document, value, found));
        }
        Value::Array(items) => items
            .iter()
            .for_each(|value| add_components(document, value, found)),
        _ => {}
    }
}

/// The items a module defines once when an operation reads a structured query.
pub(crate) fn support() -> TokenStream {
    quote! {
        /// How a query parameter's text becomes its value.
        #[derive(Debug, Clone, Copy)]
        pub enum QueryScalar {
            Text,
            Integer,
            Number,
            Boolean,
            /// One of the document's strings (an enum).
            OneOf(&'static [&'static str]),
        }

        /// How a query parameter is written (OpenAPI's `style` and `explode`).
        #[derive(Debug, Clone, Copy)]
        pub enum QueryShape {
            /// `name=value`.
            Scalar(QueryScalar),
            /// `name=1&name=2` (exploded, `delimiter: None`), or `name=1,2` split on the
            /// delimiter (`,` form, ` ` spaceDelimited, `|` pipeDelimited).
            Array {
                item: QueryScalar,
                delimiter: ::std::option::Option<char>,
            },
            /// `name[property]=value` (deepObject).
            DeepObject(&'static [(&'static str, QueryScalar)]),
            /// `property=value`, each property its own key (form, exploded).
            ExplodedObject(&'static [(&'static str, QueryScalar)]),
            /// `name=property,value,…` (form, not exploded).
            DelimitedObject(&'static [(&'static str, QueryScalar)]),
        }

        /// One query parameter of a type [`StructuredQuery`] reads.
        #[derive(Debug, Clone, Copy)]
        pub struct QueryParameter {
            pub name: &'static str,
            pub shape: QueryShape,
        }

        /// The query parameters of a type [`StructuredQuery`] reads, generated beside it.
        pub trait QueryParameters {
            const PARAMETERS: &'static [QueryParameter];
        }

        /// Query parameters among which arrays or objects, read as the document writes
        /// them: dropshot's `Query` decodes scalars only. Described to dropshot as
        /// `Query<T>`, each array or object a string (dropshot refuses other schemas),
        /// which `served_openapi` replaces with the document's parameter.
        pub struct StructuredQuery<T>(pub T);

        impl<T> StructuredQuery<T> {
            pub fn into_inner(self) -> T {
                self.0
            }
        }

        #[::async_trait::async_trait]
        impl<T> ::dropshot::SharedExtractor for StructuredQuery<T>
        where
            T: QueryParameters + ::schemars::JsonSchema + ::serde::de::DeserializeOwned + Send + Sync + 'static,
        {
            async fn from_request<Context: ::dropshot::ServerContext>(
                rqctx: &::dropshot::RequestContext<Context>,
            ) -> ::std::result::Result<Self, ::dropshot::HttpError> {
                let pairs = <::dropshot::Query<::std::vec::Vec<(String, String)>> as ::dropshot::SharedExtractor>::from_request(rqctx)
                    .await?
                    .into_inner();
                let value = structured_query_value(T::PARAMETERS, &pairs)?;
                ::serde_json::from_value(value)
                    .map(StructuredQuery)
                    .map_err(|error| ::dropshot::HttpError::for_bad_request(None, format!("unable to parse query string: {error}")))
            }

            fn metadata(content_type: ::dropshot::ApiEndpointBodyContentType) -> ::dropshot::ExtractorMetadata {
                <::dropshot::Query<T> as ::dropshot::SharedExtractor>::metadata(content_type)
            }
        }

        /// The query as a JSON object of `parameters`, each text parsed as its schema
        /// says, from dropshot's own decoding of the query into pairs (repeated keys
        /// kept). Written out here: no crate reads OpenAPI's styles. A delimited array's
        /// empty value (`ids=`) is no item, not one empty item.
        fn structured_query_value(
            parameters: &[QueryParameter],
            pairs: &[(String, String)],
        ) -> ::std::result::Result<::serde_json::Value, ::dropshot::HttpError> {
            let first = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
            let mut object = ::serde_json::Map::new();
            for parameter in parameters {
                let name = parameter.name;
                let value = match parameter.shape {
                    QueryShape::Scalar(kind) => match first(name) {
                        Some(text) => query_scalar(name, kind, text)?,
                        None => continue,
                    },
                    QueryShape::Array { item, delimiter } => {
                        let texts: ::std::vec::Vec<&str> = pairs
                            .iter()
                            .filter(|(k, _)| k == name)
                            .map(|(_, v)| v.as_str())
                            .collect();
                        if texts.is_empty() {
                            continue;
                        }
                        let mut items = ::std::vec::Vec::new();
                        for text in texts {
                            match delimiter {
                                Some(_) if text.is_empty() => {}
                                Some(delimiter) => {
                                    for part in text.split(delimiter) {
                                        items.push(query_scalar(name, item, part)?);
                                    }
                                }
                                None => items.push(query_scalar(name, item, text)?),
                            }
                        }
                        ::serde_json::Value::Array(items)
                    }
                    QueryShape::DeepObject(properties) | QueryShape::ExplodedObject(properties) => {
                        let mut fields = ::serde_json::Map::new();
                        for (property, kind) in properties {
                            let key = match parameter.shape {
                                QueryShape::DeepObject(_) => format!("{name}[{property}]"),
                                _ => property.to_string(),
                            };
                            if let Some(text) = first(&key) {
                                fields.insert(property.to_string(), query_scalar(&key, *kind, text)?);
                            }
                        }
                        if fields.is_empty() {
                            continue;
                        }
                        ::serde_json::Value::Object(fields)
                    }
                    QueryShape::DelimitedObject(properties) => {
                        let Some(text) = first(name) else {
                            continue;
                        };
                        let parts: ::std::vec::Vec<&str> = text.split(',').collect();
                        let pairs = parts.chunks_exact(2);
                        if !pairs.remainder().is_empty() {
                            return Err(::dropshot::HttpError::for_bad_request(
                                None,
                                format!("query parameter `{name}`: `{text}` is not property,value pairs"),
                            ));
                        }
                        let mut fields = ::serde_json::Map::new();
                        for pair in pairs {
                            if let Some((property, kind)) = properties.iter().find(|(p, _)| *p == pair[0]) {
                                let key = format!("{name}.{property}");
                                fields.insert(property.to_string(), query_scalar(&key, *kind, pair[1])?);
                            }
                        }
                        ::serde_json::Value::Object(fields)
                    }
                };
                object.insert(name.to_string(), value);
            }
            Ok(::serde_json::Value::Object(object))
        }

        /// One text as the JSON value its schema says, or a 400 naming the parameter.
        fn query_scalar(
            name: &str,
            kind: QueryScalar,
            text: &str,
        ) -> ::std::result::Result<::serde_json::Value, ::dropshot::HttpError> {
            let parsed = match kind {
                QueryScalar::Text => Some(::serde_json::Value::from(text)),
                QueryScalar::Integer => text
                    .parse::<i64>()
                    .map(::serde_json::Value::from)
                    .or_else(|_| text.parse::<u64>().map(::serde_json::Value::from))
                    .ok(),
                QueryScalar::Number => text
                    .parse::<f64>()
                    .ok()
                    .and_then(::serde_json::Number::from_f64)
                    .map(::serde_json::Value::Number),
                QueryScalar::Boolean => text.parse::<bool>().ok().map(::serde_json::Value::Bool),
                QueryScalar::OneOf(values) => values.contains(&text).then(|| ::serde_json::Value::from(text)),
            };
            parsed.ok_or_else(|| {
                let expected = match kind {
                    QueryScalar::Text => "text".to_string(),
                    QueryScalar::Integer => "an integer".to_string(),
                    QueryScalar::Number => "a number".to_string(),
                    QueryScalar::Boolean => "`true` or `false`".to_string(),
                    QueryScalar::OneOf(values) => format!("one of `{}`", values.join("`, `")),
                };
                ::dropshot::HttpError::for_bad_request(
                    None,
                    format!("query parameter `{name}`: `{text}` is not {expected}"),
                )
            })
        }

        /// Puts each structured query parameter back as the document writes it, and the
        /// component schemas it refers to where dropshot's document has none.
        fn written_query_parameters(
            document: &mut ::serde_json::Value,
            written: &str,
        ) -> ::std::result::Result<(), ::std::string::String> {
            let written: ::serde_json::Value = ::serde_json::from_str(written).map_err(|error| error.to_string())?;
            for entry in written["parameters"].as_array().into_iter().flatten() {
                let path = entry["path"].as_str().unwrap_or_default().replace('~', "~0").replace('/', "~1");
                let pointer = format!("/paths/{path}/{}/parameters", entry["method"].as_str().unwrap_or_default());
                let parameter = &entry["parameter"];
                for served in document.pointer_mut(&pointer).and_then(::serde_json::Value::as_array_mut).into_iter().flatten() {
                    if served["in"] == "query" && served["name"] == parameter["name"] {
                        *served = parameter.clone();
                    }
                }
            }
            if let Some(components) = written["components"].as_object().filter(|c| !c.is_empty())
                && let Some(document) = document.as_object_mut()
            {
                let schemas = document
                    .entry("components")
                    .or_insert_with(|| ::serde_json::json!({}))
                    .as_object_mut()
                    .map(|c| c.entry("schemas").or_insert_with(|| ::serde_json::json!({})));
                if let Some(schemas) = schemas.and_then(::serde_json::Value::as_object_mut) {
                    for (name, schema) in components {
                        schemas.entry(name.clone()).or_insert_with(|| schema.clone());
                    }
                }
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape_of(parameter: Value) -> Result<Shape, String> {
        let document = json!({"components": {"schemas": {"Colour": {"type": "string", "enum": ["red", "blue"]}}}});
        shape(&document, &parameter)
    }

    #[test]
    fn arrays_by_style_and_explode() {
        let ids = json!({"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "integer"}}});
        assert_eq!(
            shape_of(ids.clone()),
            Ok(Shape::Array {
                item: Kind::Integer,
                delimiter: None
            })
        );
        let mut unexploded = ids.clone();
        unexploded["explode"] = json!(false);
        assert!(matches!(
            shape_of(unexploded),
            Ok(Shape::Array {
                delimiter: Some(','),
                ..
            })
        ));
        let mut piped = ids;
        piped["style"] = json!("pipeDelimited");
        assert!(matches!(
            shape_of(piped),
            Ok(Shape::Array {
                delimiter: Some('|'),
                ..
            })
        ));
        let colours = json!({"name": "c", "in": "query", "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Colour"}}});
        assert_eq!(
            shape_of(colours),
            Ok(Shape::Array {
                item: Kind::OneOf(vec!["red".into(), "blue".into()]),
                delimiter: None
            })
        );
    }

    #[test]
    fn objects_by_style_and_what_stays_a_raw_string() {
        let filter = json!({"name": "filter", "in": "query", "style": "deepObject", "explode": true,
            "schema": {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}}}});
        assert_eq!(
            shape_of(filter.clone()),
            Ok(Shape::DeepObject(vec![
                ("name".into(), Kind::Text),
                ("age".into(), Kind::Integer)
            ]))
        );
        let mut form = filter.clone();
        form.as_object_mut().unwrap().remove("style");
        assert!(matches!(shape_of(form), Ok(Shape::ExplodedObject(_))));
        let mut nested = filter;
        nested["schema"]["properties"]["age"] = json!({"type": "object"});
        assert!(
            shape_of(nested)
                .unwrap_err()
                .contains("`age` is not a scalar")
        );
        let one_or_several = json!({"name": "s", "in": "query", "schema": {"anyOf": [
            {"type": "string"}, {"type": "array", "items": {"type": "string"}}]}});
        assert!(matches!(
            shape_of(one_or_several),
            Ok(Shape::Array {
                item: Kind::Text,
                delimiter: None
            })
        ));
        let objects = json!({"name": "o", "in": "query", "schema": {"type": "array", "items": {"type": "object"}}});
        assert!(shape_of(objects).is_err());
        let map = json!({"name": "m", "in": "query", "style": "deepObject",
            "schema": {"type": "object", "additionalProperties": {"type": "string"}}});
        assert!(shape_of(map).unwrap_err().contains("map"));
    }
}
