//! CER/CEA: acceptance, common applications, allow-list, malformed CER, before and after CER.

use std::time::Duration;

use codec::dict::base as b;
use codec::{ApplicationId, AvpCode, CommandCode, ResultCode, VendorId};

use super::support::*;
use crate::peer::{
    CloseCause, CloseReason, Dispatch, Initiator, PeerConfigError, PeerPolicy, PeerState, Role,
    Served, Timers, Watchdog,
};

const S6A: (ApplicationId, VendorId) = (ApplicationId::S6A, VendorId::TGPP);
const S13: (ApplicationId, VendorId) = (ApplicationId::S13, VendorId::TGPP);

fn refused(code: ResultCode) -> Dispatch {
    Dispatch::Close(CloseReason {
        initiator: Initiator::Local,
        cause: CloseCause::CapabilitiesRejected(code),
    })
}

#[test]
fn cer_opens_and_cea_lists_exactly_our_applications() {
    let mut pair = PeerPair::new(config(None, Timers::default()));
    assert_eq!(pair.hss.state(), PeerState::WaitCer);
    assert_eq!(pair.hss.watchdog(), Watchdog::Initial);
    pair.mme.tgpp_apps = vec![ApplicationId::S6A, ApplicationId::CX];
    let cer = pair.mme.cer();
    let (d, out) = pair.deliver(&cer);
    assert_eq!(d, Dispatch::Opened);
    assert_eq!(out.len(), 1);
    let cea = parse(&out[0]);
    assert!(!cea.is_request() && !cea.header.flags.is_error());
    assert_eq!(cea.header.code, CommandCode::CAPABILITIES_EXCHANGE);
    assert_eq!(cea.header.hop_by_hop, parse(&cer).header.hop_by_hop);
    assert_eq!(result_code(&out[0]), Some(ResultCode::SUCCESS));
    // Every configured application, each once, as Vendor-Specific-Application-Id (3GPP).
    assert_eq!(advertised(&out[0]), vec![S6A, S13]);
    assert_eq!(u32_avp(&out[0], b::SUPPORTED_VENDOR_ID.code), Some(10_415));
    assert_eq!(u32_avp(&out[0], b::ORIGIN_STATE_ID.code), Some(HSS_STATE_ID));
    // The intersection is what the peer may use.
    let peer = pair.hss.peer().expect("open");
    assert_eq!(peer.applications, vec![ApplicationId::S6A]);
    assert_eq!(&*peer.origin_host, MME_HOST);
    assert_eq!(peer.product_name.as_ref(), "fake-mme");
    assert_eq!(peer.origin_state_id, Some(7));
    assert_eq!(pair.hss.state(), PeerState::ROpen);
    assert_eq!(pair.hss.watchdog(), Watchdog::Okay);
    assert!(pair.hss.ready_for_requests());
    // The watchdog runs: Tw = 30 s ± 2 s.
    let tw = pair.hss.poll_timeout().expect("watchdog set") - pair.now;
    assert!((28..=32).contains(&tw.as_secs()), "{tw:?}");
}

#[test]
fn application_ids_count_in_any_form_and_the_vendor_is_ignored() {
    // Plain Auth-Application-Id.
    let mut pair = PeerPair::new(config(None, Timers::default()));
    pair.mme.tgpp_apps = vec![];
    pair.mme.auth_apps = vec![ApplicationId::S13];
    let cer = pair.mme.cer();
    assert_eq!(pair.deliver(&cer).0, Dispatch::Opened);
    assert_eq!(pair.hss.peer().unwrap().applications, vec![ApplicationId::S13]);

    // RFC 6733 §5.3: "The value of the Vendor-Id AVP in the Vendor-Specific-Application-Id
    // MUST NOT be used during computation": S6a under another vendor still counts.
    let mut pair = PeerPair::new(config(None, Timers::default()));
    let cer = {
        let mut buf = bytes::BytesMut::new();
        let mut w = codec::MessageWriter::request(
            &mut buf,
            CommandCode::CAPABILITIES_EXCHANGE,
            ApplicationId::COMMON,
            false,
            1,
            1,
        );
        w.origin(MME_HOST, HSS_REALM);
        w.address(&b::HOST_IP_ADDRESS, "192.0.2.9".parse().unwrap());
        w.u32(&b::VENDOR_ID, 99);
        w.utf8(&b::PRODUCT_NAME, "other");
        w.group(&b::VENDOR_SPECIFIC_APPLICATION_ID, |g| {
            g.u32(&b::VENDOR_ID, 99);
            g.u32(&b::AUTH_APPLICATION_ID, ApplicationId::S6A.0);
        });
        w.finish();
        buf.to_vec()
    };
    assert_eq!(pair.deliver(&cer).0, Dispatch::Opened);
    assert_eq!(pair.hss.peer().unwrap().applications, vec![ApplicationId::S6A]);
}

