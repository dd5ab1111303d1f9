//! ULR and ULA with Subscription-Data, PUR and PUA, NOR and NOA.

use super::*;

#[test]
fn ulr_round_trips_through_the_view() {
    let sgsn = Tbcd::encode("33609000002").unwrap();
    let mme_number = Tbcd::encode("33609000001").unwrap();
    let pgw = Mip6AgentInfo {
        home_agent_addresses: [
            Some(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1))),
            Some(IpAddr::V6(Ipv6Addr::LOCALHOST)),
        ],
        home_agent_host: Some(HomeAgentHost {
            realm: "epc.example.org",
            host: "pgw.epc.example.org",
        }),
    };
    let active = [
        ActiveApn {
            context_identifier: 1,
            service_selection: Some("internet"),
            mip6_agent_info: Some(pgw),
            visited_network_identifier: None,
        },
        ActiveApn {
            context_identifier: 2,
            service_selection: None,
            mip6_agent_info: None,
            visited_network_identifier: Some(b"mnc001.mcc001"),
        },
    ];
    let terminal = TerminalInformation {
        imei: Some("35332011234567"),
        software_version: Some("05"),
        meid: Some(&[1, 2, 3]),
    };
    let body = UlrBody {
        imsi: IMSI,
        visited_plmn_id: PLMN,
        rat_type: RatType::EUTRAN,
        ulr_flags: UlrFlags::S6A_S6D_INDICATOR
            | UlrFlags::INITIAL_ATTACH_INDICATOR
            | UlrFlags::SKIP_SUBSCRIBER_DATA,
        terminal_information: Some(terminal),
        ue_srvcc_capability: Some(1),
        sgsn_number: Some(sgsn.as_bytes()),
        homogeneous_support_of_ims_voice_over_ps_sessions: Some(0),
        active_apns: &active,
        equivalent_plmns: &[[0x00, 0xf1, 0x20], [0x13, 0x00, 0x62]],
        mme_number_for_mt_sms: Some(mme_number.as_bytes()),
        sms_register_request: Some(0),
        supported_features: &FEATURES,
    };
    let mut buf = BytesMut::new();
    assert_eq!(ulr(&mut buf, IDS, SID, &MME, &TO_HSS, &body), buf.len());
    let msg = valid(&buf);
    let view = UlrView::parse(&msg).unwrap();
    assert_eq!(
        (view.routing.origin_host, view.routing.origin_realm),
        (MME.host, MME.realm),
        "the serving MME"
    );
    assert_eq!(view.imsi, IMSI);
    assert_eq!(view.visited_plmn_id, PLMN);
    assert_eq!(view.rat_type, RatType::EUTRAN);
    assert_eq!(view.ulr_flags, body.ulr_flags);
    assert!(view.is_s6a() && view.skip_subscriber_data());
    assert!(view.ulr_flags.contains(UlrFlags::INITIAL_ATTACH_INDICATOR));
    assert!(!view.ulr_flags.contains(UlrFlags::SINGLE_REGISTRATION_INDICATION));
    assert_eq!(view.terminal_information, Some(terminal));
    assert_eq!(view.ue_srvcc_capability, Some(1));
    assert_eq!(view.sgsn_number, Some(sgsn.as_bytes()));
    assert_eq!(view.homogeneous_support_of_ims_voice_over_ps_sessions, Some(0));
    assert_eq!(
        view.mme_number_for_mt_sms.map(|n| Tbcd::digits(n).collect::<String>()).as_deref(),
        Some("33609000001")
    );
    assert_eq!(view.sms_register_request, Some(0));
    assert_eq!(view.supported_features().collect::<Vec<_>>(), FEATURES);
    assert_eq!(view.active_apns().collect::<Vec<_>>(), active);
    assert_eq!(
        view.equivalent_plmns().collect::<Vec<_>>(),
        [[0x00, 0xf1, 0x20], [0x13, 0x00, 0x62]]
    );
    assert_eq!(view.sgs_mme_identity, None);

    // The bare minimum: no lists, no options.
    let bare = UlrBody {
        ulr_flags: UlrFlags::EMPTY,
        terminal_information: None,
        ue_srvcc_capability: None,
        sgsn_number: None,
        homogeneous_support_of_ims_voice_over_ps_sessions: None,
        active_apns: &[],
        equivalent_plmns: &[],
        mme_number_for_mt_sms: None,
        sms_register_request: None,
        supported_features: &[],
        ..body
    };
    let mut buf = BytesMut::new();
    ulr(&mut buf, IDS, SID, &MME, &TO_HSS, &bare);
    let msg = valid(&buf);
    let view = UlrView::parse(&msg).unwrap();
    assert!(!view.is_s6a() && view.terminal_information.is_none());
    assert_eq!(
        view.active_apns().count()
            + view.equivalent_plmns().count()
            + view.supported_features().count(),
        0
    );
}

