//! Builders of the S13/S13' messages (TS 29.272 §6.2, §7.2.19-7.2.20): the ECA the EIR function
//! of the HSS sends, and (peer side, for the load generator and tests) the MME's ECR.

use bytes::BytesMut;

use super::s6a::write_terminal_information;
use super::{
    Destination, Origin, Outcome, RequestIds, command_def, finish_answer, start_answer,
    start_request,
};
use crate::code::{ApplicationId, CommandCode};
use crate::dict::{base as b, s13};
use crate::message::Message;
use crate::view::s6a::TerminalInformation;
use crate::view::s13::EquipmentStatus;

/// ME-Identity-Check-Answer (TS 29.272 §6.2.1.2, §7.2.20), with Equipment-Status when given
/// (on success: WHITELISTED, BLACKLISTED or GREYLISTED). An unknown IMEI is Experimental
/// DIAMETER_ERROR_EQUIPMENT_UNKNOWN (5422) without Equipment-Status.
pub fn eca(
    buf: &mut BytesMut,
    req: &Message<'_>,
    origin: &Origin<'_>,
    outcome: Outcome,
    equipment_status: Option<EquipmentStatus>,
) -> usize {
    let mut w = start_answer(buf, req, origin, outcome, Some(ApplicationId::S13), true);
    if let Some(status) = equipment_status {
        w.u32(&s13::EQUIPMENT_STATUS, status.0);
    }
    finish_answer(w, req)
}

/// What an ECR asks (TS 29.272 §7.2.19).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EcrBody<'s> {
    pub terminal_information: TerminalInformation<'s>,
    /// User-Name: the IMSI, when the MME sends it.
    pub imsi: Option<&'s str>,
}

/// ME-Identity-Check-Request, as an MME sends it (peer side).
pub fn ecr(
    buf: &mut BytesMut,
    ids: RequestIds,
    session_id: &str,
    origin: &Origin<'_>,
    dest: &Destination<'_>,
    body: &EcrBody<'_>,
) -> usize {
    let def = command_def(s13::COMMANDS, CommandCode::ME_IDENTITY_CHECK);
    let mut w = start_request(buf, def, ids, session_id, origin, dest);
    write_terminal_information(&mut w, &body.terminal_information);
    if let Some(imsi) = body.imsi {
        w.utf8(&b::USER_NAME, imsi);
    }
    w.finish()
}

