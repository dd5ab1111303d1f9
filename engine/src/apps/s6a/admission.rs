//! Whether a known subscriber may be served where it asks from (TS 29.272 §5.2.1.1.3,
//! §5.2.3.1.3): a disabled subscription, barring of roaming (ODB), the roaming profile, the
//! RAT. Pure: the answer is written by the handler.

use codec::ResultCode;
use codec::code::experimental;
use codec::view::s6a::{RatType, error_diagnostic};
use store::{RoamingService, Store, Subscriber, SubscriberStatus, access_restriction, odb};

/// Why a known subscriber is refused: the Experimental-Result-Code and the Error-Diagnostic
/// that goes with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) code: ResultCode,
    pub(crate) diagnostic: Option<u32>,
}

/// The refusal for `sub` asking from `visited` (Visited-PLMN-Id) when the home network is
/// `home`, if any:
/// - a disabled subscription: 5420 DIAMETER_ERROR_UNKNOWN_EPS_SUBSCRIPTION with
///   NO_GPRS_DATA_SUBSCRIBED;
/// - in a visited network, an operator-determined barring of roaming (status
///   OPERATOR_DETERMINED_BARRING with All Packet Oriented Services / Roamer Access to HPLMN-AP /
///   to VPLMN-AP barred): 5004 DIAMETER_ERROR_ROAMING_NOT_ALLOWED with ODB_ALL_APN /
///   ODB_HPLMN_APN / ODB_VPLMN_APN;
/// - in a visited network, the roaming profile (a rule for that PLMN, else its default; a
///   profile that no longer exists allows nothing) or, without one, `roaming_allowed`: 5004.
pub(crate) fn refusal(
    store: &Store,
    home: &[u8; 3],
    sub: &Subscriber,
    visited: &[u8; 3],
) -> Option<Refusal> {
    let o = &sub.options;
    if o.disabled {
        return Some(Refusal {
            code: experimental::ERROR_UNKNOWN_EPS_SUBSCRIPTION,
            diagnostic: Some(error_diagnostic::NO_GPRS_DATA_SUBSCRIBED),
        });
    }
    if visited == home {
        return None;
    }
    let roaming =
        |diagnostic| Some(Refusal { code: experimental::ERROR_ROAMING_NOT_ALLOWED, diagnostic });
    if sub.status == SubscriberStatus::OperatorDeterminedBarring {
        let bits = o.operator_determined_barring;
        for (bit, diagnostic) in [
            (odb::ALL_PACKET_ORIENTED_SERVICES, error_diagnostic::ODB_ALL_APN),
            (odb::ROAMER_ACCESS_HPLMN_AP, error_diagnostic::ODB_HPLMN_APN),
            (odb::ROAMER_ACCESS_VPLMN_AP, error_diagnostic::ODB_VPLMN_APN),
        ] {
            if bits & bit != 0 {
                return roaming(Some(diagnostic));
            }
        }
    }
    let allowed = match o.roaming_profile {
        Some(id) => store.roaming_allows(id, visited, RoamingService::Data).unwrap_or(false),
        None => sub.roaming_allowed,
    };
    if allowed { None } else { roaming(None) }
}

/// Whether Access-Restriction-Data lets the subscriber attach on `rat` (ULR): 5421
/// DIAMETER_ERROR_RAT_NOT_ALLOWED otherwise.
pub(crate) fn rat_allowed(sub: &Subscriber, rat: RatType) -> bool {
    let barred = match rat {
        RatType::UTRAN => access_restriction::UTRAN,
        RatType::GERAN => access_restriction::GERAN,
        RatType::GAN => access_restriction::GAN,
        RatType::HSPA_EVOLUTION => access_restriction::I_HSPA_EVOLUTION,
        RatType::EUTRAN => access_restriction::E_UTRAN,
        RatType::EUTRAN_NB_IOT => access_restriction::NB_IOT,
        _ => 0,
    };
    sub.options.access_restriction_data & barred == 0
}
