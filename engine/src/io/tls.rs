//! Diameter over TLS/TCP on a port of its own (RFC 6733 §13): the server configuration, built
//! from PEM files.
//!
//! RFC 6733 §13 has TLS on a dedicated port (3868 is plain TCP; 5658 `diameters` is TLS/TCP),
//! the handshake before the capabilities exchange, and peers authenticated by certificate
//! (§13.1: "mutual authentication"). [`server_config`] offers TLS 1.2 and 1.3 (§13.1 requires
//! at least TLS 1.2 support for TLS/TCP) over rustls's ring provider, the same as the REST
//! API's TLS; with a client CA, every peer must present a certificate that chains to it.
//! The per-connection layer between the socket and the buffers is `tls_session.rs`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::RootCertStore;
use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;

/// The TLS listener of a shard set (RFC 6733 §13: TLS/TCP on a port of its own).
#[derive(Debug, Clone)]
pub struct TlsListen {
    /// Address to listen on for TLS/TCP; port 0 picks a free port
    /// ([`ShardSet::tls_local_addr`](super::ShardSet::tls_local_addr) tells which). The
    /// registered port is 5658 (`diameters`).
    pub listen: SocketAddr,
    /// The server configuration every TLS connection uses ([`server_config`]).
    pub server_config: Arc<ServerConfig>,
}

/// Why the TLS configuration could not be built.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// A file could not be read or holds no usable PEM.
    #[error("{path}: {reason}")]
    File {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
    /// The client CA file holds a certificate that cannot be a trust anchor, or none.
    #[error("{path}: client CA refused: {reason}")]
    ClientCa {
        /// The file.
        path: PathBuf,
        /// What was wrong.
        reason: String,
    },
    /// rustls refused the certificate and key (the key does not match, an unsupported type).
    #[error("TLS configuration refused ({cert} with {key}): {source}")]
    Config {
        /// The certificate chain file.
        cert: PathBuf,
        /// The key file.
        key: PathBuf,
        /// rustls's reason.
        source: rustls::Error,
    },
}

fn file_error(path: &Path, reason: impl ToString) -> TlsError {
    TlsError::File { path: path.to_path_buf(), reason: reason.to_string() }
}

/// Every certificate of a PEM file, at least one.
fn certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| file_error(path, e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| file_error(path, e))?;
    if certs.is_empty() {
        return Err(file_error(path, "no certificate in the file"));
    }
    Ok(certs)
}

/// The server configuration for Diameter over TLS (RFC 6733 §13): the certificate chain of
/// `cert_chain_pem` (the node's certificate first), its key from `key_pem` (PKCS#8, PKCS#1 or
/// SEC1), TLS 1.2 and 1.3. With `client_ca_pem`, peers must present a certificate that chains
/// to one of its certificates (§13.1, mutual authentication), or the handshake fails; without
/// it, no client certificate is asked for.
pub fn server_config(
    cert_chain_pem: &Path,
    key_pem: &Path,
    client_ca_pem: Option<&Path>,
) -> Result<Arc<ServerConfig>, TlsError> {
    let certs = certificates(cert_chain_pem)?;
    let key = PrivateKeyDer::from_pem_file(key_pem).map_err(|e| file_error(key_pem, e))?;
    // ring rather than aws-lc-rs: no C++/cmake build (see the workspace's Cargo.toml). Its
    // provider has no post-quantum key exchange, which rustls now flags as deprecated.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config_error = |source| TlsError::Config {
        cert: cert_chain_pem.to_path_buf(),
        key: key_pem.to_path_buf(),
        source,
    };
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(config_error)?;
    let builder = match client_ca_pem {
        None => builder.with_no_client_auth(),
        Some(path) => {
            let ca_error = |reason: String| TlsError::ClientCa { path: path.to_path_buf(), reason };
            let mut roots = RootCertStore::empty();
            for cert in certificates(path)? {
                roots.add(cert).map_err(|e| ca_error(e.to_string()))?;
            }
            let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .map_err(|e| ca_error(e.to_string()))?;
            builder.with_client_cert_verifier(verifier)
        }
    };
    let config = builder.with_single_cert(certs, key).map_err(config_error)?;
    Ok(Arc::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_file() {
        let dir = std::env::temp_dir().join(format!("tls-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let missing = dir.join("missing.pem");
        let empty = dir.join("empty.pem");
        std::fs::write(&empty, "not a certificate\n").unwrap();
        let e = server_config(&missing, &missing, None).unwrap_err().to_string();
        assert!(e.contains("missing.pem"), "{e}");
        let e = server_config(&empty, &missing, None).unwrap_err().to_string();
        assert!(e.contains("empty.pem") && e.contains("no certificate"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
