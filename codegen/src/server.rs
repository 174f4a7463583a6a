//! Writes a document's plan (`plan.rs`) as code: one `#[dropshot::api_description]`
//! trait with a method per operation this server hosts (typed path, query and header
//! extractors, the request body in its media type's extractor, the documented success
//! response in the return type), its `register_*` function, `served_openapi`, and the
//! items they need. What each construct becomes is decided in the plan; here it is
//! only written.

use crate::naming::{doc_attrs, snake_ident};
use crate::plan::{Body, DocumentPlan, HeaderSet, Location, OperationPlan, Query, Success};
use crate::spec::Error;
use crate::types::Types;
use crate::{GeneratedTokens, GenerationSettings, parse_type, raw_string};
use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn generate(
    document: &OpenAPI,
    settings: &GenerationSettings,
) -> Result<GeneratedTokens, Error> {
    let json = serde_json::to_value(document)
        .map_err(|error| Error::invalid("document", error.to_string()))?;
    let mut warnings = Vec::new();
    let mut types = Types::new(&json, settings, &mut warnings);
    let plan = crate::plan::plan(document, &json, &mut types, settings, &mut warnings)?;
    types.build(&mut warnings);

    let writer = Writer::new(settings, &types)?;
    let mut module = ModuleItems::default();
    let mut method_names: BTreeSet<String> = plan
        .operations
        .iter()
        .map(|operation| operation.method_ident.to_string())
        .collect();
    for (index, operation) in plan.operations.iter().enumerate() {
        writer.operation(index, operation, &plan.header_sets, &mut module);
    }
    // The routes whose requests go to several operations, after the operations.
    for (dispatcher, route_type) in &plan.dispatchers {
        writer.dispatcher(dispatcher, route_type, &mut method_names, &mut module);
    }
    let served_openapi = writer.served_openapi(
        std::mem::take(&mut module.documented),
        query_patch(&json, &plan),
    );
    let body_schemas = writer.body_schemas(&plan)?;
    let header_traits = writer.header_traits(&plan);
    let type_items = types.finish().map_err(Error::Output)?;
    let support_items = support_items(&module.support);
    let ModuleItems {
        methods,
        registrations,
        response_items,
        ..
    } = module;
    let trait_ident = &writer.trait_ident;
    let register_ident = format_ident!("register_{}", snake_ident(&settings.trait_name));
    let register_docs = format!(
        " Registers every operation of [`{}`] on `api`, each operationId after `prefix`, so one\n server can serve several documents whose operationIds overlap (dropshot cannot merge\n descriptions). The endpoints are hidden from `api`'s own OpenAPI output; the served\n document comes from `served_openapi`.",
        settings.trait_name
    );
    let mut trait_docs = format!(
        " The operations of \"{}\" {} that this server hosts.",
        plan.title, plan.version
    );
    if settings.null_as_absent {
        trait_docs.push_str(
            "\n\n An explicit `null` for an optional request property (one the document neither\n requires nor makes nullable) is taken as the property left out, by the types and by\n the body check alike (the generator's `with_null_as_absent`).",
        );
    }
    let tokens = quote! {
        #type_items
        #(#header_traits)*
        #(#body_schemas)*
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

/// What the operations add to the module, item by item.
#[derive(Default)]
struct ModuleItems {
    /// The trait's methods: endpoints, channels, dispatched operations, dispatchers.
    methods: Vec<TokenStream>,
    /// `register_*`'s statements.
    registrations: Vec<TokenStream>,
    /// Response types of their own, and the dispatchers' route structs.
    response_items: Vec<TokenStream>,
    /// Support items the module defines for itself (`support_items`).
    support: BTreeSet<&'static str>,
    /// Dispatched operations by index: how their dispatcher calls them.
    calls: BTreeMap<usize, crate::routes::Call>,
    /// Dispatched operations' endpoints for the served document, with their paths.
    documented: Vec<(String, TokenStream)>,
}

/// Writes a [`crate::plan::DocumentPlan`] as code, with the settings' types parsed.
struct Writer<'a> {
    settings: &'a GenerationSettings,
    types: &'a Types,
    trait_ident: proc_macro2::Ident,
    error_type: TokenStream,
    json_extractor: TokenStream,
    /// The configured header extractor and the trait its header types implement.
    header_extractor: Option<(TokenStream, TokenStream)>,
    response_wrapper: Option<TokenStream>,
}

impl<'a> Writer<'a> {
    fn new(settings: &'a GenerationSettings, types: &'a Types) -> Result<Self, Error> {
        let header_extractor = match &settings.header_extractor {
            Some(custom) => Some((
                parse_type(&custom.extractor)?,
                parse_type(&custom.required_trait)?,
            )),
            None => None,
        };
        let response_wrapper = match &settings.response_wrapper {
            Some(wrapper) => Some(parse_type(wrapper)?),
            None => None,
        };
        Ok(Writer {
            settings,
            types,
            trait_ident: format_ident!("{}", settings.trait_name),
            error_type: parse_type(&settings.error_type)?,
            json_extractor: parse_type(&settings.json_body_extractor)?,
            header_extractor,
            response_wrapper,
        })
    }

    /// The method's arguments after `rqctx`: the head's extractors in the order the
    /// document first names each location, then the body's.
    fn arguments(
        &self,
        operation: &OperationPlan,
        header_sets: &[HeaderSet],
        module: &mut ModuleItems,
    ) -> Vec<crate::routes::Argument> {
        let types = self.types;
        let mut head = Vec::new();
        if let Some(path) = operation.path_params {
            let ty = types.tokens(path);
            head.push((
                operation.first_position(Location::Path),
                argument("path", quote! { ::dropshot::Path<#ty> }, false),
            ));
        }
        let query = match &operation.query {
            Query::None => None,
            Query::Plain(query) if !operation.structured_query.is_empty() => {
                let ty = types.tokens(*query);
                module.support.insert("structured_query");
                module.response_items.push(crate::query::parameters_impl(
                    &ty,
                    &operation.structured_query,
                ));
                Some(quote! { StructuredQuery<#ty> })
            }
            Query::Plain(query) => {
                let ty = types.tokens(*query);
                Some(quote! { ::dropshot::Query<#ty> })
            }
            Query::Paginated(scan) => {
                let scan = match scan {
                    Some(scan) => types.tokens(*scan),
                    None => quote! { ::dropshot::EmptyScanParams },
                };
                Some(
                    quote! { ::dropshot::Query<::dropshot::PaginationParams<#scan, ::serde_json::Value>> },
                )
            }
        };
        if let Some(query) = query {
            head.push((
                operation.first_position(Location::Query),
                argument("query", query, false),
            ));
        }
        if let Some(index) = operation.headers {
            let ty = types.tokens(header_sets[index].type_ref);
            let extractor = match &self.header_extractor {
                Some((extractor, _)) => quote! { #extractor<#ty> },
                None => quote! { ::dropshot::Header<#ty> },
            };
            head.push((
                operation.first_position(Location::Header),
                argument("headers", extractor, false),
            ));
        }
        head.sort_by_key(|(position, _)| *position);
        let mut arguments: Vec<_> = head.into_iter().map(|(_, argument)| argument).collect();
        let json_extractor = &self.json_extractor;
        let body = match &operation.body {
            Body::None => None,
            Body::Bodyless(extractor) => Some(extractor.clone()),
            Body::Json {
                type_ref,
                required: true,
            } => {
                let ty = types.tokens(*type_ref);
                Some(quote! { #json_extractor<#ty> })
            }
            Body::Json {
                type_ref,
                required: false,
            } => {
                let ty = types.tokens(*type_ref);
                module.support.insert("optional_body");
                Some(quote! { OptionalTypedBody<#ty> })
            }
            Body::Form(type_ref) => {
                let ty = types.tokens(*type_ref);
                Some(quote! { ::dropshot::TypedBody<#ty> })
            }
            Body::Multipart => Some(quote! { ::dropshot::MultipartBody }),
            Body::Untyped => Some(quote! { ::dropshot::UntypedBody }),
        };
        if let Some(body) = body {
            arguments.push(argument("body", body, true));
        }
        arguments
    }

    /// The success type the method returns, wrapped as the settings say; a response type
    /// of its own joins the module's items.
    fn success_type(&self, operation: &OperationPlan, module: &mut ModuleItems) -> TokenStream {
        let types = self.types;
        let success = match &operation.success {
            Success::Dropshot(wrapper, Some(body)) => {
                let body = types.tokens(*body);
                quote! { #wrapper<#body> }
            }
            Success::Dropshot(wrapper, None) => wrapper.clone(),
            Success::Coded {
                status,
                constant,
                description,
                body,
            } => {
                let operation_id = &operation.source.operation_id;
                let ident = format_ident!(
                    "{}Response{}",
                    crate::schema::type_name(operation_id),
                    status
                );
                module.response_items.push(coded_response(
                    &ident,
                    *status,
                    constant,
                    description,
                    operation_id,
                    body.map(|body| types.tokens(body)),
                ));
                quote! { #ident }
            }
            Success::Freeform => quote! { ::http::Response<::dropshot::Body> },
            Success::Page(item) => {
                let item = types.tokens(*item);
                quote! { ::dropshot::HttpResponseOk<::dropshot::ResultsPage<#item>> }
            }
            Success::FreeformBytes(wrapper) => quote! { #wrapper<::dropshot::FreeformBody> },
        };
        match &self.response_wrapper {
            Some(wrapper) => quote! { #wrapper<#success> },
            None => success,
        }
    }

    /// One operation: an endpoint (or channel) of the trait and its registration, or,
    /// where a dispatcher reaches it, a plain method and its endpoint for the document.
    fn operation(
        &self,
        index: usize,
        operation: &OperationPlan,
        header_sets: &[HeaderSet],
        module: &mut ModuleItems,
    ) {
        let source = &operation.source;
        let arguments = self.arguments(operation, header_sets, module);
        let response = self.success_type(operation, module);
        let error_type = match operation.error {
            Some(body) => {
                module.support.insert("documented_error");
                let body = self.types.tokens(body);
                quote! { DocumentedError<#body> }
            }
            None => self.error_type.clone(),
        };
        let method_ident = &operation.method_ident;
        let http_method = format_ident!("{}", source.method.to_uppercase());
        let path = &operation.route.path;
        let operation_id = &source.operation_id;
        let content_type = operation.body.content_type();
        let tags = &source.operation.tags;
        let summary = source.operation.summary.as_deref().unwrap_or_default();
        let description = source.operation.description.as_deref().unwrap_or_default();
        let deprecated = source.operation.deprecated;
        let signature: Vec<TokenStream> = arguments
            .iter()
            .map(|argument| {
                let (name, ty) = (&argument.name, &argument.ty);
                quote! { #name: #ty }
            })
            .collect();
        if operation.route.dispatched {
            // Not an endpoint: dropshot cannot register the path beside its neighbours,
            // so a dispatcher calls it; `Send` as dropshot's own endpoints are.
            let first = if summary.is_empty() {
                format!("{} {path}", source.method.to_uppercase())
            } else {
                summary.to_string()
            };
            let reached = format!(
                "Reached through the route `{} {}`, which dropshot serves for several paths.",
                source.method.to_uppercase(),
                operation.route.route,
            );
            let paragraphs: Vec<&str> = [first.as_str(), description, reached.as_str()]
                .into_iter()
                .filter(|paragraph| !paragraph.trim().is_empty())
                .collect();
            let docs = doc_attrs(Some(&paragraphs.join("\n\n")));
            module.methods.push(quote! {
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
            for tag in tags {
                endpoint.extend(quote! { .tag(#tag) });
            }
            if deprecated {
                endpoint.extend(quote! { .deprecated(true) });
            }
            module.documented.push((path.clone(), endpoint));
            module.calls.insert(
                index,
                crate::routes::Call {
                    method_ident: method_ident.clone(),
                    operation_id: operation_id.clone(),
                    content_type,
                    arguments,
                    route_variables: operation.route.route_variables.clone(),
                },
            );
            return;
        }
        let docs = doc_attrs(Some(&format!("{summary}\n\n{description}")));
        let deprecated = deprecated.then(|| quote! { deprecated = true, });
        let content_type_attr =
            (content_type != "application/json").then(|| quote! { content_type = #content_type, });
        // dropshot reads the attribute's list whatever its delimiter; in parentheses
        // prettyplease prints it on one line, as a person writes it.
        if operation.websocket {
            module.methods.push(quote! {
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
            return;
        }
        module.methods.push(quote! {
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
        module.registrations.push(registration(
            &self.trait_ident,
            method_ident,
            operation_id,
            &http_method,
            content_type,
            path,
        ));
    }

    /// A route whose requests go to several operations: its struct, its method and its
    /// registration.
    fn dispatcher(
        &self,
        dispatcher: &crate::routes::Dispatcher,
        route_type: &str,
        method_names: &mut BTreeSet<String>,
        module: &mut ModuleItems,
    ) {
        let route_type = format_ident!("{}", route_type);
        let name = dispatcher_method_name(dispatcher, method_names);
        module
            .response_items
            .push(crate::routes::route_struct(&route_type, dispatcher));
        module.methods.push(crate::routes::dispatcher_method(
            dispatcher,
            &name,
            &route_type,
            &module.calls,
            &self.error_type,
            self.settings.error_type.trim_start_matches("::") == "dropshot::HttpError",
        ));
        let http_method = format_ident!("{}", dispatcher.method.to_uppercase());
        module.registrations.push(registration(
            &self.trait_ident,
            &name,
            &name.to_string(),
            &http_method,
            "application/json",
            &dispatcher.path,
        ));
    }

    /// `served_openapi`, with the dispatched operations' endpoints in as few descriptions
    /// of their own as dropshot's router allows.
    fn served_openapi(
        &self,
        documented: Vec<(String, TokenStream)>,
        query_patch: TokenStream,
    ) -> TokenStream {
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
        let module = format_ident!("{}_mod", snake_ident(&self.settings.trait_name).to_string());
        crate::routes::served_openapi(&self.settings.trait_name, &module, &layers, query_patch)
    }

    /// One schema per body type, however many operations take it; the components they
    /// refer to once, shared by all.
    fn body_schemas(&self, plan: &DocumentPlan) -> Result<Vec<TokenStream>, Error> {
        let Some(schema_trait) = &self.settings.body_schema_trait else {
            return Ok(Vec::new());
        };
        let schema_trait = parse_type(schema_trait)?;
        let mut seen = BTreeSet::new();
        let mut roots = Vec::new();
        for operation in &plan.operations {
            let Body::Json { type_ref, .. } = &operation.body else {
                continue;
            };
            let ty = self.types.tokens(*type_ref);
            if !seen.insert(ty.to_string()) {
                continue;
            }
            let schema = self
                .types
                .validation_schema(*type_ref)
                .unwrap_or(json!(true));
            roots.push((ty, schema));
        }
        let mut items = Vec::new();
        if !roots.is_empty() {
            let schemas: Vec<Value> = roots.iter().map(|(_, schema)| schema.clone()).collect();
            let components = raw_string(&Value::Object(self.types.validation_components(&schemas)));
            items.push(quote! {
                /// The document's component schemas that request bodies refer to, as the body
                /// check reads them: every body type's `COMPONENTS`.
                pub const COMPONENTS_SCHEMA: &str = #components;
            });
        }
        for (ty, schema) in roots {
            let schema = raw_string(&schema);
            items.push(quote! {
                impl #schema_trait for #ty {
                    const SCHEMA: &'static str = #schema;
                    const COMPONENTS: &'static str = COMPONENTS_SCHEMA;
                }
            });
        }
        Ok(items)
    }

    /// The configured header extractor's trait for each header set: the names required.
    fn header_traits(&self, plan: &DocumentPlan) -> Vec<TokenStream> {
        let Some((_, required_trait)) = &self.header_extractor else {
            return Vec::new();
        };
        plan.header_sets
            .iter()
            .map(|set| {
                let ty = self.types.tokens(set.type_ref);
                let required = &set.required;
                quote! {
                    impl #required_trait for #ty {
                        const REQUIRED: &'static [&'static str] = &[#(#required),*];
                    }
                }
            })
            .collect()
    }
}

/// What `served_openapi` puts back of the array and object query parameters that
/// dropshot knows as strings: each as the document writes it.
fn query_patch(json: &Value, plan: &DocumentPlan) -> TokenStream {
    let structured: Vec<(String, &str, &[crate::query::Parameter])> = plan
        .operations
        .iter()
        .filter(|operation| {
            matches!(operation.query, Query::Plain(_)) && !operation.structured_query.is_empty()
        })
        .map(|operation| {
            (
                operation.route.path.clone(),
                operation.source.method,
                operation.structured_query.as_slice(),
            )
        })
        .collect();
    crate::query::served_patch(json, &structured)
}

/// A response type of its own for a success status dropshot has no type for.
fn coded_response(
    ident: &proc_macro2::Ident,
    status: u16,
    constant: &str,
    description: &str,
    operation_id: &str,
    body: Option<TokenStream>,
) -> TokenStream {
    let constant = format_ident!("{}", constant);
    let docs = format!(" The {status} response of `{operation_id}`.");
    let (field, body_type, value) = match body {
        Some(body) => (quote! { (pub #body) }, body, quote! { response.0 }),
        // dropshot documents a freeform body as no content at all.
        None => (
            quote! {},
            quote! { ::dropshot::FreeformBody },
            quote! { ::dropshot::FreeformBody(::dropshot::Body::empty()) },
        ),
    };
    let semicolon = quote! { ; };
    quote! {
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
    }
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

/// `route_get_pets_by_pet_id`, unless an operation's method has that name.
fn dispatcher_method_name(
    dispatcher: &crate::routes::Dispatcher,
    taken: &mut BTreeSet<String>,
) -> proc_macro2::Ident {
    let base = crate::plan::derived_operation_id(
        &format!("route_{}", dispatcher.method),
        &dispatcher.path,
    );
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}_{n}");
        n += 1;
    }
    format_ident!("{}", name)
}

/// Items a generated module defines for itself when its operations need them.
fn support_items(needed: &BTreeSet<&str>) -> TokenStream {
    let mut items = TokenStream::new();
    if needed.contains("structured_query") {
        items.extend(crate::query::support());
    }
    if needed.contains("documented_error") {
        items.extend(quote! {
            /// The error of an operation whose error answers the document gives a schema of
            /// their own (`T`), as a dropshot endpoint with its own error type: the method
            /// answers `Documented` with the status it chooses; a request dropshot refuses
            /// before the method runs (a path or query it cannot read) is answered
            /// `Dropshot`, with dropshot's `message` and `error_code`, which `T` need not
            /// describe.
            #[derive(Debug)]
            pub enum DocumentedError<T> {
                /// An answer as the document describes it.
                Documented {
                    status: ::dropshot::ErrorStatusCode,
                    body: T,
                },
                /// dropshot's own error.
                Dropshot(::dropshot::HttpError),
            }

            impl<T> DocumentedError<T> {
                /// An answer of `status` with the documented `body`.
                pub fn new(status: ::dropshot::ErrorStatusCode, body: T) -> Self {
                    DocumentedError::Documented { status, body }
                }
            }

            impl<T> ::std::convert::From<::dropshot::HttpError> for DocumentedError<T> {
                fn from(error: ::dropshot::HttpError) -> Self {
                    DocumentedError::Dropshot(error)
                }
            }

            impl<T> ::std::fmt::Display for DocumentedError<T> {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        DocumentedError::Documented { status, .. } => {
                            write!(f, "answered {status} as the document describes")
                        }
                        DocumentedError::Dropshot(error) => ::std::fmt::Display::fmt(error, f),
                    }
                }
            }

            impl<T: ::serde::Serialize> ::serde::Serialize for DocumentedError<T> {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    match self {
                        DocumentedError::Documented { body, .. } => body.serialize(serializer),
                        DocumentedError::Dropshot(error) => ::serde_json::json!({
                            "message": error.external_message,
                            "error_code": error.error_code,
                        })
                        .serialize(serializer),
                    }
                }
            }

            /// Described as `T`: the document's schema, under its own name.
            impl<T: ::schemars::JsonSchema> ::schemars::JsonSchema for DocumentedError<T> {
                fn schema_name() -> ::std::string::String {
                    T::schema_name()
                }

                fn json_schema(generator: &mut ::schemars::r#gen::SchemaGenerator) -> ::schemars::schema::Schema {
                    T::json_schema(generator)
                }
            }

            impl<T> ::dropshot::HttpResponseError for DocumentedError<T>
            where
                T: ::schemars::JsonSchema + ::serde::Serialize + Send + Sync + 'static,
            {
                fn status_code(&self) -> ::dropshot::ErrorStatusCode {
                    match self {
                        DocumentedError::Documented { status, .. } => *status,
                        DocumentedError::Dropshot(error) => error.status_code,
                    }
                }
            }
        });
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
