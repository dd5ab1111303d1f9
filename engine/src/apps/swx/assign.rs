//! Server-Assignment-Request on SWx (TS 29.273 §8.1.2.2): the 3GPP AAA server registers
//! itself for the user (and gets the non-3GPP profile), deregisters, downloads the profile, or
//! tells the HSS of a PDN GW.
//!
//! - REGISTRATION: the asking server (Origin-Host, Origin-Realm) becomes the user's serving
//!   node of kind AAA, with Non-3GPP-User-Data in the answer. When another server is
//!   registered, the request is refused with DIAMETER_ERROR_IDENTITY_ALREADY_REGISTERED (5005)
//!   and that server's name (3GPP-AAA-Server-Name); a server that failed is replaced through
//!   the MAR (AAA-Failure-Indication), not here.
//! - AAA_USER_DATA_REQUEST: the profile, nothing recorded.
//! - USER_DEREGISTRATION, ADMINISTRATIVE_DEREGISTRATION, TIMEOUT_DEREGISTRATION: the record is
//!   cleared if the asking server is the registered one (a late deregistration from a server the
//!   user has left must not erase the newer registration); answered with success either way,
//!   and without the non-3GPP subscription check (the user may have been barred meanwhile).
//! - PGW_UPDATE, RESTORATION: acknowledged; the PDN GW is not stored.
//! - Any other type (the Cx ones): DIAMETER_ERROR_IN_ASSIGNMENT_TYPE (5007).
//!
//! Unknown user: 5001; no non-3GPP subscription: 5450 (but for the deregistrations).

use codec::build::Outcome;
use codec::build::swx::{self as b, SwxSaaBody};
use codec::code::experimental;
use codec::view::cx::ServerAssignmentType as Sat;
use codec::view::swx::SwxSarView;
use store::{NodeKind, ServingNodeRef};

use super::profile::with_user_data;
use super::{check_access, fail, imsi_of};
use crate::apps::{Deferral, Failure, Handled, Request};

/// What a Server-Assignment-Type does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Assignment {
    /// Record the asking server, answer with the profile.
    Register,
    /// Answer with the profile.
    Profile,
    /// Clear the asking server's registration.
    Deregister,
    /// Acknowledge.
    Acknowledge,
}

/// The assignment of `sat`; 5007 for the types SWx does not use.
pub(super) fn assignment(sat: Sat) -> Result<Assignment, Failure> {
    Ok(match sat {
        Sat::REGISTRATION => Assignment::Register,
        Sat::AAA_USER_DATA_REQUEST => Assignment::Profile,
        Sat::USER_DEREGISTRATION
        | Sat::ADMINISTRATIVE_DEREGISTRATION
        | Sat::TIMEOUT_DEREGISTRATION => Assignment::Deregister,
        Sat::PGW_UPDATE | Sat::RESTORATION => Assignment::Acknowledge,
        _ => return Err(fail(experimental::ERROR_IN_ASSIGNMENT_TYPE)),
    })
}

/// Server-Assignment-Request on SWx.
pub(super) fn sar(req: &mut Request<'_>) -> Result<Handled, Failure> {
    let view = SwxSarView::parse(req.msg)?;
    let assignment = assignment(view.server_assignment_type)?;
    let imsi = imsi_of(view.user_name).ok_or(fail(experimental::ERROR_USER_UNKNOWN))?;
    let subscriber = imsi.key();
    let node = req.node;
    let store = &*node.store;
    // Not cached: read off the shard (an IMSI known to be unprovisioned is answered here).
    if req.may_defer() && !store.sqn_ready(subscriber, 0) && !store.known_absent(subscriber) {
        return Ok(Handled::Deferred(Deferral { subscriber, sqns: 0 }));
    }
    let entry = store.subscriber_entry(subscriber).map_err(|e| req.store_failure(&e))?;
    let (host, realm) = (view.routing.origin_host, view.routing.origin_realm);
    let user_name = view.user_name;
    let origin = node.origin();
    let with_profile = match assignment {
        Assignment::Register => {
            check_access(&entry)?;
            // Checked and recorded in one step: two servers registering at once cannot both
            // be told they hold the user.
            let aaa = ServingNodeRef { host, realm, updated_at: req.now, rat_type: None };
            let holder = store.claim_serving_node(subscriber, NodeKind::Aaa, aaa);
            if let Some(other) = holder.map_err(|e| req.store_failure(&e))? {
                let body =
                    SwxSaaBody { user_name, user_data: None, aaa_server_name: Some(&other.host) };
                let outcome =
                    Outcome::Experimental(experimental::ERROR_IDENTITY_ALREADY_REGISTERED);
                b::saa(req.out, req.msg, &origin, outcome, &body);
                return Ok(Handled::Answered);
            }
            true
        }
        Assignment::Profile => {
            check_access(&entry)?;
            true
        }
        Assignment::Deregister => {
            let cleared = store.clear_serving_node(subscriber, NodeKind::Aaa, Some(host));
            cleared.map_err(|e| req.store_failure(&e))?;
            false
        }
        Assignment::Acknowledge => {
            check_access(&entry)?;
            false
        }
    };
    if with_profile {
        with_user_data(&entry, |data| {
            let body = SwxSaaBody { user_name, user_data: Some(*data), aaa_server_name: None };
            b::saa(req.out, req.msg, &origin, Outcome::Success, &body);
        });
    } else {
        let body = SwxSaaBody { user_name, user_data: None, aaa_server_name: None };
        b::saa(req.out, req.msg, &origin, Outcome::Success, &body);
    }
    Ok(Handled::Answered)
}
