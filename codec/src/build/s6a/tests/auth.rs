//! AIR and AIA.

use super::*;

#[test]
fn air_round_trips_through_the_view() {
    let mut resync = [0u8; 30];
    resync[..16].copy_from_slice(&[0xab; 16]);
    resync[16..].copy_from_slice(&[0xcd; 14]);
    let features =
        [FEATURES[0], SupportedFeatures { vendor_id: 10_415, feature_list_id: 2, feature_list: 1 }];
    let eutran = RequestedAuthInfo {
        number_of_requested_vectors: Some(3),
        immediate_response_preferred: true,
        resync: Some(&resync),
    };
    let utran_geran =
        RequestedAuthInfo { number_of_requested_vectors: Some(2), ..Default::default() };
    let buf = air_request(&AirBody {
        imsi: IMSI,
        visited_plmn_id: PLMN,
        eutran: Some(eutran),
        utran_geran: Some(utran_geran),
        air_flags: Some(AirFlags::SEND_UE_USAGE_TYPE),
        supported_features: &features,
    });
    let msg = valid(&buf);
    assert!(msg.is_request() && msg.header.flags.is_proxiable());
    assert_eq!(
        (msg.header.code, msg.header.application),
        (CommandCode::AUTHENTICATION_INFORMATION, ApplicationId::S6A)
    );

    let view = AirView::parse(&msg).unwrap();
    assert_eq!(view.routing.session_id, Some(SID));
    assert_eq!((view.routing.origin_host, view.routing.origin_realm), (MME.host, MME.realm));
    assert_eq!(view.routing.destination_host, Some(TO_HSS.host));
    assert_eq!(view.imsi, IMSI);
    assert_eq!(view.visited_plmn_id, PLMN);
    assert_eq!(view.eutran, Some(eutran));
    assert_eq!(view.utran_geran, Some(utran_geran));
    assert_eq!(view.air_flags, AirFlags::SEND_UE_USAGE_TYPE);
    assert_eq!(view.supported_features().collect::<Vec<_>>(), features);
    let (rand, auts) = view.eutran.unwrap().rand_auts().unwrap();
    assert_eq!((rand, auts), (&[0xab; 16], &[0xcd; 14]));
    assert_eq!(view.utran_geran.unwrap().rand_auts(), None);

    // Absent optional parts read as absent.
    let view_msg = simple_air();
    let view = AirView::parse(&valid(&view_msg)).unwrap();
    assert_eq!(view.air_flags, AirFlags::EMPTY);
    assert!(view.utran_geran.is_none() && view.supported_features().next().is_none());
    assert!(!view.eutran.unwrap().immediate_response_preferred);
}

#[test]
fn aia_carries_the_vectors_in_order_with_item_numbers() {
    let req_buf = simple_air();
    let req = valid(&req_buf);
    let material: Vec<Material> = (0..5).map(Material::new).collect();
    let eutran: Vec<_> = material.iter().map(Material::eutran).collect();
    let body = AiaBody {
        vectors: AuthenticationInfo { eutran: &eutran, ..Default::default() },
        ue_usage_type: Some(7),
        supported_features: &FEATURES,
        error_diagnostic: None,
    };
    let mut out = BytesMut::new();
    let n = aia(&mut out, &req, &HSS, Outcome::Success, &body);
    assert_eq!(n, out.len());
    let ans = valid(&out);
    check_answer_envelope(&ans, &req, &HSS);
    assert!(!ans.header.flags.is_error());
    assert_eq!(AnswerResult::from_answer(&ans).unwrap(), AnswerResult::Result(ResultCode::SUCCESS));
    assert_eq!(top(&ans, &dict::tgpp::SUPPORTED_FEATURES).len(), 1);
    assert_eq!(top(&ans, &dict::s6a::UE_USAGE_TYPE)[0].u32().unwrap(), 7);

    let info = top(&ans, &dict::s6a::AUTHENTICATION_INFO);
    assert_eq!(info.len(), 1);
    let vectors = all(&info[0], &dict::s6a::E_UTRAN_VECTOR);
    assert_eq!(vectors.len(), 5);
    assert!(all(&info[0], &dict::s6a::UTRAN_VECTOR).is_empty());
    for (i, (v, m)) in vectors.iter().zip(&material).enumerate() {
        assert_eq!(u32_of(v, &dict::s6a::ITEM_NUMBER), i as u32 + 1);
        assert_eq!(one(v, &dict::s6a::RAND).data, m.rand);
        assert_eq!(one(v, &dict::s6a::XRES).data, m.xres);
        assert_eq!(one(v, &dict::s6a::AUTN).data, m.autn);
        assert_eq!(one(v, &dict::s6a::KASME).data, m.kasme);
    }
}

