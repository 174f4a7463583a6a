//! The generated traits serve what `openapi/` says, and reviewers see wire changes in diffs.

use fin_helpdesk::Variant;
use fin_helpdesk_codegen::GenerationSettings;
use fin_helpdesk_codegen::roundtrip::{Drift, compare};
use serde_json::Value;

/// What the comparison needs of `build.rs`'s settings: Fin's webhook is Fin's to serve.
fn fin_compare(source: &Value, served: &Value) -> Vec<Drift> {
    let mut settings = GenerationSettings::new("Compared");
    settings.with_hosted_elsewhere("x-hosted-by", "fin".into());
    compare(source, served, &settings)
}

#[test]
fn each_trait_serves_its_source_document() {
    for variant in Variant::ALL {
        let source = variant.source_document().unwrap();
        let served = variant.served_document().unwrap();
        let drifts = fin_compare(&source, &served);
        assert!(
            drifts.is_empty(),
            "the {} trait drifted from its source:\n{}",
            variant.name(),
            drifts
                .iter()
                .map(|d| format!("  - {d}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn served_documents_match_their_golden_copies() {
    for variant in Variant::ALL {
        let served = variant.served_document().unwrap();
        let text = serde_json::to_string_pretty(&served).unwrap() + "\n";
        expectorate::assert_contents(
            format!("tests/golden/served-{}.json", variant.name()),
            &text,
        );
    }
}

/// Edits the source as a spec change would, and expects the comparison to name it.
fn drifts_after(variant: Variant, edit: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut source = variant.source_document().unwrap();
    edit(&mut source);
    let served = variant.served_document().unwrap();
    fin_compare(&source, &served)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn drift_is_reported_on_a_doctored_spec() {
    let added_property = drifts_after(Variant::Rest, |doc| {
        doc["components"]["schemas"]["Conversation"]["properties"]["priority"] =
            serde_json::json!({"type": "string"});
    });
    assert!(
        added_property
            .iter()
            .any(|d| d.contains("GET /conversation")
                && d.contains("properties.priority")
                && d.contains("not served")),
        "{added_property:#?}"
    );

    let newly_required = drifts_after(Variant::Posts, |doc| {
        doc["components"]["schemas"]["GetMessagesRequest"]["required"] =
            serde_json::json!(["conversation_id", "after_id"]);
    });
    assert!(
        newly_required
            .iter()
            .any(|d| d.contains("POST /get_messages") && d.contains("required")),
        "{newly_required:#?}"
    );

    let extra_enum_value = drifts_after(Variant::Rest, |doc| {
        doc["components"]["schemas"]["Conversation"]["properties"]["status"]["enum"] =
            serde_json::json!(["open", "resolved", "closed", "ended", "snoozed"]);
    });
    assert!(
        extra_enum_value.iter().any(|d| d.contains("snoozed")),
        "{extra_enum_value:#?}"
    );

    let new_operation = drifts_after(Variant::Rest, |doc| {
        doc["paths"]["/tickets"] = serde_json::json!({"get": {"operationId": "getTickets",
            "responses": {"200": {"description": "ok"}}}});
    });
    assert_eq!(
        new_operation,
        vec!["GET /tickets: operation is not served".to_string()]
    );

    let param_required = drifts_after(Variant::Rest, |doc| {
        doc["paths"]["/messages"]["get"]["parameters"][1]["required"] = serde_json::json!(true);
    });
    assert!(
        param_required
            .iter()
            .any(|d| d.contains("GET /messages") && d.contains("query:after_id")),
        "{param_required:#?}"
    );
}

/// `openapi/published/` holds copies of Fin's published documents, which the checker
/// compiles in; where the source is beside the checkout (`../shared/fin-api/`, as in CI),
/// the copies must equal it.
#[test]
fn published_copies_match_their_source() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = root.join("../shared/fin-api");
    if !source.is_dir() {
        eprintln!("note: ../shared/fin-api is not there; the published copies are not compared");
        return;
    }
    for name in ["openapi-rest.yaml", "openapi-posts-only.yaml"] {
        let copy = std::fs::read_to_string(root.join("openapi/published").join(name)).unwrap();
        let original = std::fs::read_to_string(source.join(name)).unwrap();
        assert!(
            copy == original,
            "openapi/published/{name} differs from ../shared/fin-api/{name}: copy it again"
        );
    }
}
