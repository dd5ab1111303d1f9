//! The bit masks and enumerations of TS 29.272 §7.3 that handlers and builders name: `u32`
//! newtypes with the spec's bits and values as constants. They are open code spaces: an
//! unknown bit or value still decodes, and `Debug` prints the names it knows.

use std::fmt;

/// A bit-mask AVP (`...-Flags`, Unsigned32): a `u32` newtype whose constants are the bits the
/// spec defines. Bits the spec does not define are kept: TS 29.272 says each receiver "shall
/// discard" them, which is the handler's business.
macro_rules! flags {
    ($(#[$doc:meta])* $name:ident { $($(#[$cdoc:meta])* $konst:ident = $bit:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name(pub u32);

        impl $name {
            $($(#[$cdoc])* pub const $konst: Self = Self(1 << $bit);)*

            /// No bit set.
            pub const EMPTY: Self = Self(0);

            /// True when every bit of `bits` is set.
            pub const fn contains(self, bits: Self) -> bool {
                self.0 & bits.0 == bits.0
            }

            /// `self` with the bits of `bits` set too.
            pub const fn with(self, bits: Self) -> Self {
                Self(self.0 | bits.0)
            }
        }

        impl std::ops::BitOr for $name {
            type Output = Self;
            fn bitor(self, rhs: Self) -> Self {
                self.with(rhs)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}(", stringify!($name))?;
                let mut rest = self.0;
                let mut first = true;
                $(
                    if self.contains(Self::$konst) {
                        f.write_str(if first { "" } else { " | " })?;
                        f.write_str(stringify!($konst))?;
                        rest &= !Self::$konst.0;
                        first = false;
                    }
                )*
                if rest != 0 || first {
                    write!(f, "{}{rest:#x}", if first { "" } else { " | " })?;
                }
                f.write_str(")")
            }
        }
    };
}

/// An Enumerated AVP as a `u32` newtype with the spec's values as constants.
macro_rules! enumerated {
    ($(#[$doc:meta])* $name:ident { $($(#[$cdoc:meta])* $konst:ident = $value:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            $($(#[$cdoc])* pub const $konst: Self = Self($value);)*

            /// The constant's name when the spec names this value.
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some(stringify!($konst)),)*
                    _ => None,
                }
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(n) => write!(f, "{n}({})", self.0),
                    None => write!(f, "{}({})", stringify!($name), self.0),
                }
            }
        }

        impl From<u32> for $name {
            fn from(v: u32) -> Self {
                Self(v)
            }
        }
    };
}

flags! {
    /// ULR-Flags (TS 29.272 §7.3.7, table 7.3.7/1).
    UlrFlags {
        /// The HSS shall send Cancel Location to the SGSN. Never set by an SGSN.
        SINGLE_REGISTRATION_INDICATION = 0,
        /// Set: sent on S6a (by an MME); clear: sent on S6d (by an SGSN).
        S6A_S6D_INDICATOR = 1,
        /// The HSS may skip Subscription-Data in the ULA, unless it changed since the last
        /// successful update of this node.
        SKIP_SUBSCRIBER_DATA = 2,
        /// The HSS shall include GPRS-Subscription-Data, if it has any.
        GPRS_SUBSCRIPTION_DATA_INDICATOR = 3,
        /// The requesting node is a combined MME/SGSN.
        NODE_TYPE_INDICATOR = 4,
        /// The HSS shall send Cancel Location to any registered MME or SGSN.
        INITIAL_ATTACH_INDICATOR = 5,
        /// The UE supports no positioning method for PS location services.
        PS_LCS_NOT_SUPPORTED_BY_UE = 6,
        /// The UE asked for "SMS only" in a combined attach.
        SMS_ONLY_INDICATION = 7,
        /// The HSS+UDM shall not deregister the AMF.
        DUAL_REGISTRATION_5G_INDICATOR = 8,
        /// An inter-PLMN inter-MME (or AMF to MME) handover is ongoing.
        INTER_PLMN_INTER_MME_HANDOVER = 9,
        /// An intra-PLMN inter-MME (or AMF to MME) handover is ongoing.
        INTRA_PLMN_INTER_MME_HANDOVER = 10,
    }
}

