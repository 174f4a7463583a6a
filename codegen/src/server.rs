//! One `#[dropshot::api_description]` trait per document: a method per operation that
//! this server hosts, with typed path, query and header extractors, the request body in
//! its media type's extractor, and the documented success response in the return type.
//! Each function below is one OpenAPI construct; the README's table points at them.

use crate::naming::{doc_attrs, snake_ident};
use crate::spec::{Error, resolve};
use crate::types::{TypeRef, Types};
use crate::{GeneratedTokens, GenerationSettings, Warning, parse_type, raw_string};
use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// The methods dropshot routes; `trace` is not among them.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// An operation as found in the document, before anything is generated for it.
pub(crate) struct SourceOperation {
    pub path: String,
    pub method: &'static str,
    pub operation: Value,
    /// Path-level and operation-level parameters, resolved, the operation's winning.
    pub parameters: Vec<Value>,
    pub operation_id: String,
    pub location: String,
}

/// Operations this server hosts, and those hosted elsewhere (kept for the client only).
pub(crate) fn operations(
    document: &Value,
    settings: &GenerationSettings,
    warnings: &mut Vec<Warning>,
) -> (Vec<SourceOperation>, Vec<SourceOperation>) {
    let mut hosted = Vec::new();
    let mut elsewhere = Vec::new();
    let mut used_ids = BTreeSet::new();
    let document_servers = document.get("servers").cloned().unwrap_or(json!([]));
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        let item = resolve(document, item);
        let path_parameters: Vec<Value> = item["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| resolve(document, p).clone())
            .collect();
        if item.get("trace").is_some() {
            warnings.push(Warning::new(
                format!("TRACE {path}"),
                "dropshot does not route TRACE; the operation is left out of the trait",
            ));
        }
        for &method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let mut parameters = path_parameters.clone();
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let parameter = resolve(document, parameter).clone();
                parameters
                    .retain(|p| !(p["name"] == parameter["name"] && p["in"] == parameter["in"]));
                parameters.push(parameter);
            }
            let operation_id = match operation["operationId"].as_str() {
                Some(id) => id.to_string(),
                None => derived_operation_id(method, path),
            };
            let mut unique = operation_id.clone();
            let mut n = 2;
            while !used_ids.insert(snake_ident(&unique).to_string()) {
                unique = format!("{operation_id}_{n}");
                n += 1;
            }
            let location = format!("operation {} {path} ({unique})", method.to_uppercase());
            if unique != operation_id && operation["operationId"].is_string() {
                warnings.push(Warning::new(
                    &location,
                    format!("operationId `{operation_id}` names the same Rust method as another; this one is `{unique}`"),
                ));
            }
            let servers = operation.get("servers").or_else(|| item.get("servers"));
            let is_elsewhere = servers.is_some_and(|servers| servers != &document_servers)
                || settings
                    .hosted_elsewhere
                    .iter()
                    .any(|(extension, value)| operation.get(extension) == Some(value));
            let source = SourceOperation {
                path: path.clone(),
                method,
                operation: operation.clone(),
                parameters,
                operation_id: unique,
                location,
            };
            if is_elsewhere {
                elsewhere.push(source);
            } else {
                hosted.push(source);
            }
        }
    }
    (hosted, elsewhere)
}

/// A stable name for an operation without `operationId`: the method, then the path's
/// literal segments, then `by_` each variable (`GET /pets/{id}` is `get_pets_by_id`).
pub(crate) fn derived_operation_id(method: &str, path: &str) -> String {
    let mut words = vec![method.to_string()];
    let mut variables = Vec::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(variable) => variables.push(variable.to_string()),
            None => words.push(segment.to_string()),
        }
    }
    for variable in variables {
        words.push(format!("by_{variable}"));
    }
    let joined = words.join("_");
    let cleaned: String = joined
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    snake_ident(&cleaned).to_string()
}

enum Body {
    None,
    /// The configured extractor for operations that document no body.
    Bodyless(TokenStream),
    Json {
        type_ref: TypeRef,
        required: bool,
    },
    Form(TypeRef),
    Multipart,
    Untyped,
}

enum Response {
    /// A dropshot response type written as is (`HttpResponseOk`, …), with its body.
    Dropshot(TokenStream, Option<TypeRef>),
    /// A generated response type for another status, with or without a body.
    Coded {
        status: u16,
        constant: String,
        description: String,
        body: Option<TypeRef>,
    },
    /// `Response<Body>`: any status and body, described to OpenAPI as nothing.
    Freeform,
    /// A page of a paginated list: `HttpResponseOk<ResultsPage<Item>>`.
    Page(TypeRef),
    /// A dropshot success type of any bytes (`HttpResponseOk<FreeformBody>`, …).
    FreeformSuccess(TokenStream),
}

struct Plan {
    source: SourceOperation,
    route: crate::routes::OperationRoute,
    method_ident: proc_macro2::Ident,
    path_params: Option<TypeRef>,
    query: Option<TypeRef>,
    /// `x-dropshot-pagination`: the query is dropshot's `PaginationParams` of `query`
    /// (the scan parameters; `EmptyScanParams` when there are none).
    paginated: bool,
    /// `x-dropshot-websocket`: a dropshot channel, upgraded to a websocket.
    websocket: bool,
    headers: Option<usize>,
    body: Body,
    response: Response,
    /// The query's parameters when some are arrays or objects (`StructuredQuery`).
    structured_query: Vec<crate::query::Parameter>,
}

/// A set of header parameters shared by every operation taking exactly these.
struct HeaderSet {
    names: Vec<String>,
    required: Vec<String>,
    type_ref: TypeRef,
}

