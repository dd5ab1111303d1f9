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
    }
    let report = loadtest::run_blocking(config)?;
    if config.json {
        println!("{:#}", report.to_json());
    } else {
        println!("{report}");
    }
    Ok(report.passed())
}