flags! {
    /// ULA-Flags (TS 29.272 §7.3.8).
    UlaFlags {
        /// The HSS stores the SGSN and MME numbers separately; "a Rel-8 HSS shall set the bit".
        SEPARATION_INDICATION = 0,
        /// The HSS has registered the MME for SMS.
        MME_REGISTERED_FOR_SMS = 1,
    }
}

flags! {
    /// AIR-Flags (TS 29.272 §7.3.201).
    AirFlags {
        /// Send the subscription parameter UE-Usage-Type in the AIA.
        SEND_UE_USAGE_TYPE = 0,
    }
}

flags! {
    /// PUR-Flags (TS 29.272 §7.3.149).
    PurFlags {
        /// A combined MME/SGSN purged the UE in its MME part.
        UE_PURGED_IN_MME = 0,
        /// A combined MME/SGSN purged the UE in its SGSN part.
        UE_PURGED_IN_SGSN = 1,
    }
}

flags! {
    /// PUA-Flags (TS 29.272 §7.3.48).
    PuaFlags {
        /// The MME shall freeze the M-TMSI.
        FREEZE_M_TMSI = 0,
        /// The SGSN shall freeze the P-TMSI.
        FREEZE_P_TMSI = 1,
    }
}

flags! {
    /// NOR-Flags (TS 29.272 §7.3.49). Bit 4 is deprecated and discarded.
    NorFlags {
        /// The HSS shall send Cancel Location to the SGSN.
        SINGLE_REGISTRATION_INDICATION = 0,
        /// The whole SGSN area is restricted by regional subscription.
        SGSN_AREA_RESTRICTED = 1,
        /// The UE can receive short messages via the SGSN.
        READY_FOR_SM_FROM_SGSN = 2,
        /// The UE is reachable again from the MME.
        UE_REACHABLE_FROM_MME = 3,
        /// The UE is reachable again from the SGSN.
        UE_REACHABLE_FROM_SGSN = 5,
        /// The UE can receive short messages via the MME.
        READY_FOR_SM_FROM_MME = 6,
        /// Homogeneous-Support-of-IMS-Voice-Over-PS-Sessions is updated.
        HOMOGENEOUS_SUPPORT_OF_IMS_VOICE_OVER_PS_SESSIONS = 7,
        /// Set: sent on S6a; only meaningful with bit 7.
        S6A_S6D_INDICATOR = 8,
        /// The MME asks to remove its registration for SMS.
        REMOVAL_OF_MME_REGISTRATION_FOR_SMS = 9,
    }
}

flags! {
    /// CLR-Flags (TS 29.272 §7.3.152).
    ClrFlags {
        /// Set: sent on S6a (to the MME); clear: on S6d (to the SGSN).
        S6A_S6D_INDICATOR = 0,
        /// The MME or SGSN shall ask the UE to re-attach at once.
        REATTACH_REQUIRED = 1,
    }
}

flags! {
    /// IDR-Flags (TS 29.272 §7.3.103).
    IdrFlags {
        /// The HSS awaits a notification of UE reachability.
        UE_REACHABILITY_REQUEST = 0,
        /// The HSS asks for IMS voice over PS support, RAT type and last activity time.
        T_ADS_DATA_REQUEST = 1,
        /// The HSS asks for the current user state.
        EPS_USER_STATE_REQUEST = 2,
        /// The HSS asks for location information.
        EPS_LOCATION_INFORMATION_REQUEST = 3,
        /// With bit 3: page an idle UE for its current location.
        CURRENT_LOCATION_REQUEST = 4,
        /// The HSS asks for the local time zone.
        LOCAL_TIME_ZONE_REQUEST = 5,
        /// The MME shall consider itself unregistered for SMS.
        REMOVE_SMS_REGISTRATION = 6,
        /// With bit 3: report the RAT type of the location.
        RAT_TYPE_REQUESTED = 7,
        /// HSS-based P-CSCF restoration (TS 23.380 §5.4).
        P_CSCF_RESTORATION_REQUEST = 8,
    }
}

flags! {
    /// IDA-Flags (TS 29.272 §7.3.47).
    IdaFlags {
        /// The whole network node (SGSN) area is restricted by regional subscription.
        NETWORK_NODE_AREA_RESTRICTED = 0,
    }
}

