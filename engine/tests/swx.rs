//! SWx end to end over TCP, the test playing the 3GPP AAA server of non-3GPP access (an ePDG's,
//! for VoWiFi): CEA advertises SWx; MAR with EAP-AKA' vectors recomputed from K/OPc and CK'/IK'
//! from the ANID, with EAP-AKA, SQNs increasing across S6a AIR and SWx MAR, resync; every
//! error answer; SAR REGISTRATION with the Non-3GPP-User-Data read field by field, another AAA
//! server refused or redirected, deregistration; RTR and PPR through the REST API and the
//! control port reaching the AAA server; and Wireshark's verdict on everything hssd sends.

mod support;

use std::time::Duration;

use api::client::Client;
use api::port::{Delivery, OutboundRequest};
use bytes::BytesMut;
use codec::build::Outcome;
use codec::build::swx::{self as sb, SwxMarBody, SwxSarBody};
use codec::code::experimental;
use codec::dict::{base, cx, ietf, swx, tgpp};
use codec::view::AnswerResult;
use codec::view::cx::{AkaResync, AuthScheme, ServerAssignmentType as Sat};
use codec::view::swx::{AAA_FAILURE, AnTrusted, RatType};
use codec::{ApplicationId, CommandCode, RawAvp, ResultCode, VendorId};
use engine::daemon::Daemon;
use serde_json::json;
use store::auc::{self, sqn::SqnConfig};
use store::{Imsi, NodeKind, PgwIdentity, Store, Subscriber};
use support::*;
use testkit::tshark::{Side, Transcript};

const IMSI: &str = "001010000000001";
const NAI: &str = "6001010000000001@nai.epc.mnc001.mcc001.3gppnetwork.org";
const ANID: &str = "WLAN";
const MSISDN: &str = "15550000001";

fn key() -> store::SubscriberKey {
    Imsi::parse(IMSI).expect("IMSI").key()
}

/// The subscriber of [`IMSI`] with keys, on APNs 1 (internet, the default) and 2 (ims, static
/// 10.45.0.7, a PDN GW by host), the MSISDN, UE-level charging characteristics and APN-OI
/// replacement; `change` edits it first.
fn provision_with(store: &Store, change: impl FnOnce(&mut Subscriber)) {
    ensure_apn_profile(store, &apn_profile(1, "internet"));
    let mut ims = apn_profile(2, "ims");
    ims.options.charging_characteristics = Some("0400".into());
    ims.options.pgw = Some(PgwIdentity {
        address: None,
        host: Some("pgw1.epc.mnc001.mcc001.3gppnetwork.org".into()),
        realm: Some("epc.mnc001.mcc001.3gppnetwork.org".into()),
    });
    ensure_apn_profile(store, &ims);
    let imsi = Imsi::parse(IMSI).expect("IMSI");
    let mut sub = subscriber(imsi, Some(MSISDN), &[1, 2]);
    sub.apns[1].static_ipv4 = Some(std::net::Ipv4Addr::new(10, 45, 0, 7));
    sub.options.charging_characteristics = Some("0800".into());
    sub.options.apn_oi_replacement = Some("mnc001.mcc001.gprs".into());
    change(&mut sub);
    store.create_subscriber(&sub).expect("subscriber");
    store.create_auth(imsi, &auth_data(EUTRAN_AMF, 0)).expect("keys");
}

/// Replaces the subscriber's options with `change`'s.
fn update(store: &Store, change: impl FnOnce(&mut Subscriber)) {
    let mut sub = store.subscriber(Imsi::parse(IMSI).expect("IMSI")).expect("record").subscriber;
    change(&mut sub);
    store.update_subscriber(&sub).expect("updated");
}

/// A 3GPP AAA server `host`: a peer advertising SWx, whose CEA advertises it too.
fn aaa(hss: &Hss, host: &str) -> Mme {
    let mut peer = Mme::connect(hss.addr(), host, hss.origin_host(), hss.origin_realm());
    peer.tgpp_apps = vec![ApplicationId::SWX];
    let cea = peer.exchange_capabilities();
    let advertised = msg(&cea)
        .avps()
        .map_while(Result::ok)
        .filter(|a| a.is(base::VENDOR_SPECIFIC_APPLICATION_ID.code, VendorId(0)))
        .any(|a| u32_of(child(&a, &base::AUTH_APPLICATION_ID)) == ApplicationId::SWX.0);
    assert!(advertised, "CEA advertises SWx");
    peer
}