#[test]
fn a_relay_has_every_application_in_common() {
    let mut pair = PeerPair::new(config(None, Timers::default()));
    pair.mme.tgpp_apps = vec![];
    pair.mme.auth_apps = vec![ApplicationId::RELAY];
    let cer = pair.mme.cer();
    assert_eq!(pair.deliver(&cer).0, Dispatch::Opened);
    assert_eq!(pair.hss.peer().unwrap().applications, vec![ApplicationId::S6A, ApplicationId::S13]);
}

#[test]
fn no_common_application_is_5010_and_close() {
    let mut pair = PeerPair::new(config(None, Timers::default()));
    pair.mme.tgpp_apps = vec![ApplicationId::CX, ApplicationId::SH];
    let cer = pair.mme.cer();
    let (d, out) = pair.deliver(&cer);
    assert_eq!(d, refused(ResultCode::NO_COMMON_APPLICATION));
    assert_eq!(result_code(&out[0]), Some(ResultCode::NO_COMMON_APPLICATION));
    // 5xxx: no E bit; the CEA still carries our capabilities.
    assert!(!parse(&out[0]).header.flags.is_error());
    assert_eq!(advertised(&out[0]), vec![S6A, S13]);
    assert_eq!(pair.hss.state(), PeerState::Closed);
    assert_eq!(pair.hss.poll_timeout(), None);
    assert!(pair.hss.peer().is_none());
}

#[test]
fn allow_list_refuses_unknown_hosts_with_3010() {
    let allowed = [MME_HOST, "mme2.example.org"];
    let mut pair = PeerPair::new(config(Some(&allowed), Timers::default()));
    pair.mme = FakeMme::new("rogue.example.org");
    let cer = pair.mme.cer();
    let (d, out) = pair.deliver(&cer);
    assert_eq!(d, refused(ResultCode::UNKNOWN_PEER));
    assert_eq!(result_code(&out[0]), Some(ResultCode::UNKNOWN_PEER));
    // 3xxx answers carry the E bit (RFC 6733 §7.1.3).
    assert!(parse(&out[0]).header.flags.is_error());

    // Listed hosts get in, compared ignoring case (DiameterIdentity is an FQDN).
    let mut pair = PeerPair::new(config(Some(&allowed), Timers::default()));
    pair.mme = FakeMme::new("MME2.Example.ORG");
    let cer = pair.mme.cer();
    assert_eq!(pair.deliver(&cer).0, Dispatch::Opened);
}

#[test]
fn a_listed_host_is_refused_from_another_address_or_realm() {
    let config = || config(Some(&[MME_HOST]), Timers::default());
    let mut pair = PeerPair::from_address(config(), "198.51.100.7".parse().unwrap());
    let cer = pair.mme.cer();
    assert_eq!(pair.deliver(&cer).0, refused(ResultCode::UNKNOWN_PEER));
    let mut pair = PeerPair::new(config());
    pair.mme.realm = "epc.mnc002.mcc001.3gppnetwork.org".into();
    let cer = pair.mme.cer();
    assert_eq!(pair.deliver(&cer).0, refused(ResultCode::UNKNOWN_PEER));
    // From its network, an IPv4-mapped IPv6 socket address included: in.
    let mapped = std::net::Ipv4Addr::new(192, 0, 2, 99).to_ipv6_mapped();
    let mut pair = PeerPair::from_address(config(), mapped.into());
    let cer = pair.mme.cer();
    assert_eq!(pair.deliver(&cer).0, Dispatch::Opened);
}

