//! The requests the HSS sends (CLR, IDR, DSR) and the MME's answers.

use super::*;

#[test]
fn clr_says_why_and_cla_answers_it() {
    let body = ClrBody {
        imsi: IMSI,
        cancellation_type: CancellationType::SUBSCRIPTION_WITHDRAWAL,
        clr_flags: Some(ClrFlags::S6A_S6D_INDICATOR | ClrFlags::REATTACH_REQUIRED),
        supported_features: &FEATURES,
    };
    let mut buf = BytesMut::new();
    assert_eq!(clr(&mut buf, IDS, SID, &HSS, &TO_MME, &body), buf.len());
    let req = valid(&buf);
    check_request_envelope(&req, CommandCode::CANCEL_LOCATION);
    assert_eq!(top(&req, &dict::s6a::CANCELLATION_TYPE)[0].u32().unwrap(), 2);
    assert_eq!(top(&req, &dict::s6a::CLR_FLAGS)[0].u32().unwrap(), 0b11);
    assert_eq!(top(&req, &dict::tgpp::SUPPORTED_FEATURES).len(), 1);

    let mut out = BytesMut::new();
    assert_eq!(cla(&mut out, &req, &MME, Outcome::Success), out.len());
    let ans = valid(&out);
    check_answer_envelope(&ans, &req, &MME);
    let view = ClaView::parse(&ans).unwrap();
    assert_eq!(view.result, AnswerResult::Result(ResultCode::SUCCESS));
    assert_eq!(
        (view.session_id, view.origin_host, view.origin_realm),
        (Some(SID), MME.host, MME.realm)
    );
    assert_eq!(view.supported_features().count(), 0);

    let mut out = BytesMut::new();
    cla(&mut out, &req, &MME, Outcome::Result(ResultCode::UNABLE_TO_COMPLY));
    let view = ClaView::parse(&valid(&out)).unwrap();
    assert_eq!(view.result, AnswerResult::Result(ResultCode::UNABLE_TO_COMPLY));
    assert!(!view.result.is_success());
}

#[test]
fn idr_carries_the_subscription_and_ida_answers_it() {
    use dict::s6a;
    let data = SubscriptionData {
        apn_configuration_profile: Some(ApnProfile::Structured(ApnConfigurationProfile {
            all_apn_configurations_included: false,
            apn_configurations: &[IMS],
            ..PROFILE
        })),
        ..Default::default()
    };
    let body = IdrBody {
        imsi: IMSI,
        subscription_data: &data,
        idr_flags: Some(IdrFlags::T_ADS_DATA_REQUEST | IdrFlags::EPS_USER_STATE_REQUEST),
        supported_features: &[],
    };
    let mut buf = BytesMut::new();
    assert_eq!(idr(&mut buf, IDS, SID, &HSS, &TO_MME, &body), buf.len());
    let req = valid(&buf);
    check_request_envelope(&req, CommandCode::INSERT_SUBSCRIBER_DATA);
    assert_eq!(top(&req, &s6a::IDR_FLAGS)[0].u32().unwrap(), 0b110);
    let sd = top(&req, &s6a::SUBSCRIPTION_DATA)[0];
    assert!(all(&sd, &sh::MSISDN).is_empty());
    let profile = one(&sd, &s6a::APN_CONFIGURATION_PROFILE);
    assert_eq!(
        u32_of(&profile, &s6a::ALL_APN_CONFIGURATIONS_INCLUDED_INDICATOR),
        1,
        "modified/added only"
    );
    let apns = all(&profile, &s6a::APN_CONFIGURATION);
    assert_eq!(apns.len(), 1);
    check_apn(&apns[0], &IMS);

    let location = EpsLocationInformation {
        mme: Some(MmeLocationInformation {
            tracking_area_identity: Some(&[0x00, 0xf1, 0x10, 0x00, 0x07]),
            ..Default::default()
        }),
        sgsn: None,
    };
    let ida_body = IdaBody {
        ims_voice_over_ps_sessions_supported: Some(1),
        last_ue_activity_time: Some(3_912_345_678),
        rat_type: Some(RatType::EUTRAN),
        ida_flags: Some(IdaFlags::NETWORK_NODE_AREA_RESTRICTED),
        eps_user_state: Some(EpsUserState {
            mme: Some(UserState::ATTACHED_REACHABLE_FOR_PAGING),
            sgsn: Some(UserState::DETACHED),
        }),
        eps_location_information: Some(location),
    };
    let mut out = BytesMut::new();
    assert_eq!(ida(&mut out, &req, &MME, Outcome::Success, &ida_body), out.len());
    let ans = valid(&out);
    check_answer_envelope(&ans, &req, &MME);
    let view = IdaView::parse(&ans).unwrap();
    assert_eq!(view.result, AnswerResult::Result(ResultCode::SUCCESS));
    assert_eq!(view.ida_flags, IdaFlags::NETWORK_NODE_AREA_RESTRICTED);
    assert_eq!(view.ims_voice_over_ps_sessions_supported, Some(1));
    assert_eq!(view.last_ue_activity_time, Some(3_912_345_678));
    assert_eq!(view.rat_type, Some(RatType::EUTRAN));
    assert_eq!(view.eps_user_state, ida_body.eps_user_state);
    assert_eq!(view.eps_location_information, Some(location));

    let mut out = BytesMut::new();
    ida(
        &mut out,
        &req,
        &MME,
        Outcome::Experimental(experimental::ERROR_USER_UNKNOWN),
        &IdaBody::default(),
    );
    let view = IdaView::parse(&valid(&out)).unwrap();
    assert_eq!(
        view.result,
        AnswerResult::Experimental { vendor: 10_415, code: experimental::ERROR_USER_UNKNOWN }
    );
    assert_eq!((view.ida_flags, view.eps_user_state, view.rat_type), (IdaFlags::EMPTY, None, None));
}

#[test]
fn dsr_names_the_contexts_and_dsa_answers_it() {
    let body = DsrBody {
        imsi: IMSI,
        dsr_flags: DsrFlags::PDN_SUBSCRIPTION_CONTEXTS_WITHDRAWAL | DsrFlags::STN_SR,
        context_identifiers: &[2, 5],
        supported_features: &FEATURES,
    };
    let mut buf = BytesMut::new();
    assert_eq!(dsr(&mut buf, IDS, SID, &HSS, &TO_MME, &body), buf.len());
    let req = valid(&buf);
    check_request_envelope(&req, CommandCode::DELETE_SUBSCRIBER_DATA);
    assert_eq!(top(&req, &dict::s6a::DSR_FLAGS)[0].u32().unwrap(), 0b1_1000);
    let contexts: Vec<_> =
        top(&req, &dict::s6a::CONTEXT_IDENTIFIER).iter().map(|a| a.u32().unwrap()).collect();
    assert_eq!(contexts, [2, 5]);

    let mut out = BytesMut::new();
    assert_eq!(
        dsa(&mut out, &req, &MME, Outcome::Success, Some(DsaFlags::NETWORK_NODE_AREA_RESTRICTED)),
        out.len()
    );
    let ans = valid(&out);
    check_answer_envelope(&ans, &req, &MME);
    let view = DsaView::parse(&ans).unwrap();
    assert_eq!(view.result, AnswerResult::Result(ResultCode::SUCCESS));
    assert_eq!(view.dsa_flags, DsaFlags::NETWORK_NODE_AREA_RESTRICTED);
}
