//! One realistic instance of every Cx message the builders produce, for [`crate::samples`].
//! Answers answer the request sample before them, as on a real connection.

use bytes::BytesMut;

use super::*;
use crate::code::experimental;
use crate::samples::Sample;
use crate::view::cx::{
    AkaResync, ServerAssignmentType, UserAuthorizationType, UserDataAlreadyAvailable,
};

/// The HSS of the samples.
pub(crate) const HSS: Origin<'static> =
    Origin { host: "hss01.ims.mnc001.mcc001.3gppnetwork.org", realm: IMS_REALM };
/// The IMS realm.
pub(crate) const IMS_REALM: &str = "ims.mnc001.mcc001.3gppnetwork.org";
/// The HSS as a destination.
pub(crate) const TO_HSS: Destination<'static> = Destination { host: HSS.host, realm: HSS.realm };
const ICSCF: Origin<'static> =
    Origin { host: "icscf01.ims.mnc001.mcc001.3gppnetwork.org", realm: IMS_REALM };
const SCSCF: Origin<'static> =
    Origin { host: "scscf01.ims.mnc001.mcc001.3gppnetwork.org", realm: IMS_REALM };
const TO_SCSCF: Destination<'static> = Destination { host: SCSCF.host, realm: SCSCF.realm };
const SCSCF_URI: &str = "sip:scscf01.ims.mnc001.mcc001.3gppnetwork.org:6060";
const IMPI: &str = "001010000000001@ims.mnc001.mcc001.3gppnetwork.org";
const IMPU: &str = "sip:001010000000001@ims.mnc001.mcc001.3gppnetwork.org";
const TEL: &str = "tel:+15550000001";

/// A sample's request identifiers: hop-by-hop `0x4358_00nn` ("CX").
fn ids(n: u32) -> RequestIds {
    RequestIds { hop_by_hop: 0x4358_0000 | n, end_to_end: 0x4853_4300 | n }
}

/// Appends the answer `answer` writes to the request `request` writes.
pub(crate) fn answer_to(
    buf: &mut BytesMut,
    request: fn(&mut BytesMut),
    answer: impl FnOnce(&mut BytesMut, &Message<'_>),
) {
    let mut scratch = BytesMut::new();
    request(&mut scratch);
    let req = Message::parse(&scratch).expect("sample request parses");
    answer(buf, &req);
}

/// The vector of the samples (RAND, AUTN, XRES, CK, IK).
pub(crate) const RAND: [u8; 16] =
    *b"\x23\x55\x3c\xbe\x96\x37\xa8\x9d\x21\x8a\xe6\x4d\xae\x47\xbf\x35";
pub(crate) const AUTN: [u8; 16] =
    *b"\x55\xf3\x28\xb4\x35\x77\xb9\xb9\x4a\x9f\xfa\xc3\x54\xdf\xaf\xb3";
pub(crate) const XRES: [u8; 8] = *b"\xa5\x42\x11\xd5\xe3\xba\x50\xbf";
pub(crate) const CK: [u8; 16] =
    *b"\xb4\x0b\xa9\xa3\xc5\x8b\x2a\x05\xbb\xf0\xd9\x87\xb2\x1b\xf8\xcb";
pub(crate) const IK: [u8; 16] =
    *b"\xf7\x69\xbc\xd7\x51\x04\x46\x04\x12\x76\x72\x71\x1c\x6d\x34\x41";

const USER_DATA: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><IMSSubscription><PrivateID>001010000000001@ims.mnc001.mcc001.3gppnetwork.org</PrivateID><ServiceProfile><PublicIdentity><Identity>sip:001010000000001@ims.mnc001.mcc001.3gppnetwork.org</Identity></PublicIdentity><PublicIdentity><Identity>tel:+15550000001</Identity></PublicIdentity><InitialFilterCriteria><Priority>0</Priority><ApplicationServer><ServerName>sip:tas.ims.mnc001.mcc001.3gppnetwork.org</ServerName><DefaultHandling>0</DefaultHandling></ApplicationServer></InitialFilterCriteria></ServiceProfile></IMSSubscription>"#;

const CHARGING: ChargingInformation<'static> = ChargingInformation {
    primary_event_charging_function: Some("aaa://ocs.ims.mnc001.mcc001.3gppnetwork.org"),
    secondary_event_charging_function: None,
    primary_charging_collection_function: Some("aaa://ccf.ims.mnc001.mcc001.3gppnetwork.org"),
    secondary_charging_collection_function: None,
};