#[test]
fn an_e_utran_vector_is_laid_out_byte_for_byte() {
    let req_buf = simple_air();
    let req = valid(&req_buf);
    let (rand, xres, autn, kasme) = ([0x11; 16], [0x22; 8], [0x33; 16], [0x44; 32]);
    let v = [EutranVectorData { rand: &rand, xres: &xres, autn: &autn, kasme: &kasme }];
    let body = AiaBody {
        vectors: AuthenticationInfo { eutran: &v, ..Default::default() },
        ..Default::default()
    };
    let mut out = BytesMut::new();
    aia(&mut out, &req, &HSS, Outcome::Success, &body);
    let ans = valid(&out);
    let info = top(&ans, &dict::s6a::AUTHENTICATION_INFO)[0];
    let expect = hex::decode(concat!(
        "00000586",
        "c0000094",
        "000028af", // E-UTRAN-Vector (1414), V M, 148 bytes, 3GPP
        "0000058b",
        "c0000010",
        "000028af",
        "00000001", // Item-Number (1419) = 1
        "000005a7",
        "c000001c",
        "000028af",
        "11111111111111111111111111111111", // RAND (1447)
        "000005a8",
        "c0000014",
        "000028af",
        "2222222222222222", // XRES (1448)
        "000005a9",
        "c000001c",
        "000028af",
        "33333333333333333333333333333333", // AUTN (1449)
        "000005aa",
        "c000002c",
        "000028af", // KASME (1450), 32 octets
        "4444444444444444444444444444444444444444444444444444444444444444",
    ))
    .unwrap();
    assert_eq!(info.data, &expect[..]);
    // Authentication-Info (1413) wraps exactly that one vector.
    assert_eq!(&info.raw[..12], hex::decode("00000585c00000a0000028af").unwrap());
}

#[test]
fn aia_carries_utran_quintuplets_and_geran_triplets() {
    let req_buf = simple_air();
    let req = valid(&req_buf);
    let material: Vec<Material> = (0..3).map(Material::new).collect();
    let utran: Vec<_> = material.iter().map(Material::utran).collect();
    let geran: Vec<_> = material.iter().map(Material::geran).collect();
    let body = AiaBody {
        vectors: AuthenticationInfo { eutran: &[], utran: &utran[..2], geran: &geran },
        ..Default::default()
    };
    let mut out = BytesMut::new();
    aia(&mut out, &req, &HSS, Outcome::Success, &body);
    let ans = valid(&out);
    let info = top(&ans, &dict::s6a::AUTHENTICATION_INFO)[0];
    let quintuplets = all(&info, &dict::s6a::UTRAN_VECTOR);
    assert_eq!(quintuplets.len(), 2);
    for (i, (q, m)) in quintuplets.iter().zip(&material).enumerate() {
        assert_eq!(u32_of(q, &dict::s6a::ITEM_NUMBER), i as u32 + 1);
        assert_eq!(one(q, &dict::s6a::RAND).data, m.rand);
        assert_eq!(one(q, &dict::s6a::XRES).data, m.xres);
        assert_eq!(one(q, &dict::s6a::AUTN).data, m.autn);
        assert_eq!(one(q, &cx::CONFIDENTIALITY_KEY).data, m.ck);
        assert_eq!(one(q, &cx::INTEGRITY_KEY).data, m.ik);
    }
    let triplets = all(&info, &dict::s6a::GERAN_VECTOR);
    assert_eq!(triplets.len(), 3);
    for (t, m) in triplets.iter().zip(&material) {
        assert_eq!(one(t, &dict::s6a::RAND).data, m.rand);
        assert_eq!(one(t, &dict::s6a::SRES).data, m.sres);
        assert_eq!(one(t, &dict::s6a::KC).data, m.kc);
    }
}

