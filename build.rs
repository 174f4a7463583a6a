//! Generates the Fin API types, the dropshot API traits and the progenitor clients from the
//! OpenAPI documents in `openapi/` into `OUT_DIR`. Edit the YAML, run `cargo build`, and the
//! compiler lists what the hand-written handlers must change.

use fin_helpdesk_codegen::{
    ClientConfig, HeaderExtractor, ServerConfig, generate_client, generate_server,
};
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
}

const DOCUMENTS: &[Document] = &[
    Document {
        spec: "openapi/fin-helpdesk.yaml",
        module: "rest",
        trait_name: "FinHelpdeskApi",
        error_type: "dropshot::HttpError",
        bodyless_extractor: Some("crate::server::extract::RawBody"),
        response_wrapper: None,
    },
    Document {
        spec: "openapi/fin-helpdesk-posts.yaml",
        module: "posts",
        trait_name: "FinHelpdeskPostsApi",
        error_type: "crate::server::PostsError",
        bodyless_extractor: Some("crate::server::extract::RawBody"),
        response_wrapper: Some("crate::server::PostsAnswer"),
    },
    // The helpdesk's own API for human agents: not part of Fin's contract, and not signed.
    Document {
        spec: "openapi/fin-helpdesk-agents.yaml",
        module: "agents",
        trait_name: "HelpdeskAgentApi",
        error_type: "dropshot::HttpError",
        bodyless_extractor: None,
        response_wrapper: None,
    },
];

fn main() {
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=openapi");
    println!("cargo:rerun-if-changed=codegen/src");
    for document in DOCUMENTS {
        println!("cargo:rerun-if-changed={}", document.spec);
        let spec = Path::new(document.spec);
        let server = generate_server(
            spec,
            &ServerConfig {
                trait_name: document.trait_name.to_string(),
                error_type: document.error_type.to_string(),
                body_extractor: "crate::server::extract::SignedJson".to_string(),
                bodyless_extractor: document.bodyless_extractor.map(str::to_string),
                tristate_type: "crate::tristate::Tristate".to_string(),
                header_extractor: Some(HeaderExtractor {
                    extractor: "crate::server::extract::DocumentedHeaders".to_string(),
                    required_trait: "crate::server::extract::HeaderSet".to_string(),
                }),
                response_wrapper: document.response_wrapper.map(str::to_string),
            },
        );
        write(&out_dir, &format!("{}_api.rs", document.module), server);
        let client = generate_client(
            spec,
            &ClientConfig {
                types_module: format!("crate::api::{}", document.module),
                inner_type: "crate::client::Credentials".to_string(),
            },
        );
        write(&out_dir, &format!("{}_client.rs", document.module), client);
    }
}

fn write(out_dir: &Path, name: &str, generated: Result<String, fin_helpdesk_codegen::GenError>) {
    match generated {
        Ok(code) => {
            if let Err(error) = std::fs::write(out_dir.join(name), code) {
                panic!("cannot write {name} to OUT_DIR: {error}");
            }
        }
        // A construct the generator cannot handle stops the build with the file, the
        // place in it and the construct.
        Err(error) => panic!("\n\nfin-helpdesk-codegen: {error}\n\n"),
    }
}
