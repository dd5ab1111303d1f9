//! Without sockets: the user names SWx takes, what each Server-Assignment-Type does, the
//! Non-3GPP-User-Data made from a subscriber (APNs filtered, PDN GW, barring), and a cold
//! subscriber deferred from a shard. The socket tests (`engine/tests/swx.rs`) cover the rest.

use std::net::IpAddr;
use std::sync::Arc;

use bytes::BytesMut;
use codec::Message;
use codec::build::swx::{self as b, Non3gppUserData, SwxMarBody};
use codec::view::cx::{AuthScheme, ServerAssignmentType as Sat};
use codec::view::swx::RatType;
use store::{Imsi, PgwIdentity, SeededRand, Store, StoreConfig, Subscriber};
use testkit::prelude::*;

use super::assign::{Assignment, assignment};
use super::imsi_of;
use super::profile::with_user_data;
use crate::apps::{APPS, AppSettings, Deferral, Handled, Lane, Node, Serving, Table};

const IMSI: &str = "001010000000001";

#[test]
fn user_names_are_imsis_or_imsi_based_nais() {
    let imsi = Some(Imsi::parse(IMSI).expect("IMSI"));
    assert_eq!(imsi_of(IMSI), imsi);
    assert_eq!(imsi_of("0001010000000001@nai.epc.mnc001.mcc001.3gppnetwork.org"), imsi);
    assert_eq!(imsi_of("6001010000000001@nai.epc.mnc001.mcc001.3gppnetwork.org"), imsi);
    for other in [
        "",
        "@nai.epc.mnc001.mcc001.3gppnetwork.org",
        "0@realm",
        "pseudonym@nai.epc.mnc001.mcc001.3gppnetwork.org",
        "0001010000000001",
        "00101000000000a",
        "é001010000000001@realm",
    ] {
        assert_eq!(imsi_of(other), None, "{other:?}");
    }
}

#[test]
fn each_assignment_type_has_its_effect() {
    let of = |sat| assignment(sat).ok();
    assert_eq!(of(Sat::REGISTRATION), Some(Assignment::Register));
    assert_eq!(of(Sat::AAA_USER_DATA_REQUEST), Some(Assignment::Profile));
    for sat in
        [Sat::USER_DEREGISTRATION, Sat::ADMINISTRATIVE_DEREGISTRATION, Sat::TIMEOUT_DEREGISTRATION]
    {
        assert_eq!(of(sat), Some(Assignment::Deregister), "{sat:?}");
    }
    assert_eq!(of(Sat::PGW_UPDATE), Some(Assignment::Acknowledge));
    assert_eq!(of(Sat::RESTORATION), Some(Assignment::Acknowledge));
    for sat in [Sat::NO_ASSIGNMENT, Sat::RE_REGISTRATION, Sat::UNREGISTERED_USER, Sat(99)] {
        assert_eq!(of(sat), None, "{sat:?}");
    }
}

/// A store with the subscriber of [`IMSI`] on APNs 1 (internet, the default), 2 (ims, static
/// 10.45.0.7) and 3 (mms, a PDN GW by host), changed by `change`.
fn store_with(change: impl FnOnce(&mut Subscriber)) -> Store {
    let store = mem(StoreConfig::default());
    ensure_apn_profile(&store, &apn_profile(1, "internet"));
    ensure_apn_profile(&store, &apn_profile(2, "ims"));
    let mut mms = apn_profile(3, "mms");
    mms.options.charging_characteristics = Some("0800".into());
    mms.options.pgw = Some(PgwIdentity {
        address: Some("192.0.2.9".parse().expect("address")),
        host: Some("pgw1.epc.test".into()),
        realm: Some("epc.test".into()),
    });
    ensure_apn_profile(&store, &mms);
    let imsi = Imsi::parse(IMSI).expect("IMSI");
    let mut sub = subscriber(imsi, Some("15550000001"), &[1, 2, 3]);
    sub.apns[1].static_ipv4 = Some(std::net::Ipv4Addr::new(10, 45, 0, 7));
    change(&mut sub);
    store.create_subscriber(&sub).expect("subscriber");
    store.create_auth(imsi, &auth_data(EUTRAN_AMF, 0)).expect("keys");
    store
}

/// What `with_user_data` gives for the subscriber of `store`, in plain values.
#[derive(Debug, PartialEq)]
struct Seen {
    access: Option<u32>,
    apn_access: Option<u32>,
    msisdn: Option<String>,
    default: Option<u32>,
    apns: Vec<(u32, String, Vec<IpAddr>)>,
}

