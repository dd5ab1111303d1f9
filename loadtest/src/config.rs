//! The settings of a run: the command line ([`Config`]), checked by [`Config::validate`]; the
//! connections share them, resolved, as a `plan::Plan`.

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;

use crate::error::LoadError;
use crate::imsi::{ImsiRange, plmn_id};
use crate::scenario::{Mix, MixSpec, ScenarioKind};

/// The request bound when neither `--requests` nor `--duration` is given.
pub const DEFAULT_REQUESTS: u64 = 10_000;

/// Largest window (or outstanding bound) per connection: identifiers and buffers stay small.
const MAX_WINDOW: usize = 65_536;

/// Largest `--provision-chunk`: about 25 MiB of NDJSON, below the import's 64 MiB limit.
const MAX_PROVISION_CHUNK: usize = 100_000;

/// The default `--scscf-name`: a name that resolves nowhere (RFC 6761 `.invalid`).
pub const DEFAULT_SCSCF_NAME: &str = "sip:scscf.loadtest.invalid:6060";

/// Plays `--peers` MMEs, CSCFs or application servers against an HSS: S6a AIR/ULR/PUR, S13
/// ECR, Cx UAR/MAR/SAR/LIR, Sh UDR (or DWR) over Diameter, in a closed loop or at a fixed rate, then
/// reports throughput, latency and Result-Codes.
#[derive(Debug, Clone, Parser)]
#[command(name = "hss-loadtest", version, about)]
pub struct Config {
    /// Diameter address of the HSS (its TLS port with `--tls`); a warning is printed when it
    /// is not loopback.
    #[arg(long, default_value = "127.0.0.1:3868")]
    pub target: String,
    /// Connect with TLS 1.2 or 1.3 (Diameter over TLS/TCP, RFC 6733 §13), to hssd's
    /// `--diameter-tls-listen` port (registered port 5658): the handshake comes before the
    /// CER. Needs `--tls-ca`.
    #[arg(long)]
    pub tls: bool,
    /// With `--tls`: PEM file of the certificates hssd's certificate must chain to (its CA, or
    /// the self-signed certificate itself).
    #[arg(long, value_name = "PEM", requires = "tls")]
    pub tls_ca: Option<PathBuf>,
    /// With `--tls`: the name hssd's certificate must be valid for, a DNS name (also sent as
    /// SNI) or an IP address (checked against the certificate's IP addresses). Default: the
    /// host of `--target`, so give the HSS's DNS name here when the target is an address and
    /// the certificate names only hosts.
    #[arg(long, value_name = "NAME", requires = "tls")]
    pub tls_server_name: Option<String>,
    /// With `--tls`: PEM certificate chain the peers present, for an hssd that requires
    /// client certificates (`diameter_tls_client_ca`). hssd also checks that it names each
    /// peer's Origin-Host, `loadtest-{i}.{realm}`: give one with a wildcard `*.{realm}` or a
    /// subjectAltName per peer. Needs `--tls-key`.
    #[arg(long, value_name = "PEM", requires_all = ["tls", "tls_key"])]
    pub tls_cert: Option<PathBuf>,
    /// With `--tls-cert`: its private key, PEM (PKCS#8, PKCS#1 or SEC1).
    #[arg(long, value_name = "PEM", requires_all = ["tls", "tls_cert"])]
    pub tls_key: Option<PathBuf>,
    /// Number of peers, each its own TCP connection with Origin-Host `loadtest-{i}.{realm}` and
    /// Origin-Realm `{realm}`.
    #[arg(long, default_value_t = 1)]
    pub peers: usize,
    /// Origin-Realm of the peers.
    #[arg(long, default_value = "loadtest.example")]
    pub realm: String,
    /// Closed loop (the default): outstanding requests per connection.
    #[arg(long, default_value_t = 32)]
    pub window: usize,
    /// Open loop: send this many requests per second in total across the peers, answered or
    /// not; latency counts from each request's scheduled time.
    #[arg(long, value_name = "PER_SEC")]
    pub rate: Option<f64>,
    /// Open loop: requests outstanding per connection at most; a due request waits for room
    /// (late) and is dropped once a timeout overdue.
    #[arg(long, default_value_t = 1024)]
    pub max_outstanding: usize,
    /// What each procedure sends. S6a (an MME): `air`, `ulr`, `attach` (AIR then ULR for one
    /// IMSI), `pur`. S13 (an MME asking the EIR): `ecr`, an ME-Identity-Check of the IMEI
    /// `35` + the IMSI's last 12 digits + check digit `0`, with the IMSI as User-Name (2001
    /// with any Equipment-Status is a success; no EIR rule gives the default). Cx (an I-CSCF and an S-CSCF): `ims-register` (UAR, MAR, SAR REGISTRATION
    /// for one IMSI), `uar`, `mar`, `sar`, `lir`, for the IMPI
    /// `{imsi}@ims.mnc{MNC}.mcc{MCC}.3gppnetwork.org` (the first IMSI's MCC and MNC) and the
    /// IMPU `sip:{impi}`; they need an IMS subscription per IMSI, which `--provision` creates.
    /// Sh (an application server): `udr`, a User-Data-Request for the IMPU's RepositoryData
    /// (Data-Reference 0) with Service-Indication `MMTEL-Services`; it needs, beyond the IMS
    /// subscription, the AS permission entry of `--realm` and that repository data, which
    /// `--provision` creates too. SWx (a 3GPP AAA server, VoWiFi): `swx-mar`, a
    /// Multimedia-Auth-Request for EAP-AKA' vectors of the IMSI over untrusted WLAN (ANID
    /// `WLAN`); the EPS subscriber is all it needs. Or `dwr` (Device-Watchdog only, no
    /// subscriber).
    #[arg(long, value_enum, default_value_t = ScenarioKind::Air)]
    pub scenario: ScenarioKind,
    /// A weighted mix of scenarios instead of one, e.g. `air=6,ulr=2,pur=1,attach=1` or
    /// `air=1,ecr=1,mar=1,sar=1,lir=1,udr=1`: each procedure picks its scenario by weight.
    #[arg(long, value_name = "NAME=WEIGHT,...", conflicts_with = "scenario")]
    pub mix: Option<MixSpec>,
    /// Seed of the mix's pseudo-random picks (the same seed, the same sequence per peer).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Number-Of-Requested-Vectors of each AIR, and SIP-Number-Auth-Items of each MAR (Cx and
    /// SWx).
    #[arg(long, default_value_t = 1)]
    pub vectors: u32,
    /// Server-Name of the S-CSCF in MAR and SAR (a SIP URI).
    #[arg(long, value_name = "SIP_URI", default_value = DEFAULT_SCSCF_NAME)]
    pub scscf_name: String,
    /// First IMSI; the run uses `imsi-start + i` for `i < imsis`, with the same digit count.
    #[arg(long, default_value = "001010000000001")]
    pub imsi_start: String,
    /// Number of IMSIs; the peers share them out (peer `c` uses `c`, `c + peers`, ...).
    #[arg(long, default_value_t = 1000)]
    pub imsis: u64,
    /// Stop after this many requests in total, after the warm-up (default 10000 when no
    /// --duration is given).
    #[arg(long)]
    pub requests: Option<u64>,
    /// Stop sending after this many seconds (after the warm-up).
    #[arg(long, value_name = "SECS")]
    pub duration: Option<f64>,
    /// Warm up for this many seconds first: that traffic is sent and checked but reported
    /// apart, outside the latency, throughput and counters.
    #[arg(long, value_name = "SECS", conflicts_with = "warmup_requests")]
    pub warmup: Option<f64>,
    /// Warm up with this many requests first (like `--warmup`, by count).
    #[arg(long, value_name = "N")]
    pub warmup_requests: Option<u64>,
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
    /// REST base URL (http://127.0.0.1:8080): provision an APN profile, then the subscribers
    /// with their authentication data (bulk import, or one request each on an older hssd)
    /// before the run; when the scenario or the mix sends Cx or Sh requests, then one IMS
    /// subscription per IMSI (`POST /ims-subscriptions/import`; a duplicate means it exists);
    /// when it sends Sh requests, then the AS permission entry of `--realm` (`PUT
    /// /sh/application-servers/{realm}`: UDR of Data-References 0, 10, 11, 12, 13, 17) and one
    /// piece of `MMTEL-Services` repository data per IMPU (`PUT
    /// .../repository-data/MMTEL-Services`, 8 in flight; one already there is kept).
    #[arg(long, value_name = "URL", overrides_with = "no_provision")]
    pub provision: Option<String>,
    /// Use the existing population (the default); overrides `--provision`.
    #[arg(long, overrides_with = "provision")]
    pub no_provision: bool,
    /// Subscribers per bulk import request (NDJSON lines).
    #[arg(long, value_name = "LINES", default_value_t = 10_000)]
    pub provision_chunk: usize,
    /// Id of the APN profile provisioning creates (or reuses when it exists).
    #[arg(long, default_value_t = 1)]
    pub apn_profile_id: u32,
    /// Bearer token for the REST API.
    #[arg(long, env = "HSS_REST_TOKEN", hide_env_values = true)]
    pub rest_token: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// No progress display (it is shown on stderr only when stderr is a terminal).
    #[arg(long, short)]
    pub quiet: bool,
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
        if self.rate.is_some_and(|r| !(r.is_finite() && r > 0.0 && r <= 1e9)) {
            return bad("rate", "must be a positive number of requests per second");
        }
        if self.max_outstanding == 0 || self.max_outstanding > MAX_WINDOW {
            return bad("max-outstanding", "must be between 1 and 65536");
        }
        if self.warmup.is_some_and(|secs| !positive(secs)) {
            return bad("warmup", "must be a positive number of seconds");
        }
        if self.warmup_requests == Some(0) {
            return bad("warmup-requests", "must be above zero");
        }
        if self.provision_chunk == 0 || self.provision_chunk > MAX_PROVISION_CHUNK {
            return bad("provision-chunk", "must be between 1 and 100000 lines");
        }
        if self.kinds().any(ScenarioKind::uses_vectors) && self.vectors == 0 {
            return bad("vectors", "an AIR or a MAR asks for at least one vector");
        }
        if self.uses_cx() && !self.scscf_name.contains(':') {
            return bad("scscf-name", "a Server-Name is a SIP URI, e.g. sip:scscf.example:6060");
        }
        if self.realm.is_empty() || self.destination_realm.is_empty() {
            return bad("realm", "realms cannot be empty");
        }
        self.check_tls()?;
        let range = self.imsi_range()?;
        if range.len() < self.peers as u64 {
            return bad("imsis", "every peer needs at least one IMSI");
        }
        self.visited_plmn_id()?;
        Ok(())
    }

    /// Checks the TLS flags (a library `Config` is not checked by clap): `--tls` with a CA,
    /// a client certificate with its key, a server name rustls accepts, and no TLS file
    /// without `--tls`. The files are read when the run starts.
    fn check_tls(&self) -> Result<(), LoadError> {
        let bad = |field, reason: &str| Err(LoadError::Config { field, reason: reason.into() });
        if !self.tls {
            let given = self.tls_ca.is_some() || self.tls_cert.is_some() || self.tls_key.is_some();
            if given || self.tls_server_name.is_some() {
                return bad(
                    "tls",
                    "--tls-ca, --tls-server-name, --tls-cert and --tls-key need --tls",
                );
            }
            return Ok(());
        }
        if self.tls_ca.is_none() {
            return bad("tls-ca", "--tls needs the CA that hssd's certificate chains to");
        }
        if self.tls_cert.is_some() != self.tls_key.is_some() {
            return bad("tls-cert", "--tls-cert and --tls-key go together");
        }
        if rustls::pki_types::ServerName::try_from(self.tls_name()).is_err() {
            return bad("tls-server-name", "not a DNS name or an IP address");
        }
        Ok(())
    }

    /// The name hssd's TLS certificate is checked against: `--tls-server-name`, else the host
    /// of `--target` (without its port and IPv6 brackets).
    pub fn tls_name(&self) -> String {
        if let Some(name) = &self.tls_server_name {
            return name.clone();
        }
        let host = self.target.rsplit_once(':').map_or(self.target.as_str(), |(host, _)| host);
        host.trim_start_matches('[').trim_end_matches(']').to_owned()
    }

    /// The scenarios of the run: `--mix`, else `--scenario` alone.
    pub fn scenario_mix(&self) -> Result<Mix, LoadError> {
        match &self.mix {
            Some(spec) => Mix::from_spec(spec, self.seed),
            None => Ok(Mix::single(Arc::new(self.scenario))),
        }
    }

    /// The built-in scenarios of the run: those of `--mix`, else `--scenario`.
    fn kinds(&self) -> impl Iterator<Item = ScenarioKind> + '_ {
        let mix = self.mix.iter().flat_map(|m| m.0.iter().map(|&(kind, _)| kind));
        mix.chain(self.mix.is_none().then_some(self.scenario))
    }

    /// True when the run sends Cx requests (`--scenario` or `--mix`).
    pub fn uses_cx(&self) -> bool {
        self.kinds().any(ScenarioKind::uses_cx)
    }

    /// True when the run sends Sh requests: provisioning then writes the AS permission entry
    /// of the peers' realm and the repository data the UDRs read.
    pub fn uses_sh(&self) -> bool {
        self.kinds().any(ScenarioKind::uses_sh)
    }

    /// True when the run sends Cx or Sh requests: provisioning then creates an IMS
    /// subscription per IMSI.
    pub fn uses_ims(&self) -> bool {
        self.kinds().any(ScenarioKind::uses_ims)
    }

    /// The REST base URL to provision at: `--provision` unless `--no-provision`.
    pub fn provision_url(&self) -> Option<&str> {
        self.provision.as_deref().filter(|_| !self.no_provision)
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
            (&["--rate", "0"], "rate"),
            (&["--rate", "inf"], "rate"),
            (&["--max-outstanding", "0"], "max-outstanding"),
            (&["--warmup", "0"], "warmup"),
            (&["--warmup-requests", "0"], "warmup-requests"),
            (&["--provision-chunk", "0"], "provision-chunk"),
            (&["--provision-chunk", "100001"], "provision-chunk"),
            (&["--mix", "ulr=1,attach=1", "--vectors", "0"], "vectors"),
            (&["--scenario", "mar", "--vectors", "0"], "vectors"),
            (&["--scenario", "swx-mar", "--vectors", "0"], "vectors"),
            (&["--scenario", "sar", "--scscf-name", "scscf"], "scscf-name"),
        ];
        for (args, field) in cases {
            assert_eq!(field_of(&config(args)), Some(*field), "{args:?}");
        }
        // ULR and SAR never ask for vectors, so zero is fine there.
        assert_eq!(field_of(&config(&["--vectors", "0", "--scenario", "ulr"])), None);
        assert_eq!(field_of(&config(&["--vectors", "0", "--mix", "sar=1,lir=1"])), None);
        // An S6a run does not use the Server-Name.
        assert_eq!(field_of(&config(&["--scscf-name", "x"])), None);
    }

    #[test]
    fn the_help_lists_the_cx_scenarios_and_settings() {
        use clap::CommandFactory;
        let help = Config::command().render_long_help().to_string();
        let texts = ["ims-register", "lir", "--scscf-name", "ims.mnc{MNC}.mcc{MCC}", "UAR"];
        let tls = ["--tls-ca", "--tls-server-name", "--tls-cert", "loadtest-{i}.{realm}"];
        let sh = ["udr", "UDR", "MMTEL-Services", "RepositoryData"];
        for text in texts.into_iter().chain(sh).chain(tls) {
            assert!(help.contains(text), "{text} missing from --help:\n{help}");
        }
    }

    #[test]
    fn cx_and_sh_scenarios_and_mixes_ask_for_ims_provisioning() {
        assert!(!Config::default().uses_cx());
        assert!(config(&["--scenario", "ims-register"]).uses_cx());
        assert!(config(&["--scenario", "lir"]).uses_cx());
        assert!(config(&["--mix", "air=3,mar=1"]).uses_cx());
        assert!(!config(&["--mix", "air=3,attach=1"]).uses_cx());
        let udr = config(&["--scenario", "udr"]);
        assert!(udr.uses_sh() && udr.uses_ims() && !udr.uses_cx());
        assert_eq!(field_of(&config(&["--scenario", "udr", "--scscf-name", "x"])), None);
        let mixed = config(&["--mix", "air=1,udr=1"]);
        assert!(mixed.uses_sh() && mixed.uses_ims());
        let cx = config(&["--mix", "air=1,lir=1"]);
        assert!(cx.uses_ims() && !cx.uses_sh());
        assert!(!Config::default().uses_ims() && !Config::default().uses_sh());
        assert_eq!(Config::default().scscf_name, DEFAULT_SCSCF_NAME);
        let c = config(&["--scenario", "sar", "--scscf-name", "sip:scscf1.example:5060"]);
        assert_eq!((field_of(&c), c.scscf_name.as_str()), (None, "sip:scscf1.example:5060"));
    }

    #[test]
    fn tls_flags_are_checked_and_the_server_name_defaults_to_the_target_host() {
        let c = config(&["--tls", "--tls-ca", "ca.pem"]);
        assert_eq!(field_of(&c), None);
        assert_eq!(c.tls_name(), "127.0.0.1");
        let c = config(&["--tls", "--tls-ca", "ca.pem", "--target", "[::1]:5658"]);
        assert_eq!(c.tls_name(), "::1");
        let c = config(&["--tls", "--tls-ca", "ca.pem", "--target", "hss.example:5658"]);
        assert_eq!(c.tls_name(), "hss.example");
        let c = config(&["--tls", "--tls-ca", "ca.pem", "--tls-server-name", "hss.test"]);
        assert_eq!((field_of(&c), c.tls_name().as_str()), (None, "hss.test"));
        let both = ["--tls", "--tls-ca", "a", "--tls-cert", "c.pem", "--tls-key", "k.pem"];
        assert_eq!(field_of(&config(&both)), None);
        assert_eq!(field_of(&config(&["--tls"])), Some("tls-ca"));
        let bad_name = config(&["--tls", "--tls-ca", "a", "--tls-server-name", "a b"]);
        assert_eq!(field_of(&bad_name), Some("tls-server-name"));
        // clap refuses a TLS file without --tls, or a certificate without its key.
        let parse = |args: &[&str]| Config::from_args([&["hss-loadtest"][..], args].concat());
        assert!(parse(&["--tls-ca", "ca.pem"]).is_err());
        assert!(parse(&["--tls", "--tls-ca", "a", "--tls-cert", "c.pem"]).is_err());
        assert!(parse(&["--tls", "--tls-ca", "a", "--tls-key", "k.pem"]).is_err());
        // A library config is checked the same way.
        let lib = Config { tls_ca: Some("ca.pem".into()), ..Config::default() };
        assert_eq!(field_of(&lib), Some("tls"));
        let lib = Config { tls_cert: Some("c.pem".into()), ..c.clone() };
        assert_eq!(field_of(&lib), Some("tls-cert"));
        assert!(!Config::default().tls);
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
    fn open_loop_mix_warm_up_and_provisioning_flags() {
        let c =
            config(&["--rate", "2000", "--mix", "air=6,dwr=1", "--seed", "9", "--warmup", "1.5"]);
        assert_eq!(field_of(&c), None);
        assert_eq!((c.rate, c.warmup, c.seed), (Some(2000.0), Some(1.5), 9));
        let mix = c.scenario_mix().expect("mix");
        assert_eq!((mix.name(), mix.entries().len()), ("mix".to_owned(), 2));
        assert_eq!(Config::default().scenario_mix().expect("single").name(), "air");
        let parse = |args: &[&str]| {
            let mut all = vec!["hss-loadtest"];
            all.extend_from_slice(args);
            Config::from_args(all)
        };
        assert!(parse(&["--mix", "air=1", "--scenario", "ulr"]).is_err(), "one or the other");
        assert!(parse(&["--warmup", "1", "--warmup-requests", "5"]).is_err());
        assert!(parse(&["--mix", "air=x"]).is_err());
        let url = "http://127.0.0.1:1";
        assert_eq!(config(&["--provision", url]).provision_url(), Some(url));
        assert_eq!(config(&["--provision", url, "--no-provision"]).provision_url(), None);
        assert_eq!(config(&["--no-provision", "--provision", url]).provision_url(), Some(url));
        assert_eq!(Config::default().provision_chunk, 10_000);
        assert!(!Config::default().quiet && config(&["-q"]).quiet);
    }
}
