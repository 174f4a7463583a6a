//! A dropshot server for `openapi.yaml` ("Parameters" 1.0.0): every operation answers
//! 501 Not Implemented until you implement it. `cargo run` serves on 127.0.0.1:8080 (or
//! the address in `BIND`); `cargo run -- openapi` prints the document the trait serves.

#[allow(unused_imports)]
use api::*;
use dropshot::{Header, HttpError, Path, RequestContext};

/// The types and the trait generated from the document by `build.rs`.
#[allow(clippy::all, dead_code, unused_imports)]
mod api {
    include!(concat!(env!("OUT_DIR"), "/api.rs"));
}

/// The implementation: an uninhabited type, the state lives in `Context`.
enum ServerImpl {}

#[allow(unused_variables)]
impl ParametersApi for ServerImpl {
    type Context = ();
    /// GET /things/{thingId}
    async fn get_thing(
        rqctx: RequestContext<Self::Context>,
        path: Path<GetThingPath>,
        headers: Header<RequestHeaders>,
        query: StructuredQuery<GetThingQuery>,
    ) -> Result<GetThingResponse200, HttpError> {
        Err(not_implemented("get_thing"))
    }
}

/// The answer of every operation not implemented yet: 501, naming it.
fn not_implemented(operation: &str) -> HttpError {
    let message = format!("operation `{operation}` is not implemented");
    HttpError {
        status_code: dropshot::ErrorStatusCode::NOT_IMPLEMENTED,
        error_code: Some("NotImplemented".to_string()),
        external_message: message.clone(),
        internal_message: message,
        headers: None,
    }
}

/// dropshot wants a semantic version; the document's own string is put back after.
fn served_document() -> Result<serde_json::Value, String> {
    let version = "1.0.0";
    let semantic = semver::Version::parse(version)
        .or_else(|_| semver::Version::parse(&format!("{version}.0")))
        .unwrap_or(semver::Version::new(0, 0, 0));
    let mut document = api::served_openapi("Parameters", semantic)?;
    document["info"]["version"] = serde_json::Value::String(version.to_string());
    Ok(document)
}

#[tokio::main]
async fn main() -> Result<(), String> {
    if std::env::args().nth(1).as_deref() == Some("openapi") {
        let document = served_document()?;
        let text = serde_json::to_string_pretty(&document)
            .map_err(|error| error.to_string())?;
        println!("{text}");
        return Ok(());
    }
    let bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:8080".to_string());
    let bind_address = bind.parse().map_err(|error| format!("BIND `{bind}`: {error}"))?;
    let log = dropshot::ConfigLogging::StderrTerminal {
        level: dropshot::ConfigLoggingLevel::Info,
    }
        .to_logger("server")
        .map_err(|error| error.to_string())?;
    let api = api::parameters_api_mod::api_description::<ServerImpl>()
        .map_err(|error| error.to_string())?;
    let config = dropshot::ConfigDropshot {
        bind_address,
        ..Default::default()
    };
    let server = dropshot::ServerBuilder::new(api, (), log)
        .config(config)
        .start()
        .map_err(|error| error.to_string())?;
    eprintln!("serving on http://{}", server.local_addr());
    server.await
}
