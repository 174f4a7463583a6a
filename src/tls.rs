//! TLS for `serve`: reads the PEM certificate chain and private key, builds the rustls
//! configuration (TLS 1.2 and 1.3 only), swaps in a renewed pair on SIGHUP or when the
//! files change, and reports the served certificate's expiry (metric and log warning).

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, SystemTime};

/// How often the files' metadata is looked at. Polling rather than inotify: it needs no
/// dependency, and it sees a Kubernetes secret volume's update (a symlink swapped above
/// the file, which a watch on the file itself misses) as well as an ACME client's rename;
/// a certificate renewed days before it expires can wait these seconds.
pub const POLL_INTERVAL: Duration = Duration::from_secs(10);

/// From this long before the served certificate expires, the log warns (at start, and
/// then once a day).
pub const EXPIRY_WARNING: Duration = Duration::from_secs(14 * 24 * 3600);

/// The PEM files `serve` reads its certificate chain and private key from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// The certificate chain, leaf first.
    pub cert: PathBuf,
    /// The private key (PKCS #8, PKCS #1 or SEC1).
    pub key: PathBuf,
}

/// Why a certificate and key cannot be served. Every variant names the file; none quotes
/// the key file's content (PEM parse errors can echo a line, so they are not passed on).
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot read the TLS {what} file {path}: {source}")]
    Read {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the TLS certificate file {0} holds no valid PEM certificate")]
    NoCertificate(PathBuf),
    #[error("the TLS certificate in {0} is not a valid X.509 certificate")]
    BadCertificate(PathBuf),
    #[error("the TLS key file {0} holds no valid PEM private key (PKCS #8, PKCS #1 or SEC1)")]
    NoKey(PathBuf),
    #[error("the private key in {0} is of a kind that cannot be used")]
    UnusableKey(PathBuf),
    #[error("the private key in {key} does not match the certificate in {cert}")]
    Mismatch { cert: PathBuf, key: PathBuf },
    #[error("cannot set up TLS: {0}")]
    Setup(String),
}

/// A certificate chain with its key, checked to belong together, and when it expires.
#[derive(Debug, Clone)]
pub struct LoadedCertificate {
    key: Arc<CertifiedKey>,
    /// The leaf certificate's notAfter, in Unix seconds.
    pub not_after: i64,
}

impl LoadedCertificate {
    /// The leaf certificate, DER-encoded.
    pub fn leaf(&self) -> &[u8] {
        self.key.cert.first().map_or(&[][..], |cert| cert.as_ref())
    }
}

/// The crypto provider dropshot's rustls is built with (aws-lc-rs); named here rather
/// than taken from the process default, which is unset when two providers are linked.
fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

fn read(what: &'static str, path: &Path) -> Result<Vec<u8>, TlsError> {
    std::fs::read(path).map_err(|source| TlsError::Read {
        what,
        path: path.to_path_buf(),
        source,
    })
}

/// Reads and checks a certificate chain and its key: both parse, the key is usable and
/// is the certificate's.
pub fn load(files: &TlsFiles) -> Result<LoadedCertificate, TlsError> {
    let cert_pem = read("certificate", &files.cert)?;
    let key_pem = read("key", &files.key)?;
    let certs = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| TlsError::NoCertificate(files.cert.clone()))?;
    let leaf = certs
        .first()
        .ok_or_else(|| TlsError::NoCertificate(files.cert.clone()))?;
    let not_after = not_after(leaf).ok_or_else(|| TlsError::BadCertificate(files.cert.clone()))?;
    let key =
        PrivateKeyDer::from_pem_slice(&key_pem).map_err(|_| TlsError::NoKey(files.key.clone()))?;
    let signing_key = provider()
        .key_provider
        .load_private_key(key)
        .map_err(|_| TlsError::UnusableKey(files.key.clone()))?;
    let certified = CertifiedKey::new(certs, signing_key);
    match certified.keys_match() {
        Ok(()) => {}
        // The provider cannot tell (a key kind without a public half to compare): the
        // handshake will, so serving it is no worse than before the check existed.
        Err(rustls::Error::InconsistentKeys(rustls::InconsistentKeys::Unknown)) => {}
        Err(_) => {
            return Err(TlsError::Mismatch {
                cert: files.cert.clone(),
                key: files.key.clone(),
            });
        }
    }
    Ok(LoadedCertificate {
        key: Arc::new(certified),
        not_after,
    })
}

