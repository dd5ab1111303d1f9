//! Sh for the UDR scenario, after the IMS subscriptions: the permission entry of the peers'
//! realm (`PUT /sh/application-servers/{realm}`: every peer's Origin-Realm is `--realm`, its
//! Origin-Host `loadtest-{i}.{realm}`, so the realm's entry covers them all, whatever
//! `--peers`), then one piece of repository data per IMPU (`PUT
//! /ims-subscriptions/by-impu/{impu}/repository-data/MMTEL-Services`), [`IN_FLIGHT`] requests
//! at a time over the keep-alive agent.
//!
//! The permission entry is written whether it exists or not (201 created, 200 replaced). A
//! piece of repository data is created with sequence number 0; one already there (409
//! `repository_data.sequence_out_of_sync`: 0 only ever creates) is left as it is, counted as
//! existing, so provisioning twice changes nothing. Any other refusal stops provisioning.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::Instant;

use serde_json::{Value, json};

use super::rest::{Api, segment};
use super::summary::ProvisionSummary;
use crate::config::Config;
use crate::error::LoadError;
use crate::imsi::write_ims_identities;
use crate::step::SERVICE_INDICATION;

/// Repository-data requests in flight at once (one thread each).
pub(super) const IN_FLIGHT: usize = 8;

/// What the peers may read (UDR): RepositoryData, IMSPublicIdentity, IMSUserState,
/// S-CSCFName, InitialFilterCriteria and MSISDN (TS 29.328 §7.6).
pub(super) const UDR: [u32; 6] = [0, 10, 11, 12, 13, 17];

/// The ServiceData of every provisioned piece: a small MMTEL supplementary-services document
/// (TS 24.623 `simservs`).
pub(super) const SERVICE_DATA: &str = "<simservs \
     xmlns=\"http://uri.etsi.org/ngn/params/xml/simservs/xcap\">\
     <originating-identity-presentation active=\"true\"/>\
     <communication-diversion active=\"false\"/></simservs>";

/// The refusal that means "already there".
const EXISTS: &str = "repository_data.sequence_out_of_sync";

/// The permission entry of `--realm`, then the repository data of every IMPU; adds the counts
/// and the time taken to `summary`.
pub(super) fn provision(
    api: &Api<'_>,
    config: &Config,
    summary: &mut ProvisionSummary,
) -> Result<(), LoadError> {
    let started = Instant::now();
    permissions(api, &config.realm, summary)?;
    repository_data(api, config, summary)?;
    summary.sh_elapsed += started.elapsed();
    Ok(())
}

/// The permission entry of the application servers of `realm` (the peers), as `PUT
/// /sh/application-servers/{name}` takes it.
pub(super) fn permission_entry() -> Value {
    json!({"udr": UDR, "pur": [0], "snr": [0, 11]})
}

/// Writes the permission entry of `realm`.
fn permissions(
    api: &Api<'_>,
    realm: &str,
    summary: &mut ProvisionSummary,
) -> Result<(), LoadError> {
    let path = format!("/sh/application-servers/{}", segment(realm));
    let (status, text) = api.put(&path, &permission_entry())?;
    match status {
        201 => summary.as_permissions_created += 1,
        200 => summary.as_permissions_replaced += 1,
        _ => {
            let detail = format!("HTTP {status}: {}", text.trim());
            return Err(LoadError::Provision { request: api.put_name(&path), detail });
        }
    }
    Ok(())
}

/// The repository-data path of `impu`.
pub(super) fn repository_path(impu: &str) -> String {
    format!(
        "/ims-subscriptions/by-impu/{}/repository-data/{}",
        segment(impu),
        segment(SERVICE_INDICATION)
    )
}

/// Creates the piece of `impu`: true when created, false when it was there.
fn put_one(api: &Api<'_>, impu: &str) -> Result<bool, LoadError> {
    let path = repository_path(impu);
    let body = json!({"sequence_number": 0, "service_data": SERVICE_DATA});
    let (status, text) = api.put(&path, &body)?;
    match status {
        200 | 201 => Ok(true),
        409 if error_code(&text).as_deref() == Some(EXISTS) => Ok(false),
        _ => {
            let detail = format!("HTTP {status}: {}", text.trim());
            Err(LoadError::Provision { request: api.put_name(&path), detail })
        }
    }
}

/// The `code` of an error answer, `{"error": {"code": ...}}` (docs/API.md).
fn error_code(text: &str) -> Option<String> {
    let v: Value = serde_json::from_str(text).ok()?;
    let code = v["error"]["code"].as_str().or_else(|| v["code"].as_str())?;
    Some(code.to_owned())
}

/// One piece of repository data per IMSI's IMPU, [`IN_FLIGHT`] threads taking the next IMSI
/// until none is left or one failed.
fn repository_data(
    api: &Api<'_>,
    config: &Config,
    summary: &mut ProvisionSummary,
) -> Result<(), LoadError> {
    let range = config.imsi_range()?;
    let domain = range.ims_domain();
    let next = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let workers = usize::try_from(range.len()).unwrap_or(usize::MAX).clamp(1, IN_FLIGHT);
    let worker = || -> Result<(u64, u64), LoadError> {
        let (mut created, mut existing) = (0u64, 0u64);
        let (mut impi, mut impu) = (String::new(), String::new());
        while !stop.load(Ordering::Relaxed) {
            let Some(imsi) = range.get(next.fetch_add(1, Ordering::Relaxed)) else { break };
            write_ims_identities(&imsi, &domain, &mut impi, &mut impu);
            match put_one(api, &impu) {
                Ok(true) => created += 1,
                Ok(false) => existing += 1,
                Err(e) => {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
            }
        }
        Ok((created, existing))
    };
    let results: Vec<Result<(u64, u64), LoadError>> = thread::scope(|scope| {
        let handles: Vec<_> = (0..workers).map(|_| scope.spawn(worker)).collect();
        handles
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(LoadError::Provision {
                        request: api.put_name("/ims-subscriptions/by-impu/.../repository-data"),
                        detail: "a provisioning thread panicked".into(),
                    })
                })
            })
            .collect()
    });
    // Count what every thread did, then report the first failure.
    let mut first_error = None;
    for result in results {
        match result {
            Ok((created, existing)) => {
                summary.repository_data_created += created;
                summary.repository_data_existing += existing;
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    first_error.map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_bodies_are_what_the_api_takes() {
        let impu = "sip:001010000000007@ims.mnc001.mcc001.3gppnetwork.org";
        assert_eq!(
            repository_path(impu),
            "/ims-subscriptions/by-impu/sip%3A001010000000007%40ims.mnc001.mcc001.\
             3gppnetwork.org/repository-data/MMTEL-Services"
        );
        let entry = permission_entry();
        assert_eq!(entry["udr"], json!([0, 10, 11, 12, 13, 17]));
        assert_eq!((entry["pur"].clone(), entry["snr"].clone()), (json!([0]), json!([0, 11])));
        assert!(SERVICE_DATA.starts_with("<simservs ") && SERVICE_DATA.ends_with("</simservs>"));
        assert_eq!(error_code(r#"{"error": {"code": "x.y", "message": "m"}}"#), Some("x.y".into()));
        assert_eq!(error_code("not json"), None);
    }
}
