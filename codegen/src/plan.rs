//! The typed plan: what each operation of a document becomes (its route, its extractors,
//! its body and success answer, and the types they name), decided from the `openapiv3`
//! document before any code is written. `server.rs` writes the plan as code; nothing here
//! makes tokens but the type paths `Types` hands out.

use crate::naming::snake_ident;
use crate::routes::{Dispatcher, OperationRoute};
use crate::spec::{Error, resolve};
use crate::types::{TypeRef, Types};
use crate::{GenerationSettings, Warning, parse_type};
use openapiv3::{
    Components, MediaType, OpenAPI, Operation, Parameter, ParameterData, ParameterSchemaOrContent,
    PathItem, ReferenceOr, RequestBody, Response, Schema, StatusCode,
};
use proc_macro2::TokenStream;
use serde_json::{Map, Value, json};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// The methods dropshot routes; `trace` is not among them.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Where a parameter is read from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

impl Location {
    pub fn of(parameter: &Parameter) -> Location {
        match parameter {
            Parameter::Path { .. } => Location::Path,
            Parameter::Query { .. } => Location::Query,
            Parameter::Header { .. } => Location::Header,
            Parameter::Cookie { .. } => Location::Cookie,
        }
    }

    /// As the document's `in` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}

/// An operation as found in the document, before anything is generated for it.
#[derive(Clone)]
pub(crate) struct SourceOperation {
    pub path: String,
    pub method: &'static str,
    pub operation: Operation,
    /// Path-level and operation-level parameters, resolved, the operation's winning.
    pub parameters: Vec<Parameter>,
    pub operation_id: String,
    pub location: String,
}

impl SourceOperation {
    /// Its parameters read from one location, in the document's order.
    pub fn parameters_in(&self, location: Location) -> impl Iterator<Item = &ParameterData> {
        self.parameters
            .iter()
            .filter(move |parameter| Location::of(parameter) == location)
            .map(Parameter::parameter_data_ref)
    }

    /// The operation as JSON, with its merged parameters in place of its own.
    pub fn to_json(&self) -> Value {
        let mut value = serde_json::to_value(&self.operation).unwrap_or(json!({}));
        value["parameters"] = serde_json::to_value(&self.parameters).unwrap_or(json!([]));
        value
    }
}

/// A kind of component a `$ref` names (`#/components/{kind}/{name}`).
pub(crate) trait Component: Sized {
    fn lookup<'a>(components: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>>;
    const KIND: &'static str;
}

macro_rules! component {
    ($type:ty, $field:ident, $kind:literal) => {
        impl Component for $type {
            fn lookup<'a>(components: &'a Components, name: &str) -> Option<&'a ReferenceOr<Self>> {
                components.$field.get(name)
            }
            const KIND: &'static str = $kind;
        }
    };
}
component!(Parameter, parameters, "parameters");
component!(RequestBody, request_bodies, "requestBodies");
component!(Response, responses, "responses");

/// Follows `$ref`s (to any depth) to the component they name; `None` for a reference
/// that leads nowhere (the document's check has refused those before).
pub(crate) fn resolved<'a, T: Component>(
    document: &'a OpenAPI,
    mut item: &'a ReferenceOr<T>,
) -> Option<&'a T> {
    for _ in 0..32 {
        match item {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => {
                let prefix = format!("#/components/{}/", T::KIND);
                let name = reference.strip_prefix(&prefix)?;
                item = T::lookup(document.components.as_ref()?, name)?;
            }
        }
    }
    None
}

/// A schema as typify and the checks read it: JSON, `{}` when there is none.
pub(crate) fn schema_json(schema: Option<&ReferenceOr<Schema>>) -> Value {
    schema
        .and_then(|schema| serde_json::to_value(schema).ok())
        .unwrap_or(json!({}))
}

fn parameter_data_mut(parameter: &mut Parameter) -> &mut ParameterData {
    match parameter {
        Parameter::Query { parameter_data, .. }
        | Parameter::Header { parameter_data, .. }
        | Parameter::Path { parameter_data, .. }
        | Parameter::Cookie { parameter_data, .. } => parameter_data,
    }
}

