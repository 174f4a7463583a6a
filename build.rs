//! Generates the Fin API types, the dropshot API traits and the progenitor clients from the
//! OpenAPI documents in `openapi/` into `OUT_DIR`. Edit the YAML, run `cargo build`, and the
//! compiler lists what the hand-written handlers must change.
//!
//! It also generates the traits of Fin's published documents (`openapi/published/`) as
//! they are, with the generator's defaults, as anyone implementing the contract over their
//! own helpdesk would: the test `tests/integration/own_helpdesk.rs` does, and the
//! conformance checker judges it. The library does not include them.

use fin_helpdesk_codegen::{GenerationSettings, Generator, HeaderExtractor, load};
use std::path::{Path, PathBuf};

struct Document {
    spec: &'static str,
    module: &'static str,
    trait_name: &'static str,
    error_type: &'static str,
    /// Extractor for operations that document no body but whose bytes are still needed
    /// (a signature over them); `None` when nothing reads them.
    bodyless_extractor: Option<&'static str>,
    /// Wraps every success type, so that an error can be answered with its headers
    /// (`WWW-Authenticate`, `Retry-After`) in a body that is not dropshot's.
    response_wrapper: Option<&'static str>,
    /// A published document: the generator's defaults but the error type, no client.
    published: bool,
}

const DOCUMENTS: &[Document] = &[
    Document {
        spec: "openapi/fin-helpdesk.yaml",
        module: "rest",
        trait_name: "FinHelpdeskApi",
        error_type: "dropshot::HttpError",
        bodyless_extractor: Some("crate::server::extract::RawBody"),
        response_wrapper: None,
        published: false,
    },
    Document {
        spec: "openapi/fin-helpdesk-posts.yaml",
        module: "posts",
        trait_name: "FinHelpdeskPostsApi",
        error_type: "crate::server::PostsError",
        bodyless_extractor: Some("crate::server::extract::RawBody"),
        response_wrapper: Some("crate::server::PostsAnswer"),
        published: false,
    },
    // The helpdesk's own API for human agents: not part of Fin's contract, and not signed.
    Document {
        spec: "openapi/fin-helpdesk-agents.yaml",
        module: "agents",
        trait_name: "HelpdeskAgentApi",
        error_type: "dropshot::HttpError",
        bodyless_extractor: None,
        response_wrapper: None,
        published: false,
    },
    // The error type is named, not a path: whoever includes the trait brings a type of
    // that name into scope, with error bodies of its own.
    Document {
        spec: "openapi/published/openapi-rest.yaml",
        module: "published_rest",
        trait_name: "FinRestApi",
        error_type: "HelpdeskError",
        bodyless_extractor: None,
        response_wrapper: None,
        published: true,
    },
    Document {
        spec: "openapi/published/openapi-posts-only.yaml",
        module: "published_posts",
        trait_name: "FinPostsApi",
        error_type: "HelpdeskError",
        bodyless_extractor: None,
        response_wrapper: None,
        published: true,
    },
];

/// The settings of one document; `tests/integration/drift.rs` compares with the same.
fn settings(document: &Document) -> GenerationSettings {
    let mut settings = GenerationSettings::new(document.trait_name);
    if document.published {
        settings.with_error_type(document.error_type);
        return settings;
    }
    settings
        .with_error_type(document.error_type)
        .with_json_body_extractor("crate::server::extract::SignedJson")
        .with_body_schema_trait("crate::server::extract::BodySchema")
        .with_header_extractor(HeaderExtractor {
            extractor: "crate::server::extract::DocumentedHeaders".to_string(),
            required_trait: "crate::server::extract::HeaderSet".to_string(),
        })
        .with_tristate("x-tristate", "crate::tristate::Tristate")
        .with_hosted_elsewhere("x-hosted-by", "fin".into())
        .with_client_inner_type("crate::client::Credentials")
        .with_client_types_module(format!("crate::api::{}", document.module));
    if let Some(extractor) = document.bodyless_extractor {
        settings.with_bodyless_extractor(extractor);
    }
    if let Some(wrapper) = document.response_wrapper {
        settings.with_response_wrapper(wrapper);
    }
    settings
}

fn main() {
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=openapi");
    println!("cargo:rerun-if-changed=codegen/src");
    for document in DOCUMENTS {
        println!("cargo:rerun-if-changed={}", document.spec);
        // A document that is not valid OpenAPI stops the build with the file and the place.
        let spec = load(Path::new(document.spec))
            .unwrap_or_else(|error| panic!("\n\n{}: {error}\n\n", document.spec));
        let generator = Generator::new(&settings(document));
        let server = generator
            .server(&spec)
            .unwrap_or_else(|error| panic!("\n\n{}: {error}\n\n", document.spec));
        // What could only be approximated is said, not hidden.
        for warning in &server.warnings {
            println!("cargo:warning={}: {warning}", document.spec);
        }
        write(
            &out_dir,
            &format!("{}_api.rs", document.module),
            &server.code,
        );
        if document.published {
            continue;
        }
        let client = generator
            .client(&spec)
            .unwrap_or_else(|error| panic!("\n\n{}: {error}\n\n", document.spec));
        for warning in &client.warnings {
            println!("cargo:warning={}: {warning}", document.spec);
        }
        write(
            &out_dir,
            &format!("{}_client.rs", document.module),
            &client.code,
        );
    }
}

fn write(out_dir: &Path, name: &str, code: &str) {
    let header = "// @generated by fin-helpdesk-codegen: do not edit.\n\n";
    if let Err(error) = std::fs::write(out_dir.join(name), format!("{header}{code}")) {
        panic!("cannot write {name} to OUT_DIR: {error}");
    }
}
