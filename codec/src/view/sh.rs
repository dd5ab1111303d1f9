//! Views of the Sh/Dh messages the HSS receives (TS 29.328 / TS 29.329 §6.1): UDR, PUR and SNR
//! from application servers, and PNA, the answer to the HSS's Push-Notification.

use super::cx::{check_each, each, is_u32, open_enum};
use super::{
    AnswerView, Routing, index, index_group, invalid_value, opt_str, opt_u32, require, routed,
};
use crate::avp::RawAvp;
use crate::dict::{base as b, cx, sh, tgpp};
use crate::error::MessageError;
use crate::message::Message;

open_enum! {
    /// Data-Reference (TS 29.329 §6.3.4; meanings in TS 29.328 §7.6). 20 is reserved.
    DataReference {
        REPOSITORY_DATA = 0,
        IMS_PUBLIC_IDENTITY = 10,
        IMS_USER_STATE = 11,
        S_CSCF_NAME = 12,
        INITIAL_FILTER_CRITERIA = 13,
        LOCATION_INFORMATION = 14,
        USER_STATE = 15,
        CHARGING_INFORMATION = 16,
        MSISDN = 17,
        PSI_ACTIVATION = 18,
        DSAI = 19,
        SERVICE_LEVEL_TRACE_INFO = 21,
        IP_ADDRESS_SECURE_BINDING_INFORMATION = 22,
        SERVICE_PRIORITY_LEVEL = 23,
        SMS_REGISTRATION_INFO = 24,
        UE_REACHABILITY_FOR_IP = 25,
        TADS_INFORMATION = 26,
        STN_SR = 27,
        UE_SRVCC_CAPABILITY = 28,
        EXTENDED_PRIORITY = 29,
        CSRN = 30,
        REFERENCE_LOCATION_INFORMATION = 31,
        IMSI = 32,
        IMS_PRIVATE_USER_IDENTITY = 33,
        IMEISV = 34,
        UE_5G_SRVCC_CAPABILITY = 35,
        AS_REGISTRATION_INFO = 36,
    }
}

open_enum! {
    /// Identity-Set (TS 29.329 §6.3.10).
    IdentitySet {
        ALL_IDENTITIES = 0,
        REGISTERED_IDENTITIES = 1,
        IMPLICIT_IDENTITIES = 2,
        ALIAS_IDENTITIES = 3,
    }
}

open_enum! {
    /// Requested-Domain (TS 29.329 §6.3.7).
    RequestedDomain {
        CS_DOMAIN = 0,
        PS_DOMAIN = 1,
    }
}

open_enum! {
    /// Current-Location (TS 29.329 §6.3.8).
    CurrentLocation {
        DO_NOT_NEED_INITIATE_ACTIVE_LOCATION_RETRIEVAL = 0,
        INITIATE_ACTIVE_LOCATION_RETRIEVAL = 1,
    }
}

open_enum! {
    /// Subs-Req-Type (TS 29.329 §6.3.6).
    SubsReqType {
        SUBSCRIBE = 0,
        UNSUBSCRIBE = 1,
    }
}

/// Send-Data-Indication USER_DATA_REQUESTED (TS 29.329 §6.3.17).
pub const USER_DATA_REQUESTED: u32 = 1;

/// User-Identity (TS 29.329 §6.3.1): the one identity the request is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserIdentity<'a> {
    /// Public-Identity: an IMPU or a PSI.
    PublicIdentity(&'a str),
    /// MSISDN, TBCD-encoded as on the wire (TS 29.329 §6.3.2).
    Msisdn(&'a [u8]),
    /// External-Identifier (TS 29.336).
    ExternalIdentifier(&'a str),
}

impl<'a> UserIdentity<'a> {
    /// Reads a User-Identity AVP. None of the identities is a 5005 naming Public-Identity; more
    /// than one is a 5004 on User-Identity ("either ... but not both", TS 29.329 §6.3.1).
    pub fn parse(avp: &RawAvp<'a>) -> Result<Self, MessageError> {
        let [pi, msisdn, ext] =
            index_group(avp, [&cx::PUBLIC_IDENTITY, &sh::MSISDN, &tgpp::EXTERNAL_IDENTIFIER])?;
        match (pi, msisdn, ext) {
            (Some(pi), None, None) => Ok(Self::PublicIdentity(pi.utf8()?)),
            (None, Some(m), None) => Ok(Self::Msisdn(m.octets())),
            (None, None, Some(e)) => Ok(Self::ExternalIdentifier(e.utf8()?)),
            (None, None, None) => {
                Err(MessageError::missing(cx::PUBLIC_IDENTITY.code, cx::PUBLIC_IDENTITY.vendor, 0))
            }
            _ => Err(invalid_value(avp, "User-Identity holds more than one identity")),
        }
    }
}

/// The parts UDR, PUR and SNR share: User-Identity, the wildcards and User-Name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShSubject<'a> {
    pub user_identity: UserIdentity<'a>,
    pub wildcarded_public_identity: Option<&'a str>,
    pub wildcarded_impu: Option<&'a str>,
    /// User-Name: a private identity, to narrow the request to one IMPI.
    pub user_name: Option<&'a str>,
}

impl<'a> ShSubject<'a> {
    fn new(
        ui: Option<RawAvp<'a>>,
        wpi: Option<RawAvp<'a>>,
        wimpu: Option<RawAvp<'a>>,
        un: Option<RawAvp<'a>>,
    ) -> Result<Self, MessageError> {
        Ok(Self {
            user_identity: UserIdentity::parse(&require(ui, &sh::USER_IDENTITY)?)?,
            wildcarded_public_identity: opt_str(wpi)?,
            wildcarded_impu: opt_str(wimpu)?,
            user_name: opt_str(un)?,
        })
    }
}

/// Checks the Data-Reference AVPs (at least one, each 4 octets).
fn check_data_references(msg: &Message<'_>) -> Result<(), MessageError> {
    if check_each(msg, &sh::DATA_REFERENCE, is_u32)? == 0 {
        let d = &sh::DATA_REFERENCE;
        return Err(MessageError::missing(d.code, d.vendor, d.ty.min_len()));
    }
    Ok(())
}

fn data_references<'a>(msg: Message<'a>) -> impl Iterator<Item = DataReference> + 'a {
    each(msg, &sh::DATA_REFERENCE).filter_map(|a| a.u32().ok()).map(DataReference)
}

