//! S6a builders decoded back: each message is parsed, validated against the dictionary, and read
//! through its view (requests and peer answers) or its AVP tree (what the HSS sends).

mod auth;
mod hss_requests;
mod location;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use bytes::BytesMut;

use super::sample_set::{
    FEATURES, IMS, IMSI, INTERNET, MSISDN, Material, PLMN, PROFILE, SUBSCRIPTION,
};
use super::*;
use crate::code::{ResultCode, experimental};
use crate::dict::{self, AvpDef, cx, sh};
use crate::view::AnswerResult;
use crate::view::s6a::*;
use crate::{RawAvp, validate};

const MME: Origin<'static> = Origin { host: "mme.example.org", realm: "example.org" };
const HSS: Origin<'static> = Origin { host: "hss.example.org", realm: "example.org" };
const TO_HSS: Destination<'static> = Destination { host: "hss.example.org", realm: "example.org" };
const TO_MME: Destination<'static> = Destination { host: "mme.example.org", realm: "example.org" };
const IDS: RequestIds = RequestIds { hop_by_hop: 0x0a0b_0c0d, end_to_end: 0x1122_3344 };
const SID: &str = "mme.example.org;1700000000;42";
const MSISDN_DIGITS: &str = "33612345678";

/// Parses `buf` and validates it against its command's ABNF.
fn valid(buf: &[u8]) -> Message<'_> {
    let msg = Message::parse(buf).unwrap();
    let def = dict::command(msg.header.application, msg.header.code).unwrap();
    validate::validate(&msg, def)
        .unwrap_or_else(|e| panic!("{} does not validate: {e:?}", def.name));
    msg
}

/// The top-level AVPs of `msg` that `def` describes.
fn top<'a>(msg: &Message<'a>, def: &AvpDef) -> Vec<RawAvp<'a>> {
    msg.avps().map(Result::unwrap).filter(|a| a.is(def.code, def.vendor)).collect()
}

/// The children of `group` that `def` describes.
fn all<'a>(group: &RawAvp<'a>, def: &AvpDef) -> Vec<RawAvp<'a>> {
    group.group().map(Result::unwrap).filter(|a| a.is(def.code, def.vendor)).collect()
}

/// The one child of `group` that `def` describes.
fn one<'a>(group: &RawAvp<'a>, def: &AvpDef) -> RawAvp<'a> {
    let found = all(group, def);
    assert_eq!(found.len(), 1, "{} occurs {} times", def.name, found.len());
    found[0]
}

fn u32_of(group: &RawAvp<'_>, def: &AvpDef) -> u32 {
    one(group, def).u32().unwrap()
}

/// Checks what every S6a answer carries: same identifiers, Session-Id first,
/// Vendor-Specific-Application-Id S6a, Auth-Session-State NO_STATE_MAINTAINED, the origin.
fn check_answer_envelope(ans: &Message<'_>, req: &Message<'_>, origin: &Origin<'_>) {
    assert!(!ans.is_request());
    assert_eq!(ans.header.code, req.header.code);
    assert_eq!(ans.header.application, ApplicationId::S6A);
    assert_eq!(
        (ans.header.hop_by_hop, ans.header.end_to_end),
        (req.header.hop_by_hop, req.header.end_to_end)
    );
    let first = ans.avps().next().unwrap().unwrap();
    assert_eq!((first.code, first.utf8().unwrap()), (b::SESSION_ID.code, SID));
    let vsai = &top(ans, &b::VENDOR_SPECIFIC_APPLICATION_ID)[0];
    assert_eq!(u32_of(vsai, &b::VENDOR_ID), 10_415);
    assert_eq!(u32_of(vsai, &b::AUTH_APPLICATION_ID), ApplicationId::S6A.0);
    assert_eq!(top(ans, &b::AUTH_SESSION_STATE)[0].u32().unwrap(), 1);
    assert_eq!(top(ans, &b::ORIGIN_HOST)[0].utf8().unwrap(), origin.host);
    assert_eq!(top(ans, &b::ORIGIN_REALM)[0].utf8().unwrap(), origin.realm);
}

fn air_request(body: &AirBody<'_>) -> BytesMut {
    let mut buf = BytesMut::new();
    let n = air(&mut buf, IDS, SID, &MME, &TO_HSS, body);
    assert_eq!(n, buf.len());
    buf
}

fn simple_air() -> BytesMut {
    air_request(&AirBody {
        imsi: IMSI,
        visited_plmn_id: PLMN,
        eutran: Some(RequestedAuthInfo {
            number_of_requested_vectors: Some(1),
            ..Default::default()
        }),
        ..Default::default()
    })
}

