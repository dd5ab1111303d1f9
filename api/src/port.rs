//! The control plane's one way into the data plane ([`ControlPort`]): ports and adapters. The
//! API defines what it needs here; the engine implements it and hands an instance to
//! [`crate::ApiServer::start`]. The API never names an engine type, so it depends on the
//! engine only through this trait (and `scripts/test.sh` checks that `api` does not depend on
//! `engine`).
//!
//! The calls block (a shard answers within microseconds, a peer within the wait given): the
//! API runs them on its blocking pool, never on its async workers.

pub mod exposition;

use std::net::SocketAddr;
use std::time::{Duration, SystemTime};

use exposition::Exposition;

/// What the control plane can ask of the data plane.
pub trait ControlPort: Send + Sync + std::fmt::Debug + 'static {
    /// Sends `request` to the peer it names, if one is connected: returns once the peer's
    /// connection has written it or refused it, and, once written, after its answer or
    /// `wait`, whichever comes first.
    fn send(&self, request: OutboundRequest, wait: Duration) -> Delivery;

    /// The peers connected now: one entry per open connection past its capabilities
    /// exchange.
    fn peers(&self) -> Vec<PeerStatus>;

    /// Appends the data plane's metrics (Diameter answers and their latency, peers, lanes,
    /// outbound requests) to `out`, for `GET /metrics`. It reads counters only: no wait, no
    /// I/O, so the API may call it on an async worker. The default (a port with no metrics of
    /// its own, such as a test double) appends nothing.
    fn metrics(&self, out: &mut Exposition) {
        let _ = out;
    }
}

/// A request the HSS originates on the control plane's behalf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutboundRequest {
    /// S6a Cancel-Location-Request (TS 29.272 §5.2.1.2) for `imsi` to the MME `host` in
    /// `realm`, with Cancellation-Type `cancellation_type` (2: SUBSCRIPTION_WITHDRAWAL).
    CancelLocation {
        imsi: String,
        host: String,
        realm: String,
        cancellation_type: u32,
        /// CLR-Flags Reattach-Required: the MME asks the UE to attach again.
        reattach: bool,
    },
    /// S6a Insert-Subscriber-Data-Request (TS 29.272 §5.2.2.1) for `imsi` to the MME `host`
    /// in `realm`, carrying the parts `diff` names changed, with their current values (the
    /// data plane reads them).
    InsertSubscriberData {
        imsi: String,
        host: String,
        realm: String,
        diff: store::SubscriptionDiff,
    },
    /// S6a Delete-Subscriber-Data-Request (TS 29.272 §5.2.2.2) for `imsi` to the MME `host` in
    /// `realm`, withdrawing what `diff` removed.
    DeleteSubscriberData {
        imsi: String,
        host: String,
        realm: String,
        diff: store::SubscriptionDiff,
    },
    /// Cx Registration-Termination-Request (TS 29.229 §6.1.9) for private identity `impi`
    /// (and public identities `impus`, or all of the IMPI's when empty) to the S-CSCF `host`
    /// in `realm`, with Reason-Code `reason_code` and the optional Reason-Info `reason_info`.
    RegistrationTermination {
        impi: String,
        impus: Vec<String>,
        host: String,
        realm: String,
        reason_code: u32,
        reason_info: Option<String>,
    },
    /// Cx Push-Profile-Request (TS 29.229 §6.1.11) to the S-CSCF `host` in `realm` with the
    /// current User-Data and charging addresses of the IMS subscription of `impi` (the data
    /// plane renders them).
    PushProfile { impi: String, host: String, realm: String },
    /// Sh Push-Notification-Request (TS 29.329 §6.1.7) to the AS `host` in `realm`: the
    /// current value of Data-Reference `data_reference` (for repository data, of
    /// `service_indication`; absent data is sent as deleted) of public identity `impu` (the
    /// data plane renders the Sh-Data document).
    PushNotification {
        impu: String,
        data_reference: u32,
        service_indication: Vec<u8>,
        host: String,
        realm: String,
    },
    /// SWx Registration-Termination-Request (TS 29.273 §8.1.2.3) for the user `imsi` to the
    /// 3GPP AAA server `host` in `realm`, with Reason-Code `reason_code` (0:
    /// PERMANENT_TERMINATION).
    SwxRegistrationTermination { imsi: String, host: String, realm: String, reason_code: u32 },
    /// SWx Push-Profile-Request (TS 29.273 §8.1.2.4) to the 3GPP AAA server `host` in `realm`
    /// with the current Non-3GPP-User-Data of the subscriber `imsi` (the data plane makes it).
    SwxPushProfile { imsi: String, host: String, realm: String },
}

/// What became of an [`OutboundRequest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// No open connection reaches the peer.
    NotConnected,
    /// Its connection did not send it: the peer was closing, its watchdog was not OKAY, its
    /// table of requests awaiting answers was full, or it closed first.
    NotSent,
    /// Written to the peer's connection; `answer` is the answer's result when it came within
    /// the wait.
    Sent { answer: Option<AnswerResult> },
}

/// The result an answer carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerResult {
    /// Result-Code.
    ResultCode(u32),
    /// Experimental-Result-Code (with its vendor).
    Experimental { vendor: u32, code: u32 },
    /// The answer had neither (or an unreadable one).
    Unreadable,
}

/// One connected peer (one open connection).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerStatus {
    /// Origin-Host of its CER.
    pub origin_host: String,
    /// Origin-Realm of its CER.
    pub origin_realm: String,
    /// The remote address of the connection.
    pub address: SocketAddr,
    /// The applications negotiated with it: id and name.
    pub applications: Vec<(u32, String)>,
    /// The RFC 3539 watchdog status: `okay`, `suspect`, `down` or `initial`.
    pub watchdog: &'static str,
    /// When its capabilities exchange succeeded.
    pub connected_since: SystemTime,
    /// Requests to its host go to this connection (a host with several connections uses its
    /// newest).
    pub route: bool,
}
