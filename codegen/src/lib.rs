//! Dropshot server stubs, types and progenitor clients from OpenAPI 3.0 and 3.1 documents.
//!
//! [`Generator::server`] takes a parsed document and returns one module of Rust: the
//! document's types (built by typify), one `#[dropshot::api_description]` trait with a
//! method per operation, and a `register_*` function. [`Generator::client`] returns a
//! progenitor client for the same document, reusing those types. File I/O,
//! `rerun-if-changed` and `cargo:warning` stay with the caller (a `build.rs`). Anything
//! dropshot or typify cannot express exactly becomes its nearest honest form and a
//! [`Warning`]; only a document that is not valid OpenAPI 3.0 or 3.1 is an [`Error`].
//!
//! ```no_run
//! let document = fin_helpdesk_codegen::load(std::path::Path::new("openapi.yaml")).unwrap();
//! let settings = fin_helpdesk_codegen::GenerationSettings::new("MyApi");
//! let generated = fin_helpdesk_codegen::Generator::new(&settings).server(&document).unwrap();
//! for warning in &generated.warnings {
//!     println!("cargo:warning=openapi.yaml: {warning}");
//! }
//! ```

#![deny(missing_docs)]

mod client;
mod document_schemas;
mod naming;
pub mod openapi31;
pub(crate) mod plan;
mod print;
mod query;
pub mod roundtrip;
mod routes;
pub mod scaffold;
mod schema;
mod server;
mod spec;
mod types;

pub use spec::{Error, Format, load, parse, parse_as, read};
pub use types::Dependencies;

pub(crate) use print::{format, raw_string};

use openapiv3::OpenAPI;
use std::fmt;

/// Properties marked with `extension: true` keep "absent", `null` and a value apart as
/// `type_path<T>` (which must implement `Default` as absent and offer `is_absent`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TristateSetting {
    /// The extension marking a property, e.g. `x-tristate`.
    pub extension: String,
    /// The generic three-state type, e.g. `crate::Tristate`.
    pub type_path: String,
}

/// A custom extractor for a method's headers, used as `Extractor<HeadersType>` in place
/// of `dropshot::Header<HeadersType>`. It must describe itself as `Header<HeadersType>`.
/// Every headers type implements `required_trait` (`const REQUIRED: &'static [&'static
/// str]`, the header names the document requires).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderExtractor {
    /// The generic extractor's path.
    pub extractor: String,
    /// The trait every headers type implements with the names it requires.
    pub required_trait: String,
}

/// What to generate and how it plugs into the hand-written server. Start from
/// [`GenerationSettings::new`] and set only what differs.
#[derive(Debug, Clone)]
pub struct GenerationSettings {
    pub(crate) trait_name: String,
    pub(crate) error_type: String,
    pub(crate) json_body_extractor: String,
    pub(crate) bodyless_extractor: Option<String>,
    pub(crate) header_extractor: Option<HeaderExtractor>,
    pub(crate) tristate: Option<TristateSetting>,
    pub(crate) hosted_elsewhere: Vec<(String, serde_json::Value)>,
    pub(crate) derives: Vec<String>,
    pub(crate) client_inner_type: Option<String>,
    pub(crate) client_types_module: Option<String>,
    pub(crate) response_wrapper: Option<String>,
    pub(crate) body_schema_trait: Option<String>,
    pub(crate) null_as_absent: bool,
}

impl GenerationSettings {
    /// Defaults: errors are `dropshot::HttpError`, JSON bodies `dropshot::TypedBody`,
    /// headers `dropshot::Header`, no three-state properties.
    pub fn new(trait_name: impl Into<String>) -> Self {
        GenerationSettings {
            trait_name: trait_name.into(),
            error_type: "dropshot::HttpError".into(),
            json_body_extractor: "dropshot::TypedBody".into(),
            bodyless_extractor: None,
            header_extractor: None,
            tristate: None,
            hosted_elsewhere: Vec::new(),
            derives: Vec::new(),
            client_inner_type: None,
            client_types_module: None,
            response_wrapper: None,
            body_schema_trait: None,
            null_as_absent: false,
        }
    }

    /// The error type of every method; it implements `dropshot::HttpResponseError`.
    pub fn with_error_type(&mut self, path: impl Into<String>) -> &mut Self {
        self.error_type = path.into();
        self
    }

    /// A generic extractor for JSON bodies, used as `Extractor<Body>`; it must describe
    /// itself as `TypedBody<Body>` (e.g. one that keeps the raw bytes for a signature).
    pub fn with_json_body_extractor(&mut self, path: impl Into<String>) -> &mut Self {
        self.json_body_extractor = path.into();
        self
    }