/// Operations this server hosts, and those hosted elsewhere (kept for the client only).
pub(crate) fn operations(
    document: &OpenAPI,
    settings: &GenerationSettings,
    warnings: &mut Vec<Warning>,
) -> (Vec<SourceOperation>, Vec<SourceOperation>) {
    let mut hosted = Vec::new();
    let mut elsewhere = Vec::new();
    let mut used_ids = BTreeSet::new();
    let mut json = None;
    for (path, item) in document.paths.iter() {
        let item: Cow<PathItem> = match item {
            ReferenceOr::Item(item) => Cow::Borrowed(item),
            // A path item `$ref` (3.1's `components.pathItems`, translated) is rare: read
            // through the document as JSON.
            ReferenceOr::Reference { .. } => {
                let json = json
                    .get_or_insert_with(|| serde_json::to_value(document).unwrap_or(Value::Null));
                let reference = serde_json::to_value(item).unwrap_or(Value::Null);
                match serde_json::from_value(resolve(json, &reference).clone()) {
                    Ok(item) => Cow::Owned(item),
                    Err(_) => {
                        warnings.push(Warning::new(
                            format!("path {path}"),
                            "its `$ref` names no path item; the path is left out",
                        ));
                        continue;
                    }
                }
            }
        };
        let path_parameters: Vec<Parameter> = item
            .parameters
            .iter()
            .filter_map(|p| resolved(document, p).cloned())
            .collect();
        if item.trace.is_some() {
            warnings.push(Warning::new(
                format!("TRACE {path}"),
                "dropshot does not route TRACE; the operation is left out of the trait",
            ));
        }
        let by_method = [
            ("get", &item.get),
            ("put", &item.put),
            ("post", &item.post),
            ("delete", &item.delete),
            ("options", &item.options),
            ("head", &item.head),
            ("patch", &item.patch),
        ];
        debug_assert!(
            by_method
                .iter()
                .map(|(m, _)| *m)
                .eq(METHODS.iter().copied())
        );
        for (method, operation) in by_method {
            let Some(operation) = operation else {
                continue;
            };
            let mut parameters = path_parameters.clone();
            for parameter in operation.parameters.iter() {
                let Some(parameter) = resolved(document, parameter).cloned() else {
                    continue;
                };
                let (name, location) = (
                    &parameter.parameter_data_ref().name,
                    Location::of(&parameter),
                );
                parameters.retain(|p| {
                    !(&p.parameter_data_ref().name == name && Location::of(p) == location)
                });
                parameters.push(parameter);
            }
            let operation_id = match &operation.operation_id {
                Some(id) => id.clone(),
                None => derived_operation_id(method, path),
            };
            let mut unique = operation_id.clone();
            let mut n = 2;
            while !used_ids.insert(snake_ident(&unique).to_string()) {
                unique = format!("{operation_id}_{n}");
                n += 1;
            }
            let location = format!("operation {} {path} ({unique})", method.to_uppercase());
            if unique != operation_id && operation.operation_id.is_some() {
                warnings.push(Warning::new(
                    &location,
                    format!("operationId `{operation_id}` names the same Rust method as another; this one is `{unique}`"),
                ));
            }
            let servers = [&operation.servers, &item.servers]
                .into_iter()
                .find(|servers| !servers.is_empty());
            let is_elsewhere = servers.is_some_and(|servers| servers != &document.servers)
                || settings
                    .hosted_elsewhere
                    .iter()
                    .any(|(extension, value)| operation.extensions.get(extension) == Some(value));
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

/// How the request body is read.
pub(crate) enum Body {
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

impl Body {
    /// The media type dropshot is told the body has.
    pub fn content_type(&self) -> &'static str {
        match self {
            Body::Form(_) => "application/x-www-form-urlencoded",
            Body::Multipart => "multipart/form-data",
            _ => "application/json",
        }
    }
}

/// What the method returns on success.
pub(crate) enum Success {
    /// A dropshot response type written as is (`HttpResponseOk`, …), with its body.
    Dropshot(TokenStream, Option<TypeRef>),
    /// A generated response type for another status, with or without a body.
    Coded {
        status: u16,
        constant: &'static str,
        description: String,
        body: Option<TypeRef>,
    },
    /// `Response<Body>`: any status and body, described to OpenAPI as nothing.
    Freeform,
    /// A page of a paginated list: `HttpResponseOk<ResultsPage<Item>>`.
    Page(TypeRef),
    /// A dropshot success type of any bytes (`HttpResponseOk<FreeformBody>`, …).
    FreeformBytes(TokenStream),
}

/// How the query string is read.
pub(crate) enum Query {
    None,
    /// `Query<T>` of the operation's query parameters.
    Plain(TypeRef),
    /// `x-dropshot-pagination`: dropshot's `PaginationParams` of the scan parameters
    /// (`EmptyScanParams` when there are none).
    Paginated(Option<TypeRef>),
}

/// Everything one operation becomes.
pub(crate) struct OperationPlan {
    pub source: SourceOperation,
    pub route: OperationRoute,
    pub method_ident: proc_macro2::Ident,
    pub path_params: Option<TypeRef>,
    pub query: Query,
    /// `x-dropshot-websocket`: a dropshot channel, upgraded to a websocket.
    pub websocket: bool,
    /// The index of its set in [`DocumentPlan::header_sets`].
    pub headers: Option<usize>,
    pub body: Body,
    pub success: Success,
    /// Where the document gives the operation error answers of its own schema (dropshot's
    /// per-endpoint error type: `4XX` and `5XX` naming a response other operations do not
    /// use), that schema's type: the method fails with `DocumentedError<T>`.
    pub error: Option<TypeRef>,
    /// The query's parameters when some are arrays or objects, read by the generated
    /// `StructuredQuery` (`query.rs`); empty where dropshot's `Query` reads them.
    pub structured_query: Vec<crate::query::Parameter>,
}

impl OperationPlan {
    /// The position of the first parameter the document lists in `location`: dropshot
    /// lists parameters in the order of the extractors, which follow the document's.
    pub fn first_position(&self, location: Location) -> usize {
        self.source
            .parameters
            .iter()
            .position(|parameter| Location::of(parameter) == location)
            .unwrap_or(usize::MAX)
    }
}

/// A set of header parameters shared by every operation taking exactly these.
pub(crate) struct HeaderSet {
    pub names: Vec<String>,
    pub required: Vec<String>,
    pub type_ref: TypeRef,
}

/// Everything a document's server module becomes, but the code.
pub(crate) struct DocumentPlan {
    pub title: String,
    pub version: String,
    pub operations: Vec<OperationPlan>,
    pub header_sets: Vec<HeaderSet>,
    /// The routes whose requests go to several operations, each with its struct's name.
    pub dispatchers: Vec<(Dispatcher, String)>,
}

/// Plans every hosted operation of `document`, registering the types they need with
/// `types` (built by the caller once every operation is planned).
pub(crate) fn plan(
    document: &OpenAPI,
    json: &Value,
    types: &mut Types,
    settings: &GenerationSettings,
    warnings: &mut Vec<Warning>,
) -> Result<DocumentPlan, Error> {
    let (hosted, _) = operations(document, settings, warnings);
    let mut header_sets = HeaderSets::new(&hosted);
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
        warnings,
    );
    let dispatchers = routes
        .dispatchers
        .into_iter()
        .map(|dispatcher| {
            let name = types.converter.claim(&dispatcher_type_name(&dispatcher));
            (dispatcher, name)
        })
        .collect();
    let common_error = common_error(&hosted);
    let mut operations = Vec::new();
    for (mut source, route) in hosted.into_iter().zip(routes.operations) {
        crate::routes::complete_path_parameters(
            &source.path,
            &mut source.parameters,
            &source.location,
            warnings,
        );
        let context = Context {
            document,
            json,
            settings,
            common_error: common_error.as_deref(),
        };
        operations.push(context.operation(source, route, types, &mut header_sets, warnings)?);
    }
    Ok(DocumentPlan {
        title: document.info.title.clone(),
        version: document.info.version.clone(),
        operations,
        header_sets: header_sets.sets,
        dispatchers,
    })
}

/// The response most operations' `4XX` names: what the configured error type documents.
fn common_error(hosted: &[SourceOperation]) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for source in hosted {
        if let Some(ReferenceOr::Reference { reference }) = source
            .operation
            .responses
            .responses
            .get(&StatusCode::Range(4))
        {
            *counts.entry(reference).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, count)| *count)
        .map(|(reference, _)| reference.to_string())
}

/// `RouteGetPetsPetId` for the dispatcher of `GET /pets/{petId}`.
fn dispatcher_type_name(dispatcher: &Dispatcher) -> String {
    crate::schema::type_name(&derived_operation_id(
        &format!("route_{}", dispatcher.method),
        &dispatcher.path,
    ))
}

/// The header sets, named before any is made so that names are stable: the set most
/// operations share is `RequestHeaders`, so that a header added to one operation renames
/// only that operation's set (`{Operation}Headers`).
struct HeaderSets {
    /// Each distinct set of names, the first operation taking it, how many do.
    seen: Vec<(Vec<String>, String, usize)>,
    most_shared: Option<usize>,
    sets: Vec<HeaderSet>,
}

impl HeaderSets {
    fn new(hosted: &[SourceOperation]) -> HeaderSets {
        let mut seen: Vec<(Vec<String>, String, usize)> = Vec::new();
        for operation in hosted {
            let names = header_names(operation);
            if names.is_empty() {
                continue;
            }
            match seen.iter_mut().find(|(existing, _, _)| existing == &names) {
                Some((_, _, count)) => *count += 1,
                None => seen.push((names, operation.operation_id.clone(), 1)),
            }
        }
        let most_shared = seen
            .iter()
            .enumerate()
            .max_by_key(|(index, (_, _, count))| (*count, std::cmp::Reverse(*index)))
            .map(|(index, _)| index);
        HeaderSets {
            seen,
            most_shared,
            sets: Vec::new(),
        }
    }

    /// The name a new set of these header names gets.
    fn name(&self, names: &[String]) -> String {
        let position = self.seen.iter().position(|(n, _, _)| n == names);
        if position == self.most_shared {
            return "RequestHeaders".to_string();
        }
        let owner = position
            .map(|index| self.seen[index].1.as_str())
            .unwrap_or_default();
        format!("{}Headers", crate::schema::type_name(owner))
    }
}

fn header_names(source: &SourceOperation) -> Vec<String> {
    source
        .parameters_in(Location::Header)
        .map(|parameter| parameter.name.clone())
        .collect()
}

/// What planning one operation reads.
struct Context<'a> {
    document: &'a OpenAPI,
    json: &'a Value,
    settings: &'a GenerationSettings,
    /// The response most operations' `4XX` names: the error type's.
    common_error: Option<&'a str>,
}

