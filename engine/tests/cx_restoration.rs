//! SAR's SCSCF-Restoration-Info and Associated-Registered-Identities (TS 29.228 §6.1.2): the
//! restoration data an S-CSCF sends with a registration is kept and returned on a later
//! profile download; a second IMPI registering learns the first.

mod support;

use bytes::BytesMut;
use codec::build::cx::{self as cb, SarBody};
use codec::dict::{base, cx};
use codec::view::AnswerResult;
use codec::view::cx::{ServerAssignmentType as Sat, UserDataAlreadyAvailable};
use codec::writer::AvpWriter;
use codec::{ApplicationId, ResultCode};
use store::ImsSubscription;
use support::*;

const IMPU: &str = "sip:family@ims.example.org";
const SCSCF: &str = "sip:scscf.ims.example.org";

/// The data of an SCSCF-Restoration-Info AVP for `impi`: User-Name and one Restoration-Info.
fn restoration(impi: &str) -> Vec<u8> {
    let mut buf = BytesMut::new();
    let mut w = AvpWriter::new(&mut buf);
    w.utf8(&base::USER_NAME, impi);
    w.group(&cx::RESTORATION_INFO, |g| {
        g.octets(&cx::PATH, b"<sip:pcscf.ims.example.org;lr>");
        g.octets(&cx::CONTACT, b"<sip:ue@10.45.0.7:5060>");
    });
    buf.to_vec()
}

fn sar(peer: &mut Mme, impi: &str, t: Sat, info: Option<&[u8]>) -> Vec<u8> {
    let req = peer.request_with(|buf, ids, s, o, d| {
        let body = SarBody {
            user_name: Some(impi),
            public_identities: &[IMPU],
            wildcarded_public_identity: None,
            server_name: SCSCF,
            server_assignment_type: t,
            user_data_already_available: UserDataAlreadyAvailable::USER_DATA_NOT_AVAILABLE,
            scscf_restoration_info: info,
            multiple_registration_indication: None,
            session_priority: None,
            sar_flags: None,
        };
        cb::sar(buf, ids, s, o, d, &body);
    });
    let saa = peer.call(&req);
    assert_eq!(result(&saa), AnswerResult::Result(ResultCode::SUCCESS));
    saa
}

#[test]
fn restoration_info_is_kept_and_other_registered_impis_are_named() {
    let hss = Hss::start(1);
    let sub: ImsSubscription = serde_json::from_value(serde_json::json!({
        "private_identities": [
            {"impi": "alice@ims.example.org", "schemes": ["SIP Digest"],
             "digest_ha1": "0123456789abcdef0123456789abcdef"},
            {"impi": "bob@ims.example.org", "schemes": ["SIP Digest"],
             "digest_ha1": "0123456789abcdef0123456789abcdef"}],
        "public_identities": [{"impu": IMPU}],
        "service_profiles": [{}]
    }))
    .expect("subscription");
    hss.store().create_ims_subscription(&sub).expect("created");
    let mut scscf = Mme::connect(hss.addr(), "scscf.test", hss.origin_host(), hss.origin_realm());
    scscf.tgpp_apps = vec![ApplicationId::CX];
    scscf.exchange_capabilities();

    let info = restoration("alice@ims.example.org");
    let saa = sar(&mut scscf, "alice@ims.example.org", Sat::REGISTRATION, Some(&info));
    assert!(top(&msg(&saa), &cx::ASSOCIATED_REGISTERED_IDENTITIES).is_none(), "alone so far");
    // Bob registers the same identity: Alice is registered with it.
    let saa = sar(&mut scscf, "bob@ims.example.org", Sat::REGISTRATION, None);
    let ari = top(&msg(&saa), &cx::ASSOCIATED_REGISTERED_IDENTITIES).expect("named");
    assert_eq!(text(child(&ari, &base::USER_NAME)), "alice@ims.example.org");
    // A profile download returns the restoration data as it was sent.
    let saa = sar(&mut scscf, "alice@ims.example.org", Sat::NO_ASSIGNMENT, None);
    let kept = top(&msg(&saa), &cx::SCSCF_RESTORATION_INFO).expect("SCSCF-Restoration-Info");
    assert_eq!(kept.octets(), info.as_slice());
    // Deregistered: nothing is kept.
    sar(&mut scscf, "alice@ims.example.org", Sat::ADMINISTRATIVE_DEREGISTRATION, None);
    let r = hss.store().ims_subscription("alice@ims.example.org").expect("stored").registration;
    assert!(r.restoration_info.is_empty() && r.sets.is_empty(), "{r:?}");
    hss.stop();
}
