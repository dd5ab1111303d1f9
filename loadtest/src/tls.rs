//! `--tls`: Diameter over TLS/TCP (RFC 6733 §13) for the peers' connections. [`TlsClient`] is
//! built once per run from the PEM files (`--tls-ca`, `--tls-cert`, `--tls-key`): TLS 1.2 and
//! 1.3 on rustls's ring provider, as hssd's listener offers them; `conn` runs the handshake on
//! each connection before the CER.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::{ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;

use crate::config::Config;
use crate::error::LoadError;

/// What every connection of a TLS run shares: the client configuration and the name hssd's
/// certificate is checked against.
#[derive(Clone)]
pub(crate) struct TlsClient {
    pub connector: TlsConnector,
    pub server_name: ServerName<'static>,
}

impl fmt::Debug for TlsClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsClient").field("server_name", &self.server_name).finish_non_exhaustive()
    }
}

impl TlsClient {
    /// The client of `config` when it asks for `--tls` (already validated), reading its files.
    pub fn from_config(config: &Config) -> Result<Option<Self>, LoadError> {
        let (true, Some(ca)) = (config.tls, config.tls_ca.as_deref()) else { return Ok(None) };
        let mut roots = RootCertStore::empty();
        for cert in certificates(ca)? {
            roots.add(cert).map_err(|e| tls_error(ca, e))?;
        }
        // ring rather than aws-lc-rs, as hssd (see the workspace's Cargo.toml); its provider
        // has no post-quantum key exchange, which rustls flags as deprecated.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = ClientConfig::builder_with_provider(provider)
            .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
            .map_err(|e| tls_error(ca, e))?
            .with_root_certificates(roots);
        let client_config = match (config.tls_cert.as_deref(), config.tls_key.as_deref()) {
            (Some(cert), Some(key)) => {
                let chain = certificates(cert)?;
                let key_der = PrivateKeyDer::from_pem_file(key).map_err(|e| tls_error(key, e))?;
                builder.with_client_auth_cert(chain, key_der).map_err(|e| tls_error(cert, e))?
            }
            _ => builder.with_no_client_auth(),
        };
        let name = config.tls_name();
        let server_name = ServerName::try_from(name)
            .map_err(|e| LoadError::Config { field: "tls-server-name", reason: e.to_string() })?;
        Ok(Some(Self { connector: TlsConnector::from(Arc::new(client_config)), server_name }))
    }
}

fn tls_error(path: &Path, reason: impl ToString) -> LoadError {
    LoadError::Tls { path: path.to_path_buf(), reason: reason.to_string() }
}

/// Every certificate of a PEM file, at least one.
fn certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, LoadError> {
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| tls_error(path, e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| tls_error(path, e))?;
    if certs.is_empty() {
        return Err(tls_error(path, "no certificate in the file"));
    }
    Ok(certs)
}
