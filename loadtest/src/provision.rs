//! Provisioning through the REST API (docs/API.md) before a run: one APN profile (created, or
//! reused on 409), then every IMSI's subscriber with its authentication data (fixed test
//! keys). Blocking (ureq), one request at a time.
//!
//! Subscribers go through the bulk import (`import`: NDJSON in chunks of `--provision-chunk`
//! lines). An hssd without it (404, or 405 where `/subscribers/{imsi}` takes the path) gets the
//! older path: a `POST /subscribers` and a `POST /auth-data` per IMSI, 409 meaning "already
//! there".

use std::time::Duration;

use serde_json::{Value, json};
use ureq::Agent;

use crate::{Config, LoadError};

/// Ki of every provisioned subscriber (test key, not a secret).
pub const TEST_KI: &str = "465b5ce8b199b49faa5f0a2ee238a6bc";
/// OPc of every provisioned subscriber (test key, not a secret).
pub const TEST_OPC: &str = "cd63cb71954a9f4e48a5994e37a02baf";

/// Bulk imports may write thousands of subscribers in one synced batch: they get at least this
/// long, whatever `--timeout-ms` says.
const IMPORT_TIMEOUT: Duration = Duration::from_secs(120);

/// What provisioning created and what it found already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProvisionSummary {
    /// The APN profile the subscribers use.
    pub apn_profile_id: u32,
    /// True when the profile was created, false when it existed.
    pub apn_profile_created: bool,
    /// Subscribers created (201, or imported).
    pub subscribers_created: u64,
    /// Subscribers already there (409, or an import line refused as a duplicate).
    pub subscribers_existing: u64,
    /// Authentication data created (201, or imported with its subscriber).
    pub auth_data_created: u64,
    /// Authentication data already there (409; with the bulk import, that of the subscribers
    /// already there, which the import leaves alone).
    pub auth_data_existing: u64,
    /// True when the bulk import was used, false after falling back to one request per
    /// object.
    pub bulk: bool,
    /// Import requests sent, including those re-checking failures the server did not list.
    pub import_requests: u64,
    /// Import lines imported.
    pub imported: u64,
    /// Import lines refused, every one as `subscriber.duplicate` (already provisioned): any
    /// other failure stops provisioning with an error.
    pub failed: u64,
}

/// Provisions the run's IMSIs at `config.provision` (does nothing without it, or with
/// `--no-provision`).
pub fn provision(config: &Config) -> Result<ProvisionSummary, LoadError> {
    config.validate()?;
    let Some(base) = config.provision_url() else {
        return Ok(ProvisionSummary::default());
    };
    let api = Api::new(base, config.rest_token.as_deref(), config.timeout_ms);
    let mut summary =
        ProvisionSummary { apn_profile_id: config.apn_profile_id, ..Default::default() };
    let profile = json!({
        "id": config.apn_profile_id,
        "apn": "internet",
        "qci": 9,
        "arp": {"priority_level": 8, "pre_emption_capability": false,
                "pre_emption_vulnerability": true},
        "ambr": {"uplink": 50_000_000, "downlink": 100_000_000},
        "pdn_type": "ipv4v6",
    });
    summary.apn_profile_created = api.create("/apn-profiles", &profile)?;
    if crate::import::import(&api, config, &mut summary)? {
        return Ok(summary);
    }
    for imsi in config.imsi_range()?.iter() {
        match api.create("/subscribers", &subscriber(&imsi, config.apn_profile_id))? {
            true => summary.subscribers_created += 1,
            false => summary.subscribers_existing += 1,
        }
        match api.create("/auth-data", &json!({"imsi": imsi, "ki": TEST_KI, "opc": TEST_OPC}))? {
            true => summary.auth_data_created += 1,
            false => summary.auth_data_existing += 1,
        }
    }
    Ok(summary)
}

/// The subscriber `imsi` as `POST /subscribers` takes it.
pub(crate) fn subscriber(imsi: &str, apn_profile_id: u32) -> Value {
    json!({
        "imsi": imsi,
        "ue_ambr": {"uplink": 100_000_000, "downlink": 200_000_000},
        "apns": [{"profile": apn_profile_id}],
    })
}

/// A REST client on one keep-alive agent.
#[derive(Debug)]
pub(crate) struct Api<'a> {
    agent: Agent,
    base: &'a str,
    token: Option<&'a str>,
    timeout: Duration,
}

impl<'a> Api<'a> {
    fn new(base: &'a str, token: Option<&'a str>, timeout_ms: u64) -> Self {
        let agent = Agent::config_builder().http_status_as_error(false).build().into();
        let timeout = Duration::from_millis(timeout_ms);
        Self { agent, base: base.trim_end_matches('/'), token, timeout }
    }

    fn post(&self, path: &str) -> (String, ureq::RequestBuilder<ureq::typestate::WithBody>) {
        let url = format!("{}{path}", self.base);
        let mut request = self.agent.post(&url);
        if let Some(token) = self.token {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        (url, request)
    }

    /// POSTs `body`: true on 201, false on 409 (already there), an error otherwise.
    fn create(&self, path: &str, body: &Value) -> Result<bool, LoadError> {
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
    pub(crate) fn post_ndjson(&self, path: &str, body: &[u8]) -> Result<(u16, String), LoadError> {
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

    /// `POST {path}` on this API, as errors name it.
    pub(crate) fn request_name(&self, path: &str) -> String {
        format!("POST {}{path}", self.base)
    }
}
