//! Where each operation is served. dropshot's router holds, at one position of the path
//! tree, either literal segments or one variable, never both, and one name per
//! variable; documents put `/contacts/search` beside `/contacts/{id}` all the time. Such
//! a position becomes one variable route whose generated dispatcher hands each request
//! to the operation whose path it matches (the most literal one first), and those
//! operations are listed in the served document under their own paths, from
//! descriptions dropshot can hold beside each other ([`layers`]).

use crate::Warning;
use crate::naming::{doc_attrs, snake_ident};
use openapiv3::{
    Parameter, ParameterData, ParameterSchemaOrContent, PathStyle, ReferenceOr, Schema, SchemaKind,
    Type,
};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

/// A segment of a path as the document writes it.
#[derive(Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Variable(String),
}

/// Where one operation is served.
pub(crate) struct OperationRoute {
    /// The path the served document lists the operation under.
    pub path: String,
    /// Path variables the served document names otherwise: own name → served name.
    pub renamed: BTreeMap<String, String>,
    /// The route dropshot registers it under (its path, but for renamed variables,
    /// unless `dispatched`).
    pub route: String,
    /// Whether a dispatcher on `route` calls it, dropshot being unable to register the
    /// path as written.
    pub dispatched: bool,
    /// For a dispatched operation: each of its (served) variables and the route's
    /// variable at the same position.
    pub route_variables: Vec<(String, String)>,
}

/// One registered route and method whose requests go to several operations.
pub(crate) struct Dispatcher {
    pub path: String,
    pub method: &'static str,
    /// The route's variables, in path order.
    pub variables: Vec<String>,
    /// In match order: the most literal path first.
    pub arms: Vec<Arm>,
}

pub(crate) struct Arm {
    /// For each of the route's variables: the literal it must equal, or any.
    pub patterns: Vec<Option<String>>,
    /// The path as the document writes it.
    pub path: String,
    pub target: Target,
}

