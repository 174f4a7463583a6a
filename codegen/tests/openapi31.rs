//! OpenAPI 3.1 against 3.0: one meaning, one output. Every Fin document and every 3.0
//! fixture, rewritten mechanically as 3.1 ([`as_openapi31`]), generates exactly the Rust
//! (server and client) its 3.0 form generates; and what 3.1 says beyond 3.0 is still
//! refused at the boundary by the body schema.

use fin_helpdesk_codegen::{Generated, GenerationSettings, Generator, parse};
use serde_json::{Map, Value, json};

// The Fin documents' settings, exactly as `build.rs` uses them.
include!("../../openapi/generation.rs");

/// A 3.0 document as 3.1 says the same: `nullable` as a type array (or a union with
/// `{type: "null"}`), `example` as `examples`, boolean exclusive bounds as numbers, a
/// reference's siblings dropped (3.0 ignores them).
fn as_openapi31(document: &Value) -> Value {
    let mut document = document.clone();
    document["openapi"] = json!("3.1.0");
    walk(&mut document, true);
    document
}

fn walk(value: &mut Value, top: bool) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                if key.starts_with("x-") || matches!(key.as_str(), "example" | "examples") {
                    continue;
                }
                if key == "schema" {
                    *child = schema(child);
                } else if key == "components" && top {
                    for (section, entries) in child.as_object_mut().into_iter().flatten() {
                        if section == "schemas" {
                            for (_, entry) in entries.as_object_mut().into_iter().flatten() {
                                *entry = schema(entry);
                            }
                        } else {
                            walk(entries, false);
                        }
                    }
                } else {
                    walk(child, false);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| walk(item, false)),
        _ => {}
    }
}

