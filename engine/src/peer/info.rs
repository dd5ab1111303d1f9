//! [`PeerInfo`]: what a peer said about itself in its CER, once accepted.

use std::net::IpAddr;
use std::sync::Arc;

use codec::ApplicationId;

use super::grant::Grant;

/// What the peer said about itself in its CER, and what the exchange settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerInfo {
    pub origin_host: Box<str>,
    pub origin_realm: Box<str>,
    pub host_ip_addresses: Vec<IpAddr>,
    pub vendor_id: u32,
    pub product_name: Box<str>,
    pub origin_state_id: Option<u32>,
    pub firmware_revision: Option<u32>,
    /// The applications both sides support, in the order of this node's configuration: the
    /// peer may send requests of these, and this node may send it requests of these.
    pub applications: Vec<ApplicationId>,
    /// What it may do: checked on each of its requests, wherever it is served.
    pub grant: Arc<Grant>,
}