/// What a MAR asks, beyond its user and item count.
#[derive(Clone, Copy)]
struct Ask<'a> {
    scheme: AuthScheme<'a>,
    anid: Option<&'a str>,
    resync: Option<AkaResync>,
    failure: Option<u32>,
}

const PRIME: Ask<'static> =
    Ask { scheme: AuthScheme::EapAkaPrime, anid: Some(ANID), resync: None, failure: None };
const PLAIN: Ask<'static> =
    Ask { scheme: AuthScheme::EapAka, anid: None, resync: None, failure: None };

fn mar_request(peer: &mut Mme, user: &str, n: u32, ask: Ask<'_>) -> Vec<u8> {
    peer.request_with(|buf, ids, s, o, d| {
        let body = SwxMarBody {
            user_name: user,
            sip_number_auth_items: n,
            scheme: ask.scheme,
            resync: ask.resync,
            rat_type: Some(RatType::WLAN),
            an_trusted: Some(AnTrusted::UNTRUSTED),
            anid: ask.anid,
            visited_network_identifier: None,
            terminal_information: None,
            aaa_failure_indication: ask.failure,
        };
        sb::mar(buf, ids, s, o, d, &body);
    })
}

fn mar(peer: &mut Mme, user: &str, n: u32, ask: Ask<'_>) -> Vec<u8> {
    let req = mar_request(peer, user, n, ask);
    peer.call(&req)
}

fn sar_request(peer: &mut Mme, user: &str, t: Sat) -> Vec<u8> {
    peer.request_with(|buf, ids, s, o, d| {
        let body = SwxSarBody {
            user_name: user,
            server_assignment_type: t,
            service_selection: None,
            context_identifier: None,
            mip6_agent_info: None,
            visited_network_identifier: None,
            active_apns: &[],
            terminal_information: None,
            emergency_services: None,
        };
        sb::sar(buf, ids, s, o, d, &body);
    })
}

fn sar(peer: &mut Mme, user: &str, t: Sat) -> Vec<u8> {
    let req = sar_request(peer, user, t);
    peer.call(&req)
}

fn ok() -> AnswerResult {
    AnswerResult::Result(ResultCode::SUCCESS)
}

fn items<'a>(answer: &'a [u8]) -> Vec<RawAvp<'a>> {
    let def = &cx::SIP_AUTH_DATA_ITEM;
    msg(answer).avps().map_while(Result::ok).filter(|a| a.is(def.code, def.vendor)).collect()
}

/// Each item of a MAA recomputed with the AuC: AUTN (AMF with the separation bit for EAP-AKA',
/// MAC-A), XRES, and CK'/IK' derived with `anid` from CK, IK and SQN ⊕ AK (EAP-AKA'), or CK
/// and IK themselves (EAP-AKA, `anid` None). Returns the SQNs in item order.
fn verified_sqns(maa: &[u8], anid: Option<&str>) -> Vec<u64> {
    let m = milenage();
    let message = msg(maa);
    let items = items(maa);
    assert_eq!(u32_of(top(&message, &cx::SIP_NUMBER_AUTH_ITEMS)) as usize, items.len());
    let scheme = if anid.is_some() { "EAP-AKA'" } else { "EAP-AKA" };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            assert_eq!(u32_of(child(item, &cx::SIP_ITEM_NUMBER)), i as u32 + 1);
            assert_eq!(text(child(item, &cx::SIP_AUTHENTICATION_SCHEME)), scheme);
            let challenge = child(item, &cx::SIP_AUTHENTICATE).expect("SIP-Authenticate").octets();
            assert_eq!(challenge.len(), 32, "RAND ‖ AUTN");
            let rand: [u8; 16] = challenge[..16].try_into().expect("RAND");
            let autn = &challenge[16..];
            let sqn = concealed_sqn(&m, &rand, autn);
            let amf =
                if anid.is_some() { auc::with_separation_bit(&EUTRAN_AMF) } else { EUTRAN_AMF };
            assert_eq!(autn[6..8], amf, "AMF");
            let out = m.generate(&rand, &sqn, &amf);
            assert_eq!(autn[8..], m.f1(&rand, &sqn, &amf), "MAC-A");
            let xres = child(item, &cx::SIP_AUTHORIZATION).expect("XRES").octets();
            assert_eq!(xres, out.res, "XRES");
            let (ck, ik) = match anid {
                Some(anid) => {
                    let concealed: [u8; 6] = autn[..6].try_into().expect("SQN ⊕ AK");
                    let prime = auc::ck_ik_prime(&out.ck, &out.ik, anid.as_bytes(), &concealed)
                        .expect("KDF");
                    assert_ne!(prime.ck_prime, out.ck, "CK' is not CK");
                    (prime.ck_prime, prime.ik_prime)
                }
                None => (out.ck, out.ik),
            };
            assert_eq!(child(item, &cx::CONFIDENTIALITY_KEY).expect("CK").octets(), ck);
            assert_eq!(child(item, &cx::INTEGRITY_KEY).expect("IK").octets(), ik);
            auc::sqn::from_bytes(&sqn)
        })
        .collect()
}