/// The certificate served to each new handshake; swapped whole by a reload, so a
/// connection in flight keeps the session it has and the next one gets the new pair.
#[derive(Debug)]
pub struct CertificateSlot(RwLock<LoadedCertificate>);

impl CertificateSlot {
    pub fn new(loaded: LoadedCertificate) -> Arc<CertificateSlot> {
        Arc::new(CertificateSlot(RwLock::new(loaded)))
    }

    pub fn current(&self) -> LoadedCertificate {
        self.0
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn replace(&self, loaded: LoadedCertificate) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = loaded;
    }
}

impl ResolvesServerCert for CertificateSlot {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(
            self.0
                .read()
                .unwrap_or_else(PoisonError::into_inner)
                .key
                .clone(),
        )
    }
}

/// The rustls configuration `serve` hands dropshot: TLS 1.3 and 1.2 only (rustls has no
/// older version), HTTP/2 and HTTP/1.1 by ALPN, the certificate from `slot`.
///
/// Served through a resolver rather than dropshot's `HttpServer::refresh_tls`: that one
/// needs the server handle (owned by whoever stops the server, not by a background
/// task), and panics on a pair it cannot use, where a reload must keep the old one.
pub fn server_config(slot: Arc<CertificateSlot>) -> Result<rustls::ServerConfig, TlsError> {
    let mut config = rustls::ServerConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|error| TlsError::Setup(error.to_string()))?
        .with_no_client_auth()
        .with_cert_resolver(slot);
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(config)
}

/// What identifies one version of a file: a rewrite, a rename over it or a symlink
/// swapped above it changes at least one of these.
fn stamp(path: &Path) -> Option<(SystemTime, u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len(), meta.ino()))
}

type Stamps = (
    Option<(SystemTime, u64, u64)>,
    Option<(SystemTime, u64, u64)>,
);

fn stamps(files: &TlsFiles) -> Stamps {
    (stamp(&files.cert), stamp(&files.key))
}

/// Records the expiry in the metric and warns when it is near.
fn report_expiry(loaded: &LoadedCertificate, files: &TlsFiles, log: &slog::Logger) -> bool {
    if let Some(metrics) = crate::metrics::get() {
        metrics.set_tls_certificate_expiry(&files.cert.display().to_string(), loaded.not_after);
    }
    let now = chrono::Utc::now().timestamp();
    let left = loaded.not_after - now;
    let warning = i64::try_from(EXPIRY_WARNING.as_secs()).unwrap_or(i64::MAX);
    if left < warning {
        slog::warn!(log, "the TLS certificate served expires soon: renew it (the new one is \
            picked up on SIGHUP or within seconds of the files changing)";
            "file" => %files.cert.display(),
            "expires_in_days" => left.div_euclid(86_400),
            "not_after_unix" => loaded.not_after);
        return true;
    }
    false
}

