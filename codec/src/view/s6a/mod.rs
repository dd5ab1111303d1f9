//! Views of the S6a/S6d messages the HSS receives (TS 29.272 §7.2): AIR, ULR, PUR and NOR from
//! the MME or SGSN, and CLA, IDA and DSA, the answers to the HSS's own CLR, IDR and DSR.
//!
//! Hot path: an HSS answers AIR and ULR at carrier rates. Every `parse` walks the top-level AVPs
//! once (`scan`) and allocates nothing. Repeated AVPs (Supported-Features, Active-APN) are
//! checked during that same walk, so their iterators cannot fail later; an iterator resumes at
//! the first occurrence instead of the start of the message.
//!
//! As everywhere in [`crate::view`], call [`crate::validate::validate`] first: a view fails only
//! on what it reads itself, with the Result-Code and Failed-AVP an answer needs.

mod groups;
mod values;

#[cfg(test)]
mod tests;

pub use groups::*;
pub use values::*;

use super::{AnswerResult, AnswerView, Routing, answered, opt_str, opt_u32, require, routed, scan};
use crate::avp::{AvpIter, RawAvp};
use crate::dict::{AvpDef, base as b, ietf, s6a, tgpp};
use crate::error::MessageError;
use crate::message::Message;

/// True when `avp` is the AVP `def` describes.
pub(crate) fn is(avp: &RawAvp<'_>, def: &AvpDef) -> bool {
    avp.is(def.code, def.vendor)
}

/// For [`scan`]: checks a Supported-Features AVP; other AVPs pass.
pub(crate) fn check_features(avp: &RawAvp<'_>) -> Result<(), MessageError> {
    if is(avp, &tgpp::SUPPORTED_FEATURES) {
        SupportedFeatures::parse(avp)?;
    }
    Ok(())
}

/// The top-level occurrences of `def` from `first` (its first occurrence, as [`scan`] found
/// it) to the end of the message.
pub(crate) fn from_first<'a>(
    msg: &Message<'a>,
    first: Option<RawAvp<'a>>,
    def: &'static AvpDef,
) -> impl Iterator<Item = RawAvp<'a>> + use<'a> {
    let (rest, offset) = match first {
        Some(f) => (msg.bytes.get(f.offset..).unwrap_or_default(), f.offset),
        None => (&[][..], 0),
    };
    AvpIter::new(rest, offset).map_while(Result::ok).filter(move |a| is(a, def))
}

/// The Supported-Features AVPs from the first one, decoded (checked by [`check_features`]).
pub(crate) fn features_from<'a>(
    msg: &Message<'a>,
    first: Option<RawAvp<'a>>,
) -> impl Iterator<Item = SupportedFeatures> + use<'a> {
    from_first(msg, first, &tgpp::SUPPORTED_FEATURES)
        .filter_map(|a| SupportedFeatures::parse(&a).ok())
}

/// Authentication-Information-Request (TS 29.272 §5.2.3.1, §7.2.5), from the MME or SGSN.
#[derive(Debug, Clone, Copy)]
pub struct AirView<'a> {
    pub msg: Message<'a>,
    pub routing: Routing<'a>,
    /// User-Name, checked to be an IMSI ([`imsi`]).
    pub imsi: &'a str,
    /// Visited-PLMN-Id: the serving network, which KASME is bound to.
    pub visited_plmn_id: [u8; 3],
    /// Requested-EUTRAN-Authentication-Info.
    pub eutran: Option<RequestedAuthInfo<'a>>,
    /// Requested-UTRAN-GERAN-Authentication-Info.
    pub utran_geran: Option<RequestedAuthInfo<'a>>,
    /// AIR-Flags; empty when absent.
    pub air_flags: AirFlags,
    first_features: Option<RawAvp<'a>>,
}