fn schema(value: &Value) -> Value {
    let Some(object) = value.as_object() else {
        return value.clone();
    };
    if let Some(reference) = object.get("$ref") {
        return json!({"$ref": reference});
    }
    let mut out = Map::new();
    for (key, value) in object {
        match key.as_str() {
            "properties" => {
                let properties = value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(name, property)| (name.clone(), schema(property)))
                    .collect();
                out.insert(key.clone(), Value::Object(properties));
            }
            "items" | "additionalProperties" | "not" => {
                out.insert(key.clone(), schema(value));
            }
            "allOf" | "anyOf" | "oneOf" => {
                let members = value.as_array().into_iter().flatten().map(schema).collect();
                out.insert(key.clone(), Value::Array(members));
            }
            "example" => {
                out.insert("examples".into(), json!([value]));
            }
            "exclusiveMinimum" | "exclusiveMaximum" => {
                let bound = if key == "exclusiveMinimum" {
                    "minimum"
                } else {
                    "maximum"
                };
                if value == &json!(true)
                    && let Some(limit) = object.get(bound)
                {
                    out.insert(key.clone(), limit.clone());
                }
            }
            "minimum" | "maximum" => {
                let exclusive = if key == "minimum" {
                    "exclusiveMinimum"
                } else {
                    "exclusiveMaximum"
                };
                if object.get(exclusive) != Some(&json!(true)) {
                    out.insert(key.clone(), value.clone());
                }
            }
            "nullable" => {}
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    if object.get("nullable") != Some(&json!(true)) {
        return Value::Object(out);
    }
    if let Some(Value::String(name)) = out.get("type").cloned() {
        out.insert("type".into(), json!([name, "null"]));
        if let Some(values) = out.get_mut("enum").and_then(Value::as_array_mut)
            && !values.contains(&Value::Null)
        {
            values.push(Value::Null);
        }
        return Value::Object(out);
    }
    // No type to widen: the shape becomes one member of a union with `null`, the
    // annotations stay outside.
    let mut outer = Map::new();
    let mut member = Map::new();
    for (key, value) in out {
        let annotation = key.starts_with("x-")
            || matches!(
                key.as_str(),
                "title"
                    | "description"
                    | "default"
                    | "examples"
                    | "readOnly"
                    | "writeOnly"
                    | "deprecated"
            );
        if annotation {
            outer.insert(key, value);
        } else {
            member.insert(key, value);
        }
    }
    outer.insert(
        "anyOf".into(),
        json!([Value::Object(member), {"type": "null"}]),
    );
    Value::Object(outer)
}

fn read(text: &str) -> Value {
    fin_helpdesk_codegen::read(text, fin_helpdesk_codegen::Format::sniff(text)).unwrap()
}

/// The server (and, unless `server_only`, the client) of `text` and of its 3.1 form.
fn both(text: &str, settings: &GenerationSettings, client: bool) -> [(String, String); 2] {
    let document30 = parse(text).unwrap();
    let text31 = serde_json::to_string_pretty(&as_openapi31(&read(text))).unwrap();
    let document31 = parse(&text31).unwrap_or_else(|error| panic!("{error}\n{text31}"));
    let generator = Generator::new(settings);
    let code = |generated: Generated| generated.code;
    let mut pair = [
        (String::new(), String::new()),
        (String::new(), String::new()),
    ];
    pair[0].0 = code(generator.server(&document30).unwrap());
    pair[1].0 = code(generator.server(&document31).unwrap());
    if client {
        // progenitor refuses some fixtures outright; then both forms must fail alike.
        let client = |document| match generator.client(document) {
            Ok(generated) => generated.code,
            Err(error) => format!("error: {error}"),
        };
        pair[0].1 = client(&document30);
        pair[1].1 = client(&document31);
    }
    pair
}

fn assert_same(name: &str, [(server30, client30), (server31, client31)]: [(String, String); 2]) {
    // A diff's first differing line says more than two whole modules.
    let first = |a: &str, b: &str| {
        a.lines()
            .zip(b.lines())
            .enumerate()
            .find(|(_, (x, y))| x != y)
            .map(|(line, (x, y))| format!("line {}: 3.0 `{x}`, 3.1 `{y}`", line + 1))
            .unwrap_or_else(|| "lengths differ".to_string())
    };
    assert!(
        server30 == server31,
        "{name} server: {}",
        first(&server30, &server31)
    );
    assert!(
        client30 == client31,
        "{name} client: {}",
        first(&client30, &client31)
    );
}

#[test]
fn every_fin_document_in_3_1_generates_what_its_3_0_form_generates() {
    for document in FIN_DOCUMENTS {
        let text = std::fs::read_to_string(format!("../{}", document.spec)).unwrap();
        let pair = both(&text, &fin_settings(document), !document.published);
        assert_same(document.spec, pair);
    }
}

#[test]
fn every_fixture_in_3_1_generates_what_its_3_0_form_generates() {
    let mut settings = GenerationSettings::new("WidgetApi");
    settings
        .with_tristate("x-tristate", "crate::Tristate")
        .with_hosted_elsewhere("x-hosted-by", "fin".into());
    let mut compared = 0;
    for entry in std::fs::read_dir("tests/fixtures").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if !read(&text)["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.0."))
        {
            continue;
        }
        assert_same(&path.display().to_string(), both(&text, &settings, true));
        compared += 1;
    }
    assert!(compared >= 13, "{compared}");
}

#[test]
fn the_mechanical_translation_is_3_1() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string, nullable: true, enum: [a], example: a}\n    B: {allOf: [{$ref: '#/components/schemas/A'}], nullable: true, description: b}\n    C: {type: integer, minimum: 0, exclusiveMinimum: true}\n";
    let translated = as_openapi31(&read(text));
    assert_eq!(
        translated["components"]["schemas"],
        json!({
            "A": {"type": ["string", "null"], "enum": ["a", null], "examples": ["a"]},
            "B": {"description": "b", "anyOf": [{"allOf": [{"$ref": "#/components/schemas/A"}]}, {"type": "null"}]},
            "C": {"type": "integer", "exclusiveMinimum": 0},
        })
    );
}

