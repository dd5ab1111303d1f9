//! Cx end to end over TCP, the test playing the I-CSCF and the S-CSCF: CEA advertises Cx; a
//! registration (UAR, MAR, SAR) with AKA vectors recomputed from K/OPc and SQNs that increase
//! across Cx and S6a; resync; SIP Digest; the User-Data checked as XML against the provisioned
//! iFCs; LIR by state; deregistration; the error answers; and Wireshark's verdict on all that
//! hssd sends a CSCF.

mod support;

use codec::build::cx::{self as cb, LirBody, MarBody, SarBody, UarBody};
use codec::code::experimental;
use codec::dict::{base, cx};
use codec::view::AnswerResult;
use codec::view::cx::UserDataAlreadyAvailable;
use codec::view::cx::{AkaResync, AuthScheme, ServerAssignmentType as Sat, UserAuthorizationType};
use codec::{ApplicationId, ResultCode, VendorId};
use store::auc::{self, sqn::SqnConfig};
use store::{ImsSubscription, Store};
use support::*;
use testkit::tshark::Transcript;

const IMSI: &str = "001010000000001";
const IMPI: &str = "001010000000001@ims.mnc001.mcc001.3gppnetwork.org";
const IMPU: &str = "sip:001010000000001@ims.mnc001.mcc001.3gppnetwork.org";
const TEL: &str = "tel:+491792021244";
const HOME: &[u8] = b"ims.mnc001.mcc001.3gppnetwork.org";
const SCSCF: &str = "sip:scscf.ims.mnc001.mcc001.3gppnetwork.org:6060";
const MMTEL: &str = "sip:mmtel.ims.mnc001.mcc001.3gppnetwork.org";

/// The AKA subscription of [`IMSI`]: two public identities in one implicit set, an iFC for
/// registered users only (so an unregistered user has no services) and one from a shared set.
fn aka_subscription(ifc_set: u32) -> ImsSubscription {
    serde_json::from_value(serde_json::json!({
        "imsi": IMSI,
        "private_identities": [{"impi": IMPI, "schemes": ["Digest-AKAv1-MD5"]}],
        "public_identities": [{"impu": IMPU}, {"impu": TEL, "msisdn": "491792021244"}],
        "service_profiles": [{
            "ifc_sets": [ifc_set],
            "ifcs": [{
                "priority": 20,
                "trigger_point": {"condition_type_cnf": false, "spts": [
                    {"condition": {"method": "INVITE"}},
                    {"condition": {"session_case": "originating"}}]},
                "application_server": {"server_name": MMTEL, "default_handling": "session_continued"},
                "profile_part_indicator": "registered"
            }]
        }],
        "server_capabilities": {"mandatory": [1], "optional": [2, 3]},
        "charging": {"primary_ccf": "aaa://ccf.ims.mnc001.mcc001.3gppnetwork.org"},
        "roaming_allowed": false
    }))
    .expect("subscription")
}

/// An EPS subscriber with keys and its IMS subscription.
fn provision_ims(store: &Store) {
    provision(store, &SubSpec::new(IMSI));
    let set =
        store::IfcSet {
            id: 0,
            name: "voicemail".into(),
            ifcs: vec![serde_json::from_value(serde_json::json!({
            "priority": 5,
            "application_server": {"server_name": "sip:vm.ims.mnc001.mcc001.3gppnetwork.org"},
            "profile_part_indicator": "registered"
        }))
        .expect("ifc")],
        };
    let id = store.create_ifc_set(&set).expect("iFC set");
    store.create_ims_subscription(&aka_subscription(id)).expect("IMS subscription");
}

/// A CSCF: a peer advertising Cx.
fn cscf(hss: &Hss, host: &str) -> Mme {
    let mut peer = Mme::connect(hss.addr(), host, hss.origin_host(), hss.origin_realm());
    peer.tgpp_apps = vec![ApplicationId::CX];
    let cea = peer.exchange_capabilities();
    let advertised = msg(&cea)
        .avps()
        .map_while(Result::ok)
        .filter(|a| a.is(base::VENDOR_SPECIFIC_APPLICATION_ID.code, VendorId(0)))
        .any(|a| u32_of(child(&a, &base::AUTH_APPLICATION_ID)) == ApplicationId::CX.0);
    assert!(advertised, "CEA advertises Cx");
    peer
}

