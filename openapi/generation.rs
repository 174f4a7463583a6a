// The generation settings of the crate's OpenAPI documents, defined once: `build.rs`
// generates from them, and the generator's golden test (`codegen/tests/generator.rs`) and
// the drift test (`tests/integration/drift.rs`) include this same file, so the goldens and
// the comparisons are made with exactly what the build uses.
//
// Plain `//` comments: this file is `include!`d, where inner doc comments cannot stand.

/// One document the build generates from.
#[allow(dead_code)] // each includer reads a different part
pub struct FinDocument {
    /// The document, relative to the crate's root.
    pub spec: &'static str,
    /// `OUT_DIR/{module}_api.rs` and `…_client.rs`; `crate::api::{module}`.
    pub module: &'static str,
    pub trait_name: &'static str,
    pub error_type: &'static str,
    /// Extractor for operations that document no body but whose bytes are still needed
    /// (a signature over them); `None` when nothing reads them.
    pub bodyless_extractor: Option<&'static str>,
    /// Wraps every success type, so that an error can be answered with its headers
    /// (`WWW-Authenticate`, `Retry-After`) in a body that is not dropshot's.
    pub response_wrapper: Option<&'static str>,
    /// A published document: the generator's defaults but the error type, no client.
    pub published: bool,
}

#[allow(dead_code)]
pub const FIN_DOCUMENTS: &[FinDocument] = &[
    FinDocument {
        spec: "openapi/fin-helpdesk.yaml",
        module: "rest",
        trait_name: "FinHelpdeskApi",
        error_type: "dropshot::HttpError",
        bodyless_extractor: Some("crate::server::extract::RawBody"),
        response_wrapper: None,
        published: false,
    },
    FinDocument {
        spec: "openapi/fin-helpdesk-posts.yaml",
        module: "posts",
        trait_name: "FinHelpdeskPostsApi",
        error_type: "crate::server::PostsError",
        bodyless_extractor: Some("crate::server::extract::RawBody"),
        response_wrapper: Some("crate::server::PostsAnswer"),
        published: false,
    },
    // The helpdesk's own API for human agents: not part of Fin's contract, and not signed.
    FinDocument {
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
    FinDocument {
        spec: "openapi/published/openapi-rest.yaml",
        module: "published_rest",
        trait_name: "FinRestApi",
        error_type: "HelpdeskError",
        bodyless_extractor: None,
        response_wrapper: None,
        published: true,
    },
    FinDocument {
        spec: "openapi/published/openapi-posts-only.yaml",
        module: "published_posts",
        trait_name: "FinPostsApi",
        error_type: "HelpdeskError",
        bodyless_extractor: None,
        response_wrapper: None,
        published: true,
    },
];

/// The settings one document is generated with.
#[allow(dead_code)]
pub fn fin_settings(document: &FinDocument) -> fin_helpdesk_codegen::GenerationSettings {
    let mut settings = fin_helpdesk_codegen::GenerationSettings::new(document.trait_name);
    if document.published {
        settings.with_error_type(document.error_type);
        return settings;
    }
    settings
        .with_error_type(document.error_type)
        .with_json_body_extractor("crate::server::extract::SignedJson")
        .with_body_schema_trait("crate::server::extract::BodySchema")
        .with_header_extractor(fin_helpdesk_codegen::HeaderExtractor {
            extractor: "crate::server::extract::DocumentedHeaders".to_string(),
            required_trait: "crate::server::extract::HeaderSet".to_string(),
        })
        .with_tristate("x-tristate", "crate::tristate::Tristate")
        // Fin's clients send an unset optional field as `null` (openapi/README.md).
        .with_null_as_absent(true)
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