fn uar_sample(buf: &mut BytesMut) {
    let body = UarBody {
        user_name: IMPI,
        public_identity: IMPU,
        visited_network_identifier: IMS_REALM.as_bytes(),
        user_authorization_type: Some(UserAuthorizationType::REGISTRATION),
        uar_flags: None,
    };
    uar(buf, ids(1), "icscf01.ims.mnc001.mcc001.3gppnetwork.org;1;1", &ICSCF, &TO_HSS, &body);
}

fn uaa_sample(buf: &mut BytesMut) {
    answer_to(buf, uar_sample, |buf, req| {
        let outcome = Outcome::Experimental(experimental::FIRST_REGISTRATION);
        let caps =
            ServerCapabilities { mandatory: &[1], optional: &[2], server_names: &[SCSCF_URI] };
        uaa(buf, req, &HSS, outcome, Some(ServerSelection::Capabilities(caps)));
    });
}

fn mar_sample(buf: &mut BytesMut) {
    let body = MarBody {
        user_name: IMPI,
        public_identity: IMPU,
        server_name: SCSCF_URI,
        sip_number_auth_items: 1,
        scheme: AuthScheme::DigestAkaV1Md5,
        resync: None,
    };
    mar(buf, ids(2), "scscf01.ims.mnc001.mcc001.3gppnetwork.org;2;1", &SCSCF, &TO_HSS, &body);
}

fn maa_sample(buf: &mut BytesMut) {
    answer_to(buf, mar_sample, |buf, req| {
        let item = ImsAuthItem { rand: &RAND, autn: &AUTN, xres: &XRES, ck: &CK, ik: &IK };
        let body =
            MaaBody { user_name: IMPI, public_identity: IMPU, items: CxAuthItems::Aka(&[item]) };
        maa(buf, req, &HSS, Outcome::Success, Some(&body));
    });
}

fn mar_resync_sample(buf: &mut BytesMut) {
    let body = MarBody {
        user_name: IMPI,
        public_identity: IMPU,
        server_name: SCSCF_URI,
        sip_number_auth_items: 1,
        scheme: AuthScheme::DigestAkaV1Md5,
        resync: Some(AkaResync {
            rand: RAND,
            auts: *b"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e",
        }),
    };
    mar(buf, ids(3), "scscf01.ims.mnc001.mcc001.3gppnetwork.org;2;2", &SCSCF, &TO_HSS, &body);
}

fn maa_sip_digest_sample(buf: &mut BytesMut) {
    answer_to(buf, mar_sample, |buf, req| {
        let digest = SipDigest {
            realm: IMS_REALM,
            algorithm: Some("MD5"),
            qop: "auth",
            ha1: "5b51a1f35ab7d1e1a1c53a4cc7cd8c73",
        };
        let body =
            MaaBody { user_name: IMPI, public_identity: IMPU, items: CxAuthItems::Digest(digest) };
        maa(buf, req, &HSS, Outcome::Success, Some(&body));
    });
}

fn sar_sample(buf: &mut BytesMut) {
    let body = SarBody {
        user_name: Some(IMPI),
        public_identities: &[IMPU],
        wildcarded_public_identity: None,
        server_name: SCSCF_URI,
        server_assignment_type: ServerAssignmentType::REGISTRATION,
        user_data_already_available: UserDataAlreadyAvailable::USER_DATA_NOT_AVAILABLE,
        scscf_restoration_info: None,
        multiple_registration_indication: None,
        session_priority: None,
        sar_flags: None,
    };
    sar(buf, ids(4), "scscf01.ims.mnc001.mcc001.3gppnetwork.org;3;1", &SCSCF, &TO_HSS, &body);
}

