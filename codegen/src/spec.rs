//! Reading OpenAPI 3.0 documents, resolving local references, and the generator's errors.

use openapiv3::OpenAPI;
use serde_json::Value;
use std::fmt;
use std::path::Path;

/// Why nothing could be generated. Only a document that is not valid OpenAPI 3.0 (or
/// settings that are not Rust) ends here; what dropshot or typify cannot express exactly
/// is a [`crate::Warning`] instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The file cannot be read.
    Io(String),
    /// Not an OpenAPI 3.0.x document, or a reference that leads nowhere.
    Invalid { location: String, problem: String },
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

/// Reads a YAML or JSON OpenAPI 3.0 document.
pub fn load(path: &Path) -> Result<OpenAPI, Error> {
    let text = std::fs::read_to_string(path).map_err(|error| Error::Io(error.to_string()))?;
    parse(&text)
}

/// Parses a YAML or JSON OpenAPI 3.0 document and checks its local references.
pub fn parse(text: &str) -> Result<OpenAPI, Error> {
    let document: OpenAPI = serde_norway::from_str(text)
        .map_err(|error| Error::invalid("document", format!("not OpenAPI 3.0: {error}")))?;
    if !document.openapi.starts_with("3.0.") {
        return Err(Error::invalid(
            "openapi",
            format!("OpenAPI {} is not supported (3.0.x only)", document.openapi),
        ));
    }
    let json = serde_json::to_value(&document)
        .map_err(|error| Error::invalid("document", error.to_string()))?;
    check_references(&json, &json, "#")?;
    Ok(document)
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