fn uar(peer: &mut Mme, impi: &str, impu: &str, t: Option<UserAuthorizationType>) -> Vec<u8> {
    let req = uar_request(peer, impi, impu, t);
    peer.call(&req)
}

fn uar_request(
    peer: &mut Mme,
    impi: &str,
    impu: &str,
    t: Option<UserAuthorizationType>,
) -> Vec<u8> {
    peer.request_with(|buf, ids, s, o, d| {
        let body = UarBody {
            user_name: impi,
            public_identity: impu,
            visited_network_identifier: HOME,
            user_authorization_type: t,
            uar_flags: None,
        };
        cb::uar(buf, ids, s, o, d, &body);
    })
}

fn mar(
    peer: &mut Mme,
    impi: &str,
    n: u32,
    scheme: AuthScheme<'_>,
    resync: Option<AkaResync>,
) -> Vec<u8> {
    let req = mar_request(peer, impi, IMPU, n, scheme, resync);
    peer.call(&req)
}

fn mar_request(
    peer: &mut Mme,
    impi: &str,
    impu: &str,
    n: u32,
    scheme: AuthScheme<'_>,
    resync: Option<AkaResync>,
) -> Vec<u8> {
    peer.request_with(|buf, ids, s, o, d| {
        let body = MarBody {
            user_name: impi,
            public_identity: impu,
            server_name: SCSCF,
            sip_number_auth_items: n,
            scheme,
            resync,
        };
        cb::mar(buf, ids, s, o, d, &body);
    })
}

fn sar(peer: &mut Mme, impus: &[&str], t: Sat) -> Vec<u8> {
    let req = sar_request(peer, impus, t);
    peer.call(&req)
}

fn sar_request(peer: &mut Mme, impus: &[&str], t: Sat) -> Vec<u8> {
    peer.request_with(|buf, ids, s, o, d| {
        let body = SarBody {
            user_name: Some(IMPI),
            public_identities: impus,
            wildcarded_public_identity: None,
            server_name: SCSCF,
            server_assignment_type: t,
            user_data_already_available: UserDataAlreadyAvailable::USER_DATA_NOT_AVAILABLE,
            scscf_restoration_info: None,
            multiple_registration_indication: None,
            session_priority: None,
            sar_flags: None,
        };
        cb::sar(buf, ids, s, o, d, &body);
    })
}

fn lir(peer: &mut Mme, impu: &str) -> Vec<u8> {
    let req = lir_request(peer, impu);
    peer.call(&req)
}

fn lir_request(peer: &mut Mme, impu: &str) -> Vec<u8> {
    peer.request_with(|buf, ids, s, o, d| {
        let body = LirBody {
            public_identity: impu,
            originating_request: false,
            user_authorization_type: None,
            session_priority: None,
        };
        cb::lir(buf, ids, s, o, d, &body);
    })
}

fn server_name(answer: &[u8]) -> String {
    text(top(&msg(answer), &cx::SERVER_NAME)).to_owned()
}

/// Each AKA item of a MAA recomputed with the AuC: AUTN's MAC-A, XRES, CK and IK. Returns the
/// SQNs in item order.
fn verified_ims_sqns(maa: &[u8]) -> Vec<u64> {
    let m = milenage();
    let message = msg(maa);
    let items: Vec<_> = message
        .avps()
        .map_while(Result::ok)
        .filter(|a| a.is(cx::SIP_AUTH_DATA_ITEM.code, cx::SIP_AUTH_DATA_ITEM.vendor))
        .collect();
    assert_eq!(u32_of(top(&message, &cx::SIP_NUMBER_AUTH_ITEMS)) as usize, items.len());
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            assert_eq!(u32_of(child(item, &cx::SIP_ITEM_NUMBER)), i as u32 + 1);
            assert_eq!(text(child(item, &cx::SIP_AUTHENTICATION_SCHEME)), "Digest-AKAv1-MD5");
            let challenge = child(item, &cx::SIP_AUTHENTICATE).expect("SIP-Authenticate").octets();
            let rand: [u8; 16] = challenge[..16].try_into().expect("RAND");
            let autn = &challenge[16..];
            let sqn = concealed_sqn(&m, &rand, autn);
            let out = m.generate(&rand, &sqn, &EUTRAN_AMF);
            assert_eq!(autn[8..], m.f1(&rand, &sqn, &EUTRAN_AMF), "MAC-A");
            let xres = child(item, &cx::SIP_AUTHORIZATION).expect("XRES").octets();
            assert_eq!(xres, out.res, "XRES");
            assert_eq!(child(item, &cx::CONFIDENTIALITY_KEY).expect("CK").octets(), out.ck);
            assert_eq!(child(item, &cx::INTEGRITY_KEY).expect("IK").octets(), out.ik);
            auc::sqn::from_bytes(&sqn)
        })
        .collect()
}