/// Reloads the pair into `slot` when asked to (SIGHUP) or when the files change; a pair
/// that fails to load leaves the one served in place and is logged, naming the file.
/// Stops when dropped.
pub struct Watcher {
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Watcher {
    pub fn start(
        files: TlsFiles,
        slot: Arc<CertificateSlot>,
        log: slog::Logger,
    ) -> Result<Watcher, TlsError> {
        use tokio::signal::unix::{SignalKind, signal};
        let mut hangups = signal(SignalKind::hangup())
            .map_err(|error| TlsError::Setup(format!("cannot listen for SIGHUP: {error}")))?;
        let mut seen = stamps(&files);
        let mut warned_at =
            report_expiry(&slot.current(), &files, &log).then(tokio::time::Instant::now);
        let task = tokio::spawn(async move {
            let mut ticks = tokio::time::interval(POLL_INTERVAL);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                // A signal stream that ended (the runtime stopping) disables its branch.
                let asked = tokio::select! {
                    Some(()) = hangups.recv() => true,
                    _ = ticks.tick() => false,
                };
                let now = stamps(&files);
                if asked || now != seen {
                    // Remembered even when the load fails: a half-written pair is logged
                    // once, and loaded when the other file changes too.
                    seen = now;
                    match load(&files) {
                        Ok(loaded) => {
                            slog::info!(log, "TLS certificate reloaded; new connections get it";
                                "file" => %files.cert.display(),
                                "cause" => if asked { "SIGHUP" } else { "files changed" },
                                "not_after_unix" => loaded.not_after);
                            slot.replace(loaded);
                            warned_at = None;
                        }
                        Err(error) => {
                            slog::error!(log, "the new TLS certificate or key cannot be used; \
                                the one loaded before is still served";
                                "error" => %error);
                        }
                    }
                }
                let due = warned_at.is_none_or(|at| at.elapsed() >= Duration::from_secs(86_400));
                if due && report_expiry(&slot.current(), &files, &log) {
                    warned_at = Some(tokio::time::Instant::now());
                }
            }
        });
        Ok(Watcher { task })
    }
}

/// One DER element at the start of `input`: its tag, its content and what follows it.
fn der(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let (bytes, rest) = rest.split_at(count);
        let len = bytes
            .iter()
            .fold(0usize, |len, byte| (len << 8) | usize::from(*byte));
        (len, rest)
    };
    if rest.len() < len {
        return None;
    }
    let (content, rest) = rest.split_at(len);
    Some((tag, content, rest))
}

/// The notAfter of a DER certificate, in Unix seconds (RFC 5280 §4.1: Certificate →
/// tbsCertificate → \[version\], serialNumber, signature, issuer, validity). Read here in a
/// few lines rather than with an X.509 crate, for this one field.
fn not_after(cert: &[u8]) -> Option<i64> {
    let (0x30, certificate, _) = der(cert)? else {
        return None;
    };
    let (0x30, tbs, _) = der(certificate)? else {
        return None;
    };
    let (tag, _, mut rest) = der(tbs)?;
    if tag == 0xa0 {
        // An explicit version; the serial number follows.
        rest = der(rest)?.2;
    }
    let (_, _, rest) = der(rest)?; // signature algorithm
    let (_, _, rest) = der(rest)?; // issuer
    let (0x30, validity, _) = der(rest)? else {
        return None;
    };
    let (_, _, validity) = der(validity)?; // notBefore
    let (tag, time, _) = der(validity)?;
    let time = std::str::from_utf8(time).ok()?;
    let time = match tag {
        // UTCTime, YYMMDDHHMMSSZ: years 50 to 99 are 19xx (RFC 5280 §4.1.2.5.1).
        0x17 => {
            let year: u32 = time.get(..2)?.parse().ok()?;
            let century = if year >= 50 { "19" } else { "20" };
            format!("{century}{time}")
        }
        // GeneralizedTime, YYYYMMDDHHMMSSZ.
        0x18 => time.to_string(),
        _ => return None,
    };
    chrono::NaiveDateTime::parse_from_str(&time, "%Y%m%d%H%M%SZ")
        .ok()
        .map(|time| time.and_utc().timestamp())
}

/// Trust anchors from a PEM file (a private CA), for clients of servers that use one.
pub fn read_ca_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let pem = read("CA certificate", path)?;
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| TlsError::NoCertificate(path.to_path_buf()))?;
    if certs.is_empty() {
        return Err(TlsError::NoCertificate(path.to_path_buf()));
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_reads_short_and_long_lengths() {
        assert_eq!(
            der(&[0x02, 0x01, 0x05, 0xff]),
            Some((2, &[5][..], &[0xff][..]))
        );
        let long = [&[0x04, 0x81, 0x80][..], &[7u8; 128]].concat();
        assert_eq!(der(&long).map(|(_, content, _)| content.len()), Some(128));
        assert_eq!(der(&[0x04, 0x05, 1]), None);
    }
}
