//! Provisioning through the REST API (docs/API.md) before a run: one APN profile, then for
//! every IMSI its subscriber and its authentication data with fixed test keys. Blocking (ureq),
//! one request at a time; 409 means "already there" and is reused.

use std::time::Duration;

use serde_json::{Value, json};
use ureq::Agent;

use crate::{Config, LoadError};

/// Ki of every provisioned subscriber (test key, not a secret).
pub const TEST_KI: &str = "465b5ce8b199b49faa5f0a2ee238a6bc";
/// OPc of every provisioned subscriber (test key, not a secret).
pub const TEST_OPC: &str = "cd63cb71954a9f4e48a5994e37a02baf";

/// What provisioning created and what it found already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProvisionSummary {
    /// The APN profile the subscribers use.
    pub apn_profile_id: u32,
    /// True when the profile was created, false when it existed.
    pub apn_profile_created: bool,
    /// Subscribers created (201).
    pub subscribers_created: u64,
    /// Subscribers already there (409).
    pub subscribers_existing: u64,
    /// Authentication data created (201).
    pub auth_data_created: u64,
    /// Authentication data already there (409).
    pub auth_data_existing: u64,
}

/// Provisions the run's IMSIs at `config.provision` (does nothing without it).
pub fn provision(config: &Config) -> Result<ProvisionSummary, LoadError> {
    config.validate()?;
    let Some(base) = &config.provision else {
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
    for imsi in config.imsi_range()?.iter() {
        let subscriber = json!({
            "imsi": imsi,
            "ue_ambr": {"uplink": 100_000_000, "downlink": 200_000_000},
            "apns": [{"profile": config.apn_profile_id}],
        });
        match api.create("/subscribers", &subscriber)? {
            true => summary.subscribers_created += 1,
            false => summary.subscribers_existing += 1,
        }
        let auth = json!({"imsi": imsi, "ki": TEST_KI, "opc": TEST_OPC});
        match api.create("/auth-data", &auth)? {
            true => summary.auth_data_created += 1,
            false => summary.auth_data_existing += 1,
        }
    }
    Ok(summary)
}

/// A REST client on one keep-alive agent.
struct Api<'a> {
    agent: Agent,
    base: &'a str,
    token: Option<&'a str>,
}

impl<'a> Api<'a> {
    fn new(base: &'a str, token: Option<&'a str>, timeout_ms: u64) -> Self {
        let agent = Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_millis(timeout_ms)))
            .build()
            .into();
        Self { agent, base: base.trim_end_matches('/'), token }
    }

    /// POSTs `body`: true on 201, false on 409 (already there), an error otherwise.
    fn create(&self, path: &str, body: &Value) -> Result<bool, LoadError> {
        let url = format!("{}{path}", self.base);
        let failed =
            |detail: String| LoadError::Provision { request: format!("POST {url}"), detail };
        let mut request = self.agent.post(&url);
        if let Some(token) = self.token {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
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
}