fn ulr_request() -> BytesMut {
    let body = UlrBody::eutran(IMSI, PLMN);
    let mut buf = BytesMut::new();
    ulr(&mut buf, IDS, SID, &MME, &TO_HSS, &body);
    buf
}

#[test]
fn ula_writes_the_subscription_that_was_put_in() {
    use dict::{s6a, tgpp};
    let req_buf = ulr_request();
    let req = valid(&req_buf);
    let body = UlaBody {
        ula_flags: UlaFlags::SEPARATION_INDICATION | UlaFlags::MME_REGISTERED_FOR_SMS,
        supported_features: &FEATURES,
        subscription_data: Some(&SUBSCRIPTION),
        error_diagnostic: None,
    };
    let mut out = BytesMut::new();
    assert_eq!(ula(&mut out, &req, &HSS, Outcome::Success, &body), out.len());
    let ans = valid(&out);
    check_answer_envelope(&ans, &req, &HSS);
    assert_eq!(top(&ans, &s6a::ULA_FLAGS)[0].u32().unwrap(), 0b11);
    let sf = SupportedFeatures::parse(&top(&ans, &tgpp::SUPPORTED_FEATURES)[0]).unwrap();
    assert_eq!(sf, FEATURES[0]);

    let data = top(&ans, &s6a::SUBSCRIPTION_DATA)[0];
    assert_eq!(u32_of(&data, &s6a::SUBSCRIBER_STATUS), 0);
    let msisdn = one(&data, &sh::MSISDN).data;
    assert_eq!(msisdn, MSISDN);
    assert_eq!(msisdn, Tbcd::encode(MSISDN_DIGITS).unwrap().as_bytes());
    assert_eq!(Tbcd::digits(msisdn).collect::<String>(), MSISDN_DIGITS);
    assert_eq!(u32_of(&data, &s6a::NETWORK_ACCESS_MODE), 2);
    assert_eq!(u32_of(&data, &s6a::OPERATOR_DETERMINED_BARRING), 0);
    assert_eq!(u32_of(&data, &s6a::ACCESS_RESTRICTION_DATA), 0);
    assert_eq!(one(&data, &s6a::APN_OI_REPLACEMENT).utf8().unwrap(), "mnc001.mcc001.gprs");
    assert_eq!(one(&data, &tgpp::TGPP_CHARGING_CHARACTERISTICS).utf8().unwrap(), "0800");
    assert_eq!(u32_of(&data, &s6a::SUBSCRIBED_PERIODIC_RAU_TAU_TIMER), 3240);
    let ambr = one(&data, &s6a::AMBR);
    assert_eq!(u32_of(&ambr, &tgpp::MAX_REQUESTED_BANDWIDTH_UL), 500_000_000);
    assert_eq!(u32_of(&ambr, &tgpp::MAX_REQUESTED_BANDWIDTH_DL), 1_000_000_000);
    assert!(all(&ambr, &tgpp::EXTENDED_MAX_REQUESTED_BW_DL).is_empty());

    let profile = one(&data, &s6a::APN_CONFIGURATION_PROFILE);
    assert_eq!(u32_of(&profile, &s6a::CONTEXT_IDENTIFIER), 1, "the default APN");
    assert_eq!(u32_of(&profile, &s6a::ALL_APN_CONFIGURATIONS_INCLUDED_INDICATOR), 0);
    let apns = all(&profile, &s6a::APN_CONFIGURATION);
    assert_eq!(apns.len(), 2);
    check_apn(&apns[0], &INTERNET);
    check_apn(&apns[1], &IMS);
    // The internet APN's downlink AMBR of 10 Gbit/s needs the extended AVP (in kbit/s).
    let ambr = one(&apns[0], &s6a::AMBR);
    assert_eq!(u32_of(&ambr, &tgpp::MAX_REQUESTED_BANDWIDTH_UL), 200_000_000);
    assert_eq!(u32_of(&ambr, &tgpp::MAX_REQUESTED_BANDWIDTH_DL), u32::MAX);
    assert_eq!(u32_of(&ambr, &tgpp::EXTENDED_MAX_REQUESTED_BW_DL), 10_000_000);
    assert!(all(&ambr, &tgpp::EXTENDED_MAX_REQUESTED_BW_UL).is_empty());
    // The IMS APN's static addresses, one of each family.
    let ips: Vec<_> =
        all(&apns[1], &tgpp::SERVED_PARTY_IP_ADDRESS).iter().map(|a| a.data.to_vec()).collect();
    assert_eq!(ips[0], [0, 1, 100, 64, 12, 7]);
    assert_eq!(ips[1][..6], [0, 2, 0x20, 0x01, 0x0d, 0xb8]);
}

