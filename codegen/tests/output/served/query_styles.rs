//! The `query_styles` golden implemented and served on 127.0.0.1: arrays and objects in
//! the query reach their methods typed, in each style the document gives them, a text
//! that is not its type is a 400 naming the parameter, and the served document lists
//! each such parameter as the document writes it (dropshot itself would say a string).

use crate::query_styles::{
    FindPointsQuery, ListItemsQuery, StructuredQuery, WidgetApi, served_openapi, widget_api_mod,
};
use dropshot::{HttpError, HttpResponseOk, RequestContext};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

enum Served {}

/// What a method received, as JSON: the answer's body.
fn received<T: serde::Serialize>(
    query: StructuredQuery<T>,
) -> Result<HttpResponseOk<String>, HttpError> {
    Ok(HttpResponseOk(
        serde_json::to_string(&query.into_inner()).expect("JSON"),
    ))
}

impl WidgetApi for Served {
    type Context = ();

    async fn list_items(
        _: RequestContext<()>,
        query: StructuredQuery<ListItemsQuery>,
    ) -> Result<HttpResponseOk<String>, HttpError> {
        received(query)
    }

    async fn find_points(
        _: RequestContext<()>,
        query: StructuredQuery<FindPointsQuery>,
    ) -> Result<HttpResponseOk<String>, HttpError> {
        received(query)
    }
}

/// The answer's status line and body, over a connection of its own.
async fn get(address: std::net::SocketAddr, target: &str) -> (String, String) {
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("the server accepts");
    let request = format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .expect("the request is sent");
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .await
        .expect("the answer arrives");
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head.lines().next().unwrap_or_default().to_string();
    (status, body.to_string())
}

/// A 200's body: the method's query, as JSON.
async fn typed(address: std::net::SocketAddr, target: &str) -> Value {
    let (status, body) = get(address, target).await;
    assert!(status.contains("200"), "{target}: {status} {body}");
    let text: String = serde_json::from_str(body.trim()).expect("a JSON string");
    serde_json::from_str(&text).expect("JSON")
}

/// A 400's message.
async fn refused(address: std::net::SocketAddr, target: &str) -> String {
    let (status, body) = get(address, target).await;
    assert!(status.contains("400"), "{target}: {status} {body}");
    let error: Value = serde_json::from_str(body.trim()).expect("a JSON error");
    error["message"].as_str().unwrap_or_default().to_string()
}

