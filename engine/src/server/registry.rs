//! The peer registry: which open connection reaches a Diameter host, for the requests the HSS
//! initiates (CLR now; IDR, DSR, RTR, PPR, PNR later).
//!
//! Shared by every shard (a `DashMap`), written when a capabilities exchange succeeds and when a
//! connection closes, read when a handler asks for an HSS-initiated request: never on the
//! per-request path of AIR or ULR itself.
//!
//! Hosts are DiameterIdentities (FQDNs), compared ignoring ASCII case. A host may hold several
//! connections at once (an MME that opens two, or a reconnect that arrives before the old
//! connection's close is noticed): the newest one is the route, and when it closes the next
//! newest still open takes over.

use std::fmt;

use dashmap::DashMap;

use crate::io::ConnId;

/// Maps a peer's Origin-Host (ignoring ASCII case) to its open connections, newest last.
///
/// Generic over the connection identifier only so that it can be tested without the I/O
/// layer; the engine uses [`ConnId`].
pub struct Registry<I = ConnId> {
    /// Key: the host in ASCII lower case.
    peers: DashMap<Box<str>, Entry<I>>,
}

struct Entry<I> {
    /// The host as the newest connection spelled it.
    host: Box<str>,
    /// Open connections from this host, oldest first; never empty.
    conns: Vec<I>,
}

/// One registered host, as [`Registry::peers`] lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerRoute<I = ConnId> {
    /// The Origin-Host, as its newest connection spelled it in CER.
    pub host: String,
    /// The connection requests to this host go to.
    pub conn: I,
    /// How many open connections the host has.
    pub connections: usize,
}

impl<I> Default for Registry<I> {
    fn default() -> Self {
        Self { peers: DashMap::new() }
    }
}

impl<I> fmt::Debug for Registry<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry").field("hosts", &self.peers.len()).finish()
    }
}

fn key(host: &str) -> Box<str> {
    host.to_ascii_lowercase().into_boxed_str()
}

impl<I: Copy + Eq> Registry<I> {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `conn` as the newest connection of `host` (its capabilities exchange just
    /// succeeded). Returns the connection that was the route to `host` before, if any: it
    /// stays registered, behind `conn`.
    pub fn register(&self, host: &str, conn: I) -> Option<I> {
        let mut entry = self
            .peers
            .entry(key(host))
            .or_insert_with(|| Entry { host: host.into(), conns: Vec::with_capacity(1) });
        let previous = entry.conns.last().copied();
        entry.conns.retain(|c| *c != conn);
        entry.conns.push(conn);
        if *entry.host != *host {
            entry.host = host.into();
        }
        previous.filter(|p| *p != conn)
    }

    /// Removes `conn` from `host` (the connection closed or is closing). A newer connection
    /// of the same host is left alone. Returns whether `conn` was registered.
    pub fn unregister(&self, host: &str, conn: I) -> bool {
        let key = key(host);
        let mut found = false;
        self.peers.remove_if_mut(&key, |_, entry| {
            let before = entry.conns.len();
            entry.conns.retain(|c| *c != conn);
            found = entry.conns.len() != before;
            entry.conns.is_empty()
        });
        found
    }

    /// The connection to send `host` a request on: its newest open one.
    pub fn lookup(&self, host: &str) -> Option<I> {
        self.peers.get(&*key(host)).and_then(|e| e.conns.last().copied())
    }

    /// Number of hosts with at least one open connection.
    pub fn len(&self) -> usize {
        self.peers.len()
    }

    /// True when no host is connected.
    pub fn is_empty(&self) -> bool {
        self.peers.is_empty()
    }

    /// Number of registered connections, over all hosts.
    pub fn connections(&self) -> usize {
        self.peers.iter().map(|e| e.conns.len()).sum()
    }

    /// Every connected host and its route, sorted by host (for the control plane and tests).
    pub fn peers(&self) -> Vec<PeerRoute<I>> {
        let mut list: Vec<PeerRoute<I>> = self
            .peers
            .iter()
            .filter_map(|e| {
                let conn = *e.conns.last()?;
                Some(PeerRoute { host: e.host.to_string(), conn, connections: e.conns.len() })
            })
            .collect();
        list.sort_by_key(|p| p.host.to_ascii_lowercase());
        list
    }

    /// Every registered connection with its host (for a graceful shutdown).
    pub fn all_connections(&self) -> Vec<(String, I)> {
        self.peers
            .iter()
            .flat_map(|e| e.conns.iter().map(|c| (e.host.to_string(), *c)).collect::<Vec<_>>())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_ascii_case() {
        let r = Registry::<u32>::new();
        assert_eq!(r.register("MME1.epc.Example", 1), None);
        assert_eq!(r.lookup("mme1.EPC.example"), Some(1));
        assert_eq!(r.lookup("mme2.epc.example"), None);
        assert_eq!(r.len(), 1);
        assert_eq!(r.peers()[0].host, "MME1.epc.Example");
    }

    #[test]
    fn a_newer_connection_replaces_the_older_until_it_closes() {
        let r = Registry::<u32>::new();
        assert_eq!(r.register("mme1", 1), None);
        assert_eq!(r.register("MME1", 2), Some(1));
        assert_eq!(r.lookup("mme1"), Some(2));
        assert_eq!(r.connections(), 2);
        assert_eq!(r.peers()[0].host, "MME1", "the newest spelling");
        // The older closing does not disturb the newer.
        assert!(r.unregister("mme1", 1));
        assert_eq!(r.lookup("mme1"), Some(2));
        // Closing twice, or a connection never registered, changes nothing.
        assert!(!r.unregister("mme1", 1));
        assert!(!r.unregister("mme1", 7));
        assert_eq!(r.lookup("mme1"), Some(2));
        assert!(r.unregister("mme1", 2));
        assert_eq!(r.lookup("mme1"), None);
        assert!(r.is_empty());
    }

    #[test]
    fn the_older_connection_takes_over_when_the_newer_closes_first() {
        let r = Registry::<u32>::new();
        r.register("mme1", 1);
        r.register("mme1", 2);
        assert!(r.unregister("mme1", 2));
        assert_eq!(r.lookup("mme1"), Some(1));
        // Registering an already registered connection moves it to the front, once.
        r.register("mme1", 3);
        assert_eq!(r.register("mme1", 1), Some(3));
        assert_eq!(r.connections(), 2);
        assert_eq!(r.lookup("mme1"), Some(1));
        assert_eq!(r.register("mme1", 1), None, "already the route");
    }

    #[test]
    fn hosts_are_independent() {
        let r = Registry::<u32>::new();
        r.register("a", 1);
        r.register("b", 2);
        assert!(!r.unregister("a", 2));
        assert_eq!((r.lookup("a"), r.lookup("b")), (Some(1), Some(2)));
        let mut all = r.all_connections();
        all.sort();
        assert_eq!(all, vec![("a".to_string(), 1), ("b".to_string(), 2)]);
        let hosts: Vec<_> = r.peers().into_iter().map(|p| p.host).collect();
        assert_eq!(hosts, ["a", "b"]);
    }
}
