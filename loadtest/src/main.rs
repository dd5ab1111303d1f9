//! hss-loadtest: provisions (with `--provision`), runs the load, prints the report. Exits 0
//! when every request succeeded, 1 when any failed, timed out, was dropped (open loop) or a
//! connection failed (warm-up included), 2 when the run could not start.

use std::process::ExitCode;

use loadtest::{Config, LoadError};

fn main() -> ExitCode {
    let config = match Config::from_args(std::env::args_os()) {
        Ok(config) => config,
        Err(e) => e.exit(),
    };
    match run(&config) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("hss-loadtest: {e}");
            ExitCode::from(2)
        }
    }
}

/// Provisions, runs and prints; true when the run passed.
#[allow(clippy::print_stdout)] // The report is the binary's output.
fn run(config: &Config) -> Result<bool, LoadError> {
    config.validate()?;
    if !config.target_is_loopback() {
        eprintln!(
            "hss-loadtest: warning: target {} is not a loopback address; this generates real \
             load on that host",
            config.target
        );
    }
    if config.provision_url().is_some() {
        let s = loadtest::provision(config)?;
        let profile = if s.apn_profile_created { "new" } else { "existing" };
        if s.bulk {
            eprintln!(
                "hss-loadtest: provisioned APN profile {} ({profile}); bulk import in {} \
                 requests: {} subscribers imported, {} failed as duplicates (existing)",
                s.apn_profile_id, s.import_requests, s.imported, s.failed
            );
        } else {
            eprintln!(
                "hss-loadtest: provisioned APN profile {} ({profile}), subscribers {} new / {} \
                 existing, auth data {} new / {} existing (no bulk import on this server)",
                s.apn_profile_id,
                s.subscribers_created,
                s.subscribers_existing,
                s.auth_data_created,
                s.auth_data_existing
            );
        }
        if config.uses_ims() {
            let secs = s.ims_elapsed.as_secs_f64();
            let rate = if secs > 0.0 { s.ims_subscriptions() as f64 / secs } else { 0.0 };
            eprintln!(
                "hss-loadtest: provisioned {} IMS subscriptions in {secs:.1} s ({rate:.0}/s): \
                 {} new / {} existing",
                s.ims_subscriptions(),
                s.ims_subscriptions_created,
                s.ims_subscriptions_existing
            );
        }
        if config.uses_sh() {
            let secs = s.sh_elapsed.as_secs_f64();
            let rate = if secs > 0.0 { s.repository_data() as f64 / secs } else { 0.0 };
            let entry = if s.as_permissions_created > 0 { "new" } else { "replaced" };
            eprintln!(
                "hss-loadtest: provisioned Sh in {secs:.1} s: AS permissions of realm {} \
                 ({entry}); {} pieces of {} repository data ({rate:.0}/s): {} new / {} \
                 existing",
                config.realm,
                s.repository_data(),
                loadtest::SERVICE_INDICATION,
                s.repository_data_created,
                s.repository_data_existing
            );
        }
    }
    let report = loadtest::run_blocking(config)?;
    if config.json {
        println!("{:#}", report.to_json());
    } else {
        println!("{report}");
    }
    Ok(report.passed())
}
