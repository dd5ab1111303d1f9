//! Which peers may connect, from where, as whom, and what they may ask ([`PeerPolicy`]).
//!
//! An HSS faces the operator's signalling network and, through DRAs, its roaming partners:
//! whoever reaches the Diameter port must not get authentication vectors or detach a
//! subscriber. The policy is a configured table of peers ([`PeerEntry`]): a CER is accepted
//! only from a listed Origin-Host, with the listed Origin-Realm, from one of its listed
//! addresses; anything else gets CEA 3010 DIAMETER_UNKNOWN_PEER and the connection closes (RFC
//! 6733 §5.3). The entry's role decides the applications it may use and whether it may carry
//! other hosts' requests (a relay or DRA). [`PeerPolicy::AnyPeer`] keeps the open behaviour for
//! tests and laboratories, and hssd logs a warning when it starts that way.

use std::fmt;
use std::net::IpAddr;

use codec::ApplicationId;

/// What a peer is, which decides its default applications and whether it relays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// An MME or SGSN: S6a/S6d, and S13 for its equipment checks.
    Mme,
    /// An I-CSCF or S-CSCF: Cx.
    Cscf,
    /// An application server: Sh.
    As,
    /// A 3GPP AAA server: SWx.
    Aaa,
    /// An equipment-check client (an MME asking only S13).
    EirClient,
    /// A relay or DRA: any application, carrying the requests of hosts in its realms.
    Relay,
}

impl Role {
    /// Every role, with its configuration name.
    pub const ALL: [(Role, &'static str); 6] = [
        (Role::Mme, "mme"),
        (Role::Cscf, "cscf"),
        (Role::As, "as"),
        (Role::Aaa, "aaa"),
        (Role::EirClient, "eir_client"),
        (Role::Relay, "relay"),
    ];

    /// The role named `name` (`sgsn` is an MME's role too).
    pub fn parse(name: &str) -> Option<Role> {
        let name = name.trim().to_ascii_lowercase();
        if name == "sgsn" {
            return Some(Role::Mme);
        }
        Role::ALL.iter().find(|(_, n)| *n == name).map(|(r, _)| *r)
    }

    /// The configuration name.
    pub fn name(self) -> &'static str {
        Role::ALL.iter().find(|(r, _)| *r == self).map_or("?", |(_, n)| n)
    }

    /// The applications a peer of this role may use unless its entry lists others.
    pub fn default_applications(self) -> &'static [ApplicationId] {
        match self {
            Role::Mme => &[ApplicationId::S6A, ApplicationId::S13],
            Role::Cscf => &[ApplicationId::CX],
            Role::As => &[ApplicationId::SH],
            Role::Aaa => &[ApplicationId::SWX],
            Role::EirClient => &[ApplicationId::S13],
            Role::Relay => &[
                ApplicationId::S6A,
                ApplicationId::S13,
                ApplicationId::CX,
                ApplicationId::SH,
                ApplicationId::SWX,
            ],
        }
    }
}

/// An address or a network (`10.0.0.5`, `10.0.0.0/24`, `2001:db8::/32`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Network {
    base: IpAddr,
    prefix: u8,
}

impl Network {
    /// Parses `addr` or `addr/prefix`; the bits past the prefix must be zero.
    pub fn parse(s: &str) -> Result<Network, String> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let base: IpAddr =
            addr.parse().map_err(|_| format!("{s:?} is not an address or network"))?;
        let max = if base.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => match p.parse::<u8>() {
                Ok(n) if n <= max => n,
                _ => return Err(format!("{s:?}: the prefix length must be 0 to {max}")),
            },
        };
        let network = Network { base, prefix };
        if network.masked(base) != bits(base) {
            return Err(format!("{s:?}: address bits are set past the prefix length"));
        }
        Ok(network)
    }

    /// True when `ip` (an IPv4-mapped IPv6 address counts as its IPv4 address) is in it.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        ip.is_ipv4() == self.base.is_ipv4() && self.masked(ip) == bits(self.base)
    }

    fn masked(&self, ip: IpAddr) -> u128 {
        let width = if ip.is_ipv4() { 32 } else { 128 };
        let keep = u32::from(self.prefix);
        let mask = if keep == 0 { 0 } else { (!0u128 << (width - keep)) & width_mask(width) };
        bits(ip) & mask
    }
}

fn width_mask(width: u32) -> u128 {
    if width == 128 { !0 } else { (1u128 << width) - 1 }
}

fn bits(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

impl fmt::Debug for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.base, self.prefix)
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// The most connections one configured peer may hold open at once.
pub const MAX_CONNECTIONS_PER_PEER: usize = 16;

