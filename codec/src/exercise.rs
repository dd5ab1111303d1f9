//! Every decoding path of the codec on one message, for the fuzz targets and property tests:
//! each typed view is run on the message whatever its command code, the accessors a handler
//! calls after a successful `parse` are walked, and the error answer to every refusal is built
//! and decoded again. Compiled for tests and with the `samples` feature.
//!
//! Nothing here may panic on any input except the checks it makes on purpose (`assert!`): the
//! promises the views document (an iterator over AVPs that `parse` checked loses none of them)
//! and that an error answer always decodes.

use std::fmt::{self, Write as _};
use std::net::{IpAddr, Ipv4Addr};

use bytes::BytesMut;

use crate::avp::{AvpIter, RawAvp};
use crate::build::base::{Capabilities, cea_error};
use crate::build::{Origin, error_answer};
use crate::code::{ApplicationId, ResultCode, VendorId};
use crate::dict::{self, AvpDef, AvpType, base as b, cx as dcx, s6a as ds6a, sh as dsh, tgpp};
use crate::error::{FailedAvp, MessageError};
use crate::framing::Frames;
use crate::message::Message;
use crate::validate::{self, MAX_DEPTH};
use crate::view::cx::{AuthDataRequest, AuthScheme, LirView, MarView, SarView, UarView};
use crate::view::s6a::{
    AirView, ClaView, DsaView, IdaView, Mip6AgentInfo, NorView, PurView, RequestedAuthInfo,
    SupportedFeatures, UlrView,
};
use crate::view::s13::{EcaView, EcrView};
use crate::view::sh::{ShPurView, SnrView, UdrView};
use crate::view::swx::{SwxMarView, SwxSarView};
use crate::view::{AnswerResult, AnswerView, base};

/// At most this many frames of one input are exercised.
const MAX_FRAMES: usize = 16;

/// Splits `data` into frames and runs [`message`] on each one that parses.
pub fn stream(data: &[u8]) {
    for frame in Frames::new(data).take(MAX_FRAMES) {
        let Ok(frame) = frame else { break };
        if let Ok(msg) = Message::parse(frame) {
            message(&msg);
        }
    }
}

/// Everything on one message: the validator (against the dictionary entry of its command, if
/// any, and the AVP-level checks), the typed value accessors of every AVP, every view
/// ([`views`]), and the error answer to each refusal ([`error_answers`]).
pub fn message(msg: &Message<'_>) {
    let mut refusals = views(msg);
    if let Err(e) = validate::validate_avps(msg) {
        refusals.push(e);
    }
    if let Some(def) = dict::command(msg.header.application, msg.header.code)
        && let Err(e) = validate::validate(msg, def)
    {
        refusals.push(e);
    }
    if let Err(e) = msg.check_header_bits() {
        refusals.push(e);
    }
    walk(msg.avps(), 0);
    let mut seen = Vec::with_capacity(refusals.len());
    for e in refusals {
        if !seen.contains(&e) {
            error_answers(msg, &e);
            seen.push(e);
        }
    }
}

/// Runs every typed view on `msg`, whatever its command code, and walks the accessors of each
/// view that parses. Returns the refusals (the errors a handler would answer with).
pub fn views(msg: &Message<'_>) -> Vec<MessageError> {
    let mut refusals = Vec::new();
    let out = &mut refusals;
    if let Some(v) = ok(out, base::CerView::parse(msg)) {
        // `parse` checked the repeated AVPs "so that the iterators below cannot fail later".
        assert!(v.host_ip_addresses().all(|a| a.is_ok()), "CER: Host-IP-Address fails late");
        assert!(v.host_ip_addresses().next().is_some(), "CER without Host-IP-Address");
        assert!(v.applications().all(|a| a.is_ok()), "CER: an application fails late");
        let _ = v.supported_vendors().count();
        let _ = v.advertises(ApplicationId::S6A);
        show(&(v.origin_host, v.origin_realm, v.vendor_id, v.product_name));
        show(&(v.origin_state_id, v.firmware_revision));
    }
    if let Some(v) = ok(out, base::DwrView::parse(msg)) {
        show(&(v.origin_host, v.origin_realm, v.origin_state_id));
    }
    if let Some(v) = ok(out, base::DprView::parse(msg)) {
        show(&(v.origin_host, v.origin_realm, v.disconnect_cause));
    }
    if let Some(host) = ok(out, base::origin_host(msg)) {
        show(&host);
    }
    if let Some(v) = ok(out, AnswerView::parse(msg)) {
        answer(v.result);
        show(&(v.session_id, v.origin_host, v.origin_realm));
    }
    if let Some(result) = ok(out, AnswerResult::from_answer(msg)) {
        answer(result);
    }
    s6a(msg, out);
    s13(msg, out);
    cx(msg, out);
    sh(msg, out);
    swx(msg, out);
    refusals
}

