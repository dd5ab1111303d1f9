//! What this node says about itself in CEA, DWA and DPA, which peers it accepts, and the timers.

use std::net::IpAddr;
use std::time::Duration;

use codec::build::Origin;
use codec::build::base::Capabilities;
use codec::dict::CommandDef;
use codec::{ApplicationId, CommandCode, VendorId};

use super::policy::PeerPolicy;

/// An application this node serves: how CEA advertises it, and the requests it answers (a
/// request of another command gets 3001). The engine's application table makes these.
#[derive(Debug, Clone)]
pub struct Served {
    pub id: ApplicationId,
    /// [`VendorId::TGPP`]: advertised as Vendor-Specific-Application-Id; otherwise as
    /// Auth-Application-Id.
    pub vendor: VendorId,
    /// The dictionary entries of the requests it answers, which requests are checked against.
    pub requests: Vec<&'static CommandDef>,
}

impl Served {
    /// Every command the dictionary defines for application `id` (for tests and tools that
    /// have no application table).
    pub fn dictionary(id: ApplicationId) -> Option<Self> {
        let app = codec::dict::application(id)?;
        Some(Self { id, vendor: app.vendor, requests: app.commands.iter().collect() })
    }
}

/// This node's identity and the applications it implements, as advertised in CEA.
#[derive(Debug, Clone)]
pub struct LocalPeer {
    /// Origin-Host (a DiameterIdentity, e.g. `hss.epc.mnc001.mcc001.3gppnetwork.org`).
    pub origin_host: String,
    /// Origin-Realm.
    pub origin_realm: String,
    /// Host-IP-Address values; the CEA ABNF requires at least one.
    pub host_ip_addresses: Vec<IpAddr>,
    /// Vendor-Id (an IANA enterprise number; 0 when none).
    pub vendor_id: u32,
    /// Product-Name.
    pub product_name: String,
    /// Origin-State-Id, sent in CEA, DWA and DWR: changes each time the node restarts.
    pub origin_state_id: u32,
    /// Firmware-Revision, when given.
    pub firmware_revision: Option<u32>,
    /// The applications this node serves (S6a, S13, Cx, Sh, SWx ...), in the order CEA lists
    /// them.
    pub applications: Vec<Served>,
}

/// The shape of a [`LocalPeer`] that cannot be advertised, found by [`PeerConfig::new`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PeerConfigError {
    #[error("origin host is empty")]
    EmptyOriginHost,
    #[error("origin realm is empty")]
    EmptyOriginRealm,
    #[error("at least one Host-IP-Address is required (RFC 6733 §5.3.2)")]
    NoHostIpAddress,
    #[error("no application configured")]
    NoApplication,
    #[error("application {0:?} serves no request")]
    NoRequest(ApplicationId),
    #[error("application {0:?} is the common or relay application, not one to advertise")]
    ReservedApplication(ApplicationId),
    #[error("watchdog interval {0:?} is below the 6 s RFC 3539 §3.4.1 allows")]
    WatchdogTooShort(Duration),
    #[error("{0} timer {1:?} is longer than a day")]
    TimerTooLong(&'static str, Duration),
}

/// The timers of the peer state machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timers {
    /// Tw, the watchdog interval before jitter (RFC 3539 §3.4.1 TWINIT): default 30 s, "MUST
    /// NOT be set lower than 6 seconds". Each interval gets a jitter of ±2 s.
    pub watchdog: Duration,
    /// How long an accepted connection may go without a CER (RFC 6733 §5.6.1 leaves it to the
    /// implementation): default 10 s.
    pub cer: Duration,
    /// How long to wait for the DPA to our DPR before closing anyway: default 10 s.
    pub dpa: Duration,
    /// After answering a DPR, how long to wait for the peer to close the transport before
    /// closing it ourselves (RFC 6733 §5.4: "The receiver of the Disconnect-Peer-Answer
    /// message initiates the transport disconnect"): default 2 s. Zero closes right after the
    /// DPA is written.
    pub disconnect_grace: Duration,
}

impl Timers {
    /// RFC 3539 §3.4.1: "TWINIT MUST NOT be set lower than 6 seconds."
    pub const MIN_WATCHDOG: Duration = Duration::from_secs(6);
    /// The longest any timer may be: far beyond any sensible value, and far from the point
    /// where adding it to an `Instant` could overflow.
    pub const MAX: Duration = Duration::from_secs(24 * 3600);
}

