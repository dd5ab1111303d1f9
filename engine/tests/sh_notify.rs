//! Sh notifications caused by other interfaces: an AS subscribed (SNR) to a user's
//! IMSUserState and S-CSCF name gets a Push-Notification when an S-CSCF registers and
//! deregisters the user over Cx (SAR).

mod support;

use bytes::BytesMut;
use codec::build::Outcome;
use codec::build::cx::{self as cb, SarBody};
use codec::build::sh::{self as sb, SnrBody};
use codec::dict::sh;
use codec::view::AnswerResult;
use codec::view::cx::{ServerAssignmentType as Sat, UserDataAlreadyAvailable};
use codec::view::sh::{DataReference as D, ShSubject, SubsReqType, UserIdentity};
use codec::{ApplicationId, CommandCode, ResultCode};
use store::{AsPermissions, ImsSubscription};
use support::*;

const IMPI: &str = "alice@ims.example.org";
const IMPU: &str = "sip:alice@ims.example.org";
const SCSCF: &str = "sip:scscf.ims.example.org";
const OK: AnswerResult = AnswerResult::Result(ResultCode::SUCCESS);

fn peer(hss: &Hss, host: &str, app: ApplicationId) -> Mme {
    let mut peer = Mme::connect(hss.addr(), host, hss.origin_host(), hss.origin_realm());
    peer.tgpp_apps = vec![app];
    peer.exchange_capabilities();
    peer
}

fn sar(scscf: &mut Mme, t: Sat) -> Vec<u8> {
    let req = scscf.request_with(|buf, ids, s, o, d| {
        let body = SarBody {
            user_name: Some(IMPI),
            public_identities: &[IMPU],
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
    });
    scscf.call(&req)
}

/// The next PNR `app_server` receives, answered; the text of its `element`.
fn pnr_value(app_server: &mut Mme, element: &str) -> String {
    let pnr = app_server.next_request();
    assert_eq!(command_code(&pnr), CommandCode::PUSH_NOTIFICATION.0);
    let m = msg(&pnr);
    let data = top(&m, &sh::USER_DATA).expect("User-Data").octets();
    let xml = std::str::from_utf8(data).expect("UTF-8").to_owned();
    let mut buf = BytesMut::new();
    sb::pna(&mut buf, &m, &app_server.origin(), Outcome::Success);
    app_server.send(&buf);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    let node = doc.descendants().find(|n| n.tag_name().name() == element);
    node.and_then(|n| n.text()).unwrap_or_default().to_owned()
}

#[test]
fn a_registration_over_cx_is_pushed_to_the_subscribed_as() {
    let hss = Hss::start(2);
    let sub: ImsSubscription = serde_json::from_value(serde_json::json!({
        "private_identities": [{"impi": IMPI, "schemes": ["SIP Digest"],
                                "digest_ha1": "0123456789abcdef0123456789abcdef"}],
        "public_identities": [{"impu": IMPU}],
        "service_profiles": [{}]
    }))
    .expect("subscription");
    hss.store().create_ims_subscription(&sub).expect("created");
    let perms =
        AsPermissions { name: "as1.test".into(), udr: vec![], pur: vec![], snr: vec![11, 12] };
    hss.store().put_as_permissions(&perms).expect("permissions");

    let mut as1 = peer(&hss, "as1.test", ApplicationId::SH);
    let req = as1.request_with(|buf, ids, s, o, d| {
        let body = SnrBody {
            subject: ShSubject {
                user_identity: UserIdentity::PublicIdentity(IMPU),
                wildcarded_public_identity: None,
                wildcarded_impu: None,
                user_name: None,
            },
            subs_req_type: SubsReqType::SUBSCRIBE,
            data_references: &[D::IMS_USER_STATE],
            service_indications: &[],
            send_data: false,
            server_name: None,
            identity_sets: &[],
            expiry_time: None,
            dsai_tags: &[],
            one_time_notification: false,
        };
        sb::snr(buf, ids, s, o, d, &body);
    });
    assert_eq!(result(&as1.call(&req)), OK);

    let mut scscf = peer(&hss, "scscf.test", ApplicationId::CX);
    assert_eq!(result(&sar(&mut scscf, Sat::REGISTRATION)), OK);
    assert_eq!(pnr_value(&mut as1, "IMSUserState"), "1", "REGISTERED");
    assert_eq!(result(&sar(&mut scscf, Sat::USER_DEREGISTRATION)), OK);
    assert_eq!(pnr_value(&mut as1, "IMSUserState"), "0", "NOT_REGISTERED");
    hss.stop();
}

/// An AS subscribed to a user's iFCs gets them anew after the operator changes the
/// subscription over REST.
#[test]
fn an_ifc_change_over_rest_is_pushed_to_the_subscribed_as() {
    use engine::config::Config;

    let dir = tempfile::tempdir().expect("temporary directory");
    let daemon = daemon(dir.path(), 1);
    let rest = api::client::Client::new(daemon.rest_addr());
    let sub = |server: &str| {
        serde_json::json!({
            "private_identities": [{"impi": IMPI, "schemes": ["SIP Digest"], "digest_password": "pw"}],
            "public_identities": [{"impu": IMPU}],
            "service_profiles": [{"ifcs": [{"priority": 1, "application_server": {"server_name": server}}]}]
        })
    };
    assert_eq!(
        rest.post("/ims-subscriptions", &sub("sip:old.example.org")).expect("REST").status,
        201
    );
    let perms = serde_json::json!({"udr": [], "pur": [], "snr": [13]});
    let reply = rest.send(
        "PUT",
        "/sh/application-servers/as1.test",
        Some(&perms.to_string()),
        Some("application/json"),
    );
    assert_eq!(reply.expect("REST").status, 201);

    let settings = Config::default().engine;
    let mut as1 = Mme::connect(
        daemon.engine().local_addr(),
        "as1.test",
        &settings.origin_host,
        &settings.origin_realm,
    );
    as1.tgpp_apps = vec![ApplicationId::SH];
    as1.exchange_capabilities();
    let req = as1.request_with(|buf, ids, s, o, d| {
        let body = SnrBody {
            subject: ShSubject {
                user_identity: UserIdentity::PublicIdentity(IMPU),
                wildcarded_public_identity: None,
                wildcarded_impu: None,
                user_name: None,
            },
            subs_req_type: SubsReqType::SUBSCRIBE,
            data_references: &[D::INITIAL_FILTER_CRITERIA],
            service_indications: &[],
            send_data: false,
            server_name: None,
            identity_sets: &[],
            expiry_time: None,
            dsai_tags: &[],
            one_time_notification: false,
        };
        sb::snr(buf, ids, s, o, d, &body);
    });
    assert_eq!(result(&as1.call(&req)), OK);

    let answering = std::thread::spawn(move || {
        let value = pnr_value(&mut as1, "ServerName");
        (value, as1)
    });
    let path = format!("/ims-subscriptions/{IMPI}");
    let body = sub("sip:new.example.org").to_string();
    let reply = rest.send("PUT", &path, Some(&body), Some("application/json")).expect("REST");
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let (server, _as1) = answering.join().expect("the AS thread");
    assert_eq!(server, "sip:new.example.org");
    daemon.shutdown_with_grace(std::time::Duration::ZERO).expect("clean stop");
}
