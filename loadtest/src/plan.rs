//! What the connections of one run share once the settings are checked ([`Plan`]): the
//! resolved target and its TLS client, the IMSI range, the scenario mix, the pacing, the request budget with its
//! warm-up ([`Budget`]), the per-second series and the live progress counts.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use codec::ApplicationId;

use crate::config::Config;
use crate::error::LoadError;
use crate::imsi::ImsiRange;
use crate::progress::ProgressCounts;
use crate::scenario::Mix;
use crate::series::Series;
use crate::step::Step;
use crate::tls::TlsClient;

/// How requests are paced.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Pacing {
    /// Closed loop: each connection keeps `window` requests outstanding.
    Closed {
        /// Requests outstanding per connection.
        window: usize,
    },
    /// Open loop: each connection sends one request every `interval`, answered or not, with
    /// at most `max_outstanding` out.
    Open {
        /// Time between two requests of one connection (`peers / rate`).
        interval: Duration,
        /// Requests outstanding per connection at most.
        max_outstanding: usize,
    },
}

/// Which part of the run a request belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Period {
    /// Sent and checked, reported apart.
    Warmup,
    /// Counted in the report.
    Measured,
}

/// How the warm-up ends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Warmup {
    /// No warm-up.
    None,
    /// Requests due within this long from the start of the run.
    For(Duration),
    /// The first this many requests.
    Requests(u64),
}

/// What the connections of one run share: the checked settings and the request budget.
#[derive(Debug)]
pub(crate) struct Plan {
    pub target: std::net::SocketAddr,
    /// `--tls`: the handshake each connection makes before its CER.
    pub tls: Option<TlsClient>,
    pub peers: usize,
    pub pacing: Pacing,
    pub realm: String,
    pub destination_realm: String,
    pub destination_host: Option<String>,
    pub imsis: ImsiRange,
    pub visited_plmn_id: [u8; 3],
    /// The home IMS domain of the Cx requests' identities.
    pub ims_domain: String,
    /// Server-Name of MAR and SAR.
    pub scscf_name: String,
    pub vectors: u32,
    pub timeout: Duration,
    pub origin_state_id: u32,
    pub mix: Mix,
    /// The applications the CER advertises: those of the mix's steps, S6a at least.
    pub applications: Vec<ApplicationId>,
    pub budget: Budget,
    pub series: Series,
    pub progress: std::sync::Arc<ProgressCounts>,
}

impl Plan {
    /// Checks `config` and resolves what the connections need to run `mix`.
    pub fn new(config: &Config, mix: Mix) -> Result<Self, LoadError> {
        config.validate()?;
        if mix.entries().iter().any(|e| e.scenario.steps().is_empty()) {
            return Err(LoadError::Config {
                field: "scenario",
                reason: "a scenario sends at least one request".into(),
            });
        }
        let uses_vectors =
            mix.steps().iter().any(|s| matches!(s, Step::Air | Step::Mar | Step::SwxMar));
        if uses_vectors && config.vectors == 0 {
            return Err(LoadError::Config {
                field: "vectors",
                reason: "an AIR or a MAR (Cx or SWx) asks for at least one vector".into(),
            });
        }
        let mut applications = vec![ApplicationId::S6A];
        for app in mix.steps().into_iter().filter_map(Step::application) {
            if !applications.contains(&app) {
                applications.push(app);
            }
        }
        let pacing = match config.rate {
            Some(rate) => Pacing::Open {
                interval: Duration::from_secs_f64(config.peers as f64 / rate),
                max_outstanding: config.max_outstanding,
            },
            None => Pacing::Closed { window: config.window },
        };
        let secs = |s: f64| Duration::try_from_secs_f64(s).ok();
        let warmup = match (config.warmup, config.warmup_requests) {
            (Some(s), _) => secs(s).map_or(Warmup::None, Warmup::For),
            (None, Some(n)) => Warmup::Requests(n),
            (None, None) => Warmup::None,
        };
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        let imsis = config.imsi_range()?;
        Ok(Self {
            target: config.target_addr()?,
            tls: TlsClient::from_config(config)?,
            peers: config.peers,
            pacing,
            realm: config.realm.clone(),
            destination_realm: config.destination_realm.clone(),
            destination_host: config.destination_host.clone(),
            ims_domain: imsis.ims_domain(),
            imsis,
            visited_plmn_id: config.visited_plmn_id()?,
            scscf_name: config.scscf_name.clone(),
            vectors: config.vectors,
            timeout: Duration::from_millis(config.timeout_ms),
            origin_state_id: now.as_secs() as u32,
            mix,
            applications,
            budget: Budget::new(config.requests, config.duration.and_then(secs), warmup),
            series: Series::default(),
            progress: Default::default(),
        })
    }
}

/// The run's bounds, shared by every connection: the warm-up, then a request count and a
/// sending time measured from the first request after the warm-up.
#[derive(Debug)]
pub(crate) struct Budget {
    limit: Option<u64>,
    duration: Option<Duration>,
    warmup_until: Option<Instant>,
    warmup_requests: u64,
    warmup_claimed: AtomicU64,
    /// Measured requests claimed so far; may run past `limit` by the claims that were refused.
    claimed: AtomicU64,
    /// When the first measured request was due.
    measured_start: OnceLock<Instant>,
}