#[test]
fn aia_errors_carry_the_result_and_no_vectors() {
    let req_buf = simple_air();
    let req = valid(&req_buf);
    let m = Material::new(1);
    let v = [m.eutran()];
    // Vectors handed to an error answer are not written.
    let body = AiaBody {
        vectors: AuthenticationInfo { eutran: &v, ..Default::default() },
        ue_usage_type: Some(1),
        ..Default::default()
    };
    let cases = [
        (experimental::ERROR_USER_UNKNOWN, 5001),
        (experimental::ERROR_ROAMING_NOT_ALLOWED, 5004),
        (experimental::AUTHENTICATION_DATA_UNAVAILABLE, 4181),
        (experimental::ERROR_UNKNOWN_EPS_SUBSCRIPTION, 5420),
    ];
    for (code, number) in cases {
        let mut out = BytesMut::new();
        aia(&mut out, &req, &HSS, Outcome::Experimental(code), &body);
        let ans = valid(&out);
        check_answer_envelope(&ans, &req, &HSS);
        assert!(!ans.header.flags.is_error(), "{number} is not a protocol error");
        assert_eq!(
            AnswerResult::from_answer(&ans).unwrap(),
            AnswerResult::Experimental { vendor: 10_415, code: ResultCode(number) }
        );
        assert!(top(&ans, &b::RESULT_CODE).is_empty());
        assert!(top(&ans, &dict::s6a::AUTHENTICATION_INFO).is_empty());
        assert!(top(&ans, &dict::s6a::UE_USAGE_TYPE).is_empty());
    }
    // A 3xxx protocol error sets the E bit and is valid as a generic error answer.
    let mut out = BytesMut::new();
    aia(&mut out, &req, &HSS, Outcome::Result(ResultCode::TOO_BUSY), &AiaBody::default());
    let ans = valid(&out);
    assert!(ans.header.flags.is_error());
}

#[test]
fn answers_copy_the_proxy_info_last() {
    let mut buf = BytesMut::new();
    let mut w = start_request(
        &mut buf,
        command_def(dict::s6a::COMMANDS, CommandCode::AUTHENTICATION_INFORMATION),
        IDS,
        SID,
        &MME,
        &TO_HSS,
    );
    w.utf8(&b::USER_NAME, IMSI);
    w.octets(&dict::s6a::VISITED_PLMN_ID, &PLMN);
    for state in [&b"one"[..], b"two"] {
        w.group(&b::PROXY_INFO, |g| {
            g.utf8(&b::PROXY_HOST, "dra.example.org");
            g.octets(&b::PROXY_STATE, state);
        });
    }
    w.finish();
    let req = valid(&buf);
    let mut out = BytesMut::new();
    ula(&mut out, &req, &HSS, Outcome::Success, &UlaBody::default());
    let ans = valid(&out);
    let avps: Vec<_> = ans.avps().map(Result::unwrap).collect();
    let n = avps.len();
    for (avp, state) in avps[n - 2..].iter().zip([&b"one"[..], b"two"]) {
        assert_eq!(avp.code, b::PROXY_INFO.code);
        assert_eq!(one(avp, &b::PROXY_STATE).data, state);
    }
}
