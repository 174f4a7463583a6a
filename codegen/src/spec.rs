//! Reading OpenAPI 3.0 and 3.1 documents (3.1 through [`crate::openapi31`]), resolving
//! local references, and the generator's errors.

use openapiv3::OpenAPI;
use serde_json::Value;
use std::fmt;
use std::path::Path;

/// Why nothing could be generated. Only a document that is not valid OpenAPI 3.0 or 3.1 (or
/// settings that are not Rust) ends here; what dropshot or typify cannot express exactly
/// is a [`crate::Warning`] instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The file cannot be read.
    Io(String),
    /// Not an OpenAPI 3.0.x or 3.1.x document, or a reference that leads nowhere.
    Invalid {
        /// Where in the document.
        location: String,
        /// What is wrong there.
        problem: String,
    },
    /// A setting is not a Rust path or type.
    Settings(String),
    /// The generated tokens do not parse (a bug in the generator).
    Output(String),
    /// progenitor refused the document, even reduced to what it supports.
    Client(String),
}

impl Error {
    pub(crate) fn invalid(location: impl Into<String>, problem: impl Into<String>) -> Self {
        Error::Invalid {
            location: location.into(),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io(problem) => write!(f, "cannot read: {problem}"),
            Error::Invalid { location, problem } => write!(f, "{location}: {problem}"),
            Error::Settings(problem) => write!(f, "settings: {problem}"),
            Error::Output(problem) => write!(f, "generated code: {problem}"),
            Error::Client(problem) => write!(f, "client: {problem}"),
        }
    }
}

impl std::error::Error for Error {}

/// How a document's text is written: each is read by its own parser, since a YAML parser
/// refuses escapes that JSON allows (the surrogate pairs `\ud83d\ude80` of an emoji, as
/// FastAPI writes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON, read by serde_json.
    Json,
    /// YAML, read by serde_norway.
    Yaml,
}

impl Format {
    /// By the file's extension (`.json`, `.yaml`, `.yml`), else by the text itself.
    pub fn of(path: &Path, text: &str) -> Format {
        match path.extension().and_then(|extension| extension.to_str()) {
            Some(extension) if extension.eq_ignore_ascii_case("json") => Format::Json,
            Some(extension)
                if extension.eq_ignore_ascii_case("yaml")
                    || extension.eq_ignore_ascii_case("yml") =>
            {
                Format::Yaml
            }
            _ => Format::sniff(text),
        }
    }

