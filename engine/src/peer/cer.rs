//! Processing a CER (RFC 6733 §5.3): validation, allow-list, common applications, the CEA.

use bytes::BytesMut;
use codec::build::base::cea;
use codec::dict;
use codec::validate::validate;
use codec::view::base::CerView;
use codec::{ApplicationId, CommandCode, Message, MessageError, ResultCode};

use super::PeerConfig;
use super::info::PeerInfo;

/// The outcome of a CER: the CEA is written either way.
pub(crate) enum CerOutcome {
    /// CEA 2001: the peer is open with these capabilities.
    Accepted(PeerInfo),
    /// CEA with this Result-Code; the connection closes.
    Refused(ResultCode),
}

/// Answers the CER `msg` into `out`.
pub(crate) fn process(config: &PeerConfig, msg: &Message<'_>, out: &mut BytesMut) -> CerOutcome {
    match check(config, msg) {
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

fn check(config: &PeerConfig, msg: &Message<'_>) -> Result<PeerInfo, Refusal> {
    // The dictionary always has CER; should it not, the view below still checks what it reads.
    if let Some(def) = dict::command(ApplicationId::COMMON, CommandCode::CAPABILITIES_EXCHANGE) {
        validate(msg, def)?;
    }
    let view = CerView::parse(msg)?;
    // RFC 6733 §5.3: "CERs received from unknown peers MAY be silently discarded, or a CEA MAY
    // be issued with the Result-Code of DIAMETER_UNKNOWN_PEER. In both cases, the transport
    // connection is closed."
    if !config.allows(view.origin_host) {
        return Err(Refusal::Result(ResultCode::UNKNOWN_PEER));
    }
    // RFC 6733 §5.3: the receiver "MUST determine common applications by computing the
    // intersection of its own set of supported Application Ids against all of the
    // Application-Id AVPs (Auth-Application-Id, Acct-Application-Id, and
    // Vendor-Specific-Application-Id) present in the CER. The value of the Vendor-Id AVP in the
    // Vendor-Specific-Application-Id MUST NOT be used during computation." A relay "MUST be
    // interpreted as having common applications"; `advertises` counts the relay id as any.
    let applications: Vec<ApplicationId> =
        config.application_ids().filter(|&a| view.advertises(a)).collect();
    // "... MUST return a Capabilities-Exchange-Answer (CEA) with the Result-Code AVP set to
    // DIAMETER_NO_COMMON_APPLICATION and SHOULD disconnect the transport layer connection."
    if applications.is_empty() {
        return Err(Refusal::Result(ResultCode::NO_COMMON_APPLICATION));
    }
    // `parse` checked every Host-IP-Address, so the iterator yields no error here.
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
    })
}

/// A CEA refusing a malformed CER (RFC 6733 §7.5: Error-Message and Failed-AVP).
fn error_cea(out: &mut BytesMut, req: &Message<'_>, config: &PeerConfig, err: &MessageError) {
    codec::build::base::cea_error(out, req, err, &config.capabilities());
}
