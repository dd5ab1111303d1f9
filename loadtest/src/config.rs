//! The settings of a run: the command line ([`Config`]) and, once checked, the [`Plan`] the
//! connections share (resolved target, IMSI range, visited PLMN, the request budget).

use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::Parser;

use crate::LoadError;
use crate::imsi::{ImsiRange, plmn_id};
use crate::scenario::{Scenario, ScenarioKind};

/// The request bound when neither `--requests` nor `--duration` is given.
pub const DEFAULT_REQUESTS: u64 = 10_000;

/// Largest window per connection: hop-by-hop identifiers and buffers stay small.
const MAX_WINDOW: usize = 65_536;

/// Plays `--peers` MMEs against an HSS: S6a AIR/ULR over Diameter, closed loop, then reports
/// throughput, latency and Result-Codes.
#[derive(Debug, Clone, Parser)]
#[command(name = "hss-loadtest", version, about)]
pub struct Config {
    /// Diameter address of the HSS; a warning is printed when it is not loopback.
    #[arg(long, default_value = "127.0.0.1:3868")]
    pub target: String,
    /// Number of peers, each its own TCP connection with Origin-Host `loadtest-{i}.{realm}`.
    #[arg(long, default_value_t = 1)]
    pub peers: usize,
    /// Origin-Realm of the peers.
    #[arg(long, default_value = "loadtest.example")]
    pub realm: String,
    /// Outstanding requests per connection.
    #[arg(long, default_value_t = 32)]
    pub window: usize,
    /// What each procedure sends: `air`, `ulr`, or `attach` (AIR then ULR for one IMSI).
    #[arg(long, value_enum, default_value_t = ScenarioKind::Air)]
    pub scenario: ScenarioKind,
    /// Number-Of-Requested-Vectors of each AIR.
    #[arg(long, default_value_t = 1)]
    pub vectors: u32,
    /// First IMSI; the run uses `imsi-start + i` for `i < imsis`, with the same digit count.
    #[arg(long, default_value = "001010000000001")]
    pub imsi_start: String,
    /// Number of IMSIs; the peers share them out (peer `c` uses `c`, `c + peers`, ...).
    #[arg(long, default_value_t = 1000)]
    pub imsis: u64,
    /// Stop after this many requests in total (default 10000 when no --duration is given).
    #[arg(long)]
    pub requests: Option<u64>,
    /// Stop sending after this many seconds.
    #[arg(long, value_name = "SECS")]
    pub duration: Option<f64>,
    /// Destination-Realm of the requests (default: hssd's default realm).
    #[arg(long, default_value = "epc.mnc001.mcc001.3gppnetwork.org")]
    pub destination_realm: String,
    /// Destination-Host of the requests; by default the Origin-Host the HSS sent in its CEA.
    #[arg(long)]
    pub destination_host: Option<String>,
    /// Visited PLMN as MCC+MNC digits (00101 or 001001); default: the first five digits of
    /// the first IMSI.
    #[arg(long, value_name = "MCCMNC")]
    pub visited_plmn: Option<String>,
    /// REST base URL (http://127.0.0.1:8080): provision an APN profile, the subscribers and
    /// their authentication data before the run.
    #[arg(long, value_name = "URL")]
    pub provision: Option<String>,
    /// Id of the APN profile provisioning creates (or reuses when it exists).
    #[arg(long, default_value_t = 1)]
    pub apn_profile_id: u32,
    /// Bearer token for the REST API.
    #[arg(long, env = "HSS_REST_TOKEN", hide_env_values = true)]
    pub rest_token: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Per-request timeout, also the bound on connecting, CEA and DPA.
    #[arg(long, default_value_t = 5000)]
    pub timeout_ms: u64,
    /// Worker threads of the runtime (keep it low: the generator should not steal the
    /// server's cores).
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
}

impl Default for Config {
    /// The command-line defaults.
    fn default() -> Self {
        // The defaults above always parse: an empty command line cannot fail.
        Self::from_args(["hss-loadtest"]).expect("the default command line parses")
    }
}

