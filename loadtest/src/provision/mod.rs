//! Provisioning through the REST API (docs/API.md) before a run: one APN profile (created, or
//! reused on 409), then every IMSI's subscriber with its authentication data (fixed test
//! keys). Blocking (ureq), one request at a time.
//!
//! Subscribers go through the bulk import (`import`: NDJSON in chunks of `--provision-chunk`
//! lines). An hssd without it (404, or 405 where `/subscribers/{imsi}` takes the path) gets the
//! older path: a `POST /subscribers` and a `POST /auth-data` per IMSI, 409 meaning "already
//! there".
//!
//! This entry point chooses between the two; below it, `import` is the bulk import, and what
//! both paths use lies below that: `rest` (the REST client), `subscriber` (the subscriber's
//! JSON and its test keys) and `summary` ([`ProvisionSummary`]).

mod import;
mod rest;
mod subscriber;
mod summary;

use serde_json::json;

use crate::config::Config;
use crate::error::LoadError;
use rest::Api;
use subscriber::{TEST_KI, TEST_OPC, subscriber};
pub use summary::ProvisionSummary;

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
    if import::import(&api, config, &mut summary)? {
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
