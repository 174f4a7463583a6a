//! Server stubs for any document: a new crate whose `build.rs` runs the generator on its
//! own copy of the document and whose `src/main.rs` implements the trait with every
//! operation answering 501 Not Implemented, ready to be filled in.

use crate::print::PRELUDE;
use crate::{GenerationSettings, Generator, format, spec};
use quote::{ToTokens, format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::visit_mut::VisitMut;

/// What [`scaffold`] wrote.
#[derive(Debug, Clone)]
pub struct Scaffold {
    /// The crate's directory.
    pub directory: PathBuf,
    /// The crate's name, from the directory's.
    pub crate_name: String,
    /// The generated trait's name, from the document's title.
    pub trait_name: String,
    /// The operations the trait serves.
    pub operations: usize,
    /// The generator's warnings.
    pub warnings: Vec<crate::Warning>,
}

/// How a scaffold's `Cargo.toml` depends on the generator (its `build.rs` runs it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodegenDependency {
    /// A checkout of the generator, written as given: absolute, or relative to the new
    /// crate's directory (as Cargo reads it).
    Path(PathBuf),
    /// A version requirement on the published crate, e.g. `0.1`.
    Version(String),
}

impl CodegenDependency {
    /// The checkout this generator was built from: the default while the crate is
    /// unpublished.
    pub fn this_checkout() -> Self {
        CodegenDependency::Path(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
    }
}

impl Default for CodegenDependency {
    fn default() -> Self {
        CodegenDependency::this_checkout()
    }
}

/// The trait's name for a document: its title in Pascal case, then `Api`.
pub fn trait_name(document: &openapiv3::OpenAPI) -> String {
    let title = crate::schema::type_name(&document.info.title);
    let title: String = title.chars().filter(char::is_ascii_alphanumeric).collect();
    if title.is_empty() || title.starts_with(|c: char| c.is_ascii_digit()) {
        "Api".to_string()
    } else if title.ends_with("Api") {
        title
    } else {
        format!("{title}Api")
    }
}

/// Writes the crate into `directory` (created if needed; existing files are replaced),
/// depending on the generator by the path of this checkout
/// ([`CodegenDependency::this_checkout`]).
pub fn scaffold(spec_path: &Path, directory: &Path) -> Result<Scaffold, spec::Error> {
    scaffold_with(spec_path, directory, &CodegenDependency::default())
}

/// [`scaffold`], with the generator named in `Cargo.toml` as `codegen` says.
pub fn scaffold_with(
    spec_path: &Path,
    directory: &Path,
    codegen: &CodegenDependency,
) -> Result<Scaffold, spec::Error> {
    let text = std::fs::read_to_string(spec_path)
        .map_err(|error| spec::Error::Io(format!("{}: {error}", spec_path.display())))?;
    let document = spec::parse_as(&text, spec::Format::of(spec_path, &text))?;
    let trait_name = trait_name(&document);
    let settings = GenerationSettings::new(&trait_name);
    let generated = Generator::new(&settings).server(&document)?;
    let file: syn::File =
        syn::parse_str(&generated.code).map_err(|error| spec::Error::Output(error.to_string()))?;
    let stubs = stub_methods(&file, &trait_name);
    let operations = stubs.methods.len();

    let crate_name = crate_name(directory);
    let spec_name = match spec_path.extension().and_then(|e| e.to_str()) {
        Some("json") => "openapi.json",
        _ => "openapi.yaml",
    };
    let io = |error: std::io::Error| spec::Error::Io(format!("{}: {error}", directory.display()));
    std::fs::create_dir_all(directory.join("src")).map_err(io)?;
    std::fs::write(directory.join(spec_name), &text).map_err(io)?;
    std::fs::write(
        directory.join("Cargo.toml"),
        cargo_toml(&crate_name, codegen),
    )
    .map_err(io)?;
    std::fs::write(directory.join("build.rs"), build_rs(spec_name, &trait_name)).map_err(io)?;
    std::fs::write(directory.join(".gitignore"), "/target\n").map_err(io)?;
    let main = main_rs(
        &trait_name,
        &document.info.title,
        &document.info.version,
        &stubs,
        spec_name,
    )?;
    std::fs::write(directory.join("src/main.rs"), main).map_err(io)?;
    Ok(Scaffold {
        directory: directory.to_path_buf(),
        crate_name,
        trait_name,
        operations,
        warnings: generated.warnings,
    })
}

fn crate_name(directory: &Path) -> String {
    let base = directory
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches('-').to_string();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("server-{name}").trim_end_matches('-').to_string()
    } else {
        name
    }
}