/// The view `r` holds, or `None` after adding its refusal to `out`.
fn ok<V>(out: &mut Vec<MessageError>, r: Result<V, MessageError>) -> Option<V> {
    r.map_err(|e| out.push(e)).ok()
}

/// The S6a/S6d views.
fn s6a(msg: &Message<'_>, out: &mut Vec<MessageError>) {
    if let Some(v) = ok(out, AirView::parse(msg)) {
        for info in [v.eutran, v.utran_geran].into_iter().flatten() {
            requested_auth_info(&info);
        }
        features(msg, v.supported_features());
        show(&(v.routing, v.imsi, v.visited_plmn_id, v.air_flags));
    }
    if let Some(v) = ok(out, UlrView::parse(msg)) {
        show(&v.terminal_information);
        features(msg, v.supported_features());
        assert_eq!(
            v.active_apns().count(),
            count(msg, &ds6a::ACTIVE_APN),
            "ULR: an Active-APN is lost"
        );
        let list = msg
            .avps()
            .map_while(Result::ok)
            .find(|a| is(a, &ds6a::EQUIVALENT_PLMN_LIST))
            .map_or(0, |l| {
                l.group().map_while(Result::ok).filter(|p| is(p, &ds6a::VISITED_PLMN_ID)).count()
            });
        assert_eq!(v.equivalent_plmns().count(), list, "ULR: an equivalent PLMN is lost");
        v.active_apns().for_each(|apn| show(&apn));
        v.equivalent_plmns().for_each(|plmn| show(&plmn));
        show(&(v.is_s6a(), v.skip_subscriber_data(), v.rat_type, v.rat_type.name(), v.ulr_flags));
        show(&(v.routing, v.imsi, v.ue_srvcc_capability, v.sgsn_number, v.sgs_mme_identity));
        show(&(v.mme_number_for_mt_sms, v.sms_register_request, v.coupled_node_diameter_id));
        show(&v.homogeneous_support_of_ims_voice_over_ps_sessions);
    }
    if let Some(v) = ok(out, PurView::parse(msg)) {
        show(&v.eps_location_information);
        features(msg, v.supported_features());
        show(&(v.routing, v.imsi, v.pur_flags));
    }
    if let Some(v) = ok(out, NorView::parse(msg)) {
        show(&v.terminal_information);
        show(&v.mip6_agent_info);
        features(msg, v.supported_features());
        show(&(v.routing, v.imsi, v.nor_flags, v.visited_network_identifier));
        show(&(v.context_identifier, v.service_selection, v.alert_reason, v.ue_srvcc_capability));
        show(&(
            v.homogeneous_support_of_ims_voice_over_ps_sessions,
            v.maximum_ue_availability_time,
        ));
    }
    if let Some(v) = ok(out, ClaView::parse(msg)) {
        answer(v.result);
        features(msg, v.supported_features());
        show(&(v.session_id, v.origin_host, v.origin_realm));
    }
    if let Some(v) = ok(out, IdaView::parse(msg)) {
        answer(v.result);
        show(&v.eps_location_information);
        show(&(v.ida_flags, v.ims_voice_over_ps_sessions_supported, v.last_ue_activity_time));
        show(&(v.rat_type, v.rat_type.map(|r| r.name()), v.eps_user_state));
        if let Some(s) = v.eps_user_state {
            show(&(s.mme.map(|u| u.name()), s.sgsn.map(|u| u.name())));
        }
    }
    if let Some(v) = ok(out, DsaView::parse(msg)) {
        answer(v.result);
        show(&v.dsa_flags);
    }
}

/// The S13 views.
fn s13(msg: &Message<'_>, out: &mut Vec<MessageError>) {
    if let Some(v) = ok(out, EcrView::parse(msg)) {
        show(&v.terminal_information);
        assert_eq!(v.imei(), v.terminal_information.imei);
        show(&(v.routing, v.imsi));
    }
    if let Some(v) = ok(out, EcaView::parse(msg)) {
        answer(v.result);
        show(&v.equipment_status);
    }
}

