//! User-Authorization and Location-Info (TS 29.228 §6.1.1, §6.1.4; TS 29.229 §6.1.1, §6.1.5):
//! the I-CSCF asks which S-CSCF serves a user, for a registration (UAR) or a session (LIR).

use codec::ResultCode;
use codec::build::Outcome;
use codec::build::cx::{self as b, ServerCapabilities, ServerSelection};
use codec::code::experimental;
use codec::view::cx::{LirView, UarView, UserAuthorizationType};
use store::{CachedIms, ImsRegistration, ProfilePart, RegistrationState};

use super::{Identity, Lookup, Pair, fail, subscription, subscription_of_pair};
use crate::apps::{Failure, Handled, Request};

/// User-Authorization-Request: checks the identities, barring and roaming, then answers with
/// the S-CSCF by registration state.
///
/// - REGISTRATION: a set registered (or unregistered with services) at an S-CSCF, or an
///   S-CSCF name kept, is 2002 SUBSEQUENT_REGISTRATION with its name; otherwise 2001
///   FIRST_REGISTRATION with the preassigned S-CSCF's name or the capabilities.
/// - REGISTRATION_AND_CAPABILITIES: 2001 FIRST_REGISTRATION with the capabilities (the
///   assigned S-CSCF is not reachable), whatever the state.
/// - DE_REGISTRATION: 2001 DIAMETER_SUCCESS with the assigned S-CSCF, or 5003 when none is.
pub(super) fn uar(req: &mut Request<'_>) -> Result<Handled, Failure> {
    let view = UarView::parse(req.msg)?;
    let Pair { entry, impi, impu } =
        match subscription_of_pair(req, view.user_name, view.public_identity)? {
            Lookup::Found(found) => found,
            Lookup::Defer(deferred) => return Ok(deferred),
        };
    let sub = entry.subscription();
    let public = &sub.public_identities[impu];
    // TS 29.228 §6.1.1.1 step 3: a barred identity registers only with its set (an
    // emergency registration ignores barring).
    if public.barred
        && !view.is_emergency()
        && sub.implicit_set(public.implicit_set).all(|p| p.barred)
    {
        return Err(Failure::Outcome(Outcome::Result(ResultCode::AUTHORIZATION_REJECTED)));
    }
    let home = sub.private_identities[impi].realm();
    let visited = view.visited_network_identifier;
    if visited != home.as_bytes() && !ims_roaming_allowed(req, sub, visited) {
        return Err(fail(experimental::ERROR_ROAMING_NOT_ALLOWED));
    }
    let registration = entry.registration();
    let state = registration.state(public.implicit_set);
    let origin = req.node.origin();
    let caps = capabilities(&entry);
    let (outcome, server) = match view.authorization_type() {
        UserAuthorizationType::DE_REGISTRATION => match assigned(&registration, state) {
            Some(name) => (Outcome::Success, ServerSelection::Name(name)),
            None => return Err(fail(experimental::ERROR_IDENTITY_NOT_REGISTERED)),
        },
        UserAuthorizationType::REGISTRATION_AND_CAPABILITIES => (
            Outcome::Experimental(experimental::FIRST_REGISTRATION),
            ServerSelection::Capabilities(caps.get()),
        ),
        _ => match registration.server_name.as_deref() {
            Some(name) => (
                Outcome::Experimental(experimental::SUBSEQUENT_REGISTRATION),
                ServerSelection::Name(name),
            ),
            None => {
                (Outcome::Experimental(experimental::FIRST_REGISTRATION), first_choice(sub, &caps))
            }
        },
    };
    b::uaa(req.out, req.msg, &origin, outcome, Some(server));
    Ok(Handled::Answered)
}

/// Location-Info-Request: the S-CSCF of a registered identity, or of an unregistered one
/// with services (2003 UNREGISTERED_SERVICE, with the S-CSCF kept or the capabilities to
/// pick one); 5003 for an identity neither registered nor with unregistered services.
pub(super) fn lir(req: &mut Request<'_>) -> Result<Handled, Failure> {
    let view = LirView::parse(req.msg)?;
    let entry = match subscription(req, Identity::Public(view.public_identity))? {
        Lookup::Found(e) => e,
        Lookup::Defer(deferred) => return Ok(deferred),
    };
    let sub = entry.subscription();
    let Some(impu) = sub.public_index(view.public_identity) else {
        return Err(fail(experimental::ERROR_USER_UNKNOWN));
    };
    let public = &sub.public_identities[impu];
    let registration = entry.registration();
    let state = registration.state(public.implicit_set);
    let caps = capabilities(&entry);
    let origin = req.node.origin();
    let (outcome, server) = if view.user_authorization_type
        == Some(UserAuthorizationType::REGISTRATION_AND_CAPABILITIES)
    {
        (Outcome::Success, ServerSelection::Capabilities(caps.get()))
    } else if let Some(name) = assigned(&registration, state) {
        (Outcome::Success, ServerSelection::Name(name))
    } else if has_unregistered_services(&entry, usize::from(public.service_profile)) {
        let server = registration
            .server_name
            .as_deref()
            .map_or_else(|| first_choice(sub, &caps), ServerSelection::Name);
        (Outcome::Experimental(experimental::UNREGISTERED_SERVICE), server)
    } else {
        return Err(fail(experimental::ERROR_IDENTITY_NOT_REGISTERED));
    };
    b::lia(req.out, req.msg, &origin, outcome, Some(server), None);
    Ok(Handled::Answered)
}

