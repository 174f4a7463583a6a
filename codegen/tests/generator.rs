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
        before.contains("pub colour: ::std::option::Option<WidgetColour>"),
        "{before}"
    );
    let after = generate(&BASE.replace("required: [id]", "required: [id, colour]")).unwrap();
    assert!(after.contains("pub colour: WidgetColour,"), "{after}");
    // and every construction through `new` names it
    assert!(
        after.contains("pub fn new(id: ::std::string::String, colour: WidgetColour)"),
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
        code.contains("pub owner: crate::Tristate<::std::string::String>"),
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
    // Only a document that is not OpenAPI 3.0 is an error, naming the place.
    let error = generate(&BASE.replace("openapi: 3.0.3", "openapi: 3.1.0")).unwrap_err();
    assert!(error.contains("OpenAPI 3.1.0 is not supported"), "{error}");
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

/// Every fixture generates; the output is compared with its golden copy, so a change
/// to the generator shows up as a reviewable diff of generated code.
#[test]
fn fixtures_match_their_golden_output() {
    for name in ["schemas", "operations"] {
        let spec = std::fs::read_to_string(format!("tests/fixtures/{name}.yaml")).unwrap();
        let generated = generate_with(&spec, &settings()).unwrap();
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
fn the_operations_fixture_maps_each_construct() {
    let spec = std::fs::read_to_string("tests/fixtures/operations.yaml").unwrap();
    let generated = generate_with(&spec, &settings()).unwrap();
    let code = &generated.code;
    let warned = |needle: &str| {
        generated
            .warnings
            .iter()
            .any(|w| w.to_string().contains(needle))
    };
    // path-level parameters reach every operation of the path, header included
    assert_eq!(count(code, "path: ::dropshot::Path<"), 8, "{code}");
    // no operationId: a stable derived name
    assert!(code.contains("async fn get_items_by_item_id("), "{code}");
    // the path variable named otherwise at the same position is served under one name
    assert!(
        code.contains(r#"path = "/items/{itemId}/photos""#),
        "{code}"
    );
    assert!(warned("`{id}` is served as `{itemId}`"));
    // a literal beside a variable cannot be routed by dropshot
    assert!(!code.contains("search_items"), "{code}");
    assert!(warned("cannot route the literal segment `search`"));
    // media types
    assert!(code.contains("body: ::dropshot::MultipartBody"), "{code}");
    assert!(
        code.contains(r#"content_type = "application/x-www-form-urlencoded""#),
        "{code}"
    );
    assert!(code.contains("body: ::dropshot::UntypedBody"), "{code}");
    assert!(code.contains("body: OptionalTypedBody<Item>"), "{code}");
    // responses
    assert!(code.contains("::dropshot::HttpResponseDeleted"), "{code}");
    assert!(
        code.contains("::dropshot::HttpResponseUpdatedNoContent"),
        "{code}"
    );
    assert!(
        code.contains("-> ::std::result::Result<::http::Response<::dropshot::Body>"),
        "{code}"
    );
    assert!(
        code.contains(
            "const STATUS_CODE: ::http::StatusCode = ::http::StatusCode::PARTIAL_CONTENT"
        ),
        "{code}"
    );
    assert!(
        code.contains("method = HEAD") && code.contains("method = OPTIONS"),
        "{code}"
    );
    // an operation hosted elsewhere is not in the trait
    assert!(!code.contains("send_event"), "{code}");
}
