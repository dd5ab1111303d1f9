//! User-Data-Request (TS 29.328 §6.1.1, TS 29.329 §6.1.1): an AS reads a user's data.

use codec::build::Outcome;
use codec::build::sh as b;
use codec::code::experimental;
use codec::view::sh::{DataReference, IdentitySet, UdrView};

use super::sh_data::ShData;
use super::{allowed, deferred, fail, permissions, subject};
use crate::apps::{Failure, Handled, Request};

/// User-Data-Request: every Data-Reference asked for must be one the AS may read (5102
/// otherwise) and one this HSS holds (4100 otherwise); the answer is one Sh-Data document.
/// Repository data needs Service-Indication (5005 without).
pub(super) fn udr(req: &mut Request<'_>) -> Result<Handled, Failure> {
    let view = UdrView::parse(req.msg)?;
    if req.may_defer() {
        return Ok(deferred());
    }
    // TS 29.328 §6.1.1.1: the user first (5001), then the AS's permission (5102).
    let (entry, impu) = subject(req, view.subject.user_identity)?;
    let perms = permissions(req, view.routing.origin_host, view.routing.origin_realm)?;
    let drefs: Vec<DataReference> = view.data_references().collect();
    if drefs.iter().any(|d| !allowed(&perms.udr, *d)) {
        return Err(fail(experimental::ERROR_USER_DATA_CANNOT_BE_READ));
    }
    let sis: Vec<&[u8]> = view.service_indications().collect();
    if drefs.contains(&DataReference::REPOSITORY_DATA) && sis.is_empty() {
        let si = &codec::dict::sh::SERVICE_INDICATION;
        return Err(codec::MessageError::missing(si.code, si.vendor, 0).into());
    }
    let sets: Vec<IdentitySet> = view.identity_sets().collect();
    let store = &*req.node.store;
    let key = entry.key();
    let impu_text = entry.subscription().public_identities[impu].impu.clone();
    let mut data = ShData::default();
    for dref in drefs {
        let repository = || {
            sis.iter()
                .filter_map(|si| store.repository_data(key, &impu_text, si).ok().flatten())
                .collect()
        };
        if !data.add(&entry, impu, dref, repository, view.server_name, &sets) {
            return Err(fail(experimental::USER_DATA_NOT_AVAILABLE));
        }
    }
    let xml = data.render();
    b::uda(req.out, req.msg, &req.node.origin(), Outcome::Success, Some(&xml));
    Ok(Handled::Answered)
}
