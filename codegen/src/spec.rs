//! Loading OpenAPI documents, resolving local references, and the generator's error type.

use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody, Schema};
use std::fmt;
use std::path::Path;

/// A construct the generator cannot turn into Rust, or a document it cannot read.
/// The message names the file, where in it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenError {
    pub file: String,
    pub location: String,
    pub problem: String,
}

impl GenError {
    pub fn new(file: &str, location: impl Into<String>, problem: impl Into<String>) -> Self {
        GenError {
            file: file.to_string(),
            location: location.into(),
            problem: problem.into(),
        }
    }
}

impl fmt::Display for GenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.file, self.location, self.problem)
    }
}

impl std::error::Error for GenError {}

/// Reads a YAML or JSON OpenAPI 3.0 document.
pub fn load_spec(path: &Path) -> Result<OpenAPI, GenError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|error| GenError::new(&file, "document", format!("cannot read: {error}")))?;
    let document: OpenAPI = serde_norway::from_str(&text)
        .map_err(|error| GenError::new(&file, "document", format!("not OpenAPI 3.0: {error}")))?;
    if !document.openapi.starts_with("3.0.") {
        return Err(GenError::new(
            &file,
            "document",
            format!("OpenAPI {} is not supported (3.0.x only)", document.openapi),
        ));
    }
    Ok(document)
}

/// Local `#/components/...` lookups with errors that name the reference.
pub(crate) struct Resolver<'a> {
    pub document: &'a OpenAPI,
    pub file: &'a str,
}

impl<'a> Resolver<'a> {
    pub fn schema_name<'r>(&self, reference: &'r str, location: &str) -> Result<&'r str, GenError> {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .ok_or_else(|| {
                GenError::new(
                    self.file,
                    location,
                    format!("reference `{reference}` is not local"),
                )
            })?;
        self.schema(name, location)?;
        Ok(name)
    }

    pub fn schema(&self, name: &str, location: &str) -> Result<&'a Schema, GenError> {
        let found = self
            .document
            .components
            .as_ref()
            .and_then(|components| components.schemas.get(name));
        match found {
            Some(ReferenceOr::Item(schema)) => Ok(schema),
            Some(ReferenceOr::Reference { reference }) => {
                let target = self.schema_name(reference, location)?;
                self.schema(target, location)
            }
            None => Err(GenError::new(
                self.file,
                location,
                format!("reference to missing schema `{name}`"),
            )),
        }
    }

    pub fn parameter(
        &self,
        parameter: &'a ReferenceOr<Parameter>,
        location: &str,
    ) -> Result<&'a Parameter, GenError> {
        match parameter {
            ReferenceOr::Item(parameter) => Ok(parameter),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/");
                let found =
                    name.and_then(|name| self.document.components.as_ref()?.parameters.get(name));
                match found {
                    Some(ReferenceOr::Item(parameter)) => Ok(parameter),
                    _ => Err(GenError::new(
                        self.file,
                        location,
                        format!("cannot resolve parameter reference `{reference}`"),
                    )),
                }
            }
        }
    }

    pub fn request_body(
        &self,
        body: &'a ReferenceOr<RequestBody>,
        location: &str,
    ) -> Result<&'a RequestBody, GenError> {
        match body {
            ReferenceOr::Item(body) => Ok(body),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/requestBodies/");
                let found = name
                    .and_then(|name| self.document.components.as_ref()?.request_bodies.get(name));
                match found {
                    Some(ReferenceOr::Item(body)) => Ok(body),
                    _ => Err(GenError::new(
                        self.file,
                        location,
                        format!("cannot resolve request body reference `{reference}`"),
                    )),
                }
            }
        }
    }
}