flags! {
    /// DSR-Flags (TS 29.272 §7.3.25, table 7.3.25/1).
    DsrFlags {
        REGIONAL_SUBSCRIPTION_WITHDRAWAL = 0,
        /// S6d only.
        COMPLETE_APN_CONFIGURATION_PROFILE_WITHDRAWAL = 1,
        SUBSCRIBED_CHARGING_CHARACTERISTICS_WITHDRAWAL = 2,
        /// The PDN subscription contexts named by the Context-Identifier AVPs are deleted.
        PDN_SUBSCRIPTION_CONTEXTS_WITHDRAWAL = 3,
        STN_SR = 4,
        COMPLETE_PDP_CONTEXT_LIST_WITHDRAWAL = 5,
        /// The PDP contexts named by the Context-Identifier AVPs are deleted.
        PDP_CONTEXTS_WITHDRAWAL = 6,
        ROAMING_RESTRICTED_DUE_TO_UNSUPPORTED_FEATURE = 7,
        TRACE_DATA_WITHDRAWAL = 8,
        CSG_DELETED = 9,
        APN_OI_REPLACEMENT = 10,
        GMLC_LIST_WITHDRAWAL = 11,
        LCS_WITHDRAWAL = 12,
        SMS_WITHDRAWAL = 13,
        SUBSCRIBED_PERIODIC_RAU_TAU_TIMER_WITHDRAWAL = 14,
        SUBSCRIBED_VSRVCC_WITHDRAWAL = 15,
        A_MSISDN_WITHDRAWAL = 16,
        PROSE_WITHDRAWAL = 17,
        RESET_IDS = 18,
        DL_BUFFERING_SUGGESTED_PACKET_COUNT_WITHDRAWAL = 19,
        SUBSCRIBED_IMSI_GROUP_ID_WITHDRAWAL = 20,
        DELETE_MONITORING_EVENTS = 21,
        USER_PLANE_INTEGRITY_PROTECTION_WITHDRAWAL = 22,
        MSISDN_WITHDRAWAL = 23,
        UE_USAGE_TYPE_WITHDRAWAL = 24,
        V2X_WITHDRAWAL = 25,
        EXTERNAL_IDENTIFIER_WITHDRAWAL = 26,
        AERIAL_UE_SUBSCRIPTION_WITHDRAWAL = 27,
        PAGING_TIME_WINDOW_SUBSCRIPTION_WITHDRAWAL = 28,
        ACTIVE_TIME_WITHDRAWAL = 29,
        EDRX_CYCLE_LENGTH_WITHDRAWAL = 30,
        SERVICE_GAP_TIME_WITHDRAWAL = 31,
    }
}

flags! {
    /// DSA-Flags (TS 29.272 §7.3.26).
    DsaFlags {
        /// The whole network node area is restricted by regional subscription.
        NETWORK_NODE_AREA_RESTRICTED = 0,
    }
}

enumerated! {
    /// RAT-Type (TS 29.212 §5.3.31), as ULR, IDA and eDRX-Cycle-Length carry it, and SWx (the
    /// non-3GPP values).
    RatType {
        WLAN = 0,
        VIRTUAL = 1,
        TRUSTED_N3GA = 2,
        WIRELINE = 3,
        WIRELINE_CABLE = 4,
        WIRELINE_BBF = 5,
        UTRAN = 1000,
        GERAN = 1001,
        GAN = 1002,
        HSPA_EVOLUTION = 1003,
        EUTRAN = 1004,
        EUTRAN_NB_IOT = 1005,
        NR = 1006,
        LTE_M = 1007,
        NR_U = 1008,
        CDMA2000_1X = 2000,
        HRPD = 2001,
        UMB = 2002,
        EHRPD = 2003,
    }
}

enumerated! {
    /// Cancellation-Type (TS 29.272 §7.3.24).
    CancellationType {
        MME_UPDATE_PROCEDURE = 0,
        SGSN_UPDATE_PROCEDURE = 1,
        SUBSCRIPTION_WITHDRAWAL = 2,
        UPDATE_PROCEDURE_IWF = 3,
        INITIAL_ATTACH_PROCEDURE = 4,
    }
}

