//! Cancel-Location-Request (TS 29.272 §5.2.1.2), which the HSS sends to an MME: after a ULR
//! from another MME (MME_UPDATE_PROCEDURE), or when the operator withdraws the subscription
//! (SUBSCRIPTION_WITHDRAWAL, the control plane's administrative detach).

use bytes::BytesMut;
use codec::build::s6a::{ClrBody, clr};
use codec::view::s6a::{CancellationType, ClrFlags};

use crate::outbound::{Head, OutboundKind, RequestBody};

/// A CLR for one subscriber: its IMSI (User-Name) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelLocation {
    imsi: Box<str>,
    cancellation_type: CancellationType,
    reattach: bool,
}

impl CancelLocation {
    /// A CLR for `imsi` with `cancellation_type`.
    pub fn new(imsi: &str, cancellation_type: CancellationType) -> Self {
        Self { imsi: imsi.into(), cancellation_type, reattach: false }
    }

    /// With CLR-Flags Reattach-Required when `reattach` (the MME then asks the UE to attach
    /// again, after a SUBSCRIPTION_WITHDRAWAL).
    pub fn reattach(mut self, reattach: bool) -> Self {
        self.reattach = reattach;
        self
    }
}

impl RequestBody for CancelLocation {
    fn kind(&self) -> OutboundKind {
        OutboundKind::CancelLocation
    }

    /// CLR-Flags S6a/S6d-Indicator: the request is for the S6a (MME) registration; and
    /// Reattach-Required when asked.
    fn encode(&self, head: &Head<'_>, out: &mut BytesMut) {
        let mut flags = ClrFlags::S6A_S6D_INDICATOR;
        if self.reattach {
            flags = flags | ClrFlags::REATTACH_REQUIRED;
        }
        let body = ClrBody {
            imsi: &self.imsi,
            cancellation_type: self.cancellation_type,
            clr_flags: Some(flags),
            supported_features: &[],
        };
        clr(out, head.ids, head.session_id, &head.origin, &head.destination, &body);
    }
}