    /// A text whose first character is `{` is JSON; anything else is YAML.
    pub fn sniff(text: &str) -> Format {
        match text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{')
        {
            true => Format::Json,
            false => Format::Yaml,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Yaml => "YAML",
        }
    }
}

/// Reads `text` as `T` with the parser of its format.
pub fn read<T: serde::de::DeserializeOwned>(text: &str, format: Format) -> Result<T, Error> {
    let read = match format {
        Format::Json => serde_json::from_str(text).map_err(|error| error.to_string()),
        Format::Yaml => serde_norway::from_str(text).map_err(|error| error.to_string()),
    };
    read.map_err(|problem| {
        Error::invalid(
            "document",
            format!("not OpenAPI (read as {}): {problem}", format.name()),
        )
    })
}

/// Reads a YAML or JSON OpenAPI 3.0 or 3.1 document, each by its own parser (see
/// [`Format::of`]). A 3.1 document is translated to 3.0.3 ([`crate::openapi31`]); what
/// that form does not keep travels inside the document as an extension, and
/// [`crate::Generator`] reports it among its warnings: so every build script reads 3.1
/// with the same call, and no warning is lost between reading and generating.
pub fn load(path: &Path) -> Result<OpenAPI, Error> {
    let text = std::fs::read_to_string(path).map_err(|error| Error::Io(error.to_string()))?;
    parse_as(&text, Format::of(path, &text))
}

/// Parses a YAML or JSON OpenAPI 3.0 or 3.1 document (told apart by [`Format::sniff`])
/// and checks its local references.
pub fn parse(text: &str) -> Result<OpenAPI, Error> {
    parse_as(text, Format::sniff(text))
}

/// [`parse`] in a given format.
pub fn parse_as(text: &str, format: Format) -> Result<OpenAPI, Error> {
    let value: Value = read(text, format)?;
    let document: OpenAPI = match value.get("openapi").and_then(Value::as_str) {
        // Read from the text, so that a parse error names its place as before.
        Some(version) if version.starts_with("3.0.") => read(text, format)?,
        Some(version) if version.starts_with("3.1.") => {
            let (mut translated, warnings) = crate::openapi31::translate(&value);
            let null_defaults = null_defaults(&translated);
            if !null_defaults.is_empty() {
                translated[NULL_DEFAULTS] = Value::from(null_defaults);
            }
            if !warnings.is_empty() {
                translated[crate::openapi31::WARNINGS] = crate::openapi31::to_carry(&warnings);
            }
            serde_path_to_error::deserialize(&translated).map_err(|error| {
                Error::invalid(
                    error.path().to_string(),
                    format!("not OpenAPI {version}: {}", error.inner()),
                )
            })?
        }
        Some(version) => {
            return Err(Error::invalid(
                "openapi",
                format!("OpenAPI {version} is not supported (3.0.x and 3.1.x only)"),
            ));
        }
        None => {
            let problem = match value.get("swagger") {
                Some(version) => {
                    format!("Swagger {version} is not supported (OpenAPI 3.0.x and 3.1.x only)")
                }
                None => "no `openapi` version: not an OpenAPI document".to_string(),
            };
            return Err(Error::invalid("openapi", problem));
        }
    };
    let mut document = document;
    let null_defaults = null_defaults(&value);
    if !null_defaults.is_empty() {
        document
            .extensions
            .insert(NULL_DEFAULTS.to_string(), Value::from(null_defaults));
    }
    let json = serde_json::to_value(&document)
        .map_err(|error| Error::invalid("document", error.to_string()))?;
    check_references(&json, &json, "#")?;
    rename_shadowing(document, json)
}

/// Where the document's component schemas say `default: null`, as JSON pointers:
/// `openapiv3` reads that as no default, schemars (and so dropshot) keeps it, so the
/// schemas served as written put it back (`Types::new`). Carried in a document extension
/// like the 3.1 translation's warnings.
pub(crate) const NULL_DEFAULTS: &str = "x-fin-codegen-null-defaults";

fn null_defaults(document: &Value) -> Vec<String> {
    fn walk(value: &Value, at: &str, found: &mut Vec<String>) {
        match value {
            Value::Object(object) => {
                if object.get("default") == Some(&Value::Null) {
                    found.push(at.to_string());
                }
                for (key, child) in object {
                    // Values, not schemas.
                    if matches!(
                        key.as_str(),
                        "default" | "example" | "examples" | "enum" | "const"
                    ) {
                        continue;
                    }
                    let key = key.replace('~', "~0").replace('/', "~1");
                    walk(child, &format!("{at}/{key}"), found);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    walk(child, &format!("{at}/{index}"), found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    if let Some(schemas) = document.pointer("/components/schemas") {
        walk(schemas, "/components/schemas", &mut found);
    }
    found
}

/// Marker traits the trait's bounds and dropshot's macros name unqualified: a component
/// type of that name would shadow the trait (LangGraph's API has a schema `Send`).
const SHADOWING: &[&str] = &["Send", "Sync", "Sized", "Unpin"];

/// Component schemas named like [`SHADOWING`] get a `Schema` suffix, every reference to
/// them rewritten, and a warning (carried like the OpenAPI 3.1 translation's).
fn rename_shadowing(document: OpenAPI, mut json: Value) -> Result<OpenAPI, Error> {
    let Some(schemas) = json["components"]["schemas"].as_object() else {
        return Ok(document);
    };
    let clashing: Vec<String> = schemas
        .keys()
        .filter(|name| SHADOWING.contains(&crate::schema::type_name(name).as_str()))
        .cloned()
        .collect();
    if clashing.is_empty() {
        return Ok(document);
    }
    let mut renames = Vec::new();
    for name in clashing {
        let mut renamed = format!("{name}Schema");
        while schemas.contains_key(&renamed) {
            renamed.push('_');
        }
        renames.push((name, renamed));
    }
    let schemas: serde_json::Map<String, Value> = schemas
        .iter()
        .map(|(name, schema)| {
            let name = renames
                .iter()
                .find(|(from, _)| from == name)
                .map_or(name.clone(), |(_, to)| to.clone());
            (name, schema.clone())
        })
        .collect();
    json["components"]["schemas"] = Value::Object(schemas);
    rewrite_component_references(&mut json, &renames);
    let mut warnings = json
        .get(crate::openapi31::WARNINGS)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (from, to) in &renames {
        warnings.push(serde_json::json!({
            "location": format!("components.schemas.{from}"),
            "message": format!("a type named `{from}` would shadow the `{from}` trait the generated code names; it is `{}`", crate::schema::type_name(to)),
        }));
    }
    json[crate::openapi31::WARNINGS] = Value::Array(warnings);
    serde_json::from_value(json).map_err(|error| Error::invalid("document", error.to_string()))
}

fn rewrite_component_references(value: &mut Value, renames: &[(String, String)]) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get_mut("$ref") {
                for (from, to) in renames {
                    let old = format!("#/components/schemas/{from}");
                    if reference == &old || reference.starts_with(&format!("{old}/")) {
                        *reference =
                            format!("#/components/schemas/{to}{}", &reference[old.len()..]);
                    }
                }
            }
            for child in object.values_mut() {
                rewrite_component_references(child, renames);
            }
        }
        Value::Array(items) => {
            for item in items {
                rewrite_component_references(item, renames);
            }
        }
        _ => {}
    }
}

/// Every `$ref` must be local and lead to something.
fn check_references(document: &Value, value: &Value, at: &str) -> Result<(), Error> {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get("$ref") {
                resolve_pointer(document, reference, at)?;
            }
            for (key, child) in object {
                // Examples, defaults and extensions are data: a `$ref` key there is a value.
                if matches!(key.as_str(), "example" | "value" | "default" | "enum")
                    || key.starts_with("x-")
                {
                    continue;
                }
                check_references(document, child, &format!("{at}/{key}"))?;
            }
            Ok(())
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                check_references(document, child, &format!("{at}/{index}"))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn resolve_pointer<'a>(document: &'a Value, reference: &str, at: &str) -> Result<&'a Value, Error> {
    let Some(pointer) = reference.strip_prefix('#') else {
        return Err(Error::invalid(
            at,
            format!(
                "reference `{reference}` is not local to the document (only `#/…` references are read)"
            ),
        ));
    };
    document
        .pointer(pointer)
        .ok_or_else(|| Error::invalid(at, format!("reference `{reference}` leads nowhere")))
}

/// Follows `$ref`s (to any depth) to the object they name.
pub(crate) fn resolve<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    let mut current = value;
    for _ in 0..32 {
        match current.get("$ref").and_then(Value::as_str) {
            Some(reference) => match reference
                .strip_prefix('#')
                .and_then(|p| document.pointer(p))
            {
                Some(target) => current = target,
                None => return &Value::Null,
            },
            None => return current,
        }
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = r#"{"openapi": "3.0.3", "info": {"title": "Rocket \ud83d\ude80", "version": "1"},
        "paths": {"/launch": {"get": {"operationId": "launch", "description": "Lift-off \ud83d\ude80",
        "responses": {"200": {"description": "ok"}}}}}}"#;

    /// `openapiv3` reads `default: null` as no default; the pointers keep it for the
    /// schemas served as written.
    #[test]
    fn a_null_default_is_kept_beside_the_parsed_document() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"Peer": {"type": "object", "properties": {
                "ttl": {"nullable": true, "default": null, "type": "integer"},
                "name": {"default": "x", "type": "string", "example": {"default": null}}}}}}}"#;
        let document = parse(text).unwrap();
        assert_eq!(
            document.extensions[NULL_DEFAULTS],
            serde_json::json!(["/components/schemas/Peer/properties/ttl"])
        );
    }

    /// JSON allows an emoji as a surrogate pair, which FastAPI writes and YAML parsers refuse.
    #[test]
    fn a_json_document_is_read_by_a_json_parser_surrogate_pairs_and_all() {
        assert_eq!(Format::sniff(JSON), Format::Json);
        let document = parse(JSON).unwrap();
        assert_eq!(document.info.title, "Rocket 🚀");
        assert!(
            serde_norway::from_str::<Value>(JSON).is_err(),
            "YAML would refuse it"
        );
        let path = Path::new("api.json");
        assert_eq!(Format::of(path, "openapi: 3.0.3"), Format::Json);
        assert_eq!(Format::of(Path::new("api.yml"), JSON), Format::Yaml);
    }

    #[test]
    fn a_yaml_document_takes_its_own_escapes_and_plain_emoji() {
        let yaml = "openapi: 3.0.3\ninfo: {title: \"Rocket \\U0001F680\", version: '1', description: Lift-off 🚀}\npaths: {}\n";
        assert_eq!(Format::sniff(yaml), Format::Yaml);
        let document = parse(yaml).unwrap();
        assert_eq!(document.info.title, "Rocket 🚀");
        assert_eq!(document.info.description.as_deref(), Some("Lift-off 🚀"));
    }

    #[test]
    fn a_schema_named_like_a_marker_trait_is_renamed() {
        let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Send: {type: object}\n    Run: {type: object, properties: {send: {$ref: '#/components/schemas/Send'}}}\n";
        let document = parse(yaml).unwrap();
        let json = serde_json::to_value(&document).unwrap();
        assert!(json["components"]["schemas"].get("Send").is_none());
        assert_eq!(
            json["components"]["schemas"]["Run"]["properties"]["send"]["$ref"],
            "#/components/schemas/SendSchema"
        );
        let warnings = crate::openapi31::carried(&document);
        assert!(warnings[0].message.contains("`SendSchema`"), "{warnings:?}");
    }

    #[test]
    fn a_broken_document_says_which_parser_read_it() {
        let error = parse("{\"openapi\": ").unwrap_err().to_string();
        assert!(error.contains("read as JSON"), "{error}");
        let error = parse("openapi: [").unwrap_err().to_string();
        assert!(error.contains("read as YAML"), "{error}");
    }
}