/// The trait's methods as stubs answering 501, in the words a person writes: each
/// documented with its operation's summary, its signature in short paths, and the `use`
/// lines those need (by crate: `dropshot`, `http`).
struct Stubs {
    methods: Vec<proc_macro2::TokenStream>,
    imports: BTreeMap<&'static str, BTreeSet<String>>,
    /// `HttpError`, or `dropshot::HttpError` where the document has a type of that name.
    http_error: proc_macro2::TokenStream,
}

/// Shortens the paths of a signature: the prelude's and imported names to their last
/// segment, other absolute paths without the leading `::`. A name the generated module
/// defines itself stays qualified, so that `use api::*` still reaches it.
struct Shortener {
    defined: BTreeSet<String>,
    imports: BTreeMap<&'static str, BTreeSet<String>>,
}

impl Shortener {
    fn imported_from(&self, name: &str) -> Option<&'static str> {
        self.imports
            .iter()
            .find(|(_, names)| names.contains(name))
            .map(|(krate, _)| *krate)
    }
}

impl VisitMut for Shortener {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        syn::visit_mut::visit_path_mut(self, path);
        let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let short = match names
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            ["std", module, name]
                if PRELUDE.contains(&(*module, *name)) && !self.defined.contains(*name) =>
            {
                true
            }
            [krate @ ("dropshot" | "http"), name]
                if !PRELUDE.iter().any(|(_, prelude)| prelude == name)
                    && !self.defined.contains(*name) =>
            {
                let krate = if *krate == "dropshot" {
                    "dropshot"
                } else {
                    "http"
                };
                match self.imported_from(name) {
                    Some(existing) => existing == krate,
                    None => {
                        self.imports
                            .entry(krate)
                            .or_default()
                            .insert(name.to_string());
                        true
                    }
                }
            }
            _ => false,
        };
        if short {
            let last = path.segments.pop().map(syn::punctuated::Pair::into_value);
            path.segments.clear();
            path.segments.extend(last);
        }
        path.leading_colon = None;
    }
}

/// The first paragraph of a method's docs: its operation's summary.
fn summary_docs(attrs: &[syn::Attribute]) -> Vec<syn::Attribute> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .take_while(|attr| match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }),
                ..
            }) => !text.value().trim().is_empty(),
            _ => false,
        })
        .cloned()
        .collect()
}

/// ` GET /things/{id}`, from the method's `#[endpoint]`: the docs of an operation the
/// document gives no summary.
fn route(attrs: &[syn::Attribute]) -> String {
    let mut method = String::new();
    let mut path = String::new();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("endpoint")) {
        let _ = attr.parse_nested_meta(|meta| {
            let value: syn::Expr = meta.value()?.parse()?;
            if meta.path.is_ident("method") {
                method = value.to_token_stream().to_string();
            } else if meta.path.is_ident("path")
                && let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                }) = value
            {
                path = text.value();
            }
            Ok(())
        });
    }
    format!(" {method} {path}")
}