impl<'a> AirView<'a> {
    /// Reads an AIR.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = scan(
            msg,
            routed![
                &b::USER_NAME,
                &s6a::VISITED_PLMN_ID,
                &s6a::REQUESTED_EUTRAN_AUTHENTICATION_INFO,
                &s6a::REQUESTED_UTRAN_GERAN_AUTHENTICATION_INFO,
                &s6a::AIR_FLAGS,
                &tgpp::SUPPORTED_FEATURES,
            ],
            check_features,
        )?;
        let routing = Routing::from_index(&f)?;
        let [.., un, plmn, eutran, utran_geran, flags, features] = f;
        Ok(Self {
            msg: *msg,
            routing,
            imsi: imsi(&require(un, &b::USER_NAME)?)?,
            visited_plmn_id: plmn_id(&require(plmn, &s6a::VISITED_PLMN_ID)?)?,
            eutran: eutran.map(|a| RequestedAuthInfo::parse(&a)).transpose()?,
            utran_geran: utran_geran.map(|a| RequestedAuthInfo::parse(&a)).transpose()?,
            air_flags: AirFlags(opt_u32(flags)?.unwrap_or(0)),
            first_features: features,
        })
    }

    /// The Supported-Features AVPs, in order.
    pub fn supported_features(&self) -> impl Iterator<Item = SupportedFeatures> + use<'a> {
        features_from(&self.msg, self.first_features)
    }
}

/// Update-Location-Request (TS 29.272 §5.2.1.1, §7.2.3), from the MME or SGSN that now serves
/// the UE: [`Routing::origin_host`] and `origin_realm` identify it.
#[derive(Debug, Clone, Copy)]
pub struct UlrView<'a> {
    pub msg: Message<'a>,
    pub routing: Routing<'a>,
    /// User-Name, checked to be an IMSI ([`imsi`]).
    pub imsi: &'a str,
    pub visited_plmn_id: [u8; 3],
    pub rat_type: RatType,
    pub ulr_flags: UlrFlags,
    pub terminal_information: Option<TerminalInformation<'a>>,
    /// UE-SRVCC-Capability: 0 UE-SRVCC-NOT-SUPPORTED, 1 UE-SRVCC-SUPPORTED.
    pub ue_srvcc_capability: Option<u32>,
    /// SGSN-Number (ISDN number, TBCD).
    pub sgsn_number: Option<&'a [u8]>,
    /// Homogeneous-Support-of-IMS-Voice-Over-PS-Sessions: 0 NOT_SUPPORTED, 1 SUPPORTED.
    pub homogeneous_support_of_ims_voice_over_ps_sessions: Option<u32>,
    /// MME-Number-for-MT-SMS (ISDN number, TBCD).
    pub mme_number_for_mt_sms: Option<&'a [u8]>,
    /// SMS-Register-Request: 0 SMS_REGISTRATION_REQUIRED, 1 SMS_REGISTRATION_NOT_PREFERRED,
    /// 2 NO_PREFERENCE.
    pub sms_register_request: Option<u32>,
    pub sgs_mme_identity: Option<&'a str>,
    pub coupled_node_diameter_id: Option<&'a str>,
    equivalent_plmn_list: Option<RawAvp<'a>>,
    first_features: Option<RawAvp<'a>>,
    first_active_apn: Option<RawAvp<'a>>,
}

