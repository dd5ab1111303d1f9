//! The Grouped AVPs the S6a/S6d views decode, as plain borrowed structs. Builders take the same
//! structs as input, so what a peer-side builder writes is exactly what a view reads back.

use std::net::IpAddr;

use super::values::{RatType, UserState};
use crate::avp::{Address, RawAvp};
use crate::dict::{base as b, ietf, s6a, tgpp};
use crate::error::MessageError;
use crate::view::{fixed_octets, index_group, invalid_value, opt_str, opt_u32, require};

/// An IMSI carried in User-Name (TS 29.272 §7.3.1 → TS 23.003 §2.2): decimal digits only, MCC
/// and MNC (5 or 6 digits) plus an MSIN, at most 15 in all. Anything else is a 5004 on the AVP.
pub fn imsi<'a>(avp: &RawAvp<'a>) -> Result<&'a str, MessageError> {
    let s = avp.utf8()?;
    if !(6..=15).contains(&s.len()) || !s.bytes().all(|c| c.is_ascii_digit()) {
        return Err(invalid_value(avp, "User-Name is not an IMSI of 6 to 15 digits"));
    }
    Ok(s)
}

/// A 3-octet PLMN identity (Visited-PLMN-Id, TS 29.272 §7.3.9: MCC and MNC digits as in
/// TS 24.008 §10.5.1.13); another length is a 5014 on the AVP.
pub fn plmn_id(avp: &RawAvp<'_>) -> Result<[u8; 3], MessageError> {
    fixed_octets(avp)
}

/// Supported-Features (TS 29.229 §6.3.29): one feature list of one vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SupportedFeatures {
    pub vendor_id: u32,
    pub feature_list_id: u32,
    pub feature_list: u32,
}

impl SupportedFeatures {
    /// Reads a Supported-Features AVP.
    pub fn parse(avp: &RawAvp<'_>) -> Result<Self, MessageError> {
        let [v, id, list] =
            index_group(avp, [&b::VENDOR_ID, &tgpp::FEATURE_LIST_ID, &tgpp::FEATURE_LIST])?;
        Ok(Self {
            vendor_id: require(v, &b::VENDOR_ID)?.u32()?,
            feature_list_id: require(id, &tgpp::FEATURE_LIST_ID)?.u32()?,
            feature_list: require(list, &tgpp::FEATURE_LIST)?.u32()?,
        })
    }
}

/// Terminal-Information (TS 29.272 §7.3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TerminalInformation<'a> {
    /// IMEI (§7.3.4): 14 digits (TAC and serial number), maybe a 15th; not checked here.
    pub imei: Option<&'a str>,
    /// Software-Version (§7.3.5): the 2-digit SVN.
    pub software_version: Option<&'a str>,
    /// 3GPP2-MEID (§7.3.6), raw.
    pub meid: Option<&'a [u8]>,
}

impl<'a> TerminalInformation<'a> {
    /// Reads a Terminal-Information AVP.
    pub fn parse(avp: &RawAvp<'a>) -> Result<Self, MessageError> {
        let [imei, sv, meid] =
            index_group(avp, [&s6a::IMEI, &s6a::SOFTWARE_VERSION, &s6a::TGPP2_MEID])?;
        Ok(Self {
            imei: opt_str(imei)?,
            software_version: opt_str(sv)?,
            meid: meid.map(|m| m.octets()),
        })
    }
}

/// Requested-EUTRAN-Authentication-Info (§7.3.11) or Requested-UTRAN-GERAN-Authentication-Info
/// (§7.3.12): the two share their children.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RequestedAuthInfo<'a> {
    /// Number-Of-Requested-Vectors (§7.3.14).
    pub number_of_requested_vectors: Option<u32>,
    /// Immediate-Response-Preferred (§7.3.16) is present: "indicates by its presence that
    /// immediate response is preferred"; its value "is not significant".
    pub immediate_response_preferred: bool,
    /// Re-Synchronization-Info (§7.3.15): "the concatenation of RAND and AUTS", 16 + 14
    /// octets. Any other length is a 5014 on the AVP.
    pub resync: Option<&'a [u8; 30]>,
}