/// The Cx/Dx views.
fn cx(msg: &Message<'_>, out: &mut Vec<MessageError>) {
    if let Some(v) = ok(out, UarView::parse(msg)) {
        show(&(v.authorization_type(), v.authorization_type().is_known(), v.is_emergency()));
        show(&(v.routing, v.user_name, v.public_identity, v.visited_network_identifier));
    }
    if let Some(v) = ok(out, MarView::parse(msg)) {
        auth_data(&v.auth_data);
        show(&(v.routing, v.user_name, v.public_identity, v.sip_number_auth_items, v.server_name));
    }
    if let Some(v) = ok(out, SarView::parse(msg)) {
        assert_eq!(
            v.public_identities().count(),
            count(msg, &dcx::PUBLIC_IDENTITY),
            "SAR: a Public-Identity is lost"
        );
        if let Some(r) = v.scscf_restoration_info {
            walk(r.group(), 1);
        }
        let t = v.server_assignment_type;
        show(&(t, t.is_known(), v.user_data_already_available.is_known()));
        show(&(v.routing, v.user_name, v.wildcarded_public_identity, v.server_name));
        show(&(v.multiple_registration_indication, v.session_priority, v.sar_flags));
    }
    if let Some(v) = ok(out, LirView::parse(msg)) {
        show(&(v.routing, v.public_identity, v.originating_request));
        show(&(v.user_authorization_type, v.session_priority));
    }
}

/// The Sh/Dh views.
fn sh(msg: &Message<'_>, out: &mut Vec<MessageError>) {
    let refs = || count(msg, &dsh::DATA_REFERENCE);
    if let Some(v) = ok(out, UdrView::parse(msg)) {
        show(&v.subject);
        assert!(refs() > 0, "UDR without Data-Reference");
        assert_eq!(v.data_references().count(), refs(), "UDR: a Data-Reference is lost");
        assert_eq!(v.identity_sets().count(), count(msg, &dsh::IDENTITY_SET));
        assert_eq!(v.service_indications().count(), count(msg, &dsh::SERVICE_INDICATION));
        assert_eq!(v.dsai_tags().count(), count(msg, &dsh::DSAI_TAG));
        v.data_references().for_each(|d| show(&(d, d.is_known())));
        v.identity_sets().for_each(|s| show(&(s, s.is_known())));
        show(&(v.routing, v.subject, v.server_name, v.requested_domain, v.current_location));
        show(&(v.session_priority, v.requested_nodes, v.serving_node_indication));
        show(&(v.pre_paging_supported, v.local_time_zone_indication, v.udr_flags));
    }
    if let Some(v) = ok(out, ShPurView::parse(msg)) {
        show(&v.subject);
        assert!(refs() > 0, "Sh PUR without Data-Reference");
        assert_eq!(v.data_references().count(), refs(), "Sh PUR: a Data-Reference is lost");
        show(&(v.routing, v.subject, v.user_data.len()));
    }
    if let Some(v) = ok(out, SnrView::parse(msg)) {
        show(&v.subject);
        assert!(refs() > 0, "SNR without Data-Reference");
        assert_eq!(v.data_references().count(), refs(), "SNR: a Data-Reference is lost");
        assert_eq!(v.identity_sets().count(), count(msg, &dsh::IDENTITY_SET));
        assert_eq!(v.service_indications().count(), count(msg, &dsh::SERVICE_INDICATION));
        assert_eq!(v.dsai_tags().count(), count(msg, &dsh::DSAI_TAG));
        show(&(v.subs_req_type, v.subs_req_type.is_known(), v.send_data, v.server_name));
        show(&(v.routing, v.subject, v.expiry_time, v.one_time_notification));
    }
}

/// The SWx views.
fn swx(msg: &Message<'_>, out: &mut Vec<MessageError>) {
    if let Some(v) = ok(out, SwxMarView::parse(msg)) {
        auth_data(&v.auth_data);
        show(&v.terminal_information);
        show(&(v.an_trusted, v.an_trusted.map(|t| t.is_known()), v.rat_type, v.anid));
        show(&(v.routing, v.user_name, v.sip_number_auth_items, v.visited_network_identifier));
        show(&v.aaa_failure_indication);
    }
    if let Some(v) = ok(out, SwxSarView::parse(msg)) {
        show(&v.terminal_information);
        assert_eq!(
            v.active_apns().count(),
            count(msg, &ds6a::ACTIVE_APN),
            "SWx SAR: an Active-APN is lost"
        );
        v.active_apns().for_each(|apn| show(&apn));
        // Kept raw by the view; the handler reads it as the S6a group.
        if let Some(m) = v.mip6_agent_info {
            let _ = Mip6AgentInfo::parse(&m).map(|m| show(&m));
        }
        show(&(v.routing, v.user_name, v.server_assignment_type, v.service_selection));
        show(&(v.context_identifier, v.visited_network_identifier, v.emergency_services));
    }
}

/// The Supported-Features of a view: as many as the message has, `parse` having checked them.
fn features(msg: &Message<'_>, found: impl Iterator<Item = SupportedFeatures>) {
    let n = found.inspect(show).count();
    assert_eq!(n, count(msg, &tgpp::SUPPORTED_FEATURES), "a Supported-Features is lost");
}

fn answer(result: AnswerResult) {
    show(&(result, result.is_success()));
}