impl<'a> UlrView<'a> {
    /// Reads a ULR.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = scan(
            msg,
            routed![
                &b::USER_NAME,
                &s6a::VISITED_PLMN_ID,
                &tgpp::RAT_TYPE,
                &s6a::ULR_FLAGS,
                &s6a::TERMINAL_INFORMATION,
                &s6a::UE_SRVCC_CAPABILITY,
                &s6a::SGSN_NUMBER,
                &s6a::HOMOGENEOUS_SUPPORT_OF_IMS_VOICE_OVER_PS_SESSIONS,
                &s6a::EQUIVALENT_PLMN_LIST,
                &s6a::MME_NUMBER_FOR_MT_SMS,
                &s6a::SMS_REGISTER_REQUEST,
                &s6a::SGS_MME_IDENTITY,
                &s6a::COUPLED_NODE_DIAMETER_ID,
                &tgpp::SUPPORTED_FEATURES,
                &s6a::ACTIVE_APN,
            ],
            |a| {
                if is(a, &s6a::ACTIVE_APN) {
                    ActiveApn::parse(a)?;
                } else if is(a, &s6a::EQUIVALENT_PLMN_LIST) {
                    for plmn in a.group() {
                        let plmn = plmn?;
                        if is(&plmn, &s6a::VISITED_PLMN_ID) {
                            plmn_id(&plmn)?;
                        }
                    }
                }
                check_features(a)
            },
        )?;
        let routing = Routing::from_index(&f)?;
        let [
            ..,
            un,
            plmn,
            rat,
            flags,
            ti,
            srvcc,
            sgsn,
            homog,
            eplmn,
            mme_no,
            smsr,
            sgs,
            cn,
            sf,
            apn,
        ] = f;
        Ok(Self {
            msg: *msg,
            routing,
            imsi: imsi(&require(un, &b::USER_NAME)?)?,
            visited_plmn_id: plmn_id(&require(plmn, &s6a::VISITED_PLMN_ID)?)?,
            rat_type: RatType(require(rat, &tgpp::RAT_TYPE)?.u32()?),
            ulr_flags: UlrFlags(require(flags, &s6a::ULR_FLAGS)?.u32()?),
            terminal_information: ti.map(|t| TerminalInformation::parse(&t)).transpose()?,
            ue_srvcc_capability: opt_u32(srvcc)?,
            sgsn_number: sgsn.map(|a| a.octets()),
            homogeneous_support_of_ims_voice_over_ps_sessions: opt_u32(homog)?,
            mme_number_for_mt_sms: mme_no.map(|a| a.octets()),
            sms_register_request: opt_u32(smsr)?,
            sgs_mme_identity: opt_str(sgs)?,
            coupled_node_diameter_id: opt_str(cn)?,
            equivalent_plmn_list: eplmn,
            first_features: sf,
            first_active_apn: apn,
        })
    }

    /// True when the ULR comes over S6a (from an MME), per the S6a/S6d-Indicator.
    pub fn is_s6a(&self) -> bool {
        self.ulr_flags.contains(UlrFlags::S6A_S6D_INDICATOR)
    }

    /// True when the MME or SGSN lets the HSS leave Subscription-Data out of the ULA.
    pub fn skip_subscriber_data(&self) -> bool {
        self.ulr_flags.contains(UlrFlags::SKIP_SUBSCRIBER_DATA)
    }

    /// The Supported-Features AVPs, in order.
    pub fn supported_features(&self) -> impl Iterator<Item = SupportedFeatures> + use<'a> {
        features_from(&self.msg, self.first_features)
    }

    /// The Active-APN AVPs, in order.
    pub fn active_apns(&self) -> impl Iterator<Item = ActiveApn<'a>> + use<'a> {
        from_first(&self.msg, self.first_active_apn, &s6a::ACTIVE_APN)
            .filter_map(|a| ActiveApn::parse(&a).ok())
    }

    /// The PLMNs of Equivalent-PLMN-List, in order; none when the AVP is absent.
    pub fn equivalent_plmns(&self) -> impl Iterator<Item = [u8; 3]> + use<'a> {
        let list = self.equivalent_plmn_list.map_or(AvpIter::new(&[], 0), |l| l.group());
        list.map_while(Result::ok)
            .filter(|a| is(a, &s6a::VISITED_PLMN_ID))
            .filter_map(|a| plmn_id(&a).ok())
    }
}

/// Purge-UE-Request (TS 29.272 §5.2.1.3, §7.2.13).
#[derive(Debug, Clone, Copy)]
pub struct PurView<'a> {
    pub msg: Message<'a>,
    pub routing: Routing<'a>,
    /// User-Name, checked to be an IMSI ([`imsi`]).
    pub imsi: &'a str,
    /// PUR-Flags; empty when absent.
    pub pur_flags: PurFlags,
    pub eps_location_information: Option<EpsLocationInformation<'a>>,
    first_features: Option<RawAvp<'a>>,
}

impl<'a> PurView<'a> {
    /// Reads a PUR.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = scan(
            msg,
            routed![
                &b::USER_NAME,
                &s6a::PUR_FLAGS,
                &s6a::EPS_LOCATION_INFORMATION,
                &tgpp::SUPPORTED_FEATURES,
            ],
            check_features,
        )?;
        let routing = Routing::from_index(&f)?;
        let [.., un, flags, loc, sf] = f;
        Ok(Self {
            msg: *msg,
            routing,
            imsi: imsi(&require(un, &b::USER_NAME)?)?,
            pur_flags: PurFlags(opt_u32(flags)?.unwrap_or(0)),
            eps_location_information: loc.map(|l| EpsLocationInformation::parse(&l)).transpose()?,
            first_features: sf,
        })
    }

    /// The Supported-Features AVPs, in order.
    pub fn supported_features(&self) -> impl Iterator<Item = SupportedFeatures> + use<'a> {
        features_from(&self.msg, self.first_features)
    }
}