enumerated! {
    /// PDN-Type (TS 29.272 §7.3.62).
    PdnType {
        IPV4 = 0,
        IPV6 = 1,
        IPV4V6 = 2,
        IPV4_OR_IPV6 = 3,
        NON_IP = 4,
    }
}

enumerated! {
    /// Subscriber-Status (TS 29.272 §7.3.29).
    SubscriberStatus {
        SERVICE_GRANTED = 0,
        OPERATOR_DETERMINED_BARRING = 1,
    }
}

enumerated! {
    /// Network-Access-Mode (TS 29.272 §7.3.21); 1 is reserved.
    NetworkAccessMode {
        PACKET_AND_CIRCUIT = 0,
        ONLY_PACKET = 2,
    }
}

enumerated! {
    /// Pre-emption-Capability (TS 29.212 §5.3.46).
    PreEmptionCapability {
        ENABLED = 0,
        DISABLED = 1,
    }
}

enumerated! {
    /// Pre-emption-Vulnerability (TS 29.212 §5.3.47).
    PreEmptionVulnerability {
        ENABLED = 0,
        DISABLED = 1,
    }
}

enumerated! {
    /// PDN-GW-Allocation-Type (TS 29.272 §7.3.44).
    PdnGwAllocationType {
        STATIC = 0,
        DYNAMIC = 1,
    }
}

enumerated! {
    /// User-State inside MME-User-State and SGSN-User-State (TS 29.272 §7.3.114).
    UserState {
        DETACHED = 0,
        ATTACHED_NOT_REACHABLE_FOR_PAGING = 1,
        ATTACHED_REACHABLE_FOR_PAGING = 2,
        CONNECTED_NOT_REACHABLE_FOR_PAGING = 3,
        CONNECTED_REACHABLE_FOR_PAGING = 4,
        NETWORK_DETERMINED_NOT_REACHABLE = 5,
    }
}

/// Error-Diagnostic values (TS 29.272 §7.3.128), for ULA and AIA errors.
pub mod error_diagnostic {
    /// With DIAMETER_ERROR_UNKNOWN_EPS_SUBSCRIPTION: the subscriber has GPRS data.
    pub const GPRS_DATA_SUBSCRIBED: u32 = 0;
    /// With DIAMETER_ERROR_UNKNOWN_EPS_SUBSCRIPTION: and no GPRS data either.
    pub const NO_GPRS_DATA_SUBSCRIBED: u32 = 1;
    /// With DIAMETER_ERROR_ROAMING_NOT_ALLOWED: barred for all APNs.
    pub const ODB_ALL_APN: u32 = 2;
    /// With DIAMETER_ERROR_ROAMING_NOT_ALLOWED: barred for HPLMN APNs.
    pub const ODB_HPLMN_APN: u32 = 3;
    /// With DIAMETER_ERROR_ROAMING_NOT_ALLOWED: barred for VPLMN APNs.
    pub const ODB_VPLMN_APN: u32 = 4;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_print_their_names_and_unknown_bits() {
        let f = UlrFlags::S6A_S6D_INDICATOR | UlrFlags::INITIAL_ATTACH_INDICATOR;
        assert_eq!(f.0, 0b10_0010);
        assert_eq!(format!("{f:?}"), "UlrFlags(S6A_S6D_INDICATOR | INITIAL_ATTACH_INDICATOR)");
        assert_eq!(
            format!("{:?}", UlrFlags(1 << 31 | 1)),
            "UlrFlags(SINGLE_REGISTRATION_INDICATION | 0x80000000)"
        );
        assert_eq!(format!("{:?}", UlaFlags::EMPTY), "UlaFlags(0x0)");
        assert!(f.contains(UlrFlags::S6A_S6D_INDICATOR));
        assert!(!f.contains(UlrFlags::SKIP_SUBSCRIBER_DATA));
        assert_eq!(DsrFlags::SERVICE_GAP_TIME_WITHDRAWAL.0, 0x8000_0000);
        assert_eq!(NorFlags::UE_REACHABLE_FROM_SGSN.0, 1 << 5);
    }