#[test]
fn a_registration_from_uar_to_deregistration() {
    let hss = Hss::start(1);
    provision_ims(hss.store());
    let mut icscf = cscf(&hss, "icscf.test");
    let mut scscf = cscf(&hss, "scscf.test");

    // Not registered: 2001 FIRST_REGISTRATION with the capabilities to pick an S-CSCF.
    let uaa = uar(&mut icscf, IMPI, IMPU, None);
    assert_eq!(result(&uaa), experimental(experimental::FIRST_REGISTRATION));
    let caps = top(&msg(&uaa), &cx::SERVER_CAPABILITIES).expect("Server-Capabilities");
    assert_eq!(u32_of(child(&caps, &cx::MANDATORY_CAPABILITY)), 1);
    assert_eq!(children(&caps, &cx::OPTIONAL_CAPABILITY).len(), 2);

    // MAR: AKA items computed from the USIM's keys, SQNs increasing, and S6a continues above.
    let maa = mar(&mut scscf, IMPI, 3, AuthScheme::DigestAkaV1Md5, None);
    assert_eq!(result(&maa), AnswerResult::Result(ResultCode::SUCCESS));
    assert_eq!(text(top(&msg(&maa), &base::USER_NAME)), IMPI);
    let mut sqns = verified_ims_sqns(&maa);
    assert_eq!(sqns.len(), 3);
    let mut mme = hss.mme("mme1.test");
    sqns.extend(verified_sqns(&mme.air(IMSI, 2)));
    sqns.extend(verified_ims_sqns(&mar(&mut scscf, IMPI, 1, AuthScheme::Unknown, None)));
    assert_strictly_increasing(&sqns);

    // SAR REGISTRATION: the profile as XML, with the iFCs by priority and both identities.
    let saa = sar(&mut scscf, &[IMPU], Sat::REGISTRATION);
    assert_eq!(result(&saa), AnswerResult::Result(ResultCode::SUCCESS));
    let data = top(&msg(&saa), &cx::USER_DATA).expect("User-Data").octets();
    let xml = std::str::from_utf8(data).expect("UTF-8");
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "IMSSubscription");
    let texts = |name: &str| -> Vec<String> {
        root.descendants()
            .filter(|n| n.tag_name().name() == name)
            .map(|n| n.text().unwrap_or_default().to_owned())
            .collect()
    };
    assert_eq!(texts("PrivateID"), vec![IMPI.to_owned()]);
    assert_eq!(texts("Identity"), vec![IMPU.to_owned(), TEL.to_owned()]);
    assert_eq!(texts("Priority"), vec!["5".to_owned(), "20".to_owned()]);
    assert_eq!(texts("ServerName")[1], MMTEL);
    assert_eq!(texts("Method"), vec!["INVITE".to_owned()]);
    let charging = top(&msg(&saa), &cx::CHARGING_INFORMATION).expect("Charging-Information");
    assert!(
        text(child(&charging, &cx::PRIMARY_CHARGING_COLLECTION_FUNCTION_NAME))
            .starts_with("aaa://ccf")
    );

    // Registered: UAR is 2002 with the S-CSCF, LIR names it.
    let uaa = uar(&mut icscf, IMPI, TEL, None);
    assert_eq!(result(&uaa), experimental(experimental::SUBSEQUENT_REGISTRATION));
    assert_eq!(server_name(&uaa), SCSCF);
    let lia = lir(&mut icscf, TEL);
    assert_eq!(result(&lia), AnswerResult::Result(ResultCode::SUCCESS));
    assert_eq!(server_name(&lia), SCSCF);
    let uaa = uar(&mut icscf, IMPI, IMPU, Some(UserAuthorizationType::DE_REGISTRATION));
    assert_eq!(result(&uaa), AnswerResult::Result(ResultCode::SUCCESS));
    assert_eq!(server_name(&uaa), SCSCF);

    // Another S-CSCF may not deregister the user.
    let mut other = cscf(&hss, "scscf2.test");
    let req = other.request_with(|buf, ids, s, o, d| {
        let body = SarBody {
            user_name: Some(IMPI),
            public_identities: &[IMPU],
            wildcarded_public_identity: None,
            server_name: "sip:scscf2.ims.mnc001.mcc001.3gppnetwork.org",
            server_assignment_type: Sat::USER_DEREGISTRATION,
            user_data_already_available: UserDataAlreadyAvailable::USER_DATA_NOT_AVAILABLE,
            scscf_restoration_info: None,
            multiple_registration_indication: None,
            session_priority: None,
            sar_flags: None,
        };
        cb::sar(buf, ids, s, o, d, &body);
    });
    assert_eq!(result(&other.call(&req)), AnswerResult::Result(ResultCode::UNABLE_TO_COMPLY));

    // Deregistered: no S-CSCF, and without unregistered services LIR is 5003.
    let saa = sar(&mut scscf, &[IMPU], Sat::USER_DEREGISTRATION);
    assert_eq!(result(&saa), AnswerResult::Result(ResultCode::SUCCESS));
    assert!(top(&msg(&saa), &cx::USER_DATA).is_none(), "no profile on deregistration");
    assert_eq!(
        result(&lir(&mut icscf, IMPU)),
        experimental(experimental::ERROR_IDENTITY_NOT_REGISTERED)
    );
    let uaa = uar(&mut icscf, IMPI, IMPU, Some(UserAuthorizationType::DE_REGISTRATION));
    assert_eq!(result(&uaa), experimental(experimental::ERROR_IDENTITY_NOT_REGISTERED));
    assert_eq!(
        result(&uar(&mut icscf, IMPI, IMPU, None)),
        experimental(experimental::FIRST_REGISTRATION)
    );
    hss.stop();
}