fn registered_aaa(store: &Store) -> Option<String> {
    store.serving_node(key(), NodeKind::Aaa).expect("read").map(|n| n.host)
}

#[test]
fn eap_aka_prime_and_eap_aka_vectors_share_the_sqn_space_with_s6a() {
    let hss = Hss::start(1);
    provision_with(hss.store(), |_| {});
    let mut epdg_aaa = aaa(&hss, "aaa1.test");

    // By IMSI-based NAI: EAP-AKA' items bound to the ANID, User-Name echoed.
    let maa = mar(&mut epdg_aaa, NAI, 3, PRIME);
    assert_eq!(result(&maa), ok());
    assert_eq!(text(top(&msg(&maa), &base::USER_NAME)), NAI);
    assert!(top(&msg(&maa), &swx::TGPP_AAA_SERVER_NAME).is_none());
    let mut sqns = verified_sqns(&maa, Some(ANID));
    assert_eq!(sqns.len(), 3);
    // S6a continues above, then SWx EAP-AKA by IMSI above that.
    let mut mme = hss.mme("mme1.test");
    sqns.extend(support::verified_sqns(&mme.air(IMSI, 2)));
    sqns.extend(verified_sqns(&mar(&mut epdg_aaa, IMSI, 1, PLAIN), None));
    sqns.extend(verified_sqns(&mar(&mut epdg_aaa, IMSI, 0, PRIME), Some(ANID)));
    assert_eq!(sqns.len(), 7, "a MAR for 0 items gets one");
    assert_strictly_increasing(&sqns);
    // Another ANID gives other keys for the same kind of challenge.
    let maa = mar(&mut epdg_aaa, IMSI, 1, Ask { anid: Some("HRPD"), ..PRIME });
    assert_eq!(verified_sqns(&maa, Some("HRPD")).len(), 1);
    // Items are capped (the Cx setting, 5 by default).
    assert_eq!(items(&mar(&mut epdg_aaa, IMSI, 40, PRIME)).len(), 5);
    // Vectors alone register nobody.
    assert_eq!(registered_aaa(hss.store()), None);
    hss.stop();
}

#[test]
fn resync_continues_above_the_usim_sqn() {
    let hss = Hss::start(1);
    provision_with(hss.store(), |_| {});
    let mut peer = aaa(&hss, "aaa1.test");
    let maa = mar(&mut peer, IMSI, 1, PRIME);
    let first = verified_sqns(&maa, Some(ANID))[0];
    let item = top(&msg(&maa), &cx::SIP_AUTH_DATA_ITEM).expect("item");
    let rand: [u8; 16] = child(&item, &cx::SIP_AUTHENTICATE).expect("challenge").octets()[..16]
        .try_into()
        .expect("RAND");
    let sqn_ms = first + (7000 << SqnConfig::default().ind_bits());
    let auts = auc::make_auts(&milenage(), &rand, &auc::sqn::to_bytes(sqn_ms).expect("SQN"));
    let resync = Some(AkaResync { rand, auts });
    let after = verified_sqns(&mar(&mut peer, IMSI, 2, Ask { resync, ..PRIME }), Some(ANID));
    assert!(after.iter().all(|&s| s > sqn_ms), "{after:x?} above SQN_MS {sqn_ms:#x}");
    let mut mme = hss.mme("mme1.test");
    assert!(support::verified_sqns(&mme.air(IMSI, 1))[0] > after[1], "one SQN space");
    hss.stop();
}