impl<'a> RequestedAuthInfo<'a> {
    /// Reads either requested-authentication-info AVP.
    pub fn parse(avp: &RawAvp<'a>) -> Result<Self, MessageError> {
        let [n, irp, resync] = index_group(
            avp,
            [
                &s6a::NUMBER_OF_REQUESTED_VECTORS,
                &s6a::IMMEDIATE_RESPONSE_PREFERRED,
                &s6a::RE_SYNCHRONIZATION_INFO,
            ],
        )?;
        let resync = match resync {
            Some(r) => Some(<&[u8; 30]>::try_from(r.data).map_err(|_| MessageError {
                result_code: crate::code::ResultCode::INVALID_AVP_LENGTH,
                failed_avp: Some(r.failed()),
                reason: "Re-Synchronization-Info is not RAND || AUTS (30 octets)",
            })?),
            None => None,
        };
        Ok(Self {
            number_of_requested_vectors: opt_u32(n)?,
            immediate_response_preferred: irp.is_some(),
            resync,
        })
    }

    /// RAND and AUTS from Re-Synchronization-Info.
    pub fn rand_auts(&self) -> Option<(&'a [u8; 16], &'a [u8; 14])> {
        let (rand, auts) = self.resync?.split_first_chunk::<16>()?;
        Some((rand, auts.first_chunk::<14>()?))
    }
}

/// MIP-Home-Agent-Host (RFC 4004 §7.11): the PDN GW's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HomeAgentHost<'a> {
    pub realm: &'a str,
    pub host: &'a str,
}

/// MIP6-Agent-Info (RFC 5447 §4.2.1) as TS 29.272 §7.3.45 uses it: the PDN GW, by IPv4 and/or
/// IPv6 address (MIP-Home-Agent-Address, at most two) and/or by Diameter identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mip6AgentInfo<'a> {
    /// MIP-Home-Agent-Address values, in order; `None` slots are absent.
    pub home_agent_addresses: [Option<IpAddr>; 2],
    pub home_agent_host: Option<HomeAgentHost<'a>>,
}

impl<'a> Mip6AgentInfo<'a> {
    /// Reads a MIP6-Agent-Info AVP. Addresses of families other than IP are skipped.
    pub fn parse(avp: &RawAvp<'a>) -> Result<Self, MessageError> {
        let mut info = Self::default();
        let mut n = 0;
        for child in avp.group() {
            let child = child?;
            if child.is(ietf::MIP_HOME_AGENT_ADDRESS.code, ietf::MIP_HOME_AGENT_ADDRESS.vendor) {
                if let Address::Ip(ip) = child.address()?
                    && let Some(slot) = info.home_agent_addresses.get_mut(n)
                {
                    *slot = Some(ip);
                    n += 1;
                }
            } else if child.is(ietf::MIP_HOME_AGENT_HOST.code, ietf::MIP_HOME_AGENT_HOST.vendor) {
                let [realm, host] =
                    index_group(&child, [&b::DESTINATION_REALM, &b::DESTINATION_HOST])?;
                info.home_agent_host = Some(HomeAgentHost {
                    realm: require(realm, &b::DESTINATION_REALM)?.utf8()?,
                    host: require(host, &b::DESTINATION_HOST)?.utf8()?,
                });
            }
        }
        Ok(info)
    }
}

/// Active-APN (TS 29.272 §7.3.127): a PDN connection the MME or SGSN reports in a ULR, or the
/// 3GPP AAA server in an SWx SAR (TS 29.273).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActiveApn<'a> {
    pub context_identifier: u32,
    pub service_selection: Option<&'a str>,
    /// The PDN GW in use.
    pub mip6_agent_info: Option<Mip6AgentInfo<'a>>,
    pub visited_network_identifier: Option<&'a [u8]>,
}

impl<'a> ActiveApn<'a> {
    /// Reads an Active-APN AVP (Specific-APN-Info children are not decoded).
    pub fn parse(avp: &RawAvp<'a>) -> Result<Self, MessageError> {
        let [ci, ss, mip, vni] = index_group(
            avp,
            [
                &s6a::CONTEXT_IDENTIFIER,
                &ietf::SERVICE_SELECTION,
                &ietf::MIP6_AGENT_INFO,
                &tgpp::VISITED_NETWORK_IDENTIFIER,
            ],
        )?;
        Ok(Self {
            context_identifier: require(ci, &s6a::CONTEXT_IDENTIFIER)?.u32()?,
            service_selection: opt_str(ss)?,
            mip6_agent_info: mip.map(|m| Mip6AgentInfo::parse(&m)).transpose()?,
            visited_network_identifier: vni.map(|v| v.octets()),
        })
    }
}

