//! One `#[dropshot::api_description]` trait per document, with one method per operation
//! the helpdesk serves (operations marked `x-hosted-by: fin` are Fin's and left out).

use crate::naming::{doc_attrs, pascal, snake_ident};
use crate::spec::{GenError, Resolver, load_spec};
use crate::types::{SchemaRef, TypeGen, support_items};
use crate::{file_name, parse_path};
use openapiv3::{Operation, Parameter, ParameterSchemaOrContent, ReferenceOr, StatusCode};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::path::Path;

/// How the generated trait plugs into the hand-written server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Name of the generated trait, e.g. `FinHelpdeskApi`.
    pub trait_name: String,
    /// Error type of every method; it implements `dropshot::HttpResponseError`.
    pub error_type: String,
    /// Generic extractor for JSON bodies, e.g. `crate::server::extract::SignedJson`. It
    /// is used as `Extractor<BodyType>` and must describe itself as `TypedBody<BodyType>`.
    pub body_extractor: String,
    /// Extractor for POST/PUT/PATCH operations that document no body (their raw bytes
    /// may still be needed, e.g. to check a signature). It must add nothing to the
    /// OpenAPI document.
    pub bodyless_extractor: Option<String>,
    /// Generic three-state type for properties marked `x-tristate`.
    pub tristate_type: String,
    /// How header parameters reach the methods; dropshot's `Header<T>` if `None`.
    pub header_extractor: Option<HeaderExtractor>,
    /// A generic type every success response is wrapped in, e.g.
    /// `crate::server::PostsAnswer` for `PostsAnswer<HttpResponseOk<T>>`: a response type
    /// (`dropshot::HttpResponse`) that describes itself as the response it wraps. It lets
    /// an error be answered with headers of its own, which dropshot adds only to
    /// `HttpError`. `None` returns dropshot's response types as they are.
    pub response_wrapper: Option<String>,
}

/// A generic extractor for a method's headers, used as `Extractor<HeadersType>` in place of
/// `dropshot::Header<HeadersType>`, e.g. one that decodes them only on demand. It must
/// describe itself as `Header<HeadersType>`. Every headers type implements `required_trait`
/// (`const REQUIRED: &'static [&'static str]`, the header names the contract requires), so
/// the extractor can refuse a request that lacks one without decoding the rest.
#[derive(Debug, Clone)]
pub struct HeaderExtractor {
    pub extractor: String,
    pub required_trait: String,
}

struct HeaderSet {
    names: Vec<String>,
    ident: proc_macro2::Ident,
}

