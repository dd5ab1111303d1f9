//! Views of the Cx/Dx messages the HSS receives (TS 29.228 / TS 29.229 §6.1): the requests UAR,
//! MAR, SAR and LIR from the I-CSCF and S-CSCF, and RTA and PPA, the answers to the HSS's own
//! requests.
//!
//! Also the pieces the Sh and SWx views share: [`AuthScheme`] and [`AuthDataRequest`] for the
//! SIP-Auth-Data-Item of a MAR (SWx re-uses Cx's), and the helpers that check repeated AVPs
//! during `parse` so that the iterators cannot fail later.

use super::{
    AnswerView, Routing, fixed_octets, index, index_group, opt_str, opt_u32, require, require_str,
    routed,
};
use crate::avp::RawAvp;
use crate::dict::{AvpDef, base as b, cx};
use crate::error::MessageError;
use crate::message::Message;

/// An open Enumerated / Unsigned32 code space: a `u32` newtype with named constants, so an
/// unknown value still decodes and the handler decides what it means.
macro_rules! open_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$cdoc:meta])* $konst:ident = $value:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            $($(#[$cdoc])* pub const $konst: Self = Self($value);)*

            /// True when the value is one the specification names.
            pub fn is_known(self) -> bool {
                [$($value),*].contains(&self.0)
            }
        }

        impl From<u32> for $name {
            fn from(v: u32) -> Self {
                Self(v)
            }
        }
    };
}
pub(crate) use open_enum;

/// The top-level AVPs of `msg` matching `def`, for repeated AVPs a view has checked already.
pub(crate) fn each<'a>(
    msg: Message<'a>,
    def: &'static AvpDef,
) -> impl Iterator<Item = RawAvp<'a>> + 'a {
    msg.avps().map_while(Result::ok).filter(move |a| a.is(def.code, def.vendor))
}

/// Checks every top-level `def` of `msg` with `check`; returns how many there are.
pub(crate) fn check_each<'a>(
    msg: &Message<'a>,
    def: &AvpDef,
    check: impl Fn(&RawAvp<'a>) -> Result<(), MessageError>,
) -> Result<usize, MessageError> {
    let mut n = 0;
    for avp in msg.avps() {
        let avp = avp?;
        if avp.is(def.code, def.vendor) {
            check(&avp)?;
            n += 1;
        }
    }
    Ok(n)
}

/// For [`check_each`]: a valid UTF-8 value.
pub(crate) fn is_utf8(a: &RawAvp<'_>) -> Result<(), MessageError> {
    a.utf8().map(drop)
}

/// For [`check_each`]: a 4-byte Unsigned32 / Enumerated value.
pub(crate) fn is_u32(a: &RawAvp<'_>) -> Result<(), MessageError> {
    a.u32().map(drop)
}

open_enum! {
    /// User-Authorization-Type (TS 29.229 §6.3.24); absent means REGISTRATION.
    UserAuthorizationType {
        REGISTRATION = 0,
        DE_REGISTRATION = 1,
        REGISTRATION_AND_CAPABILITIES = 2,
    }
}

open_enum! {
    /// Server-Assignment-Type (TS 29.229 §6.3.15); SWx uses the same AVP (TS 29.273).
    ServerAssignmentType {
        NO_ASSIGNMENT = 0,
        REGISTRATION = 1,
        RE_REGISTRATION = 2,
        UNREGISTERED_USER = 3,
        TIMEOUT_DEREGISTRATION = 4,
        USER_DEREGISTRATION = 5,
        TIMEOUT_DEREGISTRATION_STORE_SERVER_NAME = 6,
        USER_DEREGISTRATION_STORE_SERVER_NAME = 7,
        ADMINISTRATIVE_DEREGISTRATION = 8,
        AUTHENTICATION_FAILURE = 9,
        AUTHENTICATION_TIMEOUT = 10,
        DEREGISTRATION_TOO_MUCH_DATA = 11,
        /// SWx only.
        AAA_USER_DATA_REQUEST = 12,
        /// SWx only.
        PGW_UPDATE = 13,
        /// SWx only.
        RESTORATION = 14,
    }
}

open_enum! {
    /// User-Data-Already-Available (TS 29.229 §6.3.26).
    UserDataAlreadyAvailable {
        USER_DATA_NOT_AVAILABLE = 0,
        USER_DATA_ALREADY_AVAILABLE = 1,
    }
}

