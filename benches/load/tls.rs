//! `FIN_HELPDESK_BENCH_TLS=1`: the server under test serves https with a certificate for
//! 127.0.0.1 and localhost signed by a private CA the bench makes for the run (rcgen),
//! and the bench's own clients (the token request, the seeding, the in-process driver,
//! the readiness poll) trust that CA and nothing else. wrk is pointed at an `https://`
//! URL; it does not verify certificates at all, so its cells measure the TLS cost, not
//! the check. The references (bare hyper, dropshot alone) stay plain http.

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio_rustls::TlsConnector;

type Result<T, E = Box<dyn std::error::Error + Send + Sync>> = std::result::Result<T, E>;

/// The files the server is started with, and a client side that trusts only their CA.
pub struct BenchTls {
    pub cert: PathBuf,
    pub key: PathBuf,
    /// The CA's certificate, PEM: what a client of this server must trust.
    pub ca: PathBuf,
    pub connector: TlsConnector,
}

/// Makes a CA and a server certificate in `dir` (the run's private temporary directory,
/// so the key is readable by this user only) and the client configuration trusting it.
pub fn make(dir: &Path) -> Result<BenchTls> {
    let ca_key = KeyPair::generate()?;
    let mut ca_params = CertificateParams::new(Vec::<String>::new())?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "fin-helpdesk load bench CA");
    let ca_cert = ca_params.self_signed(&ca_key)?;
    let issuer = Issuer::new(ca_params, ca_key);

    let key = KeyPair::generate()?;
    let params = CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])?;
    let cert = params.signed_by(&key, &issuer)?;

    let files = BenchTls {
        cert: dir.join("tls-cert.pem"),
        key: dir.join("tls-key.pem"),
        ca: dir.join("tls-ca.pem"),
        connector: connector_trusting(ca_cert.pem().as_bytes())?,
    };
    std::fs::write(&files.cert, cert.pem())?;
    std::fs::write(&files.key, key.serialize_pem())?;
    std::fs::write(&files.ca, ca_cert.pem())?;
    Ok(files)
}

/// A client configuration whose only root is the PEM CA certificate(s) in `ca_pem`:
/// HTTP/1.1 by ALPN, as wrk and the bench's hyper client speak.
pub fn connector_trusting(ca_pem: &[u8]) -> Result<TlsConnector> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(ca_pem) {
        roots.add(cert?)?;
    }
    if roots.is_empty() {
        return Err("no CA certificate to trust".into());
    }
    // The provider the server's rustls uses, named: with two providers linked there is no
    // process default.
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(TlsConnector::from(Arc::new(config)))
}

/// The name the certificate is checked against: the address itself (an IP SAN).
pub fn server_name(addr: std::net::SocketAddr) -> ServerName<'static> {
    ServerName::IpAddress(addr.ip().into())
}