pub(crate) enum Target {
    /// The index of the operation (in the order given to [`plan`]).
    Operation(usize),
    /// The path has no operation for this method: these are the ones it has.
    MethodNotAllowed(Vec<&'static str>),
}

pub(crate) struct Routes {
    pub operations: Vec<OperationRoute>,
    pub dispatchers: Vec<Dispatcher>,
}

/// `operations` are (path, method, location) in document order.
pub(crate) fn plan(
    operations: &[(&str, &'static str, &str)],
    warnings: &mut Vec<Warning>,
) -> Routes {
    let parsed: Vec<Vec<Segment>> = operations
        .iter()
        .map(|(path, _, location)| parse(path, location, warnings))
        .collect();
    let mut routes: Vec<Vec<Segment>> = vec![Vec::new(); operations.len()];
    let mut collapsed = vec![false; operations.len()];
    let all: Vec<usize> = (0..operations.len()).collect();
    assign(
        &all,
        0,
        &mut Vec::new(),
        &parsed,
        &mut routes,
        &mut collapsed,
    );

    // A route with an operation whose literal became the route's variable dispatches.
    let mut by_route: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, route) in routes.iter().enumerate() {
        by_route.entry(join(route)).or_default().push(index);
    }
    let dispatched_routes: BTreeSet<&String> = by_route
        .iter()
        .filter(|(_, members)| members.iter().any(|&i| collapsed[i]))
        .map(|(route, _)| route)
        .collect();

    let mut result = Vec::new();
    for (index, own) in parsed.iter().enumerate() {
        let route = &routes[index];
        let location = operations[index].2;
        let mut renamed = BTreeMap::new();
        if dispatched_routes.contains(&join(route)) {
            // Listed under its own path: only a name this path repeats is numbered.
            let mut used = BTreeSet::new();
            let mut served = Vec::new();
            let mut route_variables = Vec::new();
            for (segment, routed) in own.iter().zip(route) {
                match (segment, routed) {
                    (Segment::Variable(name), Segment::Variable(route_name)) => {
                        let unique = numbered(name, &used);
                        used.insert(unique.clone());
                        if &unique != name {
                            renamed_warning(location, name, &unique, true, warnings);
                            renamed.insert(name.clone(), unique.clone());
                        }
                        route_variables.push((unique.clone(), route_name.clone()));
                        served.push(Segment::Variable(unique));
                    }
                    (segment, _) => served.push(segment.clone()),
                }
            }
            result.push(OperationRoute {
                path: join(&served),
                route: join(route),
                renamed,
                dispatched: true,
                route_variables,
            });
        } else {
            for (segment, routed) in own.iter().zip(route) {
                if let (Segment::Variable(name), Segment::Variable(served)) = (segment, routed)
                    && name != served
                {
                    // Its own name numbered (an earlier position of the route took it),
                    // or the name another path gave this position.
                    let repeated = served
                        .strip_prefix(name.as_str())
                        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
                    renamed_warning(location, name, served, repeated, warnings);
                    renamed.insert(name.clone(), served.clone());
                }
            }
            result.push(OperationRoute {
                path: join(route),
                route: join(route),
                renamed,
                dispatched: false,
                route_variables: Vec::new(),
            });
        }
    }

    let mut dispatchers = Vec::new();
    for route in dispatched_routes {
        let members = &by_route[route];
        let variables: Vec<String> = routes[members[0]]
            .iter()
            .filter_map(|segment| match segment {
                Segment::Variable(name) => Some(name.clone()),
                Segment::Literal(_) => None,
            })
            .collect();
        // The document's paths at this route, each with its literals where the route
        // has variables; the most literal first, position by position.
        let mut paths: Vec<(Vec<Option<String>>, &str)> = Vec::new();
        for &index in members {
            let patterns: Vec<Option<String>> = parsed[index]
                .iter()
                .zip(&routes[index])
                .filter(|(_, routed)| matches!(routed, Segment::Variable(_)))
                .map(|(segment, _)| match segment {
                    Segment::Literal(literal) => Some(literal.clone()),
                    Segment::Variable(_) => None,
                })
                .collect();
            if !paths.iter().any(|(existing, _)| existing == &patterns) {
                paths.push((patterns, operations[index].0));
            } else if !paths.iter().any(|(_, path)| *path == operations[index].0) {
                warnings.push(Warning::new(
                    operations[index].2,
                    "another path of the same shape (its variables named otherwise) comes first; no request reaches this operation",
                ));
            }
        }
        paths.sort_by_key(|(patterns, _)| patterns.iter().map(Option::is_none).collect::<Vec<_>>());
        let mut methods: Vec<&'static str> = Vec::new();
        for &index in members {
            if !methods.contains(&operations[index].1) {
                methods.push(operations[index].1);
            }
        }
        for method in methods {
            let arms = paths
                .iter()
                .map(|(patterns, path)| {
                    let on_path: Vec<usize> = members
                        .iter()
                        .copied()
                        .filter(|&i| operations[i].0 == *path)
                        .collect();
                    let target = match on_path.iter().find(|&&i| operations[i].1 == method) {
                        Some(&index) => Target::Operation(index),
                        None => Target::MethodNotAllowed(
                            on_path.iter().map(|&i| operations[i].1).collect(),
                        ),
                    };
                    Arm {
                        patterns: patterns.clone(),
                        path: path.to_string(),
                        target,
                    }
                })
                .collect();
            dispatchers.push(Dispatcher {
                path: route.clone(),
                method,
                variables: variables.clone(),
                arms,
            });
        }
    }
    Routes {
        operations: result,
        dispatchers,
    }
}

/// The served route of every operation in `members` (all sharing the route's first
/// `depth` segments, `prefix`): a position where any of them has a variable is that
/// variable for all of them (named as the first there names it, numbered if the prefix
/// took that name), and the literals there are `collapsed`.
fn assign(
    members: &[usize],
    depth: usize,
    prefix: &mut Vec<Segment>,
    parsed: &[Vec<Segment>],
    routes: &mut [Vec<Segment>],
    collapsed: &mut [bool],
) {
    let mut rest = Vec::new();
    for &index in members {
        if parsed[index].len() == depth {
            routes[index] = prefix.clone();
        } else {
            rest.push(index);
        }
    }
    let variable = rest.iter().find_map(|&i| match &parsed[i][depth] {
        Segment::Variable(name) => Some(name.clone()),
        Segment::Literal(_) => None,
    });
    if let Some(name) = variable {
        let used: BTreeSet<String> = prefix
            .iter()
            .filter_map(|segment| match segment {
                Segment::Variable(name) => Some(name.clone()),
                Segment::Literal(_) => None,
            })
            .collect();
        for &index in &rest {
            if matches!(parsed[index][depth], Segment::Literal(_)) {
                collapsed[index] = true;
            }
        }
        prefix.push(Segment::Variable(numbered(&name, &used)));
        assign(&rest, depth + 1, prefix, parsed, routes, collapsed);
        prefix.pop();
        return;
    }
    let mut literals: Vec<(&str, Vec<usize>)> = Vec::new();
    for &index in &rest {
        let Segment::Literal(literal) = &parsed[index][depth] else {
            continue;
        };
        match literals.iter_mut().find(|(l, _)| l == literal) {
            Some((_, group)) => group.push(index),
            None => literals.push((literal, vec![index])),
        }
    }
    for (literal, group) in literals {
        prefix.push(Segment::Literal(literal.to_string()));
        assign(&group, depth + 1, prefix, parsed, routes, collapsed);
        prefix.pop();
    }
}

/// Which of `operations` (the dispatched ones' served paths) each description lists,
/// so that no description holds a literal beside a variable or two names at one
/// position: the first that can take it.
pub(crate) fn layers(paths: &[&str]) -> Vec<usize> {
    enum Edge {
        Literals,
        Variable(String),
    }
    let mut layers: Vec<BTreeMap<Vec<String>, Edge>> = Vec::new();
    let mut result = Vec::new();
    for path in paths {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let fits = |layer: &BTreeMap<Vec<String>, Edge>| {
            segments.iter().enumerate().all(|(depth, segment)| {
                let prefix: Vec<String> = segments[..depth].iter().map(|s| s.to_string()).collect();
                match (variable_name(segment), layer.get(&prefix)) {
                    (_, None) => true,
                    (None, Some(Edge::Literals)) => true,
                    (Some(name), Some(Edge::Variable(existing))) => name == existing,
                    _ => false,
                }
            })
        };
        let index = match layers.iter().position(fits) {
            Some(index) => index,
            None => {
                layers.push(BTreeMap::new());
                layers.len() - 1
            }
        };
        for (depth, segment) in segments.iter().enumerate() {
            let prefix: Vec<String> = segments[..depth].iter().map(|s| s.to_string()).collect();
            layers[index]
                .entry(prefix)
                .or_insert(match variable_name(segment) {
                    Some(name) => Edge::Variable(name.to_string()),
                    None => Edge::Literals,
                });
        }
        result.push(index);
    }
    result
}

/// dropshot serves a path's variables exactly as its path parameters: a variable the
/// document declares elsewhere (`in: query`) becomes the path parameter, one it does
/// not declare at all a string one, and a declared path parameter the path does not
/// hold (or holds inside a segment beside another) is left out; each with a warning.
pub(crate) fn complete_path_parameters(
    path: &str,
    parameters: &mut Vec<Parameter>,
    location: &str,
    warnings: &mut Vec<Warning>,
) {
    let variables: Vec<String> = parse(path, location, &mut Vec::new())
        .into_iter()
        .filter_map(|segment| match segment {
            Segment::Variable(name) => Some(name),
            Segment::Literal(_) => None,
        })
        .collect();
    let is_path = |parameter: &Parameter| matches!(parameter, Parameter::Path { .. });
    for variable in &variables {
        if parameters
            .iter()
            .any(|p| is_path(p) && &p.parameter_data_ref().name == variable)
        {
            continue;
        }
        let declared = parameters
            .iter()
            .position(|p| &p.parameter_data_ref().name == variable);
        let parameter_data = match declared {
            Some(index) => {
                let declared = parameters.remove(index);
                warnings.push(Warning::new(
                    location,
                    format!("`{{{variable}}}` is in the path but declared `in: {}`; it is served as the path parameter", crate::plan::Location::of(&declared).as_str()),
                ));
                let mut data = declared.parameter_data();
                data.required = true;
                data
            }
            None => {
                warnings.push(Warning::new(
                    location,
                    format!("`{{{variable}}}` is in the path but not declared; it is served as a string path parameter"),
                ));
                ParameterData {
                    name: variable.clone(),
                    description: None,
                    required: true,
                    deprecated: None,
                    format: ParameterSchemaOrContent::Schema(ReferenceOr::Item(Schema {
                        schema_data: Default::default(),
                        schema_kind: SchemaKind::Type(Type::String(Default::default())),
                    })),
                    example: None,
                    examples: Default::default(),
                    explode: None,
                    extensions: Default::default(),
                }
            }
        };
        let parameter = Parameter::Path {
            parameter_data,
            style: PathStyle::Simple,
        };
        match declared {
            Some(index) => parameters.insert(index, parameter),
            None => parameters.push(parameter),
        }
    }
    parameters.retain(|p| {
        if !is_path(p) {
            return true;
        }
        let name = &p.parameter_data_ref().name;
        let held = variables.iter().any(|v| v == name);
        if !held {
            warnings.push(Warning::new(
                location,
                format!("the path parameter `{name}` is not a whole segment of the path; it is left out of the method's signature"),
            ));
        }
        held
    });
}

/// `id` for the whole segment `{id}` (not for `{file}.{ext}`).
fn variable_name(segment: &str) -> Option<&str> {
    segment
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .filter(|name| !name.contains(['{', '}']))
}

/// The path's segments; a variable inside a segment (`{name}.json`) is the whole
/// segment, since dropshot matches whole segments only.
fn parse(path: &str, location: &str, warnings: &mut Vec<Warning>) -> Vec<Segment> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|segment| {
            if let Some(name) = variable_name(segment) {
                Segment::Variable(name.to_string())
            } else if let (Some(start), Some(end)) = (segment.find('{'), segment.find('}')) {
                let name = segment[start + 1..end.max(start + 1)].to_string();
                warnings.push(Warning::new(
                    location,
                    format!("dropshot matches whole path segments only; `{segment}` is served as the variable `{{{name}}}` holding the whole segment"),
                ));
                Segment::Variable(name)
            } else {
                Segment::Literal(segment.to_string())
            }
        })
        .collect()
}