#[test]
fn an_encoded_apn_profile_gives_the_same_bytes() {
    let req_buf = ulr_request();
    let req = valid(&req_buf);
    let structured = {
        let mut out = BytesMut::new();
        let body = UlaBody { subscription_data: Some(&SUBSCRIPTION), ..Default::default() };
        ula(&mut out, &req, &HSS, Outcome::Success, &body);
        out
    };
    let mut cache = BytesMut::new();
    let n = encode_apn_configuration_profile(&mut cache, &PROFILE);
    assert_eq!(n, cache.len());
    assert_eq!(n % 4, 0, "children are padded");
    let data = SubscriptionData {
        apn_configuration_profile: Some(ApnProfile::Encoded(&cache)),
        ..SUBSCRIPTION
    };
    let mut out = BytesMut::new();
    ula(
        &mut out,
        &req,
        &HSS,
        Outcome::Success,
        &UlaBody { subscription_data: Some(&data), ..Default::default() },
    );
    valid(&out);
    assert_eq!(out, structured);
}

#[test]
fn ula_leaves_out_the_subscription_when_told_and_on_errors() {
    use dict::s6a;
    let req_buf = ulr_request();
    let req = valid(&req_buf);
    let mut out = BytesMut::new();
    let body = UlaBody { ula_flags: UlaFlags::SEPARATION_INDICATION, ..Default::default() };
    ula(&mut out, &req, &HSS, Outcome::Success, &body);
    let ans = valid(&out);
    assert_eq!(top(&ans, &s6a::ULA_FLAGS)[0].u32().unwrap(), 1);
    assert!(top(&ans, &s6a::SUBSCRIPTION_DATA).is_empty());

    let body = UlaBody {
        ula_flags: UlaFlags::SEPARATION_INDICATION,
        subscription_data: Some(&SUBSCRIPTION),
        error_diagnostic: Some(error_diagnostic::ODB_ALL_APN),
        ..Default::default()
    };
    for code in [experimental::ERROR_ROAMING_NOT_ALLOWED, experimental::ERROR_USER_UNKNOWN] {
        let mut out = BytesMut::new();
        ula(&mut out, &req, &HSS, Outcome::Experimental(code), &body);
        let ans = valid(&out);
        check_answer_envelope(&ans, &req, &HSS);
        assert_eq!(
            AnswerResult::from_answer(&ans).unwrap(),
            AnswerResult::Experimental { vendor: 10_415, code }
        );
        assert!(top(&ans, &s6a::ULA_FLAGS).is_empty(), "ULA-Flags only on success");
        assert!(top(&ans, &s6a::SUBSCRIPTION_DATA).is_empty());
        assert_eq!(top(&ans, &s6a::ERROR_DIAGNOSTIC)[0].u32().unwrap(), 2);
    }
}

#[test]
fn ambr_switches_to_the_extended_avps_above_32_bits() {
    use dict::tgpp;
    let written = |ambr: Ambr| {
        let mut buf = BytesMut::new();
        write_ambr(&mut AvpWriter::new(&mut buf), &ambr);
        let avp = crate::AvpIter::new(&buf, 0).next().unwrap().unwrap();
        let get = |def: &AvpDef| all(&avp, def).first().map(|a| a.u32().unwrap());
        [
            get(&tgpp::MAX_REQUESTED_BANDWIDTH_UL),
            get(&tgpp::MAX_REQUESTED_BANDWIDTH_DL),
            get(&tgpp::EXTENDED_MAX_REQUESTED_BW_UL),
            get(&tgpp::EXTENDED_MAX_REQUESTED_BW_DL),
        ]
    };
    let max = u64::from(u32::MAX);
    assert_eq!(written(Ambr { ul_bps: max, dl_bps: 1 }), [Some(u32::MAX), Some(1), None, None]);
    assert_eq!(
        written(Ambr { ul_bps: max + 1, dl_bps: 20_000_000_000 }),
        [Some(u32::MAX), Some(u32::MAX), Some(4_294_967), Some(20_000_000)]
    );
}

