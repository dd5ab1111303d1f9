//! The peer table: which open connection reaches a Diameter host, for the requests the HSS
//! originates, and what the control plane lists as its peers.
//!
//! Shared by every shard (a `DashMap`), written when a capabilities exchange succeeds and when a
//! connection closes, read when an outbound request is routed and when the control plane lists
//! peers: never on the per-request path of AIR or ULR itself.
//!
//! Hosts are DiameterIdentities (FQDNs), compared ignoring ASCII case. RFC 6733 §2.1 allows one
//! connection per peer ("a given Diameter instance of the peer state machine MUST NOT use more
//! than one transport connection to communicate with a given peer, unless multiple instances
//! exist on the peer"), so a host holds at most as many as its entry allows (one by default).
//! A new connection for a host at its limit is admitted only in place of one that is no longer
//! live (the peer restarted: its CER brings another Origin-State-Id, RFC 6733 §8.16; or the old
//! connection's watchdog is not OKAY), and is otherwise refused with CEA 4003
//! DIAMETER_ELECTION_LOST, the responder's side of the RFC 6733 §5.6.4 election: the
//! connection already open wins. So a second connection naming an open host cannot take its
//! CLRs over. The newest admitted connection is the route, and when it closes the next newest
//! still open takes over.

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::SystemTime;

use codec::ApplicationId;
use dashmap::DashMap;

use crate::io::ConnId;
use crate::peer::Watchdog;

/// One open connection as the control plane sees it: what the peer said in its CER, where it
/// connects from, since when, and its watchdog status, which its connection keeps current.
#[derive(Debug)]
pub struct Link {
    /// The Origin-Host of its CER, as it spelled it.
    pub host: Box<str>,
    /// The Origin-Realm of its CER.
    pub realm: Box<str>,
    /// The remote address of the connection.
    pub address: SocketAddr,
    /// The applications negotiated with it.
    pub applications: Vec<ApplicationId>,
    /// When its capabilities exchange succeeded.
    pub since: SystemTime,
    /// The Origin-State-Id of its CER, when it sent one.
    pub origin_state_id: Option<u32>,
    watchdog: AtomicU8,
}

impl Link {
    /// A link whose watchdog is OKAY (a capabilities exchange just succeeded).
    pub fn new(
        host: &str,
        realm: &str,
        address: SocketAddr,
        applications: Vec<ApplicationId>,
        since: SystemTime,
        origin_state_id: Option<u32>,
    ) -> Self {
        Self {
            host: host.into(),
            realm: realm.into(),
            address,
            applications,
            since,
            origin_state_id,
            watchdog: AtomicU8::new(code(Watchdog::Okay)),
        }
    }

    /// The watchdog status when its connection last looked.
    pub fn watchdog(&self) -> Watchdog {
        match self.watchdog.load(Ordering::Relaxed) {
            0 => Watchdog::Initial,
            1 => Watchdog::Okay,
            2 => Watchdog::Suspect,
            _ => Watchdog::Down,
        }
    }

    /// Records the connection's watchdog status.
    pub fn set_watchdog(&self, status: Watchdog) {
        self.watchdog.store(code(status), Ordering::Relaxed);
    }

    /// True when `newer`, a new connection of the same host, shows this one is no longer live:
    /// its watchdog is not OKAY, or the peer restarted since (another Origin-State-Id).
    fn superseded_by(&self, newer: &Link) -> bool {
        let restarted = matches!(
            (self.origin_state_id, newer.origin_state_id),
            (Some(old), Some(new)) if old != new
        );
        restarted || self.watchdog() != Watchdog::Okay
    }
}

/// What [`PeerTable::admit`] decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admission<I> {
    /// The connection is registered (the route to its host); otherwise the host already has
    /// as many live connections as it may, and the new one is refused (4003).
    pub admitted: bool,
    /// Older connections of the host that were no longer live: removed, to be disconnected.
    pub replaced: Vec<I>,
}

const fn code(status: Watchdog) -> u8 {
    match status {
        Watchdog::Initial => 0,
        Watchdog::Okay => 1,
        Watchdog::Suspect => 2,
        Watchdog::Down => 3,
    }
}