fn identity_sets<'a>(msg: Message<'a>) -> impl Iterator<Item = IdentitySet> + 'a {
    each(msg, &sh::IDENTITY_SET).filter_map(|a| a.u32().ok()).map(IdentitySet)
}

fn octets<'a>(
    msg: Message<'a>,
    def: &'static crate::dict::AvpDef,
) -> impl Iterator<Item = &'a [u8]> {
    each(msg, def).map(|a| a.octets())
}

/// User-Data-Request (TS 29.329 §6.1.1).
#[derive(Debug, Clone, Copy)]
pub struct UdrView<'a> {
    pub msg: Message<'a>,
    pub routing: Routing<'a>,
    pub subject: ShSubject<'a>,
    /// The requesting AS's SIP URI, for S-CSCF-name-dependent data.
    pub server_name: Option<&'a str>,
    pub requested_domain: Option<RequestedDomain>,
    pub current_location: Option<CurrentLocation>,
    pub session_priority: Option<u32>,
    /// Requested-Nodes bit mask (1 MME, 2 SGSN, 4 3GPP-AAA-SERVER-TWAN, 8 AMF).
    pub requested_nodes: Option<u32>,
    /// Serving-Node-Indication present (ONLY_SERVING_NODES_REQUIRED).
    pub serving_node_indication: bool,
    /// Pre-paging-Supported: 0 PREPAGING_NOT_SUPPORTED, 1 PREPAGING_SUPPORTED.
    pub pre_paging_supported: Option<u32>,
    /// Local-Time-Zone-Indication: 0 ONLY_LOCAL_TIME_ZONE_REQUESTED, 1 ..._WITH_LOCATION_INFO.
    pub local_time_zone_indication: Option<u32>,
    /// UDR-Flags; 0 when absent.
    pub udr_flags: u32,
}

impl<'a> UdrView<'a> {
    /// Reads a UDR.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = index(
            msg,
            routed![
                &sh::USER_IDENTITY,
                &cx::WILDCARDED_PUBLIC_IDENTITY,
                &cx::WILDCARDED_IMPU,
                &b::USER_NAME,
                &cx::SERVER_NAME,
                &sh::REQUESTED_DOMAIN,
                &sh::CURRENT_LOCATION,
                &cx::SESSION_PRIORITY,
                &sh::REQUESTED_NODES,
                &sh::SERVING_NODE_INDICATION,
                &sh::PRE_PAGING_SUPPORTED,
                &sh::LOCAL_TIME_ZONE_INDICATION,
                &sh::UDR_FLAGS,
            ],
        )?;
        let routing = Routing::from_index(&f)?;
        let [.., ui, wpi, wimpu, un, sn, dom, loc, prio, nodes, sni, pp, ltz, flags] = f;
        let view = Self {
            msg: *msg,
            routing,
            subject: ShSubject::new(ui, wpi, wimpu, un)?,
            server_name: opt_str(sn)?,
            requested_domain: opt_u32(dom)?.map(RequestedDomain),
            current_location: opt_u32(loc)?.map(CurrentLocation),
            session_priority: opt_u32(prio)?,
            requested_nodes: opt_u32(nodes)?,
            serving_node_indication: opt_u32(sni)?.is_some(),
            pre_paging_supported: opt_u32(pp)?,
            local_time_zone_indication: opt_u32(ltz)?,
            udr_flags: opt_u32(flags)?.unwrap_or(0),
        };
        check_data_references(msg)?;
        check_each(msg, &sh::IDENTITY_SET, is_u32)?;
        Ok(view)
    }

    /// The Data-Reference AVPs (at least one).
    pub fn data_references(&self) -> impl Iterator<Item = DataReference> + use<'a> {
        data_references(self.msg)
    }

    /// The Service-Indication AVPs (for RepositoryData).
    pub fn service_indications(&self) -> impl Iterator<Item = &'a [u8]> + use<'a> {
        octets(self.msg, &sh::SERVICE_INDICATION)
    }

    /// The Identity-Set AVPs (for IMSPublicIdentity).
    pub fn identity_sets(&self) -> impl Iterator<Item = IdentitySet> + use<'a> {
        identity_sets(self.msg)
    }

    /// The DSAI-Tag AVPs (for DSAI).
    pub fn dsai_tags(&self) -> impl Iterator<Item = &'a [u8]> + use<'a> {
        octets(self.msg, &sh::DSAI_TAG)
    }
}

