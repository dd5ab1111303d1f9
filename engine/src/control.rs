//! [`EnginePort`]: the engine's side of the control plane's port ([`api::ControlPort`]):
//! outbound requests on the operator's behalf, the list of connected peers, and the data
//! plane's metrics (`metrics/`).

use std::sync::Arc;
use std::time::Duration;

use api::port::exposition::Exposition;
use api::port::{self, ControlPort, OutboundRequest, PeerStatus};
use codec::view::cx::ReasonCode;
use codec::view::s6a::CancellationType;

use crate::apps::cx::{PushProfile, RegistrationTermination};
use crate::apps::s6a::{CancelLocation, DeleteSubscriberData, InsertSubscriberData};
use crate::apps::sh::push_notification;
use crate::apps::swx::{SwxPushProfile, SwxRegistrationTermination};
use crate::io::IoStatsReader;
use crate::outbound::{Delivery, Outbound, Reply};
use crate::peer::Watchdog;
use crate::server::services::Services;

/// How long the port waits for the owning shard to write (or refuse) a request: a shard
/// handles its mailbox between two I/O events, so this is reached only when it is stuck.
const WRITE_WAIT: Duration = Duration::from_secs(2);

/// The port of one running engine.
#[derive(Debug)]
pub(crate) struct EnginePort {
    services: Arc<Services>,
    /// The shards' I/O counters.
    io: IoStatsReader,
}

impl EnginePort {
    pub(crate) fn new(services: Arc<Services>, io: IoStatsReader) -> Self {
        Self { services, io }
    }
}

impl ControlPort for EnginePort {
    fn send(&self, request: OutboundRequest, wait: Duration) -> port::Delivery {
        let outbound = match request {
            OutboundRequest::CancelLocation { imsi, host, realm, cancellation_type, reattach } => {
                let body = CancelLocation::new(&imsi, CancellationType(cancellation_type))
                    .reattach(reattach);
                Outbound::new(host, realm, body)
            }
            OutboundRequest::InsertSubscriberData { imsi, host, realm, diff } => {
                // The data as it is now, read through the cache the ULA uses.
                let store = &self.services.node.store;
                let entry = store::Imsi::parse(&imsi)
                    .ok()
                    .and_then(|i| store.subscriber_entry(i.key()).ok());
                let Some(entry) = entry else { return port::Delivery::NotSent };
                Outbound::new(host, realm, InsertSubscriberData::new(&imsi, entry, diff))
            }
            OutboundRequest::DeleteSubscriberData { imsi, host, realm, diff } => {
                let Some(body) = DeleteSubscriberData::of(&imsi, &diff) else {
                    return port::Delivery::NotSent;
                };
                Outbound::new(host, realm, body)
            }
            OutboundRequest::RegistrationTermination {
                impi,
                impus,
                host,
                realm,
                reason_code,
                reason_info,
            } => {
                let body = RegistrationTermination::new(
                    &impi,
                    &impus,
                    ReasonCode(reason_code),
                    reason_info.as_deref(),
                );
                Outbound::new(host, realm, body)
            }
            OutboundRequest::PushNotification {
                impu,
                data_reference,
                service_indication,
                host,
                realm,
            } => {
                let store = &self.services.node.store;
                let body = push_notification(store, &impu, data_reference, &service_indication);
                let Some(body) = body else { return port::Delivery::NotSent };
                Outbound::new(host, realm, body)
            }
            OutboundRequest::PushProfile { impi, host, realm } => {
                // The profile as it is now, rendered as the SAA renders it.
                let store = &self.services.node.store;
                let entry = store.ims_key_by_impi(&impi).and_then(|k| store.ims_entry(k));
                let Some(body) = entry.ok().as_deref().and_then(PushProfile::of) else {
                    return port::Delivery::NotSent;
                };
                Outbound::new(host, realm, body)
            }
            OutboundRequest::SwxRegistrationTermination { imsi, host, realm, reason_code } => {
                let body = SwxRegistrationTermination::new(&imsi, ReasonCode(reason_code), None);
                Outbound::new(host, realm, body)
            }
            OutboundRequest::SwxPushProfile { imsi, host, realm } => {
                // The profile as the subscriber is now, made as the SAA makes it.
                let store = &self.services.node.store;
                let entry = store::Imsi::parse(&imsi)
                    .ok()
                    .and_then(|i| store.subscriber_entry(i.key()).ok());
                let Some(entry) = entry else { return port::Delivery::NotSent };
                Outbound::new(host, realm, SwxPushProfile::new(&imsi, entry))
            }
        };
        let (reply, events) = Reply::channel();
        // Not routed: the reply has been told why.
        let _ = self.services.send(outbound.with_reply(reply));
        match events.recv_timeout(WRITE_WAIT) {
            Ok(Delivery::Sent) => {}
            Ok(Delivery::NotConnected) => return port::Delivery::NotConnected,
            // Refused, or no word from the shard (the request is then counted where it ends).
            Ok(_) | Err(_) => return port::Delivery::NotSent,
        }
        let answer = match events.recv_timeout(wait) {
            Ok(Delivery::Answered(Some(result))) => Some(answer_result(result)),
            Ok(Delivery::Answered(None)) => Some(port::AnswerResult::Unreadable),
            Ok(_) | Err(_) => None,
        };
        port::Delivery::Sent { answer }
    }

    fn peers(&self) -> Vec<PeerStatus> {
        let table = &self.services.table;
        self.services
            .peers
            .routes()
            .into_iter()
            .map(|route| {
                let link = &route.link;
                PeerStatus {
                    origin_host: link.host.to_string(),
                    origin_realm: link.realm.to_string(),
                    address: link.address,
                    applications: (link.applications.iter())
                        .map(|&id| (id.0, table.name(id).unwrap_or("unknown").to_owned()))
                        .collect(),
                    watchdog: match link.watchdog() {
                        Watchdog::Initial => "initial",
                        Watchdog::Okay => "okay",
                        Watchdog::Suspect => "suspect",
                        Watchdog::Down => "down",
                    },
                    connected_since: link.since,
                    route: route.route,
                }
            })
            .collect()
    }

    fn metrics(&self, out: &mut Exposition) {
        crate::metrics::render(&self.services, &self.io.snapshot(), out);
    }
}

fn answer_result(result: codec::view::AnswerResult) -> port::AnswerResult {
    match result {
        codec::view::AnswerResult::Result(code) => port::AnswerResult::ResultCode(code.0),
        codec::view::AnswerResult::Experimental { vendor, code } => {
            port::AnswerResult::Experimental { vendor, code: code.0 }
        }
    }
}