    /// An extractor for POST, PUT and PATCH operations that document no body (their raw
    /// bytes may still be needed); it must add nothing to the document.
    pub fn with_bodyless_extractor(&mut self, path: impl Into<String>) -> &mut Self {
        self.bodyless_extractor = Some(path.into());
        self
    }

    /// A generic extractor for header parameters in place of `dropshot::Header`.
    pub fn with_header_extractor(&mut self, extractor: HeaderExtractor) -> &mut Self {
        self.header_extractor = Some(extractor);
        self
    }

    /// Properties marked with `extension: true` are `type_path<T>` (see
    /// [`TristateSetting`]).
    pub fn with_tristate(
        &mut self,
        extension: impl Into<String>,
        type_path: impl Into<String>,
    ) -> &mut Self {
        self.tristate = Some(TristateSetting {
            extension: extension.into(),
            type_path: type_path.into(),
        });
        self
    }

    /// Operations carrying `extension: value` are served by someone else: they are left
    /// out of the trait and kept in the client. Operations whose own `servers` differ
    /// from the document's are always treated so.
    pub fn with_hosted_elsewhere(
        &mut self,
        extension: impl Into<String>,
        value: serde_json::Value,
    ) -> &mut Self {
        self.hosted_elsewhere.push((extension.into(), value));
        self
    }

    /// A generic type every success response is wrapped in (`Wrapper<HttpResponseOk<T>>`):
    /// a `dropshot::HttpResponse` describing itself as the response it wraps, e.g. so
    /// that an error of a custom shape can still carry headers of its own.
    pub fn with_response_wrapper(&mut self, path: impl Into<String>) -> &mut Self {
        self.response_wrapper = Some(path.into());
        self
    }

    /// A trait implemented for every JSON request body type: `const SCHEMA: &'static str`,
    /// its JSON Schema, whose `$ref`s name `#/components/schemas/…`, and `const COMPONENTS:
    /// &'static str`, those component schemas by name, one table (`COMPONENTS_SCHEMA`) the
    /// module's body types share. A body extractor can then refuse what the types do not
    /// (`minimum`, `maxItems`, …) before any handler runs.
    pub fn with_body_schema_trait(&mut self, path: impl Into<String>) -> &mut Self {
        self.body_schema_trait = Some(path.into());
        self
    }

    /// An explicit `null` for an optional property (one not in `required`, not nullable,
    /// not three-state) is taken as if the property were left out: the generated types
    /// deserialise it as absent (or its default) and the body schema of
    /// [`GenerationSettings::with_body_schema_trait`] accepts it. Clients in most
    /// languages serialise an unset field as `null`; the document's letter refuses it.
    /// Off by default (the document as written); a property whose `null` means something
    /// of its own keeps it through [`GenerationSettings::with_tristate`].
    pub fn with_null_as_absent(&mut self, on: bool) -> &mut Self {
        self.null_as_absent = on;
        self
    }

    /// Another derive on every generated type.
    pub fn with_derive(&mut self, derive: impl Into<String>) -> &mut Self {
        self.derives.push(derive.into());
        self
    }

    /// The type stored inside the client (progenitor's `with_inner_type`).
    pub fn with_client_inner_type(&mut self, path: impl Into<String>) -> &mut Self {
        self.client_inner_type = Some(path.into());
        self
    }

    /// The module holding [`Generator::server`]'s output for the same document: the
    /// client then reuses its component types instead of defining its own.
    pub fn with_client_types_module(&mut self, path: impl Into<String>) -> &mut Self {
        self.client_types_module = Some(path.into());
        self
    }
}

/// Something generated as the nearest form dropshot, typify or progenitor can express,
/// not exactly as the document says.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// Where in the document, e.g. `operation getUser parameter user_id`.
    pub location: String,
    /// What was approximated, and how.
    pub message: String,
}

impl Warning {
    pub(crate) fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            location: location.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Formatted Rust source and what it took to produce it.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The module's source, formatted.
    pub code: String,
    /// What was generated as its nearest form, sorted.
    pub warnings: Vec<Warning>,
    /// Crates the code names besides dropshot, serde, serde_json, schemars, http and
    /// async-trait (for an optional JSON body).
    pub dependencies: Dependencies,
}

