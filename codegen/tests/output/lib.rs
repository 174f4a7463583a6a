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
    dropshot_extensions,
    enums_and_defaults,
    formats_and_constraints,
    hosted_elsewhere_and_tristate,
    literal_beside_variable,
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
    query_styles,
    request_bodies,
    response_sets,
    responses,
    routing,
    type_name_clashes,
);

#[cfg(test)]
#[path = "served/dropshot_extensions.rs"]
mod dropshot_extensions_served;

#[cfg(test)]
#[path = "served/query_styles.rs"]
mod query_styles_served;

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

    /// dropshot cannot register `/contacts/search` beside `/contacts/{id}`: one route per
    /// position, and its dispatcher hands each request to its own operation's method with
    /// that operation's own typed parameters, the most literal path first.
    mod literal_beside_variable {
        use crate::literal_beside_variable as api;
        use dropshot::{
            HttpError, HttpResponseDeleted, HttpResponseOk, Path, Query, RequestContext, TypedBody,
        };
        use std::io::{Read, Write};

        enum Impl {}

        fn named(name: String) -> HttpResponseOk<api::Contact> {
            let mut contact = api::Contact::new(0);
            contact.name = Some(name);
            HttpResponseOk(contact)
        }

        impl api::WidgetApi for Impl {
            type Context = ();
            async fn get_contact(
                _: RequestContext<()>,
                path: Path<api::GetContactPath>,
            ) -> Result<HttpResponseOk<api::Contact>, HttpError> {
                Ok(named(format!("get_contact {}", path.into_inner().id)))
            }
            async fn delete_contact(
                _: RequestContext<()>,
                _: Path<api::DeleteContactPath>,
            ) -> Result<HttpResponseDeleted, HttpError> {
                Ok(HttpResponseDeleted())
            }
            async fn search_contacts(
                rqctx: RequestContext<()>,
                query: Query<api::SearchContactsQuery>,
                headers: dropshot::Header<api::RequestHeaders>,
            ) -> Result<HttpResponseOk<Vec<api::Contact>>, HttpError> {
                let trace = headers.into_inner().x_trace.unwrap_or_default();
                let name = format!(
                    "{} {} {trace}",
                    rqctx.endpoint.operation_id,
                    query.into_inner().q
                );
                Ok(HttpResponseOk(vec![named(name).0]))
            }
            async fn search_contacts_by_form(
                _: RequestContext<()>,
                body: TypedBody<api::SearchContactsByFormBody>,
            ) -> Result<HttpResponseOk<Vec<api::Contact>>, HttpError> {
                Ok(HttpResponseOk(vec![
                    named(format!("form {}", body.into_inner().q)).0,
                ]))
            }
            async fn merge_contacts(
                _: RequestContext<()>,
                body: TypedBody<api::MergeContactsBody>,
            ) -> Result<HttpResponseOk<api::Contact>, HttpError> {
                let body = body.into_inner();
                Ok(named(format!("merge {} {}", body.from, body.into)))
            }
            async fn list_notes(
                _: RequestContext<()>,
                path: Path<api::ListNotesPath>,
            ) -> Result<HttpResponseOk<Vec<String>>, HttpError> {
                Ok(HttpResponseOk(vec![format!(
                    "notes of {}",
                    path.into_inner().id
                )]))
            }
            async fn get_note(
                _: RequestContext<()>,
                path: Path<api::GetNotePath>,
            ) -> Result<HttpResponseOk<String>, HttpError> {
                let path = path.into_inner();
                Ok(HttpResponseOk(format!(
                    "note {} of {}",
                    path.note_id, path.contact_id
                )))
            }
            async fn get_latest_note(
                _: RequestContext<()>,
                path: Path<api::GetLatestNotePath>,
            ) -> Result<HttpResponseOk<String>, HttpError> {
                Ok(HttpResponseOk(format!(
                    "latest of {}",
                    path.into_inner().id
                )))
            }
            async fn search_contacts_by_field(
                _: RequestContext<()>,
                path: Path<api::SearchContactsByFieldPath>,
            ) -> Result<HttpResponseOk<Vec<api::Contact>>, HttpError> {
                Ok(HttpResponseOk(vec![
                    named(format!("by {}", path.into_inner().field)).0,
                ]))
            }
            async fn get_user(
                _: RequestContext<()>,
                path: Path<api::GetUserPath>,
            ) -> Result<HttpResponseOk<String>, HttpError> {
                let path = path.into_inner();
                Ok(HttpResponseOk(format!(
                    "user {} in {}",
                    path.user_id, path.workspace
                )))
            }
            async fn get_me(
                _: RequestContext<()>,
                path: Path<api::GetMePath>,
            ) -> Result<HttpResponseOk<String>, HttpError> {
                Ok(HttpResponseOk(format!(
                    "me in {}",
                    path.into_inner().workspace
                )))
            }
        }

        fn send(port: u16, request: &str) -> String {
            let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
            stream.write_all(request.as_bytes()).unwrap();
            let mut answer = String::new();
            stream.read_to_string(&mut answer).unwrap();
            answer
        }

        fn get(port: u16, path: &str) -> String {
            send(
                port,
                &format!(
                    "GET {path} HTTP/1.1\r\nHost: x\r\nX-Trace: t1\r\nConnection: close\r\n\r\n"
                ),
            )
        }

        fn post(port: u16, path: &str, content_type: &str, body: &str) -> String {
            send(
                port,
                &format!(
                    "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                ),
            )
        }

        #[tokio::test(flavor = "multi_thread")]
        async fn every_request_reaches_its_own_operation() {
            let description = api::widget_api_mod::api_description::<Impl>().unwrap();
            let log = dropshot::ConfigLogging::StderrTerminal {
                level: dropshot::ConfigLoggingLevel::Critical,
            }
            .to_logger("test")
            .unwrap();
            let config = dropshot::ConfigDropshot {
                bind_address: "127.0.0.1:0".parse().unwrap(),
                ..Default::default()
            };
            let server = dropshot::ServerBuilder::new(description, (), log)
                .config(config)
                .start()
                .unwrap();
            let port = server.local_addr().port();
            let answers = tokio::task::spawn_blocking(move || {
                vec![
                    get(port, "/contacts/7"),
                    get(port, "/contacts/search?q=ada"),
                    post(
                        port,
                        "/contacts/search",
                        "application/x-www-form-urlencoded",
                        "q=bob",
                    ),
                    post(
                        port,
                        "/contacts/merge",
                        "application/json",
                        r#"{"from":1,"into":2}"#,
                    ),
                    get(port, "/contacts/merge"),
                    post(port, "/contacts/7", "application/json", "{}"),
                    get(port, "/contacts/7/notes"),
                    get(port, "/contacts/search/email"),
                    get(port, "/contacts/7/notes/n1"),
                    get(port, "/contacts/7/notes/latest"),
                    get(port, "/contacts/7/other"),
                    get(port, "/workspaces/w/users/me"),
                    get(port, "/workspaces/w/users/u1"),
                    get(port, "/contacts/x"),
                ]
            })
            .await
            .unwrap();
            server.close().await.unwrap();
            let expect = [
                ("200", "get_contact 7"),
                ("200", "searchContacts ada t1"),
                ("200", "form bob"),
                ("200", "merge 1 2"),
                ("405", "allow: POST"),
                ("405", "allow: GET, DELETE"),
                ("200", "notes of 7"),
                ("200", "by email"),
                ("200", "note n1 of 7"),
                ("200", "latest of 7"),
                ("404", ""),
                ("200", "me in w"),
                ("200", "user u1 in w"),
                // `get_contact`'s own path type refuses what is not its integer.
                ("400", ""),
            ];
            for (answer, (status, needle)) in answers.iter().zip(expect) {
                assert!(
                    answer.starts_with(&format!("HTTP/1.1 {status}")) && answer.contains(needle),
                    "{status} {needle}: {answer}"
                );
            }
        }

        /// The served document lists every operation under its own path, with its own
        /// parameters, and no dispatcher.
        #[test]
        fn the_served_document_lists_each_operation_under_its_own_path() {
            let document = api::served_openapi(
                "Literal beside variable",
                dropshot::semver::Version::new(1, 0, 0),
            )
            .unwrap();
            let paths = document["paths"].as_object().unwrap();
            let mut listed: Vec<String> = paths
                .iter()
                .flat_map(|(path, item)| {
                    item.as_object()
                        .unwrap()
                        .keys()
                        .map(move |method| format!("{method} {path}"))
                })
                .collect();
            listed.sort();
            assert_eq!(
                listed,
                [
                    "delete /contacts/{id}",
                    "get /contacts/search",
                    "get /contacts/search/{field}",
                    "get /contacts/{contactId}/notes/{noteId}",
                    "get /contacts/{id}",
                    "get /contacts/{id}/notes",
                    "get /contacts/{id}/notes/latest",
                    "get /workspaces/{workspace}/users/me",
                    "get /workspaces/{workspace}/users/{userId}",
                    "post /contacts/merge",
                    "post /contacts/search",
                ]
            );
            let note = &paths["/contacts/{contactId}/notes/{noteId}"]["get"];
            assert_eq!(note["operationId"], "getNote");
            assert_eq!(note["parameters"][0]["name"], "contactId");
            let search = &paths["/contacts/search"]["get"];
            assert_eq!(search["summary"], "Search contacts");
            assert_eq!(search["tags"][0], "contacts");
            assert!(document["components"]["schemas"]["Contact"].is_object());
        }
    }
}
