//! What the peers send. A [`Scenario`] is a procedure of [`Step`]s run for one IMSI: each step
//! is sent once the previous one was answered with success. Each step encodes its request with
//! the codec's peer-side builders and checks its answer ([`Verdict`]).
//!
//! To add a request, add a [`Step`] (its encoder and its answer check); to add a procedure, add
//! a [`ScenarioKind`] or implement [`Scenario`] and call [`crate::run_scenario`].

use std::fmt;

use bytes::BytesMut;
use clap::ValueEnum;
use codec::build::s6a::{AirBody, UlrBody, air, ulr};
use codec::build::{Destination, Origin, RequestIds};
use codec::dict::{base as b, s6a};
use codec::view::s6a::{RatType, RequestedAuthInfo, UlrFlags};
use codec::view::{AnswerResult, AnswerView, index};
use codec::{CommandCode, Message, ResultCode};

use crate::report::ResultKey;

/// A procedure the peers run, one IMSI at a time.
pub trait Scenario: fmt::Debug + Send + Sync {
    /// The name shown in the report.
    fn name(&self) -> &str;
    /// The requests of one procedure, in order; at least one.
    fn steps(&self) -> &[Step];
}

/// The built-in scenarios.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScenarioKind {
    /// Authentication-Information-Request only.
    Air,
    /// Update-Location-Request only.
    Ulr,
    /// An attach: AIR, then ULR for the same IMSI once the AIA succeeded.
    Attach,
}

impl ScenarioKind {
    /// True when the scenario sends AIRs (and so needs `--vectors`).
    pub fn uses_air(self) -> bool {
        self.steps().contains(&Step::Air)
    }
}

impl Scenario for ScenarioKind {
    fn name(&self) -> &str {
        match self {
            Self::Air => "air",
            Self::Ulr => "ulr",
            Self::Attach => "attach",
        }
    }

    fn steps(&self) -> &[Step] {
        match self {
            Self::Air => &[Step::Air],
            Self::Ulr => &[Step::Ulr],
            Self::Attach => &[Step::Air, Step::Ulr],
        }
    }
}

/// One request a scenario sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// Authentication-Information-Request asking for E-UTRAN vectors.
    Air,
    /// Update-Location-Request from an MME over E-UTRAN (S6a indicator set).
    Ulr,
}

/// Everything a request is built from besides its step.
#[derive(Debug, Clone, Copy)]
pub struct RequestContext<'s> {
    /// Hop-by-hop and end-to-end identifiers.
    pub ids: RequestIds,
    /// Session-Id, `{origin_host};{peer};{counter}`.
    pub session_id: &'s str,
    /// The peer's Origin-Host and Origin-Realm.
    pub origin: Origin<'s>,
    /// Destination-Host and Destination-Realm.
    pub destination: Destination<'s>,
    /// User-Name.
    pub imsi: &'s str,
    /// Visited-PLMN-Id, TS 24.008 encoding.
    pub visited_plmn_id: [u8; 3],
    /// Number-Of-Requested-Vectors of an AIR.
    pub vectors: u32,
}

/// How an answer counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Result-Code 2001 and the content the step expects.
    Success,
    /// Any other Result-Code or Experimental-Result-Code.
    Failure(ResultKey),
    /// An answer that cannot be read, or a success without what it must carry.
    Invalid(&'static str),
}