/// Checks an APN-Configuration AVP against the configuration it was written from.
fn check_apn(avp: &RawAvp<'_>, apn: &ApnConfiguration<'_>) {
    use dict::{ietf, s6a, tgpp};
    assert_eq!(u32_of(avp, &s6a::CONTEXT_IDENTIFIER), apn.context_identifier);
    let ips: Vec<_> =
        all(avp, &tgpp::SERVED_PARTY_IP_ADDRESS).iter().map(|a| a.address().unwrap()).collect();
    let expected: Vec<_> =
        apn.served_party_ip_addresses.iter().map(|ip| crate::Address::Ip(*ip)).collect();
    assert_eq!(ips, expected);
    assert_eq!(u32_of(avp, &s6a::PDN_TYPE), apn.pdn_type.0);
    assert_eq!(one(avp, &ietf::SERVICE_SELECTION).utf8().unwrap(), apn.service_selection);
    let qos = one(avp, &s6a::EPS_SUBSCRIBED_QOS_PROFILE);
    let want = apn.eps_subscribed_qos_profile.unwrap();
    assert_eq!(u32_of(&qos, &tgpp::QOS_CLASS_IDENTIFIER), want.qos_class_identifier);
    let arp = one(&qos, &tgpp::ALLOCATION_RETENTION_PRIORITY);
    let want_arp = want.allocation_retention_priority;
    assert_eq!(u32_of(&arp, &tgpp::PRIORITY_LEVEL), want_arp.priority_level);
    assert_eq!(
        u32_of(&arp, &tgpp::PRE_EMPTION_CAPABILITY),
        want_arp.pre_emption_capability.unwrap().0
    );
    assert_eq!(
        u32_of(&arp, &tgpp::PRE_EMPTION_VULNERABILITY),
        want_arp.pre_emption_vulnerability.unwrap().0
    );
    assert_eq!(
        u32_of(avp, &s6a::VPLMN_DYNAMIC_ADDRESS_ALLOWED),
        u32::from(apn.vplmn_dynamic_address_allowed.unwrap())
    );
    assert_eq!(u32_of(avp, &s6a::PDN_GW_ALLOCATION_TYPE), apn.pdn_gw_allocation_type.unwrap().0);
    assert_eq!(
        one(avp, &tgpp::TGPP_CHARGING_CHARACTERISTICS).utf8().unwrap(),
        apn.charging_characteristics.unwrap()
    );
    match apn.mip6_agent_info {
        Some(want) => {
            assert_eq!(Mip6AgentInfo::parse(&one(avp, &ietf::MIP6_AGENT_INFO)).unwrap(), want)
        }
        None => assert!(all(avp, &ietf::MIP6_AGENT_INFO).is_empty()),
    }
}

/// Checks what every HSS-initiated request carries.
fn check_request_envelope(req: &Message<'_>, code: CommandCode) {
    assert!(req.is_request() && req.header.flags.is_proxiable());
    assert_eq!((req.header.code, req.header.application), (code, ApplicationId::S6A));
    assert_eq!((req.header.hop_by_hop, req.header.end_to_end), (IDS.hop_by_hop, IDS.end_to_end));
    assert_eq!(top(req, &b::SESSION_ID)[0].utf8().unwrap(), SID);
    assert_eq!(top(req, &b::ORIGIN_HOST)[0].utf8().unwrap(), HSS.host);
    assert_eq!(top(req, &b::DESTINATION_HOST)[0].utf8().unwrap(), TO_MME.host);
    assert_eq!(top(req, &b::DESTINATION_REALM)[0].utf8().unwrap(), TO_MME.realm);
    assert_eq!(top(req, &b::USER_NAME)[0].utf8().unwrap(), IMSI);
}

// ---- samples -------------------------------------------------------------------------------------

#[test]
fn every_sample_validates_and_reads_through_its_view() {
    let samples = samples();
    let names: Vec<_> = samples.iter().map(|s| s.name).collect();
    for name in [
        "s6a_air",
        "s6a_aia_1_vector",
        "s6a_aia_5_vectors",
        "s6a_ulr",
        "s6a_ula_full",
        "s6a_idr",
        "s6a_dsa",
    ] {
        assert!(names.contains(&name), "{name} missing");
    }
    let mut unique = std::collections::HashSet::new();
    let mut request_ids = std::collections::HashSet::new();
    for s in &samples {
        assert!(unique.insert(s.name), "{} twice", s.name);
        let msg = valid(&s.bytes);
        assert_eq!(msg.header.application, ApplicationId::S6A, "{}", s.name);
        assert!(s.name.starts_with("s6a_"));
        if msg.is_request() {
            assert!(request_ids.insert(msg.header.hop_by_hop), "{}: hop-by-hop id reused", s.name);
        }
        let code = msg.header.code;
        let read = match (code, msg.is_request()) {
            (CommandCode::AUTHENTICATION_INFORMATION, true) => AirView::parse(&msg).map(drop),
            (CommandCode::UPDATE_LOCATION, true) => UlrView::parse(&msg).map(drop),
            (CommandCode::PURGE_UE, true) => PurView::parse(&msg).map(drop),
            (CommandCode::NOTIFY, true) => NorView::parse(&msg).map(drop),
            (CommandCode::CANCEL_LOCATION, false) => ClaView::parse(&msg).map(drop),
            (CommandCode::INSERT_SUBSCRIBER_DATA, false) => IdaView::parse(&msg).map(drop),
            (CommandCode::DELETE_SUBSCRIBER_DATA, false) => DsaView::parse(&msg).map(drop),
            // What the HSS sends: its answers carry a result; its requests are checked above.
            (_, false) => AnswerResult::from_answer(&msg).map(drop),
            (_, true) => Ok(()),
        };
        read.unwrap_or_else(|e| panic!("{}: {e:?}", s.name));
    }
    let five = samples.iter().find(|s| s.name == "s6a_aia_5_vectors").unwrap();
    let msg = Message::parse(&five.bytes).unwrap();
    let info = top(&msg, &dict::s6a::AUTHENTICATION_INFO)[0];
    assert_eq!(all(&info, &dict::s6a::E_UTRAN_VECTOR).len(), 5);
}
