//! `serve`'s loggers: the helpdesk's own and the request log given to dropshot, over one
//! stderr output.

use super::{LogFormat, RequestDrain};
use dropshot::ConfigLoggingLevel;
use std::sync::Arc;

/// Stderr loggers like dropshot's `ConfigLogging::StderrTerminal`, but ones that drop
/// records below their level on the caller's thread. dropshot's filters on its logging
/// thread, so each request's (dropped) info line crossed a channel and woke that thread:
/// per request a futex wake and two `sched_yield`s (strace), on a machine where the
/// logging thread competes with the server for the same cores.
///
/// Two loggers over one output: the helpdesk's own at `level`, and the request logger
/// given to dropshot at `request_level`, which also counts each answered request in the
/// metrics and names its API and operation ([`RequestDrain`]). One output thread writes
/// both, so their lines never interleave.
///
/// Dropping the guard writes out what is queued: the process may exit with tasks still
/// holding the logger, so the last lines would otherwise be lost. Records logged after
/// that are dropped rather than panicking.
pub(super) fn loggers(
    level: ConfigLoggingLevel,
    request_level: ConfigLoggingLevel,
    format: LogFormat,
) -> (slog::Logger, slog::Logger, slog_async::AsyncGuard) {
    use slog::Drain;
    let formatted: Box<dyn Drain<Ok = (), Err = slog::Never> + Send> = match format {
        LogFormat::Text => {
            let decorator = slog_term::TermDecorator::new().build();
            Box::new(slog_term::FullFormat::new(decorator).build().fuse())
        }
        // ts, level, msg, then every field of the record (req_id, api, operation,
        // response_code, latency_us on a request's line).
        LogFormat::Json => Box::new(
            slog_json::Json::new(std::io::stderr())
                .add_default_keys()
                .build()
                .fuse(),
        ),
    };
    let (drain, guard) = slog_async::Async::new(formatted)
        .chan_size(1024)
        .build_with_guard();
    let output = Arc::new(drain.ignore_res());
    let own = slog::LevelFilter::new(output.clone(), slog::Level::from(&level));
    let requests = slog::LevelFilter::new(output, slog::Level::from(&request_level));
    let requests = RequestDrain::new(requests);
    (
        slog::Logger::root(own.fuse(), slog::o!()),
        slog::Logger::root(requests.fuse(), slog::o!()),
        guard,
    )
}