#[tokio::test]
async fn arrays_and_objects_reach_their_methods_typed() {
    let api = widget_api_mod::api_description::<Served>().expect("dropshot takes the trait");
    let log = dropshot::ConfigLogging::StderrTerminal {
        level: dropshot::ConfigLoggingLevel::Error,
    }
    .to_logger("query_styles")
    .expect("a logger");
    let config = dropshot::ConfigDropshot {
        bind_address: "127.0.0.1:0".parse().expect("an address"),
        ..Default::default()
    };
    let server = dropshot::ServerBuilder::new(api, (), log)
        .config(config)
        .start()
        .expect("the server starts");
    let address = server.local_addr();

    // form, exploded (the default): the key repeated.
    assert_eq!(
        typed(address, "/items?ids=1&ids=2").await,
        json!({"ids": [1, 2]})
    );
    // form not exploded, an enum's items, pipeDelimited, deepObject (brackets as sent
    // and percent-encoded), a scalar beside them.
    assert_eq!(
        typed(
            address,
            "/items?ids=3&tags=a,b&colours=red&colours=blue&sizes=1.5%7C2&filter[name]=x&filter%5Bage%5D=3&limit=10"
        )
        .await,
        json!({
            "ids": [3],
            "tags": ["a", "b"],
            "colours": ["red", "blue"],
            "sizes": [1.5, 2.0],
            "filter": {"name": "x", "age": 3},
            "limit": 10,
        })
    );
    // One value or several: an array either way.
    assert_eq!(
        typed(address, "/items?ids=5&modes=fast").await,
        json!({"ids": [5], "modes": ["fast"]})
    );
    assert_eq!(
        typed(address, "/items?ids=5&modes=fast&modes=slow").await,
        json!({"ids": [5], "modes": ["fast", "slow"]})
    );
    // An empty delimited value is an empty array.
    assert_eq!(
        typed(address, "/items?ids=4&tags=").await,
        json!({"ids": [4], "tags": []})
    );
    // form, exploded object: its properties are the query's keys.
    assert_eq!(
        typed(address, "/points?x=1.5&y=-2&exact=true&verbose=false").await,
        json!({"point": {"x": 1.5, "y": -2.0, "exact": true}, "verbose": false})
    );
    // form, not exploded object: property and value pairs in one value.
    assert_eq!(
        typed(address, "/points?x=0&y=0&size=w,3,h,4").await,
        json!({"point": {"x": 0.0, "y": 0.0}, "size": {"w": 3, "h": 4}})
    );
    let message = refused(address, "/points?x=0&y=0&size=w,3,h").await;
    assert!(message.contains("`size`"), "{message}");
    // An array of objects stays its raw string.
    assert_eq!(
        typed(address, "/points?x=0&y=0&shapes=anything").await,
        json!({"point": {"x": 0.0, "y": 0.0}, "shapes": "anything"})
    );

    // Refused before the method, naming the parameter.
    let message = refused(address, "/items?ids=1&ids=x").await;
    assert!(
        message.contains("`ids`") && message.contains("an integer"),
        "{message}"
    );
    let message = refused(address, "/items?tags=a").await;
    assert!(message.contains("missing field `ids`"), "{message}");
    let message = refused(address, "/items?ids=1&colours=purple").await;
    assert!(
        message.contains("`colours`") && message.contains("`red`"),
        "{message}"
    );
    let message = refused(address, "/items?ids=1&filter[age]=old").await;
    assert!(message.contains("`filter[age]`"), "{message}");
    let message = refused(address, "/points?x=1").await;
    assert!(message.contains("missing field `y`"), "{message}");
    let message = refused(address, "/points?x=1&y=2&exact=maybe").await;
    assert!(message.contains("`exact`"), "{message}");

    server.close().await.expect("the server stops");
}

#[test]
fn the_served_document_lists_each_parameter_as_written() {
    let document = served_openapi("Query styles", dropshot::semver::Version::new(1, 0, 0))
        .expect("a document");
    let parameter = |path: &str, name: &str| -> Value {
        document["paths"][path]["get"]["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .find(|parameter| parameter["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{path} {name}"))
    };
    let ids = parameter("/items", "ids");
    assert_eq!(
        ids["schema"],
        json!({"type": "array", "items": {"type": "integer", "format": "int64"}})
    );
    assert_eq!(
        (&ids["in"], &ids["required"]),
        (&json!("query"), &json!(true))
    );
    // `style: form` is the default a query parameter has: written or not, it is left out.
    assert!(
        ids.get("style").is_none() && ids.get("explode").is_none(),
        "{ids}"
    );
    let tags = parameter("/items", "tags");
    assert_eq!(tags["schema"]["items"], json!({"type": "string"}));
    assert_eq!((tags.get("style"), &tags["explode"]), (None, &json!(false)));
    assert_eq!(tags["description"], "Tags, comma-separated (`tags=a,b`).");
    let colours = parameter("/items", "colours");
    assert_eq!(
        colours["schema"]["items"],
        json!({"$ref": "#/components/schemas/Colour"})
    );
    assert_eq!(
        document["components"]["schemas"]["Colour"]["enum"],
        json!(["red", "green", "blue"])
    );
    assert_eq!(parameter("/items", "sizes")["style"], "pipeDelimited");
    let filter = parameter("/items", "filter");
    assert_eq!(
        (&filter["style"], &filter["explode"]),
        (&json!("deepObject"), &json!(true))
    );
    assert_eq!(
        filter["schema"],
        json!({"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}}})
    );
    // A scalar stays as dropshot writes it.
    assert_eq!(parameter("/items", "limit")["schema"]["type"], "integer");
    let point = parameter("/points", "point");
    assert_eq!(point["schema"]["required"], json!(["x", "y"]));
    assert_eq!(
        (point.get("style"), &point["required"]),
        (None, &json!(true))
    );
    // What stays a raw string is served as one.
    assert_eq!(parameter("/points", "shapes")["schema"]["type"], "string");
}
