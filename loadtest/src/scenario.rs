//! What the peers send. A [`Scenario`] is a procedure of [`Step`]s run for one IMSI: each step
//! is sent once the previous one was answered with success. A [`Mix`] is a weighted choice of
//! scenarios: each procedure a peer starts picks one ([`Picker`], deterministic per seed and
//! peer). A single scenario is a mix of one.
//!
//! Extending the generator to another interface (Cx, Sh and S13 were added this way):
//!
//! 1. add the requests as [`Step`] variants (`step.rs`: name, command code, application,
//!    encoder, answer check), and to [`crate::RequestContext`] what they need beyond the IMSI
//!    (Cx: the IMPI and IMPU derived from it, the home IMS domain, a server name; Sh: the
//!    IMPU, and a fixed Service-Indication); the CER
//!    advertises the steps' applications by itself (`plan.rs` collects them from the mix),
//!    and answers are matched by identifiers whatever their command;
//! 2. add the procedures as [`ScenarioKind`] variants (name and steps), which makes them
//!    available to `--scenario` and `--mix`; or implement [`Scenario`] in another crate and
//!    call [`crate::run_scenario`] or [`crate::run_mix`];
//! 3. when the requests need more than the EPS subscriber, provision it in `provision/`
//!    for the runs whose steps use them (Cx and Sh: one IMS subscription per IMSI,
//!    `provision/ims.rs`, when [`crate::Config::uses_ims`]; Sh: the application servers'
//!    permissions and one piece of repository data per IMPU, `provision/sh.rs`, when
//!    [`crate::Config::uses_sh`]).

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use clap::ValueEnum;

use crate::error::LoadError;
use crate::step::Step;

/// A procedure the peers run, one IMSI at a time.
pub trait Scenario: fmt::Debug + Send + Sync {
    /// The name shown in the report.
    fn name(&self) -> &str;
    /// The requests of one procedure, in order; at least one.
    fn steps(&self) -> &[Step];
}

/// The built-in scenarios.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum ScenarioKind {
    /// Authentication-Information-Request only.
    Air,
    /// Update-Location-Request only.
    Ulr,
    /// An attach: AIR, then ULR for the same IMSI once the AIA succeeded.
    Attach,
    /// Purge-UE-Request only.
    Pur,
    /// Device-Watchdog-Request only: the base protocol, no subscriber.
    Dwr,
    /// An IMS registration (Cx), as the I-CSCF and the S-CSCF send it: UAR, then MAR
    /// (Digest-AKAv1-MD5, `--vectors` items), then SAR REGISTRATION for the same IMPU, each
    /// once the previous answer succeeded.
    ImsRegister,
    /// Cx User-Authorization-Request only (REGISTRATION; 2001 or 2002 is a success).
    Uar,
    /// Cx Multimedia-Auth-Request only (Digest-AKAv1-MD5, `--vectors` items).
    Mar,
    /// Cx Server-Assignment-Request only (REGISTRATION, with the User-Data).
    Sar,
    /// Cx Location-Info-Request only (2001 for a registered IMPU, or 2003 UNREGISTERED_SERVICE
    /// for one that is not: the provisioned profile has services for that case).
    Lir,
    /// Sh User-Data-Request only, as an application server sends it: the repository data
    /// (Data-Reference 0) of the IMPU with Service-Indication `MMTEL-Services` (2001 with
    /// User-Data is a success).
    Udr,
    /// S13 ME-Identity-Check-Request only, as an MME sends it to the EIR: an IMEI derived
    /// from the IMSI, the IMSI as User-Name (2001 with an Equipment-Status is a success;
    /// with no EIR rule provisioned, hssd answers the default, WHITELISTED).
    Ecr,
    /// SWx Multimedia-Auth-Request only, as a 3GPP AAA server sends it for VoWiFi: EAP-AKA'
    /// (`--vectors` items) for the IMSI over untrusted WLAN, ANID `WLAN` (2001 with the items
    /// is a success; the EPS subscriber is all it needs).
    SwxMar,
}

impl ScenarioKind {
    /// True when the scenario sends AIRs.
    pub fn uses_air(self) -> bool {
        self.steps().contains(&Step::Air)
    }

    /// True when the scenario asks for vectors (AIR, MAR), so needs `--vectors` of at least 1.
    pub fn uses_vectors(self) -> bool {
        self.steps().iter().any(|s| matches!(s, Step::Air | Step::Mar | Step::SwxMar))
    }