impl Config {
    /// Parses a command line and applies the default request bound when neither `--requests`
    /// nor `--duration` is given.
    pub fn from_args<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let mut config = Self::try_parse_from(args)?;
        if config.requests.is_none() && config.duration.is_none() {
            config.requests = Some(DEFAULT_REQUESTS);
        }
        Ok(config)
    }

    /// Checks every setting the run and provisioning depend on.
    pub fn validate(&self) -> Result<(), LoadError> {
        let bad = |field, reason: &str| Err(LoadError::Config { field, reason: reason.into() });
        if self.peers == 0 {
            return bad("peers", "at least one peer is needed");
        }
        if self.window == 0 || self.window > MAX_WINDOW {
            return bad("window", "must be between 1 and 65536");
        }
        if self.threads == 0 {
            return bad("threads", "at least one thread is needed");
        }
        if self.timeout_ms == 0 {
            return bad("timeout-ms", "must be above zero");
        }
        match (self.requests, self.duration) {
            (None, None) => return bad("requests", "give --requests, --duration or both"),
            (Some(0), _) => return bad("requests", "must be above zero"),
            _ => {}
        }
        let positive = |secs| Duration::try_from_secs_f64(secs).is_ok_and(|d| !d.is_zero());
        if self.duration.is_some_and(|secs| !positive(secs)) {
            return bad("duration", "must be a positive number of seconds");
        }
        if self.scenario.uses_air() && self.vectors == 0 {
            return bad("vectors", "an AIR asks for at least one vector");
        }
        if self.realm.is_empty() || self.destination_realm.is_empty() {
            return bad("realm", "realms cannot be empty");
        }
        let range = self.imsi_range()?;
        if range.len() < self.peers as u64 {
            return bad("imsis", "every peer needs at least one IMSI");
        }
        self.visited_plmn_id()?;
        Ok(())
    }

    /// The IMSIs of the run.
    pub fn imsi_range(&self) -> Result<ImsiRange, LoadError> {
        ImsiRange::new(&self.imsi_start, self.imsis)
    }

    /// The Visited-PLMN-Id: `--visited-plmn`, else the first five digits of `--imsi-start`.
    pub fn visited_plmn_id(&self) -> Result<[u8; 3], LoadError> {
        match &self.visited_plmn {
            Some(p) => plmn_id(p),
            None => plmn_id(self.imsi_range()?.home_plmn()),
        }
    }

    /// The Origin-Host of peer `i`.
    pub fn origin_host(&self, i: usize) -> String {
        origin_host(&self.realm, i)
    }

    /// Resolves `--target`.
    pub fn target_addr(&self) -> Result<SocketAddr, LoadError> {
        let resolve = |source| LoadError::Resolve { target: self.target.clone(), source };
        let mut addrs = self.target.to_socket_addrs().map_err(resolve)?;
        addrs.next().ok_or_else(|| resolve(std::io::ErrorKind::NotFound.into()))
    }

    /// True when `--target` resolves to a loopback address.
    pub fn target_is_loopback(&self) -> bool {
        self.target_addr().is_ok_and(|a| a.ip().is_loopback())
    }
}

/// The Origin-Host of peer `i` in `realm`.
pub(crate) fn origin_host(realm: &str, i: usize) -> String {
    format!("loadtest-{i}.{realm}")
}

/// What the connections of one run share: the checked settings and the request budget.
#[derive(Debug)]
pub(crate) struct Plan {
    pub target: SocketAddr,
    pub peers: usize,
    pub window: usize,
    pub realm: String,
    pub destination_realm: String,
    pub destination_host: Option<String>,
    pub imsis: ImsiRange,
    pub visited_plmn_id: [u8; 3],
    pub vectors: u32,
    pub timeout: Duration,
    pub origin_state_id: u32,
    pub scenario: Arc<dyn Scenario>,
    pub budget: Budget,
}

impl Plan {
    /// Checks `config` and resolves what the connections need.
    pub fn new(config: &Config, scenario: Arc<dyn Scenario>) -> Result<Self, LoadError> {
        config.validate()?;
        if scenario.steps().is_empty() {
            return Err(LoadError::Config {
                field: "scenario",
                reason: "a scenario sends at least one request".into(),
            });
        }
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        Ok(Self {
            target: config.target_addr()?,
            peers: config.peers,
            window: config.window,
            realm: config.realm.clone(),
            destination_realm: config.destination_realm.clone(),
            destination_host: config.destination_host.clone(),
            imsis: config.imsi_range()?,
            visited_plmn_id: config.visited_plmn_id()?,
            vectors: config.vectors,
            timeout: Duration::from_millis(config.timeout_ms),
            origin_state_id: now.as_secs() as u32,
            scenario,
            budget: Budget::new(
                config.requests,
                config.duration.and_then(|s| Duration::try_from_secs_f64(s).ok()),
            ),
        })
    }
}

/// The run's bounds, shared by every connection: a request count and a sending deadline.
#[derive(Debug)]
pub(crate) struct Budget {
    limit: Option<u64>,
    deadline: Option<Instant>,
    /// Requests claimed so far; may run past `limit` by the claims that were refused.
    claimed: AtomicU64,
}