#[test]
fn resync_continues_above_the_usim_sqn() {
    let hss = Hss::start(1);
    provision_ims(hss.store());
    let mut scscf = cscf(&hss, "scscf.test");
    let maa = mar(&mut scscf, IMPI, 1, AuthScheme::DigestAkaV1Md5, None);
    let first = verified_ims_sqns(&maa)[0];
    let item = top(&msg(&maa), &cx::SIP_AUTH_DATA_ITEM).expect("item");
    let rand: [u8; 16] = child(&item, &cx::SIP_AUTHENTICATE).expect("challenge").octets()[..16]
        .try_into()
        .expect("RAND");

    let cfg = SqnConfig::default();
    let sqn_ms = first + (7000 << cfg.ind_bits());
    let auts = auc::make_auts(&milenage(), &rand, &auc::sqn::to_bytes(sqn_ms).expect("SQN"));
    let maa = mar(&mut scscf, IMPI, 2, AuthScheme::DigestAkaV1Md5, Some(AkaResync { rand, auts }));
    let after = verified_ims_sqns(&maa);
    assert!(after.iter().all(|&s| s > sqn_ms), "{after:x?} above SQN_MS {sqn_ms:#x}");
    // S6a continues from there: one SQN space per USIM.
    let mut mme = hss.mme("mme1.test");
    assert!(verified_sqns(&mme.air(IMSI, 1))[0] > after[1]);
    hss.stop();
}