impl Default for Timers {
    fn default() -> Self {
        Self {
            watchdog: Duration::from_secs(30),
            cer: Duration::from_secs(10),
            dpa: Duration::from_secs(10),
            disconnect_grace: Duration::from_secs(2),
        }
    }
}

/// Everything the peers of one node share: identity, the peers it accepts, timers. Built once,
/// shared by every connection (`Arc<PeerConfig>`).
#[derive(Debug, Clone)]
pub struct PeerConfig {
    local: LocalPeer,
    policy: PeerPolicy,
    timers: Timers,
    /// `local.applications` split by how they are advertised.
    tgpp_applications: Vec<ApplicationId>,
    auth_applications: Vec<ApplicationId>,
}

impl PeerConfig {
    /// Checks that `local` can be advertised and that the timers are legal. `policy` says
    /// which peers a CER is accepted from (others get CEA 3010).
    pub fn new(
        local: LocalPeer,
        policy: PeerPolicy,
        timers: Timers,
    ) -> Result<Self, PeerConfigError> {
        if local.origin_host.is_empty() {
            return Err(PeerConfigError::EmptyOriginHost);
        }
        if local.origin_realm.is_empty() {
            return Err(PeerConfigError::EmptyOriginRealm);
        }
        if local.host_ip_addresses.is_empty() {
            return Err(PeerConfigError::NoHostIpAddress);
        }
        if local.applications.is_empty() {
            return Err(PeerConfigError::NoApplication);
        }
        if timers.watchdog < Timers::MIN_WATCHDOG {
            return Err(PeerConfigError::WatchdogTooShort(timers.watchdog));
        }
        let named = [
            ("watchdog", timers.watchdog),
            ("CER", timers.cer),
            ("DPA", timers.dpa),
            ("disconnect grace", timers.disconnect_grace),
        ];
        if let Some((name, t)) = named.into_iter().find(|(_, t)| *t > Timers::MAX) {
            return Err(PeerConfigError::TimerTooLong(name, t));
        }
        let mut tgpp_applications = Vec::new();
        let mut auth_applications = Vec::new();
        for served in &local.applications {
            let app = served.id;
            if app == ApplicationId::COMMON || app == ApplicationId::RELAY {
                return Err(PeerConfigError::ReservedApplication(app));
            }
            if served.requests.is_empty() {
                return Err(PeerConfigError::NoRequest(app));
            }
            let list = if served.vendor == VendorId::TGPP {
                &mut tgpp_applications
            } else {
                &mut auth_applications
            };
            if !list.contains(&app) {
                list.push(app);
            }
        }
        Ok(Self { local, policy, timers, tgpp_applications, auth_applications })
    }

    /// This node's identity.
    pub fn local(&self) -> &LocalPeer {
        &self.local
    }

    /// Which peers are accepted.
    pub fn policy(&self) -> &PeerPolicy {
        &self.policy
    }

    /// The timers.
    pub fn timers(&self) -> Timers {
        self.timers
    }

    /// Origin-Host and Origin-Realm, as the builders take them.
    pub fn origin(&self) -> Origin<'_> {
        Origin { host: &self.local.origin_host, realm: &self.local.origin_realm }
    }

    /// What CEA advertises: exactly the configured applications (RFC 6733 §5.3: the CEA
    /// "SHOULD include all of its supported applications as a hint to the receiver").
    pub fn capabilities(&self) -> Capabilities<'_> {
        Capabilities {
            origin: self.origin(),
            host_ip_addresses: &self.local.host_ip_addresses,
            vendor_id: self.local.vendor_id,
            product_name: &self.local.product_name,
            origin_state_id: Some(self.local.origin_state_id),
            firmware_revision: self.local.firmware_revision,
            tgpp_applications: &self.tgpp_applications,
            auth_applications: &self.auth_applications,
        }
    }

    /// The applications this node serves, by id, in the order CEA lists them.
    pub fn application_ids(&self) -> impl Iterator<Item = ApplicationId> + '_ {
        self.local.applications.iter().map(|s| s.id)
    }

    /// The dictionary entry of request `code` of `application`, when this node serves it.
    pub fn request(
        &self,
        application: ApplicationId,
        code: CommandCode,
    ) -> Option<&'static CommandDef> {
        let served = self.local.applications.iter().find(|s| s.id == application)?;
        served.requests.iter().copied().find(|c| c.code == code)
    }
}