    /// True when the scenario sends Cx requests.
    pub fn uses_cx(self) -> bool {
        self.steps().iter().any(|s| s.is_cx())
    }

    /// True when the scenario sends Sh requests, so needs the application servers'
    /// permissions and the repository data it reads.
    pub fn uses_sh(self) -> bool {
        self.steps().iter().any(|s| s.is_sh())
    }

    /// True when the scenario sends Cx or Sh requests, so needs an IMS subscription per IMSI.
    pub fn uses_ims(self) -> bool {
        self.steps().iter().any(|s| s.is_ims())
    }
}

impl Scenario for ScenarioKind {
    fn name(&self) -> &str {
        match self {
            Self::Air => "air",
            Self::Ulr => "ulr",
            Self::Attach => "attach",
            Self::Pur => "pur",
            Self::Dwr => "dwr",
            Self::ImsRegister => "ims-register",
            Self::Uar => "uar",
            Self::Mar => "mar",
            Self::Sar => "sar",
            Self::Lir => "lir",
            Self::Udr => "udr",
            Self::Ecr => "ecr",
            Self::SwxMar => "swx-mar",
        }
    }

    fn steps(&self) -> &[Step] {
        match self {
            Self::Air => &[Step::Air],
            Self::Ulr => &[Step::Ulr],
            Self::Attach => &[Step::Air, Step::Ulr],
            Self::Pur => &[Step::Pur],
            Self::Dwr => &[Step::Dwr],
            Self::ImsRegister => &[Step::Uar, Step::Mar, Step::Sar],
            Self::Uar => &[Step::Uar],
            Self::Mar => &[Step::Mar],
            Self::Sar => &[Step::Sar],
            Self::Lir => &[Step::Lir],
            Self::Udr => &[Step::Udr],
            Self::Ecr => &[Step::Ecr],
            Self::SwxMar => &[Step::SwxMar],
        }
    }
}

/// `--mix`: built-in scenarios with their weights, `air=6,ulr=2,pur=1,attach=1`; S6a, S13, Cx
/// and Sh ones together, e.g. `air=1,ecr=1,mar=1,sar=1,lir=1,udr=1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MixSpec(pub Vec<(ScenarioKind, u32)>);

impl FromStr for MixSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut entries: Vec<(ScenarioKind, u32)> = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, weight) =
                part.split_once('=').ok_or_else(|| format!("`{part}` is not NAME=WEIGHT"))?;
            let kind = ScenarioKind::from_str(name.trim(), true)
                .map_err(|_| format!("unknown scenario `{}`", name.trim()))?;
            let weight: u32 = weight.trim().parse().ok().filter(|&w| w > 0).ok_or_else(|| {
                format!("the weight of {} must be a positive integer", name.trim())
            })?;
            if entries.iter().any(|(k, _)| *k == kind) {
                return Err(format!("{} is given twice", kind.name()));
            }
            entries.push((kind, weight));
        }
        if entries.is_empty() {
            return Err("give at least one NAME=WEIGHT".into());
        }
        Ok(Self(entries))
    }
}

impl fmt::Display for MixSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (kind, weight)) in self.0.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            write!(f, "{sep}{}={weight}", kind.name())?;
        }
        Ok(())
    }
}

/// One scenario of a [`Mix`] and its weight.
#[derive(Debug, Clone)]
pub struct MixEntry {
    /// The scenario.
    pub scenario: Arc<dyn Scenario>,
    /// Its weight: it is picked with probability `weight / total`.
    pub weight: u32,
}

/// A weighted choice of scenarios; each procedure a peer starts picks one.
#[derive(Debug, Clone)]
pub struct Mix {
    entries: Vec<MixEntry>,
    seed: u64,
}

impl Mix {
    /// A mix of `scenario` alone.
    pub fn single(scenario: Arc<dyn Scenario>) -> Self {
        Self { entries: vec![MixEntry { scenario, weight: 1 }], seed: 0 }
    }

    /// A mix of `entries` picked with pseudo-random numbers from `seed`. Refused when it is
    /// empty, a weight is zero or a scenario has no step.
    pub fn new(entries: Vec<MixEntry>, seed: u64) -> Result<Self, LoadError> {
        let bad = |reason: &str| LoadError::Config { field: "mix", reason: reason.into() };
        if entries.is_empty() {
            return Err(bad("a mix needs at least one scenario"));
        }
        if entries.iter().any(|e| e.weight == 0) {
            return Err(bad("weights must be above zero"));
        }
        if entries.iter().any(|e| e.scenario.steps().is_empty()) {
            return Err(bad("a scenario sends at least one request"));
        }
        Ok(Self { entries, seed })
    }