/// The S-CSCF serving a set in `state`, if any.
fn assigned(registration: &ImsRegistration, state: RegistrationState) -> Option<&str> {
    match state {
        RegistrationState::NotRegistered => None,
        _ => registration.server_name.as_deref(),
    }
}

/// For a first registration: the preassigned S-CSCF, else the capabilities.
fn first_choice<'a>(
    sub: &'a store::ImsSubscription,
    caps: &'a Capabilities<'a>,
) -> ServerSelection<'a> {
    sub.scscf_name
        .as_deref()
        .map_or_else(|| ServerSelection::Capabilities(caps.get()), ServerSelection::Name)
}

/// Whether the profile has an iFC for the unregistered case (no ProfilePartIndicator, or
/// UNREGISTERED): terminating requests to the identity then go to an S-CSCF.
fn has_unregistered_services(entry: &CachedIms, profile: usize) -> bool {
    entry.ifcs(profile).iter().any(|i| i.profile_part_indicator != Some(ProfilePart::Registered))
}

/// The subscription's Server-Capabilities, with its server names borrowed as `&str`.
struct Capabilities<'a> {
    source: &'a store::ServerCapabilities,
    names: Vec<&'a str>,
}

impl Capabilities<'_> {
    fn get(&self) -> ServerCapabilities<'_> {
        ServerCapabilities {
            mandatory: &self.source.mandatory,
            optional: &self.source.optional,
            server_names: &self.names,
        }
    }
}

fn capabilities(entry: &CachedIms) -> Capabilities<'_> {
    let source = &entry.subscription().server_capabilities;
    Capabilities { source, names: source.server_names.iter().map(String::as_str).collect() }
}

/// Whether the subscription may register from the visited network `visited`
/// (Visited-Network-Identifier): its own `roaming_allowed`, and, when it is linked to an EPS
/// subscriber with a roaming profile and the identifier names a PLMN
/// (`…mnc<MNC>.mcc<MCC>.3gppnetwork.org`), that profile's IMS rule for the PLMN.
fn ims_roaming_allowed(req: &Request<'_>, sub: &store::ImsSubscription, visited: &[u8]) -> bool {
    if !sub.roaming_allowed {
        return false;
    }
    let Some(imsi) = sub.linked_imsi() else { return true };
    let candidates = std::str::from_utf8(visited).map(plmns_of_domain).unwrap_or_default();
    if candidates.is_empty() {
        return true;
    }
    // Read only when roaming; a cold entry costs one store read here.
    let Ok(entry) = req.store().subscriber_entry(imsi.key()) else { return true };
    match entry.subscriber().options.roaming_profile {
        Some(id) => {
            let service = store::RoamingService::Ims;
            req.store().roaming_allows_any(id, &candidates, service).unwrap_or(false)
        }
        None => true,
    }
}

/// The PLMNs a 3GPP network domain may name (`ims.mnc001.mcc001.3gppnetwork.org`, TS 23.003
/// §13): a three-digit MNC label with a leading 0 is a three-digit MNC, or a two-digit one
/// padded (TS 23.003 §19.2); both readings are returned, the three-digit one first.
fn plmns_of_domain(domain: &str) -> Vec<[u8; 3]> {
    let labels: Vec<&str> = domain.split('.').collect();
    let Some(i) = labels.iter().position(|l| l.starts_with("mnc")) else { return Vec::new() };
    let (Some(mnc), Some(mcc)) =
        (labels[i].strip_prefix("mnc"), labels.get(i + 1).and_then(|l| l.strip_prefix("mcc")))
    else {
        return Vec::new();
    };
    let plmn = |mnc: &str| store::auc::PlmnId::from_mcc_mnc(mcc, mnc).ok().map(|p| *p.as_bytes());
    let padded = mnc.strip_prefix('0').filter(|m| m.len() == 2);
    plmn(mnc).into_iter().chain(padded.and_then(plmn)).collect()
}

#[cfg(test)]
mod tests {
    use super::plmns_of_domain;
    use store::auc::PlmnId;

    fn plmn(mcc: &str, mnc: &str) -> [u8; 3] {
        *PlmnId::from_mcc_mnc(mcc, mnc).expect("valid").as_bytes()
    }

    #[test]
    fn a_domain_names_its_plmn_both_ways_when_the_mnc_is_padded() {
        let padded = plmns_of_domain("ims.mnc030.mcc310.3gppnetwork.org");
        assert_eq!(padded, [plmn("310", "030"), plmn("310", "30")]);
        assert_eq!(plmns_of_domain("ims.mnc410.mcc310.3gppnetwork.org"), [plmn("310", "410")]);
        assert!(plmns_of_domain("visited.example.net").is_empty());
        assert!(plmns_of_domain("ims.mnc01.3gppnetwork.org").is_empty());
        assert!(plmns_of_domain("ims.mncxx.mcc310.3gppnetwork.org").is_empty());
    }
}