fn join(segments: &[Segment]) -> String {
    let text: Vec<String> = segments
        .iter()
        .map(|segment| match segment {
            Segment::Literal(literal) => literal.clone(),
            Segment::Variable(name) => format!("{{{name}}}"),
        })
        .collect();
    format!("/{}", text.join("/"))
}

/// `name`, or `name2`, `name3`, … where `used` has it.
fn numbered(name: &str, used: &BTreeSet<String>) -> String {
    let mut own = name.to_string();
    let mut n = 2;
    while used.contains(&own) {
        own = format!("{name}{n}");
        n += 1;
    }
    own
}

fn renamed_warning(
    location: &str,
    name: &str,
    served: &str,
    repeated: bool,
    warnings: &mut Vec<Warning>,
) {
    warnings.push(Warning::new(
        location,
        if repeated {
            format!("dropshot needs distinct variable names in one path; `{{{name}}}` is served as `{{{served}}}`")
        } else {
            format!("dropshot needs one name per path position; `{{{name}}}` is served as `{{{served}}}`")
        },
    ));
}

/// One argument of an operation's method: its name, its type, and whether it reads the
/// body (dropshot's exclusive extractors) rather than the request's head.
pub(crate) struct Argument {
    pub name: Ident,
    pub ty: TokenStream,
    pub exclusive: bool,
}