    /// The mix of built-in scenarios `spec`.
    pub fn from_spec(spec: &MixSpec, seed: u64) -> Result<Self, LoadError> {
        let entries = spec
            .0
            .iter()
            .map(|&(kind, weight)| MixEntry { scenario: Arc::new(kind), weight })
            .collect();
        Self::new(entries, seed)
    }

    /// The scenarios and their weights, in the order given.
    pub fn entries(&self) -> &[MixEntry] {
        &self.entries
    }

    /// The name shown in the report: the scenario's, or `mix` for several.
    pub fn name(&self) -> String {
        match self.entries.as_slice() {
            [one] => one.scenario.name().to_owned(),
            _ => "mix".to_owned(),
        }
    }

    /// The steps of every scenario, each once, in order of first use.
    pub fn steps(&self) -> Vec<Step> {
        let mut steps = Vec::new();
        for step in self.entries.iter().flat_map(|e| e.scenario.steps()) {
            if !steps.contains(step) {
                steps.push(*step);
            }
        }
        steps
    }

    /// The picker of peer `conn`: its own sequence, the same in every run with this seed.
    pub(crate) fn picker(&self, conn: usize) -> Picker {
        let mut cumulative = Vec::with_capacity(self.entries.len());
        let mut total = 0u64;
        for e in &self.entries {
            total += u64::from(e.weight);
            cumulative.push(total);
        }
        let state = self.seed ^ (conn as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        Picker { cumulative, rng: SplitMix64(state) }
    }
}

/// Picks the scenario of each new procedure by weight.
#[derive(Debug, Clone)]
pub(crate) struct Picker {
    /// Running sums of the weights; the last is the total.
    cumulative: Vec<u64>,
    rng: SplitMix64,
}

impl Picker {
    /// The index of the next procedure's scenario in the mix.
    pub fn pick(&mut self) -> usize {
        match self.cumulative.as_slice() {
            [] | [_] => 0,
            [.., total] => {
                let r = self.rng.next() % total;
                self.cumulative.partition_point(|&c| c <= r)
            }
        }
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): small, fast, and good enough to pick by weight.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(s: &str) -> Result<MixSpec, String> {
        s.parse()
    }