impl Step {
    /// The command name, e.g. `"AIR"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Air => "AIR",
            Self::Ulr => "ULR",
        }
    }

    /// The command code of the request and its answer.
    pub fn command(self) -> CommandCode {
        match self {
            Self::Air => CommandCode::AUTHENTICATION_INFORMATION,
            Self::Ulr => CommandCode::UPDATE_LOCATION,
        }
    }

    /// Appends the request to `buf`; returns its length.
    pub fn encode(self, buf: &mut BytesMut, cx: &RequestContext<'_>) -> usize {
        match self {
            Self::Air => {
                let body = AirBody {
                    imsi: cx.imsi,
                    visited_plmn_id: cx.visited_plmn_id,
                    eutran: Some(RequestedAuthInfo {
                        number_of_requested_vectors: Some(cx.vectors),
                        immediate_response_preferred: true,
                        resync: None,
                    }),
                    ..AirBody::default()
                };
                air(buf, cx.ids, cx.session_id, &cx.origin, &cx.destination, &body)
            }
            Self::Ulr => {
                let body = UlrBody {
                    imsi: cx.imsi,
                    visited_plmn_id: cx.visited_plmn_id,
                    rat_type: RatType::EUTRAN,
                    ulr_flags: UlrFlags::S6A_S6D_INDICATOR,
                    terminal_information: None,
                    ue_srvcc_capability: None,
                    sgsn_number: None,
                    homogeneous_support_of_ims_voice_over_ps_sessions: None,
                    active_apns: &[],
                    equivalent_plmns: &[],
                    mme_number_for_mt_sms: None,
                    sms_register_request: None,
                    supported_features: &[],
                };
                ulr(buf, cx.ids, cx.session_id, &cx.origin, &cx.destination, &body)
            }
        }
    }

    /// Judges the answer to this step's request (matched by its identifiers). A successful
    /// AIA must carry between 1 and `vectors` E-UTRAN vectors.
    pub fn check(self, answer: &Message<'_>, vectors: u32) -> Verdict {
        if answer.is_request() || answer.header.code != self.command() {
            return Verdict::Invalid("answer of another command");
        }
        let d = AnswerView::DEFS;
        let Ok(found) = index(answer, [d[0], d[1], d[2], d[3], d[4], &s6a::AUTHENTICATION_INFO])
        else {
            return Verdict::Invalid("malformed answer");
        };
        let view = match AnswerView::from_index(answer, &found) {
            Ok(v) => v,
            Err(_) => return Verdict::Invalid("answer without Origin or result"),
        };
        match view.result {
            AnswerResult::Result(ResultCode::SUCCESS) => {}
            AnswerResult::Result(c) => return Verdict::Failure(ResultKey::Result(c.0)),
            AnswerResult::Experimental { code, .. } => {
                return Verdict::Failure(ResultKey::Experimental(code.0));
            }
        }
        match self {
            Self::Air => {
                let Some(info) = found[5] else {
                    return Verdict::Invalid("AIA success without Authentication-Info");
                };
                let mut n = 0u32;
                for child in info.group() {
                    match child {
                        Ok(c) if c.is(s6a::E_UTRAN_VECTOR.code, s6a::E_UTRAN_VECTOR.vendor) => {
                            n += 1;
                        }
                        Ok(_) => {}
                        Err(_) => return Verdict::Invalid("malformed Authentication-Info"),
                    }
                }
                if n == 0 || n > vectors {
                    return Verdict::Invalid("AIA with a wrong number of E-UTRAN vectors");
                }
                Verdict::Success
            }
            Self::Ulr => Verdict::Success,
        }
    }
}

/// The Result-Code of a CEA or DPA, `None` when it has none.
pub(crate) fn base_result(answer: &Message<'_>) -> Option<u32> {
    let [rc] = index(answer, [&b::RESULT_CODE]).ok()?;
    rc?.u32().ok()
}

#[cfg(test)]
mod tests {
    use codec::build::s6a::{AiaBody, AuthenticationInfo, EutranVectorData, UlaBody, aia, ula};
    use codec::build::{Outcome, base::dwa};
    use codec::code::experimental;
    use codec::view::s6a::{AirView, UlrView};

    use super::*;

    const ORIGIN: Origin<'static> = Origin { host: "mme.test", realm: "test" };
    const HSS: Origin<'static> = Origin { host: "hss.test", realm: "test" };

    fn request(step: Step) -> BytesMut {
        let mut buf = BytesMut::new();
        let cx = RequestContext {
            ids: RequestIds { hop_by_hop: 7, end_to_end: 9 },
            session_id: "mme.test;0;1",
            origin: ORIGIN,
            destination: Destination { host: "hss.test", realm: "test" },
            imsi: "001010000000001",
            visited_plmn_id: [0x00, 0xf1, 0x10],
            vectors: 2,
        };
        let n = step.encode(&mut buf, &cx);
        assert_eq!(n, buf.len());
        buf
    }

    fn aia_with(req: &Message<'_>, outcome: Outcome, vectors: usize) -> BytesMut {
        let (rand, xres, autn, kasme) = ([1u8; 16], [2u8; 8], [3u8; 16], [4u8; 32]);
        let v = EutranVectorData { rand: &rand, xres: &xres, autn: &autn, kasme: &kasme };
        let all = [v; 3];
        let body = AiaBody {
            vectors: AuthenticationInfo { eutran: &all[..vectors], ..Default::default() },
            ..Default::default()
        };
        let mut buf = BytesMut::new();
        aia(&mut buf, req, &HSS, outcome, &body);
        buf
    }