/// Maps a peer's Origin-Host (ignoring ASCII case) to its open connections, newest last.
///
/// Generic over the connection identifier only so that it can be tested without the I/O
/// layer; the engine uses [`ConnId`].
pub struct PeerTable<I = ConnId> {
    /// Key: the host in ASCII lower case.
    peers: DashMap<Box<str>, Vec<(I, Arc<Link>)>>,
}

/// One open connection, as [`PeerTable::routes`] lists it.
#[derive(Debug, Clone)]
pub struct PeerRoute<I = ConnId> {
    /// The connection.
    pub conn: I,
    /// What it is and reports.
    pub link: Arc<Link>,
    /// Requests to its host go to this connection (its newest).
    pub route: bool,
}

impl<I> Default for PeerTable<I> {
    fn default() -> Self {
        Self { peers: DashMap::new() }
    }
}

impl<I> fmt::Debug for PeerTable<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PeerTable").field("hosts", &self.peers.len()).finish()
    }
}

fn key(host: &str) -> Box<str> {
    host.to_ascii_lowercase().into_boxed_str()
}

impl<I: Copy + Eq> PeerTable<I> {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `conn` as the newest connection of `link.host` (its capabilities exchange
    /// just succeeded) unless the host already holds `max` live connections (see the module
    /// documentation). Decided under the host's entry lock, so two connections of one host
    /// opening at once on two shards cannot both pass.
    pub fn admit(&self, conn: I, link: Arc<Link>, max: usize) -> Admission<I> {
        let mut conns = self.peers.entry(key(&link.host)).or_insert_with(|| Vec::with_capacity(1));
        conns.retain(|(c, _)| *c != conn);
        let mut replaced = Vec::new();
        conns.retain(|(c, old)| {
            let stale = old.superseded_by(&link);
            if stale {
                replaced.push(*c);
            }
            !stale
        });
        let admitted = conns.len() < max.max(1);
        if admitted {
            conns.push((conn, link));
        }
        Admission { admitted, replaced }
    }

    /// Removes `conn` from `host` (the connection closed or is closing). A newer connection
    /// of the same host is left alone. Returns whether `conn` was registered.
    pub fn unregister(&self, host: &str, conn: I) -> bool {
        let mut found = false;
        self.peers.remove_if_mut(&key(host), |_, conns| {
            let before = conns.len();
            conns.retain(|(c, _)| *c != conn);
            found = conns.len() != before;
            conns.is_empty()
        });
        found
    }

    /// The connection to send `host` a request on: its newest open one.
    pub fn lookup(&self, host: &str) -> Option<I> {
        self.peers.get(&*key(host)).and_then(|conns| conns.last().map(|(c, _)| *c))
    }

    /// Number of hosts with at least one open connection.
    pub fn len(&self) -> usize {
        self.peers.len()
    }

    /// True when no host is connected.
    pub fn is_empty(&self) -> bool {
        self.peers.is_empty()
    }

    /// Every registered connection, sorted by host (ignoring case), oldest first within one.
    pub fn routes(&self) -> Vec<PeerRoute<I>> {
        let mut list: Vec<(Box<str>, PeerRoute<I>)> = Vec::new();
        for entry in self.peers.iter() {
            let last = entry.value().len().saturating_sub(1);
            for (i, (conn, link)) in entry.value().iter().enumerate() {
                let route = PeerRoute { conn: *conn, link: link.clone(), route: i == last };
                list.push((entry.key().clone(), route));
            }
        }
        // Stable: connections of one host keep their order.
        list.sort_by(|a, b| a.0.cmp(&b.0));
        list.into_iter().map(|(_, r)| r).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, SocketAddr};

    use super::*;

    fn link_from(host: &str, osi: Option<u32>) -> Arc<Link> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, 3868));
        let apps = vec![ApplicationId::S6A];
        Arc::new(Link::new(host, "realm", address, apps, SystemTime::now(), osi))
    }

    fn link(host: &str) -> Arc<Link> {
        link_from(host, Some(1))
    }

    fn admitted<I>(replaced: Vec<I>) -> Admission<I> {
        Admission { admitted: true, replaced }
    }

    fn hosts<I: Copy + Eq>(t: &PeerTable<I>) -> Vec<String> {
        t.routes().iter().filter(|r| r.route).map(|r| r.link.host.to_string()).collect()
    }

    #[test]
    fn lookup_ignores_ascii_case() {
        let t = PeerTable::<u32>::new();
        assert_eq!(t.admit(1, link("MME1.epc.Example"), 1), admitted(vec![]));
        assert_eq!(t.lookup("mme1.EPC.example"), Some(1));
        assert_eq!(t.lookup("mme2.epc.example"), None);
        assert_eq!(t.len(), 1);
        assert_eq!(hosts(&t), ["MME1.epc.Example"]);
    }

    #[test]
    fn a_second_live_connection_of_a_host_loses_the_election() {
        let t = PeerTable::<u32>::new();
        assert!(t.admit(1, link("mme1"), 1).admitted);
        // Same Origin-State-Id, the first connection's watchdog OKAY: the open one wins.
        assert_eq!(t.admit(2, link("MME1"), 1), Admission { admitted: false, replaced: vec![] });
        assert_eq!(t.lookup("mme1"), Some(1));
        assert_eq!(t.routes().len(), 1);
        // A peer allowed two holds two; the newest is the route.
        assert!(t.admit(2, link("MME1"), 2).admitted);
        assert_eq!(t.lookup("mme1"), Some(2));
        assert_eq!(hosts(&t), ["MME1"]);
        // The older closing does not disturb the newer; closing twice changes nothing.
        assert!(t.unregister("mme1", 1));
        assert!(!t.unregister("mme1", 1));
        assert!(!t.unregister("mme1", 7));
        assert_eq!(t.lookup("mme1"), Some(2));
        assert!(t.unregister("mme1", 2));
        assert_eq!(t.lookup("mme1"), None);
        assert!(t.is_empty());
    }

    #[test]
    fn a_restarted_peer_or_a_failed_watchdog_gives_way_to_the_new_connection() {
        let t = PeerTable::<u32>::new();
        t.admit(1, link_from("mme1", Some(1)), 1);
        // The peer restarted: another Origin-State-Id.
        assert_eq!(t.admit(2, link_from("mme1", Some(2)), 1), admitted(vec![1]));
        assert_eq!(t.lookup("mme1"), Some(2));
        assert_eq!(t.routes().len(), 1);
        // No Origin-State-Id on either side says nothing; a watchdog not OKAY does.
        assert!(!t.admit(3, link_from("mme1", None), 1).admitted);
        t.routes()[0].link.set_watchdog(Watchdog::Suspect);
        assert_eq!(t.admit(3, link_from("mme1", None), 1), admitted(vec![2]));
        assert_eq!(t.lookup("mme1"), Some(3));
    }

    #[test]
    fn the_older_connection_takes_over_when_the_newer_closes_first() {
        let t = PeerTable::<u32>::new();
        t.admit(1, link("mme1"), 2);
        t.admit(2, link("mme1"), 2);
        assert!(t.unregister("mme1", 2));
        assert_eq!(t.lookup("mme1"), Some(1));
        // Admitting an already registered connection moves it to the front, once.
        t.admit(3, link("mme1"), 2);
        assert!(t.admit(1, link("mme1"), 2).admitted);
        assert_eq!(t.routes().len(), 2);
        assert_eq!(t.lookup("mme1"), Some(1));
    }

    #[test]
    fn hosts_are_independent_and_links_report_their_watchdog() {
        let t = PeerTable::<u32>::new();
        let a = link("a");
        t.admit(1, a.clone(), 1);
        t.admit(2, link("b"), 1);
        assert!(!t.unregister("a", 2));
        assert_eq!((t.lookup("a"), t.lookup("b")), (Some(1), Some(2)));
        assert_eq!(hosts(&t), ["a", "b"]);
        a.set_watchdog(Watchdog::Suspect);
        assert_eq!(t.routes()[0].link.watchdog(), Watchdog::Suspect);
    }
}
