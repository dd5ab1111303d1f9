//! The peer table: which open connection reaches a Diameter host, for the requests the HSS
//! originates, and what the control plane lists as its peers.
//!
//! Shared by every shard (a `DashMap`), written when a capabilities exchange succeeds and when a
//! connection closes, read when an outbound request is routed and when the control plane lists
//! peers: never on the per-request path of AIR or ULR itself.
//!
//! Hosts are DiameterIdentities (FQDNs), compared ignoring ASCII case. A host may hold several
//! connections at once (an MME that opens two, or a reconnect that arrives before the old
//! connection's close is noticed): the newest one is the route, and when it closes the next
//! newest still open takes over.

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
    ) -> Self {
        Self {
            host: host.into(),
            realm: realm.into(),
            address,
            applications,
            since,
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
    /// just succeeded). Returns the connection that was the route to that host before, if
    /// any: it stays registered, behind `conn`.
    pub fn register(&self, conn: I, link: Arc<Link>) -> Option<I> {
        let mut conns = self.peers.entry(key(&link.host)).or_insert_with(|| Vec::with_capacity(1));
        let previous = conns.last().map(|(c, _)| *c);
        conns.retain(|(c, _)| *c != conn);
        conns.push((conn, link));
        previous.filter(|p| *p != conn)
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

    fn link(host: &str) -> Arc<Link> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, 3868));
        Arc::new(Link::new(host, "realm", address, vec![ApplicationId::S6A], SystemTime::now()))
    }

    fn hosts<I: Copy + Eq>(t: &PeerTable<I>) -> Vec<String> {
        t.routes().iter().filter(|r| r.route).map(|r| r.link.host.to_string()).collect()
    }

    #[test]
    fn lookup_ignores_ascii_case() {
        let t = PeerTable::<u32>::new();
        assert_eq!(t.register(1, link("MME1.epc.Example")), None);
        assert_eq!(t.lookup("mme1.EPC.example"), Some(1));
        assert_eq!(t.lookup("mme2.epc.example"), None);
        assert_eq!(t.len(), 1);
        assert_eq!(hosts(&t), ["MME1.epc.Example"]);
    }

    #[test]
    fn a_newer_connection_replaces_the_older_until_it_closes() {
        let t = PeerTable::<u32>::new();
        assert_eq!(t.register(1, link("mme1")), None);
        assert_eq!(t.register(2, link("MME1")), Some(1));
        assert_eq!(t.lookup("mme1"), Some(2));
        assert_eq!(t.routes().len(), 2);
        assert_eq!(hosts(&t), ["MME1"], "the newest is the route");
        // The older closing does not disturb the newer.
        assert!(t.unregister("mme1", 1));
        assert_eq!(t.lookup("mme1"), Some(2));
        // Closing twice, or a connection never registered, changes nothing.
        assert!(!t.unregister("mme1", 1));
        assert!(!t.unregister("mme1", 7));
        assert_eq!(t.lookup("mme1"), Some(2));
        assert!(t.unregister("mme1", 2));
        assert_eq!(t.lookup("mme1"), None);
        assert!(t.is_empty());
    }

    #[test]
    fn the_older_connection_takes_over_when_the_newer_closes_first() {
        let t = PeerTable::<u32>::new();
        t.register(1, link("mme1"));
        t.register(2, link("mme1"));
        assert!(t.unregister("mme1", 2));
        assert_eq!(t.lookup("mme1"), Some(1));
        // Registering an already registered connection moves it to the front, once.
        t.register(3, link("mme1"));
        assert_eq!(t.register(1, link("mme1")), Some(3));
        assert_eq!(t.routes().len(), 2);
        assert_eq!(t.lookup("mme1"), Some(1));
        assert_eq!(t.register(1, link("mme1")), None, "already the route");
    }

    #[test]
    fn hosts_are_independent_and_links_report_their_watchdog() {
        let t = PeerTable::<u32>::new();
        let a = link("a");
        t.register(1, a.clone());
        t.register(2, link("b"));
        assert!(!t.unregister("a", 2));
        assert_eq!((t.lookup("a"), t.lookup("b")), (Some(1), Some(2)));
        assert_eq!(hosts(&t), ["a", "b"]);
        a.set_watchdog(Watchdog::Suspect);
        assert_eq!(t.routes()[0].link.watchdog(), Watchdog::Suspect);
    }
}