/// A fixture generated with the body schema trait: the body check as the server builds it
/// (`src/server/extract.rs`: draft 07, the body type's schema beside the components).
fn body_check(fixture: &str, schema_name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(format!("tests/fixtures/{fixture}.yaml")).unwrap();
    let mut settings = GenerationSettings::new("Checked");
    settings.with_body_schema_trait("crate::BodySchema");
    let code = Generator::new(&settings)
        .server(&parse(&text).unwrap())
        .unwrap()
        .code;
    let constant = "pub const COMPONENTS_SCHEMA: &str = ";
    let start = code.find(constant).expect("the body schemas' components");
    let literal: syn::LitStr =
        syn::parse_str(code[start + constant.len()..].split_once(";\n").unwrap().0).unwrap();
    let components: Value = serde_json::from_str(&literal.value()).unwrap();
    let root = json!({
        "allOf": [{"$ref": format!("#/components/schemas/{schema_name}")}],
        "components": {"schemas": components},
    });
    jsonschema::draft7::options().build(&root).unwrap()
}

/// What 3.1 says beyond 3.0 and the Rust types cannot hold is still refused at the
/// boundary: the body schema restores it (`x-json-schema`, as draft 07).
#[test]
fn constraints_beyond_3_0_are_refused_by_the_body_check() {
    let payment = body_check("openapi31_conditionals", "Payment");
    assert!(payment.is_valid(&json!({"method": "card", "card_number": "4111"})));
    // if/then/else
    assert!(!payment.is_valid(&json!({"method": "card", "iban": "DE00"})));
    assert!(!payment.is_valid(&json!({"method": "transfer"})));
    assert!(payment.is_valid(&json!({"method": "transfer", "iban": "DE00"})));
    // dependentRequired
    assert!(!payment.is_valid(&json!({"method": "transfer", "iban": "DE00", "billing_name": "A"})));

    let closed = body_check("openapi31_conditionals", "ClosedExtension");
    assert!(closed.is_valid(&json!({"a": "x", "b": 1})));
    // unevaluatedProperties: false across an allOf
    assert!(!closed.is_valid(&json!({"a": "x", "c": 1})));

    let point = body_check("openapi31_tuples", "Point");
    assert!(point.is_valid(&json!({"at": [1.0, 2.0], "tagged": ["a", 1, 2]})));
    // prefixItems: each position its own schema
    assert!(!point.is_valid(&json!({"at": [1.0, 2.0], "tagged": [1, "a"]})));
    assert!(!point.is_valid(&json!({"at": [1.0, 2.0, 3.0]})));

    let reading = body_check("openapi31_bounds_and_content", "Reading");
    assert!(reading.is_valid(&json!({"level": 9, "ratio": 0.5})));
    // numeric exclusive bounds
    assert!(!reading.is_valid(&json!({"level": 10, "ratio": 0.5})));
    assert!(!reading.is_valid(&json!({"level": 9, "ratio": 1})));

    let label = body_check("openapi31_type_arrays", "Label");
    assert!(label.is_valid(&json!({"name": null, "kind": "label", "colour": null})));
    // const
    assert!(!label.is_valid(&json!({"name": "a", "kind": "tag", "colour": "red"})));
}

fn fixture(name: &str) -> (Generated, Generated) {
    let text = std::fs::read_to_string(format!("tests/fixtures/{name}.yaml")).unwrap();
    let document = parse(&text).unwrap();
    let generator = Generator::new(&GenerationSettings::new("Fixture"));
    (
        generator.server(&document).unwrap(),
        generator.client(&document).unwrap(),
    )
}