/// Notify-Request (TS 29.272 §5.2.5.1, §7.2.17).
#[derive(Debug, Clone, Copy)]
pub struct NorView<'a> {
    pub msg: Message<'a>,
    pub routing: Routing<'a>,
    /// User-Name, checked to be an IMSI ([`imsi`]).
    pub imsi: &'a str,
    /// NOR-Flags; empty when absent.
    pub nor_flags: NorFlags,
    pub terminal_information: Option<TerminalInformation<'a>>,
    /// The PDN GW allocated for the APN of `context_identifier` / `service_selection`.
    pub mip6_agent_info: Option<Mip6AgentInfo<'a>>,
    pub visited_network_identifier: Option<&'a [u8]>,
    pub context_identifier: Option<u32>,
    /// The APN (Service-Selection).
    pub service_selection: Option<&'a str>,
    /// Alert-Reason: 0 UE_PRESENT, 1 UE_MEMORY_AVAILABLE.
    pub alert_reason: Option<u32>,
    /// UE-SRVCC-Capability: 0 UE-SRVCC-NOT-SUPPORTED, 1 UE-SRVCC-SUPPORTED.
    pub ue_srvcc_capability: Option<u32>,
    /// Homogeneous-Support-of-IMS-Voice-Over-PS-Sessions: 0 NOT_SUPPORTED, 1 SUPPORTED.
    pub homogeneous_support_of_ims_voice_over_ps_sessions: Option<u32>,
    /// Maximum-UE-Availability-Time (Time).
    pub maximum_ue_availability_time: Option<u32>,
    first_features: Option<RawAvp<'a>>,
}

impl<'a> NorView<'a> {
    /// Reads a NOR.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = scan(
            msg,
            routed![
                &b::USER_NAME,
                &s6a::NOR_FLAGS,
                &s6a::TERMINAL_INFORMATION,
                &ietf::MIP6_AGENT_INFO,
                &tgpp::VISITED_NETWORK_IDENTIFIER,
                &s6a::CONTEXT_IDENTIFIER,
                &ietf::SERVICE_SELECTION,
                &s6a::ALERT_REASON,
                &s6a::UE_SRVCC_CAPABILITY,
                &s6a::HOMOGENEOUS_SUPPORT_OF_IMS_VOICE_OVER_PS_SESSIONS,
                &tgpp::MAXIMUM_UE_AVAILABILITY_TIME,
                &tgpp::SUPPORTED_FEATURES,
            ],
            check_features,
        )?;
        let routing = Routing::from_index(&f)?;
        let [.., un, flags, ti, mip, vni, ci, ss, alert, srvcc, homog, avail, sf] = f;
        Ok(Self {
            msg: *msg,
            routing,
            imsi: imsi(&require(un, &b::USER_NAME)?)?,
            nor_flags: NorFlags(opt_u32(flags)?.unwrap_or(0)),
            terminal_information: ti.map(|t| TerminalInformation::parse(&t)).transpose()?,
            mip6_agent_info: mip.map(|m| Mip6AgentInfo::parse(&m)).transpose()?,
            visited_network_identifier: vni.map(|v| v.octets()),
            context_identifier: opt_u32(ci)?,
            service_selection: opt_str(ss)?,
            alert_reason: opt_u32(alert)?,
            ue_srvcc_capability: opt_u32(srvcc)?,
            homogeneous_support_of_ims_voice_over_ps_sessions: opt_u32(homog)?,
            maximum_ue_availability_time: opt_u32(avail)?,
            first_features: sf,
        })
    }

    /// The Supported-Features AVPs, in order.
    pub fn supported_features(&self) -> impl Iterator<Item = SupportedFeatures> + use<'a> {
        features_from(&self.msg, self.first_features)
    }
}

