//! Sh end to end over TCP, the test playing application servers: CEA advertises Sh; UDR of
//! repository data, identities, user state, S-CSCF name, iFCs and MSISDN (by Public-Identity
//! and by MSISDN); PUR's sequence-number rules; SNR then PNR after another AS's PUR;
//! permission refusals and unknown users; and Wireshark's verdict on all that hssd sends
//! application servers.

mod support;

use bytes::BytesMut;
use codec::build::Outcome;
use codec::build::sh::{self as sb, ShPurBody, SnrBody, UdrBody};
use codec::code::experimental;
use codec::dict::{base, sh};
use codec::view::AnswerResult;
use codec::view::sh::{DataReference as D, ShSubject, SubsReqType, UserIdentity};
use codec::{ApplicationId, CommandCode, ResultCode};
use store::{AsPermissions, ImsSubscription, Store};
use support::*;
use testkit::tshark::Transcript;

const IMPU: &str = "sip:alice@ims.example.org";
const TEL: &str = "tel:+491792021244";
const MMTEL: &str = "sip:mmtel.ims.example.org";

fn provision_ims(store: &Store) {
    let sub: ImsSubscription = serde_json::from_value(serde_json::json!({
        "private_identities": [{"impi": "alice@ims.example.org", "schemes": ["SIP Digest"],
                                "digest_ha1": "0123456789abcdef0123456789abcdef"}],
        "public_identities": [{"impu": IMPU}, {"impu": TEL, "msisdn": "491792021244"},
                              {"impu": "sip:alice-work@ims.example.org", "implicit_set": 1}],
        "service_profiles": [{"ifcs": [
            {"priority": 1, "application_server": {"server_name": MMTEL}},
            {"priority": 2, "application_server": {"server_name": "sip:other.ims.example.org"}}]}]
    }))
    .expect("subscription");
    store.create_ims_subscription(&sub).expect("created");
    let all = vec![0, 10, 11, 12, 13, 17];
    let allowed =
        AsPermissions { name: "as1.test".into(), udr: all.clone(), pur: vec![0], snr: vec![0, 11] };
    store.put_as_permissions(&allowed).expect("permissions");
    // as2 may read, update and subscribe to repository data only.
    let realm = AsPermissions { name: "as2.test".into(), udr: vec![0], pur: vec![0], snr: vec![0] };
    store.put_as_permissions(&realm).expect("permissions");
}

fn app_server(hss: &Hss, host: &str) -> Mme {
    let mut peer = Mme::connect(hss.addr(), host, hss.origin_host(), hss.origin_realm());
    peer.tgpp_apps = vec![ApplicationId::SH];
    peer.exchange_capabilities();
    peer
}

fn public(impu: &str) -> ShSubject<'_> {
    ShSubject {
        user_identity: UserIdentity::PublicIdentity(impu),
        wildcarded_public_identity: None,
        wildcarded_impu: None,
        user_name: None,
    }
}

fn udr(
    peer: &mut Mme,
    subject: ShSubject<'_>,
    drefs: &[D],
    sis: &[&[u8]],
    server: Option<&str>,
) -> Vec<u8> {
    let req = peer.request_with(|buf, ids, s, o, d| {
        let body = UdrBody {
            service_indications: sis,
            server_name: server,
            ..UdrBody::new(subject, drefs)
        };
        sb::udr(buf, ids, s, o, d, &body);
    });
    peer.call(&req)
}

fn pur(peer: &mut Mme, doc: &str) -> Vec<u8> {
    let req = peer.request_with(|buf, ids, s, o, d| {
        let body = ShPurBody {
            subject: public(IMPU),
            data_references: &[D::REPOSITORY_DATA],
            user_data: doc.as_bytes(),
        };
        sb::pur(buf, ids, s, o, d, &body);
    });
    peer.call(&req)
}

fn repository(si: &str, seq: u32, data: Option<&str>) -> String {
    let data = data.map(|d| format!("<ServiceData>{d}</ServiceData>")).unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Sh-Data><RepositoryData><ServiceIndication>{si}</ServiceIndication><SequenceNumber>{seq}</SequenceNumber>{data}</RepositoryData></Sh-Data>"
    )
}

/// The User-Data of an answer, parsed: (element name, text) of every element, in order.
fn elements(answer: &[u8]) -> Vec<(String, String)> {
    let data = top(&msg(answer), &sh::USER_DATA).expect("User-Data").octets();
    let xml = std::str::from_utf8(data).expect("UTF-8").to_owned();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    assert_eq!(doc.root_element().tag_name().name(), "Sh-Data");
    doc.descendants()
        .filter(|n| n.is_element())
        .map(|n| (n.tag_name().name().to_owned(), n.text().unwrap_or_default().to_owned()))
        .collect()
}

