//! Views of the S13/S13' messages (TS 29.272 §6.2, §7.2.19-7.2.20): the ME-Identity-Check
//! request the EIR function of the HSS receives, and (peer side, for the load generator and
//! tests) its answer.

use super::s6a::{TerminalInformation, imsi};
use super::{AnswerResult, AnswerView, Routing, answered, opt_u32, require, routed, scan};
use crate::dict::{base as b, s6a, s13};
use crate::error::MessageError;
use crate::message::Message;

/// Equipment-Status (TS 29.272 §7.3.51): a `u32` newtype, so an unknown value still decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EquipmentStatus(pub u32);

impl EquipmentStatus {
    /// The IMEI is allowed.
    pub const WHITELISTED: Self = Self(0);
    /// The IMEI is barred.
    pub const BLACKLISTED: Self = Self(1);
    /// The IMEI is tracked.
    pub const GREYLISTED: Self = Self(2);
}

/// ME-Identity-Check-Request (TS 29.272 §6.2.1.1, §7.2.19), from the MME or SGSN.
#[derive(Debug, Clone, Copy)]
pub struct EcrView<'a> {
    pub msg: Message<'a>,
    pub routing: Routing<'a>,
    /// The equipment identity to check (its IMEI is what an EIR looks up).
    pub terminal_information: TerminalInformation<'a>,
    /// User-Name when present, checked to be an IMSI like S6a's ([`imsi`]).
    pub imsi: Option<&'a str>,
}

impl<'a> EcrView<'a> {
    /// Reads an ECR.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = scan(msg, routed![&s6a::TERMINAL_INFORMATION, &b::USER_NAME], |_| Ok(()))?;
        let routing = Routing::from_index(&f)?;
        let [.., ti, un] = f;
        Ok(Self {
            msg: *msg,
            routing,
            terminal_information: TerminalInformation::parse(&require(
                ti,
                &s6a::TERMINAL_INFORMATION,
            )?)?,
            imsi: un.map(|u| imsi(&u)).transpose()?,
        })
    }

    /// The IMEI, when Terminal-Information has one.
    pub fn imei(&self) -> Option<&'a str> {
        self.terminal_information.imei
    }
}

/// ME-Identity-Check-Answer (TS 29.272 §7.2.20). Peer side: the HSS sends ECAs; this view is
/// for the load generator (which plays the MME) and for tests.
#[derive(Debug, Clone, Copy)]
pub struct EcaView<'a> {
    pub msg: Message<'a>,
    pub session_id: Option<&'a str>,
    pub origin_host: &'a str,
    pub origin_realm: &'a str,
    pub result: AnswerResult,
    pub equipment_status: Option<EquipmentStatus>,
}

impl<'a> EcaView<'a> {
    /// Reads an ECA.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = scan(msg, answered![&s13::EQUIPMENT_STATUS], |_| Ok(()))?;
        let AnswerView { session_id, origin_host, origin_realm, result, .. } =
            AnswerView::from_index(msg, &f)?;
        let [.., status] = f;
        Ok(Self {
            msg: *msg,
            session_id,
            origin_host,
            origin_realm,
            result,
            equipment_status: opt_u32(status)?.map(EquipmentStatus),
        })
    }
}
