//! User-Data templates end to end: the daemon, a template and a subscription naming it
//! provisioned over REST, and an S-CSCF whose SAR gets the rendered template (values escaped);
//! a replaced template is rendered at the next SAR; bad templates are refused with the reason.

mod support;

use api::client::Client;
use codec::build::cx::{self as cb, SarBody};
use codec::dict::cx;
use codec::view::AnswerResult;
use codec::view::cx::{ServerAssignmentType as Sat, UserDataAlreadyAvailable};
use codec::{ApplicationId, ResultCode};
use engine::config::Config;
use engine::daemon::Daemon;
use serde_json::json;
use support::*;

const IMPI: &str = "bob@ims.example.org";
const IMPU: &str = "sip:bob@ims.example.org";

fn template(as_name: &str) -> serde_json::Value {
    let text = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><IMSSubscription><PrivateID>{{{{ impi }}}}</PrivateID><ServiceProfile>{{% for p in public_identities %}}<PublicIdentity><Identity>{{{{ p.impu }}}}</Identity><Extension><IdentityType>0</IdentityType><Extension><DisplayName>{{{{ p.display_name }}}}</DisplayName></Extension></Extension></PublicIdentity>{{% endfor %}}<InitialFilterCriteria><Priority>0</Priority><ApplicationServer><ServerName>{as_name}</ServerName><DefaultHandling>0</DefaultHandling></ApplicationServer></InitialFilterCriteria></ServiceProfile></IMSSubscription>"
    );
    json!({"name": "volte", "template": text})
}

/// Registers the user from a new S-CSCF connection: the SAA's User-Data, and the S-CSCF.
fn user_data(daemon: &Daemon) -> (String, Mme) {
    let settings = Config::default().engine;
    let addr = daemon.engine().local_addr();
    let mut scscf = Mme::connect(addr, "scscf.test", &settings.origin_host, &settings.origin_realm);
    scscf.tgpp_apps = vec![ApplicationId::CX];
    scscf.exchange_capabilities();
    let req = scscf.request_with(|buf, ids, s, o, d| {
        let body = SarBody {
            user_name: Some(IMPI),
            public_identities: &[IMPU],
            wildcarded_public_identity: None,
            server_name: "sip:scscf.ims.example.org",
            server_assignment_type: Sat::REGISTRATION,
            user_data_already_available: UserDataAlreadyAvailable::USER_DATA_NOT_AVAILABLE,
            scscf_restoration_info: None,
            multiple_registration_indication: None,
            session_priority: None,
            sar_flags: None,
        };
        cb::sar(buf, ids, s, o, d, &body);
    });
    let saa = scscf.call(&req);
    assert_eq!(result(&saa), AnswerResult::Result(ResultCode::SUCCESS));
    let data = top(&msg(&saa), &cx::USER_DATA).expect("User-Data").octets();
    (String::from_utf8(data.to_vec()).expect("UTF-8"), scscf)
}

#[test]
fn a_template_renders_the_user_data_and_a_new_one_replaces_it() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let daemon = daemon(dir.path(), 1);
    let rest = Client::new(daemon.rest_addr());

    // Refused with the renderer's reason: a syntax error, a document that is not XML.
    let reply = rest.post("/user-data-templates", &json!({"name": "x", "template": "{% if %}"}));
    let reply = reply.expect("REST");
    assert_eq!((reply.status, reply.error_field()), (422, Some("template")));
    let reply =
        rest.post("/user-data-templates", &json!({"name": "x", "template": "<a>"})).expect("REST");
    assert_eq!((reply.status, reply.error_field()), (422, Some("template")));

    let reply = rest.post("/user-data-templates", &template("sip:as1.example.org")).expect("REST");
    assert_eq!(reply.status, 201, "{:?}", reply.body);
    let id = reply.body["id"].as_u64().expect("id");
    let sub = json!({
        "private_identities": [{"impi": IMPI, "schemes": ["SIP Digest"], "digest_password": "pw"}],
        "public_identities": [{"impu": IMPU, "display_name": "Bob & <Co>"}],
        "service_profiles": [{}],
        "user_data_template": id
    });
    let reply = rest.post("/ims-subscriptions", &sub).expect("REST");
    assert_eq!(reply.status, 201, "{:?}", reply.body);
    assert_eq!(reply.body["user_data_template"], id);

    let (xml, scscf) = user_data(&daemon);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    let text = |name: &str| {
        doc.descendants()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .map(str::to_owned)
    };
    assert_eq!(text("PrivateID").as_deref(), Some(IMPI));
    assert_eq!(text("DisplayName").as_deref(), Some("Bob & <Co>"), "escaped in the XML");
    assert_eq!(text("ServerName").as_deref(), Some("sip:as1.example.org"));

    // A new version of the template is pushed to the registered user's S-CSCF (PPR) and is
    // what the next SAR carries.
    let path = format!("/user-data-templates/{id}");
    let body = template("sip:as2.example.org").to_string();
    let answering = std::thread::spawn(move || {
        let mut scscf = scscf;
        let ppr = scscf.next_request();
        let m = msg(&ppr);
        let mut buf = bytes::BytesMut::new();
        cb::ppa(&mut buf, &m, &scscf.origin(), codec::build::Outcome::Success);
        scscf.send(&buf);
        ppr
    });
    let reply = rest.send("PUT", &path, Some(&body), Some("application/json")).expect("REST");
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.body["push_profiles_sent"], 1);
    let ppr = answering.join().expect("the S-CSCF thread");
    let pushed = top(&msg(&ppr), &cx::USER_DATA).expect("User-Data").octets();
    assert!(String::from_utf8_lossy(pushed).contains("sip:as2.example.org"));
    assert!(user_data(&daemon).0.contains("sip:as2.example.org"));
    // In use: not deleted.
    let reply = rest.delete(&path).expect("REST");
    assert_eq!((reply.status, reply.error_code()), (409, Some("user_data_template.in_use")));

    // A subscription may not name a template that does not exist.
    let mut other = sub.clone();
    other["private_identities"][0]["impi"] = json!("eve@ims.example.org");
    other["public_identities"][0]["impu"] = json!("sip:eve@ims.example.org");
    other["user_data_template"] = json!(999);
    let reply = rest.post("/ims-subscriptions", &other).expect("REST");
    assert_eq!((reply.status, reply.error_field()), (422, Some("user_data_template")));
    daemon.shutdown_with_grace(std::time::Duration::ZERO).expect("clean stop");
}