    #[test]
    fn mix_specs_parse_and_print_back() {
        let m = spec("air=6, ulr=2,PUR=1,attach=1").expect("parses");
        use ScenarioKind::*;
        assert_eq!(m.0, [(Air, 6), (Ulr, 2), (Pur, 1), (Attach, 1)]);
        assert_eq!(m.to_string(), "air=6,ulr=2,pur=1,attach=1");
        for bad in ["", "air", "air=0", "air=-1", "air=x", "cx=1", "air=1,air=2"] {
            assert!(spec(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn weights_give_the_expected_proportions() {
        let mix =
            Mix::from_spec(&spec("air=6,ulr=2,pur=1,attach=1").expect("spec"), 42).expect("mix");
        let mut counts = [0u32; 4];
        let mut picker = mix.picker(0);
        let n = 100_000;
        for _ in 0..n {
            counts[picker.pick()] += 1;
        }
        for (got, weight) in counts.iter().zip([6.0, 2.0, 1.0, 1.0]) {
            let expected = f64::from(n) * weight / 10.0;
            let off = (f64::from(*got) - expected).abs() / expected;
            assert!(off < 0.03, "{counts:?}");
        }
        // The same seed and peer give the same sequence; another peer another one.
        let seq = |conn| {
            let mut p = mix.picker(conn);
            (0..64).map(|_| p.pick()).collect::<Vec<_>>()
        };
        assert_eq!(seq(0), seq(0));
        assert_ne!(seq(0), seq(1));
    }

    #[test]
    fn a_single_scenario_always_picks_itself() {
        let mix = Mix::single(Arc::new(ScenarioKind::Attach));
        let mut p = mix.picker(3);
        assert!((0..10).all(|_| p.pick() == 0));
        assert_eq!(mix.name(), "attach");
        assert_eq!(mix.steps(), [Step::Air, Step::Ulr]);
    }

    #[test]
    fn mixes_list_their_steps_once_and_refuse_empty_or_zero_weights() {
        let mix = Mix::from_spec(&spec("attach=1,air=2,dwr=1").expect("spec"), 1).expect("mix");
        assert_eq!(mix.name(), "mix");
        assert_eq!(mix.steps(), [Step::Air, Step::Ulr, Step::Dwr]);
        assert!(Mix::new(Vec::new(), 1).is_err());
        let zero = MixEntry { scenario: Arc::new(ScenarioKind::Air), weight: 0 };
        assert!(Mix::new(vec![zero], 1).is_err());
    }

    #[test]
    fn built_in_scenarios_have_their_steps() {
        assert_eq!(ScenarioKind::Attach.steps(), [Step::Air, Step::Ulr]);
        assert!(ScenarioKind::Attach.uses_air() && !ScenarioKind::Ulr.uses_air());
        assert_eq!(ScenarioKind::Pur.steps(), [Step::Pur]);
        assert_eq!(ScenarioKind::Dwr.steps(), [Step::Dwr]);
        assert_eq!(ScenarioKind::Attach.name(), "attach");
        assert_eq!(ScenarioKind::ImsRegister.steps(), [Step::Uar, Step::Mar, Step::Sar]);
        assert_eq!(ScenarioKind::ImsRegister.name(), "ims-register");
        for kind in ScenarioKind::value_variants() {
            // The report's name is the one `--scenario` and `--mix` take.
            let value = kind.to_possible_value().expect("a value");
            assert_eq!(value.get_name(), kind.name());
        }
        let cx = [ScenarioKind::ImsRegister, ScenarioKind::Uar, ScenarioKind::Mar];
        assert!(cx.iter().all(|k| k.uses_cx()));
        assert!(cx.iter().all(|k| k.steps().iter().all(|s| s.is_cx())));
        assert!(!ScenarioKind::Attach.uses_cx() && !ScenarioKind::Dwr.uses_cx());
        assert!(cx.iter().all(|k| k.uses_ims() && !k.uses_sh()));
        assert_eq!(ScenarioKind::Udr.steps(), [Step::Udr]);
        let udr = ScenarioKind::Udr;
        assert!(udr.uses_sh() && udr.uses_ims() && !udr.uses_cx() && !udr.uses_vectors());
        assert!(!ScenarioKind::Attach.uses_ims() && !ScenarioKind::Attach.uses_sh());
        assert!(ScenarioKind::Mar.uses_vectors() && !ScenarioKind::Mar.uses_air());
        assert!(!ScenarioKind::Lir.uses_vectors() && ScenarioKind::Air.uses_vectors());
        let ecr = ScenarioKind::Ecr;
        assert_eq!((ecr.name(), ecr.steps()), ("ecr", [Step::Ecr].as_slice()));
        assert!(!ecr.uses_ims() && !ecr.uses_vectors() && !ecr.uses_air());
        let swx = ScenarioKind::SwxMar;
        assert_eq!((swx.name(), swx.steps()), ("swx-mar", [Step::SwxMar].as_slice()));
        assert!(swx.uses_vectors() && !swx.uses_ims() && !swx.uses_cx() && !swx.uses_air());
    }

    #[test]
    fn mixes_take_s6a_cx_and_sh_scenarios_together() {
        let m = spec("air=1,mar=1,sar=1,lir=1,ims-register=2").expect("parses");
        assert_eq!(m.to_string(), "air=1,mar=1,sar=1,lir=1,ims-register=2");
        let mix = Mix::from_spec(&m, 7).expect("mix");
        assert_eq!(mix.steps(), [Step::Air, Step::Mar, Step::Sar, Step::Lir, Step::Uar]);
        let m = spec("udr=3,sar=1").expect("parses");
        assert_eq!(m.to_string(), "udr=3,sar=1");
        let mix = Mix::from_spec(&m, 7).expect("mix");
        assert_eq!(mix.steps(), [Step::Udr, Step::Sar]);
        let mix = Mix::from_spec(&spec("attach=2,ecr=1").expect("spec"), 7).expect("mix");
        assert_eq!(mix.steps(), [Step::Air, Step::Ulr, Step::Ecr]);
        let mix = Mix::from_spec(&spec("swx-mar=1,air=1").expect("spec"), 7).expect("mix");
        assert_eq!(mix.steps(), [Step::SwxMar, Step::Air]);
    }
}