fn texts(answer: &[u8], name: &str) -> Vec<String> {
    elements(answer).into_iter().filter(|(n, _)| n == name).map(|(_, t)| t).collect()
}

const OK: AnswerResult = AnswerResult::Result(ResultCode::SUCCESS);

#[test]
fn udr_reads_what_the_as_may_read() {
    let hss = Hss::start(2);
    provision_ims(hss.store());
    let mut as1 = app_server(&hss, "as1.test");

    let uda = udr(
        &mut as1,
        public(IMPU),
        &[D::IMS_PUBLIC_IDENTITY, D::MSISDN, D::IMS_USER_STATE],
        &[],
        None,
    );
    assert_eq!(result(&uda), OK);
    assert_eq!(texts(&uda, "IMSPublicIdentity").len(), 3, "all identities by default");
    assert_eq!(texts(&uda, "MSISDN"), vec!["491792021244".to_owned()]);
    assert_eq!(texts(&uda, "IMSUserState"), vec!["0".to_owned()], "NOT_REGISTERED");

    // The iFCs of the asking AS only; by MSISDN (TBCD).
    let tbcd = [0x94, 0x71, 0x29, 0x20, 0x21, 0x44];
    let by_msisdn = ShSubject { user_identity: UserIdentity::Msisdn(&tbcd), ..public(IMPU) };
    let uda = udr(&mut as1, by_msisdn, &[D::INITIAL_FILTER_CRITERIA], &[], Some(MMTEL));
    assert_eq!(result(&uda), OK);
    assert_eq!(texts(&uda, "ServerName"), vec![MMTEL.to_owned()]);

    // Not allowed (as2 may read repository data only), unknown user, missing Service-Indication.
    let mut as2 = app_server(&hss, "as2.test");
    let uda = udr(&mut as2, public(IMPU), &[D::S_CSCF_NAME], &[], None);
    assert_eq!(result(&uda), experimental(experimental::ERROR_USER_DATA_CANNOT_BE_READ));
    let mut stranger = app_server(&hss, "stranger.test");
    let uda = udr(&mut stranger, public(IMPU), &[D::REPOSITORY_DATA], &[b"x"], None);
    assert_eq!(
        result(&uda),
        experimental(experimental::ERROR_OPERATION_NOT_ALLOWED),
        "an AS the permission list does not know"
    );
    let uda = udr(&mut as1, public("sip:nobody@ims.example.org"), &[D::MSISDN], &[], None);
    assert_eq!(result(&uda), experimental(experimental::ERROR_USER_UNKNOWN));
    let uda = udr(&mut as1, public(IMPU), &[D::REPOSITORY_DATA], &[], None);
    assert_eq!(result(&uda), AnswerResult::Result(ResultCode::MISSING_AVP));
    hss.stop();
}