pub(crate) fn generate(
    document: &OpenAPI,
    settings: &GenerationSettings,
) -> Result<GeneratedTokens, Error> {
    let document = serde_json::to_value(document)
        .map_err(|error| Error::invalid("document", error.to_string()))?;
    let mut warnings = Vec::new();
    let mut types = Types::new(&document, settings, &mut warnings);
    let (hosted, _) = operations(&document, settings, &mut warnings);

    // Header sets first, so their names are stable. The set most operations share is `RequestHeaders`, so that a header added to one
    // operation renames only that operation's set (`{Operation}Headers`).
    let mut header_names: Vec<(Vec<String>, String, usize)> = Vec::new();
    for operation in &hosted {
        let names = parameter_names(&operation.parameters, "header");
        if names.is_empty() {
            continue;
        }
        match header_names
            .iter_mut()
            .find(|(existing, _, _)| existing == &names)
        {
            Some((_, _, count)) => *count += 1,
            None => header_names.push((names, operation.operation_id.clone(), 1)),
        }
    }
    let most_shared = header_names
        .iter()
        .enumerate()
        .max_by_key(|(index, (_, _, count))| (*count, std::cmp::Reverse(*index)))
        .map(|(index, _)| index);
    let mut header_sets = Vec::new();

    let routes = crate::routes::plan(
        &hosted
            .iter()
            .map(|source| {
                (
                    source.path.as_str(),
                    source.method,
                    source.location.as_str(),
                )
            })
            .collect::<Vec<_>>(),
        &mut warnings,
    );
    let route_types: Vec<String> = routes
        .dispatchers
        .iter()
        .map(|dispatcher| types.converter.claim(&dispatcher_type_name(dispatcher)))
        .collect();
    let mut plans = Vec::new();
    for (mut source, route) in hosted.into_iter().zip(routes.operations) {
        crate::routes::complete_path_parameters(
            &source.path,
            &mut source.parameters,
            &source.location,
            &mut warnings,
        );
        let renamed = route.renamed.clone();
        let prefix = crate::schema::type_name(&source.operation_id);
        let path_params = parameter_struct(
            &document,
            &mut types,
            &source,
            "path",
            &format!("{prefix}Path"),
            &renamed,
            &mut warnings,
        );
        let pagination = pagination(&source);
        let query = match &pagination {
            Some(scan) if !scan.parameters.iter().any(|p| p["in"] == "query") => None,
            Some(scan) => parameter_struct(
                &document,
                &mut types,
                scan,
                "query",
                &format!("{prefix}ScanParams"),
                &BTreeMap::new(),
                &mut warnings,
            ),
            None => parameter_struct(
                &document,
                &mut types,
                &source,
                "query",
                &format!("{prefix}Query"),
                &BTreeMap::new(),
                &mut warnings,
            ),
        };
        for cookie in source.parameters.iter().filter(|p| p["in"] == "cookie") {
            warnings.push(Warning::new(
                &source.location,
                format!("dropshot has no cookie extractor; the cookie `{}` is not in the method's signature (read it from `rqctx.request.headers()`)", cookie["name"].as_str().unwrap_or_default()),
            ));
        }
        let names = parameter_names(&source.parameters, "header");
        let headers = if names.is_empty() {
            None
        } else {
            let index = match header_sets
                .iter()
                .position(|set: &HeaderSet| set.names == names)
            {
                Some(index) => index,
                None => {
                    let position = header_names.iter().position(|(n, _, _)| n == &names);
                    let owner = position
                        .map(|i| header_names[i].1.clone())
                        .unwrap_or_default();
                    let name = if position == most_shared {
                        "RequestHeaders".to_string()
                    } else {
                        format!("{}Headers", crate::schema::type_name(&owner))
                    };
                    let name = types.converter.claim(&name);
                    let (schema, written, required) = parameters_schema(
                        &document,
                        &source,
                        "header",
                        &BTreeMap::new(),
                        &mut warnings,
                    );
                    let type_ref = types.request_written(
                        &schema,
                        written,
                        &name,
                        &format!("{} headers", source.location),
                    );
                    header_sets.push(HeaderSet {
                        names: names.clone(),
                        required,
                        type_ref,
                    });
                    header_sets.len() - 1
                }
            };
            Some(index)
        };
        let body = request_body(
            &document,
            &mut types,
            &source,
            &prefix,
            settings,
            &mut warnings,
        )?;
        let websocket = source.operation.get("x-dropshot-websocket").is_some();
        let response = match pagination
            .as_ref()
            .and_then(|_| page_item(&document, &source))
        {
            // Not used: a channel's answer is dropshot's own (its 101 and the errors).
            _ if websocket => Response::Freeform,
            Some(item) => {
                let location = format!("{} response 200 items", source.location);
                Response::Page(types.request(&item, &format!("{prefix}Item"), &location))
            }
            None => success_response(&document, &mut types, &source, &prefix, &mut warnings),
        };
        let structured_query = match pagination {
            None if !crate::query::paginated(&source.operation) => {
                crate::query::table(&document, &source.parameters, |schema| {
                    is_scalar(&document, schema, 0)
                })
            }
            _ => Vec::new(),
        };
        plans.push(Plan {
            structured_query,
            method_ident: snake_ident(&source.operation_id),
            route,
            source,
            path_params,
            query,
            paginated: pagination.is_some(),
            websocket,
            headers,
            body,
            response,
        });
    }
    types.build(&mut warnings);

    let error_type = parse_type(&settings.error_type)?;
    let json_extractor = parse_type(&settings.json_body_extractor)?;
    let header_extractor = match &settings.header_extractor {
        Some(custom) => Some((
            parse_type(&custom.extractor)?,
            parse_type(&custom.required_trait)?,
        )),
        None => None,
    };
    let trait_ident = format_ident!("{}", settings.trait_name);
    let mut methods = Vec::new();
    let mut registrations = Vec::new();
    let mut support = BTreeSet::new();
    let mut response_items = Vec::new();
    let mut structured_queries = Vec::new();
    // Dispatched operations: their calls for the dispatchers, their endpoints for the
    // served document.
    let mut calls = BTreeMap::new();
    let mut documented: Vec<(String, TokenStream)> = Vec::new();
    let mut method_names: BTreeSet<String> = plans
        .iter()
        .map(|plan| plan.method_ident.to_string())
        .collect();
    for (index, plan) in plans.iter().enumerate() {
        let operation = &plan.source.operation;
        // dropshot lists parameters in the order of the extractors: the locations go
        // in the order the document first names each.
        let first = |location: &str| {
            plan.source
                .parameters
                .iter()
                .position(|p| p["in"] == location)
                .unwrap_or(usize::MAX)
        };
        let mut extractors = Vec::new();
        if let Some(path) = plan.path_params {
            let ty = types.tokens(path);
            extractors.push((
                first("path"),
                argument("path", quote! { ::dropshot::Path<#ty> }, false),
            ));
        }
        if plan.paginated {
            let scan = match plan.query {
                Some(scan) => types.tokens(scan),
                None => quote! { ::dropshot::EmptyScanParams },
            };
            extractors.push((
                first("query"),
                argument(
                    "query",
                    quote! { ::dropshot::Query<::dropshot::PaginationParams<#scan, ::serde_json::Value>> },
                    false,
                ),
            ));
        } else if let Some(query) = plan.query {
            let ty = types.tokens(query);
            let extractor = if plan.structured_query.is_empty() {
                quote! { ::dropshot::Query<#ty> }
            } else {
                support.insert("structured_query");
                response_items.push(crate::query::parameters_impl(&ty, &plan.structured_query));
                structured_queries.push((
                    plan.route.path.clone(),
                    plan.source.method,
                    plan.structured_query.as_slice(),
                ));
                quote! { StructuredQuery<#ty> }
            };
            extractors.push((first("query"), argument("query", extractor, false)));
        }
        if let Some(index) = plan.headers {
            let ty = types.tokens(header_sets[index].type_ref);
            extractors.push((
                first("header"),
                match &header_extractor {
                    Some((extractor, _)) => argument("headers", quote! { #extractor<#ty> }, false),
                    None => argument("headers", quote! { ::dropshot::Header<#ty> }, false),
                },
            ));
        }
        extractors.sort_by_key(|(position, _)| *position);
        let mut arguments: Vec<crate::routes::Argument> = extractors
            .into_iter()
            .map(|(_, argument)| argument)
            .collect();
        let mut content_type = "application/json";
        match &plan.body {
            Body::None => {}
            Body::Bodyless(extractor) => {
                arguments.push(argument("body", quote! { #extractor }, true))
            }
            Body::Json {
                type_ref,
                required: true,
            } => {
                let ty = types.tokens(*type_ref);
                arguments.push(argument("body", quote! { #json_extractor<#ty> }, true));
            }
            Body::Json {
                type_ref,
                required: false,
            } => {
                let ty = types.tokens(*type_ref);
                support.insert("optional_body");
                arguments.push(argument("body", quote! { OptionalTypedBody<#ty> }, true));
            }
            Body::Form(type_ref) => {
                let ty = types.tokens(*type_ref);
                content_type = "application/x-www-form-urlencoded";
                arguments.push(argument(
                    "body",
                    quote! { ::dropshot::TypedBody<#ty> },
                    true,
                ));
            }
            Body::Multipart => {
                content_type = "multipart/form-data";
                arguments.push(argument("body", quote! { ::dropshot::MultipartBody }, true));
            }
            Body::Untyped => {
                arguments.push(argument("body", quote! { ::dropshot::UntypedBody }, true))
            }
        }
        let response = match &plan.response {
            Response::Dropshot(wrapper, Some(body)) => {
                let body = types.tokens(*body);
                quote! { #wrapper<#body> }
            }
            Response::Dropshot(wrapper, None) => wrapper.clone(),
            Response::Coded {
                status,
                constant,
                description,
                body,
            } => {
                let ident = format_ident!(
                    "{}Response{}",
                    crate::schema::type_name(&plan.source.operation_id),
                    status
                );
                let constant = format_ident!("{}", constant);
                let docs = format!(" The {status} response of `{}`.", plan.source.operation_id);
                let (field, body_type, value) = match body {
                    Some(body) => {
                        let body = types.tokens(*body);
                        (quote! { (pub #body) }, body, quote! { response.0 })
                    }
                    // dropshot documents a freeform body as no content at all.
                    None => (
                        quote! {},
                        quote! { ::dropshot::FreeformBody },
                        quote! { ::dropshot::FreeformBody(::dropshot::Body::empty()) },
                    ),
                };
                let semicolon = quote! { ; };
                response_items.push(quote! {
                    #[doc = #docs]
                    pub struct #ident #field #semicolon

                    impl ::dropshot::HttpCodedResponse for #ident {
                        type Body = #body_type;
                        const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::#constant;
                        const DESCRIPTION: &'static str = #description;
                    }

                    impl ::std::convert::From<#ident> for ::std::result::Result<::http::Response<::dropshot::Body>, ::dropshot::HttpError> {
                        #[allow(unused_variables)]
                        fn from(response: #ident) -> Self {
                            <#ident as ::dropshot::HttpCodedResponse>::for_object(#value)
                        }
                    }
                });
                quote! { #ident }
            }
            Response::Freeform => quote! { ::http::Response<::dropshot::Body> },
            Response::Page(item) => {
                let item = types.tokens(*item);
                quote! { ::dropshot::HttpResponseOk<::dropshot::ResultsPage<#item>> }
            }
            Response::FreeformSuccess(wrapper) => quote! { #wrapper<::dropshot::FreeformBody> },
        };
        let response = match &settings.response_wrapper {
            Some(wrapper) => {
                let wrapper = parse_type(wrapper)?;
                quote! { #wrapper<#response> }
            }
            None => response,
        };
        let method_ident = &plan.method_ident;
        let http_method = format_ident!("{}", plan.source.method.to_uppercase());
        let path = &plan.route.path;
        let operation_id = &plan.source.operation_id;
        let tags: Vec<&str> = operation["tags"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let summary = operation["summary"].as_str().unwrap_or_default();
        let description = operation["description"].as_str().unwrap_or_default();
        let signature: Vec<TokenStream> = arguments
            .iter()
            .map(|argument| {
                let (name, ty) = (&argument.name, &argument.ty);
                quote! { #name: #ty }
            })
            .collect();
        if plan.route.dispatched {
            // Not an endpoint: dropshot cannot register the path beside its neighbours,
            // so a dispatcher calls it; `Send` as dropshot's own endpoints are.
            let first = if summary.is_empty() {
                format!("{} {path}", plan.source.method.to_uppercase())
            } else {
                summary.to_string()
            };
            let reached = format!(
                "Reached through the route `{} {}`, which dropshot serves for several paths.",
                plan.source.method.to_uppercase(),
                plan.route.route,
            );
            let paragraphs: Vec<&str> = [first.as_str(), description, reached.as_str()]
                .into_iter()
                .filter(|paragraph| !paragraph.trim().is_empty())
                .collect();
            let docs = doc_attrs(Some(&paragraphs.join("\n\n")));
            methods.push(quote! {
                #docs
                fn #method_ident(
                    rqctx: ::dropshot::RequestContext<Self::Context>,
                    #(#signature,)*
                ) -> impl ::core::future::Future<Output = ::std::result::Result<#response, #error_type>> + Send + 'static;
            });
            let types_tuple: Vec<&TokenStream> = arguments.iter().map(|a| &a.ty).collect();
            let mut endpoint = quote! {
                ::dropshot::ApiEndpoint::new_for_types::<
                    (#(#types_tuple,)*),
                    ::std::result::Result<#response, #error_type>,
                >(
                    #operation_id.to_string(),
                    ::http::Method::#http_method,
                    #content_type,
                    #path,
                    ::dropshot::ApiEndpointVersions::All,
                )
            };
            if !summary.is_empty() {
                endpoint.extend(quote! { .summary(#summary) });
            }
            if !description.is_empty() {
                endpoint.extend(quote! { .description(#description) });
            }
            for tag in &tags {
                endpoint.extend(quote! { .tag(#tag) });
            }
            if operation["deprecated"] == true {
                endpoint.extend(quote! { .deprecated(true) });
            }
            documented.push((path.clone(), endpoint));
            calls.insert(
                index,
                crate::routes::Call {
                    method_ident: method_ident.clone(),
                    operation_id: operation_id.clone(),
                    content_type,
                    arguments,
                    route_variables: plan.route.route_variables.clone(),
                },
            );
            continue;
        }
        let docs = doc_attrs(Some(&format!("{summary}\n\n{description}")));
        let deprecated = (operation["deprecated"] == true).then(|| quote! { deprecated = true, });
        let content_type_attr =
            (content_type != "application/json").then(|| quote! { content_type = #content_type, });
        // dropshot reads the attribute's list whatever its delimiter; in parentheses
        // prettyplease prints it on one line, as a person writes it.
        if plan.websocket {
            methods.push(quote! {
                #docs
                #[channel(
                    protocol = WEBSOCKETS,
                    path = #path,
                    operation_id = #operation_id,
                    tags = [#(#tags),*],
                    #deprecated
                )]
                async fn #method_ident(
                    rqctx: ::dropshot::RequestContext<Self::Context>,
                    #(#signature,)*
                    upgraded: ::dropshot::WebsocketConnection,
                ) -> ::dropshot::WebsocketChannelResult;
            });
            // A channel's method is no handler `ApiEndpoint::new` takes: it is served
            // through `api_description` alone.
            continue;
        }
        methods.push(quote! {
            #docs
            #[endpoint(
                method = #http_method,
                path = #path,
                operation_id = #operation_id,
                tags = [#(#tags),*],
                #deprecated
                #content_type_attr
            )]
            async fn #method_ident(
                rqctx: ::dropshot::RequestContext<Self::Context>,
                #(#signature,)*
            ) -> ::std::result::Result<#response, #error_type>;
        });
        registrations.push(registration(
            &trait_ident,
            method_ident,
            operation_id,
            &http_method,
            content_type,
            path,
        ));
    }
    // The routes whose requests go to several operations, after the operations.
    for (dispatcher, route_type) in routes.dispatchers.iter().zip(&route_types) {
        let route_type = format_ident!("{}", route_type);
        let name = dispatcher_method_name(dispatcher, &mut method_names);
        response_items.push(crate::routes::route_struct(&route_type, dispatcher));
        methods.push(crate::routes::dispatcher_method(
            dispatcher,
            &name,
            &route_type,
            &calls,
            &error_type,
            settings.error_type.trim_start_matches("::") == "dropshot::HttpError",
        ));
        let http_method = format_ident!("{}", dispatcher.method.to_uppercase());
        registrations.push(registration(
            &trait_ident,
            &name,
            &name.to_string(),
            &http_method,
            "application/json",
            &dispatcher.path,
        ));
    }
    let layer_of = crate::routes::layers(
        &documented
            .iter()
            .map(|(path, _)| path.as_str())
            .collect::<Vec<_>>(),
    );
    let mut layers: Vec<Vec<TokenStream>> = Vec::new();
    for ((_, endpoint), layer) in documented.into_iter().zip(layer_of) {
        if layers.len() <= layer {
            layers.resize_with(layer + 1, Vec::new);
        }
        layers[layer].push(endpoint);
    }

    // One schema per body type, however many operations take it; the components they
    // refer to once, shared by all.
    let mut schema_items = Vec::new();
    if let Some(schema_trait) = &settings.body_schema_trait {
        let schema_trait = parse_type(schema_trait)?;
        let mut seen = BTreeSet::new();
        let mut roots = Vec::new();
        for plan in &plans {
            let Body::Json { type_ref, .. } = &plan.body else {
                continue;
            };
            let ty = types.tokens(*type_ref);
            if !seen.insert(ty.to_string()) {
                continue;
            }
            roots.push((
                ty,
                types.validation_schema(*type_ref).unwrap_or(json!(true)),
            ));
        }
        if !roots.is_empty() {
            let schemas: Vec<Value> = roots.iter().map(|(_, schema)| schema.clone()).collect();
            let components = raw_string(&Value::Object(types.validation_components(&schemas)));
            schema_items.push(quote! {
                /// The document's component schemas that request bodies refer to, as the body
                /// check reads them: every body type's `COMPONENTS`.
                pub const COMPONENTS_SCHEMA: &str = #components;
            });
        }
        for (ty, schema) in roots {
            let schema = raw_string(&schema);
            schema_items.push(quote! {
                impl #schema_trait for #ty {
                    const SCHEMA: &'static str = #schema;
                    const COMPONENTS: &'static str = COMPONENTS_SCHEMA;
                }
            });
        }
    }

    let mut header_items = Vec::new();
    if let Some((_, required_trait)) = &header_extractor {
        for set in &header_sets {
            let ty = types.tokens(set.type_ref);
            let required = &set.required;
            header_items.push(quote! {
                impl #required_trait for #ty {
                    const REQUIRED: &'static [&'static str] = &[#(#required),*];
                }
            });
        }
    }

    let type_items = types.finish().map_err(Error::Output)?;
    let support_items = support_items(&support);
    let register_ident = format_ident!("register_{}", snake_ident(&settings.trait_name));
    let register_docs = format!(
        " Registers every operation of [`{}`] on `api`, each operationId after `prefix`, so one\n server can serve several documents whose operationIds overlap (dropshot cannot merge\n descriptions). The endpoints are hidden from `api`'s own OpenAPI output; the served\n document comes from `served_openapi`.",
        settings.trait_name
    );
    let title = document["info"]["title"].as_str().unwrap_or_default();
    let version = document["info"]["version"].as_str().unwrap_or_default();
    let mut trait_docs =
        format!(" The operations of \"{title}\" {version} that this server hosts.");
    if settings.null_as_absent {
        trait_docs.push_str(
            "\n\n An explicit `null` for an optional request property (one the document neither\n requires nor makes nullable) is taken as the property left out, by the types and by\n the body check alike (the generator's `with_null_as_absent`).",
        );
    }
    let module = format_ident!("{}_mod", snake_ident(&settings.trait_name).to_string());
    let served_openapi = crate::routes::served_openapi(
        &settings.trait_name,
        &module,
        &layers,
        crate::query::served_patch(&document, &structured_queries),
    );
    let tokens = quote! {
        #type_items
        #(#header_items)*
        #(#schema_items)*
        #support_items
        #(#response_items)*

        #[doc = #trait_docs]
        #[::dropshot::api_description]
        pub trait #trait_ident {
            /// State shared by every request.
            type Context: Send + Sync + 'static;

            #(#methods)*
        }

        #served_openapi

        #[doc = #register_docs]
        #[allow(unused_variables, unused_mut)]
        pub fn #register_ident<ServerImpl: #trait_ident>(
            api: &mut ::dropshot::ApiDescription<<ServerImpl as #trait_ident>::Context>,
            prefix: &str,
        ) -> ::std::result::Result<(), ::dropshot::ApiDescriptionRegisterError> {
            #(#registrations)*
            Ok(())
        }
    };
    warnings.sort();
    warnings.dedup();
    Ok(GeneratedTokens {
        tokens,
        warnings,
        dependencies: types.dependencies(),
    })
}

fn argument(name: &str, ty: TokenStream, exclusive: bool) -> crate::routes::Argument {
    crate::routes::Argument {
        name: format_ident!("{}", name),
        ty,
        exclusive,
    }
}

/// A method's endpoint in `register_*`, hidden, its operationId after the prefix.
fn registration(
    trait_ident: &proc_macro2::Ident,
    method_ident: &proc_macro2::Ident,
    operation_id: &str,
    http_method: &proc_macro2::Ident,
    content_type: &str,
    path: &str,
) -> TokenStream {
    quote! {
        api.register(
            ::dropshot::ApiEndpoint::new(
                format!("{prefix}{}", #operation_id),
                <ServerImpl as #trait_ident>::#method_ident,
                ::http::Method::#http_method,
                #content_type,
                #path,
                ::dropshot::ApiEndpointVersions::All,
            )
            .visible(false),
        )?;
    }
}

/// `RouteGetPetsPetId` for the dispatcher of `GET /pets/{petId}`.
fn dispatcher_type_name(dispatcher: &crate::routes::Dispatcher) -> String {
    crate::schema::type_name(&derived_operation_id(
        &format!("route_{}", dispatcher.method),
        &dispatcher.path,
    ))
}

/// `route_get_pets_by_pet_id`, unless an operation's method has that name.
fn dispatcher_method_name(
    dispatcher: &crate::routes::Dispatcher,
    taken: &mut BTreeSet<String>,
) -> proc_macro2::Ident {
    let base = derived_operation_id(&format!("route_{}", dispatcher.method), &dispatcher.path);
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}_{n}");
        n += 1;
    }
    format_ident!("{}", name)
}

fn parameter_names(parameters: &[Value], location: &str) -> Vec<String> {
    parameters
        .iter()
        .filter(|p| p["in"] == location)
        .filter_map(|p| p["name"].as_str().map(str::to_string))
        .collect()
}

/// For an operation dropshot marked paginated (`x-dropshot-pagination`, with its `limit`
/// and `page_token` query parameters), the operation with only its scan parameters,
/// each required as the extension says (dropshot's `PaginationParams` makes them
/// optional again, since a next page's request carries only the token).
fn pagination(source: &SourceOperation) -> Option<SourceOperation> {
    let extension = source.operation.get("x-dropshot-pagination")?;
    let is_query =
        |parameter: &Value, name: &str| parameter["in"] == "query" && parameter["name"] == name;
    for name in ["limit", "page_token"] {
        if !source.parameters.iter().any(|p| is_query(p, name)) {
            return None;
        }
    }
    let required: Vec<&Value> = extension["required"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    let parameters = source
        .parameters
        .iter()
        .filter(|p| !is_query(p, "limit") && !is_query(p, "page_token"))
        .map(|parameter| {
            let mut parameter = parameter.clone();
            if parameter["in"] == "query" {
                parameter["required"] = json!(required.contains(&&parameter["name"]));
            }
            parameter
        })
        .collect();
    Some(SourceOperation {
        path: source.path.clone(),
        method: source.method,
        operation: source.operation.clone(),
        parameters,
        operation_id: source.operation_id.clone(),
        location: source.location.clone(),
    })
}

/// The item schema of a paginated operation's 200 answer when it is dropshot's
/// `ResultsPage` (`items` and `next_page`), so that the method returns that.
fn page_item(document: &Value, source: &SourceOperation) -> Option<Value> {
    let response = resolve(document, source.operation["responses"].get("200")?);
    let schema = response["content"].get("application/json")?.get("schema")?;
    let page = resolve(document, schema);
    let properties = page["properties"].as_object()?;
    if properties.len() != 2 || !properties.contains_key("next_page") {
        return None;
    }
    let item = &properties.get("items")?["items"];
    item.get("$ref").is_some().then(|| item.clone())
}

/// Keywords of objects and arrays, which a scalar parameter's schema may not carry in
/// dropshot (`type_util::type_is_scalar`).
const NOT_OF_SCALARS: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
];

/// The parameters of one location as an object schema, one property each: as typify
/// reads it, as the parameters' struct reports it to dropshot, and the names required.
fn parameters_schema(
    document: &Value,
    source: &SourceOperation,
    location: &str,
    renamed: &BTreeMap<String, String>,
    warnings: &mut Vec<Warning>,
) -> (Value, Value, Vec<String>) {
    let mut properties = Map::new();
    let mut written = Map::new();
    let mut required = Vec::new();
    for parameter in source.parameters.iter().filter(|p| p["in"] == location) {
        let Some(name) = parameter["name"].as_str() else {
            continue;
        };
        let name = renamed
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string());
        let schema = match (parameter.get("schema"), parameter.get("content")) {
            (Some(schema), _) => schema.clone(),
            (None, Some(content)) => {
                let first = content.as_object().and_then(|c| c.iter().next());
                warnings.push(Warning::new(
                    &source.location,
                    format!("parameter `{name}` is described by `content`; dropshot decodes it as a plain value of the media type's schema"),
                ));
                first
                    .and_then(|(_, media)| media.get("schema").cloned())
                    .unwrap_or(json!({"type": "string"}))
            }
            (None, None) => json!({"type": "string"}),
        };
        // dropshot decodes query and header values as scalars only; arrays and objects in
        // the query are read by `StructuredQuery` (`query.rs`), unless paginated.
        let structured = match location {
            _ if is_scalar(document, &schema, 0) => None,
            "query" if crate::query::paginated(&source.operation) => Some(Err(
                "dropshot's `PaginationParams` decodes the query itself".to_string(),
            )),
            "query" => Some(crate::query::shape(document, parameter).map(|_| ())),
            _ => Some(Err(String::new())),
        };
        let schema = match &structured {
            None | Some(Ok(())) => schema,
            Some(Err(reason)) => {
                let reason = if reason.is_empty() {
                    String::new()
                } else {
                    format!(": {reason}")
                };
                warnings.push(Warning::new(
                    &source.location,
                    format!("dropshot decodes {location} parameters as scalars; `{name}` ({}) is its raw string{reason}", schema_kind(&schema)),
                ));
                json!({"type": "string"})
            }
        };
        // dropshot refuses a scalar parameter whose schema also says how an object or
        // array looks; those words say nothing of a scalar. A structured one is reported
        // as a string, which `served_openapi` replaces with the document's.
        let mut reported = match structured {
            Some(Ok(())) => json!({"type": "string"}),
            _ => schema.clone(),
        };
        if let Some(object) = reported.as_object_mut()
            && object
                .get("type")
                .and_then(Value::as_str)
                .is_some_and(|kind| matches!(kind, "string" | "integer" | "number" | "boolean"))
        {
            let mut dropped = Vec::new();
            for keyword in NOT_OF_SCALARS {
                if object.remove(*keyword).is_some() {
                    dropped.push(*keyword);
                }
            }
            if !dropped.is_empty() {
                warnings.push(Warning::new(
                    &source.location,
                    format!(
                        "parameter `{name}` is a scalar whose schema also has `{}`; dropshot refuses that, so the served schema leaves it out",
                        dropped.join("`, `")
                    ),
                ));
            }
        }
        // dropshot takes a parameter's description from its schema, unwrapping a lone
        // `allOf` (a `$ref` has no description of its own in 3.0).
        written.insert(
            name.clone(),
            match parameter["description"].as_str() {
                Some(description) => json!({"allOf": [reported], "description": description}),
                None => reported,
            },
        );
        let schema = match (schema, parameter["description"].as_str()) {
            (Value::Object(mut object), Some(description)) if !object.contains_key("$ref") => {
                object.entry("description").or_insert(json!(description));
                Value::Object(object)
            }
            (schema, _) => schema,
        };
        // A path parameter is always required, whatever the document says.
        if parameter["required"] == true || location == "path" {
            required.push(name.clone());
        }
        properties.insert(name, schema);
    }
    (
        json!({"type": "object", "properties": properties, "required": required}),
        json!({"type": "object", "properties": written, "required": required}),
        required,
    )
}

fn parameter_struct(
    document: &Value,
    types: &mut Types,
    source: &SourceOperation,
    location: &str,
    name: &str,
    renamed: &BTreeMap<String, String>,
    warnings: &mut Vec<Warning>,
) -> Option<TypeRef> {
    if !source.parameters.iter().any(|p| p["in"] == location) {
        return None;
    }
    let (schema, written, _) = parameters_schema(document, source, location, renamed, warnings);
    let name = types.converter.claim(name);
    Some(types.request_written(
        &schema,
        written,
        &name,
        &format!("{} {location} parameters", source.location),
    ))
}

/// Whether dropshot takes this schema as a parameter's (`type_util::type_is_scalar`): one
/// string, number, integer or boolean; a lone `allOf` or `anyOf` member that is; or a
/// `oneOf` whose members all are (Oxide's `NameOrId`: a uuid or a name), which typify
/// makes an untagged enum that serde reads from the parameter's text.
fn is_scalar(document: &Value, schema: &Value, depth: usize) -> bool {
    let schema = resolve(document, schema);
    if depth > 8 {
        return false;
    }
    if let Some(kind) = schema["type"].as_str() {
        return matches!(kind, "string" | "integer" | "number" | "boolean");
    }
    let members = |keyword: &str| schema.get(keyword).and_then(Value::as_array);
    match (members("allOf"), members("anyOf"), members("oneOf")) {
        // dropshot looks no further into a union that also says a format or values.
        _ if schema.get("format").is_some() || schema.get("enum").is_some() => {
            schema.get("enum").is_some() && members("oneOf").is_none()
        }
        (Some(all), None, None) if all.len() == 1 => is_scalar(document, &all[0], depth + 1),
        (None, Some(any), None) if any.len() == 1 => is_scalar(document, &any[0], depth + 1),
        (None, None, Some(one)) => {
            !one.is_empty()
                && one
                    .iter()
                    .all(|member| is_scalar(document, member, depth + 1))
        }
        _ => false,
    }
}

fn schema_kind(schema: &Value) -> String {
    schema["type"]
        .as_str()
        .map(|kind| format!("an {kind}"))
        .unwrap_or_else(|| "not a scalar".to_string())
}

fn is_json(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence.ends_with("+json")
        || essence == "*/*"
        || essence == "application/*"
}

/// The request body in the extractor of its media type: JSON typed (the configured
/// extractor), form-urlencoded typed, multipart as dropshot's multipart body, anything
/// else as raw bytes. Of several media types, the first of those kinds wins.
fn request_body(
    document: &Value,
    types: &mut Types,
    source: &SourceOperation,
    prefix: &str,
    settings: &GenerationSettings,
    warnings: &mut Vec<Warning>,
) -> Result<Body, Error> {
    let Some(body) = source.operation.get("requestBody") else {
        return Ok(match (&settings.bodyless_extractor, source.method) {
            (Some(extractor), "post" | "put" | "patch") => Body::Bodyless(parse_type(extractor)?),
            _ => Body::None,
        });
    };
    let body = resolve(document, body);
    let required = body["required"] == true;
    let content = body["content"].as_object().cloned().unwrap_or_default();
    let location = format!("{} request body", source.location);
    // Any media type (`*/*`) of raw bytes is not JSON.
    let binary = |media: &str, object: &Value| {
        !media.contains("json") && object["schema"]["format"] == "binary"
    };
    let chosen = content
        .iter()
        .find(|(media, object)| is_json(media) && !binary(media, object))
        .or_else(|| {
            content
                .iter()
                .find(|(media, _)| media.starts_with("application/x-www-form-urlencoded"))
        })
        .or_else(|| {
            content
                .iter()
                .find(|(media, _)| media.starts_with("multipart/form-data"))
        })
        .or_else(|| content.iter().next());
    let Some((media, media_object)) = chosen else {
        return Ok(Body::None);
    };
    let others: Vec<&String> = content.keys().filter(|m| *m != media).collect();
    if !others.is_empty() {
        warnings.push(Warning::new(
            &location,
            format!(
                "dropshot takes one media type per operation; served as `{media}`, not as {}",
                others
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    if binary(media, media_object) {
        return Ok(Body::Untyped);
    }
    let schema = media_object.get("schema").cloned().unwrap_or(json!({}));
    let name = types.converter.claim(&format!("{prefix}Body"));
    if is_json(media) {
        let type_ref = types.request(&schema, &name, &location);
        if !required && settings.json_body_extractor != "dropshot::TypedBody" {
            warnings.push(Warning::new(
                &location,
                "the body is optional; it is read with the generated `OptionalTypedBody`, not the configured JSON body extractor",
            ));
        }
        return Ok(Body::Json { type_ref, required });
    }
    if media.starts_with("application/x-www-form-urlencoded") {
        if !required {
            warnings.push(Warning::new(
                &location,
                "an optional form body is served as required (dropshot's `TypedBody`)",
            ));
        }
        return Ok(Body::Form(types.request(&schema, &name, &location)));
    }
    if media.starts_with("multipart/form-data") {
        return Ok(Body::Multipart);
    }
    if media != "application/octet-stream" {
        warnings.push(Warning::new(
            &location,
            format!("dropshot has no typed body for `{media}`; the body is raw bytes (`UntypedBody`, described as application/octet-stream)"),
        ));
    }
    Ok(Body::Untyped)
}

/// The success response: dropshot's own type for 200, 201 and 202 with a body and for
/// 204, a generated type for any other single 2xx, and `Response<Body>` where several
/// 2xx (or none) are documented. Error responses are the error type's to describe.
fn success_response(
    document: &Value,
    types: &mut Types,
    source: &SourceOperation,
    prefix: &str,
    warnings: &mut Vec<Warning>,
) -> Response {
    let responses = source.operation["responses"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let successes: Vec<(u16, &Value)> = responses
        .iter()
        .filter_map(|(code, response)| {
            let code: u16 = code.parse().ok()?;
            (200..300)
                .contains(&code)
                .then_some((code, resolve(document, response)))
        })
        .collect();
    let location = &source.location;
    if successes.is_empty()
        && responses
            .get("default")
            .is_some_and(|d| is_freeform(document, d))
    {
        // What dropshot itself writes for a method returning `Response<Body>`.
        return Response::Freeform;
    }
    if successes.is_empty() {
        // dropshot's redirects: a status, its description and a `location` header.
        for (status, wrapper) in [
            ("302", quote! { ::dropshot::HttpResponseFound }),
            ("303", quote! { ::dropshot::HttpResponseSeeOther }),
            ("307", quote! { ::dropshot::HttpResponseTemporaryRedirect }),
        ] {
            if let Some(response) = responses.get(status).map(|r| resolve(document, r))
                && response["headers"].get("location").is_some()
            {
                return Response::Dropshot(wrapper, None);
            }
        }
    }
    // dropshot describes one success status: a `2XX` range, or a `default` documented
    // alone, is served as 200.
    let successes = if successes.is_empty() {
        let stand_in = responses
            .iter()
            .find(|(code, _)| code.eq_ignore_ascii_case("2XX"))
            .or_else(|| match responses.len() {
                // A `default` without a body says nothing of the success: any answer.
                1 => responses.iter().find(|(code, response)| {
                    *code == "default"
                        && resolve(document, response)["content"]
                            .as_object()
                            .is_some_and(|content| !content.is_empty())
                }),
                _ => None,
            });
        match stand_in {
            Some((code, response)) => {
                warnings.push(Warning::new(
                    location,
                    format!("dropshot describes one success status; `{code}` is served as 200"),
                ));
                vec![(200, resolve(document, response))]
            }
            None => successes,
        }
    } else {
        successes
    };
    let [(status, response)] = successes.as_slice() else {
        let documented: Vec<String> = responses.keys().cloned().collect();
        warnings.push(Warning::new(
            location,
            if successes.is_empty() {
                format!("no 2xx response is documented ({}); the method returns `Response<Body>`, any status and body", documented.join(", "))
            } else {
                format!("{} success responses are documented; the method returns `Response<Body>`, any status and body", successes.len())
            },
        ));
        return Response::Freeform;
    };
    let content = response["content"].as_object().cloned().unwrap_or_default();
    if is_freeform(document, response) {
        // Any bytes of any media type: dropshot's `FreeformBody`.
        let wrapper = match status {
            200 => Some(quote! { ::dropshot::HttpResponseOk }),
            201 => Some(quote! { ::dropshot::HttpResponseCreated }),
            202 => Some(quote! { ::dropshot::HttpResponseAccepted }),
            _ => None,
        };
        if let Some(wrapper) = wrapper {
            return Response::FreeformSuccess(wrapper);
        }
    }
    let body_location = format!("{location} response {status}");
    let media = content
        .iter()
        .find(|(media, _)| is_json(media))
        .or_else(|| content.iter().next());
    let body = match media {
        None => None,
        Some((media, object)) if is_json(media) => {
            let schema = object.get("schema").cloned().unwrap_or(json!({}));
            let name = types.converter.claim(&format!("{prefix}Response"));
            Some(types.request(&schema, &name, &body_location))
        }
        Some((media, _)) => {
            warnings.push(Warning::new(
                &body_location,
                format!("dropshot has no typed response for `{media}`; the method returns `Response<Body>`"),
            ));
            return Response::Freeform;
        }
    };
    if content.len() > 1 {
        warnings.push(Warning::new(
            &body_location,
            "several media types; the response is served as JSON only",
        ));
    }
    let description = response["description"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    match (status, body) {
        (200, Some(body)) => Response::Dropshot(quote! { ::dropshot::HttpResponseOk }, Some(body)),
        (201, Some(body)) => {
            Response::Dropshot(quote! { ::dropshot::HttpResponseCreated }, Some(body))
        }
        (202, Some(body)) => {
            Response::Dropshot(quote! { ::dropshot::HttpResponseAccepted }, Some(body))
        }
        // dropshot's two 204 types differ only in their description; the document's
        // says which, else the method does.
        (204, _) if description == "resource updated" => {
            Response::Dropshot(quote! { ::dropshot::HttpResponseUpdatedNoContent }, None)
        }
        (204, _) if source.method == "delete" || description == "successful deletion" => {
            Response::Dropshot(quote! { ::dropshot::HttpResponseDeleted }, None)
        }
        (204, _) => Response::Dropshot(quote! { ::dropshot::HttpResponseUpdatedNoContent }, None),
        (status, body) => {
            match status_constant(*status) {
                Some(constant) => Response::Coded {
                    status: *status,
                    constant: constant.to_string(),
                    description,
                    body,
                },
                None => {
                    warnings.push(Warning::new(location, format!("status {status} has no name in `http`; the method returns `Response<Body>`")));
                    Response::Freeform
                }
            }
        }
    }
}

/// Whether a response is any status and body as dropshot documents it: content of any
/// media type and any schema, or none.
fn is_freeform(document: &Value, response: &Value) -> bool {
    let response = resolve(document, response);
    match response.get("content").and_then(Value::as_object) {
        None => false,
        Some(content) => {
            content.len() == 1
                && content
                    .get("*/*")
                    .is_some_and(|media| media.get("schema").is_none_or(|s| s == &json!({})))
        }
    }
}

fn status_constant(status: u16) -> Option<&'static str> {
    Some(match status {
        200 => "OK",
        201 => "CREATED",
        202 => "ACCEPTED",
        203 => "NON_AUTHORITATIVE_INFORMATION",
        205 => "RESET_CONTENT",
        206 => "PARTIAL_CONTENT",
        207 => "MULTI_STATUS",
        208 => "ALREADY_REPORTED",
        226 => "IM_USED",
        _ => return None,
    })
}

/// Items a generated module defines for itself when its operations need them.
fn support_items(needed: &BTreeSet<&str>) -> TokenStream {
    let mut items = TokenStream::new();
    if needed.contains("structured_query") {
        items.extend(crate::query::support());
    }
    if needed.contains("optional_body") {
        items.extend(quote! {
            /// A JSON body the document marks optional: `None` when the request has none.
            /// Described exactly as `TypedBody<T>`, but not required.
            pub struct OptionalTypedBody<T>(pub ::std::option::Option<T>);

            impl<T> OptionalTypedBody<T> {
                pub fn into_inner(self) -> ::std::option::Option<T> {
                    self.0
                }
            }

            #[::async_trait::async_trait]
            impl<T> ::dropshot::ExclusiveExtractor for OptionalTypedBody<T>
            where
                T: ::schemars::JsonSchema + ::serde::de::DeserializeOwned + Send + Sync + 'static,
            {
                async fn from_request<Context: ::dropshot::ServerContext>(
                    rqctx: &::dropshot::RequestContext<Context>,
                    request: ::http::Request<::dropshot::Body>,
                ) -> ::std::result::Result<Self, ::dropshot::HttpError> {
                    let body = <::dropshot::UntypedBody as ::dropshot::ExclusiveExtractor>::from_request(rqctx, request).await?;
                    if body.as_bytes().is_empty() {
                        return Ok(OptionalTypedBody(None));
                    }
                    ::serde_json::from_slice(body.as_bytes())
                        .map(|value| OptionalTypedBody(Some(value)))
                        .map_err(|error| ::dropshot::HttpError::for_bad_request(None, format!("unable to parse JSON body: {error}")))
                }

                fn metadata(content_type: ::dropshot::ApiEndpointBodyContentType) -> ::dropshot::ExtractorMetadata {
                    let mut metadata = <::dropshot::TypedBody<T> as ::dropshot::ExclusiveExtractor>::metadata(content_type);
                    for parameter in &mut metadata.parameters {
                        parameter.required = false;
                    }
                    metadata
                }
            }
        });
    }
    items
}
