//! The requests the HSS sends an S-CSCF (TS 29.229 §6.1.9, §6.1.11): Registration-Termination
//! when the operator deregisters a user or removes its subscription, and Push-Profile when its
//! profile (User-Data) or charging addresses change while it is registered.

use bytes::BytesMut;
use codec::build::cx::{self as b, ChargingInformation, DeregistrationReason, PprBody, RtrBody};
use codec::view::cx::ReasonCode;
use store::CachedIms;

use super::user_data;
use crate::outbound::{Head, OutboundKind, RequestBody};

/// An RTR for one private identity and, optionally, some of its public identities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationTermination {
    impi: Box<str>,
    /// Empty: all of the IMPI's.
    impus: Vec<Box<str>>,
    reason: ReasonCode,
    info: Option<Box<str>>,
}

impl RegistrationTermination {
    /// An RTR for `impi` (and `impus`, or all when empty) with Reason-Code `reason`.
    pub fn new(impi: &str, impus: &[String], reason: ReasonCode, info: Option<&str>) -> Self {
        Self {
            impi: impi.into(),
            impus: impus.iter().map(|s| s.as_str().into()).collect(),
            reason,
            info: info.map(Into::into),
        }
    }
}

impl RequestBody for RegistrationTermination {
    fn kind(&self) -> OutboundKind {
        OutboundKind::RegistrationTermination
    }

    fn encode(&self, head: &Head<'_>, out: &mut BytesMut) {
        let impus: Vec<&str> = self.impus.iter().map(|s| &**s).collect();
        let body = RtrBody {
            user_name: &self.impi,
            associated_identities: &[],
            public_identities: &impus,
            reason: DeregistrationReason { code: self.reason, info: self.info.as_deref() },
            rtr_flags: None,
        };
        b::rtr(out, head.ids, head.session_id, &head.origin, &head.destination, &body);
    }
}

/// A PPR carrying a subscription's current User-Data and charging addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushProfile {
    impi: Box<str>,
    user_data: Option<Box<[u8]>>,
    charging: [Option<Box<str>>; 4],
}

impl PushProfile {
    /// The PPR of `entry` for its first private identity and the first implicit set that is
    /// registered (or the first set); `None` when the subscription has no public identity.
    pub fn of(entry: &CachedIms) -> Option<Self> {
        let sub = entry.subscription();
        let set = entry
            .with_registration(|r| r.sets.first().map(|(s, _)| *s))
            .or_else(|| sub.public_identities.first().map(|p| p.implicit_set))?;
        let data = entry.user_data(0, set, user_data::render)?;
        let c = &sub.charging;
        let boxed = |s: &Option<String>| s.as_deref().map(Into::into);
        Some(Self {
            impi: sub.private_identities.first()?.impi.as_str().into(),
            user_data: Some(data.into()),
            charging: [
                boxed(&c.primary_ecf),
                boxed(&c.secondary_ecf),
                boxed(&c.primary_ccf),
                boxed(&c.secondary_ccf),
            ],
        })
    }
}

impl RequestBody for PushProfile {
    fn kind(&self) -> OutboundKind {
        OutboundKind::PushProfile
    }

    fn encode(&self, head: &Head<'_>, out: &mut BytesMut) {
        let [pe, se, pc, sc] = &self.charging;
        let charging = (self.charging.iter().any(Option::is_some)).then_some(ChargingInformation {
            primary_event_charging_function: pe.as_deref(),
            secondary_event_charging_function: se.as_deref(),
            primary_charging_collection_function: pc.as_deref(),
            secondary_charging_collection_function: sc.as_deref(),
        });
        let body = PprBody {
            user_name: &self.impi,
            user_data: self.user_data.as_deref(),
            charging_information: charging,
        };
        b::ppr(out, head.ids, head.session_id, &head.origin, &head.destination, &body);
    }
}
