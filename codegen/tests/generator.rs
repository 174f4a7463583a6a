//! The generator on small fixture documents, one construct each: what a spec change does
//! to the output, golden output (`EXPECTORATE=overwrite` to update), and what becomes a
//! warning instead of an error.

use fin_helpdesk_codegen::{Generated, GenerationSettings, Generator, HeaderExtractor, parse};

const BASE: &str = r#"
openapi: 3.0.3
info: {title: Fixture, version: 0.0.1}
paths:
  /widget:
    get:
      operationId: getWidget
      summary: Get Widget
      parameters:
        - {name: widget_id, in: query, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Widget'}
components:
  schemas:
    Widget:
      type: object
      required: [id]
      properties:
        id: {type: string}
        colour: {type: string, enum: [red, blue]}
"#;

fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new("WidgetApi");
    settings.with_tristate("x-tristate", "crate::Tristate");
    settings
}

fn generate_with(spec: &str, settings: &GenerationSettings) -> Result<Generated, String> {
    let document = parse(spec).map_err(|error| error.to_string())?;
    Generator::new(settings)
        .server(&document)
        .map_err(|error| error.to_string())
}

fn generate(spec: &str) -> Result<String, String> {
    generate_with(spec, &settings()).map(|generated| generated.code)
}

fn count(code: &str, needle: &str) -> usize {
    code.matches(needle).count()
}