#[test]
fn pur_follows_the_sequence_numbers_and_subscribers_get_pnr() {
    let hss = Hss::start(2);
    provision_ims(hss.store());
    let mut as1 = app_server(&hss, "as1.test");
    let mut as2 = app_server(&hss, "as2.test");

    // as2 subscribes to MMTEL-Services, with the current data (none yet).
    let req = as2.request_with(|buf, ids, s, o, d| {
        let body = SnrBody {
            subject: public(IMPU),
            subs_req_type: SubsReqType::SUBSCRIBE,
            data_references: &[D::REPOSITORY_DATA],
            service_indications: &[b"MMTEL-Services"],
            send_data: true,
            server_name: None,
            identity_sets: &[],
            expiry_time: None,
            dsai_tags: &[],
            one_time_notification: false,
        };
        sb::snr(buf, ids, s, o, d, &body);
    });
    let sna = as2.call(&req);
    assert_eq!(result(&sna), OK);
    assert!(top(&msg(&sna), &sh::EXPIRY_TIME).is_some(), "the granted expiry");

    // Creation needs 0; then stored + 1.
    let pua = pur(&mut as1, &repository("MMTEL-Services", 1, Some("<simservs/>")));
    assert_eq!(result(&pua), experimental(experimental::ERROR_TRANSPARENT_DATA_OUT_OF_SYNC));
    let pua = pur(&mut as1, &repository("MMTEL-Services", 0, Some("<simservs><cdiv/></simservs>")));
    assert_eq!(result(&pua), OK);

    // as2 is notified of as1's change.
    let pnr = as2.next_request();
    assert_eq!(command_code(&pnr), CommandCode::PUSH_NOTIFICATION.0);
    let m = msg(&pnr);
    assert_eq!(text(top(&m, &base::DESTINATION_HOST)), "as2.test");
    let ui = top(&m, &sh::USER_IDENTITY).expect("User-Identity");
    assert_eq!(text(child(&ui, &codec::dict::cx::PUBLIC_IDENTITY)), IMPU);
    assert_eq!(texts(&pnr, "SequenceNumber"), vec!["0".to_owned()]);
    assert!(elements(&pnr).iter().any(|(n, _)| n == "cdiv"), "the new ServiceData");
    let mut buf = BytesMut::new();
    sb::pna(&mut buf, &m, &as2.origin(), Outcome::Success);
    as2.send(&buf);

    let pua = pur(&mut as1, &repository("MMTEL-Services", 1, Some("<simservs><cfu/></simservs>")));
    assert_eq!(result(&pua), OK);
    let uda = udr(&mut as2, public(IMPU), &[D::REPOSITORY_DATA], &[b"MMTEL-Services"], None);
    assert_eq!(texts(&uda, "SequenceNumber"), vec!["1".to_owned()]);
    assert!(elements(&uda).iter().any(|(n, _)| n == "cfu"));
    let _ = as2.next_request(); // the PNR of that update

    // Not recognised, not allowed (as1 may not update IFCs), and deletion by stored + 1.
    let pua = pur(&mut as1, "<NotShData/>");
    assert_eq!(result(&pua), experimental(experimental::ERROR_USER_DATA_NOT_RECOGNIZED));
    let req = as1.request_with(|buf, ids, s, o, d| {
        let body = ShPurBody {
            subject: public(IMPU),
            data_references: &[D::INITIAL_FILTER_CRITERIA],
            user_data: b"<Sh-Data/>",
        };
        sb::pur(buf, ids, s, o, d, &body);
    });
    assert_eq!(
        result(&as1.call(&req)),
        experimental(experimental::ERROR_USER_DATA_CANNOT_BE_MODIFIED)
    );
    assert_eq!(result(&pur(&mut as1, &repository("MMTEL-Services", 2, None))), OK);
    let uda = udr(&mut as2, public(IMPU), &[D::REPOSITORY_DATA], &[b"MMTEL-Services"], None);
    assert!(texts(&uda, "SequenceNumber").is_empty(), "deleted");

    // Unsubscribing twice: the second has nothing to remove.
    let unsubscribe = |peer: &mut Mme| {
        let req = peer.request_with(|buf, ids, s, o, d| {
            let body = SnrBody {
                subject: public(IMPU),
                subs_req_type: SubsReqType::UNSUBSCRIBE,
                data_references: &[D::REPOSITORY_DATA],
                service_indications: &[b"MMTEL-Services"],
                send_data: false,
                server_name: None,
                identity_sets: &[],
                expiry_time: None,
                dsai_tags: &[],
                one_time_notification: false,
            };
            sb::snr(buf, ids, s, o, d, &body);
        });
        peer.call(&req)
    };
    let _ = as2.next_request(); // the PNR of the deletion
    assert_eq!(result(&unsubscribe(&mut as2)), OK);
    assert_eq!(result(&unsubscribe(&mut as2)), experimental(experimental::ERROR_SUBS_DATA_ABSENT));
    hss.stop();
}

