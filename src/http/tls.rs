//! TLS for the client: rustls (ring) with Mozilla's roots compiled in, so a fresh machine needs no
//! system certificates; `--cacert` adds a CA, `--insecure` skips verification.

use std::path::Path;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::exit::Failure;

#[derive(Debug, Clone, Default)]
pub struct TlsOptions {
    pub insecure: bool,
    pub ca_file: Option<std::path::PathBuf>,
    /// Offer HTTP/2 in ALPN (`--http2`), HTTP/1.1 still accepted.
    pub offer_h2: bool,
    /// Speak HTTP/2 to an `http://` target without asking (`--http2-prior-knowledge`). Not a
    /// TLS setting, but chosen with ALPN's offer, and shown with it in a curl line.
    pub h2_prior_knowledge: bool,
}

pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The client configuration for these options.
pub fn client_config(options: &TlsOptions) -> Result<Arc<ClientConfig>, Failure> {
    let provider = provider();
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| Failure::io(format!("cannot set up TLS: {e}")))?;
    let mut config = if options.insecure {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider)))
            .with_no_client_auth()
    } else {
        let mut roots = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        if let Some(path) = &options.ca_file {
            for certificate in read_certificates(path)? {
                roots.add(certificate).map_err(|e| {
                    Failure::usage(format!(
                        "--cacert {}: not a usable CA certificate ({e})",
                        path.display()
                    ))
                })?;
            }
        }
        builder.with_root_certificates(roots).with_no_client_auth()
    };
    config.alpn_protocols = if options.offer_h2 {
        vec![b"h2".to_vec(), b"http/1.1".to_vec()]
    } else {
        vec![b"http/1.1".to_vec()]
    };
    Ok(Arc::new(config))
}

/// The certificates in a PEM file; none is a usage error naming the file.
pub fn read_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, Failure> {
    let unreadable = |e: &dyn std::fmt::Display| {
        Failure::usage(format!(
            "cannot read certificates from {}: {e}",
            path.display()
        ))
    };
    let certificates = CertificateDer::pem_file_iter(path)
        .map_err(|e| unreadable(&e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| unreadable(&e))?;
    if certificates.is_empty() {
        return Err(unreadable(&"no PEM certificate in it"));
    }
    Ok(certificates)
}

/// `--insecure`: any certificate is accepted, but handshake signatures are still checked so the
/// connection is at least encrypted to whoever holds the key.
#[derive(Debug)]
struct AcceptAnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// What a TLS listener serves with, and what it tells its clients.
pub struct ServerTls {
    pub acceptor: tokio_rustls::TlsAcceptor,
    /// SHA-256 of the leaf certificate, as `AB:CD:...`.
    pub fingerprint: String,
    /// The certificate clients should trust, as PEM.
    pub certificate_pem: String,
}

/// A self-signed certificate for localhost and 127.0.0.1, made now.
pub fn self_signed() -> Result<ServerTls, Failure> {
    let generated = rcgen::generate_simple_self_signed(vec![
        "localhost".to_string(),
        "127.0.0.1".to_string(),
        "::1".to_string(),
    ])
    .map_err(|e| Failure::io(format!("cannot make a TLS certificate: {e}")))?;
    let certificate = generated.cert.der().clone();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(generated.key_pair.serialize_der().into());
    server(vec![certificate], key, generated.cert.pem())
}

/// A certificate chain and key from PEM files (`--tls-cert`, `--tls-key`).
pub fn from_files(certificate_path: &Path, key_path: &Path) -> Result<ServerTls, Failure> {
    let chain = read_certificates(certificate_path)?;
    let key = rustls::pki_types::PrivateKeyDer::from_pem_file(key_path).map_err(|e| {
        Failure::usage(format!(
            "cannot read a private key from {}: {e}",
            key_path.display()
        ))
    })?;
    let pem = std::fs::read_to_string(certificate_path)
        .map_err(|e| Failure::usage(format!("cannot read {}: {e}", certificate_path.display())))?;
    server(chain, key, pem)
}

fn server(
    chain: Vec<CertificateDer<'static>>,
    key: rustls::pki_types::PrivateKeyDer<'static>,
    pem: String,
) -> Result<ServerTls, Failure> {
    use sha2::Digest;
    let fingerprint = sha2::Sha256::digest(chain[0].as_ref())
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":");
    let mut config = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| Failure::io(format!("cannot set up TLS: {e}")))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| {
            Failure::usage(format!(
                "the TLS certificate and key do not work together: {e}"
            ))
        })?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(ServerTls {
        acceptor: tokio_rustls::TlsAcceptor::from(Arc::new(config)),
        fingerprint,
        certificate_pem: pem,
    })
}