/// One ECR and the ECAs that answer it (white, black, grey and unknown equipment).
#[cfg(any(test, feature = "samples"))]
pub fn samples() -> Vec<crate::samples::Sample> {
    use crate::code::experimental;
    use crate::samples::{HSS_HOST, PEER_HOST, REALM, Sample};

    let origin = Origin { host: PEER_HOST, realm: REALM };
    let hss = Origin { host: HSS_HOST, realm: REALM };
    let dest = Destination { host: HSS_HOST, realm: REALM };
    let mut request = BytesMut::new();
    ecr(
        &mut request,
        RequestIds { hop_by_hop: 0x5331_0001, end_to_end: 0x4853_3101 },
        "mme01.epc.mnc001.mcc001.3gppnetwork.org;1700000100;13001",
        &origin,
        &dest,
        &EcrBody {
            terminal_information: TerminalInformation {
                imei: Some("35332011234567"),
                software_version: Some("05"),
                meid: None,
            },
            imsi: Some("001010123456789"),
        },
    );
    let mut out = vec![Sample { name: "s13_ecr", bytes: request.to_vec() }];
    let req = Message::parse(&request).expect("the sample ECR parses");
    let answers: [(&'static str, Outcome, Option<EquipmentStatus>); 3] = [
        ("s13_eca_whitelisted", Outcome::Success, Some(EquipmentStatus::WHITELISTED)),
        ("s13_eca_blacklisted", Outcome::Success, Some(EquipmentStatus::BLACKLISTED)),
        (
            "s13_eca_equipment_unknown",
            Outcome::Experimental(experimental::ERROR_EQUIPMENT_UNKNOWN),
            None,
        ),
    ];
    for (name, outcome, status) in answers {
        let mut buf = BytesMut::new();
        eca(&mut buf, &req, &hss, outcome, status);
        out.push(Sample { name, bytes: buf.to_vec() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::{ResultCode, experimental};
    use crate::view::AnswerResult;
    use crate::view::s13::{EcaView, EcrView};
    use crate::{dict, validate};

    const MME: Origin<'static> = Origin { host: "mme.example.org", realm: "example.org" };
    const HSS: Origin<'static> = Origin { host: "hss.example.org", realm: "example.org" };
    const TO_HSS: Destination<'static> =
        Destination { host: "hss.example.org", realm: "example.org" };

    fn valid(buf: &[u8]) -> Message<'_> {
        let msg = Message::parse(buf).unwrap();
        let def = dict::command(msg.header.application, msg.header.code).unwrap();
        validate::validate(&msg, def).unwrap();
        msg
    }

    fn request(body: &EcrBody<'_>) -> BytesMut {
        let mut buf = BytesMut::new();
        let ids = RequestIds { hop_by_hop: 1, end_to_end: 2 };
        let n = ecr(&mut buf, ids, "mme.example.org;1;1", &MME, &TO_HSS, body);
        assert_eq!(n, buf.len());
        buf
    }

    #[test]
    fn ecr_round_trips_and_eca_answers_each_status() {
        let ti = TerminalInformation {
            imei: Some("35332011234567"),
            software_version: Some("05"),
            meid: None,
        };
        let buf = request(&EcrBody { terminal_information: ti, imsi: Some("001010123456789") });
        let msg = valid(&buf);
        assert_eq!(msg.header.application, ApplicationId::S13);
        let view = EcrView::parse(&msg).unwrap();
        assert_eq!(view.terminal_information, ti);
        assert_eq!(view.imei(), Some("35332011234567"));
        assert_eq!(view.imsi, Some("001010123456789"));
        assert_eq!(view.routing.origin_host, "mme.example.org");

        for status in [
            EquipmentStatus::WHITELISTED,
            EquipmentStatus::BLACKLISTED,
            EquipmentStatus::GREYLISTED,
        ] {
            let mut out = BytesMut::new();
            let n = eca(&mut out, &msg, &HSS, Outcome::Success, Some(status));
            assert_eq!(n, out.len());
            let ans = valid(&out);
            assert_eq!((ans.header.hop_by_hop, ans.header.end_to_end), (1, 2));
            let eca = EcaView::parse(&ans).unwrap();
            assert_eq!(eca.result, AnswerResult::Result(ResultCode::SUCCESS));
            assert_eq!(eca.equipment_status, Some(status));
            assert_eq!(eca.session_id, Some("mme.example.org;1;1"));
            assert_eq!(eca.origin_host, "hss.example.org");
            // Vendor-Specific-Application-Id names S13.
            let vsai = ans
                .find(dict::base::VENDOR_SPECIFIC_APPLICATION_ID.code, crate::VendorId::IETF)
                .unwrap()
                .unwrap();
            let app = vsai
                .child(dict::base::AUTH_APPLICATION_ID.code, crate::VendorId::IETF)
                .unwrap()
                .unwrap();
            assert_eq!(app.u32().unwrap(), ApplicationId::S13.0);
        }
        assert_eq!(EquipmentStatus::GREYLISTED.0, 2);

        let mut out = BytesMut::new();
        eca(
            &mut out,
            &msg,
            &HSS,
            Outcome::Experimental(experimental::ERROR_EQUIPMENT_UNKNOWN),
            None,
        );
        let eca = EcaView::parse(&valid(&out)).unwrap();
        assert_eq!(
            eca.result,
            AnswerResult::Experimental {
                vendor: 10_415,
                code: experimental::ERROR_EQUIPMENT_UNKNOWN
            }
        );
        assert_eq!(eca.equipment_status, None);
    }

    #[test]
    fn ecr_without_terminal_information_or_with_a_bad_imsi_is_refused() {
        // Terminal-Information is required: an empty group passes, its absence is a 5005.
        let buf = request(&EcrBody::default());
        let msg = Message::parse(&buf).unwrap();
        assert!(EcrView::parse(&msg).unwrap().imei().is_none());

        let mut buf = BytesMut::new();
        let def = dict::command(ApplicationId::S13, CommandCode::ME_IDENTITY_CHECK).unwrap();
        let ids = RequestIds { hop_by_hop: 1, end_to_end: 2 };
        let mut w = start_request(&mut buf, def, ids, "s;1", &MME, &TO_HSS);
        w.utf8(&b::USER_NAME, "001010123456789");
        w.finish();
        let err = EcrView::parse(&Message::parse(&buf).unwrap()).unwrap_err();
        assert_eq!(err.result_code, ResultCode::MISSING_AVP);
        let ti = &dict::s6a::TERMINAL_INFORMATION;
        assert_eq!(err, crate::MessageError::missing(ti.code, ti.vendor, ti.ty.min_len()));

        let ti = TerminalInformation { imei: Some("35332011234567"), ..Default::default() };
        let buf = request(&EcrBody { terminal_information: ti, imsi: Some("0010101234x") });
        let err = EcrView::parse(&Message::parse(&buf).unwrap()).unwrap_err();
        assert_eq!(err.result_code, ResultCode::INVALID_AVP_VALUE);
    }

    #[test]
    fn samples_validate() {
        let samples = samples();
        assert_eq!(samples.len(), 4);
        for s in &samples {
            let msg = valid(&s.bytes);
            assert_eq!(msg.header.application, ApplicationId::S13, "{}", s.name);
        }
    }
}