impl Context<'_> {
    fn operation(
        &self,
        source: SourceOperation,
        route: OperationRoute,
        types: &mut Types,
        header_sets: &mut HeaderSets,
        warnings: &mut Vec<Warning>,
    ) -> Result<OperationPlan, Error> {
        let prefix = crate::schema::type_name(&source.operation_id);
        let path_params = self.parameter_struct(
            types,
            &source,
            Location::Path,
            &format!("{prefix}Path"),
            &route.renamed,
            warnings,
        );
        let pagination = pagination(&source);
        let query = match &pagination {
            Some(scan) if scan.parameters_in(Location::Query).next().is_none() => {
                Query::Paginated(None)
            }
            Some(scan) => Query::Paginated(self.parameter_struct(
                types,
                scan,
                Location::Query,
                &format!("{prefix}ScanParams"),
                &BTreeMap::new(),
                warnings,
            )),
            None => match self.parameter_struct(
                types,
                &source,
                Location::Query,
                &format!("{prefix}Query"),
                &BTreeMap::new(),
                warnings,
            ) {
                Some(query) => Query::Plain(query),
                None => Query::None,
            },
        };
        for cookie in source.parameters_in(Location::Cookie) {
            warnings.push(Warning::new(
                &source.location,
                format!("dropshot has no cookie extractor; the cookie `{}` is not in the method's signature (read it from `rqctx.request.headers()`)", cookie.name),
            ));
        }
        let structured_query = match &pagination {
            None if !crate::query::paginated(&source.operation) => {
                let parameters: Vec<Value> = source
                    .parameters
                    .iter()
                    .filter_map(|parameter| serde_json::to_value(parameter).ok())
                    .map(without_default_style)
                    .collect();
                crate::query::table(self.json, &parameters, |schema| {
                    is_scalar(self.json, schema, 0)
                })
            }
            _ => Vec::new(),
        };
        let headers = self.header_set(types, &source, header_sets, warnings);
        let body = self.request_body(types, &source, &prefix, warnings)?;
        let websocket = source
            .operation
            .extensions
            .contains_key("x-dropshot-websocket");
        let success = match pagination.as_ref().and_then(|_| self.page_item(&source)) {
            // Not used: a channel's answer is dropshot's own (its 101 and the errors).
            _ if websocket => Success::Freeform,
            Some(item) => {
                let location = format!("{} response 200 items", source.location);
                Success::Page(types.request(&item, &format!("{prefix}Item"), &location))
            }
            None => self.success(types, &source, &prefix, warnings),
        };
        // A dispatcher answers with the error type: a dispatched operation keeps it.
        let error = match route.dispatched {
            true => None,
            false => self.documented_error(&source).map(|schema| {
                let location = format!("{} error responses", source.location);
                types.request(&schema, &format!("{prefix}Error"), &location)
            }),
        };
        Ok(OperationPlan {
            method_ident: snake_ident(&source.operation_id),
            route,
            source,
            error,
            structured_query,
            path_params,
            query,
            websocket,
            headers,
            body,
            success,
        })
    }

    fn header_set(
        &self,
        types: &mut Types,
        source: &SourceOperation,
        header_sets: &mut HeaderSets,
        warnings: &mut Vec<Warning>,
    ) -> Option<usize> {
        let names = header_names(source);
        if names.is_empty() {
            return None;
        }
        if let Some(index) = header_sets.sets.iter().position(|set| set.names == names) {
            return Some(index);
        }
        let name = types.converter.claim(&header_sets.name(&names));
        let (schema, written, required) =
            self.parameters_schema(source, Location::Header, &BTreeMap::new(), warnings);
        let type_ref = types.request_written(
            &schema,
            written,
            &name,
            &format!("{} headers", source.location),
        );
        header_sets.sets.push(HeaderSet {
            names,
            required,
            type_ref,
        });
        Some(header_sets.sets.len() - 1)
    }

    /// The schema of the operation's own error answers, as dropshot documents an endpoint
    /// whose error type is not the others': `4XX` and `5XX` both naming one response
    /// other than [`common_error`]'s, whose JSON body is a component schema.
    fn documented_error(&self, source: &SourceOperation) -> Option<Value> {
        let responses = &source.operation.responses.responses;
        let errors: Vec<&ReferenceOr<Response>> = responses
            .iter()
            .filter(|(code, _)| match code {
                StatusCode::Code(code) => *code >= 400,
                StatusCode::Range(range) => *range >= 4,
            })
            .map(|(_, response)| response)
            .collect();
        let [
            ReferenceOr::Reference { reference: client },
            ReferenceOr::Reference { reference: server },
        ] = errors.as_slice()
        else {
            return None;
        };
        if client != server
            || !responses.contains_key(&StatusCode::Range(4))
            || !responses.contains_key(&StatusCode::Range(5))
            || Some(client.as_str()) == self.common_error
        {
            return None;
        }
        let response = resolved(self.document, errors[0])?;
        let schema = response.content.get("application/json")?.schema.as_ref()?;
        match schema {
            ReferenceOr::Reference { reference }
                if reference.starts_with("#/components/schemas/") =>
            {
                Some(json!({ "$ref": reference }))
            }
            _ => None,
        }
    }

    /// The item schema of a paginated operation's 200 answer when it is dropshot's
    /// `ResultsPage` (`items` and `next_page`), so that the method returns that.
    fn page_item(&self, source: &SourceOperation) -> Option<Value> {
        let response = source
            .operation
            .responses
            .responses
            .get(&StatusCode::Code(200))?;
        let response = resolved(self.document, response)?;
        let schema = response.content.get("application/json")?.schema.as_ref()?;
        let schema = schema_json(Some(schema));
        let page = resolve(self.json, &schema);
        let properties = page["properties"].as_object()?;
        if properties.len() != 2 || !properties.contains_key("next_page") {
            return None;
        }
        let item = &properties.get("items")?["items"];
        item.get("$ref").is_some().then(|| item.clone())
    }

    fn parameter_struct(
        &self,
        types: &mut Types,
        source: &SourceOperation,
        location: Location,
        name: &str,
        renamed: &BTreeMap<String, String>,
        warnings: &mut Vec<Warning>,
    ) -> Option<TypeRef> {
        source.parameters_in(location).next()?;
        let (schema, written, _) = self.parameters_schema(source, location, renamed, warnings);
        let name = types.converter.claim(name);
        Some(types.request_written(
            &schema,
            written,
            &name,
            &format!("{} {} parameters", source.location, location.as_str()),
        ))
    }

    /// The parameters of one location as an object schema, one property each: as typify
    /// reads it, as the parameters' struct reports it to dropshot, and the names required.
    fn parameters_schema(
        &self,
        source: &SourceOperation,
        location: Location,
        renamed: &BTreeMap<String, String>,
        warnings: &mut Vec<Warning>,
    ) -> (Value, Value, Vec<String>) {
        let mut properties = Map::new();
        let mut written = Map::new();
        let mut required = Vec::new();
        for as_written in source
            .parameters
            .iter()
            .filter(|parameter| Location::of(parameter) == location)
        {
            let parameter = as_written.parameter_data_ref();
            let name = renamed
                .get(&parameter.name)
                .cloned()
                .unwrap_or_else(|| parameter.name.clone());
            let schema = match &parameter.format {
                ParameterSchemaOrContent::Schema(schema) => schema_json(Some(schema)),
                ParameterSchemaOrContent::Content(content) => {
                    warnings.push(Warning::new(
                        &source.location,
                        format!("parameter `{name}` is described by `content`; dropshot decodes it as a plain value of the media type's schema"),
                    ));
                    content
                        .values()
                        .next()
                        .and_then(|media| media.schema.as_ref())
                        .map(|schema| schema_json(Some(schema)))
                        .unwrap_or(json!({"type": "string"}))
                }
            };
            // dropshot decodes query and header values as scalars only; arrays and objects
            // in the query are read by `StructuredQuery` (`query.rs`), unless paginated.
            let structured = match location {
                _ if is_scalar(self.json, &schema, 0) => None,
                Location::Query if crate::query::paginated(&source.operation) => Some(Err(
                    "dropshot's `PaginationParams` decodes the query itself".to_string(),
                )),
                Location::Query => {
                    let as_written = serde_json::to_value(as_written).unwrap_or(Value::Null);
                    Some(crate::query::shape(self.json, &as_written).map(|_| ()))
                }
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
                        format!("dropshot decodes {} parameters as scalars; `{name}` ({}) is its raw string{reason}", location.as_str(), schema_kind(&schema)),
                    ));
                    json!({"type": "string"})
                }
            };
            // dropshot refuses a scalar parameter whose schema also says how an object or
            // array looks; those words say nothing of a scalar. A structured one is
            // reported as a string, which `served_openapi` replaces with the document's.
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
                match &parameter.description {
                    Some(description) => {
                        json!({"allOf": [reported], "description": description})
                    }
                    None => reported,
                },
            );
            let schema = match (schema, &parameter.description) {
                (Value::Object(mut object), Some(description)) if !object.contains_key("$ref") => {
                    object.entry("description").or_insert(json!(description));
                    Value::Object(object)
                }
                (schema, _) => schema,
            };
            // A path parameter is always required, whatever the document says.
            if parameter.required || location == Location::Path {
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

    /// The request body in the extractor of its media type: JSON typed (the configured
    /// extractor), form-urlencoded typed, multipart as dropshot's multipart body, anything
    /// else as raw bytes. Of several media types, the first of those kinds wins.
    fn request_body(
        &self,
        types: &mut Types,
        source: &SourceOperation,
        prefix: &str,
        warnings: &mut Vec<Warning>,
    ) -> Result<Body, Error> {
        let body = source
            .operation
            .request_body
            .as_ref()
            .and_then(|body| resolved(self.document, body));
        let Some(body) = body else {
            return Ok(match (&self.settings.bodyless_extractor, source.method) {
                (Some(extractor), "post" | "put" | "patch") => {
                    Body::Bodyless(parse_type(extractor)?)
                }
                _ => Body::None,
            });
        };
        let location = format!("{} request body", source.location);
        // Any media type (`*/*`) of raw bytes is not JSON.
        let binary = |media: &str, object: &MediaType| {
            !media.contains("json") && schema_json(object.schema.as_ref())["format"] == "binary"
        };
        let content = &body.content;
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
        let others: Vec<String> = content
            .keys()
            .filter(|m| *m != media)
            .map(|m| format!("`{m}`"))
            .collect();
        if !others.is_empty() {
            warnings.push(Warning::new(
                &location,
                format!(
                    "dropshot takes one media type per operation; served as `{media}`, not as {}",
                    others.join(", ")
                ),
            ));
        }
        if binary(media, media_object) {
            return Ok(Body::Untyped);
        }
        let schema = schema_json(media_object.schema.as_ref());
        let name = types.converter.claim(&format!("{prefix}Body"));
        if is_json(media) {
            let type_ref = types.request(&schema, &name, &location);
            if !body.required && self.settings.json_body_extractor != "dropshot::TypedBody" {
                warnings.push(Warning::new(
                    &location,
                    "the body is optional; it is read with the generated `OptionalTypedBody`, not the configured JSON body extractor",
                ));
            }
            return Ok(Body::Json {
                type_ref,
                required: body.required,
            });
        }
        if media.starts_with("application/x-www-form-urlencoded") {
            if !body.required {
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
    fn success(
        &self,
        types: &mut Types,
        source: &SourceOperation,
        prefix: &str,
        warnings: &mut Vec<Warning>,
    ) -> Success {
        let documented = &source.operation.responses;
        let document = self.document;
        let response = move |response| resolved(document, response);
        let successes: Vec<(u16, &Response)> = documented
            .responses
            .iter()
            .filter_map(|(code, item)| match code {
                StatusCode::Code(code) if (200..300).contains(code) => {
                    Some((*code, response(item)?))
                }
                _ => None,
            })
            .collect();
        let location = &source.location;
        let default = documented.default.as_ref().and_then(response);
        if successes.is_empty() && default.is_some_and(is_freeform) {
            // What dropshot itself writes for a method returning `Response<Body>`.
            return Success::Freeform;
        }
        if successes.is_empty() {
            // dropshot's redirects: a status, its description and a `location` header.
            for (status, wrapper) in [
                (302, quote::quote! { ::dropshot::HttpResponseFound }),
                (303, quote::quote! { ::dropshot::HttpResponseSeeOther }),
                (
                    307,
                    quote::quote! { ::dropshot::HttpResponseTemporaryRedirect },
                ),
            ] {
                if let Some(redirect) = documented
                    .responses
                    .get(&StatusCode::Code(status))
                    .and_then(response)
                    && redirect.headers.contains_key("location")
                {
                    return Success::Dropshot(wrapper, None);
                }
            }
        }
        // dropshot describes one success status: a `2XX` range, or a `default` documented
        // alone, is served as 200.
        let successes = if successes.is_empty() {
            let range = documented
                .responses
                .get(&StatusCode::Range(2))
                .and_then(response)
                .map(|range| ("2XX", range));
            // A `default` without a body says nothing of the success: any answer.
            let alone = default
                .filter(|d| documented.responses.is_empty() && !d.content.is_empty())
                .map(|d| ("default", d));
            match range.or(alone) {
                Some((code, response)) => {
                    warnings.push(Warning::new(
                        location,
                        format!("dropshot describes one success status; `{code}` is served as 200"),
                    ));
                    vec![(200, response)]
                }
                None => successes,
            }
        } else {
            successes
        };
        let [(status, response)] = successes.as_slice() else {
            let mut codes: Vec<String> = documented
                .responses
                .keys()
                .map(StatusCode::to_string)
                .collect();
            if documented.default.is_some() {
                codes.push("default".to_string());
            }
            warnings.push(Warning::new(
                location,
                if successes.is_empty() {
                    format!("no 2xx response is documented ({}); the method returns `Response<Body>`, any status and body", codes.join(", "))
                } else {
                    format!("{} success responses are documented; the method returns `Response<Body>`, any status and body", successes.len())
                },
            ));
            return Success::Freeform;
        };
        if is_freeform(response) {
            // Any bytes of any media type: dropshot's `FreeformBody`.
            let wrapper = match status {
                200 => Some(quote::quote! { ::dropshot::HttpResponseOk }),
                201 => Some(quote::quote! { ::dropshot::HttpResponseCreated }),
                202 => Some(quote::quote! { ::dropshot::HttpResponseAccepted }),
                _ => None,
            };
            if let Some(wrapper) = wrapper {
                return Success::FreeformBytes(wrapper);
            }
        }
        let body_location = format!("{location} response {status}");
        let content = &response.content;
        let media = content
            .iter()
            .find(|(media, _)| is_json(media))
            .or_else(|| content.iter().next());
        let body = match media {
            None => None,
            Some((media, object)) if is_json(media) => {
                let schema = schema_json(object.schema.as_ref());
                let name = types.converter.claim(&format!("{prefix}Response"));
                Some(types.request(&schema, &name, &body_location))
            }
            Some((media, _)) => {
                warnings.push(Warning::new(
                    &body_location,
                    format!("dropshot has no typed response for `{media}`; the method returns `Response<Body>`"),
                ));
                return Success::Freeform;
            }
        };
        if content.len() > 1 {
            warnings.push(Warning::new(
                &body_location,
                "several media types; the response is served as JSON only",
            ));
        }
        let description = response.description.clone();
        let dropshot = |wrapper: TokenStream, body| Success::Dropshot(wrapper, body);
        match (status, body) {
            (200, Some(body)) => dropshot(quote::quote! { ::dropshot::HttpResponseOk }, Some(body)),
            (201, Some(body)) => dropshot(
                quote::quote! { ::dropshot::HttpResponseCreated },
                Some(body),
            ),
            (202, Some(body)) => dropshot(
                quote::quote! { ::dropshot::HttpResponseAccepted },
                Some(body),
            ),
            // dropshot's two 204 types differ only in their description; the document's
            // says which, else the method does.
            (204, _) if description == "resource updated" => dropshot(
                quote::quote! { ::dropshot::HttpResponseUpdatedNoContent },
                None,
            ),
            (204, _) if source.method == "delete" || description == "successful deletion" => {
                dropshot(quote::quote! { ::dropshot::HttpResponseDeleted }, None)
            }
            (204, _) => dropshot(
                quote::quote! { ::dropshot::HttpResponseUpdatedNoContent },
                None,
            ),
            (status, body) => match status_constant(*status) {
                Some(constant) => Success::Coded {
                    status: *status,
                    constant,
                    description,
                    body,
                },
                None => {
                    warnings.push(Warning::new(location, format!("status {status} has no name in `http`; the method returns `Response<Body>`")));
                    Success::Freeform
                }
            },
        }
    }
}

/// For an operation dropshot marked paginated (`x-dropshot-pagination`, with its `limit`
/// and `page_token` query parameters), the operation with only its scan parameters,
/// each required as the extension says (dropshot's `PaginationParams` makes them
/// optional again, since a next page's request carries only the token).
fn pagination(source: &SourceOperation) -> Option<SourceOperation> {
    let extension = source.operation.extensions.get("x-dropshot-pagination")?;
    let is_query = |parameter: &Parameter, name: &str| {
        Location::of(parameter) == Location::Query && parameter.parameter_data_ref().name == name
    };
    for name in ["limit", "page_token"] {
        if !source.parameters.iter().any(|p| is_query(p, name)) {
            return None;
        }
    }
    let required: Vec<&str> = extension["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let parameters = source
        .parameters
        .iter()
        .filter(|p| !is_query(p, "limit") && !is_query(p, "page_token"))
        .map(|parameter| {
            let mut parameter = parameter.clone();
            if Location::of(&parameter) == Location::Query {
                let data = parameter_data_mut(&mut parameter);
                data.required = required.contains(&data.name.as_str());
            }
            parameter
        })
        .collect();
    Some(SourceOperation {
        parameters,
        ..source.clone()
    })
}

/// A query parameter's JSON without `style: form`, its default: `openapiv3` writes the
/// default or not depending on a feature another crate of the build may turn on, and the
/// generated code must not depend on that.
fn without_default_style(mut parameter: Value) -> Value {
    if let Some(object) = parameter.as_object_mut()
        && object.get("style").and_then(Value::as_str) == Some("form")
    {
        object.remove("style");
    }
    parameter
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

/// Whether a response is any status and body as dropshot documents it: content of any
/// media type and any schema, or none.
fn is_freeform(response: &Response) -> bool {
    response.content.len() == 1
        && response
            .content
            .get("*/*")
            .is_some_and(|media| schema_json(media.schema.as_ref()) == json!({}))
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