open_enum! {
    /// Reason-Code inside Deregistration-Reason (TS 29.229 §6.3.17).
    ReasonCode {
        PERMANENT_TERMINATION = 0,
        NEW_SERVER_ASSIGNED = 1,
        SERVER_CHANGE = 2,
        REMOVE_S_CSCF = 3,
    }
}

/// UAR-Flags bit 0 (TS 29.229): the registration is an IMS emergency registration.
pub const UAR_FLAG_IMS_EMERGENCY_REGISTRATION: u32 = 1;
/// SAR-Flags bit 0 (TS 29.229): P-CSCF restoration indication.
pub const SAR_FLAG_PCSCF_RESTORATION: u32 = 1;

/// SIP-Authentication-Scheme (TS 29.229 §6.3.9; TS 29.273 for the EAP values). Known values are matched
/// without regard to ASCII case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme<'a> {
    /// "Digest-AKAv1-MD5": IMS AKA (also asked for Digest-AKAv2, TS 29.229 §6.3.9 NOTE 1).
    DigestAkaV1Md5,
    /// "SIP Digest".
    SipDigest,
    /// "NASS-Bundled".
    NassBundled,
    /// "Early-IMS-Security".
    EarlyImsSecurity,
    /// "Unknown": the S-CSCF lets the HSS choose.
    Unknown,
    /// "EAP-AKA" (SWx).
    EapAka,
    /// "EAP-AKA'" (SWx).
    EapAkaPrime,
    /// Any other string.
    Other(&'a str),
}

impl<'a> AuthScheme<'a> {
    const NAMES: [(&'static str, AuthScheme<'static>); 7] = [
        ("Digest-AKAv1-MD5", AuthScheme::DigestAkaV1Md5),
        ("SIP Digest", AuthScheme::SipDigest),
        ("NASS-Bundled", AuthScheme::NassBundled),
        ("Early-IMS-Security", AuthScheme::EarlyImsSecurity),
        ("Unknown", AuthScheme::Unknown),
        ("EAP-AKA", AuthScheme::EapAka),
        ("EAP-AKA'", AuthScheme::EapAkaPrime),
    ];

    /// The scheme a SIP-Authentication-Scheme value names.
    pub fn parse(s: &'a str) -> Self {
        Self::NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(s)).map_or(Self::Other(s), |p| p.1)
    }

    /// The value written on the wire.
    pub fn as_str(self) -> &'a str {
        match self {
            Self::Other(s) => s,
            known => Self::NAMES.iter().find(|(_, k)| *k == known).map_or("", |p| p.0),
        }
    }
}

/// RAND || AUTS from a MAR's SIP-Authorization after a synchronisation failure (TS 29.229
/// §6.3.11: 30 octets, RAND the 16 most significant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AkaResync {
    pub rand: [u8; 16],
    pub auts: [u8; 14],
}

impl AkaResync {
    /// The 30-octet SIP-Authorization value.
    pub fn to_bytes(&self) -> [u8; 30] {
        let mut out = [0u8; 30];
        out[..16].copy_from_slice(&self.rand);
        out[16..].copy_from_slice(&self.auts);
        out
    }
}

/// The SIP-Auth-Data-Item of a MAR (TS 29.228 §6.3, TS 29.273 §8.1.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthDataRequest<'a> {
    /// SIP-Authentication-Scheme (required).
    pub scheme: AuthScheme<'a>,
    /// SIP-Authorization: present on a resynchronisation; any length but 30 is a 5014.
    pub resync: Option<AkaResync>,
}

impl<'a> AuthDataRequest<'a> {
    /// Reads a request's SIP-Auth-Data-Item.
    pub fn parse(item: &RawAvp<'a>) -> Result<Self, MessageError> {
        let [scheme, authz] =
            index_group(item, [&cx::SIP_AUTHENTICATION_SCHEME, &cx::SIP_AUTHORIZATION])?;
        let scheme = AuthScheme::parse(require_str(scheme, &cx::SIP_AUTHENTICATION_SCHEME)?);
        let resync = authz
            .map(|a| {
                let v: [u8; 30] = fixed_octets(&a)?;
                let mut resync = AkaResync { rand: [0; 16], auts: [0; 14] };
                resync.rand.copy_from_slice(&v[..16]);
                resync.auts.copy_from_slice(&v[16..]);
                Ok::<_, MessageError>(resync)
            })
            .transpose()?;
        Ok(Self { scheme, resync })
    }
}