fn seen(store: &Store) -> (Seen, Vec<Option<String>>) {
    let entry = store.subscriber_entry(Imsi::parse(IMSI).expect("IMSI").key()).expect("entry");
    with_user_data(&entry, |d: &Non3gppUserData<'_>| {
        let apns = d.apn_configurations.iter().map(|a| {
            (
                a.context_identifier,
                a.service_selection.to_owned(),
                a.served_party_ip_addresses.to_vec(),
            )
        });
        let pgws = d
            .apn_configurations
            .iter()
            .map(|a| a.mip6_agent_info.and_then(|m| m.home_agent_host).map(|h| h.host.to_owned()));
        let seen = Seen {
            access: d.non_3gpp_ip_access,
            apn_access: d.non_3gpp_ip_access_apn,
            msisdn: d.msisdn.map(str::to_owned),
            default: d.context_identifier,
            apns: apns.collect(),
        };
        (seen, pgws.collect())
    })
}

#[test]
fn the_profile_lists_the_apns_allowed_over_non_3gpp_access() {
    let static_ip: IpAddr = "10.45.0.7".parse().expect("address");
    let (all, pgws) = seen(&store_with(|_| {}));
    assert_eq!((all.access, all.apn_access), (Some(0), Some(0)));
    assert_eq!((all.msisdn.as_deref(), all.default), (Some("15550000001"), Some(1)));
    let names: Vec<&str> = all.apns.iter().map(|(_, n, _)| n.as_str()).collect();
    assert_eq!(names, ["internet", "ims", "mms"]);
    assert_eq!(all.apns[1].2, [static_ip]);
    assert_eq!(pgws, [None, None, Some("pgw1.epc.test".to_owned())]);

    // Only IMS and MMS over Wi-Fi: the default APN is not among them, the first one stands in.
    let (some, _) = seen(&store_with(|s| s.options.non_3gpp.apns = vec![apn_id(3), apn_id(2)]));
    assert_eq!(some.apns.iter().map(|a| a.0).collect::<Vec<_>>(), [2, 3]);
    assert_eq!(some.default, Some(2));

    // APNs disabled: none listed; barred or disabled: BARRED, which only a PPR carries.
    let (none, _) = seen(&store_with(|s| s.options.non_3gpp.apn_access = false));
    assert_eq!((none.apn_access, none.apns.len(), none.default), (Some(1), 0, None));
    let (barred, _) = seen(&store_with(|s| s.options.non_3gpp.allowed = false));
    assert_eq!(barred.access, Some(1));
    let (disabled, _) = seen(&store_with(|s| s.options.disabled = true));
    assert_eq!(disabled.access, Some(1));
}

#[test]
fn a_cold_subscriber_is_deferred_from_a_shard_with_its_sqns() {
    let node = Node {
        origin_host: "hss.test".into(),
        origin_realm: "test".into(),
        home_plmn: home_plmn(),
        store: Arc::new(store_with(|_| {})),
        apps: AppSettings::default(),
    };
    let mut aaa = MmeBuilder::new("aaa.test", "hss.test", "test");
    aaa.realm = "test".into();
    let req = aaa.request_with(|buf, ids, session, origin, dest| {
        let body = SwxMarBody {
            user_name: IMSI,
            sip_number_auth_items: 2,
            scheme: AuthScheme::EapAkaPrime,
            resync: None,
            rat_type: Some(RatType::WLAN),
            an_trusted: None,
            anid: Some("WLAN"),
            visited_network_identifier: None,
            terminal_information: None,
            aaa_failure_indication: None,
        };
        b::mar(buf, ids, session, origin, dest, &body);
    });
    let req = Message::parse(&req).expect("MAR");
    let (mut out, mut outbound) = (BytesMut::new(), Vec::new());
    let mut rand = SeededRand::new(1);
    let mut with = Serving { now: std::time::UNIX_EPOCH, rand: &mut rand, outbound: &mut outbound };
    let table = Table::new(APPS);
    let grant = crate::peer::Grant::any_peer(vec![codec::ApplicationId::SWX], "aaa", "realm");
    let handled = table.dispatch(&node, &grant, &req, Lane::Shard, &mut out, &mut with);
    let subscriber = Imsi::parse(IMSI).expect("IMSI").key();
    assert_eq!(handled, Handled::Deferred(Deferral { subscriber, sqns: 2 }));
    assert!(out.is_empty(), "nothing written when deferred");
    let handled = table.dispatch(&node, &grant, &req, Lane::Slow, &mut out, &mut with);
    assert_eq!(handled, Handled::Answered);
    assert_eq!(result(&out), codec::view::AnswerResult::Result(codec::ResultCode::SUCCESS));
}
