//! S13 end to end over TCP, the test playing an MME's EIR client: CEA advertises S13; ECRs
//! against exact, pattern and IMSI-bound rules (the check digit ignored), both kinds of
//! default (a status, or 5422 unknown equipment), and tshark over what hssd answered.

mod support;

use codec::build::s13::{self as b, EcrBody};
use codec::code::experimental;
use codec::dict::s13;
use codec::view::AnswerResult;
use codec::view::s6a::TerminalInformation;
use codec::{ApplicationId, ResultCode};
use store::{EirDefault, EirRule, EquipmentStatus};
use support::*;

const IMSI: &str = "001010000000001";

fn rule(
    imei: Option<&str>,
    regex: Option<&str>,
    imsi: Option<&str>,
    status: EquipmentStatus,
) -> EirRule {
    EirRule {
        id: 0,
        imei: imei.map(Into::into),
        imei_regex: regex.map(Into::into),
        imsi: imsi.map(Into::into),
        status,
        description: None,
    }
}

/// An ECR for `imei` (with `imsi` as User-Name): the request and its answer.
fn ecr(mme: &mut Mme, imei: &str, imsi: Option<&str>) -> (Vec<u8>, Vec<u8>) {
    let req = mme.request_with(|buf, ids, s, o, d| {
        let terminal_information =
            TerminalInformation { imei: Some(imei), software_version: None, meid: None };
        b::ecr(buf, ids, s, o, d, &EcrBody { terminal_information, imsi });
    });
    let answer = mme.call(&req);
    (req, answer)
}

fn status(answer: &[u8]) -> u32 {
    assert_eq!(result(answer), AnswerResult::Result(ResultCode::SUCCESS));
    u32_of(top(&msg(answer), &s13::EQUIPMENT_STATUS))
}

#[test]
fn ecr_gets_the_most_specific_rule_or_the_default() {
    let hss = Hss::start(2);
    let store = hss.store();
    store
        .create_eir_rule(&rule(None, Some("3569.*"), None, EquipmentStatus::Greylisted))
        .expect("rule");
    store
        .create_eir_rule(&rule(Some("35693803564380"), None, None, EquipmentStatus::Blacklisted))
        .expect("rule");
    store
        .create_eir_rule(&rule(None, Some("4901.*"), Some(IMSI), EquipmentStatus::Blacklisted))
        .expect("rule");
    let mut mme = Mme::connect(hss.addr(), "mme1.test", hss.origin_host(), hss.origin_realm());
    mme.tgpp_apps = vec![ApplicationId::S13];
    mme.exchange_capabilities();
    let mut wire = Vec::new();
    let mut check = |mme: &mut Mme, imei: &str, imsi: Option<&str>| {
        let (req, answer) = ecr(mme, imei, imsi);
        wire.push((format!("ECR {imei}"), req));
        wire.push((format!("ECA {imei}"), answer.clone()));
        answer
    };

    // The exact IMEI beats the pattern, whatever the check digit or SV.
    assert_eq!(status(&check(&mut mme, "356938035643809", None)), 1, "blacklisted");
    assert_eq!(status(&check(&mut mme, "3569380356438012", None)), 1, "IMEISV");
    assert_eq!(status(&check(&mut mme, "356938035643999", None)), 2, "greylisted by the pattern");
    // The IMSI-bound rule applies only with that IMSI.
    assert_eq!(status(&check(&mut mme, "490154203237518", Some(IMSI))), 1);
    assert_eq!(status(&check(&mut mme, "490154203237518", None)), 0, "the default: whitelisted");
    assert_eq!(status(&check(&mut mme, "490154203237518", Some("001010000000002"))), 0);

    // No default: unknown equipment.
    store.set_eir_default(EirDefault { status: None }).expect("default");
    let answer = check(&mut mme, "111111111111111", None);
    assert_eq!(result(&answer), experimental(experimental::ERROR_EQUIPMENT_UNKNOWN));
    assert!(top(&msg(&answer), &s13::EQUIPMENT_STATUS).is_none());
    testkit::tshark::referee(&wire).assert_clean();
    hss.stop();
}

#[test]
fn checks_are_kept_and_the_equipment_last_seen_too() {
    let hss = Hss::start(1);
    let store = hss.store();
    store
        .create_eir_rule(&rule(Some("35693803564380"), None, None, EquipmentStatus::Blacklisted))
        .expect("rule");
    let mut mme = Mme::connect(hss.addr(), "mme1.test", hss.origin_host(), hss.origin_realm());
    mme.tgpp_apps = vec![ApplicationId::S13];
    mme.exchange_capabilities();
    ecr(&mut mme, "356938035643809", Some(IMSI));
    ecr(&mut mme, "490154203237518", None);

    let all = store.eir_history(None, None, 10).expect("history");
    assert_eq!(all.len(), 2);
    assert!(all[0].seq > all[1].seq, "newest first");
    let by_imsi = store.eir_history(Some(IMSI), None, 10).expect("history");
    assert_eq!(by_imsi.len(), 1);
    assert_eq!(by_imsi[0].status, Some(EquipmentStatus::Blacklisted));
    assert_eq!(by_imsi[0].peer, "mme1.test");
    let by_imei = store.eir_history(None, Some("49015420323751"), 10).expect("history");
    assert_eq!((by_imei.len(), by_imei[0].rule), (1, None), "the default decided");
    let imsi = store::Imsi::parse(IMSI).expect("IMSI");
    let seen = store.equipment(imsi.key()).expect("read").expect("seen");
    assert_eq!((seen.imei.as_str(), seen.source.as_str()), ("356938035643809", "ecr"));
    hss.stop();
}
