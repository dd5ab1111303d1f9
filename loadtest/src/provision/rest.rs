//! The REST client provisioning talks through: one keep-alive agent, the bearer token, JSON
//! creations (201 or 409), JSON puts and NDJSON posts, and [`segment`] for identities in a
//! path. Blocking (ureq): one request at a time per thread; threads may share it (the Sh
//! repository data keeps a few in flight on its connection pool).

use std::fmt::Write as _;
use std::time::Duration;

use serde_json::Value;
use ureq::Agent;

use crate::error::LoadError;

/// Bulk imports may write thousands of subscribers in one synced batch: they get at least this
/// long, whatever `--timeout-ms` says.
const IMPORT_TIMEOUT: Duration = Duration::from_secs(120);

/// A REST client on one keep-alive agent.
#[derive(Debug)]
pub(super) struct Api<'a> {
    agent: Agent,
    base: &'a str,
    token: Option<&'a str>,
    timeout: Duration,
}

impl<'a> Api<'a> {
    pub(super) fn new(base: &'a str, token: Option<&'a str>, timeout_ms: u64) -> Self {
        let agent = Agent::config_builder().http_status_as_error(false).build().into();
        let timeout = Duration::from_millis(timeout_ms);
        Self { agent, base: base.trim_end_matches('/'), token, timeout }
    }

    fn post(&self, path: &str) -> (String, ureq::RequestBuilder<ureq::typestate::WithBody>) {
        let url = format!("{}{path}", self.base);
        let request = self.agent.post(&url);
        (url, self.authorized(request))
    }

    fn authorized(
        &self,
        mut request: ureq::RequestBuilder<ureq::typestate::WithBody>,
    ) -> ureq::RequestBuilder<ureq::typestate::WithBody> {
        if let Some(token) = self.token {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        request
    }

    /// POSTs `body`: true on 201, false on 409 (already there), an error otherwise.
    pub(super) fn create(&self, path: &str, body: &Value) -> Result<bool, LoadError> {
        let (url, request) = self.post(path);
        let failed =
            |detail: String| LoadError::Provision { request: format!("POST {url}"), detail };
        let request = request.config().timeout_global(Some(self.timeout)).build();
        let mut response = request.send_json(body).map_err(|e| failed(e.to_string()))?;
        match response.status().as_u16() {
            200 | 201 => Ok(true),
            409 => Ok(false),
            status => {
                let text = response.body_mut().read_to_string().unwrap_or_default();
                Err(failed(format!("HTTP {status}: {}", text.trim())))
            }
        }
    }

    /// POSTs NDJSON `body` to `path`: the status and the answer's text. `Err` carries the
    /// request's name for the caller's errors as well.
    pub(super) fn post_ndjson(&self, path: &str, body: &[u8]) -> Result<(u16, String), LoadError> {
        let (url, request) = self.post(path);
        let timeout = self.timeout.max(IMPORT_TIMEOUT);
        let request = request.config().timeout_global(Some(timeout)).build();
        let failed = |e: ureq::Error| LoadError::Provision {
            request: format!("POST {url}"),
            detail: e.to_string(),
        };
        let mut response =
            request.header("Content-Type", "application/x-ndjson").send(body).map_err(failed)?;
        let status = response.status().as_u16();
        // A body that cannot be read leaves the status to speak for itself.
        let text = response.body_mut().read_to_string().unwrap_or_default();
        Ok((status, text))
    }

    /// PUTs JSON `body` at `path` (already percent-encoded): the status and the answer's text.
    /// `Err` when no answer came.
    pub(super) fn put(&self, path: &str, body: &Value) -> Result<(u16, String), LoadError> {
        let url = format!("{}{path}", self.base);
        let request = self.authorized(self.agent.put(&url));
        let request = request.config().timeout_global(Some(self.timeout)).build();
        let mut response = request.send_json(body).map_err(|e| LoadError::Provision {
            request: format!("PUT {url}"),
            detail: e.to_string(),
        })?;
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        Ok((status, text))
    }

    /// `PUT {path}` on this API, as errors name it.
    pub(super) fn put_name(&self, path: &str) -> String {
        format!("PUT {}{path}", self.base)
    }

    /// `POST {path}` on this API, as errors name it.
    pub(super) fn request_name(&self, path: &str) -> String {
        format!("POST {}{path}", self.base)
    }
}

/// `text` as one path segment: every octet but the unreserved ones of RFC 3986
/// (`A-Z a-z 0-9 - . _ ~`) percent-encoded, so that `sip:alice@example.org` or a realm stays
/// one parameter.
pub(super) fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            // Writing into a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_encode_all_but_the_unreserved_octets() {
        assert_eq!(segment("sip:0010@ims.mnc001.org"), "sip%3A0010%40ims.mnc001.org");
        assert_eq!(segment("MMTEL-Services"), "MMTEL-Services");
        assert_eq!(segment("a/b c~é"), "a%2Fb%20c~%C3%A9");
    }
}
