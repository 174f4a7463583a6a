//! The `dropshot_extensions` golden implemented and served on 127.0.0.1: a union path
//! parameter reaches its method as the enum variant its text reads as, and a paginated
//! list hands out pages and reads its token back, through dropshot's own
//! `PaginationParams` and `ResultsPage`; an operation with an error type of its own
//! answers its documented body with the status the method chose.

use crate::dropshot_extensions::{
    DocumentedError, Name, NameOrId, Widget, WidgetApi, WidgetBlobPath, WidgetConsolePath,
    WidgetDeletePath, WidgetListScanParams, WidgetResetError, WidgetResetErrorReason,
    WidgetResetPath, WidgetUpdatePath, widget_api_mod,
};
use dropshot::{
    ErrorStatusCode, FreeformBody, HttpError, HttpResponseDeleted, HttpResponseOk,
    HttpResponseUpdatedNoContent, PaginationParams, Path, Query, RequestContext, ResultsPage,
    WebsocketChannelResult, WebsocketConnection, WhichPage,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const FIRST: &str = "6d1a3b1e-6f6a-4a8e-9d55-2f1f8f7d0a01";

enum Served {}

fn widgets() -> Vec<Widget> {
    ["alpha", "beta", "gamma"]
        .iter()
        .enumerate()
        .map(|(index, name)| Widget {
            id: format!("6d1a3b1e-6f6a-4a8e-9d55-2f1f8f7d0a0{}", index + 1)
                .parse()
                .expect("a uuid"),
            name: name.parse::<Name>().expect("a name"),
            note: None,
        })
        .collect()
}

impl WidgetApi for Served {
    type Context = ();

    async fn widget_list(
        rqctx: RequestContext<()>,
        query: Query<PaginationParams<WidgetListScanParams, serde_json::Value>>,
    ) -> Result<HttpResponseOk<ResultsPage<Widget>>, HttpError> {
        let pagination = query.into_inner();
        let limit = rqctx.page_limit(&pagination)?.get() as usize;
        let (scan, after) = match &pagination.page {
            WhichPage::First(scan) => (scan.clone(), None),
            WhichPage::Next(token) => (
                WidgetListScanParams { sort_by: None },
                token.as_str().map(str::to_string),
            ),
        };
        let page: Vec<Widget> = widgets()
            .into_iter()
            .filter(|widget| {
                after
                    .as_deref()
                    .is_none_or(|after| widget.name.as_str() > after)
            })
            .take(limit)
            .collect();
        Ok(HttpResponseOk(ResultsPage::new(
            page,
            &scan,
            |widget, _| serde_json::Value::String(widget.name.as_str().to_string()),
        )?))
    }

    async fn widget_update(
        _rqctx: RequestContext<()>,
        _path: Path<WidgetUpdatePath>,
    ) -> Result<HttpResponseUpdatedNoContent, HttpError> {
        Ok(HttpResponseUpdatedNoContent())
    }

    async fn widget_delete(
        _rqctx: RequestContext<()>,
        _path: Path<WidgetDeletePath>,
    ) -> Result<HttpResponseDeleted, HttpError> {
        Ok(HttpResponseDeleted())
    }

    async fn widget_blob(
        _rqctx: RequestContext<()>,
        path: Path<WidgetBlobPath>,
    ) -> Result<HttpResponseOk<FreeformBody>, HttpError> {
        let said = match path.into_inner().widget {
            NameOrId::Id(id) => format!("id {id}"),
            NameOrId::Name2(name) => format!("name {}", name.as_str()),
        };
        Ok(HttpResponseOk(FreeformBody(dropshot::Body::from(said))))
    }

    async fn widget_reset(
        _rqctx: RequestContext<()>,
        path: Path<WidgetResetPath>,
    ) -> Result<HttpResponseUpdatedNoContent, DocumentedError<WidgetResetError>> {
        match path.into_inner().widget {
            NameOrId::Name2(name) if name.as_str() == "busy" => Err(DocumentedError::new(
                ErrorStatusCode::CONFLICT,
                WidgetResetError {
                    reason: WidgetResetErrorReason::Busy,
                },
            )),
            _ => Ok(HttpResponseUpdatedNoContent()),
        }
    }

    async fn widget_console(
        _rqctx: RequestContext<()>,
        _path: Path<WidgetConsolePath>,
        _upgraded: WebsocketConnection,
    ) -> WebsocketChannelResult {
        Ok(())
    }
}

/// The answer's status line and body, over a connection of its own.
async fn get(address: std::net::SocketAddr, target: &str) -> (String, String) {
    send(address, "GET", target).await
}

/// [`get`] with any method.
async fn send(address: std::net::SocketAddr, method: &str, target: &str) -> (String, String) {
    let mut stream = tokio::net::TcpStream::connect(address)
        .await
        .expect("the server accepts");
    let request = format!(
        "{method} {target} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
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

#[tokio::test]
async fn union_parameters_and_pages_reach_their_methods() {
    let api = widget_api_mod::api_description::<Served>().expect("dropshot takes the trait");
    let log = dropshot::ConfigLogging::StderrTerminal {
        level: dropshot::ConfigLoggingLevel::Error,
    }
    .to_logger("dropshot_extensions")
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

    let (status, body) = get(address, &format!("/widgets/{FIRST}/blob")).await;
    assert!(status.contains("200"), "{status}");
    assert!(body.ends_with(&format!("id {FIRST}")), "{body}");
    let (status, body) = get(address, "/widgets/beta/blob").await;
    assert!(status.contains("200"), "{status}");
    assert!(body.ends_with("name beta"), "{body}");
    // Neither a uuid nor a name: refused before the method, naming the parameter.
    let (status, _) = get(address, "/widgets/Not%20A%20Name/blob").await;
    assert!(status.contains("400"), "{status}");

    let (status, body) = get(address, "/widgets?limit=2&sort_by=name_ascending").await;
    assert!(status.contains("200"), "{status}");
    let first: serde_json::Value =
        serde_json::from_str(body.trim_start_matches(|c: char| c != '{')).expect("JSON");
    assert_eq!(first["items"].as_array().map(Vec::len), Some(2), "{first}");
    let token = first["next_page"].as_str().expect("a next page");
    let (status, body) = get(address, &format!("/widgets?limit=2&page_token={token}")).await;
    assert!(status.contains("200"), "{status}");
    let second: serde_json::Value =
        serde_json::from_str(body.trim_start_matches(|c: char| c != '{')).expect("JSON");
    assert_eq!(second["items"][0]["name"], "gamma", "{second}");

    // The documented error: its body as the document writes it, the method's status.
    let (status, body) = send(address, "POST", "/widgets/busy/reset").await;
    assert!(status.contains("409"), "{status}");
    assert!(body.contains(r#"{"reason":"busy"}"#), "{body}");
    let (status, _) = send(address, "POST", "/widgets/idle/reset").await;
    assert!(status.contains("204"), "{status}");
    // dropshot's own refusal goes through the same type, with dropshot's message.
    let (status, body) = send(address, "POST", "/widgets/Not%20A%20Name/reset").await;
    assert!(status.contains("400"), "{status}");
    assert!(body.contains("message"), "{body}");

    server.close().await.expect("the server stops");
}
