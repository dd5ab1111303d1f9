//! Server-Assignment-Request (TS 29.228 §6.1.2, TS 29.229 §6.1.3): the S-CSCF tells the HSS
//! it serves (or stops serving) a user, and gets the user profile (User-Data) and the
//! charging addresses.
//!
//! The registration is kept per implicit registration set (NOT_REGISTERED, REGISTERED,
//! UNREGISTERED) with the S-CSCF's Server-Name and Diameter identity, in one record per
//! subscription written unsynced (like the MME's on ULR). The User-Data is rendered once per
//! change of the subscription and copied from the cache entry from then on.

use codec::ResultCode;
use codec::build::Outcome;
use codec::build::cx::{self as b, ChargingInformation, SaaBody};
use codec::code::experimental;
use codec::view::cx::{SarView, ServerAssignmentType as Sat, UserDataAlreadyAvailable};
use store::{CachedIms, ImsRegistration, RegistrationState};

use codec::view::sh::DataReference;

use super::{Identity, Lookup, fail, pair, subscription, user_data};
use crate::apps::sh::notify_subscribers;
use crate::apps::{Failure, Handled, Request};

/// What a Server-Assignment-Type does to the registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Change {
    /// NO_ASSIGNMENT: nothing; the profile is returned to the assigned S-CSCF.
    None,
    /// REGISTRATION, RE_REGISTRATION: the set is REGISTERED at this S-CSCF.
    Register,
    /// UNREGISTERED_USER: the set is UNREGISTERED at this S-CSCF unless registered.
    Unregistered,
    /// The deregistrations: the set is NOT_REGISTERED; the S-CSCF's name is kept when `keep`
    /// (the _STORE_SERVER_NAME forms) or while another set still uses it.
    Deregister { keep: bool },
    /// AUTHENTICATION_FAILURE / _TIMEOUT: the pending S-CSCF is forgotten; a registration
    /// stays.
    AuthFailed,
}

fn change_of(sat: Sat) -> Result<Change, Failure> {
    Ok(match sat {
        Sat::NO_ASSIGNMENT => Change::None,
        Sat::REGISTRATION | Sat::RE_REGISTRATION => Change::Register,
        Sat::UNREGISTERED_USER => Change::Unregistered,
        Sat::TIMEOUT_DEREGISTRATION
        | Sat::USER_DEREGISTRATION
        | Sat::ADMINISTRATIVE_DEREGISTRATION
        | Sat::DEREGISTRATION_TOO_MUCH_DATA => Change::Deregister { keep: false },
        Sat::TIMEOUT_DEREGISTRATION_STORE_SERVER_NAME
        | Sat::USER_DEREGISTRATION_STORE_SERVER_NAME => Change::Deregister { keep: true },
        Sat::AUTHENTICATION_FAILURE | Sat::AUTHENTICATION_TIMEOUT => Change::AuthFailed,
        // The SWx-only values, and any other.
        _ => return Err(fail(experimental::ERROR_IN_ASSIGNMENT_TYPE)),
    })
}

