//! The code the build generates, and the crate compiles, is the generator's golden output
//! (`codegen/tests/output/fin-*.rs`): the goldens reviewers read compile, as the server.

use std::path::Path;

// The documents `build.rs` generates from.
include!("../../openapi/generation.rs");

#[test]
fn the_fin_goldens_are_the_code_the_build_compiles() {
    let out_dir = Path::new(env!("OUT_DIR"));
    let goldens = Path::new(env!("CARGO_MANIFEST_DIR")).join("codegen/tests/output");
    for document in FIN_DOCUMENTS {
        let module = document.module;
        let mut pairs = vec![(format!("{module}_api.rs"), format!("fin-{module}.rs"))];
        if !document.published {
            pairs.push((
                format!("{module}_client.rs"),
                format!("fin-{module}-client.rs"),
            ));
        }
        for (built, golden) in pairs {
            let built_text = std::fs::read_to_string(out_dir.join(&built)).unwrap();
            let golden_text = std::fs::read_to_string(goldens.join(&golden)).unwrap();
            // `build.rs` puts a `@generated` line and a blank one on top.
            let (header, code) = built_text.split_once("\n\n").unwrap();
            assert!(header.starts_with("// @generated"), "{built}: {header}");
            assert!(
                code == golden_text,
                "codegen/tests/output/{golden} is not what the build made of {} (OUT_DIR/{built}); \
                 EXPECTORATE=overwrite cargo test -p fin-helpdesk-codegen --test generator",
                document.spec
            );
        }
    }
}
