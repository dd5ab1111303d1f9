//! What the MME reports with Notify-Request (TS 29.272 §5.2.5.1): the PDN GW it selected for
//! each dynamically allocated APN, and the UE's reachability and capabilities. Kept per
//! subscriber as one document (`Kind::NotifyState`), written unsynced like the serving node,
//! shown by the provisioning API.

use serde::{Deserialize, Serialize};

use super::Store;
use crate::backend::{Durability, Update};
use crate::error::StoreError;
use crate::keys::{self, Kind};
use crate::model::SubscriberKey;
use crate::value;

/// Most PDN GW identities kept per subscriber (one per APN; the oldest goes first).
pub const MAX_PDN_GWS: usize = 32;

/// The Notify state of a subscriber.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotifyState {
    /// The PDN GW per APN, newest last.
    pub pdn_gws: Vec<PdnGw>,
    /// UE-SRVCC-Capability last reported (0 not supported, 1 supported).
    pub ue_srvcc_capability: Option<u32>,
    /// Homogeneous-Support-of-IMS-Voice-Over-PS-Sessions last reported.
    pub ims_voice_over_ps: Option<u32>,
    /// Alert-Reason of the last reachability notification (0 UE_PRESENT, 1
    /// UE_MEMORY_AVAILABLE).
    pub alert_reason: Option<u32>,
    /// Maximum-UE-Availability-Time last reported (NTP seconds).
    pub maximum_ue_availability_time: Option<u32>,
    /// The MME that sent the last notification.
    pub reported_by: Option<String>,
    /// When, in milliseconds since the Unix epoch.
    pub updated_at_ms: u64,
}

/// A PDN GW selected for an APN (MIP6-Agent-Info of a NOR).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdnGw {
    /// Service-Selection, if the NOR named the APN.
    pub apn: Option<String>,
    /// Context-Identifier, if the NOR gave it.
    pub context_identifier: Option<u32>,
    /// MIP-Home-Agent-Addresses.
    pub addresses: Vec<std::net::IpAddr>,
    /// MIP-Home-Agent-Host: the PGW's host and realm.
    pub host: Option<String>,
    pub realm: Option<String>,
}

impl Store {
    /// The Notify state of `subscriber` (empty when nothing was reported).
    pub fn notify_state(&self, subscriber: SubscriberKey) -> Result<NotifyState, StoreError> {
        match self.backend.get(Kind::NotifyState, &keys::subscriber_key(subscriber.get()))? {
            None => Ok(NotifyState::default()),
            Some(v) => value::decode_json(Kind::NotifyState, &v, "notify state does not decode")
                .map_err(super::corrupt),
        }
    }

    /// Applies `change` to the Notify state of `subscriber` and writes it back, in one atomic
    /// read-modify-write (concurrent NORs lose nothing; unsynced: a lost update is re-sent by
    /// the MME at its next change). A PDN GW replaces the one of the same APN; at most
    /// [`MAX_PDN_GWS`] are kept.
    pub fn update_notify_state(
        &self,
        subscriber: SubscriberKey,
        change: impl FnOnce(&mut NotifyState),
    ) -> Result<(), StoreError> {
        let key = keys::subscriber_key(subscriber.get());
        let mut change = Some(change);
        self.backend.update(Kind::NotifyState, &key, Durability::Buffered, &mut |current| {
            // An unreadable record is replaced rather than blocking the notification.
            let mut state: NotifyState = current
                .and_then(|v| value::decode_json(Kind::NotifyState, v, "notify state").ok())
                .unwrap_or_default();
            if let Some(change) = change.take() {
                change(&mut state);
            }
            if state.pdn_gws.len() > MAX_PDN_GWS {
                let excess = state.pdn_gws.len() - MAX_PDN_GWS;
                state.pdn_gws.drain(..excess);
            }
            Ok(Update::Put(value::encode_json(&state)))
        })
    }
}

impl NotifyState {
    /// Records `gw`, replacing the entry of the same APN (or Context-Identifier).
    pub fn set_pdn_gw(&mut self, gw: PdnGw) {
        let same = |g: &PdnGw| match (&gw.apn, &g.apn) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => gw.context_identifier.is_some() && gw.context_identifier == g.context_identifier,
        };
        self.pdn_gws.retain(|g| !same(g));
        self.pdn_gws.push(gw);
    }
}
