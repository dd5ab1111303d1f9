//! The requests the HSS sends the 3GPP AAA server (TS 29.273 §8.1.2.3, §8.1.2.4):
//! Registration-Termination when the operator ends the user's non-3GPP access, and
//! Push-Profile when the user's non-3GPP profile changes while a server is registered. Both
//! name the user by IMSI.

use std::sync::Arc;

use bytes::BytesMut;
use codec::build::cx::DeregistrationReason;
use codec::build::swx::{self as b, SwxPprBody, SwxRtrBody};
use codec::view::cx::ReasonCode;
use store::CachedSubscriber;

use super::profile::with_user_data;
use crate::outbound::{Head, OutboundKind, RequestBody};

/// An SWx RTR for one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwxRegistrationTermination {
    user_name: Box<str>,
    reason: ReasonCode,
    info: Option<Box<str>>,
}

impl SwxRegistrationTermination {
    /// An RTR for `user_name` (the IMSI) with Reason-Code `reason` (PERMANENT_TERMINATION when
    /// the subscription ends, ...) and the optional Reason-Info.
    pub fn new(user_name: &str, reason: ReasonCode, info: Option<&str>) -> Self {
        Self { user_name: user_name.into(), reason, info: info.map(Into::into) }
    }
}

impl RequestBody for SwxRegistrationTermination {
    fn kind(&self) -> OutboundKind {
        OutboundKind::RegistrationTermination
    }

    fn encode(&self, head: &Head<'_>, out: &mut BytesMut) {
        let body = SwxRtrBody {
            user_name: &self.user_name,
            reason: DeregistrationReason { code: self.reason, info: self.info.as_deref() },
        };
        b::rtr(out, head.ids, head.session_id, &head.origin, &head.destination, &body);
    }
}

/// An SWx PPR carrying the user's Non-3GPP-User-Data as the subscriber is now.
#[derive(Debug, Clone)]
pub struct SwxPushProfile {
    user_name: Box<str>,
    /// The subscriber the profile is made from, when the request is written.
    entry: Arc<CachedSubscriber>,
}

impl SwxPushProfile {
    /// The PPR of the subscriber `entry` for `user_name` (the IMSI).
    pub fn new(user_name: &str, entry: Arc<CachedSubscriber>) -> Self {
        Self { user_name: user_name.into(), entry }
    }
}

impl RequestBody for SwxPushProfile {
    fn kind(&self) -> OutboundKind {
        OutboundKind::PushProfile
    }

    fn encode(&self, head: &Head<'_>, out: &mut BytesMut) {
        with_user_data(&self.entry, |data| {
            let body =
                SwxPprBody { user_name: &self.user_name, user_data: Some(*data), ppr_flags: None };
            b::ppr(out, head.ids, head.session_id, &head.origin, &head.destination, &body);
        });
    }
}