impl Budget {
    /// A budget of `limit` requests and `duration` from now; `None` is unbounded.
    pub fn new(limit: Option<u64>, duration: Option<Duration>) -> Self {
        let deadline = duration.and_then(|d| Instant::now().checked_add(d));
        Self { limit, deadline, claimed: AtomicU64::new(0) }
    }

    /// Takes one request from the budget; false once the count or the deadline is reached.
    pub fn claim(&self, now: Instant) -> bool {
        if self.deadline.is_some_and(|d| now >= d) {
            return false;
        }
        match self.limit {
            Some(limit) => self.claimed.fetch_add(1, Ordering::Relaxed) < limit,
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(args: &[&str]) -> Config {
        let mut all = vec!["hss-loadtest"];
        all.extend_from_slice(args);
        Config::from_args(all).expect("parses")
    }

    fn field_of(c: &Config) -> Option<&'static str> {
        match c.validate() {
            Err(LoadError::Config { field, .. }) => Some(field),
            Err(other) => panic!("unexpected error {other}"),
            Ok(()) => None,
        }
    }

    #[test]
    fn defaults_are_valid_and_bounded_by_requests() {
        let c = Config::default();
        assert_eq!(field_of(&c), None);
        assert_eq!((c.requests, c.duration), (Some(DEFAULT_REQUESTS), None));
        assert_eq!(c.target, "127.0.0.1:3868");
        assert_eq!((c.peers, c.window, c.imsis, c.timeout_ms, c.threads), (1, 32, 1000, 5000, 1));
        assert_eq!(c.visited_plmn_id().expect("plmn"), [0x00, 0xf1, 0x10]);
        assert!(c.target_is_loopback());
        assert_eq!(c.origin_host(3), "loadtest-3.loadtest.example");
    }

    #[test]
    fn a_duration_alone_lifts_the_default_request_bound() {
        let c = config(&["--duration", "2.5"]);
        assert_eq!((c.requests, c.duration), (None, Some(2.5)));
        assert_eq!(field_of(&c), None);
        let both = config(&["--duration", "1", "--requests", "7"]);
        assert_eq!((both.requests, both.duration), (Some(7), Some(1.0)));
    }

    #[test]
    fn refuses_settings_that_cannot_run() {
        let cases: &[(&[&str], &str)] = &[
            (&["--window", "0"], "window"),
            (&["--peers", "0"], "peers"),
            (&["--threads", "0"], "threads"),
            (&["--requests", "0"], "requests"),
            (&["--duration", "0"], "duration"),
            (&["--duration=-1"], "duration"),
            (&["--timeout-ms", "0"], "timeout-ms"),
            (&["--vectors", "0"], "vectors"),
            (&["--imsis", "0"], "imsis"),
            (&["--imsis", "2", "--peers", "3"], "imsis"),
            (&["--imsi-start", "0010a"], "imsi-start"),
            (&["--imsi-start", "999999999999999", "--imsis", "2"], "imsis"),
            (&["--visited-plmn", "0010"], "visited-plmn"),
        ];
        for (args, field) in cases {
            assert_eq!(field_of(&config(args)), Some(*field), "{args:?}");
        }
        // ULR alone never asks for vectors, so zero is fine there.
        assert_eq!(field_of(&config(&["--vectors", "0", "--scenario", "ulr"])), None);
    }

    #[test]
    fn a_library_config_without_bounds_is_refused() {
        let c = Config { requests: None, duration: None, ..Config::default() };
        assert_eq!(field_of(&c), Some("requests"));
    }

    #[test]
    fn the_visited_plmn_defaults_to_the_imsi_and_can_be_given() {
        let c = config(&["--imsi-start", "310260000000001"]);
        assert_eq!(c.visited_plmn_id().expect("plmn"), [0x13, 0xf0, 0x62]);
        let c = config(&["--visited-plmn", "310260"]);
        assert_eq!(c.visited_plmn_id().expect("plmn"), [0x13, 0x00, 0x62]);
    }

    #[test]
    fn non_loopback_targets_are_recognised() {
        assert!(!config(&["--target", "192.0.2.1:3868"]).target_is_loopback());
        assert!(config(&["--target", "[::1]:3868"]).target_is_loopback());
    }

    #[test]
    fn the_budget_stops_at_its_count() {
        let b = Budget::new(Some(3), None);
        let now = Instant::now();
        let granted = (0..10).filter(|_| b.claim(now)).count();
        assert_eq!(granted, 3);
        let timed = Budget::new(None, Some(Duration::from_secs(60)));
        assert!(timed.claim(now));
        assert!(!timed.claim(now + Duration::from_secs(61)));
    }
}
