//! The signals that stop `serve`: SIGTERM (orchestrators, `kill`) and SIGINT (Ctrl-C).

/// The stop signals, installed once, so the second one is seen even while the first is
/// being handled.
pub(super) struct Signals {
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Stop {
    Terminate,
    Interrupt,
}

impl Stop {
    pub(super) fn name(self) -> &'static str {
        match self {
            Stop::Terminate => "SIGTERM",
            Stop::Interrupt => "SIGINT",
        }
    }

    /// The status a shell reports for a process killed by this signal (128 + its number).
    pub(super) fn exit_status(self) -> u8 {
        match self {
            Stop::Terminate => 128 + 15,
            Stop::Interrupt => 128 + 2,
        }
    }
}

impl Signals {
    #[cfg(unix)]
    pub(super) fn new() -> Result<Signals, String> {
        use tokio::signal::unix::{SignalKind, signal};
        let install = |kind: SignalKind| {
            signal(kind).map_err(|error| format!("cannot handle stop signals: {error}"))
        };
        Ok(Signals {
            terminate: install(SignalKind::terminate())?,
            interrupt: install(SignalKind::interrupt())?,
        })
    }

    #[cfg(not(unix))]
    pub(super) fn new() -> Result<Signals, String> {
        Ok(Signals {})
    }

    #[cfg(unix)]
    pub(super) async fn next(&mut self) -> Stop {
        tokio::select! {
            _ = self.terminate.recv() => Stop::Terminate,
            _ = self.interrupt.recv() => Stop::Interrupt,
        }
    }

    #[cfg(not(unix))]
    pub(super) async fn next(&mut self) -> Stop {
        // Without a handler Ctrl-C would kill the process outright.
        let _ = tokio::signal::ctrl_c().await;
        Stop::Interrupt
    }
}