#[test]
fn one_added_operation_yields_one_added_trait_method() {
    let before = generate(BASE).unwrap();
    let after = generate(&BASE.replace(
        "components:",
        r#"  /widgets:
    post:
      operationId: createWidget
      summary: Create Widget
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Widget'}
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Widget'}
components:"#,
    ))
    .unwrap();
    assert_eq!(count(&before, "async fn "), 1);
    assert_eq!(count(&after, "async fn "), 2);
    assert!(after.contains("async fn create_widget("), "{after}");
    assert!(
        after.contains("body: dropshot::TypedBody<Widget>"),
        "{after}"
    );
    assert!(
        after.contains("::dropshot::HttpResponseCreated<Widget>"),
        "{after}"
    );
    assert!(
        after.contains(r#"operation_id = "createWidget""#),
        "{after}"
    );
    assert!(after.contains("/// Create Widget"), "{after}");
}

#[test]
fn one_added_required_property_yields_a_field_that_is_not_optional() {
    let before = generate(BASE).unwrap();
    assert!(
        before.contains("pub colour: Option<WidgetColour>"),
        "{before}"
    );
    let after = generate(&BASE.replace("required: [id]", "required: [id, colour]")).unwrap();
    assert!(after.contains("pub colour: WidgetColour,"), "{after}");
    // and every construction through `new` names it
    assert!(
        after.contains("pub fn new(id: String, colour: WidgetColour)"),
        "{after}"
    );
}

#[test]
fn a_tristate_property_keeps_absent_null_and_value_apart() {
    let code = generate(&BASE.replace(
        "        id: {type: string}\n",
        "        id: {type: string}\n        owner: {type: string, nullable: true, x-tristate: true}\n",
    ))
    .unwrap();
    assert!(
        code.contains("pub owner: crate::Tristate<String>"),
        "{code}"
    );
    assert!(
        code.contains(r#"skip_serializing_if = "crate::Tristate::is_absent""#),
        "{code}"
    );
}

#[test]
fn constructs_dropshot_or_typify_cannot_express_are_warnings_not_errors() {
    let generated = generate_with(
        &BASE
            .replace("in: query", "in: cookie")
            .replace("      operationId: getWidget\n", ""),
        &settings(),
    )
    .unwrap();
    assert!(
        generated.code.contains("async fn get_widget("),
        "{}",
        generated.code
    );
    assert!(
        generated
            .warnings
            .iter()
            .any(|w| w.message.contains("no cookie extractor")),
        "{:?}",
        generated.warnings
    );
    // Only a document that is not OpenAPI 3.0 or 3.1 is an error, naming the place.
    let error = generate(&BASE.replace("openapi: 3.0.3", "openapi: 3.2.0")).unwrap_err();
    assert!(
        error.contains("openapi: OpenAPI 3.2.0 is not supported (3.0.x and 3.1.x only)"),
        "{error}"
    );
    let error = generate(&BASE.replace("openapi: 3.0.3", "swagger: '2.0'")).unwrap_err();
    assert!(
        error.contains("Swagger \"2.0\" is not supported"),
        "{error}"
    );
    assert!(generate(&BASE.replace("openapi: 3.0.3", "openapi: 3.1.1")).is_ok());
    let error =
        generate(&BASE.replace("#/components/schemas/Widget", "#/components/schemas/Gadget"))
            .unwrap_err();
    assert!(
        error.contains("`#/components/schemas/Gadget` leads nowhere"),
        "{error}"
    );
}

#[test]
fn a_custom_header_extractor_learns_which_headers_are_required() {
    let spec = BASE.replace(
        "        - {name: widget_id, in: query, required: true, schema: {type: string}}",
        "        - {name: widget_id, in: query, required: true, schema: {type: string}}\n        \
         - {name: X-Tenant, in: header, required: true, schema: {type: string}}\n        \
         - {name: X-Trace, in: header, required: false, schema: {type: string}}",
    );
    let default = generate(&spec).unwrap();
    assert_eq!(
        count(&default, "headers: ::dropshot::Header<RequestHeaders>"),
        1
    );
    let mut custom = settings();
    custom.with_header_extractor(HeaderExtractor {
        extractor: "crate::Lazy".into(),
        required_trait: "crate::Required".into(),
    });
    let custom = generate_with(&spec, &custom).unwrap().code;
    assert_eq!(count(&custom, "headers: crate::Lazy<RequestHeaders>"), 1);
    assert!(
        custom.contains("impl crate::Required for RequestHeaders {\n    const REQUIRED: &'static [&'static str] = &[\"X-Tenant\"];"),
        "{custom}"
    );
}

fn fixture_settings() -> GenerationSettings {
    let mut settings = settings();
    settings.with_hosted_elsewhere("x-hosted-by", "fin".into());
    settings
}

fn fixture(name: &str) -> Generated {
    let spec = std::fs::read_to_string(format!("tests/fixtures/{name}.yaml")).unwrap();
    generate_with(&spec, &fixture_settings()).unwrap()
}

fn warned(generated: &Generated, needle: &str) -> bool {
    generated
        .warnings
        .iter()
        .any(|w| w.to_string().contains(needle))
}

/// Every fixture generates; the output is compared with its golden copy (warnings on
/// top), so a change to the generator shows up as a reviewable diff of generated code.
#[test]
fn fixtures_match_their_golden_output() {
    let mut names: Vec<String> = std::fs::read_dir("tests/fixtures")
        .unwrap()
        .filter_map(|entry| entry.ok()?.path().file_stem()?.to_str().map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 12, "{names:?}");
    for name in names {
        let generated = fixture(&name);
        let warnings: String = generated
            .warnings
            .iter()
            .map(|w| format!("// warning: {w}\n"))
            .collect();
        expectorate::assert_contents(
            format!("tests/output/{name}.rs"),
            &format!("{warnings}\n{}", generated.code),
        );
    }
}

#[test]
fn schema_constructs_become_typify_types() {
    let one_of = fixture("one_of_discriminator").code;
    // Members by `$ref` stay their own types, told apart by shape.
    assert!(
        one_of.contains("pub enum Shape {\n    Circle(Circle),\n    Square(Square),\n}"),
        "{one_of}"
    );
    let all_of = fixture("all_of").code;
    assert!(
        all_of.contains("pub struct Employee {") && all_of.contains("pub team:"),
        "{all_of}"
    );
    let recursive = fixture("nullable_and_recursive").code;
    assert!(recursive.contains("Option<Box<Node>>"), "{recursive}");
    let formats = fixture("formats_and_constraints").code;
    assert!(
        formats.contains("::chrono::DateTime<::chrono::offset::Utc>"),
        "{formats}"
    );
    assert!(formats.contains("::uuid::Uuid"), "{formats}");
    assert!(
        formats.contains("pub struct RecordCode(String);"),
        "{formats}"
    );
    let enums = fixture("enums_and_defaults");
    assert!(enums.code.contains("#[serde(flatten)]"), "{}", enums.code);
    assert!(
        warned(&enums, "Settings.mixed: typify cannot express"),
        "{:?}",
        enums.warnings
    );
}

#[test]
fn parameters_reach_their_extractors() {
    let generated = fixture("parameters");
    let code = &generated.code;
    // path-level parameters, a `$ref`ed one and a header among them
    assert!(
        code.contains("path: ::dropshot::Path<GetThingPath>"),
        "{code}"
    );
    assert!(
        code.contains("headers: ::dropshot::Header<RequestHeaders>"),
        "{code}"
    );
    // An array among them: the generated extractor reads the query.
    assert!(
        code.contains("query: StructuredQuery<GetThingQuery>"),
        "{code}"
    );
    assert!(code.contains("pub ids: Option<Vec<String>>"), "{code}");
    assert!(warned(&generated, "no cookie extractor"));
    assert!(warned(&generated, "`filter` is described by `content`"));
    assert!(!warned(&generated, "`ids`"));
    // A `oneOf` of scalars is a parameter dropshot takes (Oxide's `NameOrId`): typify's
    // untagged enum, reporting the document's `oneOf` rather than a derived `anyOf`.
    assert!(warned(
        &generated,
        "parameter `external_id` is a scalar whose schema also has `properties`, `required`"
    ));
    assert!(!warned(&generated, "`owner`"));
    assert!(!warned(&generated, "`size`"));
    assert!(code.contains("pub owner: Option<NameOrId>"), "{code}");
    assert!(
        code.contains("pub size: Option<GetThingQuerySize>"),
        "{code}"
    );
    assert!(
        code.contains("schema_as_written!(\n    GetThingQuery, \"GetThingQuery\", [NameOrId]"),
        "{code}"
    );
}

#[test]
fn request_bodies_take_their_media_types_extractor() {
    let generated = fixture("request_bodies");
    let code = &generated.code;
    assert!(
        code.contains("body: dropshot::TypedBody<PutJsonBody>"),
        "{code}"
    );
    assert!(
        code.contains("body: OptionalTypedBody<PatchJsonBody>"),
        "{code}"
    );
    assert!(
        code.contains(r#"content_type = "application/x-www-form-urlencoded""#),
        "{code}"
    );
    assert!(code.contains("body: ::dropshot::MultipartBody"), "{code}");
    assert!(code.contains("body: ::dropshot::UntypedBody"), "{code}");
    assert!(warned(
        &generated,
        "served as `text/plain`, not as `application/xml`"
    ));
}

#[test]
fn responses_take_the_nearest_dropshot_type() {
    let generated = fixture("responses");
    let code = &generated.code;
    assert!(
        code.contains("::dropshot::HttpResponseOk<GetOkResponse>"),
        "{code}"
    );
    assert!(
        code.contains("::dropshot::HttpResponseAccepted<AcceptResponse>"),
        "{code}"
    );
    assert!(code.contains("::dropshot::HttpResponseDeleted"), "{code}");
    assert!(
        code.contains("::http::StatusCode::PARTIAL_CONTENT"),
        "{code}"
    );
    assert!(code.contains("pub struct CreateResponse201;"), "{code}");
    assert!(warned(&generated, "2 success responses are documented"));
    assert!(warned(&generated, "no typed response for `text/plain`"));
    assert!(warned(&generated, "no 2xx response is documented"));
}

#[test]
fn methods_names_and_routes_follow_dropshot() {
    let methods = fixture("methods_and_names");
    assert!(
        methods.code.contains("method = HEAD") && methods.code.contains("method = OPTIONS"),
        "{}",
        methods.code
    );
    assert!(
        methods.code.contains("async fn head_items_by_id("),
        "{}",
        methods.code
    );
    assert!(
        methods.code.contains("async fn get_items_by_id("),
        "{}",
        methods.code
    );
    assert!(warned(&methods, "dropshot does not route TRACE"));
    let routing = fixture("routing");
    assert!(
        routing.code.contains(r#"path = "/pets/{petId}/photos""#),
        "{}",
        routing.code
    );
    assert!(warned(&routing, "`{id}` is served as `{petId}`"));
    // No served path names one variable twice (dropshot's router panics on it).
    assert!(
        routing
            .code
            .contains(r#"path = "/accounts/{sid}/addresses/{sid2}""#),
        "{}",
        routing.code
    );
    assert!(warned(&routing, "`{sid}` is served as `{sid2}`"));
    // A literal beside a variable: both served, through one route whose dispatcher
    // tries the literal first.
    assert!(routing.code.contains("fn get_mine("), "{}", routing.code);
    assert!(
        routing.code.contains(
            r#"path = "/pets/{petId}",
        operation_id = "route_get_pets_by_pet_id",
        unpublished = true,"#
        ),
        "{}",
        routing.code
    );
    assert!(!warned(&routing, "left out of the trait"));
    // The path's variables are its path parameters, whatever the document declares.
    assert!(
        routing
            .code
            .contains(r#"path = "/jobs/{job}/files/{file}""#),
        "{}",
        routing.code
    );
    assert!(warned(
        &routing,
        "`{job}` is in the path but declared `in: query`"
    ));
    assert!(warned(&routing, "`{file}` is in the path but not declared"));
    assert!(warned(
        &routing,
        "the path parameter `ext` is not a whole segment"
    ));
    assert!(warned(
        &routing,
        "`{name}.json` is served as the variable `{name}`"
    ));
}

#[test]
fn operations_hosted_elsewhere_stay_out_of_the_trait() {
    let generated = fixture("hosted_elsewhere_and_tristate");
    assert!(
        generated.code.contains("async fn update_item("),
        "{}",
        generated.code
    );
    assert!(
        !generated.code.contains("async fn notify"),
        "{}",
        generated.code
    );
    assert!(
        generated
            .code
            .contains("pub assignee_id: crate::Tristate<String>"),
        "{}",
        generated.code
    );
}

/// progenitor takes one body type among the errors; a document with several still gives
/// a client (that group read as raw bytes), not a panic.
#[test]
fn the_client_survives_several_error_bodies() {
    let spec = BASE.replace(
        "      responses:\n        '200':",
        "      responses:\n        '401': {description: no token}\n        '404':\n          description: none\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Widget'}\n        '200':",
    );
    let document = parse(&spec).unwrap();
    let client = Generator::new(&settings()).client(&document).unwrap();
    assert!(
        client.code.contains("pub fn get_widget(&self)"),
        "{}",
        client.code
    );
    assert!(
        client
            .warnings
            .iter()
            .any(|w| w.message.contains("error responses have 2")),
        "{:?}",
        client.warnings
    );
}

/// Any set of documented responses gives a client, never a panic: `default` counts among
/// the successes and the errors alike in progenitor, status ranges, several 2xx answers,
/// bodies that are not JSON.
#[test]
fn the_client_survives_every_set_of_responses() {
    let error = "content:\n            application/json:\n              schema: {type: object, properties: {message: {type: string}}}";
    let widget = "content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Widget'}";
    let text = "content:\n            text/plain:\n              schema: {type: string}";
    let sets: [&[(&str, &str)]; 7] = [
        &[("'200'", widget), ("default", error)],
        &[("'200'", widget), ("'404'", error), ("default", error)],
        &[
            ("'200'", widget),
            ("'4XX'", error),
            ("'5XX'", text),
            ("default", widget),
        ],
        &[("2XX", widget), ("default", error)],
        &[("'200'", widget), ("'203'", error)],
        &[("default", widget)],
        &[("'204'", ""), ("'400'", text), ("default", error)],
    ];
    for set in sets {
        let responses: String = set
            .iter()
            .map(|(code, content)| {
                format!("        {code}:\n          description: r\n          {content}\n")
            })
            .collect();
        let spec = BASE.replace(
            "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Widget'}\n",
            &format!("      responses:\n{responses}"),
        );
        assert_ne!(spec, BASE, "the fixture's responses were not replaced");
        let document = parse(&spec).unwrap_or_else(|error| panic!("{set:?}: {error}\n{spec}"));
        let client = Generator::new(&settings())
            .client(&document)
            .unwrap_or_else(|error| panic!("{set:?}: {error}"));
        assert!(client.code.contains("pub fn get_widget(&self)"), "{set:?}");
        Generator::new(&settings())
            .server(&document)
            .unwrap_or_else(|error| panic!("{set:?}: {error}"));
    }
}

// The Fin documents' settings, exactly as `build.rs` uses them.
include!("../../openapi/generation.rs");

/// The Fin documents with the settings `build.rs` gives them, as golden output (the
/// server module and, where the build makes one, the client): a generator change shows
/// up as a diff of the code the server is built on.
#[test]
fn fin_documents_match_their_golden_output() {
    for document in FIN_DOCUMENTS {
        let settings = fin_settings(document);
        let text = std::fs::read_to_string(format!("../{}", document.spec)).unwrap();
        let generated = generate_with(&text, &settings).unwrap();
        assert!(
            generated.warnings.is_empty(),
            "{}: {:?}",
            document.spec,
            generated.warnings
        );
        let module = document.module;
        expectorate::assert_contents(format!("tests/output/fin-{module}.rs"), &generated.code);
        if document.published {
            continue;
        }
        let parsed = parse(&text).unwrap();
        let client = Generator::new(&settings).client(&parsed).unwrap();
        assert!(
            client.warnings.is_empty(),
            "{} client: {:?}",
            document.spec,
            client.warnings
        );
        expectorate::assert_contents(format!("tests/output/fin-{module}-client.rs"), &client.code);
    }
}

const NULLS: &str = r#"
openapi: 3.0.3
info: {title: Nulls, version: 0.0.1}
paths:
  /settings:
    put:
      operationId: putSettings
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Settings'}
      responses:
        '204': {description: done}
components:
  schemas:
    Settings:
      type: object
      required: [id]
      properties:
        id: {type: string}
        label: {type: string, maxLength: 5}
        mode: {type: string, enum: [fast, safe], default: safe}
        retries: {type: integer, default: 3}
        verbose: {type: boolean, default: false}
        owner: {type: string, nullable: true, maxLength: 3, x-tristate: true}
"#;

/// The component schemas the generated `BodySchema` implementations share, as JSON.
fn body_components(code: &str) -> serde_json::Value {
    let constant = "pub const COMPONENTS_SCHEMA: &str = ";
    let start = code.find(constant).expect("the body schemas' components");
    let literal: syn::LitStr =
        syn::parse_str(code[start + constant.len()..].split_once(";\n").unwrap().0).unwrap();
    serde_json::from_str(&literal.value()).unwrap()
}

#[test]
fn null_as_absent_reaches_the_types_the_body_schema_and_the_docs() {
    let mut strict = settings();
    strict.with_body_schema_trait("crate::BodySchema");
    let mut lenient = strict.clone();
    lenient.with_null_as_absent(true);
    let strict = generate_with(NULLS, &strict).unwrap().code;
    let lenient = generate_with(NULLS, &lenient).unwrap().code;

    // A defaulted field reads `null` as its default; an `Option` does so by itself.
    assert!(!strict.contains("deserialize_with"), "{strict}");
    assert_eq!(
        count(&lenient, r#"deserialize_with = "null_as_default""#),
        1
    );
    assert!(
        lenient.contains(r#"deserialize_with = "null_as_settings_mode_default""#)
            && lenient.contains(r#"deserialize_with = "null_as_settings_retries_default""#),
        "{lenient}"
    );
    assert!(lenient.contains("An explicit `null` for an optional request property"));

    // Each body type's schema refers to one table of components the module holds once.
    assert_eq!(count(&lenient, "pub const COMPONENTS_SCHEMA: &str"), 1);
    assert!(
        lenient.contains(
            r###"const SCHEMA: &'static str = r##"{"$ref":"#/components/schemas/Settings"}"##;"###
        ),
        "{lenient}"
    );
    let optional = |code: &str, property: &str| {
        body_components(code)["Settings"]["properties"][property].clone()
    };
    // Off, the document's letter: an optional property may not be null.
    assert_eq!(optional(&strict, "label")["maxLength"], 5);
    // On, `null` passes and anything else still meets the property's own schema.
    for code in [&strict, &lenient] {
        let owner = optional(code, "owner");
        assert_eq!(owner["if"], serde_json::json!({"type": "null"}));
        assert_eq!(owner["else"]["maxLength"], 3, "{owner}");
    }
    let label = optional(&lenient, "label");
    assert_eq!(label["if"], serde_json::json!({"type": "null"}));
    assert_eq!(label["else"]["maxLength"], 5);
    assert_eq!(optional(&lenient, "id")["type"], "string");
    // No placeholder of the generator's own reaches a schema a body is checked against.
    assert!(!lenient.contains("__fin_codegen"), "{lenient}");
    assert!(!strict.contains("__fin_codegen"), "{strict}");
}

/// The scaffold's `src/main.rs` is code its user edits from then on: golden output, so
/// that its shape (`use` lines, short paths, each method's summary) is reviewed as such.
#[test]
fn the_scaffold_main_reads_as_written_by_hand() {
    let directory = std::env::temp_dir().join(format!("codegen-scaffold-{}", std::process::id()));
    let scaffold = fin_helpdesk_codegen::scaffold::scaffold(
        std::path::Path::new("tests/fixtures/parameters.yaml"),
        &directory,
    )
    .unwrap();
    let main = std::fs::read_to_string(directory.join("src/main.rs")).unwrap();
    std::fs::remove_dir_all(&directory).unwrap();
    assert!(scaffold.operations > 0);
    assert!(!main.contains("::std::"), "{main}");
    expectorate::assert_contents("tests/output/scaffold/parameters-main.rs", &main);
}

/// Names the document makes alike stay apart: a nullable component titled like itself,
/// an inline body titled like a component (typify would reuse the component silently),
/// component names differing in case or punctuation, keywords and prelude names.
#[test]
fn names_that_make_one_rust_name_stay_apart() {
    let code = fixture("type_name_clashes").code;
    for (needle, what) in [
        (
            "pub struct ActivityLog(pub Option<ActivityLogInner>);",
            "the nullable root and its value",
        ),
        ("pub struct FnBody {", "the inline body titled `Thing`"),
        ("body: OptionalTypedBody<FnBody>", "the body's own type"),
        ("pub struct FooBar {", "`foo_bar`"),
        ("pub struct FooBar2 {", "`FooBar`"),
        ("pub enum FooBar3 {", "`foo-bar`"),
        ("pub struct String2(pub i64);", "a component named `String`"),
        ("pub struct Self_ {", "a component named `Self`"),
        ("async fn match_(", "the operationId `match`"),
        ("pub type_2:", "query parameters `type` and `Type`"),
    ] {
        assert!(code.contains(needle), "{what}: {needle}\n{code}");
    }
    // Every fixture defines each type once.
    for name in [
        "type_name_clashes",
        "name_clashes",
        "literal_beside_variable",
    ] {
        let code = fixture(name).code;
        let mut defined: Vec<&str> = code
            .lines()
            .filter_map(|line| {
                let rest = line
                    .strip_prefix("pub struct ")
                    .or_else(|| line.strip_prefix("pub enum "))?;
                rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next()
            })
            .collect();
        let count = defined.len();
        defined.sort();
        defined.dedup();
        assert_eq!(defined.len(), count, "{name}: a type defined twice");
    }
}

/// Whatever the responses and media types, the fixtures give a client too (their
/// servers' goldens compile in `tests/output`).
#[test]
fn response_and_media_fixtures_give_a_client() {
    for name in [
        "response_sets",
        "responses",
        "request_bodies",
        "literal_beside_variable",
        "type_name_clashes",
    ] {
        let spec = std::fs::read_to_string(format!("tests/fixtures/{name}.yaml")).unwrap();
        let document = parse(&spec).unwrap();
        let client = Generator::new(&fixture_settings())
            .client(&document)
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        syn::parse_file(&client.code).unwrap_or_else(|error| panic!("{name}: {error}"));
    }
}

/// A `2XX` range or a `default` documented alone is served as 200 with its body; a body
/// of raw bytes offered as any media type is raw bytes, not JSON.
#[test]
fn response_sets_take_the_nearest_dropshot_type() {
    let generated = fixture("response_sets");
    let code = &generated.code;
    assert!(code.contains("async fn get_ranged(\n        rqctx: ::dropshot::RequestContext<Self::Context>,\n    ) -> Result<::dropshot::HttpResponseOk<Item>"), "{code}");
    assert!(code.contains("async fn get_default_only(\n        rqctx: ::dropshot::RequestContext<Self::Context>,\n    ) -> Result<::dropshot::HttpResponseOk<Item>"), "{code}");
    assert!(code.contains("body: ::dropshot::UntypedBody,\n    ) -> Result<::dropshot::HttpResponseUpdatedNoContent"), "{code}");
    assert!(warned(&generated, "`2XX` is served as 200"));
    assert!(warned(&generated, "3 success responses are documented"));
}

/// The tokens are the module `server` prints: a caller that embeds them gets the same
/// items and warnings.
#[test]
fn tokens_are_the_module_unformatted() {
    let spec = std::fs::read_to_string("tests/fixtures/parameters.yaml").unwrap();
    let document = fin_helpdesk_codegen::parse(&spec).unwrap();
    let generator = fin_helpdesk_codegen::Generator::new(&fixture_settings());
    let tokens = generator.generate_tokens(&document).unwrap();
    let printed = generator.server(&document).unwrap();
    let file: syn::File = syn::parse2(tokens.tokens).unwrap();
    assert_eq!(
        file.items.len(),
        syn::parse_file(&printed.code).unwrap().items.len()
    );
    assert_eq!(tokens.warnings, printed.warnings);
}