/// One configured peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerEntry {
    /// Its Origin-Host (compared ignoring ASCII case).
    pub host: String,
    /// The Origin-Realm its CER and its own requests must carry.
    pub realm: String,
    /// Where it may connect from; never empty.
    pub networks: Vec<Network>,
    pub role: Role,
    /// The applications it may use (its role's by default).
    pub applications: Vec<ApplicationId>,
    /// A relay only: the realms whose requests it may carry (its own realm included).
    pub relay_realms: Vec<String>,
    /// The Visited-PLMN-Id values (3 octets, TS 24.008) its S6a requests may claim; empty:
    /// the PLMN its realm names (`epc.mncMNC.mccMCC.3gppnetwork.org`), or for a relay, the
    /// PLMN the realm of each request names.
    pub plmns: Vec<[u8; 3]>,
    /// Connections it may hold open at once (RFC 6733 §2.1: one per peer, unless it runs
    /// several instances), 1 to [`MAX_CONNECTIONS_PER_PEER`].
    pub max_connections: usize,
}

/// Which peers are accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerPolicy {
    /// Any Origin-Host from any address, each holding one connection, with no check of the
    /// PLMN it claims; its requests must still carry its own Origin-Host.
    AnyPeer,
    /// Only these peers.
    Table(Vec<PeerEntry>),
}

impl PeerPolicy {
    /// The entry of `host`, ignoring ASCII case.
    pub fn entry(&self, host: &str) -> Option<&PeerEntry> {
        match self {
            PeerPolicy::AnyPeer => None,
            PeerPolicy::Table(entries) => {
                entries.iter().find(|e| e.host.eq_ignore_ascii_case(host))
            }
        }
    }
}

/// The PLMNs a realm such as `epc.mnc001.mcc001.3gppnetwork.org` names (TS 23.003 §19.2): the
/// MNC as written and, when it is a zero-padded two-digit one, without the padding. Empty
/// when the realm names none.
pub fn plmns_of_realm(realm: &str) -> Vec<[u8; 3]> {
    let labels: Vec<&str> = realm.split('.').collect();
    let Some(i) = labels.iter().position(|l| l.to_ascii_lowercase().starts_with("mnc")) else {
        return Vec::new();
    };
    let (Some(mnc), Some(mcc)) = (
        labels[i].get(3..),
        labels
            .get(i + 1)
            .filter(|l| l.to_ascii_lowercase().starts_with("mcc"))
            .and_then(|l| l.get(3..)),
    ) else {
        return Vec::new();
    };
    let plmn = |mnc: &str| store::auc::PlmnId::from_mcc_mnc(mcc, mnc).ok().map(|p| *p.as_bytes());
    let padded = mnc.strip_prefix('0').filter(|m| m.len() == 2);
    plmn(mnc).into_iter().chain(padded.and_then(plmn)).collect()
}

#[cfg(test)]
mod tests {
    use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn networks_contain_their_addresses_only() {
        let n = Network::parse("10.1.0.0/16").unwrap();
        assert!(n.contains(ip("10.1.255.3")));
        assert!(!n.contains(ip("10.2.0.1")));
        assert!(n.contains(IpAddr::V6(Ipv4Addr::new(10, 1, 0, 9).to_ipv6_mapped())));
        assert!(!n.contains(ip("::1")));
        let one = Network::parse("127.0.0.1").unwrap();
        assert!(one.contains(ip("127.0.0.1")) && !one.contains(ip("127.0.0.2")));
        let all = Network::parse("0.0.0.0/0").unwrap();
        assert!(all.contains(ip("192.0.2.1")));
        let v6 = Network::parse("2001:db8::/32").unwrap();
        assert!(v6.contains(ip("2001:db8:1::5")) && !v6.contains(ip("2001:db9::1")));
        assert!(Network::parse("::/0").unwrap().contains(IpAddr::V6(Ipv6Addr::LOCALHOST)));
    }

    #[test]
    fn bad_networks_are_named() {
        for bad in ["10.0.0.1/24", "10.0.0.0/33", "host", "10.0.0.0/x", "::1/129"] {
            let e = Network::parse(bad).unwrap_err();
            assert!(e.contains(bad), "{e}");
        }
    }

    #[test]
    fn roles_parse_by_name() {
        for (role, name) in Role::ALL {
            assert_eq!(Role::parse(name), Some(role));
            assert_eq!(role.name(), name);
        }
        assert_eq!(Role::parse("SGSN"), Some(Role::Mme));
        assert_eq!(Role::parse("hlr"), None);
    }

    #[test]
    fn realms_name_their_plmn() {
        let p = |mcc, mnc| *store::auc::PlmnId::from_mcc_mnc(mcc, mnc).unwrap().as_bytes();
        assert_eq!(
            plmns_of_realm("epc.mnc001.mcc001.3gppnetwork.org"),
            [p("001", "001"), p("001", "01")]
        );
        assert_eq!(plmns_of_realm("epc.mnc123.mcc208.3gppnetwork.org"), [p("208", "123")]);
        assert_eq!(
            plmns_of_realm("ims.MNC030.MCC310.3gppnetwork.org"),
            [p("310", "030"), p("310", "30")]
        );
        assert!(plmns_of_realm("example.org").is_empty());
        assert!(plmns_of_realm("mnc01.example").is_empty());
    }
}