impl Budget {
    /// A budget of `limit` requests and `duration` after `warmup`; `None` is unbounded. A
    /// timed warm-up starts now.
    pub fn new(limit: Option<u64>, duration: Option<Duration>, warmup: Warmup) -> Self {
        let (warmup_until, warmup_requests) = match warmup {
            Warmup::None => (None, 0),
            Warmup::For(d) => (Instant::now().checked_add(d), 0),
            Warmup::Requests(n) => (None, n),
        };
        Self {
            limit,
            duration,
            warmup_until,
            warmup_requests,
            warmup_claimed: AtomicU64::new(0),
            claimed: AtomicU64::new(0),
            measured_start: OnceLock::new(),
        }
    }

    /// Takes one request due `at` from the budget: its period, or `None` once the count or
    /// the sending time of the measured period is spent.
    pub fn claim(&self, at: Instant) -> Option<Period> {
        if self.warmup_until.is_some_and(|end| at < end) {
            return Some(Period::Warmup);
        }
        if self.warmup_claimed.load(Ordering::Relaxed) < self.warmup_requests
            && self.warmup_claimed.fetch_add(1, Ordering::Relaxed) < self.warmup_requests
        {
            return Some(Period::Warmup);
        }
        let start = *self.measured_start.get_or_init(|| at);
        if self.duration.is_some_and(|d| at.saturating_duration_since(start) >= d) {
            return None;
        }
        match self.limit {
            Some(limit) if self.claimed.fetch_add(1, Ordering::Relaxed) >= limit => None,
            _ => Some(Period::Measured),
        }
    }

    /// When the first measured request was due, once there was one.
    pub fn measured_start(&self) -> Option<Instant> {
        self.measured_start.get().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEC: Duration = Duration::from_secs(1);

    fn plan(args: &[&str]) -> Plan {
        let mut all = vec!["hss-loadtest"];
        all.extend_from_slice(args);
        let config = Config::from_args(all).expect("config");
        Plan::new(&config, config.scenario_mix().expect("mix")).expect("plan")
    }

    #[test]
    fn the_cer_advertises_the_applications_of_the_steps() {
        assert_eq!(plan(&[]).applications, [ApplicationId::S6A]);
        assert_eq!(plan(&["--scenario", "dwr"]).applications, [ApplicationId::S6A]);
        let cx = plan(&["--scenario", "ims-register"]);
        assert_eq!(cx.applications, [ApplicationId::S6A, ApplicationId::CX]);
        assert_eq!(cx.ims_domain, "ims.mnc001.mcc001.3gppnetwork.org");
        let mixed = plan(&["--mix", "air=1,lir=1", "--imsi-start", "310260000000001"]);
        assert_eq!(mixed.applications, [ApplicationId::S6A, ApplicationId::CX]);
        assert_eq!(mixed.ims_domain, "ims.mnc026.mcc310.3gppnetwork.org", "a 2-digit MNC");
        let sh = plan(&["--scenario", "udr"]);
        assert_eq!(sh.applications, [ApplicationId::S6A, ApplicationId::SH]);
        let all = plan(&["--mix", "udr=1,ims-register=1,air=1"]);
        assert_eq!(all.applications, [ApplicationId::S6A, ApplicationId::SH, ApplicationId::CX]);
        let s13 = plan(&["--scenario", "ecr"]);
        assert_eq!(s13.applications, [ApplicationId::S6A, ApplicationId::S13]);
        let mixed = plan(&["--mix", "ecr=1,attach=1"]);
        assert_eq!(mixed.applications, [ApplicationId::S6A, ApplicationId::S13]);
    }

    #[test]
    fn the_budget_stops_at_its_count() {
        let b = Budget::new(Some(3), None, Warmup::None);
        let now = Instant::now();
        let granted = (0..10).filter(|_| b.claim(now).is_some()).count();
        assert_eq!(granted, 3);
        assert_eq!(b.measured_start(), Some(now));
    }

    #[test]
    fn the_sending_time_starts_with_the_first_measured_request() {
        let b = Budget::new(None, Some(60 * SEC), Warmup::None);
        let t = Instant::now() + 5 * SEC;
        assert_eq!(b.measured_start(), None);
        assert_eq!(b.claim(t), Some(Period::Measured));
        assert_eq!(b.claim(t + 59 * SEC), Some(Period::Measured));
        assert_eq!(b.claim(t + 60 * SEC), None);
    }

    #[test]
    fn a_counted_warm_up_comes_before_the_count() {
        let b = Budget::new(Some(2), None, Warmup::Requests(3));
        let now = Instant::now();
        let periods: Vec<_> = (0..7).map(|_| b.claim(now)).collect();
        let (w, m) = (Some(Period::Warmup), Some(Period::Measured));
        assert_eq!(periods, [w, w, w, m, m, None, None]);
    }

    #[test]
    fn a_timed_warm_up_covers_requests_due_before_its_end() {
        let start = Instant::now();
        let b = Budget::new(None, Some(SEC), Warmup::For(2 * SEC));
        assert_eq!(b.claim(start), Some(Period::Warmup));
        let after = start + 3 * SEC;
        assert_eq!(b.claim(after), Some(Period::Measured));
        assert_eq!(b.measured_start(), Some(after));
        assert_eq!(b.claim(after + SEC), None, "the duration runs from the measured start");
    }
}
