//! Views of the SWx messages the HSS receives (TS 29.273 §8): MAR and SAR from the 3GPP AAA
//! server, and RTA and PPA, the answers to the HSS's own requests. The AVPs SWx shares with S6a
//! (Terminal-Information, Active-APN, RAT-Type) are read as S6a's, re-exported here.

pub use super::s6a::{ActiveApn, RatType, TerminalInformation};

use super::cx::{AuthDataRequest, ServerAssignmentType, check_each, each, open_enum};
use super::{AnswerView, Routing, index, opt_str, opt_u32, require, require_str, routed};
use crate::avp::RawAvp;
use crate::dict::{base as b, cx, ietf, s6a, swx, tgpp};
use crate::error::MessageError;
use crate::message::Message;

open_enum! {
    /// AN-Trusted (TS 29.273 §5.2.3).
    AnTrusted {
        TRUSTED = 0,
        UNTRUSTED = 1,
    }
}

/// AAA-Failure-Indication bit 0 (TS 29.273): the previously assigned AAA server is
/// unavailable.
pub const AAA_FAILURE: u32 = 1;
/// Emergency-Services bit 0 (TS 29.273): Emergency-Indication.
pub const EMERGENCY_INDICATION: u32 = 1;

/// Multimedia-Auth-Request on SWx (TS 29.273 §8.2.2), from the 3GPP AAA server.
#[derive(Debug, Clone, Copy)]
pub struct SwxMarView<'a> {
    pub msg: Message<'a>,
    pub routing: Routing<'a>,
    /// The permanent user identity (IMSI-based NAI).
    pub user_name: &'a str,
    pub sip_number_auth_items: u32,
    /// Scheme "EAP-AKA'" or "EAP-AKA", and RAND || AUTS on a resynchronisation.
    pub auth_data: AuthDataRequest<'a>,
    pub rat_type: Option<RatType>,
    pub an_trusted: Option<AnTrusted>,
    /// Access Network Identity (TS 24.302), the input of the CK'/IK' derivation.
    pub anid: Option<&'a str>,
    pub visited_network_identifier: Option<&'a [u8]>,
    pub terminal_information: Option<TerminalInformation<'a>>,
    /// AAA-Failure-Indication; 0 when absent.
    pub aaa_failure_indication: u32,
}

impl<'a> SwxMarView<'a> {
    /// Reads an SWx MAR.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = index(
            msg,
            routed![
                &b::USER_NAME,
                &cx::SIP_NUMBER_AUTH_ITEMS,
                &cx::SIP_AUTH_DATA_ITEM,
                &tgpp::RAT_TYPE,
                &swx::AN_TRUSTED,
                &swx::ANID,
                &tgpp::VISITED_NETWORK_IDENTIFIER,
                &s6a::TERMINAL_INFORMATION,
                &swx::AAA_FAILURE_INDICATION,
            ],
        )?;
        let routing = Routing::from_index(&f)?;
        let [.., un, n, item, rat, trusted, anid, vni, ti, fail] = f;
        Ok(Self {
            msg: *msg,
            routing,
            user_name: require_str(un, &b::USER_NAME)?,
            sip_number_auth_items: require(n, &cx::SIP_NUMBER_AUTH_ITEMS)?.u32()?,
            auth_data: AuthDataRequest::parse(&require(item, &cx::SIP_AUTH_DATA_ITEM)?)?,
            rat_type: opt_u32(rat)?.map(RatType),
            an_trusted: opt_u32(trusted)?.map(AnTrusted),
            anid: opt_str(anid)?,
            visited_network_identifier: vni.map(|v| v.octets()),
            terminal_information: ti.map(|t| TerminalInformation::parse(&t)).transpose()?,
            aaa_failure_indication: opt_u32(fail)?.unwrap_or(0),
        })
    }
}

/// Server-Assignment-Request on SWx (TS 29.273 §8.2.2), from the 3GPP AAA server.
#[derive(Debug, Clone, Copy)]
pub struct SwxSarView<'a> {
    pub msg: Message<'a>,
    pub routing: Routing<'a>,
    pub user_name: &'a str,
    /// REGISTRATION, USER_DEREGISTRATION, ..., AAA_USER_DATA_REQUEST, PGW_UPDATE, RESTORATION.
    pub server_assignment_type: ServerAssignmentType,
    /// The APN of a PGW_UPDATE.
    pub service_selection: Option<&'a str>,
    /// The APN configuration of a PGW_UPDATE.
    pub context_identifier: Option<u32>,
    /// The PDN GW of a PGW_UPDATE, as received.
    pub mip6_agent_info: Option<RawAvp<'a>>,
    pub visited_network_identifier: Option<&'a [u8]>,
    pub terminal_information: Option<TerminalInformation<'a>>,
    /// Emergency-Services; 0 when absent.
    pub emergency_services: u32,
}

impl<'a> SwxSarView<'a> {
    /// Reads an SWx SAR.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = index(
            msg,
            routed![
                &b::USER_NAME,
                &cx::SERVER_ASSIGNMENT_TYPE,
                &ietf::SERVICE_SELECTION,
                &s6a::CONTEXT_IDENTIFIER,
                &ietf::MIP6_AGENT_INFO,
                &tgpp::VISITED_NETWORK_IDENTIFIER,
                &s6a::TERMINAL_INFORMATION,
                &swx::EMERGENCY_SERVICES,
            ],
        )?;
        let routing = Routing::from_index(&f)?;
        let [.., un, sat, ss, ci, mip, vni, ti, es] = f;
        let view = Self {
            msg: *msg,
            routing,
            user_name: require_str(un, &b::USER_NAME)?,
            server_assignment_type: ServerAssignmentType(
                require(sat, &cx::SERVER_ASSIGNMENT_TYPE)?.u32()?,
            ),
            service_selection: opt_str(ss)?,
            context_identifier: opt_u32(ci)?,
            mip6_agent_info: mip,
            visited_network_identifier: vni.map(|v| v.octets()),
            terminal_information: ti.map(|t| TerminalInformation::parse(&t)).transpose()?,
            emergency_services: opt_u32(es)?.unwrap_or(0),
        };
        check_each(msg, &s6a::ACTIVE_APN, |a| ActiveApn::parse(a).map(drop))?;
        Ok(view)
    }

    /// The Active-APN AVPs (a RESTORATION's PDN connections), in order.
    pub fn active_apns(&self) -> impl Iterator<Item = ActiveApn<'a>> + use<'a> {
        each(self.msg, &s6a::ACTIVE_APN).filter_map(|a| ActiveApn::parse(&a).ok())
    }
}

/// Registration-Termination-Answer on SWx (TS 29.273 §8.2.2).
pub type SwxRtaView<'a> = AnswerView<'a>;
/// Push-Profile-Answer on SWx (TS 29.273 §8.2.2).
pub type SwxPpaView<'a> = AnswerView<'a>;
