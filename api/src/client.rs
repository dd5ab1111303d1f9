//! A small blocking client of this API (feature `client`), for tests and tools: every status
//! comes back as a [`Reply`], not as an error.

use std::net::SocketAddr;

use serde_json::Value;

/// An answer: status, JSON body (`Value::Null` when empty or not JSON) and `Retry-After`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// The body as JSON.
    pub body: Value,
    /// The `Retry-After` header in seconds, when the answer has one (a 503 of a transient store
    /// failure).
    pub retry_after: Option<u64>,
}

impl Reply {
    /// `body.error.field`, or `None`.
    pub fn error_field(&self) -> Option<&str> {
        self.body["error"]["field"].as_str()
    }

    /// `body.error.code`, or `None`.
    pub fn error_code(&self) -> Option<&str> {
        self.body["error"]["code"].as_str()
    }
}

/// A client of the API at one address.
#[derive(Debug)]
pub struct Client {
    base: String,
    agent: ureq::Agent,
    token: Option<String>,
    headers: Vec<(String, String)>,
}

/// Why a request got no answer at all.
#[derive(Debug, thiserror::Error)]
#[error("{method} {path}: {source}")]
pub struct ClientError {
    method: &'static str,
    path: String,
    source: ureq::Error,
}

impl Client {
    /// A client of `http://{addr}`.
    pub fn new(addr: SocketAddr) -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(std::time::Duration::from_secs(30)))
            .build()
            .into();
        Self { base: format!("http://{addr}"), agent, token: None, headers: Vec::new() }
    }

    /// Sends `Authorization: Bearer <token>` from now on.
    #[must_use]
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Sends header `name: value` from now on (PyHSS's `Provisioning-Key`, for one).
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Result<Reply, ClientError> {
        self.send("GET", path, None, None)
    }

    /// `DELETE path`.
    pub fn delete(&self, path: &str) -> Result<Reply, ClientError> {
        self.send("DELETE", path, None, None)
    }

    /// `POST path` with a JSON body.
    pub fn post(&self, path: &str, body: &Value) -> Result<Reply, ClientError> {
        self.send("POST", path, Some(&body.to_string()), Some("application/json"))
    }

    /// `PATCH path` with a JSON body.
    pub fn patch(&self, path: &str, body: &Value) -> Result<Reply, ClientError> {
        self.send("PATCH", path, Some(&body.to_string()), Some("application/json"))
    }

    /// Any request, with a raw body and content type (to test bad input).
    pub fn send(
        &self,
        method: &'static str,
        path: &str,
        body: Option<&str>,
        content_type: Option<&str>,
    ) -> Result<Reply, ClientError> {
        let fail = |source| ClientError { method, path: path.into(), source };
        let mut req =
            ureq::http::Request::builder().method(method).uri(format!("{}{path}", self.base));
        if let Some(t) = &self.token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        for (name, value) in &self.headers {
            req = req.header(name.as_str(), value.as_str());
        }
        if let Some(ct) = content_type {
            req = req.header("Content-Type", ct);
        }
        let req = req.body(body.unwrap_or("").to_owned()).map_err(|e| fail(e.into()))?;
        let mut res = self.agent.run(req).map_err(fail)?;
        let status = res.status().as_u16();
        let retry_after =
            (res.headers().get("retry-after")).and_then(|v| v.to_str().ok()?.trim().parse().ok());
        let text = res.body_mut().read_to_string().map_err(fail)?;
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Ok(Reply { status, body, retry_after })
    }
}