#[test]
fn every_error_answer() {
    let hss = Hss::start(2);
    provision_with(hss.store(), |_| {});
    let mut peer = aaa(&hss, "aaa1.test");
    let unknown = experimental(experimental::ERROR_USER_UNKNOWN);
    for user in ["001019999999999", "0001019999999999@nai.test", "pseudonym@nai.test"] {
        let maa = mar(&mut peer, user, 1, PRIME);
        assert_eq!(result(&maa), unknown, "{user}");
        assert_eq!(text(top(&msg(&maa), &base::USER_NAME)), user, "User-Name in an error");
        assert!(items(&maa).is_empty());
        assert_eq!(result(&sar(&mut peer, user, Sat::REGISTRATION)), unknown, "{user}");
    }
    // EAP-AKA' needs the ANID: 5005 naming it.
    let maa = mar(&mut peer, IMSI, 1, Ask { anid: None, ..PRIME });
    assert_eq!(result(&maa), AnswerResult::Result(ResultCode::MISSING_AVP));
    assert_eq!(failed_avp_codes(&maa), [(swx::ANID.code.0, VendorId::TGPP.0)]);
    // An ANID the key derivation cannot take (empty): 5004 naming it.
    let maa = mar(&mut peer, IMSI, 1, Ask { anid: Some(""), ..PRIME });
    assert_eq!(result(&maa), AnswerResult::Result(ResultCode::INVALID_AVP_VALUE));
    assert_eq!(failed_avp_codes(&maa), [(swx::ANID.code.0, VendorId::TGPP.0)]);
    // A scheme SWx does not use.
    let maa = mar(&mut peer, IMSI, 1, Ask { scheme: AuthScheme::DigestAkaV1Md5, ..PRIME });
    assert_eq!(result(&maa), experimental(experimental::ERROR_AUTH_SCHEME_NOT_SUPPORTED));
    // A Cx assignment type.
    let saa = sar(&mut peer, IMSI, Sat::UNREGISTERED_USER);
    assert_eq!(result(&saa), experimental(experimental::ERROR_IN_ASSIGNMENT_TYPE));

    // Non-3GPP access barred, then the subscriber disabled: 5450 for MAR and SAR.
    let no_subscription = experimental(engine::apps::swx::ERROR_USER_NO_NON_3GPP_SUBSCRIPTION);
    assert_eq!(no_subscription, experimental(ResultCode(5450)));
    update(hss.store(), |s| s.options.non_3gpp.allowed = false);
    assert_eq!(result(&mar(&mut peer, NAI, 1, PRIME)), no_subscription);
    assert_eq!(result(&sar(&mut peer, IMSI, Sat::REGISTRATION)), no_subscription);
    assert_eq!(result(&sar(&mut peer, IMSI, Sat::AAA_USER_DATA_REQUEST)), no_subscription);
    // A deregistration is still taken.
    assert_eq!(result(&sar(&mut peer, IMSI, Sat::USER_DEREGISTRATION)), ok());
    update(hss.store(), |s| {
        s.options.non_3gpp.allowed = true;
        s.options.disabled = true;
    });
    assert_eq!(result(&mar(&mut peer, IMSI, 1, PLAIN)), no_subscription);
    update(hss.store(), |s| s.options.disabled = false);
    assert_eq!(result(&mar(&mut peer, IMSI, 1, PLAIN)), ok());
    hss.stop();
}

/// The Non-3GPP-User-Data of an SAA or a PPR, checked field by field for the subscriber of
/// [`provision_with`] with non-3GPP access limited to APN 2 (ims).
fn assert_ims_only_profile(message: &[u8]) {
    let m = msg(message);
    let data = top(&m, &swx::NON_3GPP_USER_DATA).expect("Non-3GPP-User-Data");
    assert_eq!(u32_of(child(&data, &swx::NON_3GPP_IP_ACCESS)), 0, "ALLOWED");
    assert_eq!(u32_of(child(&data, &swx::NON_3GPP_IP_ACCESS_APN)), 0, "APNs ENABLE");
    let id = child(&data, &ietf::SUBSCRIPTION_ID).expect("Subscription-Id");
    assert_eq!(u32_of(child(&id, &ietf::SUBSCRIPTION_ID_TYPE)), 0, "END_USER_E164");
    assert_eq!(text(child(&id, &ietf::SUBSCRIPTION_ID_DATA)), MSISDN);
    let ambr = child(&data, &tgpp::AMBR).expect("UE-AMBR");
    assert_eq!(u32_of(child(&ambr, &tgpp::MAX_REQUESTED_BANDWIDTH_UL)), 10_000_000);
    assert_eq!(u32_of(child(&ambr, &tgpp::MAX_REQUESTED_BANDWIDTH_DL)), 20_000_000);
    assert_eq!(text(child(&data, &tgpp::TGPP_CHARGING_CHARACTERISTICS)), "0800");
    assert_eq!(text(child(&data, &tgpp::APN_OI_REPLACEMENT)), "mnc001.mcc001.gprs");
    // The default APN (1) is not allowed over non-3GPP access: the first allowed stands in.
    assert_eq!(u32_of(child(&data, &tgpp::CONTEXT_IDENTIFIER)), 2);
    let apns = children(&data, &tgpp::APN_CONFIGURATION);
    assert_eq!(apns.len(), 1, "only APN 2");
    let apn = &apns[0];
    assert_eq!(u32_of(child(apn, &tgpp::CONTEXT_IDENTIFIER)), 2);
    assert_eq!(text(child(apn, &ietf::SERVICE_SELECTION)), "ims");
    assert_eq!(u32_of(child(apn, &tgpp::PDN_TYPE)), 2, "IPv4v6");
    assert_eq!(text(child(apn, &tgpp::TGPP_CHARGING_CHARACTERISTICS)), "0400");
    let address = child(apn, &tgpp::SERVED_PARTY_IP_ADDRESS).expect("static address");
    assert_eq!(address.octets(), [0, 1, 10, 45, 0, 7], "IPv4 10.45.0.7");
    assert!(child(apn, &tgpp::EPS_SUBSCRIBED_QOS_PROFILE).is_some(), "QoS");
    assert!(child(apn, &tgpp::AMBR).is_some(), "APN-AMBR");
    let pgw = child(apn, &ietf::MIP6_AGENT_INFO).expect("MIP6-Agent-Info");
    let host = child(&pgw, &ietf::MIP_HOME_AGENT_HOST).expect("MIP-Home-Agent-Host");
    assert_eq!(
        text(child(&host, &base::DESTINATION_HOST)),
        "pgw1.epc.mnc001.mcc001.3gppnetwork.org"
    );
    assert_eq!(u32_of(child(apn, &tgpp::PDN_GW_ALLOCATION_TYPE)), 0, "STATIC");
}

