//! Open code spaces of Diameter as newtypes with named constants.
//!
//! Command codes, application ids, AVP codes, vendor ids and result codes are open sets: a peer may
//! send any value. They are therefore plain `u32` newtypes, never closed enums, so an unknown value
//! still decodes and gets its specified answer (3001, 3007, 5001).

use std::fmt;

macro_rules! code_space {
    ($(#[$doc:meta])* $name:ident { $($(#[$cdoc:meta])* $konst:ident = $value:expr,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub u32);

        impl $name {
            $($(#[$cdoc])* pub const $konst: Self = Self($value);)*

            /// The constant's name when this value has one here.
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $(v if v == $value => Some(stringify!($konst)),)*
                    _ => None,
                }
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(n) => write!(f, "{}({})", n, self.0),
                    None => write!(f, "{}({})", stringify!($name), self.0),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(self, f)
            }
        }

        impl From<u32> for $name {
            fn from(v: u32) -> Self {
                Self(v)
            }
        }
    };
}

code_space! {
    /// Diameter command code (RFC 6733 §3, 24 bits on the wire).
    CommandCode {
        /// Capabilities-Exchange (RFC 6733 §5.3).
        CAPABILITIES_EXCHANGE = 257,
        /// Re-Auth (RFC 6733 §8.3).
        RE_AUTH = 258,
        /// Accounting (RFC 6733 §9.7).
        ACCOUNTING = 271,
        /// Session-Termination (RFC 6733 §8.4).
        SESSION_TERMINATION = 275,
        /// Abort-Session (RFC 6733 §8.5).
        ABORT_SESSION = 274,
        /// Device-Watchdog (RFC 6733 §5.5).
        DEVICE_WATCHDOG = 280,
        /// Disconnect-Peer (RFC 6733 §5.4).
        DISCONNECT_PEER = 282,
        /// S6a/S6d Update-Location (TS 29.272 §7.2.3).
        UPDATE_LOCATION = 316,
        /// S6a/S6d Cancel-Location (TS 29.272 §7.2.7).
        CANCEL_LOCATION = 317,
        /// S6a/S6d Authentication-Information (TS 29.272 §7.2.5).
        AUTHENTICATION_INFORMATION = 318,
        /// S6a/S6d Insert-Subscriber-Data (TS 29.272 §7.2.9).
        INSERT_SUBSCRIBER_DATA = 319,
        /// S6a/S6d Delete-Subscriber-Data (TS 29.272 §7.2.11).
        DELETE_SUBSCRIBER_DATA = 320,
        /// S6a/S6d Purge-UE (TS 29.272 §7.2.13).
        PURGE_UE = 321,
        /// S6a/S6d Reset (TS 29.272 §7.2.15).
        RESET = 322,
        /// S6a/S6d Notify (TS 29.272 §7.2.17).
        NOTIFY = 323,
        /// S13 ME-Identity-Check (TS 29.272 §7.2.19).
        ME_IDENTITY_CHECK = 324,
        /// Cx User-Authorization (TS 29.229 §6.1.1).
        USER_AUTHORIZATION = 300,
        /// Cx Server-Assignment (TS 29.229 §6.1.3).
        SERVER_ASSIGNMENT = 301,
        /// Cx Location-Info (TS 29.229 §6.1.5).
        LOCATION_INFO = 302,
        /// Cx Multimedia-Auth (TS 29.229 §6.1.7); also SWx (TS 29.273).
        MULTIMEDIA_AUTH = 303,
        /// Cx Registration-Termination (TS 29.229 §6.1.9); also SWx.
        REGISTRATION_TERMINATION = 304,
        /// Cx Push-Profile (TS 29.229 §6.1.11); also SWx.
        PUSH_PROFILE = 305,
        /// Sh User-Data (TS 29.329 §6.1.1).
        USER_DATA = 306,
        /// Sh Profile-Update (TS 29.329 §6.1.3).
        PROFILE_UPDATE = 307,
        /// Sh Subscribe-Notifications (TS 29.329 §6.1.5).
        SUBSCRIBE_NOTIFICATIONS = 308,
        /// Sh Push-Notification (TS 29.329 §6.1.7).
        PUSH_NOTIFICATION = 309,
    }
}

code_space! {
    /// Diameter application id (RFC 6733 §2.4).
    ApplicationId {
        /// Diameter common messages (CER, DWR, DPR).
        COMMON = 0,
        /// Base accounting.
        ACCOUNTING = 3,
        /// Relay application.
        RELAY = 0xffff_ffff,
        /// 3GPP Cx/Dx (TS 29.229).
        CX = 16_777_216,
        /// 3GPP Sh/Dh (TS 29.329).
        SH = 16_777_217,
        /// 3GPP S6a/S6d (TS 29.272).
        S6A = 16_777_251,
        /// 3GPP S13/S13' (TS 29.272).
        S13 = 16_777_252,
        /// 3GPP SWx (TS 29.273).
        SWX = 16_777_265,
    }
}

code_space! {
    /// AVP code (RFC 6733 §4.1). Its meaning depends on the vendor id beside it.
    AvpCode {}
}

code_space! {
    /// IANA enterprise number of an AVP's vendor; 0 means no vendor (IETF AVP).
    VendorId {
        /// IETF (no Vendor-Id field on the wire).
        IETF = 0,
        /// 3GPP.
        TGPP = 10_415,
        /// ETSI.
        ETSI = 13_019,
    }
}

code_space! {
    /// Result-Code (RFC 6733 §7.1) or Experimental-Result-Code value.
    ResultCode {
        /// 2001: the request was successfully completed.
        SUCCESS = 2001,
        /// 2002: limited success.
        LIMITED_SUCCESS = 2002,
        /// 3001: command code not recognised or supported.
        COMMAND_UNSUPPORTED = 3001,
        /// 3002: the message could not be delivered.
        UNABLE_TO_DELIVER = 3002,
        /// 3003: the intended realm was not recognised.
        REALM_NOT_SERVED = 3003,
        /// 3004: too busy.
        TOO_BUSY = 3004,
        /// 3005: a loop was detected.
        LOOP_DETECTED = 3005,
        /// 3006: redirect indication.
        REDIRECT_INDICATION = 3006,
        /// 3007: application not supported.
        APPLICATION_UNSUPPORTED = 3007,
        /// 3008: invalid header bits.
        INVALID_HDR_BITS = 3008,
        /// 3009: invalid AVP bits.
        INVALID_AVP_BITS = 3009,
        /// 3010: unknown peer.
        UNKNOWN_PEER = 3010,
        /// 4001: authentication rejected.
        AUTHENTICATION_REJECTED = 4001,
        /// 4002: out of space.
        OUT_OF_SPACE = 4002,
        /// 4003: election lost.
        ELECTION_LOST = 4003,
        /// 5001: an AVP with the M bit set is not supported.
        AVP_UNSUPPORTED = 5001,
        /// 5002: unknown session id.
        UNKNOWN_SESSION_ID = 5002,
        /// 5003: authorization rejected.
        AUTHORIZATION_REJECTED = 5003,
        /// 5004: invalid AVP value.
        INVALID_AVP_VALUE = 5004,
        /// 5005: a required AVP is missing.
        MISSING_AVP = 5005,
        /// 5006: resources exceeded.
        RESOURCES_EXCEEDED = 5006,
        /// 5007: contradicting AVPs.
        CONTRADICTING_AVPS = 5007,
        /// 5008: an AVP that must not be present is present.
        AVP_NOT_ALLOWED = 5008,
        /// 5009: an AVP occurs more often than allowed.
        AVP_OCCURS_TOO_MANY_TIMES = 5009,
        /// 5010: no common application.
        NO_COMMON_APPLICATION = 5010,
        /// 5011: unsupported version.
        UNSUPPORTED_VERSION = 5011,
        /// 5012: unable to comply.
        UNABLE_TO_COMPLY = 5012,
        /// 5013: invalid bit in header.
        INVALID_BIT_IN_HEADER = 5013,
        /// 5014: invalid AVP length.
        INVALID_AVP_LENGTH = 5014,
        /// 5015: invalid message length.
        INVALID_MESSAGE_LENGTH = 5015,
        /// 5016: invalid AVP bit combination.
        INVALID_AVP_BIT_COMBO = 5016,
        /// 5017: no common security.
        NO_COMMON_SECURITY = 5017,
    }
}

impl ResultCode {
    /// True for the 1xxx and 2xxx classes (informational and success).
    pub fn is_success(self) -> bool {
        (1000..3000).contains(&self.0)
    }

    /// True for 3xxx protocol errors, which RFC 6733 §7.1.3 answers with the E bit set.
    pub fn is_protocol_error(self) -> bool {
        (3000..4000).contains(&self.0)
    }
}

/// 3GPP Experimental-Result-Code values used by the HSS interfaces.
pub mod experimental {
    use super::ResultCode;

    /// 5001 DIAMETER_ERROR_USER_UNKNOWN (TS 29.272 §7.4.3, TS 29.229 §6.2.2.1).
    pub const ERROR_USER_UNKNOWN: ResultCode = ResultCode(5001);
    /// 5002 DIAMETER_ERROR_IDENTITIES_DONT_MATCH (TS 29.229 §6.2.2.2).
    pub const ERROR_IDENTITIES_DONT_MATCH: ResultCode = ResultCode(5002);
    /// 5003 DIAMETER_ERROR_IDENTITY_NOT_REGISTERED (TS 29.229).
    pub const ERROR_IDENTITY_NOT_REGISTERED: ResultCode = ResultCode(5003);
    /// 5004 DIAMETER_ERROR_ROAMING_NOT_ALLOWED (TS 29.272 §7.4.3, TS 29.229).
    pub const ERROR_ROAMING_NOT_ALLOWED: ResultCode = ResultCode(5004);
    /// 5005 DIAMETER_ERROR_IDENTITY_ALREADY_REGISTERED (TS 29.229).
    pub const ERROR_IDENTITY_ALREADY_REGISTERED: ResultCode = ResultCode(5005);
    /// 5006 DIAMETER_ERROR_AUTH_SCHEME_NOT_SUPPORTED (TS 29.229).
    pub const ERROR_AUTH_SCHEME_NOT_SUPPORTED: ResultCode = ResultCode(5006);
    /// 5007 DIAMETER_ERROR_IN_ASSIGNMENT_TYPE (TS 29.229).
    pub const ERROR_IN_ASSIGNMENT_TYPE: ResultCode = ResultCode(5007);
    /// 5008 DIAMETER_ERROR_TOO_MUCH_DATA (TS 29.229).
    pub const ERROR_TOO_MUCH_DATA: ResultCode = ResultCode(5008);
    /// 4100 DIAMETER_USER_DATA_NOT_AVAILABLE (TS 29.329 §6.2.1.1): transient, the data asked
    /// for is not available.
    pub const USER_DATA_NOT_AVAILABLE: ResultCode = ResultCode(4100);
    /// 5009 DIAMETER_ERROR_NOT_SUPPORTED_USER_DATA (TS 29.229).
    pub const ERROR_NOT_SUPPORTED_USER_DATA: ResultCode = ResultCode(5009);
    /// 5011 DIAMETER_ERROR_FEATURE_UNSUPPORTED (TS 29.229).
    pub const ERROR_FEATURE_UNSUPPORTED: ResultCode = ResultCode(5011);
    /// 5100 DIAMETER_ERROR_USER_DATA_NOT_RECOGNIZED (TS 29.329).
    pub const ERROR_USER_DATA_NOT_RECOGNIZED: ResultCode = ResultCode(5100);
    /// 5101 DIAMETER_ERROR_OPERATION_NOT_ALLOWED (TS 29.329).
    pub const ERROR_OPERATION_NOT_ALLOWED: ResultCode = ResultCode(5101);
    /// 5102 DIAMETER_ERROR_USER_DATA_CANNOT_BE_READ (TS 29.329).
    pub const ERROR_USER_DATA_CANNOT_BE_READ: ResultCode = ResultCode(5102);
    /// 5103 DIAMETER_ERROR_USER_DATA_CANNOT_BE_MODIFIED (TS 29.329).
    pub const ERROR_USER_DATA_CANNOT_BE_MODIFIED: ResultCode = ResultCode(5103);
    /// 5104 DIAMETER_ERROR_USER_DATA_CANNOT_BE_NOTIFIED (TS 29.329).
    pub const ERROR_USER_DATA_CANNOT_BE_NOTIFIED: ResultCode = ResultCode(5104);
    /// 5105 DIAMETER_ERROR_TRANSPARENT_DATA_OUT_OF_SYNC (TS 29.329).
    pub const ERROR_TRANSPARENT_DATA_OUT_OF_SYNC: ResultCode = ResultCode(5105);
    /// 5106 DIAMETER_ERROR_SUBS_DATA_ABSENT (TS 29.329).
    pub const ERROR_SUBS_DATA_ABSENT: ResultCode = ResultCode(5106);
    /// 5107 DIAMETER_ERROR_NO_SUBSCRIPTION_TO_DATA (TS 29.329).
    pub const ERROR_NO_SUBSCRIPTION_TO_DATA: ResultCode = ResultCode(5107);
    /// 5108 DIAMETER_ERROR_DSAI_NOT_AVAILABLE (TS 29.329).
    pub const ERROR_DSAI_NOT_AVAILABLE: ResultCode = ResultCode(5108);
    /// 5420 DIAMETER_ERROR_UNKNOWN_EPS_SUBSCRIPTION (TS 29.272).
    pub const ERROR_UNKNOWN_EPS_SUBSCRIPTION: ResultCode = ResultCode(5420);
    /// 5421 DIAMETER_ERROR_RAT_NOT_ALLOWED (TS 29.272).
    pub const ERROR_RAT_NOT_ALLOWED: ResultCode = ResultCode(5421);
    /// 5422 DIAMETER_ERROR_EQUIPMENT_UNKNOWN (TS 29.272).
    pub const ERROR_EQUIPMENT_UNKNOWN: ResultCode = ResultCode(5422);
    /// 5423 DIAMETER_ERROR_UNKNOWN_SERVING_NODE (TS 29.272).
    pub const ERROR_UNKNOWN_SERVING_NODE: ResultCode = ResultCode(5423);
    /// 4181 DIAMETER_AUTHENTICATION_DATA_UNAVAILABLE (TS 29.272).
    pub const AUTHENTICATION_DATA_UNAVAILABLE: ResultCode = ResultCode(4181);
    /// 2001 DIAMETER_FIRST_REGISTRATION (TS 29.229).
    pub const FIRST_REGISTRATION: ResultCode = ResultCode(2001);
    /// 2002 DIAMETER_SUBSEQUENT_REGISTRATION (TS 29.229).
    pub const SUBSEQUENT_REGISTRATION: ResultCode = ResultCode(2002);
    /// 2003 DIAMETER_UNREGISTERED_SERVICE (TS 29.229).
    pub const UNREGISTERED_SERVICE: ResultCode = ResultCode(2003);
    /// 2004 DIAMETER_SUCCESS_SERVER_NAME_NOT_STORED (TS 29.229).
    pub const SUCCESS_SERVER_NAME_NOT_STORED: ResultCode = ResultCode(2004);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_prints_known_names_and_numbers() {
        assert_eq!(
            format!("{:?}", CommandCode::AUTHENTICATION_INFORMATION),
            "AUTHENTICATION_INFORMATION(318)"
        );
        assert_eq!(format!("{:?}", CommandCode(999)), "CommandCode(999)");
        assert_eq!(format!("{:?}", ApplicationId::S6A), "S6A(16777251)");
    }

    #[test]
    fn result_code_classes() {
        assert!(ResultCode::SUCCESS.is_success());
        assert!(ResultCode::COMMAND_UNSUPPORTED.is_protocol_error());
        assert!(!ResultCode::MISSING_AVP.is_protocol_error());
    }
}