/// What [`Generator::generate_tokens`] makes: [`Generated`] before formatting.
#[derive(Debug, Clone)]
pub struct GeneratedTokens {
    /// The module's items.
    pub tokens: proc_macro2::TokenStream,
    /// What was generated as its nearest form, sorted.
    pub warnings: Vec<Warning>,
    /// Crates the code names besides dropshot, serde, serde_json, schemars and http.
    pub dependencies: Dependencies,
}

/// Generates a document's server module and client with one set of settings.
pub struct Generator {
    settings: GenerationSettings,
}

impl Generator {
    /// A generator with these settings.
    pub fn new(settings: &GenerationSettings) -> Self {
        Generator {
            settings: settings.clone(),
        }
    }

    /// The types, the API trait and its `register_*` function.
    pub fn server(&self, document: &OpenAPI) -> Result<Generated, Error> {
        let generated = self.generate_tokens(document)?;
        Ok(Generated {
            code: format(generated.tokens, "the server module")?,
            warnings: generated.warnings,
            dependencies: generated.dependencies,
        })
    }

    /// [`Generator::server`] as tokens, unformatted, for a caller that puts them into
    /// code of its own (a proc macro, a larger module) and formats the whole.
    pub fn generate_tokens(&self, document: &OpenAPI) -> Result<GeneratedTokens, Error> {
        let mut generated = server::generate(document, &self.settings)?;
        generated
            .warnings
            .splice(0..0, openapi31::carried(document));
        Ok(generated)
    }

    /// The document's types alone: [`Generator::server`]'s module without the API trait,
    /// its `register_*` function, `served_openapi` and every other item that names
    /// dropshot, so that a crate that only calls the API (through [`Generator::client`]
    /// with [`GenerationSettings::with_client_types_module`]) gets exactly the server's
    /// types without depending on dropshot. The settings that only concern the trait
    /// (error type, extractors, response wrapper, body-schema trait) are not applied.
    pub fn types(&self, document: &OpenAPI) -> Result<Generated, Error> {
        let defaults = GenerationSettings::new(self.settings.trait_name.clone());
        let settings = GenerationSettings {
            error_type: defaults.error_type,
            json_body_extractor: defaults.json_body_extractor,
            bodyless_extractor: None,
            header_extractor: None,
            response_wrapper: None,
            body_schema_trait: None,
            ..self.settings.clone()
        };
        let generated = Generator::new(&settings).generate_tokens(document)?;
        let file = syn::parse2::<syn::File>(generated.tokens)
            .map_err(|error| Error::Output(format!("the server module does not parse: {error}")))?;
        let items = file.items.into_iter().filter(|item| {
            let serves = matches!(item, syn::Item::Trait(_))
                || quote::ToTokens::to_token_stream(item)
                    .into_iter()
                    .any(|token| names(&token, &["dropshot", "async_trait"]));
            !serves
        });
        Ok(Generated {
            code: format(quote::quote! { #(#items)* }, "the types module")?,
            warnings: generated.warnings,
            dependencies: generated.dependencies,
        })
    }

    /// A progenitor client (builder style) for every operation, hosted elsewhere or not.
    /// For a 3.1 document progenitor is handed its 3.0.3 form (it reads 3.0); what that
    /// form loses is among the warnings, as for the server.
    pub fn client(&self, document: &OpenAPI) -> Result<Generated, Error> {
        let mut generated = client::generate(document, &self.settings)?;
        let carried = openapi31::carried(document)
            .into_iter()
            .map(|warning| Warning::new(warning.location, format!("client: {}", warning.message)));
        generated.warnings.splice(0..0, carried);
        Ok(generated)
    }
}

/// Runs `run`, turning a panic into its message: typify and progenitor assert on shapes
/// they do not handle, and a build script must say which rather than crash. The panic
/// hook stays as it is (it is the whole process's, and other threads may panic at the
/// same time): its message goes to stderr, which cargo shows only when a build fails.
pub(crate) fn catching<T>(run: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panicked".to_string())
    })
}

/// Whether `token` is, or holds at any depth, one of the identifiers `names`.
fn names(token: &proc_macro2::TokenTree, names_sought: &[&str]) -> bool {
    match token {
        proc_macro2::TokenTree::Ident(ident) => names_sought.iter().any(|name| ident == name),
        proc_macro2::TokenTree::Group(group) => group
            .stream()
            .into_iter()
            .any(|inner| names(&inner, names_sought)),
        _ => false,
    }
}

pub(crate) fn parse_type(path: &str) -> Result<proc_macro2::TokenStream, Error> {
    syn::parse_str::<syn::Type>(path)
        .map(quote::ToTokens::into_token_stream)
        .map_err(|error| Error::Settings(format!("`{path}` is not a Rust type: {error}")))
}