#[test]
fn registration_profile_other_servers_and_deregistration() {
    let hss = Hss::start(1);
    let store = hss.store();
    provision_with(store, |s| s.options.non_3gpp.apns = vec![apn_id(2)]);
    let mut aaa1 = aaa(&hss, "aaa1.test");
    let mut aaa2 = aaa(&hss, "aaa2.test");

    let saa = sar(&mut aaa1, NAI, Sat::REGISTRATION);
    assert_eq!(result(&saa), ok());
    assert_eq!(text(top(&msg(&saa), &base::USER_NAME)), NAI);
    assert_ims_only_profile(&saa);
    let node = store.serving_node(key(), NodeKind::Aaa).expect("read").expect("registered");
    assert_eq!((node.host.as_str(), node.realm.as_str()), ("aaa1.test", aaa1.realm.as_str()));
    // A profile download: the same data, nothing changed.
    let saa = sar(&mut aaa1, IMSI, Sat::AAA_USER_DATA_REQUEST);
    assert_ims_only_profile(&saa);

    // Another AAA server: its MAR is redirected to the registered one, its SAR refused.
    let maa = mar(&mut aaa2, IMSI, 1, PRIME);
    assert_eq!(result(&maa), AnswerResult::Result(ResultCode::REDIRECT_INDICATION));
    assert!(is_error_bit(&maa), "3006 is a protocol error");
    assert_eq!(text(top(&msg(&maa), &swx::TGPP_AAA_SERVER_NAME)), "aaa1.test");
    assert!(items(&maa).is_empty(), "no vectors");
    let saa = sar(&mut aaa2, IMSI, Sat::REGISTRATION);
    assert_eq!(result(&saa), experimental(experimental::ERROR_IDENTITY_ALREADY_REGISTERED));
    assert_eq!(text(top(&msg(&saa), &swx::TGPP_AAA_SERVER_NAME)), "aaa1.test");
    assert!(top(&msg(&saa), &swx::NON_3GPP_USER_DATA).is_none());
    // Its deregistration leaves the registration alone.
    assert_eq!(result(&sar(&mut aaa2, IMSI, Sat::USER_DEREGISTRATION)), ok());
    assert_eq!(registered_aaa(store).as_deref(), Some("aaa1.test"));

    // aaa1 has failed: aaa2 says so and takes over.
    let maa = mar(&mut aaa2, IMSI, 1, Ask { failure: Some(AAA_FAILURE), ..PRIME });
    assert_eq!(verified_sqns(&maa, Some(ANID)).len(), 1);
    assert_eq!(registered_aaa(store).as_deref(), Some("aaa2.test"));
    assert_eq!(result(&sar(&mut aaa2, IMSI, Sat::REGISTRATION)), ok());
    // A PDN GW update is acknowledged, without a profile.
    let saa = sar(&mut aaa2, IMSI, Sat::PGW_UPDATE);
    assert_eq!(result(&saa), ok());
    assert!(top(&msg(&saa), &swx::NON_3GPP_USER_DATA).is_none());

    // Deregistration clears the record; the user may then register anywhere.
    let saa = sar(&mut aaa2, IMSI, Sat::ADMINISTRATIVE_DEREGISTRATION);
    assert_eq!(result(&saa), ok());
    assert!(top(&msg(&saa), &swx::NON_3GPP_USER_DATA).is_none());
    assert_eq!(registered_aaa(store), None);
    assert_eq!(result(&mar(&mut aaa1, IMSI, 1, PRIME)), ok());
    assert_eq!(result(&sar(&mut aaa1, IMSI, Sat::REGISTRATION)), ok());
    assert_eq!(result(&sar(&mut aaa1, IMSI, Sat::TIMEOUT_DEREGISTRATION)), ok());
    assert_eq!(registered_aaa(store), None);
    hss.stop();
}

