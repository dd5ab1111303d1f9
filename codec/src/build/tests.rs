//! Base builders decoded back through the views, and error answers.

use std::net::{IpAddr, Ipv4Addr};

use bytes::BytesMut;

use super::base::*;
use super::*;
use crate::dict::{self, base as bd};
use crate::view::base::{CerView, DprView, DwrView};
use crate::{AvpCode, CommandCode, validate};

const HSS: Origin<'static> = Origin { host: "hss.example.org", realm: "example.org" };
const MME: Origin<'static> = Origin { host: "mme.example.org", realm: "example.org" };
const IDS: RequestIds = RequestIds { hop_by_hop: 0x1111, end_to_end: 0x2222 };

fn caps(origin: Origin<'static>) -> Capabilities<'static> {
    Capabilities {
        origin,
        host_ip_addresses: &[IpAddr::V4(Ipv4Addr::LOCALHOST)],
        vendor_id: 10_415,
        product_name: "test",
        origin_state_id: Some(7),
        firmware_revision: Some(1),
        tgpp_applications: &[ApplicationId::S6A, ApplicationId::S13],
        auth_applications: &[],
    }
}

fn valid(buf: &[u8]) -> Message<'_> {
    let msg = Message::parse(buf).unwrap();
    let def = dict::command(msg.header.application, msg.header.code).unwrap();
    validate::validate(&msg, def).unwrap();
    msg
}

#[test]
fn cer_round_trips_through_the_view_and_cea_answers_it() {
    let mut buf = BytesMut::new();
    let n = cer(&mut buf, IDS, &caps(MME));
    assert_eq!(n, buf.len());
    let msg = valid(&buf);
    let view = CerView::parse(&msg).unwrap();
    assert_eq!(view.origin_host, "mme.example.org");
    assert_eq!(view.vendor_id, 10_415);
    assert_eq!(view.origin_state_id, Some(7));
    assert!(view.advertises(ApplicationId::S6A) && view.advertises(ApplicationId::S13));
    assert!(!view.advertises(ApplicationId::CX));
    assert_eq!(view.supported_vendors().collect::<Vec<_>>(), [VendorId::TGPP]);
    assert_eq!(view.host_ip_addresses().next().unwrap().unwrap(), IpAddr::V4(Ipv4Addr::LOCALHOST));

    let mut out = BytesMut::new();
    cea(&mut out, &msg, ResultCode::SUCCESS, &caps(HSS));
    let ans = valid(&out);
    assert!(!ans.is_request());
    assert_eq!((ans.header.hop_by_hop, ans.header.end_to_end), (0x1111, 0x2222));
    assert_eq!(
        crate::view::AnswerResult::from_answer(&ans).unwrap(),
        crate::view::AnswerResult::Result(ResultCode::SUCCESS)
    );
}

#[test]
fn dwr_dwa_dpr_dpa() {
    let mut buf = BytesMut::new();
    dwr(&mut buf, IDS, &MME, Some(3));
    let msg = valid(&buf);
    assert_eq!(DwrView::parse(&msg).unwrap().origin_state_id, Some(3));
    let mut out = BytesMut::new();
    dwa(&mut out, &msg, &HSS, None);
    valid(&out);

    let mut buf = BytesMut::new();
    dpr(&mut buf, IDS, &MME, 1);
    let msg = valid(&buf);
    assert_eq!(DprView::parse(&msg).unwrap().disconnect_cause, 1);
    let mut out = BytesMut::new();
    dpa(&mut out, &msg, &HSS);
    assert_eq!(valid(&out).header.code, CommandCode::DISCONNECT_PEER);
}

#[test]
fn error_answer_carries_e_bit_failed_avp_and_proxy_info() {
    let mut buf = BytesMut::new();
    let mut w = MessageWriter::request(
        &mut buf,
        CommandCode::DISCONNECT_PEER,
        ApplicationId::COMMON,
        true,
        5,
        6,
    );
    w.utf8(&bd::SESSION_ID, "mme;1;1");
    w.origin("mme", "realm");
    w.raw(AvpCode(9999), VendorId(1), 0x40, b"zz");
    w.group(&bd::PROXY_INFO, |g| {
        g.utf8(&bd::PROXY_HOST, "dra");
        g.octets(&bd::PROXY_STATE, b"s1");
    });
    w.finish();
    let req = Message::parse(&buf).unwrap();
    let err = validate::validate_avps(&req).unwrap_err();
    assert_eq!(err.result_code, ResultCode::AVP_UNSUPPORTED);

    let mut out = BytesMut::new();
    error_answer(&mut out, &req, &HSS, &err);
    let ans = Message::parse(&out).unwrap();
    assert!(!ans.header.flags.is_error(), "5001 is not a protocol error");
    let avps: Vec<_> = ans.avps().collect::<Result<_, _>>().unwrap();
    assert_eq!(avps[0].utf8().unwrap(), "mme;1;1", "Session-Id first");
    let failed = avps.iter().find(|a| a.code == bd::FAILED_AVP.code).unwrap();
    let inner = failed.group().next().unwrap().unwrap();
    assert_eq!((inner.code, inner.data), (AvpCode(9999), &b"zz"[..]));
    assert_eq!(avps.last().unwrap().code, bd::PROXY_INFO.code, "Proxy-Info copied last");

    let missing = MessageError::missing(bd::DISCONNECT_CAUSE.code, VendorId::IETF, 4);
    let mut out = BytesMut::new();
    error_answer(&mut out, &req, &HSS, &missing);
    let ans = Message::parse(&out).unwrap();
    let failed = ans.find(bd::FAILED_AVP.code, VendorId::IETF).unwrap().unwrap();
    let inner = failed.group().next().unwrap().unwrap();
    assert_eq!((inner.code, inner.data), (bd::DISCONNECT_CAUSE.code, &[0u8; 4][..]));

    let mut out = BytesMut::new();
    result_answer(&mut out, &req, &HSS, ResultCode::COMMAND_UNSUPPORTED);
    assert!(Message::parse(&out).unwrap().header.flags.is_error(), "3001 sets the E bit");
}
