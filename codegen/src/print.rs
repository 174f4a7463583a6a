//! Generated tokens printed as a person writes Rust: one `///` line per line of a doc
//! comment, a blank line between top-level items, and types inside attribute strings
//! (`schemars(with = "…")`) written without the spaces `TokenStream::to_string` puts
//! between every token. The text is printed by prettyplease; only the tokens it is given
//! are arranged here.

use crate::spec::Error;
use proc_macro2::{Delimiter, Group, Literal, Punct, Spacing, TokenStream, TokenTree};
use quote::ToTokens;

/// Formats a whole file: doc attributes split one per line, then each top-level item
/// printed by prettyplease on its own and joined with a blank line (prettyplease puts
/// none between items).
pub(crate) fn format(tokens: TokenStream, what: &str) -> Result<String, Error> {
    let file = syn::parse2::<syn::File>(docs_one_per_line(tokens))
        .map_err(|error| Error::Output(format!("{what} does not parse: {error}")))?;
    let syn::File {
        shebang,
        attrs,
        items,
        ..
    } = file;
    let mut printed = String::new();
    if shebang.is_some() || !attrs.is_empty() {
        printed.push_str(&prettyplease::unparse(&syn::File {
            shebang,
            attrs,
            items: Vec::new(),
        }));
    }
    let mut previous_was_use = false;
    for item in items {
        let is_use = matches!(item, syn::Item::Use(_));
        // `use` lines stay together, as people group them.
        let grouped = is_use && previous_was_use;
        if !printed.is_empty() && !grouped {
            printed.push('\n');
        }
        previous_was_use = is_use;
        printed.push_str(&prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: Vec::new(),
            items: vec![item],
        }));
    }
    Ok(printed)
}

/// prettyplease prints a `#[doc]` holding a newline as a `/** … */` block; one attribute
/// per line prints as `///` lines instead. A line gets the space after `///` that
/// typify's docs lack (every line shifted alike, so Markdown indentation is kept).
fn docs_one_per_line(tokens: TokenStream) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = TokenStream::new();
    let mut index = 0;
    while index < trees.len() {
        if let Some((inner, lines, used)) = doc_attribute(&trees[index..]) {
            for line in lines {
                let mut attribute = TokenStream::new();
                attribute.extend([TokenTree::Punct(Punct::new('#', Spacing::Alone))]);
                if inner {
                    attribute.extend([TokenTree::Punct(Punct::new('!', Spacing::Alone))]);
                }
                let body: TokenStream = [
                    TokenTree::Ident(proc_macro2::Ident::new(
                        "doc",
                        proc_macro2::Span::call_site(),
                    )),
                    TokenTree::Punct(Punct::new('=', Spacing::Alone)),
                    TokenTree::Literal(Literal::string(&line)),
                ]
                .into_iter()
                .collect();
                attribute.extend([TokenTree::Group(Group::new(Delimiter::Bracket, body))]);
                out.extend(attribute);
            }
            index += used;
            continue;
        }
        out.extend([match &trees[index] {
            TokenTree::Group(group) => {
                let mut replaced = Group::new(group.delimiter(), docs_one_per_line(group.stream()));
                replaced.set_span(group.span());
                TokenTree::Group(replaced)
            }
            other => other.clone(),
        }]);
        index += 1;
    }
    out
}

/// `#[doc = "…"]` or `#![doc = "…"]` at the start of `trees`: whether inner, its lines,
/// and how many trees it spans.
fn doc_attribute(trees: &[TokenTree]) -> Option<(bool, Vec<String>, usize)> {
    let TokenTree::Punct(hash) = trees.first()? else {
        return None;
    };
    if hash.as_char() != '#' {
        return None;
    }
    let inner = matches!(trees.get(1), Some(TokenTree::Punct(bang)) if bang.as_char() == '!');
    let at = if inner { 2 } else { 1 };
    let TokenTree::Group(group) = trees.get(at)? else {
        return None;
    };
    if group.delimiter() != Delimiter::Bracket {
        return None;
    }
    let attribute: Vec<TokenTree> = group.stream().into_iter().collect();
    let [
        TokenTree::Ident(name),
        TokenTree::Punct(equals),
        TokenTree::Literal(literal),
    ] = attribute.as_slice()
    else {
        return None;
    };
    if name != "doc" || equals.as_char() != '=' {
        return None;
    }
    let text = syn::parse2::<syn::LitStr>(literal.to_token_stream())
        .ok()?
        .value();
    Some((inner, doc_lines(&text), at + 1))
}