/// An AAA server connected to `daemon` and registered for [`IMSI`], its exchange recorded.
fn registered_aaa_server(daemon: &Daemon, wire: &mut Transcript) -> Mme {
    let settings = engine::config::Config::default().engine;
    let addr = daemon.engine().local_addr();
    let mut peer = Mme::connect(addr, "aaa1.test", &settings.origin_host, &settings.origin_realm);
    peer.tgpp_apps = vec![ApplicationId::SWX];
    let cer = peer.cer_bytes();
    assert_eq!(result(&wire.call(&mut peer, "AAA CER", &cer)), ok());
    let req = sar_request(&mut peer, IMSI, Sat::REGISTRATION);
    assert_eq!(result(&wire.call(&mut peer, "SAR, registration", &req)), ok());
    peer
}

/// Runs `call` while the AAA server answers the one request it then receives with 2001;
/// returns that request and what `call` returned, and records the request and the answer.
fn answered<T: Send + 'static>(
    peer: Mme,
    wire: &mut Transcript,
    name: &str,
    call: impl FnOnce() -> T,
) -> (Vec<u8>, T, Mme) {
    let answering = std::thread::spawn(move || {
        let mut peer = peer;
        let request = peer.next_request();
        let m = msg(&request);
        let mut buf = BytesMut::new();
        let origin = peer.origin();
        match m.header.code {
            CommandCode::PUSH_PROFILE => sb::ppa(&mut buf, &m, &origin, Outcome::Success),
            _ => sb::rta(&mut buf, &m, &origin, Outcome::Success),
        };
        peer.send(&buf);
        (request, buf.to_vec(), peer)
    });
    let out = call();
    let (request, answer, peer) = answering.join().expect("the AAA server's thread");
    wire.record(&peer, Side::Server, name, &request);
    wire.record(&peer, Side::Client, &format!("{name} answer"), &answer);
    (request, out, peer)
}