/// Generates the types and the API trait for one document, formatted.
pub fn generate_server(spec_path: &Path, config: &ServerConfig) -> Result<String, GenError> {
    let document = load_spec(spec_path)?;
    let file = spec_path.display().to_string();
    let resolver = Resolver {
        document: &document,
        file: &file,
    };
    let mut types = TypeGen::new(resolver, parse_path(&file, &config.tristate_type)?);
    types.define_components()?;

    let error_type = parse_path(&file, &config.error_type)?;
    let header_extractor = match &config.header_extractor {
        Some(custom) => Some((
            parse_path(&file, &custom.extractor)?,
            parse_path(&file, &custom.required_trait)?,
        )),
        None => None,
    };
    let body_extractor = parse_path(&file, &config.body_extractor)?;
    let response_wrapper = config
        .response_wrapper
        .as_deref()
        .map(|path| parse_path(&file, path))
        .transpose()?;
    let bodyless_extractor = config
        .bodyless_extractor
        .as_deref()
        .map(|path| parse_path(&file, path))
        .transpose()?;

    let resolver = Resolver {
        document: &document,
        file: &file,
    };
    let operations = served_operations(&resolver)?;
    let header_sets = header_sets(&resolver, &operations)?;

    let mut methods = Vec::new();
    let mut registrations = Vec::new();
    for (path, method, operation) in &operations {
        let operation_id = operation.operation_id.as_deref().ok_or_else(|| {
            GenError::new(
                &file,
                format!("operation {} {path}", method.to_uppercase()),
                "no `operationId`",
            )
        })?;
        let location = format!("operation `{operation_id}`");
        let type_prefix = pascal(operation_id);
        let mut arguments = Vec::new();

        let mut query = Vec::new();
        let mut headers = Vec::new();
        let mut path_params = Vec::new();
        for parameter in &operation.parameters {
            let parameter = resolver.parameter(parameter, &location)?;
            match parameter {
                Parameter::Query { parameter_data, .. } => query.push(parameter_data),
                Parameter::Header { parameter_data, .. } => headers.push(parameter_data),
                Parameter::Path { parameter_data, .. } => path_params.push(parameter_data),
                Parameter::Cookie { parameter_data, .. } => {
                    return Err(GenError::new(
                        &file,
                        &location,
                        format!(
                            "cookie parameter `{}` is not supported",
                            parameter_data.name
                        ),
                    ));
                }
            }
        }
        for (kind, extractor, params) in [
            ("Path", quote! { ::dropshot::Path }, &path_params),
            ("Query", quote! { ::dropshot::Query }, &query),
        ] {
            if params.is_empty() {
                continue;
            }
            let ident = format_ident!("{}{}", type_prefix, kind);
            let fields = parameter_fields(&mut types, params, &type_prefix, &location)?;
            let docs = format!(
                " The {} parameters of `{operation_id}`.",
                kind.to_lowercase()
            );
            types.items.push(quote! {
                #[doc = #docs]
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
                pub struct #ident { #(#fields)* }
            });
            let argument = format_ident!("{}", kind.to_lowercase());
            arguments.push(quote! { #argument: #extractor<#ident> });
        }
        if !headers.is_empty() {
            let names: Vec<String> = headers.iter().map(|data| data.name.clone()).collect();
            let set = header_sets
                .iter()
                .find(|set| set.names == names)
                .ok_or_else(|| {
                    GenError::new(&file, &location, "internal: header set not collected")
                })?;
            let ident = &set.ident;
            arguments.push(match &header_extractor {
                Some((extractor, _)) => quote! { headers: #extractor<#ident> },
                None => quote! { headers: ::dropshot::Header<#ident> },
            });
        }

        match &operation.request_body {
            Some(body) => {
                let body = resolver.request_body(body, &location)?;
                if !body.required {
                    return Err(GenError::new(
                        &file,
                        &location,
                        "an optional request body is not supported",
                    ));
                }
                let body_location = format!("{location} request body");
                let schema = json_schema(&body.content, &file, &body_location)?;
                let body_type = types.type_of(
                    SchemaRef::from(schema),
                    &format!("{type_prefix}Body"),
                    &body_location,
                )?;
                arguments.push(quote! { body: #body_extractor<#body_type> });
            }
            None if matches!(*method, "post" | "put" | "patch") => {
                if let Some(extractor) = &bodyless_extractor {
                    arguments.push(quote! { body: #extractor });
                }
            }
            None => {}
        }

        let response = success_response(&mut types, operation, &type_prefix, &file, &location)?;
        let response = match &response_wrapper {
            Some(wrapper) => quote! { #wrapper<#response> },
            None => response,
        };
        let method_ident = snake_ident(operation_id);
        let http_method = format_ident!("{}", method.to_uppercase());
        let trait_ident = format_ident!("{}", config.trait_name);
        registrations.push(quote! {
            api.register(
                dropshot::ApiEndpoint::new(
                    format!("{prefix}{}", #operation_id),
                    <ServerImpl as #trait_ident>::#method_ident,
                    http::Method::#http_method,
                    "application/json",
                    #path,
                    dropshot::ApiEndpointVersions::All,
                )
                .visible(false),
            )?;
        });
        let tags = &operation.tags;
        let summary = operation.summary.as_deref().unwrap_or_default();
        let description = operation.description.as_deref().unwrap_or_default();
        let docs = doc_attrs(Some(&format!("{summary}\n\n{description}")));
        methods.push(quote! {
            #docs
            #[endpoint {
                method = #http_method,
                path = #path,
                operation_id = #operation_id,
                tags = [#(#tags),*],
            }]
            async fn #method_ident(
                rqctx: ::dropshot::RequestContext<Self::Context>,
                #(#arguments,)*
            ) -> ::std::result::Result<#response, #error_type>;
        });
    }

    for set in &header_sets {
        let ident = &set.ident;
        // Every operation sharing a set shares the same `$ref`ed definitions, so the first
        // one found describes them all.
        let (_, _, operation) = operations
            .iter()
            .find(|(_, _, operation)| {
                operation_headers(&resolver, operation)
                    .map(|headers| {
                        headers.iter().map(|h| h.name.clone()).collect::<Vec<_>>() == set.names
                    })
                    .unwrap_or(false)
            })
            .ok_or_else(|| {
                GenError::new(&file, "headers", "internal: header set without operation")
            })?;
        let data = operation_headers(&resolver, operation)?;
        let fields = parameter_fields(&mut types, &data, &ident.to_string(), "headers")?;
        types.items.push(quote! {
            /// Request headers described by the contract.
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
            pub struct #ident { #(#fields)* }
        });
        if let Some((_, required_trait)) = &header_extractor {
            let required = data
                .iter()
                .filter(|header| header.required)
                .map(|header| header.name.as_str());
            types.items.push(quote! {
                impl #required_trait for #ident {
                    const REQUIRED: &'static [&'static str] = &[#(#required),*];
                }
            });
        }
    }

    let trait_ident = format_ident!("{}", config.trait_name);
    let register_ident = format_ident!("register_{}", snake_ident(&config.trait_name));
    let register_docs = format!(
        " Registers every operation of [`{}`] on `api`, each operationId after `prefix`, so one\n server can serve several documents whose operationIds overlap (dropshot cannot merge\n descriptions). The endpoints are hidden from `api`'s own OpenAPI output; the served\n document comes from `stub_api_description()`.",
        config.trait_name
    );
    let title = &document.info.title;
    let version = &document.info.version;
    let trait_docs = format!(
        " The operations of \"{title}\" {version} ({}) that the helpdesk serves.",
        file_name(spec_path)
    );
    let support = support_items();
    let items = &types.items;
    let tokens = quote! {
        #support
        #(#items)*

        #[doc = #trait_docs]
        #[dropshot::api_description]
        pub trait #trait_ident {
            /// State shared by every request.
            type Context: Send + Sync + 'static;

            #(#methods)*
        }

        #[doc = #register_docs]
        pub fn #register_ident<ServerImpl: #trait_ident>(
            api: &mut dropshot::ApiDescription<<ServerImpl as #trait_ident>::Context>,
            prefix: &str,
        ) -> ::std::result::Result<(), dropshot::ApiDescriptionRegisterError> {
            #(#registrations)*
            Ok(())
        }
    };
    let syntax = syn::parse2::<syn::File>(tokens)
        .map_err(|error| GenError::new(&file, "output", format!("unparsable output: {error}")))?;
    Ok(format!(
        "// @generated by fin-helpdesk-codegen from {}: do not edit.\n\n{}",
        file_name(spec_path),
        one_line_endpoint_attributes(&prettyplease::unparse(&syntax))
    ))
}

/// prettyplease prints the tokens of `#[endpoint { ... }]` as they come; put each on one
/// line as a person would write it.
fn one_line_endpoint_attributes(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(start) = rest.find("#[endpoint{") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find("}]") else {
            break;
        };
        let inner = &rest[start + "#[endpoint{".len()..start + end];
        let fields: Vec<&str> = inner
            .split(",\n")
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .collect();
        out.push_str(&format!(
            "#[endpoint {{ {} }}]",
            fields.join(", ").trim_end_matches(',')
        ));
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

type ServedOperation<'a> = (&'a str, &'static str, &'a Operation);

fn served_operations<'a>(resolver: &Resolver<'a>) -> Result<Vec<ServedOperation<'a>>, GenError> {
    let mut operations = Vec::new();
    for (path, item) in &resolver.document.paths.paths {
        let ReferenceOr::Item(item) = item else {
            return Err(GenError::new(
                resolver.file,
                format!("path `{path}`"),
                "a `$ref` path item is not supported",
            ));
        };
        if !item.parameters.is_empty() {
            return Err(GenError::new(
                resolver.file,
                format!("path `{path}`"),
                "path-level parameters are not supported; list them on each operation",
            ));
        }
        for (method, operation) in item.iter() {
            let hosted_by_fin = operation
                .extensions
                .get("x-hosted-by")
                .is_some_and(|value| value == "fin");
            if !hosted_by_fin {
                let method: &'static str = match method {
                    "get" => "get",
                    "put" => "put",
                    "post" => "post",
                    "delete" => "delete",
                    "patch" => "patch",
                    other => {
                        return Err(GenError::new(
                            resolver.file,
                            format!("path `{path}`"),
                            format!("method `{other}` is not supported"),
                        ));
                    }
                };
                operations.push((path.as_str(), method, operation));
            }
        }
    }
    Ok(operations)
}

fn operation_headers<'a>(
    resolver: &Resolver<'a>,
    operation: &'a Operation,
) -> Result<Vec<&'a openapiv3::ParameterData>, GenError> {
    let mut headers = Vec::new();
    for parameter in &operation.parameters {
        if let Parameter::Header { parameter_data, .. } =
            resolver.parameter(parameter, "headers")?
        {
            headers.push(parameter_data);
        }
    }
    Ok(headers)
}