// ---- PUR / PUA, NOR / NOA ------------------------------------------------------------------------

#[test]
fn pur_round_trips_and_pua_answers_it() {
    let ecgi = [0x00, 0xf1, 0x10, 0x00, 0x01, 0x9c, 0x01];
    let location = EpsLocationInformation {
        mme: Some(MmeLocationInformation {
            e_utran_cell_global_identity: Some(&ecgi),
            tracking_area_identity: Some(&[0x00, 0xf1, 0x10, 0x00, 0x01]),
            age_of_location_information: Some(12),
        }),
        sgsn: Some(SgsnLocationInformation {
            routing_area_identity: Some(&[0x00, 0xf1, 0x10, 0, 1, 2]),
            ..Default::default()
        }),
    };
    let body = PurBody {
        imsi: IMSI,
        pur_flags: Some(PurFlags::UE_PURGED_IN_MME),
        eps_location_information: Some(location),
        supported_features: &FEATURES,
    };
    let mut buf = BytesMut::new();
    assert_eq!(pur(&mut buf, IDS, SID, &MME, &TO_HSS, &body), buf.len());
    let msg = valid(&buf);
    let view = PurView::parse(&msg).unwrap();
    assert_eq!(view.imsi, IMSI);
    assert_eq!(view.pur_flags, PurFlags::UE_PURGED_IN_MME);
    assert_eq!(view.eps_location_information, Some(location));
    assert_eq!(view.supported_features().collect::<Vec<_>>(), FEATURES);

    let mut out = BytesMut::new();
    assert_eq!(
        pua(&mut out, &msg, &HSS, Outcome::Success, Some(PuaFlags::FREEZE_M_TMSI)),
        out.len()
    );
    let ans = valid(&out);
    check_answer_envelope(&ans, &msg, &HSS);
    assert_eq!(top(&ans, &dict::s6a::PUA_FLAGS)[0].u32().unwrap(), 1);
    let mut out = BytesMut::new();
    pua(&mut out, &msg, &HSS, Outcome::Experimental(experimental::ERROR_USER_UNKNOWN), None);
    assert!(top(&valid(&out), &dict::s6a::PUA_FLAGS).is_empty());
}

#[test]
fn nor_round_trips_and_noa_answers_it() {
    let pgw = Mip6AgentInfo {
        home_agent_addresses: [None, None],
        home_agent_host: Some(HomeAgentHost {
            realm: "epc.example.org",
            host: "pgw.epc.example.org",
        }),
    };
    let body = NorBody {
        imsi: IMSI,
        nor_flags: Some(NorFlags::READY_FOR_SM_FROM_MME | NorFlags::S6A_S6D_INDICATOR),
        terminal_information: Some(TerminalInformation {
            imei: Some("35332011234567"),
            ..Default::default()
        }),
        mip6_agent_info: Some(pgw),
        visited_network_identifier: Some(b"mnc001.mcc001.3gppnetwork.org"),
        context_identifier: Some(3),
        service_selection: Some("ims"),
        alert_reason: Some(1),
        ue_srvcc_capability: Some(0),
        homogeneous_support_of_ims_voice_over_ps_sessions: Some(1),
        supported_features: &FEATURES,
    };
    let mut buf = BytesMut::new();
    assert_eq!(nor(&mut buf, IDS, SID, &MME, &TO_HSS, &body), buf.len());
    let msg = valid(&buf);
    let view = NorView::parse(&msg).unwrap();
    assert_eq!(view.imsi, IMSI);
    assert_eq!(view.nor_flags, body.nor_flags.unwrap());
    assert_eq!(view.terminal_information, body.terminal_information);
    assert_eq!(view.mip6_agent_info, Some(pgw));
    assert_eq!(view.visited_network_identifier, body.visited_network_identifier);
    assert_eq!((view.context_identifier, view.service_selection), (Some(3), Some("ims")));
    assert_eq!((view.alert_reason, view.ue_srvcc_capability), (Some(1), Some(0)));
    assert_eq!(view.homogeneous_support_of_ims_voice_over_ps_sessions, Some(1));
    assert_eq!(view.maximum_ue_availability_time, None);
    assert_eq!(view.supported_features().count(), 1);

    let mut out = BytesMut::new();
    assert_eq!(noa(&mut out, &msg, &HSS, Outcome::Success), out.len());
    let ans = valid(&out);
    check_answer_envelope(&ans, &msg, &HSS);
    assert_eq!(AnswerResult::from_answer(&ans).unwrap(), AnswerResult::Result(ResultCode::SUCCESS));
}