/// Each 3.1 construct's Rust, and the warnings (server and client) for what is not exact.
#[test]
fn constructs_of_3_1_become_rust() {
    let (types, _) = fixture("openapi31_type_arrays");
    for expected in [
        "pub name: Option<LabelName>",
        "pub weight: Option<LabelWeight>",
        "Integer(u64)",
        "pub kind: LabelKind",
        "pub colour: Option<LabelColour>",
        "pub parent: Option<Box<Label>>",
    ] {
        assert!(types.code.contains(expected), "{expected}\n{}", types.code);
    }
    assert!(types.warnings.is_empty(), "{:?}", types.warnings);

    let (references, _) = fixture("openapi31_references");
    for expected in [
        "pub id: Code,",
        "pub reference: Option<OrderReference>",
        "pub lines: Vec<Line>",
        "pub address: Option<Address>",
        "pub money: Option<Money>",
    ] {
        assert!(references.code.contains(expected), "{expected}");
    }

    let (document, client) = fixture("openapi31_document");
    assert!(document.code.contains("async fn list_pings("));
    assert!(document.code.contains("async fn audit("));
    assert!(document.code.contains("pub struct PingReceivedWebhook"));
    assert!(
        !document.code.contains("ping_received"),
        "webhooks stay out of the trait"
    );
    assert!(
        !client.code.contains("ping_received"),
        "and out of the client"
    );
    let warned = |warnings: &[fin_helpdesk_codegen::Warning], needle: &str| {
        warnings.iter().any(|w| w.to_string().contains(needle))
    };
    for needle in [
        "jsonSchemaDialect",
        "mutualTLS",
        "webhook pingReceived (POST)",
    ] {
        assert!(
            warned(&document.warnings, needle),
            "{needle}: {:?}",
            document.warnings
        );
        assert!(
            warned(&client.warnings, needle),
            "client {needle}: {:?}",
            client.warnings
        );
    }
    assert!(
        client
            .warnings
            .iter()
            .all(|w| w.message.starts_with("client: "))
    );

    let (no_paths, _) = fixture("openapi31_no_paths");
    assert!(no_paths.code.contains("pub struct Status"));
    assert!(!no_paths.code.contains("async fn"));

    let (tuples, _) = fixture("openapi31_tuples");
    assert!(
        tuples.code.contains("pub at: [f64; 2usize]"),
        "{}",
        tuples.code
    );
    assert!(warned(&tuples.warnings, "prefixItems"));
}

/// FastAPI's `limit: {type: integer, exclusiveMinimum: 0, default: 20}` is a `NonZeroU64`
/// whose serde default names a function with a turbofish, which must survive printing.
#[test]
fn a_defaulted_positive_integer_keeps_its_default_function() {
    let text = r#"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {},
        "components": {"schemas": {"Page": {"type": "object", "properties": {
            "limit": {"type": "integer", "exclusiveMinimum": 0, "default": 20}}}}}}"#;
    let code = Generator::new(&GenerationSettings::new("T"))
        .server(&parse(text).unwrap())
        .unwrap()
        .code;
    assert!(
        code.contains(r#"default = "defaults::default_nzu64::<::std::num::NonZeroU64, 20>""#),
        "{code}"
    );
    syn::parse_file(&code).unwrap();
}

/// Every document of `../shared/openapi-corpus/openapi-3.1/` gets a progenitor client (from
/// its 3.0.3 form): an operation progenitor cannot take is left out of the client with a
/// warning, never the build stopped. Skipped, saying so, when `../shared` is absent.
#[test]
fn every_3_1_corpus_document_gets_a_client() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/openapi-corpus/openapi-3.1");
    let Ok(entries) = std::fs::read_dir(&folder) else {
        eprintln!("skipped: {} is absent", folder.display());
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let document = fin_helpdesk_codegen::load(&path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let settings = GenerationSettings::new("Corpus");
        let client = Generator::new(&settings)
            .client(&document)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        assert!(
            client.code.contains("pub struct Client"),
            "{}",
            path.display()
        );
        for warning in client
            .warnings
            .iter()
            .filter(|w| w.message.contains("left out, progenitor"))
        {
            eprintln!("{}: {warning}", path.display());
        }
    }
}
