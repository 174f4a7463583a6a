//! Generated tokens printed as a person writes Rust: one `///` line per line of a doc
//! comment, a blank line between top-level items, the prelude's names short, and types
//! inside attribute strings (`schemars(with = "…")`) written without the spaces
//! `TokenStream::to_string` puts between every token. The text is printed by
//! prettyplease; only the syntax tree it is given is arranged here.

use crate::spec::Error;
use proc_macro2::{Delimiter, Group, Literal, Punct, Spacing, TokenStream, TokenTree};
use quote::ToTokens;
use syn::visit_mut::VisitMut;

/// Formats a whole file: doc attributes split one per line, the prelude's paths
/// shortened, then each top-level item
/// printed by prettyplease on its own and joined with a blank line (prettyplease puts
/// none between items).
pub(crate) fn format(tokens: TokenStream, what: &str) -> Result<String, Error> {
    let mut file = syn::parse2::<syn::File>(docs_one_per_line(tokens))
        .map_err(|error| Error::Output(format!("{what} does not parse: {error}")))?;
    prelude_paths(&mut file);
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

/// The prelude's names, by the module typify and progenitor write them from.
pub(crate) const PRELUDE: &[(&str, &str)] = &[
    ("boxed", "Box"),
    ("convert", "From"),
    ("convert", "Into"),
    ("convert", "TryFrom"),
    ("convert", "TryInto"),
    ("default", "Default"),
    ("option", "Option"),
    ("result", "Result"),
    ("string", "String"),
    ("vec", "Vec"),
];

/// `::std::option::Option<::std::string::String>` written `Option<String>`, in types,
/// expressions and the paths serde reads from strings (`skip_serializing_if = "…"`),
/// wherever the file defines no item of that name: the prelude reaches every module the
/// code is included in, and the long form made up a fifth of a module.
fn prelude_paths(file: &mut syn::File) {
    let mut names = DefinedNames::default();
    names.visit_file_mut(file);
    let mut shortener = PreludePaths { defined: names.0 };
    shortener.visit_file_mut(file);
}

/// Every name an item or `use` of the file defines, at any depth.
#[derive(Default)]
struct DefinedNames(std::collections::BTreeSet<String>);

impl VisitMut for DefinedNames {
    fn visit_item_mut(&mut self, item: &mut syn::Item) {
        let ident = match item {
            syn::Item::Struct(item) => Some(&item.ident),
            syn::Item::Enum(item) => Some(&item.ident),
            syn::Item::Union(item) => Some(&item.ident),
            syn::Item::Type(item) => Some(&item.ident),
            syn::Item::Trait(item) => Some(&item.ident),
            syn::Item::Fn(item) => Some(&item.sig.ident),
            syn::Item::Const(item) => Some(&item.ident),
            syn::Item::Static(item) => Some(&item.ident),
            syn::Item::Mod(item) => Some(&item.ident),
            syn::Item::Macro(item) => item.ident.as_ref(),
            _ => None,
        };
        if let Some(ident) = ident {
            self.0.insert(ident.to_string());
        }
        syn::visit_mut::visit_item_mut(self, item);
    }

    fn visit_use_name_mut(&mut self, name: &mut syn::UseName) {
        self.0.insert(name.ident.to_string());
    }

    fn visit_use_rename_mut(&mut self, rename: &mut syn::UseRename) {
        self.0.insert(rename.rename.to_string());
    }
}

struct PreludePaths {
    defined: std::collections::BTreeSet<String>,
}

impl PreludePaths {
    fn shorten(&self, path: &mut syn::Path) {
        if path.leading_colon.is_none() || path.segments.len() < 3 {
            return;
        }
        let [krate, module, name] = [0, 1, 2].map(|i| path.segments[i].ident.to_string());
        let in_prelude = krate == "std"
            && PRELUDE.contains(&(module.as_str(), name.as_str()))
            && path
                .segments
                .iter()
                .take(2)
                .all(|segment| segment.arguments.is_none());
        if !in_prelude || self.defined.contains(&name) {
            return;
        }
        path.leading_colon = None;
        path.segments = path.segments.iter().skip(2).cloned().collect();
    }

    /// A string serde or schemars reads as a path (`"::std::option::Option::is_none"`).
    fn shorten_in_string(&mut self, literal: &Literal) -> Option<Literal> {
        let text = syn::parse2::<syn::LitStr>(literal.to_token_stream())
            .ok()?
            .value();
        // A function path with a turbofish (typify's `defaults::default_nzu64::<…, 10>`)
        // is an expression: written back as a type it would lose its `::<`.
        if !text.contains("::std::") || text.contains("::<") {
            return None;
        }
        let mut ty = syn::parse_str::<syn::Type>(&text).ok()?;
        self.visit_type_mut(&mut ty);
        Some(Literal::string(&type_written(&ty)))
    }

    fn shorten_strings(&mut self, tokens: TokenStream) -> TokenStream {
        tokens
            .into_iter()
            .map(|tree| match tree {
                TokenTree::Literal(literal) => {
                    TokenTree::Literal(self.shorten_in_string(&literal).unwrap_or(literal))
                }
                TokenTree::Group(group) => {
                    let mut replaced =
                        Group::new(group.delimiter(), self.shorten_strings(group.stream()));
                    replaced.set_span(group.span());
                    TokenTree::Group(replaced)
                }
                other => other,
            })
            .collect()
    }
}

impl PreludePaths {
    /// `<T as ::std::default::Default>::default`: the trait's path shortens, and the
    /// position where it ends moves with it.
    fn qualified(&mut self, qself: &mut syn::QSelf, path: &mut syn::Path) {
        self.visit_type_mut(&mut qself.ty);
        for segment in &mut path.segments {
            self.visit_path_arguments_mut(&mut segment.arguments);
        }
        if qself.position >= 3 {
            let before = path.segments.len();
            self.shorten(path);
            qself.position -= before - path.segments.len();
        }
    }
}

impl VisitMut for PreludePaths {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        syn::visit_mut::visit_path_mut(self, path);
        self.shorten(path);
    }

    fn visit_type_path_mut(&mut self, node: &mut syn::TypePath) {
        match &mut node.qself {
            Some(qself) => self.qualified(qself, &mut node.path),
            None => self.visit_path_mut(&mut node.path),
        }
    }

    fn visit_expr_path_mut(&mut self, node: &mut syn::ExprPath) {
        for attribute in &mut node.attrs {
            self.visit_attribute_mut(attribute);
        }
        match &mut node.qself {
            Some(qself) => self.qualified(qself, &mut node.path),
            None => self.visit_path_mut(&mut node.path),
        }
    }

    fn visit_attribute_mut(&mut self, attribute: &mut syn::Attribute) {
        if let syn::Meta::List(list) = &mut attribute.meta
            && (list.path.is_ident("serde") || list.path.is_ident("schemars"))
        {
            list.tokens = self.shorten_strings(std::mem::take(&mut list.tokens));
        }
    }
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