#[test]
fn sip_digest_returns_the_stored_ha1() {
    let hss = Hss::start(1);
    let impi = "bob@ims.example.org";
    let ha1 = "0123456789abcdef0123456789abcdef";
    let sub: ImsSubscription = serde_json::from_value(serde_json::json!({
        "private_identities": [{"impi": impi, "schemes": ["SIP Digest"], "digest_ha1": ha1}],
        "public_identities": [{"impu": IMPU}],
        "service_profiles": [{}],
        "scscf_name": SCSCF
    }))
    .expect("subscription");
    hss.store().create_ims_subscription(&sub).expect("created");
    let mut scscf = cscf(&hss, "scscf.test");
    // Preassigned S-CSCF: the first registration names it.
    let uaa = uar(&mut scscf, impi, IMPU, None);
    assert_eq!(result(&uaa), experimental(experimental::FIRST_REGISTRATION));
    assert_eq!(server_name(&uaa), SCSCF);

    let maa = mar(&mut scscf, impi, 1, AuthScheme::SipDigest, None);
    assert_eq!(result(&maa), AnswerResult::Result(ResultCode::SUCCESS));
    let item = top(&msg(&maa), &cx::SIP_AUTH_DATA_ITEM).expect("item");
    assert_eq!(text(child(&item, &cx::SIP_AUTHENTICATION_SCHEME)), "SIP Digest");
    let digest = child(&item, &cx::SIP_DIGEST_AUTHENTICATE).expect("SIP-Digest-Authenticate");
    assert_eq!(text(child(&digest, &cx::DIGEST_HA1)), ha1);
    assert_eq!(text(child(&digest, &cx::DIGEST_REALM)), "ims.example.org");
    assert_eq!(text(child(&digest, &cx::DIGEST_QOP)), "auth");
    // AKA is not allowed for this IMPI.
    let maa = mar(&mut scscf, impi, 1, AuthScheme::DigestAkaV1Md5, None);
    assert_eq!(result(&maa), experimental(experimental::ERROR_AUTH_SCHEME_NOT_SUPPORTED));
    hss.stop();
}

#[test]
fn unknown_and_mismatched_identities_and_roaming() {
    let hss = Hss::start(2);
    provision_ims(hss.store());
    let other: ImsSubscription = serde_json::from_value(serde_json::json!({
        "private_identities": [{"impi": "carol@ims.example.org", "schemes": ["SIP Digest"],
                                "digest_ha1": "0123456789abcdef0123456789abcdef"}],
        "public_identities": [{"impu": "sip:carol@ims.example.org"}],
        "service_profiles": [{}]
    }))
    .expect("subscription");
    hss.store().create_ims_subscription(&other).expect("created");
    let mut icscf = cscf(&hss, "icscf.test");
    let unknown = experimental(experimental::ERROR_USER_UNKNOWN);
    assert_eq!(result(&uar(&mut icscf, "nobody@ims.example.org", IMPU, None)), unknown);
    assert_eq!(result(&uar(&mut icscf, IMPI, "sip:nobody@ims.example.org", None)), unknown);
    assert_eq!(result(&lir(&mut icscf, "sip:nobody@ims.example.org")), unknown);
    // An IMPI of another subscription: 5002.
    let mismatch = experimental(experimental::ERROR_IDENTITIES_DONT_MATCH);
    assert_eq!(result(&uar(&mut icscf, "carol@ims.example.org", IMPU, None)), mismatch);
    assert_eq!(
        result(&mar(&mut icscf, "carol@ims.example.org", 1, AuthScheme::SipDigest, None)),
        mismatch
    );
    // Registering through a visited network the subscription may not roam to: 5004.
    let req = icscf.request_with(|buf, ids, s, o, d| {
        let body = UarBody {
            user_name: IMPI,
            public_identity: IMPU,
            visited_network_identifier: b"ims.mnc099.mcc999.3gppnetwork.org",
            user_authorization_type: None,
            uar_flags: None,
        };
        cb::uar(buf, ids, s, o, d, &body);
    });
    assert_eq!(result(&icscf.call(&req)), experimental(experimental::ERROR_ROAMING_NOT_ALLOWED));
    // A SAR with an assignment type Cx does not have (SWx's PGW_UPDATE): 5007.
    let saa = sar(&mut icscf, &[IMPU], Sat::PGW_UPDATE);
    assert_eq!(result(&saa), experimental(experimental::ERROR_IN_ASSIGNMENT_TYPE));
    hss.stop();
}