    #[test]
    fn bits_are_those_of_the_spec_tables() {
        use UlrFlags as U;
        let ulr = [
            U::SINGLE_REGISTRATION_INDICATION,
            U::S6A_S6D_INDICATOR,
            U::SKIP_SUBSCRIBER_DATA,
            U::GPRS_SUBSCRIPTION_DATA_INDICATOR,
            U::NODE_TYPE_INDICATOR,
            U::INITIAL_ATTACH_INDICATOR,
            U::PS_LCS_NOT_SUPPORTED_BY_UE,
            U::SMS_ONLY_INDICATION,
            U::DUAL_REGISTRATION_5G_INDICATOR,
            U::INTER_PLMN_INTER_MME_HANDOVER,
            U::INTRA_PLMN_INTER_MME_HANDOVER,
        ];
        for (bit, f) in ulr.iter().enumerate() {
            assert_eq!(f.0, 1 << bit, "{f:?}");
        }
        use IdrFlags as I;
        let idr = [
            I::UE_REACHABILITY_REQUEST,
            I::T_ADS_DATA_REQUEST,
            I::EPS_USER_STATE_REQUEST,
            I::EPS_LOCATION_INFORMATION_REQUEST,
            I::CURRENT_LOCATION_REQUEST,
            I::LOCAL_TIME_ZONE_REQUEST,
            I::REMOVE_SMS_REGISTRATION,
            I::RAT_TYPE_REQUESTED,
            I::P_CSCF_RESTORATION_REQUEST,
        ];
        for (bit, f) in idr.iter().enumerate() {
            assert_eq!(f.0, 1 << bit, "{f:?}");
        }
        use NorFlags as N;
        let nor = [
            (0, N::SINGLE_REGISTRATION_INDICATION),
            (1, N::SGSN_AREA_RESTRICTED),
            (2, N::READY_FOR_SM_FROM_SGSN),
            (3, N::UE_REACHABLE_FROM_MME),
            (5, N::UE_REACHABLE_FROM_SGSN),
            (6, N::READY_FOR_SM_FROM_MME),
            (7, N::HOMOGENEOUS_SUPPORT_OF_IMS_VOICE_OVER_PS_SESSIONS),
            (8, N::S6A_S6D_INDICATOR),
            (9, N::REMOVAL_OF_MME_REGISTRATION_FOR_SMS),
        ];
        for (bit, f) in nor {
            assert_eq!(f.0, 1 << bit, "{f:?}");
        }
        let pairs = [
            (UlaFlags::SEPARATION_INDICATION.0, UlaFlags::MME_REGISTERED_FOR_SMS.0),
            (ClrFlags::S6A_S6D_INDICATOR.0, ClrFlags::REATTACH_REQUIRED.0),
            (PurFlags::UE_PURGED_IN_MME.0, PurFlags::UE_PURGED_IN_SGSN.0),
            (PuaFlags::FREEZE_M_TMSI.0, PuaFlags::FREEZE_P_TMSI.0),
        ];
        assert!(pairs.iter().all(|&p| p == (1, 2)));
        assert_eq!(AirFlags::SEND_UE_USAGE_TYPE.0, 1);
        assert_eq!(
            (IdaFlags::NETWORK_NODE_AREA_RESTRICTED.0, DsaFlags::NETWORK_NODE_AREA_RESTRICTED.0),
            (1, 1)
        );
        assert_eq!(DsrFlags::PDN_SUBSCRIPTION_CONTEXTS_WITHDRAWAL.0, 1 << 3);
        assert_eq!(DsrFlags::PDP_CONTEXTS_WITHDRAWAL.0, 1 << 6);
        assert_eq!(DsrFlags::MSISDN_WITHDRAWAL.0, 1 << 23);
        assert_eq!(CancellationType::INITIAL_ATTACH_PROCEDURE.0, 4);
        assert_eq!((PdnType::IPV4V6.0, PdnType::NON_IP.0), (2, 4));
        assert_eq!(RatType::EUTRAN.0, 1004);
    }

    #[test]
    fn enumerations_name_known_values_only() {
        assert_eq!(format!("{:?}", RatType::EUTRAN), "EUTRAN(1004)");
        assert_eq!(format!("{:?}", PdnType(9)), "PdnType(9)");
        assert_eq!(
            CancellationType::SUBSCRIPTION_WITHDRAWAL.name(),
            Some("SUBSCRIPTION_WITHDRAWAL")
        );
    }
}