/// Operations that take the same headers share one type: `RequestHeaders` when the whole
/// document uses one set, otherwise `{Operation}Headers`.
fn header_sets(
    resolver: &Resolver<'_>,
    operations: &[ServedOperation<'_>],
) -> Result<Vec<HeaderSet>, GenError> {
    let mut sets: Vec<(Vec<String>, String)> = Vec::new();
    for (_, _, operation) in operations {
        let names: Vec<String> = operation_headers(resolver, operation)?
            .iter()
            .map(|data| data.name.clone())
            .collect();
        if !names.is_empty() && !sets.iter().any(|(existing, _)| existing == &names) {
            sets.push((names, operation.operation_id.clone().unwrap_or_default()));
        }
    }
    let single = sets.len() == 1;
    Ok(sets
        .into_iter()
        .map(|(names, operation_id)| HeaderSet {
            names,
            ident: if single {
                format_ident!("RequestHeaders")
            } else {
                format_ident!("{}Headers", pascal(&operation_id))
            },
        })
        .collect())
}

fn parameter_fields(
    types: &mut TypeGen<'_>,
    params: &[&openapiv3::ParameterData],
    type_prefix: &str,
    location: &str,
) -> Result<Vec<TokenStream>, GenError> {
    let mut fields = Vec::new();
    for data in params {
        let param_location = format!("{location} parameter `{}`", data.name);
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return Err(GenError::new(
                types.resolver.file,
                &param_location,
                "a parameter described by `content` is not supported",
            ));
        };
        let base = types.type_of(
            SchemaRef::from(schema),
            &format!("{type_prefix}{}", pascal(&data.name)),
            &param_location,
        )?;
        let ident = snake_ident(&data.name);
        let wire = &data.name;
        let docs = doc_attrs(data.description.as_deref());
        let schema_type = crate::types::type_string(&base);
        fields.push(if data.required {
            quote! { #docs #[serde(rename = #wire)] pub #ident: #base, }
        } else {
            quote! {
                #docs
                #[serde(rename = #wire, default, skip_serializing_if = "Option::is_none")]
                #[schemars(with = #schema_type)]
                pub #ident: Option<#base>,
            }
        });
    }
    Ok(fields)
}

fn json_schema<'a>(
    content: &'a indexmap::IndexMap<String, openapiv3::MediaType>,
    file: &str,
    location: &str,
) -> Result<&'a ReferenceOr<openapiv3::Schema>, GenError> {
    if let Some(other) = content
        .keys()
        .find(|media| media.as_str() != "application/json")
    {
        return Err(GenError::new(
            file,
            location,
            format!("media type `{other}` is not supported (application/json only)"),
        ));
    }
    content
        .get("application/json")
        .and_then(|media| media.schema.as_ref())
        .ok_or_else(|| GenError::new(file, location, "no application/json schema"))
}