/// The Wireshark referee (`testkit::tshark`) over everything hssd sends an I-CSCF and an
/// S-CSCF, each answer after its request on its peer's connection: CEA; UAA for a first
/// registration (Server-Capabilities), a subsequent one (Server-Name) and errors (5001
/// Experimental-Result; 5005 with Failed-AVP); MAA with three AKA items and with SIP Digest;
/// SAA with the profile as User-Data and Charging-Information, and without; LIA.
#[test]
fn tshark_decodes_what_hssd_sends_a_cscf() {
    let hss = Hss::start(1);
    provision_ims(hss.store());
    let (bob, bob_impu) = ("bob@ims.example.org", "sip:bob@ims.example.org");
    let digest: ImsSubscription = serde_json::from_value(serde_json::json!({
        "private_identities": [{"impi": bob, "schemes": ["SIP Digest"],
                                "digest_ha1": "0123456789abcdef0123456789abcdef"}],
        "public_identities": [{"impu": bob_impu}],
        "service_profiles": [{}]
    }))
    .expect("subscription");
    hss.store().create_ims_subscription(&digest).expect("created");
    let mut wire = Transcript::new();
    let ok = AnswerResult::Result(ResultCode::SUCCESS);
    let connect = |wire: &mut Transcript, host: &str| {
        let mut peer = Mme::connect(hss.addr(), host, hss.origin_host(), hss.origin_realm());
        peer.tgpp_apps = vec![ApplicationId::CX];
        let cer = peer.cer_bytes();
        assert_eq!(result(&wire.call(&mut peer, &format!("{host} CER"), &cer)), ok);
        peer
    };
    let mut icscf = connect(&mut wire, "icscf.test");
    let mut scscf = connect(&mut wire, "scscf.test");

    let req = uar_request(&mut icscf, IMPI, IMPU, None);
    let uaa = wire.call(&mut icscf, "UAR, first registration", &req);
    assert_eq!(result(&uaa), experimental(experimental::FIRST_REGISTRATION));
    assert!(top(&msg(&uaa), &cx::SERVER_CAPABILITIES).is_some());

    let req = mar_request(&mut scscf, IMPI, IMPU, 3, AuthScheme::DigestAkaV1Md5, None);
    let maa = wire.call(&mut scscf, "MAR, 3 AKA items", &req);
    assert_eq!(verified_ims_sqns(&maa).len(), 3);

    let req = sar_request(&mut scscf, &[IMPU], Sat::REGISTRATION);
    let saa = wire.call(&mut scscf, "SAR, registration", &req);
    assert_eq!(result(&saa), ok);
    assert!(top(&msg(&saa), &cx::USER_DATA).is_some(), "User-Data");
    assert!(top(&msg(&saa), &cx::CHARGING_INFORMATION).is_some(), "Charging-Information");

    let req = uar_request(&mut icscf, IMPI, TEL, None);
    let uaa = wire.call(&mut icscf, "UAR, subsequent registration", &req);
    assert_eq!(result(&uaa), experimental(experimental::SUBSEQUENT_REGISTRATION));
    assert_eq!(server_name(&uaa), SCSCF);

    let req = lir_request(&mut icscf, TEL);
    let lia = wire.call(&mut icscf, "LIR", &req);
    assert_eq!((result(&lia), server_name(&lia)), (ok, SCSCF.to_owned()));

    let req = uar_request(&mut icscf, "nobody@ims.example.org", IMPU, None);
    let uaa = wire.call(&mut icscf, "UAR, unknown user", &req);
    assert_eq!(result(&uaa), experimental(experimental::ERROR_USER_UNKNOWN));

    let req = without_avp(&uar_request(&mut icscf, IMPI, IMPU, None), &cx::PUBLIC_IDENTITY);
    let uaa = wire.call(&mut icscf, "UAR without Public-Identity", &req);
    assert_eq!(result(&uaa), AnswerResult::Result(ResultCode::MISSING_AVP));
    assert!(!failed_avp_codes(&uaa).is_empty(), "Failed-AVP");

    let req = mar_request(&mut scscf, bob, bob_impu, 1, AuthScheme::SipDigest, None);
    let maa = wire.call(&mut scscf, "MAR, SIP Digest", &req);
    let item = top(&msg(&maa), &cx::SIP_AUTH_DATA_ITEM).expect("item");
    assert!(child(&item, &cx::SIP_DIGEST_AUTHENTICATE).is_some(), "SIP-Digest-Authenticate");

    let req = sar_request(&mut scscf, &[IMPU], Sat::USER_DEREGISTRATION);
    let saa = wire.call(&mut scscf, "SAR, user deregistration", &req);
    assert_eq!(result(&saa), ok);

    wire.referee().assert_clean();
    hss.stop();
}