#[test]
fn rtr_and_ppr_reach_the_registered_aaa_server() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let daemon = daemon(dir.path(), 2);
    let store = daemon.engine().store().clone();
    provision_with(&store, |s| s.options.non_3gpp.apns = vec![apn_id(2)]);
    let rest = Client::new(daemon.rest_addr());
    let mut wire = Transcript::new();
    let aaa_path = format!("/subscribers/{IMSI}/aaa-server");
    let dereg = format!("/subscribers/{IMSI}/non-3gpp/deregister");
    let push = format!("/subscribers/{IMSI}/non-3gpp/push-profile");

    // Nobody registered: 404, 409, 409.
    let reply = rest.get(&aaa_path).expect("REST");
    assert_eq!((reply.status, reply.error_code()), (404, Some("aaa_server.not_registered")));
    let reply = rest.post(&dereg, &json!({})).expect("REST");
    assert_eq!((reply.status, reply.error_code()), (409, Some("aaa_server.not_registered")));
    let reply = rest.post(&push, &json!({})).expect("REST");
    assert_eq!((reply.status, reply.error_code()), (409, Some("aaa_server.not_registered")));

    let peer = registered_aaa_server(&daemon, &mut wire);
    let reply = rest.get(&aaa_path).expect("REST");
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!((&reply.body["host"], &reply.body["imsi"]), (&json!("aaa1.test"), &json!(IMSI)));

    // PPR through REST: the profile as it is now.
    let (ppr, reply, peer) =
        answered(peer, &mut wire, "PPR, REST", || rest.post(&push, &json!({})).expect("REST"));
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!((&reply.body["request"], &reply.body["sent"]), (&json!("PPR"), &json!(true)));
    assert_eq!(reply.body["answer"]["result_code"], 2001);
    assert_eq!(command_code(&ppr), 305, "Push-Profile-Request");
    let m = msg(&ppr);
    assert_eq!(m.header.application, ApplicationId::SWX);
    assert_eq!(text(top(&m, &base::USER_NAME)), IMSI);
    assert_eq!(text(top(&m, &base::DESTINATION_HOST)), "aaa1.test");
    assert_ims_only_profile(&ppr);

    // PPR through the control port after a change: non-3GPP access barred.
    update(&store, |s| s.options.non_3gpp.allowed = false);
    let port = daemon.engine().control_port();
    let (realm, host) = (peer.realm.clone(), "aaa1.test".to_owned());
    let request = OutboundRequest::SwxPushProfile { imsi: IMSI.into(), host, realm };
    let (ppr, delivery, peer) = answered(peer, &mut wire, "PPR, barred", move || {
        port.send(request, Duration::from_secs(3))
    });
    assert!(matches!(delivery, Delivery::Sent { answer: Some(_) }), "{delivery:?}");
    let data = top(&msg(&ppr), &swx::NON_3GPP_USER_DATA).expect("Non-3GPP-User-Data");
    assert_eq!(u32_of(child(&data, &swx::NON_3GPP_IP_ACCESS)), 1, "BARRED");
    update(&store, |s| s.options.non_3gpp.allowed = true);

    // Administrative deregistration: RTR PERMANENT_TERMINATION, then no registration.
    let (rtr, reply, _peer) =
        answered(peer, &mut wire, "RTR, REST", || rest.post(&dereg, &json!({})).expect("REST"));
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!((&reply.body["request"], &reply.body["reason_code"]), (&json!("RTR"), &json!(0)));
    assert_eq!(reply.body["aaa_server"]["host"], "aaa1.test");
    assert_eq!(reply.body["answer"]["result_code"], 2001);
    assert_eq!(command_code(&rtr), 304, "Registration-Termination-Request");
    let m = msg(&rtr);
    assert_eq!(m.header.application, ApplicationId::SWX);
    assert_eq!(text(top(&m, &base::USER_NAME)), IMSI);
    let reason = top(&m, &cx::DEREGISTRATION_REASON).expect("Deregistration-Reason");
    assert_eq!(u32_of(child(&reason, &cx::REASON_CODE)), 0, "PERMANENT_TERMINATION");
    assert_eq!(rest.get(&aaa_path).expect("REST").status, 404);
    assert_eq!(registered_aaa(&store), None);
    let reply = rest.post(&dereg, &json!({"reason_code": 9})).expect("REST");
    assert_eq!((reply.status, reply.error_field()), (422, Some("reason_code")));

    wire.referee().assert_clean();
    daemon.shutdown_with_grace(Duration::ZERO).expect("clean stop");
}

#[test]
fn a_patch_sends_the_aaa_server_a_ppr_and_a_delete_an_rtr() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let daemon = daemon(dir.path(), 2);
    let store = daemon.engine().store().clone();
    provision_with(&store, |_| {});
    let rest = Client::new(daemon.rest_addr());
    let mut wire = Transcript::new();
    let peer = registered_aaa_server(&daemon, &mut wire);
    let path = format!("/subscribers/{IMSI}");

    // Non-3GPP access withdrawn: a PPR saying so, reported with the PATCH.
    let body = json!({"options": {"non_3gpp": {"allowed": false}}});
    let (ppr, reply, peer) =
        answered(peer, &mut wire, "PPR, PATCH", || rest.patch(&path, &body).expect("REST"));
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let pushed = reply.body["pushed"].as_array().expect("pushed");
    assert_eq!(pushed.len(), 1, "no MME registered: the PPR only: {pushed:?}");
    assert_eq!((&pushed[0]["request"], &pushed[0]["host"]), (&json!("ppr"), &json!("aaa1.test")));
    assert_eq!(pushed[0]["answer"]["result_code"], 2001);
    let data = top(&msg(&ppr), &swx::NON_3GPP_USER_DATA).expect("Non-3GPP-User-Data");
    assert_eq!(u32_of(child(&data, &swx::NON_3GPP_IP_ACCESS)), 1, "BARRED");

    // DELETE: an RTR (PERMANENT_TERMINATION) first.
    let (rtr, reply, _peer) =
        answered(peer, &mut wire, "RTR, DELETE", || rest.delete(&path).expect("REST"));
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["pushed"][0]["request"], "rtr");
    assert_eq!(command_code(&rtr), 304, "Registration-Termination-Request");
    let reason = top(&msg(&rtr), &cx::DEREGISTRATION_REASON).expect("Deregistration-Reason");
    assert_eq!(u32_of(child(&reason, &cx::REASON_CODE)), 0, "PERMANENT_TERMINATION");
    assert_eq!(rest.get(&path).expect("REST").status, 404);
    wire.referee().assert_clean();
    daemon.shutdown_with_grace(Duration::ZERO).expect("clean stop");
}

