//! Processing a CER (RFC 6733 §5.3): validation, the peer policy, common applications, the
//! CEA.

use std::net::IpAddr;
use std::sync::Arc;

use bytes::BytesMut;
use codec::build::base::cea;
use codec::dict;
use codec::validate::validate;
use codec::view::base::CerView;
use codec::{ApplicationId, CommandCode, Message, MessageError, ResultCode};

use super::PeerConfig;
use super::grant::Grant;
use super::info::PeerInfo;
use super::policy::PeerPolicy;

/// The outcome of a CER: the CEA is written either way.
pub(crate) enum CerOutcome {
    /// CEA 2001: the peer is open with these capabilities.
    Accepted(PeerInfo),
    /// CEA with this Result-Code; the connection closes.
    Refused(ResultCode),
}

/// Answers the CER `msg`, received from `remote`, into `out`.
pub(crate) fn process(
    config: &PeerConfig,
    remote: IpAddr,
    msg: &Message<'_>,
    out: &mut BytesMut,
) -> CerOutcome {
    match check(config, remote, msg) {
        Ok(peer) => {
            cea(out, msg, ResultCode::SUCCESS, &config.capabilities());
            CerOutcome::Accepted(peer)
        }
        Err(Refusal::Result(code)) => {
            cea(out, msg, code, &config.capabilities());
            CerOutcome::Refused(code)
        }
        Err(Refusal::Invalid(err)) => {
            error_cea(out, msg, config, &err);
            CerOutcome::Refused(err.result_code)
        }
    }
}

enum Refusal {
    /// A well-formed CER this node will not accept.
    Result(ResultCode),
    /// A malformed CER: answered with Error-Message and Failed-AVP.
    Invalid(MessageError),
}

impl From<MessageError> for Refusal {
    fn from(e: MessageError) -> Self {
        Self::Invalid(e)
    }
}

fn check(config: &PeerConfig, remote: IpAddr, msg: &Message<'_>) -> Result<PeerInfo, Refusal> {
    // The dictionary always has CER; should it not, the view below still checks what it reads.
    if let Some(def) = dict::command(ApplicationId::COMMON, CommandCode::CAPABILITIES_EXCHANGE) {
        validate(msg, def)?;
    }
    let view = CerView::parse(msg)?;
    // RFC 6733 §5.3: "CERs received from unknown peers MAY be silently discarded, or a CEA MAY
    // be issued with the Result-Code of DIAMETER_UNKNOWN_PEER. In both cases, the transport
    // connection is closed." Unknown here: not in the peer table, connecting from an address
    // not listed for it, or naming another realm than its entry's.
    let entry = match config.policy() {
        PeerPolicy::AnyPeer => None,
        policy => match policy.entry(view.origin_host) {
            Some(e)
                if e.networks.iter().any(|n| n.contains(remote))
                    && e.realm.eq_ignore_ascii_case(view.origin_realm) =>
            {
                Some(e)
            }
            _ => return Err(Refusal::Result(ResultCode::UNKNOWN_PEER)),
        },
    };
    // RFC 6733 §5.3: the receiver "MUST determine common applications by computing the
    // intersection of its own set of supported Application Ids against all of the
    // Application-Id AVPs (Auth-Application-Id, Acct-Application-Id, and
    // Vendor-Specific-Application-Id) present in the CER. The value of the Vendor-Id AVP in the
    // Vendor-Specific-Application-Id MUST NOT be used during computation." A relay "MUST be
    // interpreted as having common applications"; `advertises` counts the relay id as any.
    // A configured peer gets only the applications of its entry.
    let applications: Vec<ApplicationId> = config
        .application_ids()
        .filter(|&a| view.advertises(a))
        .filter(|a| entry.is_none_or(|e| e.applications.contains(a)))
        .collect();
    // "... MUST return a Capabilities-Exchange-Answer (CEA) with the Result-Code AVP set to
    // DIAMETER_NO_COMMON_APPLICATION and SHOULD disconnect the transport layer connection."
    if applications.is_empty() {
        return Err(Refusal::Result(ResultCode::NO_COMMON_APPLICATION));
    }
    let grant = match entry {
        Some(e) => Grant::of_entry(e, applications.clone(), view.origin_host),
        None => Grant::any_peer(applications.clone(), view.origin_host, view.origin_realm),
    };
    // `parse` checked every Host-IP-Address, so the iterator yields no error here. They are
    // reported, not checked: the socket's address is what the entry's networks are checked
    // against (a peer behind NAT advertises addresses it is not seen from).
    let host_ip_addresses = view.host_ip_addresses().flatten().collect();
    Ok(PeerInfo {
        origin_host: view.origin_host.into(),
        origin_realm: view.origin_realm.into(),
        host_ip_addresses,
        vendor_id: view.vendor_id,
        product_name: view.product_name.into(),
        origin_state_id: view.origin_state_id,
        firmware_revision: view.firmware_revision,
        applications,
        grant: Arc::new(grant),
    })
}

/// A CEA refusing a malformed CER (RFC 6733 §7.5: Error-Message and Failed-AVP).
fn error_cea(out: &mut BytesMut, req: &Message<'_>, config: &PeerConfig, err: &MessageError) {
    codec::build::base::cea_error(out, req, err, &config.capabilities());
}