/// Server-Assignment-Request. The user is named by its Public-Identity (the first one) or,
/// without one, by its User-Name; with both they must belong together (5002). The sets
/// concerned are those of the Public-Identity AVPs, or every set when only the IMPI is given.
pub(super) fn sar(req: &mut Request<'_>) -> Result<Handled, Failure> {
    let view = SarView::parse(req.msg)?;
    let change = change_of(view.server_assignment_type)?;
    let first_public = view.public_identities().next();
    let identity = match (first_public, view.user_name) {
        (Some(impu), _) => Identity::Public(impu),
        (None, Some(impi)) => Identity::Private(impi),
        // TS 29.229 §6.1.3: one of them is required.
        (None, None) => {
            return Err(codec::MessageError::missing(
                codec::dict::cx::PUBLIC_IDENTITY.code,
                codec::dict::cx::PUBLIC_IDENTITY.vendor,
                0,
            )
            .into());
        }
    };
    let entry = match subscription(req, identity)? {
        Lookup::Found(e) => e,
        Lookup::Defer(deferred) => return Ok(deferred),
    };
    let sub = entry.subscription();
    // The private identity: the request's, else the subscription's first.
    let impi = match view.user_name {
        Some(name) => match first_public {
            Some(impu) => pair(sub, name, impu)?.0,
            None => sub.private_identities.iter().position(|p| p.impi == name).unwrap_or(0),
        },
        None => 0,
    };
    let mut sets = Vec::with_capacity(2);
    for impu in view.public_identities() {
        let i = sub.public_index(impu).ok_or(fail(experimental::ERROR_USER_UNKNOWN))?;
        sets.push(sub.public_identities[i].implicit_set);
    }
    if sets.is_empty() {
        sets = sub.implicit_sets();
    }
    sets.sort_unstable();
    sets.dedup();

    // An AS subscribed to the user's state or S-CSCF (Sh SNR) is told of the change, which
    // reads the subscriptions from the store: that is done off the shard.
    let changes_state = !matches!(change, Change::None | Change::AuthFailed);
    if changes_state && entry.sh_watched() && req.may_defer() {
        return Ok(Handled::Deferred(crate::apps::Deferral { subscriber: entry.key(), sqns: 0 }));
    }
    let impi_name = sub.private_identities[impi].impi.as_str();
    let host = view.routing.origin_host;
    let realm = view.routing.origin_realm;
    let server = view.server_name;
    // TS 29.228 §6.1.2: SCSCF-Restoration-Info sent with a registration is kept (and dropped
    // with the registration); a profile download or an unregistered user gets it back.
    let restoration = view.scscf_restoration_info.map(|a| a.octets());
    let (outcome, kept, registered) = req
        .store()
        .update_ims_registration(&entry, |r| {
            let outcome = apply(r, change, &sets, impi_name, server, host, realm);
            if outcome.is_ok() {
                match (change, restoration) {
                    (Change::Register, Some(info)) => r.restoration_info = vec![info.to_vec()],
                    (Change::Deregister { .. }, _) if !r.any_assigned() => {
                        r.restoration_info.clear()
                    }
                    _ => {}
                }
            }
            let registered: Vec<String> =
                r.registered_impis.iter().filter(|i| *i != impi_name).cloned().collect();
            (outcome, r.restoration_info.clone(), registered)
        })
        .map_err(|e| req.store_failure(&e))?;
    if let Err(code) = outcome {
        return Err(Failure::Outcome(Outcome::Result(code)));
    }
    if changes_state && entry.sh_watched() {
        let impus: Vec<&str> =
            sets.iter().flat_map(|s| sub.implicit_set(*s).map(|p| p.impu.as_str())).collect();
        let drefs = [DataReference::IMS_USER_STATE, DataReference::S_CSCF_NAME];
        let store = &*req.node.store;
        notify_subscribers(store, entry.key(), &impus, &drefs, req.now, req.outbound);
    }

    let with_profile = match change {
        Change::None | Change::Unregistered => true,
        Change::Register => {
            view.user_data_already_available
                != UserDataAlreadyAvailable::USER_DATA_ALREADY_AVAILABLE
        }
        Change::Deregister { .. } | Change::AuthFailed => false,
    };
    let set = sets[0];
    let data = with_profile.then(|| entry.user_data(impi, set, user_data::render)).flatten();
    let charging = charging(&entry);
    let others: Vec<&str> = sub
        .private_identities
        .iter()
        .filter(|p| p.impi != impi_name)
        .map(|p| p.impi.as_str())
        .collect();
    let restoration: Vec<&[u8]> = match change {
        Change::None | Change::Unregistered => kept.iter().map(Vec::as_slice).collect(),
        _ => Vec::new(),
    };
    // Associated-Registered-Identities: the other IMPIs registered with these identities.
    let registered: Vec<&str> = match change {
        Change::Register => registered.iter().map(String::as_str).collect(),
        _ => Vec::new(),
    };
    let body = SaaBody {
        user_name: Some(impi_name),
        user_data: data,
        charging_information: with_profile.then_some(charging).flatten(),
        associated_identities: if with_profile { &others } else { &[] },
        scscf_restoration_info: &restoration,
        associated_registered_identities: &registered,
        ..SaaBody::default()
    };
    b::saa(req.out, req.msg, &req.node.origin(), Outcome::Success, &body);
    Ok(Handled::Answered)
}

/// Applies `change` to the registration for `sets`; a base Result-Code when the S-CSCF may
/// not do it (another S-CSCF is assigned: DIAMETER_UNABLE_TO_COMPLY).
pub(super) fn apply(
    r: &mut ImsRegistration,
    change: Change,
    sets: &[u8],
    impi: &str,
    server: &str,
    host: &str,
    realm: &str,
) -> Result<(), ResultCode> {
    let other_assigned = r.any_assigned() && r.server_name.as_deref().is_some_and(|s| s != server);
    match change {
        Change::None => {
            if r.server_name.as_deref() != Some(server) {
                return Err(ResultCode::UNABLE_TO_COMPLY);
            }
        }
        Change::Register | Change::Unregistered => {
            if change == Change::Unregistered && other_assigned {
                return Err(ResultCode::UNABLE_TO_COMPLY);
            }
            if r.server_name.as_deref() != Some(server) {
                // A new S-CSCF takes over every set (TS 29.228 §6.1.2: the HSS overwrites).
                r.sets.clear();
                r.registered_impis.clear();
            }
            r.server_name = Some(server.to_owned());
            r.scscf_host = Some(host.to_owned());
            r.scscf_realm = Some(realm.to_owned());
            r.pending_server_name = None;
            for &set in sets {
                let state = match (change, r.state(set)) {
                    (Change::Register, _) => RegistrationState::Registered,
                    (_, RegistrationState::Registered) => RegistrationState::Registered,
                    _ => RegistrationState::Unregistered,
                };
                r.set_state(set, state);
            }
            if change == Change::Register && !r.registered_impis.iter().any(|i| i == impi) {
                r.registered_impis.push(impi.to_owned());
            }
        }
        Change::Deregister { keep } => {
            if other_assigned {
                return Err(ResultCode::UNABLE_TO_COMPLY);
            }
            for &set in sets {
                r.set_state(set, RegistrationState::NotRegistered);
            }
            if !r.any_assigned() {
                r.registered_impis.clear();
                if !keep {
                    r.server_name = None;
                    r.scscf_host = None;
                    r.scscf_realm = None;
                }
            }
        }
        Change::AuthFailed => {
            r.pending_server_name = None;
        }
    }
    Ok(())
}

/// The subscription's charging addresses, when it has any.
fn charging(entry: &CachedIms) -> Option<ChargingInformation<'_>> {
    let c = &entry.subscription().charging;
    (!c.is_empty()).then_some(ChargingInformation {
        primary_event_charging_function: c.primary_ecf.as_deref(),
        secondary_event_charging_function: c.secondary_ecf.as_deref(),
        primary_charging_collection_function: c.primary_ccf.as_deref(),
        secondary_charging_collection_function: c.secondary_ccf.as_deref(),
    })
}
