//! Generates Rust types, dropshot API traits and a progenitor client from OpenAPI 3.0 documents.
