//! The REST client hssctl talks through: one keep-alive agent, the token (`Authorization:
//! Bearer`), an optional CA for HTTPS, JSON in and out, and the API's error shape turned into
//! a message.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use ureq::Agent;
use ureq::tls::{Certificate, RootCerts, TlsConfig};

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CtlError {
    /// No answer (connection refused, TLS, timeout).
    #[error("{request}: {detail}")]
    Transport {
        /// `METHOD URL`.
        request: String,
        /// What went wrong.
        detail: String,
    },
    /// The API answered with an error.
    #[error("{request}: HTTP {status}: {message}")]
    Api {
        /// `METHOD URL`.
        request: String,
        /// The status.
        status: u16,
        /// The API's message (and field).
        message: String,
    },
    /// A local problem (a file, an argument).
    #[error("{0}")]
    Local(String),
}

/// A client of the API at `base`.
#[derive(Debug)]
pub struct Client {
    agent: Agent,
    base: String,
    token: Option<String>,
}

impl Client {
    /// A client of `base` (`http://127.0.0.1:8080`), sending `token`, trusting `ca` (a PEM
    /// file) for HTTPS when given, else the usual web roots.
    pub fn new(
        base: &str,
        token: Option<String>,
        ca: Option<&Path>,
        timeout: Duration,
    ) -> Result<Self, CtlError> {
        let mut config =
            Agent::config_builder().http_status_as_error(false).timeout_global(Some(timeout));
        if let Some(path) = ca {
            let pem = std::fs::read(path)
                .map_err(|e| CtlError::Local(format!("{}: {e}", path.display())))?;
            let certs: Vec<Certificate<'static>> = ureq::tls::parse_pem(&pem)
                .filter_map(|item| match item {
                    Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                    _ => None,
                })
                .collect();
            if certs.is_empty() {
                return Err(CtlError::Local(format!("{}: no certificate", path.display())));
            }
            let tls = TlsConfig::builder().root_certs(RootCerts::Specific(Arc::new(certs))).build();
            config = config.tls_config(tls);
        }
        Ok(Self { agent: config.build().into(), base: base.trim_end_matches('/').into(), token })
    }

    /// Sends a request; the answer's JSON (`null` when empty) on 2xx, the API's error else.
    pub fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
    ) -> Result<Value, CtlError> {
        let url = format!("{}{path}", self.base);
        let request = format!("{method} {url}");
        let mut builder = ureq::http::Request::builder().method(method).uri(&url);
        if let Some(t) = &self.token {
            builder = builder.header("Authorization", format!("Bearer {t}"));
        }
        if let Some((content_type, _)) = body {
            builder = builder.header("Content-Type", content_type);
        }
        let payload = body.map(|(_, b)| b.to_vec()).unwrap_or_default();
        let req = builder
            .body(payload)
            .map_err(|e| CtlError::Transport { request: request.clone(), detail: e.to_string() })?;
        let mut res = self
            .agent
            .run(req)
            .map_err(|e| CtlError::Transport { request: request.clone(), detail: e.to_string() })?;
        let status = res.status().as_u16();
        let text = res.body_mut().read_to_string().unwrap_or_default();
        let json: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        if (200..300).contains(&status) {
            return Ok(json);
        }
        let error = &json["error"];
        let message = match (error["message"].as_str(), error["field"].as_str()) {
            (Some(m), Some(f)) => format!("{m} (field {f})"),
            (Some(m), None) => m.to_owned(),
            _ => text.trim().to_owned(),
        };
        Err(CtlError::Api { request, status, message })
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Result<Value, CtlError> {
        self.call("GET", path, None)
    }

    /// `POST path` with JSON.
    pub fn post(&self, path: &str, body: &Value) -> Result<Value, CtlError> {
        self.call("POST", path, Some(("application/json", body.to_string().as_bytes())))
    }
}

/// A path segment or query value, percent-encoded.
pub(crate) fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