fn stub_methods(file: &syn::File, trait_name: &str) -> Stubs {
    let defined: BTreeSet<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(item) => Some(item.ident.to_string()),
            syn::Item::Enum(item) => Some(item.ident.to_string()),
            syn::Item::Type(item) => Some(item.ident.to_string()),
            syn::Item::Trait(item) => Some(item.ident.to_string()),
            syn::Item::Fn(item) => Some(item.sig.ident.to_string()),
            syn::Item::Mod(item) => Some(item.ident.to_string()),
            syn::Item::Const(item) => Some(item.ident.to_string()),
            _ => None,
        })
        .collect();
    let mut shortener = Shortener {
        defined,
        imports: BTreeMap::new(),
    };
    // Every stub answers with `HttpError`.
    let http_error = if shortener.defined.contains("HttpError") {
        quote! { dropshot::HttpError }
    } else {
        shortener
            .imports
            .entry("dropshot")
            .or_default()
            .insert("HttpError".to_string());
        quote! { HttpError }
    };
    let mut methods = Vec::new();
    for item in &file.items {
        let syn::Item::Trait(item) = item else {
            continue;
        };
        if item.ident != trait_name {
            continue;
        }
        for trait_item in &item.items {
            // A method with a body is the generator's own (a dispatcher).
            let syn::TraitItem::Fn(method) = trait_item else {
                continue;
            };
            if method.default.is_some() {
                continue;
            }
            let mut signature = method.sig.clone();
            as_async(&mut signature);
            shortener.visit_signature_mut(&mut signature);
            let mut docs = summary_docs(&method.attrs);
            if docs.is_empty() {
                let route = route(&method.attrs);
                docs.push(syn::parse_quote! { #[doc = #route] });
            }
            let name = signature.ident.to_string();
            // A websocket channel fails with any error, which dropshot logs.
            let is_channel = method
                .attrs
                .iter()
                .any(|attr| attr.path().is_ident("channel"));
            // A documented error is built from dropshot's (`From<HttpError>`).
            let answer = if is_channel || fails_with_documented_error(&signature) {
                quote! { Err(not_implemented(#name).into()) }
            } else {
                quote! { Err(not_implemented(#name)) }
            };
            methods.push(quote! {
                #(#docs)*
                #signature {
                    #answer
                }
            });
        }
    }
    Stubs {
        methods,
        imports: shortener.imports,
        http_error,
    }
}

/// `fn f(…) -> impl Future<Output = T> + Send + 'static`, as the trait declares the
/// methods its dispatchers call, is written `async fn f(…) -> T` in an implementation.
fn as_async(signature: &mut syn::Signature) {
    let syn::ReturnType::Type(_, ty) = &signature.output else {
        return;
    };
    let syn::Type::ImplTrait(bounds) = ty.as_ref() else {
        return;
    };
    let output = bounds.bounds.iter().find_map(|bound| {
        let syn::TypeParamBound::Trait(bound) = bound else {
            return None;
        };
        let last = bound.path.segments.last()?;
        if last.ident != "Future" {
            return None;
        }
        let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
            return None;
        };
        arguments.args.iter().find_map(|argument| match argument {
            syn::GenericArgument::AssocType(assoc) if assoc.ident == "Output" => {
                Some(assoc.ty.clone())
            }
            _ => None,
        })
    });
    if let Some(output) = output {
        signature.asyncness = Some(Default::default());
        signature.output = syn::ReturnType::Type(Default::default(), Box::new(output));
    }
}

fn cargo_toml(crate_name: &str, codegen: &CodegenDependency) -> String {
    let codegen = match codegen {
        CodegenDependency::Path(path) => {
            // Forward slashes: Cargo reads them on every platform, and TOML needs no escapes.
            let path = toml_string(&path.to_string_lossy().replace('\\', "/"));
            let published = published_requirement();
            format!(
                "# The generator, by the path of a checkout (`scaffold`'s default: the checkout it\n\
                 # was built from; `--codegen-path` names another). When that checkout moves, change\n\
                 # the path (absolute, or relative to this directory); once the generator is\n\
                 # published, write `fin-helpdesk-codegen = \"{published}\"` instead\n\
                 # (`scaffold --codegen-version {published}`).\n\
                 fin-helpdesk-codegen = {{ path = {path} }}"
            )
        }
        CodegenDependency::Version(version) => {
            let version = toml_string(version);
            format!(
                "# The generator, from the registry (`fin-helpdesk-codegen scaffold --codegen-version`).\n\
                 fin-helpdesk-codegen = {version}"
            )
        }
    };
    format!(
        r#"[package]
name = "{crate_name}"
version = "0.1.0"
edition = "2024"
publish = false

# A crate of its own, not a member of whatever workspace encloses it.
[workspace]

[dependencies]
async-trait = "0.1"
chrono = {{ version = "0.4", features = ["serde"] }}
dropshot = "0.18.0"
http = "1"
regress = "0.10"
schemars = {{ version = "0.8.22", features = ["chrono", "uuid1"] }}
semver = "1"
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
tokio = {{ version = "1", features = ["full"] }}
uuid = {{ version = "1", features = ["serde"] }}

[build-dependencies]
{codegen}
"#
    )
}

/// This generator's version as a requirement (`0.1`): what a scaffold names once the
/// crate is published.
fn published_requirement() -> String {
    format!(
        "{}.{}",
        env!("CARGO_PKG_VERSION_MAJOR"),
        env!("CARGO_PKG_VERSION_MINOR")
    )
}

/// A TOML basic string: quoted, with `"`, `\` and control characters escaped.
fn toml_string(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

fn build_rs(spec_name: &str, trait_name: &str) -> String {
    format!(
        r#"//! Generates the API trait and its types from `{spec_name}` into `OUT_DIR` on every
//! change of the document.

use fin_helpdesk_codegen::{{GenerationSettings, Generator, load}};
use std::path::Path;

fn main() {{
    println!("cargo:rerun-if-changed={spec_name}");
    let document = load(Path::new("{spec_name}")).unwrap_or_else(|error| panic!("{spec_name}: {{error}}"));
    let mut settings = GenerationSettings::new("{trait_name}");
    // Most clients send an unset optional field as `null`: take it as left out. Remove
    // this line to hold requests to the document's letter.
    settings.with_null_as_absent(true);
    let generated = Generator::new(&settings)
        .server(&document)
        .unwrap_or_else(|error| panic!("{spec_name}: {{error}}"));
    for warning in &generated.warnings {{
        println!("cargo:warning={spec_name}: {{warning}}");
    }}
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out_dir).join("api.rs"), generated.code).expect("OUT_DIR is writable");
}}
"#
    )
}

fn main_rs(
    trait_name: &str,
    title: &str,
    version: &str,
    stubs: &Stubs,
    spec_name: &str,
) -> Result<String, spec::Error> {
    let trait_ident = format_ident!("{}", trait_name);
    let module = format_ident!("{}_mod", crate::naming::snake_ident(trait_name).to_string());
    let docs = format!(
        " A dropshot server for `{spec_name}` (\"{title}\" {version}): every operation answers\n 501 Not Implemented until you implement it. `cargo run` serves on 127.0.0.1:8080 (or\n the address in `BIND`); `cargo run -- openapi` prints the document the trait serves."
    );
    let imports = stubs.imports.iter().map(|(krate, names)| {
        let krate = format_ident!("{}", krate);
        let names = names.iter().map(|name| format_ident!("{}", name));
        quote! { use #krate::{#(#names),*}; }
    });
    let methods = &stubs.methods;
    let http_error = &stubs.http_error;
    let tokens = quote! {
        #![doc = #docs]

        #[allow(unused_imports)]
        use api::*;
        #(#imports)*

        /// The types and the trait generated from the document by `build.rs`.
        #[allow(clippy::all, dead_code, unused_imports)]
        mod api {
            include!(concat!(env!("OUT_DIR"), "/api.rs"));
        }

        /// The implementation: an uninhabited type, the state lives in `Context`.
        enum ServerImpl {}

        #[allow(unused_variables)]
        impl #trait_ident for ServerImpl {
            type Context = ();

            #(#methods)*
        }

        /// The answer of every operation not implemented yet: 501, naming it.
        fn not_implemented(operation: &str) -> #http_error {
            let message = format!("operation `{operation}` is not implemented");
            #http_error {
                status_code: dropshot::ErrorStatusCode::NOT_IMPLEMENTED,
                error_code: Some("NotImplemented".to_string()),
                external_message: message.clone(),
                internal_message: message,
                headers: None,
            }
        }

        /// dropshot wants a semantic version; the document's own string is put back after.
        fn served_document() -> Result<serde_json::Value, String> {
            let version = #version;
            let semantic = semver::Version::parse(version)
                .or_else(|_| semver::Version::parse(&format!("{version}.0")))
                .unwrap_or(semver::Version::new(0, 0, 0));
            let mut document = api::served_openapi(#title, semantic)?;
            document["info"]["version"] = serde_json::Value::String(version.to_string());
            Ok(document)
        }

        #[tokio::main]
        async fn main() -> Result<(), String> {
            if std::env::args().nth(1).as_deref() == Some("openapi") {
                let document = served_document()?;
                let text = serde_json::to_string_pretty(&document).map_err(|error| error.to_string())?;
                println!("{text}");
                return Ok(());
            }
            let bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:8080".to_string());
            let bind_address = bind.parse().map_err(|error| format!("BIND `{bind}`: {error}"))?;
            let log = dropshot::ConfigLogging::StderrTerminal { level: dropshot::ConfigLoggingLevel::Info }
                .to_logger("server")
                .map_err(|error| error.to_string())?;
            let api = api::#module::api_description::<ServerImpl>().map_err(|error| error.to_string())?;
            let config = dropshot::ConfigDropshot { bind_address, ..Default::default() };
            let server = dropshot::ServerBuilder::new(api, (), log)
                .config(config)
                .start()
                .map_err(|error| error.to_string())?;
            eprintln!("serving on http://{}", server.local_addr());
            server.await
        }
    };
    format(tokens, "the scaffold's main.rs")
}

/// Whether the method's error is the generated `DocumentedError<T>`.
fn fails_with_documented_error(signature: &syn::Signature) -> bool {
    let syn::ReturnType::Type(_, output) = &signature.output else {
        return false;
    };
    let syn::Type::Path(result) = output.as_ref() else {
        return false;
    };
    let Some(syn::PathArguments::AngleBracketed(arguments)) = result
        .path
        .segments
        .last()
        .map(|segment| &segment.arguments)
    else {
        return false;
    };
    matches!(
        arguments.args.iter().nth(1),
        Some(syn::GenericArgument::Type(syn::Type::Path(error)))
            if error.path.segments.last().is_some_and(|segment| segment.ident == "DocumentedError")
    )
}

#[cfg(test)]
mod tests {
    use super::{CodegenDependency, cargo_toml};

    /// The one `fin-helpdesk-codegen` line of `[build-dependencies]`, and the comment
    /// lines just above it.
    fn codegen_lines(toml: &str) -> (Vec<&str>, &str) {
        let lines: Vec<&str> = toml.lines().collect();
        let at = lines
            .iter()
            .position(|line| line.starts_with("fin-helpdesk-codegen"))
            .expect("the generator is a build dependency");
        let comments = lines[..at]
            .iter()
            .rev()
            .take_while(|line| line.starts_with('#'))
            .copied()
            .collect();
        (comments, lines[at])
    }

    #[test]
    fn by_default_the_checkout_is_named_and_the_comment_says_what_to_change() {
        let toml = cargo_toml("demo", &CodegenDependency::default());
        let (comments, line) = codegen_lines(&toml);
        let checkout = env!("CARGO_MANIFEST_DIR").replace('\\', "/");
        assert_eq!(
            line,
            format!("fin-helpdesk-codegen = {{ path = \"{checkout}\" }}")
        );
        let comment = comments.join("\n");
        assert!(
            comment.contains("When that checkout moves, change"),
            "{comment}"
        );
        assert!(
            comment.contains("fin-helpdesk-codegen = \"0.1\""),
            "{comment}"
        );
    }

    #[test]
    fn another_checkout_is_written_as_given() {
        let codegen = CodegenDependency::Path("../fin-helpdesk/codegen".into());
        let toml = cargo_toml("demo", &codegen);
        let (_, line) = codegen_lines(&toml);
        assert_eq!(
            line,
            "fin-helpdesk-codegen = { path = \"../fin-helpdesk/codegen\" }"
        );
    }

    #[test]
    fn a_version_is_a_registry_dependency() {
        let codegen = CodegenDependency::Version("0.1".to_string());
        let toml = cargo_toml("demo", &codegen);
        let (_, line) = codegen_lines(&toml);
        assert_eq!(line, "fin-helpdesk-codegen = \"0.1\"");
        assert!(!toml.contains("path ="), "{toml}");
        // Whatever the requirement says, the file stays TOML.
        let odd = CodegenDependency::Version("0.1\"\n[x]".to_string());
        let toml = cargo_toml("demo", &odd);
        let (_, line) = codegen_lines(&toml);
        assert_eq!(line, "fin-helpdesk-codegen = \"0.1\\\"\\u000A[x]\"");
    }
}