/// A doc text's lines without trailing blank ones, each non-empty line opening with a
/// space unless every one already does.
fn doc_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    while lines.last().is_some_and(|line| line.is_empty()) && lines.len() > 1 {
        lines.pop();
    }
    let spaced = lines
        .iter()
        .all(|line| line.is_empty() || line.starts_with(' '));
    lines
        .into_iter()
        .map(|line| {
            if spaced || line.is_empty() {
                line.to_string()
            } else {
                format!(" {line}")
            }
        })
        .collect()
}

/// A type as Rust is written (`::std::vec::Vec<::std::string::String>`), for a string
/// that names it (`schemars(with = "…")`). Hand-written because prettyplease prints whole
/// files only; it covers the shapes typify writes, anything else as its tokens.
pub(crate) fn type_written(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() => path_written(&path.path),
        syn::Type::Reference(reference) => format!(
            "&{}{}{}",
            reference
                .lifetime
                .as_ref()
                .map(|lifetime| format!("{lifetime} "))
                .unwrap_or_default(),
            if reference.mutability.is_some() {
                "mut "
            } else {
                ""
            },
            type_written(&reference.elem)
        ),
        syn::Type::Tuple(tuple) => {
            let members: Vec<String> = tuple.elems.iter().map(type_written).collect();
            match members.as_slice() {
                [one] => format!("({one},)"),
                _ => format!("({})", members.join(", ")),
            }
        }
        syn::Type::Slice(slice) => format!("[{}]", type_written(&slice.elem)),
        syn::Type::Array(array) => format!(
            "[{}; {}]",
            type_written(&array.elem),
            array.len.to_token_stream()
        ),
        syn::Type::Paren(paren) => type_written(&paren.elem),
        syn::Type::Group(group) => type_written(&group.elem),
        other => other.to_token_stream().to_string(),
    }
}

/// A path as Rust is written (`crate::tristate::Tristate`, `::std::option::Option<T>`).
pub(crate) fn path_written(path: &syn::Path) -> String {
    let mut written = String::new();
    if path.leading_colon.is_some() {
        written.push_str("::");
    }
    for (index, segment) in path.segments.iter().enumerate() {
        if index > 0 {
            written.push_str("::");
        }
        written.push_str(&segment.ident.to_string());
        match &segment.arguments {
            syn::PathArguments::None => {}
            syn::PathArguments::AngleBracketed(arguments) => {
                let arguments: Vec<String> = arguments
                    .args
                    .iter()
                    .map(|argument| match argument {
                        syn::GenericArgument::Type(ty) => type_written(ty),
                        syn::GenericArgument::Lifetime(lifetime) => lifetime.to_string(),
                        syn::GenericArgument::AssocType(assoc) => {
                            format!("{} = {}", assoc.ident, type_written(&assoc.ty))
                        }
                        other => other.to_token_stream().to_string(),
                    })
                    .collect();
                written.push_str(&format!("<{}>", arguments.join(", ")));
            }
            syn::PathArguments::Parenthesized(arguments) => {
                written.push_str(&arguments.to_token_stream().to_string());
            }
        }
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_written_as_rust_is() {
        let written = |text: &str| type_written(&syn::parse_str(text).unwrap());
        assert_eq!(
            written(":: std :: string :: String"),
            "::std::string::String"
        );
        assert_eq!(
            written("::serde_json::Map<::std::string::String, ::serde_json::Value>"),
            "::serde_json::Map<::std::string::String, ::serde_json::Value>"
        );
        assert_eq!(written("(u8, &'a str)"), "(u8, &'a str)");
        assert_eq!(written("[u8; 4]"), "[u8; 4]");
    }

    #[test]
    fn docs_are_lines_and_items_are_apart() {
        let code = format(
            quote::quote! {
                #[doc = "First line.\nSecond line.\n"]
                struct A;
                #[doc = " Already spaced."]
                struct B;
            },
            "a test",
        )
        .unwrap();
        assert_eq!(
            code,
            "/// First line.\n/// Second line.\nstruct A;\n\n/// Already spaced.\nstruct B;\n"
        );
    }
}
