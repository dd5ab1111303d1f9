//! One request a scenario sends ([`Step`]): how it is encoded with the codec's peer-side
//! builders, which application it belongs to (advertised in the CER), and how its answer is
//! judged ([`Judgement`]).
//!
//! Adding a request (a Cx MAR, an Sh UDR, ...) is a new variant here: its name, command code,
//! application, encoder and answer check. Nothing else in the client needs to change: requests
//! and answers are matched by identifiers, and the CER advertises every application the run's
//! steps use.

use bytes::BytesMut;
use codec::build::base::dwr;
use codec::build::s6a::{AirBody, PurBody, UlrBody, air, pur, ulr};
use codec::build::{Destination, Origin, RequestIds};
use codec::dict::{base as b, s6a};
use codec::view::s6a::{PurFlags, RequestedAuthInfo};
use codec::view::{AnswerResult, AnswerView, index};
use codec::{ApplicationId, CommandCode, Message, ResultCode};

use crate::judgement::{Judgement, ResultKey};

/// One request a scenario sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Step {
    /// Authentication-Information-Request asking for E-UTRAN vectors.
    Air,
    /// Update-Location-Request from an MME over E-UTRAN (S6a indicator set).
    Ulr,
    /// Purge-UE-Request from an MME (UE purged in MME).
    Pur,
    /// Device-Watchdog-Request (base protocol, no subscriber): measures the peer's Diameter
    /// stack alone, for comparing with other stacks.
    Dwr,
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

impl Step {
    /// The command name, e.g. `"AIR"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Air => "AIR",
            Self::Ulr => "ULR",
            Self::Pur => "PUR",
            Self::Dwr => "DWR",
        }
    }

    /// The command code of the request and its answer.
    pub fn command(self) -> CommandCode {
        match self {
            Self::Air => CommandCode::AUTHENTICATION_INFORMATION,
            Self::Ulr => CommandCode::UPDATE_LOCATION,
            Self::Pur => CommandCode::PURGE_UE,
            Self::Dwr => CommandCode::DEVICE_WATCHDOG,
        }
    }

    /// The application the CER must advertise for this request; `None` for the base protocol.
    pub fn application(self) -> Option<ApplicationId> {
        match self {
            Self::Air | Self::Ulr | Self::Pur => Some(ApplicationId::S6A),
            Self::Dwr => None,
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
                let body = UlrBody::eutran(cx.imsi, cx.visited_plmn_id);
                ulr(buf, cx.ids, cx.session_id, &cx.origin, &cx.destination, &body)
            }
            Self::Pur => {
                let body = PurBody {
                    imsi: cx.imsi,
                    pur_flags: Some(PurFlags::UE_PURGED_IN_MME),
                    ..PurBody::default()
                };
                pur(buf, cx.ids, cx.session_id, &cx.origin, &cx.destination, &body)
            }
            Self::Dwr => dwr(buf, cx.ids, &cx.origin, None),
        }
    }

    /// Judges the answer to this step's request (matched by its identifiers). A successful
    /// AIA must carry between 1 and `vectors` E-UTRAN vectors; ULA, PUA and DWA need only
    /// Result-Code 2001.
    pub fn check(self, answer: &Message<'_>, vectors: u32) -> Judgement {
        if answer.is_request() || answer.header.code != self.command() {
            return Judgement::Invalid("answer of another command");
        }
        let d = AnswerView::DEFS;
        let Ok(found) = index(answer, [d[0], d[1], d[2], d[3], d[4], &s6a::AUTHENTICATION_INFO])
        else {
            return Judgement::Invalid("malformed answer");
        };
        let view = match AnswerView::from_index(answer, &found) {
            Ok(v) => v,
            Err(_) => return Judgement::Invalid("answer without Origin or result"),
        };
        match view.result {
            AnswerResult::Result(ResultCode::SUCCESS) => {}
            AnswerResult::Result(c) => return Judgement::Failure(ResultKey::Result(c.0)),
            AnswerResult::Experimental { code, .. } => {
                return Judgement::Failure(ResultKey::Experimental(code.0));
            }
        }
        match self {
            Self::Air => {
                let Some(info) = found[5] else {
                    return Judgement::Invalid("AIA success without Authentication-Info");
                };
                let mut n = 0u32;
                for child in info.group() {
                    match child {
                        Ok(c) if c.is(s6a::E_UTRAN_VECTOR.code, s6a::E_UTRAN_VECTOR.vendor) => {
                            n += 1;
                        }
                        Ok(_) => {}
                        Err(_) => return Judgement::Invalid("malformed Authentication-Info"),
                    }
                }
                if n == 0 || n > vectors {
                    return Judgement::Invalid("AIA with a wrong number of E-UTRAN vectors");
                }
                Judgement::Success
            }
            Self::Ulr | Self::Pur | Self::Dwr => Judgement::Success,
        }
    }
}

/// The Result-Code of a CEA or DPA, `None` when it has none.
pub(crate) fn base_result(answer: &Message<'_>) -> Option<u32> {
    let [rc] = index(answer, [&b::RESULT_CODE]).ok()?;
    rc?.u32().ok()
}

#[cfg(test)]
#[path = "step_tests.rs"]
mod tests;