#[test]
fn a_listed_peer_gets_only_its_entry_s_applications() {
    let mut entry = mme_entry(MME_HOST);
    entry.applications = vec![ApplicationId::S13];
    let mut pair = PeerPair::new(config_with(PeerPolicy::Table(vec![entry]), Timers::default()));
    pair.mme.tgpp_apps = vec![ApplicationId::S6A, ApplicationId::S13];
    let cer = pair.mme.cer();
    assert_eq!(pair.deliver(&cer).0, Dispatch::Opened);
    assert_eq!(pair.hss.peer().unwrap().applications, vec![ApplicationId::S13]);
    // An AIR (S6a) is now 3007; an entry allowing nothing this node serves is 5010.
    let air = pair.mme.air("001010000000001");
    let (d, out) = pair.deliver(&air);
    assert_eq!(d, Dispatch::Handled);
    assert_eq!(result_code(&out[0]), Some(ResultCode::APPLICATION_UNSUPPORTED));
    let mut entry = mme_entry(MME_HOST);
    entry.applications = vec![ApplicationId::CX];
    let mut pair = PeerPair::new(config_with(PeerPolicy::Table(vec![entry]), Timers::default()));
    let cer = pair.mme.cer();
    assert_eq!(pair.deliver(&cer).0, refused(ResultCode::NO_COMMON_APPLICATION));
}

#[test]
fn requests_carrying_another_origin_are_refused_with_3010() {
    for policy in [PeerPolicy::AnyPeer, PeerPolicy::Table(vec![mme_entry(MME_HOST)])] {
        let mut pair = PeerPair::open_with(config_with(policy, Timers::default()));
        // Its own identity, in another case: served.
        pair.mme.host = MME_HOST.to_ascii_uppercase();
        let air = pair.mme.air("001010000000001");
        assert_eq!(pair.deliver(&air).0, Dispatch::Application);
        // Another MME's name, or another realm: 3010, E bit, the connection stays.
        pair.mme.host = "mme2.epc.mnc001.mcc001.3gppnetwork.org".into();
        let air = pair.mme.air("001010000000001");
        let (d, out) = pair.deliver(&air);
        assert_eq!(d, Dispatch::Handled);
        assert_eq!(result_code(&out[0]), Some(ResultCode::UNKNOWN_PEER));
        assert!(parse(&out[0]).header.flags.is_error());
        pair.mme.host = MME_HOST.into();
        pair.mme.realm = "epc.mnc002.mcc001.3gppnetwork.org".into();
        let air = pair.mme.air("001010000000001");
        assert_eq!(result_code(&pair.deliver(&air).1[0]), Some(ResultCode::UNKNOWN_PEER));
        assert_eq!(pair.hss.state(), PeerState::ROpen);
    }
}

#[test]
fn a_relay_carries_the_requests_of_its_realms_only() {
    let mut entry = mme_entry("dra.epc.mnc001.mcc001.3gppnetwork.org");
    entry.role = Role::Relay;
    entry.applications = Role::Relay.default_applications().to_vec();
    entry.relay_realms = vec!["epc.mnc002.mcc002.3gppnetwork.org".into()];
    let mut pair = PeerPair::new(config_with(PeerPolicy::Table(vec![entry]), Timers::default()));
    pair.mme.host = "dra.epc.mnc001.mcc001.3gppnetwork.org".into();
    let cer = pair.mme.cer();
    assert_eq!(pair.deliver(&cer).0, Dispatch::Opened);
    for (host, realm, served) in [
        ("mme9.epc.mnc002.mcc002.3gppnetwork.org", "epc.mnc002.mcc002.3gppnetwork.org", true),
        ("mme1.epc.mnc001.mcc001.3gppnetwork.org", HSS_REALM, true),
        ("mme1.epc.mnc003.mcc003.3gppnetwork.org", "epc.mnc003.mcc003.3gppnetwork.org", false),
    ] {
        pair.mme.host = host.into();
        pair.mme.realm = realm.into();
        let air = pair.mme.air("001010000000001");
        let (d, out) = pair.deliver(&air);
        if served {
            assert_eq!(d, Dispatch::Application, "{realm}");
        } else {
            assert_eq!(result_code(&out[0]), Some(ResultCode::UNKNOWN_PEER), "{realm}");
        }
    }
}