/// MME-Location-Information (TS 29.272 §7.3.115), the parts an HSS keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MmeLocationInformation<'a> {
    /// E-UTRAN-Cell-Global-Identity (§7.3.117): PLMN (3 octets) and ECI (28 bits), 7 octets.
    pub e_utran_cell_global_identity: Option<&'a [u8]>,
    /// Tracking-Area-Identity (§7.3.118): PLMN and TAC, 5 octets.
    pub tracking_area_identity: Option<&'a [u8]>,
    /// Age-Of-Location-Information (§7.3.126), in minutes.
    pub age_of_location_information: Option<u32>,
}

/// SGSN-Location-Information (TS 29.272 §7.3.116), the parts an HSS keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SgsnLocationInformation<'a> {
    /// Cell-Global-Identity (§7.3.119), 7 octets.
    pub cell_global_identity: Option<&'a [u8]>,
    /// Location-Area-Identity (§7.3.121), 5 octets.
    pub location_area_identity: Option<&'a [u8]>,
    /// Service-Area-Identity (§7.3.122), 7 octets.
    pub service_area_identity: Option<&'a [u8]>,
    /// Routing-Area-Identity (§7.3.120), 6 octets.
    pub routing_area_identity: Option<&'a [u8]>,
    /// Age-Of-Location-Information, in minutes.
    pub age_of_location_information: Option<u32>,
}

/// EPS-Location-Information (TS 29.272 §7.3.111), as PUR and IDA carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EpsLocationInformation<'a> {
    pub mme: Option<MmeLocationInformation<'a>>,
    pub sgsn: Option<SgsnLocationInformation<'a>>,
}

impl<'a> EpsLocationInformation<'a> {
    /// Reads an EPS-Location-Information AVP.
    pub fn parse(avp: &RawAvp<'a>) -> Result<Self, MessageError> {
        let [mme, sgsn] =
            index_group(avp, [&s6a::MME_LOCATION_INFORMATION, &s6a::SGSN_LOCATION_INFORMATION])?;
        let mme = match mme {
            Some(m) => {
                let [ecgi, tai, age] = index_group(
                    &m,
                    [
                        &s6a::E_UTRAN_CELL_GLOBAL_IDENTITY,
                        &s6a::TRACKING_AREA_IDENTITY,
                        &s6a::AGE_OF_LOCATION_INFORMATION,
                    ],
                )?;
                Some(MmeLocationInformation {
                    e_utran_cell_global_identity: ecgi.map(|a| a.octets()),
                    tracking_area_identity: tai.map(|a| a.octets()),
                    age_of_location_information: opt_u32(age)?,
                })
            }
            None => None,
        };
        let sgsn = match sgsn {
            Some(s) => {
                let [cgi, lai, sai, rai, age] = index_group(
                    &s,
                    [
                        &s6a::CELL_GLOBAL_IDENTITY,
                        &s6a::LOCATION_AREA_IDENTITY,
                        &s6a::SERVICE_AREA_IDENTITY,
                        &s6a::ROUTING_AREA_IDENTITY,
                        &s6a::AGE_OF_LOCATION_INFORMATION,
                    ],
                )?;
                Some(SgsnLocationInformation {
                    cell_global_identity: cgi.map(|a| a.octets()),
                    location_area_identity: lai.map(|a| a.octets()),
                    service_area_identity: sai.map(|a| a.octets()),
                    routing_area_identity: rai.map(|a| a.octets()),
                    age_of_location_information: opt_u32(age)?,
                })
            }
            None => None,
        };
        Ok(Self { mme, sgsn })
    }
}

/// EPS-User-State (TS 29.272 §7.3.110): the User-State of the MME and SGSN parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EpsUserState {
    pub mme: Option<UserState>,
    pub sgsn: Option<UserState>,
}

impl EpsUserState {
    /// Reads an EPS-User-State AVP.
    pub fn parse(avp: &RawAvp<'_>) -> Result<Self, MessageError> {
        let [mme, sgsn] = index_group(avp, [&s6a::MME_USER_STATE, &s6a::SGSN_USER_STATE])?;
        let state = |part: Option<RawAvp<'_>>| -> Result<Option<UserState>, MessageError> {
            match part {
                Some(p) => {
                    let [us] = index_group(&p, [&s6a::USER_STATE])?;
                    Ok(opt_u32(us)?.map(UserState))
                }
                None => Ok(None),
            }
        };
        Ok(Self { mme: state(mme)?, sgsn: state(sgsn)? })
    }
}

/// RAT-Type of an optional AVP.
pub(super) fn opt_rat(avp: Option<RawAvp<'_>>) -> Result<Option<RatType>, MessageError> {
    Ok(opt_u32(avp)?.map(RatType))
}