/// User-Authorization-Request (TS 29.229 §6.1.1), from the I-CSCF.
#[derive(Debug, Clone, Copy)]
pub struct UarView<'a> {
    pub msg: Message<'a>,
    pub routing: Routing<'a>,
    /// The private identity (IMPI).
    pub user_name: &'a str,
    /// The public identity (IMPU) being registered.
    pub public_identity: &'a str,
    pub visited_network_identifier: &'a [u8],
    /// Absent means [`UserAuthorizationType::REGISTRATION`]; see [`Self::authorization_type`].
    pub user_authorization_type: Option<UserAuthorizationType>,
    /// UAR-Flags; 0 when absent.
    pub uar_flags: u32,
}

impl<'a> UarView<'a> {
    /// Reads a UAR.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = index(
            msg,
            routed![
                &b::USER_NAME,
                &cx::PUBLIC_IDENTITY,
                &crate::dict::tgpp::VISITED_NETWORK_IDENTIFIER,
                &cx::USER_AUTHORIZATION_TYPE,
                &cx::UAR_FLAGS,
            ],
        )?;
        let routing = Routing::from_index(&f)?;
        let [.., un, pi, vni, uat, flags] = f;
        Ok(Self {
            msg: *msg,
            routing,
            user_name: require_str(un, &b::USER_NAME)?,
            public_identity: require_str(pi, &cx::PUBLIC_IDENTITY)?,
            visited_network_identifier: require(
                vni,
                &crate::dict::tgpp::VISITED_NETWORK_IDENTIFIER,
            )?
            .octets(),
            user_authorization_type: opt_u32(uat)?.map(UserAuthorizationType),
            uar_flags: opt_u32(flags)?.unwrap_or(0),
        })
    }

    /// The authorization type, REGISTRATION when absent (TS 29.229 §6.3.24).
    pub fn authorization_type(&self) -> UserAuthorizationType {
        self.user_authorization_type.unwrap_or(UserAuthorizationType::REGISTRATION)
    }

    /// True for an IMS emergency registration (UAR-Flags bit 0).
    pub fn is_emergency(&self) -> bool {
        self.uar_flags & UAR_FLAG_IMS_EMERGENCY_REGISTRATION != 0
    }
}

/// Multimedia-Auth-Request (TS 29.229 §6.1.7), from the S-CSCF.
#[derive(Debug, Clone, Copy)]
pub struct MarView<'a> {
    pub msg: Message<'a>,
    pub routing: Routing<'a>,
    /// The private identity (IMPI).
    pub user_name: &'a str,
    /// The public identity (IMPU).
    pub public_identity: &'a str,
    /// How many vectors the S-CSCF asks for.
    pub sip_number_auth_items: u32,
    pub auth_data: AuthDataRequest<'a>,
    /// The S-CSCF asking.
    pub server_name: &'a str,
}

impl<'a> MarView<'a> {
    /// Reads a MAR.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = index(
            msg,
            routed![
                &b::USER_NAME,
                &cx::PUBLIC_IDENTITY,
                &cx::SIP_NUMBER_AUTH_ITEMS,
                &cx::SIP_AUTH_DATA_ITEM,
                &cx::SERVER_NAME,
            ],
        )?;
        let routing = Routing::from_index(&f)?;
        let [.., un, pi, n, item, sn] = f;
        Ok(Self {
            msg: *msg,
            routing,
            user_name: require_str(un, &b::USER_NAME)?,
            public_identity: require_str(pi, &cx::PUBLIC_IDENTITY)?,
            sip_number_auth_items: require(n, &cx::SIP_NUMBER_AUTH_ITEMS)?.u32()?,
            auth_data: AuthDataRequest::parse(&require(item, &cx::SIP_AUTH_DATA_ITEM)?)?,
            server_name: require_str(sn, &cx::SERVER_NAME)?,
        })
    }
}

