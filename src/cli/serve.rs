//! `fin-helpdesk serve`: the server with its loggers and metrics listener, until a stop
//! signal, then a stop bounded by the shutdown timeout.

use super::logging::loggers;
use super::signals::Signals;
use super::{
    SECRET_FLAG_WARNING, ServeArgs, enable_metrics, serve_metrics, start_with_request_log,
};
use crate::error::Error;
use dropshot::ConfigLoggingLevel;
use std::process::ExitCode;

pub(super) async fn serve(args: ServeArgs, secret_flags: &[&str]) -> Result<ExitCode, Error> {
    let settings = args.resolve()?;
    // dropshot logs every request at info: keep those lines for `--log-level debug`, so
    // the default level costs nothing per request.
    let request_level = match settings.log_level {
        ConfigLoggingLevel::Debug | ConfigLoggingLevel::Trace => settings.log_level.clone(),
        _ => ConfigLoggingLevel::Warn,
    };
    let (log, request_log, _log_guard) = loggers(
        settings.log_level.clone(),
        request_level,
        settings.log_format,
    );
    for flag in secret_flags {
        slog::warn!(log, "{}", SECRET_FLAG_WARNING; "flag" => flag);
    }
    if settings.metrics_bind.is_some() {
        // Before the first request, so that none goes uncounted.
        enable_metrics();
    }
    let running = start_with_request_log(settings.server.clone(), log.clone(), request_log).await?;
    let metrics_server = match settings.metrics_bind {
        Some(bind) => {
            let metrics = serve_metrics(bind, running.state.store.clone(), log.clone())?;
            slog::info!(log, "serving Prometheus metrics at GET /metrics";
                "address" => %metrics.local_addr());
            Some(metrics)
        }
        None => None,
    };
    if let Some(token) = &running.generated_api_token {
        // Shown once: only its hash is stored.
        println!(
            "No credentials were configured, so an API token was generated. Keep it; it is not shown again:"
        );
        println!("{}", token.expose());
    }
    slog::info!(log, "serving the Fin Custom Helpdesk API";
        "address" => %running.local_addr,
        "database" => redact_url(&settings.server.database_url),
        "signatures" => if settings.server.signing_secret.is_some() { "required" } else { "not checked" });
    // Installed once the server is up: until then a signal's default action ends the
    // process at once, which is what a start stuck on an unreachable database needs.
    let mut signals = Signals::new().map_err(Error::Command)?;
    let first = signals.next().await;
    let timeout = settings.server.shutdown_timeout;
    slog::info!(log, "shutting down: no new requests or outbox claims; finishing what is \
        in flight, for at most the shutdown timeout (a second signal exits at once)";
        "signal" => first.name(), "shutdown_timeout_secs" => timeout.as_secs());
    if let Some(metrics) = metrics_server {
        // Nothing to finish there: a scrape in flight may be cut off.
        let _ = metrics.close().await;
    }
    let report = tokio::select! {
        report = running.stop() => report,
        second = signals.next() => {
            slog::warn!(log, "second signal: exiting at once, abandoning what is in flight \
                (queued events stay queued)"; "signal" => second.name());
            return Ok(ExitCode::from(second.exit_status()));
        }
    };
    if let Some(error) = &report.server_error {
        return Err(Error::Command(format!(
            "the server failed while stopping: {error}"
        )));
    }
    if report.is_clean() {
        slog::info!(log, "stopped");
    } else {
        // Every event stays queued; what differs is when another worker may send it.
        let outbox = &report.outbox;
        let (due_now, after_lease) = if outbox.released {
            (outbox.abandoned.as_slice(), &[][..])
        } else {
            (&[][..], outbox.abandoned.as_slice())
        };
        slog::warn!(log, "stopped with work left unfinished (see above); queued events \
            stay queued";
            "requests_abandoned" => report.requests_abandoned,
            "events_due_at_once" => format!("{due_now:?}"),
            "events_sent_after_their_lease" => format!("{after_lease:?}"),
            "claim_cut_off" => outbox.cut_off);
    }
    Ok(ExitCode::SUCCESS)
}

/// The database URL without its password, for the log.
fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("[redacted]"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}
