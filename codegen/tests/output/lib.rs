//! The generator's golden output for its fixtures (the `*.rs` files beside this one, which
//! `tests/generator.rs` writes), compiled, as progenitor's `progenitor-impl/tests/output`
//! does: a golden that does not compile fails the workspace's build. The Fin documents'
//! goldens (`fin-*.rs`) name the server's own items; the server crate compiles the same
//! code from `OUT_DIR`, and its test `tests/integration/generated.rs` holds them equal.

/// The three-state type the fixtures are generated with (`with_tristate(…,
/// "crate::Tristate")`): the server's own, so the goldens meet the real thing.
#[path = "../../../src/tristate.rs"]
mod tristate;
pub use tristate::Tristate;

macro_rules! goldens {
    ($($name:ident),* $(,)?) => {
        $(
            #[doc = concat!("`", stringify!($name), ".rs`.")]
            // typify writes `Default` by hand for an enum with a default variant.
            #[allow(clippy::derivable_impls)]
            pub mod $name {
                include!(concat!(stringify!($name), ".rs"));
            }
        )*

        /// Every golden compiled here, by name.
        pub const GOLDENS: &[&str] = &[$(stringify!($name)),*];
    };
}

goldens!(
    all_of,
    any_of_and_not,
    enums_and_defaults,
    formats_and_constraints,
    hosted_elsewhere_and_tristate,
    methods_and_names,
    name_clashes,
    nullable_and_recursive,
    one_of_discriminator,
    openapi31_bounds_and_content,
    openapi31_conditionals,
    openapi31_document,
    openapi31_no_paths,
    openapi31_references,
    openapi31_tuples,
    openapi31_type_arrays,
    parameters,
    request_bodies,
    responses,
    routing,
);

#[cfg(test)]
mod tests {
    /// A new fixture's golden is compiled too: every `*.rs` here but the Fin documents'
    /// (and this file) is in [`super::GOLDENS`].
    #[test]
    fn every_fixture_golden_is_compiled() {
        let directory = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut found: Vec<String> = std::fs::read_dir(directory)
            .expect("the goldens' directory")
            .filter_map(|entry| {
                let name = entry.ok()?.file_name().into_string().ok()?;
                let stem = name.strip_suffix(".rs")?;
                (stem != "lib" && !stem.starts_with("fin-")).then(|| stem.to_string())
            })
            .collect();
        found.sort();
        assert_eq!(found, super::GOLDENS);
    }

    /// Properties whose Rust names would collide get distinct fields, each on its own
    /// wire name.
    #[test]
    fn clashing_names_keep_their_own_wire_names() {
        let wire = serde_json::json!({"fooBar": "a", "foo_bar": "b", "foo-bar": 3, "type": "t"});
        let call: crate::name_clashes::Call = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!(call.foo_bar.as_deref(), Some("a"));
        assert_eq!(call.foo_bar_2.as_deref(), Some("b"));
        assert_eq!(call.foo_minus_bar, Some(3));
        assert_eq!(serde_json::to_value(&call).unwrap(), wire);
        let query: crate::name_clashes::ListCallsQuery =
            serde_json::from_value(serde_json::json!({
                "StartTime": "2026-01-01T00:00:00Z",
                "StartTime<": "2026-02-01T00:00:00Z",
                "page-size": 5,
                "page_size": 6,
            }))
            .unwrap();
        assert!(query.start_time.is_some() && query.start_time_lt.is_some());
        assert!(query.start_time_gt.is_none());
        assert_eq!((query.page_size, query.page_size_2), (Some(5), Some(6)));
    }
}