/// Profile-Update-Request (TS 29.329 §6.1.3).
#[derive(Debug, Clone, Copy)]
pub struct ShPurView<'a> {
    pub msg: Message<'a>,
    pub routing: Routing<'a>,
    pub subject: ShSubject<'a>,
    /// User-Data: the Sh-Data XML document (TS 29.328 Annex D), as received.
    pub user_data: &'a [u8],
}

impl<'a> ShPurView<'a> {
    /// Reads a PUR.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = index(
            msg,
            routed![
                &sh::USER_IDENTITY,
                &cx::WILDCARDED_PUBLIC_IDENTITY,
                &cx::WILDCARDED_IMPU,
                &b::USER_NAME,
                &sh::USER_DATA,
            ],
        )?;
        let routing = Routing::from_index(&f)?;
        let [.., ui, wpi, wimpu, un, data] = f;
        let view = Self {
            msg: *msg,
            routing,
            subject: ShSubject::new(ui, wpi, wimpu, un)?,
            user_data: require(data, &sh::USER_DATA)?.octets(),
        };
        check_data_references(msg)?;
        Ok(view)
    }

    /// The Data-Reference AVPs (one, or more with the Update-Eff-Enhance feature).
    pub fn data_references(&self) -> impl Iterator<Item = DataReference> + use<'a> {
        data_references(self.msg)
    }
}

/// Subscribe-Notifications-Request (TS 29.329 §6.1.5).
#[derive(Debug, Clone, Copy)]
pub struct SnrView<'a> {
    pub msg: Message<'a>,
    pub routing: Routing<'a>,
    pub subject: ShSubject<'a>,
    pub subs_req_type: SubsReqType,
    /// Send-Data-Indication is USER_DATA_REQUESTED: answer with the data subscribed to.
    pub send_data: bool,
    pub server_name: Option<&'a str>,
    /// Expiry-Time requested, in NTP seconds.
    pub expiry_time: Option<u32>,
    /// One-Time-Notification present (ONE_TIME_NOTIFICATION_REQUESTED).
    pub one_time_notification: bool,
}

impl<'a> SnrView<'a> {
    /// Reads an SNR.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = index(
            msg,
            routed![
                &sh::USER_IDENTITY,
                &cx::WILDCARDED_PUBLIC_IDENTITY,
                &cx::WILDCARDED_IMPU,
                &b::USER_NAME,
                &sh::SUBS_REQ_TYPE,
                &sh::SEND_DATA_INDICATION,
                &cx::SERVER_NAME,
                &sh::EXPIRY_TIME,
                &sh::ONE_TIME_NOTIFICATION,
            ],
        )?;
        let routing = Routing::from_index(&f)?;
        let [.., ui, wpi, wimpu, un, srt, sdi, sn, exp, otn] = f;
        let view = Self {
            msg: *msg,
            routing,
            subject: ShSubject::new(ui, wpi, wimpu, un)?,
            subs_req_type: SubsReqType(require(srt, &sh::SUBS_REQ_TYPE)?.u32()?),
            send_data: opt_u32(sdi)? == Some(USER_DATA_REQUESTED),
            server_name: opt_str(sn)?,
            expiry_time: exp.map(|a| a.time()).transpose()?,
            one_time_notification: opt_u32(otn)?.is_some(),
        };
        check_data_references(msg)?;
        check_each(msg, &sh::IDENTITY_SET, is_u32)?;
        Ok(view)
    }

    /// The Data-Reference AVPs (at least one).
    pub fn data_references(&self) -> impl Iterator<Item = DataReference> + use<'a> {
        data_references(self.msg)
    }

    /// The Service-Indication AVPs (for RepositoryData).
    pub fn service_indications(&self) -> impl Iterator<Item = &'a [u8]> + use<'a> {
        octets(self.msg, &sh::SERVICE_INDICATION)
    }

    /// The Identity-Set AVPs.
    pub fn identity_sets(&self) -> impl Iterator<Item = IdentitySet> + use<'a> {
        identity_sets(self.msg)
    }

    /// The DSAI-Tag AVPs.
    pub fn dsai_tags(&self) -> impl Iterator<Item = &'a [u8]> + use<'a> {
        octets(self.msg, &sh::DSAI_TAG)
    }
}

/// Push-Notification-Answer (TS 29.329 §6.1.8).
pub type PnaView<'a> = AnswerView<'a>;