fn requested_auth_info(info: &RequestedAuthInfo<'_>) {
    // Re-Synchronization-Info is checked to be 30 octets: RAND and AUTS always split.
    assert_eq!(info.rand_auts().is_some(), info.resync.is_some(), "RAND || AUTS does not split");
    show(info);
}

fn auth_data(data: &AuthDataRequest<'_>) {
    let scheme = data.scheme;
    assert_eq!(AuthScheme::parse(scheme.as_str()), scheme, "SIP-Authentication-Scheme");
    if let Some(r) = data.resync {
        let bytes = r.to_bytes();
        assert_eq!((&bytes[..16], &bytes[16..]), (&r.rand[..], &r.auts[..]));
    }
    show(data);
}

/// Every typed accessor of every AVP, recursing (to the validator's depth limit) into the
/// Grouped AVPs the dictionary knows and into the AVPs it does not, whose value may hold AVPs.
fn walk(avps: AvpIter<'_>, depth: usize) {
    for avp in avps {
        let Ok(avp) = avp else { return };
        let def = dict::avp(avp.code, avp.vendor);
        let _ = (avp.u32(), avp.i32(), avp.u64(), avp.i64(), avp.f32(), avp.f64());
        let _ = (avp.time(), avp.enumerated(), avp.system_time(), avp.address());
        let _ = (avp.utf8(), avp.identity(), avp.diameter_uri().map(|u| show(&u)));
        if let Some(def) = def {
            let _ = avp.u32().map(|v| def.value_name(v));
        }
        if depth < MAX_DEPTH && def.is_none_or(|d| d.ty == AvpType::Grouped) {
            walk(avp.group(), depth + 1);
        }
    }
}

/// The answers refusing `msg` with `err` decode: the error answer of any command and the CEA
/// of a CER (built whatever `msg` is). Every AVP decodes, and so do the children of Failed-AVP
/// and Proxy-Info but for the reserved flag bits a 3009 Failed-AVP copies whole; a Failed-AVP
/// is never empty, and the AVP an error names lies inside the message.
pub fn error_answers(msg: &Message<'_>, err: &MessageError) {
    if let Some(FailedAvp::At { offset, len }) = err.failed_avp {
        let inside = offset.checked_add(len).is_some_and(|end| end <= msg.bytes.len());
        assert!(inside && len >= 8, "{err:?}: Failed-AVP outside the message");
    }
    let origin = Origin { host: "hss.example.org", realm: "example.org" };
    let mut out = BytesMut::new();
    let len = error_answer(&mut out, msg, &origin, err);
    answer_decodes(&out[..len], err);

    const IPS: &[IpAddr] = &[IpAddr::V4(Ipv4Addr::LOCALHOST)];
    let caps = Capabilities {
        origin,
        host_ip_addresses: IPS,
        vendor_id: VendorId::TGPP.0,
        product_name: "hss",
        origin_state_id: Some(1),
        firmware_revision: None,
        tgpp_applications: &[ApplicationId::S6A, ApplicationId::CX],
        auth_applications: &[],
    };
    let mut out = BytesMut::new();
    let len = cea_error(&mut out, msg, err, &caps);
    answer_decodes(&out[..len], err);
}

fn answer_decodes(bytes: &[u8], err: &MessageError) {
    let answer = Message::parse(bytes).expect("the error answer is framed");
    assert_eq!(answer.check_header_bits(), Ok(()), "{err:?}: header bits of the answer");
    for avp in answer.avps() {
        let avp = avp.unwrap_or_else(|e| panic!("{err:?}: an AVP of the answer: {e:?}"));
        if is(&avp, &b::FAILED_AVP) {
            assert!(avp.group().next().is_some(), "{err:?}: empty Failed-AVP");
        }
        if is(&avp, &b::FAILED_AVP) || is(&avp, &b::PROXY_INFO) {
            for child in avp.group() {
                let bad = child.err().filter(|e| e.result_code != ResultCode::INVALID_AVP_BITS);
                assert!(bad.is_none(), "{err:?}: {:?} holds {bad:?}", avp.code);
            }
        }
    }
}

fn is(avp: &RawAvp<'_>, def: &AvpDef) -> bool {
    avp.is(def.code, def.vendor)
}

/// How many top-level `def` AVPs `msg` has before the first that does not decode.
fn count(msg: &Message<'_>, def: &AvpDef) -> usize {
    msg.avps().map_while(Result::ok).filter(|a| is(a, def)).count()
}

/// Formats `v` into nothing: runs the `Debug` impls the views' fields have.
fn show(v: &impl fmt::Debug) {
    struct Sink;
    impl fmt::Write for Sink {
        fn write_str(&mut self, _: &str) -> fmt::Result {
            Ok(())
        }
    }
    let _ = write!(Sink, "{v:?}");
}