/// Server-Assignment-Request (TS 29.229 §6.1.3), from the S-CSCF.
#[derive(Debug, Clone, Copy)]
pub struct SarView<'a> {
    pub msg: Message<'a>,
    pub routing: Routing<'a>,
    /// The private identity, when the S-CSCF knows it.
    pub user_name: Option<&'a str>,
    pub wildcarded_public_identity: Option<&'a str>,
    pub server_name: &'a str,
    pub server_assignment_type: ServerAssignmentType,
    pub user_data_already_available: UserDataAlreadyAvailable,
    /// SCSCF-Restoration-Info as received, for the HSS to store and return (TS 29.228 §6.1.2).
    pub scscf_restoration_info: Option<RawAvp<'a>>,
    /// Multiple-Registration-Indication: 0 NOT_MULTIPLE_REGISTRATION, 1 MULTIPLE_REGISTRATION.
    pub multiple_registration_indication: Option<u32>,
    /// Session-Priority: 0 (highest) to 4.
    pub session_priority: Option<u32>,
    /// SAR-Flags; 0 when absent.
    pub sar_flags: u32,
}

impl<'a> SarView<'a> {
    /// Reads a SAR.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = index(
            msg,
            routed![
                &b::USER_NAME,
                &cx::WILDCARDED_PUBLIC_IDENTITY,
                &cx::SERVER_NAME,
                &cx::SERVER_ASSIGNMENT_TYPE,
                &cx::USER_DATA_ALREADY_AVAILABLE,
                &cx::SCSCF_RESTORATION_INFO,
                &cx::MULTIPLE_REGISTRATION_INDICATION,
                &cx::SESSION_PRIORITY,
                &cx::SAR_FLAGS,
            ],
        )?;
        let routing = Routing::from_index(&f)?;
        let [.., un, wpi, sn, sat, udaa, restoration, mri, prio, flags] = f;
        let view = Self {
            msg: *msg,
            routing,
            user_name: opt_str(un)?,
            wildcarded_public_identity: opt_str(wpi)?,
            server_name: require_str(sn, &cx::SERVER_NAME)?,
            server_assignment_type: ServerAssignmentType(
                require(sat, &cx::SERVER_ASSIGNMENT_TYPE)?.u32()?,
            ),
            user_data_already_available: UserDataAlreadyAvailable(
                require(udaa, &cx::USER_DATA_ALREADY_AVAILABLE)?.u32()?,
            ),
            scscf_restoration_info: restoration,
            multiple_registration_indication: opt_u32(mri)?,
            session_priority: opt_u32(prio)?,
            sar_flags: opt_u32(flags)?.unwrap_or(0),
        };
        check_each(msg, &cx::PUBLIC_IDENTITY, is_utf8)?;
        Ok(view)
    }

    /// The Public-Identity AVPs, in order (none when only User-Name identifies the user).
    pub fn public_identities(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        each(self.msg, &cx::PUBLIC_IDENTITY).filter_map(|a| a.utf8().ok())
    }
}

/// Location-Info-Request (TS 29.229 §6.1.5), from the I-CSCF or S-CSCF.
#[derive(Debug, Clone, Copy)]
pub struct LirView<'a> {
    pub msg: Message<'a>,
    pub routing: Routing<'a>,
    pub public_identity: &'a str,
    /// Originating-Request present (its one value is ORIGINATING).
    pub originating_request: bool,
    /// Only REGISTRATION_AND_CAPABILITIES is meaningful here (TS 29.229 §6.1.5).
    pub user_authorization_type: Option<UserAuthorizationType>,
    pub session_priority: Option<u32>,
}

impl<'a> LirView<'a> {
    /// Reads a LIR.
    pub fn parse(msg: &Message<'a>) -> Result<Self, MessageError> {
        let f = index(
            msg,
            routed![
                &cx::PUBLIC_IDENTITY,
                &cx::ORIGINATING_REQUEST,
                &cx::USER_AUTHORIZATION_TYPE,
                &cx::SESSION_PRIORITY,
            ],
        )?;
        let routing = Routing::from_index(&f)?;
        let [.., pi, orig, uat, prio] = f;
        Ok(Self {
            msg: *msg,
            routing,
            public_identity: require_str(pi, &cx::PUBLIC_IDENTITY)?,
            originating_request: opt_u32(orig)?.is_some(),
            user_authorization_type: opt_u32(uat)?.map(UserAuthorizationType),
            session_priority: opt_u32(prio)?,
        })
    }
}

/// Registration-Termination-Answer (TS 29.229 §6.1.10).
pub type RtaView<'a> = AnswerView<'a>;
/// Push-Profile-Answer (TS 29.229 §6.1.12).
pub type PpaView<'a> = AnswerView<'a>;