/// Cancel-Location-Answer (TS 29.272 §7.2.8), to the HSS's CLR.
#[derive(Debug, Clone, Copy)]
pub struct ClaView<'a> {
    pub msg: Message<'a>,
    pub session_id: Option<&'a str>,
    pub origin_host: &'a str,
    pub origin_realm: &'a str,
    pub result: AnswerResult,
    first_features: Option<RawAvp<'a>>,
}

impl<'a> ClaView<'a> {
    /// Reads a CLA.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = scan(msg, answered![&tgpp::SUPPORTED_FEATURES], check_features)?;
        let AnswerView { session_id, origin_host, origin_realm, result, .. } =
            AnswerView::from_index(msg, &f)?;
        let [.., sf] = f;
        Ok(Self { msg: *msg, session_id, origin_host, origin_realm, result, first_features: sf })
    }

    /// The Supported-Features AVPs, in order.
    pub fn supported_features(&self) -> impl Iterator<Item = SupportedFeatures> + use<'a> {
        features_from(&self.msg, self.first_features)
    }
}

/// Insert-Subscriber-Data-Answer (TS 29.272 §7.2.10), to the HSS's IDR.
#[derive(Debug, Clone, Copy)]
pub struct IdaView<'a> {
    pub msg: Message<'a>,
    pub session_id: Option<&'a str>,
    pub origin_host: &'a str,
    pub origin_realm: &'a str,
    pub result: AnswerResult,
    /// IDA-Flags; empty when absent.
    pub ida_flags: IdaFlags,
    /// IMS-Voice-Over-PS-Sessions-Supported: 0 NOT_SUPPORTED, 1 SUPPORTED (T-ADS).
    pub ims_voice_over_ps_sessions_supported: Option<u32>,
    /// Last-UE-Activity-Time (Time, NTP seconds).
    pub last_ue_activity_time: Option<u32>,
    pub rat_type: Option<RatType>,
    pub eps_user_state: Option<EpsUserState>,
    pub eps_location_information: Option<EpsLocationInformation<'a>>,
}

impl<'a> IdaView<'a> {
    /// Reads an IDA.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = scan(
            msg,
            answered![
                &s6a::IDA_FLAGS,
                &s6a::IMS_VOICE_OVER_PS_SESSIONS_SUPPORTED,
                &s6a::LAST_UE_ACTIVITY_TIME,
                &tgpp::RAT_TYPE,
                &s6a::EPS_USER_STATE,
                &s6a::EPS_LOCATION_INFORMATION,
            ],
            |_| Ok(()),
        )?;
        let AnswerView { session_id, origin_host, origin_realm, result, .. } =
            AnswerView::from_index(msg, &f)?;
        let [.., flags, voice, last, rat, state, loc] = f;
        Ok(Self {
            msg: *msg,
            session_id,
            origin_host,
            origin_realm,
            result,
            ida_flags: IdaFlags(opt_u32(flags)?.unwrap_or(0)),
            ims_voice_over_ps_sessions_supported: opt_u32(voice)?,
            last_ue_activity_time: last.map(|t| t.time()).transpose()?,
            rat_type: opt_rat(rat)?,
            eps_user_state: state.map(|s| EpsUserState::parse(&s)).transpose()?,
            eps_location_information: loc.map(|l| EpsLocationInformation::parse(&l)).transpose()?,
        })
    }
}

/// Delete-Subscriber-Data-Answer (TS 29.272 §7.2.12), to the HSS's DSR.
#[derive(Debug, Clone, Copy)]
pub struct DsaView<'a> {
    pub msg: Message<'a>,
    pub session_id: Option<&'a str>,
    pub origin_host: &'a str,
    pub origin_realm: &'a str,
    pub result: AnswerResult,
    /// DSA-Flags; empty when absent.
    pub dsa_flags: DsaFlags,
}

impl<'a> DsaView<'a> {
    /// Reads a DSA.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = scan(msg, answered![&s6a::DSA_FLAGS], |_| Ok(()))?;
        let AnswerView { session_id, origin_host, origin_realm, result, .. } =
            AnswerView::from_index(msg, &f)?;
        let [.., flags] = f;
        Ok(Self {
            msg: *msg,
            session_id,
            origin_host,
            origin_realm,
            result,
            dsa_flags: DsaFlags(opt_u32(flags)?.unwrap_or(0)),
        })
    }
}
