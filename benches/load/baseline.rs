//! The two references get_conversation is measured against, each answering the same
//! bytes from memory in a process of its own (this bench binary, re-run with
//! `FIN_HELPDESK_BENCH_BASELINE_BODY` naming a file of the bytes) so its CPU time is read
//! from `/proc` exactly as the server's is:
//!
//! - [`Kind::Hyper`], the baseline: a bare hyper 1.x server, the floor of any Rust HTTP/1
//!   server;
//! - [`Kind::Dropshot`]: a dropshot server configured as `fin-helpdesk serve` configures
//!   its own (same `ConfigDropshot`, handler task mode, request logger filtered at the same
//!   level on the caller's thread), with one endpoint at `GET /conversation` that extracts
//!   the same query and answers the bytes, with no authentication and no database: the
//!   floor of the framework the project must use. The server's cost above it is ours.
//!
//! Both use tokio's default multi-threaded runtime (one worker per CPU, as the server's
//! `Runtime::new()`), and exit when their standard input closes, i.e. when the bench that
//! started them ends.

use std::convert::Infallible;
use std::io::{BufRead as _, Read as _, Write as _};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Response, header};
use hyper_util::rt::TokioIo;

type Result<T, E = Box<dyn std::error::Error + Send + Sync>> = std::result::Result<T, E>;

pub const BODY_ENV: &str = "FIN_HELPDESK_BENCH_BASELINE_BODY";
/// Which reference the child serves: `hyper` (or unset) or `dropshot`.
pub const KIND_ENV: &str = "FIN_HELPDESK_BENCH_BASELINE_KIND";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Hyper,
    Dropshot,
}

impl Kind {
    fn env_value(self) -> &'static str {
        match self {
            Kind::Hyper => "hyper",
            Kind::Dropshot => "dropshot",
        }
    }
}

/// The baseline child process; killed when dropped.
pub struct Baseline {
    child: Child,
    pub addr: SocketAddr,
}

impl Baseline {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Baseline {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts a reference process of `kind` answering `body`.
pub fn start(body: &[u8], workdir: &Path, kind: Kind) -> Result<Baseline> {
    let body_file = workdir.join(format!("baseline-body-{}.json", kind.env_value()));
    std::fs::write(&body_file, body)?;
    let mut child = Command::new(std::env::current_exe()?)
        .env(BODY_ENV, &body_file)
        .env(KIND_ENV, kind.env_value())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()?;
    let stdout = child.stdout.take().ok_or("no stdout from the baseline")?;
    let mut line = String::new();
    std::io::BufReader::new(stdout).read_line(&mut line)?;
    let addr = match line.trim().strip_prefix("listening ") {
        Some(addr) => addr.parse()?,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("the baseline did not start: {line:?}").into());
        }
    };
    Ok(Baseline { child, addr })
}

/// The child's side: serve until standard input closes.
pub fn serve(body_file: &Path) -> std::process::ExitCode {
    let result = (|| -> Result<()> {
        let body = Bytes::from(std::fs::read(body_file)?);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?;
        let addr = match std::env::var(KIND_ENV).as_deref() {
            Ok("dropshot") => {
                let server = runtime.block_on(async { serve_dropshot(body) })?;
                let addr = server.local_addr();
                // Kept running until the process exits.
                std::mem::forget(server);
                addr
            }
            _ => serve_hyper(&runtime, body)?,
        };
        let mut stdout = std::io::stdout();
        writeln!(stdout, "listening {addr}")?;
        stdout.flush()?;
        // Until the bench closes our stdin (or exits).
        let mut sink = Vec::new();
        let _ = std::io::stdin().read_to_end(&mut sink);
        runtime.shutdown_background();
        Ok(())
    })();
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("baseline: {error}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn serve_hyper(runtime: &tokio::runtime::Runtime, body: Bytes) -> Result<SocketAddr> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    runtime.spawn(async move {
        let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
            return;
        };
        while let Ok((stream, _)) = listener.accept().await {
            let _ = stream.set_nodelay(true);
            let body = body.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |_request| {
                    let mut response = Response::new(Full::new(body.clone()));
                    response.headers_mut().insert(
                        header::CONTENT_TYPE,
                        header::HeaderValue::from_static("application/json"),
                    );
                    async move { Ok::<_, Infallible>(response) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok(addr)
}

/// What the dropshot reference's one endpoint extracts: the same query as
/// get_conversation's.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct ConversationQuery {
    #[allow(dead_code)]
    conversation_id: String,
}

#[dropshot::endpoint { method = GET, path = "/conversation" }]
async fn conversation(
    rqctx: dropshot::RequestContext<Bytes>,
    _query: dropshot::Query<ConversationQuery>,
) -> Result<Response<dropshot::Body>, dropshot::HttpError> {
    let mut response = Response::new(dropshot::Body::from(rqctx.context().clone()));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

/// The dropshot reference, with the server's configuration (`server::start`) and its
/// request logger (`src/cli/logging.rs`: a stderr logger at warn that drops the
/// per-request info lines on the request's thread).
fn serve_dropshot(body: Bytes) -> Result<dropshot::HttpServer<Bytes>> {
    use slog::Drain as _;
    let mut api = dropshot::ApiDescription::new();
    api.register(conversation)
        .map_err(|error| format!("cannot describe the reference: {error}"))?;
    let decorator = slog_term::TermDecorator::new().build();
    let formatted = slog_term::FullFormat::new(decorator).build().fuse();
    let drain = slog_async::Async::new(formatted).chan_size(1024).build();
    let filtered = slog::LevelFilter::new(drain.ignore_res(), slog::Level::Warning);
    let log = slog::Logger::root(filtered.fuse(), slog::o!());
    let config = dropshot::ConfigDropshot {
        bind_address: "127.0.0.1:0".parse()?,
        default_request_body_max_bytes: 1024 * 1024,
        default_handler_task_mode: dropshot::HandlerTaskMode::Detached,
        ..dropshot::ConfigDropshot::default()
    };
    let server = dropshot::ServerBuilder::new(api, body, log)
        .config(config)
        .start()
        .map_err(|error| format!("cannot start the dropshot reference: {error}"))?;
    Ok(server)
}
