//! Rust names for OpenAPI names (methods, fields) and doc attributes.

use heck::ToSnakeCase;
use proc_macro2::Ident;
use quote::format_ident;

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// A field or method name; keywords get a trailing underscore (the wire name is kept with
/// `#[serde(rename)]`).
pub fn snake_ident(name: &str) -> Ident {
    let mut snake = name.to_snake_case();
    if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake = format!("_{snake}");
    }
    if KEYWORDS.contains(&snake.as_str()) {
        snake.push('_');
    }
    format_ident!("{}", snake)
}

/// `#[doc = ...]` attributes for a description, one per line, so rustdoc and the
/// generated file both read naturally.
pub fn doc_attrs(text: Option<&str>) -> proc_macro2::TokenStream {
    let Some(text) = text.map(str::trim).filter(|text| !text.is_empty()) else {
        return proc_macro2::TokenStream::new();
    };
    let lines = text.lines().map(|line| format!(" {}", line.trim_end()));
    quote::quote! { #(#[doc = #lines])* }
}
