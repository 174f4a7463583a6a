//! The contract as written and as served: each variant's source document in `openapi/`
//! and the OpenAPI document its generated trait serves. The generator's
//! `roundtrip::compare` tells them apart by meaning (see `tests/integration/drift.rs`).

use crate::api::{agents, posts, rest};
use crate::error::Error;
use serde_json::Value;

/// One of the documents the server serves: the two published variants of Fin's API and
/// the helpdesk's own API for human agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Variant {
    /// GET/PUT/POST on `/user`, `/conversation`, `/messages`; `GET /agents`.
    Rest,
    /// `/get_user` … `/create_message`, answers in `{data, error}`.
    Posts,
    /// The human agents' API under `/helpdesk/` (not part of Fin's contract).
    Agents,
}

impl Variant {
    pub const ALL: [Variant; 3] = [Variant::Rest, Variant::Posts, Variant::Agents];
    /// The two published variants of Fin's contract.
    pub const FIN: [Variant; 2] = [Variant::Rest, Variant::Posts];

    pub fn name(self) -> &'static str {
        match self {
            Variant::Rest => "rest",
            Variant::Posts => "posts",
            Variant::Agents => "agents",
        }
    }

    /// The source document, as written in `openapi/`.
    pub fn source_yaml(self) -> &'static str {
        match self {
            Variant::Rest => include_str!("../openapi/fin-helpdesk.yaml"),
            Variant::Posts => include_str!("../openapi/fin-helpdesk-posts.yaml"),
            Variant::Agents => include_str!("../openapi/fin-helpdesk-agents.yaml"),
        }
    }

    pub fn source_document(self) -> Result<Value, Error> {
        serde_norway::from_str(self.source_yaml()).map_err(|error| Error::Document {
            variant: self.name(),
            reason: error.to_string(),
        })
    }

    /// The OpenAPI document the generated trait serves.
    pub fn served_document(self) -> Result<Value, Error> {
        let source = self.source_document()?;
        let info = &source["info"];
        let title = info["title"].as_str().unwrap_or("Fin Custom Helpdesk API");
        let version = info["version"].as_str().unwrap_or("0.0.1");
        let version = semver::Version::parse(version).unwrap_or(semver::Version::new(0, 0, 1));
        match self {
            Variant::Rest => rest::served_openapi(title, version),
            Variant::Posts => posts::served_openapi(title, version),
            Variant::Agents => agents::served_openapi(title, version),
        }
        .map_err(|error| Error::Document {
            variant: self.name(),
            reason: format!("its trait does not describe an API: {error}"),
        })
    }
}