/// What a dispatcher needs of an operation to call its method.
pub(crate) struct Call {
    pub method_ident: Ident,
    pub operation_id: String,
    pub content_type: &'static str,
    pub arguments: Vec<Argument>,
    pub route_variables: Vec<(String, String)>,
}

/// The route's variables as dropshot decodes them, for the dispatcher to match on.
pub(crate) fn route_struct(name: &Ident, dispatcher: &Dispatcher) -> TokenStream {
    let docs = format!(" The variables of the route `{}`.", dispatcher.path);
    let fields = route_fields(dispatcher);
    let fields = fields.iter().map(|(wire, field)| {
        quote! {
            #[serde(rename = #wire)]
            pub #field: ::std::string::String,
        }
    });
    quote! {
        #[doc = #docs]
        #[derive(::serde::Deserialize, ::schemars::JsonSchema)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn route_fields(dispatcher: &Dispatcher) -> Vec<(String, Ident)> {
    let mut used = BTreeSet::new();
    dispatcher
        .variables
        .iter()
        .map(|wire| {
            let base = snake_ident(wire).to_string();
            let mut field = base.clone();
            let mut n = 2;
            while !used.insert(field.clone()) {
                field = format!("{base}_{n}");
                n += 1;
            }
            (wire.clone(), format_ident!("{}", field))
        })
        .collect()
}

/// The dispatcher as a trait method with its body: an unpublished endpoint on the route
/// that matches the request's segments against each path's literals, gives the chosen
/// operation its own path variables, content type and operationId, extracts its
/// arguments and calls its method.
pub(crate) fn dispatcher_method(
    dispatcher: &Dispatcher,
    name: &Ident,
    route_type: &Ident,
    calls: &BTreeMap<usize, Call>,
    error_type: &TokenStream,
    is_http_error: bool,
) -> TokenStream {
    // dropshot's own errors become the error type (`From<HttpError>`, as dropshot requires).
    let into = (!is_http_error).then(|| quote! { .into() });
    let http_method = format_ident!("{}", dispatcher.method.to_uppercase());
    let path = &dispatcher.path;
    let operation_id = name.to_string();
    let targets: Vec<String> = dispatcher
        .arms
        .iter()
        .filter_map(|arm| match arm.target {
            Target::Operation(index) => Some(format!(
                "- `{}` for `{}`",
                calls.get(&index)?.method_ident,
                arm.path
            )),
            Target::MethodNotAllowed(_) => None,
        })
        .collect();
    let docs = format!(
        "Routes `{} {path}`, whose paths dropshot's router cannot hold beside each other:\n{}\n\nGenerated: implement those methods, not this one.",
        dispatcher.method.to_uppercase(),
        targets.join("\n")
    );
    let docs = doc_attrs(Some(&docs));
    let fields = route_fields(dispatcher);
    let scrutinee: Vec<TokenStream> = fields
        .iter()
        .map(|(_, field)| quote! { route.#field.as_str() })
        .collect();
    let mut needs_request = false;
    let mut needs_variables = false;
    let mut arms = Vec::new();
    for arm in &dispatcher.arms {
        let patterns: Vec<TokenStream> = arm
            .patterns
            .iter()
            .map(|pattern| match pattern {
                Some(literal) => quote! { #literal },
                None => quote! { _ },
            })
            .collect();
        let body = match &arm.target {
            Target::MethodNotAllowed(allowed) => {
                let allowed = allowed
                    .iter()
                    .map(|m| m.to_uppercase())
                    .collect::<Vec<_>>()
                    .join(", ");
                quote! {
                    Err(::dropshot::HttpError::for_client_error_with_status(
                        None,
                        ::dropshot::ClientErrorStatusCode::METHOD_NOT_ALLOWED,
                    )
                    .with_header(::http::header::ALLOW, #allowed)
                    .map_err(|error| ::dropshot::HttpError::for_internal_error(error.to_string()))?
                    #into)
                }
            }
            Target::Operation(index) => {
                let Some(call) = calls.get(index) else {
                    continue;
                };
                let operation_id = &call.operation_id;
                let mut statements =
                    vec![quote! { rqctx.endpoint.operation_id = #operation_id.to_string(); }];
                if !call.route_variables.is_empty() {
                    needs_variables = true;
                    let pairs = call
                        .route_variables
                        .iter()
                        .map(|(own, route)| quote! { (#own, #route) });
                    statements.push(quote! {
                        for (own, route) in [#(#pairs),*] {
                            if let Some(value) = variables.remove(route) {
                                rqctx.endpoint.variables.insert(own.to_string(), value);
                            }
                        }
                    });
                }
                let content_type = match call.content_type {
                    "application/x-www-form-urlencoded" => Some(quote! { UrlEncoded }),
                    "multipart/form-data" => Some(quote! { MultipartFormData }),
                    "application/octet-stream" => Some(quote! { Bytes }),
                    _ => None,
                };
                if let Some(variant) = content_type {
                    statements.push(quote! {
                        rqctx.endpoint.body_content_type = ::dropshot::ApiEndpointBodyContentType::#variant;
                    });
                }
                let mut names = Vec::new();
                for argument in &call.arguments {
                    let (name, ty) = (&argument.name, &argument.ty);
                    statements.push(if argument.exclusive {
                        needs_request = true;
                        quote! { let #name = <#ty as ::dropshot::ExclusiveExtractor>::from_request(&rqctx, request.into_inner()).await?; }
                    } else {
                        quote! { let #name = <#ty as ::dropshot::SharedExtractor>::from_request(&rqctx).await?; }
                    });
                    names.push(name);
                }
                let method = &call.method_ident;
                quote! {
                    #(#statements)*
                    let response = Self::#method(rqctx, #(#names),*).await?;
                    Ok(::dropshot::HttpResponse::to_result(response)?)
                }
            }
        };
        arms.push(quote! { (#(#patterns,)*) => { #body } });
    }
    if !dispatcher
        .arms
        .iter()
        .any(|arm| arm.patterns.iter().all(Option::is_none))
    {
        let wildcards = dispatcher.variables.iter().map(|_| quote! { _ });
        arms.push(quote! {
            (#(#wildcards,)*) => Err(::dropshot::HttpError::for_not_found(None, "no such path".to_string())#into),
        });
    }
    let request_argument = needs_request.then(|| quote! { request: ::dropshot::RawRequest, });
    let take_variables = needs_variables.then(|| {
        quote! { let mut variables = ::std::mem::take(&mut rqctx.endpoint.variables); }
    });
    quote! {
        #docs
        #[endpoint(
            method = #http_method,
            path = #path,
            operation_id = #operation_id,
            unpublished = true,
        )]
        async fn #name(
            rqctx: ::dropshot::RequestContext<Self::Context>,
            route: ::dropshot::Path<#route_type>,
            #request_argument
        ) -> ::std::result::Result<::http::Response<::dropshot::Body>, #error_type> {
            let mut rqctx = rqctx;
            let route = route.into_inner();
            #take_variables
            match (#(#scrutinee,)*) {
                #(#arms)*
            }
        }
    }
}

/// The function every caller reads the served document from: the trait's stub
/// description, and the dispatched operations under their own paths from descriptions
/// of their own (`layers`: each a list of `ApiEndpoint::new_for_types` expressions).
pub(crate) fn served_openapi(
    trait_name: &str,
    module: &Ident,
    layers: &[Vec<TokenStream>],
    patch: TokenStream,
) -> TokenStream {
    let mut docs = format!(
        " The OpenAPI document [`{trait_name}`] serves (`stub_api_description()`'s){}.",
        if layers.is_empty() {
            ""
        } else {
            ", with the\n operations its dispatchers reach each listed under its own path and parameters"
        }
    );
    if !patch.is_empty() {
        docs.push_str(
            "\n Each array or object query parameter is listed as the document writes it (dropshot\n knows it as a string).",
        );
    }
    if layers.is_empty() && patch.is_empty() {
        return quote! {
            #[doc = #docs]
            pub fn served_openapi(
                title: &str,
                version: ::dropshot::semver::Version,
            ) -> ::std::result::Result<::serde_json::Value, ::std::string::String> {
                let description = #module::stub_api_description().map_err(|error| error.to_string())?;
                description.openapi(title, version).json().map_err(|error| error.to_string())
            }
        };
    }
    if layers.is_empty() {
        return quote! {
            #[doc = #docs]
            pub fn served_openapi(
                title: &str,
                version: ::dropshot::semver::Version,
            ) -> ::std::result::Result<::serde_json::Value, ::std::string::String> {
                let description = #module::stub_api_description().map_err(|error| error.to_string())?;
                let mut document = description.openapi(title, version).json().map_err(|error| error.to_string())?;
                #patch
                Ok(document)
            }
        };
    }
    let count = layers.len();
    let layers = layers
        .iter()
        .map(|endpoints| quote! { ::std::vec::Vec::from([#(#endpoints),*]) });
    quote! {
        #[doc = #docs]
        pub fn served_openapi(
            title: &str,
            version: ::dropshot::semver::Version,
        ) -> ::std::result::Result<::serde_json::Value, ::std::string::String> {
            let description = #module::stub_api_description().map_err(|error| error.to_string())?;
            let mut document = description
                .openapi(title, version.clone())
                .json()
                .map_err(|error| error.to_string())?;
            // dropshot's router holds these only in descriptions of their own.
            let layers: [::std::vec::Vec<::dropshot::ApiEndpoint<::dropshot::StubContext>>; #count] = [#(#layers),*];
            for endpoints in layers {
                let mut layer = ::dropshot::ApiDescription::new();
                for endpoint in endpoints {
                    layer.register(endpoint).map_err(|error| error.to_string())?;
                }
                let layer = layer
                    .openapi(title, version.clone())
                    .json()
                    .map_err(|error| error.to_string())?;
                // Paths and components, two levels deep: a path's methods, a kind's names.
                for section in ["paths", "components"] {
                    let (Some(from), Some(into)) = (
                        layer.get(section).and_then(::serde_json::Value::as_object),
                        document.as_object_mut(),
                    ) else {
                        continue;
                    };
                    let into = into
                        .entry(section)
                        .or_insert_with(|| ::serde_json::json!({}));
                    for (name, items) in from {
                        let (Some(items), Some(into)) = (items.as_object(), into.as_object_mut()) else {
                            continue;
                        };
                        let into = into.entry(name.clone()).or_insert_with(|| ::serde_json::json!({}));
                        if let Some(into) = into.as_object_mut() {
                            for (key, value) in items {
                                into.entry(key.clone()).or_insert_with(|| value.clone());
                            }
                        }
                    }
                }
            }
            #patch
            Ok(document)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routes(operations: &[(&str, &'static str)]) -> Routes {
        let with_location: Vec<(&str, &'static str, &str)> =
            operations.iter().map(|(p, m)| (*p, *m, *p)).collect();
        plan(&with_location, &mut Vec::new())
    }

    #[test]
    fn a_literal_beside_a_variable_dispatches_the_most_literal_first() {
        let routes = routes(&[
            ("/contacts/{id}", "get"),
            ("/contacts/search", "post"),
            ("/contacts/{id}/notes", "get"),
        ]);
        assert!(routes.operations[0].dispatched && routes.operations[1].dispatched);
        assert!(!routes.operations[2].dispatched);
        assert_eq!(routes.operations[1].path, "/contacts/search");
        assert_eq!(routes.dispatchers.len(), 2);
        let get = &routes.dispatchers[0];
        assert_eq!((get.path.as_str(), get.method), ("/contacts/{id}", "get"));
        assert_eq!(get.arms[0].patterns, vec![Some("search".to_string())]);
        assert!(matches!(get.arms[0].target, Target::MethodNotAllowed(_)));
        assert!(matches!(get.arms[1].target, Target::Operation(0)));
    }

    #[test]
    fn nested_conflicts_share_one_route() {
        let routes = routes(&[("/a/lit/{x}", "get"), ("/a/{y}/lit2", "get")]);
        assert_eq!(routes.dispatchers.len(), 1);
        assert_eq!(routes.dispatchers[0].path, "/a/{y}/{x}");
        assert_eq!(
            routes.operations[0].route_variables,
            vec![("x".to_string(), "x".to_string())]
        );
    }

    #[test]
    fn layers_keep_literals_and_variables_apart() {
        assert_eq!(
            layers(&["/pets/{id}", "/pets/mine", "/pets/{petId}/x", "/pets/other"]),
            vec![0, 1, 2, 1]
        );
    }
}