fn success_response(
    types: &mut TypeGen<'_>,
    operation: &Operation,
    type_prefix: &str,
    file: &str,
    location: &str,
) -> Result<TokenStream, GenError> {
    let successes: Vec<(u16, &ReferenceOr<openapiv3::Response>)> = operation
        .responses
        .responses
        .iter()
        .filter_map(|(status, response)| match status {
            StatusCode::Code(code) if (200..300).contains(code) => Some((*code, response)),
            _ => None,
        })
        .collect();
    let [(status, response)] = successes.as_slice() else {
        return Err(GenError::new(
            file,
            location,
            format!(
                "exactly one 2xx response is supported, found {}",
                successes.len()
            ),
        ));
    };
    let ReferenceOr::Item(response) = response else {
        return Err(GenError::new(
            file,
            location,
            "a `$ref` success response is not supported",
        ));
    };
    let response_location = format!("{location} response {status}");
    if *status == 204 {
        if !response.content.is_empty() {
            return Err(GenError::new(
                file,
                &response_location,
                "a 204 response with content",
            ));
        }
        return Ok(quote! { ::dropshot::HttpResponseUpdatedNoContent });
    }
    let schema = json_schema(&response.content, file, &response_location)?;
    let body = types.type_of(
        SchemaRef::from(schema),
        &format!("{type_prefix}Response"),
        &response_location,
    )?;
    let wrapper = match status {
        200 => quote! { ::dropshot::HttpResponseOk },
        201 => quote! { ::dropshot::HttpResponseCreated },
        202 => quote! { ::dropshot::HttpResponseAccepted },
        other => {
            return Err(GenError::new(
                file,
                &response_location,
                format!("success status {other} is not supported"),
            ));
        }
    };
    Ok(quote! { #wrapper<#body> })
}