/// The Wireshark referee over everything hssd sends a 3GPP AAA server, each answer after its
/// request: CEA; MAA with EAP-AKA' and EAP-AKA items, the redirect to the registered server
/// (3006 with 3GPP-AAA-Server-Name), 5001, 5450, 5005 with Failed-AVP, 5006; SAA with the
/// Non-3GPP-User-Data, 5005 with 3GPP-AAA-Server-Name, deregistration, 5007.
#[test]
fn tshark_decodes_what_hssd_sends_an_aaa_server() {
    let hss = Hss::start(1);
    provision_with(hss.store(), |_| {});
    let mut wire = Transcript::new();
    let connect = |wire: &mut Transcript, host: &str| {
        let mut peer = Mme::connect(hss.addr(), host, hss.origin_host(), hss.origin_realm());
        peer.tgpp_apps = vec![ApplicationId::SWX];
        let cer = peer.cer_bytes();
        assert_eq!(result(&wire.call(&mut peer, &format!("{host} CER"), &cer)), ok());
        peer
    };
    let mut aaa1 = connect(&mut wire, "aaa1.test");
    let mut aaa2 = connect(&mut wire, "aaa2.test");
    let mut exchange = |peer: &mut Mme, name: &str, req: Vec<u8>| wire.call(peer, name, &req);

    let req = mar_request(&mut aaa1, NAI, 2, PRIME);
    assert_eq!(verified_sqns(&exchange(&mut aaa1, "MAR, EAP-AKA'", req), Some(ANID)).len(), 2);
    let req = mar_request(&mut aaa1, IMSI, 1, PLAIN);
    assert_eq!(verified_sqns(&exchange(&mut aaa1, "MAR, EAP-AKA", req), None).len(), 1);
    let req = sar_request(&mut aaa1, IMSI, Sat::REGISTRATION);
    let saa = exchange(&mut aaa1, "SAR, registration", req);
    assert!(top(&msg(&saa), &swx::NON_3GPP_USER_DATA).is_some());
    let req = mar_request(&mut aaa2, IMSI, 1, PRIME);
    let maa = exchange(&mut aaa2, "MAR, another AAA server", req);
    assert_eq!(result(&maa), AnswerResult::Result(ResultCode::REDIRECT_INDICATION));
    let req = sar_request(&mut aaa2, IMSI, Sat::REGISTRATION);
    let saa = exchange(&mut aaa2, "SAR, another AAA server", req);
    assert_eq!(result(&saa), experimental(experimental::ERROR_IDENTITY_ALREADY_REGISTERED));
    let req = mar_request(&mut aaa1, "001019999999999", 1, PRIME);
    let maa = exchange(&mut aaa1, "MAR, unknown user", req);
    assert_eq!(result(&maa), experimental(experimental::ERROR_USER_UNKNOWN));
    let req = mar_request(&mut aaa1, IMSI, 1, Ask { anid: None, ..PRIME });
    let maa = exchange(&mut aaa1, "MAR, EAP-AKA' without ANID", req);
    assert_eq!(result(&maa), AnswerResult::Result(ResultCode::MISSING_AVP));
    let req = mar_request(&mut aaa1, IMSI, 1, Ask { scheme: AuthScheme::SipDigest, ..PRIME });
    let maa = exchange(&mut aaa1, "MAR, SIP Digest", req);
    assert_eq!(result(&maa), experimental(experimental::ERROR_AUTH_SCHEME_NOT_SUPPORTED));
    let req = sar_request(&mut aaa1, IMSI, Sat::NO_ASSIGNMENT);
    let saa = exchange(&mut aaa1, "SAR, NO_ASSIGNMENT", req);
    assert_eq!(result(&saa), experimental(experimental::ERROR_IN_ASSIGNMENT_TYPE));
    let req = sar_request(&mut aaa1, IMSI, Sat::USER_DEREGISTRATION);
    assert_eq!(result(&exchange(&mut aaa1, "SAR, user deregistration", req)), ok());
    update(hss.store(), |s| s.options.non_3gpp.allowed = false);
    let req = mar_request(&mut aaa1, IMSI, 1, PRIME);
    let maa = exchange(&mut aaa1, "MAR, barred", req);
    assert_eq!(result(&maa), experimental(ResultCode(5450)));

    wire.referee().assert_clean();
    hss.stop();
}