#[test]
fn malformed_cer_is_answered_with_its_error_and_closed() {
    // Product-Name missing: 5005, Failed-AVP names it, capabilities still there.
    let mut pair = PeerPair::new(config(None, Timers::default()));
    let cer = {
        let mut buf = bytes::BytesMut::new();
        let mut w = codec::MessageWriter::request(
            &mut buf,
            CommandCode::CAPABILITIES_EXCHANGE,
            ApplicationId::COMMON,
            false,
            5,
            6,
        );
        w.origin(MME_HOST, HSS_REALM);
        w.address(&b::HOST_IP_ADDRESS, "192.0.2.9".parse().unwrap());
        w.u32(&b::VENDOR_ID, 0);
        w.u32(&b::AUTH_APPLICATION_ID, ApplicationId::S6A.0);
        w.finish();
        buf.to_vec()
    };
    let (d, out) = pair.deliver(&cer);
    assert_eq!(d, refused(ResultCode::MISSING_AVP));
    assert_eq!(result_code(&out[0]), Some(ResultCode::MISSING_AVP));
    assert_eq!(failed_avp(&out[0]), Some((b::PRODUCT_NAME.code, VendorId::IETF)));
    assert_eq!(advertised(&out[0]), vec![S6A, S13]);
    assert_eq!(hop_by_hop(&out[0]), 5);

    // An unknown AVP with the M bit: 5001.
    let mut pair = PeerPair::new(config(None, Timers::default()));
    let mut cer = pair.mme.cer();
    append_avp(&mut cer, &[0x00, 0x00, 0x27, 0x0f, 0x40, 0x00, 0x00, 0x0c, 0, 0, 0, 1]);
    let (d, out) = pair.deliver(&cer);
    assert_eq!(d, refused(ResultCode::AVP_UNSUPPORTED));
    assert_eq!(failed_avp(&out[0]), Some((AvpCode(9999), VendorId::IETF)));

    // A request with the E bit: 3008, answered with the E bit.
    let mut pair = PeerPair::new(config(None, Timers::default()));
    let mut cer = pair.mme.cer();
    cer[4] |= 0x20;
    let (d, out) = pair.deliver(&cer);
    assert_eq!(d, refused(ResultCode::INVALID_HDR_BITS));
    assert!(parse(&out[0]).header.flags.is_error());
}

#[test]
fn anything_before_cer_closes_without_an_answer() {
    // RFC 6733 §5.6.1: "SHOULD close and discard the connection if any message other than
    // CER arrives".
    let mut mme = FakeMme::new(MME_HOST);
    let firsts = [mme.air("001010000000001"), mme.dwr(), mme.dpr(0)];
    for first in firsts {
        let mut pair = PeerPair::new(config(None, Timers::default()));
        let code = parse(&first).header.code;
        let (d, out) = pair.deliver(&first);
        let reason = CloseReason { initiator: Initiator::Local, cause: CloseCause::NotCer(code) };
        assert_eq!(d, Dispatch::Close(reason));
        assert!(out.is_empty(), "no answer before CER");
        assert_eq!(pair.hss.state(), PeerState::Closed);
        assert_eq!(pair.hss.close_reason(), Some(reason));
        // Further messages in the same read are not processed either.
        let cer = pair.mme.cer();
        let (d, out) = pair.deliver(&cer);
        assert_eq!(d, Dispatch::Close(reason));
        assert!(out.is_empty());
    }
    // A CEA (an answer) is not a CER either.
    let mut pair = PeerPair::new(config(None, Timers::default()));
    let mut cea = pair.mme.cer();
    cea[4] &= !0x80;
    let (d, _) = pair.deliver(&cea);
    assert!(matches!(d, Dispatch::Close(CloseReason { cause: CloseCause::NotCer(_), .. })));
}

