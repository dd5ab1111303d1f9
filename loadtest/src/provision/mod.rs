//! Provisioning through the REST API (docs/API.md) before a run: one APN profile (created, or
//! reused on 409), then every IMSI's subscriber with its authentication data (fixed test
//! keys), then, when the run sends Cx or Sh requests, every IMSI's IMS subscription (`ims`),
//! then, when it sends Sh requests, the peers' AS permission entry and every IMPU's repository
//! data (`sh`). Blocking (ureq); one request at a time, but for the repository data (a few in
//! flight).
//!
//! Subscribers go through the bulk import (`import`: NDJSON in chunks of `--provision-chunk`
//! lines). An hssd without it (404, or 405 where `/subscribers/{imsi}` takes the path) gets the
//! older path: a `POST /subscribers` and a `POST /auth-data` per IMSI, 409 meaning "already
//! there".
//!
//! This entry point chooses between the two; below it, `import` is the bulk import, `ims`
//! the IMS subscriptions and `sh` the Sh data, and what they use lies below that: `rest` (the
//! REST client),
//! `subscriber` (the subscriber's JSON and its test keys) and `summary`
//! ([`ProvisionSummary`]).

mod import;
mod ims;
mod rest;
mod sh;
mod subscriber;
mod summary;

use serde_json::json;

use crate::config::Config;
use crate::error::LoadError;
use rest::Api;
use subscriber::{TEST_KI, TEST_OPC, subscriber};
pub use summary::ProvisionSummary;

/// Provisions the run's IMSIs at `config.provision` (does nothing without it, or with
/// `--no-provision`): their EPS subscribers; when the scenario or the mix sends Cx or Sh
/// requests ([`Config::uses_ims`]), their IMS subscriptions; when it sends Sh requests
/// ([`Config::uses_sh`]), the AS permission entry of `--realm` and one piece of repository
/// data per IMPU.
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
    if !import::import(&api, config, &mut summary)? {
        one_by_one(&api, config, &mut summary)?;
    }
    if config.uses_ims() {
        ims::provision(&api, config, &mut summary)?;
    }
    if config.uses_sh() {
        sh::provision(&api, config, &mut summary)?;
    }
    Ok(summary)
}

/// The subscribers and their authentication data one request each, on an hssd without the
/// bulk import.
fn one_by_one(
    api: &Api<'_>,
    config: &Config,
    summary: &mut ProvisionSummary,
) -> Result<(), LoadError> {
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
    Ok(())
}
