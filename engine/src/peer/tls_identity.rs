//! A TLS peer's certificate against the identity it claims in its CER (RFC 6733 §13.1: "the
//! certificate ... SHOULD contain the Diameter Identity (FQDN) of the node"): the Origin-Host
//! must be one of the DNS names the certificate is valid for (subjectAltName dNSName, with
//! the usual wildcard rules).

use rustls::pki_types::{CertificateDer, DnsName, ServerName};

/// True when `certificate` (DER, already verified against the configured client CA) names
/// `origin_host`. A certificate that does not parse, or an Origin-Host that is not a DNS name,
/// names nothing.
pub fn certificate_names(certificate: &CertificateDer<'_>, origin_host: &str) -> bool {
    let Ok(cert) = webpki::EndEntityCert::try_from(certificate) else { return false };
    let Ok(name) = DnsName::try_from(origin_host) else { return false };
    cert.verify_is_valid_for_subject_name(&ServerName::DnsName(name)).is_ok()
}
