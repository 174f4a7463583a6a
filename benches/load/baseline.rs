//! The baseline: a bare hyper 1.x server answering the same bytes from memory, in a
//! process of its own (this bench binary, re-run with `FIN_HELPDESK_BENCH_BASELINE_BODY`
//! naming a file of the bytes) so its CPU time is read from `/proc` exactly as the
//! server's is. It uses tokio's default multi-threaded runtime (one worker per CPU), and
//! exits when its standard input closes, i.e. when the bench that started it ends.

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

/// Starts the baseline process answering `body`.
pub fn start(body: &[u8], workdir: &Path) -> Result<Baseline> {
    let body_file = workdir.join("baseline-body.json");
    std::fs::write(&body_file, body)?;
    let mut child = Command::new(std::env::current_exe()?)
        .env(BODY_ENV, &body_file)
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