fn saa_sample(buf: &mut BytesMut) {
    answer_to(buf, sar_sample, |buf, req| {
        let body = SaaBody {
            user_name: Some(IMPI),
            user_data: Some(USER_DATA),
            charging_information: Some(CHARGING),
            associated_identities: &[IMPI],
            loose_route_required: Some(false),
            ..SaaBody::default()
        };
        saa(buf, req, &HSS, Outcome::Success, &body);
    });
}

fn lir_sample(buf: &mut BytesMut) {
    let body = LirBody {
        public_identity: TEL,
        originating_request: false,
        user_authorization_type: None,
        session_priority: None,
    };
    lir(buf, ids(5), "icscf01.ims.mnc001.mcc001.3gppnetwork.org;4;1", &ICSCF, &TO_HSS, &body);
}

fn lia_sample(buf: &mut BytesMut) {
    answer_to(buf, lir_sample, |buf, req| {
        lia(buf, req, &HSS, Outcome::Success, Some(ServerSelection::Name(SCSCF_URI)), None);
    });
}

fn rtr_sample(buf: &mut BytesMut) {
    let body = RtrBody {
        user_name: IMPI,
        associated_identities: &[],
        public_identities: &[IMPU, TEL],
        reason: DeregistrationReason {
            code: ReasonCode::PERMANENT_TERMINATION,
            info: Some("subscription terminated"),
        },
        rtr_flags: None,
    };
    let sid = "hss01.ims.mnc001.mcc001.3gppnetwork.org;5;1";
    rtr(buf, ids(6), sid, &HSS, &TO_SCSCF, &body);
}

fn rta_sample(buf: &mut BytesMut) {
    answer_to(buf, rtr_sample, |buf, req| {
        rta(buf, req, &SCSCF, Outcome::Success);
    });
}

fn ppr_sample(buf: &mut BytesMut) {
    let body = PprBody { user_name: IMPI, user_data: Some(USER_DATA), charging_information: None };
    let sid = "hss01.ims.mnc001.mcc001.3gppnetwork.org;6;1";
    ppr(buf, ids(7), sid, &HSS, &TO_SCSCF, &body);
}

fn ppa_sample(buf: &mut BytesMut) {
    answer_to(buf, ppr_sample, |buf, req| {
        ppa(buf, req, &SCSCF, Outcome::Success);
    });
}

/// The Cx samples, each request followed by its answer.
pub fn samples() -> Vec<Sample> {
    let builders: [SampleBuilder; 15] = [
        ("cx_uar", uar_sample),
        ("cx_uaa", uaa_sample),
        ("cx_mar", mar_sample),
        ("cx_maa", maa_sample),
        ("cx_maa_sip_digest", maa_sip_digest_sample),
        ("cx_mar_resync", mar_resync_sample),
        ("cx_sar", sar_sample),
        ("cx_saa", saa_sample),
        ("cx_saa_user_unknown", saa_user_unknown_sample),
        ("cx_lir", lir_sample),
        ("cx_lia", lia_sample),
        ("cx_rtr", rtr_sample),
        ("cx_rta", rta_sample),
        ("cx_ppr", ppr_sample),
        ("cx_ppa", ppa_sample),
    ];
    build_all(&builders)
}

fn saa_user_unknown_sample(buf: &mut BytesMut) {
    answer_to(buf, sar_sample, |buf, req| {
        let outcome = Outcome::Experimental(experimental::ERROR_USER_UNKNOWN);
        saa(buf, req, &HSS, outcome, &SaaBody::default());
    });
}

/// A sample's name and the function appending it.
pub(crate) type SampleBuilder = (&'static str, fn(&mut BytesMut));

/// Runs each builder into its own buffer.
pub(crate) fn build_all(builders: &[SampleBuilder]) -> Vec<Sample> {
    builders
        .iter()
        .map(|&(name, build)| {
            let mut buf = BytesMut::new();
            build(&mut buf);
            Sample { name, bytes: buf.to_vec() }
        })
        .collect()
}
