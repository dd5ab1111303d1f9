//! [`Grant`]: what one accepted peer may do, settled at its CER and checked on each request.
//!
//! Every request of an open connection is checked against its grant, on whichever thread
//! serves it (the grant travels with handed-off and deferred requests):
//! - [`Grant::check_origin`]: a direct peer's requests carry its own Origin-Host and
//!   Origin-Realm; a relay's carry a realm it was configured for. Otherwise 3010
//!   DIAMETER_UNKNOWN_PEER, so that no peer can record itself as another's MME (ULR), erase
//!   another's registration (PUR) or steal its CLRs.
//! - [`Grant::allows_visited_plmn`]: the Visited-PLMN-Id an S6a request claims is one the peer
//!   serves, so that a peer cannot claim the home network to get a barred roamer's vectors.

use codec::{ApplicationId, AvpCode, Message, ResultCode, VendorId};

use super::policy::{PeerEntry, Role, plmns_of_realm};

/// Visited-PLMN-Id (TS 29.272 §7.3.9).
const VISITED_PLMN_ID: AvpCode = AvpCode(1407);
/// Origin-Host and Origin-Realm (RFC 6733 §6.3, §6.4).
const ORIGIN_HOST: AvpCode = AvpCode(264);
const ORIGIN_REALM: AvpCode = AvpCode(296);

/// What one peer may do on its connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// The applications negotiated: this node's, the peer's (its CER) and its entry's.
    pub applications: Vec<ApplicationId>,
    pub origins: Origins,
    pub plmns: Plmns,
    /// Connections its host may hold open at once.
    pub max_connections: usize,
}

/// Whose requests the connection may carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origins {
    /// Only the peer's own: this Origin-Host and Origin-Realm (from its CER).
    Direct { host: Box<str>, realm: Box<str> },
    /// A relay's: any Origin-Host whose Origin-Realm is one of these.
    Relay { realms: Vec<Box<str>> },
}

/// Which Visited-PLMN-Id values its S6a requests may claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plmns {
    /// Any (a peer accepted under [`super::PeerPolicy::AnyPeer`]).
    Any,
    /// These.
    Listed(Vec<[u8; 3]>),
    /// The PLMN the request's Origin-Realm names (a relay without a list).
    OfRequestRealm,
}

impl Grant {
    /// The grant of a peer accepted under `AnyPeer`: its own identity, any PLMN.
    pub fn any_peer(applications: Vec<ApplicationId>, host: &str, realm: &str) -> Self {
        Self {
            applications,
            origins: Origins::Direct { host: host.into(), realm: realm.into() },
            plmns: Plmns::Any,
            max_connections: 1,
        }
    }

    /// The grant of the configured peer `entry`, whose CER said `host`.
    pub fn of_entry(entry: &PeerEntry, applications: Vec<ApplicationId>, host: &str) -> Self {
        let origins = if entry.role == Role::Relay {
            let mut realms: Vec<Box<str>> =
                entry.relay_realms.iter().map(|r| r.as_str().into()).collect();
            if !realms.iter().any(|r| r.eq_ignore_ascii_case(&entry.realm)) {
                realms.push(entry.realm.as_str().into());
            }
            Origins::Relay { realms }
        } else {
            Origins::Direct { host: host.into(), realm: entry.realm.as_str().into() }
        };
        let plmns = match (entry.plmns.is_empty(), entry.role) {
            (false, _) => Plmns::Listed(entry.plmns.clone()),
            (true, Role::Relay) => Plmns::OfRequestRealm,
            (true, _) => Plmns::Listed(plmns_of_realm(&entry.realm)),
        };
        Self { applications, origins, plmns, max_connections: entry.max_connections }
    }

    /// Whether the request's Origin-Host and Origin-Realm are ones this peer may send:
    /// 3010 DIAMETER_UNKNOWN_PEER otherwise. A missing AVP is left to the ABNF check (5005).
    pub fn check_origin(&self, msg: &Message<'_>) -> Result<(), ResultCode> {
        let text = |code| {
            msg.find(code, VendorId::IETF)
                .ok()
                .flatten()
                .map(|avp| std::str::from_utf8(avp.data).unwrap_or("\u{fffd}"))
        };
        let same = |a: Option<&str>, b: &str| a.is_none_or(|a| a.eq_ignore_ascii_case(b));
        let ok = match &self.origins {
            Origins::Direct { host, realm } => {
                same(text(ORIGIN_HOST), host) && same(text(ORIGIN_REALM), realm)
            }
            Origins::Relay { realms } => match text(ORIGIN_REALM) {
                Some(r) => realms.iter().any(|x| x.eq_ignore_ascii_case(r)),
                None => true,
            },
        };
        if ok { Ok(()) } else { Err(ResultCode::UNKNOWN_PEER) }
    }

    /// Whether the Visited-PLMN-Id of the request, if it has one, is one the peer serves.
    pub fn allows_visited_plmn(&self, msg: &Message<'_>) -> bool {
        let Ok(Some(avp)) = msg.find(VISITED_PLMN_ID, VendorId::TGPP) else { return true };
        let Ok(claimed) = <[u8; 3]>::try_from(avp.data) else { return true };
        match &self.plmns {
            Plmns::Any => true,
            Plmns::Listed(list) => list.contains(&claimed),
            Plmns::OfRequestRealm => match msg.find(ORIGIN_REALM, VendorId::IETF) {
                Ok(Some(realm)) => std::str::from_utf8(realm.data)
                    .is_ok_and(|r| plmns_of_realm(r).contains(&claimed)),
                _ => false,
            },
        }
    }
}
