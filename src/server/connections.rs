//! Which connections the server serves: at most so many open at once, in total and from
//! one client address, and none left open once idle. dropshot hands each accepted
//! connection here before reading any of it (`ConnectionAdmission`, a hook our vendored
//! dropshot adds: 0.18 accepts and serves every connection itself).

use dropshot::{ConnectionAdmission, ServedStream};
use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};

/// How many connections may be open, and how long one may stay idle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Open connections in all; kept well under the usual open-file limit (1024 soft on
    /// many systems counts files and database connections too) by the default.
    pub max_total: usize,
    /// Open connections from one client address (an IPv6 client counts by its /64, which
    /// one host usually holds whole).
    pub max_per_address: usize,
    /// A connection that neither sends nor receives a byte for this long is closed:
    /// HTTP/1 idle keep-alive and HTTP/2 alike (hyper has no HTTP/2 idle timeout). A
    /// request in flight counts as idle too while it waits on the database, so this must
    /// outlast the storage timeout (`serve` checks).
    pub idle_timeout: Duration,
}

impl Default for ConnectionLimits {
    /// A proxy or NAT may put many honest clients behind one address, and Fin itself
    /// opens a few connections per replica: 64 leaves them room while one address can
    /// hold at most a sixteenth of the 1024. 60 s is longer than any answer takes (the
    /// database bound is 2 s, a body 20 s) and than the inbox's event stream's silence.
    fn default() -> Self {
        ConnectionLimits {
            max_total: 1024,
            max_per_address: 64,
            idle_timeout: Duration::from_secs(60),
        }
    }
}

/// Counts open connections and refuses those over a limit; each admitted connection
/// gives its place back when it closes.
pub struct Admission {
    limits: ConnectionLimits,
    open: Arc<Mutex<OpenConnections>>,
    log: slog::Logger,
}

#[derive(Default)]
struct OpenConnections {
    total: usize,
    per_client: HashMap<IpAddr, usize>,
}

impl Admission {
    pub fn new(limits: ConnectionLimits, log: slog::Logger) -> Self {
        Admission {
            limits,
            open: Arc::default(),
            log,
        }
    }

    /// Takes a place for a connection from `client`, or says which limit is reached.
    fn take_place(&self, client: IpAddr) -> Result<Place, &'static str> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if open.total >= self.limits.max_total {
            return Err("the server's connection limit");
        }
        let from_client = open.per_client.entry(client).or_default();
        if *from_client >= self.limits.max_per_address {
            return Err("the limit per client address");
        }
        *from_client += 1;
        open.total += 1;
        Ok(Place {
            client,
            open: self.open.clone(),
        })
    }
}

impl ConnectionAdmission for Admission {
    fn admit(&self, stream: TcpStream, remote_addr: SocketAddr) -> Option<Box<dyn ServedStream>> {
        match self.take_place(client_key(remote_addr.ip())) {
            Ok(place) => Some(Box::new(IdleCutStream::new(
                stream,
                self.limits.idle_timeout,
                place,
            ))),
            Err(limit) => {
                // Debug: under a flood, a line per refusal would flood the log too.
                slog::debug!(self.log, "connection refused"; "remote_addr" => %remote_addr,
                    "reason" => limit);
                None
            }
        }
    }
}

/// The address a client is counted under: IPv4 as is, IPv6 by its /64.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(Ipv6Addr::from(prefix))
            }
        },
    }
}

/// A connection's place in the counts, given back when the connection is dropped.
struct Place {
    client: IpAddr,
    open: Arc<Mutex<OpenConnections>>,
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.total = open.total.saturating_sub(1);
        if let Some(count) = open.per_client.get_mut(&self.client) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                // Addresses seen once must not grow the map for ever.
                open.per_client.remove(&self.client);
            }
        }
    }
}

/// A TCP stream that fails with `TimedOut` once no byte has gone either way for the idle
/// timeout, while hyper waits on it; hyper then closes the connection. Waiting to write
/// counts as idle too, so a client that stops reading is cut as well.
struct IdleCutStream {
    inner: TcpStream,
    idle_timeout: Duration,
    last_active: Instant,
    timer: Pin<Box<Sleep>>,
    _place: Place,
}

impl IdleCutStream {
    fn new(inner: TcpStream, idle_timeout: Duration, place: Place) -> Self {
        let now = Instant::now();
        IdleCutStream {
            inner,
            idle_timeout,
            last_active: now,
            timer: Box::pin(tokio::time::sleep_until(now + idle_timeout)),
            _place: place,
        }
    }

    /// Called while the stream is pending: an error once the idle timeout has passed.
    /// The timer is moved only here, not on every byte, to keep reads and writes cheap.
    fn poll_idle(&mut self, cx: &mut Context<'_>) -> Poll<io::Error> {
        let deadline = self.last_active + self.idle_timeout;
        if self.timer.deadline() != deadline {
            self.timer.as_mut().reset(deadline);
        }
        match self.timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(io::Error::new(
                io::ErrorKind::TimedOut,
                "connection idle for too long",
            )),
            Poll::Pending => Poll::Pending,
        }
    }

    /// A write's outcome, noting progress, or the idle error while it waits.
    fn wrote(
        &mut self,
        cx: &mut Context<'_>,
        written: Poll<io::Result<usize>>,
    ) -> Poll<io::Result<usize>> {
        match written {
            Poll::Ready(Ok(n)) => {
                if n > 0 {
                    self.last_active = Instant::now();
                }
                Poll::Ready(Ok(n))
            }
            Poll::Ready(Err(error)) => Poll::Ready(Err(error)),
            Poll::Pending => self.poll_idle(cx).map(Err),
        }
    }
}

impl AsyncRead for IdleCutStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    this.last_active = Instant::now();
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(error)) => Poll::Ready(Err(error)),
            Poll::Pending => this.poll_idle(cx).map(Err),
        }
    }
}

impl AsyncWrite for IdleCutStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let written = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.wrote(cx, written)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let written = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.wrote(cx, written)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admission(max_total: usize, max_per_address: usize) -> Admission {
        Admission::new(
            ConnectionLimits {
                max_total,
                max_per_address,
                idle_timeout: Duration::from_secs(60),
            },
            slog::Logger::root(slog::Discard, slog::o!()),
        )
    }

    #[test]
    fn places_are_limited_per_address_and_in_total_and_given_back() {
        let admission = admission(3, 2);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let c: IpAddr = "192.0.2.3".parse().unwrap();
        let a1 = admission.take_place(a).unwrap();
        let _a2 = admission.take_place(a).unwrap();
        assert_eq!(
            admission.take_place(a).err(),
            Some("the limit per client address")
        );
        let _b1 = admission.take_place(b).unwrap();
        assert_eq!(
            admission.take_place(c).err(),
            Some("the server's connection limit")
        );
        drop(a1);
        assert!(admission.take_place(c).is_ok());
        let open = admission.open.lock().unwrap();
        assert_eq!(open.total, 2, "c's place was dropped at once");
        assert_eq!(open.per_client.get(&a), Some(&1));
        assert!(!open.per_client.contains_key(&c), "empty entries go");
    }

    #[test]
    fn ipv6_clients_count_by_their_64_and_mapped_ipv4_as_ipv4() {
        let one: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let other: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(client_key(one), client_key(other));
        let elsewhere: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_ne!(client_key(one), client_key(elsewhere));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(client_key(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }
}