    fn verdict(step: Step, answer: &[u8]) -> Verdict {
        step.check(&Message::parse(answer).expect("answer parses"), 2)
    }

    #[test]
    fn requests_read_back_as_the_hss_sees_them() {
        let buf = request(Step::Air);
        let msg = Message::parse(&buf).expect("AIR parses");
        let v = AirView::parse(&msg).expect("AIR view");
        assert_eq!(v.imsi, "001010000000001");
        assert_eq!(v.eutran.and_then(|e| e.number_of_requested_vectors), Some(2));
        assert_eq!(v.routing.destination_host, Some("hss.test"));
        assert_eq!((msg.header.hop_by_hop, msg.header.end_to_end), (7, 9));
        let buf = request(Step::Ulr);
        let v = UlrView::parse(&Message::parse(&buf).expect("ULR parses")).expect("ULR view");
        assert!(v.is_s6a());
        assert_eq!(v.visited_plmn_id, [0x00, 0xf1, 0x10]);
    }

    #[test]
    fn requests_pass_the_dictionary_validation_the_hss_applies() {
        for step in [Step::Air, Step::Ulr] {
            let buf = request(step);
            let msg = Message::parse(&buf).expect("request parses");
            let def = codec::dict::command(codec::ApplicationId::S6A, step.command())
                .expect("S6a command in the dictionary");
            assert_eq!(codec::validate::validate(&msg, def), Ok(()), "{step:?}");
        }
    }

    #[test]
    fn aia_answers_are_judged_by_result_and_vectors() {
        let req = request(Step::Air);
        let req = Message::parse(&req).expect("AIR");
        assert_eq!(verdict(Step::Air, &aia_with(&req, Outcome::Success, 2)), Verdict::Success);
        assert_eq!(verdict(Step::Air, &aia_with(&req, Outcome::Success, 1)), Verdict::Success);
        assert!(matches!(
            verdict(Step::Air, &aia_with(&req, Outcome::Success, 3)),
            Verdict::Invalid(_)
        ));
        assert!(matches!(
            verdict(Step::Air, &aia_with(&req, Outcome::Success, 0)),
            Verdict::Invalid(_)
        ));
        let unknown = aia_with(&req, Outcome::Experimental(experimental::ERROR_USER_UNKNOWN), 0);
        assert_eq!(verdict(Step::Air, &unknown), Verdict::Failure(ResultKey::Experimental(5001)));
        let busy = aia_with(&req, Outcome::Result(ResultCode::TOO_BUSY), 0);
        assert_eq!(verdict(Step::Air, &busy), Verdict::Failure(ResultKey::Result(3004)));
        // The AIA is not the answer to a ULR.
        assert!(matches!(
            verdict(Step::Ulr, &aia_with(&req, Outcome::Success, 1)),
            Verdict::Invalid(_)
        ));
    }

    #[test]
    fn ula_answers_count_by_result() {
        let req = request(Step::Ulr);
        let req = Message::parse(&req).expect("ULR");
        let mut ok = BytesMut::new();
        ula(&mut ok, &req, &HSS, Outcome::Success, &UlaBody::default());
        assert_eq!(verdict(Step::Ulr, &ok), Verdict::Success);
        let mut bad = BytesMut::new();
        let roaming = Outcome::Experimental(experimental::ERROR_ROAMING_NOT_ALLOWED);
        ula(&mut bad, &req, &HSS, roaming, &UlaBody::default());
        assert_eq!(verdict(Step::Ulr, &bad), Verdict::Failure(ResultKey::Experimental(5004)));
    }

    #[test]
    fn base_answers_give_their_result_code() {
        let mut dwr = BytesMut::new();
        codec::build::base::dwr(
            &mut dwr,
            RequestIds { hop_by_hop: 1, end_to_end: 1 },
            &ORIGIN,
            None,
        );
        let mut ans = BytesMut::new();
        dwa(&mut ans, &Message::parse(&dwr).expect("DWR"), &HSS, None);
        assert_eq!(base_result(&Message::parse(&ans).expect("DWA")), Some(2001));
        assert_eq!(base_result(&Message::parse(&dwr).expect("DWR")), None);
    }

    #[test]
    fn attach_is_air_then_ulr() {
        assert_eq!(ScenarioKind::Attach.steps(), [Step::Air, Step::Ulr]);
        assert!(ScenarioKind::Attach.uses_air() && !ScenarioKind::Ulr.uses_air());
        assert_eq!(ScenarioKind::Attach.name(), "attach");
    }
}
