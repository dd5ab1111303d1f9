//! One realistic instance of every Sh message the builders produce, for [`crate::samples`].

use bytes::BytesMut;

use super::*;
use crate::build::cx::sample_set::{HSS, IMS_REALM, TO_HSS, answer_to, build_all};
use crate::code::experimental;
use crate::samples::Sample;

const AS: Origin<'static> =
    Origin { host: "tas01.ims.mnc001.mcc001.3gppnetwork.org", realm: IMS_REALM };
const TO_AS: Destination<'static> = Destination { host: AS.host, realm: AS.realm };
const AS_URI: &str = "sip:tas01.ims.mnc001.mcc001.3gppnetwork.org";
const IMPU: &str = "sip:001010000000001@ims.mnc001.mcc001.3gppnetwork.org";
/// MSISDN 15550000001, TBCD.
const MSISDN: &[u8] = &[0x51, 0x55, 0x00, 0x00, 0x00, 0xf1];
const SERVICE: &[u8] = b"mmtel-settings";

const PUBLIC_IDS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Sh-Data><PublicIdentifiers><IMSPublicIdentity>sip:001010000000001@ims.mnc001.mcc001.3gppnetwork.org</IMSPublicIdentity><IMSPublicIdentity>tel:+15550000001</IMSPublicIdentity></PublicIdentifiers></Sh-Data>"#;
const REPOSITORY: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Sh-Data><RepositoryData><ServiceIndication>mmtel-settings</ServiceIndication><SequenceNumber>1</SequenceNumber><ServiceData><cdiv active="true"/></ServiceData></RepositoryData></Sh-Data>"#;
const USER_STATE: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Sh-Data><Sh-IMS-Data><IMSUserState>1</IMSUserState></Sh-IMS-Data></Sh-Data>"#;

/// A sample's request identifiers: hop-by-hop `0x5348_00nn` ("SH").
fn ids(n: u32) -> RequestIds {
    RequestIds { hop_by_hop: 0x5348_0000 | n, end_to_end: 0x4853_5300 | n }
}

fn subject(user_identity: UserIdentity<'static>) -> ShSubject<'static> {
    ShSubject {
        user_identity,
        wildcarded_public_identity: None,
        wildcarded_impu: None,
        user_name: None,
    }
}

fn udr_sample(buf: &mut BytesMut) {
    let body = UdrBody {
        identity_sets: &[IdentitySet::ALL_IDENTITIES],
        ..UdrBody::new(subject(UserIdentity::Msisdn(MSISDN)), &[DataReference::IMS_PUBLIC_IDENTITY])
    };
    let sid = "tas01.ims.mnc001.mcc001.3gppnetwork.org;1;1";
    udr(buf, ids(1), sid, &AS, &TO_HSS, &body);
}

fn uda_sample(buf: &mut BytesMut) {
    answer_to(buf, udr_sample, |buf, req| {
        uda(buf, req, &HSS, Outcome::Success, Some(PUBLIC_IDS));
    });
}

fn pur_sample(buf: &mut BytesMut) {
    let body = ShPurBody {
        subject: subject(UserIdentity::PublicIdentity(IMPU)),
        data_references: &[DataReference::REPOSITORY_DATA],
        user_data: REPOSITORY,
    };
    let sid = "tas01.ims.mnc001.mcc001.3gppnetwork.org;2;1";
    pur(buf, ids(2), sid, &AS, &TO_HSS, &body);
}

fn pua_sample(buf: &mut BytesMut) {
    answer_to(buf, pur_sample, |buf, req| {
        let id = RepositoryDataId { service_indication: SERVICE, sequence_number: 1 };
        pua(buf, req, &HSS, Outcome::Success, Some(&id), Some(DataReference::REPOSITORY_DATA));
    });
}

fn snr_sample(buf: &mut BytesMut) {
    let body = SnrBody {
        subject: subject(UserIdentity::PublicIdentity(IMPU)),
        subs_req_type: SubsReqType::SUBSCRIBE,
        data_references: &[DataReference::IMS_USER_STATE],
        service_indications: &[],
        send_data: true,
        server_name: Some(AS_URI),
        identity_sets: &[],
        expiry_time: Some(3_913_056_000),
        dsai_tags: &[],
        one_time_notification: false,
    };
    let sid = "tas01.ims.mnc001.mcc001.3gppnetwork.org;3;1";
    snr(buf, ids(3), sid, &AS, &TO_HSS, &body);
}

fn sna_sample(buf: &mut BytesMut) {
    answer_to(buf, snr_sample, |buf, req| {
        sna(buf, req, &HSS, Outcome::Success, Some(USER_STATE), Some(3_913_056_000));
    });
}

fn udr_unknown_sample(buf: &mut BytesMut) {
    let body = UdrBody::new(
        subject(UserIdentity::PublicIdentity("sip:nobody@ims.mnc001.mcc001.3gppnetwork.org")),
        &[DataReference::REPOSITORY_DATA],
    );
    let body = UdrBody { service_indications: &[SERVICE], ..body };
    let sid = "tas01.ims.mnc001.mcc001.3gppnetwork.org;4;1";
    udr(buf, ids(4), sid, &AS, &TO_HSS, &body);
}

fn uda_user_unknown_sample(buf: &mut BytesMut) {
    answer_to(buf, udr_unknown_sample, |buf, req| {
        let outcome = Outcome::Experimental(experimental::ERROR_USER_UNKNOWN);
        uda(buf, req, &HSS, outcome, None);
    });
}

fn pnr_sample(buf: &mut BytesMut) {
    let body =
        PnrBody { subject: subject(UserIdentity::PublicIdentity(IMPU)), user_data: USER_STATE };
    let sid = "hss01.ims.mnc001.mcc001.3gppnetwork.org;5;1";
    pnr(buf, ids(5), sid, &HSS, &TO_AS, &body);
}

fn pna_sample(buf: &mut BytesMut) {
    answer_to(buf, pnr_sample, |buf, req| {
        pna(buf, req, &AS, Outcome::Success);
    });
}

/// The Sh samples, each request followed by its answer.
pub fn samples() -> Vec<Sample> {
    build_all(&[
        ("sh_udr", udr_sample),
        ("sh_uda", uda_sample),
        ("sh_udr_repository_data", udr_unknown_sample),
        ("sh_uda_user_unknown", uda_user_unknown_sample),
        ("sh_pur", pur_sample),
        ("sh_pua", pua_sample),
        ("sh_snr", snr_sample),
        ("sh_sna", sna_sample),
        ("sh_pnr", pnr_sample),
        ("sh_pna", pna_sample),
    ])
}