#[test]
fn no_cer_in_time_closes() {
    let mut pair = PeerPair::new(config(None, Timers::default()));
    assert_eq!(pair.hss.poll_timeout(), Some(pair.start + Duration::from_secs(10)));
    // Early calls do nothing.
    assert_eq!(pair.advance(Duration::from_secs(9)), (None, vec![]));
    let (close, out) = pair.advance(Duration::from_secs(1));
    assert_eq!(
        close,
        Some(CloseReason { initiator: Initiator::Local, cause: CloseCause::CerTimeout })
    );
    assert!(out.is_empty());
    assert_eq!(pair.hss.poll_timeout(), None);
}

#[test]
fn a_second_cer_is_refused_with_5012_and_the_connection_stays() {
    let mut pair = PeerPair::open();
    pair.mme.tgpp_apps = vec![ApplicationId::S13];
    let cer = pair.mme.cer();
    let (d, out) = pair.deliver(&cer);
    assert_eq!(d, Dispatch::Handled);
    assert_eq!(result_code(&out[0]), Some(ResultCode::UNABLE_TO_COMPLY));
    assert_eq!(pair.hss.state(), PeerState::ROpen);
    // The first exchange still stands.
    assert_eq!(pair.hss.peer().unwrap().applications, vec![ApplicationId::S6A]);
    let air = pair.mme.air("001010000000001");
    assert_eq!(pair.deliver(&air).0, Dispatch::Application);
}

#[test]
fn peer_config_refuses_what_cannot_be_advertised() {
    let bad = |f: fn(&mut crate::peer::LocalPeer), timers: Timers| {
        let mut local = local_peer();
        f(&mut local);
        crate::peer::PeerConfig::new(local, PeerPolicy::AnyPeer, timers).unwrap_err()
    };
    let ok = Timers::default();
    assert_eq!(bad(|l| l.origin_host.clear(), ok), PeerConfigError::EmptyOriginHost);
    assert_eq!(bad(|l| l.origin_realm.clear(), ok), PeerConfigError::EmptyOriginRealm);
    assert_eq!(bad(|l| l.host_ip_addresses.clear(), ok), PeerConfigError::NoHostIpAddress);
    assert_eq!(bad(|l| l.applications.clear(), ok), PeerConfigError::NoApplication);
    fn none(id: ApplicationId) -> Served {
        Served { id, vendor: VendorId::IETF, requests: Vec::new() }
    }
    assert_eq!(
        bad(|l| l.applications.push(none(ApplicationId(4242))), ok),
        PeerConfigError::NoRequest(ApplicationId(4242))
    );
    assert_eq!(
        bad(|l| l.applications.push(none(ApplicationId::RELAY)), ok),
        PeerConfigError::ReservedApplication(ApplicationId::RELAY)
    );
    let short = Timers { watchdog: Duration::from_secs(5), ..ok };
    assert_eq!(bad(|_| {}, short), PeerConfigError::WatchdogTooShort(Duration::from_secs(5)));
    let long = Timers { dpa: Duration::MAX, ..ok };
    assert_eq!(bad(|_| {}, long), PeerConfigError::TimerTooLong("DPA", Duration::MAX));
}

fn hop_by_hop(frame: &[u8]) -> u32 {
    parse(frame).header.hop_by_hop
}

/// Appends one encoded AVP (already padded) to a message and fixes the header length.
pub fn append_avp(msg: &mut Vec<u8>, avp: &[u8]) {
    msg.extend_from_slice(avp);
    let len = (msg.len() as u32).to_be_bytes();
    msg[1..4].copy_from_slice(&len[1..]);
}
