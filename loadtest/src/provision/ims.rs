//! IMS subscriptions for the Cx scenarios, by bulk import (`POST /ims-subscriptions/import`,
//! NDJSON, [`CHUNK`] lines per request: one synced write each on the server), after their EPS
//! subscribers exist.
//!
//! Each subscription links the IMSI (IMS AKA uses its USIM's keys and SQNs) and holds the
//! identities the Cx steps send: the IMPI `{imsi}@{domain}` allowed Digest-AKAv1-MD5 and the
//! IMPU `sip:{impi}`, with one service profile whose iFC applies registered or not (so a LIR
//! for an IMPU that is not registered is 2003 UNREGISTERED_SERVICE, not 5003). A line refused
//! as a duplicate is a subscription already there (a run again on the same store); any other
//! refusal stops provisioning.

use std::time::Instant;

use serde_json::{Value, json};

use super::rest::Api;
use super::summary::ProvisionSummary;
use crate::config::Config;
use crate::error::LoadError;
use crate::imsi::write_ims_identities;

/// The import path.
const PATH: &str = "/ims-subscriptions/import";

/// Lines per import request.
pub(super) const CHUNK: usize = 10_000;

/// The application server of the provisioned iFC.
const APPLICATION_SERVER: &str = "sip:mmtel.ims.example.org";

/// The IMS subscription of `imsi` in the home network domain `domain`, as
/// `POST /ims-subscriptions` takes it.
pub(super) fn subscription(imsi: &str, domain: &str) -> Value {
    let (mut impi, mut impu) = (String::new(), String::new());
    write_ims_identities(imsi, domain, &mut impi, &mut impu);
    json!({
        "imsi": imsi,
        "private_identities": [{"impi": impi, "schemes": ["Digest-AKAv1-MD5"]}],
        "public_identities": [{"impu": impu}],
        "service_profiles": [{"ifcs": [
            {"priority": 1, "application_server": {"server_name": APPLICATION_SERVER}}
        ]}],
    })
}

/// Imports the IMS subscription of every IMSI of the run, [`CHUNK`] per request; adds the
/// counts and the time taken to `summary`.
pub(super) fn provision(
    api: &Api<'_>,
    config: &Config,
    summary: &mut ProvisionSummary,
) -> Result<(), LoadError> {
    let range = config.imsi_range()?;
    let domain = range.ims_domain();
    let started = Instant::now();
    let mut index = 0u64;
    loop {
        let mut body = String::new();
        let mut lines = 0u64;
        while lines < CHUNK as u64 {
            let Some(imsi) = range.get(index) else { break };
            body.push_str(&subscription(&imsi, &domain).to_string());
            body.push('\n');
            index += 1;
            lines += 1;
        }
        if lines == 0 {
            break;
        }
        let (status, text) = api.post_ndjson(PATH, body.as_bytes())?;
        let failed =
            |detail: String| LoadError::Provision { request: api.request_name(PATH), detail };
        if status != 200 {
            return Err(failed(format!("HTTP {status}: {}", text.trim())));
        }
        let v: Value = serde_json::from_str(&text)
            .map_err(|_| failed(format!("unreadable answer: {text}")))?;
        let imported = v["imported"].as_u64().unwrap_or(0);
        let refused = v["failed"].as_u64().unwrap_or(0);
        if imported + refused != lines {
            return Err(failed(format!("{imported} imported + {refused} failed of {lines} lines")));
        }
        // Only duplicates (subscriptions already there) are expected; the answer lists the
        // first 100 refusals.
        let errors = v["errors"].as_array().map(Vec::as_slice).unwrap_or_default();
        if let Some(e) = errors.iter().find(|e| e["error"]["code"] != "ims_subscription.duplicate")
        {
            return Err(failed(format!("line {}: {}", e["line"], e["error"])));
        }
        summary.ims_subscriptions_created += imported;
        summary.ims_subscriptions_existing += refused;
    }
    summary.ims_elapsed += started.elapsed();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscriptions_carry_the_identities_the_cx_steps_send() {
        let v = subscription("001010000000007", "ims.mnc001.mcc001.3gppnetwork.org");
        assert_eq!(v["imsi"], "001010000000007");
        let impi = "001010000000007@ims.mnc001.mcc001.3gppnetwork.org";
        assert_eq!(v["private_identities"][0]["impi"], impi);
        assert_eq!(v["private_identities"][0]["schemes"][0], "Digest-AKAv1-MD5");
        assert_eq!(v["public_identities"][0]["impu"], format!("sip:{impi}"));
        let ifc = &v["service_profiles"][0]["ifcs"][0];
        assert_eq!(ifc["application_server"]["server_name"], APPLICATION_SERVER);
        assert!(ifc.get("profile_part_indicator").is_none(), "registered or not");
    }
}