/// The Wireshark referee (`testkit::tshark`) over everything hssd sends two application
/// servers, each answer after its request on its peer's connection, each PNR before the PNA
/// that answers it: CEA; PUA (creation, an update, 5105); SNA with the current data as
/// User-Data and the granted Expiry-Time; the PNR of another AS's update; UDA with six
/// Data-References, by MSISDN, and errors (5001, 5102).
#[test]
fn tshark_decodes_what_hssd_sends_application_servers() {
    let hss = Hss::start(2);
    provision_ims(hss.store());
    let mut wire = Transcript::new();
    let connect = |wire: &mut Transcript, host: &str| {
        let mut peer = Mme::connect(hss.addr(), host, hss.origin_host(), hss.origin_realm());
        peer.tgpp_apps = vec![ApplicationId::SH];
        let cer = peer.cer_bytes();
        assert_eq!(result(&wire.call(&mut peer, &format!("{host} CER"), &cer)), OK);
        peer
    };
    let mut as1 = connect(&mut wire, "as1.test");
    let mut as2 = connect(&mut wire, "as2.test");
    let pur_request = |peer: &mut Mme, doc: &str| {
        peer.request_with(|buf, ids, s, o, d| {
            let body = ShPurBody {
                subject: public(IMPU),
                data_references: &[D::REPOSITORY_DATA],
                user_data: doc.as_bytes(),
            };
            sb::pur(buf, ids, s, o, d, &body);
        })
    };
    let udr_request =
        |peer: &mut Mme, subject: ShSubject<'_>, drefs: &[D], sis: &[&[u8]], server| {
            peer.request_with(|buf, ids, s, o, d| {
                let body = UdrBody {
                    service_indications: sis,
                    server_name: server,
                    ..UdrBody::new(subject, drefs)
                };
                sb::udr(buf, ids, s, o, d, &body);
            })
        };

    let req = pur_request(&mut as1, &repository("MMTEL-Services", 0, Some("<simservs/>")));
    assert_eq!(result(&wire.call(&mut as1, "PUR, creation", &req)), OK);
    let req = pur_request(&mut as1, &repository("MMTEL-Services", 5, Some("<simservs/>")));
    let pua = wire.call(&mut as1, "PUR, out of sync", &req);
    assert_eq!(result(&pua), experimental(experimental::ERROR_TRANSPARENT_DATA_OUT_OF_SYNC));

    // as2 subscribes with the current data.
    let req = as2.request_with(|buf, ids, s, o, d| {
        let body = SnrBody {
            subject: public(IMPU),
            subs_req_type: SubsReqType::SUBSCRIBE,
            data_references: &[D::REPOSITORY_DATA],
            service_indications: &[b"MMTEL-Services"],
            send_data: true,
            server_name: None,
            identity_sets: &[],
            expiry_time: None,
            dsai_tags: &[],
            one_time_notification: false,
        };
        sb::snr(buf, ids, s, o, d, &body);
    });
    let sna = wire.call(&mut as2, "SNR, subscribe with data", &req);
    assert_eq!(result(&sna), OK);
    assert!(top(&msg(&sna), &sh::EXPIRY_TIME).is_some(), "Expiry-Time");
    assert_eq!(texts(&sna, "SequenceNumber"), vec!["0".to_owned()], "the current data");

    // as1 updates: as2 is notified and answers.
    let doc = repository("MMTEL-Services", 1, Some("<simservs><cdiv active=\"true\"/></simservs>"));
    let req = pur_request(&mut as1, &doc);
    assert_eq!(result(&wire.call(&mut as1, "PUR, update", &req)), OK);
    let pnr = wire.next_request(&mut as2, "PNR");
    assert_eq!(command_code(&pnr), CommandCode::PUSH_NOTIFICATION.0);
    assert!(elements(&pnr).iter().any(|(n, _)| n == "cdiv"), "the new ServiceData");
    let mut pna = BytesMut::new();
    sb::pna(&mut pna, &msg(&pnr), &as2.origin(), Outcome::Success);
    wire.send(&mut as2, "PNA", &pna);

    // One document with six Data-References; by MSISDN; errors.
    let six = [
        D::REPOSITORY_DATA,
        D::IMS_PUBLIC_IDENTITY,
        D::IMS_USER_STATE,
        D::S_CSCF_NAME,
        D::INITIAL_FILTER_CRITERIA,
        D::MSISDN,
    ];
    let req = udr_request(&mut as1, public(IMPU), &six, &[b"MMTEL-Services"], Some(MMTEL));
    let uda = wire.call(&mut as1, "UDR, six Data-References", &req);
    assert_eq!(result(&uda), OK);
    let names: Vec<String> = elements(&uda).into_iter().map(|(n, _)| n).collect();
    for name in ["IMSPublicIdentity", "MSISDN", "RepositoryData", "IMSUserState", "ServerName"] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    let tbcd = [0x94, 0x71, 0x29, 0x20, 0x21, 0x44];
    let by_msisdn = ShSubject { user_identity: UserIdentity::Msisdn(&tbcd), ..public(IMPU) };
    let req = udr_request(&mut as1, by_msisdn, &[D::IMS_PUBLIC_IDENTITY], &[], None);
    assert_eq!(result(&wire.call(&mut as1, "UDR by MSISDN", &req)), OK);
    let nobody = public("sip:nobody@ims.example.org");
    let req = udr_request(&mut as1, nobody, &[D::MSISDN], &[], None);
    let uda = wire.call(&mut as1, "UDR, unknown user", &req);
    assert_eq!(result(&uda), experimental(experimental::ERROR_USER_UNKNOWN));
    let req = udr_request(&mut as2, public(IMPU), &[D::S_CSCF_NAME], &[], None);
    let uda = wire.call(&mut as2, "UDR, not allowed", &req);
    assert_eq!(result(&uda), experimental(experimental::ERROR_USER_DATA_CANNOT_BE_READ));

    wire.referee().assert_clean();
    hss.stop();
}
